"""State outlines: the Census file simplified once into a light WGS84 layer, cached on disk."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.ops import polylabel

from geo.support.cache import cached
from geo.support.encode import encode_points
from geo.support.paths import CENSUS_STATES, cache_dir

# Degrees. 0.02 keeps every state recognisable at national and state zoom and the layer
# under 400 KB as GeoJSON; the grid snaps coordinates to about 100 m.
SIMPLIFY_TOLERANCE = 0.02
GRID_SIZE = 0.001
CACHE_VERSION = 1


@cache
def _source_digest(path: Path) -> str:
    """Read once a process: every derived file (here and the pictures') is named for it."""
    digest = hashlib.sha256()
    for suffix in (".shp", ".dbf"):
        digest.update(path.with_suffix(suffix).read_bytes())
    return digest.hexdigest()[:16]


def build_states(source: Path = CENSUS_STATES) -> gpd.GeoDataFrame:
    """Read, reproject and simplify the Census states; slow (about a second), so cached."""
    raw = gpd.read_file(source, engine="pyogrio")
    # The Census shapefile ships without a .prj; its datum is NAD83 (EPSG:4269).
    raw = raw.set_crs(4269, allow_override=True).to_crs(4326)
    centres = [polylabel(_largest_part(geom), tolerance=0.05) for geom in raw.geometry]
    simplified = shapely.set_precision(shapely.coverage_simplify(raw.geometry.values, SIMPLIFY_TOLERANCE), GRID_SIZE)
    return gpd.GeoDataFrame(
        {
            "state": raw["STUSPS"].to_numpy(),
            "name": raw["NAME"].to_numpy(),
            "centre_lat": [round(p.y, 4) for p in centres],
            "centre_lon": [round(p.x, 4) for p in centres],
        },
        geometry=simplified,
        crs=4326,
    ).sort_values("state", ignore_index=True)


def _largest_part(geom: shapely.Geometry) -> shapely.Polygon:
    if isinstance(geom, shapely.MultiPolygon):
        return max(geom.geoms, key=lambda part: part.area)
    return geom


def to_geojson(states: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON (no indentation, shortest float text): this is what the browser downloads."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "state": row.state,
                "name": row.name,
                "centre_lat": row.centre_lat,
                "centre_lon": row.centre_lon,
            },
            "geometry": json.loads(shapely.to_geojson(row.geometry)),
        }
        for row in states.itertuples(index=False)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def states_path(source: Path = CENSUS_STATES) -> Path:
    return cache_dir() / f"states-v{CACHE_VERSION}-{_source_digest(source)}.geojson"


@cache
def load_states() -> gpd.GeoDataFrame:
    """The simplified states, built from the Census file on first use and read from the disk cache."""
    return cached(
        states_path(),
        lambda path: path.write_text(to_geojson(build_states()), encoding="utf-8"),
        lambda path: _read_states(path),
    )


def _read_states(path: Path) -> gpd.GeoDataFrame:
    states = gpd.read_file(path, engine="pyogrio").set_crs(4326, allow_override=True)
    if states.empty or states.geometry.isna().any() or not {"state", "name", "centre_lat", "centre_lon"} <= set(states):
        raise ValueError(f"{path.name} holds no usable state outlines")
    return states


POLYLINE_PRECISION = 3  # decimal places kept: the same 0.001 degree grid the layer is snapped to


def _ring(ring: shapely.LinearRing) -> str:
    coords = shapely.get_coordinates(ring)
    return encode_points(coords[:, 1], coords[:, 0], POLYLINE_PRECISION)


def _polygons(geom: shapely.Geometry) -> list[list[str]]:
    parts = geom.geoms if isinstance(geom, shapely.MultiPolygon) else [geom]
    return [[_ring(part.exterior)] + [_ring(ring) for ring in part.interiors] for part in parts]


@cache
def states_payload() -> dict:
    """The layer as the browser gets it: per state its name, centre and encoded polygon rings."""

    def build(path: Path) -> None:
        payload = {
            "precision": POLYLINE_PRECISION,
            "states": [
                {"state": row.state, "name": row.name, "polygons": _polygons(row.geometry)}
                for row in load_states().itertuples(index=False)
            ],
        }
        path.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")

    return cached(states_path().with_suffix(".encoded.json"), build, _read_payload)


def _read_payload(path: Path) -> dict:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(payload, dict) or not payload.get("states") or payload.get("precision") != POLYLINE_PRECISION:
        raise ValueError(f"{path.name} is not a states layer")
    return payload


def state_centre(code: str) -> tuple[float, float] | None:
    """A point well inside the state's largest part, for incidents placed only to a state."""
    match = load_states().loc[lambda frame: frame["state"] == code]
    if match.empty:
        return None
    row = match.iloc[0]
    return float(row["centre_lat"]), float(row["centre_lon"])
