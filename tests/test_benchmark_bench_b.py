"""
``benchmarks/bench_b.py`` keeps running and printing its verdicts (no timing is asserted: the
smoke run proves the script works end to end; the verdict logic is checked on made-up
figures).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bench_reference import reference_dir
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_b.py"
REFERENCE = reference_dir()
GIB = 1 << 30


def _load() -> ModuleType:
    return load_script(SCRIPT, "bench_b_benchmark")


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the SimPy reference is not on this machine")
def test_quick_run_prints_both_verdicts() -> None:
    """A small alternating run exits 0 and prints one throughput and one memory verdict."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--scale", "0.02", "--repeats", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert len(re.findall(r"^(PASS|FAIL) throughput:", done.stdout, re.M)) == 1, done.stdout
    assert len(re.findall(r"^(PASS|FAIL) memory:", done.stdout, re.M)) == 1, done.stdout


def _figures(ratio: float, peak: int) -> dict[str, Any]:
    return {
        "summary": {
            "disputeflow": {"whole_cases_per_s": ratio * 1000.0, "peak_rss_bytes": peak},
            "simpy": {"whole_cases_per_s": 1000.0, "peak_rss_bytes": GIB},
        }
    }


@pytest.mark.parametrize(
    ("ratio", "peak", "failing"),
    [
        (2.0, GIB, []),
        (1.9, GIB, ["throughput"]),
        (2.0, 2 * GIB + 1, ["memory"]),
        (1.9, 2 * GIB + 1, ["throughput", "memory"]),
    ],
)
def test_verdicts(ratio: float, peak: int, failing: list[str]) -> None:
    """The targets: whole-process ratio >= 2 and peak <= 2 GiB; each fails on its own."""
    verdicts = _load().evaluate(_figures(ratio, peak))
    assert [v["name"] for v in verdicts if not v["pass"]] == failing
