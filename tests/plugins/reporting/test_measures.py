"""Every counting rule, evaluated on hand-made fact rows at its boundaries.

The rules are SQL predicates; here they run on an in-memory SQLite table with the
fact table's columns, one row per case, so each boundary (the first second of a
period, the last, the appointment itself) is checked on its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from plugins.reporting.measures import (
    DOSSIER_SETS,
    FILTERS,
    CountRule,
    Sql,
    covering,
    rule_sql,
)
from plugins.reporting.periods import parse_period

PERIOD = parse_period("2025-11")
S, E = PERIOD.start_epoch, PERIOD.end_epoch
DAY = 86_400
COLUMNS = (
    "dossier_id", "channel", "received_at", "exit_at", "exit_status", "result_class",
    "supplements", "valid_from", "valid_to", "overdue_after", "worked_seconds",
    "allowed_seconds", "paid_at", "paid_online", "digitised", "reused",
    "electronic_result", "rating", "rated_at",
)  # fmt: skip


def fact(dossier_id: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        dossier_id=dossier_id, channel=1, supplements=0, paid_online=0,
        digitised=0, reused=0, electronic_result=0,
    )  # fmt: skip
    row.update(values)
    return row


@pytest.fixture
def table() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE TABLE reporting_fact ({', '.join(COLUMNS)})")
    yield connection
    connection.close()


def insert(connection: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    marks = ", ".join("?" for _ in COLUMNS)
    connection.executemany(
        f"INSERT INTO reporting_fact VALUES ({marks})",  # noqa: S608
        [tuple(r[c] for c in COLUMNS) for r in rows],
    )


def selected(connection: sqlite3.Connection, predicate: Sql) -> set[int]:
    where = predicate.text.replace("{}", "?")
    sql = f"SELECT dossier_id FROM reporting_fact WHERE {where}"  # noqa: S608
    return {r[0] for r in connection.execute(sql, predicate.params)}


def select_rule(connection: sqlite3.Connection, count: str, **where: Any) -> set[int]:
    rule = CountRule(count=count, where=where)
    return selected(connection, covering(PERIOD).and_(rule_sql(rule, PERIOD)))


# --- sets at their boundaries -------------------------------------------------------


def test_received_runs_from_the_first_to_the_last_second(
    table: sqlite3.Connection,
) -> None:
    insert(table, [
        fact(1, received_at=S),          # the first second: in
        fact(2, received_at=E - 1),      # the last second: in
        fact(3, received_at=E),          # the next period
        fact(4, received_at=S - 1),      # the period before
        fact(5),                         # never received
    ])  # fmt: skip
    assert select_rule(table, "received") == {1, 2}


def test_carried_over_needs_the_dossier_open_at_the_start(
    table: sqlite3.Connection,
) -> None:
    insert(table, [
        fact(1, received_at=S - DAY),                                 # still open
        fact(2, received_at=S - DAY, exit_at=S, exit_status=9),       # left at start
        fact(3, received_at=S - DAY, exit_at=S - 1, exit_status=9),   # left before
        fact(4, received_at=S),                                       # new, not carried
    ])  # fmt: skip
    assert select_rule(table, "carried_over") == {1, 2}
    assert select_rule(table, "handled") == {1, 2, 4}


def test_resolved_counts_results_ready_in_the_period(table: sqlite3.Connection) -> None:
    insert(table, [
        fact(1, received_at=S - DAY, exit_at=S, exit_status=9),
        fact(2, received_at=S, exit_at=E - 1, exit_status=9),
        fact(3, received_at=S, exit_at=E, exit_status=9),      # next period
        fact(4, received_at=S, exit_at=S + DAY, exit_status=7),  # withdrawn
    ])  # fmt: skip
    assert select_rule(table, "resolved") == {1, 2}
    assert select_rule(table, "closed") == {4}


def test_pending_means_open_when_the_period_ends(table: sqlite3.Connection) -> None:
    insert(table, [
        fact(1, received_at=S),
        fact(2, received_at=S, exit_at=E, exit_status=9),       # leaves at the end
        fact(3, received_at=S, exit_at=E - 1, exit_status=9),   # left before
        fact(4, received_at=E),                                 # not yet received
        fact(5, received_at=S - 10 * DAY),                      # carried, still open
    ])  # fmt: skip
    assert select_rule(table, "pending") == {1, 2, 5}
    assert select_rule(table, "assessed") == {1, 2, 3, 5}


def test_closed_needs_a_receipt(table: sqlite3.Connection) -> None:
    insert(table, [
        fact(1, exit_at=S + DAY, exit_status=3),                   # refused at receipt
        fact(2, received_at=S, exit_at=S + DAY, exit_status=3),    # refused after
        fact(3, received_at=S, exit_at=S + DAY, exit_status=8),    # stopped
    ])  # fmt: skip
    assert select_rule(table, "closed") == {2, 3}
    assert select_rule(table, "handled") == {2, 3}


def test_paid_and_rated_count_their_own_moments(table: sqlite3.Connection) -> None:
    insert(table, [
        fact(1, received_at=S - 40 * DAY, paid_at=S + DAY, rated_at=S - DAY),
        fact(2, received_at=S, paid_at=E, rated_at=E - 1, rating="satisfied"),
    ])  # fmt: skip
    assert select_rule(table, "paid") == {1}
    assert select_rule(table, "rated") == {2}


@pytest.mark.parametrize(
    ("exit_at", "exit_status", "expected"),
    [(None, None, "pending"), (S + DAY, 9, "resolved"), (S + DAY, 3, "closed"),
     (S + DAY, 7, "closed"), (S + DAY, 8, "closed"), (E, 9, "pending"),
     (E + DAY, 7, "pending")],
)  # fmt: skip
def test_every_handled_dossier_is_in_exactly_one_of_three_sets(
    table: sqlite3.Connection,
    exit_at: int | None,
    exit_status: int | None,
    expected: str,
) -> None:
    insert(
        table, [fact(1, received_at=S + 60, exit_at=exit_at, exit_status=exit_status)]
    )
    found = [
        name for name in ("resolved", "pending", "closed") if select_rule(table, name)
    ]
    assert found == [expected]


# --- filters ------------------------------------------------------------------------


def test_deadline_is_judged_at_the_end_and_the_appointment_itself_is_within(
    table: sqlite3.Connection,
) -> None:
    insert(table, [
        fact(1, received_at=S, overdue_after=E),          # due at the end: within
        fact(2, received_at=S, overdue_after=E - 1),      # due a second before: overdue
        fact(3, received_at=S),                           # no appointment: within
        fact(4, received_at=S, overdue_after=E + DAY),
    ])  # fmt: skip
    assert select_rule(table, "pending", deadline="within") == {1, 3, 4}
    assert select_rule(table, "pending", deadline="overdue") == {2}
    assert select_rule(table, "pending", deadline=["within", "overdue"]) == {1, 2, 3, 4}


def test_channel_result_and_exit_filters(table: sqlite3.Connection) -> None:
    left = {"received_at": S, "exit_at": S + 1}
    insert(table, [
        fact(1, **left, channel=1, exit_status=9, result_class="early"),
        fact(2, **left, channel=2, exit_status=9, result_class="late"),
        fact(3, **left, channel=3, exit_status=7),
        fact(4, **left, channel=3, exit_status=8),
    ])  # fmt: skip
    assert select_rule(table, "received", channel="online") == {2}
    assert select_rule(table, "received", channel=["counter", "post"]) == {1, 3, 4}
    assert select_rule(table, "resolved", result="late") == {2}
    assert select_rule(table, "resolved", result=["early", "on_time"]) == {1}
    assert select_rule(table, "closed", exit="stopped") == {4}
    assert select_rule(table, "closed", exit=["withdrawn", "refused"]) == {3}


def test_timely_for_the_index_follows_decision_766(table: sqlite3.Connection) -> None:
    resolved = {"received_at": S, "exit_at": S + DAY, "exit_status": 9}
    insert(table, [
        fact(1, **resolved, result_class="early"),
        fact(2, **resolved, result_class="on_time", supplements=1),
        fact(3, **resolved, result_class="on_time", supplements=2),   # two requests
        fact(4, **resolved, result_class="late"),
        fact(5, received_at=S, overdue_after=E + DAY),                # pending within
        fact(6, received_at=S, overdue_after=S + DAY),                # pending overdue
        fact(7, received_at=S, overdue_after=E + DAY, supplements=2),  # two requests
    ])  # fmt: skip
    assert select_rule(table, "assessed", timely_for_index=True) == {1, 2, 5}
    assert select_rule(table, "assessed", timely_for_index=False) == {3, 4, 6, 7}


def test_payment_rating_and_file_flags(table: sqlite3.Connection) -> None:
    insert(table, [
        fact(1, received_at=S, paid_at=S + 1, paid_online=1, digitised=1,
             rating="very_satisfied", rated_at=S + 2),
        fact(2, received_at=S, paid_at=S + 1, paid_online=0, reused=1,
             electronic_result=1, rating="not_satisfied", rated_at=S + 2),
    ])  # fmt: skip
    assert select_rule(table, "paid", payment="online") == {1}
    assert select_rule(table, "paid", payment="other") == {2}
    assert select_rule(table, "rated", rating=["very_satisfied", "satisfied"]) == {1}
    assert select_rule(table, "received", digitised=True) == {1}
    assert select_rule(table, "received", digitised=False) == {2}
    assert select_rule(table, "received", reused=True) == {2}
    assert select_rule(table, "received", electronic_result=True) == {2}


# --- segments -----------------------------------------------------------------------


def test_covering_picks_the_segment_in_force_at_the_end(
    table: sqlite3.Connection,
) -> None:
    insert(table, [
        fact(1, received_at=S, valid_from=None, valid_to=S + DAY),
        fact(1, received_at=S, valid_from=S + DAY, valid_to=E),
        fact(1, received_at=S, valid_from=E, valid_to=None),
        fact(2, received_at=S, valid_from=None, valid_to=None),
    ])  # fmt: skip
    where = covering(PERIOD).text.replace("{}", "?")
    sql = f"SELECT dossier_id, valid_from FROM reporting_fact WHERE {where}"  # noqa: S608
    rows = table.execute(sql, covering(PERIOD).params).fetchall()
    assert sorted(rows, key=lambda r: r[0]) == [(1, S + DAY), (2, None)]


def test_every_set_and_filter_builds_a_predicate_with_matching_placeholders() -> None:
    for name in DOSSIER_SETS:
        for filter_name, spec in FILTERS.items():
            value: Any = True if spec.values is None else list(spec.values)
            sql = rule_sql(CountRule(count=name, where={filter_name: value}), PERIOD)
            assert sql.text.count("{}") == len(sql.params), (name, filter_name)
