"""The leaders' dashboard: figures over time and by unit and procedure, as charts.

Every figure is a cell of the hidden ``overview`` forms (by unit) and
``overview-procedure`` (by procedure), computed for each month of the period and
for the whole period, so each bar links to the same drill-down as a form's cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from core.catalogue.catalogue import Catalogue
from plugins.reporting.compute import compute_dossier_form
from plugins.reporting.forms import FormSet
from plugins.reporting.periods import Period, month_periods
from plugins.reporting.scope import Scope
from plugins.reporting.svg import Bar, Series, grouped_bars, horizontal_bars, line_chart
from plugins.reporting.table import ReportTable

__all__ = ["Chart", "Dashboard", "build_dashboard", "cell_link"]

_TOP_PROCEDURES = 15
_LOWEST_UNITS = 20
_WORDS = {
    "received": ("Tiếp nhận", "Received"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "overdue": ("Quá hạn cuối tháng", "Overdue at month end"),
    "monthly": ("Hồ sơ theo tháng", "Dossiers by month"),
    "by_unit": (
        "Tỷ lệ giải quyết đúng hạn theo đơn vị (thấp nhất trước)",
        "On-time rate by unit (lowest first)",
    ),
    "by_procedure": (
        "Tỷ lệ giải quyết đúng hạn theo thủ tục (nhiều hồ sơ nhất)",
        "On-time rate by procedure (busiest first)",
    ),
    "online": (
        "Tỷ lệ hồ sơ trực tuyến theo tháng",
        "Share of online dossiers by month",
    ),
}


def _word(key: str, lang: str) -> str:
    vi, en = _WORDS[key]
    return en if lang == "en" else vi


@dataclass(frozen=True)
class Chart:
    """A titled chart: its SVG and the figures it draws, as a table beside it."""

    title: str
    svg: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    """The charts and headline figures of one period and scope."""

    period: Period
    totals: dict[str, int]
    charts: list[Chart]


def cell_link(
    form: str,
    period: str,
    unit: str,
    column: str,
    section: str | None = None,
    row: str | None = None,
) -> str:
    """The drill-down address of one cell of a form."""
    query = {"period": period, "unit": unit, "col": column}
    if section is not None:
        query["section"] = section
    if row is not None:
        query["row"] = row
    return f"/reports/{form}/cell?{urlencode(query)}"


def _total(table: ReportTable) -> dict[str, int]:
    line = table.total_row()
    values = line.values if line else [0] * len(table.columns)
    return {c.key: v for c, v in zip(table.columns, values, strict=True)}


async def build_dashboard(
    catalogue: Catalogue,
    forms: FormSet,
    period: Period,
    scope: Scope,
    lang: str,
    now: dt.datetime | None = None,
) -> Dashboard:
    """Compute the dashboard of a period for a scope.

    Args:
        catalogue: the province's catalogue.
        forms: the province's forms (the hidden ``overview`` forms among them).
        period: the period, usually a year.
        scope: the units covered.
        lang: the page language.
        now: the present moment (months not begun are left out).

    Returns:
        The dashboard.
    """
    moment = now or dt.datetime.now(dt.UTC)
    period = period.as_of(moment)
    overview = forms.get("overview")
    months = [m.as_of(moment) for m in month_periods(period) if m.start <= moment]
    monthly = [
        (m, _total(await compute_dossier_form(overview, catalogue, m, scope)))
        for m in months
    ]
    whole = await compute_dossier_form(overview, catalogue, period, scope)
    by_procedure = await compute_dossier_form(
        forms.get("overview-procedure"), catalogue, period, scope
    )
    charts = [
        _monthly_chart(monthly, scope, lang),
        _rate_chart(
            whole,
            "overview",
            period,
            scope,
            _word("by_unit", lang),
            lang,
            limit=_LOWEST_UNITS,
            lowest_first=True,
        ),
        _rate_chart(
            by_procedure,
            "overview-procedure",
            period,
            scope,
            _word("by_procedure", lang),
            lang,
            limit=_TOP_PROCEDURES,
        ),
        _online_chart(monthly, scope, lang),
    ]
    return Dashboard(period=period, totals=_total(whole), charts=charts)


def _month_label(period: Period) -> str:
    return f"{period.first_day:%m/%Y}"


def _monthly_chart(
    monthly: list[tuple[Period, dict[str, int]]], scope: Scope, lang: str
) -> Chart:
    names = (("received", "received", "#1f4f99"), ("resolved", "resolved", "#1b6e3a"),
             ("pending_overdue", "overdue", "#b3261e"))  # fmt: skip
    series = []
    for column, word, colour in names:
        bars = [
            Bar(
                label=_month_label(m),
                value=figures[column],
                href=cell_link("overview", m.key, scope.unit_id, column),
                title=f"{_word(word, lang)} {_month_label(m)}: {figures[column]}",
            )
            for m, figures in monthly
        ]
        series.append(Series(_word(word, lang), colour, bars))
    title = _word("monthly", lang)
    rows = [[_month_label(m), *(str(f[c]) for c, _w, _k in names)] for m, f in monthly]
    return Chart(
        title,
        grouped_bars(title, [_month_label(m) for m, _ in monthly], series),
        ["", *(s.name for s in series)],
        rows,
    )


def _rate_chart(
    table: ReportTable,
    form: str,
    period: Period,
    scope: Scope,
    title: str,
    lang: str,
    limit: int | None = None,
    lowest_first: bool = False,
) -> Chart:
    keys = [c.key for c in table.columns]
    resolved, timely = keys.index("resolved"), keys.index("resolved_timely")
    lines = [r for r in table.rows if r.kind == "row" and r.values[resolved]]
    if lowest_first:
        lines.sort(key=lambda r: (r.values[timely] / r.values[resolved], r.row or ""))
    else:
        lines.sort(key=lambda r: -r.values[resolved])
    if limit is not None:
        lines = lines[:limit]
    bars = []
    for line in lines:
        name = line.label.get(lang) or line.label["vi"]
        rate = line.values[timely] / line.values[resolved]
        bars.append(
            Bar(
                label=name,
                value=rate,
                href=cell_link(
                    form, period.key, scope.unit_id, "resolved", row=line.row
                ),
                title=f"{name}: {rate * 100:.2f}% "
                f"({line.values[timely]}/{line.values[resolved]})",
            )
        )
    rows = [[b.label, f"{b.value * 100:.2f}%", b.title] for b in bars]
    return Chart(title, horizontal_bars(title, bars), ["", "%", ""], rows)


def _online_chart(
    monthly: list[tuple[Period, dict[str, int]]], scope: Scope, lang: str
) -> Chart:
    points = []
    for m, figures in monthly:
        share = (
            figures["received_online"] / figures["received"]
            if figures["received"]
            else 0.0
        )
        points.append(
            Bar(
                label=_month_label(m),
                value=share,
                href=cell_link("overview", m.key, scope.unit_id, "received_online"),
                title=f"{_month_label(m)}: {share * 100:.2f}% "
                f"({figures['received_online']}/{figures['received']})",
            )
        )
    title = _word("online", lang)
    rows = [[p.label, f"{p.value * 100:.2f}%", p.title] for p in points]
    return Chart(title, line_chart(title, points), ["", "%", ""], rows)
