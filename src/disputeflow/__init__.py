"""
disputeflow: the life of a legal dispute as a state machine.

The curated public API; see the docs for the tour.
"""

from disputeflow.engine import Action, Court, Engine, Jurisdiction, Outcome, RunningClock
from disputeflow.events import Case, Event, Facts, Party, Proceeding, replay
from disputeflow.lifecycle import Lifecycle, Part, lifecycle, prc_civil_2022, prc_civil_2025
from disputeflow.policies import Decision, DecisionRequest, Policy, PolicyChain, RuleSet, RuleSets

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
    "lifecycle",
    "prc_civil_2022",
    "prc_civil_2025",
    "replay",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("disputeflow")
    raise AttributeError(name)
