"""Who may read and change what: roles, each function's scope, and the one gate that checks.

A team server signs people in (Streamlit's st.login); the `users` table knows each one by
email with a role. The scope is enforced here, not in the widgets: every analytics function
a page calls declares what it shows or changes (`aggregate`, `per_client`, `client_detail`,
`edits_client`, `administers`, `reads_all`), and the page calls it through `read` or
`write`, which check the caller's Access against that mark. A function with no mark is
refused to anyone but a full reader (fail closed), so a new function cannot leak by being
forgotten.

- A head of sales reads and changes everything, and manages the team.
- An account manager reads and changes their own clients (the clients whose account
  manager is their manager name) and sees the rest of the portfolio only in aggregate.
- A viewer reads everything and changes nothing.
- The operator (the command line, or an app that only this machine reaches) is a head of
  sales without an email.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import duckdb
import pandas as pd

from analytics.errors import ContinuumError

Role = Literal["operator", "head_of_sales", "account_manager", "viewer", "nobody"]

ROLE_LABELS: dict[str, str] = {
    "head_of_sales": "Head of sales",
    "account_manager": "Account manager",
    "viewer": "Viewer",
}
# what the command line accepts for --role, and what it means
ROLE_NAMES: dict[str, str] = {
    "head-of-sales": "head_of_sales", "head_of_sales": "head_of_sales", "head": "head_of_sales",
    "account-manager": "account_manager", "account_manager": "account_manager", "manager": "account_manager",
    "viewer": "viewer",
}

F = TypeVar("F", bound=Callable[..., Any])


class NotAllowed(ContinuumError):
    """The signed-in user's role does not reach this client or this change."""


class UnknownUser(ContinuumError):
    pass


@dataclass(frozen=True)
class Access:
    """Who is asking: their email, role and (for an account manager) manager name."""

    role: Role
    email: str | None = None
    manager: str | None = None  # the account manager name the clients carry
    name: str | None = None  # how to show them

    @property
    def reads_everything(self) -> bool:
        return self.role in ("operator", "head_of_sales", "viewer")

    @property
    def edits_everything(self) -> bool:
        return self.role in ("operator", "head_of_sales")

    @property
    def administers(self) -> bool:
        """Imports, settings, rates, closing quarters, the team list, choosing files."""
        return self.role in ("operator", "head_of_sales")

    @property
    def reads_only(self) -> bool:
        return self.role == "viewer"

    @property
    def label(self) -> str:
        if self.role == "operator":
            return "Local use (full access)"
        role = ROLE_LABELS[self.role]
        if self.role == "account_manager" and self.manager:
            role += f" ({self.manager})"
        return f"{self.email} · {role}"

    @property
    def who(self) -> str:
        """What a saved change records as its author."""
        return self.email or ""

    def cache_key(self) -> tuple:
        return (self.role, self.email, self.manager)


OPERATOR = Access(role="operator")
NOBODY = Access(role="nobody")  # a run that has not said who it is: reads and changes nothing


def normal_email(email: str) -> str:
    return str(email or "").strip().lower()


def _normal_manager(name: str | None) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


# ---------------------------------------------------------------- the clients one may reach


def own_client_ids(con: duckdb.DuckDBPyConnection, access: Access) -> frozenset[str] | None:
    """The client ids an account manager owns; None for a role that reads every client."""
    if access.reads_everything:
        return None
    if not access.manager:
        return frozenset()
    rows = con.execute(
        "select client_id from clients "
        "where lower(trim(regexp_replace(account_manager, '\\s+', ' ', 'g'))) = $m",
        {"m": _normal_manager(access.manager)},
    ).fetchall()
    return frozenset(r[0] for r in rows)


def may_read_client(con: duckdb.DuckDBPyConnection, access: Access, client_id: str) -> bool:
    own = own_client_ids(con, access)
    return own is None or client_id in own


def may_edit_client(con: duckdb.DuckDBPyConnection, access: Access, client_id: str) -> bool:
    if access.reads_only:
        return False
    return access.edits_everything or client_id in (own_client_ids(con, access) or frozenset())


def require_read(con: duckdb.DuckDBPyConnection, access: Access, client_id: str) -> None:
    if not may_read_client(con, access, client_id):
        raise NotAllowed(
            f"Client {client_id} is in another account manager's portfolio; you see it only in the "
            "portfolio's totals. A head of sales can change who manages it."
        )


def require_edit(con: duckdb.DuckDBPyConnection, access: Access, client_id: str) -> None:
    if access.reads_only:
        raise NotAllowed("You have read access: a head of sales or the client's account manager makes changes.")
    require_read(con, access, client_id)


def require_admin(access: Access, what: str = "This change") -> None:
    if not access.administers:
        raise NotAllowed(f"{what} is for a head of sales: it changes the data of every account manager.")


# ---------------------------------------------------------------- the marks

# Who is asking in this thread of work. The command line and the tests are the operator;
# app.py makes every run nobody first, and sign-in (ui/sign_in) then says who it is.
_acting: ContextVar[Access] = ContextVar("continuum_access", default=OPERATOR)
# inside a marked function: the marks of the functions it calls in turn do not apply (a
# client card computes from every client's scores; only what leaves the outer one counts)
_inside: ContextVar[bool] = ContextVar("continuum_inside", default=False)


def acting() -> Access:
    return _acting.get()


def act_as(access: Access) -> None:
    """From now on in this thread (one Streamlit script run), calls are made as `access`."""
    _acting.set(access)


@contextmanager
def acting_as(access: Access) -> Iterator[None]:
    token = _acting.set(access)
    try:
        yield
    finally:
        _acting.reset(token)


SCOPE_ATTR = "__continuum_scope__"


def _connection(first: Any) -> duckdb.DuckDBPyConnection:
    return first.cursor() if hasattr(first, "write") else first


def _argument(fn: Callable, name: str, args: tuple, kwargs: dict) -> Any:
    bound = inspect.signature(fn).bind_partial(*args, **kwargs)
    value = bound.arguments.get(name)
    return getattr(value, "client_id", value)


def _guard(scope: str, arg: str | None) -> Callable[[F], F]:
    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if _inside.get():
                return fn(*args, **kwargs)
            access = acting()
            token = _inside.set(True)
            try:
                return _checked(fn, scope, arg, access, args, kwargs)
            finally:
                _inside.reset(token)

        setattr(guarded, SCOPE_ATTR, (scope, arg))
        return guarded  # type: ignore[return-value]
    return mark


def _checked(fn: Callable, scope: str, arg: str | None, access: Access, args: tuple, kwargs: dict) -> Any:
    if access.role == "nobody":
        raise NotAllowed("Sign in first: Continuum needs to know who you are before it shows any data.")
    if scope == "administers":
        require_admin(access)
        return fn(*args, **kwargs)
    if access.edits_everything:
        return fn(*args, **kwargs)
    if scope == "edits_client":
        require_edit(_connection(args[0]), access, _argument(fn, arg or "client_id", args, kwargs))
        return fn(*args, **kwargs)
    if scope == "edits_action":
        con = _connection(args[0])
        require_edit(con, access, client_of_action(con, _argument(fn, arg or "action_id", args, kwargs)))
        return fn(*args, **kwargs)
    if access.reads_everything or scope == "aggregate":
        return fn(*args, **kwargs)
    if scope == "reads_all":
        raise NotAllowed("This list names clients of every account manager; a head of sales sees it.")
    if scope == "client_detail":
        require_read(_connection(args[0]), access, _argument(fn, arg or "client_id", args, kwargs))
        return fn(*args, **kwargs)
    if scope == "per_client":
        result = fn(*args, **kwargs)
        return keep_own(result, own_client_ids(_connection(args[0]), access) or frozenset())
    raise NotAllowed(f"unknown scope {scope!r}")


def aggregate(fn: F) -> F:
    """Shows the portfolio in totals that name no client (or names nothing at all): anyone."""
    return _guard("aggregate", None)(fn)


def per_client(fn: F) -> F:
    """Returns rows of many clients (a frame or list with client_id, or a dict keyed by
    it): an account manager gets their own clients' rows only."""
    return _guard("per_client", None)(fn)


def reads_all(fn: F) -> F:
    """Names clients in a way that cannot be cut to one manager's (the import's history,
    duplicate candidates): a head of sales or a viewer only."""
    return _guard("reads_all", None)(fn)


def client_detail(arg: str = "client_id") -> Callable[[F], F]:
    """Shows one client, named by the argument `arg`: one who may read that client."""
    return _guard("client_detail", arg)


def edits_client(arg: str = "client_id") -> Callable[[F], F]:
    """Changes one client's data, named by `arg` (an id, or an object with .client_id)."""
    return _guard("edits_client", arg)


def edits_action(arg: str = "action_id") -> Callable[[F], F]:
    """Changes one action of a review, named by `arg`: whoever may edit its client."""
    return _guard("edits_action", arg)


def client_of_action(con: duckdb.DuckDBPyConnection, action_id: str) -> str:
    row = con.execute(
        "select client_id from actions where action_id = $a",
        {"a": action_id},
    ).fetchone()
    return row[0] if row else ""


def administers(fn: F) -> F:
    """Changes what every manager sees (imports, settings, rates, quarters, the team)."""
    return _guard("administers", None)(fn)


def scope_of(fn: Callable) -> tuple[str, str | None] | None:
    return getattr(fn, SCOPE_ATTR, None)


def keep_own(result: Any, own: frozenset[str]) -> Any:
    """The part of a per-client result that belongs to `own` clients."""
    if isinstance(result, pd.DataFrame):
        if "client_id" not in result.columns:
            raise TypeError("a per_client result needs a client_id column")
        return result[result["client_id"].isin(own)].reset_index(drop=True)
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if k in own}
    if isinstance(result, (list, tuple)):
        kept = [r for r in result if _client_of(r) in own]
        return tuple(kept) if isinstance(result, tuple) else kept
    raise TypeError(f"cannot cut a {type(result).__name__} to one manager's clients")


def _client_of(row: Any) -> str | None:
    if isinstance(row, dict):
        return row.get("client_id")
    return getattr(row, "client_id", None)


def read(con: Any, access: Access, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(con, *args, **kwargs) as `access` may see it (refused, cut, or whole)."""
    if scope_of(fn) is None and not (access.reads_everything and access.role != "nobody"):
        raise NotAllowed(f"{fn.__qualname__} declares no scope, so only a full reader may call it.")
    with acting_as(access):
        return fn(con, *args, **kwargs)


def write(db: Any, access: Access, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(db, *args, **kwargs) if `access` may make that change; NotAllowed otherwise."""
    if scope_of(fn) is None:
        require_admin(access)
    with acting_as(access):
        return fn(db, *args, **kwargs)


# ---------------------------------------------------------------- the team


@dataclass(frozen=True)
class User:
    email: str
    role: str
    manager: str | None
    added_at: dt.datetime | None
    added_by: str | None

    def access(self) -> Access:
        return Access(role=self.role, email=self.email, manager=self.manager)  # type: ignore[arg-type]


def role_name(text: str) -> str:
    role = ROLE_NAMES.get(str(text or "").strip().lower())
    if role is None:
        raise ContinuumError(
            f'"{text}" is not a role. Use head-of-sales, account-manager or viewer.'
        )
    return role


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def users(con: duckdb.DuckDBPyConnection) -> list[User]:
    rows = con.execute(
        "select email, role, manager_name, added_at, added_by from users "
        "order by case role when 'head_of_sales' then 0 when 'account_manager' then 1 else 2 end, email"
    ).fetchall()
    return [User(*r) for r in rows]


users = reads_all(users)  # the team list: for heads of sales (and viewers) only


def user_by_email(con: duckdb.DuckDBPyConnection, email: str) -> User | None:
    row = con.execute(
        "select email, role, manager_name, added_at, added_by from users where email = $e",
        {"e": normal_email(email)},
    ).fetchone()
    return User(*row) if row else None


def access_for(con: duckdb.DuckDBPyConnection, email: str) -> Access:
    """The signed-in person's Access; UnknownUser when the team list does not name them."""
    user = user_by_email(con, email)
    if user is None:
        raise UnknownUser(
            f"{email} is signed in but not on this team's list. Ask a head of sales to add you "
            "(Team page, or `python -m analytics users add`)."
        )
    return user.access()


def managers_on_record(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select distinct trim(account_manager) from clients where nullif(trim(account_manager), '') is not null order by 1"
    ).fetchall()
    return [r[0] for r in rows]


managers_on_record = aggregate(managers_on_record)


def _check_user(email: str, role: str, manager: str | None) -> tuple[str, str, str | None]:
    email = normal_email(email)
    if not _EMAIL.match(email):
        raise ContinuumError(f'"{email}" is not an email address; users are known by the email they sign in with.')
    role = role_name(role)
    manager = re.sub(r"\s+", " ", str(manager or "")).strip() or None
    if role == "account_manager" and not manager:
        raise ContinuumError(
            "An account manager needs the manager name their clients carry (the clients' account manager "
            "column), e.g. --manager \"Anna Nowak\"."
        )
    if role != "account_manager":
        manager = None
    return email, role, manager


@administers
def add_user(db: Any, email: str, role: str, manager: str | None = None, *, added_by: str | None = None) -> User:
    """Add a user, or change the role and manager name of one already on the list."""
    email, role, manager = _check_user(email, role, manager)
    with db.write() as con:
        con.execute(
            "insert into users (email, role, manager_name, added_at, added_by) "
            "values ($e, $r, $m, current_timestamp, $b) "
            "on conflict (email) do update set role = excluded.role, manager_name = excluded.manager_name",
            {"e": email, "r": role, "m": manager, "b": added_by},
        )
        _keep_a_head(con, "Add a head of sales first: they keep this list.")
    return user_by_email(db.cursor(), email)  # type: ignore[return-value]


@administers
def remove_user(db: Any, email: str) -> bool:
    """Remove a user; False when no such user. The last head of sales stays."""
    email = normal_email(email)
    with db.write() as con:
        found = con.execute("select count(*) from users where email = $e", {"e": email}).fetchone()[0]
        con.execute("delete from users where email = $e", {"e": email})
        _keep_a_head(con, "Add another head of sales before removing this one: someone must keep this list.")
    return bool(found)


def _keep_a_head(con: duckdb.DuckDBPyConnection, what_to_do: str) -> None:
    """A team list with users but no head of sales would lock everyone out of the Team page."""
    counts = con.execute(
        "select count(*), count(*) filter (where role = 'head_of_sales') from users"
    ).fetchone()
    if counts[0] > 0 and counts[1] == 0:
        raise ContinuumError(f"The team needs at least one head of sales. {what_to_do}")


def managers_without_clients(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> list[str]:
    known = {_normal_manager(m) for m in managers_on_record(con)}
    return [n for n in names if n and _normal_manager(n) not in known]


def marked(fn: Callable) -> bool:
    """Whether `fn` declares its scope (tests check that every page call does)."""
    return scope_of(fn) is not None
