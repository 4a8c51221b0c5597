"""Large answers are streamed from the worker to the client: the server never holds them whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from service.build.pipeline import build
from service.store.evaluation import CHUNK_BYTES
from tests.conftest import close_app, copy_project, settings_for

_THOUSAND = " ".join(str(i) for i in range(1000))
#: 10^6 rows of about 150 bytes each in SPARQL JSON: a 150 MB answer
LARGE = (
    f"SELECT ?x WHERE {{ VALUES ?a {{ {_THOUSAND} }} VALUES ?b {{ {_THOUSAND} }} "
    f'BIND(CONCAT(STR(?a), "-", STR(?b), "{"x" * 110}") AS ?x) }}'
)
ROWS = 1_000_000


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = tmp_path_factory.mktemp("streaming")
    build(settings_for(copy_project(root / "project"), root / "instance"))
    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": str(root / "instance"), "QUERY_WORKERS": 1, "QUERY_TIMEOUT": 120}
    )
    yield app
    close_app(app)


def _peak_rss_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # the kernel's peak RSS (VmHWM) starts again from now


def _status_kb(field: str) -> int:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field))
    return int(line.split()[1])


@pytest.mark.slow
def test_a_150_mb_answer_streams_with_flat_server_memory(app: Flask) -> None:
    client = app.test_client()
    _peak_rss_reset()
    before = _status_kb("VmRSS:")
    response = client.get("/sparql", query_string={"query": LARGE}, buffered=False)
    assert response.status_code == 200 and response.is_streamed
    size, tail = 0, b""
    for chunk in response.response:
        size += len(chunk)
        tail = (tail + chunk)[-200:]
    response.close()
    grown_mb = (_status_kb("VmHWM:") - before) / 1024
    assert size > 140_000_000 and tail.rstrip().endswith(b"]}}")
    assert grown_mb < 60, f"the server grew by {grown_mb:.0f} MB while a {size / 1e6:.0f} MB answer went out"


def test_a_streamed_answer_is_complete_and_the_worker_comes_back(app: Flask) -> None:
    client = app.test_client()
    query = LARGE.replace(_THOUSAND, " ".join(str(i) for i in range(100)), 1)  # 10^5 rows, ~15 MB
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200 and len(response.data) > 2 * CHUNK_BYTES
    assert len(json.loads(response.data)["results"]["bindings"]) == ROWS // 10
    tsv = client.get("/sparql", query_string={"query": query, "format": "tsv"})
    assert tsv.status_code == 200 and len(tsv.get_data(as_text=True).splitlines()) == ROWS // 10 + 1
    assert client.get("/sparql", query_string={"query": "ASK {}"}).json["boolean"] is True


def test_a_client_that_stops_reading_costs_only_its_worker(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": LARGE}, buffered=False)
    first = next(iter(response.response))
    assert first.startswith(b'{"head"')
    response.close()  # the client went away mid-answer
    for _ in range(3):  # the one worker was replaced, and answers again
        assert client.get("/sparql", query_string={"query": "ASK {}"}).json["boolean"] is True
