"""
Running clocks: time limits with approved extensions and excluded periods (审限扣除).

Pure values and functions; the engine stores the facts (start, extensions, exclusions) and calls
:func:`clock_view` to show where a clock stands on a given day.

Day-counting convention: an :class:`Interval` from day ``a`` (say, the day a suspension is ordered)
to day ``b`` (the day proceedings resume) excludes ``b - a`` days: day ``a`` is excluded, day ``b``
counts again. An interval still open on day ``d`` has excluded ``d - a`` days so far.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs
import pendulum

from disputeflow.errors import InvalidValueError
from disputeflow.time.calendars import CourtCalendar
from disputeflow.time.clock import ensure_date
from disputeflow.time.periods import Deadline, Period, compute_deadline

__all__ = ["ClockView", "Interval", "clock_view"]


def _interval_start(value: object) -> pendulum.Date:
    return ensure_date(value, "Interval.start_on")


def _interval_end(value: object) -> pendulum.Date | None:
    return None if value is None else ensure_date(value, "Interval.end_on")


def _check_reason(instance: Interval, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("Interval.reason", "a non-empty string", value)


@attrs.frozen
class Interval:
    """
    A stretch of days excluded from a time limit (审限扣除), e.g. appraisal, public notice,
    suspension until resumption (SPC provisions on strict observance of trial time limits).

    Args:
        start_on: the first excluded day (the day the excluded stage begins).
        end_on: the day the time limit runs again, not excluded; None while still open.
        reason: why the days are excluded (e.g. ``"appraisal"``).

    Raises:
        InvalidValueError: ``end_on`` is before ``start_on``, or a field is malformed.
    """

    start_on: pendulum.Date = attrs.field(converter=_interval_start)
    end_on: pendulum.Date | None = attrs.field(converter=_interval_end)
    reason: str = attrs.field(validator=_check_reason)

    def __attrs_post_init__(self) -> None:
        if self.end_on is not None and self.end_on < self.start_on:
            raise InvalidValueError(
                "Interval.end_on", f"a date not before start_on ({self.start_on})", self.end_on
            )

    @property
    def is_open(self) -> bool:
        """
        Whether the excluded stage has not ended yet.
        """
        return self.end_on is None

    def days(self, until: pendulum.Date) -> int:
        """
        The number of excluded days: ``end_on - start_on`` for a closed interval (whatever
        ``until``), ``until - start_on`` (never below 0) for an open one.

        Args:
            until: the day an open interval is measured to.

        Returns:
            The days excluded.
        """
        end = ensure_date(until, "until") if self.end_on is None else self.end_on
        return max(0, end.toordinal() - self.start_on.toordinal())

    def elapsed(self, on: pendulum.Date) -> int:
        """
        The excluded days that have passed by ``on`` (days before ``on``).
        """
        day = ensure_date(on, "on")
        end = day if self.end_on is None else min(self.end_on, day)
        return max(0, end.toordinal() - self.start_on.toordinal())

    def covers(self, day: pendulum.Date) -> bool:
        """
        Whether ``day`` is an excluded day of this interval.
        """
        day = ensure_date(day, "day")
        return self.start_on <= day and (self.end_on is None or day < self.end_on)


@attrs.frozen(kw_only=True)
class ClockView:
    """
    Where one running clock (a time limit, 审限, or another period) stands on a given day.

    Attributes:
        name: the clock's name (e.g. ``"trial-time-limit"``).
        started_on: the day the clock started (not counted).
        on: the day the view is taken.
        period: the total period, base plus approved extensions.
        extensions: the approved extensions, in order.
        excluded: the excluded intervals.
        deadline: the due date, after excluded days and rest-day roll-over; while an interval is
            open it assumes the clock resumes on ``on``, so it moves later each day of suspension.
        active_days: days elapsed since the start, net of excluded days, as of ``on`` (or
            ``stopped_on``).
        remaining_days: calendar days from ``on`` (or ``stopped_on``) to the deadline; negative
            when overdue.
        overdue: the deadline has passed on ``on`` (or had passed when the clock stopped).
        suspended: an excluded interval covers ``on`` and the clock has not stopped.
        stopped_on: the day the clock stopped (e.g. the case was closed), if it has.
    """

    name: str
    started_on: pendulum.Date
    on: pendulum.Date
    period: Period
    extensions: tuple[Period, ...]
    excluded: tuple[Interval, ...]
    deadline: Deadline
    active_days: int
    remaining_days: int
    overdue: bool
    suspended: bool
    stopped_on: pendulum.Date | None


def _total_period(base: Period, extensions: tuple[Period, ...]) -> Period:
    if not isinstance(base, Period):
        raise InvalidValueError("base_period", "a Period", base)
    total = base
    for index, extension in enumerate(extensions):
        if not isinstance(extension, Period) or extension.unit != base.unit:
            raise InvalidValueError(f"extensions[{index}]", f"a Period in {base.unit}", extension)
        total = total + extension
    return total


def _check_intervals(intervals: tuple[Interval, ...], started_on: pendulum.Date) -> None:
    for index, interval in enumerate(intervals):
        if not isinstance(interval, Interval):
            raise InvalidValueError(f"excluded[{index}]", "an Interval", interval)
        if interval.start_on < started_on:
            raise InvalidValueError(
                f"excluded[{index}]", f"an interval starting on or after {started_on}", interval
            )
    ordered = sorted(intervals, key=lambda i: i.start_on)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.end_on is None or earlier.end_on > later.start_on:
            # Overlaps would count the same days twice.
            raise InvalidValueError(
                "excluded", f"intervals that do not overlap ({earlier} overlaps)", later
            )


def clock_view(
    name: str,
    started_on: pendulum.Date,
    base_period: Period,
    on: pendulum.Date,
    calendar: CourtCalendar,
    *,
    extensions: Iterable[Period] = (),
    excluded: Iterable[Interval] = (),
    stopped_on: pendulum.Date | None = None,
    strict: bool = False,
    legal_basis: str = "CPL (2021) Art. 85",
) -> ClockView:
    """
    The state of a running clock on day ``on``.

    The total period is ``base_period`` plus every approved extension; all must have the same unit,
    since "6 months + 15 days" has no single counting rule. Excluded days (open intervals measured
    to ``on``) push the deadline back day for day, and the end is rolled over a rest day
    (CPL (2021) Art. 85; for trial time limits see CPL (2021) Art. 152, 164, 183).

    Args:
        name: the clock's name.
        started_on: the day the clock started (not counted).
        base_period: the period before extensions.
        on: the day to look at; not before ``started_on``.
        calendar: the court's calendar.
        extensions: approved extensions, each in the unit of ``base_period``.
        excluded: excluded intervals, each starting on or after ``started_on``, none overlapping.
        stopped_on: the day the clock stopped; later days do not count.
        strict: raise instead of giving a provisional deadline.
        legal_basis: the rule that sets the period, recorded on the deadline.

    Returns:
        The view.

    Raises:
        InvalidValueError: mixed units, overlapping or early intervals, ``on`` or ``stopped_on``
            before ``started_on``, or a malformed argument.
        CalendarYearUnknownError: ``strict`` and the calendar does not know a year involved.
    """
    if not isinstance(name, str) or not name:
        raise InvalidValueError("name", "a non-empty string", name)
    start = ensure_date(started_on, "started_on")
    day = ensure_date(on, "on")
    if day < start:
        raise InvalidValueError("on", f"a date not before started_on ({start})", day)
    stop = None if stopped_on is None else ensure_date(stopped_on, "stopped_on")
    if stop is not None and stop < start:
        raise InvalidValueError("stopped_on", f"a date not before started_on ({start})", stop)
    as_of = day if stop is None else min(day, stop)
    ext = tuple(extensions)
    total = _total_period(base_period, ext)
    intervals = tuple(excluded)
    _check_intervals(intervals, start)
    deadline = compute_deadline(
        start,
        total,
        calendar,
        excluded_days=sum(i.days(as_of) for i in intervals),
        strict=strict,
        legal_basis=legal_basis,
    )
    elapsed = as_of.toordinal() - start.toordinal()
    return ClockView(
        name=name,
        started_on=start,
        on=day,
        period=total,
        extensions=ext,
        excluded=intervals,
        deadline=deadline,
        active_days=elapsed - sum(i.elapsed(as_of) for i in intervals),
        remaining_days=deadline.days_left(as_of),
        overdue=deadline.is_overdue(as_of),
        suspended=stop is None and any(i.covers(day) for i in intervals),
        stopped_on=stop,
    )
