"""Attachments: type read from content, size limits, checksums and who may see them."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from core.catalogue.model import AttachmentRules
from core.dossiers import reading
from core.dossiers.attachments import (
    CorruptFile,
    add_attachment,
    read_attachment,
    record_component,
)
from core.dossiers.filing import ComponentInput, Upload
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput, InvalidInput, NotAllowedForActor
from core.dossiers.storage import LocalStorage, MissingFile, inspect_upload, new_key
from core.dossiers.tables import Attachment
from core.errors import NotFound
from core.permissions import Actor
from tests.core.dossiers.conftest import draft

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 60


# --- content checks -----------------------------------------------------------------


def test_type_is_read_from_content_not_from_the_name() -> None:
    rules = AttachmentRules(max_mb=1, types=["pdf", "png"])
    assert inspect_upload(PDF, rules).extension == "pdf"
    assert inspect_upload(PNG, rules).mime_type == "image/png"
    for refused in (EXE, b"just some text", b"\xff\xd8\xff\xe0" + b"\x00" * 20):
        with pytest.raises(InvalidInput) as caught:
            inspect_upload(refused, rules)
        assert caught.value.field == "file"


def test_size_limit_and_empty_files() -> None:
    rules = AttachmentRules(max_mb=0.001, types=["pdf"])
    with pytest.raises(InvalidInput, match="size"):
        inspect_upload(PDF + b"0" * 2000, rules)
    with pytest.raises(InvalidInput, match="empty"):
        inspect_upload(b"", rules)


def test_checksum_is_sha256_of_the_content() -> None:
    check = inspect_upload(PDF, AttachmentRules())
    assert check.sha256 == hashlib.sha256(PDF).hexdigest()
    assert check.size == len(PDF)


async def test_local_storage_round_trip_and_refuses_escaping_keys(
    tmp_path: Path,
) -> None:
    storage = LocalStorage(tmp_path)
    key = new_key("000.00.02.H99-261202-0001", "pdf")
    assert key.startswith("dossiers/000.00.02.H99-261202-0001/")
    await storage.put(key, PDF)
    assert await storage.get(key) == PDF
    await storage.delete(key)
    await storage.delete(key)
    with pytest.raises(MissingFile):
        await storage.get(key)
    for bad in ("../etc/passwd", "/abs/path", "a/../../b", ""):
        with pytest.raises(ValueError, match="invalid storage key"):
            await storage.put(bad, PDF)
    assert new_key("../../x", "pdf").startswith("dossiers/x/")


# --- on dossiers --------------------------------------------------------------------


async def test_filing_with_files_records_them_with_checksums(
    service: DossierService, citizen: Actor, storage: LocalStorage
) -> None:
    dossier = await service.file_dossier(
        draft(),
        citizen,
        files=[Upload(filename="to-khai.pdf", data=PDF, component_code="to-khai")],
    )
    files = await reading.attachments(service, dossier.id, citizen)
    assert len(files) == 1
    assert files[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert files[0].component_code == "to-khai"
    record, data = await read_attachment(service, dossier.id, files[0].id, citizen)
    assert data == PDF
    assert record.original_name == "to-khai.pdf"
    parts = {
        c.component_code: c
        for c in await reading.components(service, dossier.id, citizen)
    }
    assert parts["to-khai"].source == "uploaded"
    assert parts["giay-to-tuy-than"].source is None


async def test_refused_file_refuses_the_whole_filing(
    service: DossierService, citizen: Actor, storage: LocalStorage
) -> None:
    before = await Attachment.count()
    with pytest.raises(InvalidInput):
        await service.file_dossier(
            draft(),
            citizen,
            files=[
                Upload(filename="ok.pdf", data=PDF, component_code="to-khai"),
                Upload(filename="virus.pdf", data=EXE, component_code="to-khai"),
            ],
        )
    assert await Attachment.count() == before
    assert not list(storage.root.rglob("*.pdf"))


async def test_file_for_an_unknown_component_is_refused(
    service: DossierService, citizen: Actor
) -> None:
    with pytest.raises(InvalidInput):
        await service.file_dossier(
            draft(),
            citizen,
            files=[Upload(filename="x.pdf", data=PDF, component_code="nope")],
        )


async def test_only_those_who_see_the_dossier_download_its_files(
    service: DossierService, citizen: Actor, team: dict[str, Actor], make_citizen: Any
) -> None:
    dossier = await service.file_dossier(
        draft(),
        citizen,
        files=[Upload(filename="a.pdf", data=PDF, component_code="to-khai")],
    )
    file_id = (await reading.attachments(service, dossier.id, citizen))[0].id
    _, data = await read_attachment(service, dossier.id, file_id, team["desk"])
    assert data == PDF
    stranger = await make_citizen()
    for actor in (stranger, team["outsider"], None):
        with pytest.raises(NotFound):
            await read_attachment(service, dossier.id, file_id, actor)
    other = await service.file_dossier(draft(), stranger)
    with pytest.raises(NotFound):
        await read_attachment(service, other.id, file_id, stranger)


async def test_tampered_file_is_detected_on_download(
    service: DossierService, citizen: Actor, storage: LocalStorage
) -> None:
    dossier = await service.file_dossier(
        draft(),
        citizen,
        files=[Upload(filename="a.pdf", data=PDF, component_code="to-khai")],
    )
    file_id = (await reading.attachments(service, dossier.id, citizen))[0].id
    stored = next(storage.root.rglob("*.pdf"))
    stored.write_bytes(PDF + b"altered")
    with pytest.raises(CorruptFile):
        await read_attachment(service, dossier.id, file_id, citizen)


async def test_applicant_adds_files_only_while_awaiting_receipt_or_supplement(
    service: DossierService, citizen: Actor, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    upload = Upload(filename="cccd.png", data=PNG, component_code="giay-to-tuy-than")
    first = await add_attachment(service, dossier.id, upload, citizen)
    again = await add_attachment(service, dossier.id, upload, citizen)
    assert again.id == first.id

    dossier = await service.act(
        dossier.id, "receive", ActionInput(), team["desk"], dossier.version
    )
    late = Upload(filename="late.pdf", data=PDF, component_code="to-khai")
    with pytest.raises(NotAllowedForActor):
        await add_attachment(service, dossier.id, late, citizen)
    dossier = await service.act(
        dossier.id,
        "request_supplement",
        ActionInput(reason="Bổ sung tờ khai"),
        team["desk"],
        dossier.version,
    )
    added = await add_attachment(service, dossier.id, late, citizen)
    assert added.uploaded_by == citizen.account_id


async def test_staff_digitise_paper_and_attach_results(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    await record_component(
        service,
        dossier.id,
        ComponentInput(code="to-khai", paper_original=True, copies=1),
        team["desk"],
    )
    gaps = await reading.mismatches(service, dossier.id, team["desk"])
    assert [(g.component_code, g.kind) for g in gaps] == [
        ("to-khai", "paper_without_scan")
    ]

    await add_attachment(
        service,
        dossier.id,
        Upload(filename="scan.pdf", data=PDF, component_code="to-khai"),
        team["desk"],
    )
    parts = {
        c.component_code: c
        for c in await reading.components(service, dossier.id, team["desk"])
    }
    assert parts["to-khai"].source == "digitised"
    assert await reading.mismatches(service, dossier.id, team["desk"]) == []

    # The department's leader does not handle the receiving step.
    with pytest.raises(NotAllowedForActor):
        await record_component(
            service, dossier.id, ComponentInput(code="to-khai"), team["leader"]
        )
    with pytest.raises(NotAllowedForActor):
        await add_attachment(
            service,
            dossier.id,
            Upload(filename="kq.pdf", data=PDF, purpose="result"),
            team["desk"],
        )


async def test_scan_without_paper_where_originals_are_required(
    service: DossierService, citizen: Actor, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(
        draft(),
        citizen,
        files=[Upload(filename="a.pdf", data=PDF, component_code="to-khai")],
    )
    gaps = await reading.mismatches(service, dossier.id, team["desk"])
    assert [(g.component_code, g.kind) for g in gaps] == [
        ("to-khai", "scan_without_paper")
    ]


async def test_required_component_with_nothing_is_missing(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    gaps = await reading.mismatches(service, dossier.id, team["desk"])
    # The request form is required; the identity copy and the power of attorney not.
    assert [(g.component_code, g.kind) for g in gaps] == [("to-khai", "missing")]
