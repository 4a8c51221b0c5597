"""Map the graph's IRIs onto the site's paths, and back, for one base IRI and one site root.

The data is built with one base IRI (``https://sociaaldomein.example/`` unless
``BASE_IRI`` moved it) but may be served anywhere, for example on
``http://127.0.0.1:5000`` or below a path prefix. Every IRI under the base therefore
becomes a root-relative path on the site, so each link on a page works wherever the
site runs. ``/id/`` IRIs link straight to their ``/doc/`` page, which saves the 303 hop.

Only ``http``, ``https`` and ``mailto`` IRIs become links: an IRI such as
``javascript:alert(1)`` is a valid IRI but must never be clickable.

``Links`` is plain data: ``service.web.links`` makes one from the request (its
script root) and the served build's base IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from service.sparql.iri import check_iri

LINKABLE_SCHEMES = ("http", "https", "mailto")
#: Characters a path keeps as they are; everything else is percent-encoded.
PATH_SAFE = "/#?=&%:@!$'()*+,;~-._"


@dataclass(frozen=True)
class Links:
    """IRIs under ``base`` <-> paths under ``root`` (``""`` when the site is served at ``/``).

    >>> links = Links("https://example.org/", "/kg")
    >>> links.href_for("https://example.org/id/wet/jeugdwet")
    '/kg/doc/wet/jeugdwet'
    >>> links.href_for("javascript:alert(1)") is None
    True
    """

    base: str
    root: str = ""

    def href_for(self, iri: str) -> str | None:
        """The link target for an IRI on this site, or None when it must not be a link.

        IRIs under the base become root-relative paths, ``id/`` turned into ``doc/``.
        """
        if iri.startswith(self.base):
            rest = iri[len(self.base) :]
            if rest.startswith("id/"):
                rest = "doc/" + rest[3:]
            return self.root + "/" + quote(rest, safe=PATH_SAFE)
        scheme = urlsplit(iri).scheme.lower()
        return iri if scheme in LINKABLE_SCHEMES else None

    def iri_for(self, kind: str, local: str) -> str:
        """The graph IRI for a request path: ``("id", "wet/jeugdwet")`` -> ``{base}id/wet/jeugdwet``.

        Every path that names a resource becomes an IRI here, so this is where a path
        that cannot be one (``%C2%99``, a space …) is refused: InvalidIriError, status 404.
        """
        return check_iri(self.path_iri(kind, local), status=404)

    def path_iri(self, kind: str, local: str) -> str:
        """The text ``iri_for`` checks, unchecked: to show in a "not found" page, never to query."""
        return f"{self.base}{kind}/{local}"

    def local_part(self, iri: str) -> str | None:
        """``{base}id/wet/jeugdwet`` -> ``wet/jeugdwet``; None for IRIs outside ``{base}id/``."""
        prefix = self.base + "id/"
        return iri[len(prefix) :] if iri.startswith(prefix) else None

    def sparql_link(self, query: str) -> str:
        """A link to the SPARQL endpoint that runs ``query``."""
        return self.root + "/sparql?query=" + quote(query, safe="")


def sparql_iri(iri: str) -> str:
    """``<iri>`` for embedding in SPARQL; raises InvalidIriError (a ValueError) for text that is no IRI.

    >>> sparql_iri("https://example.org/a")
    '<https://example.org/a>'
    >>> sparql_iri("https://example.org/a> } DROP ALL {")
    Traceback (most recent call last):
    service.sparql.iri.InvalidIriError: geen geldige IRI / not a valid IRI: 'https://example.org/a> } DROP ALL {'
    """
    return f"<{check_iri(iri)}>"


def short_name(iri: str) -> str:
    """A readable fallback label: the last path or fragment segment of an IRI.

    >>> short_name("https://example.org/def/Gemeente")
    'Gemeente'
    >>> short_name("http://www.w3.org/2000/01/rdf-schema#label")
    'label'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
