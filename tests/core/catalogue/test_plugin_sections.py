"""Plugins' sections of a procedure: decoded by their type, checked by their owner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.catalogue.errors import ConfigError, ConfigInvalid
from core.catalogue.loader import load_catalogue
from core.hookspecs import hookimpl
from core.plugin_manager import PluginManager
from tests.core.catalogue.catalogue_helpers import (
    Crashing,
    FakeFees,
    FeeSection,
    Flag,
    demo_copy,
    edit,
    line_of,
    manager,
)

BIRTH = "1.001193.H99"
PERMIT = "1.009974.H99"


@pytest.fixture
def province(tmp_path: Path) -> Path:
    return demo_copy(tmp_path, keep=("khai-sinh.yaml", "giay-phep-xay-dung-nha-o.yaml"))


def enable(folder: Path, section: str, file: str = "khai-sinh.yaml") -> Path:
    """Add ``section`` to the procedure's plugins, next to the demo's own ones."""
    path = folder / "procedures" / file
    edit(path, "\nplugins:\n", "\nplugins:\n" + section)
    return path


def failing(folder: Path, *plugins: object) -> list[ConfigError]:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(folder, manager(*plugins))
    return caught.value.errors


def test_a_section_is_decoded_into_the_plugins_type(province: Path) -> None:
    enable(province, "  fakefees:\n    amount: 8000\n")
    fees = FakeFees()
    catalogue = load_catalogue(province, manager(fees))
    section = catalogue.plugin_section(BIRTH, "fakefees")
    assert section == FeeSection(amount=8000)
    assert fees.checked == [(BIRTH, section)]


def test_only_procedures_enabling_a_plugin_reach_it(province: Path) -> None:
    enable(province, "  fakefees: {amount: 1}\n")
    fees = FakeFees()
    catalogue = load_catalogue(province, manager(fees))
    assert [code for code, _ in fees.checked] == [BIRTH]
    with pytest.raises(KeyError):
        catalogue.plugin_section(PERMIT, "fakefees")


def test_the_plugin_sees_every_decoded_section_of_the_procedure(province: Path) -> None:
    enable(province, "  fakefees: {amount: 1}\n  flag: {}\n")
    seen: list[dict[str, object]] = []

    class Peek(Flag):
        @hookimpl
        def motcua_check_procedure_section(
            self, procedure: Any, section: Any, report: Any
        ) -> None:
            seen.append(dict(procedure.plugins))

    plugins = manager(FakeFees(), Peek())
    load_catalogue(province, plugins)
    [sections] = seen
    assert (sections.pop("fakefees"), sections.pop("flag")) == (
        FeeSection(amount=1),
        None,
    )
    # The demo's own sections of the procedure, each decoded by its plugin.
    assert set(sections) == {"eforms", "fees"}
    for name, section in sections.items():
        section_type = plugins.plugins[name].info.section_type
        assert section_type is not None
        assert isinstance(section, section_type)


def test_an_error_reported_by_the_plugin_is_located_in_its_section(
    province: Path,
) -> None:
    path = enable(province, "  fakefees:\n    label: phí\n    amount: 2000000\n")
    [error] = failing(province, FakeFees())
    assert error.path == "plugins.fakefees.amount"
    assert error.line == line_of(path, "amount: 2000000")
    assert (error.what, error.fix) == (
        "the amount exceeds the legal ceiling",
        "lower it",
    )


def test_type_errors_of_a_section_use_the_generic_validator(province: Path) -> None:
    path = enable(province, "  fakefees:\n    amont: 5\n")
    fees = FakeFees()
    found = {e.path: e for e in failing(province, fees)}
    assert set(found) == {"plugins.fakefees.amont", "plugins.fakefees.amount"}
    assert "did you mean 'amount'?" in found["plugins.fakefees.amont"].fix
    assert found["plugins.fakefees.amont"].line == line_of(path, "amont: 5")
    # A section that did not decode is not handed to the plugin's own check.
    assert fees.checked == []


def test_an_empty_section_means_the_plugins_defaults(province: Path) -> None:
    enable(province, "  fakefees:\n")
    [error] = failing(province, FakeFees())
    assert (error.path, error.what) == (
        "plugins.fakefees.amount",
        "missing required key 'amount'",
    )


def test_a_plugin_without_settings_is_enabled_by_an_empty_section(
    province: Path,
) -> None:
    enable(province, "  flag: {}\n")
    flag = Flag()
    catalogue = load_catalogue(province, manager(flag))
    assert catalogue.plugin_section(BIRTH, "flag") is None
    assert flag.sections == [(BIRTH, None)]


def test_a_plugin_without_settings_refuses_settings(province: Path) -> None:
    enable(province, "  flag: {colour: red}\n")
    flag = Flag()
    [error] = failing(province, flag)
    assert (error.path, error.what) == (
        "plugins.flag",
        "plugin 'flag' takes no settings",
    )
    assert flag.sections == []


def test_an_unknown_plugin_suggests_an_installed_one(province: Path) -> None:
    enable(province, "  fakefee: {amount: 1}\n")
    plugins = manager(FakeFees(), Flag())
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(province, plugins)
    [error] = caught.value.errors
    assert error.what == "plugin 'fakefee' is not installed"
    assert "did you mean 'fakefees'?" in error.fix
    # Every installed plugin is listed in name order, the demo's and the fakes.
    listed = error.fix.split("installed plugins: ", 1)[1].split(";", 1)[0]
    assert listed.split(", ") == sorted(plugins.plugins)
    assert {"eforms", "fees", "fakefees", "flag"} <= set(plugins.plugins)


def test_without_plugins_installed_every_section_is_unknown(province: Path) -> None:
    with pytest.raises(ConfigInvalid) as caught:
        load_catalogue(province, PluginManager())
    found = {(e.file.rsplit("/", 1)[-1], e.path, e.what) for e in caught.value.errors}
    assert found == {
        (file, f"plugins.{name}", f"plugin {name!r} is not installed")
        for file in ("khai-sinh.yaml", "giay-phep-xay-dung-nha-o.yaml")
        for name in ("eforms", "fees")
    }
    assert all("installed plugins: (none)" in e.fix for e in caught.value.errors)


def test_a_plugin_that_raises_is_reported_not_fatal(province: Path) -> None:
    enable(province, "  crashing: {}\n")
    enable(province, "  crashing: {}\n", "giay-phep-xay-dung-nha-o.yaml")
    found = failing(province, Crashing())
    assert [e.path for e in found] == ["plugins.crashing", "plugins.crashing"]
    assert "failed while checking its section: boom" in found[0].what


def test_a_section_changes_the_content_hash(province: Path) -> None:
    enable(province, "  fakefees: {amount: 1}\n")
    first = load_catalogue(province, manager(FakeFees())).hashes[BIRTH]
    edit(province / "procedures" / "khai-sinh.yaml", "amount: 1}", "amount: 2}")
    second = load_catalogue(province, manager(FakeFees())).hashes[BIRTH]
    assert first != second
