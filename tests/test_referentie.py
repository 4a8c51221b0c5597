"""The reference graph: every municipality version, province and 2017 region, from the project's own copies.

The counts are those the publishers' files give (``data/referentie/README.md``); the queries
are the ones a researcher would write, so a change of model that breaks them shows here.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from service.build import reference_data
from service.namespaces import PREFIXES
from tests.conftest import BASE, PROJECT

pytestmark = pytest.mark.slow
README = PROJECT / "data" / "referentie" / "README.md"
VALID_2017 = """SELECT ?v WHERE {
  ?v a sdo:Gemeenteversie .
  FILTER NOT EXISTS { ?v sdo:geldigVanaf ?b FILTER(?b > "2017-01-01"^^xsd:date) }
  FILTER NOT EXISTS { ?v sdo:geldigTot ?e FILTER(?e < "2017-01-01"^^xsd:date) }
}"""


def select(store, sparql: str) -> list[dict[str, str]]:
    rows = store.query(sparql, prefixes=PREFIXES)
    return [
        {v.value: (row[v.value].value if row[v.value] is not None else None) for v in rows.variables}
        for row in rows
    ]


def count(store, sparql: str) -> int:
    return int(select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {sparql} }}")[0]["n"])


def test_the_readme_checksums_match_the_files() -> None:
    listed = re.findall(
        r"\| `(bronnen/[^`]+)` \|.*\| `([0-9a-f]{64})` \|", README.read_text(encoding="utf-8")
    )
    files = sorted(p for p in (README.parent / "bronnen").rglob("*") if p.is_file())
    assert {name for name, _ in listed} == {str(p.relative_to(README.parent)) for p in files}
    for name, digest in listed:
        assert hashlib.sha256((README.parent / name).read_bytes()).hexdigest() == digest, name


def test_the_reference_graph_needs_nothing_outside_the_project(tmp_path: Path) -> None:
    """A clone without ../shared: the generator reads only data/kern and data/referentie."""
    for folder in ("kern", "referentie"):
        shutil.copytree(PROJECT / "data" / folder, tmp_path / "data" / folder)
    lines = reference_data.generate(tmp_path)
    assert lines == reference_data.generate(PROJECT)  # same text, in the same order
    assert len([line for line in lines if line.endswith(f"<{BASE}def/Gemeenteversie> .")]) == 605


def test_every_municipality_version_is_there_with_its_validity(real_store) -> None:
    assert count(real_store, "?v a sdo:Gemeenteversie") == 605
    assert len(select(real_store, VALID_2017)) == 388
    current = "?v a sdo:Gemeenteversie FILTER NOT EXISTS { ?v sdo:geldigTot ?e }"
    assert count(real_store, current) == 342
    assert (
        count(real_store, "?v a sdo:Gemeenteversie ; owl:sameAs ?t ; sdo:ligtInProvincie/a sdo:Provincie")
        == 605
    )


def test_reorganisations_link_predecessors_and_successors(real_store) -> None:
    kinds = {"Samenvoeging": 54, "Uitbreiding": 62, "Herschikking": 12}
    for kind, expected in kinds.items():
        assert count(real_store, f"GRAPH <{BASE}graph/referentie> {{ ?h a sdo:{kind} }}") == expected
    rows = select(
        real_store,
        f"SELECT ?next ?day WHERE {{ <{BASE}id/gemeente/gm0081> sdo:opgegaanIn ?next ; sdo:geldigTot ?day }}",
    )
    assert rows == [{"next": f"{BASE}id/gemeente/gm0080", "day": "2017-12-31"}]
    back = f"ASK {{ <{BASE}id/gemeente/gm0080> sdo:ontstaanUit <{BASE}id/gemeente/gm0081> }}"
    assert real_store.query(back, prefixes=PREFIXES)


def test_every_gemeente_of_2017_has_one_arbeidsmarktregio_and_one_jeugdregio(real_store) -> None:
    rows = select(
        real_store,
        f"""SELECT ?v (COUNT(DISTINCT ?am) AS ?ams) (COUNT(DISTINCT ?jz) AS ?jzs) WHERE {{
          {{ {VALID_2017} }}
          OPTIONAL {{ ?v sdo:inArbeidsmarktregio ?am }}
          OPTIONAL {{ ?v sdo:inJeugdregio ?jz }}
        }} GROUP BY ?v""",
    )
    assert len(rows) == 388
    assert {(r["ams"], r["jzs"]) for r in rows} == {("1", "1")}
    assert count(real_store, "?r a sdo:Arbeidsmarktregio") == 35
    assert count(real_store, "?r a sdo:Jeugdregio") == 42


def test_the_example_query_lists_every_gemeente_of_2017_with_its_regions(real_store) -> None:
    query = (PROJECT / "service" / "queries" / "examples" / "gemeenten-2017-per-regio.rq").read_text(
        encoding="utf-8"
    )
    rows = select(real_store, query)
    assert len(rows) == 388
    utrecht = next(r for r in rows if r["code"] == "GM0344")
    assert (utrecht["provincie"], utrecht["arbeidsmarktregio"], utrecht["jeugdregio"]) == (
        "Utrecht",
        "Midden-Utrecht",
        "Utrecht Stad",
    )


def test_the_documents_gemeenten_link_to_their_version_of_2017(real_store) -> None:
    rows = select(
        real_store,
        """SELECT ?g ?code ?vcode WHERE {
          ?g a sdo:Gemeente ; sdo:cbsGemeentecode ?code FILTER NOT EXISTS { ?g a sdo:Gemeenteversie }
          OPTIONAL { ?g sdo:gemeenteversie2017/sdo:cbsGemeentecode ?vcode }
        }""",
    )
    assert len(rows) >= 17
    assert all(r["code"] == r["vcode"] for r in rows), rows


def test_the_regionaal_werkbedrijf_is_one_per_arbeidsmarktregio(real_store) -> None:
    rows = select(
        real_store,
        f"""SELECT (COUNT(DISTINCT ?region) AS ?n) WHERE {{
          <{BASE}id/samenwerkingsverband/pw-regionale-werkbedrijven> sdo:eenPerRegioVan ?scheme .
          ?region skos:inScheme ?scheme ; a sdo:Arbeidsmarktregio .
        }}""",
    )
    assert rows == [{"n": "35"}]


def test_zuid_holland_zuid_has_its_seventeen_gemeenten_from_the_cbs_mapping(real_store) -> None:
    rows = select(
        real_store,
        f"""SELECT ?v WHERE {{
          <{BASE}id/samenwerkingsverband/jw-serviceorganisatie-jeugd-zuid-holland-zuid> sdo:werkgebied ?region .
          ?v sdo:inJeugdregio ?region .
        }}""",
    )
    assert len(rows) == 17  # "De zeventien gemeenten in Zuid-Holland Zuid" (§3.5)


def test_government_organisations_carry_their_oin(real_store) -> None:
    rows = select(real_store, f"SELECT ?oin WHERE {{ <{BASE}id/organisatie/uwv> sdo:oin ?oin }}")
    assert rows == [{"oin": "00000001810220350000"}]


def test_gemeente_and_region_pages_show_the_links(real_client) -> None:
    page = real_client.get("/doc/gemeente/gm0344", headers={"Accept": "text/html"}).get_data(as_text=True)
    for target in ("/doc/provincie/pv26", "/doc/arbeidsmarktregio/am", "/doc/jeugdregio/jz"):
        assert target in page, target
    region = real_client.get("/doc/jeugdregio/jz31", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "/doc/gemeente/gm0505" in region  # Dordrecht, one of the seventeen
    assert "/doc/samenwerkingsverband/jw-serviceorganisatie-jeugd-zuid-holland-zuid" in region
    named = real_client.get("/doc/gemeente/utrecht", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "/doc/gemeente/gm0344" in named


def test_a_law_page_shows_its_identifiers_and_articles(real_client) -> None:
    page = real_client.get("/doc/wet/jeugdwet", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "https://wetten.overheid.nl/BWBR0034925" in page
    assert "jci1.3:c:BWBR0034925" in page
    assert "/doc/artikel/jeugdwet-2-4" in page and "/doc/artikel/jeugdwet-2-5" in page
