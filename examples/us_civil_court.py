"""
A second, non-Chinese lifecycle built only with disputeflow's public API.

Part 1 defines the civil procedure of a US state trial court of general jurisdiction as
:class:`~disputeflow.lifecycle.Part` values and composes them into a
:class:`~disputeflow.lifecycle.Lifecycle`: filing and service, answer or default, court-annexed
ADR, pretrial (discovery, summary judgment), bench or jury trial, judgment, post-judgment
motions and the appeal window, an appeal proceeding in the court of appeals, and collection
(writ of execution, garnishment, satisfaction of judgment). It then runs one contested case
and one default case through the :class:`~disputeflow.Engine`, with a US federal holiday
calendar, the court's time zone (America/Chicago) and US-style docket numbers.

Part 2 derives a variant of the shipped ``prc-civil-2025`` lifecycle, as a hypothetical
internet court would: one stage added, one removed, one state and one trigger renamed, one
period changed; then runs a case through it.

The rules cited are the *federal* rules (Fed. R. Civ. P., Fed. R. App. P.), used here as
model rules: many states model their rules on them, but every state has its own rules,
periods and holidays, so a real court would put its own citations and values in the parameters.
This is an illustration, not legal advice.

Run it with ``python examples/us_civil_court.py``; it needs nothing beyond disputeflow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pendulum

import disputeflow as d
from disputeflow.engine import CaseNumbering
from disputeflow.errors import (
    LifecycleDefinitionError,
    TriggerNotAllowedError,
    UnknownNameError,
)
from disputeflow.lifecycle import (
    Category,
    ClockEffect,
    ClockSpec,
    Guard,
    GuardContext,
    Lifecycle,
    Part,
    ProceedingKind,
    State,
    Transition,
)
from disputeflow.parameters import constant
from disputeflow.time import HolidayCalendar, Period

TZ = "America/Chicago"
BEIJING = "Asia/Shanghai"
_TODAY = pendulum.Date(2025, 6, 1)  # the day parameters are read for in the comparison

# ---------------------------------------------------------------------------------------------
# Calendar: US federal holidays (5 U.S.C. § 6103) for 2025-2026, as observed. Fed. R. Civ. P.
# 6(a)(1)(C) rolls a period ending on a Saturday, Sunday or legal holiday to the next day that
# is none of these, which is what disputeflow's calendars do. Rule 6(a)(6) also counts state
# holidays, so a state court would add its own. Deadlines in other years are computed with
# weekends only and marked provisional by the library. The table is hard-coded (checked against
# the `holidays` package by the tests) so the example needs nothing disputeflow does not install.
# ---------------------------------------------------------------------------------------------

US_FEDERAL_HOLIDAYS: dict[int, tuple[pendulum.Date, ...]] = {
    2025: tuple(
        pendulum.Date(2025, m, day)
        for m, day in (
            (1, 1),  # New Year's Day
            (1, 20),  # Birthday of Martin Luther King, Jr.
            (2, 17),  # Washington's Birthday
            (5, 26),  # Memorial Day
            (6, 19),  # Juneteenth National Independence Day
            (7, 4),  # Independence Day
            (9, 1),  # Labor Day
            (10, 13),  # Columbus Day
            (11, 11),  # Veterans Day
            (11, 27),  # Thanksgiving Day
            (12, 25),  # Christmas Day
        )
    ),
    2026: tuple(
        pendulum.Date(2026, m, day)
        for m, day in (
            (1, 1),
            (1, 19),
            (2, 16),
            (5, 25),
            (6, 19),
            (7, 3),  # Independence Day falls on a Saturday: observed on Friday
            (7, 4),
            (9, 7),
            (10, 12),
            (11, 11),
            (11, 26),
            (12, 25),
        )
    ),
}


def us_federal_calendar() -> HolidayCalendar:
    """
    Weekends plus the US federal holidays of the years in :data:`US_FEDERAL_HOLIDAYS`.
    """
    return HolidayCalendar(
        id="us-federal",
        rest_days=[day for days in US_FEDERAL_HOLIDAYS.values() for day in days],
        working_days=[],
        years=US_FEDERAL_HOLIDAYS.keys(),
    )


# ---------------------------------------------------------------------------------------------
# Short constructors. The US court has no Chinese labels: the English one is used for both.
# ---------------------------------------------------------------------------------------------

CIVIL = "civil_action"
APPEAL = "appeal"
ENFORCEMENT = "enforcement"

FRCP = "Fed. R. Civ. P."
FRAP = "Fed. R. App. P."


def state(name: str, kind: str, stage: str, label: str, **kw: Any) -> State:
    """
    A state with the same English and 'Chinese' label.
    """
    return State(name=name, kind=kind, stage=stage, label_en=label, label_zh=label, **kw)


def move(
    trigger: str, source: Any, dest: str | None, label: str, basis: str, **kw: Any
) -> Transition:
    """
    A transition with its label and legal basis.
    """
    return Transition(
        trigger=trigger,
        source=source,
        dest=dest,
        label_en=label,
        label_zh=label,
        legal_basis=basis,
        **kw,
    )


def start(clock: str) -> ClockEffect:
    """
    Start ``clock`` with its own period.
    """
    return ClockEffect(clock, "start")


def stop(clock: str) -> ClockEffect:
    """
    Stop ``clock`` (a no-op if it is not running).
    """
    return ClockEffect(clock, "stop")


# ---------------------------------------------------------------------------------------------
# Guards: pure functions of the GuardContext, returning None (go ahead) or the reason.
# ---------------------------------------------------------------------------------------------


def _flags(ctx: GuardContext) -> frozenset[str]:
    return ctx.proceeding.flags if ctx.proceeding is not None else frozenset()


def _good_cause(ctx: GuardContext) -> str | None:
    return None if ctx.data.get("good_cause") is True else "no good cause shown (good_cause=True)"


def _before_answer(ctx: GuardContext) -> str | None:
    served = sorted(_flags(ctx) & {"answer_filed", "summary_judgment_moved"})
    if served:
        return f"the defendant has served {', '.join(served)}: a stipulation or order is needed"
    return None


def _stipulated(ctx: GuardContext) -> str | None:
    if ctx.data.get("stipulation") is True:
        return None
    return "no stipulation signed by all parties who appeared (stipulation=True)"


def _adr_available(ctx: GuardContext) -> str | None:
    used = ctx.proceeding.count("refer_to_adr") if ctx.proceeding is not None else 0
    limit = int(ctx.param("limit.adr_referrals"))
    return (
        f"already referred to ADR {used} time(s); the limit is {limit}" if used >= limit else None
    )


def _jury_demanded(ctx: GuardContext) -> str | None:
    return None if "jury_demanded" in _flags(ctx) else "no party demanded a jury"


def _no_jury_demand(ctx: GuardContext) -> str | None:
    return "a party demanded a jury" if "jury_demanded" in _flags(ctx) else None


def _sum_certain(ctx: GuardContext) -> str | None:
    if ctx.case is not None and ctx.case.facts.claim_amount is not None:
        return None
    return "the claim is not for a sum certain: the court must decide after a hearing"


def _hearing_held(ctx: GuardContext) -> str | None:
    return None if ctx.data.get("hearing_held") is True else "no default hearing held yet"


def _new_trial_time_open(ctx: GuardContext) -> str | None:
    if "new_trial_time_lapsed" in _flags(ctx):
        return "the 28 days to move for a new trial have run out"
    return None


def _appeal_ended_in(*states: str) -> Callable[[GuardContext], str | None]:
    """
    A guard check passing when the appeal taken from this proceeding ended in one of ``states``
    (guards may read the whole case, so one proceeding can wait on another).
    """

    def check(ctx: GuardContext) -> str | None:
        if ctx.case is None or ctx.proceeding is None:
            return "no case"
        here = ctx.proceeding.id
        appeals = [p for p in ctx.case.proceedings if p.parent == here and p.kind == APPEAL]
        if not appeals:
            return "no appeal was taken from this proceeding"
        if appeals[-1].state in states:
            return None
        return f"the appeal is {appeals[-1].state!r}, not {' or '.join(states)}"

    return check


def _judgment_for_plaintiff(ctx: GuardContext) -> str | None:
    p = ctx.proceeding
    if p is not None and p.attribute("prevailing_party") == "defendant":
        return "the judgment was for the defendant: there is nothing to collect"
    return None


def _within_garnishment_limit(ctx: GuardContext) -> str | None:
    share = Decimal(str(ctx.data.get("share", "1")))
    limit = Decimal(str(ctx.param("limit.wage_garnishment_share")))
    if share > limit:
        return f"garnishing {share} of disposable earnings exceeds the limit of {limit}"
    return None


GUARDS = (
    Guard("good_cause", _good_cause, "Good cause shown.", f"{FRCP} 4(m), 55(c)"),
    Guard("before_answer", _before_answer, "No answer or summary-judgment motion served yet.",
          f"{FRCP} 41(a)(1)(A)(i)"),
    Guard("stipulated", _stipulated, "Stipulation signed by all parties who appeared.",
          f"{FRCP} 41(a)(1)(A)(ii)"),
    Guard("adr_available", _adr_available, "ADR referrals are limited per case.",
          "Court-annexed ADR rules (state rules vary)"),
    Guard("jury_demanded", _jury_demanded, "A party demanded a jury.", f"{FRCP} 38(b)"),
    Guard("no_jury_demand", _no_jury_demand, "No jury demand: jury waived.", f"{FRCP} 38(d)"),
    Guard("sum_certain", _sum_certain, "The claim is for a sum certain.", f"{FRCP} 55(b)(1)"),
    Guard("default_hearing_held", _hearing_held, "The court held a default hearing.",
          f"{FRCP} 55(b)(2)"),
    Guard("new_trial_time_open", _new_trial_time_open, "Within 28 days of the judgment.",
          f"{FRCP} 59(b)"),
    Guard("appeal_affirmed", _appeal_ended_in("affirmed", "appeal_dismissed"),
          "The appeal was decided for the appellee or dismissed.", f"{FRAP} 41"),
    Guard("appeal_reversed", _appeal_ended_in("reversed"), "The judgment was reversed.",
          f"{FRAP} 41"),
    Guard("appeal_remanded", _appeal_ended_in("remanded"), "The case was remanded.",
          f"{FRAP} 41"),
    Guard("judgment_for_plaintiff", _judgment_for_plaintiff,
          "The judgment creditor applies (the judgment was not for the defendant).",
          f"{FRCP} 69(a)"),
    Guard("within_garnishment_limit", _within_garnishment_limit,
          "Wage garnishment within the federal limit.", "15 U.S.C. § 1673(a)"),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Parameters and clocks. Unverified values (local practice) say so.
# ---------------------------------------------------------------------------------------------

PARAMETERS = (
    constant("period.service", Period.days(90), f"{FRCP} 4(m)", label_en="Time to serve"),
    constant("period.service_extension", Period.days(30),
             f"{FRCP} 4(m) (the court sets the length; default unverified)", verified=False,
             label_en="Extension of time to serve"),
    constant("period.answer", Period.days(21), f"{FRCP} 12(a)(1)(A)(i)", label_en="Answer"),
    constant("period.disposition_goal", Period.days(365),
             "Model Time Standards for State Trial Courts (NCSC 2011): 90% of general civil "
             "cases within 365 days", label_en="Disposition time standard"),
    constant("period.adr", Period.days(90),
             "Court-annexed ADR rules (period varies by court; default unverified)",
             verified=False, label_en="ADR completion"),
    constant("limit.adr_referrals", 1, "Court-annexed ADR rules (default unverified)",
             verified=False, label_en="ADR referrals per case"),
    constant("period.new_trial_motion", Period.days(28), f"{FRCP} 59(b)",
             label_en="Motion for a new trial"),
    constant("period.appeal", Period.days(30), f"{FRAP} 4(a)(1)(A)", label_en="Notice of appeal"),
    constant("period.appellant_brief", Period.days(40), f"{FRAP} 31(a)(1)",
             label_en="Appellant's brief"),
    constant("period.writ_return", Period.days(90),
             "State execution statutes (return day varies; default unverified)",
             verified=False, label_en="Return of the writ"),
    constant("limit.wage_garnishment_share", Decimal("0.25"), "15 U.S.C. § 1673(a)(1)",
             label_en="Share of disposable earnings that may be garnished"),
)  # fmt: skip

CLOCKS = (
    ClockSpec("service_deadline", "Time to serve the defendant", "Time to serve",
              "period.service", kind="window", legal_basis=f"{FRCP} 4(m)",
              on_expiry="dismiss_for_no_service"),
    ClockSpec("answer_due", "Answer due", "Answer due", "period.answer", kind="window",
              legal_basis=f"{FRCP} 12(a)(1)(A)(i), 55(a)", on_expiry="enter_default"),
    ClockSpec("disposition_goal", "Disposition time standard", "Disposition time standard",
              "period.disposition_goal", kind="service", excludable=True,
              legal_basis="Model Time Standards for State Trial Courts (NCSC 2011)"),
    ClockSpec("adr_period", "ADR completion", "ADR completion", "period.adr",
              kind="time_limit", legal_basis="Court-annexed ADR rules",
              on_expiry="return_to_docket"),
    ClockSpec("new_trial_motion", "Time to move for a new trial", "Time to move for a new trial",
              "period.new_trial_motion", kind="window", legal_basis=f"{FRCP} 59(b)",
              on_expiry="lapse_new_trial_time"),
    ClockSpec("appeal_window", "Time to file a notice of appeal", "Time to file a notice of appeal",
              "period.appeal", kind="window", legal_basis=f"{FRAP} 4(a)(1)(A)",
              on_expiry="become_final"),
    ClockSpec("appellant_brief", "Appellant's brief due", "Appellant's brief due",
              "period.appellant_brief", kind="window", legal_basis=f"{FRAP} 31(a)(1)"),
    ClockSpec("writ_return", "Return of the writ of execution", "Return of the writ",
              "period.writ_return", kind="time_limit", legal_basis=f"{FRCP} 69(a); state law",
              on_expiry="return_writ_unsatisfied"),
)  # fmt: skip

BASE = Part(
    "us-base",
    kinds=(
        ProceedingKind(CIVIL, "CV", "Civil action", "Civil action",
                       time_limit_clock="disposition_goal"),
        ProceedingKind(APPEAL, "AP", "Appeal", "Appeal", court_level="higher"),
        # Collection runs under the trial court's judgment; kept apart to track its own clocks
        # and closing, but not counted as a new case.
        ProceedingKind(ENFORCEMENT, "EJ", "Enforcement of judgment", "Enforcement of judgment",
                       counted=False),
    ),
    categories=(
        Category("contract", "Contract", "合同纠纷"),
        Category("debt_collection", "Debt collection", "债务追收"),
        Category("tort", "Tort", "侵权纠纷"),
        Category("real_property", "Real property", "不动产纠纷", monetary=False),
    ),
    parameters=PARAMETERS,
    clocks=CLOCKS,
    guards=GUARDS,
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Stages of the civil action.
# ---------------------------------------------------------------------------------------------

#: States in which the case is being litigated (a voluntary dismissal or settlement may end it).
LITIGATING = ("complaint_filed", "served", "at_issue", "discovery", "in_adr", "ready_for_trial",
              "summary_judgment_pending", "jury_trial", "bench_trial")  # fmt: skip
_END = (stop("service_deadline"), stop("answer_due"), stop("adr_period"), stop("disposition_goal"))
_JUDGMENT = (stop("disposition_goal"), start("new_trial_motion"), start("appeal_window"))

PLEADINGS = Part(
    "us-pleadings",
    states=(
        state("complaint_filed", CIVIL, "pleadings", "Complaint filed, service pending",
              legal_basis=f"{FRCP} 3, 4(m)"),
        state("served", CIVIL, "pleadings", "Served, answer due", active=False,
              legal_basis=f"{FRCP} 12(a)"),
        state("default_entered", CIVIL, "pleadings", "Default entered", active=False,
              legal_basis=f"{FRCP} 55(a)"),
        state("dismissed", CIVIL, "disposition", "Dismissed (no timely service)", final=True,
              closing_kind="dismissal", legal_basis=f"{FRCP} 4(m)"),
        state("voluntarily_dismissed", CIVIL, "disposition", "Voluntarily dismissed", final=True,
              closing_kind="dismissal", tags={"voluntary"}, legal_basis=f"{FRCP} 41(a)"),
        state("default_judgment", CIVIL, "judgment", "Default judgment", final=True,
              closing_kind="default_judgment", tags={"effective", "enforceable"},
              legal_basis=f"{FRCP} 55(b)"),
    ),
    transitions=(
        move("file_complaint", (), "complaint_filed", "File complaint", f"{FRCP} 3",
             accepts=True, clocks=(start("service_deadline"), start("disposition_goal")),
             actor="party"),
        move("serve_defendant", "complaint_filed", "served", "Serve summons and complaint",
             f"{FRCP} 4(c), 4(l)", needs=("method",), records=("method",),
             clocks=(stop("service_deadline"), start("answer_due")), actor="party"),
        move("extend_service_time", "complaint_filed", None, "Extend time to serve",
             f"{FRCP} 4(m)", guards=("good_cause",),
             clocks=(ClockEffect("service_deadline", "extend", "period.service_extension"),),
             actor="judge"),
        move("dismiss_for_no_service", "complaint_filed", "dismissed",
             "Dismiss without prejudice (not served in time)", f"{FRCP} 4(m)", clocks=_END,
             actor="judge"),
        move("file_answer", "served", "at_issue", "File answer", f"{FRCP} 12(a)(1)(A)(i)",
             sets="answer_filed", clocks=(stop("answer_due"),), actor="party"),
        move("enter_default", "served", "default_entered", "Enter default (no answer)",
             f"{FRCP} 55(a)", clocks=(stop("answer_due"),), actor="clerk"),
        move("set_aside_default", "default_entered", "at_issue", "Set aside default, answer",
             f"{FRCP} 55(c)", guards=("good_cause",), sets="answer_filed", actor="judge"),
        move("enter_default_judgment", "default_entered", "default_judgment",
             "Enter default judgment", f"{FRCP} 55(b)(1)",
             guards=("sum_certain",), clocks=_END, actor="clerk"),
        move("enter_default_judgment", "default_entered", "default_judgment",
             "Enter default judgment", f"{FRCP} 55(b)(2)",
             guards=("default_hearing_held",), clocks=_END, actor="judge"),
        # One trigger, two paths: the first whose guards pass wins. Paths of one trigger share
        # a label: event descriptions show a trigger's first label whichever path fired.
        move("dismiss_voluntarily", LITIGATING, "voluntarily_dismissed",
             "Dismiss voluntarily", f"{FRCP} 41(a)(1)(A)(i)",
             guards=("before_answer",), clocks=_END, actor="party"),
        move("dismiss_voluntarily", LITIGATING, "voluntarily_dismissed",
             "Dismiss voluntarily", f"{FRCP} 41(a)(1)(A)(ii)",
             guards=("stipulated",), clocks=_END, actor="party"),
    ),
)  # fmt: skip

PRETRIAL = Part(
    "us-pretrial-and-adr",
    states=(
        state("at_issue", CIVIL, "pretrial", "Answered, awaiting scheduling order",
              legal_basis=f"{FRCP} 16(b)"),
        state("discovery", CIVIL, "pretrial", "Discovery", legal_basis=f"{FRCP} 26-37"),
        state("stayed", CIVIL, "pretrial", "Stayed", active=False,
              legal_basis="11 U.S.C. § 362 (bankruptcy stay); inherent power"),
        state("in_adr", CIVIL, "adr", "In court-annexed ADR (mediation or arbitration)",
              legal_basis="Court-annexed ADR rules"),
        state("settled", CIVIL, "disposition", "Settled", final=True, closing_kind="settlement"),
        state("ready_for_trial", CIVIL, "pretrial", "Discovery closed, awaiting trial",
              legal_basis=f"{FRCP} 16(e)"),
        state("summary_judgment_pending", CIVIL, "pretrial", "Summary-judgment motion pending",
              legal_basis=f"{FRCP} 56"),
    ),
    transitions=(
        move("demand_jury", ("complaint_filed", "served", "at_issue", "discovery"), None,
             "Demand a jury", f"{FRCP} 38(b)", sets="jury_demanded", actor="party"),
        move("issue_scheduling_order", "at_issue", "discovery", "Issue scheduling order",
             f"{FRCP} 16(b)", actor="judge"),
        move("refer_to_adr", "discovery", "in_adr", "Refer to court-annexed ADR",
             "Court-annexed ADR rules; 28 U.S.C. § 652 (federal model)",
             guards=("adr_available",), needs=("program",), records=("program",),
             clocks=(start("adr_period"),), actor="judge"),
        move("return_to_docket", "in_adr", "discovery", "Return to the docket (no settlement)",
             "Court-annexed ADR rules", clocks=(stop("adr_period"),), actor="court"),
        move("settle", LITIGATING, "settled", "Settle", f"{FRCP} 41(a)(1)(A)(ii)",
             clocks=_END, actor="party"),
        move("stay_proceedings", "discovery", "stayed", "Stay proceedings",
             "11 U.S.C. § 362; the court's inherent power", needs=("grounds",),
             records=("grounds",), clocks=(ClockEffect("disposition_goal", "suspend"),),
             actor="judge"),
        move("lift_stay", "stayed", "discovery", "Lift stay", "the court's inherent power",
             clocks=(ClockEffect("disposition_goal", "resume"),), actor="judge"),
        move("close_discovery", "discovery", "ready_for_trial", "Close discovery",
             f"{FRCP} 16(b)(3)(A)", actor="judge"),
        move("move_for_summary_judgment", "ready_for_trial", "summary_judgment_pending",
             "Move for summary judgment", f"{FRCP} 56(b)", sets="summary_judgment_moved",
             actor="party"),
        move("deny_summary_judgment", "summary_judgment_pending", "ready_for_trial",
             "Deny summary judgment", f"{FRCP} 56(a)", actor="judge"),
        move("grant_summary_judgment", "summary_judgment_pending", "judgment_entered",
             "Grant summary judgment", f"{FRCP} 56(a), 58", needs=("prevailing_party",),
             records=("prevailing_party", "amount"), clocks=_JUDGMENT,
             clears="new_trial_time_lapsed", actor="judge"),
    ),
)  # fmt: skip

TRIAL = Part(
    "us-trial-and-judgment",
    states=(
        state("jury_trial", CIVIL, "trial", "Jury trial", legal_basis=f"{FRCP} 38, 48"),
        state("bench_trial", CIVIL, "trial", "Bench trial", legal_basis=f"{FRCP} 52(a)"),
        state("judgment_entered", CIVIL, "judgment", "Judgment entered, appeal window open",
              active=False, closing_kind="judgment", legal_basis=f"{FRCP} 58"),
        state("new_trial_motion_pending", CIVIL, "post_judgment", "New-trial motion pending",
              closing_kind="judgment", legal_basis=f"{FRCP} 59"),
        state("on_appeal", CIVIL, "post_judgment", "On appeal", active=False,
              closing_kind="judgment", legal_basis=f"{FRAP} 3, 4"),
        state("judgment_final", CIVIL, "judgment", "Judgment final", final=True,
              closing_kind="judgment", tags={"effective", "enforceable"}),
        state("judgment_reversed", CIVIL, "judgment", "Judgment reversed on appeal", final=True,
              closing_kind="judgment", tags={"effective", "reversed"}),
    ),
    transitions=(
        move("commence_trial", "ready_for_trial", "jury_trial", "Commence trial",
             f"{FRCP} 38, 48", guards=("jury_demanded",), actor="judge"),
        move("commence_trial", "ready_for_trial", "bench_trial", "Commence trial",
             f"{FRCP} 38(d)", guards=("no_jury_demand",), actor="judge"),
        move("declare_mistrial", "jury_trial", "ready_for_trial", "Declare a mistrial",
             f"{FRCP} 48(b)", actor="judge"),
        move("enter_judgment", ("jury_trial", "bench_trial"), "judgment_entered",
             "Enter judgment", f"{FRCP} 52(a), 58", needs=("prevailing_party",),
             records=("prevailing_party", "amount"), clocks=_JUDGMENT,
             clears="new_trial_time_lapsed", actor="judge"),
        move("lapse_new_trial_time", "judgment_entered", None, "Time for a new-trial motion ends",
             f"{FRCP} 59(b)", guards=("new_trial_time_open",), sets="new_trial_time_lapsed",
             clocks=(stop("new_trial_motion"),), actor="system"),
        move("move_for_new_trial", "judgment_entered", "new_trial_motion_pending",
             "Move for a new trial", f"{FRCP} 59(b); {FRAP} 4(a)(4)(A)",
             guards=("new_trial_time_open",),
             clocks=(stop("new_trial_motion"), stop("appeal_window")), actor="party"),
        # The time to appeal runs again from the order disposing of the motion.
        move("deny_new_trial", "new_trial_motion_pending", "judgment_entered",
             "Deny new trial", f"{FRAP} 4(a)(4)(A)", sets="new_trial_time_lapsed",
             clocks=(ClockEffect("appeal_window", "restart"),), actor="judge"),
        move("grant_new_trial", "new_trial_motion_pending", "ready_for_trial", "Grant new trial",
             f"{FRCP} 59(a)", actor="judge"),
        move("file_notice_of_appeal", "judgment_entered", "on_appeal", "File notice of appeal",
             f"{FRAP} 3, 4(a)(1)(A)", opens="docket_appeal",
             clocks=(stop("appeal_window"), stop("new_trial_motion")), actor="party"),
        move("become_final", "judgment_entered", "judgment_final",
             "Become final (no appeal in time)", f"{FRAP} 4(a)(1)(A)",
             clocks=(stop("appeal_window"), stop("new_trial_motion")), actor="system"),
        move("receive_mandate", "on_appeal", "judgment_final", "Receive mandate",
             f"{FRAP} 41", guards=("appeal_affirmed",), actor="clerk"),
        move("receive_mandate", "on_appeal", "judgment_reversed", "Receive mandate",
             f"{FRAP} 41", guards=("appeal_reversed",), actor="clerk"),
        move("receive_mandate", "on_appeal", "ready_for_trial", "Receive mandate",
             f"{FRAP} 41", guards=("appeal_remanded",), actor="clerk"),
    ),
)  # fmt: skip

APPEALS = Part(
    "us-appeal",
    states=(
        state("appeal_docketed", APPEAL, "appeal", "Appeal docketed, briefing",
              legal_basis=f"{FRAP} 12, 31"),
        state("appeal_submitted", APPEAL, "appeal", "Briefed and submitted",
              legal_basis=f"{FRAP} 34"),
        state("affirmed", APPEAL, "appeal", "Affirmed", final=True, closing_kind="judgment",
              tags={"affirmed"}, legal_basis=f"{FRAP} 36"),
        state("reversed", APPEAL, "appeal", "Reversed", final=True, closing_kind="judgment",
              tags={"reversed"}, legal_basis=f"{FRAP} 36"),
        state("remanded", APPEAL, "appeal", "Reversed and remanded", final=True,
              closing_kind="remand", tags={"remanded"}, legal_basis=f"{FRAP} 36"),
        state("appeal_dismissed", APPEAL, "appeal", "Appeal dismissed", final=True,
              closing_kind="dismissal", legal_basis=f"{FRAP} 42(b)"),
    ),
    transitions=(
        move("docket_appeal", (), "appeal_docketed", "Docket the appeal", f"{FRAP} 12(a)",
             requires="on_appeal", accepts=True, clocks=(start("appellant_brief"),),
             actor="clerk"),
        move("file_briefs", "appeal_docketed", "appeal_submitted", "File briefs",
             f"{FRAP} 28, 31", clocks=(stop("appellant_brief"),), actor="party"),
        move("affirm", "appeal_submitted", "affirmed", "Affirm", f"{FRAP} 36", actor="judge"),
        move("reverse", "appeal_submitted", "reversed", "Reverse", f"{FRAP} 36", actor="judge"),
        move("remand", "appeal_submitted", "remanded", "Reverse and remand", f"{FRAP} 36",
             actor="judge"),
        move("dismiss_appeal", ("appeal_docketed", "appeal_submitted"), "appeal_dismissed",
             "Dismiss appeal", f"{FRAP} 42(b)", clocks=(stop("appellant_brief"),),
             actor="party"),
    ),
)  # fmt: skip

COLLECTION = Part(
    "us-collection",
    states=(
        state("writ_issued", ENFORCEMENT, "enforcement", "Writ of execution issued",
              legal_basis=f"{FRCP} 69(a)"),
        state("garnishment", ENFORCEMENT, "enforcement", "Garnishment in effect",
              legal_basis=f"{FRCP} 69(a); 15 U.S.C. § 1673"),
        state("writ_returned_unsatisfied", ENFORCEMENT, "enforcement",
              "Writ returned unsatisfied", active=False),
        state("satisfied", ENFORCEMENT, "enforcement", "Judgment satisfied", final=True,
              closing_kind="satisfied", legal_basis="State satisfaction-of-judgment statutes"),
        state("uncollectible", ENFORCEMENT, "enforcement", "Closed as uncollectible", final=True,
              closing_kind="uncollectible"),
    ),
    transitions=(
        move("issue_writ_of_execution", (), "writ_issued", "Issue writ of execution",
             f"{FRCP} 62(a), 69(a)", requires=("judgment_final", "default_judgment"),
             guards=("judgment_for_plaintiff",), accepts=True, clocks=(start("writ_return"),),
             actor="clerk"),
        move("serve_garnishment", ("writ_issued", "writ_returned_unsatisfied"), "garnishment",
             "Serve writ of garnishment", f"{FRCP} 69(a); 15 U.S.C. § 1673(a)",
             guards=("within_garnishment_limit",), needs=("garnishee", "share"),
             records=("garnishee", "share"), clocks=(stop("writ_return"),), actor="clerk"),
        move("record_payment", ("writ_issued", "garnishment"), None, "Record payment",
             f"{FRCP} 69(a)", needs=("amount",), actor="clerk"),
        move("return_writ_unsatisfied", "writ_issued", "writ_returned_unsatisfied",
             "Writ returned unsatisfied", "State execution statutes",
             clocks=(stop("writ_return"),), actor="sheriff"),
        move("release_garnishment", "garnishment", "writ_returned_unsatisfied",
             "Release garnishment (not paid in full)", "State garnishment statutes",
             actor="clerk"),
        move("reissue_writ", "writ_returned_unsatisfied", "writ_issued", "Reissue writ",
             f"{FRCP} 69(a)", clocks=(ClockEffect("writ_return", "restart"),), actor="clerk"),
        move("file_satisfaction", ("writ_issued", "garnishment", "writ_returned_unsatisfied"),
             "satisfied", "File satisfaction of judgment",
             "State satisfaction-of-judgment statutes", clocks=(stop("writ_return"),),
             actor="party"),
        move("close_as_uncollectible", "writ_returned_unsatisfied", "uncollectible",
             "Close as uncollectible", "Court administrative practice", actor="clerk"),
    ),
)  # fmt: skip


def us_civil_lifecycle() -> Lifecycle:
    """
    The US state civil lifecycle, composed and validated.
    """
    return Lifecycle.compose(
        "us-state-civil-model",
        (BASE, PLEADINGS, PRETRIAL, TRIAL, APPEALS, COLLECTION),
        version="1",
        label_en="US state civil court (general jurisdiction), federal rules as model rules",
        description=__doc__ or "",
    )


# ---------------------------------------------------------------------------------------------
# Docket numbers: the engine asks a CaseNumbering for each new proceeding's number.
# ---------------------------------------------------------------------------------------------


class DocketNumbering:
    """
    US-style docket numbers: year, case-type code, six-digit serial (``2025-CV-000123``).

    Serials count per (year, court, type code) from ``start`` (default 1), in memory.
    """

    def __init__(self, start: Mapping[tuple[int, str, str], int] | None = None) -> None:
        self._next: dict[tuple[int, str, str], int] = dict(start or {})
        self._lock = threading.Lock()

    def assign(self, court: d.Court, kind: ProceedingKind, on: pendulum.Date) -> str:
        """
        The next number for ``kind`` at ``court`` in ``on``'s year.
        """
        key = (on.year, court.code or court.id, kind.type_code)
        with self._lock:
            serial = self._next.get(key, 1)
            self._next[key] = serial + 1
        return f"{on.year}-{kind.type_code}-{serial:06d}"


# ---------------------------------------------------------------------------------------------
# Running cases.
# ---------------------------------------------------------------------------------------------


def at(
    year: int, month: int, day: int, hour: int = 9, minute: int = 0, tz: str = TZ
) -> pendulum.DateTime:
    """
    A court-local timestamp (America/Chicago unless ``tz`` says otherwise).
    """
    return pendulum.datetime(year, month, day, hour, minute, tz=tz)


class Run:
    """
    Fires triggers on one case, prints what each act recorded and keeps the log.
    """

    def __init__(self, engine: d.Engine, outcome: d.Outcome) -> None:
        self.engine = engine
        self.case = outcome.case
        self.log: list[d.Event] = []
        self._record(outcome)

    def _record(self, outcome: d.Outcome) -> None:
        self.case = outcome.case
        self.log += outcome.events
        for line in outcome.describe(self.engine.lifecycle):
            print("   ", line)

    def fire(self, proceeding: str, trigger: str, when: pendulum.DateTime, **kw: Any) -> None:
        """
        Fire ``trigger`` on ``proceeding``.
        """
        actor = kw.pop("actor", "clerk")
        self._record(self.engine.fire(self.case, proceeding, trigger, at=when, actor=actor, **kw))

    def advance(self, until: pendulum.DateTime) -> None:
        """
        Let every clock that ran out before ``until`` fire its expiry trigger.
        """
        print(f"  advance to {until.to_datetime_string()}:")
        self._record(self.engine.advance(self.case, until))

    def deadlines(self, when: pendulum.DateTime) -> None:
        """
        Print every running clock.
        """
        print(f"  deadlines on {when.to_date_string()}:")
        for c in self.engine.deadlines(self.case, when):
            dl = c.view.deadline
            notes = []
            if dl.rolled_over:
                notes.append(f"rolled over from {dl.extended_on.isoformat()}")
            if dl.provisional:
                years = ", ".join(map(str, dl.waiting_for))
                notes.append(f"provisional: calendar {dl.calendar_id!r} lacks {years}")
            extra = f" ({'; '.join(notes)})" if notes else ""
            print(
                f"    {c.case_number} {c.label_en}: due {dl.due_on.isoformat()}, "
                f"{c.view.remaining_days} days left{extra} [{c.legal_basis}]"
            )

    def allowed(self, proceeding: str, when: pendulum.DateTime) -> None:
        """
        Print what may be done on ``proceeding`` now, and why blocked actions are blocked.
        """
        p = self.case.proceeding(proceeding)
        print(f"  allowed on {p.case_number} ({p.state}):")
        for a in self.engine.allowed(self.case, proceeding, at=when):
            why = "; ".join(f"{g}: {r}" for g, r in a.reasons)
            print(f"    {'+' if a.allowed else '-'} {a.trigger}" + (f"  ({why})" if why else ""))


def us_engine(lifecycle: Lifecycle, start: Mapping[tuple[int, str, str], int]) -> d.Engine:
    """
    An engine for the Prairie County court and its court of appeals.
    """
    courts = [
        d.Court("appeals-5", "Court of Appeals, Fifth District", code="COA5", tz=TZ),
        d.Court("prairie", "Prairie County District Court", code="PRAIRIE", tz=TZ,
                parent="appeals-5", region="prairie"),
    ]  # fmt: skip
    numbering = DocketNumbering(start)
    assert isinstance(numbering, CaseNumbering)  # the protocol is runtime-checkable
    return d.Engine(
        lifecycle, calendar=us_federal_calendar(), courts=courts, numbering=numbering, tz=TZ
    )


def contested_case(engine: d.Engine) -> Run:
    """
    A contract case: answered, mediated without success, jury verdict, appeal affirmed,
    collected by garnishment.
    """
    facts = d.Facts(
        category="contract",
        court="prairie",
        region="prairie",
        claim_amount=Decimal("48500"),
        parties=(d.Party("Ada Supply LLC", "plaintiff", "organisation"),
                 d.Party("B. Brown", "defendant")),
    )  # fmt: skip
    print("\n== Case C-1: Ada Supply LLC v. Brown (contract, $48,500) ==")
    run = Run(engine, engine.open("C-1", facts, "file_complaint", at=at(2025, 3, 3, 9, 30),
                                  actor="plaintiff"))  # fmt: skip
    run.deadlines(at(2025, 3, 3, 10))
    run.fire(
        "p1", "serve_defendant", at(2025, 5, 5), data={"method": "personal"}, actor="process server"
    )
    run.deadlines(at(2025, 5, 5, 10))
    run.fire("p1", "file_answer", at(2025, 5, 22), actor="defendant")
    run.fire("p1", "demand_jury", at(2025, 5, 28), actor="plaintiff")
    try:
        run.fire("p1", "dismiss_voluntarily", at(2025, 6, 2), actor="plaintiff")
    except TriggerNotAllowedError as err:
        print("  refused:", err.reason)
    run.fire("p1", "issue_scheduling_order", at(2025, 6, 10), actor="judge")
    run.fire("p1", "refer_to_adr", at(2025, 7, 1), data={"program": "mediation"}, actor="judge")
    run.allowed("p1", at(2025, 7, 2))
    run.advance(at(2025, 10, 1))  # mediation ran out: back on the docket
    run.fire("p1", "close_discovery", at(2025, 11, 14), actor="judge")
    run.fire("p1", "move_for_summary_judgment", at(2025, 12, 1), actor="plaintiff")
    run.fire("p1", "deny_summary_judgment", at(2026, 1, 12), actor="judge")
    run.fire("p1", "commence_trial", at(2026, 2, 9), actor="judge")
    run.fire("p1", "enter_judgment", at(2026, 2, 12),
             data={"prevailing_party": "plaintiff", "amount": "48500"}, actor="judge")  # fmt: skip
    run.deadlines(at(2026, 2, 12, 15))
    run.advance(at(2026, 3, 13, 12))  # 28 days for a new-trial motion ran out
    run.allowed("p1", at(2026, 3, 13, 12))
    # 30 days end on Saturday 2026-03-14: Monday the 16th is still in time.
    run.fire("p1", "file_notice_of_appeal", at(2026, 3, 16, 16), actor="defendant")
    run.deadlines(at(2026, 3, 16, 17))
    run.fire("p2", "file_briefs", at(2026, 4, 24), actor="parties")
    run.fire("p2", "affirm", at(2026, 9, 29), actor="panel")
    run.fire("p1", "receive_mandate", at(2026, 10, 21))
    run.fire("p1", "issue_writ_of_execution", at(2026, 10, 26))
    run.deadlines(at(2026, 10, 26, 10))
    run.fire("p3", "serve_garnishment", at(2026, 11, 2),
             data={"garnishee": "Brown's employer", "share": "0.25"})  # fmt: skip
    run.fire("p3", "record_payment", at(2026, 12, 1), data={"amount": "30000"})
    run.fire("p3", "file_satisfaction", at(2027, 2, 1), actor="plaintiff")
    return run


def default_case(engine: d.Engine) -> Run:
    """
    A debt case the defendant never answers: default, then default judgment by the clerk.
    """
    facts = d.Facts(category="debt_collection", court="prairie", claim_amount=Decimal("6200"),
                    parties=(d.Party("C. Credit Union", "plaintiff", "organisation"),
                             d.Party("D. Doe", "defendant")))  # fmt: skip
    print("\n== Case C-2: C. Credit Union v. Doe (debt, $6,200, no answer) ==")
    run = Run(engine, engine.open("C-2", facts, "file_complaint", at=at(2025, 4, 1),
                                  actor="plaintiff"))  # fmt: skip
    run.fire(
        "p1",
        "serve_defendant",
        at(2025, 4, 7),
        data={"method": "substituted"},
        actor="process server",
    )
    run.advance(at(2025, 5, 5))  # 21 days to answer ran out on 2025-04-28
    run.fire("p1", "enter_default_judgment", at(2025, 5, 6))
    return run


def summarise(run: Run) -> None:
    """
    Print every proceeding and check that replaying the log gives the live case.
    """
    for p in run.case.proceedings:
        print(f"  {p.id} {p.kind:<13} {p.case_number} {p.court:<9} {p.state:<24} "
              f"accepted {p.accepted_on} closed {p.closed_on} ({p.closing_kind})")  # fmt: skip
    print("  replay equals live case:", run.engine.replay(run.log) == run.case)


def show_diagram(lifecycle: Lifecycle) -> None:
    """
    Print the Mermaid diagram if this disputeflow version has the diagrams package.
    """
    try:
        from disputeflow.diagrams import to_mermaid  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print("\n(disputeflow.diagrams is not available in this version: no Mermaid diagram)")
        return
    print("\n== Mermaid diagram ==")
    print(to_mermaid(lifecycle))


# ---------------------------------------------------------------------------------------------
# Part 2: a variant of the shipped PRC lifecycle.
# ---------------------------------------------------------------------------------------------


def _online_consent(ctx: GuardContext) -> str | None:
    return None if ctx.data.get("consent") is True else "the parties have not agreed to go online"


ONLINE_CONFERENCE = Part(
    "online-pretrial-conference",
    states=(
        State(name="online_pretrial_conference", kind="first_instance", stage="trial",
              label_en="Online pre-trial conference", label_zh="在线庭前会议",
              legal_basis="CPL Art. 136; SPC Online Litigation Rules (2021)",
              description="Evidence exchange and issues fixed by video before the hearing."),
    ),
    transitions=(
        Transition(trigger="hold_online_conference", source="ordinary_trial",
                   dest="online_pretrial_conference", guards=("online_consent",),
                   label_en="Hold online pre-trial conference", label_zh="召开在线庭前会议",
                   legal_basis="CPL Art. 136; SPC Online Litigation Rules (2021)",
                   actor="judge"),
        Transition(trigger="conclude_online_conference", source="online_pretrial_conference",
                   dest="ordinary_trial", label_en="Conclude pre-trial conference",
                   label_zh="庭前会议结束", legal_basis="CPL Art. 136", actor="judge"),
    ),
    guards=(
        Guard("online_consent", _online_consent, "The parties agreed to take part online.",
              "SPC Online Litigation Rules (2021)", "当事人同意在线诉讼"),
    ),
)  # fmt: skip


def internet_court_variant(prc: Lifecycle) -> Lifecycle:
    """
    A hypothetical internet court's variant of ``prc-civil-2025``.

    - adds an online pre-trial conference (a state, two transitions, a guard);
    - removes the referral to labour arbitration (the court hears no labour cases);
    - renames the state ``complaint_received`` and the trigger ``register``;
    - shortens the filing decision to 3 days (an internal target, not law).
    """
    return prc.derive(
        "example-internet-court-2025",
        label_en="Example internet court, civil (derived from prc-civil-2025)",
        label_zh="示例互联网法院民事程序",
        add=[ONLINE_CONFERENCE],
        remove_states=["referred_to_arbitration"],
        rename_states={"complaint_received": "online_complaint_received"},
        rename_triggers={"register": "register_online"},
        parameters=[
            constant("period.filing_decision", Period.days(3),
                     "Example internet court: internal target (hypothetical, not law)",
                     verified=False, label_en="Filing decision", label_zh="立案审查期限"),
        ],
    )  # fmt: skip


def variant_demo() -> None:
    """
    Derive the variant, show what changed and what a broken derivation reports, run a case.
    """
    prc = d.prc_civil_2025()
    print("\n== Part 2: deriving a variant of prc-civil-2025 ==")
    try:
        prc.derive("broken", remove_transitions=[("refer_to_arbitration", None)])
    except LifecycleDefinitionError as err:
        print("  removing only the transition leaves its state behind:")
        print("   ", str(err).replace("\n", "\n    "))
    try:
        prc.derive("typo", rename_states={"complaint_recieved": "x"})
    except UnknownNameError as err:
        print(f"  unknown name: {err.kind} {err.name!r} ({len(err.valid)} valid names listed)")
    variant = internet_court_variant(prc)
    added = sorted({s.name for s in variant.states} - {s.name for s in prc.states})
    removed = sorted({s.name for s in prc.states} - {s.name for s in variant.states})
    print(f"  {variant.id}: {len(variant.states)} states (prc-civil-2025: {len(prc.states)})")
    print(f"    states added: {', '.join(added)}; removed: {', '.join(removed)}")
    print(f"    triggers added: {sorted(set(variant.triggers) - set(prc.triggers))}")
    days = [lc.parameters.value("period.filing_decision", _TODAY) for lc in (variant, prc)]
    print(f"    filing decision: {days[0]} (prc-civil-2025: {days[1]})")
    print("    the original is unchanged:", prc.has_state("referred_to_arbitration"))

    court = d.Court("example-internet", "Example Internet Court", "示例互联网法院", "示01")
    engine = d.Engine(variant, courts=[court])
    facts = d.Facts(category="consumer", court="example-internet", claim_amount=Decimal("12800"),
                    parties=(d.Party("Li Na", "plaintiff"),
                             d.Party("Shop Ltd", "defendant", "organisation")))  # fmt: skip
    print("\n== Case V-1 under the variant ==")
    opened = engine.open("V-1", facts, "receive_complaint", at=at(2025, 3, 3, tz=BEIJING),
                         actor="clerk")  # fmt: skip
    run = Run(engine, opened)
    run.fire("p1", "register_online", at(2025, 3, 4, 9, tz=BEIJING))
    run.fire("p1", "assign_ordinary", at(2025, 3, 5, 9, tz=BEIJING), data={"judge": "J. Chen"})
    run.fire(
        "p1",
        "hold_online_conference",
        at(2025, 3, 20, 14, tz=BEIJING),
        data={"consent": True},
        actor="judge",
    )
    run.fire("p1", "conclude_online_conference", at(2025, 3, 20, 16, tz=BEIJING), actor="judge")
    run.fire("p1", "render_judgment", at(2025, 4, 15, 10, tz=BEIJING), actor="judge")
    run.advance(at(2025, 5, 10, tz=BEIJING))
    summarise(run)


def main() -> None:
    """
    Build the US lifecycle, run two cases, print the diagram, then the PRC variant.
    """
    lifecycle = us_civil_lifecycle()
    kinds = ", ".join(k.name for k in lifecycle.kinds)
    print(f"{lifecycle.id}: {len(lifecycle.states)} states, {len(lifecycle.transitions)} "
          f"transitions, {len(lifecycle.clocks)} clocks; kinds: {kinds}")  # fmt: skip
    print(f"calendar: US federal holidays {min(US_FEDERAL_HOLIDAYS)}-{max(US_FEDERAL_HOLIDAYS)}"
          "; deadlines in other years are provisional")  # fmt: skip
    print("rules: Fed. R. Civ. P. / Fed. R. App. P. as model rules; state courts vary")
    engine = us_engine(lifecycle, {(2025, "PRAIRIE", "CV"): 123, (2026, "COA5", "AP"): 45})
    contested = contested_case(engine)
    summarise(contested)
    summarise(default_case(engine))
    show_diagram(lifecycle)
    variant_demo()


if __name__ == "__main__":
    main()
