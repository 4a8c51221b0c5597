"""What a page model reads from: one built store, and the links of the site that shows it.

The web layer makes a ``PageContext`` per request (``service.web.links.page_context``);
anything else (a test, a script) makes one from a store it opened itself::

    built = BuiltStore.open(folder)
    ctx = PageContext(built, Links(built.info["base_iri"]))

Model functions take it as their first argument and never reach for globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.models.links import Links
from service.store.built import BuiltStore


@dataclass(frozen=True)
class PageContext:
    """The store to query and the link mapper; ``base`` is the base IRI the links map."""

    store: BuiltStore
    links: Links

    @property
    def base(self) -> str:
        """The base IRI of the data (``https://sociaaldomein.example/`` unless moved)."""
        return self.links.base

    @property
    def vocab(self) -> str:
        """The namespace of our ontology, ``{base}def/``."""
        return self.base + "def/"

    def query(self, sparql: str) -> Any:
        """Run a query of the site itself against the store (its default graph)."""
        return self.store.query(sparql)
