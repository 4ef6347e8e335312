"""Composite indexes for inboxes: a unit's or an officer's open dossiers by status."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T16:14:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "inbox indexes"

# Same syntax on SQLite and PostgreSQL.
STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS motcua_dossier_unit_status "
    "ON motcua_dossier (unit_id, status)",
    "CREATE INDEX IF NOT EXISTS motcua_dossier_step_unit_status "
    "ON motcua_dossier (step_unit_id, status)",
    "CREATE INDEX IF NOT EXISTS motcua_dossier_assignee_status "
    "ON motcua_dossier (assignee_id, status)",
    "CREATE INDEX IF NOT EXISTS motcua_dossier_event_dossier_at "
    "ON motcua_dossier_event (dossier, at)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(
        migration_id=ID, app_name="dossiers", description=DESCRIPTION
    )

    async def run() -> None:
        engine = engine_finder()
        for sql in STATEMENTS:
            await engine.run_ddl(sql, in_pool=False)

    manager.add_raw(run)
    return manager
