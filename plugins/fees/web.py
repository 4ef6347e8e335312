"""HTTP routes of the fees plugin: quotes, the cashier's page, receipts, statistics.

JSON endpoints live under ``/api/fees/``, pages under ``/fees/``, and the public
receipt look-up at ``/receipts/lookup``. Every handler declares its permission; the
handlers then check the object itself (a cashier's unit, a dossier the viewer may
see), answering "not found" rather than revealing what exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Response, Router, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template

from core.errors import Forbidden, NotFound, UserError
from core.permissions import PUBLIC, SIGNED_IN, may
from core.web.common import (
    actor,
    app_ctx,
    dossier_service,
    form,
    page,
    redirect,
    require_actor,
)
from plugins.fees import runtime
from plugins.fees.assessment import Assessment
from plugins.fees.collection import (
    CollectionResult,
    collect_at_counter,
    may_collect,
)
from plugins.fees.corrections import cancel_receipt, replace_receipt
from plugins.fees.document import Payer
from plugins.fees.filing import quote
from plugins.fees.ledger import dossier_or_404
from plugins.fees.overview import FeesOverview, check_access, overview_of
from plugins.fees.receipts import document_of, lookup_receipt, receipt_row
from plugins.fees.render import template_functions
from plugins.fees.schema import FeesSection
from plugins.fees.stats import CollectedReport, collected

__all__ = ["QuoteAnswer", "QuoteRequest", "router"]

COLLECT = "dossier.collect_fee"


class QuoteRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A request for a quote with the form values known so far."""

    procedure: str
    case: str | None = None
    category: str | None = None
    channel: Literal["counter", "online", "post"] | None = None
    form: dict[str, Any] = {}


class QuoteAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """What a procedure would cost, before filing."""

    procedure: str
    collecting_unit: str | None
    assessment: Assessment


def _bind(request: Request[Any, Any, Any]) -> None:
    """Let the plugin's services use this application's plugins and dossiers."""
    ctx = app_ctx(request)
    runtime.configure(
        catalogue=ctx.catalogue,
        plugins=ctx.plugins,
        dossier_service=dossier_service(request),
    )


# --- quotes -------------------------------------------------------------------------


def _quote(request: Request[Any, Any, Any], asked: QuoteRequest) -> QuoteAnswer:
    procedure = app_ctx(request).catalogue.procedures.get(asked.procedure)
    section = procedure.plugins.get("fees") if procedure else None
    if procedure is None or not isinstance(section, FeesSection):
        raise NotFound(
            "Thủ tục này không thu phí, lệ phí hoặc không tồn tại",
            "This procedure charges no fee, or does not exist",
        )
    assessment = quote(
        procedure, section, asked.form, asked.category, asked.case, asked.channel
    )
    return QuoteAnswer(
        procedure=procedure.code,
        collecting_unit=section.collecting_unit,
        assessment=assessment,
    )


@get("/api/fees/quote", opt={"permission": PUBLIC})
async def quote_get(
    request: Request[Any, Any, Any],
    procedure: str,
    case: str | None = None,
    category: str | None = None,
    channel: Literal["counter", "online", "post"] | None = None,
) -> QuoteAnswer:
    """Quote a procedure's fees; amounts that need form values stay unknown."""
    asked = QuoteRequest(
        procedure=procedure, case=case, category=category, channel=channel
    )
    return _quote(request, asked)


@post(
    "/api/fees/quote",
    opt={"permission": PUBLIC, "exclude_from_csrf": True},
    status_code=200,
)
async def quote_post(
    request: Request[Any, Any, Any], data: QuoteRequest
) -> QuoteAnswer:
    """Quote a procedure's fees from the form values filled so far.

    It changes nothing, so it needs no CSRF token.
    """
    return _quote(request, data)


# --- a dossier's fees ---------------------------------------------------------------


async def _overview(request: Request[Any, Any, Any], dossier_id: int) -> FeesOverview:
    dossier = await dossier_or_404(dossier_id)
    viewer = actor(request)
    check_access(viewer, dossier, app_ctx(request).catalogue)
    return await overview_of(dossier, viewer)


@get("/api/fees/dossiers/{dossier_id:int}", opt={"permission": SIGNED_IN})
async def dossier_fees_json(
    request: Request[Any, Any, Any], dossier_id: int
) -> FeesOverview:
    """A dossier's assessment, payments and receipts."""
    return await _overview(request, dossier_id)


@get(
    "/fees/dossiers/{dossier_id:int}",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def dossier_fees_page(
    request: Request[Any, Any, Any], dossier_id: int
) -> Template:
    """A dossier's fees, with the cashier's form when the viewer may collect."""
    overview = await _overview(request, dossier_id)
    return page(
        "fees/dossier.html",
        overview=overview,
        done=request.query_params.get("done"),
        **template_functions(),
    )


@post(
    "/fees/dossiers/{dossier_id:int}/collect",
    opt={"permission": COLLECT},
    include_in_schema=False,
)
async def collect(request: Request[Any, Any, Any], dossier_id: int) -> Redirect:
    """Collect what a dossier owes at the counter and issue its receipts."""
    posted = await form(request)
    stage = str(posted.get("stage") or "")
    stages = [stage] if stage in ("before", "after", "on_return") else None
    result: CollectionResult = await collect_at_counter(
        dossier_id,
        method=str(posted.get("method") or ""),
        actor=require_actor(request),
        stages=stages,
        plugins=app_ctx(request).plugins,
    )
    return redirect(f"/fees/dossiers/{dossier_id}?done=collected-{result.payment_id}")


# --- receipts -----------------------------------------------------------------------


async def _receipt_for(
    request: Request[Any, Any, Any], receipt_id: int
) -> dict[str, Any]:
    row = await receipt_row(receipt_id)
    dossier = await dossier_or_404(row["dossier_id"])
    check_access(actor(request), dossier, app_ctx(request).catalogue)
    return row


@get(
    "/fees/receipts/{receipt_id:int}",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def receipt_page(request: Request[Any, Any, Any], receipt_id: int) -> Template:
    """The printable A4 receipt."""
    row = await _receipt_for(request, receipt_id)
    return _receipt_template(row, public=False)


def _receipt_template(row: dict[str, Any], *, public: bool) -> Template:
    document = document_of(row)
    return Template(
        template_name="fees/receipt.html",
        context={
            "doc": document,
            "row": row,
            "public": public,
            "identifier": _masked(document.payer.identifier) if public else None,
            **template_functions(),
        },
    )


def _masked(identifier: str) -> str:
    """All but the last four characters hidden, for the public look-up."""
    return "•" * max(len(identifier) - 4, 0) + identifier[-4:]


@get(
    "/fees/receipts/{receipt_id:int}/xml",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def receipt_xml(
    request: Request[Any, Any, Any], receipt_id: int
) -> Response[str]:
    """The receipt's machine-readable XML copy."""
    row = await _receipt_for(request, receipt_id)
    name = f"bien-lai-{row['series_symbol']}-{row['number']}.xml"
    return Response(
        row["xml"],
        media_type="application/xml; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


async def _collectable(
    request: Request[Any, Any, Any], receipt_id: int
) -> tuple[dict[str, Any], Any]:
    row = await receipt_row(receipt_id)
    dossier = await dossier_or_404(row["dossier_id"])
    if not may_collect(actor(request), dossier, row["collecting_unit_id"]):
        raise Forbidden(
            "Bạn không được hủy hoặc thay thế biên lai này",
            "You may not cancel or replace this receipt",
        )
    return row, dossier


@post(
    "/fees/receipts/{receipt_id:int}/cancel",
    opt={"permission": COLLECT},
    include_in_schema=False,
)
async def cancel(request: Request[Any, Any, Any], receipt_id: int) -> Redirect:
    """Cancel a receipt with a reason."""
    row, _ = await _collectable(request, receipt_id)
    posted = await form(request)
    await cancel_receipt(
        receipt_id, str(posted.get("reason") or ""), require_actor(request)
    )
    return redirect(f"/fees/dossiers/{row['dossier_id']}?done=cancelled")


@post(
    "/fees/receipts/{receipt_id:int}/replace",
    opt={"permission": COLLECT},
    include_in_schema=False,
)
async def replace(request: Request[Any, Any, Any], receipt_id: int) -> Redirect:
    """Replace a receipt by a new one, correcting the payer's details."""
    row, dossier = await _collectable(request, receipt_id)
    posted = await form(request)
    payer = Payer(
        name=str(posted.get("payer_name") or row["payer_name"]).strip(),
        address=str(posted.get("payer_address") or row["payer_address"]).strip(),
        identifier=str(
            posted.get("payer_identifier") or row["payer_identifier"]
        ).strip(),
    )
    new = await replace_receipt(
        receipt_id,
        str(posted.get("reason") or ""),
        require_actor(request),
        dossier,
        payer=payer,
        plugins=app_ctx(request).plugins,
    )
    return redirect(f"/fees/receipts/{new.id}")


@get("/receipts/lookup", opt={"permission": PUBLIC}, include_in_schema=False)
async def lookup(
    request: Request[Any, Any, Any],
    series: str = "",
    number: str = "",
    dossier: str = "",
) -> Template:
    """Find a receipt by series symbol, number and dossier code.

    A wrong triple, whichever part is wrong, gets the same answer.
    """
    if not (series and number and dossier):
        return page("fees/lookup.html", asked=False, **template_functions())
    row = None
    if number.strip().isdigit():
        row = await lookup_receipt(series, int(number.strip()), dossier)
    if row is None:
        return page(
            "fees/lookup.html",
            status_code=404,
            asked=True,
            series=series,
            number=number,
            dossier=dossier,
            **template_functions(),
        )
    return _receipt_template(row, public=True)


# --- statistics ---------------------------------------------------------------------


@get("/api/fees/collected", opt={"permission": "reports.view"})
async def collected_json(
    request: Request[Any, Any, Any],
    unit: str,
    period_from: Annotated[dt.date, Parameter(query="from")],
    period_to: Annotated[dt.date, Parameter(query="to")],
) -> CollectedReport:
    """What a unit and the units below it collected over a period.

    Query: ``unit`` (a unit id), ``from`` and ``to`` (ISO dates, both included).
    """
    catalogue = app_ctx(request).catalogue
    found = catalogue.units.get(unit)
    if found is None or not may(actor(request), "reports.view", found.path):
        raise NotFound("Không tìm thấy đơn vị", "There is no such unit")
    if period_to < period_from:
        raise UserError(
            "Ngày kết thúc phải sau ngày bắt đầu",
            "The period ends before it begins",
            field="to",
        )
    return await collected(unit, period_from, period_to)


def router() -> Router:
    """Every route of the plugin, binding the runtime before each request."""
    return Router(
        path="/",
        route_handlers=[
            quote_get,
            quote_post,
            dossier_fees_json,
            dossier_fees_page,
            collect,
            receipt_page,
            receipt_xml,
            cancel,
            replace,
            lookup,
            collected_json,
        ],
        before_request=_bind,
    )
