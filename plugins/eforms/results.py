"""What validating form data produces: cleaned data and errors located by path."""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = ["FieldError", "ValidationResult"]


class FieldError(msgspec.Struct, frozen=True):
    """One problem, at ``path`` (``members[1].birth_date``; ``""`` for the form).

    Attributes:
        path: where the problem is, in the names the form's inputs use.
        code: a stable code (``required``, ``pattern``, ``date_after``...).
        message: the explanation in the applicant's language.
    """

    path: str
    code: str
    message: str


class ValidationResult(msgspec.Struct, frozen=True):
    """Cleaned data of the visible fields and every problem found."""

    data: dict[str, Any]
    errors: list[FieldError]

    @property
    def ok(self) -> bool:
        """Whether the data has no problem."""
        return not self.errors

    def messages_by_path(self) -> dict[str, list[str]]:
        """Group the error messages by path, as templates show them."""
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            grouped.setdefault(error.path, []).append(error.message)
        return grouped
