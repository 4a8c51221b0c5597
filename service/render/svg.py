"""A small diagram of a node's neighbourhood, drawn on the server as SVG.

Pure: labels and links in, markup out, no JavaScript. Every piece of text goes through
``markupsafe`` (``Markup.format`` escapes its arguments), so a label holding
``<script>`` is drawn as text. Links are only the ones ``links.href_for`` allowed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup

WIDTH, HEIGHT = 640, 400
RADIUS_X, RADIUS_Y = 235, 150
MAX_NEIGHBOURS = 12
MAX_LABEL = 26


class Edge(NamedTuple):
    direction: str  # "out": centre -> node; "in": node -> centre
    predicate: str
    label: str
    href: str | None


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Cut a label to fit a node box.

    >>> shorten("Rekenkamer Utrecht")
    'Rekenkamer Utrecht'
    >>> shorten("Werken naar Vermogen (beleidsbeschrijving)", 16)
    'Werken naar Ver…'
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _box(x: float, y: float, label: str, href: str | None, css: str) -> Markup:
    text = shorten(label)
    width = 14 + 6.4 * len(text)
    shape = Markup(
        '<rect x="{:.0f}" y="{:.0f}" width="{:.0f}" height="24" rx="6" class="{}"/>'
        '<text x="{:.0f}" y="{:.0f}" text-anchor="middle">{}</text>'
    ).format(x - width / 2, y - 12, width, css, x, y + 4, text)
    full = Markup("<title>{}</title>").format(label)
    if href:
        return Markup('<a href="{}">{}{}</a>').format(href, full, shape)
    return Markup("<g>{}{}</g>").format(full, shape)


def neighbourhood(centre: str, edges: Sequence[Edge]) -> Markup:
    """The SVG of the centre node and up to twelve neighbours around it.

    >>> svg = neighbourhood("<b>", [Edge("out", "type", "Wet", "/def/Wet")])
    >>> "&lt;b&gt;" in svg and "<b>" not in svg
    True
    """
    shown = list(edges)[:MAX_NEIGHBOURS]
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="diagram" role="img" '
            'aria-label="Omgeving van {}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
        ).format(WIDTH, HEIGHT, centre)
    ]
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = []
    for number, edge in enumerate(shown):
        angle = 2 * math.pi * number / max(len(shown), 1) - math.pi / 2
        x, y = cx + RADIUS_X * math.cos(angle), cy + RADIUS_Y * math.sin(angle)
        start, end = ((cx, cy), (x, y)) if edge.direction == "out" else ((x, y), (cx, cy))
        parts.append(_line(start, end, edge.predicate))
        nodes.append(_box(x, y, edge.label, edge.href, "node"))
    parts += nodes
    parts.append(_box(cx, cy, centre, None, "centre"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _line(start: tuple[float, float], end: tuple[float, float], predicate: str) -> Markup:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1
    shrink = 18 / length  # stop short of the box so the arrow head shows
    tx, ty = x2 - (x2 - x1) * shrink, y2 - (y2 - y1) * shrink
    return Markup(
        '<line x1="{:.0f}" y1="{:.0f}" x2="{:.0f}" y2="{:.0f}" marker-end="url(#arrow)"/>'
        '<text x="{:.0f}" y="{:.0f}" class="edge" text-anchor="middle">{}</text>'
    ).format(x1, y1, tx, ty, (x1 + x2) / 2, (y1 + y2) / 2 - 4, shorten(predicate, 22))
