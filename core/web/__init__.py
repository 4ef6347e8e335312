"""The core's web pages and JSON endpoints, collected for the application factory."""

from __future__ import annotations

from typing import Any

__all__ = ["routes"]


def routes() -> list[Any]:
    """Every route handler of the core, pages and API alike."""
    from core.dossiers.api import routes as dossier_routes
    from core.web import (
        account_pages,
        admin_pages,
        files,
        filing,
        intake,
        lookup,
        mismatches,
        my_dossiers,
        portal,
        staff,
        staff_dossier,
        support_pages,
    )

    return [
        *account_pages.ROUTES,
        *admin_pages.ROUTES,
        *support_pages.ROUTES,
        *portal.ROUTES,
        *staff.ROUTES,
        *staff_dossier.ROUTES,
        *intake.ROUTES,
        *mismatches.ROUTES,
        *files.ROUTES,
        *filing.ROUTES,
        *my_dossiers.ROUTES,
        *lookup.ROUTES,
        *dossier_routes(),
    ]
