"""Piccolo app holding the payments gateway plugin's tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from plugins.payments_gateway.tables import (
    CallbackLog,
    PaymentOrder,
    Refund,
    SandboxTransaction,
)

APP_CONFIG = AppConfig(
    app_name="payments_gateway",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[PaymentOrder, CallbackLog, Refund, SandboxTransaction],
    migration_dependencies=[],
    commands=[],
)
