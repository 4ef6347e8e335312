"""The shape of an electronic form (tờ khai điện tử) written in YAML by a province.

A form is a list of sections, each a list of fields. A field has a ``type`` and the
rules that make sense for it; conditions (``visible_when``, ``required_when``) and
form-level ``checks`` refer to other fields by key. The structs follow the same plain
typing as the catalogue (``str``, numbers, ``bool``, dates, lists, ``Literal``,
optional values, nested structs and ``str | Text`` labels), so one generic walker can
report YAML errors with their line.

Data filled in a form is a mapping of field keys to values, flat across sections;
a repeating group holds a list of such mappings, an address a mapping of its parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Literal

import msgspec

from core.catalogue.model import Label, Text, text_in
from plugins.eforms.yamlfile import load_yaml

__all__ = [
    "FIELD_TYPES",
    "PROFILE_KEYS",
    "CheckSpec",
    "Condition",
    "FieldType",
    "FormField",
    "FormSpec",
    "Label",
    "Option",
    "Problem",
    "SectionSpec",
    "Text",
    "load_form",
    "text_in",
]

FieldType = Literal[
    "text",
    "textarea",
    "number",
    "money",
    "date",
    "choice",
    "checkbox",
    "identifier",
    "address",
    "group",
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]

IdentifierKind = Literal["cccd", "old_id", "passport", "tax_code", "phone", "email"]

PROFILE_KEYS = ("full_name", "identifier", "birth_date", "phone", "email", "address")
"""Applicant profile keys a field may take its first value from."""

Problem = tuple[tuple[str | int, ...], str, str]
"""A schema problem: document path inside the form's YAML, what is wrong, the fix."""


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every form struct: immutable and strict about keys."""


class Option(_Spec, frozen=True):
    """One choice of a ``choice`` field: the stored value and its label."""

    value: str
    label: Label


class Condition(_Spec, frozen=True):
    """A test on another field's value, used by ``visible_when``/``required_when``.

    ``field`` names a field by key: a sibling inside the same group item first, then
    the enclosing scopes up to the form. ``home.province`` names a part of an address.
    Exactly one of ``equals``, ``in`` and ``filled`` is given. Values are compared as
    text: a choice's value, a number as written without grouping (``"2"``), a date as
    ``YYYY-MM-DD``, a checkbox as ``"true"``/``"false"``. For a multiple choice,
    ``equals`` and ``in`` hold when any selected value matches.
    """

    field: str
    equals: str | None = None
    in_: list[str] | None = msgspec.field(default=None, name="in")
    filled: bool | None = None


class FormField(_Spec, frozen=True):
    """One field of a form; which attributes apply depends on ``type``.

    Attributes:
        key: the data key, ``[a-z][a-z0-9_]*``, unique within its scope.
        type: what the field holds.
        label: the question shown to the applicant.
        help: a hint shown under the field.
        required: the field must be filled (a checkbox must be ticked).
        required_when: the field must be filled when the condition holds.
        visible_when: the field exists only when the condition holds; otherwise it
            is neither shown nor validated nor kept.
        min_length, max_length: text length limits (``text``, ``textarea``).
        pattern: a regular expression the whole text must match (``text``).
        pattern_message: what to tell the applicant when ``pattern`` fails.
        min, max: bounds of a ``number`` or ``money`` value.
        decimals: decimal places a ``number`` accepts (0: whole numbers only).
        min_date, max_date: bounds of a ``date``: ``YYYY-MM-DD``, ``today``, or
            ``today`` with an offset such as ``today-18y``, ``today+30d``.
        options: the choices of a ``choice`` field, or ``code_list`` to take them
            from a shipped or provincial code list.
        multiple: a ``choice`` accepting several values.
        kind: the identifier kind of an ``identifier`` field.
        province_list, commune_list: code lists of an ``address``.
        fields: the fields of each item of a ``group``.
        min_items, max_items: bounds of a group's items or of a multiple choice's
            selected values.
        item_label: what one item of a group is called ("Thành viên").
        prefill: ``profile.<key>`` to start from the applicant's profile, or
            ``previous`` to copy the value of the applicant's last dossier.
    """

    key: str
    type: FieldType
    label: Label
    help: Label | None = None
    required: bool = False
    required_when: Condition | None = None
    visible_when: Condition | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Label | None = None
    min: float | None = None
    max: float | None = None
    decimals: int = 0
    min_date: str | None = None
    max_date: str | None = None
    options: list[Option] = []
    code_list: str | None = None
    multiple: bool = False
    kind: IdentifierKind | None = None
    province_list: str = "provinces"
    commune_list: str = "communes"
    fields: list[FormField] = []
    min_items: int | None = None
    max_items: int | None = None
    item_label: Label | None = None
    prefill: str | None = None


class SectionSpec(_Spec, frozen=True):
    """A titled part of a form; sections only group fields on screen and paper."""

    key: str
    title: Label
    fields: list[FormField]
    description: Label | None = None


class CheckSpec(_Spec, frozen=True):
    """A rule across fields, checked after each field is valid on its own.

    ``date_after``: the date ``field`` must fall after the date ``other``
    (``allow_equal`` accepts the same day). ``sum_equals``: the number ``field``
    must equal the sum of the fields listed in ``of``. A path ``group.key`` in
    ``of`` sums that key over every item of the group; in ``date_after`` it applies
    the check to each item.
    """

    kind: Literal["date_after", "sum_equals"]
    field: str
    other: str | None = None
    of: list[str] = []
    allow_equal: bool = False
    message: Label | None = None


class FormSpec(_Spec, frozen=True):
    """A versioned electronic form.

    Attributes:
        code: the form's code, stable across versions (e.g. ``TK-KS-01``).
        version: increases with every change; dossiers keep the version they used.
        title: the form's title.
        sections: the form's sections, in order.
        checks: cross-field rules.
        description: an introduction shown above the form.
        legal_basis: the legal text that prescribes the form.
        effective_from: the first day the version applies.
    """

    code: str
    version: int
    title: Label
    sections: list[SectionSpec]
    checks: list[CheckSpec] = []
    description: Label | None = None
    legal_basis: str | None = None
    effective_from: dt.date | None = None

    def top_fields(self) -> Iterator[FormField]:
        """Yield the form's top-level fields across all sections, in order."""
        for section in self.sections:
            yield from section.fields

    def problems(self, code_lists: Collection[str]) -> list[Problem]:
        """Find semantic errors that decoding cannot see.

        Args:
            code_lists: names of the code lists available to the form (a mapping
                from :func:`plugins.eforms.codelists.load_code_lists` will do).

        Returns:
            ``(path, what, fix)`` tuples; ``path`` is the document path inside the
            form's YAML, e.g. ``("sections", 0, "fields", 2, "pattern")``. Empty
            when the form is sound.
        """
        from plugins.eforms.problems import find_problems

        return find_problems(self, code_lists)


def load_form(source: str | bytes | Path) -> FormSpec:
    """Decode a form from YAML text or a YAML file.

    Dates stay text until the struct types convert them, so ``min_date: 2020-01-01``
    and ``min_date: today`` read the same way.

    Args:
        source: YAML text, or the path of a YAML file.

    Returns:
        The decoded form; call :meth:`FormSpec.problems` before using it.

    Raises:
        msgspec.ValidationError: the document does not have the shape of a form.
        yaml.YAMLError: the text is not YAML.
    """
    if isinstance(source, Path):
        source = source.read_text(encoding="utf-8")
    return msgspec.convert(load_yaml(source), FormSpec)
