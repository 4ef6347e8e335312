"""Values written for people on the printable rendering."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.printing import display_value, print_sections
from plugins.eforms.schema import FormField
from tests.plugins.eforms.eforms_support import minimal_form

FORM = minimal_form(
    """
    - {key: text, type: text, label: T}
    - {key: count, type: number, label: C}
    - {key: fee, type: money, label: F}
    - {key: day, type: date, label: D}
    - {key: agreed, type: checkbox, label: A}
    - {key: sex, type: choice, label: S, code_list: genders}
    - key: tags
      type: choice
      multiple: true
      label: Tags
      options: [{value: a, label: {vi: Một, en: One}}, {value: b, label: Hai}]
    - {key: home, type: address, label: H}
    - {key: cccd, type: identifier, kind: cccd, label: I}
    """
)
FIELDS = {field.key: field for field in FORM.top_fields()}


def show(key: str, value: Any, lists: dict[str, CodeList], lang: str = "vi") -> str:
    field: FormField = FIELDS[key]
    return display_value(field, value, lang, lists)


@pytest.mark.parametrize(
    ("key", "value", "vi", "en"),
    [
        ("text", "Nguyễn Văn A", "Nguyễn Văn A", "Nguyễn Văn A"),
        ("count", 1234, "1.234", "1,234"),
        ("count", Decimal("12.5"), "12,5", "12.5"),
        ("fee", 1500000, "1.500.000 đồng", "1,500,000 VND"),
        ("day", "2025-07-01", "01/07/2025", "2025-07-01"),
        ("agreed", True, "Có", "Yes"),
        ("agreed", False, "Không", "No"),
        ("sex", "2", "Nữ", "Female"),
        ("tags", ["a", "b"], "Một, Hai", "One, Hai"),
        ("cccd", "001099012345", "001099012345", "001099012345"),
        ("text", None, "", ""),
        ("tags", [], "", ""),
    ],
)
def test_values_for_people(
    key: str, value: Any, vi: str, en: str, code_lists: dict[str, CodeList]
) -> None:
    assert show(key, value, code_lists, "vi") == vi
    assert show(key, value, code_lists, "en") == en


def test_address_reads_from_street_to_province(code_lists: dict[str, CodeList]) -> None:
    home = {"province": "99", "commune": "phuong-1", "street": "5 Trần Phú"}
    assert show("home", home, code_lists) == "5 Trần Phú, Phường 1, Tỉnh Demo"
    assert show("home", home, code_lists, "en") == "5 Trần Phú, Ward 1, Demo Province"
    partial = {"province": "01", "commune": None, "street": None}
    assert show("home", partial, code_lists) == "Thành phố Hà Nội"


def test_unknown_codes_and_odd_values_are_shown_as_they_are(
    code_lists: dict[str, CodeList],
) -> None:
    assert show("sex", "7", code_lists) == "7"
    assert show("day", "not a date", code_lists) == "not a date"
    assert show("sex", "1", {}) == "1"  # without code lists, codes are shown


def test_sections_without_filled_fields_are_left_out(
    code_lists: dict[str, CodeList],
) -> None:
    sections = print_sections(FORM, {"text": "A"}, "vi", code_lists)
    assert [(s.title, [(r.label, r.value) for r in s.rows]) for s in sections] == [
        ("S", [("T", "A")])
    ]
    assert print_sections(FORM, {}, "vi", code_lists) == []
