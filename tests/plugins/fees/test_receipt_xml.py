"""The receipt's XML copy reads back into exactly the receipt it was made from."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from core.i18n import TZ
from plugins.fees.document import (
    Organisation,
    Payer,
    ReceiptDocument,
    ReceiptLine,
    ReplacedReceipt,
)
from plugins.fees.receipt_xml import build_receipt_xml, parse_receipt_xml


def document(**overrides: object) -> ReceiptDocument:
    values: dict[str, object] = {
        "template_symbol": "01BLP0-001",
        "series_symbol": "AA-26E",
        "number": "0000012",
        "kind": "fee",
        "issued_at": dt.datetime(2026, 3, 2, 9, 15, tzinfo=TZ),
        "collector": Organisation(
            unit_id="stp",
            name="Sở Tư pháp",
            tax_code="0100109106",
            address="12 Trần Phú",
        ),
        "payer": Payer(
            name="Nguyễn Thị Hoa", address="5 Lê Lợi", identifier="001199012345"
        ),
        "dossier_code": "000.00.02.H99-260302-0003",
        "procedure_code": "2.000488.H99",
        "item_name": "Phí: Phí cung cấp thông tin lý lịch tư pháp",
        "lines": [
            ReceiptLine(
                item="phi-lltp",
                name="Phí cung cấp thông tin <LLTP> & bản",
                amount=200000,
            )
        ],
        "amount": 200000,
        "amount_in_words": "Hai trăm nghìn đồng",
        "method": "cash",
        "confirmation": {
            "issuer": "local",
            "lookup_code": "AB12CD34EF",
            "attempt": 2,
            "signed": True,
        },
    }
    values.update(overrides)
    return ReceiptDocument(**values)  # type: ignore[arg-type]


def test_a_receipt_survives_the_round_trip() -> None:
    original = document()
    assert parse_receipt_xml(build_receipt_xml(original)) == original


def test_a_replacement_names_the_receipt_it_replaces() -> None:
    original = document(
        replaces=ReplacedReceipt(
            template_symbol="01BLP0-001", series_symbol="AA-26E", number="0000011"
        )
    )
    back = parse_receipt_xml(build_receipt_xml(original).encode("utf-8"))
    assert back.replaces == original.replaces


def test_the_copy_is_utf8_with_the_documented_layout() -> None:
    text = build_receipt_xml(document())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output
    assert (root.tag, root.get("format"), root.get("version")) == (
        "Receipt",
        "motcua-receipt",
        "1",
    )
    assert [child.tag for child in root] == [
        "TemplateSymbol",
        "SeriesSymbol",
        "Number",
        "Kind",
        "IssuedAt",
        "Collector",
        "Payer",
        "Dossier",
        "ItemName",
        "Lines",
        "Amount",
        "AmountInWords",
        "Method",
        "Confirmation",
    ]
    assert root.findtext("Collector/TaxCode") == "0100109106"
    assert root.find("Amount").get("currency") == "VND"  # type: ignore[union-attr]
    assert root.findtext("IssuedAt") == "2026-03-02T09:15:00+07:00"
    assert root.findtext("Payer/Name") == "Nguyễn Thị Hoa"


def test_other_documents_are_refused() -> None:
    with pytest.raises(ValueError, match="not a Motcua receipt"):
        parse_receipt_xml("<Invoice/>")
    newer = build_receipt_xml(document()).replace('version="1"', 'version="9"', 1)
    with pytest.raises(ValueError, match="version"):
        parse_receipt_xml(newer)
    broken = build_receipt_xml(document()).replace("<Method>cash</Method>", "")
    with pytest.raises(ValueError, match="Method"):
        parse_receipt_xml(broken)
