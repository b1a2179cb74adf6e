"""
Filing (立案): the registration system at the court door (立案登记制, since 2015-05-01).

Conforming complaints are registered on the spot; otherwise the court decides within 7 days of
receipt (CPL (2021) Art. 126). A one-time written correction notice (补正) lists everything
missing and the 7 days restart when the corrected materials arrive. If still undecided when
the period runs out, the court files first (先行立案). Refusal is a written, reasoned,
appealable non-acceptance ruling (不予受理裁定, CPL Art. 157). Labour complaints without an
arbitral award go to labour arbitration first (Labour Dispute Mediation and Arbitration Law
Art. 5).
"""

from __future__ import annotations

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.guards import GuardContext, count_below
from disputeflow.lifecycle.model import ClockSpec, Guard
from disputeflow.lifecycle.stages.common import S, T, appeal_window_exits, clk, param

__all__ = ["FILING"]

K = "first_instance"
_REG = "CPL Art. 122, 126; SPC Provisions on Case Registration (2015)"


def _labour_without_award(ctx: GuardContext) -> str | None:
    assert ctx.case is not None
    facts = ctx.case.facts
    if facts.category != "labour":
        return f"the dispute is not a labour dispute (category {facts.category!r})"
    if facts.attribute("arbitral_award"):
        return "an arbitral award exists: the party may sue"
    return None


def _consent(ctx: GuardContext) -> str | None:
    return None if ctx.data.get("consent") is True else "the parties have not consented"


GUARDS = (
    count_below(
        "one_correction_notice",
        "issue_correction_notice",
        "limit.correction_notices",
        "Only one correction notice, listing everything missing (一次性告知).",
        _REG,
        "一次性书面告知补正",
    ),
    Guard(
        "labour_without_award",
        _labour_without_award,
        "A labour complaint without an arbitral award goes to arbitration first.",
        "Labour Dispute Mediation and Arbitration Law Art. 5",
        "劳动争议仲裁前置",
    ),
    Guard(
        "parties_consent",
        _consent,
        "The parties consent (data consent=True).",
        "CPL Art. 125; SPC Opinion on Civil Filing and Mediation (2025)",
        "当事人同意",
        data=("consent",),
    ),
)

CLOCKS = (
    ClockSpec(
        "filing_decision",
        "Filing decision",
        "立案审查期限",
        "period.filing_decision",
        kind="time_limit",
        legal_basis="CPL Art. 126",
        on_expiry="file_first",
    ),
)

_START_TRIAL = (
    clk("filing_decision", "stop"),
    clk("trial_limit", "start", "period.trial.ordinary"),
)

STATES = (
    S("complaint_received", K, "filing", "Complaint received", "收到起诉材料", legal_basis=_REG),
    S(
        "awaiting_correction",
        K,
        "filing",
        "Awaiting correction",
        "待补正",
        active=False,
        legal_basis=_REG,
    ),
    S(
        "registered",
        K,
        "filing",
        "Registered, awaiting track",
        "已立案待分流",
        legal_basis="CPL Art. 126",
    ),
    S(
        "refused",
        K,
        "filing",
        "Refused (non-acceptance ruling served)",
        "裁定不予受理",
        active=False,
        closing_kind="refusal",
        legal_basis="CPL Art. 126, 157",
    ),
    S(
        "refusal_effective",
        K,
        "filing",
        "Refusal final",
        "不予受理裁定生效",
        final=True,
        closing_kind="refusal",
        tags={"effective"},
    ),
    S(
        "refusal_appealed",
        K,
        "filing",
        "Refusal appealed",
        "不予受理裁定已上诉",
        final=True,
        closing_kind="refusal",
    ),
    S(
        "not_filed",
        K,
        "filing",
        "Not filed (not corrected or withdrawn)",
        "未立案（未补正或撤回）",
        final=True,
        closing_kind="not_filed",
    ),
    S(
        "referred_to_arbitration",
        K,
        "filing",
        "Referred to labour arbitration",
        "告知申请劳动仲裁",
        final=True,
        closing_kind="referred",
        legal_basis="Labour Dispute Mediation and Arbitration Law Art. 5",
    ),
)

TRANSITIONS = (
    T(
        "receive_complaint",
        (),
        "complaint_received",
        "Receive complaint",
        "接收起诉材料",
        clocks=(clk("filing_decision", "start"),),
        actor="clerk",
        legal_basis=_REG,
    ),
    T(
        "register",
        "complaint_received",
        "registered",
        "Register",
        "登记立案",
        accepts=True,
        clocks=_START_TRIAL,
        actor="clerk",
        legal_basis="CPL Art. 126",
    ),
    T(
        "file_first",
        "complaint_received",
        "registered",
        "File first (decision period ran out)",
        "先行立案",
        accepts=True,
        clocks=_START_TRIAL,
        actor="system",
        legal_basis="CPL Art. 126; SPC Provisions on Case Registration (2015) Art. 8",
    ),
    T(
        "issue_correction_notice",
        "complaint_received",
        "awaiting_correction",
        "Issue one-time correction notice",
        "一次性告知补正",
        guards=("one_correction_notice",),
        needs=("missing",),
        records=("missing",),
        clocks=(clk("filing_decision", "stop"),),
        actor="clerk",
        legal_basis=_REG,
    ),
    T(
        "submit_correction",
        "awaiting_correction",
        "complaint_received",
        "Submit corrected materials",
        "提交补正材料",
        clocks=(clk("filing_decision", "restart"),),
        actor="party",
        legal_basis=_REG,
    ),
    T(
        "abandon_complaint",
        "awaiting_correction",
        "not_filed",
        "Not corrected in time",
        "逾期未补正",
        actor="clerk",
        legal_basis=_REG,
    ),
    T(
        "withdraw_complaint",
        "complaint_received",
        "not_filed",
        "Withdraw complaint",
        "撤回起诉材料",
        clocks=(clk("filing_decision", "stop"),),
        actor="party",
    ),
    T(
        "refuse",
        "complaint_received",
        "refused",
        "Refuse (non-acceptance ruling)",
        "裁定不予受理",
        needs=("grounds",),
        records=("grounds",),
        clocks=(
            clk("filing_decision", "stop"),
            clk("appeal_window", "start", "period.appeal.ruling"),
        ),
        actor="judge",
        legal_basis="CPL Art. 126, 157",
    ),
    *appeal_window_exits(
        "refused",
        "refusal_appealed",
        "refusal_effective",
        "file_ruling_appeal",
        legal_basis="CPL Art. 157, 171",
    ),
    T(
        "refer_to_arbitration",
        "complaint_received",
        "referred_to_arbitration",
        "Refer to labour arbitration",
        "告知先行劳动仲裁",
        guards=("labour_without_award",),
        clocks=(clk("filing_decision", "stop"),),
        actor="clerk",
        legal_basis="Labour Dispute Mediation and Arbitration Law Art. 5",
    ),
)

FILING = Part(
    "filing",
    states=STATES,
    transitions=TRANSITIONS,
    clocks=CLOCKS,
    guards=GUARDS,
    parameters=(
        param(
            "limit.correction_notices",
            1,
            _REG,
            "Correction notices per complaint",
            "补正告知次数",
        ),
    ),
)
