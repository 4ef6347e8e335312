"""Whole payment journeys through both protocols, with the gateway simulated.

The simulated gateways only use what a real one receives (the redirect URL, the
INIT message) and answer as the protocols say, so these tests show the pieces
fit together: what Motcua sends is accepted, what comes back settles the order.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.protocols._common import parse_timestamp

VNPAY_SECRET = "VNPAYSANDBOXSECRETKEY0123456789"
PAYGOV_SECRET = "paygov-test-key"
STARTED = datetime(2024, 1, 15, 3, 30, tzinfo=UTC)


def redirect(amount_vnd: int, txn_ref: str) -> str:
    return vnpay.build_payment_url(
        "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        tmn_code="MOTCUA01",
        secret=VNPAY_SECRET,
        amount_vnd=amount_vnd,
        txn_ref=txn_ref,
        order_info=f"Nộp lệ phí hồ sơ {txn_ref}",
        return_url="https://motcua.example.vn/payments/vnpay/return",
        ip_addr="203.162.10.5",
        created_at=STARTED,
        expire_at=STARTED + timedelta(minutes=15),
    )


def vnpay_gateway_pays(url: str, *, response_code: str = "00") -> dict[str, str]:
    """Act as VNPay: check the redirect, then send the IPN for its payment."""
    params = dict(parse_qsl(urlsplit(url).query))
    if not vnpay.verify(params, VNPAY_SECRET):
        raise AssertionError("the gateway would refuse this redirect")
    result = vnpay.GatewayResult(
        txn_ref=params["vnp_TxnRef"],
        amount_vnd=int(params["vnp_Amount"]) // 100,
        order_info=params["vnp_OrderInfo"],
        response_code=response_code,
        transaction_status="00" if response_code == "00" else "02",
        transaction_no="14268811",
        bank_code="NCB",
        bank_tran_no="VNP14268811",
        card_type="ATM",
        pay_date=parse_timestamp(params["vnp_CreateDate"]) + timedelta(minutes=3),
    )
    return vnpay.build_ipn_params(
        result, tmn_code=params["vnp_TmnCode"], secret=VNPAY_SECRET
    )


class OrderBook:
    """Orders by reference, settled the way the payment plugin would."""

    def __init__(self) -> None:
        self.orders: dict[str, vnpay.OrderView] = {}

    def open(self, reference: str, amount: int) -> None:
        self.orders[reference] = vnpay.OrderView(amount=amount)

    def settle(self, reference: str) -> None:
        self.orders[reference] = msgspec.structs.replace(
            self.orders[reference], confirmed=True
        )

    def __call__(self, reference: str) -> vnpay.OrderView | None:
        return self.orders.get(reference)


def test_vnpay_payment_is_redirected_paid_and_settled_once() -> None:
    book = OrderBook()
    book.open("PAY240115000007", 150_000)
    ipn = vnpay_gateway_pays(redirect(150_000, "PAY240115000007"))

    first = vnpay.check_ipn(ipn, VNPAY_SECRET, book)
    book.settle("PAY240115000007")
    retried = vnpay.check_ipn(ipn, VNPAY_SECRET, book)

    assert first.paid
    assert first.response() == {"RspCode": "00", "Message": "Confirm Success"}
    assert retried.response() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert not retried.paid


def test_vnpay_cancelled_payment_is_settled_as_failed() -> None:
    book = OrderBook()
    book.open("PAY2", 20_000)
    ipn = vnpay_gateway_pays(redirect(20_000, "PAY2"), response_code="24")

    decision = vnpay.check_ipn(ipn, VNPAY_SECRET, book)

    assert decision.payment is vnpay.PaymentStatus.FAILED


def test_vnpay_payment_of_a_changed_order_is_refused() -> None:
    book = OrderBook()
    book.open("PAY3", 20_000)
    ipn = vnpay_gateway_pays(redirect(20_000, "PAY3"))
    book.open("PAY3", 25_000)  # the fee was corrected after the redirect

    decision = vnpay.check_ipn(ipn, VNPAY_SECRET, book)

    assert decision.outcome is vnpay.IpnOutcome.INVALID_AMOUNT


def test_vnpay_return_page_sees_the_same_signed_result() -> None:
    ipn = vnpay_gateway_pays(redirect(20_000, "PAY4"))
    returned = ipn | {"gateway": "vnpay"}  # our own return URL parameter

    assert vnpay.verify(returned, VNPAY_SECRET)
    assert vnpay.payment_succeeded(returned)


@given(
    amount=st.integers(1, 10**9),
    reference=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1),
)
def test_vnpay_any_order_paid_in_full_is_settled_as_paid(
    amount: int, reference: str
) -> None:
    book = OrderBook()
    book.open(reference, amount)

    decision = vnpay.check_ipn(
        vnpay_gateway_pays(redirect(amount, reference)), VNPAY_SECRET, book
    )

    assert decision.paid
    assert decision.txn_ref == reference


FEES = [
    paygov.FeeLine(
        fee_code="LP01",
        fee_name="Lệ phí đăng ký kinh doanh",
        kind=paygov.FeeKind.CHARGE,
        amount=100_000,
    ),
]


def init_payment(request_id: str, fees: list[paygov.FeeLine]) -> bytes:
    message = paygov.build_init(
        partner_code="MOTCUA",
        secret=PAYGOV_SECRET,
        request_id=request_id,
        requested_at=STARTED,
        dossier_code="H01.22-240115-0007",
        procedure_code="1.004227",
        unit_code="H01.22",
        beneficiary=paygov.BeneficiaryAccount(
            bank_code="VCB", account_no="0071000123456", account_name="Kho bac"
        ),
        payer=paygov.Payer(name="Trần Thị Bình"),
        fees=fees,
        return_url="https://motcua.example.vn/payments/paygov/return",
        notify_url="https://motcua.example.vn/payments/paygov/notify",
        expires_at=STARTED + timedelta(hours=1),
    )
    return msgspec.json.encode(message)


def platform_pays(raw_init: bytes, *, minutes_later: int = 5) -> bytes:
    """Act as the platform: check the INIT, then send CONFIRM for it."""
    init = paygov.decode_message(raw_init, paygov.InitMessage)
    if not paygov.verify_message(init, PAYGOV_SECRET):
        raise AssertionError("the platform would refuse this INIT")
    paid = parse_timestamp(init.request_time) + timedelta(minutes=minutes_later)
    confirm = paygov.ConfirmMessage(
        partner_code=init.partner_code,
        request_id=init.request_id,
        transaction_id="PG-1",
        amount=init.total_amount,
        currency=init.currency,
        status_code="00",
        paid_time=paid.strftime("%Y%m%d%H%M%S"),
    )
    return msgspec.json.encode(paygov.with_checksum(confirm, PAYGOV_SECRET))


def payment_book(request_id: str, amount: int) -> dict[str, paygov.OrderView]:
    return {
        request_id: paygov.OrderView(
            amount=amount, expires_at=STARTED + timedelta(hours=1)
        )
    }


def test_paygov_payment_is_opened_confirmed_and_answered() -> None:
    book = payment_book("REQ-1", 100_000)
    raw_confirm = platform_pays(init_payment("REQ-1", FEES))

    confirm = paygov.decode_message(raw_confirm, paygov.ConfirmMessage)
    decision = paygov.check_confirm(confirm, PAYGOV_SECRET, book.get)
    reply = decision.reply(partner_code="MOTCUA", secret=PAYGOV_SECRET)
    received = paygov.decode_any_message(msgspec.json.encode(reply))

    assert decision.paid
    assert isinstance(received, paygov.ConfirmResultMessage)
    assert received.response_code == "00"
    assert paygov.verify_message(received, PAYGOV_SECRET)


def test_paygov_payment_after_the_window_is_refused() -> None:
    book = payment_book("REQ-2", 100_000)
    raw_confirm = platform_pays(init_payment("REQ-2", FEES), minutes_later=61)

    confirm = paygov.decode_message(raw_confirm, paygov.ConfirmMessage)
    decision = paygov.check_confirm(confirm, PAYGOV_SECRET, book.get)

    assert decision.code is paygov.ResponseCode.EXPIRED
    assert decision.reply(partner_code="MOTCUA", secret=PAYGOV_SECRET).message == (
        "Giao dịch đã hết hạn"
    )


fee_lines = st.lists(
    st.builds(
        paygov.FeeLine,
        fee_code=st.text(alphabet="ABCDEFGHIJ0123456789", min_size=1, max_size=8),
        fee_name=st.text(min_size=1, max_size=30),
        kind=st.sampled_from(paygov.FeeKind),
        amount=st.integers(1, 10**8),
    ),
    min_size=1,
    max_size=6,
)


@given(fees=fee_lines)
def test_paygov_any_bill_paid_in_full_is_settled_as_paid(
    fees: list[paygov.FeeLine],
) -> None:
    total = sum(line.amount for line in fees)
    book = payment_book("REQ-3", total)

    raw_confirm = platform_pays(init_payment("REQ-3", fees))
    confirm = paygov.decode_message(raw_confirm, paygov.ConfirmMessage)

    assert paygov.check_confirm(confirm, PAYGOV_SECRET, book.get).paid


@given(fees=fee_lines, data=st.data())
def test_paygov_changing_any_fee_amount_breaks_the_init(
    fees: list[paygov.FeeLine], data: st.DataObject
) -> None:
    init = paygov.decode_message(init_payment("REQ-4", fees), paygov.InitMessage)
    index = data.draw(st.integers(0, len(fees) - 1))
    line = init.fees[index]
    forged_amount = data.draw(st.integers(0, 10**8).filter(lambda a: a != line.amount))
    forged_fees = list(init.fees)
    forged_fees[index] = msgspec.structs.replace(line, amount=forged_amount)

    forged = msgspec.structs.replace(init, fees=forged_fees)

    assert not paygov.verify_message(forged, PAYGOV_SECRET)


@pytest.mark.parametrize(
    "message",
    [
        paygov.InitResultMessage(
            partner_code="MOTCUA",
            request_id="REQ-1",
            response_code="00",
            transaction_id="PG-1",
            payment_url="https://paygov.example.vn/pay/PG-1",
        ),
        paygov.QueryResultMessage(
            partner_code="MOTCUA",
            request_id="Q-1",
            payment_request_id="REQ-1",
            response_code="00",
            transaction_id="PG-1",
            amount=100_000,
            status_code="00",
            paid_time="20240115104512",
        ),
        paygov.GetBillMessage(
            partner_code="MOTCUA",
            request_id="GB-1",
            dossier_code="H01.22-240115-0007",
            request_time="20240115104512",
        ),
    ],
    ids=["INIT_RESULT", "QUERY_RESULT", "GET_BILL"],
)
def test_paygov_platform_messages_are_read_and_checked(
    message: paygov.Message,
) -> None:
    raw = msgspec.json.encode(paygov.with_checksum(message, PAYGOV_SECRET))
    forged = raw.replace(b"REQ-1", b"REQ-9").replace(b"GB-1", b"GB-9")

    received = paygov.decode_any_message(raw)

    assert type(received) is type(message)
    assert paygov.verify_message(received, PAYGOV_SECRET)
    assert not paygov.verify_message(paygov.decode_any_message(forged), PAYGOV_SECRET)


def test_paygov_unknown_message_type_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError):
        paygov.decode_any_message(b'{"messageType": "REFUND", "requestId": "R"}')


def test_paygov_bill_for_an_unknown_dossier_needs_no_fees() -> None:
    bill = paygov.with_checksum(
        paygov.BillMessage(
            partner_code="MOTCUA",
            request_id="GB-1",
            response_code=paygov.ResponseCode.ORDER_NOT_FOUND.value,
            dossier_code="H01.22-000000-0000",
        ),
        PAYGOV_SECRET,
    )

    received = paygov.decode_message(msgspec.json.encode(bill), paygov.BillMessage)

    assert received.fees == []
    assert received.total_amount == 0
    assert paygov.verify_message(received, PAYGOV_SECRET)
