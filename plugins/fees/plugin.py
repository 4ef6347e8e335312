"""The fees plugin's hook implementations: how the core reaches fee schedules,
assessment, collection and receipts."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl
from plugins.fees.schema import FeesSection


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin, its section type and its database app."""
    return PluginInfo(
        name="fees",
        title="Fee schedules, assessment, collection and electronic receipts",
        section_type=FeesSection,
        piccolo_apps=("plugins.fees.piccolo_app",),
    )
