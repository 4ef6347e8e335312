"""Checks made before a filing is written: channel, place, case, applicant and
components, each naming the field at fault."""

from __future__ import annotations

from typing import Any

import pytest

from core.catalogue.model import CaseSpec, ComponentSpec
from core.dossiers.filing import (
    ComponentInput,
    Upload,
    check_case,
    check_channel,
    check_components,
    components_of,
    normalise_applicant,
    place,
)
from core.dossiers.state import InvalidInput
from core.dossiers.statuses import Channel
from core.events import Applicant
from tests.core.dossiers.dossier_fixtures import procedure

PROC = procedure(
    channels=["counter", "online"],
    applicant_kinds=["citizen", "business"],
    cases=[CaseSpec(code="a", name="A"), CaseSpec(code="b", name="B")],
    components=[
        ComponentSpec(code="form", name="Tờ khai", originals=1),
        ComponentSpec(code="only-b", name="Chỉ B", copies=1, cases=["b"]),
        ComponentSpec(code="extra", name="Thêm", required=False),
    ],
)


def person(**changes: Any) -> Applicant:
    values: dict[str, Any] = {
        "kind": "citizen",
        "name": " Lê Thị Hoa ",
        "identifier_kind": "cccd",
        "identifier": "079.199.000.123",
    }
    values.update(changes)
    return Applicant(**values)


def test_channels_the_procedure_accepts() -> None:
    assert check_channel(PROC, "online") is Channel.ONLINE
    assert check_channel(PROC, "counter") is Channel.COUNTER
    for refused in ("post", "fax", ""):
        with pytest.raises(InvalidInput) as caught:
            check_channel(PROC, refused)
        assert caught.value.field == "channel"
        assert "counter, online" in caught.value.en


def test_case_must_be_one_of_the_procedures_cases() -> None:
    check_case(PROC, "a")
    for wrong in (None, "c"):
        with pytest.raises(InvalidInput):
            check_case(PROC, wrong)
    check_case(procedure(), None)
    with pytest.raises(InvalidInput):
        check_case(procedure(), "a")


def test_applicant_is_normalised() -> None:
    clean = normalise_applicant(
        person(phone="091 234 5678", email="Hoa@Example.COM", address="  "), PROC
    )
    assert clean.name == "Lê Thị Hoa"
    assert clean.identifier == "079199000123"
    assert clean.phone == "+84912345678"
    assert clean.email == "Hoa@example.com"
    assert clean.address is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "robot"}, "applicant.kind"),
        (
            {"identifier_kind": "tax_code", "identifier": "0100109106"},
            "applicant.identifier_kind",
        ),
        ({"kind": "business", "identifier_kind": "cccd"}, "applicant.identifier_kind"),
        (
            {"identifier_kind": "passport", "identifier": "12345678"},
            "applicant.identifier",
        ),
        ({"identifier_kind": "old_id", "identifier": "12345"}, "applicant.identifier"),
        ({"phone": "+1 202 555 0100"}, "applicant.phone"),
        ({"email": "@nowhere"}, "applicant.email"),
        ({"name": ""}, "applicant.name"),
    ],
)
def test_applicant_errors_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_applicant(person(**changes), PROC)
    assert caught.value.field == field
    assert caught.value.vi != caught.value.en


def test_business_with_a_valid_tax_code_and_old_id_and_passport() -> None:
    company = person(
        kind="business", identifier_kind="tax_code", identifier="0100109106"
    )
    assert normalise_applicant(company, PROC).identifier == "0100109106"
    assert (
        normalise_applicant(
            person(identifier_kind="passport", identifier="c1234567"), PROC
        ).identifier
        == "C1234567"
    )
    assert (
        normalise_applicant(
            person(identifier_kind="old_id", identifier="123 456 789"), PROC
        ).identifier
        == "123456789"
    )


def test_components_depend_on_the_case() -> None:
    assert [c.code for c in components_of(PROC, "a")] == ["form", "extra"]
    assert [c.code for c in components_of(PROC, "b")] == ["form", "only-b", "extra"]


def test_components_default_and_follow_uploads() -> None:
    chosen = check_components(
        PROC,
        "b",
        [ComponentInput(code="form", paper_original=True, copies=2)],
        [Upload(filename="b.pdf", data=b"%PDF", component_code="only-b")],
    )
    assert sorted(chosen) == ["extra", "form", "only-b"]
    assert chosen["form"].paper_original is True
    assert chosen["form"].copies == 2
    assert chosen["only-b"].source == "uploaded"
    assert chosen["extra"] == ComponentInput(code="extra")


def test_given_source_is_kept_over_the_upload_default() -> None:
    chosen = check_components(
        PROC,
        "a",
        [ComponentInput(code="form", source="reused", reused_from="X-1")],
        [Upload(filename="f.pdf", data=b"%PDF", component_code="form")],
    )
    assert chosen["form"].source == "reused"


@pytest.mark.parametrize(
    ("given", "uploads"),
    [
        ([ComponentInput(code="only-b")], []),
        ([ComponentInput(code="nope")], []),
        ([ComponentInput(code="form", source="scanner")], []),
        ([ComponentInput(code="form", copies=-1)], []),
        ([], [Upload(filename="x.pdf", data=b"%PDF", component_code="only-b")]),
        ([], [Upload(filename="x.pdf", data=b"%PDF", component_code=None)]),
    ],
)
def test_component_errors(given: list[ComponentInput], uploads: list[Upload]) -> None:
    with pytest.raises(InvalidInput):
        check_components(PROC, "a", given, uploads)


def test_place_resolves_the_receiving_unit(catalogue: Any) -> None:
    land = catalogue.procedures["1.012791.H99"]
    implementing, receiving = place(catalogue, land, "xa-an-binh")
    assert implementing.id == "xa-an-binh"
    assert receiving.id == "xa-an-binh-pvhcc"
    judicial = catalogue.procedures["2.000488.H99"]
    assert place(catalogue, judicial, "stp")[1].id == "ttpvhcc"
    with pytest.raises(InvalidInput) as caught:
        place(catalogue, judicial, "xa-an-binh")
    assert caught.value.field == "unit_id"
