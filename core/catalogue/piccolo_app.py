"""Piccolo app holding the stored procedure versions of the catalogue."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.catalogue.tables import ProcedureVersion

APP_CONFIG = AppConfig(
    app_name="catalogue",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[ProcedureVersion],
    migration_dependencies=[],
    commands=[],
)
