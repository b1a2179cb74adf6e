"""
Tests of plugin discovery: the example policy package, installed with pip (offline), is found
through the ``disputeflow.policies`` entry points and used by a configuration; bad plugins
(not importable, not callable, not returning a policy, taking a taken name) are clear errors
naming the entry point.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from disputeflow.demo import BAICHENG_COURTS
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.io.config import load_rule_sets
from disputeflow.io.plugins import GROUP, PluginError, check_policy, discover_policies
from disputeflow.policies.builtin import BUILTIN_POLICIES
from disputeflow.policies.protocols import Mediator, Venue
from support import at, loan

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "examples" / "policy_package"
OURS = ("baicheng.grid-mediation-first", "baicheng.labour-arbitration-first")
MODULE = "baicheng_court_policies"


def _forget(prefix: str) -> None:
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]


@pytest.fixture
def on_path() -> Iterator[Callable[[Path], None]]:
    """Put directories on sys.path for one test (as site-packages would be), then undo it."""
    added: list[str] = []

    def add(path: Path) -> None:
        sys.path.insert(0, str(path))
        added.append(str(path))
        importlib.invalidate_caches()

    yield add
    for path in added:
        sys.path.remove(path)
    importlib.invalidate_caches()
    _forget(MODULE)
    _forget("plugin_mod")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example package installed by pip into a target directory: offline, no deps."""
    pytest.importorskip("hatchling", reason="the example package builds with hatchling (dev)")
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(target), str(PACKAGE)],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return target


class TestInstalledPackage:
    def test_entry_points_are_discovered(
        self, installed: Path, on_path: Callable[[Path], None]
    ) -> None:
        """After pip install, both policies are registered beside the built-ins."""
        on_path(installed)
        registry = discover_policies()
        assert set(OURS) <= set(registry)
        assert set(BUILTIN_POLICIES) <= set(registry)
        grid = registry["baicheng.grid-mediation-first"](limit=5000)
        assert (grid.id, grid.point) == ("baicheng.grid-mediation-first", "front_end")
        assert registry["baicheng.labour-arbitration-first"]().point == "filing"

    def test_config_uses_the_plugin_by_name(
        self, installed: Path, on_path: Callable[[Path], None]
    ) -> None:
        """The example config loads with the discovered registry and the policy decides."""
        on_path(installed)
        sets = load_rule_sets(PACKAGE / "config.toml")
        roster = (
            Venue("grid-1", "grid", region="taobei", capacity=3, mediators=(Mediator("m1"),)),
            Venue("prop", "industry", capacity=9, mediators=(Mediator("m2"),)),
        )
        j = Jurisdiction(sets, roster=roster, courts=BAICHENG_COURTS)
        facts = attrs.evolve(loan(6000), category="property_service")
        case = j.open("P", facts, "receive_complaint", at=at(2026, 1, 12), actor="c").case
        case = j.act(case, "p1", "filing", at=at(2026, 1, 12, 10), actor="c").case
        case = j.act(case, "p1", "track", at=at(2026, 1, 12, 11), actor="c").case
        out = j.act(case, "p1", "front_end", at=at(2026, 1, 12, 12), actor="c",
                    data={"consent": True})  # fmt: skip
        assert out.decision is not None
        assert out.decision.policy == "baicheng.grid-mediation-first"
        assert out.events[0].data["venue"] == "grid-1"
        refused = j.decide(case, "p1", "front_end", at=at(2026, 1, 12, 12), data={})
        assert (refused.policy, refused.trigger) == ("baicheng.grid-mediation-first", None)
        big = attrs.evolve(case, facts=attrs.evolve(facts, claim_amount=20000))
        other = j.decide(big, "p1", "front_end", at=at(2026, 1, 12, 12), data={"consent": True})
        assert other.policy == "prc.front-end"


def _pyproject_entry_points() -> dict[str, str]:
    meta = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points: dict[str, str] = meta["project"]["entry-points"][GROUP]
    return entry_points


def _dist(root: Path, name: str, entry_points: dict[str, str], group: str = GROUP) -> None:
    """Write the metadata an installer writes for a distribution with these entry points."""
    info = root / f"{name}-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    info.joinpath("METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = [f"[{group}]"] + [f"{k} = {v}" for k, v in entry_points.items()]
    info.joinpath("entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


class TestDeclaredEntryPoints:
    def test_pyproject_declares_both_policies(
        self, tmp_path: Path, on_path: Callable[[Path], None]
    ) -> None:
        """The entry points the package declares resolve to its factories (no build needed)."""
        declared = _pyproject_entry_points()
        assert set(declared) == set(OURS)
        _dist(tmp_path, "baicheng-court-policies", declared)
        on_path(tmp_path)
        on_path(PACKAGE / "src")
        registry = discover_policies()
        assert registry["baicheng.grid-mediation-first"]().id == "baicheng.grid-mediation-first"


PLUGIN_MODULE = """
import attrs

@attrs.frozen
class Good:
    id: str = "good"
    version: str = "1"
    point: str = "filing"
    def decide(self, request):
        return None

def needs(level):
    return Good(id=f"needs-{level}") if level > 0 else "not a policy"

def garbage():
    return 42

CONSTANT = 3
"""

GROUP_T = "disputeflow.policies.test"


def _plugin(root: Path, name: str, entry_points: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    root.joinpath("plugin_mod.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    _dist(root, name, entry_points, GROUP_T)


class TestBadPlugins:
    def test_good_plugin_merges_with_builtins(
        self, tmp_path: Path, on_path: Callable[[Path], None]
    ) -> None:
        """A good plugin sits beside the built-ins given."""
        _plugin(
            tmp_path, "good-plugin", {"t.good": "plugin_mod:Good", "t.needs": "plugin_mod:needs"}
        )
        on_path(tmp_path)
        registry = discover_policies(GROUP_T, builtins={"b.one": BUILTIN_POLICIES["prc.filing"]})
        assert list(registry) == ["b.one", "t.good", "t.needs"]
        assert registry["t.needs"](level=2).id == "needs-2"

    @pytest.mark.parametrize(
        ("target", "problem"),
        [
            ("plugin_mod:Missing", "could not be loaded: AttributeError"),
            ("no_such_module:thing", "could not be loaded: ModuleNotFoundError"),
            ("plugin_mod:CONSTANT", "is a int, not a factory"),
            ("plugin_mod:garbage", "lacks id, version, point, decide"),
        ],
    )
    def test_bad_plugin_is_named(
        self, tmp_path: Path, on_path: Callable[[Path], None], target: str, problem: str
    ) -> None:
        """Discovery fails with a PluginError naming the entry point and its distribution."""
        _plugin(tmp_path, "bad-plugin", {"t.bad": target})
        on_path(tmp_path)
        with pytest.raises(PluginError) as err:
            discover_policies(GROUP_T, builtins={})
        assert problem in err.value.problem
        assert f"'t.bad' = '{target}' from bad-plugin 1.0" in str(err.value)
        assert err.value.group == GROUP_T

    def test_factory_checked_when_called(
        self, tmp_path: Path, on_path: Callable[[Path], None]
    ) -> None:
        """A factory that needs parameters is checked on each call."""
        _plugin(tmp_path, "late-plugin", {"t.needs": "plugin_mod:needs"})
        on_path(tmp_path)
        factory = discover_policies(GROUP_T, builtins={})["t.needs"]
        with pytest.raises(PluginError, match="did not return a policy"):
            factory(level=0)
        with pytest.raises(PluginError, match="rejected parameters"):
            factory(colour="red")

    def test_name_clash_with_a_builtin(
        self, tmp_path: Path, on_path: Callable[[Path], None]
    ) -> None:
        """A plugin may not take a built-in's name."""
        _plugin(tmp_path, "clash-plugin", {"prc.filing": "plugin_mod:Good"})
        on_path(tmp_path)
        with pytest.raises(PluginError, match="already registered by built-in") as err:
            discover_policies(GROUP_T, builtins=BUILTIN_POLICIES)
        assert "prc.front-end" in err.value.taken

    def test_name_clash_between_plugins(
        self, tmp_path: Path, on_path: Callable[[Path], None]
    ) -> None:
        """Two distributions registering one name is an error naming the first."""
        _plugin(tmp_path / "a", "first-plugin", {"t.same": "plugin_mod:Good"})
        _dist(tmp_path / "a", "second-plugin", {"t.same": "plugin_mod:needs"}, GROUP_T)
        on_path(tmp_path / "a")
        with pytest.raises(PluginError, match=r"already registered by plugin 't\.same'"):
            discover_policies(GROUP_T, builtins={})

    def test_check_policy(self) -> None:
        """check_policy explains what is missing or malformed."""
        assert check_policy(BUILTIN_POLICIES["prc.filing"]()) is None
        assert "lacks" in (check_policy(object()) or "")

        @attrs.frozen
        class Blank:
            id: str = ""
            version: str = "1"
            point: str = "filing"

            def decide(self, request: object) -> None:
                return None

        assert "id is ''" in (check_policy(Blank()) or "")
