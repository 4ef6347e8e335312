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
    from core.events import Panel
    from core.permissions import Actor

__all__ = [
    "actor",
    "app_ctx",
    "form",
    "page",
    "plugin_panels",
    "query_with",
    "redirect",
    "require_actor",
    "safe_next",
]


def app_ctx(request: Request[Any, Any, Any]) -> AppContext:
    """The application context (settings, plugins, catalogue)."""
    return request.app.state.ctx  # type: ignore[no-any-return]


def actor(request: Request[Any, Any, Any]) -> Actor | None:
    """The signed-in account, or ``None``."""
    return request.scope.get("state", {}).get("actor")  # type: ignore[no-any-return]


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
            out[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
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
    """A local path to go back to after signing in; anything else becomes ``default``."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def redirect(path: str) -> Redirect:
    """A 303 redirect, so a browser follows a POST with a GET."""
    return Redirect(path, status_code=303)


async def plugin_panels(
    ctx: AppContext, hook_name: str, spec: ProcedureSpec, **kwargs: Any
) -> list[Panel]:
    """Panels that the plugins a procedure enables add to a page, in order.

    A hook that no installed version of the contract declares gives no panels, so
    pages keep working while plugins catch up.

    Args:
        ctx: the application context.
        hook_name: ``motcua_dossier_panels`` or another panel hook.
        spec: the procedure whose enabled plugins are asked.
        kwargs: the hook's arguments.

    Returns:
        Panels sorted by their ``order``, then title.
    """
    from core.plugin_manager import resolve

    if not hasattr(ctx.plugins.hook, hook_name) or not spec.plugins:
        return []
    caller = getattr(ctx.plugins.for_procedure(spec), hook_name)
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
