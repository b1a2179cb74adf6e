"""
The flat, immutable :class:`Event`: one recorded fact about one dispute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs
import pendulum

from disputeflow.time.periods import Period

__all__ = ["CLOCK_ACTIONS", "EVENT_TYPES", "ClockChange", "Event", "EventType"]

EventType = Literal[
    "dispute_opened",
    "proceeding_opened",
    "transition",
    "facts_amended",
    "correction",
    "decision_recorded",
    "lifecycle_migrated",
]
EVENT_TYPES: tuple[str, ...] = (
    "dispute_opened",
    "proceeding_opened",
    "transition",
    "facts_amended",
    "correction",
    "decision_recorded",
    "lifecycle_migrated",
)
CLOCK_ACTIONS: tuple[str, ...] = (
    "start",
    "stop",
    "restart",
    "suspend",
    "resume",
    "extend",
    "retime",
)


@attrs.frozen(weakref_slot=False)
class ClockChange:
    """
    What an act did to one clock (a legal period), recorded inside the act's event.

    Attributes:
        clock: the clock's name.
        action: ``start``, ``stop``, ``restart``, ``suspend``, ``resume``, ``extend`` or
            ``retime``; it takes effect on the event's court-local date (``Event.on``).
        due_on: the clock's due date after the change (rest days rolled over, excluded
            periods added).
        period: the period started, added or set (``start``, ``restart``, ``extend``,
            ``retime``).
        proceeding_id: the proceeding whose clock it is when not the event's own (an
            execution application stops the parent's application period).
        provisional: the due date used a year the holiday calendar does not know yet.
    """

    clock: str
    action: str
    due_on: pendulum.Date
    period: Period | None = None
    proceeding_id: str | None = None
    provisional: bool = False


_EMPTY: Mapping[str, Any] = {}


@attrs.frozen(cache_hash=False, weakref_slot=False)
class Event:
    """
    One recorded fact, flat so that a log goes straight into a table.

    Events are keyed by dispute and proceeding; ``seq`` numbers a dispute's events from 1 and
    orders them (it is also the unit of optimistic concurrency). The log is append-only: a
    mistake is corrected by a new ``correction`` event that names the ``seq`` it corrects.

    Attributes:
        dispute_id: the dispute (案).
        seq: position in the dispute's log, from 1.
        type: ``dispute_opened`` (facts in ``data``), ``proceeding_opened`` (a new 件, its
            number in ``data``), ``transition`` (a trigger fired), ``facts_amended``
            (changed facts in ``data``), ``correction`` (voids the act ``corrects``).
        at: when the act happened, timezone-aware, offset kept.
        act: ``seq`` of the first event of the act this event belongs to (one trigger may
            record a transition and a chained opening); a correction voids a whole act.
        proceeding_id: the proceeding (件) concerned, if any.
        trigger: the trigger fired (for openings, the opening trigger).
        from_state, to_state: state before and after (equal for internal transitions).
        actor: who acted (a user id, ``"system"`` for clock expiries).
        reason: free text from the actor, or the decision's summary.
        lifecycle_id: the lifecycle definition that governed the act.
        rule_set: the rule set that governed it, when rule sets are in use.
        legal_basis: citation of the act's legal basis, edition in force on the act's date.
        decision: the whole record of the policy decision behind the act, as plain data.
        on: the act's court-local date (the date periods count from).
        clocks: what the act did to clocks, with their due dates: clocks are in the log,
            so time limits can be read from events alone.
        corrects: for ``correction`` events, the ``seq`` corrected.
        data: the act's payload (plain, serialisable values).
    """

    dispute_id: str
    seq: int
    type: EventType
    at: pendulum.DateTime
    act: int = 0
    proceeding_id: str | None = None
    trigger: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    actor: str = ""
    reason: str = ""
    lifecycle_id: str = ""
    rule_set: str | None = None
    legal_basis: str = ""
    decision: Mapping[str, Any] | None = None
    on: pendulum.Date | None = None
    clocks: tuple[ClockChange, ...] = ()
    corrects: int | None = None
    data: Mapping[str, Any] = _EMPTY

    def to_dict(self) -> dict[str, Any]:
        """
        The event as a flat dict of its fields (values as they are; see ``disputeflow.io``
        for JSON).
        """
        return attrs.asdict(self, recurse=False)
