"""The account strategy for key accounts (DOMAIN §6), carried from quarter to quarter.

Goals, the stakeholder map (a role per contact, and who we have no relationship with
yet), the contact plan for the coming quarter (its executive + director touches are
the DELT target the next review checks), risks and proactive actions. Each review
saves a version for its quarter; a review without one starts from the latest before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.access import client_detail
from analytics.quarters import parse_quarter, quarter_end, quarter_start, shift_quarter
from analytics.review.errors import ReviewError
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

ROLES: list[tuple[str, str]] = [
    ("sponsor", "Sponsor"),
    ("champion", "Champion"),
    ("decision_maker", "Decision maker"),
    ("influencer", "Influencer"),
    ("detractor", "Detractor"),
]
LEVELS: list[tuple[str, str]] = [
    ("executive", "Executive"),
    ("director", "Director"),
    ("manager", "Manager"),
    ("staff", "Staff"),
]
DELT_LEVELS = ("executive", "director")  # DOMAIN §4: Director and Executive Level Touches


@dataclass
class Strategy:
    """One version of a client's account strategy.

    `quarter` is the review quarter it was saved for; `carried_from` is set when it
    was loaded from an earlier quarter because this one has none yet.
    """

    goals: str = ""
    risks: str = ""
    proactive_actions: str = ""
    people_to_reach: str = ""
    # contact_id -> (role id, note)
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)
    # level -> planned touches in the quarter after `quarter`
    contact_plan: dict[str, int] = field(default_factory=dict)
    plan_note: str = ""
    quarter: str | None = None
    carried_from: str | None = None

    def delt_target(self) -> int | None:
        """Planned executive + director touches; None without a contact plan."""
        if not self.contact_plan:
            return None
        return sum(int(self.contact_plan.get(level, 0)) for level in DELT_LEVELS)

    def is_empty(self) -> bool:
        return not any(
            [self.goals.strip(), self.risks.strip(), self.proactive_actions.strip(),
             self.people_to_reach.strip(), self.roles, self.contact_plan]
        )


def role_label(role: str | None) -> str:
    return dict(ROLES).get(role or "", "")


def level_label(level: str | None) -> str:
    return dict(LEVELS).get(level or "", level or "")


def load_strategy(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> Strategy:
    """The strategy for the review of `quarter`: its own version, else the latest
    earlier one (carried forward), else an empty one."""
    parse_quarter(quarter)
    row = con.execute(
        "select quarter, goals, risks, proactive_actions, people_to_reach from account_strategies "
        "where client_id = $c and quarter <= $q order by quarter desc limit 1",
        {"c": client_id, "q": quarter},
    ).fetchone()
    if row is None:
        return Strategy(quarter=quarter)
    saved_in = row[0]
    roles = {
        contact_id: (role, note or "")
        for contact_id, role, note in con.execute(
            "select contact_id, role, note from stakeholder_roles where client_id = $c and quarter = $q "
            "order by contact_id",
            {"c": client_id, "q": saved_in},
        ).fetchall()
    }
    plan_rows = con.execute(
        "select level, planned_touches, note from contact_plans where client_id = $c and quarter = $q",
        {"c": client_id, "q": saved_in},
    ).fetchall()
    return Strategy(
        goals=row[1] or "",
        risks=row[2] or "",
        proactive_actions=row[3] or "",
        people_to_reach=row[4] or "",
        roles=roles,
        contact_plan={level: int(n) for level, n, _ in plan_rows},
        plan_note=next((note for _, _, note in plan_rows if note), ""),
        quarter=quarter,
        carried_from=saved_in if saved_in != quarter else None,
    )


def check_strategy(strategy: Strategy) -> None:
    for contact_id, (role, _) in strategy.roles.items():
        if role and role not in dict(ROLES):
            raise ReviewError(
                f'"{role}" is not a stakeholder role (contact {contact_id}); use one of: '
                + ", ".join(label for _, label in ROLES) + "."
            )
    for level, touches in strategy.contact_plan.items():
        if level not in dict(LEVELS):
            raise ReviewError(f'"{level}" is not a contact level; use executive, director, manager or staff.')
        if int(touches) < 0:
            raise ReviewError(f"The contact plan cannot plan {touches} touches at {level} level; use 0 or more.")


def write_strategy(cur: duckdb.DuckDBPyConnection, strategy: Strategy, client_id: str, quarter: str) -> None:
    """Replace the strategy version of (client, quarter) inside the caller's transaction."""
    check_strategy(strategy)
    key = {"c": client_id, "q": quarter}
    for table in ("account_strategies", "stakeholder_roles", "contact_plans"):
        cur.execute(f"delete from {table} where client_id = $c and quarter = $q", key)  # noqa: S608 - fixed names
    cur.execute(
        "insert into account_strategies values ($c, $q, $goals, $risks, $proactive, $people, $t)",
        {
            **key,
            "goals": strategy.goals.strip() or None,
            "risks": strategy.risks.strip() or None,
            "proactive": strategy.proactive_actions.strip() or None,
            "people": strategy.people_to_reach.strip() or None,
            "t": dt.datetime.now().replace(microsecond=0),
        },
    )
    roles = [(cid, role, (note or "").strip() or None) for cid, (role, note) in strategy.roles.items() if role]
    if roles:
        cur.executemany(
            "insert into stakeholder_roles values (?, ?, ?, ?, ?)",
            [(client_id, quarter, cid, role, note) for cid, role, note in roles],
        )
    plan = [(level, int(n)) for level, n in strategy.contact_plan.items() if n is not None]
    if plan:
        cur.executemany(
            "insert into contact_plans values (?, ?, ?, ?, ?, ?)",
            [
                (client_id, quarter, shift_quarter(quarter, 1), level, n, strategy.plan_note.strip() or None)
                for level, n in plan
            ],
        )


@client_detail("client_id")
def stakeholder_map(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> pd.DataFrame:
    """One row per contact there during `quarter`, by seniority: contact_id, name, title,
    level, is_champion, role, note, count_touches_quarter, count_touches_4q,
    last_touched_at, is_without_relationship (no touch in four quarters), has_left."""
    params = {
        "client_id": client_id,
        "quarter": quarter,
        "q_start": quarter_start(quarter),
        "q_end": quarter_end(quarter),
        "year_start": quarter_start(shift_quarter(quarter, -3)),
    }
    return con.execute(sql("stakeholder_map"), params).df()


def uncovered_levels(stakeholders: pd.DataFrame) -> list[str]:
    """Levels where we know nobody, or have touched nobody in four quarters."""
    present = stakeholders[~stakeholders["has_left"].astype(bool)]
    touched = set(present.loc[present["count_touches_4q"] > 0, "level"])
    return [level for level, _ in LEVELS if level not in touched]


@client_detail("client_id")
def contact_plan_check(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> pd.DataFrame:
    """The contact plan made for `quarter` against what happened: one row per level with
    planned_in_quarter, planned_touches, actual_touches, note. Empty when no review
    planned this quarter's contacts."""
    params = {
        "client_id": client_id,
        "quarter": quarter,
        "q_start": quarter_start(quarter),
        "q_end": quarter_end(quarter),
    }
    return con.execute(sql("contact_plan_check"), params).df()


def delt_check(plan_check: pd.DataFrame) -> tuple[int, int] | None:
    """(DELT target, DELT actual) from `contact_plan_check`, or None without a plan."""
    if plan_check.empty:
        return None
    delt = plan_check[plan_check["level"].isin(DELT_LEVELS)]
    return int(delt["planned_touches"].sum()), int(delt["actual_touches"].sum())
