"""Shared fixtures: small projects built by the real pipeline into temporary folders."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.build.pipeline import BuildReport, BuildSettings, build

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://sociaaldomein.example/"


def copy_project(target: Path, extra: dict[str, Path] | None = None) -> Path:
    """A copy of the good fixture project, with extra files placed at relative paths."""
    shutil.copytree(FIXTURES / "good", target, dirs_exist_ok=True)
    for relative, source in (extra or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target / relative)
    return target


def settings_for(source: Path, instance: Path) -> BuildSettings:
    return BuildSettings(source_dir=source, instance_dir=instance, base_iri=BASE)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def built(tmp_path: Path, project: Path) -> tuple[BuildSettings, BuildReport]:
    settings = settings_for(project, tmp_path / "instance")
    return settings, build(settings)


PROJECT = Path(__file__).resolve().parent.parent


def close_app(app) -> None:
    """Stop an app's query workers and release its store (every served store has close())."""
    engine = app.extensions.get("sdkg.engine")
    if engine is not None:
        engine.close()
    app.extensions["sdkg.store"].close()


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildSettings, BuildReport]:
    """The real ontology, shapes and data, built once per test session by the real pipeline."""
    settings = BuildSettings(source_dir=PROJECT, instance_dir=tmp_path_factory.mktemp("real"), base_iri=BASE)
    return settings, build(settings)


@pytest.fixture(scope="session")
def real_store(real_build):
    from service.store.built import BuiltStore

    return BuiltStore.open(real_build[1].folder)


@pytest.fixture(scope="session")
def real_client(real_build, tmp_path_factory: pytest.TempPathFactory):
    """A test client of the site over the real build."""
    from service import create_app

    _, report = real_build
    instance = tmp_path_factory.mktemp("real-app")
    return create_app(
        {"TESTING": True, "STORE": str(report.folder), "INSTANCE_DIR": str(instance)}
    ).test_client()


SITE = FIXTURES / "site"


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The linked-data site's fixture project (a Rekenkamer Utrecht study and its neighbours), built once."""
    settings = BuildSettings(
        source_dir=SITE, instance_dir=tmp_path_factory.mktemp("site"), base_iri=BASE, skip_reasoner=True
    )
    return build(settings)


@pytest.fixture(scope="session")
def site_app(site_build: BuildReport):
    from service import create_app

    return create_app({"TESTING": True, "STORE": str(site_build.folder)})


@pytest.fixture
def site_client(site_app):
    return site_app.test_client()


RECONCILE = FIXTURES / "reconcile"


@pytest.fixture(scope="session")
def recon_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The site fixture with a small reference graph on top (municipality versions, provinces, regions)."""
    source = tmp_path_factory.mktemp("recon-source")
    shutil.copytree(SITE, source, dirs_exist_ok=True)
    shutil.copytree(RECONCILE, source, dirs_exist_ok=True)
    settings = BuildSettings(
        source_dir=source, instance_dir=tmp_path_factory.mktemp("recon"), base_iri=BASE, skip_reasoner=True
    )
    return build(settings)


@pytest.fixture(scope="session")
def recon_app(recon_build: BuildReport):
    from service import create_app

    app = create_app({"TESTING": True, "STORE": str(recon_build.folder)})
    yield app
    close_app(app)


# Browser tests: Debian's Chromium driven by Playwright, with the flags that keep it off the
# network, over the site fixture served on a free loopback port.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextlib.contextmanager
def served(app) -> Iterator[str]:
    """An app served by werkzeug on a free loopback port while the block runs; yields its URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site_url(site_app) -> Iterator[str]:
    """The site served on a free loopback port for the duration of the module."""
    with served(site_app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "Debian chromium is not installed (scripts/install-system-packages.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it; a skip there would hide a broken set-up
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def every_kind_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The good fixture project with sections and a small cube, served on loopback: every
    kind of page has something to show (the browser tests of the policy and of phones)."""
    from service import create_app

    root = tmp_path_factory.mktemp("every-kind")
    datasets = FIXTURES / "datasets"
    extra = {
        "data/cijfers/cube.ttl": datasets / "cube.ttl",
        "data/kern/sections.ttl": datasets / "sections.ttl",
        "ontology/cube-terms.ttl": datasets / "cube-terms.ttl",
    }
    project = copy_project(root / "project", extra)
    report = build(settings_for(project, root / "instance"))
    app = create_app({"TESTING": True, "STORE": str(report.folder), "INSTANCE_DIR": str(root / "instance")})
    with served(app) as url:
        yield url
    close_app(app)
