"""
Tests for disputeflow.diagrams.mermaid: Mermaid stateDiagram-v2 text.
"""

from __future__ import annotations

import re

import pytest

from disputeflow.diagrams import to_mermaid
from disputeflow.diagrams.extract import Language
from disputeflow.diagrams.mermaid import mermaid_text
from disputeflow.lifecycle import Lifecycle

_ID = r"[A-Za-z0-9_]+"
_LABEL = r"[^;\"{}<>]+"  # what an escaped label may hold
LINE = re.compile(
    "|".join(
        (
            r"stateDiagram-v2",
            r"    %% .*",
            rf'    state "{_LABEL}" as {_ID} \{{',
            r"    \}",
            rf'        state "{_LABEL}" as {_ID}',
            rf"        {_ID} : ↺ {_LABEL}",
            rf"        (\[\*\]|{_ID}) --> {_ID}( : {_LABEL})?",
            rf"        {_ID} --> \[\*\]",
            rf"    {_ID} --> {_ID} : ⇢ {_LABEL}",
            r"    classDef (final|closing|waiting) [a-z:#0-9, -]+",
            rf"    class {_ID}(,{_ID})* (final|closing|waiting)",
        )
    )
)

TINY_MERMAID = """\
stateDiagram-v2
    %% tiny: Tiny
    state "Claim (民初)" as claim {
        state "Filed" as filed
        state "Paused: party" as paused
        state "Decided" as decided
        state "Effective" as effective
        filed : ↺ Note
        [*] --> filed : File
        filed --> paused : Pause#59; wait [ok]
        paused --> filed : Resume
        filed --> decided : Decide [ok | other]
        decided --> effective : Take effect
        effective --> [*]
    }
    state "Review (民终)" as review {
        state "Reviewing" as reviewing
        state "Reviewed" as reviewed
        [*] --> reviewing : Open review
        reviewing --> reviewed : Close review
        reviewed --> [*]
    }
    claim --> review : ⇢ Open review
    classDef final fill:#e6e6e6,stroke:#333,stroke-width:2px
    classDef closing fill:#f3f3f3,stroke:#333
    classDef waiting stroke-dasharray:4 4
    class effective,reviewed final
    class decided closing
    class paused waiting
"""


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


class TestTiny:
    def test_exact_text(self, tiny: Lifecycle) -> None:
        """The tiny lifecycle renders to exactly the expected diagram."""
        assert to_mermaid(tiny) == TINY_MERMAID

    def test_chinese(self, tiny: Lifecycle) -> None:
        """lang='zh' uses the Chinese labels of kinds, states and transitions."""
        text = to_mermaid(tiny, lang="zh")
        assert 'state "起诉 (民初)" as claim {' in text
        assert 'state "中止" as paused' in text
        assert "filed --> decided : 判决 [ok | other]" in text
        assert "claim --> review : ⇢ 复核立案" in text
        assert "Filed" not in text

    def test_one_kind(self, tiny: Lifecycle) -> None:
        """Drawing one kind leaves out the other kind and the link to it."""
        text = to_mermaid(tiny, kinds=["review"])
        assert "as review {" in text
        assert "claim" not in text
        assert "⇢" not in text
        assert "class reviewed final" in text


class TestShipped:
    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_every_line_is_valid(self, shipped: Lifecycle, lang: Language) -> None:
        """Every line is a statement of the Mermaid state grammar with safe ids and labels."""
        text = to_mermaid(shipped, lang=lang)
        assert [line for line in _lines(text) if not LINE.fullmatch(line)] == []

    def test_braces_balance(self, shipped: Lifecycle) -> None:
        """Each composite is closed, and none is nested."""
        depth = 0
        for line in _lines(to_mermaid(shipped)):
            depth += line.endswith("{") - (line.strip() == "}")
            assert depth in (0, 1)
        assert depth == 0

    def test_every_state_declared_once_in_its_kind(self, shipped: Lifecycle) -> None:
        """Each state is declared once, inside the composite of its kind."""
        kind = None
        seen: dict[str, str] = {}
        for line in _lines(to_mermaid(shipped)):
            if m := re.fullmatch(r'    state ".*" as (\w+) \{', line):
                kind = m[1]
            elif m := re.fullmatch(r'        state ".*" as (\w+)', line):
                assert m[1] not in seen
                seen[m[1]] = kind or ""
        assert seen == {s.name: s.kind for s in shipped.states}

    def test_every_non_internal_transition_drawn(self, shipped: Lifecycle) -> None:
        """Each transition with a destination is an arrow, openings from [*]."""
        arrows = {
            (m[1], m[2], m[3])
            for m in re.finditer(r"^ +(\S+) --> (\w+) : (.*)$", to_mermaid(shipped), re.M)
        }
        for t in shipped.transitions:
            if t.dest is None:
                continue
            label = mermaid_text(t.label_en)
            sources = ["[*]"] if t.opening else sorted(t.source)
            for s in sources:
                assert any(a[:2] == (s, t.dest) and a[2].startswith(label) for a in arrows), (
                    t.trigger,
                    s,
                )

    def test_internal_transitions_inside_states(self, shipped: Lifecycle) -> None:
        """Internal transitions are listed in their state, never drawn as self-loops."""
        text = to_mermaid(shipped)
        for t in shipped.transitions:
            if t.dest is None:
                for s in t.source:
                    assert f"        {s} : ↺ {mermaid_text(t.label_en)}\n" in text
                    assert f"{s} --> {s} :" not in text

    def test_finals_end_and_are_styled(self, shipped: Lifecycle) -> None:
        """Each final state ends in [*] and carries the final class."""
        text = to_mermaid(shipped)
        (finals,) = re.findall(r"^    class (\S+) final$", text, re.M)
        final = {s.name for s in shipped.states if s.final}
        assert set(finals.split(",")) == final
        for name in final:
            assert f"        {name} --> [*]\n" in text

    def test_links_between_kinds(self, shipped: Lifecycle) -> None:
        """Cross-proceeding links join the composites; a resumed execution stays inside."""
        text = to_mermaid(shipped)
        assert re.search(r"^    first_instance --> second_instance : ⇢ .*File appeal", text, re.M)
        assert re.search(r"^    first_instance --> execution : ⇢ Apply for execution$", text, re.M)
        assert (
            "        resumption_applied --> execution_accepted : ⇢ Open resumed execution" in text
        )

    def test_kinds_filter(self, shipped: Lifecycle) -> None:
        """Only the named kinds' composites are drawn."""
        text = to_mermaid(shipped, kinds=["petition", "execution"])
        composites = re.findall(r'^    state ".*" as (\w+) \{$', text, re.M)
        assert composites == ["execution", "petition"]
        assert "first_instance" not in text

    def test_chinese_labels(self, shipped: Lifecycle) -> None:
        """lang='zh' draws Chinese kind, state and trigger labels."""
        text = to_mermaid(shipped, lang="zh")
        assert 'state "一审 (民初)" as first_instance {' in text
        assert 'state "收到起诉材料" as complaint_received' in text
        assert "[*] --> complaint_received : 接收起诉材料" in text


class TestEscaping:
    @pytest.mark.parametrize(
        ("raw", "escaped"),
        [
            ("a; b", "a#59; b"),
            ('say "x"', "say #quot;x#quot;"),
            ("#1", "#35;1"),
            ("{x}", "#123;x#125;"),
            ("<b> & c", "#lt;b#gt; #amp; c"),
            ("two\nlines", "two lines"),
            ("Trial: suspended", "Trial: suspended"),
        ],
    )
    def test_text(self, raw: str, escaped: str) -> None:
        """Characters the grammar or HTML would read become entity codes, in one pass."""
        assert mermaid_text(raw) == escaped
