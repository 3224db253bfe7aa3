"""Sign-in and roles in the app, under AppTest (issue 18): what each person sees.

`[auth]` in the app's secrets turns sign-in on; AppTest.user plays the identity the
provider returned. The team is added to a copy of the demo with the same function the
`users` command and the Team page call. The browser test with a real OpenID Connect
provider is tests/test_browser_sign_in.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from analytics.access import add_user
from analytics.db import open_database

TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-the-tests-only-0123456789",
    "client_id": "continuum", "client_secret": "secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


@pytest.fixture(scope="module")
def team(tmp_path_factory, demo_db_file):
    """A demo copy with a head of sales, one account manager and a viewer."""
    import shutil

    path = tmp_path_factory.mktemp("team") / "team.duckdb"
    shutil.copy2(demo_db_file, path)
    db = open_database(path)
    cur = db.cursor()
    rows = cur.execute("select client_id, account_manager from clients order by client_id").fetchall()
    manager = rows[0][1]
    own = sorted(c for c, m in rows if m == manager)
    other = sorted(c for c, m in rows if m != manager)
    add_user(db, "head@firm.pl", "head-of-sales")
    add_user(db, "am@firm.pl", "account-manager", manager)
    add_user(db, "viewer@firm.pl", "viewer")
    db.close()
    return {"path": path, "manager": manager, "own": own, "other": other}


@pytest.fixture(autouse=True)
def team_env(team, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(team["path"]))


def run(file: str, email: str | None, **params) -> AppTest:
    app = AppTest.from_file(str(ROOT / file), default_timeout=TIMEOUT)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "email": email, "name": email} if email else {"is_logged_in": False}
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def texts(app: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "title") for e in getattr(app, kind)]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes of plain()


def clients_table(app: AppTest):
    return next(d.value for d in app.dataframe if "client_id" in d.value.columns)


def test_without_a_signed_in_person_the_app_shows_the_sign_in_screen_and_no_data():
    app = run("app.py", None)
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.dataframe and not app.metric


def test_a_person_not_on_the_team_list_is_told_whom_to_ask():
    app = run("app.py", "stranger@else.com")
    assert not app.exception
    assert "stranger@else.com is signed in but not on this team's list" in texts(app).replace("\\", "")
    assert not app.dataframe and not app.metric
    assert "Sign out" in [b.label for b in app.button]


def test_a_sign_in_whose_provider_sent_no_email_is_told_so_not_sent_round_again():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "name": "No Email"}
    app.run()
    assert not app.exception
    assert "your sign-in provider did not send an email address" in texts(app)
    assert [b.label for b in app.button] == ["Sign out"]
    assert not app.dataframe and not app.metric


def test_an_account_manager_sees_their_own_clients_and_the_portfolio_in_totals(team):
    app = run("pages/portfolio.py", "am@firm.pl")
    assert not app.exception
    assert len(clients_table(app)) == len(team["own"])
    assert f"Your clients: {len(team['own'])} of the portfolio's 60" in texts(app)
    assert "Signed in:" in texts(app)


def test_an_account_manager_cannot_open_another_managers_client(team):
    app = run("app.py", "am@firm.pl", client=team["other"][0])
    app.switch_page("pages/client.py").run()
    assert not app.exception
    assert "another account manager's portfolio" in texts(app)
    mine = run("pages/client.py", "am@firm.pl", client=team["own"][0])
    assert not mine.exception and not mine.error


def test_a_head_of_sales_sees_every_client_and_keeps_the_team_list():
    app = run("pages/portfolio.py", "head@firm.pl")
    assert not app.exception
    assert len(clients_table(app)) == 60
    team = run("pages/team.py", "head@firm.pl")
    assert not team.exception
    listed = team.dataframe[0].value
    assert listed["Email"].tolist() == ["head@firm.pl", "am@firm.pl", "viewer@firm.pl"]


def test_the_team_page_and_the_import_are_a_head_of_sales_own():
    for email in ("am@firm.pl", "viewer@firm.pl"):
        app = run("pages/team.py", email)
        assert not app.exception
        assert "The team list is kept by a head of sales." in texts(app)
        assert not app.dataframe


def test_a_head_adds_an_account_manager_on_the_team_page(team):
    app = run("pages/team.py", "head@firm.pl")
    app.text_input[0].set_value("New.Person@Firm.pl")
    app.selectbox[0].set_value("account_manager")
    app.selectbox[1].set_value(team["manager"])
    app.button[0].click().run()
    assert not app.exception
    listed = app.dataframe[0].value
    row = listed[listed["Email"] == "new.person@firm.pl"].iloc[0]
    assert (row["Role"], row["Manager name"], row["Added by"]) == ("Account manager", team["manager"], "head@firm.pl")


def test_a_server_on_the_network_without_sign_in_shows_no_data():
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        app = AppTest.from_file(str(ROOT / "pages/portfolio.py"), default_timeout=TIMEOUT).run()
    finally:
        config.set_option("server.address", before)
    assert not app.exception
    assert "reachable from the network but no sign-in is configured" in texts(app)
    assert not app.dataframe and not app.metric
