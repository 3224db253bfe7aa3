"""Continuum: the entry point and the frame around every page.

st.navigation lists every page explicitly, in sections; each page draws the shared
sidebar through ui.frame.page_frame(). This is the one place that turns a
ContinuumError a page did not expect into a message instead of a traceback.
"""

import streamlit as st

from analytics.access import NOBODY, act_as
from analytics.db import explain_storage_error
from analytics.errors import ContinuumError
from ui.frame import session_access
from ui.text import plain

act_as(NOBODY)  # this run reads nothing until sign-in says who it is

st.set_page_config(
    page_title="Continuum · client relationships",
    page_icon=":material/timeline:",
    layout="wide",
    initial_sidebar_state="expanded",
)

access = session_access(sidebar=False, stop=False)  # the sign-in screen, and nothing else, until then

PAGES = {
    "Explore": [
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
        st.Page("pages/client.py", title="Client", icon=":material/person:"),
        st.Page("pages/signals.py", title="Signals", icon=":material/notifications:"),
    ],
    "Review": [
        st.Page("pages/review.py", title="Review", icon=":material/rate_review:"),
        st.Page("pages/reviews_overview.py", title="Reviews", icon=":material/fact_check:"),
    ],
    "Data": [
        st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:"),
        st.Page("pages/rules.py", title="Rules", icon=":material/rule:"),
        st.Page("pages/team.py", title="Team", icon=":material/group:"),
    ] if access and access.administers else [],
    "About": [
        st.Page("pages/method.py", title="Method", icon=":material/functions:"),
    ],
}

if access is None:
    # no list of pages before sign-in: without a navigation of its own this run, Streamlit
    # would list every file in pages/ in the sidebar
    st.navigation([page for pages in PAGES.values() for page in pages], position="hidden")
    st.stop()
navigation = st.navigation({section: pages for section, pages in PAGES.items() if pages})
st.sidebar.markdown("### Continuum")
try:
    navigation.run()
except ContinuumError as exc:
    st.error(plain(exc), icon=":material/error:")
except Exception as exc:  # a full disk or a damaged file under a read: one line, never a traceback
    message = explain_storage_error(exc, st.session_state.get("db_path", "the database"))
    if message is None:
        raise
    st.error(plain(message), icon=":material/error:")
