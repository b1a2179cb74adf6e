"""
Source-prevention analytics (源头预防): where and in which categories disputes concentrate.

The first link of source governance (诉源治理) looks at intake: which dispute categories
concentrate in which regions, and how fast they grow, so that prevention work (a mediation
point at a housing estate, a talk with a lender) goes where disputes arise. From a table of
disputes (``dispute_id, category, region, court, opened_on``) and optionally a population
table (``region, period, population``) this module counts disputes by region x category x
period and gives, per cell:

- ``count`` and ``rate_per_10k`` = count / population x 10,000 (for the period, not
  annualised);
- ``growth``: the change of the count from the previous period of the same region and
  category, as a fraction (0.25 = +25 %; missing when the previous count is 0 or there is no
  previous period);
- ``share``: the category's share of the region's disputes in the period;
- ``location_quotient`` (LQ): the category's share in the region over its share in all
  regions together; above 1 the category is over-represented there.

The population of a region applies from its ``period`` (a year, or a date) until the next row
of the same region: a census year serves later years until a newer figure arrives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.tables import Tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DISPUTE_COLUMNS", "PERIODS", "concentration", "hotspot_table"]

#: The columns a disputes table must have.
DISPUTE_COLUMNS: tuple[str, ...] = ("dispute_id", "category", "region", "court", "opened_on")
#: Period lengths for the counts.
PERIODS: tuple[str, ...] = ("month", "quarter", "year")
PeriodName = Literal["month", "quarter", "year"]
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}


def _frame(disputes: Any) -> pd.DataFrame:
    import pandas as pd

    if isinstance(disputes, pd.DataFrame):
        frame = disputes
    elif isinstance(disputes, Tables):
        frame = disputes.frame("disputes")
    else:
        raise InvalidValueError(
            "disputes", "a DataFrame or the indicator Tables of a log", type(disputes)
        )
    missing = [c for c in DISPUTE_COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidValueError(
            "disputes.columns", f"the columns {', '.join(DISPUTE_COLUMNS)}", missing
        )
    undated = frame["opened_on"].isna()
    if undated.any():
        ids = frame.loc[undated, "dispute_id"].astype(str).head(5).tolist()
        raise InvalidValueError("disputes.opened_on", "a date for every dispute", ids)
    return frame


def _population_start(value: object) -> dt.date:
    import pandas as pd

    if isinstance(value, bool):
        raise InvalidValueError("population.period", "a year or a date", value)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit() and len(value) == 4):
        return dt.date(int(value), 1, 1)
    try:
        return pd.Timestamp(str(value)).date()  # type: ignore[no-any-return]
    except (ValueError, TypeError) as exc:
        raise InvalidValueError("population.period", "a year or a date", value) from exc


def hotspot_table(
    disputes: Any,
    population: pd.DataFrame | None = None,
    *,
    period: PeriodName = "month",
    by: Sequence[str] = ("region", "category"),
) -> pd.DataFrame:
    """
    Dispute counts, rates per 10,000 people, growth, share and location quotient.

    Args:
        disputes: a disputes table (:data:`DISPUTE_COLUMNS`; ``opened_on`` dates) or the
            indicator :class:`~disputeflow.indicators.tables.Tables` of a log.
        population: ``region, period, population`` (``period`` a year or a date from which the
            figure applies); without it the rate is missing.
        period: ``month``, ``quarter`` or ``year``.
        by: the area column and the category column, in that order (default
            ``("region", "category")``; ``("court", "category")`` works too, without rates).

    Returns:
        One row per area, category and period on the full grid (a category with no dispute in
        a period of an area that has disputes in it shows 0): the two ``by`` columns,
        ``period_start``, ``period_end`` (dates), ``count``, ``population``, ``rate_per_10k``,
        ``growth``, ``share``, ``location_quotient``.

    Raises:
        InvalidValueError: a missing column or ``opened_on`` date, an unknown period, a bad
            population row.
    """
    import numpy as np
    import pandas as pd

    if period not in PERIODS:
        raise InvalidValueError("period", f"one of {', '.join(PERIODS)}", period)
    if len(by) != 2:
        raise InvalidValueError("by", "two columns: the area and the category", by)
    area, category = by
    frame = _frame(disputes)
    if area not in frame.columns or category not in frame.columns:
        raise InvalidValueError("by", f"columns of the disputes table {list(frame.columns)}", by)
    opened = pd.to_datetime(frame["opened_on"])
    p = opened.dt.to_period(_FREQ[period])
    counts = (
        pd.DataFrame({area: frame[area].astype(str), category: frame[category].astype(str), "p": p})
        .groupby([area, category, "p"], observed=True)
        .size()
        .rename("count")
    )
    if counts.empty:
        columns = [area, category, "period_start", "period_end", "count", "population"]
        return pd.DataFrame(
            columns=[*columns, "rate_per_10k", "growth", "share", "location_quotient"]
        )
    areas = sorted(counts.index.get_level_values(0).unique())
    cats = sorted(counts.index.get_level_values(1).unique())
    first, last = counts.index.get_level_values(2).min(), counts.index.get_level_values(2).max()
    periods = pd.period_range(first, last, freq=_FREQ[period])
    grid = pd.MultiIndex.from_product([areas, cats, periods], names=[area, category, "p"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    table["count"] = table["count"].astype("int64")
    table["period_start"] = table["p"].dt.start_time.dt.date
    table["period_end"] = table["p"].dt.end_time.dt.date

    area_total = table.groupby([area, "p"])["count"].transform("sum")
    cat_total = table.groupby([category, "p"])["count"].transform("sum")
    all_total = table.groupby("p")["count"].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        table["share"] = (table["count"] / area_total.where(area_total > 0)).astype(float)
        table["location_quotient"] = (
            table["share"] / (cat_total / all_total.where(all_total > 0)).where(cat_total > 0)
        ).astype(float)
        prev = table.groupby([area, category])["count"].shift(1)
        table["growth"] = ((table["count"] - prev) / prev.where(prev > 0)).astype(float)
    table["population"] = _population(table, population, area)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["rate_per_10k"] = table["count"] / table["population"] * 10_000
    columns = [area, category, "period_start", "period_end", "count", "population"]
    return table[[*columns, "rate_per_10k", "growth", "share", "location_quotient"]]


def _population(table: pd.DataFrame, population: pd.DataFrame | None, area: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if population is None:
        return pd.Series(np.nan, index=table.index)
    needed = ("region", "period", "population")
    missing = [c for c in needed if c not in population.columns]
    if missing:
        raise InvalidValueError("population.columns", "region, period, population", missing)
    pop = pd.DataFrame(
        {
            area: population["region"].astype(str),
            "from": pd.to_datetime([_population_start(v) for v in population["period"]]),
            "population": population["population"].astype(float),
        }
    )
    if (pop["population"] <= 0).any() or pop["population"].isna().any():
        bad = population.loc[~(pop["population"] > 0).to_numpy(), "population"].tolist()
        raise InvalidValueError("population.population", "positive numbers", bad)
    left = pd.DataFrame(
        {area: table[area], "start": pd.to_datetime(table["period_start"]), "_row": table.index}
    ).sort_values("start")
    merged = pd.merge_asof(
        left,
        pop.sort_values("from"),
        left_on="start",
        right_on="from",
        by=area,
        direction="backward",
    )
    return merged.set_index("_row")["population"].reindex(table.index)


def concentration(
    table: pd.DataFrame,
    *,
    top: int = 5,
    min_count: int = 1,
    by: Sequence[str] = ("region", "category"),
) -> pd.DataFrame:
    """
    The categories where disputes concentrate most, summed over the table's periods.

    Args:
        table: the output of :func:`hotspot_table`.
        top: how many area-category cells to return.
        min_count: leave out cells with fewer disputes (a location quotient over a handful of
            cases says little).
        by: the area and category columns of the table.

    Returns:
        The ``top`` cells by location quotient (then count): the ``by`` columns, ``count``,
        ``share`` (of the area's disputes), ``location_quotient`` and ``share_of_category``
        (the area's share of all disputes of that category).

    Raises:
        InvalidValueError: ``top`` or ``min_count`` below 1.
    """
    if top < 1:
        raise InvalidValueError("top", "a positive number", top)
    if min_count < 1:
        raise InvalidValueError("min_count", "a positive number", min_count)
    area, category = by
    cells = table.groupby([area, category], as_index=False)["count"].sum()
    area_total = cells.groupby(area)["count"].transform("sum")
    cat_total = cells.groupby(category)["count"].transform("sum")
    total = cells["count"].sum()
    cells["share"] = cells["count"] / area_total.where(area_total > 0)
    cells["location_quotient"] = cells["share"] / (cat_total / total).where(cat_total > 0)
    cells["share_of_category"] = cells["count"] / cat_total.where(cat_total > 0)
    cells = cells.loc[cells["count"] >= min_count]
    cells = cells.sort_values(
        ["location_quotient", "count", area, category],
        ascending=[False, False, True, True],
        kind="stable",
    )
    return cells.head(top).reset_index(drop=True)
