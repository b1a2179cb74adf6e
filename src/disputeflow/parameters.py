"""
Dated values: a rule's number (a threshold, a period length) as it changes over time.

Each value carries the dates it is valid for and its legal basis or source, and whether that rule
is verified (DOMAIN: unverified rules are parameters with a default, never hard-coded constants).
A court configures its own values, e.g. the province's latest published average wage that sets the
small-claims threshold (CPL (2021) Art. 165).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

import attrs
import pendulum

from disputeflow.errors import DefinitionError, InvalidValueError, UnknownNameError

__all__ = ["DatedValue", "Parameter", "ParameterSet", "constant"]

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9]+(?:[-._][a-z0-9]+)*$")
_BEGINNING = pendulum.Date(1, 1, 1)


def _to_date(value: object, field: str) -> pendulum.Date:
    # Kept here rather than imported from disputeflow.time: parameters sit in the lowest layer.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError(field, "a date", value)
    return pendulum.Date(value.year, value.month, value.day)


def _valid_from(value: object) -> pendulum.Date:
    return _to_date(value, "DatedValue.valid_from")


def _valid_to(value: object) -> pendulum.Date | None:
    return None if value is None else _to_date(value, "DatedValue.valid_to")


def _check_reference(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("DatedValue.reference", "a non-empty legal basis or source", value)


@attrs.frozen(kw_only=True)
class DatedValue(Generic[T]):
    """
    One value of a parameter and the days it applies to.

    Args:
        value: the value.
        valid_from: the first day it applies.
        valid_to: the last day it applies (inclusive); None while it is still in force.
        reference: the legal basis or published source, e.g. ``"CPL (2021) Art. 165"``.
        verified: False for a rule the project could not confirm (a default to be checked).
        note: free text.

    Raises:
        InvalidValueError: ``valid_to`` is before ``valid_from``, or a field is malformed.
    """

    value: T
    valid_from: pendulum.Date = attrs.field(converter=_valid_from)
    valid_to: pendulum.Date | None = attrs.field(default=None, converter=_valid_to)
    reference: str = attrs.field(validator=_check_reference)
    verified: bool = True
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidValueError(
                "DatedValue.valid_to",
                f"a date not before valid_from ({self.valid_from})",
                self.valid_to,
            )

    def covers(self, day: pendulum.Date) -> bool:
        """
        Whether the value applies on ``day``.
        """
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def span(self) -> str:
        """
        The validity as text, e.g. ``"2024-01-01..2024-12-31"`` or ``"2025-01-01.."``.
        """
        end = "" if self.valid_to is None else self.valid_to.isoformat()
        return f"{self.valid_from.isoformat()}..{end}"


def _check_param_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise InvalidValueError(
            "Parameter.id", "a lower-case kebab or dotted id such as 'small-claims.limit'", value
        )


def _sorted_values(value: Iterable[DatedValue[T]]) -> tuple[DatedValue[T], ...]:
    entries = tuple(value)
    for entry in entries:
        if not isinstance(entry, DatedValue):
            raise InvalidValueError("Parameter.values", "DatedValue entries", entry)
    return tuple(sorted(entries, key=lambda e: e.valid_from))


@attrs.frozen(kw_only=True)
class Parameter(Generic[T]):
    """
    A named value that changes by date (like OpenFisca's parameters: shapes only).

    Args:
        id: a stable lower-case id, kebab or dotted (``"small-claims.wage-share"``).
        values: the dated values, in any order; they are sorted and must not overlap. Gaps are
            allowed: no value applies on a day in a gap.
        label_en, label_zh: names to show.
        unit: the unit of the values (``"yuan"``, ``"days"``, ``"ratio"``).

    Raises:
        DefinitionError: no values, or two values overlap (both are named).
        InvalidValueError: a malformed id or entry.
    """

    id: str = attrs.field(validator=_check_param_id)
    values: tuple[DatedValue[T], ...] = attrs.field(converter=_sorted_values)
    label_en: str = ""
    label_zh: str = ""
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.values:
            raise DefinitionError(
                f"parameter {self.id!r} has no values", f"参数 {self.id!r} 没有任何取值"
            )
        for earlier, later in itertools.pairwise(self.values):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise DefinitionError(
                    f"parameter {self.id!r}: values overlap: {earlier.span} and {later.span}",
                    f"参数 {self.id!r}：取值的有效期重叠：{earlier.span} 与 {later.span}",
                )

    def _spans(self) -> str:
        return ", ".join(e.span for e in self.values)

    def entry_at(self, day: pendulum.Date) -> DatedValue[T]:
        """
        The dated value in force on ``day``.

        Args:
            day: the day (of the act the value applies to).

        Returns:
            The entry covering ``day``.

        Raises:
            InvalidValueError: no value covers ``day``.
        """
        on = _to_date(day, "day")
        for entry in self.values:
            if entry.covers(on):
                return entry
        raise InvalidValueError(f"parameter {self.id}", f"a date in {self._spans()}", on)

    def value_at(self, day: pendulum.Date) -> T:
        """
        The value in force on ``day``.

        Raises:
            InvalidValueError: no value covers ``day``.
        """
        return self.entry_at(day).value

    def latest(self, on: pendulum.Date) -> DatedValue[T]:
        """
        The most recent entry that started on or before ``on``, even if it has since ended.

        For "the latest published figure as of a day", where a later year's figure may not be
        published yet.

        Raises:
            InvalidValueError: every entry starts after ``on``.
        """
        day = _to_date(on, "on")
        started = [e for e in self.values if e.valid_from <= day]
        if not started:
            raise InvalidValueError(
                f"parameter {self.id}", f"a date on or after {self.values[0].valid_from}", day
            )
        return started[-1]

    def with_value(self, entry: DatedValue[T]) -> Parameter[T]:
        """
        A copy with one more dated value; this parameter is unchanged.

        If the current last value is open-ended and starts before ``entry``, it is closed on the
        day before ``entry.valid_from`` (a new figure replaces the old one).

        Raises:
            DefinitionError: ``entry`` overlaps an existing value.
        """
        values = list(self.values)
        last = values[-1]
        if last.valid_to is None and last.valid_from < entry.valid_from:
            values[-1] = attrs.evolve(last, valid_to=entry.valid_from.subtract(days=1))
        return attrs.evolve(self, values=(*values, entry))


def constant(
    id: str,
    value: T,
    reference: str,
    verified: bool = True,
    label_en: str = "",
    label_zh: str = "",
    unit: str = "",
) -> Parameter[T]:
    """
    A parameter with one value, valid from 0001-01-01 with no end.

    Args:
        id: the parameter id.
        value: the value.
        reference: its legal basis or source.
        verified: False for an unverified rule.
        label_en, label_zh, unit: as for :class:`Parameter`.

    Returns:
        The parameter.
    """
    entry = DatedValue(value=value, valid_from=_BEGINNING, reference=reference, verified=verified)
    return Parameter(id=id, values=(entry,), label_en=label_en, label_zh=label_zh, unit=unit)


def _index(instance: ParameterSet) -> dict[str, Parameter[Any]]:
    return {p.id: p for p in instance.parameters}


def _unique(value: Iterable[Parameter[Any]]) -> tuple[Parameter[Any], ...]:
    params = tuple(value)
    seen: set[str] = set()
    for param in params:
        if not isinstance(param, Parameter):
            raise InvalidValueError("ParameterSet.parameters", "Parameter entries", param)
        if param.id in seen:
            raise DefinitionError(
                f"parameter {param.id!r} is defined twice", f"参数 {param.id!r} 重复定义"
            )
        seen.add(param.id)
    return tuple(sorted(params, key=lambda p: p.id))


@attrs.frozen
class ParameterSet:
    """
    An immutable mapping from id to parameter: iterating yields ids, ``in`` tests an id.

    Args:
        parameters: the parameters; ids must be unique.

    Raises:
        DefinitionError: two parameters share an id.
    """

    parameters: tuple[Parameter[Any], ...] = attrs.field(default=(), converter=_unique)
    _by_id: dict[str, Parameter[Any]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, default=attrs.Factory(_index, takes_self=True)
    )

    def get(self, id: str) -> Parameter[Any]:
        """
        The parameter with this id.

        Raises:
            UnknownNameError: no such parameter (the error lists the valid ids).
        """
        try:
            return self._by_id[id]
        except KeyError:
            raise UnknownNameError("parameter", id, self._by_id) from None

    def __getitem__(self, id: str) -> Parameter[Any]:
        return self.get(id)

    def value(self, id: str, on: pendulum.Date) -> Any:
        """
        The value of parameter ``id`` in force on ``on``.

        Raises:
            UnknownNameError: no such parameter.
            InvalidValueError: the parameter has no value on ``on``.
        """
        return self.get(id).value_at(on)

    def replace(self, *params: Parameter[Any]) -> ParameterSet:
        """
        A copy in which ``params`` replace the parameters with the same ids (or are added).

        Raises:
            DefinitionError: ``params`` contains the same id twice.
        """
        new = _unique(params)
        kept = [p for p in self.parameters if p.id not in {n.id for n in new}]
        return ParameterSet((*kept, *new))

    @property
    def ids(self) -> tuple[str, ...]:
        """
        The parameter ids, sorted.
        """
        return tuple(p.id for p in self.parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.parameters)

    def __contains__(self, id: object) -> bool:
        return id in self._by_id
