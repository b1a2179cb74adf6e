"""
What a simulated dispute does next, read from the state of the proceeding being driven.

Each handler fires lifecycle triggers through the engine (never sets a state) and schedules
its next step with :meth:`Simulation.later`, which lets a running clock run out first: a
pre-filing mediation longer than its 30 days fails by expiry (``fail_mediation``), a complaint
still waiting for a filing officer after 7 days is filed first (``file_first``), an appeal
window that runs out makes the judgment effective (``take_effect``). Because the next step is
chosen from the state, a dispute a policy or an expiry reroutes simply goes on from where it
is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from disputeflow.simulation import resolution
from disputeflow.simulation.runner import _CONSENT, _ENFORCEABLE, _SECOND, _TRIAL_END

if TYPE_CHECKING:
    from disputeflow.simulation.runner import Dispute, Simulation

__all__ = ["bind", "dispatch", "mediate_until", "venue_of", "work_until"]

#: Mediation states with an extension by the parties' consent, and its trigger.
_EXTENSION = {
    "mediating": "extend_mediation",
    **{f"{t}_prior_mediation": "extend_prior_mediation" for t in ("small_claims", "summary",
                                                                    "ordinary")},
}  # fmt: skip
_TRACK_OF_STATE = {f"{t}_trial": t for t in ("small_claims", "summary", "ordinary")}
#: States whose time limit the president may extend (``extend_time_limit``), the clock, and
#: who asks: trial (CPL (2021) Art. 152, 164), second instance (Art. 183), execution.
_LIMIT = {
    **dict.fromkeys(_TRACK_OF_STATE, ("trial_limit", "judge")),
    "appeal_review": ("appeal_limit", "judge"),
    "executing": ("execution_limit", "handler"),
}
#: Extension requests go up at least 15 days before the limit runs out (SPC provisions on
#: trial time limits): asked 16 days before the end of the due date.
_ASK_BEFORE = 16.0


def venue_of(d: Dispute) -> str:
    # The latest venue chosen for the dispute (court roster by default).
    return d.venue or "court_roster"


def _state(d: Dispute) -> str:
    assert d.case is not None
    return d.case.proceeding(d.pid).state


def dispatch(sim: Simulation, t: float, d: Dispute) -> None:
    """
    Take the dispute's next step from the state of its driven proceeding at time ``t``.
    """
    state = _state(d)
    handler = _HANDLERS.get(state)
    if handler is not None:
        handler(sim, t, d)
    elif state in _TRACK_OF_STATE:
        _trial(sim, t, d, _TRACK_OF_STATE[state])
    elif state.endswith("_entrusted_mediation") or state.endswith("_prior_mediation"):
        _trial_mediation(sim, t, d)
    elif state.endswith("_awaiting_fee"):
        _fee(sim, t, d)
    elif state in _ENFORCEABLE and "execution" not in d.decided:
        resolution.execution_application(sim, t, d)
    else:
        resolution.finish(sim, t, d)


# -- filing ----------------------------------------------------------------------------------


def _complaint(sim: Simulation, t: float, d: Dispute) -> None:
    if sim.regime == "2024" and "front_end" not in d.decided:
        d.decided.add("front_end")
        venue = sim.decider.front_end(d)
        if venue is not None:
            d.diverted = True
            sim.fire(d, "divert_to_pre_filing_mediation", t, data=dict(_CONSENT), actor="clerk")
            d.venue = venue
            dispatch(sim, t, d)
            return
    pool = sim.pool("filing_officers", d.court)
    sim.request(d, "officer", pool, t, bind(sim, _filing_review))


def _filing_review(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("filing")
    outcome = sim.decider.outcome(d, "filing", visit)
    if outcome == "correct" and visit > 0:
        outcome = "register"  # one correction notice only (一次性告知)
    end = t + sim.decider.duration(d, "filing", visit)
    sim.later(d, end, bind(sim, _filing_end), outcome)


def _filing_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "officer", t)
    if outcome == "register":
        sim.fire(d, "register", t, actor="clerk")
    elif outcome == "correct":
        sim.fire(d, "issue_correction_notice", t, data={"missing": ["evidence"]}, actor="clerk")
    else:
        sim.fire(
            d, "refuse", t, data={"grounds": "not within the court's jurisdiction"}, actor="judge"
        )
    dispatch(sim, t, d)


def _correction(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("correction")
    outcome = sim.decider.outcome(d, "correction", visit)
    end = t + sim.decider.duration(d, "correction", visit)
    sim.later(d, end, bind(sim, _correction_end), outcome)


def _correction_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    trigger = "submit_correction" if outcome == "corrected" else "abandon_complaint"
    sim.fire(d, trigger, t, actor="party" if outcome == "corrected" else "clerk")
    dispatch(sim, t, d)


def _registered(sim: Simulation, t: float, d: Dispute) -> None:
    if not d.track:
        d.track = sim.decider.track(d, sim.lc.category(d.category).monetary)
    if sim.regime == "2025":
        # Triage first; a judge is needed once prior mediation is over (or not offered).
        _assign(sim, t, d)
        return
    pool = sim.pool(f"judges.{d.track}", d.court)
    sim.request(d, "judge", pool, t, bind(sim, _assign))


def _assign(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, f"assign_{d.track}", t, data={"judge": f"judge:{d.court}"}, actor="judge")
    dispatch(sim, t, d)


# -- trial -----------------------------------------------------------------------------------


def _trial(sim: Simulation, t: float, d: Dispute, track: str) -> None:
    d.track = track
    key = f"trial_mediation:{d.pid}"
    if key not in d.decided:
        d.decided.add(key)
        # Under prc-2025 the front-end decision is prior mediation with consent, by venue.
        venue = "court_roster"
        if sim.regime == "2024":
            offer = sim.decider.trial_mediation(d, track)
        else:
            chosen = sim.decider.front_end(d)
            offer, venue = chosen is not None, chosen or venue
            d.diverted = offer
        if offer:
            d.venue = venue
            pool = sim.pool(f"mediators.{venue}", d.court)
            sim.request(d, "mediator", pool, t, bind(sim, _start_trial_mediation))
            return
    if "judge" not in d.holds:
        # No judge of its own yet (prc-2025 triage, a remand, a warm start).
        sim.request(d, "judge", sim.pool(f"judges.{track}", d.court), t, bind(sim, _trial_started))
        return
    _trial_started(sim, t, d)


def _trial_started(sim: Simulation, t: float, d: Dispute) -> None:
    track = d.track
    visit = d.visit(track)
    outcome = sim.decider.outcome(d, track, visit)
    end = t + sim.duration(d, track, visit)
    work_until(sim, t, d, end, _trial_end, outcome)


def _start_trial_mediation(sim: Simulation, t: float, d: Dispute) -> None:
    trigger = "entrust_mediation" if sim.regime == "2024" else "offer_prior_mediation"
    venue = venue_of(d)
    data = {"consent": True, "venue": venue, "mediator": f"mediator:{venue}"}
    sim.fire(d, trigger, t, data=data, actor="judge")
    dispatch(sim, t, d)


def _trial_mediation(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("trial_mediation")
    outcome = sim.decider.outcome(d, "trial_mediation", visit)
    end = t + sim.duration(d, "trial_mediation", visit)
    mediate_until(sim, t, d, end, _trial_mediation_end, outcome)


def mediate_until(
    sim: Simulation, t: float, d: Dispute, end: float, then: Callable[..., None], outcome: str
) -> None:
    """
    Let a mediation run to ``end``; if its period would run out first and the lifecycle has
    an extension by consent (pre-filing mediation, prior mediation), ask for it the day
    before the period ends (point ``mediation_extension``).
    """
    assert d.case is not None
    expires = sim.expiry(d.case)
    key = f"extension:{d.pid}"
    trigger = _EXTENSION.get(_state(d))
    if end >= expires and trigger is not None and key not in d.decided:
        d.decided.add(key)
        sim.later(d, max(t, expires - 1.0), bind(sim, _extend), trigger, end, then, outcome)
        return
    sim.later(d, end, bind(sim, then), outcome)


def work_until(
    sim: Simulation, t: float, d: Dispute, end: float, then: Callable[..., None], outcome: str
) -> None:
    """
    Let a trial, appeal or execution run to ``end``; if that is past its time limit, the
    judge (or handler) asks the president for the extension (``extend_time_limit``) before
    the limit runs out, as courts do, once per proceeding. Whether it is granted is the
    lifecycle's guard (the number of extensions allowed); a stage still running past the
    (extended) limit is a breach.
    """
    assert d.case is not None
    limit = _LIMIT.get(_state(d))
    key = f"time_limit:{d.pid}"
    if limit is not None and key not in d.decided:
        for c in d.case.proceeding(d.pid).clocks:
            if c.name == limit[0] and c.stopped_on is None and not c.suspended:
                due = sim.time.day_of(c.due_on) + 1.0
                if end > due:
                    d.decided.add(key)
                    ask = max(t, due - _ASK_BEFORE)
                    sim.later(d, ask, bind(sim, _extend_limit), limit[1], end, then, outcome)
                    return
                break
    sim.later(d, end, bind(sim, then), outcome)


def _extend_limit(sim: Simulation, t: float, d: Dispute, actor: str, end: float,
                  then: Callable[..., None], outcome: str) -> None:  # fmt: skip
    assert d.case is not None
    allowed = sim.engine.allowed(d.case, d.pid, at=sim.time.at(t))
    if any(a.trigger == "extend_time_limit" and a.allowed for a in allowed):
        sim.fire(d, "extend_time_limit", t, data={"approved_by": "president"}, actor=actor)
    sim.later(d, end, bind(sim, then), outcome)


def _extend(sim: Simulation, t: float, d: Dispute, trigger: str, end: float,
            then: Callable[..., None], outcome: str) -> None:  # fmt: skip
    if sim.decider.extension(d, trigger):
        sim.fire(d, trigger, t, data={"consent": True}, actor="mediator")
    sim.later(d, end, bind(sim, then), outcome)


def _trial_mediation_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "mediator", t)
    if outcome == "failure":
        trigger = "end_entrusted_mediation" if sim.regime == "2024" else "end_prior_mediation"
    elif sim.regime == "2024":
        trigger = "mediate" if outcome == "success" else "withdraw"
    else:
        # Settled: withdrawal or immediate performance, closed as "other" (2025 opinion).
        trigger = "settle_in_prior_mediation"
    sim.fire(d, trigger, t, actor="mediator")
    if trigger in ("mediate", "withdraw", "settle_in_prior_mediation"):
        sim.release(d, "judge", t)
    dispatch(sim, t, d)


def _fee(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("fee")
    outcome = sim.decider.outcome(d, "fee", visit)
    end = t + sim.decider.duration(d, "fee", visit)
    sim.later(d, end, bind(sim, _fee_end), outcome)


def _fee_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    if outcome == "paid":
        sim.fire(d, "pay_fee", t, actor="party")
    else:
        sim.fire(d, "treat_as_withdrawn", t, actor="clerk")
        sim.release(d, "judge", t)
    dispatch(sim, t, d)


def _trial_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "judge", t)
    sim.fire(d, _TRIAL_END[outcome], t, actor="party" if outcome == "withdrawal" else "judge")
    dispatch(sim, t, d)


def _served(sim: Simulation, t: float, d: Dispute) -> None:
    key = f"appeal:{d.pid}"
    if key not in d.decided and _state(d) == "judgment_served":
        d.decided.add(key)
        visit = d.visit("appeal")
        if sim.decider.outcome(d, "appeal", visit) == "appeal":
            # Lodged inside the window (15 days; time in the post does not count).
            lag = min(sim.decider.duration(d, "appeal", visit), 13.0)
            sim.later(d, t + lag, bind(sim, _appeal))
            return
    # No appeal: the window runs out and the decision takes effect (an expiry).
    sim.later(d, sim.horizon + 1.0, bind(sim, resolution.finish_at))


def _appeal(sim: Simulation, t: float, d: Dispute) -> None:
    d.appealed = True
    sim.fire(d, "appeal", t, actor="party")
    dispatch(sim, t, d)


def _transfer(sim: Simulation, t: float, d: Dispute) -> None:
    # The first-instance court sends the file up: days (the SPC indicator 上诉案件移送时间).
    lag = 5.0 + 15.0 * sim.streams.uniform("appeal/transfer", d.addr, d.visits.get("appeal", 0))
    sim.later(d, t + lag, bind(sim, _receive_appeal))


def _receive_appeal(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "receive_appeal_file", t, actor="clerk")
    dispatch(sim, t, d)


def _appeal_review(sim: Simulation, t: float, d: Dispute) -> None:
    assert d.case is not None
    court = d.case.proceeding(d.pid).court
    sim.request(
        d, "judge2", sim.pool("judges.second_instance", court), t, bind(sim, _appeal_started)
    )


def _appeal_started(sim: Simulation, t: float, d: Dispute) -> None:
    visit = d.visit("second_instance")
    outcome = sim.decider.outcome(d, "second_instance", visit)
    end = t + sim.duration(d, "second_instance", visit)
    work_until(sim, t, d, end, _appeal_end, outcome)


def _appeal_end(sim: Simulation, t: float, d: Dispute, outcome: str) -> None:
    sim.release(d, "judge2", t)
    if outcome == "remand" and d.case is not None:
        allowed = {
            a.trigger for a in sim.engine.allowed(d.case, d.pid, at=sim.time.at(t)) if a.allowed
        }
        if "remand" not in allowed:
            outcome = "amend"  # remanded at most once (CPL (2021) Art. 177)
    data = {"court": d.court} if outcome == "remand" else None
    sim.fire(d, _SECOND[outcome], t, data=data, actor="judge")
    if outcome == "remand":
        d.track = "ordinary"
    dispatch(sim, t, d)


def _ruling_review(sim: Simulation, t: float, d: Dispute) -> None:
    sim.later(d, t + 30.0 * sim.streams.uniform("ruling_appeal", d.addr), bind(sim, _uphold))


def _uphold(sim: Simulation, t: float, d: Dispute) -> None:
    sim.fire(d, "uphold_ruling", t, actor="judge")
    dispatch(sim, t, d)


def bind(sim: Simulation, fn: Callable[..., None]) -> Callable[..., None]:
    """
    ``fn(sim, t, d, ...)`` as a callback ``(t, d, ...)``.
    """

    def call(t: float, d: Dispute, *args: object) -> None:
        fn(sim, t, d, *args)

    return call


_HANDLERS = {
    "complaint_received": _complaint,
    "awaiting_correction": _correction,
    "registered": _registered,
    "judgment_served": _served,
    "ruling_served": _served,
    "appeal_transfer": _transfer,
    "ruling_appeal_transfer": _transfer,
    "appeal_review": _appeal_review,
    "ruling_appeal_review": _ruling_review,
    "mediation_received": resolution.mediation_received,
    "mediating": resolution.mediating,
    "mediation_succeeded": resolution.agreement,
    "refused": _served,
    "executing": resolution.executing,
}
