"""The online payment panel on dossier pages.

The applicant of a dossier awaiting payment sees the amount and a "Pay online"
button; staff see the dossier's payments but no button; once paid, the panel
says so and lists the payment.
"""

from __future__ import annotations

from typing import Any

from core.dossiers.records import DossierRecord
from plugins.payments_gateway.panel import render_panel
from tests.conftest import sign_in
from tests.plugins.payments_gateway.conftest import new_order, staff, vnpay_result


async def test_the_applicant_sees_the_amount_and_a_pay_button(
    pay_client: Any, citizen: Any, dossier: DossierRecord
) -> None:
    await sign_in(pay_client, citizen.username, citizen.password)

    page = await pay_client.get(f"/my/dossiers/{dossier.code}")

    assert page.status_code == 200
    assert 'id="panel-payments_gateway"' in page.text
    assert f'href="/payments/dossiers/{dossier.id}/pay"' in page.text
    assert "230.000 đ" in page.text


async def test_staff_see_the_panel_without_a_pay_button(
    pay_client: Any, rt: Any, dossier: DossierRecord, pay_catalogue: Any
) -> None:
    order = await new_order(rt, dossier)
    officer = staff(pay_catalogue, "ttpvhcc", "receiving_officer")

    panel = await render_panel(dossier.as_mapping(), officer)

    assert "/payments/dossiers/" not in panel.html
    assert order.txn_ref in panel.html
    assert "Đang chờ" in panel.html


async def test_once_paid_the_panel_says_so_and_lists_the_payment(
    pay_client: Any, rt: Any, citizen: Any, dossier: DossierRecord
) -> None:
    from core.dossiers.queries import load

    order = await new_order(rt, dossier)
    await pay_client.get("/payments/vnpay/ipn", params=vnpay_result(order))
    paid = await load(dossier.id)
    assert paid is not None

    panel = await render_panel(paid.as_mapping(), citizen.actor)

    assert "/payments/dossiers/" not in panel.html
    assert "Phí, lệ phí của hồ sơ đã được nộp" in panel.html
    assert order.txn_ref in panel.html
    assert "Đã thanh toán" in panel.html
    assert "VNPay" in panel.html


async def test_another_citizen_is_not_offered_to_pay(
    pay_client: Any, dossier: DossierRecord, pay_catalogue: Any
) -> None:
    from tests.plugins.payments_gateway.conftest import make_citizen

    stranger = await make_citizen(pay_catalogue)

    panel = await render_panel(dossier.as_mapping(), stranger.actor)

    assert "/payments/dossiers/" not in panel.html
