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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from service.store.built import solutions

#: The graphs a query reads as its default graph.
Graphs = list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph]

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
  (SAMPLE(?nl) AS ?label_nl) (SAMPLE(?en) AS ?label_en)
  (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?alts)
  (GROUP_CONCAT(DISTINCT ?text; separator=" ") AS ?texts)
WHERE {
  ?s rdfs:label ?nl . FILTER(isIRI(?s) && langMatches(lang(?nl), "nl"))
  OPTIONAL { ?s rdfs:label ?en . FILTER(langMatches(lang(?en), "en")) }
  OPTIONAL { ?s skos:altLabel|skos:prefLabel|<VOCABafkorting>|<VOCABbronTabel>|<VOCABtabeltitel> ?alt }
  OPTIONAL { ?s dct:description|<VOCABcitaat>|skos:definition ?text . FILTER(langMatches(lang(?text), "nl")) }
}
GROUP BY ?s
"""

#: Every type of everything labelled (the inferred graph adds the superclasses).
TYPES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?type WHERE {
  ?s rdfs:label ?nl . FILTER(isIRI(?s) && langMatches(lang(?nl), "nl"))
  ?s a ?type . FILTER(isIRI(?type))
}
"""

#: Pairs of our classes where the second is a proper superclass of the first.
SUPERCLASSES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?sub ?super WHERE {
  ?sub rdfs:subClassOf+ ?super . FILTER(isIRI(?super) && ?sub != ?super && STRSTARTS(STR(?sub), "VOCAB"))
}
"""

#: The laws and gemeenten things are about, with their Dutch names (facets on the search page).
ABOUT_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o (SAMPLE(?name) AS ?label) WHERE {
  VALUES ?p { <VOCABbetreftWet> <VOCABbetreftGemeente> }
  ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o))
  OPTIONAL { ?o rdfs:label ?name . FILTER(langMatches(lang(?name), "nl")) }
}
GROUP BY ?s ?p ?o
"""

#: Types of other vocabularies a reader recognises, in the order one of them names a thing
#: that has no type of our own (an observation, a code, a term of the ontology).
READER_TYPES = (
    "http://purl.org/linked-data/cube#DataSet",
    "http://purl.org/linked-data/cube#Observation",
    "http://purl.org/linked-data/cube#DataStructureDefinition",
    "http://purl.org/linked-data/cube#ComponentSpecification",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "http://www.w3.org/2004/02/skos/core#Concept",
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
)
#: facet name -> the property of ours it reads (``type`` reads rdf:type)
ABOUT = {"betreftWet": "wet", "betreftGemeente": "gemeente"}


@dataclass(frozen=True)
class Hit:
    """One entry that matched: ``kind`` is the local name of ``type_iri``, its most specific type.

    ``facets`` holds (facet, value IRI, value label) for every type, law and gemeente
    the entry has; the search page counts and filters on them.
    """

    iri: str
    label: str
    label_en: str
    kind: str
    snippet: str
    score: float
    type_iri: str = ""
    facets: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Matches:
    """The hits of one query, best bm25 first; ``total`` counts them all, also past the cap."""

    total: int
    hits: list[Hit]


def build(
    store: pyoxigraph.Store,
    path: Path,
    base_iri: str,
    default_graph: list[str],
    asserted: list[str] | None = None,
) -> int:
    """Write the index for everything with an @nl label; return the number of entries.

    Types are read from the ``asserted`` graphs (all of ``default_graph`` unless given)
    and widened by ``rdfs:subClassOf`` only: the types a reasoner adds from the domain
    of a property ("whatever has a source is a claim") would file a law under claims.
    """
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE entry (
            id INTEGER PRIMARY KEY, iri TEXT UNIQUE, label TEXT, label_en TEXT, kind TEXT, type_iri TEXT);
        CREATE TABLE facet (entry INTEGER, facet TEXT, value TEXT, label TEXT);
        CREATE INDEX facet_entry ON facet (entry);
        CREATE VIRTUAL TABLE fts USING fts5(
            label, alts, texts, tokenize='unicode61 remove_diacritics 2');
        """
    )
    graph: Graphs = [pyoxigraph.NamedNode(g) for g in default_graph]
    vocab = f"{base_iri}def/"
    rows = list(_entries(store, vocab, graph))
    numbers = {row[1]: row[0] for row in rows}
    stated: Graphs = [pyoxigraph.NamedNode(g) for g in asserted] if asserted is not None else graph
    types = _types(store, vocab, (graph, stated), set(numbers))
    db.executemany(
        "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?)",
        [(*r[:4], *_kind(types.get(r[1], ([], "")))) for r in rows],
    )
    db.executemany(
        "INSERT INTO fts (rowid, label, alts, texts) VALUES (?, ?, ?, ?)", [(r[0], *r[4:]) for r in rows]
    )
    facets = [(numbers[s], "type", t, "") for s, (all_types, _) in types.items() for t in all_types]
    facets += [(numbers[s], *about) for s, about in _about(store, vocab, graph) if s in numbers]
    db.executemany("INSERT INTO facet VALUES (?, ?, ?, ?)", facets)
    db.commit()
    db.close()
    return len(rows)


def _kind(found: tuple[list[str], str]) -> tuple[str, str]:
    """(local name, IRI) of an entry's most specific type, or two empty strings."""
    primary = found[1]
    return (re.split(r"[/#]", primary)[-1], primary) if primary else ("", "")


def _entries(store: pyoxigraph.Store, vocab: str, graph: Graphs) -> Iterator[tuple]:
    results = store.query(ENTRIES_QUERY.replace("VOCAB", vocab), default_graph=graph)
    for number, row in enumerate(solutions(results), start=1):
        label = _value(row["label_nl"])
        yield (
            number,
            row["s"].value,
            label,
            _value(row["label_en"]),
            label,
            f"{_value(row['alts'])} {_value(row['label_en'])}",
            _value(row["texts"]),
        )


def _types(
    store: pyoxigraph.Store, vocab: str, graphs: tuple[Graphs, Graphs], entries: set[str]
) -> dict[str, tuple[list[str], str]]:
    """Per entry: the types a reader may filter on (ours and ``READER_TYPES``) and the one it is shown as.

    ``graphs`` is (everything, the asserted graphs). A reader may filter on a stated
    type and its superclasses; the one shown is the most specific stated type of ours
    (none of its other types is a subclass of it), else the first of ``READER_TYPES``
    it has; ties go to the name, so a rebuild shows the same.
    """
    everything, stated = graphs
    supers: dict[str, set[str]] = {}
    for row in solutions(store.query(SUPERCLASSES_QUERY.replace("VOCAB", vocab), default_graph=everything)):
        supers.setdefault(row["sub"].value, set()).add(row["super"].value)
    found: dict[str, set[str]] = {}
    for row in solutions(store.query(TYPES_QUERY, default_graph=stated)):
        kind = row["type"].value
        if row["s"].value in entries and (kind.startswith(vocab) or kind in READER_TYPES):
            found.setdefault(row["s"].value, set()).add(kind)
    return {iri: _widened(kinds, vocab, supers) for iri, kinds in found.items()}


def _widened(kinds: set[str], vocab: str, supers: dict[str, set[str]]) -> tuple[list[str], str]:
    """(the types with their superclasses, the most specific type) of one entry."""
    ours = {k for k in kinds if k.startswith(vocab)}
    implied = {s for k in ours for s in supers.get(k, set()) if s.startswith(vocab) or s in READER_TYPES}
    primary = min(ours - implied or ours) if ours else min(kinds, key=READER_TYPES.index)
    return sorted(kinds | implied), primary


def _about(store: pyoxigraph.Store, vocab: str, graph: Graphs) -> Iterator[tuple[str, tuple[str, str, str]]]:
    """(entry IRI, (facet, value IRI, value label)) for each law and gemeente a thing is about."""
    for row in solutions(store.query(ABOUT_QUERY.replace("VOCAB", vocab), default_graph=graph)):
        facet = ABOUT[row["p"].value[len(vocab) :]]
        yield row["s"].value, (facet, row["o"].value, _value(row["label"]))


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
    """Ranked hits for the text with their snippets; labels count most (bm25 weights 10, 4, 1)."""
    expression = match_expression(text)
    if not expression:
        return []
    with _reading(path) as db:
        rows = db.execute(
            f"""SELECT {_columns(db)}, snippet(fts, 2, '', '', ' … ', 12)
               FROM fts JOIN entry e ON e.id = fts.rowid
               WHERE fts MATCH ? ORDER BY rank, e.iri LIMIT ?""",
            (expression, limit),
        ).fetchall()
    return [_hit(row, snippet=row[-1]) for row in rows]


def matches(path: Path, text: str, cap: int) -> Matches:
    """Every hit for the text (the best ``cap`` by bm25), each with its facet values, without snippets.

    A page of results, its facets and a CSV of all hits are all cut from this one list,
    so they agree; snippets cost more and are fetched for the page shown (``snippets``).
    """
    expression = match_expression(text)
    if not expression:
        return Matches(0, [])
    with _reading(path) as db:
        total = db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()[0]
        rows = db.execute(
            f"""SELECT {_columns(db)}, e.id FROM fts JOIN entry e ON e.id = fts.rowid
               WHERE fts MATCH ? ORDER BY rank, e.iri LIMIT ?""",
            (expression, cap),
        ).fetchall()
        facets = _facets(db, [row[-1] for row in rows])
    return Matches(total, [_hit(row, facets=tuple(facets.get(row[-1], ()))) for row in rows])


def snippets(path: Path, text: str, iris: list[str]) -> dict[str, str]:
    """The passage of running text around the words typed, for each of these hits that has one."""
    expression = match_expression(text)
    if not expression or not iris:
        return {}
    marks = ", ".join("?" * len(iris))
    with _reading(path) as db:
        rows = db.execute(
            f"""SELECT e.iri, snippet(fts, 2, '', '', ' … ', 12) FROM fts JOIN entry e ON e.id = fts.rowid
               WHERE fts MATCH ? AND e.iri IN ({marks})""",
            (expression, *iris),
        ).fetchall()
    return {iri: snippet for iri, snippet in rows if snippet}


def _columns(db: sqlite3.Connection) -> str:
    """The entry columns a hit is made of, and bm25 with labels weighing most.

    An index written before types were kept (no ``type_iri``, no ``facet`` table) still
    answers, without types and facets, until the next build replaces it.
    """
    names = {row[1] for row in db.execute("PRAGMA table_info(entry)")}
    type_iri = "e.type_iri" if "type_iri" in names else "''"
    return f"e.iri, e.label, e.label_en, e.kind, {type_iri}, bm25(fts, 10.0, 4.0, 1.0) AS rank"


def _hit(row: tuple, snippet: str = "", facets: tuple[tuple[str, str, str], ...] = ()) -> Hit:
    return Hit(row[0], row[1], row[2], row[3], snippet, -row[5], row[4] or "", facets)


def _facets(db: sqlite3.Connection, ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Facet values by entry id, read in chunks (SQLite binds at most a few thousand values)."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'facet'").fetchone():
        return found
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.execute(
            f"SELECT entry, facet, value, label FROM facet WHERE entry IN ({', '.join('?' * len(chunk))})"
            " ORDER BY entry, facet, value",
            chunk,
        )
        for entry, *value in rows:
            found.setdefault(entry, []).append(tuple(value))  # type: ignore[arg-type]
    return found


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """The index opened read-only (the served build is never written), closed after use."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield db
    finally:
        db.close()
