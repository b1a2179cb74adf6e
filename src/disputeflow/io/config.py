"""
Rule sets from a TOML (or YAML) configuration file, loaded safely.

A configuration derives dated rule sets from the shipped ones (``prc-2024``, ``prc-2025``) or
from each other: which policies are added where in each decision point's chain (by registered
name, with parameters), which are removed, parameter values with their validity dates, and
transitional provisions chosen from a fixed menu. Nothing in the file is evaluated or imported:
a policy is named only by the name it is registered under (built-ins and installed plugins,
see :mod:`disputeflow.io.plugins`). Every key is checked against the schema and every error is
a :class:`~disputeflow.errors.ConfigError` naming the file, the key and what would be valid.
Everything is built before anything is returned, so a bad file never yields half its rule
sets. See ``docs/custom-policies.md`` for the schema with an example.

Validity: a configured rule set takes over from its ``valid_from``. The rule set in force on
that day (its base, usually) is cut to end the day before (or dropped, when both start on the
same day), so each act is still governed by exactly one rule set. A configured ``valid_to``
must not leave a gap inside the validity of the rule set it cut: configure the following
period as another rule set instead.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import pendulum

from disputeflow.errors import ConfigError, DisputeflowError, RuleSetDefinitionError
from disputeflow.events.case import Case, Proceeding
from disputeflow.io.plugins import PolicyFactory, check_policy, discover_policies
from disputeflow.parameters import DatedValue, Parameter, ParameterSet
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.protocols import Policy
from disputeflow.policies.ruleset import RuleSet, RuleSets, TransitionalProvision

__all__ = [
    "POSITIONS",
    "SCHEMA_VERSION",
    "TRANSITIONAL_KINDS",
    "OpenedBefore",
    "load_rule_sets",
    "read_config",
]

#: The configuration schema version this module reads.
SCHEMA_VERSION = 1

#: Where an added policy goes in its chain.
POSITIONS: Mapping[str, str] = {
    "last": "after the chain's policies, just before the default (the default position)",
    "first": "before the chain's other policies (after any override)",
    "before": "just before the policy named by relative_to",
    "after": "just after the policy named by relative_to",
    "override": "asked before everything else",
    "default": "replaces the chain's default (asked last; it must always decide)",
}

#: The transitional provisions a configuration may declare (no code comes from data).
TRANSITIONAL_KINDS: Mapping[str, str] = {
    "disputes_opened_before": "acts on disputes opened before the rule set's valid_from",
    "proceedings_opened_before": "acts on proceedings opened before the rule set's valid_from",
}

_TOP = ("schema", "rule_sets")
_RULE_SET = (
    "base",
    "valid_from",
    "valid_to",
    "name",
    "name_zh",
    "legal_basis",
    "chains",
    "parameters",
    "transitional",
)
_CHAIN = ("add", "remove")
_ADD = ("policy", "position", "relative_to", "params")
_PARAMETER = ("values", "label_en", "label_zh", "unit")
_VALUE = ("value", "valid_from", "valid_to", "reference", "verified", "note")
_TRANSITIONAL = (
    "id",
    "kind",
    "pin_to",
    "categories",
    "description",
    "description_zh",
    "legal_basis",
)


@attrs.frozen(slots=True)
class OpenedBefore:
    """
    A configured transitional test: the act concerns a dispute (or proceeding) opened before
    ``on``, optionally only in some categories. Used as a provision's ``applies``.

    Attributes:
        scope: ``dispute`` or ``proceeding``.
        on: the first day of the new rules.
        categories: dispute categories it is limited to (empty: all).
        tz: the courts' time zone: the opening is dated in court-local time, as the act that
            opened it was when its rule set was chosen (the engine's default zone).
    """

    scope: str
    on: pendulum.Date
    categories: frozenset[str] = frozenset()
    tz: str = "Asia/Shanghai"

    def __call__(self, case: Case, proceeding: Proceeding | None, on: pendulum.Date) -> bool:
        if self.categories and case.facts.category not in self.categories:
            return False
        if self.scope == "proceeding":
            return proceeding is not None and self._local(proceeding.opened_at) < self.on
        return self._local(case.opened_at) < self.on

    def _local(self, at: pendulum.DateTime) -> pendulum.Date:
        # A timestamp given in UTC (or read back so) must not date a dispute opened on the new
        # rules' first morning to the day before: that act was governed by the new rules.
        return pendulum.instance(at).in_timezone(self.tz).date()


# -- reading ----------------------------------------------------------------------------------


def read_config(source: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """
    Parse a configuration without interpreting it.

    Args:
        source: a path (``os.PathLike``, or a string ending in ``.toml``, ``.yaml`` or
            ``.yml`` without a line break), or TOML text.

    Returns:
        The file's label for error messages (its path, or ``"<string>"``) and its content.

    Raises:
        ConfigError: the file cannot be read or parsed (YAML also needs PyYAML installed).
    """
    is_path = isinstance(source, os.PathLike) or (
        "\n" not in source and source.lower().endswith((".toml", ".yaml", ".yml"))
    )
    if not is_path:
        return "<string>", _parse_toml("<string>", str(source))
    path = Path(source)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(label, "", "a readable file", f"{type(exc).__name__}: {exc}") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        return label, _parse_yaml(label, text)
    return label, _parse_toml(label, text)


def _parse_toml(label: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(label, "", "valid TOML", str(exc)) from exc


def _parse_yaml(label: str, text: str) -> dict[str, Any]:
    try:
        import yaml  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise ConfigError(label, "", "TOML, or YAML with PyYAML installed", "YAML") from exc
    try:
        content = yaml.safe_load(text)  # safe_load: plain data only, never Python objects
    except yaml.YAMLError as exc:
        raise ConfigError(label, "", "valid YAML", str(exc)) from exc
    if not isinstance(content, dict):
        raise ConfigError(label, "", "a mapping at the top level", type(content).__name__)
    return content


# -- checking helpers -------------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Ctx:
    file: str

    def error(self, key: str, expected: str, got: object = None) -> ConfigError:
        return ConfigError(self.file, key, expected, got)

    def table(self, value: object, key: str, allowed: Iterable[str] | None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, "a table", _kind(value))
        if allowed is not None:
            valid = tuple(allowed)
            for k in value:
                if k not in valid:
                    raise self.error(_join(key, k), f"one of the keys {', '.join(valid)}", k)
        return value

    def string(self, value: object, key: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.error(key, "a non-empty string" if not empty else "a string", value)
        return value

    def strings(self, value: object, key: str) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list):
            raise self.error(key, "a list of strings", value)
        return tuple(self.string(v, f"{key}[{i}]") for i, v in enumerate(value))

    def date(self, value: object, key: str) -> pendulum.Date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return pendulum.Date(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                return pendulum.Date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(key, "a date such as 2026-01-01", value)

    def choice(self, value: object, key: str, valid: Iterable[str]) -> str:
        names = tuple(valid)
        if value not in names:
            raise self.error(key, f"one of {', '.join(names)}", value)
        return str(value)


def _join(key: str, part: str) -> str:
    return f"{key}.{part}" if key else part


def _kind(value: object) -> str:
    return f"a {type(value).__name__}: {value!r}"


# -- building ---------------------------------------------------------------------------------


def load_rule_sets(
    source: str | os.PathLike[str],
    registry: Mapping[str, PolicyFactory] | None = None,
    *,
    base: RuleSets | Iterable[RuleSet] | None = None,
) -> RuleSets:
    """
    The base rule sets plus those a configuration defines, each governing from its date.

    Args:
        source: a TOML or YAML file (see :func:`read_config`), or TOML text.
        registry: policy factories by registered name (default: :func:`discover_policies`,
            the built-ins and every installed plugin).
        base: the rule sets configured ones derive from and cut (default: the shipped
            ``default_rule_sets()``: ``prc-2024``, ``prc-2025``).

    Returns:
        All rule sets, ordered by date: a configured set governs from its ``valid_from`` and
        the set in force that day ends the day before.

    Raises:
        ConfigError: the file is unreadable, breaks the schema, names an unknown policy,
            rule set, decision point or parameter, or its rule sets would overlap or leave a
            gap. Nothing is returned in part.
    """
    file, content = read_config(source)
    ctx = _Ctx(file)
    ctx.table(content, "", _TOP)
    schema = content.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise ctx.error("schema", f"schema version {SCHEMA_VERSION}", schema)
    if registry is None:
        registry = discover_policies()
    if base is None:
        from disputeflow.policies.prc import default_rule_sets

        base = default_rule_sets()
    working = {r.id: r for r in base}
    declared = ctx.table(content.get("rule_sets", {}), "rule_sets", None)
    # Configured sets are read in date order so that one may derive from an earlier one.
    entries = []
    for rid, raw in declared.items():
        key = f"rule_sets.{rid}"
        table = ctx.table(raw, key, _RULE_SET)
        entries.append((ctx.date(table.get("valid_from"), f"{key}.valid_from"), rid, table))
    for _, rid, table in sorted(entries, key=lambda e: (e[0], e[1])):
        key = f"rule_sets.{rid}"
        if rid in working:
            raise ctx.error(key, "an id that is not already a rule set", rid)
        configured = _rule_set(ctx, key, rid, table, working, registry)
        working = _take_over(ctx, key, configured, working)
    try:
        return RuleSets(working.values())
    except RuleSetDefinitionError as exc:
        raise ctx.error(
            "rule_sets", "rule sets that fit together", "; ".join(exc.problems)
        ) from exc


def _rule_set(
    ctx: _Ctx,
    key: str,
    rid: str,
    table: dict[str, Any],
    working: Mapping[str, RuleSet],
    registry: Mapping[str, PolicyFactory],
) -> RuleSet:
    base_id = ctx.string(table.get("base"), f"{key}.base")
    if base_id not in working:
        raise ctx.error(f"{key}.base", f"a known rule set id: {', '.join(working)}", base_id)
    source = working[base_id]
    valid_from = ctx.date(table["valid_from"], f"{key}.valid_from")
    valid_to = ctx.date(table["valid_to"], f"{key}.valid_to") if "valid_to" in table else None
    if valid_to is not None and valid_to < valid_from:
        raise ctx.error(f"{key}.valid_to", f"a date not before valid_from {valid_from}", valid_to)
    chains = dict(source.chains)
    raw_chains = ctx.table(table.get("chains", {}), f"{key}.chains", None)
    for point, raw in raw_chains.items():
        ckey = f"{key}.chains.{point}"
        chains[point] = _chain(ctx, ckey, point, chains.get(point), raw, registry)
    parameters = _parameters(
        ctx, f"{key}.parameters", source.parameters, table, source.lifecycle.parameters.ids
    )
    known = [*working, rid]
    transitional = list(source.transitional)
    raw_prov = table.get("transitional", [])
    if not isinstance(raw_prov, list):
        raise ctx.error(f"{key}.transitional", "an array of tables ([[...transitional]])", raw_prov)
    for i, raw in enumerate(raw_prov):
        transitional.append(
            _provision(ctx, f"{key}.transitional[{i}]", raw, valid_from, base_id, known)
        )
    legal_basis = (
        ctx.strings(table["legal_basis"], f"{key}.legal_basis")
        if "legal_basis" in table
        else source.legal_basis
    )
    try:
        return source.derive(
            rid,
            valid_from=valid_from,
            valid_to=valid_to,
            chains=chains,
            parameters=parameters,
            transitional=tuple(transitional),
            name=ctx.string(table.get("name", rid), f"{key}.name"),
            name_zh=ctx.string(table.get("name_zh", ""), f"{key}.name_zh", empty=True),
            legal_basis=legal_basis,
        )
    except RuleSetDefinitionError as exc:
        raise ctx.error(key, "a consistent rule set", "; ".join(exc.problems)) from exc


def _chain(
    ctx: _Ctx,
    key: str,
    point: str,
    chain: PolicyChain | None,
    raw: object,
    registry: Mapping[str, PolicyFactory],
) -> PolicyChain:
    table = ctx.table(raw, key, _CHAIN)
    removals = ctx.strings(table.get("remove", []), f"{key}.remove")
    adds = table.get("add", [])
    if not isinstance(adds, list):
        raise ctx.error(f"{key}.add", "an array of tables ([[...add]])", adds)
    if chain is not None:
        for i, pid in enumerate(removals):
            removable = [*(p.id for p in chain.overrides), *(p.id for p in chain.policies)]
            if pid not in removable:
                raise ctx.error(
                    f"{key}.remove[{i}]",
                    f"a policy of the chain other than its default: {', '.join(removable)}",
                    pid,
                )
            chain = chain.without(pid)
    elif removals:
        raise ctx.error(f"{key}.remove", "nothing: the base has no chain for this point", removals)
    for i, raw_add in enumerate(adds):
        akey = f"{key}.add[{i}]"
        add = ctx.table(raw_add, akey, _ADD)
        policy = _policy(ctx, akey, add, point, registry)
        position = ctx.choice(add.get("position", "last"), f"{akey}.position", POSITIONS)
        if chain is None:
            if position != "default":
                raise ctx.error(
                    f"{akey}.position",
                    f"'default': the base rule set has no chain for {point!r}, so the first "
                    "policy added must be its default",
                    position,
                )
            chain = PolicyChain(point, policy)
            continue
        chain = _place(ctx, akey, chain, policy, position, add.get("relative_to"))
    if chain is None:
        raise ctx.error(key, f"at least one [[{key}.add]] with position = 'default'", table)
    return chain


def _policy(
    ctx: _Ctx,
    key: str,
    add: dict[str, Any],
    point: str,
    registry: Mapping[str, PolicyFactory],
) -> Policy:
    name = ctx.string(add.get("policy"), f"{key}.policy")
    factory = registry.get(name)
    if factory is None:
        raise ctx.error(
            f"{key}.policy", f"a registered policy name: {', '.join(sorted(registry))}", name
        )
    params = ctx.table(add.get("params", {}), f"{key}.params", None)
    try:
        policy: object = factory(**params)
    except Exception as exc:  # any factory (a plugin's too) may fail: name the key, keep cause
        raise ctx.error(
            f"{key}.params", f"parameters policy {name!r} accepts ({exc})", params
        ) from exc
    problem = check_policy(policy)
    if problem is not None:
        raise ctx.error(f"{key}.policy", f"a factory that returns a policy ({problem})", name)
    assert isinstance(policy, Policy)
    if policy.point != point:
        raise ctx.error(
            f"{key}.policy", f"a policy deciding {point!r} (it decides {policy.point!r})", name
        )
    return policy


def _place(
    ctx: _Ctx,
    key: str,
    chain: PolicyChain,
    policy: Policy,
    position: str,
    relative_to: object,
) -> PolicyChain:
    if policy.id in chain.ids and position != "default":
        raise ctx.error(
            f"{key}.policy",
            f"a policy not already in the chain ({', '.join(chain.ids)})",
            policy.id,
        )
    try:
        if position == "override":
            return chain.with_override(policy)
        if position == "default":
            return chain.with_default(policy)
        if position == "first":
            return chain.with_policy(policy, first=True)
        if position == "last":
            return chain.with_policy(policy)
    except DisputeflowError as exc:
        raise ctx.error(f"{key}.policy", "a policy that fits the chain", str(exc)) from exc
    ids = [p.id for p in chain.policies]
    anchor = ctx.string(relative_to, f"{key}.relative_to")
    if anchor not in ids:
        raise ctx.error(
            f"{key}.relative_to", f"a policy of the chain: {', '.join(ids) or '(none)'}", anchor
        )
    items = list(chain.policies)
    items.insert(ids.index(anchor) + (position == "after"), policy)
    return attrs.evolve(chain, policies=tuple(items))


def _parameters(
    ctx: _Ctx,
    key: str,
    parameters: ParameterSet,
    table: dict[str, Any],
    lifecycle_ids: Iterable[str] = (),
) -> ParameterSet:
    raw = ctx.table(table.get("parameters", {}), key, None)
    engine_owned = set(lifecycle_ids)
    changed: list[Parameter[Any]] = []
    for pid, raw_param in raw.items():
        pkey = f"{key}.{pid}"
        if pid in engine_owned:
            # The engine reads periods and limits from the lifecycle definition (its clocks and
            # guards): a rule-set value would be ignored by the clocks, or let a policy decide
            # an act the lifecycle's guard refuses.
            own = sorted(p for p in parameters.ids if p not in engine_owned)
            raise ctx.error(
                pkey,
                "a parameter of the rule set's policies, not one of its lifecycle's (the "
                "engine reads those from the lifecycle definition: derive a lifecycle to "
                f"change them); the rule set's own: {', '.join(own) or '(none)'}, or a new id",
                pid,
            )
        ptable = ctx.table(raw_param, pkey, _PARAMETER)
        values = ptable.get("values")
        if not isinstance(values, list) or not values:
            raise ctx.error(f"{pkey}.values", "a non-empty array of dated values", values)
        entries = [_dated(ctx, f"{pkey}.values[{i}]", v) for i, v in enumerate(values)]
        if pid in parameters:
            like = parameters.get(pid).values[0].value
            entries = [
                attrs.evolve(e, value=_like(ctx, f"{pkey}.values[{i}].value", e.value, like))
                for i, e in enumerate(entries)
            ]
        try:
            if pid in parameters:
                param = parameters.get(pid)
                for entry in sorted(entries, key=lambda e: e.valid_from):
                    param = param.with_value(entry)
                changed.append(
                    Parameter(
                        id=pid,
                        values=param.values,
                        label_en=_text(ctx, ptable, pkey, "label_en", param.label_en),
                        label_zh=_text(ctx, ptable, pkey, "label_zh", param.label_zh),
                        unit=_text(ctx, ptable, pkey, "unit", param.unit),
                    )
                )
            else:
                changed.append(
                    Parameter(
                        id=pid,
                        values=tuple(entries),
                        label_en=_text(ctx, ptable, pkey, "label_en", ""),
                        label_zh=_text(ctx, ptable, pkey, "label_zh", ""),
                        unit=_text(ctx, ptable, pkey, "unit", ""),
                    )
                )
        except ConfigError:
            raise
        except DisputeflowError as exc:
            raise ctx.error(pkey, "dated values that do not overlap", exc.message()) from exc
    return parameters.replace(*changed) if changed else parameters


def _like(ctx: _Ctx, key: str, value: object, like: object) -> Any:
    """
    A configured value of an existing parameter, of the type its values have (amounts as
    Decimal), so that a wrong value fails here, naming the key, not when a policy reads it.
    """
    if isinstance(like, Decimal):
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise ctx.error(key, "a number", value)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ctx.error(key, "a number", value) from None
        if not number.is_finite():
            raise ctx.error(key, "a finite number", value)
        return number
    if isinstance(like, bool):
        if not isinstance(value, bool):
            raise ctx.error(key, "true or false", value)
        return value
    if isinstance(like, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ctx.error(key, "a whole number", value)
        return value
    if isinstance(like, str) and not isinstance(value, str):
        raise ctx.error(key, "a string", value)
    return value


def _text(ctx: _Ctx, table: dict[str, Any], key: str, name: str, default: str) -> str:
    return ctx.string(table.get(name, default), f"{key}.{name}", empty=True)


def _dated(ctx: _Ctx, key: str, raw: object) -> DatedValue[Any]:
    table = ctx.table(raw, key, _VALUE)
    if "value" not in table:
        raise ctx.error(f"{key}.value", "a value", None)
    verified = table.get("verified", True)
    if not isinstance(verified, bool):
        raise ctx.error(f"{key}.verified", "true or false", verified)
    return DatedValue(
        value=table["value"],
        valid_from=ctx.date(table.get("valid_from"), f"{key}.valid_from"),
        valid_to=ctx.date(table["valid_to"], f"{key}.valid_to") if "valid_to" in table else None,
        reference=ctx.string(table.get("reference"), f"{key}.reference"),
        verified=verified,
        note=ctx.string(table.get("note", ""), f"{key}.note", empty=True),
    )


def _provision(
    ctx: _Ctx,
    key: str,
    raw: object,
    valid_from: pendulum.Date,
    base_id: str,
    known: list[str],
) -> TransitionalProvision:
    table = ctx.table(raw, key, _TRANSITIONAL)
    kind = ctx.choice(table.get("kind"), f"{key}.kind", TRANSITIONAL_KINDS)
    pin_to = ctx.string(table.get("pin_to", base_id), f"{key}.pin_to")
    if pin_to not in known:
        raise ctx.error(f"{key}.pin_to", f"a known rule set id: {', '.join(known)}", pin_to)
    categories = frozenset(ctx.strings(table.get("categories", []), f"{key}.categories"))
    scope = "dispute" if kind == "disputes_opened_before" else "proceeding"
    return TransitionalProvision(
        id=ctx.string(table.get("id"), f"{key}.id"),
        applies=OpenedBefore(scope, valid_from, categories),
        pin_to=pin_to,
        description=ctx.string(
            table.get("description", TRANSITIONAL_KINDS[kind]), f"{key}.description"
        ),
        description_zh=ctx.string(
            table.get("description_zh", ""), f"{key}.description_zh", empty=True
        ),
        legal_basis=ctx.string(table.get("legal_basis", "configured"), f"{key}.legal_basis"),
    )


def _take_over(
    ctx: _Ctx, key: str, configured: RuleSet, working: Mapping[str, RuleSet]
) -> dict[str, RuleSet]:
    start, end = configured.valid_from, configured.valid_to
    result: dict[str, RuleSet] = {}
    for r in working.values():
        if r.in_force(start):
            if end is not None and (r.valid_to is None or r.valid_to > end):
                until = r.valid_to or "open"
                raise ctx.error(
                    f"{key}.valid_to",
                    f"no valid_to, or {until}: {r.id!r} is cut at valid_from and would not "
                    "resume after valid_to (configure the next period as another rule set)",
                    end,
                )
            if r.valid_from < start:
                result[r.id] = attrs.evolve(r, valid_to=start.subtract(days=1))
            continue  # starts the same day: replaced entirely
        if r.valid_from > start and (end is None or r.valid_from <= end):
            raise ctx.error(
                f"{key}.valid_to",
                f"a date before {r.valid_from}, when {r.id!r} starts",
                end or "open",
            )
        result[r.id] = r
    result[configured.id] = configured
    return result
