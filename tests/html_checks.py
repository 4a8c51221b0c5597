"""Helpers for tests of HTML pages: strict parsing and the links a page holds."""

from __future__ import annotations

import html5lib
from bs4 import BeautifulSoup


def strict_html(text: str) -> BeautifulSoup:
    """Parse with html5lib in strict mode (any parse error raises), then hand back a soup to query."""
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
    return BeautifulSoup(text, "html5lib")


def hrefs(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True)]
