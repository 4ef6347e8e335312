"""Catalogue review and process analysis.

The review lists the procedures of a scope whose declared online level is not
backed by their configuration, and those whose public record lacks one of the seven
mandatory parts. The process analysis sets the time dossiers actually spent at each
step of a workflow (from their history, in working hours on the province's
calendar, supplement pauses excluded) against the step's budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import StepSpec, text_in
from plugins.reporting.measures import Sql
from plugins.reporting.periods import Period
from plugins.reporting.procedure_measures import missing_public_parts, unbacked_online
from plugins.reporting.scope import Scope
from plugins.reporting.sync import calendar_of, refresh
from plugins.reporting.tables import StepFact

__all__ = ["ReviewItem", "StepFigures", "process_analysis", "review_catalogue"]

_HOUR = 3600.0
_STEP_SQL = (
    "SELECT procedure_code, step_code, COUNT(*) AS spans, "
    "SUM(worked_seconds) AS worked, SUM(budget_seconds) AS budget, "
    "SUM(CASE WHEN budget_seconds IS NOT NULL THEN 1 ELSE 0 END) AS budgeted, "
    "SUM(CASE WHEN budget_seconds IS NOT NULL AND worked_seconds > budget_seconds "
    "THEN 1 ELSE 0 END) AS over_budget, "
    "SUM(CASE WHEN result = 'early' THEN 1 ELSE 0 END) AS early, "
    "SUM(CASE WHEN result = 'on_time' THEN 1 ELSE 0 END) AS on_time, "
    "SUM(CASE WHEN result = 'late' THEN 1 ELSE 0 END) AS late "
    "FROM reporting_step WHERE %WHERE% GROUP BY procedure_code, step_code"
)


@dataclass(frozen=True)
class ReviewItem:
    """A procedure with what its configuration or public record lacks."""

    code: str
    name: str
    online_level: str
    unbacked: list[str]
    missing_parts: list[str]


def review_catalogue(catalogue: Catalogue, scope: Scope, lang: str) -> list[ReviewItem]:
    """Procedures of the scope with an unbacked online level or an incomplete record.

    Args:
        catalogue: the province's catalogue.
        scope: the units whose procedures are reviewed.
        lang: the language of the names.

    Returns:
        One item per procedure with at least one finding, by code.
    """
    found = []
    for code, spec in sorted(catalogue.procedures.items()):
        units = catalogue.implementing_units(spec)
        if not any(scope.covers(u.id) for u in units):
            continue
        unbacked, missing = unbacked_online(spec), missing_public_parts(spec)
        if unbacked or missing:
            found.append(
                ReviewItem(
                    code, text_in(spec.name, lang), spec.online_level, unbacked, missing
                )
            )
    return found


@dataclass(frozen=True)
class StepFigures:
    """Time spent at one step of one procedure over the spans that ended in a period.

    Attributes:
        declared_hours: the step's budget in working hours as configured (``None``
            for calendar days, which have no fixed length in working hours).
        average_hours: the average working time spent at the step.
        average_budget_hours: the average budget of those spans (from the due time
            recorded when each span ended).
        over_budget: spans that took longer than their budget.
    """

    procedure_code: str
    procedure_name: str
    step_code: str
    step_name: str
    position: int
    declared_hours: float | None
    spans: int
    average_hours: float
    average_budget_hours: float | None
    over_budget: int
    early: int
    on_time: int
    late: int


def _declared_hours(step: StepSpec | None, day_hours: float) -> float | None:
    if step is None:
        return None
    if step.budget.unit == "working_hours":
        return step.budget.amount
    if step.budget.unit == "working_days":
        return step.budget.amount * day_hours
    return None


async def process_analysis(
    catalogue: Catalogue,
    period: Period,
    scope: Scope,
    lang: str,
    procedure: str | None = None,
) -> list[StepFigures]:
    """Working time spent per procedure and step, for spans ended in ``period``.

    Args:
        catalogue: the province's catalogue.
        period: the period the spans ended in.
        scope: the units whose steps count (the step's own unit).
        lang: the language of the names.
        procedure: restrict to one procedure's code.

    Returns:
        One line per procedure and step, in workflow order.
    """
    await refresh(catalogue)
    where = Sql(
        "ended_at >= {} AND ended_at < {}", (period.start_epoch, period.end_epoch)
    )
    where = where.and_(scope.predicate())
    if procedure:
        where = where.and_(Sql("procedure_code = {}", (procedure,)))
    rows = await StepFact.raw(_STEP_SQL.replace("%WHERE%", where.text), *where.params)
    day_hours = calendar_of(catalogue).working_day_length().total_seconds() / _HOUR
    lines = [_figures(catalogue, row, lang, day_hours) for row in rows]
    return sorted(lines, key=lambda f: (f.procedure_code, f.position, f.step_code))


def _number(row: dict[str, Any], key: str) -> float:
    return float(row[key] or 0)


def _figures(
    catalogue: Catalogue, row: dict[str, Any], lang: str, day_hours: float
) -> StepFigures:
    code, step_code = str(row["procedure_code"]), str(row["step_code"])
    spec = catalogue.procedures.get(code)
    steps = list(spec.workflow.steps) if spec else []
    step = next((s for s in steps if s.code == step_code), None)
    spans, budgeted = int(_number(row, "spans")), int(_number(row, "budgeted"))
    return StepFigures(
        procedure_code=code,
        procedure_name=text_in(spec.name, lang) if spec else code,
        step_code=step_code,
        step_name=text_in(step.name, lang) if step else step_code,
        position=steps.index(step) if step else len(steps),
        declared_hours=_declared_hours(step, day_hours),
        spans=spans,
        average_hours=_number(row, "worked") / spans / _HOUR if spans else 0.0,
        average_budget_hours=(
            _number(row, "budget") / budgeted / _HOUR if budgeted else None
        ),
        over_budget=int(_number(row, "over_budget")),
        early=int(_number(row, "early")),
        on_time=int(_number(row, "on_time")),
        late=int(_number(row, "late")),
    )
