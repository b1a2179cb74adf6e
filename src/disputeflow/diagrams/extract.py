"""
Extract a diagram-neutral :class:`Graph` from a lifecycle, once, for every renderer.

The shape follows python-statemachine's ``contrib/diagram`` (extract, then render): the Mermaid
and Graphviz renderers only format what :func:`extract` found, so both show the same states,
transitions and links.

What the graph holds:

- one :class:`Cluster` per proceeding kind that has states, in the lifecycle's kind order, with
  its states as :class:`Node` values;
- :class:`Edge` values: ordinary transitions (``"transition"``) and openings (``"opening"``,
  from the cluster's start pseudo-node to the state the new proceeding starts in);
- :class:`Link` values: the cross-proceeding links, from a parent state to the first state of
  the proceeding an opening creates (``requires`` and ``opens`` on transitions).

Internal transitions (``dest=None``: an adjournment, an extension, a recorded payment) are not
drawn as self-loops, which would bury the states of a trial under arrows: each node lists them
in :attr:`Node.internal` and the renderers print them inside the state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.model import Transition

__all__ = ["Cluster", "Edge", "EdgeKind", "Graph", "Language", "Link", "Node", "extract"]

EdgeKind = Literal["transition", "opening"]
Language = Literal["en", "zh"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
# Words the Mermaid state grammar reads as keywords; an id equal to one gets a suffix.
_RESERVED = frozenset(
    {"as", "class", "classDef", "default", "direction", "end", "left", "note", "of", "right"}
    | {"state", "style"}
)


@attrs.frozen
class Node:
    """
    A state, ready to draw.

    Attributes:
        id: diagram id, only ``[A-Za-z0-9_]`` and unique in the graph.
        name: the state's name in the lifecycle.
        label: display label in the graph's language.
        kind: proceeding kind (the cluster it is drawn in).
        stage: the state's stage.
        active: False while the proceeding waits on a party or is suspended.
        final: no transition leaves it.
        closing_kind: how a proceeding in this state closed, or None.
        internal: labels of the internal transitions defined on the state, in definition
            order, without duplicates.
    """

    id: str
    name: str
    label: str
    kind: str
    stage: str
    active: bool
    final: bool
    closing_kind: str | None
    internal: tuple[str, ...] = ()

    @property
    def closing(self) -> bool:
        """
        Whether a proceeding in this state counts as closed.
        """
        return self.closing_kind is not None


@attrs.frozen
class Cluster:
    """
    The states of one proceeding kind.

    Attributes:
        id: diagram id of the cluster, unique in the graph (the kind's name unless a state
            has that name).
        kind: the proceeding kind's name.
        label: display label.
        type_code: the kind's case-number type code (``"民初"``).
        start: diagram id of the cluster's start pseudo-node, the source of its openings.
        nodes: the kind's states, in definition order.
    """

    id: str
    kind: str
    label: str
    type_code: str
    start: str
    nodes: tuple[Node, ...]


@attrs.frozen
class Edge:
    """
    A transition between two states of one proceeding kind, or an opening.

    Transitions with the same trigger, source, destination and label (alternatives that differ
    only in their guards, such as rendering a judgment with or without a party domiciled
    abroad) are merged into one edge.

    Attributes:
        source: id of the source node (a cluster's ``start`` for an opening).
        dest: id of the destination node.
        trigger: the trigger.
        label: display label of the trigger.
        kind: ``"transition"`` or ``"opening"``.
        cluster: id of the cluster the edge is drawn in.
        guards: guard names, one tuple per merged transition (alternatives); empty when no
            merged transition has guards.
        creates: for an opening, the proceeding kind it creates (it may differ from the
            cluster's: a resumed execution runs through the execution states).
    """

    source: str
    dest: str
    trigger: str
    label: str
    kind: EdgeKind
    cluster: str
    guards: tuple[tuple[str, ...], ...] = ()
    creates: str | None = None

    @property
    def guard_text(self) -> str:
        """
        The guards as UML guard text: ``"a, b"``, alternatives joined by ``" | "``; ``""``
        when there are none.
        """
        if not any(self.guards):
            return ""
        return " | ".join(", ".join(g) if g else "-" for g in self.guards)


@attrs.frozen
class Link:
    """
    A cross-proceeding link: a proceeding in ``source`` may be (or, by ``opens``, is) the parent
    of a new proceeding that starts in ``dest``.

    Attributes:
        source: id of the parent state's node.
        dest: id of the opened proceeding's first state.
        trigger: the opening's trigger.
        label: the opening's display label.
        source_cluster, dest_cluster: ids of the clusters of both ends (equal for a resumed
            execution, opened from an execution state into the execution states).
        creates: the proceeding kind created.
        opened_by: triggers whose ``opens`` fire the opening in the same step (an appeal opens
            the second instance); empty when another act opens it (an application for
            execution).
    """

    source: str
    dest: str
    trigger: str
    label: str
    source_cluster: str
    dest_cluster: str
    creates: str
    opened_by: tuple[str, ...] = ()


@attrs.frozen
class Graph:
    """
    A lifecycle (or some of its proceeding kinds) as clusters, edges and links.

    Attributes:
        lifecycle_id: id of the lifecycle drawn.
        label: its display label.
        lang: the language of every label (``"en"`` or ``"zh"``).
        clusters: one per proceeding kind drawn.
        edges: transitions and openings, each inside one cluster.
        links: cross-proceeding links whose both ends are drawn.
    """

    lifecycle_id: str
    label: str
    lang: Language
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]
    links: tuple[Link, ...]

    @property
    def nodes(self) -> tuple[Node, ...]:
        """
        Every node, cluster by cluster.
        """
        return tuple(n for c in self.clusters for n in c.nodes)


def _safe(name: str, taken: set[str]) -> str:
    base = _UNSAFE.sub("_", name) or "_"
    if base[0].isdigit() or base in _RESERVED:
        base = f"s_{base}" if base[0].isdigit() else f"{base}_"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _label(en: str, zh: str, fallback: str, lang: Language) -> str:
    return (zh if lang == "zh" else en) or en or fallback


def _edge_label(lc: Lifecycle, t: Transition, lang: Language) -> str:
    own = _label(t.label_en, t.label_zh, "", lang)
    return own or lc.trigger_label(t.trigger, lang)


def extract(
    lifecycle: Lifecycle, *, kinds: Iterable[str] | None = None, lang: Language = "en"
) -> Graph:
    """
    The graph of ``lifecycle``, or of the proceeding kinds in ``kinds``.

    Internal transitions (``dest=None``) are listed on their states (:attr:`Node.internal`),
    not drawn as self-loops, to keep the diagrams readable. Links whose parent or child state
    is not drawn are left out. A kind with no states of its own (``resumed_execution`` runs
    through the execution states) has no cluster: its opening is drawn in the cluster of the
    state it starts in.

    Args:
        lifecycle: the definition to draw.
        kinds: names of the proceeding kinds to draw, or None for all.
        lang: ``"en"`` or ``"zh"`` labels.

    Returns:
        The graph.

    Raises:
        UnknownNameError: ``kinds`` names a kind the lifecycle does not define.
        InvalidValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    if lang not in ("en", "zh"):
        raise InvalidValueError("lang", "'en' or 'zh'", lang)
    wanted = None if kinds is None else {lifecycle.kind(k).name for k in kinds}
    taken: set[str] = set()
    ids = {s.name: _safe(s.name, taken) for s in lifecycle.states}
    internal: dict[str, dict[str, None]] = {}
    for t in lifecycle.transitions:
        if t.dest is None:
            for s in sorted(t.source):
                internal.setdefault(s, {})[_edge_label(lifecycle, t, lang)] = None
    clusters: list[Cluster] = []
    cluster_of: dict[str, Cluster] = {}
    for k in lifecycle.kinds:
        states = [s for s in lifecycle.states if s.kind == k.name]
        if not states or (wanted is not None and k.name not in wanted):
            continue
        cid = _safe(k.name, taken)
        nodes = tuple(
            Node(
                id=ids[s.name],
                name=s.name,
                label=_label(s.label_en, s.label_zh, s.name, lang),
                kind=s.kind,
                stage=s.stage,
                active=s.active,
                final=s.final,
                closing_kind=s.closing_kind,
                internal=tuple(internal.get(s.name, {})),
            )
            for s in states
        )
        cluster = Cluster(
            id=cid,
            kind=k.name,
            label=_label(k.label_en, k.label_zh, k.name, lang),
            type_code=k.type_code,
            start=_safe(f"{k.name}_start", taken),
            nodes=nodes,
        )
        clusters.append(cluster)
        cluster_of.update((s.name, cluster) for s in states)
    return Graph(
        lifecycle_id=lifecycle.id,
        label=_label(lifecycle.label_en, lifecycle.label_zh, lifecycle.id, lang),
        lang=lang,
        clusters=tuple(clusters),
        edges=_edges(lifecycle, ids, cluster_of, lang),
        links=_links(lifecycle, ids, cluster_of, lang),
    )


def _edges(
    lc: Lifecycle, ids: dict[str, str], cluster_of: dict[str, Cluster], lang: Language
) -> tuple[Edge, ...]:
    merged: dict[tuple[str, str, str, str], list[Transition]] = {}
    for t in lc.transitions:
        if t.dest is None or t.dest not in cluster_of:
            continue
        sources = [cluster_of[t.dest].start] if t.opening else [ids[s] for s in sorted(t.source)]
        label = _edge_label(lc, t, lang)
        for src in sources:
            merged.setdefault((src, ids[t.dest], t.trigger, label), []).append(t)
    edges: list[Edge] = []
    for (src, dest, trigger, label), ts in merged.items():
        first = ts[0]
        assert first.dest is not None
        edges.append(
            Edge(
                source=src,
                dest=dest,
                trigger=trigger,
                label=label,
                kind="opening" if first.opening else "transition",
                cluster=cluster_of[first.dest].id,
                guards=tuple(t.guards for t in ts) if any(t.guards for t in ts) else (),
                creates=lc.kind_of_opening(first) if first.opening else None,
            )
        )
    return tuple(edges)


def _links(
    lc: Lifecycle, ids: dict[str, str], cluster_of: dict[str, Cluster], lang: Language
) -> tuple[Link, ...]:
    parents: dict[tuple[str, str], dict[str, None]] = {}
    for opening in lc.openings:
        for parent in sorted(opening.requires):
            parents.setdefault((parent, opening.trigger), {})
    for t in lc.transitions:
        if t.opens is None:
            continue
        # The parent is in the transition's destination when the opening fires (in its
        # source, for an internal transition).
        for parent in sorted(t.source) if t.dest is None else [t.dest]:
            parents.setdefault((parent, t.opens), {})[t.trigger] = None
    links: list[Link] = []
    for (parent, trigger), opened_by in parents.items():
        opening = lc.opening(trigger)
        assert opening.dest is not None
        if parent not in cluster_of or opening.dest not in cluster_of:
            continue
        links.append(
            Link(
                source=ids[parent],
                dest=ids[opening.dest],
                trigger=trigger,
                label=_edge_label(lc, opening, lang),
                source_cluster=cluster_of[parent].id,
                dest_cluster=cluster_of[opening.dest].id,
                creates=lc.kind_of_opening(opening),
                opened_by=tuple(opened_by),
            )
        )
    return tuple(links)
