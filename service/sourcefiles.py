"""Find the RDF files of the project and parse them, failing with file, line and message.

Each file belongs to a named graph: ``ontology/*`` to ``graph/ontology``,
``shapes/*`` to ``graph/shapes`` and ``data/<folder>/*`` to ``graph/<folder>``.
The source files are written with ``SOURCE_BASE_IRI``; when the configured base
differs, the text is rewritten before parsing, so one setting moves every IRI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from service.settings import SOURCE_BASE_IRI

RDF_SUFFIXES = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld"}


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
    for folder in ("ontology", "shapes"):
        for path in sorted((source_dir / folder).glob("*")):
            if path.suffix.lower() in RDF_SUFFIXES:
                yield path, folder
    data = source_dir / "data"
    for folder in sorted(p for p in data.glob("*") if p.is_dir()):
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in RDF_SUFFIXES:
                yield path, folder.name


def read(path: Path, graph: str, base_iri: str) -> SourceFile:
    """Read one file, moving its IRIs to the configured base."""
    text = path.read_text(encoding="utf-8")
    if base_iri != SOURCE_BASE_IRI:
        text = text.replace(SOURCE_BASE_IRI, base_iri)
    return SourceFile(path, graph, text)


def check_syntax(source: SourceFile) -> None:
    """Raise SourceError with file, line and column for the first syntax error.

    Oxigraph's parsers report exact positions, so they are asked first; rdflib
    then parses the same text for validation.
    """
    try:
        for _ in pyoxigraph.parse(
            source.text.encode("utf-8"),
            format=RDF_SUFFIXES[source.suffix],
            base_iri=source.path.resolve().as_uri(),
        ):
            pass
    except SyntaxError as error:
        raise SourceError(f"{source.path}:{_position(error)}: {error}") from error


def _position(error: SyntaxError) -> str:
    # pyoxigraph puts "line:column" in the message and sets lineno/offset
    return f"{error.lineno or '?'}"


def to_rdflib(source: SourceFile) -> Graph:
    """Parse with rdflib, the parser the validators work on."""
    graph = Graph()
    try:
        graph.parse(
            data=source.text, format=RDFLIB_FORMATS[source.suffix], publicID=source.path.resolve().as_uri()
        )
    except Exception as error:  # rdflib raises many kinds; all mean a syntax problem here
        raise SourceError(f"{source.path}: {error}") from error
    return graph


def load_all(source_dir: Path, base_iri: str) -> list[SourceFile]:
    """Read and syntax-check every source file."""
    sources = [read(path, graph, base_iri) for path, graph in discover(source_dir)]
    for source in sources:
        check_syntax(source)
    return sources
