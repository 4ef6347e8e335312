"""Read models of dossiers: what the service returns and the API serialises.

Rows from the database become immutable msgspec structs here, with JSON columns
decoded and datetimes made timezone-aware, so callers never see storage details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from core.dossiers.state import DossierState
from core.dossiers.statuses import channel_name, status_label

__all__ = [
    "AttachmentRecord",
    "ComponentRecord",
    "DossierRecord",
    "HistoryRecord",
    "Page",
    "aware",
    "decode_json",
    "dossier_from_row",
    "history_from_row",
    "state_of",
]


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` with a timezone; SQLite may give naive UTC datetimes back."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def decode_json(value: Any) -> Any:
    """A JSON column's value, decoded when the driver returned text."""
    if isinstance(value, str | bytes):
        return msgspec.json.decode(value or b"{}")
    return value if value is not None else {}


class DossierRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A dossier as the application shows it (every column, decoded)."""

    id: int
    code: str
    procedure_code: str
    procedure_version: int
    case_code: str | None
    channel: int
    status: int
    status_before_pause: int | None
    payment_status: str
    unit_id: str
    receiving_unit_id: str
    step_code: str
    step_unit_id: str | None
    step_role: str | None
    step_started_at: dt.datetime | None
    assignee_id: int | None
    applicant_kind: str
    applicant_name: str
    applicant_identifier_kind: str
    applicant_identifier: str
    applicant_phone: str | None
    applicant_email: str | None
    applicant_address: str | None
    applicant_category: str | None
    account_id: int | None
    created_by: int | None
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    step_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    closed_at: dt.datetime | None
    paused_at: dt.datetime | None
    paused_seconds: int
    supplement_count: int
    result_class: str | None
    apology_due_at: dt.datetime | None
    lang: str
    version: int
    updated_at: dt.datetime
    form_data: dict[str, Any]
    plugin_data: dict[str, Any]

    @property
    def channel_name(self) -> str:
        """``counter``, ``online`` or ``post``."""
        return channel_name(self.channel).value

    def status_label(self, lang: str = "vi") -> str:
        """The status in words."""
        return status_label(self.status, lang)

    def as_mapping(self) -> dict[str, Any]:
        """The record as a plain dict (what plugin hooks receive)."""
        return msgspec.structs.asdict(self)


_DATETIMES = (
    "step_started_at",
    "submitted_at",
    "received_at",
    "due_at",
    "step_due_at",
    "finished_at",
    "returned_at",
    "closed_at",
    "paused_at",
    "apology_due_at",
    "updated_at",
)


def dossier_from_row(row: Mapping[str, Any]) -> DossierRecord:
    """Build a record from a row of :class:`~core.dossiers.tables.Dossier`."""
    values = {name: row[name] for name in DossierRecord.__struct_fields__}
    for name in _DATETIMES:
        values[name] = aware(values[name])
    values["form_data"] = decode_json(values["form_data"])
    values["plugin_data"] = decode_json(values["plugin_data"])
    return DossierRecord(**values)


def state_of(record: DossierRecord) -> DossierState:
    """The part of a record the workflow engine reads."""
    fields = DossierState.__struct_fields__
    return DossierState(**{name: getattr(record, name) for name in fields})


class HistoryRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One row of a dossier's history."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    actor_role: str | None
    actor_unit_id: str | None
    action: str
    from_status: int | None
    to_status: int
    from_step: str | None
    to_step: str | None
    from_unit_id: str | None
    to_unit_id: str | None
    assignee_id: int | None
    assignee_name: str
    note: str
    step_due_at: dt.datetime | None
    step_result: str | None
    extra: dict[str, Any]


def history_from_row(
    row: Mapping[str, Any], names: Mapping[int, str] | None = None
) -> HistoryRecord:
    """Build a history record, naming accounts from ``names`` when given."""
    names = names or {}
    return HistoryRecord(
        id=row["id"],
        at=aware(row["at"]) or row["at"],
        actor_id=row["actor_id"],
        actor_name=names.get(row["actor_id"] or 0, ""),
        actor_role=row["actor_role"],
        actor_unit_id=row["actor_unit_id"],
        action=row["action"],
        from_status=row["from_status"],
        to_status=row["to_status"],
        from_step=row["from_step"],
        to_step=row["to_step"],
        from_unit_id=row["from_unit_id"],
        to_unit_id=row["to_unit_id"],
        assignee_id=row["assignee_id"],
        assignee_name=names.get(row["assignee_id"] or 0, ""),
        note=row["note"] or "",
        step_due_at=aware(row["step_due_at"]),
        step_result=row["step_result"],
        extra=decode_json(row["extra"]),
    )


class ComponentRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A component as handed in for a dossier."""

    component_code: str
    paper_original: bool
    copies: int
    source: str | None
    reused_from: str | None
    note: str


class AttachmentRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A stored file's metadata (never its bytes)."""

    id: int
    component_code: str | None
    purpose: str
    original_name: str
    mime_type: str
    extension: str
    size: int
    sha256: str
    uploaded_by: int | None
    uploaded_at: dt.datetime


class Page(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a listing."""

    items: list[DossierRecord]
    total: int
    page: int
    per_page: int
