"""
BENCH-B's model as data: :class:`BenchBModel` (horizon, arrival volume, category shares, per
node servers, mean service and routing probabilities) read from a TOML file by
:func:`load_bench_b`. The shipped file (``simulation/data/bench-b.toml``, copied to
``examples/scenarios/bench-b.toml``) is the one source of BENCH-B's numbers; the format is
documented in ``docs/bench-b.md``.

A BENCH-B model file says so at its top: ``model = "bench-b"`` (a scenario file has no
top-level ``model``), which is how ``disputeflow simulate`` tells the two apart.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from disputeflow.errors import ConfigError, InvalidValueError
from disputeflow.lifecycle.stages.bench_b import NODES
from disputeflow.simulation.loader import declared_model, read_file, shipped_models

__all__ = [
    "MODEL_MARKER",
    "NODE_NAMES",
    "ROUTING_KEYS",
    "BenchBModel",
    "bench_b_model_from_toml",
    "default_bench_b_model",
    "is_bench_b_file",
    "load_bench_b",
]

#: The value of the top-level ``model`` key of a BENCH-B model file.
MODEL_MARKER = "bench-b"
#: BENCH-B's nodes, in the lifecycle's order.
NODE_NAMES: tuple[str, ...] = tuple(n[0] for n in NODES)
#: The routing probabilities each node's table holds (BENCH-B.md, "Routing"): all required.
ROUTING_KEYS: Mapping[str, tuple[str, ...]] = {
    "M": ("success", "confirmation"),
    "C": (),
    "F": ("rejected",),
    "T": ("withdrawn", "appealed", "execution"),
    "A": ("execution",),
    "E": (),
    "P": ("retrial",),
}
_NODE_KEYS = ("servers", "mean_service_days")
_TOP_KEYS = (
    "model",
    "id",
    "label",
    "horizon_days",
    "disputes_per_year",
    "petition",
    "categories",
    "nodes",
)
_PROBABILITY = "a probability in [0, 1]"

#: One routing row: (outcome, triggers fired in order, probability).
Outcome = tuple[str, tuple[str, ...], float]


def _positive(field: str, value: float, what: str = "a positive number") -> None:
    if not (isinstance(value, int | float) and not isinstance(value, bool)) or not (
        math.isfinite(value) and value > 0
    ):
        raise InvalidValueError(field, what, value)


def _probability(field: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidValueError(field, _PROBABILITY, value)


def _node_table(field: str, table: Mapping[str, Any]) -> None:
    # Exactly BENCH-B's nodes, none missing, none unknown.
    unknown = [n for n in table if n not in NODE_NAMES]
    if unknown:
        raise InvalidValueError(
            f"{field}.{unknown[0]}", f"one of {', '.join(NODE_NAMES)}", unknown[0]
        )
    missing = [n for n in NODE_NAMES if n not in table]
    if missing:
        raise InvalidValueError(
            f"{field}.{missing[0]}", f"a value for every node ({', '.join(NODE_NAMES)})", None
        )


def _number(value: Any) -> Any:
    # ints become floats; anything else is left for the validation to name.
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _shares(value: Any) -> tuple[tuple[str, float], ...]:
    return tuple((str(k), _number(v)) for k, v in value)


def _floats(value: Mapping[str, Any]) -> dict[str, float]:
    return {str(k): _number(v) for k, v in value.items()}


def _counts(value: Mapping[str, int]) -> dict[str, int]:
    return {str(k): v for k, v in value.items()}


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _tables(value: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {str(k): dict(v) for k, v in value.items()}


@attrs.frozen
class BenchBModel:
    """
    The BENCH-B network as data (``shared/bench/BENCH-B.md``): what :func:`run_bench_b
    <disputeflow.simulation.bench_b.run_bench_b>` simulates.

    Validated when built; a problem is an :class:`~disputeflow.errors.InvalidValueError` whose
    field is the model file's dotted key (``nodes.T.servers``).

    Attributes:
        horizon_days: days simulated (BENCH-B: 365).
        disputes_per_year: arrivals a year at scale 1 (Poisson, rate this / horizon a day).
        categories: ``(category, share)`` in the order of the log's category codes; shares in
            [0, 1] summing to 1 within 1e-9.
        skip_mediation: categories that enter filing review directly (BENCH-B:
            administrative); all others enter mediation.
        servers: servers per node at scale 1 (positive integers), every node M C F T A E P.
        mean_service_days: mean exponential service per node (positive days).
        routing: per node, its :data:`ROUTING_KEYS` probabilities (M: success, confirmation;
            F: rejected; T: withdrawn, appealed, execution; A: execution; P: retrial).
        petition: probability that a closing outcome at T, A or E is petitioned.
        id, label: names for reports.
    """

    horizon_days: float = attrs.field(converter=_number)
    disputes_per_year: float = attrs.field(converter=_number)
    categories: tuple[tuple[str, float], ...] = attrs.field(converter=_shares)
    skip_mediation: frozenset[str] = attrs.field(converter=_names)
    servers: Mapping[str, int] = attrs.field(converter=_counts)
    mean_service_days: Mapping[str, float] = attrs.field(converter=_floats)
    routing: Mapping[str, Mapping[str, float]] = attrs.field(converter=_tables)
    petition: float
    id: str = MODEL_MARKER
    label: str = ""

    def __attrs_post_init__(self) -> None:
        _positive("horizon_days", self.horizon_days, "a positive number of days")
        _positive("disputes_per_year", self.disputes_per_year)
        if not self.categories:
            raise InvalidValueError("categories.shares", "at least one category", None)
        names = [c for c, _ in self.categories]
        if len(set(names)) != len(names):
            raise InvalidValueError("categories.shares", "distinct categories", names)
        for c, share in self.categories:
            _probability(f"categories.shares.{c}", share)
        total = sum(s for _, s in self.categories)
        if abs(total - 1.0) > 1e-9:
            raise InvalidValueError("categories.shares", "shares summing to 1 (within 1e-9)", total)
        for c in sorted(self.skip_mediation):
            if c not in names:
                raise InvalidValueError(
                    "categories.skip_mediation", f"categories among {', '.join(names)}", c
                )
        _node_table("nodes", self.servers)
        _node_table("nodes", self.mean_service_days)
        _node_table("nodes", self.routing)
        for n in NODE_NAMES:
            count = self.servers[n]
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise InvalidValueError(f"nodes.{n}.servers", "a positive integer", count)
            _positive(f"nodes.{n}.mean_service_days", self.mean_service_days[n], "positive days")
            probs = self.routing[n]
            for key in probs:
                if key not in ROUTING_KEYS[n]:
                    valid = ", ".join(ROUTING_KEYS[n]) or "none (the node has one outcome)"
                    raise InvalidValueError(
                        f"nodes.{n}.{key}", f"a routing key of {n}: {valid}", key
                    )
            for key in ROUTING_KEYS[n]:
                if key not in probs:
                    raise InvalidValueError(f"nodes.{n}.{key}", f"{_PROBABILITY} (required)", None)
                _probability(f"nodes.{n}.{key}", probs[key])
        _probability("petition", self.petition)

    def scaled_servers(self, scale: float) -> dict[str, int]:
        """
        Servers per node at ``scale``: ``max(1, floor(c * scale + 0.5))`` (round half up).
        """
        return {n: max(1, math.floor(self.servers[n] * scale + 0.5)) for n in NODE_NAMES}

    def arrival_rate(self, scale: float) -> float:
        """
        Arrivals a day at ``scale``: ``scale * disputes_per_year / horizon_days``.
        """
        return scale * self.disputes_per_year / self.horizon_days

    def outcomes(self) -> dict[str, tuple[Outcome, ...]]:
        """
        What can happen when service at a node ends: per node, ``(outcome, triggers fired in
        order, probability)``, BENCH-B's independent draws folded into one per node (a closing
        outcome at T, A or E splits into one without and one with a petition).
        """
        r, pet = self.routing, self.petition
        m_ok, m_conf = r["M"]["success"], r["M"]["confirmation"]
        t_wd, t_app, t_exe = r["T"]["withdrawn"], r["T"]["appealed"], r["T"]["execution"]
        judg = 1 - t_wd
        a_exe = r["A"]["execution"]
        retrial = r["P"]["retrial"]
        return {
            "M": (
                ("settled", ("reach_agreement",), m_ok * (1 - m_conf)),
                ("to_confirmation", ("apply_for_confirmation",), m_ok * m_conf),
                ("failed", ("fail_mediation",), 1 - m_ok),
            ),
            "C": (("confirmed", ("confirm_agreement",), 1.0),),
            "F": (
                ("refused", ("refuse_filing",), r["F"]["rejected"]),
                ("registered", ("register",), 1 - r["F"]["rejected"]),
            ),
            "T": (
                ("withdrawn", ("withdraw",), t_wd * (1 - pet)),
                ("withdrawn_petition", ("withdraw", "file_petition"), t_wd * pet),
                ("appealed", ("appeal",), judg * t_app),
                ("to_execution", ("apply_for_execution",), judg * (1 - t_app) * t_exe),
                ("judged", ("render_judgment",), judg * (1 - t_app) * (1 - t_exe) * (1 - pet)),
                (
                    "judged_petition",
                    ("render_judgment", "file_petition"),
                    judg * (1 - t_app) * (1 - t_exe) * pet,
                ),
            ),
            "A": (
                ("to_execution", ("apply_for_execution",), a_exe),
                ("decided", ("decide_appeal",), (1 - a_exe) * (1 - pet)),
                ("decided_petition", ("decide_appeal", "file_petition"), (1 - a_exe) * pet),
            ),
            "E": (
                ("concluded", ("conclude_execution",), 1 - pet),
                ("concluded_petition", ("conclude_execution", "file_petition"), pet),
            ),
            "P": (
                ("retrial", ("order_retrial",), retrial),
                ("closed", ("close_petition",), 1 - retrial),
            ),
        }


# -- reading the file -----------------------------------------------------------------------


def _take(file: str, table: Mapping[str, Any], key: str, where: str, kind: str) -> Any:
    full = f"{where}.{key}" if where else key
    if key not in table:
        raise ConfigError(file, full, f"{_KINDS[kind][1]} (required)")
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, _KINDS[kind][0]):
        raise ConfigError(file, full, _KINDS[kind][1], value)
    return value


_KINDS: Mapping[str, tuple[type | tuple[type, ...], str]] = {
    "str": (str, "a string"),
    "int": (int, "an integer"),
    "num": ((int, float), "a number"),
    "table": (dict, "a table"),
    "array": (list, "an array"),
}


def _no_unknown(file: str, table: Mapping[str, Any], where: str, valid: Sequence[str]) -> None:
    for key in table:
        if key not in valid:
            full = f"{where}.{key}" if where else key
            raise ConfigError(file, full, f"one of the keys {', '.join(valid)}", key)


def bench_b_model_from_toml(text: str, file: str = "<string>") -> BenchBModel:
    """
    A BENCH-B model from TOML text (the format of ``simulation/data/bench-b.toml``).

    Args:
        text: the TOML document.
        file: its name, quoted in errors.

    Raises:
        ConfigError: malformed TOML, a missing ``model = "bench-b"`` marker, a missing or
            unknown key, a value of the wrong type or out of range; names ``file``, the dotted
            key and what would be valid.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, "", "valid TOML", str(exc)) from None
    marker = doc.get("model")
    if marker != MODEL_MARKER:
        raise ConfigError(file, "model", f'"{MODEL_MARKER}" (a BENCH-B model file)', marker)
    _no_unknown(file, doc, "", _TOP_KEYS)
    cats = _take(file, doc, "categories", "", "table")
    _no_unknown(file, cats, "categories", ("skip_mediation", "shares"))
    shares = _take(file, cats, "shares", "categories", "table")
    for c, v in shares.items():
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ConfigError(file, f"categories.shares.{c}", "a number", v)
    skip = cats.get("skip_mediation", [])
    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
        raise ConfigError(file, "categories.skip_mediation", "an array of category names", skip)
    nodes = _take(file, doc, "nodes", "", "table")
    servers, means, routing = {}, {}, {}
    for n, spec in nodes.items():
        where = f"nodes.{n}"
        if n not in NODE_NAMES:
            raise ConfigError(file, where, f"one of the nodes {', '.join(NODE_NAMES)}", n)
        if not isinstance(spec, dict):
            raise ConfigError(file, where, "a table", spec)
        _no_unknown(file, spec, where, _NODE_KEYS + ROUTING_KEYS[n])
        servers[n] = _take(file, spec, "servers", where, "int")
        means[n] = _take(file, spec, "mean_service_days", where, "num")
        routing[n] = {k: _take(file, spec, k, where, "num") for k in ROUTING_KEYS[n]}
    missing = [n for n in NODE_NAMES if n not in nodes]
    if missing:
        raise ConfigError(
            file, f"nodes.{missing[0]}", f"a table for every node ({', '.join(NODE_NAMES)})"
        )
    try:
        return BenchBModel(
            horizon_days=_take(file, doc, "horizon_days", "", "num"),
            disputes_per_year=_take(file, doc, "disputes_per_year", "", "num"),
            categories=tuple(shares.items()),
            skip_mediation=skip,
            servers=servers,
            mean_service_days=means,
            routing=routing,
            petition=_take(file, doc, "petition", "", "num"),
            id=doc["id"] if isinstance(doc.get("id"), str) else MODEL_MARKER,
            label=doc["label"] if isinstance(doc.get("label"), str) else "",
        )
    except InvalidValueError as exc:
        raise ConfigError(file, exc.field, exc.expected, exc.got) from None


@cache
def _shipped(name: str) -> BenchBModel:
    text = (resources.files("disputeflow.simulation") / "data" / f"{name}.toml").read_text(
        encoding="utf-8"
    )
    return bench_b_model_from_toml(text, f"{name} (shipped)")


def load_bench_b(source: str | Path = MODEL_MARKER) -> BenchBModel:
    """
    A BENCH-B model from a TOML file, or a shipped one by name (``"bench-b"``, read once).

    Raises:
        ConfigError: the file cannot be read, or is not a valid BENCH-B model (names the
            file and the key).
    """
    name = str(source)
    if isinstance(source, str) and name in shipped_models():
        return _shipped(name)
    shipped = ", ".join(shipped_models())
    text = read_file(source, f"a readable TOML file or a shipped BENCH-B model ({shipped})")
    return bench_b_model_from_toml(text, str(source))


def default_bench_b_model() -> BenchBModel:
    """
    The shipped BENCH-B model (``simulation/data/bench-b.toml``), read once.
    """
    return _shipped(MODEL_MARKER)


def is_bench_b_file(path: str | Path) -> bool:
    """
    Whether ``path`` is a readable TOML file whose top level declares ``model = "bench-b"``
    (or any ``model``: the loader then says what is valid).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return False
    return declared_model(text) is not None
