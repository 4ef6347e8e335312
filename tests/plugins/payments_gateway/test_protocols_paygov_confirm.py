"""PayGov CONFIRM callbacks: every answer, their order, and the signed reply."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from structlog.testing import capture_logs

from plugins.payments_gateway.protocols import paygov
from plugins.payments_gateway.protocols.paygov import (
    Decision,
    OrderView,
    PaymentStatus,
    ResponseCode,
)

SECRET = "paygov-test-key"
REQUEST_ID = "REQ-0001"
# 10:45:12 GMT+7 on 15 January 2024.
PAID_TIME = "20240115104512"


def confirm(secret: str = SECRET, **changes: Any) -> paygov.ConfirmMessage:
    message = paygov.ConfirmMessage(
        partner_code="MOTCUA",
        request_id=REQUEST_ID,
        transaction_id="PG-778899",
        amount=150_000,
        currency="VND",
        status_code="00",
        paid_time=PAID_TIME,
    )
    return paygov.with_checksum(msgspec.structs.replace(message, **changes), secret)


class Payments:
    """An in-memory payment store recording which requests were looked up."""

    def __init__(self, order: OrderView | None = None) -> None:
        self.order = order
        self.looked_up: list[str] = []

    def __call__(self, request_id: str) -> OrderView | None:
        self.looked_up.append(request_id)
        return self.order if request_id == REQUEST_ID else None


def open_payment(**changes: Any) -> Payments:
    return Payments(msgspec.structs.replace(OrderView(amount=150_000), **changes))


def test_response_codes_have_both_wordings() -> None:
    codes = {code.value: (code.message_vi, code.message_en) for code in ResponseCode}

    assert codes["00"] == ("Thành công", "Success")
    assert codes["01"][1] == "Order not found"
    assert codes["02"][1] == "Order already confirmed"
    assert codes["04"][1] == "Invalid amount"
    assert codes["05"][1] == "Currency mismatch"
    assert codes["06"][1] == "Payment expired"
    assert codes["97"][1] == "Invalid signature"
    assert codes["99"][1] == "Unknown error"
    assert all(vi and vi != en for vi, en in codes.values())


def test_valid_confirm_for_an_open_payment_records_it_as_paid() -> None:
    decision = paygov.check_confirm(confirm(), SECRET, open_payment())

    assert decision.code is ResponseCode.SUCCESS
    assert decision.payment is PaymentStatus.PAID
    assert decision.paid
    assert decision.request_id == REQUEST_ID
    assert decision.transaction_id == "PG-778899"


@pytest.mark.parametrize("status_code", ["01", "02", "99", ""])
def test_confirm_of_a_failed_payment_records_it_as_failed(status_code: str) -> None:
    decision = paygov.check_confirm(
        confirm(status_code=status_code), SECRET, open_payment()
    )

    assert decision.code is ResponseCode.SUCCESS
    assert decision.payment is PaymentStatus.FAILED
    assert not decision.paid


def test_bad_checksum_is_answered_97_without_looking_the_payment_up() -> None:
    payments = open_payment()

    decision = paygov.check_confirm(confirm(secret="forged"), SECRET, payments)

    assert decision.code is ResponseCode.INVALID_SIGNATURE
    assert decision.payment is None
    assert payments.looked_up == []


def test_tampered_amount_is_answered_97() -> None:
    tampered = msgspec.structs.replace(confirm(), amount=1)

    decision = paygov.check_confirm(tampered, SECRET, open_payment(amount=1))

    assert decision.code is ResponseCode.INVALID_SIGNATURE


def test_unknown_payment_is_answered_01() -> None:
    payments = Payments()

    decision = paygov.check_confirm(confirm(), SECRET, payments)

    assert decision.code is ResponseCode.ORDER_NOT_FOUND
    assert decision.payment is None
    assert payments.looked_up == [REQUEST_ID]


@pytest.mark.parametrize("expected", [149_999, 150_001, 15_000_000])
def test_amount_differing_from_the_payment_is_answered_04(expected: int) -> None:
    decision = paygov.check_confirm(confirm(), SECRET, open_payment(amount=expected))

    assert decision.code is ResponseCode.INVALID_AMOUNT
    assert decision.payment is None


def test_currency_differing_from_the_payment_is_answered_05() -> None:
    decision = paygov.check_confirm(confirm(currency="USD"), SECRET, open_payment())

    assert decision.code is ResponseCode.CURRENCY_MISMATCH
    assert decision.payment is None


def test_currency_is_checked_before_amount() -> None:
    message = confirm(currency="USD", amount=6)

    decision = paygov.check_confirm(message, SECRET, open_payment())

    assert decision.code is ResponseCode.CURRENCY_MISMATCH


def test_already_confirmed_payment_is_answered_02_and_not_settled_again() -> None:
    decision = paygov.check_confirm(confirm(), SECRET, open_payment(confirmed=True))

    assert decision.code is ResponseCode.ALREADY_CONFIRMED
    assert decision.payment is None


def test_amount_is_checked_before_confirmation() -> None:
    payments = open_payment(amount=1, confirmed=True)

    decision = paygov.check_confirm(confirm(), SECRET, payments)

    assert decision.code is ResponseCode.INVALID_AMOUNT


def test_payment_made_after_the_window_closed_is_answered_06() -> None:
    closed = datetime(2024, 1, 15, 3, 45, 11, tzinfo=UTC)  # 10:45:11 GMT+7

    decision = paygov.check_confirm(confirm(), SECRET, open_payment(expires_at=closed))

    assert decision.code is ResponseCode.EXPIRED
    assert decision.payment is None


def test_payment_made_at_the_closing_second_is_accepted() -> None:
    closes = datetime(2024, 1, 15, 3, 45, 12, tzinfo=UTC)  # 10:45:12 GMT+7

    decision = paygov.check_confirm(confirm(), SECRET, open_payment(expires_at=closes))

    assert decision.paid


def test_naive_expiry_is_read_as_vietnam_time() -> None:
    just_before = datetime(2024, 1, 15, 10, 45, 11)
    just_after = datetime(2024, 1, 15, 10, 45, 13)

    expired = paygov.check_confirm(
        confirm(), SECRET, open_payment(expires_at=just_before)
    )
    in_time = paygov.check_confirm(
        confirm(), SECRET, open_payment(expires_at=just_after)
    )

    assert expired.code is ResponseCode.EXPIRED
    assert in_time.paid


def test_already_confirmed_is_answered_before_expiry() -> None:
    closed = datetime(2024, 1, 1, tzinfo=UTC)
    payments = open_payment(confirmed=True, expires_at=closed)

    decision = paygov.check_confirm(confirm(), SECRET, payments)

    assert decision.code is ResponseCode.ALREADY_CONFIRMED


def test_unreadable_paid_time_is_answered_99() -> None:
    closes = datetime(2024, 2, 1, tzinfo=UTC)

    decision = paygov.check_confirm(
        confirm(paid_time="20241315250000"), SECRET, open_payment(expires_at=closes)
    )

    assert decision.code is ResponseCode.UNKNOWN_ERROR
    assert decision.payment is None


def test_failing_payment_store_is_answered_99() -> None:
    def broken(request_id: str) -> OrderView | None:
        raise ConnectionError("database is restarting")

    with capture_logs() as logs:
        decision = paygov.check_confirm(confirm(), SECRET, broken)

    assert decision.code is ResponseCode.UNKNOWN_ERROR
    assert decision.payment is None
    assert [entry["event"] for entry in logs] == [
        "paygov_confirm_lookup_failure",
        "paygov_confirm_checked",
    ]


async def test_async_check_gives_the_same_answers() -> None:
    async def lookup(request_id: str) -> OrderView | None:
        return open_payment()(request_id)

    async def broken(request_id: str) -> OrderView | None:
        raise TimeoutError

    paid = await paygov.check_confirm_async(confirm(), SECRET, lookup)
    forged = await paygov.check_confirm_async(confirm(secret="x"), SECRET, lookup)
    unknown = await paygov.check_confirm_async(confirm(request_id="R9"), SECRET, lookup)
    failed = await paygov.check_confirm_async(confirm(), SECRET, broken)

    assert paid.paid
    assert forged.code is ResponseCode.INVALID_SIGNATURE
    assert unknown.code is ResponseCode.ORDER_NOT_FOUND
    assert failed.code is ResponseCode.UNKNOWN_ERROR


def test_reply_is_a_signed_confirm_result_in_vietnamese() -> None:
    decision = paygov.check_confirm(confirm(), SECRET, open_payment(amount=1))

    reply = decision.reply(partner_code="MOTCUA", secret=SECRET)
    by_hand = "1.0.6|CONFIRM_RESULT|MOTCUA|REQ-0001|PG-778899|04"

    assert reply.response_code == "04"
    assert reply.message == "Số tiền không hợp lệ"
    assert reply.checksum == hashlib.sha256(f"{by_hand}|{SECRET}".encode()).hexdigest()
    assert msgspec.to_builtins(reply)["messageType"] == "CONFIRM_RESULT"


def test_paid_at_reads_the_paid_time_in_vietnam_time() -> None:
    assert paygov.paid_at(confirm()) == datetime(2024, 1, 15, 3, 45, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "code", [c for c in ResponseCode if c is not ResponseCode.SUCCESS]
)
@pytest.mark.parametrize("payment", list(PaymentStatus))
def test_a_decision_cannot_settle_a_payment_that_failed_a_check(
    code: ResponseCode, payment: PaymentStatus
) -> None:
    with pytest.raises(ValueError, match="only a successful check"):
        Decision(code=code, request_id=REQUEST_ID, transaction_id="T", payment=payment)


def test_a_successful_decision_must_say_what_to_record() -> None:
    with pytest.raises(ValueError, match="only a successful check"):
        Decision(code=ResponseCode.SUCCESS, request_id=REQUEST_ID, transaction_id="T")


def test_logs_carry_the_outcome_but_never_the_secret_or_checksum() -> None:
    message = confirm()

    with capture_logs() as logs:
        paygov.check_confirm(message, SECRET, open_payment())

    assert [entry["response_code"] for entry in logs] == ["00"]
    assert SECRET not in repr(logs)
    assert message.checksum not in repr(logs)
