"""
Tests of mediator assignment (``prc.mediator-load``) and mediation extensions
(``prc.mediation-extension``): specialty, load, capacity, consent and the extension limit.
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin import MediationExtension, MediatorByLoad, pick_mediator
from disputeflow.policies.prc import prc_2024, prc_2025
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from support import at

RS24, RS25 = prc_2024(), prc_2025()

FACTS = d.Facts(
    category="medical_damage",
    court="taobei",
    region="taobei",
    claim_amount=50000,
    parties=(d.Party("Li", "plaintiff"), d.Party("Hospital", "defendant", kind="organisation")),
)

SPECIALIST = Mediator("doc", specialties={"medical_damage"}, capacity=3, load=2)
GENERALIST = Mediator("gen", capacity=3, load=0)
OTHER = Mediator("traffic", specialties={"traffic_accident"}, capacity=3, load=0)
VENUE = Venue("med", "industry", capacity=10, mediators=(GENERALIST, SPECIALIST, OTHER))


def request(
    point: str,
    state: str,
    *,
    rule_set: Any = RS24,
    data: dict[str, Any] | None = None,
    roster: tuple[Venue, ...] = (VENUE,),
    fired: tuple[str, ...] = (),
    attributes: dict[str, Any] | None = None,
) -> DecisionRequest:
    """A request for proceeding p1 put in ``state`` with the given path."""
    lc = rule_set.lifecycle
    case = d.Engine(lc).open("D-1", FACTS, "receive_complaint", at=at(2024, 6, 3), actor="c")
    p = attrs.evolve(
        case.case.proceeding("p1"),
        state=state,
        fired=fired,
        attributes=tuple(sorted((attributes or {}).items())),
    )
    return DecisionRequest(
        point,
        case.case,
        p,
        lc,
        at(2024, 6, 3),
        pendulum.Date(2024, 6, 3),
        rule_set.parameters,
        data=data or {},
        roster=roster,
        rule_set=rule_set.id,
    )


class TestPickMediator:
    def test_specialist_before_generalist(self) -> None:
        """A specialist in the category wins over a less loaded generalist."""
        assert pick_mediator(VENUE, "medical_damage") == (SPECIALIST, "specialty")

    def test_lowest_load_among_equals(self) -> None:
        """Among specialists the lowest load wins."""
        busy = attrs.evolve(SPECIALIST, id="busy", load=1)
        idle = attrs.evolve(SPECIALIST, id="idle", load=0)
        venue = attrs.evolve(VENUE, mediators=(busy, idle))
        assert pick_mediator(venue, "medical_damage")[0] == idle

    def test_full_specialist_falls_back_to_generalist(self) -> None:
        """A specialist at capacity is skipped; a generalist takes the case."""
        venue = attrs.evolve(VENUE, mediators=(attrs.evolve(SPECIALIST, load=3), GENERALIST))
        assert pick_mediator(venue, "medical_damage") == (GENERALIST, "generalist")

    def test_no_generalists_when_disallowed(self) -> None:
        """With generalists off and no specialist free, nobody is picked, with a reason."""
        venue = attrs.evolve(VENUE, mediators=(GENERALIST, OTHER))
        mediator, why = pick_mediator(venue, "medical_damage", generalists=False)
        assert mediator is None
        assert "qualified" in why

    def test_everyone_full(self) -> None:
        """A venue whose mediators are all at capacity yields none."""
        venue = attrs.evolve(VENUE, mediators=(attrs.evolve(GENERALIST, load=3),))
        assert pick_mediator(venue, "family") == (
            None,
            "every mediator of venue med is at capacity",
        )
        assert pick_mediator(attrs.evolve(VENUE, mediators=()), "x")[0] is None


class TestMediatorByLoad:
    def test_assigns_in_pre_filing_mediation(self) -> None:
        """A mediation waiting for a mediator gets the specialist with venue data."""
        dec = MediatorByLoad().decide(request("mediator", "mediation_received"))
        assert dec.trigger == "assign_mediator"
        assert dec.data == {"venue": "med", "venue_kind": "industry", "mediator": "doc"}
        assert "lowest load" in dec.why()
        assert dec.why().endswith("mediation period 30 days")

    def test_requested_venue_is_used(self) -> None:
        """The act's venue is preferred when it is on the roster and has room."""
        other = Venue("other", "court_roster", capacity=5, mediators=(GENERALIST,))
        req = request("mediator", "mediation_received", data={"venue": "other"},
                      roster=(VENUE, other))  # fmt: skip
        assert MediatorByLoad().decide(req).data["venue"] == "other"

    def test_full_venue_is_skipped(self) -> None:
        """A venue at capacity is not used."""
        full = attrs.evolve(VENUE, load=10)
        other = Venue("other", "court_roster", capacity=5, mediators=(GENERALIST,))
        req = request("mediator", "mediation_received", roster=(full, other))
        assert MediatorByLoad().decide(req).data["venue"] == "other"

    def test_nobody_free_waits(self) -> None:
        """No free mediator anywhere: no act, with the reason."""
        busy = attrs.evolve(VENUE, mediators=(attrs.evolve(SPECIALIST, load=3),))
        dec = MediatorByLoad(generalists=False).decide(
            request("mediator", "mediation_received", roster=(busy,))
        )
        assert (dec.outcome, dec.rule, dec.trigger) == ("wait", "no-mediator-free", None)
        assert "capacity" in dec.why()

    def test_reassign_excludes_the_current_mediator(self) -> None:
        """Reassignment (reassign=True) picks someone other than the current mediator."""
        req = request("mediator", "mediating", data={"reassign": True},
                      attributes={"venue": "med", "mediator": "doc"})  # fmt: skip
        dec = MediatorByLoad().decide(req)
        assert dec.trigger == "reassign_mediator"
        assert dec.data["mediator"] == "gen"

    def test_mediating_without_reassign_does_nothing(self) -> None:
        """Without reassign=True a running mediation keeps its mediator."""
        dec = MediatorByLoad().decide(request("mediator", "mediating"))
        assert (dec.rule, dec.trigger) == ("nothing-to-assign", None)

    def test_generalists_parameter_is_validated(self) -> None:
        """generalists must be a bool; the error names the field."""
        with pytest.raises(InvalidValueError, match=r"prc\.mediator-load\.generalists"):
            MediatorByLoad(generalists=1)  # type: ignore[arg-type]


class TestMediationExtension:
    def test_pre_filing_extension_with_consent(self) -> None:
        """prc-2024 pre-filing mediation: both parties consent -> extend_mediation (+30 days)."""
        dec = MediationExtension().decide(
            request("mediation_extension", "mediating", data={"consent": True})
        )
        assert dec.trigger == "extend_mediation"
        assert dec.data == {"consent": True}
        assert "30" in dec.why()

    def test_prior_mediation_extension_is_excluded_from_trial_limit(self) -> None:
        """prc-2025 prior mediation: extend_prior_mediation, excluded from the trial limit."""
        req = request("mediation_extension", "summary_prior_mediation", rule_set=RS25,
                      data={"consent": True})  # fmt: skip
        dec = MediationExtension().decide(req)
        assert dec.trigger == "extend_prior_mediation"
        assert "excluded from the trial time limit" in dec.why()

    @pytest.mark.parametrize("data", [{}, {"consent": False}])
    def test_consent_refused(self, data: dict[str, Any]) -> None:
        """Without both parties' consent there is no extension."""
        dec = MediationExtension().decide(request("mediation_extension", "mediating", data=data))
        assert (dec.rule, dec.trigger) == ("consent-refused", None)

    def test_limit_reached(self) -> None:
        """After the allowed extension (1, parameter) no more are granted."""
        req = request("mediation_extension", "mediating", data={"consent": True},
                      fired=("assign_mediator", "extend_mediation"))  # fmt: skip
        dec = MediationExtension().decide(req)
        assert (dec.rule, dec.trigger) == ("limit-reached", None)
        # Never beyond the lifecycle's own limit, which its guard enforces (issue 3 review).
        assert MediationExtension(max_extensions=2).decide(req).rule == "limit-reached"

    def test_entrusted_mediation_has_no_extension(self) -> None:
        """Outside pre-filing or prior mediation nothing is extended."""
        dec = MediationExtension().decide(
            request("mediation_extension", "summary_entrusted_mediation", data={"consent": True})
        )
        assert (dec.rule, dec.trigger) == ("not-mediating", None)

    @pytest.mark.parametrize("bad", [-1, "2", True])
    def test_max_extensions_validated(self, bad: Any) -> None:
        """max_extensions must be a whole number >= 0."""
        with pytest.raises(InvalidValueError, match="max_extensions"):
            MediationExtension(max_extensions=bad)
