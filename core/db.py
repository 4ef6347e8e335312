"""The database engine, chosen by ``DATABASE_URL``.

SQLite is the embedded default; PostgreSQL is for production. The same tables and
migrations run on both. :func:`transaction` is the one way to group writes, so that a
change and its audit event commit together or not at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

__all__ = ["engine_for", "get_engine", "pooled", "transaction", "write_transaction"]


def engine_for(url: str) -> Engine[Any]:
    """Build a Piccolo engine for ``url`` (``sqlite:///path`` or ``postgresql://``)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(unquote(parsed.path))
        path.parent.mkdir(parents=True, exist_ok=True)
        # Waiting on a lock beats failing: SQLite allows one writer at a time.
        return SQLiteEngine(path=str(path), timeout=30)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresEngine(
            config={
                "host": parsed.hostname or "127.0.0.1",
                "port": parsed.port or 5432,
                "user": unquote(parsed.username or "postgres"),
                "password": unquote(parsed.password or ""),
                "database": parsed.path.lstrip("/") or "postgres",
            }
        )
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {url!r}"
    )


def get_engine() -> Engine[Any]:
    """The engine every table uses (the one named in ``core.piccolo_conf``)."""
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    if engine is None:  # pragma: no cover - piccolo_conf always defines DB
        raise RuntimeError("no database engine configured")
    return engine


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """Run the block in one transaction; nested use joins the outer one."""
    engine = get_engine()
    if engine.transaction_exists():
        yield engine.current_transaction.get()
        return
    async with engine.transaction() as tx:
        yield tx


@contextlib.asynccontextmanager
async def pooled(enabled: bool = True) -> AsyncIterator[None]:
    """Keep a pool of PostgreSQL connections open for the block.

    Without a pool every PostgreSQL query opens a connection of its own. SQLite has
    no pool; there, and when ``enabled`` is false, the block runs as it is.
    """
    engine = get_engine()
    if not (enabled and isinstance(engine, PostgresEngine)):
        yield
        return
    await engine.start_connection_pool()
    try:
        yield
    finally:
        await engine.close_connection_pool()


@contextlib.asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction that takes the write lock first; nested use joins the outer one.

    For work that reads, then writes depending on what it read (numbering receipts,
    settling a payment once). A new transaction on SQLite begins ``IMMEDIATE``, so a
    second writer waits for the first instead of failing when both read before
    writing; on PostgreSQL the row locks of the statements themselves do that.
    """
    engine = get_engine()
    if isinstance(engine, SQLiteEngine) and not engine.transaction_exists():
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
        return
    async with transaction():
        yield


def database_url_from_env() -> str:
    """``DATABASE_URL`` or the embedded default under ``MOTCUA_DATA_DIR``."""
    from core.settings import Settings

    return os.environ.get("DATABASE_URL") or Settings.from_env().database_url
