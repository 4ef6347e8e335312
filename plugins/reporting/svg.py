"""Charts drawn on the server as inline SVG: no script, no external resource.

Every bar and point is a link to the dossiers behind it and carries a ``<title>``
that screen readers and tooltips show. Colours come from the design tokens of the
core's style sheet (brand red, ink, the "late" red and the "ok" green).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "Series", "grouped_bars", "horizontal_bars", "line_chart"]

_INK = "#1d1b20"
_MUTED = "#5f5b66"
_GRID = "#dcd7e0"


@dataclass(frozen=True)
class Bar:
    """One drawn value: its label, value, link and tooltip."""

    label: str
    value: float
    href: str
    title: str


@dataclass(frozen=True)
class Series:
    """A named series of bars drawn in one colour."""

    name: str
    colour: str
    bars: list[Bar]


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{_MUTED}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _link(href: str, title: str, shape: str) -> str:
    return f'<a href="{escape(href)}"><title>{escape(title)}</title>{shape}</a>'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def grouped_bars(
    title: str, categories: list[str], series: list[Series], height: int = 260
) -> str:
    """Vertical bars grouped by category (e.g. per month: received, resolved...).

    Args:
        title: the chart's accessible title.
        categories: labels under each group, left to right.
        series: the series, each with one bar per category.
        height: the drawing's height.

    Returns:
        The SVG markup.
    """
    width, left, bottom, top = 760, 44, 40, 28
    plot_w, plot_h = width - left - 12, height - bottom - top
    top_value = _nice_max(max((b.value for s in series for b in s.bars), default=0))
    body = _axis(left, top, plot_w, plot_h, top_value, percent=False)
    group_w = plot_w / max(1, len(categories))
    bar_w = max(2.0, group_w * 0.8 / max(1, len(series)))
    for index, category in enumerate(categories):
        x0 = left + index * group_w + group_w * 0.1
        for number, one in enumerate(series):
            bar = one.bars[index]
            h = plot_h * bar.value / top_value
            rect = (
                f'<rect x="{x0 + number * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{one.colour}"/>'
            )
            body.append(_link(bar.href, bar.title, rect))
        body.append(
            _text(left + (index + 0.5) * group_w, height - bottom + 16, category)
        )
    body += _legend(series, left, 14)
    return _svg(width, height, title, body)


def _legend(series: list[Series], x: float, y: float) -> list[str]:
    parts = []
    for one in series:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" '
            f'fill="{one.colour}"/>'
        )
        parts.append(_text(x + 14, y, one.name, anchor="start"))
        x += 24 + 7 * len(one.name)
    return parts


def _axis(
    left: float,
    top: float,
    width: float,
    height: float,
    top_value: float,
    percent: bool,
) -> list[str]:
    parts = []
    for step in range(5):
        value = top_value * step / 4
        y = top + height - height * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width:.1f}" y2="{y:.1f}" '
            f'stroke="{_GRID}"/>'
        )
        label = f"{value * 100:.0f}%" if percent else f"{value:g}"
        parts.append(_text(left - 6, y + 4, label, anchor="end", size=10))
    return parts


def horizontal_bars(title: str, bars: list[Bar], colour: str = "#1b6e3a") -> str:
    """One horizontal bar per item for rates from 0 to 1 (e.g. on-time rate by unit).

    Args:
        title: the chart's accessible title.
        bars: values between 0 and 1, top to bottom.
        colour: the bars' colour.

    Returns:
        The SVG markup.
    """
    row_h, left, width = 26, 260, 760
    height = max(1, len(bars)) * row_h + 24
    plot_w = width - left - 70
    body = []
    for index, bar in enumerate(bars):
        y = 8 + index * row_h
        name = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        body.append(_text(left - 8, y + 14, name, anchor="end"))
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{plot_w}" height="{row_h - 8}" '
            f'fill="#f6f5f8"/>'
        )
        rect = (
            f'<rect x="{left}" y="{y + 3}" width="{plot_w * min(1.0, bar.value):.1f}" '
            f'height="{row_h - 8}" fill="{colour}"/>'
        )
        body.append(_link(bar.href, bar.title, rect))
        body.append(
            _text(left + plot_w + 6, y + 14, f"{bar.value * 100:.2f}%", "start")
        )
    return _svg(width, height, title, body)


def line_chart(title: str, points: list[Bar], colour: str = "#1f4f99") -> str:
    """A line through rates from 0 to 1 with a linked dot at each point.

    Args:
        title: the chart's accessible title.
        points: the values, left to right.
        colour: the line's colour.

    Returns:
        The SVG markup.
    """
    width, height, left, bottom, top = 760, 220, 44, 36, 16
    plot_w, plot_h = width - left - 12, height - bottom - top
    body = _axis(left, top, plot_w, plot_h, 1.0, percent=True)
    step = plot_w / max(1, len(points))
    coords = [
        (left + (i + 0.5) * step, top + plot_h - plot_h * min(1.0, p.value))
        for i, p in enumerate(points)
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            'stroke-width="2"/>'
        )
    for (x, y), point in zip(coords, points, strict=True):
        dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
        body.append(_link(point.href, point.title, dot))
        body.append(_text(x, height - bottom + 16, point.label))
    return _svg(width, height, title, body)
