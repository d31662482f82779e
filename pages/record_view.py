"""The living record, for staff: the chosen dataset's versions and the difference between any two,
a rollback, the audit of who changed or published what, and the publications."""

import streamlit as st

from geo.dataset.store import SHIPPED, open_store
from geo.dataset.versions import rollback
from geo.ingest.raw import LoadError
from geo.record.tables import (
    audit_csv,
    audit_people,
    audit_table,
    diff_table,
    filtered_audit,
    publications_table,
    versions_table,
)
from ui.access import author, is_staff
from ui.dataset_cache import current_entry
from ui.markdown import md
from ui.record_cache import compared

TABLE_LIMIT = 5_000

st.title("Record")
if not is_staff():
    st.info("The record's versions, audit and publications are for the newsroom's staff.", icon=":material/lock:")
    st.stop()

store, entry = open_store(), current_entry()
versions_tab, audit_tab, publications_tab = st.tabs(["Versions", "Audit", "Publications"])

with versions_tab:
    if entry.name == SHIPPED:
        st.text(
            "The data that comes with the app is read from its files and has no versions. Import it as a dataset "
            "(python -m geo import data/incidents.csv --name …) to keep every change with who made it and why."
        )
    else:
        kept = store.versions(entry.name)
        st.dataframe(versions_table(kept), hide_index=True, width="stretch")
        numbers = [line.version for line in kept]
        if len(numbers) > 1:
            st.subheader("Compare two versions")
            left, right = st.columns(2)
            first = left.selectbox("From version", numbers, index=len(numbers) - 2)
            second = right.selectbox("To version", numbers, index=len(numbers) - 1)
            diff, before, after = compared(store.where, entry.name, entry.version, first, second)
            counts = diff.counts()
            st.text(
                f"From version {first} to version {second}: {counts['added']:,} added, "
                f"{counts['changed']:,} changed, {counts['removed']:,} removed."
            )
            table = diff_table(diff, before, after)
            st.dataframe(table.head(TABLE_LIMIT), hide_index=True, width="stretch")
            if len(table) > TABLE_LIMIT:
                st.caption(f"The first {TABLE_LIMIT:,} of {len(table):,} changes.")
            st.subheader("Roll back")
            with st.form("rollback"):
                target = st.selectbox("Bring back the records of version", numbers[:-1], index=len(numbers) - 2)
                reason = st.text_input("Why", placeholder="e.g. the update was premature")
                confirm = st.form_submit_button("Save as a new version")
            if confirm:
                try:
                    number = rollback(store, entry.name, int(target), author(), reason)
                except LoadError as error:
                    st.error(md(str(error)))
                else:
                    st.success(f"Saved version {number}, with the records of version {target}. Nothing was deleted.")

with audit_tab:
    entries = store.audit()
    left, middle, right = st.columns(3)
    record = left.text_input("Incident id", placeholder="any")
    person = middle.selectbox("Person", ["", *audit_people(entries)], format_func=lambda p: p or "anyone")
    span = right.date_input("Between", value=(), format="YYYY-MM-DD")
    start, end = (tuple(span) + (None, None))[:2] if span else (None, None)
    shown = filtered_audit(entries, record, person, start, end)
    st.caption(f"{len(shown):,} of {len(entries):,} entries. The audit is only ever added to.")
    wide = {name: st.column_config.TextColumn(name, width="large") for name in ("Records", "Before \u2192 after")}
    st.dataframe(audit_table(shown), hide_index=True, width="stretch", column_config=wide)
    st.download_button(
        "Download the audit (CSV, internal)",
        lambda: audit_csv(shown),
        "audit-INTERNAL.csv",
        "text/csv",
        help="Names who changed what: for the newsroom only.",
    )

with publications_tab:
    published = publications_table(store.audit(), entry.name)
    if published.empty:
        st.text("Nothing has been published from this dataset yet.")
    else:
        st.dataframe(published, hide_index=True, width="stretch")
