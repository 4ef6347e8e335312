"""One fact row per dossier and segment: a unique index, so a fact can never count twice."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T17:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique dossier segments"

# Same syntax on SQLite and PostgreSQL.
STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS reporting_fact_dossier_seq "
    "ON reporting_fact (dossier_id, seq)",
    "CREATE INDEX IF NOT EXISTS reporting_step_ended_procedure "
    "ON reporting_step (ended_at, procedure_code)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(
        migration_id=ID, app_name="reporting", description=DESCRIPTION
    )

    async def run() -> None:
        engine = engine_finder()
        for sql in STATEMENTS:
            await engine.run_ddl(sql, in_pool=False)

    manager.add_raw(run)
    return manager
