"""Line and bar charts drawn on the server as SVG (https://www.w3.org/TR/SVG2/): no library, no JavaScript.

A chart must read in any browser, in a feed reader and as a downloaded file, so it
is plain SVG with presentation attributes: a ``<title>`` and ``<desc>`` for screen
readers (``role="img"``), axes with tick labels in Dutch notation (1.234,5), a
legend, and colours told apart by marker and dash as well. Every piece of text goes
through ``chart_text.esc``; that is why ``render`` may hand back ``Markup`` for inline use.
Output is deterministic: coordinates are rounded to one decimal and nothing depends
on dict or set order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from service.render.chart_text import FONT, dutch, esc, nice_ticks, text_width, wrap

WIDTH = 760
LINE = 18  # height of one line of text
PALETTE = ("#0b5c8a", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#6a3d9a", "#1d2630")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
INK, MUTED, GRID = "#1d2630", "#5b6773", "#d9dee3"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Chart:
    """What to draw: ``categories`` are x positions (line) or bar groups (bar)."""

    kind: str  # "line" or "bar"
    title: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    description: str
    ident: str = "grafiek"
    axis_title: str = ""  # what the x positions are (line charts)
    legend_title: str = ""  # what the series are
    positions: tuple[float, ...] = ()  # x of each category when they are numbers (years): gaps stay gaps


def f(x: float) -> str:
    return f"{x:.1f}"


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<text x="{f(x)}" y="{f(y)}"{extra}>{esc(content)}</text>'


def _header(chart: Chart) -> tuple[list[str], float]:
    """Title lines and unit; returns the parts and the y where the plot may start."""
    parts, y = [], 22.0
    for line in wrap(chart.title, int((WIDTH - 24) / text_width("x", 15)), 2):
        parts.append(_text(12, y, line, font_size="15", font_weight="600", fill=INK))
        y += LINE + 2
    if chart.unit:
        parts.append(_text(12, y, f"Eenheid: {chart.unit}", fill=MUTED))
        y += LINE
    return parts, y + 14


def _legend(chart: Chart, top: float) -> tuple[list[str], float]:
    """One line per series: colour, dash and marker, so the key works without colour too."""
    if len(chart.series) < 2:
        return [], top
    parts = []
    if chart.legend_title:
        parts.append(_text(12, top, wrap(chart.legend_title, 110, 1)[0], fill=MUTED, font_weight="600"))
        top += LINE
    for i, series in enumerate(chart.series):
        y = top + i * LINE
        parts.append(f'<g transform="translate(12 {f(y)})">')
        if chart.kind == "line":
            parts.append(f'<line x1="0" y1="-4" x2="28" y2="-4" {_stroke(i)}/>{_marker(i, 14, -4, "")}')
        else:
            parts.append(f'<rect x="6" y="-10" width="14" height="11" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(_text(36, 0, wrap(series.label, 110, 1)[0], fill=INK) + "</g>")
    return parts, top + len(chart.series) * LINE


def _stroke(i: int) -> str:
    dash = DASHES[(i // len(PALETTE)) % len(DASHES)]  # solid until the colours run out
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return f'stroke="{PALETTE[i % len(PALETTE)]}" stroke-width="2.5" fill="none"{dash_attr}'


def _marker(i: int, x: float, y: float, tip: str) -> str:
    """Circle, square, triangle or diamond by series, so lines differ in shape as well as colour."""
    colour = PALETTE[i % len(PALETTE)]
    title = f"<title>{esc(tip)}</title>" if tip else ""
    shape = i % 4
    if shape == 0:
        return f'<circle cx="{f(x)}" cy="{f(y)}" r="4" fill="{colour}">{title}</circle>'
    if shape == 1:
        return f'<rect x="{f(x - 4)}" y="{f(y - 4)}" width="8" height="8" fill="{colour}">{title}</rect>'
    points = (
        [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
        if shape == 2
        else [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    )
    coords = " ".join(f"{f(px)},{f(py)}" for px, py in points)
    return f'<polygon points="{coords}" fill="{colour}">{title}</polygon>'


def _values(chart: Chart) -> list[Decimal]:
    return [v for s in chart.series for v in s.values if v is not None]


def _frame(chart: Chart, height: float, body: Sequence[str]) -> Markup:
    ident = esc(chart.ident)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{f(height)}" '
        f'viewBox="0 0 {WIDTH} {f(height)}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="{FONT}">'
        f'<title id="{ident}-title">{esc(chart.title)}</title>'
        f'<desc id="{ident}-desc">{esc(chart.description)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def line_chart(chart: Chart) -> Markup:
    """Periods along x, one line per series; a missing value breaks the line instead of bridging it."""
    parts, top = _header(chart)
    ticks = nice_ticks(min(_values(chart)), max(_values(chart)))
    left = 20 + max(text_width(dutch(t)) for t in ticks)
    plot_w, plot_h = WIDTH - left - 30, 280.0
    n = len(chart.categories)
    step = plot_w / max(n - 1, 1)
    lo, hi = float(ticks[0]), float(ticks[-1])

    def y_of(v: Decimal) -> float:
        return top + plot_h * (hi - float(v)) / (hi - lo)

    def x_of(i: int) -> float:
        if n == 1:
            return left + plot_w / 2
        if chart.positions:
            first, last = chart.positions[0], chart.positions[-1]
            return left + plot_w * (chart.positions[i] - first) / (last - first)
        return left + i * step

    parts += _y_axis(ticks, left, WIDTH - 30, y_of)
    labels, label_h = _x_labels(chart, [x_of(i) for i in range(n)], top + plot_h, step, left + plot_w / 2)
    parts += labels
    for i, series in enumerate(chart.series):
        points = [(x_of(j), y_of(v)) if v is not None else None for j, v in enumerate(series.values)]
        parts.append(_line_path(i, points))
        for j, v in enumerate(series.values):
            if v is not None:
                tip = f"{series.label}, {chart.categories[j]}: {dutch(v)}"
                parts.append(_marker(i, x_of(j), y_of(v), tip))
    legend, bottom = _legend(chart, top + plot_h + label_h + 14)
    return _frame(chart, bottom + 8, parts + legend)


def _x_labels(
    chart: Chart, xs: list[float], baseline: float, step: float, middle: float
) -> tuple[list[str], float]:
    """Period labels under the plot, slanted when they would overlap; then the axis title."""
    rotate = max(text_width(c) for c in chart.categories) > step - 8
    parts = []
    for x, category in zip(xs, chart.categories, strict=True):
        y = baseline + 16
        slant = {"transform": f"rotate(-40 {f(x)} {f(y)})", "text_anchor": "end"}
        parts.append(
            _text(
                x, y, wrap(category, 24, 1)[0], fill=INK, **(slant if rotate else {"text_anchor": "middle"})
            )
        )
    height = (max(text_width(c) for c in chart.categories) * 0.7 + 20) if rotate else 26
    if chart.axis_title:
        parts.append(_text(middle, baseline + height + 8, chart.axis_title, text_anchor="middle", fill=MUTED))
        height += LINE
    return parts, height


def _line_path(i: int, points: list[tuple[float, float] | None]) -> str:
    commands, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{f(point[0])} {f(point[1])}")
        pen_down = True
    return f'<path d="{" ".join(commands)}" {_stroke(i)}/>' if commands else ""


def _y_axis(ticks: list[Decimal], left: float, right: float, y_of: object) -> list[str]:
    parts = []
    for tick in ticks:
        y = y_of(tick)  # type: ignore[operator]
        colour, width = (INK, "1.2") if tick == 0 else (GRID, "1")
        parts.append(
            f'<line x1="{f(left)}" y1="{f(y)}" x2="{f(right)}" y2="{f(y)}" stroke="{colour}" stroke-width="{width}"/>'
        )
        parts.append(_text(left - 8, y + 4, dutch(tick), text_anchor="end", fill=MUTED))
    return parts


def bar_chart(chart: Chart) -> Markup:
    """Horizontal grouped bars: long Dutch category names stay readable on the left, values at bar ends."""
    parts, top = _header(chart)
    ticks = nice_ticks(min(_values(chart)), max(_values(chart)))
    lines = [wrap(c, 40) for c in chart.categories]
    left = 18 + min(300.0, max(text_width(line) for ls in lines for line in ls))
    plot_w = WIDTH - left - 80
    lo, hi = float(ticks[0]), float(ticks[-1])
    n_series = len(chart.series)
    bar_h = 16.0 if n_series == 1 else 12.0
    band = max(n_series * (bar_h + 2) + 12, 2 * LINE + 8)

    def x_of(v: Decimal) -> float:
        return left + plot_w * (float(v) - lo) / (hi - lo)

    bottom = top + band * len(chart.categories)
    for tick in ticks:
        x = x_of(tick)
        colour = INK if tick == 0 else GRID
        parts.append(f'<line x1="{f(x)}" y1="{f(top)}" x2="{f(x)}" y2="{f(bottom)}" stroke="{colour}"/>')
        parts.append(_text(x, bottom + 16, dutch(tick), text_anchor="middle", fill=MUTED))
    for g, category in enumerate(chart.categories):
        group_top = top + g * band + 6
        label_y = group_top + (band - 12) / 2 - (len(lines[g]) - 1) * 7 + 4
        for k, line in enumerate(lines[g]):
            parts.append(_text(left - 8, label_y + k * 14, line, text_anchor="end", fill=INK))
        for i, series in enumerate(chart.series):
            value = series.values[g]
            if value is not None:
                box = (x_of(Decimal(0)), x_of(value), group_top + i * (bar_h + 2), bar_h)
                parts.append(_bar(i, box, value, f"{category}, {series.label}: {dutch(value)}"))
    legend, end = _legend(chart, bottom + 44)
    return _frame(chart, end + 8, parts + legend)


def _bar(i: int, box: tuple[float, float, float, float], value: Decimal, tip: str) -> str:
    """One bar from zero to the value, its hover title, and the value written at its end."""
    zero, end, y, height = box
    colour = PALETTE[i % len(PALETTE)]
    x, width = min(zero, end), abs(end - zero)
    rect = f'<rect x="{f(x)}" y="{f(y)}" width="{f(width)}" height="{f(height)}" fill="{colour}"><title>{esc(tip)}</title></rect>'
    anchor, at = ("start", end + 4) if value >= 0 else ("end", end - 4)
    return rect + _text(at, y + height - 3, dutch(value), text_anchor=anchor, fill=INK, font_size="11")


def render(chart: Chart) -> Markup:
    """The chart as an ``<svg>`` element, safe to embed in a page or serve as ``image/svg+xml``."""
    return line_chart(chart) if chart.kind == "line" else bar_chart(chart)
