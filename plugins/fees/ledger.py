"""A dossier's fee account: its stored assessment, what is paid and what is owed.

The assessment made at filing travels in the dossier's ``plugin_data["fees"]``; the
first time the plugin needs it for a dossier it is copied into
:class:`~plugins.fees.tables.FeeAssessment`, where payments and reports find it. A
line is owed until a payment covering it is ``paid``; a payment whose receipts were
all cancelled no longer covers anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import msgspec

from core.dossiers.queries import load
from core.dossiers.records import DossierRecord, decode_json
from core.errors import NotFound
from plugins.fees.assessment import Assessment, AssessmentLine
from plugins.fees.tables import FeeAssessment, Payment

__all__ = [
    "PLUGIN_KEY",
    "FeesData",
    "amount_due",
    "dossier_or_404",
    "outstanding",
    "paid_items",
    "stored_assessment",
]

PLUGIN_KEY = "fees"


class FeesData(msgspec.Struct, frozen=True, kw_only=True):
    """What the plugin keeps in a dossier's ``plugin_data["fees"]`` at filing.

    Attributes:
        assessment: the assessment made at filing.
        collecting_unit: the unit that collects; ``None`` for the dossier's
            implementing unit.
    """

    assessment: Assessment
    collecting_unit: str | None = None


async def dossier_or_404(dossier_id: int) -> DossierRecord:
    """The dossier with ``dossier_id``.

    Raises:
        NotFound: there is no such dossier.
    """
    dossier = await load(dossier_id)
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ", "There is no such dossier")
    return dossier


async def stored_assessment(
    dossier: DossierRecord,
) -> tuple[Assessment, str] | None:
    """A dossier's assessment and collecting unit, copied to the table if new.

    Args:
        dossier: the dossier.

    Returns:
        The assessment and the collecting unit id, or ``None`` when the dossier
        was filed without one (its procedure does not charge fees).
    """
    row = (
        await FeeAssessment.select()
        .where(FeeAssessment.dossier_id == dossier.id)
        .first()
    )
    if row is not None:
        return _assessment_of_row(row), row["collecting_unit_id"]
    raw = dossier.plugin_data.get(PLUGIN_KEY)
    if not raw:
        return None
    data = msgspec.convert(raw, FeesData)
    unit_id = data.collecting_unit or dossier.unit_id
    await _save(dossier, data.assessment, unit_id)
    return data.assessment, unit_id


def _assessment_of_row(row: dict[str, Any]) -> Assessment:
    lines = msgspec.convert(decode_json(row["lines"]), list[AssessmentLine])
    return Assessment(
        rule_version=row["rule_version"],
        legal_basis=list(decode_json(row["legal_basis"]) or []),
        case_code=row["case_code"],
        category=row["category"],
        lines=lines,
        totals={"fee": int(row["fee_total"]), "charge": int(row["charge_total"])},
        total=int(row["total"]),
        complete=all(line.amount is not None for line in lines),
    )


async def _save(dossier: DossierRecord, assessment: Assessment, unit_id: str) -> None:
    await FeeAssessment.insert(
        FeeAssessment(
            dossier_id=dossier.id,
            dossier_code=dossier.code,
            procedure_code=dossier.procedure_code,
            procedure_version=dossier.procedure_version,
            case_code=assessment.case_code,
            category=assessment.category,
            collecting_unit_id=unit_id,
            rule_version=assessment.rule_version,
            legal_basis=msgspec.json.encode(assessment.legal_basis).decode(),
            lines=msgspec.json.encode(assessment.lines).decode(),
            fee_total=assessment.totals.get("fee", 0),
            charge_total=assessment.totals.get("charge", 0),
            total=assessment.total,
            assessed_at=dt.datetime.now(dt.UTC),
        )
        # Two requests may copy the same assessment at once: the first one stays.
    ).on_conflict(target=FeeAssessment.dossier_id, action="DO NOTHING")


async def paid_items(dossier_id: int) -> set[str]:
    """Item codes covered by the dossier's paid payments."""
    rows = await Payment.select(Payment.items).where(
        (Payment.dossier_id == dossier_id) & (Payment.status == "paid")
    )
    return {code for row in rows for code in decode_json(row["items"]) or []}


async def outstanding(
    dossier: DossierRecord, stages: Collection[str] | None = None
) -> list[AssessmentLine]:
    """Lines of a dossier still to be paid.

    Args:
        dossier: the dossier.
        stages: only lines collected at these stages; every stage when ``None``.

    Returns:
        Owed lines with an amount above zero, in schedule order.
    """
    stored = await stored_assessment(dossier)
    if stored is None:
        return []
    paid = await paid_items(dossier.id)
    return [
        line
        for line in stored[0].due_lines()
        if line.item not in paid and (stages is None or line.collect in stages)
    ]


async def amount_due(dossier_id: int) -> int:
    """What a dossier still owes, in đồng (what a payment gateway should charge).

    Raises:
        NotFound: there is no such dossier.
    """
    dossier = await dossier_or_404(dossier_id)
    return sum(line.amount or 0 for line in await outstanding(dossier))
