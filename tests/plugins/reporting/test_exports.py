"""Exports opened back and read cell by cell, and snapshots produced again unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

import msgspec
import pytest
from openpyxl import load_workbook

from core.errors import NotFound
from plugins.reporting.compute import compute_dossier_form
from plugins.reporting.exports import (
    HEADER_ROW,
    index_csv,
    index_xlsx,
    table_csv,
    table_xlsx,
)
from plugins.reporting.periods import parse_period
from plugins.reporting.reports import compute, forms_for
from plugins.reporting.scope import resolve_scope
from plugins.reporting.snapshots import list_snapshots, load_snapshot, save_snapshot
from plugins.reporting.sync import calendar_of
from plugins.reporting.table import ReportTable
from tests.plugins.reporting.helpers import add_dossier, at, counter_life
from tests.plugins.reporting.november import november

NOVEMBER = parse_period("2025-11")


@pytest.fixture
async def ii06a(report_catalogue: Any) -> ReportTable:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tii06a")
    return await compute_dossier_form(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, None, None)
    )


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).active


async def test_the_spreadsheet_carries_the_form_s_titles_period_and_unit(
    ii06a: ReportTable,
) -> None:
    sheet = _sheet(table_xlsx(ii06a, "vi"))
    assert sheet["A1"].value == "Biểu số II.06a"
    assert sheet["A2"].value == "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP"
    assert sheet["A4"].value == ii06a.title["vi"].upper()
    assert sheet["A5"].value == "Kỳ báo cáo: Tháng 11/2025 (01/11/2025 - 30/11/2025)"
    assert sheet["A6"].value == "Đơn vị báo cáo: Ủy ban nhân dân tỉnh Demo"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:M4", "A5:M5", "A6:M6"} <= merged


async def test_the_header_is_merged_as_on_the_printed_form(ii06a: ReportTable) -> None:
    sheet = _sheet(table_xlsx(ii06a, "vi"))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first, last = HEADER_ROW, HEADER_ROW + 3
    # No. and label columns span the four header rows.
    assert {f"A{first}:A{last}", f"B{first}:B{last}"} <= merged
    # "Received" spans four columns, "resolved" four, "pending" three.
    assert {f"C{first}:F{first}", f"G{first}:J{first}", f"K{first}:M{first}"} <= merged
    # "Total" under "received" stretches down to the last header row.
    assert f"C{first + 1}:C{last}" in merged
    assert sheet[f"C{first}"].value == "Số hồ sơ nhận giải quyết"
    assert sheet[f"E{first + 3}"].value == "Trực tuyến"
    numbers = [sheet.cell(row=last + 1, column=c).value for c in range(1, 14)]
    assert numbers == ["(A)", "(B)", *[f"({i})" for i in range(1, 12)]]


async def test_every_figure_of_the_table_is_in_its_cell(ii06a: ReportTable) -> None:
    sheet = _sheet(table_xlsx(ii06a, "vi"))
    line = HEADER_ROW + 5
    number = 0
    for row in ii06a.rows:
        assert sheet.cell(row=line, column=2).value == row.label["vi"]
        if row.kind == "row":
            number += 1
            assert sheet.cell(row=line, column=1).value == number
        for index, value in enumerate(row.values):
            assert sheet.cell(row=line, column=3 + index).value == value
        line += 1
    bold = [
        sheet.cell(row=HEADER_ROW + 5 + i, column=2).font.b
        for i, r in enumerate(ii06a.rows)
    ]
    assert bold == [r.kind != "row" for r in ii06a.rows]


async def test_the_signature_block_closes_the_sheet(ii06a: ReportTable) -> None:
    sheet = _sheet(table_xlsx(ii06a, "vi"))
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    for text in ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "THỦ TRƯỞNG ĐƠN VỊ",
                 "(Ký tên, đóng dấu)"):  # fmt: skip
        assert text in texts
    assert any(str(t).startswith("..., ngày ... tháng ...") for t in texts)
    assert ii06a.note is not None
    assert ii06a.note["vi"] in texts


async def test_the_english_spreadsheet_uses_english_labels(ii06a: ReportTable) -> None:
    sheet = _sheet(table_xlsx(ii06a, "en"))
    assert sheet["A1"].value == "Form II.06a"
    assert sheet["A5"].value.startswith("Reporting period: Month 11/2025")
    assert sheet[f"C{HEADER_ROW}"].value == "Dossiers to resolve"


async def test_the_csv_holds_the_same_figures(ii06a: ReportTable) -> None:
    data = table_csv(ii06a, "vi")
    assert data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    assert header[:3] == ["Loại dòng", "Phần", "Dòng"]
    assert header[3] == "Số hồ sơ nhận giải quyết / Tổng số"
    assert (
        header[5]
        == "Số hồ sơ nhận giải quyết / Trong đó / Số mới tiếp nhận / Trực tuyến"
    )
    rows = [r for r in ii06a.rows if r.kind != "section"]
    assert len(body) == len(rows)
    for line, row in zip(body, rows, strict=True):
        assert line[0] == row.kind
        assert [int(v) for v in line[3:]] == row.values
    stp = next(line for line in body if line[1] == "Sở Tư pháp" and line[0] == "row")
    assert stp[2] == "Thử nghiệm báo cáo"


async def test_the_index_exports_list_every_indicator_with_na(
    report_catalogue: Any,
) -> None:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tindex766")
    result = await compute(
        form,
        report_catalogue,
        NOVEMBER,
        resolve_scope(report_catalogue, "xa-an-binh", None),
    )
    lines = list(csv.reader(io.StringIO(index_csv(result, "en").decode("utf-8-sig"))))
    satisfied = [
        line for line in lines if line[2] == "Ratings very satisfied or satisfied"
    ]
    assert satisfied
    assert all(line[6] == "N/A" and line[7] == "N/A" for line in satisfied)
    sheet = _sheet(index_xlsx(result, "vi"))
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert values[0][2] == "Chỉ số"
    assert len(values) == len(lines)


# --- snapshots ----------------------------------------------------------------------


async def test_a_snapshot_gives_back_exactly_what_was_computed(
    ii06a: ReportTable,
) -> None:
    snapshot_id = await save_snapshot(ii06a, created_by=None, note="gửi Văn phòng UBND")
    stored = await load_snapshot(snapshot_id)
    assert stored.content == ii06a
    assert stored.note == "gửi Văn phòng UBND"
    assert table_csv(stored.content, "vi") == table_csv(ii06a, "vi")


async def test_a_snapshot_keeps_its_figures_when_history_changes(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii06a")
    scope = resolve_scope(report_catalogue, "syt", None)
    january = parse_period("2032-01")
    sent = await compute_dossier_form(form, report_catalogue, january, scope)
    snapshot_id = await save_snapshot(sent)
    await add_dossier(
        unit="syt", status=4, due=at("2032-01-19"), steps=counter_life(at("2032-01-12"))
    )
    now = await compute_dossier_form(form, report_catalogue, january, scope)
    assert now.value("received_total") == sent.value("received_total") + 1
    stored = await load_snapshot(snapshot_id)
    assert stored.content is not None
    assert stored.content.value("received_total") == sent.value("received_total")
    digest = hashlib.sha256(
        msgspec.json.encode({"type": "table", "data": sent})
    ).hexdigest()
    assert stored.digest == digest


async def test_snapshots_are_listed_newest_first_by_unit(ii06a: ReportTable) -> None:
    first = await save_snapshot(ii06a)
    second = await save_snapshot(ii06a)
    listed = await list_snapshots([ii06a.unit_id])
    ids = [s.id for s in listed]
    assert ids.index(second) < ids.index(first)
    assert await list_snapshots(["khong-co-don-vi"]) == []


async def test_an_unknown_snapshot_is_not_found() -> None:
    with pytest.raises(NotFound):
        await load_snapshot(999_999_999)


async def test_a_snapshot_altered_in_the_database_is_still_read_but_reported(
    ii06a: ReportTable, caplog: pytest.LogCaptureFixture
) -> None:
    from plugins.reporting.tables import Snapshot

    snapshot_id = await save_snapshot(ii06a)
    row = (
        await Snapshot.select(Snapshot.content)
        .where(Snapshot._meta.primary_key == snapshot_id)
        .first()
    )
    assert row is not None
    altered = row["content"].replace('"values":[14,', '"values":[15,', 1)
    assert altered != row["content"]
    await Snapshot.update({Snapshot.content: altered}).where(
        Snapshot._meta.primary_key == snapshot_id
    )
    stored = await load_snapshot(snapshot_id)
    assert stored.content is not None
    assert stored.digest != hashlib.sha256(altered.encode()).hexdigest()


async def test_a_procedure_form_exports_with_its_grouped_header(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii07a")
    table = await compute(
        form,
        report_catalogue,
        parse_period("2025"),
        resolve_scope(report_catalogue, None, None),
    )
    sheet = _sheet(table_xlsx(table, "vi"))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # "Online services" spans its two columns (full and partial) over one row.
    full = 3 + [c.key for c in table.columns].index("online_full")
    left, right = (sheet.cell(row=1, column=full + i).column_letter for i in (0, 1))
    assert f"{left}{HEADER_ROW}:{right}{HEADER_ROW}" in merged
    assert sheet.cell(row=HEADER_ROW, column=full).value == "Dịch vụ công trực tuyến"
    first_line = HEADER_ROW + 3
    labels = [sheet.cell(row=first_line + i, column=2).value for i in range(3)]
    assert labels == ["Cấp tỉnh", "Cấp xã", "Tổng cộng"]
    assert sheet.cell(row=first_line + 2, column=3).value == 3


async def test_the_index_spreadsheet_lists_each_unit_s_indicators(
    report_catalogue: Any,
) -> None:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tindex766")
    result = await compute(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, "stp", None)
    )
    sheet = _sheet(index_xlsx(result, "en"))
    assert sheet["A1"].value == result.title["en"]
    assert sheet["A2"].value.startswith("Reporting period: Month 11/2025")
    lines = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    timely = next(
        line
        for line in lines
        if line[2] and line[2].startswith("Dossiers resolved early")
    )
    assert timely[3:8] == [14, 7, 11, "63.64%", 8.91]
    totals = [line for line in lines if line[1] in ("", None) and line[7] is not None]
    assert totals  # each unit ends with its score and the points available
