"""Measure the reconciliation service on names as researchers write them.

Two steps, run by hand from the repository root:

    # spellings of every municipality in TOOI's register, with the CBS code meant
    .venv/bin/python scripts/reconcile_eval.py variants \
        ../shared/reference/data/tooi/rwc_gemeenten_compleet_4.json variants.csv

    # match them against a build (default: the published one) and print a Markdown table
    .venv/bin/python scripts/reconcile_eval.py evaluate variants.csv [--store instance/builds/<build>]

The CSV has the columns ``input,kind,expected[,geldig_op]``, so a hand-made list (a real
spreadsheet column with the codes it should get) is evaluated the same way. Precision
counts the rows the service called a ``match``; recall counts every row.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.models import reconcile_eval
from service.models.reconcile_index import Index
from service.settings import DEFAULTS
from service.store.built import BuiltStore
from service.store.served import open_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    make = steps.add_parser("variants", help="write the variants of TOOI's municipalities to a CSV")
    make.add_argument("tooi", type=Path)
    make.add_argument("csv", type=Path)
    make.add_argument("--seed", type=int, default=2017, help="seed of the typos")
    check = steps.add_parser("evaluate", help="match a CSV of variants and report per kind")
    check.add_argument("csv", type=Path)
    check.add_argument("--store", default="", help="a build folder; default the published build")
    check.add_argument("--type", default="sdo:Gemeente")
    args = parser.parse_args(argv)
    if args.step == "variants":
        rows = reconcile_eval.variants(reconcile_eval.tooi_municipalities(args.tooi), args.seed)
        reconcile_eval.write_csv(rows, args.csv)
        print(f"{len(rows)} variants written to {args.csv}", file=sys.stderr)
        return 0
    built: BuiltStore = open_store(args.store, Path(DEFAULTS["INSTANCE_DIR"])).get()
    index = Index.load(built, built.info.get("base_iri") or DEFAULTS["BASE_IRI"])
    print(reconcile_eval.report(reconcile_eval.evaluate(index, reconcile_eval.read_csv(args.csv), args.type)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
