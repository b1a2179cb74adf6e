"""
The lifecycle compiled into flat tables for simulation, and a columnar event log.

:class:`FastPath` is compiled from the one :class:`~disputeflow.lifecycle.Lifecycle` value (no
second description of the rules): states and triggers become indices, every (transition,
source state) pair an *edge* with its destination, and a flat table maps ``state x trigger`` to
the edge that fires, so a simulator moves a proceeding with a list look-up instead of a
``transitions`` round trip. Selection follows the engine exactly: candidates in definition
order, the first whose guards all pass wins, guards are the definition's own
:class:`~disputeflow.lifecycle.Guard` callables. The table answers only where the first
candidate has no guard (it then always wins); guarded selections go through
:meth:`FastPath.resolve` with a guard context, and :meth:`FastPath.step` refuses them.

:class:`EventColumns` is an append-only log for simulated disputes that each run one
proceeding: one row per event (dispute, time in days as a float, edge and decision codes),
held in :mod:`array` columns, that gives back the :class:`~disputeflow.events.Event` values
the :class:`~disputeflow.engine.Engine` records for the same acts when they are read.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from disputeflow.engine.courts import Court
from disputeflow.errors import (
    GuardError,
    InvalidValueError,
    RuntimeDisputeflowError,
    TriggerNotAllowedError,
    UnknownNameError,
)
from disputeflow.events.event import Event
from disputeflow.events.facts import Facts
from disputeflow.lifecycle.citations import cite
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.guards import GuardContext
from disputeflow.lifecycle.model import Transition

__all__ = [
    "DISPUTE_OPENED",
    "GUARDED",
    "NEW_STATE",
    "UNDEFINED",
    "Edge",
    "EventColumns",
    "FastPath",
    "GuardedTransitionError",
    "Resolution",
]

#: Source index of an opening: the proceeding does not exist yet.
NEW_STATE = -1
#: Table entry: the lifecycle defines no transition for this state and trigger.
UNDEFINED = -1
#: Table entry: the first candidate has guards; use :meth:`FastPath.resolve`.
GUARDED = -2
#: Edge code of a ``dispute_opened`` row in :class:`EventColumns`.
DISPUTE_OPENED = -1


class GuardedTransitionError(InvalidValueError):
    """
    :meth:`FastPath.step` was asked for a selection that depends on guards; such selections
    need a guard context (:meth:`FastPath.resolve`) or the engine.
    """

    def __init__(self, state: str, trigger: str, guards: Sequence[str]) -> None:
        self.state = state
        self.trigger = trigger
        self.guards = tuple(guards)
        super().__init__(
            f"fast path step from {state!r} on {trigger!r}",
            "a guard-free selection (these guards need a context: "
            + ", ".join(self.guards)
            + "; use FastPath.resolve with a guard context or the Engine)",
            trigger,
        )


@attrs.frozen
class Edge:
    """
    One way a transition can fire: from one source state (or, for an opening, from nothing).

    Attributes:
        index: position in :attr:`FastPath.edges` (the code stored in event logs).
        transition: the lifecycle's transition.
        source: index of the source state, :data:`NEW_STATE` for an opening.
        dest: index of the state entered (the source for an internal transition).
    """

    index: int
    transition: Transition
    source: int
    dest: int


@attrs.frozen
class Resolution:
    """
    What a trigger does from a state, as the engine would select it.

    Attributes:
        edge: the edge that fires, or ``None`` when the trigger is not allowed.
        chained: the opening fired in the same act (``Transition.opens``), if any.
        blocked: ``(guard, reason)`` of every candidate a guard blocked, in order.
        defined: whether the lifecycle defines the trigger from the state at all.
        reason: why an opening cannot fire, when no guard says it.
    """

    edge: Edge | None
    chained: Edge | None = None
    blocked: tuple[tuple[str, str], ...] = ()
    defined: bool = True
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        """
        Whether an edge fires.
        """
        return self.edge is not None


class FastPath:
    """
    A lifecycle compiled into index tables.

    Args:
        lifecycle: the definition.

    Attributes:
        states, triggers: names by index (definition order).
        edges: every (transition, source) pair; openings have source :data:`NEW_STATE`.
        table: ``table[state * len(triggers) + trigger]`` is the edge index that fires when
            the first candidate has no guard, :data:`UNDEFINED`, or :data:`GUARDED`.
        edge_dest: destination state index per edge (the hot loop reads it directly).
        closing_kind, stage, final: per state index, from the state's tags.
        openings: opening edge index by trigger index.
    """

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        self.states: tuple[str, ...] = tuple(s.name for s in lifecycle.states)
        self.triggers: tuple[str, ...] = lifecycle.triggers
        self.state_index = {name: i for i, name in enumerate(self.states)}
        self.trigger_index = {name: i for i, name in enumerate(self.triggers)}
        self.closing_kind: tuple[str | None, ...] = tuple(s.closing_kind for s in lifecycle.states)
        self.stage: tuple[str, ...] = tuple(s.stage for s in lifecycle.states)
        self.final: tuple[bool, ...] = tuple(s.final for s in lifecycle.states)
        edges: list[Edge] = []
        candidates: dict[tuple[int, int], list[int]] = {}
        openings: dict[int, int] = {}
        for t in lifecycle.transitions:
            trig = self.trigger_index[t.trigger]
            if t.opening:
                if trig in openings:
                    continue  # the lifecycle keeps the first opening of a trigger
                assert t.dest is not None
                openings[trig] = len(edges)
                edges.append(Edge(len(edges), t, NEW_STATE, self.state_index[t.dest]))
                continue
            # Same order as the engine's machine: definition order, sources sorted.
            for source in sorted(t.source):
                s = self.state_index[source]
                dest = self.state_index[t.dest] if t.dest is not None else s
                candidates.setdefault((s, trig), []).append(len(edges))
                edges.append(Edge(len(edges), t, s, dest))
        self.edges: tuple[Edge, ...] = tuple(edges)
        self.edge_dest: list[int] = [e.dest for e in edges]
        self.openings = openings
        self._candidates = {k: tuple(v) for k, v in candidates.items()}
        n = len(self.triggers)
        table = [UNDEFINED] * (len(self.states) * n)
        for (s, trig), found in self._candidates.items():
            first = edges[found[0]]
            table[s * n + trig] = GUARDED if first.transition.guards else first.index
        self.table: list[int] = table

    # -- look-ups -------------------------------------------------------------------------

    def state_of(self, name: str) -> int:
        """
        Index of state ``name``.

        Raises:
            UnknownNameError: no such state; lists the valid ones.
        """
        try:
            return self.state_index[name]
        except KeyError:
            raise UnknownNameError("state", name, self.states, self.lifecycle.id) from None

    def trigger_of(self, name: str) -> int:
        """
        Index of trigger ``name``.

        Raises:
            UnknownNameError: no such trigger; lists the valid ones.
        """
        try:
            return self.trigger_index[name]
        except KeyError:
            raise UnknownNameError("trigger", name, self.triggers, self.lifecycle.id) from None

    def defined_from(self, state: int) -> tuple[str, ...]:
        """
        Triggers the lifecycle defines from state index ``state``, in definition order.
        """
        return self.lifecycle.triggers_from(self.states[state])

    # -- firing ---------------------------------------------------------------------------

    def step(self, state: int, trigger: int, dispute_id: str = "-") -> int:
        """
        The edge index ``trigger`` fires from ``state``, from the table alone.

        Raises:
            TriggerNotAllowedError: the lifecycle defines no such transition.
            GuardedTransitionError: the selection depends on guards (use :meth:`resolve`).
        """
        edge = self.table[state * len(self.triggers) + trigger]
        if edge >= 0:
            return edge
        if edge == GUARDED:
            guards = self.edges[self._candidates[(state, trigger)][0]].transition.guards
            raise GuardedTransitionError(self.states[state], self.triggers[trigger], guards)
        raise self.not_allowed(state, trigger, dispute_id)

    def not_allowed(
        self, state: int, trigger: int, dispute_id: str = "-"
    ) -> TriggerNotAllowedError:
        """
        The engine's refusal of an undefined trigger, for a simulated proceeding ``p1``.
        """
        return TriggerNotAllowedError(
            dispute_id, "p1", self.states[state], self.triggers[trigger], self.defined_from(state)
        )

    def resolve(
        self,
        state: str | None,
        trigger: str,
        ctx: Callable[[], GuardContext] | None = None,
    ) -> Resolution:
        """
        Select what ``trigger`` does from ``state`` the way :meth:`Engine.fire
        <disputeflow.engine.Engine.fire>` does: an opening when the trigger opens a
        proceeding and ``state`` (the parent's, or ``None``) defines no transition on it;
        otherwise the first candidate whose guards all pass, guards run in order and each
        candidate stopping at its first blocking guard.

        Args:
            state: the proceeding's state (for an opening, the parent's, or ``None``).
            trigger: the trigger.
            ctx: makes the guard context when a guard first needs one.

        Raises:
            UnknownNameError: unknown trigger or state.
            InvalidValueError: a non-opening trigger without a state.
            GuardedTransitionError: a guard must run and ``ctx`` is ``None``, or a chained
                opening has guards (they read the case after the act: use the engine).
            GuardError: a guard raised.
        """
        trig = self.trigger_of(trigger)
        s = self.state_of(state) if state is not None else None
        opening = self.openings.get(trig)
        if opening is not None and (s is None or (s, trig) not in self._candidates):
            chained = self.lifecycle.chained_by(trigger)
            if chained:
                return Resolution(None, reason=f"it opens only as part of {', '.join(chained)}")
            edge = self.edges[opening]
            blocked = self._requires(edge, state)
            if not blocked:
                blocked = self._guards(edge, state or "-", ctx)
            return Resolution(None if blocked else edge, blocked=blocked)
        if s is None:
            raise InvalidValueError(
                "state", f"a state for the non-opening trigger {trigger!r}", None
            )
        found = self._candidates.get((s, trig))
        if found is None:
            return Resolution(None, defined=False)
        blocked_all: list[tuple[str, str]] = []
        for index in found:
            edge = self.edges[index]
            blocked = self._guards(edge, self.states[s], ctx)
            if not blocked:
                return Resolution(edge, self._chained(edge), tuple(blocked_all))
            blocked_all += blocked
        return Resolution(None, blocked=tuple(blocked_all))

    def _requires(self, edge: Edge, parent: str | None) -> tuple[tuple[str, str], ...]:
        wanted = edge.transition.requires
        if not wanted or (parent is not None and parent in wanted):
            return ()
        here = "no parent proceeding" if parent is None else f"parent in {parent!r}"
        return (("requires", f"{here}; needs a parent in one of: {', '.join(sorted(wanted))}"),)

    def _guards(
        self, edge: Edge, state: str, ctx: Callable[[], GuardContext] | None
    ) -> tuple[tuple[str, str], ...]:
        t = edge.transition
        if not t.guards:
            return ()
        if ctx is None:
            raise GuardedTransitionError(state, t.trigger, t.guards)
        context = ctx()
        for name in t.guards:
            guard = self.lifecycle.guard(name)
            try:
                reason = guard.check(context)
            except RuntimeDisputeflowError:
                raise
            except Exception as exc:
                dispute = context.case.dispute_id if context.case is not None else "-"
                raise GuardError(dispute, t.trigger, name, exc) from exc
            if reason is not None:
                return ((name, reason),)
        return ()

    def _chained(self, edge: Edge) -> Edge | None:
        opens = edge.transition.opens
        if opens is None:
            return None
        chained = self.edges[self.openings[self.trigger_of(opens)]]
        if chained.transition.guards:
            raise GuardedTransitionError(self.states[edge.dest], opens, chained.transition.guards)
        if self._requires(chained, self.states[edge.dest]):
            return None
        return chained


class EventColumns:
    """
    Append-only columnar log of simulated disputes, each with one proceeding (``p1``)
    opened by a parentless opening; gives back the engine's :class:`Event` values on access.

    Rows hold the dispute index, the time in days after ``origin`` (a float until read) and
    one code packing the edge (:data:`DISPUTE_OPENED` for the dispute's own first event) and
    the decision (an index into ``decisions``; 0 is no decision). Sequence numbers are each
    row's rank within its dispute. Case numbers follow :class:`PRCCaseNumbering
    <disputeflow.engine.PRCCaseNumbering>` (serials per year in opening order), dispute ids are
    ``prefix`` + (index + 1), actors the transitions' ``actor``, facts the category and court.

    Args:
        fastpath: the compiled lifecycle.
        origin: the instant of day 0 (its zone is kept on every ``at``).
        court: the court every dispute is filed at.
        categories: category ids by code.
        decisions: decision records by code; code 0 must be ``None``.
        prefix: dispute id prefix.
    """

    #: A row code is ``edge | decision << DECISION_SHIFT``.
    DECISION_SHIFT = 16
    #: Edge field of a ``dispute_opened`` row.
    OPENED_FIELD = 0xFFFF

    def __init__(
        self,
        fastpath: FastPath,
        *,
        origin: pendulum.DateTime,
        court: Court,
        categories: Sequence[str],
        decisions: Sequence[Mapping[str, Any] | None] = (None,),
        prefix: str = "D-",
    ) -> None:
        if not decisions or decisions[0] is not None:
            raise InvalidValueError("decisions", "a sequence whose code 0 is None", decisions)
        if len(decisions) > 1 << 15:
            raise InvalidValueError("decisions", "at most 32768 decision records", len(decisions))
        if len(categories) > 127:
            raise InvalidValueError("categories", "at most 127 category ids", len(categories))
        if len(fastpath.edges) >= self.OPENED_FIELD:
            raise InvalidValueError(
                "fastpath", f"a lifecycle with fewer than {self.OPENED_FIELD} edges", fastpath
            )
        self.fastpath = fastpath
        self.origin = origin
        self.court = court
        self.categories = tuple(categories)
        self.decisions = tuple(decisions)
        self.prefix = prefix
        self.dispute = array("i")
        self.t = array("d")
        self.code = array("i")
        self.category = array("b")
        self.serial = array("i")
        # Serials restart every court-local year, as PRC case numbers do.
        self._year = origin.in_timezone(court.tz).year
        self._year_end = self._days_until(self._year + 1)
        self._next_serial = 1
        self._order: Any = None
        self._zone = pendulum.timezone(court.tz)

    def _days_until(self, year: int) -> float:
        # Times are read to the microsecond: a time that rounds up to New Year's midnight
        # belongs to the new year.
        start = pendulum.datetime(year, 1, 1, tz=self.court.tz)
        return (start - self.origin).total_seconds() / 86400.0 - 0.5 / 86400e6

    def open(self, t: float, category: int, opening: int, decision: int = 0) -> int:
        """
        Record a new dispute opened at day ``t`` by opening edge ``opening``: its
        ``dispute_opened`` and ``proceeding_opened`` rows. Returns the dispute index.
        """
        while t >= self._year_end:
            self._year += 1
            self._year_end = self._days_until(self._year + 1)
            self._next_serial = 1
        d = len(self.category)
        self.category.append(category)
        self.serial.append(self._next_serial)
        self._next_serial += 1
        code = decision << self.DECISION_SHIFT
        self.dispute.extend((d, d))
        self.t.extend((t, t))
        self.code.extend((self.OPENED_FIELD | code, opening | code))
        self._order = None
        return d

    def append(self, dispute: int, t: float, edge: int, decision: int = 0) -> None:
        """
        Record that ``edge`` fired on ``dispute`` at day ``t`` (simulators inline this).
        """
        self.dispute.append(dispute)
        self.t.append(t)
        self.code.append(edge | decision << self.DECISION_SHIFT)
        self._order = None

    def __len__(self) -> int:
        return len(self.t)

    def at(self, t: float) -> pendulum.DateTime:
        """
        The instant ``t`` days after ``origin`` (microsecond resolution).
        """
        return self.origin + dt.timedelta(days=t)

    def edge_of(self, row: int) -> int:
        """
        The edge code of a row (:data:`DISPUTE_OPENED` for a dispute's first event).
        """
        edge = self.code[row] & self.OPENED_FIELD
        return DISPUTE_OPENED if edge == self.OPENED_FIELD else edge

    def _index(self) -> tuple[Any, Any, Any]:
        # Rows grouped by dispute (stable, so in order) and each row's sequence number.
        if self._order is None or len(self._order[2]) != len(self.t):
            import numpy as np

            disputes = np.frombuffer(self.dispute, dtype=np.int32)
            order = np.argsort(disputes, kind="stable")
            starts = np.zeros(len(self.category) + 1, dtype=np.int64)
            np.cumsum(np.bincount(disputes, minlength=len(self.category)), out=starts[1:])
            seq = np.empty(len(disputes), dtype=np.int64)
            seq[order] = np.arange(len(disputes)) - np.repeat(starts[:-1], np.diff(starts)) + 1
            self._order = (order, starts, seq)
        order, starts, seq = self._order
        return order, starts, seq

    def event(self, row: int) -> Event:
        """
        The event of row ``row``, as the engine records it.
        """
        _, _, seqs = self._index()
        d = self.dispute[row]
        seq = int(seqs[row])
        at = self.at(self.t[row])
        dispute_id = f"{self.prefix}{d + 1}"
        fp = self.fastpath
        lc = fp.lifecycle
        decision = self.decisions[self.code[row] >> self.DECISION_SHIFT]
        edge_code = self.edge_of(row)
        if edge_code == DISPUTE_OPENED:
            facts = Facts(self.categories[self.category[d]], self.court.id, self.court.region)
            opening = fp.edges[self.edge_of(row + 1)].transition
            return Event(
                dispute_id=dispute_id,
                seq=seq,
                type="dispute_opened",
                at=at,
                act=seq,
                actor=opening.actor,
                lifecycle_id=lc.id,
                data={"facts": facts.to_dict()},
            )
        local = at.astimezone(self._zone)
        on = pendulum.Date(local.year, local.month, local.day)
        edge = fp.edges[edge_code]
        t = edge.transition
        if edge.source == NEW_STATE:
            kind = lc.kind(lc.kind_of_opening(t))
            code = self.court.code or self.court.id
            number = f"({on.year}){code}{kind.type_code}{self.serial[d]}号"
            return Event(
                dispute_id=dispute_id,
                seq=seq,
                type="proceeding_opened",
                at=at,
                act=seq - 1,
                proceeding_id="p1",
                trigger=t.trigger,
                to_state=t.dest,
                actor=t.actor,
                lifecycle_id=lc.id,
                legal_basis=cite(t.legal_basis, on),
                decision=decision,
                on=on,
                data={
                    "kind": kind.name,
                    "case_number": number,
                    "court": self.court.id,
                    "parent": None,
                },
            )
        return Event(
            dispute_id=dispute_id,
            seq=seq,
            type="transition",
            at=at,
            act=seq,
            proceeding_id="p1",
            trigger=t.trigger,
            from_state=fp.states[edge.source],
            to_state=fp.states[edge.dest],
            actor=t.actor,
            lifecycle_id=lc.id,
            legal_basis=cite(t.legal_basis, on),
            decision=decision,
            on=on,
            data={},
        )

    def __getitem__(self, row: int) -> Event:
        if not -len(self) <= row < len(self):
            raise IndexError(row)
        return self.event(row % len(self))

    def __iter__(self) -> Iterator[Event]:
        return (self.event(i) for i in range(len(self)))

    def rows_of(self, dispute: int) -> tuple[int, ...]:
        """
        The rows of dispute index ``dispute``, in order.

        Raises:
            UnknownNameError: no such dispute.
        """
        if not 0 <= dispute < len(self.category):
            raise UnknownNameError(
                "dispute index", dispute, [f"0..{len(self.category) - 1}"], "event log"
            )
        order, starts, _ = self._index()
        return tuple(int(i) for i in order[starts[dispute] : starts[dispute + 1]])

    def events_of(self, dispute: int) -> tuple[Event, ...]:
        """
        The events of dispute index ``dispute``, in order: the log a live case would have.
        """
        return tuple(self.event(i) for i in self.rows_of(dispute))

    @property
    def disputes(self) -> int:
        """
        How many disputes were opened.
        """
        return len(self.category)
