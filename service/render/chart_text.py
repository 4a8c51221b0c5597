"""Text and scales for the SVG charts: escaping, Dutch numbers, round ticks, label wrapping. Pure.

Kept apart from ``service.render.charts`` so the drawing code stays short; every function
here has a doctest, since a wrong tick or an unescaped label is easy to miss by eye.
"""

from __future__ import annotations

import html
from decimal import Decimal

from service.models.literals import number

FONT = 12


def esc(text: str) -> str:
    """Text as XML character data or attribute value.

    >>> esc('<script>alert("x")</script> & co')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
    """
    return html.escape(text, quote=True)


def dutch(value: Decimal) -> str:
    """A number in Dutch notation without trailing zeros.

    >>> dutch(Decimal("1234.50"))
    '1.234,5'
    >>> dutch(Decimal("2E+3"))
    '2.000'
    """
    return number(format(value.normalize(), "f"))


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round tick values covering ``low``..``high`` and zero, about ``count`` steps of 1, 2, 2,5 or 5 × 10ⁿ.

    >>> [str(t) for t in nice_ticks(Decimal("16"), Decimal("28"))]
    ['0', '10', '20', '30']
    >>> [dutch(t) for t in nice_ticks(Decimal("-1.2"), Decimal("0.7"))]
    ['-1,5', '-1', '-0,5', '0', '0,5', '1']
    """
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if low == high:
        high = low + 1
    raw = (high - low) / count
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(
        m * magnitude
        for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if m * magnitude >= raw
    )
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR")
    stop = (high / step).to_integral_value(rounding="ROUND_CEILING")
    return [(start + i) * step for i in range(int(stop - start) + 1)]


def text_width(text: str, size: int = FONT) -> float:
    """A generous estimate of rendered width; good enough to lay out labels without a font."""
    return len(text) * size * 0.6


def wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """Word-wrap to at most ``lines`` lines of ``limit`` characters; the rest becomes an ellipsis.

    >>> wrap("gemeenten met relatief de meeste jeugdhulp", 20)
    ['gemeenten met', 'relatief de meeste…']
    """
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: limit - 1] + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in out] or [""]
