"""
Reports of an indicator set: an HTML page, a text summary, and plots for notebooks.

:func:`html_report` renders one self-contained HTML page: the set (with its incomplete,
unofficial and example marks), the ranking of the latest period, the composite score series,
and a table of every member with its standard (range or target), the value per group and
whether it is met. When matplotlib is installed (the ``plot`` extra) the page embeds a few
plots as inline SVG; without it the page has the tables only. The ``plot_*`` helpers draw the
same plots on a matplotlib ``Axes`` for notebooks (matplotlib is imported only when they are
called).

:func:`report_from_events` is what ``disputeflow indicators LOG --set ... --by ... --period
...`` runs once the command line has read the log: it computes the set over the periods the
log covers and returns a text summary, writing an HTML or CSV file when asked.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disputeflow.errors import InvalidValueError
from disputeflow.indicators.scoring import (
    Evaluation,
    evaluate_set,
    score_series,
)
from disputeflow.indicators.sets import IndicatorSet, load_set

if TYPE_CHECKING:
    import pandas as pd

    from disputeflow.events import Event
    from disputeflow.lifecycle import Lifecycle

__all__ = [
    "html_report",
    "indicator_names",
    "plot_contributions",
    "plot_hotspots",
    "plot_indicator",
    "plot_scores",
    "report_from_events",
    "text_report",
    "wide_table",
]

_MET = {True: "✓ met", False: "✗ not met"}
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
td.met { background: #e6f4ea; } td.unmet { background: #fce8e6; }
.marks span { background: #fff3cd; padding: 0.1em 0.5em; margin-right: 0.5em; }
figure { display: inline-block; margin: 0 1em 1em 0; }
"""


def indicator_names(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """
    English and Chinese names of indicators from the built-in definitions (the id itself for
    an indicator defined elsewhere).

    Args:
        ids: indicator ids.

    Returns:
        ``{id: (name_en, name_zh)}``.
    """
    from disputeflow.indicators.builtin import BUILTIN

    names = {}
    for i in ids:
        d = BUILTIN.get(i)
        names[i] = (d.name_en, d.name_zh) if d is not None else (i, i)
    return names


def _group_label(frame: pd.DataFrame, groups: Sequence[str]) -> pd.Series:
    if not groups:
        return frame["period_start"].map(lambda _: "all")
    return frame[list(groups)].astype(str).agg(" / ".join, axis=1)


def wide_table(evaluation: Evaluation, period_start: Any = None) -> pd.DataFrame:
    """
    One period's members as rows and groups as columns: value and whether it meets the
    standard, e.g. ``95.2 ✓``.

    Args:
        evaluation: the evaluated set.
        period_start: the period (default: the latest).

    Returns:
        A table with columns ``indicator``, ``name``, ``standard``, ``weight``, then one
        column per group; cells are ``"<value> ✓"`` (met), ``"<value> ✗"`` (not met),
        ``"<value>"`` (no standard) or ``"-"`` (no value).
    """
    import pandas as pd

    s = evaluation.scored
    period = s["period_start"].max() if period_start is None else period_start
    s = s.loc[s["period_start"] == period].copy()
    s["_group"] = _group_label(s, evaluation.by)
    marks = {True: " ✓", False: " ✗"}
    s["_cell"] = [
        "-" if pd.isna(v) else f"{v:,.2f}".rstrip("0").rstrip(".") + marks.get(m, "")
        for v, m in zip(
            s["value"], s["in_range"].astype(object).where(s["in_range"].notna()), strict=False
        )
    ]
    cells = s.pivot_table(index="indicator", columns="_group", values="_cell", aggfunc="first")
    names = indicator_names(evaluation.indicator_set.indicator_ids)
    standards = evaluation.scored.groupby("indicator", sort=False)["standard"].first()
    rows = []
    for m in evaluation.indicator_set.members:
        row = {
            "indicator": m.indicator,
            "name": f"{names[m.indicator][0]} ({names[m.indicator][1]})",
            "standard": standards.get(m.indicator, m.range_text()),
            "weight": m.weight,
        }
        if m.indicator in cells.index:
            row.update(cells.loc[m.indicator].to_dict())
        rows.append(row)
    return pd.DataFrame(rows).fillna("-")


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prologue: the SVG sits inside HTML


def _plots(evaluation: Evaluation) -> list[tuple[str, str]]:
    try:
        # A bare Figure needs no pyplot backend: a notebook's backend is left alone.
        from matplotlib.figure import Figure
    except ImportError:
        return []
    out = []
    for column, caption in (
        ("composite", "Composite score by period"),
        ("share_in_range", "Share of indicators in range"),
    ):
        fig = Figure(figsize=(7, 3.5))
        plot_scores(evaluation.composite, column=column, ax=fig.add_subplot())
        out.append((caption, _svg(fig)))
    return out


def _table_html(frame: pd.DataFrame, classes: Mapping[str, str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for c in frame.columns:
            v = row[c]
            text = "-" if v is None or (isinstance(v, float) and v != v) else v
            if isinstance(text, float):
                text = f"{text:,.2f}"
            cls = ""
            if isinstance(text, str) and text.endswith(" ✓"):
                cls = ' class="met"'
            elif isinstance(text, str) and text.endswith(" ✗"):
                cls = ' class="unmet"'
            elif isinstance(text, str) and classes and c in classes:
                cls = f' class="{classes[c]}"'
            cells.append(f"<td{cls}>{html.escape(str(text))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def html_report(evaluation: Evaluation, *, title: str | None = None, plots: bool = True) -> str:
    """
    A self-contained HTML page of an evaluated set.

    Args:
        evaluation: the set evaluated over a log (:func:`~disputeflow.indicators.scoring.
            evaluate_set`) or over result tables (:class:`~disputeflow.indicators.scoring.
            Evaluation`).
        title: the page title (default: the set's names).
        plots: embed plots as inline SVG when matplotlib is installed.

    Returns:
        The HTML text.
    """
    s = evaluation.indicator_set
    title = title or f"{s.name_en} ({s.name_zh}) {s.version}"
    marks = [
        label
        for flag, label in (
            (s.incomplete, "incomplete: only the confirmed members are listed"),
            (s.unofficial, "unofficial: weights, standards or formulas are configuration"),
            (s.example, "example set"),
        )
        if flag
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>Set <code>{html.escape(s.key)}</code>; composite "
        f"<code>{html.escape(s.composite.method)}</code>, members without a standard "
        f"<code>{html.escape(s.composite.unscored)}</code>.</p>",
    ]
    if marks:
        parts.append(
            '<p class="marks">' + "".join(f"<span>{html.escape(m)}</span>" for m in marks) + "</p>"
        )
    if s.description:
        parts.append(f"<p>{html.escape(s.description)}</p>")
    comp = evaluation.composite
    if not comp.empty:
        latest = comp["period_start"].max()
        from disputeflow.indicators.scoring import ranking

        rank = ranking(comp, latest)
        parts.append(f"<h2>Ranking, period from {html.escape(str(latest))}</h2>")
        parts.append(_table_html(rank, dict.fromkeys(evaluation.by, "text")))
        series = score_series(comp).reset_index()
        parts.append("<h2>Composite score by period</h2>")
        parts.append(_table_html(series))
        parts.append(f"<h2>Indicators, period from {html.escape(str(latest))}</h2>")
        parts.append(_table_html(wide_table(evaluation, latest), {"name": "text"}))
    notes = [m for m in s.members if m.formula or m.note or m.unofficial]
    if notes:
        parts.append("<h2>Notes</h2><ul>")
        for m in notes:
            bits = [b for b in (m.formula, m.note) if b]
            tag = " (unofficial)" if m.unofficial else ""
            parts.append(
                f"<li><code>{html.escape(m.indicator)}</code>{tag}: "
                f"{html.escape('; '.join(bits))}</li>"
            )
        parts.append("</ul>")
    if plots:
        for caption, svg in _plots(evaluation):
            parts.append(f"<figure>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts)


def text_report(evaluation: Evaluation) -> str:
    """
    A plain-text summary: the set, the composite per group and period, and the latest
    period's indicator table.

    Args:
        evaluation: the evaluated set.

    Returns:
        The text.
    """
    s = evaluation.indicator_set
    flags = ", ".join(
        f for f, on in (("incomplete", s.incomplete), ("unofficial", s.unofficial)) if on
    )
    lines = [f"{s.key}: {s.name_en} ({s.name_zh})" + (f" [{flags}]" if flags else "")]
    comp = evaluation.composite
    if comp.empty:
        lines.append("(no results)")
        return "\n".join(lines)
    shown = comp[[*evaluation.by, "period_start", "composite", "share_in_range", "rank"]]
    lines.append(shown.to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    lines.append("")
    lines.append(wide_table(evaluation).to_string(index=False))
    return "\n".join(lines)


def report_from_events(
    events: Sequence[Event],
    set_id: str | Path | IndicatorSet,
    *,
    by: Sequence[str] = ("court",),
    period: str = "month",
    out: str | Path | None = None,
    lifecycles: Lifecycle | Mapping[str, Lifecycle] | None = None,
) -> str:
    """
    Evaluate a set over an event log and report it (the ``disputeflow indicators`` command).

    Args:
        events: the event log.
        set_id: a built-in set id (``spc-2024-09``, ``local-platform@2.0``), a TOML path or
            a set.
        by: the group columns (``court``, ``judge`` ...).
        period: ``month``, ``quarter`` or ``year``: consecutive periods covering the log.
        out: write an HTML report (``.html``) or the scored table (``.csv``) there.
        lifecycles: the lifecycles of the log (default: the shipped PRC lifecycles).

    Returns:
        The text summary (with the path written, when ``out`` is given).

    Raises:
        InvalidValueError: an empty log, an unknown period or an ``out`` suffix other than
            ``.html`` or ``.csv``.
        UnknownNameError: an unknown set id.
    """
    from disputeflow.indicators.scoring import periods_covering

    target = None if out is None else Path(out)
    if target is not None and target.suffix.lower() not in (".html", ".csv"):
        raise InvalidValueError("out", "a path ending in .html or .csv", str(out))
    if not events:
        raise InvalidValueError("events", "a log with at least one event", "an empty log")
    indicator_set = load_set(set_id)
    days = [e.on if e.on is not None else e.at.date() for e in events]
    periods = periods_covering(min(days), max(days), period)
    if lifecycles is None:
        from disputeflow.lifecycle.prc import LIFECYCLES

        lifecycles = {lc.id: lc for lc in (factory() for factory in LIFECYCLES.values())}
    evaluation = evaluate_set(events, indicator_set, periods=periods, by=by, lifecycles=lifecycles)
    text = text_report(evaluation)
    if target is not None:
        if target.suffix.lower() == ".html":
            target.write_text(html_report(evaluation), encoding="utf-8")
        else:
            evaluation.scored.to_csv(target, index=False)
        text += f"\nwritten: {target}"
    return text


# --------------------------------------------------------------------------- plots


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=(7, 3.5))
    return new


def plot_scores(composite: pd.DataFrame, *, column: str = "composite", ax: Any = None) -> Any:
    """
    Line chart of a composite measure period by period, one line per group.

    Args:
        composite: the output of :func:`~disputeflow.indicators.scoring.composite_scores`.
        column: ``composite`` (0-100), ``share_in_range`` (0-1) or ``rank``.
        ax: a matplotlib Axes (default: a new figure).

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    series = score_series(composite, column)
    x = [str(p) for p in series.index]
    for group in series.columns:
        ax.plot(x, series[group].to_numpy(dtype=float), marker="o", label=str(group))
    ax.set_xlabel("period start")
    ax.set_ylabel(column)
    if column == "rank":
        ax.invert_yaxis()
    ax.tick_params(axis="x", labelrotation=45)
    if len(series.columns) > 1:
        ax.legend(fontsize="small", ncols=2)
    return ax


def plot_indicator(results: pd.DataFrame, indicator: str, *, ax: Any = None) -> Any:
    """
    Line chart of one indicator's value period by period, one line per group.

    Args:
        results: a result table.
        indicator: the indicator id.
        ax: a matplotlib Axes (default: a new figure).

    Returns:
        The Axes.

    Raises:
        InvalidValueError: the indicator has no rows.
    """
    from disputeflow.indicators.scoring import group_columns

    rows = results.loc[results["indicator"] == indicator].copy()
    if rows.empty:
        valid = sorted(str(i) for i in results["indicator"].unique())
        raise InvalidValueError("indicator", f"one of {', '.join(valid)}", indicator)
    ax = _axes(ax)
    rows["_group"] = _group_label(rows, group_columns(results))
    for group, part in rows.groupby("_group", sort=True):
        part = part.sort_values("period_start")
        ax.plot(
            [str(p) for p in part["period_start"]],
            part["value"].to_numpy(dtype=float),
            marker="o",
            label=str(group),
        )
    unit = str(rows["unit"].iloc[0])
    ax.set_ylabel(f"{indicator} ({unit})")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize="small")
    return ax


def plot_contributions(decomposition: pd.DataFrame, *, ax: Any = None) -> Any:
    """
    Horizontal bars of each unit's contribution to the gap (one group and period).

    Args:
        decomposition: rows of :func:`~disputeflow.indicators.decompose.decompose` for one
            group and period.
        ax: a matplotlib Axes (default: a new figure).

    Returns:
        The Axes.
    """
    fixed = {
        "period_start",
        "period_end",
        "numerator",
        "denominator",
        "value",
        "share",
        "contribution",
        "overall",
        "target",
        "gap",
    }
    units = [c for c in decomposition.columns if c not in fixed]
    ax = _axes(ax)
    labels = _group_label(decomposition, units).tolist()
    values = decomposition["contribution"].to_numpy(dtype=float)
    ax.barh(labels, values, color=["#c0392b" if v < 0 else "#27ae60" for v in values])
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_xlabel("contribution to the gap")
    return ax


def plot_hotspots(table: pd.DataFrame, *, column: str = "location_quotient", ax: Any = None) -> Any:
    """
    Heat map of a hot-spot measure, areas by categories, summed or averaged over periods.

    Args:
        table: the output of :func:`~disputeflow.indicators.hotspots.hotspot_table`.
        column: ``count`` (summed), ``rate_per_10k`` or ``location_quotient`` (averaged).
        ax: a matplotlib Axes (default: a new figure).

    Returns:
        The Axes.
    """
    area, category = table.columns[0], table.columns[1]
    grid = table.pivot_table(
        index=area, columns=category, values=column, aggfunc="sum" if column == "count" else "mean"
    )
    ax = _axes(ax)
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="OrRd")
    ax.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns], rotation=45)
    ax.set_yticks(range(len(grid.index)), [str(i) for i in grid.index])
    ax.figure.colorbar(image, ax=ax, label=column)
    return ax
