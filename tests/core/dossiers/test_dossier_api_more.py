"""More of the dossier API: counter intake with components, the paper check,
results, ratings, listings' parameters and the permission every route declares."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from core.dossiers.api import routes
from core.permissions import PERMISSIONS, PUBLIC, SIGNED_IN
from tests.conftest import csrf
from tests.core.dossiers.test_dossier_api import (
    FILING,
    PDF,
    account,
    file_online,
    signed_in,
)


@pytest.fixture
async def crew(app: Any, catalogue: Any) -> dict[str, str]:
    async with AsyncTestClient(app=app):  # start-up seeds units and versions
        pass
    return {
        "citizen": await account(catalogue, "citizen"),
        "desk": await account(catalogue, "staff", "ttpvhcc", "receiving_officer"),
        "specialist": await account(catalogue, "staff", "stp-lltp", "specialist"),
        "leader": await account(catalogue, "staff", "stp", "leader"),
        "clerk": await account(catalogue, "staff", "stp", "clerk"),
    }


async def act(client: Any, dossier: dict[str, Any], action: str, **body: Any) -> Any:
    response = await client.post(
        f"/api/dossiers/{dossier['id']}/actions/{action}",
        json={"version": dossier["version"], **body},
        headers=csrf(client),
    )
    assert response.status_code == 200, response.text
    return response.json()["dossier"]


def test_every_dossier_route_declares_a_permission() -> None:
    allowed = {PUBLIC, SIGNED_IN, *PERMISSIONS}
    handlers: list[Any] = []
    for item in routes():
        handlers += (
            [h for h in vars(item).values() if hasattr(h, "opt")]
            if isinstance(item, type)
            else [item]
        )
    assert len(handlers) == 16
    for handler in handlers:
        assert handler.opt.get("permission") in allowed, handler


async def test_counter_intake_with_components_and_the_paper_check(
    app: Any, crew: dict[str, str]
) -> None:
    counter = {
        **FILING,
        "channel": "counter",
        "components": [{"code": "to-khai", "paper_original": True, "copies": 1}],
    }
    async with signed_in(app, crew["desk"]) as client:
        r = await client.post("/api/dossiers", json=counter, headers=csrf(client))
        assert r.status_code == 201, r.text
        dossier = r.json()["dossier"]
        assert dossier["status"] == 2
        assert dossier["channel"] == 1
        base = f"/api/dossiers/{dossier['id']}"

        parts = (await client.get(f"{base}/components")).json()
        assert {p["component_code"]: p["paper_original"] for p in parts}["to-khai"]
        gaps = (await client.get(f"{base}/mismatches")).json()
        assert gaps == [{"component_code": "to-khai", "kind": "paper_without_scan"}]

        r = await client.put(
            f"{base}/components/giay-to-tuy-than",
            json={"copies": 1, "note": "Bản photo"},
            headers=csrf(client),
        )
        assert r.status_code == 200, r.text
        assert r.json()["copies"] == 1
        r = await client.post(
            f"{base}/files",
            files={"file": ("scan.pdf", PDF, "application/pdf")},
            data={"component_code": "to-khai"},
            headers=csrf(client),
        )
        assert r.status_code == 201
        gaps = (await client.get(f"{base}/mismatches")).json()
        assert gaps == [
            {"component_code": "giay-to-tuy-than", "kind": "paper_without_scan"}
        ]

        by_code = await client.get(f"/api/dossiers/by-code/{dossier['code']}")
        assert by_code.json()["dossier"]["id"] == dossier["id"]
        assert by_code.json()["timeliness"] == "within_deadline"


async def test_result_file_rating_and_withdrawal_through_the_api(
    app: Any, crew: dict[str, str]
) -> None:
    dossier = (await file_online(app, crew["citizen"]))["dossier"]
    async with signed_in(app, crew["desk"]) as client:
        dossier = await act(client, dossier, "receive")
        dossier = await act(client, dossier, "forward")
    async with signed_in(app, crew["specialist"]) as client:
        dossier = await act(client, dossier, "forward")
    async with signed_in(app, crew["leader"]) as client:
        dossier = await act(client, dossier, "approve")
    async with signed_in(app, crew["clerk"]) as client:
        r = await client.post(
            f"/api/dossiers/{dossier['id']}/files",
            files={"file": ("ket-qua.pdf", PDF, "application/pdf")},
            data={"purpose": "result"},
            headers=csrf(client),
        )
        assert r.status_code == 201, r.text
        assert r.json()["purpose"] == "result"
        dossier = await act(client, dossier, "resolve")
    assert dossier["status"] == 9

    async with signed_in(app, crew["citizen"]) as client:
        r = await client.post(
            f"/api/dossiers/{dossier['id']}/rating",
            json={"level": "satisfied"},
            headers=csrf(client),
        )
        assert r.status_code == 201
        again = await client.post(
            f"/api/dossiers/{dossier['id']}/rating",
            json={"level": "not_satisfied"},
            headers=csrf(client),
        )
        assert again.status_code == 409
        wrong = await client.post(
            f"/api/dossiers/{dossier['id']}/rating",
            json={"level": "delighted"},
            headers=csrf(client),
        )
        assert wrong.status_code == 400

    other = (await file_online(app, crew["citizen"]))["dossier"]
    async with signed_in(app, crew["citizen"]) as client:
        withdrawn = await act(client, other, "withdraw")
        assert withdrawn["status"] == 7
        r = await client.get(f"/api/dossiers/{other['id']}")
        assert r.json()["allowed_actions"] == []


async def test_listing_parameters_are_checked(app: Any, crew: dict[str, str]) -> None:
    await file_online(app, crew["citizen"])
    async with signed_in(app, crew["citizen"]) as client:
        r = await client.get("/api/dossiers", params={"scope": "unit"})
        assert r.status_code == 403
        r = await client.get("/api/dossiers", params={"scope": "everything"})
        assert r.status_code == 400
        r = await client.get("/api/dossiers", params={"per_page": "many"})
        assert r.status_code == 400
        r = await client.get(
            "/api/dossiers", params={"scope": "mine", "status": [1, 2], "per_page": 1}
        )
        assert r.status_code == 200
        body = r.json()
        assert body["per_page"] == 1
        assert len(body["items"]) == 1
    async with signed_in(app, crew["leader"]) as client:
        r = await client.get(
            "/api/dossiers",
            params={
                "scope": "unit",
                "procedure_code": FILING["procedure_code"],
                "sort": "due",
                "overdue": "true",
            },
        )
        assert r.status_code == 200
        assert all(d["status"] in (2, 4, 5, 6) for d in r.json()["items"])


async def test_staff_may_not_file_online_and_citizens_may_not_file_at_the_counter(
    app: Any, crew: dict[str, str]
) -> None:
    async with signed_in(app, crew["desk"]) as client:
        r = await client.post("/api/dossiers", json=FILING, headers=csrf(client))
        assert r.status_code == 403
    async with signed_in(app, crew["citizen"]) as client:
        r = await client.post(
            "/api/dossiers", json={**FILING, "channel": "counter"}, headers=csrf(client)
        )
        assert r.status_code == 403
        r = await client.post(
            "/api/dossiers",
            json={**FILING, "procedure_code": "0.0"},
            headers=csrf(client),
        )
        assert r.status_code == 404
