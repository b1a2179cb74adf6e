"""
Graphviz DOT text for a lifecycle, and rendering it to a file.

:func:`to_dot` builds the DOT text as a string and needs nothing installed. :func:`render` needs
the optional ``graphviz`` Python package (``pip install disputeflow[diagrams]``) and the
Graphviz ``dot`` program; both are looked for only when it is called.

Layout: one cluster per proceeding kind, a start point per kind for its openings, final states
with a double border, closing states shaded, waiting (inactive) states dashed, internal
transitions listed inside their state (``↺ Adjourn hearing``), and the cross-proceeding links
as dashed edges from the parent state to the opened proceeding's first state (bold when the
parent's transition opens it in the same step, e.g. an appeal).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from disputeflow.diagrams.extract import Edge, Graph, Language, Node, extract
from disputeflow.lifecycle.definition import Lifecycle

__all__ = ["FORMATS", "dot_string", "graph_to_dot", "render", "to_dot"]

#: Output formats :func:`render` accepts.
FORMATS = ("svg", "png", "pdf", "dot")

_INSTALL = "pip install disputeflow[diagrams]"


def dot_string(text: str) -> str:
    """
    ``text`` as a quoted DOT string: backslashes and quotes escaped, line breaks as ``\\n``.

    >>> print(dot_string('say "hi"\\nnow'))
    "say \\"hi\\"\\nnow"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.splitlines() or [""]) + '"'


def _attrs(**items: str | None) -> str:
    pairs = [f"{key}={value}" for key, value in items.items() if value is not None]
    return f" [{', '.join(pairs)}]" if pairs else ""


def _node_line(node: Node) -> str:
    label = "\n".join((node.label, *(f"↺ {text}" for text in node.internal)))
    styles = ["rounded"]
    if node.closing:
        styles.append("filled")
    if not node.active:
        styles.append("dashed")
    return f"{dot_string(node.id)}" + _attrs(
        label=dot_string(label),
        style=dot_string(",".join(styles)),
        fillcolor='"#eeeeee"' if node.closing else None,
        peripheries="2" if node.final else None,
    )


def _edge_label(edge: Edge) -> str:
    return f"{edge.label}\n[{edge.guard_text}]" if edge.guard_text else edge.label


def graph_to_dot(graph: Graph) -> str:
    """
    The DOT text of an extracted graph.

    Args:
        graph: from :func:`~disputeflow.diagrams.extract.extract`.

    Returns:
        A ``digraph``, ending with a newline.
    """
    lines = [
        f"digraph {dot_string(graph.lifecycle_id)} {{",
        f"  graph [label={dot_string(graph.label)}, labelloc=t, compound=true, fontsize=16];",
        '  node [shape=box, style=rounded, fontsize=11, fontname="Helvetica"];',
        '  edge [fontsize=9, fontname="Helvetica"];',
    ]
    for cluster in graph.clusters:
        title = f"{cluster.label} ({cluster.type_code})"
        lines.append(f"  subgraph {dot_string('cluster_' + cluster.id)} {{")
        lines.append(f"    label={dot_string(title)};")
        lines.append(
            f"    {dot_string(cluster.start)}"
            + _attrs(shape="point", width="0.15", label='""')
            + ";"
        )
        lines += [f"    {_node_line(node)};" for node in cluster.nodes]
        lines.append("  }")
    for edge in graph.edges:
        lines.append(
            f"  {dot_string(edge.source)} -> {dot_string(edge.dest)}"
            + _attrs(label=dot_string(_edge_label(edge)))
            + ";"
        )
    for link in graph.links:
        lines.append(
            f"  {dot_string(link.source)} -> {dot_string(link.dest)}"
            + _attrs(
                label=dot_string(link.label),
                style="dashed" if not link.opened_by else '"dashed,bold"',
                color='"#555555"',
                fontcolor='"#555555"',
                constraint="false" if link.source_cluster != link.dest_cluster else None,
            )
            + ";"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_dot(
    lifecycle: Lifecycle, *, kinds: Iterable[str] | None = None, lang: Language = "en"
) -> str:
    """
    The Graphviz DOT text of ``lifecycle``; needs no Graphviz installed.

    Args:
        lifecycle: the definition to draw.
        kinds: names of the proceeding kinds to draw, or None for all.
        lang: ``"en"`` or ``"zh"`` labels.

    Returns:
        A ``digraph``, ending with a newline.

    Raises:
        UnknownNameError: ``kinds`` names a kind the lifecycle does not define.
        InvalidValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    return graph_to_dot(extract(lifecycle, kinds=kinds, lang=lang))


def render(
    lifecycle: Lifecycle,
    path: str | Path,
    format: str = "svg",
    *,
    kinds: Iterable[str] | None = None,
    lang: Language = "en",
) -> Path:
    """
    Draw ``lifecycle`` into the file ``path`` with Graphviz's ``dot``.

    Args:
        lifecycle: the definition to draw.
        path: the file to write (overwritten).
        format: one of :data:`FORMATS`; ``"dot"`` writes the DOT text and needs nothing.
        kinds: names of the proceeding kinds to draw, or None for all.
        lang: ``"en"`` or ``"zh"`` labels (Chinese needs a CJK font Graphviz can find).

    Returns:
        The path written.

    Raises:
        ValueError: ``format`` is not one of :data:`FORMATS`.
        ImportError: the ``graphviz`` package is missing (``pip install
            disputeflow[diagrams]``).
        RuntimeError: the Graphviz ``dot`` program is not installed, or failed.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    out = Path(path)
    source = to_dot(lifecycle, kinds=kinds, lang=lang)
    if format == "dot":
        out.write_text(source, encoding="utf-8")
        return out
    try:
        import graphviz
    except ImportError as exc:
        raise ImportError(f"rendering diagrams needs the 'graphviz' package: {_INSTALL}") from exc
    if shutil.which("dot") is None:
        raise RuntimeError(
            "the Graphviz 'dot' program is not on PATH; install Graphviz "
            "(e.g. 'apt-get install graphviz' or 'brew install graphviz'), or use "
            "to_dot() / to_mermaid() for the text"
        )
    try:
        data: bytes = graphviz.Source(source).pipe(format=format)
    except graphviz.ExecutableNotFound as exc:  # removed from PATH after the check
        raise RuntimeError(f"the Graphviz 'dot' program could not be run: {exc}") from exc
    except graphviz.CalledProcessError as exc:
        raise RuntimeError(f"Graphviz 'dot' failed: {exc.stderr!r}") from exc
    out.write_bytes(data)
    return out
