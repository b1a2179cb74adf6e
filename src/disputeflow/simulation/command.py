"""
``disputeflow simulate``: run a scenario file (or a shipped scenario by name) for a number of
replications and write its tables and a short report.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.loader import load_scenario, shipped_scenarios
from disputeflow.simulation.replicate import Estimate, replicate

__all__ = ["DEFAULT_SHIPPED_SCALE", "FORMATS", "simulate_command"]

FORMATS = ("csv", "parquet")
#: Scale used for a shipped scenario when none is given, so the default run is quick.
DEFAULT_SHIPPED_SCALE = 0.25
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
        scenario: a TOML file, or the name of a shipped scenario (``baicheng``).
        replications: replications (seeds ``seed .. seed + replications - 1``).
        seed: the first seed.
        out_dir: where the tables go (``cases``, ``backlog``, ``queues``, ``utilisation``,
            ``breaches`` of the first replication, and ``estimates`` over all of them).
        fmt: ``csv`` or ``parquet``.
        progress: show a progress bar (tqdm, when installed) for several replications.
        scale: overrides the scenario's scale; a shipped scenario without one runs at
            :data:`DEFAULT_SHIPPED_SCALE`, as the report says.

    Returns:
        The report: scenario, scale, wall time, headline estimates, files written.

    Raises:
        ConfigError: the scenario cannot be read.
        InvalidValueError: unknown format, or a bad number of replications.
    """
    if fmt not in FORMATS:
        raise InvalidValueError("format", " or ".join(FORMATS), fmt)
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
