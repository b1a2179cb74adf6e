"""
The engine: executes a lifecycle on cases through one shared transitions machine.
"""

from disputeflow.engine.courts import CaseNumbering, Court, PRCCaseNumbering
from disputeflow.engine.engine import Engine
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.engine.records import Action, Outcome, RunningClock, describe_event

__all__ = [
    "Action",
    "CaseNumbering",
    "Court",
    "Engine",
    "Jurisdiction",
    "Outcome",
    "PRCCaseNumbering",
    "RunningClock",
    "describe_event",
]
