"""Namespaces of the knowledge graph: the ontology terms and the prefixes everyone uses.

``SDO`` is a *closed* namespace (``_fail = True``): ``SDO.Bevinding`` works, but a typo such
as ``SDO.Bevindnig`` raises ``AttributeError`` at once instead of silently minting a new IRI
that no shape, query or page knows about. The list of terms must equal the terms declared in
``ontology/sdo.ttl``; ``tests/test_ontology.py`` checks that.

``PREFIXES`` holds every prefix of ``ontology/README.md`` plus the standard vocabularies, so
data files, SPARQL queries and dumps all use the same short names.
"""

# The term names are the IRIs' local names, so they keep their camelCase.
# ruff: noqa: N815

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from service.settings import SOURCE_BASE_IRI

#: The base IRI the source files are written with; a build may move it (``BASE_IRI``).
BASE = SOURCE_BASE_IRI
_ID = BASE + "id/"


class SDO(DefinedNamespace):
    """The ontology ``sdo:`` (https://sociaaldomein.example/def/), closed."""

    _NS = Namespace(BASE + "def/")
    _fail = True

    # Classes
    Aanbeveling: URIRef
    AlgemeneVoorziening: URIRef
    Arbeidsmarktregio: URIRef
    Beleidsdocument: URIRef
    Beleidsdoel: URIRef
    Bestuurslaag: URIRef
    Bevinding: URIRef
    Bewering: URIRef
    Brief: URIRef
    Brondocument: URIRef
    Circulaire: URIRef
    Doelgroep: URIRef
    Eenheid: URIRef
    Evaluatie: URIRef
    Factsheet: URIRef
    Gemeente: URIRef
    Gemeenteversie: URIRef
    GoedVoorbeeld: URIRef
    Handreiking: URIRef
    Herindeling: URIRef
    Herschikking: URIRef
    Indicator: URIRef
    Jeugdregio: URIRef
    Kengetal: URIRef
    Kennisinstituut: URIRef
    Kerndoel: URIRef
    Keuze: URIRef
    Knelpunt: URIRef
    Koepelorganisatie: URIRef
    Kwaliteitseis: URIRef
    Maatwerkvoorziening: URIRef
    Monitor: URIRef
    Norm: URIRef
    Omzetcategorie: URIRef
    Onderzoek: URIRef
    Onderzoeksbureau: URIRef
    Organisatie: URIRef
    Overheidsorganisatie: URIRef
    Provincie: URIRef
    Publicatie: URIRef
    Rapport: URIRef
    Referentiebron: URIRef
    Regeling: URIRef
    Regio: URIRef
    Rekenkamer: URIRef
    Rekenkamercommissie: URIRef
    Rekenkameronderzoek: URIRef
    Risico: URIRef
    Samenvoeging: URIRef
    Samenwerkingsverband: URIRef
    Samenwerkingsvorm: URIRef
    Sectie: URIRef
    Standaard: URIRef
    Thema: URIRef
    Uitbreiding: URIRef
    Verandering: URIRef
    Voorschrift: URIRef
    Voorziening: URIRef
    Wet: URIRef
    Wetsartikel: URIRef
    Zorgaanbieder: URIRef

    # Object properties
    aanbevelingVan: URIRef
    artikelVan: URIRef
    antwoordAanvullendeEisen: URIRef
    antwoordVerantwoording: URIRef
    auteur: URIRef
    banenafspraakSector: URIRef
    basispopulatie: URIRef
    bediendDoor: URIRef
    bedientDoelgroep: URIRef
    bekostigingsmodel: URIRef
    berichtenstandaard: URIRef
    beschrevenIn: URIRef
    betreft: URIRef
    betreftDoelgroep: URIRef
    betreftArtikel: URIRef
    betreftGemeente: URIRef
    betreftRegeling: URIRef
    betreftWet: URIRef
    betrokkenOrganisatie: URIRef
    bevindingVan: URIRef
    budgetraming: URIRef
    categorie: URIRef
    centrumgemeente: URIRef
    clientdoelgroep: URIRef
    contractaspect: URIRef
    deelnemer: URIRef
    doelgroep: URIRef
    doelVan: URIRef
    domein: URIRef
    eenheid: URIRef
    eenPerRegioVan: URIRef
    evalueert: URIRef
    gebied: URIRef
    gebruiksklasse: URIRef
    geevalueerdIn: URIRef
    gemeenteversie2017: URIRef
    gemetenMet: URIRef
    heeftAanbeveling: URIRef
    heeftBeleidsdoel: URIRef
    heeftBevinding: URIRef
    heeftNorm: URIRef
    huishoudgroep: URIRef
    inArbeidsmarktregio: URIRef
    inJeugdregio: URIRef
    inRegio: URIRef
    isTotaalVan: URIRef
    iusdOnderdeel: URIRef
    kortingsonderdeel: URIRef
    ligtInProvincie: URIRef
    maatregelTarieven: URIRef
    macrobudgetOnderdeel: URIRef
    meetDoel: URIRef
    meetronde: URIRef
    neemtOp: URIRef
    omzetcategorie: URIRef
    omzetontwikkeling: URIRef
    onderdeelVanRegeling: URIRef
    ontstaanUit: URIRef
    opdrachtgever: URIRef
    opgegaanIn: URIRef
    opgenomenIn: URIRef
    ramingsstatus: URIRef
    regelingcombinatie: URIRef
    samenwerkingsvorm: URIRef
    splitstIn: URIRef
    staatVoor: URIRef
    subdoelVan: URIRef
    subgroepVan: URIRef
    thema: URIRef
    valtOnder: URIRef
    variabele: URIRef
    verantwoordelijkeBestuurslaag: URIRef
    vereistDoor: URIRef
    vervangenDoor: URIRef
    vervangt: URIRef
    voortgekomenUit: URIRef
    werkgebied: URIRef

    # Datatype properties
    afkorting: URIRef
    afrondingsverschil: URIRef
    artikelnummer: URIRef
    bronTabel: URIRef
    bwbId: URIRef
    cbsGemeentecode: URIRef
    cbsProvinciecode: URIRef
    cbsRegiocode: URIRef
    citaat: URIRef
    datumHerindeling: URIRef
    geldigTot: URIRef
    geldigVanaf: URIRef
    ingangsdatum: URIRef
    inWerkingVanaf: URIRef
    juriconnectId: URIRef
    meting: URIRef
    normenkader: URIRef
    normsoort: URIRef
    normwaarde: URIRef
    oin: URIRef
    onderzoeksvraag: URIRef
    plaatsVanUitgave: URIRef
    referentiegrootheid: URIRef
    referentieperiode: URIRef
    refPeriode: URIRef
    regelnummer: URIRef
    sectienummer: URIRef
    taak: URIRef
    verschilSomDelen: URIRef
    voetnoot: URIRef
    waarde: URIRef
    waardeaanduiding: URIRef

    # Annotation properties
    gerichtAan: URIRef


PREFIXES: dict[str, str] = {
    # ontology, shapes and things (ontology/README.md)
    "sdo": BASE + "def/",
    "shp": BASE + "def/shapes/",
    "wet": _ID + "wet/",
    "artikel": _ID + "artikel/",
    "regeling": _ID + "regeling/",
    "doelgroep": _ID + "doelgroep/",
    "gemeente": _ID + "gemeente/",
    "organisatie": _ID + "organisatie/",
    "samenwerking": _ID + "samenwerkingsverband/",
    "vorm": _ID + "samenwerkingsvorm/",
    "publicatie": _ID + "publicatie/",
    "sectie": _ID + "sectie/",
    "bevinding": _ID + "bevinding/",
    "aanbeveling": _ID + "aanbeveling/",
    "doel": _ID + "doel/",
    "indicator": _ID + "indicator/",
    "keuze": _ID + "keuze/",
    "verandering": _ID + "verandering/",
    "knelpunt": _ID + "knelpunt/",
    "voorbeeld": _ID + "goed-voorbeeld/",
    "risico": _ID + "risico/",
    "eis": _ID + "kwaliteitseis/",
    "standaard": _ID + "standaard/",
    "norm": _ID + "norm/",
    "kengetal": _ID + "kengetal/",
    "thema": _ID + "thema/",
    "bestuurslaag": _ID + "bestuurslaag/",
    "eenheid": _ID + "eenheid/",
    "begrippen": _ID + "begrippenkader/",
    "dataset": _ID + "dataset/",
    "obs": _ID + "observatie/",
    "dsd": _ID + "structuur/",
    "code": _ID + "code/",
    # external identifiers
    "tooi": "https://identifier.overheid.nl/tooi/id/",
    "tooiont": "https://identifier.overheid.nl/tooi/def/ont/",
    "wd": "http://www.wikidata.org/entity/",
    # standard vocabularies
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "vann": "http://purl.org/vocab/vann/",
    "schema": "https://schema.org/",
}


def prefixes(base: str) -> dict[str, str]:
    """The prefix map of a build whose base IRI is ``base``: ours moved to it, the vocabularies kept.

    ``PREFIXES`` is written with the base the source files use; a build with another
    base (``--base-iri``) rewrites every IRI, so its prefixes must follow, or ``sdo:``
    would name a namespace the build no longer has.

    >>> prefixes("http://localhost:5000/")["sdo"], prefixes("http://localhost:5000/")["skos"]
    ('http://localhost:5000/def/', 'http://www.w3.org/2004/02/skos/core#')
    """
    return dict(_moved(base))


@lru_cache(maxsize=8)
def _moved(base: str) -> Mapping[str, str]:
    moved = {p: base + ns[len(BASE) :] if ns.startswith(BASE) else ns for p, ns in PREFIXES.items()}
    return MappingProxyType(moved)


def rebase(text: str, base: str) -> str:
    """Source text (data, or a query written for the sources) with its IRIs moved to ``base``.

    >>> rebase("PREFIX sdo: <https://sociaaldomein.example/def/>", "http://localhost:5000/")
    'PREFIX sdo: <http://localhost:5000/def/>'
    """
    return text if base == BASE else text.replace(BASE, base)
