"""
What a dispute is about: :class:`Facts` and its :class:`Party` values, as the caller gives them
when the dispute opens (and amends them by events).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from disputeflow.errors import InvalidValueError

__all__ = ["Facts", "Party"]

_PARTY_ROLES = ("plaintiff", "defendant", "applicant", "respondent", "third_party", "petitioner")
_PARTY_KINDS = ("person", "organisation", "government")


def _in(field: str, valid: tuple[str, ...]) -> Any:
    def check(_: Any, __: Any, value: str) -> None:
        if value not in valid:
            raise InvalidValueError(field, "one of " + ", ".join(valid), value)

    return check


def _amount(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValueError("facts.claim_amount", "a number of yuan", value)
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise InvalidValueError("facts.claim_amount", "a number of yuan", value) from None


def _parties(value: Any) -> tuple[Party, ...]:
    parties = tuple(value)
    for i, p in enumerate(parties):
        if not isinstance(p, Party):
            raise InvalidValueError(f"facts.parties[{i}]", "a disputeflow.Party", p)
    return parties


def _pairs(value: Any) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return tuple(value)


@attrs.frozen
class Party:
    """
    A party to the dispute.

    Attributes:
        name: display name or id.
        role: ``plaintiff``, ``defendant``, ``applicant``, ``respondent``, ``third_party`` or
            ``petitioner``.
        kind: ``person``, ``organisation`` or ``government`` (a government body).
        domicile_in_prc: False for parties without PRC domicile (30-day appeal window,
            CPL (2023) Art. 286).
    """

    name: str
    role: str = attrs.field(validator=_in("party.role", _PARTY_ROLES))
    kind: str = attrs.field(default="person", validator=_in("party.kind", _PARTY_KINDS))
    domicile_in_prc: bool = True

    def to_dict(self) -> dict[str, Any]:
        """
        Plain, JSON-ready form (``Party(**d)`` is the inverse).
        """
        return {
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "domicile_in_prc": self.domicile_in_prc,
        }


@attrs.frozen
class Facts:
    """
    What the dispute is about, as recorded when it opens (and amended by events).

    Attributes:
        category: dispute category id from the lifecycle (``"private_loan"``).
        court: id of the court first seised.
        region: region id (county-level unit) for per-capita analytics.
        claim_amount: amount claimed, in the court's currency (yuan for PRC courts).
        parties: the parties.
        attributes: further facts as sorted ``(key, value)`` pairs (``foreign_related`` ...).
    """

    category: str
    court: str
    region: str = ""
    claim_amount: Decimal | None = attrs.field(default=None, converter=_amount)
    parties: tuple[Party, ...] = attrs.field(default=(), converter=_parties)
    attributes: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)

    def attribute(self, key: str, default: Any = None) -> Any:
        """
        A further fact by key.
        """
        for k, v in self.attributes:
            if k == key:
                return v
        return default

    def to_dict(self) -> dict[str, Any]:
        """
        Plain, JSON-ready form.
        """
        return {
            "category": self.category,
            "court": self.court,
            "region": self.region,
            "claim_amount": None if self.claim_amount is None else str(self.claim_amount),
            # Party's fields are plain values: no need for attrs.asdict's recursion.
            "parties": [p.to_dict() for p in self.parties],
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Facts:
        """
        Inverse of :meth:`to_dict`.

        Raises:
            InvalidValueError: a field is missing or malformed.
        """
        try:
            return cls(
                category=data["category"],
                court=data["court"],
                region=data.get("region", ""),
                claim_amount=data.get("claim_amount"),
                parties=tuple(Party(**p) for p in data.get("parties", ())),
                attributes=data.get("attributes", {}),
            )
        except (KeyError, TypeError) as exc:
            raise InvalidValueError("facts", "category, court and optional fields", data) from exc
