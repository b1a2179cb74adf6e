"""
BENCH-B (``shared/bench/BENCH-B.md``) through disputeflow: the ``bench-b`` lifecycle, two
policies and a discrete-event loop on the compiled fast path.

Every step fires a lifecycle transition through :class:`~disputeflow.engine.fastpath.FastPath`
(a table look-up that refuses a trigger the state does not define), every event goes into an
:class:`~disputeflow.engine.fastpath.EventColumns` log (times stay float days until read), and
every routing decision is made by a policy object: :class:`BenchBFrontEnd` sends a dispute to
mediation or, if administrative, to filing review; :class:`BenchBOutcomes` draws what happens
when a node's service ends with BENCH-B's probabilities, from a numpy Generator in bulk. Nodes
are multi-server FIFO stations with exponential service drawn fresh per visit; which node a
waiting state belongs to is read from the lifecycle (the state's stage tag).

BENCH-B's numbers (horizon, arrivals, shares, servers, service means, routing probabilities)
are data: a :class:`~disputeflow.simulation.bench_b_model.BenchBModel`, by default the shipped
``simulation/data/bench-b.toml``. The module constants below are that default model's values,
kept for code that reads them.

Randomness: four numpy Generators spawned from one seed (arrivals, categories, service times,
routing), each drawn in blocks; the same seed gives the identical event log.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pendulum

from disputeflow.engine.courts import Court
from disputeflow.engine.fastpath import EventColumns, FastPath
from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.stages.bench_b import NODES, bench_b
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest
from disputeflow.simulation.bench_b_model import BenchBModel, default_bench_b_model

__all__ = [
    "CATEGORY_SHARES",
    "DISPUTES_PER_YEAR",
    "HORIZON_DAYS",
    "MEAN_SERVICE_DAYS",
    "NODE_NAMES",
    "OUTCOMES",
    "SERVERS",
    "BenchBFrontEnd",
    "BenchBOutcomes",
    "BenchBResult",
    "run_bench_b",
    "scaled_servers",
]

_DEFAULT = default_bench_b_model()
#: The shipped model's values (``simulation/data/bench-b.toml``, the one source of them).
HORIZON_DAYS = _DEFAULT.horizon_days
DISPUTES_PER_YEAR = _DEFAULT.disputes_per_year
#: Category shares, in this order (the category codes of the log).
CATEGORY_SHARES: tuple[tuple[str, float], ...] = _DEFAULT.categories
NODE_NAMES = tuple(n[0] for n in NODES)
#: Servers per node at scale 1 (concurrent case slots).
SERVERS: Mapping[str, int] = _DEFAULT.servers
MEAN_SERVICE_DAYS: Mapping[str, float] = _DEFAULT.mean_service_days
#: What can happen when service at a node ends: (outcome, triggers fired in order,
#: probability), from BENCH-B.md's routing rules (independent draws folded into one).
OUTCOMES: Mapping[str, tuple[tuple[str, tuple[str, ...], float], ...]] = _DEFAULT.outcomes()

_BLOCK = 1 << 16  # draws per bulk refill


def scaled_servers(scale: float, model: BenchBModel | None = None) -> dict[str, int]:
    """
    Servers per node at ``scale``: ``max(1, floor(c * scale + 0.5))`` (round half up), for
    ``model`` (default the shipped one).
    """
    return (model if model is not None else _DEFAULT).scaled_servers(scale)


class BenchBFrontEnd:
    """
    BENCH-B's entry rule (point ``front_end``): administrative disputes (the model's
    ``skip_mediation`` categories) go to filing review (``file_complaint``), all others to
    mediation (``apply_for_mediation``).

    Args:
        model: whose categories and ``skip_mediation`` (default the shipped model).
    """

    id = "bench-b-front-end"
    version = "1"
    point = "front_end"

    def __init__(self, model: BenchBModel | None = None) -> None:
        m = model if model is not None else _DEFAULT
        self._skip = m.skip_mediation
        others = " and ".join(sorted(m.skip_mediation))
        self._mediate_reason = (
            f"BENCH-B: disputes other than {others} enter mediation"
            if others
            else "BENCH-B: every dispute enters mediation"
        )
        self.decisions = tuple(self._decision(c) for c, _ in m.categories)
        self._codes = {c: i for i, (c, _) in enumerate(m.categories)}

    def _decision(self, category: str) -> Decision:
        skip = category in self._skip
        return Decision(
            point=self.point,
            outcome="file" if skip else "mediate",
            policy=self.id,
            version=self.version,
            rule=f"{category}_skips_mediation" if skip else "mediate_first",
            trigger="file_complaint" if skip else "apply_for_mediation",
            reasons=(
                f"BENCH-B: {category} disputes skip mediation" if skip else self._mediate_reason,
            ),
        )

    def route(self, category: int) -> int:
        """
        The decision (index into :attr:`decisions`) for category code ``category``.
        """
        return category

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        The entry decision for the request's case category.
        """
        code = self._codes.get(request.case.facts.category)
        return None if code is None else self.decisions[self.route(code)]


class BenchBOutcomes:
    """
    BENCH-B's routing when service at a node ends (point ``outcome``), drawn with the
    probabilities of BENCH-B.md from a numpy Generator, in blocks of uniforms.

    Args:
        rng: the Generator (the policy owns its stream: nothing else draws from it).
        outcomes: per node, ``(outcome, triggers, probability)``; default :data:`OUTCOMES`.
    """

    id = "bench-b-outcomes"
    version = "1"
    point = "outcome"

    def __init__(
        self,
        rng: np.random.Generator,
        outcomes: Mapping[str, Sequence[tuple[str, tuple[str, ...], float]]] = OUTCOMES,
    ) -> None:
        self._rng = rng
        self.nodes = tuple(outcomes)
        self.triggers: tuple[tuple[tuple[str, ...], ...], ...] = ()
        self.decisions: tuple[tuple[Decision, ...], ...] = ()
        cums: list[list[float]] = []
        for node, rows in outcomes.items():
            total = sum(p for _, _, p in rows)
            if abs(total - 1.0) > 1e-9:
                raise InvalidValueError(f"outcomes[{node!r}]", "probabilities summing to 1", total)
            acc, cum = 0.0, []
            for _, _, p in rows[:-1]:
                acc += p
                cum.append(acc)
            cums.append(cum)
            self.triggers += (tuple(trig for _, trig, _ in rows),)
            self.decisions += (
                tuple(
                    Decision(
                        point=self.point,
                        outcome=name,
                        policy=self.id,
                        version=self.version,
                        rule=f"{node}.{name}",
                        trigger=trig[0],
                        data={"then": list(trig[1:])} if len(trig) > 1 else {},
                        reasons=(f"drawn at node {node} with probability {p:.6g} (BENCH-B.md)",),
                    )
                    for name, trig, p in rows
                ),
            )
        self._cum = cums
        self._u: list[float] = []
        self._i = 0

    def draw(self, node: int) -> int:
        """
        Draw the outcome (index into ``decisions[node]``) for node index ``node``.
        """
        i = self._i
        if i >= len(self._u):
            self._u = self._rng.random(_BLOCK).tolist()
            i = 0
        self._i = i + 1
        return bisect_right(self._cum[node], self._u[i])

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        The outcome for the request's proceeding, drawn for the node of its stage; ``None``
        (abstain) for a proceeding not at a node.
        """
        p = request.proceeding
        if p is None:
            return None
        stage = request.lifecycle.state(p.state).stage
        if stage not in self.nodes:
            return None
        node = self.nodes.index(stage)
        return self.decisions[node][self.draw(node)]


@attrs.frozen
class BenchBResult:
    """
    One BENCH-B run: the figures BENCH-B.md asks for, and the event log.

    Attributes:
        scale, seed: the run's inputs; servers: servers per node.
        arrivals, closed: disputes arrived and closed by the horizon.
        completed: completed services per node (a retrial counts again at T).
        sum_time_in_system_closed: total days in the system of closed disputes.
        log: every event (columnar; ``log[i]`` is an :class:`~disputeflow.events.Event`).
        states: final state index of each dispute.
    """

    scale: float
    seed: int
    servers: Mapping[str, int]
    arrivals: int
    closed: int
    completed: Mapping[str, int]
    sum_time_in_system_closed: float
    log: EventColumns = attrs.field(repr=False)
    states: Sequence[int] = attrs.field(repr=False)

    @property
    def pending(self) -> int:
        """
        Arrivals not closed by the horizon.
        """
        return self.arrivals - self.closed

    @property
    def mean_time_in_system_closed_days(self) -> float | None:
        """
        Mean days from arrival to closure, over disputes closed by the horizon.
        """
        return self.sum_time_in_system_closed / self.closed if self.closed else None

    @property
    def model_events(self) -> int:
        """
        Arrivals plus completed services (BENCH-B.md's event count).
        """
        return self.arrivals + sum(self.completed.values())

    def summary(self) -> dict[str, Any]:
        """
        The figures under the reference's JSON keys.
        """
        return {
            "impl": "disputeflow",
            "model": "BENCH-B",
            "seed": self.seed,
            "cases_scale": self.scale,
            "servers": dict(self.servers),
            "arrivals": self.arrivals,
            "closed": self.closed,
            "pending": self.pending,
            "completed_services": dict(self.completed),
            "mean_time_in_system_closed_days": self.mean_time_in_system_closed_days,
            "model_events": self.model_events,
            "lifecycle_events": len(self.log),
        }


def _arrivals(rng: np.random.Generator, rate: float, horizon: float) -> list[float]:
    # Poisson arrivals: exponential gaps in bulk, cumulated, cut at the horizon.
    expected = rate * horizon
    chunk = int(expected + 6 * math.sqrt(expected) + 64)
    times = np.cumsum(rng.exponential(1.0 / rate, chunk))
    while times[-1] < horizon:
        more = times[-1] + np.cumsum(rng.exponential(1.0 / rate, chunk))
        times = np.concatenate((times, more))
    out: list[float] = times[: int(np.searchsorted(times, horizon))].tolist()
    return out


def run_bench_b(
    scale: float = 1.0,
    seed: int = 1,
    *,
    horizon: float | None = None,
    origin: pendulum.DateTime | None = None,
    court: Court | None = None,
    lifecycle: Lifecycle | None = None,
    outcomes: Mapping[str, Sequence[tuple[str, tuple[str, ...], float]]] | None = None,
    model: BenchBModel | None = None,
) -> BenchBResult:
    """
    Run BENCH-B once.

    Args:
        scale: BENCH-B's ``s``: multiplies the arrival rate and every server count.
        seed: seeds the four Generators (arrivals, categories, service, routing).
        horizon: days simulated (default the model's ``horizon_days``; BENCH-B: 365). The
            arrival rate stays the model's (``disputes_per_year / horizon_days`` a day).
        origin: the instant of day 0 in the log (default 2025-01-01 00:00 Asia/Shanghai).
        court: the court disputes are filed at (default a ``bench`` court).
        lifecycle: the definition (default :func:`~disputeflow.lifecycle.stages.bench_b.bench_b`;
            a variant must keep its states and triggers).
        outcomes: the routing table of :class:`BenchBOutcomes` (default: the model's
            :meth:`~disputeflow.simulation.bench_b_model.BenchBModel.outcomes`).
        model: BENCH-B's numbers (default the shipped ``bench-b.toml``, read once; see
            :func:`~disputeflow.simulation.bench_b_model.load_bench_b`).

    Returns:
        The figures and the event log.

    Raises:
        InvalidValueError: a non-positive scale or horizon.
        TriggerNotAllowedError: a policy asked for a trigger the lifecycle does not define
            from the dispute's state.
    """
    m = model if model is not None else _DEFAULT
    if horizon is None:
        horizon = m.horizon_days
    if outcomes is None:
        outcomes = m.outcomes() if model is not None else OUTCOMES
    if not scale > 0:
        raise InvalidValueError("scale", "a positive number", scale)
    if not horizon > 0:
        raise InvalidValueError("horizon", "a positive number of days", horizon)
    missing = [n for n in NODE_NAMES if n not in outcomes]
    if missing:
        raise InvalidValueError("outcomes", "a routing table for every node", missing)
    outcomes = {n: outcomes[n] for n in NODE_NAMES}  # the loop's node order
    lc = lifecycle if lifecycle is not None else bench_b()
    fp = FastPath(lc)
    ss = np.random.SeedSequence(seed)
    g_arr, g_cat, g_svc, g_route = (np.random.default_rng(s) for s in ss.spawn(4))
    front = BenchBFrontEnd(m)
    router = BenchBOutcomes(g_route, outcomes)
    decisions: list[Mapping[str, Any] | None] = [None]
    front_code = []
    for dec in front.decisions:
        front_code.append(len(decisions))
        decisions.append(dec.to_record())
    out_code: list[list[int]] = []
    for row in router.decisions:
        out_code.append([])
        for dec in row:
            out_code[-1].append(len(decisions))
            decisions.append(dec.to_record())
    log = EventColumns(
        fp,
        origin=origin if origin is not None else pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai"),
        court=court if court is not None else Court("bench", "BENCH-B court", "基准法院", "基"),
        categories=[c for c, _ in m.categories],
        decisions=decisions,
    )
    servers = m.scaled_servers(scale)

    # -- tables read by the loop -----------------------------------------------------------
    n_trig = len(fp.triggers)
    table, edest = fp.table, fp.edge_dest
    closing = [k is not None for k in fp.closing_kind]
    node_at = [-1] * len(fp.states)  # waiting or working state -> node index
    start_trig: list[int] = []
    for i, (name, waiting, start, working) in enumerate(NODES):
        if fp.stage[fp.state_of(waiting)] != name or fp.stage[fp.state_of(working)] != name:
            raise InvalidValueError(f"lifecycle {lc.id} state stages", f"node {name}", waiting)
        node_at[fp.state_of(waiting)] = node_at[fp.state_of(working)] = i
        start_trig.append(fp.trigger_of(start))
    opening_edge = [fp.openings[fp.trigger_of(d.trigger or "")] for d in front.decisions]
    route_trig = [
        [tuple(fp.trigger_of(t) for t in trig) for trig in row] for row in router.triggers
    ]
    n_nodes = len(NODES)
    cap = [servers[n] for n in NODE_NAMES]
    mean = [m.mean_service_days[n] for n in NODE_NAMES]
    busy = [0] * n_nodes
    queues: list[deque[int]] = [deque() for _ in range(n_nodes)]
    completed = [0] * n_nodes

    arrived = _arrivals(g_arr, m.arrival_rate(scale), horizon)
    shares = np.array([p for _, p in m.categories])
    cats: list[int] = g_cat.choice(len(shares), size=len(arrived), p=shares / shares.sum()).tolist()
    arrived.append(math.inf)  # sentinel: no more arrivals

    svc: list[float] = g_svc.standard_exponential(_BLOCK).tolist()
    k = 0
    state: list[int] = []
    heap: list[tuple[float, int]] = []
    push, pop = heapq.heappush, heapq.heappop
    l_d, l_t, l_c = log.dispute.append, log.t.append, log.code.append
    log_open, draw, enter = log.open, router.draw, front.route
    shift = EventColumns.DECISION_SHIFT
    closed = 0
    sum_tis = 0.0
    ia = 0
    next_arrival = arrived[0]

    while True:
        t_done = heap[0][0] if heap else math.inf
        if next_arrival <= t_done:
            if next_arrival == math.inf:
                break
            t = next_arrival
            d = ia
            cat = cats[ia]
            ia += 1
            next_arrival = arrived[ia]
            decision = enter(cat)
            edge = opening_edge[decision]
            log_open(t, cat, edge, front_code[decision])
            s = edest[edge]
            state.append(s)
        else:
            if t_done >= horizon:
                break
            t, d = pop(heap)
            s = state[d]
            node = node_at[s]
            completed[node] += 1
            choice = draw(node)
            code = out_code[node][choice] << shift
            for trig in route_trig[node][choice]:
                edge = table[s * n_trig + trig]
                if edge < 0:
                    raise fp.not_allowed(s, trig, f"{log.prefix}{d + 1}")
                s = edest[edge]
                l_d(d)
                l_t(t)
                l_c(edge | code)
            state[d] = s
            # The freed server takes the next case in the node's FIFO queue. Starting a
            # service is written out here and below, not called, to keep a function call
            # per event out of the loop BENCH-B times.
            queue = queues[node]
            if queue:
                nd = queue.popleft()
                ns = state[nd]
                edge = table[ns * n_trig + start_trig[node]]
                if edge < 0:
                    raise fp.not_allowed(ns, start_trig[node], f"{log.prefix}{nd + 1}")
                state[nd] = edest[edge]
                l_d(nd)
                l_t(t)
                l_c(edge)
                if k == _BLOCK:
                    svc = g_svc.standard_exponential(_BLOCK).tolist()
                    k = 0
                push(heap, (t + svc[k] * mean[node], nd))
                k += 1
            else:
                busy[node] -= 1
            if closing[s]:
                closed += 1
                sum_tis += t - arrived[d]
                continue
        # The dispute joins the node of its waiting state.
        node = node_at[s]
        if busy[node] < cap[node]:
            busy[node] += 1
            edge = table[s * n_trig + start_trig[node]]
            if edge < 0:
                raise fp.not_allowed(s, start_trig[node], f"{log.prefix}{d + 1}")
            state[d] = edest[edge]
            l_d(d)
            l_t(t)
            l_c(edge)
            if k == _BLOCK:
                svc = g_svc.standard_exponential(_BLOCK).tolist()
                k = 0
            push(heap, (t + svc[k] * mean[node], d))
            k += 1
        else:
            queues[node].append(d)

    return BenchBResult(
        scale=scale,
        seed=seed,
        servers=servers,
        arrivals=ia,
        closed=closed,
        completed=dict(zip(NODE_NAMES, completed, strict=True)),
        sum_time_in_system_closed=sum_tis,
        log=log,
        states=state,
    )
