"""A whole online payment over real HTTP, against Motcua served by uvicorn.

The application runs in its own process on a free localhost port, with the
sandbox gateways and a province whose judicial record procedure charges one fee.
A citizen's dossier is put in status 6; the citizen signs in, follows the redirect
chain to the sandbox, presses Pay; the sandbox calls the IPN endpoint over HTTP.
Exactly one payment and one receipt result, numbered next in the fee series.
Reconciliation is then run as the ``motcua payments reconcile`` command against
the same server. The server is stopped by its process id at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.dossiers.queries import load
from core.dossiers.service import DossierService
from core.dossiers.statuses import Status
from core.dossiers.storage import LocalStorage
from plugins.payments_gateway.orders import (
    OrderRecord,
    create_order,
    find_order,
    orders_of_dossier,
)
from plugins.payments_gateway.protocols._common import format_timestamp
from plugins.payments_gateway.sandbox import ledger
from plugins.payments_gateway.tables import CallbackLog
from tests.plugins.payments_gateway.conftest import (
    FEES_SECTION,
    awaiting_payment,
    make_citizen,
    payments_of,
    receipts_of,
    write_province,
)

REPO = Path(__file__).resolve().parents[3]
FEE_ONLY = FEES_SECTION | {"items": FEES_SECTION["items"][:1]}
FEE = FEE_ONLY["items"][0]["amount"]
ACTION = re.compile(r'<form method="post" action="(/sandbox/[^"]+)"')
WAIT_STEPS = 300
"""Polls of 0.1 s: the server starts and the IPN arrives well within 30 s."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """Motcua served by uvicorn in a child process."""

    def __init__(self, config: Path, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MOTCUA_VNPAY_", "MOTCUA_PAYGOV_"))
        }
        self.env = env | {
            "MOTCUA_MODE": "demo",
            "MOTCUA_CONFIG_DIR": str(config),
            "MOTCUA_DATA_DIR": str(data_dir),
            "MOTCUA_BASE_URL": self.url,
            "MOTCUA_SECRET_KEY": "end-to-end-secret-key-long-enough-0123",
            "MOTCUA_LOG_LEVEL": "warning",
            "PICCOLO_CONF": "core.piccolo_conf",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "uvicorn", "core.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=subprocess.DEVNULL
        )

    async def wait_ready(self) -> None:
        async with httpx.AsyncClient(base_url=self.url) as client:
            for _ in range(WAIT_STEPS):
                assert self.process is not None
                assert self.process.poll() is None, "the server stopped while starting"
                try:
                    if (await client.get("/login")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("the server did not start")

    def stop(self) -> int:
        """Stop the server by its process id; return that id."""
        assert self.process is not None
        pid = self.process.pid
        os.kill(pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        return pid


@pytest.fixture(scope="module")
def e2e_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_province(tmp_path_factory.mktemp("e2e") / "province", fees=FEE_ONLY)


@pytest.fixture(scope="module")
def e2e_catalogue(e2e_config: Path, plugins: Any) -> Any:
    from core.catalogue.loader import load_catalogue

    return load_catalogue(e2e_config, plugins)


@pytest.fixture(scope="module")
def server(
    e2e_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    running = Server(e2e_config, tmp_path_factory.mktemp("e2e-data"))
    running.start()
    try:
        yield running
    finally:
        if running.process is not None and running.process.poll() is None:
            running.stop()


@pytest.fixture
async def live(server: Server) -> Server:
    await server.wait_ready()
    return server


@pytest.fixture
def e2e_service(e2e_catalogue: Any, plugins: Any, tmp_path: Path) -> DossierService:
    return DossierService(e2e_catalogue, plugins, LocalStorage(tmp_path / "files"))


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    await client.get("/login")
    signed = await client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "_csrf_token": client.cookies.get("motcua_csrf", ""),
        },
    )
    assert signed.status_code in (302, 303), signed.text[:300]


async def highest_fee_number(unit_id: str) -> int:
    """The highest number on a fee receipt of the unit's active series, or 0."""
    from plugins.fees.tables import Receipt, ReceiptSeries

    series = await ReceiptSeries.select(ReceiptSeries.id).where(
        (ReceiptSeries.collecting_unit_id == unit_id)
        & (ReceiptSeries.kind == "fee")
        & (ReceiptSeries.active == True)  # noqa: E712 - a SQL comparison
    )
    if not series:
        return 0
    rows = await Receipt.select(Receipt.number).where(Receipt.series == series[0]["id"])
    return max((row["number"] for row in rows), default=0)


async def wait_for_ipn(order: OrderRecord) -> list[str]:
    for _ in range(WAIT_STEPS):
        rows = await CallbackLog.select(CallbackLog.outcome_code).where(
            (CallbackLog.order_id == order.id) & (CallbackLog.kind == "ipn")
        )
        if rows:
            return [row["outcome_code"] for row in rows]
        await asyncio.sleep(0.1)
    raise AssertionError("the sandbox never called the IPN endpoint")


async def test_a_citizen_pays_through_the_sandbox_over_real_http(
    live: Server, e2e_service: DossierService, e2e_catalogue: Any
) -> None:
    citizen = await make_citizen(e2e_catalogue)
    dossier = await awaiting_payment(e2e_service, citizen, e2e_catalogue)
    before = await highest_fee_number("stp")

    async with httpx.AsyncClient(base_url=live.url, timeout=30) as browser:
        await sign_in(browser, citizen.username, citizen.password)
        chosen = await browser.get(f"/payments/dossiers/{dossier.id}/pay")
        assert chosen.status_code == 200
        started = await browser.post(
            f"/payments/dossiers/{dossier.id}/pay",
            data={
                "gateway": "vnpay",
                "_csrf_token": browser.cookies.get("motcua_csrf", ""),
            },
        )
        assert started.status_code == 303
        gateway_url = started.headers["location"]
        assert gateway_url.startswith(f"{live.url}/sandbox/vnpay/pay?")
        gateway_page = await browser.get(gateway_url)
        assert gateway_page.status_code == 200
        action = ACTION.search(gateway_page.text)
        assert action is not None
        paid = await browser.post(
            action.group(1),
            data={
                "action": "pay",
                "_csrf_token": browser.cookies.get("motcua_csrf", ""),
            },
        )
        assert paid.status_code == 303
        return_url = paid.headers["location"]
        assert return_url.startswith(f"{live.url}/payments/vnpay/return?")

        [order] = await orders_of_dossier(dossier.id)
        assert await wait_for_ipn(order) == ["00"]
        result = await browser.get(return_url)

    assert "Đã nhận được khoản thanh toán" in result.text
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.status == "paid"
    record = await ledger.by_merchant_ref("vnpay", order.txn_ref)
    assert record is not None
    assert (record.delivered_code, record.deliveries) == ("00", 1)
    assert [p["amount"] for p in await payments_of(dossier.id)] == [FEE]
    [receipt] = await receipts_of(dossier.id)
    assert (receipt.kind, receipt.amount, receipt.method) == ("fee", FEE, "online")
    assert receipt.number == before + 1
    moved = await load(dossier.id)
    assert moved is not None
    assert (moved.status, moved.payment_status) == (Status.PROCESSING, "paid")


async def test_the_reconcile_command_settles_a_payment_whose_ipn_was_lost(
    live: Server, e2e_service: DossierService, e2e_catalogue: Any
) -> None:
    citizen = await make_citizen(e2e_catalogue)
    dossier = await awaiting_payment(e2e_service, citizen, e2e_catalogue)
    order = await create_order(
        dossier_id=dossier.id,
        dossier_code=dossier.code,
        gateway="vnpay",
        amount=FEE,
        account_id=dossier.account_id,
        expire_minutes=15,
        now=dt.datetime.now(dt.UTC),
    )
    booked = await ledger.open_transaction(
        gateway="vnpay",
        merchant_ref=order.txn_ref,
        amount=FEE,
        request={"vnp_CreateDate": format_timestamp(order.created_at)},
        now=order.created_at,
        expires_at=order.expires_at,
    )
    assert await ledger.finish(booked, "paid", "00", order.created_at)

    command = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from core.cli import main; main()",
        "payments", "reconcile", "--delay-minutes", "0",
        cwd=REPO, env=live.env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await command.communicate()

    assert command.returncode == 0, (out + err).decode()
    assert "paid" in out.decode()
    settled = await find_order(order.txn_ref)
    assert settled is not None
    assert settled.status == "paid"
    assert len(await receipts_of(dossier.id)) == 1
    kinds = await CallbackLog.select(CallbackLog.kind).where(
        CallbackLog.order_id == order.id
    )
    assert [row["kind"] for row in kinds] == ["query"]


def test_the_server_is_stopped_by_its_process_id(server: Server) -> None:
    assert server.process is not None
    pid = server.stop()

    assert server.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
