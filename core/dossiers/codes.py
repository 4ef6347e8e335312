"""Dossier codes: ``<unit identifier code>-<YYMMDD>-<NNNN>``.

The sequence restarts every day for every unit. The next number is taken with one
upsert on :class:`~core.dossiers.tables.DossierSequence` that returns the new value,
so concurrent filings never share a number; it must run inside the filing
transaction, so that a filing that fails gives its number back (codes are
gap-tolerant either way). The upsert needs SQLite 3.35 or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re

from core.dossiers.tables import DossierSequence

__all__ = ["CODE_PATTERN", "format_code", "next_code", "parse_code"]

CODE_PATTERN = re.compile(r"(?P<unit>.+)-(?P<day>\d{6})-(?P<seq>\d{4,})")
"""A dossier code; the sequence may outgrow four digits on a very busy day."""

_UPSERT = (
    "INSERT INTO motcua_dossier_sequence (key, unit_code, day, last_value) "
    "VALUES ({}, {}, {}, 1) "
    "ON CONFLICT (key) DO UPDATE "
    "SET last_value = motcua_dossier_sequence.last_value + 1 "
    "RETURNING last_value"
)


def format_code(unit_code: str, day: dt.date, sequence: int) -> str:
    """Compose a dossier code.

    Args:
        unit_code: the unit's official identifier code (mã định danh).
        day: the day the dossier reached the unit, local time.
        sequence: the unit's number for that day, from 1.

    Returns:
        e.g. ``000.00.15.H38-251203-0007``.
    """
    return f"{unit_code}-{day:%y%m%d}-{sequence:04d}"


def parse_code(code: str) -> tuple[str, str, int] | None:
    """Split a dossier code into unit code, ``YYMMDD`` and sequence.

    Returns:
        The three parts, or ``None`` when ``code`` is not shaped like a code.
    """
    match = CODE_PATTERN.fullmatch(code.strip())
    if match is None:
        return None
    return match["unit"], match["day"], int(match["seq"])


async def next_code(unit_code: str, day: dt.date) -> str:
    """Take the next code of ``unit_code`` for ``day``.

    Call it inside the filing transaction.

    Args:
        unit_code: the receiving unit's identifier code.
        day: the local day of filing.

    Returns:
        A code no other filing has received.
    """
    yymmdd = f"{day:%y%m%d}"
    rows = await DossierSequence.raw(
        _UPSERT, f"{unit_code}/{yymmdd}", unit_code, yymmdd
    )
    return format_code(unit_code, day, int(rows[0]["last_value"]))
