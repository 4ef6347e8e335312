"""Checks of a fee schedule that its types cannot express.

A schedule can be well-typed and still wrong: two items with one code, an item with
no amount rule or two, a reduction proved by a component the procedure does not ask
for, tiers out of order, a quantity read from an e-form field that does not exist.
Each problem is reported with the path inside the section, what is wrong and how to
fix it; the core adds the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from core.catalogue.errors import ConfigError, ConfigInvalid, Locator, Path_, Report
from core.catalogue.model import ProcedureSpec
from core.catalogue.yamlpos import parse_yaml
from plugins.fees.schema import FeeItem, FeesSection, PerQuantity, Tiers

if TYPE_CHECKING:
    from core.catalogue.catalogue import Catalogue

__all__ = [
    "NUMERIC_FIELD_TYPES",
    "check_collecting_units",
    "check_section",
    "form_fields",
]

NUMERIC_FIELD_TYPES = frozenset({"number", "money"})
"""E-form field types a quantity or a tier value may be read from."""


def check_section(
    procedure: ProcedureSpec, section: FeesSection, report: Report
) -> None:
    """Report every problem of one procedure's fee schedule.

    Args:
        procedure: the procedure the schedule belongs to (other plugins' sections
            may still be raw YAML values).
        section: the decoded schedule.
        report: where to add errors; paths are relative to the section.
    """
    if not section.items:
        report.error(("items",), "the schedule lists no item", "add at least one item")
    fields = form_fields(procedure.plugins.get("eforms"))
    seen: set[str] = set()
    for index, item in enumerate(section.items):
        at: Path_ = ("items", index)
        if item.code in seen:
            report.error(
                (*at, "code"),
                f"item code {item.code!r} is used twice",
                "give every item its own code",
            )
        seen.add(item.code)
        _check_item(procedure, item, fields, report, at)


def _check_item(
    procedure: ProcedureSpec,
    item: FeeItem,
    fields: Mapping[str, str] | None,
    report: Report,
    at: Path_,
) -> None:
    _check_rule_count(item, report, at)
    _check_cases(procedure, item.cases, report, (*at, "cases"))
    components = {c.code for c in procedure.components}
    for index, exemption in enumerate(item.exemptions):
        code = exemption.evidence_component
        if code is not None and code not in components:
            report.error(
                (*at, "exemptions", index, "evidence_component"),
                f"the procedure has no component {code!r}",
                _one_of("use a component code of the procedure", components),
            )
    _check_categories(item, report, at)
    if item.per is not None:
        _check_per(item.per, fields, report, (*at, "per"))
    if item.tiers is not None:
        _check_tiers(item.tiers, fields, report, (*at, "tiers"))


def _check_rule_count(item: FeeItem, report: Report, at: Path_) -> None:
    rules = item.rules()
    if not rules:
        report.error(
            at,
            f"item {item.code!r} has no amount rule",
            "give one of 'amount:', 'per:' or 'tiers:'",
        )
    elif len(rules) > 1:
        report.error(
            (*at, rules[1]),
            f"item {item.code!r} has several amount rules: {', '.join(rules)}",
            "keep exactly one of 'amount:', 'per:' or 'tiers:'",
        )


def _check_cases(
    procedure: ProcedureSpec, cases: list[str], report: Report, at: Path_
) -> None:
    known = {c.code for c in procedure.cases}
    for index, code in enumerate(cases):
        if code not in known:
            report.error(
                (*at, index),
                f"the procedure has no case {code!r}",
                _one_of("use a case code of the procedure", known),
            )


def _check_categories(item: FeeItem, report: Report, at: Path_) -> None:
    seen: set[str] = set()
    for index, exemption in enumerate(item.exemptions):
        where = (*at, "exemptions", index)
        if exemption.category is None and exemption.channel is None:
            report.error(
                where,
                "the reduction names neither a category nor a channel",
                "add 'category:' (an applicant category) or 'channel:' (online...)",
            )
            continue
        if exemption.key() in seen:
            report.error(
                (*where, "category" if exemption.category else "channel"),
                f"{exemption.key()!r} is reduced twice for this item",
                "keep one reduction per category and channel",
            )
        seen.add(exemption.key())


def _check_per(
    rule: PerQuantity, fields: Mapping[str, str] | None, report: Report, at: Path_
) -> None:
    _check_field(rule.field, fields, report, (*at, "field"))
    if rule.times_field is not None:
        _check_field(rule.times_field, fields, report, (*at, "times_field"))
    previous = 1
    for index, step in enumerate(rule.then):
        if step.from_unit <= previous:
            report.error(
                (*at, "then", index, "from_unit"),
                f"from_unit {step.from_unit} does not come after {previous}",
                "list graduated prices in increasing from_unit",
            )
        previous = max(previous, step.from_unit)
    if rule.min is not None and rule.max is not None and rule.min > rule.max:
        report.error(
            (*at, "min"),
            f"the least amount {rule.min} is above the cap {rule.max}",
            "make min at most max",
        )


def _check_tiers(
    rule: Tiers, fields: Mapping[str, str] | None, report: Report, at: Path_
) -> None:
    _check_field(rule.field, fields, report, (*at, "field"))
    if not rule.bands:
        report.error((*at, "bands"), "no band is given", "add at least one band")
    last = len(rule.bands) - 1
    previous: float | None = None
    for index, band in enumerate(rule.bands):
        where = (*at, "bands", index, "upto")
        if band.upto is None:
            if index != last:
                report.error(
                    (*at, "bands", index),
                    "only the last band may leave 'upto' out",
                    "give this band an upper bound, or move it to the end",
                )
            continue
        if previous is not None and band.upto <= previous:
            report.error(
                where,
                f"upto {band.upto:g} does not exceed the previous band's {previous:g}",
                "list bands in increasing upto",
            )
        previous = band.upto


def _check_field(
    path: str, fields: Mapping[str, str] | None, report: Report, at: Path_
) -> None:
    if fields is None:
        return
    if path not in fields:
        report.error(
            at,
            f"the procedure's e-form has no field {path!r}",
            _one_of("use the key of a number field of the e-form", fields),
        )
    elif fields[path] not in NUMERIC_FIELD_TYPES:
        report.error(
            at,
            f"the e-form field {path!r} holds {fields[path]}, not a number",
            "read quantities and tier values from a number or money field",
        )


def _one_of(fix: str, choices: Iterable[str]) -> str:
    listed = ", ".join(sorted(choices))
    return f"{fix} ({listed})" if listed else fix


# --- the e-form section, read defensively --------------------------------------------


def form_fields(eforms_section: Any) -> dict[str, str] | None:
    """The field paths of a procedure's e-form with their types.

    The e-forms plugin owns its section's shape; this reads only what any form
    written inline must have: ``sections`` holding ``fields`` with ``key`` and
    ``type``. Address parts are reachable as ``<key>.<part>`` and are not numbers.

    Args:
        eforms_section: the procedure's ``eforms`` section as written, or decoded.

    Returns:
        Field paths mapped to field types, or ``None`` when the procedure has no
        e-form or its form is not written inline (nothing can be checked then).
    """
    raw = _plain(eforms_section)
    sections = _find_sections(raw)
    if sections is None:
        return None
    found: dict[str, str] = {}
    for section in sections:
        if isinstance(section, Mapping):
            for field in section.get("fields") or []:
                _add_field(field, found)
    return found


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (Mapping, list, str, int, float)):
        return value
    try:
        return msgspec.to_builtins(value)
    except TypeError:
        return None


def _find_sections(raw: Any) -> list[Any] | None:
    """The first ``sections`` list found in the section, searched breadth-first."""
    queue = [raw]
    while queue:
        current = queue.pop(0)
        if isinstance(current, Mapping):
            sections = current.get("sections")
            if isinstance(sections, list):
                return sections
            queue.extend(current.values())
    return None


def _add_field(field: Any, found: dict[str, str]) -> None:
    if not isinstance(field, Mapping) or not isinstance(field.get("key"), str):
        return
    key, kind = field["key"], str(field.get("type", ""))
    found[key] = kind
    if kind == "address":
        for part in ("province", "commune", "street", "district"):
            found[f"{key}.{part}"] = "address_part"


# --- references to units, checked once the whole catalogue is known ------------------


def check_collecting_units(catalogue: Catalogue) -> list[ConfigError]:
    """Report schedules whose collecting unit is not a unit of the province.

    A procedure's section is checked before the organisation tree is at hand, so
    this runs when the catalogue has loaded; the error points at the line of the
    procedure file as any other configuration error does.

    Args:
        catalogue: the loaded catalogue.

    Returns:
        One error per unknown collecting unit.
    """
    errors: list[ConfigError] = []
    for code, procedure in sorted(catalogue.procedures.items()):
        section = procedure.plugins.get("fees")
        if not isinstance(section, FeesSection) or section.collecting_unit is None:
            continue
        if section.collecting_unit in catalogue.units:
            continue
        path = catalogue.config_dir / catalogue.sources.get(code, "")
        report = Report(str(path), _locator(path), errors=errors)
        report.error(
            ("plugins", "fees", "collecting_unit"),
            f"there is no unit {section.collecting_unit!r} in province.yaml",
            "use the id of the unit that collects, or leave the key out for the "
            "implementing unit",
        )
    return errors


def _locator(path: Path) -> Locator:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"), str(path)).locate
    except (OSError, ConfigInvalid):
        return lambda _path: (1, 1)
