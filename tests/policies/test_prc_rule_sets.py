"""
Tests of the shipped rule sets ``prc-2024`` and ``prc-2025``: validity dates, lifecycles,
chains, parameters (the EXAMPLE average wage), options, the configured transitional provision,
and three disputes end to end: one under each rule set and one that spans 2025-01-01.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import InvalidValueError, NoRuleSetError, UnknownNameError
from disputeflow.parameters import DatedValue, Parameter
from disputeflow.policies.prc import (
    EXAMPLE_AVERAGE_WAGE,
    RULE_SET_FACTORIES,
    average_wage_parameter,
    default_rule_sets,
    prc_2024,
    prc_2025,
)
from disputeflow.policies.protocols import Mediator, Venue
from support import at

ROSTER = (
    Venue("traffic", "industry", categories={"traffic_accident"}, capacity=5,
          mediators=(Mediator("m-traffic", specialties={"traffic_accident"}, capacity=3),)),
    Venue("roster", "court_roster", capacity=5, mediators=(Mediator("m-roster", capacity=3),)),
)  # fmt: skip


def traffic() -> d.Facts:
    """A traffic-accident dispute at the Taobei court."""
    return d.Facts(
        category="traffic_accident",
        court="taobei",
        region="taobei",
        claim_amount=Decimal(30000),
        parties=(d.Party("Li", "plaintiff"), d.Party("Chen", "defendant")),
    )


class Log:
    """Acts through a jurisdiction and keeps the dispute's log."""

    def __init__(self, j: Jurisdiction, facts: d.Facts, when: pendulum.DateTime) -> None:
        self.j = j
        out = j.open("D-1", facts, "receive_complaint", at=when, actor="clerk")
        self.case = out.case
        self.events = list(out.events)

    def act(self, pid: str, point: str, when: pendulum.DateTime, **data: Any) -> d.Outcome:
        out = self.j.act(self.case, pid, point, at=when, actor="court", data=data)
        self.case = out.case
        self.events += out.events
        return out

    def fire(self, pid: str, trigger: str, when: pendulum.DateTime, **data: Any) -> d.Outcome:
        out = self.j.fire(self.case, pid, trigger, at=when, actor="court", data=data)
        self.case = out.case
        self.events += out.events
        return out


class TestDefinitions:
    def test_ids_dates_and_lifecycles(self) -> None:
        """prc-2024: 2022-01-01..2024-12-31 on prc-civil-2022; prc-2025: 2025-01-01.. on 2025."""
        a, b = prc_2024(), prc_2025()
        assert (a.id, a.valid_from, a.valid_to, a.lifecycle) == (
            "prc-2024", pendulum.Date(2022, 1, 1), pendulum.Date(2024, 12, 31), d.prc_civil_2022()
        )  # fmt: skip
        assert (b.id, b.valid_from, b.valid_to, b.lifecycle) == (
            "prc-2025", pendulum.Date(2025, 1, 1), None, d.prc_civil_2025()
        )  # fmt: skip
        assert set(a.points) == set(b.points) == {
            "front_end", "mediator", "mediation_extension", "filing", "track", "petition",
            "outcome",
        }  # fmt: skip
        assert set(RULE_SET_FACTORIES) == {"prc-2024", "prc-2025"}

    def test_in_force_on_both_sides_of_the_change(self) -> None:
        """2024-12-31 is prc-2024, 2025-01-01 prc-2025; 2021-12-31 has no rule set."""
        rs = default_rule_sets()
        assert rs.ids == ("prc-2024", "prc-2025")
        assert rs.in_force(pendulum.Date(2022, 1, 1)).id == "prc-2024"
        assert rs.in_force(pendulum.Date(2024, 12, 31)).id == "prc-2024"
        assert rs.in_force(pendulum.Date(2025, 1, 1)).id == "prc-2025"
        with pytest.raises(NoRuleSetError):
            rs.in_force(pendulum.Date(2021, 12, 31))

    def test_history_before_2022_is_a_clear_error(self) -> None:
        """Opening a dispute in 2021 without a caller's rule set fails with NoRuleSetError."""
        j = Jurisdiction(default_rule_sets())
        with pytest.raises(NoRuleSetError):
            j.open("D-0", traffic(), "receive_complaint", at=at(2021, 6, 1), actor="c")

    def test_parameters_include_lifecycle_and_example_wage(self) -> None:
        """Parameters answer the lifecycle's periods and the EXAMPLE wage, marked unverified."""
        for rs in (prc_2024(), prc_2025()):
            assert set(rs.lifecycle.parameters.ids) < set(rs.parameters.ids)
            entry = rs.parameters.get("small-claims.average-wage").latest(pendulum.Date(2024, 5, 1))
            assert entry.value == EXAMPLE_AVERAGE_WAGE
            assert entry.verified is False
            assert entry.note == "EXAMPLE"
            assert "EXAMPLE" in entry.reference
        assert str(prc_2025().parameters.value("period.prior_mediation.summary",
                                               pendulum.Date(2025, 1, 1))) != ""  # fmt: skip


class TestOptions:
    def test_average_wage_forms(self) -> None:
        """A number, a dated mapping or a Parameter; caller figures are not marked EXAMPLE."""
        p = average_wage_parameter(100000)
        assert p.values[0].value == Decimal(100000)
        assert p.values[0].verified
        p = average_wage_parameter({"2025-06-01": 110000, "2024-06-01": "100000"})
        assert [(e.valid_from.isoformat(), e.value) for e in p.values] == [
            ("2024-06-01", Decimal(100000)), ("2025-06-01", Decimal(110000))
        ]  # fmt: skip
        assert p.values[0].valid_to == pendulum.Date(2025, 5, 31)
        entry = DatedValue(value=Decimal(1), valid_from=pendulum.Date(2022, 1, 1), reference="t")
        ready = Parameter(id="small-claims.average-wage", values=(entry,))
        assert prc_2025(average_wage=ready).parameters.get("small-claims.average-wage") == ready

    @pytest.mark.parametrize(
        ("value", "field"),
        [(-5, "average_wage"), ("lots", "average_wage"), ({"2024-13-01": 1}, "average_wage.2024"),
         ({}, "average_wage"), (True, "average_wage")],
    )  # fmt: skip
    def test_bad_average_wage(self, value: Any, field: str) -> None:
        """Bad wage values are typed errors naming the option."""
        with pytest.raises(InvalidValueError, match=field):
            average_wage_parameter(value)

    def test_policies_option(self) -> None:
        """policies= configures built-ins; unknown names and bad values are typed errors."""
        rs = prc_2024(policies={"prc.track-triage": {"share": "0.4"}})
        assert rs.chain("track").default.share == Decimal("0.4")  # type: ignore[attr-defined]
        with pytest.raises(UnknownNameError, match=r"prc\.nope"):
            prc_2024(policies={"prc.nope": {}})
        with pytest.raises(InvalidValueError, match=r"prc\.track-triage\.share"):
            prc_2025(policies={"prc.track-triage": {"share": -1}})
        with pytest.raises(InvalidValueError, match=r"policies\.prc\.filing"):
            prc_2025(policies={"prc.filing": 3})  # type: ignore[dict-item]

    def test_transitional_provision_is_an_option(self) -> None:
        """The provision is declared by default and can be switched off; bad values rejected."""
        assert [t.id for t in prc_2025().transitional] == ["open-pre-filing-mediation"]
        assert prc_2025().transitional[0].pin_to == "prc-2024"
        assert prc_2025(pin_open_pre_filing_mediation=False).transitional == ()
        with pytest.raises(InvalidValueError, match="pin_open_pre_filing_mediation"):
            prc_2025(pin_open_pre_filing_mediation="yes")  # type: ignore[arg-type]


class TestTransitionalProvision:
    def test_applies_only_to_open_pre_filing_mediation_from_2024(self) -> None:
        """Pinned: a pre-filing mediation accepted by 2024-12-31 and still open; nothing else."""
        applies = prc_2025().transitional[0].applies
        engine = d.Engine(d.prc_civil_2022())
        old = engine.open("D-1", traffic(), "apply_pre_filing_mediation", at=at(2024, 12, 31),
                          actor="party").case  # fmt: skip
        new = engine.open("D-2", traffic(), "apply_pre_filing_mediation", at=at(2025, 1, 1),
                          actor="party").case  # fmt: skip
        day = pendulum.Date(2025, 1, 10)
        assert applies(old, old.proceeding("p1"), day)
        assert not applies(new, new.proceeding("p1"), day)
        assert not applies(old, None, day)
        closed = engine.fire(old, "p1", "withdraw_mediation", at=at(2025, 1, 2), actor="p").case
        assert not applies(closed, closed.proceeding("p1"), day)
        suit = engine.open("D-3", traffic(), "receive_complaint", at=at(2024, 12, 1), actor="c")
        assert not applies(suit.case, suit.case.proceeding("p1"), day)


class TestDisputes:
    def test_dispute_under_prc_2024(self) -> None:
        """2024: diverted before filing, mediator assigned, agreement; all under prc-2024."""
        log = Log(Jurisdiction(default_rule_sets(), roster=ROSTER), traffic(), at(2024, 5, 6))
        out = log.act("p1", "front_end", at(2024, 5, 6, 10), consent=True)
        assert out.decision is not None
        assert out.decision.trigger == "divert_to_pre_filing_mediation"
        out = log.act("p2", "mediator", at(2024, 5, 7))
        assert log.case.proceeding("p2").attribute("mediator") == "m-traffic"
        log.fire("p2", "reach_agreement", at(2024, 5, 20))
        assert log.case.proceeding("p2").state == "mediation_succeeded"
        assert {e.rule_set for e in log.events} == {"prc-2024"}
        text = log.j.explain(log.events)
        assert "prc.front-end" in text
        assert "prc.mediator-load" in text
        assert "诉前调解" in log.j.explain(log.events, "zh")

    def test_dispute_under_prc_2025(self) -> None:
        """2025: registered first, small claims, prior mediation with consent, extension."""
        log = Log(Jurisdiction(default_rule_sets(), roster=ROSTER), traffic(), at(2025, 3, 3))
        assert log.act("p1", "front_end", at(2025, 3, 3, 10), consent=True).decision.trigger is None  # type: ignore[union-attr]
        log.act("p1", "filing", at(2025, 3, 3, 11))
        log.act("p1", "track", at(2025, 3, 4), judge="zhou")
        assert log.case.proceeding("p1").state == "small_claims_trial"
        out = log.act("p1", "front_end", at(2025, 3, 5), consent=True)
        assert out.decision is not None
        assert out.decision.rule == "prior-mediation"
        assert log.case.proceeding("p1").state == "small_claims_prior_mediation"
        out = log.act("p1", "mediation_extension", at(2025, 3, 10), consent=True)
        assert out.decision is not None
        assert out.decision.trigger == "extend_prior_mediation"
        out = log.act("p1", "mediation_extension", at(2025, 3, 11), consent=True)
        assert out.decision is not None
        assert out.decision.rule == "limit-reached"
        log.fire("p1", "settle_in_prior_mediation", at(2025, 3, 20))
        assert log.case.proceeding("p1").state == "closed_other"
        assert {e.rule_set for e in log.events} == {"prc-2025"}

    @pytest.mark.parametrize("pin", [True, False])
    def test_dispute_spanning_the_change(self, pin: bool) -> None:
        """Diverted in December 2024, extended and failed in 2025 (filed), triaged under prc-2025.

        With the transitional provision (default) acts on the still-open pre-filing mediation
        stay under prc-2024; without it prc-2025 governs them. The proceedings keep the
        lifecycle they were opened under; acts after the mediation closed are prc-2025.
        """
        j = Jurisdiction(default_rule_sets(pin_open_pre_filing_mediation=pin), roster=ROSTER)
        log = Log(j, traffic(), at(2024, 12, 20))
        log.act("p1", "front_end", at(2024, 12, 20, 10), consent=True)
        log.act("p2", "mediator", at(2024, 12, 23))
        out = log.act("p2", "mediation_extension", at(2025, 1, 6), consent=True)
        governed = "prc-2024" if pin else "prc-2025"
        assert out.decision is not None
        assert out.decision.rule_set == governed
        assert out.decision.trigger == "extend_mediation"
        assert out.events[-1].rule_set == governed
        out = log.fire("p2", "fail_mediation", at(2025, 2, 10))
        assert {e.rule_set for e in out.events} == {governed}
        p3 = log.case.proceedings[-1]
        assert (p3.id, p3.state) == ("p3", "registered")
        out = log.act(p3.id, "track", at(2025, 2, 12), judge="zhou")
        assert out.decision is not None
        assert out.decision.rule_set == "prc-2025"
        assert log.case.lifecycle_id == "prc-civil-2022"
        by_year = {(e.at.year, e.rule_set) for e in log.events}
        assert (2024, "prc-2024") in by_year
        assert (2025, "prc-2025") in by_year
        assert all(e.rule_set == "prc-2024" for e in log.events if e.at.year == 2024)

    def test_complaint_received_in_2024_decided_in_2025_then_migrated(self) -> None:
        """A filing decision on 2025-01-02 is governed by prc-2025 on the old lifecycle; after
        an explicit migration, the front end offers prior mediation."""
        j = Jurisdiction(default_rule_sets(), roster=ROSTER)
        log = Log(j, traffic(), at(2024, 12, 30))
        out = log.act("p1", "filing", at(2025, 1, 2))
        assert out.decision is not None
        assert out.decision.rule_set == "prc-2025"
        log.act("p1", "track", at(2025, 1, 3), judge="zhou")
        decision = j.decide(log.case, "p1", "front_end", at=at(2025, 1, 3, 10),
                            data={"consent": True})  # fmt: skip
        assert decision.trigger == "entrust_mediation"
        out = j.migrate(log.case, "prc-civil-2025", at=at(2025, 1, 3, 11), actor="court")
        log.case = out.case
        assert out.events[0].type == "lifecycle_migrated"
        out = log.act("p1", "front_end", at(2025, 1, 3, 12), consent=True)
        assert out.decision is not None
        assert out.decision.trigger == "offer_prior_mediation"
