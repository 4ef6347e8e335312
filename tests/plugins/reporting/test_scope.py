"""Which units a report covers, who may ask, and how sections and rows are named."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import Forbidden, UserError
from core.permissions import Actor
from plugins.reporting.dimensions import Dimensions
from plugins.reporting.scope import resolve_scope
from tests.plugins.reporting.helpers import COMMUNE_PROCEDURE, FIELD, PROVINCE_PROCEDURE


def reader(
    catalogue: Any, unit: str | None, permissions: set[str] | None = None
) -> Actor:
    return Actor(
        account_id=1,
        kind="staff",
        unit_id=unit,
        unit_path=catalogue.unit_path(unit) if unit else "",
        roles=frozenset({"report_reader"}),
        permissions=frozenset(permissions or {"reports.view"}),
    )


def test_the_root_covers_every_dossier_even_of_units_no_longer_listed(
    report_catalogue: Any,
) -> None:
    scope = resolve_scope(report_catalogue, None, None)
    assert scope.unit_id == report_catalogue.root.id
    assert scope.unit_ids is None
    assert scope.predicate().text == ""
    assert scope.covers("a-unit-removed-last-year")


def test_a_unit_covers_itself_and_the_units_below(report_catalogue: Any) -> None:
    scope = resolve_scope(report_catalogue, "xa-an-binh", None)
    assert scope.unit_ids == ("xa-an-binh", "xa-an-binh-pvhcc")
    assert scope.covers("xa-an-binh-pvhcc")
    assert not scope.covers("stp")
    predicate = scope.predicate()
    assert predicate.text == "unit_id IN ({}, {})"
    assert predicate.params == ("xa-an-binh", "xa-an-binh-pvhcc")


def test_a_viewer_without_a_unit_choice_sees_their_own_unit(
    report_catalogue: Any,
) -> None:
    scope = resolve_scope(report_catalogue, "", reader(report_catalogue, "stp"))
    assert scope.unit_id == "stp"


def test_a_viewer_may_look_below_but_not_beside_or_above(report_catalogue: Any) -> None:
    viewer = reader(report_catalogue, "stp")
    assert resolve_scope(report_catalogue, "stp-lltp", viewer).unit_id == "stp-lltp"
    for unit in ("sxd", report_catalogue.root.id):
        with pytest.raises(Forbidden) as refused:
            resolve_scope(report_catalogue, unit, viewer)
        assert refused.value.status == 403


def test_the_permission_is_needed_even_for_one_s_own_unit(
    report_catalogue: Any,
) -> None:
    viewer = reader(report_catalogue, "stp", {"dossier.process"})
    with pytest.raises(Forbidden):
        resolve_scope(report_catalogue, "stp", viewer)


def test_an_unknown_unit_is_refused_with_its_id(report_catalogue: Any) -> None:
    with pytest.raises(UserError) as refused:
        resolve_scope(report_catalogue, "so-khong-co", None)
    assert refused.value.status == 400
    assert refused.value.field == "unit"
    assert "so-khong-co" in refused.value.en


# --- dimensions ---------------------------------------------------------------------


@pytest.fixture
def dims(report_catalogue: Any) -> Dimensions:
    return Dimensions(report_catalogue)


def test_a_unit_s_level_follows_its_ancestors(dims: Dimensions) -> None:
    assert dims.unit_level["ubnd-tinh"] == "province"
    assert dims.unit_level["stp-lltp"] == "province"
    assert dims.unit_level["xa-an-binh"] == "commune"
    # The service centre of a commune is at the commune level.
    assert dims.unit_level["xa-an-binh-pvhcc"] == "commune"


def test_each_dimension_names_its_values_in_both_languages(dims: Dimensions) -> None:
    field = dims.value("field", "stp", PROVINCE_PROCEDURE)
    assert (field.key, field.label) == (
        FIELD, {"vi": "Thử nghiệm báo cáo", "en": "Report tests"}
    )  # fmt: skip
    unit = dims.value("unit", "stp", PROVINCE_PROCEDURE)
    assert unit.label == {"vi": "Sở Tư pháp", "en": "Department of Justice"}
    level = dims.value("level", "xa-tan-phu", COMMUNE_PROCEDURE)
    assert (level.key, level.label["vi"]) == ("commune", "Cấp xã")
    procedure = dims.value("procedure", "stp", PROVINCE_PROCEDURE)
    assert procedure.label["vi"].startswith(PROVINCE_PROCEDURE)


def test_values_missing_from_the_configuration_still_have_a_row(
    dims: Dimensions,
) -> None:
    gone = dims.unit_value("old-unit")
    assert "old-unit" in gone.label["vi"]
    assert gone.order[0] > dims.unit_value("xa-hoa-loi-pvhcc").order[0]
    unknown = dims.field_value("")
    assert unknown.label["en"] == "Field not known"
    assert dims.field_of("9.not.listed") == ""
    assert dims.value("level", "old-unit", "x").key == ""


def test_rows_keep_the_order_of_the_configuration(dims: Dimensions) -> None:
    units = ["xa-an-binh", "stp", "ubnd-tinh"]
    ordered = sorted((dims.unit_value(u) for u in units), key=lambda v: v.order)
    assert [v.key for v in ordered] == ["ubnd-tinh", "stp", "xa-an-binh"]
    levels = sorted(
        (dims.level_value(x) for x in ("commune", "province")), key=lambda v: v.order
    )
    assert [v.key for v in levels] == ["province", "commune"]


def test_a_section_s_predicate_selects_the_same_pairs_as_its_grouping(
    dims: Dimensions, report_catalogue: Any
) -> None:
    field = dims.predicate("field", FIELD)
    assert set(field.params) == {
        c for c, p in report_catalogue.procedures.items() if p.field == FIELD
    }
    communes = dims.predicate("level", "commune")
    assert "xa-an-binh" in communes.params
    assert "stp" not in communes.params
    assert dims.predicate("unit", "stp").params == ("stp",)
    unknown_field = dims.predicate("field", "")
    assert unknown_field.text.startswith("procedure_code NOT IN")
    nothing = dims.predicate("field", "khong-co")
    assert nothing.text == "1 = 0"


def test_all_values_list_every_field_and_the_levels_of_a_scope(
    dims: Dimensions,
) -> None:
    fields = dims.all_values("field", ["stp"], [])
    assert FIELD in [v.key for v in fields]
    levels = dims.all_values("level", ["stp", "xa-an-binh"], [])
    assert [v.key for v in levels] == ["province", "commune"]
    units = dims.all_values("unit", ["stp", "sxd"], [])
    assert [v.key for v in units] == ["stp", "sxd"]
