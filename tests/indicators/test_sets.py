"""
Tests for disputeflow.indicators.sets: indicator sets as validated TOML data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from disputeflow.errors import SchemaError, UnknownNameError
from disputeflow.indicators.builtin import builtin_ids
from disputeflow.indicators.sets import (
    IndicatorSet,
    IndicatorSetError,
    Member,
    builtin_sets,
    load_set,
    parse_set,
)

KNOWN = ("closure-rate", "appeal-rate", "disposition-time")

GOOD = """
schema = 1
id = "demo-set"
version = "1.0"
name = { en = "Demo", zh = "示例" }
incomplete = true
unofficial = true

[composite]
method = "weighted_mean"
unscored = "relative"

[[indicators]]
id = "closure-rate"
weight = 2
range = { min = 90, max = 100 }
unofficial = true

[[indicators]]
id = "disposition-time"
target = 180
direction = "lower"
tolerance = 90

[[indicators]]
id = "appeal-rate"
formula = "appealed / closed"
"""

#: The confirmed members of DOMAIN.md section 4 in both SPC 2024 sets, by built-in id.
SPC_BOTH = {
    "case-to-proceedings-ratio",  # 案-件比
    "second-instance-hearing-rate",  # 二审开庭率
    "within-time-limit-closure-rate",  # 审限内结案率
    "appeal-transfer-days",  # 上诉案件移送时间
    "pre-litigation-success-share",  # 诉前调解成功案件数占诉至法院纠纷数的比例
    "execution-recovery-rate",  # 执行到位率
    "long-pending-share-12",  # 超12个月未结案件比
    "appeal-rate",  # 上诉率
    "petition-retrial-application-rate",  # 申诉申请再审率
    "execution-application-rate",  # 民事裁判申请执行率
    "execution-full-rate",  # 执行完毕率
    "execution-termination-rate",  # 首执案件终本率
}
#: Only in 2024-01 (the judicial-suggestion feedback rate is confirmed but is no case event).
SPC_2024_01_ONLY = {
    "closures-per-judge",
    "extension-rate",
    "retrial-order-rate",
    "first-instance-amended-rate",
    "first-instance-remanded-rate",
    "effective-amended-rate",
    "effective-remanded-rate",
}
#: Only in 2024-09: the merged ratios.
SPC_2024_09_ONLY = {"second-instance-amend-remand-ratio", "retrial-amend-remand-ratio"}


def _doc(**changes: Any) -> dict[str, Any]:
    doc = tomllib.loads(GOOD)
    for key, value in changes.items():
        if value is None:
            doc.pop(key)
        else:
            doc[key] = value
    return doc


def _member_doc(**changes: Any) -> dict[str, Any]:
    member: dict[str, Any] = {"id": "closure-rate"}
    member.update(changes)
    return _doc(indicators=[member])


class TestParseSet:
    def test_reads_every_field(self) -> None:
        """
        A valid document becomes a set with its flags, composite rule and members in order.
        """
        s = parse_set(tomllib.loads(GOOD), "demo.toml", known=KNOWN)
        assert (s.id, s.version, s.key) == ("demo-set", "1.0", "demo-set@1.0")
        assert (s.name_en, s.name_zh) == ("Demo", "示例")
        assert s.incomplete
        assert s.unofficial
        assert not s.example
        assert (s.composite.method, s.composite.unscored) == ("weighted_mean", "relative")
        assert s.indicator_ids == ("closure-rate", "disposition-time", "appeal-rate")
        assert s.members[0] == Member("closure-rate", 2.0, 90.0, 100.0, unofficial=True)
        assert s.member("disposition-time").target == 180.0
        assert s.member("disposition-time").direction == "lower"
        assert s.member("disposition-time").tolerance == 90.0
        assert s.member("appeal-rate").weight == 1.0
        assert s.member("appeal-rate").formula == "appealed / closed"
        assert s.source == "demo.toml"

    def test_member_lookup_names_members(self) -> None:
        """
        Asking for an indicator outside the set raises UnknownNameError listing the members.
        """
        s = parse_set(tomllib.loads(GOOD), known=KNOWN)
        with pytest.raises(UnknownNameError, match="closure-rate") as info:
            s.member("nope")
        assert info.value.name == "nope"

    def test_defaults(self) -> None:
        """
        Without a composite table the set takes weighted_mean / skip; flags default to false.
        """
        s = parse_set(_doc(composite=None, incomplete=None, unofficial=None), known=KNOWN)
        assert (s.composite.method, s.composite.unscored) == ("weighted_mean", "skip")
        assert not s.incomplete
        assert not s.unofficial

    @pytest.mark.parametrize(
        ("doc", "key", "expected"),
        [
            (_doc(schema=2), "schema", "1 (the set schema version"),
            (_doc(schema=None), "schema", "1 (the set schema version"),
            (_doc(id="Not Kebab"), "id", "kebab-case"),
            (_doc(id=None), "id", "a string (required)"),
            (_doc(version=3), "version", "a version string"),
            (_doc(name={"en": "x"}), "name.zh", "a string (required)"),
            (_doc(name={"en": "x", "zh": "y", "fr": "z"}), "name.fr", "one of the keys en, zh"),
            (_doc(colour="red"), "colour", "one of the keys schema, id"),
            (_doc(incomplete="yes"), "incomplete", "true or false"),
            (_doc(composite={"method": "median"}), "composite.method", "weighted_mean"),
            (_doc(composite={"unscored": "zero"}), "composite.unscored", "skip, relative"),
            (_doc(indicators=[]), "indicators", "a non-empty array of tables"),
            (_doc(indicators={"id": "x"}), "indicators", "a non-empty array of tables"),
            (_member_doc(weight=0), "indicators[0].weight", "greater than 0"),
            (_member_doc(weight="1"), "indicators[0].weight", "a number"),
            (_member_doc(weight=True), "indicators[0].weight", "a number"),
            (_member_doc(weight=float("inf")), "indicators[0].weight", "a finite number"),
            (_member_doc(range={}), "indicators[0].range", "min, max or both"),
            (_member_doc(range={"min": 5, "max": 1}), "indicators[0].range.max", "not below"),
            (_member_doc(range={"low": 1}), "indicators[0].range.low", "one of the keys min"),
            (_member_doc(range={"min": 1}, target=3), "indicators[0].target", "no target"),
            (_member_doc(direction="up"), "indicators[0].direction", "one of higher, lower"),
            (_member_doc(tolerance=-1), "indicators[0].tolerance", "greater than 0"),
            (_member_doc(unofficial=1), "indicators[0].unofficial", "true or false"),
            (_member_doc(note=5), "indicators[0].note", "a string"),
            (_member_doc(id=""), "indicators[0].id", "a non-empty string"),
            (_member_doc(colour=1), "indicators[0].colour", "one of the keys id, weight"),
            (
                _doc(indicators=[{"id": "closure-rate"}, {"id": "closure-rate"}]),
                "indicators[1].id",
                "not already in the set",
            ),
        ],
    )
    def test_rejects_with_file_key_and_expectation(
        self, doc: dict[str, Any], key: str, expected: str
    ) -> None:
        """
        Each schema violation raises IndicatorSetError naming the file, the key and what
        would be valid.
        """
        with pytest.raises(IndicatorSetError) as info:
            parse_set(doc, "local.toml", known=KNOWN)
        err = info.value
        assert isinstance(err, SchemaError)
        assert (err.source, err.key) == ("local.toml", key)
        assert expected in err.expected
        assert str(err).startswith(f"local.toml: {key}: expected ")

    def test_unknown_indicator_names_it_and_the_valid_ones(self) -> None:
        """
        A member naming an undefined indicator raises UnknownNameError with the valid ids.
        """
        with pytest.raises(UnknownNameError) as info:
            parse_set(_member_doc(id="closure-rat"), "local.toml", known=KNOWN)
        assert info.value.name == "closure-rat"
        assert info.value.valid == tuple(sorted(KNOWN))
        assert "local.toml: indicators[0].id" in str(info.value)

    def test_checks_against_builtin_ids_by_default(self) -> None:
        """
        Without ``known`` members are checked against the built-in indicator registry.
        """
        with pytest.raises(UnknownNameError) as info:
            parse_set(_member_doc(id="no-such-indicator"))
        assert set(info.value.valid) == set(builtin_ids())


class TestMember:
    @pytest.mark.parametrize(
        ("member", "text"),
        [
            (Member("x", low=90, high=110), "[90, 110]"),
            (Member("x", low=95), ">= 95"),
            (Member("x", high=1.2), "<= 1.2"),
            (Member("x", target=95, direction="higher"), ">= 95"),
            (Member("x", target=30, direction="lower"), "<= 30"),
            (Member("x", target=1), "= 1"),
            (Member("x"), "(none)"),
        ],
    )
    def test_range_text(self, member: Member, text: str) -> None:
        """
        The standard reads as a range, a one-sided bound, a target or none.
        """
        assert member.range_text() == text

    def test_range_text_takes_the_indicator_direction(self) -> None:
        """
        A target without a member direction reads with the indicator's direction; the
        member's own direction wins.
        """
        assert Member("x", target=12).range_text("lower") == "<= 12"
        assert Member("x", target=12).range_text("neutral") == "= 12"
        assert Member("x", target=12, direction="higher").range_text("lower") == ">= 12"

    def test_standard_flags(self) -> None:
        """
        has_range / has_standard tell ranges, targets and members without a standard apart.
        """
        assert Member("x", low=1).has_range
        assert Member("x", low=1).has_standard
        assert not Member("x", target=1).has_range
        assert Member("x", target=1).has_standard
        assert not Member("x").has_standard


class TestLoadSet:
    def test_from_file(self, tmp_path: Path) -> None:
        """
        A path to a TOML file loads that file; the set remembers where it came from.
        """
        path = tmp_path / "mine.toml"
        path.write_text(GOOD, encoding="utf-8")
        s = load_set(path, known=KNOWN)
        assert s.id == "demo-set"
        assert s.source == str(path)
        assert load_set(str(path), known=KNOWN) == s

    def test_invalid_toml(self, tmp_path: Path) -> None:
        """
        A file that is not TOML raises IndicatorSetError naming the file.
        """
        path = tmp_path / "broken.toml"
        path.write_text("id = [", encoding="utf-8")
        with pytest.raises(IndicatorSetError, match=r"broken.toml: \(document\): expected valid"):
            load_set(path, known=KNOWN)

    def test_set_passes_through(self) -> None:
        """
        A set given as a set is returned unchanged.
        """
        s = parse_set(tomllib.loads(GOOD), known=KNOWN)
        assert load_set(s) is s

    def test_unknown_builtin_id_lists_the_ids(self) -> None:
        """
        An unknown built-in id raises UnknownNameError naming the ids and id@version keys.
        """
        with pytest.raises(UnknownNameError) as info:
            load_set("spc-2099")
        assert "spc-2024-09" in info.value.valid
        assert "local-platform@2.0" in info.value.valid

    def test_versions(self) -> None:
        """
        A bare id gives the latest version; id@version gives that version.
        """
        assert load_set("local-platform").version == "3.0"
        assert load_set("local-platform@2.0").version == "2.0"
        assert load_set("local-platform@3.0") == load_set("local-platform")


@pytest.fixture(scope="module")
def sets() -> dict[str, IndicatorSet]:
    """
    The shipped sets by key.
    """
    return {s.key: s for s in builtin_sets()}


class TestBuiltinSets:
    def test_shipped(self, sets: dict[str, IndicatorSet]) -> None:
        """
        The six shipped sets load against the built-in registry, ordered by id and version.
        """
        assert list(sets) == [
            "cepej@1",
            "courtools@1",
            "local-platform@2.0",
            "local-platform@3.0",
            "spc-2024-01@2024-01",
            "spc-2024-09@2024-09",
        ]

    def test_spc_sets_are_incomplete_unofficial_equal_weights_no_ranges(
        self, sets: dict[str, IndicatorSet]
    ) -> None:
        """
        The SPC sets carry only published members: incomplete, unofficial, equal weights and
        no range or target (the official ones are not published).
        """
        for key in ("spc-2024-01@2024-01", "spc-2024-09@2024-09"):
            s = sets[key]
            assert s.incomplete
            assert s.unofficial
            assert not s.example
            assert {m.weight for m in s.members} == {1.0}
            assert not any(m.has_standard for m in s.members)
            assert all(m.unofficial for m in s.members)

    def test_spc_members_follow_the_published_releases(self, sets: dict[str, IndicatorSet]) -> None:
        """
        Exactly the confirmed members: the shared ones in both, the dropped and unmerged
        ones in 2024-01, the two merged amend-to-remand ratios (documented assumptions) in
        2024-09.
        """
        jan = sets["spc-2024-01@2024-01"]
        sep = sets["spc-2024-09@2024-09"]
        assert set(jan.indicator_ids) == SPC_BOTH | SPC_2024_01_ONLY
        assert set(sep.indicator_ids) == SPC_BOTH | SPC_2024_09_ONLY
        for indicator in SPC_2024_09_ONLY:
            assert "assumption" in sep.member(indicator).formula.lower()

    def test_local_platform_versions_differ(self, sets: dict[str, IndicatorSet]) -> None:
        """
        The example local platform set's two versions differ in members, weights or ranges,
        and both are marked example and unofficial.
        """
        v2, v3 = sets["local-platform@2.0"], sets["local-platform@3.0"]
        assert v2.example
        assert v3.example
        assert v2.unofficial
        assert v3.unofficial
        assert v2.indicator_ids != v3.indicator_ids
        assert v2.members != v3.members
        assert any(m.has_range for m in v3.members)

    def test_international_sets_have_standards(self, sets: dict[str, IndicatorSet]) -> None:
        """
        CEPEJ and CourTools each have at least one member with a standard.
        """
        for key in ("cepej@1", "courtools@1"):
            assert any(m.has_standard for m in sets[key].members)
