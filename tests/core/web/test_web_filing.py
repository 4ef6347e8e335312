"""Filing online: the form, its errors next to fields, and the filed dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.demo import form_data, sample_pdf
from tests.conftest import unique
from tests.core.web.conftest import new_cccd, post_names, signed_in, token

URL = "/procedures/2.000488.H99/file"


def _fields(client: Any, **changes: str) -> dict[str, str]:
    name, identifier = unique("Người nộp "), new_cccd()
    values = {
        "_csrf_token": token(client),
        "unit_id": "stp",
        "case_code": "thong-thuong",
        "applicant.name": name,
        "applicant.identifier_kind": "cccd",
        "applicant.identifier": identifier,
        "applicant.phone": "0912345678",
        "applicant.email": "",
        "applicant.address": "12 Lê Lợi",
        **post_names(form_data("2.000488.H99", name, identifier, dt.date.today())),
    }
    values.update(changes)
    return values


def _declaration() -> dict[str, Any]:
    return {"file.to-khai": ("to-khai.pdf", sample_pdf("To khai"), "application/pdf")}


async def test_visitor_is_asked_to_sign_in_and_comes_back(client: Any) -> None:
    r = await client.get(URL, follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == f"/login?next={URL}"


async def test_staff_do_not_file_online(client: Any) -> None:
    await signed_in(client, "tiepnhan.ttpvhcc")
    assert (await client.get(URL)).status_code == 403


async def test_counter_only_procedure_has_no_online_form(
    client: Any, catalogue: Any
) -> None:
    code = next(c for c, p in catalogue.procedures.items() if p.online_level == "none")
    await signed_in(client, "congdan")
    assert (await client.get(f"/procedures/{code}/file")).status_code == 404


async def test_the_form_is_filled_from_the_account(client: Any) -> None:
    await signed_in(client, "congdan")
    page = await client.get(URL)
    assert page.status_code == 200
    assert 'value="Nguyễn Văn An"' in page.text
    assert 'value="001099012345"' in page.text
    assert 'name="file.to-khai"' in page.text


async def test_filing_online_creates_the_dossier_and_shows_it(client: Any) -> None:
    await signed_in(client, "congdan")
    await client.get(URL)
    fields = _fields(client)
    r = await client.post(
        URL, data=fields, files=_declaration(), follow_redirects=False
    )
    assert r.status_code == 303, r.text[:500]
    location = r.headers["location"]
    assert location.startswith("/my/dossiers/")
    assert location.endswith("?filed=1")
    page = await client.get(location + "&lang=en")
    assert "Your dossier was filed." in page.text
    code = location.removeprefix("/my/dossiers/").split("?")[0]
    assert code.startswith("000.00.02.H99-")  # received by the service centre
    assert "Submitted online, awaiting receipt" in page.text
    assert "to-khai.pdf" in page.text
    listing = await client.get("/my/dossiers")
    assert code in listing.text


async def test_a_required_document_missing_is_said_next_to_its_input(
    client: Any,
) -> None:
    await signed_in(client, "congdan")
    await client.get(URL)
    fields = _fields(client, **{"applicant.name": "Tên đã gõ"})
    r = await client.post(URL, data=fields, params={"lang": "en"})
    assert r.status_code == 400
    assert 'id="e-file-to-khai"' in r.text
    assert "Attach this document." in r.text
    assert 'value="Tên đã gõ"' in r.text


async def test_a_bad_identifier_is_shown_next_to_the_field_with_the_input_kept(
    client: Any,
) -> None:
    await signed_in(client, "congdan")
    await client.get(URL)
    fields = _fields(client, **{"applicant.identifier": "12345"})
    r = await client.post(URL, data=fields, files=_declaration())
    assert r.status_code == 400
    assert 'id="e-applicant.identifier"' in r.text
    assert 'value="12345"' in r.text
    assert 'aria-invalid="true"' in r.text


async def test_a_file_of_a_refused_type_is_reported(client: Any) -> None:
    await signed_in(client, "congdan")
    await client.get(URL)
    files = {
        "file.to-khai": ("to-khai.pdf", b"just some text, not a PDF", "application/pdf")
    }
    r = await client.post(URL, data=_fields(client), files=files, params={"lang": "en"})
    assert r.status_code == 400
    assert "This type of file is not accepted" in r.text


async def test_the_error_summary_is_in_the_users_language(client: Any) -> None:
    await signed_in(client, "congdan")
    await client.get(URL)
    r = await client.post(URL, data=_fields(client), params={"lang": "vi"})
    assert r.status_code == 400
    assert "Hồ sơ chưa được nộp" in r.text


async def test_the_eform_is_part_of_the_filing_page(client: Any) -> None:
    await signed_in(client, "congdan")
    page = await client.get(URL)
    assert 'name="residence_history[0].place"' in page.text
    assert "/static/eforms/eforms.js" in page.text


async def test_eform_errors_are_shown_next_to_their_inputs(client: Any) -> None:
    from core.dossiers.tables import Dossier

    await signed_in(client, "congdan")
    await client.get(URL)
    fields = _fields(client, purpose="")
    before = await Dossier.count()
    r = await client.post(URL, data=fields, files=_declaration(), params={"lang": "en"})
    assert r.status_code == 400
    assert "Some answers in the form need correcting." in r.text
    assert 'id="ef-purpose"' in r.text
    assert (
        'aria-invalid="true"'
        in r.text.split('id="ef-purpose"')[0][-400:]
        + (r.text.split('id="ef-purpose"')[1][:400])
    )
    # What was typed in the e-form is kept.
    assert fields["birth_place"] in r.text
    assert await Dossier.count() == before


async def test_adding_a_row_shows_the_form_again_without_filing(client: Any) -> None:
    from core.dossiers.tables import Dossier

    await signed_in(client, "congdan")
    await client.get(URL)
    fields = _fields(client)
    fields["_count.residence_history"] = "1"
    fields["_add"] = "residence_history"
    before = await Dossier.count()
    r = await client.post(URL, data=fields, files=_declaration())
    assert r.status_code == 200
    assert 'name="residence_history[1].place"' in r.text
    assert fields["residence_history[0].place"] in r.text
    assert await Dossier.count() == before
