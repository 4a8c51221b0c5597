"""Turn the open-government reference files in ``data/referentie/bronnen/`` into triples.

The TOOI registers (municipality versions, provinces, reorganisations), the CBS table of
2017 regions and the organisation register are kept in the project as their publishers
give them (their README records provenance, licence and checksums), so that updating one
is a file copy and a reader can compare our triples with the original. This module reads
them at build time and writes N-Triples for the named graph ``graph/referentie``; the
parse step loads that text like any source file, so shapes, dumps and the index see the
reference graph as they see the rest.

Everything is minted under the source base IRI and moved by ``rebase`` like the source
files. Nothing here is a fact the documents state: links from the documents' own
entities to reference entities are either mechanical (a document gemeente's CBS code
picks its 2017 version; an organisation's TOOI IRI picks its OIN) or written by hand,
with their source, in ``data/referentie/koppelingen.ttl``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from service.build.source_files import SourceFile
from service.namespaces import BASE, SDO, rebase

FOLDER = Path("data") / "referentie"
SOURCES = FOLDER / "bronnen"
GENERATED_NAME = "referentie-gegenereerd.nt"  # not on disk: the name errors and dumps give the text
GRAPH = "referentie"
DOCUMENTS_TIME = date(2017, 1, 1)

TOOIONT = "https://identifier.overheid.nl/tooi/def/ont/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
WIKIDATA = "http://www.wikidata.org/entity/"
SDO_NS = f"{BASE}def/"
ID = f"{BASE}id/"

#: reference source slug -> (Dutch label, English label, licence, where the publisher offers it)
REFERENCE_SOURCES = {
    "tooi-gemeenten-compleet-4": (
        "TOOI-register gemeenten compleet, versie 4 (zichtdatum 22 december 2022)",
        "TOOI register of municipalities, complete, version 4 (view date 22 December 2022)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://repository.officiele-overheidspublicaties.nl/waardelijsten/rwc_gemeenten_compleet/4/json/rwc_gemeenten_compleet_4.json",
    ),
    "tooi-provincies-compleet-1": (
        "TOOI-register provincies compleet, versie 1 (zichtdatum 15 november 2021)",
        "TOOI register of provinces, complete, version 1 (view date 15 November 2021)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://identifier.overheid.nl/tooi/set/rwc_provincies_compleet/1",
    ),
    "cbs-83553ned-gebieden-in-nederland-2017": (
        "CBS-tabel 83553NED Gebieden in Nederland 2017",
        "Statistics Netherlands table 83553NED Areas in the Netherlands 2017",
        "https://creativecommons.org/licenses/by/4.0/",
        "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/83553NED",
    ),
    "polder-organisaties": (
        "Register van overheidsorganisaties (ROO, TOOI, COR en Wikidata), samengesteld door het project polder",
        "Register of government organisations (ROO, TOOI, COR and Wikidata), compiled by the polder project",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://github.com/anneschuth/polder",
    ),
}

#: region kind -> (class, membership property, CBS file, Dutch and English name of the division)
DIVISIONS = {
    "arbeidsmarktregio": (
        "Arbeidsmarktregio",
        "inArbeidsmarktregio",
        "arbeidsmarktregios-2017.csv",
        "Arbeidsmarktregio's 2017",
        "Labour market regions 2017",
    ),
    "jeugdregio": (
        "Jeugdregio",
        "inJeugdregio",
        "jeugdregios-2017.csv",
        "Jeugdzorgregio's 2017",
        "Youth care regions 2017",
    ),
}
CHANGE_WORDS = {  # TOOI event type -> (our class, Dutch noun, English noun)
    "Samenvoeging": ("Samenvoeging", "Samenvoeging", "Merger"),
    "Uitbreiding": ("Uitbreiding", "Uitbreiding", "Expansion"),
    "Herschikking": ("Herschikking", "Herschikking", "Rearrangement"),
}


@dataclass
class Version:
    """One municipality version of the TOOI register, as far as we use it."""

    code: str  # four digits
    name: str
    official: str
    province: str  # two digits
    begin: str | None
    end: str | None

    @property
    def slug(self) -> str:
        return f"gm{self.code}"

    def valid_on(self, day: date) -> bool:
        """Whether the version existed on ``day`` (end dates are the last day, inclusive)."""
        text = day.isoformat()
        return (self.begin is None or self.begin <= text) and (self.end is None or text <= self.end)


@dataclass
class Change:
    """One reorganisation event: versions ended, created and continued."""

    tooi: str
    kind: str
    day: str
    ended: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    continued: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.tooi.rsplit("/", 1)[1].replace("_", "-")

    @property
    def successors(self) -> list[str]:
        return self.created + self.continued


class Triples:
    """N-Triples lines, written with the few term kinds the reference graph needs."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def iri(self, subject: str, predicate: str, target: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{target}> .")

    def text(self, subject: str, predicate: str, value: str, lang: str | None = None) -> None:
        suffix = f"@{lang}" if lang else ""
        self.lines.append(f"<{subject}> <{predicate}> {_quoted(value)}{suffix} .")

    def day(self, subject: str, predicate: str, value: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {_quoted(value)}^^<{XSD_DATE}> .")

    def labels(self, subject: str, dutch: str, english: str) -> None:
        """rdfs:label and skos:prefLabel in Dutch and English."""
        for predicate in (f"{RDFS}label", f"{SKOS}prefLabel"):
            self.text(subject, predicate, dutch, "nl")
            self.text(subject, predicate, english, "en")


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def sdo(name: str) -> str:
    """The IRI of an ontology term, checked against the closed namespace."""
    return str(getattr(SDO, name))


def sources(source_dir: Path, base_iri: str) -> list[SourceFile]:
    """The reference graph as one generated source file, or nothing without the reference files."""
    folder = source_dir / SOURCES
    if not folder.is_dir():
        return []
    text = "\n".join(generate(source_dir)) + "\n"
    return [SourceFile(folder / GENERATED_NAME, GRAPH, rebase(text, base_iri))]


def generate(source_dir: Path) -> list[str]:
    """Every N-Triples line of the generated reference graph, sorted (so a rebuild is byte-identical)."""
    folder = source_dir / SOURCES
    out = Triples()
    _reference_sources(out)
    _provinces(out, _tooi_nodes(folder / "tooi" / "rwc_provincies_compleet_1.json"))
    gemeente_nodes = _tooi_nodes(folder / "tooi" / "rwc_gemeenten_compleet_4.json")
    versions = {v.code: v for v in _versions(gemeente_nodes)}
    changes = list(_changes(gemeente_nodes))
    regions = _regions(out, folder / "cbs")
    membership = _read_csv(folder / "cbs" / "gemeente-regio-2017.csv")
    _versions_triples(out, versions, changes, membership)
    _changes_triples(out, versions, changes)
    _memberships(out, membership, regions)
    known = _known_graph(source_dir)
    _document_gemeenten(out, known, versions)
    _organisation_identifiers(out, known, _read_csv(folder / "polder-organisaties" / "index.csv"))
    return sorted(set(out.lines))


def _source_iri(slug: str) -> str:
    return f"{ID}referentiebron/{slug}"


def _reference_sources(out: Triples) -> None:
    for slug, (dutch, english, licence, page) in REFERENCE_SOURCES.items():
        subject = _source_iri(slug)
        out.iri(subject, RDF_TYPE, sdo("Referentiebron"))
        out.text(subject, f"{RDFS}label", dutch, "nl")
        out.text(subject, f"{RDFS}label", english, "en")
        out.iri(subject, f"{DCT}license", licence)
        out.iri(subject, f"{RDFS}seeAlso", page)


def _tooi_nodes(path: Path) -> list[dict]:
    """The nodes of a TOOI value list (expanded JSON-LD: one array of nodes)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _value(node: dict, name: str, namespace: str = TOOIONT) -> str | None:
    """The first value (literal or IRI) of a property of an expanded JSON-LD node."""
    values = node.get(namespace + name)
    if not values:
        return None
    first = values[0]
    return first.get("@value", first.get("@id"))


def _values(node: dict, name: str, namespace: str = PROV) -> list[str]:
    return sorted(v["@id"] for v in node.get(namespace + name, []))


def _is(node: dict, kind: str) -> bool:
    return TOOIONT + kind in node.get("@type", [])


def _code(tooi_iri: str) -> str:
    """'…/tooi/id/gemeente/gm0344' -> '0344'."""
    return tooi_iri.rsplit("/gm", 1)[1]


def _provinces(out: Triples, nodes: Iterable[dict]) -> None:
    source = _source_iri("tooi-provincies-compleet-1")
    for node in nodes:
        if not _is(node, "Provincie"):
            continue
        code = str(_value(node, "provinciecode"))
        subject = f"{ID}provincie/pv{code}"
        name = str(_value(node, "voorkeursnaamExclSoort"))
        out.iri(subject, RDF_TYPE, sdo("Provincie"))
        out.labels(subject, name, name)
        out.text(subject, sdo("cbsProvinciecode"), f"PV{code}")
        out.text(subject, sdo("afkorting"), str(_value(node, "afkorting")))
        out.iri(subject, str(OWL.sameAs), node["@id"])
        out.iri(subject, f"{DCT}source", source)


def _versions(nodes: Iterable[dict]) -> Iterator[Version]:
    for node in nodes:
        if _is(node, "Gemeente"):
            yield Version(
                code=str(_value(node, "gemeentecode")),
                name=str(_value(node, "voorkeursnaamExclSoort")),
                official=str(_value(node, "officieleNaamExclSoort")),
                province=_code_of_province(str(_value(node, "ligtInProvincie"))),
                begin=_value(node, "begindatum"),
                end=_value(node, "einddatum"),
            )


def _code_of_province(tooi_iri: str) -> str:
    return tooi_iri.rsplit("/pv", 1)[1]


def _changes(nodes: Iterable[dict]) -> Iterator[Change]:
    for node in nodes:
        kind = next((k for k in CHANGE_WORDS if _is(node, k)), None)
        if kind is None:
            continue
        yield Change(
            tooi=node["@id"],
            kind=kind,
            day=str(_value(node, "tijdstipWijziging"))[:10],
            ended=[_code(i) for i in _values(node, "invalidated")],
            created=[_code(i) for i in _values(node, "generated")],
            continued=[_code(i) for i in _values(node, "used")],
        )


def _version_iri(code: str) -> str:
    return f"{ID}gemeente/gm{code}"


def _versions_triples(
    out: Triples, versions: dict[str, Version], changes: list[Change], membership: list[dict]
) -> None:
    source = _source_iri("tooi-gemeenten-compleet-4")
    cbs_names = {row["gemeentecode"][2:]: row["gemeentenaam"] for row in membership}
    successors = _successors(changes)
    for version in versions.values():
        subject = _version_iri(version.code)
        out.iri(subject, RDF_TYPE, sdo("Gemeenteversie"))
        out.labels(subject, version.name, version.name)
        for other in sorted({version.official, cbs_names.get(version.code, version.name)} - {version.name}):
            out.text(subject, f"{SKOS}altLabel", other, "nl")
        out.text(subject, sdo("cbsGemeentecode"), f"GM{version.code}")
        out.text(subject, f"{SKOS}notation", f"GM{version.code}")
        out.iri(subject, str(OWL.sameAs), f"{TOOI_GEMEENTE}gm{version.code}")
        out.iri(subject, sdo("ligtInProvincie"), f"{ID}provincie/pv{version.province}")
        if version.begin:
            out.day(subject, sdo("geldigVanaf"), version.begin)
        if version.end:
            out.day(subject, sdo("geldigTot"), version.end)
        dutch, english = _describe(version, [versions[c] for c in successors.get(version.code, [])])
        out.text(subject, f"{DCT}description", dutch, "nl")
        out.text(subject, f"{DCT}description", english, "en")
        out.iri(subject, f"{DCT}source", source)


def _successors(changes: Iterable[Change]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for change in changes:
        for old in change.ended:
            found.setdefault(old, []).extend(c for c in change.successors if c != old)
    return found


def _describe(version: Version, successors: list[Version]) -> tuple[str, str]:
    """A one-line description that tells versions with the same name apart."""
    dutch = f"Gemeente {version.name} (GM{version.code})"
    english = f"Municipality of {version.name} (GM{version.code})"
    if version.begin:
        dutch += f", ontstaan op {version.begin}"
        english += f", created on {version.begin}"
    if version.end:
        dutch += f", bestond tot en met {version.end}"
        english += f", existed until {version.end}"
    if successors:
        names = ", ".join(f"{s.name} (GM{s.code})" for s in successors)
        dutch += f"; opgegaan in {names}"
        english += f"; went into {names}"
    return dutch + ".", english + "."


def _changes_triples(out: Triples, versions: dict[str, Version], changes: Iterable[Change]) -> None:
    source = _source_iri("tooi-gemeenten-compleet-4")
    for change in changes:
        subject = f"{ID}herindeling/{change.slug}"
        our_class, dutch_noun, english_noun = CHANGE_WORDS[change.kind]
        out.iri(subject, RDF_TYPE, sdo(our_class))
        dutch, english = _change_label(change, versions, dutch_noun, english_noun)
        out.text(subject, f"{RDFS}label", dutch, "nl")
        out.text(subject, f"{RDFS}label", english, "en")
        out.day(subject, sdo("datumHerindeling"), change.day)
        out.iri(subject, str(OWL.sameAs), change.tooi)
        out.iri(subject, f"{DCT}source", source)
        for predicate, codes in (
            ("invalidated", change.ended),
            ("generated", change.created),
            ("used", change.continued),
        ):
            for code in codes:
                out.iri(subject, PROV + predicate, _version_iri(code))
        for old in change.ended:
            for new in change.successors:
                if new != old:
                    out.iri(_version_iri(old), sdo("opgegaanIn"), _version_iri(new))
                    out.iri(_version_iri(new), sdo("ontstaanUit"), _version_iri(old))


def _change_label(change: Change, versions: dict[str, Version], dutch: str, english: str) -> tuple[str, str]:
    old = ", ".join(versions[c].name for c in change.ended)
    new = ", ".join(versions[c].name for c in change.successors)
    return (f"{dutch} {old} → {new} ({change.day})", f"{english} {old} → {new} ({change.day})")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _regions(out: Triples, folder: Path) -> dict[str, str]:
    """Mint the two 2017 divisions and their regions; returns CBS code -> region IRI."""
    source = _source_iri("cbs-83553ned-gebieden-in-nederland-2017")
    iris = {}
    for kind, (our_class, _, filename, dutch, english) in DIVISIONS.items():
        scheme = f"{ID}regio-indeling/{kind}s-2017"
        out.iri(scheme, RDF_TYPE, f"{SKOS}ConceptScheme")
        out.labels(scheme, dutch, english)
        out.iri(scheme, f"{DCT}source", source)
        for row in _read_csv(folder / filename):
            code = row["code"]
            subject = iris[code] = f"{ID}{kind}/{code.lower()}"
            out.iri(subject, RDF_TYPE, sdo(our_class))
            out.iri(subject, RDF_TYPE, f"{SKOS}Concept")
            out.labels(subject, row["naam"], row["naam"])
            out.text(subject, sdo("cbsRegiocode"), code)
            out.text(subject, f"{SKOS}notation", code)
            out.iri(subject, f"{SKOS}inScheme", scheme)
            out.iri(subject, f"{SKOS}topConceptOf", scheme)
            out.iri(subject, f"{DCT}source", source)
    return iris


def _memberships(out: Triples, membership: Iterable[dict], regions: dict[str, str]) -> None:
    for row in membership:
        subject = _version_iri(row["gemeentecode"][2:])
        out.iri(subject, sdo("inArbeidsmarktregio"), regions[row["arbeidsmarktregiocode"]])
        out.iri(subject, sdo("inJeugdregio"), regions[row["jeugdregiocode"]])
        out.iri(subject, f"{DCT}source", _source_iri("cbs-83553ned-gebieden-in-nederland-2017"))


def _known_graph(source_dir: Path) -> Graph:
    """The hand-written files whose entities the reference graph links to (kern and koppelingen)."""
    graph = Graph()
    for path in sorted((source_dir / "data" / "kern").glob("*.ttl")) + sorted(
        (source_dir / FOLDER).glob("*.ttl")
    ):
        graph.parse(path, format="turtle")
    return graph


def _document_gemeenten(out: Triples, known: Graph, versions: dict[str, Version]) -> None:
    """Each gemeente the documents name -> the register version valid on 1 January 2017."""
    for subject, code in known.subject_objects(URIRef(sdo("cbsGemeentecode"))):
        version = versions.get(str(code)[2:])
        if (
            version is not None
            and version.valid_on(DOCUMENTS_TIME)
            and not str(subject).startswith(f"{ID}gemeente/gm")
        ):
            out.iri(str(subject), sdo("gemeenteversie2017"), _version_iri(version.code))


def _organisation_identifiers(out: Triples, known: Graph, register: Iterable[dict]) -> None:
    """OIN and Wikidata for each organisation whose TOOI IRI the register lists."""
    by_tooi = {row["tooi"]: row for row in register if row["tooi"]}
    for subject, target in known.subject_objects(OWL.sameAs):
        row = by_tooi.get(str(target))
        if row is None:
            continue
        if row["oin"]:
            out.text(str(subject), sdo("oin"), row["oin"])
        if row["wikidata"]:
            out.iri(str(subject), f"{SKOS}exactMatch", WIKIDATA + row["wikidata"])
