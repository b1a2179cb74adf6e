"""
Tests for disputeflow.engine.engine along the legal paths of DOMAIN.md section 1: tracks,
appeal windows, second instance, remand, extensions, exclusions, both mediation regimes,
execution and 终本, petitions, corrections and citations.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pendulum
import pytest

import disputeflow as d
from disputeflow import errors
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.time.calendars import HolidayCalendar
from support import Driver, at, loan


def _served(registered: Driver, track: str = "summary") -> Driver:
    registered.fire(f"assign_{track}", at(2025, 3, 11))
    registered.fire("render_judgment", at(2024 + 1, 5, 30))  # Friday
    return registered


class TestTracks:
    def test_small_claims_retimes_limit_and_is_final(self, registered: Driver) -> None:
        """Small claims: 2 months from filing; the judgment is effective on service."""
        registered.fire("assign_small_claims", at(2025, 3, 11))
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.period == d.lifecycle("prc-civil-2025").parameters.value(
            "period.trial.small_claims", pendulum.Date(2025, 3, 11)
        )
        assert clock.due_on == pendulum.Date(2025, 5, 12)  # 05-10 is a Saturday
        registered.fire("render_judgment", at(2025, 4, 1))
        p = registered.case.proceeding("p1")
        assert p.state == "judgment_effective"
        assert p.closing_kind == "judgment"
        assert p.closed_on == pendulum.Date(2025, 4, 1)

    def test_small_claims_exclusions(self, engine25: d.Engine) -> None:
        """Counterclaims and non-monetary categories cannot go to small claims."""
        drv = Driver(engine25, loan(counterclaim=True), at(2025, 3, 10))
        drv.fire("register", at(2025, 3, 10, 10))
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            drv.fire("assign_small_claims", at(2025, 3, 11))
        assert "counterclaim" in str(exc.value)
        family = d.Facts(category="family", court="taobei")
        out = engine25.open("D-2", family, "receive_complaint", at=at(2025, 3, 10), actor="c")
        out = engine25.fire(out.case, "p1", "register", at=at(2025, 3, 10), actor="c")
        actions = {a.trigger: a for a in engine25.allowed(out.case, "p1")}
        assert not actions["assign_small_claims"].allowed
        assert "not a simple monetary claim" in actions["assign_small_claims"].reasons[0][1]
        assert actions["assign_summary"].allowed

    def test_conversion_keeps_start_and_changes_period(self, registered: Driver) -> None:
        """Conversion keeps the limit running from filing with the new track's period."""
        registered.fire("assign_small_claims", at(2025, 3, 11))
        registered.fire("convert_to_ordinary", at(2025, 4, 1), data={"grounds": "complex"})
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.started_on == pendulum.Date(2025, 3, 10)
        assert clock.due_on == pendulum.Date(2025, 9, 10)

    def test_adjournment_limits(self, registered: Driver) -> None:
        """Summary: one adjournment; the second is blocked citing the limit."""
        registered.fire("assign_summary", at(2025, 3, 11))
        registered.fire("adjourn_hearing", at(2025, 3, 20))
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            registered.fire("adjourn_hearing", at(2025, 4, 20))
        assert "limit is 1" in str(exc.value)

    def test_extensions_president_then_higher_court(self, registered: Driver) -> None:
        """Ordinary: +6 months once by the president; further only with the higher court."""
        registered.fire("assign_ordinary", at(2025, 3, 11))
        acts = {a.trigger: a for a in registered.engine.allowed(registered.case, "p1")}
        assert not acts["extend_with_higher_court_approval"].allowed
        registered.fire("extend_time_limit", at(2025, 8, 1), data={"approved_by": "president"})
        with pytest.raises(errors.TriggerNotAllowedError):
            registered.fire("extend_time_limit", at(2025, 8, 2), data={"approved_by": "p"})
        registered.fire(
            "extend_with_higher_court_approval", at(2026, 2, 1), data={"approved_by": "high"}
        )
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2026, 6, 10)  # 6 + 6 + 3 months from 2025-03-10

    def test_suspension_is_excluded_from_the_limit(self, registered: Driver) -> None:
        """Days suspended push the due date back day for day; deadlines() shows suspended."""
        registered.fire("assign_summary", at(2025, 3, 11))
        registered.fire("suspend_proceedings", at(2025, 4, 1), data={"grounds": "party died"})
        view = registered.engine.deadlines(registered.case, at(2025, 4, 11))[0].view
        assert view.suspended
        registered.fire("resume_proceedings", at(2025, 4, 21))
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 6, 30)  # 06-10 + 20 days
        assert registered.state() == "summary_trial"

    def test_excluded_period_for_appraisal(self, registered: Driver) -> None:
        """An appraisal interval (审限扣除) is excluded without leaving the trial state."""
        registered.fire("assign_ordinary", at(2025, 3, 11))
        registered.fire("start_excluded_period", at(2025, 4, 1), data={"reason": "appraisal"})
        with pytest.raises(errors.TriggerNotAllowedError):
            registered.fire("start_excluded_period", at(2025, 4, 2), data={"reason": "again"})
        registered.fire("end_excluded_period", at(2025, 5, 1))
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 10, 10)
        assert registered.state() == "ordinary_trial"


class TestAppeal:
    def test_window_runs_out_and_judgment_takes_effect(self, registered: Driver) -> None:
        """15 days from service; no appeal: effective the next day (advance)."""
        _served(registered)
        clock = registered.case.proceeding("p1").clock("appeal_window")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 6, 16)  # 06-14 Saturday
        registered.advance(at(2025, 6, 16, 23))
        assert registered.state() == "judgment_served"
        registered.advance(at(2025, 6, 17, 10))
        assert registered.state() == "judgment_effective"

    def test_domestic_window_worked_example(self, engine22: d.Engine) -> None:
        """DOMAIN.md 3: served 2024-03-01, 15 days -> Saturday 03-16 -> Monday 03-18."""
        drv = Driver(engine22, loan(), at(2024, 1, 5))
        drv.fire("register", at(2024, 1, 5))
        drv.fire("assign_summary", at(2024, 1, 8))
        drv.fire("render_judgment", at(2024, 3, 1))
        clock = drv.case.proceeding("p1").clock("appeal_window")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2024, 3, 18)

    def test_party_without_domicile_gets_30_days(self, engine25: d.Engine) -> None:
        """A party without PRC domicile: 30 days to appeal."""
        facts = d.Facts(
            category="sale_contract",
            court="taobei",
            parties=(
                d.Party("A", "plaintiff"),
                d.Party("B Ltd", "defendant", "organisation", False),
            ),
        )
        drv = Driver(engine25, facts, at(2025, 3, 10))
        drv.fire("register", at(2025, 3, 10))
        drv.fire("assign_ordinary", at(2025, 3, 11))
        drv.fire("render_judgment", at(2025, 5, 30))
        clock = drv.case.proceeding("p1").clock("appeal_window")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 6, 30)

    def test_appeal_opens_second_instance_at_higher_court(self, registered: Driver) -> None:
        """An appeal closes the window and opens a 民终 proceeding at the intermediate court."""
        _served(registered)
        out = registered.fire("appeal", at(2025, 6, 5), actor="party")
        kinds = [e.type for e in out.events]
        assert kinds == ["transition", "proceeding_opened"]
        assert [(c.clock, c.action) for c in out.events[0].clocks] == [("appeal_window", "stop")]
        p2 = registered.case.proceeding("p2")
        assert p2.kind == "second_instance"
        assert p2.court == "baicheng-intermediate"
        assert p2.case_number == "(2025)吉08民终1号"
        assert p2.parent == "p1"
        assert p2.accepted_on is None
        registered.fire("receive_appeal_file", at(2025, 6, 20), proceeding="p2")
        assert registered.case.proceeding("p2").accepted_on == pendulum.Date(2025, 6, 20)

    def test_remand_at_most_once(self, registered: Driver) -> None:
        """Remanded once, retried, appealed again: a second remand is blocked (CPL Art. 177)."""
        _served(registered)
        registered.fire("appeal", at(2025, 6, 5))
        registered.fire("receive_appeal_file", at(2025, 6, 20), proceeding="p2")
        registered.fire("remand", at(2025, 8, 1), proceeding="p2")
        p3 = registered.case.proceeding("p3")
        assert (p3.kind, p3.state, p3.parent) == ("first_instance", "ordinary_trial", "p2")
        registered.fire("render_judgment", at(2025, 11, 3), proceeding="p3")
        registered.fire("appeal", at(2025, 11, 10), proceeding="p3")
        registered.fire("receive_appeal_file", at(2025, 11, 20), proceeding="p4")
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            registered.fire("remand", at(2025, 12, 1), proceeding="p4")
        assert "remand_once" in str(exc.value)
        registered.fire("amend", at(2025, 12, 1), proceeding="p4")
        assert "enforceable" in d.lifecycle("prc-civil-2025").state("amended").tags


class TestRegimes:
    def test_2025_prior_mediation_extension_excluded_from_limit(self, registered: Driver) -> None:
        """+30 days by consent are excluded from the trial limit (2025 opinion)."""
        registered.fire("assign_ordinary", at(2025, 3, 11))
        registered.fire(
            "offer_prior_mediation",
            at(2025, 3, 12),
            data={"consent": True, "venue": "court_roster", "mediator": "m"},
        )
        with pytest.raises(errors.TriggerNotAllowedError):
            registered.fire("extend_prior_mediation", at(2025, 3, 20), data={"consent": False})
        registered.fire("extend_prior_mediation", at(2025, 3, 20), data={"consent": True})
        registered.fire("end_prior_mediation", at(2025, 4, 19))
        clock = registered.case.proceeding("p1").clock("trial_limit")
        assert clock is not None
        assert clock.excluded[0].days(pendulum.Date(2025, 4, 19)) == 30
        assert clock.due_on == pendulum.Date(2025, 10, 10)
        assert registered.state() == "ordinary_awaiting_fee"
        registered.fire("treat_as_withdrawn", at(2025, 4, 30))
        assert registered.case.proceeding("p1").closing_kind == "withdrawal"

    def test_2022_pre_filing_mediation_fails_then_files(self, engine22: d.Engine) -> None:
        """Pre-2025: diverted to the 诉前调 docket, mediation fails on expiry, the case is filed."""
        drv = Driver(engine22, loan(), at(2024, 5, 6))
        drv.fire("divert_to_pre_filing_mediation", at(2024, 5, 6), data={"consent": True})
        assert drv.case.proceeding("p1").closing_kind == "diverted"
        assert drv.case.proceeding("p1").accepted_on is None
        p2 = drv.case.proceeding("p2")
        assert (p2.kind, p2.case_number) == ("pre_filing_mediation", "(2024)吉0802诉前调1号")
        drv.fire("assign_mediator", at(2024, 5, 7), proceeding="p2",
                 data={"venue": "people_mediation_committee", "mediator": "m1"})  # fmt: skip
        drv.advance(at(2024, 6, 30))
        assert drv.case.proceeding("p2").state == "mediation_failed"
        p3 = drv.case.proceeding("p3")
        assert (p3.state, p3.accepted_on) == ("registered", pendulum.Date(2024, 6, 7))

    def test_2022_agreement_confirmed_then_executed(self, engine22: d.Engine) -> None:
        """Agreement -> judicial confirmation -> enforceable -> execution."""
        out = engine22.open("D-7", loan(), "apply_pre_filing_mediation", at=at(2024, 5, 6),
                            actor="party")  # fmt: skip
        drv = Driver.__new__(Driver)
        drv.engine, drv.case, drv.log = engine22, out.case, list(out.events)
        drv.fire("assign_mediator", at(2024, 5, 7), data={"venue": "court_roster", "mediator": "m"})
        drv.fire("reach_agreement", at(2024, 5, 20))
        drv.fire("apply_for_confirmation", at(2024, 5, 27))
        drv.fire("accept_confirmation", at(2024, 5, 28), proceeding="p2")
        drv.fire("confirm_agreement", at(2024, 6, 5), proceeding="p2")
        drv.fire("apply_for_execution", at(2024, 7, 1), proceeding="p2")
        assert drv.case.proceeding("p3").kind == "execution"
        assert drv.case.proceeding("p1").clock("confirmation_application") is None
        stops = [
            (e.seq, c.proceeding_id)
            for e in drv.log
            for c in e.clocks
            if c.clock == "confirmation_application" and c.action == "stop"
        ]
        assert len(stops) == 1
        assert stops[0][1] == "p1"

    def test_labour_without_award_goes_to_arbitration(self, engine25: d.Engine) -> None:
        """Labour complaints without an award are referred; others cannot be."""
        labour = d.Facts(category="labour", court="taobei")
        out = engine25.open("L-1", labour, "receive_complaint", at=at(2025, 3, 3), actor="c")
        out = engine25.fire(out.case, "p1", "refer_to_arbitration", at=at(2025, 3, 3), actor="c")
        assert out.case.proceeding("p1").closing_kind == "referred"
        awarded = d.Facts(category="labour", court="taobei", attributes={"arbitral_award": "A1"})
        out = engine25.open("L-2", awarded, "receive_complaint", at=at(2025, 3, 3), actor="c")
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            engine25.fire(out.case, "p1", "refer_to_arbitration", at=at(2025, 3, 3), actor="c")
        assert "arbitral award" in str(exc.value)


class TestExecution:
    def _executing(self, registered: Driver) -> Driver:
        registered.fire("assign_small_claims", at(2025, 3, 11))
        registered.fire("render_judgment", at(2025, 4, 1))
        registered.fire("apply_for_execution", at(2025, 5, 6))
        registered.fire("accept_execution", at(2025, 5, 6), proceeding="p2")
        registered.fire("assign_handler", at(2025, 5, 7), proceeding="p2", data={"handler": "h"})
        return registered

    def test_termination_needs_all_conditions_and_three_months(self, registered: Driver) -> None:
        """终本 only when every condition holds and more than 3 months have passed."""
        drv = self._executing(registered)
        for step in ("issue_execution_notice", "order_property_report", "restrict_consumption",
                     "complete_property_search"):  # fmt: skip
            drv.fire(step, at(2025, 5, 8), proceeding="p2")
        acts = {a.trigger: a for a in drv.engine.allowed(drv.case, "p2", at=at(2025, 9, 1))}
        reasons = dict(acts["terminate_current_execution"].reasons)
        assert reasons == {"termination_conditions": "not yet done: debtor_searched"}
        drv.fire("search_for_debtor", at(2025, 5, 9), proceeding="p2")
        acts = {a.trigger: a for a in drv.engine.allowed(drv.case, "p2", at=at(2025, 8, 6))}
        assert (
            "2025-08-06"
            in dict(acts["terminate_current_execution"].reasons)["termination_minimum_time"]
        )
        drv.fire("terminate_current_execution", at(2025, 8, 7), proceeding="p2")
        p2 = drv.case.proceeding("p2")
        assert p2.closing_kind == "termination_current"
        recheck = p2.clock("asset_recheck")
        assert recheck is not None
        assert recheck.due_on == pendulum.Date(2026, 2, 9)  # 02-07 is a Saturday
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            drv.fire("apply_for_execution", at(2025, 9, 1))
        assert "apply for resumption" in str(exc.value)
        drv.fire("apply_for_resumption", at(2025, 10, 1), proceeding="p2")
        p3 = drv.case.proceeding("p3")
        assert (p3.kind, p3.case_number) == ("resumed_execution", "(2025)吉0802执恢1号")

    def test_application_period_is_a_clock_not_a_guard(self, registered: Driver) -> None:
        """A late application is accepted; lapse is a defence the court may uphold."""
        registered.fire("assign_small_claims", at(2025, 3, 11))
        registered.fire("render_judgment", at(2025, 4, 1))
        clock = registered.case.proceeding("p1").clock("execution_application")
        assert clock is not None
        late = at(2027, 9, 1)
        overdue = registered.engine.overdue(registered.case, late)
        assert any(c.kind == "defence" for c in overdue)
        registered.fire("apply_for_execution", late)
        registered.fire("accept_execution", late, proceeding="p2")
        registered.fire("uphold_limitation_defence", at(2027, 9, 10), proceeding="p2")
        assert registered.case.proceeding("p2").state == "execution_barred"


class TestPetition:
    def test_petition_routed_into_legal_channel(self, engine25: d.Engine) -> None:
        """A petition is entered, registered and routed into its channel (诉访分离)."""
        out = engine25.open("P-1", loan(), "file_petition", at=at(2025, 3, 3), actor="p")
        clock = out.case.proceeding("p1").clock("petition_entry")
        assert clock is not None
        assert clock.due_on == pendulum.Date(2025, 3, 10)  # 5 working days
        out = engine25.fire(out.case, "p1", "register_petition", at=at(2025, 3, 4), actor="c")
        out = engine25.fire(
            out.case, "p1", "route_petition", at=at(2025, 3, 5), actor="c",
            data={"channel": "retrial_petition"},
        )  # fmt: skip
        p = out.case.proceeding("p1")
        assert (p.closing_kind, p.attribute("channel")) == ("routed", "retrial_petition")


class TestCorrectionsAndFacts:
    def test_correct_voids_latest_act(self, registered: Driver) -> None:
        """A wrong track assignment is voided by a correction event; the log is not edited."""
        before = registered.case
        out = registered.fire("assign_ordinary", at(2025, 3, 11))
        act = out.events[0].seq
        log = list(registered.log)
        fixed = registered.engine.correct(
            registered.case, log, act, at=at(2025, 3, 11, 11), actor="clerk", reason="wrong track"
        )
        assert fixed.events[0].type == "correction"
        assert fixed.events[0].corrects == act
        assert fixed.case.proceeding("p1") == before.proceeding("p1")
        assert fixed.case.seq == len(log) + 1
        assert d.replay([*log, *fixed.events], registered.engine.lifecycle) == fixed.case

    def test_correct_refuses_an_older_act(self, registered: Driver) -> None:
        """Only the latest act on a proceeding can be voided."""
        first = registered.fire("assign_summary", at(2025, 3, 11)).events[0].seq
        registered.fire("adjourn_hearing", at(2025, 3, 20))
        with pytest.raises(errors.InvalidValueError) as exc:
            registered.engine.correct(
                registered.case, registered.log, first, at=at(2025, 3, 21), actor="c", reason="x"
            )
        assert "later acts" in str(exc.value)

    def test_amend_facts(self, registered: Driver) -> None:
        """Facts are amended by an event; replay sees the amendment."""
        out = registered.engine.amend_facts(
            registered.case, {"claim_amount": "40000"}, at=at(2025, 3, 11), actor="c",
            reason="typo",
        )  # fmt: skip
        assert out.case.facts.claim_amount == Decimal("40000")
        log = [*registered.log, *out.events]
        assert d.replay(log, registered.engine.lifecycle) == out.case
        with pytest.raises(errors.UnknownNameError):
            registered.engine.amend_facts(
                out.case, {"category": "nope"}, at=at(2025, 3, 12), actor="c", reason="x"
            )


class TestCitations:
    def test_edition_in_force_on_the_date_of_the_act(self, engine22: d.Engine) -> None:
        """2023 acts cite CPL (2021); 2025 acts CPL (2023), with renumbered articles."""
        drv = Driver(engine22, loan(), at(2023, 6, 1))
        assert drv.fire("register", at(2023, 6, 1)).events[0].legal_basis == "CPL (2021) Art. 126"
        drv.fire("assign_small_claims", at(2023, 6, 2))
        drv.fire("render_judgment", at(2025, 2, 3))
        out = drv.fire("apply_for_execution", at(2025, 3, 3))
        assert out.events[0].legal_basis == "CPL (2023) Art. 250"


class TestThreads:
    def test_one_engine_many_threads(self, engine25: d.Engine) -> None:
        """Eight threads share one engine: every case equals its replay, numbers are unique."""
        results: list[d.Case] = []
        logs: dict[str, list[d.Event]] = {}
        lock = threading.Lock()

        def work(n: int) -> None:
            for i in range(40):
                drv = Driver.__new__(Driver)
                drv.engine = engine25
                out = engine25.open(f"T{n}-{i}", loan(), "receive_complaint", at=at(2025, 3, 3),
                                    actor="c")  # fmt: skip
                drv.case, drv.log = out.case, list(out.events)
                drv.fire("register", at(2025, 3, 4))
                drv.fire("assign_summary", at(2025, 3, 5))
                drv.fire("render_judgment", at(2025, 4, 1))
                with lock:
                    results.append(drv.case)
                    logs[drv.case.dispute_id] = drv.log

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 320
        numbers = {c.proceeding("p1").case_number for c in results}
        assert len(numbers) == 320
        for case in results:
            assert d.replay(logs[case.dispute_id], engine25.lifecycle) == case
            assert case.proceeding("p1").state == "judgment_served"

    def test_engines_sharing_their_caches_across_threads(self) -> None:
        """
        Eight threads, each with its own engine of one lifecycle and calendar (so they share
        the deadline caches and the kept clock work), walk cases to execution on overlapping
        days: every case equals its replay and the same acts on the same days record the same
        clock changes in every thread.
        """
        lifecycle = d.prc_civil_2025()
        results: list[tuple[d.Case, list[d.Event]]] = []
        lock = threading.Lock()

        def work(n: int) -> None:
            engine = d.Engine(lifecycle, courts=BAICHENG_COURTS)
            for i in range(30):
                start = at(2025, 3, 3).add(days=i % 7)
                out = engine.open(f"S{n}-{i}", loan(), "receive_complaint", at=start, actor="c")
                case, log = out.case, list(out.events)
                for days, pid, trigger in ((1, "p1", "register"), (2, "p1", "assign_summary"),
                                           (40, "p1", "render_judgment"), (80, "p1", "take_effect"),
                                           (90, "p1", "apply_for_execution"),
                                           (91, "p2", "accept_execution")):  # fmt: skip
                    out = engine.fire(case, pid, trigger, at=start.add(days=days), actor="c")
                    case = out.case
                    log += out.events
                with lock:
                    results.append((case, log))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 240
        by_day: dict[tuple[str | None, object], tuple[object, ...]] = {}
        for case, log in results:
            assert d.replay(log, lifecycle) == case
            assert case.proceeding("p2").state == "execution_accepted"
            for e in log:
                if e.clocks:
                    changes = tuple(
                        (c.clock, c.action, c.due_on, c.proceeding_id) for c in e.clocks
                    )
                    assert by_day.setdefault((e.trigger, e.on), changes) == changes


def _only_2025() -> HolidayCalendar:
    return HolidayCalendar(
        id="only-2025", rest_days=frozenset(), working_days=frozenset(), years=frozenset({2025})
    )


class TestLegalTime:
    def test_posting_date_counts(self, registered: Driver) -> None:
        """An appeal posted on the last day is on time though it arrives later."""
        _served(registered)  # window due 2025-06-16
        engine, case = registered.engine, registered.case
        assert engine.timely(case, "p1", "appeal_window", received_on=pendulum.Date(2025, 6, 16))
        late = pendulum.Date(2025, 6, 18)
        assert not engine.timely(case, "p1", "appeal_window", received_on=late)
        assert engine.timely(
            case, "p1", "appeal_window", received_on=late, posted_on=pendulum.Date(2025, 6, 16)
        )
        with pytest.raises(errors.UnknownNameError):
            engine.timely(case, "p1", "no_such_clock", received_on=late)

    def test_restoration_deadline(self, engine25: d.Engine) -> None:
        """10 days after the obstacle ends, rolled over a rest day (CPL Art. 86)."""
        deadline = engine25.restoration_deadline(pendulum.Date(2025, 9, 22))
        assert deadline.due_on == pendulum.Date(2025, 10, 9)  # 10-02 falls in National Day

    def test_strict_calendar_refuses_unknown_years(self) -> None:
        """Strict mode: a deadline in a year the calendar does not know is an error."""
        engine = d.Engine(d.prc_civil_2025(), calendar=_only_2025(), strict_calendar=True)
        drv = Driver(engine, loan(), at(2025, 3, 10))
        drv.fire("register", at(2025, 3, 10))
        drv.fire("assign_small_claims", at(2025, 3, 11))
        with pytest.raises(errors.CalendarYearUnknownError) as exc:
            drv.fire("render_judgment", at(2025, 4, 1))  # 2-year execution period
        assert exc.value.year == 2027
        assert drv.state() == "small_claims_trial"

    def test_provisional_deadline_names_the_year(self) -> None:
        """Non-strict: the deadline is computed with weekends and marked provisional."""
        registered = Driver(
            d.Engine(d.prc_civil_2025(), calendar=_only_2025()), loan(), at(2025, 3, 10)
        )
        registered.fire("register", at(2025, 3, 10))
        registered.fire("assign_small_claims", at(2025, 3, 11))
        out = registered.fire("render_judgment", at(2025, 4, 1))
        change = next(c for c in out.events[0].clocks if c.clock == "execution_application")
        assert change.provisional
        view = next(
            c.view for c in registered.engine.deadlines(registered.case, at(2025, 4, 2))
            if c.view.name == "execution_application"
        )  # fmt: skip
        assert view.deadline.waiting_for == (2027,)


class TestChainedOpenings:
    def test_second_instance_opens_once(self, registered: Driver) -> None:
        """file_appeal opens only with the appeal; firing it by hand is refused."""
        _served(registered)
        registered.fire("appeal", at(2025, 6, 5))
        with pytest.raises(errors.TriggerNotAllowedError) as exc:
            registered.fire("file_appeal", at(2025, 6, 6))
        assert "only as part of appeal" in str(exc.value)
        assert len(registered.case.proceedings) == 2
        listed = {a.trigger for a in registered.engine.allowed(registered.case)}
        assert "file_appeal" not in listed
