"""How well the reconciliation service matches names as people write them: variants and their scores.

``variants`` writes, from TOOI's list of municipalities, the spellings a researcher's
spreadsheet holds: the official and preferred name, the name without diacritics or
with an extra one, without the ``'s-``, with hyphens as spaces, with "gemeente" before
it, in lower case, with one letter wrong, and the CBS code with and without ``GM`` and
leading zeros; the names of municipalities that no longer exist are their own kind.
Each row says which CBS code is meant.

``evaluate`` sends every row to the service's matcher, restricted to gemeenten, and
counts per kind: precision (of the rows the service called a ``match``, how many were
right), recall (of all rows, how many were matched to the right code) and how often
the right one came first. ``scripts/reconcile_eval.py`` runs both from the command line.
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.models import reconcile
from service.models.reconcile_index import Index

TOOI_ONT = "https://identifier.overheid.nl/tooi/def/ont/"
FIELDS = ("input", "kind", "expected", "geldig_op")
#: A letter and the same letter with a diacritic people add by mistake.
ACCENTED = {"e": "ë", "a": "á", "o": "ö", "u": "ü", "i": "ï"}


@dataclass(frozen=True)
class Variant:
    input: str
    kind: str
    expected: str  # the CBS code meant, GM0344
    geldig_op: str = ""  # a reference date, when the row has one


def _values(record: dict[str, Any], local: str) -> list[str]:
    return [str(v.get("@value", v.get("@id", ""))) for v in record.get(TOOI_ONT + local, [])]


def tooi_municipalities(path: Path) -> Iterator[dict[str, Any]]:
    """The municipality records of a TOOI register file (JSON-LD, one object per record)."""
    for record in json.loads(path.read_text(encoding="utf-8")):
        if TOOI_ONT + "Gemeente" in record.get("@type", []) and _values(record, "gemeentecode"):
            yield record


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _extra_diacritic(name: str) -> str:
    """The name with a diacritic on its first plain vowel after the first letter ("Utrëcht")."""
    for position, letter in enumerate(name):
        if position and letter in ACCENTED:
            return name[:position] + ACCENTED[letter] + name[position + 1 :]
    return name


def _typo(name: str, rng: random.Random) -> str:
    """One slip of the keyboard: a letter left out, doubled, swapped with the next or replaced."""
    letters = [i for i, c in enumerate(name) if c.isalpha() and i > 0]
    if len(letters) < 5:
        return name
    at = rng.choice(letters[:-1])
    slip = rng.choice(("drop", "double", "swap", "replace"))
    if slip == "drop":
        return name[:at] + name[at + 1 :]
    if slip == "double":
        return name[:at] + name[at] + name[at:]
    if slip == "swap" and name[at + 1].isalpha() and name[at] != name[at + 1]:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    nearby = "aeiou" if name[at].lower() in "aeiou" else "bcdfghklmnprstvwz"
    return name[:at] + rng.choice([c for c in nearby if c != name[at].lower()]) + name[at + 1 :]


def variants_of(record: dict[str, Any], rng: random.Random) -> Iterator[Variant]:
    """The spellings of one municipality a spreadsheet may hold, each with its kind."""
    code = "GM" + _values(record, "gemeentecode")[0].zfill(4)
    official = (_values(record, "officieleNaamExclSoort") or [""])[0]
    preferred = (_values(record, "voorkeursnaamExclSoort") or [official])[0]
    ended = bool(_values(record, "einddatum"))
    yield Variant(official, "opgeheven naam" if ended else "officiële naam", code)
    if preferred != official:
        yield Variant(preferred, "voorkeursnaam", code)
    for name in dict.fromkeys((official, preferred)):
        if _plain(name) != name:
            yield Variant(_plain(name), "zonder diakrieten", code)
        if name.startswith(("'s-", "'t ", "'s ")):
            yield Variant(name[3:], "zonder 's-", code)
        if "-" in name:
            yield Variant(name.replace("-", " "), "koppelteken als spatie", code)
    yield Variant(_extra_diacritic(preferred), "extra diakriet", code)
    yield Variant("gemeente " + preferred, "met 'gemeente'", code)
    yield Variant(preferred.lower(), "kleine letters", code)
    typo = _typo(preferred, rng)
    if typo != preferred:
        yield Variant(typo, "tikfout", code)
    yield Variant(code, "code met GM", code)
    yield Variant(code[2:], "code zonder GM", code)
    yield Variant(code[2:].lstrip("0"), "code zonder voorloopnullen", code)


def variants(records: Iterable[dict[str, Any]], seed: int = 2017) -> list[Variant]:
    """Every variant of every municipality, the typos drawn from a seeded generator (reproducible)."""
    rng = random.Random(seed)
    return [v for record in records for v in variants_of(record, rng) if v.input]


def write_csv(rows: Iterable[Variant], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        writer.writerows((v.input, v.kind, v.expected, v.geldig_op) for v in rows)


def read_csv(path: Path) -> list[Variant]:
    """Rows of ``input,kind,expected[,geldig_op]``; a missing date column means no date."""
    with path.open(newline="", encoding="utf-8") as source:
        return [
            Variant(
                row["input"],
                row["kind"],
                row["expected"].strip().upper(),
                (row.get("geldig_op") or "").strip(),
            )
            for row in csv.DictReader(source)
        ]


@dataclass
class Tally:
    rows: int = 0
    matched: int = 0  # the service said match: true
    correct: int = 0  # ... and it was the expected code
    first: int = 0  # the expected code ranked first, match or not

    @property
    def precision(self) -> float:
        return self.correct / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.rows if self.rows else 0.0


def evaluate(index: Index, rows: Iterable[Variant], type_id: str = "sdo:Gemeente") -> dict[str, Tally]:
    """Precision, recall and first-rank counts per kind of variant (and ``alle`` over all rows)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        raw: dict[str, Any] = {"query": row.input, "type": type_id}
        if row.geldig_op:
            raw["properties"] = [{"pid": "geldigOp", "v": row.geldig_op}]
        ranked = reconcile.candidates(index, reconcile.parse_query(index, raw))
        match = reconcile.is_match(ranked)
        right = bool(ranked) and row.expected in ranked[0].hit.entity.codes
        for kind in (row.kind, "alle"):
            tally = tallies[kind]
            tally.rows += 1
            tally.matched += match
            tally.correct += match and right
            tally.first += right
    return dict(tallies)


def report(tallies: dict[str, Tally]) -> str:
    """The tallies as a Markdown table, kinds by name and ``alle`` last."""
    lines = [
        "| soort variant | rijen | match | goed | precisie | recall | eerste goed |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in sorted(tallies, key=lambda k: (k == "alle", k)):
        t = tallies[kind]
        lines.append(
            f"| {kind} | {t.rows} | {t.matched} | {t.correct} | {t.precision:.3f} | {t.recall:.3f} | {t.first / t.rows:.3f} |"
        )
    return "\n".join(lines)
