"""A dataset as a table a reader can scan, and the chart (if any) that shows it better. Pure functions.

The pivot follows the way statistical tables are printed: dimensions with a single
value are stated above the table instead of repeated in every row; the period
dimension (``sdo:meting``, ``sdo:refPeriode``) goes across, or else the last
dimension that varies; a dimension that follows from the column (the year of a
measurement) is written under the column heading; the rest make the rows. A
dataset with one varying, non-period dimension is a list, so it reads down.

Charts: a line for a time series (a period across with at least three values), a
grouped bar for a comparison of categories, nothing for a single value. Only values
in the dataset's main unit are drawn, since one axis cannot carry two units. A line
chart leaves out a row that is the total (``sdo:isTotaalVan``) of other rows it
shows: beside its parts a total squeezes them flat against the axis; the table keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from service.models.cube import Component, Cube, Observation, Term, natural_key
from service.models.literals import UNITS, format_literal, number
from service.render.charts import Chart, Series

KINDS = {"line": "Lijndiagram", "bar": "Staafdiagram"}
#: More bars than this and the table reads better than the chart.
MAX_BARS = 40


@dataclass(frozen=True)
class Column:
    term: Term
    note: str = ""  # values of dimensions that follow from this column, such as its year


@dataclass
class Row:
    headers: tuple[Term, ...]
    cells: list[tuple[Observation, ...]]

    @property
    def label(self) -> str:
        return " · ".join(h.label for h in self.headers)


@dataclass
class Table:
    row_dims: list[Component]
    column_dim: Component | None
    columns: list[Column]
    rows: list[Row]
    fixed: list[tuple[Component, Term]]
    folded: list[Component]


def distinct(observations: list[Observation], prop: str, chronological: bool = False) -> list[Term]:
    """The values of one dimension: in order of first appearance (the source's order), or by time.

    >>> obs = [Observation("o1", values={"p": Term("2018", "2018")}), Observation("o2", values={"p": Term("2017", "2017")})]
    >>> [t.key for t in distinct(obs, "p")], [t.key for t in distinct(obs, "p", chronological=True)]
    (['2018', '2017'], ['2017', '2018'])
    """
    seen: dict[str, Term] = {}
    for obs in observations:
        term = obs.values.get(prop)
        if term is not None:
            seen.setdefault(term.key, term)
    terms = list(seen.values())
    return sorted(terms, key=lambda t: natural_key(t.key)) if chronological else terms


def determined_by(observations: list[Observation], prop: str, by: str) -> bool:
    """True when every value of ``by`` comes with one value of ``prop`` (the year of a measurement)."""
    pairs: dict[str, set[str]] = {}
    for obs in observations:
        key = obs.values[by].key if by in obs.values else ""
        pairs.setdefault(key, set()).add(obs.values[prop].key if prop in obs.values else "")
    return all(len(values) == 1 for values in pairs.values())


def _column_dim(cube: Cube, varying: list[Component], values: dict[str, list[Term]]) -> Component | None:
    periods = [d for d in varying if d.prop in cube.periods]
    if periods:  # the finest period: measurements within years
        return max(periods, key=lambda d: (len(values[d.prop]), d.order))
    return varying[-1] if varying else None


def pivot(cube: Cube) -> Table:
    """Rows × columns of the dataset's observations; every observation lands in exactly one cell."""
    dims = cube.dimensions()
    values = {d.prop: distinct(cube.observations, d.prop, d.prop in cube.periods) for d in dims}
    varying = [d for d in dims if len(values[d.prop]) > 1]
    fixed = [(d, values[d.prop][0]) for d in dims if len(values[d.prop]) == 1]
    column = _column_dim(cube, varying, values)
    folded = [
        d for d in varying if column and d != column and determined_by(cube.observations, d.prop, column.prop)
    ]
    row_dims = [d for d in varying if d != column and d not in folded]
    if column is not None and not row_dims and column.prop not in cube.periods:
        row_dims, column, folded = [column], None, []
    columns = _columns(cube, column, folded, values)
    return Table(row_dims, column, columns, _rows(cube, row_dims, column, columns), fixed, folded)


def _columns(
    cube: Cube, column: Component | None, folded: list[Component], values: dict[str, list[Term]]
) -> list[Column]:
    if column is None:
        return [Column(Term("", cube.measure().label))]
    out = []
    for term in values[column.prop]:
        matching = [
            o for o in cube.observations if column.prop in o.values and o.values[column.prop].key == term.key
        ]
        notes = [matching[0].values[d.prop].label for d in folded if d.prop in matching[0].values]
        out.append(Column(term, ", ".join(notes)))
    return out


def _rows(
    cube: Cube, row_dims: list[Component], column: Component | None, columns: list[Column]
) -> list[Row]:
    index = {c.term.key: i for i, c in enumerate(columns)}
    rows: dict[tuple[str, ...], Row] = {}
    for obs in cube.observations:
        headers = tuple(obs.values.get(d.prop, Term("", "–")) for d in row_dims)
        row = rows.setdefault(tuple(h.key for h in headers), Row(headers, [() for _ in columns]))
        at = index[obs.values[column.prop].key] if column is not None and column.prop in obs.values else 0
        row.cells[at] = (*row.cells[at], obs)
    return list(rows.values())


def main_unit(cube: Cube) -> Term | None:
    units = cube.units()
    return units[0] if units else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _plotted(cube: Cube, obs: Observation) -> Decimal | None:
    """The value to draw, or None when it is in another unit than the main one (or no number)."""
    unit = main_unit(cube)
    own = obs.values.get(cube.unit_prop)
    if unit is not None and (own is None or own.key != unit.key):
        return None
    return _decimal(obs.value)


def chart_kind(cube: Cube, table: Table) -> str | None:
    """``line`` for a time series, ``bar`` for a comparison, None when a chart adds nothing."""
    drawable = [o for o in cube.observations if _plotted(cube, o) is not None]
    if len(drawable) < 2:
        return None
    if table.column_dim is not None and table.column_dim.prop in cube.periods:
        periods = {o.values[table.column_dim.prop].key for o in drawable if table.column_dim.prop in o.values}
        if len(periods) >= 3:
            return "line"
    return "bar" if len(drawable) <= MAX_BARS else None


def chart_for(cube: Cube, table: Table) -> Chart | None:
    """The chart data for the table: series are rows (line) or columns (bar)."""
    kind = chart_kind(cube, table)
    if kind is None:
        return None
    rows, totals = _parts_only(cube, table.rows) if kind == "line" else (table.rows, [])
    grid = [[_first(cube, cell) for cell in row.cells] for row in rows]
    column_labels = [_column_label(c) for c in table.columns]
    if kind == "line":
        categories, series = (
            column_labels,
            [Series(r.label, tuple(g)) for r, g in zip(rows, grid, strict=True)],
        )
    else:
        categories = [r.label or cube.measure().label for r in table.rows]
        series = [Series(column_labels[j], tuple(g[j] for g in grid)) for j in range(len(table.columns))]
    categories, series = _drop_empty(categories, series, kind)
    unit = main_unit(cube)
    row_title = ", ".join(d.label for d in table.row_dims)
    column_title = _column_title(table)
    return Chart(
        kind,
        cube.label,
        unit.label if unit else "",
        tuple(categories),
        tuple(series),
        _describe(cube, kind, categories, series) + _totals_left_out(totals),
        f"grafiek-{cube.slug}",
        axis_title=column_title if kind == "line" else row_title,
        legend_title=row_title if kind == "line" else column_title,
        positions=_positions(table) if kind == "line" else (),
    )


def _parts_only(cube: Cube, rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows that are no total of other rows present (other headers equal), and the totals.

    Nested totals go too (Re-integratie is a part of Totaal and the total of two more), so
    what is drawn are the finest parts, which add up without overlap.
    """
    present = {tuple(h.key for h in r.headers) for r in rows}

    def is_total(keys: tuple[str, ...]) -> bool:
        return any(
            keys[:i] + (part,) + keys[i + 1 :] in present
            for i, key in enumerate(keys)
            for part in cube.totals.get(key, ())
        )

    parts = [r for r in rows if not is_total(tuple(h.key for h in r.headers))]
    return parts, [r for r in rows if r not in parts]


def _totals_left_out(totals: list[Row]) -> str:
    if not totals:
        return ""
    names = ", ".join(r.label for r in totals)
    return f" De grafiek toont de delen; de totalen ({names}) staan alleen in de tabel."


def _positions(table: Table) -> tuple[float, ...]:
    """Years and measurement numbers as x positions, so 2013, 2016, 2017 are not spaced evenly."""
    keys = [c.term.key for c in table.columns]
    numbers = tuple(float(k) for k in keys if k.lstrip("-").isdigit())
    increasing = all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
    return numbers if len(numbers) == len(keys) > 1 and increasing else ()


def _column_title(table: Table) -> str:
    if table.column_dim is None:
        return ""
    folded = ", ".join(d.label for d in table.folded)
    return f"{table.column_dim.label} ({folded})" if folded else table.column_dim.label


def _first(cube: Cube, cell: tuple[Observation, ...]) -> Decimal | None:
    values = [v for v in (_plotted(cube, o) for o in cell) if v is not None]
    return values[0] if values else None


def _column_label(column: Column) -> str:
    return f"{column.term.label} ({column.note})" if column.note else column.term.label


def _drop_empty(categories: list[str], series: list[Series], kind: str) -> tuple[list[str], list[Series]]:
    """Leave out series and categories without a single value to draw (other units)."""
    series = [s for s in series if any(v is not None for v in s.values)]
    keep = [i for i in range(len(categories)) if any(s.values[i] is not None for s in series)]
    if kind == "line":  # periods stay, so the time axis keeps its gaps
        return categories, series
    return [categories[i] for i in keep], [Series(s.label, tuple(s.values[i] for i in keep)) for s in series]


def _describe(cube: Cube, kind: str, categories: list[str], series: list[Series]) -> str:
    """The ``<desc>`` of the chart: what is drawn, in words, for readers who cannot see it."""
    unit = main_unit(cube)
    other = sum(1 for o in cube.observations if _plotted(cube, o) is None)
    text = f"{KINDS[kind]} van {len(series)} reeks(en) over {len(categories)} "
    text += f"perioden, van {categories[0]} tot {categories[-1]}" if kind == "line" else "categorieën"
    text += f", in {unit.label}." if unit else "."
    if other:
        text += f" {other} waarde(n) in een andere eenheid staan alleen in de tabel."
    return text + " De tabel op de pagina geeft alle cijfers."


def decimals(cube: Cube) -> dict[str, int]:
    """Decimal places per unit: the most any value in that unit has (the store drops trailing zeros).

    >>> cube = Cube("d", "d", "s:")
    >>> cube.observations = [Observation("o1", value="62.18"), Observation("o2", value="2023.065")]
    >>> decimals(cube)
    {'': 3}
    """
    places: dict[str, int] = {}
    for obs in cube.observations:
        unit = obs.values.get(cube.unit_prop)
        key = unit.key if unit is not None else ""
        places[key] = max(places.get(key, 0), len(obs.value.partition(".")[2]))
    return places


def cell_text(cube: Cube, obs: Observation, with_unit: bool, places: dict[str, int] | None = None) -> str:
    """The value as printed: qualifier, number in Dutch notation and, where units differ, the unit.

    ``places`` pads the number to the decimals its unit has elsewhere in the table, so a
    column reads 62,180 under 2.023,065 as the source prints it (padding only, never rounding).

    >>> cube = Cube("d", "d", "s:")
    >>> obs = Observation("o", value="5", values={"s:eenheid": Term("x/procent", "procent", "x/procent"),
    ...                                              "s:waardeaanduiding": Term("circa", "circa")})
    >>> cell_text(cube, obs, True), cell_text(cube, obs, False, {"x/procent": 1})
    ('circa 5%', 'circa 5,0')
    """
    qualifier = obs.values.get(cube.qualifier_prop)
    unit = obs.values.get(cube.unit_prop)
    value = _padded(obs.value, (places or {}).get(unit.key if unit is not None else "", 0))
    text = number(value)
    if with_unit and unit is not None:
        slug = unit.key.rsplit("/", 1)[-1]
        text = format_literal(value, XSD_DECIMAL, slug) if slug in UNITS else f"{text} {unit.label}"
    return f"{qualifier.label} {text}" if qualifier is not None else text


def _padded(value: str, places: int) -> str:
    whole, _, fraction = value.partition(".")
    if places <= len(fraction) or _decimal(value) is None:
        return value
    return f"{whole}.{fraction.ljust(places, '0')}"


XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def footnotes(cube: Cube, table: Table) -> tuple[dict[str, list[int]], list[str]]:
    """Numbered notes under the table: comments and the attributes a cell cannot show (rounding …).

    Returns the note numbers per observation IRI and the note texts; equal texts share a number.
    """
    shown = {cube.unit_prop, cube.qualifier_prop}
    attributes = [c for c in cube.components if c.kind == "attribute" and c.prop not in shown]
    texts: list[str] = []
    marks: dict[str, list[int]] = {}
    for row in table.rows:
        for cell in row.cells:
            for obs in cell:
                notes = [
                    *obs.notes,
                    *(f"{c.label}: {obs.values[c.prop].label}" for c in attributes if c.prop in obs.values),
                ]
                for note in notes:
                    if note not in texts:
                        texts.append(note)
                    marks.setdefault(obs.iri, []).append(texts.index(note) + 1)
    return marks, texts
