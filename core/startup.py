"""Work done once when the application starts serving.

The configuration is the source of truth for units and procedures; at start-up the
database is brought in line with it: units are copied for joins, a new procedure
version is recorded for every changed procedure file, and the load itself is audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import structlog

from core import audit
from core.accounts.tables import Unit
from core.catalogue.model import text_in
from core.catalogue.tables import record_versions
from core.db import transaction

if TYPE_CHECKING:
    from core.app import AppContext
    from core.catalogue.loader import Catalogue

__all__ = ["on_start", "sync_units"]

log = structlog.get_logger(__name__)


async def sync_units(catalogue: Catalogue) -> None:
    """Copy the unit tree into the database; units no longer listed are deactivated."""
    async with transaction():
        existing = {r["unit_id"]: r for r in await Unit.select()}
        for unit in catalogue.units.values():
            values: dict[str, Any] = {
                "code": unit.code,
                "name_vi": text_in(unit.name, "vi"),
                "name_en": text_in(unit.name, "en"),
                "kind": unit.kind,
                "parent_id": unit.parent_id,
                "path": unit.path,
                "depth": unit.depth,
                "active": True,
            }
            if unit.id in existing:
                await Unit.update(values).where(Unit.unit_id == unit.id)  # type: ignore[arg-type]
            else:
                await Unit.insert(Unit(unit_id=unit.id, **values))
        gone = set(existing) - set(catalogue.units)
        if gone:
            await Unit.update({Unit.active: False}).where(
                Unit.unit_id.is_in(list(gone))
            )


async def on_start(ctx: AppContext) -> None:
    """Bring the database in line with the loaded configuration."""
    await sync_units(ctx.catalogue)
    async with transaction():
        changes = await record_versions(ctx.catalogue)
        await audit.record(
            "catalogue_loaded",
            actor=None,
            object_type="catalogue",
            object_id=ctx.catalogue.province.code,
            detail={"new_versions": [f"{c.code}@{c.version}" for c in changes]},
        )
    log.info(
        "catalogue_loaded",
        procedures=len(ctx.catalogue.procedures),
        new_versions=len(changes),
    )
    if ctx.settings.mode == "demo":
        from core.demo import seed

        await seed(ctx)
