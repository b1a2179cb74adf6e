"""
The simulator on the real engine: determinism, the event log, expiries, warm starts,
common random numbers, both regimes.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict

import attrs
import pytest

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.results import SimulationResult
from disputeflow.simulation.runner import simulate
from simulation.scenarios import small_scenario


@functools.cache
def _run(rule_set: str = "prc-2024", seed: int = 3) -> SimulationResult:
    return simulate(small_scenario(rule_set, rate=500, days=90), seed)


def _logs(result: SimulationResult) -> dict[str, list[d.Event]]:
    logs: dict[str, list[d.Event]] = defaultdict(list)
    for e in result.events:
        logs[e.dispute_id].append(e)
    return logs


class TestRunner:
    def test_same_seed_same_log(self) -> None:
        """
        A run is a function of (scenario, seed): the same seed gives the identical log.
        """
        again = simulate(small_scenario("prc-2024", rate=500, days=90), 3)
        assert again.events == _run().events
        assert simulate(small_scenario("prc-2024", rate=500, days=90), 4).events != again.events

    def test_log_is_engine_events_and_replays(self) -> None:
        """
        The output log holds ordinary Event values; each dispute's log replays on the
        lifecycle, in sequence, with time never running backwards.
        """
        lc = d.prc_civil_2022()
        logs = _logs(_run())
        assert len(logs) == len(_run().cases["dispute_id"])
        for events in list(logs.values())[:300]:
            assert [e.seq for e in events] == list(range(1, len(events) + 1))
            assert all(a.at <= b.at for a, b in itertools.pairwise(events))
            case = d.replay(events, lc)
            assert case.seq == len(events)

    def test_clock_expiries_fire_through_the_engine(self) -> None:
        """
        Expiries fire as the system's acts at the start of the day after the due date:
        appeal windows make judgments effective, mediations running past 30 days fail.
        """
        events = _run().events
        expired = [e for e in events if e.actor == "system"]
        triggers = {e.trigger for e in expired}
        assert "take_effect" in triggers
        assert "fail_mediation" in triggers
        for e in expired:
            assert (e.at.hour, e.at.minute) == (0, 0)

    def test_warm_start_cases_are_pending_at_day_zero(self) -> None:
        """
        Pending cohorts are walked with back-dated acts: they count in the backlog at day 0
        and their trial clock started before the run.
        """
        r = _run()
        assert r.metrics()["backlog_start"] >= 10
        warm = [e for e in r.events if e.dispute_id.startswith("warm-")]
        assert any(e.at.date() < r.start_on for e in warm)
        starts = [
            c for e in warm if e.trigger == "register" for c in e.clocks if c.clock == "trial_limit"
        ]
        assert starts
        assert all(c.action == "start" for c in starts)

    def test_prc_2025_files_first_and_mediates_after(self) -> None:
        """
        Under prc-2025 no pre-filing docket is opened; prior mediation follows filing.
        """
        events = _run("prc-2025").events
        triggers = {e.trigger for e in events}
        assert "offer_prior_mediation" in triggers
        assert "divert_to_pre_filing_mediation" not in triggers
        assert all(e.lifecycle_id == "prc-civil-2025" for e in events)

    def test_common_random_numbers_across_policies(self) -> None:
        """
        A variant that only adds mediators sees the same arrivals (ids, times, facts) and
        the same first decisions as the baseline.
        """
        base = small_scenario(rate=500, days=60, pending=False)
        variant = base.with_servers("mediators.court_roster", 5)
        a, b = simulate(base, 9), simulate(variant, 9)

        def opened(r: SimulationResult) -> list[tuple[object, ...]]:
            return [
                (e.dispute_id, e.at, e.data["facts"])
                for e in r.events
                if e.type == "dispute_opened"
            ]

        def first(r: SimulationResult) -> dict[str, str | None]:
            return {e.dispute_id: e.trigger for e in r.events if e.seq == 3}

        assert opened(a) == opened(b)
        assert first(a) == first(b)

    def test_pending_cases_from_a_snapshot(self) -> None:
        """
        Cases passed in (e.g. replayed from a live log) carry on from their state.
        """
        engine = d.Engine(d.prc_civil_2022(), courts=small_scenario().courts)
        import pendulum

        t0 = pendulum.datetime(2023, 12, 20, 9, tz="Asia/Shanghai")
        facts = d.Facts(category="private_loan", court="taobei", region="taobei", claim_amount=9000)
        case = engine.open("LIVE-1", facts, "receive_complaint", at=t0, actor="clerk").case
        case = engine.fire(case, "p1", "register", at=t0.add(hours=1), actor="clerk").case
        r = simulate(small_scenario(rate=50, days=200, pending=False), 1, pending=[case])
        live = [e for e in r.events if e.dispute_id == "LIVE-1"]
        assert live
        assert live[0].seq == case.seq + 1
        assert live[0].trigger == "assign_" + live[0].to_state.removesuffix("_trial")

    def test_pending_case_of_another_lifecycle(self) -> None:
        """
        A pending case must run under the scenario's lifecycle.
        """
        import pendulum

        engine = d.Engine(d.prc_civil_2025())
        facts = d.Facts(category="private_loan", court="taobei")
        at = pendulum.datetime(2023, 12, 20, 9, tz="Asia/Shanghai")
        case = engine.open("X", facts, "receive_complaint", at=at, actor="c").case
        with pytest.raises(InvalidValueError, match="lifecycle prc-civil-2022"):
            simulate(small_scenario(days=5), 1, pending=[case])


class TestPolicies:
    def test_decisions_are_made_by_the_rule_set_policies(self) -> None:
        """
        With ``decided_by = "policies"`` the built-in policies decide diversion, filing,
        track and mediation outcomes, and each decision's record is in its event.
        """
        r = simulate(small_scenario(rate=400, days=60).evolve(decided_by="policies"), 2)
        decided = [e for e in r.events if e.decision is not None]
        points = {e.decision["point"] for e in decided}
        assert {"front_end", "filing", "track", "outcome"} <= points
        for e in decided:
            # A chained opening (the diverted complaint's 诉前调 docket) carries the record too.
            assert e.trigger == e.decision["trigger"] or e.type == "proceeding_opened"
            assert e.decision["rule_set"] == "prc-2024"
        tracks = {e.decision["policy"] for e in decided if e.decision["point"] == "track"}
        assert tracks == {"prc.track-triage"}

    def test_scenario_decider_records_no_decisions(self) -> None:
        """
        With ``decided_by = "scenario"`` decisions are drawn from the scenario alone.
        """
        r = simulate(small_scenario(rate=200, days=30).evolve(decided_by="scenario"), 2)
        assert all(e.decision is None for e in r.events)

    def test_unknown_decider(self) -> None:
        """
        ``decided_by`` is ``policies`` or ``scenario``.
        """
        with pytest.raises(InvalidValueError, match="policies or scenario"):
            small_scenario().evolve(decided_by="oracle")


class TestRuleSetStamp:
    def test_events_carry_the_rule_set(self) -> None:
        """
        Every event of the log names the scenario's rule set, as live events do.
        """
        assert {e.rule_set for e in _run().events} == {"prc-2024"}
        assert {e.rule_set for e in _run("prc-2025").events} == {"prc-2025"}


class TestExtensions:
    @pytest.mark.parametrize("rule_set", ["prc-2024", "prc-2025"])
    def test_mediations_about_to_run_out_are_extended_by_consent(self, rule_set: str) -> None:
        """
        A mediation that would outrun its period is extended when the parties consent
        (always, here), the day before the period ends, and never when they refuse.
        """
        base = small_scenario(rule_set, rate=400, days=90, pending=False)
        slow = base.with_stage(
            "trial_mediation", duration=Distribution.of("constant", value=20.0)
        ).with_stage("pre_filing_mediation", duration=Distribution.of("constant", value=40.0))
        trigger = "extend_mediation" if rule_set == "prc-2024" else "extend_prior_mediation"
        yes = slow.evolve(decisions=attrs.evolve(slow.decisions, extension_consent=1.0))
        no = slow.evolve(decisions=attrs.evolve(slow.decisions, extension_consent=0.0))
        extended = [e for e in simulate(yes, 1).events if e.trigger == trigger]
        assert extended
        assert all(e.decision is not None and e.decision["point"] == "mediation_extension"
                   for e in extended)  # fmt: skip
        assert not [e for e in simulate(no, 1).events if e.trigger == trigger]


class TestTimeLimits:
    def test_trial_past_its_limit_is_extended_in_time(self) -> None:
        """
        A trial drawn to outlast its limit gets the president's extension (through the
        engine, ``extend_time_limit``), asked at least 15 days before the limit runs out, so
        a trial that fits the extended limit is no breach.
        """
        base = small_scenario(rate=300, days=150, pending=False)
        sc = base.with_stage("summary", duration=Distribution.of("constant", value=100.0))
        r = simulate(sc, 1)
        extended = [e for e in r.events if e.trigger == "extend_time_limit"]
        assert extended
        for e in extended:
            assert e.data["approved_by"] == "president"
            (change,) = [c for c in e.clocks if c.clock == "trial_limit"]
            assert change.action == "extend"
        assert not [b for b in r.breaches if b[2] == "trial_limit" and b[4] is not None]

    def test_expiry_of_a_mediation_period_is_not_a_breach(self) -> None:
        """
        A pre-filing mediation that ends by its period running out (``fail_mediation`` by
        the system) is the period's legal consequence, not an overrun.
        """
        base = small_scenario(rate=300, days=90, pending=False)
        slow = base.with_stage(
            "pre_filing_mediation", duration=Distribution.of("constant", value=40.0)
        )
        sc = slow.evolve(decisions=attrs.evolve(slow.decisions, extension_consent=0.0))
        r = simulate(sc, 1)
        assert [e for e in r.events if e.trigger == "fail_mediation" and e.actor == "system"]
        assert not [b for b in r.breaches if b[2] == "pre_filing_mediation"]


class TestWarmResidual:
    def test_warm_trial_runs_the_rest_of_its_duration(self) -> None:
        """
        A warm-start trial aged about 60 days with a 100-day trial duration ends about 40
        days into the run, not 100: it runs the rest of a duration longer than its age.
        """
        from disputeflow.simulation.scenario import PendingCohort

        base = small_scenario(rate=1, days=120, pending=False)
        sc = base.with_stage("summary", duration=Distribution.of("constant", value=100.0)).evolve(
            pending=(PendingCohort("taobei", "private_loan", "summary_trial", 3, 60, 60),)
        )
        r = simulate(sc, 1)
        start = r.start_on
        ends = [
            (e.at.date() - start).days
            for e in r.events
            if e.dispute_id.startswith("warm-") and e.from_state == "summary_trial"
            and e.trigger != "extend_time_limit"
        ]  # fmt: skip
        assert len(ends) == 3
        assert all(38 <= day <= 45 for day in ends)

    def test_warm_case_older_than_every_draw_ends_soon(self) -> None:
        """
        A warm-start trial older than any duration its distribution gives ends on the first
        days of the run.
        """
        from disputeflow.simulation.scenario import PendingCohort

        base = small_scenario(rate=1, days=30, pending=False)
        sc = base.with_stage("summary", duration=Distribution.of("constant", value=20.0)).evolve(
            pending=(PendingCohort("taobei", "private_loan", "summary_trial", 2, 50, 50),)
        )
        r = simulate(sc, 1)
        ends = [
            (e.at.date() - r.start_on).days
            for e in r.events
            if e.dispute_id.startswith("warm-") and e.from_state == "summary_trial"
        ]
        assert ends
        assert all(day <= 5 for day in ends)
