"""SPARQL 1.1 Protocol request parsing: every way to send an operation, and every way to get it wrong."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask, request

from service.sparql import request as protocol
from service.sparql.request import ProtocolError, SparqlRequest

APP = Flask(__name__)
LIMIT = 1000
FORM = "application/x-www-form-urlencoded"


def parse(method: str = "GET", path: str = "/sparql", **kwargs: object) -> SparqlRequest:
    with APP.test_request_context(path, method=method, **kwargs):
        return protocol.parse(request, LIMIT)


def status_of(method: str = "GET", path: str = "/sparql", **kwargs: object) -> int:
    with pytest.raises(ProtocolError) as failure:
        parse(method, path, **kwargs)
    return failure.value.status


def test_get_with_dataset_parameters() -> None:
    query = urlencode(
        [
            ("query", "ASK {}"),
            ("default-graph-uri", "urn:a"),
            ("default-graph-uri", "urn:b"),
            ("named-graph-uri", "urn:c"),
        ]
    )
    parsed = parse(path="/sparql?" + query)
    assert parsed == SparqlRequest("ASK {}", None, ("urn:a", "urn:b"), ("urn:c",))


def test_get_without_query_is_a_bare_request() -> None:
    assert parse() == SparqlRequest()


def test_post_form() -> None:
    parsed = parse("POST", data={"query": "ASK {}", "named-graph-uri": "urn:n", "format": "csv"})
    assert (parsed.query, parsed.named_graph_uris, parsed.format) == ("ASK {}", ("urn:n",), "csv")


def test_post_direct_takes_dataset_from_the_url() -> None:
    parsed = parse(
        "POST", "/sparql?default-graph-uri=urn:d", data="ASK {}", content_type="application/sparql-query"
    )
    assert (parsed.query, parsed.default_graph_uris) == ("ASK {}", ("urn:d",))


def test_update_by_form_and_direct() -> None:
    assert parse("POST", data={"update": "CLEAR ALL"}).update == "CLEAR ALL"
    direct = parse(
        "POST", "/sparql?using-graph-uri=urn:u", data="CLEAR ALL", content_type="application/sparql-update"
    )
    assert (direct.update, direct.default_graph_uris) == ("CLEAR ALL", ("urn:u",))


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/sparql?query=ASK{}&query=ASK{}", {}, 400),
        ("GET", "/sparql?update=CLEAR%20ALL", {}, 400),
        ("POST", "/sparql", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("POST", "/sparql", {"data": {"format": "csv"}}, 400),
        ("POST", "/sparql", {"data": "update=A&update=B", "content_type": FORM}, 400),
        ("POST", "/sparql?query=ASK{}", {"data": "ASK {}", "content_type": "application/sparql-query"}, 400),
        ("POST", "/sparql", {"data": "ASK {}", "content_type": "text/plain"}, 415),
        ("POST", "/sparql", {"data": "query=ASK%20%7B%7D"}, 415),
        (
            "POST",
            "/sparql",
            {"data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query; charset=UTF-16"},
            415,
        ),
        ("POST", "/sparql", {"data": b"ASK {\xff}", "content_type": "application/sparql-query"}, 400),
        ("GET", "/sparql?query=%FF", {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&format=%C0%AF", {}, 400),
        ("POST", "/sparql", {"data": "query=ASK%20%7B%FF%7D", "content_type": FORM}, 400),
        ("POST", "/sparql?query=ASK{}", {"data": {"query": "ASK {}"}}, 400),
        ("POST", "/sparql?update=CLEAR%20ALL", {"data": {"update": "CLEAR ALL"}}, 400),
        ("POST", "/sparql?query=ASK{}", {"data": {"update": "CLEAR ALL"}}, 400),
        ("GET", "/sparql?query=ASK{}&default-graph-uri=a%20b", {}, 400),
        ("GET", "/sparql?query=ASK{}&named-graph-uri=http://a/%C2%99", {}, 400),
        ("GET", "/sparql?query=ASK{}&default-graph-uri=relative/path", {}, 400),
        ("POST", "/sparql", {"data": {"update": "CLEAR ALL", "using-graph-uri": "urn:a b"}}, 400),
        ("PUT", "/sparql?query=ASK{}", {}, 405),
        ("GET", "/sparql?" + urlencode({"query": "#" * (LIMIT + 1)}), {}, 413),
        ("POST", "/sparql", {"data": "#" * (LIMIT + 1), "content_type": "application/sparql-query"}, 413),
        ("POST", "/sparql", {"data": "#" * (10 * LIMIT), "content_type": "application/sparql-query"}, 413),
    ],
)
def test_bad_requests(method: str, path: str, kwargs: dict, status: int) -> None:
    assert status_of(method, path, **kwargs) == status


def test_messages_say_what_was_wrong() -> None:
    with pytest.raises(ProtocolError) as failure:
        parse(path="/sparql?query=%FF")
    assert "UTF-8" in failure.value.message
    with pytest.raises(ProtocolError) as failure:
        parse(path="/sparql?query=ASK{}&default-graph-uri=a%20b")
    assert "default-graph-uri" in failure.value.message and "not a valid IRI" in failure.value.message


def test_405_names_the_allowed_methods() -> None:
    with pytest.raises(ProtocolError) as failure:
        parse("DELETE")
    assert failure.value.headers["Allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("headers", "path", "expected"),
    [
        ({"Authorization": "Bearer s3cret"}, "/sparql", True),
        ({"Authorization": "bearer s3cret"}, "/sparql", True),
        ({}, "/sparql?access_token=s3cret", True),
        ({"Authorization": "Bearer wrong"}, "/sparql", False),
        ({"Authorization": "Basic s3cret"}, "/sparql", False),
        ({}, "/sparql", False),
    ],
)
def test_admin_token(headers: dict[str, str], path: str, expected: bool) -> None:
    with APP.test_request_context(path, headers=headers):
        assert protocol.is_admin(request, "s3cret") is expected
        assert protocol.is_admin(request, "") is False
