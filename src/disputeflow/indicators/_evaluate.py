"""
The vectorised evaluation behind :func:`disputeflow.indicators.compute`.

Every count is a cumulative count at a sorted set of evaluation days: a flow over
``[start, end]`` is ``C(end) - C(start - 1)``, a stock at a day is ``accepted(d) - closed(d)``
(pending = accepted - closed, DOMAIN.md section 4). One ``bincount`` per measure serves every
group and period at once; only age-dependent stocks, distinct counts and statistics loop over
periods.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np

from disputeflow.errors import UnknownNameError
from disputeflow.indicators.definitions import (
    Condition,
    Indicator,
    Measure,
    ReportingPeriod,
    Statistic,
)
from disputeflow.indicators.tables import NEVER, Tables, day_number

_FLOW_DATE = {
    "new": "accepted_on",
    "closed": "closed_on",
    "opened": "opened_on",
    "effective": "effective_on",
    "ended": "end_on",
}


class _Context:
    def __init__(self, tables: Tables, periods: tuple[ReportingPeriod, ...], by: tuple[str, ...]):
        self.t = tables
        self.periods = periods
        self.by = by
        self.starts = np.array([day_number(p.start_on) for p in periods], dtype=np.int64)
        self.ends = np.array([day_number(p.end_on) for p in periods], dtype=np.int64)
        self.eval = np.unique(np.concatenate([self.starts - 1, self.ends]))
        self.k_start = np.searchsorted(self.eval, self.starts - 1)
        self.k_end = np.searchsorted(self.eval, self.ends)
        self.radix = [len(tables.labels[c]) for c in by]
        raw = {name: self._keys(name) for name in ("proceedings", "disputes", "spells")}
        allkeys = np.unique(np.concatenate(list(raw.values())))
        self.keys = allkeys
        self.G = len(allkeys)
        self.P = len(periods)
        self.gidx = {name: np.searchsorted(allkeys, k) for name, k in raw.items()}
        self.masks: dict[tuple[str, Measure], np.ndarray] = {}
        self._inactive_overlap: dict[int, np.ndarray] = {}
        self._day_index: dict[tuple[str, str], np.ndarray] = {}
        self._ages: dict[tuple[int, bool], np.ndarray] = {}

    def table(self, name: str) -> Mapping[str, np.ndarray]:
        return {"proceedings": self.t.proceedings, "disputes": self.t.disputes}.get(
            name, self.t.spells
        )

    def column(self, name: str, col: str) -> np.ndarray:
        table = self.table(name)
        if col in table:
            return table[col]
        if name == "spells" and col in self.t.proceedings:
            return np.asarray(self.t.proceedings[col][self.t.spells["proc"]])
        raise UnknownNameError("column", col, sorted(table), f"table {name}")

    def _keys(self, name: str) -> np.ndarray:
        table = self.table(name)
        n = len(next(iter(table.values()))) if table else 0
        key = np.zeros(n, dtype=np.int64)
        for col, radix in zip(self.by, self.radix, strict=True):
            try:
                codes = self.column(name, col)
            except UnknownNameError:
                codes = np.zeros(n, dtype=np.int64)  # e.g. judge for disputes: unknown
            key = key * radix + codes
        return key

    def labels_of_groups(self) -> list[tuple[str, ...]]:
        out = []
        for key in self.keys.tolist():
            parts = []
            for col, radix in zip(reversed(self.by), reversed(self.radix), strict=True):
                key, code = divmod(key, radix)
                parts.append(self.t.labels[col][code])
            out.append(tuple(reversed(parts)))
        return out

    # -- selections --------------------------------------------------------------------------

    def condition(self, name: str, c: Condition) -> np.ndarray:
        col = self.column(name, c.column)
        value = c.value
        if c.op in ("any_tag", "no_tag"):
            tags = (value,) if isinstance(value, str) else tuple(value)
            hit = (col & self.t.tag_mask(*tags)) != 0
            return np.asarray(hit if c.op == "any_tag" else ~hit)
        if c.column in self.t.labels and c.column != "dispute":
            if c.op in ("in", "not_in"):
                value = self.t.codes(c.column, value)
            else:
                codes = self.t.codes(c.column, (value,))
                value = codes[0] if len(codes) else -1
        ops = {
            "==": np.equal,
            "!=": np.not_equal,
            "<": np.less,
            "<=": np.less_equal,
            ">": np.greater,
            ">=": np.greater_equal,
        }
        if c.op in ops:
            with np.errstate(invalid="ignore"):
                result: np.ndarray = ops[c.op](col, value)
            return result
        hit = np.isin(col, np.asarray(value))
        return hit if c.op == "in" else ~hit

    def mask(self, m: Measure) -> np.ndarray:
        key = (m.table, attrs.evolve(m, sum_of=None, distinct=None))
        found = self.masks.get(key)
        if found is not None:
            return found
        name = m.table
        n = len(self.gidx[name])
        sel = np.ones(n, dtype=bool)
        if name != "disputes":
            if m.kinds:
                sel &= np.isin(self.column(name, "kind"), self.t.codes("kind", m.kinds))
            if m.counted_only:
                sel &= self.column(name, "counted")
        for c in m.where:
            sel &= self.condition(name, c)
        if name == "proceedings" and m.basis not in ("opened",):
            sel &= self.t.proceedings["accepted_on"] < NEVER
        self.masks[key] = sel
        return sel

    # -- counts ------------------------------------------------------------------------------

    def day_index(self, name: str, col: str) -> np.ndarray:
        """Position of each row's date among the evaluation days (cached per column)."""
        key = (name, col)
        found = self._day_index.get(key)
        if found is None:
            found = np.searchsorted(self.eval, self.column(name, col), side="left")
            self._day_index[key] = found
        return found

    def cum(self, idx: np.ndarray, g: np.ndarray, w: np.ndarray | None) -> np.ndarray:
        """Count (or sum) of rows with date <= eval[k], per group, for every k: [G, K]."""
        K = len(self.eval)
        flat = g * (K + 1) + idx
        counts = np.bincount(flat, weights=w, minlength=self.G * (K + 1)).astype(float)
        return np.cumsum(counts.reshape(self.G, K + 1), axis=1)[:, :K]

    def measure(self, m: Measure) -> np.ndarray:
        """[G, P] values of a measure."""
        name = m.table
        sel = self.mask(m)
        g = self.gidx[name][sel]
        w = None if m.sum_of is None else np.nan_to_num(self.column(name, m.sum_of)[sel])
        if m.distinct is not None:
            return self._distinct(m, sel)
        if m.basis in _FLOW_DATE:
            col = "opened_on" if name == "disputes" else _FLOW_DATE[m.basis]
            C = self.cum(self.day_index(name, col)[sel], g, w)
            return np.asarray(C[:, self.k_end] - C[:, self.k_start])
        if m.older_than_months or m.older_than_days is not None or m.active_only:
            out = np.zeros((self.G, self.P))
            for p in range(self.P):
                rows = self.pending_rows(m, sel, p)
                wp = None if m.sum_of is None else np.nan_to_num(self.column(name, m.sum_of))[rows]
                out[:, p] = np.bincount(self.gidx[name][rows], weights=wp, minlength=self.G)
            return out
        A = self.cum(self.day_index(name, "accepted_on")[sel], g, w)
        X = self.cum(self.day_index(name, "closed_on")[sel], g, w)
        if m.basis == "pending":
            return np.asarray(A[:, self.k_end] - X[:, self.k_end])
        carried = A[:, self.k_start] - X[:, self.k_start]
        if m.basis == "carried_over":
            return np.asarray(carried)
        return np.asarray(carried + A[:, self.k_end] - A[:, self.k_start])

    def flow_rows(self, m: Measure, sel: np.ndarray, p: int) -> np.ndarray:
        col = "opened_on" if m.table == "disputes" else _FLOW_DATE[m.basis]
        dates = self.column(m.table, col)
        return np.asarray(sel & (dates >= self.starts[p]) & (dates <= self.ends[p]))

    def ages(self, p: int, active: bool) -> np.ndarray:
        """Age in days of every proceeding at period p's last day (net of inactive days)."""
        found = self._ages.get((p, active))
        if found is None:
            age = (self.ends[p] - self.t.proceedings["accepted_on"]).astype(float)
            if active:
                age -= self.inactive_before(p)
            found = self._ages[p, active] = age
        return found

    def inactive_before(self, p: int) -> np.ndarray:
        found = self._inactive_overlap.get(p)
        if found is None:
            sp = self.t.inactive
            acc = self.t.proceedings["accepted_on"][sp["proc"]]
            d = self.ends[p]
            ov = np.clip(np.minimum(sp["end_on"], d) - np.maximum(sp["start_on"], acc), 0, None)
            found = np.bincount(sp["proc"], weights=ov, minlength=self.t.n_proceedings)
            self._inactive_overlap[p] = found
        return found

    def pending_rows(self, m: Measure, sel: np.ndarray, p: int) -> np.ndarray:
        pr = self.t.proceedings
        d = self.ends[p]
        rows = sel & (pr["accepted_on"] <= d) & (pr["closed_on"] > d)
        if m.older_than_months:
            end = self.periods[p].end_on.subtract(months=m.older_than_months)
            rows &= pr["accepted_on"] < day_number(end)
        if m.active_only:
            sp = self.t.inactive
            on = (sp["start_on"] <= d) & (sp["end_on"] > d)
            inactive = np.zeros(self.t.n_proceedings, dtype=bool)
            inactive[sp["proc"][on]] = True
            rows &= ~inactive
        if m.older_than_days is not None:
            rows &= self.ages(p, m.active_age) > m.older_than_days
        return np.asarray(rows)

    def _distinct(self, m: Measure, sel: np.ndarray) -> np.ndarray:
        assert m.distinct is not None
        values = self.column(m.table, m.distinct).astype(np.int64)
        top = int(values.max()) + 1 if len(values) else 1
        skip_blank = m.distinct in self.t.labels
        out = np.zeros((self.G, self.P))
        for p in range(self.P):
            rows = self.flow_rows(m, sel, p)
            if skip_blank:
                rows &= values != 0
            pairs = np.unique(self.gidx[m.table][rows] * top + values[rows])
            out[:, p] = np.bincount(pairs // top, minlength=self.G)
        return out

    def statistic(self, s: Statistic) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = s.rows
        sel = self.mask(m)
        num = np.full((self.G, self.P), np.nan)
        den = np.zeros((self.G, self.P))
        val = np.full((self.G, self.P), np.nan)
        for p in range(self.P):
            if m.basis in _FLOW_DATE:
                rows = self.flow_rows(m, sel, p)
            else:
                rows = self.pending_rows(m, sel, p)
            if s.value in ("age_days", "active_age_days"):
                values = self.ages(p, s.value == "active_age_days")[rows]
            else:
                values = self.column(m.table, s.value)[rows].astype(float)
            g = self.gidx[m.table][rows]
            ok = ~np.isnan(values)
            g, values = g[ok], values[ok]
            n = np.bincount(g, minlength=self.G)
            den[:, p] = n
            if s.stat == "mean":
                total = np.bincount(g, weights=values, minlength=self.G)
                num[:, p] = total
                with np.errstate(invalid="ignore", divide="ignore"):
                    val[:, p] = np.where(n > 0, total / np.maximum(n, 1), np.nan)
            else:
                val[:, p] = _quantiles(g, values, n, 0.5 if s.stat == "median" else s.q)
        return num, den, val


def _quantiles(g: np.ndarray, values: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """
    The q-quantile of values per group (linear interpolation, as numpy's default); NaN for
    empty groups.
    """
    out = np.full(len(n), np.nan)
    if not len(g):
        return out
    order = np.lexsort((values, g))
    vs = values[order]
    first = np.concatenate([[0], np.cumsum(n)[:-1]])
    has = n > 0
    pos = q * (n[has] - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.ceil(pos).astype(np.int64)
    base = first[has]
    out[has] = vs[base + lo] + (vs[base + hi] - vs[base + lo]) * (pos - lo)
    return out


def _population(ctx: _Context, pop: dict[tuple[str, int], float]) -> np.ndarray:
    out = np.full((ctx.G, ctx.P), np.nan)
    years = [p.start_on.year for p in ctx.periods]
    if "region" in ctx.by:
        at = ctx.by.index("region")
        regions = [labels[at] for labels in ctx.labels_of_groups()]
        for gi, region in enumerate(regions):
            for pi, y in enumerate(years):
                out[gi, pi] = pop.get((region, y), np.nan)
    else:
        for pi, y in enumerate(years):
            values = [n for (_, yy), n in pop.items() if yy == y]
            out[:, pi] = sum(values) if values else np.nan
    return out


def _evaluate(
    ctx: _Context, ind: Indicator, pop: dict[tuple[str, int], float] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    nan = np.full((ctx.G, ctx.P), np.nan)
    if ind.kind == "statistic":
        assert ind.statistic is not None
        return ctx.statistic(ind.statistic)
    assert ind.numerator is not None
    num = ctx.measure(ind.numerator)
    if ind.kind == "count":
        return num, nan, num * ind.scale
    if ind.kind == "per_capita":
        den = _population(ctx, pop) if pop is not None else nan
    else:
        assert ind.denominator is not None
        den = ctx.measure(ind.denominator)
    scale = np.full(ctx.P, ind.scale, dtype=float)
    if ind.scale_period_days:
        scale *= np.array([p.year_days for p in ctx.periods], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        val = np.where(den > 0, num / np.where(den > 0, den, 1) * scale, np.nan)
    return num, den, val
