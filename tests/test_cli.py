"""
Tests for disputeflow.cli and disputeflow.demo.
"""

from __future__ import annotations

import subprocess
import sys

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
