"""The sandbox gateways' server-to-server APIs, called as Motcua calls them.

VNPay's merchant API answers ``querydr`` and ``refund`` and PayGov's API answers
INIT and QUERY from the sandbox's own ledger, each answer signed; every answer is
read back with the protocol modules, so what the sandbox says is what a real
gateway's answer would mean.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.protocols._common import format_timestamp
from plugins.payments_gateway.sandbox import ledger
from tests.plugins.payments_gateway.conftest import PAYGOV_SECRET, VNPAY_SECRET

NOW = dt.datetime.now(dt.UTC)
CREATED = NOW - dt.timedelta(minutes=5)


async def booked(
    reference: str, status: str = "paid", amount: int = 150_000
) -> ledger.SandboxRecord:
    record = await ledger.open_transaction(
        gateway="vnpay",
        merchant_ref=reference,
        amount=amount,
        request={"vnp_CreateDate": format_timestamp(CREATED), "vnp_OrderInfo": "x"},
        now=CREATED,
        expires_at=CREATED + dt.timedelta(minutes=15),
    )
    if status != "open":
        assert await ledger.finish(
            record, status, "00" if status == "paid" else "24", NOW
        )
    return record


def querydr(reference: str, **changes: Any) -> dict[str, Any]:
    request = vnpay.build_querydr_request(
        tmn_code=changes.pop("tmn_code", "MOTCUASB"),
        secret=changes.pop("secret", VNPAY_SECRET),
        txn_ref=reference,
        transaction_date=changes.pop("transaction_date", CREATED),
        created_at=NOW,
        ip_addr="127.0.0.1",
        order_info="Truy van",
    )
    body: dict[str, Any] = msgspec.to_builtins(request)
    return body


async def ask(client: Any, body: dict[str, Any]) -> vnpay.QueryDrResponse:
    response = await client.post("/sandbox/vnpay/api", json=body)
    assert response.status_code == 200
    return vnpay.parse_querydr_response(response.content, VNPAY_SECRET)


@pytest.mark.parametrize(
    ("status", "transaction_status"),
    [("paid", "00"), ("open", "01"), ("cancelled", "02")],
)
async def test_querydr_answers_what_the_ledger_holds(
    pay_client: Any, status: str, transaction_status: str
) -> None:
    reference = f"MCQ{status.upper()}{NOW:%H%M%S%f}"
    record = await booked(reference, status)

    answer = await ask(pay_client, querydr(reference))

    assert answer.response_code == "00"
    assert answer.transaction_status == transaction_status
    assert answer.txn_ref == reference
    assert answer.amount_vnd == 150_000
    assert answer.transaction_no == record.transaction_no
    assert answer.payment_succeeded is (status == "paid")


async def test_querydr_for_an_unknown_reference_answers_91(pay_client: Any) -> None:
    answer = await ask(pay_client, querydr("MCNEVERSEEN"))

    assert answer.response_code == "91"


async def test_querydr_with_another_transaction_date_answers_91(
    pay_client: Any,
) -> None:
    reference = f"MCQDATE{NOW:%H%M%S%f}"
    await booked(reference)

    answer = await ask(
        pay_client, querydr(reference, transaction_date=CREATED - dt.timedelta(days=1))
    )

    assert answer.response_code == "91"


async def test_querydr_from_another_terminal_answers_02(pay_client: Any) -> None:
    reference = f"MCQTMN{NOW:%H%M%S%f}"
    await booked(reference)

    answer = await ask(pay_client, querydr(reference, tmn_code="OTHERSHOP"))

    assert answer.response_code == "02"


async def test_querydr_signed_with_another_secret_answers_97(pay_client: Any) -> None:
    answer = await ask(pay_client, querydr("MCX", secret="guessed"))

    assert answer.response_code == "97"


def refund_body(
    reference: str, amount: int, *, secret: str = VNPAY_SECRET
) -> dict[str, Any]:
    request = vnpay.build_refund_request(
        tmn_code="MOTCUASB",
        secret=secret,
        txn_ref=reference,
        amount_vnd=amount,
        refund_type=vnpay.RefundType.PARTIAL,
        transaction_date=CREATED,
        created_by="thungan",
        created_at=NOW,
        ip_addr="127.0.0.1",
        order_info="Hoan tien",
    )
    body: dict[str, Any] = msgspec.to_builtins(request)
    return body


async def refund(client: Any, body: dict[str, Any]) -> vnpay.RefundResponse:
    response = await client.post("/sandbox/vnpay/api", json=body)
    return vnpay.parse_refund_response(response.content, VNPAY_SECRET)


async def test_refunds_are_booked_until_the_payment_is_given_back(
    pay_client: Any,
) -> None:
    reference = f"MCRF{NOW:%H%M%S%f}"
    await booked(reference)

    first = await refund(pay_client, refund_body(reference, 50_000))
    too_much = await refund(pay_client, refund_body(reference, 100_001))
    rest = await refund(pay_client, refund_body(reference, 100_000))
    after = await refund(pay_client, refund_body(reference, 1))

    assert [a.response_code for a in (first, too_much, rest, after)] == [
        "00",
        "03",
        "00",
        "95",
    ]
    assert first.transaction_no
    assert first.transaction_no != rest.transaction_no
    record = await ledger.by_merchant_ref("vnpay", reference)
    assert record is not None
    assert (record.status, record.refunded_amount) == ("refunded", 150_000)


async def test_an_unpaid_transaction_cannot_be_refunded(pay_client: Any) -> None:
    reference = f"MCRFOPEN{NOW:%H%M%S%f}"
    await booked(reference, "open")

    answer = await refund(pay_client, refund_body(reference, 1000))

    assert answer.response_code == "95"


async def test_a_forged_refund_is_answered_97(pay_client: Any) -> None:
    reference = f"MCRFFORGED{NOW:%H%M%S%f}"
    await booked(reference)

    answer = await refund(pay_client, refund_body(reference, 1000, secret="guessed"))

    assert answer.response_code == "97"
    record = await ledger.by_merchant_ref("vnpay", reference)
    assert record is not None
    assert record.refunded_amount == 0


async def test_a_body_that_is_not_json_is_refused(pay_client: Any) -> None:
    response = await pay_client.post("/sandbox/vnpay/api", content=b"not json")

    assert response.status_code == 400


# --- PayGov ---------------------------------------------------------------------------


def init(request_id: str, **changes: Any) -> paygov.InitMessage:
    fees = changes.pop(
        "fees",
        [
            paygov.FeeLine(
                fee_code="phi", fee_name="Phí", kind=paygov.FeeKind.FEE, amount=50_000
            )
        ],
    )
    message = paygov.InitMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id=request_id,
        request_time=format_timestamp(NOW),
        dossier_code="H99-261203-0001",
        procedure_code="2.000488.H99",
        unit_code="000.00.15.H99",
        beneficiary_account=paygov.BeneficiaryAccount(
            bank_code="SANDBOX", account_no="0", account_name="X"
        ),
        payer=paygov.Payer(name="Nguyễn Thị Hoa"),
        fees=fees,
        total_amount=changes.pop("total_amount", sum(f.amount for f in fees)),
        currency=changes.pop("currency", "VND"),
        return_url="http://testserver.local/payments/paygov/return",
        notify_url="http://testserver.local/payments/paygov/confirm",
        expire_time=format_timestamp(NOW + dt.timedelta(minutes=15)),
    )
    return paygov.with_checksum(message, changes.pop("secret", PAYGOV_SECRET))


async def post(client: Any, message: paygov.Message, kind: type[Any]) -> Any:
    response = await client.post(
        "/sandbox/paygov/api", content=msgspec.json.encode(message)
    )
    assert response.status_code == 200, response.text
    answer = paygov.decode_message(response.content, kind)
    assert paygov.verify_message(answer, PAYGOV_SECRET)
    return answer


async def test_init_opens_a_transaction_and_answers_its_page(pay_client: Any) -> None:
    request_id = f"MCINIT{NOW:%H%M%S%f}"

    answer = await post(pay_client, init(request_id), paygov.InitResultMessage)

    assert answer.response_code == "00"
    assert (
        answer.payment_url
        == f"http://testserver.local/sandbox/paygov/pay/{answer.transaction_id}"
    )
    record = await ledger.by_merchant_ref("paygov", request_id)
    assert record is not None
    assert (record.status, record.amount) == ("open", 50_000)


async def test_the_same_init_twice_answers_the_same_transaction(
    pay_client: Any,
) -> None:
    request_id = f"MCINIT2{NOW:%H%M%S%f}"

    first = await post(pay_client, init(request_id), paygov.InitResultMessage)
    again = await post(pay_client, init(request_id), paygov.InitResultMessage)

    assert again.transaction_id == first.transaction_id


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"secret": "guessed"}, "97"),
        ({"total_amount": 49_999}, "04"),
        ({"currency": "USD"}, "05"),
    ],
)
async def test_init_is_refused_as_the_platform_would(
    pay_client: Any, changes: dict[str, Any], code: str
) -> None:
    request_id = f"MCINITNO{code}{NOW:%H%M%S%f}"

    answer = await post(
        pay_client, init(request_id, **changes), paygov.InitResultMessage
    )

    assert answer.response_code == code
    assert answer.payment_url == ""
    assert await ledger.by_merchant_ref("paygov", request_id) is None


def query(payment_request_id: str) -> paygov.QueryMessage:
    message = paygov.QueryMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id="Q1",
        payment_request_id=payment_request_id,
        request_time=format_timestamp(NOW),
    )
    return paygov.with_checksum(message, PAYGOV_SECRET)


async def test_query_answers_open_then_paid(pay_client: Any) -> None:
    request_id = f"MCQPG{NOW:%H%M%S%f}"
    await post(pay_client, init(request_id), paygov.InitResultMessage)

    waiting = await post(pay_client, query(request_id), paygov.QueryResultMessage)
    record = await ledger.by_merchant_ref("paygov", request_id)
    assert record is not None
    await ledger.finish(record, "paid", "00", NOW)
    paid = await post(pay_client, query(request_id), paygov.QueryResultMessage)

    assert (waiting.response_code, waiting.status_code, waiting.paid) == (
        "00",
        "",
        False,
    )
    assert paid.paid
    assert (paid.amount, paid.paid_time) == (50_000, format_timestamp(NOW))


async def test_query_for_an_unknown_payment_answers_01(pay_client: Any) -> None:
    answer = await post(pay_client, query("MCNOTOPENED"), paygov.QueryResultMessage)

    assert answer.response_code == "01"


async def test_a_message_the_platform_does_not_take_is_refused(pay_client: Any) -> None:
    bill = paygov.GetBillMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id="B1",
        dossier_code="H99",
        request_time=format_timestamp(NOW),
    )

    response = await pay_client.post(
        "/sandbox/paygov/api", content=msgspec.json.encode(bill)
    )

    assert response.status_code == 400
