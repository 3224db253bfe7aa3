"""The demo portfolio: generated, deterministic, with planted stories (stories) in its
data (portfolio) and in the reviews of earlier quarters (reviews). Built only when asked.
Imports the ground only.
"""

from __future__ import annotations

from analytics.demo.portfolio import DemoSummary, build_demo
from analytics.demo.stories import planted_stories

__all__ = ["DemoSummary", "build_demo", "planted_stories"]
