"""Built-in sandbox gateways: VNPay and PayGov stand-ins served by Motcua itself.

They let a whole online payment run on one machine, for demonstrations,
development and tests, exactly as it would against the real gateways: the
sandbox checks the signed payment request, shows a payment page with Pay, Cancel
and Fail buttons, sends the payer back with signed results, calls Motcua's
callback endpoint over real HTTP with bounded retries, and answers status
queries (and VNPay refunds) from its own ledger. The routes exist only when
``settings.sandbox_gateways`` is set and never in production mode; elsewhere
they answer 404 like any unknown address.
"""

from __future__ import annotations

from typing import Any

from litestar import Router
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler

__all__ = ["routes", "sandbox_only"]


def sandbox_only(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """Hide the sandbox unless the application runs it (guard).

    Raises:
        NotFoundException: the sandbox is off, or the mode is production.
    """
    settings = connection.app.state.ctx.settings
    if not settings.sandbox_gateways or settings.mode == "production":
        raise NotFoundException()


def routes() -> list[Router]:
    """The sandbox gateways' routes, each behind :func:`sandbox_only`."""
    from plugins.payments_gateway.sandbox import paygov, vnpay

    return [
        Router(
            path="/sandbox",
            route_handlers=[*vnpay.HANDLERS, *paygov.HANDLERS],
            guards=[sandbox_only],
            include_in_schema=False,
        )
    ]
