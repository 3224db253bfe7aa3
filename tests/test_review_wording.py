"""No user-visible text anywhere offers to drop, fire or churn out a client (DOMAIN §1):
the strongest option is a change of investment level or service model, with its reason.

Scans every string literal (docstrings and comments are for developers, not users) in
pages/, ui/ and analytics/, the data files there (the playbook), and the exports of
every demo review."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analytics.review.export import render_html, render_markdown, review_document
from analytics.review.store import INVESTMENT_LEVELS

ROOT = Path(__file__).resolve().parent.parent
VERB = r"(drop|dropp(ed|ing)|fire|fir(ed|ing)|dismiss(ed|ing)?|terminate|terminat(ed|ing)|offboard(ed|ing)?|" \
       r"dump(ed|ing)?|abandon(ed|ing)?|ditch(ed|ing)?|sack(ed|ing)?|cut|churn|let go of|part ways with|" \
       r"get rid of|walk away from|stop (serving|working with)|end (the|this|our) relationship with)"
OFFERS = [
    re.compile(rf"\b{VERB}\s+(the\s+|this\s+|that\s+|a\s+|an\s+|our\s+|low[- ]value\s+|unprofitable\s+)*"
               r"(client|customer|account)s?\b", re.I),
    re.compile(r"\bchurn[- ]?out\b", re.I),
    re.compile(r"\bkeep\s*(/|-|or|vs\.?)\s*(drop|fire)\b", re.I),
    re.compile(r"\b(drop|fire)\s*(/|-|or)\s*keep\b", re.I),
    re.compile(r"\bend (the|this) relationship\b", re.I),
]
DENIAL = re.compile(r"\b(no|not|never|nor|without|instead of|rather than|n't)\b[^.;:!?]{0,40}$", re.I)


def offers_to_drop(text: str) -> list[str]:
    """The phrases in `text` that offer to end a relationship (denials such as "no
    keep/drop button" are allowed: they are the product's promise)."""
    found = []
    for pattern in OFFERS:
        for m in pattern.finditer(text):
            if not DENIAL.search(text[max(0, m.start() - 60): m.start()]):
                found.append(m.group(0))
    return found


def user_strings(path: Path) -> list[str]:
    """String literals of a Python file, without docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def scanned_files() -> list[Path]:
    files = []
    for folder in ("pages", "ui", "analytics"):
        files += sorted((ROOT / folder).rglob("*.py")) + sorted((ROOT / folder).rglob("*.toml"))
        files += sorted((ROOT / folder).rglob("*.csv"))
    return files


@pytest.mark.parametrize(
    "text",
    ["Drop this client", "fire the client", "Keep / drop", "Churn out low-value accounts", "Let go of the customer",
     "Recommendation: terminate unprofitable clients", "End the relationship"],
)
def test_the_scan_catches_offers_to_drop_a_client(text):
    assert offers_to_drop(text)


@pytest.mark.parametrize(
    "text",
    ["There is no keep/drop button anywhere", "never a keep-or-drop verdict", "a signal fires on 3 clients",
     "frame.drop(columns=['client_id'])", "DELT dropped from 5 to 1", "instead of a keep-or-drop decision"],
)
def test_the_scan_lets_denials_and_ordinary_words_pass(text):
    assert offers_to_drop(text) == []


def test_no_user_visible_text_in_pages_ui_or_analytics_offers_to_drop_a_client():
    offending = {}
    for path in scanned_files():
        texts = user_strings(path) if path.suffix == ".py" else [path.read_text(encoding="utf-8")]
        hits = [hit for text in texts for hit in offers_to_drop(text)]
        if hits:
            offending[str(path.relative_to(ROOT))] = hits
    assert offending == {}
    assert len(scanned_files()) > 20  # the scan did look at the code


def test_the_investment_scale_ends_at_reduced_investment():
    assert [label for _, label in INVESTMENT_LEVELS] == [
        "Invest more", "Maintain", "Change service model", "Reduce investment",
    ]


class _Evidence:
    """Stands in for the method's evidence (its sentences are scanned in the source above),
    so every demo review renders in milliseconds."""

    def snapshot(self) -> dict:
        return {"score": 50.0, "stage": "rapport", "stage_label": "Rapport", "change": -3.0,
                "previous_quarter": "2026Q2", "path": [], "dimensions": [], "weakest": [],
                "signals": [{"id": "squeeze", "label": "Squeeze", "severity": "high", "reason": "4 of 4 pressures"}]}


def test_no_demo_review_export_offers_to_drop_a_client(demo_db, monkeypatch):
    import analytics.review.evidence

    monkeypatch.setattr(analytics.review.evidence, "review_evidence", lambda con, client_id, quarter: _Evidence())
    con = demo_db.cursor()
    reviews = con.execute("select client_id, quarter from reviews order by 1, 2").fetchall()
    assert len(reviews) > 40
    for client_id, quarter in reviews:
        document = review_document(con, client_id, quarter)
        for text in (render_markdown(document), render_html(document)):
            assert offers_to_drop(text) == [], (client_id, quarter)
