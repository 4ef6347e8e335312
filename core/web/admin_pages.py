"""Administration pages: staff accounts under delegation, the loaded catalogue.

A unit administrator sees and manages the staff accounts of their unit and the units
below it; the provincial administrator also appoints unit administrators. The
catalogue page shows what was loaded, every procedure's versions, the comparison of
two workflow versions, and the result of checking the files on disk again.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.accounts.service import (
    NewAccount,
    create_account,
    set_active,
    set_password,
    set_roles,
)
from core.accounts.tables import Account, AccountRole
from core.catalogue.errors import ConfigInvalid
from core.catalogue.loader import load_catalogue
from core.catalogue.tables import ProcedureVersion, load_version
from core.errors import NotFound, UserError
from core.permissions import in_subtree
from core.web.common import app_ctx, form, page, redirect, require_actor

__all__ = ["ROUTES"]

MANAGE = {"permission": "accounts.manage"}
CATALOGUE = {"permission": "catalogue.admin"}


def _manageable_units(request: Request[Any, Any, Any]) -> list[Any]:
    who = require_actor(request)
    units = app_ctx(request).catalogue.units.values()
    return sorted(
        (u for u in units if in_subtree(u.path, who.unit_path)), key=lambda u: u.path
    )


async def _accounts_in(unit_ids: list[str]) -> list[dict[str, Any]]:
    if not unit_ids:
        return []
    rows = await (
        Account.select(
            Account._meta.primary_key,
            Account.username,
            Account.full_name,
            Account.unit_id,
            Account.active,
        )
        .where((Account.kind == "staff") & Account.unit_id.is_in(unit_ids))
        .order_by(Account.unit_id)
        .order_by(Account.username)
    )
    roles: dict[int, list[str]] = {}
    if rows:
        for r in await AccountRole.select().where(
            AccountRole.account.is_in([row["id"] for row in rows])
        ):
            roles.setdefault(r["account"], []).append(r["role"])
    for row in rows:
        row["roles"] = sorted(roles.get(row["id"], []))
    return rows


@get("/admin/accounts", opt=MANAGE, include_in_schema=False)
async def accounts_page(request: Request[Any, Any, Any]) -> Template:
    units = _manageable_units(request)
    rows = await _accounts_in([u.id for u in units])
    return page("admin/accounts.html", units=units, accounts=rows, values={}, errors={})


def _staff_roles(request: Request[Any, Any, Any]) -> list[Any]:
    return [r for r in app_ctx(request).catalogue.roles.values() if r.kind == "staff"]


@get("/admin/accounts/new", opt=MANAGE, include_in_schema=False)
async def new_account_page(request: Request[Any, Any, Any]) -> Template:
    return page(
        "admin/account_form.html",
        units=_manageable_units(request),
        roles=_staff_roles(request),
        values={"roles": []},
        errors={},
    )


@post("/admin/accounts/new", opt=MANAGE, include_in_schema=False)
async def create_account_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    data = await form(request)
    roles = data.get("roles", [])
    roles = roles if isinstance(roles, list) else [roles]
    try:
        await create_account(
            NewAccount(
                username=str(data.get("username", "")),
                password=str(data.get("password", "")),
                full_name=str(data.get("full_name", "")),
                kind="staff",
                unit_id=str(data.get("unit_id", "")),
                roles=roles,
                email=str(data.get("email") or "") or None,
                phone=str(data.get("phone") or "") or None,
            ),
            actor=require_actor(request),
            catalogue=app_ctx(request).catalogue,
        )
    except UserError as exc:
        values = {k: v for k, v in data.items() if k != "password"}
        values["roles"] = roles
        return page(
            "admin/account_form.html",
            status_code=exc.status,
            units=_manageable_units(request),
            roles=_staff_roles(request),
            values=values,
            errors={exc.field or "_": exc.message(request.scope["state"]["lang"])},
        )
    return redirect("/admin/accounts?created=1")


@post("/admin/accounts/{account_id:int}/roles", opt=MANAGE, include_in_schema=False)
async def change_roles(request: Request[Any, Any, Any], account_id: int) -> Redirect:
    data = await form(request)
    roles = data.get("roles", [])
    await set_roles(
        account_id,
        roles if isinstance(roles, list) else [roles],
        actor=require_actor(request),
        catalogue=app_ctx(request).catalogue,
    )
    return redirect("/admin/accounts")


@post("/admin/accounts/{account_id:int}/lock", opt=MANAGE, include_in_schema=False)
async def lock(request: Request[Any, Any, Any], account_id: int) -> Redirect:
    data = await form(request)
    await set_active(
        account_id,
        data.get("active") == "1",
        actor=require_actor(request),
        catalogue=app_ctx(request).catalogue,
    )
    return redirect("/admin/accounts")


@post("/admin/accounts/{account_id:int}/password", opt=MANAGE, include_in_schema=False)
async def reset_password(request: Request[Any, Any, Any], account_id: int) -> Redirect:
    data = await form(request)
    await set_password(
        account_id,
        str(data.get("password", "")),
        actor=require_actor(request),
        catalogue=app_ctx(request).catalogue,
    )
    return redirect("/admin/accounts")


@get("/admin/catalogue", opt=CATALOGUE, include_in_schema=False)
async def catalogue_page(
    request: Request[Any, Any, Any], check: bool = False
) -> Template:
    """The loaded catalogue; with ``check`` the files on disk are validated again."""
    ctx = app_ctx(request)
    versions: dict[str, list[dict[str, Any]]] = {}
    for row in await ProcedureVersion.select(
        ProcedureVersion.code,
        ProcedureVersion.version,
        ProcedureVersion.loaded_at,
        ProcedureVersion.effective_from,
    ).order_by(ProcedureVersion.version):
        versions.setdefault(row["code"], []).append(row)
    errors: list[Any] | None = None
    if check:
        try:
            load_catalogue(ctx.settings.config_dir, ctx.plugins)
            errors = []
        except ConfigInvalid as exc:
            errors = exc.errors
    return page(
        "admin/catalogue.html",
        procedures=sorted(ctx.catalogue.procedures.values(), key=lambda p: p.code),
        versions=versions,
        errors=errors,
        plugins=ctx.plugins.plugins,
    )


@get("/admin/catalogue/{code:str}/diff", opt=CATALOGUE, include_in_schema=False)
async def catalogue_diff(
    request: Request[Any, Any, Any], code: str, old: int, new: int
) -> Template:
    """Compare two versions of a procedure's workflow."""
    from core.catalogue.diff import diff_procedures

    try:
        before = await load_version(code, old)
        after = await load_version(code, new)
    except LookupError as exc:
        raise NotFound("Không tìm thấy phiên bản", "Version not found") from exc
    return page(
        "admin/catalogue_diff.html",
        code=code,
        old=old,
        new=new,
        diff=diff_procedures(before, after),
    )


ROUTES = [
    accounts_page,
    new_account_page,
    create_account_page,
    change_roles,
    lock,
    reset_password,
    catalogue_page,
    catalogue_diff,
]
