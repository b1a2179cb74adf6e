"""
Indicators from aggregate counts, as courts publish them, rounded as published.

Courts publish counts, not logs: pending at start (旧存), incoming (新收), resolved (已结) and
pending at end (未结). These functions recompute the published rates from such counts with
:class:`~decimal.Decimal` arithmetic and round half up (DOMAIN.md section 4: clearance rate to
2 decimals, disposition time to whole days; Python's ``round`` rounds half to even instead).

>>> str(clearance_rate(resolved=2957, incoming=2870))
'103.03'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import attrs

from disputeflow.errors import InvalidValueError

__all__ = [
    "AggregateCounts",
    "clearance_rate",
    "closure_rate",
    "disposition_time",
    "round_half_up",
    "turnover",
]

Number = int | float | str | Decimal


def _dec(value: Number, field: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValueError(field, "a number", value)
    try:
        out = Decimal(str(value))
    except ArithmeticError:
        raise InvalidValueError(field, "a number", value) from None
    if not out.is_finite() or out < 0:
        raise InvalidValueError(field, "a finite number >= 0", value)
    return out


def round_half_up(value: Number, places: int = 2) -> Decimal:
    """
    ``value`` rounded to ``places`` decimals, halves away from zero (as published figures).

    >>> str(round_half_up("2.675", 2)), round(2.675, 2)
    ('2.68', 2.67)
    """
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _ratio(num: Number, den: Number, scale: int, places: int, names: tuple[str, str]) -> Decimal:
    n, d = _dec(num, names[0]), _dec(den, names[1])
    if d == 0:
        raise InvalidValueError(names[1], "a count above 0", den)
    return round_half_up(n / d * scale, places)


def closure_rate(closed: Number, accepted: Number, places: int = 2) -> Decimal:
    """
    Closure rate (结案率) in percent: closed / accepted (accepted = carried over + new).

    Raises:
        InvalidValueError: a negative count, or ``accepted`` is 0.
    """
    return _ratio(closed, accepted, 100, places, ("closed", "accepted"))


def clearance_rate(resolved: Number, incoming: Number, places: int = 2) -> Decimal:
    """
    CEPEJ clearance rate in percent: resolved / incoming x 100 (the SPC's closed-to-new
    ratio, 结收比, is the same number).

    Raises:
        InvalidValueError: a negative count, or ``incoming`` is 0.
    """
    return _ratio(resolved, incoming, 100, places, ("resolved", "incoming"))


def disposition_time(
    pending_end: Number, resolved: Number, days: int = 365, places: int = 0
) -> Decimal:
    """
    CEPEJ disposition time in days: pending at end / resolved x 365 (use the reported
    pending stock, which need not equal start + incoming - resolved).

    Raises:
        InvalidValueError: a negative count, or ``resolved`` is 0.
    """
    return _ratio(pending_end, resolved, days, places, ("pending_end", "resolved"))


def turnover(resolved: Number, pending_end: Number, places: int = 2) -> Decimal:
    """
    CEPEJ case turnover ratio: resolved / pending at end.

    Raises:
        InvalidValueError: a negative count, or ``pending_end`` is 0.
    """
    return _ratio(resolved, pending_end, 1, places, ("resolved", "pending_end"))


def _incoming(value: Number) -> Decimal:
    return _dec(value, "incoming")


def _resolved(value: Number) -> Decimal:
    return _dec(value, "resolved")


def _carried_over(value: Number | None) -> Decimal | None:
    return None if value is None else _dec(value, "carried_over")


def _pending_end(value: Number | None) -> Decimal | None:
    return None if value is None else _dec(value, "pending_end")


@attrs.frozen
class AggregateCounts:
    """
    Aggregate counts for one court (or system) and period, as published.

    Attributes:
        incoming: new cases (新收).
        resolved: cases closed (已结).
        carried_over: pending at the start (旧存), if published.
        pending_end: pending at the end (未结), if published; else derived as accepted -
            resolved when ``carried_over`` is known.
    """

    incoming: Decimal = attrs.field(converter=_incoming)
    resolved: Decimal = attrs.field(converter=_resolved)
    carried_over: Decimal | None = attrs.field(default=None, converter=_carried_over)
    pending_end: Decimal | None = attrs.field(default=None, converter=_pending_end)

    @classmethod
    def from_accepted(
        cls, accepted: Number, resolved: Number, carried_over: Number = 0
    ) -> AggregateCounts:
        """
        Counts from the published accepted total (受理 = carried over + new).

        Raises:
            InvalidValueError: ``carried_over`` exceeds ``accepted``.
        """
        acc, old = _dec(accepted, "accepted"), _dec(carried_over, "carried_over")
        if old > acc:
            raise InvalidValueError("carried_over", f"at most accepted ({acc})", carried_over)
        return cls(acc - old, resolved, old)

    @property
    def accepted(self) -> Decimal:
        """
        Accepted (受理) = carried over + new; carried over counts 0 when not published.
        """
        return self.incoming + (self.carried_over or 0)

    @property
    def pending(self) -> Decimal:
        """
        Pending at the end: as published, else accepted - resolved.
        """
        if self.pending_end is not None:
            return self.pending_end
        return self.accepted - self.resolved

    def closure_rate(self, places: int = 2) -> Decimal:
        """
        Closure rate in percent (结案率).
        """
        return closure_rate(self.resolved, self.accepted, places)

    def clearance_rate(self, places: int = 2) -> Decimal:
        """
        CEPEJ clearance rate in percent (= closed-to-new ratio).
        """
        return clearance_rate(self.resolved, self.incoming, places)

    def disposition_time(self, days: int = 365, places: int = 0) -> Decimal:
        """
        CEPEJ disposition time in days, from the pending stock at the end.
        """
        return disposition_time(self.pending, self.resolved, days, places)

    def turnover(self, places: int = 2) -> Decimal:
        """
        CEPEJ case turnover ratio.
        """
        return turnover(self.resolved, self.pending, places)
