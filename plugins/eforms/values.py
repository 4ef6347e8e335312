"""Reading one submitted value according to its field's type.

Values arrive as text from an HTML form or as JSON values from an API. Each reader
accepts both, refuses what does not fit and returns the value in one canonical type:
``str`` for text, choices, identifiers and ISO dates; ``int`` for money and whole
numbers; ``Decimal`` for other numbers; ``bool`` for checkboxes; a mapping for an
address. Readers never raise: problems come back as :class:`Issue` values.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from core.identifiers import InvalidIdentifier, validate_identifier
from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import ADDRESS_PARTS
from plugins.eforms.context import (
    Context,
    Issue,
    Reading,
    field_max_length,
    has_forbidden_characters,
)
from plugins.eforms.dates import read_date
from plugins.eforms.numeric import read_money, read_number
from plugins.eforms.schema import FormField, text_in

__all__ = [
    "allowed_choices",
    "read_value",
]

_TRUE = frozenset({"on", "true", "1", "yes", "có"})
_FALSE = frozenset({"", "off", "false", "0", "no", "không"})
_MAX_STREET = 300


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _read_text(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, str):
        return Reading.refused(ctx.issue("wrong_type"))
    multiline = field.type == "textarea"
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if multiline else raw
    if has_forbidden_characters(text, multiline):
        return Reading.refused(ctx.issue("control_characters"))
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return Reading.of(None)
    longest = field_max_length(field, ctx.limits)
    if len(text) > longest:
        return Reading.refused(ctx.issue("too_long", max=longest))
    if field.min_length is not None and len(text) < field.min_length:
        return Reading.refused(ctx.issue("too_short", min=field.min_length))
    compiled = _compiled(field.pattern) if field.pattern else None
    if compiled is not None and not compiled.fullmatch(text):
        return Reading.refused(_pattern_issue(field, ctx))
    return Reading.of(text)


def _pattern_issue(field: FormField, ctx: Context) -> Issue:
    if field.pattern_message is None:
        return ctx.issue("pattern")
    return Issue("", "pattern", text_in(field.pattern_message, ctx.lang))


def allowed_choices(field: FormField, code_lists: Mapping[str, CodeList]) -> list[str]:
    """Return the values a choice field accepts, in display order."""
    if field.code_list is not None:
        found = code_lists.get(field.code_list)
        return [] if found is None else [item.code for item in found.items]
    return [option.value for option in field.options]


def _choice_text(raw: Any) -> str | None:
    """Return the chosen value as text, ``""`` when blank, ``None`` when refused."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    return raw.strip() if isinstance(raw, str) else None


def _read_choice(field: FormField, raw: Any, ctx: Context) -> Reading:
    allowed = allowed_choices(field, ctx.code_lists)
    if not field.multiple:
        text = _choice_text(raw)
        if text is None:
            return Reading.refused(ctx.issue("wrong_type"))
        if not text:
            return Reading.of(None)
        return (
            Reading.of(text)
            if text in allowed
            else Reading.refused(ctx.issue("invalid_option"))
        )
    return _read_choices(field, raw, allowed, ctx)


def _read_choices(
    field: FormField, raw: Any, allowed: list[str], ctx: Context
) -> Reading:
    items = raw if isinstance(raw, list | tuple) else [raw]
    texts = [_choice_text(item) for item in items]
    if any(text is None for text in texts):
        return Reading.refused(ctx.issue("wrong_type"))
    chosen = {text for text in texts if text}
    if not chosen <= set(allowed):
        return Reading.refused(ctx.issue("invalid_option"))
    count = len(chosen)
    if count and field.min_items is not None and count < field.min_items:
        return Reading.refused(ctx.issue("too_few_selected", min=field.min_items))
    if field.max_items is not None and count > field.max_items:
        return Reading.refused(ctx.issue("too_many_selected", max=field.max_items))
    return Reading.of([value for value in allowed if value in chosen] or None)


def _read_checkbox(field: FormField, raw: Any, ctx: Context) -> Reading:
    if isinstance(raw, bool):
        return Reading.of(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return Reading.of(bool(raw))
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return Reading.of(True)
        if text in _FALSE:
            return Reading.of(False)
    return Reading.refused(ctx.issue("wrong_type"))


def _read_identifier(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, str):
        return Reading.refused(ctx.issue("wrong_type"))
    if not raw.strip():
        return Reading.of(None)
    try:
        return Reading.of(validate_identifier(field.kind or "", raw))
    except InvalidIdentifier as exc:
        return Reading.refused(Issue("", "invalid_identifier", exc.message(ctx.lang)))
    except ValueError:
        return Reading.refused(ctx.issue("wrong_type"))


def _read_address(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, Mapping):
        return Reading.refused(ctx.issue("wrong_type"))
    issues = [
        ctx.issue("unknown_field", f".{key}" if isinstance(key, str) else "")
        for key in raw
        if key not in ADDRESS_PARTS
    ]
    parts: dict[str, str | None] = {}
    for part in ADDRESS_PARTS:
        value = raw.get(part)
        if value is not None and not isinstance(value, str):
            issues.append(ctx.issue("wrong_type", f".{part}"))
        elif value is not None:
            parts[part] = unicodedata.normalize("NFC", value).strip() or None
        else:
            parts[part] = None
    if issues:
        return Reading(None, issues)
    if all(value is None for value in parts.values()):
        return Reading.of(None)
    issues = _address_issues(field, parts, ctx)
    return Reading(None if issues else parts, issues)


def _address_issues(
    field: FormField, parts: Mapping[str, Any], ctx: Context
) -> list[Issue]:
    issues = [
        ctx.issue("required", f".{part}") for part, value in parts.items() if not value
    ]
    provinces = ctx.code_lists.get(field.province_list)
    communes = ctx.code_lists.get(field.commune_list)
    province, commune, street = parts["province"], parts["commune"], parts["street"]
    if province and (provinces is None or province not in provinces):
        issues.append(ctx.issue("invalid_option", ".province"))
    item = communes.get(commune) if communes is not None and commune else None
    if commune and item is None:
        issues.append(ctx.issue("invalid_option", ".commune"))
    elif item is not None and province and item.parent not in (None, province):
        issues.append(ctx.issue("commune_mismatch", ".commune"))
    if street and has_forbidden_characters(street, multiline=False):
        issues.append(ctx.issue("control_characters", ".street"))
    elif street and len(street) > _MAX_STREET:
        issues.append(ctx.issue("too_long", ".street", max=_MAX_STREET))
    return issues


_READERS: dict[str, Callable[[FormField, Any, Context], Reading]] = {
    "text": _read_text,
    "textarea": _read_text,
    "number": read_number,
    "money": read_money,
    "date": read_date,
    "choice": _read_choice,
    "checkbox": _read_checkbox,
    "identifier": _read_identifier,
    "address": _read_address,
}


def read_value(field: FormField, raw: Any, ctx: Context) -> Reading:
    """Read one submitted value of a field that is not a group.

    Args:
        field: the field.
        raw: the submitted value; ``None`` when absent.
        ctx: language, code lists, today's date and limits.

    Returns:
        The cleaned value and the problems found; a blank value is ``None`` (an
        unticked checkbox ``False``) without problems, since whether it is required
        depends on conditions judged later.
    """
    if raw is None:
        return Reading.of(False if field.type == "checkbox" else None)
    reader = _READERS.get(field.type)
    if reader is None:
        return Reading.refused(ctx.issue("wrong_type"))
    return reader(field, raw, ctx)
