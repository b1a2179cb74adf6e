"""
Tests of TOML (and YAML) configuration: rule sets derived from the shipped ones with chain
changes, dated parameters and transitional provisions; the base split at the configured date;
every bad input a ConfigError naming file, key and what is valid; nothing loaded in part; no
policy chosen by module path.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest

from disputeflow.demo import BAICHENG_COURTS
from disputeflow.engine.jurisdiction import Jurisdiction
from disputeflow.errors import ConfigError
from disputeflow.io.config import OpenedBefore, load_rule_sets, read_config
from disputeflow.policies.builtin import BUILTIN_POLICIES
from disputeflow.policies.decision import Decision
from disputeflow.policies.prc import default_rule_sets
from disputeflow.policies.protocols import DecisionRequest
from support import at, loan

D = pendulum.Date


@attrs.frozen
class Marker:
    """A test policy: abstains, but has a point, an id and a parameter."""

    id: str = "marker"
    point: str = "filing"
    version: str = "1"
    level: int = 1

    def decide(self, request: DecisionRequest) -> Decision | None:
        return None


def _register_all(**params: Any) -> Marker:
    return Marker(id=params.pop("id", "register-all"), **params)


@attrs.frozen
class RegisterAll:
    """Registers every complaint (a default for the filing chain)."""

    id: str = "register-all"
    version: str = "1"
    point: str = "filing"

    def decide(self, request: DecisionRequest) -> Decision | None:
        return Decision("filing", "register", self.id, self.version, "all", trigger="register")


REGISTRY: dict[str, Any] = {
    **BUILTIN_POLICIES,
    "test.marker": Marker,
    "test.register-all": RegisterAll,
    "test.not-a-policy": lambda **kw: object(),
}

HEAD = """
[rule_sets.court-2026]
base = "prc-2025"
valid_from = 2026-01-01
"""


def _load(text: str, **kw: Any) -> Any:
    return load_rule_sets(text, kw.pop("registry", REGISTRY), **kw)


def _error(text: str, **kw: Any) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        _load(text, **kw)
    return err.value


class TestValidity:
    def test_configured_set_cuts_its_base(self) -> None:
        """prc-2025 ends 2025-12-31; the configured set governs from 2026-01-01."""
        sets = _load(HEAD)
        assert sets.ids == ("prc-2024", "prc-2025", "court-2026")
        assert sets.get("prc-2025").valid_to == D(2025, 12, 31)
        assert sets.in_force(D(2025, 12, 31)).id == "prc-2025"
        assert sets.in_force(D(2026, 1, 1)).id == "court-2026"
        new = sets.get("court-2026")
        assert new.valid_to is None
        assert new.lifecycle is sets.get("prc-2025").lifecycle
        assert new.chain("filing").ids == sets.get("prc-2025").chain("filing").ids
        assert new.name == "court-2026"

    def test_base_rule_sets_are_not_changed(self) -> None:
        """The base given is left as it was (rule sets are values)."""
        base = default_rule_sets()
        _load(HEAD, base=base)
        assert base.get("prc-2025").valid_to is None

    def test_same_start_replaces_the_base(self) -> None:
        """A set starting the day its base starts replaces it."""
        sets = _load(HEAD.replace("2026-01-01", "2025-01-01"))
        assert sets.ids == ("prc-2024", "court-2026")

    def test_one_configured_set_on_another(self) -> None:
        """A later configured set may derive from an earlier one (read in date order)."""
        sets = _load(
            """
            [rule_sets.court-2027]
            base = "court-2026"
            valid_from = 2027-01-01
            [rule_sets.court-2027.chains.filing]
            remove = ["marker"]
            """
            + HEAD
            + """
            [[rule_sets.court-2026.chains.filing.add]]
            policy = "test.marker"
            """
        )
        assert sets.ids[-2:] == ("court-2026", "court-2027")
        assert sets.get("court-2026").valid_to == D(2026, 12, 31)
        assert "marker" in sets.get("court-2026").chain("filing").ids
        assert "marker" not in sets.get("court-2027").chain("filing").ids

    def test_valid_to_that_leaves_a_gap_is_refused(self) -> None:
        """The cut base would not resume after valid_to: refused, naming the key."""
        err = _error(HEAD + "valid_to = 2026-06-30\n")
        assert err.key == "rule_sets.court-2026.valid_to"
        assert "prc-2025" in err.expected

    def test_valid_to_before_valid_from(self) -> None:
        """valid_to before valid_from is named."""
        err = _error(HEAD + "valid_to = 2025-06-30\n")
        assert err.key == "rule_sets.court-2026.valid_to"

    def test_configured_set_may_not_run_into_a_later_one(self) -> None:
        """Starting before a later set without ending before it is refused."""
        err = _error(HEAD.replace("2026-01-01", "2024-06-01").replace("prc-2025", "prc-2024"))
        assert err.key == "rule_sets.court-2026.valid_to"
        assert "2025-01-01" in err.expected

    def test_acts_follow_the_configured_dates(self) -> None:
        """A Jurisdiction on the loaded sets stamps 2026 acts with the configured set."""
        j = Jurisdiction(_load(HEAD), courts=BAICHENG_COURTS)
        out = j.open("A", loan(), "receive_complaint", at=at(2026, 1, 5), actor="c")
        assert out.events[0].rule_set == "court-2026"
        old = j.open("B", loan(), "receive_complaint", at=at(2025, 12, 31), actor="c")
        assert old.events[0].rule_set == "prc-2025"


class TestChains:
    def test_positions(self) -> None:
        """first, last, before, after, override and default place the policy as named."""
        text = HEAD + "".join(
            f"""
            [[rule_sets.court-2026.chains.filing.add]]
            policy = "test.marker"
            position = "{pos}"
            {extra}
            params = {{ id = "m-{pos}" }}
            """
            for pos, extra in (
                ("first", ""),
                ("last", ""),
                ("before", 'relative_to = "prc.vexatious-filer"'),
                ("after", 'relative_to = "prc.vexatious-filer"'),
                ("override", ""),
            )
        )
        chain = _load(text).get("court-2026").chain("filing")
        assert chain.ids == (
            "m-override",
            "m-first",
            "prc.duplicate-suit",
            "m-before",
            "prc.vexatious-filer",
            "m-after",
            "prc.labour-arbitration",
            "m-last",
            "prc.filing",
        )

    def test_default_and_remove(self) -> None:
        """remove drops policies; position default replaces the default."""
        chain = (
            _load(
                HEAD
                + """
            [rule_sets.court-2026.chains.filing]
            remove = ["prc.duplicate-suit", "prc.vexatious-filer"]
            [[rule_sets.court-2026.chains.filing.add]]
            policy = "test.register-all"
            position = "default"
            """
            )
            .get("court-2026")
            .chain("filing")
        )
        assert chain.ids == ("prc.labour-arbitration", "register-all")

    def test_params_reach_the_factory(self) -> None:
        """params are the factory's keyword arguments (built-ins too)."""
        sets = _load(
            HEAD
            + """
            [[rule_sets.court-2026.chains.filing.add]]
            policy = "test.marker"
            params = { level = 3 }
            [[rule_sets.court-2026.chains.track.add]]
            policy = "prc.track-triage"
            position = "default"
            params = { share = 0.3 }
            """
        )
        new = sets.get("court-2026")
        marker = new.chain("filing").get("marker")
        assert isinstance(marker, Marker)
        assert marker.level == 3
        assert new.chain("track").default.share == Decimal("0.3")  # type: ignore[attr-defined]

    def test_new_point_needs_a_default(self) -> None:
        """A point the base lacks is created by a default; anything else is refused."""
        text = (
            HEAD
            + """
            [[rule_sets.court-2026.chains.review.add]]
            policy = "test.marker"
            params = {{ point = "review" }}
            position = "{pos}"
            """
        )
        sets = _load(text.format(pos="default"))
        assert sets.get("court-2026").chain("review").ids == ("marker",)
        err = _error(text.format(pos="first"))
        assert err.key == "rule_sets.court-2026.chains.review.add[0].position"
        assert "'default'" in err.expected

    @pytest.mark.parametrize(
        ("body", "key", "expected"),
        [
            ('policy = "no.such"', "add[0].policy", "test.marker"),
            ('policy = "subprocess:run"', "add[0].policy", "a registered policy name"),
            ('policy = "test.marker"\nposition = "middle"', "add[0].position", "override"),
            (
                'policy = "test.marker"\nposition = "before"\nrelative_to = "zz"',
                "add[0].relative_to",
                "prc.duplicate-suit",
            ),
            ('policy = "test.marker"\nposition = "after"', "add[0].relative_to", "string"),
            ('policy = "test.marker"\nparams = { colour = "red" }', "add[0].params", "colour"),
            ('policy = "test.marker"\nparams = { point = "track" }', "add[0].policy", "track"),
            ('policy = "test.not-a-policy"', "add[0].policy", "lacks id"),
            ('policy = "prc.filing"\nposition = "first"', "add[0].policy", "already"),
            ('policy = "prc.track-triage"', "add[0].policy", "'filing'"),
            ('policy = "prc.track-triage"\nparams = { share = "x" }', "add[0].params", "share"),
            ('policy = "test.marker"\nwhere = "first"', "add[0].where", "relative_to"),
        ],
    )
    def test_bad_additions_name_key_and_valid(self, body: str, key: str, expected: str) -> None:
        """Each mistake in an addition names its key and what would be valid."""
        err = _error(HEAD + "[[rule_sets.court-2026.chains.filing.add]]\n" + body + "\n")
        assert err.key == f"rule_sets.court-2026.chains.filing.{key}"
        assert expected in err.expected
        assert err.file == "<string>"
        assert err.key in str(err)

    def test_unknown_name_lists_the_registered_names(self) -> None:
        """The error lists every registered policy name."""
        err = _error(HEAD + '[[rule_sets.court-2026.chains.filing.add]]\npolicy = "x"\n')
        for name in REGISTRY:
            assert name in err.expected

    def test_nothing_is_imported_from_data(self) -> None:
        """A module path as a policy name is only an unknown name: nothing is imported."""
        sys.modules.pop("this", None)
        err = _error(HEAD + '[[rule_sets.court-2026.chains.filing.add]]\npolicy = "this:s"\n')
        assert err.got == "this:s"
        assert "this" not in sys.modules

    def test_bad_removal(self) -> None:
        """Removing the default or an absent policy names the removable ones."""
        err = _error(HEAD + '[rule_sets.court-2026.chains.filing]\nremove = ["prc.filing"]\n')
        assert err.key == "rule_sets.court-2026.chains.filing.remove[0]"
        assert "prc.duplicate-suit" in err.expected
        err = _error(HEAD + '[rule_sets.court-2026.chains.filing]\nremove = "prc.filing"\n')
        assert err.expected == "a list of strings"


class TestParameters:
    def test_new_dated_parameter(self) -> None:
        """A new parameter with dated values, labels and unit."""
        new = _load(
            HEAD
            + """
            [rule_sets.court-2026.parameters."court.grid-limit"]
            unit = "yuan"
            label_zh = "上限"
            values = [
              { value = 10000, valid_from = 2026-01-01, valid_to = 2026-12-31, reference = "N1" },
              { value = 12000, valid_from = 2027-01-01, reference = "N2", verified = false },
            ]
            """
        ).get("court-2026")
        p = new.parameters.get("court.grid-limit")
        assert (p.unit, p.label_zh) == ("yuan", "上限")
        assert new.parameters.value("court.grid-limit", D(2026, 6, 1)) == 10000
        assert p.entry_at(D(2027, 2, 1)).verified is False

    def test_new_value_of_an_existing_parameter(self) -> None:
        """A new figure closes the open one the day before; older dates keep the old value."""
        new = _load(
            HEAD
            + """
            [rule_sets.court-2026.parameters."small-claims.average-wage"]
            values = [{ value = 98000, valid_from = 2026-01-01, reference = "Bureau 2025" }]
            """
        ).get("court-2026")
        wage = new.parameters.get("small-claims.average-wage")
        assert new.parameters.value("small-claims.average-wage", D(2025, 6, 1)) == Decimal(90000)
        assert new.parameters.value("small-claims.average-wage", D(2026, 6, 1)) == 98000
        assert wage.label_en.startswith("Average annual wage")

    @pytest.mark.parametrize(
        ("values", "key", "expected"),
        [
            ("[]", "values", "non-empty"),
            ('[{ value = 1, reference = "r" }]', "values[0].valid_from", "a date"),
            ("[{ value = 1, valid_from = 2026-01-01 }]", "values[0].reference", "string"),
            ('[{ valid_from = 2026-01-01, reference = "r" }]', "values[0].value", "a value"),
            (
                '[{ value = 1, valid_from = 2026-01-01, reference = "r", verified = "yes" }]',
                "values[0].verified",
                "true or false",
            ),
            (
                '[{ value = 1, valid_from = 2026-01-01, reference = "r" },'
                ' { value = 2, valid_from = 2026-06-01, reference = "r" }]',
                "",
                "do not overlap",
            ),
        ],
    )
    def test_bad_values(self, values: str, key: str, expected: str) -> None:
        """Malformed or overlapping values name the parameter's key."""
        err = _error(HEAD + f'[rule_sets.court-2026.parameters."x.y"]\nvalues = {values}\n')
        assert err.key == "rule_sets.court-2026.parameters.x.y" + (f".{key}" if key else "")
        assert expected in err.expected


class TestTransitional:
    TEXT = (
        HEAD
        + """
        [[rule_sets.court-2026.transitional]]
        id = "pending-stay"
        kind = "{kind}"
        categories = ["private_loan"]
        description_zh = "已受理案件适用原规则"
        """
    )

    def test_disputes_opened_before_stay_on_the_base(self) -> None:
        """Acts in 2026 on a 2025 private-loan dispute stay under prc-2025."""
        sets = _load(self.TEXT.format(kind="disputes_opened_before"))
        provision = sets.get("court-2026").transitional[-1]
        assert provision.pin_to == "prc-2025"
        assert provision.applies == OpenedBefore(
            "dispute", D(2026, 1, 1), frozenset({"private_loan"})
        )
        j = Jurisdiction(sets, courts=BAICHENG_COURTS)
        old = j.open("A", loan(), "receive_complaint", at=at(2025, 12, 30), actor="c").case
        assert j.rule_set(old, "p1", at=at(2026, 1, 5)).id == "prc-2025"
        other = attrs.evolve(loan(), category="contract")
        old2 = j.open("B", other, "receive_complaint", at=at(2025, 12, 30), actor="c").case
        assert j.rule_set(old2, "p1", at=at(2026, 1, 5)).id == "court-2026"
        new = j.open("C", loan(), "receive_complaint", at=at(2026, 1, 2), actor="c").case
        assert j.rule_set(new, "p1", at=at(2026, 1, 5)).id == "court-2026"

    def test_proceedings_opened_before(self) -> None:
        """The proceeding variant looks at the proceeding's opening."""
        sets = _load(self.TEXT.format(kind="proceedings_opened_before"))
        j = Jurisdiction(sets, courts=BAICHENG_COURTS)
        old = j.open("A", loan(), "receive_complaint", at=at(2025, 12, 30), actor="c").case
        assert j.rule_set(old, "p1", at=at(2026, 1, 5)).id == "prc-2025"
        assert j.rule_set(old, None, at=at(2026, 1, 5)).id == "court-2026"

    def test_bad_provisions(self) -> None:
        """An unknown kind lists the kinds; an unknown pin_to lists the rule sets."""
        err = _error(self.TEXT.format(kind="whenever"))
        assert err.key == "rule_sets.court-2026.transitional[0].kind"
        assert "disputes_opened_before" in err.expected
        err = _error(self.TEXT.format(kind="disputes_opened_before") + 'pin_to = "prc-1999"\n')
        assert err.key == "rule_sets.court-2026.transitional[0].pin_to"
        assert "prc-2024" in err.expected


class TestSchema:
    @pytest.mark.parametrize(
        ("text", "key", "expected"),
        [
            ("colour = 1", "colour", "rule_sets"),
            ("schema = 2", "schema", "schema version 1"),
            ("rule_sets = 3", "rule_sets", "a table"),
            (HEAD + "based = 1", "rule_sets.court-2026.based", "valid_from"),
            (HEAD.replace('"prc-2025"', '"prc-1999"'), "rule_sets.court-2026.base", "prc-2025"),
            (HEAD.replace("2026-01-01", '"next year"'), "rule_sets.court-2026.valid_from", "date"),
            (HEAD.replace("prc-2025", "prc-2024").replace("court-2026", "prc-2024"),
             "rule_sets.prc-2024", "not already"),
            (HEAD + "legal_basis = 'x'", "rule_sets.court-2026.legal_basis", "list"),
            (HEAD + "[rule_sets.court-2026.chains.filing]\nadd = 1", "rule_sets.court-2026."
             "chains.filing.add", "array"),
        ],
    )  # fmt: skip
    def test_schema_errors(self, text: str, key: str, expected: str) -> None:
        """Unknown keys, wrong types and unknown ids name the key and what is valid."""
        err = _error(text)
        assert err.key == key
        assert expected in err.expected

    def test_broken_toml_names_the_file(self, tmp_path: Path) -> None:
        """A syntax error is a ConfigError for the file, with the parser's message."""
        path = tmp_path / "court.toml"
        path.write_text("[rule_sets\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_rule_sets(path, REGISTRY)
        assert err.value.file == str(path)
        assert err.value.expected == "valid TOML"
        assert str(path) in err.value.message("zh")

    def test_missing_file(self, tmp_path: Path) -> None:
        """An unreadable file is a ConfigError naming it."""
        with pytest.raises(ConfigError, match="readable"):
            load_rule_sets(str(tmp_path / "absent.toml"), REGISTRY)

    def test_errors_in_a_file_name_the_file(self, tmp_path: Path) -> None:
        """A file's errors carry its path."""
        path = tmp_path / "court.toml"
        path.write_text(HEAD + "colour = 1\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_rule_sets(path, REGISTRY)
        assert err.value.file == str(path)
        assert f"{path}: rule_sets.court-2026.colour" in str(err.value)

    def test_yaml_reads_like_toml(self, tmp_path: Path) -> None:
        """A .yaml file with the same content gives the same rule sets."""
        pytest.importorskip("yaml")
        path = tmp_path / "court.yaml"
        path.write_text(
            "rule_sets:\n  court-2026:\n    base: prc-2025\n    valid_from: 2026-01-01\n"
            "    chains:\n      filing:\n        add:\n          - policy: test.marker\n",
            encoding="utf-8",
        )
        sets = load_rule_sets(path, REGISTRY)
        assert sets.get("court-2026").valid_from == D(2026, 1, 1)
        assert "marker" in sets.get("court-2026").chain("filing").ids
        bad = tmp_path / "bad.yml"
        bad.write_text("- a list\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="mapping"):
            read_config(bad)

    def test_nothing_is_half_loaded(self) -> None:
        """A good rule set followed by a bad one: the whole load fails, the base is intact."""
        base = default_rule_sets()
        later = '[rule_sets.court-2027]\nbase = "court-2026"\nvalid_from = 2027-01-01\nx = 1\n'
        with pytest.raises(ConfigError, match=r"court-2027\.x"):
            load_rule_sets(HEAD + later, REGISTRY, base=base)
        assert base.ids == ("prc-2024", "prc-2025")
        assert base.get("prc-2025").valid_to is None

    def test_default_registry_is_discovered(self) -> None:
        """Without a registry, the built-ins (and installed plugins) are used."""
        sets = load_rule_sets(
            HEAD + '[[rule_sets.court-2026.chains.filing.add]]\npolicy = "prc.vexatious-filer"\n'
            'position = "override"\nparams = { id = "blocklist", filers = ["Zhao"] }\n'
        )
        assert sets.get("court-2026").chain("filing").ids[0] == "blocklist"

    def test_example_config_loads(self) -> None:
        """The example package's config.toml loads with its policies registered."""
        root = Path(__file__).resolve().parents[2]
        sys.path.insert(0, str(root / "examples" / "policy_package" / "src"))
        try:
            import baicheng_court_policies as pkg

            registry = {
                **BUILTIN_POLICIES,
                "baicheng.grid-mediation-first": pkg.GridMediationFirst,
                "baicheng.labour-arbitration-first": pkg.LabourArbitrationFirst,
            }
            sets = load_rule_sets(root / "examples" / "policy_package" / "config.toml", registry)
        finally:
            sys.path.remove(str(root / "examples" / "policy_package" / "src"))
            for name in [m for m in sys.modules if m.startswith("baicheng_court_policies")]:
                del sys.modules[name]
        new = sets.get("baicheng-2026")
        assert new.chain("front_end").ids[0] == "baicheng.grid-mediation-first"
        assert "prc.labour-arbitration" not in new.chain("filing").ids
        assert new.parameters.value("baicheng.grid-mediation.limit", D(2026, 1, 1)) == 10000
