"""Support focal points and IT incident reports.

Every unit publishes its IT focal points (name, phone, e-mail) on a public page.
Staff report a problem from any page (what happened, where, a screenshot); the report
goes to the focal points of the reporter's unit and is tracked until resolved.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import filetype
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import File, Redirect, Template

from core import audit
from core.accounts.tables import Incident
from core.db import transaction
from core.errors import NotFound, UserError
from core.permissions import PUBLIC, SIGNED_IN, may
from core.web.common import app_ctx, page, redirect, require_actor, safe_next

__all__ = ["ROUTES", "STATUSES"]

STATUSES = ("open", "in_progress", "resolved")
MAX_SCREENSHOT = 5 * 1024 * 1024


@get("/support", opt={"permission": PUBLIC}, include_in_schema=False)
async def support(request: Request[Any, Any, Any]) -> Template:
    """Every unit with its support focal points, in tree order."""
    units = sorted(app_ctx(request).catalogue.units.values(), key=lambda u: u.path)
    return page(
        "support/contacts.html", units=[u for u in units if u.spec.focal_points]
    )


@get("/incidents/new", opt={"permission": SIGNED_IN}, include_in_schema=False)
async def new_incident(request: Request[Any, Any, Any], page_url: str = "") -> Template:
    target = safe_next(request.query_params.get("page") or page_url, "")
    return page("support/incident_form.html", values={"page_url": target}, errors={})


async def _screenshot(request: Request[Any, Any, Any], upload: Any) -> str | None:
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    content = await upload.read(MAX_SCREENSHOT + 1)
    if len(content) > MAX_SCREENSHOT:
        raise UserError(
            "Ảnh chụp quá lớn (tối đa 5 MB)",
            "The screenshot is too large (5 MB at most)",
            field="screenshot",
        )
    kind = filetype.guess(content)
    if kind is None or kind.extension not in ("png", "jpg", "webp"):
        raise UserError(
            "Ảnh chụp phải là PNG, JPEG hoặc WebP",
            "The screenshot must be a PNG, JPEG or WebP image",
            field="screenshot",
        )
    folder = app_ctx(request).settings.data_dir / "incidents"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{kind.extension}"
    (folder / name).write_bytes(content)
    return name


@post("/incidents/new", opt={"permission": SIGNED_IN}, include_in_schema=False)
async def report_incident(request: Request[Any, Any, Any]) -> Template | Redirect:
    who = require_actor(request)
    data = await request.form()
    values = {k: data.get(k, "") for k in ("summary", "description", "page_url")}
    errors: dict[str, str] = {}
    lang = request.scope["state"]["lang"]
    if not who.is_staff or not who.unit_id:
        raise UserError(
            "Chỉ cán bộ mới gửi báo cáo sự cố",
            "Only staff report incidents",
            status=403,
        )
    if not str(values["summary"]).strip():
        errors["summary"] = (
            "Vui lòng nhập nội dung" if lang == "vi" else "Please say what happened"
        )
    try:
        shot = await _screenshot(request, data.get("screenshot"))
    except UserError as exc:
        errors[exc.field or "_"] = exc.message(lang)
        shot = None
    if errors:
        return page(
            "support/incident_form.html", status_code=400, values=values, errors=errors
        )
    now = dt.datetime.now(dt.UTC)
    async with transaction():
        row = await Incident.insert(
            Incident(
                reporter=who.account_id,
                unit_id=who.unit_id,
                summary=str(values["summary"])[:255],
                description=str(values["description"])[:5000],
                page_url=safe_next(str(values["page_url"]), "")[:1024],
                screenshot=shot,
                status="open",
                created_at=now,
                updated_at=now,
            )
        ).returning(Incident._meta.primary_key)
        await audit.record(
            "incident_reported",
            actor=who,
            object_type="incident",
            object_id=row[0]["id"],
            unit_id=who.unit_id,
        )
    return redirect("/incidents?reported=1")


def _may_handle(request: Request[Any, Any, Any], unit_id: str) -> bool:
    who = require_actor(request)
    unit = app_ctx(request).catalogue.units.get(unit_id)
    return unit is not None and may(who, "incidents.handle", unit.path)


@get("/incidents", opt={"permission": SIGNED_IN}, include_in_schema=False)
async def incidents(request: Request[Any, Any, Any]) -> Template:
    """Reports the account filed, and those it handles as a focal point."""
    who = require_actor(request)
    rows = (
        await Incident.select(
            *Incident.all_columns(),
            Incident.reporter.full_name.as_alias("reporter_name"),
        )
        .order_by(Incident.created_at, ascending=False)
        .limit(500)
    )
    catalogue = app_ctx(request).catalogue
    visible = [
        r
        for r in rows
        if r["reporter"] == who.account_id
        or (
            r["unit_id"] in catalogue.units
            and may(who, "incidents.handle", catalogue.units[r["unit_id"]].path)
        )
    ]
    return page("support/incidents.html", incidents=visible, statuses=STATUSES)


@post(
    "/incidents/{incident_id:int}/status",
    opt={"permission": "incidents.handle"},
    include_in_schema=False,
)
async def update_incident(
    request: Request[Any, Any, Any], incident_id: int
) -> Redirect:
    who = require_actor(request)
    data = await request.form()
    row = (
        await Incident.select().where(Incident._meta.primary_key == incident_id).first()
    )
    if row is None or not _may_handle(request, row["unit_id"]):
        raise NotFound("Không tìm thấy báo cáo", "Report not found")
    status = str(data.get("status", ""))
    if status not in STATUSES:
        raise UserError("Trạng thái không hợp lệ", "Invalid status", field="status")
    async with transaction():
        await Incident.update(
            {
                Incident.status: status,
                Incident.updated_at: dt.datetime.now(dt.UTC),
                Incident.resolution: str(data.get("resolution", ""))[:5000],
                Incident.resolved_by: who.account_id if status == "resolved" else None,
            }
        ).where(Incident._meta.primary_key == incident_id)
        await audit.record(
            "incident_status_changed",
            actor=who,
            object_type="incident",
            object_id=incident_id,
            unit_id=row["unit_id"],
            detail={"from": row["status"], "to": status},
        )
    return redirect("/incidents")


@get(
    "/incidents/{incident_id:int}/screenshot",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def screenshot(request: Request[Any, Any, Any], incident_id: int) -> File:
    who = require_actor(request)
    row = (
        await Incident.select().where(Incident._meta.primary_key == incident_id).first()
    )
    if (
        row is None
        or not row["screenshot"]
        or not (
            row["reporter"] == who.account_id or _may_handle(request, row["unit_id"])
        )
    ):
        raise NotFound("Không tìm thấy ảnh", "Screenshot not found")
    path = app_ctx(request).settings.data_dir / "incidents" / row["screenshot"]
    return File(
        path=path, filename=row["screenshot"], content_disposition_type="inline"
    )


ROUTES = [
    support,
    new_incident,
    report_incident,
    incidents,
    update_incident,
    screenshot,
]
