"""
Indicator benchmark: the shipped sets over a 1,000,000-dispute log, against plain pandas.

Builds a log of ``--disputes`` disputes (default 1,000,000, about 8 million events) at ten
courts (nine basic courts and the intermediate court that hears their appeals) over 2025, loads
it into the indicator tables, then times, apart from building and loading, the sets
``spc-2024-09``, ``cepej`` and ``courtools`` for 12 months x 10 courts
(:func:`disputeflow.indicators.scoring.evaluate_set`: compute and score). In the same run it
times a plain pandas group-by computation of the closure rate, the clearance rate and the
disposition time on the same log, prints the ratio, and checks those three figures against the
library's. Target: the three sets in under 30 seconds on one core.

How the log is built fast and still is the engine's log: the engine walks one template
dispute per (court, complaint day, path) - 9 courts x 365 days x 5 paths of the
``prc-civil-2025`` lifecycle (judgment and execution, prior-mediation settlement, appeal,
withdrawal, judgment taking effect), with judges and mediators named in the acts - and every
dispute of the big log is a copy of a template under its own id: the same events the engine
records for that path on those days. Events after 2025-12-31 are left out (the log as it
stands at the end of the year). The tables of the big log are the templates' tables repeated
row for row; ``--verify`` (on by default up to 20,000 disputes) also makes the copied events
one by one, streams them through :func:`~disputeflow.indicators.tables.build_tables`, prints
the time of that fold, and checks the two tables are equal: ``--verify`` at 1,000,000 disputes
builds and loads the whole 8-million-event log (about two minutes more).

Usage::

    python benchmarks/indicators.py [--disputes 1000000] [--quick] [--verify] [--check]
                                    [--json PATH] [--seed 2025]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pendulum

import disputeflow as d
from disputeflow.events import Event
from disputeflow.indicators.definitions import months
from disputeflow.indicators.scoring import evaluate_set
from disputeflow.indicators.tables import Tables, build_tables

TZ = "Asia/Shanghai"
YEAR = 2025
SETS = ("spc-2024-09", "cepej", "courtools")
TARGET_S = 30.0
QUICK = 2_000
VERIFY_UP_TO = 20_000
DEFAULT = 1_000_000

INTERMEDIATE = d.Court(
    "baicheng-intermediate", "Baicheng Intermediate People's Court", "白城市中级人民法院", "吉08"
)
#: Nine basic courts under the intermediate court (codes in the PRC form; illustrative).
BASIC = tuple(
    d.Court(
        f"court-{k}",
        f"Basic court {k}",
        f"基层法院{k}",
        f"吉08{k + 1:02d}",
        parent=INTERMEDIATE.id,
        region=f"region-{k}",
    )
    for k in range(9)
)
COURTS = (INTERMEDIATE, *BASIC)
CATEGORIES = ("private_loan", "sale_contract", "property_service", "traffic_accident", "family")

#: A path: (name, weight, steps); a step is (proceeding, trigger, days after the complaint,
#: data). The first step opens the case.
Step = tuple[str | None, str, int, Mapping[str, Any]]
_NONE: Mapping[str, Any] = {}
PATHS: tuple[tuple[str, float, tuple[Step, ...]], ...] = (
    (
        "judgment, executed in full",
        0.35,
        (
            (None, "receive_complaint", 0, _NONE),
            ("p1", "register", 1, _NONE),
            ("p1", "assign_summary", 3, {"judge": "J"}),
            ("p1", "render_judgment", 45, _NONE),
            ("p1", "take_effect", 80, _NONE),
            ("p1", "apply_for_execution", 95, _NONE),
            ("p2", "accept_execution", 96, _NONE),
            ("p2", "assign_handler", 97, {"handler": "H"}),
            ("p2", "issue_execution_notice", 98, _NONE),
            ("p2", "order_property_report", 99, _NONE),
            ("p2", "record_payment", 130, {"amount": 9000}),
            ("p2", "record_payment", 145, {"amount": 6000}),
            ("p2", "record_full_performance", 160, _NONE),
        ),
    ),
    (
        "settled in prior mediation",
        0.15,
        (
            (None, "receive_complaint", 0, _NONE),
            ("p1", "register", 1, _NONE),
            ("p1", "assign_summary", 3, {"judge": "J"}),
            (
                "p1",
                "offer_prior_mediation",
                4,
                {"consent": True, "venue": "court_roster", "mediator": "M"},
            ),
            ("p1", "settle_in_prior_mediation", 20, _NONE),
        ),
    ),
    (
        "ordinary judgment, appealed, affirmed",
        0.2,
        (
            (None, "receive_complaint", 0, _NONE),
            ("p1", "register", 1, _NONE),
            ("p1", "assign_ordinary", 3, {"judge": "J"}),
            ("p1", "render_judgment", 120, _NONE),
            ("p1", "appeal", 130, _NONE),
            ("p2", "receive_appeal_file", 145, _NONE),
            ("p2", "affirm", 200, {"hearing_held": True}),
        ),
    ),
    (
        "withdrawn",
        0.1,
        (
            (None, "receive_complaint", 0, _NONE),
            ("p1", "register", 1, _NONE),
            ("p1", "assign_summary", 3, {"judge": "J"}),
            ("p1", "withdraw", 30, _NONE),
        ),
    ),
    (
        "judgment takes effect",
        0.2,
        (
            (None, "receive_complaint", 0, _NONE),
            ("p1", "register", 1, _NONE),
            ("p1", "assign_summary", 3, {"judge": "J"}),
            ("p1", "render_judgment", 50, _NONE),
            ("p1", "take_effect", 85, _NONE),
        ),
    ),
)
JUDGES_PER_COURT = 5


def _person(data: Mapping[str, Any], court: str, day: int) -> Mapping[str, Any]:
    # Each court has its own judges, handlers and mediators; the day spreads the work.
    out = dict(data)
    for key in ("judge", "handler", "mediator"):
        if key in out:
            out[key] = f"{court}-{key}-{day % JUDGES_PER_COURT}"
    return out


def build_templates(lifecycle: d.Lifecycle) -> tuple[list[list[Event]], np.ndarray]:
    """
    One engine-walked template dispute per (court, complaint day, path), events after the
    year left out.

    Returns:
        The events of each template, and each template's path index.
    """
    engine = d.Engine(lifecycle, courts=COURTS)
    end = pendulum.Date(YEAR, 12, 31)
    first = pendulum.datetime(YEAR, 1, 1, 9, tz=TZ)
    templates: list[list[Event]] = []
    path_of: list[int] = []
    for court in BASIC:
        for day in range(365):
            for p, (_, _, steps) in enumerate(PATHS):
                opened = first.add(days=day)
                facts = d.Facts(
                    category=CATEGORIES[(day + p) % len(CATEGORIES)],
                    court=court.id,
                    region=court.region,
                    claim_amount=15_000 + 100 * (day % 50),
                    parties=(d.Party("Plaintiff", "plaintiff"), d.Party("Defendant", "defendant")),
                )
                did = f"T-{len(templates)}"
                out = engine.open(did, facts, steps[0][1], at=opened, actor="clerk")
                case, events = out.case, list(out.events)
                for k, (proceeding, trigger, offset, data) in enumerate(steps[1:], start=1):
                    at = opened.add(days=offset, seconds=k)
                    if at.date() > end:
                        break
                    out = engine.fire(
                        case,
                        proceeding or "p1",
                        trigger,
                        at=at,
                        actor="clerk",
                        data=_person(data, court.id, day),
                    )
                    case = out.case
                    events += out.events
                templates.append(events)
                path_of.append(p)
    return templates, np.array(path_of, dtype=np.int64)


def choose(templates: int, path_of: np.ndarray, n: int, seed: int) -> np.ndarray:
    """
    The template of each of ``n`` disputes: a path by its weight, a court and day uniformly.
    """
    rng = np.random.default_rng(seed)
    weights = np.array([w for _, w, _ in PATHS])
    paths = rng.choice(len(PATHS), size=n, p=weights / weights.sum())
    by_path = [np.flatnonzero(path_of == p) for p in range(len(PATHS))]
    out = np.empty(n, dtype=np.int64)
    for p, rows in enumerate(by_path):
        mask = paths == p
        out[mask] = rows[rng.integers(0, len(rows), size=int(mask.sum()))]
    return out


def _ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """
    Source rows of the concatenated ranges, and the new start of each range.
    """
    new_starts = np.cumsum(counts) - counts
    src = np.repeat(starts - new_starts, counts) + np.arange(int(counts.sum()))
    return src, new_starts


def replicate(t: Tables, choice: np.ndarray) -> Tables:
    """
    The tables of the log whose dispute ``i`` is a copy of template ``choice[i]`` under the id
    ``D-i``: the templates' rows repeated, with dispute and row references renumbered.
    """
    n = len(choice)
    pr, dis = t.proceedings, t.disputes
    # Template disputes and their proceedings are contiguous: templates were walked in turn.
    tdis = pr["dispute"]
    p_count = np.bincount(tdis, minlength=len(dis["dispute_id"]))
    p_start = np.cumsum(p_count) - p_count
    src, new_start = _ranges(p_start[choice], p_count[choice])
    counts = p_count[choice]
    ids = np.array([f"D-{i}" for i in range(n)], dtype=object)
    new_dispute = np.repeat(np.arange(n, dtype=np.int64), counts)
    shift = np.repeat(new_start - p_start[choice], counts)
    proceedings = {k: v[src] for k, v in pr.items()}
    proceedings["dispute"] = new_dispute
    proceedings["dispute_id"] = ids[new_dispute]
    parent = pr["parent_row"][src]
    proceedings["parent_row"] = np.where(parent >= 0, parent + shift, -1)
    disputes = {k: v[choice] for k, v in dis.items()}
    disputes["dispute_id"] = ids
    # Proceeding row in the big tables of each template row, per copy: spells and inactive
    # spells follow their proceeding.
    new_row_of = {}
    for name, table in (("spells", t.spells), ("inactive", t.inactive)):
        owner = tdis[table["proc"]]  # template dispute of each spell
        order = np.argsort(owner, kind="stable")
        s_count = np.bincount(owner, minlength=len(dis["dispute_id"]))
        s_start = np.cumsum(s_count) - s_count
        s_src, _ = _ranges(s_start[choice], s_count[choice])
        rows = order[s_src]
        copy_of = np.repeat(np.arange(n), s_count[choice])
        proc = table["proc"][rows]
        new_table = {k: v[rows] for k, v in table.items()}
        new_table["proc"] = proc - p_start[choice][copy_of] + new_start[copy_of]
        new_row_of[name] = new_table
    return attrs.evolve(
        t,
        proceedings=proceedings,
        disputes=disputes,
        spells=new_row_of["spells"],
        inactive=new_row_of["inactive"],
    )


def materialise(templates: Sequence[Sequence[Event]], choice: np.ndarray) -> Iterator[Event]:
    """
    The copied events themselves (dispute ``i`` = template ``choice[i]`` under id ``D-i``),
    one at a time, so a million-dispute log streams through the fold without being held.
    """
    return (
        attrs.evolve(e, dispute_id=f"D-{i}") for i, t in enumerate(choice) for e in templates[t]
    )


def _canonical(t: Tables, name: str) -> Any:
    frame = t.frame(name)
    if name in ("spells", "inactive"):
        keys = t.frame("proceedings")[["dispute_id", "proceeding_id"]]
        frame = frame.assign(
            dispute_id=keys["dispute_id"].to_numpy()[frame["proc"].to_numpy()],
            proceeding_id=keys["proceeding_id"].to_numpy()[frame["proc"].to_numpy()],
        ).drop(columns="proc")
    if name == "proceedings":
        frame = frame.drop(columns=["dispute", "parent_row"])
    for c in frame.columns:
        if str(frame[c].dtype) == "category":
            frame[c] = frame[c].astype(str)
    cols = list(frame.columns)
    return frame.sort_values(cols, kind="stable").reset_index(drop=True)


def verify(replicated: Tables, folded: Tables) -> list[str]:
    """
    The tables that differ between the replicated and the folded log (empty when equal).
    """
    bad = []
    for name in ("disputes", "proceedings", "spells", "inactive"):
        a, b = _canonical(replicated, name), _canonical(folded, name)
        if list(a.columns) != list(b.columns) or not a.equals(b):
            bad.append(name)
    return bad


def reference(frame: Any, periods: Sequence[Any]) -> Any:
    """
    Closure rate, clearance rate and disposition time by court and month with plain pandas
    group-by over the counted proceedings (accepted = carried over + new).
    """
    import pandas as pd

    first = pd.Timestamp(str(periods[0].start_on))
    acc = pd.to_datetime(frame["accepted_on"])
    closed = pd.to_datetime(frame["closed_on"])
    acc_m = (acc.dt.year - first.year) * 12 + acc.dt.month - first.month
    closed_m = (closed.dt.year - first.year) * 12 + closed.dt.month - first.month
    n_months = len(periods)
    court = frame["court"].astype(str)
    new = pd.DataFrame({"court": court, "m": acc_m}).groupby(["court", "m"]).size()
    out = pd.DataFrame({"court": court, "m": closed_m}).groupby(["court", "m"]).size()
    courts = sorted(court.unique())
    grid = pd.MultiIndex.from_product([courts, range(n_months)], names=["court", "m"])
    before_new = new[new.index.get_level_values("m") < 0].groupby("court").sum()
    before_out = out[out.index.get_level_values("m") < 0].groupby("court").sum()
    new = new.reindex(grid, fill_value=0)
    out = out.reindex(grid, fill_value=0)
    start = before_new.reindex(courts, fill_value=0) - before_out.reindex(courts, fill_value=0)
    pending = new.groupby("court").cumsum() - out.groupby("court").cumsum()
    pending = pending + start.reindex(pending.index.get_level_values("court")).to_numpy()
    carried = pending - new + out
    days = np.array([p.days for p in periods] * len(courts), dtype=float)
    table = pd.DataFrame(
        {
            "closure-rate": 100 * out / (carried + new),
            "cepej-clearance-rate": 100 * out / new,
            "cepej-disposition-time": pending / out * days,
        }
    )
    return table.replace([np.inf, -np.inf], np.nan)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def measure(n: int, seed: int, check_tables: bool, out: Callable[[str], None]) -> dict[str, Any]:
    """
    Build, load, time the sets and the pandas reference; the figures as a dict.
    """
    from disputeflow.indicators.compute import compute

    lifecycle = d.prc_civil_2025()
    figures: dict[str, Any] = {"disputes": n, "python": platform.python_version()}
    (templates, path_of), s, _ = _timed(lambda: build_templates(lifecycle))
    template_tables, s2, _ = _timed(
        lambda: build_tables([e for t in templates for e in t], lifecycle)
    )
    choice = choose(len(templates), path_of, n, seed)
    n_events = int(np.array([len(t) for t in templates])[choice].sum())
    tables, s3, _ = _timed(lambda: replicate(template_tables, choice))
    figures["events"] = n_events
    figures["proceedings"] = tables.n_proceedings
    figures["build_seconds"] = s + s2 + s3
    out(
        f"log: {n:,} disputes, {n_events:,} events, {tables.n_proceedings:,} proceedings, "
        f"{len(COURTS)} courts, {len(templates):,} engine-walked templates "
        f"(built and loaded in {s + s2 + s3:.1f} s, not timed below)"
    )
    if check_tables:
        folded, fold_s, fold_cpu = _timed(
            lambda: build_tables(materialise(templates, choice), lifecycle)
        )
        bad = verify(tables, folded)
        figures["verified"] = not bad
        figures["fold_seconds"] = fold_s
        out(f"copied events made one by one and folded by build_tables: {fold_s:.1f} s "
            f"(cpu {fold_cpu:.1f} s, not timed below); their tables: "
            + ("equal to the replicated tables" if not bad
               else f"DIFFER in {', '.join(bad)}"))  # fmt: skip
    periods = months(YEAR, 1, 12)
    figures["sets"] = {}
    total = 0.0
    for set_id in SETS:
        ev, wall, cpu = _timed(
            lambda set_id=set_id: evaluate_set(tables, set_id, periods=periods, by=("court",))
        )
        groups = ev.composite["court"].nunique()
        rows = len(ev.results)
        figures["sets"][set_id] = {"seconds": wall, "cpu_seconds": cpu, "rows": rows}
        total += wall
        out(
            f"set {set_id:<12} {wall:7.2f} s (cpu {cpu:.2f} s)  "
            f"{len(ev.indicator_set.members)} indicators x {len(periods)} months x "
            f"{groups} courts = {rows:,} results"
        )
    figures["sets_seconds"] = total
    frame = tables.frame("proceedings")
    frame = frame.loc[frame["counted"].to_numpy()]
    ref, ref_s, ref_cpu = _timed(lambda: reference(frame, periods))
    figures["reference_seconds"] = ref_s
    out(f"plain pandas group-by (closure rate, clearance rate, disposition time): {ref_s:.2f} s "
        f"(cpu {ref_cpu:.2f} s)")  # fmt: skip
    ours = compute(list(ref.columns), tables, periods=periods, by=("court",))
    ours["m"] = [periods.index(next(p for p in periods if p.start_on == s))
                 for s in ours["period_start"]]  # fmt: skip
    mine = ours.pivot_table(index=["court", "m"], columns="indicator", values="value")
    diff = (mine[ref.columns] - ref.reindex(mine.index)).abs().max().max()
    figures["max_abs_difference"] = float(0.0 if np.isnan(diff) else diff)
    out(f"library vs pandas on those three: max abs difference {figures['max_abs_difference']:.2e}")
    ratio = total / ref_s if ref_s > 0 else float("inf")
    figures["ratio"] = ratio
    out(f"ratio three sets / pandas reference: {ratio:.1f}x")
    return figures


def evaluate(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """
    The targets and whether they pass.
    """
    targets = [
        {
            "name": "sets_time",
            "pass": bool(figures["sets_seconds"] < TARGET_S),
            "detail": f"{figures['sets_seconds']:.1f} s for {', '.join(SETS)} "
            f"(limit {TARGET_S:.0f} s)",
        },
        {
            "name": "agrees_with_pandas",
            "pass": bool(figures["max_abs_difference"] < 1e-6),
            "detail": f"max abs difference {figures['max_abs_difference']:.2e}",
        },
    ]
    if "verified" in figures:
        targets.append(
            {
                "name": "tables_equal",
                "pass": bool(figures["verified"]),
                "detail": "replicated tables equal the tables of the copied events",
            }
        )
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the benchmark; the exit code is 1 only with ``--check`` and a failed target.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--disputes", type=int, default=None, help="disputes (default 1M)")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK:,} disputes")
    parser.add_argument("--verify", action="store_true", help="check the tables at any size")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target fails")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    n = args.disputes if args.disputes is not None else (QUICK if args.quick else DEFAULT)
    if n < 1:
        parser.error("--disputes must be at least 1")
    figures = measure(n, args.seed, args.verify or n <= VERIFY_UP_TO, print)
    figures["targets"] = evaluate(figures)
    for t in figures["targets"]:
        print(f"{'PASS' if t['pass'] else 'FAIL'} {t['name']}: {t['detail']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fp:
            json.dump(figures, fp, indent=2)
    return 1 if args.check and not all(t["pass"] for t in figures["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
