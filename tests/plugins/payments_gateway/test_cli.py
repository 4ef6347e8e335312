"""The ``motcua payments`` commands, run as an operator runs them.

The reconcile command is run against a live server in ``test_end_to_end``; here
the commands are checked for what they list and what they refuse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from core.cli import run
from plugins.payments_gateway.orders import OrderRecord, create_order
from plugins.payments_gateway.tables import PaymentOrder
from tests.conftest import unique


@pytest.fixture
def motcua(
    pay_config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> click.Group:
    """The ``motcua`` command with the plugins' commands, on the paying province."""
    from core.app import default_plugins
    from core.cli import cli

    monkeypatch.setenv("MOTCUA_CONFIG_DIR", str(pay_config))
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_MODE", "demo")
    default_plugins().hook.motcua_register_commands(cli=cli)
    return cli


def order_with(status: str) -> OrderRecord:
    """An order of a made-up dossier, in ``status``."""

    async def make() -> OrderRecord:
        order = await create_order(
            dossier_id=0,
            dossier_code=unique("CLI-"),
            gateway="vnpay",
            amount=123_000,
            account_id=None,
            expire_minutes=15,
            now=dt.datetime.now(dt.UTC),
        )
        await PaymentOrder.update({PaymentOrder.status: status}).where(
            PaymentOrder.id == order.id
        )
        return order

    return run(make())


def invoke(motcua: click.Group, *arguments: str) -> Any:
    return CliRunner().invoke(motcua, list(arguments), catch_exceptions=False)


def test_the_payments_commands_are_registered(motcua: click.Group) -> None:
    result = invoke(motcua, "payments", "--help")

    assert result.exit_code == 0
    for command in ("reconcile", "list", "refund"):
        assert command in result.output


def test_list_shows_orders_of_the_status_asked(motcua: click.Group) -> None:
    paid = order_with("paid")
    failed = order_with("failed")

    result = invoke(motcua, "payments", "list", "--status", "paid", "--limit", "1000")

    assert result.exit_code == 0
    assert paid.txn_ref in result.output
    assert paid.dossier_code in result.output
    assert "123,000" in result.output
    assert failed.txn_ref not in result.output


def test_list_flags_paid_orders_nobody_expected(motcua: click.Group) -> None:
    paid = order_with("paid")
    run(
        PaymentOrder.update({PaymentOrder.problem: "not_owed"}).where(
            PaymentOrder.id == paid.id
        )
    )

    result = invoke(motcua, "payments", "list", "--status", "paid", "--limit", "1000")

    line = next(row for row in result.output.splitlines() if paid.txn_ref in row)
    assert "[not_owed]" in line


def test_refunding_an_unknown_order_is_refused(motcua: click.Group) -> None:
    result = invoke(
        motcua, "payments", "refund", "MCNOSUCHORDER", "--reason", "Nhầm lẫn"
    )

    assert result.exit_code == 1
    assert "There is no payment order MCNOSUCHORDER" in result.output


def test_refunding_an_unpaid_order_is_refused(motcua: click.Group) -> None:
    pending = order_with("pending")

    result = invoke(
        motcua, "payments", "refund", pending.txn_ref, "--reason", "Nhầm lẫn"
    )

    assert result.exit_code == 1
    assert "Only a paid order can be refunded" in result.output


def test_refunding_needs_a_reason(motcua: click.Group) -> None:
    paid = order_with("paid")

    result = invoke(motcua, "payments", "refund", paid.txn_ref)

    assert result.exit_code == 2
    assert "--reason" in result.output
