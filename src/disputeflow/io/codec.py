"""
Exact, schema-versioned JSON for events and cases.

``loads(dumps(x)) == x`` for every :class:`~disputeflow.Event` and :class:`~disputeflow.Case`
the engine produces, time zones included. Wire format, schema version 1:

- an aware datetime is ISO-8601 with its UTC offset, followed by the IANA zone name in
  brackets when it is in a named zone (RFC 9557 style): ``"2025-03-03T09:00:00+08:00[Asia/
  Shanghai]"`` comes back in Asia/Shanghai; ``"2025-03-03T09:00:00+05:30"`` comes back with a
  fixed offset of +05:30. The offset fixes the instant (and the fold at a DST change), the
  zone name the zone;
- a date is ``"2025-03-03"``, a Decimal a string (``"38000.50"``), a Period
  ``{"amount": 15, "unit": "days"}``, an Interval ``{"start_on", "end_on", "reason"}``;
- frozensets of names are sorted lists, tuples of ``(key, value)`` pairs lists of pairs;
- ``Event.data``, ``Event.decision`` and the recorded attribute values hold JSON values plus
  tagged ones: ``{"$date": "2025-03-03"}``, ``{"$datetime": "..."}``, ``{"$decimal": "1.50"}``
  and ``{"$tuple": [...]}``, so tuples come back as tuples and lists as lists. A mapping whose
  only key starts with ``$`` is wrapped as ``{"$map": {...}}`` and never read as a tag.
  Stdlib dates and datetimes come back as their pendulum equivalents (equal to them).

Reading checks everything and raises :class:`~disputeflow.errors.SchemaError` naming the field
path (``events[3].at``), what was expected and what was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from disputeflow.errors import SchemaError
from disputeflow.events.case import Case, ClockRecord, Proceeding
from disputeflow.events.event import CLOCK_ACTIONS, EVENT_TYPES, ClockChange, Event
from disputeflow.events.facts import Facts, Party
from disputeflow.io._values import (
    BOOL,
    DATA,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    MISSING,
    NAMES,
    STR,
    VALUE,
    Codec,
    array,
    datetime_from_json,
    datetime_to_json,
    opt,
    pairs,
    record,
    same,
    seq,
    value_from_json,
    value_to_json,
)
from disputeflow.time.deadlines import Interval
from disputeflow.time.periods import Period

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "CASE_SCHEMA",
    "EVENTS_SCHEMA",
    "EVENT_LINE_SCHEMA",
    "SCHEMA_VERSION",
    "case_from_json",
    "case_to_json",
    "datetime_from_json",
    "datetime_to_json",
    "dumps_case",
    "dumps_events",
    "event_from_json",
    "event_to_json",
    "loads_case",
    "loads_events",
    "read_jsonl",
    "value_from_json",
    "value_to_json",
    "write_jsonl",
]

SCHEMA_VERSION = 1
"""The schema version written, and the only one read."""
EVENTS_SCHEMA = "disputeflow.events"
CASE_SCHEMA = "disputeflow.case"
EVENT_LINE_SCHEMA = "disputeflow.event"


def _one_of(what: str, valid: tuple[str, ...]) -> Callable[[object, str], str]:
    def check(value: object, path: str) -> str:
        if not isinstance(value, str) or value not in valid:
            raise SchemaError(path, f"{what}: one of " + ", ".join(valid), value)
        return value

    return check


_PERIOD = record(Period, {"amount": INT, "unit": STR})
_INTERVAL = record(Interval, {"start_on": DATE, "end_on": opt(DATE), "reason": STR})
_CLOCK_CHANGE = record(
    ClockChange,
    {
        "clock": STR,
        "action": Codec(same, _one_of("a clock action", CLOCK_ACTIONS)),
        "due_on": DATE,
        "period": opt(_PERIOD),
        "proceeding_id": opt(STR),
        "provisional": BOOL,
    },
)

_EVENT = record(
    Event,
    {
        "dispute_id": STR,
        "seq": INT,
        "type": Codec(same, _one_of("an event type", EVENT_TYPES)),
        "at": DATETIME,
        "act": INT,
        "proceeding_id": opt(STR),
        "trigger": opt(STR),
        "from_state": opt(STR),
        "to_state": opt(STR),
        "actor": STR,
        "reason": STR,
        "lifecycle_id": STR,
        "rule_set": opt(STR),
        "legal_basis": STR,
        "decision": opt(DATA),
        "on": opt(DATE),
        "clocks": seq(_CLOCK_CHANGE),
        "corrects": opt(INT),
        "data": DATA,
    },
)

_PARTY = record(Party, {"name": STR, "role": STR, "kind": STR, "domicile_in_prc": BOOL})
_FACTS = record(
    Facts,
    {
        "category": STR,
        "court": STR,
        "region": STR,
        "claim_amount": opt(DECIMAL),
        "parties": seq(_PARTY),
        "attributes": pairs(VALUE),
    },
)
_CLOCK = record(
    ClockRecord,
    {
        "name": STR,
        "started_on": DATE,
        "period": _PERIOD,
        "due_on": DATE,
        "extensions": seq(_PERIOD),
        "excluded": seq(_INTERVAL),
        "stopped_on": opt(DATE),
    },
)
_PROCEEDING = record(
    Proceeding,
    {
        "id": STR,
        "kind": STR,
        "case_number": STR,
        "court": STR,
        "parent": opt(STR),
        "state": STR,
        "opened_at": DATETIME,
        "accepted_on": opt(DATE),
        "closed_on": opt(DATE),
        "closing_kind": opt(STR),
        "flags": NAMES,
        "attributes": pairs(VALUE),
        "fired": seq(STR),
        "clocks": seq(_CLOCK),
    },
)
_CASE = record(
    Case,
    {
        "dispute_id": STR,
        "lifecycle_id": STR,
        "facts": _FACTS,
        "proceedings": seq(_PROCEEDING),
        "seq": INT,
        "opened_at": DATETIME,
        "last_at": DATETIME,
    },
)


# -- public: objects --------------------------------------------------------------------------


def event_to_json(event: Event, path: str = "event") -> dict[str, Any]:
    """
    An event as a JSON-ready dict with every field.

    Raises:
        SchemaError: ``data`` or ``decision`` holds a value that has no JSON form.
    """
    out: dict[str, Any] = _EVENT.enc(event, path)
    return out


def event_from_json(d: object, path: str = "event") -> Event:
    """
    Inverse of :func:`event_to_json`; fields with a default may be left out.

    Args:
        d: the decoded JSON object.
        path: where ``d`` is, for error messages (``"events[3]"``).

    Raises:
        SchemaError: a missing, unknown or mistyped field, named by its path.
    """
    event: Event = _EVENT.dec(d, path)
    return event


def case_to_json(case: Case, path: str = "case") -> dict[str, Any]:
    """
    A case as a JSON-ready dict: facts, proceedings and their clocks, every field.

    Raises:
        SchemaError: a recorded attribute holds a value that has no JSON form.
    """
    out: dict[str, Any] = _CASE.enc(case, path)
    return out


def case_from_json(d: object, path: str = "case") -> Case:
    """
    Inverse of :func:`case_to_json`.

    Raises:
        SchemaError: a missing, unknown or mistyped field, named by its path.
    """
    case: Case = _CASE.dec(d, path)
    return case


# -- public: documents and JSON Lines ---------------------------------------------------------


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise SchemaError(key, "a key that appears once per object", value)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise SchemaError("(document)", "standard JSON numbers", name)


def _parse(text: str | bytes, where: str) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except SchemaError:
        raise
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise SchemaError(where, "valid JSON", str(exc)) from None


def _dump(doc: Any, indent: int | None) -> str:
    separators = (",", ":") if indent is None else None
    return json.dumps(
        doc, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )


def _unwrap(doc: object, schema: str, key: str, prefix: str = "") -> Any:
    if not isinstance(doc, dict):
        raise SchemaError(prefix.rstrip(".") or "(document)", f"a JSON object ({schema})", doc)
    if doc.get("schema", MISSING) != schema:
        raise SchemaError(f"{prefix}schema", repr(schema), doc.get("schema", MISSING))
    version = doc.get("version", MISSING)
    if type(version) is not int or version != SCHEMA_VERSION:
        raise SchemaError(
            f"{prefix}version",
            f"{SCHEMA_VERSION} (the schema version this disputeflow reads)",
            version,
        )
    for extra in sorted(set(doc) - {"schema", "version", key}):
        raise SchemaError(f"{prefix}{extra}", f"only schema, version and {key}", doc[extra])
    if key not in doc:
        raise SchemaError(f"{prefix}{key}", "a value (the field is required)", MISSING)
    return doc[key]


def _envelope(schema: str, key: str, body: Any) -> dict[str, Any]:
    return {"schema": schema, "version": SCHEMA_VERSION, key: body}


def dumps_events(events: Iterable[Event], *, indent: int | None = None) -> str:
    """
    A log as one JSON document ``{"schema": "disputeflow.events", "version": 1, "events":
    [...]}``.

    Raises:
        SchemaError: an event's data holds a value that has no JSON form.
    """
    body = [event_to_json(e, f"events[{i}]") for i, e in enumerate(events)]
    return _dump(_envelope(EVENTS_SCHEMA, "events", body), indent)


def loads_events(text: str | bytes) -> list[Event]:
    """
    Inverse of :func:`dumps_events`.

    Raises:
        SchemaError: not JSON, another schema or version, or a malformed event (named by
            ``events[i].field``).
    """
    body = array(_unwrap(_parse(text, "(document)"), EVENTS_SCHEMA, "events"), "events")
    return [event_from_json(d, f"events[{i}]") for i, d in enumerate(body)]


def dumps_case(case: Case, *, indent: int | None = None) -> str:
    """
    A case as one JSON document ``{"schema": "disputeflow.case", "version": 1, "case": {...}}``.

    Raises:
        SchemaError: a recorded attribute holds a value that has no JSON form.
    """
    return _dump(_envelope(CASE_SCHEMA, "case", case_to_json(case)), indent)


def loads_case(text: str | bytes) -> Case:
    """
    Inverse of :func:`dumps_case`.

    Raises:
        SchemaError: not JSON, another schema or version, or a malformed field.
    """
    return case_from_json(_unwrap(_parse(text, "(document)"), CASE_SCHEMA, "case"))


def write_jsonl(events: Iterable[Event], fp: SupportsWrite[str]) -> None:
    """
    Append events to a JSON Lines log, one ``{"schema": "disputeflow.event", "version": 1,
    "event": {...}}`` per line, so every line can be read on its own.

    Raises:
        SchemaError: an event's data holds a value that has no JSON form.
    """
    for i, e in enumerate(events):
        line = _envelope(EVENT_LINE_SCHEMA, "event", event_to_json(e, f"events[{i}]"))
        fp.write(_dump(line, None) + "\n")


def read_jsonl(fp: Iterable[str]) -> list[Event]:
    """
    Read a JSON Lines log (a text file or any iterable of lines); blank lines are skipped.

    Errors name the line counting from 1, as editors do: ``lines[4].event.at``.

    Raises:
        SchemaError: a line that is not JSON, of another schema or version, or malformed.
    """
    out: list[Event] = []
    for number, line in enumerate(fp, start=1):
        if not line.strip():
            continue
        where = f"lines[{number}]"
        body = _unwrap(_parse(line, where), EVENT_LINE_SCHEMA, "event", f"{where}.")
        out.append(event_from_json(body, f"{where}.event"))
    return out
