"""
How disputes end outside the trial: pre-filing mediation and judicial confirmation,
execution, and petitions after the case is over (the counterpart of
:mod:`disputeflow.simulation.process`, which dispatches to these handlers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from disputeflow.simulation import process

if TYPE_CHECKING:
    from disputeflow.simulation.runner import Dispute, Simulation

__all__ = [
    "agreement",
    "executing",
    "execution_application",
    "finish",
    "finish_at",
    "mediating",
    "mediation_received",
]


# -- pre-filing mediation (until 2024) --------------------------------------------------------


def mediation_received(sim: Simulation, t: float, d: Dispute) -> None:
    sim.request(
        d,
        "mediator",
        sim.pool(f"mediators.{process.venue_of(d)}", d.court),
        t,
        process.bind(sim, _assign_mediator),
    )


def _assign_mediator(sim: Simulation, t: float, d: Dispute) -> None:
    venue = process.venue_of(d)
    sim.fire(
        d,
        "assign_mediator",
        t,
        data={"venue": venue, "mediator": f"mediator:{venue}"},
        actor="clerk",
    )
    process.dispatch(sim, t, d)


def mediating(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("pre_filing_mediation")
    outcome = sim.decider.outcome(d, "pre_filing_mediation", visit)
    end = t + sim.duration(d, "pre_filing_mediation", visit)
    process.mediate_until(sim, t, d, end, _mediation_end, outcome)


def _mediation_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "mediator", t)
    trigger = {
        "success": "reach_agreement",
        "failure": "fail_mediation",
        "withdrawal": "withdraw_mediation",
    }[outcome]
    sim.fire(d, trigger, t, actor="mediator")
    process.dispatch(sim, t, d)


def agreement(sim: Simulation, t: float, d: Dispute) -> None:
    if "confirmation" in d.decided:
        finish(sim, t, d)
        return
    d.decided.add("confirmation")
    if sim.decider.outcome(d, "confirmation", 0) != "apply":
        finish(sim, t, d)
        return
    lag = min(sim.decider.duration(d, "confirmation", 0), 29.0)
    sim.later(d, t + lag, process.bind(sim, _confirm))


def _confirm(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "apply_for_confirmation", t, actor="party")
    sim.fire(d, "accept_confirmation", t + 1.0, actor="judge")
    sim.later(
        d,
        t + 1.0 + 10.0 * sim.streams.uniform("confirmation/decision", d.addr),
        process.bind(sim, _confirmed),
    )


def _confirmed(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "confirm_agreement", t, actor="judge")
    process.dispatch(sim, t, d)


# -- execution -------------------------------------------------------------------------------


def execution_application(sim: Simulation, t: float, d: Dispute) -> None:
    d.decided.add("execution")
    if sim.decider.outcome(d, "execution_application", 0) != "apply":
        finish(sim, t, d)
        return
    lag = sim.decider.duration(d, "execution_application", 0)
    sim.later(d, t + lag, process.bind(sim, _apply_execution))


def _apply_execution(sim: Simulation, t: float, d: Dispute) -> None:
    d.executed = True
    sim.fire(d, "apply_for_execution", t, actor="party")
    # Accepted at once: nothing else may happen to the dispute before the simulated now.
    sim.fire(d, "accept_execution", t, actor="clerk")
    sim.request(
        d,
        "handler",
        sim.pool("enforcement_officers", d.court),
        t,
        process.bind(sim, _assign_handler),
    )


def _assign_handler(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "assign_handler", t, data={"handler": f"handler:{d.court}"}, actor="clerk")
    _execution_started(sim, t, d)


def executing(sim: Simulation, t: float, d: Dispute) -> None:
    # A warm-start case already executing: it needs an officer before work goes on.
    sim.request(
        d,
        "handler",
        sim.pool("enforcement_officers", d.court),
        t,
        process.bind(sim, _execution_started),
    )


def _execution_started(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("execution")
    outcome = sim.decider.outcome(d, "execution", visit)
    end = t + sim.duration(d, "execution", visit)
    if outcome == "termination":
        # 终本 only after every condition holds and 3 months since filing (SPC 2016 Art. 1).
        for step in (
            "issue_execution_notice",
            "order_property_report",
            "restrict_consumption",
            "list_dishonest_debtor",
            "complete_property_search",
            "search_for_debtor",
        ):
            sim.fire(d, step, t, actor="handler")
        end = max(end, t + 93.0)
    process.work_until(sim, t, d, end, _execution_end, outcome)


def _execution_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "handler", t)
    if outcome == "settlement":
        sim.fire(d, "reach_settlement", t, actor="party")
        sim.fire(d, "perform_settlement", t, actor="handler")
    else:
        trigger = {
            "full_performance": "record_full_performance",
            "termination": "terminate_current_execution",
            "withdrawal": "withdraw_execution",
        }[outcome]
        sim.fire(d, trigger, t, actor="judge" if outcome == "termination" else "handler")
    finish(sim, t, d)


# -- petitions and the end -------------------------------------------------------------------


def finish(sim: Simulation, t: float, d: Dispute) -> None:
    """
    The dispute leaves the courts' hands; a party may still petition (涉诉信访) once.
    """
    if d.done != d.done:  # NaN: first time
        d.done = t
        sim.recorder.done(d, t)
    if "petition" in d.decided or d.petitioned:
        return
    d.decided.add("petition")
    if sim.decider.outcome(d, "petition_filing", 0) != "petition":
        return
    lag = sim.decider.duration(d, "petition_filing", 0)
    sim.later(d, t + lag, process.bind(sim, _petition))


def finish_at(sim: Simulation, t: float, d: Dispute) -> None:
    finish(sim, t, d)


def _petition(sim: Simulation, t: float, d: Dispute) -> None:
    d.petitioned = True
    sim.fire(d, "file_petition", t, pid=None, actor="party")
    sim.request(
        d, "staff", sim.pool("petition_staff", d.court), t, process.bind(sim, _register_pet)
    )


def _register_pet(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "register_petition", t, actor="clerk")
    visit = d.visit("petition")
    outcome = sim.decider.outcome(d, "petition", visit)
    end = t + sim.decider.duration(d, "petition", visit)
    sim.later(d, end, process.bind(sim, _petition_end), outcome)


def _petition_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "staff", t)
    if outcome == "routed":
        sim.fire(d, "route_petition", t, data={"channel": "retrial_petition"}, actor="clerk")
    elif outcome == "answered":
        sim.fire(d, "answer_petition", t, actor="clerk")
    else:
        sim.fire(d, "conclude_petition", t, data={"remedies_exhausted": True}, actor="judge")
