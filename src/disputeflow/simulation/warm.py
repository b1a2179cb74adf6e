"""
Warm start: begin a run from pending cases instead of empty courts.

Two sources: the scenario's pending cohorts (so many cases of a category at a court in a
state, of given ages), each walked through the lifecycle with back-dated acts so its running
clocks (the trial time limit from filing, a mediation period) are the engine's own; and
:class:`~disputeflow.Case` values a caller passes (a snapshot replayed from a live system's
logs). Either way the case takes its next step at day 0 from the state it is in: its current
stage starts afresh with a full drawn duration while its clocks keep their real start, so an
old case may overrun its time limit as it would in court.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from disputeflow.errors import InvalidValueError
from disputeflow.events import Case
from disputeflow.simulation.scenario import PendingCohort, scaled_count
from disputeflow.simulation.streams import stream_key

if TYPE_CHECKING:
    from disputeflow.simulation.runner import Dispute, Simulation

__all__ = ["warm_start"]

_COHORT = 2**20


_Step = tuple[str, float, dict[str, object]]


def _path(sim: Simulation, cohort: PendingCohort, age: float) -> list[_Step]:
    """
    The back-dated acts (trigger, days before the start, data) that bring a new complaint to
    the cohort's state.
    """
    s = cohort.state
    if s == "complaint_received":
        return []
    if s == "mediating":
        if sim.regime != "2024":
            # No pre-filing docket from 2025: the dispute is a complaint to be filed first.
            return []
        return [
            ("divert_to_pre_filing_mediation", age - 0.01, {"consent": True}),
            (
                "assign_mediator",
                age - 0.02,
                {"venue": "court_roster", "mediator": "mediator:court_roster"},
            ),
        ]
    track = {"small_claims_trial": "small_claims", "summary_trial": "summary"}.get(s, "ordinary")
    trial: list[_Step] = [
        ("register", age - 0.01, {}),
        (f"assign_{track}", age - 0.02, {"judge": "judge"}),
    ]
    if s.endswith("_trial"):
        return trial
    # An appeal is heard about halfway through the case's age; an execution follows a
    # judgment served early enough for its appeal window to have run out.
    decided = max(age * 0.5, 2.0) if s == "appeal_review" else 2.0
    trial = [
        ("register", age - 0.01, {}),
        ("assign_summary", age - 0.02, {"judge": "judge"}),
        ("render_judgment", age - decided, {}),
    ]
    if s == "appeal_review":
        return [
            *trial,
            ("appeal", age - decided - 0.5, {}),
            ("receive_appeal_file", age - decided - 1.0, {}),
        ]
    # executing: the judgment took effect when its appeal window ran out (an expiry).
    return [
        *trial,
        ("advance", 0.0, {}),
        ("apply_for_execution", 1.0, {}),
        ("accept_execution", 0.99, {}),
        ("assign_handler", 0.98, {"handler": "handler"}),
    ]


def _elapsed(state: str, age: float, regime: str) -> float:
    """
    Days the case has spent in its current stage at day 0 (see :func:`_path`): a trial or a
    pre-filing mediation began when the case was filed or diverted, an appeal review when the
    file reached the court above; an execution was accepted the day before the start.
    """
    if state.endswith("_trial") or (state == "mediating" and regime == "2024"):
        return max(age - 0.02, 0.0)
    if state == "appeal_review":
        return max(age - max(age * 0.5, 2.0) - 1.0, 0.0)
    return 0.0


def _walk(sim: Simulation, d: Dispute, cohort: PendingCohort, age: float) -> None:
    facts = sim.facts(d)
    out = sim.engine.open(d.id, facts, "receive_complaint", at=sim.time.at(-age), actor="clerk")
    d.case = out.case
    sim.record(d, out.events, None)
    for trigger, before, data in _path(sim, cohort, age):
        if trigger == "advance":
            old = d.case
            adv = sim.engine.advance(old, sim.time.at(-1.5))
            d.case = adv.case
            sim.record(d, adv.events, old)
            continue
        sim.fire(d, trigger, -before, data=dict(data), actor="warm-start")
    if cohort.state.endswith("_trial"):
        d.track = cohort.state[: -len("_trial")]
        d.decided.add(f"trial_mediation:{d.pid}")
    d.elapsed = _elapsed(cohort.state, age, sim.regime)


def warm_start(sim: Simulation, cases: Iterable[Case] = ()) -> None:
    """
    Add the scenario's pending cohorts and the given cases to the run, each taking its next
    step at day 0.

    Raises:
        InvalidValueError: a cohort's state is not in the scenario's lifecycle, or it is too
            young for its state (an appeal or execution needs 30 days of history).
    """
    from disputeflow.simulation.runner import WARM_BASE, Dispute

    court_region: dict[str, str] = {}
    for r in sim.scenario.regions:
        court_region.setdefault(r.court, r.id)
    for j, cohort in enumerate(sim.scenario.pending):
        n = scaled_count(cohort.count, sim.scenario.scale)
        if cohort.state in ("appeal_review", "executing") and cohort.min_age_days < 30:
            raise InvalidValueError(
                f"pending[{j}].min_age_days", f"at least 30 for {cohort.state}", cohort.min_age_days
            )
        for i in range(n):
            span = cohort.max_age_days - cohort.min_age_days
            age = cohort.min_age_days + span * (i + 0.5) / n + 0.5
            region = court_region.get(cohort.court, cohort.court)
            # Addressed by what the cohort is, not its position, so two scenarios that list
            # cohorts differently still share each case's random numbers.
            ident = stream_key(f"{cohort.court}/{cohort.category}/{cohort.state}") % 2**19
            d = Dispute(
                WARM_BASE + ident * _COHORT + i,
                f"warm-{cohort.court}-{j}-{i + 1}",
                cohort.court,
                region,
                cohort.category,
                -age,
                warm=True,
            )
            sim.disputes.append(d)
            _walk(sim, d, cohort, age)
            sim.kernel.schedule(0.0, sim.dispatch, d)
    for i, case in enumerate(cases):
        open_ = case.open_proceedings or case.proceedings
        opened = sim.time.day_of(case.opened_at.in_timezone(sim.scenario.tz).date())
        d = Dispute(
            WARM_BASE + 2**39 + i,
            case.dispute_id,
            case.facts.court,
            case.facts.region,
            case.facts.category,
            float(opened),
            warm=True,
        )
        d.case = case
        d.pid = open_[-1].id
        sim.disputes.append(d)
        sim.recorder.account(d, None, case, ())
        sim.kernel.schedule(0.0, sim.dispatch, d)
