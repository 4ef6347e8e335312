"""The generic validator: every problem of a value reported at once, in plain words."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Annotated, Any, Literal

import msgspec
import pytest

from core.catalogue.errors import ConfigError, Report
from core.catalogue.model import Duration, Label, StepSpec, Text
from core.catalogue.validate import (
    check,
    closest,
    decode,
    describe_type,
    describe_value,
)
from core.catalogue.yamlpos import parse_yaml


class Inner(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    size: int
    unit: Literal["mb", "kb"] = "mb"


class Outer(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    name: Label
    count: int
    ratio: float = 1.0
    enabled: bool = False
    starts: dt.date | None = None
    inner: Inner | None = None
    tags: list[str] = []
    limits: dict[str, Inner] = {}
    years: dict[int, str] = {}
    anything: Any = None


class Bounded(msgspec.Struct, forbid_unknown_fields=True):
    percent: Annotated[int, msgspec.Meta(ge=0, le=100)]
    code: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
    items: Annotated[list[str], msgspec.Meta(min_length=1)]


def run(data: Any, tp: Any) -> tuple[Any, list[ConfigError]]:
    report = Report("f.yaml", lambda _path: (1, 1))
    return decode(data, tp, report), report.errors


def by_path(errors: list[ConfigError]) -> dict[str, ConfigError]:
    return {e.path: e for e in errors}


def test_a_valid_value_is_built() -> None:
    value, errors = run(
        {
            "name": {"vi": "Tên", "en": "Name"},
            "count": 2,
            "tags": ["a"],
            "years": {2026: "x"},
        },
        Outer,
    )
    assert errors == []
    assert value == Outer(
        name=Text(vi="Tên", en="Name"), count=2, tags=["a"], years={2026: "x"}
    )


def test_every_problem_is_reported_not_only_the_first() -> None:
    value, errors = run(
        {"nmae": "x", "count": "two", "ratio": "half", "enabled": "yes", "tags": "a"},
        Outer,
    )
    assert value is None
    found = by_path(errors)
    assert set(found) == {"nmae", "name", "count", "ratio", "enabled", "tags"}


def test_unknown_key_suggests_the_closest_known_key() -> None:
    _, errors = run({"name": "x", "count": 1, "ration": 2.0}, Outer)
    [error] = errors
    assert error.path == "ration"
    assert error.what == "unknown key 'ration'"
    assert "did you mean 'ratio'?" in error.fix
    assert "allowed keys here: name, count, ratio" in error.fix


def test_unknown_key_far_from_any_known_key_lists_the_allowed_ones() -> None:
    _, errors = run({"name": "x", "count": 1, "zzz": 2}, Outer)
    assert "did you mean" not in errors[0].fix
    assert "allowed keys here" in errors[0].fix


def test_a_comma_inside_a_flow_mapping_gets_an_explanation() -> None:
    doc = parse_yaml("name: {vi: Cha, mẹ hoặc người thân}\ncount: 1\n", "f.yaml")
    report = Report("f.yaml", doc.locate)
    assert decode(doc.data, Outer, report) is None
    [error] = report.errors
    assert error.path == "name.mẹ hoặc người thân"
    assert "put text that contains a comma in quotes" in error.fix


def test_missing_required_key_says_what_to_add() -> None:
    _, errors = run({"name": "x"}, Outer)
    [error] = errors
    assert error.path == "count"
    assert error.what == "missing required key 'count'"
    assert error.fix == "add 'count:' with a whole number"


def test_wrong_type_says_what_was_expected_and_found() -> None:
    _, errors = run({"name": "x", "count": 2.5}, Outer)
    assert errors[0].what == "expected a whole number, found the number 2.5"


def test_booleans_are_not_numbers_and_numbers_are_not_booleans() -> None:
    _, errors = run({"name": "x", "count": True, "enabled": 1}, Outer)
    found = by_path(errors)
    assert found["count"].what == "expected a whole number, found the value true"
    assert found["enabled"].what == "expected true or false, found the whole number 1"


def test_a_whole_number_is_accepted_where_a_number_is_expected() -> None:
    value, errors = run({"name": "x", "count": 1, "ratio": 3}, Outer)
    assert errors == []
    assert value.ratio == 3.0


def test_number_written_where_text_is_expected_suggests_quotes() -> None:
    _, errors = run({"name": 12, "count": 1}, Outer)
    assert errors[0].what.startswith("expected text or a mapping with keys vi, en")
    assert errors[0].fix == "put the value in quotes to keep it as text"


def test_yes_read_as_true_where_text_is_expected_explains_yaml() -> None:
    _, errors = run({"name": True, "count": 1}, Outer)
    assert "yes/no/on/off" in errors[0].fix


def test_literal_lists_the_allowed_values_and_suggests_one() -> None:
    _, errors = run({"size": 1, "unit": "mbb"}, Inner)
    [error] = errors
    assert error.what == "the text 'mbb' is not allowed here"
    assert error.fix == "did you mean 'mb'? use one of: kb, mb"


def test_yes_for_a_literal_explains_yaml_booleans() -> None:
    _, errors = run({"size": 1, "unit": True}, Inner)
    assert "quote the word" in errors[0].fix


def test_nested_struct_errors_carry_the_full_path() -> None:
    _, errors = run(
        {
            "name": "x",
            "count": 1,
            "inner": {"size": "big"},
            "limits": {"a": {"sizes": 1}},
        },
        Outer,
    )
    found = by_path(errors)
    assert found["inner.size"].what == "expected a whole number, found the text 'big'"
    assert found["limits.a.sizes"].what == "unknown key 'sizes'"
    assert found["limits.a.size"].what == "missing required key 'size'"


def test_list_items_are_checked_one_by_one() -> None:
    _, errors = run({"name": "x", "count": 1, "tags": ["a", 2, "c", None]}, Outer)
    assert [e.path for e in errors] == ["tags[1]", "tags[3]"]


def test_mapping_keys_of_the_wrong_type_are_reported() -> None:
    _, errors = run({"name": "x", "count": 1, "years": {"2026": "x", 2027: "y"}}, Outer)
    [error] = errors
    assert error.path == "years.2026"
    assert error.what == "key '2026' is not a whole number"


def test_text_or_translation_union() -> None:
    ok, errors = run({"name": "Tên", "count": 1}, Outer)
    assert errors == []
    assert ok.name == "Tên"
    _, errors = run({"name": {"vi": "Tên", "vn": "x"}, "count": 1}, Outer)
    assert [(e.path, e.what) for e in errors] == [("name.vn", "unknown key 'vn'")]
    _, errors = run({"name": ["Tên"], "count": 1}, Outer)
    assert errors[0].what.startswith("expected text or a mapping with keys vi, en")


def test_optional_values_accept_null() -> None:
    value, errors = run({"name": "x", "count": 1, "starts": None, "inner": None}, Outer)
    assert errors == []
    assert value.inner is None


def test_dates_accept_real_dates_and_iso_text() -> None:
    value, errors = run({"name": "x", "count": 1, "starts": dt.date(2026, 1, 2)}, Outer)
    assert errors == []
    assert value.starts == dt.date(2026, 1, 2)
    value, errors = run({"name": "x", "count": 1, "starts": "2026-01-02"}, Outer)
    assert errors == []
    assert value.starts == dt.date(2026, 1, 2)
    _, errors = run({"name": "x", "count": 1, "starts": "02/01/2026"}, Outer)
    assert errors[0].what == "expected a date (YYYY-MM-DD), found the text '02/01/2026'"


def test_null_for_a_required_value_suggests_removing_or_filling() -> None:
    _, errors = run({"name": None, "count": 1}, Outer)
    assert errors[0].what.endswith("found nothing (an empty value)")
    assert "after the colon" in errors[0].fix


def test_any_accepts_everything() -> None:
    value, errors = run(
        {"name": "x", "count": 1, "anything": {"deep": [1, "two"]}}, Outer
    )
    assert errors == []
    assert value.anything == {"deep": [1, "two"]}


def test_constraints_of_annotated_types_are_checked() -> None:
    _, errors = run({"percent": 120, "code": "ab", "items": []}, Bounded)
    found = by_path(errors)
    assert found["percent"].fix == "use a number at most 100"
    assert "expected form" in found["code"].what
    assert found["items"].what == "has 0 items, fewer than 1"


def test_constraints_met_build_the_value() -> None:
    value, errors = run({"percent": 50, "code": "ABC", "items": ["x"]}, Bounded)
    assert errors == []
    assert value.percent == 50


def test_a_document_that_is_not_a_mapping() -> None:
    _, errors = run(["a"], Outer)
    [error] = errors
    assert error.path == "(document)"
    assert error.what.startswith("expected a mapping with keys name, count")


def test_paths_are_relative_to_the_given_prefix() -> None:
    seen: list[tuple[Any, ...]] = []

    def locate(path: tuple[Any, ...]) -> tuple[int, int]:
        seen.append(path)
        return (7, 3)

    report = Report("p.yaml", locate).child(("plugins", "fees"))
    check({"amount": "x"}, Duration, report, ("rules", 0))
    [error] = report.errors
    assert error.path == "plugins.fees.rules[0].amount"
    assert seen[-1] == ("plugins", "fees", "rules", 0, "amount")
    assert (error.line, error.column) == (7, 3)


def test_errors_are_located_in_the_yaml_source() -> None:
    doc = parse_yaml(
        "code: a\nname: A\nrole: r\nbudget:\n  amount: lots\n"
        "actions: [receive, aprove]\n",
        "step.yaml",
    )
    report = Report("step.yaml", doc.locate)
    assert decode(doc.data, StepSpec, report) is None
    found = by_path(report.errors)
    assert (found["budget.amount"].line, found["budget.amount"].column) == (5, 3)
    assert found["actions[1]"].line == 6
    assert "did you mean 'approve'" in found["actions[1]"].fix


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing (an empty value)"),
        (True, "the value true"),
        (3, "the whole number 3"),
        (2.5, "the number 2.5"),
        (dt.date(2026, 1, 1), "the date 2026-01-01"),
        ("x" * 70, "the text '" + "x" * 57 + "...'"),
        ([1, 2], "a list of 2 items"),
        ({}, "a mapping"),
    ],
)
def test_values_are_described_for_people(value: Any, words: str) -> None:
    assert describe_value(value) == words


def test_types_are_described_for_people() -> None:
    assert describe_type(list[str]) == "a list of text"
    assert describe_type(list[Inner]) == (
        "a list of items that are each a mapping with keys size, unit"
    )
    assert describe_type(str | None) == "text"
    assert describe_type(Literal["a", "b"]) == "one of: a, b"


def test_closest_only_suggests_likely_typos() -> None:
    assert closest("reciever", ["receiver", "leader"]) == "receiver"
    assert closest("xyz", ["receiver", "leader"]) is None


class Money(msgspec.Struct, forbid_unknown_fields=True):
    amount: decimal.Decimal
    ref: uuid.UUID | None = None


class Priced(msgspec.Struct, forbid_unknown_fields=True):
    prices: dict[str, list[Money]]


def test_types_left_to_msgspec_are_still_located() -> None:
    value, errors = run({"prices": {"a": [{"amount": "12.50"}]}}, Priced)
    assert errors == []
    assert value.prices["a"][0].amount == decimal.Decimal("12.50")
    _, errors = run({"prices": {"a": [{"amount": "12.50"}, {"amount": [1]}]}}, Priced)
    [error] = errors
    # msgspec hides mapping keys in its paths, so the error sits on the mapping.
    assert error.path == "prices"
    assert error.what.startswith("Expected `decimal")


def test_a_uuid_is_checked_by_msgspec() -> None:
    _, errors = run({"amount": "1", "ref": "not-a-uuid"}, Money)
    [error] = errors
    assert (error.path, error.what) == ("ref", "Invalid UUID")


class Pair(msgspec.Struct, forbid_unknown_fields=True):
    span: tuple[int, int]
    tags: set[str] = set()


def test_fixed_length_lists() -> None:
    value, errors = run({"span": [1, 2], "tags": ["a", "a"]}, Pair)
    assert errors == []
    assert value.span == (1, 2)
    assert value.tags == {"a"}
    _, errors = run({"span": [1, 2, 3]}, Pair)
    assert errors[0].what == "expected a list of fixed length, found a list of 3 items"
    _, errors = run({"span": [1, "b"]}, Pair)
    assert errors[0].path == "span[1]"


class Fixed(msgspec.Struct, tag_field="kind", tag="fixed", forbid_unknown_fields=True):
    amount: int


class Tiered(
    msgspec.Struct, tag_field="kind", tag="tiered", forbid_unknown_fields=True
):
    tiers: list[int]


class Rule(msgspec.Struct, forbid_unknown_fields=True):
    rule: Fixed | Tiered


def test_tagged_unions_pick_the_member_by_its_tag() -> None:
    value, errors = run({"rule": {"kind": "tiered", "tiers": [1, 2]}}, Rule)
    assert errors == []
    assert value.rule == Tiered(tiers=[1, 2])
    _, errors = run({"rule": {"kind": "fixed", "amount": "x"}}, Rule)
    assert [e.path for e in errors] == ["rule.amount"]
