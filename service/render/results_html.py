"""SPARQL results as an HTML table, for the query page and ``format=html``.

One function, ``render_results_html``, so any page shows results the same way: IRIs
as links (given a ``link`` function, to our entity pages with their labels), literals
with their language or datatype, and a visible notice when the row cap cut the result
short; an HTML view is never silently partial.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: IRI -> (link target or None when it must not be a link, text to show).
Linker = Callable[[str], tuple[str | None, str]]


def _plain(iri: str) -> tuple[str | None, str]:
    return iri, iri


def render_results_html(table: Mapping[str, Any], max_rows: int, link: Linker = _plain) -> Markup:
    """A results table: ``table`` has variables, rows of cells, truncated and, for ASK, boolean.

    >>> str(render_results_html({"boolean": True}, 10))
    '<p class="boolean">ja (true)</p>'
    >>> html = render_results_html({"variables": ["x"], "rows": [[("uri", "urn:a")]], "truncated": True}, 1)
    >>> 'data-truncated="true"' in html and "de eerste 1 rijen" in html and ">1 rij<" in html
    True
    """
    if table.get("boolean") is not None:
        return Markup('<p class="boolean">{}</p>').format("ja (true)" if table["boolean"] else "nee (false)")
    variables: Sequence[str] = table.get("variables", [])
    truncated = bool(table.get("truncated"))
    head = Markup("").join(Markup("<th>?{}</th>").format(v) for v in variables)
    body = Markup("").join(_row(row, link) for row in table.get("rows", []))
    notice = Markup("")
    if truncated:
        notice = Markup(
            '<p class="truncated" role="status"><strong>Afgekapt:</strong> de eerste {} rijen. '
            "Download CSV, TSV of JSON voor alle rijen.</p>"
        ).format(max_rows)
    count = Markup('<p class="count">{}</p>').format(rows_text(len(table.get("rows", []))))
    return Markup(
        '{notice}<table class="results" data-truncated="{flag}"><thead><tr>{head}</tr></thead>'
        "<tbody>{body}</tbody></table>{count}"
    ).format(notice=notice, flag="true" if truncated else "false", head=head, body=body, count=count)


def rows_text(count: int) -> str:
    """The number of rows as Dutch says it.

    >>> rows_text(1), rows_text(20), rows_text(0)
    ('1 rij', '20 rijen', '0 rijen')
    """
    return f"{count} rij" if count == 1 else f"{count} rijen"


def _row(row: Sequence[Any], link: Linker) -> Markup:
    cells = Markup("").join(Markup("<td>{}</td>").format(_cell(c, link)) for c in row)
    return Markup("<tr>{}</tr>").format(cells)


def _cell(cell: Sequence[str] | None, link: Linker) -> Markup:
    if cell is None:
        return Markup("")
    kind, value = cell[0], cell[1]
    if kind == "uri":
        href, text = link(value)
        if href is None:
            return Markup('<span class="iri" title="{}">{}</span>').format(value, text)
        return Markup('<a href="{}" title="{}">{}</a>').format(href, value, text)
    if kind == "literal":
        datatype, language = cell[2], cell[3]
        if language:
            return Markup('{}<sup class="lang">@{}</sup>').format(value, language)
        if datatype not in (XSD_STRING, RDF_LANG_STRING):
            return Markup('{}<sup class="datatype">^^{}</sup>').format(value, link(datatype)[1])
        return escape(value)
    return Markup("<code>{}</code>").format(value)
