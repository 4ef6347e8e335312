"""Piccolo app holding the core's account, unit, audit and incident tables."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from core.accounts.tables import (
    Account,
    AccountRole,
    AuditEvent,
    Incident,
    LoginAttempt,
    Session,
    Unit,
)

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[
        Unit,
        Account,
        AccountRole,
        Session,
        LoginAttempt,
        AuditEvent,
        Incident,
    ],
    migration_dependencies=[],
    commands=[],
)
