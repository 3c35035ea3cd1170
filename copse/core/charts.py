"""Small charts drawn on the server as SVG, with no library and no JavaScript: a trend line for a series of
months and horizontal bars for a few counts.

The accessible pattern: every chart is a labelled image (`role="img"`, named by its `<title>` through
`aria-labelledby`, with a `<desc>` saying where its figures are) and is always shown with a `<table>` of the same
figures beside it. The table is what a screen reader, a CSV export and a careful reader use; the chart is a picture
of it for the eye. So a chart never carries a figure the table does not.

Colours come from the design system through classes (`chart-line`, `chart-bar`, ...), styled in app.css, so they
follow the brand, turn black on white in print and use the system's colours in forced-colours mode. Every label is
escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

WIDTH = 640
LINE_HEIGHT = 260
MARGIN_LEFT = 64
MARGIN_RIGHT = 44
MARGIN_TOP = 16
MARGIN_BOTTOM = 48
BAR_ROW = 34
BAR_LABEL = 190
BAR_VALUE = 56


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that divides `span` into about `ticks` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover (the loop always returns)


def figure(value: Number, unit: str = "") -> str:
    """A figure as a person reads it: thousands separated, whole numbers without decimals, a percentage with %."""
    number = float(value)
    text = f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"
    return f"{text}%" if unit == "%" else text


def _open(kind: str, ident: str, title: str, width: int, height: int, desc: str) -> list[str]:
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}-chart" id="{escape(ident)}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(title_id)}" aria-describedby="{escape(desc_id)}" focusable="false">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>',
    ]


def _empty(kind: str, ident: str, title: str, width: int, height: int) -> SafeString:
    parts = _open(kind, ident, title, width, height, "There are no figures to draw for this period.")
    parts.append(
        f'<text class="chart-empty" x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle">'
        "No figures to draw for this period</text></svg>"
    )
    return mark_safe("".join(parts))  # noqa: S308 (every label above is escaped)


def line_chart(
    points: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    ident: str,
    unit: str = "",
    axis_label: str = "",
) -> SafeString:
    """A trend: one point per label (a month), left to right, joined where neighbours both have a figure. A
    point without a figure (None) is a gap, not a zero. The vertical axis starts at 0 (or below, for negative
    figures) and ends at a round number."""
    height = LINE_HEIGHT
    values = [float(v) for _, v in points if v is not None]
    if not values:
        return _empty("line", ident, title, WIDTH, height)
    low = min(0.0, min(values))
    step = nice_step(max(values) - low)
    top = step * math.ceil(max(values) / step) if max(values) > 0 else 0.0
    if top == low:
        top = low + step
    bottom = step * math.floor(low / step)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM

    def x(index: int) -> float:
        return MARGIN_LEFT + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return MARGIN_TOP + plot_h * (top - value) / (top - bottom)

    parts = _open("line", ident, title, WIDTH, height, "The figures are in the table beside this chart.")
    parts.append('<g class="chart-grid" aria-hidden="true">')
    tick = bottom
    while tick <= top + step / 1000:
        ty = y(tick)
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(
            f'<text class="chart-tick" x="{MARGIN_LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(figure(tick, unit))}</text>"
        )
        tick += step
    parts.append("</g>")
    # Label every point when they fit, otherwise about six, evenly spaced back from the last.
    every = max(1, math.ceil(len(points) / 6)) if len(points) > 7 else 1
    parts.append('<g class="chart-axis" aria-hidden="true">')
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(bottom):.1f}" y2="{y(bottom):.1f}"/>'
    )
    for index, (label, _) in enumerate(points):
        if (len(points) - 1 - index) % every == 0:
            parts.append(
                f'<text class="chart-tick" x="{x(index):.1f}" y="{height - MARGIN_BOTTOM + 18}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if axis_label:
        parts.append(
            f'<text class="chart-axis-label" x="{MARGIN_LEFT}" y="{height - 6}">{escape(axis_label)}</text>'
        )
    parts.append("</g>")
    # The line, broken where a point has no figure.
    segments: list[list[str]] = [[]]
    for index, (_, value) in enumerate(points):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x(index):.1f},{y(float(value)):.1f}")
    parts.append('<g class="chart-series" aria-hidden="true">')
    for segment in segments:
        if len(segment) > 1:
            parts.append(f'<polyline class="chart-line" points="{" ".join(segment)}"/>')
    for index, (_, value) in enumerate(points):
        if value is not None:
            parts.append(f'<circle class="chart-dot" cx="{x(index):.1f}" cy="{y(float(value)):.1f}" r="4"/>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label above is escaped)


def bar_chart(
    bars: Sequence[tuple[str, Number]],
    *,
    title: str,
    ident: str,
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one a row, from 0 to the largest figure; each bar's figure is written at its end, so the
    chart can be read without a scale."""
    if not bars:
        return _empty("bar", ident, title, WIDTH, BAR_ROW * 2)
    height = BAR_ROW * len(bars) + 8
    largest = max(float(v) for _, v in bars) or 1.0
    room = WIDTH - BAR_LABEL - BAR_VALUE
    parts = _open("bar", ident, title, WIDTH, height, "The figures are in the table beside this chart.")
    parts.append('<g aria-hidden="true">')
    for index, (label, value) in enumerate(bars):
        top = 4 + index * BAR_ROW
        length = max(0.0, room * float(value) / largest)
        parts.append(
            f'<text class="chart-label" x="{BAR_LABEL - 10}" y="{top + BAR_ROW / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect class="chart-bar" x="{BAR_LABEL}" y="{top + 6}" width="{length:.1f}" '
            f'height="{BAR_ROW - 12}" rx="3"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{BAR_LABEL + length + 8:.1f}" y="{top + BAR_ROW / 2 + 4:.1f}">'
            f"{escape(figure(value, unit))}</text>"
        )
    parts.append(f'<line class="chart-baseline" x1="{BAR_LABEL}" x2="{BAR_LABEL}" y1="2" y2="{height - 2}"/>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label above is escaped)
