"""Database tables of the fees plugin: assessments, payments, receipt series, receipts.

Receipts are never edited: a mistaken receipt is cancelled or replaced by a new one
with its own number, and only its ``status`` and the cancellation columns change.
Numbers are taken from :class:`ReceiptSeries` by one atomic update in the
transaction that inserts the receipt, so a series has neither gaps nor duplicates;
the unique ``series_number`` column makes a duplicate impossible even by mistake.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

__all__ = ["FeeAssessment", "Payment", "Receipt", "ReceiptSeries"]


def _when(index: bool = False) -> Timestamptz:
    """A nullable timestamp column, set when the moment happens."""
    return Timestamptz(null=True, default=None, index=index)


class FeeAssessment(Table, tablename="fees_assessment"):
    """What a dossier owes, as assessed when it was filed."""

    id = Serial(primary_key=True)

    dossier_id = Integer(unique=True, index=True)
    dossier_code = Varchar(length=40, index=True)
    procedure_code = Varchar(length=64)
    procedure_version = Integer()
    case_code = Varchar(length=64, null=True, default=None)
    category = Varchar(length=64, null=True, default=None)
    collecting_unit_id = Varchar(length=64, index=True)
    rule_version = Varchar(length=32)
    legal_basis = JSON(default="[]")
    lines = JSON(default="[]")
    fee_total = BigInt(default=0)
    charge_total = BigInt(default=0)
    total = BigInt(default=0)
    assessed_at = Timestamptz()


class Payment(Table, tablename="fees_payment"):
    """Money received for some lines of a dossier's assessment.

    ``status`` is ``unpaid``, ``awaiting`` (an online payment started), ``paid``,
    ``cancelled`` (every receipt of it cancelled) or ``refunded``.
    ``gateway_reference`` is unique, so recording one online payment twice finds
    the first record instead of writing a second.
    """

    id = Serial(primary_key=True)

    dossier_id = Integer(index=True)
    dossier_code = Varchar(length=40, index=True)
    items = JSON(default="[]")
    method = Varchar(length=16)  # cash, transfer or online
    amount = BigInt()
    status = Varchar(length=16, default="unpaid", index=True)
    gateway_reference = Varchar(length=128, null=True, default=None, unique=True)
    paid_at = _when(index=True)
    cashier_id = Integer(null=True, default=None)
    created_at = Timestamptz()


class ReceiptSeries(Table, tablename="fees_series"):
    """A run of consecutive receipt numbers of one collecting unit and kind.

    ``key`` (``<unit>/<kind>/<template symbol>/<series symbol>``) is unique so that
    two processes creating the same series at once end up with one.
    """

    id = Serial(primary_key=True)

    key = Varchar(length=255, unique=True)
    collecting_unit_id = Varchar(length=64, index=True)
    kind = Varchar(length=16)  # fee or charge
    template_symbol = Varchar(length=32)
    series_symbol = Varchar(length=32)
    year = Integer(null=True, default=None)
    last_number = Integer(default=0)
    max_number = Integer(default=9999999)
    active = Boolean(default=True)
    created_at = Timestamptz()


class Receipt(Table, tablename="fees_receipt"):
    """An electronic receipt (biên lai điện tử) for one kind of a payment."""

    id = Serial(primary_key=True)

    series = ForeignKey(
        references=ReceiptSeries, index=True, on_delete=OnDelete.restrict
    )
    number = Integer()
    series_number = Varchar(length=64, unique=True)
    template_symbol = Varchar(length=32)
    series_symbol = Varchar(length=32, index=True)
    payment = ForeignKey(references=Payment, index=True, on_delete=OnDelete.restrict)
    dossier_id = Integer(index=True)
    dossier_code = Varchar(length=40, index=True)
    procedure_code = Varchar(length=64)
    channel = Integer(default=1)
    collecting_unit_id = Varchar(length=64, index=True)
    kind = Varchar(length=16)
    payer_name = Varchar(length=255)
    payer_address = Varchar(length=512, default="")
    payer_identifier = Varchar(length=32, default="")
    organisation_name = Varchar(length=255)
    organisation_tax_code = Varchar(length=16, default="")
    organisation_address = Varchar(length=512, default="")
    item_name = Text()
    lines = JSON(default="[]")
    amount = BigInt()
    amount_in_words = Text()
    method = Varchar(length=16)
    issued_at = Timestamptz(index=True)
    issued_by = Integer(null=True, default=None)
    status = Varchar(length=16, default="issued", index=True)
    replaces_id = Integer(null=True, default=None)
    cancel_reason = Text(default="")
    cancelled_at = _when()
    cancelled_by = Integer(null=True, default=None)
    issuer_confirmation = JSON(default="{}")
    xml = Text(default="")
