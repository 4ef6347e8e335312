"""Calls to the gateways, against stand-ins built with ``httpx.MockTransport``.

The stand-ins check what a real gateway would check (the request's signature)
and answer signed messages; the tests pin down how each answer is read: which
answers settle an order, which leave it open, and which are not believed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import msgspec
import pytest

from plugins.payments_gateway import gateways
from plugins.payments_gateway.gateways import Checkout, CheckoutLine, GatewayError
from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.section import BeneficiarySpec
from tests.plugins.payments_gateway.conftest import query_of

SECRET = "vnpay-test-secret"
PARTNER_SECRET = "paygov-test-secret"
NOW = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)  # 09:00 in Viet Nam
CREATED = NOW - dt.timedelta(minutes=20)
MERCHANT = vnpay.VnpayMerchant(
    tmn_code="MOTCUA01",
    secret=SECRET,
    pay_url="https://gateway.test/vpcpay.html",
    api_url="https://gateway.test/merchant_webapi/api/transaction",
)
PARTNER = paygov.PayGovPartner(
    partner_code="MOTCUA", secret=PARTNER_SECRET, endpoint="https://paygov.test/api"
)
CHECKOUT = Checkout(
    txn_ref="MC261203ABCDEF0123",
    amount=230_000,
    created_at=CREATED,
    expires_at=CREATED + dt.timedelta(minutes=15),
    dossier_code="000.00.15.H99-261203-0007",
    procedure_code="2.000488.H99",
    unit_code="000.00.15.H99",
    payer_name="Nguyễn Thị Hoa",
    payer_identifier="001199012345",
    lines=[
        CheckoutLine(code="phi", name="Phí", kind="fee", amount=200_000),
        CheckoutLine(code="le-phi", name="Lệ phí", kind="charge", amount=30_000),
    ],
    ip_addr="203.162.10.5",
    beneficiary=BeneficiarySpec(
        bank_code="970415", account_no="01", account_name="STP"
    ),
)

Answer = Callable[[dict[str, Any]], dict[str, Any]]


def vnpay_api(
    answer: Answer, seen: list[dict[str, Any]] | None = None
) -> httpx.AsyncClient:
    """A VNPay merchant API that checks the request's signature, then answers."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = msgspec.json.decode(request.content)
        order = (
            vnpay.QUERYDR_REQUEST_FIELDS
            if body["vnp_Command"] == "querydr"
            else vnpay.REFUND_REQUEST_FIELDS
        )
        assert body["vnp_SecureHash"] == vnpay.pipe_signature(body, order, SECRET)
        if seen is not None:
            seen.append(body)
        fields = answer(body)
        response_order = (
            vnpay.QUERYDR_RESPONSE_FIELDS
            if body["vnp_Command"] == "querydr"
            else vnpay.REFUND_RESPONSE_FIELDS
        )
        signed = fields | {
            "vnp_SecureHash": vnpay.pipe_signature(fields, response_order, SECRET)
        }
        return httpx.Response(200, json=signed)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


def query_answer(code: str = "00", status: str = "00", amount: int = 230_000) -> Answer:
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        return {
            "vnp_ResponseId": "r1",
            "vnp_Command": "querydr",
            "vnp_ResponseCode": code,
            "vnp_Message": "QueryDR Success",
            "vnp_TmnCode": body["vnp_TmnCode"],
            "vnp_TxnRef": body["vnp_TxnRef"],
            "vnp_Amount": str(amount * 100),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": "20261203084512",
            "vnp_TransactionNo": "14268811",
            "vnp_TransactionType": "01",
            "vnp_TransactionStatus": status,
            "vnp_OrderInfo": "x",
            "vnp_PromotionCode": "",
            "vnp_PromotionAmount": "",
        }

    return answer


async def vnpay_query(client: httpx.AsyncClient) -> gateways.GatewayStatus:
    async with client:
        return await gateways.vnpay_query(
            client,
            MERCHANT,
            txn_ref=CHECKOUT.txn_ref,
            created_at=CREATED,
            transaction_no=None,
            now=NOW,
        )


def test_the_vnpay_redirect_is_signed_and_carries_the_order() -> None:
    started = gateways.vnpay_start(MERCHANT, CHECKOUT, "https://motcua.test")

    params = query_of(started.redirect_url)
    assert started.redirect_url.startswith(MERCHANT.pay_url + "?")
    assert vnpay.verify(params, SECRET)
    assert params["vnp_Amount"] == "23000000"
    assert params["vnp_TxnRef"] == CHECKOUT.txn_ref
    assert params["vnp_CreateDate"] == "20261203084000"
    assert params["vnp_ExpireDate"] == "20261203085500"
    assert params["vnp_ReturnUrl"] == "https://motcua.test/payments/vnpay/return"
    assert params["vnp_Locale"] == "vn"
    assert params["vnp_IpAddr"] == "203.162.10.5"
    assert started.transaction_no is None


def test_an_english_payer_gets_the_english_vnpay_page() -> None:
    english = msgspec.structs.replace(CHECKOUT, lang="en")

    params = query_of(
        gateways.vnpay_start(MERCHANT, english, "https://m.test").redirect_url
    )

    assert params["vnp_Locale"] == "en"


async def test_the_status_query_is_signed_and_names_the_order() -> None:
    seen: list[dict[str, Any]] = []

    await vnpay_query(vnpay_api(query_answer(), seen))

    [body] = seen
    assert body["vnp_Command"] == "querydr"
    assert body["vnp_TxnRef"] == CHECKOUT.txn_ref
    assert body["vnp_TransactionDate"] == "20261203084000"
    assert body["vnp_CreateDate"] == "20261203090000"


@pytest.mark.parametrize(
    ("code", "status", "state"),
    [
        ("00", "00", "paid"),
        ("00", "01", "open"),
        ("00", "02", "failed"),
        ("00", "07", "open"),
        ("91", "", "not_found"),
    ],
)
async def test_vnpay_status_answers_are_read(
    code: str, status: str, state: str
) -> None:
    found = await vnpay_query(vnpay_api(query_answer(code, status)))

    assert found.state == state


async def test_a_paid_vnpay_status_carries_its_details() -> None:
    found = await vnpay_query(vnpay_api(query_answer()))

    assert found.amount == 230_000
    assert found.transaction_no == "14268811"
    assert found.bank_code == "NCB"
    assert found.paid_at == dt.datetime(2026, 12, 3, 1, 45, 12, tzinfo=dt.UTC)
    assert "secure_hash" not in found.fields


async def test_a_refused_vnpay_query_is_an_error() -> None:
    with pytest.raises(GatewayError, match="refused: 94"):
        await vnpay_query(vnpay_api(query_answer("94", "")))


async def test_a_vnpay_answer_with_a_wrong_signature_is_not_believed() -> None:
    def forged(request: httpx.Request) -> httpx.Response:
        fields = query_answer()(msgspec.json.decode(request.content))
        return httpx.Response(200, json=fields | {"vnp_SecureHash": "ab" * 64})

    client = httpx.AsyncClient(transport=httpx.MockTransport(forged))

    with pytest.raises(GatewayError, match="rejected"):
        await vnpay_query(client)


@pytest.mark.parametrize(
    "failure",
    [
        lambda request: httpx.Response(500),
        lambda request: httpx.Response(200, content=b"<html>maintenance</html>"),
    ],
)
async def test_a_broken_vnpay_answer_is_an_error(
    failure: Callable[[httpx.Request], httpx.Response],
) -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(failure))

    with pytest.raises(GatewayError):
        await vnpay_query(client)


async def test_an_unreachable_gateway_is_an_error() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(GatewayError, match="ConnectTimeout"):
        await vnpay_query(httpx.AsyncClient(transport=httpx.MockTransport(down)))


def refund_answer(code: str) -> Answer:
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        return {
            "vnp_ResponseId": "r2",
            "vnp_Command": "refund",
            "vnp_ResponseCode": code,
            "vnp_Message": "Refund",
            "vnp_TmnCode": body["vnp_TmnCode"],
            "vnp_TxnRef": body["vnp_TxnRef"],
            "vnp_Amount": str(body["vnp_Amount"]),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": "20261203090000",
            "vnp_TransactionNo": "99887766",
            "vnp_TransactionType": body["vnp_TransactionType"],
            "vnp_TransactionStatus": "05",
            "vnp_OrderInfo": "x",
        }

    return answer


async def refund(
    client: httpx.AsyncClient, amount: int, full: bool
) -> gateways.RefundAnswer:
    async with client:
        return await gateways.vnpay_refund(
            client,
            MERCHANT,
            txn_ref=CHECKOUT.txn_ref,
            amount=amount,
            full=full,
            created_at=CREATED,
            transaction_no="14268811",
            requested_by="thungan",
            request_id="RF0001",
            now=NOW,
        )


async def test_a_full_refund_is_sent_as_type_02_and_accepted() -> None:
    seen: list[dict[str, Any]] = []

    answer = await refund(vnpay_api(refund_answer("00"), seen), 230_000, True)

    assert answer.accepted
    assert answer.transaction_no == "99887766"
    [body] = seen
    assert (body["vnp_TransactionType"], body["vnp_Amount"]) == ("02", 23_000_000)
    assert body["vnp_CreateBy"] == "thungan"
    assert body["vnp_RequestId"] == "RF0001"


async def test_a_partial_refund_is_sent_as_type_03() -> None:
    seen: list[dict[str, Any]] = []

    await refund(vnpay_api(refund_answer("00"), seen), 30_000, False)

    assert seen[0]["vnp_TransactionType"] == "03"


async def test_a_refused_refund_is_read_as_refused() -> None:
    answer = await refund(vnpay_api(refund_answer("95")), 230_000, True)

    assert not answer.accepted
    assert answer.response_code == "95"


# --- PayGov ---------------------------------------------------------------------------


def paygov_api(
    answer: Callable[[paygov.Message], paygov.Message],
    seen: list[paygov.Message] | None = None,
) -> httpx.AsyncClient:
    """A PayGov platform that checks the message's checksum, then answers."""

    def handle(request: httpx.Request) -> httpx.Response:
        message = paygov.decode_any_message(request.content)
        assert paygov.verify_message(message, PARTNER_SECRET)
        if seen is not None:
            seen.append(message)
        reply = paygov.with_checksum(answer(message), PARTNER_SECRET)
        return httpx.Response(200, content=msgspec.json.encode(reply))

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


def init_result(
    code: str = "00", request_id: str | None = None
) -> Callable[[Any], Any]:
    def answer(message: Any) -> paygov.InitResultMessage:
        return paygov.InitResultMessage(
            partner_code="MOTCUA",
            request_id=request_id or message.request_id,
            response_code=code,
            transaction_id="PG0001" if code == "00" else "",
            payment_url="https://paygov.test/pay/PG0001" if code == "00" else "",
        )

    return answer


async def paygov_start(client: httpx.AsyncClient, checkout: Checkout = CHECKOUT) -> Any:
    async with client:
        return await gateways.paygov_start(
            client, PARTNER, checkout, base_url="https://motcua.test", now=NOW
        )


async def test_init_lists_the_fees_and_names_motcuas_addresses() -> None:
    seen: list[paygov.Message] = []

    started = await paygov_start(paygov_api(init_result(), seen))

    assert started.redirect_url == "https://paygov.test/pay/PG0001"
    assert started.transaction_no == "PG0001"
    [init] = seen
    assert isinstance(init, paygov.InitMessage)
    assert init.request_id == CHECKOUT.txn_ref
    assert init.total_amount == 230_000
    assert [(f.fee_code, f.kind, f.amount) for f in init.fees] == [
        ("phi", paygov.FeeKind.FEE, 200_000),
        ("le-phi", paygov.FeeKind.CHARGE, 30_000),
    ]
    assert init.notify_url == "https://motcua.test/payments/paygov/confirm"
    assert init.return_url == "https://motcua.test/payments/paygov/return"
    assert init.expire_time == "20261203085500"
    assert init.beneficiary_account.account_no == "01"
    assert init.payer.identifier == "001199012345"


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (init_result("04"), "refused: 04"),
        (init_result(request_id="SOMEONE-ELSE"), "another payment"),
    ],
)
async def test_an_init_not_accepted_for_this_order_is_an_error(
    answer: Callable[[Any], Any], words: str
) -> None:
    with pytest.raises(GatewayError, match=words):
        await paygov_start(paygov_api(answer))


async def test_an_init_without_a_beneficiary_account_is_not_sent() -> None:
    seen: list[paygov.Message] = []
    nobody = msgspec.structs.replace(CHECKOUT, beneficiary=None)

    with pytest.raises(GatewayError, match="beneficiary"):
        await paygov_start(paygov_api(init_result(), seen), nobody)

    assert seen == []


async def test_an_init_answer_with_a_wrong_checksum_is_not_believed() -> None:
    def forged(request: httpx.Request) -> httpx.Response:
        message = paygov.decode_any_message(request.content)
        reply = init_result()(message)
        return httpx.Response(
            200, content=msgspec.json.encode(paygov.with_checksum(reply, "guess"))
        )

    with pytest.raises(GatewayError, match="checksum"):
        await paygov_start(httpx.AsyncClient(transport=httpx.MockTransport(forged)))


def query_result(
    code: str = "00", status: str = "00", amount: int | None = 230_000
) -> Callable[[Any], Any]:
    def answer(message: Any) -> paygov.QueryResultMessage:
        return paygov.QueryResultMessage(
            partner_code="MOTCUA",
            request_id=message.request_id,
            payment_request_id=message.payment_request_id,
            response_code=code,
            transaction_id="PG0001",
            amount=amount,
            status_code=status,
            paid_time="20261203084512" if status == "00" else None,
        )

    return answer


async def paygov_query(client: httpx.AsyncClient) -> gateways.GatewayStatus:
    async with client:
        return await gateways.paygov_query(
            client, PARTNER, txn_ref=CHECKOUT.txn_ref, request_id="Q1", now=NOW
        )


@pytest.mark.parametrize(
    ("code", "status", "state"),
    [
        ("00", "00", "paid"),
        ("00", "", "open"),
        ("00", "01", "failed"),
        ("01", "", "not_found"),
    ],
)
async def test_paygov_status_answers_are_read(
    code: str, status: str, state: str
) -> None:
    found = await paygov_query(paygov_api(query_result(code, status)))

    assert found.state == state


async def test_a_paid_paygov_status_carries_its_details() -> None:
    found = await paygov_query(paygov_api(query_result()))

    assert (found.amount, found.currency, found.transaction_no) == (
        230_000,
        "VND",
        "PG0001",
    )
    assert found.paid_at == dt.datetime(2026, 12, 3, 1, 45, 12, tzinfo=dt.UTC)
    assert "checksum" not in found.fields


async def test_a_refused_paygov_query_is_an_error() -> None:
    with pytest.raises(GatewayError, match="refused: 97"):
        await paygov_query(paygov_api(query_result("97", "")))
