"""Piccolo app holding the e-forms plugin's tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from plugins.eforms.tables import FormDraft, FormVersion

APP_CONFIG = AppConfig(
    app_name="eforms",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[FormVersion, FormDraft],
    migration_dependencies=[],
    commands=[],
)
