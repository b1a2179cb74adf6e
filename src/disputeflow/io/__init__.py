"""
Reading and writing disputeflow data: exact, schema-versioned JSON for events and cases.
"""

from disputeflow.io.codec import (
    CASE_SCHEMA,
    EVENT_LINE_SCHEMA,
    EVENTS_SCHEMA,
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
