"""
Shared pieces of the PRC lifecycles: proceeding kinds, dispute categories, the dated periods
and limits every stage reads, and short constructors that keep the stage modules readable.
"""

from __future__ import annotations

from typing import Any

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.model import (
    Category,
    ClockEffect,
    ProceedingKind,
    State,
    Transition,
)
from disputeflow.parameters import Parameter, constant
from disputeflow.time.periods import Period

__all__ = ["BASE", "TRACKS", "S", "T", "appeal_window_exits", "clk", "days", "months", "param"]

#: First-instance tracks (繁简分流): small claims, summary, ordinary.
TRACKS = ("small_claims", "summary", "ordinary")


def S(name: str, kind: str, stage: str, en: str, zh: str, **kw: Any) -> State:
    """
    A state (short form for the stage modules).
    """
    return State(name=name, kind=kind, stage=stage, label_en=en, label_zh=zh, **kw)


def T(trigger: str, source: Any, dest: str | None, en: str, zh: str, **kw: Any) -> Transition:
    """
    A transition (short form for the stage modules).
    """
    return Transition(trigger=trigger, source=source, dest=dest, label_en=en, label_zh=zh, **kw)


def appeal_window_exits(
    served: str,
    appealed: str,
    effective: str,
    opens: str,
    *,
    effect_clocks: tuple[ClockEffect, ...] = (),
    legal_basis: str = "CPL Art. 171",
) -> tuple[Transition, Transition]:
    """
    The two ways out of a decision served with an appeal window running: a party appeals
    (which opens the appeal proceeding ``opens``), or the window runs out and the decision
    takes effect (``take_effect``, the window clock's expiry trigger).
    """
    stop = ClockEffect("appeal_window", "stop")
    return (
        T("appeal", served, appealed, "Appeal", "提起上诉", clocks=(stop,), opens=opens,
          actor="party", legal_basis=legal_basis),
        T("take_effect", served, effective, "Take effect (no appeal in time)",
          "生效（上诉期满未上诉）", clocks=(stop, *effect_clocks), actor="system",
          legal_basis="CPL Art. 171"),
    )  # fmt: skip


def clk(clock: str, action: Any, param: str | None = None, on_parent: bool = False) -> ClockEffect:
    """
    A clock effect (short form).
    """
    return ClockEffect(clock, action, param, on_parent)


def days(n: int) -> Period:
    """
    ``Period.days(n)``.
    """
    return Period.days(n)


def months(n: int) -> Period:
    """
    ``Period.months(n)``.
    """
    return Period.months(n)


def param(
    id: str, value: Any, reference: str, en: str, zh: str, verified: bool = True
) -> Parameter[Any]:
    """
    A constant parameter with its source.
    """
    return constant(id, value, reference, verified=verified, label_en=en, label_zh=zh)


KINDS = (
    ProceedingKind("pre_filing_mediation", "诉前调", "Pre-filing mediation", "诉前调解"),
    ProceedingKind(
        "judicial_confirmation",
        "民特",
        "Judicial confirmation",
        "司法确认",
        time_limit_clock="confirmation_decision",
    ),
    ProceedingKind(
        "first_instance", "民初", "First instance", "一审", time_limit_clock="trial_limit"
    ),
    ProceedingKind(
        "second_instance",
        "民终",
        "Second instance",
        "二审",
        court_level="higher",
        time_limit_clock="appeal_limit",
    ),
    ProceedingKind(
        "retrial_application",
        "民申",
        "Retrial application review",
        "再审审查",
        court_level="higher",
        time_limit_clock="retrial_review",
    ),
    ProceedingKind("retrial", "民再", "Retrial", "再审", time_limit_clock="retrial_limit"),
    ProceedingKind("execution", "执", "Execution", "执行", time_limit_clock="execution_limit"),
    ProceedingKind(
        "resumed_execution",
        "执恢",
        "Resumed execution",
        "恢复执行",
        time_limit_clock="execution_limit",
    ),
    ProceedingKind("petition", "信", "Litigation-related petition", "涉诉信访", counted=False),
)

CATEGORIES = (
    Category("private_loan", "Private loan", "民间借贷纠纷"),
    Category("financial_loan", "Financial loan contract", "金融借款合同纠纷"),
    Category("small_loan", "Small loan", "小额借款合同纠纷"),
    Category("credit_card", "Credit card", "信用卡纠纷"),
    Category("sale_contract", "Sale contract", "买卖合同纠纷"),
    Category("contract", "Other contract", "其他合同纠纷"),
    Category("property_service", "Property service", "物业服务合同纠纷"),
    Category("traffic_accident", "Motor vehicle traffic accident", "机动车交通事故责任纠纷"),
    Category("medical_damage", "Medical damage", "医疗损害责任纠纷"),
    Category("consumer", "Consumer protection", "消费者权益保护纠纷"),
    Category("tort", "Other tort", "其他侵权纠纷"),
    Category("family", "Marriage and family", "婚姻家庭纠纷", monetary=False),
    Category("inheritance", "Inheritance", "继承纠纷", monetary=False),
    Category("neighbour", "Neighbour relations", "相邻关系纠纷", monetary=False),
    Category("property_right", "Confirmation of property rights", "物权确认纠纷", monetary=False),
    Category("labour", "Labour dispute", "劳动争议", labour=True),
    Category("administrative", "Administrative dispute", "行政争议", monetary=False),
)

_SIM = "SPC Provisions on Specially Invited Mediation (2016)"
_OPINION_2025 = "SPC Opinion on Civil Filing and Mediation (2025)"
_EXEC_LIMITS = "SPC Provisions on Time Limits for Execution Cases (2006)"

PARAMETERS = (
    param("period.filing_decision", days(7), "CPL Art. 126", "Filing decision", "立案审查期限"),
    param("period.trial.small_claims", months(2), "CPL Art. 168", "Small-claims limit", "小额审限"),
    param("period.trial.summary", months(3), "CPL Art. 164", "Summary limit", "简易程序审限"),
    param("period.trial.ordinary", months(6), "CPL Art. 152", "Ordinary limit", "普通程序审限"),
    param(
        "period.extension.small_claims",
        months(1),
        "CPL Art. 168",
        "Small-claims extension",
        "小额延长",
    ),
    param("period.extension.summary", months(1), "CPL Art. 164", "Summary extension", "简易延长"),
    param("period.extension.ordinary", months(6), "CPL Art. 152", "Ordinary extension", "普通延长"),
    param(
        "period.extension.ordinary.higher_court",
        months(3),
        "CPL Art. 152 (length set by the higher court; default unverified)",
        "Further extension approved by the higher court",
        "报请上级法院批准的延长",
        verified=False,
    ),
    param(
        "limit.extensions.small_claims", 1, "CPL Art. 168", "Small-claims extensions", "延长次数"
    ),
    param("limit.extensions.summary", 1, "CPL Art. 164", "Summary extensions", "延长次数"),
    param("limit.extensions.ordinary", 1, "CPL Art. 152", "President's extensions", "延长次数"),
    param(
        "limit.extensions.higher_court",
        99,
        "CPL Art. 152",
        "Higher-court extensions",
        "上级法院批准延长次数",
    ),
    param("limit.adjournments.ordinary", 2, "CPL Art. 149", "Hearing adjournments", "延期开庭"),
    param(
        "limit.adjournments.summary",
        1,
        "CPL Art. 149 (summary limit unverified)",
        "Hearing adjournments",
        "延期开庭",
        verified=False,
    ),
    param(
        "limit.adjournments.small_claims",
        1,
        "CPL Art. 149 (small-claims limit unverified)",
        "Hearing adjournments",
        "延期开庭",
        verified=False,
    ),
    param(
        "conversion.restarts_time_limit",
        False,
        "CPL Art. 169-170 (whether conversion restarts the limit is unverified)",
        "Track conversion restarts the time limit",
        "程序转换后审限重新计算",
        verified=False,
    ),
    param("period.appeal.judgment", days(15), "CPL Art. 171", "Appeal period", "上诉期"),
    param("period.appeal.ruling", days(10), "CPL Art. 171", "Ruling appeal period", "裁定上诉期"),
    param(
        "period.appeal.foreign",
        days(30),
        "CPL Art. 276",
        "Appeal period without PRC domicile",
        "涉外上诉期",
        verified=False,
    ),
    param(
        "period.second_instance.judgment",
        months(3),
        "CPL Art. 183",
        "Second-instance limit",
        "二审审限",
    ),
    param(
        "period.second_instance.ruling",
        days(30),
        "CPL Art. 183",
        "Ruling appeal limit",
        "裁定二审审限",
    ),
    param(
        "period.extension.second_instance",
        months(3),
        "CPL Art. 183 (length unverified)",
        "Second-instance extension",
        "二审延长",
        verified=False,
    ),
    param("limit.extensions.second_instance", 1, "CPL Art. 183", "Extensions", "延长次数"),
    param("limit.remands", 1, "CPL Art. 177", "Remands per dispute", "发回重审次数"),
    param(
        "period.retrial_application",
        months(6),
        "CPL Art. 212",
        "Retrial application period",
        "申请再审期限",
    ),
    param("period.retrial_review", months(3), "CPL Art. 211", "Retrial review", "再审审查期限"),
    param(
        "period.retrial.first_instance",
        months(6),
        "CPL Art. 152",
        "Retrial (first-instance procedure)",
        "再审审限（一审程序）",
    ),
    param(
        "period.retrial.second_instance",
        months(3),
        "CPL Art. 183",
        "Retrial (second-instance procedure)",
        "再审审限（二审程序）",
    ),
    param(
        "period.confirmation_application",
        days(30),
        "CPL Art. 201",
        "Judicial confirmation application",
        "申请司法确认期限",
    ),
    param(
        "period.confirmation_acceptance",
        days(3),
        "SPC Provisions on Judicial Confirmation Procedure",
        "Decision on accepting a confirmation application",
        "司法确认受理审查",
    ),
    param(
        "period.confirmation_decision",
        days(15),
        "SPC Provisions on Judicial Confirmation Procedure",
        "Confirmation decision",
        "司法确认审查期限",
    ),
    param(
        "period.extension.confirmation",
        days(10),
        "SPC Provisions on Judicial Confirmation Procedure (unverified)",
        "Confirmation extension",
        "司法确认延长",
        verified=False,
    ),
    param("limit.extensions.confirmation", 1, "(unverified)", "Extensions", "延长次数", False),
    param(
        "period.execution_application",
        Period.years(2),
        "CPL Art. 246",
        "Execution application period",
        "申请执行期间",
    ),
    param("period.handler_assignment", days(7), _EXEC_LIMITS, "Handler assignment", "立案后交执行"),
    param("period.execution", months(6), _EXEC_LIMITS, "Execution limit", "执行期限"),
    param(
        "period.execution.non_litigation",
        months(3),
        _EXEC_LIMITS,
        "Execution limit (non-litigation titles)",
        "非诉执行期限",
    ),
    param("period.extension.execution", months(3), _EXEC_LIMITS, "Execution extension", "执行延长"),
    param("limit.extensions.execution", 1, _EXEC_LIMITS, "Extensions", "延长次数"),
    param(
        "period.termination.minimum",
        months(3),
        "SPC Provisions on Termination of the Current Execution (2016) Art. 1",
        "Minimum time before 终本",
        "终本前最短执行期",
    ),
    param(
        "period.asset_recheck",
        months(6),
        "SPC Provisions on Termination of the Current Execution (2016) Art. 9",
        "Asset re-check interval",
        "终本后财产查询周期",
    ),
    param(
        "period.recheck_window",
        Period.years(5),
        "SPC Provisions on Termination of the Current Execution (2016) Art. 9",
        "Re-check duty after 终本",
        "终本后定期查询期间",
    ),
    param(
        "period.higher_court_application",
        months(6),
        "CPL Art. 233",
        "No execution for 6 months: apply to the higher court",
        "六个月未执行可向上级法院申请",
    ),
    param("period.objection_review", days(15), "CPL Art. 232", "Objection review", "执行异议审查"),
    param(
        "period.reconsideration_application",
        days(10),
        "CPL Art. 232",
        "Reconsideration application",
        "申请复议期限",
    ),
    param(
        "period.reconsideration_decision",
        days(30),
        "SPC Provisions on Execution Objections and Reconsideration (2015)",
        "Reconsideration decision",
        "复议审查期限",
    ),
    param(
        "period.extension.reconsideration",
        days(30),
        "SPC Provisions on Execution Objections and Reconsideration (2015) (unverified)",
        "Reconsideration extension",
        "复议延长",
        verified=False,
    ),
    param("limit.extensions.reconsideration", 1, "(unverified)", "Extensions", "延长次数", False),
    param(
        "period.third_party_objection",
        days(15),
        "CPL Art. 234",
        "Third-party objection review",
        "案外人异议审查",
    ),
    param(
        "period.petition_entry",
        Period.working_days(5),
        "SPC Provisions on Execution Petitions (unverified)",
        "Petition entry",
        "信访登记",
        verified=False,
    ),
    param(
        "period.petition_conclusion",
        Period.working_days(30),
        "SPC Provisions on Execution Petitions (unverified)",
        "Petition conclusion",
        "信访办结",
        verified=False,
    ),
    param(
        "period.entrusted_mediation.ordinary",
        days(15),
        _SIM,
        "Entrusted mediation (ordinary)",
        "委托调解（普通）",
    ),
    param(
        "period.entrusted_mediation.summary",
        days(7),
        _SIM,
        "Entrusted mediation (summary)",
        "委托调解（简易）",
    ),
    param(
        "period.prior_mediation.ordinary",
        days(15),
        _OPINION_2025,
        "Prior mediation (ordinary)",
        "先行调解（普通）",
    ),
    param(
        "period.prior_mediation.summary",
        days(7),
        _OPINION_2025,
        "Prior mediation (summary)",
        "先行调解（简易）",
    ),
    param(
        "period.extension.prior_mediation",
        days(30),
        _OPINION_2025,
        "Prior mediation extension by consent",
        "先行调解经同意延长",
    ),
    param(
        "period.pre_filing_mediation",
        days(30),
        "SPC Guiding Opinion on Entrusted Mediation (2020)",
        "Pre-filing mediation",
        "诉前调解期限",
    ),
    param(
        "period.extension.pre_filing_mediation",
        days(30),
        "SPC Guiding Opinion on Entrusted Mediation (2020) (length unverified)",
        "Pre-filing mediation extension by consent",
        "诉前调解经同意延长",
        verified=False,
    ),
    param("limit.extensions.mediation", 1, "(unverified)", "Extensions", "延长次数", False),
)

#: Kinds, categories and parameters every PRC lifecycle shares.
BASE = Part("prc-base", kinds=KINDS, categories=CATEGORIES, parameters=PARAMETERS)
