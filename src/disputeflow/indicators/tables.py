"""
Flat columnar tables built from an event log in one pass: the input of every indicator.

:func:`build_tables` folds a log of any lifecycle (or a mix of lifecycles, e.g. one that moves
from ``prc-civil-2022`` to ``prc-civil-2025``) into numpy columns. It reads only the events and
the tags of the lifecycle definition (``State.stage``, ``active``, ``closing_kind``, ``tags``;
``ProceedingKind.counted`` and ``time_limit_clock``) and the clock changes recorded in events,
so it works for any lifecycle variant.

Dates are stored as day numbers (days since 1970-01-01, ``int64``); a date that never happened
is :data:`NEVER`, larger than any real day, so "closed on or before d" is simply
``closed_on <= d``. Categorical columns are ``int32`` codes into :attr:`Tables.labels`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.events.event import Event
from disputeflow.indicators._columns import (
    _ALIASES,
    _EPOCH,
    _FIELDS,
    APPEAL_KINDS,
    CATEGORICAL,
    EXECUTION_KINDS,
    MEDIATION_CLOSINGS,
    NEVER,
    _finish,
    _Spells,
    _StateInfo,
    _tracks,
    _Vocab,
    day_number,
)
from disputeflow.lifecycle.definition import Lifecycle

__all__ = [
    "CATEGORICAL",
    "MEDIATION_CLOSINGS",
    "NEVER",
    "Tables",
    "build_tables",
    "day_number",
]


@attrs.frozen(eq=False)
class Tables:
    """
    The columnar form of a log.

    Attributes:
        proceedings: one row per proceeding (件): columns listed in ``docs/indicators.md``.
        disputes: one row per dispute (案).
        spells: one row per stay of a proceeding in a stage (``proc`` is the row in
            ``proceedings``), until the proceeding closes.
        inactive: one row per inactive spell (waiting on a party, suspended) before closure.
        labels: vocabulary of each categorical column (code -> label).
        tags: the state tags, in bit order of the ``tags`` column.

    Tables compare by identity (their columns are numpy arrays).
    """

    proceedings: Mapping[str, np.ndarray]
    disputes: Mapping[str, np.ndarray]
    spells: Mapping[str, np.ndarray]
    inactive: Mapping[str, np.ndarray]
    labels: Mapping[str, tuple[str, ...]]
    tags: tuple[str, ...]

    @property
    def n_proceedings(self) -> int:
        """
        Number of proceeding rows.
        """
        return len(self.proceedings["dispute"])

    def codes(self, column: str, values: Iterable[str]) -> np.ndarray:
        """
        The codes of ``values`` in a categorical column (values never seen are left out).

        Raises:
            UnknownNameError: not a categorical column.
        """
        if column not in self.labels:
            raise UnknownNameError("categorical column", column, sorted(self.labels))
        index = {label: i for i, label in enumerate(self.labels[column])}
        return np.array([index[v] for v in values if v in index], dtype=np.int32)

    def tag_mask(self, *names: str) -> int:
        """
        The bit mask of these state tags in the ``tags`` column (0 for tags never seen).
        """
        return sum(1 << self.tags.index(n) for n in names if n in self.tags)

    def with_departments(self, departments: Mapping[str, str]) -> Tables:
        """
        The tables with the department of each proceeding filled in from its judge.

        A department recorded in the log (the ``department`` data key) wins: the mapping only
        fills proceedings that have none, from their responsible judge (or execution
        handler). Judges not in the mapping leave the department ``""``.

        Args:
            departments: judge -> department (an organisation chart).

        Returns:
            New tables (these are left as they are).

        Raises:
            InvalidValueError: a judge or department is not a non-empty string.
        """
        bad = [
            (j, dep)
            for j, dep in departments.items()
            if not (isinstance(j, str) and isinstance(dep, str) and j and dep)
        ]
        if bad:
            raise InvalidValueError(
                "departments", "judge -> department, both non-empty strings", bad[0]
            )
        labels = list(self.labels["department"])
        index = {label: i for i, label in enumerate(labels)}
        lookup = np.zeros(len(self.labels["judge"]), dtype=np.int32)
        for code, judge in enumerate(self.labels["judge"]):
            dep = departments.get(judge)
            if dep is not None:
                if dep not in index:
                    index[dep] = len(labels)
                    labels.append(dep)
                lookup[code] = index[dep]
        recorded = self.proceedings["department"]
        filled = np.where(recorded == 0, lookup[self.proceedings["judge"]], recorded)
        proceedings = {**self.proceedings, "department": filled.astype(np.int32)}
        return attrs.evolve(
            self,
            proceedings=proceedings,
            labels={**self.labels, "department": tuple(labels)},
        )

    def frame(self, table: str = "proceedings") -> Any:
        """
        A table as a pandas DataFrame, categorical codes decoded and day numbers as dates.

        Raises:
            UnknownNameError: no such table.
        """
        import pandas as pd

        tables = {
            "proceedings": self.proceedings,
            "disputes": self.disputes,
            "spells": self.spells,
            "inactive": self.inactive,
        }
        if table not in tables:
            raise UnknownNameError("table", table, sorted(tables))
        out: dict[str, Any] = {}
        for name, col in tables[table].items():
            if name in self.labels:
                out[name] = pd.Categorical.from_codes(col, categories=list(self.labels[name]))
            elif name.endswith("_on"):
                days = np.where(col >= NEVER, np.iinfo(np.int64).min, col)
                out[name] = days.astype("datetime64[D]")
            else:
                out[name] = col
        return pd.DataFrame(out)


def build_tables(
    events: Iterable[Event],
    lifecycles: Lifecycle | Mapping[str, Lifecycle],
    *,
    departments: Mapping[str, str] | None = None,
) -> Tables:
    """
    Fold an event log into :class:`Tables` in one pass.

    Events may come from many disputes and any lifecycle named in ``lifecycles``, in log order
    per dispute (disputes may interleave). Acts voided by a ``correction`` are skipped. Objects
    with the :class:`~disputeflow.events.Event` attribute names (e.g. rows of
    ``DataFrame.itertuples()``) are accepted too.

    What is read from event data (documented keys): ``judge``, ``handler`` (execution judge)
    and ``mediator`` (responsible persons); ``department`` (the division of the court that
    handles the proceeding, e.g. a civil tribunal 民事审判庭; the last one recorded on any
    act of the proceeding); ``hearing_held`` (a hearing was held in the
    proceeding, on any act); ``amount`` on a ``record_payment`` act (amount recovered);
    ``amount_applied`` on a proceeding's opening (amount applied for; default: the dispute's
    claim amount).

    Args:
        events: the log.
        lifecycles: the definition, or definitions by id for a mixed log.
        departments: judge (or execution handler) -> department, for proceedings whose log
            records no ``department`` (see :meth:`Tables.with_departments`).

    Returns:
        The tables.

    Raises:
        UnknownNameError: an event names a lifecycle not given.
        InvalidValueError: an event refers to a proceeding never opened.
    """
    lcs = {lifecycles.id: lifecycles} if isinstance(lifecycles, Lifecycle) else dict(lifecycles)
    events = events if isinstance(events, list | tuple) else list(events)
    voc = {c: _Vocab() for c in CATEGORICAL if c not in _ALIASES}
    for alias, of in _ALIASES.items():
        voc[alias] = voc[of]
    tag_names: list[str] = sorted({t for lc in lcs.values() for s in lc.states for t in s.tags})
    if len(tag_names) > 62:  # the tags column is an int64 bit mask
        raise InvalidValueError("lifecycle state tags", "at most 62 distinct tags", tag_names)
    tag_bit = {t: 1 << i for i, t in enumerate(tag_names)}
    stage, closing_v, track_v, kind_v = voc["stage"], voc["closing_kind"], voc["track"], voc["kind"]
    info: dict[str, dict[str, _StateInfo]] = {}
    limit_clock: dict[str, dict[str, str | None]] = {}
    counted: dict[str, dict[str, bool]] = {}
    for lc_id, lc in lcs.items():
        tracks = _tracks(lc)
        info[lc_id] = {}
        for s in lc.states:
            si = _StateInfo(
                stage.code(s.stage),
                s.active,
                closing_v.code(s.closing_kind) if s.closing_kind else 0,
                sum(tag_bit[t] for t in s.tags),
                track_v.code(tracks[s.name]) if s.name in tracks else 0,
            )
            si.final = s.final
            info[lc_id][s.name] = si
        limit_clock[lc_id] = {k.name: k.time_limit_clock for k in lc.kinds}
        counted[lc_id] = {k.name: k.counted for k in lc.kinds}
    voided = {(e.dispute_id, e.corrects) for e in events if e.type == "correction"}

    # Disputes.
    d_index: dict[str, int] = {}
    d_id: list[str] = []
    d_cols: dict[str, list[Any]] = {
        k: [] for k in ("court", "category", "region", "lifecycle", "opened_on", "claim_amount")
    }
    # Proceedings: one record (a list, fields in _FIELDS order) per proceeding; fields are
    # reached by constant index, the cheapest access in CPython.
    p_index: dict[tuple[str, str], int] = {}
    rows: list[list[Any]] = []
    pstate: list[_StateInfo] = []
    s_cols: dict[str, list[int]] = {
        k: [] for k in ("proc", "stage", "start_on", "end_on", "exit_closing_kind")
    }
    i_cols: dict[str, list[int]] = {k: [] for k in ("proc", "start_on", "end_on")}
    appealed_kinds = {kind_v.code(k) for k in APPEAL_KINDS}
    exec_kinds = {kind_v.code(k) for k in EXECUTION_KINDS}
    child_kinds: dict[int, set[int]] = {}
    never = int(NEVER)
    effective_bit = tag_bit.get("effective", 0)
    accepting = {
        (lc_id, t.trigger, src, t.dest or src)
        for lc_id, lc in lcs.items()
        for t in lc.transitions
        if t.accepts
        for src in t.source
    }
    opening_accepts = {
        (lc_id, t.trigger) for lc_id, lc in lcs.items() for t in lc.transitions
        if t.opening and t.accepts
    }  # fmt: skip
    judge_v, mediator_v, court_v, lc_v = (
        voc["judge"],
        voc["mediator"],
        voc["court"],
        voc["lifecycle"],
    )
    ACC, LIMIT, DUE, EXT, HEAR, REC, SUSP = 12, 16, 17, 18, 19, 22, 25  # see _FIELDS
    JUDGE, MEDIATOR, DEPT = 7, 8, 29
    dept_v = voc["department"]
    spells = _Spells(s_cols, i_cols, never, tag_bit)

    for e in events:
        did = e.dispute_id
        etype = e.type
        if etype == "correction" or (voided and (did, e.act) in voided):
            continue
        on_date = e.on if e.on is not None else e.at.date()
        on = on_date.toordinal() - _EPOCH
        data = e.data
        if etype == "dispute_opened":
            facts = data["facts"]
            d_index[did] = len(d_id)
            d_id.append(did)
            d_cols["court"].append(court_v.code(facts.get("court")))
            d_cols["category"].append(voc["category"].code(facts.get("category")))
            d_cols["region"].append(voc["region"].code(facts.get("region")))
            if e.lifecycle_id not in lcs:
                raise UnknownNameError("lifecycle", e.lifecycle_id, sorted(lcs), f"dispute {did}")
            d_cols["lifecycle"].append(lc_v.code(e.lifecycle_id))
            d_cols["opened_on"].append(on)
            amount = facts.get("claim_amount")
            d_cols["claim_amount"].append(np.nan if amount is None else float(amount))
            continue
        if etype == "facts_amended":
            di = d_index[did]
            changes = data.get("changes", {})
            for key in ("court", "category", "region"):
                if key in changes:
                    d_cols[key][di] = voc[key].code(changes[key])
            if changes.get("claim_amount") is not None:
                d_cols["claim_amount"][di] = float(changes["claim_amount"])
            continue
        lc_id = e.lifecycle_id
        if lc_id not in info:
            raise UnknownNameError("lifecycle", lc_id, sorted(lcs), f"dispute {did}")
        states = info[lc_id]
        new = states.get(e.to_state) if e.to_state else None
        if e.to_state and new is None:
            raise UnknownNameError("state", e.to_state, sorted(states), f"lifecycle {lc_id}")
        pkey = (did, e.proceeding_id or "")
        if etype == "proceeding_opened":
            assert new is not None
            i = len(rows)
            p_index[pkey] = i
            kind = str(data.get("kind") or lcs[lc_id].state(e.to_state or "").kind)
            parent = data.get("parent")
            prow = p_index.get((did, parent), -1) if parent else -1
            kcode = kind_v.code(kind)
            if prow >= 0:
                child_kinds.setdefault(prow, set()).add(kcode)
            applied = data.get("amount_applied")
            court = (
                court_v.code(data["court"]) if data.get("court") else d_cols["court"][d_index[did]]
            )
            rows.append([
                d_index[did], e.proceeding_id, kcode, lc_v.code(lc_id), court, new.track,
                new.stage, judge_v.code(data.get("judge") or data.get("handler")),
                mediator_v.code(data.get("mediator")), new.closing, 0, on,
                on if (lc_id, e.trigger) in opening_accepts else never,
                on if new.closing else never,
                on if new.tags & effective_bit else never,
                counted[lc_id].get(kind, True), limit_clock[lc_id].get(kind), never, False,
                bool(data.get("hearing_held")), new.tags,
                np.nan if applied is None else float(applied), 0.0, parent, 0, None,
                None if new.active or new.closing else on, None if new.closing else on, prow,
                dept_v.code(data.get("department")),
            ])  # fmt: skip
            pstate.append(new)
        else:
            i = p_index.get(pkey, -1)
            if i < 0:
                raise InvalidValueError(
                    f"event {did}#{e.seq}.proceeding_id", "a proceeding opened earlier", pkey[1]
                )
            rec = rows[i]
            if data:
                person = data.get("judge") or data.get("handler")
                if person:
                    rec[JUDGE] = judge_v.code(person)
                if data.get("mediator"):
                    rec[MEDIATOR] = mediator_v.code(data["mediator"])
                if data.get("department"):
                    rec[DEPT] = dept_v.code(data["department"])
                if data.get("hearing_held"):
                    rec[HEAR] = True
                if e.trigger == "record_payment" and data.get("amount") is not None:
                    rec[REC] += float(data["amount"])
            old = pstate[i]
            if new is not None and new is not old:
                spells.move(rec, i, old, new, on)
                pstate[i] = new
            if rec[ACC] == never and (lc_id, e.trigger, e.from_state, e.to_state) in accepting:
                rec[ACC] = on
        for c in e.clocks:
            j = i if c.proceeding_id is None else p_index.get((did, c.proceeding_id), -1)
            if j < 0:
                continue
            rec = rows[j]
            if c.clock != rec[LIMIT]:
                continue
            due = c.due_on.toordinal() - _EPOCH
            act = c.action
            if act == "suspend":
                rec[SUSP] = on
            elif act == "resume":
                rec[SUSP] = None
            elif act == "extend":
                rec[EXT] = True
            if act == "stop" and rec[SUSP] is not None:
                # Stopped while an excluded period is open: its days are excluded too.
                due += on - rec[SUSP]
            rec[DUE] = due
    P: dict[str, list[Any]] = {n: [] for n in _FIELDS}
    if rows:
        P = dict(zip(_FIELDS, (list(col) for col in zip(*rows, strict=True)), strict=True))
    columns = _finish(P, d_cols, d_id, s_cols, i_cols, voc, tag_names, child_kinds,
                      appealed_kinds, exec_kinds, tag_bit, never)  # fmt: skip
    tables = Tables(**columns)
    return tables if departments is None else tables.with_departments(departments)
