"""VNPay's IPN through the HTTP endpoint: every answer, replays and races.

Each test opens a real order for a dossier awaiting payment and calls
``GET /payments/vnpay/ipn`` as VNPay would. A confirmed payment must give exactly
one fees payment, one receipt per kind, and move the dossier on, however many
times and however concurrently the IPN arrives.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from core.dossiers.queries import load
from core.dossiers.statuses import Status
from plugins.payments_gateway.orders import find_order
from plugins.payments_gateway.protocols import vnpay
from plugins.payments_gateway.tables import CallbackLog
from tests.plugins.payments_gateway.conftest import (
    CHARGE,
    FEE,
    OWED,
    new_order,
    payments_of,
    receipts_of,
    vnpay_result,
)

IPN = "/payments/vnpay/ipn"


async def ipn(client: Any, params: dict[str, str]) -> dict[str, str]:
    response = await client.get(IPN, params=params)
    assert response.status_code == 200
    body: dict[str, str] = response.json()
    return body


async def test_a_paid_ipn_is_confirmed_and_records_one_payment(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    answer = await ipn(pay_client, vnpay_result(order))

    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.status == "paid"
    assert settled.gateway_transaction_no == "14268811"
    assert settled.bank_code == "NCB"
    assert settled.receipt_reference == f"vnpay:{order.txn_ref}"
    assert "vnp_SecureHash" not in settled.raw_callback
    assert settled.raw_callback["vnp_TxnRef"] == order.txn_ref
    payments = await payments_of(dossier.id)
    assert [(p["amount"], p["method"], p["status"]) for p in payments] == [
        (OWED, "online", "paid")
    ]
    receipts = await receipts_of(dossier.id)
    assert sorted((r.kind, r.amount) for r in receipts) == [
        ("charge", CHARGE),
        ("fee", FEE),
    ]


async def test_a_paid_ipn_moves_the_dossier_on(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    await ipn(pay_client, vnpay_result(order))

    moved = await load(dossier.id)
    assert moved is not None
    assert moved.payment_status == "paid"
    assert moved.status == Status.PROCESSING
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.dossier_confirmed_at is not None


async def test_a_tampered_ipn_is_answered_97_and_changes_nothing(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order) | {"vnp_Amount": "100"}

    answer = await ipn(pay_client, params)

    assert answer == {"RspCode": "97", "Message": "Invalid signature"}
    unchanged = await find_order(order.txn_ref)
    assert unchanged is not None
    assert unchanged.status == "pending"
    assert await payments_of(dossier.id) == []


async def test_an_ipn_signed_with_another_secret_is_answered_97(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order)
    params["vnp_SecureHash"] = vnpay.sign(params, "someone-else's-secret")

    assert (await ipn(pay_client, params))["RspCode"] == "97"


async def test_an_ipn_without_a_signature_is_answered_97(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order)
    del params["vnp_SecureHash"]

    assert (await ipn(pay_client, params))["RspCode"] == "97"


async def test_an_ipn_for_an_unknown_order_is_answered_01(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    stranger = order.__class__(
        **{
            **{f: getattr(order, f) for f in order.__struct_fields__},
            "txn_ref": "MCNOTHERE",
        }
    )

    answer = await ipn(pay_client, vnpay_result(stranger))

    assert answer == {"RspCode": "01", "Message": "Order not found"}


async def test_an_ipn_naming_a_paygov_order_is_answered_01(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier, "paygov")

    assert (await ipn(pay_client, vnpay_result(order)))["RspCode"] == "01"
    still = await find_order(order.txn_ref)
    assert still is not None
    assert still.status == "pending"


async def test_an_ipn_with_another_amount_is_answered_04(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    answer = await ipn(pay_client, vnpay_result(order, amount=OWED - 1))

    assert answer == {"RspCode": "04", "Message": "Invalid amount"}
    unchanged = await find_order(order.txn_ref)
    assert unchanged is not None
    assert unchanged.status == "pending"
    assert await receipts_of(dossier.id) == []


async def test_the_same_ipn_twice_is_answered_02_and_records_one_payment(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order)

    first = await ipn(pay_client, params)
    again = await ipn(pay_client, params)

    assert first["RspCode"] == "00"
    assert again == {"RspCode": "02", "Message": "Order already confirmed"}
    assert len(await payments_of(dossier.id)) == 1
    assert len(await receipts_of(dossier.id)) == 2


async def test_a_late_failure_after_a_payment_changes_nothing(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    await ipn(pay_client, vnpay_result(order))

    late = await ipn(pay_client, vnpay_result(order, response_code="24"))

    assert late["RspCode"] == "02"
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.status == "paid"


async def test_a_failed_payment_is_confirmed_and_recorded_failed(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    answer = await ipn(pay_client, vnpay_result(order, response_code="51"))

    assert answer["RspCode"] == "00"
    failed = await find_order(order.txn_ref)
    assert failed is not None
    assert failed.status == "failed"
    assert failed.response_code == "51"
    assert await payments_of(dossier.id) == []
    still = await load(dossier.id)
    assert still is not None
    assert still.status == Status.PAYMENT


async def test_a_payment_the_customer_cancelled_is_recorded_cancelled(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)

    await ipn(pay_client, vnpay_result(order, response_code="24"))

    cancelled = await find_order(order.txn_ref)
    assert cancelled is not None
    assert cancelled.status == "cancelled"


async def test_parallel_ipns_for_one_order_record_one_payment_and_one_receipt_each(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order)

    answers = await asyncio.gather(*(ipn(pay_client, params) for _ in range(8)))

    codes = sorted(answer["RspCode"] for answer in answers)
    assert codes == ["00"] + ["02"] * 7
    assert len(await payments_of(dossier.id)) == 1
    receipts = await receipts_of(dossier.id)
    assert sorted(r.kind for r in receipts) == ["charge", "fee"]
    numbered = {(r.series_symbol, r.number) for r in receipts}
    assert len(numbered) == len(receipts)


async def test_every_ipn_is_kept_with_its_answer_and_counted_on_the_order(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    order = await new_order(rt, dossier)
    params = vnpay_result(order)
    await ipn(pay_client, params)
    await ipn(pay_client, params)
    await ipn(pay_client, params | {"vnp_Amount": "1"})

    rows = (
        await CallbackLog.select()
        .where(CallbackLog.order_id == order.id)
        .order_by(CallbackLog.id)
    )
    forged = await CallbackLog.select().where(
        (CallbackLog.kind == "ipn") & (CallbackLog.outcome_code == "97")
    )

    assert [(r["kind"], r["outcome_code"]) for r in rows] == [
        ("ipn", "00"),
        ("ipn", "02"),
    ]
    assert all("vnp_SecureHash" not in str(r["data"]) for r in rows)
    assert any('"vnp_Amount":"1"' in str(r["data"]) for r in forged)
    counted = await find_order(order.txn_ref)
    assert counted is not None
    assert counted.attempts == 2


async def test_a_failure_while_recording_is_answered_99_and_the_retry_succeeds(
    pay_client: Any, rt: Any, dossier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plugins.fees import collection

    order = await new_order(rt, dossier)
    params = vnpay_result(order)
    real = collection.record_online_payment

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr(collection, "record_online_payment", broken)
    first = await ipn(pay_client, params)
    monkeypatch.setattr(collection, "record_online_payment", real)
    retried = await ipn(pay_client, params)

    assert first == {"RspCode": "99", "Message": "Unknown error"}
    assert retried["RspCode"] == "00"
    assert len(await payments_of(dossier.id)) == 1


async def test_money_the_fees_plugin_no_longer_expects_is_kept_and_flagged(
    pay_client: Any, rt: Any, dossier: Any
) -> None:
    first = await new_order(rt, dossier)
    second = await new_order(rt, dossier)
    await ipn(pay_client, vnpay_result(first))

    answer = await ipn(pay_client, vnpay_result(second, transaction_no="999"))

    assert answer["RspCode"] == "00"
    flagged = await find_order(second.txn_ref)
    assert flagged is not None
    assert flagged.status == "paid"
    assert flagged.problem == "not_owed"
    assert flagged.receipt_reference is None
    assert len(await payments_of(dossier.id)) == 1
