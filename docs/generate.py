"""
Regenerate the documentation generated from the lifecycle definitions.

    python docs/generate.py          # rewrite every generated page that is out of date
    python docs/generate.py --check  # list the out-of-date pages and exit 1, writing nothing

What is generated:

- ``docs/lifecycle-reference-<id>.md`` for every shipped lifecycle
  (:func:`disputeflow.diagrams.reference_markdown`);
- in the hand-written pages, the text between ``<!-- generated: SPEC -->`` and
  ``<!-- end generated -->``, where SPEC is ``mermaid LIFECYCLE [KIND,KIND...] [LANG]`` (a
  diagram of those kinds, ``all`` for every kind) or ``overview LIFECYCLE [LANG]`` (the
  proceeding kinds and the openings that link them).

``tests/docs/test_generated.py`` fails when a page differs from what this script produces now.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from disputeflow.diagrams import reference_markdown, to_mermaid
from disputeflow.diagrams.extract import Language
from disputeflow.diagrams.reference import overview_mermaid
from disputeflow.lifecycle.prc import LIFECYCLES, lifecycle

DOCS = Path(__file__).resolve().parent

BLOCK = re.compile(
    r"(?P<open><!-- generated: (?P<spec>[^>]*?) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- end generated -->)",
    re.DOTALL,
)


def _lang(value: str) -> Language:
    if value not in ("en", "zh"):
        raise ValueError(f"language must be 'en' or 'zh', got {value!r}")
    return "zh" if value == "zh" else "en"


def block(spec: str) -> str:
    """
    The generated text for one block spec, a fenced Mermaid diagram ending with a newline.

    Raises:
        ValueError: the spec is malformed.
        UnknownNameError: it names an unknown lifecycle or kind.
    """
    parts = spec.split()
    if len(parts) < 2:
        raise ValueError(f"generated block spec {spec!r}: expected 'mermaid|overview LIFECYCLE'")
    what, lc = parts[0], lifecycle(parts[1])
    if what == "mermaid" and len(parts) <= 4:
        kinds = None if len(parts) < 3 or parts[2] == "all" else parts[2].split(",")
        lang = _lang(parts[3]) if len(parts) == 4 else "en"
        text = to_mermaid(lc, kinds=kinds, lang=lang)
    elif what == "overview" and len(parts) <= 3:
        lang = _lang(parts[2]) if len(parts) == 3 else "en"
        text = overview_mermaid(lc, lang)
    else:
        raise ValueError(f"generated block spec {spec!r} is not understood")
    return f"```mermaid\n{text}```\n"


def fill(text: str) -> str:
    """
    ``text`` with every generated block replaced by what the definitions produce now.
    """
    return BLOCK.sub(lambda m: m["open"] + block(m["spec"]) + m["close"], text)


def reference_pages() -> dict[Path, str]:
    """
    Every generated reference page (lifecycles, built-in policies, indicators) and its content.
    """
    from disputeflow.indicators.reference import reference_page
    from disputeflow.policies.builtin.reference import reference_markdown as policies_reference

    pages = {
        DOCS / f"lifecycle-reference-{id}.md": reference_markdown(factory())
        for id, factory in LIFECYCLES.items()
    }
    pages[DOCS / "policies-reference.md"] = policies_reference()
    pages[DOCS / "indicators-reference.md"] = reference_page()
    return pages


def pages() -> dict[Path, str]:
    """
    Every generated page (whole reference pages and hand-written pages with generated blocks)
    and the content it should have now.
    """
    out = reference_pages()
    for path in sorted(DOCS.glob("*.md")):
        if path not in out:
            text = path.read_text(encoding="utf-8")
            if BLOCK.search(text):
                out[path] = fill(text)
    return out


def stale() -> list[Path]:
    """
    The generated pages whose file is missing or differs from what the generator produces.
    """
    return [
        path
        for path, text in pages().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    """
    Command-line entry: regenerate, or check with ``--check``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="report stale pages, write none")
    args = parser.parse_args(argv)
    out_of_date = stale()
    if args.check:
        for path in out_of_date:
            print(f"out of date: {path.relative_to(DOCS.parent)}")
        return 1 if out_of_date else 0
    for path, text in pages().items():
        if path in out_of_date:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
