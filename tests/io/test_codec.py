"""
Tests for disputeflow.io.codec (exact, schema-versioned JSON for events and cases).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disputeflow import Case, Engine, Event, Facts, Party, prc_civil_2025, replay
from disputeflow.errors import InvalidValueError, SchemaError
from disputeflow.events.event import ClockChange
from disputeflow.io import (
    SCHEMA_VERSION,
    case_from_json,
    case_to_json,
    datetime_from_json,
    datetime_to_json,
    dumps_case,
    dumps_events,
    event_from_json,
    event_to_json,
    loads_case,
    loads_events,
    read_jsonl,
    value_from_json,
    value_to_json,
    write_jsonl,
)
from disputeflow.time import Period
from strategies import COURTS, assert_identical, aware_datetimes

D = pendulum.Date
SHANGHAI = "Asia/Shanghai"


def at(*parts: int, tz: str = SHANGHAI) -> pendulum.DateTime:
    return pendulum.datetime(*parts, tz=tz)


def story() -> tuple[list[Event], Case]:
    """
    A first-instance case with a suspended trial limit, an extension, prior mediation and
    acts timed in three zones and a fixed offset.
    """
    engine = Engine(prc_civil_2025(), courts=COURTS)
    facts = Facts(
        category="private_loan",
        court="taobei",
        region="taobei",
        claim_amount=Decimal("38000.50"),
        parties=(
            Party("Wang Li", "plaintiff"),
            Party("Acme Ltd", "defendant", "organisation", False),
        ),
        attributes={"counterclaim": True},
    )
    out = engine.open("D1", facts, "receive_complaint", at=at(2025, 3, 3, 9), actor="clerk-01")
    log, case = list(out.events), out.case
    steps: list[tuple[str, pendulum.DateTime, dict[str, Any]]] = [
        ("register", at(2025, 3, 4, 1, 30, tz="UTC"), {}),
        ("assign_ordinary", pendulum.parse("2025-03-05T10:00:00+05:30"), {"judge": "J. Liu"}),
        (
            "start_excluded_period",
            at(2025, 3, 10, 9),
            {"reason": "appraisal", "served_on": D(2025, 3, 9)},
        ),
        ("end_excluded_period", at(2025, 3, 20, 9, tz="Europe/London"), {}),
        (
            "offer_prior_mediation",
            at(2025, 3, 21, 9),
            {"consent": True, "venue": "court_roster", "mediator": "M-7"},
        ),
    ]
    for trigger, when, data in steps:
        assert isinstance(when, pendulum.DateTime)
        out = engine.fire(case, "p1", trigger, at=when, actor="clerk", data=data)
        log += out.events
        case = out.case
    return log, case


@pytest.fixture(scope="module")
def told() -> tuple[list[Event], Case]:
    return story()


class TestDatetime:
    def test_named_zone_kept(self) -> None:
        """
        A DateTime in Asia/Shanghai is written with its offset and zone, and read back in it.
        """
        value = at(2025, 3, 3, 9)
        text = datetime_to_json(value)
        assert text == "2025-03-03T09:00:00+08:00[Asia/Shanghai]"
        back = datetime_from_json(text)
        assert_identical(back, value)
        assert back.timezone_name == SHANGHAI

    def test_fixed_offset_kept(self) -> None:
        """
        A fixed offset of +05:30 is written without a zone name and read back as +05:30.
        """
        value = pendulum.parse("2025-03-03T09:00:00.250+05:30")
        assert isinstance(value, pendulum.DateTime)
        text = datetime_to_json(value)
        assert text == "2025-03-03T09:00:00.250000+05:30"
        back = datetime_from_json(text)
        assert_identical(back, value)
        assert back.utcoffset() == dt.timedelta(hours=5, minutes=30)
        assert back.timezone_name == "+05:30"

    def test_utc_zone_and_zero_offset_stay_apart(self) -> None:
        """
        The named zone UTC and a fixed +00:00 offset are different things and stay different.
        """
        named = at(2025, 1, 1, tz="UTC")
        fixed = pendulum.DateTime(2025, 1, 1, tzinfo=pendulum.FixedTimezone(0))
        assert datetime_to_json(named).endswith("[UTC]")
        assert datetime_to_json(fixed) == "2025-01-01T00:00:00+00:00"
        assert datetime_from_json(datetime_to_json(named)).timezone_name == "UTC"
        assert datetime_from_json(datetime_to_json(fixed)).timezone_name == "+00:00"

    @pytest.mark.parametrize(("fold", "offset"), [(0, "-04:00"), (1, "-05:00")])
    def test_ambiguous_hour_keeps_its_side(self, fold: int, offset: str) -> None:
        """
        01:30 on the night New York leaves DST happens twice; the offset says which.
        """
        value = pendulum.datetime(2025, 11, 2, 1, 30, tz="America/New_York", fold=fold)
        text = datetime_to_json(value)
        assert offset in text
        back = datetime_from_json(text)
        assert back == value
        assert back.utcoffset() == value.utcoffset()

    def test_stdlib_zone_becomes_pendulum(self) -> None:
        """
        A stdlib datetime in a ZoneInfo zone comes back as a pendulum DateTime in that zone.
        """
        import zoneinfo

        value = dt.datetime(2025, 6, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
        back = datetime_from_json(datetime_to_json(value))
        assert isinstance(back, pendulum.DateTime)
        assert back == value
        assert back.timezone_name == "Europe/London"

    @given(value=aware_datetimes())
    def test_round_trip(self, value: pendulum.DateTime) -> None:
        """
        Any aware DateTime comes back with the same instant, zone and wall time.
        """
        assert_identical(datetime_from_json(datetime_to_json(value)), value)

    def test_naive_refused(self) -> None:
        """
        A naive datetime cannot be written.
        """
        with pytest.raises(SchemaError) as info:
            datetime_to_json(dt.datetime(2025, 1, 1), "events[0].at")
        assert info.value.field == "events[0].at"

    @pytest.mark.parametrize(
        "text",
        [
            "2025-03-03T09:00:00",  # no offset
            "2025-03-03 09:00:00+08:00",
            "2025-02-30T09:00:00+08:00",
            "2025-03-03T09:00:00+08:00[Mars/Olympus]",
            "2025-03-03T09:00:00+08:00[../etc/passwd]",
            20250303,
            None,
        ],
    )
    def test_malformed_refused(self, text: object) -> None:
        """
        Anything but an aware ISO-8601 datetime (with a known zone, if any) is a SchemaError
        naming the field.
        """
        with pytest.raises(SchemaError) as info:
            datetime_from_json(text, "case.opened_at")
        assert info.value.field == "case.opened_at"


class TestValues:
    def test_tagged_values_nested(self) -> None:
        """
        Dates, datetimes, Decimals and tuples inside lists and mappings are tagged and come
        back identical; lists stay lists.
        """
        value = {
            "served_on": D(2025, 3, 3),
            "at": at(2025, 3, 3, 9),
            "amount": Decimal("1.50"),
            "items": [D(2025, 1, 1), (1, "a", None), [True, 2.5]],
            "deep": {"when": {"on": D(2025, 12, 31)}},
        }
        wire = value_to_json(value)
        assert wire["served_on"] == {"$date": "2025-03-03"}
        assert wire["amount"] == {"$decimal": "1.50"}
        assert wire["items"][1] == {"$tuple": [1, "a", None]}
        assert json.loads(json.dumps(wire)) == wire
        assert_identical(value_from_json(json.loads(json.dumps(wire))), value)

    def test_dollar_keys_are_not_tags(self) -> None:
        """
        A user mapping whose only key starts with "$" is wrapped, never read as a tag.
        """
        value = {"$date": "not a date"}
        wire = value_to_json(value)
        assert wire == {"$map": {"$date": "not a date"}}
        assert value_from_json(wire) == value

    def test_stdlib_date_becomes_pendulum(self) -> None:
        """
        A stdlib date in data comes back as an equal pendulum Date.
        """
        back = value_from_json(value_to_json(dt.date(2025, 3, 3)))
        assert type(back) is pendulum.Date
        assert back == dt.date(2025, 3, 3)

    @pytest.mark.parametrize(
        ("value", "field"),
        [
            ({"a": {1, 2}}, "data.a"),
            ({"a": [object()]}, "data.a[0]"),
            ({"a": float("nan")}, "data.a"),
            ({"a": Decimal("NaN")}, "data.a"),
            ({"a": {1: "x"}}, "data.a"),
            ({"a": dt.datetime(2025, 1, 1)}, "data.a"),
        ],
    )
    def test_unsupported_refused(self, value: object, field: str) -> None:
        """
        Values without an exact JSON form are refused when written, naming where they are.
        """
        with pytest.raises(SchemaError) as info:
            value_to_json(value, "data")
        assert info.value.field == field

    @pytest.mark.parametrize(
        "wire",
        [{"$when": "x"}, {"$date": "03/03/2025"}, {"$decimal": 1.5}, {"$tuple": "ab"}],
    )
    def test_bad_tags_refused(self, wire: object) -> None:
        """
        Unknown tags and malformed tagged values are SchemaErrors.
        """
        with pytest.raises(SchemaError):
            value_from_json({"x": [wire]}, "data")


class TestEvent:
    def test_every_field_written(self, told: tuple[list[Event], Case]) -> None:
        """
        The JSON form of an event has exactly the Event's fields.
        """
        log, _ = told
        for e in log:
            assert list(event_to_json(e)) == [f.name for f in attrs.fields(Event)]

    def test_round_trip_with_everything(self) -> None:
        """
        An event with every field set, a decision with Decimals and a clock change comes
        back identical.
        """
        event = Event(
            dispute_id="D1",
            seq=7,
            type="transition",
            at=pendulum.parse("2025-03-05T10:00:00+05:30"),  # type: ignore[arg-type]
            act=7,
            proceeding_id="p2",
            trigger="extend_time_limit",
            from_state="ordinary_trial",
            to_state="ordinary_trial",
            actor="judge-3",
            reason="延长审限",
            lifecycle_id="prc-civil-2025",
            rule_set="spc-2025",
            legal_basis="CPL (2023) Art. 152",
            decision={"outcome": "approve", "score": Decimal("0.75"), "reasons": ("a", "b")},
            on=D(2025, 3, 5),
            clocks=(
                ClockChange("trial_limit", "extend", D(2025, 9, 9), Period.months(6)),
                ClockChange("filing_decision", "stop", D(2025, 3, 8), None, "p1", True),
            ),
            corrects=None,
            data={"approved_by": "院长", "served_on": D(2025, 3, 4)},
        )
        back = event_from_json(json.loads(json.dumps(event_to_json(event))))
        assert_identical(back, event)

    def test_defaults_may_be_left_out(self) -> None:
        """
        Fields with a default may be omitted; required ones may not.
        """
        e = event_from_json(
            {
                "dispute_id": "D1",
                "seq": 1,
                "type": "dispute_opened",
                "at": "2025-01-01T00:00:00+08:00",
            }
        )
        assert e.data == {}
        assert e.clocks == ()
        with pytest.raises(SchemaError) as info:
            event_from_json({"dispute_id": "D1", "seq": 1, "type": "dispute_opened"})
        assert info.value.field == "event.at"


class TestCase:
    def test_round_trip(self, told: tuple[list[Event], Case]) -> None:
        """
        A case from the engine, with Decimal amount, a party without PRC domicile, flags,
        attributes, an excluded period and acts in several zones, comes back identical.
        """
        _, case = told
        assert case.proceeding("p1").clocks
        back = loads_case(dumps_case(case))
        assert_identical(back, case)

    def test_wire_form(self, told: tuple[list[Event], Case]) -> None:
        """
        Decimals are strings, flags sorted lists, attributes [key, value] pairs.
        """
        _, case = told
        wire = case_to_json(case)
        assert wire["facts"]["claim_amount"] == "38000.50"
        assert wire["facts"]["attributes"] == [["counterclaim", True]]
        p1 = wire["proceedings"][0]
        assert p1["flags"] == sorted(p1["flags"])
        assert ["judge", "J. Liu"] in p1["attributes"]
        assert p1["opened_at"] == "2025-03-03T09:00:00+08:00[Asia/Shanghai]"

    def test_log_replays_after_round_trip(self, told: tuple[list[Event], Case]) -> None:
        """
        The log read back from JSON replays to the live case.
        """
        log, case = told
        back = loads_events(dumps_events(log, indent=2))
        assert_identical(back, log)
        assert replay(back, prc_civil_2025()) == case

    def test_class_validation_becomes_schema_error(self, told: tuple[list[Event], Case]) -> None:
        """
        A value the class itself rejects (an unknown party role) is a SchemaError naming the
        field path.
        """
        _, case = told
        wire = case_to_json(case)
        wire["facts"]["parties"][1]["role"] = "judge"
        with pytest.raises(SchemaError) as info:
            case_from_json(wire)
        assert info.value.field == "case.facts.parties[1].role"
        assert isinstance(info.value, InvalidValueError)


def _document(told: tuple[list[Event], Case]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dumps_events(told[0]))
    return doc


class TestDocuments:
    def test_envelope(self, told: tuple[list[Event], Case]) -> None:
        """
        Documents name their schema and version.
        """
        doc = _document(told)
        assert doc["schema"] == "disputeflow.events"
        assert doc["version"] == SCHEMA_VERSION == 1
        assert json.loads(dumps_case(told[1]))["schema"] == "disputeflow.case"

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"schema": "disputeflow.case"}, "schema"),
            ({"version": 2}, "version"),
            ({"version": "1"}, "version"),
            ({"version": True}, "version"),
            ({"version": 1.0}, "version"),
            ({"events": {}}, "events"),
            ({"extra": 1}, "extra"),
        ],
    )
    def test_envelope_errors(
        self, told: tuple[list[Event], Case], change: dict[str, Any], field: str
    ) -> None:
        """
        Another schema, an unsupported or mistyped version, a body of the wrong shape or an
        unknown key are SchemaErrors naming the key.
        """
        doc = {**_document(told), **change}
        with pytest.raises(SchemaError) as info:
            loads_events(json.dumps(doc))
        assert info.value.field == field

    def test_missing_version(self, told: tuple[list[Event], Case]) -> None:
        """
        A document without a version is refused.
        """
        doc = _document(told)
        del doc["version"]
        with pytest.raises(SchemaError) as info:
            loads_events(json.dumps(doc))
        assert info.value.field == "version"

    def test_case_document_is_not_an_event_log(self, told: tuple[list[Event], Case]) -> None:
        """
        Reading a case document as events fails on the schema name.
        """
        with pytest.raises(SchemaError) as info:
            loads_events(dumps_case(told[1]))
        assert info.value.field == "schema"
        assert "disputeflow.events" in info.value.expected

    @pytest.mark.parametrize(
        ("edit", "field"),
        [
            (lambda d: d["events"][3].update(at="yesterday"), "events[3].at"),
            (lambda d: d["events"][1].pop("seq"), "events[1].seq"),
            (lambda d: d["events"][1].update(seq="2"), "events[1].seq"),
            (lambda d: d["events"][1].update(seq=True), "events[1].seq"),
            (lambda d: d["events"][0].update(type="opened"), "events[0].type"),
            (lambda d: d["events"][2].update(colour="red"), "events[2].colour"),
            (lambda d: d["events"][2].update(data=[]), "events[2].data"),
            (
                lambda d: d["events"][2]["clocks"][0].update(action="pause"),
                "events[2].clocks[0].action",
            ),
            (
                lambda d: d["events"][2]["clocks"][0].update(due_on="2025-02-30"),
                "events[2].clocks[0].due_on",
            ),
            (
                lambda d: d["events"][2]["clocks"][1]["period"].update(unit="weeks"),
                "events[2].clocks[1].period.unit",
            ),
            (lambda d: d["events"].__setitem__(4, "event"), "events[4]"),
        ],
    )
    def test_field_errors_name_the_path(
        self, told: tuple[list[Event], Case], edit: Any, field: str
    ) -> None:
        """
        A missing, mistyped or unknown field is a SchemaError naming its path.
        """
        doc = _document(told)
        assert len(doc["events"][2]["clocks"]) == 2, "register stops one clock, starts another"
        edit(doc)
        with pytest.raises(SchemaError) as info:
            loads_events(json.dumps(doc))
        assert info.value.field == field

    def test_interval_validation_names_the_path(self, told: tuple[list[Event], Case]) -> None:
        """
        An excluded period ending before it starts is refused with its full path.
        """
        wire = case_to_json(told[1])
        clocks = wire["proceedings"][0]["clocks"]
        i = next(i for i, c in enumerate(clocks) if c["excluded"])
        clocks[i]["excluded"][0]["end_on"] = "2000-01-01"
        with pytest.raises(SchemaError) as info:
            case_from_json(wire)
        assert info.value.field == f"case.proceedings[0].clocks[{i}].excluded[0].end_on"

    @pytest.mark.parametrize(
        "text",
        ["", "{", '{"schema": NaN}', '{"schema": 1, "schema": 2}', b"\xff\xfe", "[]"],
    )
    def test_not_a_document(self, text: str | bytes) -> None:
        """
        Text that is not one JSON object (or uses NaN, or repeats a key) is a SchemaError.
        """
        with pytest.raises(SchemaError):
            loads_events(text)

    @settings(max_examples=200)
    @given(data=st.data())
    def test_damaged_documents_raise_only_schema_errors(
        self, told: tuple[list[Event], Case], data: st.DataObject
    ) -> None:
        """
        Replacing any one node of a valid log or case document by any JSON value gives
        either a document that reads or a SchemaError, never a bare KeyError, TypeError or
        the like.
        """
        is_case = data.draw(st.booleans(), label="case document")
        doc = json.loads(dumps_case(told[1])) if is_case else _document(told)
        container, key = data.draw(st.sampled_from(list(_nodes(doc))))
        container[key] = data.draw(_json_values)
        with contextlib.suppress(SchemaError):
            (loads_case if is_case else loads_events)(json.dumps(doc))


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _nodes(value: Any) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _nodes(item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield value, i
            yield from _nodes(item)


class TestJsonLines:
    def test_round_trip(self, told: tuple[list[Event], Case]) -> None:
        """
        Each line is a versioned record of one event; the log reads back identical and blank
        lines are skipped.
        """
        log, _ = told
        out = io.StringIO()
        write_jsonl(log, out)
        lines = out.getvalue().splitlines()
        assert len(lines) == len(log)
        first = json.loads(lines[0])
        assert (first["schema"], first["version"]) == ("disputeflow.event", 1)
        assert_identical(read_jsonl(io.StringIO("\n" + out.getvalue() + "\n\n")), log)

    def test_errors_name_the_line(self, told: tuple[list[Event], Case]) -> None:
        """
        A bad line is named by its number, counting from 1 as editors do.
        """
        log, _ = told
        out = io.StringIO()
        write_jsonl(log[:3], out)
        lines = out.getvalue().splitlines()
        bad = json.loads(lines[1])
        bad["event"]["at"] = "2025-03-04"
        lines[1] = json.dumps(bad)
        with pytest.raises(SchemaError) as info:
            read_jsonl(lines)
        assert info.value.field == "lines[2].event.at"
        newer = json.loads(lines[2])
        newer["version"] = 2
        with pytest.raises(SchemaError) as info:
            read_jsonl([lines[0], "", json.dumps(newer)])
        assert info.value.field == "lines[3].version"
        with pytest.raises(SchemaError) as info:
            read_jsonl(["{not json"])
        assert info.value.field == "lines[1]"
