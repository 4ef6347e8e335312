"""Vietnamese identifiers: what is accepted, how it is stored, what the user is told."""

from __future__ import annotations

import pytest

from core.identifiers import (
    CCCD_PROVINCE_CODES,
    IDENTIFIER_KINDS,
    InvalidIdentifier,
    cccd_details,
    validate_cccd,
    validate_email,
    validate_identifier,
    validate_old_id,
    validate_passport,
    validate_phone,
    validate_tax_code,
)

# --- CCCD --------------------------------------------------------------------------


def test_province_codes_are_the_63_pre_merger_provinces() -> None:
    assert len(CCCD_PROVINCE_CODES) == 63
    assert CCCD_PROVINCE_CODES["001"] == "Hà Nội"
    assert CCCD_PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert CCCD_PROVINCE_CODES["096"] == "Cà Mau"
    # Codes freed by the 2008 merger of Hà Tây into Hà Nội were never used.
    assert "003" not in CCCD_PROVINCE_CODES
    assert all(len(code) == 3 and code.isdigit() for code in CCCD_PROVINCE_CODES)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("001099012345", "001099012345"),
        ("001 099 012 345", "001099012345"),
        ("079.303.012.345", "079303012345"),
        (" 096-1-88-000001 ", "096188000001"),
    ],
)
def test_cccd_is_stored_as_twelve_digits(typed: str, stored: str) -> None:
    assert validate_cccd(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["00109901234", "0010990123456", "00109901234a", "", "００１０９９０１２３４５"],
)
def test_cccd_needs_exactly_twelve_ascii_digits(typed: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_cccd(typed)
    assert caught.value.kind == "cccd"
    assert "12" in caught.value.message_vi
    assert "12" in caught.value.message_en


@pytest.mark.parametrize("province", sorted(CCCD_PROVINCE_CODES))
def test_every_province_code_is_accepted(province: str) -> None:
    assert validate_cccd(f"{province}190000001") == f"{province}190000001"


@pytest.mark.parametrize("province", ["000", "003", "050", "097", "099"])
def test_cccd_must_start_with_a_real_province_code(province: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_cccd(province + "099012345")
    assert province in caught.value.message_en
    assert "mã tỉnh" in caught.value.message_vi


def test_cccd_refuses_control_characters_and_huge_input() -> None:
    with pytest.raises(InvalidIdentifier):
        validate_cccd("001099\x00012345")
    with pytest.raises(InvalidIdentifier):
        validate_cccd("0" * 10_000)


@pytest.mark.parametrize(
    ("number", "sex", "year"),
    [
        ("001099012345", "male", 1999),
        ("001199012345", "female", 1999),
        ("079203012345", "male", 2003),
        ("079305012345", "female", 2005),
        ("001400012345", "male", 2100),
    ],
)
def test_cccd_details_decode_sex_and_century(number: str, sex: str, year: int) -> None:
    details = cccd_details(number)
    assert details.sex == sex
    assert details.birth_year == year
    assert details.province_code == number[:3]
    assert details.province_name == CCCD_PROVINCE_CODES[number[:3]]


# --- other identity documents ------------------------------------------------------


def test_old_id_has_nine_digits() -> None:
    assert validate_old_id("012 345 678") == "012345678"
    for bad in ("01234567", "0123456789", "01234567x"):
        with pytest.raises(InvalidIdentifier):
            validate_old_id(bad)


def test_passport_is_a_letter_and_seven_digits_in_any_case() -> None:
    assert validate_passport("c1234567") == "C1234567"
    assert validate_passport(" N 1234567 ") == "N1234567"
    for bad in ("C123456", "12345678", "CC1234567", "C12345678"):
        with pytest.raises(InvalidIdentifier) as caught:
            validate_passport(bad)
        assert "C1234567" in caught.value.message_en


# --- tax code ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0100109106", "0100109106"),
        ("0301234562", "0301234562"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("0100 109 106 - 001", "0100109106-001"),
    ],
)
def test_tax_code_with_correct_check_digit(typed: str, stored: str) -> None:
    assert validate_tax_code(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["0100109107", "0301234565", "010010910", "01001091060", "0100109106-000", "ABC"],
)
def test_tax_code_with_wrong_check_digit_length_or_branch(typed: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_tax_code(typed)
    assert caught.value.kind == "tax_code"
    assert "check digit" in caught.value.message_en
    assert "chữ số kiểm tra" in caught.value.message_vi


# --- phone and e-mail --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0386123456", "+84386123456"),
        ("(024) 3825 3040", "+842438253040"),
        ("028.3829.5555", "+842838295555"),
    ],
)
def test_vietnamese_mobile_and_fixed_numbers_are_stored_in_e164(
    typed: str, stored: str
) -> None:
    assert validate_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0123456789",  # an old 11-digit-era prefix that no longer exists
        "091234567",
        "+1 650 253 0000",  # valid, but not Vietnamese
        "1900 1234",  # a premium-rate hotline, not a personal number
        "0912ABC678",
        "",
    ],
)
def test_phone_numbers_that_cannot_reach_an_applicant(typed: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_phone(typed)
    assert "Việt Nam" in caught.value.message_vi


# Mobile prefixes in use since the 2018 renumbering, by network.
MOBILE_PREFIXES = {
    "Viettel": ["086", "096", "097", "098", "032", "033", "034", "035", "036", "037"],
    "VinaPhone": ["088", "091", "094", "081", "082", "083", "084", "085"],
    "MobiFone": ["089", "090", "093", "070", "076", "077", "078", "079"],
    "Vietnamobile": ["092", "056", "058"],
    "Gmobile": ["099", "059"],
}


@pytest.mark.parametrize(
    "prefix", [prefix for prefixes in MOBILE_PREFIXES.values() for prefix in prefixes]
)
def test_numbers_of_every_mobile_network_are_accepted(prefix: str) -> None:
    assert validate_phone(f"{prefix}8123456") == f"+84{prefix[1:]}8123456"


@pytest.mark.parametrize(
    "number",
    [
        "024 3825 3040",
        "028 3829 5555",
        "0236 382 2222",
        "0225 312 3456",
        "0292 381 2345",
    ],
)
def test_fixed_lines_with_new_area_codes_are_accepted(number: str) -> None:
    assert validate_phone(number).startswith("+842")


def test_email_keeps_the_local_part_and_lowers_the_domain() -> None:
    assert validate_email("  Hoa.Nguyen@Example.VN ") == "Hoa.Nguyen@example.vn"
    assert validate_email("a+b@mail.gov.vn") == "a+b@mail.gov.vn"


@pytest.mark.parametrize(
    "typed",
    [
        "hoa",
        "hoa@",
        "@example.vn",
        "hoa@example",
        "ho a@example.vn",
        "a@b@c.vn",
        "a@b.c\n",
    ],
)
def test_malformed_email_addresses(typed: str) -> None:
    with pytest.raises(InvalidIdentifier):
        validate_email(typed)


# --- dispatch ----------------------------------------------------------------------


def test_validate_identifier_dispatches_on_kind() -> None:
    assert IDENTIFIER_KINDS == (
        "cccd",
        "old_id",
        "passport",
        "tax_code",
        "phone",
        "email",
    )
    assert validate_identifier("cccd", "001 099 012 345") == "001099012345"
    assert validate_identifier("phone", "0912345678") == "+84912345678"
    assert validate_identifier("tax_code", "0100109106001") == "0100109106-001"
    with pytest.raises(InvalidIdentifier) as caught:
        validate_identifier("passport", "001099012345")
    assert caught.value.kind == "passport"


def test_unknown_kind_is_a_programming_error_not_a_user_error() -> None:
    with pytest.raises(ValueError, match="unknown identifier kind") as caught:
        validate_identifier("bank_account", "123")
    assert not isinstance(caught.value, InvalidIdentifier)


def test_non_text_values_are_refused_with_a_message() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        validate_identifier("cccd", 1099012345)  # type: ignore[arg-type]
    assert caught.value.message("en") == "The value must be text."
    assert caught.value.message("vi") == "Giá trị phải là một chuỗi ký tự."


def test_messages_follow_the_language() -> None:
    error = InvalidIdentifier("email", "Sai.", "Wrong.")
    assert error.message("en") == "Wrong."
    assert error.message("vi") == "Sai."
    assert error.message("fr") == "Sai."
    assert str(error) == "Wrong."
