"""The index of serving citizens and businesses (Decision 766/QĐ-TTg), computed.

An ``index`` form declares groups of indicators with their points. A *rate*
indicator divides two counts (of dossiers or of procedures) and earns its points in
proportion up to its ``full_marks_at`` threshold; an *average* indicator (less is
better) earns full points at or below ``full_marks_at_most`` and none from
``zero_at`` on, linearly in between. A zero denominator, or an average over no
dossier, gives N/A: the indicator earns nothing and its points leave the points
available, so a unit is not penalised for work it had none of. Rates show two
decimals, rounded half up.

The index is computed for the whole scope and for each unit in it (the unit's own
dossiers and the procedures it implements).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec
from plugins.reporting.compute import (
    aggregate_groups,
    base_predicate,
    bilingual,
    counting,
    form_procedures,
    narrows,
)
from plugins.reporting.dimensions import dimensions_of, label
from plugins.reporting.forms import AverageSpec, FormSpec, Indicator
from plugins.reporting.measures import (
    DOSSIER_SETS,
    QUANTITIES,
    CountRule,
    Sql,
    rule_sql,
)
from plugins.reporting.periods import Period
from plugins.reporting.procedure_forms import procedures_in_scope
from plugins.reporting.procedure_measures import PROCEDURE_SETS, matches
from plugins.reporting.scope import Scope
from plugins.reporting.sync import refresh

__all__ = [
    "GroupResult",
    "IndexBucket",
    "IndexResult",
    "IndicatorResult",
    "compute_index",
    "format_rate",
    "indicator_rule",
]

NA = "N/A"
_RECEIVED_ONLINE = CountRule(count="received", where={"channel": "online"})
_CENT = Decimal("0.01")


class IndicatorResult(msgspec.Struct, frozen=True, kw_only=True):
    """One indicator's figures for one unit or scope.

    Attributes:
        value: the rate (0..1) or the average; ``None`` for N/A.
        score: points earned; ``None`` for N/A.
        display: the value as shown (``87.50%``, ``N/A``).
    """

    key: str
    label: dict[str, str]
    kind: str
    points: float
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    score: float | None = None
    display: str = NA
    counts_dossiers: bool = False


class GroupResult(msgspec.Struct, frozen=True, kw_only=True):
    """A group's indicators and its score out of the points available."""

    key: str
    label: dict[str, str]
    points: float
    score: float
    available: float
    indicators: list[IndicatorResult]


class IndexBucket(msgspec.Struct, frozen=True, kw_only=True):
    """The index of one unit (``exact``: its own dossiers) or of the whole scope."""

    unit_id: str
    label: dict[str, str]
    exact: bool
    groups: list[GroupResult]
    score: float
    available: float


class IndexResult(msgspec.Struct, frozen=True, kw_only=True):
    """An index form computed for a period and a scope."""

    form_key: str
    form_code: str
    title: dict[str, str]
    legal_basis: str
    period: str
    period_label: dict[str, str]
    unit_id: str
    unit_name: dict[str, str]
    generated_at: str
    buckets: list[IndexBucket]


def format_rate(numerator: float, denominator: float) -> str:
    """A share as a percentage with two decimals, rounded half up; N/A over zero."""
    if not denominator:
        return NA
    share = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return f"{share.quantize(_CENT, rounding=ROUND_HALF_UP)}%"


def _round(value: float) -> float:
    return float(Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


def indicator_rule(form: FormSpec, key: str, part: str) -> CountRule:
    """The counting rule behind one part of an indicator, for its drill-down.

    Args:
        form: the index form.
        key: the indicator's key.
        part: ``numerator``, ``denominator`` or ``over`` (an average's set).

    Returns:
        The rule.

    Raises:
        KeyError: no such indicator or part.
    """
    for group in form.groups:
        for indicator in group.indicators:
            if indicator.key != key:
                continue
            if indicator.rate is not None and part in ("numerator", "denominator"):
                rule: CountRule = getattr(indicator.rate, part)
                return rule
            if indicator.average is not None and part == "over":
                return indicator.average.over
    raise KeyError(f"{key}.{part}")


# --- gathering figures --------------------------------------------------------------


class _Plan:
    """The aggregates one SQL statement computes for all indicators."""

    def __init__(self, form: FormSpec, period: Period) -> None:
        self.period = period
        self.aggregates: list[Sql] = []
        self.slots: dict[tuple[str, str], int] = {}
        self.sets: dict[str, Sql] = {}
        s, e = period.start_epoch, period.end_epoch
        for indicator in _indicators(form):
            if indicator.rate is not None:
                for part in ("numerator", "denominator"):
                    self._count(indicator.key, part, getattr(indicator.rate, part))
            if indicator.average is not None:
                self._average(indicator, s, e)
        self._count("", "received_online", _RECEIVED_ONLINE)

    def _count(self, key: str, part: str, rule: CountRule) -> None:
        if rule.count not in DOSSIER_SETS:
            return
        self.slots[(key, part)] = len(self.aggregates)
        self.aggregates.append(counting(rule_sql(rule, self.period)))
        self.sets[rule.count] = DOSSIER_SETS[rule.count](
            self.period.start_epoch, self.period.end_epoch
        )

    def _average(self, indicator: Indicator, s: int, e: int) -> None:
        assert indicator.average is not None
        over = rule_sql(indicator.average.over, self.period)
        quantity = QUANTITIES[indicator.average.quantity]
        when = f"({over.text}) AND ({quantity}) IS NOT NULL"
        self.slots[(indicator.key, "sum")] = len(self.aggregates)
        self.aggregates.append(
            Sql(f"SUM(CASE WHEN {when} THEN {quantity} END)", over.params)
        )
        self.slots[(indicator.key, "count")] = len(self.aggregates)
        self.aggregates.append(
            Sql(f"SUM(CASE WHEN {when} THEN 1 ELSE 0 END)", over.params)
        )
        self.sets[indicator.average.over.count] = DOSSIER_SETS[
            indicator.average.over.count
        ](s, e)


def _indicators(form: FormSpec) -> list[Indicator]:
    return [i for g in form.groups for i in g.indicators]


class _Bucket:
    """Summed figures of some units."""

    def __init__(self, width: int) -> None:
        self.values = [0.0] * width
        self.procedures: dict[str, set[str]] = {}

    def add(self, values: list[float]) -> None:
        for i, v in enumerate(values):
            self.values[i] += float(v)


async def compute_index(
    form: FormSpec,
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    now: dt.datetime | None = None,
) -> IndexResult:
    """Compute an ``index`` form for the scope and each of its units.

    Args:
        form: the index form.
        catalogue: the province's catalogue.
        period: the period.
        scope: the units covered.
        now: the moment written on the result.

    Returns:
        The index, the whole scope first, then each unit with figures.
    """
    await refresh(catalogue)
    plan = _Plan(form, period)
    base = base_predicate(form, catalogue, period, scope)
    narrowed = narrows(form, catalogue, scope)
    groups = await aggregate_groups(
        plan.aggregates, base, list(plan.sets.values()), narrowed
    )
    procedures = procedures_in_scope(
        catalogue, period, scope, form_procedures(form, catalogue)
    )
    whole = _Bucket(len(plan.aggregates))
    per_unit: dict[str, _Bucket] = defaultdict(lambda: _Bucket(len(plan.aggregates)))
    online_slot = plan.slots[("", "received_online")]
    online: dict[str, set[str]] = defaultdict(set)
    for (unit_id, code), values in groups.items():
        whole.add(values)
        per_unit[unit_id].add(values)
        if values[online_slot]:
            online[unit_id].add(code)
    for spec, units in procedures:
        for unit_id in units:
            per_unit[unit_id].procedures[spec.code] = set()
    dims = dimensions_of(catalogue)
    scope_unit = catalogue.unit(scope.unit_id)
    buckets = [
        _score(
            form,
            plan,
            whole,
            scope.unit_id,
            label(scope_unit.name_in("vi"), scope_unit.name_in("en")),
            False,
            [s for s, _ in procedures],
            set().union(*online.values()),
        )
    ]
    for unit_id in sorted(per_unit, key=lambda u: dims.unit_value(u).order):
        bucket = per_unit[unit_id]
        specs = [s for s, units in procedures if unit_id in units]
        buckets.append(
            _score(
                form,
                plan,
                bucket,
                unit_id,
                dims.unit_value(unit_id).label,
                True,
                specs,
                online.get(unit_id, set()),
            )
        )
    return IndexResult(
        form_key=form.key,
        form_code=form.code,
        title=bilingual(form.title),
        legal_basis=form.legal_basis,
        period=period.key,
        period_label=label(period.label("vi"), period.label("en")),
        unit_id=scope.unit_id,
        unit_name=label(scope_unit.name_in("vi"), scope_unit.name_in("en")),
        generated_at=(now or dt.datetime.now(dt.UTC)).isoformat(),
        buckets=buckets,
    )


# --- scoring ------------------------------------------------------------------------


def _score(
    form: FormSpec,
    plan: _Plan,
    bucket: _Bucket,
    unit_id: str,
    name: dict[str, str],
    exact: bool,
    specs: list[ProcedureSpec],
    received_online: set[str],
) -> IndexBucket:
    results = []
    for group in form.groups:
        indicators = [
            _indicator(i, plan, bucket, specs, received_online)
            for i in group.indicators
        ]
        available = sum(r.points for r in indicators if r.score is not None)
        results.append(
            GroupResult(
                key=group.key,
                label=bilingual(group.label),
                points=group.points,
                score=_round(sum(r.score or 0 for r in indicators)),
                available=available,
                indicators=indicators,
            )
        )
    return IndexBucket(
        unit_id=unit_id,
        label=name,
        exact=exact,
        groups=results,
        score=_round(sum(g.score for g in results)),
        available=sum(g.available for g in results),
    )


def _count(
    rule: CountRule,
    key: str,
    part: str,
    plan: _Plan,
    bucket: _Bucket,
    specs: list[ProcedureSpec],
    received_online: set[str],
) -> float:
    if rule.count in PROCEDURE_SETS:
        return float(sum(1 for spec in specs if matches(spec, rule, received_online)))
    return bucket.values[plan.slots[(key, part)]]


def _indicator(
    indicator: Indicator,
    plan: _Plan,
    bucket: _Bucket,
    specs: list[ProcedureSpec],
    received_online: set[str],
) -> IndicatorResult:
    base = IndicatorResult(
        key=indicator.key,
        label=bilingual(indicator.label),
        kind="unsupported",
        points=indicator.points,
    )
    if indicator.rate is not None:
        rate = indicator.rate
        num, den = (
            _count(
                getattr(rate, part),
                indicator.key,
                part,
                plan,
                bucket,
                specs,
                received_online,
            )
            for part in ("numerator", "denominator")
        )
        value = num / den if den else None
        return msgspec.structs.replace(
            base,
            kind="rate",
            numerator=num,
            denominator=den,
            value=value,
            score=_round(indicator.points * min(1.0, value / rate.full_marks_at))
            if value is not None
            else None,
            display=format_rate(num, den),
            counts_dossiers=rate.denominator.count in DOSSIER_SETS,
        )
    if indicator.average is not None:
        return _average(base, indicator.average, plan, bucket)
    return base


def _average(
    base: IndicatorResult, average: AverageSpec, plan: _Plan, bucket: _Bucket
) -> IndicatorResult:
    total = bucket.values[plan.slots[(base.key, "sum")]]
    count = bucket.values[plan.slots[(base.key, "count")]]
    if not count:
        return msgspec.structs.replace(base, kind="average", counts_dossiers=True)
    value = total / count
    share = (average.zero_at - value) / (average.zero_at - average.full_marks_at_most)
    return msgspec.structs.replace(
        base,
        kind="average",
        numerator=total,
        denominator=count,
        value=value,
        score=_round(base.points * max(0.0, min(1.0, share))),
        display=format_rate(total, count),
        counts_dossiers=True,
    )
