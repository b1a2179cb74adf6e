"""
Tests of petition routing (``prc.petition-router``, 诉访分离): each complaint into its legal
channel, closure when remedies are exhausted, an answer otherwise.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin import DEFAULT_CHANNELS, PetitionRouting
from disputeflow.policies.prc import default_rule_sets, prc_2025
from disputeflow.policies.protocols import DecisionRequest
from support import at

RS25 = prc_2025()
FACTS = d.Facts(category="private_loan", court="taobei",
                parties=(d.Party("Wang", "petitioner"),))  # fmt: skip


def request(
    state: str = "petition_registered", data: dict[str, Any] | None = None
) -> DecisionRequest:
    """A petition request with proceeding p1 in ``state``."""
    lc = RS25.lifecycle
    case = d.Engine(lc).open("D-1", FACTS, "file_petition", at=at(2025, 3, 3), actor="p").case
    p = attrs.evolve(case.proceeding("p1"), state=state)
    return DecisionRequest("petition", case, p, lc, at(2025, 3, 3), pendulum.Date(2025, 3, 3),
                           RS25.parameters, data=data or {}, rule_set="prc-2025")  # fmt: skip


@pytest.mark.parametrize(
    ("complaint", "channel"),
    [
        ("disagrees_with_judgment", "retrial_petition"),
        ("execution_act", "execution_objection"),
        ("objection_ruling", "reconsideration"),
        ("third_party_claim", "third_party_objection"),
        ("no_execution_six_months", "higher_court_execution"),
        ("filing_refused", "refusal_appeal"),
    ],
)
def test_complaint_routed_to_its_channel(complaint: str, channel: str) -> None:
    """Each complaint of DOMAIN 1.8 goes into its legal channel, with a legal basis."""
    dec = PetitionRouting().decide(request(data={"complaint": complaint}))
    assert (dec.rule, dec.trigger, dec.data) == ("channel", "route_petition", {"channel": channel})
    assert len(dec.legal_basis) == 2


def test_filing_refused_without_ruling_goes_to_higher_court() -> None:
    """With no written ruling to appeal, the channel is a complaint to the higher court."""
    dec = PetitionRouting().decide(
        request(data={"complaint": "filing_refused", "ruling_issued": False})
    )
    assert dec.data == {"channel": "higher_court_complaint"}


def test_remedies_exhausted_concludes() -> None:
    """When legal remedies are exhausted the petition is closed (依法终结)."""
    dec = PetitionRouting().decide(
        request(data={"complaint": "disagrees_with_judgment", "remedies_exhausted": True})
    )
    assert (dec.trigger, dec.data) == ("conclude_petition", {"remedies_exhausted": True})
    assert "依法终结" in dec.why("zh")


@pytest.mark.parametrize("data", [{}, {"complaint": "noise from the neighbours"}])
def test_no_legal_channel_is_answered(data: dict[str, Any]) -> None:
    """A petition with no legal channel is answered."""
    dec = PetitionRouting().decide(request(data=data))
    assert (dec.rule, dec.trigger) == ("no-legal-channel", "answer_petition")


def test_received_petition_is_registered_first() -> None:
    """A petition just received is registered."""
    assert PetitionRouting().decide(request("petition_received")).trigger == "register_petition"


def test_closed_petition_needs_nothing() -> None:
    """A routed petition has nothing left to decide."""
    dec = PetitionRouting().decide(request("petition_routed", {"complaint": "execution_act"}))
    assert (dec.rule, dec.trigger) == ("not-a-petition", None)


def test_custom_channels_and_validation() -> None:
    """Channels are a parameter; an unknown channel is a typed error naming the key."""
    policy = PetitionRouting(channels={**DEFAULT_CHANNELS, "asset_hidden": "execution_objection"})
    dec = policy.decide(request(data={"complaint": "asset_hidden"}))
    assert dec.data == {"channel": "execution_objection"}
    with pytest.raises(InvalidValueError, match=r"channels\.x"):
        PetitionRouting(channels={"x": "television"})


def test_routing_through_jurisdiction() -> None:
    """Register then route through the jurisdiction: the channel is recorded."""
    j = Jurisdiction(default_rule_sets())
    case = j.open("D-1", FACTS, "file_petition", at=at(2025, 3, 3), actor="p").case
    case = j.act(case, "p1", "petition", at=at(2025, 3, 4), actor="clerk").case
    out = j.act(case, "p1", "petition", at=at(2025, 3, 5), actor="clerk",
                data={"complaint": "execution_act"})  # fmt: skip
    p = out.case.proceeding("p1")
    assert p.state == "petition_routed"
    assert p.attribute("channel") == "execution_objection"
    assert out.events[-1].rule_set == "prc-2025"
