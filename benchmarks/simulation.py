"""
Simulation benchmark: the shipped Baicheng scenario, serial, one process.

Runs ``disputeflow.simulation.simulate`` on the shipped ``baicheng`` scenario at ``--scale``
(default 1.0: about 28,000 disputes over 2024) with ``--seed``, keeping no event log (as
replications do), and prints the disputes simulated, CPU and wall seconds, milliseconds per
dispute and disputes per second. ``--repeat`` runs it several times and reports the best;
``--profile N`` prints the N most expensive functions (cProfile, by own time) of one more run.
No target is asserted: the figures are for comparing versions on one machine.

Usage::

    python benchmarks/simulation.py [--scale 1.0] [--seed 1] [--repeat 1] [--quick]
                                    [--profile N]

``--quick`` runs scale 0.02 once (a few seconds), for the smoke test.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import sys
import time

from disputeflow.simulation import load_scenario, simulate


def run(scale: float, seed: int) -> tuple[int, float, float]:
    """
    One run: (disputes, CPU seconds, wall seconds).
    """
    scenario = load_scenario("baicheng").evolve(scale=scale)
    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate(scenario, seed, keep_events=False)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return len(result.cases["dispute_id"]), cpu, wall


def main(argv: list[str] | None = None) -> int:
    """
    Parse the options, run, print the figures.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="scale 0.02, once")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    scale = 0.02 if args.quick else args.scale
    repeat = 1 if args.quick else max(1, args.repeat)
    print(
        f"baicheng scale {scale} seed {args.seed}, serial, keep_events=False; "
        f"python {platform.python_version()} on {platform.machine()}"
    )
    best: tuple[int, float, float] | None = None
    for _ in range(repeat):
        n, cpu, wall = run(scale, args.seed)
        if best is None or cpu < best[1]:
            best = (n, cpu, wall)
    assert best is not None
    n, cpu, wall = best
    print(f"disputes: {n:,}")
    print(f"cpu {cpu:.2f} s, wall {wall:.2f} s" + (f" (best of {repeat})" if repeat > 1 else ""))
    print(f"ms per dispute: {cpu / n * 1e3:.3f}")
    print(f"disputes per second: {n / cpu:,.0f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(scale, args.seed)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
