"""The IRI check agrees with Oxigraph's IRI parser, so no checked IRI can fail a query later."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.sparql.iri import InvalidIriError, check_iri, resolve

# characters that make IRIs hard: delimiters, escapes, controls, spaces, non-ASCII, private use
_ALPHABET = list("abcz019:/?#[]@!$&'()*+,;=%-._~<>\"{}|^`\\ ") + [
    "\x00",
    "\x1f",
    "\x7f",
    "\x99",
    "\xa0",
    "é",
    "’",
    "\ue000",
    "\ufffe",
    "\U0001f600",
]
_PREFIXES = ["http://", "https://example.org/", "urn:", "http://[::1]/", "http://a:80", "mailto:", "", "x:"]


@settings(max_examples=3000, deadline=None)
@given(prefix=st.sampled_from(_PREFIXES), rest=st.text(alphabet=_ALPHABET, max_size=24))
def test_every_iri_the_check_accepts_oxigraph_accepts(prefix: str, rest: str) -> None:
    text = prefix + rest
    try:
        check_iri(text)
    except InvalidIriError:
        return
    pyoxigraph.NamedNode(text)  # raises ValueError if the check let through what the engine refuses


@pytest.mark.parametrize(
    "iri",
    [
        "https://sociaaldomein.example/id/gemeente/s-hertogenbosch",
        "https://example.org/gemeente/’s-Hertogenbosch",
        "http://[::1]:8080/sparql?query=ASK%7B%7D#top",
        "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0344",
        "http://www.w3.org/2000/01/rdf-schema#label",
    ],
)
def test_real_iris_pass(iri: str) -> None:
    assert check_iri(iri) == iri


@pytest.mark.parametrize(
    "text",
    ["gemeente/utrecht", "http://a/b c", "http://a/%zz", "http://a/\x99", "http://a/<x>", "http://[zz]/", ""],
)
def test_what_is_no_iri_is_refused_with_the_status_asked_for(text: str) -> None:
    with pytest.raises(InvalidIriError) as refused:
        check_iri(text, status=404)
    assert refused.value.status == 404 and "geen geldige IRI / not a valid IRI" in str(refused.value)


RFC_3986_BASE = "http://a/b/c/d;p?q"
RFC_3986_EXAMPLES = {  # RFC 3986 §5.4.1 and §5.4.2
    "g:h": "g:h",
    "g": "http://a/b/c/g",
    "./g": "http://a/b/c/g",
    "g/": "http://a/b/c/g/",
    "/g": "http://a/g",
    "//g": "http://g",
    "?y": "http://a/b/c/d;p?y",
    "g?y": "http://a/b/c/g?y",
    "#s": "http://a/b/c/d;p?q#s",
    "g#s": "http://a/b/c/g#s",
    "g?y#s": "http://a/b/c/g?y#s",
    ";x": "http://a/b/c/;x",
    "g;x": "http://a/b/c/g;x",
    "g;x?y#s": "http://a/b/c/g;x?y#s",
    "": "http://a/b/c/d;p?q",
    ".": "http://a/b/c/",
    "./": "http://a/b/c/",
    "..": "http://a/b/",
    "../": "http://a/b/",
    "../g": "http://a/b/g",
    "../..": "http://a/",
    "../../": "http://a/",
    "../../g": "http://a/g",
    "../../../g": "http://a/g",
    "../../../../g": "http://a/g",
    "/./g": "http://a/g",
    "/../g": "http://a/g",
    "g.": "http://a/b/c/g.",
    ".g": "http://a/b/c/.g",
    "g..": "http://a/b/c/g..",
    "..g": "http://a/b/c/..g",
    "./../g": "http://a/b/g",
    "./g/.": "http://a/b/c/g/",
    "g/./h": "http://a/b/c/g/h",
    "g/../h": "http://a/b/c/h",
    "g;x=1/./y": "http://a/b/c/g;x=1/y",
    "g;x=1/../y": "http://a/b/c/y",
    "g?y/./x": "http://a/b/c/g?y/./x",
    "g?y/../x": "http://a/b/c/g?y/../x",
    "g#s/./x": "http://a/b/c/g#s/./x",
    "g#s/../x": "http://a/b/c/g#s/../x",
    "http:g": "http:g",
}


@pytest.mark.parametrize(("reference", "target"), RFC_3986_EXAMPLES.items())
def test_resolution_follows_rfc_3986(reference: str, target: str) -> None:
    assert resolve(reference, RFC_3986_BASE) == target


@pytest.mark.parametrize("reference", ["g", "../g", "//g/x", "?y", "#s", "g;x=1/../y"])
def test_resolution_agrees_with_oxigraph(reference: str) -> None:
    """Oxigraph resolves a query's relative IRIs against its base; the gate must get the same IRI."""
    query = f"SELECT (<{reference}> AS ?x) WHERE {{}}"
    row = next(iter(pyoxigraph.Store().query(query, base_iri=RFC_3986_BASE)))
    assert row["x"].value == resolve(reference, RFC_3986_BASE)
