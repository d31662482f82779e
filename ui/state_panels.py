"""The State page's panels: headline figures, the timeline by attribution, the state-level figures,
and count tables whose numbers read with separators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.dataset.describe import as_of_line, credit_line
from geo.reference.vocab import ATTRIBUTION
from geo.style.discs import FIRM_LEVELS
from geo.view.aggregate import Standing, level_timeline
from geo.view.view import View
from ui.charts import level_timeline_spec, timeline_bars
from ui.markdown import md


def count_table(table: pd.DataFrame) -> None:
    """A table of counts, each with the browser's separators ("50,000", not "50000")."""
    config = {"Incidents": st.column_config.NumberColumn("Incidents", format="localized")}
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def headline(view: View, measure: str, place: Standing) -> None:
    """How many incidents, how many of them charged or convicted, where the state stands among all
    in the data, and on whose word, as of when."""
    incidents = view.incidents
    figures = st.columns(3 if view.dataset.rated else 2)
    figures[0].metric("Incidents shown", f"{len(incidents):,}")
    if view.dataset.rated:
        firm = int(incidents["attribution"].isin(FIRM_LEVELS).sum())
        words = " or ".join(ATTRIBUTION[key].label.lower() for key in reversed(FIRM_LEVELS))
        figures[1].metric(f"Of them {words}", f"{firm:,}")
    figures[-1].metric("Share of all states' incidents shown", place.figure(), help=place.sentence() + ".")
    st.caption(md(" ".join(filter(None, [credit_line(view.sources(measure), ""), as_of_line(view.as_of(measure))]))))


def state_timeline(incidents: pd.DataFrame, rated: bool) -> None:
    """By month and attribution level, as on the Map page."""
    table, left_out = level_timeline(incidents, "month")
    if not table.empty:
        st.vega_lite_chart(timeline_bars(table), spec=level_timeline_spec(table, "month", None, rated), width="stretch")
    if left_out:
        st.caption(
            f"{left_out:,} incident(s) known only to a season or year, or only as 'reported by' a date, are left "
            "out of the monthly timeline rather than given a month the source does not give."
        )


def state_figures(counts: pd.DataFrame) -> None:
    """The state-level figures: a short list reads whole at any width (a table clipped long values)."""
    st.subheader("State-level figures")
    if counts.empty:
        st.text("No state-level figures in the data for this state.")
    for figure in counts.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{md(figure.measure)}**")
            st.markdown(md(_with_separators(figure.value)))
            where = " · ".join(
                part for part in (figure.source, f"as of {figure.as_of}" if figure.as_of else "") if part
            )
            st.caption(md(where))
            if figure.note:
                st.caption(md(figure.note))


def _with_separators(value: str) -> str:
    """A whole number written bare ("50000") with its separators; any other text as it is."""
    text = str(value).strip()
    return f"{int(text):,}" if text.isdigit() else text
