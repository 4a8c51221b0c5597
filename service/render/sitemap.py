"""Sitemaps (https://www.sitemaps.org/protocol.html) and robots.txt as bytes and text.

A sitemap holds at most ``URLS_PER_SITEMAP`` URLs; a site with more gets a sitemap index
that lists the numbered sitemaps. The XML is written by ElementTree, so every URL is
escaped as XML needs (``&`` in a query string becomes ``&amp;``).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The protocol's limit per file.
URLS_PER_SITEMAP = 50_000


def chunks(urls: Sequence[str], size: int | None = None) -> list[Sequence[str]]:
    """The URLs split into sitemaps of at most ``size`` (default ``URLS_PER_SITEMAP``).

    >>> [list(c) for c in chunks(["a", "b", "c"], 2)]
    [['a', 'b'], ['c']]
    """
    size = size or URLS_PER_SITEMAP
    return [urls[i : i + size] for i in range(0, len(urls), size)] or [[]]


def urlset(urls: Sequence[str]) -> bytes:
    """One sitemap: a ``<url><loc>`` per URL."""
    return _document("urlset", "url", urls)


def index(sitemaps: Sequence[str]) -> bytes:
    """A sitemap index: a ``<sitemap><loc>`` per sitemap."""
    return _document("sitemapindex", "sitemap", sitemaps)


def _document(root_name: str, entry: str, locations: Sequence[str]) -> bytes:
    """The XML of a sitemap or an index: the same shape with other element names."""
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}{root_name}")
    for location in locations:
        element = ElementTree.SubElement(root, f"{{{NAMESPACE}}}{entry}")
        ElementTree.SubElement(element, f"{{{NAMESPACE}}}loc").text = location
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def robots(root: str, sitemap_url: str) -> str:
    """robots.txt: everything may be crawled but query URLs (endless, and each one costs a query).

    >>> print(robots("", "http://example.org/sitemap.xml"))
    User-agent: *
    Disallow: /sparql?
    Disallow: /search
    Allow: /
    Sitemap: http://example.org/sitemap.xml
    <BLANKLINE>
    """
    lines = ["User-agent: *", f"Disallow: {root}/sparql?", f"Disallow: {root}/search", "Allow: /"]
    return "\n".join([*lines, f"Sitemap: {sitemap_url}", ""])
