"""
Tests for disputeflow.diagrams.graphviz: DOT text, and rendering with the optional extra.
"""

from __future__ import annotations

import re
import shutil
import sys
import types
from pathlib import Path

import pytest

from disputeflow.diagrams import render, to_dot
from disputeflow.diagrams.graphviz import dot_string
from disputeflow.lifecycle import Lifecycle

EDGE = re.compile(r'^  "(\w+)" -> "(\w+)" \[(.*)\];$', re.M)


def _edges(text: str) -> list[tuple[str, str, str]]:
    return [(m[1], m[2], m[3]) for m in EDGE.finditer(text)]


class TestDot:
    def test_tiny_structure(self, tiny: Lifecycle) -> None:
        """Clusters per kind, a start point each, styled states, one dashed bold link."""
        text = to_dot(tiny)
        assert text.startswith('digraph "tiny" {\n')
        assert text.endswith("}\n")
        assert '  subgraph "cluster_claim" {' in text
        assert '    "claim_start" [shape=point, width=0.15, label=""];' in text
        assert '    "filed" [label="Filed\\n↺ Note", style="rounded"];' in text
        assert '    "paused" [label="Paused: party", style="rounded,dashed"];' in text
        assert (
            '    "effective" [label="Effective", style="rounded,filled", '
            'fillcolor="#eeeeee", peripheries=2];'
        ) in text
        assert ("filed", "decided", 'label="Decide\\n[ok | other]"') in _edges(text)
        (link,) = [e for e in _edges(text) if "dashed" in e[2]]
        assert link[:2] == ("effective", "reviewing")
        assert 'style="dashed,bold"' in link[2]
        assert "constraint=false" in link[2]

    def test_every_state_and_transition(self, shipped: Lifecycle) -> None:
        """Every state is a node and every non-internal transition an edge."""
        text = to_dot(shipped)
        for state in shipped.states:
            assert f'    "{state.name}" [label=' in text
        pairs = {(a, b) for a, b, _ in _edges(text)}
        for t in shipped.transitions:
            if t.dest is not None and not t.opening:
                for source in t.source:
                    assert (source, t.dest) in pairs

    def test_links_dashed(self, shipped: Lifecycle) -> None:
        """Cross-proceeding links are dashed edges from the parent state."""
        dashed = {(a, b) for a, b, attrs in _edges(to_dot(shipped)) if "dashed" in attrs}
        assert ("judgment_appealed", "appeal_transfer") in dashed
        assert ("judgment_effective", "execution_applied") in dashed
        assert ("resumption_applied", "execution_accepted") in dashed

    def test_kinds_and_chinese(self, shipped: Lifecycle) -> None:
        """A kinds filter keeps only those clusters; lang='zh' uses Chinese labels."""
        text = to_dot(shipped, kinds=["petition"], lang="zh")
        assert re.findall(r'subgraph "(\w+)"', text) == ["cluster_petition"]
        assert 'label="涉诉信访 (信)";' in text
        assert '"petition_received" [label="收到信访"' in text

    def test_quoting(self) -> None:
        """Quotes and backslashes are escaped and line breaks become \\n."""
        assert dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


class TestRender:
    def test_dot_format_needs_nothing(self, tiny: Lifecycle, tmp_path: Path) -> None:
        """format='dot' writes the DOT text without Graphviz."""
        out = render(tiny, tmp_path / "tiny.dot", format="dot")
        assert out.read_text(encoding="utf-8") == to_dot(tiny)

    def test_unknown_format(self, tiny: Lifecycle, tmp_path: Path) -> None:
        """An unknown format is refused before anything is imported."""
        with pytest.raises(ValueError, match="svg"):
            render(tiny, tmp_path / "x.gif", format="gif")

    def test_missing_package_names_the_extra(
        self, tiny: Lifecycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the graphviz package the ImportError says how to install it."""
        monkeypatch.setitem(sys.modules, "graphviz", None)
        with pytest.raises(ImportError, match=r"pip install disputeflow\[diagrams\]"):
            render(tiny, tmp_path / "x.svg")

    def test_missing_dot_program(
        self, tiny: Lifecycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With the package but no dot program the error says to install Graphviz."""
        fake = types.ModuleType("graphviz")
        monkeypatch.setitem(sys.modules, "graphviz", fake)
        monkeypatch.setattr(shutil, "which", lambda name: None)
        with pytest.raises(RuntimeError, match="'dot' program"):
            render(tiny, tmp_path / "x.svg")
        assert not (tmp_path / "x.svg").exists()

    @pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
    def test_svg(self, shipped: Lifecycle, tmp_path: Path) -> None:
        """With Graphviz installed the whole lifecycle renders to an SVG naming its states."""
        pytest.importorskip("graphviz")
        out = render(shipped, tmp_path / "lc.svg", lang="zh")
        svg = out.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml")
        assert "收到起诉材料" in svg
