"""A dossier's form data as one flat mapping, for fees, reports and other plugins.

Other plugins read e-form data through ``motcua_form_values`` rather than knowing
how it is stored. Paths are the ones errors and inputs use: ``so_trang``,
``home.province``, ``members[0].full_name``; a multiple choice keeps its list.
Numbers come back as numbers (``int``, or ``Decimal`` with decimals) even though
JSON storage keeps exact decimals as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from core.catalogue.model import ProcedureSpec
from core.dossiers.records import decode_json
from plugins.eforms import runtime
from plugins.eforms.schema import FormField, FormSpec
from plugins.eforms.section import EformsSection
from plugins.eforms.versions import FormRef, cached_version

__all__ = ["field_types", "flat_values", "form_values"]

_INDEX = re.compile(r"\[[0-9]+\]")
_NUMERIC = frozenset({"number", "money"})


def field_types(form: FormSpec) -> dict[str, str]:
    """Field types by path without item indexes (``members.income``)."""
    types: dict[str, str] = {}

    def add(fields: list[FormField], prefix: str) -> None:
        for field in fields:
            path = f"{prefix}{field.key}"
            types[path] = field.type
            add(field.fields, f"{path}.")

    add(list(form.top_fields()), "")
    return types


def _number(text: str) -> int | Decimal | str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return int(value) if value == value.to_integral_value() else value


def _typed(path: str, value: Any, types: Mapping[str, str]) -> Any:
    if isinstance(value, str) and types.get(_INDEX.sub("", path)) in _NUMERIC:
        return _number(value)
    return value


def flat_values(data: Mapping[str, Any], form: FormSpec | None) -> dict[str, Any]:
    """Flatten cleaned form data.

    Args:
        data: the dossier's cleaned form data.
        form: the form it was filed with, to give numbers their type; without it
            values stay as stored.

    Returns:
        Field paths to values.
    """
    types = field_types(form) if form is not None else {}
    flat: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [(str(key), value) for key, value in data.items()]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend((f"{path}.{key}", part) for key, part in value.items())
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    stack.extend(
                        (f"{path}[{index}].{key}", part) for key, part in item.items()
                    )
        else:
            flat[path] = _typed(path, value, types)
    return dict(sorted(flat.items()))


def _form_for(ref: FormRef, procedure: ProcedureSpec) -> FormSpec | None:
    """The dossier's own form if at hand, else the procedure's current one."""
    found = cached_version(ref)
    if found is not None:
        return found
    section = procedure.plugins.get("eforms")
    if not isinstance(section, EformsSection):
        return None
    try:
        current = runtime.library().form_of(section)
    except LookupError:
        return None
    # Field types rarely change between versions; a field that did keeps its text.
    return current if current.code == ref.form else None


def form_values(
    dossier: Mapping[str, Any], procedure: ProcedureSpec
) -> dict[str, Any] | None:
    """The flat form values of a dossier filed (or being filed) with an e-form.

    Args:
        dossier: the dossier as a mapping with ``form_data`` and ``plugin_data``.
        procedure: its procedure version.

    Returns:
        Field paths to values, or ``None`` when the dossier has no checked e-form
        data (its form was refused, or it predates the e-form).
    """
    ref = FormRef.read(decode_json(dossier.get("plugin_data")))
    if ref is None:
        return None
    data = decode_json(dossier.get("form_data"))
    if not isinstance(data, Mapping):
        return None
    return flat_values(data, _form_for(ref, procedure))
