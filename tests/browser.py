"""Shared steps for browser tests: a `streamlit run` server and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def require_chromium() -> None:
    """Skip with a reason on a developer machine without Chromium; never skip in CI."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run the browser tests but {CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free localhost port against a given database file."""

    def __init__(self, db_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, CONTINUUM_DB=str(db_path))
        self.log = open(SCREENSHOTS.parent / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start within 90 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def settle(page, limit: float = 90) -> None:
    """Wait until the app has rendered and its script has finished running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=limit * 1000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=limit * 1000)
    deadline = time.time() + limit
    while time.time() < deadline and page.locator('[data-testid="stStatusWidget"]').count():
        time.sleep(0.2)
    time.sleep(0.5)


def serve_copy(demo_db_file: Path, folder: Path) -> Iterator[StreamlitServer]:
    """A server on a copy of the demo database in `folder`: the server process needs a
    file nobody else holds, and a module that writes through it leaves the others' alone.
    Used as the body of a module-scoped fixture."""
    require_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    db_path = folder / "demo.duckdb"
    shutil.copy2(demo_db_file, db_path)
    running = StreamlitServer(db_path)
    yield running
    running.stop()


def launch_chromium() -> Iterator:
    """Debian's Chromium through Playwright, for a module-scoped fixture (one Playwright
    per process at a time: module fixtures are torn down before the next module's)."""
    require_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
