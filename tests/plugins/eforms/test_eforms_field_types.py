"""Each field type: what an applicant may type, how it is stored, what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_support import check, codes, minimal_form


def one(field_yaml: str) -> FormSpec:
    return minimal_form(f"      - {{key: v, label: Value, {field_yaml}}}\n")


def cleaned(form: FormSpec, value: Any, lists: dict[str, CodeList]) -> Any:
    result = check(form, {"v": value}, lists)
    assert result.errors == [], result.errors
    return result.data["v"]


def error_code(form: FormSpec, value: Any, lists: dict[str, CodeList]) -> str:
    return codes(check(form, {"v": value}, lists))["v"]


# --- text and textarea ---------------------------------------------------------------


def test_text_is_trimmed_and_normalised_to_composed_unicode(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: text")
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    assert cleaned(form, f"  {decomposed} ", code_lists) == "Nguyễn"
    assert cleaned(form, "   ", code_lists) is None


def test_text_is_stored_as_typed_even_when_it_looks_like_html(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: text")
    assert cleaned(form, "<b>Hoa</b> & <script>x()</script>", code_lists) == (
        "<b>Hoa</b> & <script>x()</script>"
    )


@pytest.mark.parametrize(
    "bad", ["a\x00b", "a\x1bb", "line\nbreak", "a\u202eb", "tab\there"]
)
def test_single_line_text_refuses_control_characters(
    bad: str, code_lists: dict[str, CodeList]
) -> None:
    assert error_code(one("type: text"), bad, code_lists) == "control_characters"


def test_textarea_keeps_line_breaks_but_refuses_other_controls(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: textarea")
    assert cleaned(form, "dòng 1\r\ndòng 2\rdòng 3\tcột", code_lists) == (
        "dòng 1\ndòng 2\ndòng 3\tcột"
    )
    assert error_code(form, "a\x07b", code_lists) == "control_characters"


def test_text_length_rules_count_characters_not_bytes(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: text, min_length: 3, max_length: 5")
    assert cleaned(form, "Đức", code_lists) == "Đức"
    assert error_code(form, "Ân", code_lists) == "too_short"
    assert error_code(form, "Nguyễn", code_lists) == "too_long"


def test_global_caps_apply_even_without_max_length(
    code_lists: dict[str, CodeList],
) -> None:
    assert error_code(one("type: text"), "x" * 501, code_lists) == "too_long"
    assert cleaned(one("type: textarea"), "x" * 5000, code_lists) == "x" * 5000
    assert error_code(one("type: textarea"), "x" * 5001, code_lists) == "too_long"


def test_pattern_must_match_the_whole_text(code_lists: dict[str, CodeList]) -> None:
    form = one("type: text, pattern: '[0-9]{6}'")
    assert cleaned(form, "700000", code_lists) == "700000"
    assert error_code(form, "7000001", code_lists) == "pattern"
    assert error_code(form, "x700000", code_lists) == "pattern"


def test_pattern_message_replaces_the_generic_one(
    code_lists: dict[str, CodeList],
) -> None:
    form = one(
        "type: text, pattern: '[0-9]{6}', "
        "pattern_message: {vi: Cần 6 chữ số., en: Six digits please.}"
    )
    assert (
        check(form, {"v": "12"}, code_lists, "en").errors[0].message
        == "Six digits please."
    )
    assert (
        check(form, {"v": "12"}, code_lists, "vi").errors[0].message == "Cần 6 chữ số."
    )


@pytest.mark.parametrize("value", [12, 1.5, True, ["a"], {"a": 1}])
def test_text_must_be_text(value: Any, code_lists: dict[str, CodeList]) -> None:
    assert error_code(one("type: text"), value, code_lists) == "wrong_type"


# --- numbers and money -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("42", 42), (" 1 200 ", 1200), ("-3", -3), (7, 7), ("12.0", 12), (12.0, 12)],
)
def test_whole_numbers(
    typed: Any, stored: int, code_lists: dict[str, CodeList]
) -> None:
    value = cleaned(one("type: number"), typed, code_lists)
    assert value == stored
    assert type(value) is int


@pytest.mark.parametrize("typed", ["1.5", 2.25, Decimal("0.1")])
def test_whole_numbers_refuse_fractions(
    typed: Any, code_lists: dict[str, CodeList]
) -> None:
    assert error_code(one("type: number"), typed, code_lists) == "not_whole"


def test_decimals_accept_comma_or_point_and_are_exact(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: number, decimals: 2")
    assert cleaned(form, "12,5", code_lists) == Decimal("12.5")
    assert cleaned(form, "0.10", code_lists) == Decimal("0.1")
    assert cleaned(form, 0.1, code_lists) == Decimal("0.1")
    assert cleaned(form, "3", code_lists) == 3
    assert error_code(form, "1.234", code_lists) == "too_many_decimals"


@pytest.mark.parametrize(
    "typed",
    ["abc", "1e5", "1,2,3", "--1", "NaN", float("inf"), float("nan"), "9" * 40, True],
)
def test_not_numbers(typed: Any, code_lists: dict[str, CodeList]) -> None:
    assert error_code(one("type: number"), typed, code_lists) == "not_a_number"


def test_number_bounds_with_messages_in_each_language(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: number, min: 1, max: 1500")
    assert cleaned(form, "1500", code_lists) == 1500
    low = check(form, {"v": "0"}, code_lists, "en").errors[0]
    assert (low.code, low.message) == ("below_min", "The value must be at least 1.")
    high = check(form, {"v": "2000"}, code_lists, "vi").errors[0]
    assert (high.code, high.message) == (
        "above_max",
        "Giá trị phải nhỏ hơn hoặc bằng 1.500.",
    )
    high_en = check(form, {"v": "2000"}, code_lists, "en").errors[0]
    assert high_en.message == "The value must be at most 1,500."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000 đ", 1_500_000),
        ("250000 VND", 250_000),
        ("0", 0),
        (300000, 300_000),
        (Decimal("5000"), 5000),
    ],
)
def test_money_is_whole_dong(
    typed: Any, stored: int, code_lists: dict[str, CodeList]
) -> None:
    value = cleaned(one("type: money"), typed, code_lists)
    assert value == stored
    assert type(value) is int


@pytest.mark.parametrize(
    "typed", ["1.5", "1,50", "-5000", -1, 10.5, "1.500.00", "12ab", "1" * 20]
)
def test_money_refuses_fractions_negatives_and_garbage(
    typed: Any, code_lists: dict[str, CodeList]
) -> None:
    assert error_code(one("type: money"), typed, code_lists) == "not_money"


def test_money_bounds(code_lists: dict[str, CodeList]) -> None:
    form = one("type: money, min: 100000, max: 5000000")
    assert error_code(form, "99.999", code_lists) == "below_min"
    assert error_code(form, "5.000.001", code_lists) == "above_max"
    message = check(form, {"v": "1"}, code_lists, "vi").errors[0].message
    assert message == "Giá trị phải lớn hơn hoặc bằng 100.000."


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2024-02-29", "2024-02-29"),
        ("29/02/2024", "2024-02-29"),
        ("1/3/2024", "2024-03-01"),
        (dt.date(2020, 5, 17), "2020-05-17"),
    ],
)
def test_dates_are_stored_in_iso(
    typed: Any, stored: str, code_lists: dict[str, CodeList]
) -> None:
    assert cleaned(one("type: date"), typed, code_lists) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "2023-02-29",
        "31/04/2024",
        "2024/01/01",
        "01-01-2024",
        "tomorrow",
        20240101,
        dt.datetime(2024, 1, 1, 8, 0),
        "1700-01-01",
    ],
)
def test_impossible_or_unreadable_dates(
    typed: Any, code_lists: dict[str, CodeList]
) -> None:
    assert error_code(one("type: date"), typed, code_lists) == "not_a_date"


def test_date_bounds_relative_to_today(code_lists: dict[str, CodeList]) -> None:
    # The test date is 2025-12-01.
    adult = one("type: date, max_date: today-18y")
    assert cleaned(adult, "2007-12-01", code_lists) == "2007-12-01"
    assert error_code(adult, "2007-12-02", code_lists) == "date_too_late"
    future = one("type: date, min_date: today+1d, max_date: today+1m")
    assert error_code(future, "2025-12-01", code_lists) == "date_too_early"
    assert cleaned(future, "2026-01-01", code_lists) == "2026-01-01"
    assert error_code(future, "2026-01-02", code_lists) == "date_too_late"


def test_date_messages_show_the_bound_in_the_language(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: date, max_date: today")
    vi = check(form, {"v": "2026-01-01"}, code_lists, "vi").errors[0].message
    en = check(form, {"v": "2026-01-01"}, code_lists, "en").errors[0].message
    assert vi == "Ngày không được sau 01/12/2025."
    assert en == "The date must not be after 2025-12-01."


def test_absolute_date_bound(code_lists: dict[str, CodeList]) -> None:
    form = one("type: date, min_date: 2025-07-01")
    assert error_code(form, "30/06/2025", code_lists) == "date_too_early"
    assert cleaned(form, "01/07/2025", code_lists) == "2025-07-01"


# --- choices -----------------------------------------------------------------------


OPTIONS = "options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]"


def test_single_choice_from_inline_options(code_lists: dict[str, CodeList]) -> None:
    form = one(f"type: choice, {OPTIONS}")
    assert cleaned(form, " b ", code_lists) == "b"
    assert cleaned(form, "", code_lists) is None
    assert error_code(form, "d", code_lists) == "invalid_option"
    assert error_code(form, ["a", "b"], code_lists) == "wrong_type"


def test_single_choice_from_a_code_list(code_lists: dict[str, CodeList]) -> None:
    form = one("type: choice, code_list: ethnic_groups")
    assert cleaned(form, "01", code_lists) == "01"
    assert cleaned(form, "54", code_lists) == "54"
    assert error_code(form, "55", code_lists) == "invalid_option"
    # Numbers from JSON clients are read as their text.
    assert error_code(form, 1, code_lists) == "invalid_option"
    assert cleaned(one("type: choice, code_list: genders"), 2, code_lists) == "2"


def test_multiple_choice_keeps_option_order_without_duplicates(
    code_lists: dict[str, CodeList],
) -> None:
    form = one(f"type: choice, multiple: true, {OPTIONS}")
    assert cleaned(form, ["c", "a", "c"], code_lists) == ["a", "c"]
    assert cleaned(form, "b", code_lists) == ["b"]  # one ticked box posts one value
    assert cleaned(form, [], code_lists) == []
    assert cleaned(form, None, code_lists) == []
    assert error_code(form, ["a", "z"], code_lists) == "invalid_option"
    assert error_code(form, [["a"]], code_lists) == "wrong_type"


def test_multiple_choice_counts(code_lists: dict[str, CodeList]) -> None:
    form = one(f"type: choice, multiple: true, min_items: 2, max_items: 2, {OPTIONS}")
    assert error_code(form, ["a"], code_lists) == "too_few_selected"
    assert error_code(form, ["a", "b", "c"], code_lists) == "too_many_selected"
    assert cleaned(form, ["b", "a"], code_lists) == ["a", "b"]


def test_missing_code_list_refuses_every_value_without_crashing(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: choice, code_list: not_loaded")
    assert error_code(form, "x", code_lists) == "invalid_option"


# --- checkboxes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (True, True),
        ("on", True),
        ("true", True),
        ("1", True),
        (1, True),
        (False, False),
        ("", False),
        ("false", False),
        ("off", False),
        (None, False),
        (0, False),
    ],
)
def test_checkbox_values(
    typed: Any, stored: bool, code_lists: dict[str, CodeList]
) -> None:
    assert cleaned(one("type: checkbox"), typed, code_lists) is stored


@pytest.mark.parametrize("typed", ["maybe", 2, ["on"]])
def test_checkbox_refuses_other_values(
    typed: Any, code_lists: dict[str, CodeList]
) -> None:
    assert error_code(one("type: checkbox"), typed, code_lists) == "wrong_type"


def test_required_checkbox_must_be_ticked(code_lists: dict[str, CodeList]) -> None:
    form = one("type: checkbox, required: true")
    result = check(form, {}, code_lists, "vi")
    assert [(e.code, e.message) for e in result.errors] == [
        ("required_checkbox", "Vui lòng đánh dấu vào ô này.")
    ]
    assert check(form, {"v": "on"}, code_lists).ok


# --- identifiers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("cccd", "001 099 012 345", "001099012345"),
        ("old_id", "012345678", "012345678"),
        ("passport", "b7654321", "B7654321"),
        ("tax_code", "0100109106001", "0100109106-001"),
        ("phone", "0912 345 678", "+84912345678"),
        ("email", "Hoa@Example.VN", "Hoa@example.vn"),
    ],
)
def test_identifiers_are_normalised(
    kind: str, typed: str, stored: str, code_lists: dict[str, CodeList]
) -> None:
    assert cleaned(one(f"type: identifier, kind: {kind}"), typed, code_lists) == stored


def test_identifier_errors_carry_the_identifier_message(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: identifier, kind: tax_code")
    en = check(form, {"v": "0100109107"}, code_lists, "en").errors[0]
    vi = check(form, {"v": "0100109107"}, code_lists, "vi").errors[0]
    assert en.code == vi.code == "invalid_identifier"
    assert "check digit" in en.message
    assert "chữ số kiểm tra" in vi.message


def test_identifier_given_as_a_number_is_refused(
    code_lists: dict[str, CodeList],
) -> None:
    # A JSON number would already have lost the CCCD's leading zeros.
    form = one("type: identifier, kind: cccd")
    assert error_code(form, 1099012345, code_lists) == "wrong_type"


# --- addresses ---------------------------------------------------------------------


def test_address_parts_are_checked_against_code_lists(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: address")
    value = {"province": "99", "commune": "phuong-1", "street": " 5 Trần Phú "}
    assert cleaned(form, value, code_lists) == {
        "province": "99",
        "commune": "phuong-1",
        "street": "5 Trần Phú",
    }
    result = check(
        form,
        {"v": {"province": "00", "commune": "xa-khong-co", "street": "x"}},
        code_lists,
    )
    assert codes(result) == {
        "v.province": "invalid_option",
        "v.commune": "invalid_option",
    }


def test_commune_must_be_in_the_chosen_province(
    code_lists: dict[str, CodeList],
) -> None:
    form = one("type: address")
    result = check(
        form,
        {"v": {"province": "01", "commune": "xa-an-binh", "street": "1"}},
        code_lists,
        "en",
    )
    assert [(e.path, e.code, e.message) for e in result.errors] == [
        (
            "v.commune",
            "commune_mismatch",
            "The chosen commune is not in the chosen province.",
        )
    ]


def test_partly_filled_address_asks_for_the_missing_parts(
    code_lists: dict[str, CodeList],
) -> None:
    result = check(
        one("type: address"), {"v": {"province": "99", "commune": ""}}, code_lists
    )
    assert codes(result) == {"v.commune": "required", "v.street": "required"}


def test_empty_address(code_lists: dict[str, CodeList]) -> None:
    form = one("type: address")
    assert (
        cleaned(form, {"province": "", "commune": None, "street": " "}, code_lists)
        is None
    )
    assert codes(check(one("type: address, required: true"), {}, code_lists)) == {
        "v": "required"
    }


def test_address_shape_errors(code_lists: dict[str, CodeList]) -> None:
    form = one("type: address")
    assert error_code(form, "12 Lê Lợi", code_lists) == "wrong_type"
    result = check(form, {"v": {"province": 1, "floor": "2"}}, code_lists)
    assert codes(result) == {"v.floor": "unknown_field", "v.province": "wrong_type"}
    result = check(
        form,
        {"v": {"province": "99", "commune": "phuong-1", "street": "a\x00"}},
        code_lists,
    )
    assert codes(result) == {"v.street": "control_characters"}
