"""Field references and conditions, shared by validation, rendering and schema checks.

A condition names another field by key. Inside a repeating group the key is looked up
among the item's own fields first, then in the enclosing scopes up to the form, so a
member's field can depend on a sibling (``relation``) or on a form-wide answer. A
second segment selects a part of an address (``home.province``).

Cross-field checks use ``key`` for a top-level field and ``group.key`` for a field of
every item of a top-level group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from plugins.eforms.schema import Condition, FormField, FormSpec

__all__ = [
    "ADDRESS_PARTS",
    "CheckTarget",
    "Reference",
    "condition_holds",
    "is_empty",
    "resolve_check_path",
    "resolve_reference",
    "value_texts",
]

ADDRESS_PARTS = ("province", "commune", "street")


class Reference(NamedTuple):
    """Where a condition's field was found.

    Attributes:
        depth: index of the scope in the chain (0 is the form's top level).
        field: the referenced field.
        part: the address part, when the reference selects one.
    """

    depth: int
    field: FormField
    part: str | None


class CheckTarget(NamedTuple):
    """A field named by a cross-field check: ``group`` is set for ``group.key``."""

    group: FormField | None
    field: FormField


def resolve_reference(
    path: str, chain: Sequence[Iterable[FormField]]
) -> Reference | None:
    """Find the field a condition refers to.

    Args:
        path: ``key`` or ``address_key.part``.
        chain: the field lists of the enclosing scopes, outermost (the form's top
            level) first, the scope holding the condition last.

    Returns:
        The reference, or ``None`` when nothing matches.
    """
    key, _, part = path.partition(".")
    for depth in range(len(chain) - 1, -1, -1):
        found = next((f for f in chain[depth] if f.key == key), None)
        if found is None:
            continue
        if not part:
            return Reference(depth, found, None)
        if found.type == "address" and part in ADDRESS_PARTS:
            return Reference(depth, found, part)
        return None
    return None


def resolve_check_path(form: FormSpec, path: str) -> CheckTarget | None:
    """Find the field a cross-field check refers to.

    Args:
        form: the form.
        path: ``key`` of a top-level field or ``group.key``.

    Returns:
        The target, or ``None`` when nothing matches.
    """
    key, _, child = path.partition(".")
    top = next((f for f in form.top_fields() if f.key == key), None)
    if top is None:
        return None
    if not child:
        return CheckTarget(None, top)
    if top.type != "group":
        return None
    inner = next((f for f in top.fields if f.key == child), None)
    return None if inner is None else CheckTarget(top, inner)


def is_empty(value: Any) -> bool:
    """Tell whether a cleaned value counts as not filled.

    ``None``, blank text, empty lists and mappings, an unticked checkbox (``False``)
    and an address whose parts are all empty are empty.
    """
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value
    if isinstance(value, dict):
        return all(is_empty(part) for part in value.values())
    return False


def value_texts(value: Any) -> list[str]:
    """Return the text forms a condition compares with ``value``.

    Args:
        value: a cleaned value.

    Returns:
        One text per value (several for a multiple choice); ``"true"``/``"false"``
        for a checkbox; numbers without grouping or trailing zeros.
    """
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, Decimal):
        return [f"{value.normalize():f}"]
    if isinstance(value, list | tuple):
        return [text for item in value for text in value_texts(item)]
    return [str(value)]


def condition_holds(condition: Condition, value: Any) -> bool:
    """Evaluate a condition against the referenced field's cleaned value.

    Args:
        condition: the condition.
        value: the referenced value; ``None`` when the field is hidden or empty.

    Returns:
        Whether the condition holds. A condition with no test holds.
    """
    if condition.filled is not None:
        return (not is_empty(value)) == condition.filled
    texts = value_texts(value)
    if condition.equals is not None:
        return condition.equals in texts
    if condition.in_ is not None:
        return any(text in condition.in_ for text in texts)
    return True
