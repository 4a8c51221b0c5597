"""The federated example questions, run against a stand-in for Wikidata on loopback.

Each example in ``service/queries/federated/`` is run with the Wikidata endpoint IRI
replaced by a local Oxigraph server that holds a small Wikidata-shaped graph: one item
per gemeente of ``data/kern/gemeenten.ttl`` carrying its CBS code (``wdt:P382``), so
the join on that code is tested on the codes our data really has. The server sits
behind a proxy that counts requests: with the URL on the allowlist the rows must come
back joined; with the default empty allowlist the query must be refused naming the
endpoint, and the count must stay zero. Nothing here reaches the internet.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from service import create_app
from service import settings as config
from service.build.pipeline import BuildSettings, build
from service.sparql.gate import parse_allowlist
from service.web import query_page
from service.web.query_page import Example, federated_examples
from tests.conftest import BASE, PROJECT, SITE, close_app
from tests.servers import read_only_oxigraph

WIKIDATA = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SDO = Namespace(BASE + "def/")
GEMEENTEN = PROJECT / "data" / "kern" / "gemeenten.ttl"
ALLOWLIST_FILE = PROJECT / "service" / "queries" / "federated" / "allowlist.env"
JSON = {"Accept": "application/sparql-results+json"}


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of our data as the join sees it: IRI, CBS code, name, Wikidata link if any."""

    iri: str
    code: str
    label: str
    match: str | None


def our_gemeenten() -> list[Gemeente]:
    """Every gemeente with a CBS code in ``data/kern/gemeenten.ttl``, by code."""
    graph = Graph().parse(GEMEENTEN, format="turtle")
    found = []
    for iri in graph.subjects(RDF.type, SDO.Gemeente):
        code = graph.value(iri, SDO.cbsGemeentecode)
        if code is None:
            continue
        matches = [str(m) for m in graph.objects(iri, SKOS.exactMatch) if str(m).startswith(WD)]
        label = next(str(name) for name in graph.objects(iri, RDFS.label) if name.language == "nl")
        found.append(Gemeente(str(iri), str(code), label, matches[0] if matches else None))
    return sorted(found, key=lambda gemeente: gemeente.code)


GEMEENTEN_BY_CODE = {gemeente.code: gemeente for gemeente in our_gemeenten()}
#: The one gemeente whose stand-in item differs from our link, so a mismatch has something to find.
MISMATCHED = next(gemeente for gemeente in GEMEENTEN_BY_CODE.values() if gemeente.match)


def remote_item(gemeente: Gemeente) -> str:
    """The stand-in's item for a gemeente: our own link where we have one (but for MISMATCHED)."""
    if gemeente is MISMATCHED:
        return f"{WD}Q-test-other-{gemeente.code}"
    return gemeente.match or f"{WD}Q-test-{gemeente.code}"


def wikidata_shaped() -> str:
    """The stand-in's data: per gemeente an item with its CBS code and names, and one code we lack."""
    graph = Graph()
    for gemeente in GEMEENTEN_BY_CODE.values():
        item = URIRef(remote_item(gemeente))
        graph.add((item, WDT.P382, Literal(gemeente.code)))
        graph.add((item, RDFS.label, Literal(gemeente.label, lang="nl")))
        graph.add((item, RDFS.label, Literal(f"{gemeente.label} (municipality)", lang="en")))
    elsewhere = URIRef(f"{WD}Q-test-elsewhere")
    graph.add((elsewhere, WDT.P382, Literal("GM9999")))
    graph.add((elsewhere, RDFS.label, Literal("Nergenshuizen", lang="nl")))
    return graph.serialize(format="nt")


class CountingProxy:
    """A loopback HTTP server that passes every request on to ``target`` and counts them."""

    def __init__(self, target: str) -> None:
        self.target, self.requests = target, 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.forward(self)

            def do_POST(self) -> None:
                proxy.forward(self)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, handler: BaseHTTPRequestHandler) -> None:
        """Pass one request on as it came (query string, body, content type, accept)."""
        self.requests += 1
        query = urlsplit(handler.path).query
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {k: v for k in ("Content-Type", "Accept") if (v := handler.headers.get(k))}
        request = urllib.request.Request(
            self.target + (f"?{query}" if query else ""), data=body, headers=headers, method=handler.command
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, kind, data = answer.status, answer.headers.get("Content-Type", ""), answer.read()
        except urllib.error.HTTPError as error:
            status, kind, data = error.code, error.headers.get("Content-Type", ""), error.read()
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountingProxy]:
    """The Wikidata stand-in: Oxigraph on loopback behind a counting proxy."""
    with read_only_oxigraph(tmp_path_factory.mktemp("wikidata"), wikidata_shaped()) as url:
        proxy = CountingProxy(url)
        yield proxy
        proxy.server.shutdown()
        proxy.server.server_close()


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture with our real gemeenten beside it, built by the real pipeline."""
    root = tmp_path_factory.mktemp("federation")
    shutil.copytree(SITE, root / "project")
    shutil.copy(GEMEENTEN, root / "project" / "data" / "kern" / "gemeenten.ttl")
    settings = BuildSettings(
        source_dir=root / "project", instance_dir=root / "instance", base_iri=BASE, skip_reasoner=True
    )
    return build(settings).folder


@pytest.fixture(scope="module")
def allowed(ours: Path, wikidata: CountingProxy) -> Iterator[Flask]:
    """Our graph served with the stand-in, and only it, on the allowlist."""
    app = create_app({"TESTING": True, "STORE": str(ours), "SERVICE_ALLOWLIST": wikidata.url})
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def default(ours: Path) -> Iterator[Flask]:
    """Our graph served as a default deployment is: an empty allowlist."""
    app = create_app({"TESTING": True, "STORE": str(ours)})
    yield app
    close_app(app)


def against(example: Example, endpoint: str) -> str:
    """The example's query with Wikidata's endpoint replaced by ``endpoint``."""
    assert example.endpoints == (WIKIDATA,), example.name
    return example.text.replace(WIKIDATA, endpoint)


def rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    """The SELECT's rows as plain values."""
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert response.status_code == 200, response.text
    return [
        {name: cell["value"] for name, cell in row.items()} for row in response.json["results"]["bindings"]
    ]


def example(name: str) -> Example:
    return next(example for example in federated_examples() if example.name == name)


@pytest.mark.parametrize("federated", federated_examples(), ids=lambda e: e.name)
def test_each_federated_example_joins_our_gemeente_with_the_remote_item_of_its_code(
    allowed: Flask, wikidata: CountingProxy, federated: Example
) -> None:
    before = wikidata.requests
    found = rows(allowed.test_client(), against(federated, wikidata.url))
    assert found and wikidata.requests > before, "the rows must come from the stand-in"
    for row in found:
        gemeente = GEMEENTEN_BY_CODE[row["code"]]
        assert row["gemeente"] == gemeente.iri
        assert row["item"] == remote_item(gemeente)
    assert "GM9999" not in {row["code"] for row in found}


def test_every_gemeente_with_a_cbs_code_gets_the_item_and_its_dutch_name(
    allowed: Flask, wikidata: CountingProxy
) -> None:
    found = rows(allowed.test_client(), against(example("gemeenten-wikidata"), wikidata.url))
    expected = [
        {"gemeente": g.iri, "code": g.code, "item": remote_item(g), "naamInWikidata": g.label}
        for g in GEMEENTEN_BY_CODE.values()
    ]
    assert found == expected
    assert {"GM0344", "GM0363", "GM0599"} <= {row["code"] for row in found}


def test_a_link_that_differs_from_the_item_of_the_code_is_found(
    allowed: Flask, wikidata: CountingProxy
) -> None:
    found = rows(allowed.test_client(), against(example("wikidata-koppelingen-controleren"), wikidata.url))
    assert {row["gemeente"] for row in found} == {g.iri for g in GEMEENTEN_BY_CODE.values() if g.match}
    differing = [row for row in found if row["gelijk"] == "false"]
    assert found[0] == differing[0], "the links to look at come first"
    assert [(row["gemeente"], row["onzeKoppeling"]) for row in differing] == [
        (MISMATCHED.iri, MISMATCHED.match)
    ]
    assert all(row["onzeKoppeling"] == row["item"] for row in found if row["gelijk"] == "true")


@pytest.mark.parametrize("federated", federated_examples(), ids=lambda e: e.name)
def test_without_the_allowlist_the_example_is_refused_and_nothing_is_asked(
    default: Flask, allowed: Flask, wikidata: CountingProxy, federated: Example
) -> None:
    with urllib.request.urlopen(wikidata.url + "?query=ASK%7B%7D", timeout=10):
        pass  # the stand-in answers from here, so its silence below means something
    wikidata.requests = 0
    refusals = [
        (default, against(federated, wikidata.url), wikidata.url),
        (default, federated.text, WIKIDATA),  # as the page offers it
        (allowed, federated.text, WIKIDATA),  # the allowlist names endpoints exactly
    ]
    for app, query, endpoint in refusals:
        response = app.test_client().get("/sparql", query_string={"query": query}, headers=JSON)
        assert response.status_code == 403, response.text
        assert f"SERVICE <{endpoint}> is not on the allowlist" in response.text
    assert wikidata.requests == 0


def test_the_example_allowlist_switches_on_exactly_what_the_examples_call() -> None:
    lines = [line for line in ALLOWLIST_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    values = dict(line.split("=", 1) for line in lines if not line.startswith("#"))
    assert set(values) == {config.ENV_PREFIX + "SERVICE_ALLOWLIST"}
    called = {endpoint for example in federated_examples() for endpoint in example.endpoints}
    assert parse_allowlist(config.from_environment(values)["SERVICE_ALLOWLIST"]) == called
    assert config.DEFAULTS["SERVICE_ALLOWLIST"] == "" and not parse_allowlist(
        config.from_environment({})["SERVICE_ALLOWLIST"]
    )
    # the way the file's own comment says to switch it on, in a shell
    script = f'set -a; . "{ALLOWLIST_FILE}"; set +a; "$PYTHON" -c "$PRINT"'
    shown = subprocess.run(
        ["sh", "-c", script],
        env={
            "PYTHON": str(PROJECT / ".venv" / "bin" / "python"),
            "PRINT": "from service.settings import from_environment; print(from_environment()['SERVICE_ALLOWLIST'])",
            "PYTHONPATH": str(PROJECT),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert parse_allowlist(shown.stdout) == called


def test_where_the_operator_allows_wikidata_the_page_says_so(ours: Path) -> None:
    """Only the page is looked at: running the example here would ask the real Wikidata."""
    app = create_app({"TESTING": True, "STORE": str(ours), "SERVICE_ALLOWLIST": WIKIDATA})
    try:
        listing = app.test_client().get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "federated-examples" in listing and "niet toegestaan" not in listing
        with app.test_request_context("/sparql"):
            shown = query_page.page_response(example("gemeenten-wikidata").text).get_data(as_text=True)
        assert "Deze server staat dat toe." in shown and "niet toe:" not in shown
    finally:
        close_app(app)


@pytest.fixture(scope="module")
def real_allowed(real_build, wikidata: CountingProxy) -> Iterator[Flask]:
    """The real build served with the stand-in on the allowlist."""
    app = create_app({"TESTING": True, "STORE": str(real_build[1].folder), "SERVICE_ALLOWLIST": wikidata.url})
    yield app
    close_app(app)


@pytest.mark.slow
@pytest.mark.parametrize("federated", federated_examples(), ids=lambda e: e.name)
def test_every_federated_example_answers_on_the_real_build(
    real_allowed: Flask, wikidata: CountingProxy, federated: Example
) -> None:
    found = rows(real_allowed.test_client(), against(federated, wikidata.url))
    assert {row["code"] for row in found} >= {g.code for g in GEMEENTEN_BY_CODE.values() if g.match}
