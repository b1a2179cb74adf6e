"""
Tests for disputeflow.indicators.measurement: figure keys and the picklable Measurement that
takes the figures of one replication (for worker processes).
"""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.indicators import build_tables, compute_rows, month, quarter
from disputeflow.indicators.measurement import (
    Measurement,
    figure_key,
    measure,
    parse_figure_key,
)
from indicators.logs import LogBuilder, at

Q1 = quarter(2025, 1)


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


class TestFigureKey:
    def test_layout(self) -> None:
        """
        Keys read ``indicator|start|end|column=label``.
        """
        key = figure_key("closure-rate", Q1.start_on, Q1.end_on, (("court", "a"),))
        assert key == "closure-rate|2025-01-01|2025-03-31|court=a"

    @given(
        st.text(min_size=1, max_size=8),
        st.lists(
            st.tuples(
                st.sampled_from(["court", "judge"]),
                st.text(max_size=8) | st.text(alphabet="%|=37CD25a", max_size=10),
            ),
            max_size=2,
        ),
    )
    def test_round_trip(self, indicator: str, group: list[tuple[str, str]]) -> None:
        """
        Any labels, with ``|``, ``=`` or ``%`` in them, parse back.
        """
        key = figure_key(indicator, Q1.start_on, Q1.end_on, group)
        assert parse_figure_key(key) == (indicator, Q1.start_on, Q1.end_on, tuple(group))

    @pytest.mark.parametrize("label", ["%3D", "%7C", "%25", "a|b=c%", "%%3D|="])
    def test_escapes_are_literal(self, label: str) -> None:
        """
        Labels that look like escapes themselves parse back unchanged.
        """
        key = figure_key("x", Q1.start_on, Q1.end_on, (("court", label),))
        assert parse_figure_key(key)[3] == (("court", label),)

    @pytest.mark.parametrize(
        "key", ["closure-rate", "x|2025-01-01|nope", "x|2025-01-01|2025-01-02|a"]
    )
    def test_not_a_key(self, key: str) -> None:
        """
        Malformed keys are refused with the expected layout.
        """
        with pytest.raises(InvalidValueError, match="indicator\\|YYYY"):
            parse_figure_key(key)


class TestMeasurement:
    def test_figures_are_the_computed_values(self, lc: d.Lifecycle) -> None:
        """
        A measurement gives compute_rows' values under figure keys.
        """
        log = replication(1)
        m = measure(["closure-rate", "cases-pending"], periods=Q1, by=("court",), lifecycles=lc)
        rows = compute_rows(["closure-rate", "cases-pending"], log, periods=Q1, by=("court",),
                            lifecycles=lc)  # fmt: skip
        assert m(log) == {
            figure_key(r.indicator, Q1.start_on, Q1.end_on, r.group): r.value for r in rows
        }
        assert m(log)["closure-rate|2025-01-01|2025-03-31|court=taobei"] == 50.0

    def test_pickles_and_runs_in_a_worker(self, lc: d.Lifecycle) -> None:
        """
        A measurement survives pickling (a shipped Lifecycle is kept by id) and runs in
        another process, giving the same figures.
        """
        log = replication(1)
        m = measure("closure-rate", periods=Q1, by=("court",), lifecycles=lc)
        assert isinstance(m, Measurement)
        assert m.lifecycles == ("prc-civil-2025",)
        again = pickle.loads(pickle.dumps(m))
        assert again == m
        assert again(log) == m(log)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            assert list(pool.map(m, [log])) == [m(log)]

    def test_lifecycle_forms(self, lc: d.Lifecycle) -> None:
        """
        Ids, module-level factories and shipped Lifecycle objects measure alike.
        """
        log = replication(1)
        forms = ["prc-civil-2025", d.prc_civil_2025, lc, [lc, "prc-civil-2022"]]
        got = [measure("closure-rate", periods=Q1, lifecycles=f)(log) for f in forms]
        assert all(g == got[0] for g in got)

    def test_unshipped_lifecycle_refused(self, lc: d.Lifecycle) -> None:
        """
        A Lifecycle object that is not shipped cannot be sent to a worker: the error says to
        pass its factory.
        """
        custom = attrs.evolve(lc, id="my-court-2025")
        with pytest.raises(InvalidValueError, match="factory"):
            measure("closure-rate", periods=Q1, lifecycles=custom)

    def test_tables_need_no_lifecycles_events_do(self, lc: d.Lifecycle) -> None:
        """
        Without lifecycles a measurement takes tables, and refuses events.
        """
        log = replication(1)
        m = measure("closure-rate", periods=Q1)
        assert m(build_tables(log, lc)) == {"closure-rate|2025-01-01|2025-03-31": 50.0}
        with pytest.raises(InvalidValueError, match="lifecycles"):
            m(log)

    def test_figures_in_are_selected(self) -> None:
        """
        Figures already taken are kept for the measurement's indicators and periods only,
        and must be grouped the same way.
        """
        m = measure("closure-rate", periods=Q1, by=("court",))
        keep = figure_key("closure-rate", Q1.start_on, Q1.end_on, (("court", "a"),))
        other = figure_key("mediation-rate", Q1.start_on, Q1.end_on, (("court", "a"),))
        jan = month(2025, 1)
        elsewhere = figure_key("closure-rate", jan.start_on, jan.end_on, (("court", "a"),))
        assert m({keep: 1.0, other: 2.0, elsewhere: 3.0}) == {keep: 1.0}
        ungrouped = figure_key("closure-rate", Q1.start_on, Q1.end_on)
        with pytest.raises(InvalidValueError, match="grouped by"):
            m({ungrouped: 1.0})

    def test_bad_group_column(self) -> None:
        """
        Unknown group columns are refused, naming the valid ones.
        """
        with pytest.raises(InvalidValueError, match="department"):
            measure("closure-rate", periods=Q1, by=("division",))
