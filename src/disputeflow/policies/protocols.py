"""
The contracts between disputeflow and policy code, in one file.

Every decision point has one small Protocol with one method, ``decide(request)``, which
returns a :class:`~disputeflow.policies.decision.Decision` or ``None`` to abstain (the next
policy in the chain is asked). A policy receives everything it may read in the
:class:`DecisionRequest`: the case, the proceeding, the date, the rule set's parameters, the
roster of venues and mediators, the act's data and, in simulations, a numpy ``Generator``.
Policies read no globals, no wall clock and no global random state, so the same objects serve
live cases and the simulator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs
import pendulum

from disputeflow.events.case import Case, Proceeding
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.parameters import ParameterSet
from disputeflow.policies.decision import Decision

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "POINTS",
    "DecisionRequest",
    "FilingPolicy",
    "FrontEndPolicy",
    "Mediator",
    "MediatorPolicy",
    "OutcomePolicy",
    "PetitionRouter",
    "Policy",
    "TrackTriage",
    "Venue",
]

#: The decision points the built-in rule sets fill, with what each decides.
POINTS: Mapping[str, str] = {
    "front_end": "divert to mediation or not, to which venue (前端化解)",
    "mediator": "which mediator of the venue takes the case, and the mediation period",
    "mediation_extension": "whether a mediation period is extended",
    "filing": "register, correct, refuse, divert or file first at the court door (立案)",
    "track": "small claims, summary or ordinary procedure, and conversion (繁简分流)",
    "petition": "which legal channel a petition belongs in, or closure (诉访分离)",
    "outcome": "what happens next when a stage ends (simulation: drawn from probabilities)",
}


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(slots=True)
class Mediator:
    """
    A mediator on a venue's roster.

    Attributes:
        id: stable id.
        name: display name.
        specialties: dispute categories the mediator is qualified for (empty: any).
        capacity: cases the mediator can carry at once.
        load: cases the mediator carries now.
    """

    id: str
    name: str = ""
    specialties: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    capacity: int = 1
    load: int = 0

    @property
    def free(self) -> int:
        """
        Cases the mediator can still take.
        """
        return max(0, self.capacity - self.load)


@attrs.frozen(slots=True)
class Venue:
    """
    A mediation venue (调解组织): where a diverted dispute can go.

    Attributes:
        id: stable id.
        kind: ``court_roster`` (特邀调解, "invite in"), ``peoples_mediation`` (人民调解委员会),
            ``industry`` (traffic, medical, labour, property, finance, consumer),
            ``administrative``, ``grid`` (grid/community point), ``governance_centre``
            (综治中心, "going out"), ``online`` (人民法院调解平台), ``government_court``
            (府院联动, administrative disputes).
        region: the region it serves (``""``: any).
        categories: dispute categories it takes (empty: any).
        capacity: cases it can carry at once (its mediators' capacities, or its own limit).
        load: cases it carries now.
        mediators: its roster.
    """

    id: str
    kind: str
    region: str = ""
    categories: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    capacity: int = 0
    load: int = 0
    mediators: tuple[Mediator, ...] = ()
    name: str = ""

    @property
    def free(self) -> int:
        """
        Cases the venue can still take.
        """
        return max(0, self.capacity - self.load)

    def takes(self, category: str, region: str) -> bool:
        """
        Whether the venue serves this category and region.
        """
        return (not self.categories or category in self.categories) and (
            not self.region or not region or self.region == region
        )


@attrs.frozen(slots=True)
class DecisionRequest:
    """
    Everything a policy may read to decide one point for one case.

    Attributes:
        point: the decision point (a key of :data:`POINTS`, or one a court adds).
        case: the case as it stands before the act.
        proceeding: the proceeding concerned (``None`` before any is open).
        lifecycle: the lifecycle the case runs on (to name legal triggers).
        at: the time of the act.
        on: its court-local date: parameters and rules are read on this date.
        parameters: the governing rule set's parameters.
        data: facts of the act the policy may use (``consent``, ``missing`` items, a petition's
            ``complaint`` ...), plain values; recorded with the decision.
        roster: mediation venues with their mediators and loads.
        rng: a numpy Generator, given by simulations; live decisions get ``None``.
        rule_set: id of the governing rule set.
    """

    point: str
    case: Case
    proceeding: Proceeding | None
    lifecycle: Lifecycle
    at: pendulum.DateTime
    on: pendulum.Date
    parameters: ParameterSet
    data: Mapping[str, Any] = attrs.field(factory=dict)
    roster: tuple[Venue, ...] = ()
    rng: np.random.Generator | None = None
    rule_set: str | None = None

    def value(self, parameter_id: str) -> Any:
        """
        A parameter's value on the act's date.
        """
        return self.parameters.value(parameter_id, self.on)

    @property
    def state(self) -> str | None:
        """
        The proceeding's current state, if there is a proceeding.
        """
        return self.proceeding.state if self.proceeding is not None else None


@runtime_checkable
class Policy(Protocol):
    """
    Any policy: an id, a version, the point it decides, and ``decide``.

    ``decide`` returns a :class:`Decision` for the request's point, or ``None`` when the policy
    has no rule for this case (the chain then asks the next one). It must not mutate anything
    it is given.
    """

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def point(self) -> str: ...

    def decide(self, request: DecisionRequest) -> Decision | None: ...


class FrontEndPolicy(Policy, Protocol):
    """
    Front-end resolution (前端化解): divert a dispute to mediation or not, and to which venue.

    Decides at point ``front_end``. Under ``prc-2024`` diversion happens before filing
    (诉前调解); under ``prc-2025`` the complaint is registered first and prior mediation
    (先行调解) is offered with the parties' consent.
    """


class MediatorPolicy(Policy, Protocol):
    """
    Which mediator of the chosen venue takes the case (point ``mediator``), by specialty,
    load and capacity.
    """


class FilingPolicy(Policy, Protocol):
    """
    Filing control at the court door (立案, 关口把控): register on the spot, one-time correction
    notice, refuse, divert, refer to labour arbitration, or file first (point ``filing``).
    CPL (2021) Art. 122-127.
    """


class TrackTriage(Policy, Protocol):
    """
    Track triage (繁简分流): small claims, summary or ordinary, and conversion (point
    ``track``). CPL (2021) Art. 160, 165-170.
    """


class PetitionRouter(Policy, Protocol):
    """
    Petition routing (诉访分离): the legal channel a litigation-related petition belongs in,
    or its closure (point ``petition``).
    """


class OutcomePolicy(Policy, Protocol):
    """
    What happens when a stage ends (point ``outcome``): in simulations drawn from probabilities
    with the request's ``rng``; in live systems usually a person's act, not a policy.
    """
