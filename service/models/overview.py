"""The numbers and lists of the home page, the class list and the sources page.

Counts use the SPARQL default graph, inferred triples included, so a class counts the
instances of its subclasses too (every ``Rekenkameronderzoek`` is an ``Onderzoek``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.models import vocabulary
from service.models.context import PageContext
from service.models.resource import Value, value_of

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


def class_counts(ctx: PageContext) -> list[ClassCount]:
    """Every class of our ontology that has instances, with their number."""
    rows = ctx.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
        f'FILTER(STRSTARTS(STR(?c), "{ctx.vocab}")) }} GROUP BY ?c ORDER BY DESC(?n)'
    )
    return [_class_count(ctx, row["c"].value, int(row["n"].value)) for row in rows]


def _class_count(ctx: PageContext, cls: str, count: int) -> ClassCount:
    meta = vocabulary.info(ctx, cls)
    value = Value(meta.label, ctx.links.href_for(cls), cls)
    return ClassCount(value, cls[len(ctx.vocab) :], count, meta.definition)


def with_prefixes(query: str, base: str) -> str:
    """The query with PREFIX lines for the prefixes it uses (moved to the base of the build)."""
    prefixes = vocabulary.prefixes(base)
    used = sorted(p for p in prefixes if re.search(rf"(?<![\w:]){re.escape(p)}:", query))
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in used) + query


def summary(ctx: PageContext) -> dict:
    """Everything the home page shows."""
    counts = {c.name: c for c in class_counts(ctx)}
    return {
        "triples": ctx.store.info.get("triples", 0),
        "built": ctx.store.info.get("built", ""),
        "main": [counts[name] for name in MAIN_CLASSES if name in counts],
        "all_classes": len(counts),
        "sources": source_sections(ctx, with_sections=False),
        "examples": [(question, with_prefixes(query, ctx.base)) for question, query in EXAMPLES],
    }


def source_sections(ctx: PageContext, with_sections: bool = True) -> list[SourceDocument]:
    """The source documents, each with its sections in document order and what came from them."""
    vocab = ctx.vocab
    documents: dict[str, SourceDocument] = {}
    for row in ctx.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/> "
        f"SELECT ?doc (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?description) WHERE {{ ?doc a <{vocab}Brondocument> "
        'OPTIONAL { ?doc rdfs:label ?l FILTER(langMatches(lang(?l), "nl")) } '
        "OPTIONAL { ?doc dct:description ?d } } GROUP BY ?doc ORDER BY ?label"
    ):
        description = row["description"].value if row["description"] else ""
        documents[row["doc"].value] = SourceDocument(
            value_of(ctx.links, row["doc"], row["label"]), description
        )
    if with_sections:
        _add_sections(ctx, documents)
    return list(documents.values())


def _add_sections(ctx: PageContext, documents: dict[str, SourceDocument]) -> None:
    vocab = ctx.vocab
    rows = ctx.query(
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
            section = value_of(ctx.links, row["sec"], row["title"])
            document.sections.append(Section(section, number, int(row["n"].value)))
