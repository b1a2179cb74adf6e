"""
Tests of the probability-table outcome policy (``prc.outcome-table``): rows by state or stage,
draws from the given generator, illegal triggers dropped, payloads, validation.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import numpy as np
import pendulum
import pytest

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin import OutcomeTable
from disputeflow.policies.prc import prc_2025
from disputeflow.policies.protocols import DecisionRequest
from support import at, loan

RS25 = prc_2025()


def request(state: str, rng: np.random.Generator | None) -> DecisionRequest:
    """An outcome request with proceeding p1 in ``state``."""
    lc = RS25.lifecycle
    case = d.Engine(lc).open("D-1", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c")
    p = attrs.evolve(case.case.proceeding("p1"), state=state)
    return DecisionRequest("outcome", case.case, p, lc, at(2025, 3, 3), pendulum.Date(2025, 3, 3),
                           RS25.parameters, rng=rng, rule_set="prc-2025")  # fmt: skip


def test_certain_row_always_draws_its_trigger() -> None:
    """A probability of 1 always gives that trigger."""
    table = OutcomeTable(table={"small_claims_trial": {"render_judgment": 1.0}})
    dec = table.decide(request("small_claims_trial", np.random.default_rng(1)))
    assert (dec.outcome, dec.rule, dec.trigger) == ("render_judgment", "drawn", "render_judgment")


def test_draws_follow_the_table_and_the_seed() -> None:
    """Draws follow the probabilities (roughly) and repeat with the same seed."""
    table = OutcomeTable(table={"trial": {"mediate": 0.5, "withdraw": 0.3}})
    draws = [table.decide(request("summary_trial", np.random.default_rng(s))).outcome
             for s in range(400)]  # fmt: skip
    counts = Counter(draws)
    assert set(counts) == {"mediate", "withdraw", "stay"}
    assert counts["mediate"] > counts["withdraw"] > counts["stay"] / 2
    again = [table.decide(request("summary_trial", np.random.default_rng(s))).outcome
             for s in range(400)]  # fmt: skip
    assert draws == again


def test_state_row_wins_over_stage_row() -> None:
    """A row for the exact state is used before the stage's row."""
    table = OutcomeTable(table={"trial": {"withdraw": 1.0}, "summary_trial": {"mediate": 1.0}})
    assert table.decide(request("summary_trial", np.random.default_rng(0))).trigger == "mediate"
    assert table.decide(request("ordinary_trial", np.random.default_rng(0))).trigger == "withdraw"


def test_illegal_trigger_is_dropped() -> None:
    """A trigger the state does not allow is never drawn (the draw becomes 'stay')."""
    table = OutcomeTable(table={"registered": {"render_judgment": 1.0}})
    dec = table.decide(request("registered", np.random.default_rng(0)))
    assert (dec.outcome, dec.trigger) == ("stay", None)


def test_needs_filled_and_payloads() -> None:
    """A drawn trigger's required data comes from payloads or is marked 'simulated'."""
    table = OutcomeTable(table={"complaint_received": {"refuse": 1.0}})
    assert table.decide(request("complaint_received", np.random.default_rng(0))).data == {
        "grounds": "simulated"
    }
    table = OutcomeTable(
        table={"summary_trial": {"offer_prior_mediation": 1.0}},
        payloads={"offer_prior_mediation": {"venue": "v1", "mediator": "m1"}},
    )
    dec = table.decide(request("summary_trial", np.random.default_rng(0)))
    assert dec.data == {"venue": "v1", "mediator": "m1", "consent": True}


def test_no_row_stays() -> None:
    """No row for the state or its stage: no act."""
    dec = OutcomeTable().decide(request("registered", None))
    assert (dec.rule, dec.trigger) == ("no-entry", None)


def test_rng_required() -> None:
    """Drawing without a generator is a typed error naming request.rng."""
    table = OutcomeTable(table={"trial": {"withdraw": 1.0}})
    with pytest.raises(InvalidValueError, match=r"request\.rng"):
        table.decide(request("summary_trial", None))


@pytest.mark.parametrize(
    "table",
    [{"trial": {"withdraw": 1.5}}, {"trial": {"withdraw": 0.6, "mediate": 0.6}},
     {"trial": {"withdraw": True}}, {"trial": "withdraw"}, ["trial"]],
)  # fmt: skip
def test_invalid_tables(table: Any) -> None:
    """Malformed rows are typed errors naming the table."""
    with pytest.raises(InvalidValueError, match=r"prc\.outcome-table\.table"):
        OutcomeTable(table=table)
