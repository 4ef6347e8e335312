"""The ``motcua payments`` commands: reconcile, list and refund orders.

``motcua payments reconcile`` is meant to be scheduled (every few minutes): it
settles orders whose callbacks never came and expires abandoned ones. It talks
to the gateways configured in the environment, exactly as the server does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

__all__ = ["register"]


def _runtime() -> Any:
    from core.app import default_plugins
    from core.catalogue.errors import ConfigInvalid
    from core.catalogue.loader import load_catalogue
    from core.settings import Settings
    from plugins.payments_gateway.credentials import CredentialsError
    from plugins.payments_gateway.runtime import Runtime

    try:
        settings = Settings.from_env()
        plugins = default_plugins()
        catalogue = load_catalogue(settings.config_dir, plugins)
        return Runtime.build(settings, catalogue, plugins)
    except ConfigInvalid as exc:
        raise click.ClickException(exc.render()) from exc
    except (ValueError, CredentialsError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("payments")
def payments() -> None:
    """Online payments through gateways."""


@payments.command("reconcile")
@click.option(
    "--delay-minutes",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    help="Query orders left pending at least this long.",
)
def reconcile_command(delay_minutes: int) -> None:
    """Query the gateways about pending orders and settle them.

    Exits with status 1 when a gateway could not be asked, so a scheduler
    reports the run.
    """
    from core.cli import run
    from plugins.payments_gateway.reconcile import reconcile

    rt = _runtime()
    report = run(reconcile(rt, delay=dt.timedelta(minutes=delay_minutes)))
    click.echo(
        f"Checked {report.checked} pending order(s): {report.paid} paid, "
        f"{report.failed} failed, {report.expired} expired, "
        f"{report.still_open} still open, {report.mismatched} with another amount, "
        f"{report.errors} unanswered."
    )
    if report.dossiers_confirmed:
        click.echo(f"Told {report.dossiers_confirmed} dossier(s) they are paid.")
    if report.mismatched:
        click.echo("Orders answered with another amount stay pending for staff.")
    if report.errors:
        raise SystemExit(1)


@payments.command("list")
@click.option(
    "--status",
    type=click.Choice(
        ["pending", "paid", "failed", "cancelled", "expired", "refunded"]
    ),
    help="Only orders with this status.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
def list_command(status: str | None, limit: int) -> None:
    """List payment orders, newest first."""
    from core.cli import run
    from plugins.payments_gateway.orders import record_of
    from plugins.payments_gateway.tables import PaymentOrder

    async def fetch() -> list[Any]:
        query = PaymentOrder.select().order_by(PaymentOrder.id, ascending=False)
        if status:
            query = query.where(PaymentOrder.status == status)
        return [record_of(row) for row in await query.limit(limit)]

    for order in run(fetch()):
        flag = f"  [{order.problem}]" if order.problem else ""
        click.echo(
            f"{order.id:>6}  {order.txn_ref}  {order.gateway:<6}  {order.status:<9}  "
            f"{order.amount:>12,}  {order.dossier_code}{flag}"
        )


@payments.command("refund")
@click.argument("txn_ref")
@click.option(
    "--amount", type=click.IntRange(min=1), help="In dong; the whole order by default."
)
@click.option("--reason", required=True, help="Why the money is given back.")
def refund_command(txn_ref: str, amount: int | None, reason: str) -> None:
    """Refund a paid order (VNPay through its API; PayGov recorded for staff)."""
    from core.cli import SYSTEM, run
    from core.errors import UserError
    from plugins.payments_gateway.orders import find_order
    from plugins.payments_gateway.refunds import request_refund

    rt = _runtime()
    order = run(find_order(txn_ref))
    if order is None:
        raise click.ClickException(f"There is no payment order {txn_ref}.")
    try:
        refund = run(
            request_refund(
                rt,
                order.id,
                amount=amount or order.amount,
                reason=reason,
                actor=SYSTEM,
                actor_name="command line",
            )
        )
    except UserError as exc:
        raise click.ClickException(exc.en) from exc
    click.echo(
        f"Refund {refund.request_id} of {refund.amount:,} dong: {refund.status}."
    )
    if refund.status in ("refused", "failed"):
        raise SystemExit(1)


def register(cli: click.Group) -> None:
    """Add the ``payments`` group to the ``motcua`` command."""
    cli.add_command(payments)
