"""
:class:`Scenario`: everything a case-flow simulation needs as input, as frozen values.

A scenario names the rule set whose lifecycle and policies govern every act, the courts and
the regions they serve (with their populations), Poisson arrival streams per category and
region (with weekly and seasonal multipliers), the outcome probabilities and duration
distributions of every stage, the policy inputs (diversion shares, track shares), the
resources that work the cases (mediators by venue, filing officers, judges by track,
enforcement officers, petition staff) with their capacities and working calendars, the start
date and horizon, and optionally a snapshot of pending cases to start from.

Scenarios are read from TOML by :mod:`disputeflow.simulation.loader`; the file format is in
``docs/scenario-reference.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from disputeflow.engine.courts import Court
from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.inputs import (
    CALENDARS,
    DECIDERS,
    DEFAULT_CLAIM_AMOUNT,
    OUTCOME_TOLERANCE,
    POOLS,
    RULE_SETS,
    STAGES,
    TRACKS,
    VENUES,
    WARM_STATES,
    ArrivalStream,
    Decisions,
    PendingCohort,
    Region,
    ResourceSpec,
    StageSpec,
    _mapping,
    _to_tuple,
    scaled_count,
)

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
    "Scenario",
    "StageSpec",
    "scaled_count",
]


def _date(value: Any) -> pendulum.Date:
    if isinstance(value, pendulum.Date) and not isinstance(value, pendulum.DateTime):
        return value
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value, exact=True)
        except ValueError:
            parsed = None
        if isinstance(parsed, pendulum.Date) and not isinstance(parsed, pendulum.DateTime):
            return parsed
    if hasattr(value, "year") and not hasattr(value, "hour"):
        return pendulum.Date(value.year, value.month, value.day)
    raise InvalidValueError("scenario.start", "a date (YYYY-MM-DD)", value)


@attrs.frozen
class Scenario:
    """
    The inputs of a simulation (see the module docstring and ``docs/scenario-reference.md``).

    Attributes:
        id: stable kebab-case id.
        rule_set: a key of :data:`RULE_SETS` (``prc-2024`` ...): its lifecycle and policies
            govern every act of the run, whatever the date (a counterfactual can run the 2025
            rules over 2024).
        start_on: first simulated day (court-local).
        horizon_days: days simulated.
        courts: the courts (basic courts with ``parent`` set to the court above).
        regions: regions with population and serving court.
        arrivals: arrival streams.
        stages: stage specs by name.
        decisions: policy inputs.
        resources: resource pools by name.
        pending: warm-start snapshot (empty: start from no pending cases).
        claim_amount: distribution of the amount claimed (yuan) of monetary disputes.
        scale: multiplies arrival rates, capacities and pending counts (0.1 = a tenth).
        label: a line describing it.
        tz: the courts' time zone.
        decided_by: ``policies`` (the rule set's policies decide diversion, filing, track
            and mediation outcomes, the scenario gives what the parties do) or ``scenario``
            (every decision drawn from the scenario's shares and probabilities).
    """

    id: str
    rule_set: str
    start_on: pendulum.Date = attrs.field(converter=_date)
    horizon_days: int
    courts: tuple[Court, ...] = attrs.field(converter=_to_tuple)
    regions: tuple[Region, ...] = attrs.field(converter=_to_tuple)
    arrivals: tuple[ArrivalStream, ...] = attrs.field(converter=_to_tuple)
    stages: Mapping[str, StageSpec] = attrs.field(converter=_mapping)
    decisions: Decisions = attrs.field(factory=Decisions)
    resources: Mapping[str, ResourceSpec] = attrs.field(factory=dict, converter=_mapping)
    pending: tuple[PendingCohort, ...] = attrs.field(default=(), converter=_to_tuple)
    claim_amount: Distribution = DEFAULT_CLAIM_AMOUNT
    scale: float = 1.0
    label: str = ""
    tz: str = "Asia/Shanghai"
    decided_by: str = "policies"

    def __attrs_post_init__(self) -> None:
        if self.decided_by not in DECIDERS:
            raise InvalidValueError("scenario.decided_by", " or ".join(DECIDERS), self.decided_by)
        if self.rule_set not in RULE_SETS:
            raise UnknownNameError("rule set", self.rule_set, RULE_SETS)
        h = self.horizon_days
        if isinstance(h, bool) or not isinstance(h, int) or not 1 <= h <= 3660:
            raise InvalidValueError("scenario.horizon_days", "an integer from 1 to 3660", h)
        s = self.scale
        if isinstance(s, bool) or not isinstance(s, int | float) or not 0 < s <= 100:
            raise InvalidValueError("scenario.scale", "a number > 0 and <= 100", s)
        courts = {c.id for c in self.courts}
        for c in self.courts:
            if c.parent is not None and c.parent not in courts:
                raise UnknownNameError(f"courts.{c.id}.parent", c.parent, courts)
        from disputeflow.lifecycle import lifecycle

        lc = lifecycle(self.lifecycle_id)
        for a in self.arrivals:
            lc.category(a.category)
        for p in self.pending:
            lc.category(p.category)
        regions = {r.id for r in self.regions}
        for r in self.regions:
            if r.court not in courts:
                raise UnknownNameError(f"regions.{r.id}.court", r.court, courts)
        for a in self.arrivals:
            if a.region not in regions:
                raise UnknownNameError("arrivals region", a.region, regions)
        for name, spec in self.stages.items():
            if name != spec.name:
                raise InvalidValueError(f"stages.{name}", f"a StageSpec named {name!r}", spec.name)
        missing = [n for n in STAGES if n not in self.stages]
        if missing:
            raise InvalidValueError("stages", "every stage of " + ", ".join(STAGES), missing)
        for pool, res in self.resources.items():
            if pool != res.pool:
                raise InvalidValueError(f"resources.{pool}", f"a pool named {pool!r}", res.pool)
            for court in res.servers:
                if court not in courts:
                    raise UnknownNameError(f"resources.{pool}.servers", court, courts)
        for p in self.pending:
            if p.court not in courts:
                raise UnknownNameError("pending.court", p.court, courts)

    @property
    def lifecycle_id(self) -> str:
        """
        The lifecycle of the scenario's rule set.
        """
        return RULE_SETS[self.rule_set]

    @property
    def population(self) -> int:
        """
        Total resident population of the regions.
        """
        return sum(r.population for r in self.regions)

    def region(self, id: str) -> Region:
        """
        A region by id.

        Raises:
            UnknownNameError: no such region.
        """
        for r in self.regions:
            if r.id == id:
                return r
        raise UnknownNameError("region", id, [r.id for r in self.regions], self.id)

    def evolve(self, **changes: Any) -> Scenario:
        """
        A copy with fields changed (validated again).
        """
        return attrs.evolve(self, **changes)

    def with_stage(
        self,
        name: str,
        *,
        duration: Distribution | None = None,
        outcomes: Mapping[str, float] | None = None,
    ) -> Scenario:
        """
        A copy with stage ``name``'s duration and/or outcome probabilities replaced.

        Raises:
            UnknownNameError, InvalidValueError: as for :class:`StageSpec`.
        """
        old = self.stages.get(name, None)
        if old is None:
            raise UnknownNameError("stage", name, self.stages, self.id)
        new = StageSpec(
            name, duration or old.duration, outcomes if outcomes is not None else old.outcomes
        )
        return self.evolve(stages={**self.stages, name: new})

    def with_servers(self, pool: str, add: int, courts: Iterable[str] | None = None) -> Scenario:
        """
        A copy with ``add`` more servers in ``pool``, spread over ``courts`` (default: every
        court that has servers in the pool, else every court serving a region) in proportion
        to the population they serve, largest remainders first.

        Raises:
            UnknownNameError: unknown pool or court.
            InvalidValueError: ``add`` is not a positive integer.
        """
        if pool not in self.resources:
            raise UnknownNameError("resource pool", pool, self.resources, self.id)
        if isinstance(add, bool) or not isinstance(add, int) or add < 1:
            raise InvalidValueError("add", "an integer >= 1", add)
        spec = self.resources[pool]
        serving = {r.court for r in self.regions}
        chosen = (
            list(courts)
            if courts is not None
            else ([c for c, n in spec.servers.items() if n > 0] or sorted(serving))
        )
        pop = {c: sum(r.population for r in self.regions if r.court == c) or 1 for c in chosen}
        total = sum(pop.values())
        exact = {c: add * pop[c] / total for c in chosen}
        extra = {c: math.floor(v) for c, v in exact.items()}
        left = add - sum(extra.values())
        for c in sorted(chosen, key=lambda c: (-(exact[c] - extra[c]), c))[:left]:
            extra[c] += 1
        servers = dict(spec.servers)
        for c, n in extra.items():
            servers[c] = servers.get(c, 0) + n
        new = attrs.evolve(spec, servers=servers)
        return self.evolve(resources={**self.resources, pool: new})
