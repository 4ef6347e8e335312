"""Charts drawn as inline SVG, and the dashboard that draws them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from plugins.reporting.dashboard import build_dashboard, cell_link
from plugins.reporting.periods import parse_period
from plugins.reporting.reports import forms_for
from plugins.reporting.scope import resolve_scope
from plugins.reporting.svg import Bar, Series, grouped_bars, horizontal_bars, line_chart
from plugins.reporting.sync import calendar_of
from tests.plugins.reporting.november import november

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the plugin's own markup


def anchors(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def bar(label: str, value: float, href: str = "/x") -> Bar:
    return Bar(label=label, value=value, href=href, title=f"{label}: {value}")


def test_grouped_bars_draw_one_linked_bar_per_value() -> None:
    series = [
        Series(
            "Tiếp nhận", "#1f4f99", [bar("01", 10, "/a?m=1"), bar("02", 40, "/a?m=2")]
        ),
        Series("Quá hạn", "#b3261e", [bar("01", 0, "/b?m=1"), bar("02", 5, "/b?m=2")]),
    ]
    root = parse(grouped_bars("Hồ sơ theo tháng", ["01", "02"], series))
    links = anchors(root)
    assert [a.get("href") for a in links] == ["/a?m=1", "/b?m=1", "/a?m=2", "/b?m=2"]
    heights = [float(a.find(f"{SVG}rect").get("height")) for a in links]
    # 40 is the tallest; the axis tops at 50, a round bound above it.
    assert heights[2] == pytest.approx(heights[0] * 4)
    assert heights[1] == 0
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Hồ sơ theo tháng"
    assert next(a.find(f"{SVG}title").text for a in links) == "01: 10"


def test_labels_and_links_are_escaped() -> None:
    root = parse(
        horizontal_bars('A & B <"x">', [bar('Sở <Tư> & "pháp"', 0.5, "/c?a=1&b=2")])
    )
    link = anchors(root)[0]
    assert link.get("href") == "/c?a=1&b=2"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'Sở <Tư> & "pháp"' in texts


def test_rates_are_drawn_against_a_full_bar_and_clamped() -> None:
    root = parse(horizontal_bars("t", [bar("a", 0.25), bar("b", 1.0), bar("c", 1.7)]))
    widths = [float(a.find(f"{SVG}rect").get("width")) for a in anchors(root)]
    assert widths[0] == pytest.approx(widths[1] / 4)
    assert widths[2] == widths[1]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "25.00%" in texts
    assert "170.00%" in texts


def test_long_names_are_shortened_in_the_drawing_only() -> None:
    name = "Ủy ban nhân dân xã có một cái tên rất dài để thử nghiệm"
    root = parse(horizontal_bars("t", [bar(name, 0.5)]))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any(t.endswith("…") and len(t) == 38 for t in texts)
    assert anchors(root)[0].find(f"{SVG}title").text.startswith(name)


def test_a_line_links_every_point() -> None:
    points = [bar(f"{m:02d}", m / 12, f"/p?m={m}") for m in range(1, 13)]
    root = parse(line_chart("Trực tuyến", points))
    assert len(root.findall(f".//{SVG}polyline")) == 1
    assert [a.get("href") for a in anchors(root)] == [f"/p?m={m}" for m in range(1, 13)]


def test_charts_without_values_still_draw() -> None:
    assert parse(grouped_bars("t", [], []))
    assert parse(horizontal_bars("t", []))
    assert parse(line_chart("t", [bar("01", 0)]))


def test_cell_links_carry_period_unit_column_and_row() -> None:
    query = parse_qs(
        urlparse(cell_link("overview", "2025-11", "stp", "resolved", row="x y")).query
    )
    assert query == {
        "period": ["2025-11"], "unit": ["stp"], "col": ["resolved"], "row": ["x y"]
    }  # fmt: skip


# --- the dashboard ------------------------------------------------------------------


async def dashboard_at(catalogue: Any, now: dt.datetime) -> Any:
    await november(calendar_of(catalogue))
    scope = resolve_scope(catalogue, "xa-an-binh", None)
    forms = forms_for(catalogue)
    return await build_dashboard(
        catalogue, forms, parse_period("2025"), scope, "vi", now
    )


@pytest.fixture
async def board(report_catalogue: Any) -> Any:
    return await dashboard_at(
        report_catalogue, dt.datetime(2025, 12, 15, tzinfo=dt.UTC)
    )


async def test_the_dashboard_counts_the_year_up_to_now(board: Any) -> None:
    # An Bình: Q1 resolved early, Q2 received online and pending.
    assert board.totals["received"] == 2
    assert board.totals["received_online"] == 1
    assert board.totals["resolved"] == 1
    assert board.totals["resolved_timely"] == 1


async def test_each_month_shows_received_resolved_and_overdue_at_its_end(
    board: Any,
) -> None:
    monthly = board.charts[0]
    assert [row[0] for row in monthly.rows] == [f"{m:02d}/2025" for m in range(1, 13)]
    by_month = {row[0]: row[1:] for row in monthly.rows}
    assert by_month["11/2025"] == ["2", "1", "0"]
    # Q2, due on 3 December, is overdue at the (running) end of December.
    assert by_month["12/2025"] == ["0", "0", "1"]


async def test_months_not_begun_and_later_dossiers_are_left_out(
    report_catalogue: Any,
) -> None:
    early = await dashboard_at(
        report_catalogue, dt.datetime(2025, 11, 20, tzinfo=dt.UTC)
    )
    assert early.charts[0].rows[-1][0] == "11/2025"
    # Q2 was received on 26 November, after this moment.
    assert early.totals["received"] == 1


async def test_each_bar_links_to_the_month_s_cell(board: Any) -> None:
    root = parse(board.charts[0].svg)
    hrefs = [a.get("href") for a in anchors(root)]
    assert len(hrefs) == 3 * 12
    assert cell_link("overview", "2025-11", "xa-an-binh", "received") in hrefs


async def test_on_time_rates_are_shown_by_unit_and_procedure(board: Any) -> None:
    by_unit, by_procedure = board.charts[1], board.charts[2]
    assert [row[:2] for row in by_unit.rows] == [["Xã An Bình", "100.00%"]]
    assert len(by_procedure.rows) == 1
    assert by_procedure.rows[0][1] == "100.00%"
    online = {row[0]: row[1] for row in board.charts[3].rows}
    assert online["11/2025"] == "50.00%"
    assert online["12/2025"] == "0.00%"
