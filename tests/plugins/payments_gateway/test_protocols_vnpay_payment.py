"""VNPay payment redirect URL, order descriptions and sandbox result parameters."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import msgspec
import pytest

from plugins.payments_gateway.protocols import vnpay

SECRET = "VNPAYSANDBOXSECRETKEY0123456789"
PAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
RETURN_URL = "https://motcua.example.vn/payments/vnpay/return"
CREATED = datetime(2024, 1, 15, 3, 30, tzinfo=UTC)  # 10:30 in Vietnam


def payment_url(**overrides: Any) -> str:
    arguments: dict[str, Any] = {
        "tmn_code": "MOTCUA01",
        "secret": SECRET,
        "amount_vnd": 10_000,
        "txn_ref": "PAY240115000007",
        "order_info": "Nộp lệ phí hồ sơ H01.22-240115-0007",
        "return_url": RETURN_URL,
        "ip_addr": "203.162.10.5",
        "created_at": CREATED,
        "expire_at": None,
    }
    return vnpay.build_payment_url(PAY_URL, **(arguments | overrides))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_payment_url_matches_a_vector_computed_with_openssl() -> None:
    # printf '%s' '<query below>' | openssl dgst -sha512 -hmac "$SECRET"
    expected_query = (
        "vnp_Amount=1000000&vnp_Command=pay&vnp_CreateDate=20240115103000"
        "&vnp_CurrCode=VND&vnp_IpAddr=203.162.10.5&vnp_Locale=vn"
        "&vnp_OrderInfo=Nop+le+phi+ho+so+H01.22-240115-0007&vnp_OrderType=other"
        "&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example.vn%2Fpayments%2Fvnpay%2Freturn"
        "&vnp_TmnCode=MOTCUA01&vnp_TxnRef=PAY240115000007&vnp_Version=2.1.0"
    )
    expected_hash = (
        "804eaf5fdc286eab87419dfdc941913bc4b98f883fc42e026d282e7413792d0c"
        "bc2a0356946235bb9703f87f901dc694a3919beb52888ad0071cfc504ea10c05"
    )

    assert payment_url() == (
        f"{PAY_URL}?{expected_query}&vnp_SecureHash={expected_hash}"
    )


def test_payment_url_carries_every_protocol_field() -> None:
    params = query_of(payment_url())

    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == "MOTCUA01"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_Locale"] == "vn"
    assert params["vnp_OrderType"] == "other"
    assert params["vnp_ReturnUrl"] == RETURN_URL
    assert params["vnp_TxnRef"] == "PAY240115000007"
    assert params["vnp_IpAddr"] == "203.162.10.5"


def test_payment_url_signature_verifies_with_the_merchant_secret() -> None:
    params = query_of(payment_url())

    assert vnpay.verify(params, SECRET)
    assert not vnpay.verify(params, "another-secret")


def test_signature_is_hmac_of_the_query_before_the_hash() -> None:
    query = urlsplit(payment_url()).query
    unsigned, _, received = query.rpartition("&vnp_SecureHash=")
    expected = hmac.new(SECRET.encode(), unsigned.encode(), hashlib.sha512)

    assert received == expected.hexdigest()


def test_amount_is_sent_in_dong_times_one_hundred() -> None:
    assert query_of(payment_url(amount_vnd=1_250_000))["vnp_Amount"] == "125000000"


@pytest.mark.parametrize("amount", [0, -5_000])
def test_non_positive_amounts_are_refused(amount: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        payment_url(amount_vnd=amount)


@pytest.mark.parametrize("amount", [True, 10_000.0, "10000"])
def test_amounts_that_are_not_whole_dong_are_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        payment_url(amount_vnd=amount)


def test_dates_are_written_in_vietnam_time_whatever_the_input_zone() -> None:
    in_paris = datetime(2024, 1, 15, 4, 30, tzinfo=timezone(timedelta(hours=1)))
    expiry = in_paris + timedelta(minutes=15)

    params = query_of(payment_url(created_at=in_paris, expire_at=expiry))

    assert params["vnp_CreateDate"] == "20240115103000"
    assert params["vnp_ExpireDate"] == "20240115104500"


def test_dates_cross_midnight_in_vietnam_time() -> None:
    late_evening_utc = datetime(2024, 12, 31, 17, 5, 9, tzinfo=UTC)

    params = query_of(payment_url(created_at=late_evening_utc))

    assert params["vnp_CreateDate"] == "20250101000509"


def test_naive_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        payment_url(created_at=datetime(2024, 1, 15, 10, 30))


def test_optional_fields_are_absent_when_not_given() -> None:
    params = query_of(payment_url())

    assert "vnp_ExpireDate" not in params
    assert "vnp_BankCode" not in params


def test_bank_code_locale_and_order_type_are_passed_on() -> None:
    params = query_of(
        payment_url(bank_code="VNPAYQR", locale="en", order_type="billpayment")
    )

    assert params["vnp_BankCode"] == "VNPAYQR"
    assert params["vnp_Locale"] == "en"
    assert params["vnp_OrderType"] == "billpayment"
    assert vnpay.verify(params, SECRET)


def test_order_info_is_sent_without_diacritics() -> None:
    params = query_of(payment_url(order_info="Lệ phí cấp đổi Giấy phép lái xe"))

    assert params["vnp_OrderInfo"] == "Le phi cap doi Giay phep lai xe"


def test_pay_url_with_its_own_query_keeps_it() -> None:
    url = vnpay.build_payment_url(
        f"{PAY_URL}?channel=web",
        tmn_code="MOTCUA01",
        secret=SECRET,
        amount_vnd=10_000,
        txn_ref="PAY1",
        order_info="Le phi",
        return_url=RETURN_URL,
        ip_addr="127.0.0.1",
        created_at=CREATED,
        expire_at=None,
    )

    params = query_of(url)
    assert params["channel"] == "web"
    assert vnpay.verify(params, SECRET)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Đăng ký khai sinh", "Dang ky khai sinh"),
        ("đường Trần Hưng Đạo", "duong Tran Hung Dao"),
        ("Sở Tư pháp tỉnh Bắc Ninh", "So Tu phap tinh Bac Ninh"),
        ("ẮẰẲẴẶ ắằẳẵặ ỨỪỬỮỰ ứừửữự", "AAAAA aaaaa UUUUU uuuuu"),
        ("Ốc Ồ Ổ Ỗ Ộ ơớờởỡợ", "Oc O O O O oooooo"),
        ("ÝỲỶỸỴ ýỳỷỹỵ", "YYYYY yyyyy"),
        ("already plain 123", "already plain 123"),
    ],
)
def test_strip_diacritics_keeps_base_letters(text: str, plain: str) -> None:
    assert vnpay.strip_diacritics(text) == plain


def test_strip_diacritics_handles_decomposed_input() -> None:
    decomposed = "Le\u0302\u0323 phi\u0301"  # "Lệ phí" typed with combining marks

    assert vnpay.strip_diacritics(decomposed) == "Le phi"


def test_sanitized_order_info_has_no_symbols_and_single_spaces() -> None:
    text = "Phí   thẩm định: 50.000đ ~ *hồ sơ* #12 (bản sao)"

    assert (
        vnpay.sanitize_order_info(text) == "Phi tham dinh: 50.000d ho so #12 (ban sao)"
    )


def test_sanitized_order_info_is_cut_to_255_characters() -> None:
    assert len(vnpay.sanitize_order_info("Lệ phí " * 100)) == 255


GATEWAY_RESULT = vnpay.GatewayResult(
    txn_ref="PAY240115000007",
    amount_vnd=10_000,
    order_info="Nop le phi ho so H01.22-240115-0007",
    response_code="00",
    transaction_status="00",
    transaction_no="14268811",
    bank_code="NCB",
    bank_tran_no="VNP14268811",
    card_type="ATM",
    pay_date=datetime(2024, 1, 15, 3, 41, 7, tzinfo=UTC),
)


def test_return_params_carry_the_documented_fields_signed() -> None:
    params = vnpay.build_return_params(
        GATEWAY_RESULT, tmn_code="MOTCUA01", secret=SECRET
    )

    assert set(params) == {
        "vnp_Amount",
        "vnp_BankCode",
        "vnp_BankTranNo",
        "vnp_CardType",
        "vnp_OrderInfo",
        "vnp_PayDate",
        "vnp_ResponseCode",
        "vnp_TmnCode",
        "vnp_TransactionNo",
        "vnp_TransactionStatus",
        "vnp_TxnRef",
        "vnp_SecureHash",
    }
    assert params["vnp_Amount"] == "1000000"
    assert params["vnp_PayDate"] == "20240115104107"
    assert vnpay.verify(params, SECRET)


def test_return_params_signature_matches_a_hand_built_query() -> None:
    params = vnpay.build_return_params(
        GATEWAY_RESULT, tmn_code="MOTCUA01", secret=SECRET
    )
    by_hand = (
        "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14268811"
        "&vnp_CardType=ATM&vnp_OrderInfo=Nop+le+phi+ho+so+H01.22-240115-0007"
        "&vnp_PayDate=20240115104107&vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01"
        "&vnp_TransactionNo=14268811&vnp_TransactionStatus=00"
        "&vnp_TxnRef=PAY240115000007"
    )
    expected = hmac.new(SECRET.encode(), by_hand.encode(), hashlib.sha512)

    assert params["vnp_SecureHash"] == expected.hexdigest()


def test_ipn_params_are_the_return_params() -> None:
    ipn = vnpay.build_ipn_params(GATEWAY_RESULT, tmn_code="MOTCUA01", secret=SECRET)
    returned = vnpay.build_return_params(
        GATEWAY_RESULT, tmn_code="MOTCUA01", secret=SECRET
    )

    assert ipn == returned


def test_result_params_leave_out_empty_fields() -> None:
    cancelled = msgspec.structs.replace(
        GATEWAY_RESULT,
        response_code="24",
        transaction_status="02",
        transaction_no="0",
        bank_tran_no="",
        card_type="",
    )

    params = vnpay.build_ipn_params(cancelled, tmn_code="MOTCUA01", secret=SECRET)

    assert "vnp_BankTranNo" not in params
    assert "vnp_CardType" not in params
    assert vnpay.verify(params, SECRET)
    assert not vnpay.payment_succeeded(params)


def test_result_params_signed_by_another_merchant_do_not_verify() -> None:
    params = vnpay.build_ipn_params(GATEWAY_RESULT, tmn_code="OTHER", secret="other")

    assert not vnpay.verify(params, SECRET)
