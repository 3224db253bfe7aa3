"""The method's weights and thresholds: documented defaults, stored in the `settings` table.

Every number the scoring, signal and value queries use is a setting here. The registry
below is the one place that names them, with a default, a range and the reason; a
database holds one row per key in `settings` (written on open when missing), and the
values in that table are the ones in force. Changing a row changes the results on the
next computation without any code change. docs/method.md explains each group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics.access import administers, aggregate
from analytics.errors import ContinuumError


@dataclass(frozen=True)
class Setting:
    key: str
    default: float
    group: str
    label: str
    lo: float
    hi: float
    unit: str = ""


GROUPS = {
    "position": "Position on the continuum",
    "high_wide": "High and Wide",
    "dialogue": "Dialogue",
    "trust": "Trust and candour",
    "balance": "Balance",
    "value": "Value",
    "signals": "Warning signals",
    "history": "History and new clients",
}


def _s(key, default, group, label, lo, hi, unit=""):
    return Setting(key, float(default), group, label, float(lo), float(hi), unit)


REGISTRY: tuple[Setting, ...] = (
    # ---- position: weights of the composite and the stage cut-offs
    _s("weight_high_wide", 0.25, "position", "Weight of High and Wide", 0, 1),
    _s("weight_dialogue", 0.20, "position", "Weight of Dialogue", 0, 1),
    _s("weight_trust", 0.20, "position", "Weight of Trust and candour", 0, 1),
    _s("weight_balance", 0.15, "position", "Weight of Balance", 0, 1),
    _s("weight_value", 0.20, "position", "Weight of Value", 0, 1),
    _s("stage_contact_min", 40, "position", "Lowest score of the Contact stage", 0, 100, "points"),
    _s("stage_rapport_min", 50, "position", "Lowest score of the Rapport stage", 0, 100, "points"),
    _s("stage_working_trust_min", 60, "position", "Lowest score of the Working trust stage", 0, 100, "points"),
    _s("stage_partnership_min", 70, "position", "Lowest score of the Partnership stage", 0, 100, "points"),
    _s("min_coverage", 0.5, "position", "Share of the weight measured below which a stage is provisional", 0, 1),
    # ---- history: trends need a baseline; new clients are flagged, not punished
    _s("min_history_quarters", 2, "history", "Prior quarters needed before a trend is scored", 1, 4, "quarters"),
    _s("new_client_quarters", 2, "history", "A client is new for this many quarters", 1, 8, "quarters"),
    _s("dormant_quarters", 4, "history", "Quarters without a deal, touch or cost after which a client is dormant", 1, 20, "quarters"),
    # ---- High and Wide
    _s("hw_contacts_ref", 4, "high_wide", "Distinct contacts touched that score 0", 0, 50, "contacts"),
    _s("hw_contacts_scale", 3, "high_wide", "Contacts above/below that give the full points", 0.5, 50, "contacts"),
    _s("hw_contacts_points", 10, "high_wide", "Points for distinct contacts", 0, 50, "points"),
    _s("hw_levels_ref", 2, "high_wide", "Seniority levels covered that score 0", 0, 4, "levels"),
    _s("hw_levels_scale", 2, "high_wide", "Levels above/below that give the full points", 0.5, 4, "levels"),
    _s("hw_levels_points", 10, "high_wide", "Points for seniority levels covered", 0, 50, "points"),
    _s("hw_delt_scale", 1, "high_wide", "Relative change of DELT that gives the full points", 0.1, 5, "ratio"),
    _s("hw_delt_points", 20, "high_wide", "Points for DELT against its trailing average", 0, 50, "points"),
    _s("hw_thread_share_ref", 0.4, "high_wide", "Top-contact share above which single-thread risk costs points", 0, 1, "share"),
    _s("hw_thread_scale", 0.5, "high_wide", "Share above the reference that costs the full points", 0.05, 1, "share"),
    _s("hw_thread_points", 20, "high_wide", "Points lost to single-thread risk", 0, 50, "points"),
    _s("hw_champion_lost_points", 15, "high_wide", "Points lost when a champion leaves", 0, 50, "points"),
    # ---- Dialogue
    _s("dl_initiative_ref", 0.35, "dialogue", "Client-initiated share that scores 0", 0, 1, "share"),
    _s("dl_initiative_scale", 0.2, "dialogue", "Share above/below that gives the full points", 0.01, 1, "share"),
    _s("dl_initiative_points", 15, "dialogue", "Points for client-initiated share", 0, 50, "points"),
    _s("dl_response_ref", 0.8, "dialogue", "Answered share of our outreach that scores 0", 0, 1, "share"),
    _s("dl_response_scale", 0.2, "dialogue", "Share above/below that gives the full points", 0.01, 1, "share"),
    _s("dl_response_points", 15, "dialogue", "Points for response to our outreach", 0, 50, "points"),
    _s("dl_voice_scale", 1, "dialogue", "Relative change of the client's voice that gives the full points", 0.1, 5, "ratio"),
    _s("dl_voice_points", 15, "dialogue", "Points for feedback and improvement requests against their trailing average", 0, 50, "points"),
    _s("dl_notice_scale", 3, "dialogue", "Net advance notices (notices minus learned from market) that give the full points", 0.5, 50, "count"),
    _s("dl_notice_points", 15, "dialogue", "Points for advance notice vs learned from the market", 0, 50, "points"),
    # ---- Trust and candour
    _s("tr_sentiment_scale", 1.5, "trust", "Average sentiment (-2..+2) that gives the full points", 0.1, 2, "sentiment"),
    _s("tr_sentiment_points", 20, "trust", "Points for sentiment", 0, 50, "points"),
    _s("tr_feedback_ref", 0.7, "trust", "NPS/CSAT (as 0-1) that scores 0", 0, 1, "0-1"),
    _s("tr_feedback_scale", 0.25, "trust", "Score above/below that gives the full points", 0.01, 1, "0-1"),
    _s("tr_feedback_points", 15, "trust", "Points for NPS/CSAT", 0, 50, "points"),
    _s("tr_complaint_scale", 0.15, "trust", "Complaints per other touch that cost the full points", 0.01, 1, "rate"),
    _s("tr_complaint_points", 20, "trust", "Points lost to complaints", 0, 50, "points"),
    _s("tr_resolved_weight", 0.5, "trust", "Weight of a complaint that was resolved (1 = as unresolved)", 0.01, 1, "ratio"),
    _s("tr_resolve_days", 30, "trust", "Days within which a positive touch resolves a complaint", 1, 365, "days"),
    _s("tr_praise_scale", 0.1, "trust", "Praise per other touch that gives the full points", 0.01, 1, "rate"),
    _s("tr_praise_points", 15, "trust", "Points for praise", 0, 50, "points"),
    # ---- Balance (partnership vs being "bent")
    _s("bl_discount_ref", 10, "balance", "Average discount that scores 0", 0, 100, "%"),
    _s("bl_discount_scale", 15, "balance", "Discount above/below that gives the full points", 1, 100, "%"),
    _s("bl_discount_points", 15, "balance", "Points for discount depth", 0, 50, "points"),
    _s("bl_discount_trend_scale", 10, "balance", "Rise in discount (percentage points) that costs the full points", 1, 100, "pp"),
    _s("bl_discount_trend_points", 10, "balance", "Points for the discount trend", 0, 50, "points"),
    _s("bl_free_share_ref", 0.3, "balance", "Free-scope and rework share of cost to serve that scores 0", 0, 1, "share"),
    _s("bl_free_share_scale", 0.3, "balance", "Share above/below that gives the full points", 0.01, 1, "share"),
    _s("bl_free_share_points", 15, "balance", "Points for free-scope and rework cost share", 0, 50, "points"),
    _s("bl_deadline_ref", 0.03, "balance", "Deadline-pressure share of touches tolerated", 0, 1, "share"),
    _s("bl_deadline_scale", 0.1, "balance", "Share above the tolerance that costs the full points", 0.01, 1, "share"),
    _s("bl_deadline_points", 10, "balance", "Points lost to deadline pressure", 0, 50, "points"),
    _s("bl_status_ref", 0.05, "balance", "Status-request share of touches tolerated", 0, 1, "share"),
    _s("bl_status_scale", 0.2, "balance", "Share above the tolerance that costs the full points", 0.01, 1, "share"),
    _s("bl_status_points", 15, "balance", "Points lost to status-request pressure", 0, 50, "points"),
    # ---- Value
    _s("vl_trend_scale", 0.5, "value", "Revenue trend relative to the market that gives the full points", 0.05, 5, "ratio"),
    _s("vl_trend_points", 20, "value", "Points for won revenue trend against the market", 0, 50, "points"),
    _s("vl_margin_ref", 0.85, "value", "Margin after cost to serve that scores 0", -1, 1, "share"),
    _s("vl_margin_scale", 0.15, "value", "Margin above/below that gives the full points", 0.01, 2, "share"),
    _s("vl_margin_points", 15, "value", "Points for margin after cost to serve", 0, 50, "points"),
    _s("vl_ltv_points", 10, "value", "Points for LTV rank in the portfolio (top +, bottom -)", 0, 50, "points"),
    _s("vl_referral_scale", 2, "value", "Referrals in the last 4 quarters that give the full points", 0.5, 50, "count"),
    _s("vl_referral_points", 10, "value", "Points for referral value", 0, 50, "points"),
    _s("vl_strategic_scale", 10, "value", "Improvement requests, workshops and events a quarter that give the full points", 0.5, 100, "count"),
    _s("vl_strategic_points", 5, "value", "Points for strategic and educational value", 0, 50, "points"),
    _s("ltv_retention", 0.85, "value", "Yearly retention assumed by LTV", 0, 0.99, "share"),
    _s("ltv_discount_rate", 0.10, "value", "Yearly discount rate of LTV", 0, 1, "rate"),
    _s("hourly_cost", 65, "value", "Cost of an hour when a cost row has hours but no cost", 0, 10000, "currency"),
    # ---- signals: a measure, three severity thresholds, and a guard against noise
    _s("access_decline_low", 0.5, "signals", "Access decline: DELT drop for low", 0, 1, "share"),
    _s("access_decline_medium", 0.6, "signals", "Access decline: DELT drop for medium", 0, 1, "share"),
    _s("access_decline_high", 0.8, "signals", "Access decline: DELT drop for high", 0, 1, "share"),
    _s("access_decline_min_baseline", 5, "signals", "Access decline: lowest trailing DELT a quarter that can decline", 0, 100, "touches"),
    _s("no_advance_info_low", 2, "signals", "No advance info: learned from market for low", 1, 100, "count"),
    _s("no_advance_info_medium", 3, "signals", "No advance info: learned from market for medium", 1, 100, "count"),
    _s("no_advance_info_high", 5, "signals", "No advance info: learned from market for high", 1, 100, "count"),
    _s("revenue_decline_low", 0.5, "signals", "Revenue decline: unexplained decline for low", 0, 1, "share"),
    _s("revenue_decline_medium", 0.6, "signals", "Revenue decline: unexplained decline for medium", 0, 1, "share"),
    _s("revenue_decline_high", 0.75, "signals", "Revenue decline: unexplained decline for high", 0, 1, "share"),
    _s("revenue_decline_min_deals", 8, "signals", "Revenue decline: won deals needed in the base window", 1, 1000, "deals"),
    _s("feedback_silence_low", 0.65, "signals", "Feedback silence: drop of the client's voice for low", 0, 1, "share"),
    _s("feedback_silence_medium", 0.8, "signals", "Feedback silence: drop for medium", 0, 1, "share"),
    _s("feedback_silence_high", 0.95, "signals", "Feedback silence: drop for high", 0, 1, "share"),
    _s("feedback_silence_min_baseline", 4, "signals", "Feedback silence: lowest voice a quarter that can fall silent", 0, 100, "count"),
    _s("micromanagement_low", 0.15, "signals", "Micromanagement: status-request share for low", 0, 1, "share"),
    _s("micromanagement_medium", 0.22, "signals", "Micromanagement: share for medium", 0, 1, "share"),
    _s("micromanagement_high", 0.3, "signals", "Micromanagement: share for high", 0, 1, "share"),
    _s("micromanagement_min_requests", 5, "signals", "Micromanagement: fewest status requests that count", 1, 1000, "count"),
    _s("team_morale_low", 1.25, "signals", "Team morale: drop below trailing average for low", 0, 4, "points of 5"),
    _s("team_morale_medium", 1.75, "signals", "Team morale: drop for medium", 0, 4, "points of 5"),
    _s("team_morale_high", 2.5, "signals", "Team morale: drop for high", 0, 4, "points of 5"),
    _s("team_morale_max", 2, "signals", "Team morale: highest morale that can fire", 1, 5, "of 5"),
    _s("squeeze_low", 2, "signals", "Squeeze: pressures present for low", 1, 4, "of 4"),
    _s("squeeze_medium", 3, "signals", "Squeeze: pressures for medium", 1, 4, "of 4"),
    _s("squeeze_high", 4, "signals", "Squeeze: pressures for high", 1, 4, "of 4"),
    _s("squeeze_discount_rise", 5, "signals", "Squeeze: discount rise vs trailing average that counts", 0, 100, "pp"),
    _s("squeeze_free_share", 0.5, "signals", "Squeeze: free-scope and rework share of cost to serve that counts", 0, 1, "share"),
    _s("squeeze_min_cost_rows", 3, "signals", "Squeeze: fewest free-scope and rework cost rows that count", 1, 1000, "rows"),
    _s("squeeze_deadline_share", 0.08, "signals", "Squeeze: deadline-pressure share of touches that counts", 0, 1, "share"),
    _s("squeeze_request_share", 0.15, "signals", "Squeeze: scope and discount requests share of touches that counts", 0, 1, "share"),
)

BY_KEY = {s.key: s for s in REGISTRY}

DEFAULT_REPORTING_CURRENCY = "EUR"  # until the first deals import or a person chooses one
# ISO 4217 codes in use: the reporting currency is one of them, and so is every deal's
# currency (analytics.ingest.vocabulary re-exports them beside the symbols people write)
_CODES = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP "
    "BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP "
    "GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR "
    "KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK "
    "MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR "
    "SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH "
    "UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
)
CURRENCY_CODES: tuple[str, ...] = tuple(_CODES.split())
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class BadSetting(ContinuumError):
    def __init__(self, key: str, why: str) -> None:
        super().__init__(f'Setting "{key}": {why}')


def defaults() -> dict[str, float]:
    """Every method setting with its documented default."""
    return {s.key: s.default for s in REGISTRY}


def ensure_defaults(con: duckdb.DuckDBPyConnection) -> int:
    """Write the default of every method setting that the table does not hold yet."""
    have = {row[0] for row in con.execute("select key from settings").fetchall()}
    missing = [(s.key, _text(s.default)) for s in REGISTRY if s.key not in have]
    if missing:
        con.executemany("insert into settings values (?, ?, current_timestamp)", missing)
    return len(missing)


@aggregate
def load_settings(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The values in force: the settings table over the defaults (a deleted or
    unreadable row falls back to its default)."""
    values = defaults()
    keys = list(values)
    rows = con.execute(
        "select key, try_cast(value as double) from settings where list_contains($keys, key)",
        {"keys": keys},
    ).fetchall()
    for key, value in rows:
        if value is not None:
            values[key] = value
    return values


@aggregate
def reporting_currency(con: duckdb.DuckDBPyConnection) -> str:
    """The currency every amount is reported in (a text setting, beside the method's
    numbers): deals in other currencies are converted with fx_rates."""
    row = con.execute("select value from settings where key = 'reporting_currency'").fetchone()
    return row[0] if row else DEFAULT_REPORTING_CURRENCY


@aggregate
def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the portfolio is the generated demo (analytics.demo writes the mark), so
    the sidebar and every export can say so."""
    row = con.execute("select value from settings where key = 'portfolio_origin'").fetchone()
    return bool(row) and row[0] == "demo"


def reporting_currency_is_set(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the reporting currency was ever chosen: its settings row exists.

    ensure_defaults writes only the numeric method settings of REGISTRY, never this
    row; it is written by set_reporting_currency (the command line, the Import page),
    by the demo, and by the first deals import of a fresh database. A database without
    it reports in DEFAULT_REPORTING_CURRENCY until one of those sets it."""
    return con.execute("select count(*) from settings where key = 'reporting_currency'").fetchone()[0] > 0


def check_currency_code(code: str) -> str:
    """`code` as an ISO 4217 code in upper case, or a ContinuumError saying how to write one."""
    text = str(code).strip().upper()
    if text not in CURRENCY_CODES:
        raise ContinuumError(f'"{str(code).strip()}" is not a currency code; write an ISO code like PLN, EUR or USD.')
    return text


@dataclass(frozen=True)
class CurrencyChange:
    """What changing the reporting currency did: from `previous` to `currency`, the
    exchange rates converted to the new currency, and the deals whose amount_base was
    recomputed."""

    previous: str
    currency: str
    rates_converted: int
    deals: int


@administers
def set_reporting_currency(db, code: str) -> CurrencyChange:
    """Make `code` (an ISO code) the reporting currency, in one write transaction.

    The exchange rates are rates to the reporting currency, so they are converted to the
    new one through its rate to the old one (1 USD = 0.92 EUR, 1 PLN = 0.232 EUR gives
    1 PLN = 0.232 / 0.92 USD); when the new currency has no rate and other currencies
    have one, nothing is written and the message says which rate to give first. Every
    deal's amount_base is then recomputed in the new currency."""
    currency = check_currency_code(code)
    with db.write() as cur:
        return change_reporting_currency(cur, currency)


@administers
def change_reporting_currency(cur: duckdb.DuckDBPyConnection, currency: str) -> CurrencyChange:
    """set_reporting_currency inside a transaction the caller holds (the import's, too)."""
    currency = check_currency_code(currency)
    previous = reporting_currency(cur)
    rated = {r[0] for r in cur.execute("select distinct currency from fx_rate_ranges").fetchall()} - {previous}
    converted = 0
    if currency != previous:
        if currency in rated:
            converted = _rebase_rates(cur, previous, currency)
        else:
            others = sorted(rated)
            if others:
                raise ContinuumError(
                    f"There is no rate of {currency} to {previous} yet, so the rates of {', '.join(others)} "
                    f"to {previous} cannot be converted to {currency}. Give the rate of 1 {currency} in "
                    f"{previous} first (Import page, Exchange rates; or: python -m analytics rates set "
                    f"{currency} RATE), then change the reporting currency."
                )
            # the old currency's own rows (1) say nothing of its rate to the new one
            cur.execute("delete from fx_rates where currency = $c", {"c": previous})
            cur.execute("delete from fx_rates_dated where currency = $c", {"c": previous})
    cur.execute(
        "insert or replace into settings values ('reporting_currency', $c, current_timestamp)", {"c": currency}
    )
    return CurrencyChange(previous, currency, converted, recompute_amount_base(cur))


# Every rate, dated or not, as a rate to the new reporting currency: at each quarter where
# the currency's rate or the new currency's rate changes, rate / the new currency's rate
# (the old reporting currency is 1 throughout). A rate equal to the one before it is left
# out, so a currency gets no dates that only the new currency had, unless its cross rate
# changes there. The new currency itself converts at 1 and keeps no row.
_REBASE_SQL = """
create or replace temp table fx_rebased as
with ranges as (
    select currency, q_from, q_to, rate_to_base from fx_rate_ranges where currency <> $old
    union all
    select $old, -1000000, 999999, 1.0
),
new_rate as (
    select q_from, q_to, rate_to_base from ranges where currency = $new
),
breaks as (
    select distinct c.currency, b.q_from
    from (select distinct currency from ranges where currency <> $new) as c
    join ranges as b on b.currency = c.currency or b.currency = $new
),
rebased as (
    select br.currency, br.q_from, x.rate_to_base / n.rate_to_base as rate
    from breaks as br
    join ranges as x on x.currency = br.currency and br.q_from between x.q_from and x.q_to
    join new_rate as n on br.q_from between n.q_from and n.q_to
)
select currency, q_from, rate
from rebased
qualify lag(rate) over (partition by currency order by q_from) is distinct from rate
"""


def _rebase_rates(cur: duckdb.DuckDBPyConnection, old: str, new: str) -> int:
    """Convert every rate to the reporting currency `old` into a rate to `new`, which has a
    rate; returns the currencies converted."""
    cur.execute(_REBASE_SQL, {"old": old, "new": new})
    cur.execute("delete from fx_rates")
    cur.execute("delete from fx_rates_dated")
    cur.execute("insert into fx_rates select currency, rate from fx_rebased where q_from = -1000000")
    cur.execute(
        """
        insert into fx_rates_dated
        select currency, (q_from // 4)::varchar || 'Q' || (q_from % 4 + 1)::varchar, q_from, rate
        from fx_rebased where q_from > -1000000
        """
    )
    converted = cur.execute("select count(distinct currency) from fx_rebased").fetchone()[0]
    cur.execute("drop table fx_rebased")
    return int(converted)


def recompute_amount_base(cur: duckdb.DuckDBPyConnection, currencies: list[str] | None = None) -> int:
    """Each deal's amount_base from its amount and currency: amount x the rate of its
    quarter (fx_rate_ranges), amount x 1 in the reporting currency (which needs no rate
    row), null with no rate.
    Only the deals in `currencies` when given. The rows kept for undo (import_prior_deals)
    are recomputed too, so an undo puts back amounts in the reporting currency in force.
    Returns the deals updated."""
    if currencies is not None and not currencies:
        return 0
    params: dict = {"rc": reporting_currency(cur)}
    only = ""
    if currencies is not None:
        params["cs"] = [str(c) for c in currencies]
        only = "where list_contains($cs::varchar[], d.currency)"
    updated = 0
    for table in ("deals", "import_prior_deals"):  # constants
        count = cur.execute(
            f"""
            update {table} as d set amount_base = d.amount * coalesce(
                (
                    select fx.rate_to_base from fx_rate_ranges as fx
                    where fx.currency = d.currency
                        and deal_rate_q(d.closed_on, d.created_on) between fx.q_from and fx.q_to
                ),
                case when d.currency = $rc then 1 end
            )
            {only}
            """,
            params,
        ).fetchone()[0]
        if table == "deals":
            updated = count
    return updated


def validate(key: str, value: float) -> float:
    """The value as a float, or BadSetting naming the key and its range."""
    setting = BY_KEY.get(key)
    if setting is None:
        raise BadSetting(key, "no such setting of the method.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadSetting(key, f'"{value}" is not a number.') from None
    if number != number or not setting.lo <= number <= setting.hi:
        raise BadSetting(key, f"{value} is outside {_text(setting.lo)}..{_text(setting.hi)}.")
    return number


def check_consistency(values: dict[str, float]) -> None:
    """Cross-key rules: positive weights, ordered stages and severities."""
    if sum(values[k] for k in WEIGHT_KEYS) <= 0:
        raise BadSetting("weight_*", "at least one dimension weight must be above 0.")
    stages = [values[k] for k in STAGE_KEYS]
    if stages != sorted(stages):
        raise BadSetting("stage_*_min", "stage cut-offs must rise from Contact to Partnership.")
    for signal in SIGNAL_IDS:
        levels = [values[f"{signal}_{s}"] for s in ("low", "medium", "high")]
        if levels != sorted(levels):
            raise BadSetting(f"{signal}_*", "thresholds must rise from low to medium to high.")


@administers
def save_settings(db, changes: dict[str, float]) -> dict[str, float]:
    """Validate and write changed values in one transaction; return the values in force."""
    with db.write() as cur:
        values = load_settings(cur)
        for key, value in changes.items():
            values[key] = validate(key, value)
        check_consistency(values)
        for key in changes:
            cur.execute(
                "insert or replace into settings values (?, ?, current_timestamp)",
                [key, _text(values[key])],
            )
    return values


@administers
def reset_settings(db, keys: list[str] | None = None) -> None:
    """Put the given keys (default: all) back to their documented defaults."""
    chosen = keys or list(BY_KEY)
    save_settings(db, {k: BY_KEY[k].default for k in chosen})


def params_for(sql_text: str, values: dict[str, float], **extra) -> dict:
    """The named parameters a query uses, from the settings and `extra` (DuckDB
    rejects parameters a query does not name)."""
    names = set(_PARAM.findall(sql_text))
    merged = {**values, **extra}
    missing = names - merged.keys()
    if missing:
        raise KeyError(f"query parameters without a value: {sorted(missing)}")
    return {name: merged[name] for name in names}


def inline_params(sql_text: str, values: dict[str, float]) -> str:
    """`sql_text` with each $name replaced by its value as a DOUBLE literal: a view
    cannot hold parameters, and the cast keeps the type a bound float parameter has."""
    params = params_for(sql_text, values)

    def literal(match: re.Match) -> str:
        return f"CAST('{float(params[match.group(1)])!r}' AS DOUBLE)"

    return _PARAM.sub(literal, sql_text)


@aggregate
def settings_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per method setting: key, group, label, unit, default, in_force (the
    value in the settings table), changed (in force differs from the default), lo, hi."""
    values = load_settings(con)
    return pd.DataFrame([
        {
            "key": s.key, "group": s.group, "label": s.label, "unit": s.unit, "default": s.default,
            "in_force": values[s.key], "changed": values[s.key] != s.default, "lo": s.lo, "hi": s.hi,
        }
        for s in REGISTRY
    ])


METHOD_DOC = Path(__file__).resolve().parent.parent / "docs" / "method.md"
_DEFAULTS_TABLE = re.compile(r"^\| setting \| default \| unit \| meaning \|\n(?:^\|.*\n?)*", re.MULTILINE)


def method_sections() -> dict[str, str]:
    """docs/method.md split at its "## " headings: heading -> text, in order, with the
    tables of defaults left out (the Method page shows the values in force instead)."""
    text = METHOD_DOC.read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    for chunk in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = chunk.partition("\n")
        sections[heading.strip()] = _DEFAULTS_TABLE.sub("", body).strip()
    return sections


def _text(value: float) -> str:
    return f"{value:g}"


WEIGHT_KEYS = ("weight_high_wide", "weight_dialogue", "weight_trust", "weight_balance", "weight_value")
STAGE_KEYS = ("stage_contact_min", "stage_rapport_min", "stage_working_trust_min", "stage_partnership_min")
SIGNAL_IDS = (
    "access_decline", "no_advance_info", "revenue_decline", "feedback_silence",
    "micromanagement", "team_morale", "squeeze",
)
