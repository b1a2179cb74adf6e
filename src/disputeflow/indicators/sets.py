"""
Indicator sets: versioned, weighted selections of indicators with their standards, as data.

Courts are steered by sets of indicators that change over time: the SPC's quality / efficiency /
effect system (26 indicators from 2024-01, 18 from 2024-09), local "quality and efficiency
platforms" (审判质效平台) with their own weighted versions (2.0, 3.0 ...), and international
measures (CEPEJ, CourTools). A set names the indicators it includes, each with a weight and a
standard: a reasonable range (合理区间: a value inside the range meets the standard) or a target
(met when the value is at least, or at most, the target, by the indicator's direction). It also
says how the composite score is formed (see :mod:`disputeflow.indicators.scoring`).

Sets are TOML files, read with :mod:`tomllib` and checked against the schema below before
anything is built: a malformed file raises :class:`IndicatorSetError` naming the file, the key
and what would be valid, and no half-loaded set ever exists. ``docs/indicator-sets.md`` is the
guide to writing one. The shipped sets live in the package folder
``disputeflow/indicators/sets/``; the official SPC weights and ranges are not published, so the
SPC sets carry equal weights and no ranges, marked unofficial, and are marked incomplete (only
the members confirmed by published SPC data releases are listed).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs

from disputeflow.errors import SchemaError, UnknownNameError

__all__ = [
    "COMPOSITE_METHODS",
    "DIRECTIONS",
    "SCHEMA",
    "UNSCORED_RULES",
    "Composite",
    "IndicatorSet",
    "IndicatorSetError",
    "Member",
    "builtin_sets",
    "load_set",
    "parse_set",
]

#: The schema version this module reads (the ``schema`` key of a set file).
SCHEMA = 1
#: Which way is better for an indicator, when a set overrides or states it.
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
#: ``weighted_mean``: the weighted mean of the members' 0-100 scores; ``share_in_range``: 100
#: times the weighted share of members that meet their standard.
COMPOSITE_METHODS: tuple[str, ...] = ("weighted_mean", "share_in_range")
#: What a member without range or target scores: ``skip`` (left out of the composite) or
#: ``relative`` (its position between the worst and the best unit of the same period).
UNSCORED_RULES: tuple[str, ...] = ("skip", "relative")

Direction = Literal["higher", "lower"]
CompositeMethod = Literal["weighted_mean", "share_in_range"]
UnscoredRule = Literal["skip", "relative"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$")
_TOP_KEYS = (
    "schema",
    "id",
    "version",
    "name",
    "description",
    "basis",
    "incomplete",
    "unofficial",
    "example",
    "composite",
    "indicators",
)
_NAME_KEYS = ("en", "zh")
_COMPOSITE_KEYS = ("method", "unscored", "note")
_MEMBER_KEYS = (
    "id",
    "weight",
    "range",
    "target",
    "direction",
    "tolerance",
    "unofficial",
    "formula",
    "note",
)
_RANGE_KEYS = ("min", "max")
_PACKAGE_FOLDER = "sets"


class IndicatorSetError(SchemaError):
    """
    An indicator set file does not match the schema.

    Attributes:
        source: the file (or ``"<string>"``) the set came from.
        key: the dotted key at fault, e.g. ``indicators[2].range.min``.
        expected: what would be valid.
        got: the value found.
    """

    def __init__(self, source: str, key: str, expected: str, got: object) -> None:
        self.source = source
        self.key = key
        super().__init__(f"{source}: {key}", expected, got)


@attrs.frozen
class Member:
    """
    One indicator of a set, with its weight and standard.

    Attributes:
        indicator: the indicator id (one of the built-in or given definitions).
        weight: its weight in the composite (positive).
        low, high: the reasonable range (合理区间), either bound may be open (None); inside
            (bounds included) meets the standard.
        target: a target met when the value is at least (direction ``higher``) or at most
            (``lower``) the target; exclusive with a range.
        direction: which way is better, when the set states it (otherwise the indicator
            definition's direction applies).
        tolerance: how far outside the range or short of the target the score reaches 0
            (indicator units); None for the default (see the scoring module).
        unofficial: the member, its weight or its standard is the project's configuration,
            not a published value.
        formula: a documented assumption for a formula that was not published.
        note: free text.
    """

    indicator: str
    weight: float = 1.0
    low: float | None = None
    high: float | None = None
    target: float | None = None
    direction: Direction | None = None
    tolerance: float | None = None
    unofficial: bool = False
    formula: str = ""
    note: str = ""

    @property
    def has_range(self) -> bool:
        """
        True when the member has a reasonable range (at least one bound).
        """
        return self.low is not None or self.high is not None

    @property
    def has_standard(self) -> bool:
        """
        True when the member has a range or a target to be met.
        """
        return self.has_range or self.target is not None

    def range_text(self, direction: str | None = None) -> str:
        """
        The standard as text: ``[90, 110]``, ``>= 95``, ``<= 1.2``, ``= 1`` or ``(none)``.

        Args:
            direction: the indicator's direction, for a target when the member states none.
        """
        if self.has_range:
            if self.low is not None and self.high is not None:
                return f"[{_num(self.low)}, {_num(self.high)}]"
            if self.low is not None:
                return f">= {_num(self.low)}"
            return f"<= {_num(self.high)}"
        if self.target is not None:
            op = {"higher": ">= ", "lower": "<= "}.get(self.direction or direction or "", "= ")
            return f"{op}{_num(self.target)}"
        return "(none)"


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


@attrs.frozen
class Composite:
    """
    How a set's composite score is formed.

    Attributes:
        method: ``weighted_mean`` or ``share_in_range`` (:data:`COMPOSITE_METHODS`).
        unscored: ``skip`` or ``relative`` for members without a standard
            (:data:`UNSCORED_RULES`).
        note: free text (why this rule).
    """

    method: CompositeMethod = "weighted_mean"
    unscored: UnscoredRule = "skip"
    note: str = ""


@attrs.frozen
class IndicatorSet:
    """
    A versioned, weighted set of indicators with standards (see the module docstring).

    Attributes:
        id: stable kebab-case id, e.g. ``spc-2024-09`` or ``local-platform``.
        version: the set's version, e.g. ``"2024-09"`` or ``"3.0"``.
        name_en, name_zh: display names.
        members: the indicators, in display order.
        composite: how the composite score is formed.
        incomplete: the set lists only some of its official members.
        unofficial: weights, standards or formulas are configuration, not published values.
        example: an illustration, not a set any court uses.
        description, basis: what it is and where it comes from.
        source: the file it was read from (``builtin:<name>`` for shipped sets).
    """

    id: str
    version: str
    name_en: str
    name_zh: str
    members: tuple[Member, ...]
    composite: Composite = Composite()
    incomplete: bool = False
    unofficial: bool = False
    example: bool = False
    description: str = ""
    basis: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        """
        ``id@version``, unique among sets.
        """
        return f"{self.id}@{self.version}"

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """
        The member indicator ids, in order.
        """
        return tuple(m.indicator for m in self.members)

    def member(self, indicator: str) -> Member:
        """
        The member for an indicator id.

        Raises:
            UnknownNameError: the indicator is not in the set (names the members).
        """
        for m in self.members:
            if m.indicator == indicator:
                return m
        raise UnknownNameError("indicator", indicator, self.indicator_ids, where=self.key)


# --------------------------------------------------------------------------- parsing


class _Reader:
    """
    Checks one parsed TOML document against the schema, naming the source and key at fault.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, got: object) -> IndicatorSetError:
        return IndicatorSetError(self.source, key, expected, got)

    def table(self, value: object, key: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key or "(document)", "a table", value)
        for k in value:
            if k not in allowed:
                where = f"{key}.{k}" if key else k
                raise self.fail(where, f"one of the keys {', '.join(allowed)}", k)
        return value

    def string(self, d: Mapping[str, Any], key: str, path: str, *, required: bool) -> str:
        if key not in d:
            if required:
                raise self.fail(path, "a string (required)", None)
            return ""
        value = d[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(path, "a non-empty string" if required else "a string", value)
        return value

    def boolean(self, d: Mapping[str, Any], key: str, path: str) -> bool:
        value = d.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(path, "true or false", value)
        return value

    def number(
        self, d: Mapping[str, Any], key: str, path: str, *, positive: bool = False
    ) -> float | None:
        if key not in d:
            return None
        value = d[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, "a number", value)
        x = float(value)
        if not math.isfinite(x):
            raise self.fail(path, "a finite number", value)
        if positive and x <= 0:
            raise self.fail(path, "a number greater than 0", value)
        return x

    def choice(
        self, d: Mapping[str, Any], key: str, path: str, valid: tuple[str, ...], default: str
    ) -> str:
        value = d.get(key, default)
        if value not in valid:
            raise self.fail(path, f"one of {', '.join(valid)}", value)
        return str(value)


def _member(r: _Reader, raw: object, i: int) -> Member:
    path = f"indicators[{i}]"
    d = r.table(raw, path, _MEMBER_KEYS)
    indicator = r.string(d, "id", f"{path}.id", required=True)
    weight = r.number(d, "weight", f"{path}.weight", positive=True)
    target = r.number(d, "target", f"{path}.target")
    tolerance = r.number(d, "tolerance", f"{path}.tolerance", positive=True)
    low = high = None
    if "range" in d:
        rng = r.table(d["range"], f"{path}.range", _RANGE_KEYS)
        low = r.number(rng, "min", f"{path}.range.min")
        high = r.number(rng, "max", f"{path}.range.max")
        if low is None and high is None:
            raise r.fail(f"{path}.range", "a table with min, max or both", dict(rng))
        if low is not None and high is not None and low > high:
            raise r.fail(f"{path}.range.max", f"a number not below range.min ({low:g})", rng["max"])
        if target is not None:
            raise r.fail(f"{path}.target", "no target when a range is given (one standard)", target)
    direction = None
    if "direction" in d:
        direction = r.choice(d, "direction", f"{path}.direction", DIRECTIONS, "")
    return Member(
        indicator=indicator,
        weight=1.0 if weight is None else weight,
        low=low,
        high=high,
        target=target,
        direction=direction,  # type: ignore[arg-type]  # checked against DIRECTIONS
        tolerance=tolerance,
        unofficial=r.boolean(d, "unofficial", f"{path}.unofficial"),
        formula=r.string(d, "formula", f"{path}.formula", required=False),
        note=r.string(d, "note", f"{path}.note", required=False),
    )


def parse_set(
    doc: Mapping[str, Any], source: str = "<string>", known: Collection[str] | None = None
) -> IndicatorSet:
    """
    Build a set from a parsed TOML document, checking it against the schema.

    Args:
        doc: the document (as :func:`tomllib.loads` returns it).
        source: where it came from, for messages.
        known: the indicator ids a member may name; None for the built-in definitions
            (:mod:`disputeflow.indicators.builtin`).

    Returns:
        The set.

    Raises:
        IndicatorSetError: a key is missing, unknown or of the wrong type or value.
        UnknownNameError: a member names an indicator that is not defined (lists the valid
            ids).
    """
    r = _Reader(source)
    d = r.table(doc, "", _TOP_KEYS)
    schema = d.get("schema")
    if schema != SCHEMA or isinstance(schema, bool):
        raise r.fail("schema", f"{SCHEMA} (the set schema version this library reads)", schema)
    set_id = r.string(d, "id", "id", required=True)
    if not _ID.match(set_id):
        raise r.fail("id", "a kebab-case id such as 'spc-2024-09'", set_id)
    version = d.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise r.fail("version", "a version string such as '3.0' or '2024-09'", version)
    names = r.table(d.get("name"), "name", _NAME_KEYS)
    name_en = r.string(names, "en", "name.en", required=True)
    name_zh = r.string(names, "zh", "name.zh", required=True)
    comp_raw = r.table(d.get("composite", {}), "composite", _COMPOSITE_KEYS)
    composite = Composite(
        method=r.choice(comp_raw, "method", "composite.method", COMPOSITE_METHODS, "weighted_mean"),  # type: ignore[arg-type]
        unscored=r.choice(comp_raw, "unscored", "composite.unscored", UNSCORED_RULES, "skip"),  # type: ignore[arg-type]
        note=r.string(comp_raw, "note", "composite.note", required=False),
    )
    raw_members = d.get("indicators")
    if not isinstance(raw_members, list) or not raw_members:
        raise r.fail("indicators", "a non-empty array of tables ([[indicators]])", raw_members)
    members = tuple(_member(r, m, i) for i, m in enumerate(raw_members))
    seen: set[str] = set()
    for i, m in enumerate(members):
        if m.indicator in seen:
            raise r.fail(f"indicators[{i}].id", "an indicator not already in the set", m.indicator)
        seen.add(m.indicator)
    valid = frozenset(_builtin_ids() if known is None else known)
    for i, m in enumerate(members):
        if m.indicator not in valid:
            raise UnknownNameError(
                "indicator", m.indicator, valid, where=f"{source}: indicators[{i}].id"
            )
    return IndicatorSet(
        id=set_id,
        version=version,
        name_en=name_en,
        name_zh=name_zh,
        members=members,
        composite=composite,
        incomplete=r.boolean(d, "incomplete", "incomplete"),
        unofficial=r.boolean(d, "unofficial", "unofficial"),
        example=r.boolean(d, "example", "example"),
        description=r.string(d, "description", "description", required=False),
        basis=r.string(d, "basis", "basis", required=False),
        source=source,
    )


def _parse_text(text: str, source: str, known: Collection[str] | None) -> IndicatorSet:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IndicatorSetError(source, "(document)", "valid TOML", str(exc)) from exc
    return parse_set(doc, source, known)


def _builtin_ids() -> Collection[str]:
    # Imported here: the definitions module is a sibling built separately, and a set read
    # with an explicit ``known`` must not need it.
    from disputeflow.indicators.builtin import builtin_ids

    return builtin_ids()


def _builtin_files() -> Iterable[tuple[str, str]]:
    folder = resources.files("disputeflow.indicators").joinpath(_PACKAGE_FOLDER)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield entry.name, entry.read_text(encoding="utf-8")


def builtin_sets(known: Collection[str] | None = None) -> tuple[IndicatorSet, ...]:
    """
    The sets shipped with disputeflow, ordered by id and version.

    ``cepej``, ``courtools``, ``spc-2024-01`` and ``spc-2024-09`` (incomplete, unofficial
    configuration) and the example ``local-platform`` in versions 2.0 and 3.0.

    Args:
        known: the indicator ids members may name; None for the built-in definitions.

    Returns:
        The sets.
    """
    sets = [_parse_text(text, f"builtin:{name}", known) for name, text in _builtin_files()]
    return tuple(sorted(sets, key=lambda s: (s.id, _version_key(s.version))))


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    # "10.0" sorts after "9.0": numeric parts compare as numbers.
    parts = re.split(r"[.\-]", version)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def load_set(
    id_or_path: str | Path | IndicatorSet, known: Collection[str] | None = None
) -> IndicatorSet:
    """
    A set by built-in id (``"spc-2024-09"``; ``"local-platform"`` for its latest version,
    ``"local-platform@2.0"`` for one version) or from a TOML file.

    Args:
        id_or_path: a built-in id or ``id@version``, a path to a ``.toml`` file, or a set
            (returned as it is).
        known: the indicator ids members may name; None for the built-in definitions.

    Returns:
        The set.

    Raises:
        UnknownNameError: no built-in set has that id (lists the ids and keys), or a member
            names an unknown indicator.
        IndicatorSetError: the file does not match the schema or is not valid TOML.
        FileNotFoundError: the path does not exist.
    """
    if isinstance(id_or_path, IndicatorSet):
        return id_or_path
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(id_or_path)
        return _parse_text(path.read_text(encoding="utf-8"), str(path), known)
    sets = builtin_sets(known)
    wanted_id, _, wanted_version = text.partition("@")
    found = [s for s in sets if s.id == wanted_id and wanted_version in ("", s.version)]
    if not found:
        valid = sorted({s.id for s in sets} | {s.key for s in sets})
        raise UnknownNameError("indicator set", text, valid)
    return found[-1]  # sets are ordered by version: the latest
