"""Dutch place and organisation names folded to the form people agree on, and CBS codes read loosely.

Researchers write the same gemeente in many ways: ``'s-Gravenhage``, ``s Gravenhage``,
``Gravenhage``; ``Súdwest-Fryslân`` and ``Sudwest Fryslan``; ``Bergen (NH)``,
``Bergen (NH.)`` and ``Bergen NH``; ``gemeente Utrecht``; ``GM0344``, ``gm344`` and
``344``. ``keys`` turns a name into the few folded forms that all of these share, so
that matching them is a dictionary look-up; ``code`` reads a CBS code in any of its
spellings. Only the spelling is normalised here: which entity a name belongs to comes
from the labels in the graph.
"""

from __future__ import annotations

import re
import unicodedata

#: Words that say what kind of body a name is, written before the name ("gemeente Utrecht").
KIND_WORDS = ("gemeente", "provincie", "arbeidsmarktregio", "jeugdregio", "regio")
#: Code prefixes CBS uses: gemeente, provincie, arbeidsmarktregio, jeugdzorgregio.
CODE_PREFIXES = {"gm": 4, "pv": 2, "am": 2, "jz": 2}
_CODE = re.compile(r"^(gm|pv|am|jz)?\s*-?\s*(\d{1,4})$")


def fold(text: str) -> str:
    """Lower case without diacritics, punctuation as spaces, single letters of an abbreviation joined.

    >>> fold("Súdwest-Fryslân")
    'sudwest fryslan'
    >>> fold("Bergen (N.H.)")
    'bergen nh'
    >>> fold("'s-Hertogenbosch")
    's hertogenbosch'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", plain)
    joined: list[str] = []
    for word in words:
        # "N.H." -> "n h" -> "nh"; but the "s" of "'s-" stays apart from the name after it
        if len(word) == 1 and joined and len(joined[-1]) <= 2 and joined[-1] != "s" and len(words) > 2:
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join(joined)


def keys(name: str) -> list[str]:
    """The folded forms a name is found under, the closest first.

    The kind word before a name ("gemeente"), the ``'s`` of ``'s-Gravenhage`` and a
    parenthesised or trailing province are the parts people leave out or spell
    differently; each form without them is a further key.

    >>> keys("gemeente 's-Gravenhage")
    ['s gravenhage', 'sgravenhage', 'gravenhage']
    >>> keys("Bergen (NH.)")
    ['bergen nh']
    >>> keys("Utrecht (gemeente)")
    ['utrecht']
    """
    folded = fold(name)
    words = folded.split()
    if len(words) > 1 and words[0] in KIND_WORDS:
        words = words[1:]
    if len(words) > 1 and words[-1] in ("gemeente", "provincie"):  # "Utrecht (gemeente)"
        words = words[:-1]
    found = [" ".join(words)]
    if len(words) > 1 and words[0] in ("s", "t"):
        found += [words[0] + " ".join(words[1:]), " ".join(words[1:])]
    elif words and words[0].startswith(("s", "t")) and _is_clitic_spelling(name):
        found.append(words[0][1:] + " " + " ".join(words[1:]) if len(words) > 1 else words[0][1:])
    return [k for i, k in enumerate(found) if k and k not in found[:i]]


def _is_clitic_spelling(name: str) -> bool:
    """Whether a name starts with a run-together ``'s``/``'t`` ("'sGravenhage")."""
    return bool(re.match(r"^['’`]\s*[st]\w", name.strip(), re.IGNORECASE))


def base_name(name: str) -> str:
    """The folded name without a parenthesised qualifier: "Bergen (NH)" and "Bergen (L)" share "bergen".

    >>> base_name("Bergen (NH)")
    'bergen'
    >>> base_name("Utrecht")
    'utrecht'
    """
    without = re.sub(r"\([^)]*\)", " ", name)
    return keys(without)[0] if keys(without) else ""


def code(text: str, default_prefix: str = "gm") -> str | None:
    """A CBS code in its canonical spelling, or None when the text is no code.

    >>> code("gm344"), code("0344"), code("GM 0344"), code("pv26"), code("AM01")
    ('GM0344', 'GM0344', 'GM0344', 'PV26', 'AM01')
    >>> code("Utrecht") is None, code("12345") is None
    (True, True)
    """
    found = _CODE.match(text.strip().casefold())
    if not found:
        return None
    prefix = found.group(1) or default_prefix
    digits = found.group(2)
    width = CODE_PREFIXES[prefix]
    if len(digits.lstrip("0")) > width:
        return None
    return prefix.upper() + digits.lstrip("0").rjust(width, "0")


def trigrams(key: str) -> set[str]:
    """The letter trigrams of a folded key, padded so that the first and last letters count.

    >>> sorted(trigrams("ede"))
    ['  e', ' ed', 'de ', 'ede']
    """
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
