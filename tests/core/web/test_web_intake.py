"""Counter intake: the procedures a counter receives, filing, and the receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.demo import form_data, sample_pdf
from core.dossiers import queries
from tests.conftest import unique
from tests.core.web.conftest import new_cccd, post_names, signed_in, token

FORM = "/staff/intake/2.000488.H99"


def _fields(client: Any, **changes: str) -> dict[str, str]:
    name, identifier = unique("Người nộp "), new_cccd()
    values = {
        **post_names(form_data("2.000488.H99", name, identifier, dt.date.today())),
        "_csrf_token": token(client),
        "unit_id": "stp",
        "case_code": "thong-thuong",
        "applicant.kind": "citizen",
        "applicant.name": name,
        "applicant.identifier_kind": "cccd",
        "applicant.identifier": identifier,
        "applicant.phone": "0987654321",
        "paper.to-khai": "1",
        "copies.to-khai": "0",
        "copies.giay-to-tuy-than": "2",
    }
    values.update(changes)
    return values


async def test_only_receiving_officers_file_at_the_counter(client: Any) -> None:
    await signed_in(client, "chuyenvien.stp")
    assert (await client.get("/staff/intake")).status_code == 403
    await signed_in(client, "congdan")
    assert (await client.get("/staff/intake")).status_code == 403


async def test_a_counter_lists_only_the_procedures_it_receives(client: Any) -> None:
    await signed_in(client, "tiepnhan.ttpvhcc")
    centre = await client.get("/staff/intake")
    assert "/staff/intake/2.000488.H99" in centre.text
    assert "/staff/intake/1.001193.H99" not in centre.text  # births: at the commune
    await signed_in(client, "tiepnhan.anbinh")
    commune = await client.get("/staff/intake")
    assert "/staff/intake/1.001193.H99" in commune.text
    assert "/staff/intake/2.000488.H99" not in commune.text
    assert (await client.get(FORM)).status_code == 404


async def test_search_narrows_the_list(client: Any) -> None:
    await signed_in(client, "tiepnhan.anbinh")
    page = await client.get("/staff/intake", params={"q": "khai sinh"})
    assert "/staff/intake/1.001193.H99" in page.text
    assert "/staff/intake/1.000894.H99" not in page.text  # marriage


async def test_filing_at_the_counter_receives_and_offers_the_receipt(
    client: Any,
) -> None:
    await signed_in(client, "tiepnhan.ttpvhcc")
    await client.get(FORM)
    fields = _fields(client)
    files = {"file.to-khai": ("to-khai.pdf", sample_pdf("To khai"), "application/pdf")}
    r = await client.post(FORM, data=fields, files=files, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    code = r.headers["location"].removeprefix("/staff/intake/filed/")
    done = await client.get(r.headers["location"], params={"lang": "en"})
    assert "Dossier received" in done.text
    assert f'href="/dossiers/{code}/print/01"' in done.text
    record = await queries.load_by_code(code)
    assert record is not None
    assert record.status == 2
    assert record.channel == 1
    received = {c.component_code: c for c in await queries.components(record.id)}
    assert received["to-khai"].paper_original is True
    assert received["giay-to-tuy-than"].copies == 2
    assert received["to-khai"].source == "digitised"  # scanned at the counter
    receipt = await client.get(f"/dossiers/{code}/print/01")
    assert receipt.status_code == 200
    assert code in receipt.text


async def test_a_counter_error_keeps_the_form_filled(client: Any) -> None:
    await signed_in(client, "tiepnhan.ttpvhcc")
    await client.get(FORM)
    fields = _fields(
        client, **{"applicant.identifier": "0010", "applicant.name": "Tên giữ lại"}
    )
    r = await client.post(FORM, data=fields)
    assert r.status_code == 400
    assert 'id="e-applicant.identifier"' in r.text
    assert 'value="Tên giữ lại"' in r.text
    assert 'name="paper.to-khai" value="1" checked' in r.text


async def test_a_commune_counter_files_a_birth(client: Any) -> None:
    await signed_in(client, "tiepnhan.anbinh")
    form = "/staff/intake/1.001193.H99"
    page = await client.get(form)
    assert page.status_code == 200
    # One commune is received here: its unit is chosen already.
    assert 'name="unit_id" value="xa-an-binh"' in page.text
    name, identifier = unique("Mẹ "), new_cccd()
    fields = {
        **post_names(form_data("1.001193.H99", name, identifier, dt.date.today())),
        "_csrf_token": token(client),
        "unit_id": "xa-an-binh",
        "applicant.kind": "citizen",
        "applicant.name": name,
        "applicant.identifier_kind": "cccd",
        "applicant.identifier": identifier,
        "paper.to-khai": "1",
        "paper.giay-chung-sinh": "1",
    }
    r = await client.post(form, data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text[:400]
    code = r.headers["location"].removeprefix("/staff/intake/filed/")
    assert code.startswith("000.01.52.H99-")  # the commune centre's code
    record = await queries.load_by_code(code)
    assert record is not None
    assert record.unit_id == "xa-an-binh"
    assert record.receiving_unit_id == "xa-an-binh-pvhcc"


async def test_a_receiving_unit_does_not_file_for_a_unit_it_does_not_serve(
    client: Any,
) -> None:
    await signed_in(client, "tiepnhan.anbinh")
    await client.get("/staff/intake/1.001193.H99")
    r = await client.post(
        "/staff/intake/1.001193.H99",
        data={"_csrf_token": token(client), "unit_id": "xa-tan-phu"},
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert "Choose the agency that handles the dossier." in r.text
