"""The Import page under AppTest: upload → detection → mapping → preview → validation →
import → result with rejects → history → undo (named, then confirmed), on a new
database file (what a user with their own exports starts from)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from analytics.ingest import import_file, set_fx_rate
from analytics.settings import set_reporting_currency

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"


@pytest.fixture
def db_file(tmp_path) -> Path:
    """A new, empty portfolio file (created and closed again, so the page opens it)."""
    path = tmp_path / "portfolio.duckdb"
    open_database(path).close()
    return path


def open_page(path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("CONTINUUM_DB", str(path))
    app = AppTest.from_file(str(ROOT / "pages" / "import_data.py"), default_timeout=120)
    app.run()
    assert not app.exception
    return app


@pytest.fixture
def page(db_file, monkeypatch):
    return open_page(db_file, monkeypatch)


def seeded(path: Path, *names: str) -> Path:
    """The file with these fixtures imported, in order (one batch each)."""
    db = open_database(path)
    for name in names:
        import_file(db, "deals", FIXTURES / name)
    db.close()
    return path


def upload(app, *names):
    files = [(n, (FIXTURES / n).read_bytes(), "text/csv") for n in names]
    app.file_uploader[0].set_value(files).run()
    assert not app.exception
    return app


def shown(text: object) -> str:
    """What a reader sees of a Markdown body: the page escapes data (ui.text.plain)."""
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(elements) -> str:
    return "\n".join(shown(e.value) for e in elements)


def history_frame(app):
    return next(d.value for d in app.dataframe if "batch_id" in d.value.columns)


def stored(path: Path, query: str):
    from ui.data import database

    return database(str(path)).cursor().execute(query).fetchall()


def test_the_whole_upload_flow_imports_two_files_and_undoes_one_after_confirming(page, db_file):
    upload(page, "hubspot_deals.csv", "bad_deals.csv")
    # detection of each file is shown
    captions = texts(page.caption)
    assert "HubSpot deals export · UTF-8 · comma-separated · CRLF" in captions
    assert "Generic (by column names) · UTF-8 · comma-separated · LF" in captions
    # validation before importing: hubspot has 6 rows to load (2 at the stage "Renewal Due",
    # which loads as open and is listed), bad_deals has 1 to load and 10 rejected
    metrics = {(m.label, m.value) for m in page.metric}
    assert ("Will load", "6") in metrics and ("Will load", "1") in metrics and ("Rejected", "10") in metrics
    assert any('status "maybe"' in b.label for b in page.selectbox)
    assert any(b.label == 'stage "Renewal Due" (2 rows) means' for b in page.selectbox)
    page.button(key="import_go").click().run()
    assert not page.exception
    # the results, and no file left in the uploader to import twice
    assert [shown(s.value) for s in page.subheader] == ["hubspot_deals.csv: imported", "bad_deals.csv: imported"]
    assert ("Loaded", "6") in {(m.label, m.value) for m in page.metric}
    assert "Account manager set for 3 clients from their deals' owner." in texts(page.info)
    assert history_frame(page)[["file_name", "rows_loaded", "rows_rejected", "clients_created"]].values.tolist() == [
        ["bad_deals.csv", 1, 10, 0], ["hubspot_deals.csv", 6, 0, 3],
    ]
    assert page.download_button  # the rejects of bad_deals.csv can be downloaded
    # the newest batch (bad_deals.csv) is chosen; Undo names what it removes and does nothing yet
    assert page.selectbox(key="history_batch").value == history_frame(page)["batch_id"].iloc[0]
    page.button(key="undo").click().run()
    assert not page.exception
    # its one client, "Acme", is Acme Sp. z o.o. of the HubSpot file (the same name without the legal form)
    assert "Undo removes 1 deal from bad_deals.csv." in texts(page.warning)
    assert stored(db_file, "select count(*) from deals") == [(7,)]
    assert stored(db_file, "select count(*) from import_batches where undone_at is not null") == [(0,)]
    page.button(key="undo_confirm").click().run()
    assert not page.exception
    assert "Undone: 1 deal from bad_deals.csv." in texts(page.success)
    assert stored(db_file, "select count(*) from deals") == [(6,)]
    assert history_frame(page)["undone_at"].notna().tolist() == [True, False]


def test_undo_does_nothing_until_confirmed_and_everything_after(db_file, monkeypatch):
    seeded(db_file, "zoho_deals.csv", "pipedrive_deals.csv")
    page = open_page(db_file, monkeypatch)
    # the newest batch is chosen: the Pipedrive file
    assert page.selectbox(key="history_batch").value == history_frame(page)["batch_id"].iloc[0]
    assert history_frame(page)["file_name"].iloc[0] == "pipedrive_deals.csv"
    assert not [b for b in page.button if b.key == "undo_confirm"]  # no confirmation offered yet
    page.button(key="undo").click().run()
    assert "Undo removes 3 deals and 2 clients from pipedrive_deals.csv." in texts(page.warning)
    # "No, keep it": nothing undone, the question gone
    page.button(key="undo_cancel").click().run()
    assert not [b for b in page.button if b.key == "undo_confirm"]
    assert stored(db_file, "select count(*) from deals") == [(6,)]
    assert stored(db_file, "select count(*) from clients") == [(4,)]
    # a rerun of the page with the question open does nothing either
    page.button(key="undo").click().run()
    page.run()
    assert stored(db_file, "select count(*) from deals") == [(6,)]
    assert stored(db_file, "select count(*) from import_batches where undone_at is not null") == [(0,)]
    page.button(key="undo_confirm").click().run()
    assert not page.exception
    assert stored(db_file, "select deal_id from deals where deal_id in ('301', '302', '303')") == []
    assert stored(db_file, "select count(*) from deals") == [(3,)]
    assert stored(db_file, "select count(*) from clients") == [(2,)]
    assert stored(db_file, "select file_name from import_batches where undone_at is not null") == [
        ("pipedrive_deals.csv",)]
    # the undone batch has nothing left to undo
    assert page.button(key="undo").disabled


def test_history_selects_the_newest_batch_after_an_import_even_when_an_older_one_was_chosen(db_file, monkeypatch):
    seeded(db_file, "zoho_deals.csv", "pipedrive_deals.csv")
    page = open_page(db_file, monkeypatch)
    older = history_frame(page)["batch_id"].iloc[1]
    page.selectbox(key="history_batch").set_value(older).run()
    assert page.selectbox(key="history_batch").value == older
    upload(page, "bitrix24_deals.csv")
    page.button(key="import_go").click().run()
    assert not page.exception
    history = history_frame(page)
    assert history["file_name"].iloc[0] == "bitrix24_deals.csv"
    assert page.selectbox(key="history_batch").value == history["batch_id"].iloc[0]


def test_an_unknown_status_can_be_mapped_on_the_page_and_the_row_then_loads(page):
    upload(page, "bad_deals.csv")
    box = next(b for b in page.selectbox if 'status "maybe"' in b.label)
    box.set_value("lost").run()
    page.button(key=next(b.key for b in page.button if b.key and b.key.startswith("save_values_"))).click().run()
    assert not page.exception
    metrics = {(m.label, m.value) for m in page.metric}
    assert ("Will load", "2") in metrics and ("Rejected", "9") in metrics


def test_a_stage_nobody_knows_loads_as_open_and_mapping_it_on_the_page_makes_it_won(page, db_file):
    upload(page, "hubspot_deals.csv")
    assert ('These stages are not known, so their deals load as open: "Renewal Due" (2 deals)'
            in texts(page.info))
    assert ("Rejected", "0") in {(m.label, m.value) for m in page.metric}
    page.selectbox(key=next(b.key for b in page.selectbox if b.label.startswith('stage "Renewal Due"'))
                   ).set_value("won").run()
    page.button(key=next(b.key for b in page.button if b.key and b.key.startswith("save_stages_"))).click().run()
    assert not page.exception
    assert "Renewal Due" not in texts(page.info)  # known now
    page.button(key="import_go").click().run()
    assert stored(db_file, "select deal_id, status from deals where stage = 'Renewal Due' order by 1") == [
        ("9005", "won"), ("9006", "won")]


def test_a_stage_mapped_after_the_import_updates_its_deals_when_the_file_is_imported_again(page, db_file):
    upload(page, "hubspot_deals.csv")
    page.button(key="import_go").click().run()
    assert ('These stages are not known, so their deals loaded as open: "Renewal Due" (2 deals)'
            in texts(page.info))
    assert stored(db_file, "select count(*) from deals where status = 'open'") == [(4,)]
    page.selectbox(key="stage_done_0_0").set_value("lost").run()
    page.button(key="save_stages_done_0").click().run()
    assert not page.exception
    assert "Import the file again to update its deals." in texts(page.success)
    assert "Renewal Due" not in texts(page.info)
    upload(page, "hubspot_deals.csv")
    assert ("Will update", "6") in {(m.label, m.value) for m in page.metric}
    page.button(key="import_go").click().run()
    assert stored(db_file, "select deal_id, status from deals where stage = 'Renewal Due' order by 1") == [
        ("9005", "lost"), ("9006", "lost")]


def test_the_reasons_table_shows_each_value_at_fault_in_full(page):
    upload(page, "bad_deals.csv")
    reasons = next(t.value for t in page.table)
    listed = reasons["Reason"].tolist()
    assert 'status "maybe" is not one of open, won or lost (map it on the Import page or in the mapping file)' \
        in listed
    assert 'currency "DOLLARZ" is not a currency code or symbol' in listed
    assert not any("…" in r for r in listed)


def test_order_lines_are_offered_one_deal_per_order_or_per_line(page, db_file, tmp_path):
    lines = tmp_path / "orders.csv"
    lines.write_text("Order ID,Order Date,Customer Name,Product Name,Sales\n"
                     "O-1,2024-03-01,Acme,Chair,100\nO-1,2024-03-01,Acme,Desk,250.5\nO-2,2024-03-04,Beta,Lamp,40\n",
                     encoding="utf-8")
    page.file_uploader[0].set_value(("orders.csv", lines.read_bytes(), "text/csv")).run()
    assert page.selectbox[0].value == "deals"  # never clients
    radio = next(r for r in page.radio if r.key and r.key.startswith("order_"))
    assert radio.value == "per-order"
    assert "3 order lines will load as 2 deals, one per order." in texts(page.info)
    radio.set_value("per-line").run()
    assert "order lines will load as" not in texts(page.info)
    page.button(key="import_go").click().run()
    assert not page.exception
    assert stored(db_file, "select deal_id, amount from deals order by 1") == [
        ("O-1/1", 100.0), ("O-1/2", 250.5), ("O-2/1", 40.0)]


def test_a_zip_uploaded_as_csv_gets_a_message_not_a_traceback(page):
    page.file_uploader[0].set_value(
        ("export.csv", (FIXTURES / "not_csv.zip").read_bytes(), "text/csv")).run()
    assert not page.exception
    assert "it is a ZIP archive, not CSV" in texts(page.error)


def test_a_file_above_the_upload_limit_setting_is_refused_with_the_way_around(page, db_file):
    from ui.data import database

    with database(str(db_file)).write() as cur:
        cur.execute("insert or replace into settings values ('import_max_upload_mb', '0.0001', now())")
    page.run()
    upload(page, "hubspot_deals.csv")
    assert "above the upload limit of 0 MB" in texts(page.error)
    assert "python -m analytics import" in texts(page.error)


def test_the_reporting_currency_can_be_changed_on_the_exchange_rates_tab(db_file, monkeypatch):
    db = open_database(db_file)
    set_reporting_currency(db, "EUR")
    set_fx_rate(db, "PLN", 0.232)
    set_fx_rate(db, "USD", 0.92)
    import_file(db, "deals", FIXTURES / "zoho_deals.csv")  # one deal in each of PLN, EUR and USD
    db.close()
    page = open_page(db_file, monkeypatch)
    from ui.data import database

    assert page.selectbox(key="reporting_currency").value == "EUR"
    assert page.button(key="set_reporting_currency").disabled  # nothing to change yet
    rates = next(d.value for d in page.dataframe if list(d.value.columns) == ["currency", "since", "rate"])
    assert rates.values.tolist() == [["EUR", "the start", 1.0], ["PLN", "the start", 0.232], ["USD", "the start", 0.92]]
    page.selectbox(key="reporting_currency").set_value("USD").run()
    page.button(key="set_reporting_currency").click().run()
    assert not page.exception and not page.error
    cur = database(str(db_file)).cursor()
    assert cur.execute("select value from settings where key = 'reporting_currency'").fetchall() == [("USD",)]
    # the rates are converted to USD, and every deal's amount_base with them
    assert cur.execute("select currency, rate_to_base from fx_rates order by 1").fetchall() == [
        ("EUR", pytest.approx(1 / 0.92)), ("PLN", pytest.approx(0.232 / 0.92))]
    factor = "case currency when 'USD' then 1 when 'EUR' then 1 / 0.92 when 'PLN' then 0.232 / 0.92 end"
    counts = cur.execute(
        f"select count(distinct currency), count(*) filter (where not abs(amount_base - amount * {factor}) < 1e-6) "
        "from deals where amount is not null"
    ).fetchone()
    assert counts == (3, 0)
    assert page.selectbox(key="reporting_currency").value == "USD"
    assert "Every deal has an amount in the reporting currency (USD)." in texts(page.info)


def test_a_rate_in_force_can_be_edited_and_deleted_on_the_exchange_rates_tab(db_file, monkeypatch):
    db = open_database(db_file)
    set_reporting_currency(db, "EUR")
    set_fx_rate(db, "PLN", 0.232)
    set_fx_rate(db, "USD", 0.92)
    import_file(db, "deals", FIXTURES / "zoho_deals.csv")  # one deal in each of PLN, EUR and USD
    db.close()
    page = open_page(db_file, monkeypatch)
    from ui.data import database

    assert page.selectbox(key="edit_rate_pick").options == ["PLN from the start", "USD from the start"]
    page.selectbox(key="edit_rate_pick").set_value(0).run()
    page.number_input(key="edit_rate_PLN_start").set_value(0.25).run()
    page.button(key="edit_rate_save").click().run()
    assert not page.exception and not page.error
    cur = database(str(db_file)).cursor()
    assert cur.execute("select rate_to_base from fx_rates where currency = 'PLN'").fetchall() == [(0.25,)]
    assert cur.execute("select count(*) from deals where currency = 'PLN' and amount_base = amount * 0.25").fetchone()[0] == 1
    page.selectbox(key="edit_rate_pick").set_value(1).run()
    page.button(key="edit_rate_delete").click().run()
    assert not page.exception and not page.error
    assert cur.execute("select count(*) from fx_rates where currency = 'USD'").fetchone()[0] == 0
    # its deal's amount is unknown again, never 0, and the tab asks for the rate
    assert cur.execute("select amount_base from deals where currency = 'USD'").fetchall() == [(None,)]
    assert page.number_input(key="rate_USD").value == 0.0


def test_a_dated_rate_is_added_listed_and_applied_to_the_deals_of_its_quarters(db_file, monkeypatch, tmp_path):
    db = open_database(db_file)
    set_reporting_currency(db, "EUR")
    set_fx_rate(db, "PLN", 0.2)
    deals = tmp_path / "pln.csv"
    deals.write_text("deal_id,client_name,amount,currency,stage,close_date\n"
                     "A,Acme,100,PLN,won,2024-06-30\nB,Acme,100,PLN,won,2024-07-01\n", encoding="utf-8")
    import_file(db, "deals", deals)
    db.close()
    page = open_page(db_file, monkeypatch)
    from ui.data import database

    page.selectbox(key="dated_rate_currency").set_value("PLN").run()
    page.text_input(key="dated_rate_quarter").input("2024q3").run()
    page.number_input(key="dated_rate_value").set_value(0.25).run()
    page.button(key="dated_rate_save").click().run()
    assert not page.exception and not page.error
    rates = next(d.value for d in page.dataframe if list(d.value.columns) == ["currency", "since", "rate"])
    assert rates.values.tolist() == [["EUR", "the start", 1.0], ["PLN", "the start", 0.2], ["PLN", "2024Q3", 0.25]]
    cur = database(str(db_file)).cursor()
    assert cur.execute("select deal_id, amount_base from deals order by 1").fetchall() == [("A", 20.0), ("B", 25.0)]
    assert page.selectbox(key="edit_rate_pick").options == ["PLN from the start", "PLN from 2024Q3"]


def test_a_dated_rate_with_a_quarter_that_is_no_quarter_is_an_error_on_the_tab(db_file, monkeypatch):
    page = open_page(db_file, monkeypatch)
    page.selectbox(key="dated_rate_currency").set_value("PLN").run()
    page.text_input(key="dated_rate_quarter").input("next spring").run()
    page.number_input(key="dated_rate_value").set_value(0.25).run()
    page.button(key="dated_rate_save").click().run()
    assert not page.exception
    assert "next spring" in texts(page.error)


def test_a_deals_file_naming_no_currency_asks_for_one_and_the_shown_default_decides_nothing(page, db_file):
    upload(page, "hubspot_deals.csv")  # HubSpot's export has no currency column
    notes = texts(page.info)
    assert "Amounts taken in EUR, the reporting currency; choose another under Currency and formats." in notes
    assert "Reporting currency will be set" not in notes  # the default shown is no choice
    field = next(t for t in page.text_input if t.label == "Currency of rows that name none")
    assert field.value == "EUR"
    field.set_value("usd").run()
    assert not page.exception
    notes = texts(page.info)
    assert "Reporting currency will be set to USD, the currency of most deals." in notes
    assert "Amounts taken in" not in notes
    page.button(key="import_go").click().run()
    assert stored(db_file, "select value from settings where key = 'reporting_currency'") == [("USD",)]
    assert stored(db_file, "select count(*), count(*) filter (where currency = 'USD') from deals") == [(6, 6)]
