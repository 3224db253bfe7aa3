"""Property-based fuzzing: whatever the rows or bytes, the importer never crashes and
accounts for every row: rows in = loaded + updated + rejected + skipped."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.db import open_memory
from analytics.errors import ContinuumError
from analytics.ingest import import_file
from analytics.ingest.kinds import KINDS

HEADER = KINDS["deals"].template
# few examples each: one import plans a large SQL statement (~0.2 s), and the suite must stay quick
ROWS_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BYTES_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell_text = st.one_of(
    st.sampled_from(["", "D-1", "D-2", "Acme", "Acme Sp. z o.o.", "won", "lost", "open", "Closed Won",
                     "12,500.50", "12 500,50", "USD 1,000", "-5", "EUR", "zł", "XYZ", "2024-03-05",
                     "05.03.2024", "3/5/2024", "2024-02-30", "2199-01-01", "Total", "Razem", "Итого",
                     '"quoted"', "semi;colon", "new\nline", "=1+2", "15%"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
)
row = st.lists(cell_text, min_size=len(HEADER), max_size=len(HEADER))


def outcomes(result) -> int:
    return result.loaded + result.updated + result.rejected + result.skipped


@ROWS_SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=12))
def test_random_rows_are_each_loaded_updated_rejected_or_skipped(tmp_path_factory, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "deals.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    db = open_memory()
    try:
        result = import_file(db, "deals", path)
        assert outcomes(result) == len(rows) == result.records_read
        cur = db.cursor()
        stored = cur.execute("select count(*) from import_rejects").fetchone()[0]
        assert stored == result.rejected + result.skipped
        assert cur.execute("select count(*) from import_rejects where reason is null or reason = ''").fetchone()[0] == 0
        assert cur.execute("select count(*) from deals").fetchone()[0] == result.loaded
        # importing the same file again changes nothing but the counts' kind
        again = import_file(db, "deals", path)
        assert (again.loaded, again.updated) == (0, result.loaded)
    finally:
        db.close()


@BYTES_SETTINGS
@given(data=st.binary(min_size=0, max_size=400), header=st.booleans())
def test_random_bytes_never_crash_and_nothing_goes_unaccounted(tmp_path_factory, data, header):
    path = tmp_path_factory.mktemp("bytes") / "x.csv"
    path.write_bytes((",".join(HEADER) + "\n").encode() + data if header else data)
    db = open_memory()
    try:
        try:
            result = import_file(db, "deals", path)
        except ContinuumError as exc:
            assert str(exc)  # a message, not a traceback
            assert db.cursor().execute("select count(*) from deals").fetchone()[0] == 0
            return
        assert outcomes(result) == result.records_read
    finally:
        db.close()
