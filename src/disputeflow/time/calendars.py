"""
Court calendars: which days are statutory rest days, and which years a calendar really knows.

CPL (2021) Art. 85 moves a period whose last day is a statutory rest day (法定休假日) to the next
working day, so every deadline needs a calendar. The PRC calendar is published year by year by the
State Council; a calendar therefore says which years it knows, and a deadline that lands in an
unknown year is computed with weekends only and marked provisional (see ``periods``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable

import attrs
import pendulum

from disputeflow.errors import DefinitionError, InvalidValueError
from disputeflow.time.clock import ensure_date

__all__ = [
    "CourtCalendar",
    "HolidayCalendar",
    "WeekendCalendar",
    "is_working_day",
    "next_working_day",
    "prc_calendar",
    "roll_forward",
]

_SAT_SUN = frozenset({6, 7})


@runtime_checkable
class CourtCalendar(Protocol):
    """
    The rest days a court observes.

    Three members, nothing else: an ``id`` recorded on every deadline, ``is_rest_day`` for the
    roll-over rule of CPL (2021) Art. 85, and ``knows_year`` so that deadlines in years the
    calendar has no published table for are marked provisional.

    A calendar is a value: its answers must not change once engines use it, since deadlines
    are kept per calendar and shared by every engine built with it. To add a year, make a new
    calendar (``HolidayCalendar.with_year``) and new engines with it.
    """

    @property
    def id(self) -> str:
        """
        A stable kebab-case id, recorded on each deadline.
        """
        ...

    def is_rest_day(self, day: pendulum.Date) -> bool:
        """
        Whether ``day`` is a statutory rest day (weekend or public holiday).
        """
        ...

    def knows_year(self, year: int) -> bool:
        """
        Whether the calendar has the published rest-day table for ``year``.
        """
        ...


@attrs.frozen
class WeekendCalendar:
    """
    Saturdays and Sundays are rest days; no public holidays. Knows every year.

    Args:
        id: the calendar id (default ``"weekends"``).
    """

    id: str = "weekends"

    def is_rest_day(self, day: pendulum.Date) -> bool:
        """
        True on Saturdays and Sundays.
        """
        return day.isoweekday() in _SAT_SUN

    def knows_year(self, year: int) -> bool:
        """
        Always True: the weekend rule needs no published table.
        """
        return True


def _date_set(value: Iterable[object]) -> frozenset[pendulum.Date]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError("HolidayCalendar dates", "an iterable of dates", value)
    return frozenset(ensure_date(d, "HolidayCalendar dates") for d in value)


def _year_set(value: Iterable[object]) -> frozenset[int]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError("HolidayCalendar.years", "an iterable of years", value)
    years: set[int] = set()
    for y in value:
        if not isinstance(y, int) or isinstance(y, bool) or not 1 <= y <= 9999:
            raise InvalidValueError("HolidayCalendar.years", "years as int in 1..9999", y)
        years.add(y)
    return frozenset(years)


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidValueError(f"{type(instance).__name__}.id", "a non-empty string", value)


def _weekday_set(value: Iterable[object]) -> frozenset[int]:
    days = frozenset(value) if isinstance(value, Iterable) else None
    if days is None or not days <= frozenset(range(1, 8)):
        raise InvalidValueError("HolidayCalendar.weekend", "ISO weekdays (1=Mon .. 7=Sun)", value)
    return frozenset(d for d in range(1, 8) if d in days)


def _size(days: frozenset[object]) -> str:
    # Tables hold hundreds of days; a repr listing them all would bury everything else.
    return f"<{len(days)} days>"


def _span(years: frozenset[int]) -> str:
    return f"<{min(years)}-{max(years)}, {len(years)} years>" if years else "<none>"


def _fmt(days: Iterable[pendulum.Date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))


@attrs.frozen
class HolidayCalendar:
    """
    A calendar built from explicit, year-by-year tables of public holidays and make-up days.

    Within a covered year, a day is a rest day if it is a listed public holiday; a listed make-up
    working day (调休, a weekend day worked to bridge a holiday) is a working day; other days follow
    the weekend rule. Outside the covered years only the weekend rule applies: callers ask
    :meth:`knows_year` to mark such deadlines provisional.

    Whether courts treat make-up days as working days for CPL (2021) Art. 85 is unverified, so it is
    a setting: with ``make_up_days_are_working=False`` a make-up Saturday stays a rest day.

    Args:
        id: the calendar id, recorded on each deadline.
        rest_days: public holidays (days inside a holiday block that fall on a weekend may be
            listed too).
        working_days: weekend days declared working days.
        years: the years the tables cover, complete.
        weekend: ISO weekdays of the weekly rest (default Saturday and Sunday: ``{6, 7}``).
        make_up_days_are_working: whether ``working_days`` count as working days.

    Raises:
        DefinitionError: a day is both a rest day and a working day, or lies outside ``years``.
        InvalidValueError: a field has the wrong shape.
    """

    id: str = attrs.field(validator=_check_id)
    rest_days: frozenset[pendulum.Date] = attrs.field(converter=_date_set, repr=_size)
    working_days: frozenset[pendulum.Date] = attrs.field(converter=_date_set, repr=_size)
    years: frozenset[int] = attrs.field(converter=_year_set, repr=_span)
    weekend: frozenset[int] = attrs.field(default=_SAT_SUN, converter=_weekday_set)
    make_up_days_are_working: bool = True

    def __attrs_post_init__(self) -> None:
        both = self.rest_days & self.working_days
        if both:
            raise DefinitionError(
                f"calendar {self.id!r}: days listed both as rest days and as working days: "
                f"{_fmt(both)}",
                f"日历 {self.id!r}：以下日期同时被列为休息日和工作日：{_fmt(both)}",
            )
        outside = {d for d in self.rest_days | self.working_days if d.year not in self.years}
        if outside:
            years = ", ".join(str(y) for y in sorted(self.years)) or "(none)"
            raise DefinitionError(
                f"calendar {self.id!r}: days outside the covered years ({years}): {_fmt(outside)}",
                f"日历 {self.id!r}：以下日期不在所覆盖的年份（{years}）内：{_fmt(outside)}",
            )

    def is_rest_day(self, day: pendulum.Date) -> bool:
        """
        Whether ``day`` is a rest day.

        Args:
            day: the calendar day.

        Returns:
            True for a listed public holiday; False for a listed make-up working day when
            ``make_up_days_are_working``; otherwise whether it is a weekend day.
        """
        if day in self.rest_days:
            return True
        if self.make_up_days_are_working and day in self.working_days:
            return False
        return day.isoweekday() in self.weekend

    def knows_year(self, year: int) -> bool:
        """
        Whether the calendar has a complete table for ``year``.
        """
        return year in self.years

    def with_year(
        self, year: int, rest_days: Iterable[dt.date], working_days: Iterable[dt.date] = ()
    ) -> HolidayCalendar:
        """
        A copy that knows one more year (or whose table for ``year`` is replaced).

        The State Council's notice for a year comes late in the previous one; a court adds it with
        this method before a package update ships it.

        Args:
            year: the year the table covers.
            rest_days: that year's public holidays.
            working_days: that year's make-up working days.

        Returns:
            A new calendar; this one is unchanged.

        Raises:
            DefinitionError: a listed day is not in ``year``, or is in both sets.
        """
        (checked,) = _year_set([year])
        rest = _date_set(rest_days)
        work = _date_set(working_days)
        stray = {d for d in rest | work if d.year != checked}
        if stray:
            raise DefinitionError(
                f"calendar {self.id!r}: table for {checked} lists days of other years: "
                f"{_fmt(stray)}",
                f"日历 {self.id!r}：{checked} 年的安排中含有其他年份的日期：{_fmt(stray)}",
            )
        return attrs.evolve(
            self,
            rest_days={d for d in self.rest_days if d.year != checked} | rest,
            working_days={d for d in self.working_days if d.year != checked} | work,
            years=self.years | {checked},
        )


# A calendar with no working day in this many consecutive days is broken, not merely festive.
_MAX_REST_RUN = 366


def _after(day: pendulum.Date, days: int) -> pendulum.Date:
    try:
        return day.add(days=days)
    except OverflowError as exc:
        raise InvalidValueError("period", f"an end within year 9999 from {day}", days) from exc


def is_working_day(day: pendulum.Date, calendar: CourtCalendar) -> bool:
    """
    Whether ``day`` is a working day of ``calendar`` (not a weekend day or public holiday).
    """
    return not calendar.is_rest_day(ensure_date(day, "day"))


def _days_from(day: pendulum.Date, seen: set[int]) -> Iterator[pendulum.Date]:
    for offset in range(_MAX_REST_RUN):
        current = _after(day, offset)
        seen.add(current.year)
        yield current


def _roll(day: pendulum.Date, calendar: CourtCalendar, seen: set[int]) -> pendulum.Date:
    for current in _days_from(day, seen):
        if not calendar.is_rest_day(current):
            return current
    raise DefinitionError(
        f"calendar {calendar.id!r} has no working day within {_MAX_REST_RUN} days from {day}",
        f"日历 {calendar.id!r} 自 {day} 起 {_MAX_REST_RUN} 日内没有工作日",
    )


def roll_forward(day: pendulum.Date, calendar: CourtCalendar) -> pendulum.Date:
    """
    ``day`` itself if it is a working day, else the first working day after it.

    This is the rest-day rule of CPL (2021) Art. 85: a period whose last day is a statutory rest
    day (法定休假日) ends on the first day after it.

    Raises:
        DefinitionError: the calendar has no working day within a year.
    """
    return _roll(ensure_date(day, "day"), calendar, set())


def next_working_day(day: pendulum.Date, calendar: CourtCalendar) -> pendulum.Date:
    """
    The first working day strictly after ``day`` (see :func:`roll_forward` for "on or after").

    Raises:
        DefinitionError: the calendar has no working day within a year.
    """
    return _roll(_after(ensure_date(day, "day"), 1), calendar, set())


def _count_working_days(
    start: pendulum.Date, n: int, calendar: CourtCalendar, seen: set[int]
) -> pendulum.Date:
    current = start
    for _ in range(n):
        current = _roll(_after(current, 1), calendar, seen)
    return current


def _from_package(make_up_days_are_working: bool) -> HolidayCalendar:
    # Imported here so the tables load only when the PRC calendar is first asked for.
    from chinese_calendar import constants

    holidays: Mapping[dt.date, object] = constants.holidays
    workdays: Mapping[dt.date, object] = constants.workdays
    listed = {d.year for d in holidays} | {d.year for d in workdays}
    return HolidayCalendar(
        id="prc",
        rest_days=holidays.keys(),
        working_days=workdays.keys(),
        years=range(min(listed), max(listed) + 1),
        make_up_days_are_working=make_up_days_are_working,
    )


@functools.cache
def _prc_base(make_up_days_are_working: bool) -> HolidayCalendar:
    return _from_package(make_up_days_are_working)


def prc_calendar(
    make_up_days_are_working: bool = True,
    extra_years: Mapping[int, tuple[Iterable[dt.date], Iterable[dt.date]]] | None = None,
) -> HolidayCalendar:
    """
    The PRC national calendar (id ``"prc"``): weekends, public holidays and make-up working days.

    Built from the tables of the ``chinese_calendar`` package, which follow the State Council's
    yearly notices on public holidays (国务院办公厅关于部分节假日安排的通知) from 2004 up to the
    newest year the installed version knows. Used for the rest-day rule of CPL (2021) Art. 85.

    Args:
        make_up_days_are_working: whether make-up working days (调休) count as working days
            (unverified how courts treat them; default True).
        extra_years: tables for years the package does not know yet (or corrections), as
            ``{year: (rest_days, working_days)}``.

    Returns:
        The calendar; the package tables are read once per process.

    Raises:
        DefinitionError: an extra table lists a day outside its year, or a day in both sets.
    """
    calendar = _prc_base(bool(make_up_days_are_working))
    for year, (rest, work) in sorted((extra_years or {}).items()):
        calendar = calendar.with_year(year, rest, work)
    return calendar
