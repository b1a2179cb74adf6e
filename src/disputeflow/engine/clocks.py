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
from disputeflow.events.case import Case, ClockRecord, Proceeding, apply_clock_change
from disputeflow.events.event import ClockChange
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import ClockEffect, Transition
from disputeflow.time.calendars import CourtCalendar
from disputeflow.time.deadlines import ClockView, clock_view
from disputeflow.time.periods import Deadline, Period, compute_deadline

__all__ = ["ClockKeeper"]


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

    def changes(
        self,
        case: Case,
        p: Proceeding,
        spec: Transition,
        on: pendulum.Date,
        parent: Proceeding | None = None,
    ) -> tuple[ClockChange, ...]:
        """
        The clock changes ``spec`` makes on ``on``, each with the due date after it.

        Effects on a clock that is not running (stop, suspend, resume, extend, retime) are
        skipped: a lifecycle stops a clock on every closing path without knowing which ran.
        """
        if not spec.clocks:
            return ()
        if parent is None and p.parent is not None:
            parent = case.proceeding(p.parent)
        work: dict[tuple[str, str], ClockRecord | None] = {}
        out: list[ClockChange] = []
        # Only a clock touched twice in one act needs its intermediate record.
        repeated = len({e.clock for e in spec.clocks}) != len(spec.clocks)
        for effect in spec.clocks:
            target = parent if effect.on_parent else p
            if target is None:
                continue
            key = (target.id, effect.clock)
            record = work[key] if key in work else target.clock(effect.clock)
            change = self.change(record, effect, on, spec.trigger)
            if change is None:
                continue
            if target is not p:
                change = ClockChange(
                    change.clock,
                    change.action,
                    change.due_on,
                    change.period,
                    target.id,
                    change.provisional,
                )
            if repeated:
                work[key] = apply_clock_change(record, change, on, spec.trigger)
            out.append(change)
        return tuple(out)

    def change(
        self, record: ClockRecord | None, effect: ClockEffect, on: pendulum.Date, trigger: str
    ) -> ClockChange | None:
        action = effect.action
        clock = self.lifecycle.clock(effect.clock)
        period: Period | None = None
        if action in ("start", "restart", "extend", "retime"):
            value = self.param(effect.period_param or clock.period_param, on)
            if not isinstance(value, Period):  # pragma: no cover - validated at definition
                raise InvalidValueError(f"parameter of clock {clock.name}", "a Period", value)
            period = value
        if action in ("start", "restart"):
            assert period is not None
            deadline = self._deadline(on, period, 0)
            return ClockChange(
                clock.name, action, deadline.due_on, period, None, deadline.provisional
            )
        if record is None or not record.running:
            return None
        if action == "stop" or action == "suspend":
            # Neither moves the due date on the day it happens: a suspension opened today
            # has excluded no day yet.
            if action == "suspend" and record.suspended:
                return None
            return ClockChange(clock.name, action, record.due_on)
        if action == "resume" and not record.suspended:
            return None
        if action == "retime" and period == record.period:
            return None
        draft = ClockChange(clock.name, action, record.due_on, period)
        updated = apply_clock_change(record, draft, on, trigger)
        deadline = self.record_deadline(updated, on)
        return ClockChange(clock.name, action, deadline.due_on, period, None, deadline.provisional)

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
