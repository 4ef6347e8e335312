"""Account administration over HTTP respects the unit boundaries."""

from __future__ import annotations

from typing import Any

from core.accounts.service import NewAccount, create_account, load_account
from core.cli import SYSTEM
from tests.conftest import sign_in, unique


async def _staff(catalogue: Any, unit: str, roles: list[str]) -> int:
    return await create_account(
        NewAccount(
            username=unique("w"),
            password="a-long-password",
            full_name="W",
            kind="staff",
            unit_id=unit,
            roles=roles,
        ),
        actor=SYSTEM,
        catalogue=catalogue,
    )


async def test_unit_admin_sees_only_accounts_of_its_subtree(
    client: Any, catalogue: Any
) -> None:
    mine = await _staff(catalogue, "xa-an-binh", ["specialist"])
    theirs = await _staff(catalogue, "xa-tan-phu", ["specialist"])
    await sign_in(client, "quantri.anbinh")
    page = await client.get("/admin/accounts")
    assert page.status_code == 200
    mine_name = (await load_account(mine))["username"]
    theirs_name = (await load_account(theirs))["username"]
    assert mine_name in page.text
    assert theirs_name not in page.text


async def test_unit_admin_cannot_lock_another_communes_account(
    client: Any, catalogue: Any
) -> None:
    theirs = await _staff(catalogue, "xa-tan-phu", ["specialist"])
    await sign_in(client, "quantri.anbinh")
    token = client.cookies.get("motcua_csrf")
    r = await client.post(
        f"/admin/accounts/{theirs}/lock", data={"active": "0", "_csrf_token": token}
    )
    assert r.status_code == 404
    assert (await load_account(theirs))["active"] is True


async def test_unit_admin_creates_a_staff_account_in_its_commune(client: Any) -> None:
    await sign_in(client, "quantri.anbinh")
    form = await client.get("/admin/accounts/new")
    assert "xa-tan-phu" not in form.text
    token = client.cookies.get("motcua_csrf")
    username = unique("new")
    r = await client.post(
        "/admin/accounts/new",
        data={
            "unit_id": "xa-an-binh",
            "full_name": "Cán bộ mới",
            "username": username,
            "password": "a-long-password",
            "roles": ["specialist"],
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    listing = await client.get("/admin/accounts")
    assert username in listing.text


async def test_staff_without_the_permission_gets_403(client: Any) -> None:
    await sign_in(client, "chuyenvien.stp")
    assert (await client.get("/admin/accounts")).status_code == 403
    assert (await client.get("/admin/catalogue")).status_code == 403


async def test_province_admin_sees_the_catalogue_and_its_versions(
    client: Any, catalogue: Any
) -> None:
    await sign_in(client, "quantri.tinh")
    page = await client.get("/admin/catalogue?check=1")
    assert page.status_code == 200
    some = sorted(catalogue.procedures)[0]
    assert some in page.text
    assert "v1" in page.text
