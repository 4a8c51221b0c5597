"""A dataset as CSV with CSV on the Web metadata (https://www.w3.org/TR/tabular-metadata/).

One row per observation, one column per component of the structure definition in
``qb:order`` (the measure holds the value, the unit attribute the unit), and for
every IRI-valued component a ``…_label`` column with the Dutch label, so the file
reads in a spreadsheet and still names every code. The metadata gives each column
its ``propertyUrl`` (the component property), ``datatype`` and, for IRIs, a
``valueUrl``; with ``aboutUrl`` on the observation column a CSVW processor
(https://www.w3.org/TR/csv2rdf/) gets the observations back as triples.
The metadata lives at ``<csv>-metadata.json``, the place a processor looks first
(tabular-metadata §5.3, "{+url}-metadata.json").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from service.models.cube import QB, Component, Cube, Observation

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREFLABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
OBSERVATION = "observatie"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    component: Component | None = None
    datatype: str = "string"
    iri: bool = False  # the cell holds an IRI
    label_of: str = ""  # the cell holds the label of the IRI in this column
    lang: str = ""


def column_name(prop: str, taken: set[str]) -> str:
    """A CSVW column name (a URI template variable) from a property IRI: its local name, made unique.

    >>> column_name("https://sociaaldomein.example/def/refPeriode", set())
    'refPeriode'
    >>> column_name("http://example.org/a-b#c.d", {"c_d"})
    'c_d_2'
    """
    base = re.sub(r"[^A-Za-z0-9_]", "_", re.split(r"[/#]", prop.rstrip("/#"))[-1]).lstrip("_") or "kolom"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _datatype(cube: Cube, prop: str) -> tuple[str, str]:
    """The CSVW datatype of a literal column and its language; mixed datatypes fall back to string."""
    kinds = {o.values[prop].datatype for o in cube.observations if prop in o.values}
    if len(kinds) != 1:
        return "string", ""
    (kind,) = kinds
    if kind == RDF_LANGSTRING:
        return "string", "nl"
    return (kind[len(XSD) :], "") if kind and kind.startswith(XSD) else ("string", "")


def columns(cube: Cube) -> list[Column]:
    """The columns of the CSV, in order: observation, then each per-observation component."""
    taken = {OBSERVATION}
    out = [Column(OBSERVATION, "IRI van de observatie", datatype="anyURI", iri=True)]
    for component in cube.components:
        if component.attachment.endswith(("#DataSet", "#Slice")):
            continue  # stated once in the metadata, not in every row
        name = column_name(component.prop, taken)
        if component.kind == "measure":
            out.append(Column(name, component.label, component, "decimal"))
        elif any(component.prop in o.values and o.values[component.prop].iri for o in cube.observations):
            out.append(Column(name, component.label, component, "anyURI", iri=True))
            out.append(
                Column(column_name(name + "_label", taken), f"{component.label} (naam)", label_of=name)
            )
        else:
            datatype, lang = _datatype(cube, component.prop)
            out.append(Column(name, component.label, component, datatype, lang=lang))
    return out


def _cell(column: Column, obs: Observation, by_name: dict[str, Column]) -> str:
    if column.name == OBSERVATION:
        return obs.iri
    source = by_name[column.label_of] if column.label_of else column
    assert source.component is not None
    if source.component.kind == "measure":
        return obs.value
    term = obs.values.get(source.component.prop)
    if term is None:
        return ""
    return term.label if column.label_of else term.key


def records(cube: Cube) -> tuple[list[str], list[list[str]]]:
    """The column names and, per observation in the cube's order, its cells: what CSV and JSON share."""
    cols = columns(cube)
    by_name = {c.name: c for c in cols}
    return [c.name for c in cols], [[_cell(c, obs, by_name) for c in cols] for obs in cube.observations]


def to_csv(cube: Cube) -> str:
    """The CSV text (RFC 4180, CRLF line ends): a header of column names, then one row per observation."""
    header, rows = records(cube)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_json(cube: Cube, about: dict[str, Any]) -> dict[str, Any]:
    """The rows of the CSV as JSON objects keyed by column name, an empty cell as ``null``.

    The value stays the string of the CSV (``"2023.065"``): a JSON number would be read as a
    float and lose the exact decimal. ``about`` says which dataset, view and files this is.
    """
    header, rows = records(cube)
    return {
        **about,
        "count": len(rows),
        "columns": header,
        "rows": [{name: cell or None for name, cell in zip(header, row, strict=True)} for row in rows],
    }


def _column_json(column: Column, cube: Cube) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": column.name,
        "titles": column.name,
        "dc:description": column.description,
    }
    if column.name == OBSERVATION:
        return described | {"datatype": "anyURI", "suppressOutput": True}
    if column.label_of:
        return described | {
            "aboutUrl": f"{{+{column.label_of}}}",
            "propertyUrl": SKOS_PREFLABEL,
            "datatype": "string",
            "lang": "nl",
        }
    assert column.component is not None
    described |= {"propertyUrl": column.component.prop, "datatype": column.datatype}
    if column.iri:
        described["valueUrl"] = f"{{+{column.name}}}"
    if column.lang:
        described["lang"] = column.lang
    if column.component.kind == "measure":
        described |= _unit_notes(cube)
    return described


def _unit_notes(cube: Cube) -> dict[str, Any]:
    """How the value column states its unit: in words, and as the unit concept when there is one."""
    units = cube.units()
    if not units:
        return {}
    if len(units) == 1:
        return {
            "dc:description": f"{cube.measure().label}, in {units[0].label}",
            cube.unit_prop: {"@id": units[0].key},
        }
    names = ", ".join(u.label for u in units)
    return {"dc:description": f"{cube.measure().label}, in de eenheid van kolom eenheid ({names})"}


def metadata(cube: Cube, csv_url: str, license_iri: str = "") -> dict[str, Any]:
    """The CSVW table description of ``to_csv(cube)``, with ``url`` relative to the metadata file."""
    cols = columns(cube)
    schema: dict[str, Any] = {
        "aboutUrl": f"{{+{OBSERVATION}}}",
        "primaryKey": OBSERVATION,
        "columns": [_column_json(c, cube) for c in cols] + _virtual(cube),
    }
    table: dict[str, Any] = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "url": csv_url,
        "dc:title": cube.label,
        "dc:description": cube.description,
        "dc:source": [{"@id": s.iri} for s in cube.sources],
        "prov:wasDerivedFrom": {"@id": cube.iri},
        "tableSchema": schema,
    }
    if license_iri:
        table["dc:license"] = {"@id": license_iri}
    for component, term in cube.attributes:
        table[component.prop] = {"@id": term.key} if term.iri else term.key
    return table


def _virtual(cube: Cube) -> list[dict[str, Any]]:
    """Columns without cells that give each observation its type and dataset, as in the RDF."""
    return [
        {"virtual": True, "propertyUrl": RDF_TYPE, "valueUrl": QB + "Observation"},
        {"virtual": True, "propertyUrl": QB + "dataSet", "valueUrl": cube.iri},
    ]
