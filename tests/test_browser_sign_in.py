"""Sign-in end to end: a real OpenID Connect provider, `streamlit run`, and Chromium.

The provider is panva's oidc-provider (tests/oidc/provider.mjs, on Node) on localhost;
its development login accepts any email, so the test signs in as each member of the
team it added to a copy of the demo, through the provider's own login and consent
forms, st.login's redirect and the callback. The app finds the `[auth]` settings in
~/.streamlit/secrets.toml of a HOME made for the test, as an operator would write them
(docs/deploy.md). What each person then sees is the point: an account manager their
own clients only and another's refused, a head of sales everything and the Team page,
someone not on the team nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from analytics.access import add_user
from analytics.db import open_database
from tests.browser import ROOT, SCREENSHOTS, free_port, launch_chromium, require_chromium

OIDC = ROOT / "tests" / "oidc"
MANAGER_EMAIL, HEAD_EMAIL, STRANGER_EMAIL = "anna@firm.test", "ewa@firm.test", "guest@elsewhere.test"


def require_node() -> str:
    """Node runs the provider; like Chromium it is required in CI and skipped elsewhere."""
    node = shutil.which("node")
    if node and shutil.which("npm"):
        return node
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI must run the sign-in browser test but node/npm are missing (apt-get install nodejs npm)")
    pytest.skip("node and npm are not installed (apt-get install -y nodejs npm)")


def install_provider() -> None:
    """`npm ci` from the lock file on first use (.ci/run does it up front)."""
    if (OIDC / "node_modules" / "oidc-provider").is_dir():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(OIDC)], check=True,
                   stdout=subprocess.DEVNULL, timeout=300)


def wait_until_up(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within 90 s")


@dataclass
class TeamServer:
    url: str
    own: list[str]
    other: list[str]
    names: dict[str, str]
    clients: int


@pytest.fixture(scope="module")
def team_server(tmp_path_factory, demo_db_file) -> Iterator[TeamServer]:
    node = require_node()
    require_chromium()
    install_provider()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    folder = tmp_path_factory.mktemp("sign-in")
    db_path = folder / "team.duckdb"
    shutil.copy2(demo_db_file, db_path)
    db = open_database(db_path)
    rows = db.cursor().execute("select client_id, account_manager, name from clients order by client_id").fetchall()
    manager = rows[0][1]
    add_user(db, HEAD_EMAIL, "head-of-sales")
    add_user(db, MANAGER_EMAIL, "account-manager", manager)
    db.close()

    app_port, oidc_port = free_port(), free_port()
    redirect = f"http://localhost:{app_port}/oauth2callback"
    home = folder / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect}"\n'
        'cookie_secret = "a-long-random-cookie-secret-for-this-test-only"\n'
        'client_id = "continuum"\n'
        'client_secret = "continuum-test-secret"\n'
        f'server_metadata_url = "http://localhost:{oidc_port}/.well-known/openid-configuration"\n'
        'client_kwargs = { prompt = "login" }\n'
    )
    logs = [open(SCREENSHOTS.parent / f"{name}-{app_port}.log", "w") for name in ("oidc", "streamlit-sign-in")]  # noqa: SIM115
    provider = subprocess.Popen(
        [node, str(OIDC / "provider.mjs")], cwd=OIDC, stdout=logs[0], stderr=subprocess.STDOUT,
        env=dict(os.environ, OIDC_PORT=str(oidc_port), OIDC_REDIRECT_URI=redirect),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(app_port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=logs[1], stderr=subprocess.STDOUT,
        env=dict(os.environ, HOME=str(home), CONTINUUM_DB=str(db_path)),
    )
    try:
        wait_until_up(f"http://localhost:{oidc_port}/.well-known/openid-configuration", provider, "oidc-provider")
        wait_until_up(f"http://127.0.0.1:{app_port}/_stcore/health", app, "streamlit")
        yield TeamServer(
            url=f"http://localhost:{app_port}/",
            own=[c for c, m, _ in rows if m == manager],
            other=[c for c, m, _ in rows if m != manager],
            names={c: n for c, _, n in rows},
            clients=len(rows),
        )
    finally:
        for process in (app, provider):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


@pytest.fixture(scope="module")
def browser(team_server):
    yield from launch_chromium()


@pytest.fixture
def page(browser):
    """A fresh context per test: no cookie of the app or of the provider carries over."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def rendered(page) -> None:
    """The page's title or its message (a refusal has no title), and the run finished."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1, [data-testid="stAlert"]', timeout=90_000)
    deadline = time.time() + 90
    while time.time() < deadline and page.locator('[data-testid="stStatusWidget"]').count():
        time.sleep(0.2)
    time.sleep(0.5)


def sign_in(page, server: TeamServer, email: str) -> None:
    """The path a person takes: the app's button, the provider's login and consent, back."""
    page.goto(server.url)
    rendered(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("input[name=login]", timeout=60_000)
    assert page.url.startswith("http://localhost:") and "/interaction/" in page.url  # at the provider
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "any password: the provider's development login")
    page.click("button[type=submit]")
    page.wait_for_selector("button[type=submit]:has-text('Continue')", timeout=60_000)  # consent
    page.click("button[type=submit]")
    # back through /oauth2callback to the app; signed in (or refused), there is a way out
    page.wait_for_selector("button:has-text('Sign out')", timeout=90_000)
    rendered(page)


def main_text(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def page_links(page) -> list[str]:
    """The titles in the sidebar's list of pages (each link's text starts with its icon's name)."""
    return [t.strip().split("\n")[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def test_before_sign_in_the_app_shows_only_the_sign_in_button(page, team_server):
    page.goto(team_server.url + "team")
    rendered(page)
    assert page.get_by_role("button", name="Sign in").is_visible()
    assert page_links(page) == []  # not even the names of the pages
    text = main_text(page)
    assert "Portfolio" not in text and "Team" not in text
    assert not any(name in text for name in team_server.names.values())


def test_an_account_manager_sees_their_own_clients_and_is_refused_another_managers(page, team_server):
    sign_in(page, team_server, MANAGER_EMAIL)
    text = main_text(page)
    assert page.locator("h1").first.inner_text() == "Portfolio"
    own = len(team_server.own)
    assert f"Your clients: {own} of the portfolio's {team_server.clients}" in text
    assert f"{own} of {own} clients" in text
    assert page_links(page) == ["Portfolio", "Client", "Signals", "Review", "Reviews", "Method"]
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert f"Signed in: {MANAGER_EMAIL}" in sidebar.replace("\n", " ")
    page.screenshot(path=str(SCREENSHOTS / "sign-in-account-manager.png"))

    mine = team_server.own[0]
    page.goto(f"{team_server.url}client?client={mine}")
    rendered(page)
    assert page.locator("h1").first.inner_text() == team_server.names[mine]

    theirs = team_server.other[0]
    page.goto(f"{team_server.url}client?client={theirs}")
    rendered(page)
    text = main_text(page)
    assert f"Client {theirs} is in another account manager's portfolio" in text
    page.screenshot(path=str(SCREENSHOTS / "sign-in-refused-client.png"))
    assert team_server.names[theirs] not in text

    page.goto(f"{team_server.url}team")  # not in their list; the address alone does not open it
    rendered(page)
    assert "ewa@firm.test" not in main_text(page)


def test_a_head_of_sales_sees_every_client_and_the_team_page(page, team_server):
    sign_in(page, team_server, HEAD_EMAIL)
    text = main_text(page)
    assert "Your clients:" not in text
    assert f"{team_server.clients} of {team_server.clients} clients" in text
    assert page_links(page) == ["Portfolio", "Client", "Signals", "Review", "Reviews", "Import", "Rules", "Team",
                                "Method"]
    theirs = team_server.other[0]
    page.goto(f"{team_server.url}client?client={theirs}")
    rendered(page)
    assert page.locator("h1").first.inner_text() == team_server.names[theirs]

    page.locator('[data-testid="stSidebarNav"] a', has_text="Team").click()
    rendered(page)
    text = main_text(page)
    assert page.locator("h1").first.inner_text() == "Team"
    assert "Who may sign in" in text
    page.get_by_label("Email", exact=True).click()  # the list of the team, in the remove field
    options = page.locator('[role="option"]').all_inner_texts()
    assert sorted(o.strip() for o in options) == [MANAGER_EMAIL, HEAD_EMAIL]
    page.keyboard.press("Escape")
    page.screenshot(path=str(SCREENSHOTS / "sign-in-head-of-sales.png"))

    page.get_by_role("button", name="Sign out").click()  # st.logout: the provider's session ends too
    page.wait_for_selector("button[name=logout][value=yes]", timeout=60_000)
    page.click("button[name=logout][value=yes]")
    page.wait_for_url(f"{team_server.url}**", timeout=60_000)
    page.wait_for_selector("button:has-text('Sign in')", timeout=60_000)
    assert page_links(page) == []


def test_someone_signed_in_but_not_on_the_team_sees_no_data(page, team_server):
    sign_in(page, team_server, STRANGER_EMAIL)
    text = main_text(page)
    assert f"{STRANGER_EMAIL} is signed in but not on this team's list" in text
    assert page_links(page) == []
    assert not any(name in text for name in team_server.names.values())
    assert page.get_by_role("button", name="Sign out").is_visible()
