"""
Tests for disputeflow.events (facts, case, fold): facts validation, the fold, replay and its errors.
"""

from __future__ import annotations

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow import errors
from disputeflow.events import ClockRecord
from disputeflow.events.event import ClockChange
from disputeflow.events.fold import apply_clock_change
from disputeflow.time.periods import Period
from support import Driver, at, loan


@pytest.fixture
def walked() -> Driver:
    engine = d.Engine(d.prc_civil_2025())
    drv = Driver(engine, loan(), at(2025, 3, 10))
    drv.fire("register", at(2025, 3, 10))
    drv.fire("assign_summary", at(2025, 3, 11))
    drv.fire("suspend_proceedings", at(2025, 3, 20), data={"grounds": "g"})
    return drv


class TestFacts:
    def test_bad_party_role(self) -> None:
        """A party role outside the list is refused, naming the field and valid roles."""
        with pytest.raises(errors.InvalidValueError) as exc:
            d.Party("X", "judge")
        assert exc.value.field == "party.role"
        assert "plaintiff" in exc.value.expected

    def test_claim_amount_converted_and_checked(self) -> None:
        """Amounts become Decimals; nonsense is refused."""
        assert str(d.Facts(category="x", court="c", claim_amount=38000.5).claim_amount) == "38000.5"
        with pytest.raises(errors.InvalidValueError):
            d.Facts(category="x", court="c", claim_amount="lots")
        with pytest.raises(errors.InvalidValueError):
            d.Facts(category="x", court="c", claim_amount=True)

    def test_parties_must_be_parties(self) -> None:
        """A dict in place of a Party names its index."""
        with pytest.raises(errors.InvalidValueError) as exc:
            d.Facts(category="x", court="c", parties=({"name": "A"},))  # type: ignore[arg-type]
        assert exc.value.field == "facts.parties[0]"

    def test_round_trip_through_dict(self) -> None:
        """to_dict / from_dict is exact."""
        facts = loan(foreign_related=True)
        assert d.Facts.from_dict(facts.to_dict()) == facts
        with pytest.raises(errors.InvalidValueError):
            d.Facts.from_dict({"court": "c"})

    def test_find_is_proceeding_without_the_error(self, walked: Driver) -> None:
        """Case.find answers what Case.proceeding does, and None where it raises."""
        case = walked.case
        p1 = case.proceeding("p1")
        assert case.find("p1") is p1
        assert case.find(p1.case_number) is p1
        assert case.find("p9") is None
        with pytest.raises(errors.UnknownNameError):
            case.proceeding("p9")

    def test_party_round_trip_through_dict(self) -> None:
        """Party.to_dict holds every field, and Party(**d) gives the party back."""
        party = d.Party("Acme Ltd", "defendant", "organisation", domicile_in_prc=False)
        data = party.to_dict()
        assert list(data) == [f.name for f in attrs.fields(d.Party)]
        assert d.Party(**data) == party


class TestReplay:
    def test_replay_equals_live(self, walked: Driver) -> None:
        """The fold of the log is the live case, suspended clock included."""
        case = d.replay(walked.log, walked.engine.lifecycle)
        assert case == walked.case
        clock = case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.suspended

    def test_empty_log(self) -> None:
        """An empty log cannot be replayed."""
        with pytest.raises(errors.ReplayError):
            d.replay([], d.prc_civil_2025())

    def test_gap_in_sequence(self, walked: Driver) -> None:
        """A missing event is named by its sequence number."""
        log = [e for e in walked.log if e.seq != 3]
        with pytest.raises(errors.ReplayError) as exc:
            d.replay(log, walked.engine.lifecycle)
        assert exc.value.seq == 4

    def test_mixed_disputes(self, walked: Driver) -> None:
        """Events of another dispute are refused."""
        other = attrs.evolve(walked.log[-1], dispute_id="OTHER")
        with pytest.raises(errors.ReplayError) as exc:
            d.replay([*walked.log[:-1], other], walked.engine.lifecycle)
        assert "mixes disputes" in str(exc.value)

    def test_log_that_does_not_fit_the_definition(self, walked: Driver) -> None:
        """A transition the lifecycle does not have is refused, naming it."""
        bad = attrs.evolve(walked.log[-1], trigger="teleport")
        with pytest.raises(errors.ReplayError) as exc:
            d.replay([*walked.log[:-1], bad], walked.engine.lifecycle)
        assert "teleport" in str(exc.value)

    def test_state_mismatch(self, walked: Driver) -> None:
        """An event leaving a state the proceeding is not in is refused."""
        bad = attrs.evolve(walked.log[-1], from_state="registered")
        with pytest.raises(errors.ReplayError) as exc:
            d.replay([*walked.log[:-1], bad], walked.engine.lifecycle)
        assert "summary_trial" in str(exc.value)

    def test_replay_under_the_other_regime_fails_clearly(self, engine22: d.Engine) -> None:
        """A 2022 pre-filing mediation log does not fit the 2025 definition."""
        drv = Driver(engine22, loan(), at(2024, 5, 6))
        drv.fire("divert_to_pre_filing_mediation", at(2024, 5, 6), data={"consent": True})
        with pytest.raises(errors.ReplayError):
            d.replay(drv.log, d.prc_civil_2025())

    def test_unknown_proceeding(self, walked: Driver) -> None:
        """Case.proceeding names the valid ids."""
        with pytest.raises(errors.UnknownNameError) as exc:
            walked.case.proceeding("p9")
        assert exc.value.valid == ("p1",)


class TestClockChanges:
    def test_resume_closes_interval(self) -> None:
        """Suspend then resume records one closed excluded interval."""
        rec = ClockRecord(
            "c", pendulum.Date(2025, 1, 1), Period.days(30), pendulum.Date(2025, 1, 31)
        )
        on = pendulum.Date(2025, 1, 10)
        rec = apply_clock_change(rec, ClockChange("c", "suspend", rec.due_on), on, "why")
        assert rec.suspended
        rec = apply_clock_change(
            rec, ClockChange("c", "resume", pendulum.Date(2025, 2, 5)), pendulum.Date(2025, 1, 15)
        )
        assert not rec.suspended
        assert rec.excluded[0].days(pendulum.Date(2025, 3, 1)) == 5
        assert rec.due_on == pendulum.Date(2025, 2, 5)

    def test_change_without_started_clock(self) -> None:
        """Stopping a clock that never started is refused."""
        with pytest.raises(errors.InvalidValueError):
            apply_clock_change(
                None, ClockChange("c", "stop", pendulum.Date(2025, 1, 1)), pendulum.Date(2025, 1, 1)
            )

    def test_unknown_action(self) -> None:
        """An unknown clock action names the valid ones."""
        rec = ClockRecord(
            "c", pendulum.Date(2025, 1, 1), Period.days(30), pendulum.Date(2025, 1, 31)
        )
        with pytest.raises(errors.InvalidValueError) as exc:
            apply_clock_change(
                rec,
                ClockChange("c", "pause", rec.due_on, Period.days(1)),
                pendulum.Date(2025, 1, 2),
            )
        assert "retime" in str(exc.value)
