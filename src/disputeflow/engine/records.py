"""
What the engine returns: outcomes of acts, allowed actions, running clocks, and their
descriptions in English or Chinese.
"""

from __future__ import annotations

import attrs

from disputeflow.events.case import Case
from disputeflow.events.event import Event
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import Transition
from disputeflow.policies.decision import Decision
from disputeflow.time.deadlines import ClockView

__all__ = ["Action", "Outcome", "RunningClock", "describe_event"]


@attrs.frozen
class Outcome:
    """
    What one act did: the new case and the events recorded.

    Attributes:
        case: the case after the act.
        events: the events recorded, in order (the first is the act itself).
        transition: the transition that fired.
        decision: the policy decision carried out, when a policy decided the act.
    """

    case: Case
    events: tuple[Event, ...]
    transition: Transition | None = None
    decision: Decision | None = None

    def describe(self, lifecycle: Lifecycle, lang: str = "en") -> list[str]:
        """
        One line per recorded event, in English or Chinese.
        """
        return [line for e in self.events for line in describe_event(e, lifecycle, lang)]


@attrs.frozen
class Action:
    """
    A trigger that could be fired now, or that a guard blocks.

    Attributes:
        proceeding_id: the proceeding it applies to (for an opening: the parent, or ``None``).
        trigger: the trigger.
        opening: it opens a new proceeding.
        allowed: no guard blocks it.
        reasons: why it is blocked (guard name and reason), empty when allowed.
        dest: the state it leads to (``None`` for internal transitions).
        label_en, label_zh: display labels.
        needs: data the act must carry: the transition's required keys and the keys its
            data-reading guards judge (``consent``), which cannot be judged before the act.
    """

    proceeding_id: str | None
    trigger: str
    opening: bool
    allowed: bool
    reasons: tuple[tuple[str, str], ...]
    dest: str | None
    label_en: str
    label_zh: str
    needs: tuple[str, ...] = ()


@attrs.frozen
class RunningClock:
    """
    One clock of one proceeding as of a date.

    Attributes:
        proceeding_id, case_number: where it runs.
        label_en, label_zh, kind, legal_basis: from the clock's definition.
        view: the computed status (due date, active and remaining days, overdue, suspended).
        on_expiry: the trigger the engine fires when it runs out, if any.
    """

    proceeding_id: str
    case_number: str
    label_en: str
    label_zh: str
    kind: str
    legal_basis: str
    view: ClockView
    on_expiry: str | None


def describe_event(e: Event, lifecycle: Lifecycle, lang: str = "en") -> list[str]:
    """
    A line describing an event, then one line per clock it changed, in English or Chinese.
    """
    lines = [_describe(e, lifecycle, lang)]
    zh = lang == "zh"
    for c in e.clocks:
        spec = lifecycle.clock(c.clock)
        label = spec.label_zh if zh else spec.label_en
        period = "" if c.period is None else " " + (c.period.zh if zh else str(c.period))
        where = e.proceeding_id if c.proceeding_id is None else c.proceeding_id
        mark = (" (暂定)" if zh else " (provisional)") if c.provisional else ""
        if zh:
            lines.append(f"    {where} 期限“{label}” {c.action}{period}，届满日 {c.due_on}{mark}")
        else:
            lines.append(f"    {where} clock '{label}' {c.action}{period}, due {c.due_on}{mark}")
    return lines


def _describe(e: Event, lifecycle: Lifecycle, lang: str) -> str:
    zh = lang == "zh"
    day = e.at.to_datetime_string()
    if e.type == "dispute_opened":
        return f"{day} 纠纷登记 {e.dispute_id}" if zh else f"{day} dispute {e.dispute_id} opened"
    if e.type == "proceeding_opened":
        number = e.data.get("case_number", "")
        kind = lifecycle.kind(str(e.data.get("kind")))
        state = lifecycle.state_label(e.to_state or "", lang)
        if zh:
            return f"{day} 新程序 {e.proceeding_id} {kind.label_zh} {number}：{state}"
        return f"{day} opened {e.proceeding_id} {kind.label_en} {number}: {state}"
    if e.type == "transition":
        trig = lifecycle.transition_label(e.from_state, e.trigger or "", e.to_state, lang)
        src = lifecycle.state_label(e.from_state or "", lang)
        dst = lifecycle.state_label(e.to_state or "", lang)
        by = f" ({e.actor})" if e.actor else ""
        why = f" — {e.reason}" if e.reason else ""
        basis = f" [{e.legal_basis}]" if e.legal_basis else ""
        move = src if src == dst else f"{src} → {dst}"
        return f"{day} {e.proceeding_id} {trig}{by}: {move}{why}{basis}"
    if e.type == "correction":
        return (
            f"{day} 更正第 {e.corrects} 号事件：{e.reason}"
            if zh
            else (f"{day} correction of event #{e.corrects}: {e.reason}")
        )
    return f"{day} {e.type} {dict(e.data)}"
