"""
Compute indicators over tables for reporting periods and groups, vectorised.

The evaluation itself is in :mod:`disputeflow.indicators._evaluate`; this module resolves the
inputs and lays out the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.events.event import Event
from disputeflow.indicators._evaluate import _Context, _evaluate
from disputeflow.indicators.definitions import (
    GROUP_COLUMNS,
    Indicator,
    ReportingPeriod,
    periods_of,
)
from disputeflow.indicators.tables import Tables, build_tables
from disputeflow.lifecycle.definition import Lifecycle

__all__ = ["RESULT_COLUMNS", "ResultRow", "compute", "compute_rows", "population_table"]

#: Columns of :func:`compute`'s result; the group columns come after ``indicator``.
RESULT_COLUMNS = (
    "indicator",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "unit",
    "direction",
)


@attrs.frozen
class ResultRow:
    """
    One result without pandas: an indicator's value for one group and period.
    """

    indicator: str
    group: tuple[tuple[str, str], ...]
    period: ReportingPeriod
    numerator: float
    denominator: float
    value: float
    unit: str
    direction: str


def population_table(population: Any) -> dict[tuple[str, int], float]:
    """
    Normalise a population table to ``{(region, year): population}``.

    Accepts a pandas DataFrame with columns ``region``, ``period`` (a year, a date or an ISO
    date string; its year is used) and ``population``; a mapping ``{(region, year): n}``; or
    rows ``(region, period, population)``.

    Raises:
        InvalidValueError: the table has another shape.
    """

    def year_of(p: Any) -> int:
        if hasattr(p, "year"):
            return int(p.year)
        return int(str(p)[:4])

    rows: Iterable[Any]
    if hasattr(population, "to_dict") and hasattr(population, "columns"):
        missing = {"region", "period", "population"} - set(population.columns)
        if missing:
            raise InvalidValueError("population", "columns region, period, population", missing)
        rows = zip(
            population["region"], population["period"], population["population"], strict=True
        )
    elif isinstance(population, Mapping):
        rows = ((r, p, n) for (r, p), n in population.items())
    else:
        rows = population
    try:
        return {(str(r), year_of(p)): float(n) for r, p, n in rows}
    except (TypeError, ValueError) as exc:
        raise InvalidValueError(
            "population", "rows (region, period, population)", population
        ) from exc


def _resolve(indicators: Iterable[Indicator | str]) -> list[Indicator]:
    from disputeflow.indicators.builtin import builtin

    items = [indicators] if isinstance(indicators, str | Indicator) else list(indicators)
    return [i if isinstance(i, Indicator) else builtin(i) for i in items]


def _listed(indicators: Iterable[Indicator | str] | Indicator | str) -> list[Indicator | str]:
    if isinstance(indicators, str | Indicator):
        return [indicators]
    return list(indicators)


def _tables(source: Any, lifecycles: Any, departments: Mapping[str, str] | None = None) -> Tables:
    if isinstance(source, Tables):
        return source if departments is None else source.with_departments(departments)
    if lifecycles is None:
        raise InvalidValueError("lifecycles", "the lifecycle(s) of the events", None)
    return build_tables(source, lifecycles, departments=departments)


def _run(
    indicators: Iterable[Indicator | str],
    source: Tables | Iterable[Event],
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str],
    population: Any,
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None,
    departments: Mapping[str, str] | None = None,
) -> tuple[_Context, list[tuple[Indicator, tuple[np.ndarray, np.ndarray, np.ndarray]]]]:
    by = tuple(by)
    bad = [b for b in by if b not in GROUP_COLUMNS]
    if bad:
        raise UnknownNameError("group column", bad[0], GROUP_COLUMNS)
    ctx = _Context(_tables(source, lifecycles, departments), periods_of(periods), by)
    pop = population_table(population) if population is not None else None
    return ctx, [(ind, _evaluate(ctx, ind, pop)) for ind in _resolve(indicators)]


def compute(
    indicators: Iterable[Indicator | str] | Indicator | str,
    source: Tables | Iterable[Event],
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    population: Any = None,
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    departments: Mapping[str, str] | None = None,
) -> Any:
    """
    Indicators for each group and period, as a tidy pandas DataFrame.

    Columns: ``indicator``, one per ``by`` entry, ``period_start``, ``period_end``,
    ``numerator``, ``denominator``, ``value``, ``unit``, ``direction`` (see
    ``docs/indicators.md``). One row per indicator, observed group and period.

    Args:
        indicators: definitions or built-in ids.
        source: :class:`Tables`, or events (then ``lifecycles`` is required).
        periods: one reporting period or several (e.g. ``months(2025, 1, 12)``).
        by: group columns, from :data:`GROUP_COLUMNS`.
        population: for per-capita indicators (see :func:`population_table`).
        lifecycles: the lifecycle(s) of the events.
        departments: judge -> department, filling the ``department`` of proceedings whose
            log records none (:meth:`Tables.with_departments`).

    Returns:
        The long table, one row per indicator, observed group and period; ``numerator``,
        ``denominator`` and ``value`` are floats (NaN where undefined).

    Raises:
        UnknownNameError: an unknown indicator id or group column.
        InvalidValueError: events without lifecycles, bad periods or population.
    """
    import pandas as pd

    ctx, results = _run(
        _listed(indicators), source, periods, by, population, lifecycles, departments
    )
    groups = ctx.labels_of_groups()
    G, P = ctx.G, ctx.P
    n = G * P
    cols: dict[str, list[Any]] = {c: [] for c in ("indicator", *ctx.by, *RESULT_COLUMNS[1:])}
    starts = [p.start_on for p in ctx.periods] * G
    ends = [p.end_on for p in ctx.periods] * G
    for ind, (num, den, val) in results:
        cols["indicator"] += [ind.id] * n
        for j, c in enumerate(ctx.by):
            cols[c] += [g[j] for g in groups for _ in range(P)]
        cols["period_start"] += starts
        cols["period_end"] += ends
        cols["numerator"] += num.ravel().tolist()
        cols["denominator"] += den.ravel().tolist()
        cols["value"] += val.ravel().tolist()
        cols["unit"] += [ind.unit] * n
        cols["direction"] += [ind.direction] * n
    frame = pd.DataFrame(cols)
    for c in ("numerator", "denominator", "value"):
        frame[c] = frame[c].astype(float)
    return frame


def compute_rows(
    indicators: Iterable[Indicator | str] | Indicator | str,
    source: Tables | Iterable[Event],
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    population: Any = None,
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    departments: Mapping[str, str] | None = None,
) -> tuple[ResultRow, ...]:
    """
    The same results as :func:`compute`, as :class:`ResultRow` values (no pandas needed).
    """
    ctx, results = _run(
        _listed(indicators), source, periods, by, population, lifecycles, departments
    )
    groups = ctx.labels_of_groups()
    out = []
    for ind, (num, den, val) in results:
        for gi, labels in enumerate(groups):
            group = tuple(zip(ctx.by, labels, strict=True))
            for pi, period in enumerate(ctx.periods):
                out.append(
                    ResultRow(
                        ind.id,
                        group,
                        period,
                        float(num[gi, pi]),
                        float(den[gi, pi]),
                        float(val[gi, pi]),
                        ind.unit,
                        ind.direction,
                    )
                )
    return tuple(out)
