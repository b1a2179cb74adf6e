"""
User story 1 from a case-management developer's side: one call per step, what is allowed now,
every running clock, a clear error for a clerk's wrong action, the audit trail, and the case
saved and reloaded exactly.

Run: ``python examples/case_management.py``.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pendulum

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.errors import ConcurrencyError, TriggerNotAllowedError
from disputeflow.io import dumps_case, loads_case, read_jsonl, write_jsonl


def at(month: int, day: int, hour: int = 9) -> pendulum.DateTime:
    """A Beijing-time timestamp in 2025."""
    return pendulum.datetime(2025, month, day, hour, tz="Asia/Shanghai")


def main() -> None:
    """Walk the dispute, persist it, reload it, and show what a clerk's screen needs."""
    engine = d.Engine(d.prc_civil_2025(), courts=BAICHENG_COURTS)
    facts = d.Facts(
        category="private_loan",
        court="taobei",
        region="taobei",
        claim_amount=Decimal("38000"),
        parties=(d.Party("Wang Min", "plaintiff"), d.Party("Zhao Lei", "defendant")),
    )
    log: list[d.Event] = []

    def step(outcome: d.Outcome) -> d.Case:
        log.extend(outcome.events)
        for line in outcome.describe(engine.lifecycle):
            print(line)
        return outcome.case

    case = step(engine.open("BC-1", facts, "receive_complaint", at=at(3, 3), actor="clerk:li"))
    case = step(
        engine.fire(case, "p1", "issue_correction_notice", at=at(3, 3, 15), actor="clerk:li",
                    data={"missing": ["evidence list"]}, expected_seq=case.seq)
    )  # fmt: skip
    case = step(engine.fire(case, "p1", "submit_correction", at=at(3, 10), actor="party:wang"))
    case = step(engine.fire(case, "p1", "register", at=at(3, 10, 10), actor="clerk:li"))

    # A second clerk still holding the old case value is told to reload.
    stale = case.seq - 1
    try:
        engine.fire(case, "p1", "assign_summary", at=at(3, 11), actor="clerk:zhang",
                    expected_seq=stale)  # fmt: skip
    except ConcurrencyError as exc:
        print("refused:", exc)

    # A clerk tries an action that is not allowed now: the error says what would be.
    try:
        engine.fire(case, "p1", "render_judgment", at=at(3, 11), actor="clerk:li")
    except TriggerNotAllowedError as exc:
        print("refused:", exc)
        print("拒绝:", exc.message("zh"))

    print("allowed now:", [a.trigger for a in engine.allowed(case) if a.allowed])
    case = step(engine.fire(case, "p1", "assign_small_claims", at=at(3, 11), actor="judge:zhou"))
    for clock in engine.deadlines(case, at(3, 11)):
        print(f"clock {clock.label_en}: due {clock.view.deadline.due_on} [{clock.legal_basis}]")

    # Persist: the case as one JSON document, the log as JSON Lines; reload them exactly.
    saved = dumps_case(case)
    buffer = io.StringIO()
    write_jsonl(log, buffer)
    reloaded = loads_case(saved)
    reloaded_log = read_jsonl(io.StringIO(buffer.getvalue()))
    assert reloaded == case
    assert reloaded_log == log
    assert d.replay(reloaded_log, engine.lifecycle) == case
    print(f"saved and reloaded exactly: {len(saved)} bytes of JSON, {len(log)} events")

    # The audit trail: who did what, when, on which legal basis.
    for e in log:
        print(f"#{e.seq} {e.at.isoformat()} {e.actor:12} {e.type:18} {e.trigger or ''}"
              f" {e.legal_basis}")  # fmt: skip


if __name__ == "__main__":
    main()
