"""Import as a user meets it (issue 15): CRM pipelines whose other stages are open, stage
words nobody mapped, deal owners and the account managers they give, clients that are
people, report footers, the reasons in full, the "ID" column, order lines, and what undo
will remove. Hand-built files with exact counts; each rule from both sides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.ingest import (
    import_file,
    load_mapping_file,
    prepare,
    save_value_mapping,
    undo_batch,
    undo_counts,
    undo_description,
)
from analytics.ingest.errors import BadMapping
from analytics.ingest.mapping import detect_kind, suggest_mapping
from tests.test_import_real import _real_data_folder

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
REAL = _real_data_folder()  # ../shared/data/real beside the checkout, or where CI keeps it


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(db, query, params=None):
    return db.cursor().execute(query, params or {}).fetchall()


def counts(result):
    return (result.loaded, result.updated, result.rejected, result.skipped, len(result.new_clients))


def statuses(db):
    return rows(db, "select deal_id, status from deals order by deal_id")


# ---------------------------------------------------------------- pipelines

HUBSPOT = ("Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company\n"
           "1,a,Closed Won,10,1/5/2024,1/1/2024,Acme\n"
           "2,b,Closed Lost,10,1/5/2024,1/1/2024,Acme\n"
           "3,c,Contract Sent,10,1/5/2024,1/1/2024,Acme\n"
           "4,d,Renewal Due,10,1/5/2024,1/1/2024,Acme\n"
           "5,e,Won,10,1/5/2024,1/1/2024,Acme\n")


def test_a_hubspot_export_closes_only_the_stages_hubspot_defines_and_every_other_stage_is_open(db, tmp_path):
    result = import_file(db, "deals", write(tmp_path, "hubspot.csv", HUBSPOT))
    assert result.detection["preset"] == "hubspot"
    assert counts(result) == (5, 0, 0, 0, 1)
    # "Won" is a word the generic vocabulary knows, but no stage HubSpot defines: open
    assert statuses(db) == [("1", "won"), ("2", "lost"), ("3", "open"), ("4", "open"), ("5", "open")]
    # HubSpot's own open stage (Contract Sent) is known; the others are listed with their rows
    assert result.open_stages.values.tolist() == [["Renewal Due", 1], ["Won", 1]]
    assert any('"Renewal Due" (1), "Won" (1)' in w for w in result.warnings)


def test_the_same_stages_read_as_a_generic_file_use_every_status_word_and_still_load_unknown_ones_open(db, tmp_path):
    result = import_file(db, "deals", write(tmp_path, "hubspot.csv", HUBSPOT), preset="generic")
    assert counts(result) == (5, 0, 0, 0, 1)
    assert statuses(db) == [("1", "won"), ("2", "lost"), ("3", "open"), ("4", "open"), ("5", "won")]
    assert result.open_stages.values.tolist() == [["Renewal Due", 1]]


@pytest.mark.parametrize("header,stages,expected,unknown", [
    ("Opportunity ID,Opportunity Name,Account Name,Stage,Amount",
     ["Closed Won", "Closed Lost", "Negotiation/Review", "Closed - Churned"],
     ["won", "lost", "open", "open"], [["Closed - Churned", 1]]),
    ("Record Id,Deal Name,Account Name,Amount,Stage,Closing Date",
     ["Closed Won", "Closed Lost", "Closed-Lost to Competition", "On Hold"],
     ["won", "lost", "lost", "open"], [["On Hold", 1]]),
    ("ID,Название сделки,Компания,Сумма,Стадия сделки",
     ["Сделка успешна", "Сделка провалена", "Финальный счёт", "Анализ причины провала"],
     ["won", "lost", "open", "lost"], []),
])
def test_salesforce_zoho_and_bitrix24_close_their_own_closed_stages(db, tmp_path, header, stages, expected, unknown):
    lines = [header]
    for i, stage in enumerate(stages, start=1):
        cells = {"id": str(i), "name": f"deal {i}", "client": "Acme", "amount": "10", "stage": stage, "date": ""}
        order = {"Opportunity ID": "id", "Opportunity Name": "name", "Account Name": "client", "Stage": "stage",
                 "Amount": "amount", "Record Id": "id", "Deal Name": "name", "Closing Date": "date",
                 "ID": "id", "Название сделки": "name", "Компания": "client", "Сумма": "amount",
                 "Стадия сделки": "stage"}
        lines.append(",".join(cells[order[h]] for h in header.split(",")))
    result = import_file(db, "deals", write(tmp_path, "crm.csv", "\n".join(lines) + "\n"))
    assert result.detection["preset"] in ("salesforce", "zoho", "bitrix24")
    assert counts(result)[:4] == (4, 0, 0, 0)
    assert [s for _, s in statuses(db)] == expected
    assert result.open_stages.values.tolist() == unknown


def test_pipedrive_reads_its_status_column_and_never_its_stages(db, tmp_path):
    path = write(tmp_path, "pipedrive.csv",
                 "Deal - ID,Deal - Title,Deal - Value,Deal - Organization,Deal - Status,Deal - Stage\n"
                 "1,a,10,Acme,won,Proposal Made\n2,b,10,Acme,lost,Closed Won\n3,c,10,Acme,open,Closed Won\n"
                 "4,d,10,Acme,,Negotiations Started\n5,e,10,Acme,maybe,Qualified\n")
    result = import_file(db, "deals", path)
    assert result.detection["preset"] == "pipedrive"
    # a blank status is an open deal (and said so); a status word nobody knows is rejected
    assert counts(result) == (4, 0, 1, 0, 1)
    assert statuses(db) == [("1", "won"), ("2", "lost"), ("3", "open"), ("4", "open")]
    assert result.open_stages.empty
    assert "1 deal names no status or stage: loaded as open." in result.warnings
    assert result.unknown_values.to_dict("records") == [{"field": "status", "value": "maybe", "rows": 1}]


def test_the_fixtures_renewal_due_and_final_invoice_stages_load_as_open(db):
    hubspot = import_file(db, "deals", FIXTURES / "hubspot_deals.csv")
    bitrix = import_file(db, "deals", FIXTURES / "bitrix24_deals.csv")
    assert (hubspot.rejected, bitrix.rejected) == (0, 0)
    assert rows(db, "select deal_id, stage, status from deals where deal_id in ('9005', '9006', '102', '103') "
                    "order by deal_id") == [
        ("102", "Финальный счёт", "open"), ("103", "Финальный счёт", "open"),
        ("9005", "Renewal Due", "open"), ("9006", "Renewal Due", "open"),
    ]
    # Финальный счёт is one of Bitrix24's own open stages: not listed; the custom stage is
    assert bitrix.detection["preset"] == "bitrix24"
    assert bitrix.open_stages.values.tolist() == [["Согласование КП", 1]]
    assert rows(db, "select status, count(*) from deals where batch_id = $b group by 1 order by 1",
                {"b": bitrix.batch_id}) == [("lost", 2), ("open", 3), ("won", 1)]


GENERIC = ("deal_id,client_name,stage,amount,currency,closed_on\n"
           "G-1,Acme,Verbal commit,100,EUR,2024-02-01\n"
           "G-2,Acme,Verbal commit,200,EUR,\n"
           "G-3,Beta,Closed Won,300,EUR,2024-02-03\n"
           "G-4,Beta,Zamknięta wygrana,50,EUR,2024-02-04\n")


def test_a_stage_no_mapping_knows_loads_open_is_listed_and_mapping_it_then_reimporting_updates_its_rows(db, tmp_path):
    path = write(tmp_path, "generic.csv", GENERIC)
    first = import_file(db, "deals", path)
    assert counts(first) == (4, 0, 0, 0, 2)
    assert first.open_stages.values.tolist() == [["Verbal commit", 2]]
    assert statuses(db) == [("G-1", "open"), ("G-2", "open"), ("G-3", "won"), ("G-4", "won")]
    save_value_mapping(db, "status", "Verbal commit", "won")
    again = import_file(db, "deals", path)
    assert counts(again) == (0, 4, 0, 0, 0)
    assert again.open_stages.empty
    assert statuses(db) == [("G-1", "won"), ("G-2", "won"), ("G-3", "won"), ("G-4", "won")]


def test_a_mapping_files_stage_meanings_apply_to_a_crm_preset_too(db, tmp_path):
    path = write(tmp_path, "hubspot.csv", HUBSPOT)
    result = import_file(db, "deals", path, mapping={"fields": {}, "values": {"stage": {"Renewal Due": "lost"}}})
    assert result.detection["preset"] == "hubspot"
    assert statuses(db)[3] == ("4", "lost")
    assert result.open_stages.values.tolist() == [["Won", 1]]


def test_an_open_deal_with_a_blank_amount_loads_with_its_amount_unknown(db, tmp_path):
    path = write(tmp_path, "blank.csv", "deal_id,client_name,stage,amount,currency\n"
                                         "B-1,Acme,Negotiation,,EUR\nB-2,Acme,Closed Won,500,EUR\n"
                                         "B-3,Acme,Closed Lost,-5,EUR\n")
    result = import_file(db, "deals", path)
    # the blank amount loads; a negative one still cannot be used
    assert counts(result) == (2, 0, 1, 0, 1)
    assert rows(db, "select deal_id, status, amount, amount_base from deals order by 1") == [
        ("B-1", "open", None, None), ("B-2", "won", 500.0, 500.0)]
    # the pipeline counts it; revenue (won amounts) does not
    assert rows(db, "select count(*) filter (where status = 'open'), sum(amount) filter (where status = 'won') "
                    "from deals") == [(1, 500.0)]


def test_a_row_with_neither_stage_nor_status_is_open_but_a_file_without_those_columns_keeps_its_closed_on_rule(
        db, tmp_path):
    with_columns = write(tmp_path, "a.csv", "deal_id,client_name,stage,status,amount,closed_on\n"
                                            "A-1,Acme,,,10,2024-01-31\n")
    result = import_file(db, "deals", with_columns)
    assert counts(result) == (1, 0, 0, 0, 1)
    assert statuses(db) == [("A-1", "open")]
    assert "1 deal names no status or stage: loaded as open." in result.warnings
    without = write(tmp_path, "b.csv", "deal_id,client_name,amount,closed_on\nB-1,Acme,10,2024-01-31\nB-2,Acme,5,\n")
    import_file(db, "deals", without)
    assert statuses(db)[1:] == [("B-1", "won"), ("B-2", "open")]


# ---------------------------------------------------------------- owners

@pytest.mark.parametrize("header,owner_header", [
    ("Record ID,Deal Name,Deal Stage,Amount,Associated Company,Deal owner", "Deal owner"),
    ("Record ID,Deal Name,Deal Stage,Amount,Associated Company,Deal Owner", "Deal Owner"),
    ("Opportunity Name,Account Name,Stage,Amount,Opportunity Owner", "Opportunity Owner"),
    ("Deal - ID,Deal - Title,Deal - Value,Deal - Organization,Deal - Owner", "Deal - Owner"),
    ("ID,Title,Value,Organization,Contact person,Owner", "Owner"),
    ("ID,Title,Value,Organization,Contact person,Deal owner", "Deal owner"),
    ("Record Id,Deal Name,Account Name,Amount,Deal Owner", "Deal Owner"),
    ("ID,Название сделки,Стадия сделки,Компания,Ответственный", "Ответственный"),
])
def test_every_presets_owner_column_maps_to_the_deal_owner(header, owner_header):
    headers = header.split(",")
    preset, mapping = suggest_mapping("deals", headers)
    assert preset != "generic"
    assert headers[mapping["owner"]] == owner_header


@pytest.mark.parametrize("word", ["owner", "Sales Rep", "sales_agent", "Account Manager", "Opiekun", "Handlowiec",
                                  "Ответственный", "Менеджер"])
def test_generic_owner_synonyms_in_english_polish_and_russian(word):
    headers = ["deal_id", "client_name", "amount", word]
    assert suggest_mapping("deals", headers, "generic")[1]["owner"] == 3
    assert suggest_mapping("deals", ["deal_id", "client_name", "amount", "Region"], "generic")[1].get("owner") is None


OWNED = ("deal_id,client_name,amount,currency,created_on,closed_on,owner\n"
         # Acme: Ola twice, Jan once -> Ola
         "O-1,Acme,10,EUR,2024-01-01,2024-01-10,Ola\nO-2,Acme,10,EUR,2024-02-01,2024-02-10,Ola\n"
         "O-3,Acme,10,EUR,2024-03-01,2024-03-10,Jan\n"
         # Beta: one each -> the owner of its latest deal, Jan
         "O-4,Beta,10,EUR,2024-01-01,2024-05-10,Jan\nO-5,Beta,10,EUR,2024-02-01,2024-02-10,Ola\n"
         # Gamma has its account manager already; Delta is a stored client without one
         "O-6,Gamma,10,EUR,2024-01-01,,Ola\nO-7,Delta,10,EUR,2024-01-01,,Ewa\n"
         # Omega's deal names no owner
         "O-8,Omega,10,EUR,2024-01-01,,\n")


def test_clients_without_an_account_manager_take_their_deals_main_owner_and_undo_puts_them_back(db, tmp_path):
    clients = import_file(db, "clients", write(tmp_path, "clients.csv", "client_id,name,account_manager\n"
                                                                        "C-G,Gamma,Zofia\nC-D,Delta,\n"))
    assert clients.loaded == 2
    result = import_file(db, "deals", write(tmp_path, "owned.csv", OWNED))
    assert counts(result) == (8, 0, 0, 0, 3)
    assert result.account_managers_set == 3
    assert result.summary_line().endswith("; account manager set for 3 clients from their deals' owner")
    assert rows(db, "select name, account_manager from clients order by name") == [
        ("Acme", "Ola"), ("Beta", "Jan"), ("Delta", "Ewa"), ("Gamma", "Zofia"), ("Omega", None)]
    assert rows(db, "select deal_id, owner from deals where deal_id in ('O-1', 'O-8') order by 1") == [
        ("O-1", "Ola"), ("O-8", None)]
    # Delta was only updated: not a new client, not a possible duplicate, put back by undo
    assert undo_counts(db.cursor(), result.batch_id) == {
        "removed": {"deals": 8, "clients": 3}, "restored": {"deals": 0, "clients": 1}}
    assert undo_description(db.cursor(), result.batch_id) == (
        "8 deals and 3 clients from owned.csv (1 client it changed is put back as it was)")
    undo_batch(db, result.batch_id)
    assert rows(db, "select client_id, name, account_manager from clients order by 1") == [
        ("C-D", "Delta", None), ("C-G", "Gamma", "Zofia")]


def test_a_dry_run_says_how_many_account_managers_it_would_set_and_sets_none(db, tmp_path):
    result = import_file(db, "deals", write(tmp_path, "owned.csv", OWNED), dry_run=True)
    # Acme, Beta, Gamma and Delta (all new here); Omega's deal names no owner
    assert "account manager will be set for 4 clients from their deals' owner" in result.notes
    assert rows(db, "select count(*) from clients") == [(0,)]


def test_the_maven_pipeline_ends_with_every_clients_account_manager_set(db, tmp_path):
    source = REAL / "maven_crm" / "sales_pipeline.csv"
    if not source.exists():
        pytest.skip(f"{source} is not here (the real datasets live in ../shared/data/real/)")
    copy = tmp_path / "sales_pipeline.csv"
    shutil.copy(source, copy)
    result = import_file(db, "deals", copy, mapping=load_mapping_file(FIXTURES / "maven_mapping.json"))
    assert (result.loaded, result.rejected, len(result.new_clients)) == (7375, 1425, 85)
    assert "account manager set for 85 clients from their deals' owner" in result.notes
    assert rows(db, "select count(*), count(account_manager) from clients") == [(85, 85)]
    # each account's manager is the agent of most of its deals, a tie going to its latest deal's agent
    import csv
    from collections import Counter, defaultdict

    deals = defaultdict(list)
    with open(copy, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["account"]:
                deals[row["account"]].append((row["close_date"] or row["engage_date"], row["sales_agent"]))
    expected = {}
    for account, owned in deals.items():
        tally = Counter(agent for _, agent in owned)
        latest = {agent: max(day for day, a in owned if a == agent) for agent in tally}
        # max keeps the first of equals: the agents in name order, as the import breaks a full tie
        expected[account] = max(sorted(tally), key=lambda a: (tally[a], latest[a]))
    assert dict(rows(db, "select name, account_manager from clients")) == expected
    assert undo_description(db.cursor(), result.batch_id) == "7,375 deals and 85 clients from sales_pipeline.csv"
    # the suggested mapping (no mapping file) finds sales_agent too
    assert prepare(db.cursor(), copy).mapping["owner"] == 1


# ---------------------------------------------------------------- people as clients

def test_a_pipedrive_deal_with_a_person_but_no_organisation_makes_a_client_that_is_a_person(db):
    result = import_file(db, "deals", FIXTURES / "pipedrive_people_deals.csv")
    assert result.detection["preset"] == "pipedrive"
    # 404 names neither an organisation nor a person: that one cannot be used
    assert counts(result) == (3, 0, 1, 0, 2)
    assert rows(db, "select reason from import_rejects") == [("no client: client_id and client_name are empty",)]
    assert rows(db, "select d.deal_id, c.name, c.is_person, c.account_manager from deals as d "
                    "join clients as c using (client_id) order by 1") == [
        # an organisation wins over its contact person
        ("401", "Nordlicht Software GmbH", None, "Lena Vogel"),
        ("402", "Tomasz Zielinski", True, "Kuba Nowak"),
        ("403", "Tomasz Zielinski", True, "Kuba Nowak"),
    ]


def test_a_person_who_is_already_a_client_is_matched_not_created_again(db, tmp_path):
    import_file(db, "clients", write(tmp_path, "c.csv", "client_id,name\nC-1,Tomasz Zielinski\n"))
    result = import_file(db, "deals", FIXTURES / "pipedrive_people_deals.csv")
    assert result.new_clients == ["Nordlicht Software GmbH"]
    assert rows(db, "select client_id, is_person from clients order by 1")[0] == ("C-1", None)


# ---------------------------------------------------------------- footers

def test_a_recognised_reports_footer_lines_are_skipped_never_rejected(db):
    result = import_file(db, "deals", FIXTURES / "salesforce_opportunities.csv")
    assert counts(result) == (3, 0, 0, 10, 2)
    skipped = dict(rows(db, "select line_no, reason from import_rejects where outcome = 'skipped'"))
    assert skipped[11] == 'a report footer line ("Opportunities by Stage"), not data'
    assert skipped[13] == ('a report footer line ("Copyright (c) 2000-2024 salesforce.com, inc. All rights '
                           'reserved."), not data')
    assert skipped[15] == 'a report footer line ("Acme Corp"), not data'
    assert not any("fewer values" in w for w in result.warnings)


def test_the_same_lines_in_a_generic_file_or_amid_a_reports_rows_are_rejected(db, tmp_path):
    generic = import_file(db, "deals", FIXTURES / "salesforce_opportunities.csv", preset="generic")
    # the report's name and the organisation's name are not footers of an export nobody recognised
    assert counts(generic)[2:4] == (2, 8)
    middle = write(tmp_path, "sf.csv", "Opportunity Name,Account Name,Stage,Amount\n"
                                       "A,Acme,Closed Won,10\nLone line\nB,Acme,Closed Won,20\nTrailing line\n")
    result = import_file(db, "deals", middle)
    assert result.detection["preset"] == "salesforce"
    assert counts(result)[:4] == (2, 0, 1, 1)
    assert rows(db, "select line_no, outcome from import_rejects where batch_id = $b order by 1",
                {"b": result.batch_id}) == [(3, "rejected"), (5, "skipped")]


# ---------------------------------------------------------------- reasons in full

def test_the_reasons_name_the_word_or_value_at_fault_in_full(db, tmp_path):
    long_word = "Awaiting the signature of the regional procurement committee"
    path = write(tmp_path, "r.csv", "deal_id,client_name,status,amount,currency\n"
                                    f"R-1,Acme,{long_word},10,EUR\nR-2,Acme,maybe,10,EUR\nR-3,Acme,maybe,10,EUR\n"
                                    "R-4,Acme,won,10,Dollarinos of the Realm\n")
    result = import_file(db, "deals", path)
    assert result.reasons.values.tolist() == [
        ["rejected", 'status "maybe" is not one of open, won or lost (map it on the Import page or in the '
                     "mapping file)", 2],
        ["rejected", 'currency "Dollarinos of the Realm" is not a currency code or symbol', 1],
        ["rejected", f'status "{long_word}" is not one of open, won or lost (map it on the Import page or in '
                     "the mapping file)", 1],
    ]


def test_a_kind_of_problem_with_many_different_values_is_folded_with_examples(db, tmp_path):
    lines = "".join(f"N-{i},Acme,won,{chr(97 + i) * 2},EUR\n" for i in range(13))
    lines += "D-1,Acme,won,10,EUR\nD-1,Acme,won,11,EUR\n"
    result = import_file(db, "deals", write(tmp_path, "n.csv", "deal_id,client_name,status,amount,currency\n" + lines))
    assert result.reasons.values.tolist() == [
        ["rejected", 'amount "…" is not a number (13 different values, such as "aa", "bb", "cc")', 13],
        ["rejected", "the same deal_id appears again further down the file, which was loaded instead", 1],
    ]


# ---------------------------------------------------------------- the ID column

def test_a_russian_export_with_an_id_column_gets_it_as_the_deal_id(db, tmp_path):
    path = write(tmp_path, "ru.csv", "ID;Компания;Название;Сумма;Валюта\n17;ООО «Ромашка»;Поставка;1 000,00;RUB\n",
                 encoding="cp1251")
    plan = prepare(db.cursor(), path)
    assert (plan.kind, plan.preset, plan.mapping["deal_id"]) == ("deals", "generic", 0)
    assert prepare(db.cursor(), FIXTURES / "bitrix24_deals.csv").mapping["deal_id"] == 0
    import_file(db, "deals", path)
    assert rows(db, "select deal_id, amount, currency from deals") == [("17", 1000.0, "RUB")]


# ---------------------------------------------------------------- order lines

ORDERS = ("Row ID,Order ID,Order Date,Customer ID,Customer Name,Segment,Region,Product Name,Sales,Quantity,Discount\n"
          "1,O-1,3/1/2024,C-1,Acme,Corporate,West,Chair,100,1,0.2\n"
          "2,O-1,3/1/2024,C-1,Acme,Corporate,West,Desk,300,1,0\n"
          "3,O-2,3/4/2024,C-2,Beta,Consumer,East,Lamp,40,2,0\n"
          "4,O-3,3/5/2024,C-1,Acme,Corporate,West,Shelf,60,1,0.1\n"
          "5,O-3,3/5/2024,C-1,Acme,Corporate,West,Bin,40,1,0.1\n"
          "6,O-3,3/5/2024,C-1,Acme,Corporate,West,Tray,x,1,0.1\n")


def test_order_lines_are_deals_never_clients(tmp_path):
    headers = ORDERS.splitlines()[0].split(",")
    assert detect_kind(headers) == "deals"
    # without the order id the same customer columns are a clients file
    assert detect_kind([h for h in headers if h not in ("Order ID", "Sales", "Product Name", "Row ID",
                                                        "Order Date", "Discount")]) == "clients"


def test_order_lines_load_one_deal_per_order_with_the_lines_summed_on_the_orders_date(db, tmp_path):
    path = write(tmp_path, "orders.csv", ORDERS)
    plan = prepare(db.cursor(), path)
    assert (plan.kind, plan.order_lines, plan.order_mode) == ("deals", "per-order", "per-order")
    result = import_file(db, None, path, currency="USD")
    # rows are lines: 5 load, the one with "x" as its amount is rejected; 3 deals
    assert counts(result) == (5, 0, 1, 0, 2)
    assert result.deals_written == 3
    assert "5 order lines loaded as 3 deals, one per order" in result.notes
    assert rows(db, "select deal_id, client_id, title, status, amount, closed_on::varchar, discount_pct "
                    "from deals order by 1") == [
        ("O-1", "C-1", "Chair and 1 more line", "won", 400.0, "2024-03-01", pytest.approx(5.0)),
        ("O-2", "C-2", "Lamp", "won", 40.0, "2024-03-04", 0.0),
        ("O-3", "C-1", "Shelf and 1 more line", "won", 100.0, "2024-03-05", pytest.approx(10.0)),
    ]
    assert undo_description(db.cursor(), result.batch_id) == "3 deals and 2 clients from orders.csv"
    # importing the file again updates the three orders
    again = import_file(db, None, path, currency="USD")
    assert (again.loaded, again.updated, again.deals_written) == (0, 5, 3)
    assert rows(db, "select count(*), sum(amount) from deals") == [(3, 540.0)]


def test_order_lines_per_line_are_one_deal_each(db, tmp_path):
    path = write(tmp_path, "orders.csv", ORDERS)
    result = import_file(db, None, path, currency="USD", order_lines="per-line")
    assert counts(result) == (5, 0, 1, 0, 2) and result.deals_written == 5
    # the line's own id (Row ID) is the deal id
    assert rows(db, "select deal_id, amount from deals order by deal_id") == [
        ("1", 100.0), ("2", 300.0), ("3", 40.0), ("4", 60.0), ("5", 40.0)]
    no_line_ids = write(tmp_path, "lines.csv", "Order ID,Customer Name,Sales\nO-1,Acme,10\nO-1,Acme,20\nO-2,Beta,5\n")
    import_file(db, None, no_line_ids, currency="USD", order_lines="per-line")
    assert rows(db, "select deal_id, amount from deals where deal_id like 'O-%' order by 1") == [
        ("O-1/1", 10.0), ("O-1/2", 20.0), ("O-2/1", 5.0)]


def test_an_order_with_lines_in_two_currencies_rejects_the_lines_that_differ(db, tmp_path):
    path = write(tmp_path, "o.csv", "Order ID,Customer Name,Sales,Currency\nO-1,Acme,10,EUR\nO-1,Acme,20,USD\n"
                                    "O-1,Acme,5,EUR\n")
    result = import_file(db, None, path)
    assert counts(result)[:3] == (2, 0, 1)
    assert rows(db, "select reason from import_rejects") == [
        ("order O-1 is in EUR, this line in USD: one deal per order needs one currency",)]
    assert rows(db, "select deal_id, amount, currency from deals") == [("O-1", 15.0, "EUR")]


def test_order_lines_on_the_command_line_and_a_file_without_an_order_id(tmp_path, capsys):
    path = write(tmp_path, "orders.csv", ORDERS)
    db_path = tmp_path / "p.duckdb"
    assert main(["import", "deals", str(path), "--db", str(db_path), "--currency", "USD",
                 "--order-lines", "per-line"]) == 0
    assert "loaded 5, updated 0, rejected 1" in capsys.readouterr().out
    db = open_database(db_path)
    assert db.cursor().execute("select count(*) from deals").fetchone()[0] == 5
    with pytest.raises(BadMapping, match="no column mapped to order_id"):
        prepare(db.cursor(), write(tmp_path, "plain.csv", "deal_id,client_name\n1,Acme\n"), order_lines="per-order")
    db.close()


def test_superstore_is_offered_as_deals_one_per_order(db, tmp_path):
    source = REAL / "superstore" / "Sample - Superstore.csv"
    if not source.exists():
        pytest.skip(f"{source} is not here (the real datasets live in ../shared/data/real/)")
    plan = prepare(db.cursor(), source)
    assert (plan.kind, plan.order_lines) == ("deals", "per-order")
    assert plan.sniffed.headers[plan.mapping["order_id"]] == "Order ID"
    result = import_file(db, None, source, currency="USD")
    assert (result.rows_in, result.loaded, result.rejected, result.deals_written, len(result.new_clients)) == (
        9994, 9994, 0, 5009, 793)
    assert rows(db, "select count(*), round(sum(amount), 4), count(*) filter (where status = 'won') from deals") == [
        (5009, 2297200.8603, 5009)]


# ---------------------------------------------------------------- undo, in words

def test_undo_names_what_it_removes_and_what_it_puts_back(db, tmp_path):
    first = import_file(db, "deals", write(tmp_path, "a.csv", "deal_id,client_name,amount,currency\n"
                                                              "D1,Acme,10,EUR\nD2,Beta,10,EUR\n"))
    assert undo_description(db.cursor(), first.batch_id) == "2 deals and 2 clients from a.csv"
    second = import_file(db, "deals", write(tmp_path, "b.csv", "deal_id,client_name,amount,currency\n"
                                                               "D1,Acme,20,EUR\nD3,Gamma,5,EUR\n"))
    # D1 is put back as a.csv left it; Acme stays, a.csv's deal refers to it
    assert undo_description(db.cursor(), second.batch_id) == (
        "1 deal and 1 client from b.csv (1 deal it changed is put back as it was)")
    # a.csv's D1 now belongs to b.csv: undoing a.csv removes D2 and Beta only
    assert undo_description(db.cursor(), first.batch_id) == "1 deal and 1 client from a.csv"
    assert undo_batch(db, first.batch_id) == {"deals": 1, "clients": 1}
    assert undo_description(db.cursor(), first.batch_id).startswith("nothing: the import of a.csv was undone on ")
