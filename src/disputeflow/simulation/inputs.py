"""
The parts of a scenario: stages, regions, arrival streams, policy inputs, resource pools and
warm-start cohorts, with the vocabularies they are checked against.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.simulation.distributions import Distribution

__all__ = [
    "CALENDARS",
    "DECIDERS",
    "DEFAULT_CLAIM_AMOUNT",
    "OUTCOME_TOLERANCE",
    "POOLS",
    "RULE_SETS",
    "STAGES",
    "TRACKS",
    "VENUES",
    "WARM_STATES",
    "ArrivalStream",
    "Decisions",
    "PendingCohort",
    "Region",
    "ResourceSpec",
    "StageSpec",
    "scaled_count",
]

#: Rule sets a scenario may name, with the lifecycle each runs.
RULE_SETS: Mapping[str, str] = {"prc-2024": "prc-civil-2022", "prc-2025": "prc-civil-2025"}

TRACKS = ("small_claims", "summary", "ordinary")

#: Mediation venues (as in ``disputeflow.lifecycle.stages.mediation.VENUES``).
VENUES = (
    "people_mediation_committee",
    "industry_mediation",
    "administrative_mediation",
    "court_roster",
    "grid_point",
    "governance_centre",
    "online_platform",
    "government_court_linkage",
)

#: Stages and the outcomes each draws from; a stage's duration is in days.
STAGES: Mapping[str, tuple[str, ...]] = {
    "filing": ("register", "correct", "refuse"),
    "correction": ("corrected", "abandoned"),
    "pre_filing_mediation": ("success", "failure", "withdrawal"),
    "confirmation": ("apply", "none"),
    "trial_mediation": ("success", "failure", "withdrawal"),
    "fee": ("paid", "unpaid"),
    "small_claims": ("judgment", "mediation", "withdrawal", "ruling"),
    "summary": ("judgment", "mediation", "withdrawal", "ruling"),
    "ordinary": ("judgment", "mediation", "withdrawal", "ruling"),
    "appeal": ("appeal", "none"),
    "second_instance": ("affirm", "amend", "remand", "mediation", "withdrawal"),
    "execution_application": ("apply", "none"),
    "execution": ("full_performance", "settlement", "termination", "withdrawal"),
    "petition_filing": ("petition", "none"),
    "petition": ("routed", "answered", "concluded"),
}

#: Resource pools and the stage that holds a server of them.
POOLS: tuple[str, ...] = (
    "filing_officers",
    *(f"mediators.{v}" for v in VENUES),
    *(f"judges.{t}" for t in TRACKS),
    "judges.second_instance",
    "enforcement_officers",
    "petition_staff",
)

#: Working calendars: ``court`` starts work only on the court calendar's working days
#: (09:00 local), ``always`` at once.
CALENDARS = ("court", "always")

#: States a pending case of a warm-start snapshot may be in.
WARM_STATES = (
    "mediating",
    "complaint_received",
    "small_claims_trial",
    "summary_trial",
    "ordinary_trial",
    "appeal_review",
    "executing",
)

#: Amounts claimed (yuan) when a scenario gives none.
DEFAULT_CLAIM_AMOUNT = Distribution("lognormal", {"mean": 50000, "sd": 80000})

#: Who makes the decisions of a run (see :class:`Scenario`).
DECIDERS = ("policies", "scenario")

#: Outcome probabilities of a stage must sum to 1 within this.
OUTCOME_TOLERANCE = 1e-6


def scaled_count(count: float, scale: float) -> int:
    """
    ``count x scale`` rounded half up, at least 1 when ``count`` is positive (a resource
    never vanishes when a scenario is scaled down).
    """
    if count <= 0:
        return 0
    return max(1, math.floor(count * scale + 0.5))


def _probabilities(field: str, value: Mapping[str, float], valid: Iterable[str]) -> None:
    allowed = tuple(valid)
    for k, p in value.items():
        if k not in allowed:
            raise UnknownNameError(f"{field} key", k, allowed)
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise InvalidValueError(f"{field}.{k}", "a probability from 0 to 1", p)


def _mapping(value: Any) -> Mapping[str, Any]:
    return dict(value)


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class StageSpec:
    """
    A stage: how long it takes (days) and how it ends.

    Attributes:
        name: a key of :data:`STAGES`.
        duration: the distribution of its duration.
        outcomes: probability of each outcome (summing to 1).

    Raises:
        UnknownNameError, InvalidValueError: unknown stage or outcome, or probabilities that
            are out of range or do not sum to 1.
    """

    name: str
    duration: Distribution
    outcomes: Mapping[str, float] = attrs.field(converter=_mapping)

    def __attrs_post_init__(self) -> None:
        if self.name not in STAGES:
            raise UnknownNameError("stage", self.name, STAGES)
        _probabilities(f"stages.{self.name}.outcomes", self.outcomes, STAGES[self.name])
        total = sum(self.outcomes.values())
        if abs(total - 1) > OUTCOME_TOLERANCE:
            raise InvalidValueError(
                f"stages.{self.name}.outcomes", "probabilities summing to 1", round(total, 9)
            )

    def outcome(self, u: float) -> str:
        """
        The outcome a uniform ``u`` in [0, 1) selects (outcomes in :data:`STAGES` order, so
        equal probabilities give equal outcomes across scenarios).
        """
        acc = 0.0
        last = ""
        for name in STAGES[self.name]:
            p = self.outcomes.get(name, 0.0)
            if p <= 0:
                continue
            acc += p
            last = name
            if u < acc:
                return name
        return last


@attrs.frozen
class Region:
    """
    A county-level unit: its resident population and the basic court that serves it.
    """

    id: str
    population: int
    court: str

    def __attrs_post_init__(self) -> None:
        if isinstance(self.population, bool) or not isinstance(self.population, int):
            raise InvalidValueError(f"regions.{self.id}.population", "an integer", self.population)
        if self.population < 0:
            raise InvalidValueError(f"regions.{self.id}.population", ">= 0", self.population)


def _multipliers(value: Any, n: int, field: str) -> tuple[float, ...] | None:
    if value is None:
        return None
    out = tuple(float(v) for v in value)
    if len(out) != n or any(not math.isfinite(v) or v < 0 for v in out):
        raise InvalidValueError(field, f"{n} non-negative numbers", value)
    return out


def _weekly(value: Any) -> tuple[float, ...] | None:
    return _multipliers(value, 7, "arrivals.weekly")


def _seasonal(value: Any) -> tuple[float, ...] | None:
    return _multipliers(value, 12, "arrivals.seasonal")


@attrs.frozen
class ArrivalStream:
    """
    Poisson arrivals of one dispute category in one region.

    Attributes:
        category: lifecycle category id.
        region: region id.
        rate_per_year: mean arrivals per year before multipliers (and before the scenario's
            scale).
        weekly: seven multipliers, Monday first (court closed at weekends: small values).
        seasonal: twelve multipliers, January first.

    The day's rate is ``rate_per_year / 365 x weekly[weekday] x seasonal[month]``, with the
    multipliers normalised to mean 1 over the horizon so they shape the year without changing
    its total.
    """

    category: str
    region: str
    rate_per_year: float
    weekly: tuple[float, ...] | None = attrs.field(default=None, converter=_weekly)
    seasonal: tuple[float, ...] | None = attrs.field(default=None, converter=_seasonal)

    def __attrs_post_init__(self) -> None:
        r = self.rate_per_year
        if isinstance(r, bool) or not isinstance(r, int | float) or not math.isfinite(r) or r < 0:
            raise InvalidValueError(
                f"arrivals.{self.region}.{self.category}", "a rate >= 0 per year", r
            )


@attrs.frozen
class Decisions:
    """
    Inputs of the policies at the decision points, by dispute category.

    Attributes:
        front_end: share of disputes diverted to mediation at the court door, by category
            (``default`` for the others): pre-filing mediation under ``prc-2024``, prior
            mediation with consent after filing under ``prc-2025``.
        venues: shares of diverted disputes by mediation venue.
        tracks: track shares by category (``default`` for the others); non-monetary
            categories cannot go to small claims (CPL (2021) Art. 165), so their share moves
            to summary.
        trial_mediation: share of cases on each track offered mediation after filing
            (entrusted mediation 委托调解 under ``prc-2024``; under ``prc-2025`` prior
            mediation is the front-end diversion itself).
        extension_consent: chance that both parties consent to extend a mediation that would
            outrun its period (pre-filing: +30 days; prior mediation: +30 days, excluded from
            the trial time limit).
    """

    front_end: Mapping[str, float] = attrs.field(factory=dict, converter=_mapping)
    venues: Mapping[str, float] = attrs.field(factory=dict, converter=_mapping)
    tracks: Mapping[str, Mapping[str, float]] = attrs.field(factory=dict, converter=_mapping)
    trial_mediation: Mapping[str, float] = attrs.field(factory=dict, converter=_mapping)
    extension_consent: float = 0.5

    def __attrs_post_init__(self) -> None:
        e = self.extension_consent
        if isinstance(e, bool) or not isinstance(e, int | float) or not 0 <= e <= 1:
            raise InvalidValueError("decisions.extension_consent", "a probability from 0 to 1", e)
        for k, p in self.front_end.items():
            _probabilities("decisions.front_end", {k: p}, (k,))
        _probabilities("decisions.venues", self.venues, VENUES)
        if self.venues and abs(sum(self.venues.values()) - 1) > OUTCOME_TOLERANCE:
            raise InvalidValueError("decisions.venues", "shares summing to 1", self.venues)
        for cat, shares in self.tracks.items():
            _probabilities(f"decisions.tracks.{cat}", shares, TRACKS)
            if abs(sum(shares.values()) - 1) > OUTCOME_TOLERANCE:
                raise InvalidValueError(f"decisions.tracks.{cat}", "shares summing to 1", shares)
        _probabilities("decisions.trial_mediation", self.trial_mediation, TRACKS)

    def diversion(self, category: str) -> float:
        """
        The diversion share of a category.
        """
        return float(self.front_end.get(category, self.front_end.get("default", 0.0)))

    def track_shares(self, category: str) -> Mapping[str, float]:
        """
        The track shares of a category.
        """
        return self.tracks.get(category) or self.tracks.get("default") or {"summary": 1.0}


@attrs.frozen
class ResourceSpec:
    """
    A pool of people who work cases: servers per court, each carrying ``slots`` cases at
    once (a judge carries many), on a working calendar.

    Attributes:
        pool: a name in :data:`POOLS`.
        servers: number of people per court id.
        slots: cases each carries at once.
        calendar: ``court`` (work starts on working days at 09:00) or ``always``.
    """

    pool: str
    servers: Mapping[str, int] = attrs.field(converter=_mapping)
    slots: int = 1
    calendar: str = "court"

    def __attrs_post_init__(self) -> None:
        if self.pool not in POOLS:
            raise UnknownNameError("resource pool", self.pool, POOLS)
        if self.calendar not in CALENDARS:
            raise InvalidValueError(
                f"resources.{self.pool}.calendar", " or ".join(CALENDARS), self.calendar
            )
        if isinstance(self.slots, bool) or not isinstance(self.slots, int) or self.slots < 1:
            raise InvalidValueError(f"resources.{self.pool}.slots", "an integer >= 1", self.slots)
        for court, n in self.servers.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise InvalidValueError(
                    f"resources.{self.pool}.servers.{court}", "an integer >= 0", n
                )

    def capacity(self, court: str, scale: float = 1.0) -> int:
        """
        Cases the pool can carry at once at ``court`` (servers x slots, scaled).
        """
        return scaled_count(self.servers.get(court, 0) * self.slots, scale)


@attrs.frozen
class PendingCohort:
    """
    Pending cases of a warm start: ``count`` cases of ``category`` at ``court`` in ``state``,
    their ages (days since the dispute arrived) spread evenly over ``[min_age_days,
    max_age_days]``. The runner walks each through the lifecycle with back-dated acts, so its
    running clocks are the engine's own.
    """

    court: str
    category: str
    state: str
    count: int
    min_age_days: int = 0
    max_age_days: int = 0

    def __attrs_post_init__(self) -> None:
        if self.state not in WARM_STATES:
            raise UnknownNameError("pending state", self.state, WARM_STATES)
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise InvalidValueError("pending.count", "an integer >= 0", self.count)
        if not 0 <= self.min_age_days <= self.max_age_days:
            raise InvalidValueError(
                "pending.age_days", "0 <= min <= max", (self.min_age_days, self.max_age_days)
            )
