"""
Indicator sets on a small engine log: compute a set, score it, rank courts, decompose a rate to
judges, and find dispute hot spots.

Three Baicheng basic courts receive 120 private-loan, property-service and traffic disputes in
the first half of 2025. Each dispute follows one of four paths through the ``prc-civil-2025``
lifecycle: judgment that takes effect, settlement in prior mediation, withdrawal, or still in
trial. The example then:

1. evaluates the example local platform set in versions 2.0 and 3.0 by court and month
   (composite score, share of indicators in range, rank);
2. decomposes the mediation-and-withdrawal rate of each court to its judges against a 60 %
   target: each judge's contribution is (their share of closures) x (their rate - 60), and the
   contributions add up to the court's gap;
3. counts disputes by region x category per quarter with the 2020 census populations, and
   lists where categories concentrate (location quotient).

Run: ``python examples/indicator_sets.py``.
"""

from __future__ import annotations

import pandas as pd
import pendulum

import disputeflow as d
from disputeflow.indicators import ReportingPeriod, build_tables, compute, months
from disputeflow.indicators.decompose import decompose
from disputeflow.indicators.hotspots import concentration, hotspot_table
from disputeflow.indicators.report import html_report
from disputeflow.indicators.scoring import Evaluation, evaluate_set, ranking
from disputeflow.indicators.sets import load_set

TZ = "Asia/Shanghai"
INTERMEDIATE = d.Court(
    "baicheng-intermediate", "Baicheng Intermediate People's Court", "白城市中级人民法院", "吉08"
)
COURTS = (
    INTERMEDIATE,
    d.Court("taobei", "Taobei District People's Court", "洮北区人民法院", "吉0802",
            parent=INTERMEDIATE.id, region="taobei"),
    d.Court("taonan", "Taonan City People's Court", "洮南市人民法院", "吉0881",
            parent=INTERMEDIATE.id, region="taonan"),
    d.Court("daan", "Da'an City People's Court", "大安市人民法院", "吉0882",
            parent=INTERMEDIATE.id, region="daan"),
)  # fmt: skip
#: 2020 census resident population of each court's county-level unit (DOMAIN.md section 6).
POPULATION = pd.DataFrame(
    {
        "region": ["taobei", "taonan", "daan"],
        "period": [2020, 2020, 2020],
        "population": [356_054, 307_215, 270_911],
    }
)
CATEGORIES = ("private_loan", "property_service", "traffic_accident")
PATHS = {
    "judgment": (("render_judgment", 40), ("take_effect", 75)),
    "mediation": (("offer_prior_mediation", 4), ("settle_in_prior_mediation", 18)),
    "withdrawal": (("withdraw", 25),),
    "pending": (),
}


def build_log() -> list[d.Event]:
    """
    120 disputes walked through the engine; judges and mediators named in the acts.
    """
    engine = d.Engine(d.prc_civil_2025(), courts=COURTS)
    log: list[d.Event] = []
    first = pendulum.datetime(2025, 1, 2, 9, tz=TZ)
    for i in range(120):
        court = COURTS[1 + i % 3]
        # Taonan's disputes lean to property service: a hot spot to find.
        category = CATEGORIES[(i // 3) % 3]
        if court.id == "taonan" and (i // 3) % 2:
            category = "property_service"
        path = ("judgment", "mediation", "withdrawal", "judgment", "pending")[(i // 3) % 5]
        judge = f"{court.id}-judge-{i % 2 + 1}"
        if court.id == "daan" and judge.endswith("2"):
            path = "judgment"  # one Da'an judge never closes by mediation or withdrawal
        facts = d.Facts(
            category=category,
            court=court.id,
            region=court.region,
            claim_amount=20_000 + 500 * i,
            parties=(d.Party("Plaintiff", "plaintiff"), d.Party("Defendant", "defendant")),
        )
        at = first.add(days=(i * 37) % 150)
        out = engine.open(f"BC-{i:03d}", facts, "receive_complaint", at=at, actor="clerk")
        case, events = out.case, list(out.events)
        steps = (("register", 1), ("assign_summary", 2), *PATHS[path])
        for trigger, day in steps:
            data: dict[str, object] = {}
            if trigger == "assign_summary":
                data = {"judge": judge}
            elif trigger == "offer_prior_mediation":
                data = {"consent": True, "venue": "court_roster", "mediator": f"m-{i % 4}"}
            out = engine.fire(case, "p1", trigger, at=at.add(days=day), actor="clerk", data=data)
            case = out.case
            events += out.events
        log += events
    return log


def main() -> None:
    log = build_log()
    lifecycles = {"prc-civil-2025": d.prc_civil_2025()}
    periods = months(2025, 1, 6)
    print(f"log: {len(log)} events, {len({e.dispute_id for e in log})} disputes")

    # 1. The example local platform set, two versions.
    for key in ("local-platform@2.0", "local-platform@3.0"):
        s = load_set(key)
        ev = evaluate_set(log, s, periods=periods, by=("court",), lifecycles=lifecycles)
        june = ranking(ev.composite)
        print(f"\n{s.key} ({len(s.members)} indicators, example={s.example}): June ranking")
        for row in june.itertuples():
            print(
                f"  {row.rank}. {row.court:<7} composite {row.composite:5.1f}  "
                f"in range {row.n_in_range}/{row.n_with_standard}"
            )

    # 2. Decompose the mediation-and-withdrawal rate, January to June, to judges.
    results = compute(
        ["mediation-withdrawal-rate"],
        log,
        periods=ReportingPeriod(pendulum.Date(2025, 1, 1), pendulum.Date(2025, 6, 30), "2025H1"),
        by=("court", "judge"),
        lifecycles=lifecycles,
    )
    parts = decompose(results, "mediation-withdrawal-rate", by=["judge"], target=60.0)
    print("\nmediation-withdrawal-rate vs target 60 %, contributions by judge (2025H1):")
    for court, group in parts.groupby("court"):
        print(
            f"  {court}: rate {group['overall'].iloc[0]:.1f} %, gap {group['gap'].iloc[0]:+.1f} "
            f"= sum of contributions {group['contribution'].sum():+.1f}"
        )
        for row in group.loc[group["denominator"] > 0].itertuples():
            print(
                f"    {row.judge:<16} {row.numerator:>3.0f}/{row.denominator:<3.0f} "
                f"rate {row.value:5.1f} %  share {row.share:4.2f}  "
                f"contribution {row.contribution:+6.1f}"
            )

    # 3. Hot spots by region and category per quarter, from the log's tables.
    tables = build_tables(log, lifecycles)
    table = hotspot_table(tables, POPULATION, period="quarter")
    q1 = table.loc[table["period_start"] == pendulum.Date(2025, 1, 1)]
    top = q1.sort_values("rate_per_10k", ascending=False).iloc[0]
    print(
        f"\nhighest Q1 rate: {top['region']} {top['category']} "
        f"{top['rate_per_10k']:.2f} per 10,000 people ({top['count']} disputes)"
    )
    print("where categories concentrate (location quotient over the half year):")
    for row in concentration(table, top=3).itertuples():
        print(
            f"  {row.region:<7} {row.category:<17} {row.count:>3} disputes, "
            f"{row.share:.0%} of the region's, LQ {row.location_quotient:.2f}"
        )

    # The HTML report of the 3.0 set (tables; plots too when matplotlib is installed).
    latest = load_set("local-platform")
    results = compute(latest.indicator_ids, tables, periods=periods, by=("court",))
    page = html_report(Evaluation.from_results(results, latest), plots=False)
    print(f"\nHTML report: {len(page):,} characters, starts {page[:15]!r}")


if __name__ == "__main__":
    main()
