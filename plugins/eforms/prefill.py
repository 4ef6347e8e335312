"""Starting values of a form, so an applicant never types the same thing twice.

A field declares where its first value comes from:

- ``prefill: profile.<key>``: the applicant's profile (``full_name``,
  ``identifier``, ``birth_date``, ``phone``, ``email``, ``address``);
- ``prefill: previous``: the same field of the applicant's most recent earlier
  dossier filed with the same form code (a household list, an area).

Prefilled values are suggestions shown in the form; they are validated like typed
values when the form is submitted.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from plugins.eforms.conditions import ADDRESS_PARTS, is_empty
from plugins.eforms.schema import FormField, FormSpec

__all__ = ["prefill"]


def _from_profile(field: FormField, value: Any) -> Any:
    """Fit a profile value to the field's type, or return ``None``."""
    if isinstance(value, dt.date):
        value = value.isoformat() if not isinstance(value, dt.datetime) else None
    if field.type == "address":
        if not isinstance(value, Mapping):
            return None
        parts = {p: value[p] for p in ADDRESS_PARTS if isinstance(value.get(p), str)}
        return parts or None
    return value if isinstance(value, str) and value.strip() else None


def _recency(entry: Mapping[str, Any]) -> str:
    stamp = entry.get("submitted_at")
    if isinstance(stamp, dt.date):
        return stamp.isoformat()
    return stamp if isinstance(stamp, str) else ""


def _latest_data(
    form: FormSpec, previous: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any]:
    """Return the data of the most recent earlier dossier of the same form code."""
    same_form: list[tuple[str, int, Mapping[str, Any]]] = [
        (_recency(entry), position, entry["data"])
        for position, entry in enumerate(previous)
        if isinstance(entry, Mapping)
        and entry.get("form_code") == form.code
        and isinstance(entry.get("data"), Mapping)
    ]
    if not same_form:
        return {}
    return max(same_form, key=lambda found: (found[0], found[1]))[2]


def prefill(
    form: FormSpec,
    profile: Mapping[str, Any],
    previous: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Compute the starting values of a form's top-level fields.

    Args:
        form: the form.
        profile: the applicant's profile: ``full_name``, ``identifier``,
            ``birth_date`` (date or ISO text), ``phone``, ``email`` and ``address``
            (a mapping of ``province``/``commune``/``street`` for an address field,
            or text for a text field).
        previous: the applicant's earlier dossiers, each a mapping with
            ``form_code``, ``data`` (the cleaned form data) and optionally
            ``submitted_at`` (datetime or ISO text). The most recent is the one
            with the latest ``submitted_at``; without it, the one listed last.

    Returns:
        Values by field key, for the fields that found one.
    """
    latest = _latest_data(form, previous)
    values: dict[str, Any] = {}
    for field in form.top_fields():
        source = field.prefill or ""
        if source == "previous":
            value = copy.deepcopy(latest.get(field.key))
        elif source.startswith("profile."):
            value = _from_profile(field, profile.get(source.removeprefix("profile.")))
        else:
            continue
        if not is_empty(value):
            values[field.key] = value
    return values
