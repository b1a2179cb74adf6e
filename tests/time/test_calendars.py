"""
Tests for disputeflow.time.calendars.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from chinese_calendar import constants
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import DefinitionError, InvalidValueError
from disputeflow.time import (
    CourtCalendar,
    HolidayCalendar,
    WeekendCalendar,
    is_working_day,
    next_working_day,
    prc_calendar,
    roll_forward,
)
from strategies import dates

D = pendulum.Date


def small_calendar(**kwargs: object) -> HolidayCalendar:
    """
    A one-year calendar: 2030-10-01..03 off, Saturday 2030-09-28 worked.
    """
    base: dict[str, object] = {
        "id": "test",
        "rest_days": [D(2030, 10, 1), D(2030, 10, 2), D(2030, 10, 3)],
        "working_days": [D(2030, 9, 28)],
        "years": [2030],
    }
    base.update(kwargs)
    return HolidayCalendar(**base)  # type: ignore[arg-type]


class TestWeekendCalendar:
    def test_saturday_and_sunday_only(self) -> None:
        """
        Saturday 2024-03-16 and Sunday 2024-03-17 are rest days; Monday to Friday are not.
        """
        cal = WeekendCalendar()
        assert cal.is_rest_day(D(2024, 3, 16))
        assert cal.is_rest_day(D(2024, 3, 17))
        assert not any(cal.is_rest_day(D(2024, 3, d)) for d in range(11, 16))

    def test_ignores_public_holidays(self) -> None:
        """
        National Day on a Tuesday is a working day for the weekend-only calendar.
        """
        assert not WeekendCalendar().is_rest_day(D(2024, 10, 1))

    def test_knows_every_year(self) -> None:
        """
        No published table is needed.
        """
        cal = WeekendCalendar()
        assert cal.knows_year(1900)
        assert cal.knows_year(2999)
        assert cal.id == "weekends"

    def test_is_a_court_calendar(self) -> None:
        """
        Satisfies the CourtCalendar protocol.
        """
        assert isinstance(WeekendCalendar(), CourtCalendar)


class TestHolidayCalendar:
    def test_holiday_is_rest_day(self) -> None:
        """
        A listed holiday on a weekday is a rest day.
        """
        assert small_calendar().is_rest_day(D(2030, 10, 1))

    def test_make_up_day_working_by_default(self) -> None:
        """
        A listed make-up Saturday is a working day by default.
        """
        cal = small_calendar()
        assert not cal.is_rest_day(D(2030, 9, 28))
        assert cal.is_rest_day(D(2030, 9, 29))

    def test_make_up_day_rest_when_configured(self) -> None:
        """
        With make_up_days_are_working=False the make-up Saturday stays a rest day.
        """
        cal = small_calendar(make_up_days_are_working=False)
        assert cal.is_rest_day(D(2030, 9, 28))
        assert cal.is_rest_day(D(2030, 10, 1))

    def test_unknown_year_falls_back_to_weekends(self) -> None:
        """
        Outside the covered years only the weekend rule applies, and the year is not known.
        """
        cal = small_calendar()
        assert not cal.knows_year(2031)
        assert not cal.is_rest_day(D(2031, 10, 1))
        assert cal.is_rest_day(D(2031, 10, 4))
        assert cal.knows_year(2030)

    def test_custom_weekend(self) -> None:
        """
        The weekly rest days are configurable (here Friday and Saturday).
        """
        cal = small_calendar(weekend=[5, 6])
        assert cal.is_rest_day(D(2030, 9, 27))
        assert not cal.is_rest_day(D(2030, 9, 29))

    def test_day_in_both_sets_rejected(self) -> None:
        """
        A day both off and worked is a definition error that names the day.
        """
        with pytest.raises(DefinitionError, match="2030-10-01"):
            small_calendar(working_days=[D(2030, 10, 1)])

    def test_day_outside_years_rejected(self) -> None:
        """
        A day in a year the calendar does not claim to cover is named in the error.
        """
        with pytest.raises(DefinitionError, match="2029-05-01"):
            small_calendar(rest_days=[D(2029, 5, 1)])

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id", ""),
            ("years", [2030.0]),
            ("years", [True]),
            ("weekend", [0, 7]),
            ("rest_days", [dt.datetime(2030, 10, 1, tzinfo=dt.UTC)]),
            ("rest_days", "2030-10-01"),
        ],
    )
    def test_malformed_fields_rejected(self, field: str, value: object) -> None:
        """
        Wrong shapes raise InvalidValueError.
        """
        with pytest.raises(InvalidValueError):
            small_calendar(**{field: value})

    def test_stdlib_dates_converted(self) -> None:
        """
        Tables may be given as stdlib dates; they are stored as pendulum Dates.
        """
        cal = small_calendar(rest_days=[dt.date(2030, 10, 1)])
        assert all(type(d) is pendulum.Date for d in cal.rest_days)
        assert cal.is_rest_day(D(2030, 10, 1))

    def test_with_year_adds_table(self) -> None:
        """
        with_year returns a calendar that knows the year; the original is unchanged.
        """
        cal = small_calendar()
        newer = cal.with_year(2031, rest_days=[D(2031, 10, 1)], working_days=[D(2031, 9, 27)])
        assert newer.knows_year(2031)
        assert newer.is_rest_day(D(2031, 10, 1))
        assert not newer.is_rest_day(D(2031, 9, 27))
        assert newer.is_rest_day(D(2030, 10, 1))
        assert not cal.knows_year(2031)
        assert not cal.is_rest_day(D(2031, 10, 1))

    def test_with_year_replaces_existing_table(self) -> None:
        """
        Giving a known year again replaces that year's table, leaving other years alone.
        """
        cal = small_calendar().with_year(2031, [D(2031, 1, 1)])
        fixed = cal.with_year(2030, rest_days=[D(2030, 10, 4)])
        assert fixed.is_rest_day(D(2030, 10, 4))
        assert not fixed.is_rest_day(D(2030, 10, 1))
        assert fixed.is_rest_day(D(2030, 9, 28))  # the make-up Saturday is gone
        assert fixed.is_rest_day(D(2031, 1, 1))

    def test_with_year_rejects_stray_days(self) -> None:
        """
        A table that lists a day of another year is rejected, naming the day.
        """
        with pytest.raises(DefinitionError, match="2032-01-01"):
            small_calendar().with_year(2031, rest_days=[D(2032, 1, 1)])

    def test_repr_is_short(self) -> None:
        """
        The repr summarises the tables instead of listing every day.
        """
        text = repr(prc_calendar())
        assert "<" in text
        assert len(text) < 300

    def test_is_a_court_calendar(self) -> None:
        """
        Satisfies the CourtCalendar protocol.
        """
        assert isinstance(small_calendar(), CourtCalendar)

    @given(day=dates(dt.date(2030, 1, 1), dt.date(2030, 12, 31)))
    def test_make_up_setting_only_adds_rest_days(self, day: pendulum.Date) -> None:
        """
        Treating make-up days as rest days only ever turns working days into rest days, and
        exactly on the listed make-up days.
        """
        working = small_calendar()
        resting = small_calendar(make_up_days_are_working=False)
        differs = working.is_rest_day(day) != resting.is_rest_day(day)
        assert differs == (day in working.working_days)
        if differs:
            assert resting.is_rest_day(day)


class TestPrcCalendar:
    def test_id_and_years_from_package(self, prc: HolidayCalendar) -> None:
        """
        Id "prc"; covers every year from the package's first to its newest table.
        """
        newest = max(d.year for d in constants.holidays)
        assert prc.id == "prc"
        assert prc.years == frozenset(range(2004, newest + 1))
        assert prc.knows_year(2024)
        assert not prc.knows_year(2003)
        assert not prc.knows_year(newest + 1)

    def test_national_day_2024(self, prc: HolidayCalendar) -> None:
        """
        2024-10-01..07 are rest days; Tuesday 2024-10-08 is a working day.
        """
        assert all(prc.is_rest_day(D(2024, 10, d)) for d in range(1, 8))
        assert not prc.is_rest_day(D(2024, 10, 8))

    def test_spring_festival_2024(self, prc: HolidayCalendar) -> None:
        """
        2024-02-10..17 are rest days (Spring Festival, a weekday among them).
        """
        assert all(prc.is_rest_day(D(2024, 2, d)) for d in range(10, 18))
        assert D(2024, 2, 14).isoweekday() == 3

    @pytest.mark.parametrize("day", [D(2024, 9, 29), D(2024, 10, 12), D(2024, 2, 18)])
    def test_make_up_days_both_settings(
        self, day: pendulum.Date, prc: HolidayCalendar, prc_make_up_as_rest: HolidayCalendar
    ) -> None:
        """
        2024 make-up weekend days are working by default and rest days when configured so.
        """
        assert day.isoweekday() in (6, 7)
        assert not prc.is_rest_day(day)
        assert prc_make_up_as_rest.is_rest_day(day)

    def test_cached(self) -> None:
        """
        The package tables are turned into a calendar once per setting.
        """
        assert prc_calendar() is prc_calendar()
        assert prc_calendar(False) is prc_calendar(False)
        assert prc_calendar(False) is not prc_calendar(True)

    def test_extra_years(self) -> None:
        """
        extra_years adds tables for years the package does not know, without touching the cache.
        """
        cal = prc_calendar(extra_years={2099: ([D(2099, 10, 1)], [D(2099, 9, 26)])})
        assert cal.knows_year(2099)
        assert cal.is_rest_day(D(2099, 10, 1))
        assert not cal.is_rest_day(D(2099, 9, 26))
        assert not prc_calendar().knows_year(2099)


class TestWorkingDayHelpers:
    def test_is_working_day(self, prc: HolidayCalendar) -> None:
        """
        Working days are the complement of rest days.
        """
        assert is_working_day(D(2024, 10, 8), prc)
        assert not is_working_day(D(2024, 10, 7), prc)

    def test_roll_forward(self, prc: HolidayCalendar) -> None:
        """
        A working day stays; a rest day moves to the first working day after it.
        """
        assert roll_forward(D(2024, 10, 8), prc) == D(2024, 10, 8)
        assert roll_forward(D(2024, 10, 1), prc) == D(2024, 10, 8)

    def test_next_working_day_is_strictly_after(self, prc: HolidayCalendar) -> None:
        """
        next_working_day skips the day itself even when it is a working day.
        """
        assert next_working_day(D(2024, 9, 30), prc) == D(2024, 10, 8)
        assert next_working_day(D(2024, 9, 28), prc) == D(2024, 9, 29)

    def test_calendar_without_working_days(self) -> None:
        """
        A calendar whose every weekday is a rest day is reported, not looped over forever.
        """
        cal = HolidayCalendar(
            id="never", rest_days=[], working_days=[], years=[], weekend=range(1, 8)
        )
        with pytest.raises(DefinitionError, match="never"):
            roll_forward(D(2024, 1, 1), cal)

    @given(day=dates(), make_up=st.booleans())
    def test_roll_forward_is_minimal(self, day: pendulum.Date, make_up: bool) -> None:
        """
        roll_forward lands on a working day and every day skipped on the way is a rest day.
        """
        cal = prc_calendar(make_up)
        end = roll_forward(day, cal)
        assert end >= day
        assert is_working_day(end, cal)
        skipped = (end - day).in_days()
        assert all(cal.is_rest_day(day.add(days=i)) for i in range(skipped))
