"""
Tests for disputeflow.diagrams.reference: the generated lifecycle reference page.
"""

from __future__ import annotations

import re

from disputeflow.diagrams import reference_markdown, to_mermaid
from disputeflow.diagrams.reference import overview_mermaid
from disputeflow.lifecycle import Lifecycle


def _row(page: str, first_cell: str) -> list[str]:
    """The cells of the first table row whose first cell is ``first_cell``."""
    for line in page.splitlines():
        if line.startswith(f"| {first_cell} |"):
            return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
    raise AssertionError(f"no row {first_cell!r}")


class TestShipped:
    def test_names_everything(self, shipped: Lifecycle) -> None:
        """Every state, trigger, clock, guard, parameter and category is on the page."""
        page = reference_markdown(shipped)
        names = [s.name for s in shipped.states] + list(shipped.triggers)
        names += [c.name for c in shipped.clocks] + [g.name for g in shipped.guards]
        names += list(shipped.parameters.ids) + [c.id for c in shipped.categories]
        missing = [n for n in names if f"`{n}`" not in page]
        assert missing == []

    def test_diagram_per_kind(self, shipped: Lifecycle) -> None:
        """Each kind with states has its own Mermaid diagram on the page."""
        page = reference_markdown(shipped)
        for kind in {s.kind for s in shipped.states}:
            assert f"```mermaid\n{to_mermaid(shipped, kinds=[kind])}```" in page
        assert f"```mermaid\n{overview_mermaid(shipped)}```" in page

    def test_header(self, shipped: Lifecycle) -> None:
        """Title, id and version come first."""
        page = reference_markdown(shipped)
        assert page.startswith(f"# Lifecycle reference: {shipped.label_en}\n")
        assert f"- Id: `{shipped.id}`\n- Version: {shipped.version}\n" in page

    def test_clock_default_and_verification(self, shipped: Lifecycle) -> None:
        """A clock row shows its period parameter's latest value and whether it is verified."""
        page = reference_markdown(shipped)
        trial = _row(page, "`trial_limit`")
        assert trial[3:7] == ["`period.trial.ordinary`", "6 months", "yes", ""]
        petition = _row(page, "`petition_entry`")
        assert petition[4:6] == ["5 working days", "no"]

    def test_transition_row(self, shipped: Lifecycle) -> None:
        """A transition row shows its guards with descriptions, clocks, data and actor."""
        page = reference_markdown(shipped)
        row = _row(
            page, "`issue_correction_notice`<br>Issue one-time correction notice / 一次性告知补正"
        )
        assert row[1:3] == ["`complaint_received`", "`awaiting_correction`"]
        assert row[3].startswith("`one_correction_notice`: Only one correction notice")
        assert row[4] == "stop `filing_decision`"
        assert row[5:7] == ["`missing`", "clerk"]

    def test_opening_row_names_parents(self, shipped: Lifecycle) -> None:
        """An opening row says which proceeding it opens and where the parent must be."""
        page = reference_markdown(shipped)
        row = _row(page, "`file_appeal`<br>File appeal / 上诉立案")
        assert row[1] == (
            "(opens a new `second_instance` proceeding)<br>"
            "parent in: `judgment_appealed`, `retrial_judgment_appealed`"
        )

    def test_kind_without_states(self, shipped: Lifecycle) -> None:
        """resumed_execution is explained as running through the execution states."""
        page = reference_markdown(shipped)
        assert (
            "opened by `open_resumed_execution` and runs through the states of `execution`" in page
        )

    def test_chinese_diagrams(self, shipped: Lifecycle) -> None:
        """lang='zh' draws the diagrams with Chinese labels."""
        page = reference_markdown(shipped, lang="zh")
        assert to_mermaid(shipped, kinds=["petition"], lang="zh") in page
        assert "5个工作日" in page


class TestTiny:
    def test_pipes_escaped(self, tiny: Lifecycle) -> None:
        """A '|' in a description is escaped so the table keeps its columns."""
        page = reference_markdown(tiny)
        assert "Also passes \\| with a pipe." in page
        row = _row(page, "`other`")
        assert len(row) == 5

    def test_internal_transition(self, tiny: Lifecycle) -> None:
        """An internal transition says the state does not change."""
        row = _row(reference_markdown(tiny), "`note`<br>Note / 记录")
        assert row[2] == "(internal: state unchanged)"

    def test_other_effects(self, tiny: Lifecycle) -> None:
        """'opens' shows among the other effects."""
        row = _row(reference_markdown(tiny), "`take_effect`<br>Take effect / 生效")
        assert row[7] == "opens `open_review`"
