"""Files and components of an existing dossier: uploads, downloads, paper receipt.

The applicant adds files while the dossier awaits receipt or a supplement; staff
handling the current step digitise paper components and attach electronic results.
Each file is checked by content against its procedure's limits and stored with its
SHA-256 checksum, which is verified again on download.
"""

from __future__ import annotations

import hashlib

import structlog

from core import audit
from core.db import transaction
from core.dossiers import engine, queries, reading
from core.dossiers.filing import (
    ComponentInput,
    Upload,
    check_components,
    components_of,
)
from core.dossiers.records import (
    AttachmentRecord,
    ComponentRecord,
    DossierRecord,
    state_of,
)
from core.dossiers.service import DossierService
from core.dossiers.state import InvalidInput, NotAllowedForActor
from core.dossiers.statuses import OPEN, Status
from core.dossiers.storage import FileCheck, inspect_upload, new_key
from core.dossiers.tables import Attachment, DossierComponent
from core.errors import NotFound
from core.permissions import Actor

__all__ = ["CorruptFile", "add_attachment", "read_attachment", "record_component"]

log = structlog.get_logger(__name__)
_APPLICANT_UPLOADS = frozenset({Status.SUBMITTED, Status.SUPPLEMENT})
_RESULT_UPLOADS = frozenset({Status.PROCESSING, Status.RESOLVED})


class CorruptFile(RuntimeError):
    """A stored file no longer matches the checksum recorded at upload."""


async def _may_upload(
    service: DossierService, record: DossierRecord, actor: Actor, purpose: str
) -> None:
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    state = state_of(record)
    status = Status(record.status)
    handles = engine.handles(actor, state, service.context(procedure))
    if purpose == "result":
        allowed = handles and status in _RESULT_UPLOADS
    elif engine.is_applicant(actor, state):
        allowed = status in _APPLICANT_UPLOADS
    else:
        allowed = handles and status in OPEN
    if not allowed:
        raise NotAllowedForActor(
            "Bạn không thể thêm tệp vào hồ sơ ở trạng thái này.",
            "You cannot add files to this dossier in its present state.",
        )


async def add_attachment(
    service: DossierService, dossier_id: int, upload: Upload, actor: Actor
) -> AttachmentRecord:
    """Attach a file to a dossier.

    Uploading the same content twice for the same component stores it once and
    returns the first record.

    Args:
        service: the dossier service (catalogue, storage, clock).
        dossier_id: the dossier.
        upload: the file, its component (or ``purpose="result"``).
        actor: who uploads.

    Returns:
        The stored file's record.

    Raises:
        NotFound: the actor may not see the dossier.
        NotAllowedForActor: the actor may not add files now.
        InvalidInput: unknown component, or a file refused by the limits.
    """
    record = await reading.get(service, dossier_id, actor)
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    if upload.purpose not in ("component", "result"):
        raise InvalidInput(
            "Mục đích tệp không hợp lệ.", "Invalid file purpose.", field="purpose"
        )
    if upload.purpose == "component":
        known = {c.code for c in components_of(procedure, record.case_code)}
        if upload.component_code not in known:
            raise InvalidInput(
                "Thành phần hồ sơ không thuộc thủ tục này.",
                "The component does not belong to this procedure.",
                field="component_code",
            )
    await _may_upload(service, record, actor, upload.purpose)
    check = inspect_upload(upload.data, procedure.attachments)
    for existing, _key in await queries.attachment_rows(dossier_id):
        if (
            existing.sha256 == check.sha256
            and existing.component_code == upload.component_code
        ):
            return existing
    return await _store(service, record, upload, check, actor)


async def _store(
    service: DossierService,
    record: DossierRecord,
    upload: Upload,
    check: FileCheck,
    actor: Actor,
) -> AttachmentRecord:
    key = new_key(record.code, check.extension)
    await service.storage.put(key, upload.data)
    now = service.clock()
    source = "digitised" if actor.is_staff else "uploaded"
    try:
        async with transaction():
            rows = await Attachment.insert(
                Attachment(
                    dossier=record.id,
                    component_code=upload.component_code
                    if upload.purpose == "component"
                    else None,
                    purpose=upload.purpose,
                    storage_key=key,
                    original_name=upload.filename[:255] or f"file.{check.extension}",
                    mime_type=check.mime_type,
                    extension=check.extension,
                    size=check.size,
                    sha256=check.sha256,
                    uploaded_by=actor.account_id,
                    uploaded_at=now,
                )
            ).returning(Attachment.id)
            if upload.purpose == "component":
                await DossierComponent.update({DossierComponent.source: source}).where(
                    (DossierComponent.dossier == record.id)
                    & (DossierComponent.component_code == upload.component_code)
                    & DossierComponent.source.is_null()
                )
            await audit.record(
                "dossier_file_added",
                actor=actor,
                object_type="dossier",
                object_id=record.code,
                unit_id=record.unit_id,
                detail={
                    "component": upload.component_code,
                    "purpose": upload.purpose,
                    "sha256": check.sha256,
                    "size": check.size,
                },
            )
    except BaseException:
        await service.storage.delete(key)
        raise
    found = await queries.attachment_rows(record.id, int(rows[0]["id"]))
    return found[0][0]


async def read_attachment(
    service: DossierService, dossier_id: int, attachment_id: int, actor: Actor | None
) -> tuple[AttachmentRecord, bytes]:
    """A file of a dossier, for an account allowed to see the dossier.

    Raises:
        NotFound: no such file on a dossier the actor may see.
        CorruptFile: the stored bytes no longer match their checksum.
    """
    await reading.get(service, dossier_id, actor)
    found = await queries.attachment_rows(dossier_id, attachment_id)
    if not found:
        raise NotFound("Không tìm thấy tệp.", "No such file.")
    record, key = found[0]
    data = await service.storage.get(key)
    if hashlib.sha256(data).hexdigest() != record.sha256:
        log.error(
            "attachment_checksum_failure",
            dossier_id=dossier_id,
            attachment=attachment_id,
        )
        raise CorruptFile(f"attachment {attachment_id} does not match its checksum")
    return record, data


async def record_component(
    service: DossierService, dossier_id: int, item: ComponentInput, actor: Actor
) -> ComponentRecord:
    """Record what was handed in on paper for one component (counter, post).

    Raises:
        NotAllowedForActor: the actor does not handle the dossier's current step.
        InvalidInput: unknown component or invalid values.
    """
    record = await reading.get(service, dossier_id, actor)
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    state = state_of(record)
    if (
        not engine.handles(actor, state, service.context(procedure))
        or Status(record.status) not in OPEN
    ):
        raise NotAllowedForActor(
            "Bạn không xử lý hồ sơ ở bước hiện tại.",
            "You do not handle the dossier's current step.",
        )
    check_components(procedure, record.case_code, [item], [])
    async with transaction():
        await DossierComponent.update(
            {
                DossierComponent.paper_original: item.paper_original,
                DossierComponent.copies: item.copies,
                DossierComponent.note: item.note,
                DossierComponent.source: item.source,
                DossierComponent.reused_from: item.reused_from,
            }
        ).where(
            (DossierComponent.dossier == dossier_id)
            & (DossierComponent.component_code == item.code)
        )
        await audit.record(
            "dossier_component_recorded",
            actor=actor,
            object_type="dossier",
            object_id=record.code,
            unit_id=record.unit_id,
            detail={
                "component": item.code,
                "paper_original": item.paper_original,
                "copies": item.copies,
            },
        )
    return next(
        c for c in await queries.components(dossier_id) if c.component_code == item.code
    )
