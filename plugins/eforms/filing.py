"""The e-form's part in a filing: its inputs, reading them back, checking them.

The filing pages ask the plugin for the form's inputs, hand it the post back, and
file the dossier; the plugin checks the data in the dossier's language before the
dossier is written and keeps the cleaned data with a reference to the exact form
content (:class:`.versions.FormRef`).

Adding a row to a repeating group without JavaScript posts the whole filing form.
The data read back then carries a control entry (:data:`CONTROLS_KEY`) naming the
group; a page that sees it shows the form again with one more row instead of
filing. A page that files anyway is refused by :func:`prepare_filing` with a note
that a row was added, so nothing half-filled is ever filed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
import structlog
from markupsafe import Markup

from core.catalogue.model import ProcedureSpec
from core.events import FilingDraft
from core.permissions import Actor
from plugins.eforms import runtime
from plugins.eforms.context import Limits
from plugins.eforms.formpost import parse_form_post, read_group_controls
from plugins.eforms.pages import draft_controls
from plugins.eforms.render import render_form
from plugins.eforms.section import EformsSection
from plugins.eforms.starting import start_values
from plugins.eforms.validate import validate
from plugins.eforms.versions import record_version

__all__ = [
    "CONTROLS_KEY",
    "PLUGIN_KEY",
    "added_row",
    "prepare_filing",
    "read_filing_form",
    "render_filing_form",
    "split_controls",
]

PLUGIN_KEY = "eforms"
CONTROLS_KEY = "_eforms"
"""The entry of read-back form data that carries row counts and an added row."""

log = structlog.get_logger(__name__)
_ROW_ADDED = {
    "vi": "Đã thêm một dòng vào tờ khai; vui lòng điền tiếp rồi nộp hồ sơ.",
    "en": "A row was added to the form; fill it in, then file the dossier.",
}


def split_controls(
    data: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, int], str | None]:
    """Separate the form's data from its row controls.

    Args:
        data: form data as read back by :func:`read_filing_form`.

    Returns:
        The data without controls, the row counts per group path, and the group
        whose "add" button was pressed (``None`` when none was).
    """
    values = {key: value for key, value in data.items() if key != CONTROLS_KEY}
    controls = data.get(CONTROLS_KEY)
    if not isinstance(controls, Mapping):
        return values, {}, None
    rows = controls.get("rows")
    counts = (
        {str(k): int(v) for k, v in rows.items() if isinstance(v, int)}
        if isinstance(rows, Mapping)
        else {}
    )
    add = controls.get("add")
    return values, counts, add if isinstance(add, str) else None


def added_row(data: Mapping[str, Any]) -> str | None:
    """The group path whose "add" button was pressed, if the post was for that.

    A filing page calls this on the data read back from its post: when it answers
    a path, the page shows the form again (status 200, no error) instead of filing.
    """
    return split_controls(data)[2]


def read_filing_form(post: Any) -> dict[str, Any]:
    """Read the form's data, and its row controls, back from a filing post.

    Args:
        post: the posted filing form (a multi-dict).

    Returns:
        The form data (not yet checked) with, under :data:`CONTROLS_KEY`, the rows
        shown per group and the group to add a row to.
    """
    data = parse_form_post(post)
    controls = read_group_controls(post, Limits().max_group_items)
    if controls.counts or controls.add is not None:
        data[CONTROLS_KEY] = {"rows": controls.counts, "add": controls.add}
    return data


async def render_filing_form(
    procedure: ProcedureSpec,
    section: EformsSection,
    data: Mapping[str, Any],
    errors: Mapping[str, Sequence[str]],
    lang: str,
    viewer: Actor | None = None,
) -> Markup:
    """The form's inputs for a filing page, with its draft controls.

    Args:
        procedure: the procedure being filed.
        section: its ``eforms`` section.
        data: what was posted (after a refusal), or nothing for a fresh form.
        errors: messages by field path.
        lang: the page's language.
        viewer: the signed-in account; a citizen's fresh form starts from their
            draft or prefilled values, and offers to save a draft.

    Returns:
        Safe HTML to place inside the page's ``<form>``.
    """
    library = runtime.library()
    form = library.form_of(section)
    values, counts, _added = split_controls(data)
    draft = None
    if not values and not errors:
        start = await start_values(form, procedure.code, viewer)
        values, draft = start.data, start.draft
    inputs = render_form(
        form,
        values,
        lang=lang,
        code_lists=library.code_lists,
        errors={path: list(messages) for path, messages in errors.items()},
        counts=counts,
        today=runtime.today(),
    )
    return inputs + draft_controls(procedure, viewer, draft, lang)


async def prepare_filing(
    draft: FilingDraft,
    section: EformsSection,
    now: dt.datetime | None = None,
) -> list[tuple[str, str]]:
    """Check the filing's form data and keep it cleaned, with its form reference.

    Args:
        draft: the filing; on success its ``form_data`` becomes the cleaned data
            and ``plugin_data["eforms"]`` the form's code, version and hash.
        section: the procedure's ``eforms`` section.
        now: the moment, recorded with a form content seen for the first time.

    Returns:
        Every problem as ``(field path, message)`` in the draft's language.
    """
    library = runtime.library()
    form = library.form_of(section)
    values, _counts, added = split_controls(draft.form_data)
    if added is not None:
        lang = "en" if draft.lang == "en" else "vi"
        return [("", _ROW_ADDED[lang])]
    result = validate(
        form,
        values,
        lang=draft.lang,
        code_lists=library.code_lists,
        today=runtime.today(),
    )
    if result.errors:
        log.info(
            "eforms_filing_refused",
            procedure=draft.procedure_code,
            form=form.code,
            errors=len(result.errors),
        )
        return [(error.path, error.message) for error in result.errors]
    ref = await record_version(form, now or dt.datetime.now(dt.UTC))
    draft.form_data = result.data
    draft.plugin_data[PLUGIN_KEY] = msgspec.to_builtins(ref)
    return []
