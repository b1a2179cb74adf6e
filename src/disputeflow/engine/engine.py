"""
The :class:`Engine`: fire triggers on cases, list what is allowed, show every running clock.

The engine is a function of (definition, case, trigger, time): it never mutates a case and
keeps no per-case state, so one engine serves every case and many threads. Each act records
one or more events and returns a new case folded from them; if anything fails (a guard, a
missing datum, a clock computation) nothing is recorded and the caller's case is unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from disputeflow.engine._transitions import NEW, CompiledMachine, Dispatch
from disputeflow.engine.clocks import ClockKeeper
from disputeflow.engine.courts import CaseNumbering, Court, PRCCaseNumbering
from disputeflow.engine.records import Action, Outcome, RunningClock
from disputeflow.errors import (
    ConcurrencyError,
    GuardError,
    InvalidValueError,
    RuntimeDisputeflowError,
    TimeOrderError,
    TriggerNotAllowedError,
    UnknownNameError,
)
from disputeflow.events.case import Case, ClockRecord, Proceeding
from disputeflow.events.event import Event, EventType
from disputeflow.events.facts import Facts
from disputeflow.events.fold import apply_event, fold_opening, fold_transition, replay
from disputeflow.lifecycle.citations import cite
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.guards import GuardContext
from disputeflow.lifecycle.model import State, Transition
from disputeflow.time.calendars import CourtCalendar, prc_calendar
from disputeflow.time.clock import Clock, ensure_aware, local_date
from disputeflow.time.periods import (
    Deadline,
    is_timely,
    restoration_deadline,
)

__all__ = ["Engine"]

_EMPTY: Mapping[str, Any] = {}


# Pure functions of their arguments, shared by every engine: one Date object per calendar
# day, one citation per (basis, date).
_date = functools.lru_cache(maxsize=65536)(pendulum.Date)
_cite = functools.lru_cache(maxsize=65536)(cite)


@functools.cache
def _proceeding_id(n: int) -> str:
    # One shared string per ordinal instead of one per case.
    return f"p{n}"


def _check_number(case: Case, number: str, pid: str) -> None:
    # A proceeding is found by id or case number: a given number must name no other one.
    for p in case.proceedings:
        if number in (p.id, p.case_number):
            raise InvalidValueError(
                f"data['case_number'] of case {case.dispute_id}",
                f"a case number no other proceeding has or is named by (not {p.id}'s)",
                number,
            )
    if number.startswith("p") and number[1:].isdigit() and number != pid:
        raise InvalidValueError(
            f"data['case_number'] of case {case.dispute_id}",
            "a case number that is not a proceeding id (p1, p2 ...)",
            number,
        )


def _check_needs(spec: Transition, trigger: str, data: Mapping[str, Any]) -> None:
    for k in spec.needs:
        if k not in data:
            raise InvalidValueError(
                f"data for {trigger!r}", "the keys " + ", ".join(spec.needs), sorted(data)
            )


def _opening_data(
    data: Mapping[str, Any], kind: str, number: str, court: str, parent: Proceeding | None
) -> dict[str, Any]:
    # The act's data, then what the new proceeding is (the court as resolved, last).
    out = dict(data)
    out.pop("court", None)
    out["kind"] = kind
    out["case_number"] = number
    out["court"] = court
    out["parent"] = parent.id if parent is not None else None
    return out


class Engine:
    """
    Executes a lifecycle on cases.

    Args:
        lifecycle: the definition to execute.
        calendar: court calendar for deadlines (default: the PRC calendar).
        courts: known courts by id; an unknown court id is used as its own code.
        numbering: assigns case numbers (default: :class:`PRCCaseNumbering`).
        strict_calendar: raise :class:`~disputeflow.errors.CalendarYearUnknownError` for a
            deadline in a year the calendar does not know, instead of a provisional one.
        tz: time zone of courts not in ``courts``.
        clock: where ``at`` comes from when a call omits it (a live system passes
            ``SystemClock()``; tests a ``ManualClock``). Without one, ``at`` is required:
            the library never reads the wall clock by itself.
        dispatch: how a trigger selects its transition in the shared transitions machine:
            ``"table"`` (default) runs the machine's transition table directly,
            ``"transitions"`` goes through ``transitions``' own ``Event.trigger`` on every
            fire; both select the same transition and record the same events (tested on
            random trigger sequences), the table about ten microseconds sooner.

    The engine is safe to share between threads working on different cases.
    """

    def __init__(
        self,
        lifecycle: Lifecycle,
        *,
        calendar: CourtCalendar | None = None,
        courts: Iterable[Court] = (),
        numbering: CaseNumbering | None = None,
        strict_calendar: bool = False,
        tz: str = "Asia/Shanghai",
        clock: Clock | None = None,
        dispatch: Dispatch = "table",
    ) -> None:
        self.lifecycle = lifecycle
        self.calendar: CourtCalendar = calendar if calendar is not None else prc_calendar()
        self.courts = {c.id: c for c in courts}
        self.numbering: CaseNumbering = numbering if numbering is not None else PRCCaseNumbering()
        self.strict_calendar = strict_calendar
        self.tz = tz
        self.clock = clock
        self._machine = CompiledMachine(lifecycle, dispatch)
        # Deadlines and local dates repeat across cases (same start dates, same periods): the
        # caches make the engine's clock work a dictionary look-up on the hot path, and they
        # are shared with every engine of the same lifecycle and calendar.
        # Local dates: the zone object of each court, and one shared Date per calendar day (a
        # cache keyed by instant would never hit across cases and would keep their times).
        self._zones: dict[str, Any] = {}
        self._keeper = ClockKeeper.shared(lifecycle, self.calendar, strict_calendar)
        self._param = self._keeper.param
        self._states: dict[str, State] = {s.name: s for s in lifecycle.states}
        self._opening_kinds = {
            t.trigger: lifecycle.kind(lifecycle.kind_of_opening(t)) for t in lifecycle.openings
        }

    # -- helpers ----------------------------------------------------------------------------

    def court(self, court_id: str) -> Court:
        """
        The court with this id (a bare :class:`Court` if it is not registered).
        """
        found = self.courts.get(court_id)
        return found if found is not None else Court(court_id, court_id, tz=self.tz)

    def _on(self, at: pendulum.DateTime, court_id: str) -> pendulum.Date:
        zone = self._zones.get(court_id)
        if zone is None:
            court = self.courts.get(court_id)
            tz = court.tz if court is not None else self.tz
            local_date(at, tz)  # validates the zone name with a clear error
            zone = self._zones[court_id] = pendulum.timezone(tz)
        # Acts are mostly timed in the court's own zone already: converting costs microseconds.
        local = at if at.tzinfo is zone else at.astimezone(zone)
        return _date(local.year, local.month, local.day)

    def _now(self, at: Any, field: str = "at") -> pendulum.DateTime:
        if at is None:
            if self.clock is None:
                raise InvalidValueError(field, "an aware datetime (or an Engine clock)", None)
            return ensure_aware(self.clock.now(), "clock.now()")
        if type(at) is pendulum.DateTime and at.tzinfo is not None:
            return at
        return ensure_aware(at, field)

    def _begin(self, case: Case, at: Any, expected_seq: int | None) -> pendulum.DateTime:
        # Every act on an existing case: its time, the caller's view of the case, time order.
        when = at if type(at) is pendulum.DateTime and at.tzinfo is not None else self._now(at)
        if expected_seq is not None and expected_seq != case.seq:
            raise ConcurrencyError(case.dispute_id, expected_seq, case.seq)
        if when < case.last_at:
            raise TimeOrderError(case.dispute_id, case.last_at, when)
        return when

    def _case_event(
        self, case: Case, type: EventType, at: pendulum.DateTime, actor: str, reason: str, **kw: Any
    ) -> Event:
        # An act on the dispute as a whole: one event, its own act.
        return Event(
            dispute_id=case.dispute_id,
            seq=case.seq + 1,
            type=type,
            at=at,
            act=case.seq + 1,
            actor=actor,
            reason=reason,
            lifecycle_id=self.lifecycle.id,
            **kw,
        )

    def _check_time(self, case: Case, at: pendulum.DateTime) -> None:
        if at < case.last_at:
            raise TimeOrderError(case.dispute_id, case.last_at, at)

    # -- opening a dispute ------------------------------------------------------------------

    def open(
        self,
        dispute_id: str,
        facts: Facts,
        trigger: str,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        reason: str = "",
        decision: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """
        Open a dispute and its first proceeding with an opening ``trigger`` that needs no
        parent (e.g. ``"receive_complaint"``).

        Raises:
            UnknownNameError: unknown trigger or category.
            InvalidValueError, NaiveDatetimeError: malformed input.
            TriggerNotAllowedError: the opening needs a parent proceeding.
        """
        at = self._now(at)
        if not isinstance(facts, Facts):
            raise InvalidValueError("facts", "a disputeflow.Facts", facts)
        if not dispute_id or not isinstance(dispute_id, str):
            raise InvalidValueError("dispute_id", "a non-empty string", dispute_id)
        self.lifecycle.category(facts.category)
        opening = self.lifecycle.opening(trigger)
        if decision is not None:
            decision = dict(decision)  # the record is the act's, not the caller's to change
        first = Event(
            dispute_id,
            1,
            "dispute_opened",
            at,
            1,
            None,
            None,
            None,
            None,
            actor,
            "",
            self.lifecycle.id,
            None,
            "",
            None,
            None,
            (),
            None,
            {"facts": facts.to_dict()},
        )
        case = apply_event(None, first, self.lifecycle, facts=facts)
        if opening.requires:
            raise TriggerNotAllowedError(
                dispute_id,
                "-",
                NEW,
                trigger,
                [t.trigger for t in self.lifecycle.openings if not t.requires],
                reason="it needs a parent proceeding in one of "
                + ", ".join(sorted(opening.requires)),
            )
        payload = dict(data) if data else {}
        free = self._machine.free(NEW, trigger)
        if free is None:
            self._select(case, None, trigger, NEW, at, payload)
        elif free.needs:
            _check_needs(free, trigger, payload)
        events = [first]
        case = self._open_proceeding(
            case, None, opening, at, actor, payload, reason, decision, events, act=1
        )
        return Outcome(case, tuple(events), opening)

    # -- firing -----------------------------------------------------------------------------

    def fire(
        self,
        case: Case,
        proceeding: str | None,
        trigger: str,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        reason: str = "",
        expected_seq: int | None = None,
        decision: Mapping[str, Any] | None = None,
        legal_basis: str = "",
    ) -> Outcome:
        """
        Fire ``trigger`` on a proceeding of ``case``.

        For an opening trigger, ``proceeding`` is the parent (or ``None`` for an opening
        that needs none) and a new proceeding is created.

        Args:
            case: the case as the caller last read it.
            proceeding: proceeding id or case number.
            trigger: the trigger.
            at: aware time of the act.
            actor: who acts.
            data: payload (the keys the transition ``needs``, and anything to keep).
            reason: free text recorded with the act.
            expected_seq: the ``seq`` the caller read; a different one raises
                :class:`~disputeflow.errors.ConcurrencyError`.
            decision: the policy decision behind the act, as plain data (recorded whole).
            legal_basis: overrides the transition's legal basis in the record.

        Returns:
            The new case and the events recorded.

        Raises:
            TriggerNotAllowedError: not valid in the current state or blocked by a guard (the
                error names the state, the valid triggers and the blocking reasons).
            ConcurrencyError, TimeOrderError, UnknownNameError, InvalidValueError,
            NaiveDatetimeError, GuardError: as named; nothing is recorded.
        """
        at = self._begin(case, at, expected_seq)
        if decision is not None:
            decision = dict(decision)  # the record is the act's, not the caller's to change
        # Not case.proceeding: an unknown proceeding is refused on the general path below,
        # after an unknown trigger.
        acted = case.find(proceeding) if proceeding is not None else None
        if acted is not None:
            # The common act: a trigger the proceeding's state defines. The general path below
            # comes to the same selection after look-ups that cannot change it here (the
            # trigger exists, and a defined transition wins over an opening of that name).
            machine = self._machine
            spec = machine.free(acted.state, trigger)
            if spec is None and machine.defined(acted.state, trigger):
                payload = dict(data) if data else {}
                spec = self._select(case, acted, trigger, acted.state, at, payload)
            elif spec is not None:
                payload = dict(data) if data else {}
                if spec.needs:
                    _check_needs(spec, trigger, payload)
            if spec is not None:
                events: list[Event] = []
                case = self._transition(
                    case,
                    acted,
                    spec,
                    at,
                    actor,
                    payload,
                    reason,
                    decision,
                    legal_basis,
                    events,
                    case.seq + 1,
                )
                return Outcome(case, tuple(events), spec)
        if not self.lifecycle.has_trigger(trigger):
            raise UnknownNameError("trigger", trigger, self.lifecycle.triggers, self.lifecycle.id)
        payload = dict(data) if data else {}
        parent = acted
        if parent is None and proceeding is not None:
            parent = case.proceeding(proceeding)  # raises: no such proceeding
        events = []
        act = case.seq + 1
        opening = self.lifecycle.find_opening(trigger)
        if opening is not None and (
            parent is None or not self.lifecycle.transitions_from(parent.state, trigger)
        ):
            chained = self.lifecycle.chained_by(trigger)
            if chained:
                raise self._not_allowed(
                    case,
                    parent,
                    NEW,
                    trigger,
                    at,
                    reason=f"it opens only as part of {', '.join(chained)}",
                )
            self._select(case, parent, trigger, NEW, at, payload)
            case = self._open_proceeding(
                case, parent, opening, at, actor, payload, reason, decision, events, act
            )
            return Outcome(case, tuple(events), opening)
        if parent is None:
            raise InvalidValueError(
                "proceeding", f"a proceeding id of case {case.dispute_id} for {trigger!r}", None
            )
        spec = self._select(case, parent, trigger, parent.state, at, payload)
        case = self._transition(
            case, parent, spec, at, actor, payload, reason, decision, legal_basis, events, act
        )
        return Outcome(case, tuple(events), spec)

    def _context(
        self,
        case: Case | None,
        p: Proceeding | None,
        trigger: str,
        at: pendulum.DateTime,
        data: Mapping[str, Any],
    ) -> GuardContext:
        court = p.court if p is not None else (case.facts.court if case else "")
        return GuardContext(
            case,
            p,
            trigger,
            at,
            self._on(at, court),
            data,
            self.lifecycle.parameters,
            self.lifecycle.category(case.facts.category) if case else None,
        )

    def _not_allowed(
        self,
        case: Case,
        p: Proceeding | None,
        state: str,
        trigger: str,
        at: pendulum.DateTime,
        blocked: Mapping[str, str] | None = None,
        reason: str | None = None,
    ) -> TriggerNotAllowedError:
        actions = self.allowed(case, p.id if p is not None else None, at=at)
        allowed = [a.trigger for a in actions if a.allowed]
        others = {
            a.trigger: "; ".join(r for _, r in a.reasons)
            for a in actions
            if not a.allowed and a.trigger != trigger
        }
        if blocked:
            reason = "; ".join(f"{g}: {r}" for g, r in blocked.items())
        if state == NEW and p is not None:
            # An opening fired from a parent: the state the clerk sees is the parent's.
            state = p.state
        label = self.lifecycle.state_label(state, "zh") if state != NEW else "（新程序）"
        return TriggerNotAllowedError(
            case.dispute_id,
            p.id if p is not None else "-",
            state,
            trigger,
            allowed,
            others,
            reason=reason,
            state_zh=label,
            trigger_zh=self.lifecycle.trigger_label(trigger, "zh"),
        )

    def _select(
        self,
        case: Case,
        p: Proceeding | None,
        trigger: str,
        state: str,
        at: pendulum.DateTime,
        data: Mapping[str, Any],
    ) -> Transition:
        """
        Run the trigger through the shared transitions machine and return the transition that
        fired, or raise why none did.
        """
        if state != NEW and not self.lifecycle.transitions_from(state, trigger):
            raise self._not_allowed(case, p, state, trigger, at)
        make_ctx = (
            functools.partial(self._context, case, p, trigger, at, data)
            if self._machine.guarded(state, trigger)
            else None
        )
        try:
            cursor = self._machine.fire(state, trigger, make_ctx)
        except RuntimeDisputeflowError:
            raise
        except Exception as exc:
            raise GuardError(case.dispute_id, trigger, "guard", exc) from exc
        fired = cursor.fired
        if fired is None:
            raise self._not_allowed(case, p, state, trigger, at, dict(cursor.blocked))
        if fired.needs:
            _check_needs(fired, trigger, data)
        return fired

    def _transition(
        self,
        case: Case,
        p: Proceeding,
        spec: Transition,
        at: pendulum.DateTime,
        actor: str,
        data: Mapping[str, Any],
        reason: str,
        decision: Mapping[str, Any] | None,
        legal_basis: str,
        events: list[Event],
        act: int,
    ) -> Case:
        on = self._on(at, p.court)
        dest = spec.dest or p.state
        changes, clocks, parent_clocks = self._keeper.act(case, p, spec, on)
        # Positional: keywords cost a microsecond more per event on the hot path. The order is
        # Event's field order.
        event = Event(
            case.dispute_id,
            case.seq + 1,
            "transition",
            at,
            act,
            p.id,
            spec.trigger,
            p.state,
            dest,
            actor,
            reason,
            self.lifecycle.id,
            None,
            _cite(legal_basis or spec.legal_basis, on),
            decision,
            on,
            changes,
            None,
            data,
        )
        events.append(event)
        # The fold apply_event runs after checking the event, with what is known here.
        case = fold_transition(case, event, p, spec, self._states[dest], on, clocks, parent_clocks)
        if spec.opens is not None:
            opening = self.lifecycle.opening(spec.opens)
            parent = next(q for q in case.proceedings if q.id == p.id)
            self._select(case, parent, opening.trigger, NEW, at, data)
            case = self._open_proceeding(
                case, parent, opening, at, actor, data, reason, decision, events, act
            )
        return case

    def _open_proceeding(
        self,
        case: Case,
        parent: Proceeding | None,
        opening: Transition,
        at: pendulum.DateTime,
        actor: str,
        data: Mapping[str, Any],
        reason: str,
        decision: Mapping[str, Any] | None,
        events: list[Event],
        act: int,
    ) -> Case:
        kind = self._opening_kinds[opening.trigger]
        court_id = str(data.get("court", "")) or self._court_for(case, parent, kind.court_level)
        court = self.court(court_id)
        on = self._on(at, court.id)
        pid = _proceeding_id(len(case.proceedings) + 1)
        assert opening.dest is not None  # an opening always enters a state
        # Everything that can fail comes before the number is assigned: a refused act must
        # not use up a serial of the court's register.
        changes, clocks, parent_clocks = self._keeper.act(case, None, opening, on, parent)
        given = data.get("case_number")
        if given:
            _check_number(case, str(given), pid)
        number = given or self.numbering.assign(court, kind, on)
        event = Event(
            case.dispute_id,
            case.seq + 1,
            "proceeding_opened",
            at,
            act,
            pid,
            opening.trigger,
            None,
            opening.dest,
            actor,
            reason,
            self.lifecycle.id,
            None,
            _cite(opening.legal_basis, on),
            decision,
            on,
            changes,
            None,
            _opening_data(data, kind.name, str(number), court.id, parent),
        )
        events.append(event)
        return fold_opening(
            case, event, self._states[opening.dest], opening, on, clocks, parent_clocks
        )

    def _court_for(self, case: Case, parent: Proceeding | None, level: str) -> str:
        base = parent.court if parent is not None else case.facts.court
        if level == "higher":
            higher = self.court(base).parent
            if higher is not None:
                return higher
        return base

    # -- clocks -----------------------------------------------------------------------------

    def deadlines(self, case: Case, at: Any = None) -> tuple[RunningClock, ...]:
        """
        Every running clock of every proceeding as of ``at`` (default: the engine's clock):
        due date (rest days rolled over, provisional where the calendar does not know the
        year), active and remaining days net of excluded periods, overdue and suspended.
        Stopped clocks are in the log (``Event.clocks``).
        """
        at = self._now(at)
        out: list[RunningClock] = []
        for p in case.proceedings:
            on = self._on(at, p.court)
            for record in p.clocks:
                spec = self.lifecycle.clock(record.name)
                view = self._keeper.view(record, max(on, record.started_on), spec.legal_basis)
                out.append(
                    RunningClock(
                        p.id,
                        p.case_number,
                        spec.label_en,
                        spec.label_zh,
                        spec.kind,
                        _cite(spec.legal_basis, on),
                        view,
                        spec.on_expiry,
                    )
                )
        return tuple(out)

    def timely(
        self,
        case: Case,
        proceeding: str,
        clock: str,
        *,
        received_on: pendulum.Date,
        posted_on: pendulum.Date | None = None,
    ) -> bool:
        """
        Whether a party's document against a clock of a proceeding (an appeal against the
        appeal window, say) is on time. Time in the post does not count: a document posted on
        or before the due date is on time however late it arrives (CPL (2021) Art. 85).
        Record both dates in the act's data so the decision can be shown.

        Raises:
            UnknownNameError: unknown proceeding, or a clock the proceeding never started.
        """
        p = case.proceeding(proceeding)
        record = p.clock(clock)
        if record is None:
            raise UnknownNameError("clock", clock, [c.name for c in p.clocks], f"proceeding {p.id}")
        return is_timely(record.due_on, received_on=received_on, posted_on=posted_on)

    def restoration_deadline(self, obstacle_ended_on: pendulum.Date, days: int = 10) -> Deadline:
        """
        The last day a party who missed a period for a justified reason may apply to have it
        restored (顺延期限): ``days`` (10) after the obstacle ends, CPL (2021) Art. 86. The
        court decides; an allowed restoration is recorded with the act it lets in late.
        """
        return restoration_deadline(
            obstacle_ended_on, self.calendar, days, strict=self.strict_calendar
        )

    def overdue(self, case: Case, at: Any = None) -> tuple[RunningClock, ...]:
        """
        Running clocks whose due date has passed on ``at``.
        """
        return tuple(c for c in self.deadlines(case, at) if c.view.overdue)

    def advance(self, case: Case, until: Any = None, *, actor: str = "system") -> Outcome:
        """
        Fire the expiry trigger of every clock that ran out before ``until``, in due-date
        order, each at the start of the day after its due date (court-local), e.g. the appeal
        window running out makes the judgment effective.

        A clock whose expiry trigger is not valid in the proceeding's state is left alone
        (it shows as overdue in :meth:`deadlines`).
        """
        until = self._now(until, "until")
        events: list[Event] = []
        skipped: set[tuple[str, str, str]] = set()
        while True:
            due = self._next_expiry(case, until, skipped)
            if due is None:
                return Outcome(case, tuple(events))
            p, record, trigger, at = due
            if not any(a.trigger == trigger and a.allowed for a in self.allowed(case, p.id, at=at)):
                skipped.add((p.id, record.name, record.due_on.isoformat()))
                continue
            spec = self.lifecycle.clock(record.name)
            outcome = self.fire(
                case,
                p.id,
                trigger,
                at=at,
                actor=actor,
                reason=f"{spec.label_en} ran out on {record.due_on.isoformat()}",
                legal_basis=spec.legal_basis,
            )
            case = outcome.case
            events += outcome.events

    def _next_expiry(
        self, case: Case, until: pendulum.DateTime, skipped: set[tuple[str, str, str]]
    ) -> tuple[Proceeding, ClockRecord, str, pendulum.DateTime] | None:
        best: tuple[Proceeding, ClockRecord, str, pendulum.DateTime] | None = None
        for p in case.proceedings:
            tz = self.court(p.court).tz
            for record in p.clocks:
                trigger = self.lifecycle.clock(record.name).on_expiry
                if trigger is None or not record.running or record.suspended:
                    continue
                if (p.id, record.name, record.due_on.isoformat()) in skipped:
                    continue
                nxt = record.due_on.add(days=1)
                at = pendulum.datetime(nxt.year, nxt.month, nxt.day, tz=tz)
                if at > until:
                    continue
                at = max(at, case.last_at)
                if best is None or at < best[3]:
                    best = (p, record, trigger, at)
        return best

    # -- what may be done ---------------------------------------------------------------------

    def allowed(
        self, case: Case, proceeding: str | None = None, *, at: Any = None
    ) -> tuple[Action, ...]:
        """
        The triggers defined for a proceeding's state (or for every open proceeding when
        ``proceeding`` is ``None``), each allowed or blocked with the guards' reasons,
        followed by the openings each proceeding may be the parent of.

        Args:
            at: date of the prospective act (guards may depend on it); default: the engine's
                clock, or without one the case's last event.
        """
        when = case.last_at if at is None and self.clock is None else self._now(at)
        procs = [case.proceeding(proceeding)] if proceeding is not None else case.proceedings
        out: list[Action] = []
        for p in procs:
            ctx = self._context(case, p, "", when, _EMPTY)
            for trigger in self.lifecycle.triggers_from(p.state):
                specs = self.lifecycle.transitions_from(p.state, trigger)
                out.append(self._action(p.id, trigger, specs, attrs.evolve(ctx, trigger=trigger)))
            for opening in self.lifecycle.openings_from(p.state):
                out.append(
                    self._action(
                        p.id,
                        opening.trigger,
                        (opening,),
                        attrs.evolve(ctx, trigger=opening.trigger),
                    )
                )
        return tuple(out)

    def _action(
        self, pid: str | None, trigger: str, specs: Sequence[Transition], ctx: GuardContext
    ) -> Action:
        reasons: list[tuple[str, str]] = []
        lc = self.lifecycle
        for spec in specs:
            guards = [lc.guard(g) for g in spec.guards]
            # A guard reading the act's data is judged when the act comes with it.
            later = [k for g in guards if g.data for k in g.data]
            blocked = [
                (g.name, r) for g in guards if not g.data and (r := g.check(ctx)) is not None
            ]
            if not blocked:
                needs = tuple(dict.fromkeys((*spec.needs, *later)))
                return Action(
                    pid,
                    trigger,
                    spec.opening,
                    True,
                    (),
                    spec.dest,
                    lc.trigger_label(trigger),
                    lc.trigger_label(trigger, "zh"),
                    needs,
                )
            reasons += blocked
        return Action(
            pid,
            trigger,
            specs[0].opening,
            False,
            tuple(reasons),
            specs[0].dest,
            lc.trigger_label(trigger),
            lc.trigger_label(trigger, "zh"),
            tuple(specs[0].needs),
        )

    # -- corrections, facts, replay -----------------------------------------------------------

    def correct(
        self,
        case: Case,
        log: Sequence[Event],
        seq: int,
        *,
        at: Any = None,
        actor: str,
        reason: str,
        expected_seq: int | None = None,
    ) -> Outcome:
        """
        Void the act that began with event ``seq`` by a compensating ``correction`` event;
        the log is never edited.

        Only the latest act on a proceeding can be corrected, and only if no later act
        depends on it (a proceeding it opened has seen no act since).

        Raises:
            InvalidValueError: ``seq`` is not the start of a correctable act.
        """
        at = self._begin(case, at, expected_seq)
        if len(log) != case.seq or (log and log[-1].seq != case.seq):
            raise InvalidValueError("log", f"the full log of case {case.dispute_id}", len(log))
        from disputeflow.events.fold import voided_acts

        voided = voided_acts(log)
        acts = [e for e in log if e.act == seq and e.type != "correction"]
        if not acts or seq == 1 or seq in voided:
            raise InvalidValueError(
                "seq", "the first event of an act that is not the opening or already voided", seq
            )
        touched = {e.proceeding_id for e in acts}
        later = [
            e.seq for e in log if e.act > seq and e.act not in voided and e.proceeding_id in touched
        ]
        if later:
            raise InvalidValueError(
                "seq", f"the latest act on its proceedings (later acts: {later})", seq
            )
        event = self._case_event(case, "correction", at, actor, reason, corrects=seq)
        return Outcome(replay([*log, event], self.lifecycle), (event,))

    def amend_facts(
        self,
        case: Case,
        changes: Mapping[str, Any],
        *,
        at: Any = None,
        actor: str,
        reason: str,
        expected_seq: int | None = None,
    ) -> Outcome:
        """
        Record changed facts (e.g. a corrected claim amount) as a ``facts_amended`` event.
        """
        at = self._begin(case, at, expected_seq)
        merged = {**case.facts.to_dict(), **changes}
        facts = Facts.from_dict(merged)
        self.lifecycle.category(facts.category)
        event = self._case_event(
            case, "facts_amended", at, actor, reason, data={"changes": dict(changes)}
        )
        return Outcome(apply_event(case, event, self.lifecycle), (event,))

    def replay(self, events: Sequence[Event]) -> Case:
        """
        Rebuild a case from its log (see :func:`disputeflow.events.fold.replay`).
        """
        return replay(events, self.lifecycle)
