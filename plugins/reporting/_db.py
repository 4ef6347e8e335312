"""Bulk reads and writes for the fact tables, on the transaction's own connection.

Rebuilding facts moves many rows; Piccolo's query strings cost more than the
database for statements with thousands of values. Inside a transaction these
helpers talk to its connection directly: ``executemany`` on SQLite, ``COPY`` on
PostgreSQL. Outside one they fall back to Piccolo's ``raw``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from piccolo.engine.sqlite import dict_factory

from core.db import get_engine
from plugins.reporting.tables import DossierFact

__all__ = ["fetch", "insert_many"]

_MARK = re.compile(r"\{\}")


def _numbered(sql: str) -> str:
    counter = iter(range(1, 1_000_000))
    return _MARK.sub(lambda _: f"${next(counter)}", sql)


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Run a query written with ``{}`` placeholders and return its rows as dicts."""
    engine = get_engine()
    transaction = engine.current_transaction.get()
    if transaction is None:
        rows: list[dict[str, Any]] = await DossierFact.raw(sql, *args)
        return rows
    connection = transaction.connection
    if engine.engine_type == "sqlite":
        connection.row_factory = dict_factory
        async with connection.execute(_MARK.sub("?", sql), args) as cursor:
            return list(await cursor.fetchall())
    return [dict(r) for r in await connection.fetch(_numbered(sql), *args)]


async def insert_many(
    table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert rows into ``table`` inside the current transaction.

    Raises:
        RuntimeError: no transaction is open.
    """
    if not rows:
        return
    engine = get_engine()
    transaction = engine.current_transaction.get()
    if transaction is None:
        raise RuntimeError("insert_many needs an open transaction")
    connection = transaction.connection
    if engine.engine_type == "sqlite":
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        await connection.executemany(statement, rows)
        return
    await connection.copy_records_to_table(table, records=rows, columns=list(columns))
