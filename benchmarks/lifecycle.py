"""
Lifecycle benchmark: the engine against plain ``transitions`` on the same path.

Walks ``--sizes`` cases (default 100,000 then 1,000,000) through eight triggers of the shipped
``prc-civil-2025`` lifecycle with :class:`disputeflow.Engine`, and ``--plain`` cases (default
10,000) through the same triggers with plain ``transitions`` usage (one ``Machine`` built from
the same lifecycle, a True condition per guard, ``add_model`` per case). Prints microseconds
per trigger, bytes per open case, the ratios, and a PASS/FAIL line for each target: linear
time (10x the cases at most 12x the time), at most 1 KiB per open case, and the engine's
trigger at most 1.5x the plain one. Exit code 0 unless ``--check`` is given and a target
fails. How it measures, and why: ``benchmarks/README.md``.

Usage::

    python benchmarks/lifecycle.py [--sizes 100000,1000000] [--plain 10000] [--quick]
                                   [--check] [--json PATH] [--profile N]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import platform
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from typing import Any

import pendulum
from transitions import Machine

import disputeflow as d

LIFECYCLE_ID = "prc-civil-2025"
TZ = "Asia/Shanghai"
NEW = "__new__"  # the initial pseudo-state of a plain model, as in the engine's machine

LINEAR_FACTOR = 1.2  # 10x the cases may cost at most 12x the time
MEMORY_LIMIT = 1024  # bytes per open case
OVERHEAD_LIMIT = 1.5  # engine trigger / plain transitions trigger
WARM_UP = 200  # cases walked on each side before anything is measured
ROUNDS = 3  # alternating rounds of the like-for-like comparison; the best counts

_EMPTY: Mapping[str, Any] = {}


#: The walk: (proceeding, trigger, days after the complaint, data). The first step opens the
#: case.
PATH: tuple[tuple[str | None, str, int, Mapping[str, Any]], ...] = (
    (None, "receive_complaint", 0, _EMPTY),
    ("p1", "register", 1, _EMPTY),
    ("p1", "assign_summary", 2, _EMPTY),
    ("p1", "render_judgment", 60, _EMPTY),
    # Served on the spot; the 15-day appeal window (30 days for a party without domicile,
    # then rolled over a holiday) has run out: the judgment takes effect.
    ("p1", "take_effect", 95, _EMPTY),
    ("p1", "apply_for_execution", 110, _EMPTY),
    ("p2", "accept_execution", 111, _EMPTY),
    ("p2", "assign_handler", 112, {"handler": "H-3"}),
)
TRIGGERS = tuple(step[1] for step in PATH)
FINAL_STATE = "executing"  # where the last proceeding stands after the walk

#: Complaints arrive over a year of days and a court day of minutes (09:00-17:00), so acts
#: have distinct instants and spread dates as in real traffic, and caches in the engine keyed
#: by time or date hit no more than they would there.
SPREAD_DAYS = 365
SPREAD_MINUTES = 480
FIRST_DAY = pendulum.datetime(2025, 1, 2, 9, tz=TZ)

COURTS = (
    d.Court(
        "baicheng-intermediate",
        "Baicheng Intermediate People's Court",
        "白城市中级人民法院",
        "吉08",
    ),
    d.Court(
        "taobei",
        "Taobei District People's Court",
        "洮北区人民法院",
        "吉0802",
        parent="baicheng-intermediate",
        region="taobei",
    ),
)

#: One case's own input: its facts and the times of its acts.
Row = tuple[d.Facts, tuple[pendulum.DateTime, ...]]


def schedule(n: int) -> list[Row]:
    """
    The inputs of ``n`` cases: ``min(n, 175,200)`` distinct rows; case ``i`` uses row ``i``
    modulo their number.

    Each row has its own facts (a private loan between two people, its own names and amount),
    since a case keeps the facts it was opened with, and its own times.
    """
    rows: list[Row] = []
    for i in range(min(n, SPREAD_DAYS * SPREAD_MINUTES)):
        facts = d.Facts(
            category="private_loan",
            court="taobei",
            region="taobei",
            claim_amount=20_000 + i % 80_000,
            parties=(d.Party(f"Lender {i}", "plaintiff"), d.Party(f"Borrower {i}", "defendant")),
        )
        opened = FIRST_DAY.add(days=i % SPREAD_DAYS, minutes=i // SPREAD_DAYS)
        # The k-th act falls on second k of its minute: no two acts of any rows share an
        # instant, as in real traffic.
        times = tuple(opened.add(days=step[2], seconds=k) for k, step in enumerate(PATH))
        rows.append((facts, times))
    return rows


# -- the two sides ---------------------------------------------------------------------------


def walk_engine(engine: d.Engine, n: int, rows: Sequence[Row]) -> list[d.Case]:
    """
    Open ``n`` cases and walk each through :data:`PATH` with the facts and times of its row,
    keeping the cases, not the events.
    """
    opening = PATH[0][1]
    rest = [(proceeding, trigger, data) for proceeding, trigger, _, data in PATH[1:]]
    count = len(rows)
    cases: list[d.Case] = []
    append = cases.append
    for i in range(n):
        facts, times = rows[i % count]
        case = engine.open(f"D{i}", facts, opening, at=times[0], actor="clerk").case
        for (proceeding, trigger, data), at in zip(rest, times[1:], strict=True):
            case = engine.fire(case, proceeding, trigger, at=at, actor="clerk", data=data).case
        append(case)
    return cases


def _always_true(*args: Any, **kwargs: Any) -> bool:
    return True


def plain_machine(lifecycle: d.Lifecycle) -> Any:
    """
    A plain ``transitions.Machine`` with the lifecycle's states and transitions.

    Every guard becomes a condition that returns True, in the same places.
    A plain model is one case in one state, so an opening leaves from the states its parent
    must be in (``requires``), or from :data:`NEW` when it needs no parent; the engine keeps
    the parent proceeding and opens a second one instead.
    """
    conditions = {g.name: _always_true for g in lifecycle.guards}
    machine = Machine(
        model=None,
        states=[NEW, *(s.name for s in lifecycle.states)],
        initial=NEW,
        auto_transitions=False,  # the same transitions: no to_<state> for every state
    )
    for t in lifecycle.transitions:
        if t.source:
            source: Any = sorted(t.source)
        elif t.requires:
            source = sorted(t.requires)
        else:
            source = NEW
        machine.add_transition(
            t.trigger, source, t.dest, conditions=[conditions[g] for g in t.guards]
        )
    return machine


class PlainCase:
    """
    A case as plain transitions usage has it: an object ``add_model`` decorates.
    """

    state: str  # set by the machine


def open_plain(machine: Any, n: int) -> list[PlainCase]:
    """
    Create ``n`` models and add each to ``machine`` (the plain way of opening a case).
    """
    models = [PlainCase() for _ in range(n)]
    add = machine.add_model
    for model in models:
        add(model)
    return models


def walk_plain(models: Sequence[PlainCase]) -> None:
    """
    Fire :data:`TRIGGERS` on every model, one case after the other.
    """
    for model in models:
        for trigger in TRIGGERS:
            getattr(model, trigger)()


# -- measuring -------------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _timed_with_cpu(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    # CPU time beside the wall clock shows how much a busy machine took from a long pass.
    cpu = time.process_time()
    seconds, result = _timed(fn)
    return seconds, time.process_time() - cpu, result


def _traced(fn: Callable[[], Any]) -> tuple[int, Any]:
    """
    Bytes still allocated after ``fn`` returns, with its result kept alive.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = fn()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, result


def time_engine(lifecycle: d.Lifecycle, n: int, rows: Sequence[Row]) -> tuple[float, float]:
    """
    Seconds (wall clock, then CPU) to open and walk ``n`` cases on a fresh engine, the cases
    alive at the end.
    """
    engine = d.Engine(lifecycle, courts=COURTS)
    seconds, cpu, cases = _timed_with_cpu(lambda: walk_engine(engine, n, rows))
    final = cases[-1].proceedings[-1].state
    if final != FINAL_STATE:
        raise SystemExit(f"engine walk ended in {final!r}, expected {FINAL_STATE!r}")
    return seconds, cpu


def trace_engine(lifecycle: d.Lifecycle, n: int) -> tuple[int, float]:
    """
    Bytes the engine allocated for ``n`` open cases, still held after their walk (their
    events discarded), and the bytes per case of the caller's act times the cases keep.

    The inputs (facts and act times) are made before the trace, as a caller's requests
    bring them: opening a case does not make its facts. The dispute ids are made in the walk,
    so they count. What the cases keep of the inputs is reported beside the figure.
    """
    engine = d.Engine(lifecycle, courts=COURTS)
    rows = schedule(n)
    used, cases = _traced(lambda: walk_engine(engine, n, rows))
    return used, sum(_times_kept(case) for case in cases) / n


def _times_kept(case: d.Case) -> int:
    """
    Bytes of the caller's act times a case keeps (when it opened, when each proceeding
    opened, its last act), each object counted once.
    """
    times = {
        id(t): t for t in (case.opened_at, case.last_at, *(p.opened_at for p in case.proceedings))
    }
    return sum(sys.getsizeof(t) for t in times.values())


def time_records(case: d.Case, n: int) -> float:
    """
    Microseconds to build the records one act returns, and nothing else: an ``Event``, a
    ``Proceeding``, a ``Case`` and an ``Outcome`` (the public frozen attrs values; their
    fields are the engine's public behaviour). A floor for the engine's trigger beside
    ``transitions``' own.
    """
    p = case.proceedings[-1]
    at = case.last_at
    on = at.date()

    def build() -> None:
        for _ in range(n):
            event = d.Event(
                case.dispute_id, case.seq + 1, "transition", at, case.seq + 1, p.id,
                "register", p.state, p.state, "clerk", "", case.lifecycle_id, None, "", None, on,
                (), None, {},
            )  # fmt: skip
            new = d.Proceeding(
                p.id, p.kind, p.case_number, p.court, p.parent, p.state, p.opened_at,
                p.accepted_on, p.closed_on, p.closing_kind, p.flags, p.attributes, p.fired,
                p.clocks,
            )  # fmt: skip
            after = d.Case(
                case.dispute_id, case.lifecycle_id, case.facts, (*case.proceedings[:-1], new),
                event.seq, case.opened_at, at,
            )  # fmt: skip
            d.Outcome(after, (event,))

    seconds, _ = _timed(build)
    return seconds / n * 1e6


def trace_facts(n: int) -> int:
    """
    Bytes held by the facts of ``n`` cases alone: the caller's data inside an open case.
    """
    used, _ = _traced(lambda: [facts for facts, _ in schedule(n)])
    return used


def time_plain(lifecycle: d.Lifecycle, n: int) -> tuple[float, float]:
    """
    Seconds to ``add_model`` ``n`` models, and seconds to walk them, timed apart.
    """
    machine = plain_machine(lifecycle)
    open_seconds, models = _timed(lambda: open_plain(machine, n))
    walk_seconds, _ = _timed(lambda: walk_plain(models))
    final = models[-1].state
    if final != FINAL_STATE:
        raise SystemExit(f"plain walk ended in {final!r}, expected {FINAL_STATE!r}")
    return open_seconds, walk_seconds


def trace_plain(lifecycle: d.Lifecycle, n: int) -> int:
    """
    Bytes held by ``n`` added and walked models (the machine's model list included).
    """
    machine = plain_machine(lifecycle)

    def open_and_walk() -> list[PlainCase]:
        models = open_plain(machine, n)
        walk_plain(models)
        return models

    used, _ = _traced(open_and_walk)
    return used


def _per_trigger(seconds: float, n: int) -> float:
    return seconds / (n * len(PATH)) * 1e6


def measure(sizes: Sequence[int], plain_n: int, out: Callable[[str], None]) -> dict[str, Any]:
    """
    Every figure, each reported through ``out`` as soon as it is known.

    The engine's memory is traced at the smallest size only: tracing slows a walk several
    times over, and the bytes per case depend on the count only through the engine's bounded
    caches, which weigh less the more cases there are. The two triggers are
    compared on ``plain_n`` cases each, best of :data:`ROUNDS` alternating rounds, so a busy
    machine hurts both sides alike.
    """
    lifecycle = d.lifecycle(LIFECYCLE_ID)
    # Calendars, time zones and caches load on first use; keep that out of the first figure.
    walk_engine(d.Engine(lifecycle, courts=COURTS), WARM_UP, schedule(WARM_UP))
    walk_plain(open_plain(plain_machine(lifecycle), WARM_UP))
    rows = schedule(max(*sizes, plain_n))

    engine: dict[str, dict[str, float]] = {}
    for n in sorted(sizes):
        seconds, cpu = time_engine(lifecycle, n, rows)
        figures = {
            "cases": n,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "us_per_trigger": _per_trigger(seconds, n),
        }
        if n == min(sizes):
            used, times = trace_engine(lifecycle, n)
            figures["bytes_per_case"] = used / n
            figures["facts_bytes_per_case"] = trace_facts(n) / min(n, len(rows))
            figures["times_bytes_per_case"] = times
            figures["bytes_per_case_with_inputs"] = (
                figures["bytes_per_case"] + figures["facts_bytes_per_case"] + times
            )
        engine[str(n)] = figures
        out(_line("engine", figures, f"; cpu {cpu:.1f} s"))
        if "facts_bytes_per_case" in figures:
            out(
                "besides, the caller's inputs each case keeps alive (made before opening): "
                f"its facts {figures['facts_bytes_per_case']:,.0f} B (two parties, an amount) "
                f"and act times {figures['times_bytes_per_case']:,.0f} B; with them "
                f"{figures['bytes_per_case_with_inputs']:,.0f} B per case"
            )

    rounds = [
        (time_engine(lifecycle, plain_n, rows)[0], *time_plain(lifecycle, plain_n))
        for _ in range(ROUNDS)
    ]
    engine_s = min(r[0] for r in rounds)
    add_s = min(r[1] for r in rounds)
    plain_s = min(r[2] for r in rounds)
    same_n = {
        "cases": plain_n,
        "seconds": engine_s,
        "us_per_trigger": _per_trigger(engine_s, plain_n),
    }
    plain = {
        "cases": plain_n,
        "seconds": plain_s,
        "us_per_trigger": _per_trigger(plain_s, plain_n),
        "add_model_seconds": add_s,
        "add_model_us_per_case": add_s / plain_n * 1e6,
        "bytes_per_case": trace_plain(lifecycle, plain_n) / plain_n,
    }
    best = f"; best of {ROUNDS}"
    out(_line("engine", same_n, best))
    out(
        _line(
            "plain", plain, f"{best}; add_model {plain['add_model_us_per_case']:.0f} us/case apart"
        )
    )
    # What the overhead target leaves beside transitions' own trigger, and what the records an
    # act must return cost alone (best of the rounds, on a walked case).
    walked = walk_engine(d.Engine(lifecycle, courts=COURTS), 1, rows)[0]
    records_us = min(time_records(walked, plain_n) for _ in range(ROUNDS))
    budget = {
        "engine_minus_plain_us": same_n["us_per_trigger"] - plain["us_per_trigger"],
        "allowed_minus_plain_us": (OVERHEAD_LIMIT - 1) * plain["us_per_trigger"],
        "records_us": records_us,
    }
    out(
        f"engine trigger beyond the plain one: {budget['engine_minus_plain_us']:.1f} us "
        f"(the {OVERHEAD_LIMIT}x target allows {budget['allowed_minus_plain_us']:.1f} us); "
        f"the act's Event, Proceeding, Case and Outcome alone: {records_us:.1f} us"
    )
    return {"engine": engine, "engine_at_plain": same_n, "plain": plain, "budget": budget}


# -- report ----------------------------------------------------------------------------------


def _line(side: str, f: Mapping[str, float], extra: str = "") -> str:
    memory = f"{f['bytes_per_case']:>8,.0f} B/open case" if "bytes_per_case" in f else " " * 21
    return (
        f"{side:<7}{int(f['cases']):>10,} cases: {f['us_per_trigger']:7.1f} us/trigger "
        f"{memory}  ({f['seconds']:.1f} s{extra})"
    )


def _target(name: str, value: float, limit: float, text: str) -> dict[str, Any]:
    return {"name": name, "value": value, "limit": limit, "pass": value <= limit, "text": text}


def evaluate(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """
    The three targets from :func:`measure`'s figures.
    """
    engine = {int(n): f for n, f in figures["engine"].items()}
    small, large = min(engine), max(engine)
    time_ratio = engine[large]["seconds"] / engine[small]["seconds"]
    time_limit = LINEAR_FACTOR * large / small
    cpu = ""
    if "cpu_seconds" in engine[large]:
        cpu = f"; CPU time {engine[large]['cpu_seconds'] / engine[small]['cpu_seconds']:.2f}x"
    per_case = engine[small]["bytes_per_case"]
    plain = figures["plain"]
    overhead = figures["engine_at_plain"]["us_per_trigger"] / plain["us_per_trigger"]
    return [
        _target(
            "linear_time",
            time_ratio,
            time_limit,
            f"{large:,} cases cost {time_ratio:.2f}x the {small:,} "
            f"(limit {time_limit:.1f}x for {large / small:g}x the cases{cpu})",
        ),
        _target(
            "memory",
            per_case,
            MEMORY_LIMIT,
            f"{per_case:,.0f} B per open case at {small:,} cases (limit {MEMORY_LIMIT:,} B)",
        ),
        _target(
            "overhead",
            overhead,
            OVERHEAD_LIMIT,
            f"engine trigger {overhead:.1f}x the plain transitions trigger at "
            f"{int(plain['cases']):,} cases (limit {OVERHEAD_LIMIT}x)",
        ),
    ]


def run(sizes: Sequence[int], plain_n: int, out: Callable[[str], None]) -> dict[str, Any]:
    """
    Measure, report and evaluate; ``out`` receives the report line by line.

    Returns:
        The figures, ready for JSON: per-size engine figures, the like-for-like comparison,
        the ratios and the targets with their verdicts.
    """
    out(f"lifecycle {LIFECYCLE_ID}, {len(PATH)} triggers per case: " + " -> ".join(TRIGGERS))
    out(
        "gc enabled on both sides (never frozen or disabled); time and memory measured in "
        "separate passes; cases kept alive, events discarded"
    )
    figures = measure(sizes, plain_n, out)
    engine, same_n, plain = figures["engine"], figures["engine_at_plain"], figures["plain"]
    small = engine[str(min(sizes))]
    ratios = {
        "trigger": same_n["us_per_trigger"] / plain["us_per_trigger"],
        "trigger_with_add_model": same_n["seconds"]
        / (plain["seconds"] + plain["add_model_seconds"]),
        "bytes_per_case": small["bytes_per_case"] / plain["bytes_per_case"],
    }
    out(
        f"ratio engine/plain per trigger: {ratios['trigger']:.2f}x "
        f"({ratios['trigger_with_add_model']:.2f}x counting add_model as the plain open)"
    )
    out(f"ratio engine/plain bytes per open case: {ratios['bytes_per_case']:.3f}x")
    targets = evaluate(figures)
    for t in targets:
        out(f"{'PASS' if t['pass'] else 'FAIL'} {t['name']}: {t['text']}")
    return {
        "lifecycle": LIFECYCLE_ID,
        "path": list(TRIGGERS),
        "gc": "enabled",
        "python": platform.python_version(),
        "transitions": version("transitions"),
        "disputeflow": version("disputeflow"),
        **figures,
        "ratios": ratios,
        "targets": targets,
    }


def profile(n: int, top: int = 25) -> None:
    """
    Profile one engine walk of ``n`` cases and print the ``top`` functions by own time.
    """
    engine = d.Engine(d.lifecycle(LIFECYCLE_ID), courts=COURTS)
    rows = schedule(n)
    profiler = cProfile.Profile()
    profiler.runcall(walk_engine, engine, n, rows)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"comma-separated case counts, got {text!r}") from None
    if len(sizes) < 2 or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"at least two positive case counts, got {text!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    """
    Command line entry point; returns the exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=_sizes, help="engine case counts (100000,1000000)")
    parser.add_argument("--plain", type=int, help="plain transitions case count (10000)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: sizes 2000,20000, plain 2000"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target fails")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    parser.add_argument(
        "--profile", type=int, metavar="N", help="only profile the engine walk of N cases"
    )
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    # Explicit --sizes / --plain win over --quick's.
    sizes = args.sizes or ([2_000, 20_000] if args.quick else [100_000, 1_000_000])
    plain_n = args.plain or (2_000 if args.quick else 10_000)
    if plain_n < 1:
        parser.error("--plain must be positive")
    figures = run(sizes, plain_n, lambda line: print(line, flush=True))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=2)
    failed = [t["name"] for t in figures["targets"] if not t["pass"]]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
