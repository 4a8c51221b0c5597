"""What a reader needs to know about predicates and classes: Dutch labels, definitions, order.

Labels and definitions of our own terms come from the ontology (``rdfs:label``,
``skos:definition``); terms of other vocabularies get a Dutch label from
``EXTERNAL_LABELS``. ``GROUPS`` orders properties the way a reader asks about a thing
(what is it, when, who, about what, how it relates) instead of alphabetically.

Prefixes, CURIEs and expansion depend on the base IRI of the build only; labels and
definitions are read from its store, so those functions take a ``PageContext``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from service import namespaces
from service.models.context import PageContext
from service.models.links import short_name

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
    # types of other vocabularies, as the search page names its hits
    "qb:DataSet": "dataset",
    "qb:Observation": "observatie",
    "qb:DataStructureDefinition": "datastructuur",
    "qb:ComponentSpecification": "component van een datastructuur",
    "skos:Concept": "begrip",
    "skos:ConceptScheme": "begrippenlijst",
    "owl:Class": "klasse",
    "owl:ObjectProperty": "relatie",
    "owl:DatatypeProperty": "eigenschap",
    "owl:AnnotationProperty": "annotatie",
    "foaf:page": "webpagina",
    "prov:wasDerivedFrom": "afgeleid van",
    "prov:wasRevisionOf": "herziening van",
    "prov:invalidated": "beëindigde",
    "prov:generated": "bracht voort",
    "prov:used": "breidde uit",
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
GROUPS: tuple[tuple[str, list[str]], ...] = (
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
            "sdo:betreftWet sdo:betreftArtikel sdo:betreftRegeling sdo:betreftDoelgroep sdo:betreftGemeente sdo:betreft sdo:staatVoor "
            "sdo:thema sdo:valtOnder sdo:bedientDoelgroep "
            "sdo:bediendDoor sdo:doelVan sdo:meetDoel sdo:vereistDoor sdo:verantwoordelijkeBestuurslaag"
        ).split(),
    ),
    (
        "Onderzoek",
        (
            "sdo:heeftBevinding sdo:bevindingVan sdo:beschrevenIn sdo:heeftAanbeveling sdo:aanbevelingVan sdo:evalueert "
            "sdo:geevalueerdIn"
        ).split(),
    ),
    (
        "Wetgeving",
        "sdo:artikelVan sdo:artikelnummer sdo:vervangt sdo:vervangenDoor sdo:neemtOp sdo:opgenomenIn sdo:splitstIn "
        "sdo:voortgekomenUit".split(),
    ),
    (
        "Samenhang",
        (
            "dct:isPartOf sdo:subdoelVan sdo:subgroepVan sdo:onderdeelVanRegeling dct:hasPart sdo:regelnummer skos:inScheme skos:topConceptOf skos:hasTopConcept "
            "skos:broader skos:narrower qb:dataSet qb:structure prov:wasDerivedFrom prov:wasRevisionOf"
        ).split(),
    ),
)
#: Shown elsewhere on the page: the title, the types, the source panel, the identifiers panel.
TITLE = ("rdfs:label",)
TYPE = ("rdf:type",)
SOURCE = ("dct:source", "sdo:citaat")
IDENTIFIERS = "owl:sameAs skos:exactMatch foaf:page rdfs:seeAlso sdo:bwbId sdo:juriconnectId sdo:cbsGemeentecode".split()

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


def prefixes(base: str) -> dict[str, str]:
    """Prefix map of a build with this base: ours moved to it, plus the common vocabularies."""
    return dict(_prefixes(base))


@lru_cache(maxsize=8)
def _prefixes(base: str) -> Mapping[str, str]:
    mapped = namespaces.prefixes(base)
    mapped.update(OTHER_PREFIXES)
    mapped.update({t.replace("-", ""): f"{base}id/{t}/" for t in ID_TYPES})
    return MappingProxyType(mapped)


def expand(name: str, base: str) -> str:
    """``sdo:thema`` -> the full IRI in a build with this base."""
    prefix, local = name.split(":", 1)
    return _prefixes(base)[prefix] + local


def curie(iri: str, base: str) -> str:
    """The shortest ``prefix:local`` for an IRI, or the IRI itself.

    >>> curie("https://example.org/def/Wet", "https://example.org/")
    'sdo:Wet'
    """
    for prefix, namespace in _longest_first(base):
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@lru_cache(maxsize=8)
def _longest_first(base: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_prefixes(base).items(), key=lambda item: -len(item[1])))


def info(ctx: PageContext, iri: str) -> TermInfo:
    """Label and definition of a predicate or class, in Dutch where we have it."""
    known = _ontology_terms(ctx).get(iri)
    if known:
        return known
    return TermInfo(iri, EXTERNAL_LABELS.get(curie(iri, ctx.base), short_name(iri)))


def order_key(ctx: PageContext, iri: str) -> tuple[int, int, str]:
    """Sort key placing a predicate in its group and at its place within the group."""
    name = curie(iri, ctx.base)
    for group_number, (_, members) in enumerate(GROUPS):
        if name in members:
            return group_number, members.index(name), ""
    return len(GROUPS), 0, info(ctx, iri).label


def group_title(ctx: PageContext, iri: str) -> str:
    number = order_key(ctx, iri)[0]
    return GROUPS[number][0] if number < len(GROUPS) else "Overig"


#: (build folder, base) -> the ontology's terms; a few builds at most (a swap brings a new one).
_TERMS: dict[tuple[Path, str], dict[str, TermInfo]] = {}
_TERMS_KEPT = 4


def _ontology_terms(ctx: PageContext) -> dict[str, TermInfo]:
    """Labels and definitions of every term in graph/ontology (cached per build folder and base)."""
    key = (ctx.store.folder, ctx.base)
    if key not in _TERMS:
        while len(_TERMS) >= _TERMS_KEPT:
            _TERMS.pop(next(iter(_TERMS)), None)
        _TERMS[key] = _read_terms(ctx)
    return _TERMS[key]


def _read_terms(ctx: PageContext) -> dict[str, TermInfo]:
    rows = ctx.query(
        "SELECT ?t ?p ?v WHERE { GRAPH <" + ctx.base + "graph/ontology> { ?t ?p ?v "
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
    return {iri: _term_info(iri, values) for iri, values in found.items()}


def _term_info(iri: str, values: dict[str, str]) -> TermInfo:
    kept = {k: v for k, v in values.items() if not k.endswith("_x")}
    kept.setdefault("label", kept.get("label_en") or short_name(iri))
    return TermInfo(iri, **kept)
