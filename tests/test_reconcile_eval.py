"""The evaluation of the reconciliation service: variants from TOOI, and precision and recall per kind.

The variants are generated from a sample of TOOI's register (the municipalities of the
reconciliation fixture) and matched against the fixture build, where every kind but
the typos must be found in full, and nothing may be matched wrongly.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from service.models import reconcile_eval
from service.models.reconcile_index import Index
from service.store.built import BuiltStore
from tests.conftest import BASE, FIXTURES, PROJECT

SAMPLE = FIXTURES / "tooi-gemeenten-sample.json"
TOOI = PROJECT / "data" / "referentie" / "bronnen" / "tooi" / "rwc_gemeenten_compleet_4.json"


@pytest.fixture(scope="module")
def rows() -> list[reconcile_eval.Variant]:
    return reconcile_eval.variants(reconcile_eval.tooi_municipalities(SAMPLE))


@pytest.fixture(scope="module")
def index(recon_build) -> Index:
    return Index.load(BuiltStore.open(recon_build.folder), BASE)


def test_the_variants_are_the_spellings_people_use(rows) -> None:
    found = {(v.input, v.kind, v.expected) for v in rows}
    assert {
        ("'s-Gravenhage", "officiële naam", "GM0518"),
        ("Den Haag", "voorkeursnaam", "GM0518"),
        ("Gravenhage", "zonder 's-", "GM0518"),
        ("Sudwest-Fryslan", "zonder diakrieten", "GM1900"),
        ("Súdwest Fryslân", "koppelteken als spatie", "GM1900"),
        ("gemeente Den Haag", "met 'gemeente'", "GM0518"),
        ("Leeuwarderadeel", "opgeheven naam", "GM0081"),
        ("GM0081", "code met GM", "GM0081"),
        ("0081", "code zonder GM", "GM0081"),
        ("81", "code zonder voorloopnullen", "GM0081"),
    } <= found
    assert reconcile_eval.variants(reconcile_eval.tooi_municipalities(SAMPLE)) == rows  # seeded: reproducible


def test_a_typo_is_one_slip_of_the_keyboard(rows) -> None:
    typos = [v for v in rows if v.kind == "tikfout"]
    names = {
        v.expected: v.input for v in rows if v.kind in ("officiële naam", "opgeheven naam", "voorkeursnaam")
    }
    assert len(typos) >= 10
    for typo in typos:
        meant = names[typo.expected]
        assert typo.input != meant and abs(len(typo.input) - len(meant)) <= 1
        assert sum(a != b for a, b in zip(typo.input, meant, strict=False)) <= 2 or len(typo.input) != len(
            meant
        )


def test_the_fixture_is_matched_without_a_wrong_match(rows, index) -> None:
    tallies = reconcile_eval.evaluate(index, rows)
    for kind, tally in tallies.items():
        assert tally.precision == 1.0, kind
        if kind not in ("tikfout", "alle"):
            assert tally.recall == 1.0, kind
    assert tallies["tikfout"].first == tallies["tikfout"].rows  # every typo at least ranked first
    assert tallies["alle"].rows == len(rows)


def test_a_reference_date_in_the_csv_is_used(tmp_path: Path, index) -> None:
    path = tmp_path / "dated.csv"
    path.write_text(
        "input,kind,expected,geldig_op\nOudstad,datum,GM9901,1999-01-01\nOudstad,datum,GM9902,2017-01-01\nOudstad,geen datum,GM9902,\n",
        encoding="utf-8",
    )
    tallies = reconcile_eval.evaluate(index, reconcile_eval.read_csv(path))
    assert (tallies["datum"].correct, tallies["datum"].matched) == (2, 2)
    assert tallies["geen datum"].matched == 0 and tallies["geen datum"].first == 1


def test_the_script_writes_variants_and_reports(tmp_path: Path, recon_build, capsys) -> None:
    spec = importlib.util.spec_from_file_location(
        "reconcile_eval_script", Path(__file__).parents[1] / "scripts" / "reconcile_eval.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    csv_path = tmp_path / "variants.csv"
    assert script.main(["variants", str(SAMPLE), str(csv_path)]) == 0
    assert reconcile_eval.read_csv(csv_path) == reconcile_eval.variants(
        reconcile_eval.tooi_municipalities(SAMPLE)
    )
    assert script.main(["evaluate", str(csv_path), "--store", str(recon_build.folder)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("| soort variant |") and "| alle |" in table and "| 1.000 |" in table


def test_the_full_register_gives_a_few_hundred_variants_most_not_literal() -> None:
    """The issue's bar: at least half of the variants do not occur literally in the reference data."""
    records = list(reconcile_eval.tooi_municipalities(TOOI))
    literal = set()
    for record in records:
        for local in ("officieleNaamExclSoort", "voorkeursnaamExclSoort"):
            literal |= set(reconcile_eval._values(record, local))
        literal.add("GM" + reconcile_eval._values(record, "gemeentecode")[0])
    rows = reconcile_eval.variants(records)
    assert len(records) > 500 and len(rows) > 1000
    assert sum(v.input not in literal for v in rows) > len(rows) / 2


@pytest.mark.slow
def test_the_real_graph_matches_every_variant_of_the_register_without_a_wrong_match(real_store) -> None:
    """All 605 versions in every spelling: nothing matched wrongly, everything but typos found in full."""
    rows = reconcile_eval.variants(reconcile_eval.tooi_municipalities(TOOI))
    tallies = reconcile_eval.evaluate(Index.load(real_store, BASE), rows)
    for kind, tally in tallies.items():
        assert tally.precision == 1.0, kind
        if kind not in ("tikfout", "alle"):
            assert tally.recall == 1.0, kind
    assert tallies["tikfout"].recall >= 0.9 and tallies["alle"].recall >= 0.99


@pytest.mark.slow
def test_on_the_real_graph_a_bare_bergen_ranks_both_bergens_before_lookalikes(real_store) -> None:
    """Eibergen and Ubbergen look like 'Bergen' as much as 'Bergen (L)' does by letters alone."""
    hits = Index.load(real_store, BASE).lookup("Bergen")
    assert {h.entity.name for h in hits[:2]} == {"Bergen (NH)", "Bergen (L)"}
    assert hits[0].score == hits[1].score > hits[2].score
