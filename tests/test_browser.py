"""The site in a real headless Chromium: search, follow links, switch to Turtle, on desktop and phone.

Screenshots go to ``test-artifacts/`` (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from tests.conftest import ARTIFACTS, BASE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_search_study_gemeente_turtle(browser, site_url: str, device: str) -> None:
    """The newcomer's path, with JavaScript off: every step is a plain link or form."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[device], java_script_enabled=False)
    page = context.new_page()

    def shot(name: str) -> None:
        page.screenshot(path=ARTIFACTS / f"{device}-{name}.png", full_page=True)

    try:
        page.goto(site_url + "/")
        assert "kennisgraaf" in page.locator("h1").inner_text()
        shot("1-home")

        page.fill("header input[name=q]", "Rekenkamer Utrecht")
        page.press("header input[name=q]", "Enter")
        page.wait_for_url("**/search?q=Rekenkamer+Utrecht")
        shot("2-search")
        page.click("section.results a:text-is('Rekenkamer Utrecht')")
        page.wait_for_url("**/doc/organisatie/rekenkamer-utrecht")
        assert page.locator("h1").inner_text().startswith("Rekenkamer Utrecht")
        shot("3-rekenkamer")

        page.click("section.incoming a:has-text('Werken naar Vermogen')")
        page.wait_for_url("**/doc/publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen")
        assert "Werken naar Vermogen" in page.locator("h1").inner_text()
        assert page.locator("section.source blockquote").count() >= 1
        shot("4-study")

        page.click("section.group dd a:text-is('Utrecht')")
        page.wait_for_url("**/doc/gemeente/utrecht")
        assert page.locator("h1").inner_text().startswith("Utrecht")
        shot("5-gemeente")

        with page.expect_response("**/doc/gemeente/utrecht.ttl") as answer:
            page.click("section.alternates a:text-is('Turtle')")
        assert answer.value.headers["content-type"].startswith("text/turtle")
        graph = Graph().parse(data=answer.value.body(), format="turtle")
        assert (URIRef(BASE + "id/gemeente/utrecht"), None, None) in graph
        page.wait_for_url("**/doc/gemeente/utrecht.ttl")
        shot("6-gemeente-turtle")
    finally:
        context.close()
