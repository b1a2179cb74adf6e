"""
Tests of ``disputeflow.engine.fastpath``: the table compiled from a lifecycle selects what the
engine selects (differential properties on prc-civil-2025, prc-civil-2022 and bench-b), and
the columnar log gives back the engine's events.
"""

from __future__ import annotations

import os
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.engine.fastpath import (
    DISPUTE_OPENED,
    GUARDED,
    NEW_STATE,
    UNDEFINED,
    EventColumns,
    FastPath,
    GuardedTransitionError,
)
from disputeflow.errors import InvalidValueError, TriggerNotAllowedError, UnknownNameError
from disputeflow.lifecycle import GuardContext, Lifecycle, Part, Transition
from disputeflow.lifecycle.stages.bench_b import bench_b
from disputeflow.time.clock import local_date
from strategies import Attempt, DisputeRun, assert_identical, dispute_runs

PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COURT = d.Court("bench", "BENCH-B court", "基准法院", "基", region="bench")
ORIGIN = pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai")


class TestCompile:
    def test_table_holds_every_transition_of_the_definition(self) -> None:
        """
        Each (state, trigger) the lifecycle defines maps to the edge of its first candidate
        (or GUARDED when that has guards); every other pair is UNDEFINED.
        """
        for lc in (d.prc_civil_2025(), bench_b()):
            fp = FastPath(lc)
            n = len(fp.triggers)
            for s, state in enumerate(fp.states):
                for t, trigger in enumerate(fp.triggers):
                    found = lc.transitions_from(state, trigger)
                    entry = fp.table[s * n + t]
                    if not found:
                        assert entry == UNDEFINED
                    elif found[0].guards:
                        assert entry == GUARDED
                    else:
                        edge = fp.edges[entry]
                        assert edge.transition is found[0]
                        assert (edge.source, edge.dest) == (s, fp.state_of(found[0].dest or state))

    def test_edges_are_transition_source_pairs_and_openings(self) -> None:
        """
        One edge per source of every transition, one per opening trigger (source NEW_STATE).
        """
        lc = d.prc_civil_2025()
        fp = FastPath(lc)
        expected = sum(len(t.source) for t in lc.transitions) + len(lc.openings)
        assert len(fp.edges) == expected
        assert {fp.edges[i].transition.trigger for i in fp.openings.values()} == {
            t.trigger for t in lc.openings
        }
        assert all(fp.edges[i].source == NEW_STATE for i in fp.openings.values())

    def test_state_tags_come_from_the_definition(self) -> None:
        """
        Closing kinds, stages and finality per state index are the states' own.
        """
        lc = bench_b()
        fp = FastPath(lc)
        for i, name in enumerate(fp.states):
            s = lc.state(name)
            assert (fp.closing_kind[i], fp.stage[i], fp.final[i]) == (
                s.closing_kind,
                s.stage,
                s.final,
            )

    def test_unknown_names_are_refused_with_the_valid_ones(self) -> None:
        """
        Unknown states and triggers raise UnknownNameError listing the valid names.
        """
        fp = FastPath(bench_b())
        with pytest.raises(UnknownNameError, match="mediating"):
            fp.state_of("nowhere")
        with pytest.raises(UnknownNameError, match="register"):
            fp.trigger_of("teleport")


class TestStep:
    def test_first_candidate_wins_as_in_the_engine(self) -> None:
        """
        With two guard-free transitions on one trigger from one state, the fast path and the
        engine both take the one defined first.
        """
        extra = Part("extra", transitions=(Transition("appeal", "on_trial", "judged"),))
        lc = bench_b().derive("bench-b-extra", add=[extra])
        fp = FastPath(lc)
        edge = fp.step(fp.state_of("on_trial"), fp.trigger_of("appeal"))
        assert fp.states[fp.edges[edge].dest] == "awaiting_appeal"
        res = fp.resolve("on_trial", "appeal")
        assert res.edge is not None
        assert res.edge.index == edge
        engine = d.Engine(lc, courts=[COURT])
        when = ORIGIN
        case = engine.open(
            "D-1", d.Facts("loan", "bench"), "file_complaint", at=when, actor="p"
        ).case
        for trigger in ("review_filing", "register", "assign_judge", "appeal"):
            case = engine.fire(case, "p1", trigger, at=when, actor="court").case
        assert case.proceeding("p1").state == "awaiting_appeal"

    def test_step_follows_the_table(self) -> None:
        """
        A defined guard-free trigger gives the edge to its destination.
        """
        fp = FastPath(bench_b())
        edge = fp.step(fp.state_of("on_trial"), fp.trigger_of("appeal"))
        assert fp.states[fp.edges[edge].dest] == "awaiting_appeal"

    def test_step_refuses_an_undefined_trigger_like_the_engine(self) -> None:
        """
        An undefined trigger raises TriggerNotAllowedError naming the state and the
        triggers defined from it.
        """
        fp = FastPath(bench_b())
        with pytest.raises(TriggerNotAllowedError) as err:
            fp.step(fp.state_of("mediating"), fp.trigger_of("register"), "D-9")
        assert err.value.state == "mediating"
        assert err.value.dispute_id == "D-9"
        assert err.value.allowed == ("reach_agreement", "apply_for_confirmation", "fail_mediation")

    def test_step_refuses_a_guarded_selection(self) -> None:
        """
        Where the first candidate has guards, step raises GuardedTransitionError naming
        them; resolve without a context does too.
        """
        lc = d.prc_civil_2025()
        fp = FastPath(lc)
        s, t = next(
            (s, t)
            for s in range(len(fp.states))
            for t in range(len(fp.triggers))
            if fp.table[s * len(fp.triggers) + t] == GUARDED
        )
        with pytest.raises(GuardedTransitionError) as err:
            fp.step(s, t)
        assert err.value.guards
        assert isinstance(err.value, InvalidValueError)
        with pytest.raises(GuardedTransitionError):
            fp.resolve(fp.states[s], fp.triggers[t])


# -- differential: the fast path against the engine on random walks -------------------------


def _context(run: DisputeRun, a: Attempt) -> Any:
    case = a.before
    p = case.proceeding(a.proceeding_id) if a.proceeding_id is not None else None
    court = p.court if p is not None else case.facts.court
    lc = run.lifecycle

    def make() -> GuardContext:
        return GuardContext(
            case=case,
            proceeding=p,
            trigger=a.trigger or "",
            at=a.at,
            on=local_date(a.at, run.engine.court(court).tz),
            data=a.data,
            parameters=lc.parameters,
            category=lc.category(case.facts.category),
        )

    return make


def _check_attempt(fp: FastPath, run: DisputeRun, a: Attempt) -> None:
    assert a.trigger is not None
    p = a.before.proceeding(a.proceeding_id) if a.proceeding_id is not None else None
    state = p.state if p is not None else None
    res = fp.resolve(state, a.trigger, _context(run, a))
    if state is not None and res.edge is not None and res.edge.source != NEW_STATE:
        entry = fp.table[fp.state_of(state) * len(fp.triggers) + fp.trigger_of(a.trigger)]
        assert entry in (GUARDED, res.edge.index)
    if a.error is not None:
        assert not res.allowed, a
        blocked = dict(res.blocked)
        if blocked:
            assert a.error.reason == "; ".join(f"{g}: {r}" for g, r in blocked.items())
        else:
            assert a.error.reason == res.reason
        return
    assert a.outcome is not None
    assert res.edge is not None, a
    assert a.outcome.transition == res.edge.transition
    first = a.outcome.events[0]
    assert first.to_state == fp.states[res.edge.dest]
    if res.edge.source == NEW_STATE:
        assert first.type == "proceeding_opened"
        assert len(a.outcome.events) == 1
        return
    assert (first.type, first.from_state, first.trigger) == ("transition", state, a.trigger)
    after = a.outcome.case.proceeding(first.proceeding_id or "")
    assert after.closing_kind == fp.closing_kind[res.edge.dest]
    if res.chained is None:
        assert len(a.outcome.events) == 1
    else:
        second = a.outcome.events[1]
        assert second.type == "proceeding_opened"
        assert (second.trigger, second.to_state) == (
            res.chained.transition.trigger,
            fp.states[res.chained.dest],
        )


@pytest.mark.parametrize("make", [d.prc_civil_2025, d.prc_civil_2022], ids=["2025", "2022"])
class TestDifferentialPRC:
    @PROPERTY
    @given(data=st.data())
    def test_resolve_selects_what_the_engine_fired(self, make: Any, data: st.DataObject) -> None:
        """
        On random walks through the engine (allowed, guard-blocked and undefined triggers,
        openings, chained openings), the fast path, running the definition's own guards,
        allows exactly what the engine allowed, selects the same transition, enters the same
        state with the same closing kind, chains the same opening, and gives the same
        blocking reasons.
        """
        lc: Lifecycle = make()
        run: DisputeRun = data.draw(dispute_runs(lc), label="run")
        fp = FastPath(lc)
        tried = [a for a in run.attempts if a.trigger is not None]
        for a in tried:
            _check_attempt(fp, run, a)


# -- differential on bench-b: states, refusals and identical events --------------------------

_BENCH = bench_b()
_FP = FastPath(_BENCH)
_MOVES = [t for t in _BENCH.triggers if _BENCH.find_opening(t) is None]


@PROPERTY
@given(
    opening=st.sampled_from(["apply_for_mediation", "file_complaint"]),
    category=st.integers(0, len(_BENCH.categories) - 1),
    steps=st.lists(
        st.tuples(st.sampled_from(_MOVES), st.floats(0, 40, allow_nan=False)), max_size=30
    ),
    start=st.floats(0, 400, allow_nan=False),
)
def test_bench_b_fast_path_equals_engine(
    opening: str, category: int, steps: list[tuple[str, float]], start: float
) -> None:
    """
    Random trigger sequences on bench-b, through the engine and through the fast path: the
    same refusals, the same state and closing kind after every trigger, and the log's
    events are identical to the engine's (values, types, zones).
    """
    fp = _FP
    engine = d.Engine(_BENCH, courts=[COURT])
    log = EventColumns(fp, origin=ORIGIN, court=COURT, categories=[c.id for c in _BENCH.categories])
    edge = fp.openings[fp.trigger_of(opening)]
    log.open(start, category, edge)
    facts = d.Facts(_BENCH.categories[category].id, COURT.id, COURT.region)
    actor = fp.edges[edge].transition.actor
    out = engine.open("D-1", facts, opening, at=log.at(start), actor=actor)
    case, events = out.case, list(out.events)
    s, t = fp.edges[edge].dest, start
    for trigger, gap in steps:
        t += gap
        trig = fp.trigger_of(trigger)
        entry = fp.table[s * len(fp.triggers) + trig]
        fast: int | None = entry if entry >= 0 else None
        if fast is None:
            with pytest.raises(TriggerNotAllowedError) as refused:
                fp.step(s, trig, "D-1")
            assert refused.value.allowed == _BENCH.triggers_from(fp.states[s])
        else:
            assert fp.step(s, trig, "D-1") == entry
        actor = fp.edges[entry].transition.actor if fast is not None else "court"
        try:
            done = engine.fire(case, "p1", trigger, at=log.at(t), actor=actor)
        except TriggerNotAllowedError:
            assert fast is None
            continue
        assert fast is not None
        s = fp.edges[fast].dest
        log.append(0, t, fast)
        case = done.case
        events += done.events
        assert case.proceeding("p1").state == fp.states[s]
        assert case.proceeding("p1").closing_kind == fp.closing_kind[s]
    assert len(log) == len(events)
    assert_identical(list(log), events)


class TestEventColumns:
    def _log(self, origin: pendulum.DateTime = ORIGIN) -> EventColumns:
        return EventColumns(
            _FP,
            origin=origin,
            court=COURT,
            categories=[c.id for c in _BENCH.categories],
            decisions=(None, {"point": "outcome", "outcome": "x"}),
        )

    def test_rows_come_back_grouped_by_dispute_with_sequence_numbers(self) -> None:
        """
        Interleaved rows of two disputes read back per dispute, numbered 1, 2, 3 ... and
        carrying their decision record.
        """
        log = self._log()
        open_m = _FP.openings[_FP.trigger_of("apply_for_mediation")]
        log.open(0.5, 0, open_m)
        log.open(0.7, 7, _FP.openings[_FP.trigger_of("file_complaint")])
        assign = _FP.step(_FP.state_of("awaiting_mediation"), _FP.trigger_of("assign_mediator"))
        log.append(0, 1.0, assign, decision=1)
        assert log.disputes == 2
        assert log.rows_of(0) == (0, 1, 4)
        first = log.events_of(0)
        assert [(e.seq, e.act, e.type) for e in first] == [
            (1, 1, "dispute_opened"),
            (2, 1, "proceeding_opened"),
            (3, 3, "transition"),
        ]
        assert first[2].decision == {"point": "outcome", "outcome": "x"}
        assert log.edge_of(0) == DISPUTE_OPENED
        assert log[-1] == first[2]
        assert log.events_of(1)[0].data["facts"]["category"] == "administrative"
        assert log[2].dispute_id == "D-2"

    def test_times_stay_floats_until_read(self) -> None:
        """
        The time column holds float days; reading gives an aware DateTime in the origin's
        zone, the court-local date and the citation in force on it.
        """
        log = self._log()
        log.open(31.25, 0, _FP.openings[_FP.trigger_of("apply_for_mediation")])
        assert log.t[1] == 31.25
        e = log[1]
        assert e.at == pendulum.datetime(2025, 2, 1, 6, tz="Asia/Shanghai")
        assert e.on == pendulum.Date(2025, 2, 1)
        assert e.data["case_number"] == "(2025)基基准1号"

    def test_case_numbers_restart_each_year_as_the_engine_numbers_them(self) -> None:
        """
        Serials count per court-local year in opening order, as PRCCaseNumbering does, a
        time that reads as New Year's midnight counting in the new year.
        """
        origin = pendulum.datetime(2025, 12, 31, tz="Asia/Shanghai")
        log = self._log(origin)
        engine = d.Engine(_BENCH, courts=[COURT])
        opening = _FP.openings[_FP.trigger_of("apply_for_mediation")]
        facts = d.Facts("loan", COURT.id, COURT.region)
        numbers = []
        for i, t in enumerate((0.2, 0.9, 1 - 1e-13, 1.5)):
            log.open(t, 0, opening)
            out = engine.open(
                f"D-{i + 1}", facts, "apply_for_mediation", at=log.at(t), actor="party"
            )
            numbers.append(out.events[1].data["case_number"])
        assert [log[2 * i + 1].data["case_number"] for i in range(4)] == numbers
        assert numbers[2] == "(2026)基基准1号"

    def test_bad_arguments_are_refused(self) -> None:
        """
        Decision code 0 must be None; out-of-range rows and disputes are refused.
        """
        with pytest.raises(InvalidValueError, match="decisions"):
            EventColumns(_FP, origin=ORIGIN, court=COURT, categories=["loan"], decisions=[{}])
        log = self._log()
        with pytest.raises(IndexError):
            log[0]
        with pytest.raises(UnknownNameError):
            log.rows_of(0)
