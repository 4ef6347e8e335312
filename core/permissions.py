"""The permission service: may this account do this to this object?

Roles are declared by the province in ``roles.yaml``; each grants permissions from
the fixed vocabulary :data:`PERMISSIONS`. A staff account holds roles in one unit and
its permissions reach that unit and every unit below it. Workflow actions on a dossier
are further limited by the step's unit and role (see :mod:`core.dossiers`).

Every HTTP route declares the permission it needs in ``opt={"permission": ...}``:
one of the vocabulary, or :data:`PUBLIC` (anyone), or :data:`SIGNED_IN` (any account).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "PERMISSIONS",
    "PUBLIC",
    "SIGNED_IN",
    "Actor",
    "in_subtree",
    "may",
]

PUBLIC = "public"
SIGNED_IN = "signed_in"

PERMISSIONS: dict[str, str] = {
    "dossier.file": "file and follow one's own dossiers online",
    "dossier.receive": "register dossiers at the counter and receive online ones",
    "dossier.process": "process dossiers at a specialist's step",
    "dossier.approve": "approve or sign results at a leader's step",
    "dossier.collect_fee": "collect fees and issue receipts",
    "dossier.return_result": "return results to applicants",
    "dossier.view_unit": "see every dossier of the unit and the units below",
    "accounts.manage": "manage staff accounts of the unit and the units below",
    "accounts.manage_admins": "appoint unit administrators anywhere in the province",
    "catalogue.admin": "see the loaded catalogue, its versions and errors",
    "reports.view": "read statistics, indicators and dashboards",
    "incidents.handle": "handle IT incident reports as a support focal point",
}


def in_subtree(unit_path: str, ancestor_path: str) -> bool:
    """Whether the unit at ``unit_path`` is ``ancestor_path`` or below it.

    Unit paths are materialised as ``/root/child/grandchild/`` so that a subtree is a
    prefix.
    """
    return unit_path.startswith(ancestor_path)


@dataclass(frozen=True)
class Actor:
    """The signed-in account as the permission service sees it.

    Attributes:
        account_id: the account's id.
        kind: ``"citizen"``, ``"business"`` or ``"staff"``.
        unit_id: the staff account's unit id, ``None`` for the public.
        unit_path: the materialised path of that unit.
        roles: role codes held in that unit.
        permissions: every permission those roles grant.
    """

    account_id: int
    kind: str
    unit_id: str | None = None
    unit_path: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


def may(actor: Actor | None, permission: str, unit_path: str | None = None) -> bool:
    """Whether ``actor`` holds ``permission`` over an object of the unit ``unit_path``.

    Args:
        actor: the signed-in account, ``None`` when nobody is signed in.
        permission: :data:`PUBLIC`, :data:`SIGNED_IN` or a vocabulary name.
        unit_path: the unit the object belongs to; ``None`` asks only whether the
            permission is held at all (route-level checks).

    Returns:
        ``True`` when allowed.
    """
    if permission == PUBLIC:
        return True
    if actor is None:
        return False
    if permission == SIGNED_IN:
        return True
    if permission not in actor.permissions:
        return False
    if unit_path is None or permission == "dossier.file":
        return True
    if permission == "accounts.manage_admins":
        return True
    return actor.is_staff and in_subtree(unit_path, actor.unit_path)
