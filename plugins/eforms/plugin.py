"""The e-forms plugin's hook implementations."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    return PluginInfo(
        name="eforms",
        title="Electronic forms declared in YAML, validated on both sides",
    )
