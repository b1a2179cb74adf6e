"""
Reading and writing disputeflow data: exact, schema-versioned JSON for events and cases; rule
sets from TOML configuration; policies from the ``disputeflow.policies`` entry points.
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
from disputeflow.io.config import POSITIONS, TRANSITIONAL_KINDS, load_rule_sets, read_config
from disputeflow.io.plugins import PluginError, discover_policies

__all__ = [
    "CASE_SCHEMA",
    "EVENTS_SCHEMA",
    "EVENT_LINE_SCHEMA",
    "POSITIONS",
    "SCHEMA_VERSION",
    "TRANSITIONAL_KINDS",
    "PluginError",
    "case_from_json",
    "case_to_json",
    "datetime_from_json",
    "datetime_to_json",
    "discover_policies",
    "dumps_case",
    "dumps_events",
    "event_from_json",
    "event_to_json",
    "load_rule_sets",
    "loads_case",
    "loads_events",
    "read_config",
    "read_jsonl",
    "value_from_json",
    "value_to_json",
    "write_jsonl",
]
