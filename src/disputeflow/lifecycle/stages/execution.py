"""
Execution (执行) and litigation-related petitions (涉诉信访).

Execution: apply within 2 years of the performance deadline (CPL (2021) Art. 246): a clock and
a defence the debtor raises, never a guard. Handler assigned within 7 days; close within
6 months (non-litigation titles 3), +3 with the president's approval (SPC Provisions on Time
Limits for Execution Cases). Objections to execution acts are reviewed within 15 days, then
reconsideration (复议) within 10 days, decided in 30 (+30, unverified) (CPL Art. 232).
Termination of the current execution (终结本次执行, 终本) only when ALL its conditions hold;
then assets are re-checked every 6 months for 5 years and resumption (恢复执行) is a new
proceeding, not bound by the 2-year limit.

Petitions are routed into the legal channel they belong in (诉访分离); when remedies are
exhausted the petition is closed (依法终结).
"""

from __future__ import annotations

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.guards import (
    GuardContext,
    count_below,
    flags_all,
    months_since_acceptance,
)
from disputeflow.lifecycle.model import ClockSpec, Guard
from disputeflow.lifecycle.stages.appeal import ENFORCEABLE_STATES
from disputeflow.lifecycle.stages.common import S, T, clk

__all__ = ["EXECUTION", "PETITION", "PETITION_CHANNELS", "TERMINATION_CONDITIONS"]

E = "execution"
P = "petition"
_LIM = "SPC Provisions on Time Limits for Execution Cases (2006)"
_ZB = "SPC Provisions on Termination of the Current Execution (2016) Art. 1"
_OBJ = "CPL Art. 232; SPC Provisions on Execution Objections and Reconsideration (2015)"

#: Flags that must all be set before 终本 (besides more than 3 months since filing).
TERMINATION_CONDITIONS = (
    "execution_notice_issued",
    "property_report_ordered",
    "consumption_restricted",
    "property_search_exhausted",
    "debtor_searched",
)

_flag_steps = (
    ("issue_execution_notice", "execution_notice_issued", "Issue execution notice",
     "发出执行通知书"),
    ("order_property_report", "property_report_ordered", "Order property report", "责令报告财产"),
    ("restrict_consumption", "consumption_restricted", "Restrict consumption", "限制消费"),
    ("list_dishonest_debtor", "dishonest_listed", "List as dishonest debtor", "纳入失信名单"),
    ("complete_property_search", "property_search_exhausted", "Property searches exhausted",
     "穷尽财产调查措施"),
    ("search_for_debtor", "debtor_searched", "Search for missing debtor / sanction obstruction",
     "查找被执行人或依法惩戒妨害执行"),
)  # fmt: skip


def _no_open_execution(ctx: GuardContext) -> str | None:
    if ctx.case is None or ctx.proceeding is None:
        return None
    parent = ctx.proceeding.id
    for p in ctx.case.proceedings:
        if p.parent != parent or p.kind != E:
            continue
        if p.closing_kind is None:
            return f"execution {p.case_number} on this title is still open"
        if p.state == "current_execution_terminated":
            return f"execution {p.case_number} was terminated (终本): apply for resumption"
    return None


_stop = clk("execution_limit", "stop")
_open_exec = (clk("handler_assignment", "start"), clk("execution_limit", "start"))

EXECUTION = Part(
    "execution",
    states=(
        S("execution_applied", E, "execution", "Execution applied for", "申请执行",
          legal_basis="CPL Art. 246"),
        S("execution_accepted", E, "execution", "Accepted, awaiting handler", "已立案待分配",
          legal_basis=_LIM),
        S("executing", E, "execution", "Executing", "执行中", legal_basis=_LIM),
        S("objection_review", E, "execution", "Objection under review", "执行异议审查",
          legal_basis=_OBJ),
        S("reconsideration", E, "execution", "Reconsideration", "执行复议", legal_basis=_OBJ),
        S("third_party_objection_review", E, "execution", "Third-party objection review",
          "案外人异议审查", legal_basis="CPL Art. 234"),
        S("execution_suspended", E, "execution", "Execution suspended", "中止执行",
          active=False, legal_basis="CPL Art. 263"),
        S("execution_settlement", E, "execution", "Execution settlement being performed",
          "执行和解履行中", active=False, legal_basis="CPL Art. 241"),
        S("fully_performed", E, "execution", "Fully performed", "执行完毕", final=True,
          closing_kind="full_performance"),
        S("execution_settled", E, "execution", "Settled and performed", "和解履行完毕",
          final=True, closing_kind="settlement"),
        S("current_execution_terminated", E, "execution", "Current execution terminated",
          "终结本次执行", active=False, closing_kind="termination_current", legal_basis=_ZB),
        S("resumption_applied", E, "execution", "Resumption applied for", "申请恢复执行",
          final=True, closing_kind="termination_current"),
        S("rechecks_ended", E, "execution", "Re-check period ended", "终本后查询期满",
          final=True, closing_kind="termination_current"),
        S("execution_terminated", E, "execution", "Execution terminated", "终结执行",
          final=True, closing_kind="termination", legal_basis="CPL Art. 264"),
        S("execution_refused", E, "execution", "Application not accepted", "不予受理",
          final=True, closing_kind="refusal"),
        S("execution_withdrawn", E, "execution", "Application withdrawn", "撤回执行申请",
          final=True, closing_kind="withdrawal"),
        S("execution_barred", E, "execution", "Barred: application period lapsed",
          "申请执行时效抗辩成立", final=True, closing_kind="ruling", legal_basis="CPL Art. 246"),
    ),
    transitions=(
        T("apply_for_execution", (), "execution_applied", "Apply for execution", "申请执行",
          requires=ENFORCEABLE_STATES, guards=("no_open_execution",),
          clocks=(clk("execution_application", "stop", on_parent=True),), actor="party",
          legal_basis="CPL Art. 246"),
        T("accept_execution", "execution_applied", "execution_accepted", "Accept (执 number)",
          "执行立案", accepts=True, clocks=_open_exec, actor="clerk", legal_basis=_LIM),
        T("refuse_execution", "execution_applied", "execution_refused", "Do not accept",
          "不予受理", needs=("grounds",), actor="judge"),
        T("assign_handler", "execution_accepted", "executing", "Assign handler", "分配承办人",
          needs=("handler",), records=("handler",),
          clocks=(clk("handler_assignment", "stop"),), actor="clerk", legal_basis=_LIM),
        *(T(trig, "executing", None, en, zh, sets=flag, actor="handler", legal_basis=_ZB)
          for trig, flag, en, zh in _flag_steps),
        T("record_payment", "executing", None, "Record payment received", "登记执行到位款",
          needs=("amount",), actor="handler"),
        T("extend_time_limit", "executing", None, "Extend (president's approval)",
          "院长批准延长执行期限", guards=("extensions_execution",), needs=("approved_by",),
          clocks=(clk("execution_limit", "extend", "period.extension.execution"),),
          actor="handler", legal_basis=_LIM),
        T("apply_to_higher_court", "executing", None,
          "Apply to the higher court (6 months without execution)", "向上一级法院申请执行",
          guards=("six_months_without_execution",), sets="higher_court_applied",
          actor="party", legal_basis="CPL Art. 233"),
        T("raise_objection", "executing", "objection_review", "Object to an execution act",
          "提出执行异议", needs=("grounds",), clocks=(clk("objection_review", "start"),),
          actor="party", legal_basis=_OBJ),
        T("decide_objection", "objection_review", "executing", "Decide objection",
          "异议裁定", clocks=(clk("objection_review", "stop"),
                              clk("reconsideration_application", "start")),
          actor="judge", legal_basis=_OBJ),
        T("apply_for_reconsideration", "executing", "reconsideration", "Apply for reconsideration",
          "申请复议", clocks=(clk("reconsideration_application", "stop"),
                              clk("reconsideration_decision", "start")),
          actor="party", legal_basis=_OBJ),
        T("extend_reconsideration", "reconsideration", None, "Extend (approved)", "批准延长",
          guards=("reconsideration_extensions",), needs=("approved_by",),
          clocks=(clk("reconsideration_decision", "extend", "period.extension.reconsideration"),),
          actor="judge", legal_basis=_OBJ),
        T("decide_reconsideration", "reconsideration", "executing", "Decide reconsideration",
          "复议裁定", clocks=(clk("reconsideration_decision", "stop"),), actor="judge",
          legal_basis=_OBJ),
        T("raise_third_party_objection", "executing", "third_party_objection_review",
          "Third-party objection", "案外人异议", needs=("claimant",),
          clocks=(clk("third_party_objection", "start"),), actor="party",
          legal_basis="CPL Art. 234"),
        T("decide_third_party_objection", "third_party_objection_review", "executing",
          "Decide third-party objection", "案外人异议裁定",
          clocks=(clk("third_party_objection", "stop"),), actor="judge",
          legal_basis="CPL Art. 234"),
        T("suspend_execution", "executing", "execution_suspended", "Suspend execution",
          "中止执行", needs=("grounds",), clocks=(clk("execution_limit", "suspend"),),
          actor="judge", legal_basis="CPL Art. 263"),
        T("resume_execution", "execution_suspended", "executing", "Resume execution",
          "恢复执行（中止后）", clocks=(clk("execution_limit", "resume"),), actor="judge",
          legal_basis="CPL Art. 263"),
        T("reach_settlement", "executing", "execution_settlement", "Execution settlement",
          "达成执行和解", clocks=(clk("execution_limit", "suspend"),), actor="party",
          legal_basis="CPL Art. 241"),
        T("perform_settlement", "execution_settlement", "execution_settled",
          "Settlement performed", "和解协议履行完毕", clocks=(_stop,), actor="handler",
          legal_basis="CPL Art. 241"),
        T("settlement_breached", "execution_settlement", "executing",
          "Settlement not performed: resume", "不履行和解协议，恢复执行",
          clocks=(clk("execution_limit", "resume"),), actor="party", legal_basis="CPL Art. 241"),
        T("record_full_performance", "executing", "fully_performed", "Fully performed",
          "执行完毕", clocks=(_stop,), actor="handler", legal_basis=_LIM),
        T("terminate_current_execution", "executing", "current_execution_terminated",
          "Terminate the current execution (终本)", "终结本次执行程序",
          guards=("termination_conditions", "termination_minimum_time"),
          clocks=(_stop, clk("asset_recheck", "start"), clk("recheck_window", "start")),
          actor="judge", legal_basis=_ZB),
        T("record_asset_check", "current_execution_terminated", None, "Record asset re-check",
          "定期查询财产", clocks=(clk("asset_recheck", "restart"),), actor="handler",
          legal_basis="SPC Provisions on Termination of the Current Execution (2016) Art. 9"),
        T("apply_for_resumption", "current_execution_terminated", "resumption_applied",
          "Apply for resumption (property found)", "申请恢复执行（发现财产）",
          clocks=(clk("asset_recheck", "stop"), clk("recheck_window", "stop")),
          opens="open_resumed_execution", actor="party",
          legal_basis="SPC Provisions on Termination of the Current Execution (2016) Art. 9"),
        T("end_rechecks", "current_execution_terminated", "rechecks_ended",
          "Re-check period ends", "终本后查询期满",
          clocks=(clk("asset_recheck", "stop"), clk("recheck_window", "stop")), actor="system"),
        T("open_resumed_execution", (), "execution_accepted", "Open resumed execution (执恢)",
          "恢复执行立案", requires="resumption_applied", kind="resumed_execution",
          accepts=True, clocks=_open_exec, actor="clerk",
          legal_basis="SPC Provisions on Termination of the Current Execution (2016) Art. 9"),
        T("terminate_execution", "executing", "execution_terminated", "Terminate execution",
          "终结执行", needs=("grounds",), clocks=(_stop,), actor="judge",
          legal_basis="CPL Art. 264"),
        T("withdraw_execution", ("execution_applied", "execution_accepted", "executing"),
          "execution_withdrawn", "Withdraw application", "撤回执行申请",
          clocks=(_stop, clk("handler_assignment", "stop")), actor="party"),
        T("uphold_limitation_defence", ("execution_accepted", "executing"), "execution_barred",
          "Uphold the debtor's limitation defence", "支持时效抗辩",
          clocks=(_stop, clk("handler_assignment", "stop")), actor="judge",
          legal_basis="CPL Art. 246"),
    ),
    clocks=(
        ClockSpec("handler_assignment", "Handler assignment", "交付执行",
                  "period.handler_assignment", legal_basis=_LIM),
        ClockSpec("execution_limit", "Execution time limit", "执行期限", "period.execution",
                  legal_basis=_LIM, excludable=True),
        ClockSpec("objection_review", "Objection review", "执行异议审查期限",
                  "period.objection_review", legal_basis=_OBJ),
        ClockSpec("reconsideration_application", "Reconsideration application", "申请复议期限",
                  "period.reconsideration_application", kind="window", legal_basis=_OBJ),
        ClockSpec("reconsideration_decision", "Reconsideration decision", "复议审查期限",
                  "period.reconsideration_decision", legal_basis=_OBJ),
        ClockSpec("third_party_objection", "Third-party objection review", "案外人异议审查期限",
                  "period.third_party_objection", legal_basis="CPL Art. 234"),
        ClockSpec("asset_recheck", "Next asset re-check", "下次财产查询", "period.asset_recheck",
                  kind="recheck", legal_basis=_ZB),
        ClockSpec("recheck_window", "Re-check duty after 终本", "终本后查询期间",
                  "period.recheck_window", kind="recheck", legal_basis=_ZB,
                  on_expiry="end_rechecks"),
    ),
    guards=(
        Guard("no_open_execution", _no_open_execution,
              "No execution on the same title is still open.", "CPL Art. 246"),
        flags_all("termination_conditions", TERMINATION_CONDITIONS,
                  "All 终本 conditions hold: execution notice and property-report order issued, "
                  "consumption restricted, property searches exhausted, missing debtor searched.",
                  _ZB, "终本实质要件均已满足"),
        months_since_acceptance("termination_minimum_time", "period.termination.minimum",
                                "More than 3 months since execution filing.", _ZB,
                                "立案执行已满三个月"),
        months_since_acceptance("six_months_without_execution", "period.higher_court_application",
                                "Six months since filing without execution.", "CPL Art. 233"),
        count_below("extensions_execution", "extend_time_limit", "limit.extensions.execution",
                    "One extension.", _LIM),
        count_below("reconsideration_extensions", "extend_reconsideration",
                    "limit.extensions.reconsideration", "One extension.", _OBJ),
    ),
)  # fmt: skip

#: Legal channels a petition may be routed into (诉访分离).
PETITION_CHANNELS = (
    "retrial_petition",
    "execution_objection",
    "reconsideration",
    "third_party_objection",
    "higher_court_execution",
    "refusal_appeal",
    "higher_court_complaint",
)

_PET = "SPC Opinions on Separating Litigation from Petitions (2014)"

PETITION = Part(
    "petition",
    states=(
        S("petition_received", P, "petition", "Petition received", "收到信访", legal_basis=_PET),
        S("petition_registered", P, "petition", "Petition registered", "信访登记",
          legal_basis=_PET),
        S("petition_routed", P, "petition", "Routed into a legal channel", "导入法律程序",
          final=True, closing_kind="routed", legal_basis=_PET),
        S("petition_answered", P, "petition", "Answered", "答复办结", final=True,
          closing_kind="answered"),
        S("petition_concluded", P, "petition", "Closed: remedies exhausted", "依法终结",
          final=True, closing_kind="concluded", legal_basis=_PET),
        S("petition_withdrawn", P, "petition", "Withdrawn", "撤回信访", final=True,
          closing_kind="withdrawal"),
    ),
    transitions=(
        T("file_petition", (), "petition_received", "File a petition", "信访",
          clocks=(clk("petition_entry", "start"),), actor="party", legal_basis=_PET),
        T("register_petition", "petition_received", "petition_registered", "Register petition",
          "登记信访", clocks=(clk("petition_entry", "stop"), clk("petition_conclusion", "start")),
          actor="clerk", legal_basis=_PET),
        T("route_petition", "petition_registered", "petition_routed",
          "Route into its legal channel", "导入相应法律程序", needs=("channel",),
          records=("channel",), clocks=(clk("petition_conclusion", "stop"),), actor="clerk",
          legal_basis=_PET),
        T("answer_petition", "petition_registered", "petition_answered", "Answer", "答复",
          clocks=(clk("petition_conclusion", "stop"),), actor="clerk"),
        T("conclude_petition", "petition_registered", "petition_concluded",
          "Close: legal remedies exhausted", "依法终结", needs=("remedies_exhausted",),
          clocks=(clk("petition_conclusion", "stop"),), actor="judge", legal_basis=_PET),
        T("withdraw_petition", ("petition_received", "petition_registered"),
          "petition_withdrawn", "Withdraw petition", "撤回信访",
          clocks=(clk("petition_entry", "stop"), clk("petition_conclusion", "stop")),
          actor="party"),
    ),
    clocks=(
        ClockSpec("petition_entry", "Petition entry", "信访登记期限", "period.petition_entry",
                  kind="service", legal_basis=_PET),
        ClockSpec("petition_conclusion", "Petition conclusion", "信访办结期限",
                  "period.petition_conclusion", kind="service", legal_basis=_PET),
    ),
)  # fmt: skip
