"""
Taking the indicator figures of one replication: a picklable ``events -> {key: value}``.

A simulation runner calls a :class:`Measurement` in its worker processes and ships back only
the figures, not the logs; :mod:`disputeflow.indicators.replications` summarises them. Keys are
:func:`figure_key` strings, ``indicator|first day|last day|column=label...``. Nothing here
imports the simulation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
import pendulum

from disputeflow.errors import InvalidValueError
from disputeflow.events.event import Event
from disputeflow.indicators.compute import compute_rows, population_table
from disputeflow.indicators.definitions import GROUP_COLUMNS, Indicator, ReportingPeriod, periods_of
from disputeflow.indicators.tables import Tables
from disputeflow.lifecycle.definition import Lifecycle

if TYPE_CHECKING:
    from disputeflow.indicators.sets import IndicatorSet

__all__ = [
    "LifecycleSpec",
    "Measurement",
    "Replication",
    "figure_key",
    "measure",
    "parse_figure_key",
]

#: One replication: its events, its tables, or the figures a :class:`Measurement` took of it.
Replication: TypeAlias = Iterable[Event] | Tables | Mapping[str, float]
#: A lifecycle as a :class:`Measurement` keeps it: a shipped id or a module-level factory.
LifecycleSpec: TypeAlias = str | Callable[[], Lifecycle]


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("|", "%7C").replace("=", "%3D")


_UNESCAPE = {"%25": "%", "%7C": "|", "%3D": "="}
_ESCAPED = re.compile("%25|%7C|%3D")


def _unescape(text: str) -> str:
    # One pass: a literal "%3D" was escaped to "%253D" and must come back as "%3D", not "%=".
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(0)], text)


def figure_key(
    indicator: str,
    start_on: dt.date,
    end_on: dt.date,
    group: Sequence[tuple[str, str]] = (),
) -> str:
    """
    The key of one figure in a :class:`Measurement`'s output.

    ``indicator|start|end|column=label|...``: ``closure-rate|2025-01-01|2025-01-31|court=a``.
    ``%``, ``|`` and ``=`` inside labels are percent-escaped, so every key parses back.

    Args:
        indicator: the indicator id.
        start_on, end_on: the period's days.
        group: ``(column, label)`` pairs, in ``by`` order.

    Returns:
        The key.
    """
    parts = [_escape(indicator), start_on.isoformat(), end_on.isoformat()]
    parts += [f"{_escape(c)}={_escape(v)}" for c, v in group]
    return "|".join(parts)


def parse_figure_key(
    key: str,
) -> tuple[str, pendulum.Date, pendulum.Date, tuple[tuple[str, str], ...]]:
    """
    The parts of a :func:`figure_key`: indicator, first day, last day, group pairs.

    Raises:
        InvalidValueError: not a figure key.
    """
    parts = key.split("|")
    try:
        start, end = (dt.date.fromisoformat(p) for p in parts[1:3])
        pairs = tuple(tuple(p.split("=")) for p in parts[3:])
        if len(parts) < 3 or any(len(p) != 2 for p in pairs):
            raise ValueError(key)
    except ValueError:
        raise InvalidValueError(
            "figure key", "indicator|YYYY-MM-DD|YYYY-MM-DD|column=label...", key
        ) from None
    group = tuple((_unescape(c), _unescape(v)) for c, v in pairs)
    return (
        _unescape(parts[0]),
        pendulum.Date(start.year, start.month, start.day),
        pendulum.Date(end.year, end.month, end.day),
        group,
    )


# --------------------------------------------------------------------------- measuring


def _indicators(
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
) -> tuple[Indicator, ...]:
    from disputeflow.indicators.builtin import builtin
    from disputeflow.indicators.sets import IndicatorSet

    if isinstance(indicators, IndicatorSet):
        items: list[Indicator | str] = list(indicators.indicator_ids)
    elif isinstance(indicators, str | Indicator):
        items = [indicators]
    else:
        items = list(indicators)
    if not items:
        raise InvalidValueError("indicators", "at least one indicator", items)
    return tuple(i if isinstance(i, Indicator) else builtin(i) for i in items)


def _by(by: Sequence[str]) -> tuple[str, ...]:
    out = (by,) if isinstance(by, str) else tuple(by)
    bad = [b for b in out if b not in GROUP_COLUMNS]
    if bad:
        raise InvalidValueError("by", f"group columns among {', '.join(GROUP_COLUMNS)}", bad)
    return out


def _lifecycle_spec(item: Any) -> LifecycleSpec:
    from disputeflow.lifecycle.prc import LIFECYCLES

    if isinstance(item, Lifecycle):
        if item.id in LIFECYCLES:
            return item.id
        raise InvalidValueError(
            "lifecycles",
            "a shipped lifecycle id or a module-level factory function (a Measurement is "
            "pickled to worker processes, a Lifecycle object is not)",
            item.id,
        )
    if isinstance(item, str) or callable(item):
        return item  # type: ignore[no-any-return]
    raise InvalidValueError("lifecycles", "lifecycle ids, factories or Lifecycle objects", item)


@lru_cache(maxsize=16)
def _built_lifecycles(specs: tuple[LifecycleSpec, ...]) -> Mapping[str, Lifecycle]:
    # Built once per process: a worker process measures many replications.
    from disputeflow.lifecycle.prc import lifecycle

    built = [lifecycle(s) if isinstance(s, str) else s() for s in specs]
    return {lc.id: lc for lc in built}


def _figures(
    source: Replication,
    indicators: tuple[Indicator, ...],
    periods: tuple[ReportingPeriod, ...],
    by: tuple[str, ...],
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None,
    population: Any,
    departments: Mapping[str, str] | None,
) -> dict[str, float]:
    if isinstance(source, Mapping):
        return _selected(source, indicators, periods, by)
    rows = compute_rows(
        indicators,
        source,
        periods=periods,
        by=by,
        population=population,
        lifecycles=lifecycles,
        departments=departments,
    )
    return {
        figure_key(r.indicator, r.period.start_on, r.period.end_on, r.group): r.value for r in rows
    }


def _selected(
    figures: Mapping[str, float],
    indicators: tuple[Indicator, ...],
    periods: tuple[ReportingPeriod, ...],
    by: tuple[str, ...],
) -> dict[str, float]:
    # Figures measured elsewhere: keep those of these indicators and periods.
    ids = {i.id for i in indicators}
    spans = {(p.start_on, p.end_on) for p in periods}
    out = {}
    for key, value in figures.items():
        indicator, start, end, group = parse_figure_key(key)
        if indicator not in ids or (start, end) not in spans:
            continue
        if tuple(c for c, _ in group) != by:
            raise InvalidValueError(
                f"figure {key}", f"figures grouped by {list(by)}", [c for c, _ in group]
            )
        out[key] = float(value)
    return out


@attrs.frozen
class Measurement:
    """
    Takes a fixed set of indicator figures of one replication: ``events -> {key: value}``.

    Picklable, so a simulation runner can call it in worker processes and ship back only the
    figures. Keys are :func:`figure_key` strings; values are floats (NaN when undefined).
    Build one with :func:`measure`.

    Attributes:
        indicators: the definitions.
        periods: the reporting periods.
        by: the group columns.
        lifecycles: shipped lifecycle ids or module-level factories (built once per process).
        population: ``((region, year), population)`` pairs, for per-capita indicators.
        departments: ``(judge, department)`` pairs (:meth:`Tables.with_departments`).
    """

    indicators: tuple[Indicator, ...]
    periods: tuple[ReportingPeriod, ...]
    by: tuple[str, ...] = ()
    lifecycles: tuple[LifecycleSpec, ...] = ()
    population: tuple[tuple[tuple[str, int], float], ...] | None = None
    departments: tuple[tuple[str, str], ...] | None = None

    def lifecycle_map(self) -> Mapping[str, Lifecycle] | None:
        """
        The lifecycles by id (None when none were given: only tables can be measured).
        """
        return _built_lifecycles(self.lifecycles) if self.lifecycles else None

    def __call__(self, source: Replication) -> dict[str, float]:
        """
        The figures of one replication.

        Args:
            source: its events (needs ``lifecycles``), its tables, or figures already taken
                (the ones of this measurement are kept).

        Returns:
            ``{figure_key: value}`` for every indicator, observed group and period.

        Raises:
            InvalidValueError: events without lifecycles.
        """
        return _figures(
            source,
            self.indicators,
            self.periods,
            self.by,
            self.lifecycle_map(),
            dict(self.population) if self.population is not None else None,
            dict(self.departments) if self.departments is not None else None,
        )


def measure(
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    lifecycles: Lifecycle | LifecycleSpec | Iterable[Lifecycle | LifecycleSpec] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
) -> Measurement:
    """
    A picklable callable taking the figures of one replication (see :class:`Measurement`).

    Args:
        indicators: definitions, built-in ids, or a set (its members).
        periods: the reporting periods.
        by: the group columns.
        lifecycles: the lifecycles of the logs: shipped ids (``"prc-civil-2025"``),
            module-level factories (``prc_civil_2025``), or shipped Lifecycle objects.
        population: for per-capita indicators (:func:`~disputeflow.indicators.population_table`).
        departments: judge -> department (:meth:`Tables.with_departments`).

    Returns:
        The measurement.

    Raises:
        InvalidValueError: no indicators, bad periods or group columns, or a lifecycle that
            cannot be sent to another process (a Lifecycle object not shipped: pass its
            factory function).
        UnknownNameError: an unknown indicator id.
    """
    if lifecycles is None:
        specs: tuple[LifecycleSpec, ...] = ()
    elif isinstance(lifecycles, Lifecycle | str) or callable(lifecycles):
        specs = (_lifecycle_spec(lifecycles),)
    else:
        specs = tuple(_lifecycle_spec(x) for x in lifecycles)
    pop = population_table(population) if population is not None else None
    return Measurement(
        _indicators(indicators),
        periods_of(periods),
        _by(by),
        specs,
        tuple(sorted(pop.items())) if pop is not None else None,
        tuple(sorted(departments.items())) if departments is not None else None,
    )
