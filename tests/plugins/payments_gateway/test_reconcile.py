"""Reconciliation: pending orders are asked about and settled as a callback would.

The sandbox's own ledger plays the gateway's books: a payment it holds as paid
whose callback never came is settled once, an unpaid one is failed, an abandoned
one expires when its window has closed, and an unreachable gateway leaves the
order untouched for the next run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from core.dossiers.queries import load
from core.dossiers.statuses import Status
from plugins.payments_gateway.orders import OrderRecord, find_order
from plugins.payments_gateway.protocols._common import format_timestamp
from plugins.payments_gateway.reconcile import reconcile
from plugins.payments_gateway.sandbox import ledger
from tests.plugins.payments_gateway.conftest import (
    new_order,
    payments_of,
    receipts_of,
    vnpay_result,
)

NO_DELAY = dt.timedelta(0)


async def at_gateway(
    order: OrderRecord,
    status: str = "paid",
    code: str = "00",
    amount: int | None = None,
) -> ledger.SandboxRecord:
    """Book ``order`` in the sandbox's ledger as the gateway would have."""
    record = await ledger.open_transaction(
        gateway=order.gateway,
        merchant_ref=order.txn_ref,
        amount=order.amount if amount is None else amount,
        request={"vnp_CreateDate": format_timestamp(order.created_at)},
        now=order.created_at,
        expires_at=order.expires_at,
    )
    if status != "open":
        assert await ledger.finish(
            record, status, code, order.created_at + dt.timedelta(minutes=1)
        )
    return record


async def status_of(order: OrderRecord) -> str:
    found = await find_order(order.txn_ref)
    assert found is not None
    return found.status


async def test_a_paid_order_whose_ipn_was_lost_is_settled_once(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await at_gateway(order)

    first = await reconcile(rt, delay=NO_DELAY)
    again = await reconcile(rt, delay=NO_DELAY)

    assert await status_of(order) == "paid"
    assert first.paid >= 1
    assert len(await payments_of(dossier.id)) == 1
    assert len(await receipts_of(dossier.id)) == 2
    assert again.paid == 0
    moved = await load(dossier.id)
    assert moved is not None
    assert moved.status == Status.PROCESSING


async def test_a_late_ipn_after_reconciliation_is_answered_02(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    record = await at_gateway(order)
    await reconcile(rt, delay=NO_DELAY)

    late = await pay_client.get(
        "/payments/vnpay/ipn",
        params=vnpay_result(order, transaction_no=record.transaction_no),
    )

    assert late.json()["RspCode"] == "02"
    assert len(await payments_of(dossier.id)) == 1


async def test_an_order_the_gateway_reports_unpaid_is_failed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await at_gateway(order, "cancelled", "24")

    await reconcile(rt, delay=NO_DELAY)

    assert await status_of(order) == "failed"
    assert await payments_of(dossier.id) == []


async def test_an_abandoned_order_expires_once_its_window_closed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    an_hour_ago = rt.clock() - dt.timedelta(hours=1)
    never_seen = await new_order(rt, dossier, now=an_hour_ago)
    left_open = await new_order(rt, dossier, now=an_hour_ago)
    await at_gateway(left_open, "open")

    await reconcile(rt, delay=NO_DELAY)

    assert await status_of(never_seen) == "expired"
    assert await status_of(left_open) == "expired"


async def test_an_order_still_in_its_window_stays_pending(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await at_gateway(order, "open")

    report = await reconcile(rt, delay=NO_DELAY)

    assert await status_of(order) == "pending"
    assert report.still_open >= 1


async def test_a_young_order_is_left_to_its_callback(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await at_gateway(order)

    await reconcile(rt, delay=dt.timedelta(minutes=5))

    assert await status_of(order) == "pending"


async def test_money_arriving_after_expiry_is_still_recorded(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, now=rt.clock() - dt.timedelta(hours=1))
    await reconcile(rt, delay=NO_DELAY)
    assert await status_of(order) == "expired"

    answer = await pay_client.get("/payments/vnpay/ipn", params=vnpay_result(order))

    assert answer.json()["RspCode"] == "00"
    assert await status_of(order) == "paid"
    assert len(await payments_of(dossier.id)) == 1


async def test_a_paygov_payment_is_reconciled_with_query(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")
    await at_gateway(order)

    await reconcile(rt, delay=NO_DELAY)

    assert await status_of(order) == "paid"
    assert len(await receipts_of(dossier.id)) == 2


async def test_a_paid_answer_with_another_amount_is_not_believed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await at_gateway(order, amount=order.amount - 1)

    report = await reconcile(rt, delay=NO_DELAY)

    assert await status_of(order) == "pending"
    assert report.mismatched >= 1
    assert await payments_of(dossier.id) == []


async def test_an_unreachable_gateway_leaves_orders_for_the_next_run(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    from dataclasses import replace

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    order = await new_order(rt, dossier)
    await at_gateway(order)

    report = await reconcile(
        replace(rt, transport=httpx.MockTransport(down)), delay=NO_DELAY
    )

    assert await status_of(order) == "pending"
    assert report.errors >= 1
    assert report.paid == 0


async def test_a_dossier_not_told_of_its_payment_is_told_by_the_next_run(
    pay_client: Any,
    rt: Any,
    dossier: Any,
    service: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.dossiers.service import StaleDossier

    async def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise StaleDossier()

    monkeypatch.setattr(service, "confirm_payment", busy)
    order = await new_order(rt, dossier)
    answer = await pay_client.get("/payments/vnpay/ipn", params=vnpay_result(order))
    assert answer.json()["RspCode"] == "00"
    waiting = await load(dossier.id)
    assert waiting is not None
    assert waiting.status == Status.PAYMENT
    monkeypatch.delattr(service, "confirm_payment")

    report = await reconcile(rt, delay=NO_DELAY)

    assert report.dossiers_confirmed >= 1
    moved = await load(dossier.id)
    assert moved is not None
    assert moved.status == Status.PROCESSING
    told = await find_order(order.txn_ref)
    assert told is not None
    assert told.dossier_confirmed_at is not None
