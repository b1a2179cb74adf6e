"""
Private helpers of :mod:`disputeflow.indicators.tables`: codes, lifecycle tags per state, the
state-change bookkeeping of the fold, and the conversion of the fold's lists into columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from disputeflow.lifecycle.definition import Lifecycle

#: Day number of a date that never happened (larger than any real date).
NEVER = np.int64(2**40)
_EPOCH = 719163  # date(1970, 1, 1).toordinal()

#: Categorical (grouping) columns; one shared vocabulary each across the tables.
CATEGORICAL = (
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
    "closing_kind",
    "closed_from_stage",
    "exit_closing_kind",
)

#: Categorical columns coded with another column's vocabulary.
_ALIASES = {"closed_from_stage": "stage", "exit_closing_kind": "closing_kind"}

#: Closing kinds that mean a settlement reached by mediation at any stage: pre-filing
#: agreement (诉前调解成功), judicial confirmation (司法确认), mediation statement (调解书).
#: ``other`` counts too when the proceeding closed from a mediation-stage state (2025 prior
#: mediation settles by withdrawal or immediate performance, closed as "other").
MEDIATION_CLOSINGS = ("mediation_success", "confirmed", "mediation")

#: Kinds whose child proceedings mean "appealed" (for lifecycles without an ``appealed`` tag).
APPEAL_KINDS = ("second_instance", "appeal")
#: Kinds whose child proceedings mean "an execution was applied for".
EXECUTION_KINDS = ("execution", "enforcement")


def day_number(d: Any) -> int:
    """
    The day number (days since 1970-01-01) of a date.
    """
    return int(d.toordinal()) - _EPOCH


class _Vocab:
    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}
        self.labels: list[str] = [""]

    def code(self, label: Any) -> int:
        key = "" if label is None else str(label)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.labels)
            self.labels.append(key)
        return found


class _StateInfo:
    __slots__ = ("active", "closing", "final", "stage", "tags", "track")

    def __init__(self, stage: int, active: bool, closing: int, tags: int, track: int) -> None:
        self.stage = stage
        self.active = active
        self.closing = closing
        self.tags = tags
        self.track = track
        self.final = False


def _tracks(lc: Lifecycle) -> dict[str, str]:
    """
    Track of each state: a ``track:NAME`` tag, else the prefix of a trial-stage state called
    ``NAME_trial`` shared by states of the same kind named ``NAME_...`` (``small_claims_trial``,
    ``small_claims_suspended``, ``small_claims_prior_mediation``: track ``small_claims``).
    """
    prefixes: dict[str, set[str]] = {}
    for s in lc.states:
        if s.stage == "trial" and s.name.endswith("_trial"):
            prefixes.setdefault(s.kind, set()).add(s.name[: -len("_trial")])
    out: dict[str, str] = {}
    for s in lc.states:
        tagged = [t[len("track:") :] for t in s.tags if t.startswith("track:")]
        if tagged:
            out[s.name] = tagged[0]
            continue
        for prefix in sorted(prefixes.get(s.kind, ()), key=len, reverse=True):
            if s.name.startswith(prefix + "_"):
                out[s.name] = prefix
                break
    return out


#: Fields of a proceeding record during the fold, in order.
_FIELDS = (
    "dispute", "proceeding_id", "kind", "lifecycle", "court", "track", "stage", "judge",
    "mediator", "closing_kind", "closed_from_stage", "opened_on", "accepted_on", "closed_on",
    "effective_on", "counted", "limit", "due", "extended", "hearing_held", "tags",
    "amount_applied", "recovered", "parent", "inactive_days", "susp_start", "inactive_start",
    "spell_start", "parent_row", "department",
)  # fmt: skip
_TRACK, _STAGE, _CLOSING, _FROM_STAGE = 5, 6, 9, 10
_ACCEPTED, _CLOSED, _EFFECTIVE, _TAGS = 12, 13, 14, 20
_INACTIVE_DAYS, _INACTIVE_START, _SPELL_START = 24, 26, 27


class _Spells:
    """
    The state-change bookkeeping of the fold: closure and reopening, stage spells and
    inactive spells of one proceeding record.
    """

    def __init__(
        self,
        s_cols: dict[str, list[int]],
        i_cols: dict[str, list[int]],
        never: int,
        tag_bit: Mapping[str, int],
    ) -> None:
        self.s_cols = s_cols
        self.i_cols = i_cols
        self.never = never
        self.effective = tag_bit.get("effective", 0)

    def end_spell(self, rec: list[Any], i: int, stage: int, on: int, exit_closing: int) -> None:
        start = rec[_SPELL_START]
        if start is not None:
            s = self.s_cols
            s["proc"].append(i)
            s["stage"].append(stage)
            s["start_on"].append(start)
            s["end_on"].append(on)
            s["exit_closing_kind"].append(exit_closing)
            rec[_SPELL_START] = None

    def move(self, rec: list[Any], i: int, old: _StateInfo, new: _StateInfo, on: int) -> None:
        """
        Record that proceeding ``i`` (record ``rec``) moved from ``old`` to ``new`` on ``on``.
        """
        start = rec[_INACTIVE_START]
        if start is not None:
            self.i_cols["proc"].append(i)
            self.i_cols["start_on"].append(start)
            self.i_cols["end_on"].append(on)
            acc = rec[_ACCEPTED]
            if acc != self.never:
                rec[_INACTIVE_DAYS] += max(0, on - max(start, acc))
            rec[_INACTIVE_START] = None
        rec[_TAGS] |= new.tags
        if new.tags & self.effective and rec[_EFFECTIVE] == self.never:
            rec[_EFFECTIVE] = on
        if new.track:
            rec[_TRACK] = new.track
        if new.closing:
            if not old.closing:
                self.end_spell(rec, i, old.stage, on, new.closing)
                rec[_CLOSED] = on
                rec[_FROM_STAGE] = old.stage
        else:
            if old.closing:  # reopened (e.g. a US remand mandate): pending again
                rec[_CLOSED] = self.never
                rec[_SPELL_START] = on
            elif new.stage != old.stage:
                self.end_spell(rec, i, old.stage, on, 0)
                rec[_SPELL_START] = on
            if not new.active:
                rec[_INACTIVE_START] = on
        rec[_CLOSING] = new.closing
        rec[_STAGE] = new.stage


def _finish(
    P: dict[str, list[Any]],
    d_cols: dict[str, list[Any]],
    d_id: list[str],
    s_cols: dict[str, list[int]],
    i_cols: dict[str, list[int]],
    voc: dict[str, _Vocab],
    tag_names: list[str],
    child_kinds: dict[int, set[int]],
    appealed_kinds: set[int],
    exec_kinds: set[int],
    tag_bit: Mapping[str, int],
    never: int,
) -> dict[str, Any]:
    n = len(P["dispute"])
    # Open spells run to "never" (still in that stage / still inactive).
    for i in range(n):
        if P["spell_start"][i] is not None:
            s_cols["proc"].append(i)
            s_cols["stage"].append(P["stage"][i])
            s_cols["start_on"].append(P["spell_start"][i])
            s_cols["end_on"].append(never)
            s_cols["exit_closing_kind"].append(0)
        if P["inactive_start"][i] is not None:
            i_cols["proc"].append(i)
            i_cols["start_on"].append(P["inactive_start"][i])
            i_cols["end_on"].append(never)
    i64, i32 = np.int64, np.int32
    dispute = np.array(P["dispute"], dtype=i64)
    disputes = {
        "dispute_id": np.array(d_id, dtype=object),
        **{k: np.array(d_cols[k], dtype=i32) for k in ("court", "category", "region", "lifecycle")},
        "opened_on": np.array(d_cols["opened_on"], dtype=i64),
        "claim_amount": np.array(d_cols["claim_amount"], dtype=float),
    }
    pr: dict[str, np.ndarray] = {
        "dispute": dispute,
        "dispute_id": disputes["dispute_id"][dispute] if n else np.array([], dtype=object),
        "proceeding_id": np.array(P["proceeding_id"], dtype=object),
        "category": disputes["category"][dispute] if n else np.array([], dtype=i32),
        "region": disputes["region"][dispute] if n else np.array([], dtype=i32),
    }
    for c in ("kind", "lifecycle", "court", "track", "stage", "judge", "mediator", "department"):
        pr[c] = np.array(P[c], dtype=i32)
    for c in ("closing_kind", "closed_from_stage"):
        pr[c] = np.array(P[c], dtype=i32)
    for c in ("opened_on", "accepted_on", "closed_on", "effective_on"):
        pr[c] = np.array(P[c], dtype=i64)
    due = np.array(P["due"], dtype=i64)
    pr["has_time_limit"] = due < never
    pr["due_on"] = due
    pr["within_limit"] = pr["has_time_limit"] & (pr["closed_on"] <= due)
    pr["counted"] = np.array(P["counted"], dtype=bool)
    pr["extended"] = np.array(P["extended"], dtype=bool)
    pr["hearing_held"] = np.array(P["hearing_held"], dtype=bool)
    tags = np.array(P["tags"], dtype=i64)
    kids = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    for row, ks in child_kinds.items():
        kids[0][row] = bool(ks & appealed_kinds)
        kids[1][row] = bool(ks & exec_kinds)
    pr["tags"] = tags
    pr["appealed"] = ((tags & tag_bit.get("appealed", 0)) != 0) | kids[0]
    pr["has_execution_child"] = kids[1]
    pr["parent_row"] = np.array(P["parent_row"], dtype=i64)
    closing_labels = voc["closing_kind"].labels
    med = np.array([lab in MEDIATION_CLOSINGS for lab in closing_labels], dtype=bool)
    other = voc["closing_kind"].index.get("other", -1)
    withdrawal = voc["closing_kind"].index.get("withdrawal", -1)
    med_stage = voc["stage"].index.get("mediation", -1)
    ck = pr["closing_kind"]
    settled = med[ck] | ((ck == other) & (pr["closed_from_stage"] == med_stage))
    pr["settled_by_mediation"] = settled
    pr["mediation_or_withdrawal"] = settled | (ck == withdrawal)
    accepted, closed = pr["accepted_on"], pr["closed_on"]
    done = (accepted < never) & (closed < never)
    inactive_days = np.array(P["inactive_days"], dtype=float)
    pr["duration_days"] = np.where(done, closed - accepted, np.nan)
    pr["inactive_days"] = inactive_days
    pr["active_duration_days"] = pr["duration_days"] - inactive_days
    pr["transfer_days"] = np.where(accepted < never, accepted - pr["opened_on"], np.nan)
    applied = np.array(P["amount_applied"], dtype=float)
    claim = disputes["claim_amount"][dispute] if n else np.array([], dtype=float)
    pr["claim_amount"] = claim
    pr["amount_applied"] = np.where(np.isnan(applied), claim, applied)
    pr["recovered"] = np.array(P["recovered"], dtype=float)
    n_proc = np.bincount(dispute[pr["counted"]], minlength=len(d_id)) if n else np.zeros(0)
    disputes["n_proceedings"] = np.asarray(n_proc, dtype=i64)[: len(d_id)]
    spells = {k: np.array(v, dtype=i64) for k, v in s_cols.items()}
    spells["stage"] = spells["stage"].astype(i32)
    spells["exit_closing_kind"] = spells["exit_closing_kind"].astype(i32)
    spells["days"] = np.where(
        spells["end_on"] < never, spells["end_on"] - spells["start_on"], np.nan
    ).astype(float)
    inactive = {k: np.array(v, dtype=i64) for k, v in i_cols.items()}
    return {
        "proceedings": pr,
        "disputes": disputes,
        "spells": spells,
        "inactive": inactive,
        "labels": {c: tuple(v.labels) for c, v in voc.items()},
        "tags": tuple(tag_names),
    }
