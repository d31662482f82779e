"""What the static map's parts share: the matplotlib settings, the projections, the texts around the
map, the two layouts (desktop and phone) and how text is made plain for a picture."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyproj

CONUS_CRS = "EPSG:5070"  # NAD83 / Conus Albers: equal-area, the standard for U.S. national maps
ALASKA_CRS = "EPSG:3338"
HAWAII_CRS = "ESRI:102007"
INSETS = {"AK": ALASKA_CRS, "HI": HAWAII_CRS}
NOT_DRAWN = {"AS", "GU", "MP", "PR", "VI"}


# Each picture's projection as the PROJ steps that make it. Set up from its steps, a transformer
# needs no lookup in PROJ's database (10 ms each, a tenth of a small snapshot). Longitude and
# latitude are taken as on NAD83's ellipsoid, as PROJ does for these but Hawaii's, which it shifts
# by about 2 m: a picture's pixel is a kilometre or more.
PROJECTIONS = {
    CONUS_CRS: "+proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5",
    ALASKA_CRS: "+proj=aea +lat_0=50 +lon_0=-154 +lat_1=55 +lat_2=65",
    HAWAII_CRS: "+proj=aea +lat_0=13 +lon_0=-157 +lat_1=8 +lat_2=18",
}


@cache
def transformer(crs: str) -> pyproj.Transformer:
    """From longitude and latitude (degrees) to ``crs`` (metres), made once."""
    return pyproj.Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step {PROJECTIONS[crs]} +x_0=0 +y_0=0 +ellps=GRS80"
    )


def framed_scale(box: tuple[float, float], limits: tuple[float, float, float, float]) -> float:
    """Units of ``box`` (its width and height: points, pixels) per map unit, where the box frames
    ``limits`` (x0, x1, y0, y1) at equal aspect: the map shrinks to the tighter side."""
    x0, x1, y0, y1 = limits
    return min(box[0] / (x1 - x0), box[1] / (y1 - y0))


RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "svg.fonttype": "none",  # text as text: editable in a graphics program; XML-escaped by matplotlib
    "svg.hashsalt": "incident-atlas",  # stable element ids: reproducible SVG
    "path.simplify": True,
}


@dataclass(frozen=True)
class StaticText:
    title: str
    subtitle: str
    credit: str
    as_of: str
    not_shown: str  # about what is shown, beyond what the picture draws (as known on a day)
    empty: str = ""  # said on the map when nothing is shown: unknown, not absent
    coverage: str = ""  # what the data covers (the dataset's note): said on every map


@dataclass(frozen=True)
class Layout:
    size: tuple[float, float]
    title: tuple[float, float, float]  # x, y, font size
    subtitle_size: float
    map_box: list[float]
    alaska_box: list[float]
    hawaii_box: list[float]
    legend_box: list[float]
    legend_columns: int
    wrap: int
    title_wrap: int
    footer_y: float
    mark: float  # a mark's diameter in points
    hexagons: int  # hexagons across the national frame


DESKTOP = Layout(
    size=(12, 8),
    title=(0.025, 0.955, 20),
    subtitle_size=12.5,
    map_box=[0.01, 0.12, 0.69, 0.71],
    alaska_box=[0.015, 0.13, 0.17, 0.19],
    hawaii_box=[0.19, 0.13, 0.11, 0.11],
    legend_box=[0.715, 0.12, 0.275, 0.71],
    legend_columns=1,
    wrap=92,
    title_wrap=72,
    footer_y=0.02,
    mark=7.0,
    hexagons=110,
)
MOBILE = Layout(
    size=(6.4, 9.6),
    title=(0.04, 0.97, 15),
    subtitle_size=10,
    map_box=[0.0, 0.5, 1.0, 0.34],
    alaska_box=[0.02, 0.5, 0.22, 0.10],
    hawaii_box=[0.25, 0.5, 0.14, 0.07],
    legend_box=[0.04, 0.1, 0.94, 0.38],
    legend_columns=2,
    wrap=62,
    title_wrap=44,
    footer_y=0.012,
    mark=5.5,
    hexagons=70,
)


def plain(text: str) -> str:
    """Data text drawn by matplotlib: '$' would start mathtext, so it is escaped."""
    return str(text).replace("$", r"\$")
