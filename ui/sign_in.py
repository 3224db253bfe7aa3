"""Who is using the app: sign-in through Streamlit's st.login, and the person's Access.

Three ways to run, chosen by the operator (docs/deploy.md):
- local use: no `[auth]` in .streamlit/secrets.toml and a server on 127.0.0.1 only. The
  person at this machine is the operator and sees everything, as on the command line;
- a team server: `[auth]` configured (any OpenID Connect provider). Every page needs a
  signed-in person whom the team list (`users` table of the database the server was
  started with) knows, and shows them what their role reaches;
- anything else (a network address without sign-in) is refused with the way to fix it.
"""

from __future__ import annotations

import streamlit as st

from analytics.access import NOBODY, OPERATOR, Access, UnknownUser, access_for, act_as
from analytics.db import Database
from ui.data import ACCESS_KEY
from ui.text import code, plain


def sign_in_configured() -> bool:
    """Whether .streamlit/secrets.toml holds an [auth] section (st.login's settings)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all, or one that cannot be read: not configured
        return False


def _logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # Authlib missing or st.user unavailable: nobody
        return False


def _signed_in_email() -> str | None:
    if not _logged_in():
        return None
    return str(st.user.get("email") or "").strip().lower() or None


def _sign_in_screen() -> None:
    st.title("Continuum")
    st.markdown(
        "Client relationship reviews for this team. Sign in with your work account to see your "
        "clients and prepare your reviews."
    )
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login, key="sign_in")


def _refused(message: str, *, signed_in: bool = False) -> None:
    st.title("Continuum")
    st.warning(plain(message), icon=":material/lock:")
    if signed_in:
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign_out_refused")


def resolve_access(team_db: Database | None, *, local: bool) -> Access | None:
    """The Access of this session's person, or None after showing why there is none (the
    sign-in screen, an unknown email, a server on the network without sign-in).

    `team_db` is the database the server was started with: its users table is the team.
    """
    if not sign_in_configured():
        if local:
            return _remember(OPERATOR)
        _remember(NOBODY)
        _refused(
            "This server is reachable from the network but no sign-in is configured, so it shows "
            "no data. Configure an OpenID Connect provider in .streamlit/secrets.toml ([auth]) and "
            "add the team with `python -m analytics users add` (docs/deploy.md), or serve on "
            "127.0.0.1 for local use."
        )
        return None
    email = _signed_in_email()
    if email is None:
        _remember(NOBODY)
        if _logged_in():
            _refused(
                "You are signed in, but your sign-in provider did not send an email address, and the team "
                "list knows people by email. The operator adds the email scope to the provider's settings "
                "for Continuum (docs/deploy.md).",
                signed_in=True,
            )
        else:
            _sign_in_screen()
        return None
    if team_db is None:
        _remember(NOBODY)
        _refused("The team's database cannot be opened, so no one can be let in; the operator can see why in the log.",
                 signed_in=True)
        return None
    try:
        access = access_for(team_db.cursor(), email)
    except UnknownUser as exc:
        _remember(NOBODY)
        first = team_db.cursor().execute("select count(*) from users").fetchone()[0] == 0
        if first:
            _refused(
                f"You are signed in as {email}, but this team has no users yet. The operator adds the first "
                f"head of sales on the server: python -m analytics users add {email} --role head-of-sales "
                f"--db {team_db.path}",
                signed_in=True,
            )
        else:
            _refused(str(exc), signed_in=True)
        return None
    name = str(st.user.get("name") or "").strip() or None
    return _remember(Access(role=access.role, email=access.email, manager=access.manager, name=name))


def _remember(access: Access) -> Access:
    st.session_state[ACCESS_KEY] = access
    act_as(access)
    return access


def signed_in_sidebar(access: Access) -> None:
    """Who is signed in, with the way out (team servers only)."""
    if access.role in ("operator", "nobody"):
        return
    with st.sidebar:
        st.caption(f"Signed in: {code(access.email or '')} · {plain(access.label.split(' · ', 1)[-1])}")
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign_out")
