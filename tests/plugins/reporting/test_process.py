"""Time spent per procedure and step against the steps' budgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.catalogue.model import Duration
from plugins.reporting.labels import label_of, rate_text
from plugins.reporting.periods import parse_period
from plugins.reporting.review import process_analysis
from plugins.reporting.scope import resolve_scope
from plugins.reporting.svg import _nice_max
from tests.plugins.reporting.helpers import (
    PAPER_PROCEDURE,
    Step,
    add_dossier,
    at,
)

PERIOD = parse_period("2036-02")


def passage(
    start: dt.datetime, end: dt.datetime, due: dt.datetime, result: str, unit: str
) -> list[Step]:
    """A dossier received at ``start`` that left the first step at ``end``."""
    return [
        Step("receive", None, 2, start, to_step="tiep-nhan"),
        Step(
            "forward", 2, 4, end, from_step="tiep-nhan", to_step="xu-ly",
            step_due_at=due, step_result=result, from_unit_id=unit,
        ),
    ]  # fmt: skip


@pytest.fixture
async def february(report_catalogue: Any) -> None:
    """Three passages through the first step of the paper procedure at sct."""
    if getattr(february, "done", False):
        return
    # Monday 4 February 2036, 08:00: two hours against a four-hour budget.
    await add_dossier(
        procedure=PAPER_PROCEDURE, unit="sct", status=4,
        steps=passage(at("2036-02-04", "08:00"), at("2036-02-04", "10:00"),
                      at("2036-02-04", "13:30"), "early", "sct"),
    )  # fmt: skip
    # 08:00-15:30 holds five and a half working hours: late.
    await add_dossier(
        procedure=PAPER_PROCEDURE, unit="sct", status=4,
        steps=passage(at("2036-02-05", "08:00"), at("2036-02-05", "15:30"),
                      at("2036-02-05", "13:30"), "late", "sct"),
    )  # fmt: skip
    # A passage at another unit, and one that ended in March.
    await add_dossier(
        procedure=PAPER_PROCEDURE, unit="stc", status=4,
        steps=passage(at("2036-02-06", "08:00"), at("2036-02-06", "09:00"),
                      at("2036-02-06", "13:30"), "early", "stc"),
    )  # fmt: skip
    await add_dossier(
        procedure=PAPER_PROCEDURE, unit="sct", status=4,
        steps=passage(at("2036-02-27", "08:00"), at("2036-03-03", "08:00"),
                      at("2036-02-27", "13:30"), "late", "sct"),
    )  # fmt: skip
    february.done = True  # type: ignore[attr-defined]


async def test_passages_are_counted_with_time_and_budget(
    report_catalogue: Any, february: None
) -> None:
    scope = resolve_scope(report_catalogue, "sct", None)
    (line,) = await process_analysis(
        report_catalogue, PERIOD, scope, "vi", PAPER_PROCEDURE
    )
    assert (line.procedure_code, line.step_code, line.step_name) == (
        PAPER_PROCEDURE, "tiep-nhan", "Tiếp nhận"
    )  # fmt: skip
    assert line.declared_hours == 4
    assert line.spans == 2
    # Two hours and five and a half.
    assert line.average_hours == pytest.approx(3.75)
    # Budgets of 08:00-13:30: three and a half working hours each (lunch excluded).
    assert line.average_budget_hours == pytest.approx(3.5)
    assert (line.over_budget, line.early, line.on_time, line.late) == (1, 1, 0, 1)


async def test_the_scope_is_the_unit_of_the_step(
    report_catalogue: Any, february: None
) -> None:
    whole = resolve_scope(report_catalogue, None, None)
    (line,) = await process_analysis(
        report_catalogue, PERIOD, whole, "en", PAPER_PROCEDURE
    )
    assert line.spans == 3
    assert line.step_name == "Receive"
    elsewhere = resolve_scope(report_catalogue, "sxd", None)
    assert (
        await process_analysis(
            report_catalogue, PERIOD, elsewhere, "vi", PAPER_PROCEDURE
        )
        == []
    )


async def test_a_passage_counts_in_the_period_it_ended(
    report_catalogue: Any, february: None
) -> None:
    scope = resolve_scope(report_catalogue, "sct", None)
    march = parse_period("2036-03")
    (line,) = await process_analysis(
        report_catalogue, march, scope, "vi", PAPER_PROCEDURE
    )
    assert line.spans == 1
    assert line.late == 1


def test_budgets_in_calendar_days_have_no_fixed_length_in_hours() -> None:
    from core.catalogue.model import StepSpec
    from plugins.reporting.review import _declared_hours

    def step(amount: float, unit: str) -> StepSpec:
        return StepSpec(
            code="s", name="S", role="r", actions=["forward"],
            budget=Duration(amount=amount, unit=unit),  # type: ignore[arg-type]
        )  # fmt: skip

    assert _declared_hours(step(2, "working_days"), 8) == 16
    assert _declared_hours(step(3, "working_hours"), 8) == 3
    assert _declared_hours(step(2, "calendar_days"), 8) is None
    assert _declared_hours(None, 8) is None


# --- small helpers of the pages -----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "code", "lang", "word"),
    [
        ("channel", 2, "vi", "Trực tuyến"),
        ("channel", "3", "en", "By post"),
        ("result", "on_time", "vi", "Đúng hạn"),
        ("online", "partial", "en", "Partly online"),
        ("finding", "eform", "vi", "Không có biểu mẫu điện tử"),
        ("finding", "agency", "en", "Implementing agency"),
        ("channel", 9, "vi", "9"),
        ("nothing", "x", "vi", "x"),
    ],
)
def test_codes_are_shown_as_words(
    kind: str, code: object, lang: str, word: str
) -> None:
    assert label_of(kind, code, lang) == word


def test_headline_rates_round_half_up() -> None:
    assert rate_text(1, 8) == "12.50%"
    assert rate_text(2, 3) == "66.67%"
    assert rate_text(1, 0) == "N/A"


@pytest.mark.parametrize(
    ("value", "bound"),
    [(0, 1), (1, 1), (3, 5), (7, 10), (40, 50), (101, 200), (2500, 5000)],
)
def test_chart_axes_for_counts_end_on_a_round_value(value: float, bound: float) -> None:
    assert _nice_max(value) == bound
