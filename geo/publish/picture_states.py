"""The states under a picture's marks or hexagons: projected, simplified to half a pixel of the
picture, and turned into matplotlib paths once per region and scale, and kept on disk: projecting,
clipping and simplifying them took a fifth of a small snapshot, the same for every snapshot.

geopandas' ``plot`` rebuilt a patch per ring for every picture, and a density map drew every
border twice (once for each state it divides) as a path element of its own: most of an SVG's bytes.
Here a density map's land is one shape and its borders one line, each border drawn once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path as FilePath

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from geo.map.choropleth import Choropleth
from geo.publish.picture_layout import ALASKA_CRS, CONUS_CRS, INSETS, NOT_DRAWN, framed_scale, transformer
from geo.reference.boundaries import load_states, states_path
from geo.style.inks import LAND, LAND_OUTLINE, NO_VALUE_COLOUR, STATE_OUTLINE
from geo.support.cache import cached
from geo.support.paths import cache_dir

CONUS = "conus"  # the lower 48 and DC; the insets go by their state's code
# Raise when what is kept on disk for a region or its outlines changes (projection, clipping,
# simplification): the files are named for it, so old ones are never read.
CACHE_VERSION = 2
RUNGS_PER_DOUBLING = 4  # outline tolerances kept on disk: 2 ** (k / 4) map units


def _cache_file(kind: str) -> FilePath:
    """Named for the states file it derives from (its source's digest) and this module's version."""
    return cache_dir() / f"{states_path().stem}-picture-v{CACHE_VERSION}-{kind}"


def _projected(states: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """``states`` in ``crs`` through the transformer the incidents are projected with."""
    project = transformer(crs).transform
    shapes = shapely.transform(states.geometry.values, lambda xy: np.column_stack(project(xy[:, 0], xy[:, 1])))
    return gpd.GeoDataFrame(states.drop(columns="geometry"), geometry=shapes, crs=crs)


def conus() -> gpd.GeoDataFrame:
    """The lower 48 and DC."""
    return region(CONUS)


@cache
def region(name: str) -> gpd.GeoDataFrame:
    """``CONUS`` or an inset's state, in the projection its map is drawn in."""
    return cached(_cache_file(f"{name}.parquet"), lambda path: _project_region(name).to_parquet(path), _read_region)


def _read_region(path: FilePath) -> gpd.GeoDataFrame:
    shapes = gpd.read_parquet(path)
    if shapes.empty or "state" not in shapes or shapes.crs is None or shapes.geometry.isna().any():
        raise ValueError(f"{path.name} holds no projected states")
    return shapes


def _project_region(name: str) -> gpd.GeoDataFrame:
    states = load_states()
    if name == CONUS:
        return _projected(states[~states["state"].isin(set(INSETS) | NOT_DRAWN)], CONUS_CRS)
    if name != "AK":
        return _projected(states[states["state"] == name], INSETS[name])
    # The mainland only: the Aleutians across the antimeridian would shrink it to nothing.
    shape = _projected(states[states["state"] == "AK"], ALASKA_CRS)
    keep = gpd.GeoSeries.from_xy([-1_000_000], [350_000], crs=ALASKA_CRS).buffer(1_900_000)
    return shape.clip(keep.to_frame("geometry").set_crs(ALASKA_CRS))


def _path(geometry: shapely.Geometry) -> Path:
    """Polygons (closed rings) or lines as one compound path."""
    kind, coords, offsets = shapely.to_ragged_array([geometry])
    starts, ends = offsets[0][:-1], offsets[0][1:]
    codes = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
    codes[starts] = Path.MOVETO
    if kind in (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON):
        codes[ends - 1] = Path.CLOSEPOLY
    return Path(coords, codes)


def _without_specks(shapes: np.ndarray, half_pixel: float) -> np.ndarray:
    """Each shape without the islands smaller than a quarter of a pixel, whose outline (half a point
    wide) covers them whole: of 800 islands in the lower 48, 700 are smaller than a pixel (the
    Florida Keys among them), and each would be written twice in an SVG."""
    kept = []
    for shape in shapes:
        parts = shapely.get_parts(shape)
        large = parts[shapely.area(parts) >= half_pixel**2]
        kept.append(shapely.multipolygons(large) if len(large) else shape)
    return np.asarray(kept, dtype=object)


@dataclass(frozen=True)
class Outlines:
    """A region's states simplified together (shared borders stay shared), as paths to draw."""

    codes: tuple[str, ...]
    corners: tuple[tuple[float, float], tuple[float, float]]
    fills: list[Path]  # each state's shape, in ``codes`` order: a choropleth fills and outlines each
    land: Path  # every state as one shape, without the specks that ``borders`` covers whole
    borders: Path  # every border and coast once


def _outlined(name: str, tolerance: float) -> Outlines:
    shapes = region(name)
    x0, y0, x1, y1 = shapes.total_bounds
    simplified = shapely.coverage_simplify(shapes.geometry.values, tolerance)
    return Outlines(
        codes=tuple(shapes["state"]),
        corners=((x0, y0), (x1, y1)),
        fills=[_path(shape) for shape in simplified],
        land=_path(shapely.coverage_union_all(_without_specks(simplified, tolerance))),
        borders=_path(shapely.line_merge(shapely.union_all(shapely.boundary(simplified)))),
    )


def _write_outlines(outlines: Outlines, path: FilePath) -> None:
    ends = np.cumsum([len(fill.vertices) for fill in outlines.fills])
    with path.open("wb") as file:  # a name given to savez would gain ".npz"
        np.savez(
            file,
            codes=np.asarray(outlines.codes, dtype=str),
            corners=np.asarray(outlines.corners, dtype=float),
            fill_vertices=np.concatenate([fill.vertices for fill in outlines.fills]),
            fill_codes=np.concatenate([fill.codes for fill in outlines.fills]),
            fill_ends=ends,
            land_vertices=outlines.land.vertices,
            land_codes=outlines.land.codes,
            border_vertices=outlines.borders.vertices,
            border_codes=outlines.borders.codes,
        )


def _checked(vertices: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``codes`` as a path's, once they are known to fit ``vertices`` and be codes an outline makes."""
    if vertices.ndim != 2 or vertices.shape[1] != 2 or codes.shape != (len(vertices),) or not len(codes):
        raise ValueError("stored vertices and codes do not match")
    if not np.isin(codes, (Path.MOVETO, Path.LINETO, Path.CLOSEPOLY)).all():
        raise ValueError("stored codes are not an outline's")
    return codes.astype(Path.code_type)


def _read_outlines(path: FilePath) -> Outlines:
    with np.load(path, allow_pickle=False) as stored:
        codes, corners, ends = stored["codes"], stored["corners"], stored["fill_ends"]
        vertices = stored["fill_vertices"]
        fill_codes = _checked(vertices, stored["fill_codes"])
        land = stored["land_vertices"], _checked(stored["land_vertices"], stored["land_codes"])
        borders = stored["border_vertices"], _checked(stored["border_vertices"], stored["border_codes"])
    if corners.shape != (2, 2) or len(ends) != len(codes) or not len(codes) or ends[-1] != len(vertices):
        raise ValueError(f"{path.name} holds no outlines")
    starts = np.concatenate(([0], ends[:-1]))
    if (fill_codes[starts] != Path.MOVETO).any() or (np.diff(ends, prepend=0) <= 0).any():
        raise ValueError(f"{path.name} holds a state that is not a shape")
    return Outlines(
        codes=tuple(str(code) for code in codes),
        corners=(tuple(corners[0]), tuple(corners[1])),
        fills=[Path(vertices[a:b], fill_codes[a:b]) for a, b in zip(starts, ends, strict=True)],
        land=Path(*land),
        borders=Path(*borders),
    )


def outlines(name: str, tolerance: float) -> Outlines:
    """``name``'s outlines simplified to ``tolerance`` or a little finer: tolerances go by rungs (a
    fixed share finer each), so a title's extra line or a framed state reuses a kept file."""
    return _outlines_at(name, math.floor(math.log2(tolerance) * RUNGS_PER_DOUBLING))


@lru_cache(maxsize=32)
def _outlines_at(name: str, rung: int) -> Outlines:
    tolerance = 2.0 ** (rung / RUNGS_PER_DOUBLING)
    return cached(
        _cache_file(f"{name}-{rung}.npz"),
        lambda path: _write_outlines(_outlined(name, tolerance), path),
        _read_outlines,
    )


def half_pixel(ax, limits: tuple[float, float, float, float]) -> float:
    """Half a pixel in map units on ``ax`` framing ``limits`` (x0, x1, y0, y1): outlines need no finer."""
    box = ax.get_window_extent()
    return 0.5 / framed_scale((box.width, box.height), limits)


def draw_states(ax, shapes: Outlines, choropleth: Choropleth | None) -> None:
    """Filled by the choropleth under marks; plain land under a density layer, borders on top.
    The axes' data limits take the region's corners, not every vertex (matplotlib's own walk along
    each curve took half a second a picture)."""
    if choropleth is None:
        layers = [
            PathCollection([shapes.land], facecolors=LAND, edgecolors="none", zorder=1),
            PathCollection([shapes.borders], facecolors="none", edgecolors=LAND_OUTLINE, linewidths=0.5, zorder=8),
        ]
    else:
        fills = [choropleth.fills.get(code, NO_VALUE_COLOUR) for code in shapes.codes]
        layers = [PathCollection(shapes.fills, facecolors=fills, edgecolors=STATE_OUTLINE, linewidths=0.5, zorder=1)]
    for layer in layers:
        ax.add_collection(layer, autolim=False)
    ax.update_datalim(shapes.corners)
    ax.set_axis_off()
