"""Semantic checks of a province folder, one mistake at a time on a copy of the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalogue.errors import ConfigError, ConfigInvalid
from core.catalogue.loader import load_catalogue
from tests.core.catalogue.catalogue_helpers import demo_copy, edit, manager

BIRTH_FILE = "khai-sinh.yaml"
PERMIT_FILE = "giay-phep-xay-dung-nha-o.yaml"


@pytest.fixture
def province(tmp_path: Path) -> Path:
    return demo_copy(tmp_path, keep=(BIRTH_FILE, PERMIT_FILE))


def errors(folder: Path) -> list[ConfigError]:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(folder, manager())
    return caught.value.errors


def only_error(folder: Path) -> ConfigError:
    found = errors(folder)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def birth(folder: Path) -> Path:
    return folder / "procedures" / BIRTH_FILE


def test_the_copy_loads(province: Path) -> None:
    assert len(load_catalogue(province, manager()).procedures) == 2


# --- files --------------------------------------------------------------------------


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    error = only_error(tmp_path / "nowhere")
    assert error.what == "the configuration folder does not exist"


def test_missing_province_and_roles_files_are_reported(province: Path) -> None:
    (province / "province.yaml").unlink()
    (province / "roles.yaml").unlink()
    found = {Path(e.file).name: e.what for e in errors(province)}
    assert found == {
        "province.yaml": "the file is missing",
        "roles.yaml": "the file is missing",
    }


def test_a_missing_calendar_means_the_default_calendar(province: Path) -> None:
    (province / "calendar.yaml").unlink()
    catalogue = load_catalogue(province, manager())
    assert [p.start for p in catalogue.calendar.office_hours] == ["07:00", "13:30"]


def test_a_file_that_is_not_utf8(province: Path) -> None:
    birth(province).write_bytes("name: Đăng ký".encode("utf-16"))
    assert only_error(province).what == "the file is not UTF-8 text"


def test_an_empty_procedure_file(province: Path) -> None:
    birth(province).write_text("# nothing yet\n", encoding="utf-8")
    error = only_error(province)
    assert error.path == "(document)"
    assert error.what.startswith("expected a mapping with keys code, name")


def test_procedures_in_subfolders_and_yml_files_are_loaded(province: Path) -> None:
    sub = province / "procedures" / "ho-tich"
    sub.mkdir()
    birth(province).rename(sub / "khai-sinh.yml")
    catalogue = load_catalogue(province, manager())
    assert catalogue.sources["1.001193.H99"] == "procedures/ho-tich/khai-sinh.yml"


def test_errors_of_one_file_do_not_hide_those_of_another(province: Path) -> None:
    edit(birth(province), "role: specialist", "role: specialst")
    edit(
        province / "procedures" / PERMIT_FILE,
        "online_level: partial",
        "online_level: most",
    )
    names = sorted(Path(e.file).name for e in errors(province))
    assert names == [PERMIT_FILE, BIRTH_FILE]


# --- organisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_id", "words"),
    [("Xã An Bình", "cannot be used in unit paths"), ("implementing", "reserved word")],
)
def test_unit_ids_must_be_usable(province: Path, new_id: str, words: str) -> None:
    edit(province / "province.yaml", "id: xa-hoa-loi-pvhcc", f"id: {new_id}")
    error = only_error(province)
    assert words in error.what
    assert error.path == "organisation.children[10].children[0].id"


def test_a_broken_province_file_does_not_flood_procedures_with_errors(
    province: Path,
) -> None:
    edit(province / "province.yaml", "kind: province", "kind: provinse")
    found = errors(province)
    assert [Path(e.file).name for e in found] == ["province.yaml"]


# --- references ---------------------------------------------------------------------


def test_an_unknown_unit_with_a_suggestion(province: Path) -> None:
    edit(birth(province), "units: [kind:commune]", "units: [xa-an-bin]")
    error = only_error(province)
    assert (error.path, error.what) == ("units[0]", "unknown unit 'xa-an-bin'")
    assert "did you mean 'xa-an-binh'?" in error.fix


def test_step_words_are_not_units_of_a_procedure(province: Path) -> None:
    edit(birth(province), "receiving_unit: kind:centre", "receiving_unit: receiving")
    assert only_error(province).what == "unknown unit 'receiving'"


def test_a_step_may_name_a_unit_or_a_kind(province: Path) -> None:
    edit(
        birth(province),
        "      role: specialist",
        "      role: specialist\n      unit: stp",
    )
    edit(
        birth(province),
        "      role: leader",
        "      role: leader\n      unit: kind:commune",
    )
    load_catalogue(province, manager())


def test_an_unknown_role_lists_the_staff_roles(province: Path) -> None:
    edit(birth(province), "role: leader", "role: director")
    error = only_error(province)
    assert error.what == "unknown role 'director'"
    assert "receiving_officer" in error.fix
    assert "citizen" not in error.fix


def test_a_template_outside_the_templates_folder_is_refused(province: Path) -> None:
    edit(
        birth(province),
        "template: to-khai-dang-ky-khai-sinh.txt",
        "template: ../../roles.yaml",
    )
    error = only_error(province)
    assert error.path == "components[0].template"
    assert "outside templates/components/" in error.what


# --- dates, channels, times ---------------------------------------------------------


def test_effective_until_on_the_first_day_is_allowed(province: Path) -> None:
    edit(
        birth(province),
        "effective_from: 2025-07-01",
        "effective_from: 2025-07-01\neffective_until: 2025-07-01",
    )
    load_catalogue(province, manager())


def test_online_channel_without_online_service(province: Path) -> None:
    edit(birth(province), "online_level: full", "online_level: none")
    error = only_error(province)
    assert (error.path, error.what) == (
        "channels",
        "the online channel is listed but online_level is none",
    )


@pytest.mark.parametrize("cutoff", ['"24:00"', '"7:00"', '"15h00"', '"15:60"'])
def test_cutoff_must_be_hh_mm(province: Path, cutoff: str) -> None:
    edit(birth(province), 'cutoff: "15:00"', f"cutoff: {cutoff}")
    assert only_error(province).path == "cutoff"


def test_an_unquoted_cutoff_is_still_read_as_a_time(province: Path) -> None:
    edit(birth(province), 'cutoff: "15:00"', "cutoff: 16:30")
    catalogue = load_catalogue(province, manager())
    assert catalogue.procedure("1.001193.H99").cutoff == "16:30"


# --- workflow -----------------------------------------------------------------------


def test_budgets_exactly_filling_the_time_are_accepted(province: Path) -> None:
    # 0.5 + 2 + 1 + 0.5 working hours = 4 = the processing time.
    edit(
        birth(province),
        "{amount: 2, unit: working_hours}",
        "{amount: 0.25, unit: working_days}",
    )
    load_catalogue(province, manager())


def test_budgets_over_the_time_by_half_an_hour_are_refused(province: Path) -> None:
    edit(
        birth(province),
        "{amount: 2, unit: working_hours}",
        "{amount: 2.5, unit: working_hours}",
    )
    error = only_error(province)
    assert error.path == "workflow.steps"
    assert "4.5 working hours" in error.what
    assert "4 working hours" in error.what
    assert "a working day counts as 8 working hours" in error.fix


def test_calendar_day_budgets_are_compared_with_calendar_days(province: Path) -> None:
    permit = province / "procedures" / PERMIT_FILE
    edit(
        permit,
        "budget: {amount: 9, unit: calendar_days}",
        "budget: {amount: 10, unit: calendar_days}",
    )
    error = only_error(province)
    assert (
        "16 calendar days, more than the processing time of 15 calendar days"
        in error.what
    )


def test_calendar_days_mixed_with_working_days_cannot_be_compared(
    province: Path,
) -> None:
    permit = province / "procedures" / PERMIT_FILE
    edit(
        permit,
        "budget: {amount: 3, unit: calendar_days}",
        "budget: {amount: 1, unit: working_days}",
    )
    assert "mix calendar days with working time" in only_error(province).what


def test_a_zero_budget_is_refused(province: Path) -> None:
    edit(
        birth(province),
        "{amount: 1, unit: working_hours}",
        "{amount: 0, unit: working_hours}",
    )
    error = only_error(province)
    assert error.path == "workflow.steps[2].budget.amount"


def test_the_last_step_must_return_the_result(province: Path) -> None:
    edit(birth(province), "actions: [return_result, apologise]", "actions: [apologise]")
    error = only_error(province)
    assert (error.path, error.what) == (
        "workflow.steps[3].actions",
        "the last step does not allow 'return_result'",
    )


def test_a_workflow_without_steps(province: Path) -> None:
    text = birth(province).read_text(encoding="utf-8")
    birth(province).write_text(
        text[: text.index("  steps:")] + "  steps: []\nplugins: {}\n", encoding="utf-8"
    )
    assert only_error(province).what == "the workflow has no step"


def test_duplicate_component_and_case_codes(province: Path) -> None:
    edit(birth(province), "code: giay-chung-sinh", "code: to-khai")
    edit(
        birth(province),
        "processing_time: {amount: 4",
        "cases: [{code: a, name: A}, {code: a, name: B}]\nprocessing_time: {amount: 4",
    )
    found = {e.path: e.what for e in errors(province)}
    assert found == {
        "components[1].code": (
            "component code 'to-khai' is used twice in this procedure"
        ),
        "cases[1].code": "case code 'a' is used twice in this procedure",
    }
