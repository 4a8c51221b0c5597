"""Blueprint "cite": the "Citeer dit" block of the homepage, entity, dataset and query pages.

Templates call ``citation(title)`` (a context function) and include ``_cite.html``; the
texts themselves come from ``service.render.citation``, with the release this build is
and the absolute URL of the page. The access date is left as a placeholder that
``static/cite.js`` fills in when the page is shown and again when the text is copied:
the HTML stays the same for every reader, so its cache and ETag stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, request, url_for

from service.render import citation as texts
from service.web.releases import served_release

bp = Blueprint("cite", __name__)

#: The headings of the styles, in the order the block shows them.
STYLE_NAMES = {"apa": "APA", "bibtex": "BibTeX", "ris": "RIS"}


@dataclass(frozen=True)
class Block:
    """What ``_cite.html`` shows: the release, the URL and each style's text."""

    cited: texts.Cited
    styles: dict[str, str]
    names: dict[str, str]
    placeholder: str = texts.ACCESSED


def page_url() -> str:
    """The absolute URL of this page as the site builds links (script root and host included)."""
    return url_for(request.endpoint or "pages.home", _external=True, **(request.view_args or {}))


def query_url(query: str) -> str:
    """The absolute URL that shows this query's result again, whether it was sent by GET or POST."""
    return url_for("sparql.endpoint", _external=True) + "?" + urlencode({"query": query, "format": "html"})


def block(title: str, url: str | None = None, notes: tuple[str, ...] = ()) -> Block:
    """The citation of this page (or of ``url``), naming the release served now."""
    cited = texts.Cited(title=title, url=url or page_url(), release=served_release(), notes=notes)
    return Block(cited, texts.all_styles(cited), STYLE_NAMES)


@bp.app_context_processor
def citation_helper() -> dict:
    """Templates build their block with ``citation(title)``."""
    return {"citation": block}
