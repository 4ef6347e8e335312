"""The fees plugin's hook implementations: how the core reaches fee schedules,
assessment, collection and receipts.

Each hook is a thin door into a module of the plugin; nothing here is reachable
that a vendor's plugin could not reach the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import structlog

from core.catalogue.catalogue import Catalogue
from core.catalogue.errors import ConfigInvalid, Report
from core.catalogue.model import ProcedureSpec, text_in
from core.events import DossierEvent, FilingDraft, Panel
from core.hookspecs import PluginInfo, hookimpl
from core.i18n import gettext
from plugins.fees import checks, filing, runtime
from plugins.fees.ledger import dossier_or_404, stored_assessment
from plugins.fees.overview import overview_of
from plugins.fees.receipts import local_issuer
from plugins.fees.render import TEMPLATES_DIR, render
from plugins.fees.schema import FeesSection
from plugins.fees.settings import load_settings

log = structlog.get_logger(__name__)

NAME = "fees"


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin, its section type and its database app."""
    return PluginInfo(
        name=NAME,
        title="Fee schedules, assessment, collection and electronic receipts",
        section_type=FeesSection,
        piccolo_apps=("plugins.fees.piccolo_app",),
    )


@hookimpl
def motcua_register_routes() -> Sequence[Any]:
    """The quote API, the cashier's pages, receipts and statistics."""
    from plugins.fees.web import router

    return [router()]


@hookimpl
def motcua_register_template_dirs() -> Sequence[Path]:
    """The plugin's templates (``fees/...``)."""
    return [TEMPLATES_DIR]


@hookimpl
def motcua_check_procedure_section(
    procedure: ProcedureSpec, section: FeesSection, report: Report
) -> None:
    """Check a fee schedule beyond its types."""
    checks.check_section(procedure, section, report)


@hookimpl
def motcua_catalogue_loaded(catalogue: Catalogue) -> None:
    """Read the province's fee settings and check collecting units.

    Raises:
        ConfigInvalid: a collecting unit does not exist, or ``plugins/fees.yaml``
            has errors; the application must not start on them.
    """
    errors = checks.check_collecting_units(catalogue)
    try:
        settings = load_settings(catalogue.config_dir, catalogue.units)
    except ConfigInvalid as invalid:
        errors.extend(invalid.errors)
    if errors:
        raise ConfigInvalid(errors)
    runtime.configure(catalogue=catalogue, settings=settings)


@hookimpl
def motcua_prepare_filing(
    draft: FilingDraft, procedure: ProcedureSpec, section: FeesSection
) -> Sequence[tuple[str, str]]:
    """Assess the filing's fees and require proof of any reduction."""
    return filing.prepare_filing(draft, procedure, section)


@hookimpl
async def motcua_dossier_event(event: DossierEvent, procedure: ProcedureSpec) -> None:
    """Copy a new dossier's assessment into the plugin's table."""
    if event.from_status is not None:
        return
    dossier = await dossier_or_404(event.dossier_id)
    await stored_assessment(dossier)


@hookimpl
async def motcua_dossier_panels(
    dossier: Mapping[str, Any], procedure: ProcedureSpec, viewer: Any, lang: str
) -> Sequence[Panel]:
    """The dossier's fees, payments and receipts, with a way to collect."""
    record = await dossier_or_404(int(dossier["id"]))
    overview = await overview_of(record, viewer)
    if overview.assessment is None:
        return []
    # Panels are built while the page's request is served, in its language.
    html = render("fees/panel.html", overview=overview)
    return [
        Panel(key=NAME, title=gettext("Fees and charges"), html=str(html), order=50)
    ]


@hookimpl
def motcua_procedure_panels(procedure: ProcedureSpec, lang: str) -> Sequence[Panel]:
    """The procedure's fee schedule, shown to applicants before they file."""
    section = procedure.plugins.get(NAME)
    if not isinstance(section, FeesSection):
        return []
    html = render(
        "fees/schedule.html",
        section=section,
        components={c.code: text_in(c.name, lang) for c in procedure.components},
        tr=lambda label: text_in(label, lang),
    )
    return [
        Panel(key=NAME, title=gettext("Fees and charges"), html=str(html), order=50)
    ]


@hookimpl(trylast=True)
def motcua_issue_receipt(receipt: Mapping[str, Any]) -> Mapping[str, Any]:
    """Issue a receipt locally when no vendor issuer answered first."""
    return local_issuer(receipt)
