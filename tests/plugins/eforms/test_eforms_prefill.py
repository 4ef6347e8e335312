"""Prefilling a form from the applicant's profile and last dossier."""

from __future__ import annotations

import datetime as dt

from plugins.eforms.codelists import CodeList
from plugins.eforms.prefill import prefill
from plugins.eforms.schema import FormSpec
from tests.plugins.eforms.eforms_support import check, minimal_form

PROFILE = {
    "full_name": "Nguyễn Thị Hoa",
    "identifier": "001199012345",
    "birth_date": dt.date(1999, 5, 17),
    "phone": "+84912345678",
    "email": "hoa@example.vn",
    "address": {"province": "99", "commune": "xa-an-binh", "street": "12 Lê Lợi"},
}


def dossier(
    data: dict[str, object], at: str | None = None, code: str = "TK-CT-01"
) -> dict:
    entry: dict[str, object] = {"form_code": code, "data": data}
    if at is not None:
        entry["submitted_at"] = at
    return entry


def test_profile_values_fill_the_declared_fields(residence: FormSpec) -> None:
    values = prefill(residence, PROFILE, [])
    assert values == {
        "full_name": "Nguyễn Thị Hoa",
        "cccd": "001199012345",
        "birth_date": "1999-05-17",
        "phone": "+84912345678",
        "email": "hoa@example.vn",
        "home": {"province": "99", "commune": "xa-an-binh", "street": "12 Lê Lợi"},
    }


def test_prefilled_profile_values_are_valid_form_values(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    values = prefill(residence, PROFILE, [])
    result = check(residence, values, code_lists)
    wrong = {error.path.split(".")[0] for error in result.errors}
    assert wrong.isdisjoint(values)


def test_previous_values_come_from_the_latest_dossier_of_the_same_form(
    residence: FormSpec,
) -> None:
    members_2023 = [{"full_name": "A", "relation": "head"}]
    members_2024 = [{"full_name": "A", "relation": "head"}, {"full_name": "B"}]
    previous = [
        dossier(
            {"members": members_2024, "moved_on": "2024-01-05"}, "2024-02-01T09:00"
        ),
        dossier(
            {"members": members_2023, "moved_on": "2023-01-05"}, "2023-02-01T09:00"
        ),
        dossier({"members": [{"full_name": "Z"}]}, "2025-01-01T09:00", code="TK-KHAC"),
    ]
    values = prefill(residence, {}, previous)
    assert values == {"members": members_2024, "moved_on": "2024-01-05"}


def test_only_fields_marked_previous_are_copied(residence: FormSpec) -> None:
    previous = [dossier({"full_name": "Old", "gender": "1", "area": "40"})]
    assert prefill(residence, {}, previous) == {}


def test_without_dates_the_last_listed_dossier_is_the_latest(
    residence: FormSpec,
) -> None:
    previous = [
        dossier({"moved_on": "2020-01-01"}),
        dossier({"moved_on": "2021-01-01"}),
    ]
    assert prefill(residence, {}, previous)["moved_on"] == "2021-01-01"


def test_dates_given_as_datetimes_are_compared(residence: FormSpec) -> None:
    previous = [
        {
            "form_code": "TK-CT-01",
            "data": {"moved_on": "2022-01-01"},
            "submitted_at": dt.datetime(2022, 2, 1, 8, 0),
        },
        dossier({"moved_on": "2019-01-01"}, "2019-03-01T10:00"),
    ]
    assert prefill(residence, {}, previous)["moved_on"] == "2022-01-01"


def test_copied_groups_are_independent_of_the_old_dossier(residence: FormSpec) -> None:
    old = {"members": [{"full_name": "A"}]}
    values = prefill(residence, {}, [dossier(old)])
    values["members"][0]["full_name"] = "changed"
    assert old["members"][0]["full_name"] == "A"


def test_values_that_do_not_fit_the_field_are_skipped() -> None:
    form = minimal_form(
        """
        - {key: home, type: address, label: H, prefill: profile.address}
        - {key: where, type: textarea, label: W, prefill: profile.address}
        - {key: born, type: date, label: B, prefill: profile.birth_date}
        - {key: name, type: text, label: N, prefill: profile.full_name}
        """
    )
    profile = {
        "address": "12 Lê Lợi, Xã An Bình",
        "birth_date": "1999-05-17",
        "full_name": " ",
    }
    assert prefill(form, profile, []) == {
        "where": "12 Lê Lợi, Xã An Bình",
        "born": "1999-05-17",
    }
    mapping = {"address": {"province": "99", "commune": 7, "floor": "2"}}
    assert prefill(form, mapping, []) == {"home": {"province": "99"}}


def test_malformed_history_is_ignored(residence: FormSpec) -> None:
    previous = [
        "not a dossier",
        {"form_code": "TK-CT-01", "data": "not data"},
        {"form_code": "TK-CT-01"},
    ]
    assert prefill(residence, {}, previous) == {}  # type: ignore[arg-type]


def test_prefilled_values_appear_in_the_form(
    residence: FormSpec, code_lists: dict[str, CodeList]
) -> None:
    from plugins.eforms.render import render_form
    from tests.plugins.eforms.eforms_html import by_id

    previous = [
        dossier({"members": [{"full_name": "Trần Văn Nam", "relation": "spouse"}]})
    ]
    values = prefill(residence, PROFILE, previous)
    html = str(render_form(residence, values, lang="vi", code_lists=code_lists))
    assert by_id(html, "ef-full_name")[1]["value"] == "Nguyễn Thị Hoa"
    assert by_id(html, "ef-birth_date")[1]["value"] == "1999-05-17"
    assert by_id(html, "ef-members-0-full_name")[1]["value"] == "Trần Văn Nam"
    spouse = by_id(html, "ef-members-0-relation-1")[1]
    assert (spouse["value"], "checked" in spouse) == ("spouse", True)
