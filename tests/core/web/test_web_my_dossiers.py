"""The applicant's pages: own dossiers only, supplement answers, withdrawal, rating."""

from __future__ import annotations

from typing import Any

from core.demo import sample_pdf
from core.dossiers import queries
from tests.conftest import unique
from tests.core.web.conftest import Desk, signed_in, token


def _version(page: Any) -> str:
    return page.text.split('name="version" value="')[1].split('"')[0]


async def test_an_applicant_sees_only_their_own_dossiers(
    client: Any, desk: Desk
) -> None:
    mine = await desk.file_online(name=unique("Người nộp "))
    walk_in = await desk.file_counter(unique("Người khác "))
    await signed_in(client, "congdan")
    listing = await client.get("/my/dossiers")
    assert mine.code in listing.text
    assert walk_in.code not in listing.text
    assert (await client.get(f"/my/dossiers/{mine.code}")).status_code == 200
    assert (await client.get(f"/my/dossiers/{walk_in.code}")).status_code == 404
    # Another citizen sees nothing of it either.
    await signed_in(client, "doanhnghiep")
    assert (await client.get(f"/my/dossiers/{mine.code}")).status_code == 404


async def test_staff_pages_of_a_dossier_are_closed_to_its_applicant(
    client: Any, desk: Desk
) -> None:
    mine = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    assert (await client.get(f"/staff/dossiers/{mine.code}")).status_code == 403


async def test_the_applicant_timeline_names_no_officer(client: Any, desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await desk.act(record, "tiepnhan.ttpvhcc", "receive")
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    assert "Tiếp nhận hồ sơ" in page.text
    assert "Trần Thị Bình" not in page.text  # the receiving officer


async def test_answering_a_supplement_request_resumes_the_dossier(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    record = await desk.act(record, "tiepnhan.ttpvhcc", "receive")
    record = await desk.act(record, "tiepnhan.ttpvhcc", "forward")
    record = await desk.act(
        record,
        "chuyenvien.stp",
        "request_supplement",
        reason="Bổ sung bản chụp căn cước",
    )
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    assert "Bổ sung bản chụp căn cước" in page.text
    assert f"/my/dossiers/{record.code}/supplement" in page.text
    r = await client.post(
        f"/my/dossiers/{record.code}/supplement",
        data={
            "_csrf_token": token(client),
            "version": _version(page),
            "reason": "Đã bổ sung",
        },
        files={
            "file.giay-to-tuy-than": (
                "can-cuoc.pdf",
                sample_pdf("Can cuoc"),
                "application/pdf",
            )
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:400]
    fresh = await queries.load(record.id)
    assert fresh is not None
    assert fresh.status == 4
    files = [a.original_name for a, _key in await queries.attachment_rows(record.id)]
    assert "can-cuoc.pdf" in files
    done = await client.get(r.headers["location"])
    assert "Hồ sơ bổ sung đã được gửi." in done.text


async def test_an_empty_supplement_is_refused_with_the_reason(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    record = await desk.act(
        record,
        "tiepnhan.ttpvhcc",
        "request_supplement",
        reason="Thiếu tờ khai có chữ ký",
    )
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    r = await client.post(
        f"/my/dossiers/{record.code}/supplement",
        data={"_csrf_token": token(client), "version": _version(page)},
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert "Attach the documents asked for" in r.text
    assert (await queries.load(record.id)).status == 5  # type: ignore[union-attr]


async def test_withdrawing_a_dossier(client: Any, desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    r = await client.post(
        f"/my/dossiers/{record.code}/withdraw",
        data={
            "_csrf_token": token(client),
            "version": _version(page),
            "withdraw_reason": "Không cần nữa",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (await queries.load(record.id)).status == 7  # type: ignore[union-attr]
    after = await client.get(f"/my/dossiers/{record.code}")
    assert f"/my/dossiers/{record.code}/withdraw" not in after.text


async def test_withdrawing_on_a_stale_page_shows_the_fresh_state(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    await desk.act(record, "tiepnhan.ttpvhcc", "receive")
    r = await client.post(
        f"/my/dossiers/{record.code}/withdraw",
        data={"_csrf_token": token(client), "version": _version(page)},
        params={"lang": "en"},
    )
    assert r.status_code == 409
    assert "Your dossier changed in the meantime" in r.text
    assert "Received" in r.text


async def test_rating_once_the_result_is_returned(client: Any, desk: Desk) -> None:
    record = await desk.to_returned(await desk.file_online(name=unique("Người nộp ")))
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}", params={"lang": "en"})
    assert "How satisfied are you with this service?" in page.text
    missing = await client.post(
        f"/my/dossiers/{record.code}/rating",
        data={"_csrf_token": token(client), "comment": "Nhanh"},
    )
    assert missing.status_code == 400
    assert 'value="Nhanh"' in missing.text or ">Nhanh</textarea>" in missing.text
    r = await client.post(
        f"/my/dossiers/{record.code}/rating",
        data={
            "_csrf_token": token(client),
            "level": "very_satisfied",
            "comment": "Nhanh gọn",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    after = await client.get(f"/my/dossiers/{record.code}", params={"lang": "en"})
    assert "Very satisfied" in after.text
    assert "How satisfied are you" not in after.text
    again = await client.post(
        f"/my/dossiers/{record.code}/rating",
        data={"_csrf_token": token(client), "level": "satisfied"},
    )
    assert again.status_code == 409


async def test_an_open_dossier_cannot_be_rated(client: Any, desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    assert f"/my/dossiers/{record.code}/rating" not in page.text
    r = await client.post(
        f"/my/dossiers/{record.code}/rating",
        data={"_csrf_token": token(client), "level": "satisfied"},
    )
    assert r.status_code == 409


async def test_an_expired_session_comes_back_to_the_applicants_dossier(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    page = await client.get(f"/my/dossiers/{record.code}")
    client.cookies.delete("motcua_session")
    url = f"/my/dossiers/{record.code}/withdraw"
    r = await client.post(
        url,
        data={"_csrf_token": token(client), "version": _version(page)},
        follow_redirects=False,
    )
    assert r.headers["location"] == f"/login?next={url}"
    await client.get("/login")
    back = await client.post(
        "/login",
        data={
            "_csrf_token": token(client),
            "username": "congdan",
            "password": "motcua-demo-2026",
            "next": url,
        },
    )
    assert back.status_code == 200
    assert back.url.path == f"/my/dossiers/{record.code}"
    assert (await queries.load(record.id)).status == 1  # type: ignore[union-attr]


async def test_the_applicant_prints_the_receipt_but_not_the_internal_sheet(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    before = await client.get(f"/my/dossiers/{record.code}")
    assert f"/dossiers/{record.code}/print/01" not in before.text  # not received yet
    await desk.act(record, "tiepnhan.ttpvhcc", "receive")
    after = await client.get(f"/my/dossiers/{record.code}")
    assert f"/dossiers/{record.code}/print/01" in after.text
    assert f"/dossiers/{record.code}/print/06" not in after.text
    receipt = await client.get(f"/dossiers/{record.code}/print/01")
    assert receipt.status_code == 200
    assert record.code in receipt.text


async def test_my_dossiers_come_a_page_at_a_time(client: Any, desk: Desk) -> None:
    for _ in range(21):
        await desk.file_online(name=unique("Người nộp "))
    await signed_in(client, "congdan")
    first = await client.get("/my/dossiers", params={"lang": "en"})
    assert 'rel="next"' in first.text
    assert first.text.count('href="/my/dossiers/') == 20
    second = await client.get("/my/dossiers", params={"page": "2"})
    assert 'rel="prev"' in second.text
    assert second.text.count('href="/my/dossiers/') >= 1
    odd = await client.get("/my/dossiers", params={"page": "x"})
    assert odd.status_code == 200
