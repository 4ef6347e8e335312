"""More of the dossier service: closing a dossier, sending back, assignment,
per-procedure file limits and what each change leaves in the audit trail."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
import pytest

from core.accounts.tables import AuditEvent
from core.catalogue.canonical import content_hash
from core.catalogue.model import AttachmentRules
from core.dossiers import queries, reading
from core.dossiers.attachments import add_attachment
from core.dossiers.filing import Upload
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput, InvalidInput, NotAllowedForActor
from core.dossiers.storage import LocalStorage
from core.permissions import Actor
from tests.core.dossiers.conftest import JUDICIAL, Clock, draft

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def act(
    service: DossierService, dossier: Any, actor: Actor, action: str, **inputs: Any
) -> Any:
    return await service.act(
        dossier.id, action, ActionInput(**inputs), actor, dossier.version
    )


async def at_verification(service: DossierService, team: dict[str, Actor]) -> Any:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    return await act(
        service,
        dossier,
        team["desk"],
        "forward",
        assignee_id=team["specialist"].account_id,
    )


async def test_refusal_at_the_counter_closes_and_is_audited(
    service: DossierService, team: dict[str, Actor], clock: Clock
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    clock.advance(minutes=5)
    dossier = await act(service, dossier, team["desk2"], "refuse", reason="Hồ sơ giả")
    assert dossier.status == 3
    assert dossier.closed_at == clock.now
    audit = await AuditEvent.select().where(
        (AuditEvent.object_id == dossier.code) & (AuditEvent.action == "dossier_refuse")
    )
    assert len(audit) == 1
    assert audit[0]["actor_id"] == team["desk2"].account_id
    assert audit[0]["unit_id"] == "stp"
    detail = msgspec.json.decode(audit[0]["detail"])
    assert detail == {
        "from_status": 2,
        "to_status": 3,
        "from_step": "tiep-nhan",
        "to_step": "tiep-nhan",
    }
    # No personal data goes to the audit trail.
    assert "Nguyễn" not in audit[0]["detail"]


async def test_stop_and_staff_withdrawal_close_the_dossier(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await at_verification(service, team)
    stopped = await act(service, dossier, team["specialist"], "stop", reason="Chết")
    assert stopped.status == 8
    assert await service.allowed_actions(stopped, team["specialist"]) == frozenset()

    other = await at_verification(service, team)
    withdrawn = await act(
        service, other, team["specialist"], "withdraw", reason="Đơn xin rút"
    )
    assert withdrawn.status == 7
    assert (await queries.history(other.id))[-1].note == "Đơn xin rút"


async def test_send_back_to_the_desk_and_forward_again(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await at_verification(service, team)
    dossier = await act(
        service,
        dossier,
        team["specialist"],
        "send_back",
        reason="Thiếu bản sao",
        target_step="tiep-nhan",
        assignee_id=team["desk2"].account_id,
    )
    assert (dossier.status, dossier.step_code) == (4, "tiep-nhan")
    assert dossier.step_unit_id == "ttpvhcc"
    assert dossier.assignee_id == team["desk2"].account_id
    dossier = await act(service, dossier, team["desk2"], "forward")
    assert dossier.step_code == "tra-cuu-xac-minh"
    assert dossier.assignee_id is None


async def test_assignment_goes_to_colleagues_of_the_step_only(
    service: DossierService, team: dict[str, Actor], make_staff: Any
) -> None:
    dossier = await at_verification(service, team)
    dossier = await act(
        service,
        dossier,
        team["specialist"],
        "assign",
        assignee_id=team["specialist2"].account_id,
    )
    assert dossier.assignee_id == team["specialist2"].account_id
    elsewhere = await make_staff("stp", "specialist")
    for wrong in (elsewhere.account_id, team["leader"].account_id, 10**9):
        with pytest.raises(InvalidInput):
            await act(service, dossier, team["specialist"], "assign", assignee_id=wrong)
    # Back to the pool: both specialists find it again.
    dossier = await act(service, dossier, team["specialist2"], "assign")
    assert dossier.assignee_id is None


async def test_deactivated_officer_cannot_be_assigned(
    service: DossierService, team: dict[str, Actor]
) -> None:
    from core.accounts.tables import Account

    dossier = await at_verification(service, team)
    await Account.update({Account.active: False}).where(
        Account._meta.primary_key == team["specialist2"].account_id
    )
    with pytest.raises(InvalidInput):
        await act(
            service,
            dossier,
            team["specialist"],
            "assign",
            assignee_id=team["specialist2"].account_id,
        )


async def test_procedure_file_limits_apply_to_uploads(
    catalogue: Any,
    core_only: Any,
    storage: LocalStorage,
    clock: Clock,
    citizen: Actor,
) -> None:
    strict_code = "9.000003.H99"
    spec = msgspec.structs.replace(
        catalogue.procedures[JUDICIAL],
        code=strict_code,
        attachments=AttachmentRules(max_mb=0.0001, types=["png"]),
    )
    strict = DossierService(
        dataclasses.replace(
            catalogue,
            procedures={**catalogue.procedures, strict_code: spec},
            hashes={**catalogue.hashes, strict_code: content_hash(spec)},
            sources={**catalogue.sources, strict_code: "procedures/strict.yaml"},
        ),
        core_only,
        storage,
        clock=clock,
    )
    dossier = await strict.file_dossier(draft(procedure=strict_code), citizen)
    with pytest.raises(InvalidInput, match="not accepted"):
        await add_attachment(
            strict,
            dossier.id,
            Upload(filename="a.pdf", data=PDF, component_code="to-khai"),
            citizen,
        )
    with pytest.raises(InvalidInput, match="size"):
        await add_attachment(
            strict,
            dossier.id,
            Upload(
                filename="big.png", data=PNG + b"\x00" * 200, component_code="to-khai"
            ),
            citizen,
        )
    kept = await add_attachment(
        strict,
        dossier.id,
        Upload(filename="ok.png", data=PNG, component_code="to-khai"),
        citizen,
    )
    assert kept.extension == "png"
    assert kept.mime_type == "image/png"


async def test_upload_purpose_and_component_are_checked(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    with pytest.raises(InvalidInput) as caught:
        await add_attachment(
            service,
            dossier.id,
            Upload(filename="a.pdf", data=PDF, purpose="other"),
            citizen,
        )
    assert caught.value.field == "purpose"
    with pytest.raises(InvalidInput) as caught:
        await add_attachment(
            service,
            dossier.id,
            Upload(filename="a.pdf", data=PDF, component_code="unknown"),
            citizen,
        )
    assert caught.value.field == "component_code"
    with pytest.raises(NotAllowedForActor):
        await add_attachment(
            service,
            dossier.id,
            Upload(filename="kq.pdf", data=PDF, purpose="result"),
            citizen,
        )


async def test_file_records_keep_their_original_names_and_uploader(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(
        draft("counter"),
        team["desk"],
        files=[
            Upload(
                filename="Tờ khai (bản quét).pdf", data=PDF, component_code="to-khai"
            )
        ],
    )
    files = await reading.attachments(service, dossier.id, team["desk"])
    assert files[0].original_name == "Tờ khai (bản quét).pdf"
    assert files[0].uploaded_by == team["desk"].account_id
    assert files[0].size == len(PDF)
    parts = {c.component_code: c for c in await queries.components(dossier.id)}
    assert parts["to-khai"].source == "digitised"
