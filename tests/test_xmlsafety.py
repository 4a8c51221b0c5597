"""RDF/XML with a DTD or entities is refused unread on every way in: build, validate, Graph Store writes.

A "billion laughs" file of under a kilobyte expands to gigabytes in an XML parser;
refused on its raw bytes it costs milliseconds. The time limits are generous for a
busy machine; a parser expanding the 9-level file would need many seconds and GBs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from service import create_app
from service.build.pipeline import BuildError, build
from service.cli import main
from service.sparql import rdf_xml
from tests.conftest import copy_project, settings_for

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LIMIT = 2.0  # seconds; the real cost is a few milliseconds
TOKEN = {"Authorization": "Bearer s3cret"}


def _document(doctype: str, value: str) -> str:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n'
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">\n'
        f' <rdf:Description rdf:about="http://example.org/s"><ex:p>{value}</ex:p></rdf:Description>\n'
        "</rdf:RDF>\n"
    )


def laughs(levels: int) -> bytes:
    """RDF/XML whose one literal is 10^levels "lol"s once its entities are expanded."""
    lines = [' <!ENTITY lol0 "lol">']
    for level in range(1, levels + 1):
        reference = f"&lol{level - 1};"
        lines.append(f' <!ENTITY lol{level} "{reference * 10}">')
    doctype = "<!DOCTYPE rdf:RDF [\n" + "\n".join(lines) + "\n]>"
    return _document(doctype, f"&lol{levels};").encode()


EXTERNAL = _document('<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;").encode()
PLAIN = _document("", "lol").encode()
CASES = {"laughs-5": laughs(5), "laughs-9": laughs(9), "external": EXTERNAL}


def test_the_nine_level_file_is_small() -> None:
    assert len(laughs(9)) < 1000


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("relative", ["data/demo/{}.rdf", "ontology/{}.owl", "shapes/{}.rdf"])
def test_build_refuses_it_at_parse_and_publishes_nothing(tmp_path: Path, name: str, relative: str) -> None:
    written = tmp_path / f"{name}.rdf"
    written.write_bytes(CASES[name])
    project = copy_project(tmp_path / "project", {relative.format(name): written})
    instance = tmp_path / "instance"
    started = time.monotonic()
    with pytest.raises(BuildError) as failure:
        build(settings_for(project, instance))
    assert time.monotonic() - started < LIMIT
    assert failure.value.step == "parse"
    assert str(project / relative.format(name)) in failure.value.detail
    assert "<!DOCTYPE" in failure.value.detail and "refused" in failure.value.detail
    assert not (instance / "current").exists()
    assert not any((instance / "builds").glob("*"))


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, project: Path, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("SDKG_SOURCE_DIR", str(project))
    monkeypatch.setenv("SDKG_INSTANCE_DIR", str(tmp_path / "instance"))
    return CliRunner()


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_refuses_it_as_unreadable(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.rdf"
    path.write_bytes(CASES[name])
    started = time.monotonic()
    result = runner.invoke(main, ["validate", str(path)])
    assert time.monotonic() - started < LIMIT
    assert result.exit_code == 2, result.output
    assert f"{path}: RDF/XML with a document type declaration" in result.output


def test_validate_reads_rdf_xml_without_a_dtd(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plain.rdf"
    path.write_bytes(PLAIN)
    result = runner.invoke(main, ["validate", "--alone", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "data",
    [
        laughs(5).decode().encode("utf-16"),  # with a byte order mark
        laughs(5).decode().encode("utf-16-be"),
        laughs(5).decode().encode("utf-32"),
        laughs(5).decode().replace('version="1.0"', 'version="1.0" encoding="cp500"').encode("cp500"),
        laughs(5).replace(b"<!DOCTYPE", b"<!doctype"),
    ],
    ids=["utf-16", "utf-16-be", "utf-32", "ebcdic", "lower-case"],
)
def test_a_declaration_in_another_encoding_is_found(data: bytes) -> None:
    assert rdf_xml.dtd_problem(data) == rdf_xml.REFUSAL


def test_plain_rdf_xml_passes_in_any_encoding() -> None:
    for encoding in ("utf-8", "utf-16", "utf-32"):
        assert rdf_xml.dtd_problem(PLAIN.decode().encode(encoding)) is None


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("scratch")
    app = create_app(
        {"TESTING": True, "STORE": str(folder), "WRITABLE": True, "ADMIN_TOKEN": "s3cret", "QUERY_TIMEOUT": 5}
    )
    yield app
    for closable in (app.extensions.get("sdkg.engine"), app.extensions["sdkg.store"]):
        if hasattr(closable, "close"):
            closable.close()


@pytest.mark.parametrize("method", ["put", "post"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_store_write_refuses_it_with_400(scratch: Flask, method: str, name: str) -> None:
    client = scratch.test_client()
    started = time.monotonic()
    response = getattr(client, method)(
        "/store?graph=urn:lol", data=CASES[name], content_type="application/rdf+xml", headers=TOKEN
    )
    assert time.monotonic() - started < LIMIT
    assert response.status_code == 400
    assert "request body is refused" in response.text and "<!DOCTYPE" in response.text
    assert client.get("/store?graph=urn:lol").status_code == 404


def test_graph_store_write_takes_rdf_xml_without_a_dtd(scratch: Flask) -> None:
    client = scratch.test_client()
    response = client.put(
        "/store?graph=urn:plain", data=PLAIN, content_type="application/rdf+xml", headers=TOKEN
    )
    assert response.status_code == 201, response.text
    assert client.delete("/store?graph=urn:plain", headers=TOKEN).status_code == 204
