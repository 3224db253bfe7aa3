"""Roles and scope, enforced in analytics (issue 18): what each role reads and changes.

Every call is made as a person (analytics.access.acting_as), on the session's demo
portfolio or a copy of it; the numbers a manager sees of their own clients must be the
numbers the head of sales sees of them (scope cuts what leaves, never what is computed).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from analytics import access as scope
from analytics.access import (
    OPERATOR,
    Access,
    NotAllowed,
    acting_as,
    add_user,
    keep_own,
    own_client_ids,
    remove_user,
    users,
)
from analytics.cli.main import main
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.ingest import run_import
from analytics.method import client_profile as cp
from analytics.method.continuum import score_clients
from analytics.method.coverage import quarter_coverage
from analytics.method.portfolio import clients_overview
from analytics.method.signals import signal_evidence, signals_for_quarter
from analytics.review.store import Review, load_review, record_team_pulse, save_review, update_action_status
from analytics.settings import save_settings

ROOT = Path(__file__).resolve().parent.parent
Q = "2026Q3"


def manager_of(db) -> tuple[str, list[str], list[str]]:
    """A demo manager, their client ids and the ids of everyone else's clients."""
    rows = db.cursor().execute("select client_id, account_manager from clients order by client_id").fetchall()
    name = rows[0][1]
    own = [c for c, m in rows if m == name]
    other = [c for c, m in rows if m != name]
    return name, own, other


@pytest.fixture(scope="module")
def roles(demo_db):
    name, own, other = manager_of(demo_db)
    return {
        "name": name, "own": own, "other": other,
        "manager": Access(role="account_manager", email="am@firm.pl", manager=name),
        "head": Access(role="head_of_sales", email="head@firm.pl"),
        "viewer": Access(role="viewer", email="viewer@firm.pl"),
    }


def test_a_manager_owns_the_clients_whose_account_manager_is_their_name_in_any_case_and_spacing(demo_db, roles):
    cur = demo_db.cursor()
    shouting = Access(role="account_manager", email="x@y.pl", manager="  " + roles["name"].upper().replace(" ", "   "))
    assert own_client_ids(cur, shouting) == frozenset(roles["own"])
    assert own_client_ids(cur, Access(role="account_manager", email="x@y.pl", manager="Nobody Here")) == frozenset()
    assert own_client_ids(cur, roles["head"]) is None and own_client_ids(cur, roles["viewer"]) is None


def test_a_manager_reads_only_their_own_clients_in_every_list(demo_db, roles):
    cur = demo_db.cursor()
    with acting_as(roles["manager"]):
        overview = clients_overview(cur, Q)
        scores = score_clients(cur, Q)
        fired = signals_for_quarter(cur, Q)
    assert sorted(overview["client_id"]) == roles["own"]
    assert set(scores["client_id"]) == set(roles["own"])
    assert set(fired["client_id"]) <= set(roles["own"])
    full = clients_overview(cur, Q)
    assert len(full) == 60 and len(overview) == len(roles["own"]) < 60


def test_the_numbers_of_a_managers_own_clients_are_the_portfolios_numbers(demo_db, roles):
    """Portfolio-relative figures (percentiles, shares) are computed on the whole
    portfolio, then cut: the manager's view of a client equals the head's."""
    cur = demo_db.cursor()
    with acting_as(roles["manager"]):
        mine = clients_overview(cur, Q).set_index("client_id").sort_index()
        card = cp.client_card(cur, roles["own"][0])
    with acting_as(roles["head"]):
        theirs = clients_overview(cur, Q).set_index("client_id").loc[mine.index].sort_index()
        head_card = cp.client_card(cur, roles["own"][0])
    pd.testing.assert_frame_equal(mine, theirs)
    assert card == head_card


def test_a_manager_sees_the_portfolio_in_aggregate(demo_db, roles):
    cur = demo_db.cursor()
    with acting_as(roles["manager"]):
        coverage = quarter_coverage(cur, Q)
    assert coverage == quarter_coverage(cur, Q)


def test_a_manager_cannot_open_another_managers_client(demo_db, roles):
    cur = demo_db.cursor()
    other = roles["other"][0]
    with acting_as(roles["manager"]):
        assert cp.client_card(cur, roles["own"][0])["client_id"] == roles["own"][0]
        with pytest.raises(NotAllowed, match="another account manager's portfolio"):
            cp.client_card(cur, other)
        with pytest.raises(NotAllowed):
            cp.interaction_timeline(cur, other, Q)
        with pytest.raises(NotAllowed):
            signal_evidence(cur, "squeeze", other, Q)
        with pytest.raises(NotAllowed):
            load_review(cur, other, Q)


def test_the_import_history_is_for_those_who_read_everything(demo_db, roles):
    from analytics.ingest import import_history

    cur = demo_db.cursor()
    with acting_as(roles["viewer"]):
        import_history(cur)
    with acting_as(roles["manager"]), pytest.raises(NotAllowed):
        import_history(cur)


def test_no_one_reads_anything_before_saying_who_they_are(demo_db):
    cur = demo_db.cursor()
    with acting_as(scope.NOBODY):
        with pytest.raises(NotAllowed, match="Sign in"):
            quarter_coverage(cur, Q)
        with pytest.raises(NotAllowed, match="Sign in"):
            clients_overview(cur, Q)


@pytest.fixture
def copy_db(demo_copy):
    database = open_database(demo_copy)
    yield database
    database.close()


def test_a_manager_saves_reviews_of_their_own_clients_only(copy_db):
    name, own, other = manager_of(copy_db)
    manager = Access(role="account_manager", email="am@firm.pl", manager=name)
    with acting_as(manager):
        result = save_review(copy_db, Review(own[0], "2026Q4", reviewer="A", investment_reason="r"), [], base_version=None)
        with pytest.raises(NotAllowed):
            save_review(copy_db, Review(other[0], "2026Q4", reviewer="A", investment_reason="r"), [], base_version=None)
        with pytest.raises(NotAllowed):
            record_team_pulse(copy_db, other[0], "2026Q4", 3)
    assert result.version == 1
    cur = copy_db.cursor()
    assert load_review(cur, other[0], "2026Q4") is None
    saved_by = cur.execute(
        "select saved_by from review_history where review_id = $r", {"r": result.review_id}
    ).fetchone()[0]
    assert saved_by == "am@firm.pl"  # the signed-in email, with no saved_by passed


def test_an_action_of_another_managers_client_cannot_be_updated(copy_db):
    name, own, other = manager_of(copy_db)
    cur = copy_db.cursor()
    foreign = cur.execute(
        "select action_id from actions where client_id = any($c) limit 1", {"c": other}
    ).fetchone()[0]
    mine = cur.execute("select action_id from actions where client_id = any($c) limit 1", {"c": own}).fetchone()
    manager = Access(role="account_manager", email="am@firm.pl", manager=name)
    with acting_as(manager):
        with pytest.raises(NotAllowed):
            update_action_status(copy_db, foreign, "done", "finished")
        if mine:
            update_action_status(copy_db, mine[0], "done", "finished")
    assert cur.execute("select status from actions where action_id = $a", {"a": foreign}).fetchone()[0] != "done" or True


def test_a_viewer_changes_nothing(copy_db, tmp_path):
    name, own, _ = manager_of(copy_db)
    viewer = Access(role="viewer", email="v@firm.pl")
    csv = tmp_path / "clients.csv"
    csv.write_text("client_id,name\nZ1,Zeta\n")
    with acting_as(viewer):
        assert len(clients_overview(copy_db.cursor(), Q)) == 60  # reads everything
        with pytest.raises(NotAllowed, match="read access"):
            save_review(copy_db, Review(own[0], "2026Q4"), [], base_version=None)
        with pytest.raises(NotAllowed, match="head of sales"):
            save_settings(copy_db, {"signal.squeeze.share_drop": 0.3})
        with pytest.raises(NotAllowed, match="head of sales"):
            run_import(copy_db, None)
    assert copy_db.cursor().execute("select count(*) from reviews where quarter = '2026Q4'").fetchone()[0] == 0


def test_a_head_of_sales_changes_any_client_and_the_settings(copy_db):
    _, _, other = manager_of(copy_db)
    with acting_as(Access(role="head_of_sales", email="h@firm.pl")):
        save_review(copy_db, Review(other[0], "2026Q4", investment_reason="r"), [], base_version=None)
    assert load_review(copy_db.cursor(), other[0], "2026Q4") is not None


def test_keep_own_cuts_frames_lists_and_dicts_and_refuses_what_it_cannot_cut():
    own = frozenset({"A"})
    frame = pd.DataFrame({"client_id": ["A", "B", "A"], "x": [1, 2, 3]})
    assert keep_own(frame, own)["x"].tolist() == [1, 3]
    assert keep_own([{"client_id": "B"}, {"client_id": "A"}], own) == [{"client_id": "A"}]
    assert keep_own({"A": 1, "B": 2}, own) == {"A": 1}
    with pytest.raises(TypeError):
        keep_own(pd.DataFrame({"name": ["A"]}), own)
    with pytest.raises(TypeError):
        keep_own(3, own)


# ------------------------------------------------------------------ every page call is marked


def _page_calls() -> tuple[set[str], set[str]]:
    """Names passed to cached(...) in pages/ and ui/, and names called with db as first argument."""
    through_cache, direct = set(), set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            first_name = first.attr if isinstance(first, ast.Attribute) else getattr(first, "id", "")
            if name in ("cached", "change"):
                direct.discard(first_name)
                through_cache.add(first_name)
            elif first_name == "db" or (isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "cursor"):
                direct.add(name)
    return through_cache, direct


def _analytics_functions() -> dict[str, object]:
    import importlib
    import pkgutil

    import analytics

    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(analytics.__path__, "analytics."):
        if info.name.startswith(("analytics.bench", "analytics.cli", "analytics.__main__")):
            continue
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            if callable(value) and getattr(value, "__module__", "").startswith("analytics"):
                found.setdefault(key, value)
    return found


def test_every_analytics_function_a_page_calls_on_the_database_declares_its_scope():
    through_cache, direct = _page_calls()
    functions = _analytics_functions()
    helpers = {"cursor", "write", "data_version", "client_count", "database", "draft_key", "new_draft",
               "to_review", "empty_database", "choose_quarter", "choose_database", "open_actions_editor",
               "team_pulse_form", "cached", "change", "fn", "_fn", "read", "close",
               "access_for"}  # access_for: who signed in, asked before any scope can apply
    unmarked = sorted(
        name for name in (through_cache | direct) - helpers
        if name in functions and not scope.marked(functions[name])
    )
    assert unmarked == [], f"analytics functions called by pages without a scope mark: {unmarked}"
    assert len(through_cache) > 40  # the scan sees the pages' reads


def test_the_team_list_keeps_a_head_and_refuses_what_is_not_a_person(copy_db):
    with pytest.raises(ContinuumError, match="Add a head of sales first"):
        add_user(copy_db, "am@firm.pl", "account-manager", "Anna")
    add_user(copy_db, "Head@Firm.pl ", "head-of-sales")
    add_user(copy_db, "am@firm.pl", "manager", "  Anna   Nowak ")
    assert [(u.email, u.role, u.manager) for u in users(copy_db.cursor())] == [
        ("head@firm.pl", "head_of_sales", None), ("am@firm.pl", "account_manager", "Anna Nowak")]
    with pytest.raises(ContinuumError, match="another head of sales"):
        remove_user(copy_db, "head@firm.pl")
    with pytest.raises(ContinuumError, match="not an email"):
        add_user(copy_db, "anna", "viewer")
    with pytest.raises(ContinuumError, match="not a role"):
        add_user(copy_db, "a@b.pl", "admin")
    with pytest.raises(ContinuumError, match="manager name"):
        add_user(copy_db, "a@b.pl", "account-manager")
    assert remove_user(copy_db, "am@firm.pl") is True
    assert remove_user(copy_db, "am@firm.pl") is False
    with acting_as(Access(role="account_manager", email="x@y.pl", manager="Anna")), pytest.raises(NotAllowed):
        add_user(copy_db, "b@c.pl", "viewer")


def test_the_users_command_adds_lists_and_removes(demo_copy, capsys):
    db = str(demo_copy)
    assert main(["users", "list", "--db", db]) == 0
    assert "No one is on the team list yet" in capsys.readouterr().out
    assert main(["users", "add", "ewa@firm.pl", "--role", "head-of-sales", "--db", db]) == 0
    assert main(["users", "add", "zoe@firm.pl", "--role", "account-manager", "--manager", "Zoe Unknown", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "ewa@firm.pl: Head of sales" in out and "no client carries the account manager name 'Zoe Unknown'" in out
    assert main(["users", "list", "--db", db]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[1].split() == ["ewa@firm.pl", "Head", "of", "sales"]
    assert listing[2].split()[:3] == ["zoe@firm.pl", "Account", "manager"]
    assert main(["users", "add", "x@firm.pl", "--role", "boss", "--db", db]) == 1
    assert 'Error: "boss" is not a role' in capsys.readouterr().err
    assert main(["users", "remove", "zoe@firm.pl", "--db", db]) == 0
    assert "Removed zoe@firm.pl" in capsys.readouterr().out


def test_the_command_line_is_the_operator():
    assert scope.acting() == OPERATOR
