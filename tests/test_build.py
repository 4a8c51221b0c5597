"""The build pipeline on small fixture projects: good builds publish, bad ones change nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from service import create_app
from service.build.pipeline import BuildError, build
from service.store.built import BuiltStore
from tests.conftest import BASE, FIXTURES, copy_project, settings_for

BROKEN = FIXTURES / "broken"


def test_good_build_has_the_expected_graphs_and_counts(built) -> None:
    settings, report = built
    graphs = report.graphs
    assert set(graphs) == {
        BASE + f"graph/{n}" for n in ("ontology", "shapes", "demo", "inferred", "metadata")
    }
    assert graphs[BASE + "graph/demo"] == len(Graph().parse(settings.source_dir / "data/demo/wetten.ttl"))
    # Voorziening ⊑ Regeling, domain/range of valtOnder and its inverse are inferred
    built_store = BuiltStore.open(report.folder)
    ask = built_store.query(
        f"ASK {{ GRAPH <{BASE}graph/inferred> {{ <{BASE}id/regeling/jeugdhulp> a <{BASE}def/Regeling> . "
        f"<{BASE}id/wet/jeugdwet> <{BASE}def/heeftRegeling> <{BASE}id/regeling/jeugdhulp> }} }}"
    )
    assert bool(ask)
    asserted = built_store.query(f"ASK {{ GRAPH <{BASE}graph/demo> {{ ?x <{BASE}def/heeftRegeling> ?y }} }}")
    assert not bool(asserted), "inferred triples must stay out of the asserted graph"
    assert [name for name, _, _ in report.steps][-1] == "publish"


def test_inferred_graph_holds_only_new_triples_about_asserted_nodes(real_store) -> None:
    """Nothing asserted is repeated as inferred, and every blank node in the inferred graph
    is one of the asserted graphs' own (a copy that re-labels blank nodes would show
    as new triples about nodes nobody asserted)."""
    inferred = f"<{BASE}graph/inferred>"
    repeated = real_store.query(
        f"ASK {{ GRAPH {inferred} {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {inferred}) }}"
    )
    assert not bool(repeated)
    strangers = real_store.query(
        f"SELECT ?b WHERE {{ GRAPH {inferred} {{ {{ ?b ?p ?o }} UNION {{ ?s ?p ?b }} }} FILTER isBlank(?b) "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ {{ ?b ?q ?r }} UNION {{ ?t ?q ?b }} }} FILTER (?g != {inferred}) }} }}"
    )
    assert list(strangers) == []
    blank = real_store.query(f"ASK {{ GRAPH <{BASE}graph/ontology> {{ ?s ?p ?b }} FILTER isBlank(?b) }}")
    assert bool(blank), "the ontology has blank nodes, so a re-labelling would show"


def test_metadata_counts_match_the_graphs(built) -> None:
    _, report = built
    store = BuiltStore.open(report.folder)
    rows = store.query(
        "PREFIX void: <http://rdfs.org/ns/void#> PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
        f"SELECT ?g ?n WHERE {{ GRAPH <{BASE}graph/metadata> {{ ?d sd:name ?g ; void:triples ?n }} }}"
    )
    counted = {row["g"].value: int(row["n"].value) for row in rows}
    for graph in (BASE + "graph/demo", BASE + "graph/ontology"):
        assert counted[graph] == report.graphs[graph]


def _published(instance: Path) -> str:
    return os.readlink(instance / "current")


@pytest.mark.parametrize(
    ("relative", "broken", "step", "message"),
    [
        ("data/demo/wmo.ttl", "syntax-error.ttl", "parse", "wmo.ttl:6"),
        ("data/demo/tegenprestatie.ttl", "violation.ttl", "validate", "Een regeling valt onder een wet"),
        ("ontology/iets.ttl", "inconsistent.ttl", "reason", "inconsistent"),
    ],
)
def test_bad_input_fails_its_step_and_keeps_the_published_store(
    tmp_path: Path, built, relative: str, broken: str, step: str, message: str
) -> None:
    settings, report = built
    before = _published(settings.instance_dir)
    bad_project = copy_project(tmp_path / "bad", {relative: BROKEN / broken})
    with pytest.raises(BuildError) as failure:
        build(settings_for(bad_project, settings.instance_dir))
    assert failure.value.step == step
    assert message in str(failure.value)
    assert _published(settings.instance_dir) == before
    assert len(list((settings.instance_dir / "builds").iterdir())) == 1, "the failed build is discarded"
    client = create_app({"INSTANCE_DIR": str(settings.instance_dir), "STORE": ""}).test_client()
    health = client.get("/healthz").get_json()
    assert health["triples"] == report.triples


def test_a_crashed_shacl_check_fails_validate_and_keeps_the_published_store(
    tmp_path: Path, built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SHACL Core check runs in a child process; if that process dies, the build
    says so at step validate and publishes nothing."""
    settings, _ = built
    before = _published(settings.instance_dir)
    monkeypatch.setattr("service.build.validation.shacl.Validation.core", lambda *args: os._exit(3))
    with pytest.raises(BuildError) as failure:
        build(settings_for(copy_project(tmp_path / "project"), settings.instance_dir))
    assert failure.value.step == "validate"
    assert "exit code 3" in str(failure.value)
    assert _published(settings.instance_dir) == before
    assert len(list((settings.instance_dir / "builds").iterdir())) == 1


def test_violation_report_groups_by_shape_and_focus(tmp_path: Path, built) -> None:
    settings, _ = built
    bad_project = copy_project(tmp_path / "bad", {"data/demo/x.ttl": BROKEN / "violation.ttl"})
    with pytest.raises(BuildError) as failure:
        build(settings_for(bad_project, settings.instance_dir))
    text = failure.value.detail
    assert f"shape {BASE}def/shapes/RegelingWetShape:" in text
    assert f"  focus {BASE}id/regeling/tegenprestatie:" in text


def test_a_second_build_swaps_in_and_the_server_follows(tmp_path: Path, built) -> None:
    settings, report = built
    client = create_app({"INSTANCE_DIR": str(settings.instance_dir), "STORE": ""}).test_client()
    first = client.get("/healthz").get_json()
    extra = settings.source_dir / "data" / "demo" / "wmo.ttl"
    extra.write_text(
        "@prefix ex: <https://sociaaldomein.example/def/> .\n"
        '<https://sociaaldomein.example/id/wet/wmo-2015> a ex:Wet ; <http://www.w3.org/2000/01/rdf-schema#label> "Wmo 2015"@nl .\n'
    )
    second_report = build(settings)
    second = client.get("/healthz").get_json()
    assert second["build"] == second_report.folder.name != first["build"]
    assert second["triples"] > first["triples"]


def test_base_iri_setting_moves_every_iri(tmp_path: Path, project: Path) -> None:
    settings = settings_for(project, tmp_path / "instance")
    settings.base_iri = "http://localhost:5000/"
    report = build(settings)
    store = BuiltStore.open(report.folder)
    assert bool(
        store.query(
            "ASK { GRAPH <http://localhost:5000/graph/demo> { <http://localhost:5000/id/wet/jeugdwet> ?p ?o } }"
        )
    )
    assert not bool(store.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER(CONTAINS(STR(?s), '{BASE}')) }} }}"))


OWL_PREFIX = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"


def _with_file(tmp_path: Path, relative: str, text: str) -> Path:
    written = tmp_path / "extra.ttl"
    written.write_text(OWL_PREFIX + text)
    return copy_project(tmp_path / "project", {relative: written})


@pytest.mark.parametrize("relative", ["shapes/extra.ttl", "ontology/extra.ttl"])
def test_an_import_that_is_not_among_the_sources_fails_the_build(tmp_path: Path, relative: str) -> None:
    text = f"<{BASE}def/extra> a owl:Ontology ; owl:imports <https://example.org/absent> .\n"
    project, instance = _with_file(tmp_path, relative, text), tmp_path / "instance"
    with pytest.raises(BuildError) as failure:
        build(settings_for(project, instance))
    assert failure.value.step == "parse"
    assert f"<{BASE}def/extra> imports <https://example.org/absent>" in failure.value.detail
    assert not (instance / "current").exists()
    assert not any((instance / "builds").glob("*"))


def test_imports_of_the_own_ontology_and_a_version_iri_pass_under_any_base(tmp_path: Path) -> None:
    """The import is compared after the base IRI moved, as the ontology IRI itself is."""
    text = (
        f"<{BASE}def/extra> a owl:Ontology ; owl:versionIRI <{BASE}def/extra/1.0/> .\n"
        f"<{BASE}def/shapes/extra> a owl:Ontology ; owl:imports <{BASE}def/> , <{BASE}def/extra/1.0/> .\n"
    )
    settings = settings_for(_with_file(tmp_path, "shapes/extra.ttl", text), tmp_path / "instance")
    settings.base_iri = "http://localhost:5000/"
    report = build(settings)
    assert [name for name, _, _ in report.steps][-1] == "publish"
