"""Writing forms in YAML: decoding, and the semantic problems reported to provinces."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FIELD_TYPES, Condition, FormSpec, Text, load_form
from tests.plugins.eforms.eforms_support import minimal_form

NO_FIELD = "no field {!r} here or in an enclosing scope"


def problems_of(form: FormSpec, code_lists: dict[str, CodeList]) -> list[str]:
    """Problems as ``path: what`` lines, the way a province reads them."""
    found = form.problems(code_lists)
    return [f"{'/'.join(map(str, path))}: {what}" for path, what, _ in found]


def test_the_sample_form_decodes_and_has_no_problem(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    assert residence.code == "TK-CT-01"
    assert residence.version == 2
    assert residence.effective_from == dt.date(2025, 7, 1)
    assert residence.title == Text(
        vi="Tờ khai thay đổi thông tin cư trú", en="Residence information change"
    )
    assert residence.problems(code_lists) == []


def test_every_field_type_appears_in_the_sample_form(residence: FormSpec) -> None:
    assert {field.type for field in residence.top_fields()} == set(FIELD_TYPES)


def test_dates_and_today_are_both_read_as_text() -> None:
    form = minimal_form(
        "- {key: a, type: date, label: A, min_date: 2020-01-01, max_date: today}"
    )
    field = next(form.top_fields())
    assert field.min_date == "2020-01-01"
    assert field.max_date == "today"


def test_condition_uses_the_yaml_word_in() -> None:
    form = minimal_form(
        """
        - {key: a, type: text, label: A}
        - {key: b, type: text, label: B, visible_when: {field: a, in: [x, y]}}
        """
    )
    assert list(form.top_fields())[1].visible_when == Condition(
        field="a", in_=["x", "y"]
    )


def test_unknown_keys_and_types_are_refused_when_decoding() -> None:
    with pytest.raises(msgspec.ValidationError, match="requird"):
        minimal_form("- {key: a, type: text, label: A, requird: true}")
    with pytest.raises(msgspec.ValidationError, match="type"):
        minimal_form("- {key: a, type: signature, label: A}")


def test_decoded_forms_are_immutable(residence: FormSpec) -> None:
    with pytest.raises(AttributeError):
        residence.version = 3  # type: ignore[misc]


def test_duplicate_keys_across_sections_and_inside_groups(
    code_lists: dict[str, CodeList],
) -> None:
    form = load_form(
        """
code: T
version: 1
title: T
sections:
  - key: one
    title: One
    fields:
      - {key: name, type: text, label: A}
  - key: one
    title: Two
    fields:
      - {key: name, type: text, label: B}
      - key: people
        type: group
        label: P
        fields:
          - {key: name, type: text, label: C}
          - {key: age, type: number, label: D}
          - {key: age, type: number, label: E}
"""
    )
    found = problems_of(form, code_lists)
    assert "sections/1/key: key 'one' is used twice" in found
    assert "sections/1/fields/0/key: key 'name' is used twice" in found
    assert "sections/1/fields/1/fields/2/key: key 'age' is used twice" in found
    # The same key in a group item and at the top level is fine: they are scoped.
    assert not any("fields/1/fields/0/key" in p for p in found)


def test_keys_must_be_lower_case_identifiers(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form("- {key: Full-Name, type: text, label: A}")
    assert problems_of(form, code_lists) == [
        "sections/0/fields/0/key: key 'Full-Name' is not lower-case letters, "
        "digits and underscores"
    ]


def test_conditions_must_name_existing_fields(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: text, label: A, visible_when: {field: nope, filled: true}}
        - {key: b, type: text, label: B, required_when: {field: b, filled: true}}
        - key: g
          type: group
          label: G
          fields:
            - {key: c, type: text, label: C, visible_when: {field: a, filled: true}}
        - {key: d, type: text, label: D, visible_when: {field: c, filled: true}}
        """
    )
    found = problems_of(form, code_lists)
    assert f"sections/0/fields/0/visible_when/field: {NO_FIELD.format('nope')}" in found
    assert (
        "sections/0/fields/1/required_when/field: the condition refers to its own field"
        in found
    )
    # A group item may look outwards, but the form cannot look into one item.
    assert not any("fields/2/fields/0" in p for p in found)
    assert f"sections/0/fields/3/visible_when/field: {NO_FIELD.format('c')}" in found


def test_condition_needs_exactly_one_test_and_known_values(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - key: a
          type: choice
          label: A
          options: [{value: x, label: X}, {value: y, label: Y}]
        - {key: b, type: text, label: B, visible_when: {field: a}}
        - {key: c, type: text, label: C, visible_when: {field: a, equals: z}}
        - key: d
          type: text
          label: D
          visible_when: {field: a, equals: x, filled: true}
        - {key: e, type: checkbox, label: E}
        - {key: f, type: text, label: F, visible_when: {field: e, equals: 'yes'}}
        - {key: g, type: text, label: G, visible_when: {field: e, equals: 'true'}}
        """
    )
    found = problems_of(form, code_lists)
    assert (
        "sections/0/fields/1/visible_when: a condition needs exactly one test" in found
    )
    assert "sections/0/fields/2/visible_when: 'z' is never a value of 'a'" in found
    assert (
        "sections/0/fields/3/visible_when: a condition needs exactly one test" in found
    )
    assert "sections/0/fields/5/visible_when: 'yes' is never a value of 'e'" in found
    assert not any("fields/6" in p for p in found)


def test_condition_values_are_checked_against_code_lists(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: a, type: choice, label: A, code_list: genders}
        - {key: b, type: text, label: B, visible_when: {field: a, in: ['1', '3']}}
        """
    )
    assert problems_of(form, code_lists) == [
        "sections/0/fields/1/visible_when: '3' is never a value of 'a'"
    ]


def test_address_parts_may_be_tested(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: home, type: address, label: A}
        - key: b
          type: text
          label: B
          visible_when: {field: home.province, equals: '01'}
        - {key: c, type: text, label: C, visible_when: {field: home.x, filled: true}}
        - {key: d, type: text, label: D, visible_when: {field: home, equals: x}}
        """
    )
    found = problems_of(form, code_lists)
    assert not any("fields/1" in p for p in found)
    assert f"sections/0/fields/2/visible_when/field: {NO_FIELD.format('home.x')}" in (
        found
    )
    assert (
        "sections/0/fields/3/visible_when: a address can only be tested with filled"
        in (found)
    )


def test_visibility_loops_are_found(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: text, label: A, visible_when: {field: b, filled: true}}
        - {key: b, type: text, label: B, visible_when: {field: c, filled: true}}
        - {key: c, type: text, label: C, visible_when: {field: a, filled: true}}
        - {key: d, type: text, label: D, visible_when: {field: a, filled: true}}
        """
    )
    loops = [p for p in problems_of(form, code_lists) if "depends on itself" in p]
    what = "the visibility of the field depends on itself"
    assert loops == [f"sections/0/fields/{i}/visible_when: {what}" for i in range(3)]


def test_unknown_code_lists(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: choice, label: A, code_list: religions}
        - {key: b, type: address, label: B, commune_list: wards}
        """
    )
    found = problems_of(form, code_lists)
    assert "sections/0/fields/0/code_list: code list 'religions' is not loaded" in found
    assert "sections/0/fields/1/commune_list: code list 'wards' is not loaded" in found


def test_choice_needs_options_or_a_code_list_not_both(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: a, type: choice, label: A}
        - key: b
          type: choice
          label: B
          code_list: genders
          options: [{value: x, label: X}]
        - key: c
          type: choice
          label: C
          options: [{value: x, label: X}, {value: x, label: Y}]
        """
    )
    found = problems_of(form, code_lists)
    assert "sections/0/fields/0: a choice needs either options or a code_list" in found
    assert "sections/0/fields/1: a choice needs either options or a code_list" in found
    assert (
        "sections/0/fields/2/options/1/value: option value 'x' is used twice" in found
    )


def test_bad_regular_expression(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form("- {key: a, type: text, label: A, pattern: '[0-9'}")
    [(path, what, fix)] = form.problems(code_lists)
    assert path == ("sections", 0, "fields", 0, "pattern")
    assert what.startswith("the regular expression does not compile")
    assert "whole text" in fix


GROUP_FIELDS = "fields: [{key: x, type: text, label: X}]"


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (
            "type: text, min_length: 5, max_length: 2",
            "min_length (5) is greater than max_length (2)",
        ),
        ("type: number, min: 10, max: 1", "min (10.0) is greater than max (1.0)"),
        ("type: money, min: 5, max: 4", "min (5.0) is greater than max (4.0)"),
        (
            f"type: group, min_items: 3, max_items: 1, {GROUP_FIELDS}",
            "min_items (3) is greater than max_items (1)",
        ),
        (
            "type: date, min_date: 2025-01-01, max_date: 2024-01-01",
            "min_date is after max_date",
        ),
        (
            "type: date, min_date: today, max_date: today-1y",
            "min_date is after max_date",
        ),
        ("type: date, min_date: yesterday", "'yesterday' is not a date"),
        (
            "type: text, max_length: 100000",
            "max_length 100000 exceeds the service's cap of 500",
        ),
        ("type: number, decimals: 9", "decimals must be 0 to 6"),
    ],
)
def test_bounds_in_the_wrong_order_or_out_of_range(
    attributes: str, expected: str, code_lists: dict[str, CodeList]
) -> None:
    form = minimal_form(f"- {{key: a, label: A, {attributes}}}")
    assert expected in [what for _, what, _ in form.problems(code_lists)]


def test_mixed_absolute_and_relative_date_bounds_are_not_compared(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        "- {key: a, type: date, label: A, min_date: 2999-01-01, max_date: today}"
    )
    assert form.problems(code_lists) == []


@pytest.mark.parametrize(
    ("attributes", "name"),
    [
        ("type: date, pattern: x", "pattern"),
        ("type: text, options: [{value: a, label: A}]", "options"),
        ("type: number, min_date: today", "min_date"),
        ("type: text, kind: cccd", "kind"),
        ("type: checkbox, multiple: true", "multiple"),
        (f"type: text, {GROUP_FIELDS}", "fields"),
        ("type: money, decimals: 2", "decimals"),
        ("type: text, commune_list: communes2", "commune_list"),
    ],
)
def test_attributes_without_effect_on_the_type(
    attributes: str, name: str, code_lists: dict[str, CodeList]
) -> None:
    form = minimal_form(f"- {{key: a, label: A, {attributes}}}")
    paths = [path for path, _, _ in form.problems(code_lists)]
    assert ("sections", 0, "fields", 0, name) in paths


def test_type_specific_needs(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: identifier, label: A}
        - {key: b, type: group, label: B}
        """
    )
    found = problems_of(form, code_lists)
    assert "sections/0/fields/0/kind: an identifier field needs a kind" in found
    assert "sections/0/fields/1/fields: the group has no field" in found


def test_prefill_sources(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: text, label: A, prefill: profile.nickname}
        - {key: b, type: text, label: B, prefill: profile.full_name}
        - {key: c, type: text, label: C, prefill: last}
        - key: g
          type: group
          label: G
          prefill: previous
          fields:
            - {key: x, type: text, label: X, prefill: previous}
        """
    )
    assert problems_of(form, code_lists) == [
        "sections/0/fields/0/prefill: unknown prefill source 'profile.nickname'",
        "sections/0/fields/2/prefill: unknown prefill source 'last'",
        "sections/0/fields/3/fields/0/prefill: "
        "prefill applies to top-level fields only",
    ]


def test_form_level_problems(code_lists: dict[str, CodeList]) -> None:
    form = load_form(
        """
code: ' '
version: 0
title: T
sections:
  - {key: s, title: S, fields: []}
"""
    )
    assert problems_of(form, code_lists) == [
        "code: the form has no code",
        "version: the version is below 1",
        "sections/0/fields: the section has no field",
    ]


def test_checks_must_name_fields_of_the_right_type(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: start, type: date, label: Start}
        - {key: note, type: text, label: Note}
        - {key: total, type: money, label: Total}
        - key: people
          type: group
          label: P
          fields:
            - {key: born, type: date, label: Born}
            - {key: pay, type: money, label: Pay}
        - key: others
          type: group
          label: O
          fields:
            - {key: born, type: date, label: Born}
        """,
        """
        - {kind: date_after, field: start, other: missing}
        - {kind: date_after, field: note, other: start}
        - {kind: date_after, field: people.born, other: others.born}
        - {kind: date_after, field: start}
        - {kind: sum_equals, field: total, of: [people.pay, note]}
        - {kind: sum_equals, field: people.pay, of: [total]}
        - {kind: sum_equals, field: total, of: []}
        - {kind: date_after, field: people.born, other: start}
        - {kind: sum_equals, field: total, of: [people.pay]}
        """,
    )
    found = problems_of(form, code_lists)
    assert "checks/0/other: no field 'missing' (use key or group.key)" in found
    assert "checks/1/field: date_after compares date fields" in found
    assert "checks/2: the two dates are in different groups" in found
    assert "checks/3: date_after needs other" in found
    assert "checks/4/of/1: sum_equals adds numbers" in found
    assert "checks/5/field: the total must be a top-level field" in found
    assert "checks/6: sum_equals needs of" in found
    assert not any(p.startswith(("checks/7", "checks/8")) for p in found)


def test_problems_give_a_fix_for_each_finding(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "- {key: A, type: choice, label: A, code_list: nope, pattern: '('}"
    )
    found = form.problems(code_lists)
    assert len(found) >= 3
    assert all(isinstance(path, tuple) and what and fix for path, what, fix in found)


# Which optional attributes each type takes, as the guide for provinces states it.
TAKES = {
    "text": {"min_length", "max_length", "pattern", "pattern_message"},
    "textarea": {"min_length", "max_length"},
    "number": {"min", "max", "decimals"},
    "money": {"min", "max"},
    "date": {"min_date", "max_date"},
    "choice": {"options", "code_list", "multiple", "min_items", "max_items"},
    "checkbox": set(),
    "identifier": {"kind"},
    "address": {"province_list", "commune_list"},
    "group": {"fields", "item_label", "min_items", "max_items"},
}
SAMPLES = {
    "min_length": "1",
    "max_length": "5",
    "pattern": "x",
    "pattern_message": "m",
    "min": "1",
    "max": "5",
    "decimals": "1",
    "min_date": "today",
    "max_date": "today",
    "options": "[{value: a, label: A}]",
    "code_list": "genders",
    "multiple": "true",
    "min_items": "1",
    "max_items": "5",
    "kind": "cccd",
    "province_list": "communes",
    "commune_list": "provinces",
    "fields": "[{key: x, type: text, label: X}]",
    "item_label": "I",
}


@pytest.mark.parametrize("field_type", sorted(TAKES))
def test_each_type_takes_only_its_own_attributes(
    field_type: str, code_lists: dict[str, CodeList]
) -> None:
    for name, sample in SAMPLES.items():
        form = minimal_form(
            f"- {{key: a, label: A, type: {field_type}, {name}: {sample}}}"
        )
        flagged = any(
            path == ("sections", 0, "fields", 0, name) and "has no effect" in what
            for path, what, _ in form.problems(code_lists)
        )
        assert flagged is (name not in TAKES[field_type]), (field_type, name)


def test_conditions_in_nested_groups_see_every_enclosing_scope(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: top, type: checkbox, label: T}
        - key: outer
          type: group
          label: O
          fields:
            - {key: flag, type: checkbox, label: F}
            - key: inner
              type: group
              label: I
              fields:
                - key: a
                  type: text
                  label: A
                  visible_when: {field: flag, filled: true}
                - key: b
                  type: text
                  label: B
                  visible_when: {field: top, filled: true}
                - {key: c, type: text, label: C, visible_when: {field: a, filled: true}}
        - {key: d, type: text, label: D, visible_when: {field: flag, filled: true}}
        """
    )
    found = problems_of(form, code_lists)
    assert found == [
        f"sections/0/fields/2/visible_when/field: {NO_FIELD.format('flag')}"
    ]
