"""Both decks open in LibreOffice: each converts to PDF with `soffice --headless`, one
page per slide, and no page is blank. Needs Debian's libreoffice-impress and
poppler-utils; without them these tests skip with a reason, except in CI (CI=true),
where they must run (.ci/run installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from analytics.review.deck_client import client_deck, client_facts
from analytics.review.deck_internal import deck_evidence, deck_file_name, internal_deck
from analytics.review.export import review_document
from tests.test_review_deck import slides_of

HELIOS, QUARTER = "C00021", "2026Q2"


def require_libreoffice() -> None:
    """Skip on a developer machine without soffice or pdftoppm; never skip in CI."""
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if not missing:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must convert the decks but {', '.join(missing)} is missing "
                    "(apt-get install libreoffice-impress poppler-utils)")
    pytest.skip(f"{', '.join(missing)} is not installed (apt-get install -y libreoffice-impress poppler-utils)")


def to_pdf(deck: Path, tmp_path: Path) -> Path:
    """The deck converted by LibreOffice, with a profile of this test's own."""
    profile = tmp_path / "lo-profile"
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(deck)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / (deck.stem + ".pdf")
    assert run.returncode == 0 and pdf.exists(), f"soffice failed: {run.stdout} {run.stderr}"
    return pdf


def pages(pdf: Path, tmp_path: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]


def ink(page: Image.Image) -> float:
    """The share of the page's pixels that are not white."""
    histogram = page.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.mark.parametrize("kind", ["review", "client"])
def test_each_deck_converts_to_pdf_with_one_drawn_page_per_slide(demo_db, tmp_path, kind):
    require_libreoffice()
    con = demo_db.cursor()
    document = review_document(con, HELIOS, QUARTER)
    data = (internal_deck(document, deck_evidence(con, HELIOS, QUARTER)) if kind == "review"
            else client_deck(document, client_facts(con, document)))
    deck = tmp_path / deck_file_name(document, kind)
    deck.write_bytes(data)
    drawn = pages(to_pdf(deck, tmp_path), tmp_path)
    assert len(drawn) == len(slides_of(data))
    blank = [number for number, page in enumerate(drawn, start=1) if ink(page) < 0.01]
    assert blank == [], f"blank pages: {blank}"
