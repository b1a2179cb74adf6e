"""
Fixtures for engine tests: engines on both PRC lifecycles and a registered 2025 complaint.
"""

from __future__ import annotations

import pytest

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from support import Driver, at, loan


@pytest.fixture
def engine25() -> d.Engine:
    return d.Engine(d.prc_civil_2025(), courts=BAICHENG_COURTS)


@pytest.fixture
def engine22() -> d.Engine:
    return d.Engine(d.prc_civil_2022(), courts=BAICHENG_COURTS)


@pytest.fixture
def registered(engine25: d.Engine) -> Driver:
    """A 2025 complaint registered on Monday 2025-03-10."""
    drv = Driver(engine25, loan(), at(2025, 3, 10))
    drv.fire("register", at(2025, 3, 10, 10))
    return drv
