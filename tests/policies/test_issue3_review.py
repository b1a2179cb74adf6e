"""
Review of issue 3 (pluggable policies, dated rule sets) against the code: each test states one
promise of the issue and fails if the code breaks it.

- The explanation names every policy consulted and which one decided (English and Chinese).
- Decisions are plain data in the event: a policy returning a set or an object is refused when
  it decides (not when the log is saved); logs survive ``dumps_events``/``loads_events`` and
  are explained and re-decided after the policies are gone.
- Every built-in decision maps to a legal transition, also when a limit is configured above
  the lifecycle's own (whose guard enforces it).
- Bad configuration: typed errors naming the key, nothing half-loaded; values of an existing
  parameter are checked against its type; lifecycle parameters (read by the engine) are
  refused; transitional provisions date openings in court-local time.
- History before 2022 is a clear error everywhere (open, decide, counterfactual), unless the
  caller supplies a rule set.
- Parameters have validity intervals: the small-claims wage changes with the act's date.
- The counterfactual reports the first divergence of each dispute.
- Migration of a dispute with closed proceedings keeps them as history; explain knows the
  shipped lifecycles after their rule set is gone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import attrs
import pendulum
import pytest

import disputeflow as d
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import ConfigError, InvalidValueError, NoRuleSetError, PolicyError
from disputeflow.io import dumps_events, loads_events
from disputeflow.io.config import OpenedBefore, load_rule_sets
from disputeflow.parameters import DatedValue, Parameter
from disputeflow.policies import counterfactual, default_rule_sets
from disputeflow.policies.builtin import FilingControl, MediationExtension
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.decision import Decision, plain_problem
from disputeflow.policies.prc import prc_2024, prc_2025
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue
from disputeflow.policies.ruleset import RuleSet
from support import at

ROSTER = (
    Venue("traffic", "industry", categories={"traffic_accident"}, capacity=5,
          mediators=(Mediator("m-traffic", specialties={"traffic_accident"}, capacity=3),)),
)  # fmt: skip


def traffic(amount: int = 30000, **attributes: Any) -> d.Facts:
    """A traffic-accident dispute at the Taobei court."""
    return d.Facts(
        category="traffic_accident",
        court="taobei",
        region="taobei",
        claim_amount=Decimal(amount),
        parties=(d.Party("Li", "plaintiff"), d.Party("Chen", "defendant")),
        attributes=attributes,
    )


class Log:
    """Acts through a jurisdiction and keeps one dispute's log."""

    def __init__(
        self, j: Jurisdiction, when: pendulum.DateTime, facts: d.Facts | None = None, id: str = "D"
    ) -> None:
        self.j = j
        out = j.open(id, facts or traffic(), "receive_complaint", at=when, actor="clerk")
        self.case = out.case
        self.events = list(out.events)

    def act(self, pid: str, point: str, when: pendulum.DateTime, **data: Any) -> d.Outcome:
        out = self.j.act(self.case, pid, point, at=when, actor="court", data=data)
        self.case = out.case
        self.events += out.events
        return out

    def fire(self, pid: str, trigger: str, when: pendulum.DateTime, **data: Any) -> d.Outcome:
        out = self.j.fire(self.case, pid, trigger, at=when, actor="court", data=data)
        self.case = out.case
        self.events += out.events
        return out


def _jurisdiction(**options: Any) -> Jurisdiction:
    return Jurisdiction(default_rule_sets(**options), roster=ROSTER)


def _lifecycle_limit(lc: d.Lifecycle, parameter_id: str, value: int) -> d.Lifecycle:
    """The lifecycle with another value of one of its limits (and another id)."""
    old = lc.parameters.get(parameter_id)
    new = attrs.evolve(
        old,
        values=(DatedValue(value=value, valid_from=pendulum.Date(2000, 1, 1), reference="test"),),
    )
    return attrs.evolve(lc, id=f"{lc.id}-x", parameters=lc.parameters.replace(new))


class TestExplanation:
    def test_names_every_policy_consulted_and_the_one_that_decided(self) -> None:
        """The filing chain asks duplicate-suit, vexatious-filer, labour-arbitration, then the
        default: the explanation lists each with its verdict, in English and Chinese."""
        log = Log(_jurisdiction(), at(2025, 3, 3))
        out = log.act("p1", "filing", at(2025, 3, 3, 10))
        assert out.decision is not None
        assert [(c.policy, c.verdict) for c in out.decision.consulted] == [
            ("prc.duplicate-suit", "abstained"),
            ("prc.vexatious-filer", "abstained"),
            ("prc.labour-arbitration", "abstained"),
            ("prc.filing", "decided"),
        ]
        en = log.j.explain(log.events)
        assert "by policy prc.filing v1, rule conforming" in en
        assert (
            "consulted: prc.duplicate-suit (abstained), prc.vexatious-filer (abstained), "
            "prc.labour-arbitration (abstained), prc.filing (decided)"
        ) in en
        zh = log.j.explain(log.events, "zh")
        assert "由政策 prc.filing v1 规则 conforming 作出" in zh
        assert "prc.duplicate-suit (未适用)" in zh
        assert "prc.filing (作出决定)" in zh

    def test_policies_not_reached_are_named(self) -> None:
        """When an earlier policy decides, the later ones and the default are 'not reached'."""
        j = _jurisdiction(policies={"prc.vexatious-filer": {"filers": ["Li"], "action": "refuse"}})
        log = Log(j, at(2025, 3, 3))
        out = log.act("p1", "filing", at(2025, 3, 3, 10))
        assert out.decision is not None
        assert out.decision.policy == "prc.vexatious-filer"
        text = log.j.explain(log.events)
        assert "prc.vexatious-filer (decided)" in text
        assert "prc.labour-arbitration (not reached), prc.filing (not reached)" in text


@attrs.frozen
class _Payload:
    """A filing policy returning whatever payload it is given."""

    payload: Any
    id: str = "test.payload"
    version: str = "1"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision:
        return Decision("filing", "register", self.id, self.version, "r", trigger="register",
                        data={"x": self.payload}, reasons=("ok",))  # fmt: skip


def _payload_jurisdiction(payload: Any) -> Jurisdiction:
    rs = RuleSet("t-2025", d.prc_civil_2025(), pendulum.Date(2025, 1, 1),
                 chains=[PolicyChain("filing", _Payload(payload))])  # fmt: skip
    return Jurisdiction([rs])


class TestPlainData:
    @pytest.mark.parametrize(
        ("payload", "where"),
        [
            ({"a", "b"}, "data.x holds a set"),
            (Venue("v", "grid"), "data.x holds a Venue"),
            ([1, frozenset()], "data.x[1] holds a frozenset"),
            ({1: "a"}, "data.x has the key 1"),
            (float("nan"), "not a finite number"),
        ],
    )
    def test_non_plain_payload_is_refused_when_decided(self, payload: Any, where: str) -> None:
        """A payload the log cannot store is a PolicyError at decision time, naming the path
        and the plain types; nothing is recorded."""
        j = _payload_jurisdiction(payload)
        opened = j.open("D", traffic(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        with pytest.raises(PolicyError, match="not plain data") as err:
            j.act(opened.case, "p1", "filing", at=at(2025, 3, 3, 10), actor="c")
        assert where in str(err.value)
        assert err.value.policy == "test.payload"
        assert "Decimal" in err.value.valid[0]

    @pytest.mark.parametrize(
        "payload",
        [("a", 1), Decimal("1.5"), pendulum.Date(2025, 1, 1), {"k": [1, 2.5, None, True]},
         pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai")],
    )  # fmt: skip
    def test_plain_payload_survives_the_json_log(self, payload: Any) -> None:
        """Tuples, Decimals, dates, aware datetimes and nested lists/maps are accepted and read
        back from JSON equal, decision and all."""
        j = _payload_jurisdiction(payload)
        opened = j.open("D", traffic(), "receive_complaint", at=at(2025, 3, 3), actor="c")
        out = j.act(opened.case, "p1", "filing", at=at(2025, 3, 3, 10), actor="c")
        log = [*opened.events, *out.events]
        back = loads_events(dumps_events(log))
        assert back == log
        assert Decision.from_record(back[-1].decision or {}).data == {"x": payload}

    def test_plain_problem(self) -> None:
        """plain_problem names the first non-plain value, or None."""
        assert plain_problem({"a": (1, [Decimal(2)])}) is None
        problem = plain_problem({"a": {"b": object()}})
        assert problem is not None
        assert problem.startswith("data.a.b holds a object (")
        naive = pendulum.naive(2025, 1, 1)
        assert plain_problem(naive, "v") == "v is a naive datetime"


def test_record_with_one_reason_as_a_string() -> None:
    """A hand-written record with ``reasons = "..."`` reads as one reason, not characters."""
    d_ = Decision.from_record({"point": "filing", "outcome": "register", "policy": "p",
                               "version": "1", "rule": "r", "reasons": "conforms",
                               "legal_basis": "CPL Art. 126"})  # fmt: skip
    assert d_.reasons == ("conforms",)
    assert d_.legal_basis == ("CPL Art. 126",)


class TestLogsOutliveThePolicies:
    def _three(self) -> list[d.Event]:
        j = _jurisdiction()
        a = Log(j, at(2024, 5, 6), id="A")
        a.act("p1", "front_end", at(2024, 5, 6, 10), consent=True)
        a.act("p2", "mediator", at(2024, 5, 7))
        a.fire("p2", "fail_mediation", at(2024, 6, 3))
        a.act("p3", "track", at(2024, 6, 4), judge="zhou")
        b = Log(j, at(2025, 3, 3), id="B")
        b.act("p1", "filing", at(2025, 3, 3, 10), missing=["evidence list"])
        b.act("p1", "front_end", at(2025, 3, 3, 11), consent=False)
        return [*a.events, *b.events]

    def test_json_round_trip_explain_without_policies(self) -> None:
        """After JSON, a jurisdiction whose rule sets hold no policy explains the logs exactly
        as the one that decided them, in both languages."""
        log = self._three()
        back = loads_events(dumps_events(log))
        assert back == log
        live = _jurisdiction()
        bare = Jurisdiction([attrs.evolve(r, chains={}) for r in default_rule_sets()])
        langs: tuple[Literal["en", "zh"], ...] = ("en", "zh")
        for lang in langs:
            assert bare.explain(back, lang) == live.explain(log, lang)
        assert "decision_recorded" in {e.type for e in back}

    def test_counterfactual_on_the_json_log_under_the_same_rules(self) -> None:
        """Re-deciding the JSON-read log under the rules that made it changes nothing."""
        back = loads_events(dumps_events(self._three()))
        report = counterfactual(back, default_rule_sets(), roster=ROSTER)
        assert report.counts()["same"] == len(report.rows) == 5
        assert report.first_divergence == {}


class TestLegalTransitions:
    def _mediating(self, **options: Any) -> Log:
        log = Log(_jurisdiction(**options), at(2024, 5, 6))
        log.act("p1", "front_end", at(2024, 5, 6, 10), consent=True)
        log.act("p2", "mediator", at(2024, 5, 7))
        return log

    def test_extension_never_beyond_the_lifecycle_guard(self) -> None:
        """max_extensions=2 over a lifecycle allowing 1: the second request is refused by the
        policy (limit-reached), so the act is legal instead of a guard refusing it."""
        log = self._mediating(policies={"prc.mediation-extension": {"max_extensions": 2}})
        first = log.act("p2", "mediation_extension", at(2024, 5, 8), consent=True)
        assert first.decision is not None
        assert first.decision.trigger == "extend_mediation"
        second = log.act("p2", "mediation_extension", at(2024, 5, 9), consent=True)
        assert second.decision is not None
        assert (second.decision.rule, second.decision.trigger) == ("limit-reached", None)
        assert "1 of 1 extensions" in second.decision.why()
        assert second.events[0].type == "decision_recorded"

    def test_extension_follows_a_lifecycle_that_allows_more(self) -> None:
        """On a lifecycle whose guard allows two, max_extensions=2 grants the second."""
        rs = prc_2024()
        lc = _lifecycle_limit(rs.lifecycle, "limit.extensions.mediation", 2)
        engine = d.Engine(lc)
        case = engine.open("D", traffic(), "receive_complaint", at=at(2024, 5, 6), actor="c").case
        p = attrs.evolve(case.proceeding("p1"), state="mediating", kind="pre_filing_mediation",
                         fired=("assign_mediator", "extend_mediation"))  # fmt: skip
        request = DecisionRequest("mediation_extension", case, p, lc, at(2024, 5, 9),
                                  pendulum.Date(2024, 5, 9), rs.parameters,
                                  data={"consent": True})  # fmt: skip
        assert MediationExtension(max_extensions=2).decide(request).trigger == "extend_mediation"
        assert MediationExtension().decide(request).rule == "limit-reached"

    def test_correction_notices_never_beyond_the_lifecycle_guard(self) -> None:
        """A rule set allowing two correction notices over a lifecycle allowing one: the
        second time items are missing the complaint is refused, not noticed again (which the
        lifecycle's one-notice guard would refuse)."""
        base = prc_2025()
        more = attrs.evolve(base.parameters.get("limit.correction_notices"),
                            values=(DatedValue(value=2, valid_from=pendulum.Date(2022, 1, 1),
                                               reference="t"),))  # fmt: skip
        rs = base.derive("t-2025", parameters=base.parameters.replace(more),
                         transitional=())  # fmt: skip
        log = Log(Jurisdiction([rs]), at(2025, 3, 3))
        log.act("p1", "filing", at(2025, 3, 3, 10), missing=["ID copy"])
        log.fire("p1", "submit_correction", at(2025, 3, 5))
        out = log.act("p1", "filing", at(2025, 3, 5, 10), missing=["ID copy"])
        assert out.decision is not None
        assert (out.decision.rule, out.decision.trigger) == ("still-missing", "refuse")
        assert log.case.proceeding("p1").state == "refused"
        assert FilingControl().point == "filing"


HEAD = """
[rule_sets.court-2026]
base = "prc-2025"
valid_from = 2026-01-01
"""


class TestConfig:
    def _error(self, text: str) -> ConfigError:
        base = default_rule_sets()
        with pytest.raises(ConfigError) as err:
            load_rule_sets(text, base=base)
        # Nothing half-loaded: the base rule sets are untouched.
        assert base.get("prc-2025").valid_to is None
        return err.value

    @pytest.mark.parametrize(
        ("value", "expected"),
        [('"lots"', "a number"), ("true", "a number"), ("nan", "a finite number")],
    )
    def test_existing_amount_parameter_needs_a_number(self, value: str, expected: str) -> None:
        """A wrong value for the average wage fails at load, naming the value's key (before:
        it loaded and the triage failed later with decimal.InvalidOperation)."""
        err = self._error(
            HEAD + '[rule_sets.court-2026.parameters."small-claims.average-wage"]\n'
            f'values = [{{ value = {value}, valid_from = 2026-01-01, reference = "r" }}]\n'
        )
        assert err.key == (
            "rule_sets.court-2026.parameters.small-claims.average-wage.values[0].value"
        )
        assert err.expected == expected
        assert err.file == "<string>"

    def test_amounts_become_decimals_and_apply_by_date(self) -> None:
        """A float figure is read as a Decimal; triage uses it from its date, the old figure
        before."""
        sets = load_rule_sets(
            HEAD + '[rule_sets.court-2026.parameters."small-claims.average-wage"]\n'
            'values = [{ value = 100000.5, valid_from = 2026-01-01, reference = "r" }]\n'
        )
        rs = sets.get("court-2026")
        assert rs.parameters.value("small-claims.average-wage", pendulum.Date(2026, 2, 1)) == (
            Decimal("100000.5")
        )
        j = Jurisdiction(sets)
        log = Log(j, at(2026, 2, 2), facts=traffic(48000))
        log.act("p1", "filing", at(2026, 2, 2, 10))
        out = log.act("p1", "track", at(2026, 2, 3), judge="zhou")
        assert out.decision is not None
        assert out.decision.outcome == "small_claims"

    @pytest.mark.parametrize("pid", ["period.filing_decision", "limit.extensions.mediation"])
    def test_lifecycle_parameters_are_refused(self, pid: str) -> None:
        """The engine reads periods and limits from the lifecycle: configuring them on a rule
        set (silently ignored by clocks, or contradicted by guards) is a ConfigError."""
        err = self._error(
            HEAD + f'[rule_sets.court-2026.parameters."{pid}"]\n'
            'values = [{ value = 3, valid_from = 2026-01-01, reference = "r" }]\n'
        )
        assert err.key == f"rule_sets.court-2026.parameters.{pid}"
        assert "small-claims.average-wage" in err.expected

    def test_new_parameters_are_still_free(self) -> None:
        """A parameter the rule set does not have yet takes any plain value."""
        sets = load_rule_sets(
            HEAD + '[rule_sets.court-2026.parameters."court.note"]\n'
            'values = [{ value = "x", valid_from = 2026-01-01, reference = "r" }]\n'
        )
        assert sets.get("court-2026").parameters.value("court.note", pendulum.Date(2026, 1, 1))

    def test_opened_before_uses_court_local_dates(self) -> None:
        """A dispute opened at 01:00 Beijing time on the new rules' first day, given in UTC,
        was opened under the new rules: the provision does not pin it to the old ones."""
        sets = load_rule_sets(
            HEAD + '[[rule_sets.court-2026.transitional]]\nid = "old"\n'
            'kind = "disputes_opened_before"\n'
        )
        j = Jurisdiction(sets)
        first_morning = pendulum.datetime(2025, 12, 31, 17, tz="UTC")
        log = Log(j, first_morning)
        assert log.events[0].rule_set == "court-2026"
        out = log.act("p1", "filing", first_morning.add(hours=1))
        assert out.events[0].rule_set == "court-2026"
        late = Log(j, pendulum.datetime(2025, 12, 31, 15, tz="UTC"))  # 23:00 in Beijing
        assert late.act("p1", "filing", first_morning).events[0].rule_set == "prc-2025"
        test = OpenedBefore("dispute", pendulum.Date(2026, 1, 1))
        assert not test(log.case, None, pendulum.Date(2026, 1, 1))


def _broken_factory(**params: Any) -> Any:
    """A plugin factory failing with an untyped error."""
    raise KeyError(params.get("key", "boom"))


class TestFactoriesFailingAnyhow:
    def test_config_names_the_key_whatever_the_factory_raises(self) -> None:
        """A factory raising KeyError (not TypeError/ValueError) is still a ConfigError naming
        the policy's params key, with the cause kept."""
        text = HEAD + '[[rule_sets.court-2026.chains.filing.add]]\npolicy = "x.broken"\n'
        with pytest.raises(ConfigError) as err:
            load_rule_sets(text, {"x.broken": _broken_factory})
        assert err.value.key == "rule_sets.court-2026.chains.filing.add[0].params"
        assert isinstance(err.value.__cause__, KeyError)

    def test_checked_plugin_factory_wraps_untyped_errors(self) -> None:
        """A discovered plugin whose factory raises KeyError is a PluginError naming it."""
        from disputeflow.io.plugins import PluginError, _CheckedFactory

        checked = _CheckedFactory("x.broken", "'x.broken' = 'm:f'", "g", _broken_factory)
        with pytest.raises(PluginError, match=r"rejected parameters \{'key': 'k'\}: KeyError"):
            checked(key="k")


class TestHistoryBefore2022:
    def test_open_is_a_clear_error(self) -> None:
        """Opening a 2021 dispute names the date, the known rule sets and what to do."""
        with pytest.raises(NoRuleSetError) as err:
            _jurisdiction().open("OLD", traffic(), "receive_complaint", at=at(2021, 12, 31),
                                 actor="c")  # fmt: skip
        text = str(err.value)
        assert "2021-12-31" in text
        assert "prc-2024 (2022-01-01" in text
        assert "supply a rule set" in text

    def test_court_local_new_year_is_covered(self) -> None:
        """00:30 on 2022-01-01 in Beijing (2021 in UTC) is governed by prc-2024."""
        out = _jurisdiction().open("NY", traffic(), "receive_complaint",
                                   at=pendulum.datetime(2021, 12, 31, 16, 30, tz="UTC"),
                                   actor="c")  # fmt: skip
        assert out.events[0].rule_set == "prc-2024"

    def test_counterfactual_row_names_the_gap(self) -> None:
        """A 2021 decision recorded under a caller's rule set is 'not_covered' by the shipped
        ones, with the reason."""
        old = prc_2024().derive("old-2021", valid_from=pendulum.Date(2021, 1, 1),
                                valid_to=pendulum.Date(2021, 12, 31))  # fmt: skip
        j = Jurisdiction([old], roster=ROSTER)
        log = Log(j, at(2021, 6, 1))
        log.act("p1", "filing", at(2021, 6, 1, 10))
        assert log.events[-1].rule_set == "old-2021"
        (row,) = counterfactual(log.events, default_rule_sets()).rows
        assert row.status == "not_covered"
        assert "2021-06-01" in row.problem


class TestDatedParameters:
    def test_wage_by_date_on_both_sides(self) -> None:
        """With figures from 2024 and 2025, a 50,000 claim is small claims only under the
        larger 2025 figure (0.5 x 95,000 = 47,500 < 50,000 < 0.5 x 110,000)."""
        sets = default_rule_sets(average_wage={"2024-01-01": 95000, "2025-01-01": 110000})
        j = Jurisdiction(sets)
        outcomes = []
        for year in (2024, 2025):
            log = Log(j, at(year, 3, 1), facts=traffic(50000), id=f"W{year}")
            log.act("p1", "filing", at(year, 3, 1, 10))
            out = log.act("p1", "track", at(year, 3, 2), judge="zhou")
            assert out.decision is not None
            outcomes.append(out.decision.outcome)
        assert outcomes[0] != "small_claims"
        assert outcomes[1] == "small_claims"

    def test_before_the_first_figure_is_a_typed_error(self) -> None:
        """An act before the first published figure raises InvalidValueError naming the
        parameter (no silent default)."""
        sets = default_rule_sets(average_wage={"2024-01-01": 95000})
        log = Log(Jurisdiction(sets), at(2023, 3, 1))
        log.act("p1", "filing", at(2023, 3, 1, 10))
        with pytest.raises(InvalidValueError, match=r"small-claims\.average-wage"):
            log.act("p1", "track", at(2023, 3, 2), judge="zhou")

    def test_parameter_values_have_intervals(self) -> None:
        """Each figure is valid until the day before the next."""
        p = (
            default_rule_sets(average_wage={"2024-01-01": 95000, "2025-01-01": 110000})
            .get("prc-2025")
            .parameters.get("small-claims.average-wage")
        )
        assert isinstance(p, Parameter)
        first, second = p.values
        assert (first.valid_from, first.valid_to) == (
            pendulum.Date(2024, 1, 1), pendulum.Date(2024, 12, 31)
        )  # fmt: skip
        assert (second.valid_from, second.valid_to) == (pendulum.Date(2025, 1, 1), None)


class TestFirstDivergence:
    def test_each_dispute_reports_its_own_first(self) -> None:
        """Interleaved disputes: each dispute's first differing decision is reported (the
        earliest by seq, even when a later one differs too), and a dispute with no
        difference is absent."""
        j = _jurisdiction()
        logs = []
        for id, plaintiff in (("A", "Wu"), ("B", "Li"), ("C", "Wu")):
            facts = attrs.evolve(traffic(), parties=(d.Party(plaintiff, "plaintiff"),
                                                     d.Party("Chen", "defendant")))  # fmt: skip
            logs.append(Log(j, at(2025, 3, 3), facts=facts, id=id))
        for log in logs:
            log.act("p1", "filing", at(2025, 3, 3, 10))
        for log in logs:
            log.act("p1", "track", at(2025, 3, 4), judge="zhou")
        interleaved = [e for trio in zip(*(log.events for log in logs), strict=False)
                       for e in trio]  # fmt: skip
        other = default_rule_sets(
            policies={"prc.vexatious-filer": {"filers": ["Wu"], "action": "refuse"}}
        )
        report = counterfactual(interleaved, other)
        first = report.first_divergence
        assert set(first) == {"A", "C"}
        for id in ("A", "C"):
            assert (first[id].point, first[id].recorded_outcome, first[id].outcome) == (
                "filing", "register", "refuse"
            )  # fmt: skip
            # The track decision after it is re-decided on the recorded facts too.
            later = [r for r in report.rows if r.dispute_id == id and r.point == "track"]
            assert later
            assert later[0].seq > first[id].seq
        assert [r.dispute_id for r in report.rows] == ["A", "A", "B", "B", "C", "C"]
        assert "A #" in report.summary()
        assert "C #" in report.summary()


def test_migration_keeps_closed_proceedings_as_history() -> None:
    """A dispute whose 2024 pre-filing mediation is over can move its open litigation onto
    prc-civil-2025: closed proceedings keep their (2022-lifecycle) states as history."""
    j = _jurisdiction()
    log = Log(j, at(2024, 12, 20))
    log.act("p1", "front_end", at(2024, 12, 20, 10), consent=True)
    log.act("p2", "mediator", at(2024, 12, 23))
    log.fire("p2", "fail_mediation", at(2025, 2, 10))
    out = j.migrate(log.case, "prc-civil-2025", at=at(2025, 2, 11), actor="court")
    log.case = out.case
    log.events += out.events
    assert [p.state for p in log.case.proceedings] == [
        "diverted_to_mediation", "mediation_failed", "registered"
    ]  # fmt: skip
    log.act("p3", "track", at(2025, 2, 12), judge="zhou")
    log.act("p3", "front_end", at(2025, 2, 13), consent=True)
    assert log.case.proceeding("p3").state == "small_claims_prior_mediation"
    assert j.replay(log.events) == log.case


def test_explain_after_the_old_rule_set_is_gone() -> None:
    """A jurisdiction that only knows prc-2025 still explains a 2024 log (recorded on
    prc-civil-2022) exactly as the one that recorded it."""
    j = _jurisdiction()
    log = Log(j, at(2024, 5, 6))
    log.act("p1", "front_end", at(2024, 5, 6, 10), consent=True)
    log.act("p2", "mediator", at(2024, 5, 7))
    later = Jurisdiction([prc_2025(pin_open_pre_filing_mediation=False)])
    assert later.explain(log.events, "zh") == j.explain(log.events, "zh")
