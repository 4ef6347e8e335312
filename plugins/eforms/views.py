"""The views a form template draws: one per field, built from the form and its data.

:class:`ViewBuilder` turns a form, the values to show, the errors and the code lists
into :class:`SectionView`/:class:`FieldView` objects carrying everything a template
needs: input names (the data paths), ids, labels, attributes the browser checks,
``data-*`` attributes for the script, and the rows of repeating groups.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import resolve_reference
from plugins.eforms.context import Limits, field_max_length
from plugins.eforms.dates import date_bound
from plugins.eforms.schema import Condition, FormField, FormSpec, text_in

__all__ = [
    "ChoiceView",
    "FieldView",
    "ItemView",
    "SectionView",
    "ViewBuilder",
    "html_id",
    "word",
]

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


def word(key: str, lang: str) -> str:
    """Return a fixed word of the form chrome in ``lang``."""
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


class ViewBuilder:
    """Builds the views of one rendering of a form."""

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

    def _field(
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
            id=html_id(name),
            type=field.type,
            widget="input",
            label=text_in(field.label, self.lang),
            help=text_in(field.help, self.lang),
            required=field.required,
            errors=self._errors_at(name, text_in(field.label, self.lang)),
            attrs={},
            wrapper=self._wrapper(field, scopes, static_required and not strict),
        )
        self._fill(
            view, field, raw, scopes, strict, static_required and not conditional
        )
        view.attrs = {**self._base_attrs(view, strict), **view.attrs}
        return view

    def _errors_at(self, name: str, label: str) -> list[str]:
        """Return the errors of the input ``name`` and remember its label."""
        self.labels[name] = label
        return list(self.errors.get(name, []))

    def _wrapper(
        self, field: FormField, scopes: list[_Scope], needs_script_required: bool
    ) -> dict[str, Any]:
        attrs: dict[str, Any] = {"class": f"eforms-field eforms-{field.type}"}
        if field.visible_when is not None:
            attrs["data-visible-when"] = self._condition_json(
                field.visible_when, scopes
            )
        if field.required_when is not None:
            attrs["data-required-when"] = self._condition_json(
                field.required_when, scopes
            )
        if field.required and needs_script_required and field.type != "group":
            attrs["data-required"] = "true"
        return attrs

    def _condition_json(self, condition: Condition, scopes: list[_Scope]) -> str:
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

    def _base_attrs(self, view: FieldView, strict: bool) -> dict[str, Any]:
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

    def _fill(
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
            self._fill_text(view, field, raw)
        elif kind == "textarea":
            view.widget = "textarea"
            view.value = _text(raw)
            view.attrs = self._length_attrs(field)
        elif kind in ("number", "money"):
            self._fill_number(view, field, raw)
        elif kind == "date":
            self._fill_date(view, field, raw)
        elif kind == "checkbox":
            view.widget = "checkbox"
            view.checked = _truthy(raw)
            view.attrs = {
                "type": "checkbox",
                "value": "true",
                "data-eforms-bool": "true",
            }
        elif kind == "choice":
            self._fill_choice(view, field, raw, strict)
        elif kind == "address":
            self._fill_address(view, field, raw, strict)
        elif kind == "group":
            self._fill_group(view, field, raw, scopes, static_required)

    def _length_attrs(self, field: FormField) -> dict[str, Any]:
        attrs: dict[str, Any] = {"maxlength": field_max_length(field, self.limits)}
        if field.min_length:
            attrs["minlength"] = field.min_length
        return attrs

    def _fill_text(self, view: FieldView, field: FormField, raw: Any) -> None:
        view.value = _text(raw)
        if field.type == "identifier":
            view.attrs = {"type": "text", **_IDENTIFIER_ATTRS.get(field.kind or "", {})}
            return
        view.attrs = {"type": "text", **self._length_attrs(field)}
        if field.pattern and _browser_safe(field.pattern):
            view.attrs["pattern"] = field.pattern
            if field.pattern_message is not None:
                view.attrs["title"] = text_in(field.pattern_message, self.lang)

    def _fill_number(self, view: FieldView, field: FormField, raw: Any) -> None:
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

    def _fill_date(self, view: FieldView, field: FormField, raw: Any) -> None:
        view.value = _iso_date(raw)
        attrs: dict[str, Any] = {"type": "date"}
        for attr, text in (("min", field.min_date), ("max", field.max_date)):
            bound = date_bound(text, self.today)
            if bound is not None:
                attrs[attr] = bound.isoformat()
        view.attrs = attrs

    def _options(self, field: FormField) -> list[tuple[str, str, str | None]]:
        if field.code_list is None:
            return [(o.value, text_in(o.label, self.lang), None) for o in field.options]
        found = self.code_lists.get(field.code_list)
        if found is None:
            return []
        return [(i.code, text_in(i.name, self.lang), i.parent) for i in found.items]

    def _fill_choice(
        self, view: FieldView, field: FormField, raw: Any, strict: bool
    ) -> None:
        chosen = set(_texts(raw))
        view.choices = [
            ChoiceView(value, label, value in chosen, f"{view.id}-{n}", parent)
            for n, (value, label, parent) in enumerate(self._options(field))
        ]
        if field.multiple:
            view.widget = "checkboxes"
        elif len(view.choices) <= _RADIO_LIMIT:
            view.widget = "radios"
            view.attrs = {"required": "required"} if strict else {}
        else:
            view.widget = "select"
            view.placeholder = word("choose", self.lang)

    def _fill_address(
        self, view: FieldView, field: FormField, raw: Any, strict: bool
    ) -> None:
        view.widget = "address"
        parts = raw if isinstance(raw, Mapping) else {}
        lists = {"province": field.province_list, "commune": field.commune_list}
        for part in ("province", "commune", "street"):
            name = _join(view.name, part)
            sub = FieldView(
                name=name,
                id=html_id(name),
                type="text" if part == "street" else "choice",
                widget="input" if part == "street" else "select",
                label=word(part, self.lang),
                help="",
                required=field.required,
                errors=self._errors_at(name, word(part, self.lang)),
                attrs={"type": "text", "maxlength": 300} if part == "street" else {},
                wrapper={"class": f"eforms-part eforms-{part}"},
                value=_text(parts.get(part)),
            )
            if part != "street":
                self._fill_code_choices(sub, lists[part], parts.get(part))
            if part == "commune":
                sub.attrs["data-eforms-parent"] = _join(view.name, "province")
            sub.attrs = {**self._base_attrs(sub, strict), **sub.attrs}
            view.parts.append(sub)

    def _fill_code_choices(self, view: FieldView, list_name: str, raw: Any) -> None:
        found = self.code_lists.get(list_name)
        items = found.items if found is not None else ()
        view.placeholder = word("choose", self.lang)
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

    def _fill_group(
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
            view.items.append(self._item(field, row, scopes, name, legend, strict))
        # Each nesting level has its own mark so that adding an outer row leaves
        # the marks of inner templates for their own "add" buttons.
        view.index_mark = f"__INDEX{len(scopes) - 1}__"
        name = f"{view.name}[{view.index_mark}]"
        legend = f"{label} {view.index_mark}"
        view.template = self._item(field, {}, scopes, name, legend, False)
        view.can_add = view.count < ceiling
        view.add_label = f"{word('add', self.lang)}: {label.lower()}"
        view.attrs = {"data-max": ceiling}

    def _item(
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
            self._field(child, row.get(child.key), inner, strict)
            for child in group.fields
        ]
        return ItemView(legend=legend, fields=fields)

    def sections(self, form: FormSpec) -> list[SectionView]:
        """Build the views of every section of ``form``."""
        top = [_Scope(list(form.top_fields()), "")]
        return [
            SectionView(
                key=section.key,
                title=text_in(section.title, self.lang),
                description=text_in(section.description, self.lang),
                fields=[
                    self._field(field, self.data.get(field.key), top, True)
                    for field in section.fields
                ],
            )
            for section in form.sections
        ]


def _join(prefix: str, key: str) -> str:
    if not key:
        return prefix
    return f"{prefix}.{key}" if prefix else key


def html_id(name: str) -> str:
    """Return the element id of the input named ``name``."""
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
