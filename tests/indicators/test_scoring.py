"""
Tests for disputeflow.indicators.scoring: scores, composites, ranks and series of a set.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.scoring import (
    Evaluation,
    composite_scores,
    group_columns,
    periods_covering,
    ranking,
    score_indicators,
    score_series,
    score_value,
)
from disputeflow.indicators.sets import Composite, IndicatorSet, Member

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
END = {JAN: dt.date(2024, 1, 31), FEB: dt.date(2024, 2, 29)}
UNITS = {"cr": ("%", "higher"), "dt": ("days", "lower"), "ratio": ("ratio", "neutral")}


def results(values: dict[tuple[str, str, dt.date], float]) -> pd.DataFrame:
    """
    A result table from {(indicator, court, period_start): value}.
    """
    rows = []
    for (indicator, court, start), value in values.items():
        unit, direction = UNITS[indicator]
        rows.append(
            {
                "indicator": indicator,
                "court": court,
                "period_start": start,
                "period_end": END[start],
                "numerator": math.nan,
                "denominator": math.nan,
                "value": value,
                "unit": unit,
                "direction": direction,
            }
        )
    return pd.DataFrame(rows)


def make_set(*members: Member, **composite: Any) -> IndicatorSet:
    return IndicatorSet("t", "1", "T", "测", members, Composite(**composite))


class TestScoreValue:
    @pytest.mark.parametrize(
        ("member", "value", "direction", "expected"),
        [
            # Inside the range, bounds included: met, 100.
            (Member("x", low=90, high=100), 95, None, (True, 100.0)),
            (Member("x", low=90, high=100), 90, None, (True, 100.0)),
            (Member("x", low=90, high=100), 100, None, (True, 100.0)),
            # Outside: distance 5 over the width 10 costs half.
            (Member("x", low=90, high=100), 85, None, (False, 50.0)),
            (Member("x", low=90, high=100), 105, None, (False, 50.0)),
            (Member("x", low=90, high=100), 70, None, (False, 0.0)),
            # One-sided range: tolerance is |bound|.
            (Member("x", low=80), 60, None, (False, 75.0)),
            (Member("x", high=0), 0.5, None, (False, 50.0)),  # bound 0: tolerance 1
            # Target with the indicator's direction.
            (Member("x", target=95), 96, "higher", (True, 100.0)),
            (Member("x", target=95), 76, "higher", (False, 80.0)),
            (Member("x", target=100), 150, "lower", (False, 50.0)),
            (Member("x", target=100), 20, "lower", (True, 100.0)),
            # The member's direction wins over the indicator's.
            (Member("x", target=100, direction="lower"), 150, "higher", (False, 50.0)),
            # No direction: met only at the target.
            (Member("x", target=1.0), 1.0, "neutral", (True, 100.0)),
            (Member("x", target=1.0), 1.25, "neutral", (False, 75.0)),
            # An explicit tolerance.
            (Member("x", low=90, high=100, tolerance=20), 85, None, (False, 75.0)),
        ],
    )
    def test_rule(
        self, member: Member, value: float, direction: str | None, expected: tuple[bool, float]
    ) -> None:
        """
        Scores follow the documented rule: 100 when met, linear in the distance otherwise.
        """
        met, score = score_value(member, value, direction)
        assert (met, pytest.approx(score)) == expected

    @given(
        low=st.one_of(st.none(), st.floats(-1e3, 1e3)),
        width=st.floats(0, 1e3),
        value=st.floats(-3e3, 3e3),
        step=st.floats(0, 1e3),
    )
    def test_bounded_and_monotone(
        self, low: float | None, width: float, value: float, step: float
    ) -> None:
        """
        Scores lie in [0, 100], equal 100 exactly when the standard is met, and never rise
        as the value moves further from the range.
        """
        high = None if low is None else low + width
        member = Member("x", low=low, high=high) if low is not None else Member("x", high=width)
        met, score = score_value(member, value)
        assert 0.0 <= score <= 100.0
        assert met == (score == 100.0)
        lo = -math.inf if member.low is None else member.low
        hi = math.inf if member.high is None else member.high
        further = value - step if value < lo else value + step if value > hi else None
        if further is not None:
            assert score_value(member, further)[1] <= score

    def test_needs_a_standard(self) -> None:
        """
        A member without range or target cannot be scored on its own.
        """
        with pytest.raises(InvalidValueError, match="a range or a target"):
            score_value(Member("x"), 1.0)


class TestScoreIndicators:
    def test_rows_per_member_group_and_period(self) -> None:
        """
        Each member, court and period gets its standard, whether it is met and its score; an
        uncomputable value gets neither.
        """
        r = results(
            {
                ("cr", "a", JAN): 95.0,
                ("cr", "b", JAN): 85.0,
                ("cr", "c", JAN): math.nan,
                ("dt", "a", JAN): 90.0,
                ("dt", "b", JAN): 150.0,
                ("dt", "c", JAN): 100.0,
            }
        )
        s = make_set(Member("cr", low=90, high=100, weight=2), Member("dt", target=100))
        out = score_indicators(r, s).set_index(["court", "indicator"])
        assert out.loc[("a", "cr"), "in_range"] == True  # noqa: E712 - pandas boolean
        assert out.loc[("b", "cr"), "score"] == pytest.approx(50.0)
        assert pd.isna(out.loc[("c", "cr"), "in_range"])
        assert math.isnan(out.loc[("c", "cr"), "score"])
        assert out.loc[("b", "dt"), "score"] == pytest.approx(50.0)  # lower is better
        assert out.loc[("a", "cr"), "standard"] == "[90, 100]"
        assert out.loc[("a", "cr"), "weight"] == 2.0
        assert out.loc[("a", "dt"), "target"] == 100.0
        assert out.loc[("a", "dt"), "standard"] == "<= 100"  # the indicator's direction
        assert list(score_indicators(r, s)["indicator"][:2]) == ["cr", "dt"]  # set order

    def test_member_direction_overrides(self) -> None:
        """
        A member's direction replaces the indicator's in the output and the score.
        """
        r = results({("dt", "a", JAN): 150.0})
        out = score_indicators(r, make_set(Member("dt", target=100, direction="higher")))
        assert out["direction"].tolist() == ["higher"]
        assert out["score"].tolist() == [100.0]

    def test_missing_member(self) -> None:
        """
        A member with no rows in the results is an error naming it.
        """
        r = results({("cr", "a", JAN): 95.0})
        with pytest.raises(InvalidValueError, match="no rows for dt"):
            score_indicators(r, make_set(Member("cr"), Member("dt")))

    def test_relative_scores_unstandardised_members(self) -> None:
        """
        With unscored = relative, a member without standard scores its position between the
        worst and the best court of the period; no direction means no score.
        """
        r = results(
            {
                ("dt", "a", JAN): 100.0,
                ("dt", "b", JAN): 200.0,
                ("dt", "c", JAN): 150.0,
                ("dt", "a", FEB): 10.0,
                ("ratio", "a", JAN): 1.2,
                ("ratio", "b", JAN): 1.1,
                ("ratio", "c", JAN): 1.0,
                ("ratio", "a", FEB): 1.0,
            }
        )
        s = make_set(Member("dt"), Member("ratio"), unscored="relative")
        out = score_indicators(r, s).set_index(["indicator", "court", "period_start"])["score"]
        assert out[("dt", "a", JAN)] == 100.0
        assert out[("dt", "b", JAN)] == 0.0
        assert out[("dt", "c", JAN)] == 50.0
        assert out[("dt", "a", FEB)] == 100.0  # alone in its period
        assert out.loc["ratio"].isna().all()

    def test_skip_leaves_unstandardised_members_unscored(self) -> None:
        """
        With unscored = skip, members without a standard have no score.
        """
        r = results({("dt", "a", JAN): 100.0})
        assert score_indicators(r, make_set(Member("dt")))["score"].isna().all()


class TestCompositeScores:
    def test_weighted_mean_and_share(self) -> None:
        """
        The composite is the weighted mean over scored members (weights renormalised when a
        member has no value); share_in_range counts members meeting their standard.
        """
        r = results(
            {
                ("cr", "a", JAN): 95.0,  # met, 100
                ("dt", "a", JAN): 150.0,  # 50
                ("cr", "b", JAN): 85.0,  # 50
                ("dt", "b", JAN): 100.0,  # met, 100
                ("cr", "c", JAN): math.nan,
                ("dt", "c", JAN): 125.0,  # 75
            }
        )
        s = make_set(Member("cr", low=90, high=100, weight=3), Member("dt", target=100))
        out = composite_scores(r, s).set_index("court")
        assert out.loc["a", "composite"] == pytest.approx((3 * 100 + 50) / 4)
        assert out.loc["b", "composite"] == pytest.approx((3 * 50 + 100) / 4)
        assert out.loc["c", "composite"] == pytest.approx(75.0)
        assert out.loc["a", "share_in_range"] == 0.5
        assert out.loc["c", "share_in_range"] == 0.0
        assert (out.loc["c", "n_scored"], out.loc["c", "n_with_standard"]) == (1, 1)
        assert out["rank"].tolist() == [1, 3, 2]  # a 87.5, b 62.5, c 75
        assert out.loc["c", "rank"] == 2

    def test_share_in_range_method(self) -> None:
        """
        With method = share_in_range the composite is 100 x the weighted share met.
        """
        r = results({("cr", "a", JAN): 95.0, ("dt", "a", JAN): 150.0})
        s = make_set(
            Member("cr", low=90, high=100, weight=3),
            Member("dt", target=100),
            method="share_in_range",
        )
        assert composite_scores(r, s)["composite"].tolist() == [75.0]

    def test_ties_share_the_best_rank_and_empty_is_nan(self) -> None:
        """
        Equal composites share the best rank; a court with nothing scored has no composite
        and no rank.
        """
        r = results({("cr", "a", JAN): 95.0, ("cr", "b", JAN): 99.0, ("cr", "c", JAN): math.nan})
        out = composite_scores(r, make_set(Member("cr", low=90))).set_index("court")
        assert out.loc["a", "rank"] == 1
        assert out.loc["b", "rank"] == 1
        assert math.isnan(out.loc["c", "composite"])
        assert pd.isna(out.loc["c", "rank"])

    def test_ranks_within_each_period(self) -> None:
        """
        Ranks compare courts of the same period only.
        """
        r = results(
            {
                ("cr", "a", JAN): 95.0,
                ("cr", "b", JAN): 80.0,
                ("cr", "a", FEB): 80.0,
                ("cr", "b", FEB): 95.0,
            }
        )
        out = composite_scores(r, make_set(Member("cr", low=90)))
        got = {
            (c, p): k
            for c, p, k in zip(out["court"], out["period_start"], out["rank"], strict=False)
        }
        assert got == {("a", JAN): 1, ("b", JAN): 2, ("a", FEB): 2, ("b", FEB): 1}


class TestRankingAndSeries:
    @pytest.fixture
    def composite(self) -> pd.DataFrame:
        r = results(
            {
                ("cr", "a", JAN): 95.0,
                ("cr", "b", JAN): 80.0,
                ("cr", "a", FEB): 80.0,
                ("cr", "b", FEB): 95.0,
            }
        )
        return composite_scores(r, make_set(Member("cr", low=90, high=100)))

    def test_ranking_latest_by_default(self, composite: pd.DataFrame) -> None:
        """
        ranking() orders the latest period's courts best first.
        """
        assert ranking(composite)["court"].tolist() == ["b", "a"]
        assert ranking(composite, JAN)["court"].tolist() == ["a", "b"]

    def test_ranking_unknown_period(self, composite: pd.DataFrame) -> None:
        """
        A period not in the table is an error listing the periods.
        """
        with pytest.raises(InvalidValueError, match="2024-01-01"):
            ranking(composite, dt.date(2023, 1, 1))

    def test_series_month_by_month(self, composite: pd.DataFrame) -> None:
        """
        score_series gives one row per period and one column per court.
        """
        series = score_series(composite)
        assert list(series.columns) == ["a", "b"]
        assert list(series.index) == [JAN, FEB]
        assert series.loc[FEB, "a"] == 0.0  # 80 is a full range width (10) below 90
        assert series.loc[JAN, "a"] == 100.0
        assert score_series(composite, "rank").loc[FEB, "b"] == 1

    def test_series_unknown_column(self, composite: pd.DataFrame) -> None:
        """
        An unknown measure is an error listing the columns.
        """
        with pytest.raises(InvalidValueError, match="composite"):
            score_series(composite, "nope")


class TestGroupsAndEvaluation:
    def test_group_columns(self) -> None:
        """
        Every column that is neither fixed nor descriptive is a group column.
        """
        r = results({("cr", "a", JAN): 95.0}).assign(judge="j1", name_en="Closure rate")
        assert group_columns(r) == ("court", "judge")

    def test_group_columns_need_the_fixed_columns(self) -> None:
        """
        A table without the fixed result columns is rejected, naming what is missing.
        """
        with pytest.raises(InvalidValueError, match="unit"):
            group_columns(results({("cr", "a", JAN): 95.0}).drop(columns="unit"))

    def test_evaluation_from_results(self) -> None:
        """
        Evaluation.from_results scores and composes in one step.
        """
        r = results({("cr", "a", JAN): 95.0, ("cr", "b", JAN): 80.0})
        e = Evaluation.from_results(r, make_set(Member("cr", low=90)))
        assert e.by == ("court",)
        assert e.composite["composite"].tolist() == [100.0, pytest.approx(100 * (1 - 10 / 90))]
        assert len(e.scored) == 2


class TestPeriodsCovering:
    @pytest.mark.parametrize(
        ("period", "first", "last", "starts"),
        [
            ("month", dt.date(2024, 11, 15), dt.date(2025, 2, 1), ["2024-11-01", "2025-02-01"]),
            ("quarter", dt.date(2024, 2, 1), dt.date(2024, 12, 31), ["2024-01-01", "2024-10-01"]),
            ("year", dt.date(2023, 6, 1), dt.date(2024, 1, 1), ["2023-01-01", "2024-01-01"]),
        ],
    )
    def test_consecutive_periods(
        self, period: str, first: dt.date, last: dt.date, starts: list[str]
    ) -> None:
        """
        The periods run from the one holding the first day to the one holding the last.
        """
        got = periods_covering(first, last, period)
        assert str(got[0].start_on) == starts[0]
        assert str(got[-1].start_on) == starts[1]
        count = {"month": 4, "quarter": 4, "year": 2}[period]
        assert len(got) == count

    def test_rejects_unknown_period_and_reversed_days(self) -> None:
        """
        An unknown period name or a last day before the first is an error.
        """
        with pytest.raises(InvalidValueError, match="month, quarter, year"):
            periods_covering(JAN, FEB, "week")
        with pytest.raises(InvalidValueError, match="not before"):
            periods_covering(FEB, JAN, "month")
