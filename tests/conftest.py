"""
Shared fixtures. Having this file in ``tests/`` also puts ``tests/`` on ``sys.path`` (pytest's
default import mode), so test modules can ``from strategies import ...``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from disputeflow.time import HolidayCalendar


@pytest.fixture
def prc() -> HolidayCalendar:
    """
    The PRC calendar with make-up working days counted as working days.
    """
    from disputeflow.time import prc_calendar

    return prc_calendar()


@pytest.fixture
def prc_make_up_as_rest() -> HolidayCalendar:
    """
    The PRC calendar treating make-up working days as rest days.
    """
    from disputeflow.time import prc_calendar

    return prc_calendar(make_up_days_are_working=False)
