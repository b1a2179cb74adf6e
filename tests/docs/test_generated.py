"""
Tests for docs/generate.py: the generated pages in docs/ match the definitions now.

A failure here means a lifecycle definition changed without the docs: run
``python docs/generate.py`` and commit the result.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from disputeflow.lifecycle.prc import LIFECYCLES

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("docs_generate", module)
    spec.loader.exec_module(module)
    return module


generate = _load()
PAGES: dict[Path, str] = generate.pages()


@pytest.mark.parametrize("path", sorted(PAGES), ids=lambda p: p.name)
def test_page_is_current(path: Path) -> None:
    """The file in docs/ is exactly what the generator produces from the definitions now."""
    assert path.exists(), f"{path.name} is missing: run python docs/generate.py"
    current = path.read_text(encoding="utf-8")
    assert current == PAGES[path], f"{path.name} is out of date: run python docs/generate.py"


def test_every_shipped_lifecycle_has_a_reference_page() -> None:
    """Each shipped lifecycle has a generated reference page."""
    names = {p.name for p in PAGES}
    assert {f"lifecycle-reference-{id}.md" for id in LIFECYCLES} <= names


def test_lifecycle_page_embeds_the_first_instance() -> None:
    """docs/lifecycle.md keeps a generated diagram of the 2025 first instance."""
    page = PAGES[ROOT / "docs" / "lifecycle.md"]
    assert "<!-- generated: mermaid prc-civil-2025 first_instance -->\n```mermaid\n" in page
    assert 'state "First instance (民初)" as first_instance {' in page


def test_fill_replaces_a_stale_block() -> None:
    """A block's old body is replaced by the current diagram; text around it is kept."""
    text = (
        "before\n<!-- generated: mermaid prc-civil-2025 petition zh -->\n"
        "old\n<!-- end generated -->\nafter\n"
    )
    filled = generate.fill(text)
    assert filled.startswith("before\n<!-- generated: mermaid prc-civil-2025 petition zh -->\n")
    assert filled.endswith("<!-- end generated -->\nafter\n")
    assert "old" not in filled
    assert "收到信访" in filled


def test_bad_spec_refused() -> None:
    """A block spec the generator does not understand is an error, not silently kept."""
    with pytest.raises(ValueError, match="not understood"):
        generate.block("table prc-civil-2025")
    with pytest.raises(ValueError, match="language"):
        generate.block("overview prc-civil-2025 fr")


def test_check_reports_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--check lists a stale page and exits 1 without writing; a run then rewrites it."""
    monkeypatch.setattr(generate, "DOCS", tmp_path / "docs")
    (tmp_path / "docs").mkdir()
    assert generate.main(["--check"]) == 1
    assert list((tmp_path / "docs").iterdir()) == []
    assert generate.main([]) == 0
    assert generate.main(["--check"]) == 0
    # One page per lifecycle, plus the policy and indicator references.
    assert len(list((tmp_path / "docs").iterdir())) == len(LIFECYCLES) + 2


def test_lifecycle_page_explains_every_closing_kind_tag_and_stage() -> None:
    """The hand-written tables in docs/lifecycle.md cover what the shipped lifecycles use."""
    page = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    used: set[str] = set()
    for factory in LIFECYCLES.values():
        lc = factory()
        used |= {s.closing_kind for s in lc.states if s.closing_kind}
        used |= {tag for s in lc.states for tag in s.tags}
        used |= {s.stage for s in lc.states}
    assert sorted(name for name in used if f"`{name}`" not in page) == []
