"""Cross-field checks (``checks:`` of a form), run on already cleaned data.

A check is skipped when a field it reads already has an error or is hidden: the
applicant first fixes the field itself, and a hidden field has nothing to compare
(a sum over a hidden group is not a sum of zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from plugins.eforms.conditions import CheckTarget, resolve_check_path
from plugins.eforms.messages import format_number, message
from plugins.eforms.results import FieldError
from plugins.eforms.schema import CheckSpec, FormSpec, text_in

__all__ = ["run_checks"]


def _top_key(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def _paths(check: CheckSpec) -> list[str]:
    return [check.field, *([check.other] if check.other else []), *check.of]


def run_checks(
    form: FormSpec,
    data: Mapping[str, Any],
    errors: Sequence[FieldError],
    item_paths: Mapping[str, list[str]],
    lang: str,
) -> list[FieldError]:
    """Run the form's checks on cleaned data.

    Args:
        form: the form.
        data: cleaned data of the visible fields.
        errors: problems already found; checks reading those fields are skipped.
        item_paths: for each top-level group, the path of each kept item, in the
            order of ``data[group]`` (blank items were dropped, paths keep the
            submitted positions).
        lang: the language of messages.

    Returns:
        The problems found.
    """
    failed = {_top_key(error.path) for error in errors}
    found: list[FieldError] = []
    for check in form.checks:
        tops = {_top_key(path) for path in _paths(check)}
        # Cleaned data holds every visible field, so a missing key is a hidden one.
        if tops & failed or not tops <= data.keys():
            continue
        if check.kind == "date_after":
            found.extend(_date_after(form, check, data, item_paths, lang))
        else:
            found.extend(_sum_equals(form, check, data, lang))
    return found


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _date_message(
    check: CheckSpec, first: CheckTarget, second: CheckTarget, lang: str
) -> str:
    if check.message is not None:
        return text_in(check.message, lang)
    return message(
        "date_not_before" if check.allow_equal else "date_after",
        lang,
        field=text_in(first.field.label, lang),
        other=text_in(second.field.label, lang),
    )


def _pairs(
    first: CheckTarget,
    second: CheckTarget,
    data: Mapping[str, Any],
    item_paths: Mapping[str, list[str]],
) -> list[tuple[str, Any, Any]]:
    """List ``(error path, first value, second value)`` for every comparison."""
    if first.group is None and second.group is None:
        return [
            (first.field.key, data.get(first.field.key), data.get(second.field.key))
        ]
    group = first.group or second.group
    if group is None or (first.group and second.group and first.group != second.group):
        return []
    items = data.get(group.key) or []
    paths = item_paths.get(group.key, [])
    pairs = []
    for item, item_path in zip(items, paths, strict=False):
        a = item.get(first.field.key) if first.group else data.get(first.field.key)
        b = item.get(second.field.key) if second.group else data.get(second.field.key)
        where = f"{item_path}.{first.field.key}" if first.group else first.field.key
        pairs.append((where, a, b))
    return pairs


def _date_after(
    form: FormSpec,
    check: CheckSpec,
    data: Mapping[str, Any],
    item_paths: Mapping[str, list[str]],
    lang: str,
) -> list[FieldError]:
    first = resolve_check_path(form, check.field)
    second = resolve_check_path(form, check.other or "")
    if first is None or second is None:
        return []
    found: dict[str, FieldError] = {}
    for where, a, b in _pairs(first, second, data, item_paths):
        later, earlier = _as_date(a), _as_date(b)
        if later is None or earlier is None:
            continue
        if later < earlier or (later == earlier and not check.allow_equal):
            text = _date_message(check, first, second, lang)
            found.setdefault(where, FieldError(where, check.kind, text))
    return list(found.values())


def _sum_of(target: CheckTarget, data: Mapping[str, Any]) -> Decimal | None:
    if target.group is None:
        values = [data.get(target.field.key)]
    else:
        values = [
            item.get(target.field.key) for item in data.get(target.group.key) or []
        ]
    total = Decimal(0)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | None):
            return None
        total += value or 0
    return total


def _sum_equals(
    form: FormSpec, check: CheckSpec, data: Mapping[str, Any], lang: str
) -> list[FieldError]:
    result = resolve_check_path(form, check.field)
    terms = [resolve_check_path(form, path) for path in check.of]
    if result is None or result.group is not None or None in terms:
        return []
    stated = data.get(result.field.key)
    if isinstance(stated, bool) or not isinstance(stated, int | Decimal):
        return []
    sums = [_sum_of(term, data) for term in terms if term is not None]
    if any(part is None for part in sums):
        return []
    total = sum((part for part in sums if part is not None), Decimal(0))
    if Decimal(stated) == total:
        return []
    if check.message is not None:
        text = text_in(check.message, lang)
    else:
        labels = ", ".join(
            f"“{text_in(term.field.label, lang)}”" for term in terms if term is not None
        )
        text = message(
            "sum_equals",
            lang,
            field=text_in(result.field.label, lang),
            terms=labels,
            total=format_number(total, lang),
        )
    return [FieldError(result.field.key, check.kind, text)]
