"""The catalogue description of a real build against the official DCAT-AP-NL 3.0 shapes.

The mandatory shapes and the class ranges (with those of the code lists) must give no
violation at all; the recommended ones (``-aanbevolen``, warnings) are printed so the
gaps that README names stay visible. Then what the shapes cannot know: that the
checksums are those of the files published, that every dump is described, and that
coverage and legislation follow the data.
"""

from __future__ import annotations

import hashlib

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, XSD

from service import settings
from service.build import dcat
from service.build.dumps import DUMP_FILES
from service.build.pipeline import BuildSettings
from tests.conftest import BASE, FIXTURES

pytestmark = pytest.mark.slow

SHAPES = FIXTURES / "dcat-ap-nl-3.0"
MANDATORY = (
    "dcat-ap-nl-SHACL.ttl",
    "dcat-ap-nl-SHACL-klassebereik.ttl",
    "dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl",
)
RECOMMENDED = ("dcat-ap-nl-SHACL-aanbevolen.ttl",)
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DATASET = URIRef(BASE + "id/dataset/kennisgraaf")


def _shapes(names: tuple[str, ...]) -> Graph:
    graph = Graph()
    for name in names:
        path = SHAPES / name
        assert path.is_file(), f"{path} is missing: copy it from ../shared/reference/dcat-ap-nl-3.0/"
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def metadata(real_store) -> Graph:
    """graph/metadata of the real build, as the store serves it."""
    data = real_store.store.dump(
        format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(BASE + "graph/metadata")
    )
    return Graph().parse(data=data.decode(), format="nt")


def _results(report: Graph, severity: URIRef) -> list[tuple[str, str, str]]:
    return sorted(
        (
            str(report.value(r, SH.sourceShape)),
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == severity
    )


def test_the_description_has_no_violation_of_the_mandatory_shapes(metadata) -> None:
    conforms, report, text = validate(metadata, shacl_graph=_shapes(MANDATORY))
    assert _results(report, SH.Violation) == [], text
    assert conforms, text


def test_the_recommended_shapes_report_runs(metadata) -> None:
    conforms, report, _ = validate(metadata, shacl_graph=_shapes(RECOMMENDED))
    warnings = _results(report, SH.Warning)
    print(f"\nDCAT-AP-NL 3.0 recommended properties left out ({len(warnings)}):")
    for shape, focus, path in warnings:
        print(f"  {shape.rsplit('/', 1)[-1]}: {focus} ({path})")
    assert isinstance(conforms, bool) and _results(report, SH.Violation) == []
    # the two gaps README names, and nothing else: no file has an access service, the endpoint no file
    assert {shape.rsplit("/", 1)[-1] for shape, _, _ in warnings} <= {
        "DistributionShape_accessService_aanbevolen_minCount",
        "DistributionShape_downloadURL_aanbevolen_minCount",
    }


def test_the_shapes_catch_a_dataset_without_contact_point(metadata) -> None:
    broken = Graph() + metadata
    broken.remove((DATASET, DCAT.contactPoint, None))
    conforms, report, _ = validate(broken, shacl_graph=_shapes(MANDATORY))
    assert not conforms
    assert [focus for _, focus, _ in _results(report, SH.Violation)] == [str(DATASET)]


def test_the_catalogue_lists_the_dataset_and_the_endpoint(metadata) -> None:
    catalogue = URIRef(BASE + "id/catalogus/kennisgraaf")
    service = metadata.value(catalogue, DCAT.service)
    assert metadata.value(catalogue, DCAT.dataset) == DATASET
    assert metadata.value(service, DCAT.endpointURL) == URIRef(BASE + "sparql")
    assert metadata.value(service, DCAT.servesDataset) == DATASET
    assert (service, DCTERMS.conformsTo, URIRef(dcat.SPARQL_PROTOCOL)) in metadata
    assert (catalogue, DCTERMS.conformsTo, URIRef(dcat.DCAT_AP_NL)) in metadata


def test_every_dump_is_a_distribution_with_its_media_type(metadata, real_build) -> None:
    _, report = real_build
    files = {p.name for p in (report.folder / "dumps").iterdir()}
    described = {}
    for distribution in metadata.objects(DATASET, DCAT.distribution):
        url = metadata.value(distribution, DCAT.downloadURL)
        if url is not None:
            described[str(url).removeprefix(BASE + "dumps/")] = str(
                metadata.value(distribution, DCAT.mediaType)
            )
    assert set(described) == files
    assert described["sdkg.trig"] == dcat.IANA + "application/trig"
    assert described["kern.ttl"] == dcat.IANA + "text/turtle"


def test_checksums_and_sizes_are_those_of_the_published_files(metadata, real_build) -> None:
    _, report = real_build
    checked = set()
    for distribution, checksum in metadata.subject_objects(SPDX.checksum):
        name = str(metadata.value(distribution, DCAT.downloadURL)).removeprefix(BASE + "dumps/")
        data = (report.folder / "dumps" / name).read_bytes()
        assert metadata.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(metadata.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), name
        assert int(metadata.value(distribution, DCAT.byteSize)) == len(data), name
        checked.add(name)
    # every file but those that hold this description (README: *Dumps*)
    holding = {*DUMP_FILES, "metadata.ttl"}
    assert checked == {p.name for p in (report.folder / "dumps").iterdir()} - holding
    assert "nvrr.ttl" in checked


def test_applicable_legislation_is_the_laws_the_sources_are_about(metadata, real_store) -> None:
    rows = real_store.query(
        "PREFIX sdo: <https://sociaaldomein.example/def/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?bwb WHERE { ?d a sdo:Brondocument ; sdo:betreftWet/skos:exactMatch ?bwb "
        'FILTER(STRSTARTS(STR(?bwb), "https://wetten.overheid.nl/")) }'
    )
    expected = {URIRef(row["bwb"].value) for row in rows}
    laws = set(metadata.objects(DATASET, DCATAP.applicableLegislation))
    assert laws == expected and URIRef("https://wetten.overheid.nl/BWBR0034925") in laws
    assert all((law, RDF.type, ELI.LegalResource) in metadata for law in laws)


def test_temporal_coverage_spans_the_reference_periods(metadata, real_store) -> None:
    period = metadata.value(DATASET, DCTERMS.temporal)
    start, end = (metadata.value(period, DCAT.startDate), metadata.value(period, DCAT.endDate))
    years = [
        int(row["p"].value[:4])
        for row in real_store.query(
            "SELECT DISTINCT ?p WHERE { ?o <https://sociaaldomein.example/def/refPeriode> ?p }"
        )
    ]
    assert start == Literal(f"{min(years)}-01-01", datatype=XSD.date)
    assert end == Literal(f"{max(years)}-12-31", datatype=XSD.date)


def test_publisher_and_contact_point_come_from_the_settings() -> None:
    config = settings.from_environment(
        {
            "SDKG_PUBLISHER": "https://identifier.overheid.nl/tooi/id/oorg/oorg10103",
            "SDKG_PUBLISHER_NAME": "Voorbeeldorganisatie",
            "SDKG_CONTACT_EMAIL": "data@voorbeeld.example",
        }
    )
    publisher = BuildSettings.from_config(config).publisher
    quads = dcat.describe(pyoxigraph.Store(), BASE, config["LICENSE"], publisher, [])
    graph = Graph()
    for q in quads:
        graph.add(
            tuple(
                URIRef(t.value) if isinstance(t, pyoxigraph.NamedNode) else Literal(t.value) for t in q.triple
            )
        )  # type: ignore[arg-type]
    agent = URIRef(publisher.iri)
    assert graph.value(DATASET, DCTERMS.publisher) == agent
    contact = graph.value(DATASET, DCAT.contactPoint)
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    assert graph.value(contact, vcard.hasEmail) == URIRef("mailto:data@voorbeeld.example")
    assert str(graph.value(contact, vcard.fn)) == "Voorbeeldorganisatie"
    assert graph.value(contact, vcard.hasURL) == URIRef(BASE)


def test_the_default_publisher_is_the_project_and_gives_no_email() -> None:
    publisher = BuildSettings.from_config(settings.from_environment({})).publisher
    assert publisher == dcat.Publisher()
    quads = dcat.describe(pyoxigraph.Store(), BASE, settings.DEFAULTS["LICENSE"], publisher, [])
    assert not [q for q in quads if q.predicate.value.endswith("#hasEmail")]
    assert [q.object.value for q in quads if q.predicate.value == str(DCTERMS.publisher)][0] == (
        BASE + "id/uitgever/kennisgraaf"
    )
