"""
The one module that imports ``transitions``.

A lifecycle is compiled into one :class:`transitions.Machine` that every case shares. No model
is ever added to it (``add_model`` would inject methods into objects and costs kilobytes per
case). The machine is built unqueued, with no callbacks, and keeps no per-model data, so it
can serve many threads at once.

Two ways to fire, with one result (``tests/engine/test_dispatch.py`` checks them equal on
random trigger sequences):

- ``"table"`` (the default): the machine's own transition table, read once out of
  ``machine.events[trigger].transitions[state]`` (candidates in transitions' order, each with
  the condition functions transitions holds for it), run directly: the first candidate whose
  conditions all pass fires, a candidate stops at its first failing condition. This is what
  ``Event.trigger`` does for a machine without callbacks, minus its per-call layer (event
  data, callback rounds, debug logging, the model's ``state`` attribute), which costs about
  ten microseconds per trigger and does nothing here.
- ``"transitions"``: every fire goes through ``Event.trigger`` on a throw-away cursor model,
  the reference the table is checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from transitions import Machine

from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.guards import GuardContext
from disputeflow.lifecycle.model import Guard, Transition

__all__ = ["DISPATCHES", "NEW", "CompiledMachine", "Cursor", "Dispatch"]

#: Pseudo-state from which openings leave: a proceeding that does not exist yet.
NEW = "__new__"

Dispatch = Literal["table", "transitions"]
DISPATCHES: tuple[Dispatch, ...] = ("table", "transitions")

#: A candidate's check: the cursor passes it, or it records why not and returns False.
Check = Callable[["Cursor"], bool]


class Cursor:
    """
    The model one fire works on; lives for one call.
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


def _guard_check(guard: Guard) -> Check:
    check = guard.check
    name = guard.name

    def passes(cursor: Cursor) -> bool:
        reason = check(cursor.ctx)
        if reason is None:
            return True
        cursor.blocked.append((name, reason))
        return False

    return passes


def _parent_check(t: Transition) -> Check:
    wanted = t.requires

    def passes(cursor: Cursor) -> bool:
        parent = cursor.ctx.proceeding
        if parent is None or parent.state not in wanted:
            here = "no parent proceeding" if parent is None else f"parent in {parent.state!r}"
            cursor.blocked.append(
                ("requires", f"{here}; needs a parent in one of: {', '.join(sorted(wanted))}")
            )
            return False
        return True

    return passes


class _Condition:
    """
    A check as a transitions condition (``send_event=True`` hands it the event data).
    """

    __slots__ = ("check",)

    def __init__(self, check: Check) -> None:
        self.check = check

    def __call__(self, event_data: Any) -> bool:
        return self.check(event_data.model)


def _check_of(func: Any) -> Check:
    # The machine holds the conditions this module gave it, and nothing else.
    if not isinstance(func, _Condition):  # pragma: no cover - nothing else adds conditions
        raise TypeError(f"a condition this module did not make: {func!r}")
    return func.check


#: One candidate of the table: the transition and its checks, in transitions' order.
Candidate = tuple[Transition, tuple[Check, ...]]


class CompiledMachine:
    """
    A lifecycle compiled into one shared transitions Machine, and the machine's transition
    table read out of it.

    Args:
        lifecycle: the definition.
        dispatch: ``"table"`` or ``"transitions"`` (see the module docstring).
    """

    def __init__(self, lifecycle: Lifecycle, dispatch: Dispatch = "table") -> None:
        if dispatch not in DISPATCHES:
            raise InvalidValueError("dispatch", "one of " + ", ".join(DISPATCHES), dispatch)
        self.lifecycle = lifecycle
        self.dispatch = dispatch
        guard_checks = {g.name: _guard_check(g) for g in lifecycle.guards}
        machine = Machine(
            model=None,
            states=[NEW, *(s.name for s in lifecycle.states)],
            initial=NEW,
            auto_transitions=False,
            send_event=True,
            queued=False,
            ignore_invalid_triggers=False,
        )
        # Which lifecycle transition each transitions Transition stands for, by identity.
        spec_of: dict[int, Transition] = {}
        for t in lifecycle.transitions:
            checks: list[Check] = [guard_checks[g] for g in t.guards]
            if t.opening and t.requires:
                checks.insert(0, _parent_check(t))
            sources: list[Any] = sorted(t.source) if t.source else [NEW]
            machine.add_transition(
                t.trigger, sources, t.dest, conditions=[_Condition(c) for c in checks]
            )
            event = machine.events[t.trigger]
            for s in sources:
                spec_of[id(event.transitions[s][-1])] = t
        self.machine = machine
        self._events = machine.events
        self._table: dict[tuple[str, str], tuple[Candidate, ...]] = {}
        for trigger, event in machine.events.items():
            for source, candidates in event.transitions.items():
                self._table[(source, trigger)] = tuple(
                    (
                        spec_of[id(c)],
                        tuple(_check_of(cond.func) for cond in c.conditions),
                    )
                    for c in candidates
                )
        # The selections that need no guard context: the first candidate has no check, so it
        # fires whatever the case holds.
        self._free: dict[tuple[str, str], Transition] = {
            key: candidates[0][0] for key, candidates in self._table.items() if not candidates[0][1]
        }
        self._reference = dispatch == "transitions"

    def guarded(self, state: str, trigger: str) -> bool:
        """
        Whether a check runs when ``trigger`` fires from ``state`` (a guard, or an opening's
        parent requirement): only then does the fire need a guard context.
        """
        return (state, trigger) not in self._free

    def free(self, state: str, trigger: str) -> Transition | None:
        """
        The transition ``trigger`` fires from ``state`` whatever the case holds (its first
        candidate has no check), or ``None`` if the selection needs checks or the lifecycle
        defines none.
        """
        return self._free.get((state, trigger))

    def defined(self, state: str, trigger: str) -> bool:
        """
        Whether the lifecycle defines ``trigger`` from ``state`` (openings leave from
        :data:`NEW`).
        """
        return (state, trigger) in self._table

    def fire(self, state: str, trigger: str, ctx: Callable[[], GuardContext] | None) -> Cursor:
        """
        Select the transition ``trigger`` fires from ``state``; the cursor says which one
        (``fired``) or which checks blocked every candidate (``blocked``). ``ctx`` makes the
        guard context when a check first needs it (``None`` will do where :meth:`guarded` is
        false).

        The caller must have checked that the lifecycle defines ``trigger`` from ``state``.
        """
        if self._reference:
            return self._fire_transitions(state, trigger, ctx)
        cursor = Cursor(state, ctx)
        free = self._free.get((state, trigger))
        if free is not None:
            cursor.fired = free
            return cursor
        for spec, checks in self._table[(state, trigger)]:
            for check in checks:
                if not check(cursor):
                    break
            else:
                cursor.fired = spec
                return cursor
        return cursor

    def _fire_transitions(
        self, state: str, trigger: str, ctx: Callable[[], GuardContext] | None
    ) -> Cursor:
        cursor = Cursor(state, ctx)
        if self._events[trigger].trigger(cursor):
            # transitions tries candidates in order and stops a candidate at its first failing
            # condition, which records exactly one entry in ``blocked``: the one that fired
            # comes right after the failed ones.
            cursor.fired = self._table[(state, trigger)][len(cursor.blocked)][0]
        return cursor
