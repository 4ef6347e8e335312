"""Grouping dossiers into sections and rows: by unit, field, procedure or level.

Counts come out of the database per (unit, procedure) pair; a dimension maps each
pair to the section or row it belongs to. The drill-down turns a section or row back
into a predicate on the same two columns, so a listed cell holds exactly the
dossiers counted in it.

The *level* of a unit is ``commune`` when the unit or one of its ancestors is a
commune, ``district`` likewise for a district, and ``province`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import text_in
from plugins.reporting.measures import Sql

__all__ = ["LEVELS", "DimValue", "Dimensions", "dimensions_of", "label"]

LEVELS = ("province", "district", "commune")
_LEVEL_LABELS = {
    "province": ("Cấp tỉnh", "Province level"),
    "district": ("Cấp huyện", "District level"),
    "commune": ("Cấp xã", "Commune level"),
}
UNKNOWN = ""


def label(vi: str, en: str) -> dict[str, str]:
    """A label in both languages, as tables and snapshots store it."""
    return {"vi": vi, "en": en}


@dataclass(frozen=True)
class DimValue:
    """One section or row: its key (in links), its label and its place in order."""

    key: str
    label: dict[str, str]
    order: tuple[int, str]


class Dimensions:
    """The province's dimensions, computed once per catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._unit_order = {uid: i for i, uid in enumerate(catalogue.units)}
        self._field_order = {f.code: i for i, f in enumerate(catalogue.province.fields)}
        self._fields = {f.code: f for f in catalogue.province.fields}
        self.unit_level = {uid: self._level(uid) for uid in catalogue.units}

    def _level(self, unit_id: str) -> str:
        chain = [*self.catalogue.ancestors(unit_id), self.catalogue.unit(unit_id)]
        kinds = {u.kind for u in chain}
        for level in ("commune", "district"):
            if level in kinds:
                return level
        return "province"

    def field_of(self, procedure_code: str) -> str:
        """The field code of a procedure, or ``""`` when it is not in the catalogue."""
        spec = self.catalogue.procedures.get(procedure_code)
        return spec.field if spec is not None else UNKNOWN

    def value(self, dimension: str, unit_id: str, procedure_code: str) -> DimValue:
        """The section or row of the pair (unit, procedure) along ``dimension``."""
        if dimension == "unit":
            return self.unit_value(unit_id)
        if dimension == "field":
            return self.field_value(self.field_of(procedure_code))
        if dimension == "procedure":
            return self.procedure_value(procedure_code)
        return self.level_value(self.unit_level.get(unit_id, UNKNOWN))

    def unit_value(self, unit_id: str) -> DimValue:
        """The section or row of one unit."""
        unit = self.catalogue.units.get(unit_id)
        if unit is None:
            text = label(
                f"{unit_id} (không còn trong danh mục)", f"{unit_id} (no longer listed)"
            )
            return DimValue(unit_id, text, (len(self._unit_order), unit_id))
        return DimValue(
            unit_id,
            label(unit.name_in("vi"), unit.name_in("en")),
            (self._unit_order[unit_id], unit_id),
        )

    def field_value(self, code: str) -> DimValue:
        """The section or row of one field."""
        field = self._fields.get(code)
        if field is None:
            return DimValue(
                code,
                label("Lĩnh vực chưa xác định", "Field not known"),
                (len(self._field_order), code),
            )
        return DimValue(
            code,
            label(text_in(field.name, "vi"), text_in(field.name, "en")),
            (self._field_order[code], code),
        )

    def procedure_value(self, code: str) -> DimValue:
        """The section or row of one procedure."""
        spec = self.catalogue.procedures.get(code)
        vi = f"{code} {text_in(spec.name, 'vi')}" if spec else code
        en = f"{code} {text_in(spec.name, 'en')}" if spec else code
        return DimValue(code, label(vi, en), (0, code))

    def level_value(self, level: str) -> DimValue:
        """The section or row of one administrative level."""
        vi, en = _LEVEL_LABELS.get(level, ("Đơn vị chưa xác định", "Unit not known"))
        order = LEVELS.index(level) if level in LEVELS else len(LEVELS)
        return DimValue(level, label(vi, en), (order, level))

    def all_values(
        self, dimension: str, unit_ids: list[str], procedures: list[str]
    ) -> list[DimValue]:
        """Every value of ``dimension`` for a scope, for forms listing empty rows."""
        if dimension == "unit":
            return [self.unit_value(u) for u in unit_ids]
        if dimension == "field":
            return [self.field_value(f) for f in self._field_order]
        if dimension == "procedure":
            return [self.procedure_value(p) for p in procedures]
        levels = {self.unit_level[u] for u in unit_ids if u in self.unit_level}
        return [self.level_value(level) for level in LEVELS if level in levels]

    def predicate(self, dimension: str, key: str) -> Sql:
        """The fact rows belonging to one section or row.

        Args:
            dimension: ``unit``, ``field``, ``procedure`` or ``level``.
            key: the value's key.

        Returns:
            A predicate on ``unit_id`` and ``procedure_code``.
        """
        if dimension == "unit":
            return Sql("unit_id = {}", (key,))
        if dimension == "procedure":
            return Sql("procedure_code = {}", (key,))
        if dimension == "field":
            codes = [c for c in self.catalogue.procedures if self.field_of(c) == key]
            if key == UNKNOWN:
                return _not_in("procedure_code", list(self.catalogue.procedures))
            return _in("procedure_code", codes)
        if key == UNKNOWN:
            return _not_in("unit_id", list(self.unit_level))
        return _in("unit_id", [u for u, lv in self.unit_level.items() if lv == key])


def _in(column: str, values: list[str]) -> Sql:
    if not values:
        return Sql("1 = 0")
    return Sql(f"{column} IN ({', '.join('{}' for _ in values)})", tuple(values))


def _not_in(column: str, values: list[str]) -> Sql:
    if not values:
        return Sql("1 = 1")
    return Sql(f"{column} NOT IN ({', '.join('{}' for _ in values)})", tuple(values))


@lru_cache(maxsize=8)
def dimensions_of(catalogue: Catalogue) -> Dimensions:
    """The dimensions of a catalogue (computed once per catalogue)."""
    return Dimensions(catalogue)
