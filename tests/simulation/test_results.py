"""
Results: metrics, tables, HTML summary and plots.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from disputeflow.simulation.results import SimulationResult
from disputeflow.simulation.runner import simulate
from simulation.scenarios import small_scenario


@functools.cache
def _result() -> SimulationResult:
    return simulate(small_scenario(rate=400, days=60), 5)


class TestResults:
    def test_counts_balance(self) -> None:
        """
        Pending at the start of the last day = pending at day 0 + accepted - closed on the
        days before, per court and kind.
        """
        r = _result()
        flow = r.accepted[:-1].sum(0) - r.closed[:-1].sum(0)
        assert (r.pending[-1] == r.pending[0] + flow).all()
        assert r.pending[0].sum() > 0

    def test_metrics_overall_and_per_court(self) -> None:
        """
        Headline metrics exist overall and per court and agree with the case table.
        """
        r = _result()
        m = r.metrics()
        warm = np.asarray(r.cases["warm"])
        assert m["arrivals"] == (~warm).sum()
        assert m["arrivals[taobei]"] == m["arrivals"]
        assert 0 < m["mediation_share"] < 1
        assert m["closed_to_new"] == pytest.approx(m["closed"] / m["new"])
        assert r.backlog()[-1].sum() == m["backlog_end"]

    def test_tables(self) -> None:
        """
        Every table converts to pandas with its documented columns.
        """
        tables = _result().to_pandas()
        assert set(tables) == {
            "events",
            "cases",
            "backlog",
            "flow",
            "queues",
            "utilisation",
            "breaches",
        }
        assert len(tables["events"]) == len(_result().events)
        assert {"dispute_id", "court", "settled_by_mediation", "days_to_disposition"} <= set(
            tables["cases"].columns
        )
        assert list(tables["utilisation"].columns) == ["pool", "court", "capacity", "utilisation"]
        assert tables["utilisation"]["utilisation"].between(0, 1.5).all()
        assert tables["breaches"]["days_over"].gt(0).all()
        assert len(tables["flow"]) == 61

    def test_repr_html_and_summary(self) -> None:
        """
        The notebook summary is an HTML table with a row per court.
        """
        r = _result()
        page = r._repr_html_()
        assert page.count("<tr>") == 1 + 1 + len(r.courts)
        assert "closed_to_new" in page
        assert r.summary().startswith("small seed 5")

    def test_plots(self) -> None:
        """
        The three plots draw on matplotlib axes.
        """
        import matplotlib

        matplotlib.use("Agg")
        r = _result()
        assert len(r.plot_backlog().lines) == len(r.courts)
        assert r.plot_flow().collections
        assert r.plot_time_to_disposition().patches

    def test_repr_is_short(self) -> None:
        """
        The plain repr is one line naming the run (the arrays are not printed).
        """
        text = repr(_result())
        assert text.startswith("<SimulationResult small seed 5 2024-01-01..2024-03-01")
        assert "\n" not in text
