"""The sdkg command as a contributor and a researcher use it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.build.pipeline import STEPS
from service.cli import main
from tests.conftest import FIXTURES


@pytest.fixture
def runner(monkeypatch, project, tmp_path) -> CliRunner:
    monkeypatch.setenv("SDKG_SOURCE_DIR", str(project))
    monkeypatch.setenv("SDKG_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("SDKG_SKIP_REASONER", "false")
    return CliRunner()


def test_validate_exit_codes(runner: CliRunner, project) -> None:
    good = runner.invoke(main, ["validate", str(project / "data/demo/wetten.ttl")])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(main, ["validate", str(FIXTURES / "broken/violation.ttl")])
    assert bad.exit_code == 1
    assert "RegelingWetShape" in bad.output and "Een regeling valt onder een wet" in bad.output
    broken = runner.invoke(main, ["validate", str(FIXTURES / "broken/syntax-error.ttl")])
    assert broken.exit_code == 2
    assert "syntax-error.ttl:6" in broken.output


def test_validate_alone_checks_references_within_the_file(runner: CliRunner, project) -> None:
    # bijstand refers to a law defined in another file: alone, sh:class cannot be satisfied
    result = runner.invoke(main, ["validate", "--alone", str(FIXTURES / "broken/violation.ttl")])
    assert result.exit_code == 1


def test_build_then_query_in_every_output(runner: CliRunner) -> None:
    built = runner.invoke(main, ["build"])
    assert built.exit_code == 0, built.output
    lines = [line for line in built.output.splitlines() if line.startswith("[")]
    assert [line[1:].split("]")[0].strip() for line in lines] == [name for name, _ in STEPS]
    query = "SELECT ?l WHERE { ?w a sdo:Wet ; rdfs:label ?l FILTER(lang(?l) = 'nl') } ORDER BY ?l"
    table = runner.invoke(main, ["query", query])
    assert table.exit_code == 0, table.output
    assert "Jeugdwet@nl" in table.output and "(2 rows)" in table.output
    as_json = json.loads(runner.invoke(main, ["query", "--format", "json", query]).output)
    assert [b["l"]["value"] for b in as_json["results"]["bindings"]] == ["Jeugdwet", "Participatiewet"]
    as_csv = runner.invoke(main, ["query", "--format", "csv", query]).output.splitlines()
    assert as_csv == ["l", "Jeugdwet", "Participatiewet"]
    bad = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p }"])
    assert bad.exit_code == 2 and "query error" in bad.output


def test_failed_build_says_which_step(runner: CliRunner, project) -> None:
    (project / "data/demo/bad.ttl").write_text((FIXTURES / "broken/violation.ttl").read_text())
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "build failed at step 'validate'" in result.output
    assert "unchanged" in result.output
