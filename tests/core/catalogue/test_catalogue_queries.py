"""Questions the application asks the catalogue, on a small hand-made tree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from core.calendar import CalendarSpec
from core.catalogue.catalogue import Catalogue
from core.catalogue.errors import Report
from core.catalogue.model import (
    Approval,
    ComponentSpec,
    Duration,
    ProcedureSpec,
    ProvinceSpec,
    ResultSpec,
    StepSpec,
    UnitSpec,
    WorkflowSpec,
)
from core.catalogue.organisation import flatten_units


def unit(uid: str, kind: str, *children: UnitSpec) -> UnitSpec:
    return UnitSpec(
        id=uid,
        code=f"000.00.{len(uid):02d}.{uid}",
        name=uid,
        kind=kind,  # type: ignore[arg-type]
        children=list(children),
    )


TREE = unit(
    "tinh",
    "province",
    unit("ttpvhcc", "centre"),
    unit("so", "department", unit("so-phong", "division")),
    unit("xa-a", "commune", unit("xa-a-tt", "centre")),
    unit("xa-b", "commune"),
)


def step(code: str, unit_ref: str = "implementing") -> StepSpec:
    return StepSpec(
        code=code,
        name=code,
        role="specialist",
        unit=unit_ref,
        budget=Duration(amount=1),
        actions=["receive", "return_result"],
    )


def procedure(
    code: str, units: list[str], receiving: str | None = None
) -> ProcedureSpec:
    return ProcedureSpec(
        code=code,
        name=code,
        field="f",
        level="commune",
        units=units,
        receiving_unit=receiving,
        channels=["counter"],
        online_level="none",
        processing_time=Duration(amount=3),
        result=ResultSpec(name="r"),
        legal_basis=["l"],
        effective_from=dt.date(2025, 7, 1),
        workflow=WorkflowSpec(
            approved_by=Approval(number="1", date=dt.date(2025, 1, 1), body="b"),
            steps=[
                step("a", "receiving"),
                step("b"),
                step("c", "kind:centre"),
                step("d", "so"),
            ],
        ),
        components=[
            ComponentSpec(code="x", name="x", template="form.txt"),
            ComponentSpec(code="y", name="y"),
        ],
        applicants="a",
        plugins={"flag": None},
    )


@pytest.fixture
def catalogue() -> Catalogue:
    province = ProvinceSpec(code="H97", name="T", organisation=TREE)
    report = Report("province.yaml", lambda _p: (1, 1))
    units = flatten_units(province, report)
    assert report.errors == []
    procedures = {
        "P.COMMUNE": procedure("P.COMMUNE", ["kind:commune"], "kind:centre"),
        "P.DEPT": procedure("P.DEPT", ["so"], "ttpvhcc"),
        "P.BOTH": procedure("P.BOTH", ["xa-a", "kind:commune"]),
    }
    return Catalogue(
        config_dir=Path("/config/h97"),
        province=province,
        units=MappingProxyType(units),
        roles=MappingProxyType({}),
        calendar=CalendarSpec(),
        procedures=MappingProxyType(procedures),
        sources=MappingProxyType(
            {code: f"procedures/{code}.yaml" for code in procedures}
        ),
        hashes=MappingProxyType({code: code for code in procedures}),
    )


def test_units_are_listed_root_first_in_document_order(catalogue: Catalogue) -> None:
    assert list(catalogue.units) == [
        "tinh",
        "ttpvhcc",
        "so",
        "so-phong",
        "xa-a",
        "xa-a-tt",
        "xa-b",
    ]
    assert catalogue.root.id == "tinh"
    assert [u.depth for u in catalogue.units.values()] == [0, 1, 1, 2, 1, 2, 1]


def test_a_unit_spec_is_kept_without_its_children(catalogue: Catalogue) -> None:
    assert catalogue.unit("so").spec.children == []
    assert catalogue.unit("so").name_in("en") == "so"


def test_units_of_a_kind_and_references(catalogue: Catalogue) -> None:
    assert [u.id for u in catalogue.units_of_kind("commune")] == ["xa-a", "xa-b"]
    assert [u.id for u in catalogue.resolve_units("kind:centre")] == [
        "ttpvhcc",
        "xa-a-tt",
    ]
    assert [u.id for u in catalogue.resolve_units("so-phong")] == ["so-phong"]
    with pytest.raises(KeyError):
        catalogue.resolve_units("nowhere")


def test_implementing_units_are_listed_once(catalogue: Catalogue) -> None:
    assert [u.id for u in catalogue.implementing_units("P.BOTH")] == ["xa-a", "xa-b"]


def test_the_nearest_unit_of_a_kind(catalogue: Catalogue) -> None:
    # Own subtree first, then the ancestors' subtrees from the nearest up.
    assert catalogue.nearest_of_kind("centre", "xa-a").id == "xa-a-tt"
    assert catalogue.nearest_of_kind("centre", "xa-b").id == "ttpvhcc"
    assert catalogue.nearest_of_kind("division", "so").id == "so-phong"
    assert catalogue.nearest_of_kind("district", "xa-a") is None


def test_receiving_units(catalogue: Catalogue) -> None:
    assert catalogue.receiving_unit("P.COMMUNE", "xa-a").id == "xa-a-tt"
    assert catalogue.receiving_unit("P.COMMUNE", "xa-b").id == "ttpvhcc"
    assert catalogue.receiving_unit("P.DEPT", "so").id == "ttpvhcc"
    assert catalogue.receiving_unit("P.BOTH", "xa-b").id == "xa-b"


def test_step_units_for_one_dossier(catalogue: Catalogue) -> None:
    receiving, implementing, by_kind, named = catalogue.procedure_steps("P.COMMUNE")
    assert catalogue.step_unit(receiving, "xa-a", "xa-a-tt").id == "xa-a-tt"
    assert catalogue.step_unit(receiving, "xa-a").id == "xa-a"
    assert catalogue.step_unit(implementing, "xa-b", "ttpvhcc").id == "xa-b"
    assert catalogue.step_unit(by_kind, "xa-a").id == "xa-a-tt"
    assert catalogue.step_unit(named, "xa-a").id == "so"


def test_a_kind_with_no_unit_near_is_a_key_error(catalogue: Catalogue) -> None:
    orphan = step("z", "kind:district")
    with pytest.raises(KeyError):
        catalogue.step_unit(orphan, "xa-a")


def test_templates_and_plugin_sections(catalogue: Catalogue) -> None:
    with_form, without = catalogue.procedure("P.DEPT").components
    assert catalogue.template_path(with_form) == Path(
        "/config/h97/templates/components/form.txt"
    )
    assert catalogue.template_path(without) is None
    assert catalogue.plugin_section("P.DEPT", "flag") is None
    with pytest.raises(KeyError):
        catalogue.plugin_section("P.DEPT", "fees")


def test_procedures_of_a_unit_in_code_order(catalogue: Catalogue) -> None:
    assert [p.code for p in catalogue.procedures_of_unit("xa-a")] == [
        "P.BOTH",
        "P.COMMUNE",
    ]
    assert [p.code for p in catalogue.procedures_of_unit("ttpvhcc")] == []


def test_unknown_names_raise_key_errors(catalogue: Catalogue) -> None:
    for call in (
        lambda: catalogue.unit("x"),
        lambda: catalogue.unit_path("x"),
        lambda: catalogue.units_under("x"),
        lambda: catalogue.procedure("x"),
        lambda: catalogue.role("x"),
    ):
        with pytest.raises(KeyError):
            call()
