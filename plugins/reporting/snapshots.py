"""Snapshots: reports kept as they were produced, so what was sent can be sent again.

A snapshot stores the computed table (or index) in JSON with every label in both
languages, and the SHA-256 of that JSON. Exporting a snapshot renders the stored
figures, never recomputes them: a spreadsheet made from a snapshot years later has
the same figures as the one sent at the time. Monthly snapshots are taken by the
``motcua reports snapshot`` command, run by the province's scheduler.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import msgspec
import structlog

from core.errors import NotFound
from plugins.reporting.service_index import IndexResult
from plugins.reporting.table import ReportTable
from plugins.reporting.tables import Snapshot

__all__ = ["StoredSnapshot", "list_snapshots", "load_snapshot", "save_snapshot"]

log = structlog.get_logger(__name__)
Computed = ReportTable | IndexResult


class StoredSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """A snapshot read back, with its decoded content."""

    id: int
    form_key: str
    period: str
    unit_id: str
    created_at: dt.datetime
    created_by: int | None
    note: str
    digest: str
    content: Computed | None = None


def _encode(result: Computed) -> bytes:
    kind = "index" if isinstance(result, IndexResult) else "table"
    return msgspec.json.encode({"type": kind, "data": result})


def _decode(raw: Any) -> Computed:
    text = raw if isinstance(raw, str | bytes) else json.dumps(raw)
    envelope = msgspec.json.decode(text)
    data = msgspec.json.encode(envelope["data"])
    if envelope["type"] == "index":
        return msgspec.json.decode(data, type=IndexResult)
    return msgspec.json.decode(data, type=ReportTable)


async def save_snapshot(
    result: Computed, created_by: int | None = None, note: str = ""
) -> int:
    """Store a computed report.

    Args:
        result: the table or index, as computed.
        created_by: the account that took it (``None`` for the scheduler).
        note: why it was taken (e.g. "sent to the provincial office").

    Returns:
        The snapshot's id.
    """
    encoded = _encode(result)
    row = Snapshot(
        form_key=result.form_key,
        form_code=result.form_code,
        period=result.period,
        unit_id=result.unit_id,
        created_at=dt.datetime.now(dt.UTC),
        created_by=created_by,
        note=note,
        content=encoded.decode("utf-8"),
        digest=hashlib.sha256(encoded).hexdigest(),
    )
    inserted = await Snapshot.insert(row)
    snapshot_id = int(inserted[0]["id"])
    log.info(
        "reporting_snapshot_saved",
        snapshot=snapshot_id,
        form=result.form_key,
        period=result.period,
        unit=result.unit_id,
    )
    return snapshot_id


def _stored(row: dict[str, Any], content: Computed | None) -> StoredSnapshot:
    return StoredSnapshot(
        id=row["id"],
        form_key=row["form_key"],
        period=row["period"],
        unit_id=row["unit_id"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        note=row["note"],
        digest=row["digest"],
        content=content,
    )


async def load_snapshot(snapshot_id: int) -> StoredSnapshot:
    """Read a snapshot back.

    Raises:
        NotFound: no snapshot has that id (404).
    """
    key = Snapshot._meta.primary_key
    row = await Snapshot.select().where(key == snapshot_id).first()
    if row is None:
        raise NotFound(
            f"Không có bản lưu số {snapshot_id}.",
            f"There is no snapshot {snapshot_id}.",
        )
    raw = row["content"]
    text = raw if isinstance(raw, str) else json.dumps(raw)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["digest"]:
        log.warning("reporting_snapshot_digest_mismatch", snapshot=snapshot_id)
    return _stored(row, _decode(text))


async def list_snapshots(
    unit_ids: list[str] | None, limit: int = 200
) -> list[StoredSnapshot]:
    """The latest snapshots, newest first, of some units (``None``: all).

    Args:
        unit_ids: the units whose snapshots may be listed.
        limit: how many at most.

    Returns:
        Snapshots without their content.
    """
    key = Snapshot._meta.primary_key
    query = (
        Snapshot.select(
            key,
            Snapshot.form_key,
            Snapshot.period,
            Snapshot.unit_id,
            Snapshot.created_at,
            Snapshot.created_by,
            Snapshot.note,
            Snapshot.digest,
        )
        .order_by(key, ascending=False)
        .limit(limit)
    )
    if unit_ids is not None:
        query = query.where(Snapshot.unit_id.is_in(unit_ids))
    return [_stored(row, None) for row in await query]
