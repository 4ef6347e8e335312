"""Helpers of the reporting tests: a province with procedures of their own, and
dossiers written straight into the core's tables with the history that made them.

The test database is shared by the whole run, so every procedure code here carries
a random part: the forms these tests read are restricted to those procedures and
never see another test's dossiers.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.dossiers.tables import (
    Attachment,
    Dossier,
    DossierComponent,
    DossierHistory,
    Rating,
)

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "config" / "demo"
TZ = dt.timezone(dt.timedelta(hours=7))
RUN = uuid.uuid4().hex[:6]
FIELD = f"bao-cao-{RUN}"
PROVINCE_PROCEDURE = f"9.{RUN}1.H99"
COMMUNE_PROCEDURE = f"9.{RUN}2.H99"
PAPER_PROCEDURE = f"9.{RUN}3.H99"


def at(day: str, hhmm: str = "09:00") -> dt.datetime:
    """A local moment: ``at("2025-11-03", "08:00")``."""
    hours, minutes = hhmm.split(":")
    return dt.datetime.fromisoformat(day).replace(
        hour=int(hours), minute=int(minutes), tzinfo=TZ
    )


def _procedure_yaml(
    code: str,
    level: str,
    units: str,
    online_level: str,
    result: str,
    channels: str = "[counter, online, post]",
) -> str:
    return f"""
code: {code}
name: {{vi: Thủ tục thử nghiệm {code}, en: Test procedure {code}}}
field: {FIELD}
level: {level}
units: {units}
channels: {channels}
online_level: {online_level}
applicants: {{vi: Công dân, en: Citizens}}
processing_time: {{amount: 5, unit: working_days}}
components:
  - code: don
    name: {{vi: Đơn đề nghị, en: Application}}
    originals: 1
result:
  name: {{vi: Giấy xác nhận, en: Certificate}}
  type: {result}
legal_basis: [Văn bản thử nghiệm]
effective_from: 2025-01-01
public_steps:
  - {{vi: Nộp hồ sơ, en: File}}
  - {{vi: Nhận kết quả, en: Collect}}
workflow:
  approved_by: {{number: 1/QĐ-TEST, date: 2025-01-01, body: UBND tỉnh Demo}}
  steps:
    - code: tiep-nhan
      name: {{vi: Tiếp nhận, en: Receive}}
      role: receiving_officer
      budget: {{amount: 4, unit: working_hours}}
      actions: [receive, refuse, request_supplement, forward]
    - code: xu-ly
      name: {{vi: Xử lý, en: Process}}
      role: specialist
      budget: {{amount: 3, unit: working_days}}
      actions: [assign, forward, request_supplement, stop, transfer]
    - code: phe-duyet
      name: {{vi: Phê duyệt, en: Approve}}
      role: leader
      budget: {{amount: 1, unit: working_days}}
      actions: [approve, resolve, return_result]
plugins: {{}}
"""


def make_province(folder: Path) -> Path:
    """Copy the demo province and add a field with three test procedures."""
    target = folder / "province"
    shutil.copytree(DEMO, target)
    province = target / "province.yaml"
    text = province.read_text(encoding="utf-8")
    text = text.replace(
        "fields:\n",
        f"fields:\n  - code: {FIELD}\n"
        "    name: {vi: Thử nghiệm báo cáo, en: Report tests}\n",
        1,
    )
    province.write_text(text, encoding="utf-8")
    procedures = target / "procedures"
    (procedures / "test-province.yaml").write_text(
        _procedure_yaml(PROVINCE_PROCEDURE, "province", "[stp, sxd]", "full", "both"),
        encoding="utf-8",
    )
    (procedures / "test-commune.yaml").write_text(
        _procedure_yaml(
            COMMUNE_PROCEDURE, "commune", "[kind:commune]", "partial", "paper"
        ),
        encoding="utf-8",
    )
    (procedures / "test-paper.yaml").write_text(
        _procedure_yaml(
            PAPER_PROCEDURE, "province", "[stp]", "none", "paper", "[counter, post]"
        ),
        encoding="utf-8",
    )
    reports = target / "reports"
    reports.mkdir()
    for name in ("ii06a", "ii06b", "ii07a", "index766", "overview"):
        source = (REPO / "plugins/reporting/forms" / f"{name}.yaml").read_text("utf-8")
        restricted = source.replace(
            f"key: {name}\n",
            f"key: t{name}\nfilter: {{fields: [{FIELD}]}}\n",
            1,
        )
        (reports / f"t{name}.yaml").write_text(restricted, encoding="utf-8")
    by_unit = (reports / "tii07a.yaml").read_text("utf-8")
    by_unit = by_unit.replace("key: tii07a", "key: tii07u").replace(
        "rows: level", "rows: unit"
    )
    (reports / "tii07u.yaml").write_text(by_unit, encoding="utf-8")
    (reports / "tscript.yaml").write_text(
        'key: tscript\ncode: T.98\ntitle: "<script>alert(1)</script> Biểu"\n'
        f"filter: {{fields: [{FIELD}]}}\nrows: unit\n"
        'columns: [{key: a, label: "<b>A</b>", count: handled}]\n',
        encoding="utf-8",
    )
    (reports / "tbroken.yaml").write_text(
        "key: tbroken\ncode: T.99\ntitle: Biểu sai\n"
        "columns: [{key: a, label: A, count: solved}]\n",
        encoding="utf-8",
    )
    return target


# --- writing dossiers ---------------------------------------------------------------


@dataclass
class Step:
    """One history row to write: action, status change, moment, extras."""

    action: str
    from_status: int | None
    to_status: int
    moment: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)
    from_step: str | None = None
    to_step: str | None = None
    step_due_at: dt.datetime | None = None
    step_result: str | None = None
    from_unit_id: str | None = None


def counter_life(received: dt.datetime) -> list[Step]:
    """A counter filing received at ``received`` and sent to processing."""
    return [
        Step("receive", None, 2, received, to_step="tiep-nhan"),
        Step(
            "forward",
            2,
            4,
            received + dt.timedelta(minutes=30),
            from_step="tiep-nhan",
            to_step="xu-ly",
            step_due_at=received + dt.timedelta(hours=4),
            step_result="early",
        ),
    ]


def online_life(submitted: dt.datetime, received: dt.datetime) -> list[Step]:
    """An online filing submitted, then received and sent to processing."""
    return [Step("submit", None, 1, submitted, to_step="tiep-nhan")] + [
        Step(
            s.action,
            1 if s.action == "receive" else s.from_status,
            s.to_status,
            s.moment,
            from_step=s.from_step,
            to_step=s.to_step,
            step_due_at=s.step_due_at,
            step_result=s.step_result,
        )
        for s in counter_life(received)
    ]


def resolve(moment: dt.datetime) -> Step:
    """The result is ready."""
    return Step("resolve", 4, 9, moment, from_step="phe-duyet", to_step="phe-duyet")


async def add_dossier(
    *,
    procedure: str = PROVINCE_PROCEDURE,
    unit: str = "stp",
    channel: int = 1,
    status: int,
    steps: list[Step],
    due: dt.datetime | None = None,
    result_class: str | None = None,
    finished: dt.datetime | None = None,
    supplements: int = 0,
) -> tuple[int, str]:
    """Write a dossier and its history straight into the core's tables.

    Returns:
        The dossier's id and code.
    """
    code = f"T{RUN}-{uuid.uuid4().hex[:12]}"
    first = steps[0].moment
    received = next((s.moment for s in steps if s.to_status == 2), None)
    row = Dossier(
        code=code,
        procedure_code=procedure,
        procedure_version=1,
        channel=channel,
        status=status,
        unit_id=unit,
        receiving_unit_id="ttpvhcc",
        step_code="xu-ly",
        applicant_kind="citizen",
        applicant_name="Người thử nghiệm",
        applicant_identifier_kind="cccd",
        applicant_identifier="001099000000",
        submitted_at=first,
        received_at=received,
        due_at=due,
        finished_at=finished,
        result_class=result_class,
        supplement_count=supplements,
        updated_at=steps[-1].moment,
    )
    await row.save()
    for step in steps:
        await DossierHistory(
            dossier=row.id,
            at=step.moment,
            action=step.action,
            from_status=step.from_status,
            to_status=step.to_status,
            from_step=step.from_step,
            to_step=step.to_step,
            from_unit_id=step.from_unit_id,
            step_due_at=step.step_due_at,
            step_result=step.step_result,
            extra=step.extra,
        ).save()
    return row.id, code


async def add_rating(dossier_id: int, level: str, moment: dt.datetime) -> None:
    """Record the applicant's satisfaction with a dossier."""
    await Rating(dossier=dossier_id, level=level, channel="online", at=moment).save()


async def add_component(dossier_id: int, code: str, source: str | None) -> None:
    """Record a component handed in, with where its file came from."""
    await DossierComponent(
        dossier=dossier_id, component_code=code, source=source
    ).save()


async def add_result_file(dossier_id: int, moment: dt.datetime) -> None:
    """Record an electronic result file of a dossier."""
    await Attachment(
        dossier=dossier_id,
        purpose="result",
        storage_key=f"results/{uuid.uuid4().hex}.pdf",
        original_name="ket-qua.pdf",
        mime_type="application/pdf",
        extension="pdf",
        size=100,
        sha256="0" * 64,
        uploaded_at=moment,
    ).save()
