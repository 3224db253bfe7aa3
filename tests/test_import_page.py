"""The Import page under AppTest: upload → detection → mapping → preview → validation →
import → result with rejects → history → undo, on a private copy of the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"


@pytest.fixture
def page(demo_copy, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    app = AppTest.from_file(str(ROOT / "pages" / "import_data.py"), default_timeout=120)
    app.run()
    assert not app.exception
    return app


def upload(app, *names):
    files = [(n, (FIXTURES / n).read_bytes(), "text/csv") for n in names]
    app.file_uploader[0].set_value(files).run()
    assert not app.exception
    return app


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_the_whole_upload_flow_imports_two_files_and_undoes_one(page):
    upload(page, "hubspot_deals.csv", "bad_deals.csv")
    # detection of each file is shown
    captions = texts(page.caption)
    assert "HubSpot deals export · UTF-8 · comma-separated · CRLF" in captions
    assert "Generic (by column names) · UTF-8 · comma-separated · LF" in captions
    # validation before importing: bad_deals has 1 row to load and 10 rejected
    metrics = {(m.label, m.value) for m in page.metric}
    assert ("Will load", "4") in metrics and ("Rejected", "10") in metrics
    assert any('status "maybe"' in b.label for b in page.selectbox)
    page.button(key="import_go").click().run()
    assert not page.exception
    # the results, and no file left in the uploader to import twice
    assert [s.value for s in page.subheader] == ["hubspot_deals.csv: imported", "bad_deals.csv: imported"]
    assert ("Loaded", "4") in {(m.label, m.value) for m in page.metric}
    history = next(d.value for d in page.dataframe if "batch_id" in d.value.columns)
    assert history[["file_name", "rows_loaded", "rows_rejected", "clients_created"]].values.tolist() == [
        ["bad_deals.csv", 1, 10, 0], ["hubspot_deals.csv", 4, 0, 3],
    ]
    assert page.download_button  # the rejects of bad_deals.csv can be downloaded
    # the newest batch (bad_deals.csv) is chosen; undo it
    page.button(key="undo").click().run()
    assert not page.exception
    assert "Undone: 1 rows in deals, 0 rows in clients" in texts(page.success)
    page.run()
    history = next(d.value for d in page.dataframe if "batch_id" in d.value.columns)
    assert history["undone_at"].notna().tolist() == [True, False]


def test_an_unknown_stage_can_be_mapped_on_the_page_and_the_row_then_loads(page):
    upload(page, "bad_deals.csv")
    box = next(b for b in page.selectbox if 'status "maybe"' in b.label)
    box.set_value("lost").run()
    page.button(key=next(b.key for b in page.button if b.key and b.key.startswith("save_values_"))).click().run()
    assert not page.exception
    metrics = {(m.label, m.value) for m in page.metric}
    assert ("Will load", "2") in metrics and ("Rejected", "9") in metrics


def test_a_zip_uploaded_as_csv_gets_a_message_not_a_traceback(page):
    page.file_uploader[0].set_value(
        ("export.csv", (FIXTURES / "not_csv.zip").read_bytes(), "text/csv")).run()
    assert not page.exception
    assert "it is a ZIP archive, not CSV" in texts(page.error)


def test_a_file_above_the_upload_limit_setting_is_refused_with_the_way_around(page, demo_copy):
    from ui.data import database

    with database(str(demo_copy)).write() as cur:
        cur.execute("insert or replace into settings values ('import_max_upload_mb', '0.0001', now())")
    page.run()
    upload(page, "hubspot_deals.csv")
    assert "above the upload limit of 0 MB" in texts(page.error)
    assert "python -m analytics import" in texts(page.error)


def test_the_reporting_currency_can_be_changed_on_the_exchange_rates_tab(page, demo_copy):
    from ui.data import database

    assert page.selectbox(key="reporting_currency").value == "EUR"
    assert page.button(key="set_reporting_currency").disabled  # nothing to change yet
    rates = next(d.value for d in page.dataframe if list(d.value.columns) == ["currency", "rate"])
    assert rates.values.tolist() == [["EUR", 1.0], ["PLN", 0.232], ["USD", 0.92]]
    page.selectbox(key="reporting_currency").set_value("USD").run()
    page.button(key="set_reporting_currency").click().run()
    assert not page.exception and not page.error
    cur = database(str(demo_copy)).cursor()
    assert cur.execute("select value from settings where key = 'reporting_currency'").fetchall() == [("USD",)]
    # the rates are converted to USD, and every deal's amount_base with them
    assert cur.execute("select currency, rate_to_base from fx_rates order by 1").fetchall() == [
        ("EUR", pytest.approx(1 / 0.92)), ("PLN", pytest.approx(0.232 / 0.92)), ("USD", 1.0)]
    factor = "case currency when 'USD' then 1 when 'EUR' then 1 / 0.92 when 'PLN' then 0.232 / 0.92 end"
    counts = cur.execute(
        f"select count(distinct currency), count(*) filter (where not abs(amount_base - amount * {factor}) < 1e-6) "
        "from deals where amount is not null"
    ).fetchone()
    assert counts == (3, 0)
    assert page.selectbox(key="reporting_currency").value == "USD"
    assert "Every deal has an amount in the reporting currency (USD)." in texts(page.info)
