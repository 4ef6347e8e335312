"""Orders and their settlement, below the HTTP layer.

References are unique and dated in Viet Nam's time; an order is settled once, from
``pending`` or ``expired`` only; an open order is resumed only while it can still
be paid for the same amount through the same gateway.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.payments_gateway.orders import (
    SETTLEABLE,
    find_order,
    new_txn_ref,
    open_order,
    order_view,
)
from plugins.payments_gateway.settlement import (
    Outcome,
    expire,
    payment_reference,
    settle,
)
from plugins.payments_gateway.tables import PaymentOrder
from tests.plugins.payments_gateway.conftest import OWED, new_order, payments_of

REFERENCE = re.compile(r"MC\d{6}[0-9A-F]{10}")


@given(st.datetimes(timezones=st.just(dt.UTC)))
def test_a_reference_is_dated_in_viet_nams_time(moment: dt.datetime) -> None:
    reference = new_txn_ref(moment)

    assert REFERENCE.fullmatch(reference)
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert reference[2:8] == local.strftime("%y%m%d")


def test_references_do_not_repeat() -> None:
    now = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)

    references = {new_txn_ref(now) for _ in range(2000)}

    assert len(references) == 2000


async def test_only_pending_and_expired_orders_are_open_to_a_callback(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    views = {}
    for status in ("pending", "paid", "failed", "cancelled", "expired", "refunded"):
        await PaymentOrder.update({PaymentOrder.status: status}).where(
            PaymentOrder.id == order.id
        )
        views[status] = order_view(await find_order(order.txn_ref))

    confirmed = {status for status, view in views.items() if view and view.confirmed}
    assert confirmed == {"paid", "failed", "cancelled", "refunded"}
    assert set(SETTLEABLE) == {"pending", "expired"}
    assert views["pending"] is not None
    assert (views["pending"].amount, views["pending"].currency) == (OWED, "VND")
    assert views["pending"].expires_at == order.expires_at
    assert order_view(None) is None


async def test_settling_twice_records_the_first_result_only(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    first = await settle(rt, order, Outcome(status="paid", transaction_no="1"), "test")
    second = await settle(
        rt, order, Outcome(status="failed", transaction_no="2"), "test"
    )

    assert (first, second) == (True, False)
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert (settled.status, settled.gateway_transaction_no) == ("paid", "1")
    assert settled.receipt_reference == payment_reference(order)
    assert payment_reference(order) == f"vnpay:{order.txn_ref}"
    assert len(await payments_of(dossier.id)) == 1


async def test_an_expired_order_can_still_be_paid_but_not_a_failed_one(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    expired = await new_order(rt, dossier)
    failed = await new_order(rt, dossier)
    await PaymentOrder.update({PaymentOrder.status: "expired"}).where(
        PaymentOrder.id == expired.id
    )
    await PaymentOrder.update({PaymentOrder.status: "failed"}).where(
        PaymentOrder.id == failed.id
    )

    assert await settle(rt, expired, Outcome(status="paid"), "test")
    assert not await settle(rt, failed, Outcome(status="paid"), "test")


async def test_a_paid_time_is_kept_or_the_settlement_time_used(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    given_time = dt.datetime(2026, 12, 3, 1, 2, 3, tzinfo=dt.UTC)
    order = await new_order(rt, dossier)

    await settle(rt, order, Outcome(status="paid", paid_at=given_time), "test")

    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.paid_at == given_time
    assert settled.settled_at is not None


async def test_expiry_applies_to_pending_orders_only(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    pending = await new_order(rt, dossier)
    paid = await new_order(rt, dossier)
    await settle(rt, paid, Outcome(status="paid"), "test")

    assert await expire(pending, rt.clock())
    assert not await expire(pending, rt.clock())
    assert not await expire(paid, rt.clock())
    still_paid = await find_order(paid.txn_ref)
    assert still_paid is not None
    assert still_paid.status == "paid"


async def mark_started(order: Any, url: str = "https://gateway.test/pay") -> None:
    await PaymentOrder.update({PaymentOrder.redirect_url: url}).where(
        PaymentOrder.id == order.id
    )


async def test_an_open_order_is_resumed_for_the_same_gateway_and_amount(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await mark_started(order)
    now = rt.clock()

    resumed = await open_order(dossier.id, "vnpay", OWED, now)

    assert resumed is not None
    assert resumed.id == order.id
    assert await open_order(dossier.id, "paygov", OWED, now) is None
    assert await open_order(dossier.id, "vnpay", OWED + 1, now) is None
    assert await open_order(dossier.id, "vnpay", OWED, order.expires_at) is None


@pytest.mark.parametrize("status", ["paid", "failed", "expired"])
async def test_a_finished_order_is_not_resumed(
    pay_client: Any, rt: Any, dossier: Any, status: str
) -> None:
    order = await new_order(rt, dossier)
    await mark_started(order)
    await PaymentOrder.update({PaymentOrder.status: status}).where(
        PaymentOrder.id == order.id
    )

    assert await open_order(dossier.id, "vnpay", OWED, rt.clock()) is None


async def test_an_order_never_sent_to_its_gateway_is_not_resumed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    await new_order(rt, dossier)

    assert await open_order(dossier.id, "vnpay", OWED, rt.clock()) is None
