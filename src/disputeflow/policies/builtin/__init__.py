"""
Built-in, parameterised policies that reproduce PRC court practice, and their registry.

:data:`BUILTIN_POLICIES` maps each registered name (``"prc.filing"``, ``"prc.track-triage"``
...) to a factory that takes keyword parameters (plain, TOML-able values) and returns the
policy. Configuration files name policies by these names; third-party policies registered
through the ``disputeflow.policies`` entry-point group use the same shape.

>>> from disputeflow.policies.builtin import make_policy
>>> make_policy("prc.track-triage", share=0.5).point
'track'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.policies.builtin._common import RuleDoc
from disputeflow.policies.builtin.filing import (
    REFUSAL_GROUNDS,
    DuplicateSuit,
    FilingControl,
    LabourArbitration,
    VexatiousFiler,
)
from disputeflow.policies.builtin.front_end import (
    DEFAULT_VENUE_PREFERENCES,
    DIVERSION_PRONE,
    FrontEndDiversion,
)
from disputeflow.policies.builtin.mediator import (
    MediationExtension,
    MediatorByLoad,
    pick_mediator,
)
from disputeflow.policies.builtin.outcome import OutcomeTable
from disputeflow.policies.builtin.petition import DEFAULT_CHANNELS, PetitionRouting
from disputeflow.policies.builtin.triage import AVERAGE_WAGE_PARAMETER, SmallClaimsTriage
from disputeflow.policies.protocols import Policy

__all__ = [
    "AVERAGE_WAGE_PARAMETER",
    "BUILTIN_CLASSES",
    "BUILTIN_POLICIES",
    "DEFAULT_CHANNELS",
    "DEFAULT_VENUE_PREFERENCES",
    "DIVERSION_PRONE",
    "REFUSAL_GROUNDS",
    "DuplicateSuit",
    "FilingControl",
    "FrontEndDiversion",
    "LabourArbitration",
    "MediationExtension",
    "MediatorByLoad",
    "OutcomeTable",
    "PetitionRouting",
    "RuleDoc",
    "SmallClaimsTriage",
    "VexatiousFiler",
    "make_policy",
    "pick_mediator",
]

#: Built-in policy classes by registered name (each carries NAME, POINT, SUMMARY, RULES,
#: LEGAL_BASIS for the reference page).
BUILTIN_CLASSES: Mapping[str, type[Any]] = MappingProxyType(
    {
        cls.NAME: cls
        for cls in (
            FrontEndDiversion,
            MediatorByLoad,
            MediationExtension,
            FilingControl,
            LabourArbitration,
            DuplicateSuit,
            VexatiousFiler,
            SmallClaimsTriage,
            PetitionRouting,
            OutcomeTable,
        )
    }
)

#: Registered name -> factory taking keyword parameters and returning the policy.
BUILTIN_POLICIES: Mapping[str, Callable[..., Policy]] = MappingProxyType(dict(BUILTIN_CLASSES))


def make_policy(name: str, **parameters: Any) -> Policy:
    """
    Build a built-in policy by registered name.

    Args:
        name: a key of :data:`BUILTIN_POLICIES`.
        **parameters: its parameters (see ``docs/policies-reference.md``).

    Raises:
        UnknownNameError: no built-in policy has that name (the error lists them).
        InvalidValueError: an unknown parameter, or a parameter's value is invalid (the
            error names the field).
    """
    factory = BUILTIN_POLICIES.get(name)
    if factory is None:
        raise UnknownNameError("built-in policy", name, BUILTIN_POLICIES)
    cls = BUILTIN_CLASSES[name]
    import attrs

    known = [a.name for a in attrs.fields(cls)]
    for key in parameters:
        if key not in known:
            raise InvalidValueError(f"{name}.{key}", "one of " + ", ".join(known), key)
    return factory(**parameters)
