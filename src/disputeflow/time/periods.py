"""
Counting periods (期间) under CPL (2021) Art. 85-86.

- The day (or hour) on which a period starts is not counted: day periods run from the next day.
- Month and year periods end on the same-numbered day of the end month, or on that month's last
  day if it has none (:func:`add_months`).
- Holidays inside a period are not deducted; if the last day is a rest day, the period ends on the
  next working day.
- Time in the post does not count (:func:`is_timely`); a missed period may be restored on an
  application made within 10 days after the obstacle ends (:func:`restoration_deadline`).
"""

from __future__ import annotations

import calendar as _gregorian
from typing import Literal, get_args

import attrs
import pendulum

from disputeflow.errors import CalendarYearUnknownError, InvalidValueError
from disputeflow.time.calendars import (
    CourtCalendar,
    HolidayCalendar,
    _after,  # shared with the calendar helpers: day arithmetic that names overflow
    _count_working_days,
    _roll,
)
from disputeflow.time.clock import DEFAULT_TZ, ensure_aware, ensure_date

__all__ = [
    "Deadline",
    "Period",
    "PeriodUnit",
    "add_months",
    "compute_deadline",
    "compute_deadline_at",
    "is_timely",
    "restoration_deadline",
]

PeriodUnit = Literal["days", "months", "years", "hours", "working_days"]

_UNITS: tuple[str, ...] = get_args(PeriodUnit)
_EN = {
    "days": ("day", "days"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "hours": ("hour", "hours"),
    "working_days": ("working day", "working days"),
}
_ZH = {"days": "日", "months": "个月", "years": "年", "hours": "小时", "working_days": "个工作日"}


def _check_amount(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidValueError("Period.amount", "an int >= 0", value)


def _check_unit(instance: Period, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _UNITS:
        raise InvalidValueError("Period.unit", f"one of {', '.join(_UNITS)}", value)


@attrs.frozen
class Period:
    """
    A length of legal time (期间): an amount of days, months, years, hours or working days.

    Args:
        amount: how many units, >= 0.
        unit: ``"days"``, ``"months"``, ``"years"``, ``"hours"`` or ``"working_days"`` (working
            days of a court calendar, for rules such as "entered within 5 working days").

    Raises:
        InvalidValueError: a negative or non-int amount, or an unknown unit.
    """

    amount: int = attrs.field(validator=_check_amount)
    unit: PeriodUnit = attrs.field(validator=_check_unit)

    @classmethod
    def days(cls, n: int) -> Period:
        """
        A period of ``n`` calendar days.
        """
        return cls(n, "days")

    @classmethod
    def months(cls, n: int) -> Period:
        """
        A period of ``n`` months.
        """
        return cls(n, "months")

    @classmethod
    def years(cls, n: int) -> Period:
        """
        A period of ``n`` years.
        """
        return cls(n, "years")

    @classmethod
    def hours(cls, n: int) -> Period:
        """
        A period of ``n`` hours (see :func:`compute_deadline_at`).
        """
        return cls(n, "hours")

    @classmethod
    def working_days(cls, n: int) -> Period:
        """
        A period of ``n`` working days of a court calendar.
        """
        return cls(n, "working_days")

    def __add__(self, other: object) -> Period:
        if not isinstance(other, Period):
            return NotImplemented
        if other.unit != self.unit:
            raise InvalidValueError("Period", f"a period in {self.unit}", other)
        return Period(self.amount + other.amount, self.unit)

    def __str__(self) -> str:
        singular, plural = _EN[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"

    @property
    def zh(self) -> str:
        """
        The period in Chinese, e.g. ``"15日"``, ``"6个月"``.
        """
        return f"{self.amount}{_ZH[self.unit]}"


def add_months(start: pendulum.Date, n: int) -> pendulum.Date:
    """
    The date ``n`` months after ``start``, by the month-end rule of CPL (2021) Art. 85.

    The result is the same-numbered day of the end month or, if that month has no such day, its
    last day: 2014-05-28 + 3 months = 2014-08-28; 2023-01-31 + 1 month = 2023-02-28;
    2024-01-31 + 1 month = 2024-02-29. ``n`` may be negative (the same rule, counted backwards).

    Args:
        start: the starting day.
        n: the number of months.

    Returns:
        The end day.

    Raises:
        InvalidValueError: ``start`` is not a date, ``n`` not an int, or the result is outside
            years 1-9999.
    """
    day = ensure_date(start, "start")
    if not isinstance(n, int) or isinstance(n, bool):
        raise InvalidValueError("n", "an int", n)
    year, month0 = divmod(day.year * 12 + day.month - 1 + n, 12)
    if not 1 <= year <= 9999:
        raise InvalidValueError("n", f"a month count keeping {day} within years 1-9999", n)
    last = _gregorian.monthrange(year, month0 + 1)[1]
    return pendulum.Date(year, month0 + 1, min(day.day, last))


def _known_years(calendar: CourtCalendar) -> frozenset[int]:
    # The protocol only answers knows_year(); the error message lists a span when one is known.
    return calendar.years if isinstance(calendar, HolidayCalendar) else frozenset()


def _deadline_date(value: object) -> pendulum.Date:
    return ensure_date(value, "Deadline dates")


@attrs.frozen(kw_only=True)
class Deadline:
    """
    The end of a period, with how it was reached (CPL (2021) Art. 85).

    Attributes:
        start_on: the day of the triggering act (not counted).
        period: the period counted.
        nominal_on: the raw end of the period, before excluded days and roll-over.
        due_on: the last day on which the act is on time.
        rolled_over: the end fell on a rest day and was moved to the next working day.
        excluded_days: days added for excluded periods (审限扣除).
        provisional: the calendar did not know a year it had to consult.
        waiting_for: the years whose tables would make the deadline final.
        calendar_id: the calendar used.
        legal_basis: the rule that sets the period, e.g. ``"CPL (2021) Art. 171"``.
    """

    start_on: pendulum.Date = attrs.field(converter=_deadline_date)
    period: Period
    nominal_on: pendulum.Date = attrs.field(converter=_deadline_date)
    due_on: pendulum.Date = attrs.field(converter=_deadline_date)
    rolled_over: bool
    excluded_days: int
    provisional: bool
    waiting_for: tuple[int, ...]
    calendar_id: str
    legal_basis: str

    @property
    def extended_on(self) -> pendulum.Date:
        """
        The nominal end pushed back by the excluded days (the day checked for roll-over).
        """
        return self.nominal_on.add(days=self.excluded_days)

    def is_overdue(self, on: pendulum.Date) -> bool:
        """
        Whether the period has run out on ``on`` (``on`` is after :attr:`due_on`).
        """
        return ensure_date(on, "on") > self.due_on

    def days_left(self, on: pendulum.Date) -> int:
        """
        Calendar days from ``on`` to :attr:`due_on`: 0 on the last day, negative once overdue.
        """
        return self.due_on.toordinal() - ensure_date(on, "on").toordinal()


def compute_deadline(
    start_on: pendulum.Date,
    period: Period,
    calendar: CourtCalendar,
    *,
    excluded_days: int = 0,
    strict: bool = False,
    legal_basis: str = "CPL (2021) Art. 85",
) -> Deadline:
    """
    Compute a deadline by CPL (2021) Art. 85.

    The start day is not counted: a day period ends ``n`` days after ``start_on``; a month or year
    period ends by :func:`add_months`; a working-day period counts only working days of the
    calendar. Then ``excluded_days`` are added day for day (periods excluded from a time limit,
    审限扣除), and an end on a rest day moves to the next working day. Holidays inside the period
    are not deducted.

    If the calendar does not know a year it had to look at (counting working days or rolling over),
    the weekend rule was used for it: the deadline is ``provisional`` and ``waiting_for`` names the
    years.

    Args:
        start_on: the day of the act that starts the period (e.g. service of the judgment).
        period: the period; not in hours (use :func:`compute_deadline_at`).
        calendar: the court's calendar.
        excluded_days: days to add for excluded periods, >= 0.
        strict: raise instead of returning a provisional deadline.
        legal_basis: the rule that sets the period, recorded on the deadline.

    Returns:
        The deadline.

    Raises:
        CalendarYearUnknownError: ``strict`` and the calendar does not know a year involved.
        InvalidValueError: a malformed argument, or an hour period.
        DefinitionError: the calendar has no working day within a year.
    """
    start = ensure_date(start_on, "start_on")
    if not isinstance(period, Period) or period.unit == "hours":
        raise InvalidValueError("period", "a Period in days, months, years or working days", period)
    if not isinstance(calendar, CourtCalendar):
        raise InvalidValueError("calendar", "a CourtCalendar", calendar)
    if not isinstance(excluded_days, int) or isinstance(excluded_days, bool) or excluded_days < 0:
        raise InvalidValueError("excluded_days", "an int >= 0", excluded_days)
    seen: set[int] = set()
    if period.unit == "days":
        nominal = _after(start, period.amount)
    elif period.unit == "months":
        nominal = add_months(start, period.amount)
    elif period.unit == "years":
        nominal = add_months(start, 12 * period.amount)
    else:
        nominal = _count_working_days(start, period.amount, calendar, seen)
    extended = _after(nominal, excluded_days)
    due = _roll(extended, calendar, seen)
    waiting = tuple(sorted(y for y in seen if not calendar.knows_year(y)))
    if waiting and strict:
        raise CalendarYearUnknownError(calendar.id, waiting[0], _known_years(calendar))
    return Deadline(
        start_on=start,
        period=period,
        nominal_on=nominal,
        due_on=due,
        rolled_over=due != extended,
        excluded_days=excluded_days,
        provisional=bool(waiting),
        waiting_for=waiting,
        calendar_id=calendar.id,
        legal_basis=legal_basis,
    )


def compute_deadline_at(
    start_at: pendulum.DateTime, period: Period, *, tz: str = DEFAULT_TZ
) -> pendulum.DateTime:
    """
    The end of a period in hours (CPL (2021) Art. 85: the starting hour is not counted).

    Counting starts at the first full hour after ``start_at`` in the court's zone, so 48 hours from
    10:25 end at 11:00 two days later. No rest-day roll-over applies to hour periods.

    Args:
        start_at: the aware instant of the triggering act.
        period: a period in hours.
        tz: the court's zone.

    Returns:
        The end instant, in ``tz``.

    Raises:
        NaiveDatetimeError: ``start_at`` has no time zone.
        InvalidValueError: ``period`` is not in hours.
    """
    if not isinstance(period, Period) or period.unit != "hours":
        raise InvalidValueError("period", "a Period in hours", period)
    local = ensure_aware(start_at, "start_at").in_timezone(tz)
    return local.start_of("hour").add(hours=1 + period.amount)


def is_timely(
    due_on: pendulum.Date,
    *,
    received_on: pendulum.Date,
    posted_on: pendulum.Date | None = None,
) -> bool:
    """
    Whether a document was filed in time; time in the post does not count (CPL (2021) Art. 85).

    A document posted on or before the last day is on time even if it arrives later. Record both
    dates so the decision can be shown.

    Args:
        due_on: the last day of the period.
        received_on: the day the court received it.
        posted_on: the postmark date, if it came by post.

    Returns:
        True if received, or posted, on or before ``due_on``.

    Raises:
        InvalidValueError: a date is malformed, or ``posted_on`` is after ``received_on``.
    """
    due = ensure_date(due_on, "due_on")
    received = ensure_date(received_on, "received_on")
    if posted_on is None:
        return received <= due
    posted = ensure_date(posted_on, "posted_on")
    if posted > received:
        raise InvalidValueError("posted_on", f"a date not after received_on ({received})", posted)
    return posted <= due


def restoration_deadline(
    obstacle_ended_on: pendulum.Date,
    calendar: CourtCalendar,
    days: int = 10,
    *,
    strict: bool = False,
) -> Deadline:
    """
    The last day to apply for restoration of a missed period (顺延期限), CPL (2021) Art. 86.

    A party who missed a period for a force majeure or another justified reason may apply within
    10 days after the obstacle ends; the court decides whether to allow it.

    Args:
        obstacle_ended_on: the day the obstacle ended (not counted).
        calendar: the court's calendar.
        days: the application period (default 10).
        strict: raise instead of returning a provisional deadline.

    Returns:
        The deadline for the application.

    Raises:
        CalendarYearUnknownError: ``strict`` and the calendar does not know a year involved.
        InvalidValueError: a malformed argument.
    """
    return compute_deadline(
        obstacle_ended_on,
        Period.days(days),
        calendar,
        strict=strict,
        legal_basis="CPL (2021) Art. 86",
    )
