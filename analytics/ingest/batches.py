"""After an import: the history of batches, their rejected rows, undo, near-duplicate
clients and merging them, exchange rates (those in force, and for currencies that had none)."""

from __future__ import annotations

import csv
import io

import duckdb
import pandas as pd

from analytics.access import administers, reads_all
from analytics.db import Database
from analytics.errors import ContinuumError, UnknownClient
from analytics.ingest.errors import UnknownBatch
from analytics.ingest.kinds import KINDS
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

# a cell starting with one of these is run as a formula by Excel and LibreOffice
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEAR_DUPLICATE_LIMIT = 2000  # new clients in one batch above which names are not compared
# tables that hold more of a kind's rows, keyed like them, undone with them
COMPANION_TABLES = {
    "contacts": (("contact_details", ("contact_id",)),),
    "interactions": (("interaction_tags", ("interaction_id", "tag")),),
}
DATA_TABLES = ("contacts", "interactions", "deals", "feedback", "service_costs", "team_pulse")
# what a row of each table is called when undo names what it will remove
ROW_NOUNS = {
    "clients": ("client", "clients"), "contacts": ("contact", "contacts"),
    "interactions": ("interaction", "interactions"), "deals": ("deal", "deals"),
    "feedback": ("feedback response", "feedback responses"), "service_costs": ("cost row", "cost rows"),
    "team_pulse": ("team pulse entry", "team pulse entries"),
}


@reads_all
def import_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per import batch, newest first, with its counts and whether it was undone."""
    return con.execute(sql("history")).df()


@reads_all
def batch_rejects(con: duckdb.DuckDBPyConnection, batch_id: str) -> pd.DataFrame:
    """Every rejected or skipped line of a batch: line_no, outcome, reason, raw."""
    return con.execute(
        "select line_no, outcome, reason, raw from import_rejects where batch_id = $b order by line_no, outcome",
        {"b": batch_id},
    ).df()


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rejects_csv(rejects: pd.DataFrame) -> str:
    """The rejects as CSV text, safe to open in a spreadsheet (formulas neutralised)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rejects.columns))
    for row in rejects.itertuples(index=False):
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()


def _count(n: int, table: str) -> str:
    one, many = ROW_NOUNS[table]
    return f"{n:,} {one if n == 1 else many}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def undo_counts(con: duckdb.DuckDBPyConnection, batch_id: str) -> dict[str, dict[str, int]]:
    """What undo_batch would do, without doing it: {"removed": {table: rows}, "restored":
    {table: rows}} for the batch's own table and the clients. Removed are the rows the
    batch added that are still its own (and the clients it created that no row of another
    batch refers to); restored are rows it overwrote, put back as they were."""
    row = con.execute("select kind, undone_at from import_batches where batch_id = $b", {"b": batch_id}).fetchone()
    if row is None:
        raise UnknownBatch(batch_id)
    k = KINDS[row[0]]
    out: dict[str, dict[str, int]] = {"removed": {}, "restored": {}}
    if row[1] is not None:
        return out
    tables = [k.table] if k.name == "clients" else [k.table, "clients"]
    for table in tables:
        # table and key names are the kinds' constants, never input
        key = _key_of(table)
        match = " and ".join(f"p.{c} = t.{c}" for c in key)
        prior = f"exists (select 1 from import_prior_{table} as p where p.undo_batch_id = $b and {match})"
        keep = ""
        if table == "clients":
            # a client the batch created stays while rows of other batches (or rows undo
            # puts back) refer to it
            others = " or ".join(
                f"t.client_id in (select client_id from {d} where batch_id is distinct from $b)" for d in DATA_TABLES
            )
            back = "" if k.name == "clients" else (
                f" or t.client_id in (select client_id from import_prior_{k.table} where undo_batch_id = $b)")
            keep = f" and not ({others}{back})"
        removed, restored = con.execute(
            f"""
            select count(*) filter (where not {prior}{keep}), count(*) filter (where {prior})
            from {table} as t
            where t.batch_id = $b
            """,
            {"b": batch_id},
        ).fetchone()
        out["removed"][table] = int(removed)
        out["restored"][table] = int(restored)
    return out


@reads_all
def undo_description(con: duckdb.DuckDBPyConnection, batch_id: str) -> str:
    """What undoing a batch removes, in words, e.g. "7,375 deals and 85 clients from
    sales_pipeline.csv"; rows it overwrote are named as put back ("… (3 clients it changed
    are put back as they were)")."""
    row = con.execute(
        "select file_name, undone_at from import_batches where batch_id = $b", {"b": batch_id}
    ).fetchone()
    if row is None:
        raise UnknownBatch(batch_id)
    if row[1] is not None:
        return f"nothing: the import of {row[0]} was undone on {row[1]:%Y-%m-%d %H:%M}"
    counts = undo_counts(con, batch_id)
    removed = [_count(n, t) for t, n in counts["removed"].items() if n]
    restored = [_count(n, t) for t, n in counts["restored"].items() if n]
    text = f"{_and(removed)} from {row[0]}" if removed else f"no rows from {row[0]}"
    if restored:
        one = sum(counts["restored"].values()) == 1
        text += f" ({_and(restored)} it changed {'is' if one else 'are'} put back as {'it was' if one else 'they were'})"
    return text


@administers
def undo_batch(db: Database, batch_id: str) -> dict[str, int]:
    """Put every row the batch wrote back as it was before; returns rows removed/restored per table.

    Rows the batch inserted are deleted, rows it overwrote get their prior image back.
    Rows a later batch overwrote again stay as that later batch left them, and that
    batch's own undo will now restore what was there before this one. Clients the
    batch created are removed unless other rows still refer to them."""
    with db.write() as cur:
        row = cur.execute(
            "select kind, undone_at from import_batches where batch_id = $b", {"b": batch_id}
        ).fetchone()
        if row is None:
            raise UnknownBatch(batch_id)
        if row[1] is not None:
            raise ContinuumError(f'Batch "{batch_id}" was already undone on {row[1]:%Y-%m-%d %H:%M}.')
        changed: dict[str, int] = {}
        k = KINDS[row[0]]
        tables = [k.table] if k.name == "clients" else [k.table, "clients"]
        for table in tables:
            changed[table] = _undo_table(cur, table, _key_of(table), batch_id)
        for table, key in COMPANION_TABLES.get(k.name, ()):
            _undo_table(cur, table, key, batch_id)
        cur.execute("update import_batches set undone_at = now() where batch_id = $b", {"b": batch_id})
        changed["clients"] = changed.get("clients", 0) + _drop_orphans_of_undone_batches(cur)
    return changed


def _drop_orphans_of_undone_batches(cur) -> int:
    """Clients created by an undone batch but kept then because a later batch's rows
    referred to them: once nothing refers to them any more, they go too."""
    unreferenced = " and ".join(
        f"client_id not in (select client_id from {t})" for t in DATA_TABLES
    )
    return cur.execute(
        f"""
        delete from clients
        where batch_id in (select batch_id from import_batches where undone_at is not null)
            and client_id not in (select client_id from import_prior_clients where undo_batch_id = clients.batch_id)
            and {unreferenced}
        """
    ).fetchone()[0]


def _key_of(table: str) -> tuple[str, ...]:
    return next(k.key for k in KINDS.values() if k.table == table)


def _undo_table(cur, table: str, key: tuple[str, ...], batch_id: str) -> int:
    # table and key names are the kinds' constants, never input
    match_t = " and ".join(f"t.{c} = p.{c}" for c in key)
    match_later = " and ".join(f"later.{c} = mine.{c}" for c in key)
    params = {"b": batch_id}
    keep_referenced = ""
    if table == "clients":
        # a client the batch created stays while rows of other batches refer to it
        unreferenced = " and ".join(
            f"client_id not in (select client_id from {t} where batch_id is distinct from $b)"
            for t in DATA_TABLES
        )
        keep_referenced = (
            " and (client_id in (select client_id from import_prior_clients where undo_batch_id = $b)"
            f" or ({unreferenced}))"
        )
    removed = cur.execute(
        f"delete from {table} where batch_id = $b{keep_referenced}", params
    ).fetchone()[0]
    restored = cur.execute(
        f"""
        insert into {table}
        select p.* exclude (undo_batch_id)
        from import_prior_{table} as p
        where p.undo_batch_id = $b
            and not exists (select 1 from {table} as t where {match_t})
        """,
        params,
    ).fetchone()[0]
    # later batches that overwrote rows of this one: their "before" is now our "before"
    cur.execute(
        f"""
        create or replace temp table undo_chain as
        select later.undo_batch_id, mine.* exclude (undo_batch_id)
        from import_prior_{table} as later
        join import_prior_{table} as mine
            on mine.undo_batch_id = $b and {match_later}
        where later.batch_id = $b and later.undo_batch_id <> $b
        """,
        params,
    )
    cur.execute(f"delete from import_prior_{table} where batch_id = $b and undo_batch_id <> $b", params)
    cur.execute(f"insert into import_prior_{table} select * from undo_chain")
    cur.execute("drop table temp.undo_chain")
    return removed + restored


@reads_all
def near_duplicate_clients(con: duckdb.DuckDBPyConnection, batch_id: str | None = None) -> pd.DataFrame:
    """Pairs of clients whose names are nearly the same (a likely duplicate to merge):
    new_id, new_name, existing_id, existing_name, similarity. With batch_id, only pairs
    where one side was created by that batch."""
    con.execute(sql("macros"))
    if batch_id is not None:
        created = con.execute("select count(*) from clients where batch_id = $b", {"b": batch_id}).fetchone()[0]
        if created > NEAR_DUPLICATE_LIMIT:
            # thousands of new clients at once is a first load, not a typo to catch
            return con.execute(sql("near_duplicates") + " limit 0", {"batch_id": batch_id}).df()
    return con.execute(sql("near_duplicates"), {"batch_id": batch_id}).df()


@administers
def merge_clients(db: Database, keep_id: str, merge_id: str) -> None:
    """Move everything of client merge_id to keep_id and keep its name as an alias, so
    the next import of that name finds keep_id."""
    if keep_id == merge_id:
        raise ContinuumError("Choose two different clients to merge.")
    with db.write() as cur:
        cur.execute(sql("macros"))
        found = dict(cur.execute(
            "select client_id, name from clients where client_id in ($a, $b)", {"a": keep_id, "b": merge_id}
        ).fetchall())
        for cid in (keep_id, merge_id):
            if cid not in found:
                raise UnknownClient(cid)
        for table in ("contacts", "interactions", "deals", "feedback", "actions", "reviews"):
            cur.execute(f"update {table} set client_id = $keep where client_id = $merge",
                        {"keep": keep_id, "merge": merge_id})
        cur.execute(
            """
            update service_costs
            set client_id = $keep, cost_id = $keep || substr(cost_id, length($merge) + 1)
            where client_id = $merge
                and $keep || substr(cost_id, length($merge) + 1) not in (select cost_id from service_costs)
            """,
            {"keep": keep_id, "merge": merge_id},
        )
        cur.execute(
            """
            update team_pulse set client_id = $keep
            where client_id = $merge and quarter not in (select quarter from team_pulse where client_id = $keep)
            """,
            {"keep": keep_id, "merge": merge_id},
        )
        cur.execute(
            "insert or replace into client_aliases select import_name_key(name), $keep, now() "
            "from clients where client_id = $merge and import_name_key(name) is not null",
            {"keep": keep_id, "merge": merge_id},
        )
        cur.execute("delete from clients where client_id = $merge", {"merge": merge_id})
