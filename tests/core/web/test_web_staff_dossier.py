"""The staff dossier page: who sees it, which actions it offers, and acting from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import unique
from tests.core.web.conftest import Desk, signed_in, token


async def test_page_shows_the_dossier_and_only_the_allowed_actions(
    client: Any, desk: Desk
) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}", params={"lang": "en"})
    assert page.status_code == 200
    text = page.text
    assert record.applicant_name in text
    assert f"/staff/dossiers/{record.code}/actions/forward" in text
    assert f"/staff/dossiers/{record.code}/actions/request_supplement" in text
    # The specialist's step does not approve or return results.
    assert "/actions/approve" not in text
    assert "/actions/return_result" not in text
    # The next officer is chosen among the leaders of the department.
    assert "Phạm Thị Dung" in text
    assert "Take this dossier" in text


async def test_the_officer_of_another_unit_gets_404(client: Any, desk: Desk) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "motcua.anbinh")
    assert (await client.get(f"/staff/dossiers/{record.code}")).status_code == 404
    assert (
        await client.get("/staff/dossiers/000.00.02.H99-991231-9999")
    ).status_code == 404


async def test_forward_moves_the_dossier_and_records_it(
    client: Any, desk: Desk
) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    leader = await desk.actor("lanhdao.stp")
    await signed_in(client, "chuyenvien.stp")
    await client.get(f"/staff/dossiers/{record.code}")
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/forward",
        data={
            "_csrf_token": token(client),
            "version": str(record.version),
            "assignee_id": str(leader.account_id),
            "reason": "Đủ điều kiện",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    # The Judicial Records Office no longer sees a dossier the department's
    # leader now holds: the specialist lands in the inbox with a confirmation.
    assert r.headers["location"] == f"/staff?done=forward&code={record.code}"
    inbox = await client.get(r.headers["location"] + "&lang=en")
    assert "Done: Forward" in inbox.text
    assert record.code in inbox.text
    await signed_in(client, "lanhdao.stp")
    mine = await client.get("/staff", params={"tab": "mine", "q": record.code})
    assert record.code in mine.text
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert "Đủ điều kiện" in page.text  # the note is on the timeline


async def test_missing_reason_is_shown_next_to_the_field(
    client: Any, desk: Desk
) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/stop",
        data={"_csrf_token": token(client), "version": version, "reason": "   "},
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert 'id="a-stop-reason-e"' in r.text
    assert "Please give a reason." in r.text
    assert '<details class="danger" open id="action-stop">' in r.text


async def test_an_engine_refusal_keeps_what_was_typed(client: Any, desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    stranger = await desk.actor("motcua.anbinh")
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/forward",
        data={
            "_csrf_token": token(client),
            "version": version,
            "assignee_id": str(stranger.account_id),
            "reason": "ghi chú của tôi",
        },
    )
    assert r.status_code == 400
    assert "ghi chú của tôi" in r.text
    assert 'id="a-forward-assignee-e"' in r.text


async def test_a_stale_version_shows_the_conflict_and_the_fresh_state(
    client: Any, desk: Desk
) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    # Meanwhile a colleague asks the applicant for a supplement.
    await desk.act(
        record, "chuyenvien.stp", "request_supplement", reason="Thiếu bản chụp"
    )
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/forward",
        data={"_csrf_token": token(client), "version": version},
        params={"lang": "en"},
    )
    assert r.status_code == 409
    assert "Someone else changed this dossier" in r.text
    assert "Thiếu bản chụp" in r.text
    assert f'name="version" value="{int(version) + 1}"' in r.text


async def test_an_action_not_allowed_now_is_refused(client: Any, desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/approve",
        data={"_csrf_token": token(client), "version": version},
    )
    assert r.status_code in (403, 409)
    assert (await desk._reload(record)).status == 4


async def test_taking_a_dossier_from_the_pool(client: Any, desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    me = await desk.actor("chuyenvien.stp")
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/assign",
        data={
            "_csrf_token": token(client),
            "version": version,
            "assignee_id": str(me.account_id),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (await desk._reload(record)).assignee_id == me.account_id


async def test_after_handing_over_to_another_unit_the_officer_lands_in_the_inbox(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/forward",
        data={"_csrf_token": token(client), "version": version},
        follow_redirects=False,
    )
    assert r.status_code == 303
    # The centre receives for the department and still sees the dossier.
    assert r.headers["location"].startswith(f"/staff/dossiers/{record.code}")


async def test_files_open_inline_for_those_who_may_see_the_dossier(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}")
    link = page.text.split(f"/dossiers/{record.code}/files/")[1].split('"')[0]
    url = f"/dossiers/{record.code}/files/{link}"
    inline = await client.get(url)
    assert inline.status_code == 200
    assert inline.headers["content-type"].startswith("application/pdf")
    assert inline.headers["content-disposition"].startswith("inline")
    assert inline.headers["x-content-type-options"] == "nosniff"
    assert inline.content.startswith(b"%PDF")
    download = await client.get(url + "?download=1")
    assert download.headers["content-disposition"].startswith("attachment")
    await signed_in(client, "motcua.anbinh")
    assert (await client.get(url)).status_code == 404


async def test_print_links_follow_the_dossier_stage(client: Any, desk: Desk) -> None:
    received = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{received.code}")
    assert f"/dossiers/{received.code}/print/01" in page.text
    assert f"/dossiers/{received.code}/print/06" in page.text
    assert f"/dossiers/{received.code}/print/03" not in page.text
    refused = await desk.file_online(name=unique("Người nộp "))
    await desk.act(refused, "tiepnhan.ttpvhcc", "refuse", reason="Sai thẩm quyền")
    page = await client.get(f"/staff/dossiers/{refused.code}")
    assert f"/dossiers/{refused.code}/print/03" in page.text
    assert f"/dossiers/{refused.code}/print/01" not in page.text


async def test_an_expired_session_comes_back_to_the_dossier(
    client: Any, desk: Desk
) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    version = page.text.split('name="version" value="')[1].split('"')[0]
    client.cookies.delete("motcua_session")  # the session expired meanwhile
    url = f"/staff/dossiers/{record.code}/actions/forward"
    r = await client.post(
        url,
        data={"_csrf_token": token(client), "version": version},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == f"/login?next={url}"
    await client.get("/login")
    back = await client.post(
        "/login",
        data={
            "_csrf_token": token(client),
            "username": "chuyenvien.stp",
            "password": "motcua-demo-2026",
            "next": url,
        },
        follow_redirects=True,
    )
    assert back.status_code == 200
    assert back.url.path == f"/staff/dossiers/{record.code}"
    # Nothing was done while signed out.
    assert (await desk._reload(record)).version == int(version)


async def test_the_officer_at_the_step_digitises_a_paper_component(
    client: Any, desk: Desk
) -> None:
    from core.demo import sample_pdf
    from core.dossiers import queries

    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert f"/staff/dossiers/{record.code}/files" not in page.text  # not their step
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert 'name="component_code" value="to-khai"' in page.text
    r = await client.post(
        f"/staff/dossiers/{record.code}/files",
        data={"_csrf_token": token(client), "component_code": "to-khai"},
        files={"file": ("scan.pdf", sample_pdf("Scan"), "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    components = {c.component_code: c for c in await queries.components(record.id)}
    assert components["to-khai"].source == "digitised"
    assert r.headers["location"].startswith(f"/staff/dossiers/{record.code}?done=file")
    after = await client.get(r.headers["location"].split("#")[0] + "&lang=en")
    assert "The file was added." in after.text
    assert "scan.pdf" in after.text


async def test_a_refused_scan_is_reported_next_to_its_component(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    await client.get(f"/staff/dossiers/{record.code}")
    r = await client.post(
        f"/staff/dossiers/{record.code}/files",
        data={"_csrf_token": token(client), "component_code": "to-khai"},
        files={"file": ("scan.exe", b"MZ not a document", "application/pdf")},
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert 'id="e-scan-to-khai"' in r.text
    assert "This type of file is not accepted" in r.text


async def test_the_result_is_attached_while_processing(client: Any, desk: Desk) -> None:
    from core.demo import sample_pdf
    from core.dossiers import queries

    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert 'name="purpose" value="result"' in page.text
    r = await client.post(
        f"/staff/dossiers/{record.code}/files",
        data={"_csrf_token": token(client), "purpose": "result"},
        files={"file": ("phieu-lltp.pdf", sample_pdf("Phieu"), "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    purposes = {
        a.original_name: a.purpose for a, _k in await queries.attachment_rows(record.id)
    }
    assert purposes["phieu-lltp.pdf"] == "result"


def _version_of(page: Any) -> str:
    return str(page.text.split('name="version" value="')[1].split('"')[0])


async def test_sending_back_to_an_earlier_step(client: Any, desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    await signed_in(client, "chuyenvien.stp")
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert '<option value="tiep-nhan" selected>' in page.text
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/send_back",
        data={
            "_csrf_token": token(client),
            "version": _version_of(page),
            "target_step": "tiep-nhan",
            "reason": "Thiếu chữ ký trên tờ khai",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    fresh = await desk._reload(record)
    assert fresh.step_code == "tiep-nhan"


async def test_an_apology_sets_a_new_appointment(client: Any, desk: Desk) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}")
    assert 'id="action-apologise"' in page.text
    assert record.due_at is not None
    local_due = record.due_at.astimezone(desk.service.calendar.timezone).date()
    new_day = (local_due + dt.timedelta(days=10)).isoformat()
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/apologise",
        data={
            "_csrf_token": token(client),
            "version": _version_of(page),
            "reason": "Cần xác minh tại địa phương khác",
            "new_due_date": new_day,
            "new_due_time": "10:00",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    fresh = await desk._reload(record)
    assert fresh.apology_due_at is not None
    after = await client.get(f"/staff/dossiers/{record.code}")
    assert f"/dossiers/{record.code}/print/04" in after.text


async def test_an_apology_date_before_the_appointment_is_refused_by_its_field(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}")
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/apologise",
        data={
            "_csrf_token": token(client),
            "version": _version_of(page),
            "reason": "Chậm",
            "new_due_date": "2020-01-01",
        },
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert 'id="a-apologise-date-e"' in r.text
    assert 'value="2020-01-01"' in r.text


async def test_refusing_a_dossier_closes_it(client: Any, desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    page = await client.get(f"/staff/dossiers/{record.code}", params={"lang": "en"})
    assert "This ends the dossier without a result. Continue?" in page.text
    r = await client.post(
        f"/staff/dossiers/{record.code}/actions/refuse",
        data={
            "_csrf_token": token(client),
            "version": _version_of(page),
            "reason": "Không thuộc thẩm quyền",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    after = await client.get(f"/staff/dossiers/{record.code}")
    assert (await desk._reload(record)).status == 3
    assert "There is nothing for you to do on this dossier now." in after.text


def _png() -> bytes:
    """A one-pixel PNG image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xb3\x26\x1e")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


async def test_images_preview_inline_and_pdfs_on_demand(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await signed_in(client, "tiepnhan.ttpvhcc")
    await client.get(f"/staff/dossiers/{record.code}")
    r = await client.post(
        f"/staff/dossiers/{record.code}/files",
        data={"_csrf_token": token(client), "component_code": "giay-to-tuy-than"},
        files={"file": ("can-cuoc.png", _png(), "image/png")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    page = await client.get(f"/staff/dossiers/{record.code}")
    image = page.text.split('<div class="preview"><img src="')[1].split('"')[0]
    shown = await client.get(image)
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.content == _png()
