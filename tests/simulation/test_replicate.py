"""
Replications, comparisons under common random numbers, sweeps, executors.
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor

import pytest

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.replicate import Estimate, compare, replicate, run_many, sweep
from simulation.scenarios import small_scenario


def _tiny():  # type: ignore[no-untyped-def]
    return small_scenario(rate=150, days=30, pending=False)


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    same_cases = a.cases_frame().equals(b.cases_frame())
    return (
        same_cases
        and (a.pending == b.pending).all()
        and a.metrics() == pytest.approx(b.metrics(), nan_ok=True)
    )


class TestEstimate:
    def test_t_interval(self) -> None:
        """
        The interval is mean +- t(0.975, n-1) s / sqrt(n).
        """
        e = Estimate.of("x", [1.0, 2.0, 3.0])
        assert e.mean == 2.0
        assert e.high - e.mean == pytest.approx(4.303 * 1.0 / math.sqrt(3))
        assert math.isnan(Estimate.of("x", [1.0]).low)
        assert Estimate.of("x", [math.nan]).n == 0


class TestReplicate:
    def test_replications_use_consecutive_seeds(self) -> None:
        """
        Replications run seeds seed, seed+1, ... and estimate every metric.
        """
        reps = replicate(_tiny(), 3, seed=10)
        assert reps.seeds == (10, 11, 12)
        est = reps.estimates()
        assert est["arrivals"].n == 3
        assert est["arrivals"].low <= est["arrivals"].mean <= est["arrivals"].high
        assert reps.backlog().shape == (3, 31, 2)
        with pytest.raises(InvalidValueError, match="replications"):
            replicate(_tiny(), 0)

    def test_compare_pairs_common_random_numbers(self) -> None:
        """
        Comparing a scenario with itself gives zero differences with zero-width intervals:
        the pairs share every random number.
        """
        c = compare(_tiny(), _tiny(), 3)
        diffs = c.differences()
        assert diffs["closed"].mean == 0
        assert diffs["closed"].low == diffs["closed"].high == 0
        table = c.table()
        assert list(table.columns) == ["metric", "baseline", "variant", "difference", "low", "high"]

    def test_sweep(self) -> None:
        """
        A sweep replicates the scenario built for each value.
        """
        out = sweep(_tiny(), lambda s, n: s.with_servers("judges.summary", n), [1, 5], 2)
        assert list(out) == [1, 5]
        assert out[5].scenario.resources["judges.summary"].servers["taobei"] == 8

    def test_process_pool_equals_serial(self) -> None:
        """
        The same seeds give the same results in a process pool as in this process.
        """
        runs = [(_tiny(), s) for s in (1, 2)]
        serial = run_many(runs)
        with ProcessPoolExecutor(max_workers=2) as pool:
            parallel = run_many(runs, pool)
        assert all(_same(a, b) for a, b in zip(serial, parallel, strict=True))

    def test_dask_local_cluster_equals_serial(self) -> None:
        """
        A real dask.distributed LocalCluster on 127.0.0.1 (one worker process, no dashboard)
        gives the same results and event log as a serial run.
        """
        distributed = pytest.importorskip("distributed")
        runs = [(_tiny(), s) for s in (3, 4)]
        serial = run_many(runs, keep_events=True)
        with (
            distributed.LocalCluster(
                n_workers=1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            parallel = run_many(runs, client.get_executor(), keep_events=True)
        assert all(_same(a, b) for a, b in zip(serial, parallel, strict=True))
        assert serial[0].events == parallel[0].events


def _count_events(events):  # type: ignore[no-untyped-def]
    # Module level, so a process pool can pickle it.
    return {"events": float(len(events))}


class TestMeasure:
    def test_measure_runs_on_each_log_and_drops_it(self) -> None:
        """
        ``measure`` sees each run's full log; its figures are kept and the log is dropped
        unless asked for.
        """
        runs = [(_tiny(), 5)]
        full = run_many(runs, keep_events=True)[0]
        measured = run_many(runs, measure=_count_events)[0]
        assert measured.figures == {"events": float(len(full.events))}
        assert measured.events == ()
        assert _same(full, measured)
        both = run_many(runs, keep_events=True, measure=_count_events)[0]
        assert both.events == full.events
        assert run_many(runs)[0].figures is None

    def test_indicator_figures_in_a_process_pool_equal_serial(self) -> None:
        """
        An indicator measurement travels to worker processes and gives the same figures as
        in this process; the replications summarise with intervals.
        """
        from disputeflow.indicators.definitions import month
        from disputeflow.indicators.replications import measure, summarize

        m = measure(
            ["closure-rate", "mediation-rate"],
            periods=month(2024, 1),
            by=["court"],
            lifecycles=["prc-civil-2022", "prc-civil-2025"],
        )
        serial = replicate(_tiny(), 2, seed=7, measure=m)
        with ProcessPoolExecutor(max_workers=2) as pool:
            parallel = replicate(_tiny(), 2, seed=7, measure=m, executor=pool)
        assert serial.figures() == parallel.figures()
        assert any(k.startswith("closure-rate|") for k in serial.figures()[0])
        table = summarize(serial.figures(), m.indicators, periods=m.periods, by=["court"])
        assert set(table["indicator"]) == {"closure-rate", "mediation-rate"}
        assert (table["n"] <= 2).all()

    def test_compare_and_sweep_pass_the_measurement(self) -> None:
        """
        Both sides of a comparison, and every value of a sweep, are measured.
        """
        c = compare(_tiny(), _tiny(), 2, measure=_count_events)
        assert c.baseline.figures() == c.variant.figures()
        out = sweep(_tiny(), lambda s, n: s, [1], 2, measure=_count_events)
        assert len(out[1].figures()) == 2

    def test_figures_without_a_measurement_is_an_error(self) -> None:
        """
        Asking unmeasured replications for figures names the scenario and what to do.
        """
        reps = replicate(_tiny(), 1)
        with pytest.raises(InvalidValueError, match=r"measure="):
            reps.figures()
