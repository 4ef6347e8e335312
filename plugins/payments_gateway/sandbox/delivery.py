"""Calling Motcua back over HTTP, as a gateway does, with bounded retries.

Real gateways call the merchant's callback again when it does not answer, or
answers that it failed (code 99). The sandbox does the same a few times with a
growing pause, then gives up; reconciliation settles what was never delivered.
Calls only ever go to Motcua's own ``base_url``.
"""

from __future__ import annotations

from asyncio import sleep
from collections.abc import Awaitable, Callable, Sequence

import httpx
import msgspec
import structlog

from plugins.payments_gateway.protocols import paygov
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.sandbox import ledger

__all__ = ["RETRY_CODES", "RETRY_DELAYS", "deliver_confirm", "deliver_ipn"]

log = structlog.get_logger(__name__)

RETRY_DELAYS: Sequence[float] = (0.5, 1.0, 2.0, 4.0)
"""Pauses, in seconds, before each new attempt: five attempts in all."""

RETRY_CODES = frozenset({"99"})
"""Answers after which a gateway tries again (the merchant's own failure)."""

Attempt = Callable[[httpx.AsyncClient], Awaitable[str | None]]


async def _deliver(
    rt: Runtime, record_id: int, kind: str, attempt: Attempt
) -> str | None:
    """Run ``attempt`` until it gets a final answer or the retries run out."""
    code: str | None = None
    delays = [0.0, *RETRY_DELAYS]
    async with rt.client() as client:
        for number, pause in enumerate(delays, start=1):
            if pause:
                await sleep(pause)
            try:
                code = await attempt(client)
            except httpx.HTTPError as exc:
                log.warning(
                    "sandbox_callback_failure",
                    kind=kind,
                    attempt=number,
                    error=type(exc).__name__,
                )
                code = None
            await ledger.record_delivery(record_id, code)
            if code is not None and code not in RETRY_CODES:
                log.info(
                    "sandbox_callback_delivered", kind=kind, attempt=number, code=code
                )
                return code
    log.warning("sandbox_callback_abandoned", kind=kind, attempts=len(delays))
    return code


async def deliver_ipn(
    rt: Runtime, record_id: int, params: dict[str, str]
) -> str | None:
    """Call Motcua's VNPay IPN endpoint with signed parameters.

    Args:
        rt: the application (its ``base_url`` and HTTP transport).
        record_id: the sandbox transaction the call is about.
        params: the signed IPN parameters.

    Returns:
        The last ``RspCode`` received, or ``None`` if none was.
    """
    url = f"{rt.settings.base_url}/payments/vnpay/ipn"

    async def attempt(client: httpx.AsyncClient) -> str | None:
        response = await client.get(url, params=params, timeout=10.0)
        if response.status_code != httpx.codes.OK:
            return None
        try:
            body = msgspec.json.decode(response.content, type=dict[str, str])
        except msgspec.MsgspecError:
            return None
        return body.get("RspCode")

    return await _deliver(rt, record_id, "vnpay_ipn", attempt)


async def deliver_confirm(
    rt: Runtime, record_id: int, notify_url: str, message: paygov.ConfirmMessage
) -> str | None:
    """POST a signed CONFIRM to the notify URL the INIT named.

    Args:
        rt: the application.
        record_id: the sandbox transaction the call is about.
        notify_url: where to send it; refused unless it is under ``base_url``.
        message: the signed CONFIRM.

    Returns:
        The ``responseCode`` of a correctly signed CONFIRM_RESULT, or ``None``.
    """
    partner = rt.credentials.paygov
    if partner is None or not notify_url.startswith(f"{rt.settings.base_url}/"):
        log.warning("sandbox_callback_refused", kind="paygov_confirm")
        return None
    body = msgspec.json.encode(message)

    async def attempt(client: httpx.AsyncClient) -> str | None:
        response = await client.post(
            notify_url,
            content=body,
            headers={"content-type": "application/json"},
            timeout=10.0,
        )
        if response.status_code != httpx.codes.OK:
            return None
        try:
            reply = paygov.decode_message(response.content, paygov.ConfirmResultMessage)
        except msgspec.MsgspecError:
            return None
        if not paygov.verify_message(reply, partner.secret):
            return None
        return reply.response_code

    return await _deliver(rt, record_id, "paygov_confirm", attempt)
