"""Which units a report covers, and whether the viewer may see them.

A report covers a unit and every unit below it. A viewer sees the subtree of the
unit their account belongs to (``reports.view`` reaches down the tree, as every
permission does); the province's root unit covers every dossier, including those of
units no longer listed in the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue.catalogue import Catalogue
from core.errors import Forbidden, UserError
from core.permissions import Actor, may
from plugins.reporting.measures import Sql

__all__ = ["Scope", "resolve_scope"]

PERMISSION = "reports.view"


@dataclass(frozen=True)
class Scope:
    """The units a report covers.

    Attributes:
        unit_id: the unit at the top of the subtree.
        unit_ids: every unit of the subtree, or ``None`` for the whole province.
    """

    unit_id: str
    unit_ids: tuple[str, ...] | None

    def predicate(self) -> Sql:
        """The fact rows of the covered units."""
        if self.unit_ids is None:
            return Sql("")
        marks = ", ".join("{}" for _ in self.unit_ids)
        return Sql(f"unit_id IN ({marks})", self.unit_ids)

    def covers(self, unit_id: str) -> bool:
        """Whether ``unit_id`` is in the subtree."""
        return self.unit_ids is None or unit_id in self.unit_ids


def resolve_scope(
    catalogue: Catalogue, unit_id: str | None, actor: Actor | None
) -> Scope:
    """The scope of a report asked for ``unit_id`` by ``actor``.

    Args:
        catalogue: the province's catalogue.
        unit_id: the unit asked for; ``None`` or empty means the viewer's own unit
            (the province's root for the command line).
        actor: the viewer, ``None`` for the command line (sees everything).

    Returns:
        The scope.

    Raises:
        UserError: no unit has that id (400).
        Forbidden: the viewer may not see that unit's reports (403).
    """
    if not unit_id:
        unit_id = (actor.unit_id if actor else None) or catalogue.root.id
    unit = catalogue.units.get(unit_id)
    if unit is None:
        raise UserError(
            f"Không có đơn vị {unit_id!r}.",
            f"There is no unit {unit_id!r}.",
            field="unit",
        )
    if actor is not None and not may(actor, PERMISSION, unit.path):
        raise Forbidden(
            "Bạn không được xem báo cáo của đơn vị này.",
            "You may not see the reports of this unit.",
        )
    if unit.id == catalogue.root.id:
        return Scope(unit.id, None)
    return Scope(unit.id, tuple(u.id for u in catalogue.units_under(unit.id)))
