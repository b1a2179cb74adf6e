"""
Duration distributions of a scenario's stages: exponential, lognormal, gamma, empirical and
constant, in days, drawn from a numpy Generator.

Each is parametrised by its mean where that is natural, so a scenario file reads as the
published averages it was calibrated on (``mean = 23.33`` days of pre-filing mediation).
Samples are checked: a negative or non-finite duration is an error, never silently clipped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from disputeflow.errors import InvalidValueError

__all__ = ["KINDS", "Distribution"]

#: Distribution kinds and the parameters each takes (required, optional).
KINDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exponential": (("mean",), ()),
    "lognormal": (("mean", "sd"), ()),
    "gamma": (("shape", "mean"), ()),
    "empirical": (("values",), ("weights",)),
    "constant": (("value",), ()),
}


def _params(value: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in value.items())
    )


@attrs.frozen
class Distribution:
    """
    A distribution of durations in days.

    Attributes:
        kind: ``exponential`` (``mean``), ``lognormal`` (``mean``, ``sd`` of the durations
            themselves), ``gamma`` (``shape``, ``mean``), ``empirical`` (``values`` drawn with
            optional ``weights``) or ``constant`` (``value``).
        params: the parameters as sorted ``(name, value)`` pairs.

    Raises:
        InvalidValueError: unknown kind, missing or unknown parameter, or a value out of range
            (``field`` names the parameter).
    """

    kind: str
    params: tuple[tuple[str, Any], ...] = attrs.field(converter=_params)

    def __attrs_post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidValueError("dist", "one of " + ", ".join(KINDS), self.kind)
        required, optional = KINDS[self.kind]
        given = dict(self.params)
        for name in required:
            if name not in given:
                raise InvalidValueError(name, f"a value (required by {self.kind})", None)
        for name in given:
            if name not in required and name not in optional:
                valid = ", ".join((*required, *optional))
                raise InvalidValueError(name, f"a parameter of {self.kind}: {valid}", name)
        if self.kind == "empirical":
            values = np.asarray(given["values"], dtype=float)
            if values.ndim != 1 or len(values) == 0 or not np.all(np.isfinite(values)):
                raise InvalidValueError("values", "a non-empty list of numbers", given["values"])
            if np.any(values < 0):
                raise InvalidValueError("values", "durations >= 0", given["values"])
            weights = given.get("weights")
            if weights is not None:
                w = np.asarray(weights, dtype=float)
                if w.shape != values.shape or np.any(w < 0) or not w.sum() > 0:
                    raise InvalidValueError(
                        "weights", f"{len(values)} non-negative weights, not all 0", weights
                    )
            return
        for name in required:
            v = given[name]
            ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            if not ok or v < 0 or (v == 0 and name != "value"):
                expected = "a number >= 0" if name == "value" else "a number > 0"
                raise InvalidValueError(name, expected, v)

    @classmethod
    def of(cls, kind: str, **params: Any) -> Distribution:
        """
        Shorthand: ``Distribution.of("lognormal", mean=30, sd=20)``.
        """
        return cls(kind, params)

    def param(self, name: str) -> Any:
        """
        A parameter's value.
        """
        return dict(self.params)[name]

    @property
    def mean(self) -> float:
        """
        The mean duration in days.
        """
        p = dict(self.params)
        if self.kind == "empirical":
            values = np.asarray(p["values"], dtype=float)
            weights = p.get("weights")
            w = np.ones_like(values) if weights is None else np.asarray(weights, dtype=float)
            return float((values * w).sum() / w.sum())
        if self.kind == "constant":
            return float(p["value"])
        return float(p["mean"])

    def sample(self, rng: np.random.Generator) -> float:
        """
        One duration in days.

        Raises:
            InvalidValueError: the draw is negative or not finite (a broken distribution).
        """
        p = dict(self.params)
        kind = self.kind
        if kind == "exponential":
            x = rng.exponential(p["mean"])
        elif kind == "lognormal":
            m, s = float(p["mean"]), float(p["sd"])
            sigma2 = math.log1p((s / m) ** 2)
            x = rng.lognormal(math.log(m) - sigma2 / 2, math.sqrt(sigma2))
        elif kind == "gamma":
            shape = float(p["shape"])
            x = rng.gamma(shape, float(p["mean"]) / shape)
        elif kind == "empirical":
            values = p["values"]
            weights = p.get("weights")
            if weights is None:
                x = values[int(rng.integers(len(values)))]
            else:
                w = np.asarray(weights, dtype=float)
                x = values[int(rng.choice(len(values), p=w / w.sum()))]
        else:
            x = p["value"]
        x = float(x)
        if not math.isfinite(x) or x < 0:
            raise InvalidValueError(f"{kind} sample", "a finite duration >= 0", x)
        return x

    def to_dict(self) -> dict[str, Any]:
        """
        Plain form, as in a scenario file: ``{"dist": kind, **params}``.
        """
        return {
            "dist": self.kind,
            **{k: list(v) if isinstance(v, tuple) else v for k, v in self.params},
        }
