"""Releases: cut on purpose, kept apart from builds, downloadable with checksums, with a changelog.

The site fixture project is built and released, then changed (a gemeente added, the
ontology's version raised) and released again: the older release must stay
downloadable with checksums that match its bytes, its ontology version IRI must
resolve, the newer changelog must list the change, and every response and page must
name the release served. A rebuild of unchanged sources gives the same dump bytes and
is no new release.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from service import create_app
from service.build.pipeline import BuildSettings, build
from service.cli import main
from service.store import releases
from tests.conftest import BASE, SITE, close_app
from tests.html_checks import hrefs, strict_html

ZEIST = f"{BASE}id/gemeente/zeist"
ADDED_GEMEENTE = """
gemeente:zeist a sdo:Gemeente ;
    rdfs:label "Zeist"@nl ;
    dct:source sectie:nvrr-2-1 .
"""


def _get(client, path: str, **options):
    """GET a path and read the answer whole, closing the file a download streams."""
    with client.get(path, **options) as answer:
        answer.get_data()
        return answer


def _settings(source: Path, instance: Path, release: bool) -> BuildSettings:
    return BuildSettings(
        source_dir=source, instance_dir=instance, base_iri=BASE, skip_reasoner=True, release=release
    )


def _change(source: Path) -> None:
    """Add a gemeente and raise the ontology's version, as a next release would."""
    with (source / "data" / "kern" / "kern.ttl").open("a", encoding="utf-8") as out:
        out.write(ADDED_GEMEENTE)
    ontology = source / "ontology" / "site.ttl"
    text = ontology.read_text(encoding="utf-8").replace("0.1.0", "0.2.0")
    ontology.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two releases of the site project, a change between them; the second is served."""
    root = tmp_path_factory.mktemp("releases")
    source, instance = root / "project", root / "instance"
    shutil.copytree(SITE, source)
    first = build(_settings(source, instance, release=True))
    first_dumps = {p.name: p.read_bytes() for p in (first.folder / "dumps").iterdir()}
    first_home = _home_while_served(instance)
    _change(source)
    second = build(_settings(source, instance, release=True))
    return {
        "source": source,
        "instance": instance,
        "first": first,
        "second": second,
        "dumps": first_dumps,
        "first_home": first_home,
    }


def _home_while_served(instance: Path) -> bytes:
    """The home page as readers saw it while this release was the one served."""
    app = create_app({"TESTING": True, "STORE": "", "INSTANCE_DIR": str(instance)})
    try:
        return _get(app.test_client(), "/", headers={"Accept": "text/html"}).data
    finally:
        close_app(app)


@pytest.fixture(scope="module")
def client(released: dict):
    app = create_app({"TESTING": True, "STORE": "", "INSTANCE_DIR": str(released["instance"])})
    yield app.test_client()
    close_app(app)


def test_two_builds_of_the_same_sources_give_identical_dump_bytes(tmp_path: Path) -> None:
    one = build(_settings(SITE, tmp_path / "one", release=False)).folder
    two = build(_settings(SITE, tmp_path / "two", release=False)).folder
    names = sorted(p.name for p in (one / "dumps").iterdir())
    assert names == sorted(p.name for p in (two / "dumps").iterdir()) and "sdkg.nq.gz" in names
    for name in names:
        assert (one / "dumps" / name).read_bytes() == (two / "dumps" / name).read_bytes(), name
    assert (one / "void.ttl").read_bytes() == (two / "void.ttl").read_bytes()
    header = (one / "dumps" / "sdkg.nq.gz").read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0" and not header[3] & 0x08  # no time stamp, no file name
    assert json.loads((one / "build.json").read_text())["release"] is None


def test_two_builds_with_a_change_give_two_releases(released: dict) -> None:
    first, second = released["first"], released["second"]
    assert first.new_release and second.new_release
    today = date.today()
    assert first.release == f"{today.year:04d}.{today.month:02d}.0"
    assert releases.version_key(second.release) > releases.version_key(first.release)
    kept = releases.all_releases(released["instance"])
    assert [r.version for r in kept] == [first.release, second.release]
    assert kept[1].info["previous"] == first.release
    assert [r.ontology_version for r in kept] == ["0.1.0", "0.2.0"]
    assert json.loads((second.folder / "build.json").read_text())["release"] == second.release


def test_the_release_is_recorded_in_the_metadata_graph(released: dict) -> None:
    version = released["second"].release
    graph = Graph().parse(released["second"].folder / "void.ttl", format="turtle")
    dataset = URIRef(f"{BASE}id/dataset/kennisgraaf")
    assert graph.value(dataset, OWL.versionInfo) == Literal(version)
    assert (dataset, URIRef("http://rdfs.org/ns/void#vocabulary"), URIRef(f"{BASE}def/0.2.0/")) in graph
    metadata = (released["second"].folder / "dumps" / "metadata.ttl").read_text(encoding="utf-8")
    assert f'"{version}"' in metadata


def test_the_older_release_is_downloadable_with_matching_checksums(released: dict, client) -> None:
    version = released["first"].release
    page = _get(client, f"/releases/{version}").get_data(as_text=True)
    sums = _get(client, f"/releases/{version}/SHA256SUMS")
    assert sums.status_code == 200 and sums.mimetype == "text/plain"
    listed = dict(reversed(line.split("  ")) for line in sums.get_data(as_text=True).splitlines())
    assert {"sdkg.nq.gz", "sdkg.trig", "ontology.ttl", "void.ttl", "changelog.json"} <= set(listed)
    for name in ("sdkg.nq.gz", "sdkg.trig", "ontology.ttl", "void.ttl"):
        answer = _get(client, f"/releases/{version}/{name}")
        assert answer.status_code == 200, name
        digest = hashlib.sha256(answer.data).hexdigest()
        assert digest == listed[name] and digest in page, name
        assert answer.headers[releases.HEADER] == released["second"].release
    # the bytes are the ones the first build wrote, not the second's
    assert _get(client, f"/releases/{version}/sdkg.trig").data == released["dumps"]["sdkg.trig"]
    assert ZEIST.encode() not in gzip.decompress(_get(client, f"/releases/{version}/sdkg.nq.gz").data)
    as_json = _get(client, f"/releases/{version}.json").get_json()
    assert {f["name"]: f["sha256"] for f in as_json["files"]}["sdkg.nq.gz"] == listed["sdkg.nq.gz"]


def test_the_release_is_described_in_dcat_with_a_checksum_per_file(released: dict, client) -> None:
    version = released["first"].release
    answer = _get(client, f"/releases/{version}", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.mimetype == "text/turtle"
    graph = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    spdx, dcat = "http://spdx.org/rdf/terms#", "http://www.w3.org/ns/dcat#"
    release = URIRef(f"{BASE}releases/{version}")
    assert graph.value(release, URIRef(dcat + "version")) == Literal(version)
    checked = 0
    for distribution in graph.objects(release, URIRef(dcat + "distribution")):
        url = str(graph.value(distribution, URIRef(dcat + "downloadURL")))
        checksum = graph.value(distribution, URIRef(spdx + "checksum"))
        value = str(graph.value(checksum, URIRef(spdx + "checksumValue")))
        assert graph.value(checksum, URIRef(spdx + "algorithm")) == URIRef(spdx + "checksumAlgorithm_sha256")
        data = _get(client, url.removeprefix(BASE.rstrip("/"))).data
        assert hashlib.sha256(data).hexdigest() == value, url
        checked += 1
    assert checked >= 10  # every dump and the other kept files


def test_unknown_releases_and_files_are_a_dutch_404(released: dict, client) -> None:
    version = released["first"].release
    for path in ("/releases/2001.01.0", "/releases/geen-versie", f"/releases/{version}/release.json"):
        answer = _get(client, path)
        assert answer.status_code == 404, path
        assert "Onbekend" in answer.get_data(as_text=True), path
    assert _get(client, f"/releases/{version}/..%2Fbuild.json").status_code == 404


def test_ontology_version_iris_resolve(released: dict, client) -> None:
    old = _get(client, "/def/0.1.0/", headers={"Accept": "text/turtle"})
    assert old.status_code == 200 and old.mimetype == "text/turtle"
    graph = Graph().parse(data=old.get_data(as_text=True), format="turtle")
    assert graph.value(URIRef(f"{BASE}def/"), OWL.versionInfo) == Literal("0.1.0")
    html = _get(client, "/def/0.1.0/", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "0.1.0" in html.get_data(as_text=True)
    current = _get(client, "/def/0.2.0/", headers={"Accept": "text/turtle"})
    assert Graph().parse(data=current.data, format="turtle").value(
        URIRef(f"{BASE}def/"), OWL.versionInfo
    ) == Literal("0.2.0")
    unknown = _get(client, "/def/9.9.9/", headers={"Accept": "text/html"})
    assert unknown.status_code == 404 and "Onbekende versie van de ontologie" in unknown.get_data(
        as_text=True
    )


def test_the_changelog_lists_the_change(released: dict, client) -> None:
    first, second = released["first"].release, released["second"].release
    log = _get(client, f"/releases/{second}", headers={"Accept": "application/json"}).get_json()["changelog"]
    assert log["previous"] == first and not log["first"]
    gemeenten = next(g for g in log["entities"] if g["class"] == f"{BASE}def/Gemeente")
    assert {"iri": ZEIST, "label": "Zeist"} in gemeenten["added"]
    kern = next(g for g in log["graphs"] if g["name"] == "kern")
    assert kern["after"] == kern["before"] + 3
    assert (log["ontology"]["before"], log["ontology"]["after"]) == ("0.1.0", "0.2.0")
    page = _get(client, f"/releases/{second}").get_data(as_text=True)
    assert "Zeist" in page and "/doc/gemeente/zeist" in page and "Toegevoegd" in page
    first_page = _get(client, f"/releases/{first}").get_data(as_text=True)
    assert "eerste release" in first_page
    assert _get(client, f"/releases/{first}?format=json").get_json()["changelog"]["first"] is True


def test_the_release_pages_are_valid_html_whose_links_work(released: dict, client) -> None:
    first, second = released["first"].release, released["second"].release
    for path in ("/releases", f"/releases/{first}", f"/releases/{second}"):
        soup = strict_html(_get(client, path).get_data(as_text=True))
        for href in hrefs(soup):
            if href.startswith("/releases") or href.startswith("/def/0"):
                assert _get(client, href).status_code == 200, (path, href)


def test_the_list_shows_every_release_newest_first(released: dict, client) -> None:
    first, second = released["first"].release, released["second"].release
    text = _get(client, "/releases").get_data(as_text=True)
    assert text.index(second) < text.index(first)
    listed = _get(client, "/releases.json").get_json()
    assert [r["version"] for r in listed["releases"]] == [second, first]
    assert listed["releases"][0]["added"] >= 1


def test_every_response_names_the_release_and_every_page_its_footer(released: dict, client) -> None:
    version = released["second"].release
    for path in (
        "/",
        "/releases",
        "/def/",
        "/klassen",
        "/sparql?query=ASK%7B%7D",
        "/static/style.css",
        "/nergens",
    ):
        assert _get(client, path).headers.get(releases.HEADER) == version, path
    for path in ("/", "/releases", "/downloads", "/bronnen"):
        footer = re.search(r"<footer.*?</footer>", _get(client, path).get_data(as_text=True), re.S)
        assert footer is not None and f"/releases/{version}" in footer.group(0), path


def test_an_unreleased_build_says_so(site_client) -> None:
    answer = _get(site_client, "/")
    assert answer.headers[releases.HEADER] == releases.UNRELEASED
    assert "nog niet uitgebracht" in answer.get_data(as_text=True)


def test_a_release_of_unchanged_sources_is_refused_politely(released: dict, client) -> None:
    source, instance, second = released["source"], released["instance"], released["second"]
    arguments = ["build", "--source-dir", str(source), "--instance-dir", str(instance), "--skip-reasoner"]
    result = CliRunner().invoke(main, [*arguments, "--release"], env={"SDKG_BASE_IRI": BASE})
    assert result.exit_code == 0, result.output
    assert f"unchanged since release {second.release}" in result.output
    assert [r.version for r in releases.all_releases(instance)][-1] == second.release
    assert len(releases.all_releases(instance)) == 2
    # the rebuild is the release: the same dump bytes, the same version served
    current = instance / "current" / "dumps"
    kept = releases.find(instance, second.release)
    assert kept is not None
    for name in ("sdkg.nq.gz", "sdkg.nt.gz", "sdkg.trig", "sdkg.jsonld", "metadata.ttl", "kern.ttl"):
        assert (current / name).read_bytes() == (kept.folder / name).read_bytes(), name
    assert _get(client, "/").headers[releases.HEADER] == second.release


def test_releases_are_never_pruned(released: dict) -> None:
    source, instance = released["source"], released["instance"]
    for _ in range(4):  # more builds than are kept
        build(_settings(source, instance, release=False))
    assert not released["first"].folder.exists()  # the build is gone …
    kept = releases.find(instance, released["first"].release)  # … its release stays
    assert kept is not None and (kept.folder / "sdkg.nq.gz").is_file()


def test_versions_count_up_within_a_month_and_start_again_in_the_next() -> None:
    assert releases.next_version([], date(2026, 12, 7)) == "2026.12.0"
    assert releases.next_version(["2026.12.0", "2026.12.1"], date(2026, 12, 31)) == "2026.12.2"
    assert releases.next_version(["2026.12.9", "2026.12.10"], date(2026, 12, 31)) == "2026.12.11"
    assert releases.next_version(["2026.12.3"], date(2027, 1, 1)) == "2027.01.0"
    assert sorted(["2026.12.10", "2026.12.9"], key=releases.version_key) == ["2026.12.9", "2026.12.10"]
    assert not releases.is_version("../2026.12.0") and releases.find(Path("/nonexistent"), "..") is None


@pytest.mark.parametrize("which", ["first", "second"])
def test_the_citation_names_the_release_that_is_served(released: dict, client, which: str) -> None:
    """Each release, while served, is the one its cite-this texts name."""
    home = (
        released["first_home"]
        if which == "first"
        else _get(client, "/", headers={"Accept": "text/html"}).data
    )
    soup = strict_html(home)
    texts = {pre["data-cite-style"]: pre.get_text() for pre in soup.select("#citeer pre.cite-text")}
    version, year = released[which].release, released[which].release[:4]
    assert f"({year})." in texts["apa"] and f"(Release {version})" in texts["apa"]
    assert f"note = {{Release {version}}}" in texts["bibtex"] and f"year = {{{year}}}" in texts["bibtex"]
    assert f"ET  - Release {version}" in texts["ris"] and f"PY  - {year}" in texts["ris"]
    assert soup.select_one("#citeer a")["href"] == f"/releases/{version}"
    other = released["second" if which == "first" else "first"].release
    assert other not in " ".join(texts.values()), "only the release that was served"
