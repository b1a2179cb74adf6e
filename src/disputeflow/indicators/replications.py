"""
Indicators across simulation replications: mean and confidence interval, paired comparison of
two scenarios under common random numbers, and monthly set scores.

A simulation is run ``n`` times (replications) with independent random streams; each run gives
a log, and each log gives a value ``x_i`` of an indicator for a group and period. Over the
replications the estimate is the mean ``m = sum(x_i) / n``; its confidence interval is Student's
``m -/+ t(1 - (1 - level) / 2, n - 1) x s / sqrt(n)``, ``s`` the sample standard deviation
(``n - 1`` in its denominator). With one replication there is no spread to estimate: the
interval is NaN and the row's ``note`` says so.

Two scenarios run under common random numbers (replication ``i`` of both uses the same seed)
are compared pair by pair: ``d_i = variant_i - baseline_i``, the mean difference with its
paired-t interval. The pairing removes the noise the two runs share, so the interval is
narrower than the one from two independent samples.

A replication is an event log, the :class:`~disputeflow.indicators.Tables` built from it, or
the figures a :class:`Measurement` took of it (``{key: value}``): a simulation runner can call
a :class:`Measurement` in its worker processes and ship back only the figures, not the logs.
Nothing here imports the simulation: the layers keep indicators and simulation apart.

A value that cannot be computed in a replication (an empty denominator), or a group a
replication never observed, is left out of that indicator's statistics; the ``n`` column counts
the replications used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pendulum

from disputeflow.errors import InvalidValueError
from disputeflow.indicators._student_t import check_level, interval, student_t_quantile
from disputeflow.indicators.compute import population_table
from disputeflow.indicators.definitions import Indicator, ReportingPeriod, periods_of
from disputeflow.indicators.measurement import (
    Measurement,
    Replication,
    _by,
    _figures,
    _indicators,
    figure_key,
    measure,
    parse_figure_key,
)
from disputeflow.lifecycle.definition import Lifecycle

if TYPE_CHECKING:
    import pandas as pd

    from disputeflow.indicators.sets import IndicatorSet

__all__ = [
    "Difference",
    "Measurement",
    "Replication",
    "Summary",
    "compare",
    "compare_rows",
    "figure_key",
    "measure",
    "parse_figure_key",
    "score_replications",
    "student_t_quantile",
    "summarize",
    "summarize_rows",
]


@attrs.frozen
class Summary:
    """
    One indicator for one group and period over the replications.

    Attributes:
        indicator, group, period_start, period_end: what was measured (``group`` holds
            ``(column, label)`` pairs).
        n: replications with a value.
        mean, std: their mean and sample standard deviation.
        ci_low, ci_high: the Student-t interval at ``level`` (NaN when ``n < 2``).
        level: the confidence level.
        unit, direction: the indicator's.
        note: why the interval is missing, or ``""``.
    """

    indicator: str
    group: tuple[tuple[str, str], ...]
    period_start: pendulum.Date
    period_end: pendulum.Date
    n: int
    mean: float
    std: float
    ci_low: float
    ci_high: float
    level: float
    unit: str
    direction: str
    note: str


@attrs.frozen
class Difference:
    """
    A variant minus its baseline for one indicator, group and period, paired by replication.

    Attributes:
        indicator, group, period_start, period_end: what was measured.
        n: pairs where both scenarios have a value.
        baseline_mean, variant_mean: the means over those pairs.
        difference: the mean of ``variant_i - baseline_i`` (= variant_mean - baseline_mean).
        std: the sample standard deviation of the differences.
        ci_low, ci_high: the paired-t interval of the difference (NaN when ``n < 2``).
        level, unit, direction, note: as in :class:`Summary`.
    """

    indicator: str
    group: tuple[tuple[str, str], ...]
    period_start: pendulum.Date
    period_end: pendulum.Date
    n: int
    baseline_mean: float
    variant_mean: float
    difference: float
    std: float
    ci_low: float
    ci_high: float
    level: float
    unit: str
    direction: str
    note: str


def _collect(
    replications: Iterable[Replication], m: _Setup
) -> tuple[list[dict[str, float]], list[str]]:
    figures = [m.figures(r) for r in replications]
    _some(len(figures))
    return figures, m.ordered({k for f in figures for k in f})


def _some(n: int) -> None:
    if n == 0:
        raise InvalidValueError("replications", "at least one replication", "none")


@attrs.frozen
class _Setup:
    indicators: tuple[Indicator, ...]
    periods: tuple[ReportingPeriod, ...]
    by: tuple[str, ...]
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None
    population: Any
    departments: Mapping[str, str] | None
    level: float

    @classmethod
    def of(cls, indicators: Any, periods: Any, by: Any, lifecycles: Any, population: Any,
           departments: Any, level: float) -> _Setup:  # fmt: skip
        pop = population_table(population) if population is not None else None
        return cls(_indicators(indicators), periods_of(periods), _by(by), lifecycles, pop,
                   departments, check_level(level))  # fmt: skip

    def figures(self, source: Replication) -> dict[str, float]:
        return _figures(source, self.indicators, self.periods, self.by, self.lifecycles,
                        self.population, self.departments)  # fmt: skip

    def ordered(self, keys: set[str]) -> list[str]:
        # Indicator order as given, then group labels, then period order.
        order = {i.id: k for k, i in enumerate(self.indicators)}
        spans = {(p.start_on, p.end_on): k for k, p in enumerate(self.periods)}
        parsed = {k: parse_figure_key(k) for k in keys}
        return sorted(
            keys,
            key=lambda k: (order[parsed[k][0]], parsed[k][3], spans[parsed[k][1:3]]),
        )

    def definition(self, indicator: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator)


def summarize_rows(
    replications: Iterable[Replication],
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
    level: float = 0.95,
) -> tuple[Summary, ...]:
    """
    Each indicator's mean over the replications with its confidence interval, without pandas.

    Args:
        replications: one event log, :class:`Tables` or figures (:class:`Measurement`) per
            replication.
        indicators: definitions, built-in ids, or a set.
        periods: the reporting periods.
        by: the group columns.
        lifecycles: the lifecycles of the logs (needed for event logs).
        population: for per-capita indicators.
        departments: judge -> department.
        level: the confidence level (0.95: a 95 % interval).

    Returns:
        One :class:`Summary` per indicator, group seen in any replication, and period.

    Raises:
        InvalidValueError: a bad level, periods or group columns; figures grouped otherwise.
    """
    setup = _Setup.of(indicators, periods, by, lifecycles, population, departments, level)
    figures, keys = _collect(replications, setup)
    out = []
    for key in keys:
        indicator, start, end, group = parse_figure_key(key)
        values = np.array([f.get(key, math.nan) for f in figures], dtype=float)
        n, mean, std, low, high, note = interval(values, setup.level)
        ind = setup.definition(indicator)
        out.append(Summary(indicator, group, start, end, n, mean, std, low, high,
                           setup.level, ind.unit, ind.direction, note))  # fmt: skip
    return tuple(out)


def _frame(
    rows: Sequence[Summary] | Sequence[Difference],
    kind: type[Summary] | type[Difference],
    by: tuple[str, ...],
) -> pd.DataFrame:
    import pandas as pd

    fields = [f.name for f in attrs.fields(kind)]
    records = []
    for r in rows:
        rec: dict[str, Any] = {"indicator": r.indicator, **dict(r.group)}
        rec.update({f: getattr(r, f) for f in fields if f not in ("indicator", "group")})
        records.append(rec)
    columns = ["indicator", *by, *[f for f in fields if f not in ("indicator", "group")]]
    return pd.DataFrame.from_records(records, columns=columns)


def summarize(
    replications: Iterable[Replication],
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """
    :func:`summarize_rows` as a pandas DataFrame.

    Returns:
        Columns ``indicator``, the ``by`` columns, ``period_start``, ``period_end``, ``n``,
        ``mean``, ``std``, ``ci_low``, ``ci_high``, ``level``, ``unit``, ``direction``,
        ``note``.
    """
    rows = summarize_rows(replications, indicators, periods=periods, by=by,
                          lifecycles=lifecycles, population=population,
                          departments=departments, level=level)  # fmt: skip
    return _frame(rows, Summary, _by(by))


def _pairs(
    baseline: Iterable[Replication], variant: Iterable[Replication], setup: _Setup
) -> Iterator[tuple[dict[str, float], dict[str, float]]]:
    base, var = iter(baseline), iter(variant)
    n = 0
    while True:
        b, v = next(base, None), next(var, None)
        if b is None and v is None:
            return
        if b is None or v is None:
            more = "variant" if b is None else "baseline"
            raise InvalidValueError(
                "replications",
                "as many baseline as variant replications (paired by common random numbers)",
                f"the {more} has more than {n}",
            )
        n += 1
        yield setup.figures(b), setup.figures(v)


def compare_rows(
    baseline: Iterable[Replication],
    variant: Iterable[Replication],
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
    level: float = 0.95,
) -> tuple[Difference, ...]:
    """
    Variant minus baseline, replication ``i`` paired with replication ``i``, without pandas.

    Both scenarios must be run under common random numbers: replication ``i`` of each with the
    same seed, so the pairs share their noise.

    Args:
        baseline, variant: one event log, :class:`Tables` or figures per replication, in the
            same order and the same number.
        indicators, periods, by, lifecycles, population, departments, level: as in
            :func:`summarize_rows`.

    Returns:
        One :class:`Difference` per indicator, group seen in either scenario, and period.

    Raises:
        InvalidValueError: the scenarios have different numbers of replications; a bad level,
            periods or group columns.
    """
    setup = _Setup.of(indicators, periods, by, lifecycles, population, departments, level)
    pairs = list(_pairs(baseline, variant, setup))
    _some(len(pairs))
    keys = setup.ordered({k for pair in pairs for f in pair for k in f})
    out = []
    for key in keys:
        indicator, start, end, group = parse_figure_key(key)
        b = np.array([p[0].get(key, math.nan) for p in pairs], dtype=float)
        v = np.array([p[1].get(key, math.nan) for p in pairs], dtype=float)
        both = np.isfinite(b) & np.isfinite(v)
        n, diff, std, low, high, note = interval(v[both] - b[both], setup.level)
        b_mean = float(np.mean(b[both])) if n else math.nan
        v_mean = float(np.mean(v[both])) if n else math.nan
        ind = setup.definition(indicator)
        out.append(Difference(indicator, group, start, end, n, b_mean, v_mean, diff, std, low,
                              high, setup.level, ind.unit, ind.direction, note))  # fmt: skip
    return tuple(out)


def compare(
    baseline: Iterable[Replication],
    variant: Iterable[Replication],
    indicators: Iterable[Indicator | str] | IndicatorSet | Indicator | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = (),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """
    :func:`compare_rows` as a pandas DataFrame.

    Returns:
        Columns ``indicator``, the ``by`` columns, ``period_start``, ``period_end``, ``n``,
        ``baseline_mean``, ``variant_mean``, ``difference``, ``std``, ``ci_low``,
        ``ci_high``, ``level``, ``unit``, ``direction``, ``note``.
    """
    rows = compare_rows(baseline, variant, indicators, periods=periods, by=by,
                        lifecycles=lifecycles, population=population,
                        departments=departments, level=level)  # fmt: skip
    return _frame(rows, Difference, _by(by))


# --------------------------------------------------------------------------- set scores


def score_replications(
    replications: Iterable[Replication],
    indicator_set: IndicatorSet | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = ("court",),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: Any = None,
    departments: Mapping[str, str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """
    A set's composite score per group and period: mean over the replications and interval.

    Each replication is scored on its own (:class:`~disputeflow.indicators.scoring.Evaluation`:
    the set's standards, weights and composite rule), then the composites are summarised as
    in :func:`summarize_rows`. With monthly periods this is the month-by-month score series of
    a set across replications.

    Args:
        replications: one event log, :class:`Tables` or figures per replication (figures must
            hold every member of the set).
        indicator_set: the set, or its id (``"local-platform@3.0"``) or TOML path.
        periods, by, lifecycles, population, departments, level: as in
            :func:`summarize_rows`.

    Returns:
        Columns: the ``by`` columns, ``period_start``, ``period_end``, ``n``,
        ``composite_mean``, ``composite_std``, ``ci_low``, ``ci_high`` (of the composite),
        ``share_in_range_mean`` (0-1), ``level``, ``note``; one row per group and period.

    Raises:
        InvalidValueError: as :func:`summarize_rows`; figures missing a member of the set.
        UnknownNameError: an unknown set id.
    """
    import pandas as pd

    from disputeflow.indicators.scoring import Evaluation
    from disputeflow.indicators.sets import load_set

    chosen = load_set(indicator_set)
    setup = _Setup.of(chosen, periods, by, lifecycles, population, departments, level)
    keys = [*setup.by, "period_start", "period_end"]
    composites = []
    for rep in replications:
        figures = setup.figures(rep)
        records = []
        for key, value in figures.items():
            indicator, start, end, group = parse_figure_key(key)
            ind = setup.definition(indicator)
            records.append({"indicator": indicator, **dict(group), "period_start": start,
                            "period_end": end, "numerator": math.nan,
                            "denominator": math.nan, "value": value, "unit": ind.unit,
                            "direction": ind.direction})  # fmt: skip
        results = pd.DataFrame.from_records(
            records,
            columns=["indicator", *setup.by, "period_start", "period_end", "numerator",
                     "denominator", "value", "unit", "direction"],
        )  # fmt: skip
        composite = Evaluation.from_results(results, chosen, setup.by).composite
        composites.append(composite.set_index(keys)[["composite", "share_in_range"]])
    _some(len(composites))
    groups = sorted({k for c in composites for k in c.index}, key=lambda k: tuple(map(str, k)))
    rows = []
    for g in groups:
        got = [c.loc[g] if g in c.index else None for c in composites]
        values = np.array([math.nan if r is None else r["composite"] for r in got], dtype=float)
        shares = np.array(
            [math.nan if r is None else r["share_in_range"] for r in got], dtype=float
        )
        n, mean, std, low, high, note = interval(values, setup.level)
        share = float(np.nanmean(shares)) if np.isfinite(shares).any() else math.nan
        labels = g if isinstance(g, tuple) else (g,)
        rows.append([*labels, n, mean, std, low, high, share, setup.level, note])
    columns = [*keys, "n", "composite_mean", "composite_std", "ci_low", "ci_high",
               "share_in_range_mean", "level", "note"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
