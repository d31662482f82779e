"""Staff edit the record: one incident's fields or its attribution, a new incident, a withdrawal.
Each save is checked like an import and kept as a version, with who made it and why."""

import streamlit as st

from geo.dataset.edits import Edit, EditConflict, EditRefused, record_values, save_edit
from geo.dataset.store import SHIPPED, open_store
from geo.ingest.raw import LoadError
from geo.record.forms import LINK_FIELDS, RECORD_FIELDS, conflict_table, incident_choices
from ui.access import author, is_staff
from ui.dataset_cache import current_dataset, current_entry
from ui.edit_form import (
    NOTE_KEY,
    OPENED_KEY,
    PICK_KEY,
    REASON_KEY,
    chosen_record,
    field_grid,
    keep_choice,
    open_record,
    side_by_side,
    typed_values,
)
from ui.markdown import md
from ui.row_report import report_section

st.title("Edit")
if not is_staff():
    st.info("Editing the record is for the newsroom's staff.", icon=":material/lock:")
    st.stop()
entry = current_entry()
if entry.name == SHIPPED:
    st.text(
        "The data that comes with the app is read from its files. Import it as a dataset "
        "(python -m geo import data/incidents.csv --name …) to edit it here, with every change kept."
    )
    st.stop()

incidents = current_dataset(staff=True).incidents
adding = st.segmented_control("Change", ["Edit an incident", "Add an incident"], default="Edit an incident") == (
    "Add an incident"
)
if adding:
    record = st.text_input("Id of the new incident", help="Unique in this dataset; it cannot change later.").strip()
else:
    query = st.text_input("Find the incident", placeholder="its id, or words of its title or place")
    choices = incident_choices(incidents, query) if query.strip() else {}
    st.selectbox(
        "Incident",
        list(choices),
        format_func=choices.get,
        index=None,
        placeholder="search above, then choose",
        key=PICK_KEY,
        on_change=keep_choice,
        args=(list(choices),),
    )
    record = chosen_record()
if not record:
    st.stop()
opened = open_record(entry.name, record, None if adding else record_values(incidents, record))

with st.form("edit"):
    st.subheader("The incident")
    field_grid(RECORD_FIELDS)
    st.subheader("The link")
    st.caption("A new level becomes a step of the incident's history, dated by the source's date when that is later.")
    field_grid(LINK_FIELDS)
    note = st.text_input("Note for the history step", help="Kept with a new level: what the source says.", key=NOTE_KEY)
    reason = st.text_input(
        "Why this change", help="Required: kept with the version, in the audit and the corrections.", key=REASON_KEY
    )
    save = st.form_submit_button("Save as a new version", type="primary")
if save:
    try:
        number, report = save_edit(
            open_store(), entry.name, Edit(record, typed_values(), opened), author(), reason, note
        )
    except EditConflict as conflict:
        st.error(md(str(conflict)))
        side_by_side(conflict_table(opened or {}, conflict.theirs, conflict.yours))
        st.button(
            "Keep what I typed, now on their version",
            on_click=open_record,
            args=(entry.name, record, conflict.theirs, True),
            help="Your typing stays in the form; saving then replaces their values with yours, knowingly.",
        )
    except EditRefused as refused:
        st.error(md(str(refused)))
        report_section(refused.report, "edit", "edit")
    except LoadError as error:
        st.error(md(str(error)))
    else:
        st.success(f"Saved as version {number} of this dataset.")
        if report is not None and (report.changed or report.flagged):
            report_section(report, "edit", "edit")
        st.session_state.pop(OPENED_KEY, None)

if not adding and opened is not None:
    with st.expander("Withdraw this incident"):
        with st.form("withdraw"):
            why = st.text_input(
                "Why it is withdrawn",
                help="Kept with the version; a public record's withdrawal is logged as a correction readers are owed.",
            )
            withdraw = st.form_submit_button("Withdraw it (a new version; earlier ones keep it)")
        if withdraw:
            try:
                number, _ = save_edit(open_store(), entry.name, Edit(record, None, opened), author(), why)
            except LoadError as error:
                st.error(md(str(error)))
            else:
                st.success(f"Withdrawn in version {number}.")
                st.session_state.pop(OPENED_KEY, None)
