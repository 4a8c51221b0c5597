"""The embedded engine: protocol operations as tasks for the query workers.

The blueprints speak to an engine (this one, or ``remote.RemoteEngine`` for an
external SPARQL server) and never to pyoxigraph. This one decides which dataset a
query sees: the protocol's graphs if the request names any, else the query's own
FROM/FROM NAMED, else the documented default graph of the build (data + ontology +
inferred + metadata; every named graph stays reachable with GRAPH), or the store's
own default graph for a writable scratch store.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from service import namespaces
from service.sparql import formats, gate
from service.sparql.request import SparqlRequest
from service.store import tasks
from service.store.built import BuiltStore, graph_names
from service.store.interface import Answer, ReadOnlyError, ServedStore, WritableStore
from service.store.workers import Stream, WorkerPool


class EmbeddedEngine:
    """Queries on the embedded store (a build, or a scratch store) through a worker pool."""

    def __init__(self, holder: ServedStore, config: Mapping[str, Any]) -> None:
        self.holder = holder
        self.config = config
        self.allowlist = sorted(gate.parse_allowlist(config.get("SERVICE_ALLOWLIST", "")))
        self._pools: dict[bool, WorkerPool] = {}
        self._lock = threading.Lock()

    @property
    def writable(self) -> bool:
        return self.holder.writable

    @property
    def pool(self) -> WorkerPool:
        """The query workers, without network; started at the first query."""
        return self._pool(network=False)

    @property
    def federation_pool(self) -> WorkerPool:
        """The workers for queries whose SERVICE endpoints are all allowlisted; they have network."""
        return self._pool(network=True)

    def _pool(self, network: bool) -> WorkerPool:
        with self._lock:
            if network not in self._pools:
                c = self.config
                size = int(c["FEDERATION_WORKERS"] if network else c["QUERY_WORKERS"])
                self._pools[network] = WorkerPool(
                    size, int(c["QUERY_MEMORY_MB"]), float(c["QUERY_TIMEOUT"]), network=network
                )
            return self._pools[network]

    def built(self) -> BuiltStore:
        return self.holder.get()

    def default_graph(self) -> list[str] | None:
        """IRIs of the graphs that make up the default graph; None: the store's own default graph."""
        built = self.built()
        return None if self.writable else [g.value for g in built.default_graph()]

    def _query_dataset(self, built: BuiltStore) -> list[str] | None:
        """The graphs to pass as the default graph; None: the store's own (materialised, or a scratch store's)."""
        graphs = None if self.writable else built.query_dataset()
        return None if graphs is None else [g.value for g in graphs]

    def prefixes(self, built: BuiltStore) -> dict[str, str]:
        """The predeclared prefixes of the build served now: ``sdo:`` follows its base IRI."""
        return namespaces.prefixes(built.info.get("base_iri") or self.config["BASE_IRI"])

    def named_graphs(self) -> list[str]:
        return graph_names(self.built().store)

    def query(self, sparql: SparqlRequest, choice: formats.Choice, base: str, max_rows: int) -> Answer:
        """Evaluate a query in a worker; the answer comes back serialised."""
        built = self.built()
        task = tasks.Query(
            query=sparql.query or "",
            folder=str(built.folder),
            base=base,
            prefixes=self.prefixes(built),
            allowlist=self.allowlist,
            results=_serialiser(choice.results, formats.RESULTS),
            graph=_serialiser(choice.graph, formats.GRAPH),
            max_rows=max_rows,
            dataset=(sparql.default_graph_uris, sparql.named_graph_uris) if sparql.has_dataset else None,
            default_graph=self._query_dataset(built),
        )
        value = self.pool.run(task)
        if isinstance(value, tasks.Federate):  # the gate allowed every SERVICE: run where the network is
            value = self.federation_pool.run(task.federated_copy())
        if isinstance(value, Stream):
            return Answer(value.kind, value.media_type, stream=value)
        return value

    def update(self, sparql: SparqlRequest, base: str) -> None:
        """A SPARQL Update; the writer worker reads it through the gate first (LOAD is refused)."""
        self._write(
            tasks.Update(
                update=sparql.update or "",
                base=base,
                prefixes=self.prefixes(self.built()),
                using=sparql.default_graph_uris,
                using_named=sparql.named_graph_uris,
            )
        )

    def write_graph(self, graph: str | None, data: bytes, media_type: str, replace: bool) -> bool:
        """Graph Store Protocol PUT/POST; True when a new graph was made."""
        return bool(self._write(tasks.WriteGraph(graph, data, media_type, replace, base=graph)))

    def drop_graph(self, graph: str | None) -> bool:
        return bool(self._write(tasks.DropGraph(graph)))

    def _write(self, task: tasks.Task) -> Any:
        if not (self.writable and isinstance(self.holder, WritableStore)):
            raise ReadOnlyError(
                "the served store is a published build, which is read-only; serve a scratch store with --writable to write"
            )
        return self.holder.write(task)

    def close(self) -> None:
        """Stop the worker pools (the store itself is closed by whoever opened it)."""
        for pool in self._pools.values():
            pool.close()


def _serialiser(media_type: str | None, kind: str) -> tuple[str | None, str | None]:
    """(media type, pyoxigraph format name, or "html" for the page's table) for the worker."""
    if media_type is None:
        return None, None
    if media_type == formats.HTML:
        return media_type, "html"
    fmt = formats.by_media_type(media_type, kind)
    return media_type, fmt.oxigraph if fmt else None
