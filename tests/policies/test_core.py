"""
Tests of the policy core: Decision records, PolicyChain precedence and checks, RuleSet and
RuleSets validity by date, transitional provisions.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.errors import (
    InvalidValueError,
    NoRuleSetError,
    PolicyError,
    RuleSetDefinitionError,
    UnknownNameError,
)
from disputeflow.policies.chain import PolicyChain, legal_triggers
from disputeflow.policies.decision import Consultation, Decision
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from disputeflow.policies.ruleset import RuleSet, RuleSets, TransitionalProvision
from support import at, loan

LC = d.prc_civil_2025()


@attrs.frozen
class Fixed:
    """A test policy: decides ``trigger`` (or abstains when ``trigger`` is ``"-"``)."""

    id: str
    trigger: str | None = "register"
    point: str = "filing"
    version: str = "1"

    def decide(self, request: DecisionRequest) -> Decision | None:
        if self.trigger == "-":
            return None
        return Decision(
            self.point,
            self.trigger or "none",
            self.id,
            self.version,
            f"{self.id}-rule",
            trigger=self.trigger,
            reasons=(f"{self.id} says so",),
        )


@attrs.frozen
class Liar:
    """Returns something that is not a Decision."""

    id: str = "liar"
    point: str = "filing"
    version: str = "1"

    def decide(self, request: DecisionRequest) -> Any:
        return {"outcome": "register"}


def _request(state: str | None = "complaint_received", data: Any = None) -> DecisionRequest:
    engine = d.Engine(LC)
    case = engine.open("D-1", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c").case
    p = case.proceeding("p1")
    if state is not None and state != p.state:
        p = attrs.evolve(p, state=state)
    return DecisionRequest(
        "filing",
        case,
        p if state is not None else None,
        LC,
        at(2025, 3, 3),
        pendulum.Date(2025, 3, 3),
        LC.parameters,
        data=data or {},
    )


class TestDecision:
    def test_record_round_trip(self) -> None:
        """A decision survives to_record/from_record unchanged, consulted list included."""
        dec = Decision(
            "filing",
            "correct",
            "p",
            "2",
            "missing-items",
            trigger="issue_correction_notice",
            data={"missing": ["evidence list"]},
            reasons=("evidence list missing",),
            reasons_zh=("缺少证据清单",),
            legal_basis=("CPL Art. 126",),
            consulted=(Consultation("p", "2", "decided", "default", "missing-items"),),
            rule_set="prc-2025",
            inputs={"missing": ["evidence list"]},
        )
        assert Decision.from_record(dec.to_record()) == dec

    def test_record_missing_key_is_named(self) -> None:
        """A record without a required key names it."""
        with pytest.raises(InvalidValueError, match=r"decision\.outcome"):
            Decision.from_record({"point": "filing", "policy": "p", "version": "1", "rule": "r"})

    def test_bad_verdict_is_rejected(self) -> None:
        """An unknown verdict in a record is a typed error naming the valid ones."""
        rec = Decision("filing", "x", "p", "1", "r").to_record()
        rec["consulted"] = [{"policy": "p", "version": "1", "verdict": "maybe"}]
        with pytest.raises(InvalidValueError, match="decided"):
            Decision.from_record(rec)

    def test_why_in_both_languages(self) -> None:
        """Reasons join per language; Chinese falls back to English when none is given."""
        dec = Decision("f", "o", "p", "1", "r", reasons=("a", "b"), reasons_zh=("甲", "乙"))
        assert dec.why() == "a; b"
        assert dec.why("zh") == "甲；乙"
        assert Decision("f", "o", "p", "1", "r", reasons="only").why("zh") == "only"

    def test_same_as_ignores_who_and_why(self) -> None:
        """same_as compares outcome, trigger and payload only."""
        a = Decision("f", "o", "p", "1", "r", trigger="t", data={"k": 1}, reasons=("x",))
        assert a.same_as(attrs.evolve(a, policy="q", rule="s", reasons=("y",)))
        assert not a.same_as(attrs.evolve(a, data={"k": 2}))
        assert not a.same_as(attrs.evolve(a, trigger=None))


class TestPolicyChain:
    def test_first_decisive_policy_wins_and_all_are_named(self) -> None:
        """Overrides, then policies, then the default; the first decision wins."""
        chain = PolicyChain(
            "filing",
            Fixed("default"),
            policies=(Fixed("abstains", "-"), Fixed("decides", "refuse"), Fixed("later")),
        )
        dec = chain.decide(_request())
        assert dec.policy == "decides"
        assert dec.trigger == "refuse"
        assert [(c.policy, c.verdict, c.role) for c in dec.consulted] == [
            ("abstains", "abstained", "policy"),
            ("decides", "decided", "policy"),
            ("later", "not_reached", "policy"),
            ("default", "not_reached", "default"),
        ]

    def test_override_goes_first(self) -> None:
        """An override decides before any policy."""
        chain = PolicyChain("filing", Fixed("default"), policies=(Fixed("a", "refuse"),))
        chain = chain.with_override(Fixed("order", "file_first"))
        assert chain.ids == ("order", "a", "default")
        assert chain.decide(_request()).policy == "order"

    def test_default_decides_when_all_abstain(self) -> None:
        """The default decides when every other policy abstains."""
        chain = PolicyChain("filing", Fixed("default"), policies=(Fixed("a", "-"),))
        dec = chain.decide(_request(data={"x": 1}))
        assert dec.policy == "default"
        assert dec.inputs == {"x": 1}

    def test_default_that_abstains_is_an_error(self) -> None:
        """A default that abstains is a PolicyError naming it."""
        chain = PolicyChain("filing", Fixed("lazy", "-"))
        with pytest.raises(PolicyError, match="lazy"):
            chain.decide(_request())

    def test_illegal_trigger_is_rejected_with_valid_ones(self) -> None:
        """A trigger not legal from the state is refused, naming the state and valid ones."""
        chain = PolicyChain("filing", Fixed("bad", "affirm"))
        with pytest.raises(PolicyError) as err:
            chain.decide(_request())
        assert "complaint_received" in str(err.value)
        assert "register" in err.value.valid

    def test_not_a_decision_is_rejected(self) -> None:
        """Returning a dict instead of a Decision is a PolicyError."""
        with pytest.raises(PolicyError, match="not a Decision"):
            PolicyChain("filing", Liar()).decide(_request())

    def test_decision_for_another_point_is_rejected(self) -> None:
        """A policy registered for the point but deciding another is refused."""

        @attrs.frozen
        class Confused(Fixed):
            def decide(self, request: DecisionRequest) -> Decision | None:
                return Decision("track", "x", self.id, "1", "r")

        with pytest.raises(PolicyError, match="track"):
            PolicyChain("filing", Confused("c")).decide(_request())

    def test_construction_checks(self) -> None:
        """Wrong point, duplicates and non-policies are refused when the chain is built."""
        with pytest.raises(PolicyError, match="decides point 'track'"):
            PolicyChain("filing", Fixed("x", point="track"))
        with pytest.raises(PolicyError, match="twice"):
            PolicyChain("filing", Fixed("x"), policies=(Fixed("x"),))
        with pytest.raises(PolicyError, match="Policy protocol"):
            PolicyChain("filing", object())  # type: ignore[arg-type]

    def test_editing(self) -> None:
        """with_policy / without / with_default return new chains in the right order."""
        chain = PolicyChain("filing", Fixed("d"), policies=(Fixed("a"), Fixed("b")))
        assert chain.with_policy(Fixed("c"), before="b").ids == ("a", "c", "b", "d")
        assert chain.with_policy(Fixed("c"), first=True).ids == ("c", "a", "b", "d")
        assert chain.with_policy(Fixed("c")).ids == ("a", "b", "c", "d")
        assert chain.without("a").ids == ("b", "d")
        assert chain.with_default(Fixed("e")).ids == ("a", "b", "e")
        assert chain.get("b").id == "b"
        with pytest.raises(UnknownNameError):
            chain.without("zz")
        with pytest.raises(UnknownNameError):
            chain.with_policy(Fixed("c"), before="zz")

    def test_legal_triggers_without_proceeding_are_free_openings(self) -> None:
        """Without a proceeding only openings that need no parent are legal."""
        names = legal_triggers(_request(state=None))
        assert "receive_complaint" in names
        assert "file_appeal" not in names  # needs a parent
        assert "register" not in names

    @given(st.sampled_from(sorted(s.name for s in LC.states if not s.final)))
    def test_every_checked_decision_is_legal(self, state: str) -> None:
        """Whatever a policy names, the chain passes it only if the lifecycle allows it."""
        for trigger in LC.triggers[:40]:
            chain = PolicyChain("filing", Fixed("p", trigger))
            request = _request(state=state)
            legal = trigger in set(LC.triggers_from(state)) | {
                t.trigger for t in LC.openings_from(state)
            }
            if legal:
                assert chain.decide(request).trigger == trigger
            else:
                with pytest.raises(PolicyError):
                    chain.decide(request)


def _rs(
    id: str, start: tuple[int, int, int], end: tuple[int, int, int] | None, **kw: Any
) -> RuleSet:
    return RuleSet(
        id,
        LC,
        pendulum.Date(*start),
        pendulum.Date(*end) if end else None,
        chains=[PolicyChain("filing", Fixed(f"{id}-filing"))],
        **kw,
    )


class TestRuleSets:
    def test_in_force_by_date_edges(self) -> None:
        """The rule set in force is chosen by date, both ends inclusive."""
        sets = RuleSets([_rs("b", (2025, 1, 1), None), _rs("a", (2022, 1, 1), (2024, 12, 31))])
        assert sets.ids == ("a", "b")
        assert sets.in_force(pendulum.Date(2024, 12, 31)).id == "a"
        assert sets.in_force(pendulum.Date(2025, 1, 1)).id == "b"
        assert sets.in_force(pendulum.Date(2022, 1, 1)).id == "a"

    def test_before_the_first_is_a_clear_error(self) -> None:
        """An act before every rule set is a NoRuleSetError listing the known ones."""
        sets = RuleSets([_rs("a", (2022, 1, 1), (2024, 12, 31))])
        with pytest.raises(NoRuleSetError, match=r"a \(2022-01-01 to 2024-12-31\)"):
            sets.in_force(pendulum.Date(2021, 12, 31))
        with pytest.raises(NoRuleSetError):
            sets.in_force(pendulum.Date(2025, 1, 1))

    def test_overlap_and_duplicates_are_refused(self) -> None:
        """Overlapping validity and duplicate ids are reported together."""
        with pytest.raises(RuleSetDefinitionError) as err:
            RuleSets(
                [
                    _rs("a", (2022, 1, 1), None),
                    _rs("b", (2025, 1, 1), None),
                    _rs("b", (2026, 1, 1), None),
                ]
            )
        assert len(err.value.problems) >= 2

    def test_inverted_validity_is_refused(self) -> None:
        """valid_to before valid_from is a definition error."""
        with pytest.raises(RuleSetDefinitionError, match="before valid_from"):
            _rs("a", (2025, 1, 1), (2024, 1, 1))

    def test_transitional_provision_pins_to_older_rules(self) -> None:
        """A provision that applies makes the older rule set govern the act."""
        pin = TransitionalProvision(
            "old-mediations",
            lambda case, p, on: case.facts.category == "private_loan",
            pin_to="a",
        )
        sets = RuleSets(
            [
                _rs("a", (2022, 1, 1), (2024, 12, 31)),
                _rs("b", (2025, 1, 1), None, transitional=(pin,)),
            ]
        )
        case = _request().case
        governing, provision = sets.governing(case, None, pendulum.Date(2025, 2, 1))
        assert (governing.id, provision) == ("a", pin)
        other = attrs.evolve(case, facts=attrs.evolve(case.facts, category="contract"))
        assert sets.governing(other, None, pendulum.Date(2025, 2, 1))[0].id == "b"

    def test_pin_to_unknown_rule_set_is_refused(self) -> None:
        """A provision naming an unknown rule set is a definition error."""
        pin = TransitionalProvision("x", lambda c, p, on: True, pin_to="nowhere")
        with pytest.raises(RuleSetDefinitionError, match="nowhere"):
            RuleSets([_rs("b", (2025, 1, 1), None, transitional=(pin,))])

    def test_chain_lookup_and_editing(self) -> None:
        """chain() names the valid points; with_policy adds to the right chain."""
        rs = _rs("a", (2022, 1, 1), None)
        with pytest.raises(UnknownNameError, match="filing"):
            rs.chain("track")
        rs2 = rs.with_policy(Fixed("extra"), first=True)
        assert rs2.chain("filing").ids == ("extra", "a-filing")
        assert rs.chain("filing").ids == ("a-filing",)
        assert rs.derive("c", valid_from=pendulum.Date(2030, 1, 1)).id == "c"
        assert RuleSets([rs]).replace(rs.derive("a", name="renamed")).get("a").name == "renamed"
        with pytest.raises(UnknownNameError):
            RuleSets([rs]).get("zz")


class TestRoster:
    def test_free_capacity(self) -> None:
        """Free capacity never goes below zero; takes() matches category and region."""
        v = Venue(
            "grid-1", "grid", region="taobei", categories={"property_service"}, capacity=2, load=3
        )
        assert v.free == 0
        assert v.takes("property_service", "taobei")
        assert not v.takes("private_loan", "taobei")
        assert not v.takes("property_service", "taonan")
        assert Mediator("m", capacity=3, load=1).free == 2
