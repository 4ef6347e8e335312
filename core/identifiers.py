"""Validation and normalisation of Vietnamese identifiers.

Every place that accepts an identifier (applicant records, e-forms, receipts) goes
through :func:`validate_identifier`, so a value is stored in one canonical spelling:

- ``cccd``: the 12-digit personal identifier printed on the citizen identity card
  (căn cước công dân). Its first three digits are the code of the province where the
  birth was registered, using the 63 pre-2025 province codes; the fourth encodes sex
  and century of birth. There is no check digit.
- ``old_id``: the 9-digit identity card (chứng minh nhân dân) issued before CCCD.
- ``passport``: a Vietnamese passport number, one letter and seven digits.
- ``tax_code``: the enterprise or personal tax code (mã số thuế, MST), 10 digits with
  a check digit, or 13 for a dependent unit, written ``NNNNNNNNNN-NNN``.
- ``phone``: a Vietnamese mobile or fixed-line number, stored in E.164 (``+84...``).
- ``email``: an e-mail address checked for shape only (no DNS look-up).

A bad value raises :class:`InvalidIdentifier` carrying a message in Vietnamese and in
English, ready to show to the person who typed it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final, Literal, NamedTuple

import phonenumbers
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst

__all__ = [
    "CCCD_PROVINCE_CODES",
    "IDENTIFIER_KINDS",
    "CccdDetails",
    "IdentifierKind",
    "InvalidIdentifier",
    "cccd_details",
    "validate_cccd",
    "validate_email",
    "validate_identifier",
    "validate_old_id",
    "validate_passport",
    "validate_phone",
    "validate_tax_code",
]

IdentifierKind = Literal["cccd", "old_id", "passport", "tax_code", "phone", "email"]
IDENTIFIER_KINDS: Final[tuple[str, ...]] = (
    "cccd",
    "old_id",
    "passport",
    "tax_code",
    "phone",
    "email",
)

CCCD_PROVINCE_CODES: Final[dict[str, str]] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
"""Birth-registration province codes used in the first three CCCD digits.

The identity numbering kept the 63 provinces that existed before the 2025 merger:
numbers already issued do not change when provinces merge.
"""

# Spaces, dots and dashes are what people type between digit groups.
_SEPARATORS = re.compile(r"[\s.\-]+")
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}"
)
_PHONE_CHARS = re.compile(r"\+?[0-9()]{1,20}")
_PHONE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
_MAX_INPUT = 100


class InvalidIdentifier(ValueError):
    """An identifier that does not have the expected form.

    Attributes:
        kind: the identifier kind that was checked.
        message_vi: the reason, in Vietnamese.
        message_en: the reason, in English.
    """

    def __init__(self, kind: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.kind = kind
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str) -> str:
        """Return the reason in ``lang`` (``"en"``, anything else gives Vietnamese)."""
        return self.message_en if lang == "en" else self.message_vi


class CccdDetails(NamedTuple):
    """What the digits of a CCCD number say about its holder."""

    province_code: str
    province_name: str
    sex: Literal["male", "female"]
    birth_year: int


def _compact(kind: str, value: str) -> str:
    """Drop separators after refusing oversized or control-character input."""
    if len(value) > _MAX_INPUT or any(
        unicodedata.category(char) == "Cc" for char in value
    ):
        raise InvalidIdentifier(
            kind,
            "Giá trị chứa ký tự không hợp lệ hoặc quá dài.",
            "The value contains invalid characters or is too long.",
        )
    return _SEPARATORS.sub("", value)


def validate_cccd(value: str) -> str:
    """Check a 12-digit personal identifier (CCCD).

    Args:
        value: the number as typed; spaces, dots and dashes are ignored.

    Returns:
        The 12 digits.

    Raises:
        InvalidIdentifier: not 12 digits, or an unknown province code.
    """
    digits = _compact("cccd", value)
    if not (len(digits) == 12 and digits.isascii() and digits.isdigit()):
        raise InvalidIdentifier(
            "cccd",
            "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
            "A personal identifier (CCCD) must have exactly 12 digits.",
        )
    if digits[:3] not in CCCD_PROVINCE_CODES:
        raise InvalidIdentifier(
            "cccd",
            f"Ba chữ số đầu {digits[:3]} không phải mã tỉnh, thành phố hợp lệ.",
            f"The first three digits {digits[:3]} are not a valid province code.",
        )
    return digits


def cccd_details(value: str) -> CccdDetails:
    """Read province, sex and birth year out of a CCCD number.

    The fourth digit counts sex and century together: 0 and 1 are men and women born
    in the 1900s, 2 and 3 in the 2000s, and so on every hundred years.

    Args:
        value: a CCCD number.

    Returns:
        The decoded details.

    Raises:
        InvalidIdentifier: ``value`` is not a valid CCCD.
    """
    digits = validate_cccd(value)
    code = int(digits[3])
    century = 1900 + (code // 2) * 100
    return CccdDetails(
        province_code=digits[:3],
        province_name=CCCD_PROVINCE_CODES[digits[:3]],
        sex="male" if code % 2 == 0 else "female",
        birth_year=century + int(digits[4:6]),
    )


def validate_old_id(value: str) -> str:
    """Check a 9-digit identity card number (CMND).

    Args:
        value: the number as typed.

    Returns:
        The 9 digits.

    Raises:
        InvalidIdentifier: not 9 digits.
    """
    digits = _compact("old_id", value)
    if not (len(digits) == 9 and digits.isascii() and digits.isdigit()):
        raise InvalidIdentifier(
            "old_id",
            "Số chứng minh nhân dân phải gồm đúng 9 chữ số.",
            "An identity card number must have exactly 9 digits.",
        )
    return digits


def validate_passport(value: str) -> str:
    """Check a Vietnamese passport number: one letter then seven digits.

    Args:
        value: the number as typed; case and separators do not matter.

    Returns:
        The number in upper case, e.g. ``C1234567``.

    Raises:
        InvalidIdentifier: not a letter followed by seven digits.
    """
    compact = _compact("passport", value).upper()
    if not re.fullmatch(r"[A-Z][0-9]{7}", compact):
        raise InvalidIdentifier(
            "passport",
            "Số hộ chiếu gồm một chữ cái và 7 chữ số, ví dụ C1234567.",
            "A passport number is one letter and 7 digits, e.g. C1234567.",
        )
    return compact


def validate_tax_code(value: str) -> str:
    """Check a tax code (MST) including its check digit.

    Args:
        value: 10 digits, or 13 for a dependent unit (with or without the dash).

    Returns:
        ``NNNNNNNNNN`` or ``NNNNNNNNNN-NNN``.

    Raises:
        InvalidIdentifier: wrong length, non-digits or a wrong check digit.
    """
    compact = _compact("tax_code", value)
    try:
        return str(mst.format(mst.validate(compact)))
    except StdnumValidationError:
        raise InvalidIdentifier(
            "tax_code",
            "Mã số thuế không hợp lệ: cần 10 chữ số (hoặc 13 chữ số dạng "
            "NNNNNNNNNN-NNN) với chữ số kiểm tra đúng.",
            "Invalid tax code: 10 digits (or 13 as NNNNNNNNNN-NNN) with a correct "
            "check digit are expected.",
        ) from None


def validate_phone(value: str) -> str:
    """Check a Vietnamese mobile or fixed-line phone number.

    Args:
        value: in national (``0912 345 678``) or international (``+84...``) form.

    Returns:
        The number in E.164 form, e.g. ``+84912345678``.

    Raises:
        InvalidIdentifier: not a valid Vietnamese mobile or fixed-line number.
    """
    problem = InvalidIdentifier(
        "phone",
        "Số điện thoại không hợp lệ (cần số di động hoặc cố định tại Việt Nam).",
        "Invalid phone number (a Vietnamese mobile or fixed-line number is expected).",
    )
    # phonenumbers would read letters as keypad digits; nobody types those here.
    if not _PHONE_CHARS.fullmatch(_compact("phone", value)):
        raise problem
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        raise problem from None
    if not (
        phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) == "VN"
        and phonenumbers.number_type(number) in _PHONE_TYPES
    ):
        raise problem
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_email(value: str) -> str:
    """Check the shape of an e-mail address; no DNS look-up is made.

    Args:
        value: the address as typed; surrounding spaces are ignored.

    Returns:
        The address with its domain in lower case.

    Raises:
        InvalidIdentifier: not of the form ``name@domain.tld``.
    """
    if len(value) > 254 or any(unicodedata.category(c) == "Cc" for c in value):
        address = ""
    else:
        address = value.strip()
    if not _EMAIL.fullmatch(address):
        raise InvalidIdentifier(
            "email",
            "Địa chỉ thư điện tử không hợp lệ.",
            "Invalid e-mail address.",
        )
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


_VALIDATORS: Final[dict[str, Callable[[str], str]]] = {
    "cccd": validate_cccd,
    "old_id": validate_old_id,
    "passport": validate_passport,
    "tax_code": validate_tax_code,
    "phone": validate_phone,
    "email": validate_email,
}


def validate_identifier(kind: str, value: str) -> str:
    """Check and normalise an identifier of the given kind.

    Args:
        kind: one of :data:`IDENTIFIER_KINDS`.
        value: the value as typed.

    Returns:
        The value in its canonical spelling.

    Raises:
        InvalidIdentifier: the value is not valid for ``kind``.
        ValueError: ``kind`` is not a known identifier kind.
    """
    try:
        validator = _VALIDATORS[kind]
    except KeyError:
        raise ValueError(f"unknown identifier kind {kind!r}") from None
    if not isinstance(value, str):
        raise InvalidIdentifier(
            kind, "Giá trị phải là một chuỗi ký tự.", "The value must be text."
        )
    return validator(value)
