"""Reviews saved in DuckDB: one per client per quarter, rules with clear messages,
statuses that keep moving after a quarter closes, the strategy carried forward."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.errors import BadQuarter, UnknownClient
from analytics.review.store import (
    Action,
    InvestmentReasonRequired,
    Pulse,
    QuarterClosed,
    Review,
    ReviewError,
    StatusUpdate,
    UnknownAction,
    check_investment,
    close_quarter,
    follow_up_actions,
    is_quarter_closed,
    load_review,
    open_actions,
    previous_review,
    record_team_pulse,
    reopen_quarter,
    review_actions,
    save_review,
    team_pulse_for,
    update_action_status,
)
from analytics.review.strategy import (
    Strategy,
    contact_plan_check,
    delt_check,
    load_strategy,
    stakeholder_map,
    uncovered_levels,
)


@pytest.fixture
def book(db):
    """Two clients; Acme has four contacts (the staff one leaves in 2026Q3) and a few touches."""
    with db.write() as cur:
        cur.execute("""
            insert into clients (client_id, name, account_manager) values
                ('C1', 'Acme', 'Ala Nowak'),   -- the reviewed client
                ('C2', 'Borg', 'Jan Lis')      -- a client nobody reviews
        """)
        cur.execute("""
            insert into contacts values
                ('P1', 'C1', 'Eva Exec', 'CEO', 'executive', false, null, null, null),
                ('P2', 'C1', 'Dan Dir', 'IT Director', 'director', true, null, null, null),
                ('P3', 'C1', 'Mia Man', 'Project Manager', 'manager', false, null, null, null),
                ('P4', 'C1', 'Sam Staff', 'Analyst', 'staff', false, null, '2026-08-15', null)
        """)
        cur.execute("""
            insert into interactions (interaction_id, client_id, contact_id, occurred_at) values
                ('I1', 'C1', 'P2', '2026-05-02 10:00'),  -- 2026Q2: director
                ('I2', 'C1', 'P2', '2026-07-02 10:00'),  -- 2026Q3: director
                ('I3', 'C1', 'P3', '2026-07-03 10:00'),  -- 2026Q3: manager
                ('I4', 'C1', 'P3', '2026-08-03 10:00'),  -- 2026Q3: manager
                ('I5', 'C1', 'P4', '2026-07-04 10:00')   -- 2026Q3: staff, before leaving
        """)
    return db


def plan(*descriptions: str) -> list[Action]:
    return [Action(d, owner="Ala Nowak", due_on=dt.date(2026, 9, 30), addresses="high_wide") for d in descriptions]


def count(db, table: str) -> int:
    return db.cursor().execute(f"select count(*) from {table}").fetchone()[0]


def test_a_saved_review_reads_back_with_its_plan_in_the_written_order(book):
    review = Review("C1", "2026Q2", reviewer="Ala Nowak", held_on=dt.date(2026, 7, 3), what_works="Good delivery",
                    what_to_keep="Weekly call", successes="Go-live on time", what_slips="No CEO contact",
                    investment_level="invest_more", summary="Grow")
    saved = save_review(book, review, plan("Map stakeholders", "Meet the CEO"))
    assert saved.created and saved.review_id == "R-C1-2026Q2"
    loaded = load_review(book.cursor(), "C1", "2026Q2")
    assert (loaded.reviewer, loaded.held_on, loaded.what_works, loaded.successes, loaded.investment_level) == (
        "Ala Nowak", dt.date(2026, 7, 3), "Good delivery", "Go-live on time", "invest_more")
    assert [a.description for a in review_actions(book.cursor(), "C1", "2026Q2")] == ["Map stakeholders", "Meet the CEO"]


def test_saving_twice_updates_the_one_review_and_keeps_action_ids(book):
    first = save_review(book, Review("C1", "2026Q2", what_works="v1"), plan("Map stakeholders", "Meet the CEO"))
    kept = review_actions(book.cursor(), "C1", "2026Q2")
    kept[0].description = "Map stakeholders at every level"
    second = save_review(book, Review("C1", "2026Q2", what_works="v2"), [kept[0], *plan("Survey")])
    assert count(book, "reviews") == 1 and not second.created
    assert load_review(book.cursor(), "C1", "2026Q2").what_works == "v2"
    actions = review_actions(book.cursor(), "C1", "2026Q2")
    assert [a.description for a in actions] == ["Map stakeholders at every level", "Survey"]
    assert actions[0].action_id == first.action_ids[0]  # kept its id; "Meet the CEO" was deleted
    assert count(book, "actions") == 2


def test_empty_rows_from_the_table_editor_are_ignored(book):
    save_review(book, Review("C1", "2026Q2"), [*plan("Map stakeholders"), Action("")])
    assert count(book, "actions") == 1


@pytest.mark.parametrize(
    "action, message",
    [
        (Action("", owner="Ala"), "Action 1 has no description: write what will be done, or delete the row."),
        (Action("Meet the CEO"), 'Action 1 ("Meet the CEO") has no owner: name the person who will do it.'),
        (Action("Meet the CEO", owner="Ala", status="dropped"), 'Action 1 ("Meet the CEO") has the unknown status "dropped".'),
    ],
)
def test_an_action_without_what_or_who_is_refused_with_a_message(book, action, message):
    with pytest.raises(ReviewError) as caught:
        save_review(book, Review("C1", "2026Q2"), [action])
    assert str(caught.value) == message
    assert count(book, "reviews") == 0  # nothing half-written


def test_lowering_the_investment_without_a_reason_is_refused_with_a_clear_message(book):
    with pytest.raises(InvestmentReasonRequired) as caught:
        save_review(book, Review("C1", "2026Q2", investment_level="reduce_investment", investment_reason="  "), [])
    assert str(caught.value) == (
        '"Reduce investment" lowers what we invest in this client, so it needs a reason. Write the reason for '
        "the investment level (what we saw, and what would bring it back up) and save again."
    )
    saved = save_review(book, Review("C1", "2026Q2", investment_level="reduce_investment",
                                     investment_reason="Margin below zero for a year"), [])
    assert load_review(book.cursor(), "C1", "2026Q2").investment_reason == "Margin below zero for a year"
    assert saved.created


@pytest.mark.parametrize(
    "level, previous, needs_reason",
    [
        ("invest_more", None, False),
        ("maintain", None, False),
        ("maintain", "maintain", False),
        ("invest_more", "maintain", False),
        ("maintain", "invest_more", True),  # a step down from the last review
        ("change_service_model", None, True),
        ("change_service_model", "reduce_investment", True),  # below maintain: always a reason
        ("reduce_investment", "reduce_investment", True),
    ],
)
def test_a_reason_is_needed_exactly_when_the_investment_goes_down(level, previous, needs_reason):
    if needs_reason:
        with pytest.raises(InvestmentReasonRequired):
            check_investment(level, "", previous)
    else:
        check_investment(level, "", previous)
    check_investment(level, "because", previous)  # with a reason every level is fine


def test_a_step_down_from_the_last_review_names_both_levels(book):
    save_review(book, Review("C1", "2026Q2", investment_level="invest_more"), [])
    with pytest.raises(InvestmentReasonRequired) as caught:
        save_review(book, Review("C1", "2026Q3", investment_level="maintain"), [])
    assert str(caught.value).startswith('"Maintain" is a step down from "Invest more" at the last review, so it needs a reason.')


def test_there_is_no_investment_level_that_drops_the_client(book):
    with pytest.raises(ReviewError) as caught:
        save_review(book, Review("C1", "2026Q2", investment_level="drop", investment_reason="x"), [])
    assert str(caught.value) == (
        '"drop" is not an investment level; choose one of: Invest more, Maintain, Change service model, Reduce investment.'
    )


def test_an_unknown_client_or_quarter_is_refused(book):
    with pytest.raises(UnknownClient):
        save_review(book, Review("C9", "2026Q2"), [])
    with pytest.raises(BadQuarter):
        save_review(book, Review("C1", "2026Q5"), [])
    save_review(book, Review("C1", "2026q2"), [])  # written loosely, stored canonically
    assert load_review(book.cursor(), "C1", "2026-Q2").quarter == "2026Q2"


def test_a_closed_quarter_refuses_edits_but_statuses_still_move(book):
    saved = save_review(book, Review("C1", "2026Q2"), plan("Meet the CEO"))
    close_quarter(book, "2026Q2")
    close_quarter(book, "2026Q2")  # twice is harmless
    assert is_quarter_closed(book.cursor(), "2026Q2")
    with pytest.raises(QuarterClosed) as caught:
        save_review(book, Review("C1", "2026Q2", what_works="late edit"), [])
    assert "Quarter 2026Q2 is closed" in str(caught.value) and "reopen the quarter" in str(caught.value)
    update_action_status(book, saved.action_ids[0], "partial", "Met the CFO instead")
    assert review_actions(book.cursor(), "C1", "2026Q2")[0].status == "partial"
    reopen_quarter(book, "2026Q2")
    save_review(book, Review("C1", "2026Q2", what_works="corrected"), review_actions(book.cursor(), "C1", "2026Q2"))
    assert load_review(book.cursor(), "C1", "2026Q2").what_works == "corrected"


def test_updating_a_status_checks_the_status_and_the_action(book):
    saved = save_review(book, Review("C1", "2026Q2"), plan("Meet the CEO"))
    with pytest.raises(UnknownAction):
        update_action_status(book, "A-nope", "done")
    with pytest.raises(ReviewError, match='"finished" is not an action status'):
        update_action_status(book, saved.action_ids[0], "finished")
    update_action_status(book, saved.action_ids[0], "done", "  Held on 3 Sept  ")
    action = review_actions(book.cursor(), "C1", "2026Q2")[0]
    assert (action.status, action.outcome) == ("done", "Held on 3 Sept")


def test_next_quarters_review_follows_up_the_previous_plan_and_older_open_actions(book):
    save_review(book, Review("C1", "2026Q1"), plan("Old and open", "Old and done"))
    old = review_actions(book.cursor(), "C1", "2026Q1")
    update_action_status(book, old[1].action_id, "done")
    save_review(book, Review("C1", "2026Q2"), plan("Meet the CEO", "Survey"))
    follow = follow_up_actions(book.cursor(), "C1", "2026Q3")
    assert [(a.description, a.review_quarter) for a in follow] == [
        ("Meet the CEO", "2026Q2"), ("Survey", "2026Q2"), ("Old and open", "2026Q1"),
    ]
    assert previous_review(book.cursor(), "C1", "2026Q3").quarter == "2026Q2"
    assert follow_up_actions(book.cursor(), "C1", "2026Q1") == []  # the first review follows nothing up


def test_status_updates_in_step_six_are_saved_with_the_review(book):
    save_review(book, Review("C1", "2026Q2"), plan("Meet the CEO", "Survey"))
    meet, survey = review_actions(book.cursor(), "C1", "2026Q2")
    save_review(book, Review("C1", "2026Q3"), [], follow_up={
        meet.action_id: StatusUpdate("partial", "Met the COO"), survey.action_id: StatusUpdate("not_done", ""),
    })
    after = {a.description: (a.status, a.outcome) for a in review_actions(book.cursor(), "C1", "2026Q2")}
    assert after == {"Meet the CEO": ("partial", "Met the COO"), "Survey": ("not_done", "")}


def test_open_actions_are_the_planned_and_in_progress_ones_earliest_due_first(book):
    save_review(book, Review("C1", "2026Q2"), [
        Action("Later", owner="Ala", due_on=dt.date(2026, 9, 1)),
        Action("Sooner", owner="Ala", due_on=dt.date(2026, 8, 1), status="in_progress"),
        Action("Finished", owner="Ala", due_on=dt.date(2026, 7, 1), status="done"),
    ])
    assert open_actions(book.cursor(), "C1")["description"].tolist() == ["Sooner", "Later"]


def test_the_review_records_the_team_pulse_and_the_client_page_can_too(book):
    save_review(book, Review("C1", "2026Q2"), [], pulse=Pulse(2, "Worn out by late requests"))
    pulse = team_pulse_for(book.cursor(), "C1", "2026Q2")
    assert (pulse.morale, pulse.note, pulse.account_manager) == (2, "Worn out by late requests", "Ala Nowak")
    record_team_pulse(book, "C1", "2026Q2", 4, "Better after the annex")
    assert team_pulse_for(book.cursor(), "C1", "2026Q2").morale == 4
    assert count(book, "team_pulse") == 1
    with pytest.raises(ReviewError, match="scale of 1 to 5, not 6"):
        record_team_pulse(book, "C1", "2026Q2", 6)


def test_the_strategy_is_carried_forward_until_a_review_saves_its_own(book):
    strategy = Strategy(goals="Renew for three years", risks="CEO unknown", proactive_actions="Benchmark",
                        roles={"P1": ("decision_maker", ""), "P2": ("champion", "Backs us")},
                        contact_plan={"executive": 1, "director": 3, "manager": 4, "staff": 0})
    save_review(book, Review("C1", "2026Q2"), [], strategy=strategy)
    carried = load_strategy(book.cursor(), "C1", "2026Q3")
    assert carried.carried_from == "2026Q2" and carried.goals == "Renew for three years"
    assert carried.roles == {"P1": ("decision_maker", ""), "P2": ("champion", "Backs us")}
    assert carried.delt_target() == 4
    save_review(book, Review("C1", "2026Q3"), [], strategy=Strategy(goals="Renewed; now expand"))
    own = load_strategy(book.cursor(), "C1", "2026Q3")
    assert (own.carried_from, own.goals, own.roles, own.contact_plan) == (None, "Renewed; now expand", {}, {})
    assert load_strategy(book.cursor(), "C1", "2026Q2").goals == "Renew for three years"  # history kept
    assert load_strategy(book.cursor(), "C1", "2026Q1").is_empty()


def test_an_unknown_stakeholder_role_is_refused(book):
    with pytest.raises(ReviewError, match='"enemy" is not a stakeholder role'):
        save_review(book, Review("C1", "2026Q2"), [], strategy=Strategy(roles={"P1": ("enemy", "")}))


def test_the_stakeholder_map_counts_touches_and_shows_who_has_no_relationship_yet(book):
    save_review(book, Review("C1", "2026Q2"), [], strategy=Strategy(roles={"P2": ("champion", "")}))
    people = stakeholder_map(book.cursor(), "C1", "2026Q3")
    people["role"] = people["role"].fillna("")
    assert people[["contact_id", "role", "count_touches_quarter", "count_touches_4q", "is_without_relationship",
                   "has_left"]].values.tolist() == [
        ["P1", "", 0, 0, True, False],       # the CEO: no relationship yet
        ["P2", "champion", 1, 2, False, False],
        ["P3", "", 2, 2, False, False],
        ["P4", "", 1, 1, False, True],       # left during the quarter: listed last
    ]
    assert uncovered_levels(people) == ["executive", "staff"]


def test_the_contact_plan_sets_the_delt_target_the_next_review_checks(book):
    save_review(book, Review("C1", "2026Q2"), [], strategy=Strategy(
        contact_plan={"executive": 2, "director": 3, "manager": 1, "staff": 0}))
    check = contact_plan_check(book.cursor(), "C1", "2026Q3")
    assert check[["level", "planned_in_quarter", "planned_touches", "actual_touches"]].values.tolist() == [
        ["executive", "2026Q2", 2, 0],
        ["director", "2026Q2", 3, 1],
        ["manager", "2026Q2", 1, 2],
        ["staff", "2026Q2", 0, 1],
    ]
    assert delt_check(check) == (5, 1)
    assert delt_check(contact_plan_check(book.cursor(), "C1", "2026Q2")) is None  # nobody planned 2026Q2
