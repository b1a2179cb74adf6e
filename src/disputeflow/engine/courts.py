"""
Courts and case numbering (案号).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import attrs
import pendulum

from disputeflow.lifecycle.model import ProceedingKind

__all__ = ["CaseNumbering", "Court", "PRCCaseNumbering"]


@attrs.frozen
class Court:
    """
    A court.

    Attributes:
        id: stable id (``"taobei"``).
        name_en, name_zh: names.
        code: code used in case numbers (``"吉0802"``).
        tz: the court's time zone: dates of acts are taken in it (default Asia/Shanghai).
        parent: id of the court above it (appeals go there by default).
        region: region id it serves.
    """

    id: str
    name_en: str
    name_zh: str = ""
    code: str = ""
    tz: str = "Asia/Shanghai"
    parent: str | None = None
    region: str = ""


@runtime_checkable
class CaseNumbering(Protocol):
    """
    Assigns case numbers to new proceedings. Implement it over your own register to get
    numbers that survive restarts.
    """

    def assign(self, court: Court, kind: ProceedingKind, on: pendulum.Date) -> str:
        """
        The number of a new proceeding of ``kind`` opened at ``court`` on ``on``.
        """
        ...


class PRCCaseNumbering:
    """
    The common PRC form: year, court code, type code, serial, e.g. ``(2025)吉08民终12号``.

    Serials count per (year, court, type) from ``start`` (by default 1) in memory, under a
    lock so several threads can open proceedings at once. A live system should seed
    ``start`` from its register or implement :class:`CaseNumbering` over it.
    """

    def __init__(self, start: Mapping[tuple[int, str, str], int] | None = None) -> None:
        self._next: dict[tuple[int, str, str], int] = dict(start or {})
        self._lock = threading.Lock()

    def assign(self, court: Court, kind: ProceedingKind, on: pendulum.Date) -> str:
        code = court.code or court.id
        key = (on.year, code, kind.type_code)
        with self._lock:
            serial = self._next.get(key, 1)
            self._next[key] = serial + 1
        return f"({on.year}){code}{kind.type_code}{serial}号"
