"""Incidents as a table people read: the newsroom's column names, clickable source links."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def incident_table(table: pd.DataFrame) -> None:
    """``table`` is ``geo.describe.readable`` output (plus any columns the page adds)."""
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Source link": st.column_config.LinkColumn("Source link")},
    )
