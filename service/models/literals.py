"""Literals as a Dutch reader expects them: dates in words, amounts in euro, percentages.

The graph keeps values exact (``70``, ``"2015-01-01"^^xsd:date``); only the page
formats them. Units come from ``sdo:eenheid`` on the same node, so a ``sdo:waarde``
of 1.5 with ``eenheid:mld-euro`` reads as "€ 1,5 mld".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "int", "long", "nonNegativeInteger")}

#: unit slug (the last part of an ``eenheid:`` IRI) -> (before, after) the number
UNITS = {
    "euro": ("€ ", ""),
    "mln-euro": ("€ ", " mln"),
    "mld-euro": ("€ ", " mld"),
    "procent": ("", "%"),
    "procentpunt": ("", " procentpunt"),
}


def number(text: str) -> str:
    """A number with Dutch separators.

    >>> number("1234567.5")
    '1.234.567,5'
    >>> number("-70")
    '-70'
    >>> number("n.v.t.")
    'n.v.t.'
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def date(text: str, datatype: str) -> str:
    """xsd:date, xsd:gYearMonth and xsd:dateTime in Dutch words.

    >>> date("2015-01-01", XSD + "date")
    '1 januari 2015'
    >>> date("2017-02", XSD + "gYearMonth")
    'februari 2017'
    >>> date("2026-11-22T12:47:14+00:00", XSD + "dateTime")
    '22 november 2026, 12:47'
    """
    try:
        if datatype == XSD + "gYearMonth":
            year, month = text[:7].split("-")
            return f"{MONTHS[int(month) - 1]} {year}"
        day_part, _, time_part = text.partition("T")
        year, month, day = day_part[:10].split("-")
        words = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
        return f"{words}, {time_part[:5]}" if time_part else words
    except (ValueError, IndexError):
        return text


def format_literal(value: str, datatype: str | None, unit: str | None = None) -> str:
    """The text shown for a literal; ``unit`` is the slug of the node's ``sdo:eenheid``.

    >>> format_literal("70", XSD + "decimal", "procent")
    '70%'
    >>> format_literal("1.5", XSD + "decimal", "mld-euro")
    '€ 1,5 mld'
    >>> format_literal("true", XSD + "boolean")
    'ja'
    """
    datatype = datatype or ""
    if datatype in NUMERIC:
        before, after = UNITS.get(unit or "", ("", ""))
        return f"{before}{number(value)}{after}"
    if datatype in (XSD + "date", XSD + "gYearMonth", XSD + "dateTime"):
        return date(value, datatype)
    if datatype == XSD + "boolean":
        return "ja" if value in ("true", "1") else "nee"
    return value
