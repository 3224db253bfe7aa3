"""Import: CSV exports in, every row accounted for; mapping, preview, history and undo."""

from __future__ import annotations

import hashlib
import math
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics.errors import ContinuumError, DatabaseError
from analytics.ingest import (
    KINDS,
    batch_rejects,
    delete_fx_rate,
    exchange_rates,
    import_history,
    merge_clients,
    missing_fx_rates,
    near_duplicate_clients,
    prepare,
    rejects_csv,
    run_import,
    save_mapping,
    save_value_mapping,
    set_fx_rate,
    undo_batch,
    undo_description,
    upload_limit_mb,
)
from analytics.ingest.errors import TooLarge
from analytics.ingest.formats import DECIMAL_LABELS, ORDER_LABELS
from analytics.ingest.kinds import ENUMS
from analytics.ingest.manual import unknown_level_contacts, unknown_level_titles, untagged_subjects
from analytics.ingest.mapping import presets_of
from analytics.ingest.vocabulary import CURRENCY_CODES
from analytics.paths import OutsideDataFolder, confined, data_folder
from analytics.settings import reporting_currency, set_reporting_currency
from ui.data import cached
from ui.frame import choose_database, serves_this_machine_only
from ui.text import plain

try:
    db = choose_database()
except DatabaseError as exc:
    st.error(plain(exc), icon=":material/error:")
    st.stop()
if db is None:
    st.stop()

st.title("Import")
st.caption(
    "Load CSV exports from your CRM: deals (HubSpot, Salesforce, Pipedrive, Zoho or any other), "
    "clients, contacts, interactions, feedback, cost to serve and team pulse. Every row is "
    "loaded, updated, rejected with a reason, or skipped as a title, footer or total line — "
    "nothing is dropped silently, and any import can be undone."
)

KIND_LABELS = {name: k.label for name, k in KINDS.items()}
PRESET_LABELS = {"auto": "Detect", "generic": "Generic (by column names)"}


def preset_labels(kind_name: str) -> dict[str, str]:
    """The presets a kind offers, by the name of the export each reads ("HubSpot contacts
    export"): one key such as hubspot names a different export in each kind."""
    return {"auto": PRESET_LABELS["auto"], **{name: p["label"] for name, p in presets_of(kind_name).items()},
            "generic": PRESET_LABELS["generic"]}
VALUE_FIELDS = {"stage": "status", "status": "status", "is_champion": "bool", "answered": "bool"}
ORDER_LINE_LABELS = {"per-order": "One deal per order (its lines summed)", "per-line": "One deal per line"}


def page_note(note: str) -> str:
    """A note of the import as a sentence, with the page's way in for what the command line
    does with an option."""
    note = note.replace("use --currency to choose", "choose another under Currency and formats")
    return plain(note[:1].upper() + note[1:] + ".")


def rate_since(since: object) -> str:
    """The quarter a rate holds from, in words: exchange_rates gives None for "from the start"."""
    return since if isinstance(since, str) and since else "the start"


def stash(upload) -> Path:
    """Keep an uploaded file on disk for this session, named by its content."""
    folder = Path(st.session_state.setdefault("import_dir", tempfile.mkdtemp(prefix="continuum-upload-")))
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    safe = re.sub(r"[^\w.\-]+", "_", upload.name)[-80:]
    path = folder / f"{digest}-{safe}"
    if not path.exists():
        path.write_bytes(data)
    return path


def file_key(name: str, path: Path) -> str:
    return hashlib.sha256(f"{name}|{path}|{path.stat().st_size}".encode()).hexdigest()[:10]


def mapping_editor(plan, key: str) -> dict[str, int]:
    """The columns of the file with the field each one fills; the user corrects it here."""
    fields = KINDS[plan.kind].field_names
    by_index = {i: f for f, i in plan.mapping.items()}
    examples = [next((r[i] for r in plan.sniffed.sample_rows if i < len(r) and r[i].strip()), "")
                for i in range(len(plan.sniffed.headers))]
    frame = pd.DataFrame({
        "Column": plan.sniffed.headers,
        "Example": examples,
        "Field": [by_index.get(i, "") for i in range(len(plan.sniffed.headers))],
    })
    edited = st.data_editor(
        frame, key=key, hide_index=True, width="stretch", disabled=["Column", "Example"],
        column_config={"Field": st.column_config.SelectboxColumn(
            "Field", options=["", *fields], help="Leave empty to ignore the column.")},
    )
    mapping: dict[str, int] = {}
    for index, field in enumerate(edited["Field"].tolist()):
        if field and field not in mapping:
            mapping[field] = index
        elif field:
            st.error(f'"{field}" is chosen for two columns; keep it on one.')
    return mapping


def format_options(plan, key: str) -> None:
    """Currency for rows without one, and the date order / decimal mark, if the detection is wrong."""
    k = KINDS[plan.kind]
    # a deals file without a currency column opens the expander: its amounts need a currency
    with st.expander("Currency and formats", expanded=plan.kind == "deals" and "currency" not in plan.mapping):
        if plan.kind == "deals":
            shown = plan.default_currency or cached(reporting_currency, db)
            currency = st.text_input(
                "Currency of rows that name none", value=shown, key=f"cur_{key}",
                help="An ISO code such as PLN, EUR, USD. Left as it is, those amounts are taken in the "
                     "reporting currency, and the check says so.",
            ).strip().upper()
            if currency and currency not in CURRENCY_CODES:
                st.error(f'"{currency}" is not a currency code.')
            elif plan.default_currency or currency != shown:
                # only a currency the user (or a saved mapping) gave counts as chosen: the
                # reporting currency shown by default must not decide a new database's
                plan.default_currency = currency or None
        orders = {}
        decimals = {}
        for f in k.fields:
            if f.name not in plan.mapping:
                continue
            if f.type in ("date", "timestamp"):
                choice = st.selectbox(f"Dates in {f.name}", ["detect", "dmy", "mdy"], key=f"ord_{key}_{f.name}",
                                      format_func=lambda o: "as detected" if o == "detect" else ORDER_LABELS[o])
                if choice != "detect":
                    orders[f.name] = choice
            if f.type in ("number", "int"):
                choice = st.selectbox(f"Numbers in {f.name}", ["detect", ".", ","], key=f"dec_{key}_{f.name}",
                                      format_func=lambda o: "as detected" if o == "detect" else DECIMAL_LABELS[o])
                if choice != "detect":
                    decimals[f.name] = choice
        plan.overrides = {"date_orders": orders, "decimals": decimals}


def unknown_values(result, key: str) -> None:
    """Words no vocabulary knew: the user says what they mean, once."""
    if result.unknown_values.empty:
        return
    st.warning("Some values are not known yet. Say what each means and check again; the meaning is "
               "remembered for every later import.")
    chosen = {}
    for i, row in enumerate(result.unknown_values.itertuples()):
        vocabulary = VALUE_FIELDS.get(row.field, row.field)
        options = ENUMS.get(vocabulary, ())
        choice = st.selectbox(f'{row.field} "{plain(row.value)}" ({row.rows:,} row{"" if row.rows == 1 else "s"}) means', ["", *options],
                              key=f"val_{key}_{i}")
        if choice:
            chosen[(vocabulary, row.value)] = choice
    if st.button("Save these meanings", key=f"save_values_{key}", disabled=not chosen):
        for (vocabulary, word), value in chosen.items():
            save_value_mapping(db, vocabulary, word, value)
        st.session_state.pop(f"check_{key}", None)
        st.rerun()


def open_stages(result, key: str, *, imported: bool = False) -> None:
    """Stage words no mapping knew: their deals load as open; the user may say otherwise, once."""
    if result.open_stages.empty:
        return
    words = ", ".join(f'"{plain(r.value)}" ({r.rows:,} deal{"" if r.rows == 1 else "s"})'
                      for r in result.open_stages.itertuples())
    st.info(f"These stages are not known, so their deals {'loaded' if imported else 'load'} as open: {words}. "
            "If a stage means won or lost, say so here; the meaning is remembered"
            + (", and importing the file again updates its deals." if imported else " and the check runs again."),
            icon=":material/help:")
    chosen = {}
    for i, row in enumerate(result.open_stages.itertuples()):
        choice = st.selectbox(f'stage "{plain(row.value)}" ({row.rows:,} row{"" if row.rows == 1 else "s"}) means', ["", *ENUMS["status"]],
                              key=f"stage_{key}_{i}")
        if choice:
            chosen[row.value] = choice
    if st.button("Save these stages", key=f"save_stages_{key}", disabled=not chosen):
        for word, value in chosen.items():
            save_value_mapping(db, "status", word, value)
        if imported:
            # the result shown stays as imported; the words now have a meaning
            result.open_stages = result.open_stages[~result.open_stages["value"].isin(list(chosen))]
            st.session_state["stages_saved"] = (f"Saved what {len(chosen)} stage{'' if len(chosen) == 1 else 's'} "
                                                "mean. Import the file again to update its deals.")
        st.session_state.pop(f"check_{key}", None)
        st.rerun()


def reasons_table(reasons: pd.DataFrame) -> None:
    """Why rows were rejected or skipped, each word or value at fault in full (a static
    table wraps long reasons instead of cutting them off)."""
    if reasons.empty:
        return
    st.table(reasons.rename(columns={"outcome": "Outcome", "reason": "Reason", "rows": "Rows"}).set_index("Outcome"))


def show_counts(result, *, dry_run: bool) -> None:
    cols = st.columns(5)
    cols[0].metric("Will load" if dry_run else "Loaded", f"{result.loaded:,}")
    cols[1].metric("Will update" if dry_run else "Updated", f"{result.updated:,}")
    cols[2].metric("Rejected", f"{result.rejected:,}")
    cols[3].metric("Skipped", f"{result.skipped:,}")
    cols[4].metric("New clients", f"{len(result.new_clients):,}")


def show_result(result, index: int) -> None:
    """What an import did, the rejects to download, new and near-duplicate clients."""
    with st.container(border=True):
        st.subheader(f"{plain(result.file_name)}: imported")
        show_counts(result, dry_run=False)
        for note in result.notes:
            st.info(page_note(note))
        for warning in result.warnings:
            st.warning(plain(warning))
        reasons_table(result.reasons)
        open_stages(result, f"done_{index}", imported=True)
        if result.rejected or result.skipped:
            rejects = batch_rejects(db.cursor(), result.batch_id)
            st.download_button(
                f"Download the {result.rejected + result.skipped:,} rejected and skipped rows (CSV)",
                rejects_csv(rejects), file_name=f"{Path(result.file_name).stem}-rejects.csv", mime="text/csv",
                key=f"rejects_{index}",
            )
        if result.new_clients:
            st.markdown("**New clients:** " + ", ".join(plain(n) for n in result.new_clients[:50])
                        + (f" and {len(result.new_clients) - 50} more" if len(result.new_clients) > 50 else ""))
        duplicates(result.batch_id, f"merge_{index}")


def duplicates(batch_id: str, key: str) -> None:
    """Clients the batch created whose names are nearly those of others: merge them here."""
    pairs = cached(near_duplicate_clients, db, batch_id)
    if pairs.empty:
        return
    st.markdown("**Possible duplicates** — the same client under two names? Merging keeps the "
                "existing client and remembers the other name for later imports.")
    for j, pair in enumerate(pairs.head(20).itertuples()):
        left, right = st.columns([4, 1])
        left.write(f'"{plain(pair.new_name)}" (new) looks like "{plain(pair.existing_name)}" ({pair.similarity:.0%} similar)')
        if right.button("Merge", key=f"{key}_{j}"):
            merge_clients(db, pair.existing_id, pair.new_id)
            st.rerun()


# ---------------------------------------------------------------- upload
upload_tab, history_tab, rates_tab, rules_tab = st.tabs(["Upload", "History", "Exchange rates", "Where a rule would help"])

with upload_tab:
    limit = cached(upload_limit_mb, db)
    # a new key after each import empties the uploader, so the imported files are not offered again
    uploads = st.file_uploader(
        "CSV exports", type=["csv", "txt", "tsv"], accept_multiple_files=True,
        key=f"import_files_{st.session_state.get('upload_round', 0)}",
        max_upload_size=max(1, math.ceil(limit)),
        help=f"Up to {limit:,.0f} MB each (setting import_max_upload_mb). Several files at once are fine.",
    )
    # a path on the server is offered only where the server is this machine, and only
    # inside the data folder (analytics.paths): a shared server reads uploads alone
    local = st.text_input(
        "…or the path of a CSV file in the data folder", key="import_path",
        help=f"For exports larger than the upload limit: put the file in {data_folder()} and write its "
             "name here; it is read where it is, in a stream.",
    ).strip() if serves_this_machine_only() else ""
    sources: list[tuple[str, Path]] = []
    for upload in uploads or []:
        if upload.size > limit * 1e6:
            st.error(str(TooLarge(upload.name, upload.size / 1e6, limit)))
            continue
        sources.append((upload.name, stash(upload)))
    if local:
        try:
            found = confined(local)
        except OutsideDataFolder as exc:
            st.error(plain(exc), icon=":material/block:")
        else:
            if found.is_file():
                sources.append((found.name, found))
            else:
                st.error(f"No file named {plain(local)} in the data folder.")

    if saved := st.session_state.pop("stages_saved", None):
        st.success(saved)
    for result_index, done in enumerate(st.session_state.get("import_results", [])):
        show_result(done, result_index)

    plans = []
    for name, path in sources:
        key = file_key(name, path)
        with st.container(border=True):
            st.subheader(plain(name))
            try:
                detected = prepare(db.cursor(), path, file_name=name)
                left, right = st.columns(2)
                kind_name = left.selectbox("Kind of data", list(KINDS), index=list(KINDS).index(detected.kind),
                                           format_func=KIND_LABELS.get, key=f"kind_{key}")
                preset = "auto"
                labels = preset_labels(kind_name)
                if len(labels) > 2:
                    preset = right.selectbox("Export from", list(labels), key=f"preset_{key}_{kind_name}",
                                             format_func=labels.get)
                plan = detected if (kind_name, preset) == (detected.kind, "auto") else prepare(
                    db.cursor(), path, kind_name, preset, file_name=name)
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
                continue
            s = plan.sniffed
            st.caption(
                f"{KIND_LABELS[plan.kind]} · {preset_labels(plan.kind).get(plan.preset, plan.preset)} · {s.encoding_label} · "
                f"{s.delimiter_label}-separated · {s.newline} line ends · header on line {s.header_line} · "
                f"mapping {'saved from a previous import' if plan.mapping_source == 'saved' else plan.mapping_source}"
            )
            plan.mapping = mapping_editor(plan, f"map_{key}")
            if plan.kind == "deals" and "order_id" in plan.mapping:
                plan.order_lines = st.radio(
                    "Order lines", list(ORDER_LINE_LABELS), format_func=ORDER_LINE_LABELS.get, horizontal=True,
                    index=list(ORDER_LINE_LABELS).index(plan.order_mode), key=f"order_{key}",
                    help="The file has an order id: each row is a line of an order. One deal per order sums "
                         "its lines' amounts, on the order's date.")
            format_options(plan, key)
            signature = repr((plan.kind, plan.preset, sorted(plan.mapping.items()), plan.default_currency,
                              plan.overrides, plan.order_mode, db.data_version()))
            try:
                check = st.session_state.get(f"check_{key}")
                if not check or check[0] != signature:
                    with st.spinner("Checking every row…"):
                        check = (signature, run_import(db, plan, dry_run=True))
                    st.session_state[f"check_{key}"] = check
                preview = check[1]
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
                continue
            st.markdown("**Formats:** " + "; ".join(f"{f}: {note}" for f, note in preview.detection["formats"].items())
                        if preview.detection["formats"] else "**Formats:** nothing to detect")
            st.markdown("**Preview** — the first rows as they will be stored")
            st.dataframe(preview.preview, hide_index=True, placeholder="—", width="stretch")
            st.markdown("**Validation**")
            show_counts(preview, dry_run=True)
            for note in preview.notes:
                st.info(page_note(note))
            reasons_table(preview.reasons)
            for warning in preview.warnings:
                st.warning(plain(warning))
            unknown_values(preview, key)
            open_stages(preview, key)
            plans.append(plan)

    if plans:
        if st.button(f"Import {len(plans)} file{'s' if len(plans) > 1 else ''}", type="primary", key="import_go"):
            bar = st.progress(0.0, text="Starting")
            results = []
            for i, plan in enumerate(plans):
                def progress(fraction, text, i=i, plan=plan):
                    bar.progress(min(1.0, (i + fraction) / len(plans)), text=f"{plan.file_name}: {text}")

                try:
                    options = {"preset": plan.preset, "currency": plan.default_currency, **plan.overrides}
                    if plan.order_mode != "none":
                        options["order_lines"] = plan.order_mode
                    save_mapping(db, plan.kind, plan.sniffed.headers, plan.mapping, options)
                    results.append(run_import(db, plan, progress=progress))
                except ContinuumError as exc:
                    st.error(f"{plain(plan.file_name)}: {plain(exc)}", icon=":material/error:")
            bar.progress(1.0, text="Done")
            st.session_state["import_results"] = results
            st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
            st.rerun()
    elif not sources:
        st.info("Choose one or more CSV files. The templates each kind imports with no mapping are in "
                "the README and in data/samples/.")

# ---------------------------------------------------------------- history
with history_tab:
    history = cached(import_history, db)
    if history.empty:
        st.info("No imports into this database yet.")
    else:
        st.dataframe(
            history.drop(columns=["is_undone"]), hide_index=True, placeholder="—", width="stretch",
            column_config={
                "batch_id": "Batch", "imported_at": st.column_config.DatetimeColumn("Imported", format="YYYY-MM-DD HH:mm"),
                "kind": "Kind", "file_name": "File", "preset": "Preset", "rows_read": "Rows",
                "rows_loaded": "Loaded", "rows_updated": "Updated", "rows_rejected": "Rejected",
                "rows_skipped": "Skipped", "clients_created": "New clients",
                "undone_at": st.column_config.DatetimeColumn("Undone", format="YYYY-MM-DD HH:mm"),
            },
        )
        labels = {r.batch_id: f"{r.file_name} · {r.kind} · {r.imported_at:%Y-%m-%d %H:%M}"
                  + (" (undone)" if r.is_undone else "") for r in history.itertuples()}
        # the newest batch is chosen, also after an import made a newer one than the one chosen before
        newest = history["batch_id"].iloc[0]
        if st.session_state.get("history_newest") != newest or st.session_state.get("history_batch") not in labels:
            st.session_state["history_newest"] = newest
            st.session_state["history_batch"] = newest
        if done := st.session_state.pop("undo_done", None):
            st.success(done, icon=":material/undo:")
        batch = st.selectbox("Batch", list(labels), format_func=labels.get, key="history_batch")
        chosen = history.set_index("batch_id").loc[batch]
        left, right = st.columns(2)
        if left.button("Undo this import…", key="undo", disabled=bool(chosen["is_undone"]),
                       help="Removes the rows it added and puts back the rows it changed, as they were. "
                            "You confirm first."):
            st.session_state["undo_pending"] = batch
        if st.session_state.get("undo_pending") == batch and not chosen["is_undone"]:
            # undo names what it removes and waits for a second, explicit click
            description = undo_description(db.cursor(), batch)
            with st.container(border=True):
                st.warning(f"Undo removes {plain(description)}. This cannot be taken back.", icon=":material/warning:")
                yes, no = st.columns(2)
                if yes.button("Yes, undo this import", key="undo_confirm", type="primary"):
                    undo_batch(db, batch)
                    st.session_state.pop("undo_pending", None)
                    st.session_state["undo_done"] = f"Undone: {description}."
                    st.rerun()
                if no.button("No, keep it", key="undo_cancel"):
                    st.session_state.pop("undo_pending", None)
                    st.rerun()
        rejects = cached(batch_rejects, db, batch)
        right.download_button(f"Download its {len(rejects):,} rejected and skipped rows (CSV)",
                              rejects_csv(rejects), file_name=f"rejects-{batch}.csv", mime="text/csv",
                              key="history_rejects", disabled=rejects.empty)
        if not chosen["is_undone"]:
            duplicates(batch, "history_merge")

# ---------------------------------------------------------------- exchange rates
with rates_tab:
    currency = cached(reporting_currency, db)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        "Reporting currency", CURRENCY_CODES, index=CURRENCY_CODES.index(currency) if currency in CURRENCY_CODES else 0,
        key="reporting_currency",
        help="Every amount is reported in it. Changing it converts the rates below to it and recomputes "
             "every deal's amount in it.")
    if right.button("Change the reporting currency", key="set_reporting_currency", disabled=chosen == currency):
        try:
            set_reporting_currency(db, chosen)
        except ContinuumError as exc:
            st.error(plain(exc), icon=":material/error:")
        else:
            st.rerun()
    in_force = cached(exchange_rates, db)
    shown = in_force.assign(since=[rate_since(s) for s in in_force["since"]])
    st.dataframe(shown, hide_index=True, placeholder="—", column_config={
        "currency": "Currency", "since": "In force from",
        "rate": st.column_config.NumberColumn(f"1 unit in {currency}", format="%.6f")})
    st.caption("A rate holds from the start, or from a quarter on. A deal converts at the latest rate from "
               "its quarter (closed, else created) or before; where none is that early, at the currency's "
               "first rate. So older deals are not converted at today's rate.")
    others = in_force[in_force["currency"] != currency]
    if not others.empty:
        with st.expander("Edit or delete a rate", icon=":material/edit:"):
            labels = [f"{r.currency} from {rate_since(r.since)}" for r in others.itertuples()]
            c1, c2, c3, c4 = st.columns([1.4, 1.4, 0.8, 0.8], vertical_alignment="bottom")
            pick = c1.selectbox("Rate", range(len(labels)), format_func=labels.__getitem__, key="edit_rate_pick")
            row = others.iloc[pick]
            code, since, now = row["currency"], row["since"] if isinstance(row["since"], str) else None, float(row["rate"])
            new_rate = c2.number_input(f"1 {code} in {currency}", min_value=0.0, value=now, format="%.6f",
                                       key=f"edit_rate_{code}_{since or 'start'}")
            if c3.button("Save", key="edit_rate_save", disabled=new_rate <= 0 or new_rate == now):
                try:
                    set_fx_rate(db, code, new_rate, since)
                except ContinuumError as exc:
                    st.error(plain(exc), icon=":material/error:")
                else:
                    st.rerun()
            if c4.button("Delete", key="edit_rate_delete",
                         help="Its deals convert at the rate left for their quarter, or their amounts become "
                              "unknown again until a rate is given."):
                try:
                    delete_fx_rate(db, code, since)
                except ContinuumError as exc:
                    st.error(plain(exc), icon=":material/error:")
                else:
                    st.rerun()
    with st.expander("Add a rate from a quarter on", icon=":material/calendar_month:"):
        choices = [c for c in CURRENCY_CODES if c != currency]
        d1, d2, d3, d4 = st.columns([1, 1, 1.4, 0.8], vertical_alignment="bottom")
        add_code = d1.selectbox("Currency", choices, key="dated_rate_currency",
                                index=choices.index("USD") if "USD" in choices else 0)
        add_quarter = d2.text_input("From quarter", placeholder="2024Q3", key="dated_rate_quarter")
        add_rate = d3.number_input(f"1 {add_code} in {currency}", min_value=0.0, value=0.0, format="%.6f",
                                   key="dated_rate_value")
        if d4.button("Add", key="dated_rate_save", disabled=add_rate <= 0 or not add_quarter.strip()):
            try:
                set_fx_rate(db, add_code, add_rate, add_quarter)
            except ContinuumError as exc:
                st.error(plain(exc), icon=":material/error:")
            else:
                st.rerun()
    missing = cached(missing_fx_rates, db)
    if missing.empty:
        st.info(f"Every deal has an amount in the reporting currency ({currency}).")
    else:
        st.write(f"Deals in these currencies have no amount in {currency} yet. Give the rate "
                 f"(1 unit = ? {currency}) and they are converted.")
        rates = {}
        for row in missing.itertuples():
            rates[row.currency] = st.number_input(
                f"1 {row.currency} in {currency} ({row.deals:,} deals)", min_value=0.0, value=0.0,
                format="%.6f", key=f"rate_{row.currency}")
        if st.button("Save rates", key="save_rates"):
            for code, rate in rates.items():
                if rate > 0:
                    set_fx_rate(db, code, rate)
            st.rerun()

# ---------------------------------------------------------------- where a rule would help
with rules_tab:
    st.caption(
        "Levels and tags are inferred by rules (job title → level, note → tags), shown and edited on the Rules "
        "page. These are the places where the rules in force decide nothing yet."
    )
    st.markdown("#### Contacts of unknown level")
    titles = cached(unknown_level_titles, db)
    if titles.empty:
        st.success("Every contact has a level: a seniority rule matched each title, or the file gave it.",
                   icon=":material/check_circle:")
    else:
        st.markdown(
            f"**{int(titles['count_contacts'].sum()):,} contacts** have no known level, under "
            f"{len(titles):,} titles. Add a seniority rule for a title that recurs (Rules page), or set one "
            "person's level on their client's page. Unknown is never counted as staff."
        )
        st.dataframe(titles, hide_index=True, width="stretch", column_config={
            "title": "Title", "count_contacts": st.column_config.NumberColumn("Contacts", format="%d"),
            "count_clients": st.column_config.NumberColumn("Clients", format="%d")})
        people = cached(unknown_level_contacts, db)
        with st.expander(f"The {len(people):,} contacts, by client"):
            st.dataframe(people.drop(columns=["client_id", "contact_id"]), hide_index=True, width="stretch",
                         placeholder="—", column_config={
                             "client_name": "Client", "name": "Name", "title": "Title",
                             "active_to": st.column_config.DateColumn("Left on", format="YYYY-MM-DD")})
    st.markdown("#### The most frequent subjects of touches without a tag")
    subjects = cached(untagged_subjects, db, 20)
    if subjects.empty:
        st.success("Every touch with a subject or a note carries a tag, or none has a text to read.",
                   icon=":material/check_circle:")
    else:
        st.markdown(
            "No tag rule matches these. Where one means a tag (a status request, a discount request, a "
            "complaint…), add its words to that tag's rule on the Rules page: saving re-tags every stored touch. "
            "Subjects that are just the kind of touch (\"Call\", \"Follow-up\") need no rule."
        )
        st.dataframe(subjects, hide_index=True, width="stretch", column_config={
            "subject": st.column_config.TextColumn("Subject", width="large"),
            "count_touches": st.column_config.NumberColumn("Touches", format="%d"),
            "count_clients": st.column_config.NumberColumn("Clients", format="%d"),
            "last_touch_at": st.column_config.DatetimeColumn("Last", format="YYYY-MM-DD")})
    try:
        st.page_link("pages/rules.py", label="Open the Rules page", icon=":material/rule:")
    except StreamlitAPIException:  # the page runs on its own (AppTest) or is not registered yet
        st.caption("The rules are on the Rules page (Data → Rules).")
