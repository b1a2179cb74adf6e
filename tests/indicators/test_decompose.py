"""
Tests for disputeflow.indicators.decompose: contributions of units to a ratio's gap.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.decompose import (
    NotDecomposableError,
    decompose,
    per_unit,
    ratio_scale,
)

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)


def ratio_rows(
    cells: list[tuple[str, str, float, float]],
    *,
    indicator: str = "local-closure",
    scale: float = 100.0,
    start: dt.date = JAN,
) -> pd.DataFrame:
    """
    Result rows of a ratio indicator from (court, judge, numerator, denominator).
    """
    rows = [
        {
            "indicator": indicator,
            "court": court,
            "judge": judge,
            "period_start": start,
            "period_end": start,
            "numerator": num,
            "denominator": den,
            "value": scale * num / den if den else math.nan,
            "unit": "%" if scale == 100 else "ratio",
            "direction": "higher",
        }
        for court, judge, num, den in cells
    ]
    return pd.DataFrame(rows)


class TestDecompose:
    def test_worked_example(self) -> None:
        """
        Judges j1 (90/100) and j2 (30/50) of one court against a target of 90 %: the court's
        rate is 120/150 = 80 %, j1 contributes 100/150 x (90 - 90) = 0 and j2
        50/150 x (60 - 90) = -10, which add up to the gap of -10 points.
        """
        out = decompose(
            ratio_rows([("a", "j1", 90, 100), ("a", "j2", 30, 50)]),
            "local-closure",
            by=["judge"],
            target=90,
        )
        assert out["judge"].tolist() == ["j1", "j2"]
        assert out["value"].tolist() == pytest.approx([90.0, 60.0])
        assert out["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
        assert out["contribution"].tolist() == pytest.approx([0.0, -10.0])
        assert out["overall"].tolist() == pytest.approx([80.0, 80.0])
        assert out["gap"].tolist() == pytest.approx([-10.0, -10.0])
        assert list(out.columns[:4]) == ["court", "period_start", "period_end", "judge"]

    def test_within_groups_and_periods(self) -> None:
        """
        Decomposition is done separately inside each court and period.
        """
        r = pd.concat(
            [
                ratio_rows([("a", "j1", 9, 10), ("b", "j2", 1, 10)]),
                ratio_rows([("a", "j1", 5, 10)], start=FEB),
            ]
        )
        out = decompose(r, "local-closure", by=["judge"], target=50)
        gaps = {
            (c, p): g
            for c, p, g in zip(out["court"], out["period_start"], out["gap"], strict=False)
        }
        assert gaps == {
            ("a", JAN): pytest.approx(40.0),
            ("b", JAN): pytest.approx(-40.0),
            ("a", FEB): pytest.approx(0.0),
        }

    def test_units_summed_over_columns_in_neither(self) -> None:
        """
        Decomposing by court with within=() sums each court's judges first.
        """
        r = ratio_rows([("a", "j1", 9, 10), ("a", "j2", 1, 10), ("b", "j3", 10, 20)])
        out = decompose(r, "local-closure", by=["court"], target=50, within=())
        assert out["numerator"].tolist() == [10, 10]
        assert out["denominator"].tolist() == [20, 20]
        assert out["contribution"].sum() == pytest.approx(0.0)

    def test_empty_denominator_contributes_nothing(self) -> None:
        """
        A unit with an empty denominator has no value, no weight and contributes 0.
        """
        out = decompose(
            ratio_rows([("a", "j1", 8, 10), ("a", "j2", 0, 0)]),
            "local-closure",
            by=["judge"],
            target=50,
        )
        assert math.isnan(out["value"].iloc[1])
        assert out["contribution"].tolist() == pytest.approx([30.0, 0.0])

    def test_refuses_non_ratio_rows(self) -> None:
        """
        An indicator without numerator or denominator (a median) is not decomposable.
        """
        r = ratio_rows([("a", "j1", 8, 10)]).assign(numerator=math.nan)
        with pytest.raises(NotDecomposableError, match="per_unit") as info:
            decompose(r, "local-closure", by=["judge"], target=50)
        assert info.value.indicator == "local-closure"

    def test_refuses_builtin_non_ratio_definition(self) -> None:
        """
        A built-in indicator whose definition is not a ratio is refused even when its rows
        carry a numerator and a denominator (a mean: sum over count).
        """
        from disputeflow.indicators.builtin import BUILTIN

        indicator = next(i for i, d in BUILTIN.items() if d.kind != "ratio")
        r = ratio_rows([("a", "j1", 8, 10)], indicator=indicator)
        with pytest.raises(NotDecomposableError, match="its definition is a"):
            decompose(r, indicator, by=["judge"], target=50)

    @pytest.mark.parametrize(
        ("by", "within", "match"),
        [
            (["nope"], None, "group columns"),
            ([], None, "group columns"),
            (["judge"], ["judge"], "other than by"),
            (["judge"], ["nope"], "other than by"),
        ],
    )
    def test_bad_columns(self, by: list[str], within: list[str] | None, match: str) -> None:
        """
        Units and groups must be group columns of the table, and distinct.
        """
        with pytest.raises(InvalidValueError, match=match):
            decompose(
                ratio_rows([("a", "j1", 1, 2)]), "local-closure", by=by, target=1, within=within
            )

    def test_unknown_indicator(self) -> None:
        """
        An indicator without rows is an error listing those present.
        """
        with pytest.raises(InvalidValueError, match="local-closure"):
            decompose(ratio_rows([("a", "j1", 1, 2)]), "nope", by=["judge"], target=1)

    @settings(max_examples=60, deadline=None)
    @given(
        cells=st.lists(
            st.tuples(
                st.sampled_from(["a", "b"]),
                st.integers(0, 500),
                st.integers(0, 500),
            ),
            min_size=1,
            max_size=12,
        ),
        target=st.floats(0, 100, allow_nan=False),
    )
    def test_contributions_add_up_to_the_gap(
        self, cells: list[tuple[str, int, int]], target: float
    ) -> None:
        """
        For any units, the contributions inside a group add up to the group's ratio minus
        the target (property from DOMAIN.md section 4).
        """
        rows = [(court, f"j{i}", min(n, d), d) for i, (court, n, d) in enumerate(cells)]
        out = decompose(ratio_rows(rows), "local-closure", by=["judge"], target=target)
        for _, group in out.groupby("court"):
            total_den = group["denominator"].sum()
            if total_den == 0:
                assert group["contribution"].isna().all()
                continue
            overall = 100 * group["numerator"].sum() / total_den
            assert group["contribution"].sum() == pytest.approx(overall - target, abs=1e-9)
            assert group["gap"].iloc[0] == pytest.approx(overall - target, abs=1e-9)


class TestRatioScale:
    def test_reads_scale_from_rows(self) -> None:
        """
        The scale is read from value = num / den x scale (100 for percent, 1 for a ratio).
        """
        assert ratio_scale(ratio_rows([("a", "j", 1, 4)])) == 100.0
        assert ratio_scale(ratio_rows([("a", "j", 3, 2)], scale=1.0)) == 1.0

    def test_falls_back_to_the_unit(self) -> None:
        """
        Without a positive numerator the unit decides: % is 100.
        """
        assert ratio_scale(ratio_rows([("a", "j", 0, 4)])) == 100.0
        assert ratio_scale(ratio_rows([("a", "j", 0, 4)], scale=1.0)) == 1.0

    def test_inconsistent_rows(self) -> None:
        """
        Rows whose values disagree on the scale are an error.
        """
        r = ratio_rows([("a", "j1", 1, 4), ("a", "j2", 1, 2)])
        r.loc[1, "value"] = 7.0
        with pytest.raises(InvalidValueError, match="one scale"):
            ratio_scale(r)


class TestPerUnit:
    def test_ranks_by_direction(self) -> None:
        """
        Non-ratio indicators are shown per unit, ranked best first by the direction.
        """
        r = ratio_rows([("a", "j1", 0, 1), ("a", "j2", 0, 1), ("a", "j3", 0, 1)]).assign(
            indicator="median-days",
            value=[30.0, 10.0, 20.0],
            numerator=math.nan,
            direction="lower",
            unit="days",
        )
        out = per_unit(r, "median-days", by=["judge"])
        assert out["judge"].tolist() == ["j2", "j3", "j1"]
        assert out["rank"].tolist() == [1, 2, 3]
        higher = per_unit(r.assign(direction="higher"), "median-days", by=["judge"])
        assert higher["judge"].tolist() == ["j1", "j3", "j2"]

    def test_refuses_summing(self) -> None:
        """
        Units that repeat inside a group (a group column in neither by nor within) are an
        error: a median cannot be summed.
        """
        r = ratio_rows([("a", "j1", 1, 2), ("b", "j1", 1, 2)])
        with pytest.raises(InvalidValueError, match="cannot be summed"):
            per_unit(r, "local-closure", by=["judge"], within=())
