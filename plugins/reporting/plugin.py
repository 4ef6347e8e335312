"""The reporting plugin's hook implementations.

Reports cover every dossier of the province, so the facts are kept up to date by
reading the core's tables before each report (:mod:`plugins.reporting.sync`), not
by ``motcua_dossier_event``, which only reaches plugins that a procedure enables.
When a procedure does enable ``reporting``, the hook refreshes that dossier's facts
at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from core.hookspecs import PluginInfo, hookimpl

if TYPE_CHECKING:
    import click

    from core.catalogue.loader import Catalogue
    from core.catalogue.model import ProcedureSpec
    from core.events import DossierEvent

__all__ = [
    "motcua_catalogue_loaded",
    "motcua_dossier_event",
    "motcua_register_commands",
    "motcua_register_plugin",
    "motcua_register_routes",
    "motcua_register_static_dirs",
    "motcua_register_template_dirs",
]

HERE = Path(__file__).parent
log = structlog.get_logger(__name__)
_loaded: dict[str, Any] = {}


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin and its database app."""
    return PluginInfo(
        name="reporting",
        title="Statistical forms, the service index, dashboards and exports",
        piccolo_apps=("plugins.reporting.piccolo_app",),
    )


@hookimpl
def motcua_register_routes() -> Sequence[Any]:
    """The reporting pages."""
    from plugins.reporting.web import ROUTES

    return ROUTES


@hookimpl
def motcua_register_template_dirs() -> Sequence[Path]:
    """The plugin's page templates."""
    return [HERE / "templates"]


@hookimpl
def motcua_register_static_dirs() -> Mapping[str, Path]:
    """The plugin's style sheet, under ``/static/reporting/``."""
    return {"reporting": HERE / "static"}


@hookimpl
def motcua_register_commands(cli: click.Group) -> None:
    """Add ``motcua reports``."""
    from plugins.reporting.cli import reports

    cli.add_command(reports)


@hookimpl
def motcua_catalogue_loaded(catalogue: Catalogue) -> None:
    """Remember the catalogue, whose calendar dates the facts of the event hook."""
    _loaded["catalogue"] = catalogue


@hookimpl
async def motcua_dossier_event(event: DossierEvent, procedure: ProcedureSpec) -> None:
    """Refresh the facts of a dossier whose procedure enables this plugin."""
    from plugins.reporting.sync import rebuild_dossiers

    catalogue = _loaded.get("catalogue")
    if catalogue is None:
        return
    await rebuild_dossiers([event.dossier_id], catalogue)
    log.debug("reporting_facts_updated", dossier=event.dossier_code)
