"""
Reading scenarios from TOML (``tomllib``): every value is checked once, here, and a problem is
a :class:`~disputeflow.errors.ConfigError` naming the file, the dotted key, what would be
valid and what was found. The format is documented in ``docs/scenario-reference.md``.

Shipped scenarios (package data) load by name: ``load_scenario("baicheng")``. The same folder
holds BENCH-B model files (top-level ``model = "bench-b"``), which are not scenarios: they are
listed by :func:`shipped_models` and read by
:func:`~disputeflow.simulation.bench_b_model.load_bench_b`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from disputeflow.engine.courts import Court
from disputeflow.errors import ConfigError, InvalidValueError, UnknownNameError
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.scenario import (
    ArrivalStream,
    Decisions,
    PendingCohort,
    Region,
    ResourceSpec,
    Scenario,
    StageSpec,
)

__all__ = [
    "declared_model",
    "load_scenario",
    "read_file",
    "scenario_from_toml",
    "shipped_models",
    "shipped_names",
    "shipped_scenarios",
]

T = TypeVar("T")


def declared_model(text: str) -> str | None:
    """
    The top-level ``model`` a TOML document declares (``"bench-b"`` for a BENCH-B model
    file), or ``None``: a scenario, or text that is not TOML (its loader reports that).
    """
    try:
        value = tomllib.loads(text).get("model")
    except tomllib.TOMLDecodeError:
        return None
    return None if value is None else str(value)


@cache
def _shipped() -> tuple[tuple[str, str | None], ...]:
    # (name, declared model) of every shipped file; package data does not change while we run.
    data = resources.files("disputeflow.simulation") / "data"
    return tuple(
        (p.name[:-5], declared_model(p.read_text(encoding="utf-8")))
        for p in sorted(data.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".toml")
    )


def shipped_scenarios() -> tuple[str, ...]:
    """
    Names of the scenarios shipped as package data (what :func:`load_scenario` reads by name).
    """
    return tuple(name for name, model in _shipped() if model is None)


def shipped_models() -> tuple[str, ...]:
    """
    Names of the BENCH-B model files shipped as package data (``bench-b``).
    """
    return tuple(name for name, model in _shipped() if model is not None)


def shipped_names() -> tuple[str, ...]:
    """
    Every name ``disputeflow simulate`` runs without a path: shipped scenarios and models.
    """
    return tuple(sorted(shipped_scenarios() + shipped_models()))


def load_scenario(source: str | Path) -> Scenario:
    """
    A scenario from a TOML file, or a shipped one by name (``"baicheng"``).

    Raises:
        ConfigError: the file cannot be read or parsed, or a value is invalid (names the file
            and key).
    """
    name = str(source)
    if isinstance(source, str) and name in shipped_models():
        raise ConfigError(
            name,
            "model",
            f"a scenario ({', '.join(shipped_scenarios())}); {name} is a BENCH-B model: "
            "load it with load_bench_b or run it with disputeflow simulate",
            name,
        )
    if isinstance(source, str) and name in shipped_scenarios():
        text = (resources.files("disputeflow.simulation") / "data" / f"{name}.toml").read_text(
            encoding="utf-8"
        )
        return scenario_from_toml(text, f"{name} (shipped)")
    text = read_file(
        source, f"a readable TOML file or a shipped scenario ({', '.join(shipped_names())})"
    )
    return scenario_from_toml(text, str(source))


def read_file(source: str | Path, expected: str) -> str:
    """
    The text of a file given by the caller.

    Raises:
        ConfigError: it cannot be read (names the file; ``expected`` says what would do).
    """
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(source), "", expected, exc.strerror) from None


def _get(
    file: str,
    table: Mapping[str, Any],
    key: str,
    where: str,
    kind: type[T] | tuple[type, ...],
    default: Any = ...,
) -> Any:
    full = f"{where}.{key}" if where else key
    if key not in table:
        if default is ...:
            raise ConfigError(file, full, "a value (required)")
        return default
    value = table[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ConfigError(file, full, _kind_name(kind), value)
    if not isinstance(value, kind):
        raise ConfigError(file, full, _kind_name(kind), value)
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        "str": "a string",
        "int": "an integer",
        "float": "a number",
        "dict": "a table",
        "list": "an array",
        "bool": "true or false",
    }
    return " or ".join(names.get(k.__name__, k.__name__) for k in kinds)


def _build(file: str, key: str, make: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    # Build a value, turning its validation errors into ConfigErrors that name the key.
    try:
        return make(*args, **kwargs)
    except UnknownNameError as exc:
        valid = ", ".join(str(v) for v in exc.valid)
        raise ConfigError(file, key, f"one of {valid}", exc.name) from None
    except InvalidValueError as exc:
        field = exc.field
        full = field if field.startswith(key.split(".")[0]) else f"{key}.{field}"
        raise ConfigError(file, full, exc.expected, exc.got) from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(file, key, "a valid value", str(exc)) from None


def _dist(file: str, value: Any, key: str) -> Distribution:
    if not isinstance(value, dict):
        raise ConfigError(file, key, "a table with dist = ... and its parameters", value)
    params = dict(value)
    kind = params.pop("dist", None)
    if not isinstance(kind, str):
        raise ConfigError(file, f"{key}.dist", "a distribution kind", kind)
    return _build(file, key, Distribution, kind, params)


_NUM = (int, float)


def scenario_from_toml(text: str, file: str = "<string>") -> Scenario:
    """
    A scenario from TOML text.

    Args:
        text: the TOML document.
        file: its name, quoted in errors.

    Raises:
        ConfigError: malformed TOML or an invalid value, naming ``file`` and the key.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, "", "valid TOML", str(exc)) from None
    head = _get(file, doc, "scenario", "", dict)
    courts = []
    for i, c in enumerate(_get(file, doc, "courts", "", list)):
        key = f"courts[{i}]"
        if not isinstance(c, dict):
            raise ConfigError(file, key, "a table", c)
        courts.append(
            _build(
                file,
                key,
                Court,
                _get(file, c, "id", key, str),
                _get(file, c, "name_en", key, str),
                _get(file, c, "name_zh", key, str, ""),
                _get(file, c, "code", key, str, ""),
                parent=_get(file, c, "parent", key, str, None),
                region=_get(file, c, "region", key, str, ""),
            )
        )
    regions = []
    for i, r in enumerate(_get(file, doc, "regions", "", list)):
        key = f"regions[{i}]"
        if not isinstance(r, dict):
            raise ConfigError(file, key, "a table", r)
        regions.append(
            _build(
                file,
                key,
                Region,
                _get(file, r, "id", key, str),
                _get(file, r, "population", key, int),
                _get(file, r, "court", key, str),
            )
        )
    arrivals = _arrivals(file, _get(file, doc, "arrivals", "", dict), regions)
    stages = {}
    for name, s in _get(file, doc, "stages", "", dict).items():
        key = f"stages.{name}"
        if not isinstance(s, dict):
            raise ConfigError(file, key, "a table", s)
        dur = _dist(file, _get(file, s, "duration", key, dict), f"{key}.duration")
        outcomes = _get(file, s, "outcomes", key, dict)
        stages[name] = _build(file, key, StageSpec, name, dur, outcomes)
    dec = _get(file, doc, "decisions", "", dict, {})
    decisions = _build(
        file,
        "decisions",
        Decisions,
        front_end=_get(file, dec, "front_end", "decisions", dict, {}),
        venues=_get(file, dec, "venues", "decisions", dict, {}),
        tracks=_get(file, dec, "tracks", "decisions", dict, {}),
        trial_mediation=_get(file, dec, "trial_mediation", "decisions", dict, {}),
        extension_consent=float(_get(file, dec, "extension_consent", "decisions", _NUM, 0.5)),
    )
    res = {}
    for pool, spec in _get(file, doc, "resources", "", dict, {}).items():
        key = f"resources.{pool}"
        if not isinstance(spec, dict):
            raise ConfigError(file, key, "a table", spec)
        res[pool] = _build(
            file,
            key,
            ResourceSpec,
            pool,
            _get(file, spec, "servers", key, dict),
            _get(file, spec, "slots", key, int, 1),
            _get(file, spec, "calendar", key, str, "court"),
        )
    pending = []
    for i, p in enumerate(_get(file, doc, "pending", "", list, [])):
        key = f"pending[{i}]"
        if not isinstance(p, dict):
            raise ConfigError(file, key, "a table", p)
        ages = _get(file, p, "age_days", key, list, [0, 0])
        if len(ages) != 2 or not all(isinstance(a, int) for a in ages):
            raise ConfigError(file, f"{key}.age_days", "[min, max] in whole days", ages)
        pending.append(
            _build(
                file,
                key,
                PendingCohort,
                _get(file, p, "court", key, str),
                _get(file, p, "category", key, str),
                _get(file, p, "state", key, str),
                _get(file, p, "count", key, int),
                ages[0],
                ages[1],
            )
        )
    claim = head.get("claim_amount")
    extra: dict[str, Any] = {}
    if claim is not None:
        extra["claim_amount"] = _dist(file, claim, "scenario.claim_amount")
    return _build(
        file,
        "scenario",
        Scenario,
        _get(file, head, "id", "scenario", str),
        _get(file, head, "rule_set", "scenario", str),
        _get(file, head, "start", "scenario", str),
        _get(file, head, "horizon_days", "scenario", int),
        tuple(courts),
        tuple(regions),
        tuple(arrivals),
        stages,
        decisions,
        res,
        tuple(pending),
        scale=float(_get(file, head, "scale", "scenario", _NUM, 1.0)),
        label=_get(file, head, "label", "scenario", str, ""),
        tz=_get(file, head, "tz", "scenario", str, "Asia/Shanghai"),
        **extra,
    )


def _arrivals(file: str, table: Mapping[str, Any], regions: list[Region]) -> list[ArrivalStream]:
    """
    Arrival streams: either per capita (``per_10000`` disputes per 10,000 residents a year,
    split by ``categories`` shares over every region), or explicit ``[[arrivals.stream]]``
    entries, or both.
    """
    weekly = _get(file, table, "weekly", "arrivals", list, None)
    seasonal = _get(file, table, "seasonal", "arrivals", list, None)
    out: list[ArrivalStream] = []
    if "per_10000" in table:
        rate = _get(file, table, "per_10000", "arrivals", _NUM)
        shares = _get(file, table, "categories", "arrivals", dict)
        total = sum(v for v in shares.values() if isinstance(v, _NUM))
        if abs(total - 1) > 1e-6:
            raise ConfigError(file, "arrivals.categories", "shares summing to 1", round(total, 9))
        for r in regions:
            for cat, share in shares.items():
                key = f"arrivals.categories.{cat}"
                per_year = r.population / 10000 * rate * share
                out.append(
                    _build(
                        file,
                        key,
                        ArrivalStream,
                        cat,
                        r.id,
                        per_year,
                        weekly,
                        seasonal,
                    )
                )
    for i, s in enumerate(_get(file, table, "stream", "arrivals", list, [])):
        key = f"arrivals.stream[{i}]"
        if not isinstance(s, dict):
            raise ConfigError(file, key, "a table", s)
        out.append(
            _build(
                file,
                key,
                ArrivalStream,
                _get(file, s, "category", key, str),
                _get(file, s, "region", key, str),
                float(_get(file, s, "rate_per_year", key, _NUM)),
                _get(file, s, "weekly", key, list, weekly),
                _get(file, s, "seasonal", key, list, seasonal),
            )
        )
    if not out:
        raise ConfigError(file, "arrivals", "per_10000 with categories, or [[arrivals.stream]]")
    return out
