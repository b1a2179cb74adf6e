"""
Grid mediation first (网格调解优先): small property-service disputes go to the community grid
mediation station of the party's district first.

The court's notice: from 2026-01-01 property-service disputes (物业服务合同纠纷) under 10,000
yuan are offered mediation at the grid mediation station (网格调解站) of the district the
dispute belongs to, with the parties' consent; if a party refuses, the case goes on to trial.
Disputes with a government body as a party are left to the built-in rules.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from disputeflow.policies import Decision, DecisionRequest, Venue, legal_triggers

__all__ = ["GridMediationFirst"]

_BASIS = ("Baicheng Intermediate Court notice on grid mediation (2025)", "CPL Art. 125")


def _amount(value: object) -> Decimal:
    # TOML gives ints or floats; keep money exact.
    return Decimal(str(value))


@attrs.frozen(slots=True)
class GridMediationFirst:
    """
    Offer prior mediation at the party's district grid station for small property-service
    disputes, with consent.

    Args:
        id: policy id recorded in decisions.
        version: policy version.
        limit: claims strictly under this amount (yuan) qualify, unless the rule set has the
            dated parameter ``limit_parameter``, whose value on the act's date wins.
        limit_parameter: id of that parameter.
        category: the dispute category concerned.

    Abstains (the next policy decides) when the dispute does not qualify, when mediation
    cannot be offered from the proceeding's state, or when the district's grid station is
    full or has no free mediator.
    """

    id: str = "baicheng.grid-mediation-first"
    version: str = "1"
    limit: Decimal = attrs.field(default=Decimal(10000), converter=_amount)
    limit_parameter: str = "baicheng.grid-mediation.limit"
    category: str = "property_service"
    point: str = attrs.field(default="front_end", init=False)

    def _limit(self, request: DecisionRequest) -> Decimal:
        if self.limit_parameter in request.parameters:
            return _amount(request.value(self.limit_parameter))
        return self.limit

    def _station(self, request: DecisionRequest) -> tuple[Venue, str] | None:
        region = request.case.facts.region
        for venue in request.roster:
            if venue.kind != "grid" or venue.region != region or venue.free <= 0:
                continue
            if not venue.takes(self.category, region):
                continue
            free = sorted((m for m in venue.mediators if m.free > 0), key=lambda m: (m.load, m.id))
            if free:
                return venue, free[0].id
        return None

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        Offer grid mediation, record a refusal (the case goes on to trial), or abstain.
        """
        facts = request.case.facts
        if facts.category != self.category or facts.claim_amount is None:
            return None
        limit = self._limit(request)
        if facts.claim_amount >= limit:
            return None
        if any(p.kind == "government" for p in facts.parties):
            return None
        if "offer_prior_mediation" not in legal_triggers(request):
            return None
        if request.data.get("consent") is not True:
            return Decision(
                "front_end",
                "no_diversion",
                self.id,
                self.version,
                "consent-refused",
                reasons=(f"property-service claim under {limit} yuan; a party refused grid "
                         "mediation, so the case goes on to trial",),
                reasons_zh=(f"物业服务纠纷标的额低于 {limit} 元；当事人不同意网格调解，"
                            "案件转入审理",),
                legal_basis=_BASIS,
            )  # fmt: skip
        found = self._station(request)
        if found is None:
            return None
        venue, mediator = found
        name = venue.name or venue.id
        return Decision(
            "front_end",
            "divert",
            self.id,
            self.version,
            "small-property-service",
            trigger="offer_prior_mediation",
            data={"venue": venue.id, "venue_kind": "grid", "mediator": mediator, "consent": True},
            reasons=(f"property-service claim of {facts.claim_amount} yuan is under {limit} "
                     f"yuan; the parties consent; grid station {name} of district "
                     f"{facts.region} takes it",),
            reasons_zh=(f"物业服务纠纷标的额 {facts.claim_amount} 元，低于 {limit} 元；"
                        f"当事人同意；由 {facts.region} 辖区网格调解站 {name} 先行调解",),
            legal_basis=_BASIS,
        )  # fmt: skip
