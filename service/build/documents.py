"""The two source documents as text, and checks that quotes in the graph come from them.

A quote in the graph (``sdo:citaat``) must be verbatim. The source files are text
extracted from PDF: words are hyphenated across lines and a margin note can sit in
front of a line. ``quote_found`` therefore compares word sequences after joining
hyphenated line breaks, and allows a few margin words to sit inside a quote.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from service.settings import PROJECT_ROOT

#: Document key (the prefix of section slugs) -> file name under the seeds folder.
SOURCE_FILES = {
    "nvrr": "000_fc5d931db840bc44.txt",
    "vgn": "003_9b820934cee8aac0.txt",
}

#: Margin words a quote may skip over, in total.
MAX_SKIPPED_WORDS = 6


def seeds_dir() -> Path:
    """Where the source texts are: ``SDKG_SEEDS_DIR`` or ``../shared/seeds`` beside the repo."""
    configured = os.environ.get("SDKG_SEEDS_DIR")
    if configured:
        return Path(configured)
    return PROJECT_ROOT.parent / "shared" / "seeds"


def source_text(document: str) -> str:
    """The raw text of one source document."""
    return (seeds_dir() / SOURCE_FILES[document]).read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    """Comparable words: hyphenated line breaks joined, case and punctuation dropped.

    >>> words("organi-\\n  seren van de ‘toegang’.")
    ['organiseren', 'van', 'de', 'toegang']
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    tokens = (re.sub(r"[^\w%€.,]", "", t).strip(".,").casefold() for t in text.split())
    return [t for t in tokens if t]


@cache
def _document_words(document: str) -> tuple[str, ...]:
    return tuple(words(source_text(document)))


def quote_found(quote: str, document: str | None = None) -> bool:
    """True when the quote's words occur in order in the document (or in either one).

    >>> quote_found("De Participatiewet bundelt drie bestaande regelingen over werk en inkomen")
    True
    >>> quote_found("De Participatiewet schaft de bijstand af")
    False
    """
    wanted = words(quote)
    if not wanted:
        return False
    documents = [document] if document else list(SOURCE_FILES)
    return any(_match_anywhere(wanted, _document_words(d)) for d in documents)


def _match_anywhere(wanted: list[str], text: tuple[str, ...]) -> bool:
    first = wanted[0]
    return any(
        _match_at(wanted, text, start)
        for start, word in enumerate(text)
        if word == first or word.endswith(first)
    )


def _match_at(wanted: list[str], text: tuple[str, ...], start: int) -> bool:
    skipped, position = 0, start + 1
    for word in wanted[1:]:
        while position < len(text) and text[position] != word:
            skipped += 1
            position += 1
            if skipped > MAX_SKIPPED_WORDS:
                return False
        if position >= len(text):
            return False
        position += 1
    return True


def check_files(paths: list[str]) -> list[str]:
    """Every ``sdo:citaat`` in the given RDF files that is not found in a source."""
    from rdflib import Graph, URIRef

    citaat = URIRef("https://sociaaldomein.example/def/citaat")
    problems = []
    for path in paths:
        graph = Graph().parse(path)
        for subject, quote in graph.subject_objects(citaat):
            if not quote_found(str(quote)):
                problems.append(f"{path}: {subject}: {quote}")
    return problems


if __name__ == "__main__":
    missing = check_files(sys.argv[1:])
    print("\n".join(missing) or "all quotes found")
    sys.exit(1 if missing else 0)
