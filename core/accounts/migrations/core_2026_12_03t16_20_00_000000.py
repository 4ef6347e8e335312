"""Make the audit trail append-only: updates and deletes are refused by the database."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-03T16:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only audit trail"

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS motcua_audit_no_update
    BEFORE UPDATE ON motcua_audit_event
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS motcua_audit_no_delete
    BEFORE DELETE ON motcua_audit_event
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION motcua_audit_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS motcua_audit_append_only ON motcua_audit_event""",
    """CREATE TRIGGER motcua_audit_append_only
    BEFORE UPDATE OR DELETE ON motcua_audit_event
    FOR EACH ROW EXECUTE FUNCTION motcua_audit_refuse()""",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(
        migration_id=ID, app_name="core", description=DESCRIPTION
    )

    async def run() -> None:
        engine = engine_finder()
        statements = SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES
        for sql in statements:
            await engine.run_ddl(sql, in_pool=False)

    manager.add_raw(run)
    return manager
