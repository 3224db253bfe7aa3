"""The relationship continuum: five dimensions, a position and its movement.

Everything is computed in DuckDB SQL for every client and every quarter at once
(analytics/method/sql/steps/, one file per step of STEPS); this module only
runs those queries in order on one connection and selects what a caller asks for.
The weights and thresholds come from the `settings` table (analytics.settings).
docs/method.md states every formula.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.access import client_detail, per_client
from analytics.errors import ContinuumError, EmptyDatabase, UnknownClient
from analytics.method.data_quarters import default_quarter, quarters_with_data
from analytics.quarters import parse_quarter
from analytics.settings import inline_params, load_settings, params_for
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

STAGES: list[tuple[str, str]] = [
    ("strained", "Strained"),
    ("contact", "Contact"),
    ("rapport", "Rapport"),
    ("working_trust", "Working trust"),
    ("partnership", "Partnership"),
]
DIMENSIONS: list[tuple[str, str]] = [
    ("high_wide", "High and Wide"),
    ("dialogue", "Dialogue"),
    ("trust", "Trust and candour"),
    ("balance", "Balance"),
    ("value", "Value"),
]

# the queries of the method, in the order they build on each other; each becomes a
# temporary table of the same name on the connection that computes
STEPS = (
    "method_data_kinds",
    "method_component_needs",
    "method_client_quarters",
    "method_facts",
    "client_value",
    "dimension_high_wide_points",
    "dimension_dialogue_points",
    "dimension_trust_points",
    "dimension_balance_points",
    "dimension_value_points",
    "dimension_high_wide",
    "dimension_dialogue",
    "dimension_trust",
    "dimension_balance",
    "dimension_value",
    "method_contributions",
    "client_positions",
    "client_signals",
)
# steps kept as views: the dimension rows carry the contribution sentences, which only
# the rows a page or report reads need. Each dimension_<x>_points view (one row per
# client and quarter, each points formula written once) feeds its dimension view and
# client_positions, which joins the five totals: DuckDB leaves the unread sentence and
# component columns uncomputed, and no grouping of the long rows is needed
VIEW_STEPS = frozenset(s for s in STEPS if s.startswith("dimension_")) | {"method_contributions"}


class NoDataForQuarter(ContinuumError):
    def __init__(self, quarter: str, quarters: list[str]) -> None:
        span = f"{quarters[0]}..{quarters[-1]}" if quarters else "none"
        super().__init__(f"No data for quarter {quarter}; quarters with data: {span}.")


def compute(con: duckdb.DuckDBPyConnection, values: dict[str, float] | None = None) -> dict[str, float]:
    """Make the method's results readable on `con`; return the settings used.

    The results are tables (client_positions, client_signals, client_value,
    method_facts) and views (method_contributions, the dimension steps: VIEW_STEPS) in
    `method_cache`, an in-memory database attached to
    the DuckDB instance and so shared by every cursor of the process. They are
    computed once per state of the data (see `data_stamp`) and reused until an import,
    a saved review or a changed setting alters it; `con` gets a search path that finds
    them by their plain names. `values` overrides the settings table for a what-if run:
    those results go to temporary tables of `con` only, which shadow the shared ones.
    """
    _prepare(con)
    if values is not None:
        _run_steps(con, values, "temp")
        return values
    values = load_settings(con)
    stamp = data_stamp(con)
    with _COMPUTE_LOCK:
        if _cached_stamp(con) != stamp:
            con.execute("begin transaction")
            try:
                _run_steps(con, values, "method_cache.main")
                con.execute("create or replace table method_cache.main.method_stamp (stamp varchar)")
                con.execute("insert into method_cache.main.method_stamp values (?)", [stamp])
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
    return values


_COMPUTE_LOCK = threading.Lock()
# connections that have the method's macros and search path: every page asks a dozen
# questions, each through compute(), and setting a connection up again cost half of it
_PREPARED: weakref.WeakSet = weakref.WeakSet()


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """The method_cache database attached, the macros created and the search path set on `con`."""
    if con in _PREPARED:
        return
    con.execute("attach if not exists ':memory:' as method_cache")
    con.execute(sql("macros"))
    database = con.execute("select current_database()").fetchone()[0].replace('"', '""')
    con.execute(f"""set search_path = '"{database}".main,method_cache.main'""")
    _PREPARED.add(con)
# the raw tables the method reads: a change in any of them means a new computation
_METHOD_INPUTS = (
    "clients", "contacts", "interactions", "deals", "feedback", "service_costs",
    "team_pulse", "market_trend", "fx_rates", "fx_rates_dated",
)


def data_stamp(con: duckdb.DuckDBPyConnection) -> str:
    """What the method's results depend on, cheaply: the data version (bumped by every
    write through Database.write), the row count of each input table (for writers that
    bypass it) and the settings in force."""
    counts = " union all ".join(f"select count(*) from {t}" for t in _METHOD_INPUTS)  # noqa: S608
    rows = con.execute(counts).fetchall()
    version = con.execute("select max(version) from data_version").fetchone()[0]
    settings = con.execute(
        "select coalesce(string_agg(key || '=' || value, ';' order by key), '') from settings"
    ).fetchone()[0]
    return f"{version}|{','.join(str(r[0]) for r in rows)}|{settings}"


def _cached_stamp(con: duckdb.DuckDBPyConnection) -> str | None:
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'method_cache' "
        "and table_name = 'method_stamp'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("select stamp from method_cache.main.method_stamp").fetchone()
    return row[0] if row else None


def _run_steps(con: duckdb.DuckDBPyConnection, values: dict[str, float], target: str) -> None:
    """Each step of the method as a table (a view for VIEW_STEPS) in `target`
    ("temp" or a schema)."""
    for step in STEPS:
        text = sql(f"steps/{step}")
        kind = "view" if step in VIEW_STEPS else "table"
        name = f"temp {kind} {step}" if target == "temp" else f"{kind} {target}.{step}"
        if kind == "view":
            con.execute(f"create or replace {name} as {inline_params(text, values)}")
        else:
            con.execute(f"create or replace {name} as {text}", params_for(text, values))  # noqa: S608


def quarter_index(quarter: str) -> int:
    """"2025Q3" -> 2025 * 4 + 2: the q_index the method's tables are keyed by."""
    year, q = parse_quarter(quarter)
    return year * 4 + q - 1


def resolve_quarter(con: duckdb.DuckDBPyConnection, quarter: str | None) -> str:
    """`quarter` normalised ("2025q3" -> "2025Q3"), or the default quarter (the last
    complete one with won deals or touches: data_quarters.default_quarter).

    Raises EmptyDatabase when there are no clients and NoDataForQuarter when the
    quarter lies outside the data.
    """
    if con.execute("select count(*) from clients").fetchone()[0] == 0:
        raise EmptyDatabase(_database_name(con))
    quarters = quarters_with_data(con)
    if quarter is None:
        if not quarters:
            raise NoDataForQuarter("(latest)", quarters)
        return default_quarter(con) or quarters[-1]
    year, q = parse_quarter(quarter)
    wanted = f"{year}Q{q}"
    if not quarters or not quarters[0] <= wanted <= quarters[-1]:
        raise NoDataForQuarter(wanted, quarters)
    return wanted


def _database_name(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    return row[0] if row and row[0] else "(in memory)"


@dataclass(frozen=True)
class MethodRun:
    """One quarter resolved and the method's results computed on one connection.

    A question of a page builds it once (run_method) and hands it to every read it
    makes (positions_of, contributions_of, signals.firing_signals, value.value_of), so
    none of them resolves the quarter or checks the state of the data again."""

    con: duckdb.DuckDBPyConnection
    quarter: str
    settings: dict[str, float]

    @property
    def q_index(self) -> int:
        return quarter_index(self.quarter)


def run_method(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> MethodRun:
    """`quarter` resolved (default: the default quarter) and the method computed for it."""
    quarter = resolve_quarter(con, quarter)
    return MethodRun(con, quarter, compute(con))


def check_client(con: duckdb.DuckDBPyConnection, client_id: str | None) -> None:
    """UnknownClient unless `client_id` is None or in the clients table."""
    if client_id is not None:
        found = con.execute("select count(*) from clients where client_id = ?", [client_id]).fetchone()[0]
        if not found:
            raise UnknownClient(client_id)


POSITION_COLUMNS = """
    p.client_id, c.name, c.segment, c.region, c.account_manager, p.quarter,
    p.score, p.stage, p.change, p.is_new, p.tenure_quarters,
    p.high_wide, p.dialogue, p.trust, p.balance, p.value, p.coverage, p.provisional
"""


def _positions(con: duckdb.DuckDBPyConnection, where: str, params: list) -> pd.DataFrame:
    return con.execute(
        f"select {POSITION_COLUMNS} from client_positions as p "  # noqa: S608 - fixed text
        f"join clients as c on c.client_id = p.client_id where not p.dormant and ({where}) "
        "order by p.score desc nulls last, c.name, p.client_id",
        params,
    ).df()


@per_client
def score_clients(
    con: duckdb.DuckDBPyConnection, quarter: str | None = None, client_id: str | None = None
) -> pd.DataFrame:
    """One row per client scored in `quarter` (default: the default quarter).

    Columns: client_id, name, segment, region, account_manager, quarter, score (0-100),
    stage (a STAGES id), change (score minus the client's previous quarter; null in
    its first), is_new, tenure_quarters, the five dimension scores high_wide,
    dialogue, trust, balance, value (0-100; null when the data measures none of the
    dimension's components), coverage (the share of the weight measured, 0..1) and
    provisional (coverage below the min_coverage setting). Highest score first; a client
    measured on nothing has a null score and stage, and comes last. A dormant client (no
    deal, touch or cost for dormant_quarters quarters) is not placed: see dormant_clients.
    """
    run = run_method(con, quarter)
    check_client(con, client_id)
    return positions_of(run, client_id)


def positions_of(run: MethodRun, client_id: str | None = None) -> pd.DataFrame:
    """score_clients of the run's quarter, read from the run's results."""
    if client_id is None:
        return _positions(run.con, "p.q_index = ?", [run.q_index])
    return _positions(run.con, "p.q_index = ? and p.client_id = ?", [run.q_index, client_id])


def score_all(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The columns of score_clients for every client and every quarter, oldest first."""
    compute(con)
    return _positions(con, "true", []).sort_values(["quarter", "client_id"]).reset_index(drop=True)


@per_client
def score_quarters(con: duckdb.DuckDBPyConnection, quarters: tuple[str, ...]) -> pd.DataFrame:
    """The columns of score_clients for every client in each of `quarters` (a quarter
    without data gives no rows), oldest first: what the Portfolio and Signals pages need
    (this quarter and the last) without reading every quarter of every client."""
    compute(con)
    return _positions_in(con, quarters)


def positions_in(run: MethodRun, quarters: tuple[str, ...]) -> pd.DataFrame:
    """score_quarters from the run's results (its quarter and others around it)."""
    return _positions_in(run.con, quarters)


def _positions_in(con: duckdb.DuckDBPyConnection, quarters: tuple[str, ...]) -> pd.DataFrame:
    wanted = [quarter_index(q) for q in quarters]
    frame = _positions(con, "list_contains(?, p.q_index)", [wanted])
    return frame.sort_values(["quarter", "client_id"]).reset_index(drop=True)


@client_detail("client_id")
def score_history(con: duckdb.DuckDBPyConnection, client_id: str) -> pd.DataFrame:
    """The columns of score_clients for one client in every quarter it was scored, oldest first."""
    check_client(con, client_id)
    compute(con)
    return _positions(con, "p.client_id = ?", [client_id]).sort_values("quarter").reset_index(drop=True)


@per_client
def contributions(
    con: duckdb.DuckDBPyConnection, quarter: str | None = None, client_id: str | None = None
) -> pd.DataFrame:
    """One row per client, dimension and component in `quarter`: client_id, quarter,
    dimension (a DIMENSIONS id), ordinal, component, points (added to the base of 50)
    and sentence (the component in words, with its numbers and points)."""
    run = run_method(con, quarter)
    check_client(con, client_id)
    return contributions_of(run, client_id)


def contributions_of(run: MethodRun, client_id: str | None = None) -> pd.DataFrame:
    """contributions of the run's quarter, read from the run's results."""
    return run.con.execute(
        """
        select
            m.client_id,
            $quarter as quarter,
            m.dimension,
            m.ordinal,
            m.component,
            m.points::int as points,
            m.sentence
        from method_contributions as m
        join (select unnest($dimensions::varchar[]) as dimension, generate_subscripts($dimensions::varchar[], 1) as d)
            as o on o.dimension = m.dimension
        where m.q_index = $q_index and ($client_id is null or m.client_id = $client_id)
        order by m.client_id, o.d, m.ordinal
        """,
        {
            "quarter": run.quarter,
            "q_index": run.q_index,
            "client_id": client_id,
            "dimensions": [d for d, _ in DIMENSIONS],
        },
    ).df()
