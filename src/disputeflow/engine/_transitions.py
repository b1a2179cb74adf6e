"""
The one module that imports ``transitions``.

A lifecycle is compiled into one :class:`transitions.Machine` that every case shares. No model
is ever added to it (``add_model`` would inject methods into objects and costs kilobytes per
case): each fire runs on a throw-away cursor holding only the state name and the guard
context, so the machine itself stays stateless and can serve many threads at once (it is
built unqueued, and transitions keeps no per-model data then).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import Machine

from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.guards import GuardContext
from disputeflow.lifecycle.model import Guard, Transition

__all__ = ["NEW", "CompiledMachine", "Cursor"]

#: Pseudo-state from which openings leave: a proceeding that does not exist yet.
NEW = "__new__"


class Cursor:
    """
    The model transitions moves for one fire; lives for one call.
    """

    __slots__ = ("_ctx", "_make", "blocked", "fired", "state")

    def __init__(self, state: str, make_ctx: Callable[[], GuardContext] | None) -> None:
        self.state = state
        self._make = make_ctx
        self._ctx: GuardContext | None = None
        self.fired: Transition | None = None
        self.blocked: list[tuple[str, str]] = []

    @property
    def ctx(self) -> GuardContext:
        """
        The guard context, built on first use: most transitions have no guard.
        """
        if self._ctx is None:
            assert self._make is not None, "a condition ran on a fire without guards"
            self._ctx = self._make()
        return self._ctx


def _condition(guard: Guard) -> Callable[[Any], bool]:
    check = guard.check
    name = guard.name

    def condition(event_data: Any) -> bool:
        cursor: Cursor = event_data.model
        reason = check(cursor.ctx)
        if reason is None:
            return True
        cursor.blocked.append((name, reason))
        return False

    return condition


def _parent_in(t: Transition) -> Callable[[Any], bool]:
    wanted = t.requires

    def condition(event_data: Any) -> bool:
        cursor: Cursor = event_data.model
        parent = cursor.ctx.proceeding
        if parent is None or parent.state not in wanted:
            here = "no parent proceeding" if parent is None else f"parent in {parent.state!r}"
            cursor.blocked.append(
                ("requires", f"{here}; needs a parent in one of: {', '.join(sorted(wanted))}")
            )
            return False
        return True

    return condition


class CompiledMachine:
    """
    A lifecycle compiled into one shared transitions Machine.
    """

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        conditions = {g.name: _condition(g) for g in lifecycle.guards}
        machine = Machine(
            model=None,
            states=[NEW, *(s.name for s in lifecycle.states)],
            initial=NEW,
            auto_transitions=False,
            send_event=True,
            queued=False,
            ignore_invalid_triggers=False,
        )
        for t in lifecycle.transitions:
            conds: list[Any] = [conditions[g] for g in t.guards]
            if t.opening and t.requires:
                conds.insert(0, _parent_in(t))
            source: list[Any] = sorted(t.source) if t.source else [NEW]
            machine.add_transition(t.trigger, source, t.dest, conditions=conds)
        self._events = machine.events
        self.machine = machine
        # Candidates in the order transitions tries them (the order they were added).
        self._candidates: dict[tuple[str, str], tuple[Transition, ...]] = {}
        for t in lifecycle.transitions:
            for s in sorted(t.source) if t.source else [NEW]:
                key = (s, t.trigger)
                self._candidates[key] = (*self._candidates.get(key, ()), t)
        self._guarded = frozenset(
            key
            for key, ts in self._candidates.items()
            if any(t.guards or (t.opening and t.requires) for t in ts)
        )

    def guarded(self, state: str, trigger: str) -> bool:
        """
        Whether a condition runs when ``trigger`` fires from ``state`` (a guard, or an
        opening's parent requirement): only then does the fire need a guard context.
        """
        return (state, trigger) in self._guarded

    def fire(self, state: str, trigger: str, ctx: Callable[[], GuardContext] | None) -> Cursor:
        """
        Run ``trigger`` from ``state`` through transitions; the cursor says which
        transition fired (``fired``) or which guards blocked it (``blocked``). ``ctx`` makes
        the guard context when a guard first needs it (``None`` will do where
        :meth:`guarded` is false).

        The caller must have checked that the lifecycle defines ``trigger`` from ``state``.
        """
        cursor = Cursor(state, ctx)
        if self._events[trigger].trigger(cursor):
            # transitions tries candidates in order and stops a candidate at its first failing
            # condition, which records exactly one entry in ``blocked``: the one that fired
            # comes right after the failed ones. (No 'after' callback: it costs a callback
            # round on every fire.)
            cursor.fired = self._candidates[(state, trigger)][len(cursor.blocked)]
        return cursor
