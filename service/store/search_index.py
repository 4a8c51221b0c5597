"""A label search index in SQLite FTS5, built from the store and read by the search pages.

FTS5's ``unicode61`` tokenizer with ``remove_diacritics`` makes "financiele" find
"financiële" and ignores case; queries match word prefixes, and a short table of
abbreviations used in the sources ("Pw", "Jw", "Wmo") expands them to the names.
Labels weigh more than alternative names, which weigh more than running text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from service.store.built import solutions

#: Abbreviations in the sources and in common use, and what they stand for.
ABBREVIATIONS = {
    "pw": "participatiewet",
    "jw": "jeugdwet",
    "wmo": "maatschappelijke ondersteuning",
    "wlz": "langdurige zorg",
    "zvw": "zorgverzekeringswet",
    "wsw": "sociale werkvoorziening",
    "awbz": "bijzondere ziektekosten",
    "wwb": "werk en bijstand",
    "rkc": "rekenkamercommissie",
    "pgb": "persoonsgebonden budget",
    "gr": "gemeenschappelijke regeling",
}

ENTRIES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?s
  (SAMPLE(?nl) AS ?label_nl) (SAMPLE(?en) AS ?label_en) (SAMPLE(?type) AS ?kind)
  (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?alts)
  (GROUP_CONCAT(DISTINCT ?text; separator=" ") AS ?texts)
WHERE {
  ?s rdfs:label ?nl . FILTER(isIRI(?s) && langMatches(lang(?nl), "nl"))
  OPTIONAL { ?s rdfs:label ?en . FILTER(langMatches(lang(?en), "en")) }
  OPTIONAL { ?s a ?type . FILTER(STRSTARTS(STR(?type), "VOCAB")) }
  OPTIONAL { ?s skos:altLabel|skos:prefLabel|<VOCABafkorting> ?alt }
  OPTIONAL { ?s dct:description|<VOCABcitaat>|skos:definition ?text . FILTER(langMatches(lang(?text), "nl")) }
}
GROUP BY ?s
"""


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    label_en: str
    kind: str
    snippet: str
    score: float


def build(store: pyoxigraph.Store, path: Path, base_iri: str, default_graph: list[str]) -> int:
    """Write the index for everything with an @nl label; return the number of entries."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE entry (id INTEGER PRIMARY KEY, iri TEXT UNIQUE, label TEXT, label_en TEXT, kind TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(
            label, alts, texts, tokenize='unicode61 remove_diacritics 2');
        """
    )
    rows = list(_entries(store, base_iri, default_graph))
    db.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?)", [r[:5] for r in rows])
    db.executemany(
        "INSERT INTO fts (rowid, label, alts, texts) VALUES (?, ?, ?, ?)", [(r[0], *r[5:]) for r in rows]
    )
    db.commit()
    db.close()
    return len(rows)


def _entries(store: pyoxigraph.Store, base_iri: str, default_graph: list[str]) -> Iterator[tuple]:
    results = store.query(
        ENTRIES_QUERY.replace("VOCAB", f"{base_iri}def/"),
        default_graph=[pyoxigraph.NamedNode(g) for g in default_graph],
    )
    for number, row in enumerate(solutions(results), start=1):
        label = _value(row["label_nl"])
        kind = _value(row["kind"]).rsplit("/", 1)[-1]
        yield (
            number,
            row["s"].value,
            label,
            _value(row["label_en"]),
            kind,
            label,
            f"{_value(row['alts'])} {_value(row['label_en'])}",
            _value(row["texts"]),
        )


def _value(term: object) -> str:
    return "" if term is None else str(term.value)  # type: ignore[attr-defined]


def match_expression(text: str) -> str:
    """The FTS5 query for what a user typed: every word as a prefix, abbreviations expanded.

    >>> match_expression("Rekenkamer Utrecht")
    '"rekenkamer"* AND "utrecht"*'
    >>> match_expression("pw")
    '("pw"* OR ("participatiewet"))'
    """
    terms = []
    for word in re.findall(r"\w+", text.casefold()):
        term = f'"{word}"*'
        if word in ABBREVIATIONS:
            expansion = " ".join(f'"{w}"' for w in ABBREVIATIONS[word].split())
            term = f"({term} OR ({expansion}))"
        terms.append(term)
    return " AND ".join(terms)


def search(path: Path, text: str, limit: int = 50) -> list[Hit]:
    """Ranked hits for the text; labels count most (bm25 weights 10, 4, 1)."""
    expression = match_expression(text)
    if not expression:
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            """SELECT e.iri, e.label, e.label_en, e.kind,
                      snippet(fts, 2, '', '', ' … ', 12), bm25(fts, 10.0, 4.0, 1.0) AS rank
               FROM fts JOIN entry e ON e.id = fts.rowid
               WHERE fts MATCH ? ORDER BY rank LIMIT ?""",
            (expression, limit),
        ).fetchall()
    finally:
        db.close()
    return [Hit(row[0], row[1], row[2], row[3], row[4], -row[5]) for row in rows]
