"""
Property tests: every decision of every built-in policy, for random facts, states, act data
and rosters, names either no act or a trigger the lifecycle allows from the proceeding's state
(checked by the chain and here); and a random walk of decided acts through the Jurisdiction
fires every decided trigger without a guard refusing it, on both sides of 2025-01-01.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.stages.trial import SMALL_CLAIMS_EXCLUSIONS
from disputeflow.policies.builtin import OutcomeTable
from disputeflow.policies.chain import PolicyChain, legal_triggers
from disputeflow.policies.prc import default_rule_sets, prc_2024, prc_2025
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from support import at

RULE_SETS = (prc_2024(policies={"prc.vexatious-filer": {"filers": ["Wang"]}}),
             prc_2025(policies={"prc.vexatious-filer": {"filers": ["Wang"]}}))  # fmt: skip
ENGINES = {rs.id: d.Engine(rs.lifecycle) for rs in RULE_SETS}
CATEGORIES = tuple(c.id for c in RULE_SETS[1].lifecycle.categories)
VENUE_KINDS = ("court_roster", "peoples_mediation", "industry", "grid", "online",
               "government_court")  # fmt: skip


def _outcome_chain(rule_set: Any) -> PolicyChain:
    lc = rule_set.lifecycle
    table = {}
    for s in lc.states:
        names = lc.triggers_from(s.name)
        if names:
            table[s.name] = {t: 1.0 / (len(names) + 1) for t in names}
    return PolicyChain("outcome", OutcomeTable(table=table))


OUTCOME = {rs.id: _outcome_chain(rs) for rs in RULE_SETS}

parties = st.lists(
    st.builds(
        d.Party,
        name=st.sampled_from(["Wang", "Zhao", "Bureau", "Li"]),
        role=st.sampled_from(["plaintiff", "defendant", "applicant", "petitioner"]),
        kind=st.sampled_from(["person", "organisation", "government"]),
    ),
    min_size=1,
    max_size=3,
)
attributes = st.dictionaries(
    st.sampled_from([*SMALL_CLAIMS_EXCLUSIONS, "arbitral_award", "simple", "complex",
                     "small_claims_agreed", "claim", "arbitration_refused"]),
    st.booleans(),
    max_size=4,
)  # fmt: skip
facts = st.builds(
    d.Facts,
    category=st.sampled_from(CATEGORIES),
    court=st.just("taobei"),
    region=st.sampled_from(["taobei", "taonan", ""]),
    claim_amount=st.one_of(st.none(), st.integers(0, 200000)),
    parties=parties,
    attributes=attributes,
)
mediators = st.lists(
    st.builds(
        Mediator,
        id=st.sampled_from(["m1", "m2", "m3"]),
        specialties=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
        capacity=st.integers(0, 3),
        load=st.integers(0, 3),
    ),
    max_size=3,
    unique_by=lambda m: m.id,
)
venues = st.lists(
    st.builds(
        Venue,
        id=st.sampled_from(["v1", "v2", "v3"]),
        kind=st.sampled_from(VENUE_KINDS),
        region=st.sampled_from(["", "taobei", "taonan"]),
        categories=st.frozensets(st.sampled_from(CATEGORIES), max_size=3),
        capacity=st.integers(0, 5),
        load=st.integers(0, 5),
        mediators=mediators,
    ),
    max_size=3,
    unique_by=lambda v: v.id,
)
act_data = st.fixed_dictionaries(
    {},
    optional={
        "consent": st.sampled_from([True, True, False, None]),
        "missing": st.lists(st.sampled_from(["ID copy", "evidence list"]), max_size=2),
        "grounds": st.lists(st.sampled_from(["no_defendant", "res_judicata", "other"]),
                            max_size=1),
        "period_expired": st.booleans(),
        "duplicate_of": st.sampled_from(["", "X-1"]),
        "complaint": st.sampled_from(["execution_act", "filing_refused", "third_party_claim",
                                      "disagrees_with_judgment", "other"]),
        "remedies_exhausted": st.booleans(),
        "ruling_issued": st.booleans(),
        "reassign": st.booleans(),
        "counterclaim": st.booleans(),
        "complex": st.booleans(),
        "convert_to": st.sampled_from(["summary", "ordinary"]),
        "venue": st.sampled_from(["v1", "v2"]),
    },
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rs_index=st.integers(0, 1),
    f=facts,
    state_index=st.integers(0, 10_000),
    data=act_data,
    roster=venues,
    fired=st.lists(st.sampled_from(["issue_correction_notice", "extend_mediation",
                                    "extend_prior_mediation"]), max_size=2),
    seed=st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_every_decision_is_a_legal_transition(
    rs_index: int,
    f: d.Facts,
    state_index: int,
    data: dict[str, Any],
    roster: list[Venue],
    fired: list[str],
    seed: int,
) -> None:
    """For any state and facts, every built-in decides no act or a trigger legal from there."""
    rs = RULE_SETS[rs_index]
    lc = rs.lifecycle
    state = lc.states[state_index % len(lc.states)]
    case = ENGINES[rs.id].open("D-1", f, "receive_complaint", at=at(2024, 12, 1), actor="c").case
    p = attrs.evolve(case.proceeding("p1"), state=state.name, kind=state.kind,
                     fired=("receive_complaint", *fired))  # fmt: skip
    for point in rs.points:
        chain = OUTCOME[rs.id] if point == "outcome" else rs.chain(point)
        request = DecisionRequest(
            point, case, p, lc, at(2025, 3, 3), pendulum.Date(2025, 3, 3), rs.parameters,
            data=data, roster=tuple(roster), rng=np.random.default_rng(seed), rule_set=rs.id,
        )  # fmt: skip
        wanted = data.get("convert_to")
        if (
            point == "track"
            and wanted is not None
            and state.name in ("small_claims_trial", "summary_trial")
            and f"convert_to_{wanted}" not in legal_triggers(request)
        ):
            # A requested conversion the state does not allow is refused, naming the field.
            with pytest.raises(InvalidValueError, match=r"data\.convert_to"):
                chain.decide(request)
            continue
        decision = chain.decide(request)
        assert decision.point == point
        assert decision.trigger is None or decision.trigger in legal_triggers(request)
        assert decision.reasons
        assert decision.rule
        assert decision.consulted[-1].policy == chain.default.id or any(
            c.verdict == "decided" for c in decision.consulted
        )


POINTS = ("front_end", "filing", "track", "mediator", "mediation_extension", "petition")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    f=facts,
    start=st.sampled_from([pendulum.Date(2024, 12, 20), pendulum.Date(2024, 12, 30),
                           pendulum.Date(2025, 1, 1), pendulum.Date(2025, 3, 3)]),
    steps=st.lists(st.tuples(st.integers(0, len(POINTS) - 1), act_data), min_size=1,
                   max_size=8),
    roster=venues,
    pin=st.booleans(),
)  # fmt: skip
def test_decided_acts_fire_through_the_jurisdiction(
    f: d.Facts,
    start: pendulum.Date,
    steps: list[tuple[int, dict[str, Any]]],
    roster: list[Venue],
    pin: bool,
) -> None:
    """A random walk of decided acts fires every decided trigger (guards agree), records the
    whole decision in the act's event, and stamps every event with the governing rule set.

    At each step the points are asked in a rotated order and the first decision that acts is
    carried out (else the last decision not to act is recorded), so the walk moves on.
    """
    # One roomy venue with a generalist, so that diversion and assignment happen often.
    roomy = Venue("roomy", "court_roster", capacity=99, mediators=(Mediator("g", capacity=99),))
    j = Jurisdiction(default_rule_sets(pin_open_pre_filing_mediation=pin), roster=[*roster, roomy])
    when = at(start.year, start.month, start.day)
    out = j.open("D-1", f, "receive_complaint", at=when, actor="clerk")
    case, events = out.case, list(out.events)
    for rotation, raw in steps:
        # Requested conversions are tested in test_builtin_triage (they may be refused).
        data = {k: v for k, v in raw.items() if k != "convert_to"}
        open_ = case.open_proceedings
        if not open_:
            break
        p = open_[rotation % len(open_)]
        when = when.add(days=1)
        order = POINTS[rotation:] + POINTS[:rotation]
        decision = None
        for point in order:
            decision = j.decide(case, p.id, point, at=when, data=data)
            if decision.trigger is not None:
                break
        assert decision is not None
        out = j.apply(case, p.id, decision, at=when, actor="court", data=data)
        first = out.events[0]
        assert first.decision == decision.to_record()
        if decision.trigger is None:
            assert first.type == "decision_recorded"
            assert out.transition is None
        else:
            assert (first.trigger, first.proceeding_id) == (decision.trigger, p.id)
            assert out.transition is not None
        event(f"{decision.point} -> {decision.trigger}")
        case = out.case
        events += out.events
    for e in events:
        assert e.rule_set in ("prc-2024", "prc-2025")
        if e.on is not None and e.on.year == 2024:
            assert e.rule_set == "prc-2024"
    assert j.replay(events) == case
