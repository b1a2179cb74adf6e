"""
Every example script in ``examples/`` runs to completion and prints what it promises.

Scripts whose names start with ``_`` are scratch files and are skipped. An example not listed
in :data:`EXPECTED` only has to exit with code 0.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXTENDING = ROOT / "docs" / "extending.md"
TIMEOUT_S = 120

#: Substrings each example must print, by file name.
EXPECTED: dict[str, tuple[str, ...]] = {
    "custom_policy.py": (
        "registered under disputeflow.policies: baicheng.grid-mediation-first, "
        "baicheng.labour-arbitration-first",
        "rule set prc-2025: 2025-01-01 to 2025-12-31",
        "rule set baicheng-2026: 2026-01-01 to open",
        "front_end chain of baicheng-2026: baicheng.grid-mediation-first > prc.front-end",
        "19 recorded decisions of 7 disputes re-decided under baicheng-2026 as of 2026-01-01: "
        "17 same, 2 differs",
        "2025-001 #5 2025-03-03 front_end: divert (prc.front-end/prior-mediation) -> divert "
        "(baicheng.grid-mediation-first/small-property-service); venue property-committee -> "
        "grid-taobei-xinhua",
        "按 baicheng-2026 as of 2026-01-01 重新决定 7 件纠纷的 19 项已记录决定：相同 17，不同 2",
        "决定：front_end → divert（offer_prior_mediation），由政策 baicheng.grid-mediation-first "
        "v1 规则 small-property-service 作出",
        "理由：物业服务纠纷标的额 6000 元，低于 10000 元；当事人同意；由 taobei 辖区网格调解站 "
        "新华街道网格调解站 先行调解",
    ),
    "bench_b.py": (
        "BENCH-B scale 0.05 seed 1: 4,988 arrivals, 4,165 closed",
        "refused: case D-x proceeding p1 in state 'awaiting_trial'",
    ),
    "rule_sets.py": (
        "rule set prc-2024: 2022-01-01 to 2024-12-31 on prc-civil-2022",
        "rule set prc-2025: 2025-01-01 to open on prc-civil-2025",
        "[2024] 2024-05-06 p1 front_end: divert -> divert_to_pre_filing_mediation | "
        "prc.front-end/pre-filing-mediation -> diverted_to_mediation | rule set prc-2024",
        "[2024] 2024-05-07 p2 mediator: assign -> assign_mediator | prc.mediator-load/assign "
        "-> mediating | rule set prc-2024",
        "[2024] 2024-06-03 p2 fail_mediation by hand (opens p3) -> mediation_failed | "
        "rule set prc-2024",
        "[2025] 2025-03-03 p1 filing: register -> register | prc.filing/conforming -> registered "
        "| rule set prc-2025",
        "[2025] 2025-03-05 p1 front_end: divert -> offer_prior_mediation | "
        "prc.front-end/prior-mediation -> small_claims_prior_mediation | rule set prc-2025",
        "[2025] 2025-03-17 p1 pay_fee by hand -> small_claims_trial | rule set prc-2025",
        "acts on p2 on 2025-01-06 are governed by prc-2024 (pinned by open-pre-filing-mediation)",
        "[span] 2025-01-06 p2 mediation_extension: extend -> extend_mediation | "
        "prc.mediation-extension/extend-by-consent -> mediating | rule set prc-2024",
        "acts on p3 on 2025-02-12 are governed by prc-2025 (in force)",
        "[span] 2025-02-12 p3 track: small_claims -> assign_small_claims | "
        "prc.track-triage/small-claims-mandatory -> small_claims_trial | rule set prc-2025",
        "决定：mediation_extension → extend（extend_mediation），由政策 prc.mediation-extension v1 "
        "规则 extend-by-consent 作出",
        "[migr] lifecycle_migrated: prc-civil-2022 -> prc-civil-2025, states {'p1': 'registered'} "
        "| rule set prc-2025",
        "replay across the migration: 6 events, lifecycle prc-civil-2025, p1 "
        "small_claims_prior_mediation, equal to the live case: True",
        "[span] JSON round trip: 9 events, 5 decisions, explained without policies: True",
    ),
    "simulation.py": (
        "scenario baicheng-2024: 6 courts, population 1,551,378, rule set prc-2024, scale 0.05",
        "variant minus baseline, 3 paired replications (95% interval):",
        "mediation_share",
        "backlog difference at year end, per replication:",
    ),
    "indicators.py": (
        "31 events -> 7 proceedings",
        "closure-rate                         100.00   33.33",
        "Henan basic court Jan-Feb 2022: closure rate 37.52%",
        "Italy 2013: clearance rate 104.12%, disposition time 412 days",
    ),
    "indicator_sets.py": (
        "local-platform@2.0 (6 indicators, example=True): June ranking",
        "local-platform@3.0 (8 indicators, example=True): June ranking",
        # daan: judges 8/16 and 0/18 against 60 %: 16/34 x (50 - 60) + 18/34 x (0 - 60)
        "daan: rate 23.5 %, gap -36.5 = sum of contributions -36.5",
        "daan-judge-2       0/18  rate   0.0 %  share 0.53  contribution  -31.8",
        "taonan  property_service   26 disputes, 65% of the region's, LQ 1.50",
        "HTML report: ",
    ),
    "case_management.py": (
        "opened p1 First instance (2025)吉0802民初1号",
        "expected sequence number 4, but the case is at 5",
        "allowed now: assign_small_claims, assign_summary, assign_ordinary",
        "不能执行“判决”",
        "clock Trial time limit: due 2025-05-12",
        "saved and reloaded exactly",
        "#6 2025-03-11T09:00:00+08:00 judge:zhou",
    ),
    "us_civil_court.py": (
        "us-state-civil-model:",
        # Docket numbers from the example's own CaseNumbering, seeded at 123 and 45.
        "opened p1 Civil action 2025-CV-000123",
        "opened p2 Appeal 2026-AP-000045",
        "opened p3 Enforcement of judgment 2026-EJ-000001",
        # Fed. R. Civ. P. 4(m): 90 days from 2025-03-03 end on Sunday 2025-06-01.
        "Time to serve the defendant: due 2025-06-02, 91 days left (rolled over from 2025-06-01)",
        # 21 days to answer end on Memorial Day 2025-05-26.
        "Answer due: due 2025-05-27, 22 days left (rolled over from 2025-05-26)",
        # The writ's return day is in 2027, a year the example's calendar does not know.
        "provisional: calendar 'us-federal' lacks 2027",
        "refused: before_answer: the defendant has served answer_filed",
        "- move_for_new_trial  (new_trial_time_open: the 28 days to move for a new trial have",
        "Return to the docket (no settlement) (system)",
        "Enter default (no answer) (system)",
        "p1 Receive mandate (clerk): On appeal → Judgment final",
        "satisfied                accepted 2026-10-26 closed 2027-02-01 (satisfied)",
        "default_judgment         accepted 2025-04-01 closed 2025-05-06 (default_judgment)",
        "replay equals live case: True",
        "lifecycle 'broken' is invalid (1 problems):",
        "  - state 'referred_to_arbitration' is unreachable",
        "unknown name: state 'complaint_recieved'",
        "states added: online_complaint_received, online_pretrial_conference; "
        "removed: complaint_received, referred_to_arbitration",
        "filing decision: 3 days (prc-civil-2025: 7 days)",
        "Online pre-trial conference → Ordinary trial",
        "judgment_effective",
    ),
}

#: Substrings an example must never print, by file name.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "us_civil_court.py": ("replay equals live case: False",),
}


def _examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


@functools.cache
def _run(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        cwd=EXAMPLES.parent,
        env=env,
        check=False,
    )


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestExamples:
    def test_listed_examples_exist(self) -> None:
        """
        Every example with expected output is present, so a rename cannot skip its checks.
        """
        present = {p.name for p in _examples()}
        assert set(EXPECTED) <= present

    @pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
    def test_example_runs(self, path: Path) -> None:
        """
        The example exits with code 0 and prints the expected substrings (and none of the
        forbidden ones).
        """
        result = _run(path)
        assert result.returncode == 0, result.stderr[-5000:]
        missing = [s for s in EXPECTED.get(path.name, ()) if s not in result.stdout]
        assert not missing, f"missing from {path.name} output: {missing}"
        present = [s for s in FORBIDDEN.get(path.name, ()) if s in result.stdout]
        assert not present, f"{path.name} printed {present}"


class TestUsCivilCourt:
    def test_holiday_table_matches_the_holidays_package(self) -> None:
        """
        The hard-coded US federal holidays equal the observed holidays of the ``holidays``
        package for the same years (checked where that package is installed).
        """
        holidays = pytest.importorskip("holidays")
        example = _load("us_civil_court")
        for year, days in example.US_FEDERAL_HOLIDAYS.items():
            expected = {d.isoformat() for d in holidays.US(years=year, observed=True)}
            assert {d.isoformat() for d in days} == expected, year

    def test_docket_numbering_counts_per_court_type_and_year(self) -> None:
        """
        Serials count separately per (year, court, type code) and are zero-padded.
        """
        import pendulum

        from disputeflow import Court
        from disputeflow.engine import CaseNumbering
        from disputeflow.lifecycle import ProceedingKind

        example = _load("us_civil_court")
        numbering = example.DocketNumbering({(2025, "A", "CV"): 7})
        assert isinstance(numbering, CaseNumbering)
        cv = ProceedingKind("civil_action", "CV", "Civil action", "Civil action")
        ap = ProceedingKind("appeal", "AP", "Appeal", "Appeal")
        a, b = Court("a", "A", code="A"), Court("b", "B", code="B")
        on = pendulum.Date(2025, 5, 1)
        got = [
            numbering.assign(a, cv, on),
            numbering.assign(a, cv, on),
            numbering.assign(a, ap, on),
            numbering.assign(b, cv, on),
            numbering.assign(a, cv, pendulum.Date(2026, 1, 2)),
        ]
        assert got == [
            "2025-CV-000007",
            "2025-CV-000008",
            "2025-AP-000001",
            "2025-CV-000001",
            "2026-CV-000001",
        ]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


class TestExtendingDocs:
    """
    The walkthrough in docs/extending.md shows code copied from the US example and output
    copied from its run; both must stay exact.
    """

    def test_python_blocks_are_copies_of_the_example(self) -> None:
        """
        Every ``python`` block of the page appears verbatim in the example's source.
        """
        blocks = _blocks(EXTENDING.read_text(encoding="utf-8"), "python")
        assert len(blocks) >= 4
        source = (EXAMPLES / "us_civil_court.py").read_text(encoding="utf-8")
        stale = [b.splitlines()[0] for b in blocks if b not in source]
        assert not stale, f"not in examples/us_civil_court.py: {stale}"

    def test_text_blocks_are_copied_from_the_run(self) -> None:
        """
        Every line of the page's ``text`` blocks is a line the example prints.
        """
        blocks = _blocks(EXTENDING.read_text(encoding="utf-8"), "text")
        assert len(blocks) >= 4
        printed = set(_run(EXAMPLES / "us_civil_court.py").stdout.splitlines())
        stale = [line for b in blocks for line in b.splitlines() if line not in printed]
        assert not stale, f"not printed by examples/us_civil_court.py: {stale}"
