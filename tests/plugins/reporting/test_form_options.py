"""Form options a province uses (empty rows, no totals, levels, its own index) and
dossiers of units the configuration no longer lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

from plugins.reporting.compute import compute_dossier_form
from plugins.reporting.forms import FormSpec, load_forms
from plugins.reporting.periods import parse_period
from plugins.reporting.procedure_forms import compute_procedure_form
from plugins.reporting.reports import forms_for
from plugins.reporting.scope import resolve_scope
from plugins.reporting.service_index import compute_index, indicator_rule
from plugins.reporting.sync import calendar_of
from tests.plugins.reporting.helpers import FIELD, add_dossier, at, counter_life
from tests.plugins.reporting.november import november

NOVEMBER = parse_period("2025-11")


@pytest.fixture
async def month(report_catalogue: Any) -> dict[str, int]:
    return await november(calendar_of(report_catalogue))


def variant(catalogue: Any, key: str, **changes: Any) -> FormSpec:
    return msgspec.structs.replace(forms_for(catalogue).get(key), **changes)


async def test_all_rows_lists_every_unit_of_the_scope_even_without_dossiers(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = variant(report_catalogue, "tii06b", all_rows=True)
    scope = resolve_scope(report_catalogue, "stp", None)
    table = await compute_dossier_form(form, report_catalogue, NOVEMBER, scope)
    rows = [r.row for r in table.rows if r.kind == "row"]
    assert rows == ["stp", "stp-lltp"]
    assert table.value("received_total", "province", "stp-lltp") == 0
    assert table.value("received_total", "province", "stp") == 14


async def test_without_totals_a_form_has_only_its_rows(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = variant(report_catalogue, "tii06a", totals=False)
    table = await compute_dossier_form(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, None, None)
    )
    kinds = {r.kind for r in table.rows}
    assert kinds == {"section", "row"}
    assert table.total_row() is None


async def test_a_form_without_rows_gives_a_line_per_section(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = variant(report_catalogue, "tii06b", rows=None, totals=False)
    table = await compute_dossier_form(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, None, None)
    )
    lines = [(r.kind, r.section) for r in table.rows]
    assert lines == [
        ("section", "province"), ("subtotal", "province"),
        ("section", "commune"), ("subtotal", "commune"),
    ]  # fmt: skip
    assert table.value("received_total", "commune") == 3


async def test_a_form_by_procedure_names_each_procedure(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = variant(report_catalogue, "tii06a", sections=None, rows="procedure")
    table = await compute_dossier_form(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, None, None)
    )
    rows = {r.row: r for r in table.rows if r.kind == "row"}
    assert len(rows) == 2  # the province and commune test procedures
    assert sum(r.values[0] for r in rows.values()) == 18


async def test_dossiers_of_a_unit_no_longer_listed_stay_in_the_province_s_figures(
    report_catalogue: Any,
) -> None:
    await add_dossier(
        unit="so-cu-da-sap-nhap", status=4, due=at("2035-03-16"),
        steps=counter_life(at("2035-03-09")),
    )  # fmt: skip
    period = parse_period("2035-03")
    form = forms_for(report_catalogue).get("tii06a")
    table = await compute_dossier_form(
        form, report_catalogue, period, resolve_scope(report_catalogue, None, None)
    )
    section = next(r for r in table.rows if r.section == "so-cu-da-sap-nhap")
    assert "không còn trong danh mục" in section.label["vi"]
    assert table.value("pending_total", "so-cu-da-sap-nhap", FIELD) == 1
    by_level = await compute_dossier_form(
        forms_for(report_catalogue).get("tii06b"), report_catalogue, period,
        resolve_scope(report_catalogue, None, None),
    )  # fmt: skip
    assert by_level.value("received_total", "", "so-cu-da-sap-nhap") == 1


# --- procedure forms ----------------------------------------------------------------


async def test_ii07b_splits_levels_by_field(report_catalogue: Any) -> None:
    ii07a = forms_for(report_catalogue).get("tii07a")
    form = msgspec.structs.replace(ii07a, sections="level", rows="field", key="x")
    table = await compute_procedure_form(
        form,
        report_catalogue,
        parse_period("2025"),
        resolve_scope(report_catalogue, None, None),
    )
    assert table.value("procedures", "province", FIELD) == 2
    assert table.value("procedures", "commune", FIELD) == 1
    assert table.value("procedures", "province") == 2
    assert table.value("procedures") == 3


async def test_a_procedure_no_longer_in_force_is_not_counted(
    report_catalogue: Any,
) -> None:
    import datetime as dt

    from plugins.reporting.procedure_measures import in_force

    spec = next(iter(report_catalogue.procedures.values()))
    ended = msgspec.structs.replace(
        spec, effective_from=dt.date(2024, 1, 1), effective_until=dt.date(2024, 12, 31)
    )
    assert in_force(ended, parse_period("2024-12"))
    assert not in_force(ended, parse_period("2025-01"))
    assert in_force(ended, parse_period("2024-12-31..2025-01-05"))


# --- a province's own index ---------------------------------------------------------


def _province_index(catalogue: Any, folder: Path) -> Any:
    from dataclasses import replace

    source = (folder / "reports" / "tindex766.yaml").read_text("utf-8")
    # The province asks for full progress marks at 50% instead of 100%.
    changed = source.replace(
        "          denominator: {count: assessed}\n",
        "          denominator: {count: assessed}\n          full_marks_at: 0.5\n",
    )
    assert changed != source
    target = folder.parent / "own-index"
    (target / "reports").mkdir(parents=True, exist_ok=True)
    (target / "reports" / "tindex766.yaml").write_text(changed, encoding="utf-8")
    return replace(catalogue, config_dir=target)


async def test_a_province_changes_thresholds_by_declaring_them(
    report_catalogue: Any, month: dict[str, int], province_dir: Path
) -> None:
    own = _province_index(report_catalogue, province_dir)
    form = load_forms(own).get("tindex766")
    scope = resolve_scope(report_catalogue, "stp", None)
    result = await compute_index(form, report_catalogue, NOVEMBER, scope)
    timely = next(
        i for g in result.buckets[0].groups for i in g.indicators if i.key == "timely"
    )
    # 7/11 is above 50%: full marks now.
    assert timely.display == "63.64%"
    assert timely.score == 14


async def test_an_average_loses_marks_linearly_past_the_full_mark(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = forms_for(report_catalogue).get("tindex766")
    strict = msgspec.structs.replace(
        form,
        groups=[
            msgspec.structs.replace(
                group,
                indicators=[
                    msgspec.structs.replace(
                        i,
                        average=msgspec.structs.replace(
                            i.average, full_marks_at_most=0.1, zero_at=0.3
                        ),
                    )
                    if i.average is not None
                    else i
                    for i in group.indicators
                ],
            )
            for group in form.groups
        ],
    )
    scope = resolve_scope(report_catalogue, "xa-an-binh", None)
    result = await compute_index(strict, report_catalogue, NOVEMBER, scope)
    average = next(
        i
        for g in result.buckets[0].groups
        for i in g.indicators
        if i.key == "average_time"
    )
    # 0.2 lies halfway between 0.1 (full) and 0.3 (nothing): half of 6 points.
    assert average.score == pytest.approx(3.0)


def test_an_indicator_s_drill_down_rule_is_the_one_it_counts(
    report_catalogue: Any,
) -> None:
    form = forms_for(report_catalogue).get("tindex766")
    assert indicator_rule(form, "timely", "denominator").count == "assessed"
    assert indicator_rule(form, "average_time", "over").count == "resolved"
    with pytest.raises(KeyError):
        indicator_rule(form, "timely", "over")
    with pytest.raises(KeyError):
        indicator_rule(form, "khong-co", "numerator")


async def test_the_index_lists_each_unit_with_figures_or_procedures(
    report_catalogue: Any, month: dict[str, int]
) -> None:
    form = forms_for(report_catalogue).get("tindex766")
    result = await compute_index(
        form, report_catalogue, NOVEMBER, resolve_scope(report_catalogue, None, None)
    )
    whole, *units = result.buckets
    assert not whole.exact
    assert all(b.exact for b in units)
    listed = [b.unit_id for b in units]
    assert {"stp", "sxd", "xa-an-binh", "xa-tan-phu"} <= set(listed)
    # Communes without dossiers implement the commune procedure: they are listed.
    assert "xa-hoa-loi" in listed
    timely = {
        b.unit_id: next(i for g in b.groups for i in g.indicators if i.key == "timely")
        for b in result.buckets
        if b.exact
    }
    assert timely["xa-hoa-loi"].display == "N/A"
    total = sum(t.denominator or 0 for t in timely.values())
    whole_timely = next(
        i for g in whole.groups for i in g.indicators if i.key == "timely"
    )
    assert whole_timely.denominator == total
