"""Values that the core hands to plugins about dossiers.

These structs are part of the plugin contract (see :mod:`core.hookspecs`): a vendor
plugin receives them exactly as a built-in one does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

__all__ = ["Applicant", "DossierEvent", "FilingDraft", "Panel"]


class Applicant(msgspec.Struct, kw_only=True):
    """The person or organisation a dossier is filed for."""

    kind: str  # "citizen" or "business"
    name: str
    identifier_kind: str  # "cccd", "old_id", "passport" or "tax_code"
    identifier: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    category: str | None = None  # e.g. an exemption group used by fee rules


class FilingDraft(msgspec.Struct, kw_only=True):
    """A dossier about to be filed, before it is written.

    Plugins validate it in ``motcua_prepare_filing`` and may store derived data in
    ``plugin_data`` under their own name. ``components`` lists the codes of the
    components handed in (a paper original, a copy or a file), so that a plugin can
    require evidence (a fee exemption's proof, say).
    """

    procedure_code: str
    procedure_version: int
    case_code: str | None
    channel: str  # "counter", "online" or "post"
    unit_id: str
    applicant: Applicant
    form_data: dict[str, Any] = {}
    lang: str = "vi"
    account_id: int | None = None
    components: list[str] = []
    plugin_data: dict[str, Any] = {}


class DossierEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A recorded change of a dossier, handed to plugins after commit."""

    dossier_id: int
    dossier_code: str
    procedure_code: str
    procedure_version: int
    action: str
    from_status: int | None
    to_status: int
    step: str | None
    actor_id: int | None
    at: dt.datetime
    note: str | None = None
    data: dict[str, Any] = {}


class Panel(msgspec.Struct, frozen=True, kw_only=True):
    """A titled block of safe HTML a plugin adds to a dossier page."""

    key: str
    title: str
    html: str
    order: int = 100
