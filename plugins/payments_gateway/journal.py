"""The journal of gateway calls: every callback, return and status query kept.

Each call is stored whether or not it was accepted, with the answer given, so
staff can see what a gateway said and when. Signatures are left out and the
fields are bounded in number and length, so a forged call flooding the endpoint
cannot fill the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from plugins.payments_gateway.orders import OrderRecord
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.tables import CallbackLog, PaymentOrder

__all__ = ["clean_fields", "log_callback"]

_SIGNATURE_FIELDS = frozenset({"vnp_SecureHash", "vnp_SecureHashType", "checksum"})
_MAX_FIELDS = 40
_MAX_VALUE = 256


def clean_fields(data: Mapping[str, Any]) -> dict[str, str]:
    """Fields worth keeping from a call: no signature, bounded in size."""
    kept: dict[str, str] = {}
    for key, value in data.items():
        if key in _SIGNATURE_FIELDS or len(kept) >= _MAX_FIELDS:
            continue
        kept[str(key)[:64]] = ("" if value is None else str(value))[:_MAX_VALUE]
    return kept


async def log_callback(
    rt: Runtime,
    *,
    gateway: str,
    kind: str,
    txn_ref: str | None,
    order: OrderRecord | None,
    code: str,
    outcome: str,
    data: Mapping[str, Any],
) -> None:
    """Keep one call from a gateway, and count it on its order.

    Args:
        rt: the application.
        gateway: ``vnpay`` or ``paygov``.
        kind: ``ipn``, ``confirm``, ``return`` or ``query``.
        txn_ref: the order reference the call names, once trusted.
        order: the order, when found.
        code: the answer given (or the gateway's code, for returns and queries).
        outcome: what it meant, in a word.
        data: the fields received.
    """
    await CallbackLog.insert(
        CallbackLog(
            gateway=gateway,
            kind=kind,
            txn_ref=txn_ref[:64] if txn_ref else None,
            order_id=order.id if order else None,
            outcome_code=code[:8],
            outcome=outcome[:32],
            received_at=rt.clock(),
            data=msgspec.json.encode(clean_fields(data)).decode(),
        )
    )
    if order is not None:
        await PaymentOrder.update(
            {PaymentOrder.attempts: PaymentOrder.attempts + 1}
        ).where(PaymentOrder.id == order.id)
