"""Altair charts drawn from the engine's tables."""

from __future__ import annotations

import altair as alt
import pandas as pd


def timeline_chart(timeline: pd.DataFrame) -> alt.Chart:
    """Stacked monthly bars in the map's crime-type colours (``geo.aggregate.monthly_timeline``)."""
    legend = timeline.drop_duplicates("label")
    scale = alt.Scale(domain=legend["label"].tolist(), range=legend["colour"].tolist())
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
