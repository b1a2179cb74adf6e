"""
The building blocks of :mod:`disputeflow.io.codec`: scalars (aware datetimes with their zone,
dates, Decimals), tagged values for free-form data, and field codecs for attrs records that
name the path of whatever they reject.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import attrs
import pendulum

from disputeflow.errors import InvalidValueError, SchemaError

__all__ = [
    "BOOL",
    "DATA",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "INT",
    "MISSING",
    "NAMES",
    "STR",
    "VALUE",
    "Codec",
    "array",
    "datetime_from_json",
    "datetime_to_json",
    "opt",
    "pairs",
    "record",
    "same",
    "seq",
    "value_from_json",
    "value_to_json",
]


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}(?::\d{2})?))"
    r"(?:\[(?P<zone>[A-Za-z0-9_+\-/]+)\])?"
)
_DATETIME_EXPECTED = (
    "an ISO-8601 datetime with offset, e.g. '2025-03-03T09:00:00+08:00[Asia/Shanghai]'"
)


# -- scalars ----------------------------------------------------------------------------------


def datetime_to_json(value: dt.datetime, path: str = "datetime") -> str:
    """
    An aware datetime as ISO-8601 with offset, plus ``[Zone/Name]`` for a named zone.

    Raises:
        SchemaError: ``value`` is not an aware datetime.
    """
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise SchemaError(path, "a timezone-aware datetime", value)
    tz = value.tzinfo
    # pendulum.Timezone is a ZoneInfo; FixedTimezone and datetime.timezone are bare offsets.
    zone = tz.key if isinstance(tz, zoneinfo.ZoneInfo) else None
    return f"{value.isoformat()}[{zone}]" if zone else value.isoformat()


def datetime_from_json(value: object, path: str = "datetime") -> pendulum.DateTime:
    """
    Inverse of :func:`datetime_to_json`: a pendulum DateTime in the named zone, or with the
    fixed offset written.

    Raises:
        SchemaError: not such a string, or an unknown zone.
    """
    match = _DATETIME_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise SchemaError(path, _DATETIME_EXPECTED, value)
    try:
        parsed = dt.datetime.fromisoformat(match["iso"])
    except ValueError:
        raise SchemaError(path, _DATETIME_EXPECTED, value) from None
    offset = parsed.utcoffset()
    assert offset is not None  # the pattern requires an offset
    zone = match["zone"]
    if zone is None:
        fixed = pendulum.FixedTimezone(int(offset.total_seconds()))
        return pendulum.instance(parsed.replace(tzinfo=None)).replace(tzinfo=fixed)
    try:
        return pendulum.instance(parsed).in_timezone(zone)
    except ValueError:  # pendulum's InvalidTimezone and ZoneInfo's key errors
        raise SchemaError(path, "a known IANA time zone name", zone) from None


def _date_to_json(value: dt.date, path: str) -> str:
    return value.isoformat()


def _date_from_json(value: object, path: str) -> pendulum.Date:
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return pendulum.Date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            pass
    raise SchemaError(path, "an ISO-8601 date 'YYYY-MM-DD'", value)


def _decimal_from_json(value: object, path: str) -> Decimal:
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if not number.is_nan():
                return number
    raise SchemaError(path, "a decimal number as a string, e.g. '38000.50'", value)


def _decimal_to_json(value: Decimal, path: str) -> str:
    if value.is_nan():
        raise SchemaError(path, "a Decimal that is a number", value)
    return str(value)


def _plain(kind: type, expected: str) -> Callable[[object, str], Any]:
    def check(value: object, path: str) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SchemaError(path, expected, value)
        return value

    return check


# -- tagged values in data and decisions ------------------------------------------------------

_TAGGED_EXPECTED = "a JSON value, date, aware datetime, Decimal, tuple, list or str-keyed mapping"


def value_to_json(value: Any, path: str = "value") -> Any:
    """
    A plain value as JSON, tagging dates, datetimes, Decimals and tuples.

    Raises:
        SchemaError: a value of another type, a naive datetime, a non-finite float, or a
            mapping with a key that is not a string.
    """
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SchemaError(path, "a finite number", value)
        return value
    if isinstance(value, Decimal):
        return {"$decimal": _decimal_to_json(value, path)}
    if isinstance(value, dt.datetime):
        return {"$datetime": datetime_to_json(value, path)}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [value_to_json(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, tuple):
        return {"$tuple": [value_to_json(v, f"{path}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SchemaError(path, "a mapping with string keys", key)
            out[key] = value_to_json(item, f"{path}.{key}")
        if len(out) == 1 and next(iter(out)).startswith("$"):
            return {"$map": out}
        return out
    raise SchemaError(path, _TAGGED_EXPECTED, value)


def _map_from_json(body: object, path: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise SchemaError(path, "a JSON object", body)
    return {k: value_from_json(v, f"{path}.{k}") for k, v in body.items()}


def _tuple_from_json(body: object, path: str) -> tuple[Any, ...]:
    if not isinstance(body, list):
        raise SchemaError(path, "a JSON array", body)
    return tuple(value_from_json(v, f"{path}[{i}]") for i, v in enumerate(body))


_TAGS: dict[str, Callable[[object, str], Any]] = {
    "$date": _date_from_json,
    "$datetime": datetime_from_json,
    "$decimal": _decimal_from_json,
    "$tuple": _tuple_from_json,
    "$map": _map_from_json,
}


def value_from_json(value: object, path: str = "value") -> Any:
    """
    Inverse of :func:`value_to_json`.

    Raises:
        SchemaError: an unknown ``$`` tag or a malformed tagged value.
    """
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, list):
        return [value_from_json(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, body),) = value.items()
            if tag.startswith("$"):
                decode = _TAGS.get(tag)
                if decode is None:
                    raise SchemaError(path, "one of the tags " + ", ".join(_TAGS), tag)
                return decode(body, path)
        return _map_from_json(value, path)
    raise SchemaError(path, _TAGGED_EXPECTED, value)


def _data_to_json(value: Mapping[str, Any], path: str) -> Any:
    return value_to_json(dict(value), path)


def _data_from_json(value: object, path: str) -> dict[str, Any]:
    decoded = value_from_json(value, path)
    if not isinstance(decoded, dict):
        raise SchemaError(path, "a JSON object", value)
    return decoded


# -- field codecs -----------------------------------------------------------------------------


class Codec(NamedTuple):
    """
    How one field goes to JSON (``enc``) and back (``dec``); both take the value and its path.
    """

    enc: Callable[[Any, str], Any]
    dec: Callable[[Any, str], Any]


def same(value: Any, path: str) -> Any:
    """
    The identity encoder, for values JSON carries as they are.
    """
    return value


STR = Codec(same, _plain(str, "a string"))
INT = Codec(same, _plain(int, "an integer"))
BOOL = Codec(same, _plain(bool, "true or false"))
DATE = Codec(_date_to_json, _date_from_json)
DATETIME = Codec(datetime_to_json, datetime_from_json)
DECIMAL = Codec(_decimal_to_json, _decimal_from_json)
VALUE = Codec(value_to_json, value_from_json)
DATA = Codec(_data_to_json, _data_from_json)


def opt(codec: Codec) -> Codec:
    """
    ``codec`` or ``null``.
    """
    return Codec(
        lambda v, p: None if v is None else codec.enc(v, p),
        lambda v, p: None if v is None else codec.dec(v, p),
    )


def array(value: object, path: str) -> list[Any]:
    """
    ``value`` checked to be a JSON array.

    Raises:
        SchemaError: it is not.
    """
    if not isinstance(value, list):
        raise SchemaError(path, "a JSON array", value)
    return value


def seq(codec: Codec) -> Codec:
    """
    A tuple of ``codec`` values, as a JSON array.
    """
    return Codec(
        lambda v, p: [codec.enc(x, f"{p}[{i}]") for i, x in enumerate(v)],
        lambda v, p: tuple(codec.dec(x, f"{p}[{i}]") for i, x in enumerate(array(v, p))),
    )


def _names_from_json(value: object, path: str) -> frozenset[str]:
    return frozenset(STR.dec(x, f"{path}[{i}]") for i, x in enumerate(array(value, path)))


NAMES = Codec(lambda v, p: sorted(v), _names_from_json)


def _pair_from_json(value: object, path: str, codec: Codec) -> tuple[str, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise SchemaError(path, "a [key, value] pair", value)
    return (STR.dec(value[0], f"{path}[0]"), codec.dec(value[1], f"{path}[1]"))


def pairs(codec: Codec) -> Codec:
    """
    A tuple of ``(name, value)`` pairs, as an array of ``[name, value]`` (order kept).
    """
    return Codec(
        lambda v, p: [[k, codec.enc(x, f"{p}.{k}")] for k, x in v],
        lambda v, p: tuple(
            _pair_from_json(x, f"{p}[{i}]", codec) for i, x in enumerate(array(v, p))
        ),
    )


def record(cls: type, fields: Mapping[str, Codec]) -> Codec:
    """
    An attrs class as a JSON object of its fields; reading rejects unknown fields, requires
    those without a default and turns the class's own validation errors into SchemaErrors.

    Args:
        cls: the attrs class.
        fields: a codec for every field of ``cls``, in the order they are written.
    """
    declared = [f.name for f in attrs.fields(cls) if f.init]
    # A field added to the class but not to the codec would be dropped silently; fail loudly
    # at import instead.
    assert sorted(declared) == sorted(fields), (cls.__name__, declared)
    required = {f.name for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING}

    def enc(obj: Any, path: str) -> dict[str, Any]:
        return {name: c.enc(getattr(obj, name), f"{path}.{name}") for name, c in fields.items()}

    def dec(value: object, path: str) -> Any:
        if not isinstance(value, dict):
            raise SchemaError(path, f"a JSON object ({cls.__name__})", value)
        for key in value:
            if key not in fields:
                known = "no such field; known: " + ", ".join(fields)
                raise SchemaError(f"{path}.{key}", known, value[key])
        kwargs: dict[str, Any] = {}
        for name, c in fields.items():
            if name in value:
                kwargs[name] = c.dec(value[name], f"{path}.{name}")
            elif name in required:
                raise SchemaError(f"{path}.{name}", "a value (the field is required)", MISSING)
        try:
            return cls(**kwargs)
        except InvalidValueError as exc:
            if isinstance(exc, SchemaError):
                raise
            raise SchemaError(f"{path}.{exc.field.rsplit('.')[-1]}", exc.expected, exc.got) from exc

    return Codec(enc, dec)
