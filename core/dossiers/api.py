"""HTTP routes of dossiers (JSON API)."""

from __future__ import annotations

from typing import Any

__all__ = ["routes"]


def routes() -> list[Any]:
    """The dossier routes the application mounts."""
    return []
