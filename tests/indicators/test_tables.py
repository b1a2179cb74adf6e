"""
Tests for disputeflow.indicators.tables: the one-pass fold of a log into columns.
"""

from __future__ import annotations

import attrs
import pandas as pd
import pytest

import disputeflow as d
from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.indicators import NEVER, build_tables
from disputeflow.indicators.tables import day_number
from indicators.logs import LogBuilder, at


@pytest.fixture
def b() -> LogBuilder:
    return LogBuilder(d.prc_civil_2025())


def row(b: LogBuilder, dispute: str = "D1", proceeding: str = "p1") -> pd.Series:
    frame = build_tables(b.log, b.engine.lifecycle).frame()
    hit = frame[(frame["dispute_id"] == dispute) & (frame["proceeding_id"] == proceeding)]
    return hit.iloc[0]


class TestProceedingColumns:
    def test_dates_and_closing(self, b: LogBuilder) -> None:
        """
        Acceptance is the registering act, closure the first closing state; the closing kind,
        the stage it closed from, and the effective date come from the lifecycle's tags.
        """
        b.filed("D1", at(2025, 3, 3), "summary", "j7")
        b.fire("D1", "render_judgment", at(2025, 4, 1))
        b.advance("D1", at(2025, 5, 1))
        r = row(b)
        assert (r["accepted_on"], r["closed_on"]) == (pd.Timestamp("2025-03-03"),
                                                      pd.Timestamp("2025-04-01"))  # fmt: skip
        assert (r["closing_kind"], r["closed_from_stage"], r["stage"]) == ("judgment", "trial",
                                                                          "judgment")  # fmt: skip
        assert r["effective_on"] > r["closed_on"]
        people = (r["judge"], r["court"], r["category"], r["region"])
        assert people == ("j7", "taobei", "private_loan", "taobei")

    def test_track_follows_conversion(self, b: LogBuilder) -> None:
        """
        The track is that of the last trial state: small claims converted to ordinary.
        """
        b.filed("D1", at(2025, 3, 3), "small_claims")
        assert row(b)["track"] == "small_claims"
        b.fire("D1", "convert_to_ordinary", at(2025, 3, 20), grounds="counterclaim")
        assert row(b)["track"] == "ordinary"

    def test_inactive_days_count_after_acceptance_only(self, b: LogBuilder) -> None:
        """
        Waiting for a correction before registration is not inactive time of the case; a
        suspension after it is (10 days here).
        """
        b.open("D1", at(2025, 3, 3))
        b.fire("D1", "issue_correction_notice", at(2025, 3, 3, 15), missing=["id"])
        b.fire("D1", "submit_correction", at(2025, 3, 13))
        b.fire("D1", "register", at(2025, 3, 14))
        b.fire("D1", "assign_summary", at(2025, 3, 14, 10))
        b.fire("D1", "suspend_proceedings", at(2025, 4, 1), grounds="appraisal")
        b.fire("D1", "resume_proceedings", at(2025, 4, 11))
        b.fire("D1", "withdraw", at(2025, 4, 20))
        r = row(b)
        assert (r["duration_days"], r["inactive_days"], r["active_duration_days"]) == (37, 10, 27)
        tables = build_tables(b.log, b.engine.lifecycle)
        assert len(tables.inactive["proc"]) == 2  # the correction wait and the suspension

    def test_hearing_and_people_from_event_data(self, b: LogBuilder) -> None:
        """
        ``hearing_held``, ``judge``, ``handler`` and ``mediator`` in event data are recorded.
        """
        b.filed("D1", at(2025, 3, 3), "summary", "j1")
        b.fire("D1", "offer_prior_mediation", at(2025, 3, 4), venue="court", mediator="m9",
               consent=True)  # fmt: skip
        b.fire("D1", "mediate", at(2025, 3, 10), hearing_held=True)
        r = row(b)
        assert (r["mediator"], r["judge"], bool(r["hearing_held"])) == ("m9", "j1", True)
        assert bool(r["settled_by_mediation"])

    def test_time_limit_due_date(self, b: LogBuilder) -> None:
        """
        The due date is the time-limit clock's last recorded one: summary 3 months from
        2025-03-03 is 2025-06-03; a judgment after it is not within the limit.
        """
        b.filed("D1", at(2025, 3, 3), "summary")
        b.fire("D1", "render_judgment", at(2025, 6, 10))
        tables = build_tables(b.log, b.engine.lifecycle)
        p = tables.proceedings
        assert p["due_on"][0] == day_number(d.replay(b.log, b.engine.lifecycle).proceedings[0]
                                            .opened_at.date().add(months=3))  # fmt: skip
        assert not p["within_limit"][0]
        assert p["has_time_limit"][0]


class TestLog:
    def test_corrected_acts_are_skipped(self, b: LogBuilder) -> None:
        """
        An act voided by a correction event leaves no trace in the tables.
        """
        b.filed("D1", at(2025, 3, 3), "summary")
        b.fire("D1", "withdraw", at(2025, 3, 20))
        case = b.cases["D1"]
        out = b.engine.correct(case, b.log, case.seq, at=at(2025, 3, 21), actor="clerk",
                               reason="wrong case")  # fmt: skip
        b.log += out.events
        r = row(b)
        assert pd.isna(r["closed_on"])
        assert r["stage"] == "trial"

    def test_mixed_lifecycles_and_unknown_ones(self) -> None:
        """
        Logs of two lifecycles fold together when both are given; an event of a lifecycle not
        given is refused, naming it.
        """
        old, new = LogBuilder(d.prc_civil_2022()), LogBuilder(d.prc_civil_2025())
        old.filed("A", at(2024, 12, 2))
        new.filed("B", at(2025, 1, 6))
        both = {"prc-civil-2022": d.prc_civil_2022(), "prc-civil-2025": d.prc_civil_2025()}
        tables = build_tables(old.log + new.log, both)
        assert tables.frame()["lifecycle"].tolist() == ["prc-civil-2022", "prc-civil-2025"]
        with pytest.raises(UnknownNameError, match="prc-civil-2022"):
            build_tables(old.log + new.log, d.prc_civil_2025())

    def test_event_of_an_unknown_proceeding(self, b: LogBuilder) -> None:
        """
        A transition on a proceeding never opened is refused, naming the event.
        """
        b.filed("D1", at(2025, 3, 3))
        bad = attrs.evolve(b.log[-1], proceeding_id="p9")
        with pytest.raises(InvalidValueError, match="D1#"):
            build_tables([*b.log, bad], b.engine.lifecycle)

    def test_unknown_state(self, b: LogBuilder) -> None:
        """
        An event entering a state the lifecycle does not define is refused, naming it.
        """
        b.filed("D1", at(2025, 3, 3))
        bad = attrs.evolve(b.log[-1], to_state="teleported")
        with pytest.raises(UnknownNameError, match="teleported"):
            build_tables([*b.log[:-1], bad], b.engine.lifecycle)

    def test_rows_of_a_frame_are_accepted(self, b: LogBuilder) -> None:
        """
        Rows of a DataFrame with the Event field names (``itertuples``) fold like events.
        """
        b.filed("D1", at(2025, 3, 3))
        b.fire("D1", "withdraw", at(2025, 3, 20))
        frame = pd.DataFrame([e.to_dict() for e in b.log])
        from_rows = build_tables(list(frame.itertuples(index=False)), b.engine.lifecycle)
        from_events = build_tables(b.log, b.engine.lifecycle)
        pd.testing.assert_frame_equal(from_rows.frame(), from_events.frame())


class TestTablesValue:
    def test_codes_tags_and_frames(self, b: LogBuilder) -> None:
        """
        Labels map to codes; tag masks cover known tags only; unknown names are refused.
        """
        b.filed("D1", at(2025, 3, 3))
        tables = build_tables(b.log, b.engine.lifecycle)
        assert tables.labels["court"][tables.codes("court", ["taobei", "nowhere"])[0]] == "taobei"
        assert tables.tag_mask("effective") > 0
        assert tables.tag_mask("no-such-tag") == 0
        assert tables.proceedings["closed_on"][0] == NEVER
        assert set(tables.frame("disputes").columns) >= {"court", "opened_on", "n_proceedings"}
        with pytest.raises(UnknownNameError, match="proceedings"):
            tables.frame("cases")
        with pytest.raises(UnknownNameError, match="court"):
            tables.codes("colour", ["red"])

    def test_empty_log(self) -> None:
        """
        An empty log gives empty tables.
        """
        tables = build_tables([], d.prc_civil_2025())
        assert tables.n_proceedings == 0
        assert len(tables.frame()) == 0
