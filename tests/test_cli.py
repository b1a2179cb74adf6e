"""
Tests for disputeflow.cli and disputeflow.demo.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from disputeflow.cli import main
from disputeflow.demo import run_demo


class TestDemo:
    def test_walks_story_one(self) -> None:
        """The demo ends with three proceedings of one dispute and an exact replay."""
        lines: list[str] = []
        case = run_demo(lines.append, diagram=False)
        kinds = [p.kind for p in case.proceedings]
        assert kinds == ["first_instance", "execution", "resumed_execution"]
        numbers = [p.case_number for p in case.proceedings]
        assert numbers == ["(2025)吉0802民初1号", "(2025)吉0802执1号", "(2026)吉0802执恢1号"]
        text = "\n".join(lines)
        assert "EXAMPLE parameter value" in text
        assert "refused, nothing recorded" in text
        assert "replay equals the live case: True" in text
        assert "allowed next:" in text
        assert "clock p1 Trial time limit: due 2025-05-12" in text
        # The court's choices are made by the prc-2025 policies, and say so.
        assert "decided: correct by policy prc.filing v1, rule correction-notice" in text
        assert "decided: small_claims by policy prc.track-triage v1" in text
        assert "decided: divert by policy prc.front-end v1, rule prior-mediation" in text

    def test_chinese(self) -> None:
        """--lang zh prints Chinese labels and errors."""
        lines: list[str] = []
        run_demo(lines.append, lang="zh", diagram=False)
        text = "\n".join(lines)
        assert "登记立案" in text
        assert "不能执行" in text

    def test_command_line(self) -> None:
        """`python -m disputeflow demo` runs and prints the Mermaid diagram."""
        out = subprocess.run(
            [sys.executable, "-m", "disputeflow", "demo"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert "stateDiagram-v2" in out.stdout
        assert out.stdout.count("\n[") >= 20


class TestCommands:
    def test_lifecycles(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Lists both shipped lifecycles."""
        assert main(["lifecycles"]) == 0
        out = capsys.readouterr().out
        assert "prc-civil-2022" in out
        assert "prc-civil-2025" in out

    @pytest.mark.parametrize(
        ("fmt", "marker"), [("mermaid", "stateDiagram-v2"), ("dot", "digraph")]
    )
    def test_diagram(self, capsys: pytest.CaptureFixture[str], fmt: str, marker: str) -> None:
        """Prints a diagram in the chosen format."""
        assert main(["diagram", "--format", fmt, "--kind", "execution"]) == 0
        out = capsys.readouterr().out
        assert marker in out
        assert "executing" in out
        assert "ordinary_trial" not in out

    def test_unknown_lifecycle_is_a_clear_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown lifecycle exits 2 and names the shipped ones."""
        assert main(["diagram", "--lifecycle", "nope"]) == 2
        err = capsys.readouterr().err
        assert "nope" in err
        assert "prc-civil-2025" in err


class TestSimulate:
    def test_shipped_scenario_runs_and_reports(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`disputeflow simulate baicheng` runs the shipped scenario and writes its tables."""
        code = main(
            ["simulate", "baicheng", "--scale", "0.01", "--no-progress", "--out", str(tmp_path)]
        )
        out = capsys.readouterr().out
        assert code == 0
        assert "scenario baicheng-2024" in out
        assert "closed-to-new" in out
        assert "rule set prc-2024, scale 0.01" in out
        written = sorted(p.name for p in tmp_path.iterdir())
        assert "report.txt" in written
        assert any(name.endswith(".csv") for name in written)

    def test_shipped_bench_b_model_runs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`disputeflow simulate bench-b` runs the shipped BENCH-B model without a path."""
        assert main(["simulate", "bench-b", "--scale", "0.01", "--no-progress"]) == 0
        out = capsys.readouterr().out
        assert "model bench-b" in out
        assert "completed services T:" in out

    def test_unknown_scenario_is_a_clear_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown scenario name exits 2 with a message naming the shipped ones."""
        assert main(["simulate", "nowhere", "--no-progress"]) == 2
        err = capsys.readouterr().err
        assert "baicheng" in err
        assert "bench-b" in err
