"""Citing the graph: the "Citeer dit" texts of the pages, and the checksum of a query result.

The BibTeX a page gives is read back by a small strict parser written here (not by the
code under test); the checksum on the query page is recomputed from the endpoint's own
SPARQL JSON answer of the same query.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from service.render import citation
from service.render.result_checksum import canonical_form, result_sha256
from service.web.query_page import CHECKSUM_HEADER
from tests.html_checks import strict_html
from tests.test_datasets import cube_app  # noqa: F401 (a fixture: the dataset pages' build)
from tests.test_pages import STUDY

BROWSER = {"Accept": "text/html"}
PAGES = ("/", "/doc/" + STUDY)
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


# --- a strict BibTeX reader: one entry, balanced braces, known fields, nothing left over ---


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """(type, key, fields) of exactly one entry; fails on anything it does not understand."""
    match = re.fullmatch(r"\s*@(\w+)\{([A-Za-z0-9_.:-]+),(.*)\}\s*", text, re.S)
    assert match, f"not one BibTeX entry: {text!r}"
    kind, key, body = match.groups()
    fields: dict[str, str] = {}
    at = 0
    while at < len(body):
        field = re.compile(r"\s*(\w+)\s*=\s*\{").match(body, at)
        assert field, f"expected a field at {body[at:]!r}"
        name, at = field.group(1).lower(), field.end()
        value, at = _braced(body, at)
        assert name not in fields, f"field {name} twice"
        fields[name] = value
        rest = re.compile(r"\s*(,|$)").match(body, at)
        assert rest, f"expected a comma after {name}"
        at = rest.end() if rest.group(1) else len(body)
    return kind, key, fields


def _braced(body: str, at: int) -> tuple[str, int]:
    depth, start = 1, at
    while depth:
        assert at < len(body), "unbalanced braces"
        char = body[at]
        if char == "\\":
            at += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        at += 1
    return body[start : at - 1], at


def test_the_parser_refuses_unbalanced_braces() -> None:
    with pytest.raises(AssertionError):
        parse_bibtex("@misc{k, title = {a {b}}")


# --- the texts of the pages ---


def _cite_texts(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {pre["data-cite-style"]: pre.get_text() for pre in soup.select("#citeer pre.cite-text")}


@pytest.fixture
def pages(site_client, cube_app):  # noqa: F811
    """(client, path) of each kind of cited page: the homepage, an entity page, a dataset page."""
    return [
        (site_client, PAGES[0]),
        (site_client, PAGES[1]),
        (cube_app.test_client(), "/datasets/demo-reeks"),
    ]


def test_every_cited_page_gives_bibtex_that_parses(pages) -> None:
    for client, path in pages:
        response = client.get(path, headers=BROWSER)
        assert response.status_code == 200, path
        texts = _cite_texts(response.get_data(as_text=True))
        assert set(texts) == {"apa", "bibtex", "ris"}, path
        kind, key, fields = parse_bibtex(texts["bibtex"])
        assert kind == "misc" and key.startswith("sdkg-"), path
        assert fields["author"] == "{Sociaal Domein Kennisgraaf}"
        assert fields["howpublished"] == r"\url{http://localhost" + path + "}"
        assert fields["note"] == "Release: nog niet uitgebracht"
        assert fields["urldate"] == citation.ACCESSED
        assert "year" not in fields, "an unreleased build has no release year"


def test_apa_and_ris_name_the_page_url_and_the_release(pages) -> None:
    for client, path in pages:
        texts = _cite_texts(client.get(path, headers=BROWSER).get_data(as_text=True))
        url = "http://localhost" + path
        assert texts["apa"].startswith("Sociaal Domein Kennisgraaf. (z.d.). ")
        assert "(Release: nog niet uitgebracht)" in texts["apa"] and texts["apa"].endswith(url)
        assert f"UR  - {url}" in texts["ris"].splitlines() and texts["ris"].startswith("TY  - DATA")


def test_the_entity_page_cites_the_entity_by_its_label(site_client) -> None:
    html = site_client.get("/doc/" + STUDY, headers=BROWSER).get_data(as_text=True)
    heading = BeautifulSoup(html, "html.parser").select_one("h1").contents[0].strip()
    _, _, fields = parse_bibtex(_cite_texts(html)["bibtex"])
    assert fields["title"] == citation.bibtex_escape(heading)


def test_a_release_is_named_with_its_year() -> None:
    cited = citation.Cited("Wmo 2015 {x} 100%", "https://x.example/doc/a_b#c", "2027.01.2")
    _, key, fields = parse_bibtex(citation.bibtex(cited))
    assert key == "sdkg-wmo-2015-x-100-2027.01.2"
    assert fields["year"] == "2027" and fields["note"] == "Release 2027.01.2"
    assert fields["title"] == r"Wmo 2015 \{x\} 100\%"
    assert fields["howpublished"] == r"\url{https://x.example/doc/a_b\#c}"
    assert citation.apa(cited).startswith(
        "Sociaal Domein Kennisgraaf. (2027). Wmo 2015 {x} 100% (Release 2027.01.2)"
    )


def test_no_date_of_today_is_baked_into_the_pages(pages, site_client) -> None:
    now = datetime.now(UTC)
    days = {(now + timedelta(days=shift)).date() for shift in (-1, 0, 1)}  # any reader's time zone
    for client, path in [*pages, (site_client, "/sparql?query=ASK%7B%7D&format=html")]:
        soup = BeautifulSoup(client.get(path, headers=BROWSER).get_data(as_text=True), "html.parser")
        # the citation parts (the homepage's "gebouwd <date>" is the build's date, not the reader's)
        cited = " ".join(part.get_text() for part in soup.select("#citeer, .result-proof"))
        assert citation.ACCESSED in cited, path
        for day in days:
            for form in citation.accessed_forms(day).values():
                assert form not in cited, (path, form)


def test_the_access_date_script_is_ours_and_no_script_is_inline(pages, site_client) -> None:
    for client, path in pages:
        soup = strict_html(client.get(path, headers=BROWSER).data)
        # JSON-LD blocks (home and dataset pages) are data for search engines, never run
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert [s.get("src") for s in scripts] == ["/static/cite.js"], path
        assert all(not (s.string or "").strip() for s in scripts), path
    with site_client.get("/static/cite.js") as script:
        assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
        assert "[datum van raadplegen]" in script.get_data(as_text=True)
        assert "script-src 'self'" in script.headers["Content-Security-Policy"]


def test_the_date_forms_match_the_script() -> None:
    forms = citation.accessed_forms(date(2027, 3, 5))
    assert forms == {"apa": "5 maart 2027", "bibtex": "2027-03-05", "ris": "2027/03/05"}


# --- the checksum of a result ---


def _uri(iri: str) -> tuple[str, str]:
    return ("uri", iri)


def _int(n: int) -> tuple[str, str, str, str]:
    return ("literal", str(n), XSD_INTEGER, "")


def test_row_order_and_blank_node_labels_do_not_change_the_checksum() -> None:
    rows = [[_uri("urn:a"), ("bnode", "_:x")], [_uri("urn:b"), ("bnode", "_:y")], [_uri("urn:c"), _int(3)]]
    other = [[_uri("urn:c"), _int(3)], [_uri("urn:b"), ("bnode", "_:q7")], [_uri("urn:a"), ("bnode", "_:p")]]
    one = {"variables": ["s", "o"], "rows": rows}
    assert result_sha256(one) == result_sha256({"variables": ["s", "o"], "rows": other})
    assert re.fullmatch(r"[0-9a-f]{64}", result_sha256(one))


def test_a_shared_blank_node_stays_shared() -> None:
    shared = [[_uri("urn:a"), ("bnode", "_:x")], [_uri("urn:b"), ("bnode", "_:x")]]
    apart = [[_uri("urn:a"), ("bnode", "_:x")], [_uri("urn:b"), ("bnode", "_:y")]]
    assert result_sha256({"variables": ["s", "o"], "rows": shared}) != result_sha256(
        {"variables": ["s", "o"], "rows": apart}
    )


def test_a_different_value_gives_a_different_checksum() -> None:
    base = {"variables": ["s", "o"], "rows": [[_uri("urn:a"), _int(3)]]}
    for changed in (
        {"variables": ["s", "o"], "rows": [[_uri("urn:a"), _int(4)]]},
        {"variables": ["s", "o"], "rows": [[_uri("urn:a"), ("literal", "3", citation_string(), "")]]},
        {"variables": ["s", "x"], "rows": [[_uri("urn:a"), _int(3)]]},
        {"variables": ["s", "o"], "rows": [[_uri("urn:a"), None]]},
    ):
        assert result_sha256(changed) != result_sha256(base), changed
    assert result_sha256({"boolean": True}) != result_sha256({"boolean": False})


def citation_string() -> str:
    return "http://www.w3.org/2001/XMLSchema#string"


def test_a_graph_is_canonical_n_triples() -> None:
    triples = [
        [("bnode", "_:g1"), _uri("urn:p"), ("literal", 'a "q"\nb', "", "NL")],
        [_uri("urn:s"), _uri("urn:p"), ("bnode", "_:g1")],
    ]
    assert canonical_form({"rows": triples}, graph=True) == (
        '<urn:s> <urn:p> _:b0 .\n_:b0 <urn:p> "a \\"q\\"\\nb"@nl .\n'
    )
    renamed = [[("bnode", "_:z") if c[0] == "bnode" else c for c in t] for t in reversed(triples)]
    assert result_sha256({"rows": renamed}, graph=True) == result_sha256({"rows": triples}, graph=True)


def _cells(binding: dict | None) -> tuple[str, ...] | None:
    """A SPARQL JSON term as a table cell, written here from the JSON format's own spec."""
    if binding is None:
        return None
    if binding["type"] == "uri":
        return ("uri", binding["value"])
    if binding["type"] == "bnode":
        return ("bnode", "_:" + binding["value"])
    return (
        "literal",
        binding["value"],
        binding.get("datatype", citation_string()),
        binding.get("xml:lang", ""),
    )


QUERY = "SELECT ?wet ?naam WHERE { ?wet a sdo:Wet ; rdfs:label ?naam }"


def test_the_query_page_shows_and_sends_the_checksum_of_the_result(site_client) -> None:
    response = site_client.get("/sparql", query_string={"query": QUERY, "format": "html"}, headers=BROWSER)
    assert response.status_code == 200
    answer = site_client.get(
        "/sparql", query_string={"query": QUERY}, headers={"Accept": "application/sparql-results+json"}
    ).json
    names = answer["head"]["vars"]
    table = {
        "variables": names,
        "rows": [[_cells(b.get(n)) for n in names] for b in answer["results"]["bindings"]],
    }
    assert table["rows"], "the fixture has laws"
    expected = result_sha256(table)
    assert response.headers[CHECKSUM_HEADER] == expected
    soup = strict_html(response.data)
    assert soup.select_one("code.result-sha256").get_text() == expected
    texts = _cite_texts(response.get_data(as_text=True))
    _, _, fields = parse_bibtex(texts["bibtex"])
    assert expected in fields["note"] and "sdo:Wet" in fields["note"]
    assert fields["howpublished"].startswith(r"\url{http://localhost/sparql?query=")
    assert citation.ACCESSED in soup.select_one(".result-proof").get_text()


def test_an_ask_result_has_the_checksum_of_its_boolean(site_client) -> None:
    response = site_client.get("/sparql", query_string={"query": "ASK {}", "format": "html"}, headers=BROWSER)
    assert response.headers[CHECKSUM_HEADER] == result_sha256({"boolean": True})


def test_a_page_without_a_result_has_no_checksum(site_client) -> None:
    assert CHECKSUM_HEADER not in site_client.get("/sparql", headers=BROWSER).headers


# --- in a real browser: the reader's clock fills in the date, and nothing breaks the CSP ---


@pytest.mark.browser
@pytest.mark.slow
def test_the_browser_fills_in_the_access_date(browser, site_url: str) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        problems: list[str] = []
        tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        tab.clock.set_fixed_time(datetime(2027, 3, 5, 12, 0))
        tab.goto(site_url + "/doc/" + STUDY)
        tab.wait_for_selector("html[data-cite-accessed]")
        texts = {style: tab.locator(f"#citeer pre[data-cite-style={style}]").inner_text() for style in STYLES}
        assert "Geraadpleegd op 5 maart 2027, van " in texts["apa"]
        assert parse_bibtex(texts["bibtex"])[2]["urldate"] == "2027-03-05"
        assert "Y2  - 2027/03/05" in texts["ris"].splitlines()
        assert citation.ACCESSED not in " ".join(texts.values())
        tab.goto(site_url + "/sparql?" + urlencode({"query": QUERY, "format": "html"}))
        tab.wait_for_selector("html[data-cite-accessed]")
        assert tab.locator(".result-proof .cite-text").inner_text() == "5 maart 2027"
        tab.wait_for_selector("html[data-sparql-editor=ready]")
        tab.click("#sparql-form button[type=submit]")  # run in the page: the server's citation is a link away
        link = tab.locator("#results p.cite-link a")
        link.wait_for()
        assert "format=html" in (link.get_attribute("href") or "")
        link.click()
        tab.wait_for_selector("html[data-cite-accessed]")
        assert tab.locator("code.result-sha256").inner_text() == tab.evaluate(
            "fetch(location.href).then(r => r.headers.get('Sdkg-Result-Sha256'))"
        )
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_the_placeholder_stays(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + "/")
        assert citation.ACCESSED in tab.locator("#citeer pre[data-cite-style=apa]").inner_text()
    finally:
        context.close()


STYLES = ("apa", "bibtex", "ris")
