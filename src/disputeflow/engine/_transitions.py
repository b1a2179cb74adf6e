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

    __slots__ = ("blocked", "ctx", "fired", "state")

    def __init__(self, state: str, ctx: GuardContext) -> None:
        self.state = state
        self.ctx = ctx
        self.fired: Transition | None = None
        self.blocked: list[tuple[str, str]] = []


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


def _recorder(t: Transition) -> Callable[[Any], None]:
    def after(event_data: Any) -> None:
        event_data.model.fired = t

    return after


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
            machine.add_transition(
                t.trigger,
                source,
                t.dest,
                conditions=conds,
                after=_recorder(t),
            )
        self._events = machine.events
        self.machine = machine

    def fire(self, state: str, trigger: str, ctx: GuardContext) -> Cursor:
        """
        Run ``trigger`` from ``state`` through transitions; the cursor says which
        transition fired (``fired``) or which guards blocked it (``blocked``).

        The caller must have checked that the lifecycle defines ``trigger`` from ``state``.
        """
        cursor = Cursor(state, ctx)
        self._events[trigger].trigger(cursor)
        return cursor
