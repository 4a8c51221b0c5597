"""Dataset pages, charts and downloads: on a small fixture cube, and (marked slow) on the real data.

What is checked comes from the parsed source files, never from the code under test:
the values a table shows are compared with ``sdo:waarde`` in the Turtle, the RDF
twin with the triples of the files, the CSVW columns with the CSV header.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD, Namespace

from service import create_app
from service.build import reference_data
from service.build.pipeline import build
from service.models.cube import Component, Cube, Observation, Term
from service.render.cube_table import chart_kind, pivot
from tests.conftest import BASE, FIXTURES, PROJECT, copy_project, settings_for

HERE = FIXTURES / "datasets"
QB = Namespace("http://purl.org/linked-data/cube#")
SDO = Namespace(BASE + "def/")
SVG = "{http://www.w3.org/2000/svg}"
FIXTURE_SLUGS = ("demo-reeks", "demo-sectoren", "demo-enkel", "demo-delen")


@pytest.fixture(scope="module")
def cube_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The good fixture project plus a small cube, built by the real pipeline."""
    root = tmp_path_factory.mktemp("cube")
    extra = {
        "data/cijfers/cube.ttl": HERE / "cube.ttl",
        "data/kern/sections.ttl": HERE / "sections.ttl",
        "ontology/cube-terms.ttl": HERE / "cube-terms.ttl",
    }
    project = copy_project(root / "project", extra)
    report = build(settings_for(project, root / "instance"))
    return create_app({"TESTING": True, "STORE": str(report.folder), "INSTANCE_DIR": str(root / "instance")})


@pytest.fixture
def client(cube_app: Flask) -> FlaskClient:
    return cube_app.test_client()


@pytest.fixture(scope="module")
def source() -> Graph:
    graph = Graph()
    for name in ("cube.ttl", "cube-terms.ttl", "sections.ttl"):
        graph.parse(HERE / name)
    return graph


def dataset(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/dataset/{slug}")


def valid_html(body: bytes) -> BeautifulSoup:
    """Parse with html5lib in strict mode (any parse error raises), then hand over to BeautifulSoup."""
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(body)
    return BeautifulSoup(body, "html5lib")


def from_dutch(text: str) -> Decimal:
    """The number in a cell's text, read back from Dutch notation (``circa 1.234,5%`` -> 1234.5)."""
    found = re.search(r"-?[\d.]+(?:,\d+)?", text)
    assert found, text
    return Decimal(found.group().replace(".", "").replace(",", "."))


def expected_values(graph: Graph, slug: str) -> Counter[Decimal]:
    return Counter(
        Decimal(str(graph.value(o, SDO.waarde))) for o in graph.subjects(QB.dataSet, dataset(slug))
    )


def expected_twin(graph: Graph, slug: str) -> Graph:
    """The dataset's triples as the sources have them: dataset, DSD, specifications, observations,
    code lists of its coded components and the IRIs its observations use."""
    ds = dataset(slug)
    structure = graph.value(ds, QB.structure)
    specs = set(graph.objects(structure, QB.component))
    props = {p for s in specs for k in (QB.dimension, QB.measure, QB.attribute) for p in graph.objects(s, k)}
    observations = set(graph.subjects(QB.dataSet, ds))
    used = {o for obs in observations for p in props for o in graph.objects(obs, p) if isinstance(o, URIRef)}
    code_lists = {c for p in props for c in graph.objects(p, QB.codeList)}
    subjects = {ds, structure, *specs, *observations, *used, *code_lists}
    twin = Graph()
    for s in subjects:
        for p, o in graph.predicate_objects(s):
            twin.add((s, p, o))
    return twin


def by_value(graph: Graph) -> Graph:
    """Decimals written in their shortest form: rdflib's Turtle writer turns ``3`` into ``3.0``."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def table_values(soup: BeautifulSoup) -> list[tuple[Decimal, str]]:
    return [(Decimal(d["value"]), d.get_text()) for d in soup.select("table.cube data")]


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_page_is_valid_html_with_exactly_the_observed_values(
    client: FlaskClient, source: Graph, slug: str
) -> None:
    response = client.get(f"/datasets/{slug}")
    assert response.status_code == 200
    soup = valid_html(response.data)
    shown = table_values(soup)
    assert Counter(value for value, _ in shown) == expected_values(source, slug)
    for value, text in shown:
        assert from_dutch(text) == value, f"{text!r} does not read as {value}"
    assert soup.find("a", href=f"/doc/dataset/{slug}") is not None


def test_numbers_are_in_dutch_notation(client: FlaskClient) -> None:
    soup = valid_html(client.get("/datasets/demo-reeks").data)
    texts = {d["value"]: d.get_text() for d in soup.select("table.cube data")}
    assert texts["2023.065"] == "2.023,065"
    assert texts["1234567.5"] == "1.234.567,500", "padded to the decimals of the other values in its unit"
    assert texts["-12.5"] == "-12,500"
    assert texts["10"] == "10,000"


def test_page_names_source_section_table_and_downloads(client: FlaskClient) -> None:
    soup = valid_html(client.get("/datasets/demo-reeks").data)
    assert soup.find("h1").get_text(" ", strip=True).startswith("Demo: budget per onderdeel")
    section = soup.find("a", href="/doc/sectie/demo-2-6")
    assert section is not None and "2.6" in section.get_text()
    assert "Demodocument" in soup.select_one("dl.dataset-meta").get_text()
    assert "Tabel 3: Budget x € 1 mln" in soup.get_text()
    links = {a["href"] for a in soup.select(".alternates a")}
    assert {
        f"/datasets/demo-reeks{s}" for s in (".csv", ".csv-metadata.json", ".ttl", ".jsonld", ".svg")
    } <= links


def test_footnote_for_rounding_difference(client: FlaskClient) -> None:
    soup = valid_html(client.get("/datasets/demo-reeks").data)
    notes = [li.get_text() for li in soup.select("ol.footnotes li")]
    assert "Totaal wijkt door afronding af." in notes
    assert "afrondingsverschil: ja" in notes


def test_index_lists_every_dataset_with_its_count(client: FlaskClient, source: Graph) -> None:
    soup = valid_html(client.get("/datasets").data)
    rows = {tr.find("a")["href"]: tr for tr in soup.select("table.datasets tbody tr")}
    assert set(rows) == {f"/datasets/{slug}" for slug in FIXTURE_SLUGS}
    for slug in FIXTURE_SLUGS:
        cells = rows[f"/datasets/{slug}"].find_all("td")
        assert int(cells[-1].get_text()) == sum(expected_values(source, slug).values())
    assert rows["/datasets/demo-sectoren"].find("a", href="/doc/sectie/demo-2-5") is not None


def test_time_series_gets_a_line_chart_and_a_single_value_none(client: FlaskClient) -> None:
    series = valid_html(client.get("/datasets/demo-reeks").data)
    svg = series.select_one("figure.chart svg")
    assert svg is not None and svg.find("path") is not None
    single = valid_html(client.get("/datasets/demo-enkel").data)
    assert single.find("svg") is None
    assert client.get("/datasets/demo-enkel.svg").status_code == 404
    assert "krimpt met doorgaans circa 5 procent per jaar" in single.select_one("blockquote").get_text()
    assert [d.get_text() for d in single.select("table.cube data")] == ["circa 5"]


def test_categories_get_a_bar_chart(client: FlaskClient) -> None:
    root = ET.fromstring(client.get("/datasets/demo-sectoren.svg").data)
    bars = root.findall(f".//{SVG}rect[{SVG}title]")
    assert len(bars) == 3
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"125.000", "marktsector"}


@pytest.mark.parametrize("slug", ("demo-reeks", "demo-sectoren"))
def test_svg_parses_and_is_accessible(client: FlaskClient, slug: str) -> None:
    response = client.get(f"/datasets/{slug}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert client.get(f"/datasets/{slug}.svg").data == response.data, "output must be deterministic"


def test_labels_are_escaped_in_html_and_svg(client: FlaskClient) -> None:
    body = client.get("/datasets/demo-reeks").data
    soup = valid_html(body)
    # scripts: the page's JSON-LD (data that is never run) and our own file for the citation's
    # access date; none from the data, none inline
    scripts = soup.find_all("script")
    assert sorted((s.get("type") or "", s.get("src") or "") for s in scripts) == sorted(
        [("application/ld+json", ""), ("module", "/static/cite.js")]
    ), scripts
    assert json.loads(soup.find("script", type="application/ld+json").string)["@type"] == "Dataset"
    assert "<script>alert('x')</script> & co" in soup.select_one("table.cube tbody").get_text()
    svg = ET.fromstring(client.get("/datasets/demo-reeks.svg").data)
    assert not any(element.tag.endswith("script") for element in svg.iter())
    assert any("<script>" in (t.text or "") for t in svg.iter(f"{SVG}text"))


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_csv_has_one_row_per_observation_with_exact_values(
    client: FlaskClient, source: Graph, slug: str
) -> None:
    response = client.get(f"/datasets/{slug}.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    observations = set(source.subjects(QB.dataSet, dataset(slug)))
    assert {URIRef(r["observatie"]) for r in rows} == observations and len(rows) == len(observations)
    for row in rows:
        stored = source.value(URIRef(row["observatie"]), SDO.waarde)
        assert Decimal(row["waarde"]) == Decimal(str(stored))
        assert URIRef(row["eenheid"]) == source.value(URIRef(row["observatie"]), SDO.eenheid)
    assert "describedby" in response.headers["Link"]


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_csvw_metadata_matches_header_and_names_components_and_units(
    client: FlaskClient, source: Graph, slug: str
) -> None:
    response = client.get(f"/datasets/{slug}.csv-metadata.json")
    assert response.mimetype == "application/csvm+json"
    described = json.loads(response.data)
    header = next(csv.reader(io.StringIO(client.get(f"/datasets/{slug}.csv").data.decode("utf-8"))))
    columns = [c for c in described["tableSchema"]["columns"] if not c.get("virtual")]
    assert [c["name"] for c in columns] == header == [c["titles"] for c in columns]
    assert described["url"] == f"{slug}.csv"
    assert described["dc:title"] == str(
        source.value(dataset(slug), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    )
    assert described["dc:source"] == [
        {"@id": str(s)} for s in source.objects(dataset(slug), URIRef("http://purl.org/dc/terms/source"))
    ]
    structure = source.value(dataset(slug), QB.structure)
    components = {
        str(p)
        for spec in source.objects(structure, QB.component)
        for k in (QB.dimension, QB.measure, QB.attribute)
        for p in source.objects(spec, k)
    }
    assert components <= {c.get("propertyUrl") for c in columns}
    value = next(c for c in columns if c.get("propertyUrl") == str(SDO.waarde))
    unit = source.value(next(source.subjects(QB.dataSet, dataset(slug))), SDO.eenheid)
    assert value["datatype"] == "decimal"
    assert value[str(SDO.eenheid)] == {"@id": str(unit)}
    assert str(source.value(unit, SKOS.prefLabel)) in value["dc:description"]
    assert next(c for c in columns if c["name"] == "eenheid")["valueUrl"] == "{+eenheid}"


@pytest.mark.parametrize("suffix", (".ttl", ".jsonld"))
@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_rdf_twin_is_the_datasets_triples(client: FlaskClient, source: Graph, slug: str, suffix: str) -> None:
    response = client.get(f"/datasets/{slug}{suffix}")
    assert response.status_code == 200
    twin = Graph().parse(data=response.data, format="turtle" if suffix == ".ttl" else "json-ld")
    assert isomorphic(by_value(twin), by_value(expected_twin(source, slug)))


def test_twins_together_are_the_whole_cube_file(client: FlaskClient) -> None:
    together = Graph()
    for slug in FIXTURE_SLUGS:
        together += Graph().parse(data=client.get(f"/datasets/{slug}.ttl").data, format="turtle")
    assert isomorphic(by_value(together), by_value(Graph().parse(HERE / "cube.ttl")))


@pytest.mark.parametrize(
    "path", ("/datasets/bestaat-niet", "/datasets/Demo-Reeks", "/datasets/demo-reeks.xlsx", "/datasets/..csv")
)
def test_unknown_datasets_are_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


# ---- the real data (built once per session by the real pipeline)


@pytest.fixture(scope="session")
def real_source() -> Graph:
    graph = Graph()
    for path in sorted([*(PROJECT / "ontology").glob("*.ttl"), *(PROJECT / "data").rglob("*.ttl")]):
        graph.parse(path)
    graph.parse(
        data="\n".join(reference_data.generate(PROJECT)), format="nt"
    )  # the generated graph/referentie
    return graph


def real_slugs(graph: Graph) -> list[str]:
    prefix = BASE + "id/dataset/"
    return sorted(
        str(d)[len(prefix) :] for d in graph.subjects(RDF.type, QB.DataSet) if str(d).startswith(prefix)
    )


@pytest.mark.slow
def test_real_datasets_pages_tables_csv_and_twins(real_client: FlaskClient, real_source: Graph) -> None:
    slugs = real_slugs(real_source)
    assert slugs
    for slug in slugs:
        response = real_client.get(f"/datasets/{slug}")
        assert response.status_code == 200, slug
        shown = table_values(valid_html(response.data))
        assert Counter(v for v, _ in shown) == expected_values(real_source, slug), slug
        assert all(from_dutch(text) == value for value, text in shown), slug
        rows = list(
            csv.DictReader(io.StringIO(real_client.get(f"/datasets/{slug}.csv").data.decode("utf-8")))
        )
        assert Counter(Decimal(r["waarde"]) for r in rows) == expected_values(real_source, slug), slug
        twin = Graph().parse(data=real_client.get(f"/datasets/{slug}.ttl").data, format="turtle")
        assert isomorphic(by_value(twin), by_value(expected_twin(real_source, slug))), slug


@pytest.mark.slow
def test_real_iusd_series_has_a_line_chart_and_single_values_none(
    real_client: FlaskClient, real_source: Graph
) -> None:
    soup = valid_html(real_client.get("/datasets/nvrr-iusd-participatiewet").data)
    assert soup.select_one("figure.chart svg path") is not None
    singles = [s for s in real_slugs(real_source) if sum(expected_values(real_source, s).values()) == 1]
    assert singles
    for slug in singles:
        assert valid_html(real_client.get(f"/datasets/{slug}").data).find("svg") is None, slug


def test_fixture_cube_uses_only_literal_values_the_parser_keeps(source: Graph) -> None:
    """Guard for the exact-value tests: every value in the fixture is a plain xsd:decimal."""
    values = list(source.objects(None, SDO.waarde))
    assert values and all(isinstance(v, Literal) and v.datatype is not None for v in values)
    assert Path(HERE / "cube.ttl").read_text(encoding="utf-8").count("qb:Observation ;") == len(values)


# ---- the pivot and the chart choice, on hand-made cubes (no store)


def hand_cube(rows: list[dict[str, str]], unit: str = "procent") -> Cube:
    """A cube with dimensions refPeriode, meting, soort (in that order) and one unit."""
    vocab = BASE + "def/"
    made = Cube(BASE + "id/dataset/x", "x", vocab)
    made.components = [
        Component(vocab + name, "dimension", i, name)
        for i, name in enumerate(("refPeriode", "meting", "soort"), 1)
    ] + [
        Component(vocab + "waarde", "measure", 4, "waarde"),
        Component(vocab + "eenheid", "attribute", 5, "eenheid"),
    ]
    for n, row in enumerate(rows, 1):
        values = {vocab + k: Term(v, v) for k, v in row.items() if k != "waarde"}
        values[vocab + "eenheid"] = Term(BASE + "id/eenheid/" + unit, unit, BASE + "id/eenheid/" + unit)
        made.observations.append(
            Observation(f"{BASE}id/observatie/x-{n}", value=row["waarde"], values=values)
        )
    return made


def test_pivot_puts_measurements_across_and_their_year_under_the_heading() -> None:
    rows = [
        {"refPeriode": year, "meting": m, "soort": s, "waarde": str(i)}
        for i, (year, m, s) in enumerate(
            [("2015", "1", "a"), ("2015", "2", "a"), ("2016", "3", "a"), ("2015", "1", "b")]
        )
    ]
    table = pivot(hand_cube(rows))
    assert table.column_dim is not None and table.column_dim.label == "meting"
    assert [d.label for d in table.folded] == ["refPeriode"]
    assert [(c.term.key, c.note) for c in table.columns] == [("1", "2015"), ("2", "2015"), ("3", "2016")]
    assert [r.label for r in table.rows] == ["a", "b"]
    assert sum(len(cell) for r in table.rows for cell in r.cells) == len(rows)
    assert chart_kind(hand_cube(rows), table) == "line"


def test_one_category_dimension_reads_down_and_gets_bars() -> None:
    rows = [
        {"refPeriode": "2025", "soort": s, "waarde": v} for s, v in (("markt", "100"), ("overheid", "25"))
    ]
    cube = hand_cube(rows)
    table = pivot(cube)
    assert table.column_dim is None and [d.label for d in table.row_dims] == ["soort"]
    assert [(d.label, t.key) for d, t in table.fixed] == [("refPeriode", "2025")]
    assert chart_kind(cube, table) == "bar"


def test_no_chart_for_one_value_or_a_wall_of_bars() -> None:
    single = hand_cube([{"refPeriode": "2015", "waarde": "5"}])
    assert chart_kind(single, pivot(single)) is None
    many = hand_cube([{"refPeriode": "2015", "soort": f"s{i}", "waarde": str(i)} for i in range(60)])
    assert chart_kind(many, pivot(many)) is None


def test_figures_are_one_click_from_the_navigation_and_the_home_page(client: FlaskClient) -> None:
    soup = valid_html(client.get("/").data)
    assert soup.find("nav").find("a", string="Cijfers")["href"] == "/datasets"
    charts = soup.select("ul.featured-charts img")
    assert charts, "the home page features charts of the tables"
    for img in charts:
        chart = client.get(img["src"])
        assert chart.status_code == 200 and chart.content_type.startswith("image/svg+xml")


def test_a_section_page_links_to_the_datasets_taken_from_it(client: FlaskClient) -> None:
    soup = valid_html(client.get("/doc/sectie/demo-2-6").data)
    links = [a["href"] for a in soup.select("section.datasets-about a")]
    assert "/datasets/demo-reeks" in links
    for href in links:
        assert client.get(href).status_code == 200


@pytest.mark.slow
def test_a_law_page_links_to_the_datasets_that_concern_it(real_client: FlaskClient) -> None:
    soup = valid_html(real_client.get("/doc/wet/jeugdwet").data)
    links = [a["href"] for a in soup.select("section.datasets-about a")]
    assert links, "observations name the Jeugdwet, so its page lists their datasets"
    for href in links:
        assert real_client.get(href).status_code == 200


# ---- reading the table: footnote markers, headings, totals in charts, filter and sort, JSON, zip

RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def cell_of(soup: BeautifulSoup, value: str) -> Tag:
    data = soup.select_one(f'table.cube data[value="{value}"]')
    assert data is not None, value
    return data.find_parent("td")


def test_footnote_markers_stand_apart_from_the_number(client: FlaskClient) -> None:
    soup = valid_html(client.get("/datasets/demo-reeks").data)
    cell = cell_of(soup, "1234567.5")  # the observation with a comment and an attribute note
    assert cell.find("data").get_text() == "1.234.567,500", "the number holds no marker digits"
    marker = cell.select_one(".figure > .marks > sup.note")
    assert marker is not None and marker.find_parent("data") is None
    notes = {li["id"]: li.get_text() for li in soup.select("ol.footnotes li")}
    linked = [notes[a["href"].removeprefix("#")] for a in marker.find_all("a")]
    assert sorted(linked) == ["Totaal wijkt door afronding af.", "afrondingsverschil: ja"]
    figures = soup.select("table.cube td.num .figure")
    assert len(figures) == len(soup.select("table.cube data"))
    assert all(len(f.select(":scope > .marks")) == 1 for f in figures), "every figure keeps a marker slot"
    widest = max(len(s.get_text()) for s in soup.select("table.cube sup.note"))
    assert f"marks-{widest}" in soup.select_one("table.cube")["class"], "one slot width for the whole table"
    with client.get("/static/datasets.css") as response:  # a static file: closed with the response
        css = response.get_data(as_text=True)
    assert "tabular-nums" in css and ".marks" in css


def test_headings_show_the_readers_words_and_keep_the_component_iris(
    client: FlaskClient, source: Graph
) -> None:
    soup = valid_html(client.get("/datasets/demo-delen").data)
    formal = str(source.value(SDO.deel, RDFS_LABEL))
    assert formal == "deel (dimensie)", "the fixture carries the ontology's modelling qualifier"
    head = soup.select_one("table.cube thead")
    assert "(dimensie)" not in head.get_text()
    heading = head.find("th", attrs={"data-component": str(SDO.deel)})
    assert (
        heading.get_text(strip=True) == "deel"
        and formal in heading["title"]
        and str(SDO.deel) in heading["title"]
    )
    years = head.find("th", attrs={"data-component": str(SDO.refPeriode)})
    assert years.get_text(strip=True).startswith("jaar"), "a period of years is headed 'jaar'"
    listed = {dt.get_text(): dt.find_next("dd") for dt in soup.select("details.components dt")}
    assert listed["deel"].find("a")["href"] == "/def/deel"


def test_line_chart_draws_the_parts_without_their_total(client: FlaskClient, source: Graph) -> None:
    total = next(source.subjects(SDO.isTotaalVan, None))
    parts = {str(source.value(p, SKOS.prefLabel)) for p in source.objects(total, SDO.isTotaalVan)}
    root = ET.fromstring(client.get("/datasets/demo-delen.svg").data)
    lines = [p for p in root.iter(f"{SVG}path") if p.get("stroke-width") == "2.5"]
    legend = {t.text for g in root.iter(f"{SVG}g") for t in g.iter(f"{SVG}text")}
    assert len(lines) == len(parts) and legend == parts
    assert str(source.value(total, SKOS.prefLabel)) in root.find(f"{SVG}desc").text, (
        "the chart says what it left out"
    )
    soup = valid_html(client.get("/datasets/demo-delen").data)
    assert "Totaal" in [th.get_text() for th in soup.select("table.cube tbody th")], (
        "the table keeps the total"
    )
    alone = ET.fromstring(client.get("/datasets/demo-delen.svg?deel=deel-totaal").data)
    assert len([p for p in alone.iter(f"{SVG}path") if p.get("stroke-width") == "2.5"]) == 1, (
        "or the total alone"
    )


def values_of(source: Graph, slug: str, **dims: URIRef) -> dict[str, Decimal]:
    """Year -> value of the observations with the given dimension values, from the Turtle."""
    out = {}
    for obs in source.subjects(QB.dataSet, dataset(slug)):
        if all(source.value(obs, SDO[k]) == v for k, v in dims.items()):
            out[str(source.value(obs, SDO.refPeriode))] = Decimal(str(source.value(obs, SDO.waarde)))
    return out


def row_labels(soup: BeautifulSoup) -> list[str]:
    return [tr.find("th").get_text() for tr in soup.select("table.cube tbody tr") if tr.find("th")]


def test_a_filter_keeps_the_rows_of_that_code(client: FlaskClient, source: Graph) -> None:
    code = URIRef(BASE + "id/code/deel-x")
    soup = valid_html(client.get("/datasets/demo-delen?deel=deel-x").data)
    shown = Counter(v for v, _ in table_values(soup))
    assert shown == Counter(values_of(source, "demo-delen", deel=code).values())
    assert str(source.value(code, SKOS.prefLabel)) in soup.select_one("dl.dataset-meta").get_text()
    assert soup.select_one('select[name="deel"] option[selected]')["value"] == "deel-x"
    both = valid_html(client.get("/datasets/demo-delen?deel=deel-x&deel=deel-y&refPeriode=2019").data)
    assert sorted(v for v, _ in table_values(both)) == sorted(
        values_of(source, "demo-delen", deel=URIRef(BASE + f"id/code/deel-{p}"))["2019"] for p in "xy"
    )
    assert len(table_values(valid_html(client.get("/datasets/demo-delen?deel=").data))) == 9, "empty: all"


def test_sorting_by_a_column_or_a_dimension_orders_the_rows(client: FlaskClient, source: Graph) -> None:
    by_2019 = {
        str(source.value(code, SKOS.prefLabel)): values_of(source, "demo-delen", deel=code)["2019"]
        for code in source.subjects(SKOS.inScheme, URIRef(BASE + "id/code/deel"))
    }
    soup = valid_html(client.get("/datasets/demo-delen?sort_desc=2019").data)
    assert row_labels(soup) == sorted(by_2019, key=lambda k: -by_2019[k])
    header = soup.find("th", attrs={"aria-sort": "descending"})
    assert header is not None and header.find("a")["href"] == "/datasets/demo-delen?sort=2019"
    up = valid_html(client.get("/datasets/demo-delen?sort=2019").data)
    assert row_labels(up) == sorted(by_2019, key=lambda k: by_2019[k])
    named = valid_html(client.get("/datasets/demo-delen?sort=deel&deel=deel-x&deel=deel-totaal").data)
    assert row_labels(named) == ["Deel X", "Totaal"]
    links = {a["href"] for a in named.select("table.cube thead a.sort")}
    assert "/datasets/demo-delen?deel=deel-x&deel=deel-totaal&sort=2017" in links, (
        "sort links keep the filter"
    )


@pytest.mark.parametrize(
    ("query", "words"),
    (
        ("bestaat=1", "Onbekende parameter"),
        ("deel=deel-z", "geen waarde van"),
        ("sort=onbekend", "kan deze tabel niet sorteren"),
        ("sort=deel&sort_desc=deel", "Geef één sortering"),
        ("refPeriode=%00", "geen waarde van"),
    ),
)
@pytest.mark.parametrize("suffix", ("", ".csv", ".json", ".svg"))
def test_bad_parameters_are_400_in_dutch(client: FlaskClient, query: str, words: str, suffix: str) -> None:
    response = client.get(f"/datasets/demo-delen{suffix}?{query}")
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    if not suffix:  # a reader gets the site's own Dutch page with the way back
        soup = valid_html(response.data)
        assert soup.find("html")["lang"] == "nl" and soup.find("a", href="/datasets/demo-delen") is not None


@pytest.mark.parametrize("query", ("", "?deel=deel-x", "?sort_desc=2018", "?sort=deel&refPeriode=2017"))
@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_json_twin_rows_equal_the_csv_rows(client: FlaskClient, slug: str, query: str) -> None:
    if query and slug != "demo-delen":
        query = ""
    response = client.get(f"/datasets/{slug}.json{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    twin = json.loads(response.data)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/datasets/{slug}.csv{query}").data.decode("utf-8"))))
    assert [{k: v or "" for k, v in r.items()} for r in twin["rows"]] == rows
    assert twin["count"] == len(rows) and twin["dataset"] == str(dataset(slug))
    assert twin["columns"] == list(rows[0]) if rows else twin["columns"]


def test_sorted_json_follows_the_rows_of_the_table(client: FlaskClient) -> None:
    soup = valid_html(client.get("/datasets/demo-delen?sort_desc=2019").data)
    twin = json.loads(client.get("/datasets/demo-delen.json?sort_desc=2019").data)
    order = list(dict.fromkeys(r["deel_label"] for r in twin["rows"]))
    assert order == row_labels(soup)


def test_the_zip_holds_every_datasets_csv_and_metadata(client: FlaskClient, source: Graph) -> None:
    response = client.get("/datasets.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    expected = {f"{s}.csv" for s in FIXTURE_SLUGS} | {f"{s}.csv-metadata.json" for s in FIXTURE_SLUGS}
    assert sorted(archive.namelist()) == sorted(expected)
    for slug in FIXTURE_SLUGS:
        text = archive.read(f"{slug}.csv").decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert Counter(Decimal(r["waarde"]) for r in rows) == expected_values(source, slug)
        described = json.loads(archive.read(f"{slug}.csv-metadata.json"))
        assert described["url"] == f"{slug}.csv"
        header = [c["name"] for c in described["tableSchema"]["columns"] if not c.get("virtual")]
        assert header == list(rows[0])
    assert client.get("/datasets.zip").data == response.data, "the same bytes for the same build"
    index = valid_html(client.get("/datasets").data)
    assert index.find("a", href="/datasets.zip") is not None
    if "ETag" in response.headers:
        again = client.get("/datasets.zip", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


@pytest.mark.slow
def test_real_tables_read_well_and_the_zip_holds_them_all(
    real_client: FlaskClient, real_source: Graph
) -> None:
    slugs = real_slugs(real_source)
    for slug in slugs:
        soup = valid_html(real_client.get(f"/datasets/{slug}").data)
        assert "(dimensie)" not in soup.select_one("table.cube thead").get_text(), slug
        for data in soup.select("table.cube data"):
            assert data.find("sup") is None and from_dutch(data.get_text()) == Decimal(data["value"]), slug
    archive = zipfile.ZipFile(io.BytesIO(real_client.get("/datasets.zip").data))
    assert sorted(archive.namelist()) == sorted(
        [f"{s}.csv" for s in slugs] + [f"{s}.csv-metadata.json" for s in slugs]
    )
    for slug in slugs:
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{slug}.csv").decode("utf-8"))))
        assert Counter(Decimal(r["waarde"]) for r in rows) == expected_values(real_source, slug), slug
    iusd = ET.fromstring(real_client.get("/datasets/nvrr-iusd-participatiewet.svg").data)
    legend = {t.text for g in iusd.iter(f"{SVG}g") for t in g.iter(f"{SVG}text")}
    assert "Totaal" not in legend, "the total is no line beside its parts"
