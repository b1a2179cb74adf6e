"""
Every built-in indicator on small hand-built logs, driven through the real engine; the expected
values are worked out in each test from the dates and outcomes of the log.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import disputeflow as d
from disputeflow.errors import UnknownNameError
from disputeflow.indicators import (
    BUILTIN,
    Tables,
    build_tables,
    builtin,
    builtin_ids,
    compute,
    quarter,
    year,
)
from indicators.logs import LogBuilder, at


def values(
    tables: Tables, period: Any, *ids: str, **kw: Any
) -> dict[str, tuple[float, float, float]]:
    """(numerator, denominator, value) of each indicator, for one period and no grouping."""
    frame = compute(list(ids), tables, periods=period, **kw)
    return {
        row.indicator: (row.numerator, row.denominator, row.value) for row in frame.itertuples()
    }


def q1_log() -> LogBuilder:
    """
    Five first-instance disputes in Q1 2025 at one court (prc-civil-2025), two executions and a
    retrial application:

    - D1: accepted 2024-12-10 (carried over), summary, judgment 2025-01-20 (41 days), effective
      2025-02-06 (appeal window ran out); execution accepted 03-02, 5,000 of 20,000 recovered,
      withdrawn 03-06; retrial application received 03-07 (not yet accepted).
    - D2: accepted 01-06, ordinary, mediation statement 02-14 (39 days); execution accepted
      02-21, 38,000 (the claim) recovered, fully performed 03-06.
    - D3: accepted 01-08, summary, withdrawn 03-03 (54 days).
    - D4: accepted 02-03, ordinary, judgment 03-10 (35 days), appealed 03-15; the second
      instance receives the file 03-25 (10 days) and is pending.
    - D5: accepted 03-20, small claims, pending.
    - D6: complaint 02-10 awaiting correction: never accepted, never counted.
    """
    b = LogBuilder(d.prc_civil_2025())
    b.filed("D1", at(2024, 12, 10), "summary", "j1")
    b.fire("D1", "render_judgment", at(2025, 1, 20))
    b.advance("D1", at(2025, 2, 20))
    b.filed("D2", at(2025, 1, 6), "ordinary", "j1")
    b.fire("D2", "mediate", at(2025, 2, 14))
    b.filed("D3", at(2025, 1, 8), "summary", "j2")
    b.fire("D3", "withdraw", at(2025, 3, 3))
    b.filed("D4", at(2025, 2, 3), "ordinary", "j2")
    b.fire("D4", "render_judgment", at(2025, 3, 10))
    b.fire("D4", "appeal", at(2025, 3, 15))
    b.fire("D4", "receive_appeal_file", at(2025, 3, 25), proceeding="p2")
    b.filed("D5", at(2025, 3, 20), "small_claims", "j1")
    b.open("D6", at(2025, 2, 10))
    b.fire("D6", "issue_correction_notice", at(2025, 2, 10, 15), missing=["id"])
    b.fire("D1", "apply_for_execution", at(2025, 3, 1), amount_applied=20000)
    b.fire("D1", "accept_execution", at(2025, 3, 2), proceeding="p2")
    b.fire("D1", "assign_handler", at(2025, 3, 3), proceeding="p2", handler="h1")
    b.fire("D1", "record_payment", at(2025, 3, 5), proceeding="p2", amount=5000)
    b.fire("D1", "withdraw_execution", at(2025, 3, 6), proceeding="p2")
    b.fire("D2", "apply_for_execution", at(2025, 2, 20))
    b.fire("D2", "accept_execution", at(2025, 2, 21), proceeding="p2")
    b.fire("D2", "assign_handler", at(2025, 2, 22), proceeding="p2", handler="h1")
    b.fire("D2", "record_payment", at(2025, 3, 5), proceeding="p2", amount=38000)
    b.fire("D2", "record_full_performance", at(2025, 3, 6), proceeding="p2")
    b.fire("D1", "apply_for_retrial", at(2025, 3, 7), grounds="new evidence")
    return b


@pytest.fixture(scope="module")
def q1() -> Tables:
    b = q1_log()
    return build_tables(b.log, b.engine.lifecycle)


Q1 = quarter(2025, 1)


class TestCaseCounts:
    def test_counting_basis(self, q1: Tables) -> None:
        """
        Carried over: D1. New: D2-D5 first instances, D4's second instance, two executions = 7.
        Accepted = 1 + 7 = 8. Closed: D1-D4 first instances and both executions = 6.
        Pending = 8 - 6 = 2 (D4's appeal, D5). D6 was never accepted.
        """
        got = values(q1, Q1, "cases-carried-over", "cases-new", "cases-accepted",
                     "cases-closed", "cases-pending", "disputes-opened")  # fmt: skip
        assert {k: v[2] for k, v in got.items()} == {
            "cases-carried-over": 1,
            "cases-new": 7,
            "cases-accepted": 8,
            "cases-closed": 6,
            "cases-pending": 2,
            "disputes-opened": 5,  # D2-D6 opened in Q1; D1 in December
        }

    def test_closure_and_clearance(self, q1: Tables) -> None:
        """
        Closure rate 6 / 8 = 75%; closed-to-new ratio and CEPEJ clearance rate 6 / 7; CEPEJ
        disposition time 2 pending / 6 resolved x 90 days of Q1 = 30 days; turnover 6 / 2.
        """
        got = values(q1, Q1, "closure-rate", "closed-to-new-ratio", "cepej-clearance-rate",
                     "cepej-disposition-time", "cepej-turnover")  # fmt: skip
        assert got["closure-rate"] == (6, 8, 75.0)
        assert got["closed-to-new-ratio"] == (6, 7, pytest.approx(600 / 7))
        assert got["cepej-clearance-rate"] == got["closed-to-new-ratio"]
        assert got["cepej-disposition-time"] == (2, 6, pytest.approx(30.0))
        assert got["cepej-turnover"] == (6, 2, 3.0)


class TestQualityAndEffect:
    def test_first_instance_outcomes(self, q1: Tables) -> None:
        """
        First instances closed in Q1: D1 judgment, D2 mediation, D3 withdrawal, D4 judgment
        (appealed). Finality 3 / 4; mediation 1 / 4; mediation + withdrawal 2 / 4; appeal rate
        over appealable closures (judgments D1 and D4, not small claims) 1 / 2.
        """
        got = values(q1, Q1, "first-instance-finality-rate", "mediation-rate",
                     "mediation-withdrawal-rate", "appeal-rate")  # fmt: skip
        assert got["first-instance-finality-rate"] == (3, 4, 75.0)
        assert got["mediation-rate"] == (1, 4, 25.0)
        assert got["mediation-withdrawal-rate"] == (2, 4, 50.0)
        assert got["appeal-rate"] == (1, 2, 50.0)

    def test_within_time_limit_and_extensions(self, q1: Tables) -> None:
        """
        All six closures had a time limit and met it; none was extended.
        """
        got = values(q1, Q1, "within-time-limit-closure-rate", "extension-rate")
        assert got["within-time-limit-closure-rate"] == (6, 6, 100.0)
        assert got["extension-rate"] == (0, 6, 0.0)

    def test_petition_and_execution_application(self, q1: Tables) -> None:
        """
        Decisions effective in Q1: D1's judgment (02-06) and D2's mediation statement (02-14);
        one retrial application received (D1) -> 1 / 2. Enforceable judgments effective: D1
        only, followed by an execution application -> 1 / 1.
        """
        got = values(q1, Q1, "petition-retrial-application-rate", "execution-application-rate")
        assert got["petition-retrial-application-rate"] == (1, 2, 50.0)
        assert got["execution-application-rate"] == (1, 1, 100.0)

    def test_mediation_settlement_share(self, q1: Tables) -> None:
        """
        One dispute (D2) settled by mediation in Q1, five disputes brought to court -> 20%.
        """
        assert values(q1, Q1, "mediation-settlement-share")["mediation-settlement-share"] == (
            1,
            5,
            20.0,
        )

    def test_execution(self, q1: Tables) -> None:
        """
        Two first executions closed: D2 fully performed, D1 withdrawn. Actual execution 1 / 2,
        full execution 1 / 2, termination 0 / 2. Recovery (5,000 + 38,000) / (20,000 applied
        + 38,000 claim, the default) = 43,000 / 58,000.
        """
        got = values(q1, Q1, "execution-actual-rate", "execution-full-rate",
                     "execution-termination-rate", "execution-recovery-rate")  # fmt: skip
        assert got["execution-actual-rate"] == (1, 2, 50.0)
        assert got["execution-full-rate"] == (1, 2, 50.0)
        assert got["execution-termination-rate"] == (0, 2, 0.0)
        assert got["execution-recovery-rate"] == (43000, 58000, pytest.approx(4300000 / 58000))


class TestEfficiency:
    def test_durations(self, q1: Tables) -> None:
        """
        Closed in Q1 with days from acceptance: 41, 39, 54, 35 (first instances), 4 and 13
        (executions). Mean 186 / 6 = 31; median of 4, 13, 35, 39, 41, 54 = (35 + 39) / 2.
        """
        got = values(q1, Q1, "duration-mean", "duration-median")
        assert got["duration-mean"] == (186, 6, 31.0)
        assert got["duration-median"][1:] == (6, 37.0)

    def test_stage_durations(self, q1: Tables) -> None:
        """
        Stage spells ended in Q1, grouped by stage. Trial: D1 12-11 -> 01-20 (40 days), D2
        01-07 -> 02-14 (38), D3 01-09 -> 03-03 (53), D4 02-04 -> 03-10 (34): mean 41.25.
        """
        frame = compute(["stage-duration-mean"], q1, periods=Q1, by=("stage",))
        trial = frame[frame["stage"] == "trial"].iloc[0]
        assert (trial.numerator, trial.denominator) == (40 + 38 + 53 + 34, 4)
        assert trial.value == pytest.approx(41.25)

    def test_transfer_and_judges(self, q1: Tables) -> None:
        """
        D4's appeal reached the second-instance court 10 days after it was filed. Closures by
        people with a judge or handler recorded: 6 by j1, j2 and h1 -> 2 per judge.
        """
        got = values(q1, Q1, "appeal-transfer-days", "closures-per-judge")
        assert got["appeal-transfer-days"] == (10, 1, 10.0)
        assert got["closures-per-judge"] == (6, 3, 2.0)

    def test_case_to_proceedings(self, q1: Tables) -> None:
        """
        Seven proceedings accepted in Q1 belong to five disputes (D4 twice, D1 and D2 for
        execution, D3, D5): 7 / 5 = 1.4.
        """
        got = values(q1, Q1, "case-to-proceedings-ratio")
        assert got["case-to-proceedings-ratio"] == (7, 5, 1.4)

    def test_pending_age(self, q1: Tables) -> None:
        """
        Pending and active on 03-31: D4's appeal (accepted 03-25, 6 days) and D5 (03-20,
        11 days): mean and median 8.5; nothing is over 12 months or the 365-day standard.
        """
        got = values(q1, Q1, "courtools-age-active-pending-mean",
                     "courtools-age-active-pending-median", "long-pending-share-12",
                     "ncsc-backlog", "ncsc-backlog-share")  # fmt: skip
        assert got["courtools-age-active-pending-mean"] == (17, 2, 8.5)
        assert got["courtools-age-active-pending-median"][2] == 8.5
        assert got["long-pending-share-12"] == (0, 2, 0.0)
        assert got["ncsc-backlog"][2] == 0
        assert got["ncsc-backlog-share"] == (0, 2, 0.0)


def ages_and_limits_log() -> LogBuilder:
    """
    Year 2025 at one court (prc-civil-2025).

    Pending on 2025-12-31: E1 (accepted 2023-01-10), E2 (2024-03-15, suspended since
    2025-06-01), E3 (2024-10-01), E4 (2025-06-01). Closed in 2025:

    - E5 summary 01-06 -> judgment 05-06 (120 days), after the 3-month limit (due 04-07);
    - E6 ordinary 01-06 -> 08-15 (221 days) with an excluded appraisal period 02-01 -> 04-01:
      within its limit;
    - E7 summary 02-03 -> 05-20 (106 days), limit extended by one month: within;
    - E8 summary 01-06 -> 12-20 (348 days), suspended 01-10 -> 12-01 (325 inactive days, 23
      active): within (the suspension is excluded from the limit).
    """
    b = LogBuilder(d.prc_civil_2025())
    b.filed("E1", at(2023, 1, 10), "ordinary")
    b.filed("E2", at(2024, 3, 15), "ordinary")
    b.fire("E2", "suspend_proceedings", at(2025, 6, 1), grounds="party died")
    b.filed("E3", at(2024, 10, 1), "ordinary")
    b.filed("E4", at(2025, 6, 1), "ordinary")
    b.filed("E5", at(2025, 1, 6), "summary", region="taonan")
    b.fire("E5", "render_judgment", at(2025, 5, 6))
    b.filed("E6", at(2025, 1, 6), "ordinary")
    b.fire("E6", "start_excluded_period", at(2025, 2, 1), reason="appraisal")
    b.fire("E6", "end_excluded_period", at(2025, 4, 1))
    b.fire("E6", "render_judgment", at(2025, 8, 15))
    b.filed("E7", at(2025, 2, 3), "summary")
    b.fire("E7", "extend_time_limit", at(2025, 4, 20), approved_by="president")
    b.fire("E7", "render_judgment", at(2025, 5, 20))
    b.filed("E8", at(2025, 1, 6), "summary", region="taonan")
    b.fire("E8", "suspend_proceedings", at(2025, 1, 10), grounds="appraisal")
    b.fire("E8", "resume_proceedings", at(2025, 12, 1))
    b.fire("E8", "render_judgment", at(2025, 12, 20))
    return b


@pytest.fixture(scope="module")
def ages() -> Tables:
    b = ages_and_limits_log()
    return build_tables(b.log, b.engine.lifecycle)


Y2025 = year(2025)


class TestAgesAndLimits:
    def test_long_pending_shares(self, ages: Tables) -> None:
        """
        Of 4 pending on 2025-12-31, accepted more than 12 months before: E1, E2, E3 (3); 18
        months: E1, E2 (2); 24 months: E1 (1).
        """
        got = values(ages, Y2025, "long-pending-share-12", "long-pending-share-18",
                     "long-pending-share-24")  # fmt: skip
        assert got["long-pending-share-12"] == (3, 4, 75.0)
        assert got["long-pending-share-18"] == (2, 4, 50.0)
        assert got["long-pending-share-24"] == (1, 4, 25.0)

    def test_age_of_active_pending(self, ages: Tables) -> None:
        """
        Active on 2025-12-31: E1 (1,086 days old), E3 (456), E4 (213); E2 is suspended and left
        out. Mean 1,755 / 3 = 585; median 456.
        """
        got = values(ages, Y2025, "courtools-age-active-pending-mean",
                     "courtools-age-active-pending-median",
                     "courtools-age-active-pending-net-median")  # fmt: skip
        assert got["courtools-age-active-pending-mean"] == (1755, 3, 585.0)
        assert got["courtools-age-active-pending-median"][1:] == (3, 456.0)
        assert got["courtools-age-active-pending-net-median"][1:] == (3, 456.0)

    def test_backlog(self, ages: Tables) -> None:
        """
        Pending with more than 365 active days: E1, E3 and E2 (443 active days to its
        suspension on 2025-06-01); E4 is 213 days old -> 3 of 4.
        """
        got = values(ages, Y2025, "ncsc-backlog", "ncsc-backlog-share")
        assert got["ncsc-backlog"][2] == 3
        assert got["ncsc-backlog-share"] == (3, 4, 75.0)

    def test_within_limit_and_extension(self, ages: Tables) -> None:
        """
        E5 missed its limit; E6 (excluded period), E7 (extension) and E8 (suspension) met
        theirs: 3 / 4. One of four was extended.
        """
        got = values(ages, Y2025, "within-time-limit-closure-rate", "extension-rate")
        assert got["within-time-limit-closure-rate"] == (3, 4, 75.0)
        assert got["extension-rate"] == (1, 4, 25.0)

    def test_time_to_disposition(self, ages: Tables) -> None:
        """
        Active days to disposition: E5 120, E6 221, E7 106, E8 23 (348 less 325 suspended).
        Within 180: E5, E7, E8 (3 / 4); within 365 and 540: all.
        """
        got = values(ages, Y2025, "courtools-time-to-disposition-180",
                     "courtools-time-to-disposition-365",
                     "courtools-time-to-disposition-540")  # fmt: skip
        assert got["courtools-time-to-disposition-180"] == (3, 4, 75.0)
        assert got["courtools-time-to-disposition-365"] == (4, 4, 100.0)
        assert got["courtools-time-to-disposition-540"] == (4, 4, 100.0)

    def test_lawsuits_per_10000(self, ages: Tables) -> None:
        """
        New first instances in 2025: Taobei E4, E6, E7 (3), Taonan E5, E8 (2); populations
        from the 2020 census. Without a region grouping the total population is used.
        """
        pop = {("taobei", 2025): 356054, ("taonan", 2025): 307215}
        frame = compute(["lawsuits-per-10000"], ages, periods=Y2025, by=("region",),
                        population=pop)  # fmt: skip
        by_region = {r.region: (r.numerator, r.denominator, r.value) for r in frame.itertuples()}
        assert by_region["taobei"] == (3, 356054, pytest.approx(3 / 356054 * 10000))
        assert by_region["taonan"] == (2, 307215, pytest.approx(2 / 307215 * 10000))
        total = values(ages, Y2025, "lawsuits-per-10000", population=pop)["lawsuits-per-10000"]
        assert total == (5, 663269, pytest.approx(5 / 663269 * 10000))

    def test_per_capita_without_population_is_nan(self, ages: Tables) -> None:
        """
        Without a population table the count is given and the rate is NaN.
        """
        num, den, value = values(ages, Y2025, "disputes-per-10000")["disputes-per-10000"]
        assert num == 5
        assert math.isnan(den)
        assert math.isnan(value)


def appeals_log() -> LogBuilder:
    """
    Four first instances judged 2025-02-10 (F1 ordinary, F2-F4 summary):

    - F1 appealed 02-15, file received 02-25 (10 days), amended 04-10 after a hearing;
    - F2 appealed 02-15, received 02-20 (5 days), remanded 04-01 (a new first instance opens);
    - F3 appealed 02-15, received 02-20 (5 days), affirmed 03-20 (no hearing); retrial
      applied for 04-01, ordered 05-01, original amended on retrial 06-01;
    - F4 takes effect; retrial applied for 03-01, dismissed 04-01.
    """
    b = LogBuilder(d.prc_civil_2025())
    for k in ("F1", "F2", "F3", "F4"):
        b.filed(k, at(2025, 1, 6), "ordinary" if k == "F1" else "summary")
        b.fire(k, "render_judgment", at(2025, 2, 10))
    for k, received in (("F1", 25), ("F2", 20), ("F3", 20)):
        b.fire(k, "appeal", at(2025, 2, 15))
        b.fire(k, "receive_appeal_file", at(2025, 2, received), proceeding="p2")
    b.fire("F1", "amend", at(2025, 4, 10), proceeding="p2", hearing_held=True)
    b.fire("F2", "remand", at(2025, 4, 1), proceeding="p2")
    b.fire("F3", "affirm", at(2025, 3, 20), proceeding="p2")
    b.fire("F3", "apply_for_retrial", at(2025, 4, 1), proceeding="p2", grounds="new evidence")
    b.fire("F3", "accept_retrial_application", at(2025, 4, 5), proceeding="p3")
    b.fire("F3", "order_retrial", at(2025, 5, 1), proceeding="p3", procedure="second_instance")
    b.fire("F3", "amend_original", at(2025, 6, 1), proceeding="p4")
    b.advance("F4", at(2025, 2, 28))
    b.fire("F4", "apply_for_retrial", at(2025, 3, 1), grounds="new evidence")
    b.fire("F4", "accept_retrial_application", at(2025, 3, 5), proceeding="p2")
    b.fire("F4", "dismiss_retrial_application", at(2025, 4, 1), proceeding="p2", grounds="none")
    return b


@pytest.fixture(scope="module")
def appeals() -> Tables:
    b = appeals_log()
    return build_tables(b.log, b.engine.lifecycle)


class TestAppealsAndRetrials:
    def test_second_instance(self, appeals: Tables) -> None:
        """
        Three second instances closed (amended with a hearing, remanded, affirmed): hearing
        rate 1 / 3; transfer time (10 + 5 + 5) / 3 days. Appeal rate 3 / 4 judgments.
        """
        got = values(appeals, Y2025, "second-instance-hearing-rate", "appeal-transfer-days",
                     "appeal-rate", "first-instance-finality-rate")  # fmt: skip
        assert got["second-instance-hearing-rate"] == (1, 3, pytest.approx(100 / 3))
        assert got["appeal-transfer-days"] == (20, 3, pytest.approx(20 / 3))
        assert got["appeal-rate"] == (3, 4, 75.0)
        assert got["first-instance-finality-rate"] == (1, 4, 25.0)

    def test_amend_and_remand(self, appeals: Tables) -> None:
        """
        Over 4 first instances closed: 1 amended and 1 remanded on appeal; merged ratio 2 / 4.
        Decisions effective in 2025: F1 and F3 second instances, F4, F3's retrial (4); one
        amended on retrial; none remanded.
        """
        got = values(appeals, Y2025, "first-instance-amended-rate",
                     "first-instance-remanded-rate", "second-instance-amend-remand-ratio",
                     "effective-amended-rate", "effective-remanded-rate",
                     "retrial-amend-remand-ratio")  # fmt: skip
        assert got["first-instance-amended-rate"] == (1, 4, 25.0)
        assert got["first-instance-remanded-rate"] == (1, 4, 25.0)
        assert got["second-instance-amend-remand-ratio"] == (2, 4, 50.0)
        assert got["effective-amended-rate"] == (1, 4, 25.0)
        assert got["effective-remanded-rate"] == (0, 4, 0.0)
        assert got["retrial-amend-remand-ratio"] == (1, 4, 25.0)

    def test_retrial_applications(self, appeals: Tables) -> None:
        """
        Two retrial applications received, over 4 effective decisions; one of the two closed
        applications ordered a retrial.
        """
        got = values(appeals, Y2025, "petition-retrial-application-rate", "retrial-order-rate")
        assert got["petition-retrial-application-rate"] == (2, 4, 50.0)
        assert got["retrial-order-rate"] == (1, 2, 50.0)

    def test_case_to_proceedings(self, appeals: Tables) -> None:
        """
        Eleven proceedings accepted (4 first instances, 3 appeals, the remanded retrial, 2
        retrial applications, 1 retrial) for 4 disputes.
        """
        assert values(appeals, Y2025, "case-to-proceedings-ratio")["case-to-proceedings-ratio"] == (
            11,
            4,
            2.75,
        )


def mediation_tables() -> Tables:
    """
    A mixed log: 2024 under prc-civil-2022, 2025 under prc-civil-2025.

    - G1 pre-filing mediation 03-01, agreement 03-20, judicial confirmation accepted 03-26,
      confirmed 04-05;
    - G2 pre-filing mediation 03-01 fails 03-30 and the case is filed;
    - G3 complaint 05-06 diverted to pre-filing mediation, withdrawn 05-20;
    - H1 (2025) summary, prior mediation 01-08, settled (closed as "other") 01-15;
    - H2 (2025) summary, prior mediation 01-08 ends 01-20, fee paid, judgment 03-01; first
      execution accepted 03-22, current execution terminated (终本) 07-01.
    """
    b = LogBuilder(d.prc_civil_2022())
    b.open("G1", at(2024, 3, 1), "apply_pre_filing_mediation")
    b.fire("G1", "assign_mediator", at(2024, 3, 2), venue="committee", mediator="m1")
    b.fire("G1", "reach_agreement", at(2024, 3, 20))
    b.fire("G1", "apply_for_confirmation", at(2024, 3, 25))
    b.fire("G1", "accept_confirmation", at(2024, 3, 26), proceeding="p2")
    b.fire("G1", "confirm_agreement", at(2024, 4, 5), proceeding="p2")
    b.open("G2", at(2024, 3, 1), "apply_pre_filing_mediation")
    b.fire("G2", "assign_mediator", at(2024, 3, 2), venue="committee", mediator="m1")
    b.fire("G2", "fail_mediation", at(2024, 3, 30))
    b.open("G3", at(2024, 5, 6))
    b.fire("G3", "divert_to_pre_filing_mediation", at(2024, 5, 6, 10), consent=True)
    b.fire("G3", "withdraw_mediation", at(2024, 5, 20), proceeding="p2")
    c = LogBuilder(d.prc_civil_2025())
    for k in ("H1", "H2"):
        c.filed(k, at(2025, 1, 6), "summary")
        c.fire(k, "offer_prior_mediation", at(2025, 1, 8), venue="court", mediator="m2",
               consent=True)  # fmt: skip
    c.fire("H1", "settle_in_prior_mediation", at(2025, 1, 15))
    c.fire("H2", "end_prior_mediation", at(2025, 1, 20))
    c.fire("H2", "pay_fee", at(2025, 1, 25))
    c.fire("H2", "render_judgment", at(2025, 3, 1))
    c.advance("H2", at(2025, 3, 20))
    c.fire("H2", "apply_for_execution", at(2025, 3, 21))
    c.fire("H2", "accept_execution", at(2025, 3, 22), proceeding="p2")
    c.fire("H2", "assign_handler", at(2025, 3, 23), proceeding="p2", handler="h1")
    for trigger in ("issue_execution_notice", "order_property_report", "restrict_consumption",
                    "complete_property_search", "search_for_debtor"):  # fmt: skip
        c.fire("H2", trigger, at(2025, 4, 1), proceeding="p2")
    c.fire("H2", "terminate_current_execution", at(2025, 7, 1), proceeding="p2")
    lifecycles = {lc.id: lc for lc in (d.prc_civil_2022(), d.prc_civil_2025())}
    return build_tables(b.log + c.log, lifecycles)


@pytest.fixture(scope="module")
def mediation() -> Tables:
    return mediation_tables()


class TestMediationAcrossRegimes:
    def test_pre_filing_mediation_2024(self, mediation: Tables) -> None:
        """
        2024: three pre-filing mediations concluded (G1 success, G2 failed, G3 withdrawn), three
        disputes brought to court: success rate 1 / 3, success share 1 / 3. G1 settled by
        mediation (its confirmation is the same dispute): settlement share 1 / 3. Five
        proceedings accepted (G1 twice, G2 twice, G3's mediation; G3's diverted complaint was
        never accepted) for three disputes.
        """
        got = values(mediation, Y2024, "pre-filing-mediation-success-rate",
                     "pre-litigation-success-share", "mediation-settlement-share",
                     "case-to-proceedings-ratio")  # fmt: skip
        assert got["pre-filing-mediation-success-rate"] == (1, 3, pytest.approx(100 / 3))
        assert got["pre-litigation-success-share"] == (1, 3, pytest.approx(100 / 3))
        assert got["mediation-settlement-share"] == (1, 3, pytest.approx(100 / 3))
        assert got["case-to-proceedings-ratio"] == (5, 3, pytest.approx(5 / 3))

    def test_prior_mediation_2025(self, mediation: Tables) -> None:
        """
        2025: two prior mediations ended, H1 settled -> post-filing success 1 / 2; H1's closing
        as "other" from mediation counts as mediated (mediation rate 1 / 2 first instances
        closed) and as a dispute settled by mediation (1 of 2 disputes brought to court).
        """
        got = values(mediation, Y2025, "post-filing-mediation-success-rate", "mediation-rate",
                     "mediation-withdrawal-rate", "mediation-settlement-share",
                     "pre-filing-mediation-success-rate")  # fmt: skip
        assert got["post-filing-mediation-success-rate"] == (1, 2, 50.0)
        assert got["mediation-rate"] == (1, 2, 50.0)
        assert got["mediation-withdrawal-rate"] == (1, 2, 50.0)
        assert got["mediation-settlement-share"] == (1, 2, 50.0)
        assert got["pre-filing-mediation-success-rate"][1] == 0  # no docket after 2024

    def test_termination_rate(self, mediation: Tables) -> None:
        """
        The one first execution closed in 2025 was terminated (终本): 1 / 1.
        """
        got = values(mediation, Y2025, "execution-termination-rate", "execution-full-rate")
        assert got["execution-termination-rate"] == (1, 1, 100.0)
        assert got["execution-full-rate"] == (0, 1, 0.0)


Y2024 = year(2024)

#: Every built-in indicator is checked by a worked example above.
CHECKED = {
    "cases-new", "cases-closed", "cases-accepted", "cases-carried-over", "cases-pending",
    "disputes-opened", "disputes-per-10000", "closure-rate", "closed-to-new-ratio",
    "within-time-limit-closure-rate", "first-instance-finality-rate", "mediation-rate",
    "mediation-withdrawal-rate", "mediation-settlement-share",
    "pre-filing-mediation-success-rate", "pre-litigation-success-share",
    "post-filing-mediation-success-rate", "duration-mean", "duration-median",
    "stage-duration-mean", "stage-duration-median", "lawsuits-per-10000", "appeal-rate",
    "petition-retrial-application-rate", "long-pending-share-12", "long-pending-share-18",
    "long-pending-share-24", "execution-actual-rate", "execution-recovery-rate",
    "execution-full-rate", "execution-termination-rate", "case-to-proceedings-ratio",
    "second-instance-hearing-rate", "appeal-transfer-days", "execution-application-rate",
    "closures-per-judge", "extension-rate", "retrial-order-rate", "first-instance-amended-rate",
    "first-instance-remanded-rate", "effective-amended-rate", "effective-remanded-rate",
    "second-instance-amend-remand-ratio", "retrial-amend-remand-ratio", "cepej-clearance-rate",
    "cepej-disposition-time", "cepej-turnover", "courtools-time-to-disposition-180",
    "courtools-time-to-disposition-365", "courtools-time-to-disposition-540",
    "courtools-age-active-pending-mean", "courtools-age-active-pending-median",
    "courtools-age-active-pending-net-median", "ncsc-backlog", "ncsc-backlog-share",
}  # fmt: skip


class TestRegistry:
    def test_every_builtin_is_checked(self) -> None:
        """
        The worked examples above cover every built-in indicator (a new one needs a test).
        """
        assert set(BUILTIN) == CHECKED

    def test_lookup(self) -> None:
        """
        Built-ins are found by id; an unknown id lists the valid ones.
        """
        assert builtin("closure-rate").name_zh == "结案率"
        assert builtin_ids()[0] == "cases-new"
        with pytest.raises(UnknownNameError, match="closure-rate"):
            builtin("closure-rat")

    def test_unofficial_ones_say_why(self) -> None:
        """
        Every definition marked unofficial carries a note stating its assumption.
        """
        unofficial = [i for i in BUILTIN.values() if not i.official]
        assert len(unofficial) >= 6
        assert all("assumption" in i.note for i in unofficial)

    def test_categories_and_directions(self) -> None:
        """
        Categories are the SPC's three groups; directions are higher, lower or neutral.
        """
        assert {i.category for i in BUILTIN.values()} == {"quality", "efficiency", "effect"}
        assert {i.direction for i in BUILTIN.values()} <= {"higher", "lower", "neutral"}
