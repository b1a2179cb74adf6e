"""
Definition-time validation of a :class:`~disputeflow.lifecycle.definition.Lifecycle`.

Every check is a pure function returning the problems it finds; :func:`validate` runs them all
(or all but those skipped) and raises one :class:`~disputeflow.errors.LifecycleDefinitionError`
listing every offender, as python-statemachine does, so a court system deriving a variant sees
all its mistakes at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from disputeflow.errors import LifecycleDefinitionError
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.time.periods import Period

__all__ = ["CHECKS", "problems", "validate"]


def _duplicates(kind: str, names: Iterable[str]) -> list[str]:
    counts = Counter(names)
    return [f"{kind} {n!r} is defined {c} times" for n, c in counts.items() if c > 1]


def check_duplicates(lc: Lifecycle) -> list[str]:
    """
    Names defined more than once, and identical transitions.
    """
    out = _duplicates("state", (s.name for s in lc.states))
    out += _duplicates("proceeding kind", (k.name for k in lc.kinds))
    out += _duplicates("clock", (c.name for c in lc.clocks))
    out += _duplicates("guard", (g.name for g in lc.guards))
    out += _duplicates("category", (c.id for c in lc.categories))
    out += _duplicates("opening trigger", (t.trigger for t in lc.transitions if t.opening))
    keys = Counter(
        (t.trigger, s, t.dest, t.guards) for t in lc.transitions for s in sorted(t.source)
    )
    out += [
        f"transition {trig!r} from {src!r} to {dest!r} is defined {n} times"
        for (trig, src, dest, _), n in keys.items()
        if n > 1
    ]
    return out


def check_names(lc: Lifecycle) -> list[str]:
    """
    References to states, kinds, guards, clocks, parameters and triggers that do not exist.
    """
    out: list[str] = []
    states = {s.name for s in lc.states}
    kinds = {k.name for k in lc.kinds}
    clocks = {c.name for c in lc.clocks}
    guards = {g.name for g in lc.guards}
    params = set(lc.parameters.ids)
    triggers = set(lc.triggers)
    openings = {t.trigger for t in lc.transitions if t.opening}
    for s in lc.states:
        if s.kind not in kinds:
            out.append(f"state {s.name!r} names unknown proceeding kind {s.kind!r}")
        if s.final and s.closing_kind is None:
            # A final state that is not closing would leave a proceeding open for ever.
            out.append(f"final state {s.name!r} has no closing_kind")
    for k in lc.kinds:
        if k.time_limit_clock is not None and k.time_limit_clock not in clocks:
            out.append(f"proceeding kind {k.name!r} names unknown clock {k.time_limit_clock!r}")
    for c in lc.clocks:
        if c.period_param not in params:
            out.append(f"clock {c.name!r} names unknown parameter {c.period_param!r}")
        if c.on_expiry is not None and c.on_expiry not in triggers:
            out.append(f"clock {c.name!r} expires into unknown trigger {c.on_expiry!r}")
    for t in lc.transitions:
        where = f"transition {t.trigger!r}"
        for name in sorted(t.source | t.requires):
            if name not in states:
                out.append(f"{where} names unknown state {name!r}")
        if t.dest is not None and t.dest not in states:
            out.append(f"{where} names unknown state {t.dest!r}")
        if t.opening and t.dest is None:
            out.append(f"{where} is an opening without a destination state")
        if t.kind is not None and t.kind not in kinds:
            out.append(f"{where} names unknown proceeding kind {t.kind!r}")
        if t.requires and not t.opening:
            out.append(f"{where} has 'requires' but is not an opening")
        for g in t.guards:
            if g not in guards:
                out.append(f"{where} names guard {g!r}, which is not defined")
        for e in t.clocks:
            if e.clock not in clocks:
                out.append(f"{where} names unknown clock {e.clock!r}")
            if e.period_param is not None and e.period_param not in params:
                out.append(f"{where} names unknown parameter {e.period_param!r}")
        if t.opens is not None and t.opens not in openings:
            out.append(f"{where} opens {t.opens!r}, which is not an opening trigger")
        if not t.opening and t.dest in states:
            dest_kind = lc.state(t.dest).kind
            for name in sorted(t.source):
                if name in states and lc.state(name).kind != dest_kind:
                    out.append(
                        f"{where} crosses proceeding kinds ({name!r} -> {t.dest!r}); "
                        "use 'opens' to start another proceeding"
                    )
    return out


def check_parameters(lc: Lifecycle) -> list[str]:
    """
    Clock parameters must hold periods.
    """
    out: list[str] = []
    wanted = {c.period_param for c in lc.clocks}
    wanted |= {e.period_param for t in lc.transitions for e in t.clocks if e.period_param}
    for p in lc.parameters.parameters:
        if p.id in wanted:
            for v in p.values:
                if not isinstance(v.value, Period):
                    out.append(f"parameter {p.id!r} should hold a Period, holds {v.value!r}")
    return out


def check_exits(lc: Lifecycle) -> list[str]:
    """
    Final states must have no exit; non-final states must have one (no trap states).
    """
    out: list[str] = []
    has_exit = {s for t in lc.transitions for s in t.source if t.dest is not None}
    any_source = {s for t in lc.transitions for s in t.source}
    for s in lc.states:
        if s.final and s.name in any_source:
            out.append(f"final state {s.name!r} has outgoing transitions")
        if not s.final and s.name not in has_exit:
            out.append(f"non-final state {s.name!r} has no exit (a trap state)")
    return out


def check_reachable(lc: Lifecycle) -> list[str]:
    """
    Every state must be reachable from an opening that needs no parent.
    """
    reached: set[str] = set()
    frontier = [t.dest for t in lc.transitions if t.opening and not t.requires and t.dest]
    changed = True
    while changed:
        changed = False
        while frontier:
            s = frontier.pop()
            if s in reached:
                continue
            reached.add(s)
            changed = True
            for t in lc.transitions:
                if s in t.source and t.dest is not None and t.dest not in reached:
                    frontier.append(t.dest)
        for t in lc.transitions:
            if t.opening and t.requires & reached and t.dest and t.dest not in reached:
                frontier.append(t.dest)
                changed = True
    return [f"state {s.name!r} is unreachable" for s in lc.states if s.name not in reached]


CHECKS: dict[str, Callable[[Lifecycle], list[str]]] = {
    "duplicates": check_duplicates,
    "names": check_names,
    "parameters": check_parameters,
    "exits": check_exits,
    "reachable": check_reachable,
}


def problems(lc: Lifecycle, *, skip: Iterable[str] = ()) -> list[str]:
    """
    Every problem found in ``lc``, by all checks except those in ``skip``.
    """
    skipped = set(skip)
    out: list[str] = []
    for name, check in CHECKS.items():
        if name not in skipped:
            out += check(lc)
    return out


def validate(lc: Lifecycle, *, skip: Iterable[str] = (), extra: Iterable[str] = ()) -> None:
    """
    Raise :class:`~disputeflow.errors.LifecycleDefinitionError` if ``lc`` has any problem.

    Args:
        skip: names of checks (keys of :data:`CHECKS`) not to run.
        extra: problems found elsewhere (e.g. while composing) to report together.
    """
    found = list(extra) + problems(lc, skip=skip)
    if found:
        raise LifecycleDefinitionError(lc.id, found)
