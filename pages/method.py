"""Method: every formula, weight and threshold, with the values in force; edit them here."""

import streamlit as st

from analytics.settings import (
    BY_KEY,
    GROUPS,
    method_sections,
    reset_settings,
    save_settings,
    settings_table,
)
from ui.data import cached
from ui.frame import page_frame

frame = page_frame()
db = frame.db

st.title("Method")
st.caption(
    "How each client is placed on the continuum, and why. Every weight and threshold below is a "
    "setting stored in this database: the tables show the values in force, and a change here "
    "re-scores every client at once."
)

table = cached(settings_table, db)
sections = method_sections()

# ---- change a setting
with st.container(border=True):
    st.subheader("Change a weight or threshold")
    labels = {row.key: f"{GROUPS[row.group]} · {row.label}" for row in table.itertuples()}
    key = st.selectbox(
        "Setting", list(labels), format_func=lambda k: f"{labels[k]}  ({k})", key="setting_key",
    )
    setting = BY_KEY[key]
    in_force = float(table.loc[table["key"] == key, "in_force"].iloc[0])
    step = 0.01 if setting.hi <= 1 else (0.5 if setting.hi <= 10 else 1.0)
    left, right = st.columns([2, 3])
    value = left.number_input(
        f"Value ({setting.unit or 'number'}, {setting.lo:g} to {setting.hi:g})",
        min_value=setting.lo, max_value=setting.hi, value=in_force, step=step, format="%g",
        key=f"value_{key}",
    )
    right.markdown(f"In force **{in_force:g}** · documented default **{setting.default:g}**")
    save_col, reset_col, all_col = st.columns([1, 1, 2])
    if save_col.button("Save", type="primary", disabled=value == in_force, key="save_setting"):
        save_settings(db, {key: value})
        st.toast(f"{key} = {value:g} saved; every client is re-scored.")
        st.rerun()
    if reset_col.button("Back to default", disabled=in_force == setting.default, key="reset_setting"):
        reset_settings(db, [key])
        st.rerun()
    changed = int(table["changed"].sum())
    if all_col.button(f"Reset all to defaults ({changed} changed)", disabled=changed == 0, key="reset_all"):
        reset_settings(db)
        st.rerun()

# ---- the method, section by section, with the values in force
COLUMNS = {
    "key": st.column_config.TextColumn("Setting", width="medium"),
    "in_force": st.column_config.NumberColumn("In force", format="%g", width="small"),
    "default": st.column_config.NumberColumn("Default", format="%g", width="small"),
    "changed": st.column_config.CheckboxColumn("Changed", width="small"),
    "unit": st.column_config.TextColumn("Unit", width="small"),
    "label": st.column_config.TextColumn("Meaning", width="large"),
}
group_of_heading = {title: group for group, title in GROUPS.items()}
for heading, text in sections.items():
    st.header(heading, divider="gray")
    st.markdown(text)
    group = group_of_heading.get(heading)
    if group:
        rows = table[table["group"] == group][list(COLUMNS)]
        st.dataframe(rows, hide_index=True, width="stretch", column_config=COLUMNS, key=f"table_{group}")
