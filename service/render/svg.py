"""A small diagram of a node's neighbourhood, drawn on the server as SVG.

Pure: labels and links in, markup out, no JavaScript. Every piece of text goes through
``markupsafe`` (``Markup.format`` escapes its arguments), so a label holding
``<script>`` is drawn as text. Links are only the ones ``links.href_for`` allowed.

The layout is layered: what points at the centre stands in a column on the left, what
the centre points at in a column on the right, the centre between them. Boxes in a
column are stacked at a fixed pitch (each names the property that links it on a
second line) and every box is at most as wide as its column, so
no two boxes overlap however many neighbours there are. At most ``MAX_NEIGHBOURS`` are
drawn; a note counts the rest. The drawing has a ``viewBox`` and no fixed width, so the
stylesheet scales it to the width of the page (a phone included).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup

WIDTH = 640
MAX_NEIGHBOURS = 12
MAX_LABEL = 24  # characters on a neighbour's box; the full label is the box's <title>
MAX_CENTRE = 30
MAX_PREDICATE = 26  # the property's name, in smaller type, on top of a neighbour's box
SMALL_CHAR = 5.4
CHAR, PAD, BOX_HEIGHT, NODE_HEIGHT, PITCH, MARGIN = 6.4, 14, 24, 36, 46, 24
#: x of the middle of the left column, the centre and the right column
LEFT, MIDDLE, RIGHT = 90.0, WIDTH / 2, WIDTH - 90.0


class Edge(NamedTuple):
    direction: str  # "out": centre -> node; "in": node -> centre
    predicate: str
    label: str
    href: str | None


class Box(NamedTuple):
    x: float  # middle
    y: float  # middle
    width: float
    height: float = BOX_HEIGHT


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Cut a label to fit a node box.

    >>> shorten("Rekenkamer Utrecht")
    'Rekenkamer Utrecht'
    >>> shorten("Werken naar Vermogen (beleidsbeschrijving)", 16)
    'Werken naar Ver…'
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def box_width(text: str) -> float:
    """The width of a box around already shortened text, in the drawing's units."""
    return PAD + CHAR * len(text)


def chosen(edges: Sequence[Edge], limit: int = MAX_NEIGHBOURS) -> tuple[list[Edge], list[Edge], int]:
    """The incoming and outgoing edges to draw, and how many are left out.

    Each side gets half the room; a side that needs less leaves the rest to the other.

    >>> ins, outs, rest = chosen([Edge("in", "p", str(n), None) for n in range(20)] + [Edge("out", "q", "x", None)])
    >>> (len(ins), len(outs), rest)
    (11, 1, 9)
    """
    incoming = [e for e in edges if e.direction == "in"]
    outgoing = [e for e in edges if e.direction != "in"]
    out_room = min(len(outgoing), max(limit - len(incoming), limit // 2))
    in_room = min(len(incoming), limit - out_room)
    return incoming[:in_room], outgoing[:out_room], len(edges) - in_room - out_room


def _column(x: float, count: int, height: float) -> list[float]:
    """The middles of ``count`` boxes stacked at a fixed pitch, centred on the drawing's height."""
    top = (height - (count - 1) * PITCH) / 2
    return [top + n * PITCH for n in range(count)]


def _box(box: Box, label: str, shown: str, href: str | None, css: str, predicate: str = "") -> Markup:
    """A box with its shortened label, the full one as its ``<title>``; a neighbour's names the property on top."""
    top = box.y - box.height / 2
    shape = Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" rx="6" class="{}"/>').format(
        box.x - box.width / 2, top, box.width, box.height, css
    )
    if predicate:
        shape += Markup('<text x="{:.1f}" y="{:.1f}" class="edge" text-anchor="middle">{}</text>').format(
            box.x, top + 12, shorten(predicate, MAX_PREDICATE)
        )
    shape += Markup('<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>').format(
        box.x, box.y + (8 if predicate else 4), shown
    )
    full = Markup("<title>{}{}</title>").format(f"{predicate}: " if predicate else "", label)
    if href:
        return Markup('<a href="{}">{}{}</a>').format(href, full, shape)
    return Markup("<g>{}{}</g>").format(full, shape)


def neighbourhood(centre: str, edges: Sequence[Edge]) -> Markup:
    """The SVG of the centre node and up to ``MAX_NEIGHBOURS`` neighbours beside it.

    >>> svg = neighbourhood("<b>", [Edge("out", "type", "Wet", "/def/Wet")])
    >>> "&lt;b&gt;" in svg and "<b>" not in svg
    True
    """
    incoming, outgoing, rest = chosen(edges)
    rows = max(len(incoming), len(outgoing), 1)
    height = (rows - 1) * PITCH + NODE_HEIGHT + 2 * MARGIN + (PITCH if rest else 0)
    body = height - (PITCH if rest else 0)
    centre_box = Box(MIDDLE, body / 2, box_width(shorten(centre, MAX_CENTRE)))
    lines: list[Markup] = []
    nodes: list[Markup] = []
    for x, side in ((LEFT, incoming), (RIGHT, outgoing)):
        for y, edge in zip(_column(x, len(side), body), side, strict=True):
            text = shorten(edge.label)
            named = PAD + SMALL_CHAR * len(shorten(edge.predicate, MAX_PREDICATE))
            box = Box(x, y, max(box_width(text), named), NODE_HEIGHT)
            lines.append(_line(box, centre_box, edge))
            nodes.append(_box(box, edge.label, text, edge.href, "node", edge.predicate))
    parts = [_open(centre, height), *lines, *nodes]
    parts.append(_box(centre_box, centre, shorten(centre, MAX_CENTRE), None, "centre"))
    if rest:
        parts.append(
            Markup('<text x="{:.1f}" y="{:.1f}" class="more" text-anchor="middle">+ {} meer</text>').format(
                MIDDLE, height - MARGIN / 2 - 4, rest
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _open(centre: str, height: float) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {:.0f}" class="diagram" role="img" '
        'aria-label="Omgeving van {}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    ).format(WIDTH, height, centre)


def _line(node: Box, centre: Box, edge: Edge) -> Markup:
    """The arrow between a neighbour and the centre, from box side to box side (the box names the property)."""
    toward = 1 if node.x < centre.x else -1
    near = (node.x + toward * node.width / 2, node.y)
    far = (centre.x - toward * centre.width / 2, centre.y)
    (x1, y1), (x2, y2) = (far, near) if edge.direction == "out" else (near, far)
    length = math.hypot(x2 - x1, y2 - y1) or 1
    shrink = 3 / length  # stop short of the box so the arrow head shows
    tx, ty = x2 - (x2 - x1) * shrink, y2 - (y2 - y1) * shrink
    return Markup('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" marker-end="url(#arrow)"/>').format(
        x1, y1, tx, ty
    )
