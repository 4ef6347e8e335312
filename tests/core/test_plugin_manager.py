"""Plugins come from entry points and reach only the procedures that enable them."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from core.catalogue.model import ProcedureSpec
from core.hookspecs import PluginInfo, hookimpl
from core.plugin_manager import PluginManager


def test_builtin_plugins_register_through_the_entry_point_group(
    plugins: PluginManager,
) -> None:
    assert {"eforms", "fees", "payments_gateway", "reporting"} <= set(plugins.names())
    for name in ("eforms", "fees", "payments_gateway", "reporting"):
        loaded = plugins.plugins[name]
        assert loaded.distribution == "motcua"
        assert loaded.info.name == name


class Recorder:
    """A vendor-style plugin that records the events it sees."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: list[str] = []

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name=self.name, title="records events")

    @hookimpl
    def motcua_dossier_event(self, event: Any, procedure: ProcedureSpec) -> None:
        self.seen.append(procedure.code)


def _procedure(catalogue: Any, enabled: dict[str, Any]) -> ProcedureSpec:
    base = next(iter(catalogue.procedures.values()))
    return msgspec.structs.replace(base, plugins=enabled)


def test_a_procedure_that_does_not_enable_a_plugin_is_untouched(catalogue: Any) -> None:
    manager = PluginManager()
    on, off = Recorder("vendor_on"), Recorder("vendor_off")
    manager.register(on, "vendor_on", "vendor-pkg", "1.0")
    manager.register(off, "vendor_off", "vendor-pkg", "1.0")
    procedure = _procedure(catalogue, {"vendor_on": None})
    manager.for_procedure(procedure).motcua_dossier_event(
        event=None, procedure=procedure
    )
    assert on.seen == [procedure.code]
    assert off.seen == []


def test_sections_are_handed_to_their_own_plugin(catalogue: Any) -> None:
    received: dict[str, Any] = {}

    class Checker(Recorder):
        @hookimpl
        def motcua_check_procedure_section(
            self, procedure: Any, section: Any, report: Any
        ) -> None:
            received[self.name] = section

    manager = PluginManager()
    manager.register(Checker("a"), "a")
    manager.register(Checker("b"), "b")
    manager.register(Checker("c"), "c")
    procedure = _procedure(catalogue, {"a": {"x": 1}, "b": {"y": 2}})
    manager.call_sections("motcua_check_procedure_section", procedure, report=None)
    assert received == {"a": {"x": 1}, "b": {"y": 2}}


def test_a_plugin_must_describe_itself_under_its_entry_point_name() -> None:
    manager = PluginManager()
    with pytest.raises(ValueError, match="calls itself"):
        manager.register(Recorder("other"), "vendor")

    class Silent:
        pass

    with pytest.raises(ValueError, match="motcua_register_plugin"):
        manager.register(Silent(), "silent")
    assert manager.names() == []
