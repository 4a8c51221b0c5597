"""What a query worker process does: open the store, evaluate, serialise.

This module runs inside the worker processes of ``service.store.workers`` and is their only
link to pyoxigraph (besides ``service.store.built``). Tasks and answers are the
dataclasses of ``service.store.tasks``, which cross the process boundary by pickling. Results are serialised
here, in the worker, so the time limit covers serialisation and the server process
never holds a pyoxigraph result.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode

from service.sparql import gate
from service.sparql.tokens import LexicalError
from service.sparql.update import UsingConflictError, add_using
from service.store import isolation, tasks
from service.store.built import BuiltStore
from service.store.interface import Answer

#: An answer larger than this goes to the server in chunks of about this size.
CHUNK_BYTES = 1 << 20
#: How much lower the workers' scheduling priority is than the server's.
NICENESS = 5
_UNKNOWN_FUNCTION = re.compile(r"custom function <([^>]*)> is not supported")
#: Retries with one more unknown function each; bounds the loop in ``_evaluate``.
MAX_UNKNOWN_FUNCTIONS = 32
#: pyoxigraph's words for an update naming a graph that is not there (DROP, CLEAR, MOVE …) or
#: already is (CREATE): without SILENT an error of the request (SPARQL 1.1 Update §3.2), not of the server.
_GRAPH_STATE = re.compile(r"The graph .* (does not exist|already exists)")


class GraphStateError(Exception):
    """An update that names a missing graph, or creates one that exists, without SILENT."""


_open: dict[str, Any] = {}
#: The worker's pipe to the server, where large answers go in chunks (empty outside a worker).
_pipe: list[Connection] = []


def serve(connection: Connection, memory_mb: int, writable: str | None, network: bool = False) -> None:
    """The worker's loop: one task in, one answer out, until the server closes the pipe.

    Without ``network`` the worker first leaves the network (``isolation``); where
    the host cannot do that, ``sdkg serve`` has said so at start-up and the SERVICE
    gate is the only control. Workers run at a lower priority than the server
    process, so a burst of heavy queries does not slow the pages.
    """
    if not network:
        with contextlib.suppress(isolation.IsolationError):
            isolation.isolate_network()
    os.nice(NICENESS)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ["RUST_BACKTRACE"] = "0"  # a crash report costs time and says nothing to the client
    if writable:
        Path(writable).mkdir(parents=True, exist_ok=True)
        _open["writable"] = pyoxigraph.Store(writable)
    _pipe.append(connection)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(task))


def answer(task: tasks.Task) -> tuple[str, Any]:
    """("ok", value); ("syntax", message) for an error of the request; ("forbidden", message); ("error", message)."""
    try:
        return "ok", HANDLERS[type(task)](task)
    except (SyntaxError, LexicalError, UsingConflictError, GraphStateError) as error:
        return "syntax", str(error)
    except gate.FederationError as error:
        return "forbidden", str(error)
    except Exception as error:  # the worker survives every error it can catch
        return "error", f"{type(error).__name__}: {error}"


def store_for(folder: str | None = None) -> Any:
    """The writable store of a writer, or the read-only build/snapshot in ``folder``."""
    if "writable" in _open:
        return _open["writable"]
    assert folder is not None, "a query worker is given the build to read"
    if folder not in _open:
        _open.clear()  # one build at a time: an older one may be pruned
        _open[folder] = BuiltStore.open(Path(folder)).store
    return _open[folder]


def run_query(task: tasks.Query) -> Answer | tasks.Federate:
    """Pass the query through the gate, then evaluate and serialise it (see ``serialise``).

    A query whose SERVICE endpoints are all allowed is not evaluated here but handed
    back (``Federate``) for a worker that has network access.
    """
    reading = checked_reading(task)
    if reading.endpoints and not task.federated:
        return tasks.Federate()
    options = {"base_iri": task.base, "prefixes": task.prefixes, **_dataset(task, reading)}
    store = store_for(task.folder)
    chunks = Chunks(_pipe[0] if _pipe else None)
    return _evaluate(
        lambda extra: serialise(store.query(task.query, **options, **extra), task, chunks), chunks
    )


def _dataset(task: tasks.Query, reading: gate.Reading) -> dict[str, Any]:
    """The protocol's graphs if the request named any, else the query's FROM, else the build's default."""
    if task.dataset is not None:
        default, named = task.dataset
        return {"default_graph": [_graph(g) for g in default], "named_graphs": [NamedNode(g) for g in named]}
    if reading.has_from or task.default_graph is None:
        return {}
    return {"default_graph": [_graph(g) for g in task.default_graph]}


def checked_reading(task: tasks.Query | tasks.Gate) -> gate.Reading:
    """Read the query once and refuse what the allowlist does not allow (FederationError)."""
    reading = gate.read(task.query, task.base, task.prefixes)
    gate.check_query(reading, task.allowlist)
    return reading


def run_gate(task: tasks.Gate) -> tasks.Verdict:
    """Only the gate, for a query that another server evaluates (remote mode)."""
    reading = checked_reading(task)
    return tasks.Verdict(has_from=reading.has_from, federated=bool(reading.endpoints))


def _evaluate(run: Callable[[dict[str, Any]], Answer], chunks: Chunks) -> Answer:
    """Run, treating unknown extension functions as errors in expressions (SPARQL 1.1 §17.2).

    pyoxigraph stops the whole query at a function it does not know; the standard says
    the call is an expression error (unbound, or false in a FILTER), which is what a
    custom function returning None gives. Once part of an answer has gone out, there
    is no second try.
    """
    functions: dict[NamedNode, Callable[..., None]] = {}
    for _ in range(MAX_UNKNOWN_FUNCTIONS):
        try:
            return run({"custom_functions": functions} if functions else {})
        except RuntimeError as error:
            unknown = _UNKNOWN_FUNCTION.search(str(error))
            if not unknown or chunks.started:
                raise
            chunks.reset()
            functions[NamedNode(unknown.group(1))] = _no_value
    raise RuntimeError("too many unknown extension functions")


def _no_value(*_: Any) -> None:
    return None


def _graph(iri: str | None) -> NamedNode | DefaultGraph:
    return DefaultGraph() if iri is None else NamedNode(iri)


class Chunks:
    """Where a worker writes an answer: kept whole while small, sent down the pipe in chunks when large.

    An answer under ``CHUNK_BYTES`` comes back as one ``Answer`` as before. A larger one
    is announced (``("start", (kind, media type))``), sent as ``("chunk", bytes)``
    messages as it is written, and ended by the ``Answer`` with the last bytes; the
    server passes the chunks on to the client, so neither process holds the whole
    answer, and the pipe's back-pressure paces the worker to the client.
    """

    def __init__(self, pipe: Connection | None) -> None:
        self.pipe, self.buffer, self.started = pipe, bytearray(), False
        self.kind, self.media_type = "results", ""

    def begin(self, kind: str, media_type: str) -> None:
        self.kind, self.media_type = kind, media_type

    def write(self, data: bytes) -> int:
        self.buffer += data
        if self.pipe is not None and len(self.buffer) >= CHUNK_BYTES:
            self._send()
        return len(data)

    def _send(self) -> None:
        assert self.pipe is not None
        if not self.started:
            self.pipe.send(("start", (self.kind, self.media_type)))
            self.started = True
        self.pipe.send(("chunk", bytes(self.buffer)))
        self.buffer.clear()

    def flush(self) -> None:
        """pyoxigraph flushes when it is done; the rest goes back with the Answer."""

    def reset(self) -> None:
        self.buffer.clear()

    def rest(self) -> bytes:
        """What was written and not sent yet: the whole answer, when it stayed small."""
        return bytes(self.buffer)


def serialise(results: Any, task: tasks.Query, chunks: Chunks | None = None) -> Answer:
    """The serialised answer, or for HTML the table of at most ``max_rows`` rows.

    The task names each kind's format by its pyoxigraph member (``service.sparql.formats``).
    """
    kind = "graph" if isinstance(results, pyoxigraph.QueryTriples) else "results"
    media_type, name = task.graph if kind == "graph" else task.results
    if media_type is None:
        return Answer(kind, None)
    if name == "html":
        return Answer(kind, media_type, table=tabulate(results, task.max_rows))
    out = chunks or Chunks(None)
    out.begin(kind, media_type)
    if kind == "graph":
        fmt = getattr(pyoxigraph.RdfFormat, str(name))
        pyoxigraph.serialize(results, cast(IO[bytes], out), fmt, prefixes=task.prefixes)
    elif name == "TSV":
        tsv(results, out)
    else:
        results.serialize(cast(IO[bytes], out), format=getattr(pyoxigraph.QueryResultsFormat, str(name)))
    return Answer(kind, media_type, out.rest())


def tsv(results: Any, out: Chunks) -> None:
    """SPARQL 1.1 TSV, written here because pyoxigraph's TSV loses some datatypes.

    Every term is written in its N-Triples form, so ``"-3"^^xsd:negativeInteger`` stays
    what it is instead of becoming the bare number -3 (which would mean xsd:integer).
    """
    if isinstance(results, pyoxigraph.QueryBoolean):
        out.write(b"true\n" if bool(results) else b"false\n")
        return
    names = [v.value for v in results.variables]
    out.write(("\t".join("?" + n for n in names) + "\n").encode("utf-8"))
    for solution in results:
        line = "\t".join("" if solution[n] is None else str(solution[n]) for n in names)
        out.write((line + "\n").encode("utf-8"))


def tabulate(results: Any, max_rows: int) -> dict[str, Any]:
    """At most ``max_rows`` rows as plain tuples, and whether more were left out."""
    if isinstance(results, pyoxigraph.QueryBoolean):
        return {"boolean": bool(results), "variables": [], "rows": [], "truncated": False}
    rows: Iterator[Sequence[Any]]
    if isinstance(results, pyoxigraph.QueryTriples):
        names = ["subject", "predicate", "object"]
        rows = ((t.subject, t.predicate, t.object) for t in results)
    else:
        names = [v.value for v in results.variables]
        rows = ([solution[n] for n in names] for solution in results)
    table: list[list[tuple[str, ...] | None]] = []
    for row in rows:
        if len(table) == max_rows:
            return {"variables": names, "rows": table, "truncated": True}
        table.append([_cell(term) for term in row])
    return {"variables": names, "rows": table, "truncated": False}


def _cell(term: Any) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return ("uri", term.value)
    if isinstance(term, pyoxigraph.Literal):
        return ("literal", term.value, term.datatype.value, term.language or "")
    return ("bnode" if isinstance(term, pyoxigraph.BlankNode) else "triple", str(term))


def run_update(task: tasks.Update) -> None:
    """A SPARQL Update on the writable store, after the gate refused LOAD and SERVICE."""
    gate.check_update(gate.read(task.update, task.base, task.prefixes))
    text = add_using(task.update, task.using, task.using_named)
    try:
        store_for().update(text, base_iri=task.base, prefixes=task.prefixes)
    except RuntimeError as error:
        if _GRAPH_STATE.fullmatch(str(error)):
            raise GraphStateError(str(error)) from error
        raise


def write_graph(task: tasks.WriteGraph) -> bool:
    """Graph Store Protocol PUT (replace) or POST (merge); True when the graph is new."""
    store, graph = store_for(), _graph(task.graph)
    created = task.graph is not None and not store.contains_named_graph(graph)
    rdf_format = pyoxigraph.RdfFormat.from_media_type(task.media_type)
    if rdf_format is None:
        raise ValueError(f"cannot read {task.media_type}")
    if task.replace and not created:
        store.clear_graph(graph)
    store.load(task.data, format=rdf_format, base_iri=task.base, to_graph=graph)
    if created:
        store.add_graph(graph)
    return created


def drop_graph(task: tasks.DropGraph) -> bool:
    """Graph Store Protocol DELETE; False when there was no such graph."""
    store, graph = store_for(), _graph(task.graph)
    if task.graph is None:
        store.clear_graph(graph)
        return True
    if not store.contains_named_graph(graph):
        return False
    store.remove_graph(graph)
    return True


def snapshot(task: tasks.Snapshot) -> None:
    """Copy the writable store to a read-only snapshot folder (a RocksDB checkpoint: cheap)."""
    store = store_for()
    store.flush()
    store.backup(task.target)


HANDLERS: dict[type, Callable[[Any], Any]] = {
    tasks.Query: run_query,
    tasks.Gate: run_gate,
    tasks.Update: run_update,
    tasks.WriteGraph: write_graph,
    tasks.DropGraph: drop_graph,
    tasks.Snapshot: snapshot,
}
