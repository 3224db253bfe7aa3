"""The internal review deck (.pptx): the review as the account team discusses it.

One deck per review, from the same `ReviewDocument` the Markdown and HTML exports print
(the saved review on the command line, the current draft on the Review page), so all
four say the same. Slides follow the review's steps; the path, the dimensions and
revenue with margin are native charts; each slide's speaker notes carry its evidence in
words (every contribution, the rows behind each signal). Coverage and the dimensions
the data does not measure are worded as the method words them (export.position_sentence,
the evidence snapshot's not_measured and not_judged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from analytics.access import client_detail
from analytics.review.deck import (
    BODY_BOTTOM,
    BODY_PT,
    BODY_TOP,
    MARGIN,
    WIDTH,
    Deck,
    Para,
    bullets,
    file_stem,
    para_height,
    paragraphs,
    text_height,
)
from analytics.review.errors import PlaybookError
from analytics.review.export import (
    COSTS_NOT_MEASURED,
    DEMO_NOTE,
    STAGE_COLORS,
    ReviewDocument,
    follow_through_sentence,
    labels_of,
    money_text,
    position_sentence,
)
from analytics.review.store import investment_label, status_label
from analytics.review.strategy import LEVELS, level_label, role_label

# how many evidence rows of each signal the notes spell out (the Review page lists all)
EVIDENCE_ROWS = 8
BLUE, GREY, GREEN = "#2166AC", "#BBC4CF", "#1A7F37"


@dataclass
class DeckEvidence:
    """What the notes say beyond the review's snapshot, read from the method now."""

    contributions: dict[str, list[tuple[float, str]]] = field(default_factory=dict)  # dimension -> (points, sentence)
    signal_rows: dict[str, list[str]] = field(default_factory=dict)  # signal id -> rows in words, newest first


@client_detail("client_id")
def deck_evidence(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> DeckEvidence:
    """Every contribution of the client's dimensions and the rows behind each firing
    signal in `quarter`, as the method reads the data now (the notes say so)."""
    from analytics.method.signals import signal_evidence
    from analytics.review.evidence import review_evidence

    evidence = review_evidence(con, client_id, quarter)
    out = DeckEvidence()
    for r in evidence.contributions.to_dict("records"):
        if r["points"] == r["points"] and r["points"] is not None:
            out.contributions.setdefault(r["dimension"], []).append((float(r["points"]), str(r["sentence"])))
    for signal_id in evidence.signals["signal_id"]:
        rows = signal_evidence(con, signal_id, client_id, quarter)
        rows = rows.sort_values("day", ascending=False) if "day" in rows else rows
        out.signal_rows[signal_id] = [_evidence_words(r) for r in rows.head(EVIDENCE_ROWS).to_dict("records")]
    return out


def _evidence_words(row: dict) -> str:
    day = row.get("day")
    detail = row.get("detail") or ""
    value = row.get("value")
    text = f"{day:%Y-%m-%d}" if hasattr(day, "strftime") else str(day or row.get("quarter") or "")
    text += f", {row.get('source')}" if row.get("source") else ""
    text += f": {detail}" if detail else ""
    if value is not None and value == value:
        text += f" ({value:,.0f})" if isinstance(value, float) else f" ({value})"
    return text


def deck_file_name(document: ReviewDocument, kind: str = "review") -> str:
    """"Helios-Retail-2026Q2-review.pptx" (kind "review") or "...-client.pptx"."""
    return f"{file_stem(document.client_name)}-{document.review.quarter}-{kind}.pptx"


# --------------------------------------------------------------------------- the deck


def internal_deck(document: ReviewDocument, extra: DeckEvidence | None = None) -> bytes:
    """The internal review deck as .pptx bytes."""
    d, r = document, document.review
    extra = extra or DeckEvidence()
    deck = Deck(f"{d.client_name} · review {r.quarter} · internal: not for the client")
    _title(deck, d)
    _where_we_stand(deck, d, extra)
    _revenue(deck, d)
    _what_works(deck, d, extra)
    _slipping(deck, d, extra)
    _options(deck, d)
    _plan(deck, d)
    _follow_through(deck, d)
    _investment(deck, d)
    _strategy(deck, d)
    _stakeholders(deck, d)
    return deck.to_bytes()


def _title(deck: Deck, d: ReviewDocument) -> None:
    r = d.review
    who = []
    if r.reviewer:
        who.append(f"Reviewed by {r.reviewer}")
    if r.held_on:
        who.append(f"held on {r.held_on.isoformat()}")
    lines = [f"Quarterly account review, {r.quarter}", ", ".join(who)]
    if d.account_manager:
        lines.append(f"Account manager: {d.account_manager}")
    lines.append("Internal: for the account team, not for the client")
    if d.is_demo:
        lines.append(DEMO_NOTE)
    notes = [f"Client {d.client_id}, {d.client_name}."]
    if r.summary.strip():
        notes.append("Summary: " + " ".join(r.summary.split()))
    deck.title_slide(d.client_name, lines, "\n".join(notes))


def _where_we_stand(deck: Deck, d: ReviewDocument, extra: DeckEvidence) -> None:
    e = d.evidence
    width = WIDTH - 2 * MARGIN
    sentence = position_sentence(d)
    not_measured = e.get("not_measured") or {}
    labels = labels_of(e) | {x["id"]: x["label"] for x in e.get("dimensions", [])}
    # one line on the slide (what each needs, in short); what to import is in the notes
    extra_lines = ["Not measured: " + "; ".join(
        f"{labels.get(k, k)} (needs {v.split(':')[0]})" for k, v in not_measured.items()) + "."] if not_measured else []
    notes = _dimension_notes(d, extra)
    slide = deck.slide("Where we stand", notes)
    head = [Para(sentence)] + [Para(x, "note") for x in extra_lines]
    head_h = sum(para_height(p, width) for p in head) + text_height("", width, BODY_PT) // 2
    deck.paragraphs(slide, head, MARGIN, BODY_TOP, width, head_h)
    top = BODY_TOP + head_h
    box_h = BODY_BOTTOM - top
    half = (width - MARGIN // 2) // 2
    path = e.get("path") or []
    if path:
        quarters = [p["quarter"] for p in path]
        series = [("Score", [p["score"] for p in path], BLUE)]
        for (stage, label), bound in zip((e.get("stages") or [])[1:], e.get("stage_bounds") or [], strict=False):
            series.append((f"{label} from {bound:.0f}", [bound] * len(path), STAGE_COLORS.get(stage, "#888888")))
        deck.line_chart(slide, quarters, series, (MARGIN, top, half, box_h), labelled=1,
                        title="The path over recent quarters")
    else:
        deck.text(slide, "No scored quarters yet.", MARGIN, top, half, BODY_PT)
    measured = [x for x in e.get("dimensions", []) if x.get("score") is not None]
    if measured:
        previous = [None if x.get("change") is None else x["score"] - x["change"] for x in measured]
        names = [_dimension_label(x) for x in measured]
        series = []
        if any(p is not None for p in previous):
            series.append((f"{e.get('previous_quarter') or 'Previous quarter'}", previous, GREY))
        series.append((d.review.quarter, [x["score"] for x in measured], BLUE))
        deck.bar_chart(slide, names, series, (MARGIN + half + MARGIN // 2, top, half, box_h), horizontal=True,
                       axis_max=100, title="The five dimensions (change since last quarter)")
    else:
        deck.text(slide, "No dimension is measured this quarter.", MARGIN + half + MARGIN // 2, top, half, BODY_PT)


def _dimension_label(x: dict) -> str:
    change = x.get("change")
    if change is None:
        return x["label"]
    rounded = round(change)
    return f"{x['label']} ({'+' if rounded > 0 else ''}{rounded})"


def _dimension_notes(d: ReviewDocument, extra: DeckEvidence) -> str:
    e = d.evidence
    out = [position_sentence(d)]
    if e.get("path"):
        out.append("The path: " + "; ".join(
            f"{p['quarter']} {p['score']:.0f} ({p.get('stage_label') or p.get('stage')})" for p in e["path"]) + ".")
    for x in e.get("dimensions", []):
        if x.get("score") is None:
            needs = (e.get("not_measured") or {}).get(x["id"])
            out.append(f"{x['label']}: not measured" + (f" (needs {needs})." if needs else "."))
            continue
        change = "" if x.get("change") is None else f", {x['change']:+.0f} since {e.get('previous_quarter')}"
        out.append(f"{x['label']}: {x['score']:.0f} of 100{change}.")
        for points, sentence in extra.contributions.get(x["id"], []):
            out.append(f"  {points:+.0f}: {sentence}")
    if extra.contributions:
        out.append("The contributions are the method's reading of the data as it is now.")
    return "\n".join(out)


def _revenue(deck: Deck, d: ReviewDocument) -> None:
    cur = d.currency
    if not d.value:
        deck.text_slides("Revenue and margin per quarter", [
            Para("No won deals and no cost to serve in the quarters of the path."),
        ] + ([Para(COSTS_NOT_MEASURED, "note")] if not d.costs_measured else []))
        return
    last4 = d.value[-4:]
    unknown = [v["quarter"] for v in d.value if v["revenue"] is None]
    revenue = sum(v["revenue"] or 0 for v in last4)
    line = f"Won revenue over the last {len(last4)} quarters: {money_text(revenue, cur)}"
    if d.costs_measured:
        margin = sum(v["margin"] or 0 for v in last4)
        share = f" ({margin / revenue:.0%} of revenue)" if revenue else ""
        line += f"; margin after cost to serve: {money_text(margin, cur)}{share}."
    else:
        line += "."
    if unknown:
        line += (f" Revenue is unknown in {', '.join(unknown)}: a won deal is in a currency without an exchange "
                 "rate (left out of these sums).")
    notes = ["Per quarter (won deals by close date, less the cost to serve):"]
    for v in d.value:
        text = f"{v['quarter']}: revenue {money_text(v['revenue'], cur)}"
        if d.costs_measured:
            text += f", cost to serve {money_text(v['cost_to_serve'], cur)}, margin {money_text(v['margin'], cur)}"
        notes.append(text)
    if not d.costs_measured:
        notes.append(COSTS_NOT_MEASURED)
    slide = deck.slide("Revenue and margin per quarter", "\n".join(notes))
    width = WIDTH - 2 * MARGIN
    head = [Para(line)] + ([Para(COSTS_NOT_MEASURED, "note")] if not d.costs_measured else [])
    head_h = sum(para_height(p, width) for p in head)
    deck.paragraphs(slide, head, MARGIN, BODY_TOP, width, head_h)
    top = BODY_TOP + head_h
    big = max([abs(v[k]) for v in d.value for k in ("revenue", "margin") if v[k] is not None] or [0])
    fmt = '#,##0,"k"' if big >= 10_000 else "#,##0"
    series = [(f"Revenue ({cur})", [v["revenue"] for v in d.value], BLUE)]
    if d.costs_measured:
        series.append((f"Margin after cost to serve ({cur})", [v["margin"] for v in d.value], GREEN))
    deck.bar_chart(slide, [v["quarter"] for v in d.value], series, (MARGIN, top, width, BODY_BOTTOM - top),
                   number_format=fmt, labels_on=tuple(range(len(series))))


def _what_works(deck: Deck, d: ReviewDocument, extra: DeckEvidence) -> None:
    r = d.review
    paras = [Para("What works", "heading")] + (paragraphs(r.what_works) or [Para("(not written)", "note")])
    if r.what_to_keep.strip():
        paras += [Para("What we keep while correcting the rest", "heading")] + paragraphs(r.what_to_keep)
    shown = set(r.shown_successes())
    from analytics.review.store import success_lines

    lines = success_lines(r.successes)
    if lines:
        paras.append(Para("Successes worth telling the client", "heading"))
        paras += bullets([x if x in shown else f"{x} (not shown to the client)" for x in lines])
    e = d.evidence
    notes = []
    strongest = sorted((x for x in e.get("dimensions", []) if x.get("score") is not None),
                       key=lambda x: -x["score"])[:2]
    for x in strongest:
        notes.append(f"Strong: {x['label']} {x['score']:.0f} of 100.")
        for points, sentence in sorted(extra.contributions.get(x["id"], []), key=lambda t: -t[0])[:3]:
            if points > 0:
                notes.append(f"  {points:+.0f}: {sentence}")
    for x in e.get("dimensions", []):
        if x.get("change") is not None and x["change"] >= 5:
            notes.append(f"Improved: {x['label']} by {x['change']:.0f} points since {e.get('previous_quarter')}.")
    for a in d.follow_up:
        if a.status in ("done", "partial"):
            notes.append(f"From the last plan, {status_label(a.status).lower()}: {a.description}"
                         + (f" ({a.outcome})" if a.outcome else ""))
    deck.text_slides("What works, and what we keep", paras, "\n".join(notes))


def _slipping(deck: Deck, d: ReviewDocument, extra: DeckEvidence) -> None:
    r, e = d.review, d.evidence
    signals = e.get("signals") or []
    after: list[Para] = []
    if e.get("not_judged"):
        names = labels_of(e)
        after.append(Para("Not judged (the data they stand on is missing): " + "; ".join(
            f"{names.get(s['id'], s['id'])}, needs {s['needs']}" for s in e["not_judged"]), "note"))
    if e.get("weakest"):
        after.append(Para("Weakest dimensions: " + ", ".join(
            f"{w['label']} ({w['score']:.0f})" for w in e["weakest"]) + "."))
    after += paragraphs(r.what_slips)
    notes = []
    for s in signals:
        notes.append(f"{s['label']} ({s['severity']}): {s['reason']}")
        rows = extra.signal_rows.get(s["id"], [])
        if rows:
            notes.append("  The evidence, newest first:")
            notes += [f"  - {row}" for row in rows]
    rows = [[s["label"], s["severity"], s["reason"], _key_evidence(extra.signal_rows.get(s["id"], []))]
            for s in signals]
    intro = [] if signals else [Para("No warning signal fires this quarter.")]
    deck.table_slides("What is slipping", ["Signal", "Severity", "Why", "Key evidence"], rows, [2.2, 0.9, 3.6, 3.4],
                      "\n".join(notes) or "No warning signal fires this quarter.", intro=intro, after=after)


def _key_evidence(rows: list[str]) -> str:
    return rows[0] if rows else ""


def _options(deck: Deck, d: ReviewDocument) -> None:
    r = d.review
    entries = {}
    try:
        from analytics.review.playbook import load_playbook

        entries = {x.id: x for x in load_playbook()}
    except PlaybookError:
        entries = {}
    paras: list[Para] = []
    seen = set()
    for a in d.plan:
        entry = entries.get(a.playbook_entry or "")
        if entry is None or entry.id in seen:
            continue
        seen.add(entry.id)
        paras.append(Para(entry.title, "heading"))
        paras.append(Para(f"Answers: {d.labels.get(entry.answers, entry.answers)}. Expected effect: {entry.expected_effect}",
                          "note"))
    if not paras:
        paras = [Para("No option was taken from the playbook for this plan.")]
    if r.options_notes.strip():
        paras += [Para("Other options we considered", "heading")] + paragraphs(r.options_notes)
    notes = "\n".join(f"{entries[a.playbook_entry].title}: the plan's action reads \"{a.description}\"."
                      for a in d.plan if a.playbook_entry in entries)
    deck.text_slides("Options chosen from the playbook", paras, notes)


def _plan(deck: Deck, d: ReviewDocument) -> None:
    rows = [[str(i), a.description, a.owner, a.due_on.isoformat() if a.due_on else "",
             d.labels.get(a.addresses, a.addresses) if a.addresses else "", "yes" if a.shared_with_client else ""]
            for i, a in enumerate(d.plan, start=1)]
    notes = [f"{i}. {a.description}. Expected effect: {a.expected_effect or 'not written'}."
             + (f" Shared with the client; their owner: {a.client_owner or 'to be agreed'}." if a.shared_with_client else "")
             for i, a in enumerate(d.plan, start=1)]
    intro = [] if d.plan else [Para("No actions planned yet.")]
    deck.table_slides("The plan", ["#", "Action", "Owner", "Due", "Should move", "Shared"], rows,
                      [0.4, 4.6, 1.7, 1.2, 2.0, 0.8], "\n".join(notes), intro=intro, numeric={0})


def _follow_through(deck: Deck, d: ReviewDocument) -> None:
    r = d.review
    title = f"Last quarter's follow-through ({d.previous_quarter})" if d.previous_quarter else "Last quarter's follow-through"
    intro = [Para(follow_through_sentence(d.follow_up) + (" Partial progress is progress." if d.follow_up else ""))]
    if not d.follow_up:
        intro = [Para("This is the first review with a plan for this client.")]
    after: list[Para] = []
    if d.delt is not None:
        after.append(Para(f"Contact plan for {r.quarter}: DELT target {d.delt[0]}, actual {d.delt[1]} "
                          "(director and executive touches)."))
    after += paragraphs(r.follow_up_note)
    rows = [[a.description, a.owner, status_label(a.status), a.outcome] for a in d.follow_up]
    notes = [f"{a.description} (from {a.review_quarter}, due {a.due_on.isoformat() if a.due_on else 'no date'}): "
             f"{status_label(a.status)}" + (f", {a.outcome}" if a.outcome else "") for a in d.follow_up]
    deck.table_slides(title, ["Action", "Owner", "Status", "Outcome"], rows, [4.6, 1.8, 1.6, 3.6],
                      "\n".join(notes), intro=intro, after=after)


def _investment(deck: Deck, d: ReviewDocument) -> None:
    r = d.review
    paras = [Para(f"{investment_label(r.investment_level)}", "heading")]
    paras += paragraphs(r.investment_reason) if r.investment_reason.strip() else [Para("No reason written.", "note")]
    if r.summary.strip():
        paras += [Para("Summary for the meeting", "heading")] + paragraphs(r.summary)
    if d.pulse and d.pulse.morale is not None:
        paras += [Para("The account team's pulse", "heading"),
                  Para(f"Morale {d.pulse.morale} of 5." + (f" {d.pulse.note}" if d.pulse.note else ""))]
    notes = ("The strongest option a review has is a change of investment level or service model, with its "
             "reason written down; there is no keep-or-drop choice.")
    deck.text_slides("Investment for the coming quarter", paras, notes)


def _strategy(deck: Deck, d: ReviewDocument) -> None:
    s = d.strategy
    paras: list[Para] = []
    if s.carried_from:
        paras.append(Para(f"Carried from the review of {s.carried_from}.", "note"))
    if s.goals.strip():
        paras += [Para("The client's goals", "heading")] + paragraphs(s.goals)
    if s.risks.strip():
        paras += [Para("Risks", "heading")] + paragraphs(s.risks)
    if s.proactive_actions.strip():
        paras += [Para("Proactive actions", "heading")] + paragraphs(s.proactive_actions)
    plan = []
    if d.delt is not None:
        plan.append(f"This quarter ({d.review.quarter}): DELT target {d.delt[0]}, actual {d.delt[1]}.")
    if s.contact_plan:
        from analytics.quarters import shift_quarter

        per_level = ", ".join(f"{label} {int(s.contact_plan.get(level, 0))}" for level, label in LEVELS)
        plan.append(f"For {shift_quarter(d.review.quarter, 1)}: {per_level}; DELT target {s.delt_target()}.")
    if plan:
        paras += [Para("Contact plan (touches per level; DELT is director and executive touches)", "heading")]
        paras += bullets(plan)
    if not paras:
        paras = [Para("No account strategy written yet.")]
    notes = ["DELT counts the touches with the client's directors and executives; the contact plan set in one "
             "review is the target the next review checks."]
    if d.delt is not None:
        notes.append(f"Set at the last review for {d.review.quarter}: {d.delt[0]}; happened: {d.delt[1]}.")
    roles = [f"{p.name} ({role_label(p.role).lower()})" for p in d.stakeholders if p.role]
    notes.append("Roles on the stakeholder map: " + (", ".join(roles) if roles else "none set yet") + ".")
    if d.uncovered_levels:
        notes.append("No one touched in four quarters at: " + ", ".join(level_label(x) for x in d.uncovered_levels) + ".")
    deck.text_slides("Account strategy: goals, contact plan and risks", paras, "\n".join(notes))


def _stakeholders(deck: Deck, d: ReviewDocument) -> None:
    from analytics.review.export import MAX_STAKEHOLDERS, _no_relationship_items

    shown = d.stakeholders[:MAX_STAKEHOLDERS]
    more = len(d.stakeholders) - len(shown)
    rows = [[p.name, p.title, level_label(p.level), role_label(p.role), str(p.touches_4q)] for p in shown]
    after = []
    if more:
        after.append(Para(f"{more} more contacts are not listed.", "note"))
    items = _no_relationship_items(d)
    if items:
        after += [Para("No relationship yet", "heading")] + bullets(items)
    intro = [] if rows else [Para("No contacts on record for this client in this quarter.")]
    notes = "\n".join(f"{p.name}, {p.title or 'no title'} ({level_label(p.level)}): {role_label(p.role) or 'no role'}, "
                      f"{p.touches_4q} touches in four quarters" for p in d.stakeholders)
    deck.table_slides("Stakeholder map", ["Name", "Title", "Level", "Role", "Touches, 4 quarters"], rows,
                      [2.6, 3.0, 1.5, 1.7, 1.6], notes, intro=intro, after=after, numeric={4})

