"""Rules: how tags are read from notes and levels from job titles, readable and editable.

The rules are data (analytics/ingest/tags.toml and seniority.toml by default). A head of
sales edits them here; the edited rules are stored in the database and used by every
later import, and saving re-tags the stored touches (or derives the levels again) in one
pass, keeping every correction made by hand.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import ContinuumError
from analytics.ingest.manual import LANGUAGES, LEVELS, check_rules_text, rules_toml, rules_view, save_rules
from analytics.ingest.tagging import suggest_tags
from analytics.method.client_profile import TAGS
from ui.data import cached, change, current_access
from ui.frame import page_frame
from ui.text import plain

TAG_LABELS = dict(TAGS)
LEVEL_LABELS = {"executive": "Executive", "director": "Director", "manager": "Manager", "staff": "Staff"}

frame = page_frame()
db = frame.db
access = current_access()

st.title("Rules")
st.caption(
    "Continuum reads what people wrote: the tags of a touch come from its subject and notes, a contact's level "
    "from their job title, by the rules below (English, Polish and Russian). Every inferred tag and level keeps "
    "the rule that decided it, shown on the Client page. A wrong one is corrected there by hand; a rule that is "
    "wrong or missing is corrected here."
)
with st.expander("How a rule reads text", icon=":material/help:"):
    st.markdown(
        "- The text is folded first: lower case, accents stripped (ł → l, ą → a, ё → е), punctuation as a space.\n"
        "- A phrase is words. A word ending in `*` is a **stem** and matches every ending, which is how Polish and "
        "Russian inflection is matched: `rabat*` matches rabat, rabatu, rabaty; `скидк*` matches скидка, скидку.\n"
        "- `~` allows up to three other words in between: `prosi* ~ rabat*` matches \"prosi o dodatkowy rabat\".\n"
        "- Tags only: a match is skipped when a **negation** stands close before it (\"no discount needed\", "
        "\"bez rabatu\") or a negating phrase right after it (\"скидка не нужна\").\n"
        "- Levels only: the **first** rule that matches decides, so specific rules (Assistant to the CEO) stand "
        "above general ones (CEO). A title no rule matches leaves the level unknown, never staff."
    )


def source_line(view) -> str:
    if view.source == "edited":
        by = f" by {plain(view.saved_by)}" if view.saved_by else ""
        return f"In force: the rules edited on this page{by} on {pd.Timestamp(view.saved_at):%Y-%m-%d %H:%M}."
    return f"In force: the packaged rules file {plain(view.file_name)}, not edited here."


def readable(view, labels: dict[str, str], field: str) -> pd.DataFrame:
    rules = view.rules
    return pd.DataFrame({
        "position": rules["position"],
        field: rules[field].map(lambda v: labels.get(v, v)),
        "languages": rules["languages"].map(lambda codes: ", ".join(LANGUAGES[c] for c in codes)),
        "name": rules["name"],
        "phrases": rules["phrases"],
        "stems": rules["stems"].map(len),
    })


def editable_frame(view, field: str) -> pd.DataFrame:
    rules = view.rules
    return pd.DataFrame({
        "position": rules["position"].astype(int),
        "name": rules["name"].astype("string"),
        field: rules[field].astype("string"),
        "phrases": rules["phrases"].map(", ".join).astype("string"),
    })


def editor(kind: str, view, field: str, options: list[str], labels: dict[str, str]) -> None:
    """The rules as an editable table (one row per rule, phrases separated by commas), the
    negation words for tags, and the buttons that check, save or go back to the file."""
    key = f"rules_editor::{kind}"
    version = st.session_state.get(f"{key}::version", 0)
    if done := st.session_state.pop(f"{key}::done", None):
        st.success(done, icon=":material/check_circle:")
    if not access.administers:
        st.caption("A head of sales edits the rules: they change every account manager's tags and levels.")
        return
    st.markdown("**Edit**: change a phrase, add a rule (last row), or delete one (select it, then the bin). "
                "Position sets the order; phrases are separated by commas.")
    edited = st.data_editor(
        editable_frame(view, field), key=f"{key}::table::{version}", hide_index=True, width="stretch",
        num_rows="dynamic",
        column_config={
            "position": st.column_config.NumberColumn("Position", min_value=1, step=1, width=80),
            "name": st.column_config.TextColumn("Rule", required=True, help="Shown as the reason for a tag or level."),
            field: st.column_config.SelectboxColumn(field.capitalize(), options=options, required=True),
            "phrases": st.column_config.TextColumn("Phrases", width="large", required=True),
        },
    )
    before = after = ""
    if kind == "tags":
        left, right = st.columns(2)
        before = left.text_area("Negation before a phrase", ", ".join(view.negation_before),
                                key=f"{key}::before::{version}", help="Words that, up to two words before a "
                                "phrase, cancel it: no, bez, не …")
        after = right.text_area("Negation right after a phrase", ", ".join(view.negation_after),
                                key=f"{key}::after::{version}", help="Phrases that, right after a match, cancel "
                                "it: not needed, не нужна …")
    text = rules_toml(kind, edited, before, after)
    problem = None
    try:
        check_rules_text(kind, text)
    except ContinuumError as exc:
        problem = str(exc)
        st.error(plain(problem), icon=":material/error:")
    unchanged = text == rules_toml(kind, editable_frame(view, field), ", ".join(view.negation_before),
                                   ", ".join(view.negation_after))
    what = "re-tag the stored touches" if kind == "tags" else "derive the levels again"
    left, right = st.columns(2)
    if left.button(f"Save and {what}", key=f"{key}::save", type="primary", icon=":material/save:",
                   disabled=bool(problem) or unchanged):
        with st.spinner("Applying the rules to the stored data…"):
            try:
                result = change(save_rules, db, kind, text)
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
            else:
                st.session_state[f"{key}::version"] = version + 1
                st.session_state[f"{key}::done"] = "Saved. " + result.summary_line()
                st.rerun()
    if right.button("Go back to the packaged rules", key=f"{key}::reset", icon=":material/restart_alt:",
                    disabled=view.source != "edited"):
        with st.spinner("Applying the packaged rules to the stored data…"):
            try:
                result = change(save_rules, db, kind, None)
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
            else:
                st.session_state[f"{key}::version"] = version + 1
                st.session_state[f"{key}::done"] = "Back to the packaged rules. " + result.summary_line()
                st.rerun()
    st.download_button("Download these rules (TOML)", view.text, file_name=f"{kind}-rules.toml",
                       mime="application/toml", key=f"{key}::download", icon=":material/download:")


tags_tab, levels_tab, try_tab = st.tabs(["Tags from notes", "Levels from job titles", "Try a note"])

with tags_tab:
    view = cached(rules_view, db, "tags")
    st.caption(source_line(view))
    st.dataframe(
        readable(view, TAG_LABELS, "tag"), hide_index=True, width="stretch",
        column_config={
            "position": st.column_config.NumberColumn("#", width=40), "tag": "Tag", "languages": "Languages",
            "name": "Rule", "phrases": st.column_config.ListColumn("Phrases (any one matches)", width="large"),
            "stems": st.column_config.NumberColumn("Stem words", help="How many of the phrases' words end in *, matching every ending."),
        },
    )
    st.markdown("**Negation before a phrase:** " + ", ".join(plain(w) for w in view.negation_before))
    st.markdown("**Negation right after a phrase:** " + ", ".join(plain(w) for w in view.negation_after))
    editor("tags", view, "tag", [t for t, _ in TAGS], TAG_LABELS)

with levels_tab:
    view = cached(rules_view, db, "levels")
    st.caption(source_line(view))
    st.dataframe(
        readable(view, LEVEL_LABELS, "level"), hide_index=True, width="stretch",
        column_config={
            "position": st.column_config.NumberColumn("#", width=40, help="The first rule that matches decides."),
            "level": "Level", "languages": "Languages", "name": "Rule",
            "phrases": st.column_config.ListColumn("Phrases (any one matches)", width="large"),
            "stems": st.column_config.NumberColumn("Stem words", help="How many of the phrases' words end in *, matching every ending."),
        },
    )
    editor("levels", view, "level", list(LEVELS), LEVEL_LABELS)

with try_tab:
    sample = st.text_area("A note", key="rules_try_note", placeholder="Klient prosi o dodatkowy rabat…",
                          help="The tags the rules in force give this text, as an import would.")
    if sample.strip():
        found = cached(suggest_tags, db, sample)
        if not found:
            st.info("No rule gives this note a tag.", icon=":material/label_off:")
        for s in found:
            st.markdown(f"- **{TAG_LABELS.get(s.tag, s.tag)}**: '{plain(s.matched)}', rule '{plain(s.rule_name)}'")
