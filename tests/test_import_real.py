"""The importer on public data nobody on this team wrote (../shared/data/real/, see its
README): the Maven CRM pipeline (UTF-8, CRLF) and Tableau's Superstore (Windows-1252,
US dates). Skipped with the reason when the files are not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest import import_file, load_mapping_file, prepare


def _real_data_folder() -> Path:
    """../shared/data/real beside the checkout, else CONTINUUM_REAL_DATA, else /work/shared."""
    import os

    candidates = [
        Path(__file__).resolve().parents[2] / "shared" / "data" / "real",
        Path(os.environ.get("CONTINUUM_REAL_DATA", "/nonexistent")),
        Path("/work/shared/data/real"),
    ]
    return next((c for c in candidates if c.is_dir()), candidates[0])


REAL = _real_data_folder()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
MAVEN = REAL / "maven_crm" / "sales_pipeline.csv"
SUPERSTORE = REAL / "superstore" / "Sample - Superstore.csv"


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not here (the real datasets live in ../shared/data/real/)")


def test_maven_pipeline_loads_every_deal_with_an_account_and_rejects_the_rest_with_a_reason(db):
    need(MAVEN)
    result = import_file(db, "deals", MAVEN, mapping=load_mapping_file(FIXTURES / "maven_mapping.json"))
    # 8,800 opportunities; 1,425 open ones have a blank account (a real quirk of the export)
    assert (result.rows_in, result.loaded, result.rejected, result.skipped) == (8800, 7375, 1425, 0)
    assert len(result.new_clients) == 85
    assert result.reasons.values.tolist() == [["rejected", "no client: client_id and client_name are empty", 1425]]
    cur = db.cursor()
    assert cur.execute("select status, count(*), sum(amount) from deals group by 1 order by 1").fetchall() == [
        ("lost", 2473, 0.0), ("open", 664, None), ("won", 4238, 10005534.0),
    ]
    assert result.detection["encoding"] == "UTF-8" and result.detection["line_endings"] == "CRLF"


def test_superstore_reads_windows_1252_us_dates_and_fraction_discounts(db):
    need(SUPERSTORE)
    plan = prepare(db.cursor(), SUPERSTORE, "deals", mapping=load_mapping_file(FIXTURES / "superstore_mapping.json"))
    assert plan.sniffed.encoding == "cp1252"
    result = import_file(db, "deals", SUPERSTORE, mapping=load_mapping_file(FIXTURES / "superstore_mapping.json"))
    assert (result.rows_in, result.loaded, result.rejected, result.skipped) == (9994, 9994, 0, 0)
    assert len(result.new_clients) == 793
    assert result.detection["formats"]["created_on"].startswith("month first")
    cur = db.cursor()
    total, discount, first, last = cur.execute(
        "select sum(amount), sum(discount_pct), min(closed_on)::varchar, max(closed_on)::varchar from deals"
    ).fetchone()
    assert total == pytest.approx(2297200.8603, abs=1e-4)
    assert discount == pytest.approx(156109.0)
    assert (first, last) == ("2014-01-03", "2017-12-30")
    # the Windows-1252 bytes (non-breaking spaces, é, ü) arrive as the right characters
    assert cur.execute("select count(*) from deals where title like '%é%' or title like '%ü%'").fetchone()[0] > 0
    assert cur.execute("select count(*) from deals where title like '%\ufffd%'").fetchone()[0] == 0
