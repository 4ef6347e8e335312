"""The payments gateway plugin's hook implementations.

The plugin lets an applicant pay a dossier's fees online through VNPay or the
national portal's payment platform (PayGov), records the result idempotently
through the fees plugin, reconciles unfinished payments and, outside production,
serves sandbox stand-ins of both gateways. ``docs/payments.md`` describes the
whole flow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.hookspecs import PluginInfo, hookimpl
from plugins.payments_gateway.section import PaymentsSection, check_section

if TYPE_CHECKING:
    import click

    from core.catalogue.errors import Report
    from core.catalogue.model import ProcedureSpec
    from core.events import Panel

__all__ = [
    "motcua_check_procedure_section",
    "motcua_dossier_panels",
    "motcua_register_commands",
    "motcua_register_plugin",
    "motcua_register_routes",
    "motcua_register_template_dirs",
]


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin, its section type and its database app."""
    return PluginInfo(
        name="payments_gateway",
        title="Online payment through VNPay-compatible and PayGov gateways",
        section_type=PaymentsSection,
        piccolo_apps=("plugins.payments_gateway.piccolo_app",),
    )


@hookimpl
def motcua_check_procedure_section(
    procedure: ProcedureSpec, section: Any, report: Report
) -> None:
    """Check a procedure's payment settings beyond their types."""
    check_section(procedure, section, report)


@hookimpl
def motcua_register_routes() -> Sequence[Any]:
    """The payment pages and callbacks, and the sandbox gateways."""
    from plugins.payments_gateway import sandbox, web

    return [*web.HANDLERS, *sandbox.routes()]


@hookimpl
def motcua_register_template_dirs() -> Sequence[Path]:
    """The plugin's templates (``payments_gateway/...``)."""
    from plugins.payments_gateway.panel import TEMPLATES

    return [TEMPLATES]


@hookimpl
def motcua_register_commands(cli: click.Group) -> None:
    """Add ``motcua payments reconcile``, ``list`` and ``refund``."""
    from plugins.payments_gateway.cli import register

    register(cli)


@hookimpl
async def motcua_dossier_panels(
    dossier: Mapping[str, Any], procedure: ProcedureSpec, viewer: Any, lang: str
) -> Sequence[Panel]:
    """The online payment panel of a dossier page."""
    from plugins.payments_gateway.panel import render_panel

    return [await render_panel(dossier, viewer)]
