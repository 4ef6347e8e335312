"""Building the signed requests Motcua sends the PayGov platform (INIT, QUERY)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .._common import format_timestamp
from ._messages import BeneficiaryAccount, FeeLine, InitMessage, Payer, QueryMessage
from ._signing import with_checksum
from .spec import CURRENCY

__all__ = ["build_init", "build_query"]


def _checked_total(fees: Sequence[FeeLine]) -> int:
    if not fees:
        raise ValueError("a payment request needs at least one fee line")
    if any(line.amount <= 0 for line in fees):
        raise ValueError("every fee line must have a positive amount")
    return sum(line.amount for line in fees)


def build_init(
    *,
    partner_code: str,
    secret: str,
    request_id: str,
    requested_at: datetime,
    dossier_code: str,
    procedure_code: str,
    unit_code: str,
    beneficiary: BeneficiaryAccount,
    payer: Payer,
    fees: Sequence[FeeLine],
    return_url: str,
    notify_url: str,
    expires_at: datetime | None = None,
) -> InitMessage:
    """Build a signed INIT asking the platform to open a payment.

    Args:
        partner_code: Motcua's partner code at the platform.
        secret: The partner's secret key.
        request_id: Identifier of the payment; CONFIRM and QUERY refer to it.
        requested_at: When the request is made (aware datetime).
        dossier_code: The dossier the fees belong to.
        procedure_code: The procedure's code in the national catalogue.
        unit_code: The receiving unit's code.
        beneficiary: The collecting unit's account.
        payer: Who pays.
        fees: The fee and charge lines; the total is their sum.
        return_url: Where the platform sends the payer back.
        notify_url: Where the platform sends CONFIRM.
        expires_at: When the payment window closes (aware datetime), if ever.

    Returns:
        The message, checksum included.

    Raises:
        ValueError: If there are no fee lines, a line is not positive, or a
            datetime is naive.
    """
    message = InitMessage(
        partner_code=partner_code,
        request_id=request_id,
        request_time=format_timestamp(requested_at),
        dossier_code=dossier_code,
        procedure_code=procedure_code,
        unit_code=unit_code,
        beneficiary_account=beneficiary,
        payer=payer,
        fees=list(fees),
        total_amount=_checked_total(fees),
        currency=CURRENCY,
        return_url=return_url,
        notify_url=notify_url,
        expire_time=format_timestamp(expires_at) if expires_at else None,
    )
    return with_checksum(message, secret)


def build_query(
    *,
    partner_code: str,
    secret: str,
    request_id: str,
    payment_request_id: str,
    requested_at: datetime,
) -> QueryMessage:
    """Build a signed QUERY for the status of a payment.

    Args:
        partner_code: Motcua's partner code at the platform.
        secret: The partner's secret key.
        request_id: Identifier of this query.
        payment_request_id: The INIT request id of the payment asked about.
        requested_at: When the query is made (aware datetime).

    Returns:
        The message, checksum included.
    """
    message = QueryMessage(
        partner_code=partner_code,
        request_id=request_id,
        payment_request_id=payment_request_id,
        request_time=format_timestamp(requested_at),
    )
    return with_checksum(message, secret)
