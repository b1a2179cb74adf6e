"""
``disputeflow simulate``: run a scenario file (or a shipped scenario by name) for a number of
replications and write its tables and a short report.

A BENCH-B model (the shipped ``bench-b``, or a TOML file with ``model = "bench-b"`` at its top)
runs with :func:`~disputeflow.simulation.bench_b.run_bench_b` instead: one run per replication,
BENCH-B's figures per run, and their means with 95% intervals.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.bench_b import BenchBResult, run_bench_b
from disputeflow.simulation.bench_b_model import (
    NODE_NAMES,
    BenchBModel,
    is_bench_b_file,
    load_bench_b,
)
from disputeflow.simulation.loader import load_scenario, shipped_models, shipped_scenarios
from disputeflow.simulation.replicate import Estimate, replicate

__all__ = ["DEFAULT_BENCH_B_SCALE", "DEFAULT_SHIPPED_SCALE", "FORMATS", "simulate_command"]

FORMATS = ("csv", "parquet")
#: Scale used for a shipped scenario when none is given, so the default run is quick.
DEFAULT_SHIPPED_SCALE = 0.25
#: Scale used for the shipped BENCH-B model when none is given (about 5,000 disputes a run).
DEFAULT_BENCH_B_SCALE = 0.05
_TABLES = ("cases", "backlog", "queues", "utilisation", "breaches")


def _progress_bar(total: int, enabled: bool) -> tuple[Callable[[int, int], None] | None, Any]:
    if not enabled or total < 2:
        return None, None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, None
    bar = tqdm(total=total, unit="run", desc="simulating")

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    return update, bar


def _interval(e: Estimate, replications: int) -> str:
    """
    ``mean [low, high]``, or ``mean n/a (1 replication)`` when there is no interval.
    """
    if math.isnan(e.low) or math.isnan(e.high):
        why = "1 replication" if replications == 1 else f"{e.n} value(s)"
        return f"{e.mean:.4g} n/a ({why})"
    return f"{e.mean:.4g} [{e.low:.4g}, {e.high:.4g}]"


def simulate_command(
    scenario: str | Path,
    replications: int = 1,
    seed: int = 0,
    out_dir: str | Path | None = None,
    fmt: str = "csv",
    progress: bool = True,
    *,
    scale: float | None = None,
) -> str:
    """
    Run a scenario and return the report text; write tables to ``out_dir`` if given.

    Args:
        scenario: a TOML file, or the name of a shipped scenario (``baicheng``) or BENCH-B
            model (``bench-b``); a file with ``model = "bench-b"`` at its top is a BENCH-B
            model (run by :func:`_bench_b_command`).
        replications: replications (seeds ``seed .. seed + replications - 1``).
        seed: the first seed.
        out_dir: where the tables go (``cases``, ``backlog``, ``queues``, ``utilisation``,
            ``breaches`` of the first replication, and ``estimates`` over all of them; for a
            BENCH-B model ``replications`` and ``estimates``), and ``report.txt``.
        fmt: ``csv`` or ``parquet``.
        progress: show a progress bar (tqdm, when installed) for several replications.
        scale: overrides the scenario's scale; a shipped scenario without one runs at
            :data:`DEFAULT_SHIPPED_SCALE` (the shipped BENCH-B model at
            :data:`DEFAULT_BENCH_B_SCALE`, a BENCH-B file at 1), as the report says.

    Returns:
        The report: scenario, scale, wall time, headline estimates, files written.

    Raises:
        ConfigError: the scenario cannot be read.
        InvalidValueError: unknown format, or a bad number of replications.
    """
    if fmt not in FORMATS:
        raise InvalidValueError("format", " or ".join(FORMATS), fmt)
    shipped_model = isinstance(scenario, str) and scenario in shipped_models()
    if shipped_model or (
        not (isinstance(scenario, str) and scenario in shipped_scenarios())
        and is_bench_b_file(scenario)
    ):
        return _bench_b_command(
            load_bench_b(scenario), replications, seed, out_dir, fmt, progress, scale, shipped_model
        )
    sc = load_scenario(scenario)
    lines: list[str] = []
    if scale is None and isinstance(scenario, str) and scenario in shipped_scenarios():
        scale = DEFAULT_SHIPPED_SCALE
        lines.append(f"note: shipped scenario run at scale {scale} (use --scale 1 for full size)")
    if scale is not None:
        sc = sc.evolve(scale=scale)
    update, bar = _progress_bar(replications, progress)
    started = time.perf_counter()  # elapsed time for the report; no date is read
    reps = replicate(sc, replications, seed=seed, progress=update)
    elapsed = time.perf_counter() - started
    if bar is not None:
        bar.close()
    first = reps.results[0]
    disputes = len(first.cases["dispute_id"])
    lines.insert(
        0,
        f"scenario {sc.id} ({sc.label or sc.rule_set}), rule set {sc.rule_set}, "
        f"scale {sc.scale}, {replications} replication(s) from seed {seed}",
    )
    lines.append(
        f"{disputes} disputes per run; {elapsed:.1f} s in all, "
        f"{elapsed / replications / max(disputes, 1) * 1e3:.2f} ms per dispute"
    )
    lines.extend(first.summary().splitlines())
    est = reps.estimates()
    lines.append("estimates over replications (mean [95% interval]):")
    for key in (
        "new",
        "closed",
        "closed_to_new",
        "backlog_end",
        "mediation_share",
        "mean_days_to_disposition",
        "breaches",
    ):
        lines.append(f"  {key}: {_interval(est[key], replications)}")
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        frames = {name: getattr(first, f"{name}_frame")() for name in _TABLES}
        frames["estimates"] = reps.table()
        for name, frame in frames.items():
            path = out / f"{name}.{fmt}"
            if fmt == "csv":
                frame.to_csv(path, index=False)
            else:
                frame.astype(
                    {c: str for c in frame.columns if frame[c].dtype == object}
                ).to_parquet(path, index=False)
            lines.append(f"wrote {path}")
        report = out / "report.txt"
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines.append(f"wrote {report}")
    return "\n".join(lines)


def _write(frame: Any, path: Path, fmt: str) -> None:
    if fmt == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)


def _num(x: float) -> str:
    # Counts as integers, large rates without an exponent, the rest to 4 significant digits.
    if isinstance(x, int):
        return str(x)
    return f"{x:.0f}" if math.isfinite(x) and abs(x) >= 1e4 else f"{x:.4g}"


def _bench_b_row(replication: int, r: BenchBResult, wall_s: float) -> dict[str, Any]:
    # One replication's figures, flat (a row of the replications table).
    mean = r.mean_time_in_system_closed_days
    return {
        "replication": replication,
        "seed": r.seed,
        "scale": r.scale,
        "arrivals": r.arrivals,
        "closed": r.closed,
        "pending": r.pending,
        **{f"completed_{n}": r.completed[n] for n in NODE_NAMES},
        "mean_time_in_system_closed_days": math.nan if mean is None else mean,
        "model_events": r.model_events,
        "lifecycle_events": len(r.log),
        "wall_s": wall_s,
        "cases_per_s": r.arrivals / wall_s if wall_s > 0 else math.nan,
    }


#: The replications-table columns the report estimates, with their report labels.
_BENCH_B_FIGURES = (
    ("arrivals", "arrivals"),
    ("closed", "closed"),
    ("pending", "pending"),
    *((f"completed_{n}", f"completed services {n}") for n in NODE_NAMES),
    ("mean_time_in_system_closed_days", "mean time in system of closed cases (days)"),
    ("model_events", "model events"),
    ("cases_per_s", "cases/s"),
)


def _bench_b_command(
    model: BenchBModel,
    replications: int,
    seed: int,
    out_dir: str | Path | None,
    fmt: str,
    progress: bool,
    scale: float | None,
    shipped: bool,
) -> str:
    """
    Run a BENCH-B model ``replications`` times (seeds ``seed ..``) and return the report.

    Raises:
        InvalidValueError: fewer than one replication, or a non-positive scale.
    """
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise InvalidValueError("replications", "an integer >= 1", replications)
    lines: list[str] = []
    if scale is None:
        scale = DEFAULT_BENCH_B_SCALE if shipped else 1.0
        if shipped:
            lines.append(
                f"note: shipped BENCH-B model run at scale {scale} (use --scale 1 for full size)"
            )
    update, bar = _progress_bar(replications, progress)
    rows: list[dict[str, Any]] = []
    for i in range(replications):
        started = time.perf_counter()  # wall time for cases/s; no date is read
        result = run_bench_b(scale, seed + i, model=model)
        rows.append(_bench_b_row(i, result, time.perf_counter() - started))
        if update is not None:
            update(i + 1, replications)
    if bar is not None:
        bar.close()
    servers = ", ".join(f"{n} {c}" for n, c in model.scaled_servers(scale).items())
    wall = sum(r["wall_s"] for r in rows)
    lines.insert(
        0,
        f"model {model.id} ({model.label or 'BENCH-B'}), scale {scale}, "
        f"{replications} replication(s) from seed {seed}",
    )
    lines.append(f"servers: {servers}")
    arrivals = sum(r["arrivals"] for r in rows)
    lines.append(f"{wall:.2f} s in all, {_num(arrivals / wall if wall > 0 else math.nan)} cases/s")
    if replications == 1:
        (row,) = rows
        lines.append("figures:")
        for key, label in _BENCH_B_FIGURES:
            lines.append(f"  {label}: {_num(row[key])}")
    else:
        lines.append("estimates over replications (mean [95% interval]):")
        for key, label in _BENCH_B_FIGURES:
            est = Estimate.of(key, [float(r[key]) for r in rows])
            lines.append(f"  {label}: {_num(est.mean)} [{_num(est.low)}, {_num(est.high)}]")
    if out_dir is not None:
        import pandas as pd

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        estimates = [Estimate.of(k, [float(r[k]) for r in rows]) for k, _ in _BENCH_B_FIGURES]
        frames = {
            "replications": pd.DataFrame(rows),
            "estimates": pd.DataFrame(
                [
                    {"metric": e.name, "mean": e.mean, "low": e.low, "high": e.high, "n": e.n}
                    for e in estimates
                ]
            ),
        }
        for name, frame in frames.items():
            path = out / f"{name}.{fmt}"
            _write(frame, path, fmt)
            lines.append(f"wrote {path}")
        report = out / "report.txt"
        report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines.append(f"wrote {report}")
    return "\n".join(lines)
