"""
The fold: a case is what its events make of it.

:func:`apply_event` folds one event into a case and :func:`replay` folds a whole log. The
engine uses the same fold for live cases (:func:`fold_opening`, :func:`fold_transition`), so a
replayed case equals the live one by construction (and the property tests check it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from disputeflow.errors import InvalidValueError, ReplayError, UnknownNameError
from disputeflow.events.case import Case, ClockRecord, Proceeding
from disputeflow.events.event import CLOCK_ACTIONS, ClockChange, Event
from disputeflow.events.facts import Facts
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import State, Transition
from disputeflow.time.deadlines import Interval
from disputeflow.time.periods import Period

__all__ = [
    "apply_clock_change",
    "apply_event",
    "clocks_after",
    "fold_opening",
    "fold_transition",
    "plain_clocks",
    "replay",
    "voided_acts",
]

# -- sharing ----------------------------------------------------------------------------------
# Open cases hold mostly equal small values: the same paths of triggers, clocks started on the
# same day for the same period, the same recorded names and flags. The fold takes them from
# bounded caches, one shared object per value, so a million open cases hold references instead
# of a million copies (the values are frozen: sharing them cannot be observed). Only values
# whose equality is exact are shared: strings, dates and Periods, never numbers
# (1 == 1.0 == True would hand out the wrong type).

_SHARED = 8192  # entries per cache: a few hundred kilobytes when full


@functools.lru_cache(maxsize=_SHARED)
def _path(prefix: tuple[str, ...], trigger: str) -> tuple[str, ...]:
    # A proceeding's path one trigger longer: one tuple per distinct path, all cases sharing it.
    return (*prefix, trigger)


@functools.lru_cache(maxsize=_SHARED)
def _shared_flags(flags: frozenset[str]) -> frozenset[str]:
    return flags


@functools.lru_cache(maxsize=_SHARED)
def _opening_flags(sets: frozenset[str]) -> frozenset[str]:
    # What an opening sets is a frozenset already: one shared value per distinct set.
    return _shared_flags(frozenset(sets))


@functools.lru_cache(maxsize=_SHARED)
def _shared_pairs(pairs: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
    return pairs


@functools.lru_cache(maxsize=65536, typed=True)
def _plain_record(
    name: str, started_on: pendulum.Date, period: Period, due_on: pendulum.Date
) -> ClockRecord:
    # A running clock without extensions or excluded periods: most clocks of most cases, and
    # equal across every case that started it on the same day.
    return ClockRecord(name, started_on, period, due_on)


_CLOCK_SETS: dict[tuple[int, ...], tuple[ClockRecord, ...]] = {}


def plain_clocks(records: tuple[ClockRecord, ...]) -> bool:
    """
    Whether every record is a running clock without extensions or excluded periods: such
    tuples are shared between cases (one object per value).
    """
    return all(not r.extensions and not r.excluded and r.stopped_on is None for r in records)


def _shared_clocks(records: tuple[ClockRecord, ...]) -> tuple[ClockRecord, ...]:
    # Keyed by the records' identities: a stored tuple keeps its records alive, so while the
    # entry exists no other object can take their ids, and a hit holds the very same records.
    # Only tuples of shared (plain) records are worth keeping.
    if not records:
        return ()
    if not plain_clocks(records):
        return records
    key = tuple(map(id, records))
    found = _CLOCK_SETS.get(key)
    if found is not None:
        return found
    if len(_CLOCK_SETS) >= _SHARED:
        _CLOCK_SETS.clear()
    _CLOCK_SETS[key] = records
    return records


# -- the fold ---------------------------------------------------------------------------------


def apply_clock_change(
    record: ClockRecord | None, change: ClockChange, on: pendulum.Date, reason: str = ""
) -> ClockRecord:
    """
    A clock record after ``change`` took effect on ``on``.

    ``due_on`` is taken from the change (the engine computed it with the court calendar), so
    the fold needs no calendar. Stopping, suspending or resuming a clock that never started
    is refused: the engine never records such a change. A running clock without extensions
    or excluded periods is a shared value (equal records are one object).

    Raises:
        InvalidValueError: the change does not fit the record.
    """
    action = change.action
    due = change.due_on
    if action == "start" or action == "restart":
        if change.period is None:
            raise InvalidValueError(f"clock {change.clock}.period", "a Period", None)
        return _plain_record(change.clock, on, change.period, due)
    if record is None:
        raise InvalidValueError(f"clock {change.clock}", "a clock that was started", action)
    r = record
    if action == "stop":
        return ClockRecord(r.name, r.started_on, r.period, due, r.extensions, r.excluded, on)
    if action == "suspend":
        gap = Interval(on, None, reason or "suspended")
        return ClockRecord(r.name, r.started_on, r.period, due, r.extensions, (*r.excluded, gap))
    if action == "resume":
        if not r.suspended:
            raise InvalidValueError(f"clock {change.clock}", "a suspended clock", action)
        last = r.excluded[-1]
        closed = Interval(last.start_on, on, last.reason)
        return ClockRecord(
            r.name, r.started_on, r.period, due, r.extensions, (*r.excluded[:-1], closed)
        )
    if change.period is None:
        raise InvalidValueError(f"clock {change.clock}.period", "a Period", None)
    if action == "extend":
        return ClockRecord(
            r.name, r.started_on, r.period, due, (*r.extensions, change.period), r.excluded
        )
    if action == "retime":
        if not r.extensions and not r.excluded:
            return _plain_record(r.name, r.started_on, change.period, due)
        return ClockRecord(r.name, r.started_on, change.period, due, r.extensions, r.excluded)
    raise InvalidValueError(
        f"clock {change.clock}.action", "one of " + ", ".join(CLOCK_ACTIONS), action
    )


def clocks_after(
    clocks: tuple[ClockRecord, ...], changes: Iterable[ClockChange], on: pendulum.Date, reason: str
) -> tuple[ClockRecord, ...]:
    """
    A proceeding's running clocks after ``changes`` (all on that proceeding) took effect on
    ``on``; ``reason`` labels an excluded period a suspension opens (the act's trigger). A
    stopped clock leaves the tuple. Tuples of running clocks without extensions or excluded
    periods are shared values (equal tuples are one object, see :func:`shared_clocks`).

    Raises:
        InvalidValueError: a change does not fit the clocks (stopping one not running ...).
    """
    records: dict[str, ClockRecord] = {}
    for c in clocks:
        records[c.name] = c
    for change in changes:
        if change.action == "stop":
            # Cases stay small: a stopped clock is history, and history is the log.
            if change.clock not in records:
                raise InvalidValueError(f"clock {change.clock}", "a running clock", "stop")
            del records[change.clock]
        else:
            records[change.clock] = apply_clock_change(
                records.get(change.clock), change, on, reason
            )
    return _shared_clocks(tuple(records.values()))


def _apply_clocks(
    procs: list[Proceeding],
    changes: Iterable[ClockChange],
    own: str | None,
    on: pendulum.Date,
    event: Event,
) -> None:
    # Clock changes addressed to proceedings by id (``own`` for those that name none).
    by_target: dict[str, list[ClockChange]] = {}
    for change in changes:
        by_target.setdefault(change.proceeding_id or own or "", []).append(change)
    for i, p in enumerate(procs):
        mine = by_target.pop(p.id, None)
        if mine:
            procs[i] = _with_clocks(p, clocks_after(p.clocks, mine, on, event.trigger or ""))
    if by_target:
        raise ReplayError(
            event.dispute_id, event.seq, f"clock of unknown proceeding {sorted(by_target)}"
        )


def _set_clocks(procs: list[Proceeding], pid: str | None, clocks: tuple[ClockRecord, ...]) -> None:
    # The proceeding ``pid`` with these clocks (the engine worked them out).
    for i, q in enumerate(procs):
        if q.id == pid:
            if q.clocks is not clocks:
                procs[i] = _with_clocks(q, clocks)
            return


def _with_clocks(p: Proceeding, clocks: tuple[ClockRecord, ...]) -> Proceeding:
    # Rebuilt directly: attrs.evolve re-runs every converter and costs microseconds.
    return Proceeding(
        p.id,
        p.kind,
        p.case_number,
        p.court,
        p.parent,
        p.state,
        p.opened_at,
        p.accepted_on,
        p.closed_on,
        p.closing_kind,
        p.flags,
        p.attributes,
        p.fired,
        clocks,
    )


def _case(
    case: Case, procs: Iterable[Proceeding], event: Event, facts: Facts | None = None
) -> Case:
    return Case(
        case.dispute_id,
        case.lifecycle_id,
        case.facts if facts is None else facts,
        tuple(procs),
        event.seq,
        case.opened_at,
        event.at,
    )


def fold_opening(
    case: Case,
    event: Event,
    state: State,
    opening: Transition,
    on: pendulum.Date,
    clocks: tuple[ClockRecord, ...] | None = None,
    parent_clocks: tuple[ClockRecord, ...] | None = None,
) -> Case:
    """
    Fold a ``proceeding_opened`` event whose definitions are known: ``state`` is its
    ``to_state``, ``opening`` the opening transition of its trigger and ``on`` its court-local
    date. :func:`apply_event` checks the event and looks them up first; the engine, which has
    them at hand for the events it records, calls this directly, so a live case and a
    replayed one are built by the same code.

    ``clocks`` and ``parent_clocks``, when given, are what :func:`clocks_after` makes of the
    event's clock changes on the new proceeding and on its parent (see
    :func:`fold_transition`).
    """
    data = event.data
    pid = event.proceeding_id or ""
    if clocks is not None:
        others = _NONE
    else:
        own, others = _split(event.clocks, pid)
        clocks = clocks_after((), own, on, event.trigger or "") if own else ()
    p = Proceeding(
        pid,
        str(data.get("kind", state.kind)),
        str(data.get("case_number", "")),
        str(data.get("court", case.facts.court)),
        data.get("parent"),
        state.name,
        event.at,
        on if opening.accepts else None,
        on if state.closing_kind else None,
        state.closing_kind,
        _opening_flags(opening.sets),
        _record((), opening.records, data),
        _path((), opening.trigger),
        clocks,
    )
    procs = [*case.proceedings, p]
    if others:
        _apply_clocks(procs, others, pid, on, event)
    elif parent_clocks is not None:
        _set_clocks(procs, p.parent, parent_clocks)
    return _case(case, procs, event)


def fold_transition(
    case: Case,
    event: Event,
    p: Proceeding,
    spec: Transition,
    dest: State,
    on: pendulum.Date,
    clocks: tuple[ClockRecord, ...] | None = None,
    parent_clocks: tuple[ClockRecord, ...] | None = None,
) -> Case:
    """
    Fold a ``transition`` event whose definitions are known: ``p`` is the proceeding it acts
    on (one of ``case.proceedings``), ``spec`` the transition that fired, ``dest`` the state
    it leads to and ``on`` its court-local date. See :func:`fold_opening`.

    ``clocks``, when given, is what :func:`clocks_after` makes of ``p``'s clocks and the
    event's clock changes on ``p``; ``parent_clocks`` the same for ``p``'s parent, when the
    event changes its clocks (the engine keeps the results it computed: they repeat across
    cases).
    """
    if clocks is not None:
        own: tuple[ClockChange, ...] = ()
        others = _NONE
    else:
        own, others = _split(event.clocks, p.id)
        clocks = clocks_after(p.clocks, own, on, event.trigger or "") if own else p.clocks
    closing = dest.closing_kind
    if spec.sets or spec.clears:
        flags = _shared_flags((p.flags - spec.clears) | spec.sets)
    else:
        flags = p.flags
    new = Proceeding(
        p.id,
        p.kind,
        p.case_number,
        p.court,
        p.parent,
        dest.name,
        p.opened_at,
        p.accepted_on or (on if spec.accepts else None),
        (p.closed_on or on) if closing else None,
        closing,
        flags,
        _record(p.attributes, spec.records, event.data) if spec.records else p.attributes,
        _path(p.fired, spec.trigger),
        clocks,
    )
    procs = [new if q is p or q.id == p.id else q for q in case.proceedings]
    if others:
        _apply_clocks(procs, others, p.id, on, event)
    elif parent_clocks is not None:
        _set_clocks(procs, p.parent, parent_clocks)
    return _case(case, procs, event)


_NONE: tuple[ClockChange, ...] = ()


def _split(
    clocks: tuple[ClockChange, ...], pid: str
) -> tuple[tuple[ClockChange, ...], tuple[ClockChange, ...]]:
    # An event's clock changes on its own proceeding (named or not), then on others (a parent).
    for c in clocks:
        if c.proceeding_id is not None and c.proceeding_id != pid:
            own = tuple(c for c in clocks if c.proceeding_id in (None, pid))
            return own, tuple(c for c in clocks if c.proceeding_id not in (None, pid))
    return clocks, _NONE


def apply_event(
    case: Case | None, event: Event, lifecycle: Lifecycle, *, facts: Facts | None = None
) -> Case:
    """
    Fold one event into a case (``None`` before the dispute is opened).

    Corrections need the whole log: see :func:`replay`. ``facts``, for a ``dispute_opened``
    event, is the value its data was made from (the engine passes it so the case holds the
    caller's value instead of a copy).

    Raises:
        ReplayError: the event does not fit the case or the lifecycle.
    """
    if event.type == "dispute_opened":
        if case is not None:
            raise ReplayError(event.dispute_id, event.seq, "the dispute is already open")
        if facts is None:
            facts = Facts.from_dict(event.data["facts"])
        return Case(event.dispute_id, lifecycle.id, facts, (), event.seq, event.at, event.at)
    if case is None:
        raise ReplayError(event.dispute_id, event.seq, "the log does not start by opening it")
    if event.seq != case.seq + 1:
        raise ReplayError(event.dispute_id, event.seq, f"expected sequence number {case.seq + 1}")
    on = _local_on(event)
    if event.type == "proceeding_opened":
        if event.proceeding_id is None or event.to_state is None:
            raise ReplayError(event.dispute_id, event.seq, "an opening needs proceeding and state")
        if not lifecycle.has_state(event.to_state):
            raise ReplayError(event.dispute_id, event.seq, f"unknown state {event.to_state!r}")
        state = lifecycle.state(event.to_state)
        opening = lifecycle.opening(event.trigger or "")
        return fold_opening(case, event, state, opening, on)
    if event.type == "transition":
        p = _proceeding(case, event)
        if p.state != event.from_state:
            raise ReplayError(
                event.dispute_id,
                event.seq,
                f"proceeding {p.id} is in {p.state!r}, the event leaves {event.from_state!r}",
            )
        spec = _find(lifecycle, event)
        return fold_transition(case, event, p, spec, lifecycle.state(event.to_state or p.state), on)
    if event.type == "facts_amended":
        changes = dict(case.facts.to_dict())
        changes.update(event.data.get("changes", {}))
        return _case(case, case.proceedings, event, Facts.from_dict(changes))
    if event.type == "decision_recorded":
        # A policy decided not to act (no diversion, no extension): the decision is in the log,
        # the proceedings are unchanged.
        return _case(case, case.proceedings, event)
    if event.type == "lifecycle_migrated":
        return _migrate(case, event, lifecycle)
    if event.type == "correction":
        raise ReplayError(event.dispute_id, event.seq, "corrections are folded by replay()")
    raise ReplayError(event.dispute_id, event.seq, f"unknown event type {event.type!r}")


def _migrate(case: Case, event: Event, lifecycle: Lifecycle) -> Case:
    # The proceedings move onto ``lifecycle`` (the event's); each open one takes the state the
    # migration mapped it to, closed ones keep theirs.
    if event.lifecycle_id != lifecycle.id:
        raise ReplayError(
            event.dispute_id,
            event.seq,
            f"the migration is to {event.lifecycle_id!r}, replayed against {lifecycle.id!r}",
        )
    states: Mapping[str, str] = event.data.get("states", {})
    procs = []
    for p in case.proceedings:
        if p.closed and p.id not in states:
            procs.append(p)  # history: kept as it closed
            continue
        target = states.get(p.id, p.state)
        if not lifecycle.has_state(target):
            raise ReplayError(
                event.dispute_id, event.seq, f"state {target!r} is not in {lifecycle.id!r}"
            )
        dest = lifecycle.state(target)
        procs.append(
            attrs.evolve(
                p,
                state=dest.name,
                closing_kind=dest.closing_kind if dest.closing_kind else p.closing_kind,
            )
        )
    migrated = _case(case, procs, event)
    return attrs.evolve(migrated, lifecycle_id=lifecycle.id)


def _local_on(event: Event) -> pendulum.Date:
    # The engine stores the court-local date of every act in ``on``; fall back to the
    # timestamp's own date for logs written by hand.
    if event.on is not None:
        return event.on
    return event.at.date()


def _record(
    attributes: tuple[tuple[str, Any], ...], keys: tuple[str, ...], data: Mapping[str, Any]
) -> tuple[tuple[str, Any], ...]:
    if not keys:
        return attributes
    d = dict(attributes)
    for k in keys:
        if k in data:
            d[k] = data[k]
    pairs = tuple(sorted(d.items()))
    for _, v in pairs:
        if v is not None and type(v) is not str:
            return pairs
    return _shared_pairs(pairs)


def _proceeding(case: Case, event: Event) -> Proceeding:
    for p in case.proceedings:
        if p.id == event.proceeding_id:
            return p
    raise ReplayError(event.dispute_id, event.seq, f"unknown proceeding {event.proceeding_id!r}")


def _find(lifecycle: Lifecycle, event: Event) -> Transition:
    candidates = lifecycle.transitions_from(event.from_state or "", event.trigger or "")
    for t in candidates:
        if (t.dest or event.from_state) == event.to_state:
            return t
    raise ReplayError(
        event.dispute_id,
        event.seq,
        f"lifecycle {lifecycle.id!r} has no transition {event.trigger!r} "
        f"from {event.from_state!r} to {event.to_state!r}",
    )


def voided_acts(events: Iterable[Event]) -> frozenset[int]:
    """
    The acts (by first ``seq``) voided by correction events.
    """
    return frozenset(e.corrects for e in events if e.type == "correction" and e.corrects)


def _definition(lifecycle: Lifecycle | Mapping[str, Lifecycle], event: Event) -> Lifecycle:
    if isinstance(lifecycle, Mapping):
        found = lifecycle.get(event.lifecycle_id)
        if found is None:
            raise ReplayError(
                event.dispute_id,
                event.seq,
                f"no definition given for lifecycle {event.lifecycle_id!r} "
                f"(given: {', '.join(sorted(lifecycle))})",
            )
        return found
    return lifecycle


def replay(events: Sequence[Event], lifecycle: Lifecycle | Mapping[str, Lifecycle]) -> Case:
    """
    Rebuild a case from its log.

    ``lifecycle`` is the definition the log runs on, or definitions by id for a log that was
    migrated from one definition to another (each event is folded with the definition named
    by its ``lifecycle_id``).

    Acts voided by a ``correction`` are skipped; the correction itself only advances the
    sequence number. The result equals the live case the engine returned after the last event.

    Raises:
        ReplayError: the log is empty, out of order, of several disputes, or does not fit
            the lifecycle.
    """
    if not events:
        raise ReplayError("?", 0, "the log is empty")
    voided = voided_acts(events)
    case: Case | None = None
    dispute = events[0].dispute_id
    for e in events:
        if e.dispute_id != dispute:
            raise ReplayError(e.dispute_id, e.seq, f"the log mixes disputes ({dispute!r})")
        if e.act in voided or e.type == "correction":
            if case is None:
                raise ReplayError(e.dispute_id, e.seq, "the log does not start by opening it")
            if e.seq != case.seq + 1:
                raise ReplayError(e.dispute_id, e.seq, f"expected sequence number {case.seq + 1}")
            case = _case(case, case.proceedings, e)
            continue
        try:
            case = apply_event(case, e, _definition(lifecycle, e))
        except (KeyError, UnknownNameError, InvalidValueError) as exc:
            raise ReplayError(e.dispute_id, e.seq, str(exc)) from exc
    assert case is not None
    return case
