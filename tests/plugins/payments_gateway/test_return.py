"""The payer's return page: shown, verified, and never trusted alone.

A return only tells the payer what happened. The order is marked paid from a
return only when the gateway itself confirms the payment, by an earlier callback
or by a status query made while the payer waits.
"""

from __future__ import annotations

from typing import Any

import pytest

from plugins.payments_gateway.orders import find_order, orders_of_dossier
from plugins.payments_gateway.protocols._common import format_timestamp
from plugins.payments_gateway.sandbox import delivery, ledger
from plugins.payments_gateway.tables import CallbackLog
from tests.plugins.payments_gateway.conftest import (
    new_order,
    paygov_confirm,
    payments_of,
    query_of,
    receipts_of,
    vnpay_result,
)
from tests.plugins.payments_gateway.test_sandbox import open_sandbox_page, press


async def lost_callbacks(*_args: Any, **_kwargs: Any) -> None:
    """A gateway that never calls back."""


async def test_a_return_before_the_ipn_settles_the_order_by_asking_the_gateway(
    pay_client: Any, citizen: Any, dossier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "deliver_ipn", lost_callbacks)
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")
    pressed = await press(pay_client, action, "pay")
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "pending"

    page = await pay_client.get(pressed.headers["location"])

    assert "Đã nhận được khoản thanh toán" in page.text
    paid = await find_order(order.txn_ref)
    assert paid is not None
    assert paid.status == "paid"
    assert len(await payments_of(dossier.id)) == 1
    kinds = await CallbackLog.select(CallbackLog.kind).where(
        CallbackLog.order_id == order.id
    )
    assert sorted(row["kind"] for row in kinds) == ["query", "return"]


async def test_the_ipn_arriving_after_the_return_is_answered_02(
    pay_client: Any, citizen: Any, dossier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "deliver_ipn", lost_callbacks)
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")
    pressed = await press(pay_client, action, "pay")
    await pay_client.get(pressed.headers["location"])

    late = await pay_client.get(
        "/payments/vnpay/ipn", params=query_of(pressed.headers["location"])
    )

    assert late.json()["RspCode"] == "02"
    assert len(await receipts_of(dossier.id)) == 2


async def test_a_signed_return_the_gateway_knows_nothing_of_marks_nothing_paid(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    page = await pay_client.get("/payments/vnpay/return", params=vnpay_result(order))

    assert page.status_code == 200
    assert "chưa xác nhận" in page.text
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"
    assert await payments_of(dossier.id) == []


async def test_a_return_the_gateway_still_holds_open_stays_pending(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await ledger.open_transaction(
        gateway="vnpay",
        merchant_ref=order.txn_ref,
        amount=order.amount,
        request={"vnp_CreateDate": format_timestamp(order.created_at)},
        now=order.created_at,
        expires_at=order.expires_at,
    )

    await pay_client.get("/payments/vnpay/return", params=vnpay_result(order))

    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"


async def test_a_tampered_return_is_not_believed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order) | {"vnp_ResponseCode": "00", "vnp_Amount": "100"}

    page = await pay_client.get("/payments/vnpay/return", params=params)

    assert page.status_code == 400
    assert "Không xác thực được" in page.text
    assert order.txn_ref not in page.text
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"


async def test_a_return_after_the_ipn_shows_the_payment_without_asking_again(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await pay_client.get("/payments/vnpay/ipn", params=vnpay_result(order))

    page = await pay_client.get("/payments/vnpay/return", params=vnpay_result(order))

    assert "Đã nhận được khoản thanh toán" in page.text
    kinds = await CallbackLog.select(CallbackLog.kind).where(
        CallbackLog.order_id == order.id
    )
    assert "query" not in {row["kind"] for row in kinds}


async def test_a_paygov_return_before_confirm_asks_the_platform(
    pay_client: Any, citizen: Any, dossier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "deliver_confirm", lost_callbacks)
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "paygov")
    pressed = await press(pay_client, action, "pay")

    page = await pay_client.get(pressed.headers["location"])

    assert "Đã nhận được khoản thanh toán" in page.text
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "paid"


async def test_a_paygov_return_with_a_wrong_checksum_is_not_believed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    from plugins.payments_gateway.sandbox.paygov import return_query

    order = await new_order(rt, dossier, "paygov")
    forged = return_query(paygov_confirm(order, secret="guessed"))

    page = await pay_client.get("/payments/paygov/return", params=forged)

    assert page.status_code == 400
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"


async def test_an_english_return_page(pay_client: Any, rt: Any, dossier: Any) -> None:
    order = await new_order(rt, dossier)
    await pay_client.get("/payments/vnpay/ipn", params=vnpay_result(order))

    page = await pay_client.get(
        "/payments/vnpay/return", params=vnpay_result(order) | {"lang": "en"}
    )

    assert "Your payment was received" in page.text
