"""A file whose rows mix encodings is reported, never silently garbled (issue 18): read
as UTF-8, its UTF-8 lines load as written and each other line is rejected with its line
number and a reason; a file of one code page still reads in that code page."""

from __future__ import annotations

import pytest

from analytics.ingest import import_file
from analytics.ingest.sniff import sniff

HEADER = "deal_id,client_name,amount,currency,stage,close_date\n"
UTF8 = ["D1,Łódź Młyny,100,PLN,won,2025-05-01", "D2,Żabka,200,PLN,won,2025-05-02"]
CP1250 = ["D3,Kraków Zakłady,300,PLN,won,2025-05-03", "D4,Gdańsk Stocznia,50,PLN,won,2025-05-04"]


def _write(tmp_path, rows):
    data = HEADER.encode()
    for row in rows:
        data += (row + "\n").encode("utf-8" if row in UTF8 else "cp1250")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("rows", "bad_lines"), [(UTF8 + CP1250, [4, 5]), (CP1250 + UTF8, [2, 3]),
                                                  ([UTF8[0], CP1250[0], UTF8[1], CP1250[1]], [3, 5])])
def test_the_utf8_lines_load_as_written_and_the_others_are_rejected_by_line(db, tmp_path, rows, bad_lines):
    path = _write(tmp_path, rows)
    sniffed = sniff(path)
    assert sniffed.encoding == "utf-8"
    assert sniffed.warnings[0].startswith("The file mixes encodings: 2 lines are UTF-8 and others are not.")
    result = import_file(db, "deals", path)
    assert (result.loaded, result.rejected) == (2, 2)
    names = [r[0] for r in db.cursor().execute("select name from clients order by name").fetchall()]
    assert names == ["Łódź Młyny", "Żabka"]  # never "ЕЃГіdЕє MЕ‚yny"
    rejects = db.cursor().execute(
        "select line_no, reason from import_rejects where batch_id = ? order by line_no", [result.batch_id]
    ).fetchall()
    assert [r[0] for r in rejects] == bad_lines
    assert all("not UTF-8 text" in r[1] and "mixes encodings" in r[1] for r in rejects)


def test_a_file_of_one_code_page_is_still_read_in_it(db, tmp_path):
    path = tmp_path / "cp1250.csv"
    path.write_bytes((HEADER + "\n".join(CP1250) + "\n").encode("cp1250"))
    sniffed = sniff(path)
    assert sniffed.encoding == "cp1250" and not sniffed.warnings
    result = import_file(db, "deals", path)
    assert (result.loaded, result.rejected) == (2, 0)
    names = [r[0] for r in db.cursor().execute("select name from clients order by name").fetchall()]
    assert names == ["Gdańsk Stocznia", "Kraków Zakłady"]
