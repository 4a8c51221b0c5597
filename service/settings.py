"""One table of settings: defaults, environment variables and help text come from here.

Every setting can be given as an environment variable with the ``SDKG_`` prefix
(``SDKG_BASE_IRI=…``); ``sdkg serve`` flags override those. The README lists each
setting, and a test keeps README and this table in step.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

ENV_PREFIX = "SDKG_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The base IRI the source files are written with; ``BASE_IRI`` may map it elsewhere.
SOURCE_BASE_IRI = "https://sociaaldomein.example/"


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("BASE_IRI", SOURCE_BASE_IRI, "Base of every IRI the graph mints (/id/, /doc/, /def/, /graph/)."),
    Setting("SOURCE_DIR", str(PROJECT_ROOT), "Folder holding ontology/, shapes/ and data/ to build from."),
    Setting(
        "INSTANCE_DIR",
        str(PROJECT_ROOT / "instance"),
        "Where builds, the published store and dumps are written.",
    ),
    Setting(
        "STORE",
        "",
        "Store to serve: empty for the published embedded store, a path to another built store, or an http(s) URL of a SPARQL 1.1 server.",
    ),
    Setting(
        "WRITABLE",
        False,
        "Serve STORE (default <instance>/scratch) as a writable scratch store that SPARQL Update and the Graph Store Protocol can change with ADMIN_TOKEN; the published build is always read-only.",
    ),
    Setting("HOST", "127.0.0.1", "Address `sdkg serve` listens on."),
    Setting("PORT", 5000, "Port `sdkg serve` listens on."),
    Setting("QUERY_TIMEOUT", 30.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting(
        "SERVER_PROCESSES",
        0,
        "Server processes of `sdkg serve` (gunicorn workers), each with its own query workers; 0: one per core. A writable store is served by one.",
    ),
    Setting("SERVER_THREADS", 8, "Threads per server process; each answers one request at a time."),
    Setting("QUERY_MEMORY_MB", 1536, "Memory limit (address space) of one query worker process, in MiB."),
    Setting("QUERY_WORKERS", 2, "Query worker processes (without network access) of each server process."),
    Setting(
        "FEDERATION_WORKERS",
        1,
        "Worker processes of each server process, with network access, for queries whose SERVICE endpoints are all on SERVICE_ALLOWLIST; started at the first such query.",
    ),
    Setting(
        "CLIENT_QUERIES",
        1,
        "Requests to /sparql one client may have running at once, over all server processes (429 above); 0: no limit.",
    ),
    Setting(
        "CLIENT_RATE",
        120,
        "Requests to /sparql one client may make per minute, in bursts of up to as many (429 above); 0: no limit.",
    ),
    Setting(
        "ERROR_LIMIT",
        30,
        "4xx answers from /sparql to one client within a minute after which its requests get 429 for ERROR_PENALTY seconds; 0: no limit.",
    ),
    Setting("ERROR_PENALTY", 60.0, "Seconds a client that reached ERROR_LIMIT is refused /sparql."),
    Setting(
        "TRUSTED_PROXIES",
        "",
        "Space-separated addresses or networks (CIDR) of reverse proxies; only from them is X-Forwarded-For believed for who the client is.",
    ),
    Setting(
        "ACCESS_LOG",
        "-",
        "Where the JSON access log goes, one line per request: - for standard error, a file to append to, empty for none.",
    ),
    Setting("MAX_QUERY_BYTES", 100_000, "Largest SPARQL query accepted, in bytes (413 above)."),
    Setting("MAX_ROWS", 10_000, "Rows shown in HTML result views before the result is flagged truncated."),
    Setting(
        "ADMIN_TOKEN",
        "",
        "Bearer token that enables SPARQL Update and the Graph Store Protocol; empty keeps the service read-only.",
    ),
    Setting(
        "SERVICE_ALLOWLIST",
        "",
        "Space-separated endpoint IRIs that SPARQL SERVICE may call; empty forbids federation.",
    ),
    Setting(
        "ALLOW_UNISOLATED_FEDERATION",
        False,
        "Serve with SERVICE_ALLOWLIST set even where query workers cannot be cut off from the network (then the SERVICE gate is the only control).",
    ),
    Setting("SKIP_REASONER", False, "Skip the HermiT consistency check in `sdkg build`."),
    Setting("LICENSE", "https://creativecommons.org/licenses/by/4.0/", "License of the published dataset."),
    Setting(
        "PUBLISHER",
        "",
        "IRI of the publisher in the DCAT description (dct:publisher, dct:creator), e.g. an organisation's TOOI IRI; empty: the project itself, {base}id/uitgever/kennisgraaf.",
    ),
    Setting(
        "PUBLISHER_NAME", "Sociaal Domein Kennisgraaf", "Name of the publisher and of the contact point."
    ),
    Setting(
        "CONTACT_EMAIL", "", "E-mail address of the contact point (vcard:hasEmail); empty: none is given."
    ),
    Setting(
        "CONTACT_URL",
        "",
        "Web page of the publisher and the contact point (vcard:hasURL); empty: the home page, BASE_IRI.",
    ),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}


def coerce(name: str, value: Any) -> Any:
    """Turn an environment string into the type of the setting's default."""
    default = DEFAULTS[name]
    if not isinstance(value, str) or isinstance(default, str):
        return value
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int | float):
        return type(default)(value)
    return json.loads(value)


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults overlaid with every ``SDKG_*`` variable that names a setting."""
    given: Mapping[str, str] = os.environ if environ is None else environ
    values = dict(DEFAULTS)
    for name in DEFAULTS:
        if ENV_PREFIX + name in given:
            values[name] = coerce(name, given[ENV_PREFIX + name])
    return values


def documented(setting: Setting) -> str:
    """The README line of a setting; paths are shown relative to the repository.

    >>> documented(Setting("PORT", 5000, "Port to listen on."))
    '- `PORT` (default `5000`): Port to listen on.'
    """
    default = setting.default
    if isinstance(default, str) and default.startswith(str(PROJECT_ROOT)):
        default = "<repository>" + default[len(str(PROJECT_ROOT)) :]
    return f"- `{setting.name}` (default `{default!r}`): {setting.help}"
