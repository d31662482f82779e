"""The states under a picture's marks or hexagons: projected, simplified to half a pixel of the
picture, and turned into matplotlib paths once per region and scale.

geopandas' ``plot`` rebuilt a patch per ring for every picture, and a density map drew every
border twice (once for each state it divides) as a path element of its own: most of an SVG's bytes.
Here a density map's land is one shape and its borders one line, each border drawn once.
"""

from __future__ import annotations

from functools import cache, cached_property, lru_cache

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from geo.map.choropleth import Choropleth
from geo.publish.picture_layout import ALASKA_CRS, CONUS_CRS, INSETS, NOT_DRAWN, framed_scale, transformer
from geo.reference.boundaries import load_states
from geo.style.inks import LAND, LAND_OUTLINE, NO_VALUE_COLOUR, STATE_OUTLINE

CONUS = "conus"  # the lower 48 and DC; the insets go by their state's code


def _projected(states: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """``states`` in ``crs`` through the transformer the incidents are projected with."""
    project = transformer(crs).transform
    shapes = shapely.transform(states.geometry.values, lambda xy: np.column_stack(project(xy[:, 0], xy[:, 1])))
    return gpd.GeoDataFrame(states.drop(columns="geometry"), geometry=shapes, crs=crs)


@cache
def conus() -> gpd.GeoDataFrame:
    """The lower 48 and DC, projected once."""
    states = load_states()
    return _projected(states[~states["state"].isin(set(INSETS) | NOT_DRAWN)], CONUS_CRS)


@cache
def region(name: str) -> gpd.GeoDataFrame:
    """``CONUS`` or an inset's state, in the projection its map is drawn in."""
    if name == CONUS:
        return conus()
    states = load_states()
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


class Outlines:
    """A region's states simplified together (shared borders stay shared) to ``tolerance`` map units."""

    def __init__(self, name: str, tolerance: float) -> None:
        shapes = region(name)
        self.codes: tuple[str, ...] = tuple(shapes["state"])
        x0, y0, x1, y1 = shapes.total_bounds
        self.corners = ((x0, y0), (x1, y1))
        self._tolerance = tolerance
        self._simplified = shapely.coverage_simplify(shapes.geometry.values, tolerance)

    @cached_property
    def fills(self) -> list[Path]:
        """Each state's shape, in ``codes`` order: a choropleth fills and outlines each."""
        return [_path(shape) for shape in self._simplified]

    @cached_property
    def land(self) -> Path:
        """Every state as one shape, without the specks that ``borders`` covers whole."""
        return _path(shapely.coverage_union_all(_without_specks(self._simplified, self._tolerance)))

    @cached_property
    def borders(self) -> Path:
        """Every border and coast once."""
        return _path(shapely.line_merge(shapely.union_all(shapely.boundary(self._simplified))))


@lru_cache(maxsize=32)
def outlines(name: str, tolerance: float) -> Outlines:
    return Outlines(name, tolerance)


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
