"""HTTP routes: the applicant's payment pages, gateway callbacks, refunds.

- ``GET/POST /payments/dossiers/<id>/pay``: the applicant chooses a gateway and
  is redirected to it (``dossier.file``; only their own dossier).
- ``GET /payments/<gateway>/return``: where the gateway sends the payer back.
- ``GET /payments/vnpay/ipn`` and ``POST /payments/paygov/confirm``: the
  gateways' server-to-server callbacks. They are public and exempt from CSRF
  because the protocol's own signature authenticates them.
- ``GET /api/payments/dossiers/<id>/orders``: a dossier's orders as JSON.
- ``POST /api/payments/orders/<id>/refunds``: a cashier records a refund.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.response import Redirect, Response, Template

from core.dossiers.access import can_view
from core.dossiers.queries import load
from core.errors import Forbidden, NotFound
from core.i18n import current_lang
from core.permissions import PUBLIC, SIGNED_IN, may
from core.web.common import form, page, require_actor
from plugins.payments_gateway import callbacks
from plugins.payments_gateway.checkout import payable, start_payment
from plugins.payments_gateway.orders import OrderRecord, order_by_id, orders_of_dossier
from plugins.payments_gateway.refunds import RefundRecord, request_refund
from plugins.payments_gateway.runtime import runtime_of

__all__ = ["HANDLERS", "RefundInput"]

_CALLBACK_OPT = {"permission": PUBLIC, "exclude_from_csrf": True}
_FILE_OPT = {"permission": "dossier.file"}
_GATEWAY_NAMES = {"vnpay": "VNPay", "paygov": "PayGov"}


@get("/payments/dossiers/{dossier_id:int}/pay", opt=_FILE_OPT, include_in_schema=False)
async def pay_page(request: Request[Any, Any, Any], dossier_id: int) -> Template:
    """Show what the dossier owes and the gateways to pay it through."""
    rt = runtime_of(request)
    target = await payable(rt, dossier_id, require_actor(request))
    return page(
        "payments_gateway/pay.html",
        target=target,
        orders=await orders_of_dossier(dossier_id),
        gateway_names=_GATEWAY_NAMES,
        sandbox={name: rt.credentials.is_sandbox(name) for name in target.gateways},
    )


@post("/payments/dossiers/{dossier_id:int}/pay", opt=_FILE_OPT, include_in_schema=False)
async def start(request: Request[Any, Any, Any], dossier_id: int) -> Redirect:
    """Open the payment at the chosen gateway and send the applicant there."""
    rt = runtime_of(request)
    actor = require_actor(request)
    target = await payable(rt, dossier_id, actor)
    chosen = str((await form(request)).get("gateway", ""))
    client = request.client
    order = await start_payment(
        rt,
        target,
        chosen,
        actor,
        ip_addr=client.host if client else "127.0.0.1",
        lang=current_lang(),
    )
    return Redirect(order.redirect_url, status_code=303)


def _return_page(view: callbacks.ReturnView, gateway: str) -> Template:
    return page(
        "payments_gateway/return.html",
        status_code=400 if view.state == "invalid" else 200,
        view=view,
        gateway_name=_GATEWAY_NAMES[gateway],
    )


@get("/payments/vnpay/return", opt={"permission": PUBLIC}, include_in_schema=False)
async def vnpay_return(request: Request[Any, Any, Any]) -> Template:
    """Tell the payer back from VNPay where the payment stands."""
    params = dict(request.query_params.items())
    view = await callbacks.handle_vnpay_return(runtime_of(request), params)
    return _return_page(view, "vnpay")


@get("/payments/paygov/return", opt={"permission": PUBLIC}, include_in_schema=False)
async def paygov_return(request: Request[Any, Any, Any]) -> Template:
    """Tell the payer back from PayGov where the payment stands."""
    params = dict(request.query_params.items())
    view = await callbacks.handle_paygov_return(runtime_of(request), params)
    return _return_page(view, "paygov")


@get("/payments/vnpay/ipn", opt=_CALLBACK_OPT, tags=["payments"])
async def vnpay_ipn(request: Request[Any, Any, Any]) -> dict[str, str]:
    """VNPay's IPN: answered ``{"RspCode", "Message"}`` as the protocol says."""
    params = dict(request.query_params.items())
    return await callbacks.handle_vnpay_ipn(runtime_of(request), params)


@post("/payments/paygov/confirm", opt=_CALLBACK_OPT, status_code=200, tags=["payments"])
async def paygov_confirm(request: Request[Any, Any, Any]) -> Response[Any]:
    """PayGov's CONFIRM: answered with a signed CONFIRM_RESULT."""
    reply = await callbacks.handle_paygov_confirm(
        runtime_of(request), await request.body()
    )
    return Response(msgspec.to_builtins(reply))


@get(
    "/api/payments/dossiers/{dossier_id:int}/orders",
    opt={"permission": SIGNED_IN},
    tags=["payments"],
)
async def dossier_orders(
    request: Request[Any, Any, Any], dossier_id: int
) -> list[OrderRecord]:
    """A dossier's payment orders, newest first, for whoever may see it."""
    dossier = await load(dossier_id)
    rt = runtime_of(request)
    if dossier is None or not can_view(require_actor(request), dossier, rt.catalogue):
        raise NotFound("Không tìm thấy hồ sơ", "No such dossier")
    return await orders_of_dossier(dossier_id)


class RefundInput(msgspec.Struct, frozen=True, kw_only=True):
    """A refund asked for by a cashier."""

    amount: int
    reason: str


@post(
    "/api/payments/orders/{order_id:int}/refunds",
    opt={"permission": "dossier.collect_fee"},
    status_code=201,
    tags=["payments"],
)
async def refund(
    request: Request[Any, Any, Any], order_id: int, data: RefundInput
) -> RefundRecord:
    """Record a refund of a paid order and ask the gateway to make it."""
    rt = runtime_of(request)
    actor = require_actor(request)
    order = await order_by_id(order_id)
    dossier = await load(order.dossier_id) if order else None
    if order is None or dossier is None:
        raise NotFound("Không tìm thấy giao dịch", "No such payment order")
    units = (
        rt.catalogue.units.get(u) for u in (dossier.unit_id, dossier.receiving_unit_id)
    )
    if not any(u and may(actor, "dossier.collect_fee", u.path) for u in units):
        raise Forbidden(
            "Bạn không được hoàn tiền hồ sơ này", "You may not refund this dossier"
        )
    return await request_refund(
        rt, order_id, amount=data.amount, reason=data.reason, actor=actor
    )


HANDLERS = [
    pay_page,
    start,
    vnpay_return,
    paygov_return,
    vnpay_ipn,
    paygov_confirm,
    dossier_orders,
    refund,
]
