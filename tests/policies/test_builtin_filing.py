"""
Tests of the filing policies: ``prc.filing`` (register, one correction notice, refusal with
grounds, file first), ``prc.labour-arbitration``, ``prc.duplicate-suit`` and
``prc.vexatious-filer``, alone and in the shipped filing chain.
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
from disputeflow.policies.builtin import (
    DuplicateSuit,
    FilingControl,
    LabourArbitration,
    VexatiousFiler,
)
from disputeflow.policies.prc import default_rule_sets, prc_2025
from disputeflow.policies.protocols import DecisionRequest
from support import at

RS25 = prc_2025()


def facts(category: str = "private_loan", **attributes: Any) -> d.Facts:
    """Facts of a dispute at the Taobei court."""
    return d.Facts(
        category=category,
        court="taobei",
        region="taobei",
        claim_amount=Decimal(60000),
        parties=(d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant")),
        attributes=attributes,
    )


MARCH_3 = pendulum.Date(2025, 3, 3)


def request(
    *,
    f: d.Facts | None = None,
    data: dict[str, Any] | None = None,
    state: str = "complaint_received",
    fired: tuple[str, ...] = ("receive_complaint",),
    on: pendulum.Date = MARCH_3,
) -> DecisionRequest:
    """A filing request for a complaint received on 2025-03-03."""
    lc = RS25.lifecycle
    case = d.Engine(lc).open("D-1", f or facts(), "receive_complaint", at=at(2025, 3, 3),
                             actor="c").case  # fmt: skip
    p = attrs.evolve(case.proceeding("p1"), state=state, fired=fired)
    return DecisionRequest(
        "filing", case, p, lc, at(on.year, on.month, on.day), on, RS25.parameters,
        data=data or {}, rule_set="prc-2025",
    )  # fmt: skip


class TestFilingControl:
    def test_conforming_complaint_is_registered(self) -> None:
        """Nothing missing, no grounds: registered on the spot (CPL Art. 126)."""
        dec = FilingControl().decide(request())
        assert (dec.outcome, dec.rule, dec.trigger) == ("register", "conforming", "register")
        assert dec.legal_basis == ("CPL Art. 126",)

    def test_one_correction_notice_lists_everything(self) -> None:
        """Missing items give one notice listing them all, with the correction period."""
        dec = FilingControl().decide(request(data={"missing": ["evidence list", "ID copy"]}))
        assert dec.trigger == "issue_correction_notice"
        assert dec.data == {"missing": ["evidence list", "ID copy"], "correction_days": 15}
        assert "evidence list, ID copy" in dec.why()

    def test_only_one_notice(self) -> None:
        """Still missing after the one notice: refused, never a second notice."""
        req = request(
            data={"missing": ["ID copy"]},
            fired=("receive_complaint", "issue_correction_notice", "submit_correction"),
        )
        dec = FilingControl().decide(req)
        assert (dec.rule, dec.trigger) == ("still-missing", "refuse")
        assert "ID copy" in dec.data["grounds"][0]
        lenient = FilingControl(refuse_when_still_missing=False).decide(req)
        assert lenient.trigger == "register"

    def test_refusal_with_statutory_grounds(self) -> None:
        """Known grounds are cited with their article and the appealable ruling."""
        dec = FilingControl().decide(request(data={"grounds": ["arbitration_agreement"]}))
        assert (dec.trigger, dec.data) == ("refuse", {"grounds": ["arbitration_agreement"]})
        assert dec.legal_basis == ("CPL Art. 127", "CPL Art. 157")
        assert "arbitration" in dec.why()
        assert "仲裁协议" in dec.why("zh")

    def test_refusal_with_free_text_ground(self) -> None:
        """A free-text ground is kept and cited against Art. 122 and 127."""
        dec = FilingControl().decide(request(data={"grounds": "not a legal dispute"}))
        assert dec.data["grounds"] == ["not a legal dispute"]
        assert "CPL Art. 122, 127" in dec.legal_basis

    def test_file_first_when_data_says_period_expired(self) -> None:
        """period_expired=True files first."""
        dec = FilingControl().decide(request(data={"period_expired": True}))
        assert (dec.rule, dec.trigger) == ("period-expired", "file_first")

    def test_file_first_read_from_the_clock(self) -> None:
        """The 7-day clock: on its last day the court still decides; the day after, file first."""
        j = Jurisdiction([prc_2025(pin_open_pre_filing_mediation=False)])
        case = j.open("D-1", facts(), "receive_complaint", at=at(2025, 3, 3), actor="c").case
        due = case.proceeding("p1").clock("filing_decision")
        assert due is not None
        last = due.due_on
        on_time = j.decide(case, "p1", "filing", at=at(last.year, last.month, last.day, 16))
        assert on_time.trigger == "register"
        after = last.add(days=1)
        late = j.decide(case, "p1", "filing", at=at(after.year, after.month, after.day, 9))
        assert late.trigger == "file_first"

    def test_nothing_to_decide_outside_complaint_received(self) -> None:
        """A registered case has no filing decision."""
        dec = FilingControl().decide(request(state="registered"))
        assert (dec.rule, dec.trigger) == ("nothing-to-decide", None)

    def test_correction_days_validated(self) -> None:
        """correction_days must be a positive whole number; the error names the field."""
        with pytest.raises(InvalidValueError, match=r"prc\.filing\.correction_days"):
            FilingControl(correction_days=0)


class TestLabourArbitration:
    def test_labour_without_award_is_referred(self) -> None:
        """A labour complaint without an award goes to arbitration first (Art. 5)."""
        dec = LabourArbitration().decide(request(f=facts("labour")))
        assert dec is not None
        assert (dec.trigger, dec.legal_basis) == (
            "refer_to_arbitration",
            ("Labour Dispute Mediation and Arbitration Law Art. 5",),
        )

    @pytest.mark.parametrize(
        "attributes", [{"arbitral_award": "award-1"}, {"arbitration_refused": True},
                       {"arbitration_overdue": True}]
    )  # fmt: skip
    def test_award_or_direct_suit_abstains(self, attributes: dict[str, Any]) -> None:
        """With an award, or when arbitration refused or is overdue (Art. 29), it abstains."""
        assert LabourArbitration().decide(request(f=facts("labour", **attributes))) is None

    def test_other_categories_abstain(self) -> None:
        """Non-labour disputes are not its business."""
        assert LabourArbitration().decide(request()) is None


class TestDuplicateSuit:
    def test_duplicate_of_in_data(self) -> None:
        """duplicate_of names the pending suit: refused citing the CPL Interpretation."""
        dec = DuplicateSuit().decide(request(data={"duplicate_of": "(2025)吉0802民初5号"}))
        assert dec is not None
        assert dec.rule == "duplicate"
        assert dec.trigger == "refuse"
        assert "SPC Interpretation of the CPL Art. 247" in dec.legal_basis
        assert dec.data["duplicate_of"] == "(2025)吉0802民初5号"

    def test_pending_list_matches_parties_and_claim(self) -> None:
        """The same parties and claim in the pending list is a duplicate; another claim is not."""
        f = facts(claim="repay 60000")
        same = {"parties": ["Zhao", "Wang"], "claim": "Repay 60000", "case_number": "X-1"}
        other = {"parties": ["Zhao", "Wang"], "claim": "interest", "case_number": "X-2"}
        dec = DuplicateSuit().decide(request(f=f, data={"pending": [other, same]}))
        assert dec is not None
        assert dec.data["duplicate_of"] == "X-1"
        assert DuplicateSuit().decide(request(f=f, data={"pending": [other]})) is None

    def test_hook(self) -> None:
        """A hook may find the duplicate."""
        policy = DuplicateSuit(hook=lambda r: "found-by-hook")
        dec = policy.decide(request())
        assert dec is not None
        assert "found-by-hook" in dec.why()
        assert DuplicateSuit(hook=lambda r: None).decide(request()) is None

    def test_bad_hook_and_pending(self) -> None:
        """A non-callable hook and a malformed pending entry are typed errors."""
        with pytest.raises(InvalidValueError, match="hook"):
            DuplicateSuit(hook="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match=r"data\.pending"):
            DuplicateSuit().decide(request(data={"pending": ["X-1"]}))


class TestVexatiousFiler:
    def test_listed_plaintiff_is_held_for_review(self) -> None:
        """A listed plaintiff: recorded for a judge's review, no act."""
        dec = VexatiousFiler(filers=["Wang"]).decide(request())
        assert dec is not None
        assert (dec.outcome, dec.rule, dec.trigger) == ("review", "vexatious-review", None)
        assert "Wang" in dec.why()

    def test_refuse_action(self) -> None:
        """With action=refuse the complaint is refused with reasons."""
        dec = VexatiousFiler(filers=["Wang"], action="refuse").decide(request())
        assert dec is not None
        assert dec.trigger == "refuse"
        assert dec.data["grounds"]

    def test_defendant_on_list_does_not_count(self) -> None:
        """Only plaintiffs and applicants are filers."""
        assert VexatiousFiler(filers=["Zhao"]).decide(request()) is None

    def test_hook(self) -> None:
        """A hook may flag the filer."""
        dec = VexatiousFiler(hook=lambda r: "37 suits this year").decide(request())
        assert dec is not None
        assert "37 suits" in dec.why()

    def test_bad_action(self) -> None:
        """An unknown action is a typed error naming the field."""
        with pytest.raises(InvalidValueError, match=r"prc\.vexatious-filer\.action"):
            VexatiousFiler(action="ban")


class TestShippedFilingChain:
    def test_order_duplicate_vexatious_labour_then_default(self) -> None:
        """The chain asks duplicate, vexatious, labour, then the default, and names them all."""
        chain = RS25.chain("filing")
        assert chain.ids == (
            "prc.duplicate-suit",
            "prc.vexatious-filer",
            "prc.labour-arbitration",
            "prc.filing",
        )
        dec = chain.decide(request(f=facts("labour"), data={"duplicate_of": "X-1"}))
        assert dec.policy == "prc.duplicate-suit"
        assert [c.verdict for c in dec.consulted] == [
            "decided",
            "not_reached",
            "not_reached",
            "not_reached",
        ]
        dec = chain.decide(request(f=facts("labour")))
        assert dec.policy == "prc.labour-arbitration"
        assert chain.decide(request()).policy == "prc.filing"

    def test_configured_through_rule_set_options(self) -> None:
        """policies= sets a built-in's parameters inside the shipped chain."""
        rs = prc_2025(policies={"prc.vexatious-filer": {"filers": ["Wang"]}})
        assert rs.chain("filing").decide(request()).rule == "vexatious-review"

    def test_refer_to_arbitration_through_jurisdiction(self) -> None:
        """Acting on the decision fires the trigger and the guard agrees."""
        j = Jurisdiction(default_rule_sets())
        case = j.open("D-1", facts("labour"), "receive_complaint", at=at(2025, 3, 3), actor="c")
        out = j.act(case.case, "p1", "filing", at=at(2025, 3, 4), actor="clerk")
        assert out.case.proceeding("p1").state == "referred_to_arbitration"
        assert out.events[-1].decision is not None
        assert out.events[-1].decision["rule"] == "labour-without-award"

    def test_correction_then_register_through_jurisdiction(self) -> None:
        """A notice, corrected materials, then registration; a second notice never happens."""
        j = Jurisdiction(default_rule_sets())
        case = j.open("D-1", facts(), "receive_complaint", at=at(2025, 3, 3), actor="c").case
        case = j.act(case, "p1", "filing", at=at(2025, 3, 3, 10), actor="clerk",
                     data={"missing": ["ID copy"]}).case  # fmt: skip
        assert case.proceeding("p1").state == "awaiting_correction"
        case = j.fire(case, "p1", "submit_correction", at=at(2025, 3, 5), actor="party").case
        out = j.act(case, "p1", "filing", at=at(2025, 3, 5, 10), actor="clerk",
                    data={"missing": ["bank statement"]})  # fmt: skip
        assert out.decision is not None
        assert out.decision.rule == "still-missing"
        assert out.case.proceeding("p1").state == "refused"
