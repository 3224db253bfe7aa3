"""Hand-built portfolios for the method's tests: a few rows each, written in the test.

`Tiny` writes rows into an in-memory database with the full schema, so a test reads
as a list of facts ("four touches with the director in 2025Q1") followed by the exact
numbers the method must compute from them.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from analytics.method.continuum import contributions, score_clients
from analytics.method.signals import signals_for_quarter

_ids = itertools.count(1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Tiny:
    """Writes a tiny portfolio into `db` (an in-memory Database)."""

    def __init__(self, db) -> None:
        self.db = db
        self.cur = db.cursor()
        self.cur.execute("insert into fx_rates values ('EUR', 1.0), ('PLN', 0.25)")

    def client(self, client_id: str, *, segment: str = "Enterprise", first_seen: str | None = "2020-01-01") -> str:
        self.cur.execute(
            "insert into clients (client_id, name, segment, first_seen) values (?, ?, ?, ?)",
            [client_id, f"Client {client_id}", segment, first_seen],
        )
        return client_id

    def contact(
        self, client_id: str, level: str, *, name: str | None = None, champion: bool = False,
        left: str | None = None, title: str | None = None,
    ) -> str:
        contact_id = f"P{next(_ids)}"
        self.cur.execute(
            "insert into contacts (contact_id, client_id, name, title, level, is_champion, active_to) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [contact_id, client_id, name or f"{level.title()} {contact_id}", title, level, champion, left],
        )
        return contact_id

    def touches(
        self, client_id: str, on: str, count: int = 1, *, contact: str | None = None, by: str = "client",
        answered: bool | None = None, sentiment: int | None = None, tags: tuple[str, ...] = (),
        channel: str = "email",
    ) -> None:
        """`count` interactions on the day `on` (each a second apart)."""
        start = dt.datetime.combine(day(on), dt.time(9))
        for i in range(count):
            self.cur.execute(
                "insert into interactions (interaction_id, client_id, contact_id, occurred_at, channel, "
                "initiated_by, answered, sentiment, tags) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [f"I{next(_ids):06d}", client_id, contact, start + dt.timedelta(seconds=i), channel, by,
                 answered, sentiment, list(tags)],
            )

    def deal(
        self, client_id: str, closed: str | None, amount: float, *, status: str = "won",
        discount: float | None = None, created: str | None = None, currency: str = "EUR",
    ) -> None:
        self.cur.execute(
            "insert into deals (deal_id, client_id, status, amount, currency, created_on, closed_on, "
            "discount_pct) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [f"D{next(_ids)}", client_id, status, amount, currency, created or closed, closed, discount],
        )

    def feedback(self, client_id: str, on: str, kind: str, score: float | None) -> None:
        self.cur.execute(
            "insert into feedback (feedback_id, client_id, received_on, kind, score) values (?, ?, ?, ?, ?)",
            [f"F{next(_ids)}", client_id, on, kind, score],
        )

    def cost(self, client_id: str, on: str, cost: float, category: str = "support") -> None:
        self.cur.execute(
            "insert into service_costs (cost_id, client_id, day, cost, category) values (?, ?, ?, ?, ?)",
            [f"K{next(_ids)}", client_id, on, cost, category],
        )

    def pulse(self, client_id: str, quarter: str, morale: int) -> None:
        self.cur.execute("insert into team_pulse (client_id, quarter, morale) values (?, ?, ?)",
                         [client_id, quarter, morale])

    def market(self, segment: str, quarter: str, index: float) -> None:
        self.cur.execute("insert into market_trend values (?, ?, ?)", [segment, quarter, index])

    # ---- reading results back

    def scores(self, quarter: str | None = None) -> dict[str, dict]:
        frame = score_clients(self.db.cursor(), quarter)
        return {row["client_id"]: row for row in frame.to_dict("records")}

    def parts(self, client_id: str, dimension: str, quarter: str | None = None) -> list[tuple[str, int, str]]:
        """(component, points, sentence) of one dimension, in reading order; points None
        for a component the portfolio's data does not measure."""
        frame = contributions(self.db.cursor(), quarter, client_id)
        frame = frame[frame["dimension"] == dimension]
        return [(r.component, None if pd.isna(r.points) else int(r.points), r.sentence) for r in frame.itertuples()]

    def signals(self, quarter: str | None = None, signal_id: str | None = None) -> dict[str, dict]:
        """client_id -> the firing signal's row (of `signal_id`, when given)."""
        frame = signals_for_quarter(self.db.cursor(), quarter)
        if signal_id:
            frame = frame[frame["signal_id"] == signal_id]
        return {row["client_id"]: row for row in frame.to_dict("records")}
