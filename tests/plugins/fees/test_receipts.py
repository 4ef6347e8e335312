"""Receipts are cancelled or replaced, never edited, and can be looked up."""

from __future__ import annotations

import pytest

from core.accounts.tables import AuditEvent
from core.dossiers.records import decode_json
from core.dossiers.service import DossierService
from core.errors import Conflict, UserError
from core.permissions import Actor
from plugins.fees.collection import collect_at_counter
from plugins.fees.corrections import cancel_receipt, replace_receipt
from plugins.fees.document import Payer
from plugins.fees.ledger import amount_due, dossier_or_404
from plugins.fees.receipt_xml import parse_receipt_xml
from plugins.fees.receipts import (
    ReceiptView,
    lookup_receipt,
    receipt_row,
    receipts_of_dossier,
)
from plugins.fees.tables import Payment
from tests.plugins.fees.conftest import awaiting_payment


async def paid_receipt(
    service: DossierService, officer: Actor, cashier: Actor
) -> ReceiptView:
    dossier = await awaiting_payment(service, officer)
    result = await collect_at_counter(dossier.id, method="cash", actor=cashier)
    return result.receipts[0]


async def test_a_cancelled_receipt_keeps_its_number_and_its_content(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    receipt = await paid_receipt(service, officer, cashier)
    before = await receipt_row(receipt.id)

    cancelled = await cancel_receipt(receipt.id, "Thu nhầm hồ sơ", cashier)

    assert cancelled.status == "cancelled"
    assert cancelled.cancel_reason == "Thu nhầm hồ sơ"
    after = await receipt_row(receipt.id)
    assert (after["series_symbol"], after["number"]) == (
        before["series_symbol"],
        before["number"],
    )
    assert after["xml"] == before["xml"]
    assert after["amount"] == before["amount"]
    assert after["cancelled_by"] == cashier.account_id
    audit = await AuditEvent.select().where(
        (AuditEvent.action == "receipt_cancelled")
        & (AuditEvent.object_id == str(receipt.id))
    )
    assert decode_json(audit[0]["detail"])["reason"] == "Thu nhầm hồ sơ"


async def test_cancelling_every_receipt_of_a_payment_makes_the_fees_owed_again(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    receipt = await paid_receipt(service, officer, cashier)
    assert await amount_due(receipt.dossier_id) == 0
    await cancel_receipt(receipt.id, "Khách hàng đề nghị hoàn tiền", cashier)
    payment = await Payment.select().where(Payment.id == receipt.payment_id).first()
    assert payment is not None
    assert payment["status"] == "cancelled"
    assert await amount_due(receipt.dossier_id) == 200000


async def test_a_receipt_is_cancelled_once_and_only_with_a_reason(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    receipt = await paid_receipt(service, officer, cashier)
    with pytest.raises(UserError) as no_reason:
        await cancel_receipt(receipt.id, "  ", cashier)
    assert no_reason.value.field == "reason"
    assert (await receipt_row(receipt.id))["status"] == "issued"
    await cancel_receipt(receipt.id, "Sai số tiền", cashier)
    with pytest.raises(Conflict):
        await cancel_receipt(receipt.id, "Sai số tiền lần hai", cashier)


async def test_a_replacement_takes_a_new_number_and_points_to_the_old(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    old = await paid_receipt(service, officer, cashier)
    record = await dossier_or_404(old.dossier_id)
    corrected = Payer(
        name="Nguyễn Thị Hoà", address="7 Lê Lợi", identifier="001199012345"
    )

    new = await replace_receipt(
        old.id, "Sai chính tả tên người nộp", cashier, record, payer=corrected
    )

    assert new.id != old.id
    assert new.series_symbol == old.series_symbol
    assert new.number > old.number
    assert new.replaces_id == old.id
    assert (new.amount, new.kind, new.method, new.payment_id) == (
        old.amount,
        old.kind,
        old.method,
        old.payment_id,
    )
    assert new.payer_name == "Nguyễn Thị Hoà"
    replaced = await receipt_row(old.id)
    assert replaced["status"] == "replaced"
    assert replaced["payer_name"] == "Nguyễn Thị Hoa"
    copy = parse_receipt_xml((await receipt_row(new.id))["xml"])
    assert copy.replaces is not None
    assert (copy.replaces.series_symbol, copy.replaces.number) == (
        old.series_symbol,
        old.number_text,
    )
    # The payment stays paid: nothing is owed again.
    assert await amount_due(old.dossier_id) == 0
    statuses = [r.status for r in await receipts_of_dossier(old.dossier_id)]
    assert statuses == ["replaced", "issued"]
    with pytest.raises(Conflict):
        await replace_receipt(old.id, "Thay thế lần nữa", cashier, record)


async def test_a_receipt_is_found_only_by_its_whole_triple(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    receipt = await paid_receipt(service, officer, cashier)
    found = await lookup_receipt(
        receipt.series_symbol, receipt.number, f" {receipt.dossier_code} "
    )
    assert found is not None
    assert found["id"] == receipt.id
    wrong = [
        ("ZZ-26E", receipt.number, receipt.dossier_code),
        (receipt.series_symbol, receipt.number + 1000, receipt.dossier_code),
        (receipt.series_symbol, receipt.number, "000.00.02.H99-000000-0000"),
    ]
    for series, number, code in wrong:
        assert await lookup_receipt(series, number, code) is None
