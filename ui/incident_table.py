"""Incidents as a table people read: the newsroom's column names, clickable source links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset.describe import readable
from ui.markdown import md, md_link

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
    "Corrected": "medium",
}


def incident_table(table: pd.DataFrame, compact: bool = False) -> None:
    """``table`` is ``geo.dataset.describe.readable`` output (plus any columns the page adds). ``compact``
    sizes the columns to fit beside each other and folds the source name into its link."""
    config: dict = {"Source link": st.column_config.LinkColumn("Source link")}
    if compact:
        config = {name: st.column_config.Column(name, width=width) for name, width in WIDTHS.items()}
        config["Source link"] = st.column_config.LinkColumn("Source", width="small", display_text="open")
        table = table.drop(columns=["Source"])
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


PAGE_SIZE = 25


def incident_pages(incidents: pd.DataFrame, rated: bool = True, key: str = "incident_page") -> None:
    """Incidents as readable cards, a page at a time: nothing cut off at any width, and a state of
    5,000 incidents is 200 pages to move through, not a table to scroll. Data text goes through
    ``st.text`` or escaped Markdown only."""
    pages = max(1, -(-len(incidents) // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key=key))
    start = (page - 1) * PAGE_SIZE
    shown = incidents.iloc[start : start + PAGE_SIZE]
    st.caption(f"{start + 1:,}\u2013{start + len(shown):,} of {len(incidents):,}")
    table = readable(shown, rated).rename(columns=lambda name: name.lower().replace(" ", "_"))
    for row in table.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{md(row.title)}**")
            link = f"{row.attribution} \u00b7 by {row.attributed_by or 'not said'} \u00b7 " if rated else ""
            st.text(f"{link}{row.date} \u00b7 {row.place}")
            st.text(f"{row.crime_type}. {row.summary}" if row.summary else row.crime_type)
            if row.source or row.source_link:
                st.markdown("Source: " + md_link(row.source or row.source_link, row.source_link))
            if row.corrected:
                st.text(row.corrected[:1].upper() + row.corrected[1:])
