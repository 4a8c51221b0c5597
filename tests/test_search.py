"""Search: Dutch-aware ranking over labels and texts, grouped by type, with a JSON twin."""

from __future__ import annotations

import pytest

from tests.conftest import BASE
from tests.html_checks import strict_html


def _first(site_client, text: str) -> dict:
    results = site_client.get("/search.json", query_string={"q": text}).get_json()["results"]
    assert results, f"nothing found for {text!r}"
    return results[0]


def test_rekenkamer_utrecht_ranks_first(site_client) -> None:
    top = _first(site_client, "Rekenkamer Utrecht")
    assert top["iri"] == BASE + "id/organisatie/rekenkamer-utrecht"
    assert top["href"] == "/doc/organisatie/rekenkamer-utrecht"
    assert top["type"] == "Rekenkamer"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pw", "id/wet/participatiewet"),  # abbreviation
        ("PARTICIPATIEWET", "id/wet/participatiewet"),  # case
        ("particip", "id/wet/participatiewet"),  # prefix
        ("rekenk amst", "id/organisatie/rekenkamer-amsterdam"),  # prefixes of several words
        ("werken naar vermogen", "id/publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen"),
    ],
)
def test_search_understands_dutch_input(site_client, typed: str, expected: str) -> None:
    assert _first(site_client, typed)["iri"] == BASE + expected


def test_results_page_groups_by_type_and_links_its_json_twin(site_client) -> None:
    response = site_client.get("/search", query_string={"q": "utrecht"})
    soup = strict_html(response.get_data(as_text=True))
    groups = [h.contents[0].strip() for h in soup.select("section.results h2")]
    assert "gemeente" in groups and "rekenkamer" in groups and len(groups) == len(set(groups))
    assert soup.find("a", href="/doc/gemeente/utrecht")
    assert soup.find("link", rel="alternate", type="application/json")["href"] == "/search.json?q=utrecht"
    assert soup.select_one("header form[role=search] input")["value"] == "utrecht"


def test_json_twin_lists_the_same_hits(site_client) -> None:
    data = site_client.get("/search.json?q=utrecht").get_json()
    page = strict_html(site_client.get("/search?q=utrecht").get_data(as_text=True))
    linked = {a["href"] for a in page.select("section.results li > a")}
    assert data["query"] == "utrecht" and data["count"] == len(data["results"])
    assert {r["href"] for r in data["results"]} == linked
    assert set(data["results"][0]) >= {"iri", "label", "type", "type_label", "snippet", "score", "href"}


@pytest.mark.parametrize("typed", ["", "   ", "\"'*()", "<script>alert(1)</script>", "x" * 1000])
def test_odd_input_is_answered_calmly(site_client, typed: str) -> None:
    response = site_client.get("/search", query_string={"q": typed})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    strict_html(text)
    assert "<script>alert(1)</script>" not in text
    assert site_client.get("/search.json", query_string={"q": typed}).status_code == 200
