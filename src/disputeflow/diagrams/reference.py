"""
The lifecycle reference: a Markdown page generated from a definition and nothing else.

``docs/generate.py`` writes one page per shipped lifecycle and a test fails when a page in
``docs/`` differs from what :func:`reference_markdown` produces now, so the reference cannot
drift from the rules the engine runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pendulum

from disputeflow.diagrams.extract import Language, extract
from disputeflow.diagrams.mermaid import LINK_MARK, mermaid_text, to_mermaid
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import ClockEffect, Transition
from disputeflow.time.periods import Period

__all__ = ["overview_mermaid", "reference_markdown"]

_BEGINNING = pendulum.Date(1, 1, 1)


def _cell(value: object) -> str:
    text = str(value).replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.splitlines()) if text else ""


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out


def _code(name: str | None) -> str:
    return f"`{name}`" if name else ""


def _codes(names: Iterable[str]) -> str:
    return ", ".join(_code(n) for n in names)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _value(value: Any, lang: Language) -> str:
    if isinstance(value, Period):
        return value.zh if lang == "zh" else str(value)
    if isinstance(value, bool):
        return _yes(value)
    return str(value)


def _rst_to_md(text: str) -> str:
    return text.replace("``", "`").strip()


def _effect(effect: ClockEffect) -> str:
    text = f"{effect.action} {_code(effect.clock)}"
    if effect.period_param is not None:
        text += f" ({_code(effect.period_param)})"
    if effect.on_parent:
        text += " on the parent"
    return text


def _labels(en: str, zh: str) -> str:
    return f"{en} / {zh}" if zh and zh != en else en


def overview_mermaid(lifecycle: Lifecycle, lang: Language = "en") -> str:
    """
    A small Mermaid diagram of the proceeding kinds and the openings that link them.

    Args:
        lifecycle: the definition.
        lang: ``"en"`` or ``"zh"`` labels.

    Returns:
        ``stateDiagram-v2`` text, ending with a newline.
    """
    graph = extract(lifecycle, lang=lang)
    lines = ["stateDiagram-v2"]
    for cluster in graph.clusters:
        title = mermaid_text(f"{cluster.label} ({cluster.type_code})")
        lines.append(f'    state "{title}" as {cluster.id}')
    starts = [e for e in graph.edges if e.kind == "opening"]
    parentless = {o.trigger for o in lifecycle.openings if not o.requires}
    for cluster in graph.clusters:
        opened = [e.label for e in starts if e.cluster == cluster.id and e.trigger in parentless]
        if opened:
            lines.append(f"    [*] --> {cluster.id} : {mermaid_text(', '.join(opened))}")
    pairs: dict[tuple[str, str], dict[str, None]] = {}
    for link in graph.links:
        pairs.setdefault((link.source_cluster, link.dest_cluster), {})[link.label] = None
    for (source, dest), labels in pairs.items():
        text = mermaid_text(f"{LINK_MARK} " + ", ".join(labels))
        lines.append(f"    {source} --> {dest} : {text}")
    return "\n".join(lines) + "\n"


def _mermaid_block(text: str) -> list[str]:
    return ["```mermaid", text.rstrip("\n"), "```"]


def _kind_transitions(lc: Lifecycle, kind: str) -> list[Transition]:
    out = []
    for t in lc.transitions:
        state = t.dest if t.opening else min(t.source)
        if state is not None and lc.state(state).kind == kind:
            out.append(t)
    return out


def _transition_row(lc: Lifecycle, t: Transition) -> list[str]:
    if t.opening:
        source = "(opens a new " + _code(lc.kind_of_opening(t)) + " proceeding)"
        if t.requires:
            source += "<br>parent in: " + _codes(sorted(t.requires))
    else:
        source = _codes(sorted(t.source))
    dest = _code(t.dest) if t.dest is not None else "(internal: state unchanged)"
    guards = "<br>".join(f"{_code(g)}: {lc.guard(g).description}" for g in t.guards)
    other = []
    if t.accepts:
        other.append("accepts (受理)")
    if t.opens:
        other.append(f"opens {_code(t.opens)}")
    if t.sets:
        other.append("sets " + _codes(sorted(t.sets)))
    if t.clears:
        other.append("clears " + _codes(sorted(t.clears)))
    if t.records:
        other.append("records " + _codes(t.records))
    return [
        f"{_code(t.trigger)}<br>{_labels(t.label_en, t.label_zh)}",
        source,
        dest,
        guards,
        "<br>".join(_effect(e) for e in t.clocks),
        _codes(t.needs),
        t.actor,
        "<br>".join(other),
        t.legal_basis,
    ]


def _kind_section(lc: Lifecycle, kind_name: str, lang: Language) -> list[str]:
    kind = lc.kind(kind_name)
    states = [s for s in lc.states if s.kind == kind.name]
    clock = kind.time_limit_clock
    clock_text = f"{_code(clock)} ({lc.clock(clock).label_en})" if clock else "none"
    out = [
        f"## {kind.label_en} ({kind.label_zh}): `{kind.name}`",
        "",
        f"- Case-number type code: {kind.type_code}",
        f"- Time-limit clock: {clock_text}",
        f"- Court: {'the higher court' if kind.court_level == 'higher' else 'the same court'}",
        f"- Counted as a case (件) in statistics: {_yes(kind.counted)}",
        "",
    ]
    if not states:
        openings = [t for t in lc.openings if lc.kind_of_opening(t) == kind.name]
        if not openings:
            return [*out, "This lifecycle defines no states or openings for this kind.", ""]
        homes = sorted({lc.state(t.dest).kind for t in openings if t.dest is not None})
        by = _codes(t.trigger for t in openings)
        return [
            *out,
            f"This kind has no states of its own: it is opened by {by} and runs through the "
            f"states of {_codes(homes)}.",
            "",
        ]
    out += [*_mermaid_block(to_mermaid(lc, kinds=[kind.name], lang=lang)), ""]
    out += ["### States", ""]
    out += _table(
        ("State", "Label", "Label (zh)", "Stage", "Active", "Final", "Closing kind", "Tags",
         "Legal basis"),
        (
            (_code(s.name), s.label_en, s.label_zh, s.stage, _yes(s.active), _yes(s.final),
             _code(s.closing_kind), _codes(sorted(s.tags)), s.legal_basis)
            for s in states
        ),
    )  # fmt: skip
    out += ["", "### Transitions", ""]
    out += _table(
        ("Trigger", "From", "To", "Guards", "Clock effects", "Data needed", "Actor",
         "Other effects", "Legal basis"),
        (_transition_row(lc, t) for t in _kind_transitions(lc, kind.name)),
    )  # fmt: skip
    return [*out, ""]


def _clocks(lc: Lifecycle, lang: Language) -> list[str]:
    rows = []
    for c in lc.clocks:
        latest = lc.parameters.get(c.period_param).values[-1]
        rows.append(
            (_code(c.name), _labels(c.label_en, c.label_zh), c.kind, _code(c.period_param),
             _value(latest.value, lang), _yes(latest.verified), _code(c.on_expiry),
             _yes(c.excludable), c.legal_basis)
        )  # fmt: skip
    return _table(
        ("Clock", "Label", "Kind", "Period parameter", "Default (latest value)", "Verified",
         "On expiry", "Excludable", "Legal basis"),
        rows,
    )  # fmt: skip


def _parameters(lc: Lifecycle, lang: Language) -> list[str]:
    rows = []
    for p in lc.parameters.parameters:
        for v in p.values:
            start = "(always)" if v.valid_from == _BEGINNING else v.valid_from.isoformat()
            end = "" if v.valid_to is None else v.valid_to.isoformat()
            rows.append(
                (_code(p.id), _labels(p.label_en, p.label_zh), _value(v.value, lang), start,
                 end, v.reference, _yes(v.verified))
            )  # fmt: skip
    return _table(
        ("Parameter", "Label", "Value", "Valid from", "Valid to", "Reference", "Verified"), rows
    )


def reference_markdown(lifecycle: Lifecycle, lang: Language = "en") -> str:
    """
    The Markdown reference page of ``lifecycle``, generated from the definition only.

    Sections: the lifecycle's id, version and description; an overview diagram of the
    proceeding kinds; per kind its type code, time-limit clock, Mermaid diagram, states and
    transitions (guards with their descriptions, clock effects, data needed, actor, legal
    basis); then the clocks (with each period parameter's latest value and whether it is
    verified), guards, parameters and dispute categories.

    Args:
        lifecycle: the definition.
        lang: ``"en"`` or ``"zh"``: the labels in the diagrams and period values; the tables
            show both languages.

    Returns:
        The page, ending with a newline.
    """
    lc = lifecycle
    out = [
        f"# Lifecycle reference: {lc.label_en}",
        "",
        "<!-- Generated by docs/generate.py from the lifecycle definition: do not edit. -->",
        "",
        f"- Id: `{lc.id}`",
        f"- Version: {lc.version}",
        f"- Label (zh): {lc.label_zh}",
        f"- {len(lc.kinds)} proceeding kinds, {len(lc.states)} states, "
        f"{len(lc.transitions)} transitions, {len(lc.clocks)} clocks, {len(lc.guards)} guards, "
        f"{len(lc.parameters)} parameters, {len(lc.categories)} categories",
        "",
    ]
    if lc.description:
        out += [_rst_to_md(lc.description), ""]
    out += [
        "Diagram conventions: `[*] -->` marks an opening (a new proceeding starts), `--> [*]` a "
        "final state; final states are shaded with a heavy border, other closing states shaded, "
        "waiting (inactive) states dashed; `↺` lists the internal transitions of a state "
        "(the state does not change); `⇢` marks a link that opens another proceeding.",
        "",
        "## Proceeding kinds",
        "",
        *_mermaid_block(overview_mermaid(lc, lang)),
        "",
    ]
    out += _table(
        ("Kind", "Label", "Label (zh)", "Type code", "Court", "Time-limit clock", "Counted",
         "States"),
        (
            (_code(k.name), k.label_en, k.label_zh, k.type_code, k.court_level,
             _code(k.time_limit_clock), _yes(k.counted),
             sum(1 for s in lc.states if s.kind == k.name))
            for k in lc.kinds
        ),
    )  # fmt: skip
    out.append("")
    for k in lc.kinds:
        out += _kind_section(lc, k.name, lang)
    out += ["## Clocks", "", *_clocks(lc, lang), ""]
    out += ["## Guards", ""]
    out += _table(
        ("Guard", "Description", "Description (zh)", "Legal basis", "Used by"),
        (
            (_code(g.name), g.description, g.description_zh, g.legal_basis,
             _codes(dict.fromkeys(t.trigger for t in lc.transitions if g.name in t.guards)))
            for g in lc.guards
        ),
    )  # fmt: skip
    out += ["", "## Parameters", "", *_parameters(lc, lang), ""]
    out += ["## Dispute categories", ""]
    out += _table(
        ("Category", "Label", "Label (zh)", "Monetary", "Labour"),
        (
            (_code(c.id), c.label_en, c.label_zh, _yes(c.monetary), _yes(c.labour))
            for c in lc.categories
        ),
    )
    return "\n".join(out) + "\n"
