"""
Fixtures of the simulation tests.
"""

from __future__ import annotations

import pytest

from disputeflow.simulation.scenario import Scenario
from simulation.scenarios import small_scenario


@pytest.fixture
def scenario() -> Scenario:
    """The small one-court scenario under prc-2024."""
    return small_scenario()
