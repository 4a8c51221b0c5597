"""Everything a page says about one resource, fetched with the named queries in ``queries/``.

Only asserted graphs are described (data, ontology, metadata; not ``graph/inferred``),
so a page shows what the sources say and not every superclass the reasoner adds.
Properties are grouped and ordered by ``vocabulary.GROUPS``; the source sections,
quotes and external identifiers get their own panels.

Every function takes the ``PageContext`` (store and links) it reads from.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from service import queries
from service.models import vocabulary
from service.models.context import PageContext
from service.models.links import Links, short_name, sparql_iri
from service.models.literals import format_literal
from service.store.built import BuiltStore, graph_names

INCOMING_PAGE = 50


@dataclass(frozen=True)
class Value:
    """One value as shown: text, a link when it may be one, and a hover title."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str = ""
    title: str = ""


@dataclass
class Row:
    predicate: str
    label: str
    definition: str
    href: str | None
    values: list[Value] = field(default_factory=list)


@dataclass
class Group:
    title: str
    rows: list[Row]


@dataclass
class Incoming:
    """The resources that point here with one property, one row per type of resource."""

    predicate: Row
    kinds: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    section: Value
    number: str
    title: str
    document: Value | None


@dataclass(frozen=True)
class Identifier:
    register: str
    value: Value


@dataclass
class Description:
    iri: str
    label: str
    label_en: str = ""
    types: list[Value] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    incoming: list[Incoming] = field(default_factory=list)
    incoming_total: int = 0
    incoming_page: int = 1
    taken_from: list[Group] = field(default_factory=list)
    edges: list[tuple[str, str, Value]] = field(default_factory=list)
    is_section: bool = False  # an ``sdo:Sectie`` of a source document


def graphs_clause(store: BuiltStore) -> str:
    """The asserted graphs of the build, as a SPARQL ``IN (…)`` list."""
    names = [g for g in _graphs(store) if not g.endswith("/graph/inferred")]
    return ", ".join(sparql_iri(g) for g in names) or "<urn:x-none>"


def _graphs(store: BuiltStore) -> list[str]:
    """The build's default graph; a scratch store names none, so each of its graphs is what it asserts."""
    if store.info.get("scratch"):
        return graph_names(store.store)
    return store.info.get("default_graph") or []


def _run(ctx: PageContext, name: str, iri: str, **values: object) -> list:
    text = queries.load(
        name, resource=sparql_iri(iri), graphs=graphs_clause(ctx.store), vocab=ctx.vocab, **values
    )
    return list(ctx.query(text))


def exists(ctx: PageContext, iri: str) -> bool:
    """True when the IRI is the subject or object of an asserted statement."""
    text = queries.load("exists", resource=sparql_iri(iri), graphs=graphs_clause(ctx.store))
    return bool(ctx.query(text))


def merged_into(ctx: PageContext, iri: str) -> str | None:
    """The entity an old, merged IRI now stands for, or None.

    A duplicate that was merged keeps its IRI as a node with only ``owl:sameAs`` the
    surviving entity (plus its labels and source), so links to the old IRI keep working;
    the site sends readers on to the survivor's page because SPARQL does not follow
    ``owl:sameAs``. An ``owl:sameAs`` to an outside register (TOOI, Wikidata) is no merge.
    """
    text = queries.load(
        "merged_into", resource=sparql_iri(iri), graphs=graphs_clause(ctx.store), id=ctx.links.base + "id/"
    )
    rows = list(ctx.query(text))
    return rows[0]["survivor"].value if rows else None


def value_of(links: Links, term: object, label: object = None, unit: object = None) -> Value:
    """A pyoxigraph term as a ``Value``: IRIs link and show their label, literals are formatted."""
    kind = type(term).__name__
    if kind == "NamedNode":
        iri = term.value  # type: ignore[attr-defined]
        text = label if isinstance(label, str) else label.value if label is not None else short_name(iri)  # type: ignore[attr-defined]
        return Value(text, links.href_for(iri), iri, title=iri)
    if kind == "BlankNode":
        return Value("(naamloos knooppunt)")
    datatype = term.datatype.value if term.datatype else None  # type: ignore[attr-defined]
    unit_slug = short_name(unit.value) if unit is not None else None  # type: ignore[attr-defined]
    text = format_literal(term.value, datatype, unit_slug)  # type: ignore[attr-defined]
    title = vocabulary.curie(datatype, links.base) if datatype else ""
    return Value(text, lang=term.language or "", title=title)  # type: ignore[attr-defined]


def _row(ctx: PageContext, predicate: str) -> Row:
    meta = vocabulary.info(ctx, predicate)
    return Row(predicate, meta.label, meta.definition, ctx.links.href_for(predicate))


def describe(ctx: PageContext, iri: str, incoming_page: int = 1) -> Description:
    """The whole page model of one resource."""
    found = Description(iri, short_name(iri))
    rows = _outgoing(ctx, found)
    found.is_section = any(t.iri == vocabulary.expand("sdo:Sectie", ctx.base) for t in found.types)
    found.groups = _grouped(ctx, rows)
    found.sources = [_source(ctx.links, s) for s in _run(ctx, "sources", iri)]
    _incoming(ctx, found, incoming_page)
    if found.is_section:
        found.taken_from = _taken_from(ctx, iri)
    return found


def _outgoing(ctx: PageContext, found: Description) -> dict[str, Row]:
    """Fill in title, types, quotes and identifiers; the other statements, as rows by predicate."""
    expand = lambda name: vocabulary.expand(name, ctx.base)  # noqa: E731
    shown_elsewhere = {expand(c) for c in (*vocabulary.TITLE, *vocabulary.TYPE, *vocabulary.SOURCE)}
    identifiers = {expand(c) for c in vocabulary.IDENTIFIERS}
    rows: dict[str, Row] = {}
    for solution in _run(ctx, "outgoing", found.iri):
        predicate = solution["p"].value
        value = value_of(ctx.links, solution["o"], solution["label"], solution["unit"])
        if predicate == expand("rdfs:label"):
            _title(found, value)
        elif predicate == expand("rdf:type"):
            found.types.append(value)
        elif predicate == expand("sdo:citaat"):
            found.quotes.append(value.text)
        elif predicate in identifiers:
            identifier = _identifier(ctx.base, predicate, value)
            if identifier not in found.identifiers:
                found.identifiers.append(identifier)
        if predicate not in shown_elsewhere and predicate not in identifiers:
            rows.setdefault(predicate, _row(ctx, predicate)).values.append(value)
            if value.iri:
                found.edges.append(("out", rows[predicate].label, value))
    return rows


def _title(found: Description, value: Value) -> None:
    if value.lang == "en":
        found.label_en = value.text
    elif value.lang in ("nl", "") and (found.label == short_name(found.iri) or value.lang == "nl"):
        found.label = value.text


def _identifier(base: str, predicate: str, value: Value) -> Identifier:
    name = vocabulary.curie(predicate, base)
    if name == "sdo:bwbId":
        url = f"https://wetten.overheid.nl/{value.text}"
        return Identifier("wetten.overheid.nl", Value(value.text, url, url, title=url))
    if name == "sdo:juriconnectId":
        url = f"https://wetten.overheid.nl/{value.text}"
        return Identifier("Juriconnect", Value(value.text, url, url, title=url))
    if name == "sdo:cbsGemeentecode":
        return Identifier("CBS-gemeentecode", value)
    host = urlsplit(value.iri or "").netloc
    register = vocabulary.REGISTERS.get(host)
    text = short_name(value.iri) if register and value.iri else value.iri or value.text
    return Identifier(register or host or name, Value(text, value.href, value.iri, title=value.iri or ""))


def _grouped(ctx: PageContext, rows: dict[str, Row]) -> list[Group]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for predicate in sorted(rows, key=lambda p: vocabulary.order_key(ctx, p)):
        row = rows[predicate]
        row.values.sort(key=lambda v: (v.lang != "nl", v.text.casefold()))
        groups[vocabulary.group_title(ctx, predicate)].append(row)
    return [Group(title, members) for title, members in groups.items()]


def _source(links: Links, solution: dict) -> Source:
    document = solution["document"]
    return Source(
        value_of(links, solution["section"], solution["title"]),
        solution["number"].value if solution["number"] else "",
        solution["title"].value if solution["title"] else "",
        value_of(links, document, solution["document_label"]) if document else None,
    )


def _incoming(ctx: PageContext, found: Description, page: int) -> None:
    skip = sparql_iri(vocabulary.expand("dct:source", ctx.base)) if found.is_section else "<urn:x-none>"
    count = _run(ctx, "incoming_count", found.iri, skip=skip)
    found.incoming_total = int(count[0]["n"].value) if count else 0
    # past the last page is the last page: an OFFSET beyond 64 bits is no SPARQL at all
    found.incoming_page = min(max(page, 1), max(1, math.ceil(found.incoming_total / INCOMING_PAGE)))
    offset = (found.incoming_page - 1) * INCOMING_PAGE
    groups: dict[str, Incoming] = {}
    for solution in _run(ctx, "incoming", found.iri, skip=skip, limit=INCOMING_PAGE, offset=offset):
        predicate = solution["p"].value
        group = groups.setdefault(predicate, Incoming(_row(ctx, predicate)))
        value = value_of(ctx.links, solution["s"], solution["label"])
        _kind_row(ctx, group, solution["kind"]).values.append(value)
        found.edges.append(("in", group.predicate.label, value))
    found.incoming = list(groups.values())


def _kind_row(ctx: PageContext, group: Incoming, kind: object) -> Row:
    """The row of one type within a property's group; the query orders by type, so it is the last or a new one."""
    iri = kind.value if kind is not None else ""  # type: ignore[attr-defined]
    if not group.kinds or group.kinds[-1].predicate != iri:
        group.kinds.append(_row(ctx, iri) if iri else Row("", "Zonder type", "", None))
    return group.kinds[-1]


#: Data Cube node types, in the order their groups close a section page, and the word that names each node
CUBE_KINDS = {
    "http://purl.org/linked-data/cube#DataSet": "",
    "http://purl.org/linked-data/cube#DataStructureDefinition": "Structuur",
    "http://purl.org/linked-data/cube#ComponentSpecification": "Component",
    "http://purl.org/linked-data/cube#Observation": "Observatie",
}


def _taken_from(ctx: PageContext, section: str) -> list[Group]:
    """What was taken from a section, by type: claims first, then other things, Data Cube nodes last."""
    groups: dict[str, list[Row]] = defaultdict(list)
    rank: dict[str, tuple[int, int, str]] = {}
    cube = list(CUBE_KINDS)
    for solution in _run(ctx, "taken_from", section):
        kind_iri = solution["kind"].value if solution["kind"] else ""
        kind = vocabulary.info(ctx, kind_iri).label if kind_iri else "?"
        is_claim = solution["claim"] is not None and solution["claim"].value == "true"
        order = (2, cube.index(kind_iri)) if kind_iri in CUBE_KINDS else (0, 0) if is_claim else (1, 0)
        rank[kind] = (*order, kind.casefold())
        value = value_of(ctx.links, solution["s"], solution["label"])
        value = _cube_name(value, CUBE_KINDS.get(kind_iri, ""), solution)
        row = Row(solution["s"].value, "", "", None, [value])
        if solution["quote"] is not None:
            row.definition = solution["quote"].value
        groups[kind].append(row)
    for rows in groups.values():
        rows.sort(key=lambda row: row.values[0].text.casefold())
    return [Group(kind, groups[kind]) for kind in sorted(groups, key=rank.__getitem__)]


def _cube_name(value: Value, word: str, solution: Any) -> Value:
    """A Data Cube node named by what it belongs to: "Observatie: <dataset>, <dimension values>"."""
    dataset = solution["dataset"].value if solution["dataset"] is not None else ""
    if not word or not dataset:
        return value
    detail = {"Component": solution["property"], "Observatie": solution["dimensions"]}.get(word)
    text = f"{word}: {dataset}" + (f", {detail.value}" if detail is not None and detail.value else "")
    return Value(text, value.href, value.iri, value.lang, value.title)


def twin_triples(ctx: PageContext, iri: str) -> Iterable[Any]:
    """The resource's RDF twin: what it says, its neighbours' labels, what points at it.

    Triples as the store gives them; ``service.render.twins.graph_of`` makes a graph of them.
    """
    text = queries.load("twin", resource=sparql_iri(iri), graphs=graphs_clause(ctx.store))
    return ctx.query(text)
