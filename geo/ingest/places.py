"""Where each row is: coordinates read and repaired, checked against the states, or geocoded.

Coordinates given in the file are read (decimal commas too), swapped back where only the swap lands
in the stated state, and flagged when outside the U.S. or outside their stated state. Rows without
coordinates are placed at their city, else county, else state centre, never claiming more
precision than the match has.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute
import shapely

from geo.ingest import geocode
from geo.ingest.raw import GEOM_ERROR, GEOM_LAT, GEOM_LON
from geo.ingest.report import RowLedger
from geo.reference import boundaries
from geo.reference.vocab import LOCATION_PRECISION, location_rank

# Degrees of slack when testing a point against the simplified state outlines (about 5 km).
BORDER_SLACK = 0.05
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def _coordinates(texts: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numbers from '39.7', ' -104,98 ' (decimal comma) or '1e2', for a whole column: values (NaN
    where not a number), whether a comma was read, and whether the text was a number at all. Python's
    float() also takes '2_5.77'; a coordinate may not. Infinities and NaN are numbers, refused later
    as not finite. Arrow's regular expressions run on the whole column at once."""
    text = pyarrow.array(texts.astype(object).to_numpy(), type=pyarrow.string())
    comma = pyarrow.compute.match_substring_regex(text, _DECIMAL_COMMA.pattern)
    normal = pyarrow.compute.utf8_trim_whitespace(
        pyarrow.compute.if_else(comma, pyarrow.compute.replace_substring(text, ",", "."), text)
    )
    bare = pyarrow.compute.utf8_ltrim(pyarrow.compute.utf8_lower(normal), "+-")
    special = pyarrow.compute.is_in(bare, pyarrow.array(["inf", "infinity", "nan"]))
    numeric = pyarrow.compute.or_(pyarrow.compute.match_substring_regex(normal, _NUMBER.pattern), special)
    numeric = numeric.to_numpy(zero_copy_only=False)
    values = np.full(len(texts), np.nan)
    values[numeric] = np.asarray(normal.filter(pyarrow.array(numeric)).to_pylist(), dtype=float)
    flags = [pd.Series(np.asarray(array, dtype=bool), index=texts.index) for array in (comma, numeric)]
    return pd.Series(values, index=texts.index), flags[0], flags[1]


def _number_text(value: object) -> str:
    """A geometry's coordinate as text ('nan' and 'inf' included: refused later as not finite);
    rows without a geometry get none."""
    return "" if value is None else repr(float(value))


def _within(lat: np.ndarray, lon: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Whether each point lies in (or within about 5 km of) the state named beside it."""
    states = _state_shapes()
    inside = np.zeros(len(lat), dtype=bool)
    points = shapely.points(lon, lat)
    for code in set(codes) & set(states):
        chosen = codes == code
        inside[chosen] = shapely.dwithin(states[code], points[chosen], BORDER_SLACK)
    return inside


@cache
def _state_shapes() -> dict[str, shapely.Geometry]:
    """Each state's outline, prepared once: a million points are tested against them."""
    states = boundaries.load_states()
    shapes = dict(zip(states["state"], states.geometry.values, strict=True))
    for shape in shapes.values():
        shapely.prepare(shape)
    return shapes


def _in_any_state(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    union = _all_states()
    return shapely.dwithin(union, shapely.points(lon, lat), BORDER_SLACK)


@cache
def _all_states() -> shapely.Geometry:
    """Every state and territory as one prepared shape: the 'inside the U.S.' test."""
    union = shapely.union_all(boundaries.load_states().geometry.values)
    shapely.prepare(union)
    return union


def place_rows(
    frame: pd.DataFrame,
    values: dict[str, pd.Series],
    state: pd.Series,
    precision: pd.Series,
    rows: RowLedger,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Coordinates for every row: given (repaired where clearly swapped), geocoded from city or
    county and state, or the state's centre."""
    lat = pd.Series(np.nan, index=frame.index)
    lon = pd.Series(np.nan, index=frame.index)
    precision = precision.copy()
    lat_text, lon_text = values["lat"].copy(), values["lon"].copy()
    if GEOM_LAT in frame:
        # Spatial formats: the geometry is the place unless lat/lon columns say otherwise.
        from_geometry = (lat_text == "") & (lon_text == "")
        for index in frame.index[from_geometry & (frame[GEOM_ERROR] != "")]:
            rows.reject_one(index, frame[GEOM_ERROR][index])
        has_geometry = from_geometry & frame[GEOM_LAT].notna()
        lat_text = lat_text.where(~has_geometry, frame[GEOM_LAT].map(_number_text))
        lon_text = lon_text.where(~has_geometry, frame[GEOM_LON].map(_number_text))

    given = (lat_text != "") | (lon_text != "")
    open_rows = given & ~frame.index.isin(list(rows.problems))
    rows.reject(open_rows & (lon_text == ""), "lat given without lon")
    rows.reject(open_rows & (lat_text == ""), "lon given without lat")
    both = open_rows & (lat_text != "") & (lon_text != "")
    la, comma_la, lat_number = _coordinates(lat_text[both])
    lo, comma_lo, lon_number = _coordinates(lon_text[both])
    bad_lat, bad_lon = ~lat_number, ~lon_number
    # Messages are written for the rejected rows only: a million good rows cost none.
    lat_bad = bad_lat[bad_lat].index
    rows.reject(bad_lat, "coordinate '" + lat_text[lat_bad] + "' is not a number")
    lon_bad = (bad_lon & ~bad_lat)[bad_lon & ~bad_lat].index
    rows.reject(bad_lon & ~bad_lat, "coordinate '" + lon_text[lon_bad] + "' is not a number")
    numbers = ~bad_lat & ~bad_lon
    finite = numbers & np.isfinite(la) & np.isfinite(lo)
    infinite = (numbers & ~finite)[numbers & ~finite].index
    rows.reject(
        numbers & ~finite, "coordinates (" + lat_text[infinite] + ", " + lon_text[infinite] + ") are not finite"
    )
    lat[finite[finite].index], lon[finite[finite].index] = la[finite], lo[finite]
    comma = finite & (comma_la | comma_lo)
    rows.change_many(
        "coordinates (" + lat_text[both][comma] + ", " + lon_text[both][comma] + ") read with decimal commas",
        "decimal commas read",
    )
    _repair_and_flag(lat, lon, state, rows)
    precision[given & lat.notna() & (precision == "")] = "address"

    missing = ~given & ~frame.index.isin(list(rows.problems))
    _geocode(frame.index[missing], values, state, lat, lon, precision, rows)
    return lat, lon, precision


def _repair_and_flag(lat: pd.Series, lon: pd.Series, state: pd.Series, rows: RowLedger) -> None:
    """Swap lat/lon where only the swap lands in the stated state; reject impossible points;
    flag points outside the U.S. or outside their stated state (they may still be right)."""
    present = lat.notna() & lon.notna()
    if not present.any():
        return
    index = lat.index[present]
    la, lo = lat[index].to_numpy(dtype=float, copy=True), lon[index].to_numpy(dtype=float, copy=True)
    codes = state[index].fillna("").to_numpy()
    stated = codes != ""
    inside = np.zeros(len(index), dtype=bool)
    in_range = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    swap_range = (np.abs(lo) <= 90) & (np.abs(la) <= 180)
    if stated.any():
        inside[stated & in_range] = _within(la[stated & in_range], lo[stated & in_range], codes[stated & in_range])
        candidates = stated & ~inside & swap_range
        swapped_inside = np.zeros(len(index), dtype=bool)
        swapped_inside[candidates] = _within(lo[candidates], la[candidates], codes[candidates])
        for position in np.flatnonzero(swapped_inside):
            label = index[position]
            rows.change(
                label,
                "lat/lon swapped",
                f"lat and lon swapped: ({la[position]}, {lo[position]}) lies outside "
                f"{codes[position]}, ({lo[position]}, {la[position]}) inside it",
            )
            lat[label], lon[label] = lo[position], la[position]
            la[position], lo[position] = lo[position], la[position]
        inside |= swapped_inside
        in_range = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    for position in np.flatnonzero(~in_range):
        label = index[position]
        which = (
            f"lat {la[position]:g} is outside -90..90"
            if abs(la[position]) > 90
            else (f"lon {lo[position]:g} is outside -180..180")
        )
        rows.reject_one(label, which)
        lat[label] = lon[label] = np.nan
    check = in_range
    in_us = np.zeros(len(index), dtype=bool)
    in_us[check] = _in_any_state(la[check], lo[check])
    for position in np.flatnonzero(check & ~in_us):
        rows.flag(
            index[position],
            "outside the U.S.",
            f"point ({la[position]}, {lo[position]}) is outside the U.S. states and territories",
        )
    for position in np.flatnonzero(check & in_us & stated & ~inside):
        rows.flag(
            index[position],
            "outside stated state",
            f"point ({la[position]}, {lo[position]}) is outside its stated state {codes[position]}",
        )


def _geocode(
    index: pd.Index,
    values: dict[str, pd.Series],
    state: pd.Series,
    lat: pd.Series,
    lon: pd.Series,
    precision: pd.Series,
    rows: RowLedger,
) -> None:
    """Rows without coordinates: city, else county (its own column, or the city cell naming a
    county, as in 'Cook (county)'), else the state's centre."""
    if len(index) == 0:
        return
    city, code = values["city"][index], state[index].fillna("")
    county = values["county"][index].where(values["county"][index] != "", city)
    # Each distinct place is looked up once: a file of 300,000 rows names a few thousand places.
    found = geocode.geocode_many(city, code)
    counties = geocode.geocode_counties(county, code)
    centres = boundaries.load_states().drop_duplicates("state").set_index("state")[["centre_lat", "centre_lon"]]
    centre = centres.reindex(code.to_numpy()).set_axis(index)
    by_city = (city != "") & (code != "") & found["lat"].notna() & ~city.str.lower().str.contains("county")
    by_county = ~by_city & (county != "") & (code != "") & counties["lat"].notna()
    by_state = ~by_city & ~by_county & (code != "") & centre["centre_lat"].notna()
    for mask, source, floor in ((by_city, found, "city"), (by_county, counties, "county")):
        chosen = mask[mask].index
        lat[chosen], lon[chosen] = source.loc[chosen, "lat"], source.loc[chosen, "lon"]
        precision[chosen] = _coarser_all(precision[chosen], floor)
    chosen = by_state[by_state].index
    lat[chosen], lon[chosen] = centre.loc[chosen, "centre_lat"], centre.loc[chosen, "centre_lon"]
    precision[chosen] = "state"
    rows.change_many(
        "geocoded '" + city[by_city] + ", " + code[by_city] + "' to the centre of " + found.loc[by_city, "name"],
        "geocoded to a city",
    )
    rows.change_many(
        "geocoded '"
        + county[by_county]
        + ", "
        + code[by_county]
        + "' to the centre of "
        + counties.loc[by_county, "name"]
        + " County",
        "geocoded to a county",
    )
    named = county[by_state].where(county[by_state] != "", city[by_state])
    note = ("'" + named + "' not found among cities or counties; ").where(named != "", "")
    rows.change_many(note + "placed at the centre of " + code[by_state], "placed at a state centre")
    rows.reject(~(by_city | by_county | by_state), "no place: needs lat and lon, city and state, or state")


def _coarser_all(given: pd.Series, floor: str) -> pd.Series:
    """A geocoded place is never more precise than what was matched, whatever the file claimed."""
    keep = given.isin(list(LOCATION_PRECISION)) & (given.map(location_rank) >= location_rank(floor))
    return given.where(keep, floor)
