"""VNPay merchant API: signed status query and refund bodies, signed answers."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

from plugins.payments_gateway.protocols import vnpay

SECRET = "VNPAYSANDBOXSECRETKEY0123456789"
PAYMENT_CREATED = datetime(2024, 1, 15, 3, 30, tzinfo=UTC)  # 10:30 GMT+7
QUERY_CREATED = datetime(2024, 1, 16, 2, 0, tzinfo=UTC)  # 09:00 GMT+7


def hmac512(text: str) -> str:
    return hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()


def querydr(**overrides: Any) -> vnpay.QueryDrRequest:
    arguments: dict[str, Any] = {
        "tmn_code": "MOTCUA01",
        "secret": SECRET,
        "txn_ref": "PAY240115000007",
        "transaction_date": PAYMENT_CREATED,
        "created_at": QUERY_CREATED,
        "ip_addr": "10.0.0.1",
        "order_info": "Truy van giao dich PAY240115000007",
        "request_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    }
    return vnpay.build_querydr_request(**(arguments | overrides))


def refund(**overrides: Any) -> vnpay.RefundRequest:
    arguments: dict[str, Any] = {
        "tmn_code": "MOTCUA01",
        "secret": SECRET,
        "txn_ref": "PAY240115000007",
        "amount_vnd": 150_000,
        "refund_type": vnpay.RefundType.FULL,
        "transaction_date": PAYMENT_CREATED,
        "created_by": "canbo.motcua",
        "created_at": QUERY_CREATED,
        "ip_addr": "10.0.0.1",
        "order_info": "Hoan tien ho so bi tu choi",
        "transaction_no": "14268811",
        "request_id": "REFUND0001",
    }
    return vnpay.build_refund_request(**(arguments | overrides))


def wire(body: msgspec.Struct) -> dict[str, Any]:
    decoded: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(body))
    return decoded


def test_querydr_hash_matches_a_vector_computed_with_openssl() -> None:
    # printf '%s' '<pipe text>' | openssl dgst -sha512 -hmac "$SECRET"
    expected = (
        "0ac8d95a75cad283145017e0a20e7c9fa6e86ece8a2f25ea59df7d0a678684f4"
        "5bd480e4ea1d5307050154a7e89ec73487c28b8f3dee5f9465d8eb4d6c53e152"
    )

    assert querydr().secure_hash == expected


def test_querydr_body_uses_vnpay_field_names() -> None:
    body = wire(querydr(transaction_no="14268811"))

    assert body == {
        "vnp_RequestId": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "vnp_Version": "2.1.0",
        "vnp_Command": "querydr",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": "PAY240115000007",
        "vnp_OrderInfo": "Truy van giao dich PAY240115000007",
        "vnp_TransactionNo": "14268811",
        "vnp_TransactionDate": "20240115103000",
        "vnp_CreateDate": "20240116090000",
        "vnp_IpAddr": "10.0.0.1",
        "vnp_SecureHash": body["vnp_SecureHash"],
    }


def test_querydr_hash_covers_the_documented_fields_in_order() -> None:
    body = wire(querydr())
    text = "|".join(
        body[name]
        for name in (
            "vnp_RequestId",
            "vnp_Version",
            "vnp_Command",
            "vnp_TmnCode",
            "vnp_TxnRef",
            "vnp_TransactionDate",
            "vnp_CreateDate",
            "vnp_IpAddr",
            "vnp_OrderInfo",
        )
    )

    assert body["vnp_SecureHash"] == hmac512(text)


def test_unknown_transaction_number_is_left_out_not_null() -> None:
    assert "vnp_TransactionNo" not in wire(querydr())


def test_transaction_number_is_not_part_of_the_querydr_hash() -> None:
    assert querydr().secure_hash == querydr(transaction_no="99").secure_hash


def test_querydr_request_ids_are_fresh_by_default() -> None:
    first = querydr(request_id=None)
    second = querydr(request_id=None)

    assert first.request_id != second.request_id
    assert len(first.request_id) <= 32


def test_refund_body_sends_the_amount_times_one_hundred_as_a_number() -> None:
    body = wire(refund(amount_vnd=75_000, refund_type=vnpay.RefundType.PARTIAL))

    assert body["vnp_Amount"] == 7_500_000
    assert body["vnp_TransactionType"] == "03"
    assert body["vnp_Command"] == "refund"
    assert body["vnp_CreateBy"] == "canbo.motcua"


def test_refund_hash_covers_the_documented_fields_in_order() -> None:
    by_hand = (
        "REFUND0001|2.1.0|refund|MOTCUA01|02|PAY240115000007|15000000|14268811"
        "|20240115103000|canbo.motcua|20240116090000|10.0.0.1"
        "|Hoan tien ho so bi tu choi"
    )

    assert refund().secure_hash == hmac512(by_hand)


def test_refund_without_transaction_number_signs_it_as_empty() -> None:
    by_hand = (
        "REFUND0001|2.1.0|refund|MOTCUA01|02|PAY240115000007|15000000|"
        "|20240115103000|canbo.motcua|20240116090000|10.0.0.1"
        "|Hoan tien ho so bi tu choi"
    )

    assert refund(transaction_no=None).secure_hash == hmac512(by_hand)


def test_refund_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        refund(amount_vnd=0)


QUERYDR_ANSWER: dict[str, Any] = {
    "vnp_ResponseId": "4f3c2a",
    "vnp_Command": "querydr",
    "vnp_ResponseCode": "00",
    "vnp_Message": "QueryDR Success",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_TxnRef": "PAY240115000007",
    "vnp_Amount": "15000000",
    "vnp_BankCode": "NCB",
    "vnp_PayDate": "20240115104107",
    "vnp_TransactionNo": "14268811",
    "vnp_TransactionType": "01",
    "vnp_TransactionStatus": "00",
    "vnp_OrderInfo": "Nop le phi ho so",
}
QUERYDR_ANSWER_TEXT = (
    "4f3c2a|querydr|00|QueryDR Success|MOTCUA01|PAY240115000007|15000000|NCB"
    "|20240115104107|14268811|01|00|Nop le phi ho so||"
)


def signed_answer(fields: dict[str, Any], text: str) -> bytes:
    return msgspec.json.encode(fields | {"vnp_SecureHash": hmac512(text)})


def test_querydr_answer_signed_by_vnpay_is_read() -> None:
    raw = signed_answer(QUERYDR_ANSWER, QUERYDR_ANSWER_TEXT)

    answer = vnpay.parse_querydr_response(raw, SECRET)

    assert answer.txn_ref == "PAY240115000007"
    assert answer.transaction_no == "14268811"
    assert answer.amount == "15000000"
    assert answer.amount_vnd == 150_000
    assert answer.payment_succeeded


def test_querydr_answer_hash_includes_promotion_fields() -> None:
    with_promotion = QUERYDR_ANSWER | {
        "vnp_PromotionCode": "TET2024",
        "vnp_PromotionAmount": "500000",
    }
    text = QUERYDR_ANSWER_TEXT.removesuffix("||") + "|TET2024|500000"

    answer = vnpay.parse_querydr_response(signed_answer(with_promotion, text), SECRET)

    assert answer.promotion_code == "TET2024"


def test_querydr_answer_with_numbers_is_signed_over_their_text() -> None:
    numeric = QUERYDR_ANSWER | {"vnp_Amount": 15000000}

    answer = vnpay.parse_querydr_response(
        signed_answer(numeric, QUERYDR_ANSWER_TEXT), SECRET
    )

    assert answer.amount == "15000000"


def test_querydr_answer_may_be_given_already_decoded() -> None:
    decoded = msgspec.json.decode(signed_answer(QUERYDR_ANSWER, QUERYDR_ANSWER_TEXT))

    assert vnpay.parse_querydr_response(decoded, SECRET).payment_succeeded


def test_querydr_answer_for_an_unpaid_transaction_is_not_a_payment() -> None:
    pending = QUERYDR_ANSWER | {"vnp_TransactionStatus": "01"}
    text = QUERYDR_ANSWER_TEXT.replace("|01|00|", "|01|01|")

    answer = vnpay.parse_querydr_response(signed_answer(pending, text), SECRET)

    assert answer.accepted
    assert not answer.payment_succeeded


@pytest.mark.parametrize(
    "field", ["vnp_Amount", "vnp_TransactionStatus", "vnp_TxnRef", "vnp_ResponseCode"]
)
def test_tampered_querydr_answer_is_refused(field: str) -> None:
    raw = signed_answer(QUERYDR_ANSWER, QUERYDR_ANSWER_TEXT)
    tampered = msgspec.json.decode(raw) | {field: "99"}

    with pytest.raises(vnpay.InvalidSignatureError) as refused:
        vnpay.parse_querydr_response(tampered, SECRET)

    assert SECRET not in str(refused.value)


def test_unsigned_querydr_answer_is_refused() -> None:
    with pytest.raises(vnpay.InvalidSignatureError):
        vnpay.parse_querydr_response(msgspec.json.encode(QUERYDR_ANSWER), SECRET)


def test_answer_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError):
        vnpay.parse_querydr_response(b"[1, 2]", SECRET)


def test_refund_answer_is_signed_without_promotion_fields() -> None:
    accepted = QUERYDR_ANSWER | {"vnp_Command": "refund", "vnp_TransactionType": "02"}
    text = (
        "4f3c2a|refund|00|QueryDR Success|MOTCUA01|PAY240115000007|15000000|NCB"
        "|20240115104107|14268811|02|00|Nop le phi ho so"
    )

    answer = vnpay.parse_refund_response(signed_answer(accepted, text), SECRET)

    assert answer.accepted
    assert answer.transaction_type == "02"


def test_refused_refund_is_read_as_not_accepted() -> None:
    refused = QUERYDR_ANSWER | {"vnp_Command": "refund", "vnp_ResponseCode": "94"}
    text = (
        "4f3c2a|refund|94|QueryDR Success|MOTCUA01|PAY240115000007|15000000|NCB"
        "|20240115104107|14268811|01|00|Nop le phi ho so"
    )

    answer = vnpay.parse_refund_response(signed_answer(refused, text), SECRET)

    assert not answer.accepted


def test_pipe_signature_writes_missing_values_as_empty() -> None:
    signature = vnpay.pipe_signature({"a": "1", "c": None}, ("a", "b", "c"), SECRET)

    assert signature == hmac512("1||")


def test_merchant_settings_hide_the_secret_in_repr() -> None:
    merchant = vnpay.VnpayMerchant(
        tmn_code="MOTCUA01",
        secret=SECRET,
        pay_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        api_url="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
    )

    assert SECRET not in repr(merchant)
    assert SECRET not in str(merchant)
    assert SECRET not in repr([merchant])
    assert SECRET not in repr(merchant.__rich_repr__())
    assert "MOTCUA01" in repr(merchant)
    assert merchant.secret == SECRET


def test_answer_without_an_amount_has_no_amount_in_dong() -> None:
    failed = {
        "vnp_ResponseId": "1",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "91",
        "vnp_Message": "Transaction not found",
        "vnp_Amount": None,
    }
    raw = signed_answer(failed, "1|querydr|91|Transaction not found" + "|" * 11)

    answer = vnpay.parse_querydr_response(raw, SECRET)

    assert answer.amount_vnd is None
    assert not answer.accepted
    assert not answer.payment_succeeded


def test_answer_fields_that_are_not_text_or_numbers_are_ignored() -> None:
    extra = QUERYDR_ANSWER | {"vnp_Trace": {"node": 3}, "vnp_Tags": ["a"]}

    answer = vnpay.parse_querydr_response(
        signed_answer(extra, QUERYDR_ANSWER_TEXT), SECRET
    )

    assert answer.payment_succeeded


def test_answer_hash_may_be_in_uppercase_hex() -> None:
    raw = msgspec.json.decode(signed_answer(QUERYDR_ANSWER, QUERYDR_ANSWER_TEXT))
    raw["vnp_SecureHash"] = raw["vnp_SecureHash"].upper()

    assert vnpay.parse_querydr_response(raw, SECRET).txn_ref == "PAY240115000007"


def test_invalid_signature_is_a_value_error_for_callers() -> None:
    assert issubclass(vnpay.InvalidSignatureError, ValueError)
