"""Report forms declared in YAML: the shipped ones, a province's own, and refusals."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from core.errors import NotFound, UserError
from plugins.reporting.forms import SHIPPED, load_forms
from plugins.reporting.measures import CountRule, check_rule, rule_sql
from plugins.reporting.periods import parse_period
from plugins.reporting.procedure_measures import check_procedure_rule
from plugins.reporting.table import TableColumn, header_rows


@pytest.fixture
def province_copy(tmp_path: Path, report_catalogue: Any) -> Any:
    """The test catalogue read from a folder this test may add forms to."""
    folder = tmp_path / "province"
    shutil.copytree(report_catalogue.config_dir, folder)
    return replace(report_catalogue, config_dir=folder)


def _write(catalogue: Any, name: str, text: str) -> None:
    (Path(catalogue.config_dir) / "reports" / name).write_text(text, encoding="utf-8")


def test_every_shipped_form_is_valid_against_the_demo_province(catalogue: Any) -> None:
    forms = load_forms(catalogue)
    assert forms.broken == {}
    shipped = {p.stem for p in SHIPPED.glob("*.yaml")}
    assert set(forms.forms) == shipped
    assert {"ii06a", "ii06b", "ii07a", "ii07b", "index766"} <= shipped
    assert "overview" not in [f.key for f in forms.listed()]


def test_ii06a_declares_the_columns_of_the_circular(catalogue: Any) -> None:
    form = load_forms(catalogue).get("ii06a")
    assert (form.code, form.sections, form.rows) == ("II.06a", "unit", "field")
    assert [c.key for c in form.columns] == [
        "received_total", "carried_over", "online", "counter_post",
        "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
        "pending_total", "pending_within", "pending_overdue",
    ]  # fmt: skip


def test_a_province_form_with_a_shipped_key_replaces_it(province_copy: Any) -> None:
    source = (SHIPPED / "ii06a.yaml").read_text("utf-8")
    _write(province_copy, "mine.yaml", source.replace("code: II.06a", "code: II.06a-T"))
    forms = load_forms(province_copy)
    assert forms.get("ii06a").code == "II.06a-T"
    assert forms.sources["ii06a"].endswith("mine.yaml")


def test_a_form_naming_an_unknown_measure_is_refused_with_its_path(
    province_copy: Any,
) -> None:
    _write(
        province_copy,
        "bad.yaml",
        "key: bad\ncode: X\ntitle: Sai\ncolumns:\n"
        "  - {key: a, label: A, count: handled}\n"
        "  - {key: b, label: B, count: recieved}\n",
    )
    forms = load_forms(province_copy)
    with pytest.raises(UserError) as refused:
        forms.get("bad")
    assert refused.value.status == 400
    assert "columns[1].count" in refused.value.en
    assert "unknown measure 'recieved'" in refused.value.en
    assert "handled" in refused.value.en  # the allowed names are listed
    assert "bad" in forms.broken


def test_a_form_filtering_on_an_unknown_field_is_refused(province_copy: Any) -> None:
    _write(
        province_copy,
        "badfield.yaml",
        "key: badfield\ncode: X\ntitle: Sai\nfilter: {fields: [khong-co]}\n"
        "columns: [{key: a, label: A, count: handled}]\n",
    )
    with pytest.raises(UserError) as refused:
        load_forms(province_copy).get("badfield")
    assert "unknown field 'khong-co'" in refused.value.en


def test_a_form_with_a_wrong_filter_value_or_structure_is_refused(
    province_copy: Any,
) -> None:
    _write(
        province_copy,
        "badvalue.yaml",
        "key: badvalue\ncode: X\ntitle: Sai\n"
        "columns: [{key: a, label: A, count: pending, where: {deadline: late}}]\n",
    )
    _write(
        province_copy,
        "badshape.yaml",
        "key: badshape\ncode: X\ntitle: Sai\nrows: district\n",
    )
    forms = load_forms(province_copy)
    assert any(
        "unknown value(s) late for deadline" in p for p in forms.broken["badvalue"]
    )
    assert any("rows" in p for p in forms.broken["badshape"])


def test_an_index_whose_points_do_not_add_up_is_refused(province_copy: Any) -> None:
    _write(
        province_copy,
        "badindex.yaml",
        "key: badindex\ncode: X\ntitle: Sai\nkind: index\ngroups:\n"
        "  - key: g\n    label: G\n    points: 10\n    indicators:\n"
        "      - {key: i, label: I, points: 4, rate: {numerator: {count: resolved},"
        " denominator: {count: assessed}}}\n",
    )
    problems = load_forms(province_copy).broken["badindex"]
    assert any("the group has 10 points, its indicators 4" in p for p in problems)


def test_a_form_key_cannot_take_the_name_of_a_page(province_copy: Any) -> None:
    _write(
        province_copy,
        "dash.yaml",
        "key: dashboard\ncode: X\ntitle: T\n"
        "columns: [{key: a, label: A, count: handled}]\n",
    )
    assert "dashboard" in load_forms(province_copy).broken


def test_an_unknown_form_is_not_found(catalogue: Any) -> None:
    with pytest.raises(NotFound):
        load_forms(catalogue).get("ii99")


def test_unreadable_yaml_is_refused_not_fatal(province_copy: Any) -> None:
    _write(province_copy, "broken.yaml", "key: [unclosed\n")
    forms = load_forms(province_copy)
    assert "broken" in forms.broken
    assert "ii06a" in forms.forms


# --- counting rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (CountRule(count="solved"), "unknown measure 'solved'"),
        (
            CountRule(count="resolved", where={"speed": "fast"}),
            "unknown filter 'speed'",
        ),
        (
            CountRule(count="resolved", where={"result": ["soon"]}),
            "unknown value(s) soon",
        ),
        (CountRule(count="received", where={"channel": []}), "channel needs a value"),
        (
            CountRule(count="received", where={"digitised": "yes"}),
            "takes true or false",
        ),
    ],
)
def test_wrong_counting_rules_are_explained(rule: CountRule, message: str) -> None:
    problems = check_rule(rule, "columns[0]")
    assert any(message in what for _path, what, _fix in problems), problems


def test_procedure_rules_have_their_own_vocabulary() -> None:
    assert (
        check_procedure_rule(
            CountRule(count="procedures", where={"online_level": "full"}), "c"
        )
        == []
    )
    assert check_procedure_rule(CountRule(count="handled"), "c")
    assert check_procedure_rule(
        CountRule(count="procedures", where={"level": ["district"]}), "c"
    )
    assert check_procedure_rule(
        CountRule(count="procedures", where={"workflow": "yes"}), "c"
    )


def test_a_rule_becomes_one_predicate_with_its_values_in_order() -> None:
    period = parse_period("2025-11")
    sql = rule_sql(
        CountRule(count="received", where={"channel": ["counter", "post"]}), period
    )
    assert sql.text.count("{}") == len(sql.params)
    assert sql.params == (period.start_epoch, period.end_epoch, 1, 3)


# --- headers ------------------------------------------------------------------------


def test_the_header_merges_shared_groups_like_the_printed_form(catalogue: Any) -> None:
    form = load_forms(catalogue).get("ii06a")
    columns = [
        TableColumn(
            key=c.key,
            label={"vi": str(c.key)},
            groups=[{"vi": str(g)} for g in c.groups],
        )
        for c in form.columns
    ]
    depth, cells = header_rows(columns)
    assert depth == 4
    top = [(c.column, c.column_span) for c in cells if c.row == 0]
    # Received (4 columns), resolved (4), pending (3).
    assert top == [(0, 4), (4, 4), (8, 3)]
    received_total = next(c for c in cells if c.column == 0 and c.row == 1)
    assert received_total.row_span == 3  # "Tổng số" stretches to the last header row
    of_which = next(c for c in cells if c.row == 1 and c.column == 1)
    assert of_which.column_span == 3
    new = next(c for c in cells if c.row == 2 and c.column == 2)
    assert new.column_span == 2
    leaves = [c for c in cells if c.row + c.row_span == depth]
    assert sorted(c.column for c in leaves) == list(range(len(columns)))


def test_forms_are_read_again_when_a_file_changes(province_copy: Any) -> None:
    import os

    from plugins.reporting.reports import forms_for

    first = forms_for(province_copy)
    assert forms_for(province_copy) is first  # nothing changed: the same forms
    path = Path(province_copy.config_dir) / "reports" / "later.yaml"
    path.write_text(
        "key: later\ncode: L\ntitle: Sau\n"
        "columns: [{key: a, label: A, count: handled}]\n",
        encoding="utf-8",
    )
    os.utime(path, (1, 1))
    again = forms_for(province_copy)
    assert again is not first
    assert again.get("later").code == "L"


def test_listed_forms_come_in_order_of_their_numbers(catalogue: Any) -> None:
    codes = [f.code for f in load_forms(catalogue).listed()]
    assert codes == sorted(codes)
    assert codes[:4] == ["766/QĐ-TTg", "II.06a", "II.06b", "II.07a"]
