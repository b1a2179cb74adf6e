"""
Tests for disputeflow.parameters.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import DefinitionError, InvalidValueError, UnknownNameError
from disputeflow.parameters import DatedValue, Parameter, ParameterSet, constant
from strategies import dates

D = pendulum.Date


def wage(value: int, start: pendulum.Date, end: pendulum.Date | None = None) -> DatedValue[int]:
    """
    A dated average-wage figure.
    """
    return DatedValue(value=value, valid_from=start, valid_to=end, reference="provincial bureau")


WAGES: Parameter[int] = Parameter(
    id="small-claims.average-wage",
    values=(wage(90_000, D(2024, 1, 1), D(2024, 12, 31)), wage(95_000, D(2025, 1, 1))),
    label_en="Average annual wage",
    label_zh="上年度就业人员年平均工资",
    unit="yuan",
)


class TestDatedValue:
    def test_covers_inclusive(self) -> None:
        """
        valid_from and valid_to are both inclusive.
        """
        entry = wage(1, D(2024, 1, 1), D(2024, 12, 31))
        assert entry.covers(D(2024, 1, 1))
        assert entry.covers(D(2024, 12, 31))
        assert not entry.covers(D(2025, 1, 1))
        assert not entry.covers(D(2023, 12, 31))

    def test_open_ended(self) -> None:
        """
        Without valid_to the value applies from its start on.
        """
        entry = wage(1, D(2024, 1, 1))
        assert entry.covers(D(2999, 1, 1))
        assert entry.span == "2024-01-01.."
        assert entry.verified

    def test_end_before_start_rejected(self) -> None:
        """
        valid_to before valid_from names the field.
        """
        with pytest.raises(InvalidValueError) as info:
            wage(1, D(2024, 1, 2), D(2024, 1, 1))
        assert info.value.field == "DatedValue.valid_to"

    def test_reference_required(self) -> None:
        """
        Every value needs its legal basis or source.
        """
        with pytest.raises(InvalidValueError) as info:
            DatedValue(value=1, valid_from=D(2024, 1, 1), reference="")
        assert info.value.field == "DatedValue.reference"

    def test_dates_converted(self) -> None:
        """
        Stdlib dates are converted; datetimes refused.
        """
        entry = DatedValue(value=1, valid_from=dt.date(2024, 1, 1), reference="r")
        assert type(entry.valid_from) is pendulum.Date
        with pytest.raises(InvalidValueError):
            DatedValue(value=1, valid_from=pendulum.datetime(2024, 1, 1), reference="r")


class TestParameter:
    def test_value_at(self) -> None:
        """
        The value in force on a day is returned; boundaries are inclusive.
        """
        assert WAGES.value_at(D(2024, 12, 31)) == 90_000
        assert WAGES.value_at(D(2025, 1, 1)) == 95_000
        assert WAGES.entry_at(D(2030, 6, 1)).valid_from == D(2025, 1, 1)

    def test_no_value_before_start(self) -> None:
        """
        A day before every value raises InvalidValueError naming the parameter and its spans.
        """
        with pytest.raises(InvalidValueError) as info:
            WAGES.value_at(D(2023, 6, 1))
        assert info.value.field == "parameter small-claims.average-wage"
        assert "2024-01-01..2024-12-31" in str(info.value)

    def test_gap(self) -> None:
        """
        Gaps are allowed, and no value applies inside one.
        """
        param = Parameter(
            id="p", values=(wage(1, D(2024, 1, 1), D(2024, 1, 31)), wage(2, D(2024, 3, 1)))
        )
        with pytest.raises(InvalidValueError):
            param.value_at(D(2024, 2, 15))
        assert param.value_at(D(2024, 3, 1)) == 2

    def test_values_sorted(self) -> None:
        """
        Values given out of order are sorted by start date.
        """
        param = Parameter(
            id="p", values=(wage(2, D(2025, 1, 1)), wage(1, D(2024, 1, 1), D(2024, 12, 31)))
        )
        assert [e.value for e in param.values] == [1, 2]

    @pytest.mark.parametrize(
        "values",
        [
            (wage(1, D(2024, 1, 1), D(2024, 6, 30)), wage(2, D(2024, 6, 30))),
            (wage(1, D(2024, 1, 1)), wage(2, D(2025, 1, 1))),
        ],
    )
    def test_overlap_rejected(self, values: tuple[DatedValue[int], ...]) -> None:
        """
        Overlapping values (including an open-ended one followed by another) are a definition
        error naming the parameter and both intervals.
        """
        with pytest.raises(DefinitionError) as info:
            Parameter(id="p", values=values)
        text = str(info.value)
        assert "'p'" in text
        assert values[0].span in text
        assert values[1].span in text

    def test_empty_rejected(self) -> None:
        """
        A parameter needs at least one value.
        """
        with pytest.raises(DefinitionError):
            Parameter(id="p", values=())

    @pytest.mark.parametrize("bad", ["", "Wage", "a b", "-a", "a..b", 3])
    def test_bad_id(self, bad: object) -> None:
        """
        Ids are lower-case kebab or dotted.
        """
        with pytest.raises(InvalidValueError) as info:
            Parameter(id=bad, values=(wage(1, D(2024, 1, 1)),))  # type: ignore[arg-type]
        assert info.value.field == "Parameter.id"

    def test_latest(self) -> None:
        """
        latest() gives the newest entry already started, even if it has ended.
        """
        param = Parameter(id="p", values=(wage(1, D(2024, 1, 1), D(2024, 12, 31)),))
        assert param.latest(D(2026, 1, 1)).value == 1
        assert WAGES.latest(D(2024, 12, 31)).value == 90_000
        assert WAGES.latest(D(2026, 1, 1)).value == 95_000
        with pytest.raises(InvalidValueError):
            param.latest(D(2023, 1, 1))

    def test_with_value_closes_open_entry(self) -> None:
        """
        A new figure closes the open-ended one on the previous day; the original is unchanged.
        """
        newer = WAGES.with_value(wage(99_000, D(2026, 1, 1)))
        assert newer.values[1].valid_to == D(2025, 12, 31)
        assert newer.value_at(D(2025, 12, 31)) == 95_000
        assert newer.value_at(D(2026, 1, 1)) == 99_000
        assert WAGES.values[-1].valid_to is None
        assert newer.label_zh == WAGES.label_zh

    def test_with_value_overlap_rejected(self) -> None:
        """
        A value starting inside an existing closed one is refused.
        """
        with pytest.raises(DefinitionError):
            WAGES.with_value(wage(1, D(2024, 6, 1), D(2024, 7, 1)))

    def test_constant(self) -> None:
        """
        constant() applies from 0001-01-01 with no end and keeps its reference.
        """
        param = constant("appeal.days", 15, "CPL (2021) Art. 171", unit="days")
        assert param.value_at(D(1, 1, 1)) == 15
        assert param.value_at(D(9999, 12, 31)) == 15
        assert param.values[0].reference == "CPL (2021) Art. 171"
        assert param.unit == "days"

    def test_constant_unverified(self) -> None:
        """
        An unverified rule is recorded as such.
        """
        param = constant("x.y", 30, "CPL (2023) Art. 286", verified=False)
        assert not param.entry_at(D(2024, 1, 1)).verified

    @given(
        starts=st.lists(dates(), min_size=1, max_size=8, unique=True),
        day=dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
    )
    def test_with_value_matches_oracle(
        self, starts: list[pendulum.Date], day: pendulum.Date
    ) -> None:
        """
        Built by with_value in date order, value_at gives the value of the latest start on or
        before the day, and fails before the first start.
        """
        ordered = sorted(starts)
        param = Parameter(id="p", values=(wage(0, ordered[0]),))
        for index, start in enumerate(ordered[1:], start=1):
            param = param.with_value(wage(index, start))
        expected = [i for i, s in enumerate(ordered) if s <= day]
        if expected:
            assert param.value_at(day) == expected[-1]
        else:
            with pytest.raises(InvalidValueError):
                param.value_at(day)


class TestParameterSet:
    def test_lookup(self) -> None:
        """
        get, [], value, in, len and iteration work by id.
        """
        params = ParameterSet([WAGES, constant("appeal.days", 15, "CPL (2021) Art. 171")])
        assert params.get("appeal.days").value_at(D(2024, 1, 1)) == 15
        assert params["small-claims.average-wage"] is WAGES
        assert params.value("small-claims.average-wage", D(2025, 5, 1)) == 95_000
        assert "appeal.days" in params
        assert "nope" not in params
        assert len(params) == 2
        assert list(params) == ["appeal.days", "small-claims.average-wage"]

    def test_unknown_id(self) -> None:
        """
        An unknown id raises UnknownNameError (a KeyError) listing the valid ids.
        """
        params = ParameterSet([WAGES])
        with pytest.raises(UnknownNameError) as info:
            params.get("wages")
        assert info.value.kind == "parameter"
        assert info.value.valid == ("small-claims.average-wage",)
        with pytest.raises(KeyError):
            params["wages"]

    def test_duplicate_ids_rejected(self) -> None:
        """
        Two parameters with one id are a definition error.
        """
        with pytest.raises(DefinitionError, match=r"appeal\.days"):
            ParameterSet([constant("appeal.days", 15, "r"), constant("appeal.days", 10, "r")])

    def test_replace(self) -> None:
        """
        replace() overrides by id and adds new ids; the original set is unchanged.
        """
        params = ParameterSet([WAGES, constant("appeal.days", 15, "r")])
        changed = params.replace(constant("appeal.days", 30, "r"), constant("new.one", 1, "r"))
        assert changed.value("appeal.days", D(2024, 1, 1)) == 30
        assert "new.one" in changed
        assert len(changed) == 3
        assert params.value("appeal.days", D(2024, 1, 1)) == 15
        assert "new.one" not in params

    def test_equality(self) -> None:
        """
        Sets with the same parameters are equal whatever the order given.
        """
        one = constant("a.b", 1, "r")
        two = constant("c.d", 2, "r")
        assert ParameterSet([one, two]) == ParameterSet([two, one])
        assert ParameterSet([one]) != ParameterSet([two])
