"""
Tests for disputeflow.indicators.reference: the generated reference page is current and
describes each definition.
"""

from __future__ import annotations

from pathlib import Path

from disputeflow.indicators import BUILTIN, builtin
from disputeflow.indicators.reference import (
    describe,
    describe_measure,
    reference_markdown,
    reference_page,
)

PAGE = Path(__file__).resolve().parents[2] / "docs" / "indicators-reference.md"


def test_page_is_current() -> None:
    """
    docs/indicators-reference.md is exactly what the definitions produce now (regenerate with
    ``python -c "from disputeflow.indicators.reference import reference_page;
    open('docs/indicators-reference.md', 'w', encoding='utf-8').write(reference_page())"``).
    """
    assert PAGE.read_text(encoding="utf-8") == reference_page()


def test_every_builtin_has_an_entry() -> None:
    """
    One table row per built-in indicator, under its category.
    """
    page = reference_page()
    for ind in BUILTIN.values():
        assert f"| `{ind.id}` | {ind.name_en}<br>{ind.name_zh}" in page
    assert "## Quality" in page
    assert "## Efficiency" in page
    assert "## Effect" in page


def test_formulas_in_words() -> None:
    """
    Ratios, statistics, counts and per-capita rates read as their formulas.
    """
    assert describe(builtin("closure-rate")) == "(closed) / (accepted) x 100"
    assert describe(builtin("duration-median")) == "median of duration_days over closed"
    assert describe(builtin("cases-new")) == "new"
    assert describe(builtin("lawsuits-per-10000")) == ("new [first_instance] / population x 10,000")
    assert "x days in period" in describe(builtin("cepej-disposition-time"))
    assert describe_measure(builtin("ncsc-backlog").numerator) == (  # type: ignore[arg-type]
        "pending where active age over 365 days"
    )
    assert "any state tagged amended" in describe(builtin("first-instance-amended-rate"))


def test_unofficial_marked_and_empty_categories_skipped() -> None:
    """
    Unofficial definitions are marked; a category without indicators has no section.
    """
    page = reference_markdown([builtin("second-instance-amend-remand-ratio")])
    assert "*unofficial*" in page
    assert "## Efficiency" not in page
