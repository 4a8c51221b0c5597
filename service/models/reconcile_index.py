"""The things a spreadsheet column can be matched to, read once from a build, and how names find them.

A build never changes, so the reconciliation service reads the names, codes, types,
validity and neighbours of every gemeente (version), provincie, region, law and
organisation with three SPARQL queries and keeps them in memory (``Index.load``).
Looking a name up is then a dictionary hit on its folded forms (``dutch_names.keys``),
a CBS code, or, for a misspelling, the closest names sharing letter trigrams scored
by ``difflib``: no query reaches the store per reconciliation request.

Scores run from 0 to 100: 100 for the preferred name or a code, a little less for an
alternative name and for a spelling with parts left out, the ``difflib`` ratio for a
misspelling. Document gemeenten that point to their 2017 version
(``sdo:gemeenteversie2017``) are the same municipality; only the version is offered.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from service.models import dutch_names
from service.store.built import BuiltStore, solutions

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
TOOI = "https://identifier.overheid.nl/tooi/id/"

#: The classes (with their subclasses) whose instances can be reconciled, by local name.
ROOT_TYPES = ("Gemeente", "Provincie", "Arbeidsmarktregio", "Jeugdregio", "Wet", "Organisatie")
#: Weight of a name by the property that gives it.
NAME_WEIGHTS = {f"{SKOS}prefLabel": 1.0, RDFS_LABEL: 1.0, f"{SKOS}altLabel": 0.97, "afkorting": 0.9}
#: Which name is the entity's name: the preferred label, else the label, else an alternative.
NAME_RANKS = (f"{SKOS}prefLabel", RDFS_LABEL, f"{SKOS}altLabel", "afkorting")
#: Weight of a spelling that leaves out parts of a name ("Gravenhage" for "'s-Gravenhage").
SHORTENED = 0.95
#: Weight of a name without its qualifier ("Bergen" for "Bergen (NH)"): never a match on its own.
BASE_NAME = 0.87  # above a fuzzy likeness of a longer name (Eibergen), below MATCH_SCORE
#: Local names of the properties read for each entity (beside names and types).
VALUE_PROPERTIES = (
    "cbsGemeentecode",
    "cbsProvinciecode",
    "cbsRegiocode",
    "bwbId",
    "oin",
    "afkorting",
    "ligtInProvincie",
    "inArbeidsmarktregio",
    "inJeugdregio",
    "opgegaanIn",
    "ontstaanUit",
    "geldigVanaf",
    "geldigTot",
    "gemeenteversie2017",
)
FUZZY_POOL = 40
#: A suggestion that only looks like what was typed must look this much like it.
LIKE = 60.0


@dataclass
class Entity:
    """One thing that can be reconciled: its names, codes, types and the values the service shows."""

    iri: str
    name: str = ""
    name_rank: int = len(NAME_RANKS)  # which property gave ``name``: the preferred label wins
    names: list[tuple[str, float]] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def first(self, local: str) -> str | None:
        """The first value of a property (local name in ``sdo:``), if any."""
        found = self.values.get(local)
        return found[0] if found else None

    @property
    def codes(self) -> list[str]:
        """Every code this entity is known by (CBS, BWB, OIN), upper case."""
        found = []
        for local in ("cbsGemeentecode", "cbsProvinciecode", "cbsRegiocode", "bwbId", "oin"):
            found += [v.strip().upper() for v in self.values.get(local, [])]
        return found

    @property
    def tooi(self) -> str | None:
        """The TOOI IRI among the ``owl:sameAs`` links."""
        return next((v for v in self.values.get("sameAs", []) if v.startswith(TOOI)), None)

    def valid_on(self, day: datetime.date) -> bool:
        """Whether this version existed on that day (``geldigTot`` is its last day, as in TOOI's register)."""
        start, end = _date(self.first("geldigVanaf")), _date(self.first("geldigTot"))
        return (start is None or start <= day) and (end is None or day <= end)

    @property
    def ended(self) -> bool:
        """Whether the version no longer exists (a merged or renamed municipality)."""
        return self.first("geldigTot") is not None


@dataclass(frozen=True)
class TypeInfo:
    iri: str
    label: str
    label_en: str
    ancestors: frozenset[str]


@dataclass(frozen=True)
class Hit:
    entity: Entity
    score: float
    how: str  # "code", "name", "fuzzy": what the score rests on


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


class Index:
    """Every reconcilable entity of one build, with look-ups by folded name, code and trigram."""

    def __init__(self, vocab: str, types: dict[str, TypeInfo], entities: Iterable[Entity]) -> None:
        self.vocab = vocab
        self.types = types
        self.entities: dict[str, Entity] = {e.iri: e for e in entities}
        self.by_key: dict[str, dict[str, float]] = defaultdict(dict)
        self.by_code: dict[str, set[str]] = defaultdict(set)
        self.trigrams: dict[str, set[str]] = defaultdict(set)
        for entity in self.entities.values():
            self._add(entity)

    def _add(self, entity: Entity) -> None:
        for name, weight in entity.names:
            found = dutch_names.keys(name)
            for number, key in enumerate(found):
                self._key(key, entity.iri, weight if number == 0 else weight * SHORTENED)
            base = dutch_names.base_name(name)
            if base and base not in found:
                self._key(base, entity.iri, weight * BASE_NAME)
        for code in entity.codes:
            self.by_code[code].add(entity.iri)

    def _key(self, key: str, iri: str, weight: float) -> None:
        if weight > self.by_key[key].get(iri, 0.0):
            self.by_key[key][iri] = weight
        for gram in dutch_names.trigrams(key):
            self.trigrams[gram].add(key)

    @classmethod
    def load(cls, store: BuiltStore, base: str) -> Index:
        """Read the entities of a build with three queries (types, names and values)."""
        vocab = base + "def/"
        types = _types(store, vocab)
        entities: dict[str, Entity] = {}
        for row in solutions(store.query(_entity_query(vocab, types))):
            iri, prop, value = row["s"].value, row["p"].value, row["o"]
            entity = entities.setdefault(iri, Entity(iri))
            _record(entity, prop, value, vocab, types)
        return cls(vocab, types, _offered(entities))

    def type_of(self, text: str) -> str | None:
        """The class IRI a client names: a full IRI, ``sdo:Gemeente``, ``Gemeente`` or its Dutch label."""
        text = text.strip()
        candidates = [text, self.vocab + text.removeprefix("sdo:")]
        for iri in candidates:
            if iri in self.types:
                return iri
        folded = dutch_names.fold(text)
        return next((i for i, t in self.types.items() if dutch_names.fold(t.label) == folded), None)

    def entity(self, iri: str) -> Entity | None:
        return self.entities.get(iri.strip())

    def lookup(self, text: str, limit: int = 50) -> list[Hit]:
        """Candidates for what a person typed, best first: by code, by folded name, then by likeness."""
        scores: dict[str, tuple[float, str]] = {}

        def offer(iri: str, score: float, how: str) -> None:
            if score > scores.get(iri, (0.0, ""))[0]:
                scores[iri] = (score, how)

        for code in _codes_in(text):
            for iri in self.by_code.get(code, ()):
                offer(iri, 100.0, "code")
        query_keys = dutch_names.keys(text)
        for number, key in enumerate(query_keys):
            for iri, weight in self.by_key.get(key, {}).items():
                offer(iri, 100.0 * weight * (1.0 if number == 0 else SHORTENED), "name")
        if query_keys:
            for key, ratio in self._similar(query_keys[0]):
                for iri, weight in self.by_key[key].items():
                    offer(iri, 100.0 * ratio * weight, "fuzzy")
        hits = [Hit(self.entities[i], round(s, 2), how) for i, (s, how) in scores.items()]
        hits.sort(key=lambda h: (-h.score, h.entity.ended, h.entity.name, h.entity.iri))
        return hits[:limit]

    def _similar(self, key: str) -> list[tuple[str, float]]:
        """Names that look like ``key``: those sharing most trigrams, scored by ``difflib``'s ratio."""
        grams = dutch_names.trigrams(key)
        shared: dict[str, int] = defaultdict(int)
        for gram in grams:
            for other in self.trigrams.get(gram, ()):
                shared[other] += 1
        pool = sorted(shared, key=lambda k: -2 * shared[k] / (len(grams) + len(k) + 1))[:FUZZY_POOL]
        return [(k, difflib.SequenceMatcher(None, key, k, autojunk=False).ratio()) for k in pool]

    def prefixed(self, prefix: str, limit: int) -> list[Hit]:
        """Entities with a name starting with what was typed (suggest), then those that look like it."""
        wanted = dutch_names.keys(prefix)
        if not wanted:
            return []
        hits: dict[str, Hit] = {}
        for key, found in self.by_key.items():
            if any(key.startswith(w) for w in wanted):
                for iri, weight in found.items():
                    score = 100.0 * weight * min(1.0, (len(wanted[0]) + 2) / (len(key) + 2))
                    if iri not in hits or hits[iri].score < score:
                        hits[iri] = Hit(self.entities[iri], round(score, 2), "prefix")
        ordered = sorted(hits.values(), key=lambda h: (-h.score, h.entity.ended, h.entity.name))
        if len(ordered) < limit:
            seen = {h.entity.iri for h in ordered}
            ordered += [h for h in self.lookup(prefix, limit) if h.entity.iri not in seen and h.score >= LIKE]
        return ordered[:limit]

    def label_of(self, iri: str) -> str:
        """The name of an entity or class this index knows, else the IRI's last segment."""
        if iri in self.entities:
            return self.entities[iri].name
        if iri in self.types:
            return self.types[iri].label
        return iri.rstrip("/").rsplit("/", 1)[-1]

    def most_specific(self, entity: Entity) -> list[str]:
        """The entity's classes that no other of its classes is a subclass of (Gemeenteversie, not Gemeente)."""
        mine = entity.types
        return sorted(t for t in mine if not any(t in self.types[o].ancestors and o != t for o in mine))


def _codes_in(text: str) -> list[str]:
    """The codes a query may be: a CBS code in any spelling, or an identifier as written (BWBR…)."""
    found = [c for c in (dutch_names.code(text),) if c]
    plain = text.strip().upper()
    if plain and " " not in plain:
        found.append(plain)
    return found


def _types(store: BuiltStore, vocab: str) -> dict[str, TypeInfo]:
    """The reconcilable classes with their Dutch and English labels and their ancestors among them."""
    roots = " ".join(f"<{vocab}{name}>" for name in ROOT_TYPES)
    query = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?d (SAMPLE(?nl) AS ?label) (SAMPLE(?en) AS ?label_en) WHERE {{
  VALUES ?root {{ {roots} }}
  ?c rdfs:subClassOf* ?root . FILTER(isIRI(?c) && STRSTARTS(STR(?c), "{vocab}"))
  ?c rdfs:subClassOf* ?d . ?d rdfs:subClassOf* ?root .
  OPTIONAL {{ ?c rdfs:label ?nl FILTER(langMatches(lang(?nl), "nl")) }}
  OPTIONAL {{ ?c rdfs:label ?en FILTER(langMatches(lang(?en), "en")) }}
}} GROUP BY ?c ?d"""
    ancestors: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, tuple[str, str]] = {}
    for row in solutions(store.query(query)):
        cls = row["c"].value
        ancestors[cls].add(row["d"].value)
        label, label_en = row["label"], row["label_en"]
        labels[cls] = (
            label.value if label is not None else cls[len(vocab) :],
            label_en.value if label_en is not None else "",
        )
    return {c: TypeInfo(c, labels[c][0], labels[c][1], frozenset(a)) for c, a in ancestors.items()}


def _entity_query(vocab: str, types: dict[str, TypeInfo]) -> str:
    classes = " ".join(f"<{c}>" for c in sorted(types))
    props = " ".join(f"<{vocab}{p}>" for p in VALUE_PROPERTIES)
    return f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?t {{ {classes} }}
  ?s a ?t . FILTER(isIRI(?s))
  VALUES ?p {{ <{RDF_TYPE}> <{RDFS_LABEL}> <{SKOS}prefLabel> <{SKOS}altLabel> <{SKOS}notation> <{OWL_SAME_AS}> {props} }}
  ?s ?p ?o .
}}"""


def _record(entity: Entity, prop: str, value: object, vocab: str, types: dict[str, TypeInfo]) -> None:
    """Put one (property, value) of an entity where the index reads it."""
    text = str(value.value)  # type: ignore[attr-defined]
    language = getattr(value, "language", None)
    if prop == RDF_TYPE:
        if text in types:
            entity.types |= types[text].ancestors
        return
    if prop in NAME_WEIGHTS:
        if language is None or language.startswith("nl"):
            entity.names.append((text, NAME_WEIGHTS[prop]))
            rank = NAME_RANKS.index(prop)
            if rank < entity.name_rank or (rank == entity.name_rank and text < entity.name):
                entity.name, entity.name_rank = text, rank
        elif language.startswith("en"):
            entity.values["label_en"].append(text)
        return
    local = "sameAs" if prop == OWL_SAME_AS else prop.removeprefix(vocab)
    if prop == f"{SKOS}notation":
        local = "notation"
    entity.values[local].append(text)
    if local == "afkorting":
        entity.names.append((text, NAME_WEIGHTS["afkorting"]))


def _offered(entities: dict[str, Entity]) -> list[Entity]:
    """The entities to offer: named ones, without document gemeenten that have a 2017 version."""
    offered = []
    for entity in entities.values():
        if not entity.name or entity.first("gemeenteversie2017") in entities:
            continue
        entity.names.sort(key=lambda n: -n[1])
        for local in entity.values:
            entity.values[local] = sorted(set(entity.values[local]))
        offered.append(entity)
    return offered
