"""
BENCH-B through disputeflow: the reference case-flow network run on the fast path compiled
from the ``bench-b`` lifecycle, with the routing drawn by policy objects.

Runs one simulated year at scale 0.05 (about 5,000 disputes), prints BENCH-B's figures, the
story of one dispute as the engine would have recorded it, and shows that the fast path
refuses what the lifecycle does not allow.

    python examples/bench_b.py
"""

from __future__ import annotations

from disputeflow.engine.fastpath import FastPath
from disputeflow.errors import TriggerNotAllowedError
from disputeflow.lifecycle.stages.bench_b import bench_b
from disputeflow.simulation.bench_b import run_bench_b


def main() -> None:
    result = run_bench_b(0.05, seed=1)
    print(f"BENCH-B scale 0.05 seed 1: {result.arrivals:,} arrivals, {result.closed:,} closed, "
          f"{result.pending:,} pending")  # fmt: skip
    print("completed services:", ", ".join(f"{n} {c:,}" for n, c in result.completed.items()))
    mean = result.mean_time_in_system_closed_days or 0.0
    print(f"mean time in system of closed disputes: {mean:.1f} days")
    print(f"lifecycle events recorded: {len(result.log):,}")

    # The longest story among the first 200 disputes, read back as engine events.
    dispute = max(range(200), key=lambda i: len(result.log.rows_of(i)))
    events = result.log.events_of(dispute)
    print(f"\ndispute {events[0].dispute_id} ({events[0].data['facts']['category']}):")
    for e in events[1:]:
        outcome = e.decision["outcome"] if e.decision else ""
        print(f"  #{e.seq} {e.at.format('YYYY-MM-DD HH:mm')} {e.trigger:<24} -> "
              f"{e.to_state:<26} {outcome}")  # fmt: skip

    fp = FastPath(bench_b())
    try:
        fp.step(fp.state_of("awaiting_trial"), fp.trigger_of("render_judgment"), "D-x")
    except TriggerNotAllowedError as exc:
        print(f"\nrefused: {exc}")


if __name__ == "__main__":
    main()
