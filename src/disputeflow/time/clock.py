"""
Injected time: the Clock protocol, test clocks, and conversion of timestamps to court-local dates.

The library never reads the wall clock. Every call takes an explicit ``at=`` or a :class:`Clock`;
:class:`SystemClock` exists for applications to pass in on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

import attrs
import pendulum

from disputeflow.errors import InvalidValueError, NaiveDatetimeError

__all__ = [
    "DEFAULT_TZ",
    "Clock",
    "FixedClock",
    "ManualClock",
    "SystemClock",
    "ensure_aware",
    "ensure_date",
    "local_date",
]

DEFAULT_TZ = "Asia/Shanghai"
"""The zone whose calendar dates count when a court configures none."""


def ensure_aware(value: object, field: str) -> pendulum.DateTime:
    """
    Return ``value`` as an aware :class:`pendulum.DateTime`, keeping its zone or offset.

    Args:
        value: a pendulum ``DateTime`` or a stdlib ``datetime`` with a time zone.
        field: the name of the field being checked, quoted in errors.

    Returns:
        The same instant as a pendulum ``DateTime`` in the same zone (or fixed offset).

    Raises:
        NaiveDatetimeError: ``value`` is a datetime without a time zone.
        InvalidValueError: ``value`` is not a datetime at all.
    """
    if not isinstance(value, dt.datetime):
        raise InvalidValueError(field, "a timezone-aware datetime", value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(field, value)
    if isinstance(value, pendulum.DateTime):
        return value
    return pendulum.instance(value)


def ensure_date(value: object, field: str) -> pendulum.Date:
    """
    Return ``value`` as a :class:`pendulum.Date`.

    A datetime is refused rather than truncated: which calendar day a timestamp falls on depends on
    the court's zone, so call :func:`local_date` for it.

    Args:
        value: a pendulum ``Date`` or a stdlib ``date`` (not a ``datetime``).
        field: the name of the field being checked, quoted in errors.

    Returns:
        The same calendar day as a pendulum ``Date``.

    Raises:
        InvalidValueError: ``value`` is not a date, or is a datetime.
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError(field, "a date (use local_date() for a timestamp)", value)
    if type(value) is pendulum.Date:
        return value
    return pendulum.Date(value.year, value.month, value.day)


def _check_tz(tz: object, field: str) -> None:
    if not isinstance(tz, str):
        raise InvalidValueError(field, "an IANA time zone name", tz)
    try:
        pendulum.timezone(tz)
    except ValueError as exc:  # InvalidTimezone is a ValueError, as are malformed keys
        raise InvalidValueError(field, "an IANA time zone name", tz) from exc


def local_date(at: object, tz: str = DEFAULT_TZ) -> pendulum.Date:
    """
    The calendar date of an instant in the court's time zone.

    A timestamp in another offset is converted before its date is taken, so
    ``2025-03-02T20:00-05:00`` is 3 March in Beijing.

    Args:
        at: an aware datetime.
        tz: the court's IANA zone (default ``Asia/Shanghai``).

    Returns:
        The local date.

    Raises:
        NaiveDatetimeError: ``at`` has no time zone.
        InvalidValueError: ``at`` is not a datetime, or ``tz`` is not a known zone.
    """
    aware = ensure_aware(at, "at")
    _check_tz(tz, "tz")
    return aware.in_timezone(tz).date()


@runtime_checkable
class Clock(Protocol):
    """
    Something that tells the current instant; injected wherever "now" is needed.
    """

    def now(self) -> pendulum.DateTime:
        """
        The current instant, timezone-aware.
        """
        ...


def _fixed_at(value: object) -> pendulum.DateTime:
    return ensure_aware(value, "FixedClock.at")


@attrs.frozen
class FixedClock:
    """
    A clock stopped at one instant, for tests and reproducible runs.

    Args:
        at: the aware instant :meth:`now` always returns.

    Raises:
        NaiveDatetimeError: ``at`` has no time zone.
    """

    at: pendulum.DateTime = attrs.field(converter=_fixed_at)

    def now(self) -> pendulum.DateTime:
        """
        Return :attr:`at`.
        """
        return self.at


class ManualClock:
    """
    A clock moved by hand, never backwards (for tests and step-by-step simulations).

    Args:
        at: the starting instant, aware.

    Raises:
        NaiveDatetimeError: ``at`` has no time zone.
    """

    __slots__ = ("_at",)

    def __init__(self, at: object) -> None:
        self._at = ensure_aware(at, "ManualClock.at")

    def __repr__(self) -> str:
        return f"ManualClock({self._at.isoformat()})"

    def now(self) -> pendulum.DateTime:
        """
        The instant the clock shows.
        """
        return self._at

    def advance(
        self,
        *,
        weeks: int = 0,
        days: int = 0,
        hours: int = 0,
        minutes: int = 0,
        seconds: int = 0,
    ) -> pendulum.DateTime:
        """
        Move the clock forward by a duration.

        Args:
            weeks, days, hours, minutes, seconds: the amounts to add; none may be negative.

        Returns:
            The new instant.

        Raises:
            InvalidValueError: an amount is negative.
        """
        amounts = {
            "weeks": weeks,
            "days": days,
            "hours": hours,
            "minutes": minutes,
            "seconds": seconds,
        }
        for name, amount in amounts.items():
            if amount < 0:
                raise InvalidValueError(f"ManualClock.advance({name}=)", "a value >= 0", amount)
        self._at = self._at.add(
            weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds
        )
        return self._at

    def set(self, at: object) -> pendulum.DateTime:
        """
        Move the clock to an instant not before the current one.

        Args:
            at: the new aware instant.

        Returns:
            The new instant.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            InvalidValueError: ``at`` is before the current instant.
        """
        new = ensure_aware(at, "ManualClock.set(at=)")
        if new < self._at:
            raise InvalidValueError(
                "ManualClock.set(at=)", f"an instant not before {self._at.isoformat()}", new
            )
        self._at = new
        return self._at


def _system_tz(instance: SystemClock, attribute: attrs.Attribute[str], value: str) -> None:
    _check_tz(value, "SystemClock.tz")


@attrs.frozen
class SystemClock:
    """
    The wall clock, in a given zone: the only place disputeflow reads real time.

    Nothing in the library uses it by default; an application passes it in explicitly.

    Args:
        tz: the IANA zone of the instants returned (default ``Asia/Shanghai``).

    Raises:
        InvalidValueError: ``tz`` is not a known zone.
    """

    tz: str = attrs.field(default=DEFAULT_TZ, validator=_system_tz)

    def now(self) -> pendulum.DateTime:
        """
        The current instant in :attr:`tz`.
        """
        return pendulum.now(self.tz)
