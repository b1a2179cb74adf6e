"""
BENCH-B benchmark: disputeflow against the SimPy reference, whole process and event loop.

Runs BENCH-B (``shared/bench/BENCH-B.md``) ``--repeats`` times through disputeflow
(``disputeflow.simulation.bench_b.run_bench_b``: the ``bench-b`` lifecycle on the compiled fast
path, policies drawing the routing, every event in the columnar log) and through the SimPy
reference (``shared/bench/reference/simpy_bench_b.py``, run as it is), each run in its own
process, alternating (A B A B ...), seed ``k`` for the k-th pair. For each side it prints the
median whole-process cases/s (arrivals / wall seconds from spawn to exit, interpreter start-up
and imports included), the median event-loop cases/s (arrivals / the simulation's own seconds),
the peak resident set size (the child's ``ru_maxrss``) and CPU seconds, then the ratios and a
PASS/FAIL line per target: disputeflow at least 2x the reference's whole-process cases/s, and
at most 2 GiB peak memory. Exit code 0 unless ``--check`` is given and a target fails.

Usage::

    python benchmarks/bench_b.py [--scale 1] [--repeats 3] [--check] [--json PATH]
    python benchmarks/bench_b.py --scale 10            # about a million disputes
    python benchmarks/bench_b.py --scale 10 --repeats 1 --reference-timeout 600

The machine's other load shows as wall time above CPU time; compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_SHARED = Path("/work/shared/bench/reference")
_COPY = Path(__file__).resolve().parent / "reference"  # byte for byte, see its README
REFERENCE = Path(
    os.environ.get(
        "BENCH_REFERENCE", str(_SHARED if (_SHARED / "simpy_bench_b.py").exists() else _COPY)
    )
)
RATIO_TARGET = 2.0  # disputeflow whole-process cases/s over the reference's
MEMORY_LIMIT = 2 * 1024**3  # bytes of peak RSS (BENCH-B: scale 10 under 2 GiB)
SIDES = ("disputeflow", "simpy")


def child(scale: float, seed: int) -> None:
    """
    One disputeflow run in this process; prints one JSON line like the reference's.
    """
    t0 = time.perf_counter()
    from disputeflow.simulation.bench_b import run_bench_b

    t1 = time.perf_counter()
    result = run_bench_b(scale, seed)
    t2 = time.perf_counter()
    out = result.summary()
    out["timings_s"] = {"import_s": t1 - t0, "simulate_s": t2 - t1}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


def run_one(side: str, scale: float, seed: int, timeout: float | None = None) -> dict[str, Any]:
    """
    Run one side once in a fresh process: its JSON figures plus wall seconds, peak RSS
    (bytes) and CPU seconds of that process. A run still going after ``timeout`` seconds is
    killed and marked ``timed_out``, with the expected arrivals (s x 100,000) standing in for
    its count, so its cases/s is an upper bound.
    """
    if side == "disputeflow":
        argv = [sys.executable, __file__, "--child", "--scale", str(scale), "--seed", str(seed)]
    else:
        script = REFERENCE / "simpy_bench_b.py"
        argv = [sys.executable, str(script), "--seed", str(seed), "--cases-scale", str(scale)]
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_b_{os.getpid()}_{side}.json"
    with out_path.open("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        measured = {
            "wall_s": wall,
            "peak_rss_bytes": usage.ru_maxrss * 1024,  # Linux reports KiB
            "cpu_s": usage.ru_utime + usage.ru_stime,
        }
        if timeout and proc.returncode == -signal.SIGKILL and wall >= timeout:
            out_path.unlink()
            return {**measured, "timed_out": True, "arrivals": round(scale * 100_000)}
        if proc.returncode != 0:
            raise SystemExit(f"{side} run failed with exit code {proc.returncode}")
        out.seek(0)
        lines = [x for x in out.read().splitlines() if x.startswith("{")]
    out_path.unlink()
    data: dict[str, Any] = json.loads(lines[-1])
    return {**data, **measured, "timed_out": False}


def measure(scale: float, repeats: int, timeout: float | None = None) -> dict[str, Any]:
    """
    ``repeats`` alternating pairs of runs; per side, every run and the medians. ``timeout``
    bounds each reference run (see :func:`run_one`).
    """
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in SIDES}
    for k in range(repeats):
        for side in SIDES:
            r = run_one(side, scale, k + 1, timeout if side == "simpy" else None)
            runs[side].append(r)
            loop = "timed out" if r["timed_out"] else f"{r['timings_s']['simulate_s']:7.2f} s"
            print(
                f"  run {k + 1} {side:<11} {r['arrivals']:>9,} arrivals  wall {r['wall_s']:7.2f} s"
                f"  loop {loop}  cpu {r['cpu_s']:7.2f} s"
                f"  peak {r['peak_rss_bytes'] / 2**20:7.1f} MiB",
                flush=True,
            )
    summary: dict[str, Any] = {}
    for side, rs in runs.items():
        if any(r["timed_out"] for r in rs):
            summary[side] = {
                "timed_out": True,
                "whole_cases_per_s": statistics.median(r["arrivals"] / r["wall_s"] for r in rs),
                "loop_cases_per_s": None,
                "loop_events_per_s": None,
                "peak_rss_bytes": max(r["peak_rss_bytes"] for r in rs),
                "wall_s": statistics.median(r["wall_s"] for r in rs),
                "cpu_s": statistics.median(r["cpu_s"] for r in rs),
                "closed": None,
                "mean_time_in_system": None,
            }
            continue
        summary[side] = {
            "timed_out": False,
            "whole_cases_per_s": statistics.median(r["arrivals"] / r["wall_s"] for r in rs),
            "loop_cases_per_s": statistics.median(
                r["arrivals"] / r["timings_s"]["simulate_s"] for r in rs
            ),
            "loop_events_per_s": statistics.median(
                r["model_events"] / r["timings_s"]["simulate_s"] for r in rs
            ),
            "peak_rss_bytes": max(r["peak_rss_bytes"] for r in rs),
            "wall_s": statistics.median(r["wall_s"] for r in rs),
            "cpu_s": statistics.median(r["cpu_s"] for r in rs),
            "closed": statistics.fmean(r["closed"] for r in rs),
            "mean_time_in_system": statistics.fmean(
                r["mean_time_in_system_closed_days"] for r in rs
            ),
        }
    return {"scale": scale, "repeats": repeats, "runs": runs, "summary": summary}


def evaluate(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """
    The targets on measured figures: whole-process ratio >= 2, disputeflow peak <= 2 GiB.
    """
    ours, ref = figures["summary"]["disputeflow"], figures["summary"]["simpy"]
    ratio = ours["whole_cases_per_s"] / ref["whole_cases_per_s"]
    peak = ours["peak_rss_bytes"]
    # A reference run cut off by the timeout makes the ratio a lower bound.
    bound = "at least " if ref.get("timed_out") else ""
    return [
        {
            "name": "throughput",
            "pass": ratio >= RATIO_TARGET,
            "detail": f"whole-process ratio {bound}{ratio:.2f}x (target >= {RATIO_TARGET:.0f}x)",
        },
        {
            "name": "memory",
            "pass": peak <= MEMORY_LIMIT,
            "detail": f"disputeflow peak RSS {peak / 2**20:.0f} MiB (limit 2048 MiB)",
        },
    ]


def report(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """
    Print the medians, ratios, agreement of the means and verdicts; return the verdicts.
    """
    s = figures["summary"]
    ours, ref = s["disputeflow"], s["simpy"]
    print(f"BENCH-B scale {figures['scale']:g}, {figures['repeats']} alternating runs per side")
    for side in SIDES:
        x = s[side]
        if x["timed_out"]:
            print(
                f"{side:<11} whole process {x['whole_cases_per_s']:>10,.0f} cases/s at most "
                f"(timed out; expected arrivals / time until killed)  "
                f"peak RSS {x['peak_rss_bytes'] / 2**20:,.0f} MiB so far  "
                f"(median wall {x['wall_s']:.2f} s, cpu {x['cpu_s']:.2f} s)"
            )
            continue
        print(
            f"{side:<11} whole process {x['whole_cases_per_s']:>10,.0f} cases/s  "
            f"event loop {x['loop_cases_per_s']:>10,.0f} cases/s "
            f"({x['loop_events_per_s']:,.0f} model events/s)  "
            f"peak RSS {x['peak_rss_bytes'] / 2**20:,.0f} MiB  "
            f"(median wall {x['wall_s']:.2f} s, cpu {x['cpu_s']:.2f} s)"
        )
    whole = ours["whole_cases_per_s"] / ref["whole_cases_per_s"]
    if ref["timed_out"]:
        print(f"ratio disputeflow/simpy: whole process at least {whole:.2f}x")
    else:
        loop = ours["loop_cases_per_s"] / ref["loop_cases_per_s"]
        mem = ours["peak_rss_bytes"] / ref["peak_rss_bytes"]
        print(f"ratio disputeflow/simpy: whole process {whole:.2f}x, event loop {loop:.2f}x, "
              f"peak RSS {mem:.2f}x")  # fmt: skip
        closed = ours["closed"] / ref["closed"] - 1
        tis = ours["mean_time_in_system"] / ref["mean_time_in_system"] - 1
        print(
            f"agreement of the means over these runs: closed {closed:+.2%}, mean time in "
            f"system {tis:+.2%} (the 20-seed rule: tests/simulation/test_bench_b.py)"
        )
    verdicts = evaluate(figures)
    for v in verdicts:
        print(f"{'PASS' if v['pass'] else 'FAIL'} {v['name']}: {v['detail']}")
    return verdicts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else "")
    parser.add_argument("--scale", type=float, default=1.0, help="BENCH-B scale s (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per side (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target fails")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON")
    parser.add_argument(
        "--reference-timeout",
        type=float,
        metavar="SECONDS",
        help="kill a reference run after this long and report bounds (SimPy's Resource "
        "releases in O(users), so the reference at scale 10 runs for tens of minutes)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.scale, args.seed)
        return 0
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if not (REFERENCE / "simpy_bench_b.py").exists():
        parser.error(f"the SimPy reference is not at {REFERENCE} (set BENCH_REFERENCE)")
    figures = measure(args.scale, args.repeats, args.reference_timeout)
    verdicts = report(figures)
    if args.json is not None:
        args.json.write_text(json.dumps({**figures, "targets": verdicts}, indent=2))
    return 1 if args.check and not all(v["pass"] for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
