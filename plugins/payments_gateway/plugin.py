"""The payments gateway plugin's hook implementations."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    return PluginInfo(
        name="payments_gateway",
        title="Online payment through VNPay-compatible and PayGov gateways",
    )
