"""
Events and cases: the append-only log and the fold that derives state from it.
"""

from disputeflow.events.case import (
    Case,
    ClockRecord,
    Facts,
    Party,
    Proceeding,
    apply_event,
    replay,
)
from disputeflow.events.event import EVENT_TYPES, Event

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
