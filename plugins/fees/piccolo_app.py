"""Piccolo app holding the fees plugin's tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from plugins.fees.tables import FeeAssessment, Payment, Receipt, ReceiptSeries

APP_CONFIG = AppConfig(
    app_name="fees",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[FeeAssessment, Payment, ReceiptSeries, Receipt],
    migration_dependencies=[],
    commands=[],
)
