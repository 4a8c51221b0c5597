"""What the serving benchmark asks: six SPARQL queries for every engine, and our pages.

Every query text holds the token ``BENCHN`` where ``rotate.lua`` puts a value that is new
for every request (run, measurement, wrk thread and request number), so no two requests
of a run are the same text and no cache keyed on the query can answer one. The token sits
in a filter that is always true (``!sameTerm(?x, <urn:sdkg-bench:…>)``: no term of the
graph is that IRI) or, for DESCRIBE, in a ``VALUES`` filter of the same kind, so it never
changes the rows; ``check_rows`` in ``serve.py`` holds every engine to that.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from urllib.parse import quote

TOKEN = "BENCHN"
NOOP = "urn:sdkg-bench:"

PREFIXES = """PREFIX sdo: <{base}def/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

SELECT_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    accept: str  # SPARQL JSON for SELECT, N-Triples for DESCRIBE
    text: str  # with {base} and the BENCHN token

    def sparql(self, base: str, token: str = TOKEN) -> str:
        return (PREFIXES + self.text).replace("{base}", base).replace(TOKEN, token)

    def path(self, endpoint_path: str, base: str) -> str:
        """The GET request path with the query, the token left in for rotate.lua."""
        return f"{endpoint_path}?query={quote(self.sparql(base), safe='')}"


JEUGDWET = "<{base}id/wet/jeugdwet>"

QUERIES: tuple[Query, ...] = (
    Query(
        "subject",
        "subject lookup: every statement about the Jeugdwet",
        SELECT_JSON,
        f"""SELECT ?p ?o WHERE {{
  {JEUGDWET} ?p ?o
  FILTER(!sameTerm(?o, <{NOOP}{TOKEN}>))
}}""",
    ),
    Query(
        "incoming",
        "incoming links: everything that points at the Jeugdwet",
        SELECT_JSON,
        f"""SELECT ?s ?p WHERE {{
  ?s ?p {JEUGDWET}
  FILTER(!sameTerm(?s, <{NOOP}{TOKEN}>))
}}""",
    ),
    Query(
        "join",
        "join: knelpunten and findings, their law, and the source document (dct:source/dct:isPartOf*)",
        SELECT_JSON,
        f"""SELECT ?k ?type ?wet ?wetLabel ?doc WHERE {{
  VALUES ?type {{ sdo:Knelpunt sdo:Bevinding }}
  ?k a ?type ;
     sdo:betreftWet ?wet ;
     dct:source/dct:isPartOf* ?doc .
  ?doc a sdo:Publicatie .
  ?wet rdfs:label ?wetLabel .
  FILTER(LANG(?wetLabel) = "nl")
  FILTER(!sameTerm(?k, <{NOOP}{TOKEN}>))
}}""",
    ),
    Query(
        "aggregate",
        "aggregate: observations counted per dataset",
        SELECT_JSON,
        f"""SELECT ?dataset (COUNT(?obs) AS ?n) WHERE {{
  ?obs a qb:Observation ;
       qb:dataSet ?dataset .
  FILTER(!sameTerm(?dataset, <{NOOP}{TOKEN}>))
}}
GROUP BY ?dataset""",
    ),
    Query(
        "label",
        'label search: rdfs:label or skos:prefLabel containing "jeugd"',
        SELECT_JSON,
        f"""SELECT ?s ?label WHERE {{
  {{ ?s rdfs:label ?label }} UNION {{ ?s skos:prefLabel ?label }}
  FILTER(CONTAINS(LCASE(STR(?label)), "jeugd"))
  FILTER(!sameTerm(?s, <{NOOP}{TOKEN}>))
}}""",
    ),
    Query(
        "describe",
        "DESCRIBE the Jeugdwet",
        NTRIPLES,
        f"""DESCRIBE ?e WHERE {{
  VALUES ?e {{ {JEUGDWET} }}
  FILTER(!sameTerm(?e, <{NOOP}{TOKEN}>))
}}""",
    ),
)

#: Selection queries the harness asks the bare Oxigraph server before timing anything.
ENTITIES = """SELECT DISTINCT ?s WHERE {{
  ?s ?p ?o
  FILTER(STRSTARTS(STR(?s), "{base}id/"))
}}"""

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?label WHERE {{
  {{ ?s rdfs:label ?label }} UNION {{ ?s skos:prefLabel ?label }}
  FILTER(LANGMATCHES(LANG(?label), "nl"))
}}"""

WORD = re.compile(r"[a-zà-ÿ]{4,}")


def doc_path(iri: str, base: str) -> str:
    """``{base}id/wet/jeugdwet`` → ``/doc/wet/jeugdwet`` (percent-encoded where needed)."""
    return "/doc/" + quote(iri[len(base + "id/") :], safe="/-._~")


def search_words(labels: list[str]) -> list[str]:
    """Distinct lower-case words of at least four letters, in order of first appearance."""
    seen: dict[str, None] = {}
    for label in labels:
        for word in WORD.findall(label.lower()):
            seen.setdefault(word, None)
    return list(seen)


def slices(items: list[str], count: int, size: int, seed: int = 1) -> list[list[str]]:
    """``count`` disjoint random slices of at most ``size`` items (fewer when items run out)."""
    shuffled = sorted(items)
    random.Random(seed).shuffle(shuffled)
    size = max(1, min(size, len(shuffled) // max(count, 1)))
    return [shuffled[i * size : (i + 1) * size] for i in range(count)]


DATASET_LINK = re.compile(r'href="/datasets/([A-Za-z0-9._~%-]+)"')


def dataset_slugs(html: str) -> list[str]:
    """Slugs linked from the ``/datasets`` page (not the .csv/.ttl downloads)."""
    slugs = dict.fromkeys(DATASET_LINK.findall(html))
    return [s for s in slugs if not re.search(r"\.(csv|ttl|jsonld|svg|json)$", s)]


def rows(body: bytes, content_type: str) -> int:
    """Result rows of an answer: bindings of SPARQL JSON, triples of an RDF graph."""
    if "json" in content_type and body.lstrip().startswith(b"{") and b'"head"' in body:
        return len(json.loads(body)["results"]["bindings"])
    from rdflib import Graph

    text = body.lstrip()
    if text.startswith(b"<?xml") or text.startswith(b"<rdf:RDF"):
        fmt = "xml"  # rdflib-endpoint answers DESCRIBE in RDF/XML whatever is asked
    elif "turtle" in content_type:
        fmt = "turtle"
    else:
        fmt = "nt"
    return len(Graph().parse(data=body, format=fmt))
