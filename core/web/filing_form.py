"""Reading a filing form, online or at the counter, into what the dossier service
takes: the applicant, the e-form data, the uploaded files and the paper received.

The e-form itself belongs to the plugin a procedure enables for it: the page asks
the plugin for its inputs (``motcua_render_filing_form``) and for the data back from
the post (``motcua_read_filing_form``), which it receives without the page's own
fields. A procedure without such a plugin files without an e-form. Problems come
back keyed by the field they are about, so the page shows each next to its input.

A plugin may answer with control entries besides the data: top-level keys starting
with ``_`` whose value holds an ``add`` entry mean that the post only asked for one
more row of a repeating group, so the page shows the form again instead of filing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar.datastructures import FormMultiDict, UploadFile

from core.catalogue.model import ComponentSpec, ProcedureSpec
from core.dossiers.filing import ComponentInput, Upload, components_of
from core.dossiers.hooks import FilingRefused
from core.errors import UserError
from core.events import Applicant, Panel
from core.i18n import gettext as _
from core.plugin_manager import PluginManager, resolve

__all__ = [
    "APPLICANT_FIELDS",
    "FilingErrors",
    "added_row",
    "eform_data",
    "eform_html",
    "eform_post",
    "form_parts",
    "missing_files",
    "other_panels",
    "plain_values",
    "read_applicant",
    "read_paper",
    "read_uploads",
    "refusal_errors",
]

APPLICANT_FIELDS = (
    "name",
    "identifier_kind",
    "identifier",
    "phone",
    "email",
    "address",
)
PAGE_FIELDS = frozenset({"unit_id", "case_code", "version", "reason", "_csrf_token"})
PAGE_PREFIXES = ("applicant.", "paper.", "copies.", "note.", "file.")
RENDER_HOOK = "motcua_render_filing_form"
READ_HOOK = "motcua_read_filing_form"


class FilingErrors(dict[str, str]):
    """Messages by field name; ``_`` holds those about no field in particular."""

    def __init__(self) -> None:
        super().__init__()
        self.eform: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Add a message, keeping earlier ones for the same field."""
        self[field] = f"{self[field]} {message}" if field in self else message

    def __bool__(self) -> bool:
        return bool(len(self)) or bool(self.eform)


def plain_values(post: Any) -> dict[str, str]:
    """The text fields of a post (files left out), last value winning."""
    return {
        key: value
        for key, value in post.multi_items()
        if isinstance(value, str) and not key.startswith("_csrf")
    }


def read_applicant(values: Mapping[str, str], kind: str) -> Applicant:
    """The applicant from the ``applicant.*`` fields of a form.

    Args:
        values: the posted text fields.
        kind: ``citizen`` or ``business``.

    Returns:
        The applicant, not yet validated (the dossier service checks it).
    """

    def get(name: str) -> str:
        return str(values.get(f"applicant.{name}", "")).strip()[:512]

    default_kind = "tax_code" if kind == "business" else "cccd"
    return Applicant(
        kind=kind,
        name=get("name")[:255],
        identifier_kind=get("identifier_kind") or default_kind,
        identifier=get("identifier")[:32],
        phone=get("phone") or None,
        email=get("email") or None,
        address=get("address") or None,
        category=get("category") or None,
    )


async def read_uploads(
    post: Any, procedure: ProcedureSpec, case_code: str | None
) -> list[Upload]:
    """Files posted as ``file.<component code>``, for the case's components.

    Files larger than the procedure allows are read only up to one byte past the
    limit, so that the service refuses them without holding a huge file in memory.
    """
    known = {c.code for c in components_of(procedure, case_code)}
    limit = int(procedure.attachments.max_mb * 1024 * 1024) + 1
    uploads = []
    for key, value in post.multi_items():
        if not key.startswith("file.") or not isinstance(value, UploadFile):
            continue
        code = key.removeprefix("file.")
        if code not in known or not value.filename:
            continue
        data = await value.read(limit)
        if data:
            uploads.append(
                Upload(filename=value.filename, data=data, component_code=code)
            )
    return uploads


def read_paper(
    values: Mapping[str, str], components: list[ComponentSpec]
) -> list[ComponentInput]:
    """What the counter received on paper: ``paper.<code>`` ticked, ``copies.<code>``.

    Args:
        values: the posted text fields.
        components: the components that apply.

    Returns:
        One input per component.
    """
    found = []
    for component in components:
        raw = str(values.get(f"copies.{component.code}", "0")).strip()
        copies = int(raw) if raw.isdigit() else 0
        found.append(
            ComponentInput(
                code=component.code,
                paper_original=values.get(f"paper.{component.code}") in ("1", "on"),
                copies=min(copies, 99),
                note=str(values.get(f"note.{component.code}", "")).strip()[:500],
            )
        )
    return found


def missing_files(
    uploads: list[Upload], procedure: ProcedureSpec, case_code: str | None
) -> FilingErrors:
    """Required components without a file (online filings need every one)."""
    errors = FilingErrors()
    sent = {u.component_code for u in uploads}
    for component in components_of(procedure, case_code):
        if component.required and component.code not in sent:
            errors.add(f"file.{component.code}", _("Attach this document."))
    return errors


def refusal_errors(exc: UserError, lang: str) -> FilingErrors:
    """The errors of a refused filing, by field.

    A plugin's problems (``FilingRefused``) whose path starts with the e-form
    plugin's name go next to the e-form's inputs; others are listed at the top.
    """
    errors = FilingErrors()
    if isinstance(exc, FilingRefused):
        for path, message in exc.problems:
            plugin, _dot, rest = path.partition(".")
            if plugin == "eforms" and rest:
                errors.eform.setdefault(rest, []).append(message)
            else:
                errors.add("_", message)
        return errors
    field = exc.field or "_"
    if field == "file":
        field = "files"
    errors.add(field, exc.message(lang))
    return errors


def eform_post(post: Any) -> FormMultiDict:
    """The post without the page's own fields, for the e-form plugin to read.

    Controls the plugin renders itself (its row counts, its draft buttons) are kept.
    """
    kept = [
        (key, value)
        for key, value in post.multi_items()
        if key not in PAGE_FIELDS and not key.startswith(PAGE_PREFIXES)
    ]
    return FormMultiDict(kept)


def added_row(data: Mapping[str, Any]) -> bool:
    """Whether the post only asked the e-form for one more row of a group."""
    return any(
        key.startswith("_") and isinstance(value, Mapping) and value.get("add")
        for key, value in data.items()
    )


async def eform_html(
    plugins: PluginManager,
    procedure: ProcedureSpec,
    data: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    lang: str,
    viewer: Any = None,
) -> list[tuple[str, str]]:
    """The e-form inputs the procedure's plugins render for a filing form.

    ``viewer`` (the signed-in account) lets a plugin that asks for it start a
    citizen's fresh form from a draft or prefilled values.

    Returns:
        ``(plugin name, safe HTML)`` pairs, one per plugin that rendered inputs.
    """
    if not hasattr(plugins.hook, RENDER_HOOK):
        return []
    found = []
    for name, answer in plugins.call_sections(
        RENDER_HOOK, procedure, data=data, errors=errors, lang=lang, viewer=viewer
    ):
        html = await resolve(answer)
        if html:
            found.append((name, str(html)))
    return found


def other_panels(panels: list[Panel], inputs: list[tuple[str, str]]) -> list[Panel]:
    """Procedure panels of plugins that did not already render inputs on the page."""
    shown = {name for name, _html in inputs}
    return [panel for panel in panels if panel.key not in shown]


async def form_parts(
    plugins: PluginManager,
    procedure: ProcedureSpec,
    data: Mapping[str, Any],
    errors: FilingErrors,
    lang: str,
    viewer: Any,
) -> tuple[list[str], list[Panel]]:
    """What plugins add to a filing page: e-form inputs, then other panels (fees).

    Returns:
        The inputs' HTML and the procedure panels of the other plugins.
    """
    from core.web.common import plugin_panels

    inputs = await eform_html(plugins, procedure, data, errors.eform, lang, viewer)
    panels = await plugin_panels(
        plugins, "motcua_procedure_panels", procedure, procedure=procedure, lang=lang
    )
    return [html for _name, html in inputs], other_panels(panels, inputs)


async def eform_data(
    plugins: PluginManager, procedure: ProcedureSpec, post: Any
) -> dict[str, Any]:
    """The e-form data the procedure's plugins read back from a posted form."""
    if not hasattr(plugins.hook, READ_HOOK):
        return {}
    data: dict[str, Any] = {}
    own = eform_post(post)
    for _name, answer in plugins.call_sections(READ_HOOK, procedure, post=own):
        found = await resolve(answer)
        if found:
            data.update(found)
    return data
