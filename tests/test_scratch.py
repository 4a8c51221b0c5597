"""The writable scratch store: its pages work, and only one process may serve it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from service.store.scratch import ScratchStore, StoreInUseError
from tests.conftest import BASE

PROJECT = Path(__file__).resolve().parent.parent
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


def test_second_store_on_the_same_folder_is_refused(scratch: Flask) -> None:
    folder = Path(scratch.config["STORE"])
    with pytest.raises(StoreInUseError, match="in gebruik"):
        ScratchStore(folder, 256, 5)
    assert scratch.test_client().get("/sparql?query=ASK%7B%7D").status_code == 200  # the first is untouched


def test_lock_ends_with_the_store(tmp_path: Path) -> None:
    first = ScratchStore(tmp_path, 256, 5)
    first.close()
    second = ScratchStore(tmp_path, 256, 5)
    second.close()


def test_second_server_process_stops_with_a_message(scratch: Flask) -> None:
    folder = scratch.config["STORE"]
    serve = "from service.cli import main; main()"
    command = [sys.executable, "-c", serve, "serve", "--store", folder, "--writable", "--port", "0"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "SDKG_ADMIN_TOKEN": "s3cret"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd=PROJECT)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by process" in lines[0] and str(os.getpid()) in lines[0]
    assert "Traceback" not in done.stderr
