"""Incidents as a table people read: the newsroom's column names, clickable source links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

# Widths that fit the columns side by side in a wide page's main area (about 1,000 px at 1,400).
WIDTHS = {
    "Title": "medium",
    "Attribution": "small",
    "Attributed by": "small",
    "Date": "small",
    "Place": "medium",
    "Crime type": "small",
    "Summary": "large",
    "Source": "small",
}


def incident_table(table: pd.DataFrame, compact: bool = False) -> None:
    """``table`` is ``geo.describe.readable`` output (plus any columns the page adds). ``compact``
    sizes the columns to fit beside each other and folds the source name into its link."""
    config: dict = {"Source link": st.column_config.LinkColumn("Source link")}
    if compact:
        config = {name: st.column_config.Column(name, width=width) for name, width in WIDTHS.items()}
        config["Source link"] = st.column_config.LinkColumn("Source", width="small", display_text="open")
        table = table.drop(columns=["Source"])
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)
