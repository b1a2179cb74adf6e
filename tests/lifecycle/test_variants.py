"""
Variants of lifecycles: :meth:`Lifecycle.derive` (add, remove, rename, parameters) and the
validation that lists every problem of a broken definition.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.errors import LifecycleDefinitionError, UnknownNameError
from disputeflow.lifecycle import (
    Category,
    ClockEffect,
    ClockSpec,
    Guard,
    Lifecycle,
    Part,
    ProceedingKind,
    State,
    Transition,
)
from disputeflow.parameters import constant
from disputeflow.time import Period

# -- a tiny lifecycle to break on purpose -----------------------------------------------------


def _state(name: str, kind: str = "case", **kw: Any) -> State:
    return State(name=name, kind=kind, stage="s", label_en=name, label_zh=name, **kw)


def _move(trigger: str, source: Any, dest: str | None, **kw: Any) -> Transition:
    return Transition(trigger=trigger, source=source, dest=dest, **kw)


def _ok(ctx: Any) -> str | None:
    return None


def _tiny(*extra: Part) -> tuple[Part, ...]:
    """
    ``file`` opens a case in ``open``; ``decide`` closes it in ``closed`` (final).
    """
    base = Part(
        "tiny",
        kinds=(
            ProceedingKind("case", "C", "Case", "案件"),
            ProceedingKind("appeal", "A", "Appeal", "上诉", court_level="higher"),
        ),
        states=(_state("open"), _state("closed", final=True, closing_kind="judgment")),
        transitions=(
            _move("file", (), "open", clocks=(ClockEffect("limit", "start"),)),
            _move(
                "decide", "open", "closed", guards=("ok",), clocks=(ClockEffect("limit", "stop"),)
            ),
        ),
        clocks=(ClockSpec("limit", "Limit", "期限", "period.limit"),),
        guards=(Guard("ok", _ok, "Always passes."),),
        parameters=(constant("period.limit", Period.days(30), "test"),),
        categories=(Category("any", "Any", "任意"),),
    )
    return (base, *extra)


def _compose(*extra: Part) -> Lifecycle:
    return Lifecycle.compose("broken", _tiny(*extra))


def _problems(*extra: Part) -> tuple[str, ...]:
    with pytest.raises(LifecycleDefinitionError) as info:
        _compose(*extra)
    return info.value.problems


#: One defect each: (id, part adding the defect, message naming the offender).
DEFECTS = [
    (
        "unreachable state",
        Part("x", states=(_state("orphan"),), transitions=(_move("drop", "orphan", "closed"),)),
        "state 'orphan' is unreachable",
    ),
    (
        "trap state",
        Part("x", states=(_state("stuck"),), transitions=(_move("wedge", "open", "stuck"),)),
        "non-final state 'stuck' has no exit (a trap state)",
    ),
    (
        "final state with exit",
        Part("x", transitions=(_move("reopen", "closed", "open"),)),
        "final state 'closed' has outgoing transitions",
    ),
    (
        "unknown guard",
        Part("x", transitions=(_move("rule", "open", "closed", guards=("no_such_guard",)),)),
        "transition 'rule' names guard 'no_such_guard', which is not defined",
    ),
    (
        "unknown state in a transition",
        Part("x", transitions=(_move("wander", "open", "nowhere"),)),
        "transition 'wander' names unknown state 'nowhere'",
    ),
    (
        "duplicate transition",
        Part("x", transitions=(_move("decide", "open", "closed", guards=("ok",)),)),
        "transition 'decide' from 'open' to 'closed' is defined 2 times",
    ),
    (
        "unknown clock",
        Part(
            "x",
            transitions=(
                _move("pause", "open", None, clocks=(ClockEffect("no_such_clock", "suspend"),)),
            ),
        ),
        "transition 'pause' names unknown clock 'no_such_clock'",
    ),
    (
        "crossing kinds without opens",
        Part(
            "x",
            states=(_state("appeal_pending", "appeal", final=True, closing_kind="judgment"),),
            transitions=(_move("appeal", "open", "appeal_pending"),),
        ),
        "transition 'appeal' crosses proceeding kinds ('open' -> 'appeal_pending'); "
        "use 'opens' to start another proceeding",
    ),
]


class TestValidation:
    def test_tiny_lifecycle_is_valid(self) -> None:
        """
        The base the defects are added to is valid on its own.
        """
        lc = _compose()
        assert [s.name for s in lc.states] == ["open", "closed"]

    @pytest.mark.parametrize(("part", "message"), [(p, m) for _, p, m in DEFECTS],
                             ids=[i for i, _, _ in DEFECTS])  # fmt: skip
    def test_each_defect_is_named(self, part: Part, message: str) -> None:
        """
        Each defect is reported by a message that names the offender, and the error's text
        carries that message.
        """
        with pytest.raises(LifecycleDefinitionError) as info:
            _compose(part)
        assert message in info.value.problems
        assert message in str(info.value)
        assert info.value.lifecycle_id == "broken"

    def test_every_problem_is_listed_at_once(self) -> None:
        """
        A definition with every defect reports all of them in one error, counted in its
        first line.
        """
        found = _problems(*(p for _, p, _ in DEFECTS))
        missing = [m for _, _, m in DEFECTS if m not in found]
        assert not missing
        with pytest.raises(LifecycleDefinitionError) as info:
            _compose(*(p for _, p, _ in DEFECTS))
        first = str(info.value).splitlines()[0]
        assert first == f"lifecycle 'broken' is invalid ({len(found)} problems):"
        assert len(str(info.value).splitlines()) == len(found) + 1

    def test_opens_is_the_valid_way_across_kinds(self) -> None:
        """
        Starting a proceeding of another kind through ``opens`` and an opening with
        ``requires`` is valid (what the crossing-kinds message advises).
        """
        part = Part(
            "x",
            states=(
                _state("appealed", final=True, closing_kind="judgment"),
                _state("appeal_pending", "appeal", final=True, closing_kind="judgment"),
            ),
            transitions=(
                _move("appeal", "open", "appealed", opens="docket"),
                _move("docket", (), "appeal_pending", requires="appealed"),
            ),
        )
        lc = _compose(part)
        assert lc.opening("docket").requires == frozenset({"appealed"})

    def test_compose_reports_a_part_redefining_a_name(self) -> None:
        """
        Two parts defining the same state or parameter is a problem for compose (derive is
        the way to replace things).
        """
        part = Part(
            "x",
            states=(_state("open"),),
            parameters=(constant("period.limit", Period.days(1), "again"),),
        )
        found = _problems(part)
        assert "state 'open' is defined 2 times" in found
        assert "parameter 'period.limit' is defined twice" in found


# -- derive() on the shipped PRC lifecycle ---------------------------------------------------


@pytest.fixture(scope="module")
def prc() -> Lifecycle:
    return d.prc_civil_2025()


def _refs(lc: Lifecycle, name: str) -> int:
    return sum((name in t.source) + (t.dest == name) + (name in t.requires) for t in lc.transitions)


def _online_part() -> Part:
    def consent(ctx: Any) -> str | None:
        return None if ctx.data.get("consent") is True else "no consent to go online"

    return Part(
        "online",
        states=(
            State(
                name="online_conference",
                kind="first_instance",
                stage="trial",
                label_en="Online pre-trial conference",
                label_zh="在线庭前会议",
            ),
        ),
        transitions=(
            Transition(
                trigger="hold_online_conference",
                source="ordinary_trial",
                dest="online_conference",
                guards=("online_consent",),
            ),
            Transition(
                trigger="conclude_online_conference",
                source="online_conference",
                dest="ordinary_trial",
            ),
        ),
        guards=(Guard("online_consent", consent, "Parties consent to go online."),),
    )


class TestDeriveRename:
    def test_state_renamed_in_sources_destinations_and_requires(self, prc: Lifecycle) -> None:
        """
        A renamed state is renamed in every transition that names it, as source,
        destination or parent requirement; the number of references is unchanged.
        """
        before = _refs(prc, "judgment_appealed")
        assert before >= 2  # appeal leads into it; file_appeal requires it
        v = prc.derive("v", rename_states={"judgment_appealed": "appealed_to_higher_court"})
        assert v.has_state("appealed_to_higher_court")
        assert not v.has_state("judgment_appealed")
        assert _refs(v, "judgment_appealed") == 0
        assert _refs(v, "appealed_to_higher_court") == before
        assert "appealed_to_higher_court" in v.opening("file_appeal").requires
        assert len(v.states) == len(prc.states)

    def test_trigger_renamed_in_transitions_opens_and_expiry(self, prc: Lifecycle) -> None:
        """
        A renamed trigger is renamed on its transitions, in ``opens`` of the transitions
        that chain it, and in ``on_expiry`` of the clocks that fire it.
        """
        assert prc.clock("appeal_window").on_expiry == "take_effect"
        v = prc.derive(
            "v", rename_triggers={"take_effect": "become_effective", "file_appeal": "docket"}
        )
        assert "take_effect" not in v.triggers
        assert "become_effective" in v.triggers
        assert v.clock("appeal_window").on_expiry == "become_effective"
        assert v.opening("docket").requires == prc.opening("file_appeal").requires
        chained = {t.opens for t in v.transitions if t.opens is not None}
        assert "docket" in chained
        assert "file_appeal" not in chained
        assert len(v.transitions) == len(prc.transitions)

    def test_original_is_unchanged(self, prc: Lifecycle) -> None:
        """
        Deriving never changes the lifecycle derived from.
        """
        states, transitions = prc.states, prc.transitions
        prc.derive(
            "v",
            rename_states={"complaint_received": "intake"},
            rename_triggers={"register": "register_online"},
            remove_states=["referred_to_arbitration"],
        )
        assert prc.states == states
        assert prc.transitions == transitions
        assert prc.has_state("complaint_received")
        assert "register" in prc.triggers


class TestDeriveRemoveAdd:
    def test_removing_a_state_removes_its_transitions(self, prc: Lifecycle) -> None:
        """
        A removed state goes with every transition into or out of it.
        """
        assert "refer_to_arbitration" in prc.triggers
        v = prc.derive("v", remove_states=["referred_to_arbitration"])
        assert not v.has_state("referred_to_arbitration")
        assert "refer_to_arbitration" not in v.triggers
        assert _refs(v, "referred_to_arbitration") == 0
        assert len(v.states) == len(prc.states) - 1

    def test_removing_a_transition_by_source(self, prc: Lifecycle) -> None:
        """
        ``(trigger, source)`` removes that trigger from that state only.
        """
        assert "mediate" in prc.triggers_from("summary_trial")
        v = prc.derive("v", remove_transitions=[("mediate", "summary_trial")])
        assert "mediate" not in v.triggers_from("summary_trial")
        assert "mediate" in v.triggers_from("ordinary_trial")

    def test_removing_a_trigger_everywhere(self, prc: Lifecycle) -> None:
        """
        ``(trigger, None)`` removes every transition with that trigger.
        """
        v = prc.derive("v", remove_transitions=[("adjourn_hearing", None)])
        assert "adjourn_hearing" in prc.triggers
        assert "adjourn_hearing" not in v.triggers

    def test_adding_a_part(self, prc: Lifecycle) -> None:
        """
        An added part's state, transitions and guard become part of the variant.
        """
        v = prc.derive("v", add=[_online_part()])
        assert v.has_state("online_conference")
        assert "hold_online_conference" in v.triggers_from("ordinary_trial")
        assert v.triggers_from("online_conference") == ("conclude_online_conference",)
        assert v.guard("online_consent").description == "Parties consent to go online."
        assert len(v.states) == len(prc.states) + 1

    def test_added_definition_replaces_one_with_its_name(self, prc: Lifecycle) -> None:
        """
        A state in an added part with an existing name replaces it (and is not a duplicate).
        """
        old = prc.state("registered")
        new = attrs.evolve(old, label_en="Registered online")
        v = prc.derive("v", add=[Part("relabel", states=(new,))])
        assert v.state("registered").label_en == "Registered online"
        assert len(v.states) == len(prc.states)

    def test_parameters_replace_by_id(self, prc: Lifecycle) -> None:
        """
        A parameter with an existing id replaces it in the variant only.
        """
        on = pendulum.Date(2025, 6, 1)
        v = prc.derive(
            "v", parameters=[constant("period.filing_decision", Period.days(3), "test target")]
        )
        assert v.parameters.value("period.filing_decision", on) == Period.days(3)
        assert prc.parameters.value("period.filing_decision", on) == Period.days(7)

    def test_derive_validates_the_result(self, prc: Lifecycle) -> None:
        """
        A derivation that leaves a state unreachable fails, naming the state.
        """
        with pytest.raises(LifecycleDefinitionError) as info:
            prc.derive("v", remove_transitions=[("refer_to_arbitration", None)])
        assert info.value.problems == ("state 'referred_to_arbitration' is unreachable",)


class TestDerivedLifecycleRuns:
    def test_engine_runs_the_variant(self, prc: Lifecycle) -> None:
        """
        A case runs through a variant with a renamed state and trigger, an added stage and
        an overridden period: the renamed names are used and the new period sets the due date.
        """
        v = prc.derive(
            "v",
            add=[_online_part()],
            rename_states={"complaint_received": "intake"},
            rename_triggers={"register": "register_online"},
            parameters=[constant("period.filing_decision", Period.days(3), "test target")],
        )
        engine = d.Engine(v)
        tz = "Asia/Shanghai"
        facts = d.Facts(category="private_loan", court="c")
        case = engine.open(
            "V", facts, "receive_complaint", at=pendulum.datetime(2025, 3, 3, 9, tz=tz), actor="c"
        ).case
        assert case.proceeding("p1").state == "intake"
        clock = case.proceeding("p1").clock("filing_decision")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 3, 6)

        def fire(trigger: str, day: int, **kw: Any) -> d.Case:
            when = pendulum.datetime(2025, 3, day, 9, tz=tz)
            return engine.fire(case, "p1", trigger, at=when, actor="c", **kw).case

        case = fire("register_online", 4)
        case = fire("assign_ordinary", 5)
        with pytest.raises(d.errors.TriggerNotAllowedError, match="no consent to go online"):
            fire("hold_online_conference", 6)
        case = fire("hold_online_conference", 6, data={"consent": True})
        assert case.proceeding("p1").state == "online_conference"
        case = fire("conclude_online_conference", 7)
        assert case.proceeding("p1").state == "ordinary_trial"


class TestDeriveUnknownNames:
    @pytest.mark.parametrize(
        ("kwargs", "kind", "valid_example"),
        [
            ({"rename_states": {"no_such_state": "x"}}, "state", "complaint_received"),
            ({"remove_states": ["no_such_state"]}, "state", "complaint_received"),
            ({"rename_triggers": {"no_such_trigger": "x"}}, "trigger", "register"),
            ({"remove_transitions": [("no_such_trigger", None)]}, "transition", "register"),
            ({"remove_transitions": [("register", "judgment_served")]}, "transition", "register"),
        ],
        ids=["rename state", "remove state", "rename trigger", "remove trigger", "bad source"],
    )
    def test_unknown_name_lists_valid_names(
        self, prc: Lifecycle, kwargs: dict[str, Any], kind: str, valid_example: str
    ) -> None:
        """
        Removing or renaming a name that does not exist raises UnknownNameError, whose
        message and ``valid`` list the names that would have been accepted.
        """
        with pytest.raises(UnknownNameError) as info:
            prc.derive("v", **kwargs)
        err = info.value
        assert err.kind == kind
        assert valid_example in err.valid
        assert len(err.valid) > 10
        assert f"valid: {', '.join(err.valid)}" in str(err)
        assert "lifecycle prc-civil-2025" in str(err)


class TestDeriveEdgeCases:
    """
    derive() refuses merging renames, removes single sources, and drops orphaned openings.
    """

    def test_rename_onto_existing_state_is_rejected(self, prc: Lifecycle) -> None:
        with pytest.raises((LifecycleDefinitionError, UnknownNameError)):
            prc.derive("v", rename_states={"refusal_effective": "refusal_appealed"})

    def test_remove_one_source_of_a_multi_source_transition(self, prc: Lifecycle) -> None:
        v = prc.derive(
            "v",
            remove_transitions=[("withdraw_confirmation", "confirmation_review")],
        )
        assert "withdraw_confirmation" in v.triggers_from("confirmation_applied")

    def test_removing_all_parent_states_does_not_create_a_root_opening(
        self, prc: Lifecycle
    ) -> None:
        try:
            v = prc.derive("v", remove_states=["ruling_reversed"])
        except LifecycleDefinitionError:
            return
        assert "register_after_reversal" not in v.triggers
