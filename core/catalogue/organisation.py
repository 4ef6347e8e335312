"""The organisation tree of ``province.yaml`` flattened into units with paths.

Permissions reach a unit and everything below it, so each unit carries a
materialised path (``/ubnd-tinh/stp/``) whose prefixes are its ancestors. Building
the flat table also checks what the types cannot: unit ids and official codes must be
unique across the whole tree, and ids must be usable inside such a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import msgspec

from core.catalogue.errors import Path_, Report
from core.catalogue.model import FieldSpec, Label, ProvinceSpec, UnitSpec, text_in

__all__ = ["RESERVED_UNIT_IDS", "Unit", "check_fields", "flatten_units"]

RESERVED_UNIT_IDS = frozenset({"implementing", "receiving"})
"""Words that steps use instead of a unit id."""

_UNIT_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class Unit:
    """One organisation unit with its place in the tree.

    Attributes:
        id: the short key used across the configuration.
        code: the official identifier code (mã định danh), e.g. ``000.00.15.H99``.
        name: the unit's name.
        kind: ``province``, ``department``, ``centre``, ``commune``...
        parent_id: the parent's id, ``None`` for the root.
        path: the materialised path, ``/root/child/``; a subtree is a prefix.
        depth: 0 for the root.
        spec: the unit as written, without its children.
    """

    id: str
    code: str
    name: Label
    kind: str
    parent_id: str | None
    path: str
    depth: int
    spec: UnitSpec

    def name_in(self, lang: str) -> str:
        """The unit's name in ``lang``, falling back to Vietnamese."""
        return text_in(self.name, lang)


def flatten_units(province: ProvinceSpec, report: Report) -> dict[str, Unit]:
    """List every unit of the tree, root first, checking ids and codes.

    Args:
        province: the decoded ``province.yaml``.
        report: the report of ``province.yaml``.

    Returns:
        Units by id, in document order. A unit whose id is unusable or repeats an
        earlier one is reported and left out with its subtree.
    """
    flattener = _Flattener(report)
    flattener.add(province.organisation, None, ("organisation",))
    return flattener.units


class _Flattener:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.units: dict[str, Unit] = {}
        self.codes: dict[str, str] = {}

    def add(self, spec: UnitSpec, parent: Unit | None, at: Path_) -> None:
        if not _id_usable(spec.id, self.units, self.report, at):
            return
        _check_code(spec, self.codes, self.report, at)
        unit = Unit(
            id=spec.id,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent_id=parent.id if parent else None,
            path=f"{parent.path if parent else '/'}{spec.id}/",
            depth=parent.depth + 1 if parent else 0,
            spec=msgspec.structs.replace(spec, children=[]),
        )
        self.units[spec.id] = unit
        for index, child in enumerate(spec.children):
            self.add(child, unit, (*at, "children", index))


def _id_usable(unit_id: str, units: dict[str, Unit], report: Report, at: Path_) -> bool:
    if not _UNIT_ID.fullmatch(unit_id):
        report.error(
            (*at, "id"),
            f"unit id {unit_id!r} cannot be used in unit paths",
            "use lower-case letters without accents, digits, '-' or '_'",
        )
        return False
    if unit_id in RESERVED_UNIT_IDS:
        report.error(
            (*at, "id"),
            f"unit id {unit_id!r} is a reserved word of workflow steps",
            "choose another id",
        )
        return False
    if unit_id in units:
        report.error(
            (*at, "id"),
            f"unit id {unit_id!r} is used twice",
            "give every unit its own id",
        )
        return False
    return True


def _check_code(
    spec: UnitSpec, seen: dict[str, str], report: Report, at: Path_
) -> None:
    first = seen.setdefault(spec.code, spec.id)
    if first != spec.id:
        report.error(
            (*at, "code"),
            f"official code {spec.code!r} is already the code of unit {first!r}",
            "each unit has its own identifier code (Circular 10/2016/TT-BTTTT)",
        )


def check_fields(fields: list[FieldSpec], report: Report) -> set[str]:
    """Check that field codes are unique and return them.

    Args:
        fields: the ``fields`` list of ``province.yaml``.
        report: the report of ``province.yaml``.

    Returns:
        The set of field codes.
    """
    codes: set[str] = set()
    for index, field in enumerate(fields):
        if field.code in codes:
            report.error(
                ("fields", index, "code"),
                f"field code {field.code!r} is listed twice",
                "keep one entry per field",
            )
        codes.add(field.code)
    return codes
