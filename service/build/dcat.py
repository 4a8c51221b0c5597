"""Describe the published dataset for data portals, in DCAT-AP-NL 3.0 (the Dutch DCAT profile).

The catalogue (``dcat:Catalog``) holds one dataset, the knowledge graph, with a
``dcat:Distribution`` for every dump and one for the SPARQL endpoint, which is also
described as a ``dcat:DataService``. Publisher and contact point come from the
settings; themes, languages, access rights, spatial coverage and file types are
IRIs of the EU vocabularies the profile prescribes; the temporal coverage is the
span of the figures' reference periods and the applicable legislation is the laws
the source documents are about, both read from the store (all its graphs as one: the
build has emptied the default graph by then), so they follow the data.

Checksums and sizes are given only for files that do not hold the description
itself: the Turtle dump of each graph but ``graph/metadata``. The all-graph dumps and
``metadata.ttl`` contain this description, so a checksum of one of them inside it
would have to predict its own value (README, *Dumps*). The class-range shapes of
the profile check types, so every value that has a class range is typed here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from service.build.dumps import DUMP_FILES, graph_file
from service.build.void import RDF_TYPE, dataset_iri
from service.sparql import formats
from service.store.built import solutions

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
DCATAP = "http://data.europa.eu/r5r/"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

#: The profile this description follows, and the standard the endpoint speaks.
DCAT_AP_NL = "https://docs.geostandaarden.nl/dcat/dcat-ap-nl30/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
#: EU data themes: population and society; government and public sector.
THEMES = (EU + "data-theme/SOCI", EU + "data-theme/GOVE")
LANGUAGES = (EU + "language/NLD", EU + "language/ENG")
NETHERLANDS = EU + "country/NLD"
PUBLIC = EU + "access-right/PUBLIC"
#: EU file types of the dump formats, by media type.
FILE_TYPES = {
    formats.TURTLE.media_type: "RDF_TURTLE",
    formats.TRIG.media_type: "RDF_TRIG",
    formats.N_QUADS.media_type: "RDF_N_QUADS",
    formats.N_TRIPLES.media_type: "RDF_N_TRIPLES",
    formats.JSON_LD.media_type: "JSON_LD",
}
KEYWORDS = ("sociaal domein", "decentralisaties", "Participatiewet", "Jeugdwet", "Wmo 2015", "rekenkamers")
DEFAULT_PUBLISHER_NAME = "Sociaal Domein Kennisgraaf"
METADATA_DUMP = graph_file("graph/metadata")

TITLE = {"nl": "Sociaal Domein Kennisgraaf", "en": "Social Domain Knowledge Graph"}
DESCRIPTION = {
    "nl": "De drie decentralisaties in het sociaal domein (Participatiewet, Jeugdwet, Wmo 2015) "
    "als linked data, met bron en citaat bij elk feit.",
    "en": "The three decentralisations in the Dutch social domain (Participation Act, Youth Act, "
    "Social Support Act 2015) as linked data, with the source and a quote for every fact.",
}
SERVICE_DESCRIPTION = {
    "nl": "SPARQL 1.1-endpoint over de hele kennisgraaf: elke vraag in SPARQL, antwoorden in JSON, XML, "
    "CSV, TSV of RDF.",
    "en": "SPARQL 1.1 endpoint over the whole knowledge graph: any question in SPARQL, answers in JSON, "
    "XML, CSV, TSV or RDF.",
}
SOURCE_DOCUMENTS = ("publicatie/nvrr-informatiedocument-3ds-2017", "publicatie/vgn-monitor-transities-7")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the dataset and how to reach them (settings ``PUBLISHER``, ``CONTACT_*``)."""

    iri: str = ""  # empty: the project itself, ``{base}id/uitgever/kennisgraaf``
    name: str = DEFAULT_PUBLISHER_NAME
    email: str = ""
    url: str = ""  # empty: the site's home page


@dataclass(frozen=True)
class DumpFile:
    """A dump whose bytes are known when the description is written: its size and SHA-256."""

    name: str
    size: int
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> DumpFile:
        return cls(name, len(data), hashlib.sha256(data).hexdigest())


def describe(
    store: pyoxigraph.Store,
    base_iri: str,
    license_iri: str,
    publisher: Publisher,
    checked: list[DumpFile],
) -> list[Quad]:
    """The DCAT-AP-NL description, as quads in graph/metadata; ``checked`` are the per-graph dumps."""
    nodes = _Nodes(base_iri, publisher)
    triples = _catalogue(nodes, license_iri)
    triples += _dataset(store, nodes, license_iri)
    triples += _service(nodes, license_iri)
    triples += _agents(nodes, publisher)
    triples += _vocabularies(nodes)
    triples += _dump_distributions(nodes, license_iri, checked)
    triples += _sparql_distribution(nodes, license_iri)
    target = NamedNode(f"{base_iri}graph/metadata")
    return [Quad(s, p, o, target) for s, p, o in triples]


class _Nodes:
    """The IRIs of the description, minted under the build's base."""

    def __init__(self, base: str, publisher: Publisher) -> None:
        self.base = base
        self.catalogue = NamedNode(f"{base}id/catalogus/kennisgraaf")
        self.dataset = NamedNode(dataset_iri(base))
        self.service = NamedNode(f"{base}id/dienst/sparql")
        self.publisher = NamedNode(publisher.iri or f"{base}id/uitgever/kennisgraaf")
        self.contact = NamedNode(f"{base}id/contactpunt/kennisgraaf")
        self.home = NamedNode(base)
        self.endpoint = NamedNode(f"{base}sparql")
        self.ontology = NamedNode(f"{base}def/")


def _dcat(term: str) -> NamedNode:
    return NamedNode(DCAT + term)


def _dct(term: str) -> NamedNode:
    return NamedNode(DCT + term)


def _xsd(term: str) -> NamedNode:
    return NamedNode(XSD + term)


def _texts(node: NamedNode, prop: NamedNode, texts: dict[str, str]) -> list[tuple]:
    """One language-tagged literal per language: Dutch first, English beside it."""
    return [(node, prop, Literal(text, language=language)) for language, text in texts.items()]


def _each(node: NamedNode, prop: NamedNode, iris: tuple[str, ...]) -> list[tuple]:
    return [(node, prop, NamedNode(iri)) for iri in iris]


def _shared(node: NamedNode, nodes: _Nodes, license_iri: str) -> list[tuple]:
    """What catalogue, dataset and service say alike: who, for whom, in which languages, under what licence."""
    return [
        (node, _dct("publisher"), nodes.publisher),
        (node, _dct("creator"), nodes.publisher),
        (node, _dcat("contactPoint"), nodes.contact),
        (node, _dct("license"), NamedNode(license_iri)),
        *_each(node, _dct("language"), LANGUAGES),
    ]


def _catalogue(nodes: _Nodes, license_iri: str) -> list[tuple]:
    """The catalogue: what a portal harvests first, naming the dataset, the service and the profile."""
    node = nodes.catalogue
    return [
        (node, RDF_TYPE, _dcat("Catalog")),
        *_texts(
            node,
            _dct("title"),
            {k: f"Catalogus {v}" if k == "nl" else f"{v} catalogue" for k, v in TITLE.items()},
        ),
        *_texts(node, _dct("description"), DESCRIPTION),
        *_shared(node, nodes, license_iri),
        (node, NamedNode(FOAF + "homepage"), nodes.home),
        (node, _dcat("dataset"), nodes.dataset),
        (node, _dcat("service"), nodes.service),
        (node, _dcat("themeTaxonomy"), NamedNode(EU + "data-theme")),
        (node, _dct("spatial"), NamedNode(NETHERLANDS)),
        (node, _dct("conformsTo"), NamedNode(DCAT_AP_NL)),
        (NamedNode(DCAT_AP_NL), RDF_TYPE, _dct("Standard")),
        (NamedNode(DCAT_AP_NL), _dct("title"), Literal("DCAT-AP-NL 3.0", language="nl")),
    ]


def _dataset(store: pyoxigraph.Store, nodes: _Nodes, license_iri: str) -> list[tuple]:
    """The knowledge graph as a ``dcat:Dataset``: the mandatory properties, themes, coverage and legislation."""
    node = nodes.dataset
    triples = [
        (node, RDF_TYPE, _dcat("Dataset")),
        (node, _dct("identifier"), Literal(node.value)),
        *_texts(node, _dct("title"), TITLE),
        *_texts(node, _dct("description"), DESCRIPTION),
        *_shared(node, nodes, license_iri),
        (node, _dct("accessRights"), NamedNode(PUBLIC)),
        *_each(node, _dcat("theme"), THEMES),
        (node, _dct("spatial"), NamedNode(NETHERLANDS)),
        (node, _dct("conformsTo"), nodes.ontology),
        (node, _dcat("landingPage"), nodes.home),
        (node, NamedNode(FOAF + "page"), nodes.ontology),
        *[(node, _dcat("keyword"), Literal(word, language="nl")) for word in KEYWORDS],
        *[(node, _dct("source"), NamedNode(f"{nodes.base}id/{doc}")) for doc in SOURCE_DOCUMENTS],
    ]
    return triples + _temporal(store, node, nodes.base) + _legislation(store, node, nodes.base)


def _service(nodes: _Nodes, license_iri: str) -> list[tuple]:
    """The SPARQL endpoint as a ``dcat:DataService`` that serves the dataset."""
    node = nodes.service
    protocol = NamedNode(SPARQL_PROTOCOL)
    return [
        (node, RDF_TYPE, _dcat("DataService")),
        (node, _dct("identifier"), Literal(node.value)),
        *_texts(node, _dct("title"), {"nl": "SPARQL-endpoint", "en": "SPARQL endpoint"}),
        *_texts(node, _dct("description"), SERVICE_DESCRIPTION),
        *_shared(node, nodes, license_iri),
        (node, _dct("accessRights"), NamedNode(PUBLIC)),
        *_each(node, _dcat("theme"), THEMES),
        *[(node, _dcat("keyword"), Literal(word, language="nl")) for word in ("SPARQL", *KEYWORDS)],
        (node, _dcat("endpointURL"), nodes.endpoint),
        # the endpoint answers a GET without a query with its SPARQL 1.1 Service Description
        (node, _dcat("endpointDescription"), nodes.endpoint),
        (node, _dcat("landingPage"), nodes.endpoint),
        (nodes.endpoint, RDF_TYPE, NamedNode(FOAF + "Document")),
        (node, _dcat("servesDataset"), nodes.dataset),
        (node, _dct("conformsTo"), protocol),
        (protocol, RDF_TYPE, _dct("Standard")),
        (protocol, _dct("title"), Literal("SPARQL 1.1 Protocol", language="en")),
    ]


def _agents(nodes: _Nodes, publisher: Publisher) -> list[tuple]:
    """The publisher (``foaf:Agent``) and the contact point (``vcard:Kind``)."""
    url = NamedNode(publisher.url or nodes.base)
    triples = [
        (nodes.publisher, RDF_TYPE, NamedNode(FOAF + "Agent")),
        (nodes.publisher, NamedNode(FOAF + "name"), Literal(publisher.name, language="nl")),
        (nodes.publisher, NamedNode(FOAF + "homepage"), url),
        (nodes.contact, RDF_TYPE, NamedNode(VCARD + "Kind")),
        (nodes.contact, NamedNode(VCARD + "fn"), Literal(publisher.name, language="nl")),
        (nodes.contact, NamedNode(VCARD + "hasURL"), url),
    ]
    if publisher.email:
        triples.append((nodes.contact, NamedNode(VCARD + "hasEmail"), NamedNode(f"mailto:{publisher.email}")))
    return triples


def _vocabularies(nodes: _Nodes) -> list[tuple]:
    """The classes the profile's class ranges ask for, of the EU vocabulary values and our pages."""
    concepts = [(NamedNode(t), RDF_TYPE, NamedNode(SKOS + "Concept")) for t in THEMES]
    concepts += [(NamedNode(t), NamedNode(SKOS + "inScheme"), NamedNode(EU + "data-theme")) for t in THEMES]
    return [
        *concepts,
        *[(NamedNode(language), RDF_TYPE, _dct("LinguisticSystem")) for language in LANGUAGES],
        (NamedNode(NETHERLANDS), RDF_TYPE, _dct("Location")),
        (NamedNode(PUBLIC), RDF_TYPE, _dct("RightsStatement")),
        (nodes.ontology, RDF_TYPE, _dct("Standard")),
        (nodes.ontology, RDF_TYPE, NamedNode(FOAF + "Document")),
        (nodes.home, RDF_TYPE, NamedNode(FOAF + "Document")),
    ]


_PERIODS = """SELECT DISTINCT ?period WHERE { ?observation <%s> ?period FILTER(isLiteral(?period)) }"""


def _temporal(store: pyoxigraph.Store, dataset: NamedNode, base: str) -> list[tuple]:
    """``dct:temporal``: from the start of the earliest reference period of a figure to the end of the latest."""
    spans = [
        span
        for row in solutions(store.query(_PERIODS % f"{base}def/refPeriode", use_default_graph_as_union=True))
        if (span := period_span(row["period"]))
    ]
    if not spans:
        return []
    period = BlankNode()
    return [
        (dataset, _dct("temporal"), period),
        (period, RDF_TYPE, _dct("PeriodOfTime")),
        (period, _dcat("startDate"), Literal(min(s for s, _ in spans).isoformat(), datatype=_xsd("date"))),
        (period, _dcat("endDate"), Literal(max(e for _, e in spans).isoformat(), datatype=_xsd("date"))),
    ]


def period_span(literal: Literal) -> tuple[date, date] | None:
    """First and last day of a period given as xsd:gYear, xsd:gYearMonth or xsd:date; None for others.

    >>> period_span(Literal("2016-04", datatype=NamedNode(XSD + "gYearMonth")))
    (datetime.date(2016, 4, 1), datetime.date(2016, 4, 30))
    """
    kind, text = literal.datatype.value.removeprefix(XSD), literal.value
    try:
        if kind == "gYear":
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if kind == "gYearMonth":
            year, month = int(text[:4]), int(text[5:7])
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(following.toordinal() - 1)
        if kind == "date":
            day = date.fromisoformat(text[:10])
            return day, day
    except ValueError:  # a malformed lexical form says nothing about the period
        return None
    return None


_LAWS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?bwb ?title WHERE {
  ?document a <%(vocab)sBrondocument> ; <%(vocab)sbetreftWet> ?law .
  ?law skos:exactMatch ?bwb FILTER(STRSTARTS(STR(?bwb), "https://wetten.overheid.nl/BWB"))
  OPTIONAL { ?law rdfs:label ?title FILTER(langMatches(lang(?title), "nl")) }
} ORDER BY ?bwb"""


def _legislation(store: pyoxigraph.Store, dataset: NamedNode, base: str) -> list[tuple]:
    """``dcatap:applicableLegislation``: the wetten.overheid.nl IRIs of the laws the source documents are about."""
    triples: list[tuple] = []
    for row in solutions(store.query(_LAWS % {"vocab": f"{base}def/"}, use_default_graph_as_union=True)):
        law = row["bwb"]
        triples += [
            (dataset, NamedNode(DCATAP + "applicableLegislation"), law),
            (law, RDF_TYPE, NamedNode(ELI + "LegalResource")),
        ]
        if row["title"] is not None:
            triples.append((law, _dct("title"), row["title"]))
    return triples


def _distribution(nodes: _Nodes, name: str, license_iri: str) -> tuple[NamedNode, list[tuple]]:
    """What every distribution says: type, licence, languages, the schema its data follows
    (the ontology; for ``metadata.ttl``, this description, the profile)."""
    node = NamedNode(f"{nodes.base}id/distributie/{name.replace('.', '-')}")
    schema = NamedNode(DCAT_AP_NL) if name == METADATA_DUMP else nodes.ontology
    return node, [
        (nodes.dataset, _dcat("distribution"), node),
        (node, RDF_TYPE, _dcat("Distribution")),
        (node, _dct("license"), NamedNode(license_iri)),
        (node, _dct("conformsTo"), schema),
        *_each(node, _dct("language"), LANGUAGES),
    ]


def _dump_distributions(nodes: _Nodes, license_iri: str, checked: list[DumpFile]) -> list[tuple]:
    """One distribution per dump file: the all-graph dumps, then each graph's Turtle (metadata's too)."""
    files = {name: (fmt, title) for name, (fmt, title) in DUMP_FILES.items()}
    for dump in [*checked, DumpFile(METADATA_DUMP, 0, "")]:
        files[dump.name] = (
            formats.TURTLE,
            f"Graaf {dump.name.removesuffix(formats.TURTLE.suffix)} als Turtle",
        )
    known = {dump.name: dump for dump in checked}
    triples: list[tuple] = []
    for name, (fmt, title) in files.items():
        node, common = _distribution(nodes, name, license_iri)
        triples += common + [
            (node, _dct("title"), Literal(title, language="nl")),
            (node, _dcat("downloadURL"), NamedNode(f"{nodes.base}dumps/{name}")),
            (node, _dcat("accessURL"), NamedNode(f"{nodes.base}downloads")),
            (node, _dcat("mediaType"), NamedNode(IANA + fmt.media_type)),
            (node, _dct("format"), NamedNode(EU + "file-type/" + FILE_TYPES[fmt.media_type])),
        ]
        if name.endswith(".gz"):
            triples.append((node, _dcat("compressFormat"), NamedNode(IANA + "application/gzip")))
        if name in known:
            triples += _checksum(node, known[name])
    return triples


def _checksum(node: NamedNode, dump: DumpFile) -> list[tuple]:
    """Size and SHA-256 (``spdx:checksum``, as DCAT-AP writes it) of a file whose bytes were described."""
    checksum = BlankNode()
    return [
        (node, _dcat("byteSize"), Literal(str(dump.size), datatype=_xsd("nonNegativeInteger"))),
        (node, NamedNode(SPDX + "checksum"), checksum),
        (checksum, RDF_TYPE, NamedNode(SPDX + "Checksum")),
        (checksum, NamedNode(SPDX + "algorithm"), NamedNode(SPDX + "checksumAlgorithm_sha256")),
        (checksum, NamedNode(SPDX + "checksumValue"), Literal(dump.sha256, datatype=_xsd("hexBinary"))),
    ]


def _sparql_distribution(nodes: _Nodes, license_iri: str) -> list[tuple]:
    """The endpoint as a way to reach the data: ``dcat:accessService`` names the data service."""
    node, common = _distribution(nodes, "sparql", license_iri)
    return common + [
        *_texts(node, _dct("title"), {"nl": "SPARQL-endpoint", "en": "SPARQL endpoint"}),
        (node, _dcat("accessURL"), nodes.endpoint),
        (node, _dcat("accessService"), nodes.service),
    ]
