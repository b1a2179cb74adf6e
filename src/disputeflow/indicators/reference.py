"""
The indicator reference page, rendered from the definitions (``docs/indicators-reference.md``).
"""

from __future__ import annotations

from collections.abc import Iterable

from disputeflow.indicators.definitions import Condition, Indicator, Measure

__all__ = ["describe", "describe_measure", "reference_markdown", "reference_page"]


def _condition(c: Condition) -> str:
    value = c.value
    if isinstance(value, tuple):
        value = "(" + ", ".join(str(v) for v in value) + ")"
    if c.op in ("any_tag", "no_tag"):
        return f"{'any' if c.op == 'any_tag' else 'no'} state tagged {value}"
    return f"{c.column} {c.op.replace('_', ' ')} {value}"


def describe_measure(m: Measure) -> str:
    """
    A measure in words: ``closed [first_instance] where appealed == True``.
    """
    what = f"{m.basis} {m.table if m.table != 'proceedings' else ''}".strip()
    if m.sum_of:
        what = f"sum of {m.sum_of} over {what}"
    if m.distinct:
        what = f"distinct {m.distinct} of {what}"
    if m.kinds:
        what += f" [{', '.join(m.kinds)}]"
    extra = [_condition(c) for c in m.where]
    if m.older_than_months:
        extra.append(f"accepted over {m.older_than_months} months before the period end")
    if m.older_than_days is not None:
        age = "active age" if m.active_age else "age"
        extra.append(f"{age} over {m.older_than_days} days")
    if m.active_only:
        extra.append("active on the period's last day")
    if extra:
        what += " where " + "; ".join(extra)
    return what


def describe(ind: Indicator) -> str:
    """
    The formula of an indicator in words.
    """
    if ind.kind == "statistic":
        assert ind.statistic is not None
        s = ind.statistic
        how = f"quantile {s.q}" if s.stat == "quantile" else s.stat
        return f"{how} of {s.value} over {describe_measure(s.rows)}"
    assert ind.numerator is not None
    num = describe_measure(ind.numerator)
    if ind.kind == "count":
        return num
    if ind.kind == "per_capita":
        return f"{num} / population x {ind.scale:,.0f}"
    assert ind.denominator is not None
    scale = " x days in period" if ind.scale_period_days else ""
    if ind.scale != 1:
        scale = f" x {ind.scale:g}" + scale
    return f"({num}) / ({describe_measure(ind.denominator)}){scale}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown(indicators: Iterable[Indicator]) -> str:
    """
    A markdown reference of indicators: one section per category, one entry per indicator.
    """
    items = list(indicators)
    lines = [
        "# Indicator reference",
        "",
        "<!-- Generated from the definitions by "
        "disputeflow.indicators.reference.reference_page(): do not edit. -->",
        "",
        f"{len(items)} built-in indicators. Counting basis: proceedings (件) unless stated; "
        "accepted (受理) = carried over (旧存) + new (新收); pending = accepted - closed. "
        "Indicators marked *unofficial* use a documented assumption where no official "
        "formula was published. See [the guide](indicators.md).",
        "",
    ]
    for category in ("quality", "efficiency", "effect"):
        chosen = [i for i in items if i.category == category]
        if not chosen:
            continue
        lines += [f"## {category.capitalize()}", ""]
        lines += [
            "| Id | Name | Kind | Unit | Better | Formula | Basis |",
            "|---|---|---|---|---|---|---|",
        ]
        for i in chosen:
            name = f"{i.name_en}<br>{i.name_zh}"
            flag = " *unofficial*" if not i.official else ""
            basis = i.basis + (f"<br>Counting: {i.counting}" if i.counting else "")
            if i.note:
                basis += f"<br>Note: {i.note}"
            lines.append(
                f"| `{i.id}` | {_cell(name)}{flag} | {i.kind} | {_cell(i.unit)} | "
                f"{i.direction} | {_cell(describe(i))} | {_cell(basis)} |"
            )
        lines.append("")
    return "\n".join(lines)


def reference_page() -> str:
    """
    The reference page of the built-in indicators, as written to
    ``docs/indicators-reference.md``.
    """
    from disputeflow.indicators.builtin import BUILTIN

    return reference_markdown(BUILTIN.values()) + "\n"
