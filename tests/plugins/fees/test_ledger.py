"""A dossier's fee account, and when the core is told that it is paid."""

from __future__ import annotations

import uuid

import pytest

from core.dossiers.queries import load
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.statuses import Status
from core.errors import Conflict
from core.permissions import Actor
from plugins.fees.collection import collect_at_counter, record_online_payment
from plugins.fees.ledger import (
    amount_due,
    dossier_or_404,
    outstanding,
    paid_items,
    stored_assessment,
)
from plugins.fees.progress import payment_settled
from plugins.fees.tables import FeeAssessment
from tests.plugins.fees.conftest import (
    awaiting_payment,
    file_judicial,
    file_without_fees,
)


async def test_the_assessment_is_copied_from_the_dossier_when_missing(
    service: DossierService, officer: Actor
) -> None:
    dossier = await file_judicial(service, officer, extra_copies=1)
    await FeeAssessment.delete().where(FeeAssessment.dossier_id == dossier.id)
    stored = await stored_assessment(dossier)
    assert stored is not None
    assessment, unit = stored
    assert (assessment.total, unit) == (205000, "stp")
    rows = await FeeAssessment.select().where(FeeAssessment.dossier_id == dossier.id)
    assert len(rows) == 1
    # Asking again reads the row rather than writing a second one.
    again = await stored_assessment(dossier)
    assert again is not None
    assert again[0] == assessment
    assert (
        await FeeAssessment.count().where(FeeAssessment.dossier_id == dossier.id) == 1
    )


async def test_a_dossier_of_a_procedure_without_fees_owes_nothing(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await file_without_fees(service)
    assert "fees" not in dossier.plugin_data
    assert await stored_assessment(dossier) is None
    assert await outstanding(dossier) == []
    assert await amount_due(dossier.id) == 0
    with pytest.raises(Conflict):
        await collect_at_counter(dossier.id, method="cash", actor=cashier)
    with pytest.raises(Conflict):
        await record_online_payment(dossier.id, 0, f"N{uuid.uuid4().hex}")


async def test_outstanding_lines_follow_payments_and_stages(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await awaiting_payment(service, officer, case="can-xac-minh")
    owed = await outstanding(dossier)
    assert [(line.item, line.collect) for line in owed] == [
        ("phi-lltp", "before"),
        ("le-phi-tra", "on_return"),
    ]
    assert [line.item for line in await outstanding(dossier, ["on_return"])] == [
        "le-phi-tra"
    ]
    await collect_at_counter(
        dossier.id, method="cash", actor=cashier, stages=["before"]
    )
    assert await paid_items(dossier.id) == {"phi-lltp"}
    assert [line.item for line in await outstanding(dossier)] == ["le-phi-tra"]


async def test_an_unknown_dossier_is_not_found() -> None:
    from core.errors import NotFound

    with pytest.raises(NotFound):
        await dossier_or_404(987654321)
    with pytest.raises(NotFound):
        await amount_due(987654321)


# --- telling the core -----------------------------------------------------------------


async def test_a_received_dossier_only_changes_its_payment_status(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    dossier = await file_judicial(service, officer)
    assert dossier.status == Status.RECEIVED
    await collect_at_counter(dossier.id, method="cash", actor=cashier)
    after = await load(dossier.id)
    assert after is not None
    assert (after.status, after.payment_status) == (Status.RECEIVED, "paid")


async def test_a_dossier_still_owing_for_processing_waits(
    service: DossierService, officer: Actor
) -> None:
    dossier = await awaiting_payment(service, officer)
    assert await payment_settled(dossier.id) is False
    still = await load(dossier.id)
    assert still is not None
    assert still.status == Status.PAYMENT


async def test_a_closed_dossier_is_left_alone(
    service: DossierService, officer: Actor
) -> None:
    dossier = await file_judicial(service, officer)
    refused = await service.act(
        dossier.id,
        "refuse",
        ActionInput(reason="Tờ khai không có chữ ký."),
        officer,
        dossier.version,
    )
    assert refused.status == Status.REFUSED
    # Even with nothing left to pay, a closed dossier is not touched.
    await FeeAssessment.update({FeeAssessment.lines: "[]"}).where(
        FeeAssessment.dossier_id == dossier.id
    )
    assert await outstanding(refused) == []
    assert await payment_settled(dossier.id) is False
    after = await load(dossier.id)
    assert after is not None
    assert (after.status, after.version) == (Status.REFUSED, refused.version)


async def test_the_payment_event_names_the_receipts(
    service: DossierService, officer: Actor, cashier: Actor
) -> None:
    from core.dossiers.queries import history

    dossier = await awaiting_payment(service, officer)
    result = await collect_at_counter(dossier.id, method="cash", actor=cashier)
    events = [e for e in await history(dossier.id) if e.action == "confirm_payment"]
    (event,) = events
    (receipt,) = result.receipts
    assert event.extra["receipts"] == [f"{receipt.series_symbol}/{receipt.number_text}"]
    assert event.from_status == Status.PAYMENT
    assert event.to_status == Status.PROCESSING
