"""
Rule sets over time: ``prc-2024`` and ``prc-2025``, one dispute under each and one spanning the
change on 1 January 2025.

- 2024 (``prc-2024``, lifecycle ``prc-civil-2022``): a traffic-accident complaint is diverted to
  pre-filing mediation (诉前调解) by the front-end policy, the mediator policy assigns the
  specialist with the lowest load, mediation fails and the case is filed (立案).
- 2025 (``prc-2025``, lifecycle ``prc-civil-2025``): the complaint is registered first, triaged,
  prior mediation (先行调解) is offered with consent, it ends without agreement and the case
  goes to trial after the fee is paid.
- Spanning: diverted in December 2024, the pre-filing mediation is still open on 1 January
  2025. The transitional provision ``open-pre-filing-mediation`` pins its acts to ``prc-2024``;
  the litigation proceeding opened when it fails is a new proceeding, and its first act (track
  triage) is governed by ``prc-2025``. Its route is explained in Chinese.
- Migration: a complaint of 30 December 2024 registered on 2 January 2025 is moved explicitly
  (``Jurisdiction.migrate``) onto ``prc-civil-2025``; replay folds its log across the move.

Every decision is made by the built-in policies through ``Jurisdiction.act``; each line shows
the rule set that governed the act and the decision (policy, rule, reasons). At the end the
logs go through JSON and are explained by a jurisdiction whose rule sets have no policies.

Run: ``python examples/rule_sets.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.io import dumps_events, loads_events
from disputeflow.policies import Mediator, Venue, default_rule_sets

#: Mediation venues: a traffic-accident industry committee with a specialist, and the court's
#: roster of specially invited mediators ("invite in").
ROSTER = (
    Venue("traffic-committee", "industry", categories={"traffic_accident"}, capacity=10,
          name="道路交通事故纠纷调解委员会",
          mediators=(Mediator("m-zhang", "Zhang Min", {"traffic_accident"}, capacity=5, load=2),
                     Mediator("m-qian", "Qian Lu", {"traffic_accident"}, capacity=5, load=1))),
    Venue("court-roster", "court_roster", capacity=10, name="特邀调解员名册",
          mediators=(Mediator("m-roster", "Wu Hong", capacity=5),)),
)  # fmt: skip


def at(year: int, month: int, day: int, hour: int = 9) -> pendulum.DateTime:
    """A Beijing-time timestamp."""
    return pendulum.datetime(year, month, day, hour, tz="Asia/Shanghai")


def traffic(amount: int = 30000) -> d.Facts:
    """A traffic-accident dispute at the Taobei district court."""
    return d.Facts(
        category="traffic_accident",
        court="taobei",
        region="taobei",
        claim_amount=Decimal(amount),
        parties=(d.Party("Li Na", "plaintiff"), d.Party("Chen Gang", "defendant")),
    )


class Dispute:
    """One dispute driven through a jurisdiction: its case, its log, one line per act."""

    def __init__(
        self, j: Jurisdiction, label: str, dispute_id: str, facts: d.Facts, when: Any
    ) -> None:
        self.j, self.label = j, label
        out = j.open(dispute_id, facts, "receive_complaint", at=when, actor="clerk")
        self.case = self.before = out.case
        self.events: list[d.Event] = list(out.events)
        self._line(out, "p1", "receive_complaint (opened)")

    def act(self, pid: str, point: str, when: Any, **data: Any) -> d.Outcome:
        """A decision by the governing rule set's policies, carried out."""
        out = self.j.act(self.case, pid, point, at=when, actor="court", data=data)
        self.take(out)
        dec = out.decision
        assert dec is not None
        what = dec.trigger or "no act"
        self._line(out, pid, f"{point}: {dec.outcome} -> {what} | {dec.policy}/{dec.rule}")
        print(f"      because: {dec.why()}")
        return out

    def fire(self, pid: str, trigger: str, when: Any, **data: Any) -> d.Outcome:
        """A person's act (no policy), stamped with the governing rule set."""
        out = self.j.fire(self.case, pid, trigger, at=when, actor="court", data=data)
        self.take(out)
        opened = [p.id for p in out.case.proceedings if p.id not in _ids(self.before)]
        extra = f" (opens {', '.join(opened)})" if opened else ""
        self._line(out, pid, f"{trigger} by hand{extra}")
        return out

    def take(self, out: d.Outcome) -> None:
        """Keep the case and the events of an act done elsewhere (e.g. a migration)."""
        self.before = self.case
        self.case = out.case
        self.events.extend(out.events)

    def _line(self, out: d.Outcome, pid: str, what: str) -> None:
        first = out.events[0]
        state = self.case.proceeding(pid).state
        print(f"  [{self.label}] {first.at.in_timezone('Asia/Shanghai').to_date_string()} "
              f"{pid} {what} -> {state} | rule set {first.rule_set}")  # fmt: skip


def _ids(case: d.Case) -> set[str]:
    return {p.id for p in case.proceedings}


def governing(j: Jurisdiction, case: d.Case, pid: str, day: pendulum.DateTime) -> str:
    """Which rule set governs an act on ``pid`` that day, and which provision chose it."""
    rs, provision = j.rule_sets.governing(case, case.proceeding(pid), day.date())
    return f"{rs.id}" + (f" (pinned by {provision.id})" if provision else " (in force)")


def main() -> None:
    """Three disputes around 2025-01-01, a migration, and explanations from the log."""
    rule_sets = default_rule_sets()
    for r in rule_sets:
        print(f"rule set {r.id}: {r.valid_from} to {r.valid_to or 'open'} on {r.lifecycle.id}"
              f" ({r.name_zh})")  # fmt: skip
    wage = rule_sets.get("prc-2025").parameters.value(
        "small-claims.average-wage", pendulum.Date(2025, 6, 1)
    )
    print(f"small-claims average wage (EXAMPLE, unverified): {wage} yuan")
    j = Jurisdiction(rule_sets, roster=ROSTER)

    print("2024: pre-filing mediation, then filing")
    a = Dispute(j, "2024", "T-2024-01", traffic(), at(2024, 5, 6))
    a.act("p1", "front_end", at(2024, 5, 6, 10), consent=True)
    a.act("p2", "mediator", at(2024, 5, 7))
    a.fire("p2", "fail_mediation", at(2024, 6, 3))
    a.act("p3", "track", at(2024, 6, 4), judge="zhou")

    print("2025: filed first, prior mediation with consent, trial")
    b = Dispute(j, "2025", "T-2025-01", traffic(), at(2025, 3, 3))
    b.act("p1", "front_end", at(2025, 3, 3, 10), consent=True)
    b.act("p1", "filing", at(2025, 3, 3, 11))
    b.act("p1", "track", at(2025, 3, 4), judge="zhou")
    b.act("p1", "front_end", at(2025, 3, 5), consent=True)
    b.fire("p1", "end_prior_mediation", at(2025, 3, 14))
    b.fire("p1", "pay_fee", at(2025, 3, 17))

    print("spanning: pre-filing mediation opened 2024-12-20, still open on 2025-01-01")
    c = Dispute(j, "span", "T-2024-99", traffic(), at(2024, 12, 20))
    c.act("p1", "front_end", at(2024, 12, 20, 10), consent=True)
    c.act("p2", "mediator", at(2024, 12, 23))
    print(
        f"  acts on p2 on 2025-01-06 are governed by {governing(j, c.case, 'p2', at(2025, 1, 6))}"
    )
    c.act("p2", "mediation_extension", at(2025, 1, 6), consent=True)
    c.fire("p2", "fail_mediation", at(2025, 2, 10))
    print(
        f"  acts on p3 on 2025-02-12 are governed by {governing(j, c.case, 'p3', at(2025, 2, 12))}"
    )
    c.act("p3", "track", at(2025, 2, 12), judge="zhou")
    print(f"  the case still runs on {c.case.lifecycle_id} (no silent migration)")
    print("  explanation (zh):")
    for line in j.explain(c.events, "zh").splitlines():
        print("   ", line)

    print("migration: complaint of 2024-12-30 moved onto prc-civil-2025")
    m = Dispute(j, "migr", "T-2024-98", traffic(8000), at(2024, 12, 30))
    m.act("p1", "filing", at(2025, 1, 2))
    out = j.migrate(m.case, "prc-civil-2025", at=at(2025, 1, 2, 11), actor="court",
                    states={"p1": "registered"}, reason="moved to the 2025 procedure")  # fmt: skip
    m.take(out)
    event = out.events[0]
    print(f"  [migr] {event.type}: {event.data['from_lifecycle']} -> {event.lifecycle_id}, "
          f"states {dict(event.data['states'])} | rule set {event.rule_set}")  # fmt: skip
    m.act("p1", "track", at(2025, 1, 3), judge="zhou")
    m.act("p1", "front_end", at(2025, 1, 3, 11), consent=True)
    replayed = j.replay(m.events)
    print(f"  replay across the migration: {len(m.events)} events, lifecycle "
          f"{replayed.lifecycle_id}, p1 {replayed.proceeding('p1').state}, "
          f"equal to the live case: {replayed == m.case}")  # fmt: skip

    # The logs as JSON, explained by a jurisdiction whose rule sets no longer hold any policy:
    # the decisions are plain data in the events.
    logs: Mapping[str, list[d.Event]] = {"2024": a.events, "2025": b.events, "span": c.events}
    bare = Jurisdiction([attrs.evolve(r, chains={}) for r in rule_sets])
    for label, events in logs.items():
        back = loads_events(dumps_events(events))
        same = back == events and bare.explain(back, "zh") == j.explain(events, "zh")
        decided = sum(1 for e in back if e.decision)
        print(f"  [{label}] JSON round trip: {len(back)} events, {decided} decisions, "
              f"explained without policies: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
