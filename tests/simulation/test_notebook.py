"""
The story-3 notebook runs from top to bottom (small scale, few replications).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "what_if.ipynb"


def test_what_if_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    """
    Every cell runs without error and the tables of differences come out, with the run made
    small through the notebook's environment variables (shipped: 30 replications, full size).
    """
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("DISPUTEFLOW_NOTEBOOK_REPLICATIONS", "2")
    monkeypatch.setenv("DISPUTEFLOW_NOTEBOOK_SCALE", "0.02")
    monkeypatch.setenv("DISPUTEFLOW_NOTEBOOK_WORKERS", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "".join(c.source for c in nb.cells)
    assert '"DISPUTEFLOW_NOTEBOOK_REPLICATIONS", "30"' in source
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env=dict(os.environ))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(
        str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs
    )
    assert "2 replications at scale 0.02" in text
    assert "mediation_share" in text
    assert "taobei" in text
    # The indicator part: paired differences of the court's indicators, monthly set scores.
    assert "indicators x 13 periods, by court" in text
    assert "within-time-limit-closure-rate" in text
    assert re.search(r"[+-]\d+\.\d\d \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]", text), text
    assert re.search(r"scenario\s+baseline\s+variant", text), text
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 2, "the backlog plot and the monthly scores plot"
    assert any("image/png" in o.get("data", {}) for o in outputs)
