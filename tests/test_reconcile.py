"""The reconciliation service, as OpenRefine uses it, on a small reference graph.

Every JSON answer is validated against the official 0.2 schemas (``recon_schemas``),
whose own valid and invalid examples first show that the validation tells them apart.
The fixture (``tests/fixtures/reconcile``) holds municipality versions with the names
people get wrong: 's-Gravenhage / Den Haag, Súdwest-Fryslân, two Bergens, Leeuwarderadeel
merged into Leeuwarden in 2018, and two versions of "Oudstad" valid at different dates.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.models.reconcile import MAX_BATCH, MAX_QUERY_CHARS
from tests.html_checks import hrefs, strict_html
from tests.recon_schemas import assert_valid, errors, examples

BASE = "https://sociaaldomein.example/"
GM = BASE + "id/gemeente/gm"
SDO = BASE + "def/"


@pytest.mark.parametrize(
    ("version", "kind", "path", "valid"),
    [(v, *e) for v in ("0.2", "1.0-draft") for e in examples(v)],
    ids=lambda x: x.name if isinstance(x, Path) else str(x),
)
def test_the_validator_tells_the_official_examples_apart(version, kind, path, valid) -> None:
    assert (not errors(version, kind, json.loads(path.read_text(encoding="utf-8")))) is valid


@pytest.fixture
def client(recon_app):
    return recon_app.test_client()


def batch(client, queries: dict, method: str = "post") -> dict:
    """Send a batch as OpenRefine does (a form field ``queries``) and check the answer's schema."""
    payload = json.dumps(queries)
    if method == "post":
        response = client.post("/reconcile", data={"queries": payload})
    else:
        response = client.get(f"/reconcile?queries={quote(payload)}")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_valid("reconciliation-result-batch", body)
    assert set(body) == set(queries)
    return body


def top(client, query: dict) -> list[dict]:
    return batch(client, {"q0": query})["q0"]["result"]


def test_the_manifest_validates_and_points_to_this_host(client) -> None:
    response = client.get("/reconcile")
    manifest = response.get_json()
    assert_valid("manifest", manifest)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert manifest["identifierSpace"] == BASE + "id/" and manifest["schemaSpace"] == SDO
    assert manifest["preview"]["url"] == "http://localhost/reconcile/preview?id={{id}}"
    assert manifest["suggest"]["entity"] == {
        "service_url": "http://localhost/reconcile",
        "service_path": "/suggest/entity",
    }
    assert {t["id"] for t in manifest["defaultTypes"]} >= {
        SDO + "Gemeente",
        SDO + "Provincie",
        SDO + "Rekenkamer",
    }


def test_the_manifest_as_jsonp(client) -> None:
    response = client.get("/reconcile?callback=jQuery.cb_12")
    text = response.get_data(as_text=True)
    assert response.content_type.startswith("application/javascript")
    assert text.startswith("/**/jQuery.cb_12(") and text.endswith(");")
    assert_valid("manifest", json.loads(text[len("/**/jQuery.cb_12(") : -2]))


def test_an_openrefine_batch_finds_a_merged_municipality_and_its_successor(client) -> None:
    result = top(
        client,
        {
            "query": "Leeuwarderadeel",
            "type": SDO + "Gemeente",
            "type_strict": "should",
            "properties": [{"pid": "provincie", "v": "Fryslân"}],
            "limit": 3,
        },
    )
    first = result[0]
    assert first["id"] == GM + "0081" and first["match"] is True and first["score"] == 100
    assert "opgegaan in Leeuwarden (GM0080)" in first["description"]
    assert first["type"] == [{"id": SDO + "Gemeenteversie", "name": "gemeenteversie"}]
    assert not any(c["match"] for c in result[1:]) and len(result) <= 3


def test_get_and_post_batches_answer_alike(client) -> None:
    queries = {"a": {"query": "Den Haag"}, "b": {"query": "Bergen"}, "c": {"query": "GM1900"}}
    assert batch(client, queries, "get") == batch(client, queries, "post")


def test_a_single_query_by_get(client) -> None:
    plain = client.get("/reconcile?query=Leeuwarden").get_json()
    as_json = client.get("/reconcile?query=" + quote(json.dumps({"query": "Leeuwarden"}))).get_json()
    assert plain == as_json and plain["result"][0]["id"] == GM + "0080"


#: (what a researcher wrote, the gemeente version meant): all unambiguous, so all a match
WRITTEN = [
    ("'s-Gravenhage", "0518"),
    ("s-Gravenhage", "0518"),
    ("s Gravenhage", "0518"),
    ("Gravenhage", "0518"),
    ("Den Haag", "0518"),
    ("gemeente Den Haag", "0518"),
    ("Den Haag (gemeente)", "0518"),
    ("DEN HAAG", "0518"),
    ("Súdwest-Fryslân", "1900"),
    ("Sudwest Fryslan", "1900"),
    ("Sudwest-Fryslan", "1900"),
    ("Súdwest Fryslân", "1900"),
    ("Bergen (NH)", "0373"),
    ("Bergen (NH.)", "0373"),
    ("Bergen NH", "0373"),
    ("Bergen N.H.", "0373"),
    ("Bergen (L)", "0893"),
    ("Bergen L.", "0893"),
    ("GM0518", "0518"),
    ("gm518", "0518"),
    ("0518", "0518"),
    ("518", "0518"),
    ("GM 0081", "0081"),
    ("Leeuwarderadeel", "0081"),
    ("Leuwarden", "0080"),  # one letter missing
    ("Leeuwardne", "0080"),  # two letters swapped
    ("Amsetrdam", "0363"),
    ("Hertogenbosch", "0796"),
    ("ijsselstein", "0353"),
]


@pytest.mark.parametrize(("written", "code"), WRITTEN)
def test_names_as_people_write_them_are_matched(client, written: str, code: str) -> None:
    result = top(client, {"query": written, "type": "sdo:Gemeente"})
    assert result[0]["id"] == GM + code and result[0]["match"] is True, result[:2]


def test_an_ambiguous_name_is_ranked_not_guessed(client) -> None:
    result = top(client, {"query": "Bergen", "type": "sdo:Gemeente"})
    assert {c["id"] for c in result[:2]} == {GM + "0373", GM + "0893"}
    assert not any(c["match"] for c in result)


def test_a_name_of_two_kinds_needs_its_type(client) -> None:
    untyped = top(client, {"query": "Utrecht"})
    assert {c["id"] for c in untyped[:2]} == {GM + "0344", BASE + "id/provincie/pv26"}
    assert not any(c["match"] for c in untyped)
    assert top(client, {"query": "Utrecht", "type": "Provincie"})[0]["match"] is True
    assert top(client, {"query": "Utrecht", "type": "gemeente"})[0]["id"] == GM + "0344"


def test_document_gemeenten_are_offered_as_their_2017_version(client) -> None:
    ids = {c["id"] for c in top(client, {"query": "Utrecht", "type": "sdo:Gemeente", "limit": 10})}
    assert GM + "0344" in ids and BASE + "id/gemeente/utrecht" not in ids


def test_geldig_op_picks_the_version_valid_on_that_day(client) -> None:
    undated = top(client, {"query": "Oudstad", "type": "sdo:Gemeente"})
    assert [c["id"] for c in undated[:2]] == [GM + "9902", GM + "9901"]  # the current one first
    assert not any(c["match"] for c in undated)
    for day, code in (
        ("1999-05-01", "9901"),
        ("2017-01-01", "9902"),
        ("2001-01-01", "9902"),
        ("2000", "9901"),
    ):
        dated = top(client, {"query": "Oudstad", "properties": [{"pid": "geldig op", "v": day}]})
        assert dated[0]["id"] == GM + code and dated[0]["match"] is True, day
        assert {"id": "geldigOp", "value": True} in dated[0]["features"]


def test_property_constraints_decide_between_namesakes(client) -> None:
    by_name = top(client, {"query": "Bergen", "properties": [{"pid": "provincie", "v": "Noord-Holland"}]})
    assert by_name[0]["id"] == GM + "0373" and by_name[0]["match"] is True
    by_id = top(
        client,
        {"query": "Bergen", "properties": [{"pid": "provincie", "v": {"id": BASE + "id/provincie/pv31"}}]},
    )
    assert by_id[0]["id"] == GM + "0893" and by_id[0]["match"] is True
    by_code = top(client, {"query": "Bergen", "properties": [{"pid": "cbsCode", "v": "893"}]})
    assert by_code[0]["id"] == GM + "0893"


def test_a_contradicting_constraint_takes_the_match_away(client) -> None:
    result = top(client, {"query": "Leeuwarderadeel", "properties": [{"pid": "cbsCode", "v": "GM0080"}]})
    assert not any(c["match"] for c in result)
    assert {"id": "cbsCode", "value": False} in next(c for c in result if c["id"] == GM + "0081")["features"]


def test_a_code_alone_is_enough(client) -> None:
    result = top(client, {"properties": [{"pid": "cbsCode", "v": 81}]})
    assert result[0]["id"] == GM + "0081" and result[0]["match"] is True


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("Fryslân", "sdo:Provincie", "provincie/pv21"),
        ("Friesland", "sdo:Arbeidsmarktregio", "arbeidsmarktregio/am02"),
        ("AM21", "sdo:Arbeidsmarktregio", "arbeidsmarktregio/am21"),
        ("Friesland (Fryslân)", "sdo:Jeugdregio", "jeugdregio/jz02"),
        ("Participatiewet", "sdo:Wet", "wet/participatiewet"),
        ("BWBR0015703", "sdo:Wet", "wet/participatiewet"),
        ("UWV", "sdo:Organisatie", "organisatie/uwv"),
        ("Rekenkamer Utrecht", "sdo:Rekenkamer", "organisatie/rekenkamer-utrecht"),
        ("Rekenkamer Utrecht", "sdo:Organisatie", "organisatie/rekenkamer-utrecht"),  # a subclass counts
    ],
)
def test_every_type_can_be_reconciled(client, query: str, kind: str, expected: str) -> None:
    result = top(client, {"query": query, "type": kind})
    assert result[0]["id"] == BASE + "id/" + expected and result[0]["match"] is True


def test_a_type_restriction_leaves_other_kinds_out(client) -> None:
    result = top(client, {"query": "Utrecht", "type": ["sdo:Wet", "sdo:Provincie"], "limit": 25})
    assert [c["id"] for c in result] == [BASE + "id/provincie/pv26"]


def test_suggest_answers_validate(client) -> None:
    entities = client.get("/reconcile/suggest/entity?prefix=leeuw").get_json()
    assert_valid("suggest-entities-response", entities)
    assert [e["id"] for e in entities["result"][:2]] == [GM + "0080", GM + "0081"]
    typed = client.get("/reconcile/suggest/entity?prefix=utr&type=sdo:Provincie").get_json()
    assert [e["id"] for e in typed["result"]] == [BASE + "id/provincie/pv26"]
    types = client.get("/reconcile/suggest/type?prefix=gem").get_json()
    assert_valid("suggest-types-response", types)
    assert {t["id"] for t in types["result"]} == {SDO + "Gemeente", SDO + "Gemeenteversie"}
    properties = client.get("/reconcile/suggest/property?prefix=geldig").get_json()
    assert_valid("suggest-properties-response", properties)
    assert {p["id"] for p in properties["result"]} == {"geldigVanaf", "geldigTot", "geldigOp"}
    jsonp = client.get("/reconcile/suggest/entity?prefix=den&callback=cb").get_data(as_text=True)
    assert jsonp.startswith("/**/cb(") and "0518" in jsonp


def test_propose_properties_for_a_gemeente(client) -> None:
    proposal = client.get("/reconcile/propose_properties?type=sdo:Gemeente").get_json()
    assert_valid("data-extension-property-proposal", proposal)
    ids = [p["id"] for p in proposal["properties"]]
    assert {"cbsCode", "tooi", "provincie", "arbeidsmarktregio", "jeugdregio", "opgegaanIn"} <= set(ids)
    assert "geldigOp" not in ids and "bwbId" not in ids


EXTEND = {
    "ids": [GM + "0081", GM + "0518", BASE + "id/gemeente/nergens"],
    "properties": [
        {"id": p} for p in ("cbsCode", "tooi", "provincie", "arbeidsmarktregio", "jeugdregio", "opgegaanIn")
    ],
}


@pytest.mark.parametrize("method", ["get", "post"])
def test_data_extension_gives_a_gemeente_its_codes_regions_and_successor(client, method: str) -> None:
    payload = json.dumps(EXTEND)
    if method == "post":
        response = client.post("/reconcile", data={"extend": payload})
    else:
        response = client.get("/reconcile?extend=" + quote(payload))
    body = response.get_json()
    assert response.status_code == 200
    assert_valid("data-extension-response", body)
    assert [m["id"] for m in body["meta"]] == [p["id"] for p in EXTEND["properties"]]
    assert next(m for m in body["meta"] if m["id"] == "provincie")["type"]["id"] == SDO + "Provincie"
    row = body["rows"][GM + "0081"]
    assert row["cbsCode"] == [{"str": "GM0081"}]
    assert row["tooi"] == [{"str": "https://identifier.overheid.nl/tooi/id/gemeente/gm0081"}]
    assert row["provincie"] == [{"id": BASE + "id/provincie/pv21", "name": "Fryslân"}]
    assert row["arbeidsmarktregio"] == [{"id": BASE + "id/arbeidsmarktregio/am02", "name": "Friesland"}]
    assert row["jeugdregio"] == [{"id": BASE + "id/jeugdregio/jz02", "name": "Friesland (Fryslân)"}]
    assert row["opgegaanIn"] == [{"id": GM + "0080", "name": "Leeuwarden"}]
    assert body["rows"][GM + "0518"]["opgegaanIn"] == []
    assert all(v == [] for v in body["rows"][BASE + "id/gemeente/nergens"].values())


def test_the_preview_is_a_small_escaped_card_that_openrefine_may_frame(client) -> None:
    response = client.get("/reconcile/preview?id=" + quote(GM + "0081"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<h1><a href="/doc/gemeente/gm0081"' in html and "Leeuwarden" in html and "GM0081" in html
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "<script" not in html and "style=" not in html
    other = client.get("/reconcile")
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]


def test_the_preview_escapes_what_the_data_holds(client) -> None:
    html = client.get(
        "/reconcile/preview?id=" + quote(BASE + "id/organisatie/rekenkamer-amsterdam")
    ).get_data(as_text=True)
    assert "Rekenkamer Amsterdam" in html and "<script>alert" not in html


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/reconcile/preview", "id is required"),
        ("/reconcile/preview?id=" + quote(BASE + "id/gemeente/nergens"), "no entity"),
    ],
)
def test_a_preview_of_nothing_is_a_json_error(client, path: str, needle: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404) and needle in response.get_json()["message"]


def _queries(value: object) -> dict:
    return {"queries": value if isinstance(value, str) else json.dumps(value)}


BAD = {
    "malformed JSON": (_queries("{q0: "), "not valid JSON"),
    "a list, not an object": (_queries([{"query": "x"}]), "JSON object"),
    "a query that is no object": (_queries({"q0": 5}), "must be a JSON object"),
    "too many queries": (_queries({f"q{i}": {"query": "x"} for i in range(MAX_BATCH + 1)}), "at most"),
    "an overlong query": (_queries({"q0": {"query": "x" * (MAX_QUERY_CHARS + 1)}}), "longer than"),
    "an unknown type": (_queries({"q0": {"query": "x", "type": "sdo:Kat"}}), "unknown type"),
    "a type of the wrong shape": (_queries({"q0": {"query": "x", "type": {"id": 1}}}), "type must be"),
    "an unknown property": (
        _queries({"q0": {"query": "x", "properties": [{"pid": "kleur", "v": "rood"}]}}),
        "unknown property",
    ),
    "a property without v": (
        _queries({"q0": {"query": "x", "properties": [{"pid": "cbsCode"}]}}),
        "pid and a v",
    ),
    "a date that is none": (
        _queries({"q0": {"query": "x", "properties": [{"pid": "geldigOp", "v": "gisteren"}]}}),
        "not a date",
    ),
    "an impossible date": (
        _queries({"q0": {"query": "x", "properties": [{"pid": "geldigOp", "v": "2017-02-30"}]}}),
        "not a date",
    ),
    "a negative limit": (_queries({"q0": {"query": "x", "limit": -1}}), "limit"),
    "an infinite limit": (_queries('{"q0": {"query": "x", "limit": Infinity}}'), "limit"),
    "a limit that is no number": (_queries('{"q0": {"query": "x", "limit": NaN}}'), "limit"),
    "an unknown field": (_queries({"q0": {"query": "x", "sort": "name"}}), "unknown fields"),
    "nothing to look for": (_queries({"q0": {"query": ""}}), "needs a query"),
    "deeply nested JSON": (_queries("[" * 100_000 + "]" * 100_000), "not valid JSON"),
    "extend without ids": ({"extend": json.dumps({"properties": []})}, "extend must be"),
    "extend of an unknown property": (
        {"extend": json.dumps({"ids": [], "properties": [{"id": "kleur"}]})},
        "unknown property",
    ),
    "extend of a constraint-only property": (
        {"extend": json.dumps({"ids": [], "properties": [{"id": "geldigOp"}]})},
        "unknown property",
    ),
    "malformed extend": ({"extend": "{"}, "not valid JSON"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_a_400_with_a_json_message(client, case: str) -> None:
    form, needle = BAD[case]
    for response in (client.post("/reconcile", data=form), client.get("/reconcile", query_string=form)):
        assert response.status_code == 400, response.get_data(as_text=True)[:300]
        body = response.get_json()
        assert body["status"] == 400 and needle in body["message"], body


@pytest.mark.parametrize(
    "path",
    [
        "/reconcile?callback=alert(1)//",
        "/reconcile/suggest/entity?prefix=" + "x" * 300,
        "/reconcile/suggest/entity?prefix=a&type=sdo:Kat",
        "/reconcile/propose_properties?type=sdo:Kat",
        "/reconcile/propose_properties?limit=veel",
    ],
)
def test_bad_parameters_elsewhere_are_400s(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype == "application/json"


def test_markup_in_a_query_comes_back_inert(client) -> None:
    response = client.post(
        "/reconcile", data=_queries({"q0": {"query": "<script>alert(1)</script>", "type": "x<y"}})
    )
    assert response.status_code == 400 and "<" not in response.get_data(as_text=True)
    answered = client.get("/reconcile?query=" + quote("<b>Den Haag</b>")).get_data(as_text=True)
    assert "<" not in answered and "0518" in answered


def test_the_index_is_read_once_per_build(recon_app, client) -> None:
    client.get("/reconcile?query=Utrecht")
    first = recon_app.extensions["sdkg.reconcile"]["index"]
    client.get("/reconcile?query=Bergen")
    assert recon_app.extensions["sdkg.reconcile"]["index"] is first


def test_every_reconciliation_route_is_in_the_readme(recon_app) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reconciliation", 1)[1].split("\n## ", 1)[0]
    rules = [r.rule for r in recon_app.url_map.iter_rules() if r.endpoint.startswith("reconcile.")]
    assert len(rules) >= 6
    for rule in rules:
        assert f"`{rule}" in section, rule


# 1.0-draft: the same service at /reconcile/v1, in the draft's shapes, validated against the draft's schemas


def draft_match(client, queries: list[dict]) -> list[list[dict]]:
    body = {"queries": queries}
    assert_valid("reconciliation-query-batch", body, "1.0-draft")
    response = client.post("/reconcile/v1/match", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert_valid("reconciliation-result-batch", answer, "1.0-draft")
    return [r["candidates"] for r in answer["results"]]


def test_the_draft_manifest_validates(client) -> None:
    manifest = client.get("/reconcile/v1").get_json()
    assert_valid("manifest", manifest, "1.0-draft")
    assert manifest["view"] == {"url": "{+id}"} and manifest["suggest"] == {
        "entity": True,
        "property": True,
        "type": True,
    }


def test_a_draft_batch_with_name_id_and_property_conditions(client) -> None:
    name = {"matchType": "name", "propertyValue": "Leeuwarderadeel"}
    limburg = {"matchType": "property", "propertyId": "provincie", "propertyValue": "PV31", "required": True}
    by_id = {"matchType": "id", "propertyValue": GM + "0518"}
    merged, bergen, haag = draft_match(
        client,
        [
            {"type": "sdo:Gemeente", "limit": 3, "conditions": [name]},
            {"conditions": [{"matchType": "name", "propertyValue": "Bergen"}, limburg]},
            {"conditions": [by_id]},
        ],
    )
    assert merged[0]["id"] == GM + "0081" and merged[0]["match"] is True and len(merged) <= 3
    assert "opgegaan in Leeuwarden" in merged[0]["description"]
    assert [c["id"] for c in bergen] == [GM + "0893"] and bergen[0]["match"] is True  # required: NH left out
    assert haag[0]["id"] == GM + "0518" and haag[0]["match"] is True


def test_draft_extension_and_proposals(client) -> None:
    body = {
        "ids": [GM + "0081"],
        "properties": [{"id": "cbsCode"}, {"id": "opgegaanIn"}, {"id": "geldigTot"}],
    }
    assert_valid("data-extension-query", body, "1.0-draft")
    answer = client.post("/reconcile/v1/extend", json=body).get_json()
    assert_valid("data-extension-response", answer, "1.0-draft")
    values = {p["id"]: p["values"] for p in answer["rows"][0]["properties"]}
    assert values == {
        "cbsCode": [{"str": "GM0081"}],
        "opgegaanIn": [{"id": GM + "0080", "name": "Leeuwarden"}],
        "geldigTot": [{"date": "2017-12-31T00:00:00"}],
    }
    proposal = client.get("/reconcile/v1/extend/propose?type=sdo:Gemeente").get_json()
    assert_valid("data-extension-property-proposal", proposal, "1.0-draft")


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("/reconcile/v1/suggest/entity?prefix=berg", "suggest-entities-response"),
        ("/reconcile/v1/suggest/type?prefix=", "suggest-types-response"),
        ("/reconcile/v1/suggest/property?prefix=c", "suggest-properties-response"),
    ],
)
def test_draft_suggest_answers_validate(client, path: str, schema: str) -> None:
    answer = client.get(path).get_json()
    assert_valid(schema, answer, "1.0-draft")
    assert answer["result"]


def test_the_draft_preview_is_the_same_frameable_card(client) -> None:
    response = client.get("/reconcile/v1/preview?id=" + quote(GM + "0518"))
    assert response.status_code == 200 and "Den Haag" in response.get_data(as_text=True)
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"\xff\xfe",
        b'{"queries": {}}',
        b'{"queries": [{"conditions": []}]}',
        b'{"queries": [{"conditions": [{"matchType": "name"}]}]}',
        b'{"queries": [{"conditions": [{"matchType": "colour", "propertyValue": "x"}]}]}',
        b'{"queries": [{"type": ["sdo:Wet"], "conditions": [{"matchType": "name", "propertyValue": "x"}]}]}',
        b'{"queries": [{"query": "old format"}]}',
        json.dumps(
            {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "x"}]}] * (MAX_BATCH + 1)}
        ).encode(),
    ],
)
def test_bad_draft_batches_are_400s(client, body: bytes) -> None:
    response = client.post("/reconcile/v1/match", data=body, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["status"] == 400


def test_a_huge_form_is_refused_with_a_json_message(client) -> None:
    response = client.post("/reconcile", data={"queries": "{" + " " * 2_000_000 + "}"})
    assert response.status_code in (400, 413) and response.get_json()["status"] == response.status_code


# whatever JSON a client sends, the answer is a schema-valid result or a 400, never a 500

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
_FIELDS = st.sampled_from(["query", "type", "limit", "properties", "type_strict", "pid", "v", "id", "ids"])
_QUERY = st.dictionaries(
    _FIELDS, _JSON | st.sampled_from(["Bergen", "sdo:Gemeente", "geldigOp", "2017-01-01"]), max_size=4
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batch=st.dictionaries(st.text(max_size=5), _QUERY | _JSON, max_size=3),
    what=st.sampled_from(["queries", "extend", "query"]),
)
def test_random_json_never_fails_on_the_server(client, batch, what: str) -> None:
    response = client.post("/reconcile", data={what: json.dumps(batch)})
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    if response.status_code == 200 and what == "queries":
        assert_valid("reconciliation-result-batch", response.get_json())
    elif response.status_code == 200 and what == "extend":
        assert_valid("data-extension-response", response.get_json())


_CONDITION = st.dictionaries(
    st.sampled_from(["matchType", "propertyId", "propertyValue", "required", "matchQualifier"]),
    _JSON | st.sampled_from(["name", "id", "property", "provincie", "geldigOp", "Bergen", GM + "0518"]),
    max_size=4,
)
_DRAFT_QUERY = st.fixed_dictionaries(
    {"conditions": st.lists(_CONDITION, max_size=3)},
    optional={"type": _JSON | st.just("sdo:Gemeente"), "limit": _JSON},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queries=st.lists(_DRAFT_QUERY | _JSON, max_size=3))
def test_random_draft_batches_never_fail_on_the_server(client, queries) -> None:
    response = client.post("/reconcile/v1/match", json={"queries": queries})
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    if response.status_code == 200:
        assert_valid("reconciliation-result-batch", response.get_json(), "1.0-draft")


def test_a_candidate_is_named_by_its_label_not_by_the_name_that_found_it(client) -> None:
    found = top(client, {"query": "UWV"})[0]
    assert found["name"] == "Uitvoeringsinstituut Werknemersverzekeringen"
    assert top(client, {"query": "'s-Gravenhage"})[0]["name"] == "Den Haag"  # skos:prefLabel


def test_the_preview_is_valid_html_with_working_links(client) -> None:
    soup = strict_html(client.get("/reconcile/preview?id=" + quote(GM + "0081")).get_data(as_text=True))
    assert soup.h1.get_text() == "Leeuwarderadeel"
    for href in hrefs(soup):
        assert client.get(href).status_code in (200, 404), (
            href
        )  # a page of the site (the fixture has no page for every region)
    assert "/doc/gemeente/gm0080" in hrefs(soup)
    assert {dt.get_text() for dt in soup.find_all("dt")} >= {
        "CBS-code",
        "provincie",
        "opgegaan in",
        "geldig tot",
    }


def test_a_name_without_its_qualifier_ranks_every_municipality_of_that_name_first(client) -> None:
    """'Bergen' is Bergen (NH) or Bergen (L): both ahead of names that merely look alike, neither a match."""
    body = client.get(
        "/reconcile", query_string={"queries": json.dumps({"q": {"query": "Bergen"}})}
    ).get_json()
    ranked = body["q"]["result"]
    assert {r["name"] for r in ranked[:2]} == {"Bergen (NH)", "Bergen (L)"}
    assert not any(r["match"] for r in ranked)
