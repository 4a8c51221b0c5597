"""Every dataset's CSV with its CSVW metadata in one zip file, the same bytes for the same build. Pure.

A researcher who wants all tables takes one file: ``<slug>.csv`` and
``<slug>.csv-metadata.json`` per dataset, side by side, so the metadata's relative
``url`` finds its CSV inside the unpacked folder as it does on the site. Entries are in
slug order with a fixed time stamp (the build's), fixed permissions and one compression
level, so an unchanged build gives identical bytes and an ``ETag`` holds.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from datetime import datetime

from service.models.cube import Cube, natural_key
from service.render import csvw

#: The earliest time a zip entry can carry; used when the build's time is unknown.
EPOCH = (1980, 1, 1, 0, 0, 0)


def stamp(built: str) -> tuple[int, int, int, int, int, int]:
    """The zip time of an ISO build time, or the zip epoch when there is none.

    >>> stamp("2026-12-07T23:15:17+00:00"), stamp("")
    ((2026, 12, 7, 23, 15, 16), (1980, 1, 1, 0, 0, 0))
    """
    try:
        moment = datetime.fromisoformat(built)
    except ValueError:
        return EPOCH
    # zip times have two-second steps; round down so every reader shows the same time
    return (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second - moment.second % 2,
    )


def entries(cube: Cube, license_iri: str) -> list[tuple[str, str]]:
    """The two files of one dataset: its CSV and the CSVW metadata that describes it."""
    name = f"{cube.slug}.csv"
    described = csvw.metadata(cube, name, license_iri)
    return [
        (name, csvw.to_csv(cube)),
        (f"{name}-metadata.json", json.dumps(described, ensure_ascii=False, indent=2) + "\n"),
    ]


def datasets_zip(cubes: Iterable[Cube], license_iri: str = "", built: str = "") -> bytes:
    """The zip of every dataset's CSV and metadata, in slug order, with deterministic bytes."""
    out = io.BytesIO()
    when = stamp(built)
    with zipfile.ZipFile(out, "w") as archive:
        for cube in sorted(cubes, key=lambda c: natural_key(c.slug)):
            for name, text in entries(cube, license_iri):
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix, whatever machine builds it
                info.external_attr = 0o644 << 16
                archive.writestr(info, text.encode("utf-8"), compresslevel=9)
    return out.getvalue()
