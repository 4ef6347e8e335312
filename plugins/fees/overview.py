"""One dossier's fees at a glance, for its panel, its fees page and the JSON API.

:class:`FeesOverview` gathers the stored assessment, which lines are paid, the
payments and the receipts, and what the viewer may do about them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core.catalogue.catalogue import Catalogue
from core.dossiers.access import can_view
from core.dossiers.records import DossierRecord, aware, decode_json
from core.errors import NotFound
from core.permissions import Actor
from plugins.fees.assessment import Assessment
from plugins.fees.collection import may_collect
from plugins.fees.ledger import paid_items, stored_assessment
from plugins.fees.receipts import ReceiptView, receipts_of_dossier
from plugins.fees.tables import Payment

__all__ = ["FeesOverview", "PaymentView", "check_access", "overview_of"]


class PaymentView(msgspec.Struct, frozen=True, kw_only=True):
    """A payment as pages and the API show it."""

    id: int
    method: str
    amount: int
    status: str
    items: list[str]
    paid_at: dt.datetime | None
    online: bool


class FeesOverview(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about one dossier's fees.

    Attributes:
        dossier_id: the dossier.
        dossier_code: its code.
        assessment: the assessment made at filing, if any.
        collecting_unit_id: the unit that collects.
        paid: item codes already paid.
        owed: the amount still owed.
        payments: every payment, oldest first.
        receipts: every receipt, oldest first.
        may_collect: the viewer may collect and cancel or replace receipts.
    """

    dossier_id: int
    dossier_code: str
    assessment: Assessment | None
    collecting_unit_id: str | None
    paid: list[str]
    owed: int
    payments: list[PaymentView]
    receipts: list[ReceiptView]
    may_collect: bool


def check_access(
    actor: Actor | None, dossier: DossierRecord, catalogue: Catalogue
) -> None:
    """Refuse a viewer who may neither see the dossier nor collect for it.

    Raises:
        NotFound: the dossier is hidden from ``actor`` (it is not said to exist).
    """
    if can_view(actor, dossier, catalogue) or may_collect(
        actor, dossier, dossier.unit_id
    ):
        return
    raise NotFound("Không tìm thấy hồ sơ", "There is no such dossier")


async def overview_of(dossier: DossierRecord, viewer: Actor | None) -> FeesOverview:
    """Gather a dossier's fees for ``viewer``.

    Args:
        dossier: the dossier.
        viewer: the signed-in account (access is the caller's concern).

    Returns:
        The overview.
    """
    stored = await stored_assessment(dossier)
    assessment, unit_id = stored if stored else (None, None)
    paid = await paid_items(dossier.id)
    owed = sum(
        line.amount or 0
        for line in (assessment.due_lines() if assessment else [])
        if line.item not in paid
    )
    return FeesOverview(
        dossier_id=dossier.id,
        dossier_code=dossier.code,
        assessment=assessment,
        collecting_unit_id=unit_id,
        paid=sorted(paid),
        owed=owed,
        payments=await _payments(dossier.id),
        receipts=await receipts_of_dossier(dossier.id),
        may_collect=unit_id is not None and may_collect(viewer, dossier, unit_id),
    )


async def _payments(dossier_id: int) -> list[PaymentView]:
    rows = (
        await Payment.select()
        .where(Payment.dossier_id == dossier_id)
        .order_by(Payment.id)
    )
    return [_payment(row) for row in rows]


def _payment(row: dict[str, Any]) -> PaymentView:
    return PaymentView(
        id=row["id"],
        method=row["method"],
        amount=int(row["amount"]),
        status=row["status"],
        items=list(decode_json(row["items"]) or []),
        paid_at=aware(row["paid_at"]),
        online=row["gateway_reference"] is not None,
    )
