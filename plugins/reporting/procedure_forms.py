"""Computing ``procedures`` forms (II.07 style) from the catalogue, and their cells.

A procedure counts once per cell however many units implement it: rows by unit
count it in each implementing unit of the scope, while subtotals and totals count
distinct procedures. Only procedures in force on some day of the period are counted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec
from plugins.reporting.compute import form_procedures, make_table
from plugins.reporting.dimensions import Dimensions, DimValue, dimensions_of, label
from plugins.reporting.forms import FormSpec
from plugins.reporting.periods import Period
from plugins.reporting.procedure_measures import in_force, matches
from plugins.reporting.scope import Scope
from plugins.reporting.table import ReportTable, TableRow

__all__ = ["compute_procedure_form", "procedure_cell", "procedures_in_scope"]

Cells = dict[tuple[str | None, str | None], list[set[str]]]
_SUBTOTAL = label("Cộng", "Subtotal")
_TOTAL = label("Tổng cộng", "Total")


def procedures_in_scope(
    catalogue: Catalogue, period: Period, scope: Scope, only: list[str] | None = None
) -> list[tuple[ProcedureSpec, list[str]]]:
    """Procedures in force in ``period`` with their implementing units in scope.

    Args:
        catalogue: the province's catalogue.
        period: the period.
        scope: the units covered.
        only: restrict to these procedure codes.

    Returns:
        Each procedure with the ids of its implementing units inside the scope;
        procedures no unit of the scope implements are left out.
    """
    found = []
    for code, spec in sorted(catalogue.procedures.items()):
        if only is not None and code not in only:
            continue
        if not in_force(spec, period):
            continue
        units = [u.id for u in catalogue.implementing_units(spec) if scope.covers(u.id)]
        if units:
            found.append((spec, units))
    return found


def _values(
    dimension: str, spec: ProcedureSpec, units: list[str], dims: Dimensions
) -> list[DimValue]:
    if dimension == "unit":
        return [dims.unit_value(u) for u in units]
    if dimension == "field":
        return [dims.field_value(spec.field)]
    return [dims.level_value(spec.level)]


def _cells(
    form: FormSpec, catalogue: Catalogue, period: Period, scope: Scope
) -> tuple[Cells, dict[str, dict[str, DimValue]]]:
    dims = dimensions_of(catalogue)
    width = len(form.columns)
    cells: Cells = defaultdict(lambda: [set() for _ in range(width)])
    seen: dict[str, dict[str, DimValue]] = defaultdict(dict)
    only = form_procedures(form, catalogue)
    for spec, units in procedures_in_scope(catalogue, period, scope, only):
        sections = (
            _values(form.sections, spec, units, dims) if form.sections else [None]
        )
        rows = _values(form.rows, spec, units, dims) if form.rows else [None]
        counted = [matches(spec, c.rule) for c in form.columns]
        for section in sections:
            for row in rows:
                for value, dimension in ((section, form.sections), (row, form.rows)):
                    if value is not None and dimension is not None:
                        seen[dimension][value.key] = value
                key = (section.key if section else None, row.key if row else None)
                for index, hit in enumerate(counted):
                    if hit:
                        cells[key][index].add(spec.code)
    return cells, seen


def _union(sets: list[list[set[str]]], width: int) -> list[set[str]]:
    return [set().union(*(s[i] for s in sets)) for i in range(width)]


async def compute_procedure_form(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    now: dt.datetime | None = None,
) -> ReportTable:
    """Compute a ``procedures`` form.

    Args:
        form: the form.
        catalogue: the province's catalogue.
        period: the period.
        scope: the units covered.
        now: the moment written on the table.

    Returns:
        The table.
    """
    cells, seen = _cells(form, catalogue, period, scope)
    width = len(form.columns)
    lines: list[TableRow] = []
    sections = (
        sorted(seen[form.sections].values(), key=lambda v: v.order)
        if form.sections
        else [None]
    )
    for section in sections:
        skey = section.key if section else None
        if section is not None:
            lines.append(TableRow(kind="section", label=section.label, section=skey))
        for row in (
            sorted(seen[form.rows].values(), key=lambda v: v.order) if form.rows else []
        ):
            sets = cells.get((skey, row.key), [set() for _ in range(width)])
            lines.append(
                TableRow(
                    kind="row",
                    label=row.label,
                    values=[len(s) for s in sets],
                    section=skey,
                    row=row.key,
                )
            )
        if section is not None and (form.totals or not form.rows):
            inside = _union([v for (s, _), v in cells.items() if s == skey], width)
            lines.append(
                TableRow(
                    kind="subtotal",
                    label=_SUBTOTAL,
                    values=[len(s) for s in inside],
                    section=skey,
                )
            )
    if form.totals or not (form.rows or form.sections):
        everything = _union(list(cells.values()), width)
        lines.append(
            TableRow(kind="total", label=_TOTAL, values=[len(s) for s in everything])
        )
    return make_table(form, catalogue, period, scope, lines, now)


def procedure_cell(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    column: str,
    section: str | None,
    row: str | None,
) -> list[ProcedureSpec]:
    """The procedures counted in one cell of a ``procedures`` form, by code.

    Args:
        form: the form.
        catalogue: the province's catalogue.
        period: the period.
        scope: the units covered.
        column: the column's key.
        section: the section's key, ``None`` for the total.
        row: the row's key, ``None`` for a subtotal or the total.

    Returns:
        The procedures.
    """
    index = [c.key for c in form.columns].index(form.column(column).key)
    cells, _seen = _cells(form, catalogue, period, scope)
    codes: set[str] = set()
    for (skey, rkey), sets in cells.items():
        if section is not None and skey != section:
            continue
        if row is not None and rkey != row:
            continue
        codes |= sets[index]
    return [catalogue.procedures[c] for c in sorted(codes)]
