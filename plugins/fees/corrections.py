"""Correcting receipts: cancelling and replacing, never editing.

A mistaken receipt is cancelled with a reason (it keeps its number and content and
shows as cancelled) or replaced: the replacement takes the next number of the
current series and names the receipt it replaces. Both are audited in the
transaction that makes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec
import structlog

from core import audit
from core.db import write_transaction
from core.dossiers.records import DossierRecord, decode_json
from core.errors import Conflict, UserError
from core.permissions import Actor
from core.plugin_manager import PluginManager
from plugins.fees.document import Payer, ReceiptLine
from plugins.fees.receipts import (
    ReceiptDraft,
    ReceiptView,
    issue_receipt,
    receipt_row,
    view_of,
)
from plugins.fees.tables import Payment, Receipt

__all__ = ["cancel_receipt", "replace_receipt"]

log = structlog.get_logger(__name__)

_MIN_REASON = 5


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < _MIN_REASON:
        raise UserError(
            "Cần ghi rõ lý do",
            "Please give the reason",
            field="reason",
        )
    return reason


async def _issued_row(receipt_id: int) -> dict[str, Any]:
    row = await receipt_row(receipt_id)
    if row["status"] != "issued":
        raise Conflict(
            "Biên lai đã bị hủy hoặc thay thế",
            "The receipt was already cancelled or replaced",
        )
    return row


async def cancel_receipt(receipt_id: int, reason: str, actor: Actor) -> ReceiptView:
    """Cancel a receipt; it keeps its number and stays visible as cancelled.

    When no receipt of the payment remains issued, the payment is cancelled too,
    so its lines are owed again.

    Args:
        receipt_id: the receipt to cancel.
        reason: why, shown on the receipt and in the audit trail.
        actor: the cashier cancelling it.

    Returns:
        The cancelled receipt.

    Raises:
        NotFound: no such receipt.
        Conflict: it was already cancelled or replaced.
        UserError: no reason was given.
    """
    reason = _check_reason(reason)
    async with write_transaction():
        row = await _issued_row(receipt_id)
        await Receipt.update(
            {
                Receipt.status: "cancelled",
                Receipt.cancel_reason: reason,
                Receipt.cancelled_at: dt.datetime.now(dt.UTC),
                Receipt.cancelled_by: actor.account_id,
            }
        ).where((Receipt.id == receipt_id) & (Receipt.status == "issued"))
        await _settle_payment_status(row["payment"])
        await audit.record(
            "receipt_cancelled",
            actor=actor,
            object_type="receipt",
            object_id=receipt_id,
            unit_id=row["collecting_unit_id"],
            detail={"dossier": row["dossier_code"], "reason": reason},
        )
    log.info("receipt_cancelled", dossier=row["dossier_code"], receipt=receipt_id)
    return view_of(await receipt_row(receipt_id))


async def _settle_payment_status(payment_id: int) -> None:
    remaining = await Receipt.count().where(
        (Receipt.payment == payment_id) & (Receipt.status == "issued")
    )
    if remaining == 0:
        await Payment.update({Payment.status: "cancelled"}).where(
            Payment.id == payment_id
        )


async def replace_receipt(
    receipt_id: int,
    reason: str,
    actor: Actor,
    dossier: DossierRecord,
    *,
    payer: Payer | None = None,
    plugins: PluginManager | None = None,
) -> ReceiptView:
    """Replace a receipt by a new one with a new number.

    The replacement covers the same payment, lines, amount and method; only the
    payer's details may be corrected. The old receipt becomes ``replaced``.

    Args:
        receipt_id: the receipt to replace.
        reason: why, kept on the old receipt and in the audit trail.
        actor: the cashier replacing it.
        dossier: the receipt's dossier.
        payer: corrected payer details; the old ones when ``None``.
        plugins: where receipt issuers are found; the runtime's by default.

    Returns:
        The new receipt.

    Raises:
        NotFound: no such receipt.
        Conflict: it was already cancelled or replaced.
        UserError: no reason was given.
    """
    reason = _check_reason(reason)
    async with write_transaction():
        old = await _issued_row(receipt_id)
        await Receipt.update(
            {
                Receipt.status: "replaced",
                Receipt.cancel_reason: reason,
                Receipt.cancelled_at: dt.datetime.now(dt.UTC),
                Receipt.cancelled_by: actor.account_id,
            }
        ).where(Receipt.id == receipt_id)
        new = await issue_receipt(_replacement(old, dossier, payer, actor), plugins)
        await audit.record(
            "receipt_replaced",
            actor=actor,
            object_type="receipt",
            object_id=receipt_id,
            unit_id=old["collecting_unit_id"],
            detail={"dossier": old["dossier_code"], "by": new["id"], "reason": reason},
        )
    return view_of(new)


def _replacement(
    old: Mapping[str, Any],
    dossier: DossierRecord,
    payer: Payer | None,
    actor: Actor,
) -> ReceiptDraft:
    return ReceiptDraft(
        payment_id=old["payment"],
        dossier=dossier,
        kind=old["kind"],
        lines=msgspec.convert(decode_json(old["lines"]), list[ReceiptLine]),
        collecting_unit_id=old["collecting_unit_id"],
        method=old["method"],
        payer=payer
        or Payer(
            name=old["payer_name"],
            address=old["payer_address"],
            identifier=old["payer_identifier"],
        ),
        issued_by=actor.account_id,
        replaces=old,
    )
