"""
``benchmarks/simulation.py`` keeps running and printing its figures (no timing asserted).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600


def test_simulation_benchmark_quick() -> None:
    """``benchmarks/simulation.py --quick`` runs and prints its figures."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "simulation.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
        check=True,
    ).stdout
    assert re.search(r"^disputes: [\d,]+$", out, re.M)
    assert re.search(r"^ms per dispute: \d+\.\d+$", out, re.M)
    assert re.search(r"^disputes per second: [\d,]+$", out, re.M)
