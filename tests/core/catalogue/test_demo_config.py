"""The demo province loads cleanly, and the catalogue answers questions about it."""

from __future__ import annotations

import dataclasses

import pytest

from core.catalogue.catalogue import Catalogue
from core.catalogue.checks import HOURS_PER_WORKING_DAY
from core.catalogue.loader import load_catalogue
from core.catalogue.model import ProcedureSpec
from core.permissions import PERMISSIONS
from tests.core.catalogue.catalogue_helpers import DEMO, FakeFees, manager

BIRTH = "1.001193.H99"
JUDICIAL_RECORD = "2.000488.H99"
BUSINESS_CHANGE = "2.001199.H99"


@pytest.fixture(scope="module")
def demo() -> Catalogue:
    return load_catalogue(DEMO, manager())


def test_the_demo_loads_without_error(demo: Catalogue) -> None:
    assert demo.province.code == "H99"
    assert len(demo.procedures) >= 9


def test_the_organisation_tree_is_flattened_with_paths(demo: Catalogue) -> None:
    root = demo.root
    assert (root.id, root.code, root.kind, root.depth) == (
        "ubnd-tinh",
        "000.00.00.H99",
        "province",
        0,
    )
    justice = demo.unit("stp")
    assert justice.parent_id == "ubnd-tinh"
    assert justice.path == "/ubnd-tinh/stp/"
    assert demo.unit_path("stp-lltp") == "/ubnd-tinh/stp/stp-lltp/"
    assert demo.unit("stp-lltp").depth == 2
    assert demo.unit("ttpvhcc").kind == "centre"


def test_every_official_code_is_unique_and_in_the_province(demo: Catalogue) -> None:
    codes = [u.code for u in demo.units.values()]
    assert len(codes) == len(set(codes))
    assert all(code.endswith(".H99") for code in codes)


def test_every_unit_publishes_a_focal_point(demo: Catalogue) -> None:
    assert all(u.spec.focal_points for u in demo.units.values())


def test_subtrees_children_and_ancestors(demo: Catalogue) -> None:
    under = [u.id for u in demo.units_under("stp")]
    assert under == ["stp", "stp-lltp"]
    assert len(demo.units_under("ubnd-tinh")) == len(demo.units)
    assert [u.id for u in demo.children("xa-an-binh")] == ["xa-an-binh-pvhcc"]
    assert [u.id for u in demo.ancestors("stp-lltp")] == ["ubnd-tinh", "stp"]
    assert demo.ancestors("ubnd-tinh") == []


def test_required_roles_exist_with_known_permissions(demo: Catalogue) -> None:
    expected = {
        "citizen",
        "business",
        "receiving_officer",
        "specialist",
        "leader",
        "cashier",
        "clerk",
        "unit_admin",
        "province_admin",
        "report_reader",
    }
    assert expected <= set(demo.roles)
    assert demo.role("citizen").kind == "public"
    for role in demo.roles.values():
        assert set(role.permissions) <= set(PERMISSIONS)
    assert "dossier.approve" in demo.permissions_of(["leader", "no-such-role"])
    assert "accounts.manage_admins" not in demo.permissions_of(["unit_admin"])


def test_commune_procedures_expand_to_every_commune(demo: Catalogue) -> None:
    units = [u.id for u in demo.implementing_units(BIRTH)]
    assert units == ["phuong-1", "xa-an-binh", "xa-tan-phu", "xa-hoa-loi"]
    assert demo.implementing_units(demo.procedure(JUDICIAL_RECORD))[0].id == "stp"


def test_receiving_unit_kinds_resolve_to_the_nearest_unit(demo: Catalogue) -> None:
    assert demo.receiving_unit(BIRTH, "xa-tan-phu").id == "xa-tan-phu-pvhcc"
    assert demo.receiving_unit(JUDICIAL_RECORD, "stp").id == "ttpvhcc"


def test_step_units_resolve_for_one_dossier(demo: Catalogue) -> None:
    steps = demo.procedure_steps(BUSINESS_CHANGE)
    assert demo.step_unit(steps[0], "stc", "ttpvhcc").id == "ttpvhcc"
    assert demo.step_unit(steps[1], "stc", "ttpvhcc").id == "stc-dkkd"
    birth = demo.step(BIRTH, "xu-ly")
    assert demo.step_unit(birth, "xa-an-binh").id == "xa-an-binh"
    with pytest.raises(KeyError):
        demo.step(BIRTH, "no-such-step")


def test_procedures_of_a_unit(demo: Catalogue) -> None:
    codes = [p.code for p in demo.procedures_of_unit("phuong-1")]
    assert BIRTH in codes
    assert JUDICIAL_RECORD not in codes
    assert [p.code for p in demo.procedures_of_unit("stp")] == [JUDICIAL_RECORD]


@pytest.mark.parametrize("code", [BIRTH, JUDICIAL_RECORD, BUSINESS_CHANGE])
def test_demo_workflows_fit_their_legal_time(demo: Catalogue, code: str) -> None:
    spec = demo.procedure(code)
    factor = {"working_days": HOURS_PER_WORKING_DAY, "working_hours": 1}
    used = sum(s.budget.amount * factor[s.budget.unit] for s in spec.workflow.steps)
    total = spec.processing_time.amount * factor[spec.processing_time.unit]
    assert used <= total


def test_every_demo_procedure_is_complete_for_the_public(demo: Catalogue) -> None:
    installed = manager().plugins
    for spec in demo.procedures.values():
        assert spec.legal_basis, spec.code
        assert spec.components, spec.code
        assert spec.public_steps, spec.code
        assert spec.workflow.approved_by.number
        # Every demo procedure can be filed with an e-form, and each section it
        # enables reaches its plugin decoded into that plugin's type.
        assert "eforms" in spec.plugins, spec.code
        for name, section in spec.plugins.items():
            section_type = installed[name].info.section_type
            assert section_type is not None, (spec.code, name)
            assert isinstance(section, section_type), (spec.code, name)


def test_certified_copies_have_case_specific_components(demo: Catalogue) -> None:
    spec = demo.procedure("2.000815.H99")
    assert {c.code for c in spec.cases} == {"thong-thuong", "nhieu-ban"}
    only_many = [c.code for c in spec.components if c.cases == ["nhieu-ban"]]
    assert only_many == ["thoa-thuan-thoi-han"]


def test_the_component_template_is_on_disk(demo: Catalogue) -> None:
    with_template = [
        c for spec in demo.procedures.values() for c in spec.components if c.template
    ]
    assert with_template
    for component in with_template:
        path = demo.template_path(component)
        assert path is not None
        assert path.is_file()
        assert "TỜ KHAI" in path.read_text(encoding="utf-8")


def test_sources_and_hashes(demo: Catalogue) -> None:
    assert demo.sources[BIRTH] == "procedures/khai-sinh.yaml"
    assert set(demo.hashes) == set(demo.procedures)
    assert len(set(demo.hashes.values())) == len(demo.hashes)


def test_the_same_files_hash_alike_on_every_load(demo: Catalogue) -> None:
    again = load_catalogue(DEMO, manager())
    assert again.hashes == demo.hashes


def test_the_calendar_has_the_example_overrides(demo: Catalogue) -> None:
    assert demo.calendar.office_hours[0].start == "07:00"
    assert set(demo.calendar.years) == {2026, 2027}


def test_the_catalogue_cannot_be_changed(demo: Catalogue) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.procedures = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        demo.procedures["x"] = demo.procedure(BIRTH)  # type: ignore[index]
    assert isinstance(demo.procedure(BIRTH), ProcedureSpec)


def test_plugins_are_told_when_the_catalogue_loaded() -> None:
    fees = FakeFees()
    catalogue = load_catalogue(DEMO, manager(fees))
    assert fees.loaded == [catalogue]
