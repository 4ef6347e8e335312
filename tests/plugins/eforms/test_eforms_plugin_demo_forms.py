"""The demo province's forms: every procedure has one, each accepts a realistic
filled example, and each enforces the rules of the declaration it reflects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.catalogue.catalogue import Catalogue
from plugins.eforms import runtime
from plugins.eforms.library import FormLibrary
from plugins.eforms.section import EformsSection
from plugins.eforms.validate import ValidationResult, validate
from plugins.fees.schema import FeesSection
from tests.conftest import DEMO
from tests.plugins.eforms.eforms_filing import (
    BIRTH,
    BUILDING,
    COPIES,
    HOUSEHOLD,
    JUDICIAL,
    example,
    section_of,
)

DEMO_CODES = sorted(
    {
        "1.001643.H99",
        "2.000633.H99",
        COPIES,
        "1.012791.H99",
        BUILDING,
        HOUSEHOLD,
        "1.000894.H99",
        BIRTH,
        JUDICIAL,
        "2.001199.H99",
    }
)
ONLINE_PAYMENT = {JUDICIAL, "2.001199.H99", "1.001643.H99"}


def check(catalogue: Catalogue, code: str, data: Any) -> ValidationResult:
    """Validate ``data`` against a demo procedure's current form."""
    library = runtime.library()
    form = library.form_of(section_of(catalogue, code))
    return validate(
        form, data, lang="vi", code_lists=library.code_lists, today=runtime.today()
    )


def codes(result: ValidationResult) -> dict[str, str]:
    return {error.path: error.code for error in result.errors}


def test_every_demo_procedure_has_a_form(demo: Catalogue) -> None:
    assert sorted(demo.procedures) == DEMO_CODES
    forms = {runtime.library().form_of(section_of(demo, c)).code for c in DEMO_CODES}
    assert len(forms) == len(DEMO_CODES)


@pytest.mark.parametrize("code", DEMO_CODES)
def test_the_filled_example_satisfies_its_form(demo: Catalogue, code: str) -> None:
    result = check(demo, code, example(demo, code))
    assert result.errors == []
    assert result.data


@pytest.mark.parametrize("code", DEMO_CODES)
def test_an_empty_form_is_refused_for_its_required_fields(
    demo: Catalogue, code: str
) -> None:
    result = check(demo, code, {})
    required = {
        field.key
        for field in runtime.library().form_of(section_of(demo, code)).top_fields()
        if field.required and field.visible_when is None
    }
    assert required
    assert required <= set(codes(result))


def test_demo_addresses_need_the_province_s_own_list(demo: Catalogue) -> None:
    assert "99" in runtime.library().code_lists["provinces"]
    shipped_only = FormLibrary(None)
    form = runtime.library().form_of(section_of(demo, JUDICIAL))
    result = validate(
        form,
        example(demo, JUDICIAL),
        lang="vi",
        code_lists=shipped_only.code_lists,
        today=runtime.today(),
    )
    assert "permanent_address.province" in codes(result)


def test_fees_read_numbers_the_forms_ask_for(demo: Catalogue) -> None:
    for code, spec in demo.procedures.items():
        fees = spec.plugins.get("fees")
        if not isinstance(fees, FeesSection):
            continue
        form = runtime.library().form_of(section_of(demo, code))
        types = {field.key: field.type for field in form.top_fields()}
        for item in fees.items:
            per = item.per
            for name in (per.field, per.times_field) if per else ():
                if name is not None:
                    assert types.get(name) in ("number", "money"), (code, name)


def test_online_payment_is_offered_where_an_online_fee_is_due(
    demo: Catalogue,
) -> None:
    paying = {c for c, s in demo.procedures.items() if "payments_gateway" in s.plugins}
    assert paying == ONLINE_PAYMENT
    for code in paying:
        spec = demo.procedures[code]
        assert "online" in spec.channels
        assert isinstance(spec.plugins["fees"], FeesSection)


def test_certified_copies_carry_their_form_inline(demo: Catalogue) -> None:
    section = section_of(demo, COPIES)
    assert isinstance(section, EformsSection)
    assert section.form is None
    assert section.inline is not None
    form = runtime.library().form_of(section)
    assert {"so_trang", "so_ban"} <= {f.key for f in form.top_fields()}
    assert not (DEMO / "forms" / f"{form.code}.yaml").exists()


# --- rules of the real declarations ---------------------------------------------


def test_residence_history_must_run_forward(demo: Catalogue) -> None:
    data = example(demo, JUDICIAL)
    data["residence_history"][0]["to_date"] = "2003-01-01"
    result = check(demo, JUDICIAL, data)
    assert codes(result) == {"residence_history[0].to_date": "date_after"}


def test_a_foreigner_gives_a_passport_and_no_ethnic_group(demo: Catalogue) -> None:
    data = example(demo, JUDICIAL)
    data.update(nationality="KR", id_kind="passport", passport="M1234567")
    result = check(demo, JUDICIAL, data)
    assert result.errors == []
    assert "ethnic_group" not in result.data
    assert "cccd" not in result.data
    assert result.data["passport"] == "M1234567"


def test_a_conviction_must_be_described(demo: Catalogue) -> None:
    data = {**example(demo, JUDICIAL), "has_conviction": "some"}
    assert codes(check(demo, JUDICIAL, data)) == {"conviction_details": "required"}


def test_household_capital_is_the_members_contributions(demo: Catalogue) -> None:
    data = example(demo, HOUSEHOLD)
    assert check(demo, HOUSEHOLD, data).data["capital"] == 150_000_000
    data["capital"] = "160.000.000"
    assert codes(check(demo, HOUSEHOLD, data)) == {"capital": "sum_equals"}


def test_an_individual_business_lists_no_members(demo: Catalogue) -> None:
    data = {**example(demo, HOUSEHOLD), "founded_by": "individual", "capital": 5e7}
    result = check(demo, HOUSEHOLD, data)
    assert result.errors == []
    assert "members" not in result.data


def test_a_household_needs_two_adult_members(demo: Catalogue) -> None:
    data = example(demo, HOUSEHOLD)
    data["members"] = data["members"][:1]
    data["capital"] = data["members"][0]["contribution"]
    assert codes(check(demo, HOUSEHOLD, data)) == {"members": "too_few_items"}
    data = example(demo, HOUSEHOLD)
    data["members"][1]["birth_date"] = (
        runtime.today() - dt.timedelta(days=3650)
    ).isoformat()
    assert "members[1].birth_date" in codes(check(demo, HOUSEHOLD, data))


def test_the_business_name_follows_the_naming_rule(demo: Catalogue) -> None:
    data = {**example(demo, HOUSEHOLD), "business_name": "Hoa Mai"}
    assert codes(check(demo, HOUSEHOLD, data)) == {"business_name": "pattern"}


def test_building_dates_and_areas_are_checked(demo: Catalogue) -> None:
    data = example(demo, BUILDING)
    result = check(demo, BUILDING, data)
    assert str(result.data["plot_area"]) == "120.5"
    data.update(start_date="2026-06-01", completion_date="2026-05-01")
    assert codes(check(demo, BUILDING, data)) == {"completion_date": "date_after"}
    data = {**example(demo, BUILDING), "start_date": "2019-01-01"}
    assert codes(check(demo, BUILDING, data)) == {"start_date": "date_too_early"}


def test_an_organisation_building_gives_a_tax_code(demo: Catalogue) -> None:
    data = {**example(demo, BUILDING), "owner_kind": "organisation"}
    assert codes(check(demo, BUILDING, data)) == {
        "owner_tax_code": "required",
        "owner_representative": "required",
    }


def test_a_designer_gives_a_practising_certificate(demo: Catalogue) -> None:
    data = {**example(demo, BUILDING), "designer_licence": ""}
    assert codes(check(demo, BUILDING, data)) == {"designer_licence": "required"}
    data["designer_name"] = ""
    assert check(demo, BUILDING, data).errors == []


def test_a_birth_without_a_father_keeps_no_father_details(demo: Catalogue) -> None:
    data = {**example(demo, BIRTH), "father_known": False}
    result = check(demo, BIRTH, data)
    assert result.errors == []
    assert not any(
        key.startswith("father_") and key != "father_known" for key in result.data
    )


def test_a_child_is_born_after_the_mother(demo: Catalogue) -> None:
    data = {**example(demo, BIRTH), "child_birth_date": "1990-01-01"}
    assert codes(check(demo, BIRTH, data)) == {"child_birth_date": "date_after"}


def test_the_groom_must_be_twenty(demo: Catalogue) -> None:
    data = example(demo, "1.000894.H99")
    nineteen = runtime.today().replace(year=runtime.today().year - 19)
    data["groom_birth_date"] = nineteen.isoformat()
    assert codes(check(demo, "1.000894.H99", data)) == {
        "groom_birth_date": "date_too_late"
    }


def test_a_business_change_asks_only_for_what_changes(demo: Catalogue) -> None:
    code = "2.001199.H99"
    data = {**example(demo, code), "changed": ["capital"]}
    assert codes(check(demo, code, data)) == {
        "old_capital": "required",
        "new_capital": "required",
    }
    data.update(old_capital=1_000_000_000, new_capital="2.000.000.000")
    result = check(demo, code, data)
    assert result.errors == []
    assert "business_lines" not in result.data
    assert result.data["new_capital"] == 2_000_000_000


def test_copies_count_pages_and_copies(demo: Catalogue) -> None:
    data = {**example(demo, COPIES), "so_trang": "0", "so_ban": "2,5"}
    assert codes(check(demo, COPIES, data)) == {
        "so_trang": "below_min",
        "so_ban": "not_whole",
    }
