"""The method on a real deals-only portfolio: the Maven CRM accounts and pipeline
(../shared/data/real/maven_crm), imported from the command line as a user would, with
`--currency USD` (the file names no currency). Only Value stands on deals: positions are
measured on Value alone, coverage 0.2, every stage provisional, six signals not judged,
and the revenue totals equal the file's won value. Skipped when the files are not there."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from analytics.cli.main import main
from tests.test_import_real import REAL, need

MAVEN = REAL / "maven_crm"


@pytest.fixture(scope="module")
def maven_db(tmp_path_factory):
    need(MAVEN / "sales_pipeline.csv")
    folder = tmp_path_factory.mktemp("maven")
    for name in ("accounts.csv", "sales_pipeline.csv"):  # copies: the rejects land beside the file
        shutil.copy(MAVEN / name, folder / name)
    db = folder / "maven.duckdb"
    assert main(["import", "clients", str(folder / "accounts.csv"), "--db", str(db)]) == 0
    assert main(["import", "deals", str(folder / "sales_pipeline.csv"), "--db", str(db), "--currency", "USD"]) == 0
    return db


def won_value() -> float:
    with open(MAVEN / "sales_pipeline.csv", encoding="utf-8", newline="") as f:
        return sum(float(r["close_value"]) for r in csv.DictReader(f) if r["deal_stage"] == "Won")


def test_the_maven_pipeline_is_measured_on_value_alone(maven_db, capsys):
    capsys.readouterr()
    assert main(["score", "--db", str(maven_db), "--format", "json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert len(report) == 85
    assert {r["currency"] for r in report} == {"USD"}
    assert {r["coverage"] for r in report} == {0.2}
    assert all(r["provisional"] for r in report)
    for r in report:
        assert [r["dimensions"][d]["score"] is None for d in ("high_wide", "dialogue", "trust", "balance")] == [
            True, True, True, True]
        assert r["dimensions"]["value"]["score"] is not None
        assert r["score"] == pytest.approx(r["dimensions"]["value"]["score"])
    # every won deal closed in 2017: the four quarters ending 2017Q4 hold them all
    assert report[0]["quarter"] == "2017Q4"
    assert sum(r["revenue_4q"] for r in report) == pytest.approx(won_value(), abs=0.01)
    assert [s["id"] for s in report[0]["not_judged"]] == [
        "access_decline", "no_advance_info", "feedback_silence", "micromanagement", "team_morale", "squeeze",
    ]
    assert "Not judged, for want of the data they stand on: access_decline" in captured.err
    assert "Warning:" not in captured.err  # every amount is in USD, the reporting currency


def test_the_maven_table_marks_what_is_not_measured(maven_db, capsys):
    capsys.readouterr()
    assert main(["score", "--db", str(maven_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "measured" in lines[0].split()
    first = lines[1]
    assert "(provisional)" in first and first.count("n/m") == 4 and "20%" in first
