"""The sandbox gateways: whole payments in-process, refusals, and their absence.

The applicant pays through the sandbox page exactly as through the real gateway:
the sandbox checks the signed request, closes its transaction on a button press,
sends the payer back with signed results and calls the callback endpoint, whose
answer it records. In production mode, or with the sandbox switched off, none of
its addresses exist.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
import pytest

from core.dossiers.queries import load
from core.dossiers.statuses import Status
from plugins.payments_gateway.orders import orders_of_dossier
from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.sandbox import ledger
from plugins.payments_gateway.sandbox.vnpay import check_payment_request
from tests.conftest import sign_in
from tests.plugins.payments_gateway.conftest import (
    BASE_URL,
    OWED,
    PAYGOV_SECRET,
    VNPAY_SECRET,
    in_process,
    make_settings,
    payments_of,
    query_of,
    receipts_of,
)
from tests.plugins.payments_gateway.test_checkout import csrf_token, start

ACTION = re.compile(r'<form method="post" action="(/sandbox/[^"]+)"')


async def open_sandbox_page(
    client: Any, citizen: Any, dossier: Any, gateway: str
) -> tuple[str, Any]:
    """Sign in, start paying, and land on the sandbox page; its form action."""
    await sign_in(client, citizen.username, citizen.password)
    started = await start(client, dossier.id, gateway)
    page = await client.get(started.headers["location"])
    assert page.status_code == 200, page.text[:300]
    found = ACTION.search(page.text)
    assert found is not None
    return found.group(1), page


async def press(client: Any, action: str, button: str) -> Any:
    return await client.post(
        action,
        data={"action": button, "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )


async def test_the_sandbox_page_offers_pay_cancel_and_fail(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    _action, page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")

    assert 'value="pay"' in page.text
    assert 'value="cancel"' in page.text
    assert 'value="fail"' in page.text
    assert "230.000 đ" in page.text
    assert "Cổng thanh toán thử nghiệm" in page.text


async def test_the_sandbox_page_speaks_english_when_asked(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)
    started = await start(pay_client, dossier.id, "vnpay")

    page = await pay_client.get(started.headers["location"] + "&lang=en")

    assert "Sandbox payment gateway" in page.text
    assert ">Pay<" in page.text


async def test_paying_at_the_vnpay_sandbox_settles_the_order_through_the_ipn(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")

    pressed = await press(pay_client, action, "pay")

    assert pressed.status_code == 303
    back = pressed.headers["location"]
    assert back.startswith(f"{BASE_URL}/payments/vnpay/return?")
    returned = query_of(back)
    assert vnpay.verify(returned, VNPAY_SECRET)
    assert vnpay.payment_succeeded(returned)
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "paid"
    record = await ledger.by_merchant_ref("vnpay", order.txn_ref)
    assert record is not None
    assert (record.status, record.delivered_code, record.deliveries) == (
        "paid",
        "00",
        1,
    )
    assert order.gateway_transaction_no == record.transaction_no
    result = await pay_client.get(back)
    assert result.status_code == 200
    assert "Đã nhận được khoản thanh toán" in result.text
    assert len(await payments_of(dossier.id)) == 1
    assert len(await receipts_of(dossier.id)) == 2
    moved = await load(dossier.id)
    assert moved is not None
    assert moved.status == Status.PROCESSING


@pytest.mark.parametrize(
    ("button", "status", "code"),
    [("cancel", "cancelled", "24"), ("fail", "failed", "51")],
)
async def test_an_unpaid_vnpay_sandbox_payment_is_recorded_as_such(
    pay_client: Any, citizen: Any, dossier: Any, button: str, status: str, code: str
) -> None:
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")

    pressed = await press(pay_client, action, button)

    returned = query_of(pressed.headers["location"])
    assert returned["vnp_ResponseCode"] == code
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == status
    assert await payments_of(dossier.id) == []
    page = await pay_client.get(pressed.headers["location"])
    assert f"/payments/dossiers/{dossier.id}/pay" in page.text


async def test_a_second_press_is_refused_and_pays_nothing_more(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")
    await press(pay_client, action, "pay")

    again = await press(pay_client, action, "pay")

    assert again.status_code == 409
    assert len(await payments_of(dossier.id)) == 1


async def test_paying_at_the_paygov_sandbox_settles_the_order_through_confirm(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "paygov")

    pressed = await press(pay_client, action, "pay")

    back = pressed.headers["location"]
    assert back.startswith(f"{BASE_URL}/payments/paygov/return?")
    returned = query_of(back)
    message = msgspec.convert(returned, paygov.ConfirmMessage, strict=False)
    assert paygov.verify_message(message, PAYGOV_SECRET)
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "paid"
    record = await ledger.by_merchant_ref("paygov", order.txn_ref)
    assert record is not None
    assert record.delivered_code == "00"
    page = await pay_client.get(back)
    assert "Đã nhận được khoản thanh toán" in page.text
    assert len(await receipts_of(dossier.id)) == 2


async def test_a_cancelled_paygov_payment_is_recorded_unpaid(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "paygov")

    await press(pay_client, action, "cancel")

    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "failed"
    assert order.response_code == "02"


async def test_an_unanswered_callback_is_retried_then_abandoned(
    pay_client: Any, pay_app: Any, citizen: Any, dossier: Any
) -> None:
    import httpx

    from plugins.payments_gateway.runtime import TRANSPORT_STATE_KEY

    calls: list[str] = []

    def down(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(503)

    action, _page = await open_sandbox_page(pay_client, citizen, dossier, "vnpay")
    pay_app.state[TRANSPORT_STATE_KEY] = httpx.MockTransport(down)

    await press(pay_client, action, "pay")

    assert calls == ["/payments/vnpay/ipn"] * 3
    [order] = await orders_of_dossier(dossier.id)
    assert order.status == "pending"
    record = await ledger.by_merchant_ref("vnpay", order.txn_ref)
    assert record is not None
    assert (record.status, record.deliveries, record.delivered_code) == (
        "paid",
        3,
        None,
    )


# --- what the VNPay sandbox refuses ---------------------------------------------------


def signed_request(**changes: Any) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    url = vnpay.build_payment_url(
        f"{BASE_URL}/sandbox/vnpay/pay",
        tmn_code=changes.pop("tmn_code", "MOTCUASB"),
        secret=changes.pop("secret", VNPAY_SECRET),
        amount_vnd=changes.pop("amount", OWED),
        txn_ref=changes.pop("txn_ref", "MCTEST0001"),
        order_info="Thanh toan phi",
        return_url=f"{BASE_URL}/payments/vnpay/return",
        ip_addr="127.0.0.1",
        created_at=changes.pop("created_at", now),
        expire_at=changes.pop("expire_at", now + dt.timedelta(minutes=15)),
    )
    return query_of(url)


def merchant() -> vnpay.VnpayMerchant:
    return vnpay.VnpayMerchant(
        tmn_code="MOTCUASB", secret=VNPAY_SECRET, pay_url="", api_url=""
    )


def test_the_sandbox_accepts_a_correct_request() -> None:
    assert (
        check_payment_request(signed_request(), merchant(), dt.datetime.now(dt.UTC))
        is None
    )


@pytest.mark.parametrize(
    ("request_params", "code"),
    [
        (signed_request(secret="forged-secret"), "97"),
        (signed_request(tmn_code="OTHERSHOP"), "02"),
        (signed_request() | {"vnp_Amount": "100"}, "97"),
        (
            signed_request(
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                expire_at=dt.datetime(2026, 1, 1, 0, 15, tzinfo=dt.UTC),
            ),
            "11",
        ),
    ],
)
def test_the_sandbox_refuses_what_vnpay_refuses(
    request_params: dict[str, str], code: str
) -> None:
    refusal = check_payment_request(request_params, merchant(), dt.datetime.now(dt.UTC))

    assert refusal is not None
    assert refusal.code == code


async def test_a_tampered_request_gets_the_refusal_page(pay_client: Any) -> None:
    params = signed_request() | {"vnp_Amount": "100"}

    page = await pay_client.get("/sandbox/vnpay/pay", params=params)

    assert page.status_code == 400
    assert "Chữ ký không hợp lệ" in page.text
    assert 'value="pay"' not in page.text


async def test_the_vnpay_api_answers_a_forged_query_97_signed(pay_client: Any) -> None:
    body = {"vnp_Command": "querydr", "vnp_TxnRef": "X", "vnp_SecureHash": "00"}

    response = await pay_client.post("/sandbox/vnpay/api", json=body)

    answer = vnpay.parse_querydr_response(response.content, VNPAY_SECRET)
    assert answer.response_code == "97"


async def test_the_paygov_api_answers_a_forged_init_97_signed(pay_client: Any) -> None:
    message = paygov.QueryMessage(
        partner_code="MOTCUA-SANDBOX",
        request_id="Q1",
        payment_request_id="MCX",
        request_time="20261203090000",
        checksum="00",
    )

    response = await pay_client.post(
        "/sandbox/paygov/api", content=msgspec.json.encode(message)
    )

    answer = paygov.decode_message(response.content, paygov.QueryResultMessage)
    assert answer.response_code == "97"
    assert paygov.verify_message(answer, PAYGOV_SECRET)


# --- absent outside the sandbox -------------------------------------------------------

SANDBOX_ADDRESSES = [
    ("GET", "/sandbox/vnpay/pay"),
    ("POST", "/sandbox/vnpay/pay/123456789012"),
    ("POST", "/sandbox/vnpay/api"),
    ("POST", "/sandbox/paygov/api"),
    ("GET", "/sandbox/paygov/pay/PG0000"),
    ("POST", "/sandbox/paygov/pay/PG0000"),
]


async def assert_absent(settings: Any, plugins: Any, catalogue: Any) -> None:
    from core.app import create_app

    app = create_app(settings, plugins=plugins, catalogue=catalogue)
    async with in_process(app) as client:
        await client.get("/login")
        headers = {"accept": "application/json", "x-csrftoken": csrf_token(client)}
        for method, path in SANDBOX_ADDRESSES:
            response = await client.request(method, path, json={}, headers=headers)
            assert response.status_code == 404, (method, path, response.status_code)
        schema = await client.get("/api/schema/openapi.json")
        assert "/sandbox" not in schema.text


async def test_the_sandbox_does_not_exist_in_production_mode(
    pay_config: Any, tmp_path: Any, plugins: Any, pay_catalogue: Any
) -> None:
    settings = make_settings(
        pay_config, tmp_path, MOTCUA_MODE="production", MOTCUA_SECRET_KEY="p" * 40
    )
    assert not settings.sandbox_gateways

    await assert_absent(settings, plugins, pay_catalogue)


async def test_the_sandbox_does_not_exist_when_switched_off(
    pay_config: Any, tmp_path: Any, plugins: Any, pay_catalogue: Any
) -> None:
    settings = make_settings(pay_config, tmp_path, MOTCUA_SANDBOX_GATEWAYS="0")

    await assert_absent(settings, plugins, pay_catalogue)


async def test_a_production_mode_settings_object_asking_for_the_sandbox_gets_none(
    pay_config: Any, tmp_path: Any, plugins: Any, pay_catalogue: Any
) -> None:
    settings = msgspec.structs.replace(
        make_settings(
            pay_config, tmp_path, MOTCUA_MODE="production", MOTCUA_SECRET_KEY="p" * 40
        ),
        sandbox_gateways=True,
    )

    await assert_absent(settings, plugins, pay_catalogue)
