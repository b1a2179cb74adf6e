"""
The engine's two dispatches select the same transitions, and the clock work it keeps between
cases gives what computing it afresh gives.

``Engine(dispatch="table")`` (the default) runs the shared transitions machine's transition
table directly; ``dispatch="transitions"`` sends every fire through ``transitions``' own
``Event.trigger``. Random dispute runs (tests/strategies.py) are replayed attempt by attempt
on an engine of the other dispatch, which must record the same events and the same case, or
refuse with the same error.
"""

from __future__ import annotations

import os

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.engine._transitions import CompiledMachine
from disputeflow.engine.clocks import ClockKeeper
from disputeflow.errors import InvalidValueError, TriggerNotAllowedError
from disputeflow.events.fold import apply_event
from disputeflow.lifecycle.model import ClockEffect, Transition
from disputeflow.time import prc_calendar
from strategies import COURTS, DisputeRun, assert_identical, dispute_runs

PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _again(run: DisputeRun, engine: d.Engine) -> None:
    """
    Every attempt of ``run`` once more on ``engine``, from the same case before it.

    The opening is made again too, so ``engine`` numbers the proceedings as the run's engine
    did; its data as the caller gave it (the engine adds what the new proceeding is).
    """
    first = run.opened.events[1]
    added = ("kind", "case_number", "parent")
    opened = engine.open(
        "D1",
        run.opened.case.facts,
        first.trigger or "",
        at=first.at,
        actor="clerk",
        data={k: v for k, v in first.data.items() if k not in added},
    )
    assert_identical(opened.case, run.opened.case)
    assert_identical(opened.events, run.opened.events)
    for attempt in run.attempts:
        # Nothing kept between acts: each act's clock work is computed afresh here, while the
        # run's engine took it from whatever earlier runs (other disputes, other days) left
        # in the shared keeper, so a key that missed something the work depends on shows.
        engine._keeper._acts.clear()
        outcome: d.Outcome
        if attempt.listed == "advance":
            outcome = engine.advance(attempt.before, attempt.at)
        elif attempt.listed == "amend":
            outcome = engine.amend_facts(
                attempt.before, attempt.data, at=attempt.at, actor="clerk", reason="amended"
            )
        else:
            assert attempt.trigger is not None
            try:
                outcome = engine.fire(
                    attempt.before,
                    attempt.proceeding_id,
                    attempt.trigger,
                    at=attempt.at,
                    actor="clerk",
                    data=attempt.data,
                )
            except TriggerNotAllowedError as exc:
                refused = exc
            else:
                refused = None
            if refused is not None or attempt.error is not None:
                assert refused is not None, f"{attempt!r}: allowed on this dispatch only"
                assert attempt.error is not None, f"{attempt!r}: refused on this dispatch only"
                assert str(refused) == str(attempt.error)
                assert refused.allowed == attempt.error.allowed
                assert refused.blocked == attempt.error.blocked
                continue
        assert attempt.outcome is not None
        assert_identical(outcome.case, attempt.outcome.case)
        assert_identical(outcome.events, attempt.outcome.events)
        assert outcome.transition is attempt.outcome.transition


class TestTheTwoDispatchesAgree:
    @PROPERTY
    @given(data=st.data())
    def test_random_runs_record_the_same_on_either_dispatch(self, data: st.DataObject) -> None:
        """
        A run made on the table dispatch, replayed on ``transitions``' own trigger with clock
        work computed afresh for every act: the same transitions fire, the same guards block
        with the same reasons, the same events and cases result.
        """
        run: DisputeRun = data.draw(dispute_runs(), label="run")
        assert run.engine._machine.dispatch == "table"
        other = d.Engine(run.lifecycle, courts=COURTS, dispatch="transitions")
        # A keeper of its own (no caches shared with the run's engine).
        lifecycle = run.lifecycle
        other._keeper = ClockKeeper(lifecycle, other.calendar, False, lifecycle.parameters.value)
        assert other._keeper is not run.engine._keeper
        _again(run, other)

    def test_every_defined_selection_of_both_lifecycles_is_the_same(self) -> None:
        """
        For every (state, trigger) each shipped lifecycle defines, the table holds the
        candidates in the order transitions tries them, with the same destinations.
        """
        for lifecycle in (d.prc_civil_2022(), d.prc_civil_2025()):
            compiled = CompiledMachine(lifecycle)
            for trigger, event in compiled.machine.events.items():
                for source, candidates in event.transitions.items():
                    table = compiled._table[(source, trigger)]
                    assert [t.dest for t in candidates] == [spec.dest for spec, _ in table]
                    assert [len(t.conditions) for t in candidates] == [
                        len(checks) for _, checks in table
                    ]
                    free = compiled.free(source, trigger)
                    assert (free is not None) == (not table[0][1])
                    assert compiled.guarded(source, trigger) == (free is None)

    def test_an_unknown_dispatch_is_refused_by_name(self) -> None:
        with pytest.raises(InvalidValueError) as err:
            d.Engine(d.prc_civil_2025(), dispatch="fast")  # type: ignore[arg-type]
        assert "dispatch" in str(err.value)
        assert "table" in str(err.value)
        assert "transitions" in str(err.value)


#: (days after the complaint, proceeding, trigger, data): register, assign_summary (re-times
#: the trial limit), render_judgment (stops it, starts the appeal window), take_effect (three
#: clocks at once), apply_for_execution (opens p2 and stops the parent's application
#: period), accept_execution and assign_handler on p2.
WALK = (
    (1, "p1", "register", {}),
    (2, "p1", "assign_summary", {}),
    (60, "p1", "render_judgment", {}),
    (95, "p1", "take_effect", {}),
    (110, "p1", "apply_for_execution", {}),
    (111, "p2", "accept_execution", {}),
    (112, "p2", "assign_handler", {"handler": "H-3"}),
)


def _facts() -> d.Facts:
    return d.Facts(
        "private_loan",
        "taobei",
        "taobei",
        20_000,
        (d.Party("A", "plaintiff"), d.Party("B", "defendant")),
    )


def _walk(
    engine: d.Engine, dispute_id: str, opened: pendulum.DateTime, steps: int = len(WALK)
) -> list[d.Outcome]:
    outcomes = [engine.open(dispute_id, _facts(), "receive_complaint", at=opened, actor="clerk")]
    for days, pid, trigger, data in WALK[:steps]:
        case = outcomes[-1].case
        at = opened.add(days=days)
        outcomes.append(engine.fire(case, pid, trigger, at=at, actor="clerk", data=data))
    return outcomes


class TestKeptClockWork:
    def test_engines_of_one_lifecycle_and_calendar_share_a_keeper(self) -> None:
        lifecycle = d.prc_civil_2025()
        calendar = prc_calendar()
        one = ClockKeeper.shared(lifecycle, calendar, False)
        assert ClockKeeper.shared(lifecycle, calendar, False) is one
        assert ClockKeeper.shared(lifecycle, calendar, True) is not one
        assert ClockKeeper.shared(d.prc_civil_2022(), calendar, False) is not one
        assert d.Engine(lifecycle, calendar=calendar)._keeper is one

    def test_a_repeated_act_gives_what_a_fresh_computation_gives(self) -> None:
        """
        The second dispute repeats the first one's acts on the same days, so its clock work
        comes from what the first left; its events and case equal those computed afresh, and
        its replay.
        """
        opened = pendulum.datetime(2025, 3, 3, 9, tz="Asia/Shanghai")
        warm = d.Engine(d.prc_civil_2025(), courts=COURTS)
        _walk(warm, "D1", opened)
        kept = warm._keeper._acts
        before = len(kept)
        second = _walk(warm, "D2", opened)
        assert len(kept) == before  # every act of the second dispute was found
        # The same two disputes on an engine whose keeper forgets the first one's acts.
        lifecycle = d.prc_civil_2025()
        fresh = d.Engine(lifecycle, courts=COURTS)
        fresh._keeper = ClockKeeper(lifecycle, fresh.calendar, False, lifecycle.parameters.value)
        _walk(fresh, "D1", opened)
        fresh._keeper._acts.clear()
        cold = _walk(fresh, "D2", opened)
        for a, b in zip(second, cold, strict=True):
            assert_identical(a.events, b.events)
            assert_identical(a.case, b.case)
        log = [e for o in second for e in o.events]
        assert_identical(warm.replay(log), second[-1].case)

    def test_kept_changes_to_a_parent_name_that_parent(self) -> None:
        """
        An execution applied for under p3 with the same clocks as one under p1 stops p3's
        application period, not p1's.
        """
        engine = d.Engine(d.prc_civil_2025(), courts=COURTS)
        outcomes = _walk(engine, "D1", pendulum.datetime(2025, 3, 3, 9, tz="Asia/Shanghai"), 4)
        case = outcomes[-1].case
        p1 = case.proceeding("p1")
        opening = engine.lifecycle.opening("apply_for_execution")
        on = case.last_at.add(days=15).date()
        keeper = engine._keeper
        first, _, stopped = keeper.act(case, None, opening, on, p1)
        assert {c.proceeding_id for c in first} == {"p1"}
        again, _, same = keeper.act(case, None, opening, on, attrs.evolve(p1, id="p3"))
        assert {c.proceeding_id for c in again} == {"p3"}
        assert same == stopped

    def test_a_parent_is_found_by_its_id(self) -> None:
        """
        A transition with an effect on its parent's clocks finds the parent by id, as the
        fold applies the event: a proceeding whose case number equals that id (a case made by
        hand: the engine refuses such numbers) changes nothing, and the live case equals the
        fold of its own event.
        """
        base = d.prc_civil_2022()
        parent_effect = ClockEffect("appeal_window", "start", on_parent=True)

        def patched(t: Transition) -> Transition:
            if t.trigger == "register" and not t.opening:
                return attrs.evolve(t, clocks=(*t.clocks, parent_effect))
            return t

        lifecycle = attrs.evolve(base, transitions=tuple(patched(t) for t in base.transitions))
        engine = d.Engine(lifecycle, courts=COURTS)
        start = pendulum.datetime(2024, 3, 4, 9, tz="Asia/Shanghai")
        case = engine.open("D-1", _facts(), "receive_complaint", at=start, actor="c").case
        p1 = attrs.evolve(case.proceedings[0], case_number="p2")
        p2 = attrs.evolve(p1, id="p2", case_number="(2024)X2", parent="p1")
        p3 = attrs.evolve(p1, id="p3", case_number="(2024)X3", parent="p2")
        case = attrs.evolve(case, proceedings=(p1, p2, p3))
        out = engine.fire(case, "p3", "register", at=start.add(days=1), actor="c")
        named = {c.proceeding_id for c in out.events[-1].clocks if c.proceeding_id}
        assert named == {"p2"}
        by_id = {q.id: q for q in out.case.proceedings}
        assert "appeal_window" in [c.name for c in by_id["p2"].clocks]
        assert "appeal_window" not in [c.name for c in by_id["p1"].clocks]
        assert_identical(out.case, apply_event(case, out.events[-1], lifecycle))

    def test_a_suspended_clock_is_not_kept(self) -> None:
        """
        Clock tuples with an excluded period belong to one case: acts on them are computed
        each time and never kept; the case still equals its replay.
        """
        engine = d.Engine(d.prc_civil_2025(), courts=COURTS)
        outcomes = _walk(engine, "D1", pendulum.datetime(2025, 3, 3, 9, tz="Asia/Shanghai"), 2)
        case = outcomes[2].case  # summary trial, trial limit running
        at = case.last_at.add(days=3)
        excluded = engine.fire(
            case, "p1", "start_excluded_period", at=at, actor="judge", data={"reason": "appraisal"}
        )
        clocks = excluded.case.proceeding("p1").clocks
        assert any(c.excluded for c in clocks)
        resumed = engine.fire(
            excluded.case, "p1", "end_excluded_period", at=at.add(days=9), actor="judge"
        )
        after = resumed.case.proceeding("p1").clocks
        for before, _, _, kept, _ in engine._keeper._acts.values():
            assert before is not clocks
            assert kept is not after
        log = [e for o in (*outcomes[:3], excluded, resumed) for e in o.events]
        assert_identical(engine.replay(log), resumed.case)
