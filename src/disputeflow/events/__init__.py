"""
Events and cases: the append-only log and the fold that derives state from it.
"""

from disputeflow.events.case import Case, ClockRecord, Proceeding
from disputeflow.events.event import EVENT_TYPES, Event
from disputeflow.events.facts import Facts, Party
from disputeflow.events.fold import apply_event, replay

__all__ = [
    "EVENT_TYPES",
    "Case",
    "ClockRecord",
    "Event",
    "Facts",
    "Party",
    "Proceeding",
    "apply_event",
    "replay",
]
