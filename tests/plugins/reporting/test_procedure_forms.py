"""Procedure counts in the style of II.07, the catalogue review and procedure rules."""

from __future__ import annotations

from typing import Any

import msgspec

from core.catalogue.model import ResultSpec
from plugins.reporting.measures import CountRule
from plugins.reporting.periods import parse_period
from plugins.reporting.procedure_forms import compute_procedure_form, procedure_cell
from plugins.reporting.procedure_measures import (
    matches,
    missing_public_parts,
    unbacked_online,
)
from plugins.reporting.reports import forms_for
from plugins.reporting.review import review_catalogue
from plugins.reporting.scope import resolve_scope
from tests.plugins.reporting.helpers import (
    COMMUNE_PROCEDURE,
    PAPER_PROCEDURE,
    PROVINCE_PROCEDURE,
)

YEAR = parse_period("2025")
KEYS = [
    "procedures", "with_workflow", "complete_record", "online_full", "online_partial",
    "online_none", "online_payment", "electronic_result",
]  # fmt: skip


def figures(table: Any, section: str | None, row: str | None) -> list[int]:
    return [table.value(k, section, row) for k in KEYS]


async def test_ii07a_counts_the_field_s_procedures_by_level(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii07a")
    table = await compute_procedure_form(
        form, report_catalogue, YEAR, resolve_scope(report_catalogue, None, None)
    )
    # Province level: the full-online procedure (result both) and the paper one.
    assert figures(table, None, "province") == [2, 2, 2, 1, 0, 1, 0, 1]
    # Commune level: the partly online procedure with a paper result.
    assert figures(table, None, "commune") == [1, 1, 1, 0, 1, 0, 0, 0]
    assert figures(table, None, None) == [3, 3, 3, 1, 1, 1, 0, 1]


async def test_a_procedure_counts_once_in_totals_however_many_units_implement_it(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii07u")
    table = await compute_procedure_form(
        form, report_catalogue, YEAR, resolve_scope(report_catalogue, None, None)
    )
    assert table.value("procedures", None, "stp") == 2  # province and paper procedures
    assert table.value("procedures", None, "sxd") == 1
    assert table.value("procedures", None, "xa-an-binh") == 1
    communes = len(report_catalogue.units_of_kind("commune"))
    rows = [r for r in table.rows if r.kind == "row"]
    assert len(rows) == 2 + communes
    assert table.value("procedures", None, None) == 3


async def test_procedures_not_yet_in_force_are_not_counted(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii07a")
    table = await compute_procedure_form(
        form,
        report_catalogue,
        parse_period("2024"),
        resolve_scope(report_catalogue, None, None),
    )
    assert table.value("procedures") == 0


async def test_a_unit_counts_the_procedures_it_implements(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tii07a")
    table = await compute_procedure_form(
        form,
        report_catalogue,
        YEAR,
        resolve_scope(report_catalogue, "xa-an-binh", None),
    )
    assert figures(table, None, None) == [1, 1, 1, 0, 1, 0, 0, 0]


def test_a_cell_lists_the_procedures_it_counts(report_catalogue: Any) -> None:
    form = forms_for(report_catalogue).get("tii07a")
    scope = resolve_scope(report_catalogue, None, None)
    listed = procedure_cell(
        form, report_catalogue, YEAR, scope, "procedures", None, "province"
    )
    assert [p.code for p in listed] == sorted([PROVINCE_PROCEDURE, PAPER_PROCEDURE])
    none = procedure_cell(
        form, report_catalogue, YEAR, scope, "online_none", None, None
    )
    assert [p.code for p in none] == [PAPER_PROCEDURE]


def test_full_online_needs_an_e_form_an_electronic_result_and_online_payment(
    report_catalogue: Any,
) -> None:
    spec = report_catalogue.procedures[PROVINCE_PROCEDURE]
    assert unbacked_online(spec) == ["eform"]
    with_eform = msgspec.structs.replace(spec, plugins={"eforms": None})
    assert unbacked_online(with_eform) == []
    charging = msgspec.structs.replace(spec, plugins={"eforms": None, "fees": None})
    assert unbacked_online(charging) == ["online_payment"]
    paid_online = msgspec.structs.replace(
        spec, plugins={"eforms": None, "fees": None, "payments_gateway": None}
    )
    assert unbacked_online(paid_online) == []
    paper = msgspec.structs.replace(
        with_eform, result=ResultSpec(name="Giấy", type="paper")
    )
    assert unbacked_online(paper) == ["electronic_result"]
    counter_only = msgspec.structs.replace(spec, channels=["counter"])
    assert "online_channel" in unbacked_online(counter_only)


def test_partial_online_needs_only_the_online_channel(report_catalogue: Any) -> None:
    spec = report_catalogue.procedures[COMMUNE_PROCEDURE]
    assert unbacked_online(spec) == []
    assert unbacked_online(msgspec.structs.replace(spec, channels=["counter"])) == [
        "online_channel"
    ]
    assert unbacked_online(report_catalogue.procedures[PAPER_PROCEDURE]) == []


def test_a_public_record_needs_its_seven_parts(report_catalogue: Any) -> None:
    spec = report_catalogue.procedures[PROVINCE_PROCEDURE]
    assert missing_public_parts(spec) == []
    bare = msgspec.structs.replace(spec, public_steps=[], applicants=" ", components=[])
    assert missing_public_parts(bare) == ["steps", "components", "applicants"]


def test_the_review_lists_the_unit_s_procedures_that_fall_short(
    report_catalogue: Any,
) -> None:
    items = review_catalogue(
        report_catalogue, resolve_scope(report_catalogue, "stp", None), "vi"
    )
    found = {i.code: i for i in items}
    assert found[PROVINCE_PROCEDURE].unbacked == ["eform"]
    assert PAPER_PROCEDURE not in found
    assert COMMUNE_PROCEDURE not in found  # not implemented by stp
    assert all(i.unbacked or i.missing_parts for i in items)


def test_procedure_rules_combine_their_filters(report_catalogue: Any) -> None:
    spec = report_catalogue.procedures[PROVINCE_PROCEDURE]
    assert matches(
        spec, CountRule(count="procedures", where={"online_level": ["full"]})
    )
    assert not matches(spec, CountRule(count="procedures", where={"level": "commune"}))
    online_used = CountRule(count="procedures", where={"received_online": True})
    assert matches(spec, online_used, received_online={PROVINCE_PROCEDURE})
    assert not matches(spec, online_used, received_online=set())
    both = CountRule(
        count="procedures", where={"channel": ["online", "post"], "workflow": True}
    )
    assert matches(spec, both)
