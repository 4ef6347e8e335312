"""Shared helpers for the catalogue tests: fake plugins and small province folders."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec

from core.catalogue.errors import ConfigError, ConfigInvalid
from core.hookspecs import PluginInfo, hookimpl
from core.plugin_manager import PluginManager

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "config" / "demo"
BROKEN = REPO / "tests" / "fixtures" / "config" / "broken"
FEE_LIMIT = 1_000_000


class FeeSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The section of a fake fee plugin: an amount and an optional label."""

    amount: float
    label: str = "lệ phí"


class FakeFees:
    """A plugin whose section has a type and whose check refuses large amounts."""

    def __init__(self) -> None:
        self.checked: list[tuple[str, Any]] = []
        self.loaded: list[Any] = []

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="fakefees", title="Fake fees", section_type=FeeSection)

    @hookimpl
    def motcua_check_procedure_section(
        self, procedure: Any, section: Any, report: Any
    ) -> None:
        self.checked.append((procedure.code, section))
        if section.amount > FEE_LIMIT:
            report.error(
                ("amount",), "the amount exceeds the legal ceiling", "lower it"
            )

    @hookimpl
    def motcua_catalogue_loaded(self, catalogue: Any) -> None:
        self.loaded.append(catalogue)


class Flag:
    """A plugin without settings that records which procedures it was asked about."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, Any]] = []

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="flag", title="Flag")

    @hookimpl
    def motcua_check_procedure_section(
        self, procedure: Any, section: Any, report: Any
    ) -> None:
        self.sections.append((procedure.code, section))


class Crashing:
    """A plugin whose check raises, as a faulty vendor plugin might."""

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="crashing", title="Crashing")

    @hookimpl
    def motcua_check_procedure_section(
        self, procedure: Any, section: Any, report: Any
    ) -> None:
        raise RuntimeError("boom")


def manager(*plugins: Any) -> PluginManager:
    """The installed plugins (the demo enables them) plus ``plugins``."""
    pm = PluginManager()
    pm.load_entry_points()
    for plugin in plugins:
        pm.register(plugin, plugin.motcua_register_plugin().name)
    return pm


def demo_copy(target: Path, *, keep: tuple[str, ...] | None = None) -> Path:
    """Copy the demo province to ``target``; ``keep`` limits the procedure files."""
    folder = target / "province"
    shutil.copytree(DEMO, folder)
    if keep is not None:
        for path in (folder / "procedures").iterdir():
            if path.name not in keep:
                path.unlink()
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file, failing if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(exc: ConfigInvalid, file_suffix: str) -> list[ConfigError]:
    """The errors of one file, by the end of its path."""
    return [e for e in exc.errors if e.file.endswith(file_suffix)]


def line_of(path: Path, marker: str) -> int:
    """The 1-based number of the only line of ``path`` containing ``marker``."""
    lines = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marker in line
    ]
    assert len(lines) == 1, f"{marker!r} found on lines {lines} of {path}"
    return lines[0]
