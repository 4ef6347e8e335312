"""The counting rules of reports: which dossiers a cell counts, as SQL on the facts.

A cell of a form is a :class:`CountRule`: a *set* of dossiers for the period
(received in it, carried over into it, resolved in it, pending at its end...) and
optional *filters* (channel, result class, deadline state...). The same SQL
predicate counts the cell and lists its dossiers, so a drill-down always shows the
dossiers behind the figure. ``docs/reporting.md`` states every rule in prose.

Predicates use Piccolo's ``{}`` placeholders; :class:`Sql` carries their values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import msgspec

from plugins.reporting.periods import Period

__all__ = [
    "DOSSIER_SETS",
    "FILTERS",
    "QUANTITIES",
    "CountRule",
    "Problem",
    "Sql",
    "check_rule",
    "covering",
    "rule_sql",
]

Problem = tuple[str, str, str]
"""A form error: (path in the form, what is wrong, how to fix it)."""

FilterValue = str | bool | list[str]


class Sql(NamedTuple):
    """A fragment of SQL with its placeholder values, in order."""

    text: str
    params: tuple[Any, ...] = ()

    def and_(self, *others: Sql) -> Sql:
        """This fragment and every other one, all required."""
        parts = [self, *others]
        text = " AND ".join(f"({p.text})" for p in parts if p.text)
        return Sql(text or "1 = 1", tuple(v for p in parts for v in p.params))


class CountRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What one cell counts: a set of dossiers (or procedures) and filters.

    Attributes:
        count: the set's name (see :data:`DOSSIER_SETS`, or ``procedures``).
        where: filters by name; a list allows any of its values.
    """

    count: str
    where: dict[str, FilterValue] = {}


# --- sets ---------------------------------------------------------------------------

_OPEN_AT_END = "(exit_at IS NULL OR exit_at >= {})"


def _received(s: int, e: int) -> Sql:
    return Sql("received_at >= {} AND received_at < {}", (s, e))


def _carried_over(s: int, e: int) -> Sql:
    return Sql("received_at < {} AND (exit_at IS NULL OR exit_at >= {})", (s, s))


def _handled(s: int, e: int) -> Sql:
    return Sql("received_at < {} AND (exit_at IS NULL OR exit_at >= {})", (e, s))


def _resolved(s: int, e: int) -> Sql:
    return Sql("exit_status = 9 AND exit_at >= {} AND exit_at < {}", (s, e))


def _closed(s: int, e: int) -> Sql:
    return Sql(
        "exit_status IN (3, 7, 8) AND received_at < {} AND exit_at >= {} "
        "AND exit_at < {}",
        (e, s, e),
    )


def _pending(s: int, e: int) -> Sql:
    return Sql("received_at < {} AND " + _OPEN_AT_END, (e, e))


def _assessed(s: int, e: int) -> Sql:
    return Sql(
        "received_at < {} AND (exit_at IS NULL OR exit_at >= {} "
        "OR (exit_status = 9 AND exit_at >= {}))",
        (e, e, s),
    )


def _paid(s: int, e: int) -> Sql:
    return Sql("paid_at >= {} AND paid_at < {}", (s, e))


def _rated(s: int, e: int) -> Sql:
    return Sql("rated_at >= {} AND rated_at < {}", (s, e))


DOSSIER_SETS: dict[str, Callable[[int, int], Sql]] = {
    "received": _received,
    "carried_over": _carried_over,
    "handled": _handled,
    "resolved": _resolved,
    "closed": _closed,
    "pending": _pending,
    "assessed": _assessed,
    "paid": _paid,
    "rated": _rated,
}
"""Sets of dossiers for a period ``[s, e)`` (Unix seconds):

- ``received``: received in the period (the new dossiers).
- ``carried_over``: received before the period and still open at its start.
- ``handled``: ``received`` plus ``carried_over`` (the form's "received, total").
- ``resolved``: reached status 9 or 10 in the period.
- ``closed``: received, then refused, withdrawn or stopped in the period.
- ``pending``: received before the end and still open at it.
- ``assessed``: ``resolved`` plus ``pending`` (the service index's "all handled").
- ``paid``: fees confirmed paid in the period.
- ``rated``: satisfaction given in the period.

``handled`` is exactly ``resolved`` + ``pending`` + ``closed``.
"""


# --- filters ------------------------------------------------------------------------

_CHANNELS = {"counter": 1, "online": 2, "post": 3}
_RESULTS = ("early", "on_time", "late")
_EXITS = {"refused": 3, "withdrawn": 7, "stopped": 8}
_RATINGS = ("very_satisfied", "satisfied", "not_satisfied")
_FLAGS = ("digitised", "reused", "electronic_result")


def _in(column: str, values: Iterable[Any]) -> Sql:
    listed = list(values)
    marks = ", ".join("{}" for _ in listed)
    return Sql(f"{column} IN ({marks})", tuple(listed))


def _channel(values: list[str], e: int) -> Sql:
    return _in("channel", (_CHANNELS[v] for v in values))


def _result(values: list[str], e: int) -> Sql:
    return _in("result_class", values)


def _deadline(values: list[str], e: int) -> Sql:
    within = Sql("overdue_after IS NULL OR overdue_after >= {}", (e,))
    overdue = Sql("overdue_after < {}", (e,))
    chosen = [within if v == "within" else overdue for v in dict.fromkeys(values)]
    if len(chosen) == 1:
        return chosen[0]
    return Sql("1 = 1")


def _exit(values: list[str], e: int) -> Sql:
    return _in("exit_status", (_EXITS[v] for v in values))


def _rating(values: list[str], e: int) -> Sql:
    return _in("rating", values)


def _payment(values: list[str], e: int) -> Sql:
    return _in("paid_online", (1 if v == "online" else 0 for v in values))


def _timely(value: bool, e: int) -> Sql:
    # CASE gives a plain 0 or 1 where the test meets NULLs (no class, no exit),
    # so that "not timely" is the exact complement of "timely".
    timely = (
        "CASE WHEN supplements <= 1 AND ((exit_status = 9 AND result_class IN "
        "('early', 'on_time')) OR ((exit_at IS NULL OR exit_at >= {}) AND "
        "(overdue_after IS NULL OR overdue_after >= {}))) THEN 1 ELSE 0 END"
    )
    return Sql(f"{timely} = {{}}", (e, e, 1 if value else 0))


def _flag(column: str) -> Callable[[bool, int], Sql]:
    def build(value: bool, e: int) -> Sql:
        return Sql(f"{column} = {{}}", (1 if value else 0,))

    return build


class _Filter(NamedTuple):
    """A filter's allowed values (``None``: a yes/no flag) and its SQL."""

    values: tuple[str, ...] | None
    build: Callable[[Any, int], Sql]


FILTERS: dict[str, _Filter] = {
    "channel": _Filter(tuple(_CHANNELS), _channel),
    "result": _Filter(_RESULTS, _result),
    "deadline": _Filter(("within", "overdue"), _deadline),
    "exit": _Filter(tuple(_EXITS), _exit),
    "rating": _Filter(_RATINGS, _rating),
    "payment": _Filter(("online", "other"), _payment),
    "timely_for_index": _Filter(None, _timely),
    **{flag: _Filter(None, _flag(flag)) for flag in _FLAGS},
}
"""Filters a cell may add to its set:

- ``channel``: counter, online, post (how the dossier was filed).
- ``result``: early, on_time, late (the class stored when the result was ready).
- ``deadline``: within, overdue (at the period's end; for pending dossiers).
- ``exit``: refused, withdrawn, stopped (how a closed dossier left).
- ``rating``: very_satisfied, satisfied, not_satisfied.
- ``payment``: online, other (how the fees were paid).
- ``timely_for_index``: resolved early or on time, or pending within the deadline,
  with at most one supplement request (Decision 766's rule).
- ``digitised``, ``reused``, ``electronic_result``: yes/no flags.
"""

QUANTITIES: dict[str, str] = {
    "working_seconds": "worked_seconds",
    "time_used_share": (
        "CASE WHEN allowed_seconds > 0 "
        "THEN CAST(worked_seconds AS DOUBLE PRECISION) / allowed_seconds END"
    ),
}
"""Quantities an average may be taken of, over dossiers with a result."""


# --- checking and translating rules -------------------------------------------------


def check_rule(
    rule: CountRule, path: str, sets: Iterable[str] | None = None
) -> list[Problem]:
    """Find what is wrong with a counting rule.

    Args:
        rule: the rule as declared.
        path: where it sits in the form, for messages.
        sets: the set names allowed here (dossier sets by default).

    Returns:
        Problems; empty when the rule can be counted.
    """
    allowed = list(sets) if sets is not None else list(DOSSIER_SETS)
    problems: list[Problem] = []
    if rule.count not in allowed:
        problems.append(
            (
                f"{path}.count",
                f"unknown measure {rule.count!r}",
                f"use one of: {', '.join(allowed)}",
            )
        )
    if rule.count in DOSSIER_SETS:
        for name, value in rule.where.items():
            problems += _check_filter(name, value, f"{path}.where.{name}")
    return problems


def _check_filter(name: str, value: FilterValue, path: str) -> list[Problem]:
    found = FILTERS.get(name)
    if found is None:
        return [(path, f"unknown filter {name!r}", f"use one of: {', '.join(FILTERS)}")]
    if found.values is None:
        if not isinstance(value, bool):
            return [(path, f"{name} takes true or false", "write true or false")]
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        return [(path, f"{name} needs a value", f"use: {', '.join(found.values)}")]
    wrong = [v for v in values if v not in found.values]
    if wrong:
        return [
            (
                path,
                f"unknown value(s) {', '.join(map(str, wrong))} for {name}",
                f"use: {', '.join(found.values)}",
            )
        ]
    return []


def rule_sql(rule: CountRule, period: Period) -> Sql:
    """The predicate selecting the fact rows a (checked) dossier rule counts.

    Args:
        rule: a rule that :func:`check_rule` accepted.
        period: the reporting period.

    Returns:
        The predicate; combine it with :func:`covering`.
    """
    s, e = period.start_epoch, period.end_epoch
    parts = [DOSSIER_SETS[rule.count](s, e)]
    for name, value in sorted(rule.where.items()):
        spec = FILTERS[name]
        if spec.values is None:
            parts.append(spec.build(value, e))
        else:
            parts.append(spec.build([value] if isinstance(value, str) else value, e))
    return parts[0].and_(*parts[1:])


def covering(period: Period) -> Sql:
    """The predicate picking, for each dossier, the segment in force at the end."""
    e = period.end_epoch
    return Sql(
        "(valid_from IS NULL OR valid_from < {}) "
        "AND (valid_to IS NULL OR valid_to >= {})",
        (e, e),
    )
