"""The numbers and lists of the home page, the class list and the sources page.

Counts use the SPARQL default graph, inferred triples included, so a class counts the
instances of its subclasses too (every ``Rekenkameronderzoek`` is an ``Onderzoek``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.models import vocabulary
from service.models.resource import Value, value_of
from service.web.links import data_base, href_for
from service.web.store_access import get_store

#: The classes a newcomer meets first, in the order the home page lists them.
MAIN_CLASSES = (
    "Wet Regeling Doelgroep Gemeente Rekenkamer Organisatie Samenwerkingsverband Onderzoek "
    "Bevinding Aanbeveling Beleidsdoel Indicator Knelpunt GoedVoorbeeld Risico Kengetal Sectie"
).split()

#: Example questions with the SPARQL that answers each (prefixes added at render time).
EXAMPLES = (
    (
        "Welke rekenkameronderzoeken zijn er, per gemeente?",
        "SELECT ?onderzoek ?titel ?gemeente WHERE {\n  ?onderzoek a sdo:Rekenkameronderzoek ; rdfs:label ?titel .\n"
        "  OPTIONAL { ?onderzoek sdo:betreftGemeente/rdfs:label ?gemeente }\n} ORDER BY ?gemeente",
    ),
    (
        "Welke bevindingen gaan over de Participatiewet, met citaat en bron?",
        "SELECT ?bevinding ?label ?citaat ?sectie WHERE {\n  ?bevinding a sdo:Bevinding ; rdfs:label ?label ;\n"
        "    sdo:betreftWet wet:participatiewet ; dct:source ?sectie .\n  OPTIONAL { ?bevinding sdo:citaat ?citaat }\n}",
    ),
    (
        "Welke wetten gingen op in de nieuwe wetten van 2015?",
        "SELECT ?oud ?nieuw WHERE {\n  ?oud a sdo:Wet ; sdo:opgenomenIn|sdo:vervangenDoor|^sdo:splitstIn ?nieuw .\n}",
    ),
    (
        "Hoeveel uitspraken komen uit elke sectie van de bronnen?",
        "SELECT ?sectie ?nummer (COUNT(?x) AS ?uitspraken) WHERE {\n  ?x dct:source ?sectie .\n"
        "  ?sectie sdo:sectienummer ?nummer .\n} GROUP BY ?sectie ?nummer ORDER BY DESC(?uitspraken)",
    ),
)


@dataclass
class ClassCount:
    cls: Value
    name: str
    count: int
    definition: str = ""


@dataclass
class Section:
    section: Value
    number: str
    items: int


@dataclass
class SourceDocument:
    document: Value
    description: str = ""
    sections: list[Section] = field(default_factory=list)


def class_counts() -> list[ClassCount]:
    """Every class of our ontology that has instances, with their number."""
    vocab = data_base() + "def/"
    rows = get_store().query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
        f'FILTER(STRSTARTS(STR(?c), "{vocab}")) }} GROUP BY ?c ORDER BY DESC(?n)'
    )
    counts = []
    for row in rows:
        meta = vocabulary.info(row["c"].value)
        value = Value(meta.label, href_for(row["c"].value), row["c"].value)
        counts.append(ClassCount(value, row["c"].value[len(vocab) :], int(row["n"].value), meta.definition))
    return counts


def with_prefixes(query: str) -> str:
    """The query with PREFIX lines for the prefixes it uses (moved to the served base)."""
    used = sorted(p for p in vocabulary.prefixes() if re.search(rf"(?<![\w:]){re.escape(p)}:", query))
    return "".join(f"PREFIX {p}: <{vocabulary.prefixes()[p]}>\n" for p in used) + query


def summary() -> dict:
    """Everything the home page shows."""
    built = get_store()
    counts = {c.name: c for c in class_counts()}
    return {
        "triples": built.info.get("triples", 0),
        "built": built.info.get("built", ""),
        "main": [counts[name] for name in MAIN_CLASSES if name in counts],
        "all_classes": len(counts),
        "sources": source_sections(with_sections=False),
        "examples": [(question, with_prefixes(query)) for question, query in EXAMPLES],
    }


def source_sections(with_sections: bool = True) -> list[SourceDocument]:
    """The source documents, each with its sections in document order and what came from them."""
    vocab = data_base() + "def/"
    documents: dict[str, SourceDocument] = {}
    for row in get_store().query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/> "
        f"SELECT ?doc (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?description) WHERE {{ ?doc a <{vocab}Brondocument> "
        'OPTIONAL { ?doc rdfs:label ?l FILTER(langMatches(lang(?l), "nl")) } '
        "OPTIONAL { ?doc dct:description ?d } } GROUP BY ?doc ORDER BY ?label"
    ):
        description = row["description"].value if row["description"] else ""
        documents[row["doc"].value] = SourceDocument(value_of(row["doc"], row["label"]), description)
    if with_sections:
        _add_sections(documents, vocab)
    return list(documents.values())


def _add_sections(documents: dict[str, SourceDocument], vocab: str) -> None:
    rows = get_store().query(
        "PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?doc ?sec (SAMPLE(?nr) AS ?number) (SAMPLE(?t) AS ?title) (SAMPLE(?line) AS ?order) "
        "(COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f"?sec a <{vocab}Sectie> ; dct:isPartOf+ ?doc . ?doc a <{vocab}Brondocument> . "
        f"OPTIONAL {{ ?sec <{vocab}sectienummer> ?nr }} OPTIONAL {{ ?sec dct:title ?t }} "
        f"OPTIONAL {{ ?sec <{vocab}regelnummer> ?line }} OPTIONAL {{ ?x dct:source ?sec }} }} "
        "GROUP BY ?doc ?sec ORDER BY ?doc ?order"
    )
    for row in rows:
        document = documents.get(row["doc"].value)
        if document is not None:
            number = row["number"].value if row["number"] else ""
            section = value_of(row["sec"], row["title"])
            document.sections.append(Section(section, number, int(row["n"].value)))
