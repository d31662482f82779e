"""Altair charts drawn from the engine's tables."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import altair as alt
import pandas as pd
import pyarrow

from geo.style.inks import BRUSH as BRUSH_INK

# Altair checks every object against Vega-Lite's schema as it is made (its debug mode): 40% of a
# timeline's making, on every new filter. The tests check every form of the chart whole against
# the schema (tests/ui/test_charts.py), so the app makes it unchecked.
alt.utils.schemapi.disable_debug_mode()
# A chart's values stay its own data, not a named dataset (Altair hashed them to name it): the spec
# of a form is made without them and sent beside its bars (``timeline_bars``).
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


def timeline_bars(timeline: pd.DataFrame) -> pyarrow.Table:
    """The columns the chart draws, as the Arrow table ``st.vega_lite_chart`` sends as it is: values
    inside the spec it turned into a frame and then into Arrow on every rerun."""
    starts = pd.to_datetime(timeline["start"]).dt.strftime("%Y-%m-%dT%H:%M:%S")
    return pyarrow.table(
        {
            "start": pyarrow.array(starts.tolist(), pyarrow.string()),
            "label": pyarrow.array(timeline["label"].tolist(), pyarrow.string()),
            "order": pyarrow.array(timeline["order"].tolist(), pyarrow.int64()),
            "incidents": pyarrow.array(timeline["incidents"].tolist(), pyarrow.int64()),
        }
    )


@dataclass(frozen=True)
class _Form:
    """What a timeline's chart draws but its bars and their levels: where bars start, months or
    weeks, the chosen range, and whether links are rated. Most filters share one."""

    starts: tuple[pd.Timestamp, ...]
    per: str
    chosen: tuple[date, date] | None
    rated: bool


def _form(timeline: pd.DataFrame, per: str, chosen: tuple[date, date] | None, rated: bool) -> _Form:
    starts = tuple(pd.Timestamp(t) for t in sorted(pd.to_datetime(timeline["start"]).unique()))
    return _Form(starts, per, chosen, rated)


def _levels(timeline: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The levels shown, firmest first: their labels and colours."""
    levels = timeline.drop_duplicates("attribution").sort_values("order")
    return levels["label"].tolist(), levels["colour"].tolist()


def level_timeline_chart(
    timeline: pd.DataFrame, per: str = "month", chosen: tuple[date, date] | None = None, rated: bool = True
) -> alt.Chart:
    """Bars per month or week (``per``) stacked by attribution level in the levels' colours, firmest
    at the bottom; dragging across bars selects a range (``BRUSH``), which starts as ``chosen``
    (the date filter), so the chart shows the range set elsewhere too. Data that rates no link
    (``rated`` false) has plain bars, with no level legend."""
    return _chart(_form(timeline, per, chosen, rated), *_levels(timeline), timeline_bars(timeline).to_pylist())


def _chart(form: _Form, labels: list[str], colours: list[str], values: list[dict]) -> alt.Chart:
    scale = alt.Scale(domain=labels, range=colours)
    brush = alt.selection_interval(
        name=BRUSH,
        encodings=["x"],
        value={"x": form.chosen} if form.chosen else alt.Undefined,
        mark=alt.BrushConfig(fill=BRUSH_INK, fillOpacity=0.08, stroke=BRUSH_INK, strokeWidth=1),
    )
    unit, title = ("yearweek", "Week of") if form.per == "week" else ("yearmonth", "Month")
    shown = "yearmonthdate(start):T" if form.per == "week" else "yearmonth(start):T"
    axis_format = "%d %b %Y" if form.per == "week" else "%b %Y"
    # Ticks only where bars start (at most about twelve): the axis never names the month after the data.
    starts = list(form.starts)
    ticks = [alt.DateTime(year=t.year, month=t.month, date=t.day) for t in starts[:: -(-len(starts) // 12) or 1]]
    return (
        alt.Chart(alt.InlineData(values=values))
        .mark_bar()
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                timeUnit=unit,
                scale=_span(starts, form.per),
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
                sort=labels,
                legend=alt.Legend(orient="right", labelFontSize=11, symbolSize=60, rowPadding=1)
                if form.rated
                else None,
            ),
            order=alt.Order("order:Q"),
            # Bars outside the chosen range fade, so the range set here or in the sidebar shows.
            opacity=alt.condition(brush, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip(shown, title=title),
                *([alt.Tooltip("label:N", title="Attribution")] if form.rated else []),
                alt.Tooltip("sum(incidents):Q", title="Incidents"),
            ],
        )
        .add_params(brush)
        .properties(height=135)
    )


@lru_cache(maxsize=64)
def _form_spec(form: _Form) -> dict:
    """The spec of a form, without its levels and bars: made by Altair once."""
    spec = _chart(form, [], [], []).to_dict(validate=False)
    del spec["data"]
    # Altair's default theme sizes every view at 300 x 300; Streamlit draws without it, and so do we.
    spec.pop("config", None)
    return spec


def level_timeline_spec(
    timeline: pd.DataFrame, per: str = "month", chosen: tuple[date, date] | None = None, rated: bool = True
) -> dict:
    """``level_timeline_chart`` as the Vega-Lite spec ``st.vega_lite_chart`` draws, made unchecked
    (the tests check every form of it), without its bars: they go as ``timeline_bars``. Altair
    makes each form of the chart once; a new filter only fills in its levels (the colour scale's),
    in a tenth of the time of making the chart again."""
    spec = copy.deepcopy(_form_spec(_form(timeline, per, chosen, rated)))
    labels, colours = _levels(timeline)
    spec["encoding"]["color"].update(scale={"domain": labels, "range": colours}, sort=labels)
    return spec
