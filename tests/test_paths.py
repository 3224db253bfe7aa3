"""No file on the server open to the network (issue 18): a path typed in the app is
confined to the data folder. Traversal, absolute paths and links out are refused before
anything is opened, created or read; the operator's own file is not confined."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from analytics.paths import OutsideDataFolder, confined, data_folder

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- confined()

def test_a_relative_name_is_taken_from_the_data_folder(tmp_path):
    assert confined("portfolio.duckdb", tmp_path) == tmp_path.resolve() / "portfolio.duckdb"
    assert confined("teams/east.duckdb", tmp_path) == tmp_path.resolve() / "teams" / "east.duckdb"
    assert confined(str(tmp_path / "x.duckdb"), tmp_path) == tmp_path.resolve() / "x.duckdb"  # absolute, inside


@pytest.mark.parametrize("typed", [
    "../x.duckdb", "a/../../x.duckdb", "/etc/passwd", "~/x.duckdb", "../../../../../../tmp/y.duckdb",
])
def test_traversal_and_absolute_paths_elsewhere_are_refused(tmp_path, typed):
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(OutsideDataFolder, match="is outside the data folder"):
        confined(typed, folder)


def test_a_link_inside_the_folder_that_leads_out_is_refused_and_one_that_stays_is_not(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "secret.csv").write_text("password,iban\n")
    os.symlink(tmp_path / "secret.csv", folder / "out.csv")
    os.symlink(tmp_path, folder / "up")
    (folder / "mine.csv").write_text("a\n")
    os.symlink(folder / "mine.csv", folder / "alias.csv")
    with pytest.raises(OutsideDataFolder):
        confined("out.csv", folder)
    with pytest.raises(OutsideDataFolder):
        confined("up/secret.csv", folder)
    assert confined("alias.csv", folder) == (folder / "mine.csv").resolve()


def test_the_folder_is_continuum_data_dir_else_data_in_the_project(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DATA_DIR", str(tmp_path))
    assert data_folder() == tmp_path.resolve()
    monkeypatch.delenv("CONTINUUM_DATA_DIR")
    assert data_folder() == (ROOT / "data").resolve()


# ---------------------------------------------------------------- in the app

@pytest.fixture
def app_env(demo_db_file, monkeypatch, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    monkeypatch.setenv("CONTINUUM_DATA_DIR", str(folder))
    return folder


def all_text(app: AppTest) -> str:
    """Every text the page shows: messages, markdown, headings and tables."""
    out = []
    for kind in ("error", "info", "warning", "success", "markdown", "caption", "subheader", "text"):
        out += [str(e.value) for e in getattr(app, kind)]
    out += [d.value.to_string() for d in app.dataframe]
    return " ".join(out)


def page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / name), default_timeout=120)


@pytest.mark.parametrize("typed", ["../../../evil/new.duckdb", "/tmp/elsewhere-continuum.duckdb"])
def test_the_sidebar_refuses_a_database_outside_the_folder_and_creates_nothing(app_env, tmp_path, typed):
    app = page("pages/portfolio.py").run()
    app.sidebar.text_input(key="db_path").set_value(typed).run()
    assert not app.exception
    assert "is outside the data folder" in app.error[0].value
    assert not app.button  # no offer to create it
    assert "db" not in app.query_params
    assert not Path("/tmp/elsewhere-continuum.duckdb").exists()
    assert not (tmp_path / "evil").exists() and not Path("/evil").exists()


def test_a_name_inside_the_folder_opens_there(app_env):
    app = page("pages/portfolio.py").run()
    app.sidebar.text_input(key="db_path").set_value("mine.duckdb").run()
    assert not app.exception
    assert "no database" in app.info[0].value.lower()
    app.button[0].click().run()  # Create an empty database there
    assert (app_env / "mine.duckdb").exists()


def test_the_address_cannot_open_a_file_outside_the_folder(app_env, tmp_path, demo_db_file):
    import shutil

    outside = tmp_path / "outside.duckdb"
    shutil.copy2(demo_db_file, outside)
    app = page("pages/portfolio.py")
    app.query_params["db"] = str(outside)
    app.run()
    assert not app.exception
    assert "is outside the data folder" in app.error[0].value
    assert not app.metric  # nothing of that file is shown


def test_the_import_path_field_reads_only_inside_the_folder_and_echoes_nothing(app_env, tmp_path):
    secret = tmp_path / "planted.csv"
    secret.write_text("user,password,iban\nroot,hunter2,PL61109010140000071219812874\n")
    app = page("pages/import_data.py").run()
    app.text_input(key="import_path").set_value(str(secret)).run()
    assert not app.exception
    shown = all_text(app)
    assert "is outside the data folder" in shown
    assert "hunter2" not in shown and "PL61" not in shown and "password" not in shown
    inside = app_env / "deals.csv"
    inside.write_text("deal_id,client_name,amount\nD1,Acme,100\n")
    app.text_input(key="import_path").set_value("deals.csv").run()
    assert not app.exception
    assert any(s.value == "deals.csv" for s in app.subheader)


def test_a_server_open_to_the_network_without_sign_in_shows_nothing(app_env, tmp_path):
    """Without [auth] a server on 0.0.0.0 has no one to let in: no data, no file field."""
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        app = page("pages/portfolio.py")
        app.query_params["db"] = str(app_env / "x.duckdb")
        app.run()
        assert not app.exception
        assert not [t for t in app.sidebar.text_input if t.key == "db_path"]
        assert "is configured, so it shows no data" in all_text(app)
        assert not (app_env / "x.duckdb").exists()
        imp = page("pages/import_data.py").run()
        assert not imp.exception
        assert not [t for t in imp.text_input if t.key == "import_path"]
    finally:
        config.set_option("server.address", old)
