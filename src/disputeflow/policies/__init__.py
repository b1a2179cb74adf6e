"""
Pluggable policies: protocols, decisions, chains with precedence, and dated rule sets.

A policy decides one point of a dispute's path (front-end diversion, mediator, filing, track,
petition routing ...) and returns a :class:`Decision` that says what was decided, by which
policy and rule, and why. Chains give deterministic precedence; rule sets bundle a lifecycle
with its chains and parameters, valid from one date to another.
"""

from disputeflow.policies.chain import PolicyChain, legal_triggers
from disputeflow.policies.decision import Consultation, Decision, Verdict
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
    "POINTS",
    "Consultation",
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
    "legal_triggers",
]
