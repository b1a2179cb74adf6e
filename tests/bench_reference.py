"""
Where the BENCH-B SimPy reference is: the team's shared folder when this checkout has it, else
the byte-for-byte copy in ``benchmarks/reference/`` (see its README).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY = ROOT / "benchmarks" / "reference"
FILES = ("bench_a_model.py", "simpy_bench.py", "simpy_bench_b.py")


def shared_reference() -> Path | None:
    """
    The shared ``bench/reference`` folder, if this machine has it (``BENCH_REFERENCE``, the
    checkout's sibling ``shared``, or ``/work/shared``).
    """
    candidates = [
        os.environ.get("BENCH_REFERENCE", ""),
        str(ROOT.parent / "shared" / "bench" / "reference"),
        "/work/shared/bench/reference",
    ]
    for c in candidates:
        if c and all((Path(c) / f).is_file() for f in FILES):
            return Path(c)
    return None


def reference_dir() -> Path:
    """
    The folder to run the reference from: the shared one, else the copy.
    """
    return shared_reference() or COPY
