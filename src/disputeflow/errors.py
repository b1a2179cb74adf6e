"""
Typed errors raised by disputeflow.

Every error carries the data it names (case, proceeding, state, trigger, field) as attributes, so
software can react to it without parsing text, and renders a message in English (``str(error)``)
or Chinese (``error.message("zh")``).

Two families: :class:`DefinitionError` for a lifecycle, calendar or configuration that is wrong
when it is built, and :class:`RuntimeDisputeflowError` for an action that is not valid now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

__all__ = [
    "CalendarYearUnknownError",
    "ConcurrencyError",
    "ConfigError",
    "DefinitionError",
    "DisputeflowError",
    "GuardError",
    "InvalidValueError",
    "LifecycleDefinitionError",
    "NaiveDatetimeError",
    "NoRuleSetError",
    "PolicyError",
    "ReplayError",
    "RuleSetDefinitionError",
    "RuntimeDisputeflowError",
    "SchemaError",
    "TimeOrderError",
    "TriggerNotAllowedError",
    "UnknownNameError",
]

Language = Literal["en", "zh"]


def _join(items: Iterable[str]) -> str:
    seq = list(items)
    return ", ".join(seq) if seq else "(none)"


class DisputeflowError(Exception):
    """
    Base class of every error disputeflow raises on purpose.
    """

    def __init__(self, en: str, zh: str | None = None) -> None:
        super().__init__(en)
        self._en = en
        self._zh = zh if zh is not None else en

    def message(self, lang: Language = "en") -> str:
        """
        The message in English (``"en"``) or Chinese (``"zh"``).
        """
        return self._zh if lang == "zh" else self._en


class DefinitionError(DisputeflowError):
    """
    A definition (lifecycle, calendar, parameter, configuration) is invalid when built.
    """


class RuntimeDisputeflowError(DisputeflowError):
    """
    An action on a case is not valid now; nothing was recorded.
    """


class LifecycleDefinitionError(DefinitionError):
    """
    A lifecycle definition failed validation; ``problems`` lists every offender.
    """

    def __init__(self, lifecycle_id: str, problems: Iterable[str]) -> None:
        self.lifecycle_id = lifecycle_id
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"lifecycle {lifecycle_id!r} is invalid ({len(self.problems)} problems):\n{lines}",
            f"生命周期定义 {lifecycle_id!r} 无效（{len(self.problems)} 处问题）：\n{lines}",
        )


class UnknownNameError(DisputeflowError, KeyError):
    """
    A name (state, trigger, category, proceeding, clock, guard ...) that is not defined.

    Attributes:
        kind: what sort of name it is (``"trigger"``, ``"state"``, ...).
        name: the name given.
        valid: the names that would have been accepted.
    """

    def __init__(self, kind: str, name: object, valid: Iterable[str], where: str = "") -> None:
        self.kind = kind
        self.name = name
        self.valid = tuple(sorted(valid))
        place = f" in {where}" if where else ""
        place_zh = f"（{where}）" if where else ""
        super().__init__(
            f"unknown {kind} {name!r}{place}; valid: {_join(self.valid)}",
            f"未知的{kind} {name!r}{place_zh}；可用：{_join(self.valid)}",
        )

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message("en")


class InvalidValueError(DisputeflowError, ValueError):
    """
    A field holds a value of the wrong shape (malformed data at a boundary).

    Attributes:
        field: dotted name of the field.
        expected: what would be valid.
        got: the value received.
    """

    def __init__(self, field: str, expected: str, got: object) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(
            f"{field}: expected {expected}, got {got!r}",
            f"{field}：应为 {expected}，实际为 {got!r}",
        )


class NaiveDatetimeError(InvalidValueError):
    """
    A datetime without a time zone was given where an aware one is required.
    """

    def __init__(self, field: str, got: object) -> None:
        super().__init__(field, "a timezone-aware datetime (pendulum.DateTime with tz)", got)


class SchemaError(InvalidValueError):
    """
    Serialised data does not match the schema (or its version) that can be read.
    """


class CalendarYearUnknownError(RuntimeDisputeflowError):
    """
    Strict mode: a deadline falls in a year whose holiday calendar is not published/known.
    """

    def __init__(self, calendar_id: str, year: int, known: Iterable[int]) -> None:
        self.calendar_id = calendar_id
        self.year = year
        self.known = tuple(sorted(known))
        span = f"{self.known[0]}-{self.known[-1]}" if self.known else "(none)"
        super().__init__(
            f"calendar {calendar_id!r} does not know the year {year} (known: {span}); "
            "add the year's table or use non-strict mode for a provisional deadline",
            f"日历 {calendar_id!r} 尚无 {year} 年的节假日安排（已知：{span}）；"
            "请补充该年数据，或使用非严格模式得到暂定期限",
        )


class TriggerNotAllowedError(RuntimeDisputeflowError):
    """
    A trigger is not valid for the proceeding's current state, or a guard blocked it.

    Attributes:
        dispute_id, proceeding_id, state, trigger: where it was tried.
        allowed: triggers valid now.
        blocked: triggers defined for this state but blocked by a guard, with the reason.
    """

    def __init__(
        self,
        dispute_id: str,
        proceeding_id: str,
        state: str,
        trigger: str,
        allowed: Iterable[str],
        blocked: Mapping[str, str] | None = None,
        reason: str | None = None,
        reason_zh: str | None = None,
        state_zh: str | None = None,
        trigger_zh: str | None = None,
    ) -> None:
        self.dispute_id = dispute_id
        self.proceeding_id = proceeding_id
        self.state = state
        self.trigger = trigger
        self.allowed = tuple(allowed)
        self.blocked = dict(blocked or {})
        self.reason = reason
        why = f": {reason}" if reason else " in this state"
        why_zh = f"：{reason_zh or reason}" if reason else "（当前状态下不可执行）"
        extra = ""
        if self.blocked:
            extra = "; blocked: " + "; ".join(f"{t} ({r})" for t, r in self.blocked.items())
        super().__init__(
            f"case {dispute_id} proceeding {proceeding_id} in state {state!r}: "
            f"trigger {trigger!r} is not allowed{why}; allowed now: {_join(self.allowed)}{extra}",
            f"案件 {dispute_id} 程序 {proceeding_id} 处于“{state_zh or state}”：不能执行"
            f"“{trigger_zh or trigger}”{why_zh}；当前可执行：{_join(self.allowed)}{extra}",
        )


class GuardError(RuntimeDisputeflowError):
    """
    A guard or callback raised an unexpected exception; the action was not applied.
    """

    def __init__(self, dispute_id: str, trigger: str, guard: str, cause: BaseException) -> None:
        self.dispute_id = dispute_id
        self.trigger = trigger
        self.guard = guard
        self.cause = cause
        super().__init__(
            f"case {dispute_id}: guard {guard!r} of trigger {trigger!r} failed: {cause!r}; "
            "nothing was recorded",
            f"案件 {dispute_id}：触发 {trigger!r} 的条件 {guard!r} 执行出错：{cause!r}；"
            "未记录任何事件",
        )


class ConcurrencyError(RuntimeDisputeflowError):
    """
    The case changed since the caller read it (optimistic concurrency on the sequence number).
    """

    def __init__(self, dispute_id: str, expected_seq: int, actual_seq: int) -> None:
        self.dispute_id = dispute_id
        self.expected_seq = expected_seq
        self.actual_seq = actual_seq
        super().__init__(
            f"case {dispute_id}: expected sequence number {expected_seq}, but the case is at "
            f"{actual_seq}; reload the case and try again",
            f"案件 {dispute_id}：预期序号 {expected_seq}，实际为 {actual_seq}；"
            "请重新读取案件后再试",
        )


class TimeOrderError(RuntimeDisputeflowError):
    """
    An action is dated before the case's last recorded event (time running backwards).
    """

    def __init__(self, dispute_id: str, last_at: Any, at: Any) -> None:
        self.dispute_id = dispute_id
        self.last_at = last_at
        self.at = at
        super().__init__(
            f"case {dispute_id}: time runs backwards: {at} is before the last event at {last_at}",
            f"案件 {dispute_id}：时间倒流：{at} 早于最后一个事件的时间 {last_at}",
        )


class ReplayError(RuntimeDisputeflowError):
    """
    A recorded log does not fit the lifecycle definition it is replayed against.
    """

    def __init__(self, dispute_id: str, seq: int, problem: str) -> None:
        self.dispute_id = dispute_id
        self.seq = seq
        self.problem = problem
        super().__init__(
            f"case {dispute_id}, event #{seq}: cannot replay: {problem}",
            f"案件 {dispute_id} 第 {seq} 号事件：无法重放：{problem}",
        )


class PolicyError(RuntimeDisputeflowError):
    """
    A policy returned something that is not a valid decision here (wrong type, another
    decision point, or a trigger the lifecycle does not allow from the proceeding's state).

    Attributes:
        policy: the policy id.
        point: the decision point.
        problem: what is wrong.
        valid: what would have been valid (e.g. the triggers allowed from the state).
    """

    def __init__(
        self, policy: str, point: str, problem: str, valid: Iterable[str] = (), where: str = ""
    ) -> None:
        self.policy = policy
        self.point = point
        self.problem = problem
        self.valid = tuple(valid)
        place = f" ({where})" if where else ""
        tail = f"; valid: {_join(self.valid)}" if self.valid else ""
        super().__init__(
            f"policy {policy!r} at decision point {point!r}{place}: {problem}{tail}",
            f"政策 {policy!r} 在决策点 {point!r}{place}：{problem}{tail}",
        )


class NoRuleSetError(RuntimeDisputeflowError):
    """
    No rule set governs an act on this date (e.g. history before the first shipped rule set).

    Attributes:
        on: the date of the act.
        known: ``(id, valid_from, valid_to)`` of the rule sets that are known.
    """

    def __init__(self, on: Any, known: Iterable[tuple[str, Any, Any]]) -> None:
        self.on = on
        self.known = tuple(known)
        spans = ", ".join(f"{i} ({a} to {b or 'open'})" for i, a, b in self.known) or "(none)"
        super().__init__(
            f"no rule set governs acts on {on}; known rule sets: {spans}; "
            "supply a rule set that covers this date",
            f"{on} 的行为没有适用的规则集；已知规则集：{spans}；请提供覆盖该日期的规则集",
        )


class RuleSetDefinitionError(DefinitionError):
    """
    Rule sets that cannot be used together (overlapping validity, unknown decision points...).
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"invalid rule sets ({len(self.problems)} problems):\n{lines}",
            f"规则集无效（{len(self.problems)} 处问题）：\n{lines}",
        )


class ConfigError(DefinitionError):
    """
    A configuration file is invalid; nothing from it was loaded.

    Attributes:
        file: the file (or ``"<string>"``).
        key: dotted key where the problem is (``""`` for the whole file).
        expected: what would be valid.
        got: what was found.
    """

    def __init__(self, file: str, key: str, expected: str, got: object = None) -> None:
        self.file = file
        self.key = key
        self.expected = expected
        self.got = got
        where = f"{file}: {key}" if key else file
        found = f", got {got!r}" if got is not None else ""
        super().__init__(
            f"{where}: expected {expected}{found}",
            f"{where}：应为 {expected}" + (f"，实际为 {got!r}" if got is not None else ""),
        )
