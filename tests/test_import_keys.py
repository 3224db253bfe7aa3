"""deals has no primary key index (migration 0005): the importer keeps deal_id unique."""

from __future__ import annotations

from analytics.ingest import import_file, undo_batch

HEADER = "deal_id,client_id,client_name,title,stage,status,amount,currency,created_on,closed_on,discount_pct\n"


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def duplicated_ids(db) -> int:
    return db.cursor().execute(
        "select count(*) from (select deal_id from deals group by deal_id having count(*) > 1)"
    ).fetchone()[0]


def test_the_deals_table_has_no_primary_key_index_after_migration_0005(db):
    kinds = {r[0] for r in db.cursor().execute(
        "select constraint_type from duckdb_constraints() where table_name = 'deals'"
    ).fetchall()}
    assert "PRIMARY KEY" not in kinds and "CHECK" in kinds and "NOT NULL" in kinds


def test_re_importing_deals_never_creates_a_duplicate_deal_id(db, tmp_path):
    first = write(tmp_path, "a.csv", [
        "D-1,C-1,Acme,One,Prospecting,open,100,EUR,2024-01-05,,0",
        "D-2,C-1,Acme,Two,Prospecting,open,200,EUR,2024-01-06,,0",
    ])
    # D-2 again (changed), D-3 new, and D-3 twice in the file: the later one loads
    second = write(tmp_path, "b.csv", [
        "D-2,C-1,Acme,Two renamed,Closed Won,won,250,EUR,2024-01-06,2024-02-01,5",
        "D-3,C-2,Beta,Three,Prospecting,open,300,EUR,2024-01-07,,0",
        "D-3,C-2,Beta,Three later,Prospecting,open,310,EUR,2024-01-07,,0",
    ])
    a = import_file(db, "deals", first)
    assert (a.loaded, a.updated) == (2, 0)
    b = import_file(db, "deals", second)
    assert (b.loaded, b.updated, b.rejected) == (1, 1, 1)
    for _ in range(2):
        again = import_file(db, "deals", second)
        assert (again.loaded, again.updated, again.rejected) == (0, 2, 1)
        again_a = import_file(db, "deals", first)
        assert (again_a.loaded, again_a.updated) == (0, 2)
    assert duplicated_ids(db) == 0
    rows = db.cursor().execute("select deal_id, title, amount from deals order by deal_id").fetchall()
    assert rows == [("D-1", "One", 100.0), ("D-2", "Two", 200.0), ("D-3", "Three later", 310.0)]


def test_undoing_an_update_of_deals_leaves_each_deal_id_once(db, tmp_path):
    first = write(tmp_path, "a.csv", ["D-1,C-1,Acme,One,Prospecting,open,100,EUR,2024-01-05,,0"])
    second = write(tmp_path, "b.csv", ["D-1,C-1,Acme,One again,Prospecting,open,150,EUR,2024-01-05,,0"])
    import_file(db, "deals", first)
    b = import_file(db, "deals", second)
    assert b.updated == 1 and duplicated_ids(db) == 0
    undo_batch(db, b.batch_id)
    assert duplicated_ids(db) == 0
    assert db.cursor().execute("select deal_id, title, amount from deals").fetchall() == [("D-1", "One", 100.0)]
