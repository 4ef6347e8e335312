"""The PayGov sandbox: INIT and QUERY, the payment page, return and CONFIRM.

``POST /sandbox/paygov/api`` takes INIT (opening a transaction and answering
its payment page) and QUERY (answering from the ledger); every message is
checked against its checksum and every answer signed. Pressing a button on the
payment page closes the transaction, redirects the payer to the INIT's return
URL carrying the signed CONFIRM fields, and POSTs the CONFIRM to the INIT's
notify URL once the response is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.response import Redirect, Response, Template

from core.permissions import PUBLIC
from core.web.common import page
from plugins.payments_gateway.protocols import paygov
from plugins.payments_gateway.protocols._common import format_timestamp, parse_timestamp
from plugins.payments_gateway.runtime import Runtime, runtime_of
from plugins.payments_gateway.sandbox import delivery, ledger
from plugins.payments_gateway.sandbox.ledger import SandboxRecord
from plugins.payments_gateway.sandbox.vnpay import SandboxError

__all__ = ["HANDLERS", "STATUS_CODES"]

_TEMPLATE = "payments_gateway/sandbox_pay.html"
_OPT = {"permission": PUBLIC}
_SIGNED_OPT = {"permission": PUBLIC, "exclude_from_csrf": True}
Code = paygov.ResponseCode

STATUS_CODES: Mapping[str, tuple[str, str]] = {
    "pay": ("paid", paygov.PAID_STATUS_CODE),
    "cancel": ("cancelled", "02"),
    "fail": ("failed", "01"),
}
"""Button -> (ledger status, CONFIRM ``statusCode``). Protocol 1.0.6 names only
00 (paid); the sandbox sends 01 for a refused and 02 for a cancelled payment,
and Motcua treats every code but 00 as unpaid."""


def _signed(message: paygov.Message, partner: paygov.PayGovPartner) -> Response[Any]:
    signed = paygov.with_checksum(message, partner.secret)
    return Response(msgspec.to_builtins(signed))


def _init_result(
    rt: Runtime,
    partner: paygov.PayGovPartner,
    request_id: str,
    code: Code,
    record: SandboxRecord | None = None,
) -> Response[Any]:
    result = paygov.InitResultMessage(
        partner_code=partner.partner_code,
        request_id=request_id,
        response_code=code.value,
        transaction_id=record.transaction_no if record else "",
        payment_url=(
            f"{rt.settings.base_url}/sandbox/paygov/pay/{record.transaction_no}"
            if record
            else ""
        ),
    )
    return _signed(result, partner)


def _init_refusal(message: paygov.InitMessage) -> Code | None:
    if message.currency != paygov.CURRENCY:
        return Code.CURRENCY_MISMATCH
    if not message.fees or message.total_amount != sum(f.amount for f in message.fees):
        return Code.INVALID_AMOUNT
    if message.total_amount <= 0:
        return Code.INVALID_AMOUNT
    return None


async def _init(
    rt: Runtime, partner: paygov.PayGovPartner, message: paygov.InitMessage
) -> Response[Any]:
    refusal = _init_refusal(message)
    if refusal is not None:
        return _init_result(rt, partner, message.request_id, refusal)
    existing = await ledger.by_merchant_ref("paygov", message.request_id)
    if existing is not None:
        if existing.status == "open" and existing.amount == message.total_amount:
            return _init_result(rt, partner, message.request_id, Code.SUCCESS, existing)
        return _init_result(rt, partner, message.request_id, Code.ALREADY_CONFIRMED)
    record = await ledger.open_transaction(
        gateway="paygov",
        merchant_ref=message.request_id,
        amount=message.total_amount,
        request={
            "returnUrl": message.return_url,
            "notifyUrl": message.notify_url,
            "dossierCode": message.dossier_code,
            "procedureCode": message.procedure_code,
            "expireTime": message.expire_time or "",
        },
        now=rt.clock(),
        expires_at=parse_timestamp(message.expire_time)
        if message.expire_time
        else None,
    )
    return _init_result(rt, partner, message.request_id, Code.SUCCESS, record)


async def _query(
    partner: paygov.PayGovPartner, message: paygov.QueryMessage
) -> Response[Any]:
    record = await ledger.by_merchant_ref("paygov", message.payment_request_id)
    fields: dict[str, Any] = {
        "partner_code": partner.partner_code,
        "request_id": message.request_id,
        "payment_request_id": message.payment_request_id,
    }
    if record is None:
        return _signed(
            paygov.QueryResultMessage(
                **fields, response_code=Code.ORDER_NOT_FOUND.value
            ),
            partner,
        )
    finished = record.finished_at
    answer = paygov.QueryResultMessage(
        **fields,
        response_code=Code.SUCCESS.value,
        transaction_id=record.transaction_no,
        amount=record.amount,
        currency=record.currency,
        status_code=record.response_code or "",
        paid_time=format_timestamp(finished)
        if finished and record.status != "open"
        else None,
    )
    return _signed(answer, partner)


@post("/paygov/api", opt=_SIGNED_OPT, name="sandbox-paygov-api", status_code=200)
async def platform_api(request: Request[Any, Any, Any]) -> Response[Any]:
    """Answer a signed INIT or QUERY, as the platform's API does."""
    rt = runtime_of(request)
    partner = rt.credentials.paygov
    try:
        message = paygov.decode_any_message(await request.body())
    except msgspec.MsgspecError:
        return Response({"error": "not a PayGov message"}, status_code=400)
    if partner is None or not isinstance(
        message, paygov.InitMessage | paygov.QueryMessage
    ):
        return Response({"error": "unsupported message"}, status_code=400)
    valid = message.partner_code == partner.partner_code and paygov.verify_message(
        message, partner.secret
    )
    if isinstance(message, paygov.InitMessage):
        if not valid:
            return _init_result(rt, partner, message.request_id, Code.INVALID_SIGNATURE)
        return await _init(rt, partner, message)
    if not valid:
        return _signed(
            paygov.QueryResultMessage(
                partner_code=partner.partner_code,
                request_id=message.request_id,
                payment_request_id=message.payment_request_id,
                response_code=Code.INVALID_SIGNATURE.value,
            ),
            partner,
        )
    return await _query(partner, message)


def _refused(error: SandboxError, status_code: int = 400) -> Template:
    return page(_TEMPLATE, status_code=status_code, gateway="paygov", error=error)


_UNKNOWN = SandboxError("01", "Không tìm thấy giao dịch", "No such payment")
_DONE = SandboxError(
    "02", "Giao dịch đã được xử lý", "This payment was already processed"
)


@get("/paygov/pay/{transaction_no:str}", opt=_OPT, name="sandbox-paygov-pay")
async def payment_page(
    request: Request[Any, Any, Any], transaction_no: str
) -> Template:
    """Show the payment page of an open transaction."""
    rt = runtime_of(request)
    record = await ledger.by_transaction_no("paygov", transaction_no)
    if record is None or rt.credentials.paygov is None:
        return _refused(_UNKNOWN, 404)
    if record.status != "open":
        return _refused(_DONE, 409)
    return page(
        _TEMPLATE,
        gateway="paygov",
        transaction=record,
        merchant_code=rt.credentials.paygov.partner_code,
        order_ref=record.merchant_ref,
        order_info=f"Hồ sơ {record.request.get('dossierCode', '')}",
        action=f"/sandbox/paygov/pay/{record.transaction_no}",
    )


def _confirm(
    partner: paygov.PayGovPartner,
    record: SandboxRecord,
    status_code: str,
    now: dt.datetime,
) -> paygov.ConfirmMessage:
    message = paygov.ConfirmMessage(
        partner_code=partner.partner_code,
        request_id=record.merchant_ref,
        transaction_id=record.transaction_no,
        amount=record.amount,
        currency=record.currency,
        status_code=status_code,
        paid_time=format_timestamp(now),
    )
    return paygov.with_checksum(message, partner.secret)


def return_query(message: paygov.ConfirmMessage) -> dict[str, str]:
    """The signed CONFIRM's wire fields, as query parameters of the return URL."""
    wire = msgspec.to_builtins(message)
    return {str(key): str(value) for key, value in wire.items() if value is not None}


@post("/paygov/pay/{transaction_no:str}", opt=_OPT, name="sandbox-paygov-press")
async def press(request: Request[Any, Any, Any], transaction_no: str) -> Response[Any]:
    """Close the transaction as the button says, send the payer back, POST the
    CONFIRM once the response is sent."""
    rt = runtime_of(request)
    partner = rt.credentials.paygov
    record = await ledger.by_transaction_no("paygov", transaction_no)
    form = await request.form()
    chosen = STATUS_CODES.get(str(form.get("action", "")))
    if record is None or chosen is None or partner is None:
        return _refused(_UNKNOWN, 404)
    now = rt.clock()
    if record.expired_at(now):
        chosen = STATUS_CODES["fail"]
    if not await ledger.finish(record, chosen[0], chosen[1], now):
        return _refused(_DONE, 409)
    message = _confirm(partner, record, chosen[1], now)
    return_url = str(record.request["returnUrl"])
    separator = "&" if "?" in return_url else "?"
    return Redirect(
        f"{return_url}{separator}{urlencode(return_query(message))}",
        status_code=303,
        background=BackgroundTask(
            delivery.deliver_confirm,
            rt,
            record.id,
            str(record.request["notifyUrl"]),
            message,
        ),
    )


HANDLERS = [platform_api, payment_page, press]
