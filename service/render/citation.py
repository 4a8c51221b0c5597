"""How to cite a page of the graph: APA, BibTeX and RIS texts, functions of their inputs only.

A citation names what the reader saw: the title of the page, the project as author and
publisher, the release (its version and year, or that the build is not yet released),
the absolute page URL and the date the reader consulted it. That date is the reader's:
pages are cached and carry an ETag, so the server never writes a date into them. It
renders ``ACCESSED`` instead, and ``static/cite.js`` replaces it in the browser, in the
form each style wants (``accessed_forms`` is the Python twin of that script, used by the
tests and by anyone formatting a citation offline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: How the project names itself (README title, page titles): author and publisher at once.
PROJECT = "Sociaal Domein Kennisgraaf"
#: What stays in the text where the browser fills in the access date (and without JavaScript).
ACCESSED = "[datum van raadplegen]"
#: The served build is no release (``service.store.releases.UNRELEASED``).
UNRELEASED = "unreleased"
NOT_RELEASED_TEXT = "nog niet uitgebracht"

MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()

#: LaTeX specials in a BibTeX value, and what stands for each.
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_URL_SPECIALS = {"\\": "%5C", "{": "%7B", "}": "%7D", "%": r"\%", "#": r"\#"}


@dataclass(frozen=True)
class Cited:
    """What a citation names; ``accessed`` is the placeholder unless a date is given."""

    title: str
    url: str
    release: str = UNRELEASED
    accessed: str = ACCESSED
    #: extra parts for the query page: the query text, the result's checksum
    notes: tuple[str, ...] = ()

    @property
    def released(self) -> bool:
        """Whether the served build is a release (version ``YYYY.MM.N``)."""
        return bool(self.release) and self.release != UNRELEASED

    @property
    def year(self) -> str | None:
        """The year of the release: versions are dates, so it is the version's first part.

        >>> Cited("t", "u", "2026.12.0").year, Cited("t", "u").year
        ('2026', None)
        """
        found = re.match(r"(\d{4})\.", self.release) if self.released else None
        return found.group(1) if found else None

    @property
    def release_text(self) -> str:
        """``Release 2026.12.0``, or that there is none yet."""
        return f"Release {self.release}" if self.released else f"Release: {NOT_RELEASED_TEXT}"


def accessed_forms(day: date) -> dict[str, str]:
    """The access date as each style writes it (``cite.js`` does the same in the browser).

    >>> accessed_forms(date(2026, 12, 8))
    {'apa': '8 december 2026', 'bibtex': '2026-12-08', 'ris': '2026/12/08'}
    """
    return {
        "apa": f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}",
        "bibtex": day.isoformat(),
        "ris": day.strftime("%Y/%m/%d"),
    }


def apa(cited: Cited) -> str:
    """APA 7 for a data set, in Dutch; the publisher is left out as it is the author.

    >>> apa(Cited("Wmo 2015", "https://x.example/doc/wmo", "2026.12.0"))
    'Sociaal Domein Kennisgraaf. (2026). Wmo 2015 (Release 2026.12.0) [Dataset]. Geraadpleegd op [datum van raadplegen], van https://x.example/doc/wmo'
    >>> apa(Cited("Wmo 2015", "https://x.example/doc/wmo"))[:80]
    'Sociaal Domein Kennisgraaf. (z.d.). Wmo 2015 (Release: nog niet uitgebracht) [Da'
    """
    year = cited.year or "z.d."
    text = (
        f"{PROJECT}. ({year}). {cited.title} ({cited.release_text}) [Dataset]. "
        f"Geraadpleegd op {cited.accessed}, van {cited.url}"
    )
    return "\n".join([text, *cited.notes])


def bibtex_escape(text: str) -> str:
    r"""A value safe inside BibTeX braces: LaTeX specials escaped, so braces stay balanced.

    >>> print(bibtex_escape("50% {van} a_b & c\\d"))
    50\% \{van\} a\_b \& c\textbackslash{}d
    """
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in " ".join(text.split()))


def bibtex_url(url: str) -> str:
    r"""A URL for ``\url{}`` inside another field: ``%`` and ``#`` escaped, braces percent-encoded.

    >>> print(bibtex_url("https://x.example/a%20b#c"))
    https://x.example/a\%20b\#c
    """
    return "".join(_URL_SPECIALS.get(char, char) for char in url)


def bibtex_key(cited: Cited) -> str:
    """A citation key from the project, the title's words and the release.

    >>> bibtex_key(Cited("Wmo 2015: één wet", "u", "2026.12.0"))
    'sdkg-wmo-2015-een-wet-2026.12.0'
    """
    plain = cited.title.lower().translate(str.maketrans("áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc"))
    words = "-".join(re.findall(r"[a-z0-9]+", plain)[:6]) or "pagina"
    return f"sdkg-{words}-{cited.release if cited.released else 'unreleased'}"


def bibtex(cited: Cited) -> str:
    r"""A ``@misc`` entry; the project's name is double-braced so BibTeX keeps it one author.

    >>> print(bibtex(Cited("Wmo & Jeugdwet", "https://x.example/doc/a_b", "2026.12.0")))
    @misc{sdkg-wmo-jeugdwet-2026.12.0,
      title = {Wmo \& Jeugdwet},
      author = {{Sociaal Domein Kennisgraaf}},
      publisher = {Sociaal Domein Kennisgraaf},
      year = {2026},
      howpublished = {\url{https://x.example/doc/a_b}},
      note = {Release 2026.12.0},
      urldate = {[datum van raadplegen]}
    }
    """
    fields = [
        ("title", bibtex_escape(cited.title)),
        ("author", "{" + bibtex_escape(PROJECT) + "}"),
        ("publisher", bibtex_escape(PROJECT)),
    ]
    if cited.year:
        fields.append(("year", cited.year))
    note = ". ".join([cited.release_text, *cited.notes])
    fields += [
        ("howpublished", r"\url{" + bibtex_url(cited.url) + "}"),
        ("note", bibtex_escape(note)),
        ("urldate", bibtex_escape(cited.accessed)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(cited)},\n{body}\n}}"


def ris(cited: Cited) -> str:
    """RIS (reference managers' import format): a data set, one tag a line, ``ER`` last.

    >>> print(ris(Cited("Wmo", "https://x.example/doc/wmo", "2026.12.0")))
    TY  - DATA
    TI  - Wmo
    AU  - Sociaal Domein Kennisgraaf
    PB  - Sociaal Domein Kennisgraaf
    PY  - 2026
    ET  - Release 2026.12.0
    UR  - https://x.example/doc/wmo
    Y2  - [datum van raadplegen]
    ER  -
    """
    lines = [("TY", "DATA"), ("TI", cited.title), ("AU", PROJECT), ("PB", PROJECT)]
    if cited.year:
        lines.append(("PY", cited.year))
    lines += [("ET", cited.release_text), ("UR", cited.url), ("Y2", cited.accessed)]
    lines += [("N1", note) for note in cited.notes]
    text = "\n".join(f"{tag}  - {' '.join(value.split())}" for tag, value in lines)
    return text + "\nER  -"


def all_styles(cited: Cited) -> dict[str, str]:
    """Every style by the name ``cite.js`` knows it by (the key of ``accessed_forms``)."""
    return {"apa": apa(cited), "bibtex": bibtex(cited), "ris": ris(cited)}
