"""The service index (Decision 766/QĐ-TTg) on the hand-built month: rates, N/A,
scores, and the rule that more than one supplement request counts as late."""

from __future__ import annotations

from typing import Any

import pytest

from plugins.reporting.periods import parse_period
from plugins.reporting.reports import forms_for
from plugins.reporting.scope import resolve_scope
from plugins.reporting.service_index import (
    IndexBucket,
    IndexResult,
    IndicatorResult,
    compute_index,
    format_rate,
)
from plugins.reporting.sync import calendar_of
from tests.plugins.reporting.november import november

NOVEMBER = parse_period("2025-11")


@pytest.fixture
async def stp_index(report_catalogue: Any) -> IndexResult:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tindex766")
    scope = resolve_scope(report_catalogue, "stp", None)
    return await compute_index(form, report_catalogue, NOVEMBER, scope)


def indicator(bucket: IndexBucket, key: str) -> IndicatorResult:
    return next(i for g in bucket.groups for i in g.indicators if i.key == key)


def bucket_of(result: IndexResult, unit: str, exact: bool = True) -> IndexBucket:
    return next(b for b in result.buckets if b.unit_id == unit and b.exact == exact)


async def test_progress_counts_timely_dossiers_with_the_supplement_rule(
    stp_index: IndexResult,
) -> None:
    timely = indicator(bucket_of(stp_index, "stp"), "timely")
    # Resolved A D E L O P and pending B C F F2 N2: 11. Timely: A L P (early), D (on
    # time), C F N2 (within). O finished on time but had two supplement requests.
    assert (timely.numerator, timely.denominator) == (7, 11)
    assert timely.display == "63.64%"
    assert timely.score == pytest.approx(8.91)  # 14 points x 7/11


async def test_online_and_digitisation_rates_count_the_period_s_new_dossiers(
    stp_index: IndexResult,
) -> None:
    stp = bucket_of(stp_index, "stp")
    # New in November: C D E F F2 G I L N2 O P (11); online C G.
    online = indicator(stp, "online_dossiers")
    assert (online.numerator, online.denominator, online.display) == (2, 11, "18.18%")
    # Full marks at 50%: 8 points x 0.1818 / 0.5.
    assert online.score == pytest.approx(2.91)
    # C's components were all uploaded and one reused; O's was not digitised.
    assert (
        indicator(stp, "digitised").numerator,
        indicator(stp, "digitised").display,
    ) == (1, "9.09%")
    assert indicator(stp, "reused").numerator == 1
    # One of six results (A's) is electronic.
    electronic = indicator(stp, "electronic_results")
    assert (electronic.numerator, electronic.denominator, electronic.display) == (
        1,
        6,
        "16.67%",
    )


async def test_online_payment_earns_full_marks_from_thirty_percent(
    stp_index: IndexResult,
) -> None:
    payment = indicator(bucket_of(stp_index, "stp"), "online_payment")
    # D paid online, E in cash.
    assert (payment.numerator, payment.denominator, payment.display) == (1, 2, "50.00%")
    assert payment.score == payment.points == 6


async def test_satisfaction_counts_ratings_given_in_the_period(
    stp_index: IndexResult,
) -> None:
    satisfied = indicator(bucket_of(stp_index, "stp"), "satisfied")
    # A very satisfied, L satisfied, D not satisfied.
    assert (satisfied.numerator, satisfied.denominator, satisfied.display) == (
        2,
        3,
        "66.67%",
    )
    assert satisfied.score == pytest.approx(12.0)


async def test_procedure_shares_count_the_unit_s_procedures(
    stp_index: IndexResult,
) -> None:
    stp = bucket_of(stp_index, "stp")
    # stp implements the full-online test procedure and the paper-only one.
    online = indicator(stp, "online_procedures")
    assert (online.numerator, online.denominator, online.display) == (1, 2, "50.00%")
    used = indicator(stp, "online_services_used")
    assert (used.numerator, used.denominator) == (1, 1)  # C and G came online
    complete = indicator(stp, "complete_records")
    assert (complete.numerator, complete.denominator) == (2, 2)


async def test_indicators_without_data_are_na_and_leave_the_points_available(
    report_catalogue: Any,
) -> None:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tindex766")
    scope = resolve_scope(report_catalogue, "xa-an-binh", None)
    result = await compute_index(form, report_catalogue, NOVEMBER, scope)
    commune = bucket_of(result, "xa-an-binh")
    satisfied = indicator(commune, "satisfied")
    assert (satisfied.display, satisfied.score, satisfied.denominator) == (
        "N/A",
        None,
        0,
    )
    payment = indicator(commune, "online_payment")
    assert payment.display == "N/A"
    unsupported = indicator(commune, "portal_sync")
    assert (unsupported.kind, unsupported.display, unsupported.score) == (
        "unsupported",
        "N/A",
        None,
    )
    na_points = sum(
        i.points for g in commune.groups for i in g.indicators if i.score is None
    )
    assert commune.available == pytest.approx(100 - na_points)
    assert commune.score <= commune.available


async def test_average_time_compares_time_used_with_the_legal_time(
    report_catalogue: Any,
) -> None:
    await november(calendar_of(report_catalogue))
    form = forms_for(report_catalogue).get("tindex766")
    scope = resolve_scope(report_catalogue, "xa-an-binh", None)
    result = await compute_index(form, report_catalogue, NOVEMBER, scope)
    average = indicator(bucket_of(result, "xa-an-binh"), "average_time")
    # Q1 took 8 working hours of the 40 allowed.
    assert average.value == pytest.approx(0.2)
    assert average.display == "20.00%"
    assert average.score == average.points


async def test_the_scope_bucket_sums_its_units(stp_index: IndexResult) -> None:
    whole = stp_index.buckets[0]
    assert (whole.unit_id, whole.exact) == ("stp", False)
    # stp's subtree holds stp and its division, which has no dossier of the month.
    assert (
        indicator(whole, "timely").denominator
        == indicator(bucket_of(stp_index, "stp"), "timely").denominator
    )
    group_total = sum(g.score for g in whole.groups)
    assert whole.score == pytest.approx(group_total, abs=0.011)


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(2, 3, "66.67%"), (1, 8, "12.50%"), (1, 800, "0.13%"), (0, 5, "0.00%"),
     (5, 5, "100.00%"), (3, 0, "N/A"), (0, 0, "N/A")],
)  # fmt: skip
def test_rates_show_two_decimals_rounded_half_up(
    numerator: int, denominator: int, shown: str
) -> None:
    assert format_rate(numerator, denominator) == shown
