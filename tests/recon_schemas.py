"""The official JSON Schemas of the Reconciliation Service API, with every ``$ref`` resolved locally.

The schemas (and the official example documents) come from the Community Group's specs
repository and sit in ``../shared/reference/reconciliation-api/<version>/``. Each
schema is registered under its own ``$id`` (which is not always its file name), and
``openapi.json``, the Swagger 2.0 schema the manifest's ``authentication`` refers to,
under ``http://swagger.io/v2/schema.json``; nothing is fetched from the network. The
schemas declare the undated ``http://json-schema.org/schema#`` and use ``contains``, so
they are read as draft 7.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

SPECS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "reconciliation-api"


def folder(version: str) -> Path:
    path = SPECS / version
    if not path.is_dir():
        pytest.fail(
            f"the reconciliation API schemas are missing: {path} (../shared must sit beside the clone)"
        )
    return path


@cache
def registry(version: str) -> tuple[Registry, dict[str, str]]:
    """Every schema of one version under its ``$id``, and file stem -> ``$id``."""
    resources, ids = [], {}
    for path in sorted((folder(version) / "schemas").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = contents.get("$id", "").rstrip("#")
        resources.append((uri, DRAFT7.create_resource(contents)))
        ids[path.stem] = uri
    return Registry().with_resources(resources), ids


def validator(version: str, name: str) -> Draft7Validator:
    """A validator for the schema in ``schemas/<name>.json`` of a version."""
    reg, ids = registry(version)
    schema = reg.contents(ids[name])
    return Draft7Validator(schema, registry=reg, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(version: str, name: str, document: object) -> list[str]:
    """What is wrong with a document by one schema (empty when it is valid)."""
    found = validator(version, name).iter_errors(document)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def assert_valid(name: str, document: object, version: str = "0.2") -> None:
    problems = errors(version, name, document)
    assert not problems, f"{name} ({version}) is invalid:\n" + "\n".join(problems[:10])


def examples(version: str) -> list[tuple[str, Path, bool]]:
    """(schema name, example file, whether it should be valid) for every example a schema exists for."""
    _, ids = registry(version)
    found = []
    for path in sorted((folder(version) / "examples").glob("*/*/*.json")):
        kind, verdict = path.parent.parent.name, path.parent.name
        if kind in ids and verdict in ("valid", "invalid"):
            found.append((kind, path, verdict == "valid"))
    return found
