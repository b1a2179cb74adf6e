"""
Tests of :class:`disputeflow.engine.jurisdiction.Jurisdiction`: rule sets chosen by the act's
date, decisions made by chains and recorded whole in events, decisions not to act, explanation
in English and Chinese, explicit migration between lifecycles and replay across it, clear
errors before the first rule set, clock expiries stamped with the rule set of their date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import (
    ConcurrencyError,
    InvalidValueError,
    NoRuleSetError,
    PolicyError,
    UnknownNameError,
)
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from disputeflow.policies.ruleset import RuleSet, TransitionalProvision
from support import at, loan

LC22 = d.prc_civil_2022()
LC25 = d.prc_civil_2025()


@attrs.frozen
class Filing:
    """Registers a complete complaint; lists missing items in a correction notice."""

    id: str = "test-filing"
    version: str = "3"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision | None:
        missing = list(request.data.get("missing", ()))
        if missing:
            return Decision(
                "filing",
                "correct",
                self.id,
                self.version,
                "missing-items",
                trigger="issue_correction_notice",
                data={"missing": missing},
                reasons=(f"missing: {', '.join(missing)}",),
                reasons_zh=(f"缺少：{'、'.join(missing)}",),
                legal_basis=("CPL Art. 126",),
            )
        return Decision(
            "filing",
            "register",
            self.id,
            self.version,
            "complete",
            trigger="register",
            reasons=("the complaint is complete",),
            reasons_zh=("起诉材料齐全",),
            legal_basis=("CPL Art. 126",),
        )


@attrs.frozen
class Abstains:
    """Never decides (to show up as consulted)."""

    id: str = "abstainer"
    version: str = "1"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision | None:
        return None


@attrs.frozen
class Track:
    """Small claims under the limit, else summary."""

    id: str = "test-track"
    version: str = "1"
    point: str = "track"
    limit: int = 50000

    def decide(self, request: DecisionRequest) -> Decision | None:
        amount = request.case.facts.claim_amount or Decimal(0)
        small = amount <= self.limit
        return Decision(
            "track",
            "small_claims" if small else "summary",
            self.id,
            self.version,
            "amount",
            trigger="assign_small_claims" if small else "assign_summary",
            reasons=(f"claim {amount} against limit {self.limit}",),
        )


@attrs.frozen
class FrontEnd:
    """Offers prior mediation at the first roster venue with consent; else decides not to."""

    id: str = "test-front-end"
    version: str = "1"
    point: str = "front_end"

    def decide(self, request: DecisionRequest) -> Decision | None:
        if request.data.get("consent") is not True or not request.roster:
            return Decision(
                "front_end",
                "no_mediation",
                self.id,
                self.version,
                "no-consent",
                reasons=("a party refused mediation",),
                reasons_zh=("一方当事人不同意调解",),
            )
        venue = request.roster[0]
        return Decision(
            "front_end",
            "prior_mediation",
            self.id,
            self.version,
            "consent",
            trigger="offer_prior_mediation",
            data={"venue": venue.id, "mediator": venue.mediators[0].id if venue.mediators else ""},
            reasons=(f"parties consent; venue {venue.id}",),
        )


@attrs.frozen
class Wrong:
    """Names a trigger that is never legal at filing."""

    id: str = "wrong"
    version: str = "1"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision | None:
        return Decision("filing", "affirm", self.id, self.version, "r", trigger="affirm")


def _chains() -> list[PolicyChain]:
    return [
        PolicyChain("filing", Filing(), policies=(Abstains(),)),
        PolicyChain("track", Track()),
        PolicyChain("front_end", FrontEnd()),
    ]


RS24 = RuleSet("rs-2024", LC22, pendulum.Date(2022, 1, 1), pendulum.Date(2024, 12, 31), _chains())
RS25 = RuleSet("rs-2025", LC25, pendulum.Date(2025, 1, 1), None, _chains())
GRID = Venue(
    "grid-taobei",
    "grid",
    region="taobei",
    capacity=5,
    mediators=(Mediator("m-li", "Li"),),
)


def _jurisdiction(*rule_sets: RuleSet, **kw: Any) -> Jurisdiction:
    return Jurisdiction(rule_sets or (RS24, RS25), courts=BAICHENG_COURTS, **kw)


class Log:
    """Keeps a case and its log while acting through a jurisdiction."""

    def __init__(self, j: Jurisdiction, when: pendulum.DateTime, facts: d.Facts | None = None):
        self.j = j
        out = j.open("D-1", facts or loan(), "receive_complaint", at=when, actor="clerk")
        self.case = out.case
        self.events: list[d.Event] = list(out.events)

    def take(self, out: d.Outcome) -> d.Outcome:
        self.case = out.case
        self.events.extend(out.events)
        return out

    def act(self, point: str, when: pendulum.DateTime, **kw: Any) -> d.Outcome:
        kw.setdefault("actor", "clerk")
        return self.take(self.j.act(self.case, "p1", point, at=when, **kw))


class TestRuleSetByDate:
    def test_open_uses_the_lifecycle_in_force_on_the_day(self) -> None:
        """A dispute opened on 2024-12-31 runs on prc-civil-2022, one on 2025-01-01 on 2025."""
        j = _jurisdiction()
        old = j.open("A", loan(), "receive_complaint", at=at(2024, 12, 31), actor="c")
        new = j.open("B", loan(), "receive_complaint", at=at(2025, 1, 1), actor="c")
        assert old.case.lifecycle_id == LC22.id
        assert {e.rule_set for e in old.events} == {"rs-2024"}
        assert new.case.lifecycle_id == LC25.id
        assert {e.rule_set for e in new.events} == {"rs-2025"}

    def test_court_local_date_decides(self) -> None:
        """23:30 UTC on 2024-12-31 is 2025-01-01 in Beijing: the 2025 rules govern."""
        j = _jurisdiction()
        when = pendulum.datetime(2024, 12, 31, 23, 30, tz="UTC")
        assert j.rule_set(None, at=when, facts=loan()).id == "rs-2025"
        out = j.open("A", loan(), "receive_complaint", at=when, actor="c")
        assert out.case.lifecycle_id == LC25.id

    def test_before_the_first_rule_set_is_a_clear_error(self) -> None:
        """History before 2022 needs a rule set from the caller: NoRuleSetError lists known."""
        j = _jurisdiction()
        with pytest.raises(NoRuleSetError, match=r"rs-2024 \(2022-01-01 to 2024-12-31\)") as err:
            j.open("A", loan(), "receive_complaint", at=at(2021, 12, 31), actor="c")
        assert err.value.on == pendulum.Date(2021, 12, 31)
        older = RuleSet("rs-2015", LC22, pendulum.Date(2015, 5, 1), pendulum.Date(2021, 12, 31))
        j2 = _jurisdiction(older, RS24, RS25)
        assert j2.open("A", loan(), "receive_complaint", at=at(2021, 12, 31), actor="c").events

    def test_pending_case_acts_under_the_new_rules_on_its_own_lifecycle(self) -> None:
        """An act in 2025 on a 2024 dispute is stamped rs-2025 but runs on the 2022 machine."""
        log = Log(_jurisdiction(), at(2024, 12, 20))
        out = log.act("filing", at(2025, 1, 3))
        assert out.events[0].rule_set == "rs-2025"
        assert out.events[0].lifecycle_id == LC22.id
        assert log.case.lifecycle_id == LC22.id
        assert out.decision is not None
        assert out.decision.rule_set == "rs-2025"

    def test_transitional_provision_pins_the_act(self) -> None:
        """A provision of the rule set in force pins matching acts to the older rules."""
        pin = TransitionalProvision(
            "old-disputes", lambda case, p, on: case.opened_at.year < 2025, pin_to="rs-2024"
        )
        j = _jurisdiction(RS24, attrs.evolve(RS25, transitional=(pin,)))
        log = Log(j, at(2024, 12, 20))
        assert log.act("filing", at(2025, 1, 3)).events[0].rule_set == "rs-2024"
        fresh = j.open("B", loan(), "receive_complaint", at=at(2025, 1, 3), actor="c")
        assert j.rule_set(fresh.case, "p1", at=at(2025, 1, 4)).id == "rs-2025"

    def test_manual_fire_is_stamped(self) -> None:
        """fire() by hand records the governing rule set and no decision."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        out = log.take(log.j.fire(log.case, "p1", "register", at=at(2025, 3, 4), actor="c"))
        assert out.events[0].rule_set == "rs-2025"
        assert out.events[0].decision is None

    def test_engine_lookup(self) -> None:
        """engine() finds a case's engine; an unknown lifecycle id names the known ones."""
        j = _jurisdiction()
        assert j.engine(LC25.id).lifecycle is LC25
        assert set(j.lifecycles) == {LC22.id, LC25.id}
        with pytest.raises(UnknownNameError, match=LC25.id):
            j.engine("nope")


class TestDecideAndAct:
    def test_decide_does_not_act(self) -> None:
        """decide() returns the chain's decision with consulted, rule set and inputs."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        dec = log.j.decide(log.case, "p1", "filing", at=at(2025, 3, 4), data={"missing": ["ID"]})
        assert (dec.outcome, dec.trigger, dec.rule) == (
            "correct",
            "issue_correction_notice",
            "missing-items",
        )
        assert dec.rule_set == "rs-2025"
        assert dec.inputs == {"missing": ["ID"]}
        assert [(c.policy, c.verdict) for c in dec.consulted] == [
            ("abstainer", "abstained"),
            ("test-filing", "decided"),
        ]
        # Citations are rendered in the edition in force on the act's date.
        assert dec.legal_basis == ("CPL (2023) Art. 126",)
        assert log.case.seq == 2

    def test_citation_edition_follows_the_date(self) -> None:
        """A 2022 act cites the 2021 edition."""
        log = Log(_jurisdiction(), at(2022, 6, 1))
        assert log.j.decide(log.case, "p1", "filing", at=at(2022, 6, 1)).legal_basis == (
            "CPL (2021) Art. 126",
        )

    def test_act_records_the_whole_decision(self) -> None:
        """act() fires the trigger with the payload and copies the record into the event."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        out = log.act("filing", at(2025, 3, 4), data={"missing": ["evidence list"], "note": "x"})
        event = out.events[0]
        assert event.trigger == "issue_correction_notice"
        assert log.case.proceeding("p1").state == "awaiting_correction"
        assert out.decision is not None
        assert event.decision == out.decision.to_record()
        assert Decision.from_record(event.decision) == out.decision
        assert event.data["missing"] == ["evidence list"]
        assert event.data["note"] == "x"  # the act's own data travel with the payload
        assert event.reason == "missing: evidence list"
        assert event.legal_basis == "CPL (2023) Art. 126"

    def test_decision_not_to_act_is_recorded(self) -> None:
        """A None trigger records a decision_recorded event and changes no state."""
        log = Log(_jurisdiction(roster=(GRID,)), at(2025, 3, 3))
        log.act("filing", at(2025, 3, 4))
        log.act("track", at(2025, 3, 4, 10))
        before = log.case.proceeding("p1").state
        out = log.act("front_end", at(2025, 3, 5), data={"consent": False})
        (event,) = out.events
        assert event.type == "decision_recorded"
        assert event.decision is not None
        assert event.decision["outcome"] == "no_mediation"
        assert event.rule_set == "rs-2025"
        assert event.proceeding_id == "p1"
        assert out.case.proceeding("p1").state == before
        assert out.case.seq == event.seq == 5
        assert log.j.replay(log.events) == log.case

    def test_roster_is_given_to_policies(self) -> None:
        """The jurisdiction's roster reaches policies; a per-call roster replaces it."""
        log = Log(_jurisdiction(roster=(GRID,)), at(2025, 3, 3))
        log.act("filing", at(2025, 3, 4))
        log.act("track", at(2025, 3, 4, 10))
        other = Venue("online", "online", capacity=9, mediators=(Mediator("m-2"),))
        dec = log.j.decide(log.case, "p1", "front_end", at=at(2025, 3, 5), data={"consent": True})
        assert dec.data["venue"] == "grid-taobei"
        dec2 = log.j.decide(
            log.case, "p1", "front_end", at=at(2025, 3, 5), data={"consent": True}, roster=[other]
        )
        assert dec2.data == {"venue": "online", "mediator": "m-2"}
        out = log.act("front_end", at(2025, 3, 5), data={"consent": True})
        assert log.case.proceeding("p1").state == "small_claims_prior_mediation"
        assert out.events[0].data["venue"] == "grid-taobei"

    def test_apply_carries_out_an_earlier_decision(self) -> None:
        """apply() acts on a decision made before (e.g. after a person confirmed it)."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        dec = log.j.decide(log.case, "p1", "filing", at=at(2025, 3, 4))
        out = log.take(log.j.apply(log.case, "p1", dec, at=at(2025, 3, 4), actor="clerk"))
        assert log.case.proceeding("p1").state == "registered"
        assert out.decision == dec
        assert out.events[0].decision == dec.to_record()

    def test_stale_sequence_records_nothing(self) -> None:
        """expected_seq guards act() like fire(): a stale view is refused."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        with pytest.raises(ConcurrencyError):
            log.j.act(log.case, "p1", "filing", at=at(2025, 3, 4), actor="c", expected_seq=1)
        assert log.case.seq == 2

    def test_illegal_decision_is_refused(self) -> None:
        """A policy naming a trigger illegal from the state is a PolicyError; nothing fires."""
        j = _jurisdiction(RS24, RS25.with_chain(PolicyChain("filing", Wrong())))
        log = Log(j, at(2025, 3, 3))
        with pytest.raises(PolicyError, match="affirm") as err:
            log.act("filing", at(2025, 3, 4))
        assert "register" in err.value.valid
        assert log.case.seq == 2

    def test_point_without_chain_names_the_points(self) -> None:
        """Deciding a point the rule set lacks names the ones it has."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        with pytest.raises(UnknownNameError, match="front_end"):
            log.j.decide(log.case, "p1", "petition", at=at(2025, 3, 4))


class TestExplain:
    def _log(self) -> Log:
        log = Log(_jurisdiction(roster=(GRID,)), at(2025, 3, 3))
        log.act("filing", at(2025, 3, 4), data={"missing": ["evidence list"]})
        log.take(log.j.fire(log.case, "p1", "submit_correction", at=at(2025, 3, 10), actor="p"))
        log.act("filing", at(2025, 3, 10, 10))
        log.act("track", at(2025, 3, 10, 11))
        log.act("front_end", at(2025, 3, 11), data={"consent": False})
        return log

    def test_english(self) -> None:
        """The route names each decision's policy, version, rule, reasons, basis, consulted."""
        text = self._log().j.explain(self._log().events)
        assert "rule set: rs-2025" in text
        assert (
            "decision: filing -> correct (issue_correction_notice) by policy test-filing v3, "
            "rule missing-items" in text
        )
        assert "because: missing: evidence list" in text
        assert "legal basis: CPL (2023) Art. 126" in text
        assert "consulted: abstainer (abstained), test-filing (decided)" in text
        assert "decision: front_end -> no_mediation (no act)" in text

    def test_chinese(self) -> None:
        """The same route in Chinese, with the policies' Chinese reasons."""
        text = self._log().j.explain(self._log().events, lang="zh")
        assert "规则集：rs-2025" in text
        assert "决定：filing → correct（issue_correction_notice），由政策 test-filing v3" in text
        assert "理由：缺少：evidence list" in text
        assert "依据：CPL (2023) Art. 126" in text
        assert "征询: abstainer (未适用), test-filing (作出决定)" in text
        assert "理由：一方当事人不同意调解" in text
        assert "不采取行动" in text

    def test_explanation_survives_the_policies(self) -> None:
        """A jurisdiction with other policies explains an old log the same way (log only)."""
        log = self._log()
        other = _jurisdiction(RS24, RS25.with_chain(PolicyChain("filing", Wrong())))
        assert other.explain(log.events, "zh") == log.j.explain(log.events, "zh")


class TestMigration:
    def _pending(self) -> Log:
        log = Log(_jurisdiction(), at(2024, 12, 20))
        log.act("filing", at(2024, 12, 23))
        return log

    def test_migrate_is_one_logged_event(self) -> None:
        """migrate() moves the proceedings onto the 2025 machine in one event."""
        log = self._pending()
        out = log.take(log.j.migrate(log.case, LC25.id, at=at(2025, 1, 2), actor="admin"))
        (event,) = out.events
        assert event.type == "lifecycle_migrated"
        assert event.lifecycle_id == LC25.id
        assert event.rule_set == "rs-2025"
        assert event.data == {"from_lifecycle": LC22.id, "states": {"p1": "registered"}}
        assert log.case.lifecycle_id == LC25.id
        assert log.case.proceeding("p1").state == "registered"

    def test_acts_after_migration_use_the_new_machine_and_replay(self) -> None:
        """After migration acts run on the new lifecycle; replay crosses the migration."""
        log = self._pending()
        log.take(log.j.migrate(log.case, LC25, at=at(2025, 1, 2), actor="admin"))
        log.act("track", at(2025, 1, 3))
        assert log.events[-1].lifecycle_id == LC25.id
        assert log.j.replay(log.events) == log.case
        assert log.case.proceeding("p1").state == "small_claims_trial"

    def test_state_mapping_and_unknown_states(self) -> None:
        """A mapped state is used; a state the target lacks names the proceeding and states."""
        j = _jurisdiction()
        out = j.open("A", loan(), "receive_complaint", at=at(2024, 12, 20), actor="c")
        case = j.fire(out.case, "p1", "divert_to_pre_filing_mediation", at=at(2024, 12, 21),
                      actor="c", data={"consent": True}).case  # fmt: skip
        with pytest.raises(InvalidValueError, match=r"states\.p2") as err:
            j.migrate(case, LC25.id, at=at(2025, 1, 2), actor="admin")
        assert "complaint_received" in str(err.value)
        with pytest.raises(InvalidValueError, match="nowhere"):
            j.migrate(case, LC25.id, at=at(2025, 1, 2), actor="a", states={"p1": "nowhere"})

    def test_migrate_refuses_a_stale_view(self) -> None:
        """expected_seq applies to migration too."""
        log = self._pending()
        with pytest.raises(ConcurrencyError):
            log.j.migrate(log.case, LC25.id, at=at(2025, 1, 2), actor="a", expected_seq=1)


class TestAdvance:
    def test_expiry_is_stamped_with_the_rule_set_of_its_date(self) -> None:
        """A filing clock of 2024 that runs out in 2025 fires file_first under rs-2025."""
        j = _jurisdiction()
        out = j.open("A", loan(), "receive_complaint", at=at(2024, 12, 27), actor="c")
        due = j.deadlines(out.case, at(2024, 12, 27))
        assert due
        adv = j.advance(out.case, at(2025, 1, 15))
        assert [e.trigger for e in adv.events] == ["file_first"]
        assert adv.events[0].rule_set == "rs-2025"
        assert adv.events[0].lifecycle_id == LC22.id
        assert adv.case.proceeding("p1").state == "registered"

    def test_nothing_due_changes_nothing(self) -> None:
        """advance() before any due date returns no events."""
        j = _jurisdiction()
        out = j.open("A", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        assert j.advance(out.case, at(2025, 3, 4)).events == ()

    def test_allowed_lists_the_case_actions(self) -> None:
        """allowed() reads the case's own lifecycle."""
        j = _jurisdiction()
        out = j.open("A", loan(), "receive_complaint", at=at(2024, 6, 3), actor="c")
        names = {a.trigger for a in j.allowed(out.case, "p1", at=at(2024, 6, 3))}
        assert "divert_to_pre_filing_mediation" in names


def test_expiry_on_a_pinned_proceeding_keeps_the_old_rules() -> None:
    """A pre-filing mediation of 2024 pinned to the old rules fails in 2025 under them."""
    pin = TransitionalProvision(
        "open-mediations",
        lambda case, p, on: p is not None and p.opened_at.year < 2025,
        pin_to="rs-2024",
    )
    j = _jurisdiction(RS24, attrs.evolve(RS25, transitional=(pin,)))
    facts = attrs.evolve(loan(), category="neighbour")
    out = j.open("A", facts, "receive_complaint", at=at(2024, 12, 20), actor="c")
    case = j.fire(out.case, "p1", "divert_to_pre_filing_mediation", at=at(2024, 12, 20, 10),
                  actor="c", data={"consent": True}).case  # fmt: skip
    case = j.fire(case, "p2", "assign_mediator", at=at(2024, 12, 23), actor="c",
                  data={"venue": "v", "mediator": "m"}).case  # fmt: skip
    assert j.rule_set(case, "p2", at=at(2025, 1, 23)).id == "rs-2024"
    adv = j.advance(case, at(2025, 2, 10))
    assert [e.trigger for e in adv.events] == ["fail_mediation", "file_after_mediation"]
    assert {e.rule_set for e in adv.events} == {"rs-2024"}
