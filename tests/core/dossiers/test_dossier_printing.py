"""Printed documents: which exist when, what they say, and the QR code's content."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.dossiers import queries
from core.dossiers.printing import (
    DOCUMENTS,
    applies,
    load_print_data,
    lookup_url,
    print_environment,
    qr_payload,
    qr_svg,
    render_document,
    render_register,
)
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.errors import NotFound
from core.permissions import Actor
from tests.core.dossiers.conftest import TZ, Clock, draft

BASE = "https://dichvucong.tinhdemo.example"
ENV = print_environment()


async def render(service: DossierService, dossier: Any, number: str) -> str:
    record = await queries.load(dossier.id)
    assert record is not None
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    data = await load_print_data(record, procedure)
    return render_document(ENV, number, data, service.catalogue, BASE, service.clock())


async def act(
    service: DossierService, dossier: Any, actor: Actor, action: str, **inputs: Any
) -> Any:
    return await service.act(
        dossier.id, action, ActionInput(**inputs), actor, dossier.version
    )


def test_qr_payload_carries_code_procedure_identifier_document_and_link() -> None:
    class Record:
        code = "000.00.02.H99-261202-0007"
        procedure_code = "2.000488.H99"
        applicant_identifier = "001099012345"

    text = qr_payload(Record(), DOCUMENTS["01"], BASE)  # type: ignore[arg-type]
    assert "000.00.02.H99-261202-0007" in text
    assert "2.000488.H99" in text
    assert "001099012345" in text
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in text
    assert f"{BASE}/lookup?code=000.00.02.H99-261202-0007" in text
    svg = qr_svg(text)
    assert svg.startswith("<svg")
    assert "<script" not in svg


def test_lookup_url_escapes_the_code() -> None:
    assert lookup_url(BASE + "/", "A B&C") == f"{BASE}/lookup?code=A+B%26C"


async def test_receipt_states_times_in_official_wording(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    page = await render(service, dossier, "01")
    assert "09 giờ 00 phút, ngày 02 tháng 12 năm 2026" in page  # received
    assert "09 giờ 00 phút, ngày 16 tháng 12 năm 2026" in page  # appointment
    assert "10 ngày làm việc" in page
    assert "Trung tâm Phục vụ hành chính công tỉnh Demo" in page
    assert "Nguyễn Văn An" in page
    assert "001099012345" in page
    assert "Cán bộ ttpvhcc" in page  # the receiving officer signs
    assert "Tỉnh Demo, ngày 02 tháng 12 năm 2026" in page
    assert "@page { size: A4 portrait" in page


async def test_documents_exist_only_once_their_event_happened(
    service: DossierService, team: dict[str, Actor], clock: Clock
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    record = await queries.load(dossier.id)
    assert record is not None
    procedure = await service.versions.spec_of(record.procedure_code, 1)
    data = await load_print_data(record, procedure)
    assert {n for n in DOCUMENTS if applies(n, data)} == {"01", "06"}
    for number in ("02", "03", "04", "05", "07", "42"):
        with pytest.raises(NotFound):
            render_document(ENV, number, data, service.catalogue, BASE, clock())


async def test_supplement_request_and_stop_notice_carry_their_reasons(
    service: DossierService, team: dict[str, Actor], clock: Clock
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    dossier = await act(
        service,
        dossier,
        team["desk"],
        "request_supplement",
        reason="Thiếu chữ ký trên tờ khai",
    )
    page = await render(service, dossier, "02")
    assert "Thiếu chữ ký trên tờ khai" in page
    assert "không tính vào thời hạn giải quyết" in page
    dossier = await act(service, dossier, team["desk"], "resume")
    dossier = await act(
        service,
        dossier,
        team["desk"],
        "forward",
        assignee_id=team["specialist"].account_id,
    )
    dossier = await act(
        service, dossier, team["specialist"], "stop", reason="Người nộp đề nghị dừng"
    )
    page = await render(service, dossier, "05")
    assert "Người nộp đề nghị dừng" in page
    assert "Sở Tư pháp" in page


async def test_refusal_letter(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    dossier = await act(
        service, dossier, team["desk"], "refuse", reason="Không thuộc thẩm quyền"
    )
    page = await render(service, dossier, "03")
    assert "Không thuộc thẩm quyền" in page
    with pytest.raises(NotFound):
        await render(service, dossier, "01")  # never received: no receipt


async def test_apology_letter_gives_old_and_new_dates(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    new_due = dt.datetime(2026, 12, 18, 16, 0, tzinfo=TZ)
    dossier = await act(
        service,
        dossier,
        team["desk"],
        "apologise",
        reason="Chờ kết quả xác minh",
        new_due_at=new_due,
    )
    page = await render(service, dossier, "04")
    assert "Chờ kết quả xác minh" in page
    assert "09 giờ 00 phút, ngày 16 tháng 12 năm 2026" in page
    assert "16 giờ 00 phút, ngày 18 tháng 12 năm 2026" in page
    assert "xin lỗi" in page


async def test_monitoring_sheet_has_one_row_per_handover(
    service: DossierService, team: dict[str, Actor], clock: Clock
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    clock.advance(hours=7)
    dossier = await act(
        service,
        dossier,
        team["desk"],
        "forward",
        assignee_id=team["specialist"].account_id,
    )
    page = await render(service, dossier, "06")
    rows = page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 2
    assert "Phòng Lý lịch tư pháp" in page
    assert "Cán bộ stp-lltp" in page  # the receiver of the hand-over
    assert "Quá hạn" in page  # the receiving step took longer than its 4 hours
    assert "landscape" in page


async def test_register_lists_a_units_dossiers_of_the_period(
    service: DossierService, team: dict[str, Actor], clock: Clock
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    record = await queries.load(dossier.id)
    assert record is not None
    page = render_register(
        ENV,
        service.catalogue,
        "ttpvhcc",
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        [(record, "within_deadline", "Cấp Phiếu lý lịch tư pháp")],
        clock(),
    )
    assert dossier.code in page
    assert "Trong hạn" in page
    assert "Từ ngày 01/12/2026 đến ngày 31/12/2026" in page
    empty = render_register(
        ENV,
        service.catalogue,
        "ttpvhcc",
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 2),
        [],
        clock(),
    )
    assert "Không có hồ sơ trong kỳ" in empty


def test_province_template_overrides_the_core_one(tmp_path: Any) -> None:
    folder = tmp_path / "dossiers" / "print"
    folder.mkdir(parents=True)
    (folder / "07_register.html").write_text("Sổ riêng của tỉnh: {{ unit_name }}")
    env = print_environment([tmp_path])
    template = env.get_template("dossiers/print/07_register.html")
    assert template.render(unit_name="X") == "Sổ riêng của tỉnh: X"
    assert env.get_template("dossiers/print/01_receipt.html") is not None


def test_templates_escape_what_applicants_typed() -> None:
    template = ENV.from_string("{{ name }}")
    assert (
        template.render(name="<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    )
