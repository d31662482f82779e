"""What the browser gets for a view: incidents as encoded points or counted cells, their styles,
popup text when it can ship, and the choropleth's colours. Columnar and compact; ``atlas.js`` reads it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.dataset.describe import places, precision_is_exact
from geo.map.cells import LEVELS_BEFORE_POINTS, BinLevel, bin_levels
from geo.map.choropleth import Choropleth
from geo.map.playback import Months
from geo.reference.boundaries import state_centre
from geo.reference.states import state_name
from geo.reference.vocab import ATTRIBUTION_LEVELS, CHANGE_KINDS, attributed_by_label, crime_type_label
from geo.style.badges import change_style
from geo.style.discs import COUNTED_ABOVE, disc_style
from geo.style.inks import NO_VALUE_COLOUR
from geo.style.legend_sections import level_marks
from geo.style.marks import HALO
from geo.style.palette import DEFAULT_COLOUR_BY, TypePalette
from geo.support.encode import encode_codes, encode_index, encode_points, index_width, per_value, spatial_order

# Above DETAIL_LIMIT incidents the app sends no popup text (details come from the server on a
# click, below the map): a map message of 1,000 incidents stays under 100 KB, where their titles,
# summaries and sources alone would be 166 KB. Above POINT_LIMIT it sends counted grid cells.
DETAIL_LIMIT = 500
POINT_LIMIT = 200_000
# A reader's page has no server: up to READER_DETAIL_LIMIT incidents it carries each one's full text,
# above it each one's place and date (a few characters), and above READER_POINT_LIMIT only cells.
READER_DETAIL_LIMIT = 1_000
READER_POINT_LIMIT = 100_000
# Between COUNTED_ABOVE (geo.style.discs) and POINT_LIMIT both are sent: counted cells at national,
# regional and state zooms (points that many would only be a blot), then the points, from the
# first zoom whose discs would be sparse (``geo.map.cells.SPARSE_DISCS``), zoom 8 at the latest.


@dataclass(frozen=True)
class MapView:
    """What the server needs to answer a click on this view's marks: their order, or the cells."""

    token: str
    rows: pd.Index  # the incidents' labels in the dataset, in payload order (a whole dataset's: a range, no array)
    bins: tuple[BinLevel, ...] = ()


def _token(ids: pd.Series, mode: str) -> str:
    """Names a view by its incidents: the ids' own Arrow buffers are hashed, so a million ids never
    become Python strings (that alone took 250 MB)."""
    digest = hashlib.blake2b(mode.encode(), digest_size=6)
    arrow = pa.array(ids.astype("str").array) if len(ids) else pa.array([], pa.string())
    # Arrow-backed text comes in chunks (one per row group read), joined here so that the token does
    # not depend on them: wrapped in a list, pyarrow turned a million ids into Python strings (0.9 s).
    column = pa.chunked_array([arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow])
    for chunk in column.cast(pa.large_string()).chunks:
        _, offsets, data = chunk.buffers()
        ends = np.frombuffer(offsets, dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        digest.update((ends - ends[0]).tobytes())
        digest.update(memoryview(data)[ends[0] : ends[-1]] if data is not None else b"")
    return digest.hexdigest()


def incident_payload(
    incidents: pd.DataFrame,
    palette: TypePalette,
    detail: bool = True,
    colour_by: str = DEFAULT_COLOUR_BY,
    brief: bool = False,
    point_limit: int | None = None,
    change_span: tuple[date, date] | None = None,
    rated: bool = True,
    months: Months | None = None,
) -> tuple[dict, MapView]:
    """Points as an encoded polyline in spatial order, styles as two characters each, and the text
    for popups only when ``detail`` (snapshots and small app views). Without detail, ``brief`` still
    sends each incident's place and date (a reader's page has no server to ask). Above
    ``point_limit`` incidents, counted grid cells instead of points. With ``change_span`` (and
    incidents marked by ``geo.dataset.history.with_changes``) each point carries its change too. Data that
    rates no link (``rated`` false) is described without attribution levels. ``months``: the
    incidents' months, when the caller has them."""
    crime_types = palette.keys
    styles = {
        "crime": [{"label": crime_type_label(k), "colour": palette.colours[k]} for k in crime_types],
        "attribution": [level.to_json(colour_by == "attribution") for level in level_marks(colour_by)],
        "colourBy": colour_by if rated else DEFAULT_COLOUR_BY,
        "rated": rated,
        "cells": disc_style(palette, colour_by, rated).to_json(),
        "halo": HALO.to_json(),
    }
    marked = change_span is not None and "change" in incidents
    if marked:
        styles["changes"] = change_style(change_span, incidents["change"]).to_json()
    # A click on a cell lists its incidents below the app's map; a reader's page zooms in instead.
    cell_click = "zoom" if brief else "list"
    if len(incidents) > (POINT_LIMIT if point_limit is None else point_limit):
        months = months or Months(incidents)
        levels, payload = bin_levels(incidents, palette.shown, months=months)
        view = MapView(_token(incidents["id"], "bins"), incidents.index, tuple(levels))
        data = {"n": len(incidents), "levels": payload, "styles": styles, "view": view.token, "cellClick": cell_click}
        return data | {"months": months.labels}, view
    lat = incidents["lat"].to_numpy(dtype=float).round(5)
    lon = incidents["lon"].to_numpy(dtype=float).round(5)
    order = spatial_order(lat, lon)
    # Without popup text only the marks' columns are reordered, not every text column of the view.
    wanted = (
        incidents
        if detail or brief
        else incidents[
            ["id", "lat", "lon", "state", "location_precision", "attribution", "crime_type", "date_start", "date_end"]
            + (["change", "level_then"] if marked else [])
        ]
    )
    ordered = wanted.iloc[order]
    crime_index = {key: i for i, key in enumerate(crime_types)}
    attribution_index = {level.key: i for i, level in enumerate(ATTRIBUTION_LEVELS)}
    exact = per_value(ordered["location_precision"], precision_is_exact)
    attribution = per_value(ordered["attribution"], attribution_index.__getitem__)
    levels: list[BinLevel] = []
    months = (months or Months(incidents)).take(order)
    if len(ordered) > COUNTED_ABOVE:
        levels, cells = bin_levels(ordered, palette.shown, LEVELS_BEFORE_POINTS, months, with_points=True)
    view = MapView(_token(ordered["id"], "points"), ordered.index, tuple(levels))
    payload = {
        "n": len(ordered),
        "points": encode_points(lat[order], lon[order]),
        "precision": 5,
        "codes": encode_codes(per_value(ordered["crime_type"], crime_index.__getitem__), attribution * 2 + exact),
        "styles": styles,
        "view": view.token,
        "detail": _detail(ordered) if detail else None,
        "months": months.labels,
        "periods": months.point_payload(),
    }
    if brief and not detail:
        payload["brief"] = _brief(ordered)
    if marked:
        payload["changes"] = _changes(ordered)
    if levels:
        payload["levels"] = cells
        payload["pointsFromZoom"] = levels[-1].max_zoom + 1
        payload["cellClick"] = cell_click
    return payload, view


def _detail(incidents: pd.DataFrame) -> dict:
    """Popup text; repeated values (sources, places, who attributes) are listed once and indexed."""

    def indexed(values: list[str]) -> dict:
        table = list(dict.fromkeys(values))
        position = {value: i for i, value in enumerate(table)}
        return {"values": table, "index": [position[v] for v in values]}

    return {
        "id": incidents["id"].tolist(),
        "title": incidents["title"].tolist(),
        "date": incidents["date_label"].tolist(),
        "summary": incidents["summary"].tolist(),
        "url": incidents["source_url"].tolist(),
        "place": indexed(places(incidents)),
        "by": indexed(incidents["attributed_by"].map(attributed_by_label).tolist()),
        "source": indexed(incidents["source_name"].tolist()),
        "corrected": indexed(incidents.get("correction", pd.Series("", index=incidents.index)).tolist()),
        "history": indexed(incidents.get("history", pd.Series("", index=incidents.index)).tolist()),
    }


def incident_record(incident: pd.DataFrame) -> dict:
    """One incident's popup text, as the runtime's ``Atlas.detailOf`` gives it: what the app sends
    for a clicked incident of a view too large to carry every record."""
    detail = _detail(incident)
    return {
        name: column["values"][column["index"][0]] if isinstance(column, dict) else column[0]
        for name, column in detail.items()
    }


def _changes(incidents: pd.DataFrame) -> dict:
    """Each point's change (1 + its place in ``CHANGE_KINDS``) and its level before (1 + the
    level's index; 0: not yet linked), a character each."""
    kinds = {key: i + 1 for i, key in enumerate(CHANGE_KINDS)}
    levels = {level.key: i + 1 for i, level in enumerate(ATTRIBUTION_LEVELS)}
    change = incidents["change"].map(kinds).fillna(0).to_numpy(dtype=int)
    then = incidents["level_then"].map(levels).fillna(0).to_numpy(dtype=int)
    return {"codes": encode_index(change, 1), "then": encode_index(then, 1)}


def _brief(incidents: pd.DataFrame) -> dict:
    """Place and date of every incident as fixed-width indices into tables of the distinct values:
    two or three characters each, where the full text would be dozens."""

    def indexed(values: list[str]) -> dict:
        table = list(dict.fromkeys(values))
        position = {value: i for i, value in enumerate(table)}
        width = index_width(len(table))
        return {"values": table, "width": width, "codes": encode_index([position[v] for v in values], width)}

    # Places without their precision note: the page adds it from each point's exactness bit.
    return {"place": indexed(places(incidents, notes=False)), "date": indexed(incidents["date_label"].tolist())}


def choropleth_spec(choropleth: Choropleth, selected: tuple[str, ...], incidents: pd.DataFrame | None = None) -> dict:
    """The states' shading, and the selection the map zooms to: with ``incidents`` of chosen states,
    the box around those incidents (a state's eight incidents in one city fill the map, not a dot
    in an empty rectangle)."""
    spec = {
        "measure": choropleth.measure,
        "fills": choropleth.fills,
        "values": choropleth.values,
        "legend": [entry.to_json() for entry in choropleth.legend],
        "noValueColour": NO_VALUE_COLOUR,
        "noValueLabel": choropleth.no_value_label,
        "selected": list(selected),
    }
    if selected and incidents is not None and len(incidents):
        lat, lon = incidents["lat"].astype(float), incidents["lon"].astype(float)
        spec["focus"] = [[round(lat.min(), 4), round(lon.min(), 4)], [round(lat.max(), 4), round(lon.max(), 4)]]
    return spec


def selection_labels(incidents: pd.DataFrame, states: tuple[str, ...], places_wanted: int = 6) -> list[dict]:
    """Names for a map of chosen states: each state at its centre, then its busiest places."""
    labels = []
    at_centre = set(incidents.loc[incidents["location_precision"] == "state", "state"])
    for code in states:
        centre = state_centre(code)
        if centre:
            # Above the centre where incidents placed only to the state sit on it, so it hides none.
            label = {"text": state_name(code), "lat": centre[0], "lon": centre[1], "kind": "state"}
            labels.append(label | ({"above": True} if code in at_centre else {}))
    named = incidents[(incidents["city"].fillna("") != "") & incidents["state"].isin(states)]
    if not named.empty:
        busiest = named.groupby("city").agg(lat=("lat", "median"), lon=("lon", "median"), n=("lat", "size"))
        for city, row in busiest.nlargest(places_wanted, "n").iterrows():
            labels.append(
                {"text": city, "lat": round(float(row.lat), 4), "lon": round(float(row.lon), 4), "kind": "place"}
            )
    return labels
