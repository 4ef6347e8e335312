"""Words the reporting pages show for codes: channels, classes, findings, levels."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.dossiers.statuses import status_label

__all__ = ["label_of", "rate_text", "status_label"]

_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "channel": {
        "1": ("Trực tiếp", "At the counter"),
        "2": ("Trực tuyến", "Online"),
        "3": ("Bưu chính", "By post"),
    },
    "result": {
        "early": ("Trước hạn", "Early"),
        "on_time": ("Đúng hạn", "On time"),
        "late": ("Quá hạn", "Late"),
    },
    "online": {
        "full": ("Toàn trình", "Full online"),
        "partial": ("Một phần", "Partly online"),
        "none": ("Không trực tuyến", "Not online"),
    },
    "finding": {
        "online_channel": ("Không nhận hồ sơ trực tuyến", "No online channel"),
        "eform": ("Không có biểu mẫu điện tử", "No e-form"),
        "electronic_result": ("Không có kết quả điện tử", "No electronic result"),
        "online_payment": ("Không thanh toán trực tuyến", "No online payment"),
        "name": ("Tên thủ tục", "Name"),
        "steps": ("Trình tự thực hiện", "Sequence of steps"),
        "channels": ("Cách thức thực hiện", "Channels"),
        "components": ("Thành phần hồ sơ", "Components"),
        "time_limit": ("Thời hạn giải quyết", "Time limit"),
        "applicants": ("Đối tượng thực hiện", "Who may apply"),
        "agency": ("Cơ quan thực hiện", "Implementing agency"),
    },
}


def label_of(kind: str, code: object, lang: str) -> str:
    """The word for a code of some kind (``channel``, ``result``...) in ``lang``.

    Args:
        kind: the kind of code.
        code: the code; unknown codes are shown as they are.
        lang: ``vi`` or ``en``.

    Returns:
        The word.
    """
    found = _LABELS.get(kind, {}).get(str(code))
    if found is None:
        return str(code)
    return found[1] if lang == "en" else found[0]


def rate_text(numerator: int, denominator: int) -> str:
    """A share as a percentage with two decimals, ``N/A`` over zero."""
    if not denominator:
        return "N/A"
    share = Decimal(numerator) * 100 / Decimal(denominator)
    return f"{share.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
