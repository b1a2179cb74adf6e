"""
The lifecycle definition layer: model, composition, validation and the PRC lifecycles.
"""

from disputeflow.lifecycle.definition import Lifecycle, Part
from disputeflow.lifecycle.guards import GuardContext
from disputeflow.lifecycle.model import (
    Category,
    ClockEffect,
    ClockSpec,
    Guard,
    ProceedingKind,
    State,
    Transition,
)
from disputeflow.lifecycle.prc import lifecycle, prc_civil_2022, prc_civil_2025

__all__ = [
    "Category",
    "ClockEffect",
    "ClockSpec",
    "Guard",
    "GuardContext",
    "Lifecycle",
    "Part",
    "ProceedingKind",
    "State",
    "Transition",
    "lifecycle",
    "prc_civil_2022",
    "prc_civil_2025",
]
