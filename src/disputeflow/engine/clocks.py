"""
Clock keeping: what a transition does to a proceeding's clocks, with the due dates after it,
and views of running clocks. Deadlines repeat across cases (same start dates, same periods),
so they are cached: on the hot path the engine's clock work is a dictionary look-up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pendulum

from disputeflow.errors import InvalidValueError
from disputeflow.events.case import Case, ClockRecord, Proceeding
from disputeflow.events.event import ClockChange
from disputeflow.events.fold import apply_clock_change, clocks_after, plain_clocks
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import ClockEffect, ClockSpec, Transition
from disputeflow.time.calendars import CourtCalendar
from disputeflow.time.deadlines import ClockView, clock_view
from disputeflow.time.periods import Deadline, Period, compute_deadline

__all__ = ["ClockKeeper"]

#: Keepers shared between engines, by the identities of their lifecycle and calendar (the
#: keeper holds both, so the ids cannot be reused while an entry exists).
_SHARED: dict[tuple[int, int, bool], ClockKeeper] = {}
_SHARED_MAX = 64
_ACTS_MAX = 32768

_Clocks = tuple[ClockRecord, ...]
_Act = tuple[_Clocks, _Clocks | None, tuple[ClockChange, ...], _Clocks, _Clocks | None]


def _with_id(case: Case, pid: str) -> Proceeding | None:
    # By id only: a parent is named by its id, and the fold applies its clocks by id.
    for q in case.proceedings:
        if q.id == pid:
            return q
    return None


class ClockKeeper:
    """
    Computes clock changes and clock views for one lifecycle and calendar.

    Args:
        lifecycle: the definition whose clocks are kept.
        calendar: the court calendar.
        strict: raise for years the calendar does not know instead of a provisional date.
        param: parameter look-up ``(id, on) -> value`` (the engine passes a cached one).
    """

    def __init__(
        self,
        lifecycle: Lifecycle,
        calendar: CourtCalendar,
        strict: bool,
        param: Callable[[str, pendulum.Date], Any],
    ) -> None:
        self.lifecycle = lifecycle
        self.calendar = calendar
        self.strict = strict
        self.param = param
        self._deadline = functools.lru_cache(maxsize=65536)(self._deadline_uncached)
        # Changes that depend only on their key are shared between cases: a clock started on a
        # day for a period, stopped with a due date, re-timed from a start day. They repeat
        # across cases like the deadlines they carry.
        self._started = functools.lru_cache(maxsize=65536, typed=True)(self._started_uncached)
        self._retimed = functools.lru_cache(maxsize=65536, typed=True)(self._retimed_uncached)
        self._same_due = functools.lru_cache(maxsize=65536, typed=True)(ClockChange)
        # Per transition (by identity: the lifecycle keeps them alive): its effects with their
        # clocks, and whether a clock is touched twice in one act.
        self._plans: dict[int, tuple[tuple[tuple[ClockEffect, ClockSpec], ...], bool]] = {
            id(t): self._plan(t) for t in lifecycle.transitions if t.clocks
        }
        # Transitions with an effect on the parent proceeding's clocks.
        self._on_parent = frozenset(
            id(t) for t in lifecycle.transitions if any(e.on_parent for e in t.clocks)
        )
        # What an act does to clocks depends only on the transition, the date, and the clocks
        # of the proceeding and of its parent (and the parent's id, which the changes to its
        # clocks carry): (transition, clocks, parent's clocks, parent, date) -> (clocks,
        # parent's clocks, changes, clocks after, parent's after), for shared clock tuples
        # only (keyed by identity; the entry holds the tuples, so their ids stay theirs while
        # the entry exists).
        self._acts: dict[tuple[int, int, int, str | None, pendulum.Date], _Act] = {}

    @classmethod
    def shared(cls, lifecycle: Lifecycle, calendar: CourtCalendar, strict: bool) -> ClockKeeper:
        """
        The keeper of ``lifecycle`` and ``calendar``, shared by every engine that executes
        them: its deadlines, clock changes and parameter values are pure functions of their
        keys, so engines built for the same definition (one per request, per simulation run,
        per rule set) start with the caches warm instead of recomputing the calendar work.
        """
        key = (id(lifecycle), id(calendar), strict)
        keeper = _SHARED.get(key)
        if keeper is None or keeper.lifecycle is not lifecycle or keeper.calendar is not calendar:
            param = functools.lru_cache(maxsize=65536)(lifecycle.parameters.value)
            keeper = cls(lifecycle, calendar, strict, param)
            if len(_SHARED) >= _SHARED_MAX:
                _SHARED.clear()
            _SHARED[key] = keeper
        return keeper

    def _plan(self, t: Transition) -> tuple[tuple[tuple[ClockEffect, ClockSpec], ...], bool]:
        effects = tuple((e, self.lifecycle.clock(e.clock)) for e in t.clocks)
        return effects, len({e.clock for e in t.clocks}) != len(t.clocks)

    def changes(
        self,
        case: Case,
        p: Proceeding | None,
        spec: Transition,
        on: pendulum.Date,
        parent: Proceeding | None = None,
    ) -> tuple[ClockChange, ...]:
        """
        The clock changes ``spec`` makes on ``on``, each with the due date after it.

        ``p`` is the proceeding acted on, or ``None`` for the one an opening creates (it has
        no clocks yet); ``parent`` its parent (looked up when ``None``).

        Effects on a clock that is not running (stop, suspend, resume, extend, retime) are
        skipped: a lifecycle stops a clock on every closing path without knowing which ran.
        """
        if not spec.clocks:
            return ()
        plan = self._plans.get(id(spec))
        effects, repeated = plan if plan is not None else self._plan(spec)
        if parent is None and p is not None and p.parent is not None:
            parent = _with_id(case, p.parent)
        # Only a clock touched twice in one act needs its intermediate record.
        work: dict[tuple[bool, str], ClockRecord | None] | None = {} if repeated else None
        out: list[ClockChange] = []
        started = self._started
        for effect, clock in effects:
            if effect.on_parent:
                if parent is None:
                    continue
                target: Proceeding | None = parent
                pid: str | None = parent.id
            else:
                target, pid = p, None
            action = effect.action
            key = (effect.on_parent, clock.name)
            if work is not None and key in work:
                record = work[key]
            elif action == "start" or action == "restart":
                record = None  # starting ignores what ran before
            else:
                record = target.clock(clock.name) if target is not None else None
            if action == "start" or action == "restart":
                # The common case, inline: a shared change from the cache.
                period_param = effect.period_param or clock.period_param
                change: ClockChange | None = started(clock.name, action, period_param, on, pid)
            else:
                change = self._change(record, effect, clock, on, spec.trigger, pid)
            if change is None:
                continue
            if work is not None:
                work[key] = apply_clock_change(record, change, on, spec.trigger)
            out.append(change)
        return tuple(out)

    def act(
        self,
        case: Case,
        p: Proceeding | None,
        spec: Transition,
        on: pendulum.Date,
        parent: Proceeding | None = None,
    ) -> tuple[tuple[ClockChange, ...], tuple[ClockRecord, ...], tuple[ClockRecord, ...] | None]:
        """
        What ``spec`` fired on ``p`` (``None`` for the proceeding an opening creates, whose
        parent is ``parent``) on ``on`` does to clocks: the changes (as :meth:`changes`), the
        proceeding's clocks after them, and its parent's clocks after them (``None`` when
        ``spec`` has no effect on the parent's clocks).

        Equal acts repeat across cases (the same transition, on the same day, on clocks
        started on the same days), so results on shared clock tuples are kept.
        """
        before = p.clocks if p is not None else ()
        if not spec.clocks:
            return (), before, None
        if id(spec) in self._on_parent:
            if parent is None and p is not None and p.parent is not None:
                parent = _with_id(case, p.parent)
            parent_before = parent.clocks if parent is not None else None
        else:
            parent_before = None
        # The parent's id is in the key: the changes on its clocks name it.
        parent_id = parent.id if parent is not None and parent_before is not None else None
        key = (id(spec), id(before), id(parent_before), parent_id, on)
        hit = self._acts.get(key)
        if hit is not None and hit[0] is before and hit[1] is parent_before:
            return hit[2], hit[3], hit[4]
        changes = self.changes(case, p, spec, on, parent)
        after = clocks_after(
            before, [c for c in changes if c.proceeding_id is None], on, spec.trigger
        )
        parent_after = None
        if parent_before is not None:
            theirs = [c for c in changes if c.proceeding_id is not None]
            parent_after = (
                clocks_after(parent_before, theirs, on, spec.trigger) if theirs else parent_before
            )
        if (
            plain_clocks(before)
            and plain_clocks(after)
            and (parent_before is None or plain_clocks(parent_before))
            and (parent_after is None or plain_clocks(parent_after))
        ):
            if len(self._acts) >= _ACTS_MAX:
                self._acts.clear()
            self._acts[key] = (before, parent_before, changes, after, parent_after)
        return changes, after, parent_after

    def change(
        self, record: ClockRecord | None, effect: ClockEffect, on: pendulum.Date, trigger: str
    ) -> ClockChange | None:
        """
        What ``effect`` does on ``on`` to a clock of the proceeding acted on (``record``, or
        ``None`` if it never started), or ``None`` when it does nothing to it.
        """
        return self._change(record, effect, self.lifecycle.clock(effect.clock), on, trigger, None)

    def _change(
        self,
        record: ClockRecord | None,
        effect: ClockEffect,
        clock: ClockSpec,
        on: pendulum.Date,
        trigger: str,
        pid: str | None,
    ) -> ClockChange | None:
        action = effect.action
        if action == "start" or action == "restart":
            return self._started(
                clock.name, action, effect.period_param or clock.period_param, on, pid
            )
        if record is None or not record.running:
            return None
        if action == "stop" or action == "suspend":
            # Neither moves the due date on the day it happens: a suspension opened today
            # has excluded no day yet.
            if action == "suspend" and record.suspended:
                return None
            return self._same_due(clock.name, action, record.due_on, None, pid)
        if action == "resume" and not record.suspended:
            return None
        period = self._period(clock, effect, on)
        if action == "retime":
            if period == record.period:
                return None
            if not record.extensions and not record.excluded:
                return self._retimed(clock.name, record.started_on, period, pid)
        draft = ClockChange(clock.name, action, record.due_on, period)
        updated = apply_clock_change(record, draft, on, trigger)
        deadline = self.record_deadline(updated, on)
        return ClockChange(clock.name, action, deadline.due_on, period, pid, deadline.provisional)

    def _period(self, clock: ClockSpec, effect: ClockEffect, on: pendulum.Date) -> Period:
        value = self.param(effect.period_param or clock.period_param, on)
        if not isinstance(value, Period):  # pragma: no cover - validated at definition
            raise InvalidValueError(f"parameter of clock {clock.name}", "a Period", value)
        return value

    def _started_uncached(
        self, name: str, action: str, param: str, on: pendulum.Date, pid: str | None
    ) -> ClockChange:
        value = self.param(param, on)
        if not isinstance(value, Period):  # pragma: no cover - validated at definition
            raise InvalidValueError(f"parameter of clock {name}", "a Period", value)
        deadline = self._deadline(on, value, 0)
        return ClockChange(name, action, deadline.due_on, value, pid, deadline.provisional)

    def _retimed_uncached(
        self, name: str, started_on: pendulum.Date, period: Period, pid: str | None
    ) -> ClockChange:
        # A clock without extensions or excluded days, given a new period from its start.
        deadline = self._deadline(started_on, period, 0)
        return ClockChange(name, "retime", deadline.due_on, period, pid, deadline.provisional)

    def record_deadline(self, record: ClockRecord, on: pendulum.Date) -> Deadline:
        total = record.period
        for extra in record.extensions:
            total = total + extra
        until = on if record.stopped_on is None else min(on, record.stopped_on)
        excluded = sum(i.days(max(until, i.start_on)) for i in record.excluded)
        return self._deadline(record.started_on, total, excluded)

    def _deadline_uncached(self, start: pendulum.Date, period: Period, excluded: int) -> Deadline:
        return compute_deadline(
            start, period, self.calendar, excluded_days=excluded, strict=self.strict
        )

    def view(self, record: ClockRecord, on: pendulum.Date, legal_basis: str) -> ClockView:
        """
        The status of a clock record as of ``on``.
        """
        return clock_view(
            record.name,
            record.started_on,
            record.period,
            on,
            self.calendar,
            extensions=record.extensions,
            excluded=record.excluded,
            stopped_on=record.stopped_on,
            strict=self.strict,
            legal_basis=legal_basis,
        )
