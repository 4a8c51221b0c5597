"""Questions a researcher asks of the graph, answered by SPARQL, checked against the source text.

Every expected answer is taken from the source documents, not from the data: the words that
justify it are quoted in the test's docstring, with the section they come from.

* NVRR: ``Informatiedocument 3D's`` (NVRR/BEA, 2017), seed ``000_fc5d931db840bc44.txt``.
* VGN: ``Monitor transities, zevende meting`` (VGN/BMC), seed ``003_9b820934cee8aac0.txt``.

A test marked ``xfail(strict=True, reason="data: ...")`` asks a question the data does not yet
answer as the text does; it starts to fail (XPASS) as soon as the data is corrected.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from service.build.documents import seeds_dir
from service.namespaces import PREFIXES
from tests.conftest import BASE, PROJECT

pytestmark = pytest.mark.slow

CQ_DIR = PROJECT / "ontology" / "competency-questions"


def iri(curie: str) -> str:
    """Expand ``prefix:local`` with the project prefixes."""
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def iris(*curies: str) -> set[str]:
    return {iri(c) for c in curies}


#: Every rekenkamer study the two documents name (see the first test below for the text).
STUDIES = iris(
    "publicatie:rekenkamer-utrecht-2017-werken-naar-vermogen",
    "publicatie:rkc-schiedam-vlaardingen-2016-aan-de-slag",
    "publicatie:delftse-rekenkamer-2016-jong-aan-de-slag",
    "publicatie:gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg",
    "publicatie:g4-rekenkamers-onderzoeken-jeugdwet",
    "publicatie:rekenkamer-maastricht-2015-samenwerking-jeugdwet",
    "publicatie:rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein",
    "publicatie:algemene-rekenkamer-macrobudgetten-jeugdwet",
    "publicatie:rekenkamer-utrecht-2016-meten-is-weten",
    "publicatie:rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein",
    "publicatie:rekenkamer-den-haag-2015-op-eigen-kracht",
    "publicatie:rekenkamer-den-haag-2017-over-de-drempel",
    "publicatie:rekenkamer-tilburg-2017-zorgen-om-resultaten",
    "publicatie:rekenkamer-utrecht-2016-hulp-bij-maatwerk",
    "publicatie:rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg",
)


def select(store, sparql: str) -> list[dict[str, str | None]]:
    rows = store.query(sparql, prefixes=PREFIXES)
    names = [v.value for v in rows.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in rows]


def column(store, sparql: str) -> set[str]:
    """The values of the first variable of a SELECT."""
    rows = select(store, sparql)
    return {next(iter(r.values())) for r in rows}


def pairs(store, sparql: str) -> set[tuple[str, ...]]:
    return {tuple(r.values()) for r in select(store, sparql)}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def phrases_found(quotes: set[str], phrases: set[str]) -> set[str]:
    """Which of the source phrases occur in at least one of the quotes."""
    joined = [norm(q) for q in quotes]
    return {p for p in phrases if any(norm(p) in q for q in joined)}


def quotes_of_findings(store, study: str) -> set[str]:
    return column(
        store,
        f"""SELECT ?q WHERE {{
          {study} sdo:heeftBevinding|^sdo:bevindingVan ?b . ?b sdo:citaat ?q }}""",
    )


# ---------------------------------------------------------------------------------------------
# Laws (NVRR 1.1 and Bijlage I)
# ---------------------------------------------------------------------------------------------


def test_which_laws_does_the_awbz_split_into(real_store) -> None:
    """Bijlage I.3 'AWBZ: van één naar vier wetten': "De AWBZ wordt opgesplitst in de nieuwe Wet
    langdurige zorg (Wlz), de Jeugdwet, de Zorgverzekeringswet (Zvw) en de Wet maatschappelijke
    ondersteuning 2015 (Wmo 2015)." """
    found = column(real_store, "SELECT ?w WHERE { wet:awbz sdo:splitstIn ?w }")
    assert found == iris("wet:wlz", "wet:jeugdwet", "wet:zvw", "wet:wmo-2015")


def test_which_laws_came_out_of_the_awbz(real_store) -> None:
    """Same sentence of Bijlage I.3, asked from the other side (sdo:voortgekomenUit)."""
    found = column(real_store, "SELECT ?w WHERE { ?w sdo:voortgekomenUit wet:awbz }")
    assert found == iris("wet:wlz", "wet:jeugdwet", "wet:zvw", "wet:wmo-2015")


def test_which_schemes_does_the_participatiewet_bundle(real_store) -> None:
    """1.1: "De Participatiewet bundelt drie bestaande regelingen over werk en inkomen. De wet werk
    en bijstand (WWB), de wet sociale werkvoorziening (Wsw) en een deel van de Wajong." """
    found = column(real_store, "SELECT ?w WHERE { wet:participatiewet sdo:neemtOp ?w }")
    assert found == iris("wet:wwb", "wet:wsw", "wet:wajong")
    back = column(real_store, "SELECT ?w WHERE { ?w sdo:opgenomenIn wet:participatiewet }")
    assert back == found


def test_when_did_the_three_decentralisation_laws_take_effect(real_store) -> None:
    """1.1: "Per 1 januari 2015 hebben gemeenten belangrijke nieuwe verantwoordelijkheden gekregen
    als gevolg van een drietal decentralisaties"; I.1: "De Participatiewet gaat in per 1 januari
    2015."; I.2 "Veranderingen per 1 januari 2015 door Jeugdwet"; I.3 "... door Wmo 2015"."""
    rows = pairs(
        real_store,
        """SELECT ?w ?d WHERE { VALUES ?w { wet:participatiewet wet:jeugdwet wet:wmo-2015 }
           ?w sdo:inWerkingVanaf ?d }""",
    )
    assert rows == {(w, "2015-01-01") for w in iris("wet:participatiewet", "wet:jeugdwet", "wet:wmo-2015")}


def test_when_was_the_wet_passend_onderwijs_introduced(real_store) -> None:
    """1.1: "Het Rijk heeft er met de in 1 augustus 2014 ingevoerde Wet Passend Onderwijs voor
    gekozen ..." """
    found = column(real_store, "SELECT ?d WHERE { wet:wet-passend-onderwijs sdo:inWerkingVanaf ?d }")
    assert found == {"2014-08-01"}


def test_which_law_does_the_wmo_2015_replace(real_store) -> None:
    """Bijlage I.3 'Veranderingen Wmo 2015 ten opzichte van huidige Wmo': "De 'nieuwe Wmo'
    gebaseerd is op andere uitgangspunten dan de huidige Wmo." """
    found = column(real_store, "SELECT ?w WHERE { wet:wmo-2015 sdo:vervangt ?w }")
    assert found == iris("wet:wmo-2007")


def test_which_regelingen_moved_from_the_awbz_to_the_zvw(real_store) -> None:
    """Join change -> scheme -> responsible layer. Bijlage I.3: "2. Persoonlijke verzorging gaat
    over naar zorgverzekeraars (Zvw). 3. De extramurale verpleging gaat over naar zorgverzekeraars
    (Zvw)." """
    rows = pairs(
        real_store,
        """SELECT DISTINCT ?r ?laag WHERE {
          ?v a sdo:Verandering ; sdo:betreftWet wet:awbz, wet:zvw ; sdo:betreftRegeling ?r .
          ?r a sdo:Regeling ; sdo:valtOnder wet:zvw ; sdo:verantwoordelijkeBestuurslaag ?laag }""",
    )
    laag = iri("bestuurslaag:zorgverzekeraar")
    expected = {
        (iri("regeling:nvrr-b1-3-persoonlijke-verzorging"), laag),
        (iri("regeling:nvrr-b1-3-extramurale-verpleging"), laag),
    }
    assert rows == expected


def test_which_awbz_activities_moved_to_the_wmo(real_store) -> None:
    """Join scheme -> two laws. 4.3: "De decentralisatie raakt mensen die gebruik maken van de
    volgende activiteiten: 1. Begeleiding en het bijbehorend vervoer. 2. Kortdurend verblijf.
    3. Ondersteuning algemene dagelijkse levensverrichtingen. 4. Inloopfunctie GGZ. 5. Beschermd
    wonen. 6. Cliëntondersteuning." """
    found = column(
        real_store,
        "SELECT ?r WHERE { ?r a sdo:Regeling ; sdo:valtOnder wet:wmo-2015 ; sdo:betreftWet wet:awbz }",
    )
    assert found == iris(
        "regeling:nvrr-wmo-begeleiding",
        "regeling:nvrr-wmo-kortdurend-verblijf",
        "regeling:nvrr-wmo-ondersteuning-adl",
        "regeling:nvrr-wmo-inloopfunctie-ggz",
        "regeling:nvrr-wmo-beschermd-wonen",
        "regeling:nvrr-wmo-clientondersteuning",
    )


# ---------------------------------------------------------------------------------------------
# Rekenkameronderzoek: completeness of every study
# ---------------------------------------------------------------------------------------------

#: Studies for which the source names no publication date.
NO_DATE = {
    # 3.7: "Door de Algemene Rekenkamer is in 2013 en 2014 onderzoek uitgevoerd naar de
    # macrobudgetten voor de Jeugdwet." -- two years of research, no publication date.
    iri("publicatie:algemene-rekenkamer-macrobudgetten-jeugdwet"),
    # 3.2 / 3.7: "De doelen van de Jeugdwet zijn door de Rekenkamer Metropool Amsterdam, Rekenkamer
    # Rotterdam, Rekenkamer Utrecht en Rekenkamer Den Haag compact beschreven" and "De onderzoeken
    # van de rekenkamers van de G4 signaleren ..." -- no date given.
    iri("publicatie:g4-rekenkamers-onderzoeken-jeugdwet"),
    # Bijlage I.2: "De Rekenkamer Metropool Amsterdam vat dit als volgt samen:" -- followed by a
    # figure; no date is given.
    iri("publicatie:rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg"),
}
#: Studies that concern no gemeente.
NO_GEMEENTE = {
    # 3.7: the Algemene Rekenkamer studied the national "macrobudgetten voor de Jeugdwet".
    iri("publicatie:algemene-rekenkamer-macrobudgetten-jeugdwet"),
}
#: Studies for which the source gives no link (no 'Doorklik' and no URL).
NO_LINK = {
    # 3.7: "Door de Algemene Rekenkamer is in 2013 en 2014 onderzoek uitgevoerd ..." -- no URL.
    iri("publicatie:algemene-rekenkamer-macrobudgetten-jeugdwet"),
    # 3.2 and 3.7 name the G4 studies without a URL.
    iri("publicatie:g4-rekenkamers-onderzoeken-jeugdwet"),
    # 3.5: "De Rekenkamer Maastricht (oktober 2015) heeft de uiteenlopende opties als volgt in
    # beeld gebracht:" -- followed by a figure, no URL.
    iri("publicatie:rekenkamer-maastricht-2015-samenwerking-jeugdwet"),
    # Bijlage I.2: "De Rekenkamer Metropool Amsterdam vat dit als volgt samen:" -- no URL.
    iri("publicatie:rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg"),
}
#: Studies for which the source reports no finding. Empty: every study in the text has one.
NO_FINDING: set[str] = set()


@pytest.mark.parametrize(
    ("what", "pattern", "allowed"),
    [
        ("date", "?s dct:issued ?x", NO_DATE),
        ("gemeente", "?s sdo:betreftGemeente ?x", NO_GEMEENTE),
        ("finding", "?s sdo:heeftBevinding|^sdo:bevindingVan ?x", NO_FINDING),
        ("link", "?s foaf:page ?x", NO_LINK),
    ],
)
def test_every_rekenkameronderzoek_is_complete(
    real_store, what: str, pattern: str, allowed: set[str]
) -> None:
    """Every sdo:Rekenkameronderzoek has a date, a gemeente, a finding and a link, except where
    the source itself gives none (the allowlists above, each with the words of the source)."""
    lacking = column(
        real_store,
        f"SELECT ?s WHERE {{ ?s a sdo:Rekenkameronderzoek FILTER NOT EXISTS {{ {pattern} }} }}",
    )
    assert lacking == allowed, what


def test_which_rekenkameronderzoeken_the_source_discusses(real_store) -> None:
    """The fifteen studies by rekenkamers the NVRR text discusses: 2.1 (Utrecht 'Werken naar
    Vermogen', RKC Schiedam-Vlaardingen 'Aan de slag?!', Delft 'Jong aan de slag'), 3.1 (GRN
    'Sturen op zorg'), 3.2/3.7 (G4), 3.5 (Maastricht, oktober 2015), 3.6 (Amersfoort, augustus
    2016), 3.7 (Algemene Rekenkamer), 4.1 (Utrecht 'meten is weten', RKC Haarlemmermeer
    'nulmeting'), 4.6 (Den Haag oktober 2015 and februari 2017, Tilburg juni 2017, Utrecht 'Hulp
    bij maatwerk'); Bijlage I.2: "De Rekenkamer Metropool Amsterdam vat dit als volgt samen"."""
    found = column(real_store, "SELECT ?s WHERE { ?s a sdo:Rekenkameronderzoek }")
    assert found == STUDIES


def test_when_were_the_dated_rekenkamer_studies_published(real_store) -> None:
    """Dates as precise as the text gives them. 2.1: "De Rekenkamer Utrecht heeft februari 2017";
    "in het voorjaar van 2016 door de Rekenkamercommissie Schiedam-Vlaardingen"; "Door de
    Rekenkamer Delft is in maart 2016"; 3.1: "GRN heeft april 2017"; 3.5: "De Rekenkamer
    Maastricht (oktober 2015)"; 3.6: "(Regioplan Beleidsonderzoek, augustus 2016)"; 4.1: "Rekenkamer
    Utrecht heeft in 2016"; "De Rekenkamercommissie Haarlemmermeer heeft in september 2016";
    4.6: "De Rekenkamer Den Haag heeft oktober 2015"; "(Rekenkamer Den Haag, februari 2017)";
    "Rekenkamer Tilburg heeft recent (juni 2017)"; "De Rekenkamer Utrecht heeft in september 2016
    een onderzoek ('Hulp bij maatwerk')"."""
    rows = pairs(real_store, "SELECT ?s ?d WHERE { ?s a sdo:Rekenkameronderzoek ; dct:issued ?d }")
    p = "publicatie:"
    assert rows == {
        (iri(p + "rekenkamer-utrecht-2017-werken-naar-vermogen"), "2017-02"),
        (iri(p + "rkc-schiedam-vlaardingen-2016-aan-de-slag"), "2016"),
        (iri(p + "delftse-rekenkamer-2016-jong-aan-de-slag"), "2016-03"),
        (iri(p + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg"), "2017-04"),
        (iri(p + "rekenkamer-maastricht-2015-samenwerking-jeugdwet"), "2015-10"),
        (iri(p + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein"), "2016-08"),
        (iri(p + "rekenkamer-utrecht-2016-meten-is-weten"), "2016"),
        (iri(p + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein"), "2016-09"),
        (iri(p + "rekenkamer-den-haag-2015-op-eigen-kracht"), "2015-10"),
        (iri(p + "rekenkamer-den-haag-2017-over-de-drempel"), "2017-02"),
        (iri(p + "rekenkamer-tilburg-2017-zorgen-om-resultaten"), "2017-06"),
        (iri(p + "rekenkamer-utrecht-2016-hulp-bij-maatwerk"), "2016-09"),
    }


def test_where_can_the_participatiewet_studies_be_read(real_store) -> None:
    """2.1 'Doorklik' links: Utrecht 'Werken naar Vermogen' -> nvrr.nl/bibliotheek/74574/...;
    RKC Schiedam-Vlaardingen 'Aan de slag' -> nvrr.nl/bibliotheek/66382/Aan-de-slag-; Delftse
    Rekenkamer 'Jong aan de slag' -> nvrr.nl/bibliotheek/66012/Jong-aan-de-Slag-."""
    rows = pairs(
        real_store,
        """SELECT ?s ?p WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:betreftWet wet:participatiewet ;
           foaf:page ?p ; dct:source sectie:nvrr-2-1 }""",
    )
    assert rows == {
        (
            iri("publicatie:rekenkamer-utrecht-2017-werken-naar-vermogen"),
            "https://www.nvrr.nl/bibliotheek/74574/Beleidsbeschrijving-Werken-naar-vermogen-rekenkameronderzoek-Participatiewet",
        ),
        (
            iri("publicatie:rkc-schiedam-vlaardingen-2016-aan-de-slag"),
            "https://www.nvrr.nl/bibliotheek/66382/Aan-de-slag-",
        ),
        (
            iri("publicatie:delftse-rekenkamer-2016-jong-aan-de-slag"),
            "https://www.nvrr.nl/bibliotheek/66012/Jong-aan-de-Slag-",
        ),
    }


def test_where_can_over_de_drempel_and_its_feitenrapport_be_read(real_store) -> None:
    """Join study -> its parts -> link. 4.6: "Doorklik: Rekenkamer Den Haag - bestuurlijk rapport
    'Over de drempel' en feitenrapport" with the URLs https://www.nvrr.nl/download/?id=74450 and
    https://denhaag.raadsinformatie.nl/document/5039654/1/RIS296318_Feitenrapport_toegang_maatschappelijke_ondersteuning"""
    found = column(
        real_store,
        """SELECT ?p WHERE { publicatie:rekenkamer-den-haag-2017-over-de-drempel
           (dct:hasPart|^dct:isPartOf)?/foaf:page ?p }""",
    )
    assert found == {
        "https://www.nvrr.nl/download/?id=74450",
        "https://denhaag.raadsinformatie.nl/document/5039654/1/RIS296318_Feitenrapport_toegang_maatschappelijke_ondersteuning",
    }


# ---------------------------------------------------------------------------------------------
# Rekenkamers, gemeenten and laws (joins)
# ---------------------------------------------------------------------------------------------


def test_which_rekenkamers_studied_the_participatiewet(real_store) -> None:
    """Join study -> law, study -> author. 2.1: Rekenkamer Utrecht (februari 2017), RKC
    Schiedam-Vlaardingen ('Aan de slag?!'), Rekenkamer Delft ("een specifiek segment binnen de
    Participatiewet"); 4.1: Rekenkamer Utrecht, "voortgangsrapportages voor respectievelijk de
    Participatiewet, de Jeugdwet en de Wmo 2015"; "De Rekenkamercommissie Haarlemmermeer heeft in
    september 2016 een 3D-brede nulmeting uitgevoerd"."""
    found = column(
        real_store,
        """SELECT DISTINCT ?r WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:betreftWet wet:participatiewet ;
           sdo:auteur ?r . ?r a sdo:Rekenkamer }""",
    )
    assert found == iris(
        "organisatie:rekenkamer-utrecht",
        "organisatie:rekenkamercommissie-schiedam-vlaardingen",
        "organisatie:delftse-rekenkamer",
        "organisatie:rekenkamercommissie-haarlemmermeer",
    )


def test_which_gemeenten_had_a_rekenkamer_study_on_the_jeugdwet(real_store) -> None:
    """Join study -> law, study -> gemeente. 3.1 GRN (Nijmegen) "gericht op zowel de Wmo als de
    Jeugdhulp"; 3.2 the G4 rekenkamers (Amsterdam, Rotterdam, Utrecht, Den Haag) on "De doelen van
    de Jeugdwet"; 3.5 Rekenkamer Maastricht on cooperation "op het terrein van de Jeugdwet";
    3.6 Rekenkamer Amersfoort on "de decentralisatie van de jeugdzorg"; 4.1 Utrecht (Jeugdwet in
    the voortgangsrapportages) and Haarlemmermeer ("3D-brede nulmeting")."""
    found = column(
        real_store,
        """SELECT DISTINCT ?g WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:betreftWet wet:jeugdwet ;
           sdo:betreftGemeente ?g }""",
    )
    assert found == iris(
        "gemeente:nijmegen",
        "gemeente:amsterdam",
        "gemeente:rotterdam",
        "gemeente:utrecht",
        "gemeente:den-haag",
        "gemeente:maastricht",
        "gemeente:amersfoort",
        "gemeente:haarlemmermeer",
    )


def test_which_studies_by_a_rekenkamercommissie_concern_more_than_one_gemeente(real_store) -> None:
    """Join study -> author (a Rekenkamercommissie) -> count of gemeenten. 2.1: "door de
    Rekenkamercommissie Schiedam-Vlaardingen gepubliceerd onderzoek ('Aan de slag?!')": the
    commissie of two gemeenten. The RKC Haarlemmermeer (4.1) is of one gemeente."""
    found = column(
        real_store,
        """SELECT ?s WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:auteur ?r ; sdo:betreftGemeente ?g .
           ?r a sdo:Rekenkamercommissie } GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)""",
    )
    assert found == iris("publicatie:rkc-schiedam-vlaardingen-2016-aan-de-slag")


def test_which_gemeenten_does_aan_de_slag_concern(real_store) -> None:
    """2.1: the study is by the "Rekenkamercommissie Schiedam-Vlaardingen"."""
    found = column(
        real_store,
        "SELECT ?g WHERE { publicatie:rkc-schiedam-vlaardingen-2016-aan-de-slag sdo:betreftGemeente ?g }",
    )
    assert found == iris("gemeente:schiedam", "gemeente:vlaardingen")


def test_which_rekenkamers_described_the_goals_of_the_jeugdwet(real_store) -> None:
    """Join goal -> study -> authors. 3.2: "De doelen van de Jeugdwet zijn door de Rekenkamer
    Metropool Amsterdam, Rekenkamer Rotterdam, Rekenkamer Utrecht en Rekenkamer Den Haag compact
    beschreven: 1. Vermindering vraag naar (zware) zorg, door: a. ... b. ... c. ... 2. Vermindering
    uitvoeringskosten door: a. ... b. ... c. ..." -- two main goals with three sub-goals each."""
    rows = select(
        real_store,
        """SELECT ?d ?r (COUNT(DISTINCT ?sub) AS ?n) WHERE { ?d sdo:doelVan wet:jeugdwet ; sdo:beschrevenIn ?s .
           ?s a sdo:Rekenkameronderzoek ; sdo:auteur ?r . ?sub sdo:subdoelVan ?d ; sdo:doelVan wet:jeugdwet }
           GROUP BY ?d ?r""",
    )
    assert {r["r"] for r in rows} == iris(
        "organisatie:rekenkamer-metropool-amsterdam",
        "organisatie:rekenkamer-rotterdam",
        "organisatie:rekenkamer-utrecht",
        "organisatie:rekenkamer-den-haag",
    )
    assert sorted({(r["d"], int(r["n"])) for r in rows}, key=str) == sorted(
        {(d, 3) for d in {r["d"] for r in rows}}, key=str
    )
    assert len({r["d"] for r in rows}) == 2


def test_which_risk_did_the_g4_rekenkamers_signal_and_for_which_gemeenten(real_store) -> None:
    """Join risk -> study -> gemeenten. 3.7: "De onderzoeken van de rekenkamers van de G4 signaleren
    ook een ander financieel risico. Dit betreft het zogenoemde 'boeggolfeffect'. De rekenkamers
    signaleren dat de vier grote steden momenteel fors investeren 'aan de voorkant' van de
    transitie." """
    rows = pairs(
        real_store,
        """SELECT ?risk ?g WHERE { ?risk a sdo:Risico ; sdo:beschrevenIn ?s .
           ?s a sdo:Rekenkameronderzoek ; sdo:betreftGemeente ?g ; sdo:auteur organisatie:rekenkamer-rotterdam }""",
    )
    risk = iri("risico:nvrr-3-7-boeggolfeffect")
    assert rows == {
        (risk, g)
        for g in iris("gemeente:amsterdam", "gemeente:rotterdam", "gemeente:utrecht", "gemeente:den-haag")
    }


def test_which_rekenkamer_studies_involve_a_research_bureau(real_store) -> None:
    """Join study -> author (an Onderzoeksbureau) -> client. 3.6: "De Rekenkamer Amersfoort heeft
    laten onderzoeken (Regioplan Beleidsonderzoek, augustus 2016)"."""
    rows = pairs(
        real_store,
        """SELECT ?s ?bureau ?client WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:auteur ?bureau ;
           sdo:opdrachtgever ?client . ?bureau a sdo:Onderzoeksbureau }""",
    )
    assert rows == {
        (
            iri("publicatie:rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein"),
            iri("organisatie:regioplan"),
            iri("organisatie:rekenkamer-amersfoort"),
        )
    }


# ---------------------------------------------------------------------------------------------
# What did they find? (findings of named studies, checked against phrases of the text)
# ---------------------------------------------------------------------------------------------


def test_what_did_the_delftse_rekenkamer_find(real_store) -> None:
    """2.1: "Er geen doelen/resultaten zijn geformuleerd voor de experimenteerjaren" ... "er zijn nog
    geen afspraken gemaakt over 'welke gegevens als maatstaf functioneren voor de periodieke
    rapportages'"."""
    phrases = {"geen doelen/resultaten zijn geformuleerd", "welke gegevens als maatstaf functioneren"}
    quotes = quotes_of_findings(real_store, "publicatie:delftse-rekenkamer-2016-jong-aan-de-slag")
    assert phrases_found(quotes, phrases) == phrases


def test_what_did_the_rkc_schiedam_vlaardingen_find(real_store) -> None:
    """2.1: "het in deze fase nog niet mogelijk is om op eenduidige wijze de gevolgen en eerste
    ervaringen van de Participatiewet" weer te geven. "Een systematiek voor monitoring is in
    ontwikkeling"."""
    phrases = {"nog niet mogelijk is om op eenduidige wijze", "Een systematiek voor monitoring is in"}
    quotes = quotes_of_findings(real_store, "publicatie:rkc-schiedam-vlaardingen-2016-aan-de-slag")
    assert phrases_found(quotes, phrases) == phrases


def test_what_did_rekenkamer_utrecht_find_about_the_regionale_werkbedrijven(real_store) -> None:
    """Join finding -> study -> evaluated collaboration. 2.5: "Rekenkamer Utrecht constateert
    februari 2017 ... kanttekeningen": "De huidige samenwerking vloeit voort uit de Wet
    banenafspraak", "Operationele afspraken, doelen en/of prestatie-indicatoren ontbreken vaak",
    "wat kan lijden tot onderlinge concurrentie", "nog geen sprake van gezamenlijk gebruik van
    ICT-systemen"."""
    quotes = column(
        real_store,
        """SELECT ?q WHERE { ?b sdo:bevindingVan ?s ; sdo:betreft samenwerking:pw-regionale-werkbedrijven ;
           sdo:citaat ?q . ?s sdo:auteur organisatie:rekenkamer-utrecht }""",
    )
    phrases = {
        "samenwerking vloeit voort uit de Wet banenafspraak",
        "Operationele afspraken, doelen en/of prestatie-indicatoren ontbreken vaak",
        "onderlinge concurrentie",
        "gezamenlijk gebruik van ICT-systemen",
    }
    assert phrases_found(quotes, phrases) == phrases


def test_what_did_the_algemene_rekenkamer_find_about_the_jeugd_macrobudget(real_store) -> None:
    """3.7: "Mede daardoor is het voor gemeenten in totaal beschikbare macrobudget verhoogd van
    eerst € 3,4 mld naar € 3,9 mld. De Algemene Rekenkamer geeft aan dat in het onderzoek wel de
    beschikbare budgetten zijn onderzocht, maar niet de uitvoeringskosten." """
    phrases = {"van eerst € 3,4 mld naar € 3,9 mld", "maar niet de uitvoeringskosten"}
    quotes = quotes_of_findings(real_store, "publicatie:algemene-rekenkamer-macrobudgetten-jeugdwet")
    assert phrases_found(quotes, phrases) == phrases


def test_what_did_rekenkamer_den_haag_conclude_about_access_to_the_wmo(real_store) -> None:
    """4.6 'Over de drempel': "te weinig is gericht op doeltreffendheid en onvoldoende
    rechtszekerheid en rechtsgelijkheid biedt"; deelconclusies: "kent belemmeringen", "onvoldoende
    integraal en domeinoverstijgend", "geen maatwerkoplossingen die voorzien in een sluitende
    aanpak", "onvoldoende transparant"."""
    phrases = {
        "te weinig is gericht op doeltreffendheid",
        "kent belemmeringen",
        "onvoldoende integraal en domeinoverstijgend",
        "sluitende aanpak",
        "onvoldoende transparant",
    }
    quotes = quotes_of_findings(real_store, "publicatie:rekenkamer-den-haag-2017-over-de-drempel")
    assert phrases_found(quotes, phrases) == phrases


def test_what_did_rekenkamer_utrecht_find_about_hulp_bij_het_huishouden(real_store) -> None:
    """Join study -> scheme. 4.6: "('Hulp bij maatwerk') ... hoe het nieuwe beleid voor de hulp bij
    het huishouden in de praktijk uitwerkt"; "Hoofdconclusie van het onderzoek is dat er
    onvoldoende maatwerk is toegepast. De beoogde besparingen zijn daarentegen méér dan
    gerealiseerd." """
    study = "publicatie:rekenkamer-utrecht-2016-hulp-bij-maatwerk"
    schemes = column(
        real_store, f"SELECT ?r WHERE {{ {study} sdo:betreft|sdo:betreftRegeling ?r . ?r a sdo:Regeling }}"
    )
    assert schemes == iris("regeling:nvrr-wmo-huishoudelijke-hulp")
    phrases = {"onvoldoende maatwerk is toegepast", "méér dan gerealiseerd"}
    assert phrases_found(quotes_of_findings(real_store, study), phrases) == phrases


def test_what_did_the_rkc_haarlemmermeer_find_about_steering_care_providers(real_store) -> None:
    """4.1: "De zorgaanbieders worden vooralsnog vooral op prijs aangestuurd." """
    phrases = {"vooral op prijs aangestuurd"}
    quotes = quotes_of_findings(
        real_store, "publicatie:rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein"
    )
    assert phrases_found(quotes, phrases) == phrases


def test_what_was_the_central_question_of_rekenkamer_tilburg(real_store) -> None:
    """4.6: "De centrale onderzoeksvraag luidt als volgt: 'Functioneert de keten van beleid,
    inkoop, toeleiding en uitvoering met betrekking tot de Wmo-maatwerkvoorzieningen begeleiding
    (ZIN en Pgb) zodanig dat de beoogde beleidsdoelstellingen in de praktijk ook daadwerkelijk
    gerealiseerd worden?'" """
    questions = column(
        real_store,
        "SELECT ?v WHERE { publicatie:rekenkamer-tilburg-2017-zorgen-om-resultaten sdo:onderzoeksvraag ?v }",
    )
    central = (
        "Functioneert de keten van beleid, inkoop, toeleiding en uitvoering met betrekking tot de "
        "Wmo-maatwerkvoorzieningen begeleiding (ZIN en Pgb) zodanig dat de beoogde "
        "beleidsdoelstellingen in de praktijk ook daadwerkelijk gerealiseerd worden?"
    )
    assert phrases_found(questions, {central}) == {central}


def test_what_were_the_research_questions_of_sturen_op_zorg(real_store) -> None:
    """3.1: "Het onderzoek richt zich op de volgende vragen: Welke doelen heeft de gemeenteraad
    geformuleerd op het gebied van (de nieuwe Wmo en) Jeugdhulp? Hoe meet de gemeente of deze doelen
    worden gerealiseerd? In hoeverre is al informatie voor de raad beschikbaar of op welke termijn
    kom deze beschikbaar? Hoe is de raad omgegaan met de verantwoordingsinformatie die hij tot nu
    toe heeft ontvangen?" """
    found = column(
        real_store,
        "SELECT ?v WHERE { publicatie:gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg sdo:onderzoeksvraag ?v }",
    )
    assert {norm(v) for v in found} == {
        norm(
            "Welke doelen heeft de gemeenteraad geformuleerd op het gebied van (de nieuwe Wmo en) Jeugdhulp?"
        ),
        norm("Hoe meet de gemeente of deze doelen worden gerealiseerd?"),
        norm(
            "In hoeverre is al informatie voor de raad beschikbaar of op welke termijn kom deze beschikbaar?"
        ),
        norm("Hoe is de raad omgegaan met de verantwoordingsinformatie die hij tot nu toe heeft ontvangen?"),
    }


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------


def test_which_recommendations_address_information_to_the_gemeenteraad_and_for_which_laws(real_store) -> None:
    """Join recommendation -> study (about information to the council) -> laws. 3.1: GRN 'Sturen op
    zorg', "Centraal stond de informatievoorziening aan de gemeenteraad", "gericht op zowel de Wmo
    als de Jeugdhulp"; six recommendations: "Stel een set van kerndoelen vast. Stel per kerndoel een
    aantal beleidsvragen ... Bepaal welke indicatoren ... Wijdt werkbijeenkomsten van college en
    raad ... Maak heldere afspraken over de doorontwikkeling van de gewenste monitoring.
    Organiseer een planmatige en systematische behandeling van (de Wmo en) Jeugdhulp." """
    rows = select(
        real_store,
        """SELECT ?a ?w WHERE { ?s a sdo:Rekenkameronderzoek ; sdo:heeftAanbeveling ?a ;
           sdo:onderzoeksvraag ?v . ?a sdo:betreftWet ?w
           FILTER(CONTAINS(LCASE(?v), "informatie voor de raad")) }""",
    )
    recommendations = {r["a"] for r in rows}
    laws = {r["w"] for r in rows}
    assert len(recommendations) == 6
    assert laws == iris("wet:jeugdwet", "wet:wmo-2015")


def test_what_did_the_rkc_schiedam_vlaardingen_recommend_and_to_whom(real_store) -> None:
    """Join recommendation -> study -> author. 2.1: "De eerste aanbeveling in het RKC-rapport is dan
    ook dat de betrokken gemeenten in casu de gemeenteraden voor werk en re-integratie duidelijke
    doelen moeten formuleren en specifiek moeten aanduiden wat de inzet van het nieuwe integrale
    participatiebedrijf Stroomopwaarts moet opleveren. 'Bepaal als raden welke beleidsprestaties
    geleverd moeten worden ...'" -- the text reports this one (first) recommendation."""
    rows = select(
        real_store,
        """SELECT ?a ?to ?w ?q WHERE { ?a sdo:aanbevelingVan ?s ; sdo:gerichtAan ?to ; sdo:betreftWet ?w ;
           sdo:citaat ?q . ?s sdo:auteur organisatie:rekenkamercommissie-schiedam-vlaardingen }""",
    )
    assert len({r["a"] for r in rows}) == 1
    assert {"gemeenteraden" in norm(r["to"] or "") for r in rows} == {True}
    assert {r["w"] for r in rows} == iris("wet:participatiewet")
    phrases = {"duidelijke doelen moeten formuleren", "Bepaal als raden welke beleidsprestaties"}
    assert phrases_found({r["q"] for r in rows}, phrases) == phrases


def test_which_recommendations_did_the_transitiecommissie_make(real_store) -> None:
    """Voorwoord: "In de eind 2016 opgeleverde vijfde en laatste voortgangsrapportage doet de
    Transitiecommissie twee aanbevelingen. Als eerste pleit zij voor een nationaal programma Sociaal
    Domein ... De tweede aanbeveling betreft het creeren van een lerende omgeving met peer reviews
    en goede voorbeelden." """
    rows = select(
        real_store,
        """SELECT ?a ?d WHERE { ?s sdo:auteur organisatie:transitiecommissie-sociaal-domein ;
           sdo:heeftAanbeveling ?a ; dct:issued ?d }""",
    )
    assert len({r["a"] for r in rows}) == 2
    assert {r["d"] for r in rows} == {"2016"}


# ---------------------------------------------------------------------------------------------
# Samenwerkingsverbanden
# ---------------------------------------------------------------------------------------------


def test_which_gemeenten_work_together_in_stroomopwaarts(real_store) -> None:
    """2.1: "De gemeenten Schiedam, Vlaardingen en Maassluis hebben aanvankelijk hun energie
    vooral gestoken in de vorming van een integraal werkbedrijf, waarin de sociale diensten van de
    drie gemeenten en de SW-bedrijven Dukdalf, TBV en BGS zijn opgegaan"; "het nieuwe integrale
    participatiebedrijf Stroomopwaarts"."""
    rows = pairs(
        real_store,
        """SELECT ?g ?v WHERE { ?sv a sdo:Samenwerkingsverband ; rdfs:label "Stroomopwaarts"@nl ;
           sdo:deelnemer ?g ; sdo:samenwerkingsvorm ?v }""",
    )
    vorm = iri("vorm:integraal-werkbedrijf")
    assert rows == {
        (g, vorm) for g in iris("gemeente:schiedam", "gemeente:vlaardingen", "gemeente:maassluis")
    }


def test_which_gemeenten_in_a_samenwerkingsverband_had_a_rekenkamer_study_on_the_same_law(real_store) -> None:
    """Join collaboration -> member gemeente -> study on that gemeente and law. 2.1: Schiedam,
    Vlaardingen and Maassluis form Stroomopwaarts for the Participatiewet; the study 'Aan de slag?!'
    on "de eerste ervaringen met de Participatiewet" is by the "Rekenkamercommissie
    Schiedam-Vlaardingen". No other collaboration in the text names its member gemeenten."""
    rows = pairs(
        real_store,
        """SELECT DISTINCT ?g ?w WHERE { ?sv a sdo:Samenwerkingsverband ; sdo:deelnemer ?g ; sdo:betreftWet ?w .
           ?g a sdo:Gemeente . ?s a sdo:Rekenkameronderzoek ; sdo:betreftGemeente ?g ; sdo:betreftWet ?w }""",
    )
    pw = iri("wet:participatiewet")
    assert rows == {(iri("gemeente:schiedam"), pw), (iri("gemeente:vlaardingen"), pw)}


def test_which_jeugdhulp_collaborations_were_evaluated_by_which_bureau_and_when(real_store) -> None:
    """Join collaboration -> evaluation -> bureau + date. 3.5: "In Flevoland is de 'Centrumregeling
    Sociaal Domein' eind 2016 geëvalueerd (BMC Advies, november 2016)"; "De Serviceorganisatie
    Jeugd Zuid-Holland Zuid is medio 2016 geëvalueerd (Seinstravandelaar B.V., juni 2016)"."""
    rows = pairs(
        real_store,
        """SELECT ?sv ?bureau ?d WHERE { ?sv a sdo:Samenwerkingsverband ; sdo:betreftWet wet:jeugdwet ;
           sdo:geevalueerdIn ?e . ?e sdo:auteur ?bureau ; dct:issued ?d . ?bureau a sdo:Onderzoeksbureau }""",
    )
    assert rows == {
        (
            iri("samenwerking:jw-centrumregeling-sociaal-domein-flevoland"),
            iri("organisatie:bmc-advies"),
            "2016-11",
        ),
        (
            iri("samenwerking:jw-serviceorganisatie-jeugd-zuid-holland-zuid"),
            iri("organisatie:seinstravandelaar"),
            "2016-06",
        ),
    }


def test_which_collaborations_are_examples_of_a_centrumgemeenteregeling(real_store) -> None:
    """3.5: "Een veel gebruikte manier om samen te werken op het terrein van de Jeugdwet, is de
    zogenoemde centrumgemeenteregeling ... Voorbeelden hiervan betreffen onder meer Flevoland,
    Friesland en Zuid-Limburg." """
    found = column(
        real_store,
        "SELECT ?sv WHERE { ?sv sdo:samenwerkingsvorm vorm:centrumgemeenteregeling ; sdo:betreftWet wet:jeugdwet }",
    )
    assert found == iris(
        "samenwerking:jw-centrumregeling-sociaal-domein-flevoland",
        "samenwerking:jw-centrumgemeenteregeling-friesland",
        "samenwerking:jw-centrumgemeenteregeling-zuid-limburg",
    )


def test_what_are_the_tasks_of_the_serviceorganisatie_jeugd_zuid_holland_zuid(real_store) -> None:
    """3.5: "De serviceorganisatie richt zich vooral op het inkopen van zorg en de facturering."
    and "De Serviceorganisatie Jeugd Zuid-Holland Zuid heeft de volgende taken: Inkoopmanagement.
    Contractmanagement. Budgetbeheersing en risicomanagement. Monitoring en informatievoorziening.
    Accountmanagement en beleid." """
    found = column(
        real_store,
        "SELECT ?t WHERE { samenwerking:jw-serviceorganisatie-jeugd-zuid-holland-zuid sdo:taak ?t }",
    )
    assert {norm(t) for t in found} == {
        "inkopen van zorg",
        "facturering",
        "inkoopmanagement",
        "contractmanagement",
        "budgetbeheersing en risicomanagement",
        "monitoring en informatievoorziening",
        "accountmanagement en beleid",
    }


def test_which_organisation_is_involved_in_the_flevoland_knelpunt_about_stipter(real_store) -> None:
    """Join knelpunt -> evaluation -> collaboration. 3.5: "Bij de uitvoering van de verschillende taken
    wordt als knelpunt ervaren dat het automatiseringssysteem (Stipter) nog niet goed werkt,
    waardoor ... de Aankoopcentrale 'de basis nog niet op orde heeft'"."""
    rows = pairs(
        real_store,
        """SELECT ?k ?org WHERE { ?k a sdo:Knelpunt ; sdo:beschrevenIn ?e ; sdo:betrokkenOrganisatie ?org .
           ?e sdo:evalueert samenwerking:jw-centrumregeling-sociaal-domein-flevoland }""",
    )
    assert rows == {
        (iri("knelpunt:nvrr-3-5-flevoland-stipter"), iri("organisatie:aankoopcentrale-flevoland"))
    }


# ---------------------------------------------------------------------------------------------
# Regelingen, doelgroepen and norms
# ---------------------------------------------------------------------------------------------


def test_which_regelingen_serve_bijstandsgerechtigden_and_under_which_law(real_store) -> None:
    """Join scheme -> target group, scheme -> law. 2.3: "Gemeenten mogen van bijstandsgerechtigden een
    tegenprestatie verlangen"; "er is een verhuisplicht ... en mag van bijstandsgerechtigden worden
    verlangd dat zij per dag maximaal 3 uur reizen voor werk" (geüniformeerde arbeidsverplichtingen,
    2.4 item 9); I.1 item 4: "Loonkostensubsidie kan ingezet worden voor mensen die bijstand
    ontvangen en ook voor niet-uitkeringsgerechtigden"; the bijstand itself (2.3: "Alle WWB-ers
    vallen sinds 1 januari 2015 in principe onder de Participatiewet")."""
    rows = pairs(
        real_store,
        """SELECT ?r ?w WHERE { ?r sdo:bedientDoelgroep doelgroep:pw-bijstandsgerechtigden ; sdo:valtOnder ?w }""",
    )
    pw = iri("wet:participatiewet")
    assert rows == {
        (r, pw)
        for r in iris(
            "regeling:pw-bijstand",
            "regeling:pw-tegenprestatie",
            "regeling:pw-arbeidsverplichtingen",
            "regeling:pw-loonkostensubsidie",
        )
    }


def test_which_regeling_serves_people_who_can_only_work_sheltered(real_store) -> None:
    """Join target group -> scheme -> law. 2.4 'Actualisering': "Gemeenten zijn op basis daarvan
    verplicht om beschut werk aan te bieden aan mensen die uitsluitend in een beschutte werkomgeving
    kunnen functioneren."; I.1 item 2: "de nieuwe voorziening beschut werken in de Participatiewet"."""
    rows = pairs(
        real_store,
        """SELECT ?r ?w WHERE { ?g a sdo:Doelgroep ; sdo:bediendDoor ?r . ?r sdo:valtOnder ?w ;
           rdfs:label ?l FILTER(CONTAINS(LCASE(?l), "beschut")) }""",
    )
    assert rows == {(iri("regeling:pw-beschut-werk"), iri("wet:participatiewet"))}


def test_what_is_the_maximum_loonkostensubsidie(real_store) -> None:
    """Join scheme -> norm. I.1 item 4: "De loonkostensubsidie is gelijk aan het verschil tussen het
    bruto WML en de vastgestelde loonwaarde en bedraagt maximaal 70 procent van het WML." """
    rows = select(
        real_store,
        """SELECT ?v ?soort ?unit WHERE { regeling:pw-loonkostensubsidie sdo:heeftNorm ?n .
           ?n sdo:normwaarde ?v ; sdo:normsoort ?soort ; sdo:eenheid ?unit }""",
    )
    assert {(float(r["v"]), r["soort"], r["unit"]) for r in rows} == {
        (70.0, "maximum", iri("eenheid:procent"))
    }


def test_what_is_the_wajong_benefit_with_work_capacity(real_store) -> None:
    """Join scheme -> norm. 2.3 item 4 and I.1 item 3: "Als er sprake is van arbeidsvermogen, wordt
    de Wajong-uitkering aangepast van 75 procent naar 70 procent van het wettelijk minimumloon
    (WML)." """
    rows = select(
        real_store,
        """SELECT ?v ?unit WHERE { ?r sdo:valtOnder wet:wajong ; sdo:heeftNorm ?n .
           ?n sdo:normwaarde ?v ; sdo:eenheid ?unit }""",
    )
    assert {(float(r["v"]), r["unit"]) for r in rows} == {(70.0, iri("eenheid:procent"))}


def test_how_many_extra_jobs_does_the_banenafspraak_promise(real_store) -> None:
    """Join scheme -> norms. 2.5: "Sociale partners en overheden hebben zich gecommitteerd aan het
    creëren van 125.000 extra banen voor deze doelgroep met als verdeling 100.000 extra banen in de
    marktsector en 25.000 extra banen bij de overheid." """
    found = column(
        real_store,
        "SELECT ?v WHERE { regeling:pw-banenafspraak sdo:heeftNorm ?n . ?n sdo:normwaarde ?v }",
    )
    assert {float(v) for v in found} == {125000.0, 100000.0, 25000.0}


def test_which_wmo_maatwerkvoorzieningen_does_the_source_name(real_store) -> None:
    """4.6 (Rekenkamer Den Haag): "Maatwerkvoorzieningen ... Het gaat hierbij om alle op het individu
    gerichte vormen van ondersteuning, zoals vervoersmiddelen (scootmobiel), woningaanpassing,
    begeleiding in huis en/of dagbesteding én beschermd wonen of opvang."; 4.2: "Als algemene
    voorzieningen het probleem onvoldoende verminderen, komen maatwerkvoorzieningen in beeld." """
    found = column(
        real_store, "SELECT ?r WHERE { ?r a sdo:Maatwerkvoorziening ; sdo:valtOnder wet:wmo-2015 }"
    )
    assert found == iris(
        "regeling:nvrr-wmo-maatwerkvoorziening",
        "regeling:nvrr-wmo-vervoersmiddelen",
        "regeling:nvrr-wmo-woningaanpassing",
        "regeling:nvrr-wmo-begeleiding",
        "regeling:nvrr-wmo-dagbesteding",
        "regeling:nvrr-wmo-beschermd-wonen",
        "regeling:nvrr-wmo-opvang",
    )


def test_which_wmo_algemene_voorzieningen_does_the_source_name(real_store) -> None:
    """4.6: "Algemene voorzieningen zijn vormen van ondersteuning die in groepsverband worden
    aangeboden ... Het gaat daarbij om zaken als koffieochtenden in een buurthuis, vrijwillige
    begeleiding bij boodschappen en dergelijke." """
    found = column(
        real_store, "SELECT ?r WHERE { ?r a sdo:AlgemeneVoorziening ; sdo:valtOnder wet:wmo-2015 }"
    )
    assert found == iris(
        "regeling:nvrr-wmo-algemene-voorziening",
        "regeling:nvrr-wmo-koffieochtenden-buurthuis",
        "regeling:nvrr-wmo-vrijwillige-begeleiding-boodschappen",
    )


def test_what_are_the_three_main_goals_of_tilburgs_wmo_policy(real_store) -> None:
    """Join goal -> law + gemeente via the study. 4.6: "De Rekenkamer Tilburg stelt drie hoofddoelen
    vast in het Tilburgse Wmo-beleid, namelijk: Het bevorderen van zelfredzaamheid van kwetsbare
    burgers. Het verhogen van de participatie van burgers. Het financieel beheersbaar maken en
    houden van de Wmo." """
    rows = pairs(
        real_store,
        """SELECT ?d ?w WHERE { ?d a sdo:Beleidsdoel ; sdo:beschrevenIn ?s ; sdo:doelVan|sdo:betreftWet ?w .
           ?s sdo:betreftGemeente gemeente:tilburg ; a sdo:Rekenkameronderzoek }""",
    )
    assert len({d for d, _ in rows}) == 3
    assert {w for _, w in rows} == iris("wet:wmo-2015")


def test_what_are_the_kerndoelen_of_nijmegen(real_store) -> None:
    """3.1: "... compacte lijst met acht kerndoelen, waaronder: Zorg en ondersteuning bieden aan die
    personen die het nodig hebben. Iedereen benut de eigen mogelijkheden ... Optimale participatie
    in een inclusieve samenleving. Een verschuiving in de keten van zwaar naar licht: preventie voor
    curatie. Betaalbare zorg en ondersteuning." The text names five of the eight."""
    found = column(
        real_store,
        "SELECT ?d WHERE { ?d a sdo:Beleidsdoel ; sdo:betreftGemeente gemeente:nijmegen ; sdo:doelVan|sdo:betreftWet wet:jeugdwet }",
    )
    assert len(found) == 5


# ---------------------------------------------------------------------------------------------
# Good practices and knelpunten
# ---------------------------------------------------------------------------------------------


def test_which_good_practices_involve_a_care_provider_and_which(real_store) -> None:
    """Join good practice -> organisation (a Zorgaanbieder). VGN 5.2: "Pameijer heeft samen met
    kinderopvang BijDeHand en de Sint Mattheusschool in Rotterdam een integraal kindcentrum
    opgericht" ('Maximaal'); 5.4: "Jongeren aan de slag! Dit is een initiatief van de Lichtenvoorde";
    'Kitchen Impossible': "Vier van de zes deelnemers zijn cliënten van Philadelphia";
    'Vereniging Samen Leven': "Syndion heeft Vereniging Samen Leven opgericht"."""
    rows = pairs(
        real_store,
        """SELECT ?v ?org WHERE { ?v a sdo:GoedVoorbeeld ; sdo:betrokkenOrganisatie ?org . ?org a sdo:Zorgaanbieder }""",
    )
    assert rows == {
        (iri("voorbeeld:vgn-maximaal"), iri("organisatie:pameijer")),
        (iri("voorbeeld:vgn-jongeren-aan-de-slag"), iri("organisatie:de-lichtenvoorde")),
        (iri("voorbeeld:vgn-kitchen-impossible"), iri("organisatie:philadelphia")),
        (iri("voorbeeld:vgn-vereniging-samen-leven"), iri("organisatie:syndion")),
    }


def test_in_which_gemeente_is_the_integraal_kindcentrum_maximaal(real_store) -> None:
    """VGN 5.2: "... de Sint Mattheusschool in Rotterdam een integraal kindcentrum opgericht"."""
    found = column(real_store, "SELECT ?g WHERE { voorbeeld:vgn-maximaal sdo:betreftGemeente ?g }")
    assert found == iris("gemeente:rotterdam")


def test_which_participatiewet_good_practices_involve_the_uwv(real_store) -> None:
    """Join good practice -> law, -> organisation. VGN 5.4: "Zo zijn er leer-/werktrajecten gestart in
    samenwerking met het UWV"."""
    found = column(
        real_store,
        """SELECT ?v WHERE { ?v a sdo:GoedVoorbeeld ; sdo:betreftWet wet:participatiewet ;
           sdo:betrokkenOrganisatie organisatie:uwv }""",
    )
    assert found == iris("voorbeeld:vgn-samenwerking-diverse-partijen")


def test_which_vgn_knelpunten_about_the_participatiewet_concern_beschut_werk(real_store) -> None:
    """Join knelpunt -> scheme -> law. VGN 5.3: "De algemene beleving is dat gemeenten nog niet veel
    aandacht aan beschut werken hebben besteed." and "In de praktijk vindt nog instroom naar de
    sociale werkvoorziening plaats ... Mensen stromen nu onder andere voorwaarden en met behoud van
    uitkering in, het zogenoemde beschut werk." """
    found = column(
        real_store,
        """SELECT DISTINCT ?k WHERE { ?k a sdo:Knelpunt ; sdo:betreftWet wet:participatiewet ; sdo:betreftRegeling ?r ;
           dct:source sectie:vgn-5-3 . ?r sdo:valtOnder wet:participatiewet ; rdfs:label ?l
           FILTER(CONTAINS(LCASE(?l), "beschut")) }""",
    )
    assert found == iris(
        "knelpunt:vgn-pw-weinig-aandacht-beschut-werk", "knelpunt:vgn-pw-instroom-sociale-werkvoorziening"
    )


def test_which_vgn_knelpunten_concern_people_with_an_intellectual_disability_and_which_law(
    real_store,
) -> None:
    """Join knelpunt -> target group, -> law. VGN 2.4 (Wmo): "Er is een gebrek aan kennis over mensen
    met een verstandelijke beperking en hun soms complexe ondersteuningsvraag. De eisen die
    gemeenten stellen passen niet bij deze doelgroep. Ook zien we – ook voor de doelgroep mensen met
    lichamelijke beperkingen - dat tarieven niet passend zijn bij de complexiteit van de vraag." """
    rows = pairs(
        real_store,
        """SELECT ?k ?w WHERE { ?k a sdo:Knelpunt ; sdo:betreftDoelgroep doelgroep:vgn-mensen-met-een-verstandelijke-beperking ;
           sdo:betreftWet ?w }""",
    )
    wmo = iri("wet:wmo-2015")
    assert rows == {
        (iri("knelpunt:vgn-wmo-inkoop-kennis-doelgroepen"), wmo),
        (iri("knelpunt:vgn-wmo-inkoop-eisen-passen-niet-bij-doelgroep"), wmo),
        (iri("knelpunt:vgn-wmo-inkoop-tarieven-niet-passend"), wmo),
    }


def test_which_knelpunten_involve_an_organisation_and_for_which_law(real_store) -> None:
    """Join knelpunt -> organisation, -> law, restricted to a named (non-gemeente) organisation.
    NVRR 3.5: the Stipter knelpunt of the "Aankoopcentrale" (Jeugdwet and Wmo, "De centrumregeling
    heeft betrekking op samenwerking zowel op het terrein van de Jeugdwet als de Wmo"); 3.7: "De
    Vereniging van Nederlandse Gemeenten (VNG) en de staatssecretaris van VWS hebben ... bestuurlijk
    overleg gevoerd over ... tekorten bij gemeenten voor de jeugdhulp en de Wmo 2015"; 2.6: "De
    Vereniging van Nederlandse Gemeenten (VNG) heeft in de tweede helft van 2016 aangegeven dat het
    macrobudget (voorheen BUIG) voor veel gemeenten een tekort oplevert"."""
    rows = pairs(
        real_store,
        """SELECT ?org ?w WHERE { ?k a sdo:Knelpunt ; sdo:betrokkenOrganisatie ?org ; sdo:betreftWet ?w .
           FILTER NOT EXISTS { ?org a sdo:Gemeente } }""",
    )
    jw, wmo = iri("wet:jeugdwet"), iri("wet:wmo-2015")
    assert rows == {
        (iri("organisatie:aankoopcentrale-flevoland"), jw),
        (iri("organisatie:aankoopcentrale-flevoland"), wmo),
        (iri("organisatie:vng"), jw),
        (iri("organisatie:vng"), wmo),
        (iri("organisatie:vng"), iri("wet:participatiewet")),
        (iri("organisatie:ministerie-vws"), jw),
        (iri("organisatie:ministerie-vws"), wmo),
    }


# ---------------------------------------------------------------------------------------------
# VGN monitor
# ---------------------------------------------------------------------------------------------


def test_who_carried_out_the_vgn_monitor_and_for_whom(real_store) -> None:
    """VGN Inleiding: "Daarom laat de VGN door BMC Onderzoek een monitor uitvoeren"."""
    rows = pairs(
        real_store,
        "SELECT ?a ?o WHERE { publicatie:vgn-monitor-transities-7 sdo:auteur ?a ; sdo:opdrachtgever ?o }",
    )
    assert rows == {(iri("organisatie:bmc-onderzoek"), iri("organisatie:vgn"))}


def test_which_laws_does_the_vgn_questionnaire_cover(real_store) -> None:
    """VGN Inleiding: "De vragenlijst is gericht op de Wmo 2015, de Jeugdwet en de Participatiewet." """
    found = column(real_store, "SELECT ?w WHERE { publicatie:vgn-monitor-transities-7 sdo:betreftWet ?w }")
    assert found == iris("wet:wmo-2015", "wet:jeugdwet", "wet:participatiewet")


def test_how_was_the_vgn_survey_set_up(real_store) -> None:
    """Figures of the survey design. VGN Inleiding: "Deze zevende meting bestaat uit een online
    vragenlijst onder alle 165 leden van de VGN. De vragenlijst bestaat uit 27 vragen."; 1.1:
    "39% van de organisaties heeft de vragenlijst ingevuld."; 1.2: "Zes organisaties hebben deze
    vraag niet ingevuld." """
    rows = select(
        real_store,
        """SELECT ?v ?e WHERE { ?o a sdo:Kengetal ; sdo:waarde ?v ; sdo:eenheid ?e ; sdo:citaat ?q ;
           dct:source ?sec . ?sec dct:isPartOf* publicatie:vgn-monitor-transities-7
           FILTER(?sec IN (sectie:vgn-inleiding, sectie:vgn-1-1, sectie:vgn-1-2))
           FILTER(CONTAINS(?q, "leden") || CONTAINS(?q, "vragen") || CONTAINS(?q, "ingevuld")) }""",
    )
    found = {(float(r["v"]), r["e"]) for r in rows}
    assert found == {
        (165.0, iri("eenheid:organisaties")),
        (27.0, iri("eenheid:aantal")),
        (39.0, iri("eenheid:procent")),
        (6.0, iri("eenheid:organisaties")),
    }


def test_which_data_exchange_standards_serve_which_law(real_store) -> None:
    """VGN 3.3: "meer dan de helft van de respondenten geeft aan dat in het merendeel van de
    gemeenten gebruik wordt gemaakt van de iWmo. Het gebruik van de iJw blijft vergeleken met de
    Wmo achter" (and 'Conclusies': "Het gebruik van de iWmo en iJw neemt toe")."""
    rows = pairs(real_store, "SELECT ?s ?w WHERE { ?s a sdo:Standaard ; sdo:betreftWet ?w }")
    assert rows == {(iri("standaard:iwmo"), iri("wet:wmo-2015")), (iri("standaard:ijw"), iri("wet:jeugdwet"))}


def test_which_findings_about_standards_did_the_vgn_monitor_report(real_store) -> None:
    """Join finding -> standard -> law. VGN 3.3: "Het gebruik van de iJw blijft vergeleken met de Wmo
    achter" -- the only finding about the iJw alone."""
    found = column(
        real_store,
        """SELECT ?b WHERE { ?b sdo:bevindingVan publicatie:vgn-monitor-transities-7 ; sdo:betreft ?s .
           ?s a sdo:Standaard ; sdo:betreftWet wet:jeugdwet
           FILTER NOT EXISTS { ?b sdo:betreft ?other . ?other a sdo:Standaard FILTER(?other != ?s) } }""",
    )
    assert found == iris("bevinding:vgn-3-3-gebruik-ijw-blijft-achter")


def test_how_many_quality_requirements_does_the_jeugdwet_set_for_providers(real_store) -> None:
    """VGN 3.1: "De volgende onderwerpen staan in de Jeugdwet: Aanbieders: ..." -- sixteen bullets,
    from "bieden verantwoorde hulp" to "voldoen aan de voorwaarden voor gesloten jeugdhulp en
    toepassing dwang"."""
    found = column(
        real_store,
        "SELECT ?e WHERE { ?e a sdo:Kwaliteitseis ; sdo:vereistDoor wet:jeugdwet ; dct:source sectie:vgn-3-1 }",
    )
    assert len(found) == 16


def test_how_many_quality_requirements_does_the_wmo_set_for_providers(real_store) -> None:
    """VGN 3.2: "De volgende onderwerpen staan in de Wmo. Aanbieders: bieden voorzieningen van goede
    kwaliteit. werken volgens de meldcode ... bewaken, beheersen en verbeteren de kwaliteit
    systematisch. werken volgens de meldplicht calamiteiten. beschikken over een regeling voor
    klachtenafhandeling." -- five."""
    found = column(
        real_store,
        "SELECT ?e WHERE { ?e a sdo:Kwaliteitseis ; sdo:vereistDoor wet:wmo-2015 ; dct:source sectie:vgn-3-2 }",
    )
    assert len(found) == 5


def test_which_additional_requirements_do_gemeenten_set_for_both_laws(real_store) -> None:
    """Join requirement -> law, compared across laws by label. VGN 3.1: "Social Return On
    Investment (SROI) wordt door meerdere aanbieders genoemd als aanvullende eis van de gemeente";
    3.2: "Hetzelfde geldt voor de SROI." -- SROI is the additional requirement named for both."""
    found = column(
        real_store,
        """SELECT DISTINCT ?key WHERE {
          ?a a sdo:Kwaliteitseis ; sdo:betreftWet wet:jeugdwet ; rdfs:label ?la ; dct:source sectie:vgn-3-1 .
          ?b a sdo:Kwaliteitseis ; sdo:betreftWet wet:wmo-2015 ; rdfs:label ?lb ; dct:source sectie:vgn-3-2 .
          FILTER NOT EXISTS { ?a sdo:vereistDoor ?x } FILTER NOT EXISTS { ?b sdo:vereistDoor ?y }
          BIND(LCASE(STRAFTER(STR(?la), ": ")) AS ?key)
          FILTER(lang(?la) = "nl" && lang(?lb) = "nl" && ?key = LCASE(STRAFTER(STR(?lb), ": "))) }""",
    )
    assert found == {"social return on investment (sroi)"}


def test_what_did_the_vgn_conclude_about_cost_covering_tariffs(real_store) -> None:
    """VGN 'Conclusies': "In 43% van de gemeenten zijn volgens de aanbieders de tarieven niet
    kostendekkend. Dit percentage is vooral zo hoog doordat 100% van de kleine aanbieders aangeeft
    geen kostendekkende tarieven te krijgen." """
    quotes = column(
        real_store,
        """SELECT ?q WHERE { ?b sdo:bevindingVan publicatie:vgn-monitor-transities-7 ;
           dct:source sectie:vgn-conclusies ; sdo:citaat ?q }""",
    )
    phrases = {"In 43% van de gemeenten zijn volgens de aanbieders de tarieven niet", "100% van de kleine"}
    assert phrases_found(quotes, phrases) == phrases


def test_what_share_of_turnover_falls_under_the_wlz(real_store) -> None:
    """Join finding -> law. VGN 1.4: "Uit onderstaande tabel blijkt dat bij alle deelnemende
    instellingen het merendeel (75%) van hun jaaromzet onder de Wlz valt." """
    quotes = column(
        real_store,
        """SELECT ?q WHERE { ?b sdo:bevindingVan publicatie:vgn-monitor-transities-7 ; sdo:betreftWet wet:wlz ;
           dct:source sectie:vgn-1-4 ; sdo:citaat ?q }""",
    )
    assert phrases_found(quotes, {"het merendeel (75%) van hun jaaromzet onder de Wlz valt"}) == {
        "het merendeel (75%) van hun jaaromzet onder de Wlz valt"
    }


def test_which_funding_models_do_gemeenten_use(real_store) -> None:
    """VGN 2.5, Tabel 8: "Inspanningsgericht (p*q, incl. LTA))", "Outputgericht (resultaatgericht)",
    "Taakgericht (populatiebekostiging, lumpsum)" -- three models, each the subject of a finding."""
    found = column(
        real_store,
        """SELECT DISTINCT ?m WHERE { ?b sdo:bevindingVan publicatie:vgn-monitor-transities-7 ;
           dct:source sectie:vgn-2-5 ; sdo:betreft ?m . ?m skos:inScheme begrippen:bekostigingsmodellen }""",
    )
    assert len(found) == 3


# ---------------------------------------------------------------------------------------------
# Competency questions (ontology/competency-questions/cq*.rq), answers from the text
# ---------------------------------------------------------------------------------------------

AWBZ, WMO07, WSW, WAJONG, WWB, ZVW = (
    "Algemene Wet Bijzondere Ziektekosten",
    "Wet maatschappelijke ondersteuning (2007)",
    "Wet sociale werkvoorziening",
    "Wet werk en arbeidsondersteuning jonggehandicapten",
    "Wet werk en bijstand",
    "Zorgverzekeringswet",
)
PW, JW, WMO, WLZ = (
    "Participatiewet",
    "Jeugdwet",
    "Wet maatschappelijke ondersteuning 2015",
    "Wet langdurige zorg",
)
BANEN = "Banenafspraak: 125.000 extra banen voor mensen met een arbeidsbeperking"
ARBEIDSVERPLICHTINGEN = "Geüniformeerde arbeidsverplichtingen"
P = "publicatie:"
_EISEN = "Zijn er gemeenten of regionale samenwerkingen van gemeenten die, naast bovenstaande eisen, aanvullende eisen"
TABEL_11 = f"Tabel 11 {_EISEN} stellen aan de kwaliteit van de jeugdhulp?"
TABEL_12 = f"Tabel 12 {_EISEN} stellen aan de kwaliteit van de Wmo?"

#: file name -> (the column or columns the answer is projected on, the answer the text gives).
#: One column gives a set of values, several columns a set of tuples; compared by set equality.
CQ_EXPECTED: dict[str, tuple[str | tuple[str, ...], set]] = {
    # Studies per law: the fifteen studies by rekenkamers the NVRR text discusses, each about a
    # law (see test_which_rekenkameronderzoeken_the_source_discusses for the words of 2.1, 3.1,
    # 3.2/3.7, 3.5, 3.6, 3.7, 4.1, 4.6 and Bijlage I.2).
    "cq01.rq": ("onderzoek", STUDIES),
    # Findings per study with the section they are in: 2.1 (Utrecht "Werken naar Vermogen", RKC
    # Schiedam-Vlaardingen "het in deze fase nog niet mogelijk is om op eenduidige wijze de gevolgen
    # ...", Delft "Er geen doelen/resultaten zijn geformuleerd voor de experimenteerjaren"); 2.3
    # "Rekenkamer Utrecht heeft de uitbreiding van verantwoordelijkheden van gemeenten als volgt
    # geïllustreerd"; 2.5 (Utrecht) "De huidige samenwerking vloeit voort uit de Wet banenafspraak";
    # 3.1 GRN "Behalve dat de kerndoelen te algemeen geformuleerd zijn"; 3.5 "De Rekenkamer
    # Maastricht (oktober 2015) heeft de uiteenlopende opties als volgt in beeld gebracht"; 3.6
    # Amersfoort "ontbreken SMART geformuleerde doelstellingen"; 3.7 "De Algemene Rekenkamer geeft
    # aan dat in het onderzoek wel de beschikbare budgetten zijn onderzocht, maar niet de
    # uitvoeringskosten" and "De rekenkamers signaleren dat de vier grote steden momenteel fors
    # investeren"; 4.1 "De Rekenkamer Utrecht concludeert dat de gemeente vorderingen maakt" and
    # (Haarlemmermeer) "De zorgaanbieders worden vooralsnog vooral op prijs aangestuurd"; 4.6 (Den
    # Haag 2015 and 2017, Tilburg, Utrecht 'Hulp bij maatwerk'); Bijlage I.2 (Rekenkamer Metropool
    # Amsterdam) "Deze decentralisatie kan leiden tot een grote vereenvoudiging".
    "cq02.rq": (
        ("onderzoek", "sectienummer"),
        {
            (iri(P + "rekenkamer-utrecht-2017-werken-naar-vermogen"), "2.1"),
            (iri(P + "rekenkamer-utrecht-2017-werken-naar-vermogen"), "2.3"),
            (iri(P + "rekenkamer-utrecht-2017-werken-naar-vermogen"), "2.5"),
            (iri(P + "rkc-schiedam-vlaardingen-2016-aan-de-slag"), "2.1"),
            (iri(P + "delftse-rekenkamer-2016-jong-aan-de-slag"), "2.1"),
            (iri(P + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg"), "3.1"),
            (iri(P + "rekenkamer-maastricht-2015-samenwerking-jeugdwet"), "3.5"),
            (iri(P + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein"), "3.6"),
            (iri(P + "algemene-rekenkamer-macrobudgetten-jeugdwet"), "3.7"),
            (iri(P + "g4-rekenkamers-onderzoeken-jeugdwet"), "3.7"),
            (iri(P + "rekenkamer-utrecht-2016-meten-is-weten"), "4.1"),
            (iri(P + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein"), "4.1"),
            (iri(P + "rekenkamer-den-haag-2015-op-eigen-kracht"), "4.6"),
            (iri(P + "rekenkamer-den-haag-2017-over-de-drempel"), "4.6"),
            (iri(P + "rekenkamer-tilburg-2017-zorgen-om-resultaten"), "4.6"),
            (iri(P + "rekenkamer-utrecht-2016-hulp-bij-maatwerk"), "4.6"),
            (iri(P + "rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg"), "I.2"),
        },
    ),
    # Recommendations: 1.1 "Beleidsmatig en organisatorisch is er veel voor te zeggen de drie
    # decentralisaties in samenhang te bezien"; 2.1 "Het is daarom raadzaam het aantal beleidsdoelen
    # te beperken" and (RKC Schiedam-Vlaardingen) "de gemeenteraden voor werk en re-integratie
    # duidelijke doelen moeten formuleren"; 2.4 "In het algemeen moeten gemeenten inzicht
    # ontwikkelen in de effectiviteit van voor re-integratie in te zetten instrumenten"; 3.1 (GRN)
    # "Stel een set van kerndoelen vast.", "Stel per kerndoel een aantal beleidsvragen ter nadere
    # concretisering.", "Bepaal welke indicatoren antwoord geven op deze beleidsvragen.", "Maak
    # heldere afspraken over de doorontwikkeling van de gewenste monitoring.", "Wijdt
    # werkbijeenkomsten van college en raad aan het uitwerken van 1 t/m 3.", "Organiseer een
    # planmatige en systematische behandeling van (de Wmo en) Jeugdhulp."; the Transitiecommissie
    # Sociaal Domein "pleit zij voor een nationaal programma Sociaal Domein" and "een lerende
    # omgeving met peer reviews en goede voorbeelden".
    "cq03.rq": (
        "aanbeveling",
        iris(
            "aanbeveling:nvrr-1-1-decentralisaties-in-samenhang",
            "aanbeveling:nvrr-2-1-aantal-beleidsdoelen-beperken",
            "aanbeveling:nvrr-2-1-rkc-sv-doelen-formuleren",
            "aanbeveling:nvrr-2-4-inzicht-effectiviteit-instrumenten",
            "aanbeveling:nvrr-3-1-grn-set-kerndoelen",
            "aanbeveling:nvrr-3-1-grn-beleidsvragen-per-kerndoel",
            "aanbeveling:nvrr-3-1-grn-indicatoren-bij-beleidsvragen",
            "aanbeveling:nvrr-3-1-grn-afspraken-monitoring",
            "aanbeveling:nvrr-3-1-grn-werkbijeenkomsten",
            "aanbeveling:nvrr-3-1-grn-planmatige-behandeling",
            "aanbeveling:tsd-2016-nationaal-programma",
            "aanbeveling:tsd-2016-lerende-omgeving",
        ),
    ),
    # Laws with policy goals: Participatiewet (2.2, Bijlage I.1 "Het kerndoel van de
    # Participatiewet"), Wet banenafspraak (2.1/2.5 "125.000 extra banen"), Jeugdwet (3.1 Nijmegen
    # kerndoelen, 3.2 "De doelen van de Jeugdwet"), the 'huidige' Wmo (4.2: its nine
    # "prestatievelden") and the Wmo 2015 (4.2 the three themes, Bijlage I.3 "Uitgangspunt").
    "cq04.rq": ("wet", {PW, "Wet banenafspraak en quotum arbeidsbeperkten", JW, WMO07, WMO}),
    # Target groups per law, restricted to the answer 'which schemes serve a group': see
    # test_which_regelingen_serve_bijstandsgerechtigden_and_under_which_law (2.3, 2.4, I.1 item 4:
    # "Loonkostensubsidie kan ingezet worden voor mensen die bijstand ontvangen en ook voor
    # niet-uitkeringsgerechtigden"); the laws under which target groups fall: 2.3 (Participatiewet,
    # Wsw-indicatie "Zittende Wsw-medewerkers", Wajong "alleen nog toegankelijk voor jonggehandicapten
    # die volledig en duurzaam arbeidsongeschikt zijn", banenafspraak), 3.3 (Jeugdwet, "Jeugdigen
    # onder de 18 jaar"), 3.4 (Passend onderwijs "Leerlingen met een extra hulpvraag"), 4.3 (Wmo
    # 2015), Bijlage I.3 (Wlz: "blijvend behoefte hebben aan 24 uur per dag zorg").
    "cq05.rq": (
        "wet",
        {
            PW,
            JW,
            WMO,
            WLZ,
            WSW,
            "Wet banenafspraak en quotum arbeidsbeperkten",
            "Wet passend onderwijs",
            "Wet werk en arbeidsondersteuning jonggehandicapten",
        },
    ),
    # Bijlage I.3: "De AWBZ wordt opgesplitst in de nieuwe Wet langdurige zorg (Wlz), de Jeugdwet,
    # de Zorgverzekeringswet (Zvw) en de Wet maatschappelijke ondersteuning 2015 (Wmo 2015)."; 1.1:
    # "Verder is de oude AWBZ doorontwikkeld naar de Wet langdurige zorg (Wlz)."; Bijlage I.3
    # "Veranderingen Wmo 2015 ten opzichte van huidige Wmo"; 1.1 "De Participatiewet bundelt drie
    # bestaande regelingen over werk en inkomen. De wet werk en bijstand (WWB), de wet sociale
    # werkvoorziening (Wsw) en een deel van de Wajong."; Bijlage I.2 "Jeugd-GGZ (nu voor 90 procent
    # op basis van Zvw, voor het overige op basis van AWBZ)" (a part of the Zvw, into the Jeugdwet).
    "cq06.rq": (
        ("oud", "relatie", "nieuw"),
        {
            (AWBZ, "splitst in", WLZ),
            (AWBZ, "splitst in", JW),
            (AWBZ, "splitst in", ZVW),
            (AWBZ, "splitst in", WMO),
            (AWBZ, "vervangen door", WLZ),
            (WMO07, "vervangen door", WMO),
            (WWB, "opgenomen in", PW),
            (WSW, "opgenomen in", PW),
            (WAJONG, "opgenomen in", PW),
            (ZVW, "opgenomen in", JW),
        },
    ),
    # Laws touched by the changes of 1 January 2015: 1.1 ("De Participatiewet bundelt ... WWB ...
    # Wsw ... Wajong"; "afstemming met het onderwijs over het Passend Onderwijs"; "overgegaan naar de
    # Wet langdurige zorg (Wlz)"; "ondergebracht in de Zorgverzekeringswet (Zvw)"); 2.3 "Alle
    # WWB-ers vallen sinds 1 januari 2015 in principe onder de Participatiewet"; Bijlage I.1 "De
    # toegang tot de Wet sociale werkvoorziening (Wsw) is per 1 januari 2015 gesloten", "De Wet werk
    # en arbeidsondersteuning jonggehandicapten (Wajong) is vanaf 1 januari 2015 alleen nog
    # toegankelijk ..."; I.2 "Vanaf 1 januari 2015 zijn gemeenten verantwoordelijk voor alle zorg voor
    # minderjarigen"; I.3 "De Algemene Wet Bijzondere Ziektekosten (AWBZ) verdwijnt per 1 januari
    # 2015", "De huidige compensatieplicht van gemeenten omvat ook het kunnen doen van hun huishouden
    # door cliënten. Dit komt te vervallen." (the 'huidige' Wmo against the Wmo 2015).
    "cq07.rq": (
        "wet",
        {AWBZ, JW, PW, WLZ, WMO07, WMO, "Wet passend onderwijs", WSW, WAJONG, WWB, ZVW},
    ),
    # Laws of the choices gemeenten must make: 2.4 (Participatiewet, "SW-bedrijf" and Wsw), 3.4/3.5
    # (Jeugdwet; 3.5 "centrumgemeenteregeling op grond van de Wgr"), 3.4 "Organisatie van de
    # samenwerking met zorgverzekeraars" (Zvw), 4.4/4.5 (Wmo 2015).
    "cq08.rq": (
        "wet",
        {JW, PW, "Wet gemeenschappelijke regelingen", WMO, WSW, ZVW},
    ),
    # Cooperations: 2.1 "het nieuwe integrale participatiebedrijf Stroomopwaarts" (Schiedam,
    # Vlaardingen, Maassluis); 2.2/Bijlage I.1 "in elk van de 35 arbeidsmarktregio's in Nederland een
    # Regionaal Werkbedrijf"; 3.4 "samenwerkingsverbanden Passend Onderwijs"; 3.5 (Friesland,
    # Zuid-Limburg, "Centrumregeling Sociaal Domein Flevoland", Zuid-Holland Zuid "Serviceorganisatie
    # Jeugd" and "Stichting Jeugdteams"); 3.6 (Amersfoort wijkteams), 3.6 (Amsterdam "Ouder- en
    # Kindteams"); 4.5 (centrumgemeenten beschermd wonen); 4.6 ("sociale wijkzorgteams" Den Haag).
    "cq09.rq": (
        "verband",
        {
            "Centrumgemeenten beschermd wonen (algemeen)",
            "Centrumgemeenteregeling jeugd Friesland",
            "Centrumgemeenteregeling jeugd Zuid-Limburg",
            "Centrumregeling Sociaal Domein Flevoland",
            "Ouder- en Kindteams Amsterdam",
            "Regionale Werkbedrijven (35 arbeidsmarktregio's)",
            "Regionale samenwerkingsverbanden Passend Onderwijs",
            "Samenwerking jeugdhulp Zuid-Holland Zuid (Serviceorganisatie Jeugd Zuid-Holland Zuid)",
            "Sociale wijkzorgteams (SWT’s) Den Haag",
            "Stichting Jeugdteams Zuid-Holland Zuid",
            "Stroomopwaarts",
            "Wijkteams Amersfoort",
        },
    ),
    # The VGN sections naming knelpunten: 2.4 (inkoop Wmo and jeugdhulp, "De eisen die gemeenten
    # stellen passen niet bij deze doelgroep"), 4.1 (regionale samenwerking, "bovenregionale
    # voorzieningen"), 5.1 (zorg en onderwijs), 5.3 (Participatiewet, "De algemene beleving is dat
    # gemeenten nog niet veel aandacht aan beschut werken hebben besteed").
    "cq10.rq": (
        "sectie",
        iris("sectie:vgn-2-4", "sectie:vgn-4-1", "sectie:vgn-5-1", "sectie:vgn-5-3"),
    ),
    # Good practices: NVRR 2.1 (Utrecht, indicators "als inspiratie"), 3.1 (GRN kerndoelen
    # "interessant voor andere rekenkamers"), 3.6 (Amsterdam factsheet); VGN 5.2 ("Maximaal",
    # "Korte lijnen met de school", "onderwijsketen", "één-op-één klas", "Uitwisseling van
    # personeel", "stages") and 5.4 ("Jongeren aan de slag!", "Kitchen Impossible", "Vereniging Samen
    # Leven", "Participatiebedrijf", "leer-/werkbedrijven", "leer-/werktrajecten in samenwerking met
    # het UWV", "op basis van een beschikking").
    "cq11.rq": (
        "voorbeeld",
        iris(
            "voorbeeld:nvrr-2-1-utrecht-specifieke-indicatoren",
            "voorbeeld:nvrr-3-1-grn-uitwerking-kerndoelen-naar-beleidsvragen",
            "voorbeeld:nvrr-3-6-amsterdam-factsheet",
            "voorbeeld:vgn-dagbesteding-in-de-vorm-van-stages",
            "voorbeeld:vgn-een-op-een-klas",
            "voorbeeld:vgn-jongeren-aan-de-slag",
            "voorbeeld:vgn-kitchen-impossible",
            "voorbeeld:vgn-korte-lijnen-met-de-school",
            "voorbeeld:vgn-leer-werkbedrijven",
            "voorbeeld:vgn-leer-werktrajecten-op-basis-van-beschikking",
            "voorbeeld:vgn-maximaal",
            "voorbeeld:vgn-onderwijsketen",
            "voorbeeld:vgn-participatiebedrijf",
            "voorbeeld:vgn-samenwerking-diverse-partijen",
            "voorbeeld:vgn-uitwisseling-van-personeel",
            "voorbeeld:vgn-vereniging-samen-leven",
        ),
    ),
    # Financial risks: NVRR 2.6 "Het grote belang van de Wsw binnen het Participatiebudget houdt
    # grote risico's in"; 3.4 "de financieringssystematiek zo wordt ingericht dat 'afschuiven' naar
    # specialistische zorg niet lonend is"; 3.7 "Dit kan tot gevolg hebben dat tijdelijk een toename
    # van de zorgvraag optreedt" and "Hier ligt een groot risico. Door de decentralisatie kunnen in
    # de uitvoering schaalnadelen ontstaan"; 4.6 "cliënten onnodig naar te specialistische en
    # daardoor vaak duurdere zorg worden toegeleid"; 4.7 "de gemeenten zijn op dit moment nog niet
    # volledig en definitief te voorspellen"; Bijlage I.1 "dragen uiteindelijk het financiële
    # risico"; VGN 2.4 "Het risico bestaat dat hierdoor wachtlijsten ontstaan"; 4.2 "te veel op
    # beschermd wonen te bezuinigen".
    "cq12.rq": (
        "risico",
        iris(
            "risico:nvrr-2-6-wsw-tekorten-ten-koste-van-re-integratie",
            "risico:nvrr-3-4-afschuiven-naar-specialistische-zorg",
            "risico:nvrr-3-7-boeggolfeffect",
            "risico:nvrr-3-7-schaalnadelen-uitvoeringskosten",
            "risico:nvrr-4-6-onnodig-specialistische-zorg",
            "risico:nvrr-4-7-financiele-gevolgen-onvoorspelbaar",
            "risico:nvrr-b1-1-financieel-risico-werkbedrijf-bij-gemeenten",
            "risico:vgn-bezuinigen-beschermd-wonen",
            "risico:vgn-wachtlijsten-jeugdhulp",
        ),
    ),
    # Norms: 2.5 "125.000 extra banen voor deze doelgroep met als verdeling 100.000 extra banen in
    # de marktsector en 25.000 extra banen bij de overheid"; Bijlage I.1 "De Participatiewet gaat
    # ervan uit dat er op de langere termijn 30.000 beschutte werkplekken gecreëerd worden";
    # 2.3 "per dag maximaal 3 uur reizen voor werk"; 2.3/I.1 the uitkering can be lowered by 100
    # procent for 1, 2 or 3 months; I.1 "bedraagt maximaal 70 procent van het WML"; "wordt de
    # Wajong-uitkering aangepast van 75 procent naar 70 procent van het wettelijk minimumloon (WML)";
    # "alle werkgevers met 25 of meer werknemers".
    "cq13.rq": (
        ("regeling", "waarde"),
        {
            (BANEN, "125000"),
            (BANEN, "100000"),
            (BANEN, "25000"),
            ("Beschut werk ('nieuw beschut')", "30000"),
            (ARBEIDSVERPLICHTINGEN, "3"),
            (ARBEIDSVERPLICHTINGEN, "100"),
            ("Loonkostensubsidie (LKS)", "70"),
            ("Wajong-uitkering", "70"),
            ("Wettelijk quotum arbeidsbeperkten", "25"),
        },
    ),
    # Who requires the quality requirements: VGN 3.1 "De volgende onderwerpen staan in de
    # Jeugdwet"; 3.2 "De volgende onderwerpen staan in de Wmo"; NVRR 2.2/Bijlage I.1 (Participatiewet:
    # Regionaal Werkbedrijf per arbeidsmarktregio, marktbewerkingsplan); Bijlage I.3 "melding en
    # aanvraag" under the Algemene wet bestuursrecht; the additional requirements of gemeenten
    # (VGN 3.1 "aanvullende eis van de gemeente", 3.2 "Hetzelfde geldt voor de SROI") have no law
    # that requires them (None).
    "cq14.rq": ("vereistDoor", {"Algemene wet bestuursrecht", JW, PW, WMO, None}),
    # VGN 1.4, Tabel 4 'Omzetverhouding naar domein': "% jaaromzet naar Wmo 35% 8% 11% 5% 14%",
    # "% jaaromzet naar Jeugdwet 6% 21% 5% 4% 8%", "% jaaromzet naar Zvw 12% 7% 2% 1% 5%",
    # "% jaaromzet naar Wlz 52% 72% 82% 90% 75%" for "< 10 mln. 10 - 40 mln. 40 - 100 mln.
    # > 100 mln. gemiddeld".
    "cq15.rq": (
        ("omzetcategorie", "domein", "waarde"),
        {
            (cat, domein, str(v))
            for domein, values in {
                WMO: (35, 8, 11, 5, 14),
                JW: (6, 21, 5, 4, 8),
                ZVW: (12, 7, 2, 1, 5),
                WLZ: (52, 72, 82, 90, 75),
            }.items()
            for cat, v in zip(
                ("< 10 mln.", "10 - 40 mln.", "40 - 100 mln.", "> 100 mln.", "gemiddeld"), values, strict=True
            )
        },
    ),
    # VGN 1.2, Tabel 1 'Jaarlijkse omzet in miljoen euro's', % meting 1 to 7: "< 10 mln. 28% 20% 16%
    # 16% 19% 25% 20%", "10 - 40 mln. 24% 24% 16% 25% 23% 18% 21%", "40 - 100 mln. 29% 35% 42% 34% 39%
    # 25% 29%", "> 100 mln. 18% 21% 23% 25% 19% 31% 20%", "Totaal 100% 100% 100% 100% 100% 100% 100%".
    "cq16.rq": (
        ("omzetcategorie", "meting", "waarde"),
        {
            (cat, str(m), str(v))
            for cat, values in {
                "< 10 mln.": (28, 20, 16, 16, 19, 25, 20),
                "10 - 40 mln.": (24, 24, 16, 25, 23, 18, 21),
                "40 - 100 mln.": (29, 35, 42, 34, 39, 25, 29),
                "> 100 mln.": (18, 21, 23, 25, 19, 31, 20),
                "Totaal": (100,) * 7,
            }.items()
            for m, v in enumerate(values, start=1)
        },
    ),
    # Tables with a caption: VGN "Tabel 1 Jaarlijkse omzet in miljoen euro's" ... "Tabel 13
    # Gebruikmaking van iWmo en iJw" (Tabel 1-13); NVRR 2.6 "Ontwikkeling macrobudget
    # Participatiewet, x € 1 mln" and "Stand IUSD-budget Participatiewet meicirculaire 2017";
    # 3.7 "Samenloop jeugdhulp, jeugdbescherming en jeugdreclassering"; the remaining data sets are
    # figures from the running text and have no caption (None).
    "cq17.rq": (
        "tabel",
        {
            None,
            "Ontwikkeling macrobudget Participatiewet, x € 1 mln",
            "Stand IUSD-budget Participatiewet meicirculaire 2017 x € 1 mln",
            "Samenloop jeugdhulp, jeugdbescherming en jeugdreclassering, cliënten heel 2016",
            "Tabel 1 Jaarlijkse omzet in miljoen euro’s",
            "Tabel 2 Ledenbestand VGN",
            "Tabel 3 Verdeling doelgroepen/cliënten deelnemende organisaties",
            "Tabel 4 Omzetverhouding naar domein",
            "Tabel 5 Aantal gemeenten waarin aanbieders actief zijn in 2016",
            "Tabel 6 Getekende contracten en tarieven voor 2017",
            "Tabel 7 Omgaan met niet-kostendekkende tarieven in het sociaal domein (meerdere antwoorden mogelijk)",
            "Tabel 8 Door gemeenten gehanteerde bekostigingsmodellen in 2017 en 2018 (verwacht)",
            "Tabel 9 Gewijzigde afspraken over de financiële verantwoording in 2017",
            "Tabel 10 Verwachte omzetontwikkeling in het sociaal domein de komende jaren",
            TABEL_11,
            TABEL_12,
            "Tabel 13 Gebruikmaking van iWmo en iJw",
        },
    ),
    # Totals that differ from the sum of their rounded parts. NVRR 2.6 'Stand IUSD-budget', 2021:
    # "Re-integratie ... 699,724" (513,772 + 185,953 = 699,725) and "Totaal ... 2.267,132"
    # (1.567,407 + 699,724 = 2.267,131); 'Ontwikkeling macrobudget Participatiewet': 2016
    # "Macrobudget Participatiewet ... 5.692" (5.336 + 326 + 29 = 5.691), 2020 "6.329" (5.932 + 361
    # + 35 = 6.328), "Totaal 5.624 5.777 5.898 6.100 6.225 6.307 6.369" for 2019 (6.246 - 22 = 6.224)
    # and 2021 (6.390 - 22 = 6.368). VGN Tabel 1 "Totaal 100%" for meting 1 (28 + 24 + 29 + 18 = 99)
    # and meting 6 (25 + 18 + 25 + 31 = 99); Tabel 11 "38%", "20%", "43%", "Totaal 100%" (101).
    # (Meting 3, 97, and meting 7, 90, differ by more than four rounded parts can explain.)
    "cq18.rq": (
        "obs",
        iris(
            "obs:nvrr-iusd-participatiewet-11",
            "obs:nvrr-iusd-participatiewet-41",
            "obs:nvrr-macrobudget-participatiewet-23",
            "obs:nvrr-macrobudget-participatiewet-27",
            "obs:nvrr-macrobudget-participatiewet-39",
            "obs:nvrr-macrobudget-participatiewet-41",
            "obs:vgn-tabel-1-33",
            "obs:vgn-tabel-1-38",
            "obs:vgn-tabel-11-4",
        ),
    ),
    # Research questions of Jeugdwet studies: 3.1 (GRN) "Welke doelen heeft de gemeenteraad
    # geformuleerd op het gebied van (de nieuwe Wmo en) Jeugdhulp?", "Hoe meet de gemeente of deze
    # doelen worden gerealiseerd?", "In hoeverre is al informatie voor de raad beschikbaar of op
    # welke termijn kom deze beschikbaar?", "Hoe is de raad omgegaan met de verantwoordingsinformatie
    # die hij tot nu toe heeft ontvangen?"; 3.6 (Amersfoort) "wat de doelen waren bij de
    # decentralisaties in het sociaal domein", "wat nu als sterke en minder sterke punten worden
    # ervaren", "welke kansen en risico's er zijn"; 4.1 (Utrecht) "In hoeverre sluit de aan de raad
    # gestuurde informatie aan bij de behoefte van de raad?". No normenkader is given.
    "cq19.rq": (
        "onderzoek",
        iris(
            P + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg",
            P + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein",
            P + "rekenkamer-utrecht-2016-meten-is-weten",
        ),
    ),
    # VGN 3.3: "meer dan de helft van de respondenten geeft aan dat in het merendeel van de
    # gemeenten gebruik wordt gemaakt van de iWmo. Het gebruik van de iJw blijft vergeleken met de
    # Wmo achter"; the use of the standards grows and fewer gemeenten use none (3.3, Tabel 13);
    # 'Conclusies': "Het gebruik van de iWmo en iJw neemt toe".
    "cq20.rq": (
        "bewering",
        iris(
            "bevinding:vgn-3-3-gebruik-ijw-blijft-achter",
            "bevinding:vgn-3-3-gebruik-iwmo",
            "bevinding:vgn-3-3-gebruik-standaarden-neemt-toe",
            "bevinding:vgn-3-3-minder-gemeenten-zonder-standaarden",
            "bevinding:vgn-conclusie-iwmo-ijw",
        ),
    ),
    # NVRR 3.5: "Artikel 2.4 van de Jeugdwet geeft aan dat “gemeenten voor de uitvoering van deze
    # leveringsplicht bovenlokaal samenwerken”, waarbij het dan gaat om Jeugdbescherming/
    # Jeugdreclassering." and "In artikel 2.5 is bepaald dat “van gemeenten ook wordt verwacht dat zij
    # de krachten op dit vlak op bovenlokaal niveau bundelen…” met betrekking tot de inrichting van het
    # Advies- en Meldpunt Huiselijk Geweld en Kindermishandeling (AMHK)", both under "Voor enkele taken
    # is specifiek aangegeven dat samenwerking van gemeenten gewenst is"; Bijlage I.3: "In plaats
    # daarvan is in artikel 2.3.1 van de Wmo 2015 de maatwerkvoorziening geïntroduceerd." The BWB ids
    # (Jeugdwet BWBR0034925, Wmo 2015 BWBR0035362) are the verified ones of the reference notes.
    "cq21.rq": (
        ("label", "juriconnect", "pagina", "verbonden"),
        {
            (label, jci, "https://wetten.overheid.nl/" + jci, iri(tied))
            for label, jci, tied_to in (
                (
                    "Jeugdwet artikel 2.4",
                    "jci1.3:c:BWBR0034925&artikel=2.4",
                    (
                        "eis:nvrr-3-5-artikel-2-4-bovenlokaal-jb-jr",
                        "keuze:nvrr-3-5-samenwerking-niet-verplicht-wel-wenselijk",
                        "regeling:nvrr-b1-2-jeugdbescherming",
                        "regeling:nvrr-b1-2-jeugdreclassering",
                    ),
                ),
                (
                    "Jeugdwet artikel 2.5",
                    "jci1.3:c:BWBR0034925&artikel=2.5",
                    (
                        "eis:nvrr-3-5-artikel-2-5-bovenlokaal-amhk",
                        "keuze:nvrr-3-5-samenwerking-niet-verplicht-wel-wenselijk",
                        "regeling:jw-amhk",
                    ),
                ),
                (
                    "Wmo 2015 artikel 2.3.1",
                    "jci1.3:c:BWBR0035362&artikel=2.3.1",
                    (
                        "verandering:nvrr-b1-3-compensatieplicht-wordt-maatwerkvoorziening",
                        "regeling:nvrr-wmo-maatwerkvoorziening",
                    ),
                ),
            )
            for tied in tied_to
        },
    ),
}


# ---------------------------------------------------------------------------------------------
# Questions 22-40: answers that follow links (studies -> gemeenten -> 2017 regions, laws ->
# articles, tables -> measurement rounds). Where a question reaches into the reference data, the
# expected regions come from the CBS table itself, not from the graph.
# ---------------------------------------------------------------------------------------------

#: CBS 83553NED 'Gebieden in Nederland 2017', one row per gemeente (derived CSV of the reference data).
REGIONS_2017 = seeds_dir().parent / "reference" / "data" / "cbs" / "derived" / "gemeente-regio-2017.csv"
#: The organisation register with the OIN of each organisation.
ORGANISATIONS = seeds_dir().parent / "reference" / "data" / "polder-organisaties" / "index.csv"

#: The gemeenten each rekenkamer study concerns, as the text names them, by their CBS name.
#: 2.1 "Rekenkamercommissie Schiedam-Vlaardingen", "De Delftse Rekenkamer", "De Rekenkamer Utrecht
#: heeft februari 2017"; 3.1 "de Gemeentelijke Rekenkamer Nijmegen (GRN)"; 3.2 "Rekenkamer Metropool
#: Amsterdam, Rekenkamer Rotterdam, Rekenkamer Utrecht en Rekenkamer Den Haag"; 3.5 Rekenkamer
#: Maastricht; 3.6 "De Rekenkamer Amersfoort heeft laten onderzoeken"; 4.1 Rekenkamercommissie
#: Haarlemmermeer and Rekenkamer Utrecht 'Meten is weten'; 4.6 Rekenkamer Den Haag ('Op eigen
#: kracht', 'Over de drempel'), Rekenkamer Utrecht ('Hulp bij maatwerk'), Rekenkamer Tilburg;
#: I.2 "De Rekenkamer Metropool Amsterdam vat dit als volgt samen".
STUDY_GEMEENTEN = {
    P + "rekenkamer-utrecht-2017-werken-naar-vermogen": ("Utrecht",),
    P + "rkc-schiedam-vlaardingen-2016-aan-de-slag": ("Schiedam", "Vlaardingen"),
    P + "delftse-rekenkamer-2016-jong-aan-de-slag": ("Delft",),
    P + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg": ("Nijmegen",),
    P + "g4-rekenkamers-onderzoeken-jeugdwet": ("Amsterdam", "Rotterdam", "Utrecht", "'s-Gravenhage"),
    P + "rekenkamer-maastricht-2015-samenwerking-jeugdwet": ("Maastricht",),
    P + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein": ("Amersfoort",),
    P + "rekenkamer-utrecht-2016-meten-is-weten": ("Utrecht",),
    P + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein": ("Haarlemmermeer",),
    P + "rekenkamer-den-haag-2015-op-eigen-kracht": ("'s-Gravenhage",),
    P + "rekenkamer-den-haag-2017-over-de-drempel": ("'s-Gravenhage",),
    P + "rekenkamer-tilburg-2017-zorgen-om-resultaten": ("Tilburg",),
    P + "rekenkamer-utrecht-2016-hulp-bij-maatwerk": ("Utrecht",),
    P + "rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg": ("Amsterdam",),
}
#: The slug of each studied gemeente in the graph, by its CBS name.
GEMEENTE_SLUG = {"'s-Gravenhage": "den-haag", "Maassluis": "maassluis"} | {
    n: n.lower() for names in STUDY_GEMEENTEN.values() for n in names if n != "'s-Gravenhage"
}


def regions_2017() -> dict[str, dict[str, str]]:
    """The CBS 2017 row of every gemeente by name: its provincie, arbeidsmarktregio and jeugdregio."""
    with REGIONS_2017.open(encoding="utf-8", newline="") as f:
        return {row["gemeentenaam"]: row for row in csv.DictReader(f)}


def region_iri(kind: str, code: str) -> str:
    """The graph's IRI of a CBS region code (``JZ22`` -> ``{base}id/jeugdregio/jz22``)."""
    return f"{BASE}id/{kind}/{code.lower()}"


def studied(column_name: str, kind: str) -> set[tuple[str, str]]:
    """(study, region) for every studied gemeente, the region taken from the CBS table."""
    rows = regions_2017()
    return {
        (iri(study), region_iri(kind, rows[name][column_name]))
        for study, names in STUDY_GEMEENTEN.items()
        for name in names
    }


def zhz_members() -> set[str]:
    """The CBS names of the seventeen gemeenten of jeugdregio JZ31 Zuid-Holland Zuid in 2017."""
    return {name for name, row in regions_2017().items() if row["jeugdregiocode"] == "JZ31"}


def version_iri(name: str) -> str:
    """The graph's IRI of a gemeente's 2017 version, by its CBS name."""
    return f"{BASE}id/gemeente/{regions_2017()[name]['gemeentecode'].lower()}"


def oin_of(register_file: str) -> str:
    """The OIN the organisation register gives the organisation described in ``register_file``."""
    with ORGANISATIONS.open(encoding="utf-8", newline="") as f:
        return next(row["oin"] for row in csv.DictReader(f) if row["file"] == register_file)


#: Organisations with an OIN, and the file of the organisation register that describes them.
OIN_FILES = {
    "organisatie:algemene-rekenkamer": "hoge-colleges/ar.yaml",
    "organisatie:cbs": "zbo/cbs.yaml",
    "organisatie:inspectie-szw": "inspecties/nederlandse-arbeidsinspectie.yaml",
    "organisatie:ministerie-szw": "ministeries/szw.yaml",
    "organisatie:ministerie-vws": "ministeries/vws.yaml",
    "organisatie:uwv": "zbo/uwv.yaml",
}
#: Mergers of the TOOI register (einddatum 2018-12-31) among the Zuid-Holland Zuid gemeenten.
ZHZ_MERGERS = {
    "Binnenmaas": "Hoeksche Waard",
    "Cromstrijen": "Hoeksche Waard",
    "Korendijk": "Hoeksche Waard",
    "Oud-Beijerland": "Hoeksche Waard",
    "Strijen": "Hoeksche Waard",
    "Giessenlanden": "Molenlanden",
    "Molenwaard": "Molenlanden",
    "Leerdam": "Vijfheerenlanden",
    "Zederik": "Vijfheerenlanden",
}
#: The TOOI codes of the successors (gemeenten begun on 2019-01-01).
SUCCESSOR_CODE = {"Hoeksche Waard": "gm1963", "Molenlanden": "gm1978", "Vijfheerenlanden": "gm1961"}
ZHZ = iri("samenwerking:jw-serviceorganisatie-jeugd-zuid-holland-zuid")
#: Studies with findings on the Jeugdwet (NVRR 3.1, 3.2/3.7, 3.5, 3.6, 4.1 and Bijlage I.2).
JEUGDWET_FINDINGS = (
    P + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg",
    P + "g4-rekenkamers-onderzoeken-jeugdwet",
    P + "rekenkamer-maastricht-2015-samenwerking-jeugdwet",
    P + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein",
    P + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein",
    P + "rekenkamer-utrecht-2016-meten-is-weten",
    P + "rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg",
)
#: Studies of the Participatiewet (NVRR 2.1: Schiedam-Vlaardingen, Delft, Utrecht 2017; the whole
#: sociaal domein in 3.6 Amersfoort and 4.1 Haarlemmermeer).
PARTICIPATIEWET_STUDIES = (
    P + "rekenkamer-utrecht-2017-werken-naar-vermogen",
    P + "rkc-schiedam-vlaardingen-2016-aan-de-slag",
    P + "delftse-rekenkamer-2016-jong-aan-de-slag",
    P + "rekenkamer-amersfoort-2016-doelstellingen-risicos-en-kansen-sociaal-domein",
    P + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein",
)
#: The rekenkamer(s) that wrote each study, as the text names them (see STUDY_GEMEENTEN). 3.6: "De
#: Rekenkamer Amersfoort heeft laten onderzoeken (Regioplan Beleidsonderzoek" -- a bureau wrote it.
STUDY_REKENKAMERS = {
    P + "rekenkamer-utrecht-2017-werken-naar-vermogen": ("rekenkamer-utrecht",),
    P + "rkc-schiedam-vlaardingen-2016-aan-de-slag": ("rekenkamercommissie-schiedam-vlaardingen",),
    P + "delftse-rekenkamer-2016-jong-aan-de-slag": ("delftse-rekenkamer",),
    P + "gemeentelijke-rekenkamer-nijmegen-2017-sturen-op-zorg": ("gemeentelijke-rekenkamer-nijmegen",),
    P + "g4-rekenkamers-onderzoeken-jeugdwet": (
        "rekenkamer-metropool-amsterdam",
        "rekenkamer-rotterdam",
        "rekenkamer-utrecht",
        "rekenkamer-den-haag",
    ),
    P + "rekenkamer-maastricht-2015-samenwerking-jeugdwet": ("rekenkamer-maastricht",),
    P + "rekenkamer-utrecht-2016-meten-is-weten": ("rekenkamer-utrecht",),
    P + "rekenkamercommissie-haarlemmermeer-2016-nulmeting-sociaal-domein": (
        "rekenkamercommissie-haarlemmermeer",
    ),
    P + "rekenkamer-den-haag-2015-op-eigen-kracht": ("rekenkamer-den-haag",),
    P + "rekenkamer-den-haag-2017-over-de-drempel": ("rekenkamer-den-haag",),
    P + "rekenkamer-tilburg-2017-zorgen-om-resultaten": ("rekenkamer-tilburg",),
    P + "rekenkamer-utrecht-2016-hulp-bij-maatwerk": ("rekenkamer-utrecht",),
    P + "rekenkamer-metropool-amsterdam-samenvatting-decentralisatie-jeugdzorg": (
        "rekenkamer-metropool-amsterdam",
    ),
}
G4 = [
    "organisatie:rekenkamer-metropool-amsterdam",
    "organisatie:rekenkamer-rotterdam",
    "organisatie:rekenkamer-utrecht",
    "organisatie:rekenkamer-den-haag",
]
#: NVRR 3.1 "formuleert GRN de volgende aanbevelingen" (six) and 2.1 "De eerste aanbeveling in het
#: RKC-rapport".
GRN_AANBEVELINGEN = (
    "set-kerndoelen",
    "beleidsvragen-per-kerndoel",
    "indicatoren-bij-beleidsvragen",
    "werkbijeenkomsten",
    "afspraken-monitoring",
    "planmatige-behandeling",
)


#: What NVRR 3.5 ties to Jeugdwet articles 2.4 and 2.5 and Bijlage I.3 to Wmo 2015 article 2.3.1 (CQ21).
ARTIKEL_2_4 = (
    "eis:nvrr-3-5-artikel-2-4-bovenlokaal-jb-jr",
    "keuze:nvrr-3-5-samenwerking-niet-verplicht-wel-wenselijk",
    "regeling:nvrr-b1-2-jeugdbescherming",
    "regeling:nvrr-b1-2-jeugdreclassering",
)
ARTIKEL_2_5 = (
    "eis:nvrr-3-5-artikel-2-5-bovenlokaal-amhk",
    "keuze:nvrr-3-5-samenwerking-niet-verplicht-wel-wenselijk",
    "regeling:jw-amhk",
)
ARTIKEL_2_3_1 = (
    "verandering:nvrr-b1-3-compensatieplicht-wordt-maatwerkvoorziening",
    "regeling:nvrr-wmo-maatwerkvoorziening",
)


def _g(name: str) -> str:
    """The graph's IRI of a studied gemeente, by its CBS name."""
    return iri("gemeente:" + GEMEENTE_SLUG[name])


def _linked_expected() -> dict[str, tuple[str | tuple[str, ...], set]]:
    """The answers to questions 22-40 (see competency-questions.md for the quoted text)."""
    rows = regions_2017()
    return {
        "cq22.rq": (("onderzoek", "jeugdregio"), studied("jeugdregiocode", "jeugdregio")),
        "cq23.rq": (
            ("gemeente", "arbeidsmarktregio", "werkbedrijf"),
            {
                (
                    _g(n),
                    region_iri("arbeidsmarktregio", rows[n]["arbeidsmarktregiocode"]),
                    iri("samenwerking:pw-regionale-werkbedrijven"),
                )
                for s in PARTICIPATIEWET_STUDIES
                for n in STUDY_GEMEENTEN[s]
            },
        ),
        "cq24.rq": (("organisatie", "oin"), {(iri(o), oin_of(f)) for o, f in OIN_FILES.items()}),
        "cq25.rq": (
            ("gemeente", "opvolger"),
            {
                (version_iri(old), f"{BASE}id/gemeente/{SUCCESSOR_CODE[new]}")
                for old, new in ZHZ_MERGERS.items()
            },
        ),
        "cq26.rq": ("gemeente", {version_iri(n) for n in zhz_members()}),
        "cq27.rq": (
            ("rekenkamer", "gemeente"),
            {
                (iri("organisatie:" + r), _g(n))
                for s, names in STUDY_GEMEENTEN.items()
                for r in STUDY_REKENKAMERS.get(s, ())
                for n in names
            },
        ),
        "cq28.rq": (
            ("aanbeveling", "gemeente"),
            {(iri("aanbeveling:nvrr-3-1-grn-" + a), _g("Nijmegen")) for a in GRN_AANBEVELINGEN}
            | {
                (iri("aanbeveling:nvrr-2-1-rkc-sv-doelen-formuleren"), _g(n))
                for n in ("Schiedam", "Vlaardingen")
            },
        ),
        "cq29.rq": (
            ("risico", "auteur"),
            {(iri("risico:nvrr-3-7-boeggolfeffect"), iri(r)) for r in G4}
            | {
                (
                    iri("risico:nvrr-3-7-schaalnadelen-uitvoeringskosten"),
                    iri("organisatie:algemene-rekenkamer"),
                ),
                (
                    iri("risico:nvrr-3-6-amersfoort-dominante-positie-huisartsen"),
                    iri("organisatie:regioplan"),
                ),
            },
        ),
        "cq30.rq": (
            ("publicatie", "samenwerking"),
            {
                (
                    iri(P + "bmc-advies-2016-evaluatie-centrumregeling-sociaal-domein-flevoland"),
                    iri("samenwerking:jw-centrumregeling-sociaal-domein-flevoland"),
                ),
                (iri(P + "seinstravandelaar-2016-evaluatie-serviceorganisatie-jeugd-zuid-holland-zuid"), ZHZ),
                (iri(P + "rkc-schiedam-vlaardingen-2016-aan-de-slag"), iri("organisatie:stroomopwaarts")),
                (
                    iri(P + "rekenkamer-utrecht-2017-werken-naar-vermogen"),
                    iri("samenwerking:pw-regionale-werkbedrijven"),
                ),
                (
                    iri(P + "rekenkamer-den-haag-2015-op-eigen-kracht"),
                    iri("samenwerking:nvrr-4-6-sociale-wijkzorgteams-den-haag"),
                ),
            },
        ),
        "cq31.rq": (
            ("doel", "subdoel", "wet"),
            {
                (iri("doel:nvrr-3-2-g4-" + d), iri("doel:nvrr-3-2-g4-" + s), iri("wet:jeugdwet"))
                for d, subs in {
                    "vermindering-vraag-zware-zorg": (
                        "betere-preventieve-zorg",
                        "eigen-kracht",
                        "demedicaliseren",
                    ),
                    "vermindering-uitvoeringskosten": (
                        "integrale-aanpak",
                        "samenwerking-organisaties",
                        "ruimte-professionals",
                    ),
                }.items()
                for s in subs
            },
        ),
        "cq32.rq": (
            ("doelgroep", "subgroep", "wet"),
            {
                (
                    iri("doelgroep:pw-doelgroep-banenafspraak"),
                    iri("doelgroep:pw-" + s),
                    iri("wet:wet-banenafspraak"),
                )
                for s in (
                    "wajongers-met-arbeidsvermogen",
                    "mensen-met-wsw-indicatie",
                    "niet-in-staat-wml-te-verdienen",
                    "wiw-en-id-banen",
                    "schoolverlaters-vso-pro-entree",
                )
            },
        ),
        "cq33.rq": (
            ("regeling", "norm", "wet"),
            {
                (iri("regeling:" + r), iri("norm:" + n), iri("wet:" + w))
                for r, n, w in (
                    ("pw-banenafspraak", "pw-banenafspraak-125000-banen", "wet-banenafspraak"),
                    ("pw-banenafspraak", "pw-banenafspraak-100000-marktsector", "wet-banenafspraak"),
                    ("pw-banenafspraak", "pw-banenafspraak-25000-overheid", "wet-banenafspraak"),
                    ("pw-beschut-werk", "nvrr-b1-1-beschut-werk-30000-plekken", "participatiewet"),
                    (
                        "pw-loonkostensubsidie",
                        "nvrr-b1-1-loonkostensubsidie-max-70-procent-wml",
                        "participatiewet",
                    ),
                    ("nvrr-b1-1-quotum", "nvrr-b1-1-quotum-werkgevers-25-werknemers", "participatiewet"),
                    ("pw-arbeidsverplichtingen", "pw-reistijd-maximaal-3-uur", "participatiewet"),
                    ("pw-arbeidsverplichtingen", "pw-verlaging-uitkering-100-procent", "participatiewet"),
                    ("pw-wajong-uitkering", "pw-wajong-arbeidsvermogen-70-procent-wml", "wajong"),
                )
            },
        ),
        "cq34.rq": (
            ("gemeente", "arbeidsmarktregio"),
            {
                (_g(n), region_iri("arbeidsmarktregio", rows[n]["arbeidsmarktregiocode"]))
                for n in ("Schiedam", "Vlaardingen", "Maassluis")
            },
        ),
        "cq35.rq": (
            ("tabel", "meting"),
            {(iri("dataset:vgn-tabel-1"), str(m)) for m in range(1, 8)}
            | {(iri(f"dataset:vgn-tabel-{t}"), str(m)) for t in (7, 10) for m in (6, 7)},
        ),
        "cq36.rq": (
            ("wet", "artikel", "verbonden"),
            {
                (iri(w), iri(a), iri(t))
                for w, a, tied in (
                    ("wet:jeugdwet", "artikel:jeugdwet-2-4", ARTIKEL_2_4),
                    ("wet:jeugdwet", "artikel:jeugdwet-2-5", ARTIKEL_2_5),
                    ("wet:wmo-2015", "artikel:wmo-2015-2-3-1", ARTIKEL_2_3_1),
                )
                for t in tied
            },
        ),
        "cq37.rq": (
            "jeugdregio",
            {
                region_iri("jeugdregio", rows[n]["jeugdregiocode"])
                for s in JEUGDWET_FINDINGS
                for n in STUDY_GEMEENTEN[s]
            },
        ),
        "cq38.rq": (
            ("gemeente", "provincie"),
            {
                (_g(n), region_iri("provincie", rows[n]["provinciecode"]))
                for names in STUDY_GEMEENTEN.values()
                for n in names
            },
        ),
        "cq39.rq": (
            ("publicatie", "samenwerking", "gemeente"),
            {
                (
                    iri(P + "seinstravandelaar-2016-evaluatie-serviceorganisatie-jeugd-zuid-holland-zuid"),
                    ZHZ,
                    version_iri(n),
                )
                for n in zhz_members()
            },
        ),
        "cq40.rq": (
            ("organisatie", "rol", "ding"),
            {
                (iri("organisatie:uwv"), "deelnemer", iri("samenwerking:pw-regionale-werkbedrijven")),
                (
                    iri("organisatie:algemene-rekenkamer"),
                    "auteur",
                    iri(P + "algemene-rekenkamer-macrobudgetten-jeugdwet"),
                ),
                (iri("organisatie:cbs"), "auteur", iri(P + "cbs-2017-jeugdhulp-2016")),
                (iri("organisatie:cbs"), "auteur", iri(P + "cbs-jeugdmonitor")),
                (iri("organisatie:cbs"), "auteur", iri(P + "cbs-onderzoek-overschot-wmo-jeugd-2015")),
                (iri("organisatie:inspectie-szw"), "auteur", iri(P + "inspectie-szw-2016-beschut-werk")),
                (
                    iri("organisatie:ministerie-szw"),
                    "auteur",
                    iri(P + "szw-2017-brief-uitvoering-evaluatie-participatiewet"),
                ),
            },
        ),
    }


CQ_EXPECTED.update(_linked_expected())


def project(store, sparql: str, columns: str | tuple[str, ...]) -> set:
    """The values of one column of a SELECT, or the tuples of several columns."""
    rows = select(store, sparql)
    if isinstance(columns, str):
        return {r[columns] for r in rows}
    return {tuple(r[c] for c in columns) for r in rows}


@pytest.mark.parametrize(
    "path", sorted(CQ_DIR.glob("cq*.rq")) if CQ_DIR.is_dir() else [], ids=lambda p: p.name
)
def test_competency_question(real_store, path: Path) -> None:
    """Each competency question runs and gives the answer the source text gives."""
    assert path.name in CQ_EXPECTED, f"add the answer from the source text for {path.name} to CQ_EXPECTED"
    columns, expected = CQ_EXPECTED[path.name]
    assert project(real_store, path.read_text(encoding="utf-8"), columns) == expected


TEXT_SEARCH = re.compile(r"\b(REGEX|CONTAINS|STRSTARTS|STRENDS)\s*\(", re.IGNORECASE)


def test_the_linked_questions_search_no_text() -> None:
    """CQ22-CQ40 are answered by following links; a text search would hide a missing link."""
    linked = [CQ_DIR / f"cq{n}.rq" for n in range(22, 41)]
    assert [p.name for p in linked if TEXT_SEARCH.search(p.read_text(encoding="utf-8"))] == []


def how_to_query_lines() -> list[str]:
    """The one-line queries of the 'How to query' section of the ontology's guide."""
    guide = (PROJECT / "ontology" / "README.md").read_text(encoding="utf-8")
    section = guide.split("## How to query", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(SELECT [^`]+)`", section)


def test_every_how_to_query_line_answers(real_store) -> None:
    """The guide's one-line queries run on the real build and each finds something."""
    lines = how_to_query_lines()
    assert len(lines) >= 10
    assert [q for q in lines if not select(real_store, q)] == []
