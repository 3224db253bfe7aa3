"""The import's fast paths give exactly what the plain rules give.

Four shortcuts make a million-row deals import cheaper: the file is read with every
thread and its records are numbered by their row ids (not by read_csv's ordinality,
which reads with one thread), the number profile runs its regular expressions only on
the values that reach them, a text column whose cells have no leading or trailing space
is not trimmed cell by cell, and the status and stage words are trimmed once per
distinct word. Each test here compares a shortcut with the plain rule it replaces, or
imports a file where the shortcut must not be taken."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.bench.import_speed import write_deals_csv
from analytics.ingest import import_file
from analytics.sql_files import sql_reader

HEADER = "deal_id,client_id,client_name,title,stage,status,amount,currency,created_on,closed_on,discount_pct\n"

# the number profile as first written: predicates joined with `and`, which run every
# regular expression on every value (the reference the faster macro must match)
PLAIN_NUMBER_PROFILE = r"""
select struct_pack(
    filled := count(*) filter (where t <> ''),
    comma_decimal := count(*) filter (
        where contains(t, ',') and (
            regexp_matches(t, ',(\d{1,2}|\d{4,})\D*$') or regexp_matches(t, '\.\d{3}[^.]*,')
            or regexp_matches(t, '\d\.\d{3}\.\d{3}')
        )
    ),
    dot_decimal := count(*) filter (
        where contains(t, '.') and case
            when contains(t, ',') then regexp_matches(t, ',\d{3}[^,]*\.') or regexp_matches(t, '\d,\d{3},\d{3}')
                or regexp_matches(t, '\.(\d{1,2}|\d{4,})\D*$')
            else t like '%._' or t like '%.__' or (t like '%.____%' and not t like '%.%.%')
                or regexp_matches(t, '\.(\d{1,2}|\d{4,})\D*$')
        end
    ),
    max_value := max(try_cast(t as double)),
    percent_signs := count(*) filter (where contains(t, '%')),
    example := min(t) filter (where t <> '' and try_cast(t as double) is null)
) from (select unnest($values) as t)
"""

NUMBER_TEXTS = [
    "12500.5", "12 500,50", "12.500,50", "12,500.50", "1.000.000", "1,000,000", "1,5", "1.5",
    "12.0000", "12.000", "1.2.3", "15%", "0,15", "0.15", "USD 12,500.00", "$1,234,567", "1 234 zł",
    "n/a", "", None, "-5", "1e3", ".5", "5.", ",5", "1,2345", "1.2345,6", "12,34.5",
]

# the Unicode spaces DuckDB's trim removes, a tab (which it keeps) and letters
SPACES = " \u00a0\u2003\u3000\t"


@pytest.fixture(scope="module")
def cur():
    """A bare connection with the import's macros (they need no tables)."""
    con = duckdb.connect()
    con.execute(sql_reader("analytics.ingest")("macros"))
    yield con
    con.close()


def number_profile(cur, values):
    return cur.execute(
        "select import_number_profile(t) from (select unnest($values) as t)", {"values": values}
    ).fetchone()[0]


def test_the_number_profile_counts_what_the_plain_predicates_count(cur):
    for values in ([v] for v in NUMBER_TEXTS):
        assert number_profile(cur, values) == cur.execute(PLAIN_NUMBER_PROFILE, {"values": values}).fetchone()[0]
    assert number_profile(cur, NUMBER_TEXTS) == cur.execute(
        PLAIN_NUMBER_PROFILE, {"values": NUMBER_TEXTS}
    ).fetchone()[0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789.,% -$a", max_size=12)), max_size=8))
def test_the_number_profile_matches_the_plain_predicates_on_any_number_like_text(cur, values):
    assert number_profile(cur, values) == cur.execute(PLAIN_NUMBER_PROFILE, {"values": values}).fetchone()[0]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(alphabet=SPACES + "aé€Ł", max_size=6)))
def test_a_cell_needs_trimming_exactly_when_trim_changes_it(cur, text):
    needs, changes, cell, blank = cur.execute(
        "select import_needs_trim($t), trim($t) <> $t, import_blank_cell($t, import_needs_trim($t)), "
        "import_blank($t)",
        {"t": text},
    ).fetchone()
    assert needs == changes
    assert cell == blank


def test_the_first_cell_test_for_summary_lines_is_the_plain_letter_list(cur):
    cells = [chr(c) + "x" for c in range(32, 127)] + ["", " Total", "Grand Totals", "ł", "Итого", "©"]
    plain = (
        "case when ascii($c) between 48 and 57 or (ascii($c) between 65 and 122 "
        "and lower(left($c, 1)) not in ('g', 't', 's', 'r', 'o', 'l', 'c', 'p', 'f')) then 'data' end"
    )
    fast = (
        "case when ascii($c) between 48 and 57 or (ascii($c) between 65 and 122 "
        "and not contains('gtsrolcpfGTSROLCPF', left($c, 1))) then 'data' end"
    )
    for cell in cells:
        assert cur.execute(f"select {fast}", {"c": cell}).fetchone() == cur.execute(
            f"select {plain}", {"c": cell}
        ).fetchone(), cell
    assert "not contains('gtsrolcpfGTSROLCPF', left(first_cell, 1))" in sql_reader("analytics.ingest")("macros")


def test_a_file_with_spaces_around_some_cells_loads_them_trimmed(db, tmp_path):
    # one id with a leading space, one title ending in a no-break space, one client name
    # ending in an ideographic space, a stage in spaces and a blank status: each column
    # is then trimmed cell by cell, and the clean rows load exactly as written
    path = tmp_path / "spaces.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in [
        " D-1,C-1,Acme,One,Prospecting,open,100,EUR,2024-01-05,,0",
        "D-2,C-1,Acme,Two\u00a0,Prospecting,open,200,EUR,2024-01-06,,0",
        "D-3,C-2,Beta Sp. z o.o.\u3000,Three,  Closed Won  ,  ,300,EUR,2024-01-07,2024-02-01,5",
        "D-4,C-2,Beta Sp. z o.o.,Four,Closed Lost,,400,EUR,2024-01-08,2024-02-02,0",
        "   ,C-2,Beta,Blank id,Prospecting,open,1,EUR,2024-01-08,,0",
    ]), encoding="utf-8")
    result = import_file(db, "deals", path)
    assert (result.loaded, result.rejected, result.skipped) == (4, 1, 0)
    assert db.cursor().execute(
        "select deal_id, client_id, title, stage, status from deals order by deal_id"
    ).fetchall() == [
        ("D-1", "C-1", "One", "Prospecting", "open"),
        ("D-2", "C-1", "Two", "Prospecting", "open"),
        ("D-3", "C-2", "Three", "Closed Won", "won"),
        ("D-4", "C-2", "Four", "Closed Lost", "lost"),
    ]
    assert db.cursor().execute("select client_id, name from clients order by 1").fetchall() == [
        ("C-1", "Acme"), ("C-2", "Beta Sp. z o.o."),
    ]
    assert db.cursor().execute("select line_no, reason from import_rejects").fetchall() == [
        (6, "deal_id is empty"),
    ]


def test_a_clean_file_keeps_inner_spaces_and_tabs_which_trim_keeps_too(db, tmp_path):
    # no cell starts or ends with a space: nothing is trimmed, and a tab at the end of a
    # title (which DuckDB's trim leaves) stays, as it always did
    path = tmp_path / "clean.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in [
        "D-1,C-1,Acme  Group,One  two,Prospecting,open,100,EUR,2024-01-05,,0",
        'D-2,C-1,Acme  Group,"Tab\t",Prospecting,open,200,EUR,2024-01-06,,0',
    ]), encoding="utf-8")
    result = import_file(db, "deals", path)
    assert (result.loaded, result.rejected) == (2, 0)
    assert db.cursor().execute("select deal_id, title from deals order by 1").fetchall() == [
        ("D-1", "One  two"), ("D-2", "Tab\t"),
    ]
    assert db.cursor().execute("select name from clients").fetchall() == [("Acme  Group",)]


def rejected_lines(db) -> list[tuple[int, str]]:
    return db.cursor().execute(
        "select line_no, split_part(raw, ',', 1) from import_rejects order by line_no"
    ).fetchall()


def test_a_large_file_read_with_every_thread_keeps_exact_line_numbers(db, tmp_path):
    # about 31 MB, so DuckDB splits the read between threads; the amount of every
    # 1000th record (D-999, D-1999…) is "n/a", and record i sits on line i + 2
    path = write_deals_csv(tmp_path / "big.csv", 300_000, clients=100)
    expected = [(i + 2, f"D-{i}") for i in range(300_000) if i % 1000 == 999]
    dry = import_file(db, "deals", path, dry_run=True)
    assert list(zip(dry.rejects["line_no"], dry.rejects["raw"].str.split(",").str[0], strict=True)) == expected
    result = import_file(db, "deals", path)
    assert (result.rows_in, result.loaded, result.rejected, result.records_read) == (300_000, 299_700, 300, 300_000)
    assert rejected_lines(db) == expected
    assert db.cursor().execute(
        "select count(*), count(distinct deal_id), min(title), max(title) from deals"
    ).fetchone() == (299_700, 299_700, "Deal number 0", "Deal number 99998")


def test_without_insertion_order_the_reader_numbers_the_records(db, tmp_path):
    # row ids say nothing about file order then: the file is read again with ordinality
    path = write_deals_csv(tmp_path / "unordered.csv", 30_000, clients=100)
    cur = db.cursor()
    cur.execute("set preserve_insertion_order = false")
    try:
        result = import_file(db, "deals", path)
    finally:
        cur.execute("set preserve_insertion_order = true")
    assert (result.rows_in, result.loaded, result.rejected) == (30_000, 29_970, 30)
    assert rejected_lines(db) == [(i + 2, f"D-{i}") for i in range(30_000) if i % 1000 == 999]
