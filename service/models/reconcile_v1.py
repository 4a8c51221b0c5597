"""The Reconciliation Service API 1.0-draft beside 0.2: the same matching, the draft's shapes.

The draft moves every sub-service to a fixed route below the service root (``/match``,
``/suggest/…``, ``/preview``, ``/extend``, ``/extend/propose``), sends batches as a JSON
body ``{"queries": [{"type": …, "conditions": [{"matchType": "name", "propertyValue": …}]}]}``
and answers with lists instead of keyed objects. This module translates both ways and
leaves matching, constraints and the ``match`` rule to ``service.models.reconcile``;
suggest answers and previews are shared with 0.2 unchanged.
"""

from __future__ import annotations

from typing import Any

from service.models import reconcile as core
from service.models import reconcile_services as services
from service.models.reconcile import MAX_BATCH, PROPERTY_BY_ID, Query, QueryError
from service.models.reconcile_index import Index

CONDITION_FIELDS = {
    "matchType",
    "propertyId",
    "propertyValue",
    "required",
    "matchQuantifier",
    "matchQualifier",
}


def manifest(index: Index, version: str) -> dict[str, Any]:
    """The 1.0-draft manifest: the routes are fixed, so it says only which ones exist."""
    return {
        "versions": ["1.0-draft"],
        "name": "Sociaal Domein Kennisgraaf: gemeenten, provincies, regio's, wetten en organisaties",
        "lang": "nl",
        "serviceVersion": version,
        "view": {"url": "{+id}"},
        "defaultTypes": services.manifest(index, "", version)["defaultTypes"],
        "preview": {"width": services.PREVIEW_WIDTH, "height": services.PREVIEW_HEIGHT},
        "suggest": {"entity": True, "property": True, "type": True},
        "extend": {"proposeProperties": True, "propertySettings": []},
        "batchSize": MAX_BATCH,
        "standardizedScore": True,
    }


def parse_batch(index: Index, body: Any) -> list[Query]:
    """A ``{"queries": [...]}`` body, checked query by query."""
    if not isinstance(body, dict) or not isinstance(body.get("queries"), list):
        raise QueryError('the body must be a JSON object {"queries": [...]}')
    queries = body["queries"]
    if len(queries) > MAX_BATCH:
        raise QueryError(f"a batch holds at most {MAX_BATCH} queries; this one has {len(queries)}")
    return [parse_query(index, q, f"query {number}") for number, q in enumerate(queries)]


def parse_query(index: Index, raw: Any, where: str) -> Query:
    """One draft query: its conditions become the 0.2 query's text, ids and constraints."""
    if not isinstance(raw, dict) or not isinstance(raw.get("conditions"), list) or not raw["conditions"]:
        raise QueryError(f"{where} must be an object with a non-empty list of conditions")
    unknown = set(raw) - {"type", "limit", "conditions", "lang", "dir"}
    if unknown:
        raise QueryError(f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    names, ids, properties, required = [], [], [], set()
    for condition in raw["conditions"]:
        if (
            not isinstance(condition, dict)
            or set(condition) - CONDITION_FIELDS
            or "propertyValue" not in condition
        ):
            raise QueryError(f"{where}: a condition needs matchType and propertyValue, and nothing unknown")
        kind, value = condition.get("matchType"), condition["propertyValue"]
        if kind == "name" and isinstance(value, str):
            names.append(value)
        elif kind == "id" and isinstance(value, str):
            ids.append(value)
        elif kind == "property":
            properties.append({"pid": condition.get("propertyId"), "v": value})
            prop = core.property_of(condition.get("propertyId"))
            if condition.get("required") is True and prop is not None:
                required.add(prop.id)
        else:
            raise QueryError(f"{where}: matchType must be name or id (with a string) or property")
    draft: dict[str, Any] = {"query": " ".join(names), "properties": properties}
    for key in ("type", "limit"):
        if key in raw:
            draft[key] = raw[key]
    if not isinstance(draft.get("type", ""), str):
        raise QueryError(f"{where}: type must be one type id")
    query = core.parse_query(index, draft, where, empty=bool(ids))
    query.ids, query.required = ids, required
    return query


def reconcile_batch(index: Index, queries: list[Query]) -> dict[str, Any]:
    """``{"results": [{"candidates": [...]}]}``, in the order of the queries."""
    return {"results": [{"candidates": _candidates(index, q)} for q in queries]}


def _candidates(index: Index, query: Query) -> list[dict[str, Any]]:
    ranked = core.candidates(index, query)
    match = core.is_match(ranked)
    return [
        {
            "id": c.hit.entity.iri,
            "name": c.hit.entity.name,
            "description": core.describe(index, c.hit.entity),
            "lang": "nl",
            "score": c.score,
            "match": match and number == 0,
            "type": core.type_list(index, c.hit.entity),
            "features": [{**f, "name": _feature_name(f["id"])} for f in c.features],
        }
        for number, c in enumerate(ranked)
    ]


def _feature_name(feature: str) -> str:
    return "naam" if feature == "name" else PROPERTY_BY_ID[feature].name


def extend(index: Index, body: Any) -> dict[str, Any]:
    """The draft's extension answer: rows as a list of ``{id, properties: [{id, values}]}``."""
    answer = services.extend(index, body)
    return {
        "meta": answer["meta"],
        "rows": [
            {"id": i, "properties": [{"id": p, "values": v} for p, v in answer["rows"][i].items()]}
            for i in dict.fromkeys(body["ids"])
        ],
    }
