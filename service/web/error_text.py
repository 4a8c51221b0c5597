"""The query page's errors as Dutch sentences for a person, with the parser's position named.

API clients get the endpoint's own messages (``service.web.errors``), a machine format
that stays as it is. The query page is read by a person, so it leads with a Dutch
sentence: what went wrong and, for a malformed query, on which line and column; the
line itself is shown with a caret under the place, and the editor marks it
(``static/sparql/results.js`` makes the same sentences for a query run from the page).
The server's own message follows as the technical detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.sparql.gate import FederationError
from service.store.workers import QueryTimeoutError

#: Oxigraph and our tokenizer both say ``error at LINE:COLUMN: …``.
POSITION = re.compile(r"\berror at (\d+):(\d+)\b")

#: A sentence per status, for the errors that name no position.
BY_STATUS = {
    400: "De aanvraag is niet geldig.",
    403: "Deze server voert deze query niet uit.",
    404: "Dat is hier niet te vinden.",
    405: "Deze manier van aanvragen wordt niet ondersteund.",
    406: "Dit resultaat is niet in het gevraagde formaat te krijgen.",
    413: "De query is te groot voor deze server.",
    415: "Deze server kan dit soort aanvraag niet lezen.",
    503: "De kennisgraaf is nu niet beschikbaar. Probeer het later opnieuw.",
}
GENERAL = "Bij het uitvoeren van de query ging op de server iets mis."


@dataclass(frozen=True)
class PageError:
    """What the page shows: the sentence, the server's message, and where in the query (if known)."""

    sentence: str
    detail: str
    line: int | None = None
    column: int | None = None
    #: the query's line at the error, and a caret under the place
    context: str = ""


def page_error(error: Exception, message: str, status: int, query: str) -> PageError:
    """The Dutch sentence for an error of the query page, with the position when the parser gave one.

    >>> page_error(ValueError(), "error at 1:25: expected one of SERVICE", 400, "SELECT * WHERE { ?s ?p }").sentence
    'De query bevat een fout op regel 1, kolom 25.'
    """
    found = POSITION.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        sentence = f"De query bevat een fout op regel {line}, kolom {column}."
        return PageError(sentence, message, line, column, caret(query, line, column))
    return PageError(_sentence(error, status), message)


def _sentence(error: Exception, status: int) -> str:
    """Why the query gave no answer, for the errors without a position in the query."""
    if isinstance(error, FederationError):
        return (
            "Deze server haalt geen gegevens op bij andere bronnen (SERVICE of LOAD) "
            "die de beheerder niet heeft toegestaan."
        )
    if isinstance(error, QueryTimeoutError):
        return "De query duurde te lang en is gestopt. Probeer het opnieuw, of maak de vraag kleiner (bijvoorbeeld met LIMIT)."
    return BY_STATUS.get(status, GENERAL)


def marked_index(text: str, column: int) -> int:
    """The character to mark for a 1-based column: the parser may point just past the culprit.

    >>> marked_index("?s ?p }", 8), marked_index("?s ?p }", 3)
    (6, 1)
    """
    index = min(max(column - 1, 0), len(text))
    while index > 0 and (index >= len(text) or text[index].isspace()):
        index -= 1
    return index


def caret(query: str, line: int, column: int) -> str:
    """The query's line ``line`` with a ``^`` under the marked place ('' when there is no such line).

    >>> print(caret("SELECT *\\nWHERE { ?s ?p }", 2, 16))
    WHERE { ?s ?p }
                  ^
    """
    lines = query.replace("\r\n", "\n").split("\n")
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    index = marked_index(text, column)
    padding = "".join("\t" if char == "\t" else " " for char in text[:index])
    return f"{text}\n{padding}^"
