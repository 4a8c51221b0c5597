"""Security headers on every kind of response, and error bodies that never turn input into markup.

Markup that a client puts in a query, a path or a parameter must come back as text:
escaped in HTML, ``\\u`` escaped in JSON, and in plain text only under ``text/plain``
with ``nosniff``, so that no browser reads it as a page.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from flask import Flask

from service import create_app
from service.web.errors import error_response
from service.web.headers import CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKUP = (SCRIPT, ATTRIBUTE)
ERROR_FORMS = ("text/html", "application/json", "text/plain")

#: One request of every kind: page, JSON, RDF, SPARQL results, error, static file, redirect.
RESPONSES = {
    "home page": ("/", None, 200),
    "entity page": ("/doc/gemeente/utrecht", None, 200),
    "turtle twin": ("/doc/gemeente/utrecht.ttl", None, 200),
    "json-ld by accept": ("/doc/gemeente/utrecht", "application/ld+json", 200),
    "search json": ("/search.json?q=utrecht", None, 200),
    "sparql results": ("/sparql?query=ASK%7B%7D", "application/sparql-results+json", 200),
    "sparql page": ("/sparql", "text/html", 200),
    "static css": ("/static/style.css", None, 200),
    "static js": ("/static/sparql/editor.js", None, 200),
    "redirect": ("/id/gemeente/utrecht", "text/html", 303),
    "health": ("/healthz", None, 200),
    "unknown entity": ("/doc/gemeente/nergenshuizen", "text/html", 404),
    "unknown route html": ("/bestaat/niet", "text/html", 404),
    "unknown route json": ("/bestaat/niet", "application/json", 404),
    "unknown route text": ("/bestaat/niet", "text/plain", 404),
    "malformed query": ("/sparql?query=SELECT", "application/json", 400),
    "wrong method": ("/healthz", None, 405),
}


@pytest.mark.parametrize("kind", list(RESPONSES))
def test_every_kind_of_response_carries_the_security_headers(site_client, kind: str) -> None:
    path, accept, status = RESPONSES[kind]
    method = site_client.post if kind == "wrong method" else site_client.get
    with method(path, headers={"Accept": accept} if accept else {}) as response:  # closes a static file
        assert response.status_code == status
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, name


def test_policy_allows_only_this_origin() -> None:
    """No inline or eval'd code, no other host, no plugins, no framing."""
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "unsafe-hashes" not in CONTENT_SECURITY_POLICY
    allowed = {source for value in CSP_DIRECTIVES.values() for source in value.split()}
    assert allowed <= {"'self'", "'none'", "data:"}
    for directive in ("default-src", "script-src", "style-src"):
        assert CSP_DIRECTIVES[directive] == "'self'"
    assert CSP_DIRECTIVES["object-src"] == CSP_DIRECTIVES["frame-ancestors"] == "'none'"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"


def assert_inert(response, markup: str) -> None:
    """The markup is not in the body as markup, whichever of the three forms the body has."""
    body = response.get_data(as_text=True)
    assert response.mimetype in ERROR_FORMS
    if response.mimetype == "text/plain":
        return  # shown as text (nosniff): the message may quote the input as it was
    assert markup not in body
    if response.mimetype == "application/json":
        assert "<" not in body and ">" not in body
        json.loads(body)


def assert_served_inert(response, markup: str) -> None:
    """As ``assert_inert``, for a whole answer: with the header that keeps a browser to the given type."""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_inert(response, markup)


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("accept", ERROR_FORMS)
def test_error_response_escapes_a_message_quoting_input(site_app: Flask, accept: str, markup: str) -> None:
    """Whatever a message quotes, HTML escapes it and JSON writes its brackets as escapes."""
    message = f"error at 1:8: unexpected {markup}"
    with site_app.test_request_context("/sparql", headers={"Accept": accept}):
        response = error_response(400, message)
    assert response.mimetype == accept
    assert_inert(response, markup)
    body = response.get_data(as_text=True)
    if accept == "application/json":
        assert json.loads(body)["message"] == message
    elif accept == "text/html":
        assert "unexpected &lt;" in body or "unexpected &#34;&gt;&lt;" in body


def test_error_template_string_is_autoescaped_without_a_file_name(site_app: Flask) -> None:
    """Flask autoescapes a template string too; the error template says so itself as well."""
    from flask import render_template_string

    with site_app.test_request_context("/"):
        assert render_template_string("{{ x }}", x=SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("accept", ERROR_FORMS)
def test_malformed_query_with_markup(site_client, accept: str, markup: str) -> None:
    """On /sparql: the query page (HTML) shows the query in its textarea, escaped; JSON and text quote nothing raw."""
    query = f'SELECT * WHERE {{ ?s ?p "</textarea>{markup}" '
    response = site_client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 400
    assert_served_inert(response, markup)
    if accept == "text/html":
        assert "&lt;/textarea&gt;" in response.get_data(as_text=True)


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("accept", ERROR_FORMS)
@pytest.mark.parametrize("prefix", ["/doc/gemeente/", "/def/", "/", "/klasse/", "/search?q="])
def test_unknown_path_or_parameter_with_markup(site_client, prefix: str, accept: str, markup: str) -> None:
    """An unknown /doc/ path, an unknown term, an unknown route, a bad class, a search: never markup back."""
    response = site_client.get(prefix + quote(markup, safe=""), headers={"Accept": accept})
    assert response.status_code in (200, 404, 406)
    assert_served_inert(response, markup)


@pytest.mark.parametrize("bug", [ValueError("bad value"), RuntimeError("oops"), KeyError("results")])
def test_an_unexpected_error_is_a_500_without_a_traceback(site_build, monkeypatch, bug: Exception) -> None:
    """No handler turns an internal bug into a 4xx: tests see the exception, clients a bare 500."""

    class Broken:
        def query(self, *_: object) -> None:
            raise bug

    monkeypatch.setattr("service.web.sparql.get_engine", Broken)
    app = create_app({"TESTING": True, "STORE": str(site_build.folder)})
    with pytest.raises(type(bug)):
        app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    app.config["PROPAGATE_EXCEPTIONS"] = False
    for accept in ("text/plain", "application/json", "text/html"):
        response = app.test_client().get(
            "/sparql", query_string={"query": "ASK {}"}, headers={"Accept": accept}
        )
        assert response.status_code == 500, accept
        assert "Traceback" not in response.text and str(bug) not in response.text
