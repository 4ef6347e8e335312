"""Forms II.06a and II.06b on a hand-built month, partitions, drill-down, history.

The expected tables are worked out by hand from the letters of
:mod:`tests.plugins.reporting.november`; every comment names the dossiers counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from plugins.reporting.compute import cell_predicate, compute_dossier_form, list_cell
from plugins.reporting.forms import FormSpec
from plugins.reporting.measures import CountRule, covering, rule_sql
from plugins.reporting.periods import parse_period
from plugins.reporting.reports import forms_for
from plugins.reporting.scope import Scope, resolve_scope
from plugins.reporting.sync import calendar_of
from plugins.reporting.table import ReportTable
from tests.plugins.reporting.helpers import (
    FIELD,
    PROVINCE_PROCEDURE,
    Step,
    add_dossier,
    at,
    counter_life,
    resolve,
)
from tests.plugins.reporting.november import november

NOVEMBER = parse_period("2025-11")
COLUMNS = [
    "received_total", "carried_over", "online", "counter_post",
    "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
    "pending_total", "pending_within", "pending_overdue",
]  # fmt: skip


@pytest.fixture
async def month(report_catalogue: Any) -> dict[str, int]:
    """The hand-built dossiers of November 2025 (written once per run)."""
    return await november(calendar_of(report_catalogue))


def form(catalogue: Any, key: str) -> FormSpec:
    return forms_for(catalogue).get(key)


def whole(catalogue: Any) -> Scope:
    return resolve_scope(catalogue, None, None)


def figures(table: ReportTable, section: str | None, row: str | None) -> dict[str, int]:
    return {key: table.value(key, section, row) for key in COLUMNS}


def expected(*values: int) -> dict[str, int]:
    return dict(zip(COLUMNS, values, strict=True))


async def test_ii06a_for_november_matches_the_table_worked_out_by_hand(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    table = await compute_dossier_form(
        form(report_catalogue, "tii06a"),
        report_catalogue,
        NOVEMBER,
        whole(report_catalogue),
    )
    # stp. Received total: A B C D E F F2 G I J L N2 O P (14); carried over A B J;
    # online C G; counter or post D E F F2 I L N2 O P. Resolved A D E L O P: early
    # A L P, on time D O, late E. Pending B C F F2 N2: within C F N2, overdue B F2.
    # G, I and J left without a result; H was refused at receipt; K came after the
    # period; M was resolved before it.
    assert figures(table, "stp", FIELD) == expected(14, 3, 2, 9, 6, 3, 2, 1, 5, 3, 2)
    # sxd: N1, transferred to it during the month, pending and overdue.
    assert figures(table, "sxd", FIELD) == expected(1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1)
    # xa-an-binh: Q1 counter, resolved early; Q2 online, pending within.
    assert figures(table, "xa-an-binh", FIELD) == expected(
        2, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0
    )
    # xa-tan-phu: Q3 carried over, pending and overdue.
    assert figures(table, "xa-tan-phu", FIELD) == expected(
        1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1
    )
    assert figures(table, None, None) == expected(18, 4, 3, 11, 7, 4, 2, 1, 8, 4, 4)
    sections = [r.section for r in table.rows if r.kind == "section"]
    assert sections == ["stp", "sxd", "xa-an-binh", "xa-tan-phu"]


async def test_ii06b_adds_units_up_by_level(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    table = await compute_dossier_form(
        form(report_catalogue, "tii06b"),
        report_catalogue,
        NOVEMBER,
        whole(report_catalogue),
    )
    assert figures(table, "province", "stp") == expected(
        14, 3, 2, 9, 6, 3, 2, 1, 5, 3, 2
    )
    assert figures(table, "province", None) == expected(
        15, 3, 2, 10, 6, 3, 2, 1, 6, 3, 3
    )
    assert figures(table, "commune", None) == expected(3, 1, 1, 1, 1, 1, 0, 0, 2, 1, 1)
    assert [r.section for r in table.rows if r.kind == "section"] == [
        "province",
        "commune",
    ]
    assert figures(table, None, None) == expected(18, 4, 3, 11, 7, 4, 2, 1, 8, 4, 4)


async def test_a_unit_sees_only_its_own_subtree(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    scope = resolve_scope(report_catalogue, "xa-an-binh", None)
    table = await compute_dossier_form(
        form(report_catalogue, "tii06a"), report_catalogue, NOVEMBER, scope
    )
    assert figures(table, None, None) == expected(2, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0)
    assert table.unit_id == "xa-an-binh"


async def test_an_earlier_month_sees_the_dossiers_as_they_stood_then(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    table = await compute_dossier_form(
        form(report_catalogue, "tii06a"),
        report_catalogue,
        parse_period("2025-10"),
        resolve_scope(report_catalogue, "stp", None),
    )
    # October at stp: received A B J M (all counter, all new). M resolved on time;
    # A B J pending at the end, B overdue since 08/10. N1 and N2 not yet received.
    assert figures(table, "stp", FIELD) == expected(4, 0, 0, 4, 1, 0, 1, 0, 3, 2, 1)


# --- partitions and drill-down ------------------------------------------------------


async def _ids(
    catalogue: Any, key: str, column: str, section: str | None = None
) -> list[int]:
    predicate = cell_predicate(
        form(catalogue, key),
        catalogue,
        NOVEMBER,
        whole(catalogue),
        column,
        section,
        None,
    )
    listing = await list_cell(predicate, limit=10_000)
    assert listing.total == len(listing.entries)
    return [e.dossier_id for e in listing.entries]


async def _rule_ids(catalogue: Any, rule: CountRule) -> list[int]:
    base = cell_predicate(
        form(catalogue, "tii06a"), catalogue, NOVEMBER, whole(catalogue),
        "received_total", None, None,
    )  # fmt: skip
    # The form's own rows (in force at the end, in the field) without its column rule.
    predicate = covering(NOVEMBER).and_(
        rule_sql(rule, NOVEMBER),
        _field_only(catalogue),
    )
    assert base.params  # the form restricts to the test field too
    listing = await list_cell(predicate, limit=10_000)
    return [e.dossier_id for e in listing.entries]


def _field_only(catalogue: Any) -> Any:
    from plugins.reporting.measures import Sql

    codes = [c for c, p in catalogue.procedures.items() if p.field == FIELD]
    return Sql(f"procedure_code IN ({', '.join('{}' for _ in codes)})", tuple(codes))


@pytest.mark.parametrize(
    ("whole_column", "parts"),
    [
        ("received_total", ["carried_over", "online", "counter_post"]),
        ("resolved_total", ["resolved_early", "resolved_on_time", "resolved_late"]),
        ("pending_total", ["pending_within", "pending_overdue"]),
    ],
)
async def test_every_dossier_of_a_total_lands_in_exactly_one_part(
    report_catalogue: Any, month: dict[str, int], whole_column: str, parts: list[str]
) -> None:
    for section in (None, "stp", "sxd", "xa-an-binh", "xa-tan-phu"):
        total = await _ids(report_catalogue, "tii06a", whole_column, section)
        pieces = [await _ids(report_catalogue, "tii06a", p, section) for p in parts]
        joined = [i for piece in pieces for i in piece]
        assert sorted(joined) == sorted(total), (section, whole_column)
        assert len(set(joined)) == len(joined)


async def test_received_dossiers_are_resolved_pending_or_closed_exactly_once(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    handled = await _rule_ids(report_catalogue, CountRule(count="handled"))
    parts = [
        await _rule_ids(report_catalogue, CountRule(count=name))
        for name in ("resolved", "pending", "closed")
    ]
    joined = [i for part in parts for i in part]
    assert sorted(joined) == sorted(handled)
    assert len(set(joined)) == len(joined)
    closed = set(parts[2])
    assert closed == {month["G"], month["I"], month["J"]}
    nowhere = {month["H"], month["K"], month["M"]}
    assert not nowhere & set(handled)


async def test_every_cell_lists_as_many_dossiers_as_it_shows(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    spec = form(report_catalogue, "tii06a")
    scope = whole(report_catalogue)
    table = await compute_dossier_form(spec, report_catalogue, NOVEMBER, scope)
    for line in table.rows:
        if line.kind == "section":
            continue
        for column, value in zip(COLUMNS, line.values, strict=True):
            predicate = cell_predicate(
                spec, report_catalogue, NOVEMBER, scope, column, line.section, line.row
            )
            listing = await list_cell(predicate, limit=1000)
            assert listing.total == value == len(listing.entries), (line, column)


async def test_a_cell_lists_the_dossiers_named_by_hand(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    overdue = await _ids(report_catalogue, "tii06a", "pending_overdue", "stp")
    assert set(overdue) == {month["B"], month["F2"]}
    late = await _ids(report_catalogue, "tii06a", "resolved_late")
    assert late == [month["E"]]
    online = await _ids(report_catalogue, "tii06a", "online", "stp")
    assert set(online) == {month["C"], month["G"]}


async def test_drill_down_pages_through_large_cells(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    predicate = cell_predicate(
        form(report_catalogue, "tii06a"), report_catalogue, NOVEMBER,
        whole(report_catalogue), "received_total", None, None,
    )  # fmt: skip
    first = await list_cell(predicate, limit=5, offset=0)
    rest = await list_cell(predicate, limit=100, offset=5)
    assert first.total == rest.total == 18
    assert len(first.entries) == 5
    assert len(rest.entries) == 13
    seen = [e.dossier_id for e in first.entries + rest.entries]
    assert len(set(seen)) == 18
    received = [e.received_at for e in first.entries + rest.entries]
    assert received == sorted(received)


# --- history makes past periods stable ----------------------------------------------


async def test_a_past_period_gives_the_same_answer_after_later_events(
    report_catalogue: Any,
) -> None:
    # Each test below has a year and a unit of its own, after the hand-built month.
    march, april = parse_period("2027-03"), parse_period("2027-04")
    spec, scope = (
        form(report_catalogue, "tii06a"),
        resolve_scope(report_catalogue, "syt", None),
    )
    dossier, _code = await add_dossier(
        unit="syt", status=4, due=at("2027-04-02"), steps=counter_life(at("2027-03-26"))
    )
    before = await compute_dossier_form(spec, report_catalogue, march, scope)
    assert figures(before, "syt", FIELD) == expected(1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0)
    # In April the dossier is resolved, late.
    from core.dossiers.tables import Dossier, DossierHistory

    await DossierHistory(
        dossier=dossier,
        at=at("2027-04-05"),
        action="resolve",
        from_status=4,
        to_status=9,
    ).save()
    await Dossier.update(
        {
            Dossier.status: 9,
            Dossier.result_class: "late",
            Dossier.finished_at: at("2027-04-05"),
        }
    ).where(Dossier.id == dossier)
    after = await compute_dossier_form(spec, report_catalogue, march, scope)
    assert after.rows == before.rows
    in_april = await compute_dossier_form(spec, report_catalogue, april, scope)
    assert figures(in_april, "syt", FIELD) == expected(1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0)


async def test_new_history_is_picked_up_by_the_next_report(
    report_catalogue: Any,
) -> None:
    spec, scope = (
        form(report_catalogue, "tii06a"),
        resolve_scope(report_catalogue, "snnmt", None),
    )
    may = parse_period("2028-05")
    empty = await compute_dossier_form(spec, report_catalogue, may, scope)
    assert empty.total_row() is not None
    assert sum(empty.total_row().values) == 0
    await add_dossier(
        unit="snnmt", status=9, due=at("2028-05-16"), result_class="early",
        finished=at("2028-05-10"),
        steps=[*counter_life(at("2028-05-08")), resolve(at("2028-05-10"))],
    )  # fmt: skip
    table = await compute_dossier_form(spec, report_catalogue, may, scope)
    assert figures(table, "snnmt", FIELD) == expected(1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0)


async def test_a_running_period_judges_pending_dossiers_now_not_at_its_end(
    report_catalogue: Any,
) -> None:
    spec, scope = (
        form(report_catalogue, "tii06a"),
        resolve_scope(report_catalogue, "sct", None),
    )
    await add_dossier(
        unit="sct", status=4, due=at("2029-06-15"), steps=counter_life(at("2029-06-08"))
    )
    june = parse_period("2029-06")
    halfway = june.as_of(at("2029-06-12", "12:00"))
    running = await compute_dossier_form(spec, report_catalogue, halfway, scope)
    assert figures(running, "sct", FIELD)["pending_within"] == 1
    over = await compute_dossier_form(spec, report_catalogue, june, scope)
    assert figures(over, "sct", FIELD)["pending_overdue"] == 1


async def test_a_dossier_received_on_the_last_second_belongs_to_its_period(
    report_catalogue: Any,
) -> None:
    spec, scope = (
        form(report_catalogue, "tii06a"),
        resolve_scope(report_catalogue, "stc", None),
    )
    last = dt.datetime(2030, 7, 31, 23, 59, 59, tzinfo=at("2030-07-31").tzinfo)
    await add_dossier(
        procedure=PROVINCE_PROCEDURE, unit="stc", status=4, due=at("2030-08-07"),
        steps=[Step("receive", None, 2, last)],
    )  # fmt: skip
    july = await compute_dossier_form(
        spec, report_catalogue, parse_period("2030-07"), scope
    )
    august = await compute_dossier_form(
        spec, report_catalogue, parse_period("2030-08"), scope
    )
    assert figures(july, "stc", FIELD)["counter_post"] == 1
    assert figures(july, "stc", FIELD)["carried_over"] == 0
    assert figures(august, "stc", FIELD)["carried_over"] == 1
    assert figures(august, "stc", FIELD)["counter_post"] == 0
