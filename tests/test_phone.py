"""Every kind of page at 390 px in headless Chromium: nothing scrolls sideways, chart text stays legible.

A phone user should never have to pan a page sideways; what is wider than the screen (a
statistical table, the neighbourhood diagram, a chart) scrolls inside its own box. The
check is honest only when ``html`` and ``body`` do not hide the overflow, so that is
asserted too. Screenshots go to ``test-artifacts/phone-layout-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import ARTIFACTS, FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATASETS = FIXTURES / "datasets"
PHONE = {"width": 390, "height": 844}
MIN_CHART_TEXT = 9  # px: the height of a chart label as drawn on the phone's screen

#: One page of every kind, with an element that is only there when the page rendered.
PAGES = {
    "home": ("/", "main h1"),
    "classes": ("/klassen", "main a[href^='/klasse/']"),
    "class-listing": ("/klasse/Wet", "ol.items a[href^='/doc/']"),
    "entity": ("/doc/wet/participatiewet", "svg.diagram"),
    "section": ("/doc/sectie/demo-2-5", "main h1"),
    "ontology": ("/def/", "ul.terms a"),
    "ontology-class": ("/def/Wet", "main h1"),
    "datasets": ("/datasets", "main a[href^='/datasets/']"),
    "dataset": ("/datasets/demo-reeks", "figure.chart svg"),
    "search": ("/search?q=wet", "section.results a"),
    "sparql": ("/sparql", "main textarea"),
    "releases": ("/releases", "main h1"),
    "not-found": ("/bestaat/niet", "main h1"),
}

#: Elements whose right edge passes the viewport and that no scrolling ancestor holds.
OVERFLOWING = """
() => {
  const limit = window.innerWidth + 0.5;
  const scrolls = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (["auto", "scroll"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.right > limit && !scrolls(element);
    })
    .map((element) => {
      const box = element.getBoundingClientRect();
      return `${element.tagName.toLowerCase()}.${element.className.baseVal ?? element.className} right=${Math.round(box.right)}`;
    })
    .slice(0, 10);
}
"""


@pytest.fixture(scope="module")
def phone(browser) -> Iterator[object]:
    """One phone-sized page for the whole module: a context per page would only cost time."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_fits_a_phone(phone, every_kind_url: str, kind: str) -> None:
    path, rendered = PAGES[kind]
    phone.goto(every_kind_url + path, wait_until="networkidle")
    assert phone.locator(rendered).count() >= 1, f"{kind}: nothing matches {rendered}"
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / f"phone-layout-{kind}.png", full_page=True)
    for root in ("document.documentElement", "document.body"):
        assert phone.evaluate(f"getComputedStyle({root}).overflowX") not in ("hidden", "clip")
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{kind}: the page is {widths[0]} px wide on a {widths[1]} px screen"
    assert phone.evaluate(OVERFLOWING) == []


def test_chart_text_is_legible_on_a_phone(phone, every_kind_url: str) -> None:
    """The chart's labels are drawn at least 9 px high, not scaled down to a few pixels."""
    phone.goto(every_kind_url + "/datasets/demo-reeks", wait_until="networkidle")
    heights = phone.evaluate(
        "[...document.querySelectorAll('figure.chart svg text')].map((t) => t.getBoundingClientRect().height)"
    )
    assert heights, "the dataset page draws no chart text"
    assert min(heights) >= MIN_CHART_TEXT, f"chart text is {min(heights):.1f} px high on a phone"
