"""The statistical tables of both sources as RDF Data Cube (data/cijfers/*.ttl).

Checks the cube's integrity (every observation complete and unique in its data set),
that totals equal the sum of their parts (or differ by exactly the recorded
``sdo:afrondingsverschil``), and spot-checks values against the source texts.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from service.build.documents import quote_found

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "cijfers"
ONTOLOGY = ROOT / "ontology" / "sdo.ttl"

SDO = Namespace("https://sociaaldomein.example/def/")
QB = Namespace("http://purl.org/linked-data/cube#")
DATASET = Namespace("https://sociaaldomein.example/id/dataset/")
EENHEID = Namespace("https://sociaaldomein.example/id/eenheid/")
CODE = "https://sociaaldomein.example/id/code/"

PERIODE = SDO.refPeriode
MEETRONDE = SDO.meetronde  # the round of the VGN monitor, a code that carries its own period
WAARDE = SDO.waarde
EENHEID_P = SDO.eenheid
AFRONDING = SDO.afrondingsverschil  # boolean: the difference is explained by rounding
SOMVERSCHIL = SDO.verschilSomDelen  # total as given minus the sum of the parts as given
IS_TOTAAL_VAN = SDO.isTotaalVan
CITAAT = SDO.citaat

#: Cells the source leaves empty although a total covers them: (data set, total code, period).
EMPTY_SOURCE_CELLS = {
    # "Intertemporele tegemoetkoming" has no value for 2015; the 2015 total equals the macrobudget.
    ("nvrr-macrobudget-participatiewet", "totaal", "2015"),
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    files = sorted(DATA.glob("*.ttl"))
    assert files, "no Turtle files in data/cijfers"
    for path in files:
        g.parse(path)
    return g


@pytest.fixture(scope="module")
def code_lists() -> Graph:
    """qb:codeList of every dimension property, from the data and (when present) the ontology."""
    g = Graph()
    for path in sorted(DATA.glob("*.ttl")) + ([ONTOLOGY] if ONTOLOGY.exists() else []):
        g.parse(path)
    return g


def observations(g: Graph):
    return sorted(set(g.subjects(RDF.type, QB.Observation)))


def dimensions(g: Graph, dataset: URIRef) -> list[URIRef]:
    dsd = g.value(dataset, QB.structure)
    return [g.value(c, QB.dimension) for c in g.objects(dsd, QB.component) if g.value(c, QB.dimension)]


def decimal(g: Graph, node, prop) -> Decimal:
    return Decimal(str(g.value(node, prop)))


def period_of(g: Graph, obs) -> str:
    """The observation's sdo:refPeriode, or else the period(s) of its round: "2014/2015" for VGN meting 1."""
    own = g.value(obs, PERIODE)
    if own is not None:
        return str(own)
    return "/".join(sorted(str(p) for p in g.objects(g.value(obs, MEETRONDE), PERIODE)))


def local(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def code_of(g: Graph, value) -> str:
    """A dimension value as the short code a reader knows: skos:notation, else the IRI's last part or the literal."""
    if isinstance(value, Literal):
        return str(value)
    notation = g.value(value, SKOS.notation)
    return str(notation) if notation is not None else local(value)


# ------------------------------------------------------------------ integrity


def test_there_are_data_sets_and_observations(graph):
    assert len(set(graph.subjects(RDF.type, QB.DataSet))) >= 40
    assert len(observations(graph)) >= 400


def test_every_data_set_has_structure_labels_description_and_source(graph):
    for ds in graph.subjects(RDF.type, QB.DataSet):
        assert (graph.value(ds, QB.structure), RDF.type, QB.DataStructureDefinition) in graph, ds
        langs = sorted(lbl.language for lbl in graph.objects(ds, RDFS.label))
        assert langs == ["en", "nl"], ds
        assert graph.value(ds, DCTERMS.description) is not None, ds
        assert graph.value(ds, DCTERMS.source) is not None, ds


def test_every_dimension_component_is_ordered(graph):
    for dsd in graph.subjects(RDF.type, QB.DataStructureDefinition):
        orders = [graph.value(c, QB.order) for c in graph.objects(dsd, QB.component)]
        assert all(o is not None for o in orders), dsd
        assert len(set(orders)) == len(orders), dsd


def test_every_observation_is_complete(graph):
    for obs in observations(graph):
        ds = graph.value(obs, QB.dataSet)
        assert ds is not None, f"{obs}: no qb:dataSet"
        dims = dimensions(graph, ds)
        assert PERIODE in dims or MEETRONDE in dims, f"{ds}: no period dimension"
        for dim in dims:
            values = list(graph.objects(obs, dim))
            assert len(values) == 1, f"{obs}: {dim} has {len(values)} values"
        waarde = list(graph.objects(obs, WAARDE))
        assert len(waarde) == 1 and waarde[0].datatype == XSD.decimal, obs
        eenheid = list(graph.objects(obs, EENHEID_P))
        assert len(eenheid) == 1 and str(eenheid[0]).startswith(str(EENHEID)), obs
        labels = [lbl for lbl in graph.objects(obs, RDFS.label) if lbl.language == "nl"]
        assert len(labels) == 1, obs
        assert graph.value(obs, DCTERMS.source) is not None, obs


def test_no_two_observations_of_a_data_set_share_all_dimension_values(graph):
    seen = defaultdict(set)
    for obs in observations(graph):
        ds = graph.value(obs, QB.dataSet)
        key = tuple(graph.value(obs, dim) for dim in dimensions(graph, ds))
        assert key not in seen[ds], f"{obs} duplicates {key} in {ds}"
        seen[ds].add(key)


def test_coded_dimension_values_are_concepts_of_their_code_list(graph, code_lists):
    for obs in observations(graph):
        ds = graph.value(obs, QB.dataSet)
        for dim in dimensions(graph, ds):
            value = graph.value(obs, dim)
            if isinstance(value, Literal):
                continue  # period, measurement number
            if not str(value).startswith(CODE):
                continue  # a law (sdo:domein) or a municipality (sdo:gebied), defined in data/kern
            assert (value, RDF.type, SKOS.Concept) in graph, f"{obs}: {value}"
            assert (value, RDFS.label, None) in graph, value
            code_list = code_lists.value(dim, QB.codeList)
            if code_list is not None:
                assert (value, SKOS.inScheme, code_list) in graph, f"{value} not in {code_list}"


def test_text_figures_carry_a_quote_found_in_the_source(graph):
    for obs in graph.subjects(RDF.type, SDO.Kengetal):
        quotes = list(graph.objects(obs, CITAAT))
        assert len(quotes) == 1, obs
        assert len(str(quotes[0]).split()) <= 30, obs
        assert quote_found(str(quotes[0])), f"{obs}: {quotes[0]}"


def test_dataset_quotes_are_found_in_the_source(graph):
    for ds, quote in graph.subject_objects(CITAAT):
        assert quote_found(str(quote)), f"{ds}: {quote}"


# ------------------------------------------------------------------ totals


def _index(g: Graph):
    """(data set, frozenset of (dimension, value)) -> observation."""
    index = {}
    for obs in observations(g):
        ds = g.value(obs, QB.dataSet)
        index[(ds, frozenset((d, g.value(obs, d)) for d in dimensions(g, ds)))] = obs
    return index


def _total_checks(g: Graph):
    index = _index(g)
    for (ds, key), obs in index.items():
        for dim, code in key:
            parts = list(g.objects(code, IS_TOTAAL_VAN))
            if not parts:
                continue
            yield ds, key, obs, dim, code, parts, index


def test_totals_exist(graph):
    checked = list(_total_checks(graph))
    data_sets = {local(ds) for ds, *_ in checked}
    assert {
        "nvrr-iusd-participatiewet",
        "nvrr-macrobudget-participatiewet",
        "nvrr-samenloop-jeugdwet-2016",
        "nvrr-garantiebanen",
        "nvrr-korting-wmo-2015",
        "nvrr-nijmegen-huishoudens",
        "vgn-tabel-1",
        "vgn-tabel-2",
        "vgn-tabel-9",
        "vgn-tabel-11",
        "vgn-tabel-12",
    } <= data_sets
    assert len(checked) >= 30


def test_totals_equal_sum_of_parts_or_record_the_difference(graph):
    for ds, key, obs, dim, code, parts, index in _total_checks(graph):
        period = str(graph.value(obs, PERIODE))
        total = decimal(graph, obs, WAARDE)
        found, missing = Decimal(0), []
        for part in parts:
            part_key = frozenset((d, part if d == dim else v) for d, v in key)
            part_obs = index.get((ds, part_key))
            if part_obs is None:
                missing.append(part)
            else:
                found += decimal(graph, part_obs, WAARDE)
                assert graph.value(part_obs, EENHEID_P) == graph.value(obs, EENHEID_P), part_obs
        if missing:
            assert (local(ds), code_of(graph, code), period) in EMPTY_SOURCE_CELLS, (
                f"{obs}: parts missing {missing}"
            )
        recorded = graph.value(obs, SOMVERSCHIL)
        difference = Decimal(str(recorded)) if recorded is not None else Decimal(0)
        assert total - found == difference, f"{obs}: total {total}, parts {found}, recorded {difference}"
        rounding = graph.value(obs, AFRONDING)
        if difference == 0:
            assert rounding is None, obs
            continue
        assert rounding is not None and rounding.datatype == XSD.boolean, (
            f"{obs}: difference without afrondingsverschil"
        )
        # rounding explains at most half a unit of the last digit per number involved
        unit = Decimal(1).scaleb(min(total.as_tuple().exponent, 0))
        explained = abs(difference) <= (len(parts) + 1) * unit / 2
        assert rounding.toPython() is explained, (
            f"{obs}: difference {difference}, afrondingsverschil {rounding}"
        )


def test_waarvan_rows_are_exhaustive_where_a_parent_is_a_total(graph):
    for parent in set(graph.subjects(IS_TOTAAL_VAN, None)):
        narrower = set(graph.subjects(SKOS.broader, parent))
        if narrower:
            assert narrower == set(graph.objects(parent, IS_TOTAAL_VAN)), parent


def test_known_rounding_differences(graph):
    """The source's own totals that do not add up are recorded, not corrected."""
    expected = {
        ("nvrr-iusd-participatiewet", "re-integratie", "2021"): Decimal("-0.001"),
        ("nvrr-iusd-participatiewet", "totaal", "2021"): Decimal("0.001"),
        ("nvrr-macrobudget-participatiewet", "macrobudget-participatiewet", "2016"): Decimal(1),
        ("nvrr-macrobudget-participatiewet", "macrobudget-participatiewet", "2020"): Decimal(1),
        ("nvrr-macrobudget-participatiewet", "totaal", "2019"): Decimal(1),
        ("nvrr-macrobudget-participatiewet", "totaal", "2021"): Decimal(1),
        ("vgn-tabel-11", "totaal", "2016"): Decimal(-1),
    }
    found, tabel1 = {}, []
    for obs, diff in graph.subject_objects(SOMVERSCHIL):
        ds = local(graph.value(obs, QB.dataSet))
        if ds == "vgn-tabel-1":
            tabel1.append(Decimal(str(diff)))
            continue
        codes = [
            code_of(graph, graph.value(obs, d))
            for d in dimensions(graph, graph.value(obs, QB.dataSet))
            if d != PERIODE
        ]
        total_code = next(c for c in codes if c in {"totaal", "re-integratie", "macrobudget-participatiewet"})
        found[(ds, total_code, str(graph.value(obs, PERIODE)))] = Decimal(str(diff))
    assert found == expected
    # VGN table 1: percentage columns of measurements 1, 3, 6 and 7 add up to 99, 97, 99 and 90
    tabel1.sort()
    assert tabel1 == [Decimal(1), Decimal(1), Decimal(3), Decimal(10)]


# ------------------------------------------------------------------ spot checks

# (as written in the source, section, data set, {dimension: code}, period, value, unit)
SPOT_CHECKS = [
    (
        "2.023,065",
        "nvrr-2-6",
        "nvrr-iusd-participatiewet",
        {"iusdOnderdeel": "wsw-budget-oude-stijl"},
        "2017",
        "2023.065",
        "mln-euro",
    ),
    (
        "2.226,580",
        "nvrr-2-6",
        "nvrr-iusd-participatiewet",
        {"iusdOnderdeel": "totaal"},
        "2022",
        "2226.58",
        "mln-euro",
    ),
    (
        "123,773",
        "nvrr-2-6",
        "nvrr-iusd-participatiewet",
        {"iusdOnderdeel": "begeleid-werken"},
        "2021",
        "123.773",
        "mln-euro",
    ),
    (
        "45,245",
        "nvrr-2-6",
        "nvrr-iusd-participatiewet",
        {"iusdOnderdeel": "nieuw-wajong"},
        "2019",
        "45.245",
        "mln-euro",
    ),
    (
        "5.337*",
        "nvrr-2-6",
        "nvrr-macrobudget-participatiewet",
        {"macrobudgetOnderdeel": "algemene-bijstand-en-lks"},
        "2015",
        "5337",
        "mln-euro",
    ),
    (
        "-11",
        "nvrr-2-6",
        "nvrr-macrobudget-participatiewet",
        {"macrobudgetOnderdeel": "intertemporele-tegemoetkoming"},
        "2018",
        "-11",
        "mln-euro",
    ),
    (
        "6.369",
        "nvrr-2-6",
        "nvrr-macrobudget-participatiewet",
        {"macrobudgetOnderdeel": "totaal"},
        "2021",
        "6369",
        "mln-euro",
    ),
    (
        "€ 26.000 per SE",
        "nvrr-2-6",
        "nvrr-wsw-rijkssubsidie-per-se",
        {"ramingsstatus": "gerealiseerd"},
        "2013",
        "26000",
        "euro-per-se",
    ),
    (
        "€ 23.900 in 2019",
        "nvrr-2-6",
        "nvrr-wsw-rijkssubsidie-per-se",
        {"ramingsstatus": "voorlopige-verwachting"},
        "2019",
        "23900",
        "euro-per-se",
    ),
    (
        "€ 270 miljoen voor 2016",
        "nvrr-2-6",
        "nvrr-tekort-macrobudget-2016",
        {"variabele": "tekort-macrobudget-participatiewet"},
        "2016",
        "270",
        "mln-euro",
    ),
    (
        "115 beschut werkplekken",
        "nvrr-2-4",
        "nvrr-beschut-werk",
        {"ramingsstatus": "gerealiseerd"},
        "2016-04",
        "115",
        "werkplekken",
    ),
    (
        "3200 plekken einde 2016",
        "nvrr-2-4",
        "nvrr-beschut-werk",
        {"ramingsstatus": "geraamd"},
        "2016-12",
        "3200",
        "werkplekken",
    ),
    (
        "125.000 banen in 2025",
        "nvrr-bijlage-1-1",
        "nvrr-garantiebanen",
        {"banenafspraakSector": "totaal"},
        "2025",
        "125000",
        "banen",
    ),
    (
        "25.000 extra banen bij de overheid",
        "nvrr-2-5",
        "nvrr-garantiebanen",
        {"banenafspraakSector": "overheid"},
        "2025",
        "25000",
        "banen",
    ),
    (
        "Alleen jeugdhulp 342.975",
        "nvrr-3-3",
        "nvrr-samenloop-jeugdwet-2016",
        {"regelingcombinatie": "alleen-jeugdhulp"},
        "2016",
        "342975",
        "personen",
    ),
    (
        "Totaal 391.685",
        "nvrr-3-3",
        "nvrr-samenloop-jeugdwet-2016",
        {"regelingcombinatie": "totaal"},
        "2016",
        "391685",
        "personen",
    ),
    (
        "57 procent voor 2016",
        "nvrr-3-7",
        "nvrr-enquete-tekorten-jeugdhulp",
        {"variabele": "aandeel-gemeenten-verwacht-tekort-jeugdhulp"},
        "2016",
        "57",
        "procent",
    ),
    (
        "voor 2017 ... 61 procent",
        "nvrr-3-7",
        "nvrr-enquete-tekorten-jeugdhulp",
        {"variabele": "aandeel-gemeenten-verwacht-tekort-jeugdhulp"},
        "2017",
        "61",
        "procent",
    ),
    (
        "215 gemeenten",
        "nvrr-3-7",
        "nvrr-enquete-tekorten-jeugdhulp",
        {"variabele": "gemeenten-deelnemend-enquete"},
        "2016",
        "215",
        "gemeenten",
    ),
    (
        "minder dan € 3,6 miljard",
        "nvrr-3-7",
        "nvrr-macrobudget-jeugdhulp",
        {"budgetraming": "meicirculaire-2015"},
        "2016",
        "3.6",
        "mld-euro",
    ),
    (
        "€ 310 miljoen",
        "nvrr-4-7",
        "nvrr-overschot-wmo-2015",
        {"variabele": "overschot-wmo-eerste-schatting"},
        "2015",
        "310",
        "mln-euro",
    ),
    (
        "circa € 1,2 miljard",
        "nvrr-4-7",
        "nvrr-overschot-wmo-2015",
        {"variabele": "overschot-wmo-en-jeugdzorg"},
        "2015",
        "1.2",
        "mld-euro",
    ),
    (
        "€ 0,7 miljard",
        "nvrr-bijlage-1-3",
        "nvrr-korting-wmo-2015",
        {"kortingsonderdeel": "decentralisatie-taken"},
        "2015",
        "0.7",
        "mld-euro",
    ),
    (
        "58 procent",
        "nvrr-bijlage-2",
        "nvrr-cpb-samenhang-regelingen",
        {"variabele": "gebruikers-alleen-gemeente"},
        "2014",
        "58",
        "procent",
    ),
    (
        "7,8 miljoen huishoudens",
        "nvrr-bijlage-2",
        "nvrr-scp-huishoudens-2013",
        {"variabele": "huishoudens-nederland"},
        "2013",
        "7800000",
        "huishoudens",
    ),
    (
        "71.100 huishoudens",
        "nvrr-bijlage-2",
        "nvrr-nijmegen-huishoudens",
        {"huishoudgroep": "alle-huishoudens"},
        "2016",
        "71100",
        "huishoudens",
    ),
    (
        "7.450 huishoudens",
        "nvrr-bijlage-2",
        "nvrr-nijmegen-huishoudens",
        {"huishoudgroep": "meer-dan-een-sector"},
        "2016",
        "7450",
        "huishoudens",
    ),
    (
        "34,2 procent",
        "nvrr-bijlage-2",
        "nvrr-nijmegen-aandelen",
        {"basispopulatie": "huishoudens-met-gebruik", "huishoudgroep": "meer-dan-een-sector"},
        "2016",
        "34.2",
        "procent",
    ),
    (
        "tabel 1: 40 - 100 mln. meting 3 42%",
        "vgn-1-2",
        "vgn-tabel-1",
        {"meetronde": "3", "omzetcategorie": "40-100-mln", "variabele": "percentage"},
        "2014/2015",
        "42",
        "procent",
    ),
    (
        "tabel 1: Totaal aantal meting 7 58",
        "vgn-1-2",
        "vgn-tabel-1",
        {"meetronde": "7", "omzetcategorie": "totaal", "variabele": "aantal"},
        "2016",
        "58",
        "organisaties",
    ),
    (
        "tabel 2: < 10 mln. 44%",
        "vgn-1-2",
        "vgn-tabel-2",
        {"omzetcategorie": "kleiner-dan-10-mln"},
        "2016",
        "44",
        "procent",
    ),
    (
        "tabel 3: NAH 34% 20",
        "vgn-1-3",
        "vgn-tabel-3",
        {"meetronde": "7", "clientdoelgroep": "nah", "variabele": "aantal"},
        "2016",
        "20",
        "organisaties",
    ),
    (
        "tabel 4: % jaaromzet naar Wlz > 100 mln. 90%",
        "vgn-1-4",
        "vgn-tabel-4",
        {"domein": "wlz", "omzetcategorie": "groter-dan-100-mln"},
        "2016",
        "90",
        "procent",
    ),
    (
        "tabel 5: Aantal gemeenten jeugdhulp > 100 mln. 37",
        "vgn-1-5",
        "vgn-tabel-5",
        {"domein": "jeugdwet", "omzetcategorie": "groter-dan-100-mln"},
        "2016",
        "37",
        "gemeenten",
    ),
    (
        "tabel 6: jeugdhulp niet-kostendekkend gemiddeld 53%",
        "vgn-2-1",
        "vgn-tabel-6",
        {"domein": "jeugdwet", "contractaspect": "niet-kostendekkend-tarief", "omzetcategorie": "gemiddeld"},
        "2017",
        "53",
        "procent",
    ),
    (
        "tabel 6: Wmo contracten getekend 10 - 40 mln. 93%",
        "vgn-2-1",
        "vgn-tabel-6",
        {"domein": "wmo-2015", "contractaspect": "contracten-getekend", "omzetcategorie": "10-40-mln"},
        "2017",
        "93",
        "procent",
    ),
    (
        "tabel 7: Wij teren in op onze reserves, vorige meting 17%",
        "vgn-2-3",
        "vgn-tabel-7",
        {"meetronde": "6", "maatregelTarieven": "reserves"},
        "2016",
        "17",
        "procent",
    ),
    (
        "tabel 8: Jeugdwet Outputgericht 2018 44%",
        "vgn-2-5",
        "vgn-tabel-8",
        {"ramingsstatus": "verwacht", "domein": "jeugdwet", "bekostigingsmodel": "outputgericht"},
        "2018",
        "44",
        "procent",
    ),
    (
        "tabel 9: Niet van toepassing 6%",
        "vgn-2-6",
        "vgn-tabel-9",
        {"antwoordVerantwoording": "niet-van-toepassing"},
        "2017",
        "6",
        "procent",
    ),
    (
        "tabel 10: jeugdhulp Weet ik niet < 10 mln. 46%",
        "vgn-2-7",
        "vgn-tabel-10",
        {
            "meetronde": "7",
            "domein": "jeugdwet",
            "omzetontwikkeling": "weet-niet",
            "omzetcategorie": "kleiner-dan-10-mln",
        },
        "2016",
        "46",
        "procent",
    ),
    (
        "tabel 10: Wmo 0% tot 10% stijgen < 10 mln. -",
        "vgn-2-7",
        "vgn-tabel-10",
        {
            "meetronde": "7",
            "domein": "wmo-2015",
            "omzetontwikkeling": "0-10-stijgen",
            "omzetcategorie": "kleiner-dan-10-mln",
        },
        "2016",
        "0",
        "procent",
    ),
    (
        "tabel 10: Wmo gemiddeld vorige meting 0% tot 10% stijgen 33%",
        "vgn-2-7",
        "vgn-tabel-10",
        {
            "meetronde": "6",
            "domein": "wmo-2015",
            "omzetontwikkeling": "0-10-stijgen",
            "omzetcategorie": "gemiddeld",
        },
        "2016",
        "33",
        "procent",
    ),
    (
        "tabel 11: Ja, er worden aanvullende eisen gesteld 43%",
        "vgn-3-1",
        "vgn-tabel-11",
        {"domein": "jeugdwet", "antwoordAanvullendeEisen": "ja"},
        "2016",
        "43",
        "procent",
    ),
    (
        "tabel 12: Ja, er worden aanvullende eisen gesteld 57%",
        "vgn-3-2",
        "vgn-tabel-12",
        {"domein": "wmo-2015", "antwoordAanvullendeEisen": "ja"},
        "2016",
        "57",
        "procent",
    ),
    (
        "tabel 13: iJw Weet niet 33%",
        "vgn-3-3",
        "vgn-tabel-13",
        {"berichtenstandaard": "ijw", "gebruiksklasse": "weet-niet"},
        "2016",
        "33",
        "procent",
    ),
    (
        "39% van de organisaties",
        "vgn-1-1",
        "vgn-respons",
        {"meetronde": "7", "variabele": "respons"},
        "2016",
        "39",
        "procent",
    ),
    (
        "36% verwacht een daling",
        "vgn-2-7",
        "vgn-omzetverwachting-tekst",
        {"meetronde": "7", "domein": "wmo-2015", "variabele": "aandeel-verwacht-daling"},
        "2016",
        "36",
        "procent",
    ),
]


@pytest.mark.parametrize(
    "written, section, dataset, dims, period, value, unit",
    SPOT_CHECKS,
    ids=[f"{c[1]}:{c[0]}" for c in SPOT_CHECKS],
)
def test_spot_check(graph, written, section, dataset, dims, period, value, unit):
    ds = DATASET[dataset]
    assert URIRef(f"https://sociaaldomein.example/id/sectie/{section}") in set(
        graph.objects(ds, DCTERMS.source)
    )
    matches = []
    for obs in graph.subjects(QB.dataSet, ds):
        if period_of(graph, obs) != period:
            continue
        values = {d: graph.value(obs, SDO[d]) for d in dims}
        if all(v is not None and code_of(graph, v) == dims[d] for d, v in values.items()):
            matches.append(obs)
    assert len(matches) == 1, f"{written}: {len(matches)} observations"
    obs = matches[0]
    assert graph.value(obs, WAARDE) == Literal(Decimal(value), datatype=XSD.decimal), written
    assert Decimal(str(graph.value(obs, WAARDE))) == Decimal(value), written
    assert graph.value(obs, EENHEID_P) == EENHEID[unit], written
