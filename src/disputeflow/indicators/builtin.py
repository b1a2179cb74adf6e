"""
The built-in indicators: every formula of DOMAIN.md section 4, the SPC set members confirmed
by published data releases, CEPEJ and CourTools (NCSC) measures.

Kind names are those of the PRC lifecycles (``first_instance``, ``second_instance``,
``retrial``, ``execution`` ...); indicators without a ``kinds`` filter (closure rate, CEPEJ,
CourTools) work on any lifecycle. For another lifecycle's kinds, derive a definition with
``attrs.evolve``. Where the SPC formula was not published the definition says
``official=False`` and its note states the assumption.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from disputeflow.errors import UnknownNameError
from disputeflow.indicators.definitions import Condition, Indicator, Measure, Statistic

__all__ = ["BUILTIN", "NCSC_CIVIL_STANDARDS", "builtin", "builtin_ids"]

FIRST = ("first_instance",)
SECOND = ("second_instance",)
RETRIAL = ("retrial",)
DECISIONS = ("first_instance", "second_instance", "retrial")
EXECUTION = ("execution", "resumed_execution")
FIRST_EXECUTION = ("execution",)
PRE_FILING = ("pre_filing_mediation",)

#: NCSC Model Time Standards for State Trial Courts (2011), general civil: share of cases
#: disposed within (days, target share %).
NCSC_CIVIL_STANDARDS = ((180, 75), (365, 90), (540, 98))

_SPC = "SPC quality-efficiency-effect indicator system (published data releases, 2024)"
_DOMAIN = "DOMAIN.md section 4"
_CEPEJ = "CEPEJ, European judicial systems: evaluation methodology (clearance rate, DT)"
_COURTOOLS = "NCSC CourTools (2005) and Model Time Standards for State Trial Courts (2011)"


def _closing(*kinds: str) -> Condition:
    return Condition("closing_kind", "in", kinds)


def _flag(column: str, value: bool = True) -> Condition:
    return Condition(column, "==", value)


def M(basis: str, *kinds: str, **kw: Any) -> Measure:
    """
    A measure (short form).
    """
    return Measure(basis, kinds=kinds, **kw)


def ratio(
    id: str,
    en: str,
    zh: str,
    category: Any,
    num: Measure,
    den: Measure,
    *,
    unit: str = "%",
    direction: Any = "higher",
    basis: str = _DOMAIN,
    **kw: Any,
) -> Indicator:
    """
    A ratio indicator (short form); percentages scale by 100.
    """
    scale = kw.pop("scale", 100.0 if unit == "%" else 1.0)
    return Indicator(id, en, zh, category, "ratio", unit, direction, basis, numerator=num,
                     denominator=den, scale=scale, **kw)  # fmt: skip


def stat(
    id: str, en: str, zh: str, rows: Measure, value: str, how: Any = "mean", **kw: Any
) -> Indicator:
    """
    A statistic indicator in days, lower is better (short form).
    """
    kw.setdefault("category", "efficiency")
    kw.setdefault("basis", _DOMAIN)
    return Indicator(id, en, zh, kw.pop("category"), "statistic", kw.pop("unit", "days"),
                     kw.pop("direction", "lower"), kw.pop("basis"),
                     statistic=Statistic(rows, value, how), **kw)  # fmt: skip


def count(id: str, en: str, zh: str, m: Measure, **kw: Any) -> Indicator:
    """
    A count indicator (short form).
    """
    return Indicator(id, en, zh, kw.pop("category", "efficiency"), "count",
                     kw.pop("unit", "count"), kw.pop("direction", "neutral"),
                     kw.pop("basis", _DOMAIN), numerator=m, **kw)  # fmt: skip


_mediated = _flag("settled_by_mediation")
_amended_or_remanded = Condition("tags", "any_tag", ("amended", "remanded"))
_effective = M("effective", *DECISIONS, where=(_closing("judgment", "ruling", "mediation"),))
_judgments = M("effective", *DECISIONS, where=(_closing("judgment"), Condition("tags", "any_tag",
               "enforceable")))  # fmt: skip
_appealable = (_closing("judgment", "ruling"), Condition("track", "!=", "small_claims"))
_unofficial = "Formula not published by the SPC: a documented, configurable assumption."

_LIST = [
    # -- counts -------------------------------------------------------------------------------
    count("cases-new", "New cases", "新收案件数", M("new")),
    count("cases-closed", "Closed cases", "结案数", M("closed")),
    count("cases-accepted", "Accepted cases (carried over + new)", "受理案件数", M("accepted")),
    count("cases-carried-over", "Cases carried over", "旧存案件数", M("carried_over")),
    count("cases-pending", "Pending at end of period", "未结案件数", M("pending")),
    count("disputes-opened", "Disputes brought to court", "诉至法院纠纷数",
          Measure("opened", "disputes"), counting="disputes (案)"),
    Indicator("disputes-per-10000", "Disputes per 10,000 people", "万人纠纷数", "effect",
              "per_capita", "per 10,000 people", "lower", "DOMAIN.md section 1 (source "
              "prevention)", numerator=Measure("opened", "disputes"), scale=10000.0,
              counting="disputes opened in the period per region population"),
    # -- SPC / DOMAIN section 4 ------------------------------------------------------------------
    ratio("closure-rate", "Closure rate", "结案率", "efficiency", M("closed"), M("accepted"),
          counting="proceedings (件): closed / (carried over + new)"),
    ratio("closed-to-new-ratio", "Closed-to-new ratio", "结收比", "efficiency", M("closed"),
          M("new")),
    ratio("within-time-limit-closure-rate", "Within-time-limit closure rate", "法定审限内结案率",
          "efficiency", M("closed", where=(_flag("has_time_limit"), _flag("within_limit"))),
          M("closed", where=(_flag("has_time_limit"),)), basis=f"{_SPC}; CPL (2021) Art. 152, "
          "164, 183", counting="closed proceedings of kinds with a time-limit clock; excluded "
          "periods (审限扣除) and approved extensions are in the recorded due date"),
    ratio("first-instance-finality-rate", "First-instance finality rate", "一审服判息诉率",
          "effect", M("closed", *FIRST, where=(_flag("appealed", False),)), M("closed", *FIRST)),
    ratio("mediation-rate", "Mediation rate", "调解率", "effect",
          M("closed", *DECISIONS, where=(_mediated,)), M("closed", *DECISIONS),
          counting="trial proceedings closed by a mediation statement, or (2025) settled in "
          "prior mediation and closed as 'other'"),
    ratio("mediation-withdrawal-rate", "Mediation and withdrawal rate", "调撤率", "effect",
          M("closed", *DECISIONS, where=(_flag("mediation_or_withdrawal"),)),
          M("closed", *DECISIONS)),
    ratio("mediation-settlement-share", "Share of disputes settled by mediation at any stage",
          "纠纷调解成功占比", "effect", M("closed", counted_only=False, where=(_mediated,),
          distinct="dispute"), Measure("opened", "disputes"), counting="disputes (案) with a "
          "mediated settlement closed in the period (pre-filing agreement, judicial "
          "confirmation, mediation statement at any instance, 2025 prior-mediation settlement) "
          "/ disputes brought to court in the period; comparable across 2022 and 2025 rules",
          official=False, note=_unofficial),
    ratio("pre-filing-mediation-success-rate", "Pre-litigation mediation success rate",
          "诉前调解成功率", "effect", M("closed", *PRE_FILING, where=(_closing(
          "mediation_success"),)), M("closed", *PRE_FILING)),
    ratio("pre-litigation-success-share", "Pre-litigation successes per dispute brought to court",
          "诉前调解成功案件数占诉至法院纠纷数的比例", "effect", M("closed", *PRE_FILING, where=(
          _closing("mediation_success"),)), Measure("opened", "disputes"), basis=_SPC),
    ratio("post-filing-mediation-success-rate", "Post-filing mediation success rate "
          "(entrusted 2022, prior 2025)", "立案后调解成功率", "effect",
          Measure("ended", "spells", FIRST, where=(Condition("stage", "==", "mediation"),
                  Condition("exit_closing_kind", "in", ("mediation", "other")))),
          Measure("ended", "spells", FIRST, where=(Condition("stage", "==", "mediation"),)),
          counting="mediation-stage spells of first-instance proceedings ended in the period"),
    stat("duration-mean", "Average duration of closed cases", "平均审理天数", M("closed"),
         "duration_days"),
    stat("duration-median", "Median duration of closed cases", "审理天数中位数", M("closed"),
         "duration_days", "median"),
    stat("stage-duration-mean", "Average duration per stage", "各阶段平均用时",
         Measure("ended", "spells"), "days", note="group by stage"),
    stat("stage-duration-median", "Median duration per stage", "各阶段用时中位数",
         Measure("ended", "spells"), "days", "median", note="group by stage"),
    Indicator("lawsuits-per-10000", "Lawsuits per 10,000 people", "万人起诉率", "effect",
              "per_capita", "per 10,000 people", "lower", _DOMAIN, numerator=M("new", *FIRST),
              scale=10000.0, counting="new first-instance cases (civil and administrative) in "
              "the period per population; not annualised"),
    ratio("appeal-rate", "Appeal rate", "上诉率", "effect",
          M("closed", *FIRST, where=(*_appealable, _flag("appealed"))),
          M("closed", *FIRST, where=_appealable), direction="lower", basis=_SPC,
          counting="first-instance closed by a judgment or ruling, small claims excluded"),
    ratio("petition-retrial-application-rate", "Petition and retrial-application rate",
          "申诉申请再审率", "effect", M("opened", "retrial_application", "petition",
          counted_only=False), _effective, direction="lower", basis=_SPC),
    *[
        ratio(f"long-pending-share-{n}", f"Share pending over {n} months",
              f"超{n}个月未结案件比", "efficiency", M("pending", older_than_months=n),
              M("pending"), direction="lower", basis=_SPC if n == 12 else _DOMAIN)
        for n in (12, 18, 24)
    ],
    ratio("execution-actual-rate", "Actual execution rate", "实际执行率", "effect",
          M("closed", *EXECUTION, where=(_closing("full_performance", "settlement"),)),
          M("closed", *EXECUTION)),
    ratio("execution-recovery-rate", "Execution recovery rate", "执行到位率", "effect",
          M("closed", *EXECUTION, sum_of="recovered"),
          M("closed", *EXECUTION, sum_of="amount_applied"), basis=_SPC,
          counting="amounts recovered (record_payment amount) / applied for (amount_applied, "
          "default the claim), over execution cases closed in the period"),
    ratio("execution-full-rate", "Full-execution rate", "执行完毕率", "effect",
          M("closed", *FIRST_EXECUTION, where=(_closing("full_performance"),)),
          M("closed", *FIRST_EXECUTION), basis=_SPC),
    ratio("execution-termination-rate", "Termination rate in first execution cases",
          "首执案件终本率", "effect", M("closed", *FIRST_EXECUTION, where=(_closing(
          "termination_current"),)), M("closed", *FIRST_EXECUTION), direction="lower",
          basis=_SPC),
    ratio("case-to-proceedings-ratio", "Case-to-proceedings ratio", "案-件比", "efficiency",
          M("new"), M("new", distinct="dispute"), unit="ratio", direction="lower", basis=_SPC,
          counting="counted proceedings (件) accepted in the period / distinct disputes (案) "
          "they belong to; ideal 1.0; which kinds count is configurable (Measure.kinds, "
          "ProceedingKind.counted)"),
    # -- SPC 2024 set members -----------------------------------------------------------------
    ratio("second-instance-hearing-rate", "Second-instance hearing rate", "二审开庭率",
          "quality", M("closed", *SECOND, where=(_flag("hearing_held"),)), M("closed", *SECOND),
          basis=_SPC, counting="hearing read from event data hearing_held=True"),
    stat("appeal-transfer-days", "Time to transfer an appeal file", "上诉案件移送时间",
         M("new", *SECOND), "transfer_days", basis=_SPC,
         counting="days from the appeal to receipt by the second-instance court"),
    ratio("execution-application-rate", "Effective civil judgments followed by an execution "
          "application", "民事裁判申请执行率", "effect", M("effective", *DECISIONS, where=(
          *_judgments.where, _flag("has_execution_child"))), _judgments, direction="lower",
          basis=_SPC, counting="enforceable judgments effective in the period with an "
          "execution application anywhere in the log"),
    ratio("closures-per-judge", "Closures per judge", "法官人均结案数", "efficiency",
          M("closed", where=(Condition("judge", "!=", ""),)), M("closed", distinct="judge"),
          unit="cases per judge", basis=_SPC + " (2024-01 only)"),
    ratio("extension-rate", "Time-limit extension rate", "延长审限率", "efficiency",
          M("closed", where=(_flag("extended"),)), M("closed", where=(_flag("has_time_limit"),)),
          direction="lower", basis=_SPC + " (2024-01 only)"),
    ratio("retrial-order-rate", "Rate of retrial orders", "裁定再审率", "quality",
          M("closed", "retrial_application", where=(Condition("tags", "any_tag",
            "retrial_ordered"),)), M("closed", "retrial_application"), direction="lower",
          basis=_SPC + " (2024-01 only)"),
    *[
        ratio(f"first-instance-{w}-rate", f"First-instance decisions {w} on appeal",
              f"一审裁判被{zh}率", "quality", M("closed", *SECOND, where=(Condition(
              "tags", "any_tag", w),)), M("closed", *FIRST), direction="lower",
              basis=_SPC + " (2024-01 only)", official=False, note=_unofficial +
              " Second-instance closures tagged so / first-instance closures, same period.")
        for w, zh in (("amended", "改判"), ("remanded", "发回重审"))
    ],
    *[
        ratio(f"effective-{w}-rate", f"Effective decisions {w} on retrial", f"生效裁判被{zh}率",
              "quality", M("closed", *RETRIAL, where=(Condition("tags", "any_tag", w),)),
              _effective, direction="lower", basis=_SPC + " (2024-01 only)", official=False,
              note=_unofficial + " Retrials closed tagged so / decisions effective, same period.")
        for w, zh in (("amended", "改判"), ("remanded", "发回重审"))
    ],
    ratio("second-instance-amend-remand-ratio", "Second-instance amend-to-remand ratio",
          "二审改判-发回重审比", "quality", M("closed", *SECOND, where=(_amended_or_remanded,)),
          M("closed", *FIRST), direction="lower", basis=_SPC + " (2024-09)", official=False,
          note=_unofficial + " (amended + remanded second-instance closures) / first-instance "
          "closures, same period."),
    ratio("retrial-amend-remand-ratio", "Retrial amend-to-remand ratio", "再审改判-发回重审比",
          "quality", M("closed", *RETRIAL, where=(_amended_or_remanded,)), _effective,
          direction="lower", basis=_SPC + " (2024-09)", official=False, note=_unofficial +
          " (amended + remanded retrial closures) / decisions effective, same period."),
    # -- CEPEJ ------------------------------------------------------------------------------------
    ratio("cepej-clearance-rate", "Clearance rate (CR)", "结收比（CEPEJ）", "efficiency",
          M("closed"), M("new"), basis=_CEPEJ, counting="resolved / incoming x 100"),
    ratio("cepej-disposition-time", "Disposition time (DT)", "处置时间（CEPEJ）", "efficiency",
          M("pending"), M("closed"), unit="days", direction="lower", basis=_CEPEJ,
          scale=1.0, scale_period_days=True, counting="pending at end / resolved x days in "
          "the period (365 for a calendar year)"),
    ratio("cepej-turnover", "Case turnover ratio", "案件周转率（CEPEJ）", "efficiency",
          M("closed"), M("pending"), unit="ratio", basis=_CEPEJ),
    # -- CourTools / NCSC -------------------------------------------------------------------------
    *[
        ratio(f"courtools-time-to-disposition-{days}", f"Disposed within {days} days",
              f"{days}日内结案比例", "efficiency", M("closed", where=(Condition(
              "active_duration_days", "<=", days),)), M("closed"), basis=_COURTOOLS,
              counting="active days from filing to disposition (inactive periods excluded)",
              note=f"NCSC model standard: {share}% within {days} days")
        for days, share in NCSC_CIVIL_STANDARDS
    ],
    stat("courtools-age-active-pending-mean", "Age of active pending caseload (mean)",
         "在审案件平均案龄", M("pending", active_only=True), "age_days", basis=_COURTOOLS),
    stat("courtools-age-active-pending-median", "Age of active pending caseload (median)",
         "在审案件案龄中位数", M("pending", active_only=True), "age_days", "median",
         basis=_COURTOOLS),
    stat("courtools-age-active-pending-net-median", "Age of active pending caseload, earlier "
         "inactive periods subtracted (median)", "在审案件净案龄中位数",
         M("pending", active_only=True), "active_age_days", "median", basis=_COURTOOLS),
    count("ncsc-backlog", "Backlog beyond the time standard (365 days)", "超标准未结案件数",
          M("pending", older_than_days=365, active_age=True), direction="lower",
          basis=_COURTOOLS),
    ratio("ncsc-backlog-share", "Share of pending beyond the time standard (365 days)",
          "超标准未结案件比", "efficiency", M("pending", older_than_days=365, active_age=True),
          M("pending"), direction="lower", basis=_COURTOOLS),
]  # fmt: skip

#: Built-in indicators by id.
BUILTIN: Mapping[str, Indicator] = {i.id: i for i in _LIST}


def builtin(id: str) -> Indicator:
    """
    A built-in indicator by id.

    Raises:
        UnknownNameError: no such indicator; lists the ids.
    """
    try:
        return BUILTIN[id]
    except KeyError:
        raise UnknownNameError("indicator", id, sorted(BUILTIN)) from None


def builtin_ids() -> tuple[str, ...]:
    """
    The ids of the built-in indicators, in reference order.
    """
    return tuple(BUILTIN)
