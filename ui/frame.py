"""The frame every page starts with: the sidebar's database and quarter, and the context.

Each page calls `page_frame()` first. It is the page's one gate to the data: it shows
which file is open, builds the demo on first run, turns a database that cannot be
opened into a message (and stops the page), and returns the database and quarter.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics.access import OPERATOR, Access
from analytics.db import DEFAULT_DB, Database, default_db_path
from analytics.demo import build_demo
from analytics.errors import ContinuumError, DatabaseError
from analytics.method.data_quarters import default_quarter, quarters_with_data
from analytics.paths import OutsideDataFolder, confined, data_folder
from analytics.settings import is_demo, reporting_currency
from ui.data import cached, database
from ui.sign_in import resolve_access, sign_in_configured, signed_in_sidebar
from ui.text import code, plain


def _path_from_argv() -> str | None:
    """`streamlit run app.py -- --db PATH` picks the file too."""
    argv = sys.argv[1:]
    if "--db" in argv and argv.index("--db") + 1 < len(argv):
        return argv[argv.index("--db") + 1]
    return None


def initial_db_path() -> str:
    return str(Path(_path_from_argv() or default_db_path()).expanduser())


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serves_this_machine_only() -> bool:
    """Whether the server listens on this machine only (server.address, 127.0.0.1 in
    .streamlit/config.toml): only then may a user choose which file the app opens."""
    return str(st.get_option("server.address") or "").strip() in LOOPBACK


def _is_builtin_demo(path: str) -> bool:
    """The README's first run: data/demo.duckdb in the project, built on first open."""
    return Path(path).resolve() == DEFAULT_DB.resolve()


def team_database() -> Database:
    """The database the server was started with: its users table is the team."""
    return database(initial_db_path())


def session_access(*, sidebar: bool = True, stop: bool = True) -> Access | None:
    """This session's person (ui.sign_in). When there is none, says why and stops the page
    (or, with stop=False, returns None: app.py first hides the list of pages). Every page
    comes here first, so this is where a page run on its own goes back through app.py."""
    use_app_navigation()
    team_db = None
    if sign_in_configured():
        try:
            team_db = team_database()
        except ContinuumError:
            team_db = None
    access = resolve_access(team_db, local=serves_this_machine_only())
    if access is None:
        if not stop:
            return None
        st.stop()
    if sidebar:
        signed_in_sidebar(access)
    return access


def choose_database(access: Access | None = None) -> Database | None:
    """Sidebar field for the database file; opens it (a new file is created empty).

    The file chosen is kept in the page address (?db=PATH) so that a reload opens it
    again. Only the README's data/demo.duckdb is filled with the demo on first open; any
    other new file starts empty, with the two ways in (import, or a demo when asked).
    Returns None (after saying why) when the chosen file cannot be used yet. Only local use
    or a head of sales may choose the file (within the data folder); anyone else sees the
    file the server was started with.
    """
    local = (access or session_access()).administers
    if "db_path" not in st.session_state:
        st.session_state.db_path = (st.query_params.get("db") if local else None) or initial_db_path()
    else:
        # each page's sidebar widget is a new widget: hand it the value chosen on the last page
        st.session_state.db_path = st.session_state.db_path
    if not local:
        st.session_state.db_path = initial_db_path()  # a team server opens the operator's file only
    with st.sidebar:
        st.text_input(
            "Database file",
            key="db_path",
            disabled=not local,
            help=f"A DuckDB file in the data folder ({data_folder()}); a new name gets an empty database. "
            "Set the default with CONTINUUM_DB or `streamlit run app.py -- --db PATH`. Kept in the page address."
            if local else "This server is shared: it opens the file it was started with (CONTINUUM_DB); "
            "a head of sales may choose another one in its data folder.",
        )
    typed = str(st.session_state.db_path).strip()
    if typed == initial_db_path():
        path = typed  # the operator's own choice at start: not confined
        st.query_params.pop("db", None)
    else:
        try:
            path = str(confined(typed))
        except OutsideDataFolder as exc:
            st.error(plain(exc), icon=":material/block:")
            st.query_params.pop("db", None)
            return None
        st.query_params["db"] = path
    if not Path(path).exists():
        if _is_builtin_demo(path):
            with st.spinner("Building the demo portfolio (first run, a few seconds)…"):
                db = database(path)
                if db.client_count() == 0:
                    build_demo(db)
        elif path == initial_db_path():
            database(path)  # the file asked for at start: created empty, the first screen follows
        else:
            st.info(f"There is no database at {code(path)} yet.")
            left, right = st.columns(2)
            if left.button("Create an empty database there", type="primary", icon=":material/add:"):
                database(path)
                st.rerun()
            if right.button("Create a demo portfolio there", icon=":material/play_arrow:"):
                with st.spinner("Building the demo portfolio…"):
                    build_demo(database(path))
                st.rerun()
            return None
    db = database(path)
    st.sidebar.caption(f"Open: {code(db.path)}")
    if cached(is_demo, db):
        st.sidebar.info("**Demo portfolio**: generated clients and data, not a real portfolio.",
                        icon=":material/science:")
    return db


def choose_quarter(db: Database) -> str | None:
    """Sidebar quarter picker, kept in the URL; by default the last complete quarter with
    won deals or touches (analytics.method.data_quarters.default_quarter)."""
    quarters = cached(quarters_with_data, db)
    if not quarters:
        return None
    wanted = st.query_params.get("quarter")
    if "quarter" not in st.session_state or st.session_state.quarter not in quarters:
        st.session_state.quarter = wanted if wanted in quarters else cached(default_quarter, db)
    else:
        st.session_state.quarter = st.session_state.quarter  # keep it across a page switch
    st.sidebar.selectbox(
        "Quarter",
        list(reversed(quarters)),
        key="quarter",
        help="Every page shows this quarter; changes are compared with the quarter before.",
    )
    st.query_params["quarter"] = st.session_state.quarter
    return st.session_state.quarter


@dataclass(frozen=True)
class Frame:
    db: Database
    quarter: str
    currency: str
    access: Access = OPERATOR


def use_app_navigation() -> None:
    """Run every page inside app.py's navigation, even from a deep link.

    When the first request after the server starts is a page's address (a shared
    `/client?client=C00005`), Streamlit sees the pages/ folder and runs that page on its
    own, without app.py (no wide layout, every file listed as a page) until someone opens
    the home page. Telling it app.py navigates and running again fixes that run and
    every later one; the address, query included, is kept.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_frame() -> Frame:
    """Sidebar and context for a page; stops the page with a message when there is no data."""
    access = session_access()
    try:
        db = choose_database(access)
    except DatabaseError as exc:
        st.error(plain(exc), icon=":material/error:")
        st.stop()
    if db is None:
        st.stop()
    if db.client_count() == 0:
        empty_database(db)
        st.stop()
    quarter = choose_quarter(db)
    if quarter is None:
        st.info("The clients in this database have no interactions, deals or costs yet.")
        st.stop()
    return Frame(db=db, quarter=quarter, currency=cached(reporting_currency, db), access=access)


SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def empty_database(db: Database) -> None:
    """The first screen of a database with nothing in it: two ways in, never empty charts."""
    st.title("Welcome to Continuum")
    st.markdown(
        f"The database `{db.path}` holds no clients yet. Start with your own CRM exports, or explore "
        "a demo portfolio first."
    )
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.markdown("#### Import your exports")
        st.markdown(
            "Deals alone are enough to start: Continuum measures what your data covers and says what "
            "to import next. HubSpot, Salesforce, Pipedrive and Zoho exports are recognised; any other "
            "CSV gets a suggested mapping."
        )
        try:
            st.page_link("pages/import_data.py", label="Open the Import page", icon=":material/upload_file:")
        except StreamlitAPIException:  # a page run on its own (no navigation): name the way instead
            st.markdown("Open **Data → Import** in the sidebar.")
        st.caption("Or start from our templates (a header and a few example rows each):")
        columns = st.columns(4)
        for i, sample in enumerate(sorted(SAMPLES.glob("*.csv"))):
            columns[i % 4].download_button(
                sample.stem.replace("_", " "), sample.read_bytes(), file_name=sample.name, mime="text/csv",
                key=f"template_{sample.stem}", icon=":material/download:",
            )
    with right, st.container(border=True):
        st.markdown("#### Explore a demo portfolio")
        st.markdown(
            "60 generated clients over 12 quarters, with every kind of data and a planted story for each "
            "warning signal. It replaces nothing of yours: it is built into this empty file."
        )
        if st.button("Build the demo portfolio here", type="primary", icon=":material/play_arrow:"):
            with st.spinner("Building the demo portfolio…"):
                build_demo(db)
            st.rerun()
