"""One row per (procedure code, version): a version is never stored twice."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T16:22:40:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique procedure version"

# The same statement runs on SQLite and PostgreSQL; ON CONFLICT (code, version)
# in core.catalogue.tables relies on this index.
CREATE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS motcua_procedure_version_code_version "
    "ON motcua_procedure_version (code, version)"
)
DROP = "DROP INDEX IF EXISTS motcua_procedure_version_code_version"


async def forwards() -> MigrationManager:
    manager = MigrationManager(
        migration_id=ID, app_name="catalogue", description=DESCRIPTION
    )

    async def run() -> None:
        await engine_finder().run_ddl(CREATE, in_pool=False)

    async def undo() -> None:
        await engine_finder().run_ddl(DROP, in_pool=False)

    manager.add_raw(run)
    manager.add_raw_backwards(undo)
    return manager
