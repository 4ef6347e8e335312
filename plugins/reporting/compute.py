"""Computing a dossier form for a period and a unit's subtree, and listing a cell.

One SQL statement counts every column at once, grouped by unit and procedure, over
the fact rows in force at the period's end; the rows and sections of the form are
then assembled from those groups. Listing a cell runs the same predicate with the
section's and row's conditions added, so the list always has as many dossiers as the
cell shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import msgspec

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import text_in
from core.db import get_engine
from plugins.reporting.dimensions import Dimensions, DimValue, dimensions_of, label
from plugins.reporting.forms import FormSpec
from plugins.reporting.measures import DOSSIER_SETS, Sql, covering, rule_sql
from plugins.reporting.periods import Period
from plugins.reporting.scope import Scope
from plugins.reporting.sync import refresh
from plugins.reporting.table import ReportTable, TableColumn, TableRow
from plugins.reporting.tables import DossierFact

__all__ = [
    "CellEntry",
    "CellListing",
    "aggregate_groups",
    "base_predicate",
    "bilingual",
    "compute_dossier_form",
    "count_groups",
    "counting",
    "form_procedures",
    "list_cell",
    "narrows",
    "table_header",
]

Group = tuple[str, str]
"""A (unit id, procedure code) pair, the grain of every count."""


def bilingual(value: Any) -> dict[str, str]:
    """A configuration label in both languages."""
    return label(text_in(value, "vi"), text_in(value, "en"))


def form_procedures(form: FormSpec, catalogue: Catalogue) -> list[str] | None:
    """The procedures a form is restricted to, or ``None`` when it is not."""
    filt = form.filter
    if not (filt.fields or filt.procedures or filt.levels):
        return None
    chosen = []
    for code, spec in catalogue.procedures.items():
        if filt.fields and spec.field not in filt.fields:
            continue
        if filt.procedures and code not in filt.procedures:
            continue
        if filt.levels and spec.level not in filt.levels:
            continue
        chosen.append(code)
    return sorted(chosen)


def narrows(form: FormSpec, catalogue: Catalogue, scope: Scope) -> bool:
    """Whether a form's rows are a part of the facts (some units or procedures)."""
    return scope.unit_ids is not None or form_procedures(form, catalogue) is not None


def base_predicate(
    form: FormSpec, catalogue: Catalogue, period: Period, scope: Scope
) -> Sql:
    """The fact rows a form reads: in force at the end, in scope, in its filter."""
    parts = [covering(period), scope.predicate()]
    procedures = form_procedures(form, catalogue)
    if procedures is not None:
        if procedures:
            marks = ", ".join("{}" for _ in procedures)
            parts.append(Sql(f"procedure_code IN ({marks})", tuple(procedures)))
        else:
            parts.append(Sql("1 = 0"))
    return parts[0].and_(*parts[1:])


async def aggregate_groups(
    aggregates: Sequence[Sql], base: Sql, sets: Sequence[Sql], narrowed: bool = True
) -> dict[Group, list[float]]:
    """Compute aggregate expressions per (unit, procedure) in one statement.

    Args:
        aggregates: SQL aggregate expressions (``SUM(...)``).
        base: the rows to read.
        sets: predicates whose union holds every row that matters (narrows the
            scan); empty for no narrowing.
        narrowed: ``base`` selects some units or procedures, not the whole table.

    Returns:
        One list of values per group, in the order of ``aggregates`` (0 for none).
    """
    columns = ", ".join(f"{a.text} AS a{i}" for i, a in enumerate(aggregates))
    union = " OR ".join(f"({s.text})" for s in sets) or "1 = 1"
    source = f"reporting_fact{_scan(narrowed)}"
    sql = (
        f"SELECT unit_id, procedure_code, {columns} FROM {source} "  # noqa: S608
        f"WHERE ({base.text}) AND ({union}) GROUP BY unit_id, procedure_code"
    )
    params = [p for a in aggregates for p in a.params]
    params += [*base.params, *(p for s in sets for p in s.params)]
    rows = await DossierFact.raw(sql, *params)
    return {
        (row["unit_id"], row["procedure_code"]): [
            row[f"a{i}"] or 0 for i in range(len(aggregates))
        ]
        for row in rows
    }


def _scan(narrowed: bool) -> str:
    """How SQLite should read the facts for a grouped statement.

    For the grouping, SQLite's planner likes to walk the unit index, which reads
    the rows in random order. When no unit or procedure narrows the statement,
    nearly every row is read anyway and a plain scan is several times faster.
    PostgreSQL plans this well on its own.
    """
    if narrowed or get_engine().engine_type != "sqlite":
        return ""
    return " NOT INDEXED"


def counting(rule: Sql) -> Sql:
    """The aggregate counting the rows that ``rule`` selects."""
    return Sql(f"SUM(CASE WHEN {rule.text} THEN 1 ELSE 0 END)", rule.params)


async def count_groups(
    rules: Sequence[Sql], base: Sql, sets: Sequence[Sql], narrowed: bool = True
) -> dict[Group, list[int]]:
    """Count each rule per (unit, procedure) in one statement.

    Args:
        rules: the predicates to count.
        base: the rows to read.
        sets: predicates whose union holds every counted row.
        narrowed: ``base`` selects some units or procedures only.

    Returns:
        The counts, one list per group in the order of ``rules``.
    """
    aggregates = [counting(r) for r in rules]
    found = await aggregate_groups(aggregates, base, sets, narrowed)
    return {group: [int(v) for v in values] for group, values in found.items()}


def table_header(form: FormSpec) -> list[TableColumn]:
    """The form's columns with bilingual labels."""
    return [
        TableColumn(
            key=c.key,
            label=bilingual(c.label),
            groups=[bilingual(g) for g in c.groups],
        )
        for c in form.columns
    ]


async def compute_dossier_form(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    now: dt.datetime | None = None,
) -> ReportTable:
    """Compute a ``dossiers`` form.

    Args:
        form: the form.
        catalogue: the province's catalogue.
        period: the reporting period.
        scope: the units covered.
        now: the moment written on the table (default: now).

    Returns:
        The table.
    """
    await refresh(catalogue)
    rules = [rule_sql(c.rule, period) for c in form.columns]
    sets = _sets(form, period)
    counts = await count_groups(
        rules, base_predicate(form, catalogue, period, scope), sets
    )
    dims = dimensions_of(catalogue)
    rows = assemble(form, counts, dims, _all_values(form, catalogue, scope, dims))
    return make_table(form, catalogue, period, scope, rows, now)


def _sets(form: FormSpec, period: Period) -> list[Sql]:
    names = dict.fromkeys(c.count for c in form.columns)
    s, e = period.start_epoch, period.end_epoch
    return [DOSSIER_SETS[name](s, e) for name in names]


def make_table(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    rows: list[TableRow],
    now: dt.datetime | None = None,
) -> ReportTable:
    """Wrap computed rows with the form's titles, period, unit and signature."""
    unit = catalogue.unit(scope.unit_id)
    moment = now or dt.datetime.now(dt.UTC)
    return ReportTable(
        form_key=form.key,
        form_code=form.code,
        kind=form.kind,
        title=bilingual(form.title),
        legal_basis=form.legal_basis,
        period=period.key,
        period_label=label(period.label("vi"), period.label("en")),
        unit_id=unit.id,
        unit_name=label(unit.name_in("vi"), unit.name_in("en")),
        generated_at=moment.isoformat(),
        columns=table_header(form),
        rows=rows,
        sections_dimension=form.sections,
        rows_dimension=form.rows,
        signature={
            name: bilingual(getattr(form.signature, name))
            for name in ("left", "left_note", "right", "right_note")
        },
        note=bilingual(form.note) if form.note is not None else None,
    )


def _all_values(
    form: FormSpec, catalogue: Catalogue, scope: Scope, dims: Dimensions
) -> dict[str, list[DimValue]]:
    if not form.all_rows:
        return {}
    units = (
        list(scope.unit_ids) if scope.unit_ids is not None else list(catalogue.units)
    )
    procedures = form_procedures(form, catalogue)
    if procedures is None:
        procedures = sorted(
            {p.code for u in units for p in catalogue.procedures_of_unit(u)}
        )
    found: dict[str, list[DimValue]] = {}
    for dimension in (form.sections, form.rows):
        if dimension is not None:
            found[dimension] = dims.all_values(dimension, units, procedures)
    return found


_SUBTOTAL = label("Cộng", "Subtotal")
_TOTAL = label("Tổng cộng", "Total")


def assemble(
    form: FormSpec,
    counts: dict[Group, list[int]],
    dims: Dimensions,
    all_values: dict[str, list[DimValue]] | None = None,
) -> list[TableRow]:
    """Arrange per-group counts into the form's sections, rows and totals.

    Args:
        form: the form (its ``sections``, ``rows`` and ``totals``).
        counts: figures per (unit, procedure).
        dims: the province's dimensions.
        all_values: values to list even without figures, by dimension.

    Returns:
        The table's rows in reading order.
    """
    width = len(form.columns)
    cells: dict[tuple[str | None, str | None], list[int]] = defaultdict(
        lambda: [0] * width
    )
    seen: dict[str, dict[str, DimValue]] = defaultdict(dict)
    for (unit_id, procedure), values in counts.items():
        keys: list[str | None] = []
        for dimension in (form.sections, form.rows):
            if dimension is None:
                keys.append(None)
                continue
            value = dims.value(dimension, unit_id, procedure)
            seen[dimension][value.key] = value
            keys.append(value.key)
        cell = cells[(keys[0], keys[1])]
        for i, v in enumerate(values):
            cell[i] += v
    for name, listed in (all_values or {}).items():
        for item in listed:
            seen[name].setdefault(item.key, item)
    return _lines(form, cells, seen, width)


def _ordered(seen: dict[str, DimValue]) -> list[DimValue]:
    return sorted(seen.values(), key=lambda v: v.order)


def _sum(rows: list[list[int]], width: int) -> list[int]:
    return [sum(r[i] for r in rows) for i in range(width)]


def _lines(
    form: FormSpec,
    cells: dict[tuple[str | None, str | None], list[int]],
    seen: dict[str, dict[str, DimValue]],
    width: int,
) -> list[TableRow]:
    sections: list[DimValue | None] = (
        list(_ordered(seen[form.sections])) if form.sections else [None]
    )
    lines: list[TableRow] = []
    for section in sections:
        key = section.key if section else None
        if section is not None:
            lines.append(TableRow(kind="section", label=section.label, section=key))
        if form.rows:
            for row in _ordered(seen[form.rows]):
                values = cells.get((key, row.key), [0] * width)
                lines.append(
                    TableRow(
                        kind="row",
                        label=row.label,
                        values=list(values),
                        section=key,
                        row=row.key,
                    )
                )
        if section is not None and (form.totals or not form.rows):
            in_section = [v for (s, _), v in cells.items() if s == key]
            lines.append(
                TableRow(
                    kind="subtotal",
                    label=_SUBTOTAL,
                    values=_sum(in_section, width),
                    section=key,
                )
            )
    if form.totals or (not form.rows and not form.sections):
        lines.append(
            TableRow(
                kind="total", label=_TOTAL, values=_sum(list(cells.values()), width)
            )
        )
    return lines


# --- drill-down ---------------------------------------------------------------------


_COUNT_SQL = "SELECT COUNT(*) AS n FROM reporting_fact WHERE %WHERE%"
_LIST_SQL = (
    "SELECT dossier_id, code, procedure_code, unit_id, channel, received_at, exit_at, "
    "exit_status, result_class, overdue_after FROM reporting_fact WHERE %WHERE% "
    "ORDER BY received_at, dossier_id LIMIT {} OFFSET {}"
)


class CellEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One dossier counted in a cell."""

    dossier_id: int
    code: str
    procedure_code: str
    unit_id: str
    channel: int
    received_at: int | None
    exit_at: int | None
    exit_status: int | None
    result_class: str | None
    overdue_after: int | None


class CellListing(msgspec.Struct, frozen=True, kw_only=True):
    """The dossiers behind one cell, one page at a time."""

    total: int
    entries: list[CellEntry]
    offset: int
    limit: int


def cell_predicate(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    column: str,
    section: str | None,
    row: str | None,
) -> Sql:
    """The predicate of one cell: the form's rows, the column's rule, the keys.

    Args:
        form: the form.
        catalogue: the province's catalogue.
        period: the period.
        scope: the units covered.
        column: the column's key.
        section: the section's key (``None`` for the grand total).
        row: the row's key (``None`` for a subtotal or the total).

    Returns:
        The predicate.
    """
    dims = dimensions_of(catalogue)
    parts = [
        base_predicate(form, catalogue, period, scope),
        rule_sql(form.column(column).rule, period),
    ]
    if section is not None and form.sections:
        parts.append(dims.predicate(form.sections, section))
    if row is not None and form.rows:
        parts.append(dims.predicate(form.rows, row))
    return parts[0].and_(*parts[1:])


async def list_cell(
    predicate: Sql, *, limit: int = 100, offset: int = 0
) -> CellListing:
    """List the dossiers a cell predicate selects, oldest receipt first.

    Args:
        predicate: from :func:`cell_predicate`.
        limit: page size.
        offset: dossiers to skip.

    Returns:
        The page and the total count.
    """
    where = predicate.text
    total_rows = await DossierFact.raw(
        _COUNT_SQL.replace("%WHERE%", where), *predicate.params
    )
    rows = await DossierFact.raw(
        _LIST_SQL.replace("%WHERE%", where), *predicate.params, limit, offset
    )
    return CellListing(
        total=int(total_rows[0]["n"]),
        entries=[msgspec.convert(r, CellEntry) for r in rows],
        offset=offset,
        limit=limit,
    )
