"""The plugin's pages through HTTP: the A4 print page and who may open it, the
citizen's draft routes, and the form shown on procedure and dossier pages."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from core.app import create_app
from core.catalogue.catalogue import Catalogue
from core.demo import sample_pdf
from core.dossiers import queries
from core.dossiers.records import DossierRecord
from core.dossiers.service import DossierService
from core.dossiers.storage import LocalStorage
from core.dossiers.tables import Dossier
from core.plugin_manager import PluginManager
from core.settings import Settings
from plugins.eforms.drafts import load_draft
from plugins.eforms.filing import render_filing_form
from tests.conftest import DEMO, sign_in, unique
from tests.plugins.eforms.eforms_filing import (
    COPIES,
    JUDICIAL,
    PASSWORD,
    PLACES,
    draft_for,
    example,
    file_example,
    new_cccd,
    new_citizen,
    new_staff,
    section_of,
)
from tests.plugins.eforms.eforms_html import submit


@pytest.fixture
async def client(
    tmp_path: Path, plugins: PluginManager, demo: Catalogue
) -> AsyncIterator[Any]:
    """The application on the demo province, without the demo's own dossiers."""
    settings = Settings.from_env(
        {
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_CONFIG_DIR": str(DEMO),
            "MOTCUA_MODE": "development",
            "MOTCUA_SECRET_KEY": "test-secret-key-that-is-long-enough-0123",
            "MOTCUA_DB_POOL": "0",
        }
    )
    app = create_app(settings, plugins=plugins, catalogue=demo)
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


async def signed_in_citizen(client: Any, catalogue: Catalogue, **profile: Any) -> Any:
    username = unique("cd")
    who = await new_citizen(catalogue, username=username, **profile)
    await sign_in(client, username, PASSWORD)
    return who


async def filed(service: DossierService, who: Any) -> DossierRecord:
    return await file_example(service, who, JUDICIAL)


def token(client: Any) -> str:
    return str(client.cookies.get("motcua_csrf", ""))


# --- the print page -----------------------------------------------------------------


async def test_the_applicant_prints_their_form(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    record = await filed(service, who)
    page = await client.get(f"/eforms/dossiers/{record.id}/print")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in text
    assert record.code in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Bổ sung hồ sơ xin việc" in text
    # Codes are printed as names.
    assert "Xã An Bình" in text
    assert "xa-an-binh" not in text


async def test_the_print_page_speaks_the_reader_s_language(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    record = await filed(service, who)
    page = await client.get(f"/eforms/dossiers/{record.id}/print?lang=en")
    assert "Request for a judicial record certificate" in page.text
    assert "SOCIALIST REPUBLIC OF VIET NAM" in page.text


async def test_another_citizen_is_told_the_dossier_does_not_exist(
    client: Any, service: DossierService
) -> None:
    owner = await new_citizen(service.catalogue)
    record = await filed(service, owner)
    await signed_in_citizen(client, service.catalogue)
    page = await client.get(f"/eforms/dossiers/{record.id}/print")
    assert page.status_code == 404
    assert "Bổ sung hồ sơ xin việc" not in page.text
    missing = await client.get("/eforms/dossiers/999999999/print")
    assert missing.status_code == 404


async def test_staff_print_the_dossiers_of_their_units_only(
    client: Any, service: DossierService
) -> None:
    record = await filed(service, await new_citizen(service.catalogue))
    centre = unique("tn")
    await new_staff(service.catalogue, "ttpvhcc", "receiving_officer", username=centre)
    await sign_in(client, centre, PASSWORD)
    assert (await client.get(f"/eforms/dossiers/{record.id}/print")).status_code == 200

    elsewhere = unique("tn")
    await new_staff(
        service.catalogue, "xa-tan-phu-pvhcc", "receiving_officer", username=elsewhere
    )
    await sign_in(client, elsewhere, PASSWORD)
    assert (await client.get(f"/eforms/dossiers/{record.id}/print")).status_code == 404


async def test_a_visitor_is_sent_to_sign_in(
    client: Any, service: DossierService
) -> None:
    record = await filed(service, await new_citizen(service.catalogue))
    page = await client.get(
        f"/eforms/dossiers/{record.id}/print", follow_redirects=False
    )
    assert page.status_code in (302, 303, 307)
    assert page.headers["location"].startswith("/login")


async def test_a_dossier_filed_without_a_form_has_nothing_to_print(
    client: Any, demo: Catalogue, tmp_path: Path
) -> None:
    who = await signed_in_citizen(client, demo)
    core_only = DossierService(demo, PluginManager(), LocalStorage(tmp_path / "f"))
    record = await core_only.file_dossier(
        draft_for(JUDICIAL, {"purpose": "x"}, account_id=who.account_id), who
    )
    page = await client.get(f"/eforms/dossiers/{record.id}/print")
    assert page.status_code == 404


# --- drafts -------------------------------------------------------------------------


async def test_a_citizen_keeps_a_draft_and_comes_back_to_the_filing_page(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    page = await client.post(
        f"/eforms/drafts/{JUDICIAL}",
        data={
            "_csrf_token": token(client),
            "purpose": "Du học",
            "residence_history[0].place": "12 Đường Lúa",
            "_count.residence_history": "1",
            "_eforms_draft": "save",
            "applicant.name": "Nguyễn Văn An",
        },
        follow_redirects=False,
    )
    assert page.status_code == 303
    assert page.headers["location"] == f"/procedures/{JUDICIAL}/file?draft=saved"
    draft = await load_draft(who.account_id, JUDICIAL)
    assert draft is not None
    assert draft.data["purpose"] == "Du học"
    assert draft.data == {
        "purpose": "Du học",
        "residence_history": [{"place": "12 Đường Lúa"}],
    }


async def test_a_draft_needs_the_page_s_csrf_token(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    page = await client.post(f"/eforms/drafts/{JUDICIAL}", data={"purpose": "x"})
    assert page.status_code == 403
    assert await load_draft(who.account_id, JUDICIAL) is None


async def test_staff_keep_no_drafts(client: Any, service: DossierService) -> None:
    username = unique("tn")
    officer = await new_staff(
        service.catalogue, "ttpvhcc", "receiving_officer", username=username
    )
    await sign_in(client, username, PASSWORD)
    page = await client.post(
        f"/eforms/drafts/{JUDICIAL}",
        data={"_csrf_token": token(client), "purpose": "x"},
    )
    assert page.status_code == 403
    assert await load_draft(officer.account_id, JUDICIAL) is None


async def test_a_procedure_not_filed_online_keeps_no_draft(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    page = await client.post(
        f"/eforms/drafts/{COPIES}",
        data={"_csrf_token": token(client), "so_trang": "2"},
    )
    assert page.status_code == 404
    assert await load_draft(who.account_id, COPIES) is None


async def test_a_citizen_discards_their_draft(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    await client.post(
        f"/eforms/drafts/{JUDICIAL}",
        data={"_csrf_token": token(client), "purpose": "Du học"},
    )
    assert await load_draft(who.account_id, JUDICIAL) is not None
    page = await client.post(
        f"/eforms/drafts/{JUDICIAL}/discard",
        data={"_csrf_token": token(client)},
        follow_redirects=False,
    )
    assert page.status_code == 303
    assert page.headers["location"] == f"/procedures/{JUDICIAL}/file"
    assert await load_draft(who.account_id, JUDICIAL) is None


# --- procedure and dossier pages ----------------------------------------------------


async def test_the_procedure_page_outlines_its_form(
    client: Any, demo: Catalogue
) -> None:
    page = await client.get(f"/procedures/{JUDICIAL}")
    assert page.status_code == 200
    assert "Quá trình cư trú" in page.text
    assert "Mục đích sử dụng Phiếu" in page.text
    assert "Thông tư số 06/2024/TT-BTP" in page.text


async def test_the_applicant_s_dossier_page_shows_the_form_and_its_print_link(
    client: Any, service: DossierService
) -> None:
    who = await signed_in_citizen(client, service.catalogue)
    record = await filed(service, who)
    page = await client.get(f"/my/dossiers/{record.code}")
    assert page.status_code == 200
    assert f"/eforms/dossiers/{record.id}/print" in page.text
    assert example(service.catalogue, JUDICIAL)["purpose"] in page.text


# --- the core's filing pages with the real plugin -----------------------------------


async def rendered_example(catalogue: Catalogue, code: str) -> list[tuple[str, str]]:
    """What a browser posts for the procedure's form filled with its example."""
    spec = catalogue.procedures[code]
    html = await render_filing_form(
        spec, section_of(catalogue, code), example(catalogue, code), {}, "vi"
    )
    return submit(str(html))


def as_form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Posted pairs as the client takes them, repeated names kept in order."""
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def page_fields(client: Any, code: str) -> list[tuple[str, str]]:
    unit, case = PLACES[code]
    fields = [
        ("_csrf_token", token(client)),
        ("unit_id", unit),
        ("applicant.name", "Nguyễn Văn An"),
        ("applicant.identifier_kind", "cccd"),
        ("applicant.identifier", new_cccd()),
    ]
    return [*fields, ("case_code", case)] if case else fields


async def test_a_citizen_files_online_through_the_filing_page(
    client: Any, demo: Catalogue
) -> None:
    who = await signed_in_citizen(client, demo)
    url = f"/procedures/{JUDICIAL}/file"
    form = await client.get(url)
    assert form.status_code == 200
    assert 'name="residence_history[0].from_date"' in form.text
    posted = [*page_fields(client, JUDICIAL), *await rendered_example(demo, JUDICIAL)]
    files = {"file.to-khai": ("to-khai.pdf", sample_pdf("To khai"), "application/pdf")}
    filed = await client.post(
        url, data=as_form(posted), files=files, follow_redirects=False
    )
    assert filed.status_code == 303, filed.text[:500]
    code = filed.headers["location"].removeprefix("/my/dossiers/").split("?")[0]
    record = await queries.load_by_code(code)
    assert record is not None
    assert record.account_id == who.account_id
    assert record.plugin_data["eforms"]["form"] == "tk-lltp"
    assert record.form_data["purpose"] == "Bổ sung hồ sơ xin việc"
    assert len(record.form_data["residence_history"]) == 3


async def test_adding_a_row_on_the_filing_page_files_nothing(
    client: Any, demo: Catalogue
) -> None:
    who = await signed_in_citizen(client, demo)
    posted = [
        *page_fields(client, JUDICIAL),
        ("purpose", "Du học"),
        ("residence_history[0].place", "12 Đường Lúa"),
        ("_count.residence_history", "1"),
        ("_add", "residence_history"),
    ]
    page = await client.post(f"/procedures/{JUDICIAL}/file", data=as_form(posted))
    # The page shows the form again, with the new row and what was typed.
    assert page.status_code in (200, 400)
    assert 'name="residence_history[1].place"' in page.text
    assert 'value="12 Đường Lúa"' in page.text
    assert 'value="Du học"' in page.text
    assert await Dossier.count().where(Dossier.account_id == who.account_id) == 0


async def test_the_counter_files_certified_copies_charged_by_page(
    client: Any, demo: Catalogue
) -> None:
    username = unique("tn")
    await new_staff(demo, "xa-an-binh-pvhcc", "receiving_officer", username=username)
    await sign_in(client, username, PASSWORD)
    url = f"/staff/intake/{COPIES}"
    form = await client.get(url)
    assert 'name="so_trang"' in form.text
    posted = [
        *page_fields(client, COPIES),
        ("applicant.kind", "citizen"),
        ("paper.ban-chinh", "1"),
        *[
            (name, "5" if name == "so_trang" else value)
            for name, value in await rendered_example(demo, COPIES)
        ],
    ]
    filed = await client.post(url, data=as_form(posted), follow_redirects=False)
    assert filed.status_code == 303, filed.text[:500]
    code = filed.headers["location"].rsplit("/", 1)[-1]
    record = await queries.load_by_code(code)
    assert record is not None
    assert (record.form_data["so_trang"], record.form_data["so_ban"]) == (5, 3)
    # Two pages at 2.000 đ and three at 1.000 đ, for each of three copies.
    assert record.plugin_data["fees"]["assessment"]["total"] == 21_000
