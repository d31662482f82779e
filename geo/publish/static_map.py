"""The static map for readers: PNG and SVG in an equal-area projection, drawn offline with matplotlib.

It is the fallback where scripts do not run and the picture for social cards, so it carries the
same choropleth, marks and legends as the interactive page, plus title, credit and data-as-of line.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from geo.boundaries import load_states
from geo.describe import precision_is_exact
from geo.map.choropleth import Choropleth
from geo.style import HALO, MARKS, NO_VALUE_COLOUR, STATE_OUTLINE, Legend, crime_type_colours

CONUS_CRS = "EPSG:5070"  # NAD83 / Conus Albers: equal-area, the standard for U.S. national maps
ALASKA_CRS = "EPSG:3338"
HAWAII_CRS = "ESRI:102007"
INSETS = {"AK": ALASKA_CRS, "HI": HAWAII_CRS}
NOT_DRAWN = {"AS", "GU", "MP", "PR", "VI"}
RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "svg.fonttype": "path",  # text as outlines: no font needed to view, no data text to inject
    "svg.hashsalt": "incident-atlas",  # stable element ids: reproducible SVG
    "path.simplify": True,
}
INK = "#1f1f1f"
MUTED = "#555555"


@dataclass(frozen=True)
class StaticText:
    title: str
    subtitle: str
    credit: str
    as_of: str
    not_shown: str


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
)


def plain(text: str) -> str:
    """Data text drawn by matplotlib: '$' would start mathtext, so it is escaped."""
    return str(text).replace("$", r"\$")


def _groups(x: np.ndarray, y: np.ndarray, reach: float) -> list[list[int]]:
    """Points closer than ``reach`` (map units) share one fan: at a national scale Denver and
    Aurora are one place, and two overlapping rings would hide each other."""
    groups: list[list[int]] = []
    centres: list[tuple[float, float]] = []
    for position in range(len(x)):
        for members, (cx, cy) in zip(groups, centres, strict=True):
            if (x[position] - cx) ** 2 + (y[position] - cy) ** 2 < reach**2:
                members.append(position)
                break
        else:
            groups.append([position])
            centres.append((x[position], y[position]))
    return groups


def _draw_points(ax, incidents: pd.DataFrame, crs: str, colours: dict[str, str], scale: float) -> None:
    if incidents.empty:
        return
    projected = gpd.GeoSeries(gpd.points_from_xy(incidents["lon"], incidents["lat"]), crs=4326).to_crs(crs)
    x, y = projected.x.to_numpy(), projected.y.to_numpy()
    for members in _groups(x, y, 2.5 * scale):
        cx, cy = x[members[0]], y[members[0]]
        ring = max(len(members) * 0.5, 1.6) * scale if len(members) > 1 else 0.0
        if not all(precision_is_exact(incidents["location_precision"].iloc[p]) for p in members):
            ax.add_patch(Circle((cx, cy), ring + 1.9 * scale, linewidth=0.8, zorder=4, **_halo()))
        for k, position in enumerate(members):
            angle = 2 * np.pi * k / len(members) - np.pi / 2
            centre = (cx + ring * np.cos(angle), cy - ring * np.sin(angle))
            colour = colours[incidents["crime_type"].iloc[position]]
            size = 2.1 * scale
            _mark(ax, centre, size, size, incidents["attribution"].iloc[position], colour)


def _halo() -> dict:
    return {"facecolor": HALO["fill"], "edgecolor": HALO["edge"], "linestyle": (0, HALO["dash"])}


def _mark(ax, centre, width: float, height: float, level_key: str, colour: str, zorder: int = 5) -> None:
    """One incident mark, on the map or in the legend, as ``geo.style.MARKS`` describes it.
    ``width`` and ``height`` differ where axes units are not square."""
    level = MARKS[level_key]
    face = matplotlib.colors.to_rgba(colour, level.fill_opacity) if level.fill_opacity > 0 else (1, 1, 1, 0.85)
    dash = (0, tuple(float(v) * 0.8 for v in level.dash.split())) if level.dash else "solid"
    outline = level.rim or colour
    ax.add_patch(
        matplotlib.patches.Ellipse(
            centre,
            width,
            height,
            facecolor=face,
            edgecolor=outline,
            linewidth=level.weight * 0.9,
            linestyle=dash,
            zorder=zorder,
        )
    )
    if level.cross:
        dx, dy = width * 0.35, height * 0.35
        for sx in (-1, 1):
            ax.plot(
                [centre[0] - dx, centre[0] + dx],
                [centre[1] - sx * dy, centre[1] + sx * dy],
                color=colour,
                linewidth=level.weight * 0.9,
                zorder=zorder + 1,
            )


def _draw_states(ax, states: gpd.GeoDataFrame, choropleth: Choropleth) -> None:
    fills = states["state"].map(lambda code: choropleth.fills.get(code, NO_VALUE_COLOUR))
    states.plot(ax=ax, color=fills.tolist(), edgecolor=STATE_OUTLINE, linewidth=0.5)
    ax.set_axis_off()


def _legend(ax, choropleth: Choropleth, marks: Legend, layout: Layout) -> None:
    """Drawn by hand in axes units so each mark looks exactly like the map's."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("auto")
    columns = layout.legend_columns
    step = 0.034 if columns == 1 else 0.052
    r = 0.012 if columns == 1 else 0.018
    aspect = ax.bbox.height / ax.bbox.width  # circles in axes units need the box's aspect

    def circle(x, y, **kw):
        ax.add_patch(matplotlib.patches.Ellipse((x, y), 2 * r * aspect, 2 * r, **kw))

    def heading(x, y, text):
        lines = textwrap.wrap(plain(text), 34 if columns == 1 else 26, max_lines=3, placeholder="…")
        ax.text(x, y + step * 0.45, "\n".join(lines), fontsize=10.5, fontweight="bold", color=INK, va="top")
        return y - step * (len(lines) + 0.1)

    y = 0.99
    y = heading(0.0, y, choropleth.measure)
    entries = [(e.colour, e.label) for e in choropleth.legend] + [(NO_VALUE_COLOUR, choropleth.no_value_label)]
    for colour, label in entries:
        ax.add_patch(Rectangle((0.0, y - 0.011), 0.05, 0.022, facecolor=colour, edgecolor="#9a9a9a", linewidth=0.6))
        ax.text(
            0.075 if columns == 1 else 0.065,
            y,
            textwrap.shorten(plain(label), 44),
            fontsize=9.5,
            color=INK,
            va="center",
        )
        y -= step
    y -= step * 0.4
    x0 = 0.0
    top = y
    y = heading(x0, y, marks.attribution_heading)
    for level in marks.levels:
        _mark(ax, (x0 + r * aspect, y), 2 * r * aspect, 2 * r, level.key, MUTED)
        ax.text(x0 + 0.07 if columns == 1 else x0 + 0.045, y, level.label, fontsize=9.5, color=INK, va="center")
        y -= step
    if columns == 2:
        x0, y = 0.52, top
    else:
        y -= step * 0.4
    y = heading(x0, y, marks.crime_heading)
    for _, label, colour in marks.crime_types:
        circle(x0 + r * aspect, y, facecolor=colour, edgecolor=colour)
        ax.text(
            x0 + 0.07 if columns == 1 else x0 + 0.045,
            y,
            textwrap.shorten(plain(label), 38),
            fontsize=9.5,
            color=INK,
            va="center",
        )
        y -= step
    y -= step * 0.3
    circle(x0 + r * aspect, y, **_halo())
    ax.text(
        x0 + 0.07 if columns == 1 else x0 + 0.045,
        y,
        textwrap.fill(marks.halo_label, 34),
        fontsize=8.5,
        color=MUTED,
        va="center",
    )


def render(
    incidents: pd.DataFrame,
    choropleth: Choropleth,
    marks: Legend,
    text: StaticText,
    layout: Layout = DESKTOP,
    focus: tuple[str, ...] = (),
) -> Figure:
    """``focus``: states the view is filtered to; the map frames them (lower 48 only) instead of the nation."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=layout.size, dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        x, y, size = layout.title
        title = textwrap.wrap(plain(text.title), layout.title_wrap, max_lines=2, placeholder="…")
        fig.text(x, y, "\n".join(title), fontsize=size, fontweight="bold", color=INK, va="top", linespacing=1.15)
        if text.subtitle:
            below = y - len(title) * size * 1.3 / 72 / layout.size[1] - 0.008
            subtitle = textwrap.wrap(plain(text.subtitle), layout.wrap, max_lines=3, placeholder="…")
            fig.text(x, below, "\n".join(subtitle), fontsize=layout.subtitle_size, color=MUTED, va="top")
        states = load_states()
        colours = crime_type_colours([key for key, _, _ in marks.crime_types])
        main = fig.add_axes(layout.map_box)
        conus = states[~states["state"].isin(set(INSETS) | NOT_DRAWN)].to_crs(CONUS_CRS)
        _draw_states(main, conus, choropleth)
        focused = conus[conus["state"].isin(focus)] if focus and not set(focus) & (set(INSETS) | NOT_DRAWN) else None
        if focused is not None and not focused.empty:
            fx0, fy0, fx1, fy1 = focused.total_bounds
            box = layout.map_box[2] * layout.size[0] / (layout.map_box[3] * layout.size[1])
            cx, cy, half_w = (fx0 + fx1) / 2, (fy0 + fy1) / 2, max(fx1 - fx0, (fy1 - fy0) * box) * 0.65
            main.set_xlim(cx - half_w, cx + half_w)
            main.set_ylim(cy - half_w / box, cy + half_w / box)
            scale = 2 * half_w / 110
        else:
            focused = None
            minx, miny, maxx, maxy = conus.total_bounds
            main.set_xlim(minx - 50_000, maxx + 50_000)
            main.set_ylim(miny - 350_000, maxy + 50_000)
            scale = (maxx - minx) / 110
        main.set_aspect("equal")
        minx, _, maxx, _ = conus.total_bounds
        in_conus = incidents[~incidents["state"].isin(set(INSETS) | NOT_DRAWN) & (incidents["state"] != "")]
        _draw_points(main, in_conus, CONUS_CRS, colours, scale)
        for code, box in () if focused is not None else (("AK", layout.alaska_box), ("HI", layout.hawaii_box)):
            inset = fig.add_axes(box)
            shape = states[states["state"] == code].to_crs(INSETS[code])
            if code == "AK":
                # The mainland only: the Aleutians across the antimeridian would shrink it to nothing.
                shape = shape.clip(
                    gpd.GeoSeries.from_xy([-1_000_000], [350_000], crs=ALASKA_CRS)
                    .buffer(1_900_000)
                    .to_frame("geometry")
                    .set_crs(ALASKA_CRS)
                )
            _draw_states(inset, shape, choropleth)
            bx0, by0, bx1, by1 = shape.total_bounds
            inset_scale = scale * (bx1 - bx0) / (maxx - minx) * layout.map_box[2] / box[2]
            _draw_points(inset, incidents[incidents["state"] == code], INSETS[code], colours, inset_scale)
            inset.set_aspect("equal")
        _legend(fig.add_axes(layout.legend_box), choropleth, marks, layout)
        footer = [
            f"Source: {text.credit}",
            f"Data as of {text.as_of}." + (f" {text.not_shown}" if text.not_shown else ""),
        ]
        fig.text(
            0.025 if layout is DESKTOP else 0.04,
            layout.footer_y + 0.03,
            "\n".join(textwrap.fill(plain(line), layout.wrap + 20) for line in footer),
            fontsize=9 if layout is DESKTOP else 8,
            color=MUTED,
            va="bottom",
            linespacing=1.4,
        )
        return fig


def to_png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def to_svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
