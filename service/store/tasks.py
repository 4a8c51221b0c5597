"""What the server sends a query worker, and what comes back: one dataclass per kind.

Tasks and answers cross the process boundary by pickling, so they are plain frozen
dataclasses of strings, tuples and bytes. ``store.evaluation`` has one handler per
task type; the server never sends anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: A serialiser choice: (media type, format name), or (None, None) when the client accepts none.
Serialiser = tuple[str | None, str | None]


@dataclass(frozen=True)
class Query:
    """Evaluate a query on the build in ``folder``, after the SERVICE gate."""

    query: str
    folder: str
    base: str
    prefixes: dict[str, str]
    allowlist: list[str]
    results: Serialiser
    graph: Serialiser
    max_rows: int
    dataset: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # the protocol's graphs
    default_graph: list[str] | None = None  # None: the store's own default graph
    federated: bool = False  # True only in a worker that has network access

    def federated_copy(self) -> Query:
        """The same query for a federation worker, whose gate then lets allowlisted SERVICE run."""
        return replace(self, federated=True)


@dataclass(frozen=True)
class Gate:
    """Only the SERVICE gate, for a query another server evaluates (remote mode)."""

    query: str
    base: str
    prefixes: dict[str, str]
    allowlist: list[str]


@dataclass(frozen=True)
class Update:
    """A SPARQL Update on the writable store, with the protocol's USING graphs."""

    update: str
    base: str
    prefixes: dict[str, str]
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteGraph:
    """Graph Store Protocol PUT (``replace``) or POST into one graph (None: the default graph)."""

    graph: str | None
    data: bytes
    media_type: str
    replace: bool
    base: str | None = None


@dataclass(frozen=True)
class DropGraph:
    """Graph Store Protocol DELETE of one graph (None: the default graph)."""

    graph: str | None


@dataclass(frozen=True)
class Snapshot:
    """Copy the writable store to a read-only folder (a RocksDB checkpoint)."""

    target: str


Task = Query | Gate | Update | WriteGraph | DropGraph | Snapshot


@dataclass(frozen=True)
class Federate:
    """The answer to a Query whose SERVICE endpoints are all allowed: run it where the network is."""


@dataclass(frozen=True)
class Verdict:
    """The answer to a Gate task: what the engine needs to know of the query."""

    has_from: bool
    federated: bool
