"""Database tables of the reporting plugin: dossier facts, step spans, snapshots.

The fact tables are a summary of the core's dossier history that reports scan in one
pass: :class:`DossierFact` holds one row per *segment* of a dossier's life (see
:mod:`plugins.reporting.facts`), with the dossier's own facts repeated on each, and
:class:`StepFact` one row per step a dossier went through. Moments are stored as
Unix seconds (``BigInt``) so that comparisons read the same on SQLite and
PostgreSQL. :mod:`plugins.reporting.sync` keeps them in line with the history.
"""

from __future__ import annotations

from piccolo.columns import JSON, BigInt, Integer, SmallInt, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["DossierFact", "Snapshot", "StepFact", "SyncMark"]


def _moment(index: bool = False) -> BigInt:
    """A nullable moment in Unix seconds."""
    return BigInt(null=True, default=None, index=index)


class DossierFact(Table, tablename="reporting_fact"):
    """One segment of one dossier: the unit and deadline state in force in it.

    A report for a period ending at ``E`` reads the row with
    ``valid_from < E <= valid_to`` (null bounds open) of every dossier.
    """

    dossier_id = Integer(index=True)
    code = Varchar(length=40)
    seq = SmallInt(default=0)
    procedure_code = Varchar(length=64, index=True)
    unit_id = Varchar(length=64, index=True)
    channel = SmallInt()
    received_at = _moment(index=True)
    exit_at = _moment(index=True)
    exit_status = SmallInt(null=True, default=None)
    result_class = Varchar(length=8, null=True, default=None)
    supplements = SmallInt(default=0)
    valid_from = _moment()
    valid_to = _moment()
    overdue_after = _moment()
    worked_seconds = _moment()
    allowed_seconds = _moment()
    paid_at = _moment()
    paid_online = SmallInt(default=0)
    digitised = SmallInt(default=0)
    reused = SmallInt(default=0)
    electronic_result = SmallInt(default=0)
    rating = Varchar(length=16, null=True, default=None)
    rated_at = _moment()


class StepFact(Table, tablename="reporting_step"):
    """Time one dossier spent at one step, from its start to the hand-over."""

    dossier_id = Integer(index=True)
    procedure_code = Varchar(length=64, index=True)
    step_code = Varchar(length=64)
    unit_id = Varchar(length=64, index=True)
    started_at = BigInt()
    ended_at = BigInt(index=True)
    worked_seconds = BigInt()
    budget_seconds = _moment()
    result = Varchar(length=8, null=True, default=None)


class SyncMark(Table, tablename="reporting_sync"):
    """How far the fact tables have read the core's tables.

    One row per kind of source; ``last_id`` is the highest id read. The row is
    updated first in every refresh, which also makes two refreshes take turns.
    """

    key = Varchar(length=32, unique=True)
    last_id = BigInt(default=0)
    synced_at = Timestamptz(null=True, default=None)


class Snapshot(Table, tablename="reporting_snapshot"):
    """A report as it was produced and sent, kept so it can be produced again.

    ``content`` is the computed table (titles, columns, rows, figures) in both
    languages; ``digest`` is its SHA-256, so a copy can be checked against it.
    """

    form_key = Varchar(length=64, index=True)
    form_code = Varchar(length=32)
    period = Varchar(length=32, index=True)
    unit_id = Varchar(length=64, index=True)
    created_at = Timestamptz()
    created_by = Integer(null=True, default=None)
    note = Text(default="")
    content = JSON(default="{}")
    digest = Varchar(length=64)
