"""
Cases as values: :class:`Case` (a dispute, 案), its :class:`Proceeding` values (件) and their
:class:`ClockRecord` values.

A case is a small frozen value; its state is never set, only derived from its events by the
fold in :mod:`disputeflow.events.fold`, which the engine uses for live cases too.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from disputeflow.errors import UnknownNameError
from disputeflow.events.facts import Facts
from disputeflow.time.deadlines import Interval
from disputeflow.time.periods import Period

__all__ = ["Case", "ClockRecord", "Proceeding"]


@attrs.frozen(weakref_slot=False)
class ClockRecord:
    """
    A clock of a proceeding as recorded by its clock events.

    Attributes:
        name: clock name.
        started_on: court-local start date (the start day is not counted, CPL (2021) Art. 85).
        period: base period.
        extensions: approved extensions.
        excluded: excluded periods (审限扣除), the last one open while suspended.
        stopped_on: date the clock stopped, if it did.
        due_on: due date as recorded with the last change.
    """

    name: str
    started_on: pendulum.Date
    period: Period
    due_on: pendulum.Date
    extensions: tuple[Period, ...] = ()
    excluded: tuple[Interval, ...] = ()
    stopped_on: pendulum.Date | None = None

    @property
    def running(self) -> bool:
        """
        Not stopped (it may be suspended).
        """
        return self.stopped_on is None

    @property
    def suspended(self) -> bool:
        """
        An excluded period is open.
        """
        return bool(self.excluded) and self.excluded[-1].end_on is None


@attrs.frozen(weakref_slot=False)
class Proceeding:
    """
    One proceeding (件) of a dispute, with its own number, court, state and clocks.

    Attributes:
        id: id within the dispute (``"p1"``, ``"p2"`` ...).
        kind: proceeding kind.
        case_number: its case number (案号).
        court: court id.
        parent: id of the proceeding it was opened from.
        state: current state.
        opened_at: when it was opened.
        accepted_on: date of acceptance (受理/立案), once accepted.
        closed_on: date it first entered a closing state (结案).
        closing_kind: how it closed, while in a closing state.
        flags: facts set by transitions, read by guards.
        attributes: recorded data (venue, mediator, judge ...), sorted pairs.
        fired: the triggers fired on it, in order (its path; guards count in it).
        clocks: its running clocks (suspended ones included). A clock that stops leaves the
            case; its whole history stays in the log, where indicators read it.
    """

    id: str
    kind: str
    case_number: str
    court: str
    parent: str | None
    state: str
    opened_at: pendulum.DateTime
    accepted_on: pendulum.Date | None = None
    closed_on: pendulum.Date | None = None
    closing_kind: str | None = None
    flags: frozenset[str] = frozenset()
    attributes: tuple[tuple[str, Any], ...] = ()
    fired: tuple[str, ...] = ()
    clocks: tuple[ClockRecord, ...] = ()

    def count(self, trigger: str) -> int:
        """
        How many times ``trigger`` fired on this proceeding.
        """
        return self.fired.count(trigger)

    def attribute(self, key: str, default: Any = None) -> Any:
        """
        A recorded attribute.
        """
        for k, v in self.attributes:
            if k == key:
                return v
        return default

    def clock(self, name: str) -> ClockRecord | None:
        """
        The clock called ``name``, if it was ever started.
        """
        for c in self.clocks:
            if c.name == name:
                return c
        return None

    @property
    def closed(self) -> bool:
        """
        Whether it is in a closing state.
        """
        return self.closing_kind is not None


@attrs.frozen(weakref_slot=False)
class Case:
    """
    A dispute (案) with its proceedings: a small frozen value, the fold of its events.

    Attributes:
        dispute_id: the dispute's id.
        lifecycle_id: the lifecycle definition it runs under.
        facts: its facts.
        proceedings: its proceedings, in the order they were opened.
        seq: the sequence number of its last event (the concurrency token).
        opened_at: when it was opened.
        last_at: time of its last event (time may not run backwards).
    """

    dispute_id: str
    lifecycle_id: str
    facts: Facts
    proceedings: tuple[Proceeding, ...]
    seq: int
    opened_at: pendulum.DateTime
    last_at: pendulum.DateTime

    def find(self, id_or_number: str) -> Proceeding | None:
        """
        A proceeding by id (``"p2"``) or by case number, or ``None`` if there is none.
        """
        for p in self.proceedings:
            if p.id == id_or_number or p.case_number == id_or_number:
                return p
        return None

    def proceeding(self, id_or_number: str) -> Proceeding:
        """
        A proceeding by id (``"p2"``) or by case number.

        Raises:
            UnknownNameError: no such proceeding; lists the valid ids.
        """
        found = self.find(id_or_number)
        if found is not None:
            return found
        raise UnknownNameError(
            "proceeding", id_or_number, [p.id for p in self.proceedings], f"case {self.dispute_id}"
        )

    @property
    def open_proceedings(self) -> tuple[Proceeding, ...]:
        """
        Proceedings not in a final state... i.e. not yet closed.
        """
        return tuple(p for p in self.proceedings if not p.closed)

    @property
    def current(self) -> Proceeding:
        """
        The most recently opened proceeding.
        """
        return self.proceedings[-1]
