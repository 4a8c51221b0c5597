"""The embedded Oxigraph store: written once by the build, then opened read-only to serve.

A built store lives in ``<instance>/builds/<stamp>/store``; ``<instance>/current``
is a symbolic link to the published build. Swapping that link is atomic, so a
server that follows it (see ``PublishedStore``) moves to a new build between two
requests and never sees half a build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from service.sparql.gate import refuse_service

if TYPE_CHECKING:
    from service.store.engine import EmbeddedEngine
    from service.store.interface import ServedStore

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

    writable = False

    def get(self) -> BuiltStore:
        """A built store is its own current build (``PublishedStore.get`` follows swaps)."""
        return self

    def engine(self, config: Mapping[str, Any]) -> EmbeddedEngine:
        return _embedded(self, config)

    def close(self) -> None:
        """The read-only store needs no closing; its files stay as the build left them."""

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


class PublishedStore:
    """Follows ``<instance>/current`` and reopens when a new build is published."""

    writable = False

    def __init__(self, instance_dir: Path) -> None:
        self.link = instance_dir / "current"
        self._target: str | None = None
        self._built: BuiltStore | None = None

    def get(self) -> BuiltStore:
        try:
            target = os.readlink(self.link)
        except OSError as error:
            raise StoreMissingError(f"no published build at {self.link}: run `sdkg build`") from error
        if target != self._target or self._built is None:
            self._built = BuiltStore.open(self.link.parent / target)
            self._target = target
        return self._built

    def engine(self, config: Mapping[str, Any]) -> EmbeddedEngine:
        return _embedded(self, config)

    def close(self) -> None:
        """Nothing to release: each build is opened read-only."""


def _embedded(holder: ServedStore, config: Mapping[str, Any]) -> EmbeddedEngine:
    from service.store.engine import EmbeddedEngine  # the engine module imports this one

    return EmbeddedEngine(holder, config)


class StoreMissingError(RuntimeError):
    """Raised when there is nothing to serve yet."""


def open_store(location: str, instance_dir: Path) -> ServedStore:
    """The store named by the STORE setting: the published build or a given build folder."""
    if not location:
        return PublishedStore(instance_dir)
    return BuiltStore.open(Path(location))
