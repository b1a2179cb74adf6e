"""
Tests for disputeflow.indicators.compute: counting identities, grouping, month series,
inputs, and CEPEJ / CourTools measures on the non-PRC example lifecycle.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.indicators import (
    Condition,
    Indicator,
    Measure,
    ReportingPeriod,
    Statistic,
    Tables,
    build_tables,
    compute,
    compute_rows,
    months,
    year,
)
from indicators.logs import LogBuilder, at

ROOT = Path(__file__).resolve().parents[2]
COURTS = ("taobei", "taonan", "daan")


def random_log(seed: int, n: int = 60) -> LogBuilder:
    """
    ``n`` disputes at three courts with random filing dates in 2024-2025 and random paths:
    mediated, withdrawn, judged (some appealed and decided), or still pending.
    """
    rng = np.random.default_rng(seed)
    b = LogBuilder(d.prc_civil_2025())
    for k in range(n):
        start = at(2024, 1, 2).add(days=int(rng.integers(0, 600)))
        dispute = f"R{k}"
        court = COURTS[int(rng.integers(0, 3))]
        track = ("small_claims", "summary", "ordinary")[int(rng.integers(0, 3))]
        b.filed(dispute, start, track, judge=f"j{rng.integers(0, 4)}", court=court,
                region=court)  # fmt: skip
        end = start.add(days=int(rng.integers(5, 200)))
        path = rng.random()
        if path < 0.25:
            b.fire(dispute, "mediate", end)
        elif path < 0.45:
            b.fire(dispute, "withdraw", end)
        elif path < 0.85:
            b.fire(dispute, "render_judgment", end)
            if b.state(dispute) == "judgment_served" and rng.random() < 0.4:
                b.fire(dispute, "appeal", end.add(days=5))
                b.fire(dispute, "receive_appeal_file", end.add(days=12), proceeding="p2")
                if rng.random() < 0.7:
                    b.fire(dispute, "affirm", end.add(days=70), proceeding="p2")
    return b


@pytest.fixture(scope="module")
def rand() -> Tables:
    b = random_log(7)
    return build_tables(b.log, b.engine.lifecycle)


def wide(frame: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """value by (group..., period_start) x indicator."""
    return frame.pivot_table(
        index=[*by, "period_start"], columns="indicator", values="value", dropna=False
    )


class TestCountingIdentities:
    def test_month_series_chain(self, rand: Tables) -> None:
        """
        Per court and month: accepted = carried over + new; pending = accepted - closed; the
        next month carries over this month's pending.
        """
        ids = ["cases-carried-over", "cases-new", "cases-accepted", "cases-closed",
               "cases-pending"]  # fmt: skip
        w = wide(compute(ids, rand, periods=months(2024, 1, 24), by=("court",)), ("court",))
        assert (w["cases-accepted"] == w["cases-carried-over"] + w["cases-new"]).all()
        assert (w["cases-pending"] == w["cases-accepted"] - w["cases-closed"]).all()
        for _, g in w.groupby(level="court"):
            assert (
                g["cases-carried-over"].to_numpy()[1:] == g["cases-pending"].to_numpy()[:-1]
            ).all()
        assert w["cases-new"].sum() > 0

    def test_matches_a_plain_pandas_computation(self, rand: Tables) -> None:
        """
        Closure rate per court for 2025 equals a direct pandas computation on the
        proceedings frame (an independent reference).
        """
        frame = compute(["closure-rate"], rand, periods=year(2025), by=("court",))
        got = dict(zip(frame["court"], frame["value"], strict=True))
        p = rand.frame()
        p = p[p["accepted_on"].notna()]
        start, end = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")
        carried = (p["accepted_on"] < start) & ~(p["closed_on"] < start)
        new = p["accepted_on"].between(start, end)
        closed = p["closed_on"].between(start, end)
        for court in COURTS:
            at_court = p["court"] == court
            expected = 100 * (closed & at_court).sum() / ((carried | new) & at_court).sum()
            assert got[court] == pytest.approx(expected)

    def test_year_equals_sum_of_months_for_flows(self, rand: Tables) -> None:
        """
        Overlapping periods in one call: the year's new and closed are the sums of its months.
        """
        periods = [year(2025), *months(2025, 1, 12)]
        frame = compute(["cases-new", "cases-closed"], rand, periods=periods)
        for ind in ("cases-new", "cases-closed"):
            rows = frame[frame["indicator"] == ind]
            assert rows["value"].iloc[0] == rows["value"].iloc[1:].sum()

    @settings(max_examples=40, deadline=None)
    @given(
        st.integers(min_value=0, max_value=700),
        st.integers(min_value=0, max_value=200),
        st.integers(min_value=0, max_value=200),
    )
    def test_any_split_of_a_period(self, rand: Tables, start: int, left: int, right: int) -> None:
        """
        For any period split in two: flows add up, the second part carries over what the
        first left pending, and accepted = carried over + new, pending = accepted - closed.
        """
        s = pendulum.Date(2023, 12, 1).add(days=start)
        m = s.add(days=left)
        e = m.add(days=1 + right)
        whole, first, second = (ReportingPeriod(s, e), ReportingPeriod(s, m),
                                ReportingPeriod(m.add(days=1), e))  # fmt: skip
        ids = ["cases-new", "cases-closed", "cases-carried-over", "cases-accepted",
               "cases-pending"]  # fmt: skip
        frame = compute(ids, rand, periods=[whole, first, second])
        v = {(r.indicator, r.period_start, r.period_end): r.value for r in frame.itertuples()}
        w, f, g = ((p.start_on, p.end_on) for p in (whole, first, second))
        for ind in ("cases-new", "cases-closed"):
            assert v[(ind, *w)] == v[(ind, *f)] + v[(ind, *g)]
        assert v[("cases-carried-over", *g)] == v[("cases-pending", *f)]
        for p in (whole, first, second):
            k = (p.start_on, p.end_on)
            assert v[("cases-accepted", *k)] == v[("cases-carried-over", *k)] + v[("cases-new", *k)]
            assert v[("cases-pending", *k)] == v[("cases-accepted", *k)] - v[("cases-closed", *k)]


class TestGrouping:
    def test_groups_partition_the_total(self, rand: Tables) -> None:
        """
        Counts by court, by judge and by track add up to the ungrouped count.
        """
        total = compute(["cases-closed"], rand, periods=year(2025))["value"].iloc[0]
        for by in ("court", "judge", "track", "kind"):
            frame = compute(["cases-closed"], rand, periods=year(2025), by=(by,))
            assert frame["value"].sum() == total
            assert set(frame.columns) >= {by, "indicator", "period_start", "unit", "direction"}

    def test_two_group_columns(self, rand: Tables) -> None:
        """
        Grouping by court and track gives one row per observed pair, labels decoded.
        """
        frame = compute(["cases-new"], rand, periods=year(2024), by=("court", "track"))
        assert set(frame["court"]) <= set(COURTS)
        assert set(frame["track"]) <= {"small_claims", "summary", "ordinary", ""}
        assert len(frame) == len(frame[["court", "track"]].drop_duplicates())

    def test_unknown_group_column(self, rand: Tables) -> None:
        """
        An unknown group column names the valid ones.
        """
        with pytest.raises(UnknownNameError, match="court"):
            compute(["cases-new"], rand, periods=year(2024), by=("division",))


class TestInputs:
    def test_rows_equal_frame(self, rand: Tables) -> None:
        """
        compute_rows gives the same values as compute, without pandas types.
        """
        frame = compute(["closure-rate", "duration-median"], rand, periods=months(2025, 1, 3),
                        by=("court",))  # fmt: skip
        rows = compute_rows(["closure-rate", "duration-median"], rand, periods=months(2025, 1, 3),
                            by=("court",))  # fmt: skip
        assert len(rows) == len(frame)
        for row, (_, f) in zip(rows, frame.iterrows(), strict=True):
            assert (row.indicator, dict(row.group)["court"], row.period.start_on) == (
                f["indicator"], f["court"], f["period_start"])  # fmt: skip
            assert row.value == pytest.approx(f["value"], nan_ok=True)

    def test_events_need_lifecycles(self) -> None:
        """
        Events are built into tables on the fly when their lifecycles are given.
        """
        b = random_log(3, 8)
        frame = compute("cases-new", b.log, periods=year(2024), lifecycles=b.engine.lifecycle)
        assert frame["value"].iloc[0] > 0
        with pytest.raises(InvalidValueError, match="lifecycles"):
            compute("cases-new", b.log, periods=year(2024))

    def test_unknown_indicator(self, rand: Tables) -> None:
        """
        An unknown indicator id lists the built-in ids.
        """
        with pytest.raises(UnknownNameError, match="closure-rate"):
            compute(["closure-rates"], rand, periods=year(2024))

    def test_custom_indicator_and_quantile(self, rand: Tables) -> None:
        """
        A caller's definition: share of small-claims closures, and the 90th percentile of
        durations, checked against numpy.
        """
        share = Indicator("small-claims-share", "Small-claims share", "小额诉讼占比",
                          "efficiency", "ratio", "%", "neutral", "example",
                          numerator=Measure("closed", where=[Condition("track", "==",
                                                                       "small_claims")]),
                          denominator=Measure("closed"), scale=100.0)  # fmt: skip
        p90 = Indicator("duration-p90", "90th percentile duration", "审理天数90分位",
                        "efficiency", "statistic", "days", "lower", "example",
                        statistic=Statistic(Measure("closed"), "duration_days", "quantile",
                                            0.9))  # fmt: skip
        frame = compute([share, p90], rand, periods=year(2025))
        p = rand.frame()
        closed = p[p["closed_on"].between("2025-01-01", "2025-12-31") & p["accepted_on"].notna()]
        got = dict(zip(frame["indicator"], frame["value"], strict=True))
        assert got["small-claims-share"] == pytest.approx(
            100 * (closed["track"] == "small_claims").mean()
        )
        assert got["duration-p90"] == pytest.approx(np.quantile(closed["duration_days"], 0.9))

    def test_population_inputs(self, rand: Tables) -> None:
        """
        A population DataFrame (region, period, population) and a mapping give the same
        per-capita rates; a malformed table is refused.
        """
        table = pd.DataFrame({"region": list(COURTS), "period": [2025] * 3,
                              "population": [356054, 307215, 270911]})  # fmt: skip
        a = compute("lawsuits-per-10000", rand, periods=year(2025), by=("region",),
                    population=table)  # fmt: skip
        b = compute("lawsuits-per-10000", rand, periods=year(2025), by=("region",),
                    population=dict(zip([(r, 2025) for r in COURTS], table["population"],
                                        strict=True)))  # fmt: skip
        pd.testing.assert_frame_equal(a, b)
        assert (a["value"] == a["numerator"] / a["denominator"] * 10000).all()
        with pytest.raises(InvalidValueError, match="population"):
            compute("lawsuits-per-10000", rand, periods=year(2025),
                    population=pd.DataFrame({"region": ["x"]}))  # fmt: skip


def load_us_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "us_example", ROOT / "examples" / "us_civil_court.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def us() -> Tables:
    """The example's two US cases (contested and default), run quietly."""
    example = load_us_example()
    lifecycle = example.us_civil_lifecycle()
    engine = example.us_engine(lifecycle, {})
    with contextlib.redirect_stdout(io.StringIO()):
        runs = [example.contested_case(engine), example.default_case(engine)]
    return build_tables([e for r in runs for e in r.log], lifecycle)


def us_values(tables: Tables, y: int) -> dict[str, Any]:
    ids = ["cepej-clearance-rate", "cepej-disposition-time", "cepej-turnover",
           "courtools-time-to-disposition-180", "courtools-time-to-disposition-365",
           "courtools-age-active-pending-mean", "courtools-age-active-pending-net-median",
           "ncsc-backlog", "closure-rate"]  # fmt: skip
    frame = compute(ids, tables, periods=year(y))
    return dict(zip(frame["indicator"], frame["value"], strict=True))


class TestUSLifecycle:
    """
    CEPEJ and CourTools on examples/us_civil_court.py: C-1 filed 2025-03-03, served 05-05,
    answered 05-22 (17 inactive days waiting for the answer), judgment 2026-02-12 (346 days,
    329 active), appeal docketed 2026-03-16 and affirmed 09-29 (197 days); collection is not
    counted (its kind says so). C-2 filed 2025-04-01, served 04-07, default judgment 05-06
    (35 days, 29 of them waiting on the defendant: 6 active).
    """

    def test_tables_read_the_us_tags(self, us: Tables) -> None:
        """
        Tracks come from the trial states (``jury_trial`` -> jury); closing from the tags.
        """
        p = us.frame()
        c1 = p[(p["dispute_id"] == "C-1") & (p["proceeding_id"] == "p1")].iloc[0]
        assert c1["track"] == "jury"
        assert (c1["duration_days"], c1["active_duration_days"]) == (346, 329)
        assert list(p["counted"]) == [True, True, False, True]

    def test_2025(self, us: Tables) -> None:
        """
        2025: two civil actions filed, C-2 resolved -> CR 50%, DT 1 / 1 x 365; C-2 within
        180 active days; C-1 pending and active on 12-31, 303 days old (286 net of its 17
        inactive days).
        """
        got = us_values(us, 2025)
        assert got["cepej-clearance-rate"] == 50.0
        assert got["cepej-disposition-time"] == 365.0
        assert got["cepej-turnover"] == 1.0
        assert got["courtools-time-to-disposition-180"] == 100.0
        assert got["courtools-age-active-pending-mean"] == 303.0
        assert got["courtools-age-active-pending-net-median"] == 286.0
        assert got["ncsc-backlog"] == 0

    def test_2026(self, us: Tables) -> None:
        """
        2026: one appeal filed, C-1's judgment and the appeal resolved -> CR 200%, nothing
        pending (DT 0); neither within 180 active days (329, 197), both within 365.
        """
        got = us_values(us, 2026)
        assert got["cepej-clearance-rate"] == 200.0
        assert got["cepej-disposition-time"] == 0.0
        assert got["courtools-time-to-disposition-180"] == 0.0
        assert got["courtools-time-to-disposition-365"] == 100.0
        assert got["closure-rate"] == 100.0

    def test_reopened_proceeding_is_pending_again(self) -> None:
        """
        A proceeding that leaves its closing state (a remand mandate sends a US case back to
        trial) counts as pending again until it closes anew: judged 2025-06-02, remanded,
        judged again 2025-11-03 -> closed once, in November; pending at the end of September.
        """
        example = load_us_example()
        lifecycle = example.us_civil_lifecycle()
        engine = example.us_engine(lifecycle, {})
        chicago = "America/Chicago"

        def when(m: int, day: int) -> Any:
            return pendulum.datetime(2025, m, day, 10, tz=chicago)

        facts = d.Facts(category="contract", court="prairie", claim_amount=1000)
        out = engine.open("U-2", facts, "file_complaint", at=when(1, 6), actor="p")
        case, log = out.case, list(out.events)
        steps: list[tuple[str, str, Any, dict[str, Any]]] = [
            ("p1", "serve_defendant", when(1, 10), {"method": "personal"}),
            ("p1", "file_answer", when(1, 20), {}),
            ("p1", "issue_scheduling_order", when(2, 3), {}),
            ("p1", "close_discovery", when(4, 1), {}),
            ("p1", "commence_trial", when(5, 5), {}),
            ("p1", "enter_judgment", when(6, 2), {"prevailing_party": "plaintiff"}),
            ("p1", "file_notice_of_appeal", when(6, 20), {}),
            ("p2", "file_briefs", when(7, 20), {}),
            ("p2", "remand", when(8, 20), {}),
            ("p1", "receive_mandate", when(9, 1), {}),
            ("p1", "commence_trial", when(10, 6), {}),
            ("p1", "enter_judgment", when(11, 3), {"prevailing_party": "plaintiff"}),
        ]
        for proceeding, trigger, moment, data in steps:
            out = engine.fire(case, proceeding, trigger, at=moment, actor="x", data=data)
            case = out.case
            log += out.events
        tables = build_tables(log, lifecycle)
        p1 = tables.frame().iloc[0]
        assert str(p1["closed_on"].date()) == "2025-11-03"
        series = compute(["cases-closed", "cases-pending"], tables, periods=months(2025, 6, 6),
                         by=("kind",))  # fmt: skip
        civil = series[series["kind"] == "civil_action"].pivot_table(
            index="period_start", columns="indicator", values="value"
        )
        assert list(civil["cases-closed"]) == [0, 0, 0, 0, 0, 1]
        assert list(civil["cases-pending"]) == [1, 1, 1, 1, 1, 0]
