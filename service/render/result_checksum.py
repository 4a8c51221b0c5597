"""The canonical form of a SPARQL result and its SHA-256, so a reader can check they got the same answer.

A result's order and its blank node labels are accidents of the engine, so the form
hashes neither. It is UTF-8 text, one line per row, each line ended by ``\\n``:

* **ASK:** one line, ``true`` or ``false``.
* **SELECT:** a header line, the variables as ``?name`` in the query's order, joined by a
  tab; then one line per row, its terms in N-Triples syntax joined by a tab (an unbound
  variable is the empty string). IRIs are ``<…>``; literals ``"…"`` with ``\\``, ``"``,
  line feed and carriage return escaped as ``\\\\``, ``\\"``, ``\\n``, ``\\r``, then
  ``@lang`` (lower case) or ``^^<datatype>``, none for ``xsd:string``.
* **CONSTRUCT/DESCRIBE:** one N-Triples line ``s p o .`` per triple, no header.

Rows (and triples) are sorted by their line with every blank node written ``_:`` (masked),
codepoint order; blank nodes are then named ``_:b0``, ``_:b1`` … in order of first
appearance reading those sorted rows left to right, and the lines are sorted again.
Two rows that differ only in their blank nodes sort by the engine's order, so for such
results the checksum can differ between engines (a full canonicalisation, RDFC-1.0, would
be needed); for results without blank nodes, and the usual ones with, it is exact.

Cells are those of ``service.store`` tables: ``("uri", iri)``, ``("literal", value,
datatype, language)``, ``("bnode", "_:label")``, ``("triple", text)`` or ``None``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
MASK = "_:"

Cell = Sequence[str] | None


def term(cell: Cell, bnodes: Mapping[str, str] | None = None) -> str:
    """One cell in N-Triples syntax; blank nodes renamed by ``bnodes``, masked without it.

    >>> term(("literal", 'a "b"', XSD_STRING, "")), term(("literal", "x", RDF_LANG_STRING, "NL"))
    ('"a \\\\"b\\\\""', '"x"@nl')
    >>> term(("literal", "3", "http://www.w3.org/2001/XMLSchema#integer", ""))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> term(("bnode", "_:x1")), term(("bnode", "_:x1"), {"_:x1": "_:b0"}), term(None)
    ('_:', '_:b0', '')
    """
    if cell is None:
        return ""
    kind, value = cell[0], cell[1]
    if kind == "uri":
        return f"<{value}>"
    if kind == "literal":
        text = '"' + value.translate(_ESCAPES) + '"'
        datatype, language = cell[2], cell[3]
        if language:
            return f"{text}@{language.lower()}"
        return text if datatype in (XSD_STRING, "") else f"{text}^^<{datatype}>"
    if kind == "bnode":
        return MASK if bnodes is None else bnodes[_label(value)]
    return value  # an RDF-star triple term, as the engine writes it


def _label(value: str) -> str:
    return value if value.startswith("_:") else "_:" + value


def _line(row: Sequence[Cell], graph: bool, bnodes: Mapping[str, str] | None) -> str:
    terms = [term(cell, bnodes) for cell in row]
    return " ".join(terms) + " ." if graph else "\t".join(terms)


def canonical_form(table: Mapping[str, Any], graph: bool = False) -> str:
    """The text described above, of a table as the store gives it (``graph``: CONSTRUCT/DESCRIBE).

    >>> print(canonical_form({"boolean": False}), end="")
    false
    >>> rows = [[("bnode", "_:z")], [("uri", "urn:a")]]
    >>> print(canonical_form({"variables": ["x"], "rows": rows}), end="")
    ?x
    <urn:a>
    _:b0
    """
    if table.get("boolean") is not None:
        return "true\n" if table["boolean"] else "false\n"
    rows: list[Sequence[Cell]] = sorted(table.get("rows", []), key=lambda row: _line(row, graph, None))
    bnodes: dict[str, str] = {}
    for row in rows:
        for cell in row:
            if cell is not None and cell[0] == "bnode":
                bnodes.setdefault(_label(cell[1]), f"_:b{len(bnodes)}")
    lines = sorted(_line(row, graph, bnodes) for row in rows)
    if not graph:
        lines.insert(0, "\t".join("?" + name for name in table.get("variables", [])))
    return "".join(line + "\n" for line in lines)


def result_sha256(table: Mapping[str, Any], graph: bool = False) -> str:
    """SHA-256 of the canonical form, as hex: what the query page shows and sends as a header."""
    return hashlib.sha256(canonical_form(table, graph).encode("utf-8")).hexdigest()
