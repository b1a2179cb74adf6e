"""
User story 2, a policy team writing its own rules, end to end.

The Baicheng intermediate court decides that from 1 January 2026 property-service disputes under
10,000 yuan are offered mediation at the grid mediation station of the party's district first
(with consent; a refusal sends the case on to trial), unless a party is a government body, and
that labour complaints without an arbitral award go to labour arbitration at filing. The
policies live in a small package, ``examples/policy_package`` (its own ``pyproject.toml``),
registered under the entry-point group ``disputeflow.policies``; ``config.toml`` beside it
switches them on from 2026-01-01 on top of ``prc-2025``.

This script finds the policies through their entry points (installing the package for this run
into a temporary directory, offline, if it is not installed), loads the configuration, records
last year's (2025) disputes through a ``Jurisdiction``, re-decides every recorded decision under
the new rule set (counterfactual replay), and explains in Chinese why one 2026 dispute went to
its district's grid station.

Run: ``python examples/custom_policy.py`` (or first ``pip install examples/policy_package``).
"""

from __future__ import annotations

import atexit
import importlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.io.config import load_rule_sets
from disputeflow.io.plugins import PolicyFactory, discover_policies
from disputeflow.policies import Mediator, Venue
from disputeflow.policies.counterfactual import counterfactual

PACKAGE = Path(__file__).resolve().parent / "policy_package"
CONFIG = PACKAGE / "config.toml"
OURS = ("baicheng.grid-mediation-first", "baicheng.labour-arbitration-first")

#: The venues the court works with: grid stations (网格调解站) per district, an industry
#: mediation committee for property disputes, and a people's mediation committee.
ROSTER = (
    Venue("grid-taobei-xinhua", "grid", region="taobei", capacity=20, name="新华街道网格调解站",
          mediators=(Mediator("m-grid-1", "Liu Fang", capacity=10),)),
    Venue("grid-taonan", "grid", region="taonan", capacity=20, name="洮南网格调解站",
          mediators=(Mediator("m-grid-2", "Sun Jie", capacity=10),)),
    Venue("property-committee", "industry", categories={"property_service"}, capacity=50,
          name="物业纠纷人民调解委员会", mediators=(Mediator("m-prop", "Gao Wei", capacity=30),)),
    Venue("people-taobei", "peoples_mediation", region="taobei", capacity=30,
          mediators=(Mediator("m-people", "Ma Li", capacity=20),)),
)  # fmt: skip


def at(year: int, month: int, day: int, hour: int = 9) -> pendulum.DateTime:
    """A Beijing-time timestamp."""
    return pendulum.datetime(year, month, day, hour, tz="Asia/Shanghai")


def registry() -> Mapping[str, PolicyFactory]:
    """The built-in policies and the installed plugins (installing ours for this run if needed)."""
    policies = discover_policies()
    if not all(name in policies for name in OURS):
        # Not installed: install a copy into a temporary directory (no network, no
        # dependencies) and put it on the path, as `pip install` would for good.
        target = Path(tempfile.mkdtemp(prefix="baicheng-policies-"))
        atexit.register(shutil.rmtree, target, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
             "--no-build-isolation", "--target", str(target), str(PACKAGE)],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(
                "could not install examples/policy_package for this run (building it needs "
                f"hatchling): run `pip install examples/policy_package` first\n{done.stderr}"
            )
        sys.path.insert(0, str(target))
        importlib.invalidate_caches()
        policies = discover_policies()
    print("registered under disputeflow.policies:", ", ".join(n for n in OURS if n in policies))
    return policies


def facts(category: str, amount: int, region: str = "taobei", **kw: Any) -> d.Facts:
    """A dispute at the Taobei district court."""
    defendant = kw.pop("defendant", d.Party("Jinxiu Property Co.", "defendant", "organisation"))
    return d.Facts(
        category=category,
        court="taobei",
        region=region,
        claim_amount=Decimal(amount),
        parties=(d.Party("Chen Jing", "plaintiff"), defendant),
        attributes=kw,
    )


def record(
    j: Jurisdiction, dispute_id: str, f: d.Facts, day: pendulum.DateTime, consent: bool
) -> list[d.Event]:
    """One dispute's first steps: filing, track and front-end decisions, each by policy."""
    out = j.open(dispute_id, f, "receive_complaint", at=day, actor="clerk")
    case, log = out.case, list(out.events)
    for point, hours, data in (
        ("filing", 1, {}),
        ("track", 2, {}),
        ("front_end", 3, {"consent": consent}),
    ):
        p = case.proceeding("p1")
        if p.closed or (point != "filing" and p.state == "complaint_received"):
            break
        if point == "track" and p.state != "registered":
            break
        o = j.act(case, "p1", point, at=day.add(hours=hours), actor="clerk", data=data)
        case = o.case
        log.extend(o.events)
    return log


def main() -> None:
    """Story 2: register, configure, replay last year's cases, explain one route in Chinese."""
    rule_sets = load_rule_sets(CONFIG, registry())
    for r in rule_sets:
        print(f"rule set {r.id}: {r.valid_from} to {r.valid_to or 'open'}")
    new = rule_sets.get("baicheng-2026")
    print("front_end chain of baicheng-2026:", " > ".join(new.chain("front_end").ids))
    print("filing chain of baicheng-2026:", " > ".join(new.chain("filing").ids))

    j = Jurisdiction(rule_sets, roster=ROSTER, courts=BAICHENG_COURTS)
    government = d.Party("Xinhua Street Office", "defendant", "government")
    last_year = [
        ("2025-001", facts("property_service", 6800), at(2025, 3, 3), True),
        ("2025-002", facts("property_service", 8000), at(2025, 4, 7), False),
        ("2025-003", facts("property_service", 25000), at(2025, 5, 12), True),
        ("2025-004", facts("property_service", 5000, defendant=government), at(2025, 6, 2), True),
        ("2025-005", facts("labour", 30000), at(2025, 7, 1), True),
        ("2025-006", facts("private_loan", 38000), at(2025, 9, 1), True),
        ("2025-007", facts("property_service", 3200, region="taonan"), at(2025, 10, 9), True),
    ]
    log: list[d.Event] = []
    for dispute_id, f, day, consent in last_year:
        log.extend(record(j, dispute_id, f, day, consent))
    print(f"recorded {len(last_year)} disputes of 2025: {len(log)} events")

    report = counterfactual(log, new, roster=ROSTER, as_of=new.valid_from)
    print(report.summary())
    print(report.summary("zh"))

    # A dispute of 2026, decided under the new rules: why it went where it went.
    events = record(j, "2026-001", facts("property_service", 6000), at(2026, 1, 12), True)
    print("2026-001 route (in Chinese, for the judge):")
    print(j.explain(events, lang="zh"))


if __name__ == "__main__":
    main()
