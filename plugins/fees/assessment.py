"""Assessing what a dossier owes under a procedure's fee schedule.

:func:`assess` is pure: it reads the schedule, the e-form values, the applicant's
category and the case, and returns an :class:`Assessment` with one line per item
that applies. The assessment is stored with the dossier together with the rule
version that produced it, so a later change of the schedule never changes what an
earlier dossier owes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import msgspec

from core.catalogue.model import text_in
from core.errors import UserError
from plugins.fees.schema import Exemption, FeeItem, FeesSection, PerQuantity, Tiers

__all__ = [
    "Assessment",
    "AssessmentError",
    "AssessmentLine",
    "assess",
    "form_value",
]


_MAX_VALUE = Decimal(10**15)
"""The largest quantity or value a rule reads (beyond any real capital in đồng)."""


class AssessmentError(UserError):
    """A form value that a fee rule needs is missing or unusable."""


class AssessmentLine(msgspec.Struct, frozen=True, kw_only=True):
    """One fee or charge as assessed for one dossier.

    Attributes:
        item: the item's code.
        name: its name in Vietnamese, as printed on receipts.
        name_en: its English name, when the schedule gives one.
        kind: ``fee`` or ``charge``.
        collect: ``before``, ``after`` or ``on_return``.
        quantity: the declared quantity or value the amount was derived from.
        base_amount: the amount before any reduction; ``None`` when a form value
            it needs is not known yet (a quote before the form is filled).
        exemption: what reduced the amount: the applicant category, ``@online``
            for a channel, or ``category@channel``.
        exemption_name: the reduction's name.
        percent: how much was taken off (100 for a waiver).
        evidence_component: the component that must prove the category.
        amount: what is owed; ``None`` when ``base_amount`` is.
        needs: the form field still needed to compute the amount.
    """

    item: str
    name: str
    name_en: str | None = None
    kind: str
    collect: str
    quantity: float | None = None
    base_amount: int | None
    exemption: str | None = None
    exemption_name: str | None = None
    percent: int = 0
    evidence_component: str | None = None
    amount: int | None
    needs: str | None = None


class Assessment(msgspec.Struct, frozen=True, kw_only=True):
    """What a dossier owes, line by line, with totals by kind.

    Attributes:
        rule_version: the schedule's ``rule_version`` as text.
        legal_basis: the texts that set the amounts.
        case_code: the case the dossier was assessed under.
        category: the applicant's category, if any.
        lines: one line per item that applies to the case.
        totals: the owed amounts by kind (``fee``, ``charge``).
        total: the whole owed amount.
        complete: every amount is known (no form value was missing).
    """

    rule_version: str
    legal_basis: list[str]
    case_code: str | None
    category: str | None
    lines: list[AssessmentLine]
    totals: dict[str, int]
    total: int
    complete: bool = True

    def evidence_required(self) -> list[str]:
        """Components that must prove the reductions applied, in line order."""
        found: list[str] = []
        for line in self.lines:
            code = line.evidence_component
            if code and code not in found:
                found.append(code)
        return found

    def due_lines(self) -> list[AssessmentLine]:
        """Lines with something to pay."""
        return [line for line in self.lines if line.amount]


def assess(
    section: FeesSection,
    form_values: Mapping[str, Any],
    applicant_category: str | None,
    case_code: str | None,
    *,
    channel: str | None = None,
    require_values: bool = True,
) -> Assessment:
    """Assess the fees and charges of one dossier.

    Args:
        section: the procedure's fee schedule.
        form_values: the e-form's values by field path (nested mappings are
            followed for dotted paths).
        applicant_category: the applicant's category for reductions, if any.
        case_code: the dossier's case; items limited to other cases are left out.
        channel: the filing channel (``counter``, ``online``, ``post``), for
            reductions granted to a channel.
        require_values: raise when a form value that a rule needs is missing;
            when ``False`` the line is kept with unknown amounts (for quotes).

    Returns:
        The assessment.

    Raises:
        AssessmentError: a needed form value is missing (when required), not a
            number, negative, or beyond the last tier.
    """
    lines = [
        _line(item, form_values, (applicant_category, channel), require_values)
        for item in section.items
        if not item.cases or case_code in item.cases
    ]
    totals = {"fee": 0, "charge": 0}
    for line in lines:
        totals[line.kind] += line.amount or 0
    return Assessment(
        rule_version=section.version_label(),
        legal_basis=section.legal_texts(),
        case_code=case_code,
        category=applicant_category,
        lines=lines,
        totals=totals,
        total=sum(totals.values()),
        complete=all(line.amount is not None for line in lines),
    )


def _line(
    item: FeeItem,
    values: Mapping[str, Any],
    who: tuple[str | None, str | None],
    require_values: bool,
) -> AssessmentLine:
    try:
        quantity, base = _base_amount(item, values)
    except _Missing as missing:
        if require_values:
            raise _missing_error(item, missing.field) from None
        return _pending_line(item, missing.field)
    exemption = _exemption(item, *who)
    percent = exemption.percent if exemption else 0
    return AssessmentLine(
        item=item.code,
        name=item.name_in("vi"),
        name_en=text_in(item.name, "en") if not isinstance(item.name, str) else None,
        kind=item.kind,
        collect=item.collect,
        quantity=quantity,
        base_amount=base,
        exemption=exemption.key() if exemption else None,
        exemption_name=text_in(exemption.name, "vi") if exemption else None,
        percent=percent,
        evidence_component=exemption.evidence_component if exemption else None,
        amount=_reduce(base, percent),
    )


def _pending_line(item: FeeItem, field: str) -> AssessmentLine:
    return AssessmentLine(
        item=item.code,
        name=item.name_in("vi"),
        kind=item.kind,
        collect=item.collect,
        base_amount=None,
        amount=None,
        needs=field,
    )


def _exemption(
    item: FeeItem, category: str | None, channel: str | None
) -> Exemption | None:
    matching = [e for e in item.exemptions if e.applies(category, channel)]
    return max(matching, key=lambda e: e.percent, default=None)


def _reduce(amount: int, percent: int) -> int:
    """``amount`` less ``percent`` per cent, rounded to the nearest đồng."""
    kept = Decimal(amount) * (100 - percent) / 100
    return int(kept.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- amount rules -------------------------------------------------------------------


class _Missing(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _base_amount(item: FeeItem, values: Mapping[str, Any]) -> tuple[float | None, int]:
    if item.per is not None:
        return _per_quantity(item.per, values)
    if item.tiers is not None:
        return _tiered(item.tiers, values)
    return None, item.amount or 0


def _per_quantity(rule: PerQuantity, values: Mapping[str, Any]) -> tuple[float, int]:
    quantity = _number(rule.field, values)
    prices = [rule.unit_amount, *(step.unit_amount for step in rule.then)]
    starts = [Decimal(0), *(Decimal(step.from_unit - 1) for step in rule.then)]
    ends = [*starts[1:], Decimal("Infinity")]
    amount = sum(
        (
            max(Decimal(0), min(quantity, end) - start) * price
            for price, start, end in zip(prices, starts, ends, strict=True)
        ),
        Decimal(0),
    )
    if quantity > 0 and rule.min is not None:
        amount = max(amount, Decimal(rule.min))
    if rule.max is not None:
        amount = min(amount, Decimal(rule.max))
    if rule.times_field is not None:
        amount *= _number(rule.times_field, values)
    rounded = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(quantity), rounded


def _tiered(rule: Tiers, values: Mapping[str, Any]) -> tuple[float, int]:
    value = _number(rule.field, values)
    for band in rule.bands:
        if band.upto is None or value <= Decimal(str(band.upto)):
            return float(value), band.amount
    raise AssessmentError(
        f"Giá trị {value} vượt quá mức cao nhất của biểu phí",
        f"The value {value} is above the highest band of the fee schedule",
        field=rule.field,
    )


def form_value(values: Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` in flat or nested form values, ``None`` if absent.

    Args:
        values: form values by field path, or nested mappings.
        path: a field path such as ``pages`` or ``copy.pages``.

    Returns:
        The value found, or ``None``.
    """
    if path in values:
        return values[path]
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _number(field: str, values: Mapping[str, Any]) -> Decimal:
    raw = form_value(values, field)
    if raw is None or raw == "":
        raise _Missing(field)
    try:
        number = Decimal(str(raw).strip()) if not isinstance(raw, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= _MAX_VALUE:
        raise AssessmentError(
            f"Trường {field} phải là một số không âm, không quá {_MAX_VALUE:,}",
            f"The field {field} must be a number from 0 to {_MAX_VALUE:,}",
            field=field,
        )
    return number


def _missing_error(item: FeeItem, field: str) -> AssessmentError:
    return AssessmentError(
        f"Cần khai trường {field} để tính {item.name_in('vi')}",
        f"The field {field} is needed to compute {item.name_in('en')}",
        field=field,
    )
