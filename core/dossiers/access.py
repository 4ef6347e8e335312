"""Who may see a dossier.

The applicant who filed it sees it; so do staff who may see the dossiers of its
implementing or receiving unit (``dossier.view_unit`` over that unit's subtree),
staff of the unit where its current step lies, and the officer it is assigned to.
Everyone else is told it does not exist.
"""

from __future__ import annotations

from core.catalogue.catalogue import Catalogue
from core.dossiers.records import DossierRecord
from core.permissions import Actor, may

__all__ = ["can_view", "visible_unit_ids"]


def can_view(actor: Actor | None, dossier: DossierRecord, catalogue: Catalogue) -> bool:
    """Whether ``actor`` may see ``dossier``.

    Args:
        actor: the signed-in account, ``None`` for a visitor.
        dossier: the dossier.
        catalogue: the organisation tree (unit paths).

    Returns:
        ``True`` when allowed.
    """
    if actor is None:
        return False
    if not actor.is_staff:
        return dossier.account_id is not None and dossier.account_id == actor.account_id
    if dossier.assignee_id == actor.account_id:
        return True
    if actor.unit_id is not None and actor.unit_id == dossier.step_unit_id:
        return True
    for unit_id in (dossier.unit_id, dossier.receiving_unit_id):
        unit = catalogue.units.get(unit_id)
        if unit is not None and may(actor, "dossier.view_unit", unit.path):
            return True
    return False


def visible_unit_ids(actor: Actor, catalogue: Catalogue) -> list[str]:
    """The units whose dossiers ``actor`` may list with ``dossier.view_unit``.

    Returns:
        The actor's unit and every unit below it; empty without the permission.
    """
    unit_id = actor.unit_id
    if not actor.is_staff or unit_id is None or unit_id not in catalogue.units:
        return []
    if "dossier.view_unit" not in actor.permissions:
        return []
    return [unit.id for unit in catalogue.units_under(unit_id)]
