"""
The BENCH-B network (``shared/bench/BENCH-B.md``) as a lifecycle variant: ``bench-b``.

BENCH-B is a plain queueing network of seven nodes: pre-litigation mediation (M, 诉前调解),
judicial confirmation (C, 司法确认), filing review (F, 立案审查), first-instance trial (T, 一审),
second instance (A, 二审), execution (E, 执行) and petition review (P, 涉诉信访). This variant
makes the lifecycle exactly that network: one proceeding carries a dispute through every node,
each node is a waiting state (the station's FIFO queue) and a working state (a server holds
the case), and the routing outcomes are transitions out of the working state. There are no
clocks (no time-limit cut-offs, no appeal windows), no guards and no calendar: time is
continuous. A closing outcome at T, A or E is a closing state with one exit, a petition
(``file_petition``); retrial after a petition goes back to T's queue.

The stage tag of every state names its node (``stage`` ``"M"`` ... ``"P"``), so a simulator
finds the station of a waiting state from the definition.
"""

from __future__ import annotations

from functools import cache

from disputeflow.lifecycle.definition import Lifecycle, Part
from disputeflow.lifecycle.model import Category, ProceedingKind
from disputeflow.lifecycle.stages.common import S, T

__all__ = ["BENCH_B", "NODES", "bench_b"]

#: BENCH-B's nodes in its order, with the waiting state, the trigger a server takes a case
#: with, and the working state.
NODES: tuple[tuple[str, str, str, str], ...] = (
    ("M", "awaiting_mediation", "assign_mediator", "mediating"),
    ("C", "awaiting_confirmation", "accept_confirmation", "confirming"),
    ("F", "awaiting_filing_review", "review_filing", "reviewing_filing"),
    ("T", "awaiting_trial", "assign_judge", "on_trial"),
    ("A", "awaiting_appeal", "hear_appeal", "on_appeal"),
    ("E", "awaiting_execution", "assign_handler", "executing"),
    ("P", "awaiting_petition_review", "review_petition", "reviewing_petition"),
)

K = "bench_b"
_MED = "People's Mediation Law (2010); SPC Opinion on Diversified Dispute Resolution (2016)"
_CONF = "CPL Art. 201-202"
_PET = "Regulations on Letters and Visits (2022)"
_PETITIONABLE = ("withdrawn", "judged", "appeal_decided", "execution_concluded")


def _node_states() -> tuple[object, ...]:
    labels = {
        "M": ("Awaiting a mediator", "待调解", "Mediating", "调解中"),
        "C": ("Awaiting confirmation", "待司法确认", "Confirming", "司法确认审查中"),
        "F": ("Awaiting filing review", "待立案审查", "Filing review", "立案审查中"),
        "T": ("Awaiting trial", "待审理", "On trial", "审理中"),
        "A": ("Awaiting the appeal", "待二审", "On appeal", "二审中"),
        "E": ("Awaiting execution", "待执行", "Executing", "执行中"),
        "P": ("Awaiting petition review", "待信访审查", "Reviewing the petition", "信访审查中"),
    }
    out = []
    for node, waiting, _, working in NODES:
        w_en, w_zh, s_en, s_zh = labels[node]
        out.append(S(waiting, K, node, w_en, w_zh, description=f"In the queue of node {node}."))
        out.append(S(working, K, node, s_en, s_zh, description=f"Held by a server of node {node}."))
    return tuple(out)


BENCH_B = Part(
    "bench-b",
    kinds=(ProceedingKind(K, "基准", "BENCH-B dispute", "基准案件"),),
    states=(
        *_node_states(),  # type: ignore[arg-type]
        S("settled", K, "M", "Settled in mediation", "调解成功", final=True,
          closing_kind="mediation_success", tags={"agreement"}, legal_basis=_MED),
        S("confirmed", K, "C", "Agreement confirmed", "司法确认", final=True,
          closing_kind="judicial_confirmation", tags={"effective", "enforceable"},
          legal_basis=_CONF),
        S("filing_refused", K, "F", "Filing refused", "不予受理", final=True,
          closing_kind="refusal", legal_basis="CPL Art. 126"),
        S("withdrawn", K, "T", "Withdrawn or mediated", "撤诉或调解结案",
          closing_kind="withdrawal", legal_basis="CPL Art. 148"),
        S("judged", K, "T", "Judgment effective", "判决生效", closing_kind="judgment",
          tags={"effective"}, legal_basis="CPL Art. 155"),
        S("appeal_decided", K, "A", "Second-instance decision", "二审结案",
          closing_kind="judgment", tags={"effective"}, legal_basis="CPL Art. 177"),
        S("execution_concluded", K, "E", "Execution concluded", "执行结案",
          closing_kind="execution_concluded", legal_basis="CPL Art. 247"),
        S("petition_closed", K, "P", "Petition closed", "信访终结", final=True,
          closing_kind="petition_closed", legal_basis=_PET),
    ),
    transitions=(
        T("apply_for_mediation", (), "awaiting_mediation", "Apply for mediation", "申请诉前调解",
          accepts=True, actor="party", legal_basis=_MED),
        T("file_complaint", (), "awaiting_filing_review", "File a complaint", "起诉",
          actor="party", legal_basis="CPL Art. 122"),
        *(T(start, waiting, working, f"Start service at {node}", f"{node} 节点开始办理",
            actor="court") for node, waiting, start, working in NODES),
        T("reach_agreement", "mediating", "settled", "Reach agreement", "达成调解协议",
          actor="mediator", legal_basis=_MED),
        T("apply_for_confirmation", "mediating", "awaiting_confirmation",
          "Reach agreement and apply for judicial confirmation", "达成协议并申请司法确认",
          actor="party", legal_basis=_CONF),
        T("fail_mediation", "mediating", "awaiting_filing_review", "Mediation fails", "调解不成",
          actor="mediator", legal_basis=_MED),
        T("confirm_agreement", "confirming", "confirmed", "Confirm the agreement",
          "裁定确认调解协议有效", actor="judge", legal_basis=_CONF),
        T("refuse_filing", "reviewing_filing", "filing_refused", "Refuse to file", "裁定不予受理",
          actor="clerk", legal_basis="CPL Art. 126"),
        T("register", "reviewing_filing", "awaiting_trial", "Register", "立案",
          accepts=True, actor="clerk", legal_basis="CPL Art. 126"),
        T("withdraw", "on_trial", "withdrawn", "Withdraw or settle", "撤诉或调解",
          actor="party", legal_basis="CPL Art. 148"),
        T("render_judgment", "on_trial", "judged", "Judgment, not appealed, no execution",
          "判决（未上诉、未申请执行）", actor="judge", legal_basis="CPL Art. 155"),
        T("appeal", "on_trial", "awaiting_appeal", "Judgment, appealed", "判决后上诉",
          actor="party", legal_basis="CPL Art. 171"),
        T("apply_for_execution", ("on_trial", "on_appeal"), "awaiting_execution",
          "Judgment, apply for execution", "申请执行", actor="party",
          legal_basis="CPL Art. 247"),
        T("decide_appeal", "on_appeal", "appeal_decided", "Decide the appeal", "二审裁判",
          actor="judge", legal_basis="CPL Art. 177"),
        T("conclude_execution", "executing", "execution_concluded", "Conclude execution",
          "执行结案", actor="handler", legal_basis="CPL Art. 247"),
        T("file_petition", _PETITIONABLE, "awaiting_petition_review", "File a petition",
          "提出信访", actor="party", legal_basis=_PET),
        T("order_retrial", "reviewing_petition", "awaiting_trial", "Order a retrial",
          "决定再审", actor="court", legal_basis="CPL Art. 205"),
        T("close_petition", "reviewing_petition", "petition_closed", "Close the petition",
          "信访终结", actor="court", legal_basis=_PET),
    ),
    categories=(
        Category("loan", "Loan", "借款"),
        Category("contract", "Contract", "合同"),
        Category("family", "Family", "婚姻家庭", monetary=False),
        Category("labour", "Labour", "劳动争议", labour=True),
        Category("traffic", "Traffic accident", "交通事故"),
        Category("property_service", "Property service", "物业服务"),
        Category("neighbour", "Neighbour relations", "相邻关系", monetary=False),
        Category("administrative", "Administrative", "行政", monetary=False),
    ),
)  # fmt: skip


@cache
def bench_b() -> Lifecycle:
    """
    The ``bench-b`` lifecycle: BENCH-B's queueing network, no clocks, no guards.
    """
    return Lifecycle.compose(
        "bench-b",
        (BENCH_B,),
        version="1",
        label_en="BENCH-B reference network (continuous time, no time limits)",
        label_zh="BENCH-B 基准网络（连续时间，无审限）",
        description=__doc__ or "",
    )
