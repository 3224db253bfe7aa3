"""The quarterly review: the saved review and its plan (store), the account strategy,
the playbook of options, the evidence a review starts from, the exports for the meeting
(Markdown, HTML, the internal and the client PowerPoint decks), the portfolio of
reviews (who is reviewed, follow-through, overdue actions) and the quarter report for
the head of sales (quarter_report, drawn by quarter_report_files).

Its SQL is in sql/, its playbook in playbook.toml. Imports the method and the ground.
"""

from __future__ import annotations

from analytics.review.deck_client import client_deck
from analytics.review.deck_internal import deck_file_name, internal_deck
from analytics.review.errors import NoReviewSaved, PlaybookError, QuarterClosed, ReviewError, UnknownAction
from analytics.review.evidence import Evidence, due_for_review, review_evidence
from analytics.review.export import export_review, review_document
from analytics.review.quarter_report import QuarterReport, ReportError, ReportFilters, quarter_report
from analytics.review.quarter_report_files import quarter_report_html, quarter_report_pptx, report_file
from analytics.review.store import Action, Pulse, Review, load_review, save_review

__all__ = [
    "Action", "Evidence", "QuarterReport", "ReportError", "ReportFilters", "client_deck", "deck_file_name", "internal_deck", "NoReviewSaved", "PlaybookError", "Pulse", "QuarterClosed", "Review",
    "ReviewError", "UnknownAction", "due_for_review", "export_review", "load_review",
    "quarter_report", "quarter_report_html", "quarter_report_pptx", "report_file",
    "review_document", "review_evidence", "save_review",
]
