"""Report forms declared in YAML: statistical tables, procedure counts, the index.

The plugin ships its forms in ``plugins/reporting/forms/*.yaml``; a province adds
its own, or replaces a shipped one by reusing its ``key``, in
``<config_dir>/reports/*.yaml``. A form is read into a :class:`FormSpec` and checked
against the vocabulary of measures and against the catalogue (fields, procedures);
a form with errors is kept aside with its messages and refused when asked for.

Three kinds of form exist:

- ``dossiers``: columns count dossiers (:mod:`plugins.reporting.measures`), rows
  and sections group them by unit, field, procedure or level (form II.06a, II.06b);
- ``procedures``: columns count procedures of the catalogue (form II.07);
- ``index``: indicator groups with points (Decision 766/QĐ-TTg).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec
import yaml

from core.catalogue.model import Label, text_in
from core.errors import NotFound, UserError
from plugins.reporting.measures import (
    DOSSIER_SETS,
    CountRule,
    FilterValue,
    Problem,
    check_rule,
)
from plugins.reporting.procedure_measures import PROCEDURE_SETS, check_procedure_rule

if TYPE_CHECKING:
    from core.catalogue.catalogue import Catalogue

__all__ = [
    "DIMENSIONS",
    "RESERVED_KEYS",
    "AverageSpec",
    "ColumnSpec",
    "FormFilter",
    "FormSet",
    "FormSpec",
    "Indicator",
    "IndicatorGroup",
    "RateSpec",
    "Signature",
    "load_forms",
]

SHIPPED = Path(__file__).parent / "forms"
Dimension = Literal["unit", "field", "procedure", "level"]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]
RESERVED_KEYS = frozenset({"dashboard", "review", "process", "snapshots", "cell"})
"""Words of the plugin's own pages, which a form key cannot take."""


class ColumnSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One column of a table: its headers and what its cells count.

    Attributes:
        key: a short name, unique in the form (used in drill-down links).
        label: the lowest header.
        groups: the headers above it, outermost first; neighbours with the same
            headers share merged header cells.
        count: the set counted (see :data:`DOSSIER_SETS` or procedure sets).
        where: filters of the set.
    """

    key: str
    label: Label
    count: str
    groups: list[Label] = []
    where: dict[str, FilterValue] = {}

    @property
    def rule(self) -> CountRule:
        """The column's counting rule."""
        return CountRule(count=self.count, where=self.where)


class FormFilter(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Dossiers or procedures a whole form is restricted to."""

    fields: list[str] = []
    procedures: list[str] = []
    levels: list[Literal["province", "commune"]] = []


class Signature(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The signature block printed under an exported form."""

    left: Label = msgspec.field(
        default_factory=lambda: _text("NGƯỜI LẬP BIỂU", "PREPARED BY")
    )
    left_note: Label = msgspec.field(
        default_factory=lambda: _text("(Ký, ghi rõ họ tên)", "(Signature, full name)")
    )
    right: Label = msgspec.field(
        default_factory=lambda: _text("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF THE UNIT")
    )
    right_note: Label = msgspec.field(
        default_factory=lambda: _text(
            "(Ký tên, đóng dấu)", "(Signature and official seal)"
        )
    )


def _text(vi: str, en: str) -> Label:
    from core.catalogue.model import Text

    return Text(vi=vi, en=en)


class RateSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A rate indicator: numerator over denominator, full marks at a threshold."""

    numerator: CountRule
    denominator: CountRule
    full_marks_at: float = 1.0


class AverageSpec(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """An average where less is better, scored linearly between two values."""

    quantity: str
    over: CountRule
    full_marks_at_most: float
    zero_at: float


class Indicator(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One indicator of the service index, with its points."""

    key: str
    label: Label
    points: float
    rate: RateSpec | None = None
    average: AverageSpec | None = None
    unsupported: bool = False
    note: Label | None = None


class IndicatorGroup(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """A group of indicators (publicity, progress, online services...)."""

    key: str
    label: Label
    points: float
    indicators: list[Indicator]


class FormSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A report form as declared in YAML.

    Attributes:
        key: the form's name in URLs and on the command line (``ii06a``).
        code: the official number (``II.06a``).
        kind: ``dossiers``, ``procedures`` or ``index``.
        title: the form's title.
        legal_basis: the text that prescribes it.
        listed: shown in the list of reports (internal forms are not).
        sections: a dimension splitting the table into sections.
        rows: the dimension of the rows; without it the table has one row.
        totals: add subtotals per section and a grand total.
        all_rows: list every value of the row dimension, even without data.
        filter: restrict the form to some fields, procedures or levels.
        columns: the table's columns (``dossiers`` and ``procedures`` forms).
        groups: the indicator groups (``index`` forms).
        signature: the signature block of exports.
    """

    key: str
    code: str
    title: Label
    kind: Literal["dossiers", "procedures", "index"] = "dossiers"
    legal_basis: str = ""
    listed: bool = True
    sections: Dimension | None = None
    rows: Dimension | None = None
    totals: bool = True
    all_rows: bool = False
    filter: FormFilter = msgspec.field(default_factory=FormFilter)
    columns: list[ColumnSpec] = []
    groups: list[IndicatorGroup] = []
    signature: Signature = msgspec.field(default_factory=Signature)
    note: Label | None = None

    def title_in(self, lang: str) -> str:
        """The title in ``lang``."""
        return text_in(self.title, lang)

    def column(self, key: str) -> ColumnSpec:
        """The column called ``key``.

        Raises:
            UserError: no such column (400).
        """
        for column in self.columns:
            if column.key == key:
                return column
        raise UserError(
            f"Biểu {self.code} không có cột {key!r}.",
            f"Form {self.code} has no column {key!r}.",
            field="col",
        )


@dataclass
class FormSet:
    """The forms available to a province, and those refused with their errors."""

    forms: dict[str, FormSpec] = field(default_factory=dict)
    broken: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> FormSpec:
        """The form called ``key``.

        Raises:
            UserError: the form has errors (400), listed in the message.
            NotFound: no form has that key (404).
        """
        if key in self.forms:
            return self.forms[key]
        if key in self.broken:
            listed = "; ".join(self.broken[key])
            raise UserError(
                f"Biểu {key!r} khai báo sai nên không dùng được: {listed}",
                f"Form {key!r} is declared wrongly and cannot be used: {listed}",
            )
        raise NotFound(f"Không có biểu {key!r}.", f"There is no form {key!r}.")

    def listed(self) -> list[FormSpec]:
        """Forms shown in the list of reports, by code."""
        return sorted(
            (f for f in self.forms.values() if f.listed), key=lambda f: f.code
        )


def load_forms(catalogue: Catalogue) -> FormSet:
    """Read the shipped forms and the province's own.

    Args:
        catalogue: the province's catalogue; its ``config_dir/reports`` folder may
            hold forms, and its fields and procedures are what forms may name.

    Returns:
        Every form, the valid ones by key and the refused ones with their errors.
    """
    found = FormSet()
    files = sorted(SHIPPED.glob("*.yaml"))
    province = Path(catalogue.config_dir) / "reports"
    if province.is_dir():
        files += sorted(province.glob("*.yaml"))
    for path in files:
        _load_file(path, catalogue, found)
    return found


def _load_file(path: Path, catalogue: Catalogue, found: FormSet) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        found.broken[path.stem] = [f"{path.name}: not readable YAML ({exc})"]
        return
    key = str(data.get("key") or path.stem) if isinstance(data, dict) else path.stem
    try:
        spec = msgspec.convert(data, FormSpec)
    except msgspec.ValidationError as exc:
        found.broken[key] = [f"{path.name}: {exc}"]
        found.forms.pop(key, None)
        return
    problems = check_form(spec, catalogue)
    if problems:
        found.broken[key] = [
            f"{path.name}: {p}: {what} ({fix})" for p, what, fix in problems
        ]
        found.forms.pop(key, None)
        return
    found.forms[key] = spec
    found.broken.pop(key, None)
    found.sources[key] = str(path)


def check_form(spec: FormSpec, catalogue: Catalogue) -> list[Problem]:
    """Check a decoded form against the vocabulary and the catalogue.

    Args:
        spec: the form.
        catalogue: the province's catalogue.

    Returns:
        Problems; empty when the form can be produced.
    """
    problems: list[Problem] = []
    if spec.key in RESERVED_KEYS or not spec.key.replace("-", "").isalnum():
        problems.append(
            ("key", f"{spec.key!r} cannot be a form key", "use letters, digits and -")
        )
    problems += _check_filter(spec.filter, catalogue)
    if spec.kind == "index":
        problems += _check_index(spec)
    else:
        problems += _check_columns(spec)
    return problems


def _check_filter(filt: FormFilter, catalogue: Catalogue) -> list[Problem]:
    known_fields = {f.code for f in catalogue.province.fields}
    problems: list[Problem] = [
        (
            f"filter.fields[{i}]",
            f"unknown field {code!r}",
            "use a field of province.yaml",
        )
        for i, code in enumerate(filt.fields)
        if code not in known_fields
    ]
    problems += [
        (
            f"filter.procedures[{i}]",
            f"unknown procedure {code!r}",
            "use the code of a procedure of the catalogue",
        )
        for i, code in enumerate(filt.procedures)
        if code not in catalogue.procedures
    ]
    return problems


def _check_columns(spec: FormSpec) -> list[Problem]:
    if not spec.columns:
        return [("columns", "the form has no column", "declare at least one column")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, column in enumerate(spec.columns):
        path = f"columns[{index}]"
        if column.key in seen:
            problems.append(
                (f"{path}.key", f"{column.key!r} is used twice", "rename it")
            )
        seen.add(column.key)
        if spec.kind == "procedures":
            problems += check_procedure_rule(column.rule, path)
        else:
            problems += check_rule(column.rule, path)
    if spec.kind == "procedures" and spec.rows == "procedure":
        problems.append(
            ("rows", "procedure forms cannot have a row per procedure", "use level")
        )
    return problems


def _check_index(spec: FormSpec) -> list[Problem]:
    if not spec.groups:
        return [("groups", "the index has no group", "declare indicator groups")]
    sets = [*DOSSIER_SETS, *PROCEDURE_SETS]
    problems: list[Problem] = []
    for g, group in enumerate(spec.groups):
        total = sum(i.points for i in group.indicators)
        if abs(total - group.points) > 1e-9:
            problems.append(
                (
                    f"groups[{g}].points",
                    f"the group has {group.points:g} points, its indicators {total:g}",
                    "make the indicators' points add up to the group's",
                )
            )
        for i, indicator in enumerate(group.indicators):
            problems += _check_indicator(
                indicator, f"groups[{g}].indicators[{i}]", sets
            )
    return problems


def _check_indicator(indicator: Indicator, path: str, sets: list[str]) -> list[Problem]:
    kinds = [indicator.rate is not None, indicator.average is not None]
    if sum(kinds) + indicator.unsupported != 1:
        return [
            (path, "an indicator is a rate, an average or unsupported", "choose one")
        ]
    problems: list[Problem] = []
    if indicator.rate is not None:
        for part in ("numerator", "denominator"):
            rule = getattr(indicator.rate, part)
            problems += _check_any_rule(rule, f"{path}.rate.{part}", sets)
        if indicator.rate.full_marks_at <= 0:
            problems.append(
                (f"{path}.rate.full_marks_at", "must be positive", "e.g. 0.8")
            )
    if indicator.average is not None:
        problems += _check_average(indicator.average, f"{path}.average", sets)
    return problems


def _check_any_rule(rule: CountRule, path: str, sets: list[str]) -> list[Problem]:
    if rule.count in PROCEDURE_SETS:
        return check_procedure_rule(rule, path)
    return check_rule(rule, path, sets)


def _check_average(average: AverageSpec, path: str, sets: list[str]) -> list[Problem]:
    from plugins.reporting.measures import QUANTITIES

    problems = check_rule(average.over, f"{path}.over")
    if average.quantity not in QUANTITIES:
        problems.append(
            (
                f"{path}.quantity",
                f"unknown quantity {average.quantity!r}",
                f"use one of: {', '.join(QUANTITIES)}",
            )
        )
    if average.zero_at <= average.full_marks_at_most:
        problems.append(
            (f"{path}.zero_at", "must be above full_marks_at_most", "raise it")
        )
    return problems
