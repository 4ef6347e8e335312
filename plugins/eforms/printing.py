"""Turning cleaned form data into rows of text for the printable rendering.

Codes become names (a commune's name rather than ``xa-an-binh``), numbers and dates
follow the language, money reads ``1.500.000 đồng``, and a repeating group becomes a
small table with one column per field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from plugins.eforms.codelists import CodeList
from plugins.eforms.messages import format_date, format_number
from plugins.eforms.schema import FormField, FormSpec, text_in

__all__ = ["PrintRow", "PrintSection", "PrintTable", "display_value", "print_sections"]

_YES_NO = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
_CURRENCY = {"vi": "đồng", "en": "VND"}


@dataclasses.dataclass
class PrintTable:
    """A repeating group: column headers and one row of texts per item."""

    headers: list[str]
    rows: list[list[str]]


@dataclasses.dataclass
class PrintRow:
    """One field: its label and either a text or a table."""

    label: str
    value: str
    table: PrintTable | None = None


@dataclasses.dataclass
class PrintSection:
    """A section's title and rows."""

    title: str
    rows: list[PrintRow]


def _name(
    lists: Mapping[str, CodeList], list_name: str | None, code: str, lang: str
) -> str:
    found = lists.get(list_name or "")
    return code if found is None else found.name_of(code, lang)


def _choice_text(
    field: FormField, value: Any, lang: str, lists: Mapping[str, CodeList]
) -> str:
    labels = {option.value: text_in(option.label, lang) for option in field.options}
    values = value if isinstance(value, list) else [value]
    names = [
        labels.get(str(item), str(item))
        if field.options
        else _name(lists, field.code_list, str(item), lang)
        for item in values
        if item is not None
    ]
    return ", ".join(names)


def _address_text(
    field: FormField, value: Any, lang: str, lists: Mapping[str, CodeList]
) -> str:
    if not isinstance(value, Mapping):
        return ""
    parts = [
        str(value.get("street") or ""),
        _name(lists, field.commune_list, str(value.get("commune") or ""), lang),
        _name(lists, field.province_list, str(value.get("province") or ""), lang),
    ]
    return ", ".join(part for part in parts if part)


def display_value(
    field: FormField, value: Any, lang: str, lists: Mapping[str, CodeList]
) -> str:
    """Write one cleaned value as text for people.

    Args:
        field: the value's field (not a group).
        value: the cleaned value.
        lang: ``"vi"`` or ``"en"``.
        lists: code lists, for names of codes.

    Returns:
        The text; empty for an empty value.
    """
    lang = "en" if lang == "en" else "vi"
    if field.type == "checkbox":
        return _YES_NO[lang][0 if value is True else 1]
    if value is None or value == []:
        return ""
    if field.type == "choice":
        return _choice_text(field, value, lang, lists)
    if field.type == "address":
        return _address_text(field, value, lang, lists)
    if field.type in ("number", "money") and isinstance(value, int | Decimal):
        amount = format_number(value, lang)
        return f"{amount} {_CURRENCY[lang]}" if field.type == "money" else amount
    if field.type == "date" and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value), lang)
        except ValueError:
            return value
    return str(value)


def _row(
    field: FormField, value: Any, lang: str, lists: Mapping[str, CodeList]
) -> PrintRow:
    label = text_in(field.label, lang)
    if field.type != "group":
        return PrintRow(label, display_value(field, value, lang, lists))
    items = [item for item in value or [] if isinstance(item, Mapping)]
    columns = [child for child in field.fields if any(child.key in i for i in items)]
    table = PrintTable(
        headers=[text_in(child.label, lang) for child in columns],
        rows=[
            [
                display_value(c, item.get(c.key), lang, lists) if c.key in item else ""
                for c in columns
            ]
            for item in items
        ],
    )
    return PrintRow(label, "", table)


def print_sections(
    form: FormSpec,
    data: Mapping[str, Any],
    lang: str,
    lists: Mapping[str, CodeList],
) -> list[PrintSection]:
    """Build the printable sections of filled data.

    Fields absent from ``data`` (hidden when the dossier was filed) are left out, and
    so is a section left with no row.

    Args:
        form: the form.
        data: cleaned data.
        lang: ``"vi"`` or ``"en"``.
        lists: code lists by name.

    Returns:
        Sections with their rows.
    """
    sections = []
    for section in form.sections:
        rows = [
            _row(field, data[field.key], lang, lists)
            for field in section.fields
            if field.key in data
        ]
        if rows:
            sections.append(PrintSection(text_in(section.title, lang), rows))
    return sections
