"""Telling the core that a dossier's fees are paid.

After a collection commits, the dossier service's ``confirm_payment`` action (the
application acting as itself) records the payment on the dossier: a dossier waiting
for payment (status 6) goes back to processing, one in another open status only
changes its payment status. The action has its own transaction and history row; if
it fails, the payment stays recorded and the failure is logged for staff to see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from core.dossiers.queries import load
from core.dossiers.statuses import OPEN, Status
from core.errors import UserError
from plugins.fees import runtime
from plugins.fees.ledger import outstanding
from plugins.fees.tables import Receipt

if TYPE_CHECKING:
    from core.dossiers.service import DossierService

__all__ = ["PROCESSING_STAGES", "payment_settled"]

log = structlog.get_logger(__name__)

PROCESSING_STAGES = ("before", "after")
"""Stages whose lines must be paid before a dossier waiting for payment moves on;
lines collected when the result is handed over are paid later."""


async def payment_settled(
    dossier_id: int, service: DossierService | None = None
) -> bool:
    """Move a dossier on if what it had to pay is now paid.

    Args:
        dossier_id: the dossier just paid for.
        service: the dossier service; the runtime's by default.

    Returns:
        Whether the core recorded the payment on the dossier.
    """
    dossier = await load(dossier_id)
    if dossier is None or dossier.payment_status == "paid":
        return False
    if dossier.status not in {int(s) for s in OPEN}:
        return False
    waiting = dossier.status == Status.PAYMENT
    stages = PROCESSING_STAGES if waiting else None
    if await outstanding(dossier, stages):
        return False
    try:
        await (service or runtime.dossier_service()).confirm_payment(
            dossier_id, await _event_data(dossier_id)
        )
    except UserError as refusal:
        log.warning(
            "payment_confirmation_failure",
            dossier=dossier.code,
            reason=refusal.en,
        )
        return False
    return True


async def _event_data(dossier_id: int) -> dict[str, object]:
    rows = (
        await Receipt.select(Receipt.series_symbol, Receipt.number)
        .where((Receipt.dossier_id == dossier_id) & (Receipt.status == "issued"))
        .order_by(Receipt.id)
    )
    settings = runtime.settings()
    return {
        "receipts": [
            f"{row['series_symbol']}/{settings.number_text(row['number'])}"
            for row in rows
        ]
    }
