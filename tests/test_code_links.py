"""The codes of the statistics tables and the entities they stand for.

Every code of every code list in ``data/cijfers/`` (a ``skos:Concept`` in a scheme under
``{base}id/code/``) either points with ``sdo:staatVoor`` to the entity of the graph it
means, or is listed in ``UNLINKED`` below with the reason it has none. So a new code list
cannot slip in unexamined, and a code that gains its link must leave the list. Read from
the Turtle sources with rdflib; no build needed.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from service.namespaces import SDO
from tests.conftest import PROJECT

CODE = "https://sociaaldomein.example/id/code/"

# Reasons shared by many codes.
TOTAL = "a total of other codes of the list; no entity stands for the sum"
ANSWER = "an answer to a question of the VGN monitor's survey; the graph has no entities for answers"
TURNOVER = "a class of providers' annual turnover; no entity"
DEVELOPMENT = "a class of expected turnover development; no entity"
USE_CLASS = "a class of the share of municipalities using a standard; no entity"
STATUS = "the status of an amount or number (estimated, realised …); no entity"
ESTIMATE = "one estimate of the youth care macro budget; the graph has no entity for single estimates"
MEASURE = "a measure providers take against tariffs that do not cover costs; no entity"
CONTRACT = "a share of municipalities (contracts signed, tariffs not covering costs); no entity"
UNIT = "a kind of number (count or percentage), not a thing"
COMBINATION = (
    "a combination of jeugdhulp, jeugdbescherming and jeugdreclassering a young person has; "
    "the schemes are regeling:jw-jeugdhulp, regeling:nvrr-b1-2-jeugdbescherming and "
    "regeling:nvrr-b1-2-jeugdreclassering, not their combinations"
)
HOUSEHOLDS = (
    "a group of households by their use of provisions (NVRR Bijlage II); no such doelgroep in the graph"
)
BASE_POPULATION = "the population a share is taken of (NVRR Bijlage II); no such doelgroep in the graph"
AMOUNT = "an amount of money or a number the text gives, not a thing the graph describes"
PROVIDERS = "a number about the VGN monitor's survey itself (members, response, questions); no entity"
AMBITION = "an ambition of the Regionaal Transitie Arrangement Jeugdzorg Eemland; no entity"
ROUND = "a round of the VGN monitor (its number and period are on the code); the graph describes only round 7's report"


def _share(group: str) -> str:
    return f"a share of a group, not the group itself (the group is {group})"


#: code (local name under {base}id/code/) -> why it has no sdo:staatVoor
UNLINKED: dict[str, str] = {
    # VGN table 10: additional quality requirements
    "antwoord-aanvullende-eisen-ja": ANSWER,
    "antwoord-aanvullende-eisen-nee": ANSWER,
    "antwoord-aanvullende-eisen-totaal": TOTAL,
    "antwoord-aanvullende-eisen-weet-niet": ANSWER,
    # VGN table 9: changed accountability agreements
    "antwoord-verantwoording-ja": ANSWER,
    "antwoord-verantwoording-nee": ANSWER,
    "antwoord-verantwoording-niet-van-toepassing": ANSWER,
    "antwoord-verantwoording-totaal": TOTAL,
    "antwoord-verantwoording-weet-niet": ANSWER,
    # NVRR 2.3: jobs agreement by sector
    "banenafspraak-sector-marktsector": (
        "the market sector as a part of the jobs agreement; the graph has no entity for a sector "
        "(the 100,000 jobs are norm:pw-banenafspraak-100000-marktsector, a figure, not the sector)"
    ),
    "banenafspraak-sector-overheid": (
        "government as a sector of the jobs agreement; bestuurslaag:rijk and the organisations are "
        "employers of another kind, not the sector (the 25,000 jobs are norm:pw-banenafspraak-25000-overheid)"
    ),
    "banenafspraak-sector-totaal": TOTAL,
    # NVRR Bijlage II: base of a share
    "basispopulatie-alle-huishoudens": BASE_POPULATION,
    "basispopulatie-gebruik-alle-regelingen": BASE_POPULATION,
    "basispopulatie-huishoudens-met-gebruik": BASE_POPULATION,
    "basispopulatie-huishoudens-sociale-wijkteams": (
        "the households known to the social district teams; vorm:sociaal-wijkteam is the team, not its households"
    ),
    "basispopulatie-regieteamhuishoudens": (
        "the households of the Nijmegen regieteams; the graph names the teams only in a finding "
        "(bevinding:nvrr-b2-nijmegen-wijkteams-regieteams), no doelgroep"
    ),
    # VGN table 3: client groups (the other three are linked)
    "clientdoelgroep-anders": "the rest category 'Anders, namelijk …' of the survey; no entity",
    "clientdoelgroep-lvb": (
        "clients with a mild intellectual disability of all ages; the graph has only "
        "doelgroep:nvrr-1-1-lvg-jongeren (young people) and doelgroep:vgn-lvb-18-min-18-plus (around 18)"
    ),
    "clientdoelgroep-lvb-gedragsproblemen-sglvg": (
        "covers LVB with behavioural problems and/or SGLVG; "
        "doelgroep:vgn-mensen-met-een-licht-verstandelijke-beperking-en-gedragsproblemen does not name SGLVG"
    ),
    "clientdoelgroep-nah": "no doelgroep for people with acquired brain injury (NAH) in the graph",
    # VGN table 7
    "contractaspect-contracten-getekend": CONTRACT,
    "contractaspect-niet-kostendekkend-tarief": CONTRACT,
    # areas that are not municipalities or cooperations of the graph
    "gebied-eemland": (
        "the Eemland youth care region of the Regionaal Transitie Arrangement; no samenwerkingsverband for it in the graph"
    ),
    "gebied-gemeente-van-100000-inwoners": "an example municipality of 100,000 inhabitants, no real gemeente",
    "gebied-gemeenten-met-meeste-jeugdhulp": "the municipalities with relatively most youth care, not named ones",
    "gebied-nederland": "the Netherlands as a whole; the graph has no entity for the country",
    # VGN table 14
    "gebruiksklasse-0": USE_CLASS,
    "gebruiksklasse-0-25": USE_CLASS,
    "gebruiksklasse-25-50": USE_CLASS,
    "gebruiksklasse-50-75": USE_CLASS,
    "gebruiksklasse-75-100": USE_CLASS,
    "gebruiksklasse-weet-niet": ANSWER,
    # NVRR Bijlage II: household groups
    "huishoudgroep-alle-huishoudens": TOTAL,
    "huishoudgroep-een-sector": HOUSEHOLDS,
    "huishoudgroep-geen-gebruik": HOUSEHOLDS,
    "huishoudgroep-meer-dan-een-sector": (
        "households using provisions of more than one sector; doelgroep:nvrr-b2-huishoudens-met-multiproblematiek "
        "is defined by the use of several provisions, not sectors"
    ),
    "huishoudgroep-twee-of-meer-klantrelaties": (
        "households with two or more client relations; not the same as "
        "doelgroep:nvrr-b2-huishoudens-met-multiproblematiek"
    ),
    "huishoudgroep-vijf-of-meer-klantrelaties": (
        "households with five or more client relations; not the same as "
        "doelgroep:nvrr-b2-huishoudens-met-multiproblematiek"
    ),
    "huishoudgroep-wel-gebruik": HOUSEHOLDS,
    # NVRR 2.6: parts of the IUSD budget
    "iusd-onderdeel-begeleid-werken": (
        "the part of the new-target-groups budget for supported employment; no regeling for it in the graph"
    ),
    "iusd-onderdeel-budget-nieuwe-doelgroepen": (
        "the budget for the new target groups; the groups are doelgroepen, the budget has no entity"
    ),
    "iusd-onderdeel-nieuw-wajong": (
        "the budget part for the 'new Wajong' group; doelgroep:pw-jonggehandicapten-met-arbeidsvermogen is the "
        "group, not the money"
    ),
    "iusd-onderdeel-p-budget-klassieke-doelgroep": "the participation budget for the classic target group; no entity",
    "iusd-onderdeel-re-integratie": (
        "the re-integration part of the IUSD; regeling:pw-participatiebudget-werkdeel is not shown to be the same line"
    ),
    "iusd-onderdeel-totaal": (
        "the total of this table's lines, not shown to be the whole regeling:pw-integratie-uitkering-sociaal-domein"
    ),
    "iusd-onderdeel-wsw-budget-oude-stijl": (
        "the Wsw budget 'old style'; regeling:pw-rijkssubsidie-wsw is the subsidy per standard unit, "
        "not shown to be this line"
    ),
    # NVRR 4.7: parts of the Wmo 2015 budget cut
    "korting-wmo-2015-decentralisatie-taken": "a budget cut; no entity",
    "korting-wmo-2015-huishoudelijke-hulp": (
        "the cut on household help; regeling:nvrr-wmo-huishoudelijke-hulp is the provision, not the cut"
    ),
    "korting-wmo-2015-totaal": TOTAL,
    # VGN table 6
    "maatregel-tarieven-anders": ANSWER,
    "maatregel-tarieven-dienstverlening-beeindigen": MEASURE,
    "maatregel-tarieven-kosten-beperken": MEASURE,
    "maatregel-tarieven-middelen-wlz": MEASURE,
    "maatregel-tarieven-reserves": MEASURE,
    "maatregel-tarieven-weet-niet": ANSWER,
    "maatregel-tarieven-zorgaanbod-anders": MEASURE,
    # NVRR 2.6: macro budget (the line 'Macrobudget Participatiewet' is linked)
    "macrobudget-participatiewet-algemene-bijstand-en-lks": (
        "one budget line for two schemes together (regeling:pw-bijstand and regeling:pw-loonkostensubsidie)"
    ),
    "macrobudget-participatiewet-intertemporele-tegemoetkoming": "a compensation within the budget; no entity",
    "macrobudget-participatiewet-ioaw": "the budget line for IOAW benefits, not the law wet:ioaw",
    "macrobudget-participatiewet-ioaz": "the budget line for IOAZ benefits, not the law wet:ioaz",
    "macrobudget-participatiewet-totaal": TOTAL,
    # VGN monitor rounds
    "vgn-meting-1": ROUND,
    "vgn-meting-2": ROUND,
    "vgn-meting-3": ROUND,
    "vgn-meting-4": ROUND,
    "vgn-meting-5": ROUND,
    "vgn-meting-6": ROUND,
    "vgn-meting-7": ROUND,
    # VGN turnover classes
    "omzetcategorie-10-40-mln": TURNOVER,
    "omzetcategorie-40-100-mln": TURNOVER,
    "omzetcategorie-gemiddeld": "the average over the turnover classes; no entity",
    "omzetcategorie-groter-dan-100-mln": TURNOVER,
    "omzetcategorie-kleiner-dan-10-mln": TURNOVER,
    "omzetcategorie-totaal": TOTAL,
    # VGN table 4: expected turnover development
    "omzetontwikkeling-0-10-krimpen": DEVELOPMENT,
    "omzetontwikkeling-0-10-stijgen": DEVELOPMENT,
    "omzetontwikkeling-gelijk": DEVELOPMENT,
    "omzetontwikkeling-meer-dan-10-krimpen": DEVELOPMENT,
    "omzetontwikkeling-meer-dan-10-stijgen": DEVELOPMENT,
    "omzetontwikkeling-weet-niet": ANSWER,
    # NVRR 3.7: estimates of the youth care macro budget
    "raming-macrobudget-jeugdhulp-meicirculaire-2014": ESTIMATE,
    "raming-macrobudget-jeugdhulp-meicirculaire-2015": ESTIMATE,
    "raming-macrobudget-jeugdhulp-na-onderzoek-algemene-rekenkamer": ESTIMATE,
    "raming-macrobudget-jeugdhulp-voor-onderzoek-algemene-rekenkamer": ESTIMATE,
    "ramingsstatus-aanvankelijke-raming": STATUS,
    "ramingsstatus-gehanteerd": STATUS,
    "ramingsstatus-geraamd": STATUS,
    "ramingsstatus-gerealiseerd": STATUS,
    "ramingsstatus-uitgangspunt": STATUS,
    "ramingsstatus-verwacht": STATUS,
    "ramingsstatus-voorlopige-verwachting": STATUS,
    # NVRR 3.3: combinations of youth schemes
    "samenloop-jeugdwet-alleen-jeugdbescherming": COMBINATION,
    "samenloop-jeugdwet-alleen-jeugdhulp": COMBINATION,
    "samenloop-jeugdwet-alleen-jeugdreclassering": COMBINATION,
    "samenloop-jeugdwet-jeugdbescherming-en-jeugdreclassering": COMBINATION,
    "samenloop-jeugdwet-jeugdhulp-en-jeugdbescherming": COMBINATION,
    "samenloop-jeugdwet-jeugdhulp-en-jeugdreclassering": COMBINATION,
    "samenloop-jeugdwet-jeugdhulp-jeugdbescherming-en-jeugdreclassering": COMBINATION,
    "samenloop-jeugdwet-totaal": TOTAL,
    # quantities of tables that mix them (the counts of a doelgroep are linked)
    "variabele-aandeel-behandeling-door-hoofdbehandelaar": AMOUNT,
    "variabele-aandeel-gemeenten-met-beroep-op-vangnet": _share(
        "gemeenten claiming regeling:pw-vangnetregeling"
    ),
    "variabele-aandeel-gemeenten-overschot-dagbesteding-begeleiding": AMOUNT,
    "variabele-aandeel-gemeenten-overschot-huishoudelijke-hulp": AMOUNT,
    "variabele-aandeel-gemeenten-verwacht-tekort-jeugdhulp": AMOUNT,
    "variabele-aandeel-huishoudens-meer-dan-een-sector": _share("code:huishoudgroep-meer-dan-een-sector"),
    "variabele-aandeel-huishoudens-met-voorziening": _share("code:huishoudgroep-wel-gebruik"),
    "variabele-aandeel-jeugd-ggz-zvw": _share("the jeugd-GGZ, regeling:nvrr-b1-2-jeugd-ggz"),
    "variabele-aandeel-jongeren-risico-uitval": _share(
        "doelgroep:jw-jongeren-met-risico-maatschappelijke-uitval"
    ),
    "variabele-aandeel-jongeren-serieuze-problemen": _share("doelgroep:jw-jongeren-met-serieuze-problemen"),
    "variabele-aandeel-kinderen-met-jeugdhulp-bovengrens": _share("doelgroep:jw-jongeren-met-jeugdhulp"),
    "variabele-aandeel-kinderen-met-jeugdhulp-ondergrens": _share("doelgroep:jw-jongeren-met-jeugdhulp"),
    "variabele-aandeel-standaarden-in-25-procent-of-minder-gemeenten": AMOUNT,
    "variabele-aandeel-verwacht-daling": AMOUNT,
    "variabele-aandeel-verwacht-gelijk": AMOUNT,
    "variabele-aandeel-verwacht-stijging": AMOUNT,
    "variabele-aangeschreven-leden": PROVIDERS,
    "variabele-aantal": UNIT,
    "variabele-aanvragen-studietoelage": (
        "young people applying for the study allowance per year; doelgroep:pw-studerende-jonggehandicapten "
        "(those who go on to study) is not the same group"
    ),
    "variabele-ambitie-handhaving-residentiele-zorg": AMBITION,
    "variabele-ambitie-minder-instroom-specialistische-ggz": AMBITION,
    "variabele-ambitie-ombouw-naar-ambulante-zorg": AMBITION,
    "variabele-arbeidsmarktregios": (
        "the number of labour market regions with a Regionaal Werkbedrijf; "
        "samenwerking:pw-regionale-werkbedrijven is the cooperation, not the count"
    ),
    "variabele-doorverwijzingen-door-huisartsen": AMOUNT,
    "variabele-extra-instroom-beperken-wajong": AMOUNT,
    "variabele-extra-instroom-sluiten-wsw": AMOUNT,
    "variabele-geboorten-per-jaar": "children born per year; no doelgroep for newborns",
    "variabele-gebruikers-alleen-gemeente": "users dealing only with the municipality; no doelgroep",
    "variabele-gebruikers-ook-andere-partijen": "users dealing with the municipality and other parties; no doelgroep",
    "variabele-gemeenten-deelnemend-enquete": "the municipalities that took part in a survey; not named",
    "variabele-gemeenten-met-beroep-op-vangnet": (
        "the number of gemeenten claiming regeling:pw-vangnetregeling, not the regeling"
    ),
    "variabele-huishoudens-met-voorziening": HOUSEHOLDS,
    "variabele-huishoudens-nederland": "all households in the Netherlands; no doelgroep",
    "variabele-jongeren-alleen-jeugdbescherming": (
        "only those under child protection without other youth care, a part of "
        "doelgroep:jw-jongeren-onder-jeugdbescherming"
    ),
    "variabele-jongeren-alleen-jeugdhulp": "only those with youth care and nothing else, a part of doelgroep:jw-jongeren-met-jeugdhulp",
    "variabele-jongeren-jeugdhulp-en-jb-of-jr": COMBINATION,
    "variabele-jongeren-jeugdhulp-en-jeugdbescherming": COMBINATION,
    "variabele-jongeren-zonder-jeugdhulp-met-jb-of-jr": COMBINATION,
    "variabele-korting-huishoudelijke-hulp": (
        "the cut on household help; regeling:nvrr-wmo-huishoudelijke-hulp is the provision, not the cut"
    ),
    "variabele-krimp-aantal-wsw-medewerkers-per-jaar": (
        "the yearly decrease of doelgroep:pw-wsw-medewerkers, not the group"
    ),
    "variabele-loonkostensubsidie-maximum": (
        "the maximum of regeling:pw-loonkostensubsidie as a quantity; the rule with its value is "
        "norm:nvrr-b1-1-loonkostensubsidie-max-70-procent-wml"
    ),
    "variabele-maximale-reistijd-per-dag": (
        "the travel time as a quantity; the rule with its value is norm:pw-reistijd-maximaal-3-uur"
    ),
    "variabele-nieuwe-bijstandsontvangers-met-jeugdregeling": "a part of doelgroep:pw-bijstandsgerechtigden, not the group",
    "variabele-nieuwe-wajongers-met-jeugdvoorziening": "a part of the new Wajongers, not a doelgroep of its own",
    "variabele-organisaties-zonder-omzetantwoord": PROVIDERS,
    "variabele-overlap-jeugdhulp-jb-jr": COMBINATION,
    "variabele-overschot-wmo-eerste-schatting": AMOUNT,
    "variabele-overschot-wmo-en-jeugdzorg": AMOUNT,
    "variabele-percentage": UNIT,
    "variabele-quotum-ondergrens-werknemers": (
        "the employer size as a quantity; the rule with its value is norm:nvrr-b1-1-quotum-werkgevers-25-werknemers"
    ),
    "variabele-respons": PROVIDERS,
    "variabele-te-creeren-banen": (
        "the number of jobs as a quantity; the agreement is regeling:pw-banenafspraak and its figures are norms"
    ),
    "variabele-tekort-macrobudget-participatiewet": (
        "the shortfall on regeling:pw-macrobudget-inkomensdeel, an amount, not the budget"
    ),
    "variabele-verlaging-uitkering-bij-niet-naleven": (
        "the reduction as a quantity; the rule with its value is norm:pw-verlaging-uitkering-100-procent"
    ),
    "variabele-verschil-gebruik-wlz-middelen": AMOUNT,
    "variabele-verschil-inteeren-op-reserves": AMOUNT,
    "variabele-vragen-in-vragenlijst": PROVIDERS,
    "variabele-wajong-uitkering-bij-arbeidsvermogen": (
        "the benefit level as a quantity; the rule with its value is norm:pw-wajong-arbeidsvermogen-70-procent-wml"
    ),
    "variabele-wajong-uitkering-voor-herbeoordeling": (
        "the benefit level before the change as a quantity; regeling:pw-wajong-uitkering is the benefit"
    ),
}


@cache
def graph() -> Graph:
    """Every data file, parsed once (the ontology is not needed to find codes and links)."""
    merged = Graph()
    for path in sorted((PROJECT / "data").rglob("*.ttl")):
        merged.parse(path)
    return merged


def codes() -> dict[str, URIRef]:
    """Every code of a code list: local name -> IRI."""
    found: dict[str, URIRef] = {}
    for concept, scheme in graph().subject_objects(SKOS.inScheme):
        if isinstance(concept, URIRef) and str(scheme).startswith(CODE) and str(concept).startswith(CODE):
            found[str(concept).removeprefix(CODE)] = concept
    return found


def linked() -> dict[str, list[URIRef]]:
    """The codes with sdo:staatVoor and what they point to."""
    result: dict[str, list[URIRef]] = {}
    for name, iri in codes().items():
        targets = [t for t in graph().objects(iri, SDO.staatVoor) if isinstance(t, URIRef)]
        if targets:
            result[name] = targets
    return result


def test_there_are_code_lists_and_links() -> None:
    assert len(codes()) > 100
    assert len(linked()) >= 10


def test_every_code_is_linked_or_listed_with_a_reason() -> None:
    unexamined = sorted(set(codes()) - set(linked()) - set(UNLINKED))
    assert not unexamined, f"neither sdo:staatVoor nor a reason in UNLINKED: {unexamined}"


def test_no_listed_code_is_linked() -> None:
    both = sorted(set(linked()) & set(UNLINKED))
    assert not both, f"linked, so remove them from UNLINKED: {both}"


def test_every_listed_code_exists_and_has_a_reason() -> None:
    stale = sorted(set(UNLINKED) - set(codes()))
    assert not stale, f"UNLINKED names codes the data does not have: {stale}"
    assert all(reason.strip() for reason in UNLINKED.values())


def test_codes_stand_for_entities_of_the_graph() -> None:
    """The target is described in the graph (typed, with a Dutch label) and is no code itself."""
    for name, targets in linked().items():
        for target in targets:
            assert (target, RDF.type, None) in graph(), f"{name}: {target} is not in the graph"
            labels = [
                label
                for label in graph().objects(target, RDFS.label)
                if getattr(label, "language", "") == "nl"
            ]
            assert labels, f"{name}: {target} has no Dutch label"
            assert not str(target).startswith(CODE), f"{name}: {target} is a code, not an entity"


def test_the_client_groups_of_vgn_table_3_stand_for_their_doelgroepen() -> None:
    """Spot check of the meaning: the table's client groups are the monitor's target groups of the same name."""
    expected = {
        "clientdoelgroep-verstandelijke-beperking": "vgn-mensen-met-een-verstandelijke-beperking",
        "clientdoelgroep-lichamelijke-beperking": "vgn-mensen-met-een-lichamelijke-beperking",
        "clientdoelgroep-zintuiglijke-beperking": "vgn-mensen-met-een-zintuiglijke-beperking",
        "variabele-jeugdigen-onder-18": "jw-jeugdigen-onder-18",
    }
    for name, doelgroep in expected.items():
        assert [str(t).rsplit("/", 1)[-1] for t in linked()[name]] == [doelgroep]
        assert (linked()[name][0], RDF.type, SDO.Doelgroep) in graph()
