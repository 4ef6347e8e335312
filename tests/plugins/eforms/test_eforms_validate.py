"""Validating whole forms: conditions, repeating groups, cross-field checks, shapes."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec
from plugins.eforms.validate import FieldError, Limits, validate
from tests.plugins.eforms.eforms_support import (
    TODAY,
    check,
    codes,
    minimal_form,
    valid_residence,
)


def test_valid_data_passes_and_is_cleaned(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    result = check(residence, valid_residence(), code_lists)
    assert result.errors == []
    assert result.ok
    data = result.data
    assert data["phone"] == "+84912345678"
    assert data["members"][1]["birth_date"] == "1997-01-02"
    assert data["members"][0]["is_student"] is False
    assert data["services"] == []
    assert data["area"] is None
    # A field hidden by its condition is not kept.
    assert "reason_detail" not in data
    assert "relation_note" not in data["members"][0]


def test_cleaned_data_validates_to_itself(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    first = check(residence, valid_residence(), code_lists)
    again = check(residence, first.data, code_lists)
    assert again.errors == []
    assert again.data == first.data


def test_every_problem_is_reported_at_once(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data.update(
        cccd="123", birth_date="2030-01-01", gender="9", phone="12", pledge=False
    )
    assert codes(check(residence, data, code_lists)) == {
        "cccd": "invalid_identifier",
        "birth_date": "date_too_late",
        "gender": "invalid_option",
        "phone": "invalid_identifier",
        "pledge": "required_checkbox",
    }


def test_messages_follow_the_applicant_language(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    del data["full_name"]
    vi = check(residence, data, code_lists, "vi").errors
    en = check(residence, data, code_lists, "en").errors
    assert vi == [FieldError("full_name", "required", "Vui lòng nhập thông tin này.")]
    assert en == [FieldError("full_name", "required", "This field is required.")]


def test_messages_by_path_groups_messages(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["members"][0]["full_name"] = ""
    data["members"][0]["income"] = "-1"
    grouped = check(residence, data, code_lists, "en").messages_by_path()
    assert grouped == {
        "members[0].full_name": ["This field is required."],
        "members[0].income": [
            "Please enter an amount in whole dong (for example 1,500,000)."
        ],
    }


# --- conditions --------------------------------------------------------------------


def test_hidden_fields_are_neither_validated_nor_kept(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["reason_detail"] = "x"  # too short, but hidden: reason is "move"
    result = check(residence, data, code_lists)
    assert result.ok
    assert "reason_detail" not in result.data


def test_shown_field_becomes_required_and_checked(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["reason"] = "other"
    assert codes(check(residence, data, code_lists)) == {"reason_detail": "required"}
    data["reason_detail"] = "ngắn"
    assert codes(check(residence, data, code_lists)) == {"reason_detail": "too_short"}
    data["reason_detail"] = "Về ở cùng cha mẹ già"
    result = check(residence, data, code_lists)
    assert result.ok
    # moved_on is shown only for move or marriage, and is dropped with "other".
    assert "moved_on" not in result.data
    assert result.data["reason_detail"] == "Về ở cùng cha mẹ già"


def test_condition_with_in(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["reason"] = "marriage"
    assert check(residence, data, code_lists).data["moved_on"] == "2024-03-01"


def test_required_when_follows_a_checkbox(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["email"] = ""
    assert codes(check(residence, data, code_lists)) == {"email": "required"}
    data["notify_by_email"] = "false"
    assert check(residence, data, code_lists).ok


def test_hiding_cascades_to_fields_that_depend_on_hidden_ones(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: a, type: checkbox, label: A}
        - {key: b, type: text, label: B, visible_when: {field: a, equals: 'true'}}
        - key: c
          type: text
          label: C
          required: true
          visible_when: {field: b, filled: true}
        """
    )
    data = {"a": False, "b": "typed before unticking", "c": ""}
    result = check(form, data, code_lists)
    assert result.ok
    assert result.data == {"a": False}
    data["a"] = "on"
    assert codes(check(form, data, code_lists)) == {"c": "required"}


def test_equals_compares_numbers_as_written(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "      - {key: children, type: number, label: A}\n"
        "      - {key: names, type: text, label: B, required: true,"
        " visible_when: {field: children, equals: '2'}}\n"
        "      - {key: area, type: number, decimals: 1, label: C}\n"
        "      - {key: note, type: text, label: D, required: true,"
        " visible_when: {field: area, in: ['0.5', '1.5']}}\n"
    )
    assert codes(check(form, {"children": "2.0", "area": "1,50"}, code_lists)) == {
        "names": "required",
        "note": "required",
    }
    assert check(form, {"children": "3", "area": "2"}, code_lists).ok


def test_condition_on_a_multiple_choice_holds_when_any_value_matches(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - key: docs
          type: choice
          multiple: true
          label: D
          options: [{value: a, label: A}, {value: b, label: B}]
        - key: why
          type: text
          label: W
          required: true
          visible_when: {field: docs, equals: b}
        """
    )
    assert codes(check(form, {"docs": ["a", "b"]}, code_lists)) == {"why": "required"}
    assert check(form, {"docs": ["a"]}, code_lists).ok


def test_condition_on_an_address_part(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "      - {key: home, type: address, label: H}\n"
        "      - {key: ward_note, type: text, label: N, required: true,"
        " visible_when: {field: home.commune, equals: phuong-1}}\n"
    )
    home = {"province": "99", "commune": "phuong-1", "street": "1"}
    assert codes(check(form, {"home": home}, code_lists)) == {"ward_note": "required"}
    home["commune"] = "xa-tan-phu"
    assert check(form, {"home": home}, code_lists).ok


def test_a_condition_on_an_invalid_field_sees_it_as_empty(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - {key: n, type: number, label: N}
        - {key: t, type: text, label: T, required_when: {field: n, filled: true}}
        """
    )
    assert codes(check(form, {"n": "abc"}, code_lists)) == {"n": "not_a_number"}


# --- repeating groups --------------------------------------------------------------


def test_group_items_are_validated_with_indexed_paths(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["members"][1]["relation"] = "other"
    data["members"][1]["birth_date"] = "31/02/1990"
    assert codes(check(residence, data, code_lists)) == {
        "members[1].relation_note": "required",
        "members[1].birth_date": "not_a_date",
    }


def test_condition_inside_an_item_looks_at_its_sibling_first(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    # Both the form and each member have a full_name; relation is per member.
    data = valid_residence()
    data["members"][0]["relation"] = "other"
    data["members"][0]["relation_note"] = "Cháu"
    result = check(residence, data, code_lists)
    assert result.ok
    assert result.data["members"][0]["relation_note"] == "Cháu"
    assert "relation_note" not in result.data["members"][1]


def test_group_item_may_depend_on_a_form_level_field(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        "      - {key: foreign, type: checkbox, label: F}\n"
        "      - key: people\n        type: group\n        label: P\n        fields:\n"
        "          - {key: name, type: text, label: N}\n"
        "          - {key: passport, type: identifier, kind: passport, label: P,"
        " required_when: {field: foreign, equals: 'true'}}\n"
    )
    data = {
        "foreign": True,
        "people": [{"name": "A"}, {"name": "B", "passport": "C1234567"}],
    }
    assert codes(check(form, data, code_lists)) == {"people[0].passport": "required"}


def test_blank_rows_are_ignored_but_keep_the_positions_of_others(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    blank = {"full_name": " ", "relation": "", "income": "", "is_student": "false"}
    data["members"].insert(0, blank)
    data["members"][2]["relation"] = "nobody"
    result = check(residence, data, code_lists)
    assert codes(result) == {"members[2].relation": "invalid_option"}
    data["members"][2]["relation"] = "spouse"
    result = check(residence, data, code_lists)
    assert result.ok
    assert [m["full_name"] for m in result.data["members"]] == [
        "Nguyễn Thị Hoa",
        "Trần Văn Nam",
    ]


def test_group_sizes(residence: FormSpec, code_lists: dict[str, CodeList]) -> None:
    data = valid_residence()
    data["members"] = []
    assert codes(check(residence, data, code_lists)) == {"members": "required"}
    data["members"] = [
        {"full_name": f"Người {i}", "relation": "child"} for i in range(11)
    ]
    data["total_income"] = 0
    assert codes(check(residence, data, code_lists)) == {"members": "too_many_items"}


def test_group_min_items(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "      - key: witnesses\n        type: group\n        label: W\n"
        "        min_items: 2\n        fields:\n"
        "          - {key: name, type: text, label: N, required: true}\n"
    )
    assert check(form, {}, code_lists).ok  # an optional group may stay empty
    result = check(form, {"witnesses": [{"name": "A"}]}, code_lists, "en")
    assert [(e.path, e.message) for e in result.errors] == [
        ("witnesses", "At least 2 entries are needed.")
    ]


def test_group_shapes(residence: FormSpec, code_lists: dict[str, CodeList]) -> None:
    data = valid_residence()
    data["members"] = {"0": {"full_name": "A"}}
    assert codes(check(residence, data, code_lists))["members"] == "invalid_shape"
    data["members"] = [{"full_name": "A", "relation": "head"}, "B", None]
    found = codes(check(residence, data, code_lists))
    assert found["members[1]"] == "invalid_shape"
    assert found["members[2]"] == "invalid_shape"


def test_unknown_fields_inside_items(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["members"][0]["salary"] = "1"
    assert codes(check(residence, data, code_lists)) == {
        "members[0].salary": "unknown_field"
    }


def test_global_cap_on_group_items(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "      - key: rows\n        type: group\n        label: R\n        fields:\n"
        "          - {key: x, type: text, label: X}\n"
    )
    rows = [{"x": str(i)} for i in range(6)]
    result = validate(
        form,
        {"rows": rows},
        lang="en",
        code_lists=code_lists,
        today=TODAY,
        limits=Limits(max_group_items=5),
    )
    assert codes(result) == {"rows": "too_many_items"}
    assert result.errors[0].message == "At most 5 entries are allowed."


# --- cross-field checks ------------------------------------------------------------


def test_sum_over_a_group(residence: FormSpec, code_lists: dict[str, CodeList]) -> None:
    data = valid_residence()
    data["total_income"] = "11.000.000"
    result = check(residence, data, code_lists, "en")
    assert [(e.path, e.code, e.message) for e in result.errors] == [
        (
            "total_income",
            "sum_equals",
            "Household income must equal the members' incomes added up.",
        )
    ]


def test_sum_check_waits_until_its_fields_are_valid(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["total_income"] = 1
    data["members"][0]["income"] = "many"
    assert codes(check(residence, data, code_lists)) == {
        "members[0].income": "not_money"
    }


def test_sum_with_default_message_and_missing_terms(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        "      - {key: fee, type: money, label: Phí}\n"
        "      - {key: charge, type: money, label: Lệ phí}\n"
        "      - {key: total, type: money, label: Tổng}\n",
        "  - {kind: sum_equals, field: total, of: [fee, charge]}\n",
    )
    assert check(form, {"fee": 50000, "total": 50000}, code_lists).ok
    result = check(
        form, {"fee": 50000, "charge": 20000, "total": 60000}, code_lists, "vi"
    )
    assert [e.message for e in result.errors] == [
        "“Tổng” phải bằng tổng “Phí”, “Lệ phí” (70.000)."
    ]
    assert check(form, {"fee": 1}, code_lists).ok  # no total given: nothing to compare


def test_date_after_between_form_fields(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["fee_paid_on"] = "2024-02-29"
    result = check(residence, data, code_lists, "vi")
    assert [(e.path, e.message) for e in result.errors] == [
        ("fee_paid_on", "“Ngày nộp lệ phí” không được trước “Ngày chuyển đến”.")
    ]
    data["fee_paid_on"] = "2024-03-01"  # allow_equal: the same day is fine
    assert check(residence, data, code_lists).ok


def test_date_after_applied_to_each_group_item(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["members"][1]["birth_date"] = "2024-03-01"  # not strictly before moving in
    result = check(residence, data, code_lists, "en")
    assert [(e.path, e.code, e.message) for e in result.errors] == [
        ("moved_on", "date_after", "“Moved in on” must be after “Date of birth”.")
    ]


def test_date_after_within_each_item(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        "      - key: jobs\n        type: group\n        label: J\n        fields:\n"
        "          - {key: start, type: date, label: Start}\n"
        "          - {key: end, type: date, label: End}\n",
        "  - {kind: date_after, field: jobs.end, other: jobs.start,"
        " message: {vi: Ngày kết thúc phải sau ngày bắt đầu., en: End after start.}}\n",
    )
    jobs = [
        {"start": "2020-01-01", "end": "2021-01-01"},
        {"start": "2022-01-01", "end": "2021-06-01"},
        {"start": "2023-01-01"},
    ]
    result = check(form, {"jobs": jobs}, code_lists, "en")
    assert [(e.path, e.message) for e in result.errors] == [
        ("jobs[1].end", "End after start.")
    ]


def test_checks_skip_hidden_fields(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data.update(
        reason="other", reason_detail="Lý do khác đủ dài", fee_paid_on="2000-01-01"
    )
    assert check(residence, data, code_lists).ok  # moved_on is hidden


# --- shapes, sizes and hostile input -------------------------------------------------


@pytest.mark.parametrize("data", [None, [], "text", 42, [("a", 1)]])
def test_data_that_is_not_a_mapping(
    data: Any, residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    result = check(residence, data, code_lists, "en")
    assert result.data == {}
    assert [(e.path, e.code) for e in result.errors] == [("", "invalid_shape")]


def test_unknown_top_level_fields_are_refused(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["is_admin"] = True
    data[7] = "x"
    data["bad\nkey"] = "x"
    found = codes(check(residence, data, code_lists))
    assert found == {
        "is_admin": "unknown_field",
        "7": "unknown_field",
        "bad?key": "unknown_field",
    }


def test_oversized_payloads_are_refused_before_reading(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["junk"] = "x" * 300_000
    result = check(residence, data, code_lists, "en")
    assert [(e.path, e.code) for e in result.errors] == [("", "payload_too_large")]
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(50):
        node["x"] = {}
        node = node["x"]
    assert codes(check(residence, {"members": [deep]}, code_lists)) == {
        "": "payload_too_large"
    }
    many = {"members": [{"full_name": str(i)} for i in range(20_000)]}
    assert codes(check(residence, many, code_lists)) == {"": "payload_too_large"}


def test_input_is_not_modified(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["members"].append({"full_name": "", "relation": ""})
    before = copy.deepcopy(data)
    check(residence, data, code_lists)
    assert data == before


def test_a_broken_form_does_not_break_validation(
    code_lists: dict[str, CodeList],
) -> None:
    # Such a form is reported by problems(); validation still answers.
    form = minimal_form(
        """
        - key: a
          type: text
          label: A
          pattern: '['
          visible_when: {field: b, filled: true}
        - {key: b, type: text, label: B, visible_when: {field: a, filled: true}}
        - {key: c, type: identifier, label: C}
        - {key: d, type: number, label: D, visible_when: {field: zz, equals: '1'}}
        """,
        "- {kind: sum_equals, field: d, of: [nothing]}",
    )
    result = check(form, {"a": "x", "b": "y", "c": "1", "d": "2"}, code_lists)
    assert codes(result) == {"c": "wrong_type"}
    assert result.data["a"] == "x"
    assert "d" not in result.data


def test_numbers_keep_their_exact_value(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form("      - {key: area, type: number, decimals: 2, label: A}\n")
    assert check(form, {"area": "0,1"}, code_lists).data == {"area": Decimal("0.1")}


def test_text_caps_follow_the_limits(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: short, type: text, label: S, max_length: 400}
        - {key: long, type: textarea, label: L}
        """
    )
    limits = Limits(max_text_length=10, max_long_text_length=20)
    result = validate(
        form,
        {"short": "x" * 11, "long": "y" * 21},
        lang="en",
        code_lists=code_lists,
        today=TODAY,
        limits=limits,
    )
    assert [(e.path, e.message) for e in result.errors] == [
        ("short", "At most 10 characters are allowed."),
        ("long", "At most 20 characters are allowed."),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_error_of_a_bad_submission_is_in_one_language(
    lang: str, residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    from plugins.eforms.messages import MESSAGES

    data = valid_residence()
    data.update(
        full_name="x" * 101,
        birth_date="x",
        gender="3",
        area="1.234",
        rooms="0",
        services=["water", "power", "internet"],
        home={"province": "01", "commune": "xa-an-binh", "street": "1"},
        unexpected="1",
    )
    errors = check(residence, data, code_lists, lang).errors
    assert len(errors) == 8
    for error in errors:
        vi, en = MESSAGES[error.code]
        mine, theirs = (vi, en) if lang == "vi" else (en, vi)
        assert error.message.startswith(mine.split("{")[0]), error
        assert not error.message.startswith(theirs.split("{")[0]), error
