"""
Pluggable policies: protocols, decisions, chains with precedence, and dated rule sets.

A policy decides one point of a dispute's path (front-end diversion, mediator, filing, track,
petition routing ...) and returns a :class:`Decision` that says what was decided, by which
policy and rule, and why. Chains give deterministic precedence; rule sets bundle a lifecycle
with its chains and parameters, valid from one date to another.
"""

from disputeflow.policies.builtin import BUILTIN_POLICIES, make_policy
from disputeflow.policies.chain import PolicyChain, legal_triggers
from disputeflow.policies.counterfactual import (
    CounterfactualReport,
    CounterfactualRow,
    counterfactual,
)
from disputeflow.policies.decision import Consultation, Decision, Verdict
from disputeflow.policies.prc import default_rule_sets, prc_2024, prc_2025
from disputeflow.policies.protocols import (
    POINTS,
    DecisionRequest,
    FilingPolicy,
    FrontEndPolicy,
    Mediator,
    MediatorPolicy,
    OutcomePolicy,
    PetitionRouter,
    Policy,
    TrackTriage,
    Venue,
)
from disputeflow.policies.ruleset import RuleSet, RuleSets, TransitionalProvision

__all__ = [
    "BUILTIN_POLICIES",
    "POINTS",
    "Consultation",
    "CounterfactualReport",
    "CounterfactualRow",
    "Decision",
    "DecisionRequest",
    "FilingPolicy",
    "FrontEndPolicy",
    "Mediator",
    "MediatorPolicy",
    "OutcomePolicy",
    "PetitionRouter",
    "Policy",
    "PolicyChain",
    "RuleSet",
    "RuleSets",
    "TrackTriage",
    "TransitionalProvision",
    "Venue",
    "Verdict",
    "counterfactual",
    "default_rule_sets",
    "legal_triggers",
    "make_policy",
    "prc_2024",
    "prc_2025",
]
