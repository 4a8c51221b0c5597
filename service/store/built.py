"""The embedded Oxigraph store: written once by the build, then opened read-only to serve.

``BuiltStore`` is one build's store and what the build recorded about it; the
helpers count, list and dump graphs and say which kind of result a query gave.
``served`` decides which build an app serves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from service.sparql.gate import refuse_service

#: Graphs the SPARQL default graph is made of, by short name; data graphs are added.
DEFAULT_GRAPH_EXTRAS = ("ontology", "inferred", "metadata")


def open_for_writing(path: Path) -> pyoxigraph.Store:
    path.mkdir(parents=True, exist_ok=True)
    return pyoxigraph.Store(str(path))


def add_triples(store: pyoxigraph.Store, graph: str, triples: Iterable[tuple[str, str, Any]]) -> None:
    """Add (subject IRI, predicate IRI, object term) triples to a graph."""
    target = NamedNode(graph)
    store.extend(Quad(NamedNode(s), NamedNode(p), o, target) for s, p, o in triples)


def solutions(results: object) -> pyoxigraph.QuerySolutions:
    """The rows of a SELECT result (pyoxigraph types every query's result as one union)."""
    assert isinstance(results, pyoxigraph.QuerySolutions), "a SELECT query was expected"
    return results


def triples(results: object) -> pyoxigraph.QueryTriples:
    """The triples of a CONSTRUCT or DESCRIBE result."""
    assert isinstance(results, pyoxigraph.QueryTriples), "a CONSTRUCT or DESCRIBE query was expected"
    return results


def first(results: object) -> pyoxigraph.QuerySolution:
    """The first row of a SELECT result (an aggregate's one row)."""
    return next(iter(solutions(results)))


def count(store: pyoxigraph.Store, graph: str | None = None) -> int:
    """Number of triples in one named graph, or in all of them."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    return int(first(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))["n"].value)


def graph_names(store: pyoxigraph.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


def dump_graph(store: pyoxigraph.Store, graph: str) -> bytes:
    """One named graph as N-Triples (for pushing a build to a remote store)."""
    return bytes(store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=NamedNode(graph)) or b"")


@dataclass
class BuiltStore:
    """A read-only view of one build: its store and what the build recorded about it."""

    folder: Path
    store: pyoxigraph.Store
    info: dict[str, Any]

    @classmethod
    def open(cls, folder: Path) -> BuiltStore:
        info_path = folder / "build.json"
        info = json.loads(info_path.read_text()) if info_path.exists() else {}
        return cls(folder, pyoxigraph.Store.read_only(str(folder / "store")), info)

    def default_graph(self) -> list[NamedNode]:
        """The graphs a query sees without GRAPH: data, ontology, inferred and metadata."""
        names = self.info.get("default_graph") or graph_names(self.store)
        return [NamedNode(n) for n in names]

    @property
    def materialised(self) -> bool:
        """Whether the build wrote that union as the store's own default graph (builds since it does)."""
        return bool(self.info.get("default_graph_materialised"))

    def query_dataset(self) -> list[NamedNode] | None:
        """The ``default_graph`` option for queries: None where the store's own default graph is the union."""
        return None if self.materialised else self.default_graph()

    def query(self, sparql: str, **options: Any) -> Any:
        """A query of the server process itself (pages, listings): never one that calls SERVICE."""
        refuse_service(sparql)
        if "default_graph" not in options and not self.materialised:
            options["default_graph"] = self.default_graph()
        return self.store.query(sparql, **options)

    def triple_count(self) -> int:
        return count(self.store)


class StoreMissingError(RuntimeError):
    """Raised when there is nothing to serve yet."""
