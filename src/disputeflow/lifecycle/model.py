"""
The declarative lifecycle definition: proceeding kinds, states, transitions, clocks and guards.

A :class:`Lifecycle` is an immutable value. The engine executes it, the simulator drives it,
diagrams and the reference docs are generated from it: there is no second description of the
rules anywhere.

Vocabulary:

- a *dispute* (案) holds *proceedings* (件); each proceeding has a kind (first instance, execution
  ...) and its own current state;
- a :class:`Transition` moves one proceeding from one state to another on a *trigger* (an
  imperative verb). A transition with no source states is an *opening*: it creates a new
  proceeding, optionally under a parent proceeding that must be in one of ``requires``;
- ``opens`` on a transition chains an opening in the same step (an appeal closes the first
  instance and opens the second instance);
- clocks (legal periods) start, stop, restart, are suspended, resumed, extended or re-timed by
  transitions through :class:`ClockEffect` values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from disputeflow.lifecycle.guards import GuardContext

__all__ = [
    "Category",
    "ClockAction",
    "ClockEffect",
    "ClockKind",
    "ClockSpec",
    "Guard",
    "ProceedingKind",
    "State",
    "Transition",
]

ClockKind = Literal["time_limit", "window", "defence", "recheck", "service"]
ClockAction = Literal["start", "stop", "restart", "suspend", "resume", "extend", "retime"]


def _fs(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(value)


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class Category:
    """
    A dispute category (case cause), e.g. private loan (民间借贷).

    Attributes:
        id: stable id used in facts (``"private_loan"``).
        label_en, label_zh: display labels (Chinese optional: English is shown instead).
        monetary: whether the claim is usually a sum of money (small claims may apply).
        labour: labour disputes need an arbitral award first (劳动争议仲裁前置).
    """

    id: str
    label_en: str
    label_zh: str = ""
    monetary: bool = True
    labour: bool = False


@attrs.frozen
class ProceedingKind:
    """
    A kind of proceeding (件), e.g. first instance (一审) or execution (执行).

    Attributes:
        name: id (``"first_instance"``).
        type_code: case-number type code in the court's numbering (``"民初"``).
        label_en, label_zh: display labels.
        court_level: where it is heard relative to the parent proceeding's court
            (``"same"`` or ``"higher"``); the caller may name another court.
        time_limit_clock: the clock that is this kind's statutory time limit (审限), if any,
            for within-time-limit indicators.
        counted: whether an accepted proceeding of this kind counts as a 件 in statistics.
    """

    name: str
    type_code: str
    label_en: str
    label_zh: str = ""
    court_level: Literal["same", "higher"] = "same"
    time_limit_clock: str | None = None
    counted: bool = True


@attrs.frozen
class State:
    """
    A state of a proceeding, tagged for analytics so indicators work on any lifecycle variant.

    Attributes:
        name: unique in the lifecycle; a participle (``"registered"``).
        kind: proceeding kind this state belongs to.
        stage: stage (``"filing"``, ``"trial"``, ``"execution"`` ...).
        label_en, label_zh: display labels.
        active: False while the proceeding waits on a party or is suspended.
        final: no transition leaves it.
        closing_kind: set on states in which the proceeding counts as closed (结案): how it
            ended (``"judgment"``, ``"mediation"``, ``"withdrawal"`` ...).
        tags: free tags (``"effective"``: the decision has taken legal effect;
            ``"enforceable"``: it is an enforceable title).
        legal_basis: citation.
        description: one sentence for the reference docs.
    """

    name: str
    kind: str
    stage: str
    label_en: str
    label_zh: str = ""
    active: bool = True
    final: bool = False
    closing_kind: str | None = None
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_fs)
    legal_basis: str = ""
    description: str = ""

    @property
    def closing(self) -> bool:
        """
        Whether a proceeding in this state counts as closed.
        """
        return self.closing_kind is not None


@attrs.frozen
class ClockSpec:
    """
    A legal period the lifecycle tracks (a 'clock').

    Attributes:
        name: id (``"trial_limit"``).
        label_en, label_zh: display labels.
        period_param: id of the lifecycle parameter holding the default period (dated, so a
            change in the law is a new value, not a new lifecycle).
        kind: ``"time_limit"`` (审限, the court's own), ``"window"`` (a party's period, e.g. the
            appeal window), ``"defence"`` (lapse is a defence a party raises, never a guard),
            ``"recheck"`` (a recurring duty), ``"service"`` (a service-level period).
        legal_basis: citation.
        on_expiry: trigger the engine fires on the same proceeding when the clock runs out
            (``engine.advance``), e.g. ``"file_first"`` when the filing decision is overdue.
        excludable: periods may be excluded from it (审限扣除).
    """

    name: str
    label_en: str
    label_zh: str
    period_param: str
    kind: ClockKind = "time_limit"
    legal_basis: str = ""
    on_expiry: str | None = None
    excludable: bool = False


@attrs.frozen
class ClockEffect:
    """
    What a transition does to a clock of the proceeding.

    Attributes:
        clock: clock name.
        action: ``start`` (from the act's date), ``stop``, ``restart`` (a fresh period from the
            act's date, e.g. the 7 filing days after a correction), ``suspend`` / ``resume``
            (open and close an excluded period), ``extend`` (add ``period_param``'s period,
            with the approval recorded in the event), ``retime`` (keep the start date, change
            the base period, e.g. on track conversion).
        period_param: parameter holding the period for start, restart, extend and retime;
            defaults to the clock's own parameter.
        on_parent: apply to the parent proceeding's clock (an opening that answers a clock of
            the parent, e.g. an execution application stopping the application period).
    """

    clock: str
    action: ClockAction
    period_param: str | None = None
    on_parent: bool = False


GuardCheck = Callable[["GuardContext"], "str | None"]


@attrs.frozen
class Guard:
    """
    A named condition on a transition.

    ``check`` returns ``None`` when the transition may go ahead, or the reason it may not,
    in English; ``reason_zh`` may give a Chinese rendering for the common case.

    Attributes:
        name: id referenced by transitions.
        check: pure function of the context (case, proceeding, data, date, parameters).
        description: what it checks, for docs.
        legal_basis: citation.
        data: keys of the act's data the guard reads (a party's consent). Such a guard can
            only be judged when the act is fired; ``Engine.allowed`` lists the action as
            allowed on condition of that data instead of judging it without.
    """

    name: str
    check: GuardCheck = attrs.field(eq=False)
    description: str
    legal_basis: str = ""
    description_zh: str = ""
    data: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Transition:
    """
    One transition of the lifecycle.

    Attributes:
        trigger: imperative verb (``"register"``).
        source: states it leaves from; empty for an opening.
        dest: state entered; ``None`` for an internal transition that records a fact without
            changing state (e.g. an adjournment).
        requires: for an opening, the states one of which the parent proceeding must be in;
            empty means the opening needs no parent.
        kind: for an opening, the kind of proceeding created (default: ``dest``'s kind).
        guards: names of guards that must all pass.
        clocks: clock effects, applied in order.
        sets, clears: flags set on or removed from the proceeding (facts later guards read,
            e.g. ``"execution_notice_issued"``).
        needs: data keys the caller must provide.
        records: data keys copied into the proceeding's attributes (venue, mediator, judge).
        accepts: the proceeding is accepted (受理) by this act: its acceptance date is set.
        opens: trigger of an opening fired in the same step with this proceeding as parent.
        actor: who normally acts (``"clerk"``, ``"judge"``, ``"party"``, ``"system"``).
        label_en, label_zh: display labels.
        legal_basis: citation.
        description: one sentence for docs.
    """

    trigger: str
    source: frozenset[str] = attrs.field(converter=_fs)
    dest: str | None
    requires: frozenset[str] = attrs.field(default=frozenset(), converter=_fs)
    kind: str | None = None
    guards: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    clocks: tuple[ClockEffect, ...] = attrs.field(default=(), converter=_tuple)
    sets: frozenset[str] = attrs.field(default=frozenset(), converter=_fs)
    clears: frozenset[str] = attrs.field(default=frozenset(), converter=_fs)
    needs: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    records: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    accepts: bool = False
    opens: str | None = None
    actor: str = "court"
    label_en: str = ""
    label_zh: str = ""
    legal_basis: str = ""
    description: str = ""

    @property
    def opening(self) -> bool:
        """
        Whether this transition creates a new proceeding.
        """
        return not self.source
