"""
Tests of the built-in registry (``BUILTIN_POLICIES``, ``make_policy``) and of the generated
reference page ``docs/policies-reference.md``.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.policies.builtin import BUILTIN_CLASSES, BUILTIN_POLICIES, make_policy
from disputeflow.policies.builtin.reference import reference_markdown
from disputeflow.policies.protocols import POINTS, Policy

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies-reference.md"

EXPECTED = {
    "prc.front-end": "front_end",
    "prc.mediator-load": "mediator",
    "prc.mediation-extension": "mediation_extension",
    "prc.filing": "filing",
    "prc.labour-arbitration": "filing",
    "prc.duplicate-suit": "filing",
    "prc.vexatious-filer": "filing",
    "prc.track-triage": "track",
    "prc.petition-router": "petition",
    "prc.outcome-table": "outcome",
}


def test_registry_names_and_points() -> None:
    """Every registered name builds a Policy with that id, version and point."""
    assert dict.fromkeys(BUILTIN_POLICIES) == dict.fromkeys(EXPECTED)
    for name, factory in BUILTIN_POLICIES.items():
        policy = factory()
        assert isinstance(policy, Policy)
        assert (policy.id, policy.version, policy.point) == (name, "1", EXPECTED[name])
        assert policy.point in POINTS
        assert attrs.has(type(policy))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            policy.id = "x"  # type: ignore[misc]


def test_metadata_is_complete() -> None:
    """Each class documents its summary in both languages and at least one rule."""
    for name, cls in BUILTIN_CLASSES.items():
        assert name == cls.NAME
        assert cls.SUMMARY
        assert cls.SUMMARY_ZH
        assert cls.RULES
        assert len({r.id for r in cls.RULES}) == len(cls.RULES)


def test_make_policy_passes_parameters() -> None:
    """make_policy builds with TOML-like values (lists, numbers as strings)."""
    policy = make_policy("prc.vexatious-filer", filers=["A", "B"], action="refuse")
    assert policy.filers == frozenset({"A", "B"})  # type: ignore[attr-defined]
    assert make_policy("prc.filing", id="court.filing").id == "court.filing"


def test_make_policy_errors() -> None:
    """An unknown name or parameter is a typed error naming it and what is valid."""
    with pytest.raises(UnknownNameError, match=r"prc\.filing"):
        make_policy("prc.filling")
    with pytest.raises(InvalidValueError, match=r"prc\.filing\.colour"):
        make_policy("prc.filing", colour="red")
    with pytest.raises(InvalidValueError, match=r"prc\.filing\.version"):
        make_policy("prc.filing", version="")


def test_registry_is_read_only() -> None:
    """The registry cannot be changed by accident."""
    with pytest.raises(TypeError):
        BUILTIN_POLICIES["x"] = make_policy  # type: ignore[index]


def test_reference_page_is_up_to_date() -> None:
    """docs/policies-reference.md equals the page generated from the classes."""
    assert DOCS.read_text(encoding="utf-8") == reference_markdown(), (
        "regenerate: python -m disputeflow.policies.builtin.reference docs/policies-reference.md"
    )


def test_reference_page_covers_every_policy_rule_and_parameter() -> None:
    """Each policy has a section with every rule id and every parameter with its default."""
    page = reference_markdown()
    for name, cls in BUILTIN_CLASSES.items():
        section = page.split(f"## `{name}`")[1].split("\n## ")[0]
        for rule in cls.RULES:
            assert f"`{rule.id}`" in section
        for field in attrs.fields(cls):
            row = next(r for r in section.splitlines() if r.startswith(f"| `{field.name}` |"))
            assert not row.endswith("|  |"), f"{name}.{field.name} has no meaning documented"
    assert "| `share` | `0.5` |" in page


def test_reference_page_describes_rule_sets() -> None:
    """The page lists both rule sets, their dates, chains and the transitional provision."""
    page = reference_markdown()
    assert "### `prc-2024`" in page
    assert "### `prc-2025`" in page
    assert "acts from 2025-01-01 to (open)" in page
    assert "`open-pre-filing-mediation`" in page
    assert "EXAMPLE value" in page
