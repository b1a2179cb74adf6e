"""
Tests for the sharing of equal values between open cases (disputeflow.events.fold) and the
engine's fast paths (disputeflow.engine): shared values are equal to fresh ones, so sharing
changes no behaviour, and values whose equality is not exact are never shared.
"""

from __future__ import annotations

from typing import Any

import pendulum

import disputeflow as d
from disputeflow.io import case_from_json, case_to_json
from support import at, loan

#: (proceeding, trigger, days after the complaint, data): the benchmark's walk.
PATH: tuple[tuple[str, str, int, dict[str, Any]], ...] = (
    ("p1", "register", 1, {}),
    ("p1", "assign_summary", 2, {}),
    ("p1", "render_judgment", 60, {}),
    ("p1", "take_effect", 95, {}),
    ("p1", "apply_for_execution", 110, {}),
    ("p2", "accept_execution", 111, {}),
    ("p2", "assign_handler", 112, {"handler": "H-3"}),
)


def walk(
    engine: d.Engine, dispute_id: str, start: pendulum.DateTime, handler: Any = "H-3"
) -> tuple[d.Case, list[d.Event]]:
    out = engine.open(dispute_id, loan(), "receive_complaint", at=start, actor="clerk")
    case, log = out.case, list(out.events)
    for k, (proceeding, trigger, days, data) in enumerate(PATH, start=1):
        if "handler" in data:
            data = {"handler": handler}
        when = start.add(days=days, seconds=k)
        out = engine.fire(case, proceeding, trigger, at=when, actor="clerk", data=data)
        case = out.case
        log += out.events
    return case, log


class TestSharing:
    def test_equal_paths_and_clocks_are_one_object(self) -> None:
        """Two cases walked alike share their paths, running clocks and recorded names."""
        engine = d.Engine(d.prc_civil_2025())
        a, _ = walk(engine, "D-1", at(2025, 3, 10))
        b, _ = walk(engine, "D-2", at(2025, 3, 10, 11))
        for p, q in zip(a.proceedings, b.proceedings, strict=True):
            assert p.fired is q.fired
            assert p.clocks is q.clocks
            assert all(r is s for r, s in zip(p.clocks, q.clocks, strict=True))
            assert p.attributes is q.attributes
        assert a.proceeding("p2").attribute("handler") == "H-3"

    def test_sharing_is_invisible(self) -> None:
        """A case built from shared values equals its replay and its JSON round trip."""
        engine = d.Engine(d.prc_civil_2025())
        walk(engine, "D-1", at(2025, 3, 10))
        case, log = walk(engine, "D-2", at(2025, 3, 10, 11))
        assert engine.replay(log) == case
        assert case_from_json(case_to_json(case)) == case

    def test_values_of_inexact_equality_keep_their_type(self) -> None:
        """1 == True, but a handler recorded as 1 stays an int beside one recorded as True."""
        engine = d.Engine(d.prc_civil_2025())
        one, _ = walk(engine, "D-1", at(2025, 3, 10), handler=1)
        true, _ = walk(engine, "D-2", at(2025, 3, 10, 11), handler=True)
        assert type(one.proceeding("p2").attribute("handler")) is int
        assert true.proceeding("p2").attribute("handler") is True


class TestLocalDates:
    def test_act_in_another_zone_takes_the_court_date(self) -> None:
        """An act timed in UTC late on 9 March is on 10 March at a Beijing-time court."""
        engine = d.Engine(d.prc_civil_2025())
        late = pendulum.datetime(2025, 3, 9, 17, 30, tz="UTC")
        out = engine.open("D-1", loan(), "receive_complaint", at=late, actor="clerk")
        assert out.events[-1].on == pendulum.date(2025, 3, 10)
        assert out.events[-1].at == late
        assert out.events[-1].at.tzinfo is late.tzinfo
