"""The edit form's state: which record it opened and as what, and each field's widget, so a rerun,
a refused save or a conflict never loses what was typed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.record.forms import FORM_FIELDS, FormField

OPENED_KEY = "_edit_opened"
PICK_KEY = "edit_pick"
CHOSEN_KEY = "_edit_chosen"
PREFIX = "edit_field_"
NOTE_KEY, REASON_KEY = PREFIX + "_note", PREFIX + "_reason"  # asked with every save, empty for the next
# A new incident's form starts from these; everything else is empty.
NEW_RECORD = {"date_precision": "day", "public": "true", "attribution": "unrated", "location_precision": "city"}


def keep_choice(ids: list[str]) -> None:
    """The incident picked (one of ``ids``, or none), held apart from its list: a save by someone
    else changes the list's labels while this form is open, and Streamlit may then hand back a
    label for the value; the form stays on the incident it opened."""
    picked = st.session_state.get(PICK_KEY)
    if picked is None or picked in ids:
        st.session_state[CHOSEN_KEY] = picked


def chosen_record() -> str | None:
    return st.session_state.get(CHOSEN_KEY)


def open_record(
    dataset: str, record: str, values: dict[str, str] | None, keep_typing: bool = False
) -> dict[str, str] | None:
    """The record as its form opened it (None: a new one). Opening another record fills the form
    with its values; ``keep_typing`` takes ``values`` as the record opened and leaves the form as typed."""
    held = st.session_state.get(OPENED_KEY)
    if keep_typing or held is None or held[0] != (dataset, record):
        st.session_state[OPENED_KEY] = ((dataset, record), values)
        if not keep_typing:
            for field in FORM_FIELDS:
                st.session_state[PREFIX + field.name] = (values or NEW_RECORD).get(field.name, "")
            st.session_state[NOTE_KEY] = st.session_state[REASON_KEY] = ""
    return st.session_state[OPENED_KEY][1]


def field_widget(field: FormField) -> None:
    """One field of the record, as text (a value outside a field's choices is kept and shown as it is)."""
    key = PREFIX + field.name
    if field.kind == "choice":
        current = st.session_state.get(key, "")
        options = [*field.choices, *([current] if current not in field.choices else [])]
        st.selectbox(
            field.label,
            options,
            key=key,
            help=field.help or None,
            format_func=lambda v: field.choices.get(v, v or "(empty)"),
        )
    elif field.kind == "long":
        st.text_area(field.label, key=key, help=field.help or None, height=100)
    else:
        st.text_input(field.label, key=key, help=field.help or None)


def field_grid(fields: tuple[FormField, ...]) -> None:
    """The fields two to a row (one on a narrow screen, where columns stack), longer texts across."""
    pending: list[FormField] = []
    for field in (*fields, None):
        if field is not None and field.kind != "long":
            pending.append(field)
            if len(pending) < 2:
                continue
        for column, short in zip(st.columns(2), pending, strict=False):
            with column:
                field_widget(short)
        pending = []
        if field is not None and field.kind == "long":
            field_widget(field)


def side_by_side(table: pd.DataFrame) -> None:
    """A refused edit's fields, each with its value as opened, as saved since and as typed: as text,
    a row per field (stacked on a phone)."""
    for row in table.itertuples(index=False):
        st.markdown(f"**{row.Field}**")
        for column, (heading, value) in zip(st.columns(3), zip(table.columns[1:], row[1:], strict=True), strict=True):
            column.caption(heading)
            column.text(value or "(empty)")


def typed_values() -> dict[str, str]:
    return {field.name: str(st.session_state.get(PREFIX + field.name, "")) for field in FORM_FIELDS}
