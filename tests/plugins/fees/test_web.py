"""The plugin's pages and JSON endpoints, through the real application."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from core.catalogue.catalogue import Catalogue
from core.dossiers.queries import load
from core.dossiers.service import DossierService
from core.dossiers.statuses import Status
from core.i18n import TZ
from core.permissions import Actor
from plugins.fees import plugin as fees_plugin
from plugins.fees.receipt_xml import parse_receipt_xml
from plugins.fees.receipts import receipt_row, receipts_of_dossier
from tests.conftest import sign_in
from tests.plugins.fees.conftest import (
    JUDICIAL,
    LAND_USE,
    awaiting_payment,
    file_without_fees,
    staff,
)


@pytest.fixture
def fees_app(settings: Any, plugins: Any, fees_catalogue: Catalogue) -> Any:
    from core.app import create_app

    return create_app(settings, plugins=plugins, catalogue=fees_catalogue)


@pytest.fixture
async def web(fees_app: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=fees_app) as client:
        yield client


@asynccontextmanager
async def signed_in(app: Any, username: str) -> AsyncIterator[AsyncTestClient[Any]]:
    """A client signed in as a demo account.

    The application runs in its own event loop (and on PostgreSQL its own
    connection pool) while a client is open, so tests touch the database directly
    only before opening a client or after closing it.
    """
    async with AsyncTestClient(app=app) as client:
        await sign_in(client, username)
        yield client


def token(client: AsyncTestClient[Any]) -> str:
    return client.cookies.get("motcua_csrf") or ""


# --- quotes ---------------------------------------------------------------------------


async def test_anyone_may_ask_for_a_quote(web: AsyncTestClient[Any]) -> None:
    r = await web.get(
        "/api/fees/quote", params={"procedure": JUDICIAL, "case": "can-xac-minh"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["procedure"] == JUDICIAL
    assert body["collecting_unit"] == "stp"
    lines = {line["item"]: line for line in body["assessment"]["lines"]}
    assert lines["phi-lltp"]["amount"] == 200000
    assert lines["phieu-them"]["amount"] is None
    assert lines["phieu-them"]["needs"] == "so_phieu_them"
    assert lines["le-phi-tra"]["collect"] == "on_return"
    assert body["assessment"]["complete"] is False


async def test_a_quote_with_form_values_needs_no_csrf_token(
    web: AsyncTestClient[Any],
) -> None:
    r = await web.post(
        "/api/fees/quote",
        json={
            "procedure": JUDICIAL,
            "category": "sinh-vien",
            "form": {"so_phieu_them": 2},
        },
    )
    assert r.status_code == 200
    assessment = r.json()["assessment"]
    assert assessment["complete"] is True
    assert assessment["totals"] == {"fee": 110000, "charge": 0}
    assert assessment["lines"][0]["evidence_component"] == "van-ban-uy-quyen"


async def test_a_quote_for_a_procedure_without_fees_is_not_found(
    web: AsyncTestClient[Any],
) -> None:
    r = await web.get("/api/fees/quote", params={"procedure": LAND_USE})
    assert r.status_code == 404
    r = await web.get("/api/fees/quote", params={"procedure": "0.000000.H99"})
    assert r.status_code == 404
    bad = await web.post(
        "/api/fees/quote", json={"procedure": JUDICIAL, "form": {"so_phieu_them": "ba"}}
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "so_phieu_them"


# --- the cashier's page ---------------------------------------------------------------

CASHIER = "thungan.ttpvhcc"


async def test_a_cashier_collects_from_the_fees_page(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        page = await cashier.get(f"/fees/dossiers/{dossier.id}")
        assert page.status_code == 200
        assert f'action="/fees/dossiers/{dossier.id}/collect"' in page.text
        assert "200.000 đ" in page.text
        r = await cashier.post(
            f"/fees/dossiers/{dossier.id}/collect",
            data={"method": "transfer", "stage": "", "_csrf_token": token(cashier)},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert r.headers["location"].startswith(f"/fees/dossiers/{dossier.id}?done=")
        again = await cashier.get(f"/fees/dossiers/{dossier.id}")
    (receipt,) = await receipts_of_dossier(dossier.id)
    assert (receipt.method, receipt.amount) == ("transfer", 200000)
    assert "/collect" not in again.text
    assert receipt.number_text in again.text
    after = await load(dossier.id)
    assert after is not None
    assert after.status == Status.PROCESSING


async def test_collecting_without_the_csrf_token_is_refused(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        r = await cashier.post(
            f"/fees/dossiers/{dossier.id}/collect", data={"method": "cash"}
        )
    assert r.status_code == 403
    assert await receipts_of_dossier(dossier.id) == []


async def test_staff_without_the_permission_cannot_collect(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, "tiepnhan.ttpvhcc") as client:
        r = await client.post(
            f"/fees/dossiers/{dossier.id}/collect",
            data={"method": "cash", "_csrf_token": token(client)},
        )
        page = await client.get(f"/fees/dossiers/{dossier.id}")
    assert r.status_code == 403
    assert page.status_code == 200
    assert "/collect" not in page.text
    assert await receipts_of_dossier(dossier.id) == []


# --- receipts -------------------------------------------------------------------------


async def paid_through(client: AsyncTestClient[Any], dossier_id: int) -> dict[str, Any]:
    """Collect in cash through the page and return the receipt from the JSON API."""
    await client.post(
        f"/fees/dossiers/{dossier_id}/collect",
        data={"method": "cash", "_csrf_token": token(client)},
    )
    (receipt,) = (await client.get(f"/api/fees/dossiers/{dossier_id}")).json()[
        "receipts"
    ]
    return dict(receipt)


async def test_the_printable_receipt_shows_every_required_field(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
        r = await cashier.get(f"/fees/receipts/{receipt['id']}")
    assert r.status_code == 200
    for expected in (
        "BIÊN LAI THU PHÍ",
        "01BLP0-001",
        receipt["series_symbol"],
        receipt["number_text"],
        "Sở Tư pháp tỉnh Demo",
        "0100109106",
        "Nguyễn Thị Hoa",
        "5 Lê Lợi, phường 1",
        "001199012345",
        "Phí cung cấp thông tin lý lịch tư pháp",
        "200.000 đ",
        "Hai trăm nghìn đồng",
        "Tiền mặt",
        "/receipts/lookup",
    ):
        assert expected in r.text, expected
    issued = dt.datetime.fromisoformat(receipt["issued_at"]).astimezone(TZ)
    assert f"ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}" in r.text


async def test_the_xml_copy_is_served_and_reads_back(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
        r = await cashier.get(f"/fees/receipts/{receipt['id']}/xml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml")
    copy = parse_receipt_xml(r.content)
    assert (copy.series_symbol, copy.number, copy.amount) == (
        receipt["series_symbol"],
        receipt["number_text"],
        200000,
    )


async def test_receipts_are_hidden_from_strangers(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
    async with signed_in(fees_app, "congdan") as citizen:
        page = await citizen.get(f"/fees/receipts/{receipt['id']}")
        xml = await citizen.get(f"/fees/receipts/{receipt['id']}/xml")
        overview = await citizen.get(f"/api/fees/dossiers/{dossier.id}")
    assert (page.status_code, xml.status_code, overview.status_code) == (404, 404, 404)
    async with AsyncTestClient(app=fees_app) as visitor:
        r = await visitor.get(f"/fees/receipts/{receipt['id']}", follow_redirects=False)
    assert r.status_code in (302, 303)
    assert r.headers["location"].startswith("/login")


async def test_a_cashier_cancels_and_replaces_receipts_by_form(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
        replaced = await cashier.post(
            f"/fees/receipts/{receipt['id']}/replace",
            data={
                "reason": "Sai địa chỉ người nộp",
                "payer_address": "9 Hai Bà Trưng",
                "_csrf_token": token(cashier),
            },
            follow_redirects=False,
        )
        new_id = int(replaced.headers["location"].rsplit("/", 1)[1])
        cancelled = await cashier.post(
            f"/fees/receipts/{new_id}/cancel",
            data={"reason": "Hoàn tiền cho người nộp", "_csrf_token": token(cashier)},
            follow_redirects=False,
        )
        printed = await cashier.get(f"/fees/receipts/{new_id}")
    assert (replaced.status_code, cancelled.status_code) == (303, 303)
    new = await receipt_row(new_id)
    assert (new["payer_address"], new["payer_name"]) == (
        "9 Hai Bà Trưng",
        "Nguyễn Thị Hoa",
    )
    assert new["replaces_id"] == receipt["id"]
    assert [x.status for x in await receipts_of_dossier(dossier.id)] == [
        "replaced",
        "cancelled",
    ]
    assert "ĐÃ HỦY" in printed.text
    assert "Hoàn tiền cho người nộp" in printed.text


async def test_a_cashier_of_another_unit_cannot_cancel(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
    async with signed_in(fees_app, "tiepnhan.anbinh") as commune:
        r = await commune.post(
            f"/fees/receipts/{receipt['id']}/cancel",
            data={"reason": "Không hợp lệ", "_csrf_token": token(commune)},
        )
    assert r.status_code == 403
    assert (await receipt_row(receipt["id"]))["status"] == "issued"


async def test_the_public_lookup_reveals_nothing_on_a_wrong_triple(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
    right = {
        "series": receipt["series_symbol"],
        "number": receipt["number_text"],
        "dossier": receipt["dossier_code"],
    }
    wrong = [
        right | {"series": "ZZ-26E"},
        right | {"number": str(receipt["number"] + 500)},
        right | {"number": "abc"},
        right | {"dossier": "000.00.02.H99-000101-0001"},
    ]
    async with AsyncTestClient(app=fees_app) as visitor:
        found = await visitor.get("/receipts/lookup", params=right)
        misses = [await visitor.get("/receipts/lookup", params=p) for p in wrong]
        blank = await visitor.get("/receipts/lookup")
    assert found.status_code == 200
    assert "Nguyễn Thị Hoa" in found.text
    assert "Hai trăm nghìn đồng" in found.text
    assert "001199012345" not in found.text  # only the last digits are shown
    assert "2345" in found.text
    assert "5 Lê Lợi" not in found.text
    for miss in misses:
        assert miss.status_code == 404
        assert "Không có biên lai nào khớp" in miss.text
        assert "Nguyễn Thị Hoa" not in miss.text
    assert blank.status_code == 200
    assert "Không có biên lai nào khớp" not in blank.text


# --- statistics and the dossier JSON ---------------------------------------------


async def test_report_readers_get_collection_statistics(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    today = dt.datetime.now(TZ).date()
    params = {
        "unit": "stp",
        "from": (today - dt.timedelta(days=1)).isoformat(),
        "to": (today + dt.timedelta(days=1)).isoformat(),
    }
    async with signed_in(fees_app, CASHIER) as cashier:
        await paid_through(cashier, dossier.id)
        refused = await cashier.get("/api/fees/collected", params=params)
    assert refused.status_code == 403
    reversed_period = params | {"from": params["to"], "to": params["from"]}
    async with signed_in(fees_app, "baocao.tinh") as reader:
        r = await reader.get("/api/fees/collected", params=params)
        backwards = await reader.get("/api/fees/collected", params=reversed_period)
        unknown = await reader.get("/api/fees/collected", params=params | {"unit": "x"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= 200000
    assert sum(t["amount"] for t in body["by_method"]) == body["total"]
    assert (backwards.status_code, unknown.status_code) == (400, 404)


async def test_the_dossier_fees_json_lists_assessment_payments_and_receipts(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
        r = await cashier.get(f"/api/fees/dossiers/{dossier.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["owed"] == 0
    assert body["paid"] == ["phi-lltp"]
    assert body["assessment"]["total"] == 200000
    assert [p["method"] for p in body["payments"]] == ["cash"]
    assert [x["id"] for x in body["receipts"]] == [receipt["id"]]
    assert body["may_collect"] is True


# --- the dossier page panel -----------------------------------------------------


async def test_the_panel_offers_collection_only_to_those_who_may_collect(
    service: DossierService,
    officer: Actor,
    cashier: Actor,
    fees_catalogue: Catalogue,
    fees_app: Any,
) -> None:
    # Building the application loads the plugin's Vietnamese messages.
    dossier = await awaiting_payment(service, officer)
    procedure = fees_catalogue.procedures[JUDICIAL]
    (panel,) = await fees_plugin.motcua_dossier_panels(
        dossier=dossier.as_mapping(), procedure=procedure, viewer=cashier, lang="vi"
    )
    assert panel.key == "fees"
    assert f'href="/fees/dossiers/{dossier.id}"' in panel.html
    assert "Thu phí, lệ phí" in panel.html
    assert "200.000 đ" in panel.html
    specialist = staff(fees_catalogue, "stp-lltp", "specialist")
    (plain,) = await fees_plugin.motcua_dossier_panels(
        dossier=dossier.as_mapping(), procedure=procedure, viewer=specialist, lang="vi"
    )
    assert "Thu phí, lệ phí" not in plain.html
    assert "Phí cung cấp thông tin lý lịch tư pháp" in plain.html


async def test_the_procedure_page_publishes_the_fee_schedule(
    web: AsyncTestClient[Any],
) -> None:
    r = await web.get(f"/procedures/{JUDICIAL}")
    assert r.status_code == 200
    for expected in (
        "Phí cung cấp thông tin lý lịch tư pháp",
        "200.000 đ",
        "Sinh viên: giảm 50%",
        "Trẻ em: miễn",
        "5.000 đ / đơn vị",
        "Khi trả kết quả",
        "Thông tư số 244/2016/TT-BTC",
    ):
        assert expected in r.text, expected


# --- the applicant's view -------------------------------------------------------------


async def test_the_applicant_sees_their_own_receipts(
    service: DossierService, fees_app: Any
) -> None:
    from core.accounts.tables import Account
    from plugins.fees.collection import record_online_payment
    from tests.plugins.fees.conftest import applicant

    async with AsyncTestClient(app=fees_app):
        pass  # start-up seeds the demo accounts
    row = await Account.select(Account.id).where(Account.username == "congdan").first()
    assert row is not None
    citizen = Actor(
        account_id=row["id"],
        kind="citizen",
        roles=frozenset({"citizen"}),
        permissions=frozenset({"dossier.file"}),
    )
    from core.events import FilingDraft

    draft = FilingDraft(
        procedure_code=JUDICIAL,
        procedure_version=0,
        case_code="thong-thuong",
        channel="online",
        unit_id="stp",
        applicant=applicant(name="Nguyễn Văn An"),
        form_data={"so_phieu_them": 0},
    )
    dossier = await service.file_dossier(draft, citizen)
    (receipt,) = await record_online_payment(dossier.id, 200000, f"W{dossier.id}x")
    async with signed_in(fees_app, "congdan") as client:
        overview = await client.get(f"/api/fees/dossiers/{dossier.id}")
        page = await client.get(f"/fees/receipts/{receipt.id}")
        xml = await client.get(f"/fees/receipts/{receipt.id}/xml")
        cancel = await client.post(
            f"/fees/receipts/{receipt.id}/cancel",
            data={"reason": "Tôi muốn hủy", "_csrf_token": token(client)},
        )
    assert overview.status_code == 200
    assert overview.json()["may_collect"] is False
    assert page.status_code == 200
    assert "Thanh toán trực tuyến" in page.text
    assert xml.status_code == 200
    assert cancel.status_code == 403
    assert (await receipt_row(receipt.id))["status"] == "issued"


async def test_printed_copies_show_replacement_and_cancellation(
    service: DossierService, officer: Actor, fees_app: Any
) -> None:
    dossier = await awaiting_payment(service, officer)
    async with signed_in(fees_app, CASHIER) as cashier:
        receipt = await paid_through(cashier, dossier.id)
        replaced = await cashier.post(
            f"/fees/receipts/{receipt['id']}/replace",
            data={
                "reason": "Sai tên người nộp",
                "payer_name": "Nguyễn Thị Hòa",
                "_csrf_token": token(cashier),
            },
            follow_redirects=False,
        )
        new_id = int(replaced.headers["location"].rsplit("/", 1)[1])
        old_page = await cashier.get(f"/fees/receipts/{receipt['id']}")
        new_page = await cashier.get(f"/fees/receipts/{new_id}")
    assert "ĐÃ BỊ THAY THẾ" in old_page.text
    assert "Sai tên người nộp" in old_page.text
    assert "Nguyễn Thị Hòa" in new_page.text
    assert f"số {receipt['number_text']}" in new_page.text
    assert "ĐÃ BỊ THAY THẾ" not in new_page.text
    new = await receipt_row(new_id)
    async with AsyncTestClient(app=fees_app) as visitor:
        found = await visitor.get(
            "/receipts/lookup",
            params={
                "series": receipt["series_symbol"],
                "number": str(receipt["number"]),
                "dossier": receipt["dossier_code"],
            },
        )
        replacement = await visitor.get(
            "/receipts/lookup",
            params={
                "series": new["series_symbol"],
                "number": str(new["number"]),
                "dossier": new["dossier_code"],
            },
        )
    # The public sees that the old receipt no longer stands, and the new one.
    assert found.status_code == 200
    assert "ĐÃ BỊ THAY THẾ" in found.text
    assert replacement.status_code == 200
    assert "Nguyễn Thị Hòa" in replacement.text


async def test_the_fees_page_of_a_dossier_without_fees(
    service: DossierService, fees_app: Any
) -> None:
    land_use = await file_without_fees(service)
    async with signed_in(fees_app, "tiepnhan.anbinh") as client:
        page = await client.get(f"/fees/dossiers/{land_use.id}")
        missing = await client.get("/fees/dossiers/987654321")
        nothing = await client.post(
            f"/fees/dossiers/{land_use.id}/collect",
            data={"method": "cash", "_csrf_token": token(client)},
        )
    assert page.status_code == 200
    assert "không phải nộp phí, lệ phí" in page.text
    assert missing.status_code == 404
    assert nothing.status_code == 409


async def test_the_lookup_page_speaks_english(web: AsyncTestClient[Any]) -> None:
    r = await web.get(
        "/receipts/lookup",
        params={"series": "XX", "number": "1", "dossier": "none", "lang": "en"},
    )
    assert r.status_code == 404
    assert "No receipt matches these details." in r.text


async def test_a_quote_applies_channel_reductions(web: AsyncTestClient[Any]) -> None:
    r = await web.get(
        "/api/fees/quote",
        params={"procedure": JUDICIAL, "category": "tre-em", "channel": "online"},
    )
    assert r.status_code == 200
    assert r.json()["assessment"]["lines"][0]["amount"] == 0
    bad = await web.get(
        "/api/fees/quote", params={"procedure": JUDICIAL, "channel": "fax"}
    )
    assert bad.status_code == 400
