"""`python -m analytics score`: table, csv and json; the latest quarter by default; one
clean line and a non-zero exit on a missing or empty database."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analytics.cli.main import main
from analytics.db import open_database
from tests.tiny import Tiny


@pytest.fixture
def tiny_file(tmp_path):
    """Two clients with a quarter each of history, in a file."""
    path = tmp_path / "tiny.duckdb"
    db = open_database(path)
    tiny = Tiny(db)
    tiny.client("A")
    tiny.client("B", first_seen=None)  # known from its first touch only
    tiny.cur.execute("update clients set name = '=HYPERLINK(\"x\")' where client_id = 'B'")
    tiny.touches("A", "2025-08-01", 3, tags=("learned_from_market",), by="us")
    tiny.touches("A", "2025-11-01", 3, tags=("learned_from_market",), by="us")
    tiny.touches("B", "2025-11-01", 2, sentiment=2)
    db.close()
    return path


def run(capsys, *args):
    code = main(["score", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_one_object_per_client_with_dimensions_and_signals(tiny_file, capsys):
    code, out, err = run(capsys, "--db", str(tiny_file), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [r["client_id"] for r in report] == ["A", "B"]
    a = report[0]
    assert list(a) == ["client_id", "name", "quarter", "score", "stage", "provisional", "coverage", "change",
                       "is_new", "currency", "revenue_4q", "dimensions", "signals", "not_judged"]
    assert a["quarter"] == "2025Q4"  # the latest quarter with data
    assert list(a["dimensions"]) == ["high_wide", "dialogue", "trust", "balance", "value"]
    assert set(a["dimensions"]["dialogue"]) == {"score", "contributions"}
    assert "0 advance notices from the client vs 3 things learned from the market: −15" in (
        a["dimensions"]["dialogue"]["contributions"])
    assert a["signals"] == [{
        "id": "no_advance_info", "severity": "medium",
        "reason": "learned of 3 client initiatives from the market vs 0 advance notices from the client this quarter",
        "evidence_count": 3,
    }]
    assert isinstance(a["change"], float)
    assert (report[1]["change"], report[1]["is_new"]) == (None, True)  # B started in 2025Q4


def test_a_quarter_and_a_client_narrow_the_report(tiny_file, capsys):
    code, out, _ = run(capsys, "--db", str(tiny_file), "--quarter", "2025q3", "--client", "A", "--format", "json")
    report = json.loads(out)
    assert code == 0 and [(r["client_id"], r["quarter"]) for r in report] == [("A", "2025Q3")]


def test_the_table_lists_every_client_with_its_stage_and_signals(tiny_file, capsys):
    code, out, _ = run(capsys, "--db", str(tiny_file))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].split() == ["client", "name", "quarter", "score", "stage", "change", "new", "h&w", "dialog",
                                "trust", "balance", "value", "measured", "revenue", "4q", "signals"]
    assert lines[1].startswith("A ") and lines[1].endswith("no_advance_info:medium")


def test_csv_has_a_header_and_neutralises_formulas(tiny_file, capsys):
    code, out, _ = run(capsys, "--db", str(tiny_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["client_id"] for r in rows] == ["A", "B"]
    assert rows[1]["name"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["signals"] == "no_advance_info:medium"


def test_a_missing_database_is_one_line_and_exit_1_and_creates_nothing(tmp_path, capsys):
    path = tmp_path / "missing.duckdb"
    code, out, err = run(capsys, "--db", str(path))
    assert (code, out) == (1, "")
    assert err == f'Error: No database at "{path}". Create one with: python -m analytics demo --db "{path}"\n'
    assert not path.exists()


def test_an_empty_database_is_one_line_and_exit_1(tmp_path, capsys):
    path = tmp_path / "empty.duckdb"
    open_database(path).close()
    code, _, err = run(capsys, "--db", str(path))
    assert code == 1
    assert err.startswith(f'Error: The database "{path}" holds no clients yet.') and err.count("\n") == 1


@pytest.mark.parametrize("args,message", [
    (["--quarter", "2019Q1"], "Error: No data for quarter 2019Q1; quarters with data: 2025Q3..2025Q4.\n"),
    (["--quarter", "2025Q9"], 'Error: "2025Q9" is not a quarter; write it like 2025Q3.\n'),
    (["--client", "ZZ"], 'Error: No client with id "ZZ" in this database.\n'),
])
def test_a_bad_quarter_or_client_is_one_line(tiny_file, capsys, args, message):
    code, _, err = run(capsys, "--db", str(tiny_file), *args)
    assert (code, err) == (1, message)
