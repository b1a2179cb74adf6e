"""
:class:`Lifecycle`, the one immutable definition of a court system's rules, and :class:`Part`,
the reusable pieces lifecycles are composed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from disputeflow.errors import UnknownNameError
from disputeflow.lifecycle.model import (
    Category,
    ClockSpec,
    Guard,
    ProceedingKind,
    State,
    Transition,
)
from disputeflow.parameters import Parameter, ParameterSet

__all__ = ["Lifecycle", "Part"]


@attrs.frozen
class Part:
    """
    A reusable bundle of definitions (a stage, or a regime's variant of one).

    Lifecycles are composed from parts with :meth:`Lifecycle.compose`; two regimes share most
    parts and differ in a few.
    """

    name: str
    kinds: tuple[ProceedingKind, ...] = ()
    states: tuple[State, ...] = ()
    transitions: tuple[Transition, ...] = ()
    clocks: tuple[ClockSpec, ...] = ()
    guards: tuple[Guard, ...] = ()
    parameters: tuple[Parameter[Any], ...] = ()
    categories: tuple[Category, ...] = ()


V = TypeVar("V")


def _get(index: Mapping[str, V], what: str, name: str, lifecycle_id: str) -> V:
    try:
        return index[name]
    except KeyError:
        raise UnknownNameError(what, name, index, f"lifecycle {lifecycle_id}") from None


def _index(items: Iterable[Any], key: str) -> dict[str, Any]:
    return {getattr(item, key): item for item in items}


@attrs.frozen(eq=False)
class Lifecycle:
    """
    A complete, validated lifecycle definition.

    Build one with :meth:`compose` (from parts) or :meth:`derive` (from another lifecycle);
    both validate it (:func:`disputeflow.lifecycle.validate.validate`) and raise
    :class:`~disputeflow.errors.LifecycleDefinitionError` listing every problem.

    Attributes:
        id: stable kebab-case id (``"prc-civil-2025"``).
        version: version of this definition.
        label_en, label_zh: display labels.
        kinds, states, transitions, clocks, guards, categories: the definitions.
        parameters: periods and limits the definition reads, as dated values.
        trigger_labels: English and Chinese labels per trigger.
        legal_basis_note: free text for the reference docs.
    """

    id: str
    version: str
    label_en: str
    label_zh: str
    kinds: tuple[ProceedingKind, ...]
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    clocks: tuple[ClockSpec, ...]
    guards: tuple[Guard, ...]
    parameters: ParameterSet
    categories: tuple[Category, ...]
    description: str = ""
    _state_index: dict[str, State] = attrs.field(init=False, repr=False)
    _kind_index: dict[str, ProceedingKind] = attrs.field(init=False, repr=False)
    _clock_index: dict[str, ClockSpec] = attrs.field(init=False, repr=False)
    _guard_index: dict[str, Guard] = attrs.field(init=False, repr=False)
    _category_index: dict[str, Category] = attrs.field(init=False, repr=False)
    _by_source: dict[tuple[str, str], tuple[Transition, ...]] = attrs.field(init=False, repr=False)
    _openings: dict[str, Transition] = attrs.field(init=False, repr=False)
    _triggers: tuple[str, ...] = attrs.field(init=False, repr=False)
    _trigger_set: frozenset[str] = attrs.field(init=False, repr=False)
    _chained: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False)
    _from_state: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False)
    _openings_from: dict[str, tuple[Transition, ...]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_state_index", _index(self.states, "name"))
        set_(self, "_kind_index", _index(self.kinds, "name"))
        set_(self, "_clock_index", _index(self.clocks, "name"))
        set_(self, "_guard_index", _index(self.guards, "name"))
        set_(self, "_category_index", _index(self.categories, "id"))
        by_source: dict[tuple[str, str], list[Transition]] = {}
        openings: dict[str, Transition] = {}
        triggers: dict[str, None] = {}
        for t in self.transitions:
            triggers[t.trigger] = None
            if t.opening:
                openings.setdefault(t.trigger, t)
            for s in sorted(t.source):
                by_source.setdefault((s, t.trigger), []).append(t)
        set_(self, "_by_source", {k: tuple(v) for k, v in by_source.items()})
        set_(self, "_openings", openings)
        set_(self, "_triggers", tuple(triggers))
        set_(self, "_trigger_set", frozenset(triggers))
        chained: dict[str, list[str]] = {}
        for t in self.transitions:
            if t.opens is not None:
                chained.setdefault(t.opens, []).append(t.trigger)
        set_(self, "_chained", {k: tuple(dict.fromkeys(v)) for k, v in chained.items()})
        # Policies and allowed() ask these per decision: answer from an index, not a scan.
        from_state: dict[str, dict[str, None]] = {}
        for t in self.transitions:
            for s in t.source:
                from_state.setdefault(s, {})[t.trigger] = None
        set_(self, "_from_state", {k: tuple(v) for k, v in from_state.items()})
        openings_from: dict[str, list[Transition]] = {}
        for t in openings.values():
            if t.trigger not in self._chained:
                for s in t.requires:
                    openings_from.setdefault(s, []).append(t)
        set_(self, "_openings_from", {k: tuple(v) for k, v in openings_from.items()})

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def compose(
        cls,
        id: str,
        parts: Iterable[Part],
        *,
        version: str = "1",
        label_en: str = "",
        label_zh: str = "",
        description: str = "",
        validate: bool = True,
    ) -> Lifecycle:
        """
        Build and validate a lifecycle from parts, in order.

        Later parts may not redefine a state, kind, clock or guard an earlier part defined
        (that is reported as a duplicate); use :meth:`derive` to replace things.
        """
        kinds: list[ProceedingKind] = []
        states: list[State] = []
        transitions: list[Transition] = []
        clocks: list[ClockSpec] = []
        guards: list[Guard] = []
        params: list[Parameter[Any]] = []
        categories: list[Category] = []
        for part in parts:
            kinds += part.kinds
            states += part.states
            transitions += part.transitions
            clocks += part.clocks
            guards += part.guards
            params += part.parameters
            categories += part.categories
        lifecycle = cls(
            id=id,
            version=version,
            label_en=label_en or id,
            label_zh=label_zh or label_en or id,
            kinds=tuple(kinds),
            states=tuple(states),
            transitions=tuple(transitions),
            clocks=tuple(clocks),
            guards=tuple(guards),
            parameters=ParameterSet(tuple({p.id: p for p in params}.values())),
            categories=tuple(categories),
            description=description,
        )
        if validate:
            from disputeflow.lifecycle.validate import validate as _validate

            ids = [p.id for p in params]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            _validate(lifecycle, extra=[f"parameter {i!r} is defined twice" for i in dup])
        return lifecycle

    def derive(
        self,
        id: str,
        *,
        version: str | None = None,
        label_en: str | None = None,
        label_zh: str | None = None,
        add: Iterable[Part] = (),
        remove_states: Iterable[str] = (),
        remove_transitions: Iterable[tuple[str, str | None]] = (),
        rename_states: Mapping[str, str] | None = None,
        rename_triggers: Mapping[str, str] | None = None,
        parameters: Iterable[Parameter[Any]] = (),
        description: str | None = None,
    ) -> Lifecycle:
        """
        A new lifecycle derived from this one, validated; this one is unchanged.

        Args:
            id: the variant's id.
            add: parts whose definitions are added (a state, kind, clock, guard or category
                with the name of an existing one replaces it).
            remove_states: states removed together with every transition into or out of them.
            remove_transitions: ``(trigger, source)`` pairs; ``source=None`` removes every
                transition with that trigger.
            rename_states, rename_triggers: old name -> new name, applied everywhere.
            parameters: parameters added or replaced (same id replaces).

        Raises:
            UnknownNameError: a removed or renamed name does not exist.
            LifecycleDefinitionError: the result is invalid.
        """
        rs = dict(rename_states or {})
        rt = dict(rename_triggers or {})
        for old in rs:
            self.state(old)
        for old in rt:
            if old not in self._triggers:
                raise UnknownNameError("trigger", old, self._triggers, f"lifecycle {self.id}")
        removed = set(remove_states)
        for name in removed:
            self.state(name)
        drop = set(remove_transitions)
        for trig, src in drop:
            if not any(
                t.trigger == trig and (src is None or src in t.source) for t in self.transitions
            ):
                raise UnknownNameError(
                    "transition", (trig, src), self._triggers, f"lifecycle {self.id}"
                )

        def rn(name: str) -> str:
            return rs.get(name, name)

        problems: list[str] = []
        kept_names = {st.name for st in self.states if st.name not in removed}
        for old, new_name in rs.items():
            if new_name in kept_names and new_name not in rs:
                problems.append(f"renaming state {old!r} onto existing state {new_name!r}")

        def trimmed(t: Transition) -> Transition | None:
            if (t.trigger, None) in drop:
                return None
            source = frozenset(x for x in t.source if (t.trigger, x) not in drop)
            if t.source and not source:
                return None
            if t.dest in removed:
                return None
            source -= removed
            if t.source and not source:
                return None
            requires = t.requires - removed
            if t.requires and not requires:
                # Its every parent state is gone: it can no longer open anything.
                return None
            return attrs.evolve(
                t,
                trigger=rt.get(t.trigger, t.trigger),
                source=frozenset(rn(x) for x in source),
                dest=None if t.dest is None else rn(t.dest),
                requires=frozenset(rn(x) for x in requires),
                opens=None if t.opens is None else rt.get(t.opens, t.opens),
            )

        states = {
            rn(st.name): attrs.evolve(st, name=rn(st.name))
            for st in self.states
            if st.name not in removed
        }
        transitions = [x for x in map(trimmed, self.transitions) if x is not None]
        clocks = {
            c.name: attrs.evolve(
                c, on_expiry=None if c.on_expiry is None else rt.get(c.on_expiry, c.on_expiry)
            )
            for c in self.clocks
        }
        kinds = {k.name: k for k in self.kinds}
        guards = {g.name: g for g in self.guards}
        categories = {c.id: c for c in self.categories}
        params = {p.id: p for p in self.parameters.parameters}
        for part in add:
            kinds.update((k.name, k) for k in part.kinds)
            states.update((s.name, s) for s in part.states)
            transitions += part.transitions
            clocks.update((c.name, c) for c in part.clocks)
            guards.update((g.name, g) for g in part.guards)
            categories.update((c.id, c) for c in part.categories)
            params.update((p.id, p) for p in part.parameters)
        params.update((p.id, p) for p in parameters)
        derived = Lifecycle(
            id=id,
            version=version or self.version,
            label_en=label_en or id,
            label_zh=label_zh or label_en or id,
            kinds=tuple(kinds.values()),
            states=tuple(states.values()),
            transitions=tuple(transitions),
            clocks=tuple(clocks.values()),
            guards=tuple(guards.values()),
            parameters=ParameterSet(tuple(params.values())),
            categories=tuple(categories.values()),
            description=self.description if description is None else description,
        )
        from disputeflow.lifecycle.validate import validate as _validate

        _validate(derived, extra=problems)
        return derived

    # -- look-ups -------------------------------------------------------------------------

    def state(self, name: str) -> State:
        """
        The state called ``name``.

        Raises:
            UnknownNameError: no such state; lists the valid ones.
        """
        return _get(self._state_index, "state", name, self.id)

    def has_state(self, name: str) -> bool:
        """
        Whether a state called ``name`` exists.
        """
        return name in self._state_index

    def kind(self, name: str) -> ProceedingKind:
        """
        The proceeding kind called ``name``.
        """
        return _get(self._kind_index, "proceeding kind", name, self.id)

    def clock(self, name: str) -> ClockSpec:
        """
        The clock called ``name``.
        """
        return _get(self._clock_index, "clock", name, self.id)

    def guard(self, name: str) -> Guard:
        """
        The guard called ``name``.
        """
        return _get(self._guard_index, "guard", name, self.id)

    def category(self, id: str) -> Category:
        """
        The dispute category ``id``.
        """
        return _get(self._category_index, "category", id, self.id)

    def has_category(self, id: str) -> bool:
        """
        Whether ``id`` is a known category.
        """
        return id in self._category_index

    @property
    def triggers(self) -> tuple[str, ...]:
        """
        Every trigger name, in definition order.
        """
        return self._triggers

    def has_trigger(self, trigger: str) -> bool:
        """
        Whether any transition fires on ``trigger``.
        """
        return trigger in self._trigger_set

    def transitions_from(self, state: str, trigger: str) -> tuple[Transition, ...]:
        """
        Transitions leaving ``state`` on ``trigger``, in definition order (first passing wins).
        """
        return self._by_source.get((state, trigger), ())

    def triggers_from(self, state: str) -> tuple[str, ...]:
        """
        Triggers defined for ``state``, in definition order, without duplicates.
        """
        return self._from_state.get(state, ())

    def opening(self, trigger: str) -> Transition:
        """
        The opening transition fired by ``trigger``.

        Raises:
            UnknownNameError: no opening has that trigger; lists the openings.
        """
        try:
            return self._openings[trigger]
        except KeyError:
            raise UnknownNameError(
                "opening trigger", trigger, self._openings, f"lifecycle {self.id}"
            ) from None

    def find_opening(self, trigger: str) -> Transition | None:
        """
        The opening fired by ``trigger``, or ``None`` if ``trigger`` opens nothing.
        """
        return self._openings.get(trigger)

    @property
    def openings(self) -> tuple[Transition, ...]:
        """
        Every opening transition.
        """
        return tuple(self._openings.values())

    def openings_from(self, state: str) -> tuple[Transition, ...]:
        """
        Openings a proceeding in ``state`` may be the parent of, fired by hand (openings
        chained by another transition's ``opens`` are left out: see :meth:`chained_by`).
        """
        return self._openings_from.get(state, ())

    def chained_by(self, opening: str) -> tuple[str, ...]:
        """
        The triggers whose ``opens`` fire ``opening`` in the same act (empty for an opening
        fired by hand). A chained opening is never fired on its own: an appeal opens the
        second instance once, by the act of appealing.
        """
        return self._chained.get(opening, ())

    def kind_of_opening(self, t: Transition) -> str:
        """
        The kind of proceeding an opening creates.
        """
        if t.kind is not None:
            return t.kind
        assert t.dest is not None
        return self.state(t.dest).kind

    def trigger_label(self, trigger: str, lang: str = "en") -> str:
        """
        Display label of a trigger. Where its transitions label their paths differently
        (a small-claims judgment is "final on service"), the shortest label is the generic
        one; use :meth:`transition_label` for the path an act took.
        """
        labels = [
            (t.label_zh or t.label_en) if lang == "zh" else t.label_en
            for t in self.transitions
            if t.trigger == trigger
        ]
        labels = [x for x in labels if x]
        if labels:
            return min(labels, key=len)
        return trigger.replace("_", " ")

    def transition_label(
        self, from_state: str | None, trigger: str, to_state: str | None, lang: str = "en"
    ) -> str:
        """
        Display label of the transition a recorded act took (a trigger may label its paths
        differently, e.g. a small-claims judgment is final on service), falling back to
        :meth:`trigger_label`.
        """
        candidates = (
            self.transitions_from(from_state, trigger)
            if from_state is not None
            else tuple(t for t in self.openings if t.trigger == trigger)
        )
        for t in candidates:
            if (t.dest or from_state) == to_state:
                label = (t.label_zh or t.label_en) if lang == "zh" else t.label_en
                if label:
                    return label
        return self.trigger_label(trigger, lang)

    def state_label(self, state: str, lang: str = "en") -> str:
        """
        Display label of a state.
        """
        s = self.state(state)
        return (s.label_zh or s.label_en) if lang == "zh" else s.label_en
