"""Named SPARQL queries of the site, kept as ``.rq`` files so they read (and run) as SPARQL.

Placeholders are ``$name`` (``string.Template``); callers pass IRIs already checked
by ``links.sparql_iri``, so nothing a visitor types reaches the query unescaped.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@cache
def _text(name: str) -> Template:
    return Template(files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8"))


def load(name: str, **values: object) -> str:
    """The query ``name.rq`` with its placeholders filled in."""
    return PREFIXES + _text(name).substitute({k: str(v) for k, v in values.items()})
