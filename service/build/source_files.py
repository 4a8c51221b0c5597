"""Find the RDF files of the project and parse them, failing with file, line and message.

Each file belongs to a named graph: ``ontology/*`` to ``graph/ontology``,
``shapes/*`` to ``graph/shapes`` and ``data/<folder>/*`` to ``graph/<folder>``.
The source files are written with ``SOURCE_BASE_IRI``; when the configured base
differs, the text is rewritten before parsing, so one setting moves every IRI.
RDF/XML that declares a DTD or entities is refused before any parser reads it
(``service.sparql.rdf_xml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from service.namespaces import rebase
from service.sparql import formats, rdf_xml

#: suffix -> parser, for every suffix of the RDF formats the endpoint answers in (``.owl`` too)
RDF_SUFFIXES = {
    suffix: getattr(pyoxigraph.RdfFormat, fmt.oxigraph)
    for fmt in formats.of_kind(formats.GRAPH)
    for suffix in fmt.suffixes
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class SourceError(Exception):
    """A source file that does not parse; the message names file, line and problem."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str  # short graph name: "ontology", "shapes", "kern", "nvrr" …
    text: str

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


def graph_iri(base_iri: str, name: str) -> str:
    """The IRI of one of our named graphs."""
    return f"{base_iri}graph/{name}"


def discover(source_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every RDF file under ontology/, shapes/ and data/<folder>/, with its graph name."""
    for name in ("ontology", "shapes"):
        for path in sorted((source_dir / name).glob("*")):
            if path.suffix.lower() in RDF_SUFFIXES:
                yield path, name
    data = source_dir / "data"
    for folder in sorted(p for p in data.glob("*") if p.is_dir()):
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in RDF_SUFFIXES:
                yield path, folder.name


def read(path: Path, graph: str, base_iri: str) -> SourceFile:
    """Read one file, moving its IRIs to the configured base."""
    text = _text(path)
    text = rebase(text, base_iri)
    return SourceFile(path, graph, text)


def _text(path: Path) -> str:
    """The file as text; RDF/XML that declares a DTD or entities is refused before any parser sees it."""
    data = path.read_bytes()
    if RDF_SUFFIXES.get(path.suffix.lower()) == pyoxigraph.RdfFormat.RDF_XML:
        problem = rdf_xml.dtd_problem(data)
        if problem:
            raise SourceError(f"{path}: {problem}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: not UTF-8 text: {error}") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")  # line ends as text mode reads them


def triples(source: SourceFile) -> list[pyoxigraph.Triple]:
    """The file's triples, or SourceError with file, line and column for the first syntax error."""
    try:
        return list(
            pyoxigraph.parse(
                source.text.encode("utf-8"),
                format=RDF_SUFFIXES[source.suffix],
                base_iri=source.path.resolve().as_uri(),
                # a label such as _:b0 names a different node in every file
                rename_blank_nodes=True,
            )
        )
    except SyntaxError as error:
        raise SourceError(f"{source.path}:{_position(error)}: {error}") from error


def load_into(store: pyoxigraph.Store, source: SourceFile, graph: str) -> None:
    """Load the file into the named graph ``graph``.

    Oxigraph parses (and reports exact positions of syntax errors); its in-memory store
    takes a file in one call without Python objects per triple.
    """
    try:
        store.load(
            source.text.encode("utf-8"),
            format=RDF_SUFFIXES[source.suffix],
            base_iri=source.path.resolve().as_uri(),
            to_graph=pyoxigraph.NamedNode(graph),
        )
    except SyntaxError as error:
        raise SourceError(f"{source.path}:{_position(error)}: {error}") from error


def _position(error: SyntaxError) -> str:
    # pyoxigraph puts "line:column" in the message and sets lineno/offset
    return f"{error.lineno or '?'}"


def to_rdflib(sources: Iterable[SourceFile], graph: Graph | None = None) -> Graph:
    """The files as one rdflib graph (for pyshacl), parsed by Oxigraph.

    rdflib's own parsers took about 70 s per million triples; Oxigraph parses in a
    second or two, and turning its terms into rdflib terms (each distinct term once)
    is most of the rest. Blank nodes get fresh labels per file, so two files never share
    one. (Oxigraph reads ``"a"^^xsd:string`` and ``"a"`` as the same literal, as RDF 1.1
    says; both become a plain rdflib literal.)
    """
    graph = Graph() if graph is None else graph
    terms: dict[object, Node] = {}

    def term(node: object) -> Node:
        known = terms.get(node)
        if known is None:
            known = terms[node] = _rdflib_term(node)
        return known

    for source in sources:
        graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples(source))
    return graph


def _rdflib_term(node: object) -> Node:
    if isinstance(node, pyoxigraph.NamedNode):
        return URIRef(node.value)
    if isinstance(node, pyoxigraph.BlankNode):
        return BNode(node.value)
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == XSD_STRING:
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))
    raise SourceError(f"unsupported RDF term {node!r} (RDF-star triples are not used here)")


def read_all(source_dir: Path, base_iri: str) -> list[SourceFile]:
    """Read every source file (the build parses them as it loads them)."""
    return [read(path, graph, base_iri) for path, graph in discover(source_dir)]
