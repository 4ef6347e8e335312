"""Fixtures of the payments gateway tests: a province whose dossiers are paid online.

The demo province ships without fees or online payment, so the tests copy it and
give the judicial record procedure a fee and a charge (230 000 đồng in all) and the
``payments_gateway`` section. Dossiers are filed online by a fresh citizen account
through the real dossier service and put in status 6 by a receiving officer. The
application routes its own outgoing gateway calls back into itself in-process, so
the sandbox gateways answer queries and deliver callbacks without a network.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import structlog
import yaml

from core.catalogue.catalogue import Catalogue
from core.dossiers.records import DossierRecord
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.storage import LocalStorage
from core.events import Applicant, FilingDraft
from core.permissions import Actor
from plugins.payments_gateway.credentials import (
    DEV_ONLY_PAYGOV_SECRET,
    DEV_ONLY_VNPAY_SECRET,
    load_credentials,
)
from plugins.payments_gateway.orders import OrderRecord, create_order
from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.runtime import TRANSPORT_STATE_KEY, Runtime
from plugins.payments_gateway.sandbox import delivery
from tests.conftest import unique

DEMO = Path(__file__).resolve().parents[3] / "config" / "demo"
BASE_URL = "http://testserver.local"
JUDICIAL = "2.000488.H99"
JUDICIAL_FILE = "ly-lich-tu-phap.yaml"
FEE = 200_000
CHARGE = 30_000
OWED = FEE + CHARGE
VNPAY_SECRET = DEV_ONLY_VNPAY_SECRET
PAYGOV_SECRET = DEV_ONLY_PAYGOV_SECRET

FEES_SECTION: dict[str, Any] = {
    "rule_version": dt.date(2026, 1, 1),
    "legal_basis": ["Thông tư số 244/2016/TT-BTC"],
    "collecting_unit": "stp",
    "items": [
        {
            "code": "phi-lltp",
            "name": {"vi": "Phí cung cấp thông tin lý lịch tư pháp", "en": "Fee"},
            "kind": "fee",
            "amount": FEE,
        },
        {
            "code": "le-phi-lltp",
            "name": {"vi": "Lệ phí cấp Phiếu lý lịch tư pháp", "en": "Charge"},
            "kind": "charge",
            "amount": CHARGE,
        },
    ],
}
PAYMENTS_SECTION: dict[str, Any] = {
    "gateways": ["vnpay", "paygov"],
    "expire_minutes": 15,
}
FEES_SETTINGS = """\
template_symbol: 01BLP0-001
series_format: "{prefix}-{yy}E"
collectors:
  - unit: stp
    name: Sở Tư pháp tỉnh Demo
    tax_code: "0100109106"
    address: 12 Trần Phú, phường 1
"""

_ids = itertools.count(800_000)


@pytest.fixture(autouse=True)
def _every_log_level() -> Iterator[None]:
    """Let ``capture_logs`` see info events whatever ``MOTCUA_LOG_LEVEL`` says."""
    previous = structlog.get_config()["wrapper_class"]
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG)
    )
    yield
    structlog.configure(wrapper_class=previous)


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sandbox callbacks retry without pausing in in-process tests."""
    monkeypatch.setattr(delivery, "RETRY_DELAYS", (0.0, 0.0))


def write_province(
    folder: Path,
    payments: dict[str, Any] | None = PAYMENTS_SECTION,
    fees: dict[str, Any] = FEES_SECTION,
) -> Path:
    """Copy the demo province into ``folder`` with fees and online payment."""
    shutil.copytree(DEMO, folder)
    path = folder / "procedures" / JUDICIAL_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plugins"] = {"fees": fees}
    if payments is not None:
        data["plugins"]["payments_gateway"] = payments
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "plugins").mkdir(exist_ok=True)
    (folder / "plugins" / "fees.yaml").write_text(FEES_SETTINGS, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def pay_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo province with the judicial record procedure paid online."""
    return write_province(tmp_path_factory.mktemp("pay-province") / "province")


@pytest.fixture(scope="session")
def pay_catalogue(pay_config: Path, plugins: Any) -> Catalogue:
    from core.catalogue.loader import load_catalogue

    return load_catalogue(pay_config, plugins)


def make_settings(config: Path, data_dir: Path, **env: str) -> Any:
    """Settings of a test application on ``config``."""
    import os

    from core.settings import Settings

    values = {
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_CONFIG_DIR": str(config),
        "MOTCUA_MODE": "demo",
        "MOTCUA_SECRET_KEY": "test-secret-key-that-is-long-enough-0123",
        "MOTCUA_BASE_URL": BASE_URL,
    }
    return Settings.from_env(values | env)


@pytest.fixture
def pay_settings(pay_config: Path, tmp_path: Path) -> Any:
    return make_settings(pay_config, tmp_path)


@pytest.fixture
def service(pay_catalogue: Catalogue, plugins: Any, tmp_path: Path) -> DossierService:
    return DossierService(pay_catalogue, plugins, LocalStorage(tmp_path / "files"))


@pytest.fixture
def pay_app(
    pay_settings: Any,
    plugins: Any,
    pay_catalogue: Catalogue,
    service: DossierService,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """The application on the paying province, calling itself for gateway calls."""
    from core.app import create_app
    from plugins.fees import runtime
    from plugins.fees.settings import load_settings

    for name in list(__import__("os").environ):
        if name.startswith(("MOTCUA_VNPAY_", "MOTCUA_PAYGOV_")):
            monkeypatch.delenv(name)
    app = create_app(pay_settings, plugins=plugins, catalogue=pay_catalogue)
    app.state["dossier_service"] = service
    app.state[TRANSPORT_STATE_KEY] = httpx.ASGITransport(app=app)
    runtime.configure(
        catalogue=pay_catalogue,
        settings=load_settings(pay_catalogue.config_dir, pay_catalogue.units),
        plugins=plugins,
        dossier_service=service,
    )
    return app


@contextlib.asynccontextmanager
async def in_process(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``app``'s lifespan and talk to it, all in the running event loop.

    Litestar's test client runs the lifespan in a thread of its own; on
    PostgreSQL the connection pool it starts there must not serve queries made
    from the test's loop, so the tests drive the ASGI lifespan themselves.
    """
    inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    phases: dict[str, asyncio.Future[None]] = {
        name: asyncio.get_running_loop().create_future()
        for name in ("startup", "shutdown")
    }

    async def send(message: dict[str, Any]) -> None:
        phase, _, outcome = message["type"].removeprefix("lifespan.").partition(".")
        if outcome == "complete":
            phases[phase].set_result(None)
        else:
            phases[phase].set_exception(RuntimeError(message.get("message", "")))

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    running = asyncio.create_task(app(scope, inbox.get, send))
    await inbox.put({"type": "lifespan.startup"})
    await phases["startup"]
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await phases["shutdown"]
        await running


@pytest.fixture
async def pay_client(pay_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the paying application (its lifespan run)."""
    async with in_process(pay_app) as client:
        yield client


@pytest.fixture
def rt(pay_app: Any, pay_client: Any) -> Runtime:
    """The payment services' view of the test application."""
    ctx = pay_app.state.ctx
    return Runtime(
        settings=ctx.settings,
        catalogue=ctx.catalogue,
        plugins=ctx.plugins,
        credentials=load_credentials(ctx.settings, {}),
        transport=pay_app.state[TRANSPORT_STATE_KEY],
        dossier_service=pay_app.state["dossier_service"],
    )


def staff(catalogue: Catalogue, unit_id: str, *roles: str) -> Actor:
    """A member of staff of ``unit_id`` holding ``roles`` (no account row needed)."""
    return Actor(
        account_id=next(_ids),
        kind="staff",
        unit_id=unit_id,
        unit_path=catalogue.unit_path(unit_id),
        roles=frozenset(roles),
        permissions=catalogue.permissions_of(roles),
    )


class Citizen:
    """A citizen account that can sign in over HTTP and file online."""

    def __init__(self, username: str, password: str, actor: Actor) -> None:
        self.username = username
        self.password = password
        self.actor = actor


@pytest.fixture
async def citizen(pay_catalogue: Catalogue, pay_client: Any) -> Citizen:
    """A fresh citizen account."""
    return await make_citizen(pay_catalogue)


async def make_citizen(catalogue: Catalogue) -> Citizen:
    from core.accounts.service import NewAccount, actor_for, create_account
    from core.cli import SYSTEM

    username = unique("cd")
    password = "a-long-enough-password-1"
    account_id = await create_account(
        NewAccount(
            username=username,
            password=password,
            full_name="Nguyễn Thị Hoa",
            kind="citizen",
            roles=["citizen"],
        ),
        actor=SYSTEM,
        catalogue=catalogue,
    )
    actor = await actor_for(account_id, catalogue)
    assert actor is not None
    return Citizen(username, password, actor)


async def awaiting_payment(
    service: DossierService, citizen: Citizen, catalogue: Catalogue
) -> DossierRecord:
    """A judicial record dossier filed online by ``citizen``, awaiting payment."""
    draft = FilingDraft(
        procedure_code=JUDICIAL,
        procedure_version=0,
        case_code="thong-thuong",
        channel="online",
        unit_id="stp",
        applicant=Applicant(
            kind="citizen",
            name="Nguyễn Thị Hoa",
            identifier_kind="cccd",
            identifier="001199012345",
            address="5 Lê Lợi, phường 1",
        ),
    )
    record = await service.file_dossier(draft, citizen.actor)
    officer = staff(catalogue, "ttpvhcc", "receiving_officer")
    record = await service.act(
        record.id, "receive", ActionInput(), officer, record.version
    )
    return await service.act(
        record.id, "request_payment", ActionInput(), officer, record.version
    )


@pytest.fixture
async def dossier(
    service: DossierService, citizen: Citizen, pay_catalogue: Catalogue
) -> DossierRecord:
    """A dossier of ``citizen`` awaiting 230 000 đồng."""
    return await awaiting_payment(service, citizen, pay_catalogue)


async def new_order(
    rt: Runtime,
    dossier: DossierRecord,
    gateway: str = "vnpay",
    *,
    amount: int = OWED,
    minutes: int = 15,
    now: dt.datetime | None = None,
) -> OrderRecord:
    """A pending order for ``dossier``, made directly (no gateway involved)."""
    return await create_order(
        dossier_id=dossier.id,
        dossier_code=dossier.code,
        gateway=gateway,
        amount=amount,
        account_id=dossier.account_id,
        expire_minutes=minutes,
        now=now or rt.clock(),
    )


def vnpay_result(
    order: OrderRecord,
    *,
    amount: int | None = None,
    response_code: str = "00",
    transaction_no: str = "14268811",
) -> dict[str, str]:
    """The signed IPN parameters VNPay sends for ``order``."""
    result = vnpay.GatewayResult(
        txn_ref=order.txn_ref,
        amount_vnd=order.amount if amount is None else amount,
        order_info=f"Thanh toan phi le phi ho so {order.dossier_code}",
        response_code=response_code,
        transaction_status="00" if response_code == "00" else "02",
        transaction_no=transaction_no,
        bank_code="NCB",
        bank_tran_no=f"VNP{transaction_no}",
        card_type="ATM",
        pay_date=order.created_at + dt.timedelta(minutes=2),
    )
    return vnpay.build_ipn_params(result, tmn_code="MOTCUASB", secret=VNPAY_SECRET)


def paygov_confirm(
    order: OrderRecord,
    *,
    amount: int | None = None,
    currency: str = "VND",
    status_code: str = "00",
    paid_time: dt.datetime | None = None,
    secret: str = PAYGOV_SECRET,
) -> paygov.ConfirmMessage:
    """A signed CONFIRM the platform sends for ``order``."""
    from plugins.payments_gateway.protocols._common import format_timestamp

    message = paygov.ConfirmMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id=order.txn_ref,
        transaction_id="PG778899",
        amount=order.amount if amount is None else amount,
        currency=currency,
        status_code=status_code,
        paid_time=format_timestamp(
            paid_time or order.created_at + dt.timedelta(minutes=2)
        ),
    )
    return paygov.with_checksum(message, secret)


def query_of(url: str) -> dict[str, str]:
    """The decoded query parameters of ``url``."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


async def receipts_of(dossier_id: int) -> list[Any]:
    """The receipts the fees plugin issued for a dossier."""
    from plugins.fees.receipts import receipts_of_dossier

    return await receipts_of_dossier(dossier_id)


async def payments_of(dossier_id: int) -> list[dict[str, Any]]:
    """The fees plugin's payment rows of a dossier."""
    from plugins.fees.tables import Payment

    return await Payment.select().where(Payment.dossier_id == dossier_id)
