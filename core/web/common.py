"""Small helpers shared by the core's page handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from litestar import Request
from litestar.response import Redirect, Template

from core.errors import Forbidden
from core.i18n import current_lang

if TYPE_CHECKING:
    from core.app import AppContext
    from core.catalogue.model import ProcedureSpec
    from core.dossiers.service import DossierService
    from core.events import Panel
    from core.permissions import Actor
    from core.plugin_manager import PluginManager

__all__ = [
    "actor",
    "app_ctx",
    "dossier_service",
    "form",
    "lang_of",
    "page",
    "plugin_panels",
    "query_with",
    "redirect",
    "require_actor",
    "require_staff",
    "safe_next",
]


def app_ctx(request: Request[Any, Any, Any]) -> AppContext:
    """The application context (settings, plugins, catalogue)."""
    return request.app.state.ctx  # type: ignore[no-any-return]


def actor(request: Request[Any, Any, Any]) -> Actor | None:
    """The signed-in account, or ``None``."""
    found: Actor | None = request.scope.get("state", {}).get("actor")
    return found


def require_actor(request: Request[Any, Any, Any]) -> Actor:
    """The signed-in account; the route's guard already ensured there is one."""
    found = actor(request)
    if found is None:  # pragma: no cover - guarded routes never get here
        raise Forbidden("Vui lòng đăng nhập", "Please sign in", status=401)
    return found


async def form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The posted form as a plain dict; repeated names become lists."""
    data = await request.form()
    out: dict[str, Any] = {}
    for key, value in data.multi_items():
        if key == "_csrf_token":
            continue
        if key in out:
            existing = out[key]
            out[key] = (
                [*existing, value] if isinstance(existing, list) else [existing, value]
            )
        else:
            out[key] = value
    return out


def page(template: str, status_code: int = 200, **context: Any) -> Template:
    """Render a page template with ``lang`` and the domain's words in the context."""
    from core.web.labels import globals_for_templates

    context = {**globals_for_templates(), **context}
    context.setdefault("lang", current_lang())
    return Template(template_name=template, context=context, status_code=status_code)


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to return to after signing in; anything else gives ``default``."""
    if not target:
        return default
    parsed = urlparse(target)
    if (
        parsed.scheme
        or parsed.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return default
    return target


def redirect(path: str) -> Redirect:
    """A 303 redirect, so a browser follows a POST with a GET."""
    return Redirect(path, status_code=303)


async def plugin_panels(
    plugins: PluginManager, hook_name: str, spec: ProcedureSpec, **kwargs: Any
) -> list[Panel]:
    """Panels that the plugins a procedure enables add to a page, in order.

    A hook that no installed version of the contract declares gives no panels, so
    pages keep working while plugins catch up.

    Args:
        plugins: the installed plugins.
        hook_name: ``motcua_dossier_panels`` or another panel hook.
        spec: the procedure whose enabled plugins are asked.
        kwargs: the hook's arguments.

    Returns:
        Panels sorted by their ``order``, then title.
    """
    from core.plugin_manager import resolve

    if not hasattr(plugins.hook, hook_name) or not spec.plugins:
        return []
    caller = getattr(plugins.for_procedure(spec), hook_name)
    panels: list[Panel] = []
    for answer in caller(**kwargs):
        resolved = await resolve(answer)
        panels.extend(resolved or [])
    return sorted(panels, key=lambda p: (p.order, p.title))


def query_with(request: Request[Any, Any, Any], **changes: Any) -> str:
    """The current path with its query string, some parameters changed.

    Args:
        request: the request whose query string is kept.
        changes: parameters to set; ``None`` removes one.

    Returns:
        A local URL such as ``/staff?tab=pool&after=120``.
    """
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    pairs += [(k, str(v)) for k, v in changes.items() if v is not None]
    query = urlencode(pairs)
    return request.url.path + (f"?{query}" if query else "")


def require_staff(request: Request[Any, Any, Any]) -> Actor:
    """The signed-in member of staff; citizens and businesses are refused (403)."""
    who = require_actor(request)
    if not who.is_staff:
        raise Forbidden(
            "Trang này dành cho cán bộ.", "This page is for staff only.", status=403
        )
    return who


def dossier_service(request: Request[Any, Any, Any]) -> DossierService:
    """The application's dossier service, built once per application."""
    from core.dossiers.service import DossierService
    from core.dossiers.storage import LocalStorage

    state = request.app.state
    service = state.get("dossier_service")
    if service is None:
        ctx = app_ctx(request)
        service = DossierService(
            ctx.catalogue, ctx.plugins, LocalStorage(ctx.settings.attachments_dir)
        )
        state["dossier_service"] = service
    return service


def lang_of(request: Request[Any, Any, Any]) -> str:
    """The language of the request (``vi`` or ``en``)."""
    return str(request.scope.get("state", {}).get("lang") or current_lang())
