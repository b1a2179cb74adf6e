"""
Tests of ``disputeflow.simulation.bench_b`` (and the ``bench-b`` lifecycle): the run's log is
what the engine records for the same acts, the stations behave as BENCH-B says, the policies
draw its probabilities, runs are deterministic, and the figures agree with the SimPy reference
by BENCH-B.md's rule.
"""

from __future__ import annotations

import importlib
import math
import random
import statistics
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pendulum
import pytest

import disputeflow as d
from bench_reference import reference_dir
from disputeflow.engine.fastpath import FastPath
from disputeflow.errors import InvalidValueError, TriggerNotAllowedError
from disputeflow.lifecycle.stages.bench_b import NODES, bench_b
from disputeflow.policies.protocols import DecisionRequest, OutcomePolicy
from disputeflow.simulation.bench_b import (
    OUTCOMES,
    BenchBFrontEnd,
    BenchBOutcomes,
    BenchBResult,
    run_bench_b,
    scaled_servers,
)
from strategies import assert_identical

# The shared folder where present, else the byte-for-byte copy in benchmarks/reference.
REFERENCE = reference_dir()
AGREEMENT_SEEDS = range(1, 21)
AGREEMENT_SCALE = 0.05


@pytest.fixture(scope="module")
def small() -> BenchBResult:
    """
    One run at scale 0.01 (about 1,000 disputes), seed 7.
    """
    return run_bench_b(0.01, 7)


Rows = dict[str, list[tuple[int, int]]]


def _starts(result: BenchBResult) -> tuple[Rows, Rows]:
    # (row, dispute) of every arrival in a queue and every service start, per node.
    fp = result.log.fastpath
    waiting = {fp.state_of(w): n for n, w, _, _ in NODES}
    working = {fp.state_of(s): n for n, _, _, s in NODES}
    joins: dict[str, list[tuple[int, int]]] = {n: [] for n, *_ in NODES}
    starts: dict[str, list[tuple[int, int]]] = {n: [] for n, *_ in NODES}
    for row in range(len(result.log)):
        edge = result.log.edge_of(row)
        if edge < 0:
            continue
        e = fp.edges[edge]
        if e.dest in waiting:
            joins[waiting[e.dest]].append((row, result.log.dispute[row]))
        if e.dest in working:
            starts[working[e.dest]].append((row, result.log.dispute[row]))
    return joins, starts


class TestLifecycle:
    def test_every_node_is_a_waiting_and_a_working_state_tagged_with_it(self) -> None:
        """
        Each BENCH-B node has its queue state and its service state, both with the node as
        stage, and a start trigger between them; there are no clocks and no guards.
        """
        lc = bench_b()
        for node, waiting, start, working in NODES:
            assert lc.state(waiting).stage == lc.state(working).stage == node
            (t,) = lc.transitions_from(waiting, start)
            assert t.dest == working
        assert lc.clocks == ()
        assert lc.guards == ()

    def test_routing_outcomes_are_lifecycle_transitions(self) -> None:
        """
        Every outcome's triggers fire, in order, from the node's working state, and end in a
        closing state or another node's queue.
        """
        lc = bench_b()
        fp = FastPath(lc)
        working = {n: s for n, _, _, s in NODES}
        queues = {w for _, w, _, _ in NODES}
        for node, rows in OUTCOMES.items():
            for _, triggers, _ in rows:
                s = fp.state_of(working[node])
                for trigger in triggers:
                    s = fp.edges[fp.step(s, fp.trigger_of(trigger))].dest
                assert fp.closing_kind[s] is not None or fp.states[s] in queues


class TestPolicies:
    def test_outcomes_are_drawn_with_bench_b_probabilities(self) -> None:
        """
        Over 200,000 draws per node each outcome's share is within 5 standard errors of its
        probability.
        """
        policy = BenchBOutcomes(np.random.default_rng(3))
        n = 200_000
        for i, node in enumerate(policy.nodes):
            counts = Counter(policy.draw(i) for _ in range(n))
            for k, (_, _, p) in enumerate(OUTCOMES[node]):
                se = math.sqrt(p * (1 - p) / n) or 1e-12
                assert abs(counts[k] / n - p) <= 5 * se, (node, k)

    def test_probabilities_must_sum_to_one(self) -> None:
        """
        A routing table whose probabilities do not sum to 1 is refused, naming the node.
        """
        with pytest.raises(InvalidValueError, match="outcomes\\['C'\\]"):
            BenchBOutcomes(np.random.default_rng(1), {"C": (("x", ("confirm_agreement",), 0.9),)})

    def test_decide_answers_decision_requests(self) -> None:
        """
        As an OutcomePolicy, decide() draws the outcome of the proceeding's node (a trial's
        outcome on trial); the front end sends administrative disputes to filing review.
        """
        lc = bench_b()
        engine = d.Engine(lc)
        when = pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai")
        case = engine.open(
            "D-1", d.Facts("administrative", "bench"), "file_complaint", at=when, actor="party"
        ).case
        for trigger in ("review_filing", "register", "assign_judge"):
            case = engine.fire(case, "p1", trigger, at=when, actor="court").case
        request = DecisionRequest(
            point="outcome",
            case=case,
            proceeding=case.proceeding("p1"),
            lifecycle=lc,
            at=when,
            on=when.date(),
            parameters=lc.parameters,
        )
        policy = BenchBOutcomes(np.random.default_rng(5))
        assert isinstance(policy, OutcomePolicy)
        decision = policy.decide(request)
        assert decision is not None
        assert decision.policy == "bench-b-outcomes"
        assert decision in policy.decisions[policy.nodes.index("T")]
        front = BenchBFrontEnd().decide(request)
        assert front is not None
        assert front.trigger == "file_complaint"


class TestRun:
    def test_servers_round_half_up(self) -> None:
        """
        max(1, floor(c * s + 0.5)) servers per node.
        """
        assert scaled_servers(0.05) == {
            "M": 300,
            "C": 1,
            "F": 2,
            "T": 390,
            "A": 63,
            "E": 245,
            "P": 4,
        }
        assert scaled_servers(0.001)["C"] == 1

    def test_invalid_inputs_are_refused(self) -> None:
        """
        A non-positive scale or horizon raises InvalidValueError naming it.
        """
        with pytest.raises(InvalidValueError, match="scale"):
            run_bench_b(0)
        with pytest.raises(InvalidValueError, match="horizon"):
            run_bench_b(0.01, horizon=-1)

    def test_a_policy_cannot_fire_an_undefined_trigger(self) -> None:
        """
        A routing table that fires a trigger the working state does not define stops the
        run with TriggerNotAllowedError naming state and trigger.
        """
        bad = {**OUTCOMES, "F": (("registered", ("confirm_agreement",), 1.0),)}
        with pytest.raises(TriggerNotAllowedError) as err:
            run_bench_b(0.002, 1, outcomes=bad)
        assert (err.value.state, err.value.trigger) == ("reviewing_filing", "confirm_agreement")

    def test_routing_tables_are_read_by_node_name(self) -> None:
        """
        A routing table in another key order routes the same; one without a node is refused.
        """
        shuffled = dict(reversed(list(OUTCOMES.items())))
        assert run_bench_b(0.003, 2, outcomes=shuffled).summary() == run_bench_b(0.003, 2).summary()
        partial = {k: v for k, v in OUTCOMES.items() if k != "P"}
        with pytest.raises(InvalidValueError, match="outcomes"):
            run_bench_b(0.003, 2, outcomes=partial)

    def test_same_seed_same_log_other_seed_other_log(self, small: BenchBResult) -> None:
        """
        The same seed gives the identical event log (every column) and figures; another
        seed does not.
        """
        again = run_bench_b(0.01, 7)
        assert again.summary() == small.summary()
        for column in ("dispute", "t", "code", "category", "serial"):
            assert getattr(again.log, column) == getattr(small.log, column), column
        assert list(again.log)[:50] == list(small.log)[:50]
        other = run_bench_b(0.01, 8)
        assert other.log.t != small.log.t

    def test_parallel_runs_give_the_serial_log(self) -> None:
        """
        Runs in a process pool give the same figures and event log as in this process.
        """
        serial = run_bench_b(0.005, 3)
        with ProcessPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(run_bench_b, 0.005, 3) for _ in range(2)]
            parallel = [f.result() for f in futures]
        for other in parallel:
            assert other.summary() == serial.summary()
            assert other.log.code == serial.log.code
            assert other.log.t == serial.log.t
            assert list(other.log) == list(serial.log)

    def test_figures_are_the_logs(self, small: BenchBResult) -> None:
        """
        Completed services per node, closures and time in system recomputed from the
        event log equal the run's figures; every dispute is closed or still in the network.
        """
        log, fp = small.log, small.log.fastpath
        working = {fp.state_of(s): n for n, _, _, s in NODES}
        done: Counter[str] = Counter()
        last: dict[int, tuple[int, float]] = {}
        first: dict[int, float] = {}
        for row in range(len(log)):
            dispute, t = log.dispute[row], log.t[row]
            first.setdefault(dispute, t)
            edge = log.edge_of(row)
            if edge < 0:
                continue
            e = fp.edges[edge]
            last[dispute] = (e.dest, t)
            if e.source in working:
                done[working[e.source]] += 1
        # A petition leaves a closing state, not a working one: one count per service.
        assert dict(done) == {n: c for n, c in small.completed.items() if c}
        closed = [dd for dd, (s, _) in last.items() if fp.closing_kind[s] is not None]
        assert len(closed) == small.closed
        tis = sum(last[dd][1] - first[dd] for dd in closed)
        assert tis == pytest.approx(small.sum_time_in_system_closed)
        assert [s for _, (s, _) in sorted(last.items())] == list(small.states)
        assert log.disputes == small.arrivals

    def test_stations_are_fifo_and_never_over_capacity(self, small: BenchBResult) -> None:
        """
        At every node cases start service in the order they joined its queue, and no more
        cases are in service at once than the node has servers.
        """
        joins, starts = _starts(small)
        for node, *_ in NODES:
            joined = [dd for _, dd in joins[node]]
            started = [dd for _, dd in starts[node]]
            assert started == joined[: len(started)], node
        fp = small.log.fastpath
        working = {fp.state_of(s): n for n, _, _, s in NODES}
        busy: Counter[str] = Counter()
        for row in range(len(small.log)):
            edge = small.log.edge_of(row)
            if edge < 0:
                continue
            e = fp.edges[edge]
            if e.dest in working:
                busy[working[e.dest]] += 1
                node = working[e.dest]
                assert busy[node] <= small.servers[node], node
            if e.source in working:
                busy[working[e.source]] -= 1

    def test_log_replays_through_the_engine_identically(self, small: BenchBResult) -> None:
        """
        Firing each simulated dispute's acts through the real Engine (same times, actors and
        decisions) records exactly the events the columnar log gives back.
        """
        log = small.log
        engine = d.Engine(bench_b(), courts=[log.court])
        for dispute in range(80):
            events = log.events_of(dispute)
            opened = events[1]
            facts = d.Facts.from_dict(events[0].data["facts"])
            out = engine.open(
                events[0].dispute_id,
                facts,
                opened.trigger or "",
                at=opened.at,
                actor=opened.actor,
                decision=opened.decision,
            )
            recorded, case = list(out.events), out.case
            for e in events[2:]:
                out = engine.fire(
                    case, "p1", e.trigger or "", at=e.at, actor=e.actor, decision=e.decision
                )
                recorded += out.events
                case = out.case
            assert_identical(recorded, list(events))
            assert case.proceeding("p1").state == log.fastpath.states[small.states[dispute]]


# -- agreement with the SimPy reference (BENCH-B.md, "Agreement") ----------------------------


def _reference_run(seed: int) -> dict[str, Any]:
    # The reference exactly as simpy_bench.main() runs it, without its command line.
    sys.path.insert(0, str(REFERENCE))
    try:
        importlib.import_module("simpy_bench_b")  # sets BENCH-B's servers on the model
        simpy_bench = importlib.import_module("simpy_bench")
        bm = importlib.import_module("bench_a_model")
        simpy = importlib.import_module("simpy")
    finally:
        sys.path.remove(str(REFERENCE))
    env = simpy.Environment()
    court = simpy_bench.CourtSystem(env, random.Random(seed), AGREEMENT_SCALE, False)
    env.process(court.source())
    env.run(until=bm.HORIZON_DAYS)
    return {
        "closed": court.closed,
        "mean_tis": court.sum_tis_closed / court.closed,
        **{n: court.completed[n] for n in bm.NODES},
    }


def _ours(seed: int) -> dict[str, Any]:
    r = run_bench_b(AGREEMENT_SCALE, seed)
    return {
        "closed": r.closed,
        "mean_tis": r.mean_time_in_system_closed_days,
        **r.completed,
    }


def _welch_t(a: list[float], b: list[float]) -> float:
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    return (statistics.fmean(a) - statistics.fmean(b)) / se if se else 0.0


@pytest.mark.skipif(
    not (REFERENCE / "simpy_bench_b.py").exists(),
    reason=f"the SimPy reference is not at {REFERENCE} (benchmarks/reference)",
)
def test_agrees_with_the_simpy_reference() -> None:
    """
    Over 20 fixed seeds at s = 0.05, closed, mean time in system and completed services at
    M, F and T differ from the reference's means by at most 3% relative, and completed
    services at C, A, E and P have |Welch t| <= 3 (BENCH-B.md, "Agreement").
    """
    pytest.importorskip("simpy")
    ref = [_reference_run(s) for s in AGREEMENT_SEEDS]
    ours = [_ours(s) for s in AGREEMENT_SEEDS]
    report = []
    failures = []
    for key in ("closed", "mean_tis", "M", "F", "T", "C", "A", "E", "P"):
        a = [float(o[key]) for o in ours]
        b = [float(r[key]) for r in ref]
        diff = statistics.fmean(a) / statistics.fmean(b) - 1
        t = _welch_t(a, b)
        report.append(
            f"{key}: ours {statistics.fmean(a):.2f} ref {statistics.fmean(b):.2f} "
            f"diff {diff:+.2%} welch t {t:+.2f}"
        )
        ok = abs(diff) <= 0.03 if key in ("closed", "mean_tis", "M", "F", "T") else abs(t) <= 3
        if not ok:
            failures.append(report[-1])
    print("\n".join(report))
    assert not failures, "\n".join(report)
