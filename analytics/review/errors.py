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


class ReviewConflict(ReviewError):
    """Someone saved this review after the saver opened it: nothing was written.

    `theirs` is the review as saved now (an analytics.review.history.ReviewState), so
    the saver can be shown what changed and decide: keep theirs, or save again over
    `current_version` knowingly.
    """

    def __init__(
        self, client_id: str, quarter: str, *, base_version: int | None, current_version: int,
        saved_by: str | None, saved_at: object, theirs: object, client_name: str | None = None,
    ) -> None:
        who = saved_by or "Someone"
        client = client_name or client_id
        when = f" at {saved_at:%Y-%m-%d %H:%M}" if hasattr(saved_at, "strftime") else ""
        if base_version is None:
            what = f"{who} saved a review of {client} for {quarter}{when} while you were writing yours"
        else:
            what = (f"{who} saved this review of {client} for {quarter}{when} (version {current_version}) "
                    f"after you opened version {base_version}")
        super().__init__(
            f"{what}. Nothing of yours was saved and your draft is kept. Look at what changed, then keep "
            "their version, or save yours over it."
        )
        self.client_id = client_id
        self.quarter = quarter
        self.base_version = base_version
        self.current_version = current_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.theirs = theirs


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
