"""
Student's t quantiles and the confidence interval of a mean, without SciPy.

The quantile inverts the t distribution function, written with the regularised incomplete
beta function ``I_x(df / 2, 1 / 2)`` evaluated by its continued fraction (modified Lentz);
bisection then finds the quantile to about 1e-10.
"""

from __future__ import annotations

import math

import numpy as np

from disputeflow.errors import InvalidValueError

#: The note of a summary with one replication (no spread, no interval).
ONE_REPLICATION = "one replication: no interval"
#: The note of a summary without any value.
NO_VALUE = "no replication has a value"


def _betacf(a: float, b: float, x: float) -> float:
    # Continued fraction of the incomplete beta function (modified Lentz).
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            step = d * c
            h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def _beta_regularized(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _t_cdf(t: float, df: float) -> float:
    tail = 0.5 * _beta_regularized(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def student_t_quantile(p: float, df: int) -> float:
    """
    The ``p`` quantile of Student's t distribution with ``df`` degrees of freedom.

    Computed from the regularised incomplete beta function and bisection (no SciPy needed),
    to about 1e-10.

    Args:
        p: the probability, strictly between 0 and 1.
        df: degrees of freedom, at least 1.

    Returns:
        The quantile (e.g. 12.706 for ``p=0.975, df=1``; 1.960 as ``df`` grows).

    Raises:
        InvalidValueError: ``p`` or ``df`` out of range.
    """
    if not 0.0 < p < 1.0:
        raise InvalidValueError("p", "a probability strictly between 0 and 1", p)
    if df < 1:
        raise InvalidValueError("df", "at least 1 degree of freedom", df)
    if p < 0.5:
        return -student_t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while _t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if _t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def check_level(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise InvalidValueError("level", "a confidence level strictly between 0 and 1", level)
    return float(level)


def interval(values: np.ndarray, level: float) -> tuple[int, float, float, float, float, str]:
    """
    ``(n, mean, std, low, high, note)`` of the finite values.
    """
    x = values[np.isfinite(values)]
    n = len(x)
    if n == 0:
        return 0, math.nan, math.nan, math.nan, math.nan, NO_VALUE
    mean = float(np.mean(x))
    if n == 1:
        return 1, mean, math.nan, math.nan, math.nan, ONE_REPLICATION
    std = float(np.std(x, ddof=1))
    half = student_t_quantile(1.0 - (1.0 - level) / 2.0, n - 1) * std / math.sqrt(n)
    return n, mean, std, mean - half, mean + half, ""
