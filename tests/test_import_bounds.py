"""Numbers off their own scale are rejected with a reason, one row at a time, never
loaded and never a crash of the whole file: NPS 0..10, CSAT/survey/interview 1..5,
finite scores, morale 1..5 (a morale of 128 once stopped the file at a cast)."""

from __future__ import annotations

import pytest

from analytics.ingest import import_file


def _file(tmp_path, name: str, header: str, rows: list[str]):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def client_a(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('A', 'Acme')")
    return db


@pytest.mark.parametrize(("kind", "score", "loaded"), [
    ("nps", "0", True), ("nps", "10", True), ("nps", "-0.5", False), ("nps", "10.5", False),
    ("csat", "1", True), ("csat", "5", True), ("csat", "0.99", False), ("csat", "5.01", False),
    ("survey", "100000", False), ("nps", "inf", False), ("nps", "nan", False),
])
def test_a_feedback_score_off_its_scale_is_rejected_with_a_reason(client_a, tmp_path, kind, score, loaded):
    path = _file(tmp_path, "fb.csv", "feedback_id,client_id,received_on,kind,score",
                 [f"F1,A,2025-05-01,{kind},{score}"])
    result = import_file(client_a, "feedback", path)
    assert (result.loaded == 1) is loaded and (result.rejected == 1) is (not loaded)
    stored = client_a.cursor().execute("select count(*) from feedback").fetchone()[0]
    assert stored == (1 if loaded else 0)


@pytest.mark.parametrize(("morale", "loaded"), [("1", True), ("5", True), ("0", False), ("6", False),
                                                ("128", False), ("-129", False)])
def test_a_morale_off_1_to_5_is_rejected_and_the_rest_of_the_file_loads(client_a, tmp_path, morale, loaded):
    path = _file(tmp_path, "tp.csv", "client_id,quarter,morale", [f"A,2025Q2,{morale}", "A,2025Q3,4"])
    result = import_file(client_a, "team_pulse", path)
    assert result.loaded == (2 if loaded else 1) and result.rejected == (0 if loaded else 1)


@pytest.mark.parametrize(("amount", "loaded"), [
    ("999999999999.99", True), ("0", True), ("1000000000000", False), ("1e308", False),
    ("inf", False), ("-inf", False), ("nan", False), ("-1", False),
])
def test_a_deal_amount_must_be_finite_not_negative_and_below_a_trillion(client_a, tmp_path, amount, loaded):
    path = _file(tmp_path, "d.csv", "deal_id,client_id,amount,currency,stage,close_date",
                 [f"D1,A,{amount},EUR,won,2025-05-01", "D2,A,10,EUR,won,2025-05-02"])
    result = import_file(client_a, "deals", path)
    assert result.loaded == (2 if loaded else 1) and result.rejected == (0 if loaded else 1)
    if not loaded:
        reason = " ".join(result.reasons["reason"])
        assert "amount" in reason and ("not a number" in reason or "negative" in reason
                                       or "not a credible value (the limit is 1,000,000,000,000)" in reason)


@pytest.mark.parametrize(("cost", "loaded"), [("999999999999", True), ("1e12", False), ("1e308", False)])
def test_a_cost_to_serve_above_the_bound_is_rejected(client_a, tmp_path, cost, loaded):
    path = _file(tmp_path, "c.csv", "client_id,day,category,cost", [f"A,2025-05-01,support,{cost}"])
    result = import_file(client_a, "costs", path)
    assert (result.loaded, result.rejected) == ((1, 0) if loaded else (0, 1))


@pytest.mark.parametrize(("sentiment", "loaded"), [("-2", True), ("2", True), ("-3", False), ("3", False),
                                                   ("1.5", False)])
def test_a_sentiment_off_minus_2_to_2_is_rejected(client_a, tmp_path, sentiment, loaded):
    path = _file(tmp_path, "i.csv", "interaction_id,client_id,occurred_at,channel,sentiment",
                 [f"I1,A,2025-05-01,email,{sentiment}"])
    result = import_file(client_a, "interactions", path)
    assert (result.loaded, result.rejected) == ((1, 0) if loaded else (0, 1))
