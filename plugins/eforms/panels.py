"""What the plugin shows on dossier and procedure pages.

A dossier's page shows the form data it was filed with, laid out by the exact form
content of that filing (an old dossier keeps its old form after the province
changes the file), with a link to the A4 print page. A procedure's public page
shows an outline of its current form, so people know what they will be asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import structlog

from core.catalogue.model import ProcedureSpec
from core.dossiers.access import can_view
from core.dossiers.records import DossierRecord, decode_json
from core.events import Panel
from core.permissions import Actor
from plugins.eforms import runtime
from plugins.eforms.pages import outline_html, panel_html, word
from plugins.eforms.schema import FormSpec
from plugins.eforms.section import EformsSection
from plugins.eforms.versions import FormRef, load_version

__all__ = ["PANEL_KEY", "dossier_panels", "filed_form", "procedure_panels"]

PANEL_KEY = "eforms"
log = structlog.get_logger(__name__)


async def filed_form(ref: FormRef) -> FormSpec | None:
    """The form content a dossier was filed with, ``None`` if it is not recorded."""
    try:
        return await load_version(ref)
    except LookupError:
        log.error("eforms_version_missing", form=ref.form, version=ref.version)
        return None


def _may_view(dossier: Mapping[str, Any], viewer: Actor | None) -> bool:
    """Whether ``viewer`` may see the dossier, by the dossier service's own rule."""
    loaded = runtime.catalogue()
    if loaded is None:
        # Without a catalogue nothing can be decided; only the core's pages, which
        # have checked access already, show panels then.
        return viewer is not None
    try:
        record = msgspec.convert(dict(dossier), DossierRecord)
    except msgspec.ValidationError:
        return False
    return can_view(viewer, record, loaded)


async def dossier_panels(
    dossier: Mapping[str, Any], viewer: Actor | None, lang: str
) -> list[Panel]:
    """The dossier's form data, for a viewer allowed to see the dossier.

    Args:
        dossier: the dossier as a mapping (``id``, ``form_data``, ``plugin_data``).
        viewer: the signed-in account.
        lang: the page's language.

    Returns:
        One panel, or none when the dossier has no e-form data or the viewer may
        not see it.
    """
    ref = FormRef.read(decode_json(dossier.get("plugin_data")))
    if ref is None or not _may_view(dossier, viewer):
        return []
    data = decode_json(dossier.get("form_data"))
    html = panel_html(
        await filed_form(ref),
        data if isinstance(data, Mapping) else {},
        int(dossier["id"]),
        lang,
        runtime.library().code_lists,
    )
    return [Panel(key=PANEL_KEY, title=word("form", lang), html=str(html), order=20)]


def procedure_panels(procedure: ProcedureSpec, lang: str) -> list[Panel]:
    """The outline of the procedure's current form, for its public page."""
    section = procedure.plugins.get(PANEL_KEY)
    if not isinstance(section, EformsSection):
        return []
    form = runtime.library().form_of(section)
    html = outline_html(form, lang)
    return [Panel(key=PANEL_KEY, title=word("form", lang), html=str(html), order=20)]
