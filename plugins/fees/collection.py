"""Collecting what a dossier owes: at the counter, or from a payment gateway.

One collection is one transaction: the payment row, a receipt per kind (fees and
charges apart) with their numbers, and an audit event commit together or not at
all. After the commit, a dossier that was waiting for payment is moved on by the
core's ``confirm_payment`` action.

Two cashiers pressing the button at once, or a gateway calling back twice, must not
collect twice: the dossier's assessment row is locked (PostgreSQL) or the write
transaction is exclusive (SQLite) while what is owed is read and paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import msgspec
import structlog

from core import audit
from core.db import get_engine, write_transaction
from core.dossiers.records import DossierRecord
from core.errors import Conflict, Forbidden, UserError
from core.permissions import Actor, may
from core.plugin_manager import PluginManager
from plugins.fees import runtime
from plugins.fees.assessment import AssessmentLine
from plugins.fees.ledger import dossier_or_404, outstanding, stored_assessment
from plugins.fees.progress import payment_settled
from plugins.fees.receipts import ReceiptView, issue_for_payment, view_of
from plugins.fees.tables import FeeAssessment, Payment, Receipt

__all__ = [
    "COUNTER_METHODS",
    "CollectionResult",
    "collect_at_counter",
    "may_collect",
    "record_online_payment",
]

log = structlog.get_logger(__name__)

COUNTER_METHODS = ("cash", "transfer")


class CollectionResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of one collection: the payment and its receipts."""

    payment_id: int
    amount: int
    method: str
    receipts: list[ReceiptView]


def may_collect(actor: Actor | None, dossier: DossierRecord, collecting: str) -> bool:
    """Whether ``actor`` may collect fees for ``dossier`` (unit scope).

    A cashier collects for dossiers received, implemented or collected by a unit
    within the reach of their ``dossier.collect_fee`` permission.
    """
    catalogue = runtime.catalogue()
    if actor is None or catalogue is None:
        return False
    for unit_id in (dossier.receiving_unit_id, dossier.unit_id, collecting):
        unit = catalogue.units.get(unit_id)
        if unit is not None and may(actor, "dossier.collect_fee", unit.path):
            return True
    return False


async def collect_at_counter(
    dossier_id: int,
    *,
    method: str,
    actor: Actor,
    stages: Collection[str] | None = None,
    plugins: PluginManager | None = None,
) -> CollectionResult:
    """Collect what a dossier owes at the counter and issue its receipts.

    Args:
        dossier_id: the dossier.
        method: ``cash`` or ``transfer``.
        actor: the cashier.
        stages: collect only lines of these stages; every owed line if ``None``.
        plugins: where receipt issuers are found; the runtime's by default.

    Called inside the caller's own transaction, it joins it and leaves moving the
    dossier on to the caller, as :func:`record_online_payment` does.

    Returns:
        The payment and its receipts.

    Raises:
        NotFound: no such dossier.
        Forbidden: the actor may not collect for this dossier.
        Conflict: nothing is owed (already paid, exempt, or no fees).
        UserError: an unknown payment method.
    """
    if method not in COUNTER_METHODS:
        raise UserError(
            "Hình thức nộp tiền không hợp lệ",
            "Unknown payment method",
            field="method",
        )
    dossier = await dossier_or_404(dossier_id)
    stored = await stored_assessment(dossier)
    if stored is None:
        raise _nothing_owed()
    if not may_collect(actor, dossier, stored[1]):
        raise Forbidden(
            "Bạn không được thu phí hồ sơ này",
            "You may not collect fees for this dossier",
        )
    outer = get_engine().transaction_exists()
    async with write_transaction():
        await _lock(dossier.id)
        lines = await outstanding(dossier, stages)
        if not lines:
            raise _nothing_owed()
        result = await _pay(
            dossier, lines, stored[1], method, actor, None, plugins=plugins
        )
    if not outer:
        await payment_settled(dossier.id)
    return result


async def record_online_payment(
    dossier_id: int,
    amount: int,
    reference: str,
    method: str = "online",
    *,
    plugins: PluginManager | None = None,
) -> list[ReceiptView]:
    """Record a payment a gateway confirmed, and issue its receipts; idempotent.

    Calling again with the same ``reference`` records nothing new and returns the
    receipts of the first call, so a gateway that calls back twice is harmless.

    Called inside the caller's own transaction, it joins it and leaves moving the
    dossier on to the caller, after commit, with
    :func:`plugins.fees.progress.payment_settled`.

    Args:
        dossier_id: the dossier paid for.
        amount: the amount the gateway confirmed, in đồng; it must equal what the
            dossier owes (see :func:`plugins.fees.ledger.amount_due`).
        reference: the gateway's unique reference of the transaction.
        method: the payment method recorded on receipts.
        plugins: where receipt issuers are found; the runtime's by default.

    Returns:
        The receipts issued for the payment, fees first.

    Raises:
        NotFound: no such dossier.
        Conflict: nothing is owed, or ``amount`` differs from what is owed.
    """
    dossier = await dossier_or_404(dossier_id)
    stored = await stored_assessment(dossier)
    if stored is None:
        raise _nothing_owed()
    outer = get_engine().transaction_exists()
    async with write_transaction():
        await _lock(dossier.id)
        receipts = await _receipts_of_reference(reference)
        if receipts is not None:
            log.info("online_payment_repeated", dossier=dossier.code)
        else:
            lines = await outstanding(dossier)
            _check_amount(lines, amount)
            result = await _pay(
                dossier, lines, stored[1], method, None, reference, plugins=plugins
            )
            receipts = result.receipts
    if not outer:
        await payment_settled(dossier.id)
    return receipts


def _check_amount(lines: list[AssessmentLine], amount: int) -> None:
    owed = sum(line.amount or 0 for line in lines)
    if not lines:
        raise _nothing_owed()
    if amount != owed:
        raise Conflict(
            f"Số tiền {amount} không khớp số phải nộp {owed}",
            f"The amount {amount} differs from the amount owed, {owed}",
        )


async def _receipts_of_reference(reference: str) -> list[ReceiptView] | None:
    payment = (
        await Payment.select(Payment.id)
        .where(Payment.gateway_reference == reference)
        .first()
    )
    if payment is None:
        return None
    rows = (
        await Receipt.select()
        .where(Receipt.payment == payment["id"])
        .order_by(Receipt.id)
    )
    return [view_of(row) for row in rows]


async def _lock(dossier_id: int) -> None:
    """Hold the dossier's assessment row until the transaction ends."""
    if get_engine().engine_type == "sqlite":
        return  # the IMMEDIATE transaction already excludes other writers
    await (
        FeeAssessment.select(FeeAssessment.id)
        .where(FeeAssessment.dossier_id == dossier_id)
        .lock_rows()
    )


async def _pay(
    dossier: DossierRecord,
    lines: list[AssessmentLine],
    collecting_unit_id: str,
    method: str,
    actor: Actor | None,
    reference: str | None,
    *,
    plugins: PluginManager | None,
) -> CollectionResult:
    amount = sum(line.amount or 0 for line in lines)
    payment_id = await _insert_payment(dossier, lines, method, actor, reference)
    rows = await issue_for_payment(
        payment_id,
        dossier,
        lines,
        collecting_unit_id=collecting_unit_id,
        method=method,
        issued_by=actor.account_id if actor else None,
        plugins=plugins,
    )
    await audit.record(
        "fee_collected",
        actor=actor,
        object_type="dossier",
        object_id=dossier.code,
        unit_id=collecting_unit_id,
        detail={
            "payment": payment_id,
            "amount": amount,
            "method": method,
            "receipts": [row["id"] for row in rows],
        },
    )
    log.info("fee_collected", dossier=dossier.code, amount=amount, method=method)
    return CollectionResult(
        payment_id=payment_id,
        amount=amount,
        method=method,
        receipts=[view_of(row) for row in rows],
    )


async def _insert_payment(
    dossier: DossierRecord,
    lines: list[AssessmentLine],
    method: str,
    actor: Actor | None,
    reference: str | None,
) -> int:
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = await Payment.insert(
        Payment(
            dossier_id=dossier.id,
            dossier_code=dossier.code,
            items=msgspec.json.encode([line.item for line in lines]).decode(),
            method=method,
            amount=sum(line.amount or 0 for line in lines),
            status="paid",
            gateway_reference=reference,
            paid_at=now,
            cashier_id=actor.account_id if actor else None,
            created_at=now,
        )
    ).returning(Payment.id)
    payment_id: int = rows[0]["id"]
    return payment_id


def _nothing_owed() -> Conflict:
    return Conflict(
        "Hồ sơ không còn khoản phí, lệ phí nào phải nộp",
        "Nothing is owed for this dossier",
    )
