"""Database tables of the payments gateway plugin.

:class:`PaymentOrder` is one attempt to pay a dossier's fees through a gateway.
Its ``status`` leaves ``pending`` once, by a conditional update, so a callback
delivered twice or in parallel settles it once. :class:`CallbackLog` keeps every
call a gateway made, accepted or not; :class:`Refund` every refund asked for.
:class:`SandboxTransaction` is the built-in sandbox gateways' own ledger, the
record a real gateway keeps on its side; it stays empty outside the sandbox.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

__all__ = [
    "ORDER_STATUSES",
    "CallbackLog",
    "PaymentOrder",
    "Refund",
    "SandboxTransaction",
]

ORDER_STATUSES = ("pending", "paid", "failed", "cancelled", "expired", "refunded")
"""Where an order stands; only ``pending`` (and ``expired``, for money that
arrives late) can still be settled by the gateway."""


def _when(index: bool = False) -> Timestamptz:
    """A nullable timestamp column, set when the moment happens."""
    return Timestamptz(null=True, default=None, index=index)


class PaymentOrder(Table, tablename="payments_order"):
    """One online payment of a dossier's fees through one gateway.

    ``txn_ref`` is Motcua's reference sent to the gateway (VNPay's ``vnp_TxnRef``,
    PayGov's INIT ``requestId``); it is unique across gateways and days, which is
    stricter than VNPay's unique-per-day rule. ``raw_callback`` holds the verified
    fields of the callback that settled the order, without signatures.
    ``attempts`` counts the gateway's callbacks and status queries about it.
    ``redirect_url`` is where the payer was sent, so an unfinished payment can be
    resumed. ``receipt_reference`` is the reference the fees plugin recorded the
    payment under; ``problem`` names a paid order the fees plugin could not match
    (nothing owed any more, another amount owed), which staff must refund.
    ``dossier_confirmed_at`` is set once the dossier was told it is paid.
    """

    id = Serial(primary_key=True)

    dossier_id = Integer(index=True)
    dossier_code = Varchar(length=40, index=True)
    gateway = Varchar(length=16)
    txn_ref = Varchar(length=64, unique=True, index=True)
    amount = BigInt()
    currency = Varchar(length=3, default="VND")
    status = Varchar(length=16, default="pending", index=True)
    created_at = Timestamptz(index=True)
    expires_at = Timestamptz()
    paid_at = _when()
    settled_at = _when()
    gateway_transaction_no = Varchar(length=64, null=True, default=None)
    bank_code = Varchar(length=32, null=True, default=None)
    response_code = Varchar(length=8, null=True, default=None)
    raw_callback = JSON(default="{}")
    attempts = Integer(default=0)
    account_id = Integer(null=True, default=None)
    redirect_url = Text(default="")
    receipt_reference = Varchar(length=128, null=True, default=None)
    problem = Varchar(length=64, null=True, default=None)
    dossier_confirmed_at = _when()


class CallbackLog(Table, tablename="payments_callback"):
    """Every call a gateway made to Motcua, with the answer it got.

    ``kind`` is ``ipn`` or ``confirm`` (server to server), ``return`` (the payer's
    browser) or ``query`` (a status query made by reconciliation). ``data`` holds
    the fields received without signatures, cut to a bounded size, so a forged
    call is kept for inspection without filling the database.
    """

    id = Serial(primary_key=True)

    gateway = Varchar(length=16, index=True)
    kind = Varchar(length=16)
    txn_ref = Varchar(length=64, null=True, default=None, index=True)
    order_id = Integer(null=True, default=None, index=True)
    outcome_code = Varchar(length=8)
    outcome = Varchar(length=32)
    received_at = Timestamptz(index=True)
    data = JSON(default="{}")


class Refund(Table, tablename="payments_refund"):
    """Money given back for a paid order, asked of the gateway or handled by hand.

    ``status`` is ``requested`` (being sent), ``accepted`` (the gateway took it),
    ``refused`` (the gateway declined), ``failed`` (no answer) or ``manual`` (the
    gateway has no refund interface; staff refund through its back office).
    """

    id = Serial(primary_key=True)

    order = ForeignKey(references=PaymentOrder, index=True)
    amount = BigInt()
    reason = Text()
    status = Varchar(length=16, default="requested", index=True)
    request_id = Varchar(length=64, unique=True)
    gateway_reference = Varchar(length=64, null=True, default=None)
    response_code = Varchar(length=8, null=True, default=None)
    requested_by = Integer(null=True, default=None)
    requested_at = Timestamptz()
    answered_at = _when()


class SandboxTransaction(Table, tablename="payments_sandbox_transaction"):
    """What a built-in sandbox gateway did with one payment request.

    The sandbox answers status queries from this ledger only, as a real gateway
    answers from its own books, so reconciliation can be tested against it.
    ``status`` is ``open``, ``paid``, ``cancelled``, ``failed`` or ``refunded``.
    """

    id = Serial(primary_key=True)

    gateway = Varchar(length=16)
    merchant_ref = Varchar(length=64, index=True)
    transaction_no = Varchar(length=32, unique=True)
    amount = BigInt()
    currency = Varchar(length=3, default="VND")
    status = Varchar(length=16, default="open")
    response_code = Varchar(length=8, null=True, default=None)
    request = JSON(default="{}")
    created_at = Timestamptz()
    expires_at = _when()
    finished_at = _when()
    refunded_amount = BigInt(default=0)
    deliveries = Integer(default=0)
    delivered_code = Varchar(length=8, null=True, default=None)
