"""
The simulator: a discrete-event simulation that drives the real engine on a simulated clock.

Every step of every dispute is a lifecycle trigger fired through :class:`disputeflow.Engine`
(the same code a court system calls), recorded as the same :class:`~disputeflow.Event`
values; clock expiries (the filing decision period, mediation periods, appeal windows) fire
through ``Engine.advance`` at the simulated instant they run out, on the court calendar.
Decisions (diversion, filing, track, stage outcomes) are drawn from the scenario's
probabilities with generators addressed by dispute and stage (:mod:`.streams`), so a run is a
function of (scenario, seed). Resources queue as multi-server FIFO pools (:mod:`.kernel`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from disputeflow.engine import Engine
from disputeflow.errors import InvalidValueError
from disputeflow.events import Case, Event, Facts, Party
from disputeflow.lifecycle import lifecycle
from disputeflow.simulation.decide import Decider, PolicyDecider, ScenarioDecider
from disputeflow.simulation.kernel import Kernel, Pool, SimTime
from disputeflow.simulation.recorder import Recorder
from disputeflow.simulation.results import SimulationResult
from disputeflow.simulation.scenario import Scenario, scaled_count
from disputeflow.simulation.streams import Streams
from disputeflow.simulation.warm import warm_start

__all__ = ["simulate"]

_ENFORCEABLE = frozenset(
    {
        "judgment_effective",
        "mediated",
        "affirmed",
        "amended",
        "appeal_mediated",
        "appeal_withdrawn",
        "agreement_confirmed",
        "retrial_upheld",
        "retrial_amended",
    }
)
_TRIAL_END = {
    "judgment": "render_judgment",
    "mediation": "mediate",
    "withdrawal": "withdraw",
    "ruling": "render_ruling",
}
_SECOND = {
    "affirm": "affirm",
    "amend": "amend",
    "remand": "remand",
    "mediation": "mediate",
    "withdrawal": "withdraw_appeal",
}
_HOUR = 1 / 24
_CONSENT = {"consent": True}
#: Draws tried for the residual duration of a warm-start case before it is taken as ending.
_RESIDUAL_DRAWS = 64
#: Addresses of arrival streams: warm-start cases use the high half of the dispute word.
WARM_BASE = 2**40


class Dispute:
    """
    A simulated dispute: its case, the proceeding being driven and what it has been through.
    """

    __slots__ = (
        "addr",
        "appealed",
        "arrived",
        "case",
        "category",
        "court",
        "decided",
        "decision",
        "diverted",
        "done",
        "elapsed",
        "executed",
        "holds",
        "id",
        "petitioned",
        "pid",
        "region",
        "settled",
        "stage",
        "token",
        "track",
        "venue",
        "visits",
        "waiting",
        "warm",
    )

    def __init__(
        self,
        addr: int,
        id: str,
        court: str,
        region: str,
        category: str,
        arrived: float,
        warm: bool = False,
    ) -> None:
        self.addr, self.id, self.court, self.region = addr, id, court, region
        self.category, self.arrived, self.warm = category, arrived, warm
        self.case: Case | None = None
        self.pid = "p1"
        self.token = 0
        self.visits: dict[str, int] = {}
        self.holds: dict[str, Pool] = {}
        self.waiting: Pool | None = None
        self.decided: set[str] = set()
        self.diverted = self.appealed = self.executed = self.petitioned = self.settled = False
        self.track = ""
        self.venue = ""
        self.decision: dict[str, Any] | None = None  # the record of the act decided next
        self.stage = "arrival"
        self.done = math.nan
        # Days a warm-start case has already spent in its current stage at day 0.
        self.elapsed = 0.0

    def visit(self, stage: str) -> int:
        """
        The number of this visit to ``stage`` (0 first), counted.
        """
        n = self.visits.get(stage, 0)
        self.visits[stage] = n + 1
        return n


class Simulation:
    """
    One run of a scenario with one seed (use :func:`simulate`).
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        *,
        keep_events: bool = True,
        decider: Decider | None = None,
    ) -> None:
        self.scenario = scenario
        self.lc = lifecycle(scenario.lifecycle_id)
        self.engine = Engine(self.lc, courts=scenario.courts, tz=scenario.tz)
        self.streams = Streams(seed)
        self.kernel = Kernel()
        self.time = SimTime(scenario.start_on, scenario.tz, self.engine.calendar)
        self.horizon = float(scenario.horizon_days)
        self.regime = "2024" if self.lc.has_trigger("divert_to_pre_filing_mediation") else "2025"
        if decider is None:
            decider = (
                PolicyDecider(scenario, self.streams, self)
                if scenario.decided_by == "policies"
                else ScenarioDecider(scenario, self.streams)
            )
        self.decider: Decider = decider
        self.rule_set = scenario.rule_set
        self.recorder = Recorder(scenario, self.lc, self.time, keep_events)
        self.pools: dict[tuple[str, str], Pool] = {}
        for name, spec in scenario.resources.items():
            for court in spec.servers:
                cap = spec.capacity(court, scenario.scale)
                t = self.time if spec.calendar == "court" else None
                self.pools[(name, court)] = Pool(name, court, cap, self.kernel, t)
        self.parent = {c.id: c.parent for c in scenario.courts}
        self.region_court = {r.id: r.court for r in scenario.regions}
        self.disputes: list[Dispute] = []
        # (clock, state) pairs where the clock's expiry trigger may fire.
        self._expiring = frozenset(
            (c.name, s.name)
            for c in self.lc.clocks
            if c.on_expiry
            for s in self.lc.states
            if c.on_expiry in self.lc.triggers_from(s.name)
        )

    # -- plumbing ------------------------------------------------------------------------------

    def pool(self, name: str, court: str) -> Pool:
        found = self.pools.get((name, court))
        if found is None:
            # A court without servers in a pool gets one so no case waits forever; the
            # scenario reference says to give every court its servers.
            found = Pool(name, court, 1, self.kernel, self.time)
            self.pools[(name, court)] = found
        return found

    def gen(self, d: Dispute, stream: str, visit: int = 0) -> np.random.Generator:
        return self.streams.generator(stream, d.addr, visit)

    def duration(self, d: Dispute, stage: str, visit: int) -> float:
        """
        How long ``stage`` lasts for the dispute (the decider's draw). A warm-start case
        that had already spent ``elapsed`` days in the stage at day 0 gets the rest of a
        duration longer than that: the stage's distribution conditioned on exceeding the
        elapsed days, less them (the residual life of a case of that age, drawn by rejection
        from its own addressed stream), so an old case does not start its stage afresh.
        """
        x = self.decider.duration(d, stage, visit)
        e = d.elapsed
        if e <= 0.0:
            return x
        d.elapsed = 0.0
        if x > e:
            return x - e
        g = self.streams.generator(f"{stage}/residual", d.addr, visit)
        dist = self.scenario.stages[stage].duration
        for _ in range(_RESIDUAL_DRAWS):
            y = dist.sample(g)
            if y > e:
                return y - e
        # Older than almost every case of the stage: it is about to end.
        return 1.0

    def record(self, d: Dispute, events: Iterable[Event], old: Case | None) -> None:
        assert d.case is not None
        self.recorder.account(d, old, d.case, tuple(events))

    def expiry(self, case: Case) -> float:
        """
        When the next clock with an expiry trigger runs out (start of the day after its due
        date), in simulated days; ``inf`` if none.
        """
        best = math.inf
        expiring = self._expiring
        for p in case.proceedings:
            for c in p.clocks:
                if (c.name, p.state) in expiring and c.stopped_on is None and not c.suspended:
                    best = min(best, self.time.day_of(c.due_on) + 1.0)
        return best

    def fire(
        self,
        d: Dispute,
        trigger: str,
        t: float,
        pid: str | None = "",
        data: dict[str, Any] | None = None,
        actor: str = "sim",
    ) -> None:
        assert d.case is not None
        old = d.case
        record = d.decision
        if record is not None and record.get("trigger") == trigger:
            # The act a policy decided: its payload and its whole record go with it.
            d.decision = None
            data = {**record.get("data", {}), **(data or {})}
        else:
            record = None
        out = self.engine.fire(
            old,
            d.pid if pid == "" else pid,
            trigger,
            at=self.time.at(t),
            actor=actor,
            data=data,
            decision=record,
        )
        d.case = out.case
        if out.case.proceedings[-1].id != old.proceedings[-1].id:
            d.pid = out.case.proceedings[-1].id
        self.record(d, out.events, old)

    def later(self, d: Dispute, t: float, fn: Callable[..., None], *args: Any) -> None:
        """
        Schedule ``fn(t, d, *args)`` for the dispute, unless a clock runs out first: then the
        expiry fires at its own time and the dispute goes on from the state it leads to.
        """
        assert d.case is not None
        d.token += 1
        token = d.token
        exp = self.expiry(d.case)
        if exp <= t:
            self.kernel.schedule(exp, self._expire, d, token)
        else:
            self.kernel.schedule(t, self._call, d, token, fn, args)

    def _call(
        self, t: float, d: Dispute, token: int, fn: Callable[..., None], args: tuple[Any, ...]
    ) -> None:
        if token == d.token and t <= self.horizon:
            fn(t, d, *args)

    def _expire(self, t: float, d: Dispute, token: int) -> None:
        if token != d.token or t > self.horizon:
            return
        assert d.case is not None
        old = d.case
        d.decision = None  # whatever was decided for the act the expiry pre-empted
        out = self.engine.advance(old, self.time.at(t))
        d.case = out.case
        if out.case.proceedings[-1].id != old.proceedings[-1].id:
            d.pid = out.case.proceedings[-1].id
        self.record(d, out.events, old)
        if d.waiting is not None:
            d.waiting.cancel()
            d.waiting = None
        for kind in [k for k in d.holds if k != "judge"]:
            self.release(d, kind, t)
        self.dispatch(t, d)

    def request(
        self,
        d: Dispute,
        kind: str,
        pool: Pool,
        t: float,
        then: Callable[..., None],
        force: bool = False,
    ) -> None:
        d.token += 1
        token = d.token

        def alive(_: float) -> bool:
            return d.token == token

        def granted(start: float) -> None:
            if d.token != token:
                # A clock ran out before work could start: the slot goes back.
                pool.release(start)
                return
            d.waiting = None
            d.token += 1  # work starts: the expiry scheduled for the wait is void
            d.holds[kind] = pool
            if start <= self.horizon:
                then(start, d)

        if pool.request(t, granted, alive, force=force):
            d.waiting = pool
        # A clock may run out while the case waits (the 7-day filing decision period).
        exp = self.expiry(d.case) if d.case is not None else math.inf
        if exp < math.inf:
            self.kernel.schedule(max(exp, t), self._expire, d, token)

    def release(self, d: Dispute, kind: str, t: float) -> None:
        pool = d.holds.pop(kind, None)
        if pool is not None:
            pool.release(t)

    # -- arrivals ------------------------------------------------------------------------------

    def arrivals(self) -> list[tuple[float, int, int]]:
        """
        Every arrival over the horizon as (time, stream index, serial), drawn per stream
        from its own generator so each stream's arrivals are the same whatever the others do.
        """
        sc = self.scenario
        days = np.arange(sc.horizon_days)
        dates = [self.time.date(int(k)) for k in days]
        weekday = np.array([d.day_of_week for d in dates])  # pendulum: Monday=0
        month = np.array([d.month - 1 for d in dates])
        out: list[tuple[float, int, int]] = []
        for j, a in enumerate(sc.arrivals):
            rate = np.full(len(days), a.rate_per_year * sc.scale / 365.0)
            if a.weekly is not None:
                w = np.asarray(a.weekly)[weekday]
                rate *= w / w.mean() if w.mean() > 0 else 0
            if a.seasonal is not None:
                s = np.asarray(a.seasonal)[month]
                rate *= s / s.mean() if s.mean() > 0 else 0
            g = self.streams.generator("arrivals", j, 0)
            counts = g.poisson(rate)
            n = int(counts.sum())
            day = np.repeat(days, counts)
            # Complaints come in during the court day (08:30-17:00).
            t = day + (8.5 + 8.5 * g.random(n)) / 24
            t.sort()
            out.extend((float(x), j, k) for k, x in enumerate(t))
        out.sort()
        return out

    def arrive(self, t: float, j: int, k: int) -> None:
        a = self.scenario.arrivals[j]
        court = self.region_court[a.region]
        d = Dispute(
            j * 2**24 + k, f"{a.region}-{a.category}-{k + 1}", court, a.region, a.category, t
        )
        self.disputes.append(d)
        facts = self.facts(d)
        out = self.engine.open(d.id, facts, "receive_complaint", at=self.time.at(t), actor="clerk")
        d.case = out.case
        self.record(d, out.events, None)
        self.dispatch(t, d)

    def facts(self, d: Dispute) -> Facts:
        cat = self.lc.category(d.category)
        amount = None
        if cat.monetary:
            g = self.gen(d, "claim_amount")
            amount = round(self.scenario.claim_amount.sample(g))
        attributes = {"arbitral_award": True} if cat.labour else {}
        return Facts(
            category=d.category,
            court=d.court,
            region=d.region,
            claim_amount=amount,
            parties=(Party("plaintiff", "plaintiff"), Party("defendant", "defendant")),
            attributes=attributes,
        )

    # -- the run -------------------------------------------------------------------------------

    def run(self, pending: Iterable[Case] = ()) -> SimulationResult:
        # Day ticks first: each day's snapshot comes before anything else at its midnight.
        for day in range(self.scenario.horizon_days + 1):
            self.kernel.schedule(float(day), self.tick, day)
        for t, j, k in self.arrivals():
            self.kernel.schedule(t, self.arrive, j, k)
        warm_start(self, pending)
        self.kernel.run(self.horizon)
        return self.recorder.result(self.streams.seed, self.disputes, self.pools)

    def tick(self, t: float, day: int) -> None:
        self.recorder.snapshot(day, self.pools)

    # -- what happens next: by the state of the proceeding being driven -----------------------

    def dispatch(self, t: float, d: Dispute) -> None:
        from disputeflow.simulation import process

        process.dispatch(self, t, d)


def simulate(
    scenario: Scenario,
    seed: int = 0,
    *,
    keep_events: bool = True,
    pending: Iterable[Case] = (),
    decider: Decider | None = None,
) -> SimulationResult:
    """
    Run ``scenario`` once with ``seed``.

    Args:
        scenario: the scenario.
        seed: the seed every random stream derives from.
        keep_events: keep the full event log in the result (a year of a prefecture's courts
            is a few hundred thousand events; replications usually drop them).
        pending: cases to start from (a snapshot replayed from a live system's logs), in
            addition to the scenario's own pending cohorts; each must be under the scenario's
            lifecycle.
        decider: who decides at the decision points (default: the scenario's probabilities).

    Returns:
        The result: event log, case table, series, utilisation and breaches.

    Raises:
        InvalidValueError: a pending case runs under another lifecycle.
    """
    sim = Simulation(scenario, seed, keep_events=keep_events, decider=decider)
    cases = tuple(pending)
    for c in cases:
        if c.lifecycle_id != sim.lc.id:
            raise InvalidValueError(
                f"pending case {c.dispute_id}", f"lifecycle {sim.lc.id}", c.lifecycle_id
            )
    return sim.run(cases)


__all__ += ["WARM_BASE", "Dispute", "Simulation", "scaled_count"]
