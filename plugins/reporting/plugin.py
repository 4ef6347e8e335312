"""The reporting plugin's hook implementations."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin and its database app."""
    return PluginInfo(
        name="reporting",
        title="Statistical forms, the service index, dashboards and exports",
        piccolo_apps=("plugins.reporting.piccolo_app",),
    )
