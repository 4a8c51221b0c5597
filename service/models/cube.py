"""One statistical dataset (W3C RDF Data Cube, https://www.w3.org/TR/vocab-data-cube/) read from the store.

``load`` reads any ``qb:DataSet`` the same way, whatever its dimensions: the
components of its structure definition in ``qb:order``, its observations and the
Dutch labels of the values they use. Nothing here knows a particular table; the
only vocabulary it singles out is the unit (``sdo:eenheid``), the value qualifier
(``sdo:waardeaanduiding``) and the period dimensions (``sdo:refPeriode``,
``sdo:meting``), because a reader expects those in a fixed place. Turning a dataset
into a table and a chart is pure and lives in ``service.render.cube_table``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from service import queries
from service.models.links import sparql_iri
from service.models.literals import format_literal

QB = "http://purl.org/linked-data/cube#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
XSD_GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"
#: The kind of term a label names to tell it from a namesake class; a table heading needs none of it.
MODELLING_QUALIFIER = re.compile(r"\s*\((?:dimensie|attribuut|maat|meeteenheid|component)\)$")


@dataclass(frozen=True)
class Term:
    """A dimension or attribute value: ``key`` identifies it (IRI or lexical form), ``label`` shows it."""

    key: str
    label: str
    iri: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Component:
    """One component of the structure: ``label`` is the reader's word, ``formal`` the ontology's label."""

    prop: str
    kind: str  # "dimension", "measure" or "attribute"
    order: int
    label: str
    attachment: str = ""
    formal: str = ""


def reader_label(label: str) -> str:
    """The label without the modelling qualifier the ontology adds to tell a property from a class.

    >>> reader_label("referentieperiode (dimensie)"), reader_label("doelgroep/cliënten")
    ('referentieperiode', 'doelgroep/cliënten')
    """
    return MODELLING_QUALIFIER.sub("", label) or label


@dataclass
class Observation:
    iri: str
    label: str = ""
    value: str = ""  # the measure's lexical form, exactly as stored
    values: dict[str, Term] = field(default_factory=dict)  # dimension and attribute values by property
    notes: list[str] = field(default_factory=list)
    quote: str = ""


@dataclass(frozen=True)
class Source:
    iri: str
    slug: str
    number: str
    title: str
    document: str


@dataclass
class Cube:
    iri: str
    slug: str
    vocab: str  # the ``sdo:`` namespace of the build
    label: str = ""
    label_en: str = ""
    description: str = ""
    comment: str = ""
    quote: str = ""
    table_number: str = ""
    table_title: str = ""
    sources: list[Source] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    attributes: list[tuple[Component, Term]] = field(default_factory=list)  # attached to the dataset
    totals: dict[str, frozenset[str]] = field(
        default_factory=dict
    )  # total code -> its parts (sdo:isTotaalVan)

    def dimensions(self) -> list[Component]:
        return [c for c in self.components if c.kind == "dimension"]

    @property
    def unit_prop(self) -> str:
        return self.vocab + "eenheid"

    @property
    def qualifier_prop(self) -> str:
        return self.vocab + "waardeaanduiding"

    @property
    def periods(self) -> frozenset[str]:
        """Dimensions that order observations in time, so they become columns and x axes."""
        return frozenset({self.vocab + "refPeriode", self.vocab + "meting", self.vocab + "meetronde"})

    def measure(self) -> Component:
        measures = [c for c in self.components if c.kind == "measure"]
        return measures[0] if measures else Component(self.vocab + "waarde", "measure", 0, "waarde")

    def units(self) -> list[Term]:
        """The units the observations use, most used first (ties in order of appearance)."""
        counts: dict[str, tuple[int, int, Term]] = {}
        for index, obs in enumerate(self.observations):
            unit = obs.values.get(self.unit_prop)
            if unit is not None:
                seen, first, _ = counts.get(unit.key, (0, index, unit))
                counts[unit.key] = (seen + 1, first, unit)
        return [term for _, _, term in sorted(counts.values(), key=lambda c: (-c[0], c[1]))]


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts ``meting-2`` before ``meting-10`` and ``obs-9`` before ``obs-10``.

    >>> sorted(["a-10", "a-9", "a-1"], key=natural_key)
    ['a-1', 'a-9', 'a-10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def term_of(node: Any, label: Any = None) -> Term:
    """A pyoxigraph term (duck-typed: only store.py imports pyoxigraph) as a ``Term``.

    Literals are shown the way the rest of the site shows them (dates in words);
    IRIs without a Dutch label show their last path segment.
    """
    if type(node).__name__ == "NamedNode":
        text = label.value if label is not None else re.split(r"[/#]", node.value.rstrip("/#"))[-1]
        return Term(node.value, text, iri=node.value)
    datatype = node.datatype.value if getattr(node, "datatype", None) is not None else None
    return Term(node.value, format_literal(node.value, datatype), datatype=datatype)


class Reader:
    """Runs the ``cube_*`` queries against the asserted graphs of a built store."""

    def __init__(self, store: Any, base: str) -> None:
        self.store = store
        self.prefixes = {"sdo": base + "def/", "qb": QB}
        # inferred triples (superclasses, superproperties) are no part of a dataset as published
        graphs = store.default_graph() if hasattr(store, "default_graph") else None
        self.options: dict[str, Any] = {"prefixes": self.prefixes}
        if graphs is not None:
            self.options["default_graph"] = [g for g in graphs if not g.value.endswith("/graph/inferred")]

    def run(self, name: str, **values: str) -> Any:
        return self.store.query(queries.load(name, **values), **self.options)


@dataclass
class Listed:
    """One dataset as the catalogue lists it."""

    slug: str
    label: str
    observations: int
    sources: list[Source] = field(default_factory=list)


def catalogue(store: Any, base: str) -> list[Listed]:
    """Every dataset under ``{base}id/dataset/`` with its title, size and source sections, by slug."""
    prefix = base + "id/dataset/"
    found: dict[str, Listed] = {}
    sources: dict[str, dict[str, Source]] = {}
    for s in Reader(store, base).run("cube_catalogue"):
        iri = s["dataset"].value
        if not iri.startswith(prefix):
            continue
        label = s["label"].value if s["label"] is not None else iri
        found.setdefault(iri, Listed(iri[len(prefix) :], label, int(s["observations"].value)))
        if s["section"] is not None:
            sources.setdefault(iri, {})[s["section"].value] = _listed_source(s, base)
    for iri, entry in found.items():
        entry.sources = sorted(sources.get(iri, {}).values(), key=lambda s: natural_key(s.number))
    return sorted(found.values(), key=lambda e: natural_key(e.slug))


def _listed_source(solution: Any, base: str) -> Source:
    section, prefix = solution["section"].value, base + "id/sectie/"
    slug = section[len(prefix) :] if section.startswith(prefix) else ""
    return Source(section, slug, _text(solution, "number"), _text(solution, "title"), "")


def dataset_iri(base: str, slug: str) -> str:
    return f"{base}id/dataset/{slug}"


def load(store: Any, base: str, slug: str) -> Cube | None:
    """The dataset ``{base}id/dataset/{slug}`` with everything a page needs; None when there is none."""
    if not SLUG.match(slug):
        return None
    reader = Reader(store, base)
    iri = sparql_iri(dataset_iri(base, slug))
    cube = Cube(dataset_iri(base, slug), slug, base + "def/")
    rows = list(reader.run("cube_dataset", dataset=iri))
    if not any(r["p"].value == RDF_TYPE and r["o"].value == QB + "DataSet" for r in rows):
        return None
    cube.components = _components(reader.run("cube_components", dataset=iri))
    _describe(cube, rows)
    cube.sources = _sources(reader.run("cube_sources", dataset=iri), base)
    cube.observations = _observations(cube, reader.run("cube_observations", dataset=iri))
    cube.components = [_period_word(cube, c) for c in cube.components]
    cube.totals = _totals(reader.run("cube_totals", dataset=iri))
    return cube


def _period_word(cube: Cube, component: Component) -> Component:
    """A period dimension whose values are all years is headed ``jaar``, the word a reader uses."""
    if component.prop not in cube.periods:
        return component
    kinds = {o.values[component.prop].datatype for o in cube.observations if component.prop in o.values}
    return replace(component, label="jaar") if kinds == {XSD_GYEAR} else component


def _totals(solutions: Any) -> dict[str, frozenset[str]]:
    parts: dict[str, set[str]] = {}
    for s in solutions:
        parts.setdefault(s["total"].value, set()).add(s["part"].value)
    return {total: frozenset(found) for total, found in sorted(parts.items())}


def _components(solutions: Any) -> list[Component]:
    found: dict[str, Component] = {}
    for s in solutions:
        prop = s["property"].value
        label = s["label"].value if s["label"] is not None else prop.rsplit("/", 1)[-1]
        order = int(s["order"].value) if s["order"] is not None else 999
        attachment = s["attachment"].value if s["attachment"] is not None else ""
        candidate = Component(prop, s["kind"].value, order, reader_label(label), attachment, label)
        if prop not in found or candidate.formal < found[prop].formal:
            found[prop] = candidate
    return sorted(found.values(), key=lambda c: (c.order, c.prop))


def _describe(cube: Cube, rows: list[Any]) -> None:
    """Title, description and table caption from the dataset node; dataset-level attributes."""
    text: dict[tuple[str, str], str] = {}
    for r in sorted(rows, key=lambda r: (r["p"].value, r["o"].value)):
        language = getattr(r["o"], "language", None) or ""
        text.setdefault((r["p"].value, language), r["o"].value)
    pick = lambda prop, lang="nl": text.get((prop, lang), text.get((prop, ""), ""))  # noqa: E731
    cube.label = pick(RDFS + "label") or cube.slug
    cube.label_en = text.get((RDFS + "label", "en"), "")
    cube.description = pick(DCT + "description")
    cube.comment = pick(RDFS + "comment")
    cube.quote = pick(cube.vocab + "citaat")
    cube.table_number = pick(cube.vocab + "tabelnummer")
    cube.table_title = pick(cube.vocab + "tabeltitel") or pick(cube.vocab + "bronTabel")
    attached = {c.prop: c for c in cube.components if c.kind == "attribute"}
    for r in sorted(rows, key=lambda r: (r["p"].value, r["o"].value)):
        if r["p"].value in attached:
            cube.attributes.append((attached[r["p"].value], term_of(r["o"], r["label"])))


def _text(solution: Any, name: str) -> str:
    return solution[name].value if solution[name] is not None else ""


def _sources(solutions: Any, base: str) -> list[Source]:
    prefix = base + "id/sectie/"
    found: dict[str, Source] = {}
    for s in solutions:
        iri = s["section"].value
        slug = iri[len(prefix) :] if iri.startswith(prefix) else ""
        found.setdefault(
            iri, Source(iri, slug, _text(s, "number"), _text(s, "title"), _text(s, "document_label"))
        )
    return sorted(found.values(), key=lambda s: natural_key(s.number or s.iri))


def _observations(cube: Cube, solutions: Any) -> list[Observation]:
    """Observations in the order of their IRIs' numbers, which is the order of the source table."""
    components = {c.prop: c for c in cube.components}
    measure = cube.measure().prop
    found: dict[str, Observation] = {}
    labels: dict[tuple[str, str], str] = {}
    for s in solutions:
        obs = found.setdefault(s["observation"].value, Observation(s["observation"].value))
        prop, node = s["p"].value, s["o"]
        if prop == measure:
            obs.value = node.value
        elif prop in components:
            term = term_of(node, s["label"])
            previous = obs.values.get(prop)
            if (
                previous is None or term.label < previous.label
            ):  # several Dutch labels: keep one, always the same
                obs.values[prop] = term
        elif prop == RDFS + "label" and getattr(node, "language", "") == "nl":
            labels[(obs.iri, "label")] = node.value
        elif prop in (RDFS + "comment", cube.vocab + "voetnoot"):
            obs.notes.append(node.value)
        elif prop == cube.vocab + "citaat":
            obs.quote = node.value
    for obs in found.values():
        obs.label = labels.get((obs.iri, "label"), "")
        obs.notes.sort()
    return sorted(found.values(), key=lambda o: natural_key(o.iri))
