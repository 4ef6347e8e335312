"""The Litestar application: start-up order, middleware, guards, error pages.

Start-up follows one order: settings, plugins (entry points), the province's
catalogue (validated completely, or the server refuses to start), then routes from
the core and from every plugin. Each request gets its language and signed-in account
before any guard runs; a single guard enforces the permission every route declares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.response import Redirect, Template
from litestar.router import Router
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from core import __version__, i18n
from core.accounts.auth import account_for_token
from core.accounts.service import actor_for
from core.catalogue.loader import Catalogue, load_catalogue
from core.catalogue.model import text_in
from core.errors import UserError
from core.permissions import PUBLIC, Actor, may
from core.plugin_manager import PluginManager
from core.settings import Settings

__all__ = ["SESSION_COOKIE", "AppContext", "create_app", "default_plugins"]

SESSION_COOKIE = "motcua_session"
LANG_COOKIE = "motcua_lang"
HERE = Path(__file__).parent
log = structlog.get_logger(__name__)


class AppContext:
    """What every request handler may need, kept in ``app.state.ctx``."""

    def __init__(
        self, settings: Settings, plugins: PluginManager, catalogue: Catalogue
    ) -> None:
        self.settings = settings
        self.plugins = plugins
        self.catalogue = catalogue


def default_plugins() -> PluginManager:
    """A plugin manager with every installed plugin registered."""
    manager = PluginManager()
    manager.load_entry_points()
    return manager


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The signed-in account of a request, ``None`` for a visitor."""
    return connection.scope.get("state", {}).get("actor")


class RequestContext(ASGIMiddleware):
    """Sets the request's language and signed-in account before guards run."""

    async def handle(
        self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp
    ) -> None:
        if scope["type"] != ScopeType.HTTP:
            await next_app(scope, receive, send)
            return
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        ctx: AppContext = scope["litestar_app"].state.ctx
        account_id = await account_for_token(connection.cookies.get(SESSION_COOKIE))
        actor = await actor_for(account_id, ctx.catalogue) if account_id else None
        lang = connection.query_params.get("lang") or connection.cookies.get(
            LANG_COOKIE
        )
        state = scope.setdefault("state", {})
        state["actor"] = actor
        token = i18n.use_lang(lang or ctx.settings.default_lang)
        state["lang"] = i18n.current_lang()
        chosen = connection.query_params.get("lang")
        try:
            if chosen in i18n.LANGS:
                await next_app(scope, receive, _remember_lang(send, chosen))
            else:
                await next_app(scope, receive, send)
        finally:
            i18n._current.reset(token)


def _remember_lang(send: Send, lang: str) -> Send:
    """Wrap ``send`` so the response sets the language cookie."""
    cookie = f"{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax".encode()

    async def wrapped(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [*message.get("headers", []), (b"set-cookie", cookie)],
            }
        await send(message)

    return wrapped


def permission_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Allow the request only if the actor holds the route's declared permission."""
    permission = handler.opt.get("permission")
    if permission is None:
        # A route without a declared permission is a programming error: refuse it.
        raise PermissionDeniedException("route declares no permission")
    actor = actor_of(connection)
    if may(actor, permission):
        return
    if actor is None:
        raise NotAuthorizedException()
    raise PermissionDeniedException()


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error_response(
    request: Request[Any, Any, Any], status: int, message: str, field: str | None = None
) -> Response[Any]:
    if _wants_json(request):
        return Response(
            {"error": message, "field": field, "status": status}, status_code=status
        )
    return Template(
        template_name="error.html",
        context={"status": status, "message": message},
        status_code=status,
    )


def _on_user_error(request: Request[Any, Any, Any], exc: UserError) -> Response[Any]:
    return _error_response(
        request, exc.status, exc.message(i18n.current_lang()), exc.field
    )


def _on_http_error(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[Any]:
    _ = i18n.gettext
    if isinstance(exc, NotAuthorizedException) and not _wants_json(request):
        target = request.url.path + (
            f"?{request.url.query}" if request.url.query else ""
        )
        return Redirect(f"/login?next={_quote(target)}")
    messages = {
        400: _("The request is not valid."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("The page you asked for does not exist."),
        405: _("This method is not allowed here."),
        429: _("Too many requests. Please wait a moment."),
    }
    message = messages.get(exc.status_code, _("The request could not be completed."))
    if isinstance(exc, ValidationException) and _wants_json(request):
        return Response(
            {"error": message, "detail": exc.extra, "status": 400}, status_code=400
        )
    return _error_response(request, exc.status_code, message)


def _on_server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("request_failed", path=request.url.path, error=type(exc).__name__)
    return _error_response(
        request,
        500,
        i18n.gettext("Something went wrong on our side. Please try again."),
    )


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _template_engine(ctx: AppContext) -> JinjaTemplateEngine:
    dirs: list[Path] = [ctx.settings.config_dir / "templates"]
    dirs += [
        Path(d)
        for d in ctx.plugins.flatten(ctx.plugins.hook.motcua_register_template_dirs())
    ]
    dirs.append(HERE / "web" / "templates")
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs if d.is_dir()]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        official=i18n.format_official_datetime,
        money=i18n.format_money,
    )
    env.globals.update(
        settings=ctx.settings,
        catalogue=ctx.catalogue,
        version=__version__,
        current_lang=i18n.current_lang,
        tr=lambda label: text_in(label, i18n.current_lang()),
        now=lambda: dt.datetime.now(i18n.TZ),
    )
    if ctx.settings.mode == "demo":
        from core.demo import demo_accounts

        env.globals["demo_accounts"] = demo_accounts
    return JinjaTemplateEngine.from_environment(env)


def _static_routers(ctx: AppContext) -> list[Router]:
    dirs: dict[str, Path] = {"core": HERE / "web" / "static"}
    for answer in ctx.plugins.hook.motcua_register_static_dirs():
        for key, folder in (answer or {}).items():
            if key in dirs:
                raise ValueError(f"two plugins serve static files under {key!r}")
            dirs[key] = Path(folder)
    return [
        create_static_files_router(
            path=f"/static/{key}",
            directories=[folder],
            opt={"permission": PUBLIC},
            include_in_schema=False,
            name=f"static-{key}",
        )
        for key, folder in dirs.items()
    ]


def _lifespan(ctx: AppContext) -> Any:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        from core.db import pooled
        from core.startup import on_start

        async with pooled(ctx.settings.db_pool):
            await on_start(ctx)
            yield

    return lifespan


def create_app(
    settings: Settings | None = None,
    *,
    plugins: PluginManager | None = None,
    catalogue: Catalogue | None = None,
) -> Litestar:
    """Build the application.

    Raises:
        core.catalogue.errors.ConfigInvalid: the province's configuration has errors;
            the server must not start.
    """
    from core.logs import configure

    configure()
    settings = settings or Settings.from_env()
    plugins = plugins or default_plugins()
    catalogue = catalogue or load_catalogue(settings.config_dir, plugins)
    ctx = AppContext(settings, plugins, catalogue)
    i18n.add_catalog_dir(HERE / "locale")
    for loaded in plugins.plugins.values():
        locale = Path(loaded.module.__file__).parent / "locale"
        if locale.is_dir():
            i18n.add_catalog_dir(locale)

    from core.web import routes as core_routes

    handlers: Sequence[Any] = [
        *core_routes(),
        *plugins.flatten(plugins.hook.motcua_register_routes()),
        *_static_routers(ctx),
    ]
    app = Litestar(
        route_handlers=handlers,
        middleware=[RequestContext()],
        guards=[permission_guard],
        state=State({"ctx": ctx}),
        template_config=TemplateConfig(engine=_template_engine(ctx)),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="motcua_csrf",
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            header_name="x-csrftoken",
        ),
        exception_handlers={
            UserError: _on_user_error,
            HTTPException: _on_http_error,
            NotFoundException: _on_http_error,
            Exception: _on_server_error,
        },
        openapi_config=OpenAPIConfig(
            title="Motcua API",
            version=__version__,
            openapi_router=Router(
                path="/api/schema", route_handlers=[], opt={"permission": PUBLIC}
            ),
            render_plugins=[
                SwaggerRenderPlugin(
                    js_url="/static/core/vendor/swagger-ui-bundle.js",
                    css_url="/static/core/vendor/swagger-ui.css",
                )
            ],
        ),
        lifespan=[_lifespan(ctx)],
        debug=False,
    )
    return app
