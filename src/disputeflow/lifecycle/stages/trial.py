"""
First-instance trial on three tracks (繁简分流), with conversion, suspension, excluded periods
(审限扣除), hearing adjournments, time-limit extensions and the closing outcomes.

- small claims (小额诉讼): final at first instance, 2 months + 1 (CPL (2021) Art. 165-170);
- summary (简易程序): 3 months + 1 (CPL Art. 164);
- ordinary (普通程序): 6 months + 6 with the president's approval, further only with the
  higher court's (CPL Art. 152).

A judgment or ruling is served and the appeal window runs (15 / 10 days, 30 without PRC
domicile; CPL Art. 171, 276): it takes effect when the window runs out with no appeal.
With several parties the window is counted from the latest service date the caller gives
(``data["served_on"]`` is informational; the act's date is the service date used).
"""

from __future__ import annotations

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.guards import GuardContext, count_below, flags_all
from disputeflow.lifecycle.model import ClockSpec, Guard, State, Transition
from disputeflow.lifecycle.stages.common import TRACKS, S, T, appeal_window_exits, clk

__all__ = ["EFFECTIVE_FIRST_INSTANCE", "TRIAL", "track_states"]

K = "first_instance"

_TRACK = {
    "small_claims": ("Small-claims trial", "小额诉讼审理", "CPL Art. 165-170"),
    "summary": ("Summary trial", "简易程序审理", "CPL Art. 160-164"),
    "ordinary": ("Ordinary trial", "普通程序审理", "CPL Art. 152"),
}

SMALL_CLAIMS_EXCLUSIONS = (
    "personal_status",
    "property_right",
    "foreign_related",
    "appraisal_needed",
    "whereabouts_unknown",
    "counterclaim",
)


def _small_claims_allowed(ctx: GuardContext) -> str | None:
    assert ctx.case is not None
    facts = ctx.case.facts
    if ctx.category is not None and not ctx.category.monetary:
        return f"{ctx.category.label_en} is not a simple monetary claim"
    hits = [k for k in SMALL_CLAIMS_EXCLUSIONS if facts.attribute(k)]
    if hits:
        return "excluded from small claims: " + ", ".join(hits)
    return None


def _foreign(ctx: GuardContext) -> str | None:
    assert ctx.case is not None
    if any(not p.domicile_in_prc for p in ctx.case.facts.parties):
        return None
    return "every party has PRC domicile"


def _domestic(ctx: GuardContext) -> str | None:
    return None if _foreign(ctx) is not None else "a party has no PRC domicile (30-day window)"


def _no_exclusion(ctx: GuardContext) -> str | None:
    p = ctx.proceeding
    if p is not None and "excluded_period_open" in p.flags:
        return "an excluded period is open; end it first"
    return None


def _president_extension_used(ctx: GuardContext) -> str | None:
    p = ctx.proceeding
    if p is not None and p.count("extend_time_limit") >= 1:
        return None
    return "the president's extension has not been granted yet"


GUARDS: tuple[Guard, ...] = (
    Guard(
        "small_claims_allowed",
        _small_claims_allowed,
        "Not excluded from small claims (personal status, property rights, foreign-related, "
        "appraisal, unknown whereabouts, counterclaim).",
        "CPL Art. 166",
        "不属于小额诉讼排除情形",
    ),
    Guard(
        "party_without_domicile",
        _foreign,
        "A party has no PRC domicile (30-day appeal window).",
        "CPL Art. 276",
    ),
    Guard("all_parties_domiciled", _domestic, "Every party has PRC domicile.", "CPL Art. 171"),
    Guard("no_open_exclusion", _no_exclusion, "No excluded period is open.", "CPL Art. 152"),
    flags_all(
        "exclusion_open",
        ("excluded_period_open",),
        "An excluded period is open.",
        "SPC Provisions on Trial Time Limits",
    ),
    Guard(
        "president_extension_used",
        _president_extension_used,
        "The president has already extended the limit once.",
        "CPL Art. 152",
    ),
    *(
        count_below(
            f"adjournments_{t}",
            "adjourn_hearing",
            f"limit.adjournments.{t}",
            f"At most the allowed number of hearing adjournments ({t}).",
            "CPL Art. 149",
        )
        for t in TRACKS
    ),
    *(
        count_below(
            f"extensions_{t}",
            "extend_time_limit",
            f"limit.extensions.{t}",
            f"At most the allowed number of extensions ({t}).",
            _TRACK[t][2],
        )
        for t in TRACKS
    ),
    count_below(
        "higher_court_extensions",
        "extend_with_higher_court_approval",
        "limit.extensions.higher_court",
        "Further extensions approved by the higher court.",
        "CPL Art. 152",
    ),
)

CLOCKS = (
    ClockSpec(
        "trial_limit",
        "Trial time limit",
        "审理期限",
        "period.trial.ordinary",
        kind="time_limit",
        legal_basis="CPL Art. 152, 164, 168",
        excludable=True,
    ),
    ClockSpec(
        "appeal_window",
        "Appeal period",
        "上诉期",
        "period.appeal.judgment",
        kind="window",
        legal_basis="CPL Art. 171",
        on_expiry="take_effect",
    ),
    ClockSpec(
        "execution_application",
        "Execution application period (a defence)",
        "申请执行期间（抗辩事由）",
        "period.execution_application",
        kind="defence",
        legal_basis="CPL Art. 246",
    ),
    ClockSpec(
        "retrial_application",
        "Retrial application period",
        "申请再审期限",
        "period.retrial_application",
        kind="window",
        legal_basis="CPL Art. 212",
    ),
)

#: Clocks that start when a decision takes legal effect.
EFFECT_CLOCKS = (clk("execution_application", "start"), clk("retrial_application", "start"))
_STOP = (clk("trial_limit", "stop"),)


def _serve_appealable(track: str, trigger: str, dest: str, en: str, zh: str) -> list[Transition]:
    kind = "judgment" if dest == "judgment_served" else "ruling"
    base = f"period.appeal.{kind}"
    return [
        T(
            trigger,
            f"{track}_trial",
            dest,
            en,
            zh,
            guards=("party_without_domicile",),
            clocks=(*_STOP, clk("appeal_window", "start", "period.appeal.foreign")),
            actor="judge",
            legal_basis="CPL Art. 171, 276",
        ),
        T(
            trigger,
            f"{track}_trial",
            dest,
            en,
            zh,
            guards=("all_parties_domiciled",),
            clocks=(*_STOP, clk("appeal_window", "start", base)),
            actor="judge",
            legal_basis="CPL Art. 171",
        ),
    ]


def track_states(track: str) -> tuple[State, ...]:
    """
    The trial and suspended states of one track.
    """
    en, zh, basis = _TRACK[track]
    return (
        S(f"{track}_trial", K, "trial", en, zh, legal_basis=basis),
        S(
            f"{track}_suspended",
            K,
            "trial",
            f"{en}: suspended",
            f"{zh}：中止",
            active=False,
            legal_basis="CPL Art. 153",
        ),
    )


def _track(track: str) -> list[Transition]:
    trial = f"{track}_trial"
    ts = [
        T(
            f"assign_{track}",
            "registered",
            trial,
            f"Assign to {_TRACK[track][0].lower()}",
            f"分流至{_TRACK[track][1]}",
            guards=("small_claims_allowed",) if track == "small_claims" else (),
            clocks=(clk("trial_limit", "retime", f"period.trial.{track}"),),
            records=("judge",),
            actor="judge",
            legal_basis=_TRACK[track][2],
        ),
        T(
            "suspend_proceedings",
            trial,
            f"{track}_suspended",
            "Suspend proceedings",
            "中止诉讼",
            guards=("no_open_exclusion",),
            clocks=(clk("trial_limit", "suspend"),),
            needs=("grounds",),
            actor="judge",
            legal_basis="CPL Art. 153",
        ),
        T(
            "resume_proceedings",
            f"{track}_suspended",
            trial,
            "Resume proceedings",
            "恢复诉讼",
            clocks=(clk("trial_limit", "resume"),),
            actor="judge",
            legal_basis="CPL Art. 153",
        ),
        T(
            "adjourn_hearing",
            trial,
            None,
            "Adjourn hearing",
            "延期开庭",
            guards=(f"adjournments_{track}",),
            actor="judge",
            legal_basis="CPL Art. 149",
        ),
        T(
            "start_excluded_period",
            trial,
            None,
            "Start excluded period",
            "开始扣除审限",
            guards=("no_open_exclusion",),
            needs=("reason",),
            sets=("excluded_period_open",),
            clocks=(clk("trial_limit", "suspend"),),
            actor="judge",
            legal_basis="SPC Provisions on Trial Time Limits",
        ),
        T(
            "end_excluded_period",
            trial,
            None,
            "End excluded period",
            "结束扣除审限",
            guards=("exclusion_open",),
            clears=("excluded_period_open",),
            clocks=(clk("trial_limit", "resume"),),
            actor="judge",
            legal_basis="SPC Provisions on Trial Time Limits",
        ),
        T(
            "extend_time_limit",
            trial,
            None,
            "Extend time limit (president's approval)",
            "院长批准延长审限",
            guards=(f"extensions_{track}",),
            needs=("approved_by",),
            clocks=(clk("trial_limit", "extend", f"period.extension.{track}"),),
            actor="judge",
            legal_basis=_TRACK[track][2],
        ),
        T(
            "mediate",
            trial,
            "mediated",
            "Close by mediation statement",
            "调解结案",
            clocks=(*_STOP, *EFFECT_CLOCKS),
            actor="judge",
            legal_basis="CPL Art. 100",
        ),
        T(
            "withdraw",
            trial,
            "withdrawn",
            "Withdraw the suit",
            "撤诉",
            clocks=_STOP,
            actor="party",
            legal_basis="CPL Art. 148",
        ),
    ]
    if track == "small_claims":
        ts += [
            T(
                "render_judgment",
                trial,
                "judgment_effective",
                "Render judgment (final on service)",
                "判决（送达即生效）",
                clocks=(*_STOP, *EFFECT_CLOCKS),
                actor="judge",
                legal_basis="CPL Art. 165",
            ),
            T(
                "render_ruling",
                trial,
                "ruling_effective",
                "Render ruling (final)",
                "裁定（一审终审）",
                clocks=_STOP,
                actor="judge",
                legal_basis="CPL Art. 165",
            ),
        ]
    else:
        ts += _serve_appealable(
            track, "render_judgment", "judgment_served", "Render judgment", "判决"
        )
        ts += _serve_appealable(track, "render_ruling", "ruling_served", "Render ruling", "裁定")
    if track == "ordinary":
        ts.append(
            T(
                "extend_with_higher_court_approval",
                trial,
                None,
                "Extend with the higher court's approval",
                "报请上级法院批准延长审限",
                guards=("president_extension_used", "higher_court_extensions"),
                needs=("approved_by",),
                clocks=(clk("trial_limit", "extend", "period.extension.ordinary.higher_court"),),
                actor="judge",
                legal_basis="CPL Art. 152",
            )
        )
    return ts


def _conversion(src: str, dst: str) -> Transition:
    return T(
        f"convert_to_{dst}",
        f"{src}_trial",
        f"{dst}_trial",
        f"Convert to {_TRACK[dst][0].lower()}",
        f"转为{_TRACK[dst][1]}",
        needs=("grounds",),
        # The limit keeps running from filing with the new track's period (unverified
        # whether it restarts: parameter conversion.restarts_time_limit documents it).
        clocks=(clk("trial_limit", "retime", f"period.trial.{dst}"),),
        actor="judge",
        legal_basis="CPL Art. 169-170",
    )


_CLOSED = (
    S(
        "judgment_served",
        K,
        "judgment",
        "Judgment served, appeal period running",
        "判决已送达，上诉期内",
        active=False,
        closing_kind="judgment",
        legal_basis="CPL Art. 171",
    ),
    S(
        "judgment_appealed",
        K,
        "judgment",
        "Judgment appealed",
        "判决已上诉",
        final=True,
        closing_kind="judgment",
        tags={"appealed"},
    ),
    S(
        "judgment_effective",
        K,
        "judgment",
        "Judgment effective",
        "判决生效",
        final=True,
        closing_kind="judgment",
        tags={"effective", "enforceable"},
    ),
    S(
        "ruling_served",
        K,
        "judgment",
        "Ruling served, appeal period running",
        "裁定已送达，上诉期内",
        active=False,
        closing_kind="ruling",
    ),
    S(
        "ruling_appealed",
        K,
        "judgment",
        "Ruling appealed",
        "裁定已上诉",
        final=True,
        closing_kind="ruling",
        tags={"appealed"},
    ),
    S(
        "ruling_effective",
        K,
        "judgment",
        "Ruling effective",
        "裁定生效",
        final=True,
        closing_kind="ruling",
        tags={"effective"},
    ),
    S(
        "mediated",
        K,
        "judgment",
        "Closed by mediation statement",
        "调解结案",
        final=True,
        closing_kind="mediation",
        tags={"effective", "enforceable"},
        legal_basis="CPL Art. 100",
    ),
    S(
        "withdrawn",
        K,
        "judgment",
        "Withdrawn",
        "撤诉",
        final=True,
        closing_kind="withdrawal",
        legal_basis="CPL Art. 148",
    ),
)

_AFTER_SERVICE = (
    *appeal_window_exits(
        "judgment_served",
        "judgment_appealed",
        "judgment_effective",
        "file_appeal",
        effect_clocks=EFFECT_CLOCKS,
    ),
    *appeal_window_exits(
        "ruling_served", "ruling_appealed", "ruling_effective", "file_ruling_appeal"
    ),
)

#: First-instance states in which the decision is effective and enforceable.
EFFECTIVE_FIRST_INSTANCE = ("judgment_effective", "mediated")

TRIAL = Part(
    "trial",
    states=(*(s for t in TRACKS for s in track_states(t)), *_CLOSED),
    transitions=(
        *(x for t in TRACKS for x in _track(t)),
        _conversion("small_claims", "summary"),
        _conversion("small_claims", "ordinary"),
        _conversion("summary", "ordinary"),
        *_AFTER_SERVICE,
    ),
    clocks=CLOCKS,
    guards=GUARDS,
)
