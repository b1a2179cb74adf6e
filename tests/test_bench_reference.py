"""
The copied SimPy reference of BENCH-B is the reference, unedited.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from bench_reference import COPY, FILES, shared_reference


def test_copy_matches_the_sums_in_its_readme() -> None:
    """
    Each copied file hashes to the SHA-256 its README records, so an edit shows.
    """
    recorded = dict(
        re.findall(r"^\| (\S+\.py) \| ([0-9a-f]{64}) \|$", (COPY / "README.md").read_text(), re.M)
    )
    assert set(recorded) == set(FILES)
    for name in FILES:
        assert hashlib.sha256((COPY / name).read_bytes()).hexdigest() == recorded[name], name


def test_copy_is_identical_to_the_shared_reference() -> None:
    """
    Where the shared folder is present, the copy is byte-for-byte the same.
    """
    shared = shared_reference()
    if shared is None:
        pytest.skip("the shared bench/reference folder is not on this machine")
    for name in FILES:
        assert (COPY / name).read_bytes() == (shared / name).read_bytes(), name
