"""
Tests of counterfactual replay: every recorded decision re-decided under other rules on the
facts recorded at that point, with differences, first divergences, illegal or failing
counterfactual decisions reported (not raised), summaries and a table.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.parameters import DatedValue, Parameter
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.counterfactual import CounterfactualReport, counterfactual
from disputeflow.policies.decision import Decision
from disputeflow.policies.prc import default_rule_sets
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from disputeflow.policies.ruleset import RuleSet, RuleSets
from support import at, loan

LC25 = d.prc_civil_2025()


@attrs.frozen
class Filing:
    """Registers, or issues a correction notice when the act's data list missing items."""

    id: str = "filing"
    version: str = "1"
    point: str = "filing"
    seen: list[Any] = attrs.field(factory=list, eq=False)

    def decide(self, request: DecisionRequest) -> Decision | None:
        self.seen.append((request.case.seq, request.state, dict(request.data)))
        if request.data.get("missing"):
            return Decision(
                "filing",
                "correct",
                self.id,
                self.version,
                "missing",
                trigger="issue_correction_notice",
                data={"missing": list(request.data["missing"])},
            )
        return Decision("filing", "register", self.id, self.version, "ok", trigger="register")


@attrs.frozen
class StrictFiling:
    """Refuses complaints over a limit read from a dated parameter (else registers)."""

    id: str = "strict"
    version: str = "2"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision | None:
        amount = request.case.facts.claim_amount or Decimal(0)
        if amount > request.value("strict.limit"):
            return Decision("filing", "refuse", self.id, self.version, "over", trigger="refuse")
        return None


@attrs.frozen
class Fixed:
    """Decides one trigger (or abstains with ``"-"``)."""

    id: str
    trigger: str | None
    point: str = "filing"
    version: str = "1"
    outcome: str = "x"

    def decide(self, request: DecisionRequest) -> Decision | None:
        if self.trigger == "-":
            return None
        return Decision(self.point, self.outcome, self.id, self.version, "r", trigger=self.trigger)


@attrs.frozen
class Broken:
    """Returns something that is not a Decision."""

    id: str = "broken"
    version: str = "1"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Any:
        return "register"


@attrs.frozen
class Track:
    """Small claims up to a limit, else summary."""

    id: str = "track"
    version: str = "1"
    point: str = "track"
    limit: int = 50000

    def decide(self, request: DecisionRequest) -> Decision | None:
        small = (request.case.facts.claim_amount or 0) <= self.limit
        return Decision(
            "track",
            "small" if small else "summary",
            self.id,
            self.version,
            "amount",
            trigger="assign_small_claims" if small else "assign_summary",
        )


@attrs.frozen
class NoAct:
    """Decides not to act at front_end (a decision_recorded event)."""

    id: str = "no-act"
    version: str = "1"
    point: str = "front_end"

    def decide(self, request: DecisionRequest) -> Decision | None:
        return Decision("front_end", "none", self.id, self.version, "never")


def _base(**chains: PolicyChain) -> RuleSet:
    default = {
        "filing": PolicyChain("filing", Filing()),
        "track": PolicyChain("track", Track()),
        "front_end": PolicyChain("front_end", NoAct()),
    }
    return RuleSet("rec", LC25, pendulum.Date(2025, 1, 1), None, {**default, **chains})


def _record(
    j: Jurisdiction, dispute_id: str, amount: int, day: int, missing: bool = False
) -> list[d.Event]:
    out = j.open(dispute_id, loan(amount), "receive_complaint", at=at(2025, 3, day), actor="c")
    case, log = out.case, list(out.events)

    def act(point: str, hour: int, **data: Any) -> None:
        nonlocal case
        o = j.act(case, "p1", point, at=at(2025, 3, day, hour), actor="c", data=data)
        case = o.case
        log.extend(o.events)

    if missing:
        act("filing", 10, missing=["evidence list"])
        o = j.fire(case, "p1", "submit_correction", at=at(2025, 3, day, 11), actor="p")
        case = o.case
        log.extend(o.events)
    act("filing", 12)
    act("track", 13)
    act("front_end", 14)
    return log


@pytest.fixture(scope="module")
def log() -> list[d.Event]:
    """Three disputes recorded under ``rec``, interleaved as a court's log would be."""
    j = Jurisdiction([_base()], courts=BAICHENG_COURTS)
    a = _record(j, "A", 38000, 3, missing=True)
    b = _record(j, "B", 80000, 4)
    c = _record(j, "C", 12000, 5)
    merged: list[d.Event] = []
    for group in itertools.zip_longest(a, b, c):
        merged += [e for e in group if e is not None]
    return merged


class TestReplay:
    def test_same_rules_change_nothing(self, log: list[d.Event]) -> None:
        """Re-deciding under the recording rules finds every decision the same."""
        report = counterfactual(log, _base())
        assert len(report.rows) == 10  # A: 2 filing + track + front_end; B, C: 3 each
        assert {r.status for r in report.rows} == {"same"}
        assert report.first_divergence == {}
        assert report.differences == ()

    def test_decision_recorded_events_are_included(self, log: list[d.Event]) -> None:
        """A decision not to act (decision_recorded) is a recorded decision point too."""
        report = counterfactual(log, _base())
        front = [r for r in report.rows if r.point == "front_end"]
        assert len(front) == 3
        assert all(r.recorded_trigger is None and r.recorded_outcome == "none" for r in front)

    def test_facts_and_inputs_as_recorded(self, log: list[d.Event]) -> None:
        """The policy sees the case just before the act and the recorded inputs."""
        spy = Filing()
        counterfactual(log, _base(filing=PolicyChain("filing", spy)))
        a_seen = [s for s in spy.seen if s[0] in (2, 4)][:2]
        assert a_seen[0] == (2, "complaint_received", {"missing": ["evidence list"]})
        assert a_seen[1] == (4, "complaint_received", {})

    def test_differences_and_first_divergence(self, log: list[d.Event]) -> None:
        """A lower small-claims limit changes the track of A (38,000) and C (12,000)."""
        report = counterfactual(log, _base(track=PolicyChain("track", Track(limit=10000))))
        diff = {(r.dispute_id, r.point) for r in report.differences}
        assert diff == {("A", "track"), ("C", "track")}
        first = report.first_divergence
        assert set(first) == {"A", "C"}
        row = first["C"]
        assert (row.recorded_outcome, row.outcome) == ("small", "summary")
        assert row.changes == {
            "outcome": ("small", "summary"),
            "trigger": ("assign_small_claims", "assign_summary"),
        }
        assert row.differs
        assert row.recorded_rule_set == "rec"
        assert row.rule_set == "rec"

    def test_first_divergence_is_the_earliest(self, log: list[d.Event]) -> None:
        """With two differing decisions in a dispute, the earlier one is its first."""
        rules = _base(
            filing=PolicyChain("filing", Fixed("reg", "register", outcome="register")),
            track=PolicyChain("track", Track(limit=10000)),
        )
        report = counterfactual(log, rules)
        a_diffs = [r for r in report.differences if r.dispute_id == "A"]
        assert [r.point for r in a_diffs] == ["filing", "track"]
        assert report.first_divergence["A"].seq == a_diffs[0].seq

    def test_illegal_counterfactual_is_reported(self, log: list[d.Event]) -> None:
        """A trigger illegal at that point is reported as illegal, not raised."""
        report = counterfactual(log, _base(filing=PolicyChain("filing", Fixed("x", "affirm"))))
        rows = [r for r in report.rows if r.point == "filing"]
        assert rows
        assert {r.status for r in rows} == {"illegal"}
        assert all(r.differs for r in rows)
        assert "affirm" in rows[0].problem
        assert rows[0].policy == "x"

    def test_failing_policy_is_reported(self, log: list[d.Event]) -> None:
        """A policy that returns garbage is an error row; it is not counted as a difference."""
        report = counterfactual(log, _base(filing=PolicyChain("filing", Broken())))
        rows = [r for r in report.rows if r.point == "filing"]
        assert {r.status for r in rows} == {"error"}
        assert not any(r.differs for r in rows)
        assert "not a Decision" in rows[0].problem

    def test_points_the_rules_do_not_decide(self, log: list[d.Event]) -> None:
        """A rule set without a chain for the point, or a chain for another point."""
        no_front = attrs.evolve(_base(), chains={"filing": PolicyChain("filing", Filing())})
        report = counterfactual(log, no_front)
        assert {r.status for r in report.rows if r.point != "filing"} == {"not_covered"}
        chain_report = counterfactual(log, PolicyChain("track", Track(limit=10000)))
        assert {r.status for r in chain_report.rows if r.point != "track"} == {"not_covered"}
        assert chain_report.counts()["differs"] == 2

    def test_rule_sets_by_date_and_gaps(self, log: list[d.Event]) -> None:
        """RuleSets picks the rule set of each act's date; a date without one is not covered."""
        early = attrs.evolve(_base(), id="early", valid_to=pendulum.Date(2025, 3, 4))
        late = attrs.evolve(
            _base(track=PolicyChain("track", Track(limit=10000))),
            id="late",
            valid_from=pendulum.Date(2025, 3, 5),
        )
        report = counterfactual(log, RuleSets([early, late]))
        assert {r.rule_set for r in report.rows if r.dispute_id == "A"} == {"early"}
        assert [(r.dispute_id, r.point) for r in report.differences] == [("C", "track")]
        gap = counterfactual(
            log, RuleSets([attrs.evolve(late, valid_from=pendulum.Date(2026, 1, 1))])
        )
        assert {r.status for r in gap.rows} == {"not_covered"}
        assert "no rule set governs" in gap.rows[0].problem

    def test_single_policy_put_first(self, log: list[d.Event]) -> None:
        """A policy alone is asked first; where it abstains the recorded decision stands."""
        abstains = counterfactual(log, Fixed("maybe", "-"))
        filing = [r for r in abstains.rows if r.point == "filing"]
        assert {r.status for r in filing} == {"same"}
        assert {r.policy for r in filing} == {"filing"}
        decides = counterfactual(log, Fixed("refuser", "refuse", outcome="refuse"))
        assert {r.status for r in decides.rows if r.point == "filing"} == {"differs"}
        assert {r.status for r in decides.rows if r.point == "track"} == {"not_covered"}

    def test_as_of_reads_parameters_of_that_date(self, log: list[d.Event]) -> None:
        """as_of reads a parameter not yet in force on the act's date."""
        limit = Parameter(
            id="strict.limit",
            values=(DatedValue(value=50000, valid_from=pendulum.Date(2026, 1, 1), reference="t"),),
        )
        rules = _base(filing=PolicyChain("filing", Filing(), policies=(StrictFiling(),)))
        rules = attrs.evolve(rules, parameters=rules.parameters.replace(limit))
        without = counterfactual(log, rules)
        assert {r.status for r in without.rows if r.point == "filing"} == {"error"}
        report = counterfactual(log, rules, as_of=pendulum.Date(2026, 1, 1))
        assert [(r.dispute_id, r.outcome) for r in report.differences] == [("B", "refuse")]
        assert "as of 2026-01-01" in report.against


class TestLogShapes:
    def test_voided_acts_are_left_out(self) -> None:
        """A decision voided by a correction is not re-decided."""
        j = Jurisdiction([_base()], courts=BAICHENG_COURTS)
        out = j.open("V", loan(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        log = list(out.events)
        o = j.act(out.case, "p1", "filing", at=at(2025, 3, 3, 10), actor="c")
        log += o.events
        fix = j.engine(o.case).correct(
            o.case, log, o.events[0].seq, at=at(2025, 3, 3, 11), actor="c", reason="wrong"
        )
        log += fix.events
        o2 = j.act(fix.case, "p1", "filing", at=at(2025, 3, 3, 12), actor="c")
        log += o2.events
        report = counterfactual(log, _base())
        assert [r.seq for r in report.rows] == [o2.events[0].seq]

    def test_chained_opening_counts_once(self) -> None:
        """A decision carried by a transition and the opening it chains is one row."""
        rule_sets = default_rule_sets()
        roster = (Venue("pm", "peoples_mediation", capacity=5, mediators=(Mediator("m1"),)),)
        j = Jurisdiction(rule_sets, roster=roster, courts=BAICHENG_COURTS)
        facts = attrs.evolve(loan(), category="neighbour")
        out = j.open("N", facts, "receive_complaint", at=at(2024, 6, 3), actor="c")
        o = j.act(out.case, "p1", "front_end", at=at(2024, 6, 3, 10), actor="c",
                  data={"consent": True})  # fmt: skip
        assert len([e for e in o.events if e.decision]) == 2
        report = counterfactual([*out.events, *o.events], rule_sets, roster=roster)
        assert len(report.rows) == 1
        assert report.rows[0].status == "same"
        assert report.rows[0].proceeding_id == "p1"


class TestReport:
    def test_summary_and_table(self, log: list[d.Event]) -> None:
        """summary() in both languages names counts and first divergences; to_pandas rows."""
        report = counterfactual(log, _base(track=PolicyChain("track", Track(limit=10000))))
        en = report.summary()
        assert "10 recorded decisions of 3 disputes re-decided under rec: 8 same, 2 differs" in en
        assert "2 disputes would have diverged" in en
        assert "  C #" in en
        assert "track: small (track/amount) -> summary (track/amount)" in en
        zh = report.summary("zh")
        assert "按 rec 重新决定 3 件纠纷的 10 项已记录决定：相同 8，不同 2" in zh
        df = report.to_pandas()
        assert len(df) == 10
        assert list(df.columns[:3]) == ["dispute_id", "seq", "on"]
        assert int(df["differs"].sum()) == 2
        assert set(df.loc[df["differs"], "dispute_id"]) == {"A", "C"}

    def test_illegal_rows_in_summary(self, log: list[d.Event]) -> None:
        """Illegal counterfactuals are listed with their problem."""
        report = counterfactual(log, _base(filing=PolicyChain("filing", Fixed("x", "affirm"))))
        assert "illegal: policy 'x'" in report.summary()
        assert "不合法：" in report.summary("zh")

    def test_empty_log(self) -> None:
        """No events: an empty report."""
        report = counterfactual([], _base())
        assert report == CounterfactualReport("rec", ())
        assert report.counts()["same"] == 0
        assert report.summary().startswith("0 recorded decisions of 0 disputes")
        assert report.summary().splitlines()[0].endswith(": none")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    amounts=st.lists(st.integers(1000, 200000), min_size=1, max_size=4),
    limit=st.integers(1000, 200000),
)
def test_differences_match_the_limit(amounts: list[int], limit: int) -> None:
    """A track decision differs exactly when the amount falls on the other side of a new limit."""
    j = Jurisdiction([_base()], courts=BAICHENG_COURTS)
    log: list[d.Event] = []
    for i, amount in enumerate(amounts):
        log += _record(j, f"D{i}", amount, 3 + i)
    report = counterfactual(log, _base(track=PolicyChain("track", Track(limit=limit))))
    expected = {f"D{i}" for i, a in enumerate(amounts) if (a <= 50000) != (a <= limit)}
    assert set(report.first_divergence) == expected
    assert all(r.point == "track" for r in report.differences)


def test_log_across_a_migration() -> None:
    """A log migrated from prc-civil-2022 to 2025 replays; the later decision is re-decided."""
    old = attrs.evolve(
        _base(),
        id="old",
        lifecycle=d.prc_civil_2022(),
        valid_from=pendulum.Date(2022, 1, 1),
        valid_to=pendulum.Date(2024, 12, 31),
    )
    j = Jurisdiction([old, _base()], courts=BAICHENG_COURTS)
    out = j.open("M", loan(), "receive_complaint", at=at(2024, 12, 20), actor="c")
    log = list(out.events)
    o = j.act(out.case, "p1", "filing", at=at(2024, 12, 23), actor="c")
    log += o.events
    m = j.migrate(o.case, LC25.id, at=at(2025, 1, 2), actor="admin")
    log += m.events
    o = j.act(m.case, "p1", "track", at=at(2025, 1, 3), actor="c")
    log += o.events
    report = counterfactual(
        log, RuleSets([old, _base(track=PolicyChain("track", Track(limit=10000)))])
    )
    assert [(r.point, r.rule_set, r.status) for r in report.rows] == [
        ("filing", "old", "same"),
        ("track", "rec", "differs"),
    ]
