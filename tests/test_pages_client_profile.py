"""The descriptive analytics behind the Client page, on a hand-built two-client portfolio.

Client C1 is the one we look at, in quarter 2025Q3 (Jul-Sep 2025); client C2 has rows on
the same days so that any leak between clients changes a number.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.errors import UnknownClient
from analytics.method import client_profile as cp

Q = "2025Q3"
AS_OF = dt.date(2025, 10, 15)


@pytest.fixture
def con(db):
    with db.write() as cur:
        cur.execute("""
            insert into clients (client_id, name, segment, region, account_manager, first_seen) values
            ('C1', 'Amber Logistics S.A.', 'Enterprise', 'DACH', 'Alicja Nowicka', '2020-01-01'),
            ('C2', 'Other Client', 'Mid-market', 'Nordics', 'Bartosz Wrona', '2020-01-01')
        """)
        cur.execute("""
            insert into contacts (contact_id, client_id, name, title, level, is_champion, active_from, active_to)
            values
            -- the executive sponsor, still there
            ('P1', 'C1', 'Eva Berg', 'CEO', 'executive', false, '2020-01-01', null),
            -- the champion, who left in August: the story the page must tell
            ('P2', 'C1', 'Tom Nowak', 'IT Director', 'director', true, '2020-01-01', '2025-08-15'),
            -- the day-to-day manager
            ('P3', 'C1', 'Ola Mazur', 'Project Manager', 'manager', false, '2020-01-01', null),
            -- joins after the quarter: not known yet in 2025Q3
            ('P4', 'C1', 'Jan Kos', 'Analyst', 'staff', false, '2025-10-01', null),
            -- a contact at the other client
            ('P9', 'C2', 'Someone Else', 'CEO', 'executive', true, '2020-01-01', null)
        """)
        cur.execute("""
            insert into interactions (interaction_id, client_id, contact_id, occurred_at, channel,
                                      initiated_by, answered, sentiment, tags) values
            -- 2025Q2: two DELT touches (executive, director) and one manager touch
            ('I1', 'C1', 'P1', '2025-04-10 10:00', 'meeting', 'us', true, 1, []),
            ('I2', 'C1', 'P2', '2025-05-10 10:00', 'call', 'client', null, 2, ['praise']),
            ('I3', 'C1', 'P3', '2025-06-10 10:00', 'email', 'us', true, 0, ['status_request']),
            -- 2025Q3: one DELT touch, two manager touches, one touch with no contact
            ('I4', 'C1', 'P2', '2025-07-01 09:00', 'qbr', 'us', true, 1, ['advance_notice']),
            ('I5', 'C1', 'P3', '2025-08-20 09:00', 'email', 'client', null, -1, ['complaint', 'escalation']),
            ('I6', 'C1', 'P3', '2025-09-30 23:00', 'call', 'us', false, null, []),
            ('I7', 'C1', null, '2025-09-15 12:00', 'support', 'client', null, null, ['complaint']),
            -- 2025Q4: after the quarter, never counted
            ('I8', 'C1', 'P4', '2025-10-02 09:00', 'meeting', 'us', true, 1, []),
            -- the other client, same days
            ('I9', 'C2', 'P9', '2025-07-01 09:00', 'qbr', 'us', true, 1, ['complaint'])
        """)
        cur.execute("""
            insert into deals (deal_id, client_id, title, status, amount, currency, amount_base,
                               created_on, closed_on) values
            ('D1', 'C1', 'Renewal', 'won', 1000, 'EUR', 1000, '2025-07-01', '2025-08-01'),
            ('D2', 'C1', 'Module', 'won', 500, 'EUR', 500, '2025-04-01', '2025-05-01'),
            ('D3', 'C1', 'Lost bid', 'lost', 9999, 'EUR', 9999, '2025-07-01', '2025-08-01'),
            ('D4', 'C1', 'Open bid', 'open', 7777, 'EUR', 7777, '2025-09-01', null),
            ('D9', 'C2', 'Other', 'won', 100000, 'EUR', 100000, '2025-07-01', '2025-08-01')
        """)
        cur.execute("""
            insert into service_costs (cost_id, client_id, day, hours, cost, category) values
            ('K1', 'C1', '2025-07-10', 2, 100, 'support'),
            ('K2', 'C1', '2025-09-30', 1, 50, 'rework'),
            ('K3', 'C1', '2025-05-10', 0.5, 30, 'free_scope'),
            ('K9', 'C2', '2025-07-10', 10, 5000, 'support')
        """)
    return db.cursor()


def test_the_client_card_names_the_client_and_its_account_manager(con):
    card = cp.client_card(con, "C1")
    assert card["name"] == "Amber Logistics S.A."
    assert card["account_manager"] == "Alicja Nowicka"
    assert card["segment"] == "Enterprise"


def test_an_unknown_client_id_says_so_by_name(con):
    with pytest.raises(UnknownClient, match='No client with id "C404"'):
        cp.client_card(con, "C404")


def test_contacts_list_the_people_still_there_by_seniority_then_who_left(con):
    contacts = cp.client_contacts(con, "C1", Q)
    assert contacts["contact_id"].tolist() == ["P1", "P3", "P2"]  # P4 joins after the quarter
    assert contacts["has_left"].tolist() == [False, False, True]
    assert contacts["count_touches_quarter"].tolist() == [0, 2, 1]
    assert contacts["count_touches_4q"].tolist() == [1, 3, 2]


def test_the_champion_and_who_has_left_come_from_the_contacts(con):
    contacts = cp.client_contacts(con, "C1", Q)
    assert cp.champions(contacts)["name"].tolist() == ["Tom Nowak"]
    assert cp.who_has_left(contacts)["name"].tolist() == ["Tom Nowak"]


def test_a_contact_who_leaves_after_the_quarter_has_not_left_yet(con):
    contacts = cp.client_contacts(con, "C1", "2025Q2")
    assert not contacts["has_left"].any()


def test_touches_by_level_count_every_level_in_every_quarter(con):
    touches = cp.touches_by_level(con, "C1", Q, quarters=2)
    table = touches.pivot_table(index="level", columns="quarter", values="count_touches", fill_value=0)
    assert table.to_dict() == {
        "2025Q2": {"director": 1, "executive": 1, "manager": 1, "staff": 0, "unknown": 0},
        "2025Q3": {"director": 1, "executive": 0, "manager": 2, "staff": 0, "unknown": 1},
    }


def test_the_unknown_level_only_shows_in_quarters_with_unattributed_touches(con):
    touches = cp.touches_by_level(con, "C1", "2025Q2", quarters=1)
    assert sorted(touches["level"]) == ["director", "executive", "manager", "staff"]


def test_delt_counts_director_and_executive_touches_against_the_prior_four_quarters(con):
    delt = cp.delt_by_quarter(con, "C1", Q, quarters=2)
    assert delt["quarter"].tolist() == ["2025Q2", "2025Q3"]
    assert delt["count_delt"].tolist() == [2, 1]
    assert delt["count_touches"].tolist() == [3, 4]
    # 2025Q3's four prior quarters are 2024Q3..2025Q2: 0, 0, 0, 2
    assert delt["avg_delt_prior_4q"].tolist() == [0.0, 0.5]


def test_value_by_quarter_counts_won_deals_and_costs_only(con):
    value = cp.value_by_quarter(con, "C1", Q, quarters=3)
    assert value.drop(columns="margin_pct").to_dict("list") == {
        "quarter": ["2025Q1", "2025Q2", "2025Q3"],
        "revenue": [0.0, 500.0, 1000.0],
        "count_deals_won": [0, 1, 1],
        "cost_to_serve": [0.0, 30.0, 150.0],
        "hours": [0.0, 0.5, 3.0],
        "margin": [0.0, 470.0, 850.0],
    }
    assert value["margin_pct"].isna().tolist() == [True, False, False]
    assert value["margin_pct"].iloc[1:].tolist() == pytest.approx([0.94, 0.85])


def test_cost_by_category_fills_every_category_with_zero(con):
    costs = cp.cost_by_category(con, "C1", Q, quarters=1)
    assert dict(zip(costs["category"], costs["cost"], strict=True)) == {
        "free_scope": 0.0, "other": 0.0, "rework": 50.0, "support": 100.0,
    }


def test_the_timeline_is_newest_first_and_stops_at_the_quarter_end(con):
    timeline = cp.interaction_timeline(con, "C1", Q, quarters=2)
    assert timeline["interaction_id"].tolist() == ["I6", "I7", "I5", "I4", "I3", "I2", "I1"]
    assert timeline.loc[timeline["interaction_id"] == "I4", "contact_name"].item() == "Tom Nowak"
    assert pd.isna(timeline.loc[timeline["interaction_id"] == "I7", "contact_name"].item())


def test_the_timeline_filters_by_channel_and_by_any_of_the_tags(con):
    by_channel = cp.interaction_timeline(con, "C1", Q, channels=["email", "call"], quarters=2)
    assert by_channel["interaction_id"].tolist() == ["I6", "I5", "I3", "I2"]
    by_tag = cp.interaction_timeline(con, "C1", Q, tags=["complaint", "praise"], quarters=2)
    assert by_tag["interaction_id"].tolist() == ["I7", "I5", "I2"]
    both = cp.interaction_timeline(con, "C1", Q, channels=["email"], tags=["complaint"], quarters=2)
    assert both["interaction_id"].tolist() == ["I5"]


def test_a_client_without_reviews_has_empty_review_and_action_tables(con):
    assert cp.client_reviews(con, "C1", AS_OF).empty
    assert cp.client_actions(con, "C1", AS_OF).empty


def test_reviews_count_their_actions_and_flag_the_overdue_ones(db, con):
    with db.write() as cur:
        cur.execute("""
            insert into reviews (review_id, client_id, quarter, reviewer, held_on, summary) values
            ('R1', 'C1', '2025Q2', 'Alicja Nowicka', '2025-07-05', 'Rebuild executive access'),
            ('R2', 'C1', '2025Q3', 'Alicja Nowicka', '2025-10-05', 'Find a new champion')
        """)
        cur.execute("""
            insert into actions (action_id, review_id, client_id, addresses, description, owner, due_on, status)
            values
            ('A1', 'R1', 'C1', 'high_wide', 'Meet the CEO', 'Alicja', '2025-09-01', 'done'),
            ('A2', 'R1', 'C1', 'dialogue', 'Run a feedback session', 'Bartosz', '2025-09-15', 'partial'),
            ('A3', 'R2', 'C1', 'high_wide', 'Map the stakeholders', 'Alicja', '2025-10-01', 'planned'),
            ('A4', 'R2', 'C1', 'trust', 'Fix the invoices', 'Celina', '2025-12-01', 'in_progress')
        """)
    reviews = cp.client_reviews(con, "C1", AS_OF)
    assert reviews["review_id"].tolist() == ["R2", "R1"]
    assert reviews[["count_actions", "count_done", "count_partial", "count_open", "count_overdue"]].values.tolist() == [
        [2, 0, 0, 2, 1],
        [2, 1, 1, 0, 0],
    ]
    actions = cp.client_actions(con, "C1", AS_OF)
    assert actions["action_id"].tolist() == ["A3", "A4", "A2", "A1"]
    assert actions["is_overdue"].tolist() == [True, False, False, False]
    assert actions["review_quarter"].tolist() == ["2025Q3", "2025Q3", "2025Q2", "2025Q2"]


def test_a_window_needs_at_least_one_quarter(con):
    with pytest.raises(ValueError):
        cp.value_by_quarter(con, "C1", Q, quarters=0)
