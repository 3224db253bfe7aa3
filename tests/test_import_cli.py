"""`python -m analytics import`: one summary line per file, rejects beside the file,
a one-line reason and a non-zero exit when a file cannot be read at all."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.ingest import prepare
from analytics.ingest.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
SAMPLES = ROOT / "data" / "samples"


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_sample_template_maps_every_column_with_no_mapping(db, kind):
    plan = prepare(db.cursor(), SAMPLES / f"{kind}.csv", kind)
    assert plan.sniffed.headers == KINDS[kind].template
    assert plan.mapping == {name: i for i, name in enumerate(KINDS[kind].template)}


def test_the_samples_import_in_order_with_nothing_rejected(tmp_path, capsys):
    db_path = tmp_path / "p.duckdb"
    for kind in ("clients", "contacts", "interactions", "deals", "feedback", "costs", "team_pulse"):
        assert main(["import", kind, str(SAMPLES / f"{kind}.csv"), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    # the first deals of a fresh database: 3 of the 5 are in PLN, which becomes the reporting currency
    assert ("deals.csv: loaded 5, updated 0, rejected 0, skipped 0, new clients 0; "
            "reporting currency set to PLN, the currency of most deals\n") in out
    db = open_database(db_path)
    assert db.cursor().execute("select count(*) from deals where client_id = 'C-1005'").fetchone()[0] == 1
    db.close()


def test_import_prints_one_line_per_file_and_writes_rejects_beside_it(tmp_path, capsys):
    for name in ("bad_deals.csv", "zoho_deals.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    code = main(["import", "deals", str(tmp_path / "bad_deals.csv"), str(tmp_path / "zoho_deals.csv"),
                 "--db", str(tmp_path / "p.duckdb")])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = [line for line in out.splitlines() if not line.startswith("  ")]
    rejects = tmp_path / "bad_deals.csv.rejects.csv"
    assert lines == [
        f"bad_deals.csv: loaded 1, updated 0, rejected 10, skipped 0, new clients 1; "
        f"reporting currency set to EUR, the currency of most deals; rejects in {rejects}",
        "zoho_deals.csv: loaded 3, updated 0, rejected 0, skipped 0, new clients 2; "
        "account manager set for 2 clients from their deals' owner",
    ]
    assert rejects.read_text(encoding="utf-8").splitlines()[0] == "line_no,outcome,reason,raw"
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 11


def test_a_mapping_file_maps_an_export_nobody_recognises(tmp_path, capsys):
    export = tmp_path / "odd.csv"
    export.write_text("Opp #;Firma X;Kwota PLN\n1;Acme;100,5\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"fields": {"deal_id": "Opp #", "client_name": "Firma X", "amount": "Kwota PLN"}, '
                       '"options": {"currency": "PLN"}}', encoding="utf-8")
    assert main(["import", "deals", str(export), "--db", str(tmp_path / "p.duckdb"), "--mapping", str(mapping)]) == 0
    assert "loaded 1, updated 0, rejected 0" in capsys.readouterr().out
    db = open_database(tmp_path / "p.duckdb")
    assert db.cursor().execute("select amount, currency, status from deals").fetchall() == [(100.5, "PLN", "open")]
    db.close()


def test_a_file_that_cannot_be_read_exits_non_zero_with_one_line(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "import", "deals", str(FIXTURES / "not_csv.zip"),
         "--db", str(tmp_path / "p.duckdb")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 1
    assert run.stderr == ('not_csv.zip: Error: "not_csv.zip" cannot be imported: it is a ZIP archive, not CSV. '
                          "Unzip it and import the .csv inside.\n")
    assert "Traceback" not in run.stderr


def test_columns_nobody_recognises_are_refused_with_what_to_do(tmp_path, capsys):
    export = tmp_path / "weird.csv"
    export.write_text("alpha,beta,gamma\n1,2,3\n", encoding="utf-8")
    assert main(["import", "deals", str(export), "--db", str(tmp_path / "p.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "None of the columns (alpha, beta, gamma) is recognised" in err
    assert "--mapping FILE.json" in err


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_kind_of_each_sample_is_detected_from_its_headers(db, kind):
    assert prepare(db.cursor(), SAMPLES / f"{kind}.csv").kind == kind
