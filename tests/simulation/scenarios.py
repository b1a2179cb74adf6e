"""
A small one-court scenario shared by the simulation tests (``from simulation.scenarios import
small_scenario``).
"""

from __future__ import annotations

from disputeflow.engine import Court
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.scenario import (
    ArrivalStream,
    Decisions,
    PendingCohort,
    Region,
    ResourceSpec,
    Scenario,
    StageSpec,
)


def _e(mean: float) -> Distribution:
    return Distribution.of("exponential", mean=mean)


def _st(name: str, dur: Distribution, **outcomes: float) -> StageSpec:
    return StageSpec(name, dur, outcomes)


STAGES = {
    "filing": _st("filing", _e(0.3), register=0.9, correct=0.08, refuse=0.02),
    "correction": _st("correction", _e(5), corrected=0.8, abandoned=0.2),
    "pre_filing_mediation": _st(
        "pre_filing_mediation",
        Distribution.of("lognormal", mean=15, sd=10),
        success=0.72,
        failure=0.25,
        withdrawal=0.03,
    ),
    "confirmation": _st("confirmation", _e(5), apply=0.2, none=0.8),
    "trial_mediation": _st("trial_mediation", _e(6), success=0.4, failure=0.55, withdrawal=0.05),
    "fee": _st("fee", _e(3), paid=0.9, unpaid=0.1),
    "small_claims": _st(
        "small_claims", _e(30), judgment=0.6, mediation=0.2, withdrawal=0.15, ruling=0.05
    ),
    "summary": _st("summary", _e(50), judgment=0.6, mediation=0.2, withdrawal=0.15, ruling=0.05),
    "ordinary": _st("ordinary", _e(120), judgment=0.7, mediation=0.15, withdrawal=0.1, ruling=0.05),
    "appeal": _st("appeal", _e(8), appeal=0.15, none=0.85),
    "second_instance": _st(
        "second_instance",
        _e(60),
        affirm=0.7,
        amend=0.1,
        remand=0.05,
        mediation=0.1,
        withdrawal=0.05,
    ),
    "execution_application": _st("execution_application", _e(30), apply=0.4, none=0.6),
    "execution": _st(
        "execution", _e(90), full_performance=0.4, settlement=0.1, termination=0.45, withdrawal=0.05
    ),
    "petition_filing": _st("petition_filing", _e(30), petition=0.05, none=0.95),
    "petition": _st("petition", _e(15), routed=0.5, answered=0.4, concluded=0.1),
}

COURTS = (
    Court("bc", "Baicheng IPC", code="吉08"),
    Court("taobei", "Taobei", code="吉0802", parent="bc"),
)

RESOURCES = {
    "filing_officers": ResourceSpec("filing_officers", {"taobei": 3}),
    "mediators.court_roster": ResourceSpec("mediators.court_roster", {"taobei": 10}, slots=5),
    "judges.small_claims": ResourceSpec("judges.small_claims", {"taobei": 2}, slots=20),
    "judges.summary": ResourceSpec("judges.summary", {"taobei": 3}, slots=30),
    "judges.ordinary": ResourceSpec("judges.ordinary", {"taobei": 3}, slots=30),
    "judges.second_instance": ResourceSpec("judges.second_instance", {"bc": 2}, slots=20),
    "enforcement_officers": ResourceSpec("enforcement_officers", {"taobei": 3}, slots=50),
    "petition_staff": ResourceSpec("petition_staff", {"taobei": 1}, slots=5),
}


def small_scenario(
    rule_set: str = "prc-2024", *, rate: float = 600, days: int = 120, pending: bool = True
) -> Scenario:
    """A one-basic-court scenario: loans and family disputes, a few pending cases."""
    cohorts = [
        PendingCohort("taobei", "private_loan", "summary_trial", 10, 10, 80),
        PendingCohort("taobei", "private_loan", "executing", 4, 40, 200),
        PendingCohort("taobei", "private_loan", "appeal_review", 3, 60, 200),
        PendingCohort("taobei", "private_loan", "complaint_received", 3, 0, 3),
    ]
    if rule_set == "prc-2024":
        cohorts.append(PendingCohort("taobei", "family", "mediating", 5, 1, 25))
    return Scenario(
        "small",
        rule_set,
        "2024-01-01",
        days,
        COURTS,
        (Region("taobei", 356054, "taobei"),),
        (
            ArrivalStream("private_loan", "taobei", rate, weekly=(1, 1, 1, 1, 1, 0.1, 0.1)),
            ArrivalStream("family", "taobei", rate / 3),
        ),
        STAGES,
        Decisions(
            front_end={"default": 0.6},
            venues={"court_roster": 1.0},
            tracks={"default": {"small_claims": 0.3, "summary": 0.5, "ordinary": 0.2}},
            trial_mediation={"summary": 0.2, "ordinary": 0.2},
        ),
        RESOURCES,
        pending=tuple(cohorts) if pending else (),
    )
