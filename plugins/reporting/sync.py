"""Keeping the fact tables in line with the core's dossier tables.

Reports never trust a hook alone: the plugin gate delivers ``motcua_dossier_event``
only for procedures that enable this plugin, so :func:`refresh` reads the core's
tables directly before every report. It rebuilds the facts of every dossier that
gained a history row, a rating or a result file since the last refresh, found by the
highest id read so far. On PostgreSQL a transaction may commit a lower id after a
higher one was read, so rows whose time falls within :data:`RESCAN_MARGIN` of the
last refresh are read again as well.

A refresh runs in one transaction whose first statement updates the marks, so two
refreshes take turns instead of writing the same facts twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import structlog

from core.calendar import WorkingCalendar
from core.catalogue.catalogue import Catalogue
from core.db import transaction
from plugins.reporting._db import fetch, insert_many
from plugins.reporting.facts import (
    DossierFacts,
    DossierRow,
    EventRow,
    Extras,
    build_facts,
)
from plugins.reporting.tables import DossierFact, StepFact, SyncMark

__all__ = [
    "RESCAN_MARGIN",
    "calendar_of",
    "epoch",
    "rebuild_all",
    "rebuild_dossiers",
    "refresh",
]

log = structlog.get_logger(__name__)

RESCAN_MARGIN = dt.timedelta(minutes=5)
_BATCH = 1000
_MARKS = {
    "events": "motcua_dossier_event",
    "ratings": "motcua_dossier_rating",
    "attachments": "motcua_attachment",
}
_FACT_COLUMNS = (
    "dossier_id", "code", "seq", "procedure_code", "unit_id", "channel",
    "received_at", "exit_at", "exit_status", "result_class", "supplements",
    "valid_from", "valid_to", "overdue_after", "worked_seconds", "allowed_seconds",
    "paid_at", "paid_online", "digitised", "reused", "electronic_result", "rating",
    "rated_at",
)  # fmt: skip
_STEP_COLUMNS = (
    "dossier_id", "procedure_code", "step_code", "unit_id", "started_at",
    "ended_at", "worked_seconds", "budget_seconds", "result",
)  # fmt: skip


@lru_cache(maxsize=8)
def calendar_of(catalogue: Catalogue) -> WorkingCalendar:
    """The working calendar of a loaded catalogue (built once per catalogue)."""
    return WorkingCalendar.from_spec(catalogue.calendar)


def epoch(moment: dt.datetime | None) -> int | None:
    """Unix seconds of ``moment``, rounded down; ``None`` stays ``None``."""
    return None if moment is None else int(moment.timestamp() // 1)


# --- refresh ------------------------------------------------------------------------


async def refresh(catalogue: Catalogue) -> int:
    """Bring the facts up to date with the core's tables.

    Args:
        catalogue: the province's catalogue (its calendar dates the facts).

    Returns:
        How many dossiers' facts were rebuilt.
    """
    calendar = calendar_of(catalogue)
    async with transaction():
        marks = await _claim_marks()
        tops = {key: await _max_id(table) for key, table in _MARKS.items()}
        changed = await _changed_dossiers(marks, tops)
        for batch in _chunks(sorted(changed), _BATCH):
            await _rebuild(batch, calendar)
        await _save_marks(tops)
    if changed:
        log.info("reporting_facts_refreshed", dossiers=len(changed))
    return len(changed)


async def rebuild_all(
    catalogue: Catalogue, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild every dossier's facts from scratch (after an upgrade, or for a bench).

    Each batch commits on its own, so a large province does not hold one enormous
    transaction; the marks move only at the end.

    Args:
        catalogue: the province's catalogue.
        progress: called with (done, total) after each batch.

    Returns:
        How many dossiers were read.
    """
    calendar = calendar_of(catalogue)
    tops = {key: await _max_id(table) for key, table in _MARKS.items()}
    ids = [int(r["id"]) for r in await DossierFact.raw("SELECT id FROM motcua_dossier")]
    async with transaction():
        await _claim_marks()
        await DossierFact.raw("DELETE FROM reporting_fact")
        await StepFact.raw("DELETE FROM reporting_step")
    done = 0
    for batch in _chunks(sorted(ids), _BATCH):
        async with transaction():
            await _claim_marks()
            await _rebuild(batch, calendar)
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    async with transaction():
        await _claim_marks()
        await _save_marks(tops)
    log.info("reporting_facts_rebuilt", dossiers=len(ids))
    return len(ids)


async def rebuild_dossiers(dossier_ids: Sequence[int], catalogue: Catalogue) -> None:
    """Rebuild the facts of some dossiers now (without moving the marks).

    Args:
        dossier_ids: the dossiers.
        catalogue: the province's catalogue.
    """
    async with transaction():
        # Taking the marks' row makes this wait for a refresh rebuilding the same.
        await _claim_marks()
        await _rebuild(list(dossier_ids), calendar_of(catalogue))


# --- marks --------------------------------------------------------------------------


async def _claim_marks() -> dict[str, tuple[int, dt.datetime | None]]:
    for key in _MARKS:
        await SyncMark.raw(
            "INSERT INTO reporting_sync (key, last_id, synced_at) VALUES ({}, 0, NULL) "
            "ON CONFLICT (key) DO NOTHING",
            key,
        )
    marks = {}
    for key in _MARKS:
        rows = await SyncMark.raw(
            "UPDATE reporting_sync SET last_id = last_id WHERE key = {} "
            "RETURNING last_id, synced_at",
            key,
        )
        marks[key] = (int(rows[0]["last_id"]), rows[0]["synced_at"])
    return marks


async def _save_marks(tops: dict[str, int]) -> None:
    now = dt.datetime.now(dt.UTC)
    for key, top in tops.items():
        await SyncMark.update({SyncMark.last_id: top, SyncMark.synced_at: now}).where(
            SyncMark.key == key
        )


async def _max_id(table: str) -> int:
    rows = await DossierFact.raw(f"SELECT MAX(id) AS top FROM {table}")  # noqa: S608
    return int(rows[0]["top"] or 0)


async def _changed_dossiers(
    marks: dict[str, tuple[int, dt.datetime | None]], tops: dict[str, int]
) -> set[int]:
    # Separate statements, so that each reads through its own index.
    changed: set[int] = set()
    for key, table in _MARKS.items():
        last, synced_at = marks[key]
        rows = await fetch(
            f"SELECT DISTINCT dossier FROM {table} WHERE id > {{}} AND id <= {{}}",  # noqa: S608
            last,
            tops[key],
        )
        if key == "events" and synced_at is not None:
            # Rows dated in the future are not late commits; they are read once.
            rows += await fetch(
                "SELECT DISTINCT dossier FROM motcua_dossier_event "
                "WHERE at >= {} AND at <= {}",
                synced_at - RESCAN_MARGIN,
                dt.datetime.now(dt.UTC),
            )
        changed.update(int(r["dossier"]) for r in rows)
    return changed


# --- rebuilding ---------------------------------------------------------------------


def _chunks(items: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _marks(count: int) -> str:
    return ", ".join("{}" for _ in range(count))


async def _rebuild(ids: list[int], calendar: WorkingCalendar) -> None:
    if not ids:
        return
    dossiers = await _load_dossiers(ids)
    events = await _load_events(ids)
    extras = await _load_extras(ids)
    facts = [
        build_facts(row, events.get(row.id, []), calendar, extras.get(row.id))
        for row in dossiers
    ]
    await _run_in("DELETE FROM reporting_fact", "dossier_id", ids)
    await _run_in("DELETE FROM reporting_step", "dossier_id", ids)
    await insert_many(
        "reporting_fact", _FACT_COLUMNS, [r for f in facts for r in _fact_rows(f)]
    )
    await insert_many(
        "reporting_step", _STEP_COLUMNS, [r for f in facts for r in _step_rows(f)]
    )


async def _run_in(statement: str, column: str, ids: list[int]) -> list[dict[str, Any]]:
    """Run ``statement`` on the rows whose ``column`` is one of ``ids``."""
    where = f" WHERE {column} IN ({_marks(len(ids))})"
    return await fetch(statement + where, *ids)


async def _load_dossiers(ids: list[int]) -> list[DossierRow]:
    rows = await _run_in(
        "SELECT id, code, procedure_code, channel, unit_id, status, received_at, "
        "due_at, finished_at, closed_at, result_class FROM motcua_dossier",
        "id",
        ids,
    )
    return [DossierRow(**row) for row in rows]


async def _load_events(ids: list[int]) -> dict[int, list[EventRow]]:
    rows = await _run_in(
        "SELECT id, dossier, at, action, from_status, to_status, from_step, to_step, "
        "from_unit_id, step_due_at, step_result, extra FROM motcua_dossier_event",
        "dossier",
        ids,
    )
    found: dict[int, list[EventRow]] = defaultdict(list)
    for row in rows:
        dossier = int(row.pop("dossier"))
        row["extra"] = _json(row["extra"])
        found[dossier].append(EventRow(**row))
    return found


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value or "{}")
    except (TypeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


async def _load_extras(ids: list[int]) -> dict[int, Extras]:
    ratings = {
        int(r["dossier"]): (r["level"], r["at"])
        for r in await _run_in(
            "SELECT dossier, level, at FROM motcua_dossier_rating", "dossier", ids
        )
    }
    sources: dict[int, list[str | None]] = defaultdict(list)
    for r in await _run_in(
        "SELECT dossier, source FROM motcua_dossier_component", "dossier", ids
    ):
        sources[int(r["dossier"])].append(r["source"])
    results = {
        int(r["dossier"])
        for r in await _run_in(
            "SELECT dossier FROM motcua_attachment",
            "purpose = 'result' AND dossier",
            ids,
        )
    }
    found = {}
    for dossier in set(ratings) | set(sources) | results:
        level, at = ratings.get(dossier, (None, None))
        listed = sources.get(dossier, [])
        found[dossier] = Extras(
            rating=level,
            rated_at=at,
            digitised=bool(listed) and all(s is not None for s in listed),
            reused=any(s in ("reused", "own_store") for s in listed),
            electronic_result=dossier in results,
        )
    return found


def _fact_rows(facts: DossierFacts) -> list[tuple[Any, ...]]:
    shared = {
        "dossier_id": facts.dossier_id,
        "code": facts.code,
        "procedure_code": facts.procedure_code,
        "channel": facts.channel,
        "received_at": epoch(facts.received_at),
        "exit_at": epoch(facts.exit_at),
        "exit_status": facts.exit_status,
        "result_class": facts.result_class,
        "worked_seconds": _seconds(facts.worked),
        "allowed_seconds": _seconds(facts.allowed),
        "paid_at": epoch(facts.paid_at),
        "paid_online": int(facts.paid_online),
        "digitised": int(facts.extras.digitised),
        "reused": int(facts.extras.reused),
        "electronic_result": int(facts.extras.electronic_result),
        "rating": facts.extras.rating,
        "rated_at": epoch(facts.extras.rated_at),
    }
    rows = []
    for seq, segment in enumerate(facts.segments):
        row = {
            **shared,
            "seq": seq,
            "unit_id": segment.unit_id,
            "supplements": segment.supplements,
            "valid_from": epoch(segment.valid_from),
            "valid_to": epoch(segment.valid_to),
            "overdue_after": epoch(segment.overdue_after),
        }
        rows.append(tuple(row[c] for c in _FACT_COLUMNS))
    return rows


def _step_rows(facts: DossierFacts) -> list[tuple[Any, ...]]:
    return [
        (
            facts.dossier_id,
            facts.procedure_code,
            span.step_code,
            span.unit_id,
            epoch(span.started_at),
            epoch(span.ended_at),
            _seconds(span.worked),
            _seconds(span.budget),
            span.result,
        )
        for span in facts.steps
    ]


def _seconds(span: dt.timedelta | None) -> int | None:
    return None if span is None else int(span.total_seconds())
