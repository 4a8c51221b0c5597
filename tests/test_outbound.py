"""No outbound request a query author chooses: the SERVICE gate and the workers without network.

Each control is tested on its own. The gate: every spelling of SERVICE and LOAD we
know, and generated ones, must be refused or, where the gate lets a text through,
make the engine (run here, with network) contact nothing. The workers: a worker
without network cannot connect even when it evaluates a SERVICE itself. A loopback
listener records connections, and each test first shows that the listener can be
reached from here, so its silence means something.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import create_app
from service.build.pipeline import build
from service.sparql import gate
from service.sparql.tokens import LexicalError, tokenize
from service.store import isolation
from tests.conftest import close_app, copy_project, settings_for
from tests.servers import read_only_oxigraph

W3C = Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql-tests" / "sparql"
TOKEN = {"Authorization": "Bearer s3cret"}


class Listener:
    """A loopback server socket that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.host = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()
        self._prove_reachable()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def _prove_reachable(self) -> None:
        socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
        deadline = time.monotonic() + 2
        while self.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.connections == 1, "the listener must be reachable from the test process"
        self.connections = 0

    def silent(self) -> bool:
        time.sleep(0.2)  # a connection attempt already under way has landed by now
        return self.connections == 0


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.socket.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = tmp_path_factory.mktemp("outbound")
    build(settings_for(copy_project(root / "project"), root / "instance"))
    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": str(root / "instance"), "STORE": "", "QUERY_TIMEOUT": 5}
    )
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def spellings(url: str, host: str) -> list[str]:
    """SERVICE to ``url`` written every way we know, each a complete query."""
    port_path = url[len("http://") :]
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ep: <{host}> SELECT * WHERE {{ SERVICE ep:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX : <{host}> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX ep: <{host}> SELECT * WHERE {{ SERVICEep:sparql {{ ?s ?p ?o }} }}",
        f"PREFIXep: <{host}> SELECT * WHERE {{ SERVICE ep:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX: <{host}> SELECT * WHERE {{ SERVICE :sparql {{ }} }}",
        f"PREFIX SILENT: <{host}> SELECT * WHERE {{ SERVICE SILENT:sparql {{ }} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}>{{}} }}",
        f"SELECT * WHERE {{ SERVICE SILENT<{url}>{{}} }}",
        f"SELECT * WHERE {{ OPTIONAL{{}}SERVICE<{url}>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(true)SERVICE<{url}>{{}} }}",
        f"BASE <{host}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"BASE <{host}a/b/> SELECT * WHERE {{ SERVICE <../../sparql> {{ ?s ?p ?o }} }}",
        f"BASE <{host}> PREFIX ep: <./> SELECT * WHERE {{ SERVICE ep:sparql {{ }} }}",
        f"BASE <http://elsewhere.example/> SELECT * WHERE {{ SERVICE <//{port_path}> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <{url[:-6]}\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <\\U00000068ttp://{port_path}> {{ }} }}",
        f"PREFIX ep: <{host}> SELECT * WHERE {{ SERVICE ep:spar\\-ql {{ }} }}",
        f"PREFIX ep: <{host}> SELECT * WHERE {{ SERVICE ep:%73parql {{ }} }}",
        f"PREFIX sdo: <http://x/> SELECT * WHERE {{ ?s sdo:x\\#y ?o . SERVICE <{url}> {{ }} }}",
        f"PREFIX sdo: <http://x/> SELECT * WHERE {{ ?s sdo:x\\'y ?o . SERVICE <{url}> {{ }} }}",
        f'PREFIX sdo: <http://x/> SELECT * WHERE {{ ?s sdo:x\\"y ?o . SERVICE <{url}> {{ }} }}',
        f"SELECT * WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o . SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 'it''s' . SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p '''a''b''' . SERVICE <{url}> {{ }} }}",
        f'SELECT * WHERE {{ ?s ?p """a""b\\"""" . SERVICE <{url}> {{ }} }}',
        f"SELECT * WHERE {{ ?s ?p 'a\\'b' . SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p '\\u0027' . SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE#c\r\n<{url}>{{}} }}",
        f"SELECT * WHERE {{\tSERVICE\t<{url}>\n{{ }} }}",
        f"SELECT * WHERE {{ VALUES ?ep {{ <{url}> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?ep) SERVICE $ep {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ }} UNION {{ SERVICE <{url}> {{ }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ }} }}",
        f"SELECT (EXISTS {{ SERVICE <{url}> {{ }} }} AS ?x) WHERE {{ }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE \\u003C{url}\\u003E {{ ?s ?p ?o }} }}",
    ]


def test_every_spelling_of_service_is_refused_and_nothing_is_contacted(
    client: FlaskClient, listener: Listener
) -> None:
    for query in spellings(listener.url, listener.host):
        for response in (
            client.get("/sparql", query_string={"query": query}),
            client.post("/sparql", data=query, content_type="application/sparql-query"),
            client.post("/sparql", data={"query": query}),
        ):
            assert response.status_code in (400, 403), (query, response.status_code, response.text)
    assert listener.silent()


def test_the_gate_alone_refuses_every_spelling_the_engine_would_call(listener: Listener) -> None:
    """Without the isolated workers: what the gate lets through, the engine (with network) must not call."""
    for query in spellings(listener.url, listener.host):
        if _gate_lets_through(query):
            _evaluate_here(query)
    assert listener.silent()


def _gate_lets_through(query: str) -> bool:
    try:
        gate.check_query(gate.read(query, "http://example.org/", {}), ())
    except (LexicalError, gate.FederationError):
        return False
    return True


def _evaluate_here(query: str) -> None:
    with contextlib.suppress(Exception):  # a refusal or a failed call alike: only a connection counts
        _consume(pyoxigraph.Store().query(query, base_iri="http://example.org/"))


def _consume(results: object) -> None:
    """Evaluate a result to the end: pyoxigraph evaluates lazily, as the rows are read."""
    if not isinstance(results, pyoxigraph.QueryBoolean):
        for _ in results:  # type: ignore[attr-defined]  # solutions and triples are iterable
            pass


# Generated spellings: text around SERVICE drawn from the escapes, comments, strings and IRIs that a
# lexical check could misread. Whatever the gate lets through is evaluated with the network on.
_BEFORE = [
    "",
    "?s sdo:x\\#y ?o .",
    "?s sdo:x\\'y ?o .",
    '?s sdo:x\\"y ?o .',
    "?s sdo:a\\.b ?o .",
    "?s <http://x/#a> ?o .",
    "?s ?p '#' .",
    '?s ?p "\\"" .',
    "?s ?p '''\n''' .",
    "?s ?p 'a' . # SERVICE\n",
    "?s ?p '\\u0023' .",
    "?s ?p <\\u0023> .",
    "FILTER(?s<?o)",
    "OPTIONAL{}",
    "?s ?p 1.5e3 .",
    "?s a sdo:x%23 .",
]
_KEYWORD = ["SERVICE", "service", "Service", "SERVICE SILENT", "SERVICESILENT", "SERVICE#\n", "SERVICE\t"]
_WRAP = ["{}", "FILTER EXISTS { {} }", "MINUS { {} }", "{ SELECT * WHERE { {} } }", "OPTIONAL { {} }"]


def _endpoints(listener: Listener) -> list[tuple[str, str]]:
    """(prologue, endpoint spelling) pairs that all name the listener."""
    host, url = listener.host, listener.url
    return [
        ("", f"<{url}>"),
        ("", f"<{url[:-1]}\\u006C>"),
        (f"PREFIX ep: <{host}> ", "ep:sparql"),
        (f"PREFIX : <{host}> ", ":sparql"),
        (f"PREFIXep: <{host}> ", "ep:sparql"),
        (f"BASE <{host}> ", "<sparql>"),
        (f"BASE <{host}x/> ", "<../sparql>"),
        (f"PREFIX ep: <{host}> ", "ep:spar\\-ql"),
    ]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_spellings_never_reach_the_listener(listener: Listener, data: st.DataObject) -> None:
    prologue, endpoint = data.draw(st.sampled_from(_endpoints(listener)))
    before = data.draw(st.sampled_from(_BEFORE))
    keyword = data.draw(st.sampled_from(_KEYWORD))
    glue = data.draw(st.sampled_from([" ", "", "\n", " # c\n"]))
    wrap = data.draw(st.sampled_from(_WRAP))
    pattern = wrap.replace("{}", f"{{ {keyword}{glue}{endpoint} {{ }} }}", 1)
    query = f"PREFIX sdo: <http://x/> {prologue}SELECT * WHERE {{ {before} {pattern} }}"
    listener.connections = 0
    if _gate_lets_through(query):
        _evaluate_here(query)
    assert listener.connections == 0, query


def test_from_and_graph_parameters_never_fetch(client: FlaskClient, listener: Listener) -> None:
    url = listener.host + "data.ttl"
    for query, params in (
        (f"SELECT * FROM <{url}> FROM NAMED <{url}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM<{url}> WHERE {{ ?s ?p ?o }}", {}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": url}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": url}),
    ):
        response = client.get("/sparql", query_string={"query": query, **params})
        assert response.status_code == 200 and response.json["results"]["bindings"] == []
    assert listener.silent()


# -- LOAD and SERVICE in updates, on a scratch store ------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("scratch")
    app = create_app({"TESTING": True, "STORE": str(folder), "WRITABLE": True, "ADMIN_TOKEN": "s3cret"})
    yield app
    close_app(app)


def test_load_is_never_executed_even_with_the_token(scratch: Flask, listener: Listener) -> None:
    client, url = scratch.test_client(), listener.url
    updates = [
        f"LOAD <{url}>",
        f"load silent <{url}> into graph <urn:g>",
        f"LOAD<{url}>",
        f"LOADSILENT<{url}>",
        f"PREFIX e: <{listener.host}> LOAD e:sparql",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}>",
        f"\\u004cOAD <{url}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "DELETE WHERE { ?s ?p ?o } ; INSERT { ?s ?p ?o } WHERE { SERVICE:x { ?s ?p ?o } }",
    ]
    for update in updates:
        response = client.post("/sparql", data={"update": update}, headers=TOKEN)
        assert response.status_code in (400, 403), (update, response.text)
    assert listener.silent()


# -- the second control: workers without network ------------------------------------------------


def _connect_after_isolation(port: int, result: multiprocessing.Queue) -> None:
    isolation.isolate_network()
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        result.put("connected")
    except OSError as error:
        result.put(f"refused: {error}")


def _service_after_isolation(url: str, result: multiprocessing.Queue) -> None:
    isolation.isolate_network()
    try:
        _consume(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        result.put("answered")
    except Exception as error:  # whatever the engine says, it must not have connected
        result.put(f"failed: {error}")


@pytest.mark.parametrize("target", [_connect_after_isolation, _service_after_isolation])
def test_code_in_a_worker_without_network_cannot_connect(listener: Listener, target) -> None:
    assert isolation.probe() is None, "this host must support network namespaces"
    context = multiprocessing.get_context("forkserver")
    result = context.Queue()
    process = context.Process(
        target=target, args=(listener.port if "connect" in target.__name__ else listener.url, result)
    )
    process.start()
    outcome = result.get(timeout=30)
    process.join(10)
    assert outcome.startswith(("refused", "failed")), outcome
    assert listener.silent()


def test_query_workers_have_no_network_and_federation_workers_have(app: Flask, client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    engine = app.extensions["sdkg.engine"]
    ours = os.readlink("/proc/self/ns/net")
    for worker in engine.pool._all:
        assert os.readlink(f"/proc/{worker.process.pid}/ns/net") != ours
    for worker in engine.federation_pool._all:
        assert os.readlink(f"/proc/{worker.process.pid}/ns/net") == ours


# -- allowlisted federation reaches a real second SPARQL server ------------------------------


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on loopback holding one labelled resource."""
    label = '<http://x/s> <http://www.w3.org/2000/01/rdf-schema#label> "op afstand"@nl .\n'
    with read_only_oxigraph(tmp_path_factory.mktemp("remote-oxigraph"), label) as url:
        yield url


@pytest.mark.slow
def test_allowlisted_service_answers_with_the_remote_rows(
    tmp_path_factory: pytest.TempPathFactory, remote: str
) -> None:
    root = tmp_path_factory.mktemp("federated")
    build(settings_for(copy_project(root / "project"), root / "instance"))
    app = create_app({"TESTING": True, "INSTANCE_DIR": str(root / "instance"), "SERVICE_ALLOWLIST": remote})
    client = app.test_client()
    host = remote.rsplit("/", 1)[0] + "/"
    queries = [  # one line each, with '#' in IRIs before the SERVICE
        f"SELECT ?o WHERE {{ SERVICE <{remote}> {{ <http://x/s> <http://www.w3.org/2000/01/rdf-schema#label> ?o }} }}",
        f"PREFIX r: <{host}> SELECT ?o WHERE {{ SERVICE r:query {{ ?s rdfs:label ?o }} }}",
        f"BASE <{host}> SELECT ?o WHERE {{ SERVICE SILENT <query> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }} }}",
    ]
    try:
        for query in queries:
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code == 200, (query, response.text)
            rows = response.json["results"]["bindings"]
            assert [row["o"]["value"] for row in rows] == ["op afstand"], query
        refused = client.get("/sparql", query_string={"query": queries[0].replace("/query", "/update")})
        assert refused.status_code == 403
    finally:
        app.extensions["sdkg.engine"].close()


# -- the gate costs only the query's own limits ------------------------------------------------


def _large_service_query(url: str) -> str:
    values = " ".join(f"<http://example.org/item/{i}>" for i in range(3200))
    return f"SELECT * WHERE {{ VALUES ?x {{ {values} }} SERVICE <{url}> {{ ?x ?p ?o }} }}"


def test_the_gate_runs_in_the_worker_not_in_the_server(
    client: FlaskClient, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    def server_must_not_read(*_: object) -> None:
        raise AssertionError("the server process read a query")

    monkeypatch.setattr(gate, "read", server_must_not_read)
    query = _large_service_query(listener.url)
    assert len(query.encode()) > 96_000
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 403 and "allowlist" in response.text
    assert listener.silent()


def test_large_gated_queries_do_not_slow_the_pages(
    site_client: FlaskClient, client: FlaskClient, listener: Listener
) -> None:
    query = _large_service_query(listener.url)
    statuses: list[int] = []

    def post() -> None:
        statuses.append(
            client.post("/sparql", data=query, content_type="application/sparql-query").status_code
        )

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    slowest = 0.0
    while any(t.is_alive() for t in threads):
        started = time.monotonic()
        assert site_client.get("/").status_code == 200
        slowest = max(slowest, time.monotonic() - started)
    for thread in threads:
        thread.join()
    assert statuses == [403] * 6
    assert slowest < 0.5, slowest


# -- the tokenizer reads what Oxigraph reads: the W3C syntax suite -----------------------------


def _syntax_files() -> list[Path]:
    folders = [W3C / "sparql11" / "syntax-query", *sorted((W3C / "sparql10").glob("syntax-sparql*"))]
    return sorted(p for folder in folders for p in folder.glob("*.rq"))


def _oxigraph_accepts(paths: list[str], result: multiprocessing.Queue) -> None:
    """Oxigraph's own verdict on each file, decided without network (some tests name SERVICE)."""
    isolation.isolate_network()
    verdicts = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
            _consume(pyoxigraph.Store().query(text, base_iri="http://example.org/"))
            verdicts[path] = True
        except SyntaxError:
            verdicts[path] = False
        except Exception:  # parsed, then failed to evaluate (a SERVICE without network)
            verdicts[path] = True
    result.put(verdicts)


def test_tokenizer_accepts_every_query_oxigraph_accepts_in_the_w3c_syntax_suite() -> None:
    files = _syntax_files()
    if not files:
        pytest.fail(f"the W3C SPARQL tests are missing: {W3C} (../shared must sit beside the clone)")
    context = multiprocessing.get_context("forkserver")
    result = context.Queue()
    process = context.Process(target=_oxigraph_accepts, args=([str(p) for p in files], result))
    process.start()
    verdicts = result.get(timeout=120)
    process.join(10)
    accepted = [Path(p) for p, ok in verdicts.items() if ok]
    assert len(accepted) > 200
    for path in accepted:
        text = path.read_text(encoding="utf-8")
        list(tokenize(text))  # raises LexicalError on a text the engine reads


def test_tokenizer_rejects_texts_the_engine_rejects_lexically() -> None:
    for text in [
        "SELECT * { \\u003Fs ?p ?o }",
        "SELECT * { ?s ?p 'a\nb' }",
        "SELECT * { ?s ?p ?o } \x00",
        "SELECT * { é }",
    ]:
        with pytest.raises(LexicalError):
            list(tokenize(text))


# -- start-up: a host without network namespaces -----------------------------------------------


def test_serve_warns_without_isolation_and_refuses_federation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import check_isolation

    monkeypatch.setattr(isolation, "probe", lambda: "unshare: operation not permitted")
    check_isolation({"SERVICE_ALLOWLIST": "", "ALLOW_UNISOLATED_FEDERATION": False})
    assert "keep network access" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        check_isolation(
            {"SERVICE_ALLOWLIST": "https://query.wikidata.org/sparql", "ALLOW_UNISOLATED_FEDERATION": False}
        )
    assert exited.value.code == 1 and "ALLOW_UNISOLATED_FEDERATION" in capsys.readouterr().err
    check_isolation(
        {"SERVICE_ALLOWLIST": "https://query.wikidata.org/sparql", "ALLOW_UNISOLATED_FEDERATION": True}
    )
