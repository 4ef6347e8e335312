"""Computed tables: merged headers for any grouping of columns, and cell look-ups."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from plugins.reporting.exports import HEADER_ROW, table_csv, table_xlsx
from plugins.reporting.table import (
    HeaderCell,
    ReportTable,
    TableColumn,
    TableRow,
    header_rows,
)


def col(key: str, *groups: str) -> TableColumn:
    return TableColumn(key=key, label={"vi": key}, groups=[{"vi": g} for g in groups])


def spans(cells: list[HeaderCell]) -> list[tuple[str, int, int, int, int]]:
    return [(c.label["vi"], c.row, c.column, c.row_span, c.column_span) for c in cells]


def test_columns_without_groups_make_one_header_row() -> None:
    depth, cells = header_rows([col("a"), col("b")])
    assert depth == 1
    assert spans(cells) == [("a", 0, 0, 1, 1), ("b", 0, 1, 1, 1)]


def test_neighbours_sharing_a_group_share_its_cell() -> None:
    depth, cells = header_rows([col("a", "G"), col("b", "G"), col("c")])
    assert depth == 2
    assert spans(cells) == [
        ("G", 0, 0, 1, 2),
        ("a", 1, 0, 1, 1),
        ("b", 1, 1, 1, 1),
        ("c", 0, 2, 2, 1),  # no group: its label fills both rows
    ]


def test_the_same_group_apart_is_two_cells() -> None:
    _depth, cells = header_rows([col("a", "G"), col("b", "H"), col("c", "G")])
    groups = [s for s in spans(cells) if s[1] == 0]
    assert groups == [("G", 0, 0, 1, 1), ("H", 0, 1, 1, 1), ("G", 0, 2, 1, 1)]


def test_nested_groups_merge_level_by_level() -> None:
    depth, cells = header_rows(
        [col("a", "G", "X"), col("b", "G", "X"), col("c", "G", "Y"), col("d", "G")]
    )
    assert depth == 3
    assert ("G", 0, 0, 1, 4) in spans(cells)
    assert ("X", 1, 0, 1, 2) in spans(cells)
    assert ("Y", 1, 2, 1, 1) in spans(cells)
    assert ("d", 1, 3, 2, 1) in spans(cells)


def test_every_column_has_exactly_one_label_cell_reaching_the_bottom() -> None:
    columns = [col("a", "G", "X"), col("b"), col("c", "G"), col("d", "G", "X", "Z")]
    depth, cells = header_rows(columns)
    bottom = [
        c for c in cells if c.row + c.row_span == depth and c.label["vi"] in "abcd"
    ]
    assert sorted(c.column for c in bottom) == [0, 1, 2, 3]
    covered: set[tuple[int, int]] = set()
    for cell in cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.column, cell.column + cell.column_span):
                assert (r, c) not in covered  # no two cells overlap
                covered.add((r, c))
    assert covered == {(r, c) for r in range(depth) for c in range(len(columns))}


def small_table(**changes: Any) -> ReportTable:
    values: dict[str, Any] = {
        "form_key": "t", "form_code": "T.1", "kind": "dossiers",
        "title": {"vi": "Bảng", "en": "Table"}, "legal_basis": "",
        "period": "2025-11", "period_label": {"vi": "Tháng 11/2025"},
        "unit_id": "u", "unit_name": {"vi": "Đơn vị", "en": "Unit"},
        "generated_at": "2025-12-01T00:00:00+00:00",
        "columns": [col("a"), col("b", "G")],
        "rows": [
            TableRow(kind="row", label={"vi": "Dòng 1"}, values=[1, 2], row="r1"),
            TableRow(kind="total", label={"vi": "Tổng cộng"}, values=[1, 2]),
        ],
    }  # fmt: skip
    values.update(changes)
    return ReportTable(**values)


def test_a_cell_is_found_by_column_section_and_row() -> None:
    table = small_table()
    assert table.value("b", None, "r1") == 2
    assert table.value("a") == 1
    assert table.value("a", "nowhere", "r1") == 0
    assert table.total_row() is not None


def test_a_table_without_a_total_says_so() -> None:
    assert small_table(rows=[]).total_row() is None


def test_an_empty_table_still_exports_its_titles_and_header() -> None:
    table = small_table(rows=[], legal_basis="", note=None, signature={})
    sheet = load_workbook(io.BytesIO(table_xlsx(table, "vi"))).active
    assert sheet["A1"].value == "Biểu số T.1"
    assert sheet["A2"].value is None  # no legal basis, no line for it
    assert sheet[f"D{HEADER_ROW}"].value == "G"
    lines = table_csv(table, "en").decode("utf-8-sig").splitlines()
    assert lines == ["Line,Section,Row,a,G / b"]


def test_sections_give_their_names_to_their_lines_in_csv() -> None:
    rows = [
        TableRow(kind="section", label={"vi": "Sở A"}, section="a"),
        TableRow(
            kind="row", label={"vi": "Lĩnh vực 1"}, values=[3, 4], section="a", row="f1"
        ),
        TableRow(kind="subtotal", label={"vi": "Cộng"}, values=[3, 4], section="a"),
        TableRow(kind="total", label={"vi": "Tổng cộng"}, values=[3, 4]),
    ]
    lines = table_csv(small_table(rows=rows), "vi").decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        "row,Sở A,Lĩnh vực 1,3,4",
        "subtotal,Sở A,,3,4",
        "total,,,3,4",
    ]


def test_english_labels_fall_back_to_vietnamese() -> None:
    rows = [
        TableRow(kind="row", label={"vi": "Chỉ tiếng Việt"}, values=[1, 1], row="x")
    ]
    lines = table_csv(small_table(rows=rows), "en").decode("utf-8-sig").splitlines()
    assert lines[1] == "row,,Chỉ tiếng Việt,1,1"
