"""Classing a state measure into colours and legend entries for the choropleth."""

from __future__ import annotations

from dataclasses import dataclass

import branca.colormap
import jenkspy
import numpy as np
import pandas as pd

from geo.map.playback import Months
from geo.reference.vocab import ATTRIBUTION, ATTRIBUTION_ORDER, FIRMEST_MEASURE, INCIDENT_MEASURE
from geo.style.inks import CATEGORY_COLOURS, FIRMEST_SHADES, RAMP_NAME, RAMP_RANGE

MAX_CLASSES = 5


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str

    def to_json(self) -> dict[str, str]:
        """As the map's script reads it (``dataclasses.asdict`` copied each entry deeply: a tenth of a
        small map's build, with a legend for every month)."""
        return {"colour": self.colour, "label": self.label}


@dataclass(frozen=True)
class Choropleth:
    """Per state: its fill colour and the value as text; plus the legend that explains them."""

    measure: str
    fills: dict[str, str]
    values: dict[str, str]
    legend: tuple[LegendEntry, ...]
    no_value_label: str


def _ramp(count: int) -> list[str]:
    scale = getattr(branca.colormap.linear, RAMP_NAME).scale(0, 1)
    low, high = RAMP_RANGE
    return [scale.rgb_hex_str(low + (high - low) * i / max(count - 1, 1)) for i in range(count)]


def _number_text(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def classify_numeric(values: pd.Series, measure: str) -> Choropleth:
    """Few distinct values each get a class; more are grouped by natural breaks (Fisher-Jenks)."""
    values = values.dropna()
    values = values[values > 0] if measure == INCIDENT_MEASURE else values
    no_value = "No incidents in view" if measure == INCIDENT_MEASURE else "No value in the data"
    if values.empty:
        return Choropleth(measure, {}, {}, (), no_value)
    distinct = np.unique(values.to_numpy(dtype=float))
    if len(distinct) <= MAX_CLASSES:
        bins = distinct
    else:
        # Each class's upper bound: jenks_breaks also returns the lowest value first.
        bins = np.array(jenkspy.jenks_breaks(values.to_numpy(dtype=float), n_classes=MAX_CLASSES)[1:])
    numbers = values.to_numpy(dtype=float)
    classes = np.searchsorted(bins, numbers, side="left")
    colours = _ramp(len(bins))
    legend = []
    # Each class is labelled by the values it actually holds, so no label implies data that isn't there.
    for index, colour in enumerate(colours):
        members = numbers[classes == index]
        low, high = (members.min(), members.max()) if len(members) else (bins[index], bins[index])
        label = _number_text(high) if low == high else f"{_number_text(low)}\u2013{_number_text(high)}"
        legend.append(LegendEntry(colour, label))
    fills = {state: colours[c] for state, c in zip(values.index, classes, strict=False)}
    texts = {state: _number_text(v) for state, v in values.items()}
    return Choropleth(measure, fills, texts, tuple(legend), no_value)


def classify_categories(values: pd.Series, measure: str) -> Choropleth:
    values = values.dropna().astype(str)
    categories = sorted(values.unique())
    colours = dict(zip(categories, CATEGORY_COLOURS * (len(categories) // len(CATEGORY_COLOURS) + 1), strict=False))
    legend = tuple(LegendEntry(colours[c], c) for c in categories)
    return Choropleth(
        measure,
        {state: colours[v] for state, v in values.items()},
        dict(values.items()),
        legend,
        "Not in the data (unknown, not absent)",
    )


def incident_counts(incidents: pd.DataFrame) -> pd.Series:
    """Incidents per state (rows without a state, e.g. outside the U.S., are not counted)."""
    placed = incidents.loc[incidents["state"] != "", "state"]
    return placed.value_counts().sort_index()


def measure_values(counts: pd.DataFrame, measure: str) -> pd.Series:
    """One measure's values by state: numbers when every value is a number, else text."""
    rows = counts.loc[counts["measure"] == measure].set_index("state")
    if rows.empty:
        return pd.Series(dtype=object)
    if rows["number"].notna().all():
        return rows["number"].astype(float)
    return rows["value"]


RANK = {key: i for i, key in enumerate(ATTRIBUTION_ORDER)}


def _ranks(attribution: pd.Series) -> np.ndarray:
    """Each level's place in the vocabulary, firmest 0: looked up once per distinct level (a
    million lookups of Arrow strings took 0.66 s)."""
    level_of, levels = pd.factorize(attribution)
    return np.array([RANK[level] for level in levels], dtype=int)[level_of]


def classify_firmest(incidents: pd.DataFrame, measure: str = FIRMEST_MEASURE) -> Choropleth:
    """Each state by the firmest attribution level among its incidents, darker for firmer, so a claim
    is never ranked with a charge; the legend lists the levels present, firmest first."""
    state_of, states = pd.factorize(incidents["state"], sort=True)
    # Which levels each state holds, counted in one pass (no DataFrame selection and grouping, most
    # of a small map's shading); its firmest is the first it holds.
    width, known = len(ATTRIBUTION_ORDER), state_of >= 0
    keys = state_of[known] * width + _ranks(incidents["attribution"])[known]
    held = np.bincount(keys, minlength=len(states) * width).reshape(len(states), width) > 0
    named = np.asarray(states, dtype=object)
    kept = held.any(axis=1) & (named != "")
    return _firmest(named[kept].tolist(), held[kept].argmax(axis=1).tolist(), measure)


def _firmest(states: list[str], ranks: list[int], measure: str) -> Choropleth:
    """Each state's firmest level, as its place in the vocabulary (``ranks``, in ``states`` order)."""
    levels = [ATTRIBUTION_ORDER[i] for i in sorted(set(ranks))]
    legend = tuple(LegendEntry(FIRMEST_SHADES[key], ATTRIBUTION[key].label) for key in levels)
    fills = {state: FIRMEST_SHADES[ATTRIBUTION_ORDER[i]] for state, i in zip(states, ranks, strict=True)}
    values = {state: ATTRIBUTION[ATTRIBUTION_ORDER[i]].label for state, i in zip(states, ranks, strict=True)}
    return Choropleth(measure, fills, values, legend, "No incidents in view")


def build_choropleth(incidents: pd.DataFrame, counts: pd.DataFrame, measure: str) -> Choropleth:
    if measure == FIRMEST_MEASURE:
        return classify_firmest(incidents)
    if measure == INCIDENT_MEASURE:
        return classify_numeric(incident_counts(incidents).astype(float), measure)
    values = measure_values(counts, measure)
    if pd.api.types.is_numeric_dtype(values) and not values.empty:
        return classify_numeric(values, measure)
    return classify_categories(values, measure)


def monthly_choropleths(
    incidents: pd.DataFrame, measure: str = INCIDENT_MEASURE, months: Months | None = None
) -> list[dict]:
    """For playback: each month's fills, values and legend, of that month's incidents alone (counts
    classed on that month's own, or the firmest link among them). Empty for a single month.
    ``months``: the incidents' months, when the caller has them."""
    months = months or Months(incidents)
    if len(months.labels) < 2:
        return []
    if measure == FIRMEST_MEASURE:
        # One key per (state, level): a month's firmest level in a state is its first level with incidents.
        state_of, codes = pd.factorize(incidents["state"])
        codes = np.asarray(codes, dtype=object)
        levels = len(ATTRIBUTION_ORDER)
        rank = _ranks(incidents["attribution"])
        keys = np.where(codes[state_of] != "", state_of * levels + rank, -1)
        held = months.per_key(keys, len(codes) * levels).reshape(-1, len(codes), levels) > 0
        firmest, present = held.argmax(axis=2), held.any(axis=2)
        month_shades = [
            _firmest(codes[present[m]].tolist(), firmest[m][present[m]].tolist(), measure) for m in range(len(held))
        ]
    else:
        codes, counts = months.per_state(incidents["state"])
        month_shades = [classify_numeric(pd.Series(row, index=codes, dtype=float), measure) for row in counts]
    # A month's firmest levels are read off its legend (one colour a level): no values to send.
    firmest = measure == FIRMEST_MEASURE
    return [
        {"fills": m.fills, "values": None if firmest else m.values, "legend": [e.to_json() for e in m.legend]}
        for m in month_shades
    ]
