"""What the search pages show for a query: ranked hits, narrowed by facets, cut into pages.

The index (``service.store.search_index``) returns every hit with bm25; ``rerank``
puts the thing a visitor most likely means first, with the IRI as the last key so
that the order is the same on every request and page 2 continues where page 1
stopped. Facets count the type, the law (``sdo:betreftWet``) and the gemeente
(``sdo:betreftGemeente``) of the hits that pass the filters chosen, as the class
listings (``service.models.listing``) and Datasette do: one value per facet, facets
combine, and a filter value that is no IRI is a 400 rather than a list that silently
ignores it. A page number past the last page shows the last page, as everywhere on
the site.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from werkzeug.exceptions import BadRequest

from service.models import vocabulary
from service.models.context import PageContext
from service.models.links import short_name
from service.sparql.iri import InvalidIriError, check_iri
from service.store import search_index

MAX_QUERY = 200
PAGE_SIZE = 100
#: At most this many hits are ranked, paged, faceted and exported per query (the whole
#: index of the real build holds fewer entries than this).
MAX_HITS = 5000
#: facet (query parameter) -> title on the page
FACETS = {"type": "Soort", "wet": "Wet", "gemeente": "Gemeente"}
#: Values shown per facet, most frequent first.
FACET_VALUES = 20

#: (IRI, type IRI) -> the link to show for a hit, or None.
HrefFor = Callable[[str, str], str | None]


@dataclass(frozen=True)
class Result:
    hit: search_index.Hit
    href: str | None
    kind_label: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]
    more: int = 0  # values left out after the first FACET_VALUES


@dataclass
class Found:
    """One page of the hits of a query, and what narrows them."""

    query: str
    chosen: dict[str, str]
    total: int  # hits that pass the filters
    matched: int  # hits in the index before the cap and the filters
    page: int = 1
    pages: int = 1
    results: list[Result] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Number of the first hit on this page (1-based; 0 when there is none)."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.results else 0

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1 if self.results else 0

    @property
    def capped(self) -> bool:
        """True when the index matched more than ``MAX_HITS`` and only the best are shown."""
        return self.matched > MAX_HITS


def chosen_filters(args: Mapping[str, str]) -> dict[str, str]:
    """The facet values asked for, each an IRI; a value that is no IRI is a 400 with a Dutch message."""
    chosen = {}
    for name in FACETS:
        value = args.get(name)
        if value:
            try:
                chosen[name] = check_iri(value)
            except InvalidIriError:
                raise BadRequest(
                    f"Het filter {name}= vraagt een IRI, zoals de links bij de zoekresultaten die geven; "
                    f"dit is er geen: {value[:80]!r}"
                ) from None
    return chosen


def page_number(text: str | None) -> int:
    """The page asked for; anything but digits is page 1, as in the class listings."""
    return int(text) if text and text.isdigit() else 1


def find(ctx: PageContext, path: Path, text: str, chosen: dict[str, str], page: int, href: HrefFor) -> Found:
    """The page ``page`` of the hits for ``text`` (clamped to the pages there are), with facets."""
    text = text.strip()[:MAX_QUERY]
    matched, hits = _ranked(path, text)
    kept = [hit for hit in hits if _passes(hit, chosen)]
    pages = max(1, math.ceil(len(kept) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = kept[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    snippets = search_index.snippets(path, text, [hit.iri for hit in shown]) if shown else {}
    found = Found(text, chosen, len(kept), matched, page, pages)
    found.results = [_result(ctx, _with_snippet(hit, snippets), href) for hit in shown]
    found.facets = [f for f in (_facet(ctx, name, kept, chosen) for name in FACETS) if f is not None]
    return found


def every_result(
    ctx: PageContext, path: Path, text: str, chosen: dict[str, str], href: HrefFor
) -> list[Result]:
    """All hits that pass the filters, best first (at most ``MAX_HITS``): what an export holds."""
    _, hits = _ranked(path, text.strip()[:MAX_QUERY])
    return [_result(ctx, hit, href) for hit in hits if _passes(hit, chosen)]


def _ranked(path: Path, text: str) -> tuple[int, list[search_index.Hit]]:
    if not text or not path.exists():
        return 0, []
    found = search_index.matches(path, text, MAX_HITS)
    return found.total, rerank(found.hits, text)


def _passes(hit: search_index.Hit, chosen: dict[str, str]) -> bool:
    have = {(facet, value) for facet, value, _ in hit.facets}
    return all((name, value) in have for name, value in chosen.items())


def _with_snippet(hit: search_index.Hit, snippets: dict[str, str]) -> search_index.Hit:
    return replace(hit, snippet=snippets.get(hit.iri, ""))


def _result(ctx: PageContext, hit: search_index.Hit, href: HrefFor) -> Result:
    return Result(hit, href(hit.iri, hit.type_iri), kind_label(ctx, hit))


def kind_label(ctx: PageContext, hit: search_index.Hit) -> str:
    """The Dutch name of what a hit is: its type, else where its IRI lives."""
    if hit.type_iri:
        return vocabulary.info(ctx, hit.type_iri).label
    if hit.iri.startswith(ctx.vocab):
        return "ontologie"
    local = ctx.links.local_part(hit.iri)
    return local.split("/", 1)[0] if local and "/" in local else "overig"


def _facet(ctx: PageContext, name: str, hits: list[search_index.Hit], chosen: dict[str, str]) -> Facet | None:
    """Counts of one facet over the hits shown; left out when it would not narrow anything."""
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for hit in hits:
        for facet, value, label in set(hit.facets):
            if facet == name:
                counts[value] += 1
                labels[value] = label
    narrows = len(counts) > 1 or any(n < len(hits) for n in counts.values())
    if not counts or not (narrows or name in chosen):
        return None
    values = [
        FacetValue(value, _value_label(ctx, name, value, labels[value]), n, chosen.get(name) == value)
        for value, n in counts.items()
    ]
    values.sort(key=lambda v: (not v.active, -v.count, fold(v.label), v.value))
    return Facet(name, FACETS[name], values[:FACET_VALUES], max(0, len(values) - FACET_VALUES))


def _value_label(ctx: PageContext, name: str, value: str, label: str) -> str:
    if name == "type":
        return vocabulary.info(ctx, value).label
    return label or short_name(value)


def fold(text: str) -> str:
    """Case and diacritics folded, as the index folds them.

    >>> fold("Financiële ZORG")
    'financiele zorg'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def rerank(hits: list[search_index.Hit], text: str) -> list[search_index.Hit]:
    """Put the thing a visitor most likely means first: bm25 alone lets a long text outrank a name.

    An exact name comes first, then names holding every word typed (or what an
    abbreviation stands for), shortest first, and typed things before untyped ones;
    bm25 decides the rest, and the IRI breaks ties so the order never changes.
    """
    wanted = fold(text).split()
    typed = " ".join(re.findall(r"\w+", fold(text)))

    def spelled_out(label_words: list[str], word: str) -> bool:
        expansion = search_index.ABBREVIATIONS.get(word, "").split()
        return bool(expansion) and all(any(w.startswith(e) for w in label_words) for e in expansion)

    def named(label_words: list[str], word: str) -> bool:
        return any(w.startswith(word) for w in label_words) or spelled_out(label_words, word)

    def key(hit: search_index.Hit) -> tuple[bool, bool, bool, bool, int, float, str]:
        label_words = re.findall(r"\w+", fold(hit.label))
        exact = " ".join(label_words) == typed
        in_name = all(named(label_words, w) for w in wanted)
        # "Wmo" means the law spelled out before things that merely mention "Wmo"
        expanded = any(spelled_out(label_words, w) for w in wanted)
        # among names that hold every word, the shortest name is the closest match
        return (
            not exact,
            not in_name,
            not expanded,
            not hit.kind,
            len(label_words) if in_name else 0,
            -hit.score,
            hit.iri,
        )

    return sorted(hits, key=key)


def grouped(results: list[Result]) -> OrderedDict[str, list[Result]]:
    """Results by type; a type comes where its best hit ranks."""
    groups: OrderedDict[str, list[Result]] = OrderedDict()
    for result in results:
        groups.setdefault(result.kind_label, []).append(result)
    return groups
