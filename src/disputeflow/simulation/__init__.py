"""
Case-flow simulation on the real engine and policies.

A :class:`Scenario` (from TOML with :func:`load_scenario`, or built in code) is run with
:func:`simulate` for one seed, :func:`replicate` for several, :func:`compare` for two
scenarios under common random numbers, and :func:`sweep` over a parameter; :func:`run_many`
takes any ``concurrent.futures.Executor``. See ``docs/simulation.md``.
"""

from disputeflow.simulation.bench_b import BenchBResult, run_bench_b
from disputeflow.simulation.bench_b_model import BenchBModel, load_bench_b
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.loader import (
    load_scenario,
    scenario_from_toml,
    shipped_models,
    shipped_names,
    shipped_scenarios,
)
from disputeflow.simulation.replicate import (
    Comparison,
    Estimate,
    Measure,
    Replications,
    compare,
    replicate,
    run_many,
    sweep,
)
from disputeflow.simulation.results import SimulationResult
from disputeflow.simulation.runner import simulate
from disputeflow.simulation.scenario import (
    ArrivalStream,
    Decisions,
    PendingCohort,
    Region,
    ResourceSpec,
    Scenario,
    StageSpec,
)
from disputeflow.simulation.streams import Streams

__all__ = [
    "ArrivalStream",
    "BenchBModel",
    "BenchBResult",
    "Comparison",
    "Decisions",
    "Distribution",
    "Estimate",
    "Measure",
    "PendingCohort",
    "Region",
    "Replications",
    "ResourceSpec",
    "Scenario",
    "SimulationResult",
    "StageSpec",
    "Streams",
    "compare",
    "load_bench_b",
    "load_scenario",
    "replicate",
    "run_bench_b",
    "run_many",
    "scenario_from_toml",
    "shipped_models",
    "shipped_names",
    "shipped_scenarios",
    "simulate",
    "sweep",
]
