"""Re-imports update instead of duplicating; undo puts the database back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.errors import ContinuumError
from analytics.ingest import (
    batch_rejects,
    import_file,
    import_history,
    merge_clients,
    near_duplicate_clients,
    rejects_csv,
    set_fx_rate,
    undo_batch,
)
from analytics.settings import set_reporting_currency

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
TABLES = ("clients", "contacts", "interactions", "deals", "feedback", "service_costs", "team_pulse")


def snapshot(db) -> dict[str, list]:
    cur = db.cursor()
    return {t: sorted(map(repr, cur.execute(f"select * from {t}").fetchall())) for t in TABLES}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_same_file_twice_leaves_the_same_tables(db):
    for kind in ("clients", "contacts", "interactions", "feedback", "costs", "team_pulse"):
        import_file(db, kind, FIXTURES / f"{kind}.csv")
    import_file(db, "deals", FIXTURES / "hubspot_deals.csv")
    before = snapshot(db)
    for kind in ("clients", "contacts", "interactions", "feedback", "costs", "team_pulse"):
        again = import_file(db, kind, FIXTURES / f"{kind}.csv")
        assert again.loaded == 0 and again.updated > 0
    again = import_file(db, "deals", FIXTURES / "hubspot_deals.csv")
    assert (again.loaded, again.updated, again.new_clients) == (0, 6, [])
    after = snapshot(db)
    # only the batch ids differ
    strip = lambda snap: {t: sorted(r.rsplit(", '2", 1)[0] for r in rows) for t, rows in snap.items()}  # noqa: E731
    assert strip(after) == strip(before)


def test_undo_of_an_update_restores_the_exact_previous_rows(db, tmp_path):
    import_file(db, "clients", FIXTURES / "clients.csv")
    first = import_file(db, "deals", FIXTURES / "hubspot_deals.csv")
    before = snapshot(db)
    changed = write(tmp_path, "changed.csv", "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,"
                    "Associated Company (Primary)\n9001,Renamed,Closed Lost,1,3/25/2024,1/10/2024,Delta New\n"
                    "9999,Brand new,Closed Won,5,3/25/2024,1/10/2024,Delta New\n")
    second = import_file(db, "deals", changed)
    assert (second.loaded, second.updated, second.new_clients) == (1, 1, ["Delta New"])
    assert snapshot(db) != before
    # 9001 removed and its prior image restored, 9999 removed; the new client removed
    assert undo_batch(db, second.batch_id) == {"deals": 3, "clients": 1}
    assert snapshot(db) == before
    assert import_history(db.cursor())["is_undone"].tolist() == [True, False, False]
    undo_batch(db, first.batch_id)
    undo_batch(db, import_history(db.cursor())["batch_id"].iloc[-1])
    assert all(rows == [] for rows in snapshot(db).values())


def test_undoing_an_earlier_batch_keeps_a_later_overwrite_and_chains_its_undo(db, tmp_path):
    empty = snapshot(db)
    a = import_file(db, "deals", write(tmp_path, "a.csv", "deal_id,client_name,amount,currency\nD1,Acme,10,EUR\n"))
    after_a = snapshot(db)
    b = import_file(db, "deals", write(tmp_path, "b.csv", "deal_id,client_name,amount,currency\nD1,Acme,20,EUR\n"))
    undo_batch(db, a.batch_id)
    # D1 now belongs to batch b and stays as b wrote it
    assert db.cursor().execute("select amount from deals").fetchall() == [(20.0,)]
    undo_batch(db, b.batch_id)
    # b's "before" became a's "before": nothing
    assert snapshot(db) == empty
    assert after_a != empty


def test_a_batch_cannot_be_undone_twice(db):
    result = import_file(db, "deals", FIXTURES / "zoho_deals.csv")
    undo_batch(db, result.batch_id)
    with pytest.raises(ContinuumError, match="already undone"):
        undo_batch(db, result.batch_id)


def test_a_failing_import_leaves_the_database_as_before(db, monkeypatch):
    import_file(db, "deals", FIXTURES / "zoho_deals.csv")
    before = snapshot(db)
    import analytics.ingest.load as load

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_store_rejects", crash)
    with pytest.raises(RuntimeError):
        import_file(db, "deals", FIXTURES / "pipedrive_deals.csv")
    assert snapshot(db) == before
    assert len(import_history(db.cursor())) == 1


def test_a_dry_run_previews_and_validates_but_writes_nothing(db):
    before = snapshot(db)
    result = import_file(db, "deals", FIXTURES / "bad_deals.csv", dry_run=True)
    assert (result.loaded, result.rejected) == (1, 10)
    assert result.preview["deal_id"].tolist() == ["B-1"]
    assert snapshot(db) == before
    assert len(import_history(db.cursor())) == 0


def test_rejects_download_neutralises_spreadsheet_formulas(db, tmp_path):
    path = write(tmp_path, "f.csv", "deal_id,client_name,amount,currency\n=1+2,@SUM(A1),-5,EUR\n")
    result = import_file(db, "deals", path)
    text = rejects_csv(batch_rejects(db.cursor(), result.batch_id))
    assert text.splitlines()[1] == "2,rejected,amount -5 is negative,\"'=1+2,@SUM(A1),-5,EUR\""


def test_near_duplicate_names_are_listed_and_merging_keeps_an_alias(db, tmp_path):
    import_file(db, "clients", FIXTURES / "clients.csv")
    result = import_file(db, "deals", write(tmp_path, "d.csv", "deal_id,client_name,amount,currency\n"
                                            "D1,Acme Sp z o.o,10,EUR\nD2,Gamma Retial,5,EUR\n"))
    # "Acme Sp z o.o" matches Acme by its name key; "Gamma Retial" is a typo of Gamma Retail
    assert result.new_clients == ["Gamma Retial"]
    pairs = near_duplicate_clients(db.cursor(), result.batch_id)
    assert pairs[["new_name", "existing_name"]].values.tolist() == [["Gamma Retial", "Gamma Retail"]]
    merge_clients(db, "C-3", pairs["new_id"].iloc[0])
    assert db.cursor().execute("select client_id from deals where deal_id = 'D2'").fetchall() == [("C-3",)]
    again = import_file(db, "deals", write(tmp_path, "e.csv", "deal_id,client_name,amount,currency\n"
                                           "D3,GAMMA RETIAL,1,EUR\n"))
    assert again.new_clients == []
    assert db.cursor().execute("select client_id from deals where deal_id = 'D3'").fetchall() == [("C-3",)]


def test_a_currency_without_a_rate_loads_with_a_warning_and_converts_once_the_rate_is_set(db):
    set_reporting_currency(db, "EUR")  # chosen, so the first import does not make RUB the reporting currency
    result = import_file(db, "deals", FIXTURES / "russian_cp1251_deals.csv")
    assert "No exchange rate for RUB to EUR yet: 3 deals were loaded" in result.warnings[-1]
    assert db.cursor().execute("select count(*) from deals where amount_base is null").fetchall() == [(3,)]
    assert set_fx_rate(db, "rub", 0.01) == 3
    assert db.cursor().execute("select sum(amount_base) from deals").fetchall() == [(pytest.approx(2075.005),)]
