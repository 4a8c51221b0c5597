"""Write the published graph as downloadable dumps.

* ``<graph>.ttl``: each named graph as Turtle;
* ``sdkg.nq.gz`` and ``sdkg.trig``: every graph, with graph names;
* ``sdkg.nt.gz``: the SPARQL default graph (data, ontology, inferred, metadata) as one graph;
* ``sdkg.jsonld``: every graph as JSON-LD with a context of our prefixes.

Oxigraph serialises (it streams and is fast on large graphs); the JSON-LD it writes
is expanded, so ``compact_iris`` shortens IRIs to the prefixes named in a context.

The same sources give the same bytes, so a rebuild can be recognised as a release
already cut and a checksum stays meaningful: ``canonical`` names every blank node
after its place in the graph (RDFC-1.0, the W3C canonicalisation) and puts the quads
in one order before anything is written, and the gzip files carry no time stamp or
file name. ``content_hash`` is the SHA-256 of the canonical N-Quads of the graphs
it is given: the fingerprint releases are compared by.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat

from service.sparql import formats
from service.sparql.formats import Format
from service.store.built import triples

NQUADS_FILE = "sdkg" + formats.N_QUADS.suffix + ".gz"
TRIG_FILE = "sdkg" + formats.TRIG.suffix
NTRIPLES_FILE = "sdkg" + formats.N_TRIPLES.suffix + ".gz"
JSONLD_FILE = "sdkg" + formats.JSON_LD.suffix
#: dump file -> (format, title)
DUMP_FILES: dict[str, tuple[Format, str]] = {
    NQUADS_FILE: (formats.N_QUADS, "Alle grafen als N-Quads (gzip)"),
    TRIG_FILE: (formats.TRIG, "Alle grafen als TriG"),
    NTRIPLES_FILE: (formats.N_TRIPLES, "Standaardgraaf als N-Triples (gzip)"),
    JSONLD_FILE: (formats.JSON_LD, "Alle grafen als JSON-LD"),
}


def graph_file(graph_iri: str) -> str:
    """File name of one graph's Turtle dump: ``graph/nvrr`` -> ``nvrr.ttl``."""
    return graph_iri.rstrip("/").rsplit("/", 1)[-1] + formats.TURTLE.suffix


def oxigraph(fmt: Format) -> RdfFormat:
    """pyoxigraph's member for an RDF format of the table."""
    return getattr(RdfFormat, fmt.oxigraph)


def graph_dumps(store: pyoxigraph.Store, prefixes: dict[str, str]) -> dict[str, bytes]:
    """The Turtle dump of each named graph the store has now, by file name, in memory.

    The build describes these bytes (size, SHA-256) before it writes them, so the
    description names exactly the files that are published (``write_all(ready=…)``).
    """
    return {
        graph_file(graph): bytes(
            store.dump(format=oxigraph(formats.TURTLE), from_graph=NamedNode(graph), prefixes=prefixes) or b""
        )
        for graph in sorted(g.value for g in store.named_graphs())
    }


def write_all(
    store: pyoxigraph.Store,
    folder: Path,
    prefixes: dict[str, str],
    default_graph: list[str],
    ready: Mapping[str, bytes] | None = None,
) -> list[str]:
    """Write every dump into ``folder``; ``ready`` are graph dumps already serialised. Return the names."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for graph in sorted(g.value for g in store.named_graphs()):
        name = graph_file(graph)
        if ready is not None and name in ready:
            (folder / name).write_bytes(ready[name])
        else:
            store.dump(
                str(folder / name), oxigraph(formats.TURTLE), from_graph=NamedNode(graph), prefixes=prefixes
            )
        written.append(name)
    with _FixedGzip(folder / NQUADS_FILE) as out:
        store.dump(cast(IO[bytes], out), oxigraph(formats.N_QUADS))
    store.dump(str(folder / TRIG_FILE), oxigraph(formats.TRIG), prefixes=prefixes)
    with _FixedGzip(folder / NTRIPLES_FILE) as out:
        _dump_default_graph(store, out, default_graph)
    expanded = json.loads(store.dump(format=oxigraph(formats.JSON_LD)) or b"[]")
    document = {"@context": prefixes, "@graph": compact_iris(expanded, prefixes)}
    (folder / JSONLD_FILE).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return written + list(DUMP_FILES)


class _FixedGzip(gzip.GzipFile):
    """A gzip file whose header names no file and no time: its bytes depend on the content only."""

    def __init__(self, path: Path) -> None:
        self._raw = path.open("wb")
        super().__init__(filename="", mode="wb", compresslevel=5, fileobj=self._raw, mtime=0)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def canonical(store: pyoxigraph.Store) -> pyoxigraph.Store:
    """A copy of ``store`` with canonical blank node labels and its quads in sorted order.

    The in-memory store keeps quads in the order they were added, and a parser names
    blank nodes at random; both would make two builds of the same sources differ.
    """
    dataset = pyoxigraph.Dataset(store)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    ordered = pyoxigraph.Store()
    ordered.extend(sorted(dataset, key=str))
    return ordered


def content_hash(store: pyoxigraph.Store, graphs: list[str]) -> str:
    """SHA-256 of the canonical N-Quads of ``graphs``: equal exactly when their content is."""
    wanted = {NamedNode(g) for g in graphs}
    dataset = pyoxigraph.Dataset(q for q in store if q.graph_name in wanted)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    digest = hashlib.sha256()
    for line in sorted(str(q) for q in dataset):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _dump_default_graph(store: pyoxigraph.Store, out: Any, default_graph: list[str]) -> None:
    seen_graphs: list[NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] = [
        NamedNode(g) for g in default_graph
    ]
    results = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=seen_graphs)
    # a triple asserted in two graphs is written once, and in one order
    ordered = sorted(dict.fromkeys(triples(results)), key=str)
    pyoxigraph.serialize(ordered, out, oxigraph(formats.N_TRIPLES))


def compact_iris(node: Any, prefixes: dict[str, str]) -> Any:
    """Shorten the IRIs of expanded JSON-LD to ``prefix:local`` where a prefix fits.

    >>> compact_iris({"@id": "http://a/x", "http://a/p": [{"@id": "http://b/y"}]}, {"a": "http://a/"})
    {'@id': 'a:x', 'a:p': [{'@id': 'http://b/y'}]}
    """
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    return _compact(node, ordered)


def _compact(node: Any, prefixes: list[tuple[str, str]]) -> Any:
    if isinstance(node, list):
        return [_compact(item, prefixes) for item in node]
    if not isinstance(node, dict):
        return node
    compacted = {}
    for key, value in node.items():
        if key in ("@id", "@type") and isinstance(value, str) and not value.startswith("_:"):
            compacted[key] = _curie(value, prefixes)
        elif key.startswith("@"):
            compacted[key] = _compact(value, prefixes)
        else:
            compacted[_curie(key, prefixes)] = _compact(value, prefixes)
    return compacted


def _curie(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, namespace in prefixes:
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and not local.startswith("//") and ":" not in local:
            return f"{prefix}:{local}"
    return iri
