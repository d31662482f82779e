"""Altair charts drawn from the engine's tables."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.vocab import crime_type_label


def timeline_chart(timeline: pd.DataFrame, colours: dict[str, str]) -> alt.Chart:
    """Stacked monthly bars in the map's crime-type colours."""
    present = [key for key in colours if key in set(timeline["crime_type"])]
    scale = alt.Scale(domain=[crime_type_label(k) for k in present], range=[colours[k] for k in present])
    return (
        alt.Chart(timeline)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("sum(incidents):Q", title="Incidents", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("label:N", title="Crime type", scale=scale),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip("label:N", title="Crime type"),
                alt.Tooltip("sum(incidents):Q", title="Incidents"),
            ],
        )
        .properties(height=220)
    )
