"""The Reconciliation Service API 0.2: what a client sends, read strictly, and what it gets back.

OpenRefine (and any client of the W3C Entity Reconciliation Community Group's protocol)
sends a batch ``{"q0": {"query": "Leeuwarderadeel", "type": "…", "properties": […]}}``
and expects, per query, candidates with an ``id``, ``name``, ``score`` and ``match``.
This module turns a batch into answers from an ``Index``; it knows nothing of HTTP.
Whatever a client sends is checked here first (``QueryError`` is a 400): the batch
size and the length of a query are capped, unknown types and properties are named in
the error, a date must be a date.

A candidate is a ``match`` only when it is near-exact (score at least ``MATCH_SCORE``)
and clearly ahead of the next one (``MATCH_LEAD``), or a likely misspelling (``LIKELY``)
far ahead of the rest (``CLEAR_LEAD``): an ambiguous name ("Bergen", "Utrecht"
without a type) is ranked, never guessed. Property constraints move the
score: a value that agrees adds ``AGREES``, one that contradicts takes ``DISAGREES``
off. ``geldig op`` (a date) picks the municipality version that existed that day.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from service.models import dutch_names
from service.models.reconcile_index import Entity, Hit, Index

MAX_BATCH = 100
MAX_QUERY_CHARS = 200
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
MAX_EXTEND_IDS = 500
#: Candidates scoring less than this are not worth a researcher's look.
MIN_SCORE = 40.0
MATCH_SCORE = 88.0
MATCH_LEAD = 8.0
#: A misspelt long name scores lower (one letter in ten: about 90); far ahead of the rest it is still certain.
LIKELY = 80.0
CLEAR_LEAD = 12.0
#: A name or code found as written (an alternative name too) beats any look-alike.
EXACT = 97.0
AGREES = 10.0
DISAGREES = 40.0
#: Types offered first (OpenRefine's type choice) and in the manifest.
DEFAULT_TYPES = (
    "Gemeente",
    "Provincie",
    "Arbeidsmarktregio",
    "Jeugdregio",
    "Wet",
    "Organisatie",
    "Rekenkamer",
)


class QueryError(ValueError):
    """A request the protocol or this service cannot answer; the message says what to change."""


@dataclass(frozen=True)
class Property:
    """A property clients can constrain on or fetch: its id, Dutch name and where its values live."""

    id: str
    name: str
    sources: tuple[str, ...]  # local names in sdo: (or "tooi"), the first one that has values wins
    kind: str  # "str", "entity" or "date"
    types: tuple[str, ...]  # local names of the classes it applies to
    extend: bool = True  # False: a constraint only (geldigOp)


PROPERTIES = (
    Property(
        "cbsCode",
        "CBS-code",
        ("cbsGemeentecode", "cbsProvinciecode", "cbsRegiocode"),
        "str",
        ("Gemeente", "Provincie", "Arbeidsmarktregio", "Jeugdregio"),
    ),
    Property("tooi", "TOOI-IRI", ("tooi",), "str", ("Gemeente", "Provincie", "Organisatie")),
    Property("provincie", "provincie", ("ligtInProvincie",), "entity", ("Gemeente",)),
    Property("arbeidsmarktregio", "arbeidsmarktregio", ("inArbeidsmarktregio",), "entity", ("Gemeente",)),
    Property("jeugdregio", "jeugdregio", ("inJeugdregio",), "entity", ("Gemeente",)),
    Property("opgegaanIn", "opgegaan in", ("opgegaanIn",), "entity", ("Gemeente",)),
    Property("ontstaanUit", "ontstaan uit", ("ontstaanUit",), "entity", ("Gemeente",)),
    Property("geldigVanaf", "geldig vanaf", ("geldigVanaf",), "date", ("Gemeente",)),
    Property("geldigTot", "geldig tot", ("geldigTot",), "date", ("Gemeente",)),
    Property("geldigOp", "geldig op", (), "date", ("Gemeente",), extend=False),
    Property("bwbId", "BWB-id", ("bwbId",), "str", ("Wet",)),
    Property("afkorting", "afkorting", ("afkorting",), "str", ("Wet", "Organisatie")),
)
PROPERTY_BY_ID = {p.id: p for p in PROPERTIES}


@dataclass
class Query:
    """One reconciliation query, checked: the text, the classes allowed, the constraints and a limit."""

    text: str
    types: list[str] = field(default_factory=list)
    constraints: list[tuple[Property, list[Any]]] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    ids: list[str] = field(default_factory=list)  # entity ids the query names (1.0-draft ``matchType: id``)
    required: set[str] = field(default_factory=set)  # property ids a candidate must agree with


def parse_json(text: str, what: str) -> Any:
    """A parameter's JSON, or a QueryError that quotes the parser."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise QueryError(f"{what} is not valid JSON: {error}") from None


def parse_batch(index: Index, batch: Any) -> dict[str, Query]:
    """A ``queries`` batch, checked entry by entry (the first problem is reported with its key)."""
    if not isinstance(batch, dict):
        raise QueryError('queries must be a JSON object of queries, e.g. {"q0": {"query": "Utrecht"}}')
    if len(batch) > MAX_BATCH:
        raise QueryError(f"a batch holds at most {MAX_BATCH} queries; this one has {len(batch)}")
    return {str(key): parse_query(index, value, f"query {key!r}") for key, value in batch.items()}


def parse_query(index: Index, raw: Any, where: str = "the query", empty: bool = False) -> Query:
    """One query object (or a bare string) as the protocol defines it (``empty``: text and properties may both be absent)."""
    if isinstance(raw, str):
        raw = {"query": raw}
    if not isinstance(raw, dict):
        raise QueryError(f"{where} must be a JSON object")
    unknown = set(raw) - {"query", "type", "limit", "properties", "type_strict"}
    if unknown:
        raise QueryError(f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    text = raw.get("query", "")
    if not isinstance(text, str):
        raise QueryError(f"{where}: query must be a string")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{where}: query is longer than {MAX_QUERY_CHARS} characters")
    query = Query(text.strip(), _types(index, raw.get("type"), where), _constraints(index, raw, where))
    query.limit = _limit(raw.get("limit"), where)
    if not query.text and not query.constraints and not empty:
        raise QueryError(f"{where} needs a query text or at least one property")
    return query


def _types(index: Index, given: Any, where: str) -> list[str]:
    if given is None or given == "":
        return []
    names = [given] if isinstance(given, str) else given
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise QueryError(f"{where}: type must be a type id or a list of them")
    found = []
    for name in names:
        iri = index.type_of(name)
        if iri is None:
            known = ", ".join(f"sdo:{t}" for t in DEFAULT_TYPES)
            raise QueryError(f"{where}: unknown type {name!r}; types are for example {known}")
        found.append(iri)
    return found


def _limit(given: Any, where: str) -> int:
    if given is None:
        return DEFAULT_LIMIT
    if isinstance(given, bool) or not isinstance(given, int | float) or not math.isfinite(given) or given < 1:
        raise QueryError(f"{where}: limit must be a positive number")
    return min(int(given), MAX_LIMIT)


def property_of(pid: Any) -> Property | None:
    """The property a client names by id or by its Dutch name ("geldig op")."""
    if not isinstance(pid, str):
        return None
    folded = dutch_names.fold(pid.removeprefix("sdo:"))
    return next((p for p in PROPERTIES if folded in (dutch_names.fold(p.id), dutch_names.fold(p.name))), None)


def _constraints(index: Index, raw: dict[str, Any], where: str) -> list[tuple[Property, list[Any]]]:
    given = raw.get("properties") or []
    if not isinstance(given, list):
        raise QueryError(f"{where}: properties must be a list of {{pid, v}} objects")
    found = []
    for item in given:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise QueryError(f"{where}: every property needs a pid and a v")
        prop = property_of(item["pid"])
        if prop is None:
            known = ", ".join(p.id for p in PROPERTIES)
            raise QueryError(f"{where}: unknown property {item['pid']!r}; properties are {known}")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        values = [_constraint_value(prop, v, where) for v in values if v not in ("", None)]
        if values:
            found.append((prop, values))
    return found


def _constraint_value(prop: Property, value: Any, where: str) -> Any:
    """A constraint's value in the form it is compared in (a date, a code, an IRI or a name)."""
    if isinstance(value, dict):
        if not isinstance(value.get("id"), str):
            raise QueryError(f"{where}: an entity value of {prop.id} needs a string id")
        return value["id"]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise QueryError(f"{where}: {prop.id} takes strings, numbers or {{id}} objects")
    text = str(value).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{where}: a value of {prop.id} is longer than {MAX_QUERY_CHARS} characters")
    if prop.kind == "date":
        return reference_date(text, where)
    return text


def reference_date(text: str, where: str = "the date") -> datetime.date:
    """A date as researchers write it: 2017-01-01, 1-1-2017, 01/01/2017, or a year (its first day).

    >>> reference_date("2017"), reference_date("1-1-2017"), reference_date("2018-01-01T00:00:00")
    (datetime.date(2017, 1, 1), datetime.date(2017, 1, 1), datetime.date(2018, 1, 1))
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 1, 1)
        day = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if day:
            return datetime.date(int(day.group(3)), int(day.group(2)), int(day.group(1)))
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise QueryError(f"{where}: {text!r} is not a date (write 2017-01-01)") from None


def values_of(index: Index, entity: Entity, prop: Property) -> list[str]:
    """The values of a property on an entity (IRIs for entity values), in a stable order."""
    for source in prop.sources:
        found = [entity.tooi] if source == "tooi" and entity.tooi else entity.values.get(source, [])
        if found:
            return list(found)
    return []


def _agrees(index: Index, entity: Entity, prop: Property, wanted: Any) -> bool:
    """Whether one constraint value agrees with the entity: same date range, code, IRI or name."""
    if prop.id == "geldigOp":
        return entity.valid_on(wanted)
    have = values_of(index, entity, prop)
    if prop.kind == "date":
        return str(wanted) in [h[:10] for h in have]
    if prop.kind == "entity":
        return any(_names_entity(index, h, str(wanted)) for h in have)
    if prop.id == "cbsCode":
        code = dutch_names.code(str(wanted), _code_prefix(have))
        return code is not None and code in have
    return dutch_names.fold(str(wanted)) in [dutch_names.fold(h) for h in have]


def _code_prefix(codes: list[str]) -> str:
    return codes[0][:2].lower() if codes and codes[0][:2].lower() in dutch_names.CODE_PREFIXES else "gm"


def _names_entity(index: Index, iri: str, wanted: str) -> bool:
    """Whether a value a client gave (IRI, code or name) denotes the entity ``iri``."""
    if wanted == iri:
        return True
    other = index.entity(iri)
    if other is None:
        return False
    if dutch_names.code(wanted, _code_prefix(other.codes)) in other.codes:
        return True
    wanted_keys = set(dutch_names.keys(wanted))
    return any(wanted_keys & set(dutch_names.keys(name)) for name, _ in other.names)


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    score: float
    features: list[dict[str, Any]]


def candidates(index: Index, query: Query) -> list[Candidate]:
    """The ranked candidates of one query, constraints applied, above ``MIN_SCORE``."""
    hits = [Hit(e, 100.0, "code") for e in map(index.entity, query.ids) if e is not None]
    if query.text:
        hits += index.lookup(query.text, 200)
    elif not hits:
        hits = _by_properties(index, query)
    ranked, seen = [], set()
    for hit in hits:
        if hit.entity.iri in seen or (query.types and not (hit.entity.types & set(query.types))):
            continue
        seen.add(hit.entity.iri)
        score, features = hit.score, [{"id": "name", "value": round(hit.score / 100, 4)}]
        for prop, values in query.constraints:
            agrees = any(_agrees(index, hit.entity, prop, v) for v in values)
            score += AGREES if agrees else -DISAGREES
            features.append({"id": prop.id, "value": agrees})
        refused = any(f["value"] is False and f["id"] in query.required for f in features)
        if score >= MIN_SCORE and not refused:
            ranked.append(Candidate(hit, round(min(score, 100.0), 2), features))
    ranked.sort(key=lambda c: (-c.score, c.hit.entity.ended, c.hit.entity.name, c.hit.entity.iri))
    return ranked[: query.limit]


def _by_properties(index: Index, query: Query) -> list[Hit]:
    """Candidates of a query without text: those with a code it gives, else every entity of its types."""
    codes = [str(v) for prop, values in query.constraints if prop.id in ("cbsCode", "tooi") for v in values]
    if codes:
        found = [h for code in codes for h in index.lookup(code, 200) if h.how == "code"]
        found += [Hit(e, 100.0, "code") for e in index.entities.values() if e.tooi in codes]
        return found
    return [Hit(e, 50.0, "properties") for e in index.entities.values()]


def is_match(ranked: list[Candidate]) -> bool:
    """Whether the first candidate is certain: near-exact and clearly ahead of the second.

    The name alone must score ``LIKELY`` for a misspelling to count: agreeing
    constraints lift a candidate, but do not turn a different name into a match.
    """
    if not ranked or ranked[0].score < LIKELY:
        return False
    first, second = ranked[0], ranked[1] if len(ranked) > 1 else None
    if any(f["value"] is False for f in first.features):
        return False  # a constraint it contradicts: the researcher's data disagree, so do not decide
    lead = first.score - (second.score if second else 0.0)
    if first.score >= MATCH_SCORE and lead >= MATCH_LEAD:
        return True
    if first.hit.score >= LIKELY and lead >= CLEAR_LEAD:
        return True
    # a name found as written is not in doubt because another name looks like it (Tubbergen, Ubbergen)
    return (
        second is not None
        and first.hit.how in ("name", "code")
        and first.score >= EXACT
        and second.hit.how == "fuzzy"
    )


def reconcile(index: Index, query: Query) -> dict[str, Any]:
    """The protocol's answer to one query: ``{"result": [candidates]}``."""
    ranked = candidates(index, query)
    match = is_match(ranked)
    return {
        "result": [
            {
                "id": c.hit.entity.iri,
                "name": c.hit.entity.name,
                "description": describe(index, c.hit.entity),
                "score": c.score,
                "match": match and number == 0,
                "type": type_list(index, c.hit.entity),
                "features": c.features,
            }
            for number, c in enumerate(ranked)
        ]
    }


def reconcile_batch(index: Index, queries: Mapping[str, Query]) -> dict[str, Any]:
    return {key: reconcile(index, query) for key, query in queries.items()}


def type_list(index: Index, entity: Entity) -> list[dict[str, str]]:
    return [{"id": t, "name": index.types[t].label} for t in index.most_specific(entity)]


def describe(index: Index, entity: Entity) -> str:
    """One line that tells namesakes apart: kind, code, province, validity and successors.

    For a merged municipality it names where it went ("opgegaan in Leeuwarden (GM0080)").
    """
    kinds = [index.types[t].label for t in index.most_specific(entity)]
    parts = [", ".join(kinds)] if kinds else []
    parts += entity.codes[:1]
    province = entity.first("ligtInProvincie")
    if province:
        parts.append(index.label_of(province))
    start, end = entity.first("geldigVanaf"), entity.first("geldigTot")
    if start and end:
        parts.append(f"geldig {start[:10]} tot en met {end[:10]}")
    elif start:
        parts.append(f"geldig vanaf {start[:10]}")
    elif end:
        parts.append(f"bestond tot en met {end[:10]}")
    successors = [_named(index, s) for s in entity.values.get("opgegaanIn", [])]
    line = "; ".join(p for p in parts if p)
    if successors:
        line += "; opgegaan in " + ", ".join(successors)
    return line


def _named(index: Index, iri: str) -> str:
    other = index.entity(iri)
    if other is None:
        return index.label_of(iri)
    return f"{other.name} ({other.codes[0]})" if other.codes else other.name
