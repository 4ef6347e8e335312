"""Rendering forms as accessible HTML and filled data as a printable table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

from plugins.eforms.codelists import CodeList
from plugins.eforms.render import STATIC_DIR, TEMPLATES_DIR, render_form, render_print
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_html import by_id, elements, submit
from tests.plugins.eforms.eforms_support import (
    TODAY,
    check,
    minimal_form,
    valid_residence,
)


def page(
    form: FormSpec,
    lists: dict[str, CodeList],
    data: dict[str, Any] | None = None,
    lang: str = "vi",
    **kw: Any,
) -> str:
    return str(render_form(form, data, lang=lang, code_lists=lists, today=TODAY, **kw))


# --- escaping ----------------------------------------------------------------------


def test_script_in_values_is_shown_as_text(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    attack = '"><script>alert(1)</script>'
    data = {
        "full_name": attack,
        "reason": "other",
        "reason_detail": f"</textarea>{attack}",
    }
    html = page(residence, code_lists, data)
    assert "<script>" not in html
    assert "</textarea><" not in html
    assert by_id(html, "ef-full_name")[1]["value"] == attack
    assert dict(submit(html))["reason_detail"] == f"</textarea>{attack}"


def test_script_in_labels_messages_and_print_is_escaped(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        """
        - key: a
          type: text
          label: "<script>x()</script>"
          help: "<img src=x onerror=y()>"
          required: true
        """
    )
    errors = {"a": ["<script>bad()</script>"]}
    html = page(form, code_lists, {}, errors=errors)
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    printed = str(render_print(form, {"a": "<script>z()</script>"}, "vi", code_lists))
    assert "<script>" not in printed
    assert "&lt;script&gt;z()&lt;/script&gt;" in printed


def test_an_environment_without_autoescaping_is_refused(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    unsafe = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR))  # noqa: S701
    with pytest.raises(ValueError, match="autoescaping"):
        render_form(residence, {}, lang="vi", code_lists=code_lists, env=unsafe)


def test_a_province_environment_may_override_a_template(
    residence: FormSpec, code_lists: dict[str, CodeList], tmp_path: Any
) -> None:
    (tmp_path / "eforms").mkdir()
    (tmp_path / "eforms" / "print.html").write_text("<p>{{ title }} — {{ code }}</p>")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([tmp_path, TEMPLATES_DIR]), autoescape=True
    )
    printed = render_print(residence, {}, "vi", code_lists, env=env)
    assert str(printed) == "<p>Tờ khai thay đổi thông tin cư trú — TK-CT-01</p>"


# --- attributes the browser checks ---------------------------------------------------


def test_labels_point_at_their_inputs(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists)
    ids = {attrs["id"] for _, attrs in elements(html) if "id" in attrs}
    targets = [attrs["for"] for tag, attrs in elements(html) if tag == "label"]
    assert targets
    assert all(target in ids for target in targets)


def test_text_attributes(residence: FormSpec, code_lists: dict[str, CodeList]) -> None:
    html = page(residence, code_lists)
    _, name = by_id(html, "ef-full_name")
    assert name["maxlength"] == "100"
    assert "required" in name
    _, postcode = by_id(html, "ef-postcode")
    assert postcode["pattern"] == "[0-9]{6}"
    assert postcode["title"] == "Mã bưu chính gồm 6 chữ số."
    assert postcode["maxlength"] == "500"
    assert "required" not in postcode


def test_number_money_and_date_attributes(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists)
    area = by_id(html, "ef-area")[1]
    assert area["value"] == ""
    assert (area["type"], area["min"], area["max"], area["step"]) == (
        "number",
        "0",
        "100000",
        "0.01",
    )
    rooms = by_id(html, "ef-rooms")[1]
    assert (rooms["min"], rooms["max"], rooms["step"]) == ("1", "50", "1")
    income = by_id(html, "ef-total_income")[1]
    assert (income["type"], income["min"], income["step"]) == ("number", "0", "1")
    birth = by_id(html, "ef-birth_date")[1]
    assert (birth["type"], birth["min"], birth["max"]) == (
        "date",
        "1900-01-01",
        "2025-12-01",
    )


def test_identifier_attributes(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists)
    cccd = by_id(html, "ef-cccd")[1]
    assert (cccd["pattern"], cccd["inputmode"], cccd["maxlength"]) == (
        "[0-9]{12}",
        "numeric",
        "12",
    )
    assert by_id(html, "ef-phone")[1]["type"] == "tel"
    assert by_id(html, "ef-email")[1]["type"] == "email"


def test_python_only_patterns_are_left_to_the_server(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form(
        r"""
        - {key: a, type: text, label: A, pattern: '(?i)[a-z]+'}
        - {key: b, type: text, label: B, pattern: '\A[0-9]+\Z'}
        """
    )
    html = page(form, code_lists)
    assert "pattern" not in by_id(html, "ef-a")[1]
    assert "pattern" not in by_id(html, "ef-b")[1]


def test_choices_are_radios_selects_or_checkboxes(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(
        residence, code_lists, {"gender": "2", "services": ["water", "internet"]}
    )
    radios = [a for t, a in elements(html) if a.get("name") == "gender"]
    assert [(r["type"], r["value"], "checked" in r) for r in radios] == [
        ("radio", "1", False),
        ("radio", "2", True),
    ]
    assert all("required" in radio for radio in radios)
    boxes = [a for t, a in elements(html) if a.get("name") == "services"]
    assert [("checked" in b) for b in boxes] == [True, False, True]
    assert by_id(html, "ef-members-0-ethnic_group")[0] == "select"
    first_option = next(
        a for t, a in elements(html) if t == "option" and a.get("value") in ("", "01")
    )
    assert first_option["value"] == ""


def test_help_and_errors_are_described(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: a, type: text, label: A, help: {vi: Ghi đầy đủ, en: In full}}
        - {key: b, type: text, label: B}
        """
    )
    html = page(form, code_lists, {"a": "x"}, errors={"a": ["Sai"], "b": ["Thiếu"]})
    a = by_id(html, "ef-a")[1]
    assert a["aria-describedby"] == "ef-a-help ef-a-error"
    assert a["aria-invalid"] == "true"
    assert by_id(html, "ef-a-help")[0] == "p"
    assert by_id(html, "ef-b")[1]["aria-describedby"] == "ef-b-error"
    assert "Ghi đầy đủ" in html
    assert "In full" in page(form, code_lists, lang="en")


def test_error_summary_links_to_each_field(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = valid_residence()
    data["cccd"] = "12"
    data["members"][1]["relation"] = "other"
    result = check(residence, data, code_lists, "en")
    html = page(residence, code_lists, data, lang="en", errors=result.errors)
    links = [a["href"] for t, a in elements(html) if t == "a"]
    assert links == ["#ef-cccd", "#ef-members-1-relation_note"]
    assert "Personal identifier: A personal identifier (CCCD)" in html
    assert by_id(html, "ef-members-1-relation_note-error")[0] == "p"


def test_form_level_errors_appear_in_the_summary(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists, errors={"": ["Dữ liệu quá lớn"], "nope": ["X"]})
    assert "Dữ liệu quá lớn" in html
    assert 'role="alert"' in html


# --- conditions ----------------------------------------------------------------------


def test_conditions_are_handed_to_the_script(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists, {"members": [{}, {}]})
    wrappers = [a for t, a in elements(html) if "data-visible-when" in a]
    tests = [json.loads(a["data-visible-when"]) for a in wrappers]
    assert {"name": "reason", "equals": "other"} in tests
    assert {"name": "reason", "in": ["move", "marriage"]} in tests
    assert {"name": "members[1].relation", "equals": "other"} in tests
    required_when = [
        json.loads(a["data-required-when"])
        for t, a in elements(html)
        if "data-required-when" in a
    ]
    assert required_when == [{"name": "notify_by_email", "filled": True}]


def test_conditional_fields_are_not_required_by_the_browser(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists)
    detail = by_id(html, "ef-reason_detail")[1]
    assert "required" not in detail  # the script adds it while the field is shown
    wrapper = next(
        a for t, a in elements(html) if "eforms-textarea" in a.get("class", "")
    )
    assert wrapper["data-required"] == "true"


# --- repeating groups ----------------------------------------------------------------


def test_group_rows_follow_the_data_and_the_count(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = {"members": [{"full_name": "A"}, {"full_name": "B"}]}
    html = page(residence, code_lists, data, counts={"members": 4})
    names = [
        a["name"] for t, a in elements(html) if a.get("name", "").endswith("full_name")
    ]
    assert names == ["full_name", *(f"members[{i}].full_name" for i in range(4))]
    assert by_id(html, "ef-members-1-full_name")[1]["value"] == "B"
    assert ("_count.members", "4") in submit(html)


def test_only_the_minimum_rows_are_required_by_the_browser(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists, counts={"members": 2})
    assert "required" in by_id(html, "ef-members-0-full_name")[1]
    assert "required" not in by_id(html, "ef-members-1-full_name")[1]


def test_add_button_and_row_template(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists)
    button = next(a for t, a in elements(html) if t == "button")
    assert (button["name"], button["value"], button["type"]) == (
        "_add",
        "members",
        "submit",
    )
    assert "formnovalidate" in button
    templated = [
        a["name"]
        for t, a in elements(html, in_templates=True)
        if a.get("name", "").startswith("members[__INDEX0__]")
    ]
    assert "members[__INDEX0__].full_name" in templated
    assert not any(name.startswith("members[__INDEX0__]") for name, _ in submit(html))


def test_add_button_disappears_at_the_maximum(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists, counts={"members": 50})
    rows = [a for t, a in elements(html) if a.get("name", "").endswith("].full_name")]
    assert len(rows) == 10  # max_items of the group
    assert not any(t == "button" for t, _ in elements(html))


# --- addresses -----------------------------------------------------------------------


def test_address_selects(residence: FormSpec, code_lists: dict[str, CodeList]) -> None:
    home = {"province": "99", "commune": "xa-hoa-loi", "street": "3 Nguyễn Huệ"}
    html = page(residence, code_lists, {"home": home})
    commune = by_id(html, "ef-home-commune")[1]
    assert commune["data-eforms-parent"] == "home.province"
    options = [
        a for t, a in elements(html) if t == "option" and a.get("data-parent") == "99"
    ]
    assert {o["value"] for o in options} >= {"xa-an-binh", "phuong-1", "xa-hoa-loi"}
    assert [o["value"] for o in options if "selected" in o] == ["xa-hoa-loi"]
    assert by_id(html, "ef-home-street")[1]["value"] == "3 Nguyễn Huệ"
    posted = dict(submit(html))
    assert (posted["home.province"], posted["home.commune"]) == ("99", "xa-hoa-loi")


def test_static_files_exist() -> None:
    script = (STATIC_DIR / "eforms.js").read_text(encoding="utf-8")
    assert "data-visible-when" in script
    assert "data-eforms-add" in script
    assert (STATIC_DIR / "eforms.css").is_file()


# --- printing ------------------------------------------------------------------------


def test_print_shows_names_and_formatted_values(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    clean = check(residence, valid_residence(), code_lists).data
    vi = str(render_print(residence, clean, "vi", code_lists))
    assert "Xã An Bình" in vi
    assert "Tỉnh Demo" in vi
    assert "12 Lê Lợi, Xã An Bình, Tỉnh Demo" in vi
    assert "<td>Nữ</td>" in vi
    assert "12.000.000 đồng" in vi
    assert "17/05/1999" in vi
    assert "Chủ hộ" in vi
    assert "Vợ/chồng" in vi
    assert "<td>Có</td>" in vi
    assert "Lý do cụ thể" not in vi  # hidden when filed, so absent from the data
    en = str(render_print(residence, clean, "en", code_lists))
    assert "12,000,000 VND" in en
    assert "1999-05-17" in en
    assert "Female" in en
    assert "Spouse" in en


def test_print_lays_out_groups_as_tables(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    clean = check(residence, valid_residence(), code_lists).data
    printed = str(render_print(residence, clean, "vi", code_lists))
    headers = [t for t, a in elements(printed) if t == "th" and a.get("scope") == "col"]
    # relation_note is hidden for both members, so it gets no column.
    assert len(headers) == 6
    assert "Ghi rõ quan hệ" not in printed
    group = printed.split('class="eforms-print-group"')[1].split("</table>")[0]
    group_rows = group.count("<tr>")
    assert group_rows == 3  # header and two members
    assert "A4" in (STATIC_DIR / "eforms.css").read_text(encoding="utf-8")


# --- nested groups, languages, other widgets -----------------------------------------


NESTED = minimal_form(
    """
    - key: families
      type: group
      label: Families
      item_label: {vi: Hộ, en: Household}
      fields:
        - {key: head, type: text, label: Head}
        - key: children
          type: group
          label: Children
          fields:
            - {key: name, type: text, label: Name}
    """
)


def test_nested_groups_use_one_index_mark_per_level(
    code_lists: dict[str, CodeList],
) -> None:
    data = {"families": [{"head": "A", "children": [{"name": "B"}, {"name": "C"}]}]}
    html = page(NESTED, code_lists, data, counts={"families[0].children": 3})
    posted = submit(html)
    names = [name for name, _ in posted]
    assert "families[0].children[2].name" in names
    assert ("_count.families[0].children", "3") in posted
    templated = [
        attrs.get("name", "")
        for _, attrs in elements(html, in_templates=True)
        if "__INDEX" in attrs.get("name", "")
    ]
    assert "families[__INDEX0__].head" in templated
    assert "families[__INDEX0__].children[__INDEX1__].name" in templated
    assert "families[0].children[__INDEX1__].name" in templated
    marks = [
        a["data-eforms-mark"] for _, a in elements(html) if "data-eforms-mark" in a
    ]
    assert marks == ["__INDEX0__", "__INDEX1__"]


def test_nested_group_data_round_trips(code_lists: dict[str, CodeList]) -> None:
    from plugins.eforms.formpost import parse_form_post

    data = {"families": [{"head": "A", "children": [{"name": "B"}]}, {"head": "D"}]}
    clean = check(NESTED, data, code_lists)
    assert clean.ok
    again = check(
        NESTED,
        parse_form_post(submit(page(NESTED, code_lists, clean.data))),
        code_lists,
    )
    assert again.data == clean.data


def test_english_rendering(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    html = page(residence, code_lists, lang="en")
    assert "Residence information change" not in html  # the title is the page's
    assert "Full name" in html
    assert "Permanent residence" in html
    assert "Province or city" in html
    assert "— Choose —" in html
    assert "Add: member" in html
    assert "Member 1" in html
    vi = page(residence, code_lists, lang="vi")
    assert "Thêm: thành viên" in vi
    assert "— Chọn —" in vi


def test_checkbox_and_textarea_keep_their_values(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = {"pledge": "on", "reason": "other", "reason_detail": "dòng 1\ndòng 2"}
    html = page(residence, code_lists, data)
    pledge = by_id(html, "ef-pledge")[1]
    assert (pledge["type"], pledge["value"], "checked" in pledge) == (
        "checkbox",
        "true",
        True,
    )
    assert "checked" not in by_id(html, "ef-notify_by_email")[1]
    assert dict(submit(html))["reason_detail"] == "dòng 1\r\ndòng 2"
    assert by_id(html, "ef-reason_detail")[1]["maxlength"] == "1000"
    assert by_id(html, "ef-reason_detail")[1]["minlength"] == "10"


def test_long_option_lists_use_a_select(code_lists: dict[str, CodeList]) -> None:
    form = minimal_form(
        """
        - {key: nationality, type: choice, label: N, code_list: nationalities}
        - {key: sex, type: choice, label: S, code_list: genders}
        """
    )
    html = page(form, code_lists, {"nationality": "JP"})
    assert by_id(html, "ef-nationality")[0] == "select"
    selected = [
        a["value"] for t, a in elements(html) if t == "option" and "selected" in a
    ]
    assert selected == ["JP"]
    assert by_id(html, "ef-sex")[0] == "fieldset"


def test_dates_typed_day_first_are_shown_in_iso(
    code_lists: dict[str, CodeList],
) -> None:
    form = minimal_form("- {key: d, type: date, label: D}")
    html = page(form, code_lists, {"d": "5/7/2025"})
    assert by_id(html, "ef-d")[1]["value"] == "2025-07-05"


def test_script_and_templates_speak_the_same_attributes() -> None:
    script = (STATIC_DIR / "eforms.js").read_text(encoding="utf-8")
    templates = "".join(
        path.read_text(encoding="utf-8")
        for path in (TEMPLATES_DIR / "eforms").glob("*.html")
    )
    from plugins.eforms import views

    python = Path(views.__file__).read_text(encoding="utf-8")
    emitted = set(re.findall(r"data-[a-z-]+", templates + python))
    read = set(re.findall(r"data-[a-z-]+", script))
    # Attributes the script relies on must be produced by the server...
    assert read <= emitted
    # ...and the server only adds data attributes that the script reads.
    assert emitted - read == {"data-invalid"}  # styling hook for the CSS


def test_required_address_parts_and_their_errors(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    data = {"home": {"province": "01", "commune": "xa-an-binh", "street": ""}}
    result = check(residence, data, code_lists)
    html = page(residence, code_lists, data, errors=result.errors)
    for part in ("province", "commune", "street"):
        assert "required" in by_id(html, f"ef-home-{part}")[1]
    commune = by_id(html, "ef-home-commune")[1]
    assert commune["aria-invalid"] == "true"
    assert commune["aria-describedby"] == "ef-home-commune-error"
    links = [a["href"] for t, a in elements(html) if t == "a"]
    assert "#ef-home-commune" in links
    assert "#ef-home-street" in links
