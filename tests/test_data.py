"""The real graph: precise (every quote is in the source, only verified identifiers),
traceable (every node cites a section) and complete (every section is covered)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from service.build import coverage
from service.build.documents import quote_found, seeds_dir, source_text
from service.namespaces import PREFIXES
from tests.conftest import BASE, PROJECT

pytestmark = pytest.mark.slow
REFERENCE = seeds_dir().parent / "reference"


def select(store, sparql: str) -> list[dict[str, str]]:
    rows = store.query(sparql, prefixes=PREFIXES)
    return [
        {v.value: (row[v.value].value if row[v.value] is not None else None) for v in rows.variables}
        for row in rows
    ]


def test_every_quote_is_in_a_source(real_store) -> None:
    rows = select(real_store, "SELECT ?s ?q WHERE { ?s sdo:citaat ?q }")
    assert len(rows) > 300
    missing = [f"{r['s']}: {r['q']}" for r in rows if not quote_found(r["q"])]
    assert not missing, "\n".join(missing[:30])


def test_quotes_are_short(real_store) -> None:
    rows = select(real_store, "SELECT ?s ?q WHERE { ?s sdo:citaat ?q }")
    long = [r["s"] for r in rows if len(r["q"].split()) > 45]
    assert not long, long


def test_every_node_we_mint_has_a_dutch_label_and_a_source(real_store) -> None:
    rows = select(
        real_store,
        f"""SELECT DISTINCT ?s WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{BASE}id/"))
          FILTER(?g NOT IN (<{BASE}graph/inferred>, <{BASE}graph/metadata>))
          FILTER NOT EXISTS {{ ?s rdfs:label ?l FILTER(lang(?l) = "nl") }}
        }}""",
    )
    assert not rows, rows[:20]
    unsourced = select(
        real_store,
        f"""SELECT DISTINCT ?s WHERE {{
          GRAPH ?g {{ ?s a ?c }} FILTER(STRSTARTS(STR(?s), "{BASE}id/"))
          FILTER(?g NOT IN (<{BASE}graph/inferred>, <{BASE}graph/metadata>))
          FILTER NOT EXISTS {{ ?s dct:source|dct:isPartOf ?src }}
          FILTER NOT EXISTS {{ ?s a sdo:Brondocument }}
          FILTER NOT EXISTS {{ ?s a sdo:Referentiebron }}
          FILTER NOT EXISTS {{ ?s rdfs:comment ?why }}
        }}""",
    )
    assert not unsourced, unsourced[:20]


def test_every_section_of_both_documents_is_covered(real_build, real_store) -> None:
    counts = coverage.taken(real_store, BASE)
    for document in ("nvrr", "vgn"):
        sections = coverage.source_sections(document)
        assert len(sections) > 20
        missing = coverage.uncovered(sections, counts, BASE)
        assert not missing, [s.slug for s in missing]
        declared = {r["s"] for r in select(real_store, "SELECT ?s WHERE { ?s a sdo:Sectie }")}
        assert {f"{BASE}id/sectie/{s.slug}" for s in sections} <= declared


def test_coverage_record_is_up_to_date(real_store) -> None:
    expected = coverage.render(coverage.taken(real_store, BASE), BASE, PROJECT / "data" / "coverage")
    assert (PROJECT / "data" / "COVERAGE.md").read_text(encoding="utf-8") == expected, "run `sdkg coverage`"


def _verified_lines() -> list[str]:
    """Lines of the reference notes that mark what they name as verified (**V** or **V2**).

    A line may still mention something else as UNVERIFIED (e.g. a repeal status);
    the identifier in its status column is what counts.
    """
    text = (REFERENCE / "external-identifiers.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if "**V" in line]


def test_tooi_links_point_to_real_register_entries(real_store) -> None:
    register = json.loads((REFERENCE / "data" / "tooi" / "rwc_gemeenten_compleet_4.json").read_text())
    known = {node["@id"] for node in register}
    provinces = json.loads((REFERENCE / "data" / "tooi" / "rwc_provincies_compleet_1.json").read_text())
    known |= {node["@id"] for node in provinces}
    with (PROJECT / "data" / "referentie" / "bronnen" / "polder-organisaties" / "index.csv").open() as index:
        known |= {row["tooi"] for row in csv.DictReader(index) if row["tooi"]}
    verified = "\n".join(_verified_lines())
    links = select(
        real_store,
        "SELECT ?s ?t WHERE { ?s owl:sameAs|skos:exactMatch ?t FILTER(CONTAINS(STR(?t), 'identifier.overheid.nl')) }",
    )
    assert links
    for row in links:
        code = row["t"].rsplit("/", 1)[-1]
        assert row["t"] in known or code in verified, row


def test_wikidata_and_bwb_links_are_verified(real_store) -> None:
    verified = "\n".join(_verified_lines())
    for row in select(
        real_store,
        "SELECT ?s ?t WHERE { ?s owl:sameAs|skos:exactMatch ?t FILTER(CONTAINS(STR(?t), 'wikidata.org')) }",
    ):
        qid = row["t"].rsplit("/", 1)[-1]
        assert re.search(rf"\b{qid}\b", verified), row
        assert not (row["s"].endswith("/gemeente/utrecht") and qid == "Q803"), "Utrecht's QID is disputed"
    for row in select(real_store, "SELECT ?s ?b WHERE { ?s sdo:bwbId ?b }"):
        assert re.search(rf"\*\*{row['b']}\*\*|{row['b']}", verified), row
    assert select(real_store, "SELECT ?b WHERE { wet:jeugdwet sdo:bwbId ?b }") == [{"b": "BWBR0034925"}]


def test_every_law_with_a_bwb_id_has_its_juriconnect_reference(real_store) -> None:
    rows = select(
        real_store,
        "SELECT ?wet ?bwb ?jci WHERE { ?wet a sdo:Wet ; sdo:bwbId ?bwb OPTIONAL { ?wet sdo:juriconnectId ?jci } }",
    )
    assert len(rows) > 10
    wrong = [r for r in rows if r["jci"] != f"jci1.3:c:{r['bwb']}"]
    assert not wrong, wrong


def test_every_article_is_named_in_its_source_section(real_store) -> None:
    """An article node exists only where the text names it ("artikel 2.4"), in the section it cites."""
    rows = select(
        real_store,
        "SELECT ?artikel ?nummer ?sectie WHERE { ?artikel a sdo:Wetsartikel ; sdo:artikelnummer ?nummer ; dct:source ?sectie }",
    )
    assert {r["nummer"] for r in rows} == {"2.4", "2.5", "2.3.1"}
    sections = coverage.source_sections("nvrr")
    lines = source_text("nvrr").splitlines()
    for row in rows:
        index = next(i for i, s in enumerate(sections) if row["sectie"] == f"{BASE}id/sectie/{s.slug}")
        end = sections[index + 1].line if index + 1 < len(sections) else len(lines) + 1
        body = "\n".join(lines[sections[index].line - 1 : end - 1])
        assert re.search(rf"[Aa]rtikel {re.escape(row['nummer'])}\b", body), row
    tied = select(real_store, "SELECT DISTINCT ?s WHERE { ?s sdo:betreftArtikel ?a }")
    assert len(tied) >= 5


def test_ids_are_lower_case_slugs(real_store) -> None:
    rows = select(
        real_store, f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}id/")) }}'
    )
    bad = [r["s"] for r in rows if not re.fullmatch(rf"{re.escape(BASE)}id/[a-z-]+/[a-z0-9-]+", r["s"])]
    assert not bad, bad[:20]


def test_seeds_are_where_the_tests_expect_them() -> None:
    assert Path(seeds_dir()).is_dir(), "the source documents live in ../shared/seeds beside the repository"
