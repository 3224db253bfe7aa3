"""The stories planted in the demo portfolio: which client carries which story.

The generator (analytics.demo.portfolio) draws each story into its client's data, and
the demo reviews (analytics.demo.reviews) review those clients; both read the
positions from here, and so do the tests that look for each story.
"""

from __future__ import annotations

# Stories planted at fixed positions; the rest of the portfolio is "typical".
STORY_ORDER = (
    "partnership", "access_decline", "partnership", "no_advance_info", "revenue_decline",
    "partnership", "feedback_silence", "micromanagement", "partnership", "team_morale",
    "squeeze", "partnership", "single_thread_champion_left", "new_client", "partnership",
)
STORY_NAMES = {
    "access_decline": "Vistula Freight S.A.",
    "no_advance_info": "Baltic Retail Group Sp. z o.o.",
    "revenue_decline": "Krakow Precision Works S.A.",
    "feedback_silence": "Odra Energy Sp. z o.o.",
    "micromanagement": "Tatra Insurance S.A.",
    "team_morale": "Mazovia Health Network",
    "squeeze": "Silesia Steel Components S.A.",
    "single_thread_champion_left": "Pomerania Foods Sp. z o.o.",
    "new_client": "Nordlicht Software GmbH",
}

def planted_stories(n_clients: int) -> dict[str, list[str]]:
    """Story -> client ids that carry it, for a portfolio of n_clients."""
    stories: dict[str, list[str]] = {}
    for index in story_positions(n_clients):
        story = STORY_ORDER[len([s for s in stories.values() for _ in s])]
        stories.setdefault(story, []).append(client_id(index))
    return stories


def client_id(index: int) -> str:
    return f"C{index + 1:05d}"  # the SQL loader writes the same with printf('C%05d')


def story_positions(n_clients: int) -> list[int]:
    """Spread the story clients through the id range so they do not sit in a block."""
    count = min(len(STORY_ORDER), n_clients)
    step = max(1, n_clients // count)
    return [i * step for i in range(count)]
