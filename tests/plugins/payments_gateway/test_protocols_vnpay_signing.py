"""VNPay query-string signatures: canonical text, HMAC-SHA512, verification."""

from __future__ import annotations

import hashlib
import hmac
import string
from urllib.parse import quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.payments_gateway.protocols import vnpay

SECRET = "VNPAYSANDBOXSECRETKEY0123456789"


def hmac512(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def signed(params: dict[str, str], secret: str = SECRET) -> dict[str, str]:
    return {**params, "vnp_SecureHash": vnpay.sign(params, secret)}


RESULT = {
    "vnp_Amount": "15000000",
    "vnp_BankCode": "NCB",
    "vnp_OrderInfo": "Nop le phi ho so",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "PAY0001",
}


def test_signature_is_hmac_sha512_of_the_sorted_encoded_query() -> None:
    by_hand = (
        "vnp_Amount=15000000&vnp_BankCode=NCB&vnp_OrderInfo=Nop+le+phi+ho+so"
        "&vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01&vnp_TransactionStatus=00"
        "&vnp_TxnRef=PAY0001"
    )

    assert vnpay.canonical_query(RESULT) == by_hand
    assert vnpay.sign(RESULT, SECRET) == hmac512(SECRET, by_hand)


def test_signature_does_not_depend_on_parameter_order() -> None:
    reversed_params = dict(reversed(list(RESULT.items())))

    assert vnpay.sign(reversed_params, SECRET) == vnpay.sign(RESULT, SECRET)


def test_keys_sort_in_byte_order_with_uppercase_first() -> None:
    params = {"vnp_b": "2", "vnp_B": "1", "vnp_a": "3", "vnp_Z": "4"}

    assert vnpay.canonical_query(params) == "vnp_B=1&vnp_Z=4&vnp_a=3&vnp_b=2"


def test_spaces_become_plus_and_reserved_characters_are_escaped() -> None:
    params = {"vnp_OrderInfo": "Le phi 50%", "vnp_ReturnUrl": "https://a.vn/r?x=1&y=2"}

    assert vnpay.canonical_query(params) == (
        "vnp_OrderInfo=Le+phi+50%25&vnp_ReturnUrl=https%3A%2F%2Fa.vn%2Fr%3Fx%3D1%26y%3D2"
    )


def test_non_ascii_values_are_utf8_percent_encoded() -> None:
    assert vnpay.canonical_query({"vnp_OrderInfo": "Lệ phí"}) == (
        "vnp_OrderInfo=L%E1%BB%87+ph%C3%AD"
    )


def test_empty_values_are_left_out_of_the_signature() -> None:
    with_empty = {**RESULT, "vnp_BankTranNo": "", "vnp_CardType": ""}

    assert vnpay.canonical_query(with_empty) == vnpay.canonical_query(RESULT)
    assert vnpay.sign(with_empty, SECRET) == vnpay.sign(RESULT, SECRET)


def test_hash_fields_are_left_out_of_the_signature() -> None:
    with_hash = {**RESULT, "vnp_SecureHash": "ab" * 64, "vnp_SecureHashType": "SHA512"}

    assert vnpay.sign(with_hash, SECRET) == vnpay.sign(RESULT, SECRET)


def test_parameters_outside_the_vnp_namespace_are_not_signed() -> None:
    # A merchant return URL may carry its own query parameters.
    with_own = {**RESULT, "gateway": "vnpay", "lang": "vi"}

    assert vnpay.sign(with_own, SECRET) == vnpay.sign(RESULT, SECRET)
    assert vnpay.verify(signed(RESULT) | {"gateway": "vnpay"}, SECRET)


def test_signature_depends_on_the_secret() -> None:
    assert vnpay.sign(RESULT, SECRET) != vnpay.sign(RESULT, SECRET + "x")


def test_empty_secret_is_refused_without_echoing_anything() -> None:
    with pytest.raises(ValueError, match="secret is empty"):
        vnpay.sign(RESULT, "")


def test_verify_accepts_the_gateway_signature() -> None:
    assert vnpay.verify(signed(RESULT), SECRET)


def test_verify_ignores_hex_letter_case() -> None:
    params = signed(RESULT)
    params["vnp_SecureHash"] = params["vnp_SecureHash"].upper()

    assert vnpay.verify(params, SECRET)


def test_verify_ignores_signature_type_field_sent_by_older_gateways() -> None:
    assert vnpay.verify(signed(RESULT) | {"vnp_SecureHashType": "HmacSHA512"}, SECRET)


@pytest.mark.parametrize(
    ("field", "forged"),
    [
        ("vnp_Amount", "1500000000"),
        ("vnp_ResponseCode", "24"),
        ("vnp_TxnRef", "PAY0002"),
        ("vnp_TransactionStatus", "02"),
    ],
)
def test_verify_rejects_a_tampered_field(field: str, forged: str) -> None:
    params = signed(RESULT)
    params[field] = forged

    assert not vnpay.verify(params, SECRET)


def test_verify_rejects_an_added_field() -> None:
    assert not vnpay.verify(signed(RESULT) | {"vnp_PayDate": "20240101000000"}, SECRET)


def test_verify_rejects_a_removed_field() -> None:
    params = signed(RESULT)
    del params["vnp_BankCode"]

    assert not vnpay.verify(params, SECRET)


def test_verify_rejects_another_merchants_secret() -> None:
    assert not vnpay.verify(signed(RESULT, "another-merchant"), SECRET)


@pytest.mark.parametrize("received", ["", "00", "not-hex-at-all", "ữ" * 128])
def test_verify_rejects_missing_or_malformed_hash(received: str) -> None:
    assert not vnpay.verify(RESULT | {"vnp_SecureHash": received}, SECRET)


def test_verify_rejects_params_without_hash() -> None:
    assert not vnpay.verify(RESULT, SECRET)


field_names = st.text(
    alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12
).map(lambda name: f"vnp_{name}")
characters = st.characters(codec="utf-8")
field_values = st.text(alphabet=characters, min_size=1, max_size=30)
param_sets = st.dictionaries(field_names, field_values, min_size=1, max_size=12)
secrets_ = st.text(min_size=1, max_size=40)


@given(params=param_sets, secret=secrets_)
def test_any_signed_params_verify(params: dict[str, str], secret: str) -> None:
    assert vnpay.verify(signed(params, secret), secret)


@given(params=param_sets, data=st.data())
def test_changing_one_character_of_any_value_breaks_verification(
    params: dict[str, str], data: st.DataObject
) -> None:
    received = signed(params)
    field = data.draw(st.sampled_from(sorted(params)))
    value = received[field]
    position = data.draw(st.integers(0, len(value) - 1))
    replacement = data.draw(characters.filter(lambda char: char != value[position]))
    received[field] = value[:position] + replacement + value[position + 1 :]

    assert not vnpay.verify(received, SECRET)


@given(params=param_sets)
def test_signature_matches_an_independent_computation(params: dict[str, str]) -> None:
    ordered = sorted(params, key=lambda key: key.encode())
    text = "&".join(f"{key}={quote_plus(params[key])}" for key in ordered)

    assert vnpay.sign(params, SECRET) == hmac512(SECRET, text)
