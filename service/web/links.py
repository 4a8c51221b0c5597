"""The links of this request: the served build's base IRI mapped onto this host's paths.

The mapping itself is ``service.models.links.Links`` (plain data, no Flask); this
module makes one from the request (its script root) and the base IRI the served
build was made with, and the ``PageContext`` the page models read from. The
template helpers ``href_for`` and ``sparql_link`` are evaluated when a template
calls them, so rendering needs a request only when a page links something.
"""

from __future__ import annotations

from flask import current_app, request

from service.models.context import PageContext
from service.models.links import Links
from service.store.built import BuiltStore
from service.web.store_access import get_store


def data_base() -> str:
    """The base IRI the served build was made with (build.json), else the setting."""
    try:
        return _base_of(get_store())
    except RuntimeError:  # no store published: links still work against the setting
        return current_app.config["BASE_IRI"]


def _base_of(built: BuiltStore) -> str:
    return built.info.get("base_iri") or current_app.config["BASE_IRI"]


def links() -> Links:
    """The link mapper of this request: IRIs under the data's base <-> paths under the script root."""
    return Links(data_base(), request.script_root)


def page_context() -> PageContext:
    """The served store and this request's links to it, for the page models."""
    built = get_store()
    return PageContext(built, Links(_base_of(built), request.script_root))


def href_for(iri: str) -> str | None:
    """``Links.href_for`` for this request (templates call it)."""
    return links().href_for(iri)


def sparql_link(query: str) -> str:
    """``Links.sparql_link`` for this request (templates call it)."""
    return links().sparql_link(query)


def site_url() -> str:
    """This request's scheme and host (``http://127.0.0.1:5000``): the start of every absolute URL."""
    return request.host_url.rstrip("/")
