"""Issuing and finding electronic receipts.

A receipt is issued for one kind (fee or charge) of one payment: fees and charges
never share a receipt. Issuing takes the next number of the collecting unit's series,
hands the receipt to the first issuer that answers ``motcua_issue_receipt`` (a
vendor's e-invoice provider, or this plugin's local issuer last), keeps what the
issuer confirmed and the XML copy, all in the caller's transaction.

A receipt is never edited; :mod:`plugins.fees.corrections` cancels and replaces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
import structlog

from core.dossiers.records import DossierRecord, aware
from core.errors import NotFound, UserError
from core.plugin_manager import PluginManager, resolve
from plugins.fees import runtime
from plugins.fees.assessment import AssessmentLine
from plugins.fees.document import (
    Organisation,
    Payer,
    ReceiptDocument,
    ReceiptLine,
    ReplacedReceipt,
    kind_label,
)
from plugins.fees.receipt_xml import build_receipt_xml, parse_receipt_xml
from plugins.fees.series import current_series, next_number
from plugins.fees.tables import Receipt
from plugins.fees.words import amount_in_words

__all__ = [
    "KINDS",
    "LOCAL_ISSUER",
    "ReceiptDraft",
    "ReceiptView",
    "document_of",
    "issue_for_payment",
    "issue_receipt",
    "local_issuer",
    "lookup_receipt",
    "receipt_row",
    "receipts_of_dossier",
    "view_of",
]

log = structlog.get_logger(__name__)

KINDS = ("fee", "charge")
LOCAL_ISSUER = "local"


class ReceiptView(msgspec.Struct, frozen=True, kw_only=True):
    """A receipt as pages, JSON answers and other plugins see it."""

    id: int
    template_symbol: str
    series_symbol: str
    number: int
    number_text: str
    kind: str
    status: str
    amount: int
    amount_in_words: str
    item_name: str
    method: str
    issued_at: dt.datetime
    dossier_id: int
    dossier_code: str
    payment_id: int
    collecting_unit_id: str
    payer_name: str
    replaces_id: int | None = None
    cancel_reason: str = ""


def view_of(row: Mapping[str, Any]) -> ReceiptView:
    """A receipt row as a :class:`ReceiptView`."""
    return ReceiptView(
        id=row["id"],
        template_symbol=row["template_symbol"],
        series_symbol=row["series_symbol"],
        number=row["number"],
        number_text=runtime.settings().number_text(row["number"]),
        kind=row["kind"],
        status=row["status"],
        amount=int(row["amount"]),
        amount_in_words=row["amount_in_words"],
        item_name=row["item_name"],
        method=row["method"],
        issued_at=aware(row["issued_at"]) or row["issued_at"],
        dossier_id=row["dossier_id"],
        dossier_code=row["dossier_code"],
        payment_id=row["payment"],
        collecting_unit_id=row["collecting_unit_id"],
        payer_name=row["payer_name"],
        replaces_id=row["replaces_id"],
        cancel_reason=row["cancel_reason"],
    )


# --- issuing ------------------------------------------------------------------------


async def issue_for_payment(
    payment_id: int,
    dossier: DossierRecord,
    lines: Sequence[AssessmentLine],
    *,
    collecting_unit_id: str,
    method: str,
    issued_by: int | None,
    plugins: PluginManager | None = None,
) -> list[dict[str, Any]]:
    """Issue one receipt per kind for the lines a payment covers.

    Must run inside a transaction (see
    :func:`~plugins.fees.series.write_transaction`) so that numbers, receipts and
    the payment commit together.

    Args:
        payment_id: the payment's row id.
        dossier: the dossier paid for.
        lines: the assessment lines paid, all with an amount above zero.
        collecting_unit_id: the unit whose series numbers the receipts.
        method: ``cash``, ``transfer`` or ``online``.
        issued_by: the cashier's account id, ``None`` for the system.
        plugins: where receipt issuers are found; the runtime's by default.

    Returns:
        The inserted receipt rows, fees first.
    """
    issued = []
    for kind in KINDS:
        kind_lines = [line for line in lines if line.kind == kind and line.amount]
        if kind_lines:
            issued.append(
                await issue_receipt(
                    ReceiptDraft(
                        payment_id=payment_id,
                        dossier=dossier,
                        kind=kind,
                        lines=[_receipt_line(line) for line in kind_lines],
                        collecting_unit_id=collecting_unit_id,
                        method=method,
                        payer=_payer_of(dossier),
                        issued_by=issued_by,
                    ),
                    plugins,
                )
            )
    return issued


class ReceiptDraft(msgspec.Struct, frozen=True, kw_only=True):
    """What a receipt about to be numbered is made of.

    ``replaces`` is the row of the receipt a replacement stands in for.
    """

    payment_id: int
    dossier: DossierRecord
    kind: str
    lines: list[ReceiptLine]
    collecting_unit_id: str
    method: str
    payer: Payer
    issued_by: int | None
    replaces: Mapping[str, Any] | None = None


def _receipt_line(line: AssessmentLine) -> ReceiptLine:
    return ReceiptLine(item=line.item, name=line.name, amount=line.amount or 0)


def _payer_of(dossier: DossierRecord) -> Payer:
    return Payer(
        name=dossier.applicant_name,
        address=dossier.applicant_address or "",
        identifier=dossier.applicant_identifier,
    )


async def issue_receipt(
    draft: ReceiptDraft, plugins: PluginManager | None
) -> dict[str, Any]:
    """Number, confirm and store one receipt, inside the caller's transaction.

    Args:
        draft: the receipt's content before numbering.
        plugins: where receipt issuers are found; the runtime's by default.

    Returns:
        The inserted receipt row.
    """
    settings = runtime.settings()
    now = dt.datetime.now(dt.UTC)
    series = await current_series(settings, draft.collecting_unit_id, draft.kind, now)
    number = await next_number(series["id"])
    document = _document(draft, series, settings.number_text(number), now)
    confirmation = await _confirm(document, plugins or runtime.plugins())
    document = msgspec.structs.replace(document, confirmation=confirmation)
    values = _row_values(draft, document, series["id"], number)
    rows = await Receipt.insert(Receipt(**values)).returning(*Receipt.all_columns())
    log.info(
        "receipt_issued",
        dossier=draft.dossier.code,
        series=document.series_symbol,
        number=number,
        kind=draft.kind,
        issuer=confirmation.get("issuer"),
    )
    return dict(rows[0])


def _document(
    draft: ReceiptDraft, series: Mapping[str, Any], number_text: str, now: dt.datetime
) -> ReceiptDocument:
    amount = sum(line.amount for line in draft.lines)
    names = "; ".join(line.name for line in draft.lines)
    return ReceiptDocument(
        template_symbol=series["template_symbol"],
        series_symbol=series["series_symbol"],
        number=number_text,
        kind=draft.kind,
        issued_at=now,
        collector=_organisation(draft.collecting_unit_id),
        payer=draft.payer,
        dossier_code=draft.dossier.code,
        procedure_code=draft.dossier.procedure_code,
        item_name=f"{kind_label(draft.kind)}: {names}",
        lines=list(draft.lines),
        amount=amount,
        amount_in_words=amount_in_words(amount),
        method=draft.method,
        replaces=_replaced_ref(draft.replaces),
    )


def _replaced_ref(row: Mapping[str, Any] | None) -> ReplacedReceipt | None:
    if row is None:
        return None
    return ReplacedReceipt(
        template_symbol=row["template_symbol"],
        series_symbol=row["series_symbol"],
        number=runtime.settings().number_text(row["number"]),
    )


def _organisation(unit_id: str) -> Organisation:
    """The collecting organisation as receipts print it."""
    collector = runtime.settings().collector(unit_id)
    catalogue = runtime.catalogue()
    unit = catalogue.units.get(unit_id) if catalogue is not None else None
    name = (collector.name if collector else None) or (
        unit.name_in("vi") if unit is not None else unit_id
    )
    address = (collector.address if collector else "") or (
        (unit.spec.address or "") if unit is not None else ""
    )
    return Organisation(
        unit_id=unit_id,
        name=name,
        tax_code=collector.tax_code if collector else "",
        address=address,
    )


async def _confirm(document: ReceiptDocument, plugins: PluginManager) -> dict[str, Any]:
    answer = await resolve(
        plugins.hook.motcua_issue_receipt(receipt=document.as_hook_value())
    )
    if answer is None:
        raise UserError(
            "Không có đơn vị phát hành biên lai nào nhận biên lai này",
            "No receipt issuer accepted the receipt",
            status=503,
        )
    return dict(answer)


def _row_values(
    draft: ReceiptDraft, document: ReceiptDocument, series_id: int, number: int
) -> dict[str, Any]:
    return {
        "series": series_id,
        "number": number,
        "series_number": f"{series_id}/{number}",
        "template_symbol": document.template_symbol,
        "series_symbol": document.series_symbol,
        "payment": draft.payment_id,
        "dossier_id": draft.dossier.id,
        "dossier_code": draft.dossier.code,
        "procedure_code": draft.dossier.procedure_code,
        "channel": draft.dossier.channel,
        "collecting_unit_id": draft.collecting_unit_id,
        "kind": draft.kind,
        "payer_name": document.payer.name,
        "payer_address": document.payer.address,
        "payer_identifier": document.payer.identifier,
        "organisation_name": document.collector.name,
        "organisation_tax_code": document.collector.tax_code,
        "organisation_address": document.collector.address,
        "item_name": document.item_name,
        "lines": msgspec.json.encode(document.lines).decode(),
        "amount": document.amount,
        "amount_in_words": document.amount_in_words,
        "method": draft.method,
        "issued_at": document.issued_at,
        "issued_by": draft.issued_by,
        "status": "issued",
        "replaces_id": draft.replaces["id"] if draft.replaces else None,
        "issuer_confirmation": json.dumps(document.confirmation, ensure_ascii=False),
        "xml": build_receipt_xml(document),
    }


def local_issuer(receipt: Mapping[str, Any]) -> dict[str, Any]:
    """The built-in issuer: a lookup code and a digest of the receipt's content.

    It signs nothing: a legally signed receipt needs the unit's own certificate,
    which a vendor issuer plugin holds.

    Args:
        receipt: the receipt's fields as plain values.

    Returns:
        ``issuer``, ``lookup_code`` (10 hexadecimal characters), ``digest`` (the
        SHA-256 of the fields in canonical JSON) and ``confirmed_at``.
    """
    canonical = json.dumps(receipt, ensure_ascii=False, sort_keys=True, default=str)
    return {
        "issuer": LOCAL_ISSUER,
        "lookup_code": secrets.token_hex(5).upper(),
        "digest": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "confirmed_at": dt.datetime.now(dt.UTC).isoformat(),
    }


# --- reading ------------------------------------------------------------------------


async def receipt_row(receipt_id: int) -> dict[str, Any]:
    """A receipt row by id.

    Raises:
        NotFound: there is no such receipt.
    """
    row = await Receipt.select().where(Receipt.id == receipt_id).first()
    if row is None:
        raise NotFound("Không tìm thấy biên lai", "There is no such receipt")
    return dict(row)


def document_of(row: Mapping[str, Any]) -> ReceiptDocument:
    """The printed content of a receipt row, read from its XML copy."""
    return parse_receipt_xml(row["xml"])


async def receipts_of_dossier(dossier_id: int) -> list[ReceiptView]:
    """Every receipt of a dossier, oldest first, cancelled and replaced included."""
    rows = (
        await Receipt.select()
        .where(Receipt.dossier_id == dossier_id)
        .order_by(Receipt.id)
    )
    return [view_of(row) for row in rows]


async def lookup_receipt(
    series_symbol: str, number: int, dossier_code: str
) -> dict[str, Any] | None:
    """Find a receipt by series symbol, number and dossier code together.

    Args:
        series_symbol: the series symbol printed on the receipt.
        number: the receipt number (leading zeros do not matter).
        dossier_code: the code of the dossier it was issued for.

    Returns:
        The receipt row, or ``None`` when the three do not match one receipt.
    """
    row = (
        await Receipt.select()
        .where(
            (Receipt.series_symbol == series_symbol.strip())
            & (Receipt.number == number)
            & (Receipt.dossier_code == dossier_code.strip())
        )
        .first()
    )
    return None if row is None else dict(row)
