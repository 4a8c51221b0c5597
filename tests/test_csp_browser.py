"""Every kind of page under the real Content-Security-Policy, in headless Chromium.

The policy forbids inline scripts, inline styles and style attributes, so a page that
still relied on one would silently lose its script or its looks. Chromium reports each
refusal as a ``securitypolicyviolation`` event; an init script collects them before
any page script runs, and each page must end with none and with its content drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode, urljoin

import pytest

from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATASETS = FIXTURES / "datasets"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""

FAILED_LOAD = "Failed to load resource: the server responded with a status of"

#: One page of every kind, with an element that is only there when the page rendered.
PAGES = {
    "home": ("/", "main h1"),
    "entity": ("/doc/wet/participatiewet", "svg.diagram a"),
    "class-listing": ("/klasse/Wet", "ol.items a[href^='/doc/']"),
    "classes": ("/klassen", "main a[href^='/klasse/']"),
    "sources": ("/bronnen", "main a[href^='/doc/sectie/']"),
    "section": ("/doc/sectie/demo-2-5", "main h1"),
    "search": ("/search?q=wet", "section.results a"),
    "ontology": ("/def/", "ul.terms a"),
    "ontology-class": ("/def/Wet", "main h1"),
    "datasets": ("/datasets", "main a[href^='/datasets/']"),
    "dataset": ("/datasets/demo-reeks", "figure.chart svg"),
    "shape": ("/def/shapes/WetLabelShape", "main h1"),
    "not-found": ("/doc/wet/bestaat-niet", "main h1"),
    "unknown-route": ("/bestaat/niet", "main h1"),
    "sparql": ("/sparql", ".editor.enhanced pre.highlight"),
}


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh page that records CSP violations, console errors and uncaught script errors."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and page.problems.append(response.url))
    try:
        yield page
    finally:
        context.close()


def assert_clean(page) -> None:
    """No refusal by the policy, no script error, nothing failing to load but the page itself, styles applied.

    A failed load shows twice, as its URL and as a console line without one: the URL is
    what is checked (the page's own error status and the browser's favicon are expected).
    """
    assert page.evaluate("window.__cspViolations") == []
    expected = (page.url, urljoin(page.url, "/favicon.ico"))
    problems = [p for p in page.problems if p not in expected and not p.startswith(FAILED_LOAD)]
    assert problems == []
    assert page.evaluate("[...document.styleSheets].every((sheet) => sheet.cssRules.length > 0)")
    if page.locator("header.site").count():  # the bare error body of an unknown route has no site header
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "inline"


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_renders_under_the_policy(page, every_kind_url: str, kind: str) -> None:
    path, rendered = PAGES[kind]
    response = page.goto(every_kind_url + path)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert page.locator(rendered).count() >= 1, f"{kind}: nothing matches {rendered}"
    assert_clean(page)


def test_sparql_query_runs_in_the_page(page, every_kind_url: str) -> None:
    """The editor's scripts (highlighting, completion, running, sortable table) all work under the policy."""
    page.goto(every_kind_url + "/sparql")
    page.wait_for_selector("html[data-sparql-editor=ready]")
    page.fill("#query", "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 5")
    page.click("#sparql-form button[type=submit]")
    page.wait_for_selector("#results table.results tbody tr")
    page.click("#results table.results th >> nth=0")
    assert page.locator(".editor.enhanced pre.highlight span").count() >= 1
    page.wait_for_load_state("networkidle")
    assert_clean(page)


def test_sparql_error_view_under_the_policy(page, every_kind_url: str) -> None:
    """A malformed query that tries to break out of the textarea stays text, and nothing of it runs."""
    query = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script><img src=x onerror=alert(2)>" '
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(every_kind_url + "/sparql?" + urlencode({"query": query}), wait_until="networkidle")
    assert page.locator("#results pre.error").count() == 1
    assert page.input_value("#query") == query
    assert page.locator("main script, main img").count() == 1  # the JSON configuration block only
    assert dialogs == []
    assert_clean(page)
