"""What reading a submitted value needs and produces, shared by the readers.

The readers of :mod:`.values`, :mod:`.numeric` and :mod:`.dates` take a value and a
:class:`Context` (language, code lists, today's date, size caps) and return a
:class:`Reading`: the cleaned value and the problems found. They never raise.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from plugins.eforms.codelists import CodeList
from plugins.eforms.messages import format_number, message
from plugins.eforms.schema import FormField

__all__ = [
    "Context",
    "Issue",
    "Limits",
    "Reading",
    "Refused",
    "field_max_length",
    "has_forbidden_characters",
]

# Bidirectional overrides can make a text display differently from what it stores.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Limits:
    """Caps that protect the service from oversized submissions.

    Attributes:
        max_text_length: characters of a one-line text, whatever the form says.
        max_long_text_length: characters of a ``textarea``.
        max_group_items: items of any repeating group.
        max_payload_chars: characters of all keys and texts together.
        max_payload_nodes: values of any kind together.
        max_depth: nesting of mappings and lists.
    """

    max_text_length: int = 500
    max_long_text_length: int = 5000
    max_group_items: int = 100
    max_payload_chars: int = 200_000
    max_payload_nodes: int = 10_000
    max_depth: int = 8


@dataclass(frozen=True)
class Context:
    """What every reader needs besides the value."""

    lang: str
    code_lists: Mapping[str, CodeList]
    today: dt.date
    limits: Limits

    def issue(self, code: str, suffix: str = "", **params: object) -> Issue:
        """Build an issue with its message in the context's language."""
        return Issue(suffix, code, message(code, self.lang, **params))

    def number(self, value: int | float | Decimal) -> str:
        """Write a number for a message."""
        return format_number(value, self.lang)


class Issue(NamedTuple):
    """A problem with a value; ``suffix`` extends the field's path (``.commune``)."""

    suffix: str
    code: str
    message: str


class Reading(NamedTuple):
    """The cleaned value (``None`` when empty or invalid) and its problems."""

    value: Any
    issues: list[Issue]

    @classmethod
    def of(cls, value: Any) -> Reading:
        """A value read without problem."""
        return cls(value, [])

    @classmethod
    def refused(cls, issue: Issue) -> Reading:
        """A value refused for one reason."""
        return cls(None, [issue])


def field_max_length(field: FormField, limits: Limits) -> int:
    """Return the effective maximum length of a text field."""
    cap = (
        limits.max_long_text_length
        if field.type == "textarea"
        else limits.max_text_length
    )
    return cap if field.max_length is None else min(field.max_length, cap)


def has_forbidden_characters(text: str, multiline: bool) -> bool:
    """Tell whether ``text`` holds control, surrogate or bidi-override characters.

    Args:
        text: the text.
        multiline: whether line breaks and tabs are allowed.
    """
    allowed = "\n\t" if multiline else ""
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


class Refused(Exception):
    """Raised by value parsers when a value cannot be read at all."""
