"""GeoJSON, GeoPackage and (Geo)Parquet: the first layer read, point geometries turned into
coordinates in WGS84, anything else refused per row. GDAL and Arrow parse these files in C, so
they are read in a child process (``geo.support.isolated``): a damaged or hostile file that
crashes its reader, or asks it for all the memory there is, ends the child and not the server."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow
import pyogrio
import pyogrio.errors
import shapely.errors

from geo.ingest.raw import GEOM_ERROR, GEOM_LAT, GEOM_LON, LoadError, RawTable, as_text, numbered
from geo.support.isolated import ChildFailed, isolated
from geo.support.logs import APP_LOGGER

log = logging.getLogger(APP_LOGGER)
SPATIAL_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}
PARQUET_SUFFIXES = {".parquet", ".geoparquet"}
# What the process reading a file may take beyond the server's own memory, and how long: 300,000
# points of GeoJSON take about 1 GB and 10 s.
SPATIAL_MEMORY = 6 * 1024**3
SPATIAL_SECONDS = 300


def refuse_long_spatial(path: Path, suffix: str, max_rows: int | None) -> None:
    """A layer's declared feature count, or a Parquet file's row count."""
    if max_rows is None:
        return
    try:
        if suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet

            rows = pyarrow.parquet.ParquetFile(path).metadata.num_rows
        else:
            rows = int(pyogrio.read_info(path)["features"])
    except Exception:  # unreadable: the reader says why
        return
    if rows > max_rows:
        raise LoadError(f"{path.name} has about {rows:,} rows; the limit here is {max_rows:,}")


def read_spatial(path: Path, suffix: str, max_rows: int | None) -> RawTable:
    """The file's first layer, refused first if it declares more than ``max_rows`` rows; read in
    a child process whose memory and time are capped."""
    with isolated(_read, path, suffix, max_rows, memory=SPATIAL_MEMORY, seconds=SPATIAL_SECONDS) as answer:
        try:
            return answer()
        except (ChildFailed, MemoryError) as failure:
            log.warning("%s: %s", path.name, failure or type(failure).__name__)
            raise LoadError(
                f"{path.name}: cannot be read as {suffix[1:]}: it needs more memory or time than one file may use "
                "(a damaged file can cause this)"
            ) from None


def _read(path: Path, suffix: str, max_rows: int | None) -> RawTable:
    """In the reading process."""
    refuse_long_spatial(path, suffix, max_rows)
    warnings: list[str] = []
    try:
        if suffix in PARQUET_SUFFIXES:
            frame = _read_parquet(path)
        else:
            # A GeoPackage may hold several layers: the first is read, and the others are named.
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
            if len(layers) > 1:
                warnings.append(f"{path.name}: read the layer '{layers[0]}'; left out: {', '.join(layers[1:])}")
            frame = gpd.read_file(path, engine="pyogrio", layer=layers[0] if layers else None)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        shapely.errors.GEOSException,
        ValueError,
        TypeError,
        KeyError,
        OSError,
        pyarrow.ArrowException,
    ) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        first_line = first_line.partition(".; It might help")[0]  # GDAL's advice on driver prefixes
        raise LoadError(f"{path.name}: cannot be read as {suffix[1:]}: {first_line}") from None
    lat, lon, geom_error = _point_coordinates(frame, warnings, path.name)
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    table = pd.DataFrame(
        {column: frame[column].map(as_text) for column in frame.columns if column != geometry}, index=frame.index
    ).reset_index(drop=True)
    table = numbered(table, range(1, len(table) + 1))
    table[GEOM_LAT], table[GEOM_LON], table[GEOM_ERROR] = lat, lon, geom_error
    if table.empty:
        warnings.append(f"{path.name}: the file has no features")
    return RawTable(table, warnings)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return gpd.read_parquet(path)
    except ValueError:
        # Plain Parquet without GeoParquet metadata: coordinates come from its columns.
        return pd.read_parquet(path)


def _point_coordinates(frame: pd.DataFrame, warnings: list[str], label: str) -> tuple[list, list, list]:
    """Coordinates of point geometries in WGS84; other geometry types are refused per row."""
    size = len(frame)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        return [None] * size, [None] * size, [""] * size
    geometry = frame.geometry
    if geometry.crs is not None and geometry.crs.is_projected and _all_within_degrees(geometry):
        # Reprojected as metres, degrees land every point within a few metres of (0, 0).
        raise LoadError(
            f"{label}: the file says its coordinates are in {geometry.crs.to_string()}, a projection in "
            f"{geometry.crs.axis_info[0].unit_name}s, but every point lies within 180 of (0, 0), as longitudes and "
            "latitudes would: correct the file's coordinate reference system (for degrees, EPSG:4326)"
        )
    if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
        warnings.append(f"coordinates reprojected from {geometry.crs.to_string()} to EPSG:4326")
        geometry = geometry.to_crs(4326)
    lat: list = []
    lon: list = []
    errors: list[str] = []
    for geom in geometry:
        if geom is None or geom.is_empty:
            lat.append(None), lon.append(None), errors.append("")
        elif geom.geom_type != "Point":
            lat.append(None), lon.append(None), errors.append(f"geometry is a {geom.geom_type}, not a point")
        else:
            lat.append(geom.y), lon.append(geom.x), errors.append("")
    return lat, lon, errors


def _all_within_degrees(geometry: gpd.GeoSeries) -> bool:
    present = geometry[geometry.notna() & ~geometry.is_empty]
    if present.empty:
        return False
    west, south, east, north = present.total_bounds
    return max(abs(west), abs(east)) <= 180 and max(abs(south), abs(north)) <= 90
