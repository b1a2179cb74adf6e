"""
Tests for disputeflow.time.periods (CPL (2021) Art. 85-86).
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from disputeflow.errors import CalendarYearUnknownError, InvalidValueError, NaiveDatetimeError
from disputeflow.time import (
    Deadline,
    HolidayCalendar,
    Period,
    WeekendCalendar,
    add_months,
    compute_deadline,
    compute_deadline_at,
    is_timely,
    prc_calendar,
    restoration_deadline,
)
from strategies import dates, periods

D = pendulum.Date


class TestPeriod:
    @pytest.mark.parametrize(
        ("period", "en", "zh"),
        [
            (Period.days(15), "15 days", "15日"),
            (Period.days(1), "1 day", "1日"),
            (Period.months(6), "6 months", "6个月"),
            (Period.years(2), "2 years", "2年"),
            (Period.working_days(5), "5 working days", "5个工作日"),
            (Period.hours(48), "48 hours", "48小时"),
        ],
    )
    def test_text(self, period: Period, en: str, zh: str) -> None:
        """
        Periods render in English and Chinese.
        """
        assert str(period) == en
        assert period.zh == zh

    def test_constructors(self) -> None:
        """
        Classmethods set amount and unit.
        """
        assert Period.months(6) == Period(6, "months")
        assert Period.working_days(5).unit == "working_days"

    def test_add_same_unit(self) -> None:
        """
        Periods in the same unit add up.
        """
        assert Period.months(6) + Period.months(3) == Period.months(9)

    def test_add_mixed_units_rejected(self) -> None:
        """
        Months and days have no common counting rule.
        """
        with pytest.raises(InvalidValueError):
            Period.months(6) + Period.days(15)

    @pytest.mark.parametrize(("amount", "unit"), [(-1, "days"), (True, "days"), (1.5, "days")])
    def test_bad_amount(self, amount: object, unit: str) -> None:
        """
        The amount must be an int >= 0; the error names the field.
        """
        with pytest.raises(InvalidValueError) as info:
            Period(amount, unit)  # type: ignore[arg-type]
        assert info.value.field == "Period.amount"

    def test_bad_unit(self) -> None:
        """
        Unknown units are rejected, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            Period(3, "weeks")  # type: ignore[arg-type]
        assert info.value.field == "Period.unit"


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "n", "end"),
        [
            (D(2014, 5, 28), 3, D(2014, 8, 28)),
            (D(2023, 1, 31), 1, D(2023, 2, 28)),
            (D(2024, 1, 31), 1, D(2024, 2, 29)),
            (D(2023, 8, 31), 6, D(2024, 2, 29)),
            (D(2022, 8, 31), 6, D(2023, 2, 28)),
            (D(2024, 3, 31), 1, D(2024, 4, 30)),
            (D(2024, 2, 29), 12, D(2025, 2, 28)),
            (D(2023, 12, 15), 1, D(2024, 1, 15)),
            (D(2024, 3, 31), -1, D(2024, 2, 29)),
            (D(2024, 5, 31), 0, D(2024, 5, 31)),
        ],
    )
    def test_month_end_rule(self, start: pendulum.Date, n: int, end: pendulum.Date) -> None:
        """
        Same-numbered day of the end month, or its last day if it has none.
        """
        result = add_months(start, n)
        assert result == end
        assert type(result) is pendulum.Date

    def test_accepts_stdlib_date(self) -> None:
        """
        A stdlib date is converted.
        """
        assert add_months(dt.date(2023, 1, 31), 1) == D(2023, 2, 28)  # type: ignore[arg-type]

    def test_out_of_range(self) -> None:
        """
        A result beyond year 9999 is an InvalidValueError.
        """
        with pytest.raises(InvalidValueError):
            add_months(D(9999, 12, 1), 1)

    @given(start=dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), n=st.integers(-600, 600))
    def test_rule_holds(self, start: pendulum.Date, n: int) -> None:
        """
        The end is n months on; its day is the start's day, or the month's last day if shorter.
        """
        end = add_months(start, n)
        assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == n
        last = gregorian.monthrange(end.year, end.month)[1]
        assert end.day <= start.day
        assert end.day == start.day or end.day == last
        assert end.day == min(start.day, last)


class TestComputeDeadline:
    def test_appeal_example(self, prc: HolidayCalendar) -> None:
        """
        DOMAIN 3: judgment served 2024-03-01, 15 days -> Saturday 2024-03-16 -> Monday 03-18.
        """
        deadline = compute_deadline(
            D(2024, 3, 1), Period.days(15), prc, legal_basis="CPL (2021) Art. 171"
        )
        assert deadline.nominal_on == D(2024, 3, 16)
        assert deadline.due_on == D(2024, 3, 18)
        assert deadline.rolled_over
        assert not deadline.provisional
        assert deadline.waiting_for == ()
        assert deadline.calendar_id == "prc"
        assert deadline.legal_basis == "CPL (2021) Art. 171"

    def test_national_day_rolls_over_whole_holiday(self, prc: HolidayCalendar) -> None:
        """
        A period ending on 2024-10-01 moves past the whole National Day holiday to 10-08.
        """
        deadline = compute_deadline(D(2024, 9, 16), Period.days(15), prc)
        assert deadline.nominal_on == D(2024, 10, 1)
        assert deadline.due_on == D(2024, 10, 8)

    def test_holidays_inside_not_deducted(self, prc: HolidayCalendar) -> None:
        """
        The National Day week inside the period does not lengthen it.
        """
        deadline = compute_deadline(D(2024, 9, 25), Period.days(15), prc)
        assert deadline.due_on == D(2024, 10, 10)
        assert not deadline.rolled_over

    def test_spring_festival_make_up_sunday(
        self, prc: HolidayCalendar, prc_make_up_as_rest: HolidayCalendar
    ) -> None:
        """
        Ending on 2024-02-10 (Spring Festival): due on make-up Sunday 02-18, or Monday 02-19 when
        make-up days count as rest days.
        """
        assert compute_deadline(D(2024, 1, 26), Period.days(15), prc).due_on == D(2024, 2, 18)
        resting = compute_deadline(D(2024, 1, 26), Period.days(15), prc_make_up_as_rest)
        assert resting.due_on == D(2024, 2, 19)

    def test_make_up_day_is_last_day(
        self, prc: HolidayCalendar, prc_make_up_as_rest: HolidayCalendar
    ) -> None:
        """
        A period ending on make-up working day 2024-09-29 ends there, or rolls to 09-30.
        """
        worked = compute_deadline(D(2024, 9, 14), Period.days(15), prc)
        assert worked.due_on == D(2024, 9, 29)
        assert not worked.rolled_over
        resting = compute_deadline(D(2024, 9, 14), Period.days(15), prc_make_up_as_rest)
        assert resting.due_on == D(2024, 9, 30)
        assert resting.rolled_over

    def test_months(self, prc: HolidayCalendar) -> None:
        """
        Month periods use the month-end rule: 2023-08-31 + 6 months = 2024-02-29 (a Thursday).
        """
        deadline = compute_deadline(D(2023, 8, 31), Period.months(6), prc)
        assert deadline.nominal_on == deadline.due_on == D(2024, 2, 29)

    def test_years(self, prc: HolidayCalendar, prc_make_up_as_rest: HolidayCalendar) -> None:
        """
        2024-02-29 + 2 years = 2026-02-28, a make-up Saturday; otherwise Monday 03-02.
        """
        assert compute_deadline(D(2024, 2, 29), Period.years(2), prc).due_on == D(2026, 2, 28)
        resting = compute_deadline(D(2024, 2, 29), Period.years(2), prc_make_up_as_rest)
        assert resting.due_on == D(2026, 3, 2)

    def test_working_days(self, prc: HolidayCalendar, prc_make_up_as_rest: HolidayCalendar) -> None:
        """
        5 working days from Friday 2024-09-27 skip the weekend and National Day.
        """
        worked = compute_deadline(D(2024, 9, 27), Period.working_days(5), prc)
        assert worked.due_on == D(2024, 10, 10)
        resting = compute_deadline(D(2024, 9, 27), Period.working_days(5), prc_make_up_as_rest)
        assert resting.due_on == D(2024, 10, 11)

    def test_excluded_days(self, prc: HolidayCalendar) -> None:
        """
        Excluded days extend the period day for day before the roll-over check.
        """
        deadline = compute_deadline(D(2024, 3, 1), Period.days(15), prc, excluded_days=2)
        assert deadline.nominal_on == D(2024, 3, 16)
        assert deadline.extended_on == D(2024, 3, 18)
        assert deadline.due_on == D(2024, 3, 18)
        assert deadline.excluded_days == 2
        assert not deadline.rolled_over

    def test_unknown_year_is_provisional(self, prc: HolidayCalendar) -> None:
        """
        A deadline in a year the calendar does not know uses weekends and waits for that year.
        """
        year = max(prc.years) + 2
        deadline = compute_deadline(D(year, 3, 1), Period.days(15), prc)
        assert deadline.provisional
        assert deadline.waiting_for == (year,)
        assert (
            deadline.due_on
            == compute_deadline(D(year, 3, 1), Period.days(15), WeekendCalendar()).due_on
        )

    def test_far_future_provisional(self, prc: HolidayCalendar) -> None:
        """
        2099-03-01 + 15 days: provisional, waiting for 2099; 2099-03-16 is a Monday.
        """
        deadline = compute_deadline(D(2099, 3, 1), Period.days(15), prc)
        assert (deadline.due_on, deadline.provisional, deadline.waiting_for) == (
            D(2099, 3, 16),
            True,
            (2099,),
        )

    def test_working_days_across_unknown_years(self, prc: HolidayCalendar) -> None:
        """
        Counting working days through unknown years waits for each of them.
        """
        year = max(prc.years) + 1
        deadline = compute_deadline(D(year - 1, 12, 1), Period.working_days(300), prc)
        assert deadline.waiting_for == (year, year + 1)

    def test_strict_raises(self, prc: HolidayCalendar) -> None:
        """
        Strict mode refuses a provisional deadline with a typed error naming the year.
        """
        with pytest.raises(CalendarYearUnknownError) as info:
            compute_deadline(D(2099, 3, 1), Period.days(15), prc, strict=True)
        assert info.value.year == 2099
        assert info.value.calendar_id == "prc"
        assert info.value.known[0] == 2004

    def test_strict_known_year(self, prc: HolidayCalendar) -> None:
        """
        Strict mode is silent when every year involved is known.
        """
        deadline = compute_deadline(D(2024, 3, 1), Period.days(15), prc, strict=True)
        assert deadline.due_on == D(2024, 3, 18)

    def test_with_year_makes_it_final(self, prc: HolidayCalendar) -> None:
        """
        Once the year's table is added the deadline is final and uses its holidays.
        """
        cal = prc.with_year(2099, rest_days=[D(2099, 3, 16), D(2099, 3, 17)])
        deadline = compute_deadline(D(2099, 3, 1), Period.days(15), cal, strict=True)
        assert not deadline.provisional
        assert deadline.waiting_for == ()
        assert deadline.due_on == D(2099, 3, 18)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"start_on": pendulum.datetime(2024, 3, 1, tz="UTC")}, "start_on"),
            ({"period": Period.hours(48)}, "period"),
            ({"calendar": object()}, "calendar"),
            ({"excluded_days": -1}, "excluded_days"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], field: str) -> None:
        """
        Malformed arguments raise InvalidValueError naming the argument.
        """
        args: dict[str, object] = {
            "start_on": D(2024, 3, 1),
            "period": Period.days(15),
            "calendar": WeekendCalendar(),
        }
        args.update(kwargs)
        with pytest.raises(InvalidValueError) as info:
            compute_deadline(**args)  # type: ignore[arg-type]
        assert info.value.field == field


class TestDeadline:
    def test_overdue_and_days_left(self, prc: HolidayCalendar) -> None:
        """
        The last day is on time with 0 days left; the next day is overdue.
        """
        deadline = compute_deadline(D(2024, 3, 1), Period.days(15), prc)
        assert not deadline.is_overdue(D(2024, 3, 18))
        assert deadline.days_left(D(2024, 3, 18)) == 0
        assert deadline.is_overdue(D(2024, 3, 19))
        assert deadline.days_left(D(2024, 3, 19)) == -1
        assert deadline.days_left(D(2024, 3, 1)) == 17

    def test_is_frozen(self, prc: HolidayCalendar) -> None:
        """
        Deadlines are immutable values.
        """
        deadline = compute_deadline(D(2024, 3, 1), Period.days(15), prc)
        with pytest.raises(AttributeError):
            deadline.due_on = D(2024, 3, 19)  # type: ignore[misc]
        assert isinstance(deadline, Deadline)


class TestDeadlineProperties:
    @given(start=dates(), period=periods(), make_up=st.booleans())
    def test_due_is_working_day_not_before_nominal(
        self, start: pendulum.Date, period: Period, make_up: bool
    ) -> None:
        """
        The due day is never before the nominal end, and never a rest day of a known year.
        """
        cal = prc_calendar(make_up)
        deadline = compute_deadline(start, period, cal)
        assert deadline.due_on >= deadline.nominal_on
        assert deadline.rolled_over == (deadline.due_on != deadline.extended_on)
        if not deadline.provisional:
            assert not cal.is_rest_day(deadline.due_on)
        else:
            assert any(not cal.knows_year(y) for y in deadline.waiting_for)

    @given(start=dates(), n=st.integers(0, 400))
    def test_due_not_before_start_plus_days(self, start: pendulum.Date, n: int) -> None:
        """
        A day period is due no earlier than start + n days, and at most a holiday run later.
        """
        deadline = compute_deadline(start, Period.days(n), prc_calendar())
        earliest = start + dt.timedelta(days=n)
        assert deadline.due_on >= earliest
        assert (deadline.due_on - earliest).days < 15

    @given(start=dates(), period=periods(("months", "years")))
    def test_due_not_before_start_plus_months(self, start: pendulum.Date, period: Period) -> None:
        """
        A month or year period is due no earlier than the month-end rule's date.
        """
        months = period.amount * (12 if period.unit == "years" else 1)
        deadline = compute_deadline(start, period, prc_calendar())
        assert deadline.due_on >= add_months(start, months)

    @given(a=dates(), b=dates(), period=periods(("days", "months", "years")))
    def test_monotonic(self, a: pendulum.Date, b: pendulum.Date, period: Period) -> None:
        """
        A later start never gives an earlier due day.
        """
        assume(a != b)
        first, second = sorted((a, b))
        cal = prc_calendar()
        assert (
            compute_deadline(first, period, cal).due_on
            <= compute_deadline(second, period, cal).due_on
        )

    @given(start=dates(), excluded=st.integers(0, 200))
    def test_excluded_days_shift_the_end(self, start: pendulum.Date, excluded: int) -> None:
        """
        Excluded days move the day checked for roll-over by exactly that many days.
        """
        deadline = compute_deadline(start, Period.months(6), prc_calendar(), excluded_days=excluded)
        assert (deadline.extended_on - deadline.nominal_on).days == excluded


class TestComputeDeadlineAt:
    def test_starting_hour_not_counted(self) -> None:
        """
        48 hours from 10:25 run from 11:00 and end at 11:00 two days later.
        """
        start = pendulum.datetime(2024, 3, 1, 10, 25, tz="Asia/Shanghai")
        end = compute_deadline_at(start, Period.hours(48))
        assert end == pendulum.datetime(2024, 3, 3, 11, 0, tz="Asia/Shanghai")

    def test_converted_to_court_zone(self) -> None:
        """
        The same instant given in UTC gives the same end, expressed in the court's zone.
        """
        start = pendulum.datetime(2024, 3, 1, 2, 25, tz="UTC")
        end = compute_deadline_at(start, Period.hours(48))
        assert end == pendulum.datetime(2024, 3, 3, 11, 0, tz="Asia/Shanghai")
        assert end.timezone_name == "Asia/Shanghai"

    def test_rejects_non_hours_and_naive(self) -> None:
        """
        Only hour periods and aware instants are accepted.
        """
        start = pendulum.datetime(2024, 3, 1, 10, 25, tz="Asia/Shanghai")
        with pytest.raises(InvalidValueError):
            compute_deadline_at(start, Period.days(2))
        with pytest.raises(NaiveDatetimeError):
            compute_deadline_at(pendulum.naive(2024, 3, 1, 10), Period.hours(48))


class TestIsTimely:
    def test_received_in_time(self) -> None:
        """
        Received on the last day is on time; a day later is late.
        """
        assert is_timely(D(2024, 3, 18), received_on=D(2024, 3, 18))
        assert not is_timely(D(2024, 3, 18), received_on=D(2024, 3, 19))

    def test_posted_in_time(self) -> None:
        """
        Posted on the last day and received later is on time: time in the post does not count.
        """
        assert is_timely(D(2024, 3, 18), received_on=D(2024, 3, 21), posted_on=D(2024, 3, 18))
        assert not is_timely(D(2024, 3, 18), received_on=D(2024, 3, 21), posted_on=D(2024, 3, 19))

    def test_posted_after_received_rejected(self) -> None:
        """
        A postmark after receipt is inconsistent data.
        """
        with pytest.raises(InvalidValueError) as info:
            is_timely(D(2024, 3, 18), received_on=D(2024, 3, 10), posted_on=D(2024, 3, 11))
        assert info.value.field == "posted_on"


class TestRestorationDeadline:
    def test_ten_days_after_obstacle(self, prc: HolidayCalendar) -> None:
        """
        CPL (2021) Art. 86: 10 days from the end of the obstacle, rolled over National Day.
        """
        deadline = restoration_deadline(D(2024, 9, 21), prc)
        assert deadline.nominal_on == D(2024, 10, 1)
        assert deadline.due_on == D(2024, 10, 8)
        assert deadline.legal_basis == "CPL (2021) Art. 86"
        assert deadline.period == Period.days(10)

    def test_days_configurable(self, prc: HolidayCalendar) -> None:
        """
        The length is a parameter.
        """
        assert restoration_deadline(D(2024, 3, 1), prc, days=5).due_on == D(2024, 3, 6)

    def test_strict(self, prc: HolidayCalendar) -> None:
        """
        Strict mode applies as for any deadline.
        """
        with pytest.raises(CalendarYearUnknownError):
            restoration_deadline(D(2099, 3, 1), prc, strict=True)
