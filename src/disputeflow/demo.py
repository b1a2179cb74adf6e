"""
The walk-through behind ``disputeflow demo``: user story 1, a 38,000 yuan private loan at the
Taobei district court in 2025, through filing, small claims, prior mediation, judgment,
execution, termination of the current execution (终本) and resumed execution.

The court's choices are made by the built-in policies of the ``prc-2025`` rule set (filing
control, track triage, front-end resolution), each decision recorded with its policy, rule,
reasons and legal basis; the parties' and judges' own acts are explicit triggers. The
small-claims wage figure is an example parameter value, printed as such.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pendulum

from disputeflow.engine import Court, Jurisdiction
from disputeflow.engine.records import Outcome
from disputeflow.errors import Language, TriggerNotAllowedError
from disputeflow.events import Case, Event, Facts, Party
from disputeflow.lifecycle import Lifecycle
from disputeflow.policies import Mediator, Venue
from disputeflow.policies.builtin.front_end import DIVERSION_PRONE
from disputeflow.policies.prc import EXAMPLE_AVERAGE_WAGE, default_rule_sets

__all__ = ["BAICHENG_COURTS", "DEMO_ROSTER", "EXAMPLE_AVERAGE_WAGE", "run_demo"]

BAICHENG_COURTS = (
    Court("baicheng-intermediate", "Baicheng Intermediate People's Court", "白城市中级人民法院",
          "吉08", region="baicheng"),
    Court("taobei", "Taobei District People's Court", "白城市洮北区人民法院", "吉0802",
          parent="baicheng-intermediate", region="taobei"),
)  # fmt: skip

#: The court's roster of mediation venues for the demo (invented names).
DEMO_ROSTER = (
    Venue("taobei-roster", "court_roster", region="taobei", capacity=20, load=4,
          name="Taobei court specially-invited mediators",
          mediators=(Mediator("mediator:sun", "Sun Li", frozenset({"private_loan"}), capacity=8,
                              load=3),
                     Mediator("mediator:zhou", "Zhou Yan", capacity=8, load=1))),
)  # fmt: skip

_TZ = "Asia/Shanghai"


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz=_TZ)


class _Walk:
    """
    Fires steps, keeps the log, and prints what happened, what is allowed and every clock.
    """

    def __init__(
        self, court: Jurisdiction, lc: Lifecycle, lang: Language, out: Callable[[str], None]
    ) -> None:
        self.court = court
        self.lc = lc
        self.lang = lang
        self.out = out
        self.case: Case | None = None
        self.log: list[Event] = []
        self.step = 0

    def _report(self, title: str, events: tuple[Event, ...], at: pendulum.DateTime) -> None:
        from disputeflow.engine.records import describe_event

        self.step += 1
        self.out(f"\n[{self.step}] {title}")
        for e in events:
            for line in describe_event(e, self.lc, self.lang):
                self.out("    " + line)
            if e.decision:
                self.out("    " + _decision_line(e, self.lang))
        assert self.case is not None
        allowed = [a for a in self.court.allowed(self.case, at=at) if a.allowed]
        zh = self.lang == "zh"
        self.out("    allowed next: " + "; ".join(
            f"{a.proceeding_id}:{a.trigger} ({a.label_zh if zh else a.label_en})"
            for a in allowed))  # fmt: skip
        for c in self.court.deadlines(self.case, at):
            v = c.view
            # A party's window that ran out has expired; the court's own limit is overdue.
            lapsed = " expired" if c.kind in ("window", "defence") else " OVERDUE"
            flag = lapsed if v.overdue else (" suspended" if v.suspended else "")
            prov = (
                f" (provisional: calendar for {', '.join(map(str, v.deadline.waiting_for))} "
                "not yet published)"
                if v.deadline.provisional
                else ""
            )
            name = c.label_zh if self.lang == "zh" else c.label_en
            self.out(
                f"    clock {c.proceeding_id} {name}: due {v.deadline.due_on.isoformat()}, "
                f"{v.remaining_days} days left{flag}{prov} [{c.legal_basis}]"
            )

    def _record(self, title: str, outcome: Outcome, at: pendulum.DateTime) -> None:
        self.case = outcome.case
        self.log += outcome.events
        self._report(title, outcome.events, at)

    def open(self, title: str, facts: Facts, trigger: str, at: pendulum.DateTime) -> None:
        outcome = self.court.open("BC-2025-0001", facts, trigger, at=at, actor="clerk:li")
        self._record(title, outcome, at)

    def decide(
        self, title: str, proceeding: str, point: str, at: pendulum.DateTime, **kw: Any
    ) -> None:
        assert self.case is not None
        actor = kw.pop("actor", "clerk:li")
        outcome = self.court.act(
            self.case, proceeding, point, at=at, actor=actor, expected_seq=self.case.seq, **kw
        )
        self._record(title, outcome, at)

    def fire(
        self, title: str, proceeding: str, trigger: str, at: pendulum.DateTime, **kw: Any
    ) -> None:
        assert self.case is not None
        actor = kw.pop("actor", "clerk:li")
        outcome = self.court.fire(
            self.case, proceeding, trigger, at=at, actor=actor, expected_seq=self.case.seq, **kw
        )
        self._record(title, outcome, at)

    def advance(self, title: str, until: pendulum.DateTime) -> None:
        assert self.case is not None
        self._record(title, self.court.advance(self.case, until), until)

    def attempt(self, title: str, proceeding: str, trigger: str, at: pendulum.DateTime) -> None:
        assert self.case is not None
        self.step += 1
        self.out(f"\n[{self.step}] {title}")
        try:
            self.court.fire(self.case, proceeding, trigger, at=at, actor="judge:zhou")
        except TriggerNotAllowedError as exc:
            self.out("    refused, nothing recorded: " + exc.message(self.lang))


def run_demo(
    out: Callable[[str], None] = print, *, lang: Language = "en", diagram: bool = True
) -> Case:
    """
    Walk user story 1 under the ``prc-2025`` rule set and print each step.

    Args:
        out: where lines go.
        lang: ``"en"`` or ``"zh"``.
        diagram: print the first-instance and execution diagram as Mermaid text at the end.

    Returns:
        The final case (three proceedings: first instance, execution, resumed execution).
    """
    # The court configures the front-end policy: private loans are offered mediation too.
    front_end = {"categories": sorted(DIVERSION_PRONE | {"private_loan"})}
    court = Jurisdiction(
        default_rule_sets(policies={"prc.front-end": front_end}),
        roster=DEMO_ROSTER,
        courts=BAICHENG_COURTS,
    )
    rules = court.rule_sets.get("prc-2025")
    lc = rules.lifecycle
    w = _Walk(court, lc, lang, out)
    threshold = EXAMPLE_AVERAGE_WAGE / 2
    out(f"disputeflow demo: user story 1 under rule set {rules.id}, lifecycle {lc.id} "
        f"({lc.label_en}); policies decide filing, track and mediation")  # fmt: skip
    facts = Facts(
        category="private_loan",
        court="taobei",
        region="taobei",
        claim_amount=Decimal("38000"),
        parties=(Party("Wang Min", "plaintiff"), Party("Zhao Lei", "defendant")),
    )
    w.open("3 March 2025: the filing officer records the complaint", facts,
           "receive_complaint", _at(2025, 3, 3, 9, 30))  # fmt: skip
    w.decide("The filing policy issues a one-time correction notice: the evidence list is missing",
             "p1", "filing", _at(2025, 3, 3, 15), data={"missing": ["evidence list"]})  # fmt: skip
    w.fire("10 March: the corrected complaint arrives (the 7 days restart)", "p1",
           "submit_correction", _at(2025, 3, 10, 9), actor="party:wang")  # fmt: skip
    w.decide("The filing policy registers the complete complaint", "p1", "filing",
             _at(2025, 3, 10, 10))  # fmt: skip
    out(
        f"\n    triage: claim {facts.claim_amount} yuan <= 50% x {EXAMPLE_AVERAGE_WAGE} "
        f"= {threshold} yuan (EXAMPLE parameter value for the province's latest published "
        "average wage, not an official figure)"
    )
    w.decide("Triage policy: small-claims track (繁简分流)", "p1", "track",
             _at(2025, 3, 11, 9), actor="judge:zhou", data={"judge": "judge:zhou"})  # fmt: skip
    w.decide("Front-end policy: the parties agree to prior mediation (先行调解)", "p1",
             "front_end", _at(2025, 3, 12, 9), actor="judge:zhou",
             data={"consent": True})  # fmt: skip
    w.advance("Prior mediation fails when its period runs out", _at(2025, 3, 21, 9))
    w.fire("The filing fee is paid: the case goes to trial", "p1", "pay_fee",
           _at(2025, 3, 24, 9), actor="party:wang")  # fmt: skip
    w.fire("Judgment: small claims are final on service (no appeal)", "p1", "render_judgment",
           _at(2025, 4, 18, 10), actor="judge:zhou")  # fmt: skip
    w.fire("The debtor does not pay; the creditor applies for execution", "p1",
           "apply_for_execution", _at(2025, 5, 20, 9), actor="party:wang")  # fmt: skip
    w.fire("Execution is accepted (its own case number)", "p2", "accept_execution",
           _at(2025, 5, 21, 9))  # fmt: skip
    w.fire("A handler is assigned", "p2", "assign_handler", _at(2025, 5, 22, 9),
           data={"handler": "handler:qian"})  # fmt: skip
    w.attempt("Too early: the judge tries to terminate the current execution", "p2",
              "terminate_current_execution", _at(2025, 6, 10, 9))  # fmt: skip
    for trigger, day in (
        ("issue_execution_notice", 23),
        ("order_property_report", 23),
        ("restrict_consumption", 26),
        ("list_dishonest_debtor", 26),
        ("complete_property_search", 28),
        ("search_for_debtor", 28),
    ):
        w.fire(f"Execution measure: {lc.trigger_label(trigger)}", "p2", trigger,
               _at(2025, 5, day, 9), actor="handler:qian")  # fmt: skip
    w.fire("No property: all 终本 conditions hold and 3 months have passed", "p2",
           "terminate_current_execution", _at(2025, 8, 25, 9), actor="judge:zhou")  # fmt: skip
    w.fire("Six-monthly asset check finds property", "p2", "record_asset_check",
           _at(2026, 2, 24, 9), actor="handler:qian", data={"found": "bank deposit"})  # fmt: skip
    w.fire("The creditor applies: execution resumes as a new proceeding (执恢)", "p2",
           "apply_for_resumption", _at(2026, 2, 25, 9), actor="party:wang")  # fmt: skip
    case = w.case
    assert case is not None
    out("\nProceedings of dispute " + case.dispute_id + ":")
    for p in case.proceedings:
        out(f"    {p.id} {lc.kind(p.kind).label_en} {p.case_number}: state {p.state}, "
            f"accepted {p.accepted_on}, closed {p.closed_on} ({p.closing_kind})")  # fmt: skip
    out(f"\nAudit trail: {len(w.log)} events; replay equals the live case: "
        f"{court.replay(w.log) == case}")  # fmt: skip
    if diagram:
        out("\nLifecycle diagram (Mermaid), first instance and execution:")
        for line in _diagram(lc, lang):
            out(line)
    return case


def _decision_line(e: Event, lang: Language) -> str:
    d = e.decision or {}
    if lang == "zh":
        return (f"决定：{d.get('outcome')}，政策 {d.get('policy')} v{d.get('version')} "
                f"规则 {d.get('rule')}，规则集 {e.rule_set}")  # fmt: skip
    return (f"decided: {d.get('outcome')} by policy {d.get('policy')} v{d.get('version')}, "
            f"rule {d.get('rule')}, rule set {e.rule_set}")  # fmt: skip


def _diagram(lc: Lifecycle, lang: Language) -> Iterator[str]:
    try:
        from disputeflow.diagrams import to_mermaid
    except ImportError:  # pragma: no cover - diagrams ship with the package
        return iter(())
    text: str = to_mermaid(lc, kinds=("first_instance", "execution"), lang=lang)
    return iter(text.splitlines())
