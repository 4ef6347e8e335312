"""Printed documents of dossiers, rendered as A4 HTML pages.

Documents are numbered as provinces number them: 01 receipt and appointment
(giấy tiếp nhận hồ sơ và hẹn trả kết quả), 02 supplement request, 03 refusal, 04
apology with a new appointment, 05 stop notice, 06 monitoring sheet (phiếu kiểm soát
quá trình giải quyết) and 07 dossier register of a unit for a period. They are
official papers, so they are written in Vietnamese. Templates live in
``templates/dossiers/print/``; a province overrides one by placing a file of the same
name under ``config/<province>/templates/dossiers/print/``. Issued papers carry a QR
code with the dossier code, the procedure code, the applicant's identifier, the
document's name and a link to the public look-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import Duration, ProcedureSpec, text_in
from core.dossiers import queries
from core.dossiers.filing import components_of
from core.dossiers.records import (
    ComponentRecord,
    DossierRecord,
    HistoryRecord,
    aware,
)
from core.dossiers.state import action_label
from core.dossiers.statuses import status_label
from core.dossiers.tables import Apology
from core.errors import NotFound
from core.i18n import TZ, format_date, format_money, format_official_datetime

__all__ = [
    "DOCUMENTS",
    "Document",
    "PrintData",
    "applies",
    "load_print_data",
    "lookup_url",
    "print_environment",
    "qr_payload",
    "qr_svg",
    "render_document",
    "render_register",
]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Document:
    """A printed document: its number, Vietnamese title and template."""

    number: str
    title: str
    template: str


DOCUMENTS: dict[str, Document] = {
    d.number: d
    for d in (
        Document("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "01_receipt.html"),
        Document("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "02_supplement.html"),
        Document("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "03_refusal.html"),
        Document("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "04_apology.html"),
        Document("05", "Thông báo dừng xử lý hồ sơ", "05_stop.html"),
        Document(
            "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "06_monitoring.html"
        ),
        Document("07", "Sổ theo dõi hồ sơ", "07_register.html"),
    )
}

_UNIT_WORDS = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "calendar_days": "ngày",
}
_RESULT_WORDS = {
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
    "within_deadline": "Trong hạn",
    "overdue": "Quá hạn",
}


def print_environment(extra_dirs: list[Path] | None = None) -> Environment:
    """The Jinja2 environment of printed documents.

    Args:
        extra_dirs: folders searched before the core's templates (the province's
            ``templates`` folder), so that a province can override a document.

    Returns:
        An environment with autoescaping and the official date filters.
    """
    dirs = [d for d in (extra_dirs or []) if d.is_dir()] + [TEMPLATES]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters.update(
        official=format_official_datetime,
        date=format_date,
        money=format_money,
        day=_vn_day,
        duration=_duration,
        result=lambda value: _RESULT_WORDS.get(value or "", ""),
        status=lambda code: status_label(code, "vi") if code else "",
        action=lambda name: action_label(name, "vi"),
    )
    return env


def _vn_day(value: dt.datetime | None) -> str:
    """``ngày dd tháng MM năm yyyy`` in the province's time zone."""
    if value is None:
        return ""
    local = value.astimezone(TZ) if value.tzinfo else value
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _duration(value: Duration) -> str:
    amount = f"{value.amount:g}".replace(".", ",")
    return f"{amount} {_UNIT_WORDS[value.unit]}"


def lookup_url(base_url: str, code: str) -> str:
    """The public look-up page of a dossier, printed on its papers."""
    return f"{base_url.rstrip('/')}/lookup?{urlencode({'code': code})}"


def qr_payload(record: DossierRecord, document: Document, base_url: str) -> str:
    """The text carried by a document's QR code.

    Returns:
        One ``key: value`` line each for the dossier code, procedure code, applicant
        identifier, document name and look-up link.
    """
    return "\n".join(
        [
            f"Mã hồ sơ: {record.code}",
            f"Mã TTHC: {record.procedure_code}",
            f"Số định danh: {record.applicant_identifier}",
            f"Giấy tờ: {document.number} {document.title}",
            f"Tra cứu: {lookup_url(base_url, record.code)}",
        ]
    )


def qr_svg(payload: str) -> Markup:
    """An inline SVG QR code for ``payload``, safe to place in a template."""
    code = segno.make(payload, error="m", micro=False)
    return Markup(code.svg_inline(scale=2, border=2, omitsize=False))  # noqa: S704


async def load_print_data(record: DossierRecord, procedure: ProcedureSpec) -> PrintData:
    """Gather what the documents of ``record`` show from the database."""
    rows = (
        await Apology.select().where(Apology.dossier == record.id).order_by(Apology.id)
    )
    apologies = [
        {
            "at": aware(row["at"]),
            "reason": row["reason"],
            "previous_due_at": aware(row["previous_due_at"]),
            "new_due_at": aware(row["new_due_at"]),
        }
        for row in rows
    ]
    return PrintData(
        record=record,
        procedure=procedure,
        history=await queries.history(record.id),
        components=await queries.components(record.id),
        apologies=apologies,
    )


@dataclass(frozen=True)
class PrintData:
    """What a dossier's document shows, gathered by the caller."""

    record: DossierRecord
    procedure: ProcedureSpec
    history: list[HistoryRecord]
    components: list[ComponentRecord]
    apologies: list[dict[str, Any]]


def render_document(
    env: Environment,
    number: str,
    data: PrintData,
    catalogue: Catalogue,
    base_url: str,
    now: dt.datetime,
) -> str:
    """Render one document of one dossier.

    Args:
        env: from :func:`print_environment`.
        number: ``01`` to ``06``.
        data: the dossier, its procedure version, history, components, apologies.
        catalogue: unit names.
        base_url: the public address (for the look-up link).
        now: the printing moment.

    Returns:
        The HTML page.

    Raises:
        NotFound: no such document, or it does not apply to this dossier.
    """
    document = DOCUMENTS.get(number)
    if document is None or number == "07" or not applies(number, data):
        raise NotFound(
            "Hồ sơ không có giấy tờ này.", "This dossier has no such document."
        )
    context = _context(document, data, catalogue, base_url, now)
    return env.get_template(f"dossiers/print/{document.template}").render(**context)


def applies(number: str, data: PrintData) -> bool:
    """Whether document ``number`` exists for the dossier at its present stage."""
    actions = {h.action for h in data.history}
    return {
        "01": data.record.received_at is not None,
        "02": "request_supplement" in actions,
        "03": "refuse" in actions,
        "04": bool(data.apologies),
        "05": "stop" in actions,
        "06": True,
    }.get(number, False)


def _last(history: list[HistoryRecord], action: str) -> HistoryRecord | None:
    found = [h for h in history if h.action == action]
    return found[-1] if found else None


def _unit_name(catalogue: Catalogue, unit_id: str | None) -> str:
    unit = catalogue.units.get(unit_id or "")
    return unit.name_in("vi") if unit else (unit_id or "")


def _context(
    document: Document,
    data: PrintData,
    catalogue: Catalogue,
    base_url: str,
    now: dt.datetime,
) -> dict[str, Any]:
    record, procedure = data.record, data.procedure
    specs = {c.code: c for c in components_of(procedure, record.case_code)}
    receipt = next((h for h in data.history if h.action == "receive"), None)
    return {
        "document": document,
        "dossier": record,
        "procedure_name": text_in(procedure.name, "vi"),
        "processing_time": _processing_time(procedure, record.case_code),
        "collect_at": text_in(procedure.result.collect_at, "vi"),
        "result_name": text_in(procedure.result.name, "vi"),
        "unit_name": _unit_name(catalogue, record.unit_id),
        "receiving_unit": catalogue.units.get(record.receiving_unit_id),
        "receiving_unit_name": _unit_name(catalogue, record.receiving_unit_id),
        "province_name": text_in(catalogue.province.name, "vi"),
        "components": [
            {
                "name": text_in(specs[c.component_code].name, "vi"),
                "originals": specs[c.component_code].originals,
                "copies": specs[c.component_code].copies,
                "record": c,
            }
            for c in data.components
            if c.component_code in specs
        ],
        "receipt": receipt,
        "supplement": _last(data.history, "request_supplement"),
        "refusal": _last(data.history, "refuse"),
        "stop": _last(data.history, "stop"),
        "apology": data.apologies[-1] if data.apologies else None,
        "rows": [_monitoring_row(h, catalogue) for h in data.history],
        "lookup_url": lookup_url(base_url, record.code),
        "qr": qr_svg(qr_payload(record, document, base_url)),
        "printed_at": now,
    }


def _processing_time(procedure: ProcedureSpec, case_code: str | None) -> str:
    from core.dossiers.deadlines import processing_time

    return _duration(processing_time(procedure, case_code))


def _monitoring_row(event: HistoryRecord, catalogue: Catalogue) -> dict[str, Any]:
    """One hand-over of the monitoring sheet: who gave, who received, when."""
    receiver = event.assignee_name or _unit_name(catalogue, event.to_unit_id)
    return {
        "at": event.at,
        "action": event.action,
        "from_unit": _unit_name(catalogue, event.from_unit_id),
        "giver": event.actor_name or ("Hệ thống" if event.actor_id is None else ""),
        "to_unit": _unit_name(catalogue, event.to_unit_id),
        "receiver": receiver,
        "step_due_at": event.step_due_at,
        "result": event.step_result,
        "note": event.note,
    }


def render_register(
    env: Environment,
    catalogue: Catalogue,
    unit_id: str,
    start: dt.date,
    end: dt.date,
    rows: list[tuple[DossierRecord, str | None, str]],
    now: dt.datetime,
) -> str:
    """Render the dossier register (07) of a unit for the days ``start``-``end``.

    Args:
        env: from :func:`print_environment`.
        catalogue: unit names.
        unit_id: the unit whose register it is.
        start: first day of the period.
        end: last day of the period (inclusive).
        rows: each dossier with its timeliness and procedure name.
        now: the printing moment.

    Returns:
        The HTML page.
    """
    return env.get_template("dossiers/print/07_register.html").render(
        document=DOCUMENTS["07"],
        unit_name=_unit_name(catalogue, unit_id),
        province_name=text_in(catalogue.province.name, "vi"),
        start=start,
        end=end,
        rows=rows,
        printed_at=now,
    )
