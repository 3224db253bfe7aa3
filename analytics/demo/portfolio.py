"""A realistic, deterministic demo portfolio with planted stories.

Everything is drawn with numpy over a client x quarter grid of parameters (no Python
loop over clients or events), then loaded into DuckDB in bulk, so 10,000 clients and
about 5,000,000 interactions build in seconds. The planted stories (analytics.demo.stories)
give every later analytic something true to find: one client per warning signal, a
single-threaded client whose champion leaves, a new client and healthy partnerships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.access import administers
from analytics.db import Database
from analytics.demo.reviews import build_demo_reviews
from analytics.demo.stories import STORY_NAMES, STORY_ORDER, client_id, story_positions
from analytics.quarters import last_complete_quarter, quarter_range, quarter_start, shift_quarter

TAGS = (
    "status_request",
    "improvement_request",
    "complaint",
    "praise",
    "referral",
    "advance_notice",
    "learned_from_market",
    "scope_request",
    "discount_request",
    "deadline_pressure",
    "escalation",
)
CHANNELS = ("email", "call", "meeting", "support", "qbr", "workshop", "event")
CHANNEL_P = (0.44, 0.22, 0.15, 0.10, 0.03, 0.03, 0.03)
LEVELS = ("executive", "director", "manager", "staff")
SEGMENTS = ("Enterprise", "Mid-market", "Small business")
SEGMENT_P = (0.25, 0.45, 0.30)
REGIONS = ("Central Poland", "Southern Poland", "Northern Poland", "DACH", "Nordics", "UK & Ireland")
INDUSTRIES = (
    "Manufacturing", "Retail", "Financial services", "Logistics",
    "Healthcare", "Software", "Energy", "Public sector",
)
CURRENCIES = ("PLN", "EUR", "USD")
CURRENCY_P = (0.6, 0.25, 0.15)
FX_TO_EUR = {"EUR": 1.0, "PLN": 0.232, "USD": 0.92}
HOURLY_COST_EUR = 65.0

PARTNER_NAMES = (
    "Amber Logistics S.A.", "Warta Pharma S.A.", "Helios Retail Sp. z o.o.",
    "Carpathia Bank S.A.", "Fjord Systems AB", "Wawel Hotels Group",
)
NAME_HEADS = (
    "Agro", "Alba", "Arcon", "Astra", "Bolt", "Borea", "Cedro", "Delta", "Echo", "Ferro",
    "Gala", "Hansa", "Ideal", "Jantar", "Kappa", "Lumen", "Magna", "Nova", "Orion", "Polar",
    "Quadra", "Rubin", "Sigma", "Terra", "Unio", "Vector", "Wisla", "Zenit", "Granit", "Opal",
    "Merkur", "Saturn", "Lotos", "Sokol", "Iskra", "Wega", "Atlas", "Kolos", "Mewa", "Orzel",
)
NAME_TAILS = {
    "Manufacturing": "Industries", "Retail": "Retail", "Financial services": "Finance",
    "Logistics": "Logistics", "Healthcare": "Medical", "Software": "Systems",
    "Energy": "Energy", "Public sector": "Services",
}
REGION_FORMS = {
    "Central Poland": ("Sp. z o.o.", "S.A."), "Southern Poland": ("Sp. z o.o.", "sp.k."),
    "Northern Poland": ("S.A.", "Sp. z o.o."), "DACH": ("GmbH", "AG"),
    "Nordics": ("AB", "AS"), "UK & Ireland": ("Ltd", "plc"),
}
FIRST_NAMES = (
    "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Agnieszka", "Paweł",
    "Joanna", "Marcin", "Ewa", "Krzysztof", "Julia", "Jakub", "Olga", "Igor", "Sophie",
    "Lukas", "Emma", "Oliver", "Ingrid", "Lars", "Hannah", "Daniel", "Marta", "Adam",
)
LAST_NAMES = (
    "Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
    "Szymański", "Woźniak", "Dąbrowska", "Müller", "Schmidt", "Larsen", "Berg", "Smith",
    "Taylor", "Novak", "Ivanova", "Petrov", "Keller", "Hansen", "Brown", "Mazur", "Krawczyk",
)
TITLES = {
    "executive": ("CEO", "CFO", "COO", "Managing Director"),
    "director": ("Director of Operations", "Procurement Director", "IT Director", "Sales Director"),
    "manager": ("Project Manager", "Procurement Manager", "Operations Manager", "Product Manager"),
    "staff": ("Specialist", "Analyst", "Coordinator", "Engineer"),
}
MANAGERS = (
    "Alicja Nowicka", "Bartosz Wrona", "Celina Marek", "Dawid Sobczak",
    "Elena Vogt", "Filip Jasiński", "Greta Holm", "Henryk Zając",
)


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    contacts: int
    interactions: int
    deals: int
    feedback: int
    service_costs: int
    quarters: list[str]
    seconds: float


def _story_array(n_clients: int) -> np.ndarray:
    story = np.full(n_clients, "typical", dtype=object)
    for i, index in enumerate(story_positions(n_clients)):
        story[index] = STORY_ORDER[i]
    return story


@administers
def build_demo(
    db: Database,
    *,
    clients: int = 60,
    quarters: int = 12,
    seed: int = 7,
    end_quarter: str | None = None,
) -> DemoSummary:
    """Replace the portfolio in `db` with a generated one; one transaction.

    Deterministic for (clients, quarters, seed, end_quarter). The default end quarter is
    the last complete quarter before today.
    """
    started = dt.datetime.now()
    if clients < 1 or quarters < 4:
        raise ValueError("a demo needs at least 1 client and 4 quarters (its stories need a before and an after)")
    qs = quarter_range(end_quarter or last_complete_quarter(), quarters)
    frames = _generate(np.random.default_rng(seed), clients, qs)
    with db.write() as cur:
        for table in (
            "actions", "reviews", "team_pulse", "service_costs", "feedback", "deals",
            "interactions", "contacts", "clients", "market_trend", "fx_rates",
            "import_rejects", "import_batches",
        ):
            cur.execute(f"delete from {table}")  # noqa: S608 - fixed table names
        _load(cur, frames)
        build_demo_reviews(cur, qs)
    db.cursor().execute("checkpoint")  # fold the write-ahead log into the file
    counts = {k: len(v) for k, v in frames.items()}
    return DemoSummary(
        clients=counts["clients"],
        contacts=counts["contacts"],
        interactions=counts["interactions"],
        deals=counts["deals"],
        feedback=counts["feedback"],
        service_costs=counts["service_costs"],
        quarters=qs,
        seconds=(dt.datetime.now() - started).total_seconds(),
    )


# --------------------------------------------------------------------------- grid


def _generate(rng: np.random.Generator, n: int, qs: list[str]) -> dict[str, pd.DataFrame]:
    q = len(qs)
    starts = np.array([np.datetime64(quarter_start(x), "D") for x in qs])
    ends = np.array([np.datetime64(quarter_start(shift_quarter(x, 1)), "D") for x in qs])
    days = (ends - starts).astype(int)
    story = _story_array(n)
    is_ = {name: story == name for name in set(STORY_ORDER) | {"typical"}}
    t = np.arange(q)[None, :]
    recent = t >= q - 2  # the last two quarters, where stories show

    # ---- client attributes
    segment = rng.choice(len(SEGMENTS), n, p=SEGMENT_P)
    size = rng.lognormal(0.0, 0.8, n) * np.array([2.2, 1.0, 0.45])[segment]
    # story clients are accounts that matter: big enough for their story to be visible
    size[story != "typical"] = np.maximum(size[story != "typical"], 1.2)
    size[is_["partnership"]] = np.maximum(size[is_["partnership"]], 1.6)
    industry = rng.integers(0, len(INDUSTRIES), n)
    region = rng.integers(0, len(REGIONS), n)
    n_managers = max(len(MANAGERS), n // 40)
    manager_names = np.array(list(MANAGERS) + [f"Manager {i + 1}" for i in range(n_managers - len(MANAGERS))])
    manager = rng.integers(0, n_managers, n)
    currency = rng.choice(len(CURRENCIES), n, p=CURRENCY_P)
    # tenure: most clients predate the window, some join inside it
    join_q = np.where(rng.random(n) < 0.1, rng.integers(1, max(2, q - 2), n), 0)
    join_q[is_["new_client"]] = q - 1
    join_q[is_["partnership"] | (story != "typical") & ~is_["new_client"]] = 0
    active = t >= join_q[:, None]
    first_seen = starts[join_q] + (rng.random(n) * days[join_q] * 0.3).astype("timedelta64[D]")
    veteran = join_q == 0
    first_seen[veteran] = starts[0] - (rng.integers(90, 3000, veteran.sum())).astype("timedelta64[D]")

    # ---- per client x quarter parameters (typical, then stories)
    def per_client(mean: float, sd: float, lo: float, hi: float) -> np.ndarray:
        return np.clip(rng.normal(mean, sd, n), lo, hi)[:, None] * np.ones((1, q))

    growth = rng.normal(0.01, 0.025, n)
    rev = np.exp(growth[:, None] * t) * np.ones((n, q))
    touches = np.clip(size, 0.5, 2.5)[:, None] * 35.0 * np.ones((1, q))
    exec_share = per_client(0.22, 0.07, 0.08, 0.4)
    client_init = per_client(0.38, 0.08, 0.15, 0.6)
    answered = per_client(0.82, 0.06, 0.6, 0.97)
    sentiment = per_client(0.4, 0.35, -0.6, 1.2)
    discount = per_client(10.0, 4.0, 0.0, 25.0)
    morale = per_client(3.7, 0.4, 2.8, 4.8)
    nps = per_client(7.2, 1.0, 4.0, 9.5)
    feedback_rate = per_client(1.0, 0.3, 0.4, 2.0)
    champion_share = np.zeros((n, q))
    p = {tag: per_client(base, base / 3, 0.0, 1.0) for tag, base in (
        ("status_request", 0.05), ("improvement_request", 0.06), ("complaint", 0.04),
        ("praise", 0.04), ("referral", 0.008), ("advance_notice", 0.03),
        ("learned_from_market", 0.004), ("scope_request", 0.04), ("discount_request", 0.02),
        ("deadline_pressure", 0.03), ("escalation", 0.01),
    )}
    cost_mult = {c: np.ones((n, q)) for c in ("support", "rework", "free_scope", "other")}

    def where(name: str, when: np.ndarray | bool = True) -> np.ndarray:
        return is_[name][:, None] & (np.ones((1, q), bool) & when)

    m = where("partnership")
    exec_share[m], client_init[m], answered[m], sentiment[m] = 0.34, 0.52, 0.95, 1.2
    discount[m], morale[m], nps[m], feedback_rate[m] = 5.0, 4.5, 9.0, 1.6
    p["praise"][m], p["referral"][m], p["improvement_request"][m] = 0.12, 0.03, 0.09
    p["advance_notice"][m], p["complaint"][m], p["learned_from_market"][m] = 0.08, 0.02, 0.0
    p["status_request"][m], p["discount_request"][m], p["deadline_pressure"][m] = 0.02, 0.005, 0.01
    rev[is_["partnership"]] = np.exp(0.04 * t) * np.ones((1, q))

    m = where("access_decline", recent)
    exec_share[is_["access_decline"]] = 0.3
    exec_share[m], answered[m], client_init[m] = 0.02, 0.45, 0.25

    m = where("no_advance_info")
    p["advance_notice"][m] = 0.05
    m = where("no_advance_info", recent)
    p["advance_notice"][m], p["learned_from_market"][m] = 0.0, 0.12

    rows = is_["revenue_decline"]
    rev[rows] = np.exp(0.03 * t) * np.ones((1, q))
    rev[rows, -3:] = np.array([0.75, 0.5, 0.35])
    segment[rows] = 0  # Enterprise, whose market keeps growing

    rows = is_["feedback_silence"]
    p["improvement_request"][rows], p["complaint"][rows], feedback_rate[rows] = 0.12, 0.06, 2.0
    m = where("feedback_silence", recent)
    p["improvement_request"][m], p["complaint"][m], feedback_rate[m] = 0.0, 0.0, 0.0
    client_init[m], p["praise"][m] = 0.15, 0.0

    m = where("micromanagement", recent)
    p["status_request"][m], p["escalation"][m], p["deadline_pressure"][m] = 0.35, 0.06, 0.1
    sentiment[m] = -0.2

    rows = is_["team_morale"]
    morale[rows] = 4.2
    morale[rows, -2:] = np.array([2.4, 1.6])

    rows = is_["squeeze"]
    discount[rows] = np.linspace(8.0, 38.0, q)
    m = where("squeeze", recent)
    p["discount_request"][m], p["deadline_pressure"][m], p["scope_request"][m] = 0.15, 0.15, 0.12
    cost_mult["free_scope"][m], cost_mult["rework"][m] = 7.0, 3.0

    rows = is_["single_thread_champion_left"]
    champion_share[rows], exec_share[rows] = 0.85, 0.05
    touches[rows, -1] *= 0.45

    m = where("new_client")
    sentiment[m], nps[m], morale[m] = 0.8, 8.0, 4.0

    touches = np.where(active, touches, 0.0)
    return _draw_tables(
        rng, n, qs, starts, days, story, segment, size, industry, region, manager_names,
        manager, currency, first_seen, active, rev, touches, exec_share, client_init,
        answered, sentiment, discount, morale, nps, feedback_rate, champion_share, p, cost_mult,
    )


def _draw_tables(
    rng, n, qs, starts, days, story, segment, size, industry, region, manager_names, manager,
    currency, first_seen, active, rev, touches, exec_share, client_init, answered, sentiment,
    discount, morale, nps, feedback_rate, champion_share, p, cost_mult,
) -> dict[str, pd.DataFrame]:
    """Turn the parameter grid into event tables with vectorised draws."""
    q = len(qs)
    ids = np.array([client_id(i) for i in range(n)], dtype=object)
    names = _client_names(rng, n, industry, region, story)
    named = story != "typical"
    region = region.copy()
    region[named] = [_region_of_name(x) for x in names[named]]
    end_day = starts[-1] + np.timedelta64(int(days[-1]) - 1, "D")

    clients = pd.DataFrame({
        "client_id": ids,
        "name": names,
        "segment": np.array(SEGMENTS, dtype=object)[segment],
        "industry": np.array(INDUSTRIES, dtype=object)[industry],
        "region": np.array(REGIONS, dtype=object)[region],
        "account_manager": manager_names[manager],
        "first_seen": first_seen.astype("datetime64[s]"),
        "service_tier": np.where(size > 1.5, "Key account", np.where(size > 0.6, "Standard", "Light")),
    })

    # ---- contacts: at least 4 per client: 0 executive, 1 director (champion),
    # 2 manager (stable, never leaves), 3 staff; more at random levels.
    k = 4 + rng.poisson(np.clip(size, 0.3, 3.0) * 13)
    offs = np.concatenate([[0], np.cumsum(k)[:-1]])
    total = int(k.sum())
    owner = np.repeat(np.arange(n), k)
    pos = np.arange(total) - offs[owner]
    level = np.where(pos < 4, np.minimum(pos, 3), rng.choice(4, total, p=(0.1, 0.2, 0.35, 0.35)))
    champion = pos == 1
    c_from = np.where(
        rng.random(total) < 0.12,
        starts[0] + (rng.random(total) * (end_day - starts[0]).astype(int)).astype("timedelta64[D]"),
        first_seen[owner],
    ).astype("datetime64[D]")
    c_from[pos < 4] = first_seen[owner[pos < 4]]
    leave = (rng.random(total) < 0.06) & (pos != 2)
    leave |= champion & (rng.random(total) < 0.06) & (story[owner] == "typical")
    leave &= ~((story[owner] == "partnership") & (pos < 4))
    leave_day = c_from + (rng.random(total) * (end_day - c_from).astype(int)).astype("timedelta64[D]")
    st_rows = champion & (story[owner] == "single_thread_champion_left")
    leave[st_rows] = True
    leave_day[st_rows] = starts[-1] + np.timedelta64(int(days[-1]) // 2, "D")
    c_to = np.where(leave, leave_day, np.datetime64("NaT"))
    first = rng.integers(0, len(FIRST_NAMES), total)
    last = rng.integers(0, len(LAST_NAMES), total)
    title_pick = rng.integers(0, 4, total)
    contacts = pd.DataFrame({
        "contact_index": np.arange(total),
        "client_index": owner,
        "name": np.char.add(np.char.add(np.array(FIRST_NAMES)[first], " "), np.array(LAST_NAMES)[last]),
        "title": np.array([TITLES[lv] for lv in LEVELS])[level, title_pick],
        "level": np.array(LEVELS)[level],
        "is_champion": champion,
        "active_from": c_from.astype("datetime64[s]"),
        "active_to": c_to.astype("datetime64[s]"),
    })

    # contacts of each client grouped by level: start offset and count per (client, level)
    order = np.lexsort((level, owner))
    by_level_start = np.zeros((n, 4), int)
    by_level_count = np.zeros((n, 4), int)
    np.add.at(by_level_count, (owner, level), 1)
    sorted_key = owner[order] * 4 + level[order]
    first_of_key = np.searchsorted(sorted_key, np.arange(n * 4))
    by_level_start[:] = first_of_key.reshape(n, 4)

    # ---- interactions
    counts = rng.poisson(touches)
    cell = np.repeat(np.arange(n * q), counts.ravel())
    ci, ti = cell // q, cell % q
    m = len(cell)
    day_off = (rng.random(m) * days[ti]).astype("timedelta64[D]")
    when = starts[ti] + day_off
    occurred = when.astype("datetime64[s]") + (rng.integers(8 * 3600, 18 * 3600, m)).astype("timedelta64[s]")
    u = rng.random(m)
    es = exec_share[ci, ti]
    lvl = np.where(u < es * 0.4, 0, np.where(u < es, 1, np.where(u < es + (1 - es) * 0.5, 2, 3)))
    have = by_level_count[ci, lvl] > 0
    pick = by_level_start[ci, lvl] + (rng.random(m) * np.maximum(by_level_count[ci, lvl], 1)).astype(int)
    contact_idx = np.where(have, order[np.minimum(pick, total - 1)], offs[ci] + 2)
    use_champion = rng.random(m) < champion_share[ci, ti]
    contact_idx = np.where(use_champion, offs[ci] + 1, contact_idx)
    # nobody is met before they joined or after they left: the stable manager steps in
    off_duty = (when < c_from[contact_idx]) | (leave[contact_idx] & (when > c_to[contact_idx]))
    contact_idx = np.where(off_duty, offs[ci] + 2, contact_idx)
    by_client = rng.random(m) < client_init[ci, ti]
    answered_flag = np.where(by_client, np.nan, (rng.random(m) < answered[ci, ti]).astype(float))
    channel = rng.choice(len(CHANNELS), m, p=CHANNEL_P)
    tag_mask = np.zeros(m, dtype=np.int64)
    for bit, tag in enumerate(TAGS):
        tag_mask |= (rng.random(m) < p[tag][ci, ti]).astype(np.int64) << bit
    complaint = (tag_mask >> TAGS.index("complaint")) & 1
    praise = (tag_mask >> TAGS.index("praise")) & 1
    senti = np.clip(np.rint(rng.normal(sentiment[ci, ti] - 1.2 * complaint + 0.8 * praise, 0.8)), -2, 2)
    senti = np.where(rng.random(m) < 0.35, np.nan, senti)
    interactions = pd.DataFrame({
        "client_index": ci,
        "contact_index": contact_idx,
        "occurred_at": occurred,
        "channel": np.array(CHANNELS)[channel],
        "by_client": by_client,
        "answered": answered_flag,
        "sentiment": senti,
        "tag_mask": tag_mask,
    })

    # ---- deals
    deal_rate = np.where(active, np.clip(size, 0.4, 3.0)[:, None] * 3.4, 0.0)
    dcounts = rng.poisson(deal_rate)
    dcell = np.repeat(np.arange(n * q), dcounts.ravel())
    dci, dti = dcell // q, dcell % q
    d = len(dcell)
    cur = np.where(rng.random(d) < 0.9, currency[dci], rng.integers(0, 3, d))
    fx = np.array([FX_TO_EUR[c] for c in CURRENCIES])
    base_eur = 9000.0 * np.sqrt(size[dci]) * rev[dci, dti] * rng.lognormal(0, 0.35, d)
    amount = np.round(base_eur / fx[cur], -1)
    created = starts[dti] + (rng.random(d) * days[dti] * 0.5).astype("timedelta64[D]")
    closed = created + rng.integers(5, 40, d).astype("timedelta64[D]")
    p_won = np.where(story[dci] == "partnership", 0.85, 0.7)
    r = rng.random(d)
    status = np.where(r < p_won, "won", "lost")
    open_now = (dti == q - 1) & (rng.random(d) < 0.25)
    status = np.where(open_now, "open", status)
    stage = np.where(status == "won", "Closed won", "Closed lost")
    stage = np.where(status == "open", np.array(["Qualification", "Proposal", "Negotiation"])[rng.integers(0, 3, d)], stage)
    closed = np.where(status == "open", np.datetime64("NaT"), np.minimum(closed, end_day))
    disc = np.clip(np.round(rng.normal(discount[dci, dti], 2.5), 1), 0, 60)
    deals = pd.DataFrame({
        "client_index": dci,
        "title": np.array(["Annual licence renewal", "Implementation project", "Support extension",
                           "Consulting package", "Training programme", "Integration module"])[rng.integers(0, 6, d)],
        "stage": stage,
        "status": status,
        "amount": amount,
        "currency": np.array(CURRENCIES)[cur],
        "created_on": created.astype("datetime64[s]"),
        "closed_on": closed.astype("datetime64[s]"),
        "discount_pct": disc,
    })
    deals = pd.concat([deals, _steady_deals(
        rng, story, size, rev, discount, currency, deal_rate, starts, days, end_day, dci, dti, status,
    )], ignore_index=True)

    # ---- feedback
    fcounts = rng.poisson(np.where(active, feedback_rate, 0.0))
    fcell = np.repeat(np.arange(n * q), fcounts.ravel())
    fci, fti = fcell // q, fcell % q
    f = len(fcell)
    kind = rng.choice(4, f, p=(0.5, 0.3, 0.1, 0.1))
    nps_score = np.clip(np.rint(rng.normal(nps[fci, fti], 1.3)), 0, 10)
    five = np.clip(np.rint(1 + (nps_score / 10) * 4 + rng.normal(0, 0.4, f)), 1, 5)
    score = np.where(kind == 0, nps_score, np.where(kind == 3, np.nan, five))
    comments = np.array([
        "Would like faster answers from support.", "Good cooperation, keep it up.",
        "The last release fixed our main problem.", "Reporting could be clearer.",
        "Great workshop, the team learned a lot.", "Invoices arrive late.",
    ])
    feedback = pd.DataFrame({
        "client_index": fci,
        "contact_index": offs[fci] + 2,
        "received_on": (starts[fti] + (rng.random(f) * days[fti]).astype("timedelta64[D]")).astype("datetime64[s]"),
        "kind": np.array(["nps", "csat", "survey", "interview"])[kind],
        "score": score,
        "comment": comments[rng.integers(0, len(comments), f)],
    })

    # ---- service costs: hours at a standard rate, by category
    cost_frames = []
    base_rows = {"support": 4.0, "rework": 1.2, "free_scope": 0.6, "other": 0.6}
    for category, rate in base_rows.items():
        lam = np.where(active, rate * np.sqrt(np.clip(size, 0.3, 3.0))[:, None] * cost_mult[category], 0.0)
        cc = rng.poisson(lam)
        ccell = np.repeat(np.arange(n * q), cc.ravel())
        cci, cti = ccell // q, ccell % q
        hours = np.round(rng.gamma(2.0, 4.0, len(ccell)), 1) + 0.5
        cost_frames.append(pd.DataFrame({
            "client_index": cci,
            "day": (starts[cti] + (rng.random(len(ccell)) * days[cti]).astype("timedelta64[D]")).astype("datetime64[s]"),
            "hours": hours,
            "cost": np.round(hours * HOURLY_COST_EUR, 2),
            "category": category,
        }))
    costs = pd.concat(cost_frames, ignore_index=True)

    # ---- team pulse and market trend
    pci, pti = np.nonzero(active)
    pulse = pd.DataFrame({
        "client_index": pci,
        "quarter": np.array(qs, dtype=object)[pti],
        "account_manager": manager_names[manager][pci],
        "morale": np.clip(np.rint(rng.normal(morale[pci, pti], 0.35)), 1, 5).astype(int),
    })
    pulse["note"] = np.where(pulse["morale"] <= 2, "The team feels worn out by this account.",
                             np.where(pulse["morale"] >= 5, "Energising account, the team enjoys it.", None))
    seg_growth = np.array([0.03, 0.02, 0.01])
    trend = pd.DataFrame({
        "segment": np.repeat(np.array(SEGMENTS, dtype=object), q),
        "quarter": np.tile(np.array(qs, dtype=object), len(SEGMENTS)),
        "index": np.round(100 * np.exp(np.repeat(seg_growth, q) * np.tile(np.arange(q), len(SEGMENTS))), 2),
    })
    return {
        "clients": clients, "contacts": contacts, "interactions": interactions, "deals": deals,
        "feedback": feedback, "service_costs": costs, "team_pulse": pulse, "market_trend": trend,
    }


def _steady_deals(
    rng, story, size, rev, discount, currency, deal_rate, starts, days, end_day, dci, dti, status,
) -> pd.DataFrame:
    """Won deals that top up each planted client's quarter to 80% of its expected count.

    With a few deals a quarter, Poisson draws alone can leave a healthy partnership with
    one deal for three quarters: a revenue decline in the data that nobody planted.
    Planted clients carry their revenue in a steady deal flow instead, so only the
    revenue_decline story shows a decline. The top-ups come from a stream of their own
    (spawned from the seed), so every other client is drawn exactly as before.
    """
    extra = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])
    n, q = deal_rate.shape
    won = np.zeros((n, q), dtype=int)
    np.add.at(won, (dci[status == "won"], dti[status == "won"]), 1)
    p_won = np.where(story == "partnership", 0.85, 0.7)[:, None]
    planted = (story != "typical")[:, None]
    need = np.where(planted, np.maximum(np.floor(0.8 * deal_rate * p_won).astype(int) - won, 0), 0)
    cell = np.repeat(np.arange(n * q), need.ravel())
    ci, ti = cell // q, cell % q
    k = len(cell)
    fx = np.array([FX_TO_EUR[c] for c in CURRENCIES])
    base_eur = 9000.0 * np.sqrt(size[ci]) * rev[ci, ti] * extra.lognormal(0, 0.35, k)
    created = starts[ti] + (extra.random(k) * days[ti] * 0.5).astype("timedelta64[D]")
    closed = np.minimum(created + extra.integers(5, 40, k).astype("timedelta64[D]"), end_day)
    return pd.DataFrame({
        "client_index": ci,
        "title": np.array(["Annual licence renewal", "Support extension", "Consulting package"])[
            extra.integers(0, 3, k)
        ],
        "stage": "Closed won",
        "status": "won",
        "amount": np.round(base_eur / fx[currency[ci]], -1),
        "currency": np.array(CURRENCIES)[currency[ci]],
        "created_on": created.astype("datetime64[s]"),
        "closed_on": closed.astype("datetime64[s]"),
        "discount_pct": np.clip(np.round(extra.normal(discount[ci, ti], 2.5), 1), 0, 60),
    })


def _client_names(
    rng: np.random.Generator, n: int, industry: np.ndarray, region: np.ndarray, story: np.ndarray
) -> np.ndarray:
    """Company names unique within an industry, with the legal form of their region."""
    heads = np.array(NAME_HEADS, dtype=object)
    tails = np.array([NAME_TAILS[i] for i in INDUSTRIES], dtype=object)
    rank = pd.Series(industry).groupby(industry).cumcount().to_numpy()
    shuffle = rng.permutation(len(heads))
    form_pick = rng.integers(0, 2, n)
    forms = np.array([REGION_FORMS[r] for r in REGIONS], dtype=object)[region, form_pick]
    names = heads[shuffle[(rank + industry * 7) % len(heads)]] + " " + tails[industry]
    again = rank >= len(heads)
    names[again] = names[again] + " " + (rank[again] // len(heads) + 1).astype(str)
    names = names + " " + forms
    partner = 0
    for i in np.nonzero(story != "typical")[0]:
        if story[i] in STORY_NAMES:
            names[i] = STORY_NAMES[story[i]]
        else:
            names[i] = PARTNER_NAMES[partner % len(PARTNER_NAMES)]
            partner += 1
    return names


def _region_of_name(name: str) -> int:
    """Named story clients get a region that fits their legal form."""
    for r, forms in REGION_FORMS.items():
        if any(name.endswith(f) for f in forms) or name.endswith("Group") or name.endswith("Network"):
            return REGIONS.index(r)
    return 0


# --------------------------------------------------------------------------- load


def _load(cur, frames: dict[str, pd.DataFrame]) -> None:
    """Bulk insert through DuckDB's pandas scan; ids are made in SQL, not Python."""
    cur.execute("insert into fx_rates values ('EUR', 1.0), ('PLN', 0.232), ('USD', 0.92)")
    cur.execute(
        "insert or replace into settings values ('reporting_currency', 'EUR', current_timestamp)"
    )
    # the sidebar and every export say that this is generated data (analytics.settings.is_demo)
    cur.execute("insert or replace into settings values ('portfolio_origin', 'demo', current_timestamp)")
    for name, frame in frames.items():
        cur.register(f"demo_{name}", frame)
    cur.execute("""
        insert into clients (client_id, name, segment, industry, region, account_manager, first_seen, service_tier)
        select client_id, name, segment, industry, region, account_manager,
               first_seen::date, service_tier
        from demo_clients
    """)
    cur.execute("""
        insert into contacts
        select printf('P%07d', contact_index + 1),
               printf('C%05d', client_index + 1),
               name, title, level, is_champion, active_from::date, active_to::date, null
        from demo_contacts
    """)
    tag_list = "[" + ", ".join(f"'{t}'" for t in TAGS) + "]"
    cur.execute(f"""
        insert into interactions
        select printf('I%08d', row_number() over ()),
               printf('C%05d', client_index + 1),
               printf('P%07d', contact_index + 1),
               occurred_at,
               channel,
               case when by_client then 'client' else 'us' end,
               case when answered is null or isnan(answered) then null else answered = 1 end,
               case when sentiment is null or isnan(sentiment) then null else sentiment::tinyint end,
               list_filter({tag_list}, lambda x, i: ((tag_mask >> (i - 1)) & 1) = 1),
               null,
               null,
               null
        from demo_interactions
        order by occurred_at
    """)  # noqa: S608 - TAGS is a constant of this module
    cur.execute("""
        insert into deals (
            deal_id, client_id, title, stage, status, amount, currency, amount_base,
            created_on, closed_on, discount_pct, source
        )
        select printf('D%08d', row_number() over ()),
               printf('C%05d', client_index + 1),
               title, stage, status, amount, d.currency,
               round(amount * fx.rate_to_base, 2),
               created_on::date, closed_on::date, discount_pct, 'demo'
        from demo_deals as d
        join fx_rates as fx on fx.currency = d.currency
        order by created_on
    """)
    cur.execute("""
        insert into feedback
        select printf('F%07d', row_number() over ()),
               printf('C%05d', client_index + 1),
               printf('P%07d', contact_index + 1),
               received_on::date, kind,
               case when isnan(score) then null else score end,
               comment, null
        from demo_feedback
        order by received_on
    """)
    cur.execute("""
        insert into service_costs
        select printf('K%08d', row_number() over ()),
               printf('C%05d', client_index + 1),
               day::date, hours, cost, category, null
        from demo_service_costs
        order by day
    """)
    cur.execute("""
        insert into team_pulse
        select printf('C%05d', client_index + 1),
               quarter, account_manager, morale, note, null
        from demo_team_pulse
    """)
    cur.execute("insert into market_trend select segment, quarter, index from demo_market_trend")
    for name in frames:
        cur.unregister(f"demo_{name}")
