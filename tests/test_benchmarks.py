"""
The benchmark scripts in ``benchmarks/`` keep running and keep printing their figures.

No timing is asserted: the smoke run only proves the script works end to end, and the
verdict logic is checked on made-up figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
LIFECYCLE = ROOT / "benchmarks" / "lifecycle.py"
TIMEOUT_S = 600

NUMBER = r"[\d,]+(?:\.\d+)?"
#: One pattern per figure line of ``--quick`` (engine at 2,000 with its memory and the
#: caller's inputs the cases keep beside it, engine at 20,000, the like-for-like engine and
#: plain lines at 2,000, the ratios).
FIGURE_LINES = (
    rf"^engine +2,000 cases: +{NUMBER} us/trigger +{NUMBER} B/open case +"
    rf"\({NUMBER} s; cpu {NUMBER} s\)$",
    rf"^besides, the caller's inputs each case keeps alive \(made before opening\): its facts "
    rf"{NUMBER} B \(two parties, an amount\) and act times {NUMBER} B; with them {NUMBER} B "
    r"per case$",
    rf"^engine +20,000 cases: +{NUMBER} us/trigger +\({NUMBER} s; cpu {NUMBER} s\)$",
    rf"^engine +2,000 cases: +{NUMBER} us/trigger +\({NUMBER} s; best of 3\)$",
    rf"^plain +2,000 cases: +{NUMBER} us/trigger +{NUMBER} B/open case +"
    rf"\({NUMBER} s; best of 3; add_model {NUMBER} us/case apart\)$",
    rf"^ratio engine/plain per trigger: {NUMBER}x \({NUMBER}x counting add_model",
    rf"^ratio engine/plain bytes per open case: {NUMBER}x$",
    rf"^engine trigger beyond the plain one: {NUMBER} us \(the 1\.5x target allows "
    rf"{NUMBER} us\); the act's Event, Proceeding, Case and Outcome alone: {NUMBER} us$",
)
TARGETS = ("linear_time", "memory", "overhead")


def _load() -> ModuleType:
    return load_script(LIFECYCLE, "lifecycle_benchmark")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """
    ``benchmarks/lifecycle.py`` imported as a module.
    """
    return _load()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """
    The standard output and the ``--json`` figures of one ``lifecycle.py --quick`` run.
    """
    out = tmp_path_factory.mktemp("bench") / "figures.json"
    done = subprocess.run(
        [sys.executable, str(LIFECYCLE), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


class TestQuickRun:
    """
    ``lifecycle.py --quick`` as a user runs it.
    """

    @pytest.mark.parametrize("pattern", FIGURE_LINES)
    def test_prints_figure_line(self, run: tuple[str, dict[str, Any]], pattern: str) -> None:
        """
        Each figure line is printed once, in its format.
        """
        stdout, _ = run
        assert len(re.findall(pattern, stdout, re.MULTILINE)) == 1, stdout

    def test_prints_one_verdict_per_target(self, run: tuple[str, dict[str, Any]]) -> None:
        """
        Each target gets exactly one PASS or FAIL line.
        """
        stdout, _ = run
        verdicts = re.findall(r"^(PASS|FAIL) (\w+): ", stdout, re.MULTILINE)
        assert [name for _, name in verdicts] == list(TARGETS), stdout

    def test_names_the_path(self, run: tuple[str, dict[str, Any]]) -> None:
        """
        The report names the walked triggers, the same ones the JSON lists.
        """
        stdout, figures = run
        assert " -> ".join(figures["path"]) in stdout
        assert 6 <= len(figures["path"]) <= 8

    def test_json_holds_the_figures(self, run: tuple[str, dict[str, Any]]) -> None:
        """
        ``--json`` writes positive figures for both sides and a verdict per target.
        """
        _, figures = run
        assert sorted(figures["engine"]) == ["2000", "20000"]
        smallest = figures["engine"]["2000"]
        kept = smallest["facts_bytes_per_case"] + smallest["times_bytes_per_case"]
        assert smallest["bytes_per_case"] > 0
        assert smallest["facts_bytes_per_case"] > 0
        assert smallest["times_bytes_per_case"] > 0
        assert smallest["bytes_per_case_with_inputs"] == pytest.approx(
            smallest["bytes_per_case"] + kept
        )
        assert figures["plain"]["cases"] == 2000
        for side in (*figures["engine"].values(), figures["engine_at_plain"], figures["plain"]):
            assert side["us_per_trigger"] > 0
        assert [t["name"] for t in figures["targets"]] == list(TARGETS)
        assert all(isinstance(t["pass"], bool) for t in figures["targets"])


def _figures(
    *, small_s: float, large_s: float, bytes_per_case: float, engine_us: float
) -> Mapping[str, Any]:
    return {
        "engine": {
            "100": {"cases": 100, "seconds": small_s, "bytes_per_case": bytes_per_case},
            "1000": {"cases": 1000, "seconds": large_s},
        },
        "engine_at_plain": {"cases": 10, "seconds": 1.0, "us_per_trigger": engine_us},
        "plain": {
            "cases": 10,
            "seconds": 1.0,
            "us_per_trigger": 10.0,
            "add_model_seconds": 1.0,
            "bytes_per_case": 80_000.0,
        },
    }


GOOD = {"small_s": 1.0, "large_s": 11.9, "bytes_per_case": 1000.0, "engine_us": 14.9}


class TestVerdicts:
    """
    The targets, on made-up figures.
    """

    def test_all_pass_within_limits(self, bench: ModuleType) -> None:
        """
        Figures just inside every limit pass.
        """
        verdicts = {t["name"]: t["pass"] for t in bench.evaluate(_figures(**GOOD))}
        assert verdicts == dict.fromkeys(TARGETS, True)

    @pytest.mark.parametrize(
        ("change", "failing"),
        [
            ({"large_s": 12.1}, "linear_time"),
            ({"bytes_per_case": 1025.0}, "memory"),
            ({"engine_us": 15.1}, "overhead"),
        ],
    )
    def test_each_limit_fails_alone(
        self, bench: ModuleType, change: dict[str, float], failing: str
    ) -> None:
        """
        Crossing one limit fails that target and no other.
        """
        verdicts = {t["name"]: t["pass"] for t in bench.evaluate(_figures(**{**GOOD, **change}))}
        assert [name for name, ok in verdicts.items() if not ok] == [failing]

    @pytest.mark.parametrize(
        ("argv", "bytes_per_case", "code"),
        [
            (["--check"], 2000.0, 1),
            (["--check"], 1000.0, 0),
            ([], 2000.0, 0),
        ],
    )
    def test_exit_code(
        self,
        bench: ModuleType,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        argv: list[str],
        bytes_per_case: float,
        code: int,
    ) -> None:
        """
        A failed target makes the exit code 1 only with ``--check``.
        """
        fake = _figures(**{**GOOD, "bytes_per_case": bytes_per_case})
        monkeypatch.setattr(bench, "measure", lambda sizes, plain_n, out: fake)
        assert bench.main([*argv, "--sizes", "100,1000", "--plain", "10"]) == code
        assert ("FAIL memory" in capsys.readouterr().out) == (bytes_per_case > 1024)
