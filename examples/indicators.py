"""
Indicators from an event log: a few disputes at two Baicheng courts run through the engine,
then the SPC-style, CEPEJ and CourTools indicators computed from the log, month by month and
by court, and the published figures recomputed from aggregate counts.

Run: ``python examples/indicators.py`` (needs pandas, the ``indicators`` extra).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

import disputeflow as d
from disputeflow.indicators import (
    AggregateCounts,
    build_tables,
    compute,
    months,
    quarter,
)


def at(month: int, day: int) -> pendulum.DateTime:
    """A Beijing-time timestamp in 2025."""
    return pendulum.datetime(2025, month, day, 9, tz="Asia/Shanghai")


def build_log() -> tuple[d.Engine, list[d.Event]]:
    """
    Six disputes in Q1 2025 at Taobei and Taonan: judgments, a mediation, a withdrawal, an
    appeal, and cases still pending at the end of March.
    """
    engine = d.Engine(d.prc_civil_2025())
    log: list[d.Event] = []
    cases: dict[str, d.Case] = {}

    def fire(
        dispute: str, trigger: str, when: pendulum.DateTime, p: str = "p1", **data: Any
    ) -> None:
        out = engine.fire(cases[dispute], p, trigger, at=when, actor="judge", data=data)
        cases[dispute] = out.case
        log.extend(out.events)

    plan = [
        ("BC-1", "taobei", 1, 6, "summary", [("render_judgment", 2, 10)]),
        ("BC-2", "taobei", 1, 8, "ordinary", [("mediate", 2, 20)]),
        ("BC-3", "taobei", 2, 3, "summary", [("withdraw", 3, 3)]),
        ("BC-4", "taonan", 1, 13, "ordinary", [("render_judgment", 3, 5), ("appeal", 3, 12)]),
        ("BC-5", "taonan", 2, 17, "small_claims", []),
        ("BC-6", "taonan", 3, 10, "summary", []),
    ]
    for dispute, court, month, day, track, acts in plan:
        parties = (d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant"))
        facts = d.Facts(category="private_loan", court=court, region=court,
                        claim_amount=Decimal("38000"), parties=parties)  # fmt: skip
        out = engine.open(dispute, facts, "receive_complaint", at=at(month, day), actor="clerk")
        cases[dispute] = out.case
        log.extend(out.events)
        fire(dispute, "register", at(month, day).add(hours=1))
        fire(dispute, f"assign_{track}", at(month, day).add(days=1), judge=f"{court}-judge")
        for trigger, m, dd in acts:
            fire(dispute, trigger, at(m, dd))
    out = engine.advance(cases["BC-1"], at(3, 31))
    log.extend(out.events)
    return engine, log


def main() -> None:
    """Build the log, compute the indicators, print them."""
    import pandas as pd

    engine, log = build_log()
    tables = build_tables(log, engine.lifecycle)
    print(f"{len(log)} events -> {tables.n_proceedings} proceedings")

    ids = ["closure-rate", "closed-to-new-ratio", "within-time-limit-closure-rate",
           "first-instance-finality-rate", "mediation-withdrawal-rate", "duration-mean",
           "cepej-clearance-rate", "cepej-disposition-time",
           "courtools-time-to-disposition-180", "courtools-age-active-pending-median"]  # fmt: skip
    q1 = compute(ids, tables, periods=quarter(2025, 1), by=("court",))
    table = q1.pivot_table(index="indicator", columns="court", values="value", sort=False)
    with pd.option_context("display.width", 120, "display.precision", 2):
        print("\nQ1 2025 by court")
        print(table.to_string())

    series = compute(["cases-new", "cases-closed", "cases-pending"], tables,
                     periods=months(2025, 1, 3))  # fmt: skip
    monthly = series.pivot_table(index="period_start", columns="indicator", values="value")
    print("\nMonth by month (all courts)")
    print(monthly.astype(int).to_string())

    print("\nPublished figures recomputed from aggregate counts (rounded half up)")
    henan = AggregateCounts(incoming=2577, resolved=1456, carried_over=1304)
    italy = AggregateCounts(incoming=4388591, resolved=4569332, pending_end=5155010)
    print(f"Henan basic court Jan-Feb 2022: closure rate {henan.closure_rate()}%")
    print(f"Italy 2013: clearance rate {italy.clearance_rate()}%, "
          f"disposition time {italy.disposition_time()} days")  # fmt: skip


if __name__ == "__main__":
    main()
