"""Every page on a database made from the real Maven CRM export (accounts and a
deals-only pipeline of 8,800 opportunities, no contacts, touches, costs or feedback),
imported as a user would: no exception, no error box, and the words for what the data
does not measure. The real files are copied first: the importer writes nothing beside them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from analytics.ingest import import_file
from tests.test_import_real import REAL

ROOT = Path(__file__).resolve().parent.parent
MAVEN = REAL / "maven_crm"


@pytest.fixture(scope="module")
def maven_file(tmp_path_factory) -> tuple[Path, str]:
    if not (MAVEN / "sales_pipeline.csv").exists():
        pytest.skip(f"{MAVEN} is not here (the real datasets live in ../shared/data/real/)")
    folder = tmp_path_factory.mktemp("maven")
    for name in ("accounts.csv", "sales_pipeline.csv"):
        shutil.copy2(MAVEN / name, folder / name)
    path = folder / "maven.duckdb"
    db = open_database(path)
    try:
        import_file(db, "clients", folder / "accounts.csv")
        import_file(db, "deals", folder / "sales_pipeline.csv", currency="USD")
        client = db.cursor().execute(
            "select client_id from deals where status = 'won' group by 1 order by count(*) desc, 1 limit 1"
        ).fetchone()[0]
    finally:
        db.close()
    return path, client


@pytest.mark.parametrize("name", ["portfolio.py", "client.py", "signals.py", "review.py", "reviews_overview.py",
                                  "import_data.py", "method.py"])
def test_every_page_runs_on_the_real_deals_only_export(maven_file, monkeypatch, name):
    path, client = maven_file
    monkeypatch.setenv("CONTINUUM_DB", str(path))
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=120)
    app.query_params["client"] = client
    app.run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    shown = " ".join(str(e.value) for kind in ("info", "markdown", "caption") for e in getattr(app, kind))
    if name in ("portfolio.py", "client.py", "review.py", "signals.py"):
        assert "not measured" in shown or "Not judged" in shown or "provisional" in shown
