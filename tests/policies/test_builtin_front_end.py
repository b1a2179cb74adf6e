"""
Tests of the front-end diversion policy (``prc.front-end``): categories, exclusions, consent,
venue choice by kind, category, region and capacity, in both regimes and across the change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin import FrontEndDiversion
from disputeflow.policies.prc import default_rule_sets, prc_2024, prc_2025
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from support import at

RS24, RS25 = prc_2024(), prc_2025()
POLICY = FrontEndDiversion()


def facts(category: str = "traffic_accident", **kw: Any) -> d.Facts:
    """Facts of a dispute at the Taobei court."""
    parties = kw.pop("parties", (d.Party("Li", "plaintiff"), d.Party("Chen", "defendant")))
    return d.Facts(
        category=category,
        court="taobei",
        region=kw.pop("region", "taobei"),
        claim_amount=Decimal(kw.pop("amount", 20000)),
        parties=parties,
        attributes=kw,
    )


def request(
    state: str,
    *,
    rule_set: Any = RS24,
    f: d.Facts | None = None,
    data: dict[str, Any] | None = None,
    roster: tuple[Venue, ...] = (),
) -> DecisionRequest:
    """A front-end request for proceeding p1 put in ``state``."""
    lc = rule_set.lifecycle
    case = d.Engine(lc).open("D-1", f or facts(), "receive_complaint", at=at(2024, 6, 3), actor="c")
    p = attrs.evolve(case.case.proceeding("p1"), state=state)
    return DecisionRequest(
        "front_end",
        case.case,
        p,
        lc,
        at(2024, 6, 3),
        pendulum.Date(2024, 6, 3),
        rule_set.parameters,
        data=data if data is not None else {"consent": True},
        roster=roster,
        rule_set=rule_set.id,
    )


def mediators(n: int = 1, load: int = 0, capacity: int = 2) -> tuple[Mediator, ...]:
    return tuple(Mediator(f"m{i}", capacity=capacity, load=load) for i in range(n))


ROSTER = (
    Venue("roster", "court_roster", capacity=10, load=0, mediators=mediators()),
    Venue("traffic", "industry", categories={"traffic_accident"}, capacity=5, load=2,
          mediators=mediators()),
    Venue("gov", "government_court", capacity=3, mediators=mediators()),
)  # fmt: skip


class TestBefore2025:
    def test_diverts_prone_category_to_preferred_venue(self) -> None:
        """A traffic complaint with consent goes to pre-filing mediation at the industry venue."""
        dec = POLICY.decide(request("complaint_received", roster=ROSTER))
        assert dec.trigger == "divert_to_pre_filing_mediation"
        assert dec.rule == "pre-filing-mediation"
        assert dec.data == {"consent": True, "venue": "traffic", "venue_kind": "industry"}
        assert dec.reasons_zh
        assert dec.legal_basis

    @pytest.mark.parametrize("consent", [False, None, "yes"])
    def test_consent_refused_or_missing_means_no_diversion(self, consent: Any) -> None:
        """Without consent=True nothing is diverted (trigger None)."""
        data = {} if consent is None else {"consent": consent}
        dec = POLICY.decide(request("complaint_received", data=data, roster=ROSTER))
        assert (dec.outcome, dec.rule, dec.trigger) == ("no_diversion", "consent-refused", None)

    def test_category_not_prone_is_not_diverted(self) -> None:
        """A private loan is not in the diversion-prone list."""
        dec = POLICY.decide(request("complaint_received", f=facts("private_loan"), roster=ROSTER))
        assert (dec.rule, dec.trigger) == ("category-not-diverted", None)

    def test_categories_are_a_parameter(self) -> None:
        """A court may divert other categories."""
        policy = FrontEndDiversion(categories=["private_loan"])
        dec = policy.decide(request("complaint_received", f=facts("private_loan"), roster=ROSTER))
        assert dec.trigger == "divert_to_pre_filing_mediation"
        assert dec.data["venue"] == "roster"

    def test_government_party_excludes_diversion(self) -> None:
        """A government party excludes diversion of a civil dispute."""
        gov = (d.Party("Bureau", "defendant", kind="government"), d.Party("Li", "plaintiff"))
        dec = POLICY.decide(request("complaint_received", f=facts(parties=gov), roster=ROSTER))
        assert (dec.rule, dec.trigger) == ("excluded", None)
        assert "Bureau" in dec.why()

    def test_excluding_attribute(self) -> None:
        """A configured facts attribute excludes diversion."""
        policy = FrontEndDiversion(excluded_attributes=["urgent_preservation"])
        req = request("complaint_received", f=facts(urgent_preservation=True), roster=ROSTER)
        assert policy.decide(req).rule == "excluded"

    def test_administrative_dispute_goes_to_government_court_only(self) -> None:
        """Administrative disputes go to government-court coordination venues, others never."""
        gov = (d.Party("Bureau", "defendant", kind="government"), d.Party("Li", "plaintiff"))
        req = request("complaint_received", f=facts("administrative", parties=gov), roster=ROSTER)
        dec = POLICY.decide(req)
        assert dec.rule == "government-court"
        assert dec.data["venue"] == "gov"
        assert "government-court" in dec.why()
        assert POLICY.decide(request("complaint_received", roster=ROSTER)).data["venue"] != "gov"
        no_gov = tuple(v for v in ROSTER if v.kind != "government_court")
        req = request("complaint_received", f=facts("administrative", parties=gov), roster=no_gov)
        assert POLICY.decide(req).rule == "no-venue-free"

    def test_full_venue_is_skipped(self) -> None:
        """A venue at capacity is skipped for the next one."""
        full = (attrs.evolve(ROSTER[1], load=5), ROSTER[0])
        dec = POLICY.decide(request("complaint_received", roster=full))
        assert dec.data["venue"] == "roster"

    def test_no_free_venue_means_no_diversion_with_reason(self) -> None:
        """With every venue full the dispute is not diverted, and the reason says so."""
        full = tuple(attrs.evolve(v, load=v.capacity) for v in ROSTER)
        dec = POLICY.decide(request("complaint_received", roster=full))
        assert (dec.outcome, dec.rule, dec.trigger) == ("no_diversion", "no-venue-free", None)
        assert "room" in dec.why()

    def test_region_must_match(self) -> None:
        """A venue serving another region is not used."""
        roster = (attrs.evolve(ROSTER[1], region="taonan"),)
        assert POLICY.decide(request("complaint_received", roster=roster)).rule == "no-venue-free"

    def test_entrusted_mediation_in_trial(self) -> None:
        """In a 2022-lifecycle trial the policy entrusts mediation with venue and mediator."""
        dec = POLICY.decide(request("summary_trial", roster=ROSTER))
        assert dec.trigger == "entrust_mediation"
        assert {"venue", "mediator"} <= set(dec.data)


class TestFrom2025:
    def test_no_diversion_before_registration(self) -> None:
        """Under prc-2025 a received complaint is not diverted: it is filed first."""
        dec = POLICY.decide(request("complaint_received", rule_set=RS25, roster=ROSTER))
        assert (dec.rule, dec.trigger) == ("no-diversion-act", None)

    def test_prior_mediation_after_registration(self) -> None:
        """After triage, prior mediation is offered with venue and mediator."""
        dec = POLICY.decide(request("summary_trial", rule_set=RS25, roster=ROSTER))
        assert dec.trigger == "offer_prior_mediation"
        assert dec.rule == "prior-mediation"
        assert dec.data == {
            "consent": True,
            "venue": "traffic",
            "venue_kind": "industry",
            "mediator": "m0",
        }

    def test_prior_mediation_period_by_track(self) -> None:
        """Prior mediation runs 7 days on summary and small claims, 15 on ordinary (2025)."""
        summary = POLICY.decide(request("small_claims_trial", rule_set=RS25, roster=ROSTER))
        assert summary.why().endswith("for 7 days")
        ordinary = POLICY.decide(request("ordinary_trial", rule_set=RS25, roster=ROSTER))
        assert ordinary.why().endswith("for 15 days")

    def test_venue_whose_mediators_are_full_is_skipped(self) -> None:
        """Prior mediation needs a free mediator: a venue with all mediators busy is skipped."""
        busy = (attrs.evolve(ROSTER[1], mediators=mediators(2, load=2)), ROSTER[0])
        dec = POLICY.decide(request("summary_trial", rule_set=RS25, roster=busy))
        assert dec.data["venue"] == "roster"
        only_busy = busy[:1]
        dec = POLICY.decide(request("summary_trial", rule_set=RS25, roster=only_busy))
        assert dec.rule == "no-venue-free"
        assert "capacity" in dec.why()

    def test_consent_refused_in_prior_mediation(self) -> None:
        """Prior mediation needs consent too."""
        req = request("summary_trial", rule_set=RS25, data={"consent": False}, roster=ROSTER)
        assert POLICY.decide(req).trigger is None


class TestAcrossTheChange:
    def test_complaint_on_either_side_of_2025(self) -> None:
        """A complaint on 2024-12-31 is diverted before filing; one on 2025-01-01 is not."""
        j = Jurisdiction(default_rule_sets(), roster=ROSTER)
        old = j.open("D-1", facts(), "receive_complaint", at=at(2024, 12, 31), actor="c").case
        out = j.act(old, "p1", "front_end", at=at(2024, 12, 31, 10), actor="c",
                    data={"consent": True})  # fmt: skip
        assert out.decision is not None
        assert out.decision.rule_set == "prc-2024"
        assert out.case.proceeding("p1").state == "diverted_to_mediation"
        assert all(e.rule_set == "prc-2024" for e in out.events)
        new = j.open("D-2", facts(), "receive_complaint", at=at(2025, 1, 1), actor="c").case
        assert new.lifecycle_id == "prc-civil-2025"
        out = j.act(new, "p1", "front_end", at=at(2025, 1, 1, 10), actor="c",
                    data={"consent": True})  # fmt: skip
        assert out.decision is not None
        assert out.decision.trigger is None
        assert out.events[0].type == "decision_recorded"
        assert out.events[0].rule_set == "prc-2025"


class TestParameters:
    def test_bad_venue_kind_names_the_field(self) -> None:
        """An unknown venue kind in venue_preferences is a typed error naming the key."""
        with pytest.raises(InvalidValueError, match=r"venue_preferences\.family"):
            FrontEndDiversion(venue_preferences={"family": ["court"]})

    def test_categories_must_be_a_list(self) -> None:
        """A bare string is not a list of categories."""
        with pytest.raises(InvalidValueError, match=r"prc\.front-end\.categories"):
            FrontEndDiversion(categories="family")
