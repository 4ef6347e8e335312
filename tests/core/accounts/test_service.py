"""Accounts under delegation: who may create and manage whom, and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from core.accounts.service import (
    NewAccount,
    actor_for,
    create_account,
    load_account,
    set_active,
    set_roles,
)
from core.accounts.tables import AuditEvent
from core.cli import SYSTEM
from core.errors import Conflict, Forbidden, NotFound, UserError
from tests.conftest import unique

PASSWORD = "a-long-enough-password"


async def make_staff(
    catalogue: Any, unit: str, roles: list[str], actor: Any = SYSTEM
) -> Any:
    account_id = await create_account(
        NewAccount(
            username=unique("staff"),
            password=PASSWORD,
            full_name="Cán bộ thử",
            kind="staff",
            unit_id=unit,
            roles=roles,
        ),
        actor=actor,
        catalogue=catalogue,
    )
    found = await actor_for(account_id, catalogue)
    assert found is not None
    return found


async def test_citizen_registers_alone_and_gets_the_citizen_role(
    catalogue: Any,
) -> None:
    account_id = await create_account(
        NewAccount(
            username=unique("cd"),
            password=PASSWORD,
            full_name="Nguyễn Văn Bình",
            identifier="001099012345",
            phone="0912 345 678",
        ),
        actor=None,
        catalogue=catalogue,
    )
    row = await load_account(account_id)
    assert row["kind"] == "citizen"
    assert row["roles"] == ["citizen"]
    assert row["identifier_kind"] == "cccd"
    assert "password_hash" not in row
    actor = await actor_for(account_id, catalogue)
    assert actor is not None
    assert "dossier.file" in actor.permissions


async def test_malformed_identifier_is_refused_with_the_field(catalogue: Any) -> None:
    with pytest.raises(UserError) as caught:
        await create_account(
            NewAccount(
                username=unique("cd"),
                password=PASSWORD,
                full_name="X",
                identifier="12345",
            ),
            actor=None,
            catalogue=catalogue,
        )
    assert caught.value.field == "cccd"


async def test_nobody_signed_in_cannot_create_staff(catalogue: Any) -> None:
    with pytest.raises(Forbidden):
        await create_account(
            NewAccount(
                username=unique("s"),
                password=PASSWORD,
                full_name="X",
                kind="staff",
                unit_id="stp",
                roles=["specialist"],
            ),
            actor=None,
            catalogue=catalogue,
        )


async def test_commune_admin_manages_only_its_own_commune(catalogue: Any) -> None:
    admin = await make_staff(catalogue, "xa-an-binh", ["unit_admin"])
    mine = await make_staff(catalogue, "xa-an-binh", ["specialist"], actor=admin)
    theirs = await make_staff(catalogue, "xa-tan-phu", ["specialist"])

    await set_roles(
        mine.account_id, ["specialist", "leader"], actor=admin, catalogue=catalogue
    )
    assert (await load_account(mine.account_id))["roles"] == ["leader", "specialist"]

    with pytest.raises(NotFound):
        await set_roles(theirs.account_id, ["leader"], actor=admin, catalogue=catalogue)
    with pytest.raises(NotFound):
        await set_active(theirs.account_id, False, actor=admin, catalogue=catalogue)
    with pytest.raises(Forbidden):
        await create_account(
            NewAccount(
                username=unique("s"),
                password=PASSWORD,
                full_name="X",
                kind="staff",
                unit_id="xa-tan-phu",
                roles=["specialist"],
            ),
            actor=admin,
            catalogue=catalogue,
        )
    assert (await load_account(theirs.account_id))["roles"] == ["specialist"]


async def test_only_the_province_appoints_unit_administrators(catalogue: Any) -> None:
    admin = await make_staff(catalogue, "xa-an-binh", ["unit_admin"])
    with pytest.raises(Forbidden):
        await make_staff(catalogue, "xa-an-binh", ["unit_admin"], actor=admin)
    other_admin = await make_staff(catalogue, "xa-an-binh", ["unit_admin"])
    with pytest.raises(Forbidden):
        await set_active(
            other_admin.account_id, False, actor=admin, catalogue=catalogue
        )

    root = next(u.id for u in catalogue.units.values() if u.parent_id is None)
    province = await make_staff(catalogue, root, ["province_admin"])
    appointed = await make_staff(
        catalogue, "xa-tan-phu", ["unit_admin"], actor=province
    )
    assert "accounts.manage" in appointed.permissions


async def test_locked_account_loses_its_sessions_and_permissions(
    catalogue: Any,
) -> None:
    admin = await make_staff(catalogue, "xa-an-binh", ["unit_admin"])
    worker = await make_staff(catalogue, "xa-an-binh", ["specialist"], actor=admin)
    await set_active(worker.account_id, False, actor=admin, catalogue=catalogue)
    assert await actor_for(worker.account_id, catalogue) is None
    with pytest.raises(Conflict):
        await set_active(admin.account_id, False, actor=admin, catalogue=catalogue)


async def test_duplicate_username_is_a_conflict(catalogue: Any) -> None:
    name = unique("dup")
    new = NewAccount(
        username=name, password=PASSWORD, full_name="A", identifier="001099012345"
    )
    await create_account(new, actor=None, catalogue=catalogue)
    again = NewAccount(
        username=name.upper(),
        password=PASSWORD,
        full_name="B",
        identifier="001099012345",
    )
    with pytest.raises(Conflict):
        await create_account(again, actor=None, catalogue=catalogue)


async def test_short_password_is_refused(catalogue: Any) -> None:
    with pytest.raises(UserError) as caught:
        await create_account(
            NewAccount(
                username=unique("p"),
                password="short",
                full_name="A",
                identifier="001099012345",
            ),
            actor=None,
            catalogue=catalogue,
        )
    assert caught.value.field == "password"


async def test_every_change_leaves_an_audit_event(catalogue: Any) -> None:
    admin = await make_staff(catalogue, "xa-an-binh", ["unit_admin"])
    worker = await make_staff(catalogue, "xa-an-binh", ["specialist"], actor=admin)
    await set_roles(worker.account_id, ["clerk"], actor=admin, catalogue=catalogue)
    events = (
        await AuditEvent.select()
        .where(AuditEvent.object_id == str(worker.account_id))
        .order_by(AuditEvent.id)
    )
    assert [e["action"] for e in events] == ["account_created", "account_roles_changed"]
    assert events[1]["actor_id"] == admin.account_id
    assert events[0]["unit_id"] == "xa-an-binh"


async def test_a_refused_change_writes_no_audit_event(catalogue: Any) -> None:
    before = await AuditEvent.count()
    with pytest.raises(UserError):
        await create_account(
            NewAccount(
                username=unique("x"),
                password=PASSWORD,
                full_name="A",
                kind="staff",
                unit_id="stp",
                roles=["no-such-role"],
            ),
            actor=SYSTEM,
            catalogue=catalogue,
        )
    assert await AuditEvent.count() == before


async def test_the_audit_trail_cannot_be_edited_or_deleted(catalogue: Any) -> None:
    await make_staff(catalogue, "stp", ["specialist"])
    last = (
        await AuditEvent.select(AuditEvent.id)
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert last is not None
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.update({AuditEvent.action: "tampered"}).where(
            AuditEvent.id == last["id"]
        )
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete().where(AuditEvent.id == last["id"])
