"""Search: Dutch-aware ranking over labels and texts, grouped by type, with a JSON twin."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from service import create_app
from service.build.pipeline import BuildSettings, build
from service.store import search_index
from tests.conftest import BASE, FIXTURES, PROJECT, close_app, copy_project
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


# ---- paging, facets, filters, CSV and datasets, on a project with more hits than one page
#
# The fixture project is the good one plus the small cube of tests/test_datasets.py and a
# generated file of things all named "Zoekproef …": more than a page of them, of three
# types, some about a law or a gemeente. What the tests expect is read back from that
# generated Turtle (and the cube's), never from the code under test.

SDO = Namespace(BASE + "def/")
QB = Namespace("http://purl.org/linked-data/cube#")
SEARCH_TERMS = """
@prefix ex:   <https://sociaaldomein.example/def/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Bevinding a owl:Class ; rdfs:label "bevinding"@nl , "finding"@en .
ex:Gemeente a owl:Class ; rdfs:label "gemeente"@nl , "municipality"@en .
ex:betreftWet a owl:ObjectProperty ; rdfs:label "betreft wet"@nl , "concerns law"@en .
ex:betreftGemeente a owl:ObjectProperty ; rdfs:label "betreft gemeente"@nl , "concerns municipality"@en .
"""
GENERATED = 137  # more than one page of 100, and not a multiple of it


def _generated_things() -> str:
    """Turtle for ``GENERATED`` things named "Zoekproef NNN", of three types, some about a law or gemeente."""
    lines = [
        "@prefix ex: <https://sociaaldomein.example/def/> .",
        "@prefix wet: <https://sociaaldomein.example/id/wet/> .",
        "@prefix gemeente: <https://sociaaldomein.example/id/gemeente/> .",
        "@prefix proef: <https://sociaaldomein.example/id/proef/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        'gemeente:utrecht a ex:Gemeente ; rdfs:label "Utrecht"@nl , "Utrecht"@en .',
        'gemeente:amersfoort a ex:Gemeente ; rdfs:label "Amersfoort"@nl , "Amersfoort"@en .',
    ]
    kinds = ("ex:Bevinding", "ex:Regeling", "ex:Voorziening")
    for n in range(GENERATED):
        facts = [f"a {kinds[n % 3]}", f'rdfs:label "Zoekproef {n:03d}"@nl , "Search probe {n:03d}"@en']
        if n % 3:  # a Regeling (and so a Voorziening) falls under a law, as the fixture's shape asks
            facts.append("ex:valtOnder wet:participatiewet")
        laws = [w for w, hit in (("participatiewet", n % 2 == 0), ("jeugdwet", n % 5 == 0)) if hit]
        facts += [f"ex:betreftWet wet:{w}" for w in laws]
        if n % 4 < 2:
            facts.append(f"ex:betreftGemeente gemeente:{('utrecht', 'amersfoort')[n % 4]}")
        lines.append(f"proef:p{n:03d} " + " ;\n    ".join(facts) + " .")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> tuple[FlaskClient, Graph]:
    """A client of the fixture project built by the real pipeline, and the source graph it was built from."""
    root = tmp_path_factory.mktemp("search")
    cube = FIXTURES / "datasets"
    project = copy_project(
        root / "project",
        {
            "data/cijfers/cube.ttl": cube / "cube.ttl",
            "data/kern/sections.ttl": cube / "sections.ttl",
            "ontology/cube-terms.ttl": cube / "cube-terms.ttl",
        },
    )
    (project / "ontology/search-terms.ttl").write_text(SEARCH_TERMS, encoding="utf-8")
    (project / "data/demo/zoekproef.ttl").write_text(_generated_things(), encoding="utf-8")
    settings = BuildSettings(
        source_dir=project, instance_dir=root / "instance", base_iri=BASE, skip_reasoner=True
    )
    report = build(settings)
    source = Graph()
    for path in sorted([*(project / "ontology").glob("*.ttl"), *(project / "data").rglob("*.ttl")]):
        source.parse(path)
    app = create_app({"TESTING": True, "STORE": str(report.folder), "INSTANCE_DIR": str(root / "app")})
    yield app.test_client(), source
    close_app(app)


def _probes(source: Graph) -> set[str]:
    return {str(s) for s, label in source.subject_objects(RDFS.label) if str(label).startswith("Zoekproef")}


def _types_of(source: Graph, thing: str) -> set[str]:
    """The stated types of a thing and their superclasses, as the sources give them."""
    return {str(t) for t in source.transitive_objects(URIRef(thing), RDF.type)} | {
        str(sup)
        for t in source.objects(URIRef(thing), RDF.type)
        for sup in source.transitive_objects(t, RDFS.subClassOf)
    }


def _expected(source: Graph, facet: str, value: str) -> set[str]:
    """The probes the sources file under a facet value."""
    predicate = {"wet": SDO.betreftWet, "gemeente": SDO.betreftGemeente}.get(facet)
    return {
        p
        for p in _probes(source)
        if (
            value in _types_of(source, p)
            if predicate is None
            else (URIRef(p), predicate, URIRef(value)) in source
        )
    }


def _all_pages(client: FlaskClient, **params: str) -> list[dict]:
    """Every hit of a query, walking the JSON twin's ``next`` links from page 1."""
    hits, url, query = [], "/search.json", {"q": "zoekproef", **params}
    while url:
        data = client.get(url, query_string=query).get_json()
        hits += data["results"]
        url, query = data["next"], None
    return hits


def test_pages_continue_past_the_first_hundred(probe) -> None:
    client, source = probe
    first = client.get("/search.json?q=zoekproef").get_json()
    assert first["count"] == GENERATED and first["pages"] == 2 and len(first["results"]) == 100
    hits = _all_pages(client)
    iris = [h["iri"] for h in hits]
    assert len(iris) == len(set(iris)) == GENERATED
    assert set(iris) == _probes(source)
    page = strict_html(client.get("/search?q=zoekproef&page=2").get_data(as_text=True))
    assert f"resultaten 101–{GENERATED} van {GENERATED}" in page.select_one("p.summary").get_text()
    assert page.select_one("a[rel=prev]")["href"] == "/search?q=zoekproef" and not page.select("a[rel=next]")
    shown = {a["href"] for a in page.select("section.results li > a")}
    assert shown == {h["href"] for h in hits[100:]}
    page_one = strict_html(client.get("/search?q=zoekproef").get_data(as_text=True))
    assert page_one.select_one("a[rel=next]")["href"] == "/search?q=zoekproef&page=2"
    assert "resultaten 1–100 van" in page_one.select_one("p.summary").get_text()


def test_the_order_is_the_same_on_every_request(probe) -> None:
    client, _ = probe
    runs = [[h["iri"] for h in _all_pages(client)] for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize(
    ("asked", "shown"), [("99", 2), ("3", 2), ("0", 1), ("-1", 1), ("abc", 1), ("1e3", 1)]
)
def test_a_page_out_of_range_or_not_a_number_is_clamped(probe, asked: str, shown: int) -> None:
    client, _ = probe
    response = client.get("/search.json", query_string={"q": "zoekproef", "page": asked})
    assert response.status_code == 200
    expected = client.get("/search.json", query_string={"q": "zoekproef", "page": shown}).get_json()
    assert response.get_json()["page"] == shown and response.get_json()["results"] == expected["results"]
    assert client.get("/search", query_string={"q": "zoekproef", "page": asked}).status_code == 200


def test_facet_counts_match_the_hits_behind_their_links(probe) -> None:
    client, source = probe
    soup = strict_html(client.get("/search?q=zoekproef").get_data(as_text=True))
    facets = client.get("/search.json?q=zoekproef").get_json()["facets"]
    assert {f["name"] for f in facets} == {"type", "wet", "gemeente"}
    for facet in facets:
        for value in facet["values"]:
            expected = _expected(source, facet["name"], value["value"])
            assert value["count"] == len(expected), (facet["name"], value)
            narrowed = {h["iri"] for h in _all_pages(client, **{facet["name"]: value["value"]})}
            assert narrowed == expected, (facet["name"], value)
    links = soup.select("aside.facets li a")
    assert links and all(a["href"].startswith("/search?q=zoekproef&") for a in links)
    for a in links:  # each facet link in the page adds its filter and lands on as many hits as it says
        count = int(a.find_next_sibling("span", class_="count").get_text())
        twin = client.get(a["href"].replace("/search?", "/search.json?", 1)).get_json()
        assert twin["count"] == count and len(twin["filters"]) == 1, a["href"]


def test_filters_combine_and_each_can_be_removed(probe) -> None:
    client, source = probe
    law, place, kind = BASE + "id/wet/participatiewet", BASE + "id/gemeente/utrecht", str(SDO.Regeling)
    chosen = {"type": kind, "wet": law, "gemeente": place}
    expected = (
        _expected(source, "type", kind) & _expected(source, "wet", law) & _expected(source, "gemeente", place)
    )
    assert expected, "the generated data should have things matching all three filters"
    assert {h["iri"] for h in _all_pages(client, **chosen)} == expected
    response = client.get("/search", query_string={"q": "zoekproef", **chosen})
    soup = strict_html(response.get_data(as_text=True))
    chips = soup.select("p.chosen a.chip")
    assert len(chips) == 3
    for chip in chips:  # the ✕ drops one filter and keeps the others
        target = client.get(chip["href"]).request.args
        kept = {name for name in chosen if target.get(name) == chosen[name]}
        assert len(kept) == 2 and target.get("q") == "zoekproef"
    hidden = {i["name"]: i["value"] for i in soup.select("form.big input[type=hidden]")}
    assert hidden == chosen  # a new query in the box keeps the filters


def test_csv_holds_every_hit_not_one_page(probe) -> None:
    client, source = probe
    response = client.get("/search.csv?q=zoekproef")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["iri", "label", "type", "type_label", "url"]
    assert [r["iri"] for r in rows] == [h["iri"] for h in _all_pages(client)]
    assert {r["iri"] for r in rows} == _probes(source)
    for row in rows:
        assert row["type"] in _types_of(source, row["iri"])
        assert row["url"] == "http://localhost/doc/" + row["iri"][len(BASE + "id/") :]
        assert row["label"].startswith("Zoekproef")
    narrowed = client.get("/search.csv", query_string={"q": "zoekproef", "wet": BASE + "id/wet/jeugdwet"})
    jeugdwet = list(csv.DictReader(io.StringIO(narrowed.get_data(as_text=True))))
    assert {r["iri"] for r in jeugdwet} == _expected(source, "wet", BASE + "id/wet/jeugdwet")
    empty = list(csv.reader(io.StringIO(client.get("/search.csv?q=").get_data(as_text=True))))
    assert empty == [["iri", "label", "type", "type_label", "url"]]


def test_datasets_and_observations_are_found_and_datasets_link_to_their_table(probe) -> None:
    client, source = probe
    datasets = sorted(str(d) for d in source.subjects(RDF.type, QB.DataSet))
    assert datasets
    for dataset in datasets:
        title = str(source.value(URIRef(dataset), RDFS.label))
        found = {
            h["iri"]: h for h in client.get("/search.json", query_string={"q": title}).get_json()["results"]
        }
        assert found[dataset]["href"] == "/datasets/" + dataset.rsplit("/", 1)[-1]
        assert found[dataset]["type_iri"] == str(QB.DataSet) and found[dataset]["type_label"] == "dataset"
        assert client.get(found[dataset]["href"]).status_code == 200
    observations = [o for o in source.subjects(RDF.type, QB.Observation) if source.value(o, RDFS.label)]
    assert observations
    for observation in observations:
        label = str(source.value(observation, RDFS.label))
        top = _first(client, label)
        assert top["iri"] == str(observation) and top["type_label"] == "observatie"
    typed = client.get("/search.json", query_string={"q": "demo", "type": str(QB.Observation)}).get_json()
    assert typed["count"] == len(observations)


@pytest.mark.parametrize(
    "params",
    [
        {"type": "Bevinding"},
        {"wet": "participatiewet"},
        {"gemeente": "https://sociaaldomein.example/id/gemeente/<script>"},
        {"type": "x" * 5000},
    ],
)
def test_a_filter_that_is_no_iri_is_a_400_in_dutch(probe, params: dict[str, str]) -> None:
    client, _ = probe
    for route in ("/search", "/search.json", "/search.csv"):
        response = client.get(route, query_string={"q": "zoekproef", **params})
        assert response.status_code == 400 and response.mimetype == "text/plain", route
        assert "Het filter" in response.get_data(as_text=True)
        as_html = client.get(
            route, query_string={"q": "zoekproef", **params}, headers={"Accept": "text/html"}
        )
        assert as_html.status_code == 400 and "<script>" not in as_html.get_data(as_text=True)


def test_a_filter_no_hit_has_gives_an_empty_list_with_a_way_back(probe) -> None:
    client, _ = probe
    params = {"q": "zoekproef", "type": BASE + "def/Onbekend"}
    assert client.get("/search.json", query_string=params).get_json()["count"] == 0
    soup = strict_html(client.get("/search", query_string=params).get_data(as_text=True))
    assert "Niets gevonden met deze filters" in soup.get_text()
    assert soup.select_one("p.chosen a.chip")["href"] == "/search?q=zoekproef"


@pytest.mark.slow
def test_every_real_dataset_and_observation_is_found(real_client: FlaskClient) -> None:
    """The 42 tables of the real data by their titles, their observations by their labels."""
    source = Graph()
    for path in sorted((PROJECT / "data" / "cijfers").glob("*.ttl")):
        source.parse(path)
    datasets = list(source.subjects(RDF.type, QB.DataSet))
    assert len(datasets) >= 42
    for dataset in datasets:
        title = str(source.value(dataset, RDFS.label))
        hrefs = {
            h["iri"]: h["href"]
            for h in real_client.get("/search.json", query_string={"q": title}).get_json()["results"]
        }
        assert hrefs.get(str(dataset)) == "/datasets/" + str(dataset).rsplit("/", 1)[-1], title
    for observation in source.subjects(RDF.type, QB.Observation):
        label = str(source.value(observation, RDFS.label))
        found = real_client.get("/search.json", query_string={"q": label}).get_json()["results"]
        assert str(observation) in {h["iri"] for h in found}, label


def test_an_index_from_before_types_were_kept_still_answers(tmp_path) -> None:
    """A build published before this index kept types and facets is searched without them, not a 500."""
    path = tmp_path / "search.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        """CREATE TABLE entry (id INTEGER PRIMARY KEY, iri TEXT UNIQUE, label TEXT, label_en TEXT, kind TEXT);
           CREATE VIRTUAL TABLE fts USING fts5(label, alts, texts, tokenize='unicode61 remove_diacritics 2');
           INSERT INTO entry VALUES (1, 'https://example.org/id/wet/jeugdwet', 'Jeugdwet', 'Youth Act', 'Wet');
           INSERT INTO fts (rowid, label, alts, texts) VALUES (1, 'Jeugdwet', 'Jw', '');"""
    )
    db.commit()
    db.close()
    found = search_index.matches(path, "jeugd", 10)
    assert found.total == 1 and found.hits[0].kind == "Wet" and found.hits[0].facets == ()
    assert search_index.search(path, "jw")[0].label == "Jeugdwet"
