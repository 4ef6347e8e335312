"""Rendering a form as accessible HTML, and its filled data as a printable table.

The HTML works without JavaScript: every field is shown, the browser checks what its
attributes allow (``required``, ``pattern``, ``min``, ``max``, ``maxlength``), the
server checks the rest and the page comes back with values kept and each error next
to its field. ``static/eforms.js`` then improves it: it hides fields whose
``visible_when`` does not hold, toggles ``required_when``, filters communes by
province and adds group rows in place.

Views are built here in Python and the templates under ``templates/eforms/`` only
lay them out, with autoescaping on: applicant text is always shown as text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import resolve_reference
from plugins.eforms.results import FieldError
from plugins.eforms.schema import Condition, FormField, FormSpec, text_in
from plugins.eforms.values import Limits, date_bound, field_max_length

__all__ = [
    "STATIC_DIR",
    "TEMPLATES_DIR",
    "ChoiceView",
    "FieldView",
    "ItemView",
    "SectionView",
    "render_form",
    "render_print",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
_RADIO_LIMIT = 4
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_IDENTIFIER_ATTRS: dict[str, dict[str, Any]] = {
    "cccd": {"inputmode": "numeric", "pattern": "[0-9]{12}", "maxlength": 12},
    "old_id": {"inputmode": "numeric", "pattern": "[0-9]{9}", "maxlength": 9},
    "passport": {"pattern": "[A-Za-z][0-9]{7}", "maxlength": 8},
    "tax_code": {"inputmode": "numeric", "pattern": "[0-9]{10}(-?[0-9]{3})?"},
    "phone": {"type": "tel", "autocomplete": "tel", "maxlength": 20},
    "email": {"type": "email", "autocomplete": "email", "maxlength": 254},
}
_WORDS = {
    "choose": ("— Chọn —", "— Choose —"),
    "add": ("Thêm", "Add"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "province": ("Tỉnh, thành phố", "Province or city"),
    "commune": ("Xã, phường, đặc khu", "Commune or ward"),
    "street": ("Số nhà, đường, thôn, xóm", "House number, street, hamlet"),
    "summary": (
        "Vui lòng kiểm tra lại các thông tin sau:",
        "Please check the following:",
    ),
    "required": ("bắt buộc", "required"),
    "version": ("Phiên bản", "Version"),
    "currency": ("đồng", "VND"),
}

_default_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _word(key: str, lang: str) -> str:
    vi, en = _WORDS[key]
    return en if lang == "en" else vi


@dataclasses.dataclass
class ChoiceView:
    """One option of a select, a radio group or a checkbox group."""

    value: str
    label: str
    selected: bool
    id: str
    parent: str | None = None


@dataclasses.dataclass
class FieldView:
    """Everything a template needs to draw one field."""

    name: str
    id: str
    type: str
    widget: str
    label: str
    help: str
    required: bool
    errors: list[str]
    attrs: dict[str, Any]
    wrapper: dict[str, Any]
    value: str = ""
    checked: bool = False
    choices: list[ChoiceView] = dataclasses.field(default_factory=list)
    parts: list[FieldView] = dataclasses.field(default_factory=list)
    items: list[ItemView] = dataclasses.field(default_factory=list)
    placeholder: str = ""
    described: str = ""
    template: ItemView | None = None
    count: int = 0
    can_add: bool = False
    add_label: str = ""
    index_mark: str = ""


@dataclasses.dataclass
class ItemView:
    """One row of a repeating group."""

    legend: str
    fields: list[FieldView]


@dataclasses.dataclass
class SectionView:
    """A section with its fields."""

    key: str
    title: str
    description: str
    fields: list[FieldView]


@dataclasses.dataclass
class _Scope:
    """The fields of one scope and the name prefix of their inputs."""

    fields: list[FormField]
    prefix: str


class _Builder:
    """Builds the views of one rendering."""

    def __init__(
        self,
        *,
        lang: str,
        data: Mapping[str, Any],
        errors: Mapping[str, list[str]],
        code_lists: Mapping[str, CodeList],
        counts: Mapping[str, int],
        today: dt.date,
        limits: Limits,
    ) -> None:
        self.lang = lang
        self.data = data
        self.errors = errors
        self.code_lists = code_lists
        self.counts = counts
        self.today = today
        self.limits = limits
        self.labels: dict[str, str] = {}

    def field(
        self,
        field: FormField,
        raw: Any,
        scopes: list[_Scope],
        static_required: bool,
    ) -> FieldView:
        name = _join(scopes[-1].prefix, field.key)
        conditional = field.visible_when is not None
        strict = static_required and field.required and not conditional
        view = FieldView(
            name=name,
            id=_html_id(name),
            type=field.type,
            widget="input",
            label=text_in(field.label, self.lang),
            help=text_in(field.help, self.lang),
            required=field.required,
            errors=self.errors_at(name, text_in(field.label, self.lang)),
            attrs={},
            wrapper=self.wrapper(field, scopes, static_required and not strict),
        )
        self.fill(view, field, raw, scopes, strict, static_required and not conditional)
        view.attrs = {**self.base_attrs(view, strict), **view.attrs}
        return view

    def errors_at(self, name: str, label: str) -> list[str]:
        """Return the errors of the input ``name`` and remember its label."""
        self.labels[name] = label
        return list(self.errors.get(name, []))

    def wrapper(
        self, field: FormField, scopes: list[_Scope], needs_script_required: bool
    ) -> dict[str, Any]:
        attrs: dict[str, Any] = {"class": f"eforms-field eforms-{field.type}"}
        if field.visible_when is not None:
            attrs["data-visible-when"] = self.condition_json(field.visible_when, scopes)
        if field.required_when is not None:
            attrs["data-required-when"] = self.condition_json(
                field.required_when, scopes
            )
        if field.required and needs_script_required and field.type != "group":
            attrs["data-required"] = "true"
        return attrs

    def condition_json(self, condition: Condition, scopes: list[_Scope]) -> str:
        found = resolve_reference(condition.field, [scope.fields for scope in scopes])
        name = condition.field
        if found is not None:
            name = _join(scopes[found.depth].prefix, found.field.key)
            name = _join(name, found.part or "")
        test: dict[str, Any] = {"name": name}
        if condition.filled is not None:
            test["filled"] = condition.filled
        elif condition.equals is not None:
            test["equals"] = condition.equals
        elif condition.in_ is not None:
            test["in"] = condition.in_
        return json.dumps(test, ensure_ascii=False)

    def base_attrs(self, view: FieldView, strict: bool) -> dict[str, Any]:
        described = [f"{view.id}-help"] if view.help else []
        if view.errors:
            described.append(f"{view.id}-error")
        attrs: dict[str, Any] = {"id": view.id, "name": view.name}
        view.described = " ".join(described)
        if described:
            attrs["aria-describedby"] = view.described
        if view.widget == "input":
            attrs["value"] = view.value
        if view.errors:
            attrs["aria-invalid"] = "true"
        if strict and view.widget in ("input", "textarea", "select", "checkbox"):
            attrs["required"] = "required"
        return attrs

    def fill(
        self,
        view: FieldView,
        field: FormField,
        raw: Any,
        scopes: list[_Scope],
        strict: bool,
        static_required: bool,
    ) -> None:
        kind = field.type
        if kind in ("text", "identifier"):
            self.fill_text(view, field, raw)
        elif kind == "textarea":
            view.widget = "textarea"
            view.value = _text(raw)
            view.attrs = self.length_attrs(field)
        elif kind in ("number", "money"):
            self.fill_number(view, field, raw)
        elif kind == "date":
            self.fill_date(view, field, raw)
        elif kind == "checkbox":
            view.widget = "checkbox"
            view.checked = _truthy(raw)
            view.attrs = {
                "type": "checkbox",
                "value": "true",
                "data-eforms-bool": "true",
            }
        elif kind == "choice":
            self.fill_choice(view, field, raw, strict)
        elif kind == "address":
            self.fill_address(view, field, raw, strict)
        elif kind == "group":
            self.fill_group(view, field, raw, scopes, static_required)

    def length_attrs(self, field: FormField) -> dict[str, Any]:
        attrs: dict[str, Any] = {"maxlength": field_max_length(field, self.limits)}
        if field.min_length:
            attrs["minlength"] = field.min_length
        return attrs

    def fill_text(self, view: FieldView, field: FormField, raw: Any) -> None:
        view.value = _text(raw)
        if field.type == "identifier":
            view.attrs = {"type": "text", **_IDENTIFIER_ATTRS.get(field.kind or "", {})}
            return
        view.attrs = {"type": "text", **self.length_attrs(field)}
        if field.pattern and _browser_safe(field.pattern):
            view.attrs["pattern"] = field.pattern
            if field.pattern_message is not None:
                view.attrs["title"] = text_in(field.pattern_message, self.lang)

    def fill_number(self, view: FieldView, field: FormField, raw: Any) -> None:
        view.value = _text(raw)
        decimals = field.decimals if field.type == "number" else 0
        step = "1" if decimals <= 0 else f"0.{'0' * (decimals - 1)}1"
        attrs: dict[str, Any] = {"type": "number", "step": step}
        attrs["inputmode"] = "numeric" if decimals <= 0 else "decimal"
        low = field.min
        if low is None and field.type == "money":
            low = 0
        if low is not None:
            attrs["min"] = _number_text(low)
        if field.max is not None:
            attrs["max"] = _number_text(field.max)
        view.attrs = attrs

    def fill_date(self, view: FieldView, field: FormField, raw: Any) -> None:
        view.value = _iso_date(raw)
        attrs: dict[str, Any] = {"type": "date"}
        for attr, text in (("min", field.min_date), ("max", field.max_date)):
            bound = date_bound(text, self.today)
            if bound is not None:
                attrs[attr] = bound.isoformat()
        view.attrs = attrs

    def options(self, field: FormField) -> list[tuple[str, str, str | None]]:
        if field.code_list is None:
            return [(o.value, text_in(o.label, self.lang), None) for o in field.options]
        found = self.code_lists.get(field.code_list)
        if found is None:
            return []
        return [(i.code, text_in(i.name, self.lang), i.parent) for i in found.items]

    def fill_choice(
        self, view: FieldView, field: FormField, raw: Any, strict: bool
    ) -> None:
        chosen = set(_texts(raw))
        view.choices = [
            ChoiceView(value, label, value in chosen, f"{view.id}-{n}", parent)
            for n, (value, label, parent) in enumerate(self.options(field))
        ]
        if field.multiple:
            view.widget = "checkboxes"
        elif len(view.choices) <= _RADIO_LIMIT:
            view.widget = "radios"
            view.attrs = {"required": "required"} if strict else {}
        else:
            view.widget = "select"
            view.placeholder = _word("choose", self.lang)

    def fill_address(
        self, view: FieldView, field: FormField, raw: Any, strict: bool
    ) -> None:
        view.widget = "address"
        parts = raw if isinstance(raw, Mapping) else {}
        lists = {"province": field.province_list, "commune": field.commune_list}
        for part in ("province", "commune", "street"):
            name = _join(view.name, part)
            sub = FieldView(
                name=name,
                id=_html_id(name),
                type="text" if part == "street" else "choice",
                widget="input" if part == "street" else "select",
                label=_word(part, self.lang),
                help="",
                required=field.required,
                errors=self.errors_at(name, _word(part, self.lang)),
                attrs={"type": "text", "maxlength": 300} if part == "street" else {},
                wrapper={"class": f"eforms-part eforms-{part}"},
                value=_text(parts.get(part)),
            )
            if part != "street":
                self.fill_code_choices(sub, lists[part], parts.get(part))
            if part == "commune":
                sub.attrs["data-eforms-parent"] = _join(view.name, "province")
            sub.attrs = {**self.base_attrs(sub, strict), **sub.attrs}
            view.parts.append(sub)

    def fill_code_choices(self, view: FieldView, list_name: str, raw: Any) -> None:
        found = self.code_lists.get(list_name)
        items = found.items if found is not None else ()
        view.placeholder = _word("choose", self.lang)
        view.choices = [
            ChoiceView(
                item.code,
                text_in(item.name, self.lang),
                item.code == raw,
                f"{view.id}-{n}",
                item.parent,
            )
            for n, item in enumerate(items)
        ]

    def fill_group(
        self,
        view: FieldView,
        field: FormField,
        raw: Any,
        scopes: list[_Scope],
        static_required: bool,
    ) -> None:
        view.widget = "group"
        rows = [item if isinstance(item, Mapping) else {} for item in _list(raw)]
        cap = self.limits.max_group_items
        ceiling = min(field.max_items or cap, cap)
        wanted = max(len(rows), self.counts.get(view.name, 0), field.min_items or 0, 1)
        view.count = min(wanted, ceiling)
        rows = rows[: view.count] + [{}] * (view.count - len(rows))
        label = text_in(field.item_label or field.label, self.lang)
        for index, row in enumerate(rows):
            strict = static_required and index < (field.min_items or 0)
            name = f"{view.name}[{index}]"
            legend = f"{label} {index + 1}"
            view.items.append(self.item(field, row, scopes, name, legend, strict))
        # Each nesting level has its own mark so that adding an outer row leaves
        # the marks of inner templates for their own "add" buttons.
        view.index_mark = f"__INDEX{len(scopes) - 1}__"
        name = f"{view.name}[{view.index_mark}]"
        legend = f"{label} {view.index_mark}"
        view.template = self.item(field, {}, scopes, name, legend, False)
        view.can_add = view.count < ceiling
        view.add_label = f"{_word('add', self.lang)}: {label.lower()}"
        view.attrs = {"data-max": ceiling}

    def item(
        self,
        group: FormField,
        row: Mapping[str, Any],
        scopes: list[_Scope],
        prefix: str,
        legend: str,
        strict: bool,
    ) -> ItemView:
        inner = [*scopes, _Scope(group.fields, prefix)]
        fields = [
            self.field(child, row.get(child.key), inner, strict)
            for child in group.fields
        ]
        return ItemView(legend=legend, fields=fields)

    def sections(self, form: FormSpec) -> list[SectionView]:
        top = [_Scope(list(form.top_fields()), "")]
        return [
            SectionView(
                key=section.key,
                title=text_in(section.title, self.lang),
                description=text_in(section.description, self.lang),
                fields=[
                    self.field(field, self.data.get(field.key), top, True)
                    for field in section.fields
                ],
            )
            for section in form.sections
        ]


def _join(prefix: str, key: str) -> str:
    if not key:
        return prefix
    return f"{prefix}.{key}" if prefix else key


def _html_id(name: str) -> str:
    return "ef-" + _ID_UNSAFE.sub("-", name)


def _text(value: Any) -> str:
    if value is None or isinstance(value, Mapping | list | tuple | bool):
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _iso_date(value: Any) -> str:
    """Show a date in the ISO form a date input requires, whatever was typed."""
    text = _text(value).strip()
    match = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _texts(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    return [_text(value)] if value is not None else []


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("on", "true", "1", "yes", "có")
    return value is True


def _browser_safe(pattern: str) -> bool:
    """Whether a Python pattern means the same in a browser's ``pattern`` attribute.

    Browsers compile ``pattern`` as a JavaScript expression with the ``v`` flag; only
    patterns without Python-only syntax are handed over, the server checks the rest.
    """
    return not re.search(r"\(\?|\\[AZz]|[&!#%,:;<=>@`~]{2}", pattern)


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
    builder = _Builder(
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
            f"#{_html_id(path)}" if path in builder.labels else "",
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
        summary_title=_word("summary", lang),
        required_word=_word("required", lang),
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
        version_label=_word("version", lang),
        version=form.version,
        legal_basis=form.legal_basis or "",
        sections=print_sections(form, data, lang, code_lists or {}),
    )
