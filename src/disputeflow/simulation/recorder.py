"""
The recorder: counts, series and the event log kept while a run goes, turned into a
:class:`~disputeflow.simulation.results.SimulationResult` at the end.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from disputeflow.events import Case, Event
from disputeflow.lifecycle import Lifecycle
from disputeflow.simulation.kernel import Pool, SimTime
from disputeflow.simulation.results import CASE_COLUMNS, MEDIATION_SETTLED, SimulationResult
from disputeflow.simulation.scenario import Scenario

if TYPE_CHECKING:
    from disputeflow.simulation.runner import Dispute

__all__ = ["Recorder"]


class Recorder:
    """
    Keeps the counts, series and log while a run goes (used by the runner).
    """

    def __init__(self, scenario: Scenario, lc: Lifecycle, time: SimTime, keep: bool) -> None:
        self.scenario = scenario
        self.lc = lc
        self.time = time
        self.keep = keep
        self.courts = tuple(c.id for c in scenario.courts)
        self.kinds = tuple(k.name for k in lc.kinds)
        stages = sorted({s.stage for s in lc.states})
        self.stages = (*stages, "done")
        self._ci = {c: i for i, c in enumerate(self.courts)}
        self._ki = {k: i for i, k in enumerate(self.kinds)}
        self._si = {s: i for i, s in enumerate(self.stages)}
        n = scenario.horizon_days + 1
        shape = (n, len(self.courts), len(self.kinds))
        self.accepted = np.zeros(shape, dtype=np.int64)
        self.closed = np.zeros(shape, dtype=np.int64)
        self.pending = np.zeros(shape, dtype=np.int64)
        self.flow = np.zeros((n, len(self.stages)), dtype=np.int64)
        self._pending_now = np.zeros(shape[1:], dtype=np.int64)
        self._stage_now = np.zeros(len(self.stages), dtype=np.int64)
        self.queues: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.events: list[Event] = []
        self.breaches: list[tuple[Any, ...]] = []
        self._time_limits = {c.name for c in lc.clocks if c.kind == "time_limit"}
        # A period that ends by its own expiry act (a mediation period running out fails the
        # mediation) has not been overrun: that act comes at the start of the day after the
        # due date by construction. Only a clock stopped late by another act is a breach.
        self._expiry_of = {c.name: c.on_expiry for c in lc.clocks if c.on_expiry}
        self._stage_of = {s.name: s.stage for s in lc.states}

    def _court(self, court: str) -> int:
        i = self._ci.get(court)
        if i is None:
            raise KeyError(court)
        return i

    def account(self, d: Dispute, old: Case | None, new: Case, events: Sequence[Event]) -> None:
        """
        Count what an act changed: proceedings accepted, closed and pending, the dispute's
        stage, time limits overrun, mediation settlements; keep the events.
        """
        if self.keep:
            # Stamped with the governing rule set, as a Jurisdiction stamps live events.
            rule_set = self.scenario.rule_set
            self.events.extend(attrs.evolve(e, rule_set=rule_set) for e in events)
        on = events[-1].on if events else None
        day = -1 if on is None else min(max(self.time.day_of(on), -1), self.scenario.horizon_days)
        olds = old.proceedings if old is not None else ()
        for i, p in enumerate(new.proceedings):
            q = olds[i] if i < len(olds) else None
            if q is p:
                continue
            ci, ki = self._court(p.court), self._ki[p.kind]
            before = q is not None and q.accepted_on is not None and not q.closed
            after = p.accepted_on is not None and not p.closed
            self._pending_now[ci, ki] += int(after) - int(before)
            if day >= 0:
                if p.accepted_on is not None and (q is None or q.accepted_on is None):
                    self.accepted[day, ci, ki] += 1
                if p.closed and p.accepted_on is not None and (q is None or not q.closed):
                    self.closed[day, ci, ki] += 1
        for e in events:
            if e.to_state in MEDIATION_SETTLED:
                d.settled = True
            for c in e.clocks:
                if c.action == "stop" and c.clock in self._time_limits and e.on is not None:
                    if e.actor == "system" and e.trigger == self._expiry_of.get(c.clock):
                        continue
                    over = e.on.toordinal() - c.due_on.toordinal()
                    if over > 0:
                        pid = c.proceeding_id or e.proceeding_id
                        court = new.proceeding(pid).court if pid else d.court
                        self.breaches.append((d.id, pid, c.clock, c.due_on, e.on, over, court))
        stage = self._stage_of[new.proceeding(d.pid).state]
        if stage != d.stage:
            self._move(d, stage)

    def _move(self, d: Dispute, stage: str) -> None:
        if d.stage in self._si:
            self._stage_now[self._si[d.stage]] -= 1
        self._stage_now[self._si[stage]] += 1
        d.stage = stage

    def done(self, d: Dispute, t: float) -> None:
        """
        The dispute left the courts' hands at ``t``.
        """
        self._move(d, "done")

    def snapshot(self, day: int, pools: Mapping[tuple[str, str], Pool]) -> None:
        """
        Record the start-of-day counts of day ``day``.
        """
        self.pending[day] = self._pending_now
        self.flow[day] = self._stage_now
        n = self.scenario.horizon_days + 1
        for (name, court), pool in pools.items():
            key = f"{name}@{court}"
            if key not in self.queues:
                self.queues[key] = (np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
            waiting, busy = self.queues[key]
            waiting[day] = pool.waiting
            busy[day] = pool.busy

    def result(
        self, seed: int, disputes: Sequence[Dispute], pools: Mapping[tuple[str, str], Pool]
    ) -> SimulationResult:
        """
        The result of the run (open time limits overrun at the end count as breaches).
        """
        horizon = float(self.scenario.horizon_days)
        end_on = self.time.date(self.scenario.horizon_days)
        cols: dict[str, list[Any]] = {k: [] for k in CASE_COLUMNS}
        breaches = list(self.breaches)
        for d in disputes:
            case = d.case
            if case is None:
                continue
            last = case.proceeding(d.pid)
            for p in case.proceedings:
                for c in p.clocks:
                    if c.name in self._time_limits and c.stopped_on is None and c.due_on < end_on:
                        breaches.append(
                            (
                                d.id,
                                p.id,
                                c.name,
                                c.due_on,
                                None,
                                end_on.toordinal() - c.due_on.toordinal(),
                                p.court,
                            )
                        )
            done = d.done if d.done <= horizon else math.nan
            row = (
                d.id,
                d.court,
                d.region,
                d.category,
                d.arrived,
                d.warm,
                d.diverted,
                d.track,
                d.settled,
                d.appealed,
                d.executed,
                d.petitioned,
                last.state,
                last.closing_kind,
                done,
                done - d.arrived,
                len(case.proceedings),
                case.seq,
            )
            for k, v in zip(CASE_COLUMNS, row, strict=True):
                cols[k].append(v)
        capacity = {f"{n}@{c}": p.capacity for (n, c), p in pools.items()}
        utilisation = {f"{n}@{c}": p.utilisation(horizon) for (n, c), p in pools.items()}
        return SimulationResult(
            self.scenario.id,
            seed,
            self.scenario.start_on,
            self.scenario.horizon_days,
            self.courts,
            self.kinds,
            self.stages,
            tuple(self.events),
            cols,
            self.accepted,
            self.closed,
            self.pending,
            self.flow,
            dict(self.queues),
            capacity,
            utilisation,
            tuple(breaches),
        )
