"""A full disk, a damaged block and a file we may not write each give one line, on the
command line and in the app, and leave the file as it was (issue 18). The disk is a
real, small tmpfs (mounted for the test, as root can on this machine and in CI); the
damage is real bytes overwritten in a copy of the demo file."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.errors import CorruptDatabase, DiskFull, NoPermission
from ui.text import plain

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = "deal_id,client_name,amount,currency,stage,close_date\n" + "".join(
    f"D{i:06d},Client number {i % 900} with a long name,{i % 997 + 1}.50,EUR,won,2025-0{i % 9 + 1}-1{i % 9}\n"
    for i in range(40_000)
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs: room for an empty portfolio, not for 40,000 deals."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_full_disk_is_one_line_and_the_import_leaves_the_file_as_it_was(small_disk, tmp_path, capsys):
    db_path = small_disk / "p.duckdb"
    open_database(db_path).close()
    csv = tmp_path / "deals.csv"
    csv.write_text(PIPELINE, encoding="utf-8")
    code, _, err = run(capsys, "import", "deals", csv, "--db", db_path)
    assert code == 1
    assert err.strip().endswith(str(DiskFull(str(db_path))))
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    db = open_database(db_path)
    try:  # nothing half written: no deal, no client, no batch
        counts = db.cursor().execute(
            "select (select count(*) from deals), (select count(*) from clients), (select count(*) from import_batches)"
        ).fetchone()
    finally:
        db.close()
    assert counts == (0, 0, 0)


def test_a_read_only_disk_is_one_line_naming_the_permission(small_disk, capsys):
    db_path = small_disk / "p.duckdb"
    open_database(db_path).close()
    before = digest(db_path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _, err = run(capsys, "settings", "set", "weight_value", "0.3", "--db", db_path)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == f"Error: {NoPermission(str(db_path))}"
    assert digest(db_path) == before


@pytest.fixture
def damaged(demo_db_file, tmp_path) -> Path:
    """A copy of the demo with 64 bytes overwritten in four of its blocks."""
    path = tmp_path / "damaged.duckdb"
    shutil.copy2(demo_db_file, path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        for offset in range(size // 3, size // 3 + 4 * 262_144, 262_144):
            fh.seek(offset)
            fh.write(b"\xff" * 64)
    return path


def test_a_damaged_file_is_one_line_on_the_command_line_and_left_untouched(damaged, capsys):
    before = digest(damaged)
    code, out, err = run(capsys, "score", "--db", damaged)
    assert (code, out) == (1, "")
    assert err == f"Error: {CorruptDatabase(str(damaged))}\n"
    assert digest(damaged) == before


def test_a_damaged_file_is_one_message_in_the_app(damaged, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(damaged))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert any(plain("is damaged: a block of it fails its checksum") in e.value for e in app.error)


def test_a_damaged_file_of_an_older_schema_is_put_back_as_it_was_when_its_migration_fails(damaged, monkeypatch):
    import analytics.db

    every = analytics.db.migrations()
    extra = (every[-1][0] + 1, "touch_every_block", "create table copy_of_deals as select * from deals;")
    monkeypatch.setattr(analytics.db, "migrations", lambda: [*every, extra])
    before = digest(damaged)
    with pytest.raises(CorruptDatabase):
        open_database(damaged)
    assert digest(damaged) == before
    assert list(damaged.parent.glob("damaged.duckdb.v*.bak"))  # the copy taken before migrating stays
