"""Refunds: recorded, sent to VNPay's refund API, never beyond what was paid.

The sandbox's merchant API plays VNPay: it books the refund against its own
transaction and answers with a signed result. PayGov has no refund message, so
its refunds are recorded for staff to make by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.cli import SYSTEM
from core.errors import Conflict, UserError
from plugins.payments_gateway.orders import OrderRecord, find_order
from plugins.payments_gateway.refunds import refunds_of_order, request_refund
from plugins.payments_gateway.sandbox import ledger
from tests.conftest import csrf, sign_in
from tests.plugins.payments_gateway.conftest import OWED, new_order, paygov_confirm
from tests.plugins.payments_gateway.test_sandbox import open_sandbox_page, press

REASON = "Hồ sơ bị từ chối sau khi nộp phí"


async def paid_through_sandbox(client: Any, citizen: Any, dossier: Any) -> OrderRecord:
    action, _page = await open_sandbox_page(client, citizen, dossier, "vnpay")
    await press(client, action, "pay")
    from plugins.payments_gateway.orders import orders_of_dossier

    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "paid"
    return order


async def test_a_full_vnpay_refund_is_accepted_by_the_gateway(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)

    refund = await request_refund(
        rt, order.id, amount=OWED, reason=REASON, actor=SYSTEM
    )

    assert refund.status == "accepted"
    assert refund.response_code == "00"
    assert refund.gateway_reference
    refunded = await find_order(order.txn_ref)
    assert refunded is not None
    assert refunded.status == "refunded"
    record = await ledger.by_merchant_ref("vnpay", order.txn_ref)
    assert record is not None
    assert (record.status, record.refunded_amount) == ("refunded", OWED)


async def test_partial_refunds_add_up_to_the_payment_and_no_further(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)

    first = await request_refund(
        rt, order.id, amount=30_000, reason=REASON, actor=SYSTEM
    )
    partly = await find_order(order.txn_ref)
    with pytest.raises(UserError):
        await request_refund(rt, order.id, amount=OWED, reason=REASON, actor=SYSTEM)
    rest = await request_refund(
        rt, order.id, amount=OWED - 30_000, reason=REASON, actor=SYSTEM
    )

    assert (first.status, rest.status) == ("accepted", "accepted")
    assert partly is not None
    assert partly.status == "paid"
    done = await find_order(order.txn_ref)
    assert done is not None
    assert done.status == "refunded"
    assert [r.amount for r in await refunds_of_order(order.id)] == [
        30_000,
        OWED - 30_000,
    ]


async def test_a_refund_of_an_unpaid_order_is_refused(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    with pytest.raises(Conflict):
        await request_refund(rt, order.id, amount=OWED, reason=REASON, actor=SYSTEM)

    assert await refunds_of_order(order.id) == []


async def test_a_refund_needs_a_reason(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)

    with pytest.raises(UserError) as refused:
        await request_refund(rt, order.id, amount=OWED, reason=" ", actor=SYSTEM)

    assert refused.value.field == "reason"


async def test_a_refund_the_gateway_refuses_is_recorded_refused(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)
    record = await ledger.by_merchant_ref("vnpay", order.txn_ref)
    assert record is not None
    # The gateway's books changed meanwhile: it refunded the payment itself.
    assert await ledger.add_refund(record, OWED)

    refund = await request_refund(
        rt, order.id, amount=OWED, reason=REASON, actor=SYSTEM
    )

    assert refund.status == "refused"
    assert refund.response_code == "95"
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "paid"


async def test_a_paygov_refund_is_recorded_for_staff_to_make(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    import msgspec

    order = await new_order(rt, dossier, "paygov")
    await pay_client.post(
        "/payments/paygov/confirm", content=msgspec.json.encode(paygov_confirm(order))
    )

    refund = await request_refund(
        rt, order.id, amount=OWED, reason=REASON, actor=SYSTEM
    )

    assert refund.status == "manual"
    refunded = await find_order(order.txn_ref)
    assert refunded is not None
    assert refunded.status == "refunded"


async def test_a_cashier_records_a_refund_through_the_api(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)
    await pay_client.post(
        "/logout", data={"_csrf_token": pay_client.cookies.get("motcua_csrf", "")}
    )
    await sign_in(pay_client, "thungan.ttpvhcc")

    response = await pay_client.post(
        f"/api/payments/orders/{order.id}/refunds",
        json={"amount": OWED, "reason": REASON},
        headers=csrf(pay_client),
    )

    assert response.status_code == 201, response.text
    assert response.json()["status"] == "accepted"


async def test_a_citizen_cannot_refund_through_the_api(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)

    response = await pay_client.post(
        f"/api/payments/orders/{order.id}/refunds",
        json={"amount": OWED, "reason": REASON},
        headers=csrf(pay_client),
    )

    assert response.status_code == 403
    assert await refunds_of_order(order.id) == []


async def test_a_cashier_of_another_unit_cannot_refund(
    pay_client: Any, rt: Any, citizen: Any, dossier: Any
) -> None:
    order = await paid_through_sandbox(pay_client, citizen, dossier)
    await pay_client.post(
        "/logout", data={"_csrf_token": pay_client.cookies.get("motcua_csrf", "")}
    )
    await sign_in(pay_client, "tiepnhan.anbinh")

    response = await pay_client.post(
        f"/api/payments/orders/{order.id}/refunds",
        json={"amount": OWED, "reason": REASON},
        headers=csrf(pay_client),
    )

    assert response.status_code == 403
