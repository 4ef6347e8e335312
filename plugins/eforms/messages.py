"""Error messages shown to applicants, in Vietnamese and English.

Each validation error has a stable ``code`` that programs can rely on and a message
written for the person filling the form. Numbers and dates inside messages follow
the language: ``1.500.000`` and ``31/12/2025`` in Vietnamese, ``1,500,000`` and
``2025-12-31`` in English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

__all__ = ["MESSAGES", "format_date", "format_number", "message"]

_SWAP_MARKS: Final = str.maketrans(",.", ".,")
MESSAGES: Final[Mapping[str, tuple[str, str]]] = {
    "required": ("Vui lòng nhập thông tin này.", "This field is required."),
    "required_checkbox": (
        "Vui lòng đánh dấu vào ô này.",
        "Please tick this box.",
    ),
    "required_choice": ("Vui lòng chọn một mục.", "Please choose an option."),
    "wrong_type": (
        "Giá trị không đúng kiểu dữ liệu của trường này.",
        "The value has the wrong type for this field.",
    ),
    "invalid_shape": (
        "Dữ liệu không đúng cấu trúc của biểu mẫu.",
        "The data does not have the structure of the form.",
    ),
    "unknown_field": (
        "Biểu mẫu không có trường này.",
        "The form has no such field.",
    ),
    "control_characters": (
        "Nội dung chứa ký tự điều khiển không được phép.",
        "The text contains control characters, which are not allowed.",
    ),
    "too_short": ("Cần ít nhất {min} ký tự.", "At least {min} characters are needed."),
    "too_long": ("Tối đa {max} ký tự.", "At most {max} characters are allowed."),
    "pattern": (
        "Giá trị không đúng định dạng yêu cầu.",
        "The value does not have the expected format.",
    ),
    "not_a_number": ("Vui lòng nhập một số.", "Please enter a number."),
    "not_whole": ("Vui lòng nhập số nguyên.", "Please enter a whole number."),
    "too_many_decimals": (
        "Tối đa {decimals} chữ số thập phân.",
        "At most {decimals} decimal places are allowed.",
    ),
    "not_money": (
        "Vui lòng nhập số tiền bằng đồng, không có phần lẻ (ví dụ 1.500.000).",
        "Please enter an amount in whole dong (for example 1,500,000).",
    ),
    "below_min": (
        "Giá trị phải lớn hơn hoặc bằng {min}.",
        "The value must be at least {min}.",
    ),
    "above_max": (
        "Giá trị phải nhỏ hơn hoặc bằng {max}.",
        "The value must be at most {max}.",
    ),
    "not_a_date": (
        "Vui lòng nhập ngày hợp lệ (ngày/tháng/năm).",
        "Please enter a valid date (YYYY-MM-DD).",
    ),
    "date_too_early": (
        "Ngày không được trước {min}.",
        "The date must not be before {min}.",
    ),
    "date_too_late": (
        "Ngày không được sau {max}.",
        "The date must not be after {max}.",
    ),
    "invalid_option": (
        "Lựa chọn không có trong danh sách.",
        "This choice is not in the list.",
    ),
    "too_few_selected": (
        "Vui lòng chọn ít nhất {min} mục.",
        "Please choose at least {min} options.",
    ),
    "too_many_selected": (
        "Chỉ được chọn tối đa {max} mục.",
        "Choose at most {max} options.",
    ),
    "too_few_items": ("Cần ít nhất {min} mục.", "At least {min} entries are needed."),
    "too_many_items": (
        "Chỉ được khai tối đa {max} mục.",
        "At most {max} entries are allowed.",
    ),
    "commune_mismatch": (
        "Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn.",
        "The chosen commune is not in the chosen province.",
    ),
    "payload_too_large": (
        "Dữ liệu gửi lên quá lớn.",
        "The submitted data is too large.",
    ),
    "date_after": (
        "“{field}” phải sau “{other}”.",
        "“{field}” must be after “{other}”.",
    ),
    "date_not_before": (
        "“{field}” không được trước “{other}”.",
        "“{field}” must not be before “{other}”.",
    ),
    "sum_equals": (
        "“{field}” phải bằng tổng {terms} ({total}).",
        "“{field}” must equal the sum of {terms} ({total}).",
    ),
    "internal_error": (
        "Không kiểm tra được dữ liệu của biểu mẫu; vui lòng thử lại sau.",
        "The form data could not be checked; please try again later.",
    ),
}
"""Messages by code: ``(Vietnamese, English)`` templates with ``{placeholders}``."""


def format_number(value: int | float | Decimal, lang: str) -> str:
    """Write a number with the language's digit grouping and decimal mark.

    Args:
        value: the number.
        lang: ``"vi"`` (``1.234,5``) or ``"en"`` (``1,234.5``).

    Returns:
        The number as text.
    """
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = f"{number:,f}" if number != number.to_integral_value() else f"{number:,.0f}"
    if lang == "en":
        return text
    return text.translate(_SWAP_MARKS)


def format_date(value: dt.date, lang: str) -> str:
    """Write a date as ``dd/mm/yyyy`` in Vietnamese, ISO in English."""
    return value.isoformat() if lang == "en" else value.strftime("%d/%m/%Y")


def message(code: str, lang: str, **params: object) -> str:
    """Return the message for ``code`` in ``lang`` with ``params`` filled in.

    Args:
        code: a message code; an unknown code gives the ``wrong_type`` message.
        lang: ``"en"`` for English, anything else for Vietnamese.
        params: values for the message's placeholders.

    Returns:
        The message.
    """
    vi, en = MESSAGES.get(code, MESSAGES["wrong_type"])
    return (en if lang == "en" else vi).format(**params)
