"""Signing in and out, self-registration of citizens and businesses, the home page."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Response, Template

from core.accounts import auth
from core.accounts.service import NewAccount, create_account, load_account
from core.app import SESSION_COOKIE
from core.errors import UserError
from core.i18n import gettext as _
from core.permissions import PUBLIC, SIGNED_IN
from core.web.common import (
    actor,
    app_ctx,
    form,
    page,
    redirect,
    require_actor,
    safe_next,
)

__all__ = ["ROUTES"]


@get("/", opt={"permission": PUBLIC}, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Template | Redirect:
    """Staff land in their workspace; everyone else on the portal."""
    who = actor(request)
    if who is not None and who.is_staff:
        return redirect("/staff")
    return page("home.html")


@get("/login", opt={"permission": PUBLIC}, include_in_schema=False)
async def login_page(request: Request[Any, Any, Any], next: str = "") -> Template:
    return page("auth/login.html", next=safe_next(next), values={}, errors={})


@post("/login", opt={"permission": PUBLIC}, include_in_schema=False)
async def login(request: Request[Any, Any, Any]) -> Response[Any]:
    """Check the password, open a session, go back where the user was."""
    data = await form(request)
    ctx = app_ctx(request)
    target = safe_next(data.get("next"))
    address = request.client.host if request.client else "unknown"
    try:
        token, _account = await auth.sign_in(
            str(data.get("username", "")),
            str(data.get("password", "")),
            address,
            ctx.settings.session_hours,
        )
    except UserError as exc:
        return page(
            "auth/login.html",
            status_code=exc.status,
            next=target,
            values={"username": data.get("username", "")},
            errors={"_": exc.message(request.scope["state"]["lang"])},
        )
    response = redirect(target)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=ctx.settings.secure_cookies,
        max_age=ctx.settings.session_hours * 3600,
        path="/",
    )
    return response


@post("/logout", opt={"permission": PUBLIC}, include_in_schema=False)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    await auth.sign_out(request.cookies.get(SESSION_COOKIE))
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/register", opt={"permission": PUBLIC}, include_in_schema=False)
async def register_page() -> Template:
    return page("auth/register.html", values={"kind": "citizen"}, errors={})


@post("/register", opt={"permission": PUBLIC}, include_in_schema=False)
async def register(request: Request[Any, Any, Any]) -> Template | Redirect:
    """Create a citizen or business account; errors come back next to the fields."""
    data = await form(request)
    kind = "business" if data.get("kind") == "business" else "citizen"
    errors: dict[str, str] = {}
    if data.get("password") != data.get("password2"):
        errors["password2"] = _("The two passwords differ.")
    for required in ("username", "full_name", "identifier", "password"):
        if not str(data.get(required, "")).strip():
            errors[required] = _("This field is required.")
    if not errors:
        try:
            await create_account(
                NewAccount(
                    username=str(data["username"]),
                    password=str(data["password"]),
                    full_name=str(data["full_name"]),
                    kind=kind,
                    identifier=str(data["identifier"]),
                    identifier_kind="tax_code" if kind == "business" else "cccd",
                    phone=str(data.get("phone") or "") or None,
                    email=str(data.get("email") or "") or None,
                    address=str(data.get("address") or "") or None,
                    lang=request.scope["state"]["lang"],
                ),
                actor=None,
                catalogue=app_ctx(request).catalogue,
            )
        except UserError as exc:
            errors[exc.field or "_"] = exc.message(request.scope["state"]["lang"])
    if errors:
        values = {k: v for k, v in data.items() if not k.startswith("password")}
        return page("auth/register.html", status_code=400, values=values, errors=errors)
    return redirect("/login?registered=1")


@get("/api/me", opt={"permission": SIGNED_IN}, tags=["accounts"])
async def me(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The signed-in account with its roles and permissions."""
    who = require_actor(request)
    row = await load_account(who.account_id)
    row["permissions"] = sorted(who.permissions)
    return {k: v for k, v in row.items() if k not in ("created_at",)}


ROUTES = [home, login_page, login, logout, register_page, register, me]
