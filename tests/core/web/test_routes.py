"""Every route declares the permission it needs; the guard enforces it."""

from __future__ import annotations

from typing import Any

from core.permissions import PERMISSIONS, PUBLIC, SIGNED_IN


def test_every_route_declares_a_known_permission(app: Any) -> None:
    missing = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if set(getattr(handler, "http_methods", ())) == {"OPTIONS"}:
                # Litestar adds an OPTIONS answer to every path; the guard refuses
                # it (no permission declared), which is what we want without CORS.
                continue
            permission = handler.opt.get("permission")
            if permission not in {PUBLIC, SIGNED_IN, *PERMISSIONS}:
                missing.append((route.path, handler.handler_name, permission))
    assert missing == []


async def test_a_route_without_permission_is_refused(
    settings: Any, plugins: Any, catalogue: Any
) -> None:
    from litestar import get
    from litestar.testing import AsyncTestClient

    from core.app import create_app

    @get("/undeclared", include_in_schema=False)
    async def undeclared() -> str:
        return "secret"

    app = create_app(settings, plugins=plugins, catalogue=catalogue)
    app.register(undeclared)
    async with AsyncTestClient(app=app) as client:
        r = await client.get("/undeclared")
    assert r.status_code == 403
    assert "secret" not in r.text


async def test_openapi_schema_is_public(client: Any) -> None:
    r = await client.get("/api/schema/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "Motcua API"


async def test_unknown_page_is_a_translated_404(client: Any) -> None:
    r = await client.get("/no/such/page")
    assert r.status_code == 404
    assert "không tồn tại" in r.text
