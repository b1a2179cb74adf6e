"""
``benchmarks/indicators.py`` keeps running and printing its figures (no timing is asserted:
the quick run proves the script works end to end; the verdict logic is checked on made-up
figures).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600
NUMBER = r"[\d,]+(?:\.\d+)?"
INDICATORS = ROOT / "benchmarks" / "indicators.py"
INDICATOR_TARGETS = ("sets_time", "agrees_with_pandas", "tables_equal")
INDICATOR_LINES = (
    rf"^log: 2,000 disputes, {NUMBER} events, {NUMBER} proceedings, 10 courts, {NUMBER} "
    rf"engine-walked templates \(built and loaded in {NUMBER} s, not timed below\)$",
    r"^copied events made one by one and folded by build_tables: [\d.]+ s \(cpu [\d.]+ s, "
    r"not timed below\); their tables: equal to the replicated tables$",
    *(
        rf"^set {s} +{NUMBER} s \(cpu {NUMBER} s\)  {NUMBER} indicators x 12 months x 10 courts"
        for s in ("spc-2024-09", "cepej", "courtools")
    ),
    rf"^plain pandas group-by \(closure rate, clearance rate, disposition time\): {NUMBER} s",
    r"^library vs pandas on those three: max abs difference ",
    rf"^ratio three sets / pandas reference: {NUMBER}x$",
)


def _load_indicators() -> ModuleType:
    return load_script(INDICATORS, "indicators_benchmark")


@pytest.fixture(scope="module")
def indicators_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """
    The standard output and the ``--json`` figures of one ``indicators.py --quick`` run.
    """
    out = tmp_path_factory.mktemp("bench") / "indicators.json"
    done = subprocess.run(
        [sys.executable, str(INDICATORS), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


class TestIndicatorsQuickRun:
    """
    ``indicators.py --quick`` as a user runs it.
    """

    @pytest.mark.parametrize("pattern", INDICATOR_LINES)
    def test_prints_figure_line(
        self, indicators_run: tuple[str, dict[str, Any]], pattern: str
    ) -> None:
        """
        Each figure line is printed once, in its format.
        """
        stdout, _ = indicators_run
        assert len(re.findall(pattern, stdout, re.MULTILINE)) == 1, stdout

    def test_verdicts_and_json(self, indicators_run: tuple[str, dict[str, Any]]) -> None:
        """
        One verdict per target; the copied events fold into the replicated tables and the
        library agrees with plain pandas (these two hold at any machine speed).
        """
        stdout, figures = indicators_run
        verdicts = re.findall(r"^(PASS|FAIL) (\w+): ", stdout, re.MULTILINE)
        assert [name for _, name in verdicts] == list(INDICATOR_TARGETS), stdout
        assert figures["disputes"] == 2000
        assert figures["events"] > 2000
        assert figures["verified"] is True
        assert figures["max_abs_difference"] < 1e-6
        assert sorted(figures["sets"]) == ["cepej", "courtools", "spc-2024-09"]
        assert all(s["seconds"] > 0 for s in figures["sets"].values())


INDICATOR_GOOD = {"sets_seconds": 29.9, "max_abs_difference": 0.0, "verified": True}


class TestIndicatorsVerdicts:
    """
    The indicator benchmark's targets, on made-up figures.
    """

    @pytest.mark.parametrize(
        ("change", "failing"),
        [
            ({}, []),
            ({"sets_seconds": 30.1}, ["sets_time"]),
            ({"max_abs_difference": 0.01}, ["agrees_with_pandas"]),
            ({"verified": False}, ["tables_equal"]),
        ],
    )
    def test_each_limit(self, change: dict[str, Any], failing: list[str]) -> None:
        """
        Crossing one limit fails that target and no other.
        """
        bench = _load_indicators()
        verdicts = bench.evaluate({**INDICATOR_GOOD, **change})
        assert [t["name"] for t in verdicts if not t["pass"]] == failing

    @pytest.mark.parametrize(
        ("argv", "seconds", "code"), [(["--check"], 31.0, 1), (["--check"], 1.0, 0), ([], 31.0, 0)]
    )
    def test_exit_code(
        self, monkeypatch: pytest.MonkeyPatch, argv: list[str], seconds: float, code: int
    ) -> None:
        """
        A failed target makes the exit code 1 only with ``--check``.
        """
        bench = _load_indicators()
        fake = {**INDICATOR_GOOD, "sets_seconds": seconds}
        monkeypatch.setattr(bench, "measure", lambda n, seed, check, out: dict(fake))
        assert bench.main([*argv, "--disputes", "10"]) == code
