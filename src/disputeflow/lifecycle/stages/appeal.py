"""
Second instance (上诉, 二审) and retrial (再审).

Second instance: 3 months for judgments (+ with the president's approval), 30 days for rulings
(CPL (2021) Art. 183). Outcomes: affirm, amend, remand (only once per case, CPL Art. 177),
mediation, withdrawal of the appeal. The time to transfer the appeal file runs from the appeal
to receipt by the second-instance court (state ``appeal_transfer``).

Retrial: apply within 6 months of effectiveness (CPL Art. 212; for the four special grounds
from when the party knew or should have known: recorded in ``grounds``); review within
3 months (CPL Art. 211); retried under the first- or second-instance procedure and its limit.
"""

from __future__ import annotations

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.guards import GuardContext, count_below
from disputeflow.lifecycle.model import ClockSpec, Guard
from disputeflow.lifecycle.stages.common import S, T, appeal_window_exits, clk
from disputeflow.lifecycle.stages.trial import EFFECT_CLOCKS

__all__ = ["EFFECTIVE_STATES", "ENFORCEABLE_STATES", "RETRIAL", "SECOND_INSTANCE"]

A = "second_instance"
RA = "retrial_application"
R = "retrial"
_183 = "CPL Art. 183"

_stop = clk("appeal_limit", "stop")

SECOND_INSTANCE = Part(
    "second-instance",
    states=(
        S("appeal_transfer", A, "appeal", "Appeal file in transfer", "上诉案卷移送中",
          legal_basis="CPL Art. 173-174"),
        S("ruling_appeal_transfer", A, "appeal", "Ruling appeal file in transfer",
          "裁定上诉案卷移送中", legal_basis="CPL Art. 173-174"),
        S("appeal_review", A, "appeal", "Second-instance trial", "二审审理", legal_basis=_183),
        S("ruling_appeal_review", A, "appeal", "Ruling appeal review", "裁定上诉审理",
          legal_basis=_183),
        S("appeal_suspended", A, "appeal", "Second instance suspended", "二审中止",
          active=False, legal_basis="CPL Art. 153"),
        S("affirmed", A, "appeal", "Affirmed", "维持原判", final=True, closing_kind="judgment",
          tags={"effective", "enforceable"}, legal_basis="CPL Art. 177"),
        S("amended", A, "appeal", "Amended", "改判", final=True, closing_kind="judgment",
          tags={"effective", "enforceable", "amended"}, legal_basis="CPL Art. 177"),
        S("remanded", A, "appeal", "Remanded for retrial", "发回重审", final=True,
          closing_kind="ruling", tags={"remanded"}, legal_basis="CPL Art. 177"),
        S("appeal_mediated", A, "appeal", "Mediated on appeal", "二审调解", final=True,
          closing_kind="mediation", tags={"effective", "enforceable"},
          legal_basis="CPL Art. 179"),
        S("appeal_withdrawn", A, "appeal", "Appeal withdrawn", "撤回上诉", final=True,
          closing_kind="withdrawal", tags={"effective", "enforceable"},
          legal_basis="CPL Art. 180"),
        S("ruling_upheld", A, "appeal", "Ruling upheld", "驳回上诉，维持原裁定", final=True,
          closing_kind="ruling", tags={"effective"}),
        S("ruling_reversed", A, "appeal", "Ruling reversed", "撤销原裁定", final=True,
          closing_kind="ruling", tags={"amended"}),
    ),
    transitions=(
        T("file_appeal", (), "appeal_transfer", "File appeal", "上诉立案",
          requires=("judgment_appealed", "retrial_judgment_appealed"), actor="clerk",
          legal_basis="CPL Art. 171, 173"),
        T("file_ruling_appeal", (), "ruling_appeal_transfer", "File ruling appeal", "裁定上诉",
          requires=("ruling_appealed", "refusal_appealed"), actor="clerk",
          legal_basis="CPL Art. 171, 173"),
        T("receive_appeal_file", "appeal_transfer", "appeal_review",
          "Receive the file (second instance accepts)", "二审收案", accepts=True,
          clocks=(clk("appeal_limit", "start", "period.second_instance.judgment"),),
          actor="clerk", legal_basis=_183),
        T("receive_appeal_file", "ruling_appeal_transfer", "ruling_appeal_review",
          "Receive the file (second instance accepts)", "二审收案", accepts=True,
          clocks=(clk("appeal_limit", "start", "period.second_instance.ruling"),),
          actor="clerk", legal_basis=_183),
        T("suspend_proceedings", "appeal_review", "appeal_suspended", "Suspend proceedings",
          "中止诉讼", needs=("grounds",), clocks=(clk("appeal_limit", "suspend"),),
          actor="judge", legal_basis="CPL Art. 153"),
        T("resume_proceedings", "appeal_suspended", "appeal_review", "Resume proceedings",
          "恢复诉讼", clocks=(clk("appeal_limit", "resume"),), actor="judge",
          legal_basis="CPL Art. 153"),
        T("extend_time_limit", "appeal_review", None, "Extend time limit (president's approval)",
          "院长批准延长审限", guards=("extensions_second_instance",), needs=("approved_by",),
          clocks=(clk("appeal_limit", "extend", "period.extension.second_instance"),),
          actor="judge", legal_basis=_183),
        T("affirm", "appeal_review", "affirmed", "Affirm", "维持原判",
          clocks=(_stop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 177"),
        T("amend", "appeal_review", "amended", "Amend", "改判",
          clocks=(_stop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 177"),
        T("remand", "appeal_review", "remanded", "Remand for retrial", "发回重审",
          guards=("remand_once",), clocks=(_stop,), opens="retry_after_remand", actor="judge",
          legal_basis="CPL Art. 177"),
        T("mediate", "appeal_review", "appeal_mediated", "Close by mediation", "调解结案",
          clocks=(_stop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 179"),
        T("withdraw_appeal", "appeal_review", "appeal_withdrawn", "Withdraw appeal", "撤回上诉",
          clocks=(_stop, *EFFECT_CLOCKS), actor="party", legal_basis="CPL Art. 180"),
        T("uphold_ruling", "ruling_appeal_review", "ruling_upheld", "Uphold ruling",
          "维持原裁定", clocks=(_stop,), actor="judge", legal_basis="CPL Art. 178"),
        T("reverse_ruling", "ruling_appeal_review", "ruling_reversed", "Reverse ruling",
          "撤销原裁定", clocks=(_stop,), opens="register_after_reversal", actor="judge",
          legal_basis="CPL Art. 178"),
        T("retry_after_remand", (), "ordinary_trial", "Retry after remand (ordinary procedure)",
          "发回重审（普通程序）", requires=("remanded", "retrial_remanded"), accepts=True,
          clocks=(clk("trial_limit", "start", "period.trial.ordinary"),), actor="clerk",
          legal_basis="CPL Art. 41, 177"),
        T("register_after_reversal", (), "registered", "Register after reversal",
          "撤销不予受理裁定后立案", requires="ruling_reversed", accepts=True,
          clocks=(clk("trial_limit", "start", "period.trial.ordinary"),), actor="clerk",
          legal_basis="CPL Art. 178"),
    ),
    clocks=(
        ClockSpec("appeal_limit", "Second-instance time limit", "二审审限",
                  "period.second_instance.judgment", kind="time_limit", legal_basis=_183,
                  excludable=True),
    ),
    guards=(
        count_below("remand_once", "remand", "limit.remands",
                    "A case is remanded for retrial at most once.", "CPL Art. 177",
                    "发回重审以一次为限", scope="dispute"),
        count_below("extensions_second_instance", "extend_time_limit",
                    "limit.extensions.second_instance", "One extension.", _183),
    ),
)  # fmt: skip

_rstop = clk("retrial_limit", "stop")


def _procedure(wanted: str) -> Guard:
    def check(ctx: GuardContext) -> str | None:
        got = ctx.data.get("procedure")
        if got == wanted:
            return None
        return f"data procedure={got!r}; this path needs procedure={wanted!r}"

    return Guard(
        f"procedure_{wanted.split('_')[0]}",
        check,
        f"The retrial is ordered under the {wanted.replace('_', '-')} procedure.",
        "CPL Art. 214",
        data=("procedure",),
    )


RETRIAL = Part(
    "retrial",
    states=(
        S("retrial_application_received", RA, "retrial", "Retrial application received",
          "收到再审申请", legal_basis="CPL Art. 206"),
        S("retrial_review", RA, "retrial", "Retrial application under review", "再审审查",
          legal_basis="CPL Art. 211"),
        S("retrial_ordered", RA, "retrial", "Retrial ordered", "裁定再审", final=True,
          closing_kind="ruling", tags={"retrial_ordered"}, legal_basis="CPL Art. 211"),
        S("retrial_application_dismissed", RA, "retrial", "Application dismissed",
          "驳回再审申请", final=True, closing_kind="ruling", legal_basis="CPL Art. 211"),
        S("retrial_application_withdrawn", RA, "retrial", "Application withdrawn",
          "撤回再审申请", final=True, closing_kind="withdrawal"),
        S("retrial_first_procedure", R, "retrial", "Retrial (first-instance procedure)",
          "再审（一审程序）", legal_basis="CPL Art. 214"),
        S("retrial_second_procedure", R, "retrial", "Retrial (second-instance procedure)",
          "再审（二审程序）", legal_basis="CPL Art. 214"),
        S("retrial_judgment_served", R, "retrial", "Retrial judgment served, appeal open",
          "再审判决已送达，上诉期内", active=False, closing_kind="judgment"),
        S("retrial_judgment_appealed", R, "retrial", "Retrial judgment appealed",
          "再审判决已上诉", final=True, closing_kind="judgment", tags={"appealed"}),
        S("retrial_upheld", R, "retrial", "Original decision upheld", "再审维持", final=True,
          closing_kind="judgment", tags={"effective", "enforceable"}),
        S("retrial_amended", R, "retrial", "Original decision amended", "再审改判", final=True,
          closing_kind="judgment", tags={"effective", "enforceable", "amended"}),
        S("retrial_remanded", R, "retrial", "Remanded", "再审发回重审", final=True,
          closing_kind="ruling", tags={"remanded"}),
        S("retrial_mediated", R, "retrial", "Mediated in retrial", "再审调解", final=True,
          closing_kind="mediation", tags={"effective", "enforceable"}),
        S("retrial_withdrawn", R, "retrial", "Retrial withdrawn", "再审撤诉", final=True,
          closing_kind="withdrawal"),
    ),
    transitions=(
        T("apply_for_retrial", (), "retrial_application_received", "Apply for retrial",
          "申请再审", requires=("judgment_effective", "mediated", "affirmed", "amended",
                               "appeal_mediated", "appeal_withdrawn", "ruling_effective",
                               "ruling_upheld", "retrial_upheld", "retrial_amended"),
          needs=("grounds",), clocks=(clk("retrial_application", "stop", on_parent=True),),
          actor="party", legal_basis="CPL Art. 206, 212"),
        T("accept_retrial_application", "retrial_application_received", "retrial_review",
          "Accept for review", "立案审查", accepts=True,
          clocks=(clk("retrial_review", "start"),), actor="clerk", legal_basis="CPL Art. 211"),
        T("order_retrial", "retrial_review", "retrial_ordered",
          "Order retrial (first-instance procedure)", "裁定再审（按一审程序）",
          guards=("procedure_first",), clocks=(clk("retrial_review", "stop"),),
          opens="open_retrial_first", actor="judge", legal_basis="CPL Art. 211, 214"),
        T("order_retrial", "retrial_review", "retrial_ordered",
          "Order retrial (second-instance procedure)", "裁定再审（按二审程序）",
          guards=("procedure_second",), clocks=(clk("retrial_review", "stop"),),
          opens="open_retrial_second", actor="judge", legal_basis="CPL Art. 211, 214"),
        T("dismiss_retrial_application", "retrial_review", "retrial_application_dismissed",
          "Dismiss application", "裁定驳回再审申请", needs=("grounds",),
          clocks=(clk("retrial_review", "stop"),), actor="judge", legal_basis="CPL Art. 211"),
        T("withdraw_retrial_application", ("retrial_application_received", "retrial_review"),
          "retrial_application_withdrawn", "Withdraw application", "撤回再审申请",
          clocks=(clk("retrial_review", "stop"),), actor="party"),
        T("open_retrial_first", (), "retrial_first_procedure", "Open retrial", "再审立案",
          requires="retrial_ordered", accepts=True,
          clocks=(clk("retrial_limit", "start", "period.retrial.first_instance"),),
          actor="clerk", legal_basis="CPL Art. 214"),
        T("open_retrial_second", (), "retrial_second_procedure", "Open retrial", "再审立案",
          requires="retrial_ordered", accepts=True,
          clocks=(clk("retrial_limit", "start", "period.retrial.second_instance"),),
          actor="clerk", legal_basis="CPL Art. 214"),
        T("render_judgment", "retrial_first_procedure", "retrial_judgment_served",
          "Render retrial judgment", "再审判决",
          clocks=(_rstop, clk("appeal_window", "start", "period.appeal.judgment")),
          actor="judge", legal_basis="CPL Art. 214"),
        *appeal_window_exits("retrial_judgment_served", "retrial_judgment_appealed",
                             "retrial_amended", "file_appeal", effect_clocks=EFFECT_CLOCKS,
                             legal_basis="CPL Art. 171, 214"),
        T("uphold_original", "retrial_second_procedure", "retrial_upheld", "Uphold", "维持",
          clocks=(_rstop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 214"),
        T("amend_original", "retrial_second_procedure", "retrial_amended", "Amend", "改判",
          clocks=(_rstop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 214"),
        T("remand", "retrial_second_procedure", "retrial_remanded", "Remand", "发回重审",
          guards=("remand_once",), clocks=(_rstop,), opens="retry_after_remand",
          actor="judge", legal_basis="CPL Art. 177, 214"),
        T("mediate", ("retrial_first_procedure", "retrial_second_procedure"),
          "retrial_mediated", "Close by mediation", "调解结案",
          clocks=(_rstop, *EFFECT_CLOCKS), actor="judge", legal_basis="CPL Art. 214"),
        T("withdraw", ("retrial_first_procedure", "retrial_second_procedure"),
          "retrial_withdrawn", "Withdraw", "撤诉", clocks=(_rstop,), actor="party"),
    ),
    clocks=(
        ClockSpec("retrial_review", "Retrial application review", "再审审查期限",
                  "period.retrial_review", kind="time_limit", legal_basis="CPL Art. 211"),
        ClockSpec("retrial_limit", "Retrial time limit", "再审审限",
                  "period.retrial.first_instance", kind="time_limit",
                  legal_basis="CPL Art. 214", excludable=True),
    ),
    guards=(_procedure("first_instance"), _procedure("second_instance")),
)  # fmt: skip

#: States in which a decision has taken legal effect (a retrial application may follow).
EFFECTIVE_STATES = (
    "judgment_effective", "mediated", "affirmed", "amended", "appeal_mediated",
    "appeal_withdrawn", "retrial_upheld", "retrial_amended", "retrial_mediated",
)  # fmt: skip
#: States that are enforceable titles (an execution application may follow).
ENFORCEABLE_STATES = (*EFFECTIVE_STATES, "agreement_confirmed")
