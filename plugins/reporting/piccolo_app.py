"""Piccolo app holding the reporting plugin's tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from plugins.reporting.tables import DossierFact, Snapshot, StepFact, SyncMark

APP_CONFIG = AppConfig(
    app_name="reporting",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[DossierFact, StepFact, SyncMark, Snapshot],
    migration_dependencies=[],
    commands=[],
)
