"""The coverage record: every section of both source documents, and what the graph took from it.

Sections are found in the source text itself (not in the graph), so a section the
graph forgot is noticed. A section counts as covered when nodes cite it with
``dct:source``; a heading with no text of its own (a chapter title followed straight
by its first subsection) is covered through its subsections. ``render`` writes
``data/COVERAGE.md`` from the built store and the notes in ``data/coverage/*.tsv``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.build.documents import source_text

#: Headings that carry no number in the sources, by document: text -> section slug.
UNNUMBERED = {
    "nvrr": {"Voorwoord": "voorwoord"},
    "vgn": {"Conclusies": "conclusies", "Inleiding": "inleiding", "Gegevensuitwisseling": "3-3"},
}
ROMAN = {"I": "1", "II": "2"}
CONTAINER_MAX_WORDS = 15


@dataclass(frozen=True)
class Section:
    document: str
    slug: str  # "nvrr-2-1"
    heading: str
    line: int
    own_words: int = 0


def _heading(document: str, line: str) -> tuple[str, str] | None:
    """(slug suffix, heading text) when the line is a section heading."""
    text = line.strip()
    if text in UNNUMBERED[document]:
        return UNNUMBERED[document][text], text
    if match := re.fullmatch(r"Bijlage (I+): (.+)", text):
        return f"bijlage-{ROMAN[match[1]]}", match[2]
    if match := re.fullmatch(r"(I+)\.(\d) (\S.+)", text):
        return f"bijlage-{ROMAN[match[1]]}-{match[2]}", match[3]
    if match := re.fullmatch(r"Hoofdstuk (\d)", text):
        return match[1], text
    if match := re.fullmatch(r"(\d)\.(\d) ([A-Z]\S*.*)", text):
        return f"{match[1]}-{match[2]}", match[3]
    if document == "nvrr" and (match := re.fullmatch(r"(\d) ([A-Z]\S*.*)", text)) and len(text) < 70:
        return match[1], match[2]
    return None


def source_sections(document: str) -> list[Section]:
    """Every section heading of a document in reading order, with its own word count."""
    lines = source_text(document).splitlines()
    found: list[tuple[str, str, int]] = []
    for number, text in enumerate(lines, start=1):
        found_heading = _heading(document, text)
        if found_heading and found_heading[0] not in {slug for slug, _, _ in found}:
            found.append((*found_heading, number))
    sections = []
    for index, (suffix, heading, line) in enumerate(found):
        end = found[index + 1][2] if index + 1 < len(found) else len(lines) + 1
        body = " ".join(lines[line : end - 1])
        own = len(re.findall(r"\w+", body)) - (len(heading.split()) if heading.startswith("Hoofdstuk") else 0)
        sections.append(Section(document, f"{document}-{suffix}", heading.strip(), line, own))
    return sections


TAKEN_QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?section ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  GRAPH ?g { ?node dct:source ?section ; a ?class }
  FILTER(?g NOT IN (<BASEgraph/inferred>, <BASEgraph/metadata>, <BASEgraph/shapes>))
} GROUP BY ?section ?class
"""


def taken(built: Any, base_iri: str) -> dict[str, Counter]:
    """Section IRI -> how many nodes of each class cite it (asserted types only)."""
    result: dict[str, Counter] = {}
    for row in built.store.query(TAKEN_QUERY.replace("BASE", base_iri)):
        label = row["class"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        result.setdefault(row["section"].value, Counter())[label] += int(row["n"].value)
    return result


def uncovered(sections: list[Section], counts: dict[str, Counter], base_iri: str) -> list[Section]:
    """Sections with nothing taken from them, counting text-less headings through their children."""
    covered = {s.slug for s in sections if counts.get(f"{base_iri}id/sectie/{s.slug}")}
    for section in sections:
        children = [c for c in sections if c.slug.startswith(section.slug + "-")]
        if section.own_words < CONTAINER_MAX_WORDS and children and all(c.slug in covered for c in children):
            covered.add(section.slug)
    return [s for s in sections if s.slug not in covered]


def notes(folder: Path) -> dict[str, list[str]]:
    """The hand-written notes of data/coverage/*.tsv: section IRI or slug -> phrases."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) >= 2 and not row[0].startswith(("section", "#")):
                    slug = row[0].rsplit("/", 1)[-1].removeprefix("sectie:")
                    found.setdefault(slug, []).append(row[1].strip())
    return found


def render(counts: dict[str, Counter], base_iri: str, notes_folder: Path) -> str:
    """COVERAGE.md from what ``taken`` counted: one table per document, one row per section."""
    hand = notes(notes_folder)
    out = [
        "# Coverage of the source documents",
        "",
        "Generated by `sdkg coverage` from the built graph and the notes in `data/coverage/*.tsv`;",
        "a test fails when a section is not covered or this file is out of date.",
        "",
    ]
    for document, title in (
        ("nvrr", "NVRR Informatiedocument 3D's (2017)"),
        ("vgn", "VGN monitor transities, 7e meting"),
    ):
        sections = source_sections(document)
        missing = {s.slug for s in uncovered(sections, counts, base_iri)}
        out += [
            f"## {title}",
            "",
            "| section | line | heading | nodes taken (by class) | notes |",
            "|---|---|---|---|---|",
        ]
        for s in sections:
            taken_here = counts.get(f"{base_iri}id/sectie/{s.slug}", Counter())
            summary = ", ".join(f"{n} {c}" for c, n in sorted(taken_here.items())) or (
                "NOT COVERED" if s.slug in missing else "(heading only; see its subsections)"
            )
            note = "; ".join(hand.get(s.slug, []))
            out.append(f"| `{s.slug}` | {s.line} | {s.heading} | {summary} | {note} |")
        out.append("")
    return "\n".join(out)
