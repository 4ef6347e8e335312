"""What Motcua asks of the gateways: open a payment, ask its status, refund it.

Each function speaks one gateway's protocol through :mod:`.protocols` and
carries the messages over HTTP with the ``httpx.AsyncClient`` it is given, so
tests and the sandbox can route the same calls anywhere. Answers are verified
before they are believed, and reduced to the few facts the plugin acts on
(:class:`GatewayStatus`, :class:`RefundAnswer`). Message bodies are never
logged: one line per call names the gateway, the command and the outcome.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeVar

import httpx
import msgspec
import structlog

from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.protocols._common import parse_timestamp
from plugins.payments_gateway.section import BeneficiarySpec

__all__ = [
    "Checkout",
    "CheckoutLine",
    "GatewayError",
    "GatewayStatus",
    "PaymentStart",
    "RefundAnswer",
    "gateway_time",
    "paygov_query",
    "paygov_start",
    "vnpay_query",
    "vnpay_refund",
    "vnpay_start",
]

log = structlog.get_logger(__name__)

QueryState = Literal["paid", "failed", "open", "not_found"]
_VNPAY_NOT_FOUND = "91"
_VNPAY_OPEN = "01"
_VNPAY_FAILED = "02"
_PAYGOV_NOT_FOUND = paygov.ResponseCode.ORDER_NOT_FOUND.value
_TIMEOUT = httpx.Timeout(15.0)
_MessageT = TypeVar("_MessageT", bound=paygov.Message)


class GatewayError(Exception):
    """A gateway could not be reached, refused a request or answered unsigned."""


class CheckoutLine(msgspec.Struct, frozen=True, kw_only=True):
    """One fee or charge paid by an order, as PayGov's INIT lists them."""

    code: str
    name: str
    kind: str  # fee or charge
    amount: int


class Checkout(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a gateway needs to open the payment of one order.

    Attributes:
        txn_ref: the order's reference.
        amount: the amount in đồng.
        created_at: when the order was made.
        expires_at: when the payment window closes.
        dossier_code: the dossier paid for.
        procedure_code: its procedure's national code.
        unit_code: the official code of the dossier's unit.
        payer_name: the applicant's name (sent to PayGov, never logged).
        payer_identifier: the applicant's identifier (sent to PayGov).
        lines: the fees and charges paid.
        ip_addr: the payer's IP address (VNPay asks for it).
        lang: the payer's language, ``vi`` or ``en``.
        beneficiary: the collecting unit's account, for PayGov.
    """

    txn_ref: str
    amount: int
    created_at: dt.datetime
    expires_at: dt.datetime
    dossier_code: str
    procedure_code: str
    unit_code: str
    payer_name: str
    payer_identifier: str = ""
    lines: list[CheckoutLine] = []
    ip_addr: str = "127.0.0.1"
    lang: str = "vi"
    beneficiary: BeneficiarySpec | None = None


class PaymentStart(msgspec.Struct, frozen=True, kw_only=True):
    """Where to send the payer, and the gateway's transaction if it made one."""

    redirect_url: str
    transaction_no: str | None = None


class GatewayStatus(msgspec.Struct, frozen=True, kw_only=True):
    """A gateway's verified answer about one payment.

    Attributes:
        state: ``paid``, ``failed``, ``open`` (not finished, or not decided) or
            ``not_found`` (the gateway never saw the payment).
        amount: the amount the gateway holds, in đồng, when it says.
        currency: the currency it holds.
        transaction_no: the gateway's transaction number.
        bank_code: the payer's bank, when known.
        paid_at: when the payment was made, when paid.
        response_code: the gateway's own code, for the record.
        fields: the verified answer's fields, signature left out.
    """

    state: QueryState
    amount: int | None = None
    currency: str = "VND"
    transaction_no: str | None = None
    bank_code: str | None = None
    paid_at: dt.datetime | None = None
    response_code: str = ""
    fields: dict[str, str] = {}


class RefundAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """What a gateway said to a refund request."""

    accepted: bool
    response_code: str
    transaction_no: str | None = None
    message: str = ""


def _vnpay_order_info(checkout: Checkout) -> str:
    return f"Thanh toan phi le phi ho so {checkout.dossier_code}"


def vnpay_start(
    merchant: vnpay.VnpayMerchant, checkout: Checkout, base_url: str
) -> PaymentStart:
    """Build the signed VNPay address for an order; VNPay opens no transaction
    before the payer arrives, so nothing is sent yet.

    Args:
        merchant: the merchant terminal.
        checkout: the order to pay.
        base_url: Motcua's public address, for the return URL.

    Returns:
        The address to redirect the payer to.
    """
    url = vnpay.build_payment_url(
        merchant.pay_url,
        tmn_code=merchant.tmn_code,
        secret=merchant.secret,
        amount_vnd=checkout.amount,
        txn_ref=checkout.txn_ref,
        order_info=_vnpay_order_info(checkout),
        return_url=f"{base_url}/payments/vnpay/return",
        ip_addr=checkout.ip_addr,
        created_at=checkout.created_at,
        expire_at=checkout.expires_at,
        locale="en" if checkout.lang == "en" else "vn",
    )
    return PaymentStart(redirect_url=url)


async def _post_json(
    client: httpx.AsyncClient, url: str, body: bytes, gateway: str, command: str
) -> bytes:
    try:
        response = await client.post(
            url,
            content=body,
            headers={"content-type": "application/json"},
            timeout=_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        log.warning(
            "payment_gateway_request_failure",
            gateway=gateway,
            command=command,
            error=type(exc).__name__,
        )
        raise GatewayError(f"{gateway} {command}: {type(exc).__name__}") from exc
    log.info(
        "payment_gateway_request",
        gateway=gateway,
        command=command,
        http_status=response.status_code,
    )
    if response.status_code != httpx.codes.OK:
        raise GatewayError(f"{gateway} {command}: HTTP {response.status_code}")
    return response.content


def _without_signature(fields: dict[str, str], *names: str) -> dict[str, str]:
    return {key: value for key, value in fields.items() if key not in names}


def _vnpay_state(answer: vnpay.QueryDrResponse) -> QueryState:
    if not answer.accepted:
        if answer.response_code == _VNPAY_NOT_FOUND:
            return "not_found"
        raise GatewayError(f"vnpay querydr refused: {answer.response_code}")
    if answer.payment_succeeded:
        return "paid"
    if answer.transaction_status == _VNPAY_FAILED:
        return "failed"
    # 01 is unfinished; reversals and suspected fraud are left for staff.
    return "open"


def gateway_time(text: str) -> dt.datetime | None:
    """A gateway's ``yyyyMMddHHmmss`` GMT+7 time, or ``None`` if unreadable."""
    try:
        return parse_timestamp(text) if text else None
    except ValueError:
        return None


async def vnpay_query(
    client: httpx.AsyncClient,
    merchant: vnpay.VnpayMerchant,
    *,
    txn_ref: str,
    created_at: dt.datetime,
    transaction_no: str | None,
    now: dt.datetime,
    server_ip: str = "127.0.0.1",
) -> GatewayStatus:
    """Ask VNPay for the status of a payment (``querydr``).

    Args:
        client: the HTTP client.
        merchant: the merchant terminal.
        txn_ref: the order's reference.
        created_at: when the order's payment request was made.
        transaction_no: VNPay's transaction number, if known.
        now: the time of the query.
        server_ip: Motcua's address, which VNPay records.

    Returns:
        The verified status.

    Raises:
        GatewayError: VNPay was unreachable, refused the query or answered
            with a wrong signature.
    """
    request = vnpay.build_querydr_request(
        tmn_code=merchant.tmn_code,
        secret=merchant.secret,
        txn_ref=txn_ref,
        transaction_date=created_at,
        created_at=now,
        ip_addr=server_ip,
        order_info=f"Truy van giao dich {txn_ref}",
        transaction_no=transaction_no,
    )
    raw = await _post_json(
        client, merchant.api_url, msgspec.json.encode(request), "vnpay", "querydr"
    )
    try:
        answer = vnpay.parse_querydr_response(raw, merchant.secret)
    except (vnpay.InvalidSignatureError, msgspec.MsgspecError) as exc:
        raise GatewayError(f"vnpay querydr answer rejected: {exc}") from exc
    fields = _without_signature(msgspec.to_builtins(answer), "secure_hash")
    return GatewayStatus(
        state=_vnpay_state(answer),
        amount=answer.amount_vnd,
        transaction_no=answer.transaction_no or None,
        bank_code=answer.bank_code or None,
        paid_at=gateway_time(answer.pay_date),
        response_code=answer.transaction_status or answer.response_code,
        fields={key: str(value) for key, value in fields.items()},
    )


async def vnpay_refund(
    client: httpx.AsyncClient,
    merchant: vnpay.VnpayMerchant,
    *,
    txn_ref: str,
    amount: int,
    full: bool,
    created_at: dt.datetime,
    transaction_no: str | None,
    requested_by: str,
    request_id: str,
    now: dt.datetime,
    server_ip: str = "127.0.0.1",
) -> RefundAnswer:
    """Ask VNPay to refund a paid order, fully or in part.

    Args:
        client: the HTTP client.
        merchant: the merchant terminal.
        txn_ref: the order's reference.
        amount: the amount to refund, in đồng.
        full: whether the whole payment is refunded.
        created_at: when the order's payment request was made.
        transaction_no: VNPay's transaction number of the payment.
        requested_by: who asks (a user name, or ``system``).
        request_id: the refund's identifier, unique for the day.
        now: the time of the request.
        server_ip: Motcua's address.

    Returns:
        VNPay's verified answer.

    Raises:
        GatewayError: VNPay was unreachable or answered with a wrong signature.
    """
    request = vnpay.build_refund_request(
        tmn_code=merchant.tmn_code,
        secret=merchant.secret,
        txn_ref=txn_ref,
        amount_vnd=amount,
        refund_type=vnpay.RefundType.FULL if full else vnpay.RefundType.PARTIAL,
        transaction_date=created_at,
        created_by=requested_by,
        created_at=now,
        ip_addr=server_ip,
        order_info=f"Hoan tien giao dich {txn_ref}",
        transaction_no=transaction_no,
        request_id=request_id,
    )
    raw = await _post_json(
        client, merchant.api_url, msgspec.json.encode(request), "vnpay", "refund"
    )
    try:
        answer = vnpay.parse_refund_response(raw, merchant.secret)
    except (vnpay.InvalidSignatureError, msgspec.MsgspecError) as exc:
        raise GatewayError(f"vnpay refund answer rejected: {exc}") from exc
    return RefundAnswer(
        accepted=answer.accepted,
        response_code=answer.response_code,
        transaction_no=answer.transaction_no or None,
        message=answer.message,
    )


def _paygov_lines(checkout: Checkout) -> list[paygov.FeeLine]:
    return [
        paygov.FeeLine(
            fee_code=line.code,
            fee_name=line.name,
            kind=paygov.FeeKind.CHARGE if line.kind == "charge" else paygov.FeeKind.FEE,
            amount=line.amount,
        )
        for line in checkout.lines
        if line.amount > 0
    ]


def _beneficiary(checkout: Checkout) -> paygov.BeneficiaryAccount:
    if checkout.beneficiary is None:
        raise GatewayError("paygov init: the procedure names no beneficiary account")
    spec = checkout.beneficiary
    return paygov.BeneficiaryAccount(
        bank_code=spec.bank_code,
        account_no=spec.account_no,
        account_name=spec.account_name,
    )


def _decode_signed(
    raw: bytes, kind: type[_MessageT], secret: str, command: str
) -> _MessageT:
    try:
        message = paygov.decode_message(raw, kind)
    except msgspec.MsgspecError as exc:
        raise GatewayError(f"paygov {command} answer unreadable: {exc}") from exc
    if not paygov.verify_message(message, secret):
        raise GatewayError(f"paygov {command} answer has an invalid checksum")
    return message


async def paygov_start(
    client: httpx.AsyncClient,
    partner: paygov.PayGovPartner,
    checkout: Checkout,
    *,
    base_url: str,
    now: dt.datetime,
) -> PaymentStart:
    """Open a payment at PayGov with INIT and read where to send the payer.

    Args:
        client: the HTTP client.
        partner: Motcua's partner account.
        checkout: the order to pay.
        base_url: Motcua's public address, for the return and CONFIRM URLs.
        now: the time of the request.

    Returns:
        The platform's payment page and transaction id.

    Raises:
        GatewayError: the platform was unreachable, refused the INIT or
            answered with a wrong checksum.
    """
    message = paygov.build_init(
        partner_code=partner.partner_code,
        secret=partner.secret,
        request_id=checkout.txn_ref,
        requested_at=now,
        dossier_code=checkout.dossier_code,
        procedure_code=checkout.procedure_code,
        unit_code=checkout.unit_code,
        beneficiary=_beneficiary(checkout),
        payer=paygov.Payer(
            name=checkout.payer_name, identifier=checkout.payer_identifier
        ),
        fees=_paygov_lines(checkout),
        return_url=f"{base_url}/payments/paygov/return",
        notify_url=f"{base_url}/payments/paygov/confirm",
        expires_at=checkout.expires_at,
    )
    raw = await _post_json(
        client, partner.endpoint, msgspec.json.encode(message), "paygov", "init"
    )
    answer = _decode_signed(raw, paygov.InitResultMessage, partner.secret, "init")
    if answer.response_code != paygov.ResponseCode.SUCCESS.value:
        raise GatewayError(f"paygov init refused: {answer.response_code}")
    if answer.request_id != checkout.txn_ref or not answer.payment_url:
        raise GatewayError("paygov init answer names another payment")
    return PaymentStart(
        redirect_url=answer.payment_url, transaction_no=answer.transaction_id or None
    )


def _paygov_state(answer: paygov.QueryResultMessage) -> QueryState:
    if answer.response_code == _PAYGOV_NOT_FOUND:
        return "not_found"
    if answer.response_code != paygov.ResponseCode.SUCCESS.value:
        raise GatewayError(f"paygov query refused: {answer.response_code}")
    if answer.paid:
        return "paid"
    return "open" if not answer.status_code else "failed"


async def paygov_query(
    client: httpx.AsyncClient,
    partner: paygov.PayGovPartner,
    *,
    txn_ref: str,
    request_id: str,
    now: dt.datetime,
) -> GatewayStatus:
    """Ask PayGov for the status of a payment (QUERY).

    Args:
        client: the HTTP client.
        partner: Motcua's partner account.
        txn_ref: the INIT request id of the payment.
        request_id: this query's own identifier.
        now: the time of the query.

    Returns:
        The verified status.

    Raises:
        GatewayError: the platform was unreachable, refused the query or
            answered with a wrong checksum.
    """
    message = paygov.build_query(
        partner_code=partner.partner_code,
        secret=partner.secret,
        request_id=request_id,
        payment_request_id=txn_ref,
        requested_at=now,
    )
    raw = await _post_json(
        client, partner.endpoint, msgspec.json.encode(message), "paygov", "query"
    )
    answer = _decode_signed(raw, paygov.QueryResultMessage, partner.secret, "query")
    if answer.payment_request_id != txn_ref:
        raise GatewayError("paygov query answer names another payment")
    fields = msgspec.to_builtins(answer)
    fields.pop("checksum", None)
    return GatewayStatus(
        state=_paygov_state(answer),
        amount=answer.amount,
        currency=answer.currency,
        transaction_no=answer.transaction_id or None,
        paid_at=gateway_time(answer.paid_time or ""),
        response_code=answer.status_code or answer.response_code,
        fields={key: str(value) for key, value in fields.items()},
    )
