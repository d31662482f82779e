"""Altair charts drawn from the engine's tables."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from geo.style.inks import BRUSH as BRUSH_INK

# Altair checks every object against Vega-Lite's schema as it is made (its debug mode): 40% of a
# timeline's making, on every new filter. The tests check every form of the chart whole against
# the schema (tests/ui/test_charts.py), so the app makes it unchecked.
alt.utils.schemapi.disable_debug_mode()
# The bars' values stay in the spec instead of a named dataset: Altair hashed them to name it, and
# Streamlit turned a named dataset into Arrow on every rerun.
alt.data_transformers.consolidate_datasets = False

BRUSH = "brush"
# A timeline of fewer bars than this is drawn on an axis this many bars wide, centred on them: one
# month alone is one bar in a wide span, not a block filling the chart.
LEAST_BARS = 12


def _span(starts: list[pd.Timestamp], per: str) -> alt.Scale | alt.UndefinedType:
    """The x axis's span for few bars (a week's or month's steps around them); else the data's own."""
    if not starts or len(starts) >= LEAST_BARS:
        return alt.Undefined
    step = pd.DateOffset(weeks=1) if per == "week" else pd.DateOffset(months=1)
    before = (LEAST_BARS - len(starts)) // 2
    first = starts[0] - before * step
    last = starts[-1] + (LEAST_BARS - len(starts) - before + 1) * step
    return alt.Scale(domain=[first.isoformat(), last.isoformat()])


def _bars(timeline: pd.DataFrame) -> alt.InlineData:
    """The columns the chart draws, as the values it carries: Altair's own conversion of a frame
    (copied, cleaned and hashed) was a third of the chart's making."""
    columns = timeline[["start", "label", "order", "incidents"]]
    values = columns.assign(start=pd.to_datetime(columns["start"]).dt.strftime("%Y-%m-%dT%H:%M:%S"))
    return alt.InlineData(values=values.to_dict("records"))


def level_timeline_chart(
    timeline: pd.DataFrame, per: str = "month", chosen: tuple[date, date] | None = None, rated: bool = True
) -> alt.Chart:
    """Bars per month or week (``per``) stacked by attribution level in the levels' colours, firmest
    at the bottom; dragging across bars selects a range (``BRUSH``), which starts as ``chosen``
    (the date filter), so the chart shows the range set elsewhere too. Data that rates no link
    (``rated`` false) has plain bars, with no level legend."""
    levels = timeline.drop_duplicates("attribution").sort_values("order")
    scale = alt.Scale(domain=levels["label"].tolist(), range=levels["colour"].tolist())
    brush = alt.selection_interval(
        name=BRUSH,
        encodings=["x"],
        value={"x": chosen} if chosen else alt.Undefined,
        mark=alt.BrushConfig(fill=BRUSH_INK, fillOpacity=0.08, stroke=BRUSH_INK, strokeWidth=1),
    )
    unit, title = ("yearweek", "Week of") if per == "week" else ("yearmonth", "Month")
    shown = "yearmonthdate(start):T" if per == "week" else "yearmonth(start):T"
    axis_format = "%d %b %Y" if per == "week" else "%b %Y"
    # Ticks only where bars start (at most about twelve): the axis never names the month after the data.
    starts = [pd.Timestamp(t) for t in sorted(pd.to_datetime(timeline["start"]).unique())]
    ticks = [
        alt.DateTime(year=t.year, month=t.month, date=t.day)
        for t in map(pd.Timestamp, starts[:: -(-len(starts) // 12) or 1])
    ]
    return (
        alt.Chart(_bars(timeline))
        .mark_bar()
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                timeUnit=unit,
                scale=_span(starts, per),
                axis=alt.Axis(
                    format=axis_format, labelOverlap="greedy", labelSeparation=6, values=ticks or alt.Undefined
                ),
            ),
            # Whole incidents, with separators ("1,200"; never "0.000000" over an empty chart).
            y=alt.Y("sum(incidents):Q", title="Incidents", axis=alt.Axis(tickMinStep=1, format=",d")),
            color=alt.Color(
                "label:N",
                title=None,
                scale=scale,
                sort=levels["label"].tolist(),
                legend=alt.Legend(orient="right", labelFontSize=11, symbolSize=60, rowPadding=1) if rated else None,
            ),
            order=alt.Order("order:Q"),
            # Bars outside the chosen range fade, so the range set here or in the sidebar shows.
            opacity=alt.condition(brush, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip(shown, title=title),
                *([alt.Tooltip("label:N", title="Attribution")] if rated else []),
                alt.Tooltip("sum(incidents):Q", title="Incidents"),
            ],
        )
        .add_params(brush)
        .properties(height=135)
    )


def level_timeline_spec(
    timeline: pd.DataFrame, per: str = "month", chosen: tuple[date, date] | None = None, rated: bool = True
) -> dict:
    """``level_timeline_chart`` as the Vega-Lite spec ``st.vega_lite_chart`` draws. ``st.altair_chart``
    made the spec and checked it against Altair's schema on every rerun (a tenth of a rerun's work);
    the tests check every form of it, so here it is only made."""
    spec = level_timeline_chart(timeline, per, chosen, rated).to_dict(validate=False)
    # Altair's default theme sizes every view at 300 x 300; Streamlit draws without it, and so do we.
    spec.pop("config", None)
    return spec
