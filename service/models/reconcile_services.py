"""The reconciliation service's other answers: manifest, suggest, property proposals, extension, preview.

OpenRefine reads the manifest once when a researcher adds the service, offers types
and properties from the suggest answers while they set up a match, fetches columns
("add columns from reconciled values") with data extension, and shows the preview in
a small frame beside a candidate. Each answer here is plain data in the shape the
0.2 schemas give; the web layer serialises it.
"""

from __future__ import annotations

from typing import Any

from service.models import dutch_names
from service.models.reconcile import (
    DEFAULT_TYPES,
    MAX_EXTEND_IDS,
    MAX_LIMIT,
    PROPERTIES,
    Property,
    QueryError,
    describe,
    property_of,
    type_list,
    values_of,
)
from service.models.reconcile_index import Entity, Index

PREVIEW_WIDTH = 400
PREVIEW_HEIGHT = 180
SUGGEST_LIMIT = 10


def manifest(index: Index, service_url: str, version: str) -> dict[str, Any]:
    """The service manifest; ``service_url`` is the absolute URL of ``/reconcile``."""
    return {
        "versions": ["0.2"],
        "name": "Sociaal Domein Kennisgraaf: gemeenten, provincies, regio's, wetten en organisaties",
        "identifierSpace": index.vocab.removesuffix("def/") + "id/",
        "schemaSpace": index.vocab,
        "serviceVersion": version,
        "view": {"url": "{{id}}"},
        "defaultTypes": [
            {"id": index.vocab + t, "name": index.types[index.vocab + t].label}
            for t in DEFAULT_TYPES
            if index.vocab + t in index.types
        ],
        "preview": {
            "url": service_url + "/preview?id={{id}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": service_url, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {"service_url": service_url, "service_path": "/propose_properties"},
            "property_settings": [],
        },
    }


def _type_filter(index: Index, given: str | None) -> str | None:
    if not given:
        return None
    iri = index.type_of(given)
    if iri is None:
        raise QueryError(f"unknown type {given!r}")
    return iri


def suggest_entities(index: Index, prefix: str, type_id: str | None) -> dict[str, Any]:
    """Entities whose name starts like ``prefix`` (or looks like it), for OpenRefine's search box."""
    wanted = _type_filter(index, type_id)
    hits = [h for h in index.prefixed(prefix, 200) if wanted is None or wanted in h.entity.types]
    return {
        "result": [
            {
                "id": h.entity.iri,
                "name": h.entity.name,
                "description": describe(index, h.entity),
                "notable": type_list(index, h.entity),
            }
            for h in hits[:SUGGEST_LIMIT]
        ]
    }


def suggest_types(index: Index, prefix: str) -> dict[str, Any]:
    """The reconcilable classes whose Dutch or English name (or local name) starts with ``prefix``."""
    folded = dutch_names.fold(prefix)
    found = [
        t
        for t in sorted(index.types.values(), key=lambda t: t.label)
        if any(
            dutch_names.fold(n).startswith(folded) for n in (t.label, t.label_en, t.iri[len(index.vocab) :])
        )
    ]
    return {"result": [{"id": t.iri, "name": t.label, "description": t.label_en} for t in found]}


def _applies(index: Index, prop: Property, type_iri: str | None) -> bool:
    if type_iri is None:
        return True
    ancestors = index.types[type_iri].ancestors
    return any(index.vocab + t in ancestors for t in prop.types)


def suggest_properties(index: Index, prefix: str) -> dict[str, Any]:
    folded = dutch_names.fold(prefix)
    found = [p for p in PROPERTIES if any(dutch_names.fold(n).startswith(folded) for n in (p.id, p.name))]
    return {"result": [{"id": p.id, "name": p.name, "description": _kind_text(p)} for p in found]}


def _kind_text(prop: Property) -> str:
    applies = ", ".join(prop.types)
    if not prop.extend:
        return f"voorwaarde (een datum) voor {applies}: de versie die die dag bestond"
    return f"{ {'str': 'tekst', 'entity': 'entiteit', 'date': 'datum'}[prop.kind] } van {applies}"


def propose_properties(index: Index, type_id: str | None, limit: int | None) -> dict[str, Any]:
    """The properties data extension can fetch for entities of a type."""
    type_iri = _type_filter(index, type_id)
    found = [p for p in PROPERTIES if p.extend and _applies(index, p, type_iri)]
    limit = min(limit or MAX_LIMIT, MAX_LIMIT)
    answer: dict[str, Any] = {"properties": [{"id": p.id, "name": p.name} for p in found[:limit]]}
    if type_iri:
        answer["type"] = type_iri
    answer["limit"] = limit
    return answer


def extend(index: Index, request: Any) -> dict[str, Any]:
    """The data extension answer: a row of values per id, for each property asked for."""
    if not isinstance(request, dict) or not isinstance(request.get("ids"), list):
        raise QueryError('extend must be a JSON object {"ids": [...], "properties": [{"id": ...}]}')
    ids, wanted = request["ids"], request.get("properties")
    if not all(isinstance(i, str) for i in ids):
        raise QueryError("extend: ids must be strings")
    if len(ids) > MAX_EXTEND_IDS:
        raise QueryError(f"extend: at most {MAX_EXTEND_IDS} ids at once; this has {len(ids)}")
    if not isinstance(wanted, list) or not all(isinstance(p, dict) and "id" in p for p in wanted):
        raise QueryError('extend: properties must be a list of {"id": ...} objects')
    props = []
    for item in wanted:
        prop = property_of(item["id"])
        if prop is None or not prop.extend:
            raise QueryError(f"extend: unknown property {item['id']!r}")
        props.append((str(item["id"]), prop))
    return {
        "meta": [_meta(index, pid, prop) for pid, prop in props],
        "rows": {i: _row(index, index.entity(i), props) for i in ids},
    }


def _meta(index: Index, pid: str, prop: Property) -> dict[str, Any]:
    meta: dict[str, Any] = {"id": pid, "name": prop.name}
    if prop.kind == "entity":
        target = {
            "provincie": "Provincie",
            "arbeidsmarktregio": "Arbeidsmarktregio",
            "jeugdregio": "Jeugdregio",
        }
        cls = index.vocab + target.get(prop.id, "Gemeente")
        if cls in index.types:
            meta["type"] = {"id": cls, "name": index.types[cls].label}
    return meta


def _row(index: Index, entity: Entity | None, props: list[tuple[str, Property]]) -> dict[str, list[Any]]:
    if entity is None:
        return {pid: [] for pid, _ in props}
    return {pid: [_cell(index, prop, v) for v in values_of(index, entity, prop)] for pid, prop in props}


def _cell(index: Index, prop: Property, value: str) -> dict[str, Any]:
    if prop.kind == "entity":
        return {"id": value, "name": index.label_of(value)}
    if prop.kind == "date":
        return {"date": value[:10] + "T00:00:00"}
    return {"str": value}


def preview(index: Index, entity: Entity) -> dict[str, Any]:
    """What the preview card shows: name, kind, description and the values a researcher checks."""
    rows: list[tuple[str, str, str | None]] = []
    for prop in PROPERTIES:
        if not prop.extend:
            continue
        for value in values_of(index, entity, prop):
            if prop.kind == "entity":
                rows.append((prop.name, index.label_of(value), value))
            else:
                rows.append((prop.name, value[:10] if prop.kind == "date" else value, None))
    return {
        "iri": entity.iri,
        "name": entity.name,
        "types": [t["name"] for t in type_list(index, entity)],
        "description": describe(index, entity),
        "names": sorted({n for n, _ in entity.names} - {entity.name}),
        "rows": rows,
    }
