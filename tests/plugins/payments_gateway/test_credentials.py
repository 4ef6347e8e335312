"""Gateway credentials: from the environment only, sandbox defaults, never logged.

The secrets below are set in the environment, the whole payment runs (redirect,
sandbox, IPN, return, status query, refund, a forged callback) and every log
event, standard-library record and line written to standard error is searched
for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import msgspec
import pytest
import structlog
from structlog.testing import capture_logs

from plugins.payments_gateway.credentials import (
    DEV_ONLY_PAYGOV_SECRET,
    DEV_ONLY_VNPAY_SECRET,
    CredentialsError,
    load_credentials,
)
from plugins.payments_gateway.orders import orders_of_dossier
from plugins.payments_gateway.reconcile import reconcile
from plugins.payments_gateway.refunds import request_refund
from plugins.payments_gateway.tables import CallbackLog, PaymentOrder
from tests.plugins.payments_gateway.conftest import BASE_URL, OWED, make_settings

VNPAY_SECRET = "vnpay-LOGCHECK-7f3a9c1e5b"
PAYGOV_SECRET = "paygov-LOGCHECK-2d8e4b6a0c"
REAL_ENV = {
    "MOTCUA_VNPAY_TMN_CODE": "MOTCUA01",
    "MOTCUA_VNPAY_SECRET": VNPAY_SECRET,
    "MOTCUA_VNPAY_PAY_URL": f"{BASE_URL}/sandbox/vnpay/pay",
    "MOTCUA_VNPAY_API_URL": f"{BASE_URL}/sandbox/vnpay/api",
    "MOTCUA_PAYGOV_PARTNER_CODE": "MOTCUA-TINH",
    "MOTCUA_PAYGOV_SECRET": PAYGOV_SECRET,
    "MOTCUA_PAYGOV_URL": f"{BASE_URL}/sandbox/paygov/api",
}


@pytest.fixture
def demo(pay_config: Any, tmp_path: Any) -> Any:
    return make_settings(pay_config, tmp_path)


@pytest.fixture
def production(pay_config: Any, tmp_path: Any) -> Any:
    return make_settings(
        pay_config, tmp_path, MOTCUA_MODE="production", MOTCUA_SECRET_KEY="p" * 40
    )


def test_the_sandbox_uses_fixed_development_values_named_as_such(demo: Any) -> None:
    found = load_credentials(demo, {})

    assert found.vnpay is not None
    assert found.paygov is not None
    assert found.vnpay.secret == DEV_ONLY_VNPAY_SECRET
    assert found.paygov.secret == DEV_ONLY_PAYGOV_SECRET
    assert "DEV-ONLY" in found.vnpay.secret
    assert found.vnpay.pay_url == f"{BASE_URL}/sandbox/vnpay/pay"
    assert found.paygov.endpoint == f"{BASE_URL}/sandbox/paygov/api"
    assert found.is_sandbox("vnpay")
    assert found.is_sandbox("paygov")


def test_production_without_variables_has_no_gateway(production: Any) -> None:
    found = load_credentials(production, {})

    assert not found.available("vnpay")
    assert not found.available("paygov")


def test_production_takes_every_value_from_the_environment(production: Any) -> None:
    found = load_credentials(production, REAL_ENV)

    assert found.vnpay is not None
    assert found.paygov is not None
    assert (found.vnpay.tmn_code, found.vnpay.secret) == ("MOTCUA01", VNPAY_SECRET)
    assert (found.paygov.partner_code, found.paygov.secret) == (
        "MOTCUA-TINH",
        PAYGOV_SECRET,
    )
    assert not found.is_sandbox("vnpay")


def test_environment_values_win_over_the_sandbox(demo: Any) -> None:
    found = load_credentials(demo, REAL_ENV)

    assert found.vnpay is not None
    assert found.vnpay.secret == VNPAY_SECRET
    assert not found.is_sandbox("vnpay")


def test_a_half_configured_gateway_is_an_error_naming_what_is_missing(
    production: Any,
) -> None:
    partial = {"MOTCUA_VNPAY_TMN_CODE": "MOTCUA01", "MOTCUA_VNPAY_SECRET": VNPAY_SECRET}

    with pytest.raises(CredentialsError) as problem:
        load_credentials(production, partial)

    assert "MOTCUA_VNPAY_PAY_URL" in str(problem.value)
    assert VNPAY_SECRET not in str(problem.value)


def test_credentials_print_without_their_secrets(production: Any) -> None:
    found = load_credentials(production, REAL_ENV)

    shown = f"{found!r} {found.vnpay!r} {found.paygov!r}"

    assert VNPAY_SECRET not in shown
    assert PAYGOV_SECRET not in shown
    assert "MOTCUA01" in shown


async def test_no_secret_reaches_any_log(
    pay_client: Any,
    pay_app: Any,
    citizen: Any,
    dossier: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from plugins.payments_gateway.runtime import TRANSPORT_STATE_KEY, Runtime
    from tests.plugins.payments_gateway.test_sandbox import open_sandbox_page, press

    for name, value in REAL_ENV.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.DEBUG)
    # Building the application configured logging anew, at the suite's level.
    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG)
    )
    ctx = pay_app.state.ctx
    rt = Runtime.build(
        ctx.settings,
        ctx.catalogue,
        ctx.plugins,
        transport=pay_app.state[TRANSPORT_STATE_KEY],
        dossier_service=pay_app.state["dossier_service"],
    )

    with capture_logs() as events:
        action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")
        pressed = await press(pay_client, action, "pay")
        await pay_client.get(pressed.headers["location"])
        await pay_client.get(
            "/payments/vnpay/ipn", params={"vnp_TxnRef": "X", "vnp_SecureHash": "0"}
        )
        await reconcile(rt, delay=dt.timedelta(0))
        [order] = await orders_of_dossier(dossier.id)
        await request_refund(
            rt, order.id, amount=OWED, reason="Thử hoàn tiền", actor=citizen.actor
        )

    assert order.status == "paid"
    assert any(e["event"] == "payment_order_settled" for e in events)
    assert any(e["event"] == "payment_refund_recorded" for e in events)
    written = " ".join(
        [msgspec.json.encode(events).decode(), caplog.text, *capsys.readouterr()]
    )
    assert VNPAY_SECRET not in written
    assert PAYGOV_SECRET not in written
    stored = await CallbackLog.select(CallbackLog.data)
    orders = await PaymentOrder.select(
        PaymentOrder.raw_callback, PaymentOrder.redirect_url
    )
    kept = msgspec.json.encode([stored, orders]).decode()
    assert VNPAY_SECRET not in kept
    assert "vnp_SecureHash" not in msgspec.json.encode(stored).decode()
