"""Creating and managing accounts under the delegation rules.

Citizens and businesses register themselves. A unit administrator manages staff
accounts of their unit and the units below it; roles that administer accounts can be
granted only by the provincial administrator. Every change is written together with
its audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from core import audit
from core.accounts import passwords
from core.accounts.tables import Account, AccountRole
from core.db import transaction
from core.errors import Conflict, Forbidden, NotFound, UserError
from core.identifiers import InvalidIdentifier, validate_identifier
from core.permissions import Actor, may

if TYPE_CHECKING:
    from core.catalogue.loader import Catalogue

__all__ = [
    "ADMIN_PERMISSIONS",
    "NewAccount",
    "actor_for",
    "create_account",
    "load_account",
    "set_active",
    "set_password",
    "set_roles",
]

ADMIN_PERMISSIONS = frozenset({"accounts.manage", "accounts.manage_admins"})
"""Roles granting these may only be handed out by the provincial administrator."""


class NewAccount(msgspec.Struct, kw_only=True):
    """What is needed to create an account."""

    username: str
    password: str
    full_name: str
    kind: str = "citizen"  # citizen, business or staff
    unit_id: str | None = None
    roles: list[str] = []
    identifier_kind: str | None = None
    identifier: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    lang: str = "vi"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def actor_for(account_id: int, catalogue: Catalogue) -> Actor | None:
    """Build the permission service's view of an active account."""
    row = await Account.select().where(Account.id == account_id).first()
    if row is None or not row["active"]:
        return None
    roles = frozenset(
        r["role"]
        for r in await AccountRole.select(AccountRole.role).where(
            AccountRole.account == account_id
        )
    )
    granted: set[str] = set()
    for code in roles:
        spec = catalogue.roles.get(code)
        if spec is not None:
            granted.update(spec.permissions)
    unit = catalogue.units.get(row["unit_id"]) if row["unit_id"] else None
    return Actor(
        account_id=row["id"],
        kind=row["kind"],
        unit_id=row["unit_id"],
        unit_path=unit.path if unit else "",
        roles=roles,
        permissions=frozenset(granted),
    )


def _check_roles(
    catalogue: Catalogue, roles: list[str], kind: str, actor: Actor | None
) -> None:
    for code in roles:
        spec = catalogue.roles.get(code)
        if spec is None:
            raise UserError(
                f"Vai trò không tồn tại: {code}", f"Unknown role: {code}", field="roles"
            )
        if (spec.kind == "staff") != (kind == "staff"):
            raise UserError(
                f"Vai trò {code} không dành cho loại tài khoản này",
                f"Role {code} does not fit this kind of account",
                field="roles",
            )
        if ADMIN_PERMISSIONS & set(spec.permissions) and not may(
            actor, "accounts.manage_admins"
        ):
            raise Forbidden(
                "Chỉ quản trị cấp tỉnh được giao vai trò quản trị",
                "Only the provincial administrator may grant administrator roles",
                field="roles",
            )


def _check_password(password: str, username: str) -> None:
    if passwords.password_problem(password, username):
        raise UserError(
            f"Mật khẩu cần ít nhất {passwords.MIN_LENGTH} ký tự và khác tên đăng nhập",
            f"The password needs {passwords.MIN_LENGTH} characters or more and must "
            "differ from the username",
            field="password",
        )


def _check_identity(new: NewAccount) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        if new.identifier:
            kind = new.identifier_kind or (
                "tax_code" if new.kind == "business" else "cccd"
            )
            out["identifier_kind"] = kind
            out["identifier"] = validate_identifier(kind, new.identifier)
        if new.phone:
            out["phone"] = validate_identifier("phone", new.phone)
        if new.email:
            out["email"] = validate_identifier("email", new.email)
    except InvalidIdentifier as exc:
        raise UserError(exc.message_vi, exc.message_en, field=exc.kind) from exc
    return out


async def create_account(
    new: NewAccount, *, actor: Actor | None, catalogue: Catalogue
) -> int:
    """Create an account after checking who may create it; returns its id.

    Raises:
        Forbidden: the actor may not create this account in this unit.
        UserError: a field is invalid (the ``field`` attribute names it).
        Conflict: the username is taken.
    """
    if new.kind not in ("citizen", "business", "staff"):
        raise UserError(
            "Loại tài khoản không hợp lệ", "Invalid account kind", field="kind"
        )
    if new.kind == "staff":
        unit = catalogue.units.get(new.unit_id or "")
        if unit is None:
            raise UserError("Đơn vị không tồn tại", "Unknown unit", field="unit_id")
        if not may(actor, "accounts.manage", unit.path):
            raise Forbidden(
                "Bạn không quản lý tài khoản của đơn vị này",
                "You do not manage accounts of this unit",
            )
    else:
        new.unit_id = None
        new.roles = new.roles or [new.kind]
    _check_roles(catalogue, new.roles, new.kind, actor)
    _check_password(new.password, new.username)
    identity = _check_identity(new)
    username = new.username.strip().lower()
    if not username or len(username) > 150:
        raise UserError(
            "Tên đăng nhập không hợp lệ", "Invalid username", field="username"
        )
    async with transaction():
        if await Account.exists().where(Account.username == username):
            raise Conflict(
                "Tên đăng nhập đã được dùng", "This username is taken", field="username"
            )
        row = await Account.insert(
            Account(
                username=username,
                password_hash=passwords.hash_password(new.password),
                full_name=new.full_name.strip(),
                kind=new.kind,
                unit_id=new.unit_id,
                identifier_kind=identity.get("identifier_kind"),
                identifier=identity.get("identifier"),
                email=identity.get("email"),
                phone=identity.get("phone"),
                address=new.address,
                lang=new.lang if new.lang in ("vi", "en") else "vi",
                active=True,
                created_at=_now(),
                created_by=actor.account_id if actor and actor.account_id else None,
            )
        ).returning(Account.id)
        account_id: int = row[0]["id"]
        for code in sorted(set(new.roles)):
            await AccountRole.insert(AccountRole(account=account_id, role=code))
        await audit.record(
            "account_created",
            actor=actor,
            object_type="account",
            object_id=account_id,
            unit_id=new.unit_id,
            detail={"username": username, "kind": new.kind, "roles": sorted(new.roles)},
        )
    return account_id


async def load_account(account_id: int) -> dict[str, Any]:
    """An account row with its roles, or :class:`NotFound`."""
    row = (
        await Account.select(*Account.all_columns(exclude=[Account.password_hash]))
        .where(Account.id == account_id)
        .first()
    )
    if row is None:
        raise NotFound("Không tìm thấy tài khoản", "Account not found")
    row["roles"] = sorted(
        r["role"]
        for r in await AccountRole.select(AccountRole.role).where(
            AccountRole.account == account_id
        )
    )
    return row


async def _managed(
    account_id: int, actor: Actor, catalogue: Catalogue
) -> dict[str, Any]:
    """The staff account ``actor`` may manage, or a refusal that reveals nothing."""
    row = await load_account(account_id)
    unit = catalogue.units.get(row["unit_id"] or "")
    hidden = NotFound("Không tìm thấy tài khoản", "Account not found")
    if row["kind"] != "staff" or unit is None:
        raise hidden
    if not may(actor, "accounts.manage", unit.path):
        raise hidden
    is_admin = any(
        ADMIN_PERMISSIONS & set(catalogue.roles[r].permissions)
        for r in row["roles"]
        if r in catalogue.roles
    )
    if is_admin and not may(actor, "accounts.manage_admins"):
        raise Forbidden(
            "Chỉ quản trị cấp tỉnh quản lý tài khoản quản trị",
            "Only the provincial administrator manages administrator accounts",
        )
    return row


async def set_roles(
    account_id: int, roles: list[str], *, actor: Actor, catalogue: Catalogue
) -> None:
    """Replace a staff account's roles."""
    row = await _managed(account_id, actor, catalogue)
    _check_roles(catalogue, roles, "staff", actor)
    async with transaction():
        await AccountRole.delete().where(AccountRole.account == account_id)
        for code in sorted(set(roles)):
            await AccountRole.insert(AccountRole(account=account_id, role=code))
        await audit.record(
            "account_roles_changed",
            actor=actor,
            object_type="account",
            object_id=account_id,
            unit_id=row["unit_id"],
            detail={"before": row["roles"], "after": sorted(set(roles))},
        )


async def set_active(
    account_id: int, active: bool, *, actor: Actor, catalogue: Catalogue
) -> None:
    """Lock or unlock a staff account; locking signs it out everywhere."""
    from core.accounts.tables import Session

    if account_id == actor.account_id:
        raise Conflict(
            "Không thể tự khoá tài khoản", "You cannot lock your own account"
        )
    row = await _managed(account_id, actor, catalogue)
    async with transaction():
        await Account.update({Account.active: active}).where(Account.id == account_id)
        if not active:
            await Session.delete().where(Session.account == account_id)
        await audit.record(
            "account_unlocked" if active else "account_locked",
            actor=actor,
            object_type="account",
            object_id=account_id,
            unit_id=row["unit_id"],
        )


async def set_password(
    account_id: int, password: str, *, actor: Actor, catalogue: Catalogue
) -> None:
    """Set a new password for oneself, or for a managed staff account."""
    if account_id == actor.account_id:
        row = await load_account(account_id)
    else:
        row = await _managed(account_id, actor, catalogue)
    _check_password(password, row["username"])
    async with transaction():
        await Account.update(
            {Account.password_hash: passwords.hash_password(password)}
        ).where(Account.id == account_id)
        await audit.record(
            "account_password_set",
            actor=actor,
            object_type="account",
            object_id=account_id,
            unit_id=row["unit_id"],
        )
