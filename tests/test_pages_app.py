"""The Portfolio, Client and Signals pages under AppTest on the session's demo portfolio.

One page file per AppTest (see tests/test_app.py). Query parameters are set before the
first run, as a shared link would set them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main as cli
from analytics.demo import planted_stories
from analytics.method.continuum import STAGES, score_clients
from analytics.method.portfolio import headline, portfolio_view, review_status
from analytics.method.signals import signals_for_quarter
from tests.conftest import DEMO_CLIENTS, DEMO_END_QUARTER
from ui.theme import SIGNAL_SHORT, money

TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent
STORIES = planted_stories(DEMO_CLIENTS)
STAGE_LABELS = dict(STAGES)


def page(name: str, **params) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


@pytest.fixture(autouse=True)
def demo_env(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def markdown_text(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown) + "\n".join(str(c.value) for c in app.caption)


# --------------------------------------------------------------------------- Portfolio


def test_the_portfolio_headline_equals_the_methods_figures_for_the_quarter(demo_db):
    app = page("portfolio.py")
    assert not app.exception
    scores = score_clients(demo_db.cursor(), DEMO_END_QUARTER)
    top = headline(portfolio_view(demo_db.cursor(), DEMO_END_QUARTER, dt.date.today()))
    shown = metrics(app)
    assert shown["Clients"] == f"{len(scores):,}"
    assert shown["Revenue, last 4 quarters"] == money(top.revenue_4q, "EUR")
    high = signals_for_quarter(demo_db.cursor(), DEMO_END_QUARTER)
    assert shown["High-severity clients"] == str(high.loc[high["severity"] == "high", "client_id"].nunique())
    overdue = review_status(demo_db.cursor(), dt.date.today())["count_overdue_actions"].sum()
    assert shown["Review actions overdue"] == f"{overdue:,}"


def test_the_portfolio_shows_what_the_score_command_reports_for_the_same_quarter(demo_db_file, capsys):
    assert cli.main(["score", "--db", str(demo_db_file), "--quarter", "2025Q4", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    app = page("portfolio.py", quarter="2025Q4")
    assert not app.exception
    shown = metrics(app)
    assert shown["Clients"] == f"{len(report):,}"
    high = sum(any(s["severity"] == "high" for s in item["signals"]) for item in report)
    assert shown["High-severity clients"] == str(high)
    table = app.dataframe[0].value.set_index("name")
    for item in report:
        row = table.loc[item["name"]]
        assert row["stage"] == STAGE_LABELS[item["stage"]]
        assert row["score"] == round(item["score"])
        if item["change"] is None:
            assert pd.isna(row["change"])
        else:
            assert row["change"] == round(item["change"])
        short = [SIGNAL_SHORT[s["id"]] for s in item["signals"]]
        assert sorted(row["signals"]) == sorted(short)


def test_the_portfolio_draws_every_chart_and_the_clients_table():
    app = page("portfolio.py")
    assert not app.exception
    charts = app.get("plotly_chart")
    assert len(charts) == 6  # stage share, distribution, flow, map, pareto, whale
    table = app.dataframe[0].value
    assert len(table) == DEMO_CLIENTS
    assert set(table["stage"]) <= set(STAGE_LABELS.values())


def test_a_segment_filter_in_the_url_narrows_the_figures_and_the_table(demo_db):
    app = page("portfolio.py", segment="Enterprise")
    assert not app.exception
    assert app.sidebar.multiselect(key="segment").value == ["Enterprise"]
    everyone = portfolio_view(demo_db.cursor(), DEMO_END_QUARTER, dt.date.today())
    enterprise = everyone[everyone["segment"] == "Enterprise"]
    assert metrics(app)["Clients"] == f"{len(enterprise):,}"
    assert metrics(app)["Revenue, last 4 quarters"] == money(enterprise["revenue_4q"].sum(), "EUR")
    assert sorted(app.dataframe[0].value["name"]) == sorted(enterprise["name"])
    assert "Segment: Enterprise" in markdown_text(app)


def test_choosing_a_stage_in_the_sidebar_keeps_only_that_stage(demo_db):
    app = page("portfolio.py")
    app.sidebar.multiselect(key="stage").set_value(["Partnership"]).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["stage"]) == {"Partnership"}
    scores = score_clients(demo_db.cursor(), DEMO_END_QUARTER)
    assert len(table) == int((scores["stage"] == "partnership").sum())


def test_filters_that_match_no_client_say_so_instead_of_drawing_empty_charts(demo_db):
    view = portfolio_view(demo_db.cursor(), DEMO_END_QUARTER, dt.date.today())
    present = set(zip(view["segment"], view["stage"], strict=True))
    segment, stage = next(
        (seg, st) for seg in sorted(set(view["segment"])) for st, _ in STAGES if (seg, st) not in present
    )
    app = page("portfolio.py", segment=segment, stage=STAGE_LABELS[stage])
    assert not app.exception
    assert "No client matches these filters" in app.info[0].value
    assert not app.get("plotly_chart")
    assert not app.dataframe


def test_an_earlier_quarter_shows_that_quarters_clients(demo_db):
    app = page("portfolio.py", quarter="2025Q4")
    assert not app.exception
    scores = score_clients(demo_db.cursor(), "2025Q4")
    assert metrics(app)["Clients"] == f"{len(scores):,}"


# --------------------------------------------------------------------------- Client


def test_the_client_page_opens_the_client_named_in_the_url_with_its_stage_and_score(demo_db):
    client_id = STORIES["access_decline"][0]
    app = page("client.py", client=client_id)
    assert not app.exception
    assert app.title[0].value == "Vistula Freight S.A."
    row = score_clients(demo_db.cursor(), DEMO_END_QUARTER, client_id).iloc[0]
    shown = metrics(app)
    assert shown["Stage"] == STAGE_LABELS[row["stage"]]
    assert shown["Continuum score"] == f"{row['score']:.0f} / 100"
    assert app.sidebar.selectbox(key="client").value == client_id


def test_the_client_page_lists_its_firing_signals_with_their_reasons(demo_db):
    client_id = STORIES["access_decline"][0]
    app = page("client.py", client=client_id)
    fired = signals_for_quarter(demo_db.cursor(), DEMO_END_QUARTER, client_id)
    labels = [e.label for e in app.expander]
    for reason in fired["reason"]:
        assert any(reason in label for label in labels)
    assert metrics(app)["Warning signals"] == str(len(fired))


def test_the_champion_who_left_is_named_on_the_client_page():
    client_id = STORIES["single_thread_champion_left"][0]
    app = page("client.py", client=client_id)
    assert not app.exception
    text = markdown_text(app)
    assert "left on" in text
    assert "(champion)" in text


def test_the_client_page_draws_its_charts():
    app = page("client.py", client=STORIES["squeeze"][0])
    assert not app.exception
    # band, dimensions, touches by level, DELT, value, cost by category, timeline
    assert len(app.get("plotly_chart")) == 7


def test_filtering_the_timeline_by_channel_narrows_the_interactions_table():
    app = page("client.py", client=STORIES["micromanagement"][0])
    before = timeline_table(app)
    app.multiselect(key="timeline_channels").set_value(["qbr"]).run()
    assert not app.exception
    after = timeline_table(app)
    assert set(after["channel"]) == {"Business review (QBR)"}  # the table shows words, not codes
    assert len(after) == int((before["channel"] == "Business review (QBR)").sum())
    assert len(after) < len(before)


def timeline_table(app: AppTest):
    return [d.value for d in app.dataframe if "channel" in d.value.columns][0]


def test_filtering_the_timeline_by_tag_keeps_interactions_with_any_chosen_tag():
    app = page("client.py", client=STORIES["micromanagement"][0])
    app.multiselect(key="timeline_tags").set_value(["status_request", "escalation"]).run()
    assert not app.exception
    tags = timeline_table(app)["tags"]
    assert len(tags) > 0
    assert all({"Status request", "Escalation"} & set(t) for t in tags)


def test_an_unknown_client_in_the_url_gets_a_message_and_the_picker():
    app = page("client.py", client="C99999")
    assert not app.exception
    assert 'No client with id "C99999"' in app.warning[0].value
    assert app.sidebar.selectbox(key="client").value is None


def test_the_client_page_without_a_client_asks_to_choose_one():
    app = page("client.py")
    assert not app.exception
    assert app.title[0].value == "Client"
    assert "Choose a client" in app.info[0].value


def test_choosing_a_client_in_the_sidebar_puts_it_in_the_url():
    app = page("client.py")
    app.sidebar.selectbox(key="client").set_value(STORIES["new_client"][0]).run()
    assert not app.exception
    assert app.title[0].value == "Nordlicht Software GmbH"
    assert app.query_params["client"] in (STORIES["new_client"][0], [STORIES["new_client"][0]])


# --------------------------------------------------------------------------- Signals


def test_the_signals_inbox_lists_every_firing_signal_most_severe_first(demo_db):
    app = page("signals.py")
    assert not app.exception
    fired = signals_for_quarter(demo_db.cursor(), DEMO_END_QUARTER)
    table = app.dataframe[0].value
    assert len(table) == len(fired)
    order = {"High": 0, "Medium": 1, "Low": 2}
    ranks = [order[s] for s in table["severity"]]
    assert ranks == sorted(ranks)
    assert metrics(app)["Signals firing"] == str(len(fired))
    assert len(app.get("plotly_chart")) == 1


def test_the_signals_inbox_filters_by_signal_and_by_manager(demo_db):
    fired = signals_for_quarter(demo_db.cursor(), DEMO_END_QUARTER)
    manager = fired["account_manager"].iloc[0]
    app = page("signals.py", signal="Revenue decline", manager=manager)
    assert not app.exception
    expected = fired[(fired["signal_id"] == "revenue_decline") & (fired["account_manager"] == manager)]
    if expected.empty:
        assert "No warning signal fires" in app.success[0].value
    else:
        table = app.dataframe[0].value
        assert len(table) == len(expected)
        assert set(table["signal"]) == {"Revenue decline"}
        assert set(table["account_manager"]) == {manager}


def test_the_planted_squeeze_is_in_the_inbox_with_its_reason():
    app = page("signals.py", signal="Squeeze")
    table = app.dataframe[0].value
    assert "Silesia Steel Components S.A." in set(table["name"])


def test_the_client_page_lists_its_past_reviews_and_finished_actions(demo_db):
    reviewed = demo_db.cursor().execute(
        "select client_id, count(*) from reviews group by client_id order by count(*) desc, client_id limit 1"
    ).fetchone()
    assert reviewed is not None, "the demo portfolio plants past reviews"
    client_id, count = reviewed
    app = page("client.py", client=client_id)
    assert not app.exception
    review_labels = [e.label for e in app.expander if e.label.startswith("Review of ")]
    assert len(review_labels) == count
    finished = demo_db.cursor().execute(
        "select count(*) from actions where client_id = ? and status not in ('planned', 'in_progress')", [client_id]
    ).fetchone()[0]
    tables = [d.value for d in app.dataframe if "description" in d.value.columns and "outcome" in d.value.columns]
    assert len(tables[-1]) == finished


def test_the_first_quarter_with_data_draws_every_client_as_new():
    app = page("portfolio.py", quarter="2023Q4")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 6
    app = page("signals.py", quarter="2023Q4")
    assert not app.exception


def test_a_client_who_joined_later_than_the_quarter_says_so():
    app = page("client.py", client=STORIES["new_client"][0], quarter="2025Q4")
    assert not app.exception
    assert "was not yet a client in 2025Q4" in app.warning[0].value


def figure(app: AppTest, index: int) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def test_the_pareto_shares_written_on_the_chart_follow_the_filters(demo_db):
    from analytics.method.portfolio import concentration_curve, top_share

    view = portfolio_view(demo_db.cursor(), DEMO_END_QUARTER, dt.date.today())
    dach = view[view["region"] == "DACH"]
    app = page("portfolio.py", region="DACH")
    assert not app.exception
    notes = [a["text"] for a in figure(app, 4)["layout"]["annotations"]]
    assert notes == [
        f"top 20%: {top_share(concentration_curve(dach, 'revenue')):.0%} of revenue",
        f"top 20%: {top_share(concentration_curve(dach, 'cost')):.0%} of cost to serve",
    ]
    # and the map draws exactly the filtered clients
    drawn = [row[0] for trace in figure(app, 3)["data"] for row in trace.get("customdata", [])]
    assert sorted(drawn) == sorted(dach["client_id"])


def test_every_money_axis_carries_the_currency_symbol():
    app = page("portfolio.py")
    for index in (3, 5):  # the map and the whale curve
        yaxis = figure(app, index)["layout"]["yaxis"]
        assert yaxis["tickprefix"] == "€"
        assert "EUR" in yaxis["title"]["text"]


@pytest.mark.parametrize("name,params", [
    ("portfolio.py", {}),
    ("client.py", {"client": STORIES["squeeze"][0]}),
    ("signals.py", {}),
])
def test_every_visible_axis_of_every_chart_has_a_title(name, params):
    app = page(name, **params)
    assert not app.exception
    for index in range(len(app.get("plotly_chart"))):
        spec = figure(app, index)
        if all(trace.get("type") == "sankey" for trace in spec["data"]):
            continue  # a flow has no axes; its two columns are named on the chart
        for axis in ("xaxis", "yaxis"):
            settings = spec["layout"].get(axis, {})
            if settings.get("visible") is False:
                continue
            assert settings.get("title", {}).get("text"), f"chart {index} of {name}: {axis} has no title"
