"""A dossier keeps the procedure version it was filed under, even after the
province changes the procedure; the system's own actions survive concurrent edits."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
import pytest

from core.catalogue.canonical import content_hash
from core.catalogue.model import Duration
from core.dossiers.service import DossierService, StaleDossier
from core.dossiers.state import ActionInput
from core.dossiers.storage import LocalStorage
from core.errors import Conflict
from core.permissions import Actor
from tests.core.dossiers.conftest import JUDICIAL, Clock, draft

COPY_CODE = "9.000002.H99"
"""A copy of the judicial-record procedure that only these tests change, so that
the versions they store never touch the demo procedures other tests use."""


def with_copy(catalogue: Any, **changes: Any) -> Any:
    spec = msgspec.structs.replace(
        catalogue.procedures[JUDICIAL], code=COPY_CODE, **changes
    )
    return dataclasses.replace(
        catalogue,
        procedures={**catalogue.procedures, COPY_CODE: spec},
        hashes={**catalogue.hashes, COPY_CODE: content_hash(spec)},
        sources={**catalogue.sources, COPY_CODE: "procedures/copy.yaml"},
    )


async def test_old_dossier_keeps_its_workflow_after_the_procedure_changes(
    service: DossierService,
    catalogue: Any,
    core_only: Any,
    storage: LocalStorage,
    clock: Clock,
    team: dict[str, Actor],
) -> None:
    base = catalogue.procedures[JUDICIAL]
    original = DossierService(with_copy(catalogue), core_only, storage, clock=clock)
    old = await original.file_dossier(
        draft("counter", procedure=COPY_CODE), team["desk"]
    )
    # The province drops the verification step and shortens the time limit.
    steps = [s for s in base.workflow.steps if s.code != "tra-cuu-xac-minh"]
    newer = with_copy(
        catalogue,
        workflow=msgspec.structs.replace(base.workflow, steps=steps),
        processing_time=Duration(amount=3, unit="working_days"),
    )
    reloaded = DossierService(newer, core_only, storage, clock=clock)

    fresh = await reloaded.file_dossier(
        draft("counter", procedure=COPY_CODE), team["desk"]
    )
    assert fresh.procedure_version > old.procedure_version
    assert fresh.due_at is not None
    assert old.due_at is not None
    assert fresh.due_at < old.due_at

    moved_old = await reloaded.act(
        old.id, "forward", ActionInput(), team["desk"], old.version
    )
    assert moved_old.step_code == "tra-cuu-xac-minh"
    moved_new = await reloaded.act(
        fresh.id, "forward", ActionInput(), team["desk"], fresh.version
    )
    assert moved_new.step_code == "phe-duyet"


async def test_a_form_opened_on_the_old_version_is_refused(
    service: DossierService,
    catalogue: Any,
    core_only: Any,
    storage: LocalStorage,
    clock: Clock,
    citizen: Actor,
) -> None:
    original = DossierService(with_copy(catalogue), core_only, storage, clock=clock)
    current = await original.versions.current_version(COPY_CODE)
    newer = with_copy(
        catalogue, processing_time=Duration(amount=9, unit="working_days")
    )
    reloaded = DossierService(newer, core_only, storage, clock=clock)
    with pytest.raises(Conflict):
        await reloaded.file_dossier(
            draft(procedure=COPY_CODE, procedure_version=current), citizen
        )
    fresh = await reloaded.file_dossier(draft(procedure=COPY_CODE), citizen)
    assert fresh.procedure_version == await reloaded.versions.current_version(COPY_CODE)
    assert fresh.procedure_version != current


async def test_system_action_retries_after_a_concurrent_change(
    service: DossierService, team: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    dossier = await service.act(
        dossier.id, "request_payment", ActionInput(), team["desk"], dossier.version
    )
    real_act = service.act
    calls: list[int] = []

    async def officer_first(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[4])
        if len(calls) == 1:
            # An officer assigns the dossier just before the gateway's confirmation.
            await real_act(
                dossier.id,
                "assign",
                ActionInput(assignee_id=team["desk2"].account_id),
                team["desk"],
                dossier.version,
            )
        return await real_act(*args, **kwargs)

    monkeypatch.setattr(service, "act", officer_first)
    confirmed = await service.confirm_payment(dossier.id, {"txn": "123"})
    assert confirmed.status == 4
    assert confirmed.payment_status == "paid"
    assert confirmed.assignee_id == team["desk2"].account_id
    assert calls == [dossier.version, dossier.version + 1]


async def test_system_action_gives_up_after_its_attempts(
    service: DossierService, team: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])

    async def always_stale(*args: Any, **kwargs: Any) -> Any:
        raise StaleDossier()

    monkeypatch.setattr(service, "act", always_stale)
    with pytest.raises(StaleDossier):
        await service.act_as_system(dossier.id, "confirm_payment", attempts=2)
