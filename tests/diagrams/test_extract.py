"""
Tests for disputeflow.diagrams.extract: what the one extraction finds in a lifecycle.
"""

from __future__ import annotations

import re

import pytest

from disputeflow.diagrams import Graph, extract
from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.lifecycle import Lifecycle, Part, ProceedingKind, State, Transition

ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _node_ids(graph: Graph) -> dict[str, str]:
    return {n.name: n.id for n in graph.nodes}


class TestNodes:
    def test_every_state_is_one_node(self, shipped: Lifecycle) -> None:
        """Each state of a shipped lifecycle is exactly one node, in its kind's cluster."""
        graph = extract(shipped)
        names = [n.name for n in graph.nodes]
        assert sorted(names) == sorted(s.name for s in shipped.states)
        for cluster in graph.clusters:
            assert {n.kind for n in cluster.nodes} == {cluster.kind}

    def test_ids_are_safe_and_unique(self, shipped: Lifecycle) -> None:
        """Node, cluster and start ids use only [A-Za-z0-9_] and never collide."""
        graph = extract(shipped)
        ids = [n.id for n in graph.nodes]
        ids += [c.id for c in graph.clusters] + [c.start for c in graph.clusters]
        assert all(ID.match(i) for i in ids)
        assert len(ids) == len(set(ids))

    def test_awkward_names_get_safe_distinct_ids(self) -> None:
        """Names with dashes, digits, keywords or a kind's name are turned into distinct ids."""
        part = Part(
            "odd",
            kinds=(ProceedingKind("end", "X", "End", "终"),),
            states=(
                State("end", "end", "s", "End", "终"),
                State("2nd-step", "end", "s", "Second", "二", final=True, closing_kind="x"),
                State("2nd_step", "end", "s", "Second bis", "二之二", final=True,
                      closing_kind="x"),
            ),
            transitions=(
                Transition("open", (), "end"),
                Transition("go", "end", "2nd-step"),
                Transition("go_bis", "end", "2nd_step"),
            ),
        )  # fmt: skip
        graph = extract(Lifecycle.compose("odd", [part]))
        ids = [n.id for n in graph.nodes] + [graph.clusters[0].id, graph.clusters[0].start]
        assert all(ID.match(i) for i in ids)
        assert len(set(ids)) == 5
        assert "end" not in ids

    def test_flags_copied_from_states(self, shipped: Lifecycle) -> None:
        """Active, final and closing kind come from the state definitions."""
        for node in extract(shipped).nodes:
            state = shipped.state(node.name)
            assert (node.active, node.final, node.closing_kind, node.stage) == (
                state.active,
                state.final,
                state.closing_kind,
                state.stage,
            )

    def test_chinese_labels(self, shipped: Lifecycle) -> None:
        """With lang='zh' nodes and clusters carry the Chinese labels."""
        graph = extract(shipped, lang="zh")
        for node in graph.nodes:
            assert node.label == shipped.state(node.name).label_zh
        first = next(c for c in graph.clusters if c.kind == "first_instance")
        assert first.label == "一审"

    def test_unknown_language_refused(self, tiny: Lifecycle) -> None:
        """A language other than en or zh is a typed error naming the field."""
        with pytest.raises(InvalidValueError) as exc:
            extract(tiny, lang="fr")  # type: ignore[arg-type]
        assert exc.value.field == "lang"


class TestEdges:
    def test_every_non_internal_transition_is_an_edge(self, shipped: Lifecycle) -> None:
        """Each (source, trigger, dest) of a transition is an edge; openings start at [*]."""
        graph = extract(shipped)
        ids = _node_ids(graph)
        start = {c.id: c.start for c in graph.clusters}
        edges = {(e.source, e.trigger, e.dest) for e in graph.edges}
        for t in shipped.transitions:
            if t.dest is None:
                continue
            dest = ids[t.dest]
            cluster = next(n for n in graph.nodes if n.id == dest).kind
            if t.opening:
                cid = next(c.id for c in graph.clusters if c.kind == cluster)
                assert (start[cid], t.trigger, dest) in edges
            for s in t.source:
                assert (ids[s], t.trigger, dest) in edges

    def test_internal_transitions_listed_on_the_state_not_drawn(self, shipped: Lifecycle) -> None:
        """An internal transition is in its states' internal list, and is never an edge."""
        graph = extract(shipped)
        by_name = {n.name: n for n in graph.nodes}
        triggers = {(e.source, e.trigger) for e in graph.edges}
        internal = [t for t in shipped.transitions if t.dest is None]
        assert internal
        for t in internal:
            for s in t.source:
                assert t.label_en in by_name[s].internal
                if not any(u.trigger == t.trigger and s in u.source and u.dest for u in
                           shipped.transitions):  # fmt: skip
                    assert (by_name[s].id, t.trigger) not in triggers

    def test_alternatives_merged_with_their_guards(self, tiny: Lifecycle) -> None:
        """Two transitions differing only in guards are one edge listing both guard sets."""
        (decide,) = [e for e in extract(tiny).edges if e.trigger == "decide"]
        assert decide.guards == (("ok",), ("other",))
        assert decide.guard_text == "ok | other"

    def test_opening_records_the_kind_it_creates(self, shipped: Lifecycle) -> None:
        """A resumed execution opens into the execution cluster but creates its own kind."""
        graph = extract(shipped)
        (edge,) = [e for e in graph.edges if e.trigger == "open_resumed_execution"]
        assert edge.kind == "opening"
        assert edge.creates == "resumed_execution"
        assert edge.cluster == "execution"


class TestLinks:
    def test_requires_and_opens_become_links(self, shipped: Lifecycle) -> None:
        """Each parent state an opening requires links to the opening's first state."""
        graph = extract(shipped)
        ids = _node_ids(graph)
        links = {(k.source, k.trigger, k.dest) for k in graph.links}
        for opening in shipped.openings:
            assert opening.dest is not None
            for parent in opening.requires:
                assert (ids[parent], opening.trigger, ids[opening.dest]) in links

    def test_opened_in_the_same_step(self, shipped: Lifecycle) -> None:
        """An appeal opens the second instance in the same step; execution is applied for."""
        graph = extract(shipped)
        link = {(k.source, k.trigger): k for k in graph.links}
        appeal = link[("judgment_appealed", "file_appeal")]
        assert appeal.opened_by == ("appeal",)
        assert (appeal.source_cluster, appeal.dest_cluster) == ("first_instance", "second_instance")
        assert link[("judgment_effective", "apply_for_execution")].opened_by == ()

    def test_tiny_links(self, tiny: Lifecycle) -> None:
        """The tiny lifecycle has exactly one link, opened by take_effect."""
        (only,) = extract(tiny).links
        assert (only.source, only.dest, only.opened_by) == ("effective", "reviewing",
                                                            ("take_effect",))  # fmt: skip


class TestKinds:
    def test_filter_keeps_only_those_kinds(self, shipped: Lifecycle) -> None:
        """With kinds, only their clusters, edges and the links between them are kept."""
        graph = extract(shipped, kinds=["first_instance", "second_instance"])
        assert [c.kind for c in graph.clusters] == ["first_instance", "second_instance"]
        kept = {n.id for n in graph.nodes}
        starts = {c.start for c in graph.clusters}
        assert all(e.dest in kept and e.source in kept | starts for e in graph.edges)
        assert all(k.source in kept and k.dest in kept for k in graph.links)
        assert any(k.trigger == "file_appeal" for k in graph.links)
        assert not any(k.trigger == "apply_for_execution" for k in graph.links)

    def test_kind_without_states_has_no_cluster(self, shipped: Lifecycle) -> None:
        """resumed_execution runs through execution states: asking for it alone draws nothing."""
        graph = extract(shipped, kinds=["resumed_execution"])
        assert graph.clusters == ()
        assert graph.edges == ()

    def test_unknown_kind_refused(self, tiny: Lifecycle) -> None:
        """An unknown kind is a typed error listing the valid kinds."""
        with pytest.raises(UnknownNameError) as exc:
            extract(tiny, kinds=["claim", "appeal"])
        assert "review" in exc.value.valid
