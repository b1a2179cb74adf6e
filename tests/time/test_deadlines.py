"""
Tests for disputeflow.time.deadlines (running clocks, excluded periods).
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import CalendarYearUnknownError, InvalidValueError
from disputeflow.time import (
    HolidayCalendar,
    Interval,
    Period,
    WeekendCalendar,
    clock_view,
    compute_deadline,
)
from strategies import dates

D = pendulum.Date
START = D(2024, 1, 10)
SIX_MONTHS = Period.months(6)


class TestInterval:
    def test_closed_counts_end_minus_start(self) -> None:
        """
        From 03-01 to 03-11 excludes 10 days, whatever day it is measured to.
        """
        interval = Interval(D(2024, 3, 1), D(2024, 3, 11), "appraisal")
        assert interval.days(D(2024, 3, 5)) == 10
        assert interval.days(D(2025, 1, 1)) == 10
        assert not interval.is_open

    def test_open_measured_to_until(self) -> None:
        """
        An open interval counts the days from its start to ``until``, never fewer than 0.
        """
        interval = Interval(D(2024, 3, 1), None, "suspension")
        assert interval.is_open
        assert interval.days(D(2024, 3, 1)) == 0
        assert interval.days(D(2024, 3, 20)) == 19
        assert interval.days(D(2024, 2, 1)) == 0

    def test_elapsed(self) -> None:
        """
        elapsed() counts the excluded days before the given day.
        """
        interval = Interval(D(2024, 3, 1), D(2024, 3, 11), "appraisal")
        assert interval.elapsed(D(2024, 2, 1)) == 0
        assert interval.elapsed(D(2024, 3, 4)) == 3
        assert interval.elapsed(D(2024, 4, 1)) == 10

    def test_covers(self) -> None:
        """
        The start day is excluded, the end day runs again.
        """
        interval = Interval(D(2024, 3, 1), D(2024, 3, 11), "appraisal")
        assert interval.covers(D(2024, 3, 1))
        assert interval.covers(D(2024, 3, 10))
        assert not interval.covers(D(2024, 3, 11))
        assert not interval.covers(D(2024, 2, 29))
        assert Interval(D(2024, 3, 1), None, "suspension").covers(D(2030, 1, 1))

    def test_end_before_start_rejected(self) -> None:
        """
        An interval cannot end before it starts.
        """
        with pytest.raises(InvalidValueError) as info:
            Interval(D(2024, 3, 11), D(2024, 3, 1), "appraisal")
        assert info.value.field == "Interval.end_on"

    def test_reason_required(self) -> None:
        """
        An exclusion without a stated reason is refused.
        """
        with pytest.raises(InvalidValueError) as info:
            Interval(D(2024, 3, 1), None, " ")
        assert info.value.field == "Interval.reason"

    def test_dates_converted(self) -> None:
        """
        Stdlib dates become pendulum Dates; datetimes are refused.
        """
        assert type(Interval(dt.date(2024, 3, 1), None, "x").start_on) is pendulum.Date
        with pytest.raises(InvalidValueError):
            Interval(pendulum.datetime(2024, 3, 1), None, "x")


class TestClockView:
    def test_running_clock(self) -> None:
        """
        A 6-month clock from 2024-01-10, viewed on 03-01: 51 days used, due 07-10.
        """
        view = clock_view("trial", START, SIX_MONTHS, D(2024, 3, 1), WeekendCalendar())
        assert view.deadline.due_on == D(2024, 7, 10)
        assert view.active_days == 51
        assert view.remaining_days == 131
        assert not view.overdue
        assert not view.suspended
        assert view.period == SIX_MONTHS
        assert view.on == D(2024, 3, 1)

    def test_closed_exclusion(self, prc: HolidayCalendar) -> None:
        """
        A 31-day appraisal moves 07-10 to Saturday 08-10, rolled to Monday 08-12.
        """
        appraisal = Interval(D(2024, 3, 1), D(2024, 4, 1), "appraisal")
        view = clock_view("trial", START, SIX_MONTHS, D(2024, 5, 1), prc, excluded=[appraisal])
        assert view.deadline.excluded_days == 31
        assert view.deadline.nominal_on == D(2024, 7, 10)
        assert view.deadline.due_on == D(2024, 8, 12)
        assert view.active_days == 112 - 31
        assert view.remaining_days == 103
        assert not view.suspended

    def test_open_exclusion_keeps_moving(self) -> None:
        """
        While suspended, each day pushes the deadline back a day and the days left stay put.
        """
        suspension = Interval(D(2024, 3, 1), None, "suspension")
        cal = WeekendCalendar()
        views = [
            clock_view("trial", START, SIX_MONTHS, D(2024, 3, d), cal, excluded=[suspension])
            for d in (4, 5, 6)
        ]
        assert [v.deadline.extended_on for v in views] == [
            D(2024, 7, 13),
            D(2024, 7, 14),
            D(2024, 7, 15),
        ]
        assert [v.active_days for v in views] == [51, 51, 51]
        assert all(v.suspended for v in views)
        assert views[0].deadline.due_on == D(2024, 7, 15)  # Saturday 07-13 rolled to Monday
        assert views[2].remaining_days == (D(2024, 7, 15) - D(2024, 3, 6)).days

    def test_extensions_add_up(self) -> None:
        """
        Approved extensions lengthen the period: 6 + 6 months from 2024-01-10 ends 2025-01-10.
        """
        view = clock_view(
            "trial",
            START,
            SIX_MONTHS,
            D(2024, 8, 1),
            WeekendCalendar(),
            extensions=[Period.months(6)],
        )
        assert view.period == Period.months(12)
        assert view.extensions == (Period.months(6),)
        assert view.deadline.due_on == D(2025, 1, 10)

    def test_mixed_unit_extension_rejected(self) -> None:
        """
        An extension in another unit names its position.
        """
        with pytest.raises(InvalidValueError) as info:
            clock_view(
                "trial",
                START,
                SIX_MONTHS,
                D(2024, 3, 1),
                WeekendCalendar(),
                extensions=[Period.days(30)],
            )
        assert info.value.field == "extensions[0]"

    def test_overdue(self) -> None:
        """
        After the due day the clock is overdue and the days left are negative.
        """
        view = clock_view("trial", START, SIX_MONTHS, D(2024, 7, 15), WeekendCalendar())
        assert view.overdue
        assert view.remaining_days == -5

    def test_stopped_clock_is_frozen(self) -> None:
        """
        A clock stopped before its due day is never overdue, and an open interval stops counting.
        """
        suspension = Interval(D(2024, 3, 1), None, "suspension")
        view = clock_view(
            "trial",
            START,
            SIX_MONTHS,
            D(2025, 1, 1),
            WeekendCalendar(),
            excluded=[suspension],
            stopped_on=D(2024, 3, 11),
        )
        assert not view.overdue
        assert not view.suspended
        assert view.deadline.excluded_days == 10
        assert view.active_days == 51
        assert view.stopped_on == D(2024, 3, 11)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"on": D(2024, 1, 9)}, "on"),
            ({"stopped_on": D(2024, 1, 9)}, "stopped_on"),
            ({"excluded": [Interval(D(2024, 1, 1), D(2024, 2, 1), "x")]}, "excluded[0]"),
            (
                {
                    "excluded": [
                        Interval(D(2024, 2, 1), D(2024, 3, 1), "a"),
                        Interval(D(2024, 2, 20), D(2024, 3, 5), "b"),
                    ]
                },
                "excluded",
            ),
            (
                {
                    "excluded": [
                        Interval(D(2024, 2, 1), None, "a"),
                        Interval(D(2024, 3, 1), None, "b"),
                    ]
                },
                "excluded",
            ),
            ({"name": ""}, "name"),
            ({"base_period": 6}, "base_period"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], field: str) -> None:
        """
        Inconsistent inputs raise InvalidValueError naming the argument.
        """
        args: dict[str, object] = {
            "name": "trial",
            "started_on": START,
            "base_period": SIX_MONTHS,
            "on": D(2024, 5, 1),
            "calendar": WeekendCalendar(),
        }
        args.update(kwargs)
        with pytest.raises(InvalidValueError) as info:
            clock_view(**args)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_adjacent_intervals_allowed(self) -> None:
        """
        One interval may end on the day the next begins.
        """
        intervals = [
            Interval(D(2024, 2, 1), D(2024, 3, 1), "a"),
            Interval(D(2024, 3, 1), D(2024, 3, 5), "b"),
        ]
        view = clock_view(
            "trial", START, SIX_MONTHS, D(2024, 5, 1), WeekendCalendar(), excluded=intervals
        )
        assert view.deadline.excluded_days == 33

    def test_strict_passes_through(self, prc: HolidayCalendar) -> None:
        """
        Strict mode raises for a clock ending in an unknown year.
        """
        with pytest.raises(CalendarYearUnknownError):
            clock_view("trial", D(2099, 1, 10), SIX_MONTHS, D(2099, 2, 1), prc, strict=True)


class TestClockViewProperties:
    @given(
        start=dates(),
        offset=st.integers(0, 400),
        gap=st.integers(0, 100),
        length=st.integers(0, 100),
        open_=st.booleans(),
    )
    def test_active_days_bounded(
        self, start: pendulum.Date, offset: int, gap: int, length: int, open_: bool
    ) -> None:
        """
        Active days lie between 0 and the days elapsed; together with the excluded days that
        have passed they make up the days elapsed.
        """
        begin = start.add(days=gap)
        interval = Interval(begin, None if open_ else begin.add(days=length), "x")
        on = start.add(days=offset)
        view = clock_view("c", start, SIX_MONTHS, on, WeekendCalendar(), excluded=[interval])
        elapsed = offset
        assert 0 <= view.active_days <= elapsed
        assert view.active_days + interval.elapsed(on) == elapsed

    @given(start=dates(), gap=st.integers(0, 100), length=st.integers(0, 100))
    def test_closed_exclusion_delays_by_its_length(
        self, start: pendulum.Date, gap: int, length: int
    ) -> None:
        """
        A closed exclusion of k days delays the day checked for roll-over by exactly k days.
        """
        begin = start.add(days=gap)
        interval = Interval(begin, begin.add(days=length), "x")
        cal = WeekendCalendar()
        plain = compute_deadline(start, SIX_MONTHS, cal)
        view = clock_view("c", start, SIX_MONTHS, start, cal, excluded=[interval])
        assert (view.deadline.extended_on - plain.extended_on).days == length
        assert view.deadline.due_on >= plain.due_on
