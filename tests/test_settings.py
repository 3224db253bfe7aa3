"""The method's settings: stored in the settings table, validated, and in force at once."""

from __future__ import annotations

import pytest

from analytics.settings import (
    REGISTRY,
    BadSetting,
    defaults,
    ensure_defaults,
    load_settings,
    reset_settings,
    save_settings,
)
from tests.tiny import Tiny


def stored(db) -> dict[str, str]:
    return dict(db.cursor().execute("select key, value from settings").fetchall())


def test_a_new_database_holds_every_setting_with_its_documented_default(db):
    table = stored(db)
    assert {s.key: float(table[s.key]) for s in REGISTRY} == defaults()


def test_writing_defaults_again_keeps_what_a_user_changed(db):
    save_settings(db, {"weight_trust": 0.5})
    assert ensure_defaults(db.cursor()) == 0
    assert stored(db)["weight_trust"] == "0.5"


def test_a_deleted_or_unreadable_row_falls_back_to_its_default(db):
    cur = db.cursor()
    cur.execute("delete from settings where key = 'weight_value'")
    cur.execute("update settings set value = 'lots' where key = 'weight_trust'")
    values = load_settings(cur)
    assert (values["weight_value"], values["weight_trust"]) == (0.2, 0.2)


@pytest.mark.parametrize("changes,message", [
    ({"weight_trust": 2}, 'Setting "weight_trust": 2 is outside 0..1.'),
    ({"weight_trust": "much"}, 'Setting "weight_trust": "much" is not a number.'),
    ({"no_such_key": 1}, 'Setting "no_such_key": no such setting of the method.'),
    ({"stage_rapport_min": 30}, 'Setting "stage_*_min": stage cut-offs must rise from Contact to Partnership.'),
    ({"squeeze_medium": 1}, 'Setting "squeeze_*": thresholds must rise from low to medium to high.'),
    ({k: 0 for k in ("weight_high_wide", "weight_dialogue", "weight_trust", "weight_balance", "weight_value")},
     'Setting "weight_*": at least one dimension weight must be above 0.'),
])
def test_a_bad_value_is_refused_whole_with_a_message_naming_the_setting(db, changes, message):
    before = stored(db)
    with pytest.raises(BadSetting) as error:
        save_settings(db, changes)
    assert str(error.value) == message
    assert stored(db) == before


def test_reset_puts_defaults_back(db):
    save_settings(db, {"weight_trust": 0.5, "squeeze_low": 1})
    reset_settings(db, ["weight_trust"])
    assert load_settings(db.cursor())["weight_trust"] == 0.2
    assert load_settings(db.cursor())["squeeze_low"] == 1
    reset_settings(db)
    assert load_settings(db.cursor()) == defaults()


def test_a_threshold_changed_in_the_table_changes_which_signals_fire(db):
    tiny = Tiny(db)
    tiny.client("A")
    tiny.touches("A", "2025-10-01", 5, tags=("status_request",))
    tiny.touches("A", "2025-10-02", 45)  # 10% status requests: under the default 15%
    assert tiny.signals("2025Q4") == {}
    save_settings(db, {"micromanagement_low": 0.1})
    assert tiny.signals("2025Q4")["A"]["signal_id"] == "micromanagement"


def test_settings_carry_a_label_a_range_that_holds_the_default_and_a_group():
    for s in REGISTRY:
        assert s.label and s.lo <= s.default <= s.hi, s
        assert s.group in {"position", "high_wide", "dialogue", "trust", "balance", "value", "signals", "history"}


def test_inline_params_gives_the_type_and_value_a_bound_parameter_has():
    import duckdb

    from analytics.settings import inline_params

    con = duckdb.connect()
    query = "select $a / 3 as x, typeof($a) as t, $b * 2 as y, 7 >= $c as z"
    values = {"a": 0.1, "b": 12.0, "c": 7.0, "unused": 1.0}
    bound = con.execute(query, {k: values[k] for k in ("a", "b", "c")}).fetchall()
    inlined = con.execute(inline_params(query, values)).fetchall()
    assert inlined == bound == [(0.1 / 3, "DOUBLE", 24.0, True)]


def test_inline_params_names_a_missing_value():
    import pytest

    from analytics.settings import inline_params

    with pytest.raises(KeyError, match="missing_one"):
        inline_params("select $missing_one", {})
