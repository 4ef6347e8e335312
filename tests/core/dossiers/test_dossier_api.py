"""The dossier JSON API, printed documents and public look-up, through HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from core.accounts.service import NewAccount, create_account
from core.cli import SYSTEM as OPERATOR
from core.dossiers.lookup import MAX_FAILURES
from core.dossiers.tables import LookupAttempt
from tests.conftest import csrf, sign_in, unique
from tests.core.dossiers.conftest import JUDICIAL

PASSWORD = "a-long-enough-password"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


async def account(
    catalogue: Any, kind: str, unit: str | None = None, *roles: str
) -> str:
    username = unique(kind[:2])
    await create_account(
        NewAccount(
            username=username,
            password=PASSWORD,
            full_name=f"Người dùng {username}",
            kind=kind,
            unit_id=unit,
            roles=list(roles),
            identifier="001099012345" if kind == "citizen" else None,
        ),
        actor=OPERATOR if kind == "staff" else None,
        catalogue=catalogue,
    )
    return username


@contextlib.asynccontextmanager
async def signed_in(app: Any, username: str) -> AsyncIterator[Any]:
    async with AsyncTestClient(app=app) as client:
        await sign_in(client, username, PASSWORD)
        yield client


FILING = {
    "procedure_code": JUDICIAL,
    "unit_id": "stp",
    "case_code": "thong-thuong",
    "channel": "online",
    "applicant": {
        "kind": "citizen",
        "name": "Nguyễn Văn An",
        "identifier_kind": "cccd",
        "identifier": "001099012345",
        "phone": "0912345678",
    },
    "form_data": {"purpose": "xin việc"},
}


@pytest.fixture
async def people(app: Any, catalogue: Any) -> dict[str, str]:
    async with AsyncTestClient(app=app):  # start-up seeds units and versions
        pass
    return {
        "citizen": await account(catalogue, "citizen"),
        "stranger": await account(catalogue, "citizen"),
        "desk": await account(catalogue, "staff", "ttpvhcc", "receiving_officer"),
        "leader": await account(catalogue, "staff", "stp", "leader"),
    }


async def file_online(app: Any, username: str) -> dict[str, Any]:
    async with signed_in(app, username) as client:
        r = await client.post("/api/dossiers", json=FILING, headers=csrf(client))
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]


async def test_citizen_files_uploads_and_reads_back(
    app: Any, people: dict[str, str]
) -> None:
    view = await file_online(app, people["citizen"])
    dossier = view["dossier"]
    assert dossier["status"] == 1
    assert view["allowed_actions"] == ["withdraw"]
    assert view["step_name"] == "Tiếp nhận và chuyển hồ sơ"

    async with signed_in(app, people["citizen"]) as client:
        r = await client.post(
            f"/api/dossiers/{dossier['id']}/files",
            files={"file": ("to-khai.pdf", PDF, "application/pdf")},
            data={"component_code": "to-khai"},
            headers=csrf(client),
        )
        assert r.status_code == 201, r.text
        file_id = r.json()["id"]
        r = await client.get(f"/api/dossiers/{dossier['id']}/files/{file_id}")
        assert r.status_code == 200
        assert r.content == PDF
        assert r.headers["content-type"].startswith("application/pdf")
        assert r.headers["x-content-type-options"] == "nosniff"
        r = await client.get("/api/dossiers", params={"scope": "mine"})
        assert [d["code"] for d in r.json()["items"]] == [dossier["code"]]
        r = await client.post(
            f"/api/dossiers/{dossier['id']}/files",
            files={
                "file": ("evil.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")
            },
            data={"component_code": "to-khai"},
            headers=csrf(client),
        )
        assert r.status_code == 400
        assert r.json()["field"] == "file"

    async with signed_in(app, people["stranger"]) as client:
        for path in (
            f"/api/dossiers/{dossier['id']}",
            f"/api/dossiers/{dossier['id']}/files/{file_id}",
            f"/api/dossiers/{dossier['id']}/history",
        ):
            assert (await client.get(path)).status_code == 404


async def test_staff_act_with_versions_and_errors_carry_reasons(
    app: Any, people: dict[str, str]
) -> None:
    dossier = (await file_online(app, people["citizen"]))["dossier"]
    url = f"/api/dossiers/{dossier['id']}/actions"
    async with signed_in(app, people["desk"]) as client:
        inbox = await client.get(
            "/api/dossiers", params={"scope": "inbox", "q": dossier["code"]}
        )
        assert [d["code"] for d in inbox.json()["items"]] == [dossier["code"]]

        r = await client.post(
            f"{url}/refuse", json={"version": 1}, headers=csrf(client)
        )
        assert r.status_code == 400
        assert r.json()["field"] == "reason"

        r = await client.post(
            f"{url}/receive", json={"version": 1}, headers=csrf(client)
        )
        assert r.status_code == 200, r.text
        assert r.json()["dossier"]["status"] == 2
        assert r.json()["dossier"]["version"] == 2

        r = await client.post(
            f"{url}/receive", json={"version": 1}, headers=csrf(client)
        )
        assert r.status_code == 409
        assert "reload" in r.json()["error"] or "tải lại" in r.json()["error"]

        r = await client.post(
            f"{url}/receive", json={"version": 2}, headers=csrf(client)
        )
        assert r.status_code == 409

        history = (await client.get(f"/api/dossiers/{dossier['id']}/history")).json()
        assert [h["action"] for h in history] == ["submit", "receive"]

    async with signed_in(app, people["leader"]) as client:
        r = await client.post(
            f"{url}/forward", json={"version": 2}, headers=csrf(client)
        )
        assert r.status_code == 403

    async with AsyncTestClient(app=app) as visitor:
        r = await visitor.get(f"/api/dossiers/{dossier['id']}")
        assert r.status_code == 401


async def test_bad_filing_answers_400_with_the_field(
    app: Any, people: dict[str, str]
) -> None:
    bad = {**FILING, "applicant": {**FILING["applicant"], "identifier": "12345"}}
    async with signed_in(app, people["citizen"]) as client:
        r = await client.post("/api/dossiers", json=bad, headers=csrf(client))
    assert r.status_code == 400
    assert r.json()["field"] == "applicant.identifier"


async def test_printed_receipt_and_monitoring_sheet(
    app: Any, people: dict[str, str]
) -> None:
    dossier = (await file_online(app, people["citizen"]))["dossier"]
    async with signed_in(app, people["desk"]) as client:
        r = await client.get(f"/dossiers/{dossier['code']}/print/01")
        assert r.status_code == 404  # not received yet: no receipt exists
        await client.post(
            f"/api/dossiers/{dossier['id']}/actions/receive",
            json={"version": 1},
            headers=csrf(client),
        )
        r = await client.get(f"/dossiers/{dossier['code']}/print/01")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/html")
        page = r.text
        assert dossier["code"] in page
        assert "GIẤY TIẾP NHẬN HỒ SƠ" in page.upper()
        assert "<svg" in page
        assert " giờ " in page
        assert " phút, ngày " in page
        assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in page
        assert f"/lookup?code={dossier['code']}" in page
        sheet = await client.get(f"/dossiers/{dossier['code']}/print/06")
        assert sheet.status_code == 200
        assert "Tiếp nhận hồ sơ" in sheet.text
        assert (
            await client.get(f"/dossiers/{dossier['code']}/print/03")
        ).status_code == 404
        assert (
            await client.get(f"/dossiers/{dossier['code']}/print/99")
        ).status_code == 404
    async with signed_in(app, people["stranger"]) as client:
        r = await client.get(f"/dossiers/{dossier['code']}/print/06")
        assert r.status_code == 404


async def test_register_of_a_unit(app: Any, people: dict[str, str]) -> None:
    dossier = (await file_online(app, people["citizen"]))["dossier"]
    # The code carries the local day of filing, which the register's dates use.
    yymmdd = dossier["code"].split("-")[-2]
    day = f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
    async with signed_in(app, people["desk"]) as client:
        await client.post(
            f"/api/dossiers/{dossier['id']}/actions/receive",
            json={"version": 1},
            headers=csrf(client),
        )
        r = await client.get("/staff/register/print", params={"start": day, "end": day})
        assert r.status_code == 200
        assert dossier["code"] in r.text
        r = await client.get(
            "/staff/register/print", params={"start": day, "end": day, "unit_id": "syt"}
        )
        assert r.status_code == 404


async def test_public_lookup_reveals_nothing_to_wrong_pairs_and_throttles(
    app: Any, people: dict[str, str]
) -> None:
    dossier = (await file_online(app, people["citizen"]))["dossier"]
    await LookupAttempt.delete(force=True)
    async with AsyncTestClient(app=app) as visitor:
        await visitor.get("/login")  # picks up the CSRF cookie

        async def ask(code: str, secret: str) -> Any:
            return await visitor.post(
                "/api/lookup",
                json={"code": code, "secret": secret},
                headers=csrf(visitor),
            )

        good = await ask(dossier["code"], "001 099 012 345")
        assert good.status_code == 200, good.text
        body = good.json()
        assert body["status"] == 1
        assert [t["action"] for t in body["timeline"]] == ["submit"]
        assert "Nguyễn" not in good.text
        assert "0912345678" not in good.text
        by_phone = await ask(dossier["code"], "0912 345 678")
        assert by_phone.status_code == 200

        wrong = await ask(dossier["code"], "001099099999")
        unknown = await ask("000.00.02.H99-000000-9999", "001099012345")
        assert wrong.status_code == unknown.status_code == 404
        assert wrong.json() == unknown.json()

        for _ in range(MAX_FAILURES - 2):
            await ask(dossier["code"], "wrong")
        throttled = await ask(dossier["code"], "001099012345")
        assert throttled.status_code == 429
    await LookupAttempt.delete(force=True)


async def test_openapi_documents_the_dossier_api(client: Any) -> None:
    schema = (await client.get("/api/schema/openapi.json")).json()
    paths = schema["paths"]
    assert "/api/dossiers" in paths
    assert "/api/dossiers/{dossier_id}/actions/{action}" in paths
    assert "/api/lookup" in paths
    assert "FilingRequest" in schema["components"]["schemas"]
