"""Random requests over every route of the site: bad input gets a 4xx, never a 5xx or a traceback.

Paths are built from the app's own URL rules, so a new route is fuzzed without
being listed here; their variable parts, the query parameters, Accept headers,
methods and bodies are drawn from ordinary values and hostile ones: percent-escapes
of C1 controls and of bytes that are no UTF-8, raw controls, other scripts, ``..``,
very long strings, quotes and angle brackets. SPARQL text stays short, so no query
runs long enough to time out. The draw is seeded: a failure names the seed and the
request number, and ``FUZZ_SEED`` replays it. The run ends after ``FUZZ_REQUESTS``
requests or ``FUZZ_SECONDS`` seconds, whichever comes first.
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import EnvironBuilder, TestResponse

from tests.conftest import BASE
from tests.test_scratch import TOKEN, TRIPLES, close, scratch_app

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("FUZZ_SEED", "20"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "3000"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "60"))

WORDS = [
    "gemeente", "utrecht", "Gemeente", "Rekenkameronderzoek", "Onderzoek", "publicatie", "nvrr", "vgn",
    "shapes", "dataset", "kennisgraaf-nvrr", "wet", "jeugdwet", "sectie", "label", "1", "0", "-1",
    "ttl", "sparql", "index.html",
]  # fmt: skip
#: page numbers, limits and years: the edges of the integer types behind them
NUMBERS = ["0", "-1", "1", "2", "2017", "1e3", "9" * 23, str(2**63), str(2**64), "0x10", "١٢"]
NASTY = [
    "%C2%99", "%C2%85", "%FF", "%C0%AF", "%00", "%0A", "%2F", "%25", "%2e%2e", "%E2%80%AE", "%ED%A0%80",
    "%EF%BF%BE", "%", "%G1", "\x85", "\x99", "\x7f", "\t", "é", "’s-Hertogenbosch", "𝔘", "\u202e", "\ufffe",
    "..", ".", "/", "//", "<>", '"', "'", "<script>", "{}|^`\\", " ", "%20", "+", "&", ";", "=", "#", "?",
    "javascript:alert(1)", "https://sociaaldomein.example/id/gemeente/utrecht", "urn:x", "a b",
]  # fmt: skip
SUFFIXES = [
    "",
    "",
    "",
    ".ttl",
    ".jsonld",
    ".nt",
    ".rdf",
    ".csv",
    ".csv-metadata.json",
    ".svg",
    ".json",
    ".%FF",
]
PARAMS = [
    "q", "in", "page", "sort", "wet", "gemeente", "thema", "jaar", "query", "update", "format",
    "default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri", "graph", "default",
    "access_token", "x", "%FF", "\x99",
]  # fmt: skip
QUERIES = [
    "ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "SELECT",
    "{", "ASK { <a b> ?p ?o }", "DESCRIBE <https://sociaaldomein.example/id/gemeente/utrecht>",
    "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "CLEAR ALL", "LOAD <http://127.0.0.1:9/x>",
    "SELECT * FROM <a%20b> { ?s ?p ?o } LIMIT 1", "ASK { ?s ?p \"\x99\" }",
]  # fmt: skip
ACCEPTS = [
    None, "*/*", "text/html", "text/turtle", "application/ld+json", "application/n-triples",
    "application/rdf+xml", "application/json", "application/sparql-results+json",
    "application/sparql-results+xml", "text/csv", "text/tab-separated-values", "image/png",
    "text/html;q=0", ";;q=abc,", "\x99/\x85", "*/*;q=2", "text/*, application/*;q=0.1",
]  # fmt: skip
METHODS = ["GET"] * 8 + ["HEAD", "POST", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
    "text/turtle", "application/ld+json", "multipart/form-data; boundary=x", "text/plain; charset=latin-1",
    "application/sparql-query; charset=utf-16", None,
]  # fmt: skip
_VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def text(rng: random.Random) -> str:
    """One random value: words and hostile pieces, sometimes very long."""
    if rng.random() < 0.03:
        return rng.choice("aé%\x99") * rng.choice([300, 5000, 70_000])
    if rng.random() < 0.15:
        return rng.choice(NUMBERS)
    return "".join(rng.choice(WORDS if rng.random() < 0.5 else NASTY) for _ in range(rng.randint(1, 4)))


def escaped(rng: random.Random, value: str) -> str:
    """The value as sent: percent-encoded, or raw so that its own %XX escapes arrive as written."""
    return quote(value, safe="") if rng.random() < 0.5 else value


def path_for(rng: random.Random, rule: Rule) -> str:
    """The rule's path with random values for its variables (several segments for ``path``)."""

    def value(match: re.Match[str]) -> str:
        count = rng.randint(1, 3) if match[1] == "path" else 1
        return "/".join(escaped(rng, text(rng)) for _ in range(count)) + rng.choice(SUFFIXES)

    return _VARIABLE.sub(value, rule.rule) if rng.random() < 0.9 else "/" + escaped(rng, text(rng))


def query_string(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        key = rng.choice(PARAMS)
        value = rng.choice(QUERIES) if key in ("query", "update") and rng.random() < 0.6 else text(rng)
        pairs.append(f"{escaped(rng, key)}={escaped(rng, value)}")
    return "&".join(pairs)


def body(rng: random.Random) -> dict:
    """Data and Content-Type for a request that carries a body."""
    content_type = rng.choice(CONTENT_TYPES)
    if content_type == "application/x-www-form-urlencoded":
        data: bytes | str = query_string(rng)
    else:
        data = rng.choice([rng.choice(QUERIES), text(rng), "<a> <b> <c> .", "\xff\xfe"]).encode("utf-8")
        data = data if rng.random() < 0.9 else data + b"\xff\xc0"
    return {"data": data, "content_type": content_type}


def known_paths(client: FlaskClient, pages: int = 40) -> list[str]:
    """Paths the site links to, from a short crawl: the resources that exist, for bad parameters."""
    seen, queue, found = set(), ["/", "/klassen", "/datasets", "/downloads", "/def/"], set()
    while queue and len(seen) < pages:
        page = queue.pop(0)
        seen.add(page)
        links = set(re.findall(r'href="(/[^"?#]+)"', client.get(page).get_data(as_text=True)))
        found |= links
        queue += sorted(link for link in links - seen if not link.startswith(("/static/", "/dumps/")))
    return sorted(found)


def draw(rng: random.Random, rule: Rule, known: list[str]) -> tuple[str, dict]:
    """One random request for a rule (or a path that exists): its URL, the rest for EnvironBuilder."""
    method = rng.choice(METHODS)
    url = rng.choice(known) if rng.random() < 0.3 else path_for(rng, rule)
    if qs := query_string(rng):
        url += "?" + qs
    accept = rng.choice(ACCEPTS)
    extra = body(rng) if method in ("POST", "PUT", "PATCH") else {}
    return url, {"method": method, "headers": {"Accept": accept} if accept else {}, **extra}


def problem(response: TestResponse, path: str) -> str | None:
    """What is wrong with an answer, or None: a 5xx (but a query timeout's 503) or a traceback."""
    body_text = response.get_data().decode("utf-8", "replace")  # dumps are gzip
    if "Traceback (most recent call last)" in body_text or 'File "/' in body_text:
        return f"{response.status_code} with a traceback"
    timeout = response.status_code == 503 and "Retry-After" in response.headers
    if response.status_code >= 500 and not (timeout and path in ("/sparql", "/store")):
        return f"{response.status_code}: {body_text[:300]!r}"
    return None


def outcome(client: FlaskClient, url: str, options: dict) -> str | None:
    builder = EnvironBuilder(path=url, **options)
    try:
        with client.open(builder) as response:  # closes the file of a streamed dump
            return problem(response, builder.path)
    except Exception as error:  # TESTING propagates what would have been a 500
        return f"{type(error).__name__}: {str(error)[:300]}"


def fuzz(app: Flask, requests: int, seconds: float) -> None:
    """Send random requests, every rule in turn so each route gets its share however short the run."""
    rng = random.Random(SEED)
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    client = app.test_client()
    known = known_paths(client)
    deadline, failures, sent = time.monotonic() + seconds, [], 0
    while sent < requests and time.monotonic() < deadline:
        url, options = draw(rng, rules[sent % len(rules)], known)
        if found := outcome(client, url, options):
            shown = {k: v for k, v in options.items() if k != "data"}
            failures.append(f"FUZZ_SEED={SEED} request {sent}: {url!r} {shown} -> {found}")
        sent += 1
    assert len(known) > 10 and sent >= 2 * len(rules), f"{len(known)} paths, {sent} requests in {seconds:g} s"
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:20])


def test_random_requests_never_fail_on_the_server(site_app: Flask) -> None:
    fuzz(site_app, REQUESTS, SECONDS)


def test_random_requests_to_a_scratch_store(tmp_path: Path) -> None:
    """The writable store serves the same pages from other code paths (snapshots, no build.json)."""
    app = scratch_app(tmp_path / "scratch")
    try:
        client = app.test_client()
        put = client.put(
            f"/store?graph={BASE}graph/proef", data=TRIPLES, content_type="text/turtle", headers=TOKEN
        )
        assert put.status_code == 201
        fuzz(app, REQUESTS // 5, SECONDS / 5)
    finally:
        close(app)
