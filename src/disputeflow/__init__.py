"""
disputeflow: the life of a legal dispute as a state machine.

The curated public API; see the docs for the tour.
"""

from disputeflow.engine import Action, Court, Engine, Jurisdiction, Outcome, RunningClock
from disputeflow.events import Case, Event, Facts, Party, Proceeding, replay
from disputeflow.io.config import load_rule_sets
from disputeflow.lifecycle import Lifecycle, Part, lifecycle, prc_civil_2022, prc_civil_2025
from disputeflow.policies import (
    Decision,
    DecisionRequest,
    Policy,
    PolicyChain,
    RuleSet,
    RuleSets,
    counterfactual,
    default_rule_sets,
    prc_2024,
    prc_2025,
)

__all__ = [
    "Action",
    "Case",
    "Court",
    "Decision",
    "DecisionRequest",
    "Engine",
    "Event",
    "Facts",
    "Jurisdiction",
    "Lifecycle",
    "Outcome",
    "Part",
    "Party",
    "Policy",
    "PolicyChain",
    "Proceeding",
    "RuleSet",
    "RuleSets",
    "RunningClock",
    "__version__",
    "counterfactual",
    "default_rule_sets",
    "lifecycle",
    "load_rule_sets",
    "prc_2024",
    "prc_2025",
    "prc_civil_2022",
    "prc_civil_2025",
    "replay",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("disputeflow")
    raise AttributeError(name)
