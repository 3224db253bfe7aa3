"""Value and concentration on a hand-built portfolio of five clients, exactly."""

from __future__ import annotations

import pytest

from analytics.method.value import client_value, concentration, pareto_curve, whale_curve
from tests.tiny import Tiny

# client: (won revenue in 2025, cost to serve in 2025)
BOOK = {
    "A": (8000, 1000),  # the big one
    "B": (1000, 200),
    "C": (500, 100),
    "D": (400, 2500),  # costs more than it brings
    "E": (100, 200),
}


@pytest.fixture
def book(db):
    tiny = Tiny(db)
    for client, (revenue, cost) in BOOK.items():
        tiny.client(client)
        tiny.deal(client, "2025-03-01", revenue / 2)
        tiny.deal(client, "2025-09-01", revenue * 2, currency="PLN")  # half the revenue, at 0.25 EUR a PLN
        tiny.cost(client, "2025-06-01", cost)
    tiny.deal("A", "2025-10-01", 999, status="lost")  # lost deals are no revenue
    tiny.deal("A", "2024-06-01", 5000)  # outside the 4 quarters ending 2025Q4
    return db.cursor()


def test_client_value_converts_currency_and_subtracts_cost_to_serve(book):
    value = client_value(book, "2025Q4").set_index("client_id")
    assert value.loc["A", ["revenue_4q", "cost_to_serve_4q", "margin_4q"]].tolist() == [8000, 1000, 7000]
    assert value.loc["D", "margin_pct"] == pytest.approx((400 - 2500) / 400)
    # LTV = yearly margin x 0.85 / (1 + 0.10 - 0.85) = 3.4 x margin
    assert value.loc["A", "ltv"] == pytest.approx(7000 * 3.4)
    assert value.loc["D", "ltv"] == pytest.approx(-2100 * 3.4)


def test_quadrants_split_value_and_cost_at_the_portfolio_medians(book):
    value = client_value(book, "2025Q4").set_index("client_id")
    # medians: revenue 500, cost 200; "high" means above the median
    assert value["quadrant_id"].to_dict() == {
        "A": "high_value_high_cost", "B": "high_value_low_cost", "C": "low_value_low_cost",
        "D": "low_value_high_cost", "E": "low_value_low_cost",
    }
    assert value.loc["B", "quadrant"] == "High value · low cost"


def test_pareto_curves_of_revenue_and_cost(book):
    revenue = pareto_curve(book, "2025Q4", "revenue")
    assert revenue["client_id"].tolist() == [None, "A", "B", "C", "D", "E"]
    assert revenue["client_share"].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert revenue["cumulative_share"].tolist() == pytest.approx([0, 0.8, 0.9, 0.95, 0.99, 1.0])
    cost = pareto_curve(book, "2025Q4", "cost")
    assert cost["client_id"].tolist()[:3] == [None, "D", "A"]
    assert cost["cumulative_share"].tolist()[1] == pytest.approx(2500 / 4000)


def test_the_top_20_percent_shares_of_revenue_and_cost(book):
    headline = concentration(book, "2025Q4")
    assert (headline.clients, headline.top_clients) == (5, 1)
    assert headline.top_revenue_share == pytest.approx(0.8)  # A brings 80% of revenue
    assert headline.top_cost_share == pytest.approx(0.625)  # D causes 62.5% of the cost
    # profits 7000, 800, 400, -100, -2100: the whale curve peaks at 8200 of 6000 total
    assert headline.peak_profit_share == pytest.approx(8200 / 6000)


def test_the_whale_curve_rises_then_falls_back_to_total_profit(book):
    whale = whale_curve(book, "2025Q4")
    assert whale["client_id"].tolist() == [None, "A", "B", "C", "E", "D"]
    assert whale["cumulative_profit"].tolist() == pytest.approx([0, 7000, 7800, 8200, 8100, 6000])


def test_revenue_uses_fx_rates_and_falls_back_to_the_stored_base_amount(db):
    tiny = Tiny(db)
    tiny.client("A")
    tiny.deal("A", "2025-11-01", 1000, currency="PLN")  # 250 EUR through fx_rates
    tiny.deal("A", "2025-11-02", 1000, currency="CHF")  # no rate: the amount_base the import stored
    tiny.cur.execute("update deals set amount_base = 1050 where currency = 'CHF'")
    tiny.cur.execute("update deals set amount_base = 999 where currency = 'PLN'")  # fx_rates wins
    assert client_value(db.cursor(), "2025Q4").loc[0, "revenue_4q"] == 250 + 1050
