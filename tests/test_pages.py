"""The linked-data pages: 303 from /id/, HTML and RDF twins of /doc/, class indexes, sources, 404s."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS

from tests.conftest import BASE
from tests.html_checks import hrefs, strict_html

STUDY = "publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen"
STUDY_IRI = URIRef(BASE + "id/" + STUDY)
RDF_TYPES = {
    ".ttl": ("text/turtle", "turtle"),
    ".jsonld": ("application/ld+json", "json-ld"),
    ".nt": ("application/n-triples", "nt"),
    ".rdf": ("application/rdf+xml", "xml"),
}

# (path, Accept, expected status) for every route of the site
ROUTES = [
    ("/", None, 200),
    ("/id/" + STUDY, None, 303),
    ("/id/" + STUDY, "text/turtle", 303),
    ("/doc/" + STUDY, None, 200),
    ("/doc/" + STUDY, "text/turtle", 200),
    ("/doc/" + STUDY, "image/png", 406),
    ("/doc/" + STUDY + ".ttl", None, 200),
    ("/doc/" + STUDY + "?in=99999999999999999999999", None, 200),
    ("/doc/" + STUDY + ".ttl", "image/png", 200),
    ("/doc/publicatie/bestaat-niet", None, 404),
    ("/doc/publicatie/bestaat-niet.ttl", None, 404),
    ("/doc/publicatie/met spatie", None, 404),
    ("/klassen", None, 200),
    ("/klasse/Rekenkameronderzoek", None, 200),
    ("/klasse/Onderzoek?sort=datum&page=1", None, 200),
    ("/klasse/Rekenkameronderzoek?gemeente=not%20an%20iri", None, 400),
    ("/klasse/Rekenkameronderzoek?jaar=20x7", None, 400),
    ("/klasse/Gemeente?wet=abc", None, 400),
    ("/klasse/Gemeente%C2%99", None, 404),
    ("/doc/gemeente/utrecht%C2%99", None, 404),
    ("/id/gemeente/utrecht%C2%99", None, 404),
    ("/graph/nvrr%C2%99", None, 404),
    ("/def/%C2%94", None, 404),
    ("/def/shapes/%C2%94", None, 404),
    ("/klasse/BestaatNiet", None, 404),
    ("/bronnen", None, 200),
    ("/graph/nvrr", None, 303),
    ("/graph/nvrr", "text/turtle", 303),
]


@pytest.mark.parametrize(("path", "accept", "status"), ROUTES)
def test_status_codes(site_client, path: str, accept: str | None, status: int) -> None:
    response = site_client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == status, response.data[:300]
    if status == 200 and response.content_type.startswith("text/html"):
        strict_html(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/id/gemeente/utrecht%C2%99", 404),
        ("/graph/a%20b", 404),
        ("/klasse/Gemeente?wet=abc", 400),
        ("/klasse/Gemeente?jaar=twee", 400),
        ("/store?graph=abc", 400),
        ("/store?graph=urn:x%C2%85", 400),
    ],
)
def test_what_is_no_iri_is_told_in_dutch_and_english(site_client, path: str, status: int) -> None:
    response = site_client.get(path, headers={"Accept": "text/plain"})
    assert response.status_code == status
    assert "geen geldige IRI / not a valid IRI" in response.text or "vier cijfers / year" in response.text
    assert "\x85" not in response.text and "\x99" not in response.text  # shown escaped, not raw


def test_id_redirects_to_doc_with_303(site_client) -> None:
    response = site_client.get("/id/gemeente/utrecht")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/doc/gemeente/utrecht")


def test_graph_iri_sends_people_to_its_description_and_machines_to_its_dump(site_client) -> None:
    assert site_client.get("/graph/nvrr").headers["Location"].endswith("/doc/dataset/kennisgraaf-nvrr")
    turtle = site_client.get("/graph/nvrr", headers={"Accept": "text/turtle"})
    assert turtle.headers["Location"].endswith("/dumps/nvrr.ttl")


@pytest.mark.parametrize("suffix", list(RDF_TYPES))
def test_twins_by_suffix_and_accept_are_the_same_graph(site_client, suffix: str) -> None:
    media_type, rdflib_format = RDF_TYPES[suffix]
    by_suffix = site_client.get(f"/doc/{STUDY}{suffix}")
    by_accept = site_client.get(f"/doc/{STUDY}", headers={"Accept": media_type})
    assert by_suffix.content_type.split(";")[0] == media_type
    assert by_accept.content_type.split(";")[0] == media_type
    one = Graph().parse(data=by_suffix.data, format=rdflib_format)
    other = Graph().parse(data=by_accept.data, format=rdflib_format)
    reference = Graph().parse(data=site_client.get(f"/doc/{STUDY}.nt").data, format="nt")
    assert isomorphic(one, other) and isomorphic(one, reference)
    assert (STUDY_IRI, RDFS.label, Literal("Working according to capacity", lang="en")) in one
    # what points at the study is part of its description too
    assert (None, URIRef(BASE + "def/bevindingVan"), STUDY_IRI) in one


def test_negotiated_page_has_vary_link_and_canonical(site_client) -> None:
    response = site_client.get(f"/doc/{STUDY}")
    assert response.headers["Vary"] == "Accept, Accept-Encoding"
    links = response.headers["Link"]
    for suffix, (media_type, _) in RDF_TYPES.items():
        assert f'</doc/{STUDY}{suffix}>; rel="alternate"; type="{media_type}"' in links
    assert f'<http://localhost/doc/{STUDY}>; rel="canonical"' in links
    soup = strict_html(response.get_data(as_text=True))
    assert soup.find("link", rel="canonical")["href"] == f"http://localhost/doc/{STUDY}"


def test_study_page_shows_what_a_reader_needs(site_client) -> None:
    soup = strict_html(site_client.get(f"/doc/{STUDY}").get_data(as_text=True))
    assert soup.h1.get_text(" ", strip=True).startswith("Werken naar Vermogen")
    assert soup.h1.find("span", lang="en").get_text() == "Working according to capacity"
    assert soup.find("a", href="/def/Rekenkameronderzoek")  # the type, linked to the ontology
    groups = [h.get_text() for h in soup.select("section.group h2")]
    assert (
        groups.index("Beschrijving")
        < groups.index("Tijd")
        < groups.index("Betrokkenen")
        < groups.index("Onderwerp")
    )
    auteur = soup.find("a", string="auteur")
    assert auteur["title"] == "De organisatie die de publicatie schreef."  # definition on hover
    assert soup.find(string="februari 2017")  # gYearMonth in words
    assert soup.find("a", href="/doc/gemeente/utrecht", string="Utrecht")
    source = soup.select_one("section.source")
    assert source.find("a", href="/doc/sectie/nvrr-2-1")
    assert "§ 2.1" in source.get_text()
    assert "College van B&W" in source.blockquote.get_text()
    assert soup.select_one("section.incoming .count").get_text() == "1"
    assert soup.find("a", href="/doc/bevinding/utrecht-doelen-naar-indicatoren")
    assert soup.select_one("svg.diagram a[href='/doc/gemeente/utrecht']")
    assert any("/sparql?query=DESCRIBE" in h for h in hrefs(soup))


def test_every_link_stays_on_this_host(site_client) -> None:
    soup = strict_html(site_client.get(f"/doc/{STUDY}").get_data(as_text=True))
    assert not [h for h in hrefs(soup) if h.startswith(BASE)]
    assert soup.find("code", string=str(STUDY_IRI)), "the IRI itself is still shown"


def test_identifiers_panel_links_registers(site_client) -> None:
    soup = strict_html(site_client.get("/doc/wet/participatiewet").get_data(as_text=True))
    panel = soup.select_one("section.identifiers")
    registers = [dt.get_text() for dt in panel.find_all("dt")]
    assert registers == ["wetten.overheid.nl", "Wikidata"]
    assert panel.find("a", href="https://wetten.overheid.nl/BWBR0015703")
    assert soup.find(string="1 januari 2015")
    gemeente = strict_html(site_client.get("/doc/gemeente/utrecht").get_data(as_text=True))
    assert gemeente.select_one("section.identifiers a[href^='https://identifier.overheid.nl/tooi/']")


def test_literals_are_escaped_and_javascript_iris_are_not_links(site_client) -> None:
    text = site_client.get("/doc/organisatie/rekenkamer-amsterdam").get_data(as_text=True)
    soup = strict_html(text)
    assert "<script>alert" not in text
    assert soup.find(string=lambda s: s and "<script>alert('xss')</script>" in s)
    assert not [h for h in hrefs(soup) if h.lower().startswith("javascript:")]
    assert soup.find(string="javascript:alert(1)"), "the IRI is shown as text"


def test_figures_are_formatted_with_their_unit(site_client) -> None:
    soup = strict_html(site_client.get("/doc/kengetal/utrecht-aandeel-gedetacheerd").get_data(as_text=True))
    assert soup.find(string="70,5%")


def test_section_page_lists_everything_taken_from_it(site_client) -> None:
    soup = strict_html(site_client.get("/doc/sectie/nvrr-2-1").get_data(as_text=True))
    taken = soup.select_one("section.taken-from")
    assert taken.find("a", href=f"/doc/{STUDY}")
    assert taken.find("a", href="/doc/kengetal/utrecht-aandeel-gedetacheerd")
    assert "zeventig procent" in taken.get_text()
    assert [h.get_text(" ", strip=True).split()[0] for h in taken.find_all("h3")] == sorted(
        h.get_text(" ", strip=True).split()[0] for h in taken.find_all("h3")
    )


def test_unknown_iri_gets_a_helpful_404(site_client) -> None:
    response = site_client.get("/doc/organisatie/rekenkamer-utrechtt")
    assert response.status_code == 404
    soup = strict_html(response.get_data(as_text=True))
    assert soup.find("a", href="/doc/organisatie/rekenkamer-utrecht")


def test_incoming_links_are_counted_and_paged(site_client, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.models import resource

    monkeypatch.setattr(resource, "INCOMING_PAGE", 2)
    first = strict_html(site_client.get("/doc/wet/participatiewet").get_data(as_text=True))
    assert first.select_one("section.incoming .count").get_text() == "3"
    assert len(first.select("section.incoming dd a")) == 2
    assert first.select_one(".pager a[rel=next]")["href"] == "/doc/wet/participatiewet?in=2#verwijst"
    second = strict_html(site_client.get("/doc/wet/participatiewet?in=2").get_data(as_text=True))
    assert len(second.select("section.incoming dd a")) == 1
    assert second.select_one(".pager a[rel=prev]")


def test_home_page_tells_what_the_graph_holds(site_client) -> None:
    soup = strict_html(site_client.get("/").get_data(as_text=True))
    assert soup.select_one("form[role=search] input[name=q]")
    cards = {a.get_text(" ", strip=True) for a in soup.select("ul.cards a")}
    assert "2 onderzoek" in cards and "2 gemeente" in cards and "2 rekenkamer" in cards
    assert soup.find("a", href="/doc/publicatie/nvrr-informatiedocument-3ds-2017")
    assert len([h for h in hrefs(soup) if h.startswith("/sparql?query=")]) >= 3
    assert soup.find("a", href="/downloads")


def test_class_index_counts_sorts_pages_and_filters(site_client) -> None:
    soup = strict_html(site_client.get("/klasse/Rekenkameronderzoek").get_data(as_text=True))
    assert soup.h1.select_one(".count").get_text() == "2"
    names = [li.a.get_text() for li in soup.select("ol.items li")]
    assert names == sorted(names, key=str.casefold)
    assert {h.get_text() for h in soup.select(".facets h2")} == {"Gemeente", "Thema", "Jaar"}
    newest = strict_html(site_client.get("/klasse/Rekenkameronderzoek?sort=datum").get_data(as_text=True))
    assert newest.select("ol.items li a")[0]["href"] == f"/doc/{STUDY}"
    filtered = site_client.get(f"/klasse/Rekenkameronderzoek?gemeente={BASE}id/gemeente/amsterdam")
    soup = strict_html(filtered.get_data(as_text=True))
    assert [a["href"] for a in soup.select("ol.items li a")] == [
        "/doc/publicatie/rekenkamer-amsterdam-2016-re-integratie"
    ]
    by_year = strict_html(site_client.get("/klasse/Onderzoek?jaar=2017").get_data(as_text=True))
    assert [a["href"] for a in by_year.select("ol.items li a")] == [f"/doc/{STUDY}"]


def test_sources_page_lists_sections_in_document_order(site_client) -> None:
    soup = strict_html(site_client.get("/bronnen").get_data(as_text=True))
    numbers = [tr.td.get_text() for tr in soup.select("tbody tr")]
    assert numbers == ["0", "2", "2.1", "2.5"]


def test_a_build_under_another_base_links_onto_this_host(tmp_path) -> None:
    """Data built for ``http://data.example.org/kg/`` served here: IRIs shown, paths linked."""
    from service import create_app
    from service.build.pipeline import BuildSettings, build
    from tests.conftest import SITE

    base = "http://data.example.org/kg/"
    report = build(BuildSettings(SITE, tmp_path / "instance", base, skip_reasoner=True))
    client = create_app({"TESTING": True, "STORE": str(report.folder)}).test_client()
    assert client.get("/id/gemeente/utrecht").headers["Location"].endswith("/doc/gemeente/utrecht")
    soup = strict_html(client.get(f"/doc/{STUDY}").get_data(as_text=True))
    assert soup.find("code", string=f"{base}id/{STUDY}")
    assert soup.find("a", href="/doc/gemeente/utrecht") and soup.find("a", href="/def/Rekenkameronderzoek")
    assert not [h for h in hrefs(soup) if h.startswith(base)]
    twin = Graph().parse(data=client.get(f"/doc/{STUDY}.ttl").data, format="turtle")
    assert (
        URIRef(f"{base}id/{STUDY}"),
        URIRef(f"{base}def/betreftGemeente"),
        URIRef(f"{base}id/gemeente/utrecht"),
    ) in twin
    hit = client.get("/search.json?q=utrecht").get_json()["results"][0]
    assert hit["iri"] == f"{base}id/gemeente/utrecht" and hit["href"] == "/doc/gemeente/utrecht"


def test_every_site_route_is_in_the_readme(site_app) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linked-data site", 1)[1].split("\n## ", 1)[0]
    for rule in site_app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in (
            "pages",
            "search",
            "ontology",
            "downloads",
            "releases",
            "discovery",
        ):
            fixed = rule.rule.split("<", 1)[0]
            assert f"`{fixed}" in section, rule.rule


def test_the_favicon_is_served_from_this_host(site_client) -> None:
    soup = strict_html(site_client.get("/").get_data(as_text=True))
    href = soup.find("link", rel="icon")["href"]
    assert href.startswith("/static/")
    with site_client.get(href) as icon:  # a static file: its stream is closed with the response
        assert icon.status_code == 200 and icon.content_type.startswith("image/svg+xml")


@pytest.mark.parametrize("path", ["/bestaat-niet", "/static-niet/jeugdwet", "/def/x/y/z/rekenkamer"])
def test_any_unknown_path_gets_the_sites_own_dutch_404(site_client, path: str) -> None:
    response = site_client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    soup = strict_html(response.get_data(as_text=True))
    assert soup.find("html")["lang"] == "nl" and soup.find("h1").get_text() == "Niet gevonden"
    assert soup.find("nav", attrs={"aria-label": "Hoofdmenu"}), "the site's own page, with its navigation"
    assert "The requested URL was not found" not in response.get_data(as_text=True)


def test_an_unknown_path_suggests_what_its_words_find(site_client) -> None:
    soup = strict_html(site_client.get("/rekenkamer-utrecht", headers={"Accept": "text/html"}).text)
    assert soup.find("a", href="/doc/organisatie/rekenkamer-utrecht")


def test_machines_asking_an_unknown_path_keep_a_plain_error(site_client) -> None:
    response = site_client.get("/bestaat-niet", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["status"] == 404


MERGED = [
    ("bestuurslaag/uwv", "organisatie/uwv"),
    ("samenwerkingsvorm/landelijke-raamovereenkomst", "regeling/vgn-landelijke-raamovereenkomst"),
    ("regeling/vgn-sociale-werkvoorziening", "samenwerkingsvorm/sw-bedrijf"),
]


@pytest.mark.parametrize(("old", "new"), MERGED)
def test_a_merged_iri_sends_readers_to_the_entity_it_was_merged_into(real_client, old: str, new: str) -> None:
    """The old IRI keeps answering: /id/ -> /doc/ (303) -> the survivor's page (301), twins too."""
    assert real_client.get(f"/id/{old}").status_code == 303
    page = real_client.get(f"/doc/{old}")
    assert page.status_code == 301
    assert page.headers["Location"].endswith(f"/doc/{new}")
    twin = real_client.get(f"/doc/{old}.ttl")
    assert twin.status_code == 301
    assert twin.headers["Location"].endswith(f"/doc/{new}.ttl")
    survivor = real_client.get(f"/doc/{new}.ttl")
    assert survivor.status_code == 200
    described = Graph().parse(data=survivor.data, format="turtle")
    assert (URIRef(BASE + "id/" + old), OWL.sameAs, URIRef(BASE + "id/" + new)) in described


def test_an_owl_sameas_to_an_outside_register_is_no_merge(real_client) -> None:
    """organisatie:uwv is owl:sameAs its TOOI IRI and keeps its own page."""
    assert real_client.get("/doc/organisatie/uwv").status_code == 200


def test_incoming_links_are_grouped_by_property_then_type(site_client) -> None:
    soup = strict_html(site_client.get("/doc/wet/participatiewet").get_data(as_text=True))
    incoming = soup.select_one("section.incoming")
    assert [h.get_text(strip=True) for h in incoming.select("h3.incoming-property")] == ["betreft wet"]
    kinds = {dt.a.get_text(): dt.find_next_sibling("dd") for dt in incoming.select("dt")}
    assert list(kinds) == ["bevinding", "rekenkameronderzoek"]
    assert kinds["bevinding"].find("a", href="/doc/bevinding/utrecht-doelen-naar-indicatoren")
    studies = {a["href"] for a in kinds["rekenkameronderzoek"].find_all("a")}
    assert studies == {f"/doc/{STUDY}", "/doc/publicatie/rekenkamer-amsterdam-2016-re-integratie"}


def _diagram_boxes(svg) -> list[tuple[float, float, float, float]]:
    """The rectangles of a neighbourhood diagram as (left, top, right, bottom)."""
    boxes = []
    for rect in svg.find_all("rect"):
        left, top = float(rect["x"]), float(rect["y"])
        boxes.append((left, top, left + float(rect["width"]), top + float(rect["height"])))
    return boxes


def _assert_readable_diagram(svg, centre: str) -> None:
    """No two boxes intersect, all lie inside the viewBox, which scales it; the centre's full name is on hover."""
    assert svg.has_attr("viewbox") or svg.has_attr("viewBox")
    assert not svg.has_attr("width") and not svg.has_attr("height")
    _, _, width, height = (float(n) for n in (svg.get("viewbox") or svg["viewBox"]).split())
    boxes = _diagram_boxes(svg)
    for n, (l1, t1, r1, b1) in enumerate(boxes):
        assert min(l1, t1) >= 0 and r1 <= width and b1 <= height
        for l2, t2, r2, b2 in boxes[n + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, "two boxes overlap"
    centre_box = svg.find("rect", class_="centre")
    assert centre_box.find_previous_sibling("title").get_text() == centre
    assert all(len(t.get_text()) <= 32 for t in svg.find_all("text"))


def test_neighbourhood_diagram_lays_out_many_neighbours_without_overlap() -> None:
    from bs4 import BeautifulSoup

    from service.render import svg

    centre = "Werken naar Vermogen (beleidsbeschrijving rekenkameronderzoek Participatiewet)"
    edges = [
        svg.Edge("in", "betreft wet", f"Bevinding nummer {n} met een lange naam", f"/doc/b/{n}")
        for n in range(30)
    ]
    edges += [svg.Edge("out", "type", "Rekenkameronderzoek", "/def/Rekenkameronderzoek")]
    drawing = BeautifulSoup(str(svg.neighbourhood(centre, edges)), "html.parser").svg
    _assert_readable_diagram(drawing, centre)
    assert len(drawing.select("rect.node")) == svg.MAX_NEIGHBOURS
    assert drawing.find("text", class_="more").get_text() == f"+ {31 - svg.MAX_NEIGHBOURS} meer"
    long_box = drawing.find("a", href="/doc/b/0")
    assert long_box.title.get_text() == "betreft wet: Bevinding nummer 0 met een lange naam"
    assert long_box.find_all("text")[-1].get_text().endswith("…")


def test_entity_page_diagram_is_readable(site_client) -> None:
    soup = strict_html(site_client.get("/doc/wet/participatiewet").get_data(as_text=True))
    _assert_readable_diagram(soup.select_one("svg.diagram"), soup.h1.contents[0].strip())


@pytest.mark.slow
def test_heavily_linked_law_has_a_readable_diagram_and_grouped_links(real_client) -> None:
    soup = strict_html(real_client.get("/doc/wet/jeugdwet").get_data(as_text=True))
    _assert_readable_diagram(soup.select_one("svg.diagram"), soup.h1.contents[0].strip())
    assert soup.select_one("svg.diagram text.more")
    assert soup.select("section.incoming h3.incoming-property")


@pytest.mark.slow
def test_section_page_lists_claims_first_and_names_cube_nodes_readably(real_client) -> None:
    soup = strict_html(real_client.get("/doc/sectie/nvrr-2-6").get_data(as_text=True))
    headings = [h.contents[0].strip() for h in soup.select("section.taken-from h3")]
    assert headings[0] == "bevinding" and headings.index("knelpunt") < headings.index("begrip")
    cube = ["dataset", "datastructuur", "component van een datastructuur", "observatie"]
    assert headings[-len(cube) :] == cube
    items = {
        h.contents[0].strip(): h.find_next_sibling("ul").find_all("li")
        for h in soup.select("section.taken-from h3")
    }
    observations = [li.a.get_text() for li in items["observatie"]]
    assert all(name.startswith("Observatie: ") for name in observations)
    iusd = "Observatie: Stand IUSD-budget Participatiewet, meicirculaire 2017, "
    dimension_values = [
        set(name.removeprefix(iusd).split(", ")) for name in observations if name.startswith(iusd)
    ]
    assert {"2017", "Re-integratie"} in dimension_values
    assert items["component van een datastructuur"][0].a.get_text().startswith("Component: ")
    names = [li.a.get_text() for kind in cube for li in items[kind]]
    assert not [name for name in names if "nvrr-" in name], "no slug stands for a name"
