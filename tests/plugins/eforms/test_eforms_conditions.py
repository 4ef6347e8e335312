"""How conditions find their field and compare values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from plugins.eforms.conditions import (
    condition_holds,
    is_empty,
    resolve_check_path,
    resolve_reference,
    value_texts,
)
from plugins.eforms.schema import Condition, FormField
from tests.plugins.eforms.eforms_support import minimal_form

FORM = minimal_form(
    """
    - {key: name, type: text, label: N}
    - {key: home, type: address, label: H}
    - key: members
      type: group
      label: M
      fields:
        - {key: name, type: text, label: Member name}
        - {key: relation, type: text, label: R}
    """
)
TOP = list(FORM.top_fields())
MEMBERS = TOP[2].fields


def test_a_key_is_found_in_the_innermost_scope_first() -> None:
    found = resolve_reference("name", [TOP, MEMBERS])
    assert found is not None
    assert (found.depth, found.field.label, found.part) == (1, "Member name", None)


def test_outer_scopes_are_searched_next() -> None:
    found = resolve_reference("home", [TOP, MEMBERS])
    assert found is not None
    assert (found.depth, found.field.key) == (0, "home")


def test_address_parts_and_their_limits() -> None:
    found = resolve_reference("home.commune", [TOP])
    assert found is not None
    assert found.part == "commune"
    assert resolve_reference("home.floor", [TOP]) is None
    assert resolve_reference("name.first", [TOP]) is None
    assert resolve_reference("relation", [TOP]) is None  # inside items only


def test_check_paths_name_top_level_fields_or_group_fields() -> None:
    top = resolve_check_path(FORM, "name")
    assert top is not None
    assert (top.group, top.field.key) == (None, "name")
    inner = resolve_check_path(FORM, "members.relation")
    assert inner is not None
    assert inner.group is not None
    assert (inner.group.key, inner.field.key) == ("members", "relation")
    assert resolve_check_path(FORM, "members.nope") is None
    assert resolve_check_path(FORM, "home.province") is None
    assert resolve_check_path(FORM, "nope") is None


@pytest.mark.parametrize(
    ("value", "empty"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        ([], True),
        ({}, True),
        (False, True),
        ({"province": None, "commune": " ", "street": ""}, True),
        ("x", False),
        (0, False),
        (True, False),
        (["a"], False),
        ({"province": "01", "commune": None}, False),
        (Decimal(0), False),
    ],
)
def test_what_counts_as_empty(value: Any, empty: bool) -> None:
    assert is_empty(value) is empty


@pytest.mark.parametrize(
    ("value", "texts"),
    [
        (None, []),
        (True, ["true"]),
        (False, ["false"]),
        (12, ["12"]),
        (Decimal("1.50"), ["1.5"]),
        (Decimal("100"), ["100"]),
        ("2025-07-01", ["2025-07-01"]),
        (["a", "b"], ["a", "b"]),
        ({"province": "01"}, []),
    ],
)
def test_values_are_compared_as_text(value: Any, texts: list[str]) -> None:
    assert value_texts(value) == texts


def test_condition_tests() -> None:
    def holds(value: Any, **test: Any) -> bool:
        return condition_holds(Condition(field="x", **test), value)

    assert holds("a", equals="a")
    assert not holds("b", equals="a")
    assert holds(["b", "c"], equals="c")
    assert holds("b", in_=["a", "b"])
    assert not holds(None, in_=["a"])
    assert holds("x", filled=True)
    assert holds(None, filled=False)
    assert holds(False, filled=False)
    assert holds(False, equals="false")
    assert holds(Decimal("2.0"), equals="2")
    assert holds(None)  # no test: the condition holds


def test_conditions_are_plain_structs() -> None:
    field = FormField(
        key="a", type="text", label="A", visible_when=Condition(field="b")
    )
    assert field.visible_when == Condition(
        field="b", equals=None, in_=None, filled=None
    )
