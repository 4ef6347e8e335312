"""Support focal points are public; incidents go to the reporter's unit."""

from __future__ import annotations

import io
from typing import Any

from tests.conftest import sign_in

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


async def test_focal_points_page_lists_every_unit_contact(
    client: Any, catalogue: Any
) -> None:
    r = await client.get("/support")
    assert r.status_code == 200
    for unit in catalogue.units.values():
        for point in unit.spec.focal_points:
            assert point.email in r.text


async def _report(
    client: Any, summary: str, screenshot: bytes | None = None, name: str = "shot.png"
) -> Any:
    await client.get("/incidents/new")
    token = client.cookies.get("motcua_csrf")
    files = (
        {"screenshot": (name, io.BytesIO(screenshot), "image/png")}
        if screenshot
        else None
    )
    return await client.post(
        "/incidents/new",
        data={
            "summary": summary,
            "description": "Trang bị lỗi",
            "page_url": "/staff",
            "_csrf_token": token,
        },
        files=files,
        follow_redirects=False,
    )


async def test_staff_report_reaches_their_focal_point_and_is_tracked(
    client: Any,
) -> None:
    await sign_in(client, "motcua.anbinh")
    r = await _report(client, "Không in được phiếu hẹn", PNG)
    assert r.status_code == 303
    listing = await client.get("/incidents")
    assert "Không in được phiếu hẹn" in listing.text
    assert "/screenshot" in listing.text


async def test_a_screenshot_that_is_not_an_image_is_refused(client: Any) -> None:
    await sign_in(client, "motcua.anbinh")
    r = await _report(client, "Lỗi", b"<script>alert(1)</script>", name="x.png")
    assert r.status_code == 400
    assert "PNG" in r.text
    assert "Lỗi" in r.text  # what was typed is kept


async def test_citizens_cannot_file_incident_reports(client: Any) -> None:
    await sign_in(client, "congdan")
    r = await _report(client, "Xin chào")
    assert r.status_code == 403
