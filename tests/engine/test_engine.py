"""
Tests for disputeflow.engine.engine: opening, firing, guards, errors, atomicity, clocks.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

import disputeflow as d
from disputeflow import errors
from disputeflow.engine import PRCCaseNumbering
from disputeflow.lifecycle import Part, ProceedingKind, Transition
from support import Driver, at, loan


class TestOpen:
    def test_open_records_dispute_proceeding_and_clock(self, engine25: d.Engine) -> None:
        """Opening records the dispute, its first proceeding and the filing-decision clock."""
        out = engine25.open("D-1", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        assert [e.type for e in out.events] == ["dispute_opened", "proceeding_opened"]
        assert [e.seq for e in out.events] == [1, 2]
        p = out.case.proceeding("p1")
        assert p.state == "complaint_received"
        assert p.case_number == "(2025)吉0802民初1号"
        assert p.accepted_on is None
        (change,) = out.events[1].clocks
        assert (change.clock, change.action, change.due_on) == (
            "filing_decision",
            "start",
            pendulum.Date(2025, 3, 10),
        )
        assert str(change.period) == "7 days"

    def test_unknown_category_lists_valid(self, engine25: d.Engine) -> None:
        """An unknown category is a typed error naming the valid ones."""
        facts = d.Facts(category="piracy", court="taobei")
        with pytest.raises(errors.UnknownNameError) as exc:
            engine25.open("D-1", facts, "receive_complaint", at=at(2025, 3, 3), actor="c")
        assert "piracy" in str(exc.value)
        assert "private_loan" in exc.value.valid

    def test_naive_datetime_rejected(self, engine25: d.Engine) -> None:
        """A naive datetime is refused with the field named."""
        with pytest.raises(errors.NaiveDatetimeError) as exc:
            engine25.open("D-1", loan(), "receive_complaint", at=dt.datetime(2025, 3, 3), actor="c")
        assert exc.value.field == "at"

    def test_opening_that_needs_a_parent(self, engine25: d.Engine) -> None:
        """An opening that needs a parent cannot open a dispute."""
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            engine25.open("D-1", loan(), "apply_for_execution", at=at(2025, 3, 3), actor="c")
        assert "receive_complaint" in exc.value.allowed

    def test_facts_must_be_facts(self, engine25: d.Engine) -> None:
        """A dict instead of Facts is refused."""
        with pytest.raises(errors.InvalidValueError):
            engine25.open(
                "D-1", {"category": "x"}, "receive_complaint", at=at(2025, 3, 3), actor="c"
            )  # type: ignore[arg-type]


class TestFire:
    def test_not_allowed_names_state_and_valid_triggers(self, registered: Driver) -> None:
        """A trigger not valid now names the state and what would be valid, in both languages."""
        case = registered.case
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            registered.engine.fire(case, "p1", "render_judgment", at=at(2025, 3, 11), actor="j")
        e = exc.value
        assert e.state == "registered"
        assert e.trigger == "render_judgment"
        assert set(e.allowed) == {"assign_small_claims", "assign_summary", "assign_ordinary"}
        assert "registered" in str(e)
        assert "已立案待分流" in e.message("zh")
        assert registered.case is case

    def test_unknown_trigger(self, registered: Driver) -> None:
        """An unknown trigger is a typed error listing the defined ones."""
        with pytest.raises(errors.UnknownNameError) as exc:
            registered.fire("teleport", at(2025, 3, 11))
        assert "register" in exc.value.valid

    def test_stale_sequence_number(self, registered: Driver) -> None:
        """Two clerks on the same case: the second, holding an old seq, gets ConcurrencyError."""
        old = registered.case.seq
        registered.fire("assign_summary", at(2025, 3, 11))
        with pytest.raises(errors.ConcurrencyError) as exc:
            registered.engine.fire(
                registered.case, "p1", "adjourn_hearing", at=at(2025, 3, 12), actor="j",
                expected_seq=old,
            )  # fmt: skip
        assert exc.value.expected_seq == old
        assert exc.value.actual_seq == registered.case.seq

    def test_time_cannot_run_backwards(self, registered: Driver) -> None:
        """An act dated before the last event is refused."""
        with pytest.raises(errors.TimeOrderError):
            registered.fire("assign_summary", at(2025, 3, 9))

    def test_missing_data_names_keys(self, registered: Driver) -> None:
        """A transition's required data must be given; the error names the keys."""
        registered.fire("assign_ordinary", at(2025, 3, 11))
        with pytest.raises(errors.InvalidValueError) as exc:
            registered.fire("extend_time_limit", at(2025, 8, 1))
        assert "approved_by" in str(exc.value)
        assert registered.case.proceeding("p1").count("extend_time_limit") == 0

    def test_one_correction_notice_only(self, engine25: d.Engine) -> None:
        """The correction notice is one-time: a second is blocked with the reason."""
        drv = Driver(engine25, loan(), at(2025, 3, 3))
        drv.fire("issue_correction_notice", at(2025, 3, 3, 15), data={"missing": ["list"]})
        drv.fire("submit_correction", at(2025, 3, 10))
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            drv.fire("issue_correction_notice", at(2025, 3, 11), data={"missing": ["x"]})
        assert "one_correction_notice" in str(exc.value)
        assert "register" in exc.value.allowed

    def test_correction_restarts_filing_decision(self, engine25: d.Engine) -> None:
        """The 7 filing days restart when the corrected materials arrive (CPL Art. 126)."""
        drv = Driver(engine25, loan(), at(2025, 3, 3))
        drv.fire("issue_correction_notice", at(2025, 3, 4), data={"missing": ["list"]})
        drv.fire("submit_correction", at(2025, 3, 12))
        clock = drv.case.proceeding("p1").clock("filing_decision")
        assert clock is not None
        assert clock.started_on == pendulum.Date(2025, 3, 12)
        assert clock.due_on == pendulum.Date(2025, 3, 19)

    def test_file_first_when_decision_period_runs_out(self, engine25: d.Engine) -> None:
        """Undecided after 7 days: advance files first; due date rolls over the weekend."""
        drv = Driver(engine25, loan(), at(2025, 3, 7))  # Friday; +7 = Friday 14th
        out = drv.advance(at(2025, 3, 20))
        assert drv.state() == "registered"
        assert out.events[0].trigger == "file_first"
        assert out.events[0].actor == "system"
        assert out.events[0].at == pendulum.datetime(2025, 3, 15, tz="Asia/Shanghai")
        assert drv.case.proceeding("p1").accepted_on == pendulum.Date(2025, 3, 15)

    def test_rest_day_roll_over_on_opening(self, engine25: d.Engine) -> None:
        """A complaint on 2024-09-24 ends its 7 days on 10-01 (National Day): due 10-08."""
        engine = d.Engine(d.prc_civil_2022())
        out = engine.open("D-9", loan(), "receive_complaint", at=at(2024, 9, 24), actor="c")
        assert out.events[-1].clocks[0].due_on == pendulum.Date(2024, 10, 8)


class TestOpeningChecks:
    def test_open_checks_guards_and_needs(self) -> None:
        """open() runs the opening's guards and required data like fire() does."""
        online = Transition(
            "file_online", (), "complaint_received", guards=("parties_consent",),
            needs=("portal_id",), label_en="File online",
        )  # fmt: skip
        lc = d.prc_civil_2025().derive("online", add=[Part("online", transitions=(online,))])
        engine = d.Engine(lc)
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            engine.open("D-1", loan(), "file_online", at=at(2025, 3, 3), actor="p",
                         data={"portal_id": "x"})  # fmt: skip
        assert "parties_consent" in str(exc.value)
        with pytest.raises(errors.InvalidValueError) as missing:
            engine.open("D-1", loan(), "file_online", at=at(2025, 3, 3), actor="p",
                        data={"consent": True})  # fmt: skip
        assert "portal_id" in str(missing.value)
        out = engine.open("D-1", loan(), "file_online", at=at(2025, 3, 3), actor="p",
                          data={"consent": True, "portal_id": "x"})  # fmt: skip
        assert out.case.proceeding("p1").state == "complaint_received"

    def test_blocked_opening_names_the_parents_state(self, registered: Driver) -> None:
        """An opening refused on a parent names the parent's state, not a pseudo-state."""
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            registered.fire("apply_for_execution", at(2025, 3, 11))
        assert exc.value.state == "registered"
        assert "assign_summary" in exc.value.allowed

    def test_description_uses_the_path_taken(self, registered: Driver) -> None:
        """A summary judgment is not described with the small-claims label."""
        registered.fire("assign_summary", at(2025, 3, 11))
        out = registered.fire("render_judgment", at(2025, 4, 1))
        line = out.describe(registered.engine.lifecycle)[0]
        assert "Render judgment (clerk)" in line
        assert "final on service" not in line


class _CountingNumbering:
    def __init__(self) -> None:
        self.inner = PRCCaseNumbering()
        self.calls = 0

    def assign(self, court: d.Court, kind: ProceedingKind, on: pendulum.Date) -> str:
        self.calls += 1
        return self.inner.assign(court, kind, on)


class TestNothingHalfApplied:
    def test_a_refused_opening_uses_no_case_number(self) -> None:
        """
        A strict calendar refusing a deadline in an unknown year refuses the opening before
        a number is taken from the court's register.
        """
        numbering = _CountingNumbering()
        engine = d.Engine(d.prc_civil_2025(), strict_calendar=True, numbering=numbering)
        with pytest.raises(errors.CalendarYearUnknownError):
            engine.open("D-1", loan(), "receive_complaint", at=at(2099, 3, 2), actor="c")
        assert numbering.calls == 0
        engine.open("D-2", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        assert numbering.calls == 1

    def test_the_recorded_decision_is_a_copy(self) -> None:
        """Changing the caller's decision mapping afterwards leaves the event as recorded."""
        engine = d.Engine(d.prc_civil_2025())
        decision = {"policy": "A", "rule": "r1"}
        out = engine.open(
            "D-1", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c", decision=decision
        )
        later = engine.fire(out.case, "p1", "register", at=at(2025, 3, 4), actor="c",
                            decision=decision)  # fmt: skip
        decision["policy"] = "changed"
        assert out.events[1].decision == {"policy": "A", "rule": "r1"}
        assert later.events[0].decision == {"policy": "A", "rule": "r1"}


class TestGivenCaseNumbers:
    def test_a_number_naming_another_proceeding_is_refused(self, registered: Driver) -> None:
        """
        Proceedings are found by id or case number, so a given case number may not be
        another proceeding's number or id, nor look like a proceeding id to come.
        """
        case = registered.case
        p1 = case.proceeding("p1")
        for number in (p1.case_number, "p1", "p7"):
            with pytest.raises(errors.InvalidValueError) as exc:
                registered.engine.fire(case, None, "receive_complaint", at=at(2025, 3, 11),
                                       actor="c", data={"case_number": number})  # fmt: skip
            assert "case_number" in str(exc.value)
        out = registered.engine.fire(case, None, "receive_complaint", at=at(2025, 3, 11),
                                     actor="c", data={"case_number": "p2"})  # fmt: skip
        assert out.case.proceeding("p2").case_number == "p2"
        out = registered.engine.fire(case, None, "receive_complaint", at=at(2025, 3, 11),
                                     actor="c", data={"case_number": "X-9"})  # fmt: skip
        assert out.case.proceeding("X-9").id == "p2"


class TestInjectedClock:
    def test_at_from_the_engine_clock(self) -> None:
        """With a clock, `at` may be omitted; without one it is required."""
        from disputeflow.time.clock import ManualClock

        clock = ManualClock(at(2025, 3, 3))
        engine = d.Engine(d.prc_civil_2025(), clock=clock)
        out = engine.open("D-1", loan(), "receive_complaint", actor="clerk")
        assert out.events[0].at == at(2025, 3, 3)
        clock.advance(days=8)
        later = engine.advance(out.case)
        assert later.events[0].trigger == "file_first"
        with pytest.raises(errors.InvalidValueError) as exc:
            d.Engine(d.prc_civil_2025()).open("D-2", loan(), "receive_complaint", actor="c")
        assert exc.value.field == "at"
