"""
Fixtures for event tests.
"""

from __future__ import annotations

import pytest

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS


@pytest.fixture
def engine22() -> d.Engine:
    return d.Engine(d.prc_civil_2022(), courts=BAICHENG_COURTS)
