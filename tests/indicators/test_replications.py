"""
Tests for disputeflow.indicators.replications: Student-t quantiles, means with confidence
intervals over replications (from logs, tables or measured figures), paired comparisons under
common random numbers, and set scores across replications.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.indicators import build_tables, month, quarter
from disputeflow.indicators.replications import (
    compare,
    compare_rows,
    figure_key,
    measure,
    score_replications,
    student_t_quantile,
    summarize,
    summarize_rows,
)
from disputeflow.indicators.sets import IndicatorSet, Member, load_set
from indicators.logs import LogBuilder, at

Q1 = quarter(2025, 1)
T_975_2 = 4.302652729749464  # Student t, 97.5 % quantile, 2 degrees of freedom


def replication(closed: int, total: int = 2, court: str = "taobei") -> list[d.Event]:
    """
    One replication's log: ``total`` first-instance cases of ``court`` filed in January 2025,
    the first ``closed`` of them mediated in February (closure rate ``closed / total``).
    """
    b = LogBuilder(d.prc_civil_2025())
    for k in range(total):
        name = f"{court}-{k}"
        b.filed(name, at(2025, 1, 6 + k), court=court, judge=f"j{k}")
        if k < closed:
            b.fire(name, "mediate", at(2025, 2, 10 + k))
    return b.log


@pytest.fixture(scope="module")
def lc() -> d.Lifecycle:
    return d.prc_civil_2025()


@pytest.fixture(scope="module")
def baseline() -> list[list[d.Event]]:
    """Closure rates 50 %, 100 %, 0 %."""
    return [replication(1), replication(2), replication(0)]


@pytest.fixture(scope="module")
def variant() -> list[list[d.Event]]:
    """Closure rates 100 %, 100 %, 50 %: differences 50, 0, 50 points."""
    return [replication(2), replication(2), replication(1)]


class TestStudentT:
    @pytest.mark.parametrize(
        ("p", "df", "want"),
        [
            (0.975, 1, 12.706204736),
            (0.975, 2, 4.302652730),
            (0.975, 9, 2.262157163),
            (0.975, 30, 2.042272456),
            (0.995, 4, 4.604094871),
            (0.95, 5, 2.015048373),
            (0.9, 1000, 1.282399),
        ],
    )
    def test_tabulated(self, p: float, df: int, want: float) -> None:
        """
        Quantiles match the published t table.
        """
        assert student_t_quantile(p, df) == pytest.approx(want, rel=1e-6)

    def test_symmetric(self) -> None:
        """
        The lower quantile is the negative of the upper one, the median is 0.
        """
        assert student_t_quantile(0.025, 3) == pytest.approx(-student_t_quantile(0.975, 3))
        assert student_t_quantile(0.5, 3) == 0.0

    @pytest.mark.parametrize(("p", "df"), [(0.0, 3), (1.0, 3), (0.9, 0)])
    def test_bad_arguments(self, p: float, df: int) -> None:
        """
        A probability outside (0, 1) or fewer than one degree of freedom is refused.
        """
        with pytest.raises(InvalidValueError):
            student_t_quantile(p, df)


class TestSummarize:
    def test_worked_interval(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        Closure rates 50, 100, 0: mean 50, s = 50, 95 % interval
        50 -/+ 4.3027 x 50 / sqrt(3) = 50 -/+ 124.21.
        """
        (row,) = summarize_rows(baseline, "closure-rate", periods=Q1, by=("court",),
                                lifecycles=lc)  # fmt: skip
        half = T_975_2 * 50 / math.sqrt(3)
        assert (row.indicator, row.group, row.n) == ("closure-rate", (("court", "taobei"),), 3)
        assert (row.mean, row.std) == pytest.approx((50.0, 50.0))
        assert (row.ci_low, row.ci_high) == pytest.approx((50 - half, 50 + half))
        assert (row.unit, row.direction, row.level, row.note) == ("%", "higher", 0.95, "")

    def test_level(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        A 90 % interval uses t(0.95, 2) = 2.9200; a level outside (0, 1) is refused.
        """
        (row,) = summarize_rows(baseline, "closure-rate", periods=Q1, lifecycles=lc, level=0.9)
        assert row.ci_high - row.mean == pytest.approx(2.919985580 * 50 / math.sqrt(3))
        with pytest.raises(InvalidValueError, match="level"):
            summarize_rows(baseline, "closure-rate", periods=Q1, lifecycles=lc, level=95)

    def test_one_replication(self, lc: d.Lifecycle) -> None:
        """
        With one replication the mean is its value and the interval is NaN, said in the note.
        """
        (row,) = summarize_rows([replication(1)], "closure-rate", periods=Q1, lifecycles=lc)
        assert (row.n, row.mean) == (1, 50.0)
        assert math.isnan(row.ci_low)
        assert math.isnan(row.ci_high)
        assert math.isnan(row.std)
        assert row.note == "one replication: no interval"

    def test_missing_values_leave_n(self, lc: d.Lifecycle) -> None:
        """
        A replication without a value (no closed case: empty denominator) or without the
        group is left out: court b is seen in one replication only, n = 1.
        """
        reps = [replication(1) + replication(1, court="b"), replication(0)]
        rows = summarize_rows(reps, "mediation-rate", periods=Q1, by=("court",), lifecycles=lc)
        got = {r.group: (r.n, r.mean) for r in rows}
        assert got == {(("court", "b"),): (1, 100.0), (("court", "taobei"),): (1, 100.0)}

    def test_logs_tables_and_figures_agree(
        self, baseline: list[list[d.Event]], lc: d.Lifecycle
    ) -> None:
        """
        Logs, their tables and the figures a measurement took give the same summary.
        """
        m = measure("closure-rate", periods=Q1, by=("court",), lifecycles=lc)
        forms = [baseline, [build_tables(x, lc) for x in baseline], [m(x) for x in baseline]]
        got = [summarize_rows(f, "closure-rate", periods=Q1, by=("court",), lifecycles=lc)
               for f in forms]  # fmt: skip
        assert got[0] == got[1] == got[2]

    def test_frame(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        The DataFrame has one column per group column and the summary fields, in order.
        """
        frame = summarize(baseline, ["closure-rate", "cases-new"], periods=Q1, by=("court",),
                          lifecycles=lc)  # fmt: skip
        assert list(frame.columns) == ["indicator", "court", "period_start", "period_end", "n",
                                       "mean", "std", "ci_low", "ci_high", "level", "unit",
                                       "direction", "note"]  # fmt: skip
        assert frame["indicator"].tolist() == ["closure-rate", "cases-new"]
        assert frame["mean"].tolist() == pytest.approx([50.0, 2.0])
        assert frame["ci_low"].iloc[1] == frame["ci_high"].iloc[1] == 2.0  # no spread

    def test_no_replications(self, lc: d.Lifecycle) -> None:
        """
        Summaries, comparisons and scores need at least one replication.
        """
        with pytest.raises(InvalidValueError, match="at least one replication"):
            summarize_rows([], "closure-rate", periods=Q1, lifecycles=lc)
        with pytest.raises(InvalidValueError, match="at least one replication"):
            compare_rows([], [], "closure-rate", periods=Q1, lifecycles=lc)
        with pytest.raises(InvalidValueError, match="at least one replication"):
            score_replications([], "cepej", periods=Q1, lifecycles=lc)

    def test_empty_frame_keeps_columns(self) -> None:
        """
        Replications without any figure give an empty table with all its columns.
        """
        frame = summarize([{}, {}], "closure-rate", periods=Q1, by=("court",))
        assert frame.empty
        assert list(frame.columns)[:3] == ["indicator", "court", "period_start"]
        assert "ci_high" in frame.columns

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=2),
            min_size=1,
            max_size=8,
        ),
        st.floats(0.5, 0.999),
    )
    def test_interval_contains_mean(self, values: list[list[float]], level: float) -> None:
        """
        Property: the interval (when defined) contains the mean, for any values and level.
        """
        reps = [figures(v) for v in values]
        for row in summarize_rows(reps, "closure-rate", periods=Q1, by=("court",), level=level):
            assert row.n == len(values)
            if row.n >= 2:
                assert row.ci_low <= row.mean <= row.ci_high
            else:
                assert math.isnan(row.ci_low)


def figures(values: list[float], indicator: str = "closure-rate") -> dict[str, float]:
    """Figures of one replication: ``values[k]`` for court ``c{k}`` in Q1."""
    return {
        figure_key(indicator, Q1.start_on, Q1.end_on, (("court", f"c{k}"),)): v
        for k, v in enumerate(values)
    }


class TestCompare:
    def test_worked_paired_interval(
        self, baseline: list[list[d.Event]], variant: list[list[d.Event]], lc: d.Lifecycle
    ) -> None:
        """
        Differences 50, 0, 50: mean 33.33 (= 83.33 - 50), s = 28.868, 95 % interval
        33.33 -/+ 4.3027 x 28.868 / sqrt(3) = 33.33 -/+ 71.71.
        """
        (row,) = compare_rows(baseline, variant, "closure-rate", periods=Q1, lifecycles=lc)
        s = 50 / math.sqrt(3)
        half = T_975_2 * s / math.sqrt(3)
        assert row.n == 3
        assert (row.baseline_mean, row.variant_mean) == pytest.approx((50.0, 250 / 3))
        assert (row.difference, row.std) == pytest.approx((100 / 3, s))
        assert (row.ci_low, row.ci_high) == pytest.approx((100 / 3 - half, 100 / 3 + half))

    def test_with_itself(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        A set of logs compared with itself differs by 0 with a zero-width interval.
        """
        frame = compare(baseline, baseline, ["closure-rate", "cases-pending"], periods=Q1,
                        by=("court",), lifecycles=lc)  # fmt: skip
        assert frame["difference"].tolist() == [0.0, 0.0]
        assert frame["ci_low"].tolist() == frame["ci_high"].tolist() == [0.0, 0.0]
        assert list(frame.columns[:5]) == ["indicator", "court", "period_start", "period_end",
                                           "n"]  # fmt: skip

    def test_counts_must_match(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        Pairing needs as many variant as baseline replications.
        """
        with pytest.raises(InvalidValueError, match="as many baseline as variant"):
            compare_rows(baseline, baseline[:2], "closure-rate", periods=Q1, lifecycles=lc)

    def test_pairs_with_a_missing_side_are_dropped(self) -> None:
        """
        Only pairs with both values count; both means are over those pairs.
        """
        base = [figures([10.0]), figures([math.nan]), figures([30.0])]
        var = [figures([20.0]), figures([99.0]), figures([30.0])]
        (row,) = compare_rows(base, var, "closure-rate", periods=Q1, by=("court",))
        assert (row.n, row.baseline_mean, row.variant_mean, row.difference) == (2, 20, 25, 5)

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_properties(self, data: st.DataObject) -> None:
        """
        Properties: the mean difference is mean(variant) - mean(baseline), its interval holds
        it, and a set compared with itself gives zero differences with zero width.
        """
        n = data.draw(st.integers(2, 8))
        value = st.floats(-1e4, 1e4, allow_nan=False)
        base = [figures(data.draw(st.lists(value, min_size=2, max_size=2))) for _ in range(n)]
        var = [figures(data.draw(st.lists(value, min_size=2, max_size=2))) for _ in range(n)]
        for row in compare_rows(base, var, "closure-rate", periods=Q1, by=("court",)):
            assert row.difference == pytest.approx(row.variant_mean - row.baseline_mean, abs=1e-6)
            assert row.ci_low <= row.difference <= row.ci_high
        for row in compare_rows(base, base, "closure-rate", periods=Q1, by=("court",)):
            assert (row.difference, row.ci_low, row.ci_high, row.std) == (0.0, 0.0, 0.0, 0.0)


class TestScoreReplications:
    SET = IndicatorSet(
        "closure-only", "1", "Closure", "结案率",
        (Member("closure-rate", target=100.0, direction="higher", tolerance=100.0),),
    )  # fmt: skip

    def test_worked_scores(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        With target 100 and tolerance 100 the score is the closure rate: February scores 50,
        100 and 0 (mean 50, interval 50 -/+ 124.21); only the 100 meets the target, so the
        share in range averages 1/3. January (nothing closed yet) scores 0 in every
        replication: a zero-width interval.
        """
        frame = score_replications(baseline, self.SET, periods=[month(2025, 1),
                                   month(2025, 2)], lifecycles=lc)  # fmt: skip
        assert list(frame.columns) == ["court", "period_start", "period_end", "n",
                                       "composite_mean", "composite_std", "ci_low", "ci_high",
                                       "share_in_range_mean", "level", "note"]  # fmt: skip
        jan, feb = frame.iloc[0], frame.iloc[1]
        assert (jan["court"], str(jan["period_start"])) == ("taobei", "2025-01-01")
        assert (jan["composite_mean"], jan["ci_low"], jan["ci_high"]) == (0.0, 0.0, 0.0)
        half = T_975_2 * 50 / math.sqrt(3)
        assert feb["n"] == 3
        assert feb["composite_mean"] == pytest.approx(50.0)
        assert (feb["ci_low"], feb["ci_high"]) == pytest.approx((50 - half, 50 + half))
        assert feb["share_in_range_mean"] == pytest.approx(1 / 3)

    def test_builtin_set_from_figures(self, baseline: list[list[d.Event]], lc: d.Lifecycle) -> None:
        """
        A built-in set scores the same from logs and from figures shipped by a measurement.
        """
        periods = [month(2025, 1), month(2025, 2)]
        m = measure(load_set("local-platform@3.0"), periods=periods, by=("court",), lifecycles=lc)
        from_logs = score_replications(baseline, "local-platform@3.0", periods=periods,
                                       lifecycles=lc)  # fmt: skip
        from_figures = score_replications([m(x) for x in baseline], "local-platform@3.0",
                                          periods=periods)  # fmt: skip
        assert from_logs.equals(from_figures)
        assert from_logs["composite_mean"].notna().all()
