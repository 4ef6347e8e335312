"""PayGov's CONFIRM through ``POST /payments/paygov/confirm``: every answer.

The platform's callback is checked in the protocol's order (checksum, payment,
currency, amount, already confirmed, in time) and answered with a signed
CONFIRM_RESULT; a successful CONFIRM records one payment however often it comes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import msgspec

from core.dossiers.queries import load
from core.dossiers.statuses import Status
from plugins.payments_gateway.orders import find_order
from plugins.payments_gateway.protocols import paygov
from tests.plugins.payments_gateway.conftest import (
    OWED,
    PAYGOV_SECRET,
    new_order,
    paygov_confirm,
    payments_of,
    receipts_of,
)

CONFIRM = "/payments/paygov/confirm"


async def post(
    client: Any, message: paygov.ConfirmMessage | bytes
) -> paygov.ConfirmResultMessage:
    body = message if isinstance(message, bytes) else msgspec.json.encode(message)
    response = await client.post(
        CONFIRM, content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    return paygov.decode_message(response.content, paygov.ConfirmResultMessage)


async def test_a_paid_confirm_is_answered_00_signed_and_recorded(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")

    reply = await post(pay_client, paygov_confirm(order))

    assert reply.response_code == "00"
    assert reply.request_id == order.txn_ref
    assert reply.transaction_id == "PG778899"
    assert reply.message == "Thành công"
    assert paygov.verify_message(reply, PAYGOV_SECRET)
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.status == "paid"
    assert settled.gateway_transaction_no == "PG778899"
    assert "checksum" not in settled.raw_callback
    assert [p["amount"] for p in await payments_of(dossier.id)] == [OWED]
    moved = await load(dossier.id)
    assert moved is not None
    assert moved.status == Status.PROCESSING


async def test_a_confirm_with_a_wrong_checksum_is_answered_97(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    forged = paygov_confirm(order, secret="not-the-partner-secret")

    reply = await post(pay_client, forged)

    assert reply.response_code == "97"
    assert paygov.verify_message(reply, PAYGOV_SECRET)
    unchanged = await find_order(order.txn_ref)
    assert unchanged is not None
    assert unchanged.status == "pending"


async def test_a_confirm_changed_after_signing_is_answered_97(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    tampered = msgspec.structs.replace(paygov_confirm(order), amount=1)

    assert (await post(pay_client, tampered)).response_code == "97"


async def test_a_confirm_for_an_unknown_payment_is_answered_01(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    message = msgspec.structs.replace(paygov_confirm(order), request_id="MCUNKNOWN")
    message = paygov.with_checksum(message, PAYGOV_SECRET)

    assert (await post(pay_client, message)).response_code == "01"


async def test_a_confirm_for_a_vnpay_order_is_answered_01(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "vnpay")

    assert (await post(pay_client, paygov_confirm(order))).response_code == "01"


async def test_a_confirm_in_another_currency_is_answered_05(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")

    reply = await post(pay_client, paygov_confirm(order, currency="USD", amount=10))

    assert reply.response_code == "05"
    assert reply.message == "Loại tiền tệ không khớp"
    assert await payments_of(dossier.id) == []


async def test_a_confirm_with_another_amount_is_answered_04(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")

    reply = await post(pay_client, paygov_confirm(order, amount=OWED + 1000))

    assert reply.response_code == "04"
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"


async def test_a_payment_made_after_the_window_closed_is_answered_06(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov", minutes=15)
    late = order.expires_at + dt.timedelta(minutes=1)

    reply = await post(pay_client, paygov_confirm(order, paid_time=late))

    assert reply.response_code == "06"
    assert reply.message == "Giao dịch đã hết hạn"
    assert await payments_of(dossier.id) == []


async def test_a_payment_made_just_before_the_window_closed_is_accepted(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov", minutes=15)
    in_time = order.expires_at - dt.timedelta(seconds=1)

    reply = await post(pay_client, paygov_confirm(order, paid_time=in_time))

    assert reply.response_code == "00"


async def test_the_same_confirm_twice_is_answered_02_once_paid(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    message = paygov_confirm(order)

    first = await post(pay_client, message)
    second = await post(pay_client, message)

    assert (first.response_code, second.response_code) == ("00", "02")
    assert second.message == "Giao dịch đã được xác nhận trước đó"
    assert len(await payments_of(dossier.id)) == 1
    assert len(await receipts_of(dossier.id)) == 2


async def test_parallel_confirms_record_one_payment(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    message = paygov_confirm(order)

    replies = await asyncio.gather(*(post(pay_client, message) for _ in range(6)))

    assert sorted(r.response_code for r in replies) == ["00"] + ["02"] * 5
    assert len(await payments_of(dossier.id)) == 1
    assert len(await receipts_of(dossier.id)) == 2


async def test_an_unpaid_confirm_is_answered_00_and_recorded_failed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")

    reply = await post(pay_client, paygov_confirm(order, status_code="01"))

    assert reply.response_code == "00"
    failed = await find_order(order.txn_ref)
    assert failed is not None
    assert failed.status == "failed"
    assert await payments_of(dossier.id) == []


async def test_a_body_that_is_no_confirm_is_answered_99(pay_client: Any) -> None:
    reply = await post(pay_client, b'{"messageType": "CONFIRM", "amount": "lots"}')

    assert reply.response_code == "99"
    assert paygov.verify_message(reply, PAYGOV_SECRET)
