"""
The engine: executes a lifecycle on cases through one shared transitions machine.
"""

from disputeflow.engine.courts import CaseNumbering, Court, PRCCaseNumbering
from disputeflow.engine.engine import Engine
from disputeflow.engine.fastpath import EventColumns, FastPath, GuardedTransitionError, Resolution
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.engine.records import Action, Outcome, RunningClock, describe_event

__all__ = [
    "Action",
    "CaseNumbering",
    "Court",
    "Engine",
    "EventColumns",
    "FastPath",
    "GuardedTransitionError",
    "Jurisdiction",
    "Outcome",
    "PRCCaseNumbering",
    "Resolution",
    "RunningClock",
    "describe_event",
]
