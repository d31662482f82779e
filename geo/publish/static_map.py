"""The static map for readers: PNG and SVG in an equal-area projection, drawn offline with matplotlib.

It is the fallback where scripts do not run and the picture for social cards, so it carries the
same choropleth, marks and legends as the interactive page, plus title, credit and data-as-of line.
It chooses its encoding by what is shown: up to ``POINT_MARKS_LIMIT`` incidents each is a mark
(a few at one place fan out; more become one counted mark split by attribution level); above it,
hexagons shaded by how many incidents fall in them, over the state outlines. Either way the legend
counts the incidents at each attribution level. Text stays text in the SVG (editable, and escaped
by matplotlib's XML writer).
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, replace
from functools import cache
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pyproj
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle, Wedge
from matplotlib.path import Path as MarkerPath

from geo.boundaries import load_states
from geo.describe import Drawing, as_of_line, precision_is_exact
from geo.map.choropleth import Choropleth
from geo.states import state_name
from geo.style import (
    ATTRIBUTION_COLOURS,
    CHANGE_INK,
    CHANGE_STROKES,
    DENSITY_COLOURS,
    HALO,
    MARKS,
    NO_VALUE_COLOUR,
    STATE_OUTLINE,
    Legend,
    TypePalette,
)
from geo.vocab import ATTRIBUTION_LEVELS

CONUS_CRS = "EPSG:5070"  # NAD83 / Conus Albers: equal-area, the standard for U.S. national maps
ALASKA_CRS = "EPSG:3338"
HAWAII_CRS = "ESRI:102007"
INSETS = {"AK": ALASKA_CRS, "HI": HAWAII_CRS}
NOT_DRAWN = {"AS", "GU", "MP", "PR", "VI"}
RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "svg.fonttype": "none",  # text as text: editable in a graphics program; XML-escaped by matplotlib
    "svg.hashsalt": "incident-atlas",  # stable element ids: reproducible SVG
    "path.simplify": True,
}
INK = "#1f1f1f"
MUTED = "#555555"
LAND = "#eeeeec"
# Above this many incidents in view, marks give way to hexagons shaded by count.
POINT_MARKS_LIMIT = 3_000
# A place with more incidents than this is one counted mark rather than a fan.
FAN_LIMIT = 8
# Places named on a state's map, the busiest first.
PLACE_LABELS = 6
# Places named in the footer for incidents a picture cannot place (outside the 50 states and DC).
LEFT_OUT_PLACES = 5


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


@cache
def _transformer(crs: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(4326, crs, always_xy=True)


def _project(incidents: pd.DataFrame, crs: str) -> tuple[np.ndarray, np.ndarray]:
    lon = incidents["lon"].to_numpy(dtype=float)
    lat = incidents["lat"].to_numpy(dtype=float)
    return _transformer(crs).transform(lon, lat)


def _points_per_unit(ax) -> float:
    """How many typographic points one map unit (metre) is on this axes: marks keep their size."""
    ax.apply_aspect()
    x0, x1 = ax.get_xlim()
    return ax.get_window_extent().width * 72 / ax.figure.dpi / (x1 - x0)


@dataclass(frozen=True)
class Placed:
    """Incidents projected onto one axes."""

    incidents: pd.DataFrame
    x: np.ndarray
    y: np.ndarray


def _groups(x: np.ndarray, y: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Incidents within about ``reach`` of each other (a grid of that size) share a place: at a
    national scale Denver and Aurora are one. Returns each incident's group and the group sizes."""
    keys = np.stack([np.floor(x / reach), np.floor(y / reach)], axis=1)
    _, group, sizes = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    return group.ravel(), sizes


def _scatter_marks(ax, x, y, levels: np.ndarray, colours: np.ndarray, size: float, zorder: int = 5) -> None:
    """Incident marks as a few scatters per (level, colour), as ``geo.style.MARKS`` describes them:
    white backdrop, fill (solid, left half, none), outline, cross, outer ring. Weakest levels first,
    so charged and convicted end up on top."""
    order = {level.key: i for i, level in enumerate(ATTRIBUTION_LEVELS)}
    for level in sorted(set(levels), key=lambda key: -order[key]):
        mark = MARKS[level]
        z = zorder + (len(order) - order[level]) / 10
        diameter = size * mark.scale
        for colour in sorted(set(colours[levels == level])):
            chosen = (levels == level) & (colours == colour)
            px, py, edge = x[chosen], y[chosen], mark.rim or colour
            backdrop = diameter + mark.weight + (7 if mark.ring else 0) + 3
            ax.scatter(
                px, py, s=backdrop**2, marker="o", facecolors="white", edgecolors="none", alpha=0.9, zorder=z - 0.05
            )
            if mark.ring:
                ax.scatter(
                    px,
                    py,
                    s=(diameter + 7) ** 2,
                    marker="o",
                    facecolors="none",
                    edgecolors=[edge],
                    linewidths=1.2,
                    zorder=z,
                )
            if mark.fill == "half":
                ax.plot(
                    px,
                    py,
                    linestyle="none",
                    marker="o",
                    markersize=diameter,
                    fillstyle="left",
                    markerfacecolor=colour,
                    markerfacecoloralt="white",
                    markeredgecolor=edge,
                    markeredgewidth=mark.weight * 0.8,
                    zorder=z,
                )
            else:
                ax.scatter(
                    px,
                    py,
                    s=diameter**2,
                    marker="o",
                    facecolors=[colour if mark.fill == "solid" else "white"],
                    edgecolors=[edge] if mark.weight else "none",
                    linewidths=mark.weight * 0.8,
                    linestyles=(0, tuple(float(v) * 0.8 for v in mark.dash.split())) if mark.dash else "solid",
                    zorder=z,
                )
            if mark.cross:
                ax.scatter(
                    px,
                    py,
                    s=(diameter * 0.75) ** 2,
                    marker="x",
                    c=[edge],
                    linewidths=mark.weight * 0.8,
                    zorder=z + 0.05,
                )


def _arrow(key: str) -> MarkerPath:
    """A change's arrow (``geo.style.CHANGE_STROKES``, a 20-unit box, y down) as a marker path."""
    vertices, codes = [], []
    for stroke in CHANGE_STROKES[key]:
        for i, (x, y) in enumerate(stroke):
            vertices.append(((x - 10) / 10, (10 - y) / 10))
            codes.append(MarkerPath.MOVETO if i == 0 else MarkerPath.LINETO)
    return MarkerPath(vertices, codes)


def _badges(ax, x: np.ndarray, y: np.ndarray, changes: np.ndarray, size: float) -> None:
    """Each changed mark's badge, up and to the right of it, as on the interactive map."""
    per_point = _points_per_unit(ax)
    reach = (size * 0.375 + 1.2) / per_point
    badge = size * 0.95
    for key, strokes in CHANGE_STROKES.items():
        chosen = changes == key
        if not strokes or not chosen.any():
            continue
        bx, by = x[chosen] + reach, y[chosen] + reach
        ax.scatter(bx, by, s=badge**2, marker="o", facecolors="white", edgecolors=CHANGE_INK, linewidths=0.7, zorder=8)
        ax.scatter(
            bx,
            by,
            s=(badge * 0.62) ** 2,
            marker=_arrow(key),
            facecolors="none",
            edgecolors=CHANGE_INK,
            linewidths=1.1,
            zorder=8.1,
        )


def _halo(ax, x, y, diameter_points: np.ndarray) -> None:
    ax.scatter(
        x,
        y,
        s=diameter_points**2,
        marker="o",
        facecolors=[HALO["fill"]],
        edgecolors=[HALO["edge"]],
        linewidths=0.8,
        linestyles=(0, HALO["dash"]),
        zorder=4,
    )


def _counted(ax, cx: float, cy: float, members: pd.DataFrame, radius: float, text_size: float) -> None:
    """Many incidents at one place: one disc split by attribution level, with the count on it."""
    counts = members["attribution"].value_counts()
    start = 90.0
    for level in ATTRIBUTION_LEVELS:
        share = counts.get(level.key, 0) / len(members)
        if share:
            ax.add_patch(
                Wedge(
                    (cx, cy),
                    radius,
                    start - 360 * share,
                    start,
                    facecolor=ATTRIBUTION_COLOURS[level.key],
                    edgecolor="white",
                    linewidth=0.6,
                    zorder=6,
                )
            )
            start -= 360 * share
    ax.text(
        cx,
        cy,
        f"{len(members):,}",
        ha="center",
        va="center",
        fontsize=text_size,
        fontweight="bold",
        color="white",
        zorder=7,
    )


def _draw_marks(ax, placed: Placed, palette: TypePalette, colour_by: str, size: float, badges: bool = False) -> int:
    """Marks for a few thousand incidents at most, with ``badges`` for their changes; returns how
    many counted marks were drawn."""
    if placed.incidents.empty:
        return 0
    per_point = _points_per_unit(ax)
    group, sizes = _groups(placed.x, placed.y, 2.2 * size / per_point)
    frame = placed.incidents.assign(_x=placed.x, _y=placed.y, _group=group)
    fanned = frame[sizes[group] <= FAN_LIMIT]
    counted = frame[sizes[group] > FAN_LIMIT]
    xs, ys, halo_x, halo_y, halo_d = [], [], [], [], []
    for _, members in fanned.groupby("_group", sort=False):
        n = len(members)
        cx, cy = members["_x"].iloc[0], members["_y"].iloc[0]
        # Compact fan: neighbours just touch, so a handful of marks covers little of the state beneath.
        ring = 0.0 if n == 1 else size * 0.62 / math.sin(math.pi / n) if n > 2 else size * 0.6
        angles = 2 * np.pi * np.arange(n) / n - np.pi / 2
        xs.append(cx + ring * np.cos(angles) / per_point)
        ys.append(cy - ring * np.sin(angles) / per_point)
        if not members["location_precision"].map(precision_is_exact).all():
            halo_x.append(cx), halo_y.append(cy), halo_d.append(2 * ring + size * 2.1)
    if halo_x:
        _halo(ax, np.array(halo_x), np.array(halo_y), np.array(halo_d))
    if len(fanned):
        order = np.concatenate([members.index.to_numpy() for _, members in fanned.groupby("_group", sort=False)])
        ordered = fanned.loc[order]
        colours = (
            ordered["attribution"].map(ATTRIBUTION_COLOURS)
            if colour_by == "attribution"
            else ordered["crime_type"].map(palette.colours)
        ).to_numpy()
        _scatter_marks(ax, np.concatenate(xs), np.concatenate(ys), ordered["attribution"].to_numpy(), colours, size)
        if badges:
            _badges(ax, np.concatenate(xs), np.concatenate(ys), ordered["change"].to_numpy(), size)
    for _, members in counted.groupby("_group", sort=False):
        radius = size * min(0.75 + 0.3 * math.log2(len(members)), 3.2) / per_point
        cx, cy = members["_x"].mean(), members["_y"].mean()
        if not members["location_precision"].map(precision_is_exact).all():
            _halo(ax, np.array([cx]), np.array([cy]), np.array([2 * radius * per_point + size * 1.2]))
        _counted(ax, cx, cy, members, radius, max(6.5, size * 0.95))
    return counted["_group"].nunique()


def _crowded(ax, placed: Placed, size: float) -> bool:
    """Marks would mostly be counted discs jostling each other: hexagons read better."""
    if len(placed.incidents) <= FAN_LIMIT:
        return False
    _, sizes = _groups(placed.x, placed.y, 2.2 * size / _points_per_unit(ax))
    in_counted = sizes[sizes > FAN_LIMIT]
    return in_counted.sum() > 0.5 * len(placed.incidents) and len(in_counted) > 10


def _draw_density(ax, placed: Placed, norm: LogNorm, hexagons: int, extent: tuple) -> None:
    if placed.incidents.empty:
        return
    ax.hexbin(
        placed.x,
        placed.y,
        gridsize=hexagons,
        extent=extent,
        mincnt=1,
        norm=norm,
        cmap=DENSITY_CMAP,
        linewidths=0.15,
        edgecolors="face",
        zorder=3,
    )


DENSITY_CMAP = matplotlib.colors.LinearSegmentedColormap.from_list("atlas-density", DENSITY_COLOURS)


def _draw_states(ax, states: gpd.GeoDataFrame, choropleth: Choropleth | None) -> None:
    """Filled by the choropleth under marks; plain land under a density layer, outlines on top."""
    if choropleth is None:
        states.plot(ax=ax, color=LAND, edgecolor="none", zorder=1)
        states.boundary.plot(ax=ax, color="#6f6f6f", linewidth=0.5, zorder=8)
    else:
        fills = states["state"].map(lambda code: choropleth.fills.get(code, NO_VALUE_COLOUR))
        states.plot(ax=ax, color=fills.tolist(), edgecolor=STATE_OUTLINE, linewidth=0.5, zorder=1)
    ax.set_axis_off()


def _labels(ax, placed: Placed, focus_states: gpd.GeoDataFrame, size: float) -> None:
    """A state's map names the state and its busiest places. A light box, not a path effect, keeps
    them readable: path effects would turn the SVG's text into outlines."""
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    for row in focus_states.itertuples(index=False):
        point = row.geometry.representative_point()
        ax.text(
            point.x,
            point.y,
            state_name(row.state).upper(),
            ha="center",
            va="center",
            fontsize=size * 1.6,
            color="#5f5f5f",
            fontweight="bold",
            zorder=9,
            bbox=box,
        )
    named = placed.incidents["city"].fillna("") != ""
    if not named.any():
        return
    frame = placed.incidents.loc[named, ["city"]].assign(_x=placed.x[named.to_numpy()], _y=placed.y[named.to_numpy()])
    busiest = frame.groupby("city").agg(x=("_x", "median"), y=("_y", "median"), n=("_x", "size"))
    per_point = _points_per_unit(ax)
    font = size * 1.25
    taken: list[tuple[float, float, float, float]] = []
    # Right and up first; where that box would touch a name already placed, try the other sides,
    # else leave the name out. Boxes in points, text width estimated at 0.6 em a character.
    sides = ((1, 1, "left"), (-1, -1, "right"), (1, -1, "left"), (-1, 1, "right"))
    for city, row in busiest.nlargest(PLACE_LABELS, "n").iterrows():
        width = 0.6 * font * len(city)
        for sx, sy, align in sides:
            x = row.x * per_point + sx * size * 1.4
            y = row.y * per_point + sy * size * 1.2
            left, right = (x, x + width) if sx > 0 else (x - width, x)
            bounds = (left, right, y - font * 0.7, y + font * 0.7)
            if all(bounds[1] < b[0] or bounds[0] > b[1] or bounds[3] < b[2] or bounds[2] > b[3] for b in taken):
                taken.append(bounds)
                ax.annotate(
                    plain(city),
                    (row.x, row.y),
                    xytext=(sx * size * 1.4, sy * size * 1.2),
                    textcoords="offset points",
                    ha=align,
                    va="center",
                    fontsize=font,
                    color=INK,
                    zorder=10,
                    bbox=box,
                )
                break


@dataclass(frozen=True)
class Summary:
    """What the legend says about the incidents drawn, beyond the style."""

    level_counts: dict[str, int]
    density: LogNorm | None  # set when hexagons are drawn
    counted: bool  # whether any counted marks are drawn
    hexagon_km: float = 0.0


# Hexagons count a view too large to mark; its changes are then only counted in the legend.
DENSE_CHANGES = "Hexagons count every changed incident; the interactive map marks each one."


def _legend(
    ax, choropleth: Choropleth | None, marks: Legend, summary: Summary, layout: Layout, changes: dict | None = None
) -> None:
    """Drawn by hand in axes units so each sample looks exactly like the map's."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("auto")
    two = layout.legend_columns == 2
    aspect = ax.bbox.height / ax.bbox.width  # circles in axes units need the box's aspect
    lines = 6 + len(marks.levels) + len(marks.crime_types) + (len(choropleth.legend) + 2 if choropleth else 4)
    # Changes sit in the first column, already the longer one of two.
    lines += (len(changes["rows"]) + 5) * (1.6 if two else 1) if changes else 0
    step = min(0.052 if two else 0.034, (1.6 if two else 0.97) / lines)
    # Hexagons have no crime-type column: beside hexagons and changes, the levels take the second.
    levels_beside = two and summary.density is not None and changes is not None
    if levels_beside:
        step = min(0.052, 0.97 / (16 + len(changes["rows"])))
    r = step * 0.36
    text_x = 0.045 if two else 0.07
    font = 9.5 if step > 0.028 or two else 8.5

    # A heading's line in axes units: a tightly packed legend must still leave room for its text.
    heading_line = (font + 1) * 1.2 * ax.figure.dpi / 72 / ax.bbox.height

    def heading(x, y, text):
        wrapped = textwrap.wrap(plain(text), 26 if two else 34, max_lines=3, placeholder="…")
        ax.text(x, y + step * 0.45, "\n".join(wrapped), fontsize=font + 1, fontweight="bold", color=INK, va="top")
        return y - max(step, heading_line) * len(wrapped) - step * 0.1

    def note(y, text):
        """A muted note of up to two lines, starting on its row and running down, not up into the
        row above; returns the next row."""
        rows = len(textwrap.wrap(plain(text), 44, max_lines=2))
        label(0.0, y - step * (rows - 1) / 2, text, MUTED, font - 1, rows, width=44)
        return y - step * rows

    def label(x, y, text, colour=INK, size=font, lines=1, width=None):
        wrapped = textwrap.wrap(plain(text), width or (26 if two else 38), max_lines=lines, placeholder="…")
        ax.text(x + text_x, y, "\n".join(wrapped), fontsize=size, color=colour, va="center", linespacing=1.1)
        return len(wrapped)

    y = 0.99
    if summary.density is not None:
        y = heading(0.0, y, f"Incidents per hexagon (about {summary.hexagon_km:,.0f} km across)")
        low, high = summary.density.vmin, summary.density.vmax
        stops = sorted({int(round(v)) for v in np.geomspace(low, max(high, low), 5)})
        for value in stops:
            ax.add_patch(
                Rectangle(
                    (0.0, y - step * 0.32),
                    text_x * 0.75,
                    step * 0.64,
                    facecolor=DENSITY_CMAP(summary.density(value)),
                    edgecolor="#9a9a9a",
                    linewidth=0.5,
                )
            )
            label(0.0, y, f"{value:,}" if value != stops[-1] else f"{value:,} or more")
            y -= step
        y = note(y, "State outlines; no hexagon: no incident shown") - step * 0.4
    elif choropleth is not None:
        y = heading(0.0, y, choropleth.measure)
        entries = [(e.colour, e.label) for e in choropleth.legend] + [(NO_VALUE_COLOUR, choropleth.no_value_label)]
        for colour, text in entries:
            ax.add_patch(
                Rectangle(
                    (0.0, y - step * 0.32),
                    text_x * 0.75,
                    step * 0.64,
                    facecolor=colour,
                    edgecolor="#9a9a9a",
                    linewidth=0.6,
                )
            )
            label(0.0, y, text)
            y -= step
        y -= step * 0.4
    x0, top = 0.0, y
    if changes:
        # Above the levels, in the first column: the second (crime types) starts level with it.
        y = heading(0.0, y, changes["title"])
        for row in changes["rows"]:
            _change_sample(ax, r * 1.15 * aspect, y, r * 1.15, aspect, row["key"])
            label(0.0, y, row["text"], width=44)
            y -= step
        if summary.density is not None:
            y = note(y, DENSE_CHANGES)
        y -= step * 0.4
        if levels_beside:
            x0, y = 0.52, top
    y = note(y, marks.unrated_note) if not marks.levels else heading(x0, y, marks.attribution_heading)
    # Beside a second column a level's name and count may take two lines: never cut off.
    beside = two and bool(marks.crime_types) and summary.density is None
    for level in marks.levels:
        _sample(ax, x0 + r * aspect, y, r, aspect, level.key, marks.level_colours[level.key])
        text = f"{level.label} ({summary.level_counts.get(level.key, 0):,})"
        lines = label(x0, y, text, lines=2, width=26 if beside else (46 if two else 38))
        y -= step * (1 + 0.8 * (lines - 1))
    if marks.crime_types and summary.density is None:
        if two:
            x0, y = 0.52, top
        else:
            y -= step * 0.4
        y = heading(x0, y, marks.crime_heading)
        for text, colour in marks.crime_types:
            ax.add_patch(
                matplotlib.patches.Ellipse(
                    (x0 + r * aspect, y), 2 * r * aspect, 2 * r, facecolor=colour, edgecolor=colour
                )
            )
            label(x0, y, text)
            y -= step
    if summary.density is None:
        y -= step * 0.8
        ax.add_patch(
            matplotlib.patches.Ellipse(
                (x0 + r * aspect, y),
                2 * r * aspect,
                2 * r,
                linewidth=0.8,
                facecolor=HALO["fill"],
                edgecolor=HALO["edge"],
                linestyle=(0, HALO["dash"]),
            )
        )
        y -= step * label(x0, y, marks.halo_label, MUTED, font - 1, 3)
    if summary.counted:
        ax.add_patch(Wedge((x0 + r * aspect, y), r, 90, 270, facecolor=ATTRIBUTION_COLOURS["charged"]))
        ax.add_patch(Wedge((x0 + r * aspect, y), r, -90, 90, facecolor=ATTRIBUTION_COLOURS["reported"]))
        split = ", split by level" if marks.levels else ""
        label(x0, y, f"Numbered disc: incidents at one place{split}", MUTED, font - 1, 2)


def _change_sample(ax, x, y, r, aspect, key: str) -> None:
    """A change's badge in the legend (a plain mark for a newly linked incident)."""
    ax.add_patch(
        matplotlib.patches.Ellipse(
            (x, y), 2 * r * aspect, 2 * r, facecolor="white", edgecolor=CHANGE_INK, linewidth=0.8
        )
    )
    for stroke in CHANGE_STROKES[key]:
        ax.plot(
            [x + (px - 10) / 10 * r * 0.8 * aspect for px, _ in stroke],
            [y + (10 - py) / 10 * r * 0.8 for _, py in stroke],
            color=CHANGE_INK,
            linewidth=1.1,
            solid_capstyle="round",
        )


def _sample(ax, x, y, r, aspect, level_key: str, colour: str) -> None:
    """One level's mark in the legend, drawn with the same rules as on the map."""
    mark = MARKS[level_key]
    r *= mark.scale
    edge = mark.rim or colour
    dash = (0, tuple(float(v) * 0.8 for v in mark.dash.split())) if mark.dash else "solid"

    def ellipse(radius, **style):
        ax.add_patch(matplotlib.patches.Ellipse((x, y), 2 * radius * aspect, 2 * radius, **style))

    ellipse(r, facecolor=colour if mark.fill == "solid" else "white", edgecolor="none")
    if mark.fill == "half":
        # A left half in axes units, which are not square: a wedge squeezed by the box's aspect.
        half = matplotlib.patches.Wedge((0, 0), r, 90, 270, facecolor=colour, edgecolor="none")
        half.set_transform(matplotlib.transforms.Affine2D().scale(aspect, 1).translate(x, y) + ax.transData)
        ax.add_patch(half)
    if mark.weight:
        ellipse(r, facecolor="none", edgecolor=edge, linewidth=mark.weight * 0.8, linestyle=dash)
    if mark.cross:
        for sign in (-1, 1):
            ax.plot(
                [x - r * aspect * 0.7, x + r * aspect * 0.7],
                [y - sign * r * 0.7, y + sign * r * 0.7],
                color=edge,
                linewidth=mark.weight * 0.8,
            )
    if mark.ring:
        ellipse(r * 1.45, facecolor="none", edgecolor=edge, linewidth=1.0)


def _frame(main, conus: gpd.GeoDataFrame, focused: gpd.GeoDataFrame | None, layout: Layout) -> None:
    if focused is not None:
        fx0, fy0, fx1, fy1 = focused.total_bounds
        box = layout.map_box[2] * layout.size[0] / (layout.map_box[3] * layout.size[1])
        cx, cy, half_w = (fx0 + fx1) / 2, (fy0 + fy1) / 2, max(fx1 - fx0, (fy1 - fy0) * box) * 0.6
        main.set_xlim(cx - half_w, cx + half_w)
        main.set_ylim(cy - half_w / box, cy + half_w / box)
    else:
        minx, miny, maxx, maxy = conus.total_bounds
        main.set_xlim(minx - 50_000, maxx + 50_000)
        main.set_ylim(miny - 350_000, maxy + 50_000)
    main.set_aspect("equal")


def _alaska(states: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The mainland only: the Aleutians across the antimeridian would shrink it to nothing."""
    shape = states[states["state"] == "AK"].to_crs(ALASKA_CRS)
    keep = gpd.GeoSeries.from_xy([-1_000_000], [350_000], crs=ALASKA_CRS).buffer(1_900_000)
    return shape.clip(keep.to_frame("geometry").set_crs(ALASKA_CRS))


def _between(layout: Layout, fig: Figure, head: list, foot) -> Layout:
    """The layout with its map, insets and legend kept between the title block and the footer, as
    long as each of those runs (a two-line title, a coverage note): text never lies over the map."""
    renderer = fig.canvas.get_renderer()
    gap = 0.012
    top = min(t.get_window_extent(renderer).y0 for t in head) / fig.bbox.height - gap
    bottom = foot.get_window_extent(renderer).y1 / fig.bbox.height + gap

    def fit(box: list[float], shift: float = 0.0) -> list[float]:
        low = max(box[1] + shift, bottom)
        return [box[0], low, box[2], max(min(box[1] + shift + box[3], top) - low, 0.05)]

    map_box = fit(layout.map_box)
    shift = map_box[1] - layout.map_box[1]  # insets sit in the map's lower corner: they move with it
    return replace(
        layout,
        map_box=map_box,
        legend_box=fit(layout.legend_box),
        alaska_box=fit(layout.alaska_box, shift),
        hawaii_box=fit(layout.hawaii_box, shift),
    )


@cache
def _conus() -> gpd.GeoDataFrame:
    """The lower 48 and DC, projected once."""
    states = load_states()
    return states[~states["state"].isin(set(INSETS) | NOT_DRAWN)].to_crs(CONUS_CRS)


def _focused(focus: tuple[str, ...]) -> gpd.GeoDataFrame | None:
    """The chosen states when the map frames them (lower 48 only), else None: the nation."""
    if not focus or set(focus) & (set(INSETS) | NOT_DRAWN):
        return None
    conus = _conus()
    focused = conus[conus["state"].isin(focus)]
    return None if focused.empty else focused


def _drawable(incidents: pd.DataFrame) -> np.ndarray:
    """Incidents a picture can place: in the 50 states and DC."""
    return incidents["state"].isin(set(_conus()["state"]) | set(INSETS)).to_numpy()


def plan(incidents: pd.DataFrame, measure: str, focus: tuple[str, ...] = ()) -> Drawing:
    """What the pictures of this view draw, decided once for both sizes: marks, or hexagons where
    there are too many incidents or marks would pile up; and which incidents they cannot place."""
    drawable = _drawable(incidents)
    outside = incidents[~drawable]
    places = list(dict.fromkeys(outside["city"].where(outside["city"] != "", outside["state"])))
    named = "; ".join(places[:LEFT_OUT_PLACES]) + (
        f" and {len(places) - LEFT_OUT_PLACES:,} more places" if len(places) > LEFT_OUT_PLACES else ""
    )
    drawn = incidents[drawable]
    density = len(drawn) > POINT_MARKS_LIMIT
    if not density:
        with matplotlib.rc_context(RC):
            fig = Figure(figsize=DESKTOP.size, dpi=100)
            FigureCanvasAgg(fig)
            main = fig.add_axes(DESKTOP.map_box)
            _frame(main, _conus(), _focused(focus), DESKTOP)
            in_conus = drawn[~drawn["state"].isin(INSETS)]
            density = _crowded(main, Placed(in_conus, *_project(in_conus, CONUS_CRS)), DESKTOP.mark)
    return Drawing("hexagons" if density else "marks", measure, len(outside), named)


@dataclass(frozen=True)
class Drawn:
    figure: Figure
    drawing: Drawing  # what the picture draws


def render(
    incidents: pd.DataFrame,
    choropleth: Choropleth,
    marks: Legend,
    palette: TypePalette,
    text: StaticText,
    layout: Layout = DESKTOP,
    focus: tuple[str, ...] = (),
    changes: dict | None = None,
    drawing: Drawing | None = None,
) -> Drawn:
    """``focus``: states the view is filtered to; the map frames them (lower 48 only) instead of the nation.
    ``changes`` (``geo.style.change_styles``): a view of changes, whose marks carry badges. ``drawing``
    (``plan``): what to draw, so that every size of picture draws the same."""
    drawing = drawing or plan(incidents, choropleth.measure, focus)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=layout.size, dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        # geopandas asks the canvas to redraw after every layer it plots, and Agg then draws the whole
        # figure each time (six times a snapshot): it is drawn once, when it is saved.
        canvas.draw_idle = lambda *args, **kwargs: None
        x, y, size = layout.title
        title = textwrap.wrap(plain(text.title), layout.title_wrap, max_lines=2, placeholder="…")
        head = [
            fig.text(x, y, "\n".join(title), fontsize=size, fontweight="bold", color=INK, va="top", linespacing=1.15)
        ]
        if text.subtitle:
            below = y - len(title) * size * 1.3 / 72 / layout.size[1] - 0.008
            subtitle = textwrap.wrap(plain(text.subtitle), layout.wrap, max_lines=3, placeholder="…")
            head.append(fig.text(x, below, "\n".join(subtitle), fontsize=layout.subtitle_size, color=MUTED, va="top"))
        footer = [
            text.credit,
            " ".join(filter(None, [as_of_line(text.as_of), text.not_shown, drawing.left_out_note()])),
            text.coverage,
        ]
        foot = fig.text(
            0.025 if layout is DESKTOP else 0.04,
            layout.footer_y + 0.03,
            "\n".join(textwrap.fill(plain(line), layout.wrap + 20) for line in footer if line),
            fontsize=9 if layout is DESKTOP else 8,
            color=MUTED,
            va="bottom",
            linespacing=1.4,
        )
        layout = _between(layout, fig, head, foot)
        states, conus, focused = load_states(), _conus(), _focused(focus)
        drawn = incidents[_drawable(incidents)]
        main = fig.add_axes(layout.map_box)
        _frame(main, conus, focused, layout)
        in_conus = drawn[~drawn["state"].isin(INSETS)]
        placed = Placed(in_conus, *_project(in_conus, CONUS_CRS))
        density = drawing.encoding == "hexagons"
        # Outlines no finer than half a pixel: the same picture, a lighter SVG.
        half_pixel = 0.5 * 72 / main.figure.dpi / _points_per_unit(main)
        drawn_states = conus.set_geometry(shapely.coverage_simplify(conus.geometry.values, half_pixel))
        _draw_states(main, drawn_states, None if density else choropleth)
        _frame(main, conus, focused, layout)
        norm = LogNorm(vmin=1, vmax=1)
        counted = 0
        frame_width = main.get_xlim()[1] - main.get_xlim()[0]
        hexagons = layout.hexagons if focused is None else max(layout.hexagons // 2, 30)
        if density:
            extent = (*main.get_xlim(), *main.get_ylim())
            _draw_density(main, placed, norm, hexagons, extent)
            arrays = [c.get_array() for c in main.collections if c.get_array() is not None and len(c.get_array())]
            norm.vmax = max([1.0, *[float(np.max(a)) for a in arrays]])
        else:
            counted += _draw_marks(main, placed, palette, marks.colour_by, layout.mark, changes is not None)
        if focused is not None:
            _labels(main, placed, focused, layout.mark)
        if text.empty:
            main.text(
                0.5,
                0.5,
                "\n".join(textwrap.wrap(plain(text.empty), 48)),
                transform=main.transAxes,
                ha="center",
                va="center",
                fontsize=layout.subtitle_size,
                color=INK,
                zorder=11,
                bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": "#9a9a9a"},
            )
        for code, box in () if focused is not None else (("AK", layout.alaska_box), ("HI", layout.hawaii_box)):
            inset = fig.add_axes(box)
            shape = _alaska(states) if code == "AK" else states[states["state"] == code].to_crs(INSETS[code])
            _draw_states(inset, shape, None if density else choropleth)
            inset.set_aspect("equal")
            there = drawn[drawn["state"] == code]
            placed_there = Placed(there, *_project(there, INSETS[code]))
            if density:
                # Hexagons as wide on the page as the main map's.
                bx0, by0, bx1, by1 = shape.total_bounds
                inset_hexagons = max(int(hexagons * box[2] / layout.map_box[2]), 3)
                _draw_density(inset, placed_there, norm, inset_hexagons, (bx0, bx1, by0, by1))
            else:
                counted += _draw_marks(
                    inset, placed_there, palette, marks.colour_by, layout.mark * 0.8, changes is not None
                )
        summary = Summary(
            level_counts=incidents["attribution"].value_counts().to_dict(),
            density=norm if density else None,
            counted=counted > 0,
            hexagon_km=frame_width / hexagons / 1000,
        )
        _legend(fig.add_axes(layout.legend_box), choropleth, marks, summary, layout, changes)
        return Drawn(fig, drawing)


def to_png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def to_svg(fig: Figure, title: str = "", description: str = "") -> bytes:
    """With a <title> and <desc> (the alt text) for screen readers and search."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue().decode("utf-8")
    opening = svg.index(">", svg.index("<svg")) + 1
    labels = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>" if title else ""
    return (svg[:opening] + labels + svg[opening:]).encode("utf-8")
