"""Starting an online payment: who may pay, what, and where they are sent.

The applicant signs in, opens the payment page of their dossier awaiting payment,
chooses a gateway and is redirected to a signed payment request that the sandbox
gateway accepts. Nobody else may pay, nor pay a dossier that does not await it.
"""

from __future__ import annotations

from typing import Any

from core.dossiers.state import ActionInput
from plugins.payments_gateway.orders import orders_of_dossier
from plugins.payments_gateway.protocols import vnpay
from tests.conftest import sign_in
from tests.plugins.payments_gateway.conftest import (
    BASE_URL,
    OWED,
    VNPAY_SECRET,
    awaiting_payment,
    make_citizen,
    query_of,
)


def csrf_token(client: Any) -> str:
    return str(client.cookies.get("motcua_csrf", ""))


async def start(client: Any, dossier_id: int, gateway: str) -> Any:
    await client.get(f"/payments/dossiers/{dossier_id}/pay")
    return await client.post(
        f"/payments/dossiers/{dossier_id}/pay",
        data={"gateway": gateway, "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )


async def test_the_payment_page_shows_the_amount_owed_and_both_gateways(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    page = await pay_client.get(f"/payments/dossiers/{dossier.id}/pay")

    assert page.status_code == 200
    assert "230.000 đ" in page.text
    assert dossier.code in page.text
    assert 'value="vnpay"' in page.text
    assert 'value="paygov"' in page.text


async def test_choosing_vnpay_redirects_to_a_signed_request_for_the_amount_owed(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    response = await start(pay_client, dossier.id, "vnpay")

    assert response.status_code == 303
    target = response.headers["location"]
    assert target.startswith(f"{BASE_URL}/sandbox/vnpay/pay?")
    params = query_of(target)
    assert vnpay.verify(params, VNPAY_SECRET)
    assert params["vnp_Amount"] == str(OWED * 100)
    assert params["vnp_ReturnUrl"] == f"{BASE_URL}/payments/vnpay/return"
    assert dossier.code in params["vnp_OrderInfo"]
    [order] = await orders_of_dossier(dossier.id)
    assert (order.gateway, order.status, order.amount) == ("vnpay", "pending", OWED)
    assert params["vnp_TxnRef"] == order.txn_ref
    assert order.account_id == citizen.actor.account_id
    assert (order.expires_at - order.created_at).total_seconds() == 15 * 60


async def test_pressing_pay_twice_resumes_the_open_order(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    first = await start(pay_client, dossier.id, "vnpay")
    second = await start(pay_client, dossier.id, "vnpay")

    assert first.headers["location"] == second.headers["location"]
    assert len(await orders_of_dossier(dossier.id)) == 1


async def test_choosing_paygov_opens_the_payment_with_init_at_the_platform(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    response = await start(pay_client, dossier.id, "paygov")

    assert response.status_code == 303
    target = response.headers["location"]
    assert target.startswith(f"{BASE_URL}/sandbox/paygov/pay/PG")
    [order] = await orders_of_dossier(dossier.id)
    assert order.gateway == "paygov"
    assert order.redirect_url == target
    assert order.gateway_transaction_no == target.rsplit("/", 1)[1]
    page = await pay_client.get(target)
    assert page.status_code == 200
    assert "230.000 đ" in page.text


async def test_another_citizen_cannot_pay_someone_elses_dossier(
    pay_client: Any, pay_catalogue: Any, dossier: Any
) -> None:
    stranger = await make_citizen(pay_catalogue)
    await sign_in(pay_client, stranger.username, stranger.password)

    page = await pay_client.get(f"/payments/dossiers/{dossier.id}/pay")
    posted = await start(pay_client, dossier.id, "vnpay")

    assert page.status_code == 404
    assert posted.status_code == 404
    assert await orders_of_dossier(dossier.id) == []


async def test_a_visitor_is_sent_to_sign_in(pay_client: Any, dossier: Any) -> None:
    response = await pay_client.get(
        f"/payments/dossiers/{dossier.id}/pay", follow_redirects=False
    )

    assert response.status_code in (302, 303, 307)
    assert response.headers["location"].startswith("/login")


async def test_a_dossier_not_awaiting_payment_cannot_be_paid(
    pay_client: Any, citizen: Any, service: Any, pay_catalogue: Any
) -> None:
    record = await awaiting_payment(service, citizen, pay_catalogue)
    await service.act(
        record.id, "withdraw", ActionInput(), citizen.actor, record.version
    )
    await sign_in(pay_client, citizen.username, citizen.password)

    page = await pay_client.get(f"/payments/dossiers/{record.id}/pay")

    assert page.status_code == 409


async def test_a_gateway_the_procedure_does_not_offer_is_refused(
    pay_client: Any, citizen: Any, dossier: Any
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    response = await start(pay_client, dossier.id, "momo")

    assert response.status_code == 400
    assert await orders_of_dossier(dossier.id) == []


async def test_an_unreachable_platform_fails_the_order_and_says_so(
    pay_client: Any, pay_app: Any, citizen: Any, dossier: Any
) -> None:
    import httpx

    from plugins.payments_gateway.runtime import TRANSPORT_STATE_KEY

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    pay_app.state[TRANSPORT_STATE_KEY] = httpx.MockTransport(refuse)
    await sign_in(pay_client, citizen.username, citizen.password)

    response = await start(pay_client, dossier.id, "paygov")

    assert response.status_code == 503
    [order] = await orders_of_dossier(dossier.id)
    assert (order.status, order.problem) == ("failed", "not_opened")
