"""VNPay IPN checks: every answer, their order, and when an order is settled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import pytest
from structlog.testing import capture_logs

from plugins.payments_gateway.protocols import vnpay
from plugins.payments_gateway.protocols.vnpay import (
    IpnDecision,
    IpnOutcome,
    OrderView,
    PaymentStatus,
)

SECRET = "VNPAYSANDBOXSECRETKEY0123456789"
TXN_REF = "PAY240115000007"

PAID = vnpay.GatewayResult(
    txn_ref=TXN_REF,
    amount_vnd=150_000,
    order_info="Nop le phi ho so",
    response_code="00",
    transaction_status="00",
    transaction_no="14268811",
    bank_code="NCB",
    bank_tran_no="VNP14268811",
    card_type="ATM",
    pay_date=datetime(2024, 1, 15, 3, 41, 7, tzinfo=UTC),
)


def ipn(result: vnpay.GatewayResult = PAID, secret: str = SECRET) -> dict[str, str]:
    return vnpay.build_ipn_params(result, tmn_code="MOTCUA01", secret=secret)


class Orders:
    """An in-memory order store recording which references were looked up."""

    def __init__(self, **orders: OrderView) -> None:
        self.orders = orders
        self.looked_up: list[str] = []

    def __call__(self, txn_ref: str) -> OrderView | None:
        self.looked_up.append(txn_ref)
        return self.orders.get(txn_ref)


def open_order(**changes: object) -> Orders:
    order = msgspec.structs.replace(OrderView(amount=150_000), **changes)
    return Orders(**{TXN_REF: order})


def test_outcomes_carry_vnpay_codes_and_wording() -> None:
    answers = {outcome.rsp_code: outcome.message for outcome in IpnOutcome}

    assert answers == {
        "00": "Confirm Success",
        "01": "Order not found",
        "02": "Order already confirmed",
        "04": "Invalid amount",
        "97": "Invalid signature",
        "99": "Unknown error",
    }


def test_valid_ipn_for_an_open_order_confirms_it_as_paid() -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order())

    assert decision.outcome is IpnOutcome.CONFIRMED
    assert decision.payment is PaymentStatus.PAID
    assert decision.paid
    assert decision.txn_ref == TXN_REF
    assert decision.transaction_no == "14268811"
    assert decision.response() == {"RspCode": "00", "Message": "Confirm Success"}


@pytest.mark.parametrize(
    ("response_code", "transaction_status"),
    [("24", "02"), ("00", "02"), ("51", "00"), ("00", "01")],
)
def test_failed_payment_is_confirmed_and_recorded_as_failed(
    response_code: str, transaction_status: str
) -> None:
    failed = msgspec.structs.replace(
        PAID, response_code=response_code, transaction_status=transaction_status
    )

    decision = vnpay.check_ipn(ipn(failed), SECRET, open_order())

    assert decision.outcome is IpnOutcome.CONFIRMED
    assert decision.payment is PaymentStatus.FAILED
    assert not decision.paid
    assert decision.response()["RspCode"] == "00"


def test_missing_transaction_status_is_not_a_payment() -> None:
    params = {k: v for k, v in ipn().items() if k != "vnp_TransactionStatus"}
    params["vnp_SecureHash"] = vnpay.sign(params, SECRET)

    decision = vnpay.check_ipn(params, SECRET, open_order())

    assert decision.payment is PaymentStatus.FAILED


def test_bad_signature_is_answered_97_without_looking_the_order_up() -> None:
    orders = open_order()

    decision = vnpay.check_ipn(ipn(secret="forged"), SECRET, orders)

    assert decision.outcome is IpnOutcome.INVALID_SIGNATURE
    assert decision.response() == {"RspCode": "97", "Message": "Invalid signature"}
    assert decision.payment is None
    assert decision.txn_ref is None
    assert orders.looked_up == []


def test_tampered_amount_is_answered_97() -> None:
    params = ipn() | {"vnp_Amount": "100"}

    decision = vnpay.check_ipn(params, SECRET, open_order(amount=1))

    assert decision.outcome is IpnOutcome.INVALID_SIGNATURE


def test_missing_signature_is_answered_97() -> None:
    params = {k: v for k, v in ipn().items() if k != "vnp_SecureHash"}

    assert vnpay.check_ipn(params, SECRET, open_order()).outcome.rsp_code == "97"


def test_unknown_order_is_answered_01() -> None:
    orders = Orders()

    decision = vnpay.check_ipn(ipn(), SECRET, orders)

    assert decision.outcome is IpnOutcome.ORDER_NOT_FOUND
    assert decision.response() == {"RspCode": "01", "Message": "Order not found"}
    assert decision.payment is None
    assert orders.looked_up == [TXN_REF]


@pytest.mark.parametrize("expected_amount", [149_999, 150_001, 1_500])
def test_amount_differing_from_the_order_is_answered_04(expected_amount: int) -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order(amount=expected_amount))

    assert decision.outcome is IpnOutcome.INVALID_AMOUNT
    assert decision.response() == {"RspCode": "04", "Message": "Invalid amount"}
    assert decision.payment is None


def test_order_in_another_currency_is_answered_04() -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order(currency="USD"))

    assert decision.outcome is IpnOutcome.INVALID_AMOUNT


def test_order_without_a_positive_amount_is_answered_04() -> None:
    zero = msgspec.structs.replace(PAID, amount_vnd=1)
    params = ipn(zero) | {"vnp_Amount": "0"}
    params["vnp_SecureHash"] = vnpay.sign(params, SECRET)

    decision = vnpay.check_ipn(params, SECRET, open_order(amount=0))

    assert decision.outcome is IpnOutcome.INVALID_AMOUNT


def test_already_confirmed_order_is_answered_02_and_not_settled_again() -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order(confirmed=True))

    assert decision.outcome is IpnOutcome.ALREADY_CONFIRMED
    assert decision.response() == {
        "RspCode": "02",
        "Message": "Order already confirmed",
    }
    assert decision.payment is None
    assert not decision.paid


def test_repeated_ipn_settles_the_order_once() -> None:
    orders = open_order()
    first = vnpay.check_ipn(ipn(), SECRET, orders)
    orders.orders[TXN_REF] = msgspec.structs.replace(
        orders.orders[TXN_REF], confirmed=True
    )

    second = vnpay.check_ipn(ipn(), SECRET, orders)

    assert first.paid
    assert second.outcome is IpnOutcome.ALREADY_CONFIRMED
    assert not second.paid


def test_amount_is_checked_before_confirmation() -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order(amount=1, confirmed=True))

    assert decision.outcome is IpnOutcome.INVALID_AMOUNT


def test_signature_is_checked_before_the_order() -> None:
    decision = vnpay.check_ipn(ipn(secret="forged"), SECRET, Orders())

    assert decision.outcome is IpnOutcome.INVALID_SIGNATURE


@pytest.mark.parametrize("field", ["vnp_TxnRef", "vnp_Amount", "vnp_ResponseCode"])
def test_signed_ipn_missing_a_required_field_is_answered_99(field: str) -> None:
    params = {k: v for k, v in ipn().items() if k != field}
    params["vnp_SecureHash"] = vnpay.sign(params, SECRET)

    decision = vnpay.check_ipn(params, SECRET, open_order())

    assert decision.outcome is IpnOutcome.UNKNOWN_ERROR
    assert decision.response() == {"RspCode": "99", "Message": "Unknown error"}


def test_failing_order_store_is_answered_99_so_vnpay_retries() -> None:
    def broken(txn_ref: str) -> OrderView | None:
        raise ConnectionError("database is restarting")

    with capture_logs() as logs:
        decision = vnpay.check_ipn(ipn(), SECRET, broken)

    assert decision.outcome is IpnOutcome.UNKNOWN_ERROR
    assert decision.payment is None
    assert any(entry["event"] == "vnpay_ipn_lookup_failure" for entry in logs)


async def test_async_check_gives_the_same_answers() -> None:
    async def lookup(txn_ref: str) -> OrderView | None:
        return open_order()(txn_ref)

    async def missing(txn_ref: str) -> OrderView | None:
        return None

    paid = await vnpay.check_ipn_async(ipn(), SECRET, lookup)
    forged = await vnpay.check_ipn_async(ipn(secret="x"), SECRET, lookup)
    unknown = await vnpay.check_ipn_async(ipn(), SECRET, missing)

    assert paid.paid
    assert forged.outcome is IpnOutcome.INVALID_SIGNATURE
    assert unknown.outcome is IpnOutcome.ORDER_NOT_FOUND


async def test_async_check_answers_99_when_the_store_fails() -> None:
    async def broken(txn_ref: str) -> OrderView | None:
        raise TimeoutError

    decision = await vnpay.check_ipn_async(ipn(), SECRET, broken)

    assert decision.outcome is IpnOutcome.UNKNOWN_ERROR


@pytest.mark.parametrize(
    "outcome", [o for o in IpnOutcome if o is not IpnOutcome.CONFIRMED]
)
@pytest.mark.parametrize("payment", list(PaymentStatus))
def test_a_decision_cannot_settle_an_order_that_failed_a_check(
    outcome: IpnOutcome, payment: PaymentStatus
) -> None:
    with pytest.raises(ValueError, match="only a confirmed IPN"):
        IpnDecision(outcome=outcome, txn_ref=TXN_REF, payment=payment)


def test_a_confirmed_decision_must_say_what_to_record() -> None:
    with pytest.raises(ValueError, match="only a confirmed IPN"):
        IpnDecision(outcome=IpnOutcome.CONFIRMED, txn_ref=TXN_REF)


Lookup = Callable[[str], OrderView | None]


@pytest.mark.parametrize(
    ("params", "lookup", "code"),
    [
        (ipn(secret="forged"), open_order(), "97"),
        (ipn(), Orders(), "01"),
        (ipn(), open_order(amount=1), "04"),
        (ipn(), open_order(confirmed=True), "02"),
        (ipn(), open_order(), "00"),
    ],
)
def test_logs_name_the_outcome_but_never_the_secret(
    params: dict[str, str], lookup: Lookup, code: str
) -> None:
    with capture_logs() as logs:
        vnpay.check_ipn(params, SECRET, lookup)

    assert [entry["rsp_code"] for entry in logs] == [code]
    assert SECRET not in repr(logs)
    assert params["vnp_SecureHash"] not in repr(logs)


def test_decision_repr_holds_no_secret() -> None:
    decision = vnpay.check_ipn(ipn(), SECRET, open_order())

    assert SECRET not in repr(decision)
