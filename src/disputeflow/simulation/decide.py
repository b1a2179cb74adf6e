"""
Who decides at the simulator's decision points: front-end diversion, filing, track, and how
each stage ends.

:class:`ScenarioDecider` draws every decision from the scenario's probabilities with the
generator addressed by (stream, dispute, visit), so a dispute's decisions do not depend on any
other dispute's, and two scenarios with the same probabilities decide the same way for the
same dispute (common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from disputeflow.simulation.scenario import TRACKS, VENUES, Scenario
from disputeflow.simulation.streams import Streams

if TYPE_CHECKING:
    from disputeflow.simulation.runner import Dispute, Simulation

__all__ = ["VENUE_KINDS", "Decider", "PolicyDecider", "ScenarioDecider", "pick"]


def pick(shares: Mapping[str, float], order: tuple[str, ...], u: float) -> str:
    """
    The key a uniform ``u`` selects from ``shares`` taken in ``order`` (a fixed order, so the
    same ``u`` picks the same key in two scenarios with the same shares).
    """
    acc = 0.0
    last = order[0]
    for key in order:
        p = shares.get(key, 0.0)
        if p <= 0:
            continue
        acc += p
        last = key
        if u < acc:
            return key
    return last


class Decider(Protocol):
    """
    The decisions the simulator asks for; one method per decision point.
    """

    def front_end(self, d: Dispute) -> str | None:
        """
        The mediation venue a dispute is diverted to, or ``None`` (no diversion).
        """
        ...

    def track(self, d: Dispute, monetary: bool) -> str:
        """
        The track of a registered case: ``small_claims``, ``summary`` or ``ordinary``.
        """
        ...

    def trial_mediation(self, d: Dispute, track: str) -> bool:
        """
        Whether a case on ``track`` is offered mediation after filing (entrusted mediation).
        """
        ...

    def outcome(self, d: Dispute, stage: str, visit: int) -> str:
        """
        How ``stage`` ends for the dispute on its ``visit``-th visit.
        """
        ...

    def duration(self, d: Dispute, stage: str, visit: int) -> float:
        """
        How long (days) ``stage`` lasts for the dispute on its ``visit``-th visit.
        """
        ...

    def extension(self, d: Dispute, trigger: str) -> bool:
        """
        Whether a mediation about to outrun its period is extended (by ``trigger``).
        """
        ...


class ScenarioDecider:
    """
    Decisions drawn from a scenario's probabilities (:class:`Decider`).

    Args:
        scenario: where the probabilities come from.
        streams: the run's random streams.
    """

    def __init__(self, scenario: Scenario, streams: Streams) -> None:
        self.scenario = scenario
        self.streams = streams

    def _u(self, stream: str, d: Dispute, visit: int = 0) -> float:
        return self.streams.uniform(stream, d.addr, visit)

    def front_end(self, d: Dispute) -> str | None:
        dec = self.scenario.decisions
        g = self.streams.generator("front_end", d.addr)
        divert, which = g.random(), g.random()
        if divert >= dec.diversion(d.category):
            return None
        return pick(dec.venues or {"court_roster": 1.0}, VENUES, which)

    def track(self, d: Dispute, monetary: bool) -> str:
        shares = dict(self.scenario.decisions.track_shares(d.category))
        if not monetary:
            # Small claims take simple monetary claims only (CPL (2021) Art. 165).
            shares["summary"] = shares.get("summary", 0.0) + shares.pop("small_claims", 0.0)
        return pick(shares, TRACKS, self._u("track", d))

    def trial_mediation(self, d: Dispute, track: str) -> bool:
        p = self.scenario.decisions.trial_mediation.get(track, 0.0)
        return self._u("trial_mediation/offer", d) < p

    def outcome(self, d: Dispute, stage: str, visit: int) -> str:
        return self.scenario.stages[stage].outcome(self._u(f"{stage}/outcome", d, visit))

    def duration(self, d: Dispute, stage: str, visit: int) -> float:
        g = self.streams.generator(f"{stage}/duration", d.addr, visit)
        return self.scenario.stages[stage].duration.sample(g)

    def extension(self, d: Dispute, trigger: str) -> bool:
        return self._u(f"{trigger}/consent", d) < self.scenario.decisions.extension_consent


#: Scenario venues and the venue kinds of :class:`disputeflow.policies.Venue`.
VENUE_KINDS: Mapping[str, str] = {
    "people_mediation_committee": "peoples_mediation",
    "industry_mediation": "industry",
    "administrative_mediation": "administrative",
    "court_roster": "court_roster",
    "grid_point": "grid",
    "governance_centre": "governance_centre",
    "online_platform": "online",
    "government_court_linkage": "government_court",
}
#: Rosters kept (by court and pool loads) before the cache starts again.
_ROSTER_CACHE = 4096
_OUTCOME_OF = {
    "reach_agreement": "success", "fail_mediation": "failure", "withdraw_mediation": "withdrawal",
    "mediate": "success", "settle_in_prior_mediation": "success", "withdraw": "withdrawal",
    "end_entrusted_mediation": "failure", "end_prior_mediation": "failure",
}  # fmt: skip


class PolicyDecider(ScenarioDecider):
    """
    Decisions made by the rule set's policies (:mod:`disputeflow.policies`), the same objects
    that decide live cases; the scenario gives what the parties do.

    - front-end diversion and entrusted / prior mediation (point ``front_end``): the parties'
      consent is drawn with the scenario's diversion share; the policy decides whether and
      where, among the venues with room (the roster is built from the mediator pools, with
      their loads);
    - filing (point ``filing``): whether items are missing or refusal grounds exist is drawn
      from the filing stage's outcomes; the policy registers, issues the one-time correction
      notice or refuses;
    - track (point ``track``): whether the case is simple is drawn from the scenario's track
      shares; the policy applies the small-claims threshold and its exclusions;
    - mediation outcomes (point ``outcome``): an outcome table built from the scenario's
      probabilities, drawn with the addressed generator in the request.

    Each decision's whole record goes into the event of the act it causes.

    Args:
        scenario: the scenario.
        streams: the run's random streams.
        sim: the simulation (for cases, time and pool loads).
    """

    def __init__(self, scenario: Scenario, streams: Streams, sim: Simulation) -> None:
        from disputeflow.policies.builtin import FrontEndDiversion, OutcomeTable
        from disputeflow.policies.chain import PolicyChain
        from disputeflow.policies.prc import RULE_SET_FACTORIES

        super().__init__(scenario, streams)
        self.sim = sim
        lc = sim.lc
        diverted = [c.id for c in lc.categories if scenario.decisions.diversion(c.id) > 0]
        rs = RULE_SET_FACTORIES[scenario.rule_set]()
        front = FrontEndDiversion(categories=diverted) if diverted else FrontEndDiversion()
        rs = rs.with_chain(PolicyChain("front_end", front))
        self.rule_set = rs.with_chain(PolicyChain("outcome", OutcomeTable(table=self._table())))
        self._mediator_pools: dict[str, tuple[tuple[str, Any], ...]] = {}
        self._rosters: dict[tuple[str, tuple[int, ...]], tuple[Any, ...]] = {}

    def _table(self) -> dict[str, dict[str, float]]:
        st = self.scenario.stages
        pre, trial = st["pre_filing_mediation"].outcomes, st["trial_mediation"].outcomes
        s, f, w = (trial.get(k, 0.0) for k in ("success", "failure", "withdrawal"))
        table = {"mediating": {"reach_agreement": pre.get("success", 0.0),
                               "fail_mediation": pre.get("failure", 0.0),
                               "withdraw_mediation": pre.get("withdrawal", 0.0)}}  # fmt: skip
        for track in TRACKS:
            table[f"{track}_entrusted_mediation"] = {"mediate": s, "end_entrusted_mediation": f,
                                                     "withdraw": w}  # fmt: skip
            # Settled in prior mediation: withdrawal or immediate performance (2025 opinion).
            table[f"{track}_prior_mediation"] = {"settle_in_prior_mediation": s + w,
                                                 "end_prior_mediation": f}  # fmt: skip
        return table

    def _roster(self, d: Dispute) -> tuple[Any, ...]:
        from disputeflow.policies.protocols import Mediator, Venue

        pools = self._mediator_pools.get(d.court)
        if pools is None:
            pools = tuple(
                (pool.removeprefix("mediators."), p)
                for (pool, court), p in self.sim.pools.items()
                if court == d.court and pool.startswith("mediators.")
            )
            self._mediator_pools[d.court] = pools
        # The roster is a value of the pools' loads: equal loads give an equal roster, so it
        # is built once per distinct state of the court's pools (the policy still decides).
        loads = tuple(p.busy + p.waiting for _, p in pools)
        key = (d.court, loads)
        cached = self._rosters.get(key)
        if cached is not None:
            return cached
        out = []
        for (venue, p), load in zip(pools, loads, strict=True):
            mediator = Mediator(f"mediator:{venue}", capacity=p.capacity, load=load)
            out.append(Venue(venue, VENUE_KINDS[venue], capacity=p.capacity, load=load,
                             mediators=(mediator,)))  # fmt: skip
        roster = tuple(out)
        if len(self._rosters) >= _ROSTER_CACHE:
            self._rosters.clear()
        self._rosters[key] = roster
        return roster

    def _decide(self, d: Dispute, point: str, data: dict[str, Any], *, rng: Any = None,
                roster: tuple[Any, ...] = ()) -> Any:  # fmt: skip
        from disputeflow.policies.protocols import DecisionRequest

        assert d.case is not None
        t = self.sim.kernel.now
        request = DecisionRequest(point, d.case, d.case.proceeding(d.pid), self.sim.lc,
                                  self.sim.time.at(t), self.sim.time.date(math.floor(t)),
                                  self.rule_set.parameters, data, roster, rng,
                                  self.rule_set.id)  # fmt: skip
        decision = self.rule_set.chain(point).decide(request)
        if decision.rule_set != self.rule_set.id:
            # The chain stamps the request's rule set; a custom chain might not.
            decision = attrs.evolve(decision, rule_set=self.rule_set.id)
        d.decision = decision.to_record()
        return decision

    def front_end(self, d: Dispute) -> str | None:
        g = self.streams.generator("front_end", d.addr)
        consent = bool(g.random() < self.scenario.decisions.diversion(d.category))
        decision = self._decide(d, "front_end", {"consent": consent}, roster=self._roster(d))
        if decision.trigger is None:
            d.decision = None
            return None
        return str(decision.data["venue"])

    def trial_mediation(self, d: Dispute, track: str) -> bool:
        p = self.scenario.decisions.trial_mediation.get(track, 0.0)
        consent = self._u("trial_mediation/offer", d) < p
        decision = self._decide(d, "front_end", {"consent": consent}, roster=self._roster(d))
        if decision.trigger is None:
            d.decision = None
            return False
        d.venue = str(decision.data["venue"])
        return True

    def track(self, d: Dispute, monetary: bool) -> str:
        shares = self.scenario.decisions.track_shares(d.category)
        simple = self._u("track", d) < 1.0 - shares.get("ordinary", 0.0)
        decision = self._decide(d, "track", {"simple": simple, "complex": not simple})
        return str(decision.outcome)

    def extension(self, d: Dispute, trigger: str) -> bool:
        consent = super().extension(d, trigger)
        decision = self._decide(d, "mediation_extension", {"consent": consent})
        if decision.trigger != trigger:
            d.decision = None
            return False
        return True

    def outcome(self, d: Dispute, stage: str, visit: int) -> str:
        if stage == "filing":
            drawn = super().outcome(d, stage, visit)
            data: dict[str, Any] = {}
            if drawn == "correct":
                data["missing"] = ["evidence list"]
            elif drawn == "refuse":
                data["grounds"] = ["the claim is not within the court's jurisdiction"]
            decision = self._decide(d, "filing", data)
            return {"register": "register", "correct": "correct", "refuse": "refuse",
                    "file_first": "register"}.get(str(decision.outcome), "register")  # fmt: skip
        if stage in ("pre_filing_mediation", "trial_mediation"):
            g = self.streams.generator(f"{stage}/outcome", d.addr, visit)
            decision = self._decide(d, "outcome", {}, rng=g)
            return _OUTCOME_OF.get(str(decision.trigger), "failure")
        return super().outcome(d, stage, visit)
