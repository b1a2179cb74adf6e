"""
Shared Hypothesis strategies.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

import disputeflow
from disputeflow import (
    Action,
    Case,
    Court,
    Engine,
    Event,
    Facts,
    Lifecycle,
    Outcome,
    Party,
    prc_civil_2022,
    prc_civil_2025,
)
from disputeflow.errors import TriggerNotAllowedError
from disputeflow.time import Period, PeriodUnit

__all__ = [
    "COURTS",
    "Attempt",
    "DisputeRun",
    "assert_identical",
    "aware_datetimes",
    "dates",
    "dispute_runs",
    "fact_changes",
    "facts_for",
    "needs_of",
    "parties",
    "payloads",
    "periods",
    "time_steps",
    "zone_names",
]

ZONES = (
    "Asia/Shanghai",
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Pacific/Honolulu",
)


def dates(
    min_value: dt.date = dt.date(2004, 1, 1), max_value: dt.date = dt.date(2030, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """
    pendulum Dates in a range (default 2004-2030: the PRC calendar's tables and a few years past).
    """
    return st.dates(min_value=min_value, max_value=max_value).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


def periods(
    units: tuple[PeriodUnit, ...] = ("days", "months", "years", "working_days"),
) -> st.SearchStrategy[Period]:
    """
    Periods of realistic lengths in the given units.
    """
    limits = {"days": 400, "months": 36, "years": 5, "working_days": 60, "hours": 240}

    def of_unit(unit: PeriodUnit) -> st.SearchStrategy[Period]:
        return st.integers(0, limits[unit]).map(lambda n: Period(n, unit))

    return st.sampled_from(units).flatmap(of_unit)


def zone_names() -> st.SearchStrategy[str]:
    """
    IANA zone names with various offsets, including half-hour and date-line ones.
    """
    return st.sampled_from(ZONES)


def aware_datetimes() -> st.SearchStrategy[pendulum.DateTime]:
    """
    Aware pendulum DateTimes in assorted zones.
    """
    naive = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2035, 12, 31))
    return st.builds(
        lambda d, tz: pendulum.instance(d, tz=tz),
        naive,
        zone_names(),
    )


# -- exact equality ------------------------------------------------------------------------


def _zone(value: dt.datetime) -> object:
    tz = value.tzinfo
    return ("zone", tz.key) if isinstance(tz, zoneinfo.ZoneInfo) else ("offset", value.utcoffset())


def assert_identical(a: object, b: object, path: str = "") -> None:
    """
    Assert ``a == b`` and more: the same types throughout, datetimes in the same zone (or
    with the same fixed offset) and wall time, Decimals with the same digits (``1.50`` is not
    ``1.5``), tuples not lists. The message names the first path where they differ.
    """
    where = path or "(top)"
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if attrs.has(type(a)):
        for f in attrs.fields(type(a)):
            assert_identical(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, dt.datetime):
        assert isinstance(b, dt.datetime)
        # Same instant, same zone, same wall time and offset. ``fold`` itself is not compared:
        # pendulum sets fold=1 on times that are not ambiguous, where it means nothing.
        assert (a, _zone(a), a.isoformat()) == (b, _zone(b), b.isoformat()), (
            f"{where}: {a!r} != {b!r}"
        )
    elif isinstance(a, Decimal):
        assert str(a) == str(b), f"{where}: {a!r} != {b!r}"
    elif isinstance(a, Mapping):
        assert isinstance(b, Mapping)
        assert list(a) == list(b), f"{where}: keys {list(a)} != {list(b)}"
        for key in a:
            assert_identical(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        assert len(a) == len(b), f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_identical(x, y, f"{path}[{i}]")
    assert a == b, f"{where}: {a!r} != {b!r}"


# -- disputes driven through the real engine ------------------------------------------------

# Strategies below drive random but valid trigger sequences through disputeflow.Engine; the
# property tests in tests/test_properties.py check what the engine recorded.

COURTS = (
    Court("baicheng-intermediate", "Baicheng Intermediate People's Court", "白城市中级人民法院",
          "吉08"),
    Court("taobei", "Taobei District People's Court", "洮北区人民法院", "吉0802",
          parent="baicheng-intermediate", region="taobei"),
    # A court keeping another zone's dates: acts near midnight fall on other local days.
    Court("tianshan", "Tianshan District People's Court", "天山区人民法院", "新0102",
          tz="Asia/Urumqi", region="tianshan"),
)  # fmt: skip

#: Years each shipped lifecycle is meant for (its acts' dates), and the first day to open on.
LIFECYCLE_START = {
    "prc-civil-2022": (dt.date(2022, 1, 1), dt.date(2024, 9, 30)),
    "prc-civil-2025": (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
}

FACT_FLAGS = (
    "foreign_related",
    "counterclaim",
    "appraisal_needed",
    "whereabouts_unknown",
    "personal_status",
    "property_right",
    "arbitral_award",
)

#: Guards of the shipped lifecycles that read the act's data (Guard.data), and the key each
#: reads. allowed() lists their actions as allowed on condition of that data.
DATA_GUARDS = {
    g.name: g.data[0]
    for lc in (disputeflow.prc_civil_2022(), disputeflow.prc_civil_2025())
    for g in lc.guards
    if g.data
}

_WORDS = st.sampled_from(("J. Liu", "M-7", "court_roster", "王丽", "院长", "H-3", "email", "x"))
_TEXT = st.one_of(_WORDS, st.text(min_size=1, max_size=8))
_AMOUNTS = st.one_of(
    st.integers(0, 10_000_000),
    st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False),
)
_NEED_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "consent": st.sampled_from((True, True, True, False)),
    "procedure": st.sampled_from(("first_instance", "second_instance")),
    "amount": _AMOUNTS,
    "missing": st.one_of(st.lists(_WORDS, min_size=1, max_size=3), _TEXT),
    "remedies_exhausted": st.booleans(),
}


def parties() -> st.SearchStrategy[tuple[Party, ...]]:
    """
    A plaintiff and a defendant, sometimes more, some without PRC domicile.
    """
    domicile = st.sampled_from((True, True, True, False))
    party = st.builds(
        Party,
        name=_TEXT,
        role=st.sampled_from(("plaintiff", "defendant", "third_party", "applicant")),
        kind=st.sampled_from(("person", "organisation", "government")),
        domicile_in_prc=domicile,
    )
    first = st.builds(Party, name=_TEXT, role=st.just("plaintiff"), domicile_in_prc=domicile)
    second = st.builds(Party, name=_TEXT, role=st.just("defendant"), domicile_in_prc=domicile)
    return st.tuples(first, second, st.lists(party, max_size=2)).map(lambda t: (t[0], t[1], *t[2]))


def facts_for(lifecycle: Lifecycle) -> st.SearchStrategy[Facts]:
    """
    Facts of a dispute under ``lifecycle``: any of its categories, a claim amount or none,
    parties, and now and then foreign_related, counterclaim and the like.
    """
    return st.builds(
        Facts,
        category=st.sampled_from([c.id for c in lifecycle.categories]),
        court=st.sampled_from(("taobei", "taobei", "baicheng-intermediate", "tianshan")),
        region=st.just("taobei"),
        claim_amount=st.one_of(st.none(), _AMOUNTS),
        parties=parties(),
        attributes=st.dictionaries(st.sampled_from(FACT_FLAGS), st.booleans(), max_size=3),
    )


def payloads(needs: Iterable[str]) -> st.SearchStrategy[dict[str, Any]]:
    """
    Data satisfying ``needs`` (consent True or False, procedure, amounts, strings), sometimes
    with a date or a tuple beside it so logs carry tagged values.
    """
    required = {k: _NEED_VALUES.get(k, _TEXT) for k in needs}
    optional = {
        "served_on": dates(dt.date(2022, 1, 1), dt.date(2026, 12, 31)),
        "note": st.tuples(_WORDS, st.integers(0, 9)),
    }
    return st.fixed_dictionaries(required, optional=optional)  # type: ignore[arg-type]


def needs_of(lifecycle: Lifecycle, state: str, trigger: str, opening: bool) -> tuple[str, ...]:
    """
    Every data key a transition fired by ``trigger`` from ``state`` needs or its guards read
    (the first transition that passes its guards wins, so supply them all); for an opening,
    the opening's.
    """
    if opening:
        specs = [lifecycle.opening(trigger)]
    else:
        specs = list(lifecycle.transitions_from(state, trigger))
    keys: dict[str, None] = {}
    for spec in specs:
        chained = [lifecycle.opening(spec.opens)] if spec.opens is not None else []
        for t in (spec, *chained):
            keys.update(dict.fromkeys(t.needs))
            keys.update(dict.fromkeys(DATA_GUARDS[g] for g in t.guards if g in DATA_GUARDS))
    return tuple(keys)


def fact_changes() -> st.SearchStrategy[dict[str, Any]]:
    """
    Changes for ``engine.amend_facts``: attributes, the claim amount, the parties or the region.
    """
    return st.one_of(
        st.fixed_dictionaries(
            {"attributes": st.dictionaries(st.sampled_from(FACT_FLAGS), st.booleans(), max_size=3)}
        ),
        st.fixed_dictionaries({"claim_amount": _AMOUNTS}),
        st.fixed_dictionaries({"parties": parties().map(lambda ps: [attrs.asdict(p) for p in ps])}),
        st.fixed_dictionaries({"region": _WORDS}),
    )


def time_steps() -> st.SearchStrategy[pendulum.Duration]:
    """
    How far time moves between two acts: hours, days or months.
    """
    return st.one_of(
        st.integers(0, 30).map(lambda n: pendulum.duration(hours=n)),
        st.integers(0, 40).map(lambda n: pendulum.duration(days=n)),
        st.integers(1, 200).map(lambda n: pendulum.duration(days=n)),
    )


@attrs.frozen(eq=False)
class Attempt:
    """
    One step of a run: a trigger tried (or ``advance``), the case before, what came of it.

    Attributes:
        listed: ``"allowed"`` or ``"blocked"`` (as engine.allowed() listed it),
            ``"undefined"`` (a non-opening trigger the state does not define),
            ``"advance"`` or ``"amend"`` (engine.amend_facts with ``data`` as the changes).
    """

    at: pendulum.DateTime
    listed: str
    proceeding_id: str | None
    trigger: str | None
    data: Mapping[str, Any]
    before: Case
    outcome: Outcome | None
    error: TriggerNotAllowedError | None

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __repr__(self) -> str:
        what = self.listed if self.trigger is None else f"{self.proceeding_id} {self.trigger}"
        end = "refused" if self.error is not None else f"+{len(self.outcome.events)} events"  # type: ignore[union-attr]
        data = f" {dict(self.data)!r}" if self.data else ""
        return f"{self.at.isoformat()} [{self.listed}] {what}{data} -> {end}"


@attrs.frozen(eq=False)
class DisputeRun:
    """
    A dispute opened and driven through the real engine, with everything it recorded.
    """

    lifecycle: Lifecycle
    engine: Engine
    opened: Outcome
    attempts: tuple[Attempt, ...]
    events: tuple[Event, ...]
    case: Case
    now: pendulum.DateTime

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """
        The opening and every successful act, in order.
        """
        done = [a.outcome for a in self.attempts if a.outcome is not None and a.outcome.events]
        return (self.opened, *done)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints falsifying examples with its pretty printer, which would spell out
        # the lifecycle and engine; the script of the run is what reproduces it.
        printer.text(repr(self))

    def __repr__(self) -> str:
        first = self.opened.events[1]
        lines = [
            f"DisputeRun({self.lifecycle.id}, {self.case.facts!r}",
            f"  {first.at.isoformat()} open {first.trigger} {dict(first.data)!r}",
            *(f"  {a!r}" for a in self.attempts),
            ")",
        ]
        return "\n".join(lines)


_OPEN_WEIGHTS = {"receive_complaint": 4}
_STEP_KINDS = ("act", "act", "act", "act", "act", "act", "undefined", "advance", "amend")


def _weighted(lifecycle: Lifecycle, case: Case, actions: Iterable[Action]) -> list[Action]:
    # A uniform walk withdraws early or loops on adjournments and never reaches judgment,
    # appeal or execution: dead ends (final states nothing opens from), triggers that already
    # fired on the proceeding and actions blocked by a guard that does not read the act's data
    # are drawn a quarter as often as the rest.
    def weight(a: Action) -> int:
        if not a.allowed:
            return 4 if {g for g, _ in a.reasons} <= DATA_GUARDS.keys() else 1
        if a.dest is not None:
            dest = lifecycle.state(a.dest)
            if dest.final and not lifecycle.openings_from(dest.name):
                return 1
        if a.proceeding_id is not None and case.proceeding(a.proceeding_id).count(a.trigger):
            return 1
        return 4

    return [a for a in actions for _ in range(weight(a))]


@st.composite
def dispute_runs(
    draw: st.DrawFn,
    lifecycle: Lifecycle | None = None,
    max_steps: int = 40,
) -> DisputeRun:
    """
    Open a dispute with random facts and drive it: move time on, list ``engine.allowed``,
    fire an allowed or blocked action (or a trigger the state does not define) with data
    satisfying its needs, sometimes ``engine.advance`` or ``engine.amend_facts``; keep every
    attempt and event.

    Args:
        lifecycle: the definition (default: either shipped PRC lifecycle).
        max_steps: the most steps after opening.
    """
    if lifecycle is None:
        lifecycle = draw(st.sampled_from((prc_civil_2022, prc_civil_2025)))()
    engine = Engine(lifecycle, courts=COURTS)
    low, high = LIFECYCLE_START[lifecycle.id]
    day = draw(dates(low, high))
    zone = draw(zone_names())
    now = pendulum.datetime(day.year, day.month, day.day, tz="Asia/Shanghai").in_timezone(zone)
    now = now.add(hours=draw(st.integers(0, 23)), minutes=draw(st.integers(0, 59)))
    free = [o.trigger for o in lifecycle.openings if not o.requires]
    trigger = draw(st.sampled_from([t for t in free for _ in range(_OPEN_WEIGHTS.get(t, 1))]))
    data = draw(payloads(needs_of(lifecycle, "", trigger, opening=True)))
    facts = draw(facts_for(lifecycle))
    opened = engine.open("D1", facts, trigger, at=now, actor="clerk", data=data)
    case, events, attempts = opened.case, list(opened.events), []
    triggers = [t for t in lifecycle.triggers if t not in {o.trigger for o in lifecycle.openings}]
    # Half the runs go the full length: short runs rarely get past the first stage.
    for _ in range(draw(st.one_of(st.integers(0, max_steps), st.just(max_steps)))):
        now = now + draw(time_steps())
        kind = draw(st.sampled_from(_STEP_KINDS))
        pid: str | None = None
        stuck = False
        trigger = None
        data = {}
        if kind == "act":
            actions = engine.allowed(case, at=now)
            if not actions:
                kind, stuck = "advance", True
            else:
                action = draw(st.sampled_from(_weighted(lifecycle, case, actions)))
                kind = "allowed" if action.allowed else "blocked"
                pid, trigger = action.proceeding_id, action.trigger
                state = case.proceeding(pid).state if pid is not None else ""
                data = draw(payloads(needs_of(lifecycle, state, trigger, action.opening)))
        elif kind == "amend":
            data = draw(fact_changes())
        elif kind == "undefined":
            p = draw(st.sampled_from(case.proceedings))
            others = [t for t in triggers if t not in lifecycle.triggers_from(p.state)]
            pid, trigger = p.id, draw(st.sampled_from(others))
        outcome = error = None
        if kind == "advance":
            outcome = engine.advance(case, now)
        elif kind == "amend":
            outcome = engine.amend_facts(case, data, at=now, actor="clerk", reason="amended")
        else:
            assert trigger is not None
            try:
                outcome = engine.fire(case, pid, trigger, at=now, actor="clerk", data=data)
            except TriggerNotAllowedError as exc:
                error = exc
        attempts.append(Attempt(now, kind, pid, trigger, data, case, outcome, error))
        if outcome is not None:
            case = outcome.case
            events += outcome.events
        if stuck and not (outcome is not None and outcome.events):
            break  # nothing is listed and no clock ran out: the dispute has ended
    return DisputeRun(lifecycle, engine, opened, tuple(attempts), tuple(events), case, now)
