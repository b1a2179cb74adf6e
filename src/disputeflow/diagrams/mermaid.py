"""
Mermaid ``stateDiagram-v2`` text for a lifecycle: paste it into Markdown (GitHub, GitLab and
most documentation sites render it) or the Mermaid live editor.

Layout: one composite state per proceeding kind, ``[*] --> first`` for each opening,
``final --> [*]`` for each final state, internal transitions listed inside their state
(``↺ Adjourn hearing``), and the styles ``final``, ``closing`` (closed, not final, e.g. a
judgment served while the appeal period runs) and ``waiting`` (inactive) applied by
``classDef``. Some Mermaid versions ignore styles inside composite states; the diagram stays
valid and readable without them.

Cross-proceeding links: Mermaid state diagrams cannot dash an edge, and the Mermaid grammar
documents no transition between states of two composites, so a link is drawn as one edge
between the two composites (kinds), labelled ``⇢`` and the openings it stands for
(``first_instance --> second_instance : ⇢ File appeal, File ruling appeal``); a link inside
one kind (a resumed execution) is an edge between the two states, labelled the same way. The
exact parent states are in the Graphviz output (dashed edges) and the generated lifecycle
reference.
"""

from __future__ import annotations

from collections.abc import Iterable

from disputeflow.diagrams.extract import Edge, Graph, Language, Node, extract
from disputeflow.lifecycle.definition import Lifecycle

__all__ = ["LINK_MARK", "graph_to_mermaid", "mermaid_text", "to_mermaid"]

#: Prefix of the label of a cross-proceeding link.
LINK_MARK = "⇢"
#: Prefix of an internal transition listed in its state.
INTERNAL_MARK = "↺"

_INDENT = "    "
_STYLES = (
    ("final", "fill:#e6e6e6,stroke:#333,stroke-width:2px"),
    ("closing", "fill:#f3f3f3,stroke:#333"),
    ("waiting", "stroke-dasharray:4 4"),
)
# Mermaid decodes entity codes (#name; or #number;) in labels. Escaped in one pass: '#' itself,
# what the grammar reads (quotes, ';' which ends a statement even inside a label, braces) and
# what HTML labels would read ('<', '>', '&'). A ':' is safe after the first.
_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        ";": "#59;",
        "{": "#123;",
        "}": "#125;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
    }
)


def mermaid_text(text: str) -> str:
    """
    ``text`` escaped for a Mermaid label: entity codes for the characters the grammar or
    HTML labels would read, line breaks as spaces.

    >>> mermaid_text('Appeal: "15 days"; #1')
    'Appeal: #quot;15 days#quot;#59; #35;1'
    """
    return " ".join(text.split()).translate(_ESCAPES)


def _edge_label(edge: Edge) -> str:
    guards = edge.guard_text
    return f"{edge.label} [{guards}]" if guards else edge.label


def _style_of(node: Node) -> str | None:
    if node.final:
        return "final"
    if node.closing:
        return "closing"
    if not node.active:
        return "waiting"
    return None


def _arrow(source: str, dest: str, label: str) -> str:
    return f"{source} --> {dest} : {mermaid_text(label)}" if label else f"{source} --> {dest}"


def _join_labels(labels: Iterable[str]) -> str:
    return f"{LINK_MARK} " + ", ".join(dict.fromkeys(labels))


def graph_to_mermaid(graph: Graph) -> str:
    """
    The Mermaid ``stateDiagram-v2`` text of an extracted graph.

    Args:
        graph: from :func:`~disputeflow.diagrams.extract.extract`.

    Returns:
        The diagram, ending with a newline.
    """
    lines = ["stateDiagram-v2", f"{_INDENT}%% {graph.lifecycle_id}: {mermaid_text(graph.label)}"]
    inner = _INDENT * 2
    for cluster in graph.clusters:
        title = mermaid_text(f"{cluster.label} ({cluster.type_code})")
        lines.append(f'{_INDENT}state "{title}" as {cluster.id} {{')
        for node in cluster.nodes:
            lines.append(f'{inner}state "{mermaid_text(node.label)}" as {node.id}')
        for node in cluster.nodes:
            lines += [
                f"{inner}{node.id} : {INTERNAL_MARK} {mermaid_text(label)}"
                for label in node.internal
            ]
        for edge in graph.edges:
            if edge.cluster == cluster.id:
                source = "[*]" if edge.kind == "opening" else edge.source
                lines.append(inner + _arrow(source, edge.dest, _edge_label(edge)))
        inside: dict[tuple[str, str], list[str]] = {}
        for link in graph.links:
            if link.source_cluster == link.dest_cluster == cluster.id:
                inside.setdefault((link.source, link.dest), []).append(link.label)
        for (source, dest), labels in inside.items():
            lines.append(inner + _arrow(source, dest, _join_labels(labels)))
        lines += [f"{inner}{node.id} --> [*]" for node in cluster.nodes if node.final]
        lines.append(f"{_INDENT}}}")
    between: dict[tuple[str, str], list[str]] = {}
    for link in graph.links:
        if link.source_cluster != link.dest_cluster:
            key = (link.source_cluster, link.dest_cluster)
            between.setdefault(key, []).append(link.label)
    for (source, dest), labels in between.items():
        lines.append(_INDENT + _arrow(source, dest, _join_labels(labels)))
    styled: dict[str, list[str]] = {}
    for node in graph.nodes:
        style = _style_of(node)
        if style is not None:
            styled.setdefault(style, []).append(node.id)
    for name, css in _STYLES:
        if name in styled:
            lines.append(f"{_INDENT}classDef {name} {css}")
    for name, _css in _STYLES:
        if name in styled:
            lines.append(f"{_INDENT}class {','.join(styled[name])} {name}")
    return "\n".join(lines) + "\n"


def to_mermaid(
    lifecycle: Lifecycle, *, kinds: Iterable[str] | None = None, lang: Language = "en"
) -> str:
    """
    The Mermaid ``stateDiagram-v2`` text of ``lifecycle``.

    Args:
        lifecycle: the definition to draw.
        kinds: names of the proceeding kinds to draw, or None for all.
        lang: ``"en"`` or ``"zh"`` labels.

    Returns:
        The diagram, ending with a newline.

    Raises:
        UnknownNameError: ``kinds`` names a kind the lifecycle does not define.
        InvalidValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    return graph_to_mermaid(extract(lifecycle, kinds=kinds, lang=lang))
