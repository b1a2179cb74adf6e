"""
Indicator definitions: what is counted (:class:`Measure`), over which rows
(:class:`Condition`), how it is combined (:class:`Indicator`), and for which reporting period
(:class:`ReportingPeriod`).

A definition is data: it names columns of the tables built by
:func:`~disputeflow.indicators.tables.build_tables`, never a lifecycle's state names, so one
definition works for every lifecycle variant whose states carry the usual tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
import pendulum

from disputeflow.errors import InvalidValueError
from disputeflow.time.periods import add_months

__all__ = [
    "BASES",
    "GROUP_COLUMNS",
    "Condition",
    "Indicator",
    "Measure",
    "ReportingPeriod",
    "Statistic",
    "half_year",
    "month",
    "months",
    "quarter",
    "year",
]

Table = Literal["proceedings", "disputes", "spells"]
Basis = Literal[
    "new", "closed", "opened", "effective", "ended", "pending", "carried_over", "accepted"
]
#: Counting bases: ``new`` (新收, accepted in the period), ``closed`` (结案 in the period),
#: ``opened`` (registered or received in the period, accepted or not; disputes: opened),
#: ``effective`` (decision took legal effect in the period), ``ended`` (a stage spell ended in
#: the period), ``pending`` (accepted and not closed at the period's last day), ``carried_over``
#: (旧存: pending the day before the period starts), ``accepted`` (受理 = carried over + new).
BASES: tuple[str, ...] = (
    "new",
    "closed",
    "opened",
    "effective",
    "ended",
    "pending",
    "carried_over",
    "accepted",
)
#: Columns a result may be grouped by.
GROUP_COLUMNS: tuple[str, ...] = (
    "court",
    "category",
    "region",
    "track",
    "kind",
    "stage",
    "judge",
    "mediator",
    "department",
    "lifecycle",
)
_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "any_tag", "no_tag")


def _op(instance: Condition, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _OPS:
        raise InvalidValueError("Condition.op", "one of " + ", ".join(_OPS), value)


def _frozen(value: Any) -> Any:
    if isinstance(value, list | set | frozenset):
        return tuple(sorted(value)) if isinstance(value, set | frozenset) else tuple(value)
    return value


@attrs.frozen
class Condition:
    """
    A row condition on a table column.

    ``op`` is a comparison (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``), ``in`` / ``not_in``
    (value: a tuple of labels or numbers), or ``any_tag`` / ``no_tag`` (value: state tags,
    read from the ``tags`` column: any state the proceeding entered carried one of them).
    Categorical columns compare by label (``Condition("closing_kind", "in", ("mediation",))``).
    """

    column: str
    op: str = attrs.field(validator=_op)
    value: Any = attrs.field(default=True, converter=_frozen)


def _strs(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _conditions(value: Iterable[Condition] | Condition) -> tuple[Condition, ...]:
    return (value,) if isinstance(value, Condition) else tuple(value)


@attrs.frozen
class Measure:
    """
    A count (or sum) of table rows on a counting basis, for each group and period.

    Attributes:
        basis: one of :data:`BASES`.
        table: ``proceedings`` (件), ``disputes`` (案) or ``spells`` (stage spells).
        kinds: proceeding kinds counted (empty: every kind).
        counted_only: only kinds whose ``ProceedingKind.counted`` is true (proceedings and
            spells).
        where: further conditions, all of which must hold.
        sum_of: sum this column instead of counting rows (amounts).
        distinct: count distinct values of this column instead of rows (``dispute`` for
            disputes, ``judge`` for judges); flow bases only.
        older_than_months: for ``pending``: only those accepted more than this many calendar
            months before the period's last day (CPL Art. 85 month arithmetic).
        older_than_days: for ``pending``: age in days above this (active days if
            ``active_age``).
        active_only: for ``pending``: leave out proceedings inactive on the last day
            (CourTools measure 4).
        active_age: measure age net of earlier inactive periods.
    """

    basis: str = attrs.field(validator=attrs.validators.in_(BASES))
    table: Table = "proceedings"
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    counted_only: bool = True
    where: tuple[Condition, ...] = attrs.field(default=(), converter=_conditions)
    sum_of: str | None = None
    distinct: str | None = None
    older_than_months: int | None = None
    older_than_days: int | None = None
    active_only: bool = False
    active_age: bool = False

    def __attrs_post_init__(self) -> None:
        stock = self.basis in ("pending", "carried_over", "accepted")
        if self.distinct is not None and stock:
            raise InvalidValueError("Measure.distinct", "a flow basis", self.basis)
        aged = self.older_than_months, self.older_than_days, self.active_only or None
        if any(a is not None for a in aged) and self.basis != "pending":
            raise InvalidValueError("Measure.basis", "'pending' for age conditions", self.basis)
        if self.table == "disputes" and self.basis != "opened":
            raise InvalidValueError("Measure.basis", "'opened' for the disputes table", self.basis)
        if self.table == "spells" and self.basis != "ended":
            raise InvalidValueError("Measure.basis", "'ended' for the spells table", self.basis)


@attrs.frozen
class Statistic:
    """
    A statistic of a value column over the rows a measure selects.

    Attributes:
        rows: the selection (its ``sum_of`` and ``distinct`` are ignored).
        value: ``duration_days``, ``active_duration_days``, ``transfer_days``, ``days``
            (spells), ``age_days`` or ``active_age_days`` (pending rows, at the period's last
            day), or any numeric column.
        stat: ``mean``, ``median`` or ``quantile`` (with ``q``).
        q: quantile in [0, 1] for ``quantile``.
    """

    rows: Measure
    value: str
    stat: Literal["mean", "median", "quantile"] = "mean"
    q: float = 0.5


def _kebab(instance: Indicator, attribute: attrs.Attribute[str], value: str) -> None:
    ok = value and value == value.lower() and " " not in value and "_" not in value
    if not ok:
        raise InvalidValueError("Indicator.id", "a kebab-case id", value)


@attrs.frozen
class Indicator:
    """
    One indicator: a ratio, a statistic, a count or a rate per capita.

    Attributes:
        id: stable kebab-case id (``"closure-rate"``).
        name_en, name_zh: names.
        category: ``quality``, ``efficiency`` or ``effect`` (the SPC's three groups).
        kind: ``ratio`` (numerator / denominator x scale), ``statistic``, ``count``
            (numerator) or ``per_capita`` (numerator / population x scale).
        unit: display unit (``"%"``, ``"days"``, ``"count"``, ``"ratio"`` ...).
        direction: ``higher`` or ``lower`` is better, or ``neutral``.
        basis: published source or legal basis of the formula.
        counting: the counting basis in words.
        numerator, denominator: measures (ratio, count, per_capita).
        statistic: the statistic (statistic kind).
        scale: multiplier (100 for percentages, 10,000 per capita).
        scale_period_days: multiply by the period's length in days (a calendar year counts
            365), as CEPEJ's disposition time does.
        official: False when the formula is a documented assumption, not a published one.
        note: caveats.
    """

    id: str = attrs.field(validator=_kebab)
    name_en: str
    name_zh: str
    category: Literal["quality", "efficiency", "effect"]
    kind: Literal["ratio", "statistic", "count", "per_capita"]
    unit: str
    direction: Literal["higher", "lower", "neutral"]
    basis: str
    counting: str = ""
    numerator: Measure | None = None
    denominator: Measure | None = None
    statistic: Statistic | None = None
    scale: float = 1.0
    scale_period_days: bool = False
    official: bool = True
    note: str = ""

    def __attrs_post_init__(self) -> None:
        needs = {
            "ratio": (self.numerator, self.denominator),
            "per_capita": (self.numerator,),
            "count": (self.numerator,),
            "statistic": (self.statistic,),
        }[self.kind]
        if any(x is None for x in needs):
            raise InvalidValueError(
                f"indicator {self.id}", f"the measures a {self.kind} needs", None
            )

    @property
    def decomposable(self) -> bool:
        """
        Whether the value is sum(numerator) / sum(denominator) over units, so that it
        decomposes into contributions (DOMAIN.md section 4): ratios only.
        """
        return self.kind == "ratio"


def _date(value: Any) -> pendulum.Date:
    if isinstance(value, pendulum.Date):
        return value
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed = pendulum.parse(value)
        return pendulum.Date(parsed.year, parsed.month, parsed.day)  # type: ignore[union-attr]
    raise InvalidValueError("ReportingPeriod date", "a date or ISO date string", value)


@attrs.frozen
class ReportingPeriod:
    """
    A reporting period, both days included (统计期间).

    Attributes:
        start_on: first day.
        end_on: last day.
        label: display label (default ``start_on/end_on``).
    """

    start_on: pendulum.Date = attrs.field(converter=_date)
    end_on: pendulum.Date = attrs.field(converter=_date)
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end_on < self.start_on:
            raise InvalidValueError(
                "ReportingPeriod.end_on", f"not before {self.start_on}", self.end_on
            )
        if not self.label:
            object.__setattr__(self, "label", f"{self.start_on}/{self.end_on}")

    @property
    def days(self) -> int:
        """
        Length in days, both ends included.
        """
        return (self.end_on - self.start_on).days + 1

    @property
    def year_days(self) -> int:
        """
        Length in days, a whole calendar year counting 365 (CEPEJ's convention).
        """
        whole = self.start_on.month == 1 and self.start_on.day == 1
        if whole and self.end_on == pendulum.Date(self.start_on.year, 12, 31):
            return 365
        return self.days


def month(y: int, m: int) -> ReportingPeriod:
    """
    A calendar month (``2025-03``).
    """
    start = pendulum.Date(y, m, 1)
    return ReportingPeriod(start, add_months(start, 1).subtract(days=1), f"{y}-{m:02d}")


def months(y: int, m: int, count: int) -> tuple[ReportingPeriod, ...]:
    """
    ``count`` consecutive calendar months from ``y-m``.
    """
    out = []
    for k in range(count):
        yy, mm = divmod(m - 1 + k, 12)
        out.append(month(y + yy, mm + 1))
    return tuple(out)


def quarter(y: int, q: int) -> ReportingPeriod:
    """
    A calendar quarter (``2025-Q1``).

    Raises:
        InvalidValueError: ``q`` is not 1-4.
    """
    if q not in (1, 2, 3, 4):
        raise InvalidValueError("quarter", "1, 2, 3 or 4", q)
    start = pendulum.Date(y, 3 * q - 2, 1)
    return ReportingPeriod(start, add_months(start, 3).subtract(days=1), f"{y}-Q{q}")


def half_year(y: int, h: int) -> ReportingPeriod:
    """
    A half year (``2017-H1``: January-June).

    Raises:
        InvalidValueError: ``h`` is not 1 or 2.
    """
    if h not in (1, 2):
        raise InvalidValueError("half_year", "1 or 2", h)
    start = pendulum.Date(y, 6 * h - 5, 1)
    return ReportingPeriod(start, add_months(start, 6).subtract(days=1), f"{y}-H{h}")


def year(y: int) -> ReportingPeriod:
    """
    A calendar year.
    """
    return ReportingPeriod(pendulum.Date(y, 1, 1), pendulum.Date(y, 12, 31), str(y))


def periods_of(value: ReportingPeriod | Sequence[ReportingPeriod]) -> tuple[ReportingPeriod, ...]:
    """
    One period or several, as a tuple.

    Raises:
        InvalidValueError: empty, or not periods.
    """
    out = (value,) if isinstance(value, ReportingPeriod) else tuple(value)
    if not out or not all(isinstance(p, ReportingPeriod) for p in out):
        raise InvalidValueError(
            "periods", "a ReportingPeriod or a non-empty sequence of them", value
        )
    return out
