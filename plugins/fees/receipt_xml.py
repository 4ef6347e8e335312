"""The machine-readable copy of a receipt: a small UTF-8 XML document.

The layout (documented in ``docs/fees.md``) is one ``<Receipt>`` element with
``format="motcua-receipt" version="1"``, and children in this order::

    TemplateSymbol, SeriesSymbol, Number, Kind, IssuedAt (ISO 8601, +07:00),
    Collector (UnitId, Name, TaxCode, Address),
    Payer (Name, Address, Identifier),
    Dossier (Code, Procedure),
    ItemName, Lines (Line: Item, Name, Amount), Amount (currency="VND"),
    AmountInWords, Method, Replaces (optional: TemplateSymbol, SeriesSymbol,
    Number), Confirmation (Field name="..." [type="json"])

:func:`parse_receipt_xml` reads such a document back into the same
:class:`~plugins.fees.document.ReceiptDocument`, so the copy can be checked against
the database by anyone holding it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from core.i18n import TZ
from plugins.fees.document import (
    Organisation,
    Payer,
    ReceiptDocument,
    ReceiptLine,
    ReplacedReceipt,
)

__all__ = ["FORMAT", "VERSION", "build_receipt_xml", "parse_receipt_xml"]

FORMAT = "motcua-receipt"
VERSION = "1"


def build_receipt_xml(document: ReceiptDocument) -> str:
    """Encode a receipt as the XML copy.

    Args:
        document: the receipt's content, confirmation included.

    Returns:
        The XML text with its UTF-8 declaration.
    """
    root = ET.Element("Receipt", {"format": FORMAT, "version": VERSION})
    _text(root, "TemplateSymbol", document.template_symbol)
    _text(root, "SeriesSymbol", document.series_symbol)
    _text(root, "Number", document.number)
    _text(root, "Kind", document.kind)
    _text(root, "IssuedAt", document.issued_at.astimezone(TZ).isoformat())
    _organisation(root, document.collector)
    _payer(root, document.payer)
    dossier = ET.SubElement(root, "Dossier")
    _text(dossier, "Code", document.dossier_code)
    _text(dossier, "Procedure", document.procedure_code)
    _text(root, "ItemName", document.item_name)
    _lines(root, document.lines)
    _text(root, "Amount", str(document.amount)).set("currency", "VND")
    _text(root, "AmountInWords", document.amount_in_words)
    _text(root, "Method", document.method)
    if document.replaces is not None:
        replaced = ET.SubElement(root, "Replaces")
        _text(replaced, "TemplateSymbol", document.replaces.template_symbol)
        _text(replaced, "SeriesSymbol", document.replaces.series_symbol)
        _text(replaced, "Number", document.replaces.number)
    _confirmation(root, document.confirmation)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _organisation(root: ET.Element, collector: Organisation) -> None:
    element = ET.SubElement(root, "Collector")
    _text(element, "UnitId", collector.unit_id)
    _text(element, "Name", collector.name)
    _text(element, "TaxCode", collector.tax_code)
    _text(element, "Address", collector.address)


def _payer(root: ET.Element, payer: Payer) -> None:
    element = ET.SubElement(root, "Payer")
    _text(element, "Name", payer.name)
    _text(element, "Address", payer.address)
    _text(element, "Identifier", payer.identifier)


def _lines(root: ET.Element, lines: list[ReceiptLine]) -> None:
    element = ET.SubElement(root, "Lines")
    for line in lines:
        item = ET.SubElement(element, "Line")
        _text(item, "Item", line.item)
        _text(item, "Name", line.name)
        _text(item, "Amount", str(line.amount))


def _confirmation(root: ET.Element, confirmation: dict[str, Any]) -> None:
    element = ET.SubElement(root, "Confirmation")
    for key in sorted(confirmation):
        value = confirmation[key]
        field = ET.SubElement(element, "Field", {"name": key})
        if isinstance(value, str):
            field.text = value
        else:
            field.set("type", "json")
            field.text = json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- reading it back ----------------------------------------------------------------


def parse_receipt_xml(text: str | bytes) -> ReceiptDocument:
    """Read an XML copy back into a receipt document.

    Args:
        text: the XML, as text or UTF-8 bytes.

    Returns:
        The receipt's content.

    Raises:
        ValueError: the document is not a receipt copy of a known version.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    # ElementTree resolves no external entity and expat caps entity expansion.
    root = ET.fromstring(data)  # noqa: S314
    if root.tag != "Receipt" or root.get("format") != FORMAT:
        raise ValueError("not a Motcua receipt copy")
    if root.get("version") != VERSION:
        raise ValueError(f"unsupported receipt copy version {root.get('version')!r}")
    return ReceiptDocument(
        template_symbol=_get(root, "TemplateSymbol"),
        series_symbol=_get(root, "SeriesSymbol"),
        number=_get(root, "Number"),
        kind=_get(root, "Kind"),
        issued_at=dt.datetime.fromisoformat(_get(root, "IssuedAt")),
        collector=Organisation(
            unit_id=_get(root, "Collector/UnitId"),
            name=_get(root, "Collector/Name"),
            tax_code=_get(root, "Collector/TaxCode"),
            address=_get(root, "Collector/Address"),
        ),
        payer=Payer(
            name=_get(root, "Payer/Name"),
            address=_get(root, "Payer/Address"),
            identifier=_get(root, "Payer/Identifier"),
        ),
        dossier_code=_get(root, "Dossier/Code"),
        procedure_code=_get(root, "Dossier/Procedure"),
        item_name=_get(root, "ItemName"),
        lines=[_line(element) for element in root.findall("Lines/Line")],
        amount=int(_get(root, "Amount")),
        amount_in_words=_get(root, "AmountInWords"),
        method=_get(root, "Method"),
        replaces=_replaces(root.find("Replaces")),
        confirmation=_read_confirmation(root.find("Confirmation")),
    )


def _get(element: ET.Element, path: str) -> str:
    found = element.find(path)
    if found is None:
        raise ValueError(f"the receipt copy lacks {path}")
    return found.text or ""


def _line(element: ET.Element) -> ReceiptLine:
    return ReceiptLine(
        item=_get(element, "Item"),
        name=_get(element, "Name"),
        amount=int(_get(element, "Amount")),
    )


def _replaces(element: ET.Element | None) -> ReplacedReceipt | None:
    if element is None:
        return None
    return ReplacedReceipt(
        template_symbol=_get(element, "TemplateSymbol"),
        series_symbol=_get(element, "SeriesSymbol"),
        number=_get(element, "Number"),
    )


def _read_confirmation(element: ET.Element | None) -> dict[str, Any]:
    if element is None:
        return {}
    out: dict[str, Any] = {}
    for field in element.findall("Field"):
        text = field.text or ""
        out[field.get("name", "")] = (
            json.loads(text) if field.get("type") == "json" else text
        )
    return out
