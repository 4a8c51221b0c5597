"""The page models on their own: a built store, a base IRI and a link mapper, no Flask application."""

from __future__ import annotations

import flask
import pytest

from service.build.pipeline import BuildReport
from service.models import listing, ontology, overview, resource
from service.models.context import PageContext
from service.models.links import Links
from service.store.built import BuiltStore
from tests.conftest import BASE

STUDY = BASE + "id/publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen"


@pytest.fixture(scope="module")
def ctx(site_build: BuildReport) -> PageContext:
    """The site fixture's build, linked as if the site were served below ``/kg``."""
    built = BuiltStore.open(site_build.folder)
    return PageContext(built, Links(built.info["base_iri"], "/kg"))


def test_no_application_is_needed() -> None:
    assert not flask.has_app_context() and not flask.has_request_context()


def test_describe_a_resource(ctx: PageContext) -> None:
    found = resource.describe(ctx, STUDY)
    assert found.label.startswith("Werken naar Vermogen")
    assert found.label_en == "Working according to capacity"
    assert [t.href for t in found.types] == ["/kg/def/Rekenkameronderzoek"]
    values = {v.href for g in found.groups for row in g.rows for v in row.values}
    assert "/kg/doc/gemeente/utrecht" in values and "/kg/doc/wet/participatiewet" in values
    assert {s.section.href for s in found.sources} == {"/kg/doc/sectie/nvrr-2-1", "/kg/doc/sectie/nvrr-2-5"}
    assert resource.exists(ctx, STUDY) and not resource.exists(ctx, STUDY + "-niet")


def test_list_a_class(ctx: PageContext) -> None:
    found = listing.listing(ctx, BASE + "def/Rekenkameronderzoek", {"sort": "datum"})
    assert found is not None and found.total == 2
    assert found.items[0][0].href == "/kg/doc/publicatie/rekenkamer-utrecht-2017-werken-naar-vermogen"
    assert {f.name for f in found.facets} == {"gemeente", "thema", "jaar"}
    narrowed = listing.listing(ctx, BASE + "def/Rekenkameronderzoek", {"jaar": "2016"})
    assert narrowed is not None and [v.text for v, _ in narrowed.items] == ["Re-integratie in Amsterdam"]
    assert listing.listing(ctx, BASE + "def/BestaatNiet", {}) is None


def test_overview_and_ontology(ctx: PageContext) -> None:
    counts = {c.name: c for c in overview.class_counts(ctx)}
    assert counts["Rekenkameronderzoek"].count == 2
    assert counts["Rekenkameronderzoek"].cls.href == "/kg/def/Rekenkameronderzoek"
    doc = ontology.term(ctx, "Rekenkameronderzoek")
    assert doc is not None and doc.is_class and doc.instances == 2
    assert ontology.term(ctx, "BestaatNiet") is None


def test_links_map_base_and_root() -> None:
    links = Links("http://data.example.org/kg/", "/site")
    assert links.href_for("http://data.example.org/kg/id/wet/a b") == "/site/doc/wet/a%20b"
    assert links.local_part("http://data.example.org/kg/id/wet/x") == "wet/x"
    assert links.iri_for("def", "Wet") == "http://data.example.org/kg/def/Wet"
    assert links.sparql_link("ASK {}") == "/site/sparql?query=ASK%20%7B%7D"


@pytest.mark.slow
def test_an_article_shows_its_juriconnect_reference_and_its_law(real_build) -> None:
    """The article's Juriconnect reference is an identifier linking to wetten.overheid.nl; its law is a link."""
    built = BuiltStore.open(real_build[1].folder)
    found = resource.describe(
        PageContext(built, Links(built.info["base_iri"], "")), BASE + "id/artikel/jeugdwet-2-4"
    )
    assert found is not None
    juriconnect = [i for i in found.identifiers if i.register == "Juriconnect"]
    assert [i.value.text for i in juriconnect] == ["jci1.3:c:BWBR0034925&artikel=2.4"]
    assert juriconnect[0].value.href == "https://wetten.overheid.nl/jci1.3:c:BWBR0034925&artikel=2.4"
    assert ("out", "artikel van", BASE + "id/wet/jeugdwet") in {
        (d, label, v.iri) for d, label, v in found.edges
    }
