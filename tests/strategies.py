"""
Shared Hypothesis strategies.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import strategies as st

from disputeflow.time import Period, PeriodUnit

__all__ = ["aware_datetimes", "dates", "periods", "zone_names"]

ZONES = (
    "Asia/Shanghai",
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Pacific/Honolulu",
)


def dates(
    min_value: dt.date = dt.date(2004, 1, 1), max_value: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """
    pendulum Dates in a range (default 2004-2030: the PRC calendar's tables and a few years past).
    """
    return st.dates(min_value=min_value, max_value=max_value).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


def periods(
    units: tuple[PeriodUnit, ...] = ("days", "months", "years", "working_days"),
) -> st.SearchStrategy[Period]:
    """
    Periods of realistic lengths in the given units.
    """
    limits = {"days": 400, "months": 36, "years": 5, "working_days": 60, "hours": 240}

    def of_unit(unit: PeriodUnit) -> st.SearchStrategy[Period]:
        return st.integers(0, limits[unit]).map(lambda n: Period(n, unit))

    return st.sampled_from(units).flatmap(of_unit)


def zone_names() -> st.SearchStrategy[str]:
    """
    IANA zone names with various offsets, including half-hour and date-line ones.
    """
    return st.sampled_from(ZONES)


def aware_datetimes() -> st.SearchStrategy[pendulum.DateTime]:
    """
    Aware pendulum DateTimes in assorted zones.
    """
    naive = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2035, 12, 31))
    return st.builds(
        lambda d, tz: pendulum.instance(d, tz=tz),
        naive,
        zone_names(),
    )
