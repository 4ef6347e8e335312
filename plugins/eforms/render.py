"""Rendering a form as accessible HTML, and its filled data as a printable table.

The HTML works without JavaScript: every field is shown, the browser checks what its
attributes allow (``required``, ``pattern``, ``min``, ``max``, ``maxlength``), the
server checks the rest and the page comes back with values kept and each error next
to its field. ``static/eforms.js`` then improves it: it hides fields whose
``visible_when`` does not hold, toggles ``required_when``, filters communes by
province and adds group rows in place.

Views are built in Python (:mod:`.views`) and the templates under
``templates/eforms/`` only lay them out, with autoescaping on: applicant text is
always shown as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from plugins.eforms.codelists import CodeList
from plugins.eforms.context import Limits
from plugins.eforms.results import FieldError
from plugins.eforms.schema import FormSpec, text_in
from plugins.eforms.views import ViewBuilder, html_id, word

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "render_form", "render_print"]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
_default_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _error_map(errors: Any) -> dict[str, list[str]]:
    if isinstance(errors, Mapping):
        return {str(k): [str(m) for m in v] for k, v in errors.items()}
    grouped: dict[str, list[str]] = {}
    for error in errors or ():
        if isinstance(error, FieldError):
            grouped.setdefault(error.path, []).append(error.message)
    return grouped


def _render(env: jinja2.Environment | None, name: str, **context: Any) -> Markup:
    """Render a template of an autoescaping environment as safe HTML.

    Raises:
        ValueError: ``env`` does not autoescape, so applicant text could become HTML.
    """
    env = env or _default_env
    if not env.autoescape:
        raise ValueError("e-form templates need an autoescaping Jinja2 environment")
    html = env.get_template(name).render(**context)
    return Markup(html)  # noqa: S704 - produced by an autoescaping template


def render_form(
    form: FormSpec,
    data: Mapping[str, Any] | None = None,
    *,
    lang: str,
    code_lists: Mapping[str, CodeList],
    errors: Mapping[str, list[str]] | Sequence[FieldError] | None = None,
    counts: Mapping[str, int] | None = None,
    today: dt.date | None = None,
    limits: Limits | None = None,
    env: jinja2.Environment | None = None,
) -> Markup:
    """Render the inputs of a form, to be placed inside the page's ``<form>``.

    Args:
        form: the form.
        data: values to show: what was posted (after an error), cleaned data, or
            prefilled values.
        lang: ``"vi"`` or ``"en"``.
        code_lists: code lists by name.
        errors: problems to show, as :class:`FieldError` values or messages by path.
        counts: rows to show per repeating group (see
            :func:`.formpost.read_group_controls`).
        today: the date ``today`` stands for in date bounds (default: today).
        limits: the size caps, for ``maxlength`` and group sizes.
        env: a Jinja2 environment whose loader also finds ``eforms/*.html`` (so a
            province may override them); autoescaping must be on.

    Returns:
        Safe HTML.
    """
    error_map = _error_map(errors)
    builder = ViewBuilder(
        lang=lang,
        data=data or {},
        errors=error_map,
        code_lists=code_lists,
        counts=counts or {},
        today=today or dt.date.today(),
        limits=limits or Limits(),
    )
    sections = builder.sections(form)
    summary = [
        (
            f"#{html_id(path)}" if path in builder.labels else "",
            builder.labels.get(path, ""),
            message,
        )
        for path, messages in error_map.items()
        for message in messages
    ]
    return _render(
        env,
        "eforms/form.html",
        form=form,
        title=text_in(form.title, lang),
        description=text_in(form.description, lang),
        sections=sections,
        summary=summary,
        summary_title=word("summary", lang),
        required_word=word("required", lang),
    )


def render_print(
    form: FormSpec,
    data: Mapping[str, Any],
    lang: str,
    code_lists: Mapping[str, CodeList] | None = None,
    env: jinja2.Environment | None = None,
) -> Markup:
    """Render filled form data as a read-only table that prints well on A4.

    Args:
        form: the form the data was filed with.
        data: cleaned data (hidden fields are absent and not shown).
        lang: ``"vi"`` or ``"en"``.
        code_lists: code lists, to show names instead of codes.
        env: a Jinja2 environment finding ``eforms/print.html``.

    Returns:
        Safe HTML.
    """
    from plugins.eforms.printing import print_sections

    return _render(
        env,
        "eforms/print.html",
        title=text_in(form.title, lang),
        code=form.code,
        version_label=word("version", lang),
        version=form.version,
        legal_basis=form.legal_basis or "",
        sections=print_sections(form, data, lang, code_lists or {}),
    )
