"""The filter and sort of a dataset's table as query parameters, after Datasette's table view. Pure.

``?<dimensie>=<code>`` keeps the observations with that value (repeat it for more than
one value; an empty value means all), ``?sort=<kolom>`` or ``?sort_desc=<kolom>`` orders
the rows by a row dimension (its parameter name) or by a column of figures (the code of
its column, or ``waarde`` when there is one). The parameter names are the CSV's column
names (``service.render.csvw``) and a code is the last segment of the value's IRI or the
literal as written, so a filter reads the same in the page, the CSV and the JSON. Anything
else is a ``BadQueryError`` with a Dutch message for the reader: a 400, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from service.models.cube import Component, Cube, Observation, Term, natural_key
from service.render import csvw
from service.render.cube_table import Row, Table, distinct

SORT, SORT_DESC = "sort", "sort_desc"
#: The sort key of a table with one column of figures.
VALUE = "waarde"


class BadQueryError(ValueError):
    """A parameter the table cannot answer; the message says why, in Dutch."""


def quoted(text: str) -> str:
    """What the reader typed, fit to repeat in a message: no control characters, at most 60 characters.

    >>> quoted("a" + chr(0) + "b"), quoted("x" * 70)[-2:]
    ('‘a�b’', '…’')
    """
    clean = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return f"‘{clean[:60]}{'…' if len(clean) > 60 else ''}’"


@dataclass(frozen=True)
class View:
    """The chosen filters (parameter name -> codes) and sort; the default view has neither."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = ""
    descending: bool = False

    def pairs(self, sort: str = "", descending: bool = False) -> list[tuple[str, str]]:
        """The query parameters of this view with another sort (none: keep this one's)."""
        out = [(name, code) for name, codes in self.filters for code in codes]
        key, down = (sort, descending) if sort else (self.sort, self.descending)
        if key:
            out.append((SORT_DESC if down else SORT, key))
        return out


def code_of(term: Term) -> str:
    """The code a filter names a value by: the IRI's last segment, or the literal as written.

    >>> code_of(Term("https://x.example/id/code/sector-markt", "marktsector", "https://x.example/id/code/sector-markt"))
    'sector-markt'
    >>> code_of(Term("2017", "2017"))
    '2017'
    """
    return term.key.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if term.iri else term.key


def dimensions(cube: Cube) -> dict[str, Component]:
    """Parameter name -> dimension, the names being the dimension's CSV column."""
    return {
        c.name: c.component
        for c in csvw.columns(cube)
        if c.component is not None and c.component.kind == "dimension" and not c.label_of
    }


def choices(cube: Cube) -> list[tuple[str, Component, list[Term]]]:
    """Every dimension with more than one value, with its values: what a filter form offers."""
    out = []
    for name, component in dimensions(cube).items():
        values = distinct(cube.observations, component.prop, component.prop in cube.periods)
        if len(values) > 1:
            out.append((name, component, values))
    return out


def parse(cube: Cube, args: Iterable[tuple[str, str]]) -> View:
    """The view the parameters ask for; ``BadQueryError`` for a name or code the dataset does not have."""
    known = dimensions(cube)
    filters: dict[str, list[str]] = {}
    sorts: list[tuple[str, bool]] = []
    for name, value in args:
        if name in (SORT, SORT_DESC):
            if value:
                sorts.append((value, name == SORT_DESC))
        elif name in known:
            if value:
                _check_code(cube, name, known[name], value)
                filters.setdefault(name, []).append(value)
        else:
            names = ", ".join(known) or "geen"
            raise BadQueryError(
                f"Onbekende parameter {quoted(name)}. Filter op een dimensie ({names}) "
                f"of sorteer met ‘{SORT}’ of ‘{SORT_DESC}’."
            )
    if len(sorts) > 1:
        raise BadQueryError(f"Geef één sortering: ‘{SORT}’ of ‘{SORT_DESC}’, één keer.")
    sort, descending = sorts[0] if sorts else ("", False)
    return View(tuple((n, tuple(dict.fromkeys(c))) for n, c in filters.items()), sort, descending)


def _check_code(cube: Cube, name: str, component: Component, value: str) -> None:
    codes = [code_of(t) for t in distinct(cube.observations, component.prop, component.prop in cube.periods)]
    if value not in codes:
        listed = ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")
        raise BadQueryError(f"{quoted(value)} is geen waarde van ‘{name}’ in deze dataset; wel: {listed}.")


def filtered(cube: Cube, view: View) -> Cube:
    """The cube with only the observations every filter keeps (values of one filter: any of them)."""
    known = dimensions(cube)
    wanted = [(known[name].prop, set(codes)) for name, codes in view.filters]

    def keeps(obs: Observation) -> bool:
        return all(prop in obs.values and code_of(obs.values[prop]) in codes for prop, codes in wanted)

    return replace(cube, observations=[o for o in cube.observations if keeps(o)])


def sort_keys(cube: Cube, table: Table) -> dict[str, tuple[str, int]]:
    """What the rows may be sorted by: name -> ("dimension", index in the row headers) or ("column", index)."""
    names = {c.prop: name for name, c in dimensions(cube).items()}
    keys = {names[d.prop]: ("dimension", i) for i, d in enumerate(table.row_dims) if d.prop in names}
    if table.column_dim is None:
        keys.setdefault(VALUE, ("column", 0))
    else:
        for j, column in enumerate(table.columns):
            keys.setdefault(code_of(column.term), ("column", j))
    return keys


def sorted_table(cube: Cube, table: Table, view: View) -> Table:
    """The table with its rows in the view's order (rows without a figure last, either way)."""
    if not view.sort:
        return table
    keys = sort_keys(cube, table)
    if view.sort not in keys:
        listed = ", ".join(keys) or "geen kolom"
        raise BadQueryError(f"Op {quoted(view.sort)} kan deze tabel niet sorteren; wel op: {listed}.")
    kind, index = keys[view.sort]
    if kind == "dimension":
        period = table.row_dims[index].prop in cube.periods
        rows = sorted(table.rows, key=lambda r: _term_key(r.headers[index], period), reverse=view.descending)
        return replace(table, rows=rows)
    valued = [(v, r) for r in table.rows if (v := _figure(r, index)) is not None]
    empty = [r for r in table.rows if _figure(r, index) is None]
    valued.sort(key=lambda pair: pair[0], reverse=view.descending)
    return replace(table, rows=[r for _, r in valued] + empty)


def _term_key(term: Term, period: bool) -> Any:
    return natural_key(term.key) if period else natural_key(term.label.casefold())


def _figure(row: Row, index: int) -> Decimal | None:
    for obs in row.cells[index]:
        try:
            return Decimal(obs.value)
        except InvalidOperation:
            continue
    return None
