"""The review for the meeting: Markdown and a printable, self-contained HTML page.

One client, one quarter: where we stand (with a small chart of the path), what works,
what is slipping with its reasons, the plan, last quarter's follow-up, the investment
level and the account strategy. Renderers take a `ReviewDocument` and nothing else, so
the page (its current draft) and the command line (the saved review) print the same.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import duckdb

from analytics.access import client_detail
from analytics.errors import ContinuumError
from analytics.review.errors import NoReviewSaved, PlaybookError
from analytics.review.file_names import file_stem
from analytics.review.store import (
    PROGRESS_STATUSES,
    Action,
    Pulse,
    Review,
    client_account_manager,
    follow_up_actions,
    investment_label,
    load_review,
    previous_review,
    review_actions,
    status_label,
    team_pulse_for,
)
from analytics.review.strategy import (
    LEVELS,
    Strategy,
    contact_plan_check,
    delt_check,
    level_label,
    load_strategy,
    role_label,
    stakeholder_map,
    uncovered_levels,
)
from analytics.settings import is_demo, reporting_currency

# The same stage colours as ui/theme.py STAGE_COLORS (a test keeps them equal).
STAGE_COLORS = {
    "strained": "#b2182b",
    "contact": "#ef8a62",
    "rapport": "#d9b44a",
    "working_trust": "#67a9cf",
    "partnership": "#2166ac",
}
FORMATS = ("md", "html")
# A long contact list would bury the map: the export shows the people with a role and
# the most senior ones up to this many, and names at most NOT_YET_NAMES untouched people.
MAX_STAKEHOLDERS = 12
NOT_YET_NAMES = 8


@dataclass
class Stakeholder:
    name: str
    title: str
    level: str
    role: str  # role id or ""
    touches_4q: int


@dataclass
class ReviewDocument:
    """Everything one exported review shows; evidence as at the review's last save."""

    client_id: str
    client_name: str
    account_manager: str
    review: Review
    evidence: dict  # the review's evidence snapshot (see review_evidence.snapshot)
    plan: list[Action] = field(default_factory=list)
    follow_up: list[Action] = field(default_factory=list)
    previous_quarter: str | None = None
    strategy: Strategy = field(default_factory=Strategy)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    uncovered_levels: list[str] = field(default_factory=list)
    delt: tuple[int, int] | None = None  # (target set last quarter, actual) for this quarter
    pulse: Pulse | None = None
    labels: dict[str, str] = field(default_factory=dict)  # dimension/signal id -> label
    # the playbook entries the plan took its actions from: (title, the playbook's source section)
    chosen: list[tuple[str, str]] = field(default_factory=list)
    is_demo: bool = False  # the generated demo portfolio: every export says so
    # revenue, cost to serve and margin per quarter over the path's quarters (the Client
    # page's figures): [{quarter, revenue, cost_to_serve, margin, margin_pct}]
    value: list[dict] = field(default_factory=list)
    costs_measured: bool = True  # False: the portfolio holds no service costs, so no margin
    currency: str = "EUR"


# --------------------------------------------------------------------------- assembling


def review_document(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> ReviewDocument:
    """The saved review of `client_id` for `quarter`, ready to render.

    Uses the evidence snapshot taken when the review was saved; a review saved without
    one (imported, or from the demo) gets the evidence computed now.
    """
    review = load_review(con, client_id, quarter)
    if review is None:
        client_account_manager(con, client_id)  # UnknownClient for an id the database does not hold
        raise NoReviewSaved(client_id, quarter)
    evidence = review.evidence_snapshot
    if not evidence:
        from analytics.review.evidence import review_evidence

        evidence = review_evidence(con, client_id, quarter).snapshot()
    return assemble_document(
        con, review, review_actions(con, client_id, quarter), follow_up_actions(con, client_id, quarter),
        load_strategy(con, client_id, quarter), team_pulse_for(con, client_id, quarter), evidence,
    )


@client_detail("review")
def assemble_document(
    con: duckdb.DuckDBPyConnection,
    review: Review,
    plan: list[Action],
    follow_up: list[Action],
    strategy: Strategy,
    pulse: Pulse | None,
    evidence: dict,
) -> ReviewDocument:
    """A document from a review as written (saved or a draft) and its evidence."""
    client_id, quarter = review.client_id, review.quarter
    card = con.execute(
        "select name, account_manager from clients where client_id = $c", {"c": client_id}
    ).fetchone()
    stakeholders = stakeholder_map(con, client_id, quarter)
    present = stakeholders[~stakeholders["has_left"].astype(bool)]
    people = [
        Stakeholder(
            name=r["name"] or r["contact_id"],
            title=r["title"] or "",
            level=r["level"] or "",
            role=strategy.roles.get(r["contact_id"], ("", ""))[0],
            touches_4q=int(r["count_touches_4q"]),
        )
        for r in present.to_dict("records")
    ]
    # the people with a role first (the map's point), then by seniority as queried
    people.sort(key=lambda p: not p.role)
    previous = previous_review(con, client_id, quarter)
    return ReviewDocument(
        client_id=client_id,
        client_name=card[0] if card else client_id,
        account_manager=(card[1] if card else "") or "",
        review=review,
        evidence=evidence,
        plan=plan,
        follow_up=follow_up,
        previous_quarter=previous.quarter if previous else None,
        strategy=strategy,
        stakeholders=people,
        uncovered_levels=uncovered_levels(stakeholders),
        delt=delt_check(contact_plan_check(con, client_id, quarter)),
        pulse=pulse,
        labels=_labels(evidence),
        chosen=_chosen_from_playbook(plan),
        is_demo=is_demo(con),
        **_value_figures(con, client_id, quarter),
        currency=reporting_currency(con),
    )


VALUE_QUARTERS = 8  # the quarters of revenue and margin the exports show, as the path


def _value_figures(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> dict:
    """The document's value and costs_measured; none for a quarter the data does not reach
    (a review written by hand for a quarter without activity)."""
    try:
        value = value_per_quarter(con, client_id, quarter)
    except ContinuumError:
        return {"value": [], "costs_measured": True}
    return {"value": value, "costs_measured": _costs_measured(con)}


def value_per_quarter(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> list[dict]:
    """Revenue, cost to serve and margin per quarter as the method counts them; [] when
    the client won nothing and cost nothing in those quarters (nothing to chart). An
    unknown revenue (a deal in a currency without a rate) is None, never 0."""
    from analytics.method.continuum import run_method
    from analytics.quarters import parse_quarter
    from analytics.sql_files import sql_reader

    run_method(con, quarter)
    year, q = parse_quarter(quarter)
    q_to = year * 4 + q - 1
    frame = con.execute(sql_reader(__package__)("value_per_quarter"), {
        "client_id": client_id, "q_from": q_to - VALUE_QUARTERS + 1, "q_to": q_to}).df()
    rows = [
        {"quarter": r["quarter"], "revenue": _finite(r["revenue"]), "cost_to_serve": float(r["cost_to_serve"]),
         "margin": _finite(r["margin"])}
        for r in frame.to_dict("records")
    ]
    for r in rows:
        r["margin_pct"] = r["margin"] / r["revenue"] if r["revenue"] and r["margin"] is not None else None
    return rows if any((r["revenue"] is None) or r["revenue"] or r["cost_to_serve"] for r in rows) else []


def _finite(value) -> float | None:
    """A number, or None for SQL's null (NaN in a frame)."""
    return None if value is None or value != value else float(value)


def _costs_measured(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the portfolio holds any service costs: without them a margin is not measured
    (the method's has_costs in method_data_kinds; value_per_quarter computed it)."""
    from analytics.method.coverage import data_kinds

    return data_kinds(con)["has_costs"]


COSTS_NOT_MEASURED = (
    "Cost to serve and margin are not measured: the portfolio has no service costs "
    "(import a cost-to-serve or time-tracking export)."
)


def money_text(value: float | None, currency: str) -> str:
    """12500.4 EUR -> "12,500 EUR": whole units, the currency named once per figure."""
    return "unknown" if value is None else f"{value:,.0f} {currency}"


def _amount(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.0f}"


def value_rows(document: ReviewDocument) -> tuple[list[str], list[list[str]]]:
    """The revenue and margin table as text: header and rows (margin columns only when measured)."""
    cur = document.currency
    if document.costs_measured:
        header = ["Quarter", f"Revenue ({cur})", f"Cost to serve ({cur})", f"Margin ({cur})", "Margin %"]
        rows = [[v["quarter"], _amount(v["revenue"]), _amount(v["cost_to_serve"]), _amount(v["margin"]),
                 "—" if v["margin_pct"] is None else f"{v['margin_pct']:.0%}"] for v in document.value]
    else:
        header = ["Quarter", f"Revenue ({cur})"]
        rows = [[v["quarter"], _amount(v["revenue"])] for v in document.value]
    return header, rows


def _chosen_from_playbook(plan: list[Action]) -> list[tuple[str, str]]:
    """(title, DOMAIN section) of each playbook entry the plan used, in plan order."""
    wanted = [a.playbook_entry for a in plan if a.playbook_entry]
    if not wanted:
        return []
    from analytics.review.playbook import load_playbook

    try:
        entries = {e.id: e for e in load_playbook()}
    except PlaybookError:
        return []
    return [(entries[w].title, entries[w].domain) for w in dict.fromkeys(wanted) if w in entries]


def _labels(evidence: dict) -> dict[str, str]:
    labels = {d["id"]: d["label"] for d in evidence.get("dimensions", [])}
    labels |= {s["id"]: s["label"] for s in evidence.get("signals", [])}
    labels |= evidence.get("labels", {})
    return labels


def export_review(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str, fmt: str) -> str:
    """The saved review as Markdown ("md") or a printable HTML page ("html")."""
    if fmt not in FORMATS:
        raise ContinuumError(f'"{fmt}" is not an export format; use md or html.')
    document = review_document(con, client_id, quarter)
    return render_markdown(document) if fmt == "md" else render_html(document)


def export_file_name(document: ReviewDocument, fmt: str) -> str:
    """"Helios-Retail-2026Q2-review.md": the client's name, not its id, as the decks are named."""
    return f"{file_stem(document.client_name)}-{document.review.quarter}-review.{fmt}"


# --------------------------------------------------------------------------- shared wording


def labels_of(evidence: dict) -> dict[str, str]:
    """The labels of signals and dimensions stored with the evidence snapshot."""
    return dict(evidence.get("labels") or {})


def _number(value) -> str:
    return "not measured" if value is None else f"{value:.0f}"


def _signed(value) -> str:
    if value is None:
        return "new"
    rounded = round(float(value))
    return f"+{rounded}" if rounded > 0 else ("0" if rounded == 0 else f"-{-rounded}")


def position_sentence(document: ReviewDocument, with_stage: bool = True) -> str:
    e = document.evidence
    if e.get("score") is None:
        if e.get("coverage") is not None:  # scored, but on nothing measured
            return f"Not measured in {document.review.quarter}: the data measures none of the five dimensions."
        return f"No score for {document.review.quarter}: the client has no activity in this quarter."
    stage = e.get("stage_label") or e.get("stage") or ""
    text = f"{stage}, score {_number(e['score'])} of 100" if with_stage else f"Score {_number(e['score'])} of 100"
    if e.get("change") is not None and e.get("previous_quarter"):
        text += f" ({_signed(e['change'])} since {e['previous_quarter']})"
    elif e.get("is_new"):
        text += " (new client: no earlier quarter to compare)"
    text += "."
    if e.get("coverage") is not None and e["coverage"] < 1 and e.get("coverage_words"):
        provisional = "; the stage is provisional" if e.get("provisional") else ""
        text += f" The position is {e['coverage_words']}{provisional}."
    return text


def follow_through_sentence(actions: list[Action]) -> str:
    """Partial progress counts as progress (DOMAIN §1)."""
    if not actions:
        return "No actions to follow up."
    done = sum(a.status == "done" for a in actions)
    partial = sum(a.status == "partial" for a in actions)
    moving = sum(a.status == "in_progress" for a in actions)
    parts = [f"{done} done", f"{partial} partial progress"]
    if moving:
        parts.append(f"{moving} in progress")
    return f"Moved forward: {done + partial} of {len(actions)} actions ({', '.join(parts)})."


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


DEMO_NOTE = "Demo portfolio: generated data, not a real client"


def _header_line(document: ReviewDocument) -> str:
    r = document.review
    parts = [f"Client {document.client_id}"]
    if document.account_manager:
        parts.append(f"account manager {document.account_manager}")
    reviewed = "reviewed"
    if r.reviewer:
        reviewed += f" by {r.reviewer}"
    if r.held_on:
        reviewed += f" on {r.held_on.isoformat()}"
    if reviewed != "reviewed":
        parts.append(reviewed)
    if document.is_demo:
        parts.append(DEMO_NOTE)
    return " · ".join(parts)


def _plan_quarter(document: ReviewDocument) -> str:
    from analytics.quarters import shift_quarter

    return shift_quarter(document.review.quarter, 1)


def _shown_stakeholders(d: ReviewDocument) -> tuple[list[Stakeholder], int]:
    shown = d.stakeholders[:MAX_STAKEHOLDERS]
    return shown, len(d.stakeholders) - len(shown)


def _no_relationship_items(d: ReviewDocument) -> list[str]:
    items = []
    gaps = [level_label(level) for level in d.uncovered_levels]
    if not d.stakeholders:
        # no contacts imported: the levels are not measured, not untouched
        items.append("No contacts on record for this client: import a contacts export to map who we reach")
    elif gaps:
        items.append(f"No one touched at these levels in four quarters: {', '.join(gaps)}")
    not_yet = [p.name for p in d.stakeholders if p.touches_4q == 0]
    if not_yet:
        names = ", ".join(not_yet[:NOT_YET_NAMES])
        if len(not_yet) > NOT_YET_NAMES:
            names += f" and {len(not_yet) - NOT_YET_NAMES} more"
        items.append(f"Not touched in four quarters: {names}")
    items += [line.strip().lstrip("-* ").strip() for line in d.strategy.people_to_reach.splitlines() if line.strip()]
    return items


def _contact_plan_text(strategy: Strategy) -> str:
    if not strategy.contact_plan:
        return ""
    parts = [f"{label} {int(strategy.contact_plan.get(level, 0))}" for level, label in LEVELS]
    return " · ".join(parts) + f"; DELT target {strategy.delt_target()}"


# --------------------------------------------------------------------------- Markdown


def _md_cell(text) -> str:
    return " ".join(str(text if text is not None else "").split()).replace("|", "\\|")


def _md_table(header: list[str], rows: list[list], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _md_text(text: str) -> list[str]:
    text = (text or "").strip()
    return text.splitlines() if text else []


def _md_bullets(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [line if line.startswith(("- ", "* ")) else f"- {line}" for line in lines]


def render_markdown(document: ReviewDocument) -> str:
    """The review as Markdown: headings per step, tables for the path, signals and plan."""
    d, r, e = document, document.review, document.evidence
    label = d.labels.get
    out = [f"# Account review: {d.client_name}, {r.quarter}", "", _header_line(d), ""]

    out += ["## 1. Where we stand", "", position_sentence(d), ""]
    if e.get("path"):
        out += _md_table(
            ["Quarter", "Score", "Stage"],
            [[p["quarter"], _number(p["score"]), p.get("stage_label") or p.get("stage") or ""] for p in e["path"]],
            ["l", "r", "l"],
        ) + [""]
    if e.get("dimensions"):
        out += _md_table(
            ["Dimension", "Score", "Change"],
            [[x["label"], _number(x["score"]), _signed(x.get("change"))] for x in e["dimensions"]],
            ["l", "r", "r"],
        ) + [""]
    if d.value:
        header, rows = value_rows(d)
        out += ["**Revenue and margin per quarter** (won deals by close date, less the cost to serve):", ""]
        out += _md_table(header, rows, ["l"] + ["r"] * (len(header) - 1)) + [""]
        if not d.costs_measured:
            out += [COSTS_NOT_MEASURED, ""]

    out += ["## 2. What works", ""]
    out += (_md_text(r.what_works) or ["(not written)"]) + [""]
    if r.what_to_keep.strip():
        out += ["**What we keep while correcting the rest:**", ""] + _md_text(r.what_to_keep) + [""]
    if r.successes.strip():
        out += ["**Successes worth telling the client:**", ""] + _md_bullets(r.successes) + [""]

    out += ["## 3. What is slipping", ""]
    if e.get("signals"):
        out += _md_table(
            ["Signal", "Severity", "Why"],
            [[s["label"], s["severity"], s["reason"]] for s in e["signals"]],
        ) + [""]
    else:
        out += ["No warning signal fires this quarter.", ""]
    if e.get("not_judged"):
        out += ["Not judged (the data they stand on is missing):", ""]
        out += [f"- {_md_cell(labels_of(e).get(s['id'], s['id']))}: needs {_md_cell(s['needs'])}" for s in e["not_judged"]]
        out += [""]
    if e.get("weakest"):
        weak = ", ".join(f"{w['label']} ({_number(w['score'])})" for w in e["weakest"])
        out += [f"Weakest dimensions: {weak}.", ""]
    out += _md_text(r.what_slips) + ([""] if r.what_slips.strip() else [])

    if r.options_notes.strip() or d.chosen:
        out += ["## 4. Options considered", ""]
        if d.chosen:
            out += ["Chosen from the playbook:", ""] + [f"- {t}" for t, _ in d.chosen] + [""]
        out += _md_text(r.options_notes) + ([""] if r.options_notes.strip() else [])

    out += ["## 5. The plan", ""]
    if d.plan:
        out += _md_table(
            ["#", "Action", "Owner", "Due", "Should move", "Expected effect"],
            [
                [i, a.description, a.owner, _date(a.due_on), label(a.addresses, a.addresses), a.expected_effect]
                for i, a in enumerate(d.plan, start=1)
            ],
            ["r", "l", "l", "l", "l", "l"],
        ) + [""]
    else:
        out += ["No actions planned yet.", ""]

    out += [f"## 6. Last quarter ({d.previous_quarter})" if d.previous_quarter else "## 6. Last quarter", ""]
    if d.follow_up:
        out += [follow_through_sentence(d.follow_up), ""]
        out += _md_table(
            ["Action", "From", "Owner", "Due", "Status", "Outcome"],
            [
                [a.description, a.review_quarter or "", a.owner, _date(a.due_on), status_label(a.status), a.outcome]
                for a in d.follow_up
            ],
        ) + [""]
    else:
        out += ["This is the first review with a plan for this client.", ""]
    if d.delt is not None:
        out += [f"Contact plan for {r.quarter}: DELT target {d.delt[0]}, actual {d.delt[1]}.", ""]
    out += _md_text(r.follow_up_note) + ([""] if r.follow_up_note.strip() else [])

    out += ["## Investment for the coming quarter", "", f"**{investment_label(r.investment_level)}.**"]
    if r.investment_reason.strip():
        out[-1] += f" Reason: {' '.join(r.investment_reason.split())}"
    out += [""]

    out += _strategy_markdown(d)

    if d.pulse and d.pulse.morale is not None:
        out += ["## Account team pulse", "", f"Morale {d.pulse.morale} of 5." + (f" {d.pulse.note}" if d.pulse.note else ""), ""]
    if r.summary.strip():
        out += ["## Summary", ""] + _md_text(r.summary) + [""]
    return _inert("\n".join(out).rstrip() + "\n")


def _inert(markdown: str) -> str:
    """The export with nothing a Markdown viewer would run or fetch: raw HTML as
    entities, and no image or link syntax (the export writes none; what a client's name
    or a note carries stays text)."""
    text = html.escape(markdown, quote=False)
    return text.replace("![", "!\\[").replace("](", "]\\(")


def _strategy_markdown(d: ReviewDocument) -> list[str]:
    s = d.strategy
    out = ["## Account strategy", ""]
    if s.carried_from:
        out += [f"Carried from the review of {s.carried_from}.", ""]
    if s.is_empty():
        out += ["No account strategy written yet.", ""]
    for title, text in (("Goals", s.goals),):
        if text.strip():
            out += [f"**{title}:**", ""] + _md_text(text) + [""]
    shown, more = _shown_stakeholders(d)
    if shown:
        out += ["**Stakeholder map:**", ""]
        out += _md_table(
            ["Name", "Title", "Level", "Role", "Touches, 4 quarters"],
            [[p.name, p.title, level_label(p.level), role_label(p.role), p.touches_4q] for p in shown],
            ["l", "l", "l", "l", "r"],
        )
        out += ["", f"{more} more contacts are not listed.", ""] if more else [""]
    items = _no_relationship_items(d)
    if items:
        out += ["**No relationship yet:**", ""] + [f"- {item}" for item in items] + [""]
    plan = _contact_plan_text(s)
    if plan:
        out += [f"**Contact plan for {_plan_quarter(d)}:** {plan}.", ""]
    for title, text in (("Risks", s.risks), ("Proactive actions", s.proactive_actions)):
        if text.strip():
            out += [f"**{title}:**", ""] + _md_text(text) + [""]
    return out


# --------------------------------------------------------------------------- HTML


def path_svg(
    path: list[dict], stage_bounds: list[float] | None = None, stages: list | None = None,
    width: int = 560, height: int = 230,
) -> str:
    """An inline SVG of the score over the quarters: the stages as pale bands (when
    their bounds are known), the points coloured by stage."""
    esc = html.escape
    left, right, top, bottom = 36, 96 if stage_bounds else 12, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [p for p in path if p.get("score") is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Score over the quarters">'
    ]
    if stage_bounds and stages and len(stages) == len(stage_bounds) + 1:
        edges = [0.0, *[float(b) for b in stage_bounds], 100.0]
        for (stage, label), lo, hi in zip(stages, edges[:-1], edges[1:], strict=True):
            y_hi, y_lo = top + plot_h * (1 - hi / 100), top + plot_h * (1 - lo / 100)
            color = STAGE_COLORS.get(stage, "#888")
            parts.append(
                f'<rect x="{left}" y="{y_hi:.1f}" width="{plot_w}" height="{y_lo - y_hi:.1f}" '
                f'fill="{color}" fill-opacity="0.13"/>'
            )
            if y_lo - y_hi >= 12:  # a band too thin for its name stays unlabelled
                parts.append(
                    f'<text x="{left + plot_w + 6}" y="{(y_hi + y_lo) / 2 + 4:.1f}" font-size="11" '
                    f'fill="{color}">{esc(label)}</text>'
                )
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#666">{tick}</text>'
        )
    if not points:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" font-size="13" text-anchor="middle" fill="#666">'
            "No scored quarters yet</text></svg>"
        )
        return "".join(parts)
    step = plot_w / max(len(points) - 1, 1)
    xy = [
        (left + (i * step if len(points) > 1 else plot_w / 2), top + plot_h * (1 - float(p["score"]) / 100))
        for i, p in enumerate(points)
    ]
    parts.append(
        '<polyline fill="none" stroke="#555" stroke-width="2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        + '"/>'
    )
    for (x, y), p in zip(xy, points, strict=True):
        color = STAGE_COLORS.get(p.get("stage") or "", "#888")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{color}" stroke="#fff" stroke-width="1.5">'
            f"<title>{esc(p['quarter'])}: {float(p['score']):.0f} ({esc(p.get('stage_label') or '')})</title></circle>"
        )
        parts.append(f'<text x="{x:.1f}" y="{y - 9:.1f}" font-size="11" text-anchor="middle">{float(p["score"]):.0f}</text>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" font-size="11" text-anchor="middle" fill="#444">{esc(p["quarter"])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222;
       max-width: 860px; margin: 24px auto; padding: 0 20px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 26px;
     border-bottom: 2px solid #2166ac; padding-bottom: 3px; }
.meta { color: #555; margin-top: 0; } .position { font-size: 16px; }
.stage { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
th, td { border: 1px solid #d5d5d5; padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } td.num { text-align: right; white-space: nowrap; }
.status-done { color: #1a7f37; font-weight: 600; } .status-partial { color: #2166ac; font-weight: 600; }
.status-not_done { color: #8a5a00; } .status-in_progress, .status-planned { color: #444; }
.legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
.text { white-space: pre-wrap; } .muted { color: #666; }
.grid { display: flex; gap: 24px; flex-wrap: wrap; } .grid > div { flex: 1 1 300px; }
@media print { body { margin: 0; max-width: none; font-size: 11.5px; }
  h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
@page { size: A4; margin: 16mm 14mm; }
"""


def _h(text) -> str:
    return html.escape(str(text if text is not None else ""))


def _html_table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_h(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_text(text: str) -> str:
    """Text as written: lines starting with "- " or "* " become a list, the others
    paragraphs (a line break kept), so the page never prints a literal "- "."""
    if not text or not text.strip():
        return ""
    out, bullets, lines = [], [], []

    def flush_paragraph() -> None:
        if lines:
            out.append('<p class="text">' + "<br>".join(_h(x) for x in lines) + "</p>")
            lines.clear()

    def flush_list() -> None:
        if bullets:
            out.append("<ul>" + "".join(f"<li>{_h(x)}</li>" for x in bullets) + "</ul>")
            bullets.clear()

    for raw in text.strip().splitlines():
        line = raw.strip()
        if line.startswith(("- ", "* ")):
            flush_paragraph()
            bullets.append(line[2:].strip())
        elif line:
            flush_list()
            lines.append(line)
        else:
            flush_paragraph()
            flush_list()
    flush_paragraph()
    flush_list()
    return "".join(out)


def _html_bullets(text: str) -> str:
    lines = [line.strip().lstrip("-* ").strip() for line in (text or "").splitlines() if line.strip()]
    return "<ul>" + "".join(f"<li>{_h(line)}</li>" for line in lines) + "</ul>" if lines else ""


def render_html(document: ReviewDocument) -> str:
    """A printable, self-contained HTML page (inline CSS and SVG, no external files)."""
    d, r, e = document, document.review, document.evidence
    label = d.labels.get
    stage_color = STAGE_COLORS.get(e.get("stage") or "", "#888")
    body = [
        f"<h1>Account review: {_h(d.client_name)}, {_h(r.quarter)}</h1>",
        f'<p class="meta">{_h(_header_line(d))}</p>',
        "<h2>1. Where we stand</h2>",
    ]
    if e.get("stage_label"):
        body.append(
            f'<p class="position"><span class="stage" style="background:{stage_color}">{_h(e["stage_label"])}</span> '
            f"{_h(position_sentence(d, with_stage=False))}</p>"
        )
    else:
        body.append(f'<p class="position">{_h(position_sentence(d))}</p>')
    chart = path_svg(e.get("path", []), e.get("stage_bounds"), e.get("stages"))
    legend = "" if e.get("stage_bounds") else _legend(e.get("path", []))
    body.append('<div class="grid"><div>' + chart + legend + "</div>")
    if e.get("dimensions"):
        body.append(
            "<div>"
            + _html_table(
                ["Dimension", "Score", "Change"],
                [[_h(x["label"]), _number(x["score"]), _h(_signed(x.get("change")))] for x in e["dimensions"]],
                {1, 2},
            )
            + "</div>"
        )
    body.append("</div>")
    if d.value:
        header, rows = value_rows(d)
        body.append("<h3>Revenue and margin per quarter</h3>"
                    '<p class="muted">Won deals by close date, less the cost to serve.</p>'
                    + _html_table(header, [[_h(c) for c in row] for row in rows], set(range(1, len(header)))))
        if not d.costs_measured:
            body.append(f"<p>{_h(COSTS_NOT_MEASURED)}</p>")

    body.append("<h2>2. What works</h2>" + (_html_text(r.what_works) or '<p class="muted">(not written)</p>'))
    if r.what_to_keep.strip():
        body.append("<h3>What we keep while correcting the rest</h3>" + _html_text(r.what_to_keep))
    if r.successes.strip():
        body.append("<h3>Successes worth telling the client</h3>" + _html_bullets(r.successes))

    body.append("<h2>3. What is slipping</h2>")
    if e.get("signals"):
        body.append(_html_table(
            ["Signal", "Severity", "Why"], [[_h(s["label"]), _h(s["severity"]), _h(s["reason"])] for s in e["signals"]]
        ))
    else:
        body.append("<p>No warning signal fires this quarter.</p>")
    if e.get("not_judged"):
        items = "".join(f"<li>{_h(labels_of(e).get(s['id'], s['id']))}: needs {_h(s['needs'])}</li>"
                        for s in e["not_judged"])
        body.append(f"<p>Not judged (the data they stand on is missing):</p><ul>{items}</ul>")
    if e.get("weakest"):
        weak = ", ".join(f"{w['label']} ({_number(w['score'])})" for w in e["weakest"])
        body.append(f"<p>Weakest dimensions: {_h(weak)}.</p>")
    body.append(_html_text(r.what_slips))
    if r.options_notes.strip() or d.chosen:
        chosen = "".join(f"<li>{_h(t)}</li>" for t, _ in d.chosen)
        body.append(
            "<h2>4. Options considered</h2>"
            + (f"<p>Chosen from the playbook:</p><ul>{chosen}</ul>" if chosen else "")
            + _html_text(r.options_notes)
        )

    body.append("<h2>5. The plan</h2>")
    if d.plan:
        body.append(_html_table(
            ["#", "Action", "Owner", "Due", "Should move", "Expected effect"],
            [
                [str(i), _h(a.description), _h(a.owner), _h(_date(a.due_on)), _h(label(a.addresses, a.addresses)),
                 _h(a.expected_effect)]
                for i, a in enumerate(d.plan, start=1)
            ],
            {0},
        ))
    else:
        body.append("<p>No actions planned yet.</p>")

    body.append(f"<h2>6. Last quarter{f' ({_h(d.previous_quarter)})' if d.previous_quarter else ''}</h2>")
    if d.follow_up:
        body.append(f"<p>{_h(follow_through_sentence(d.follow_up))}</p>")
        body.append(_html_table(
            ["Action", "From", "Owner", "Due", "Status", "Outcome"],
            [
                [_h(a.description), _h(a.review_quarter or ""), _h(a.owner), _h(_date(a.due_on)),
                 f'<span class="status-{_h(a.status)}">{_h(status_label(a.status))}</span>', _h(a.outcome)]
                for a in d.follow_up
            ],
        ))
    else:
        body.append("<p>This is the first review with a plan for this client.</p>")
    if d.delt is not None:
        body.append(f"<p>Contact plan for {_h(r.quarter)}: DELT target {d.delt[0]}, actual {d.delt[1]}.</p>")
    body.append(_html_text(r.follow_up_note))

    reason = f" Reason: {_h(' '.join(r.investment_reason.split()))}" if r.investment_reason.strip() else ""
    body.append(f"<h2>Investment for the coming quarter</h2><p><b>{_h(investment_label(r.investment_level))}.</b>{reason}</p>")
    body.append(_strategy_html(d))
    if d.pulse and d.pulse.morale is not None:
        body.append(f"<h2>Account team pulse</h2><p>Morale {d.pulse.morale} of 5. {_h(d.pulse.note)}</p>")
    if r.summary.strip():
        body.append("<h2>Summary</h2>" + _html_text(r.summary))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Account review: {_h(d.client_name)}, {_h(r.quarter)}</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(b for b in body if b) + "\n</body></html>\n"
    )


def _legend(path: list[dict]) -> str:
    seen: dict[str, str] = {}
    for p in path:
        if p.get("stage") and p["stage"] not in seen:
            seen[p["stage"]] = p.get("stage_label") or p["stage"]
    items = "".join(
        f'<span><i style="background:{STAGE_COLORS.get(k, "#888")}"></i>{_h(v)}</span>' for k, v in seen.items()
    )
    return f'<div class="legend">{items}</div>' if items else ""


def _strategy_html(d: ReviewDocument) -> str:
    s = d.strategy
    out = ["<h2>Account strategy</h2>"]
    if s.carried_from:
        out.append(f'<p class="muted">Carried from the review of {_h(s.carried_from)}.</p>')
    if s.is_empty():
        out.append("<p>No account strategy written yet.</p>")
    if s.goals.strip():
        out.append("<h3>Goals</h3>" + _html_text(s.goals))
    shown, more = _shown_stakeholders(d)
    if shown:
        out.append("<h3>Stakeholder map</h3>" + _html_table(
            ["Name", "Title", "Level", "Role", "Touches, 4 quarters"],
            [[_h(p.name), _h(p.title), _h(level_label(p.level)), _h(role_label(p.role)), str(p.touches_4q)]
             for p in shown],
            {4},
        ))
        if more:
            out.append(f'<p class="muted">{more} more contacts are not listed.</p>')
    items = _no_relationship_items(d)
    if items:
        out.append("<h3>No relationship yet</h3><ul>" + "".join(f"<li>{_h(i)}</li>" for i in items) + "</ul>")
    plan = _contact_plan_text(s)
    if plan:
        out.append(f"<h3>Contact plan for {_h(_plan_quarter(d))}</h3><p>{_h(plan)}.</p>")
    if s.risks.strip():
        out.append("<h3>Risks</h3>" + _html_text(s.risks))
    if s.proactive_actions.strip():
        out.append("<h3>Proactive actions</h3>" + _html_text(s.proactive_actions))
    return "".join(out)


def progress_share(actions: list[Action]) -> float | None:
    """Share of actions done or partly done: the follow-through rate."""
    if not actions:
        return None
    return sum(a.status in PROGRESS_STATUSES for a in actions) / len(actions)
