"""A procedure's ``eforms`` section and its form, checked when the catalogue loads:
every mistake named with its file and line, a shared form's in the form file."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from core.catalogue.catalogue import Catalogue
from core.catalogue.errors import ConfigError, ConfigInvalid, Report
from core.catalogue.loader import load_catalogue
from core.catalogue.model import ProcedureSpec
from plugins.eforms import runtime
from plugins.eforms.section import EformsSection, check_section, province_dir
from tests.conftest import DEMO

JUDICIAL_FILE = "procedures/ly-lich-tu-phap.yaml"
BIRTH_FILE = "procedures/khai-sinh.yaml"
COPIES_FILE = "procedures/chung-thuc-ban-sao.yaml"
JUDICIAL_FORM = "forms/tk-lltp.yaml"


@pytest.fixture(autouse=True)
def restore_runtime(catalogue: Catalogue) -> Iterator[None]:
    """Loading another province switches the plugin to it; switch back after."""
    yield
    runtime.configure(catalogue)


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """A copy of the demo province that a test may change."""
    folder = tmp_path / "province"
    shutil.copytree(DEMO, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The line (from 1) where ``text`` first appears in ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def load_errors(folder: Path, plugins: Any) -> list[ConfigError]:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(folder, plugins)
    return caught.value.errors


def test_the_demo_loads_and_every_section_names_its_form(
    province: Path, plugins: Any
) -> None:
    loaded = load_catalogue(province, plugins)
    library = runtime.library()
    assert library.config_dir == province
    for spec in loaded.procedures.values():
        section = spec.plugins["eforms"]
        assert isinstance(section, EformsSection)
        assert library.form_of(section).version >= 1


@pytest.mark.parametrize(
    "written", ["eforms: {}", "eforms: {form: tk-lltp, inline: {code: x}}"]
)
def test_a_section_names_a_form_or_carries_one(
    province: Path, plugins: Any, written: str
) -> None:
    path = province / JUDICIAL_FILE
    edit(path, "eforms: {form: tk-lltp}", written)
    errors = load_errors(province, plugins)
    assert [(e.file, e.path) for e in errors] == [(str(path), "plugins.eforms")]
    assert "either form or inline" in errors[0].what


def test_an_unknown_form_names_the_forms_there_are(
    province: Path, plugins: Any
) -> None:
    path = province / JUDICIAL_FILE
    edit(path, "eforms: {form: tk-lltp}", "eforms: {form: tk-lltq}")
    [error] = load_errors(province, plugins)
    assert (error.file, error.path) == (str(path), "plugins.eforms.form")
    assert error.line == line_of(path, "eforms: {form: tk-lltq}")
    assert "forms/tk-lltq.yaml" in error.what
    assert "tk-lltp" in error.fix


def test_a_shared_form_s_mistakes_are_listed_once_in_the_form_file(
    province: Path, plugins: Any
) -> None:
    form = province / JUDICIAL_FORM
    edit(form, "code_list: genders", "code_list: sexes")
    edit(province / BIRTH_FILE, "{form: tk-khai-sinh}", "{form: tk-lltp}")
    errors = load_errors(province, plugins)
    in_form = [e for e in errors if e.file == str(form)]
    assert [(e.line, e.path) for e in in_form] == [
        (line_of(form, "code_list: sexes"), "sections[0].fields[2].code_list")
    ]
    assert "'sexes'" in in_form[0].what
    pointers = {e.file: e for e in errors if e.file != str(form)}
    assert set(pointers) == {
        str(province / JUDICIAL_FILE),
        str(province / BIRTH_FILE),
    }
    for error in pointers.values():
        assert error.path == "plugins.eforms.form"
        assert "forms/tk-lltp.yaml" in error.what


def test_a_form_s_yaml_syntax_error_names_the_form_file(
    province: Path, plugins: Any
) -> None:
    form = province / JUDICIAL_FORM
    edit(form, "version: 1", "version: [1")
    errors = load_errors(province, plugins)
    assert any(e.file == str(form) and "syntax" in e.what for e in errors)


def test_an_inline_form_s_mistakes_point_into_the_procedure_file(
    province: Path, plugins: Any
) -> None:
    path = province / COPIES_FILE
    edit(
        path,
        "              max: 2000\n",
        "              max: 2000\n              pattern: x\n",
    )
    [error] = load_errors(province, plugins)
    assert error.file == str(path)
    assert error.path == "plugins.eforms.inline.sections[1].fields[2].pattern"
    assert error.line == line_of(path, "pattern: x")


def test_an_inline_form_takes_dates_with_or_without_quotes(
    province: Path, plugins: Any
) -> None:
    path = province / COPIES_FILE
    edit(
        path,
        "              max: 200\n",
        "              max: 200\n"
        "            - {key: signed_on, type: date, label: Ngày ký,\n"
        "               min_date: 2020-01-01}\n",
    )
    loaded = load_catalogue(province, plugins)
    form = runtime.library().form_of(
        loaded.procedures["2.000815.H99"].plugins["eforms"]
    )
    [signed_on] = [f for f in form.top_fields() if f.key == "signed_on"]
    assert signed_on.min_date == "2020-01-01"


def test_a_form_s_code_is_its_file_name(province: Path, plugins: Any) -> None:
    form = province / JUDICIAL_FORM
    edit(form, "code: tk-lltp", "code: TK-LLTP")
    errors = load_errors(province, plugins)
    [in_form] = [e for e in errors if e.file == str(form)]
    assert in_form.path == "code"
    assert "tk-lltp.yaml" in in_form.what


def test_a_form_file_no_procedure_uses_must_be_sound_too(
    province: Path, plugins: Any
) -> None:
    orphan = province / "forms" / "nhap.yaml"
    orphan.write_text(
        "code: nhap\nversion: 0\ntitle: Nháp\nsections: []\n", encoding="utf-8"
    )
    errors = load_errors(province, plugins)
    assert {e.file for e in errors} == {str(orphan)}
    assert {e.path for e in errors} == {"version", "sections"}


def test_a_broken_province_code_list_is_reported(province: Path, plugins: Any) -> None:
    edit(province / "codelists" / "provinces.yaml", "merge: true", "merge: maybe")
    errors = load_errors(province, plugins)
    procedures = {str(p) for p in (province / "procedures").glob("*.yaml")}
    assert {e.file for e in errors} == procedures
    assert {e.path for e in errors} == {"plugins.eforms"}
    assert all("code lists cannot be read" in e.what for e in errors)
    assert all("provinces.yaml" in e.what for e in errors)


def test_the_province_folder_is_found_above_procedures(tmp_path: Path) -> None:
    nested = tmp_path / "tinh" / "procedures" / "tu-phap" / "a.yaml"
    assert province_dir(nested) == (tmp_path / "tinh").resolve()
    assert province_dir(tmp_path / "a.yaml") is None


def test_a_shared_form_outside_a_province_folder_is_refused(
    catalogue: Catalogue,
) -> None:
    spec: ProcedureSpec = catalogue.procedures["2.000488.H99"]
    report = Report("/elsewhere/ly-lich.yaml", lambda _path: (3, 5))
    check_section(spec, EformsSection(form="tk-lltp"), report)
    [error] = report.errors
    assert (error.path, error.line) == ("form", 3)
    assert "province folder" in error.what


GUIDE = Path(__file__).resolve().parents[3] / "docs" / "eforms.md"


@pytest.mark.parametrize(
    "block",
    [
        b
        for b in re.findall(r"```yaml\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
        if b.startswith("plugins:")
    ],
)
def test_the_guide_s_procedure_sections_are_sound(
    catalogue: Catalogue, block: str
) -> None:
    data = yaml.safe_load(block)["plugins"]["eforms"]
    section = msgspec.convert(data, EformsSection)
    report = Report(str(DEMO / "procedures" / "guide.yaml"), lambda _path: (1, 1))
    check_section(catalogue.procedures["2.000488.H99"], section, report)
    assert report.errors == []
