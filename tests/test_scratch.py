"""The writable scratch store: its pages work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from tests.conftest import BASE

TOKEN = {"Authorization": "Bearer s3cret"}
TRIPLES = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{BASE}id/gemeente/proefstad> a <{BASE}def/Gemeente> ;
    rdfs:label "Proefstad"@nl ;
    <{BASE}def/ligtIn> <{BASE}id/provincie/proefland> .
<{BASE}id/provincie/proefland> rdfs:label "Proefland"@nl .
"""


def scratch_app(folder: Path) -> Flask:
    return create_app(
        {"TESTING": True, "STORE": str(folder), "WRITABLE": True, "ADMIN_TOKEN": "s3cret", "QUERY_TIMEOUT": 5}
    )


def close(app: Flask) -> None:
    engine = app.extensions.get("sdkg.engine")
    if engine is not None:
        engine.close()
    app.extensions["sdkg.store"].close()


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Flask]:
    app = scratch_app(tmp_path / "scratch")
    yield app
    close(app)


def test_doc_pages_of_a_scratch_store(scratch: Flask) -> None:
    client = scratch.test_client()
    put = client.put(
        f"/store?graph={BASE}graph/proef", data=TRIPLES, content_type="text/turtle", headers=TOKEN
    )
    assert put.status_code == 201
    page = client.get("/doc/gemeente/proefstad")
    assert page.status_code == 200, page.data[:300]
    assert "Proefstad" in page.text and "Proefland" in page.text
    turtle = client.get("/doc/gemeente/proefstad.ttl")
    assert turtle.status_code == 200 and "Proefland" in turtle.text
    assert client.get("/doc/provincie/proefland").status_code == 200  # known by what points at it
    assert client.get("/doc/gemeente/nergens").status_code == 404
    assert client.get("/doc/gemeente/proefstad%C2%99").status_code == 404
