"""The content of an electronic receipt, as issuers and copies see it.

:class:`ReceiptDocument` holds every field Decree 123/2020 asks a receipt to show:
template and series symbols, number, collecting organisation and tax code, payer's
name, address and identifier, the fee or charge, the amount in figures and in words,
the payment method and the date. It is what the ``motcua_issue_receipt`` hook
receives (as plain values), what the XML copy encodes and what the printable page
shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

__all__ = [
    "KIND_LABELS",
    "METHOD_LABELS",
    "Organisation",
    "Payer",
    "ReceiptDocument",
    "ReceiptLine",
    "ReplacedReceipt",
    "kind_label",
    "method_label",
]

KIND_LABELS: dict[str, tuple[str, str]] = {
    "fee": ("Phí", "Fee"),
    "charge": ("Lệ phí", "Charge"),
}
METHOD_LABELS: dict[str, tuple[str, str]] = {
    "cash": ("Tiền mặt", "Cash"),
    "transfer": ("Chuyển khoản", "Bank transfer"),
    "online": ("Thanh toán trực tuyến", "Online payment"),
}


def kind_label(kind: str, lang: str = "vi") -> str:
    """``fee`` or ``charge`` as printed (Phí, Lệ phí)."""
    vi, en = KIND_LABELS.get(kind, (kind, kind))
    return en if lang == "en" else vi


def method_label(method: str, lang: str = "vi") -> str:
    """A payment method as printed (Tiền mặt, Chuyển khoản...)."""
    vi, en = METHOD_LABELS.get(method, (method, method))
    return en if lang == "en" else vi


class Organisation(msgspec.Struct, frozen=True, kw_only=True):
    """The collecting organisation (đơn vị thu)."""

    unit_id: str
    name: str
    tax_code: str = ""
    address: str = ""


class Payer(msgspec.Struct, frozen=True, kw_only=True):
    """Who paid (người nộp)."""

    name: str
    address: str = ""
    identifier: str = ""


class ReceiptLine(msgspec.Struct, frozen=True, kw_only=True):
    """One fee item the receipt covers."""

    item: str
    name: str
    amount: int


class ReplacedReceipt(msgspec.Struct, frozen=True, kw_only=True):
    """The receipt a replacement stands in for."""

    template_symbol: str
    series_symbol: str
    number: str


class ReceiptDocument(msgspec.Struct, frozen=True, kw_only=True):
    """Every printed field of one receipt.

    Attributes:
        template_symbol: ký hiệu mẫu biên lai.
        series_symbol: ký hiệu biên lai.
        number: the number as printed, with leading zeros.
        kind: ``fee`` or ``charge``.
        issued_at: when it was issued (aware).
        collector: the collecting organisation.
        payer: the payer.
        dossier_code: the dossier the payment is for.
        procedure_code: the dossier's procedure.
        item_name: the fee or charge name as printed.
        lines: the items covered, with their amounts.
        amount: the amount in đồng.
        amount_in_words: the amount in Vietnamese words.
        method: ``cash``, ``transfer`` or ``online``.
        replaces: the receipt this one replaces, if any.
        confirmation: what the issuer confirmed (lookup code, signature...).
    """

    template_symbol: str
    series_symbol: str
    number: str
    kind: str
    issued_at: dt.datetime
    collector: Organisation
    payer: Payer
    dossier_code: str
    procedure_code: str
    item_name: str
    lines: list[ReceiptLine]
    amount: int
    amount_in_words: str
    method: str
    replaces: ReplacedReceipt | None = None
    confirmation: dict[str, Any] = {}

    def as_hook_value(self) -> dict[str, Any]:
        """The document as plain values, for issuers and JSON."""
        value: dict[str, Any] = msgspec.to_builtins(self)
        return value
