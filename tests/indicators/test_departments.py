"""
Tests for the ``department`` grouping: read from the ``department`` event data key
(:func:`disputeflow.indicators.build_tables`), filled from a judge -> department mapping
(:meth:`disputeflow.indicators.Tables.with_departments`, ``compute(departments=...)``), and
decomposed with :func:`disputeflow.indicators.decompose.decompose`.
"""

from __future__ import annotations

import math

import pytest

import disputeflow as d
from disputeflow.errors import InvalidValueError
from disputeflow.indicators import build_tables, compute, quarter
from disputeflow.indicators.decompose import decompose
from indicators.logs import LogBuilder, at

ORG_CHART = {"j1": "civil-1", "j2": "civil-1", "j3": "civil-2"}
Q1 = quarter(2025, 1)


def department_log() -> list[d.Event]:
    """
    Seven first-instance cases of one court in Q1 2025.

    A (j1, department civil-1 recorded, mediated), B (j1, nothing recorded, pending),
    C (j2, mediated), D (j3, mediated), E (j1 but civil-2 recorded, pending), F and G (j3,
    pending).
    """
    b = LogBuilder(d.prc_civil_2025())
    cases = {
        "A": ("j1", "civil-1", True),
        "B": ("j1", None, False),
        "C": ("j2", None, True),
        "D": ("j3", None, True),
        "E": ("j1", "civil-2", False),
        "F": ("j3", None, False),
        "G": ("j3", None, False),
    }
    for day, (name, (judge, dept, closes)) in enumerate(cases.items(), start=6):
        b.open(name, at(2025, 1, day))
        b.fire(name, "register", at(2025, 1, day, 10))
        data = {"judge": judge} | ({"department": dept} if dept else {})
        b.fire(name, "assign_summary", at(2025, 1, day + 1), **data)
        if closes:
            b.fire(name, "mediate", at(2025, 2, day))
    return b.log


@pytest.fixture(scope="module")
def log() -> list[d.Event]:
    return department_log()


def closure_by_department(frame: object) -> dict[str, tuple[float, float]]:
    rows = frame.loc[frame["indicator"] == "closure-rate"]  # type: ignore[attr-defined]
    return {r.department: (r.numerator, r.denominator) for r in rows.itertuples(index=False)}


class TestDepartmentColumn:
    def test_recorded_only(self, log: list[d.Event]) -> None:
        """
        Without a mapping only the recorded departments are known: A in civil-1 (1 of 1
        closed), E in civil-2 (0 of 1); B, C, D, F, G in the "" group (2 of 5 closed).
        """
        out = compute("closure-rate", log, periods=Q1, by=("department",),
                      lifecycles=d.prc_civil_2025())  # fmt: skip
        assert closure_by_department(out) == {
            "": (2.0, 5.0),
            "civil-1": (1.0, 1.0),
            "civil-2": (0.0, 1.0),
        }

    def test_mapping_fills_and_recorded_wins(self, log: list[d.Event]) -> None:
        """
        The org chart fills B and C (civil-1) and D, F, G (civil-2); E keeps its recorded
        civil-2 although j1 sits in civil-1. civil-1 closes 2 of 3 (A, C), civil-2 1 of 4 (D).
        The "" group stays, empty: the disputes table (no department) is always observed.
        """
        out = compute("closure-rate", log, periods=Q1, by=("department",),
                      lifecycles=d.prc_civil_2025(), departments=ORG_CHART)  # fmt: skip
        assert closure_by_department(out) == {
            "": (0.0, 0.0),
            "civil-1": (2.0, 3.0),
            "civil-2": (1.0, 4.0),
        }
        frame = build_tables(log, d.prc_civil_2025(), departments=ORG_CHART).frame()
        got = dict(zip(frame["dispute_id"], frame["department"].astype(str), strict=True))
        assert got == {"A": "civil-1", "B": "civil-1", "C": "civil-1", "D": "civil-2",
                       "E": "civil-2", "F": "civil-2", "G": "civil-2"}  # fmt: skip

    def test_mapping_on_tables_equals_mapping_at_build(self, log: list[d.Event]) -> None:
        """
        ``compute(tables, departments=...)`` gives what building with the mapping gives, and
        leaves the tables passed in unchanged.
        """
        tables = build_tables(log, d.prc_civil_2025())
        late = compute("closure-rate", tables, periods=Q1, by=("department",),
                       departments=ORG_CHART)  # fmt: skip
        early = compute("closure-rate", build_tables(log, d.prc_civil_2025(),
                        departments=ORG_CHART), periods=Q1, by=("department",))  # fmt: skip
        assert late.equals(early)
        assert tables.labels["department"] == ("", "civil-1", "civil-2")
        assert sorted(tables.frame()["department"].astype(str)) == [""] * 5 + ["civil-1", "civil-2"]

    def test_unknown_judge_stays_blank(self, log: list[d.Event]) -> None:
        """
        Judges missing from the mapping leave their proceedings in the "" department.
        """
        out = compute("closure-rate", log, periods=Q1, by=("department",),
                      lifecycles=d.prc_civil_2025(), departments={"j3": "civil-2"})  # fmt: skip
        assert closure_by_department(out) == {
            "": (1.0, 2.0),  # B, C
            "civil-1": (1.0, 1.0),  # A
            "civil-2": (1.0, 4.0),  # D, E, F, G
        }

    @pytest.mark.parametrize("bad", [{"j1": ""}, {"": "civil-1"}, {"j1": 3}])
    def test_bad_mapping(self, log: list[d.Event], bad: dict[str, object]) -> None:
        """
        A mapping entry that is not two non-empty strings is refused, naming it.
        """
        tables = build_tables(log, d.prc_civil_2025())
        with pytest.raises(InvalidValueError, match="departments"):
            tables.with_departments(bad)  # type: ignore[arg-type]

    def test_dispute_level_measures_fall_in_blank(self, log: list[d.Event]) -> None:
        """
        Disputes brought to court know no department: all seven are in the "" group.
        """
        out = compute("disputes-opened", log, periods=Q1, by=("department",),
                      lifecycles=d.prc_civil_2025(), departments=ORG_CHART)  # fmt: skip
        counts = dict(zip(out["department"], out["value"], strict=True))
        assert counts[""] == 7.0
        assert counts["civil-1"] == 0.0


class TestDecomposeByDepartment:
    def test_worked_gap(self, log: list[d.Event]) -> None:
        """
        Closure rate 3/7 = 42.857 % against a target of 50 %: civil-1 (2/3 = 66.667 %,
        3/7 of the denominator) contributes 3/7 x 16.667 = +7.143 points, civil-2
        (1/4 = 25 %, 4/7) contributes 4/7 x (-25) = -14.286; together the gap, -7.143. The
        empty "" department weighs nothing.
        """
        results = compute("closure-rate", log, periods=Q1, by=("court", "department"),
                          lifecycles=d.prc_civil_2025(), departments=ORG_CHART)  # fmt: skip
        out = decompose(results, "closure-rate", by=("department",), target=50.0)
        assert out["court"].tolist() == ["taobei"] * 3
        assert out["department"].tolist() == ["", "civil-1", "civil-2"]
        assert out["value"].tolist()[1:] == pytest.approx([200 / 3, 25.0])
        assert out["share"].tolist() == pytest.approx([0.0, 3 / 7, 4 / 7])
        assert out["contribution"].tolist() == pytest.approx([0.0, 50 / 7, -100 / 7])
        assert out["gap"].iloc[0] == pytest.approx(300 / 7 - 50)
        assert math.isclose(out["contribution"].sum(), out["gap"].iloc[0])
