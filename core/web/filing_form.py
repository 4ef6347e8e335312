"""Reading a filing form, online or at the counter, into what the dossier service
takes: the applicant, the e-form data, the uploaded files and the paper received.

The e-form itself belongs to the plugin a procedure enables for it: the page asks
the plugin for its inputs (``motcua_render_filing_form``) and for the data back from
the post (``motcua_read_filing_form``). A procedure without such a plugin files
without an e-form. Problems come back keyed by the field they are about, so the page
shows each next to its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar.datastructures import UploadFile

from core.catalogue.model import ComponentSpec, ProcedureSpec
from core.dossiers.filing import ComponentInput, Upload, components_of
from core.dossiers.hooks import FilingRefused
from core.errors import UserError
from core.events import Applicant
from core.i18n import gettext as _
from core.plugin_manager import PluginManager, resolve

__all__ = [
    "APPLICANT_FIELDS",
    "FilingErrors",
    "eform_data",
    "eform_html",
    "missing_files",
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


async def eform_html(
    plugins: PluginManager,
    procedure: ProcedureSpec,
    data: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    lang: str,
) -> list[str]:
    """The e-form inputs the procedure's plugins render for a filing form."""
    if not hasattr(plugins.hook, RENDER_HOOK):
        return []
    found = []
    for _name, answer in plugins.call_sections(
        RENDER_HOOK, procedure, data=data, errors=errors, lang=lang
    ):
        html = await resolve(answer)
        if html:
            found.append(str(html))
    return found


async def eform_data(
    plugins: PluginManager, procedure: ProcedureSpec, post: Any
) -> dict[str, Any]:
    """The e-form data the procedure's plugins read back from a posted form."""
    if not hasattr(plugins.hook, READ_HOOK):
        return {}
    data: dict[str, Any] = {}
    for _name, answer in plugins.call_sections(READ_HOOK, procedure, post=post):
        found = await resolve(answer)
        if found:
            data.update(found)
    return data
