"""The public look-up: the code with the applicant's identifier or phone."""

from __future__ import annotations

from typing import Any

from tests.conftest import unique
from tests.core.web.conftest import Desk, new_cccd, token


async def test_a_printed_link_fills_in_the_code(client: Any) -> None:
    page = await client.get("/lookup", params={"code": "000.00.02.H99-261203-0001"})
    assert page.status_code == 200
    assert 'value="000.00.02.H99-261203-0001"' in page.text


async def test_the_right_pair_shows_status_and_progress_without_names(
    client: Any, desk: Desk
) -> None:
    identifier = new_cccd()
    record = await desk.file_counter(unique("Người nộp "), identifier)
    await desk.to_specialist(record)
    await client.get("/lookup")
    r = await client.post(
        "/lookup",
        data={"_csrf_token": token(client), "code": record.code, "secret": identifier},
        params={"lang": "en"},
    )
    assert r.status_code == 200
    assert 'id="result"' in r.text
    assert record.code in r.text
    assert "Processing" in r.text
    assert "Trần Thị Bình" not in r.text
    assert record.applicant_name not in r.text


async def test_a_wrong_pair_answers_like_an_unknown_code(
    client: Any, desk: Desk
) -> None:
    record = await desk.file_counter(unique("Người nộp "))
    await client.get("/lookup")
    wrong = await client.post(
        "/lookup",
        data={"_csrf_token": token(client), "code": record.code, "secret": new_cccd()},
    )
    unknown = await client.post(
        "/lookup",
        data={
            "_csrf_token": token(client),
            "code": "000.00.02.H99-000101-9999",
            "secret": new_cccd(),
        },
    )
    assert wrong.status_code == unknown.status_code == 404
    assert 'id="result"' not in wrong.text
    message = "Không tìm thấy hồ sơ khớp với mã và thông tin đã nhập."
    assert message in wrong.text
    assert message in unknown.text


async def test_both_fields_are_required(client: Any) -> None:
    await client.get("/lookup")
    r = await client.post(
        "/lookup",
        data={"_csrf_token": token(client), "code": "X"},
        params={"lang": "en"},
    )
    assert r.status_code == 400
    assert 'id="e-secret"' in r.text
    assert 'value="X"' in r.text


async def test_guessing_is_throttled(client: Any, desk: Desk) -> None:
    from core.dossiers.lookup import MAX_FAILURES
    from core.dossiers.tables import LookupAttempt

    # Other tests share the test client's address: start from a clean slate.
    await LookupAttempt.delete().where(LookupAttempt.key == "testclient")
    identifier = new_cccd()
    record = await desk.file_counter(unique("Người nộp "), identifier)
    await client.get("/lookup")
    for _ in range(MAX_FAILURES):
        wrong = await client.post(
            "/lookup",
            data={"_csrf_token": token(client), "code": record.code, "secret": "0"},
        )
        assert wrong.status_code == 404
    blocked = await client.post(
        "/lookup",
        data={"_csrf_token": token(client), "code": record.code, "secret": identifier},
        params={"lang": "en"},
    )
    assert blocked.status_code == 429
    assert "Too many unsuccessful look-ups" in blocked.text
    assert 'id="result"' not in blocked.text
    await LookupAttempt.delete().where(LookupAttempt.key == "testclient")


async def test_the_phone_number_also_opens_the_dossier(client: Any, desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    await client.get("/lookup")
    r = await client.post(
        "/lookup",
        data={
            "_csrf_token": token(client),
            "code": record.code,
            "secret": "0912 345 678",
        },
    )
    assert r.status_code == 200
    assert 'id="result"' in r.text
