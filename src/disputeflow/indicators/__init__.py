"""
Quality-and-efficiency indicators computed from event logs.

Build columnar tables from a log once (:func:`build_tables`), then compute any indicators for
reporting periods and groups (:func:`compute`). Definitions are data (:class:`Indicator`);
the built-in ones (:data:`BUILTIN`) cover DOMAIN.md section 4, the SPC 2024 set members,
CEPEJ and CourTools. :mod:`disputeflow.indicators.aggregate` computes the measures courts
publish from aggregate counts, rounded as published.
"""

from disputeflow.indicators.aggregate import (
    AggregateCounts,
    clearance_rate,
    closure_rate,
    disposition_time,
    round_half_up,
    turnover,
)
from disputeflow.indicators.builtin import BUILTIN, NCSC_CIVIL_STANDARDS, builtin, builtin_ids
from disputeflow.indicators.compute import (
    RESULT_COLUMNS,
    ResultRow,
    compute,
    compute_rows,
    population_table,
)
from disputeflow.indicators.decompose import decompose
from disputeflow.indicators.definitions import (
    BASES,
    GROUP_COLUMNS,
    Condition,
    Indicator,
    Measure,
    ReportingPeriod,
    Statistic,
    half_year,
    month,
    months,
    quarter,
    year,
)
from disputeflow.indicators.measurement import Measurement, measure
from disputeflow.indicators.reference import reference_markdown
from disputeflow.indicators.scoring import Evaluation, composite_scores, evaluate_set
from disputeflow.indicators.sets import IndicatorSet, builtin_sets, load_set
from disputeflow.indicators.tables import NEVER, Tables, build_tables

__all__ = [
    "BASES",
    "BUILTIN",
    "GROUP_COLUMNS",
    "NCSC_CIVIL_STANDARDS",
    "NEVER",
    "RESULT_COLUMNS",
    "AggregateCounts",
    "Condition",
    "Evaluation",
    "Indicator",
    "IndicatorSet",
    "Measure",
    "Measurement",
    "ReportingPeriod",
    "ResultRow",
    "Statistic",
    "Tables",
    "build_tables",
    "builtin",
    "builtin_ids",
    "builtin_sets",
    "clearance_rate",
    "closure_rate",
    "composite_scores",
    "compute",
    "compute_rows",
    "decompose",
    "disposition_time",
    "evaluate_set",
    "half_year",
    "load_set",
    "measure",
    "month",
    "months",
    "population_table",
    "quarter",
    "reference_markdown",
    "round_half_up",
    "turnover",
    "year",
]
