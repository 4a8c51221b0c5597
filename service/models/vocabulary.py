"""What a reader needs to know about predicates and classes: Dutch labels, definitions, order.

Labels and definitions of our own terms come from the ontology (``rdfs:label``,
``skos:definition``); terms of other vocabularies get a Dutch label from
``EXTERNAL_LABELS``. ``GROUPS`` orders properties the way a reader asks about a thing
(what is it, when, who, about what, how it relates) instead of alphabetically.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.namespaces import PREFIXES
from service.web.links import data_base, short_name
from service.web.store_access import get_store

#: Our /id/ types, each a prefix like ``wet:`` in the sources and in SPARQL.
ID_TYPES = (
    "wet regeling doelgroep gemeente organisatie samenwerkingsverband samenwerkingsvorm publicatie "
    "sectie bevinding aanbeveling doel indicator keuze verandering knelpunt goed-voorbeeld risico "
    "kwaliteitseis standaard norm kengetal thema bestuurslaag eenheid begrippenkader dataset observatie"
).split()
OTHER_PREFIXES = {
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "qb": "http://purl.org/linked-data/cube#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "dc": "http://purl.org/dc/elements/1.1/",
}

EXTERNAL_LABELS = {
    "rdf:type": "type",
    "rdfs:label": "naam",
    "rdfs:comment": "toelichting",
    "rdfs:seeAlso": "zie ook",
    "rdfs:isDefinedBy": "gedefinieerd in",
    "rdfs:subClassOf": "subklasse van",
    "dct:description": "beschrijving",
    "dct:source": "bron",
    "dct:title": "titel",
    "dct:isPartOf": "is onderdeel van",
    "dct:hasPart": "heeft onderdeel",
    "dct:issued": "verschenen",
    "dct:publisher": "uitgever",
    "dct:creator": "maker",
    "dct:license": "licentie",
    "dct:modified": "gewijzigd",
    "dct:created": "gemaakt",
    "dct:language": "taal",
    "skos:prefLabel": "voorkeursterm",
    "skos:altLabel": "andere term",
    "skos:definition": "definitie",
    "skos:notation": "notatie",
    "skos:scopeNote": "toepassing",
    "skos:inScheme": "in begrippenkader",
    "skos:topConceptOf": "topbegrip van",
    "skos:hasTopConcept": "heeft topbegrip",
    "skos:broader": "breder begrip",
    "skos:narrower": "smaller begrip",
    "skos:exactMatch": "komt overeen met",
    "owl:sameAs": "is hetzelfde als",
    "foaf:page": "webpagina",
    "prov:wasDerivedFrom": "afgeleid van",
    "prov:wasRevisionOf": "herziening van",
    "org:subOrganizationOf": "onderdeel van organisatie",
    "org:hasMember": "heeft lid",
    "qb:dataSet": "dataset",
    "qb:structure": "structuur",
    "void:triples": "aantal triples",
    "void:subset": "deelverzameling",
    "void:dataDump": "download",
    "void:sparqlEndpoint": "SPARQL-endpoint",
    "dcat:distribution": "distributie",
    "dcat:downloadURL": "downloadadres",
    "dcat:landingPage": "startpagina",
}

#: (group title, predicates in reading order); predicates not listed go to "Overig".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Beschrijving",
        (
            "sdo:afkorting skos:prefLabel skos:altLabel skos:notation dct:title sdo:sectienummer "
            "dct:description skos:definition rdfs:comment skos:scopeNote sdo:onderzoeksvraag "
            "sdo:normenkader sdo:taak sdo:tabeltitel sdo:tabelnummer"
        ).split(),
    ),
    (
        "Tijd",
        "dct:issued sdo:inWerkingVanaf sdo:ingangsdatum sdo:referentieperiode sdo:refPeriode sdo:onderzoeksperiode".split(),
    ),
    (
        "Cijfers",
        "sdo:waarde sdo:normwaarde sdo:eenheid sdo:normsoort sdo:referentiegrootheid sdo:heeftNorm".split(),
    ),
    (
        "Betrokkenen",
        (
            "sdo:auteur sdo:opdrachtgever dct:publisher sdo:gerichtAan sdo:deelnemer sdo:centrumgemeente "
            "sdo:samenwerkingsvorm sdo:betrokkenOrganisatie sdo:betrokkenPartij org:subOrganizationOf"
        ).split(),
    ),
    (
        "Onderwerp",
        (
            "sdo:betreftWet sdo:betreftGemeente sdo:betreft sdo:thema sdo:valtOnder sdo:bedientDoelgroep "
            "sdo:bediendDoor sdo:doelVan sdo:meetDoel sdo:vereistDoor sdo:verantwoordelijkeBestuurslaag"
        ).split(),
    ),
    (
        "Onderzoek",
        "sdo:heeftBevinding sdo:bevindingVan sdo:heeftAanbeveling sdo:aanbevelingVan sdo:evalueert sdo:geevalueerdIn".split(),
    ),
    (
        "Wetgeving",
        "sdo:vervangt sdo:vervangenDoor sdo:neemtOp sdo:opgenomenIn sdo:splitstIn sdo:voortgekomenUit".split(),
    ),
    (
        "Samenhang",
        (
            "dct:isPartOf dct:hasPart sdo:regelnummer skos:inScheme skos:topConceptOf skos:hasTopConcept "
            "skos:broader skos:narrower qb:dataSet qb:structure prov:wasDerivedFrom prov:wasRevisionOf"
        ).split(),
    ),
)
#: Shown elsewhere on the page: the title, the types, the source panel, the identifiers panel.
TITLE = ("rdfs:label",)
TYPE = ("rdf:type",)
SOURCE = ("dct:source", "sdo:citaat")
IDENTIFIERS = "owl:sameAs skos:exactMatch foaf:page rdfs:seeAlso sdo:bwbId sdo:cbsGemeentecode".split()

#: Host -> name of the register an external link points into.
REGISTERS = {
    "wetten.overheid.nl": "wetten.overheid.nl",
    "identifier.overheid.nl": "TOOI",
    "www.wikidata.org": "Wikidata",
    "wikidata.org": "Wikidata",
    "www.cbs.nl": "CBS",
    "opendata.cbs.nl": "CBS",
    "www.nvrr.nl": "NVRR-bibliotheek",
}


@dataclass(frozen=True)
class TermInfo:
    iri: str
    label: str
    label_en: str = ""
    definition: str = ""
    definition_en: str = ""


def prefixes() -> dict[str, str]:
    """Prefix map of the served build: ours moved to its base, plus the common vocabularies."""
    base = data_base()
    mapped = {p: ns.replace(PREFIXES["sdo"], base + "def/") for p, ns in PREFIXES.items()}
    mapped.update(OTHER_PREFIXES)
    mapped.update({t.replace("-", ""): f"{base}id/{t}/" for t in ID_TYPES})
    return mapped


def expand(curie: str) -> str:
    """``sdo:thema`` -> the full IRI in the served build."""
    prefix, local = curie.split(":", 1)
    return prefixes()[prefix] + local


def curie(iri: str) -> str:
    """The shortest ``prefix:local`` for an IRI, or the IRI itself."""
    for prefix, namespace in sorted(prefixes().items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def info(iri: str) -> TermInfo:
    """Label and definition of a predicate or class, in Dutch where we have it."""
    known = _ontology_terms(get_store().folder, data_base()).get(iri)
    if known:
        return known
    return TermInfo(iri, EXTERNAL_LABELS.get(curie(iri), short_name(iri)))


def order_key(iri: str) -> tuple[int, int, str]:
    """Sort key placing a predicate in its group and at its place within the group."""
    name = curie(iri)
    for group_number, (_, members) in enumerate(GROUPS):
        if name in members:
            return group_number, members.index(name), ""
    return len(GROUPS), 0, info(iri).label


def group_title(iri: str) -> str:
    number = order_key(iri)[0]
    return GROUPS[number][0] if number < len(GROUPS) else "Overig"


@lru_cache(maxsize=4)
def _ontology_terms(folder: Path, base: str) -> dict[str, TermInfo]:
    """Labels and definitions of every term in graph/ontology (cached per build folder)."""
    rows = get_store().query(
        "SELECT ?t ?p ?v WHERE { GRAPH <" + base + "graph/ontology> { ?t ?p ?v "
        "FILTER(?p IN (<http://www.w3.org/2000/01/rdf-schema#label>, "
        "<http://www.w3.org/2004/02/skos/core#definition>) && isIRI(?t)) } }"
    )
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        language = row["v"].language or "nl"
        key = ("label" if row["p"].value.endswith("label") else "definition") + (
            "" if language == "nl" else "_en" if language == "en" else "_x"
        )
        found.setdefault(row["t"].value, {})[key] = row["v"].value
    terms = {}
    for iri, values in found.items():
        kept = {k: v for k, v in values.items() if not k.endswith("_x")}
        kept.setdefault("label", kept.get("label_en") or short_name(iri))
        terms[iri] = TermInfo(iri, **kept)
    return terms
