"""The store interface: what the layers above ask of whatever store an app serves.

An app serves one ``ServedStore``: the published build (following new builds), one
given build, a writable scratch store, or a remote SPARQL server. Each gives an
``Engine`` for the SPARQL protocol, and the embedded ones give the ``BuiltStore``
that the pages read. The blueprints hold these two types and ask nothing else, so
adding a kind of store means implementing these two protocols.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from service.sparql.formats import Choice
    from service.sparql.request import SparqlRequest
    from service.store.built import BuiltStore
    from service.store.tasks import Task


@dataclass
class Answer:
    """A query's answer: a serialised ``body``, or a ``table`` for the HTML view."""

    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    media_type: str | None  # None: nothing acceptable to the client (406)
    body: bytes = b""
    table: dict[str, Any] = field(default_factory=dict)
    stream: Iterable[bytes] | None = None  # a large answer, read once instead of ``body``

    def read(self) -> bytes:
        """The whole answer, for the server's own queries (joined from its stream if it has one)."""
        return self.body if self.stream is None else b"".join(self.stream)


class ReadOnlyError(Exception):
    """The served store cannot be written."""


@runtime_checkable
class Engine(Protocol):
    """The SPARQL 1.1 Protocol and Graph Store Protocol operations on a store."""

    @property
    def writable(self) -> bool:
        """Whether updates and Graph Store writes are possible (with the admin token)."""
        ...

    def query(self, sparql: SparqlRequest, choice: Choice, base: str, max_rows: int) -> Answer:
        """Evaluate a query (after the SERVICE gate) and serialise it as ``choice`` says."""
        ...

    def update(self, sparql: SparqlRequest, base: str) -> None:
        """Run a SPARQL Update; raises ReadOnlyError on a read-only store."""
        ...

    def write_graph(self, graph: str | None, data: bytes, media_type: str, replace: bool) -> bool:
        """Graph Store PUT (replace) or POST (merge); True when the graph is new."""
        ...

    def drop_graph(self, graph: str | None) -> bool:
        """Graph Store DELETE; False when there was no such graph."""
        ...

    def default_graph(self) -> list[str] | None:
        """The graphs that make up the default graph, for the service description; None: the store's own."""
        ...

    def named_graphs(self) -> list[str]:
        """Every named graph a query can reach with GRAPH."""
        ...

    def close(self) -> None:
        """Stop the engine's worker processes."""
        ...


@runtime_checkable
class ServedStore(Protocol):
    """The store an app serves, opened once per process and shared by its requests."""

    @property
    def writable(self) -> bool:
        """Whether this is a writable scratch store."""
        ...

    def get(self) -> BuiltStore:
        """The build that pages read; raises StoreMissingError where there is none to read."""
        ...

    def release(self) -> str | None:
        """The immutable build served now (answers may be cached per build); None when answers can change."""
        ...

    def engine(self, config: Mapping[str, Any]) -> Engine:
        """The SPARQL engine for this store (its workers start at the first query).

        Its predeclared prefixes follow the data's base IRI (``namespaces.prefixes``).
        """
        ...

    def close(self) -> None:
        """Release what the store holds (writer processes, locks)."""
        ...


@runtime_checkable
class WritableStore(ServedStore, Protocol):
    """A scratch store: a served store that also takes writes."""

    def write(self, task: Task) -> Any:
        """Run a write task (update, Graph Store write or drop); the next read sees its effect."""
        ...
