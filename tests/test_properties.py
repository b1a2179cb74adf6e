"""
Property tests of the lifecycle core: random but valid trigger sequences driven through the
real engine on both shipped PRC lifecycles (see ``dispute_runs`` in tests/strategies.py).
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disputeflow import Event, Lifecycle, prc_civil_2022, prc_civil_2025, replay
from disputeflow.errors import TriggerNotAllowedError
from disputeflow.io import (
    dumps_case,
    dumps_events,
    loads_case,
    loads_events,
    read_jsonl,
    write_jsonl,
)
from strategies import (
    DATA_GUARDS,
    DisputeRun,
    assert_identical,
    dispute_runs,
    needs_of,
    payloads,
    time_steps,
)

LIFECYCLES = pytest.mark.parametrize(
    "make", [prc_civil_2022, prc_civil_2025], ids=["prc-civil-2022", "prc-civil-2025"]
)
# PROPERTY_EXAMPLES=500 pytest tests/test_properties.py searches harder than the default run.
PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MakeLifecycle = Callable[[], Lifecycle]


def _run(data: st.DataObject, make: MakeLifecycle) -> DisputeRun:
    run: DisputeRun = data.draw(dispute_runs(make()), label="run")
    return run


def _opening_of(events: tuple[Event, ...], pid: str) -> Event:
    return next(e for e in events if e.type == "proceeding_opened" and e.proceeding_id == pid)


@LIFECYCLES
class TestDefinition:
    @PROPERTY
    @given(data=st.data())
    def test_states_and_transitions_come_from_the_definition(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        Every proceeding is of the kind its opening creates and in a state of the definition
        of the kind of its opening's destination; every recorded opening and transition
        (from_state, trigger, to_state) is one the definition has.
        """
        run = _run(data, make)
        lc = run.lifecycle
        for p in run.case.proceedings:
            opening = lc.opening(_opening_of(run.events, p.id).trigger or "")
            assert opening.dest is not None
            assert p.kind == lc.kind_of_opening(opening)
            assert lc.has_state(p.state)
            assert lc.state(p.state).kind == lc.state(opening.dest).kind, (p.id, p.state)
        for e in run.events:
            if e.type == "proceeding_opened":
                assert e.to_state == lc.opening(e.trigger or "").dest
            if e.type == "transition":
                assert e.from_state is not None
                assert e.to_state is not None
                specs = lc.transitions_from(e.from_state, e.trigger or "")
                assert any((t.dest or e.from_state) == e.to_state for t in specs), e
                first = _opening_of(run.events, e.proceeding_id or "").to_state or ""
                assert lc.state(e.to_state).kind == lc.state(first).kind, e


@LIFECYCLES
class TestRefusals:
    @PROPERTY
    @given(data=st.data())
    def test_blocked_actions_raise_and_change_nothing(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        An action engine.allowed() lists as blocked, fired at the same time with no data (the
        context allowed() judged it in), and a non-opening trigger the proceeding's state does
        not define, raise TriggerNotAllowedError naming the state and the triggers allowed;
        the case is unchanged, down to its JSON form.
        """
        run = _run(data, make)
        engine, case, lc = run.engine, run.case, run.lifecycle
        at = run.now + data.draw(time_steps(), label="step")
        before = dumps_case(case)
        tries = [(a.proceeding_id, a.trigger) for a in engine.allowed(case, at=at) if not a.allowed]
        openings = {o.trigger for o in lc.openings}
        for p in case.proceedings:
            defined = lc.triggers_from(p.state)
            undefined = [t for t in lc.triggers if t not in openings and t not in defined]
            picked = data.draw(st.lists(st.sampled_from(undefined), max_size=3), label=p.id)
            tries += [(p.id, t) for t in picked]
        for pid, trigger in tries:
            with pytest.raises(TriggerNotAllowedError) as info:
                engine.fire(case, pid, trigger, at=at, actor="clerk")
            if pid is not None:
                allowed = {a.trigger for a in engine.allowed(case, pid, at=at) if a.allowed}
                assert info.value.state == case.proceeding(pid).state
                assert info.value.trigger == trigger
                assert set(info.value.allowed) == allowed
        assert dumps_case(case) == before
        assert replay(run.events, lc) == case

    @PROPERTY
    @given(data=st.data())
    def test_only_blocked_attempts_are_refused(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        In a run, an attempt at an allowed action (with data for its needs) succeeds unless a
        guard judging that data refuses it (consent withheld), one at an undefined trigger is
        refused, and a refused attempt hands on the very case it was given and records no
        event.
        """
        run = _run(data, make)
        for attempt in run.attempts:
            if attempt.listed == "allowed" and attempt.error is not None:
                error = attempt.error
                assert isinstance(error, TriggerNotAllowedError), attempt
                assert error.reason is not None, attempt
                guards = {part.split(":")[0] for part in error.reason.split("; ")}
                assert guards <= DATA_GUARDS.keys(), attempt
            if attempt.listed == "undefined":
                assert attempt.error is not None, attempt
        for attempt, following in itertools.pairwise(run.attempts):
            if attempt.error is not None:
                assert attempt.outcome is None
                assert following.before is attempt.before


@LIFECYCLES
class TestLog:
    @PROPERTY
    @given(data=st.data())
    def test_replay_equals_live_case(self, make: MakeLifecycle, data: st.DataObject) -> None:
        """
        Replaying the whole log gives the live case, and replaying the log up to any act gives
        the case that act returned.
        """
        run = _run(data, make)
        assert replay(run.events, run.lifecycle) == run.case
        assert run.engine.replay(run.events) == run.case
        for outcome in run.outcomes:
            assert replay(run.events[: outcome.case.seq], run.lifecycle) == outcome.case

    @PROPERTY
    @given(data=st.data())
    def test_seq_from_one_without_gaps_and_time_forward(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        Events are numbered 1..n without gaps, their times never run backwards, every event
        of an act carries the seq of the act's first event, and each act's case ends at its
        last event.
        """
        run = _run(data, make)
        events = run.events
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        for earlier, later in itertools.pairwise(events):
            assert earlier.at <= later.at, (earlier.seq, earlier.at, later.at)
        for outcome in run.outcomes:
            seqs = [e.seq for e in outcome.events]
            acts = {e.act for e in outcome.events}
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
            assert min(acts) == seqs[0]
            assert outcome.case.seq == seqs[-1]
            assert outcome.case.last_at == outcome.events[-1].at
        assert run.case.seq == len(events)

    @PROPERTY
    @given(data=st.data())
    def test_json_round_trip_is_exact(self, make: MakeLifecycle, data: st.DataObject) -> None:
        """
        The whole log (as one document and as JSON Lines) and the case come back from JSON
        identical: same types, zones, offsets and Decimal digits; the log read back replays
        to the case.
        """
        run = _run(data, make)
        log = list(run.events)
        back = loads_events(dumps_events(log))
        assert_identical(back, log)
        assert_identical(loads_case(dumps_case(run.case)), run.case)
        lines = io.StringIO()
        write_jsonl(log, lines)
        assert_identical(read_jsonl(io.StringIO(lines.getvalue())), log)
        assert replay(back, run.lifecycle) == run.case


@LIFECYCLES
class TestDeadlines:
    @PROPERTY
    @given(data=st.data())
    def test_due_dates_are_working_days_not_before_the_start(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        Every due date the engine shows (engine.deadlines() along the run and every clock
        change's due_on in the log) is not a rest day of the engine's calendar when the
        calendar knows the year, and is never before the clock's start.
        """
        run = _run(data, make)
        calendar = run.engine.calendar

        def check(due_on: object, started_on: object, what: object) -> None:
            assert due_on >= started_on, what  # type: ignore[operator]
            year = due_on.year  # type: ignore[attr-defined]
            if calendar.knows_year(year):
                assert not calendar.is_rest_day(due_on), what  # type: ignore[arg-type]

        views = [(a.before, a.at) for a in run.attempts] + [(run.case, run.now)]
        for case, at in views:
            for clock in run.engine.deadlines(case, at):
                check(clock.view.deadline.due_on, clock.view.started_on, clock)
        started: dict[tuple[str | None, str], object] = {}
        for e in run.events:
            for change in e.clocks:
                key = (change.proceeding_id or e.proceeding_id, change.clock)
                if change.action in ("start", "restart"):
                    started[key] = e.on
                check(change.due_on, started[key], (e.seq, change))


@LIFECYCLES
class TestCorrection:
    @PROPERTY
    @given(data=st.data())
    def test_correcting_the_latest_act_restores_the_case(
        self, make: MakeLifecycle, data: st.DataObject
    ) -> None:
        """
        After one more allowed act, correcting it gives the case before the act with only
        seq (one more than after the act: the correction) and last_at (the correction's
        time) moved on; replaying the log with the correction gives the same case.
        """
        run = _run(data, make)
        engine, lc, before = run.engine, run.lifecycle, run.case
        at = run.now + data.draw(time_steps(), label="step")
        actions = [a for a in engine.allowed(before, at=at) if a.allowed]
        if not actions:
            return
        action = data.draw(st.sampled_from(actions), label="act")
        pid = action.proceeding_id
        state = before.proceeding(pid).state if pid is not None else ""
        payload = data.draw(payloads(needs_of(lc, state, action.trigger, action.opening)))
        if "consent" in payload:
            # The act must happen to be corrected: the parties consent.
            payload["consent"] = True
        done = engine.fire(before, pid, action.trigger, at=at, actor="clerk", data=payload)
        log = [*run.events, *done.events]
        fixed_at = at + data.draw(time_steps(), label="correction step")
        corrected = engine.correct(
            done.case, log, done.events[0].seq, at=fixed_at, actor="clerk", reason="mistake"
        )
        assert corrected.case == attrs.evolve(before, seq=done.case.seq + 1, last_at=fixed_at)
        assert replay([*log, *corrected.events], lc) == corrected.case
