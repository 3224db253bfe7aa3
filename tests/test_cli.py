"""The command line: same functions as the pages, one clean line on error."""

from __future__ import annotations

import subprocess
import sys

from analytics.cli.main import main
from analytics.db import open_database


def test_demo_command_builds_the_requested_portfolio(tmp_path, capsys):
    path = tmp_path / "d.duckdb"
    code = main(["demo", "--db", str(path), "--clients", "18", "--quarters", "4", "--end-quarter", "2025Q4"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "18 clients" in out and "2025Q1..2025Q4" in out
    db = open_database(path)
    assert db.client_count() == 18
    db.close()


def test_demo_command_refuses_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "x.duckdb"
    path.write_text("hello")
    assert main(["demo", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "is not a DuckDB database" in err
    assert path.read_text() == "hello"


def test_demo_command_rejects_a_bad_quarter_in_one_line(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "d.duckdb"), "--end-quarter", "2025Q5"]) == 1
    assert capsys.readouterr().err == 'Error: "2025Q5" is not a quarter; write it like 2025Q3.\n'


def test_python_dash_m_analytics_prints_no_traceback_on_error(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"\x00\x01garbage" * 100)
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "demo", "--db", str(bad)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and run.stderr.startswith("Error: ")


def test_demo_command_refuses_fewer_than_four_quarters_in_one_line(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "d.duckdb"), "--quarters", "2"]) == 1
    assert capsys.readouterr().err == (
        "Error: --clients must be at least 1 and --quarters at least 4 "
        "(the stories need a before and an after).\n"
    )


def test_demo_with_four_quarters_and_few_clients_builds(tmp_path):
    path = tmp_path / "small.duckdb"
    assert main(["demo", "--db", str(path), "--clients", "3", "--quarters", "4", "--end-quarter", "2025Q4"]) == 0
