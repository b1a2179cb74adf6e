"""
User story 3 in a script: simulate Baicheng's courts over 2024 under the prc-2024 rules, then
ask "what if we had 20 more specially invited mediators and the 2025 file-first rules all
year?" with common random numbers, and print the differences with 95% intervals.

Run: ``python examples/simulation.py`` (a 5% sample of the year's disputes so it finishes in
seconds; ``SCALE=1`` for full size, about 25 CPU-seconds per run).
"""

from __future__ import annotations

import os

from disputeflow.simulation import compare, load_scenario, simulate


def main() -> None:
    """Run the baseline once, then compare it with the variant over a few replications."""
    scale = float(os.environ.get("SCALE", "0.05"))
    replications = int(os.environ.get("REPLICATIONS", "3"))
    baseline = load_scenario("baicheng").evolve(scale=scale)
    print(f"scenario {baseline.id}: {len(baseline.courts)} courts, population "
          f"{baseline.population:,}, rule set {baseline.rule_set}, scale {scale}")  # fmt: skip

    one = simulate(baseline, seed=1)
    print(one.summary())
    first = one.events[0]
    print(f"first event: {first.dispute_id} {first.type} at {first.at.isoformat()}")
    util = one.utilisation_frame().groupby("pool")["utilisation"].mean()
    print("utilisation by pool:", ", ".join(f"{k} {v:.2f}" for k, v in util.items()))

    # The variant: 20 more mediators on the courts' rosters (特邀调解), spread by population,
    # and the 2025 file-first rules with prior mediation (65.5% success, 2025 Q1-Q3).
    variant = (
        baseline.with_servers("mediators.court_roster", 20)
        .evolve(rule_set="prc-2025", id="baicheng-2024-variant")
        .with_stage("trial_mediation", outcomes={"success": 0.655, "failure": 0.345})
    )
    result = compare(baseline, variant, replications, seed=100)
    print(f"\nvariant minus baseline, {replications} paired replications (95% interval):")
    for key, d in result.differences().items():
        if "[" in key or key in ("arrivals", "backlog_start", "median_days_to_disposition"):
            continue
        print(f"  {key:26} {d.mean:+10.3f}  [{d.low:+.3f}, {d.high:+.3f}]")
    backlog = result.variant.backlog()[:, -1].sum(axis=1) - result.baseline.backlog()[:, -1].sum(
        axis=1
    )
    print("backlog difference at year end, per replication:", backlog.tolist())


if __name__ == "__main__":
    main()
