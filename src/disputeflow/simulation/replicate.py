"""
Replications, comparisons under common random numbers, parameter sweeps, and running many
simulations on any ``concurrent.futures.Executor`` (a process pool, a Dask cluster's
``Client.get_executor()`` ...).

A run is a pure function of (scenario, seed): the same seed gives the same result serially or
on any executor. A comparison runs both scenarios with the same seeds, so each pair shares its
random numbers (arrivals, durations, outcomes of every dispute that reaches the same stage)
and the paired differences have a much narrower interval than two independent samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import attrs
import numpy as np

from disputeflow.errors import InvalidValueError
from disputeflow.events.event import Event
from disputeflow.simulation.results import SimulationResult
from disputeflow.simulation.runner import simulate
from disputeflow.simulation.scenario import Scenario

__all__ = [
    "Comparison",
    "Estimate",
    "Measure",
    "Replications",
    "compare",
    "replicate",
    "run_many",
    "sweep",
]

# Two-sided 95% Student t quantiles by degrees of freedom (1..30); beyond, the normal 1.96.
_T95 = (
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
)


def _t95(df: int) -> float:
    return _T95[df - 1] if 1 <= df <= len(_T95) else 1.96


@attrs.frozen
class Estimate:
    """
    A mean over replications with its 95% confidence interval (Student t).

    Attributes:
        name: the metric.
        mean: mean over replications.
        low, high: the interval's bounds (NaN with fewer than two values).
        n: replications with a value.
    """

    name: str
    mean: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, name: str, values: Sequence[float]) -> Estimate:
        """
        The estimate from the replications' values (NaNs left out).
        """
        x = np.asarray([v for v in values if not math.isnan(v)], dtype=float)
        if len(x) == 0:
            return cls(name, math.nan, math.nan, math.nan, 0)
        mean = float(x.mean())
        if len(x) < 2:
            return cls(name, mean, math.nan, math.nan, 1)
        half = _t95(len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))
        return cls(name, mean, mean - half, mean + half, len(x))


def _key(item: Scenario | tuple[Scenario, int]) -> tuple[Scenario, int]:
    return item if isinstance(item, tuple) else (item, 0)


#: Takes figures of one run's event log (e.g. :func:`disputeflow.indicators.measure`).
Measure = Callable[[Sequence[Event]], Mapping[str, float]]


def _run(task: tuple[Scenario, int, bool, Measure | None]) -> SimulationResult:
    scenario, seed, keep, measure = task
    result = simulate(scenario, seed, keep_events=keep or measure is not None)
    if measure is None:
        return result
    # Measured where the run happened, so a worker ships back figures, not the log.
    figures = {str(k): float(v) for k, v in measure(result.events).items()}
    return attrs.evolve(result, events=result.events if keep else (), figures=figures)


def run_many(
    runs: Iterable[tuple[Scenario, int]],
    executor: Executor | None = None,
    *,
    keep_events: bool = False,
    measure: Measure | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[SimulationResult]:
    """
    Run each (scenario, seed), serially or on ``executor``; results in the order given.

    Args:
        runs: (scenario, seed) pairs.
        executor: any ``concurrent.futures.Executor`` (``None``: in this process).
        keep_events: keep each run's event log (memory: a few hundred bytes per event).
        measure: called with each run's event log where the run happened (in the worker,
            on an executor); what it returns is the result's ``figures``. It must be
            picklable to go to another process: :func:`disputeflow.indicators.measure`
            builds one that takes indicator figures. The log is then dropped unless
            ``keep_events``.
        progress: called as ``progress(done, total)`` after each run.

    Returns:
        One result per run; equal seeds give equal results wherever they ran.
    """
    tasks = [(s, seed, keep_events, measure) for s, seed in runs]
    out: list[SimulationResult] = []
    if executor is None:
        for i, task in enumerate(tasks):
            out.append(_run(task))
            if progress is not None:
                progress(i + 1, len(tasks))
        return out
    futures = [executor.submit(_run, task) for task in tasks]
    for i, f in enumerate(futures):
        out.append(f.result())
        if progress is not None:
            progress(i + 1, len(tasks))
    return out


@attrs.frozen(eq=False, repr=False)
class Replications:
    """
    Results of several replications of one scenario, with estimates of every metric.
    """

    scenario: Scenario
    seeds: tuple[int, ...]
    results: tuple[SimulationResult, ...]

    def __repr__(self) -> str:
        return f"<Replications {self.scenario.id}: {len(self.seeds)} seeds from {self.seeds[0]}>"

    def values(self, metric: str) -> list[float]:
        """
        The metric of each replication.
        """
        return [r.metrics()[metric] for r in self.results]

    def estimates(self) -> dict[str, Estimate]:
        """
        Mean and 95% interval of every metric of :meth:`SimulationResult.metrics`.
        """
        ms = [r.metrics() for r in self.results]
        return {k: Estimate.of(k, [m[k] for m in ms]) for k in ms[0]}

    def table(self) -> Any:
        """
        The estimates as a DataFrame (metric, mean, low, high, n).
        """
        import pandas as pd

        rows = [attrs.astuple(e) for e in self.estimates().values()]
        return pd.DataFrame(rows, columns=["metric", "mean", "low", "high", "n"])

    def figures(self) -> list[Mapping[str, float]]:
        """
        What the measurement took of each replication (``replicate(..., measure=...)``), in
        seed order: pass it to :func:`disputeflow.indicators.summarize` or
        :func:`~disputeflow.indicators.score_replications`.

        Raises:
            InvalidValueError: the replications were run without a measurement.
        """
        out = [r.figures for r in self.results]
        if any(f is None for f in out):
            raise InvalidValueError(
                f"replications of {self.scenario.id}: figures",
                "replications run with measure= (replicate, compare or sweep)",
                "run without a measurement",
            )
        return [f for f in out if f is not None]

    def backlog(self) -> np.ndarray:
        """
        Litigation backlog per replication, day and court: shape (replications, days + 1,
        courts).
        """
        return np.stack([r.backlog() for r in self.results])


def _seeds(replications: int, seed: int) -> tuple[int, ...]:
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise InvalidValueError("replications", "an integer >= 1", replications)
    return tuple(seed + i for i in range(replications))


def replicate(
    scenario: Scenario,
    replications: int = 10,
    *,
    seed: int = 0,
    executor: Executor | None = None,
    measure: Measure | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Replications:
    """
    Run ``replications`` replications with seeds ``seed, seed+1, ...``.

    ``measure`` is applied to each run's log where it ran (see :func:`run_many`); the
    figures come back through :meth:`Replications.figures`.

    Raises:
        InvalidValueError: ``replications`` is not a positive integer.
    """
    seeds = _seeds(replications, seed)
    results = run_many([(scenario, s) for s in seeds], executor, measure=measure, progress=progress)
    return Replications(scenario, seeds, tuple(results))


@attrs.frozen(eq=False, repr=False)
class Comparison:
    """
    Two scenarios run with the same seeds (common random numbers).

    Attributes:
        baseline, variant: the replications of each.
    """

    baseline: Replications
    variant: Replications

    def __repr__(self) -> str:
        return f"<Comparison {self.baseline!r} vs {self.variant!r}>"

    def differences(self) -> dict[str, Estimate]:
        """
        Variant minus baseline for every metric: the mean of the paired differences and its
        95% interval.
        """
        a = [r.metrics() for r in self.baseline.results]
        b = [r.metrics() for r in self.variant.results]
        return {k: Estimate.of(k, [y[k] - x[k] for x, y in zip(a, b, strict=True)]) for k in a[0]}

    def table(self) -> Any:
        """
        Baseline mean, variant mean, difference and its interval, per metric (DataFrame).
        """
        import pandas as pd

        base, var = self.baseline.estimates(), self.variant.estimates()
        rows = [
            (k, base[k].mean, var[k].mean, d.mean, d.low, d.high)
            for k, d in self.differences().items()
        ]
        return pd.DataFrame(
            rows, columns=["metric", "baseline", "variant", "difference", "low", "high"]
        )


def compare(
    baseline: Scenario,
    variant: Scenario,
    replications: int = 10,
    *,
    seed: int = 0,
    executor: Executor | None = None,
    measure: Measure | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """
    Run both scenarios with the same seeds and pair the results.

    ``measure`` is applied to each run's log where it ran (see :func:`run_many`): pair
    ``comparison.baseline.figures()`` with ``comparison.variant.figures()`` in
    :func:`disputeflow.indicators.compare`.

    Raises:
        InvalidValueError: ``replications`` is not a positive integer.
    """
    seeds = _seeds(replications, seed)
    runs = [(baseline, s) for s in seeds] + [(variant, s) for s in seeds]
    results = run_many(runs, executor, measure=measure, progress=progress)
    n = len(seeds)
    return Comparison(
        Replications(baseline, seeds, tuple(results[:n])),
        Replications(variant, seeds, tuple(results[n:])),
    )


def sweep(
    scenario: Scenario,
    make: Callable[[Scenario, Any], Scenario],
    values: Iterable[Any],
    replications: int = 5,
    *,
    seed: int = 0,
    executor: Executor | None = None,
    measure: Measure | None = None,
) -> Mapping[Any, Replications]:
    """
    A parameter sweep: for each value, ``make(scenario, value)`` replicated with the same
    seeds (so neighbouring values share random numbers).

    Args:
        scenario: the base scenario.
        make: builds the scenario for one value (e.g. ``lambda s, n: s.with_servers(pool, n)``).
        values: the values swept.
        replications: replications per value.
        measure: applied to each run's log (see :func:`run_many`).

    Returns:
        Replications by value, in the order given.
    """
    seeds = _seeds(replications, seed)
    vals = list(values)
    scenarios = [make(scenario, v) for v in vals]
    runs = [(s, seed_) for s in scenarios for seed_ in seeds]
    results = run_many(runs, executor, measure=measure)
    n = len(seeds)
    return {
        v: Replications(s, seeds, tuple(results[i * n : (i + 1) * n]))
        for i, (v, s) in enumerate(zip(vals, scenarios, strict=True))
    }
