"""The plugin's own HTML beyond the form: draft controls, panels and the print page.

Everything here is rendered by the plugin's templates (``templates/eforms/``) with
autoescaping on, in the language the caller names, so the same HTML serves the
filing page, the dossier page, the procedure page and the A4 print page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from core.catalogue.model import ProcedureSpec, text_in
from core.i18n import TZ
from core.permissions import Actor
from plugins.eforms.codelists import CodeList
from plugins.eforms.drafts import Draft
from plugins.eforms.render import TEMPLATES_DIR, render_print
from plugins.eforms.schema import FormField, FormSpec

__all__ = [
    "DRAFT_URL",
    "PRINT_URL",
    "OutlineField",
    "draft_controls",
    "outline",
    "outline_html",
    "panel_html",
    "print_page",
    "word",
]

PRINT_URL = "/eforms/dossiers/{id}/print"
"""The A4 print page of a dossier's form."""

DRAFT_URL = "/eforms/drafts/{code}"
"""Where a citizen's filing form is posted to be kept as a draft."""

_WORDS: dict[str, tuple[str, str]] = {
    "form": ("Tờ khai", "Application form"),
    "print": ("In tờ khai (khổ A4)", "Print the form (A4)"),
    "save_draft": ("Lưu nháp để nộp sau", "Save as a draft to file later"),
    "discard_draft": ("Xóa bản nháp", "Discard the draft"),
    "draft_resumed": (
        "Đang tiếp tục bản nháp lưu lúc {when}.",
        "Continuing the draft saved at {when}.",
    ),
    "draft_help": (
        "Bản nháp chỉ lưu tờ khai; tệp đính kèm cần chọn lại khi nộp.",
        "A draft keeps the form only; attach the files again when filing.",
    ),
    "required": ("bắt buộc", "required"),
    "version": ("Phiên bản", "Version"),
    "legal_basis": ("Căn cứ", "Legal basis"),
    "effective_from": ("Áp dụng từ", "In force from"),
    "not_recorded": (
        "Không tìm thấy phiên bản tờ khai của hồ sơ này.",
        "The form version of this dossier cannot be found.",
    ),
    "nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "dossier": ("Mã hồ sơ", "Dossier code"),
    "filed_at": ("Nộp lúc", "Filed at"),
    "declarant": ("Người khai", "Declarant"),
    "sign_hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "print_now": ("In trang này", "Print this page"),
    "each_item": ("Mỗi mục gồm", "Each item holds"),
}


def word(key: str, lang: str) -> str:
    """A fixed text of the plugin's pages in ``lang`` (Vietnamese by default)."""
    vi, en = _WORDS[key]
    return en if lang == "en" else vi


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, lang: str, **context: Any) -> Markup:
    html = (
        _environment()
        .get_template(template)
        .render(w=lambda key: word(key, lang), lang=lang, **context)
    )
    return Markup(html)  # noqa: S704 - produced by an autoescaping template


def _moment(value: dt.datetime) -> str:
    return value.astimezone(TZ).strftime("%H:%M %d/%m/%Y")


def draft_controls(
    procedure: ProcedureSpec, viewer: Actor | None, draft: Draft | None, lang: str
) -> Markup:
    """The "save draft" buttons of a citizen's online filing form.

    The buttons post the page's whole form (its CSRF token included) to the draft
    route instead of filing. Staff at a counter and procedures not filed online get
    none.

    Args:
        procedure: the procedure being filed.
        viewer: the signed-in account.
        draft: the draft the form was resumed from, if any.
        lang: the page's language.

    Returns:
        Safe HTML, empty when no draft may be saved.
    """
    if viewer is None or viewer.is_staff or "online" not in procedure.channels:
        return Markup("")
    return _render(
        "eforms/draft_controls.html",
        lang,
        action=DRAFT_URL.format(code=procedure.code),
        resumed=_moment(draft.updated_at) if draft is not None else "",
    )


class OutlineField:
    """One line of a form's outline: a field's label, and a group's own fields."""

    def __init__(self, field: FormField, lang: str) -> None:
        self.label = text_in(field.label, lang)
        self.help = text_in(field.help, lang)
        self.required = field.required
        self.conditional = field.visible_when is not None
        self.children = [OutlineField(child, lang) for child in field.fields]


def outline(form: FormSpec, lang: str) -> list[tuple[str, list[OutlineField]]]:
    """The form's sections with their fields, for people deciding to apply.

    Args:
        form: the form.
        lang: the page's language.

    Returns:
        ``(section title, fields)`` pairs in order.
    """
    return [
        (
            text_in(section.title, lang),
            [OutlineField(field, lang) for field in section.fields],
        )
        for section in form.sections
    ]


def outline_html(form: FormSpec, lang: str) -> Markup:
    """The outline of a form for a procedure's public page."""
    return _render(
        "eforms/outline.html",
        lang,
        form=form,
        title=text_in(form.title, lang),
        description=text_in(form.description, lang),
        effective_from=form.effective_from.strftime("%d/%m/%Y")
        if form.effective_from
        else "",
        sections=outline(form, lang),
    )


def panel_html(
    form: FormSpec | None,
    data: Mapping[str, Any],
    dossier_id: int,
    lang: str,
    code_lists: Mapping[str, CodeList],
) -> Markup:
    """A dossier's form data, read-only, with the link to its print page.

    Args:
        form: the form content the dossier was filed with; ``None`` when it
            cannot be found, which the panel then says.
        data: the dossier's cleaned form data.
        dossier_id: the dossier's id, for the print link.
        lang: the page's language.
        code_lists: code lists, to show names rather than codes.

    Returns:
        Safe HTML.
    """
    table = (
        render_print(form, data, lang, code_lists) if form is not None else Markup("")
    )
    return _render(
        "eforms/panel.html",
        lang,
        table=table,
        found=form is not None,
        print_url=PRINT_URL.format(id=dossier_id),
    )


def print_page(
    form: FormSpec,
    data: Mapping[str, Any],
    dossier: Mapping[str, Any],
    lang: str,
    code_lists: Mapping[str, CodeList],
) -> Markup:
    """A whole HTML page printing a dossier's form on A4.

    Args:
        form: the form content the dossier was filed with.
        data: the dossier's cleaned form data.
        dossier: the dossier's code, applicant name and filing time.
        lang: the page's language.
        code_lists: code lists, to show names rather than codes.

    Returns:
        Safe HTML of the page.
    """
    submitted = dossier.get("submitted_at")
    return _render(
        "eforms/print_page.html",
        lang,
        title=text_in(form.title, lang),
        table=render_print(form, data, lang, code_lists),
        code=str(dossier.get("code") or ""),
        applicant=str(dossier.get("applicant_name") or ""),
        filed_at=_moment(submitted) if isinstance(submitted, dt.datetime) else "",
    )
