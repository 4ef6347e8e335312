"""The VNPay sandbox: payment page, return and IPN, and the merchant API.

``GET /sandbox/vnpay/pay`` accepts the signed redirect exactly as VNPay's
``vpcpay.html`` would: it checks the signature, the terminal code, the version,
command, currency, amount and expiry before showing the payment page. Pressing
a button closes the transaction, redirects the payer to the return URL with
signed results and, after the response, calls the IPN endpoint over HTTP.
``POST /sandbox/vnpay/api`` answers ``querydr`` and ``refund`` from the ledger,
signed with the ``|``-joined HMAC-SHA512 VNPay's API uses.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.response import Redirect, Response, Template

from core.permissions import PUBLIC
from core.web.common import page
from plugins.payments_gateway.protocols import vnpay
from plugins.payments_gateway.protocols._common import format_timestamp, parse_timestamp
from plugins.payments_gateway.runtime import Runtime, runtime_of
from plugins.payments_gateway.sandbox import delivery, ledger
from plugins.payments_gateway.sandbox.ledger import SandboxRecord

__all__ = ["HANDLERS", "RESULTS", "check_payment_request"]

_TEMPLATE = "payments_gateway/sandbox_pay.html"
_OPT = {"permission": PUBLIC}
_SIGNED_OPT = {"permission": PUBLIC, "exclude_from_csrf": True}

RESULTS: Mapping[str, tuple[str, str, str]] = {
    "pay": ("paid", "00", "00"),
    "cancel": ("cancelled", "24", "02"),
    "fail": ("failed", "51", "02"),
}
"""Button -> (ledger status, ``vnp_ResponseCode``, ``vnp_TransactionStatus``):
paid, cancelled by the customer (24), refused for lack of funds (51)."""
_EXPIRED = ("failed", "11", "02")
"""Pressing a button after the payment window closed: VNPay's timeout (11)."""


class SandboxError(msgspec.Struct, frozen=True):
    """Why the sandbox refused a payment request, with VNPay's code."""

    code: str
    vi: str
    en: str


def _amount(params: Mapping[str, str]) -> int | None:
    text = params.get("vnp_Amount", "")
    if not (text.isascii() and text.isdigit()) or int(text) % 100 or int(text) <= 0:
        return None
    return int(text) // 100


def _expired(params: Mapping[str, str], now: dt.datetime) -> bool:
    text = params.get("vnp_ExpireDate", "")
    try:
        return bool(text) and parse_timestamp(text) < now
    except ValueError:
        return True


def check_payment_request(
    params: Mapping[str, str], merchant: vnpay.VnpayMerchant, now: dt.datetime
) -> SandboxError | None:
    """Check a payment redirect the way VNPay does before showing its page.

    Args:
        params: the redirect's query parameters.
        merchant: the terminal the sandbox knows.
        now: the present moment.

    Returns:
        The refusal, or ``None`` when the request is acceptable.
    """
    if not vnpay.verify(params, merchant.secret):
        return SandboxError("97", "Chữ ký không hợp lệ", "Invalid signature")
    if params.get("vnp_TmnCode") != merchant.tmn_code:
        return SandboxError("02", "Mã website không hợp lệ", "Unknown merchant")
    wanted = {"vnp_Version": vnpay.VERSION, "vnp_Command": "pay", "vnp_CurrCode": "VND"}
    required = ("vnp_TxnRef", "vnp_ReturnUrl", "vnp_OrderInfo", "vnp_IpAddr")
    if any(params.get(key) != value for key, value in wanted.items()) or not all(
        params.get(key) for key in required
    ):
        return SandboxError("03", "Dữ liệu gửi sang không hợp lệ", "Invalid request")
    if _amount(params) is None:
        return SandboxError("04", "Số tiền không hợp lệ", "Invalid amount")
    if _expired(params, now):
        return SandboxError(
            "11", "Đã hết hạn chờ thanh toán", "The payment window has closed"
        )
    return None


def _refused(error: SandboxError, status_code: int = 400) -> Template:
    return page(_TEMPLATE, status_code=status_code, gateway="vnpay", error=error)


async def _transaction_for(
    params: Mapping[str, str], now: dt.datetime
) -> SandboxRecord | SandboxError:
    existing = await ledger.by_merchant_ref("vnpay", params["vnp_TxnRef"])
    if existing is not None:
        if existing.status == "open" and existing.amount == _amount(params):
            return existing
        return SandboxError(
            "94", "Giao dịch đã được xử lý", "This payment was already processed"
        )
    expire = params.get("vnp_ExpireDate")
    return await ledger.open_transaction(
        gateway="vnpay",
        merchant_ref=params["vnp_TxnRef"],
        amount=_amount(params) or 0,
        request=dict(params),
        now=now,
        expires_at=parse_timestamp(expire) if expire else None,
    )


@get("/vnpay/pay", opt=_OPT, name="sandbox-vnpay-pay")
async def payment_page(request: Request[Any, Any, Any]) -> Template:
    """Show the payment page for a signed redirect, or why it was refused."""
    rt = runtime_of(request)
    merchant = rt.credentials.vnpay
    params = dict(request.query_params.items())
    if merchant is None:
        return _refused(SandboxError("02", "Chưa cấu hình VNPay", "VNPay is off"))
    refusal = check_payment_request(params, merchant, rt.clock())
    if refusal is not None:
        return _refused(refusal)
    found = await _transaction_for(params, rt.clock())
    if isinstance(found, SandboxError):
        return _refused(found, 409)
    return page(
        _TEMPLATE,
        gateway="vnpay",
        transaction=found,
        merchant_code=merchant.tmn_code,
        order_ref=found.merchant_ref,
        order_info=params.get("vnp_OrderInfo", ""),
        action=f"/sandbox/vnpay/pay/{found.transaction_no}",
    )


def _result(
    record: SandboxRecord, codes: tuple[str, str, str], now: dt.datetime
) -> vnpay.GatewayResult:
    return vnpay.GatewayResult(
        txn_ref=record.merchant_ref,
        amount_vnd=record.amount,
        order_info=str(record.request.get("vnp_OrderInfo", "")),
        response_code=codes[1],
        transaction_status=codes[2],
        transaction_no=record.transaction_no,
        bank_code="NCB",
        bank_tran_no=f"VNP{record.transaction_no}",
        card_type="ATM",
        pay_date=now,
    )


def _with_query(url: str, params: Mapping[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


@post("/vnpay/pay/{transaction_no:str}", opt=_OPT, name="sandbox-vnpay-press")
async def press(request: Request[Any, Any, Any], transaction_no: str) -> Response[Any]:
    """Close the transaction as the button says, send the payer back, call
    the IPN endpoint once the response is sent."""
    rt = runtime_of(request)
    merchant = rt.credentials.vnpay
    record = await ledger.by_transaction_no("vnpay", transaction_no)
    form = await request.form()
    codes = RESULTS.get(str(form.get("action", "")))
    if merchant is None or record is None or codes is None:
        return _refused(SandboxError("03", "Yêu cầu không hợp lệ", "Invalid request"))
    now = rt.clock()
    if record.expired_at(now):
        codes = _EXPIRED
    if not await ledger.finish(record, codes[0], codes[1], now):
        return _refused(
            SandboxError(
                "94", "Giao dịch đã được xử lý", "This payment was already processed"
            ),
            409,
        )
    result = _result(record, codes, now)
    returned = vnpay.build_return_params(
        result, tmn_code=merchant.tmn_code, secret=merchant.secret
    )
    ipn = vnpay.build_ipn_params(
        result, tmn_code=merchant.tmn_code, secret=merchant.secret
    )
    target = _with_query(str(record.request["vnp_ReturnUrl"]), returned)
    return Redirect(
        target,
        status_code=303,
        background=BackgroundTask(delivery.deliver_ipn, rt, record.id, ipn),
    )


# --- merchant API ---------------------------------------------------------------------


def _signed_answer(
    fields: dict[str, str], order: tuple[str, ...], secret: str
) -> dict[str, str]:
    return {**fields, "vnp_SecureHash": vnpay.pipe_signature(fields, order, secret)}


def _answer(
    command: str, code: str, message: str, merchant: vnpay.VnpayMerchant, **fields: str
) -> dict[str, str]:
    base = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": command,
        "vnp_ResponseCode": code,
        "vnp_Message": message,
        "vnp_TmnCode": merchant.tmn_code,
    }
    return base | fields


_QUERY_STATUS = {"open": "01", "paid": "00", "refunded": "00"}


def _transaction_fields(record: SandboxRecord) -> dict[str, str]:
    return {
        "vnp_TxnRef": record.merchant_ref,
        "vnp_Amount": vnpay.to_gateway_amount(record.amount),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": format_timestamp(record.finished_at)
        if record.finished_at
        else "",
        "vnp_TransactionNo": record.transaction_no,
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": _QUERY_STATUS.get(record.status, "02"),
        "vnp_OrderInfo": str(record.request.get("vnp_OrderInfo", "")),
    }


async def _querydr(
    body: Mapping[str, str], merchant: vnpay.VnpayMerchant
) -> dict[str, str]:
    order = vnpay.QUERYDR_RESPONSE_FIELDS
    signed = vnpay.pipe_signature(body, vnpay.QUERYDR_REQUEST_FIELDS, merchant.secret)
    if not _same_digest(signed, body.get("vnp_SecureHash", "")):
        fields = _answer("querydr", "97", "Invalid Checksum", merchant)
        return _signed_answer(fields, order, merchant.secret)
    if body.get("vnp_TmnCode") != merchant.tmn_code:
        fields = _answer("querydr", "02", "Invalid merchant", merchant)
        return _signed_answer(fields, order, merchant.secret)
    record = await ledger.by_merchant_ref("vnpay", body.get("vnp_TxnRef", ""))
    created = str(record.request.get("vnp_CreateDate", "")) if record else ""
    if record is None or created != body.get("vnp_TransactionDate"):
        fields = _answer("querydr", "91", "Transaction not found", merchant)
        return _signed_answer(fields, order, merchant.secret)
    fields = _answer(
        "querydr",
        "00",
        "QueryDR Success",
        merchant,
        **_transaction_fields(record),
        vnp_PromotionCode="",
        vnp_PromotionAmount="",
    )
    return _signed_answer(fields, order, merchant.secret)


def _same_digest(expected: str, received: str) -> bool:
    from plugins.payments_gateway.protocols._common import hex_digests_equal

    return bool(received) and hex_digests_equal(expected, received)


async def _refund(
    body: Mapping[str, str], merchant: vnpay.VnpayMerchant
) -> dict[str, str]:
    order = vnpay.REFUND_RESPONSE_FIELDS
    signed = vnpay.pipe_signature(body, vnpay.REFUND_REQUEST_FIELDS, merchant.secret)
    if not _same_digest(signed, body.get("vnp_SecureHash", "")):
        fields = _answer("refund", "97", "Invalid Checksum", merchant)
        return _signed_answer(fields, order, merchant.secret)
    record = await ledger.by_merchant_ref("vnpay", body.get("vnp_TxnRef", ""))
    if record is None:
        fields = _answer("refund", "91", "Transaction not found", merchant)
        return _signed_answer(fields, order, merchant.secret)
    amount = _amount(body)
    if record.status != "paid":
        code, message = "95", "Transaction not successful, cannot refund"
    elif amount is None or amount > record.amount - record.refunded_amount:
        code, message = "03", "Invalid amount"
    elif not await ledger.add_refund(record, amount):
        code, message = "94", "Duplicate request"
    else:
        code, message = "00", "Refund Success"
    refunded = {
        "vnp_Amount": body.get("vnp_Amount", ""),
        "vnp_TransactionType": body.get("vnp_TransactionType", ""),
    }
    fields = _answer(
        "refund", code, message, merchant, **(_transaction_fields(record) | refunded)
    )
    if code == "00":
        fields["vnp_TransactionNo"] = ledger.new_transaction_no("vnpay")
    return _signed_answer(fields, order, merchant.secret)


@post("/vnpay/api", opt=_SIGNED_OPT, name="sandbox-vnpay-api", status_code=200)
async def merchant_api(request: Request[Any, Any, Any]) -> Response[dict[str, str]]:
    """Answer a signed ``querydr`` or ``refund`` request from the ledger."""
    rt: Runtime = runtime_of(request)
    merchant = rt.credentials.vnpay
    try:
        raw = msgspec.json.decode(await request.body())
    except msgspec.DecodeError:
        raw = None
    if merchant is None or not isinstance(raw, dict):
        return Response(
            {"vnp_ResponseCode": "99", "vnp_Message": "Invalid request"},
            status_code=400,
        )
    body = {str(k): "" if v is None else str(v) for k, v in raw.items()}
    command = body.get("vnp_Command")
    if command == "querydr":
        return Response(await _querydr(body, merchant))
    if command == "refund":
        return Response(await _refund(body, merchant))
    fields = _answer(command or "", "03", "Invalid request", merchant)
    return Response(
        _signed_answer(fields, vnpay.REFUND_RESPONSE_FIELDS, merchant.secret)
    )


HANDLERS = [payment_page, press, merchant_api]
