"""
The reference page of the built-in policies (``docs/policies-reference.md``), generated from
the policy classes' metadata (summary, rules, legal basis) and their attrs fields (parameters
and defaults) so the page cannot drift from the code (a test compares them).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import Any

import attrs

from disputeflow.policies.builtin import BUILTIN_CLASSES

__all__ = ["reference_markdown"]

_HEADER = """\
# Built-in policies: reference

<!-- Generated from the policy classes by disputeflow.policies.builtin.reference; do not edit
by hand. Regenerate: python -m disputeflow.policies.builtin.reference docs/policies-reference.md
-->

Every built-in policy is an attrs frozen class registered under a name in
`disputeflow.policies.builtin.BUILTIN_POLICIES`; configuration names it and passes its
parameters as keywords (plain TOML values). Every decision records the policy id and version,
the rule that fired, reasons in English and Chinese, the legal basis (CPL articles in the 2021
numbering, rendered in the edition in force on the act's date) and the lifecycle trigger. Both
shipped rule sets (`prc-2024`, `prc-2025`, `disputeflow.policies.prc`) use all of them; the
filing chain asks `prc.duplicate-suit`, `prc.vexatious-filer` and `prc.labour-arbitration`
before its default `prc.filing`.
"""


def _args(doc: str) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = doc.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Args:")
    except StopIteration:
        return out
    indent: int | None = None
    current = ""
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        width = len(line) - len(line.lstrip())
        if indent is None:
            indent = width
        if width < indent:
            break
        m = re.match(r"\s*([\w, ]+):\s*(.*)", line)
        if width == indent and m:
            for name in m.group(1).split(","):
                current = name.strip()
                out[current] = m.group(2).strip()
        elif current:
            out[current] = (out[current] + " " + line.strip()).strip()
    return out


def _default(value: Any) -> str:
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        value = value.factory()
    if isinstance(value, frozenset | set):
        return "[" + ", ".join(f'"{v}"' for v in sorted(value)) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = []
        for k, v in value.items():
            shown = "[" + ", ".join(v) + "]" if isinstance(v, tuple | list) else str(v)
            items.append(f"{k}: {shown}")
        return "{" + "; ".join(items) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    return f"`{value}`" if not isinstance(value, str) else f'"{value}"'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(name: str, cls: type[Any]) -> list[str]:
    doc = inspect.getdoc(cls) or ""
    first = doc.split("\n\n")[0].replace("\n", " ")
    out = [
        f"## `{name}`",
        "",
        f"{cls.SUMMARY}",
        "",
        f"{cls.SUMMARY_ZH}",
        "",
        f"- class: `{cls.__module__}.{cls.__qualname__}`",
        f"- decision point: `{cls.POINT}`",
        f"- what it decides: {first}",
    ]
    if cls.LEGAL_BASIS:
        out.append("- legal basis: " + "; ".join(cls.LEGAL_BASIS))
    out += ["", "Rules:", "", "| rule | when | outcome | "
            "trigger | legal basis |", "|---|---|---|---|---|"]  # fmt: skip
    for r in cls.RULES:
        trigger = f"`{r.trigger}`" if r.trigger else "none (no act)"
        out.append(
            f"| `{r.id}` | {_cell(r.en)} | `{r.outcome}` | {trigger} | {_cell(r.legal_basis)} |"
        )
    args = _args(doc)
    out += ["", "Parameters:", "", "| parameter | default | meaning |", "|---|---|---|"]
    for a in attrs.fields(cls):
        out.append(f"| `{a.name}` | {_cell(_default(a.default))} | {_cell(args.get(a.name, ''))} |")
    out.append("")
    return out


def _rule_sets() -> list[str]:
    # Imported here: prc.py builds on this package.
    from disputeflow.policies.prc import EXAMPLE_AVERAGE_WAGE, default_rule_sets

    out = ["## Shipped rule sets", ""]
    for rs in default_rule_sets():
        until = rs.valid_to.isoformat() if rs.valid_to else "(open)"
        out += [
            f"### `{rs.id}`: {rs.name}",
            "",
            f"- {rs.name_zh}",
            f"- acts from {rs.valid_from.isoformat()} to {until}; new disputes open on "
            f"lifecycle `{rs.lifecycle.id}`",
            "- legal basis: " + "; ".join(rs.legal_basis),
            "- chains: " + "; ".join(f"`{p}`: " + ", ".join(rs.chain(p).ids) for p in rs.points),
        ]
        for t in rs.transitional:
            out.append(
                f"- transitional provision `{t.id}` (pins to `{t.pin_to}`, {t.legal_basis}): "
                f"{t.description} Option: `prc_2025(pin_open_pre_filing_mediation=...)`."
            )
        out.append("")
    out += [
        "Both carry the lifecycle's parameters plus `small-claims.average-wage`, the "
        "province's latest published average annual wage of employed persons (CPL (2021) "
        f"Art. 165). The default, {EXAMPLE_AVERAGE_WAGE} yuan, is an EXAMPLE value marked "
        "`verified=False`, not a published Jilin figure: pass `average_wage=` (a number, a "
        "mapping of dates to figures, or a `Parameter`) to `prc_2024`, `prc_2025` or "
        "`default_rule_sets`. `policies={name: {parameter: value}}` configures the built-ins "
        "in the chains.",
        "",
    ]
    return out


def reference_markdown() -> str:
    """
    The reference page as markdown.
    """
    lines = [_HEADER]
    for name, cls in BUILTIN_CLASSES.items():
        lines.extend(_section(name, cls))
    lines.extend(_rule_sets())
    return "\n".join(lines).rstrip() + "\n"


def write(path: str) -> None:
    """
    Write the reference page to ``path``.
    """
    with open(path, "w", encoding="utf-8") as f:
        f.write(reference_markdown())


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys

    write(sys.argv[1])
