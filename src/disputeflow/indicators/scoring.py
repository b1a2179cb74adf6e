"""
Scoring indicator results against a set: per-indicator scores, composite score per unit and
period, share of indicators in range, ranking across units, month-by-month series.

Input is the tidy result table of :mod:`disputeflow.indicators.compute`: one row per indicator,
group (court, department ...) and period, with columns ``indicator, <group columns>,
period_start, period_end, numerator, denominator, value, unit, direction``.

The scoring rule (each member of the set, each unit and period):

- **Range** ``[low, high]`` (合理区间; a bound may be open): inside, bounds included, meets the
  standard and scores 100. Outside, the score falls linearly with the distance ``d`` to the
  nearest bound: ``100 x max(0, 1 - d / tolerance)``.
- **Target** ``t`` with direction ``higher``: met when ``value >= t`` (score 100), otherwise
  ``d = t - value``, scored as above; direction ``lower`` mirrors it. A target on an indicator
  with no direction is met only at ``t`` (a range ``[t, t]``).
- **Tolerance** (how far off scores 0): the member's ``tolerance`` when the set gives one,
  otherwise the range's width, or when the range is one-sided or a single point (or for a
  target) the absolute value of the bound, or 1 when that bound is 0.
- **No standard**: by the set's ``composite.unscored`` rule, ``skip`` (no score) or
  ``relative``: ``100 x (value - worst) / (best - worst)`` over the units of the same period,
  best and worst by the direction (100 for all when they are equal; no score without a
  direction).
- A value that could not be computed (empty denominator) has no score and is left out.

The composite is the weighted mean of the members' scores (``weighted_mean``), or 100 times
the weighted share of members meeting their standard (``share_in_range``), over the members
that have a score (or a standard and a value): weights are renormalised over those present.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.sets import DIRECTIONS, IndicatorSet, Member, load_set

if TYPE_CHECKING:
    import pandas as pd

    from disputeflow.indicators.definitions import ReportingPeriod
    from disputeflow.lifecycle import Lifecycle

__all__ = [
    "PERIOD_NAMES",
    "RESULT_COLUMNS",
    "Evaluation",
    "composite_scores",
    "evaluate_set",
    "group_columns",
    "periods_covering",
    "ranking",
    "score_indicators",
    "score_series",
    "score_value",
]

#: The fixed columns of a result table; every other column is a group column.
RESULT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "unit",
    "direction",
)
#: Descriptive columns a result table may carry besides the fixed ones; never group columns.
_DESCRIPTIVE = frozenset({"name_en", "name_zh", "category", "basis", "kind", "note"})


def group_columns(results: pd.DataFrame) -> tuple[str, ...]:
    """
    The group columns of a result table: those that are neither fixed nor descriptive.

    Args:
        results: a result table.

    Returns:
        The group column names, in table order.

    Raises:
        InvalidValueError: a fixed column is missing.
    """
    missing = [c for c in RESULT_COLUMNS if c not in results.columns]
    if missing:
        raise InvalidValueError(
            "results.columns", f"the result columns {', '.join(RESULT_COLUMNS)}", missing
        )
    return tuple(c for c in results.columns if c not in RESULT_COLUMNS and c not in _DESCRIPTIVE)


def _tolerance(member: Member, direction: str | None) -> float:
    if member.tolerance is not None:
        return member.tolerance
    if member.low is not None and member.high is not None and member.high > member.low:
        return member.high - member.low
    bound = next(b for b in (member.low, member.high, member.target) if b is not None)
    return abs(bound) if bound != 0 else 1.0


def _bounds(member: Member, direction: str | None) -> tuple[float, float]:
    if member.has_range:
        low = -math.inf if member.low is None else member.low
        high = math.inf if member.high is None else member.high
        return low, high
    assert member.target is not None
    if direction == "higher":
        return member.target, math.inf
    if direction == "lower":
        return -math.inf, member.target
    return member.target, member.target


def score_value(member: Member, value: float, direction: str | None = None) -> tuple[bool, float]:
    """
    Whether one value meets the member's standard, and its score (module docstring rule).

    Args:
        member: the set member; it must have a range or a target.
        value: the indicator value, finite.
        direction: the indicator's direction when the member does not state one.

    Returns:
        ``(meets, score)`` with the score between 0 and 100.

    Raises:
        InvalidValueError: the member has no standard.
    """
    if not member.has_standard:
        raise InvalidValueError(
            f"member {member.indicator}", "a member with a range or a target", member
        )
    direction = member.direction or (direction if direction in DIRECTIONS else None)
    low, high = _bounds(member, direction)
    if low <= value <= high or math.isclose(value, low) or math.isclose(value, high):
        return True, 100.0
    distance = low - value if value < low else value - high
    score = 100.0 * max(0.0, 1.0 - distance / _tolerance(member, direction))
    # A value a hair outside the standard must not round up to the full score: 100 means met.
    return False, min(score, math.nextafter(100.0, 0.0))


def score_indicators(
    results: pd.DataFrame, indicator_set: IndicatorSet, by: Sequence[str] | None = None
) -> pd.DataFrame:
    """
    Score each member of a set for each group and period.

    Args:
        results: a result table holding at least the set's indicators.
        indicator_set: the set.
        by: the group columns (default: :func:`group_columns`).

    Returns:
        One row per member, group and period: ``indicator``, the group columns,
        ``period_start``, ``period_end``, ``value``, ``unit``, ``direction`` (the member's
        or the indicator's), ``weight``, ``standard`` (text), ``low``, ``high``, ``target``,
        ``in_range`` (True/False, missing without a standard or a value) and ``score``
        (0-100, NaN when not scored). Members keep the set's order.

    Raises:
        InvalidValueError: a member of the set is missing from the results, or a result
            column is missing.
    """
    import numpy as np
    import pandas as pd

    groups = tuple(by) if by is not None else group_columns(results)
    group_columns(results)  # checks the fixed columns
    present = set(results["indicator"].unique())
    missing = [i for i in indicator_set.indicator_ids if i not in present]
    if missing:
        raise InvalidValueError(
            "results.indicator",
            f"rows for every member of {indicator_set.key}",
            f"no rows for {', '.join(missing)}",
        )
    keep = ["indicator", *groups, "period_start", "period_end", "value", "unit", "direction"]
    frames = []
    for order, member in enumerate(indicator_set.members):
        rows = results.loc[results["indicator"] == member.indicator, keep].copy()
        values = rows["value"].to_numpy(dtype=float)
        direction = rows["direction"].astype(object).where(rows["direction"].notna(), None)
        if member.direction is not None:
            direction = pd.Series(member.direction, index=rows.index, dtype=object)
        rows["direction"] = direction
        in_range = pd.Series(pd.NA, index=rows.index, dtype="boolean")
        score = np.full(len(rows), np.nan)
        if member.has_standard:
            for k, (v, dirn) in enumerate(zip(values, direction, strict=True)):
                if math.isfinite(v):
                    met, s = score_value(member, float(v), dirn)
                    in_range.iloc[k] = met
                    score[k] = s
        elif indicator_set.composite.unscored == "relative":
            score = _relative(rows, values, direction)
        rows["score"] = score
        rows["in_range"] = in_range
        rows["weight"] = member.weight
        first = direction.iloc[0] if len(direction) else None
        rows["standard"] = member.range_text(first if isinstance(first, str) else None)
        rows["low"] = np.nan if member.low is None else member.low
        rows["high"] = np.nan if member.high is None else member.high
        rows["target"] = np.nan if member.target is None else member.target
        rows["_order"] = order
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values([*groups, "period_start", "_order"], kind="stable")
    columns = [
        *keep,
        "weight",
        "standard",
        "low",
        "high",
        "target",
        "in_range",
        "score",
    ]
    return out[columns].reset_index(drop=True)


def _relative(rows: pd.DataFrame, values: Any, direction: pd.Series) -> Any:
    import numpy as np
    import pandas as pd

    score = np.full(len(rows), np.nan)
    frame = pd.DataFrame(
        {"p": rows["period_start"].to_numpy(), "v": values, "d": direction.to_numpy()}
    )
    for _, part in frame.groupby("p", sort=False):
        v = part["v"].to_numpy(dtype=float)
        ok = np.isfinite(v)
        dirn = part["d"].iloc[0]
        if not ok.any() or dirn not in DIRECTIONS:
            continue
        best, worst = (v[ok].max(), v[ok].min()) if dirn == "higher" else (v[ok].min(), v[ok].max())
        pos = part.index.to_numpy()
        if best == worst:
            score[pos[ok]] = 100.0
        else:
            score[pos[ok]] = 100.0 * (v[ok] - worst) / (best - worst) + 0.0  # no -0.0
    return score


def composite_scores(
    results: pd.DataFrame,
    indicator_set: IndicatorSet,
    by: Sequence[str] | None = None,
    *,
    scored: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """
    Composite score, share of indicators in range and rank, per group and period.

    Args:
        results: a result table holding at least the set's indicators.
        indicator_set: the set (its ``composite`` says how the score is formed).
        by: the group columns (default: :func:`group_columns`).
        scored: the output of :func:`score_indicators` when already computed.

    Returns:
        One row per group and period: the group columns, ``period_start``, ``period_end``,
        ``composite`` (0-100, NaN when no member could be scored), ``share_in_range``
        (members meeting their standard over members with a standard and a value, 0-1),
        ``n_members``, ``n_scored``, ``n_in_range``, ``n_with_standard``, and ``rank``
        (1 = best composite among the groups of the same period; ties share the best rank).
    """
    import numpy as np

    groups = tuple(by) if by is not None else group_columns(results)
    s = scored if scored is not None else score_indicators(results, indicator_set, groups)
    s = s.copy()
    judged = s["in_range"].notna()
    met = s["in_range"].fillna(False).astype(bool)
    has_score = s["score"].notna()
    s["_w_score"] = np.where(has_score, s["weight"] * s["score"].fillna(0.0), 0.0)
    s["_w_scored"] = np.where(has_score, s["weight"], 0.0)
    s["_w_met"] = np.where(met, s["weight"], 0.0)
    s["_w_judged"] = np.where(judged, s["weight"], 0.0)
    s["_scored"] = has_score.astype(int)
    s["_met"] = met.astype(int)
    s["_judged"] = judged.astype(int)
    keys = [*groups, "period_start", "period_end"]
    agg = (
        s.groupby(keys, sort=True, dropna=False)
        .agg(
            n_members=("indicator", "size"),
            n_scored=("_scored", "sum"),
            n_in_range=("_met", "sum"),
            n_with_standard=("_judged", "sum"),
            _w_score=("_w_score", "sum"),
            _w_scored=("_w_scored", "sum"),
            _w_met=("_w_met", "sum"),
            _w_judged=("_w_judged", "sum"),
        )
        .reset_index()
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        if indicator_set.composite.method == "weighted_mean":
            composite = agg["_w_score"] / agg["_w_scored"].where(agg["_w_scored"] > 0)
        else:
            composite = 100.0 * agg["_w_met"] / agg["_w_judged"].where(agg["_w_judged"] > 0)
        share = agg["n_in_range"] / agg["n_with_standard"].where(agg["n_with_standard"] > 0)
    agg["composite"] = composite.astype(float)
    agg["share_in_range"] = share.astype(float)
    agg["rank"] = (
        agg.groupby("period_start")["composite"].rank(method="min", ascending=False).astype("Int64")
    )
    columns = [
        *keys,
        "composite",
        "share_in_range",
        "n_members",
        "n_scored",
        "n_in_range",
        "n_with_standard",
        "rank",
    ]
    return agg[columns]


def ranking(composite: pd.DataFrame, period_start: Any = None) -> pd.DataFrame:
    """
    The groups of one period ordered by rank (best first).

    Args:
        composite: the output of :func:`composite_scores`.
        period_start: the period to rank (default: the latest in the table).

    Returns:
        The rows of that period sorted by rank, then by the group columns; groups without a
        composite come last.

    Raises:
        InvalidValueError: the table has no row for that period.
    """
    if composite.empty:
        raise InvalidValueError("composite", "a table with at least one period", "no rows")
    period = composite["period_start"].max() if period_start is None else period_start
    rows = composite.loc[composite["period_start"] == period]
    if rows.empty:
        valid = sorted(str(p) for p in composite["period_start"].unique())
        raise InvalidValueError("period_start", f"one of {', '.join(valid)}", period_start)
    keys = [c for c in composite.columns if c not in _COMPOSITE_COLUMNS]
    return rows.sort_values(["rank", *keys], na_position="last", kind="stable").reset_index(
        drop=True
    )


_COMPOSITE_COLUMNS = frozenset(
    {
        "period_start",
        "period_end",
        "composite",
        "share_in_range",
        "n_members",
        "n_scored",
        "n_in_range",
        "n_with_standard",
        "rank",
    }
)


def score_series(composite: pd.DataFrame, column: str = "composite") -> pd.DataFrame:
    """
    A month-by-month (period-by-period) series: one row per period, one column per group.

    Args:
        composite: the output of :func:`composite_scores`.
        column: the measure to show (``composite``, ``share_in_range``, ``rank`` ...).

    Returns:
        A table indexed by ``period_start``; columns are the group values (joined with
        ``" / "`` when there are several group columns).

    Raises:
        InvalidValueError: ``column`` is not a column of the table.
    """
    if column not in composite.columns:
        raise InvalidValueError("column", f"one of {', '.join(composite.columns)}", column)
    keys = [c for c in composite.columns if c not in _COMPOSITE_COLUMNS]
    frame = composite.copy()
    if not keys:
        frame["_group"] = "all"
    else:
        frame["_group"] = frame[keys].astype(str).agg(" / ".join, axis=1)
    table = frame.pivot_table(
        index="period_start", columns="_group", values=column, aggfunc="first", dropna=False
    )
    table.columns.name = None
    return table.sort_index()


#: Period lengths :func:`periods_covering` knows.
PERIOD_NAMES: tuple[str, ...] = ("month", "quarter", "year")


def periods_covering(first: dt.date, last: dt.date, period: str) -> tuple[ReportingPeriod, ...]:
    """
    Consecutive calendar periods from the one holding ``first`` to the one holding ``last``.

    Args:
        first, last: the first and last day to cover.
        period: ``month``, ``quarter`` or ``year``.

    Returns:
        The periods, in order.

    Raises:
        InvalidValueError: an unknown period, or ``last`` before ``first``.
    """
    from disputeflow.indicators.definitions import month, quarter, year

    if period not in PERIOD_NAMES:
        raise InvalidValueError("period", f"one of {', '.join(PERIOD_NAMES)}", period)
    if last < first:
        raise InvalidValueError("last", f"a date not before {first}", last)
    if period == "year":
        return tuple(year(y) for y in range(first.year, last.year + 1))
    if period == "quarter":
        start, end = (first.year, (first.month - 1) // 3), (last.year, (last.month - 1) // 3)
        return tuple(
            quarter(q // 4, q % 4 + 1)
            for q in range(start[0] * 4 + start[1], end[0] * 4 + end[1] + 1)
        )
    m0, m1 = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    return tuple(month(m // 12, m % 12 + 1) for m in range(m0, m1 + 1))


@attrs.frozen
class Evaluation:
    """
    A set evaluated over results: the result table, the member scores and the composites.

    Attributes:
        indicator_set: the set.
        by: the group columns.
        results: the result table (:mod:`disputeflow.indicators.compute`).
        scored: :func:`score_indicators` of it.
        composite: :func:`composite_scores` of it.
    """

    indicator_set: IndicatorSet
    by: tuple[str, ...]
    results: Any = attrs.field(eq=False)
    scored: Any = attrs.field(eq=False)
    composite: Any = attrs.field(eq=False)

    @classmethod
    def from_results(
        cls, results: pd.DataFrame, indicator_set: IndicatorSet, by: Sequence[str] | None = None
    ) -> Evaluation:
        """
        Score a result table computed elsewhere.

        Args:
            results: a result table holding the set's indicators.
            indicator_set: the set.
            by: the group columns (default: :func:`group_columns`).

        Returns:
            The evaluation.
        """
        groups = tuple(by) if by is not None else group_columns(results)
        scored = score_indicators(results, indicator_set, groups)
        composite = composite_scores(results, indicator_set, groups, scored=scored)
        return cls(indicator_set, groups, results, scored, composite)


def evaluate_set(
    source: Any,
    indicator_set: IndicatorSet | str,
    *,
    periods: ReportingPeriod | Sequence[ReportingPeriod],
    by: Sequence[str] = ("court",),
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
    population: pd.DataFrame | None = None,
) -> Evaluation:
    """
    Compute a set's indicators over a log (or its tables) and score them.

    Args:
        source: the events, or the tables built from them.
        indicator_set: the set, or its id or path (:func:`~disputeflow.indicators.sets.load_set`).
        periods: the reporting periods.
        by: the group columns.
        lifecycles: the lifecycles of the log (needed when ``source`` is events).
        population: ``region, period, population`` for per-capita indicators.

    Returns:
        The evaluation: results, member scores, composites and ranks.
    """
    from disputeflow.indicators.compute import compute

    chosen = load_set(indicator_set)
    results = compute(
        chosen.indicator_ids,
        source,
        periods=periods,
        by=tuple(by),
        population=population,
        lifecycles=lifecycles,
    )
    return Evaluation.from_results(results, chosen, by)
