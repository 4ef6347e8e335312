"""Who may open which page: signing in first, 403 for the wrong kind of account,
and 404 for a dossier one may not see, exactly as for one that does not exist."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import unique
from tests.core.web.conftest import Desk, signed_in, token

STAFF_PAGES = [
    "/staff",
    "/staff?tab=finished",
    "/staff/mismatches",
]
RECEIVING_PAGES = ["/staff/intake", "/staff/intake/2.000488.H99"]
APPLICANT_PAGES = ["/my/dossiers", "/procedures/2.000488.H99/file"]
PUBLIC_PAGES = [
    "/",
    "/procedures",
    "/procedures/2.000488.H99",
    "/lookup",
    "/support",
    "/login",
    "/register",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
async def test_public_pages_open_to_visitors(client: Any, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 200


@pytest.mark.parametrize("path", STAFF_PAGES + RECEIVING_PAGES + APPLICANT_PAGES)
async def test_visitors_are_sent_to_sign_in_and_back(client: Any, path: str) -> None:
    from urllib.parse import quote

    r = await client.get(path, follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == f"/login?next={quote(path, safe='/')}"


@pytest.mark.parametrize("path", STAFF_PAGES + RECEIVING_PAGES)
async def test_citizens_may_not_open_staff_pages(client: Any, path: str) -> None:
    await signed_in(client, "congdan")
    assert (await client.get(path)).status_code == 403


@pytest.mark.parametrize("path", APPLICANT_PAGES)
async def test_staff_may_not_open_applicant_pages(client: Any, path: str) -> None:
    await signed_in(client, "tiepnhan.ttpvhcc")
    assert (await client.get(path)).status_code == 403


@pytest.mark.parametrize("path", RECEIVING_PAGES)
async def test_only_receiving_officers_open_the_counter(client: Any, path: str) -> None:
    await signed_in(client, "lanhdao.stp")
    assert (await client.get(path)).status_code == 403


async def test_a_report_reader_opens_an_empty_workspace(client: Any) -> None:
    await signed_in(client, "baocao.tinh")
    page = await client.get("/staff", params={"lang": "en"})
    assert page.status_code == 200
    assert 'href="/reports"' in page.text
    assert 'href="/staff/intake"' not in page.text


async def test_a_hidden_dossier_and_a_missing_one_answer_alike(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    missing = "000.00.02.H99-000101-9999"
    await signed_in(client, "motcua.anbinh")
    for template in (
        "/staff/dossiers/{}",
        "/dossiers/{}/files/1",
        "/staff/intake/filed/{}",
    ):
        hidden = await client.get(template.format(record.code))
        absent = await client.get(template.format(missing))
        assert hidden.status_code == absent.status_code
        assert hidden.status_code in (403, 404)
    await signed_in(client, "doanhnghiep")
    hidden = await client.get(f"/my/dossiers/{record.code}")
    absent = await client.get(f"/my/dossiers/{missing}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(record.code, missing) == absent.text


async def test_actions_on_a_hidden_dossier_answer_404(client: Any, desk: Desk) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "motcua.anbinh")
    await client.get("/staff")
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/forward",
        data={"_csrf_token": token(client), "version": "1"},
    )
    assert r.status_code == 404
    assert (await desk._reload(record)).status == 2


async def test_forms_without_the_csrf_token_are_refused(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    r = await client.post(f"/my/dossiers/{record.code}/withdraw", data={"version": "1"})
    assert r.status_code == 403
    assert (await desk._reload(record)).status == 1


async def test_staff_land_in_their_workspace_and_the_public_on_the_portal(
    client: Any,
) -> None:
    home = await client.get("/", params={"lang": "en"})
    assert 'action="/procedures"' in home.text
    await signed_in(client, "chuyenvien.stp")
    r = await client.get("/", follow_redirects=False)
    assert r.headers["location"] == "/staff"


async def test_the_menu_marks_the_current_page(client: Any) -> None:
    await signed_in(client, "chuyenvien.stp")
    page = await client.get("/staff")
    assert '<a href="/staff" aria-current="page">' in page.text
    assert '<a href="/procedures">' in page.text
