"""
Tests for disputeflow.indicators.hotspots: source-prevention counts, rates and concentration.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.hotspots import concentration, hotspot_table


def disputes(rows: list[tuple[str, str, dt.date]]) -> pd.DataFrame:
    """
    A disputes table from (region, category, opened_on).
    """
    return pd.DataFrame(
        {
            "dispute_id": [f"D-{i}" for i in range(len(rows))],
            "category": [c for _, c, _ in rows],
            "region": [r for r, _, _ in rows],
            "court": [f"court-{r}" for r, _, _ in rows],
            "opened_on": [d for _, _, d in rows],
        }
    )


JAN, FEB, MAR = dt.date(2024, 1, 10), dt.date(2024, 2, 10), dt.date(2024, 3, 10)

#: Taobei: 3 loans + 1 property in January, 6 loans in February; Taonan: 1 loan and 3 property
#: in January, none in February, 1 property in March.
SAMPLE = disputes(
    [("taobei", "loan", JAN)] * 3
    + [("taobei", "property", JAN)]
    + [("taobei", "loan", FEB)] * 6
    + [("taonan", "loan", JAN)]
    + [("taonan", "property", JAN)] * 3
    + [("taonan", "property", MAR)]
)
POPULATION = pd.DataFrame(
    {"region": ["taobei", "taonan"], "period": [2020, 2020], "population": [356_054, 307_215]}
)


def cell(table: pd.DataFrame, region: str, category: str, start: str) -> pd.Series:
    rows = table.loc[
        (table["region"] == region)
        & (table["category"] == category)
        & (table["period_start"] == dt.date.fromisoformat(start))
    ]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """
    The hot-spot table of the sample with the 2020 census populations.
    """
    return hotspot_table(SAMPLE, POPULATION)


class TestHotspotTable:
    def test_full_grid_with_zeros(self, table: pd.DataFrame) -> None:
        """
        Every region x category x month from the first to the last month appears, with 0
        where nothing was filed.
        """
        assert len(table) == 2 * 2 * 3
        assert cell(table, "taonan", "loan", "2024-02-01")["count"] == 0
        assert cell(table, "taobei", "loan", "2024-02-01")["count"] == 6
        assert cell(table, "taobei", "loan", "2024-02-01")["period_end"] == dt.date(2024, 2, 29)

    def test_rate_per_10k(self, table: pd.DataFrame) -> None:
        """
        The rate is count / population x 10,000 with the census figure carried forward.
        """
        row = cell(table, "taobei", "loan", "2024-01-01")
        assert row["population"] == 356_054
        assert row["rate_per_10k"] == pytest.approx(3 / 356_054 * 10_000)

    def test_growth(self, table: pd.DataFrame) -> None:
        """
        Growth is the change from the previous period; missing after a zero or at the start.
        """
        assert cell(table, "taobei", "loan", "2024-02-01")["growth"] == pytest.approx(1.0)
        assert cell(table, "taobei", "property", "2024-02-01")["growth"] == pytest.approx(-1.0)
        assert pd.isna(cell(table, "taobei", "loan", "2024-01-01")["growth"])
        assert pd.isna(cell(table, "taonan", "property", "2024-03-01")["growth"])  # after 0

    def test_share_and_location_quotient(self, table: pd.DataFrame) -> None:
        """
        In January Taonan has 3 of its 4 disputes in property (share 0.75) while all regions
        have 4 of 8 (0.5): LQ 1.5. Taobei's property share is 0.25: LQ 0.5.
        """
        row = cell(table, "taonan", "property", "2024-01-01")
        assert row["share"] == pytest.approx(0.75)
        assert row["location_quotient"] == pytest.approx(1.5)
        assert cell(table, "taobei", "property", "2024-01-01")["location_quotient"] == (
            pytest.approx(0.5)
        )
        assert pd.isna(cell(table, "taonan", "loan", "2024-02-01")["share"])  # no disputes

    def test_later_population_replaces_earlier(self) -> None:
        """
        A newer population row applies from its date on, per region.
        """
        population = pd.concat(
            [
                POPULATION,
                pd.DataFrame(
                    {"region": ["taobei"], "period": ["2024-02-01"], "population": [400_000]}
                ),
            ]
        )
        table = hotspot_table(SAMPLE, population)
        assert cell(table, "taobei", "loan", "2024-01-01")["population"] == 356_054
        assert cell(table, "taobei", "loan", "2024-02-01")["population"] == 400_000
        assert cell(table, "taonan", "loan", "2024-02-01")["population"] == 307_215

    def test_before_any_population_has_no_rate(self) -> None:
        """
        Periods before a region's first population figure have no rate.
        """
        population = POPULATION.assign(period=2025)
        assert hotspot_table(SAMPLE, population)["rate_per_10k"].isna().all()

    def test_without_population(self) -> None:
        """
        Without a population table counts are given and rates are missing.
        """
        table = hotspot_table(SAMPLE)
        assert table["rate_per_10k"].isna().all()
        assert table["count"].sum() == len(SAMPLE)

    @pytest.mark.parametrize(("period", "rows"), [("quarter", 4), ("year", 4)])
    def test_longer_periods(self, period: str, rows: int) -> None:
        """
        Quarters and years group the same disputes into fewer periods.
        """
        table = hotspot_table(SAMPLE, period=period)  # type: ignore[arg-type]
        assert len(table) == rows
        assert cell(table, "taobei", "loan", "2024-01-01")["count"] == 9

    def test_by_court(self) -> None:
        """
        Another area column (court) works; rates then need no population.
        """
        table = hotspot_table(SAMPLE, by=("court", "category"))
        assert set(table["court"]) == {"court-taobei", "court-taonan"}

    def test_empty(self) -> None:
        """
        No disputes gives an empty table with the documented columns.
        """
        table = hotspot_table(SAMPLE.iloc[:0])
        assert table.empty
        assert "location_quotient" in table.columns

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"period": "week"}, "month, quarter, year"),
            ({"by": ("region",)}, "two columns"),
            ({"by": ("region", "nope")}, "columns of the disputes table"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], match: str) -> None:
        """
        Unknown periods and columns are errors naming what is valid.
        """
        with pytest.raises(InvalidValueError, match=match):
            hotspot_table(SAMPLE, **kwargs)  # type: ignore[arg-type]

    def test_bad_inputs(self) -> None:
        """
        Missing dispute columns, bad population rows and other inputs are errors.
        """
        with pytest.raises(InvalidValueError, match="opened_on"):
            hotspot_table(SAMPLE.drop(columns="opened_on"))
        with pytest.raises(InvalidValueError, match=r"a date for every dispute, got \['D-1'\]"):
            hotspot_table(SAMPLE.assign(opened_on=[JAN, None, *SAMPLE["opened_on"][2:]]))
        with pytest.raises(InvalidValueError, match="a DataFrame"):
            hotspot_table([1, 2])
        with pytest.raises(InvalidValueError, match="positive numbers"):
            hotspot_table(SAMPLE, POPULATION.assign(population=[0, 5]))
        with pytest.raises(InvalidValueError, match="region, period, population"):
            hotspot_table(SAMPLE, POPULATION.drop(columns="period"))
        with pytest.raises(InvalidValueError, match="a year or a date"):
            hotspot_table(SAMPLE, POPULATION.assign(period=["soon", "later"]))


class TestFromTables:
    def test_tables_of_an_engine_log(self) -> None:
        """
        The indicator tables of a log serve as the disputes table (dates of the openings).
        """
        import pendulum

        import disputeflow as d
        from disputeflow.demo import BAICHENG_COURTS
        from disputeflow.indicators.tables import build_tables

        engine = d.Engine(d.prc_civil_2025(), courts=BAICHENG_COURTS)
        log = []
        for i, category in enumerate(("private_loan", "private_loan", "family")):
            facts = d.Facts(
                category=category,
                court="taobei",
                region="taobei",
                parties=(d.Party("A", "plaintiff"), d.Party("B", "defendant")),
            )
            at = pendulum.datetime(2025, 1 + i, 5, 9, tz="Asia/Shanghai")
            log += engine.open(f"D-{i}", facts, "receive_complaint", at=at, actor="c").events
        table = hotspot_table(build_tables(log, engine.lifecycle), POPULATION)
        assert table["count"].sum() == 3
        assert cell(table, "taobei", "family", "2025-03-01")["count"] == 1
        assert cell(table, "taobei", "private_loan", "2025-02-01")["growth"] == 0.0


class TestConcentration:
    def test_top_cells_by_location_quotient(self) -> None:
        """
        Over all months Taonan property (4 of 5, against 5 of 15 overall) concentrates most.
        """
        top = concentration(hotspot_table(SAMPLE), top=2)
        assert list(zip(top["region"], top["category"], strict=False)) == [
            ("taonan", "property"),
            ("taobei", "loan"),
        ]
        assert top["location_quotient"].iloc[0] == pytest.approx((4 / 5) / (5 / 15))
        assert top["share_of_category"].iloc[0] == pytest.approx(4 / 5)

    def test_min_count_filters_small_cells(self) -> None:
        """
        Cells with fewer disputes than min_count are left out.
        """
        top = concentration(hotspot_table(SAMPLE), top=10, min_count=4)
        assert set(top["count"]) >= {4}
        assert (top["count"] >= 4).all()

    @pytest.mark.parametrize("kwargs", [{"top": 0}, {"min_count": 0}])
    def test_bad_limits(self, kwargs: dict[str, int]) -> None:
        """
        top and min_count must be positive.
        """
        with pytest.raises(InvalidValueError, match="a positive number"):
            concentration(hotspot_table(SAMPLE), **kwargs)
