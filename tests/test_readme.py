"""
The README's tour runs as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_tour_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of the README executes; the tour ends with an effective judgment."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
    assert capsys.readouterr().out.strip().endswith("judgment_effective")


def test_quick_start_is_two_commands() -> None:
    """The quick start holds exactly two commands: install and simulate Baicheng; run the tests."""
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line for line in quick.splitlines() if line.strip()]
    assert len(lines) == 2
    assert "disputeflow simulate baicheng" in lines[0]
    assert "pytest" in lines[1]
