"""Collecting fees at the counter and from a gateway, and moving the dossier on."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any

import pytest

from core.accounts.tables import AuditEvent
from core.dossiers.queries import load
from core.dossiers.service import DossierService
from core.dossiers.statuses import Status
from core.errors import Conflict, Forbidden, UserError
from core.hookspecs import PluginInfo, hookimpl
from core.permissions import Actor
from core.plugin_manager import PluginManager
from plugins.fees import plugin as fees_plugin
from plugins.fees.collection import collect_at_counter, record_online_payment
from plugins.fees.ledger import amount_due
from plugins.fees.receipt_xml import parse_receipt_xml
from plugins.fees.receipts import receipt_row
from plugins.fees.tables import Payment, Receipt, ReceiptSeries
from tests.plugins.fees.conftest import awaiting_payment, file_judicial, staff


async def test_a_cash_collection_issues_the_receipt_and_resumes_processing(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer, extra_copies=2)
    assert dossier.status == Status.PAYMENT
    assert await amount_due(dossier.id) == 210000

    result = await collect_at_counter(dossier.id, method="cash", actor=cashier)

    assert result.amount == 210000
    (receipt,) = result.receipts
    assert (receipt.kind, receipt.amount, receipt.method) == ("fee", 210000, "cash")
    assert receipt.amount_in_words == "Hai trăm mười nghìn đồng"
    assert receipt.collecting_unit_id == "stp"
    row = await receipt_row(receipt.id)
    assert row["organisation_name"] == "Sở Tư pháp tỉnh Demo"
    assert row["organisation_tax_code"] == "0100109106"
    assert row["payer_identifier"] == "001199012345"
    assert row["issued_by"] == cashier.account_id
    copy = parse_receipt_xml(row["xml"])
    assert copy.amount == 210000
    assert copy.number == receipt.number_text
    assert [line.item for line in copy.lines] == ["phi-lltp", "phieu-them"]
    assert copy.confirmation["issuer"] == "local"

    after = await load(dossier.id)
    assert after is not None
    assert (after.status, after.payment_status) == (Status.PROCESSING, "paid")
    assert await amount_due(dossier.id) == 0
    audit = await AuditEvent.select().where(
        (AuditEvent.action == "fee_collected") & (AuditEvent.object_id == dossier.code)
    )
    assert len(audit) == 1
    assert audit[0]["actor_id"] == cashier.account_id


async def test_fees_and_charges_go_on_separate_receipts(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer, case="can-xac-minh")
    result = await collect_at_counter(dossier.id, method="transfer", actor=cashier)
    kinds = {r.kind: r for r in result.receipts}
    assert set(kinds) == {"fee", "charge"}
    assert kinds["fee"].amount == 200000
    assert kinds["charge"].amount == 30000
    assert kinds["fee"].series_symbol != kinds["charge"].series_symbol
    assert sum(r.amount for r in result.receipts) == result.amount == 230000


async def test_collecting_one_stage_leaves_the_rest_owed(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer, case="can-xac-minh")
    result = await collect_at_counter(
        dossier.id, method="cash", actor=cashier, stages=["before"]
    )
    assert [r.kind for r in result.receipts] == ["fee"]
    assert await amount_due(dossier.id) == 30000
    after = await load(dossier.id)
    assert after is not None
    # The charge is collected when the result is returned: processing goes on.
    assert after.status == Status.PROCESSING
    second = await collect_at_counter(dossier.id, method="cash", actor=cashier)
    assert [r.kind for r in second.receipts] == ["charge"]
    assert await amount_due(dossier.id) == 0


async def test_nothing_is_collected_twice_or_from_the_exempt(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    paid = await awaiting_payment(service, officer)
    await collect_at_counter(paid.id, method="cash", actor=cashier)
    with pytest.raises(Conflict):
        await collect_at_counter(paid.id, method="cash", actor=cashier)
    child = await file_judicial(service, officer, category="tre-em")
    assert await amount_due(child.id) == 0
    with pytest.raises(Conflict):
        await collect_at_counter(child.id, method="cash", actor=cashier)


async def test_only_cashiers_within_reach_collect(
    service: DossierService, officer: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    far_cashier = staff(service.catalogue, "xa-an-binh", "cashier")
    with pytest.raises(Forbidden):
        await collect_at_counter(dossier.id, method="cash", actor=far_cashier)
    with pytest.raises(Forbidden):
        await collect_at_counter(dossier.id, method="cash", actor=officer)
    department_cashier = staff(service.catalogue, "stp", "cashier")
    result = await collect_at_counter(
        dossier.id, method="cash", actor=department_cashier
    )
    assert result.amount == 200000


async def test_an_unknown_method_is_refused(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    with pytest.raises(UserError) as refused:
        await collect_at_counter(dossier.id, method="online", actor=cashier)
    assert refused.value.field == "method"


async def test_two_cashiers_at_once_collect_only_once(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    other = staff(service.catalogue, "ttpvhcc", "cashier")
    outcomes = await asyncio.gather(
        collect_at_counter(dossier.id, method="cash", actor=cashier),
        collect_at_counter(dossier.id, method="cash", actor=other),
        return_exceptions=True,
    )
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    payments = await Payment.select().where(Payment.dossier_id == dossier.id)
    assert len(payments) == 1
    assert await Receipt.count().where(Receipt.dossier_id == dossier.id) == 1


# --- online payments ------------------------------------------------------------------


async def test_a_repeated_gateway_callback_records_one_payment(
    service: DossierService, officer: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    reference = f"VNP{uuid.uuid4().hex[:12]}"
    first = await record_online_payment(dossier.id, 200000, reference)
    again = await record_online_payment(dossier.id, 200000, reference)
    assert [r.id for r in again] == [r.id for r in first]
    assert first[0].method == "online"
    payments = await Payment.select().where(Payment.dossier_id == dossier.id)
    assert len(payments) == 1
    assert payments[0]["gateway_reference"] == reference
    after = await load(dossier.id)
    assert after is not None
    assert (after.status, after.payment_status) == (Status.PROCESSING, "paid")


async def test_concurrent_callbacks_record_one_payment(
    service: DossierService, officer: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    reference = f"PG{uuid.uuid4().hex[:12]}"
    answers = await asyncio.gather(
        *(record_online_payment(dossier.id, 200000, reference) for _ in range(4))
    )
    assert len({tuple(r.id for r in answer) for answer in answers}) == 1
    assert await Payment.count().where(Payment.dossier_id == dossier.id) == 1


async def test_an_online_amount_must_match_what_is_owed(
    service: DossierService, officer: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    with pytest.raises(Conflict):
        await record_online_payment(dossier.id, 199999, f"R{uuid.uuid4().hex}")
    assert await Payment.count().where(Payment.dossier_id == dossier.id) == 0
    assert await amount_due(dossier.id) == 200000


# --- receipt issuers ------------------------------------------------------------------


class VendorIssuer:
    """An e-invoice provider's plugin that answers before the local issuer."""

    def __init__(self) -> None:
        self.seen: list[Mapping[str, Any]] = []

    @hookimpl
    def motcua_register_plugin(self) -> PluginInfo:
        return PluginInfo(name="vendor", title="Vendor e-receipts")

    @hookimpl
    async def motcua_issue_receipt(
        self, receipt: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        self.seen.append(receipt)
        return {"issuer": "vendor", "lookup_code": "VND-1", "signed_by": "Sở Tư pháp"}


class FailingIssuer(VendorIssuer):
    @hookimpl
    async def motcua_issue_receipt(
        self, receipt: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        raise RuntimeError("the provider is down")


def manager_with(vendor: object) -> PluginManager:
    manager = PluginManager()
    manager.register(fees_plugin, "fees")
    manager.register(vendor, "vendor")
    return manager


async def test_a_vendor_issuer_answers_before_the_local_one(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    vendor = VendorIssuer()
    dossier = await awaiting_payment(service, officer)
    result = await collect_at_counter(
        dossier.id, method="cash", actor=cashier, plugins=manager_with(vendor)
    )
    (receipt,) = result.receipts
    (sent,) = vendor.seen
    assert sent["series_symbol"] == receipt.series_symbol
    assert sent["number"] == receipt.number_text
    assert sent["collector"]["tax_code"] == "0100109106"
    assert sent["amount_in_words"] == "Hai trăm nghìn đồng"
    copy = parse_receipt_xml((await receipt_row(receipt.id))["xml"])
    assert copy.confirmation == {
        "issuer": "vendor",
        "lookup_code": "VND-1",
        "signed_by": "Sở Tư pháp",
    }


async def test_an_issuer_failure_records_nothing_and_spends_no_number(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    before = await ReceiptSeries.select(ReceiptSeries.key, ReceiptSeries.last_number)
    with pytest.raises(RuntimeError):
        await collect_at_counter(
            dossier.id,
            method="cash",
            actor=cashier,
            plugins=manager_with(FailingIssuer()),
        )
    after = await ReceiptSeries.select(ReceiptSeries.key, ReceiptSeries.last_number)
    assert {r["key"]: r["last_number"] for r in after} == {
        r["key"]: r["last_number"] for r in before
    }
    assert await Payment.count().where(Payment.dossier_id == dossier.id) == 0
    still = await load(dossier.id)
    assert still is not None
    assert still.status == Status.PAYMENT


async def test_inside_a_callers_transaction_the_caller_moves_the_dossier_on(
    service: DossierService, officer: Actor
) -> None:
    from core.db import transaction
    from plugins.fees.progress import payment_settled

    dossier = await awaiting_payment(service, officer)
    async with transaction():
        receipts = await record_online_payment(
            dossier.id, 200000, f"O{uuid.uuid4().hex}"
        )
        assert len(receipts) == 1
    waiting = await load(dossier.id)
    assert waiting is not None
    assert waiting.status == Status.PAYMENT
    assert await payment_settled(dossier.id) is True
    moved = await load(dossier.id)
    assert moved is not None
    assert (moved.status, moved.payment_status) == (Status.PROCESSING, "paid")
    assert await payment_settled(dossier.id) is False
