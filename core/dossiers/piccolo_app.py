"""Piccolo app holding the dossier tables and their migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.dossiers.tables import (
    Apology,
    Attachment,
    Dossier,
    DossierComponent,
    DossierHistory,
    DossierSequence,
    LookupAttempt,
    Rating,
)

APP_CONFIG = AppConfig(
    app_name="dossiers",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[
        Dossier,
        DossierComponent,
        Attachment,
        DossierHistory,
        DossierSequence,
        Apology,
        Rating,
        LookupAttempt,
    ],
    migration_dependencies=[],
    commands=[],
)
