"""The query page of /sparql: without JavaScript over HTTP, and with it in a headless Chromium.

The HTTP tests use the site fixture build with ``MAX_ROWS`` set to 3, so the row cap
is easy to reach. The browser tests block every request that leaves 127.0.0.1, so
they also show that the page needs no CDN. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app, namespaces
from service.namespaces import PREFIXES
from service.sparql.prefix_lines import with_prefix_lines
from service.web.query_page import STARTER_QUERY, all_examples, examples, federated_examples
from tests.conftest import ARTIFACTS, BASE
from tests.html_checks import strict_html

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ORGANISATIONS = "SELECT ?organisatie ?naam WHERE { ?organisatie a sdo:Organisatie ; rdfs:label ?naam }"
LAWS_GRAPH = "CONSTRUCT { ?wet rdfs:label ?naam } WHERE { ?wet a sdo:Wet ; rdfs:label ?naam }"
MAX_ROWS = 3
RESULT_TYPES = {"JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml"}
RESULT_TYPES |= {"CSV": "text/csv", "TSV": "text/tab-separated-values"}
GRAPH_TYPES = {"Turtle": "text/turtle", "N-Triples": "application/n-triples"}
GRAPH_TYPES |= {"JSON-LD": "application/ld+json", "RDF/XML": "application/rdf+xml"}


@pytest.fixture(scope="module")
def app(site_build) -> Iterator[Flask]:
    app = create_app(
        {"TESTING": True, "STORE": str(site_build.folder), "MAX_ROWS": MAX_ROWS, "QUERY_WORKERS": 1}
    )
    yield app
    engine = app.extensions.get("sdkg.engine")
    if engine is not None:
        engine.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def shown(text: str) -> str:
    """An example as the page shows it: with the PREFIX lines of the fixture build's base IRI."""
    return with_prefix_lines(text, namespaces.prefixes(BASE))


def page(client: FlaskClient, **params: str):
    response = client.get("/sparql", query_string=params, headers=BROWSER)
    assert response.mimetype == "text/html", response.text
    return response, strict_html(response.text)


def test_page_is_valid_html_and_needs_nothing_from_elsewhere(client: FlaskClient) -> None:
    response, soup = page(client)
    assert response.status_code == 200
    form = soup.select_one("form#sparql-form")
    assert form["method"] == "get" and form["action"] == "/sparql"
    assert form.select_one("textarea[name=query]") is not None
    assert soup.select_one("script[type=module]")["src"] == "/static/sparql/editor.js"
    config = json.loads(soup.select_one("script#sparql-config").string)
    assert config["endpoint"] == "/sparql" and config["base"] == BASE and "%IRIS%" in config["labelQuery"]
    assets = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href]")]
    assert assets and all(asset.startswith("/") and not asset.startswith("//") for asset in assets)


def test_static_scripts_are_served(client: FlaskClient) -> None:
    for name in ("editor.js", "highlight.js", "complete.js", "results.js", "table.js", "editor.css"):
        with client.get(f"/static/sparql/{name}") as response:
            assert response.status_code == 200 and response.data, name


def test_the_form_works_without_javascript(client: FlaskClient) -> None:
    query = "SELECT ?wet ?naam WHERE { ?wet a sdo:Wet ; rdfs:label ?naam FILTER(LANG(?naam) = 'nl') }"
    response, soup = page(client, query=query, format="html")
    assert response.status_code == 200
    assert soup.select_one("textarea").text == query
    link = soup.select_one("table.results tbody a")
    assert link["href"] == "/doc/wet/participatiewet" and link.text == "Participatiewet"
    assert link["title"] == BASE + "id/wet/participatiewet"


def test_a_failing_query_keeps_the_query_and_says_why(client: FlaskClient) -> None:
    response, soup = page(client, query="SELECT * WHERE { ?s ?p }", format="html")
    assert response.status_code == 400
    assert "1:" in soup.select_one("pre.error").text
    assert soup.select_one("textarea").text == "SELECT * WHERE { ?s ?p }"


def test_a_parse_error_is_a_dutch_sentence_naming_line_and_column(client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  ?s ?p\n}"
    response, soup = page(client, query=query, format="html")
    assert response.status_code == 400
    detail = soup.select_one("pre.error").text  # the parser's own message, kept as the detail
    line, column = (int(n) for n in re.search(r"error at (\d+):(\d+)", detail).groups())
    sentence = soup.select_one(".error-sentence")
    assert sentence.text == f"De query bevat een fout op regel {line}, kolom {column}."
    assert (sentence["data-line"], sentence["data-column"]) == (str(line), str(column))
    context = soup.select_one("pre.error-context").text.split("\n")
    assert context[0] == query.split("\n")[line - 1] and context[1].strip() == "^"


def test_a_refused_service_reads_as_dutch(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <https://elders.example/sparql> { ?s ?p ?o } }"
    response, soup = page(client, query=query, format="html")
    assert response.status_code == 403
    assert "die de beheerder niet heeft toegestaan" in soup.select_one(".error-sentence").text
    assert soup.select_one(".error-sentence").get("data-line") is None


def test_the_row_count_reads_as_dutch(client: FlaskClient) -> None:
    _, two = page(client, query="SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    assert two.select_one("p.count").text == "2 rijen"
    _, one = page(client, query="SELECT ?n WHERE { VALUES ?n { 1 } }")
    assert one.select_one("p.count").text == "1 rij"
    _, ask = page(client, query="ASK { ?s a sdo:Wet }")
    assert ask.select_one("p.boolean").text == "ja (true)"


def test_truncated_flag_when_rows_exceed_max_rows(client: FlaskClient) -> None:
    _, soup = page(client, query="SELECT ?s ?label WHERE { ?s rdfs:label ?label }")
    table = soup.select_one("table.results")
    assert table["data-truncated"] == "true" and len(table.select("tbody tr")) == MAX_ROWS
    notice = soup.select_one(".truncated").text
    assert notice.startswith(f"Afgekapt: de eerste {MAX_ROWS} rijen.") and "rows" not in notice
    assert soup.select_one("p.count").text == f"{MAX_ROWS} rijen"
    _, small = page(client, query="SELECT ?s WHERE { ?s a sdo:Wet }")
    assert (
        small.select_one("table.results")["data-truncated"] == "false"
        and small.select_one(".truncated") is None
    )


def test_output_is_escaped(client: FlaskClient) -> None:
    evil = "<script>alert(1)</script>"
    response, soup = page(client, query=f'SELECT ?x WHERE {{ BIND("{evil}" AS ?x) }}')
    assert soup.select_one("table.results td").text == evil
    assert not any("alert" in (script.string or "") for script in soup.find_all("script"))
    assert evil not in response.text


@pytest.mark.parametrize(("query", "expected"), [(ORGANISATIONS, RESULT_TYPES), (LAWS_GRAPH, GRAPH_TYPES)])
def test_download_links_for_every_format(client: FlaskClient, query: str, expected: dict[str, str]) -> None:
    _, soup = page(client, query=query)
    links = {a.text: a["href"] for a in soup.select(".downloads a")}
    assert set(links) == set(expected)
    for label, href in links.items():
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype == expected[label], label
        assert parse_qs(urlsplit(href).query)["query"] == [query]


def test_examples_are_listed_each_with_its_own_url(client: FlaskClient) -> None:
    _, soup = page(client)
    listed = {a["href"]: a.text for a in soup.select(".examples a")}
    assert len(examples()) >= 12
    assert listed == {f"/sparql/examples/{example.name}": example.title for example in examples()}


@pytest.mark.parametrize("example", examples(), ids=lambda example: example.name)
def test_each_example_url_loads_its_query(client: FlaskClient, example) -> None:
    assert example.title and example.description and example.title != example.description
    response = client.get(f"/sparql/examples/{example.name}", headers=BROWSER)
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.location).query)["query"] == [shown(example.text)]
    assert "PREFIX sdo:" in shown(example.text)
    loaded, soup = page(client, query=shown(example.text))
    assert loaded.status_code == 200, soup.select_one("pre.error")
    assert soup.select_one("textarea").text == shown(example.text)
    assert soup.select_one(".example-note h2").text == example.title
    assert soup.select_one(f'.examples a[href="/sparql/examples/{example.name}"]')["aria-current"] == "page"


def test_examples_answered_by_our_graph_alone_call_no_service() -> None:
    """The default example run has no network and an empty allowlist: nothing there may need one."""
    assert examples() and all(not example.endpoints for example in examples())
    assert federated_examples() and all(example.endpoints for example in federated_examples())
    names = [example.name for example in all_examples()]
    assert len(names) == len(set(names)), "an example URL must name one query"


def test_federated_examples_are_listed_apart_with_their_endpoints(client: FlaskClient) -> None:
    _, soup = page(client)
    panel = soup.select_one(".federated-examples")
    assert "SERVICE_ALLOWLIST" in panel.text
    listed = {a["href"]: a.text for a in panel.select("a")}
    assert listed == {f"/sparql/examples/{e.name}": e.title for e in federated_examples()}
    for example in federated_examples():
        entry = panel.select_one(f'a[href="/sparql/examples/{example.name}"]').parent.text
        assert all(f"{endpoint}: niet toegestaan op deze server" in entry for endpoint in example.endpoints)
    assert not set(listed) & {a["href"] for a in soup.select(".examples a")}


@pytest.mark.parametrize("example", federated_examples(), ids=lambda example: example.name)
def test_a_federated_example_says_the_operator_must_allow_its_endpoint(client: FlaskClient, example) -> None:
    response = client.get(f"/sparql/examples/{example.name}", headers=BROWSER)
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.location).query)["query"] == [shown(example.text)]
    refused, soup = page(client, query=shown(example.text))
    assert refused.status_code == 403
    assert soup.select_one("textarea").text == shown(example.text)
    assert soup.select_one(".example-note h2").text == example.title
    note = soup.select_one(".example-note .federation-note").text
    assert "niet toe" in note and "SERVICE_ALLOWLIST" in note
    for endpoint in example.endpoints:
        assert (
            endpoint in note
            and f"SERVICE <{endpoint}> is not on the allowlist" in soup.select_one("pre.error").text
        )
    link = soup.select_one(f'.federated-examples a[href="/sparql/examples/{example.name}"]')
    assert link["aria-current"] == "page"


def test_an_example_written_without_prefix_lines_still_shows_its_title(client: FlaskClient) -> None:
    example = examples()[0]
    _, soup = page(client, query=example.text)
    assert soup.select_one(".example-note h2").text == example.title


def test_the_editor_starts_with_a_starter_query(client: FlaskClient) -> None:
    _, soup = page(client)
    assert soup.select_one("textarea").text == shown(STARTER_QUERY)
    assert "PREFIX sdo:" in soup.select_one("textarea").text
    ran, answer = page(client, query=shown(STARTER_QUERY), format="html")
    assert ran.status_code == 200 and answer.select("table.results tbody tr")


def test_unknown_example_is_404(client: FlaskClient) -> None:
    assert client.get("/sparql/examples/bestaat-niet").status_code == 404


def test_terms_for_completion(client: FlaskClient) -> None:
    data = client.get("/sparql/terms.json").json
    assert data["prefixes"] == PREFIXES
    terms = {term["name"]: term for term in data["terms"]}
    assert terms["sdo:Gemeente"]["kind"] == "klasse" and terms["sdo:Gemeente"]["label"] == "gemeente"
    assert any(term["kind"] == "eigenschap" for term in terms.values())
    assert all(name.startswith("sdo:") for name in terms)


@pytest.mark.slow
@pytest.mark.parametrize("example", examples(), ids=lambda example: example.name)
def test_every_example_answers_on_the_real_build(real_store, example) -> None:
    results = real_store.query(example.text, prefixes=PREFIXES)
    assert list(results), f"{example.name} gives no answer on the real data"


# -- in a real browser -----------------------------------------------------------------------


@pytest.fixture
def offline(browser) -> Iterator[tuple[object, list[str]]]:
    """A browser context that may reach 127.0.0.1 only; the list collects what it tried elsewhere."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def gate(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    yield context, blocked
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_edit_complete_run_sort_and_follow(offline, site_url: str) -> None:
    context, blocked = offline
    tab = context.new_page()
    tab.goto(site_url + "/sparql")
    tab.wait_for_selector("html[data-sparql-terms=ready]")
    assert "PREFIX sdo:" in tab.input_value("#query"), "the editor starts with a starter query"
    tab.fill("#query", "")
    tab.click("#query")
    tab.keyboard.type("SELECT ?organisatie ?naam WHERE {\n  ?organisatie a sdo:Orga")
    option = tab.locator("#sparql-completions li", has=tab.locator("code", has_text="sdo:Organisatie"))
    option.first.wait_for()
    assert "organisatie" in option.first.inner_text()
    tab.screenshot(path=ARTIFACTS / "sparql-1-completion.png")
    tab.keyboard.press("Enter")
    tab.keyboard.type(" ; rdfs:label ?naam .\n}")
    assert tab.locator(".editor pre .tok-keyword", has_text="SELECT").count() == 1
    assert tab.locator(".editor pre .tok-variable").count() >= 4
    assert tab.locator(".editor pre .tok-pname", has_text="sdo:Organisatie").count() == 1

    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector("#results table.results tbody tr")
    query = tab.input_value("#query")
    assert parse_qs(urlsplit(tab.url).query)["query"] == [query]
    assert "sdo:Organisatie" in query
    assert {a.text_content() for a in tab.query_selector_all("#results .downloads a")} == {
        "JSON",
        "XML",
        "CSV",
        "TSV",
    }

    header = tab.locator("#results th").nth(1)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    names = tab.eval_on_selector_all(
        "#results tbody td:nth-child(2)", "cells => cells.map(c => c.dataset.sort)"
    )
    assert names == sorted(names, key=str.casefold)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    tab.locator("#results a", has_text="Utrecht").first.wait_for()  # labels replace prefixed names
    tab.screenshot(path=ARTIFACTS / "sparql-2-results.png", full_page=True)

    tab.locator("#results a[data-iri$='/gemeente/utrecht']").first.click()
    tab.wait_for_url("**/doc/gemeente/utrecht")
    assert tab.locator("h1").inner_text().startswith("Utrecht")
    assert blocked == [], "the page must not need anything from elsewhere"


@pytest.mark.browser
@pytest.mark.slow
def test_example_page_is_highlighted_and_its_table_sorts(offline, site_url: str) -> None:
    context, blocked = offline
    tab = context.new_page()
    tab.goto(site_url + "/sparql/examples/awbz-splitsing")
    tab.wait_for_selector("html[data-sparql-editor=ready]")
    assert "/sparql?query=" in tab.url and tab.input_value("#query").startswith("# In welke wetten")
    assert tab.locator(".editor pre .tok-comment").count() >= 2
    tab.fill("#query", ORGANISATIONS)
    tab.click("#sparql-form button[type=submit]")
    tab.wait_for_selector("#results table.results tbody tr")
    tab.locator("#results th button").first.click()
    assert tab.locator("#results th").first.get_attribute("aria-sort") == "ascending"
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.screenshot(path=ARTIFACTS / "sparql-3-phone.png", full_page=True)
    assert blocked == []


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_the_form_still_answers(browser, site_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + "/sparql")
        tab.fill("#query", ORGANISATIONS)
        tab.click("#sparql-form button[type=submit]")
        tab.wait_for_url("**/sparql?query=*")
        assert parse_qs(urlsplit(tab.url).query) == {"query": [ORGANISATIONS], "format": ["html"]}
        assert tab.locator("table.results tbody tr").count() >= 2
        assert tab.locator("table.results a", has_text="Utrecht").count() >= 1
        tab.screenshot(path=ARTIFACTS / "sparql-4-no-javascript.png", full_page=True)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_messages_read_as_dutch_and_the_error_is_marked_in_the_editor(offline, site_url: str) -> None:
    context, blocked = offline
    tab = context.new_page()
    tab.goto(site_url + "/sparql")
    tab.wait_for_selector("html[data-sparql-editor=ready]")
    tab.click("#sparql-form button[type=submit]")  # the starter query runs as it is
    tab.wait_for_selector("#results table.results tbody tr")
    count = tab.locator("#results p.count").inner_text()
    assert re.fullmatch(r"\d+ rij(en)?", count) and "rows" not in tab.locator("#results").inner_text()
    tab.fill("#query", "SELECT * WHERE {\n  ?s ?p\n}")
    tab.click("#sparql-form button[type=submit]")
    sentence = tab.locator("#results .error-sentence")
    sentence.wait_for()
    assert re.fullmatch(r"De query bevat een fout op regel \d+, kolom \d+\.", sentence.inner_text())
    assert tab.locator(".editor pre mark.tok-error").inner_text() == "}"
    tab.screenshot(path=ARTIFACTS / "sparql-5-error.png")
    tab.reload()  # the server's rendering of the same error is marked too
    tab.wait_for_selector("html[data-sparql-editor=ready]")
    assert tab.locator(".editor pre mark.tok-error").inner_text() == "}"
    tab.locator("#query").press("End")
    tab.keyboard.type(" ")
    assert tab.locator(".editor pre mark.tok-error").count() == 0, "an edited query loses the old mark"
    assert blocked == []
