"""Why a review, its plan or its playbook cannot be used as they are, in words that say
what to fix. Every module of the review stands on these, so none imports another for them."""

from __future__ import annotations

from analytics.errors import ContinuumError


class ReviewError(ContinuumError):
    """A review that cannot be saved as it is; the message says what to fix."""


class QuarterClosed(ReviewError):
    def __init__(self, quarter: str) -> None:
        super().__init__(
            f"Quarter {quarter} is closed, so its reviews can no longer be edited. "
            "Action statuses can still be updated; to change the review itself, "
            "reopen the quarter on the Reviews page."
        )


class UnknownAction(ContinuumError):
    def __init__(self, action_id: str) -> None:
        super().__init__(f'No action with id "{action_id}" in this database.')


class NoReviewSaved(ContinuumError):
    def __init__(self, client_id: str, quarter: str) -> None:
        super().__init__(
            f"No review of client {client_id} is saved for {quarter}. Start it on the Review page "
            "and save it, or choose a quarter with a saved review."
        )


class PlaybookError(ContinuumError):
    """The playbook file cannot be used; the message names the entry and the fix."""
