"""
Fixtures for the diagram tests: the shipped lifecycles and a tiny hand-built one.
"""

from __future__ import annotations

import pytest

from disputeflow.lifecycle import (
    Guard,
    Lifecycle,
    Part,
    ProceedingKind,
    State,
    Transition,
    lifecycle,
)


@pytest.fixture(params=["prc-civil-2022", "prc-civil-2025"])
def shipped(request: pytest.FixtureRequest) -> Lifecycle:
    """
    Each shipped lifecycle.
    """
    return lifecycle(request.param)


def _passes(ctx: object) -> None:
    return None


TINY = Part(
    "tiny",
    kinds=(
        ProceedingKind("claim", "民初", "Claim", "起诉"),
        ProceedingKind("review", "民终", "Review", "复核"),
    ),
    states=(
        State("filed", "claim", "filing", "Filed", "已立案"),
        State("paused", "claim", "trial", "Paused: party", "中止", active=False),
        State("decided", "claim", "judgment", "Decided", "已判决", closing_kind="judgment"),
        State("effective", "claim", "judgment", "Effective", "生效", final=True,
              closing_kind="judgment"),
        State("reviewing", "review", "appeal", "Reviewing", "复核中"),
        State("reviewed", "review", "appeal", "Reviewed", "复核完毕", final=True,
              closing_kind="judgment"),
    ),
    transitions=(
        Transition("file", (), "filed", label_en="File", label_zh="立案"),
        Transition("pause", "filed", "paused", label_en="Pause; wait", label_zh="中止",
                   guards=("ok",)),
        Transition("resume", "paused", "filed", label_en="Resume", label_zh="恢复"),
        Transition("note", "filed", None, label_en="Note", label_zh="记录"),
        Transition("decide", "filed", "decided", label_en="Decide", label_zh="判决",
                   guards=("ok",)),
        Transition("decide", "filed", "decided", label_en="Decide", label_zh="判决",
                   guards=("other",)),
        Transition("take_effect", "decided", "effective", label_en="Take effect",
                   label_zh="生效", opens="open_review"),
        Transition("open_review", (), "reviewing", requires="effective", label_en="Open review",
                   label_zh="复核立案"),
        Transition("close_review", "reviewing", "reviewed", label_en="Close review",
                   label_zh="复核结案"),
    ),
    guards=(
        Guard("ok", _passes, "Always passes."),
        Guard("other", _passes, "Also passes | with a pipe."),
    ),
)  # fmt: skip


@pytest.fixture
def tiny() -> Lifecycle:
    """
    A two-kind lifecycle small enough to check diagrams line by line.
    """
    return Lifecycle.compose("tiny", [TINY], label_en="Tiny", label_zh="小")
