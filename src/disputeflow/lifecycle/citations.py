"""
Citations that name the edition in force on the date of the act.

Definitions cite the Civil Procedure Law in its 2021 numbering, as ``"CPL Art. 126"``;
:func:`cite` renders that for a date: ``"CPL (2021) Art. 126"`` for an act in 2023,
``"CPL (2023) Art. 126"`` for one in 2025. The 2023 amendment (in force 2024-01-01)
renumbered articles from inside the special-procedure chapter on, not by one fixed offset, so
renumbering is a table; entries not confirmed in the domain reference are marked unverified
and rendered with a note rather than presented as fact.
"""

from __future__ import annotations

import re

import attrs
import pendulum

__all__ = ["CPL_2023_RENUMBERING", "CplEdition", "Renumbering", "cite"]


@attrs.frozen
class Renumbering:
    """
    One article's number in the 2023 edition.
    """

    art_2021: int
    art_2023: int
    verified: bool
    subject: str


#: 2021 -> 2023 article numbers for the articles disputeflow cites. Articles up to the trial
#: chapters keep their numbers (Art. 85, 122, 126, 152, 164, 183 ...).
CPL_2023_RENUMBERING: dict[int, Renumbering] = {
    r.art_2021: r
    for r in (
        Renumbering(201, 205, True, "judicial confirmation: application"),
        Renumbering(202, 206, False, "judicial confirmation: decision"),
        Renumbering(211, 215, True, "retrial application: review within 3 months"),
        Renumbering(212, 216, False, "retrial application: 6-month period"),
        Renumbering(232, 236, False, "objection to an execution act"),
        Renumbering(233, 237, False, "application to the higher court after 6 months"),
        Renumbering(234, 238, False, "third-party objection"),
        Renumbering(246, 250, True, "execution application period"),
        Renumbering(276, 286, False, "30-day appeal period without PRC domicile"),
    )
}


@attrs.frozen
class CplEdition:
    """
    An edition of the CPL and the first day it was in force.
    """

    label: str
    in_force_from: pendulum.Date


EDITIONS: tuple[CplEdition, ...] = (
    CplEdition("2021", pendulum.Date(2022, 1, 1)),
    CplEdition("2023", pendulum.Date(2024, 1, 1)),
)

_CPL = re.compile(r"\bCPL Art\. (\d+)")


def _render(article: int, on: pendulum.Date) -> str:
    edition = None
    for e in EDITIONS:
        if on >= e.in_force_from:
            edition = e
    if edition is None:
        return f"CPL Art. {article} (2021 numbering; earlier edition in force)"
    if edition.label == "2021":
        return f"CPL (2021) Art. {article}"
    entry = CPL_2023_RENUMBERING.get(article)
    if entry is None:
        return f"CPL (2023) Art. {article}"
    note = "" if entry.verified else " (renumbering unverified; 2021: Art. " + str(article) + ")"
    return f"CPL (2023) Art. {entry.art_2023}{note}"


def cite(basis: str, on: pendulum.Date) -> str:
    """
    Render every ``"CPL Art. N"`` (2021 numbering) in ``basis`` for an act on ``on``.

    >>> import pendulum
    >>> cite("CPL Art. 126", pendulum.Date(2023, 5, 1))
    'CPL (2021) Art. 126'
    >>> cite("CPL Art. 246", pendulum.Date(2025, 5, 1))
    'CPL (2023) Art. 250'
    """
    return _CPL.sub(lambda m: _render(int(m.group(1)), on), basis)
