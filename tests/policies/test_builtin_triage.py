"""
Tests of track triage (``prc.track-triage``): the small-claims threshold exactly at, above and
below 50% of the dated average wage, the agreed 2x ceiling, the exclusions, summary and
ordinary, and conversion.
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
from disputeflow.lifecycle.stages.trial import SMALL_CLAIMS_EXCLUSIONS
from disputeflow.policies.builtin import SmallClaimsTriage
from disputeflow.policies.prc import EXAMPLE_AVERAGE_WAGE, default_rule_sets, prc_2025
from disputeflow.policies.protocols import DecisionRequest
from support import at

RS25 = prc_2025()
POLICY = SmallClaimsTriage()
THRESHOLD = EXAMPLE_AVERAGE_WAGE / 2  # 45000 with the EXAMPLE wage


def facts(amount: Any = 38000, category: str = "private_loan", **attributes: Any) -> d.Facts:
    """Facts of a dispute at the Taobei court."""
    return d.Facts(
        category=category,
        court="taobei",
        claim_amount=amount,
        parties=(d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant")),
        attributes=attributes,
    )


MARCH_3 = pendulum.Date(2025, 3, 3)


def request(
    f: d.Facts,
    *,
    state: str = "registered",
    data: dict[str, Any] | None = None,
    on: pendulum.Date = MARCH_3,
    rule_set: Any = RS25,
) -> DecisionRequest:
    """A track request on ``on``."""
    lc = rule_set.lifecycle
    case = d.Engine(lc).open("D-1", f, "receive_complaint", at=at(2025, 3, 3), actor="c").case
    p = attrs.evolve(case.proceeding("p1"), state=state)
    return DecisionRequest("track", case, p, lc, at(on.year, on.month, on.day), on,
                           rule_set.parameters, data=data or {}, rule_set=rule_set.id)  # fmt: skip


class TestThreshold:
    def test_exactly_at_threshold_is_small_claims(self) -> None:
        """A claim equal to 50% of the average wage is small claims (at most)."""
        dec = POLICY.decide(request(facts(THRESHOLD)))
        assert (dec.rule, dec.trigger) == ("small-claims-mandatory", "assign_small_claims")
        assert dec.data == {"threshold": "45000.00"}

    def test_one_fen_above_is_not(self) -> None:
        """0.01 yuan above the threshold is not small claims without agreement."""
        dec = POLICY.decide(request(facts(THRESHOLD + Decimal("0.01"))))
        assert (dec.rule, dec.trigger) == ("simple-case", "assign_summary")
        assert "> threshold" in dec.why()

    def test_below_threshold(self) -> None:
        """A claim below is small claims, and the reason marks the EXAMPLE wage."""
        dec = POLICY.decide(request(facts(1)))
        assert dec.trigger == "assign_small_claims"
        assert "EXAMPLE" in dec.why()

    def test_agreement_up_to_twice(self) -> None:
        """By agreement up to 2x the threshold; beyond, not."""
        at_2x = POLICY.decide(request(facts(2 * THRESHOLD, small_claims_agreed=True)))
        assert (at_2x.rule, at_2x.trigger) == ("small-claims-by-agreement", "assign_small_claims")
        above = POLICY.decide(
            request(facts(2 * THRESHOLD + Decimal("0.01")), data={"small_claims_agreed": True})
        )
        assert above.trigger == "assign_summary"
        no_agreement = POLICY.decide(request(facts(THRESHOLD + 1)))
        assert no_agreement.trigger == "assign_summary"

    def test_dated_wage_changes_on_its_date(self) -> None:
        """The latest figure published on the act's date sets the threshold."""
        rs = prc_2025(average_wage={"2024-01-01": 80000, "2025-07-01": 100000})
        f = facts(45000)
        before = POLICY.decide(request(f, on=pendulum.Date(2025, 6, 30), rule_set=rs))
        after = POLICY.decide(request(f, on=pendulum.Date(2025, 7, 1), rule_set=rs))
        assert before.trigger == "assign_summary"  # 45000 > 40000
        assert after.trigger == "assign_small_claims"  # 45000 <= 50000
        assert "EXAMPLE" not in after.why()

    def test_fixed_wage_and_share_parameters(self) -> None:
        """average_wage and share can be fixed on the policy."""
        policy = SmallClaimsTriage(average_wage=100000, share="0.3")
        assert policy.decide(request(facts(30000))).trigger == "assign_small_claims"
        assert policy.decide(request(facts(30001))).trigger == "assign_summary"


class TestExclusionsAndTracks:
    @pytest.mark.parametrize("exclusion", SMALL_CLAIMS_EXCLUSIONS)
    def test_each_exclusion_blocks_small_claims(self, exclusion: str) -> None:
        """Every statutory exclusion (CPL Art. 166) keeps a small claim out of small claims."""
        dec = POLICY.decide(request(facts(100, **{exclusion: True})))
        assert dec.trigger == "assign_summary"
        assert exclusion in dec.why()

    def test_non_monetary_category(self) -> None:
        """A family dispute is not a simple monetary claim."""
        dec = POLICY.decide(request(facts(100, category="family")))
        assert dec.trigger == "assign_summary"
        assert "not a simple monetary claim" in dec.why()

    def test_no_amount(self) -> None:
        """Without an amount there is no small claim."""
        assert POLICY.decide(request(facts(None))).trigger == "assign_summary"

    def test_complex_case_is_ordinary(self) -> None:
        """A case marked complex goes to ordinary procedure."""
        dec = POLICY.decide(request(facts(900000), data={"complex": True}))
        assert (dec.rule, dec.trigger) == ("ordinary", "assign_ordinary")

    def test_only_marked_simple_cases_when_not_by_default(self) -> None:
        """With simple_by_default off only cases marked simple go to summary procedure."""
        policy = SmallClaimsTriage(simple_by_default=False)
        assert policy.decide(request(facts(900000))).trigger == "assign_ordinary"
        assert policy.decide(request(facts(900000, simple=True))).trigger == "assign_summary"


class TestConversion:
    def test_counterclaim_converts_small_claims(self) -> None:
        """A counterclaim in small claims converts the case to summary procedure."""
        dec = POLICY.decide(request(facts(), state="small_claims_trial",
                                    data={"counterclaim": True}))  # fmt: skip
        assert (dec.rule, dec.trigger) == ("exclusion-arose", "convert_to_summary")
        assert dec.data["grounds"]
        dec = POLICY.decide(request(facts(), state="small_claims_trial",
                                    data={"appraisal_needed": True, "complex": True}))  # fmt: skip
        assert dec.trigger == "convert_to_ordinary"

    def test_requested_conversion(self) -> None:
        """convert_to with grounds is carried out."""
        data = {"convert_to": "ordinary", "grounds": "new party"}
        dec = POLICY.decide(request(facts(), state="summary_trial", data=data))
        assert (dec.rule, dec.trigger, dec.data) == (
            "requested-conversion", "convert_to_ordinary", {"grounds": "new party"}
        )  # fmt: skip

    def test_impossible_conversion_is_a_typed_error(self) -> None:
        """Converting summary to summary is refused, naming the field and what is valid."""
        with pytest.raises(InvalidValueError, match=r"data\.convert_to"):
            POLICY.decide(request(facts(), state="summary_trial", data={"convert_to": "summary"}))

    def test_complex_summary_case(self) -> None:
        """A summary case found complex converts to ordinary."""
        dec = POLICY.decide(request(facts(), state="summary_trial", data={"complex": True}))
        assert dec.trigger == "convert_to_ordinary"

    def test_keep_track(self) -> None:
        """Nothing calls for a conversion: keep the track, no act."""
        dec = POLICY.decide(request(facts(), state="small_claims_trial"))
        assert (dec.rule, dec.trigger) == ("keep-track", None)
        assert POLICY.decide(request(facts(), state="ordinary_trial")).trigger is None


class TestParameters:
    @pytest.mark.parametrize(
        ("kw", "field"),
        [({"share": -1}, "share"), ({"share": "abc"}, "share"),
         ({"agreed_multiple": "0.5"}, "agreed_multiple"), ({"average_wage": 0}, "average_wage"),
         ({"average_wage": "x"}, "average_wage")],
    )  # fmt: skip
    def test_invalid_parameters_name_the_field(self, kw: dict[str, Any], field: str) -> None:
        """Bad parameters are typed errors naming prc.track-triage.<field>."""
        with pytest.raises(InvalidValueError, match=rf"prc\.track-triage\.{field}"):
            SmallClaimsTriage(**kw)


def test_triage_through_jurisdiction_records_threshold() -> None:
    """Acting on a registered case assigns small claims and records the decision."""
    j = Jurisdiction(default_rule_sets())
    case = j.open("D-1", facts(38000), "receive_complaint", at=at(2025, 3, 3), actor="c").case
    case = j.act(case, "p1", "filing", at=at(2025, 3, 3, 10), actor="clerk").case
    out = j.act(case, "p1", "track", at=at(2025, 3, 4), actor="judge", data={"judge": "zhou"})
    assert out.case.proceeding("p1").state == "small_claims_trial"
    assert out.events[-1].decision is not None
    assert out.events[-1].decision["data"]["threshold"] == "45000.00"
