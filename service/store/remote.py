"""Remote mode: an external SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB, QLever) as the store.

For deployments that outgrow one machine. ``STORE`` is then the server's query URL:
queries pass the same gate as on the embedded store (read in a worker without
network, within the query's time limit) and are forwarded with
SPARQLWrapper, and the answer is passed through in the format the client
negotiated. ``sdkg build --into URL`` fills the server with the Graph Store Protocol
(``push``). The default graph is the same union as on the embedded store, given to
the server as ``default-graph-uri`` parameters (every pushed graph but the shapes).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from service import namespaces
from service.sparql import formats, gate
from service.sparql.request import SparqlRequest
from service.store import tasks
from service.store.built import BuiltStore, StoreMissingError, dump_graph, graph_names
from service.store.interface import Answer, ReadOnlyError
from service.store.workers import EngineError, QueryTimeoutError, WorkerPool

#: How long the list of the server's graphs is trusted before it is asked again.
GRAPHS_TTL = 60.0


class RemoteStore:
    """The STORE setting as an external server; ``engine`` gives the SPARQL side."""

    writable = False

    def __init__(self, url: str, config: Mapping[str, Any]) -> None:
        self.url = url
        self.config = config

    def get(self) -> BuiltStore:
        """Pages read an embedded build; a remote server has none here."""
        raise StoreMissingError(
            f"the pages need the embedded store; {self.url} serves the SPARQL endpoint (/sparql) only"
        )

    def release(self) -> str | None:
        """None: the server can be filled anew at any time (``sdkg build --into``)."""
        return None

    def engine(self, config: Mapping[str, Any]) -> RemoteEngine:
        return RemoteEngine(self.url, config)

    def close(self) -> None:
        """Nothing is held open: every request opens its own connection."""

    def triple_count(self) -> int:
        """Every triple of the server's named graphs (a fixed query: it needs no gate)."""
        engine = self.engine(self.config)
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        _, body = engine.send(engine.wrapper(query, _accept(formats.JSON_RESULTS)))
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


class RemoteEngine:
    """Forwards queries to an external SPARQL endpoint; read-only from here."""

    writable = False

    def __init__(self, url: str, config: Mapping[str, Any]) -> None:
        self.url, self.timeout = url, float(config["QUERY_TIMEOUT"])
        self.prefixes = namespaces.prefixes(config["BASE_IRI"])
        self.config = config
        self.shapes_graph = config["BASE_IRI"] + "graph/shapes"
        self._graphs: tuple[float, list[str]] | None = None
        self._gate: WorkerPool | None = None
        self._lock = threading.Lock()

    def query(self, sparql: SparqlRequest, choice: formats.Choice, base: str, max_rows: int) -> Answer:
        """Pass the gate, forward the query; the server's answer comes back as it was sent."""
        reading = self._read(sparql.query or "", base)
        html = choice.results == formats.HTML or choice.graph == formats.HTML
        accept = _accept(_TABLE if html else choice)
        wrapper = self.wrapper(self._prologue(sparql.query or ""), accept)
        default_graph = self._default_graph(sparql, reading.has_from)
        for iri in default_graph:
            wrapper.addDefaultGraph(iri)
        # a protocol default graph empties the named graphs unless they are named too
        named = sparql.named_graph_uris if sparql.has_dataset or not default_graph else self.named_graphs()
        for iri in named:
            wrapper.addNamedGraph(iri)
        media_type, body = self.send(wrapper)
        if html:
            return Answer("results", formats.HTML, b"", table(media_type, body, max_rows))
        graph = formats.by_media_type(media_type, formats.GRAPH)
        kind = "graph" if graph and not formats.by_media_type(media_type, formats.RESULTS) else "results"
        return Answer(kind, media_type, body)

    def _read(self, query: str, base: str) -> tasks.Verdict:
        """The gate's reading, made in a worker without network, within the query's time limit."""
        with self._lock:
            if self._gate is None:
                c = self.config
                self._gate = WorkerPool(int(c["QUERY_WORKERS"]), int(c["QUERY_MEMORY_MB"]), self.timeout)
        allowlist = sorted(gate.parse_allowlist(self.config.get("SERVICE_ALLOWLIST", "")))
        return self._gate.run(tasks.Gate(query, base, self.prefixes, allowlist))

    def _prologue(self, query: str) -> str:
        # the grammar allows PREFIX lines before a BASE, and a later PREFIX of the query wins
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self.prefixes.items()) + query

    def _default_graph(self, sparql: SparqlRequest, has_from: bool) -> list[str]:
        if sparql.has_dataset:
            return list(sparql.default_graph_uris)
        if has_from:
            return []
        return self.default_graph() or []

    def default_graph(self) -> list[str] | None:
        graphs = [g for g in self.named_graphs() if g != self.shapes_graph]
        return graphs or None

    def named_graphs(self) -> list[str]:
        with self._lock:
            if self._graphs is None or time.monotonic() - self._graphs[0] > GRAPHS_TTL:
                query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
                wrapper = self.wrapper(query, _accept(formats.JSON_RESULTS))
                _, body = self.send(wrapper)
                rows = json.loads(body)["results"]["bindings"]
                self._graphs = (time.monotonic(), sorted(row["g"]["value"] for row in rows))
            return self._graphs[1]

    def wrapper(self, query: str, accept: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.url)
        wrapper.setOnlyConneg(True)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setTimeout(int(max(1, self.timeout)))
        wrapper.setQuery(query)
        wrapper.addCustomHttpHeader("Accept", accept)
        return wrapper

    def send(self, wrapper: SPARQLWrapper) -> tuple[str, bytes]:
        try:
            response = wrapper.query().response
            media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            return media_type, response.read()
        except QueryBadFormed as error:
            raise EngineError(_message(error), syntax=True) from error
        except SPARQLWrapperException as error:
            raise EngineError(f"the SPARQL server answered: {_message(error)}") from error
        except TimeoutError as error:
            raise QueryTimeoutError(f"the SPARQL server gave no answer within {self.timeout:g} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeoutError(
                    f"the SPARQL server gave no answer within {self.timeout:g} s"
                ) from error
            raise EngineError(f"the SPARQL server cannot be reached: {error.reason}") from error

    def update(self, sparql: SparqlRequest, base: str) -> None:
        raise ReadOnlyError("a remote store is written with `sdkg build --into`, not through this server")

    def write_graph(self, graph: str | None, data: bytes, media_type: str, replace: bool) -> bool:
        raise ReadOnlyError("a remote store is written with `sdkg build --into`, not through this server")

    def drop_graph(self, graph: str | None) -> bool:
        raise ReadOnlyError("a remote store is written with `sdkg build --into`, not through this server")

    def close(self) -> None:
        if self._gate is not None:
            self._gate.close()


#: What the server is asked for when the answer becomes the query page's table (``table``).
_TABLE = formats.Choice(formats.SPARQL_JSON.media_type, formats.N_TRIPLES.media_type)


def _accept(choice: formats.Choice) -> str:
    types = [t for t in (choice.results, choice.graph) if t and t != formats.HTML]
    return ", ".join(types) or "*/*"


def _message(error: Exception) -> str:
    return " ".join(str(error).split())[:2000]


def table(media_type: str, body: bytes, max_rows: int) -> dict[str, Any]:
    """A remote answer (SPARQL JSON, or N-Triples for graphs) as the rows the HTML view shows."""
    if media_type == formats.N_TRIPLES.media_type:
        from rdflib import Graph

        triples = list(Graph().parse(data=body, format=formats.N_TRIPLES.rdflib))
        return {
            "variables": ["subject", "predicate", "object"],
            "rows": [[_rdflib_cell(t) for t in triple] for triple in triples[:max_rows]],
            "truncated": len(triples) > max_rows,
        }
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    names = data["head"]["vars"]
    bindings = data["results"]["bindings"]
    rows: list[list[tuple[str, ...] | None]] = [
        [_json_cell(b.get(n)) for n in names] for b in bindings[:max_rows]
    ]
    return {"variables": names, "rows": rows, "truncated": len(bindings) > max_rows}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_cell(term: dict[str, str] | None) -> tuple[str, ...] | None:
    if term is None:
        return None
    if term["type"] == "uri":
        return ("uri", term["value"])
    if term["type"] in ("literal", "typed-literal"):
        return ("literal", term["value"], term.get("datatype", XSD_STRING), term.get("xml:lang", ""))
    return ("bnode", "_:" + term["value"])


def _rdflib_cell(term: Any) -> tuple[str, ...]:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or XSD_STRING), term.language or "")
    return ("bnode", term.n3())


def push(built: Any, url: str, timeout: float = 300.0) -> dict[str, int]:
    """PUT every named graph of a build to a Graph Store Protocol URL; returns {graph: bytes sent}.

    Each graph replaces the server's graph of the same name, so pushing a new build
    over an old one leaves no stale triples in the graphs it names.
    """
    sent = {}
    for graph in graph_names(built.store):
        body = dump_graph(built.store, graph)
        target = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(
            target, data=body, method="PUT", headers={"Content-Type": formats.N_TRIPLES.media_type}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # an administrator's URL
            response.read()
        sent[graph] = len(body)
    return sent
