"""Blueprint "search": ``/search?q=`` over labels and texts, and its JSON twin ``/search.json``.

The ranking, Dutch folding (case, diacritics), prefixes and abbreviations (Wmo, Pw,
Jw …) live in ``service.store.search_index``; this module groups the hits by type for people and
lists them flat, with the same fields, for machines (datasette's ``.json`` rule).
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, render_template, request

from service.models import vocabulary
from service.models.context import PageContext
from service.store import search_index
from service.web.links import page_context

bp = Blueprint("search", __name__)

MAX_QUERY = 200
LIMIT = 100


@dataclass(frozen=True)
class Result:
    hit: search_index.Hit
    href: str | None
    kind_label: str


def run(text: str) -> list[Result]:
    """Ranked results for what the visitor typed (empty for an empty or overlong query)."""
    text = text.strip()[:MAX_QUERY]
    ctx = page_context()
    path = ctx.store.folder / "search.sqlite"
    if not text or not path.exists():
        return []
    hits = rerank(search_index.search(path, text, LIMIT * 3), text)[:LIMIT]
    return [Result(hit, ctx.links.href_for(hit.iri), _kind_label(ctx, hit)) for hit in hits]


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
    bm25 decides the rest.
    """
    wanted = fold(text).split()

    def spelled_out(label_words: list[str], word: str) -> bool:
        expansion = search_index.ABBREVIATIONS.get(word, "").split()
        return bool(expansion) and all(any(w.startswith(e) for w in label_words) for e in expansion)

    def named(label_words: list[str], word: str) -> bool:
        return any(w.startswith(word) for w in label_words) or spelled_out(label_words, word)

    def key(hit: search_index.Hit) -> tuple[bool, bool, bool, bool, int, float]:
        label_words = re.findall(r"\w+", fold(hit.label))
        exact = " ".join(label_words) == " ".join(re.findall(r"\w+", fold(text)))
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
        )

    return sorted(hits, key=key)


def _kind_label(ctx: PageContext, hit: search_index.Hit) -> str:
    if hit.kind:
        return vocabulary.info(ctx, ctx.vocab + hit.kind).label
    if hit.iri.startswith(ctx.vocab):
        return "ontologie"
    local = ctx.links.local_part(hit.iri)
    return local.split("/", 1)[0] if local and "/" in local else "overig"


def grouped(results: list[Result]) -> OrderedDict[str, list[Result]]:
    """Results by type; a type comes where its best hit ranks."""
    groups: OrderedDict[str, list[Result]] = OrderedDict()
    for result in results:
        groups.setdefault(result.kind_label, []).append(result)
    return groups


@bp.get("/search")
def search_page() -> str:
    """Search results grouped by type, with a link to the JSON twin."""
    text = request.args.get("q", "")
    results = run(text)
    return render_template("search.html", q=text, results=results, groups=grouped(results))


@bp.get("/search.json")
def search_json() -> Response:
    """The same results as JSON: one object per hit, best first."""
    text = request.args.get("q", "")
    results = run(text)
    return jsonify(
        query=text,
        count=len(results),
        results=[
            {
                "iri": r.hit.iri,
                "label": r.hit.label,
                "label_en": r.hit.label_en or None,
                "type": r.hit.kind or None,
                "type_label": r.kind_label,
                "snippet": r.hit.snippet,
                "score": round(r.hit.score, 4),
                "href": r.href,
            }
            for r in results
        ],
    )
