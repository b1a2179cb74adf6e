"""
Front-end resolution and mediation inside the court, in both regimes, and judicial
confirmation (司法确认).

Until 2024-12-31 (``prc-civil-2022``): a separate pre-filing mediation docket (诉前调解, 诉前调
numbers), 30 days extendable with both parties' consent; after filing, entrusted mediation
(委托调解) 15 days (ordinary) / 7 days (summary).

From 2025-01-01 (``prc-civil-2025``, SPC Opinion on Civil Filing and Mediation): no pre-filing
docket; conforming complaints are filed first and prior mediation (先行调解) needs the parties'
consent: 15 / 7 days from the mediator's receipt, +30 days by consent, the extension excluded
from the trial time limit. Settled: withdrawal or immediate performance, closed as "other";
failed: transfer to trial after the filing fee is paid (unpaid: treated as withdrawn).

Venues (recorded as ``venue`` when a mediator is assigned): ``people_mediation_committee``
(人民调解委员会), ``industry_mediation`` (行业性专业性调解), ``administrative_mediation``,
``court_roster`` (特邀调解, "inviting in"), ``grid_point`` / ``governance_centre`` (网格、综治中心,
"going out"), ``online_platform`` (人民法院调解平台), ``government_court_linkage`` (府院联动).
"""

from __future__ import annotations

from disputeflow.lifecycle.definition import Part
from disputeflow.lifecycle.guards import count_below
from disputeflow.lifecycle.model import ClockSpec, Transition
from disputeflow.lifecycle.stages.common import TRACKS, S, T, clk
from disputeflow.lifecycle.stages.trial import EFFECT_CLOCKS

__all__ = [
    "CONFIRMATION",
    "ENTRUSTED_MEDIATION_2022",
    "PRE_FILING_MEDIATION_2022",
    "PRIOR_MEDIATION_2025",
    "VENUES",
]

VENUES = (
    "people_mediation_committee",
    "industry_mediation",
    "administrative_mediation",
    "court_roster",
    "grid_point",
    "governance_centre",
    "online_platform",
    "government_court_linkage",
)

_GUIDE = "SPC Guiding Opinion on Entrusted Mediation (2020)"
_SIM = "SPC Provisions on Specially Invited Mediation (2016)"
_OPINION = "SPC Opinion on Civil Filing and Mediation (2025)"
_CONF = "CPL Art. 201-202; SPC Provisions on Judicial Confirmation Procedure"
M = "pre_filing_mediation"
J = "judicial_confirmation"
F = "first_instance"


def _mediation_period(track: str) -> str:
    # Small claims follow the summary rules where not stated otherwise (CPL Art. 165).
    return "ordinary" if track == "ordinary" else "summary"


# -- pre-filing mediation (until 2024-12-31) -------------------------------------------------

PRE_FILING_MEDIATION_2022 = Part(
    "pre-filing-mediation-2022",
    states=(
        S("diverted_to_mediation", F, "filing", "Diverted to pre-filing mediation", "转诉前调解",
          final=True, closing_kind="diverted", legal_basis=_GUIDE),
        S("mediation_received", M, "mediation", "Awaiting mediator", "待指派调解员",
          legal_basis=_GUIDE),
        S("mediating", M, "mediation", "Mediating", "调解中", legal_basis=_GUIDE),
        S("mediation_succeeded", M, "mediation", "Agreement reached", "调解成功",
          final=True, closing_kind="mediation_success", tags={"agreement"}),
        S("mediation_failed", M, "mediation", "Mediation failed", "调解不成",
          final=True, closing_kind="mediation_failed"),
        S("mediation_withdrawn", M, "mediation", "Mediation withdrawn", "撤回调解申请",
          final=True, closing_kind="withdrawal"),
    ),
    transitions=(
        T("divert_to_pre_filing_mediation", "complaint_received", "diverted_to_mediation",
          "Divert to pre-filing mediation", "引导诉前调解", guards=("parties_consent",),
          clocks=(clk("filing_decision", "stop"),), opens="accept_diverted_complaint",
          actor="clerk", legal_basis=_GUIDE),
        T("apply_pre_filing_mediation", (), "mediation_received", "Apply for pre-filing mediation",
          "申请诉前调解", accepts=True, actor="party", legal_basis=_GUIDE),
        T("accept_diverted_complaint", (), "mediation_received", "Open pre-filing mediation",
          "诉前调解立号", requires="diverted_to_mediation", accepts=True, actor="clerk",
          legal_basis=_GUIDE),
        T("assign_mediator", "mediation_received", "mediating", "Assign mediator", "指派调解员",
          needs=("venue", "mediator"), records=("venue", "mediator"),
          clocks=(clk("pre_filing_mediation", "start"),), actor="clerk", legal_basis=_GUIDE),
        T("reassign_mediator", "mediating", None, "Reassign mediator", "更换调解员",
          needs=("venue", "mediator"), records=("venue", "mediator"), actor="clerk"),
        T("extend_mediation", "mediating", None, "Extend mediation (both parties consent)",
          "经双方同意延长调解期限", guards=("parties_consent", "mediation_extensions"),
          clocks=(clk("pre_filing_mediation", "extend", "period.extension.pre_filing_mediation"),),
          actor="mediator", legal_basis=_GUIDE),
        T("reach_agreement", "mediating", "mediation_succeeded", "Reach agreement", "达成调解协议",
          clocks=(clk("pre_filing_mediation", "stop"), clk("confirmation_application", "start")),
          actor="mediator", legal_basis=_GUIDE),
        T("fail_mediation", ("mediating", "mediation_received"), "mediation_failed",
          "Mediation fails", "调解不成", clocks=(clk("pre_filing_mediation", "stop"),),
          opens="file_after_mediation", actor="mediator", legal_basis=_GUIDE),
        T("withdraw_mediation", ("mediating", "mediation_received"), "mediation_withdrawn",
          "Withdraw from mediation", "撤回调解", clocks=(clk("pre_filing_mediation", "stop"),),
          actor="party", legal_basis=_GUIDE),
        T("file_after_mediation", (), "registered", "File the case after failed mediation",
          "调解不成转立案", requires="mediation_failed", accepts=True,
          clocks=(clk("trial_limit", "start", "period.trial.ordinary"),), actor="clerk",
          legal_basis="CPL Art. 126; " + _GUIDE),
    ),
    clocks=(
        ClockSpec("pre_filing_mediation", "Pre-filing mediation period", "诉前调解期限",
                  "period.pre_filing_mediation", kind="time_limit", legal_basis=_GUIDE,
                  on_expiry="fail_mediation"),
    ),
    guards=(
        count_below("mediation_extensions", "extend_mediation", "limit.extensions.mediation",
                    "At most the allowed number of extensions by consent.", _GUIDE),
    ),
)  # fmt: skip


# -- entrusted mediation after filing (until 2024-12-31) -------------------------------------


def _entrusted(track: str) -> list[Transition]:
    trial, med = f"{track}_trial", f"{track}_entrusted_mediation"
    stop = clk("entrusted_mediation", "stop")
    return [
        T("entrust_mediation", trial, med, "Entrust mediation", "委托调解",
          guards=("parties_consent",), needs=("venue", "mediator"), records=("venue", "mediator"),
          clocks=(clk("entrusted_mediation", "start",
                      f"period.entrusted_mediation.{_mediation_period(track)}"),),
          actor="judge", legal_basis=_SIM),
        T("end_entrusted_mediation", med, trial, "End entrusted mediation (no agreement)",
          "委托调解不成", clocks=(stop,), actor="mediator", legal_basis=_SIM),
        T("mediate", med, "mediated", "Close by mediation statement", "调解结案",
          clocks=(stop, clk("trial_limit", "stop"), *EFFECT_CLOCKS), actor="judge",
          legal_basis="CPL Art. 100"),
        T("withdraw", med, "withdrawn", "Withdraw the suit", "撤诉",
          clocks=(stop, clk("trial_limit", "stop")), actor="party", legal_basis="CPL Art. 148"),
    ]  # fmt: skip


ENTRUSTED_MEDIATION_2022 = Part(
    "entrusted-mediation-2022",
    states=tuple(
        S(
            f"{t}_entrusted_mediation",
            F,
            "mediation",
            "Entrusted mediation",
            "委托调解",
            legal_basis=_SIM,
        )
        for t in TRACKS
    ),
    transitions=tuple(x for t in TRACKS for x in _entrusted(t)),
    clocks=(
        ClockSpec(
            "entrusted_mediation",
            "Entrusted mediation period",
            "委托调解期限",
            "period.entrusted_mediation.ordinary",
            kind="time_limit",
            legal_basis=_SIM,
            on_expiry="end_entrusted_mediation",
        ),
    ),
)


# -- prior mediation after filing (from 2025-01-01) ------------------------------------------


def _prior(track: str) -> list[Transition]:
    trial, med, fee = f"{track}_trial", f"{track}_prior_mediation", f"{track}_awaiting_fee"
    stop = clk("prior_mediation", "stop")
    end_trial = clk("trial_limit", "stop")
    return [
        T("offer_prior_mediation", trial, med, "Prior mediation (parties consent)",
          "先行调解（当事人同意）", guards=("parties_consent",), needs=("venue", "mediator"),
          records=("venue", "mediator"),
          clocks=(clk("prior_mediation", "start",
                      f"period.prior_mediation.{_mediation_period(track)}"),),
          actor="judge", legal_basis=_OPINION),
        T("extend_prior_mediation", med, None, "Extend prior mediation by consent (+30 days)",
          "经同意延长先行调解", guards=("parties_consent", "prior_mediation_extensions"),
          clocks=(clk("prior_mediation", "extend", "period.extension.prior_mediation"),
                  clk("trial_limit", "suspend")),
          actor="mediator", legal_basis=_OPINION),
        T("end_prior_mediation", med, fee, "Prior mediation fails", "先行调解不成",
          clocks=(stop, clk("trial_limit", "resume")), actor="mediator", legal_basis=_OPINION),
        T("settle_in_prior_mediation", med, "closed_other",
          "Settled (withdrawal or immediate performance)", "调解成功（撤诉或即时履行）",
          clocks=(stop, end_trial), actor="mediator", legal_basis=_OPINION),
        T("mediate", med, "mediated", "Close by mediation statement (on request)",
          "应当事人请求出具调解书", clocks=(stop, end_trial, *EFFECT_CLOCKS), actor="judge",
          legal_basis="CPL Art. 100; " + _OPINION),
        T("pay_fee", fee, trial, "Filing fee paid: transfer to trial", "交纳诉讼费转入审理",
          actor="party", legal_basis=_OPINION),
        T("treat_as_withdrawn", fee, "treated_as_withdrawn", "Fee unpaid: treated as withdrawn",
          "未交费按撤诉处理", clocks=(end_trial,), actor="clerk",
          legal_basis="Measures on the Payment of Litigation Costs Art. 22; " + _OPINION),
    ]  # fmt: skip


PRIOR_MEDIATION_2025 = Part(
    "prior-mediation-2025",
    states=(
        *(S(f"{t}_prior_mediation", F, "mediation", "Prior mediation", "先行调解",
            legal_basis=_OPINION) for t in TRACKS),
        *(S(f"{t}_awaiting_fee", F, "mediation", "Awaiting filing fee", "待交纳诉讼费",
            active=False, legal_basis=_OPINION) for t in TRACKS),
        S("closed_other", F, "judgment", "Closed as other (settled in prior mediation)",
          "以其他方式结案（先行调解成功）", final=True, closing_kind="other",
          legal_basis=_OPINION),
        S("treated_as_withdrawn", F, "judgment", "Treated as withdrawn (fee unpaid)",
          "按撤诉处理", final=True, closing_kind="withdrawal"),
    ),
    transitions=tuple(x for t in TRACKS for x in _prior(t)),
    clocks=(
        ClockSpec("prior_mediation", "Prior mediation period", "先行调解期限",
                  "period.prior_mediation.ordinary", kind="time_limit", legal_basis=_OPINION,
                  on_expiry="end_prior_mediation"),
    ),
    guards=(
        count_below("prior_mediation_extensions", "extend_prior_mediation",
                    "limit.extensions.mediation", "One extension by consent.", _OPINION),
    ),
)  # fmt: skip


# -- judicial confirmation -------------------------------------------------------------------

CONFIRMATION = Part(
    "judicial-confirmation",
    states=(
        S("confirmation_applied", J, "confirmation", "Confirmation applied for", "申请司法确认",
          legal_basis="CPL Art. 201"),
        S("confirmation_review", J, "confirmation", "Confirmation under review", "司法确认审查中",
          legal_basis="CPL Art. 202"),
        S("agreement_confirmed", J, "confirmation", "Agreement confirmed", "裁定确认调解协议有效",
          final=True, closing_kind="confirmed", tags={"effective", "enforceable"},
          legal_basis="CPL Art. 202"),
        S("confirmation_dismissed", J, "confirmation", "Application dismissed", "裁定驳回申请",
          final=True, closing_kind="ruling", legal_basis="CPL Art. 202"),
        S("confirmation_not_accepted", J, "confirmation", "Application not accepted",
          "不予受理", final=True, closing_kind="refusal"),
        S("confirmation_withdrawn", J, "confirmation", "Application withdrawn", "撤回申请",
          final=True, closing_kind="withdrawal"),
    ),
    transitions=(
        T("apply_for_confirmation", (), "confirmation_applied",
          "Apply jointly for judicial confirmation", "共同申请司法确认",
          clocks=(clk("confirmation_application", "stop", on_parent=True),
                  clk("confirmation_acceptance", "start")),
          actor="party", legal_basis="CPL Art. 201"),
        T("accept_confirmation", "confirmation_applied", "confirmation_review", "Accept",
          "受理", accepts=True,
          clocks=(clk("confirmation_acceptance", "stop"), clk("confirmation_decision", "start")),
          actor="judge", legal_basis=_CONF),
        T("refuse_confirmation", "confirmation_applied", "confirmation_not_accepted",
          "Do not accept", "不予受理", clocks=(clk("confirmation_acceptance", "stop"),),
          needs=("grounds",), actor="judge", legal_basis=_CONF),
        T("extend_confirmation", "confirmation_review", None, "Extend (approved)", "批准延长",
          guards=("confirmation_extensions",), needs=("approved_by",),
          clocks=(clk("confirmation_decision", "extend", "period.extension.confirmation"),),
          actor="judge", legal_basis=_CONF),
        T("confirm_agreement", "confirmation_review", "agreement_confirmed", "Confirm agreement",
          "裁定确认有效", clocks=(clk("confirmation_decision", "stop"),
                                 clk("execution_application", "start")),
          actor="judge", legal_basis="CPL Art. 202"),
        T("dismiss_confirmation", "confirmation_review", "confirmation_dismissed",
          "Dismiss application", "裁定驳回申请", needs=("grounds",),
          clocks=(clk("confirmation_decision", "stop"),), actor="judge",
          legal_basis="CPL Art. 202"),
        T("withdraw_confirmation", ("confirmation_applied", "confirmation_review"),
          "confirmation_withdrawn", "Withdraw application", "撤回申请",
          clocks=(clk("confirmation_acceptance", "stop"), clk("confirmation_decision", "stop")),
          actor="party", legal_basis=_CONF),
    ),
    clocks=(
        ClockSpec("confirmation_application", "Judicial confirmation application period",
                  "申请司法确认期限", "period.confirmation_application", kind="window",
                  legal_basis="CPL Art. 201"),
        ClockSpec("confirmation_acceptance", "Decision on acceptance", "受理审查期限",
                  "period.confirmation_acceptance", kind="time_limit", legal_basis=_CONF),
        ClockSpec("confirmation_decision", "Confirmation decision", "司法确认审查期限",
                  "period.confirmation_decision", kind="time_limit", legal_basis=_CONF),
    ),
    guards=(
        count_below("confirmation_extensions", "extend_confirmation",
                    "limit.extensions.confirmation", "One approved extension.", _CONF),
    ),
)  # fmt: skip
