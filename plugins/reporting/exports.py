"""Spreadsheet and CSV exports of computed reports.

The XLSX layout follows the printed forms of Circular 01/2020/TT-VPCP: the form's
number and legal basis at the top left, the title, period and reporting unit
centred, a header of merged cells, numbered columns, one line per row with sections
and totals in bold, then the place and date and the signature block. CSV files hold
the same figures, one line per table row, in UTF-8 with a byte-order mark so that
spreadsheet programs read the Vietnamese letters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plugins.reporting.service_index import IndexResult
from plugins.reporting.table import ReportTable, header_rows

__all__ = ["TEXTS", "index_csv", "index_xlsx", "table_csv", "table_xlsx"]

# Where the header starts; lines above hold the form's titles.
HEADER_ROW = 8
_FIRST_DATA_COLUMN = 3
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

TEXTS: dict[str, tuple[str, str]] = {
    "form": ("Biểu số", "Form"),
    "basis": ("Ban hành kèm theo", "Prescribed by"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "unit": ("Đơn vị báo cáo", "Reporting unit"),
    "number": ("STT", "No."),
    "label": ("Đơn vị, lĩnh vực", "Unit, field"),
    "date": ("ngày {d} tháng {m} năm {y}", "{y}-{m}-{d}"),
    "generated": ("Số liệu lập lúc", "Figures computed at"),
    "section": ("Phần", "Section"),
    "row": ("Dòng", "Row"),
    "kind": ("Loại dòng", "Line"),
    "indicator": ("Chỉ số", "Indicator"),
    "points": ("Điểm tối đa", "Points"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "value": ("Tỷ lệ / giá trị", "Rate / value"),
    "score": ("Điểm đạt", "Score"),
    "group": ("Nhóm", "Group"),
}


def _t(key: str, lang: str) -> str:
    vi, en = TEXTS[key]
    return en if lang == "en" else vi


def _in(label: dict[str, str], lang: str) -> str:
    return label.get(lang) or label.get("vi", "")


def table_xlsx(table: ReportTable, lang: str = "vi") -> bytes:
    """The table as an XLSX workbook in the official layout.

    Args:
        table: a computed (or snapshot) table.
        lang: ``vi`` or ``en``.

    Returns:
        The workbook's bytes.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = table.form_code.replace("/", "-")[:31] or "Report"
    width = len(table.columns) + _FIRST_DATA_COLUMN - 1
    _titles(sheet, table, lang, width)
    depth = _header(sheet, table, lang)
    last = _body(sheet, table, lang, HEADER_ROW + depth + 1)
    _signature(sheet, table, lang, last + 2, width)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for index in range(_FIRST_DATA_COLUMN, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(
        row=HEADER_ROW + depth + 1, column=_FIRST_DATA_COLUMN
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _merge_line(sheet: Worksheet, row: int, width: int, text: str, bold: bool) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = Font(bold=bold, size=13 if bold else 11)
    cell.alignment = _CENTRE


def _titles(sheet: Worksheet, table: ReportTable, lang: str, width: int) -> None:
    sheet.cell(
        row=1, column=1, value=f"{_t('form', lang)} {table.form_code}"
    ).font = Font(bold=True)
    if table.legal_basis:
        note = f"{_t('basis', lang)} {table.legal_basis}"
        sheet.cell(row=2, column=1, value=note).font = Font(italic=True)
    _merge_line(sheet, 4, width, _in(table.title, lang).upper(), bold=True)
    sheet.row_dimensions[4].height = 36
    period = f"{_t('period', lang)}: {_in(table.period_label, lang)}"
    _merge_line(sheet, 5, width, period, bold=False)
    unit = f"{_t('unit', lang)}: {_in(table.unit_name, lang)}"
    _merge_line(sheet, 6, width, unit, bold=False)


def _header(sheet: Worksheet, table: ReportTable, lang: str) -> int:
    depth, cells = header_rows(table.columns)
    for column, key in ((1, "number"), (2, "label")):
        sheet.merge_cells(
            start_row=HEADER_ROW,
            start_column=column,
            end_row=HEADER_ROW + depth - 1,
            end_column=column,
        )
        _boxed(sheet, HEADER_ROW, column, _t(key, lang), bold=True)
    for cell in cells:
        top = HEADER_ROW + cell.row
        left = _FIRST_DATA_COLUMN + cell.column
        bottom = top + cell.row_span - 1
        right = left + cell.column_span - 1
        if bottom > top or right > left:
            sheet.merge_cells(
                start_row=top, start_column=left, end_row=bottom, end_column=right
            )
        _boxed(sheet, top, left, _in(cell.label, lang), bold=True)
    numbers = HEADER_ROW + depth
    _boxed(sheet, numbers, 1, "(A)", bold=False)
    _boxed(sheet, numbers, 2, "(B)", bold=False)
    for index in range(len(table.columns)):
        _boxed(sheet, numbers, _FIRST_DATA_COLUMN + index, f"({index + 1})", bold=False)
    for row in range(HEADER_ROW, numbers + 1):
        for column in range(1, len(table.columns) + _FIRST_DATA_COLUMN):
            sheet.cell(row=row, column=column).border = _BOX
    return depth


def _boxed(sheet: Worksheet, row: int, column: int, value: object, bold: bool) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(bold=bold)
    cell.alignment = _CENTRE
    cell.border = _BOX


def _body(sheet: Worksheet, table: ReportTable, lang: str, first: int) -> int:
    row_number = 0
    line = first
    for row in table.rows:
        bold = row.kind in ("section", "subtotal", "total")
        if row.kind == "row":
            row_number += 1
            sheet.cell(row=line, column=1, value=row_number)
        label = sheet.cell(row=line, column=2, value=_in(row.label, lang))
        label.font = Font(bold=bold, italic=row.kind == "subtotal")
        label.alignment = Alignment(wrap_text=True, vertical="center")
        for index, value in enumerate(row.values):
            cell = sheet.cell(row=line, column=_FIRST_DATA_COLUMN + index, value=value)
            cell.font = Font(bold=bold)
            cell.alignment = Alignment(horizontal="right")
        for column in range(1, len(table.columns) + _FIRST_DATA_COLUMN):
            sheet.cell(row=line, column=column).border = _BOX
        line += 1
    return line - 1


def _signature(
    sheet: Worksheet, table: ReportTable, lang: str, row: int, width: int
) -> None:
    if table.note:
        sheet.cell(row=row, column=2, value=_in(table.note, lang)).font = Font(
            italic=True
        )
        row += 2
    moment = dt.datetime.fromisoformat(table.generated_at)
    generated = f"{_t('generated', lang)} {moment:%H:%M %d/%m/%Y} (UTC)"
    sheet.cell(row=row, column=2, value=generated).font = Font(italic=True, size=9)
    place = "..., " + _t("date", lang).format(d="...", m="...", y="......")
    right = max(_FIRST_DATA_COLUMN, width - 3)
    sheet.cell(row=row + 1, column=right, value=place).font = Font(italic=True)
    for column, name in ((2, "left"), (right, "right")):
        title = table.signature.get(name)
        note = table.signature.get(f"{name}_note")
        if title:
            sheet.cell(row=row + 2, column=column, value=_in(title, lang)).font = Font(
                bold=True
            )
        if note:
            sheet.cell(row=row + 3, column=column, value=_in(note, lang)).font = Font(
                italic=True
            )


def _csv(lines: Iterable[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in lines:
        writer.writerow(line)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_csv(table: ReportTable, lang: str = "vi") -> bytes:
    """The table's figures as CSV: one line per row, subtotal and total.

    Args:
        table: a computed (or snapshot) table.
        lang: ``vi`` or ``en``.

    Returns:
        UTF-8 bytes with a byte-order mark.
    """
    headers = [
        " / ".join([*(_in(g, lang) for g in c.groups), _in(c.label, lang)])
        for c in table.columns
    ]
    lines: list[list[object]] = [
        [_t("kind", lang), _t("section", lang), _t("row", lang), *headers]
    ]
    sections = {
        r.section: _in(r.label, lang) for r in table.rows if r.kind == "section"
    }
    for row in table.rows:
        if row.kind == "section":
            continue
        section = sections.get(row.section, "")
        label = _in(row.label, lang) if row.kind == "row" else ""
        lines.append([row.kind, section, label, *row.values])
    return _csv(lines)


def _index_lines(result: IndexResult, lang: str) -> list[list[object]]:
    lines: list[list[object]] = [
        [
            _t("unit", lang),
            _t("group", lang),
            _t("indicator", lang),
            _t("points", lang),
            _t("numerator", lang),
            _t("denominator", lang),
            _t("value", lang),
            _t("score", lang),
        ]
    ]
    for bucket in result.buckets:
        for group in bucket.groups:
            for item in group.indicators:
                lines.append(
                    [
                        _in(bucket.label, lang),
                        _in(group.label, lang),
                        _in(item.label, lang),
                        item.points,
                        _number(item.numerator),
                        _number(item.denominator),
                        item.display,
                        "N/A" if item.score is None else item.score,
                    ]
                )
        lines.append(
            [
                _in(bucket.label, lang),
                "",
                "",
                bucket.available,
                "",
                "",
                "",
                bucket.score,
            ]
        )
    return lines


def _number(value: float | None) -> object:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 4)


def index_csv(result: IndexResult, lang: str = "vi") -> bytes:
    """The index as CSV: one line per unit and indicator, then each unit's total."""
    return _csv(_index_lines(result, lang))


def index_xlsx(result: IndexResult, lang: str = "vi") -> bytes:
    """The index as an XLSX sheet with the same lines as :func:`index_csv`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Index"
    sheet.cell(row=1, column=1, value=_in(result.title, lang)).font = Font(bold=True)
    sheet.cell(
        row=2, column=1, value=f"{_t('period', lang)}: {_in(result.period_label, lang)}"
    )
    sheet.cell(
        row=3, column=1, value=f"{_t('unit', lang)}: {_in(result.unit_name, lang)}"
    )
    for offset, line in enumerate(_index_lines(result, lang)):
        for column, value in enumerate(line, start=1):
            cell = sheet.cell(row=5 + offset, column=column, value=value)
            cell.border = _BOX
            if offset == 0:
                cell.font = Font(bold=True)
                cell.alignment = _CENTRE
    widths = (30, 24, 48, 10, 12, 12, 14, 10)
    for letter, size in zip("ABCDEFGH", widths, strict=True):
        sheet.column_dimensions[letter].width = size
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
