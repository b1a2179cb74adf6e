"""
Who contributes how much to the gap between a ratio indicator and its target.

A ratio indicator over units i (departments, judges, mediators, courts) is
``r = sum(num_i) / sum(den_i)`` (times its scale, 100 for percentages). Against a target ``t``,
unit i contributes ``(den_i / sum(den)) x (r_i - t)``: its share of the denominator times its
own distance to the target. The contributions add up to the gap ``r - t`` exactly, since
``sum(den_i / D x r_i) = r`` and ``sum(den_i / D) = 1`` (DOMAIN.md section 4). A unit with an
empty denominator weighs nothing and contributes 0.

Only ratio indicators decompose this way: a median, a count or a composite score is not a
weighted mean of the units' values, so :func:`decompose` refuses it
(:class:`NotDecomposableError`) and :func:`per_unit` shows such indicators unit by unit instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.scoring import group_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NotDecomposableError", "decompose", "per_unit", "ratio_scale"]


class NotDecomposableError(InvalidValueError):
    """
    The indicator is not a ratio of sums (a median, a count, a composite score ...).

    Attributes:
        indicator: the indicator id.
    """

    def __init__(self, indicator: str, why: str) -> None:
        self.indicator = indicator
        super().__init__(
            f"indicator {indicator}",
            "a ratio indicator (numerator and denominator summed over units); "
            "show it per unit with per_unit() instead",
            why,
        )


def _definition_kind(indicator: str) -> str | None:
    # The built-in definition says whether an indicator is a ratio; indicators defined by the
    # caller are judged from their rows (a numerator and a denominator in every row).
    try:
        from disputeflow.indicators.builtin import BUILTIN
    except ImportError:  # pragma: no cover - the sibling module ships with the package
        return None
    definition = BUILTIN.get(indicator)
    return None if definition is None else str(definition.kind)


def ratio_scale(rows: pd.DataFrame) -> float:
    """
    The factor between ``numerator / denominator`` and ``value`` (100 for percentages).

    Read from the rows with a positive numerator and denominator; from the unit (``%`` is
    100, anything else 1) when no row shows it.

    Args:
        rows: result rows of one indicator and period (the scale of CEPEJ disposition time
            is the number of days in the period).

    Returns:
        The scale.

    Raises:
        InvalidValueError: rows disagree on the scale (value is not num / den x scale).
    """
    import numpy as np

    num = rows["numerator"].to_numpy(dtype=float)
    den = rows["denominator"].to_numpy(dtype=float)
    val = rows["value"].to_numpy(dtype=float)
    ok = (num > 0) & (den > 0) & np.isfinite(val)
    if ok.any():
        scales = val[ok] * den[ok] / num[ok]
        scale = float(np.median(scales))
        if not np.allclose(scales, scale, rtol=1e-6):
            raise InvalidValueError(
                "results.value", "numerator / denominator x one scale in every row", scales
            )
        return float(round(scale)) if math.isclose(scale, round(scale), rel_tol=1e-9) else scale
    units = rows["unit"].dropna().unique()
    return 100.0 if len(units) and str(units[0]) == "%" else 1.0


def _rows(results: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = results.loc[results["indicator"] == indicator]
    if rows.empty:
        valid = sorted(str(i) for i in results["indicator"].unique())
        raise InvalidValueError("indicator", f"one of {', '.join(valid)}", indicator)
    return rows


def _within(results: pd.DataFrame, by: Sequence[str], within: Sequence[str] | None) -> list[str]:
    groups = group_columns(results)
    missing = [c for c in by if c not in groups]
    if missing or not by:
        raise InvalidValueError("by", f"one or more of the group columns {list(groups)}", by)
    if within is None:
        return [c for c in groups if c not in by]
    bad = [c for c in within if c not in groups or c in by]
    if bad:
        raise InvalidValueError(
            "within", f"group columns other than by ({[c for c in groups if c not in by]})", bad
        )
    return list(within)


def decompose(
    results: pd.DataFrame,
    indicator: str,
    by: Sequence[str],
    target: float,
    *,
    within: Sequence[str] | None = None,
) -> pd.DataFrame:
    """
    Decompose a ratio indicator's gap to a target into the contributions of units.

    Args:
        results: a result table computed with the unit columns among its groups (e.g.
            ``by=("court", "judge")``).
        indicator: the indicator id.
        by: the unit columns (e.g. ``("judge",)``).
        target: the target, in the indicator's unit (e.g. 95 for 95 %).
        within: the columns the decomposition is done inside (default: the other group
            columns, e.g. ``("court",)``); units are summed over any group column in neither.

    Returns:
        One row per ``within`` group, period and unit: the ``within`` columns,
        ``period_start``, ``period_end``, the ``by`` columns, ``numerator``, ``denominator``,
        ``value`` (the unit's own ratio), ``share`` (its share of the denominator),
        ``contribution`` (``share x (value - target)``), ``overall`` (the group's ratio),
        ``target`` and ``gap`` (``overall - target``; the contributions of a group add up to
        it). Units with an empty denominator have no value and contribute 0.

    Raises:
        NotDecomposableError: the indicator is not a ratio of sums.
        InvalidValueError: unknown indicator or columns.
    """
    import numpy as np

    rows = _rows(results, indicator)
    kind = _definition_kind(indicator)
    if kind is not None and kind != "ratio":
        raise NotDecomposableError(indicator, f"its definition is a {kind}")
    den_missing = rows["denominator"].isna()
    if den_missing.any() or (rows["numerator"].isna() & (rows["denominator"] != 0)).any():
        raise NotDecomposableError(indicator, "rows without a numerator or a denominator")
    rows = rows.assign(numerator=rows["numerator"].fillna(0.0))
    outer = _within(results, by, within)
    # One scale per period: CEPEJ disposition time scales by the days in the period.
    scales = {p: ratio_scale(part) for p, part in rows.groupby("period_start", sort=False)}
    keys = [*outer, "period_start", "period_end"]
    units = (
        rows.groupby([*keys, *by], sort=True, dropna=False)[["numerator", "denominator"]]
        .sum()
        .reset_index()
    )
    scale = units["period_start"].map(scales).to_numpy(dtype=float)
    totals = units.groupby(keys, sort=False, dropna=False)[["numerator", "denominator"]].transform(
        "sum"
    )
    num = units["numerator"].to_numpy(dtype=float)
    den = units["denominator"].to_numpy(dtype=float)
    total_num = totals["numerator"].to_numpy(dtype=float)
    total_den = totals["denominator"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(den > 0, scale * num / den, np.nan)
        share = np.where(total_den > 0, den / total_den, np.nan)
        overall = np.where(total_den > 0, scale * total_num / total_den, np.nan)
    contribution = np.where(den > 0, share * (value - target), np.where(total_den > 0, 0.0, np.nan))
    units["value"] = value
    units["share"] = share
    units["contribution"] = contribution
    units["overall"] = overall
    units["target"] = float(target)
    units["gap"] = overall - float(target)
    return units[
        [
            *keys,
            *by,
            "numerator",
            "denominator",
            "value",
            "share",
            "contribution",
            "overall",
            "target",
            "gap",
        ]
    ]


def per_unit(
    results: pd.DataFrame,
    indicator: str,
    by: Sequence[str],
    *,
    within: Sequence[str] | None = None,
) -> pd.DataFrame:
    """
    Any indicator shown unit by unit (the path for medians, counts and composites).

    Args:
        results: a result table computed with the unit columns among its groups.
        indicator: the indicator id.
        by: the unit columns.
        within: the columns units are compared inside (default: the other group columns).

    Returns:
        One row per ``within`` group, period and unit: those columns, ``value``, ``unit``,
        ``direction`` and ``rank`` (1 = best by the direction, or by largest value when the
        indicator has none; missing values unranked).

    Raises:
        InvalidValueError: unknown indicator or columns, or units that repeat inside a group
            (a group column is in neither ``by`` nor ``within``).
    """
    rows = _rows(results, indicator)
    outer = _within(results, by, within)
    keys = [*outer, "period_start", "period_end"]
    if rows.duplicated([*keys, *by]).any():
        raise InvalidValueError(
            "within", "every group column not in by (a non-ratio cannot be summed)", outer
        )
    out = rows[[*keys, *by, "value", "unit", "direction"]].copy()
    ascending = out["direction"].astype(str).eq("lower")
    signed = out["value"].where(ascending, -out["value"])
    out["rank"] = signed.groupby([out[k] for k in keys], dropna=False).rank(method="min")
    out["rank"] = out["rank"].astype("Int64")
    return out.sort_values([*keys, "rank", *by], na_position="last", kind="stable").reset_index(
        drop=True
    )
