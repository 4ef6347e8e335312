"""PayGov 1.0.6 messages: checksums, field orders, wire shape, INIT and QUERY."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.payments_gateway.protocols import paygov
from plugins.payments_gateway.protocols.paygov import MessageType

SECRET = "paygov-test-key"
REQUESTED = datetime(2024, 1, 15, 3, 30, tzinfo=UTC)  # 10:30 GMT+7

FEES = [
    paygov.FeeLine(
        fee_code="LP01",
        fee_name="Lệ phí cấp giấy phép",
        kind=paygov.FeeKind.CHARGE,
        amount=100_000,
    ),
    paygov.FeeLine(
        fee_code="PTD01",
        fee_name="Phí thẩm định",
        kind=paygov.FeeKind.FEE,
        amount=50_000,
    ),
]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def init(**overrides: Any) -> paygov.InitMessage:
    arguments: dict[str, Any] = {
        "partner_code": "MOTCUA",
        "secret": SECRET,
        "request_id": "REQ-0001",
        "requested_at": REQUESTED,
        "dossier_code": "H01.22-240115-0007",
        "procedure_code": "1.004227",
        "unit_code": "H01.22",
        "beneficiary": paygov.BeneficiaryAccount(
            bank_code="VCB", account_no="0071000123456", account_name="Kho bac"
        ),
        "payer": paygov.Payer(name="Nguyễn Văn An", identifier="001099000001"),
        "fees": FEES,
        "return_url": "https://motcua.example.vn/payments/paygov/return",
        "notify_url": "https://motcua.example.vn/payments/paygov/notify",
        "expires_at": REQUESTED + timedelta(hours=1),
    }
    return paygov.build_init(**(arguments | overrides))


def confirm(**changes: Any) -> paygov.ConfirmMessage:
    message = paygov.ConfirmMessage(
        partner_code="MOTCUA",
        request_id="REQ-0001",
        transaction_id="PG-778899",
        amount=150_000,
        currency="VND",
        status_code="00",
        paid_time="20240115104512",
    )
    return paygov.with_checksum(msgspec.structs.replace(message, **changes), SECRET)


def test_init_checksum_matches_a_vector_computed_with_sha256sum() -> None:
    # printf '%s' '<fields>|paygov-test-key' | sha256sum
    expected = "a8c7c50c186078d5bf6cd54529e0d9341ca207f2e4549a4092042592f9a1ab9a"

    assert init().checksum == expected


def test_confirm_checksum_matches_a_vector_computed_with_sha256sum() -> None:
    expected = "22a659df9fa7a6f0edba3a7112c8b543568d967091107a8cdf258a16b6a95a23"

    assert confirm().checksum == expected


def test_confirm_checksum_is_sha256_of_its_fields_then_the_secret() -> None:
    by_hand = "1.0.6|CONFIRM|MOTCUA|REQ-0001|PG-778899|150000|VND|00|20240115104512"

    assert paygov.canonical_text(confirm()) == by_hand
    assert paygov.sign_message(confirm(), SECRET) == sha256(f"{by_hand}|{SECRET}")


def test_init_signs_fee_lines_as_code_kind_amount() -> None:
    text = paygov.canonical_text(init())

    assert "|LP01,CHARGE,100000;PTD01,FEE,50000|150000|VND|" in text


def test_init_without_expiry_signs_it_as_empty() -> None:
    text = paygov.canonical_text(init(expires_at=None))

    assert text.endswith("|https://motcua.example.vn/payments/paygov/notify|")


@pytest.mark.parametrize("message_type", list(MessageType))
def test_every_message_type_has_a_signed_field_order(
    message_type: MessageType,
) -> None:
    fields = paygov.SIGNED_FIELDS[message_type]

    assert fields[:4] == ("version", "messageType", "partnerCode", "requestId")
    assert len(set(fields)) == len(fields)
    assert "checksum" not in fields


def test_signed_fields_name_real_wire_fields_of_each_message() -> None:
    samples: list[paygov.Message] = [
        init(),
        paygov.InitResultMessage(
            partner_code="P", request_id="R", response_code="00", transaction_id="T"
        ),
        confirm(),
        paygov.ConfirmResultMessage(
            partner_code="P", request_id="R", transaction_id="T", response_code="00"
        ),
        paygov.build_query(
            partner_code="P",
            secret=SECRET,
            request_id="Q",
            payment_request_id="R",
            requested_at=REQUESTED,
        ),
        paygov.QueryResultMessage(
            partner_code="P", request_id="Q", payment_request_id="R", response_code="00"
        ),
        paygov.GetBillMessage(
            partner_code="P", request_id="R", dossier_code="D", request_time="2" * 14
        ),
        paygov.BillMessage(
            partner_code="P", request_id="R", response_code="00", dossier_code="D"
        ),
    ]

    assert {paygov.message_type(sample) for sample in samples} == set(MessageType)
    for sample in samples:
        wire = msgspec.to_builtins(sample)
        for path in paygov.SIGNED_FIELDS[paygov.message_type(sample)]:
            assert path.split(".")[0] in wire, (paygov.message_type(sample), path)


def test_checksum_differs_between_message_types_with_equal_fields() -> None:
    result = paygov.ConfirmResultMessage(
        partner_code="P", request_id="R", transaction_id="T", response_code="00"
    )
    init_result = paygov.InitResultMessage(
        partner_code="P", request_id="R", response_code="00", transaction_id="T"
    )

    assert paygov.sign_message(result, SECRET) != paygov.sign_message(
        init_result, SECRET
    )


def test_signed_message_verifies() -> None:
    assert paygov.verify_message(init(), SECRET)
    assert paygov.verify_message(confirm(), SECRET)


def test_verify_ignores_hex_letter_case() -> None:
    message = confirm()
    upper = msgspec.structs.replace(message, checksum=message.checksum.upper())

    assert paygov.verify_message(upper, SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 1_500_000},
        {"status_code": "01"},
        {"currency": "USD"},
        {"request_id": "REQ-0002"},
        {"transaction_id": "PG-0"},
        {"paid_time": "20240115104513"},
        {"partner_code": "OTHER"},
        {"version": "1.0.5"},
    ],
)
def test_tampered_confirm_does_not_verify(change: dict[str, Any]) -> None:
    tampered = msgspec.structs.replace(confirm(), **change)

    assert not paygov.verify_message(tampered, SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"total_amount": 1},
        {"dossier_code": "H01.22-240115-0008"},
        {"notify_url": "https://attacker.example/notify"},
        {
            "beneficiary_account": paygov.BeneficiaryAccount(
                bank_code="VCB", account_no="999", account_name="Kho bac"
            )
        },
    ],
)
def test_tampered_init_does_not_verify(change: dict[str, Any]) -> None:
    tampered = msgspec.structs.replace(init(), **change)

    assert not paygov.verify_message(tampered, SECRET)


def test_changing_a_fee_line_breaks_the_init_checksum() -> None:
    changed = [FEES[0], msgspec.structs.replace(FEES[1], amount=5_000)]
    tampered = msgspec.structs.replace(init(), fees=changed)

    assert not paygov.verify_message(tampered, SECRET)


def test_reordering_fee_lines_breaks_the_init_checksum() -> None:
    tampered = msgspec.structs.replace(init(), fees=list(reversed(FEES)))

    assert not paygov.verify_message(tampered, SECRET)


def test_message_without_checksum_does_not_verify() -> None:
    assert not paygov.verify_message(
        msgspec.structs.replace(confirm(), checksum=""), SECRET
    )


def test_message_signed_with_another_key_does_not_verify() -> None:
    assert not paygov.verify_message(confirm(), "another-key")


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret key is empty"):
        paygov.sign_message(confirm(), "")


def test_init_goes_on_the_wire_in_camel_case_with_its_type() -> None:
    wire = msgspec.json.decode(msgspec.json.encode(init()))

    assert wire["messageType"] == "INIT"
    assert wire["version"] == "1.0.6"
    assert wire["partnerCode"] == "MOTCUA"
    assert wire["requestTime"] == "20240115103000"
    assert wire["expireTime"] == "20240115113000"
    assert wire["totalAmount"] == 150_000
    assert wire["beneficiaryAccount"]["accountNo"] == "0071000123456"
    assert wire["fees"][0] == {
        "feeCode": "LP01",
        "feeName": "Lệ phí cấp giấy phép",
        "kind": "CHARGE",
        "amount": 100_000,
    }


def test_decoded_message_keeps_its_checksum_valid() -> None:
    raw = msgspec.json.encode(init())

    decoded = paygov.decode_any_message(raw)

    assert isinstance(decoded, paygov.InitMessage)
    assert paygov.verify_message(decoded, SECRET)


def test_decoding_tells_messages_apart_by_type() -> None:
    raw = msgspec.json.encode(confirm())

    assert isinstance(paygov.decode_any_message(raw), paygov.ConfirmMessage)
    with pytest.raises(msgspec.ValidationError):
        paygov.decode_message(raw, paygov.InitMessage)


@pytest.mark.parametrize(
    "change",
    [
        {"amount": -1},
        {"paidTime": "2024-01-15"},
        {"currency": "dong"},
        {"amount": "150000"},
    ],
)
def test_malformed_confirm_is_refused_when_decoded(change: dict[str, Any]) -> None:
    wire = msgspec.to_builtins(confirm()) | change

    with pytest.raises(msgspec.ValidationError):
        paygov.decode_message(msgspec.json.encode(wire), paygov.ConfirmMessage)


def test_init_totals_its_fee_lines() -> None:
    assert init().total_amount == 150_000


def test_init_needs_fee_lines() -> None:
    with pytest.raises(ValueError, match="at least one fee line"):
        init(fees=[])


def test_init_refuses_a_free_fee_line() -> None:
    free = msgspec.structs.replace(FEES[0], amount=0)

    with pytest.raises(ValueError, match="positive amount"):
        init(fees=[free])


def test_init_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        init(requested_at=datetime(2024, 1, 15, 10, 30))


def test_query_names_the_payment_and_is_signed() -> None:
    query = paygov.build_query(
        partner_code="MOTCUA",
        secret=SECRET,
        request_id="Q-0001",
        payment_request_id="REQ-0001",
        requested_at=REQUESTED,
    )
    by_hand = "1.0.6|QUERY|MOTCUA|Q-0001|REQ-0001|20240115103000"

    assert query.checksum == sha256(f"{by_hand}|{SECRET}")


def test_query_result_reports_a_payment_only_when_both_codes_are_00() -> None:
    def result(response_code: str, status_code: str) -> paygov.QueryResultMessage:
        return paygov.QueryResultMessage(
            partner_code="P",
            request_id="Q",
            payment_request_id="R",
            response_code=response_code,
            status_code=status_code,
        )

    assert result("00", "00").paid
    assert not result("00", "01").paid
    assert not result("01", "00").paid


def test_bill_answer_signs_its_fee_lines() -> None:
    bill = paygov.with_checksum(
        paygov.BillMessage(
            partner_code="MOTCUA",
            request_id="GB-1",
            response_code="00",
            dossier_code="H01.22-240115-0007",
            procedure_code="1.004227",
            unit_code="H01.22",
            fees=FEES,
            total_amount=150_000,
        ),
        SECRET,
    )
    by_hand = (
        "1.0.6|BILL|MOTCUA|GB-1|00|H01.22-240115-0007|1.004227|H01.22"
        "|LP01,CHARGE,100000;PTD01,FEE,50000|150000|VND"
    )

    assert bill.checksum == sha256(f"{by_hand}|{SECRET}")


def test_partner_settings_hide_the_secret_in_repr() -> None:
    partner = paygov.PayGovPartner(
        partner_code="MOTCUA", secret=SECRET, endpoint="https://paygov.example.vn/api"
    )

    assert SECRET not in repr(partner)
    assert SECRET not in repr(partner.__rich_repr__())
    assert "MOTCUA" in repr(partner)


text_values = st.text(
    alphabet=st.characters(codec="utf-8"),
    min_size=1,
    max_size=20,
)


@given(
    request_id=text_values,
    transaction_id=text_values,
    amount=st.integers(0, 10**12),
    status_code=text_values,
    secret=st.text(min_size=1, max_size=40),
)
def test_any_signed_confirm_verifies(
    request_id: str, transaction_id: str, amount: int, status_code: str, secret: str
) -> None:
    message = paygov.with_checksum(
        paygov.ConfirmMessage(
            partner_code="MOTCUA",
            request_id=request_id,
            transaction_id=transaction_id,
            amount=amount,
            status_code=status_code,
            paid_time="20240115104512",
        ),
        secret,
    )

    assert paygov.verify_message(message, secret)
    assert paygov.verify_message(
        paygov.decode_any_message(msgspec.json.encode(message)), secret
    )


@given(
    field=st.sampled_from(
        ["request_id", "transaction_id", "status_code", "partner_code"]
    ),
    data=st.data(),
)
def test_changing_one_character_of_a_signed_field_breaks_the_checksum(
    field: str, data: st.DataObject
) -> None:
    message = confirm()
    value: str = getattr(message, field)
    position = data.draw(st.integers(0, len(value) - 1))
    replacement = data.draw(
        st.characters(codec="utf-8").filter(lambda c: c != value[position])
    )
    forged = value[:position] + replacement + value[position + 1 :]

    assert not paygov.verify_message(
        msgspec.structs.replace(message, **{field: forged}), SECRET
    )
