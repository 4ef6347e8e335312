"""Errors a user is meant to read, in Vietnamese and English.

Raise :class:`UserError` (or a subclass) anywhere in a request; the application turns
it into an HTTP answer with the reason in the user's language: a JSON body for the API,
a page for the web. Anything else becomes a plain 500 page without a stack trace.
"""

from __future__ import annotations

__all__ = ["Conflict", "Forbidden", "NotFound", "UserError"]


class UserError(Exception):
    """A refusal with a reason the user can act on.

    Args:
        vi: the reason in Vietnamese.
        en: the same reason in English.
        status: the HTTP status to answer with (4xx).
        field: the input field the reason is about, if any.
    """

    status = 400

    def __init__(
        self, vi: str, en: str, *, status: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en
        self.field = field
        if status is not None:
            self.status = status

    def message(self, lang: str) -> str:
        """The reason in ``lang`` (Vietnamese unless ``en``)."""
        return self.en if lang == "en" else self.vi


class Forbidden(UserError):
    """The account may not do this (403)."""

    status = 403


class NotFound(UserError):
    """Nothing here that this account may see (404)."""

    status = 404


class Conflict(UserError):
    """The object changed meanwhile or is in a state that refuses the action (409)."""

    status = 409
