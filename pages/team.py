"""Team: who may sign in, with which role (heads of sales; local use too, to prepare it)."""

from __future__ import annotations

import streamlit as st

from analytics.access import ROLE_LABELS, add_user, managers_on_record, remove_user, users
from analytics.errors import ContinuumError
from ui.data import cached, change
from ui.frame import session_access, team_database
from ui.text import code, plain

access = session_access()
st.title("Team")
if not access.administers:
    st.info("The team list is kept by a head of sales.", icon=":material/lock:")
    st.stop()

db = team_database()
st.markdown(
    "Who may sign in when this server runs with sign-in (docs/deploy.md), and what each role reaches:\n"
    "- **Head of sales**: every client, every change, this list, imports and settings;\n"
    "- **Account manager**: their own clients (those whose account manager is their manager name), "
    "the rest of the portfolio in totals only;\n"
    "- **Viewer**: reads everything, changes nothing."
)
st.caption(f"The list lives in {code(db.path)}, the database the server was started with.")

team = cached(users, db)
if team:
    st.dataframe(
        [
            {
                "Email": u.email,
                "Role": ROLE_LABELS.get(u.role, u.role),
                "Manager name": u.manager or "—",
                "Added": u.added_at.strftime("%Y-%m-%d") if u.added_at else "—",
                "Added by": u.added_by or "—",
            }
            for u in team
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.info("No one is on the list yet. Add the first head of sales below.", icon=":material/group_add:")

managers = cached(managers_on_record, db)
left, right = st.columns(2, gap="large")
with left, st.form("add_user", border=True):
    st.markdown("#### Add or change a person")
    email = st.text_input("Email they sign in with", placeholder="name@company.com")
    role = st.selectbox("Role", list(ROLE_LABELS), format_func=ROLE_LABELS.get, index=1)
    manager = st.selectbox(
        "Manager name (account managers)", ["—", *managers],
        help="The name in the clients' account manager column: those clients are theirs.",
    )
    if st.form_submit_button("Save", type="primary", icon=":material/person_add:"):
        try:
            user = change(add_user, db, email, role, None if manager == "—" else manager, added_by=access.who or None)
        except ContinuumError as exc:
            st.error(plain(exc), icon=":material/error:")
        else:
            st.success(f"{code(user.email)} is on the list as {ROLE_LABELS[user.role]}.", icon=":material/check:")
            st.rerun()

with right, st.container(border=True):
    st.markdown("#### Remove a person")
    if team:
        gone = st.selectbox("Email", [u.email for u in team], key="remove_email")
        confirm = st.checkbox(f"Yes, remove {gone} from the team", key="remove_confirm")
        if st.button("Remove", disabled=not confirm, icon=":material/person_remove:"):
            try:
                change(remove_user, db, gone)
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
            else:
                st.rerun()
    else:
        st.caption("No one to remove.")
st.caption(
    "The same from the server's command line: `python -m analytics users add EMAIL --role "
    "head-of-sales|account-manager|viewer [--manager NAME]`, `users list`, `users remove EMAIL`."
)
