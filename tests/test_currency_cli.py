"""The reporting currency and exchange rates as a visible setting: `settings show|set`,
`rates show|set`, `import --currency`, and the first deals import of a fresh database
choosing the reporting currency; exact amounts on hand-built files."""

from __future__ import annotations

import pytest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.ingest import import_file
from analytics.method import run_method
from analytics.settings import REGISTRY, reporting_currency_is_set


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def query(db_path, sql):
    db = open_database(db_path, create=False)
    try:
        return db.cursor().execute(sql).fetchall()
    finally:
        db.close()


def deals(db_path):
    return query(db_path, "select deal_id, amount, currency, amount_base from deals order by deal_id")


def currency_row(db_path):
    return query(db_path, "select value from settings where key = 'reporting_currency'")


@pytest.fixture
def db_path(tmp_path):
    """A fresh database file: schema and method defaults, no deals, no rates, no currency chosen."""
    path = tmp_path / "p.duckdb"
    open_database(path).close()
    return path


PLN_ONLY = "deal_id,client_name,amount,currency\nP1,Acme,100,PLN\nP2,Beta,250.5,PLN\n"
NO_CURRENCY = "deal_id,client_name,amount\nN1,Acme,100\nN2,Beta,40\n"


# ---------------------------------------------------------------- settings

def test_settings_show_prints_the_reporting_currency_then_every_method_setting(db_path, capsys):
    code, out, err = run(capsys, "settings", "show", "--db", db_path)
    assert code == 0
    width = max(len(s.key) for s in REGISTRY)
    assert out.splitlines() == [f"{'reporting_currency'.ljust(width)}  EUR"] + [
        f"{s.key.ljust(width)}  {s.default:g}" for s in REGISTRY
    ]
    assert "the reporting currency was never chosen; EUR is in force" in err


def test_settings_set_reporting_currency_writes_it_and_show_then_has_it(db_path, capsys):
    code, out, _ = run(capsys, "settings", "set", "reporting_currency", "pln", "--db", db_path)
    assert (code, out) == (0, "reporting_currency set to PLN (was EUR); amount_base recomputed for 0 deals\n")
    code, out, err = run(capsys, "settings", "show", "--db", db_path)
    assert out.splitlines()[0].split() == ["reporting_currency", "PLN"]
    assert err == ""


def test_settings_set_a_bad_currency_code_is_one_error_line_and_writes_nothing(db_path, capsys):
    code, out, err = run(capsys, "settings", "set", "reporting_currency", "XYZ", "--db", db_path)
    assert (code, out) == (1, "")
    assert err == 'Error: "XYZ" is not a currency code; write an ISO code like PLN, EUR or USD.\n'
    assert currency_row(db_path) == []


def test_settings_set_a_method_setting_goes_through_its_range(db_path, capsys):
    code, out, _ = run(capsys, "settings", "set", "weight_value", "0.3", "--db", db_path)
    assert (code, out) == (0, "weight_value set to 0.3 (was 0.2)\n")
    code, out, err = run(capsys, "settings", "set", "weight_value", "3", "--db", db_path)
    assert (code, out, err) == (1, "", 'Error: Setting "weight_value": 3 is outside 0..1.\n')
    code, _, err = run(capsys, "settings", "set", "no_such_key", "1", "--db", db_path)
    assert (code, err) == (1, 'Error: Setting "no_such_key": no such setting of the method.\n')
    assert query(db_path, "select value from settings where key = 'weight_value'") == [("0.3",)]


def test_settings_on_a_missing_file_is_an_error_not_a_new_database(tmp_path, capsys):
    code, _, err = run(capsys, "settings", "show", "--db", tmp_path / "none.duckdb")
    assert code == 1 and err.startswith("Error: No database at") and "Traceback" not in err
    assert not (tmp_path / "none.duckdb").exists()


# ---------------------------------------------------------------- rates

def test_rates_show_lists_the_reporting_currency_at_1_the_rates_and_the_currencies_without_one(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    file = write(tmp_path, "d.csv", "deal_id,client_name,amount,currency\n"
                 "D1,Acme,100,PLN\nD2,Acme,10,EUR\nD3,Beta,7,USD\nD4,Beta,8,USD\nD5,Beta,9,CHF\n")
    assert run(capsys, "import", "deals", file, "--db", db_path)[0] == 0
    assert run(capsys, "rates", "set", "PLN", "0.25", "--db", db_path)[1] == "1 PLN = 0.25 EUR; amount_base set for 1 deal\n"
    code, out, _ = run(capsys, "rates", "show", "--db", db_path)
    assert code == 0
    assert out == (
        "currency  from        rate to EUR\n"
        "EUR       the start   1\n"
        "PLN       the start   0.25\n"
        "USD                   no rate (2 deals)\n"
        "CHF                   no rate (1 deal)\n"
    )
    assert deals(db_path) == [("D1", 100.0, "PLN", 25.0), ("D2", 10.0, "EUR", 10.0), ("D3", 7.0, "USD", None),
                              ("D4", 8.0, "USD", None), ("D5", 9.0, "CHF", None)]


def test_rates_set_converts_the_deals_of_that_currency(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", PLN_ONLY), "--db", db_path)
    assert deals(db_path) == [("P1", 100.0, "PLN", None), ("P2", 250.5, "PLN", None)]
    code, out, _ = run(capsys, "rates", "set", "pln", "0.5", "--db", db_path)
    assert (code, out) == (0, "1 PLN = 0.5 EUR; amount_base set for 2 deals\n")
    assert deals(db_path) == [("P1", 100.0, "PLN", 50.0), ("P2", 250.5, "PLN", 125.25)]
    assert query(db_path, "select * from fx_rates") == [("PLN", 0.5)]


@pytest.mark.parametrize(("rate", "message"), [
    ("0", "An exchange rate must be a finite positive number, not 0."),
    ("-1.5", "An exchange rate must be a finite positive number, not -1.5."),
    ("abc", '"abc" is not a number; write the rate of 1 PLN like 0.25.'),
    ("inf", "An exchange rate must be a finite positive number, not inf."),
    ("nan", "An exchange rate must be a finite positive number, not nan."),
])
def test_rates_set_refuses_a_rate_that_is_not_a_finite_positive_number(db_path, capsys, rate, message):
    code, out, err = run(capsys, "rates", "set", "PLN", rate, "--db", db_path)
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert query(db_path, "select * from fx_rates") == []


def test_rates_set_refuses_a_bad_code_and_the_reporting_currency_itself(db_path, capsys):
    assert run(capsys, "rates", "set", "XX", "1", "--db", db_path)[2] == \
        'Error: "XX" is not a currency code; write an ISO code like PLN, EUR or USD.\n'
    assert run(capsys, "rates", "set", "EUR", "1", "--db", db_path)[2] == \
        "Error: EUR is the reporting currency: it converts at 1 and needs no rate.\n"
    assert query(db_path, "select * from fx_rates") == []


# ---------------------------------------------------------------- import --currency

def test_import_currency_is_the_currency_of_rows_that_name_none(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--db", db_path)
    code, out, _ = run(capsys, "import", "deals", write(tmp_path, "n.csv", NO_CURRENCY), "--currency", "PLN",
                       "--db", db_path)
    assert (code, out) == (0, "n.csv: loaded 2, updated 0, rejected 0, skipped 0, new clients 2\n")
    assert deals(db_path) == [("N1", 100.0, "PLN", 25.0), ("N2", 40.0, "PLN", 10.0)]


def test_without_currency_the_result_line_says_the_amounts_were_taken_in_the_reporting_currency(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    code, out, _ = run(capsys, "import", "deals", write(tmp_path, "n.csv", NO_CURRENCY), "--db", db_path)
    assert (code, out) == (0, "n.csv: loaded 2, updated 0, rejected 0, skipped 0, new clients 2; "
                              "amounts taken in EUR, the reporting currency; use --currency to choose\n")
    assert deals(db_path) == [("N1", 100.0, "EUR", 100.0), ("N2", 40.0, "EUR", 40.0)]


def test_a_mapping_currency_counts_as_given_and_currency_wins_over_it(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    mapping = write(tmp_path, "m.json", '{"options": {"currency": "USD"}}')
    file = write(tmp_path, "n.csv", NO_CURRENCY)
    code, out, _ = run(capsys, "import", "deals", file, "--mapping", mapping, "--db", db_path)
    assert "amounts taken in" not in out
    assert {c for _, _, c, _ in deals(db_path)} == {"USD"}
    run(capsys, "import", "deals", file, "--mapping", mapping, "--currency", "PLN", "--db", db_path)
    assert {c for _, _, c, _ in deals(db_path)} == {"PLN"}


def test_import_currency_refuses_a_bad_code_and_other_kinds(db_path, tmp_path, capsys):
    file = write(tmp_path, "n.csv", NO_CURRENCY)
    code, out, err = run(capsys, "import", "deals", file, "--currency", "ZZZ", "--db", db_path)
    assert (code, out) == (1, "")
    assert err == 'Error: "ZZZ" is not a currency code; write an ISO code like PLN, EUR or USD.\n'
    code, _, err = run(capsys, "import", "clients", file, "--currency", "PLN", "--db", db_path)
    assert (code, err) == (1, "Error: --currency is the currency of deals rows; clients have no amounts.\n")
    assert deals(db_path) == []


# ---------------------------------------------------------------- the first deals import

def test_the_first_deals_import_of_a_fresh_database_makes_its_main_currency_the_reporting_one(
        db_path, tmp_path, capsys):
    code, out, _ = run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)
    assert (code, out) == (0, "p.csv: loaded 2, updated 0, rejected 0, skipped 0, new clients 2; "
                              "reporting currency set to PLN, the currency of most deals\n")
    assert currency_row(db_path) == [("PLN",)]
    assert deals(db_path) == [("P1", 100.0, "PLN", 100.0), ("P2", 250.5, "PLN", 250.5)]


def test_most_deals_decide_and_rows_naming_no_currency_take_the_chosen_one(db_path, tmp_path, capsys):
    file = write(tmp_path, "m.csv", "deal_id,client_name,amount,currency\n"
                 "M1,Acme,10,USD\nM2,Acme,20,USD\nM3,Beta,30,EUR\nM4,Beta,40,\n")
    code, out, _ = run(capsys, "import", "deals", file, "--db", db_path)
    assert out.splitlines()[0] == (
        "m.csv: loaded 4, updated 0, rejected 0, skipped 0, new clients 2; 1 amount naming no currency taken "
        "in USD, the reporting currency; use --currency to choose; reporting currency set to USD, the "
        "currency of most deals")
    assert "No exchange rate for EUR to USD yet: 1 deal was loaded without an amount in USD" in out
    assert deals(db_path) == [("M1", 10.0, "USD", 10.0), ("M2", 20.0, "USD", 20.0), ("M3", 30.0, "EUR", None),
                              ("M4", 40.0, "USD", 40.0)]


def test_currency_given_on_the_command_line_is_what_the_first_import_takes(db_path, tmp_path, capsys):
    code, out, _ = run(capsys, "import", "deals", write(tmp_path, "n.csv", NO_CURRENCY), "--currency", "PLN",
                       "--db", db_path)
    assert out.endswith("; reporting currency set to PLN, the currency of most deals\n")
    assert deals(db_path) == [("N1", 100.0, "PLN", 100.0), ("N2", 40.0, "PLN", 40.0)]


def test_a_file_naming_no_currency_does_not_choose_the_reporting_currency(db_path, tmp_path, capsys):
    _, out, _ = run(capsys, "import", "deals", write(tmp_path, "n.csv", NO_CURRENCY), "--db", db_path)
    assert out == ("n.csv: loaded 2, updated 0, rejected 0, skipped 0, new clients 2; "
                   "amounts taken in EUR, the reporting currency; use --currency to choose\n")
    assert currency_row(db_path) == []


def test_a_second_import_in_another_currency_does_not_change_it(db_path, tmp_path, capsys):
    run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)
    _, out, _ = run(capsys, "import", "deals", write(tmp_path, "u.csv", "deal_id,client_name,amount,currency\n"
                                                     "U1,Acme,7,USD\nU2,Acme,8,USD\nU3,Acme,9,USD\n"),
                    "--db", db_path)
    assert out.splitlines()[0] == "u.csv: loaded 3, updated 0, rejected 0, skipped 0, new clients 0"
    assert "No exchange rate for USD to PLN yet: 3 deals were loaded" in out
    assert currency_row(db_path) == [("PLN",)]
    assert deals(db_path)[:2] == [("P1", 100.0, "PLN", 100.0), ("P2", 250.5, "PLN", 250.5)]
    assert [d[3] for d in deals(db_path)[2:]] == [None, None, None]


def test_a_reporting_currency_set_explicitly_is_never_overridden_by_an_import(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    _, out, _ = run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)
    assert out.splitlines()[0] == "p.csv: loaded 2, updated 0, rejected 0, skipped 0, new clients 2"
    assert currency_row(db_path) == [("EUR",)]
    assert deals(db_path) == [("P1", 100.0, "PLN", None), ("P2", 250.5, "PLN", None)]


def test_a_database_with_rates_keeps_the_currency_they_are_to(db_path, tmp_path, capsys):
    run(capsys, "rates", "set", "PLN", "0.25", "--db", db_path)  # a rate to EUR, the currency in force
    _, out, _ = run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)
    assert "reporting currency set" not in out
    assert deals(db_path) == [("P1", 100.0, "PLN", 25.0), ("P2", 250.5, "PLN", 62.625)]


def test_a_dry_run_says_what_it_would_set_and_sets_nothing(db_path, tmp_path):
    db = open_database(db_path)
    try:
        result = import_file(db, "deals", write(tmp_path, "p.csv", PLN_ONLY), dry_run=True)
        assert result.notes == ["reporting currency will be set to PLN, the currency of most deals"]
        assert result.preview["amount_base"].tolist() == [100.0, 250.5]
        assert not reporting_currency_is_set(db.cursor())
    finally:
        db.close()


# ---------------------------------------------------------------- changing the reporting currency

def test_changing_the_reporting_currency_converts_the_rates_and_recomputes_amount_base(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", "deal_id,client_name,amount,currency\n"
                                         "D1,Acme,100,PLN\nD2,Acme,10,EUR\nD3,Beta,5,USD\n"), "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--db", db_path)
    run(capsys, "rates", "set", "USD", "0.5", "--db", db_path)
    assert deals(db_path) == [("D1", 100.0, "PLN", 25.0), ("D2", 10.0, "EUR", 10.0), ("D3", 5.0, "USD", 2.5)]
    code, out, _ = run(capsys, "settings", "set", "reporting_currency", "PLN", "--db", db_path)
    assert (code, out) == (0, "reporting_currency set to PLN (was EUR); 2 exchange rates converted to PLN; "
                              "amount_base recomputed for 3 deals\n")
    # 1 EUR = 1 / 0.25 PLN; 1 USD = 0.5 / 0.25 PLN
    assert deals(db_path) == [("D1", 100.0, "PLN", 100.0), ("D2", 10.0, "EUR", 40.0), ("D3", 5.0, "USD", 10.0)]
    assert run(capsys, "rates", "show", "--db", db_path)[1] == (
        "currency  from        rate to PLN\nPLN       the start   1\nEUR       the start   4\n"
        "USD       the start   2\n")


def test_a_change_that_cannot_convert_the_rates_writes_nothing(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--db", db_path)
    code, out, err = run(capsys, "settings", "set", "reporting_currency", "USD", "--db", db_path)
    assert (code, out) == (1, "")
    assert err.startswith("Error: There is no rate of USD to EUR yet, so the rates of PLN to EUR cannot be "
                          "converted to USD. Give the rate of 1 USD in EUR first")
    assert currency_row(db_path) == [("EUR",)]
    assert query(db_path, "select * from fx_rates") == [("PLN", 0.25)]
    assert deals(db_path) == [("P1", 100.0, "PLN", 25.0), ("P2", 250.5, "PLN", 62.625)]


def test_a_change_with_no_rates_leaves_the_old_currency_without_one(db_path, tmp_path, capsys):
    run(capsys, "import", "deals", write(tmp_path, "p.csv", PLN_ONLY), "--db", db_path)  # reporting PLN
    code, out, _ = run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    assert (code, out) == (0, "reporting_currency set to EUR (was PLN); amount_base recomputed for 2 deals\n")
    assert deals(db_path) == [("P1", 100.0, "PLN", None), ("P2", 250.5, "PLN", None)]
    assert run(capsys, "rates", "show", "--db", db_path)[1] == (
        "currency  from        rate to EUR\nEUR       the start   1\nPLN                   no rate (2 deals)\n")


# ---------------------------------------------------------------- dated rates

DATED = ("deal_id,client_name,amount,currency,stage,close_date\n"
         "Q1,Acme,100,PLN,won,2023-02-10\n"     # before any dated rate: the rate from the start
         "Q2,Acme,100,PLN,won,2024-03-31\n"     # last day before the 2024Q2 rate
         "Q3,Acme,100,PLN,won,2024-04-01\n"     # first day of 2024Q2
         "Q4,Acme,100,PLN,won,2025-11-30\n"     # 2025Q4 has no rate: the latest earlier (2025Q1)
         "Q5,Acme,100,PLN,open,\n")             # no date at all: the newest rate


def test_dated_rates_apply_to_their_quarters_and_the_latest_earlier_one_where_a_quarter_has_none(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", DATED), "--db", db_path)
    assert run(capsys, "rates", "set", "PLN", "0.2", "--db", db_path)[0] == 0
    code, out, _ = run(capsys, "rates", "set", "PLN", "0.25", "--quarter", "2024q2", "--db", db_path)
    assert (code, out) == (0, "1 PLN = 0.25 EUR from 2024Q2; amount_base set for 5 deals\n")
    run(capsys, "rates", "set", "PLN", "0.3", "--quarter", "2025Q1", "--db", db_path)
    assert deals(db_path) == [("Q1", 100.0, "PLN", 20.0), ("Q2", 100.0, "PLN", 20.0), ("Q3", 100.0, "PLN", 25.0),
                              ("Q4", 100.0, "PLN", 30.0), ("Q5", 100.0, "PLN", 30.0)]
    assert run(capsys, "rates", "show", "--db", db_path)[1] == (
        "currency  from        rate to EUR\n"
        "EUR       the start   1\n"
        "PLN       the start   0.2\n"
        "PLN       2024Q2      0.25\n"
        "PLN       2025Q1      0.3\n")
    # the method reads the same rates: won revenue by quarter in EUR
    db = open_database(db_path, create=False)
    try:
        cur = db.cursor()
        assert run_method(cur, "2025Q4").quarter == "2025Q4"
        revenue = dict(cur.execute("select q_index, sum(won_revenue) from method_facts group by all").fetchall())
    finally:
        db.close()
    assert {q: round(v, 6) for q, v in revenue.items() if v} == {
        2023 * 4: 20.0, 2024 * 4: 20.0, 2024 * 4 + 1: 25.0, 2025 * 4 + 3: 30.0}


def test_without_a_rate_from_the_start_the_first_dated_rate_covers_the_quarters_before_it(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", DATED), "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--quarter", "2024Q2", "--db", db_path)
    assert [d[3] for d in deals(db_path)] == [25.0, 25.0, 25.0, 25.0, 25.0]


def test_deleting_a_dated_rate_falls_back_to_the_one_before_and_deleting_the_last_makes_amounts_unknown(
        db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", DATED), "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.2", "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--quarter", "2024Q2", "--db", db_path)
    code, out, _ = run(capsys, "rates", "delete", "PLN", "--quarter", "2024Q2", "--db", db_path)
    assert (code, out) == (0, "Deleted the rate of PLN from 2024Q2; amount_base set for 5 deals\n")
    assert [d[3] for d in deals(db_path)] == [20.0] * 5
    code, _, err = run(capsys, "rates", "delete", "PLN", "--quarter", "2024Q2", "--db", db_path)
    assert (code, err) == (1, "Error: There is no rate of PLN from 2024Q2 to delete.\n")
    assert run(capsys, "rates", "delete", "PLN", "--db", db_path)[0] == 0
    assert [d[3] for d in deals(db_path)] == [None] * 5


def test_a_bad_quarter_is_one_error_line_and_writes_nothing(db_path, capsys):
    code, out, err = run(capsys, "rates", "set", "PLN", "0.2", "--quarter", "2024Q5", "--db", db_path)
    assert (code, out) == (1, "")
    assert err.startswith("Error: ") and "2024Q5" in err and "Traceback" not in err
    assert query(db_path, "select count(*) from fx_rates_dated") == [(0,)]


def test_changing_the_reporting_currency_rebases_dated_rates_quarter_by_quarter(db_path, tmp_path, capsys):
    run(capsys, "settings", "set", "reporting_currency", "EUR", "--db", db_path)
    run(capsys, "import", "deals", write(tmp_path, "d.csv", DATED), "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.2", "--db", db_path)
    run(capsys, "rates", "set", "PLN", "0.25", "--quarter", "2024Q2", "--db", db_path)
    run(capsys, "rates", "set", "USD", "0.8", "--db", db_path)
    run(capsys, "rates", "set", "USD", "0.5", "--quarter", "2025Q1", "--db", db_path)
    before = [d[3] for d in deals(db_path)]  # in EUR
    assert before == [20.0, 20.0, 25.0, 25.0, 25.0]
    code, out, _ = run(capsys, "settings", "set", "reporting_currency", "USD", "--db", db_path)
    assert code == 0 and "2 exchange rates converted to USD" in out
    # PLN in USD: 0.2/0.8 from the start, 0.25/0.8 from 2024Q2, 0.25/0.5 from 2025Q1;
    # EUR in USD: 1/0.8 from the start, 1/0.5 from 2025Q1
    assert run(capsys, "rates", "show", "--db", db_path)[1] == (
        "currency  from        rate to USD\n"
        "USD       the start   1\n"
        "EUR       the start   1.25\n"
        "EUR       2025Q1      2\n"
        "PLN       the start   0.25\n"
        "PLN       2024Q2      0.3125\n"
        "PLN       2025Q1      0.5\n")
    # each deal is worth the same in USD as its EUR amount at its own quarter's USD rate
    assert [d[3] for d in deals(db_path)] == [25.0, 25.0, 31.25, 50.0, 50.0]
