"""A computed report table: what pages show, exports write and snapshots keep.

The table carries every label in both languages, so a snapshot taken today renders
the same page and the same spreadsheet years later, whatever the configuration has
become.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["HeaderCell", "ReportTable", "TableColumn", "TableRow", "header_rows"]

Bilingual = dict[str, str]
RowKind = Literal["section", "row", "subtotal", "total"]


class TableColumn(msgspec.Struct, frozen=True, kw_only=True):
    """A column: its headers (outermost first, then its own label)."""

    key: str
    label: Bilingual
    groups: list[Bilingual] = []


class TableRow(msgspec.Struct, frozen=True, kw_only=True):
    """A line of the table.

    Attributes:
        kind: ``section`` (a heading), ``row``, ``subtotal`` (of a section) or
            ``total`` (of the whole table).
        label: the row's label.
        values: one figure per column (empty for a section heading).
        section: the section's key, for drill-down links.
        row: the row's key, for drill-down links.
    """

    kind: RowKind
    label: Bilingual
    values: list[int] = []
    section: str | None = None
    row: str | None = None


class ReportTable(msgspec.Struct, frozen=True, kw_only=True):
    """A form computed for one period and one unit's subtree."""

    form_key: str
    form_code: str
    kind: str
    title: Bilingual
    legal_basis: str
    period: str
    period_label: Bilingual
    unit_id: str
    unit_name: Bilingual
    generated_at: str
    columns: list[TableColumn]
    rows: list[TableRow]
    sections_dimension: str | None = None
    rows_dimension: str | None = None
    signature: dict[str, Bilingual] = {}
    note: Bilingual | None = None

    def total_row(self) -> TableRow | None:
        """The grand total, when the form has one."""
        return next((r for r in self.rows if r.kind == "total"), None)

    def value(
        self, column: str, section: str | None = None, row: str | None = None
    ) -> int:
        """The figure of one cell (0 when the row is not in the table).

        Args:
            column: the column key.
            section: the section key, or ``None`` for a total.
            row: the row key, or ``None`` for a subtotal or the total.
        """
        index = [c.key for c in self.columns].index(column)
        for line in self.rows:
            if line.kind == "section":
                continue
            if line.section == section and line.row == row:
                return line.values[index]
        return 0


class HeaderCell(msgspec.Struct, frozen=True, kw_only=True):
    """A header cell placed on a grid: first row and column, spans."""

    label: Bilingual
    row: int
    column: int
    row_span: int = 1
    column_span: int = 1


def header_rows(columns: list[TableColumn]) -> tuple[int, list[HeaderCell]]:
    """Lay out the header of a table with merged cells, as the official forms do.

    Neighbouring columns sharing a header at the same depth share one merged cell;
    a column with fewer group headers stretches its own label down to the last row.

    Args:
        columns: the table's columns.

    Returns:
        The number of header rows and the cells, positioned from (0, 0).
    """
    depth = max((len(c.groups) for c in columns), default=0) + 1
    cells: list[HeaderCell] = []
    for level in range(depth - 1):
        start = 0
        while start < len(columns):
            groups = columns[start].groups
            if len(groups) <= level:
                start += 1
                continue
            end = start + 1
            while (
                end < len(columns)
                and len(columns[end].groups) > level
                and columns[end].groups[: level + 1] == groups[: level + 1]
            ):
                end += 1
            cells.append(
                HeaderCell(
                    label=groups[level],
                    row=level,
                    column=start,
                    column_span=end - start,
                )
            )
            start = end
    for index, column in enumerate(columns):
        top = len(column.groups)
        cells.append(
            HeaderCell(label=column.label, row=top, column=index, row_span=depth - top)
        )
    return depth, cells
