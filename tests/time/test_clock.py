"""
Tests for disputeflow.time.clock.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given

from disputeflow.errors import InvalidValueError, NaiveDatetimeError
from disputeflow.time import (
    Clock,
    FixedClock,
    ManualClock,
    SystemClock,
    ensure_aware,
    ensure_date,
    local_date,
)
from strategies import aware_datetimes, zone_names

NOON = pendulum.datetime(2025, 3, 3, 12, 0, tz="Asia/Shanghai")


class TestEnsureAware:
    def test_pendulum_aware_passes_through(self) -> None:
        """
        An aware pendulum DateTime is returned unchanged.
        """
        assert ensure_aware(NOON, "at") is NOON

    def test_stdlib_aware_keeps_offset(self) -> None:
        """
        An aware stdlib datetime becomes a pendulum DateTime with the same offset and instant.
        """
        minus5 = dt.timezone(dt.timedelta(hours=-5))
        value = dt.datetime(2025, 3, 2, 20, 0, tzinfo=minus5)
        result = ensure_aware(value, "at")
        assert isinstance(result, pendulum.DateTime)
        assert result.utcoffset() == dt.timedelta(hours=-5)
        assert result == value

    def test_stdlib_zoneinfo_keeps_zone(self) -> None:
        """
        A zoneinfo zone is kept by name.
        """
        from zoneinfo import ZoneInfo

        value = dt.datetime(2025, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
        result = ensure_aware(value, "at")
        assert result.timezone_name == "Europe/London"
        assert result.utcoffset() == dt.timedelta(hours=1)

    @pytest.mark.parametrize(
        "naive", [dt.datetime(2025, 3, 3, 9, 0), pendulum.naive(2025, 3, 3, 9, 0)]
    )
    def test_naive_rejected(self, naive: dt.datetime) -> None:
        """
        Naive datetimes (stdlib or pendulum) raise NaiveDatetimeError naming the field.
        """
        with pytest.raises(NaiveDatetimeError) as info:
            ensure_aware(naive, "filed_at")
        assert info.value.field == "filed_at"

    @pytest.mark.parametrize("value", ["2025-03-03T09:00+08:00", dt.date(2025, 3, 3), 0, None])
    def test_other_types_rejected(self, value: object) -> None:
        """
        Strings, dates and other values raise InvalidValueError, not NaiveDatetimeError.
        """
        with pytest.raises(InvalidValueError) as info:
            ensure_aware(value, "at")
        assert not isinstance(info.value, NaiveDatetimeError)


class TestEnsureDate:
    def test_stdlib_date_converted(self) -> None:
        """
        A stdlib date becomes a pendulum Date of the same day.
        """
        result = ensure_date(dt.date(2024, 3, 1), "on")
        assert type(result) is pendulum.Date
        assert result == pendulum.Date(2024, 3, 1)

    def test_datetime_rejected(self) -> None:
        """
        A datetime is refused: its date depends on the court's zone.
        """
        with pytest.raises(InvalidValueError, match="local_date"):
            ensure_date(NOON, "on")


class TestLocalDate:
    def test_same_day_in_shanghai(self) -> None:
        """
        01:00 on 3 March in Beijing is 3 March.
        """
        at = pendulum.parse("2025-03-03T01:00:00+08:00")
        assert local_date(at) == pendulum.Date(2025, 3, 3)

    def test_other_offset_converted_first(self) -> None:
        """
        20:00 on 2 March at UTC-5 is 09:00 on 3 March in Beijing: the date is 3 March.
        """
        at = pendulum.parse("2025-03-02T20:00:00-05:00")
        assert local_date(at) == pendulum.Date(2025, 3, 3)

    def test_court_zone_configurable(self) -> None:
        """
        The same instant as 01:00 Beijing is still 2 March in New York.
        """
        at = pendulum.parse("2025-03-03T01:00:00+08:00")
        assert local_date(at, tz="America/New_York") == pendulum.Date(2025, 3, 2)

    def test_naive_rejected(self) -> None:
        """
        A naive timestamp cannot be placed on a court's calendar.
        """
        with pytest.raises(NaiveDatetimeError):
            local_date(dt.datetime(2025, 3, 3, 1, 0))

    def test_unknown_zone_rejected(self) -> None:
        """
        An unknown zone name raises InvalidValueError naming tz.
        """
        with pytest.raises(InvalidValueError) as info:
            local_date(NOON, tz="Mars/Olympus")
        assert info.value.field == "tz"

    @given(at=aware_datetimes(), zone=zone_names())
    def test_depends_only_on_the_instant(self, at: pendulum.DateTime, zone: str) -> None:
        """
        Re-expressing the same instant in another zone never changes its court-local date.
        """
        assert local_date(at.in_timezone(zone)) == local_date(at)


class TestFixedClock:
    def test_returns_its_instant(self) -> None:
        """
        now() always returns the instant given.
        """
        clock = FixedClock(NOON)
        assert clock.now() == NOON
        assert clock.now() == NOON

    def test_naive_rejected(self) -> None:
        """
        A naive instant is refused at construction.
        """
        with pytest.raises(NaiveDatetimeError):
            FixedClock(dt.datetime(2025, 1, 1))

    def test_is_a_clock(self) -> None:
        """
        Satisfies the Clock protocol.
        """
        assert isinstance(FixedClock(NOON), Clock)


class TestManualClock:
    def test_advance(self) -> None:
        """
        advance() moves the clock forward by the given amounts.
        """
        clock = ManualClock(NOON)
        assert clock.advance(days=1, hours=2) == NOON.add(days=1, hours=2)
        assert clock.now() == NOON.add(days=1, hours=2)

    def test_advance_refuses_negative(self) -> None:
        """
        A negative amount would move time backwards.
        """
        clock = ManualClock(NOON)
        with pytest.raises(InvalidValueError, match="hours"):
            clock.advance(hours=-1)
        assert clock.now() == NOON

    def test_set_forward_and_equal(self) -> None:
        """
        set() accepts a later or equal instant.
        """
        clock = ManualClock(NOON)
        clock.set(NOON)
        later = NOON.add(minutes=5)
        assert clock.set(later) == later

    def test_set_refuses_backwards(self) -> None:
        """
        set() refuses an earlier instant, even one expressed in another zone.
        """
        clock = ManualClock(NOON)
        earlier = NOON.subtract(seconds=1).in_timezone("UTC")
        with pytest.raises(InvalidValueError):
            clock.set(earlier)
        assert clock.now() == NOON

    def test_naive_rejected(self) -> None:
        """
        Naive instants are refused both at construction and by set().
        """
        with pytest.raises(NaiveDatetimeError):
            ManualClock(dt.datetime(2025, 1, 1))
        with pytest.raises(NaiveDatetimeError):
            ManualClock(NOON).set(dt.datetime(2026, 1, 1))

    def test_is_a_clock(self) -> None:
        """
        Satisfies the Clock protocol.
        """
        assert isinstance(ManualClock(NOON), Clock)


class TestSystemClock:
    def test_now_is_aware_in_zone(self) -> None:
        """
        The wall clock is read in the configured zone.
        """
        now = SystemClock(tz="Europe/London").now()
        assert now.timezone_name == "Europe/London"
        assert SystemClock().now().timezone_name == "Asia/Shanghai"

    def test_unknown_zone_rejected(self) -> None:
        """
        An unknown zone is refused at construction.
        """
        with pytest.raises(InvalidValueError):
            SystemClock(tz="Nowhere/Special")

    def test_is_a_clock(self) -> None:
        """
        Satisfies the Clock protocol.
        """
        assert isinstance(SystemClock(), Clock)
