"""The e-forms plugin's hook implementations: how the core reaches the forms.

A procedure enables the plugin with ``plugins: eforms: {form: <code>}`` (a shared
form file) or ``{inline: {...}}``. Each hook is a thin door into a module of the
plugin; ``docs/eforms.md`` explains forms, versions, drafts and prefill.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from core.catalogue.catalogue import Catalogue
from core.catalogue.errors import ConfigInvalid, Report
from core.catalogue.model import ProcedureSpec
from core.dossiers.tables import Dossier
from core.events import DossierEvent, FilingDraft, Panel
from core.hookspecs import PluginInfo, hookimpl
from plugins.eforms import filing, flat, panels, runtime
from plugins.eforms.drafts import delete_draft
from plugins.eforms.render import STATIC_DIR, TEMPLATES_DIR
from plugins.eforms.section import EformsSection, check_section

NAME = "eforms"


@hookimpl
def motcua_register_plugin() -> PluginInfo:
    """Describe the plugin, its section type and its database app."""
    return PluginInfo(
        name=NAME,
        title="Electronic forms declared in YAML, validated on both sides",
        section_type=EformsSection,
        piccolo_apps=("plugins.eforms.piccolo_app",),
    )


@hookimpl
def motcua_register_routes() -> Sequence[Any]:
    """The print page of a dossier's form and the citizen's drafts."""
    from plugins.eforms.web import ROUTES

    return ROUTES


@hookimpl
def motcua_register_template_dirs() -> Sequence[Path]:
    """The plugin's templates (``eforms/...``)."""
    return [TEMPLATES_DIR]


@hookimpl
def motcua_register_static_dirs() -> Mapping[str, Path]:
    """The form's script and styles, under ``/static/eforms/``."""
    return {NAME: STATIC_DIR}


@hookimpl
def motcua_check_procedure_section(
    procedure: ProcedureSpec, section: EformsSection, report: Report
) -> None:
    """Check the section and the form it names, with the province's code lists."""
    check_section(procedure, section, report)


@hookimpl
def motcua_catalogue_loaded(catalogue: Catalogue) -> None:
    """Keep the province's forms and code lists for the hooks about dossiers.

    Raises:
        ConfigInvalid: a form file that no procedure uses has errors; the
            application must not start on a broken form either.
    """
    library = runtime.configure(catalogue)
    if library.errors:
        raise ConfigInvalid(list(library.errors))


@hookimpl
async def motcua_prepare_filing(
    draft: FilingDraft, procedure: ProcedureSpec, section: EformsSection
) -> Sequence[tuple[str, str]]:
    """Check the form data and keep it cleaned with its form's version."""
    return await filing.prepare_filing(draft, section)


@hookimpl
async def motcua_render_filing_form(
    procedure: ProcedureSpec,
    section: EformsSection,
    data: Mapping[str, Any],
    errors: Mapping[str, Sequence[str]],
    lang: str,
    viewer: Any,
) -> Markup:
    """The form's inputs on the online filing and counter intake pages.

    A citizen's draft, or values from their profile and earlier dossiers, fill a
    fresh form (see docs/eforms.md).
    """
    return await filing.render_filing_form(
        procedure, section, data, errors, lang, viewer=viewer
    )


@hookimpl
def motcua_read_filing_form(
    procedure: ProcedureSpec, section: EformsSection, post: Any
) -> Mapping[str, Any]:
    """The form's data (and its group row controls) from a posted filing form."""
    return filing.read_filing_form(post)


@hookimpl
def motcua_form_values(
    dossier: Mapping[str, Any], procedure: ProcedureSpec
) -> Mapping[str, Any] | None:
    """The dossier's form data as field paths to values."""
    return flat.form_values(dossier, procedure)


@hookimpl
async def motcua_dossier_event(event: DossierEvent, procedure: ProcedureSpec) -> None:
    """Forget the applicant's draft once their dossier of the procedure is filed."""
    if event.from_status is not None:
        return
    row = (
        await Dossier.select(Dossier.account_id)
        .where(Dossier.id == event.dossier_id)
        .first()
    )
    if row is not None and row["account_id"] is not None:
        await delete_draft(int(row["account_id"]), event.procedure_code)


@hookimpl
async def motcua_dossier_panels(
    dossier: Mapping[str, Any], procedure: ProcedureSpec, viewer: Any, lang: str
) -> Sequence[Panel]:
    """The form data the dossier was filed with, and its print link."""
    return await panels.dossier_panels(dossier, viewer, lang)


@hookimpl
def motcua_procedure_panels(procedure: ProcedureSpec, lang: str) -> Sequence[Panel]:
    """An outline of the procedure's form on its public page."""
    return panels.procedure_panels(procedure, lang)
