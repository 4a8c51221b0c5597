"""Map the graph's IRIs onto this server's paths, and back.

The data is built with one base IRI (``https://sociaaldomein.example/`` unless
``BASE_IRI`` moved it) but may be served anywhere, for example on
``http://127.0.0.1:5000``. Every IRI under the base therefore becomes a path on the
host that served the request, so each link on a page works wherever the site runs.
``/id/`` IRIs link straight to their ``/doc/`` page, which saves the 303 hop.

Only ``http``, ``https`` and ``mailto`` IRIs become links: an IRI such as
``javascript:alert(1)`` is a valid IRI but must never be clickable.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from flask import current_app, request

from service.sparql.iri import check_iri
from service.web.store_access import get_store

LINKABLE_SCHEMES = ("http", "https", "mailto")


def data_base() -> str:
    """The base IRI the served build was made with (build.json), else the setting."""
    try:
        return get_store().info.get("base_iri") or current_app.config["BASE_IRI"]
    except RuntimeError:  # no store published: links still work against the setting
        return current_app.config["BASE_IRI"]


def href_for(iri: str) -> str | None:
    """The link target for an IRI on this host, or None when it must not be a link.

    IRIs under the base become root-relative paths, ``id/`` turned into ``doc/``.
    """
    base = data_base()
    if iri.startswith(base):
        rest = iri[len(base) :]
        if rest.startswith("id/"):
            rest = "doc/" + rest[3:]
        return request.script_root + "/" + quote(rest, safe="/#?=&%:@!$'()*+,;~-._")
    scheme = urlsplit(iri).scheme.lower()
    return iri if scheme in LINKABLE_SCHEMES else None


def iri_for(kind: str, local: str) -> str:
    """The graph IRI for a request path: ``("id", "wet/jeugdwet")`` -> ``{base}id/wet/jeugdwet``.

    Every path that names a resource becomes an IRI here, so this is where a path
    that cannot be one (``%C2%99``, a space …) is refused: InvalidIriError, status 404.
    """
    return check_iri(path_iri(kind, local), status=404)


def path_iri(kind: str, local: str) -> str:
    """The text ``iri_for`` checks, unchecked: to show in a "not found" page, never to query."""
    return f"{data_base()}{kind}/{local}"


def local_part(iri: str) -> str | None:
    """``{base}id/wet/jeugdwet`` -> ``wet/jeugdwet``; None for IRIs outside ``{base}id/``."""
    prefix = data_base() + "id/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def sparql_iri(iri: str) -> str:
    """``<iri>`` for embedding in SPARQL; raises InvalidIriError (a ValueError) for text that is no IRI.

    >>> sparql_iri("https://example.org/a")
    '<https://example.org/a>'
    >>> sparql_iri("https://example.org/a> } DROP ALL {")
    Traceback (most recent call last):
    service.sparql.iri.InvalidIriError: geen geldige IRI / not a valid IRI: 'https://example.org/a> } DROP ALL {'
    """
    return f"<{check_iri(iri)}>"


def sparql_link(query: str) -> str:
    """A link to the SPARQL endpoint that runs ``query``."""
    return request.script_root + "/sparql?query=" + quote(query, safe="")


def short_name(iri: str) -> str:
    """A readable fallback label: the last path or fragment segment of an IRI.

    >>> short_name("https://example.org/def/Gemeente")
    'Gemeente'
    >>> short_name("http://www.w3.org/2000/01/rdf-schema#label")
    'label'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
