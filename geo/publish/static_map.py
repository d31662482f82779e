"""The static map for readers: PNG and SVG in an equal-area projection, drawn offline with matplotlib.

It is the fallback where scripts do not run and the picture for social cards, so it carries the
same choropleth, marks and legends as the interactive page, plus title, credit and data-as-of line.
It chooses its encoding by what is shown: up to ``COUNTED_ABOVE`` (``geo.style.discs``) incidents each is a mark
(a few at one place fan out; more become one counted mark split by attribution level); above it,
hexagons shaded by how many incidents fall in them, over the state outlines. Either way the legend
counts the incidents at each attribution level. Text stays text in the SVG (editable, and escaped
by matplotlib's XML writer).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from PIL import Image

from geo.dataset.describe import Drawing, as_of_line
from geo.map.choropleth import Choropleth
from geo.publish.picture_layout import (
    CONUS_CRS,
    DESKTOP,
    INSETS,
    NOT_DRAWN,
    RC,
    Layout,
    StaticText,
    framed_scale,
    plain,
    transformer,
)
from geo.publish.picture_legend import Summary, draw_legend
from geo.publish.picture_marks import Placed, crowded, draw_density, draw_marks, points_per_unit
from geo.publish.picture_states import CONUS, conus, draw_states, half_pixel, outlines, region
from geo.publish.svg_paths import compact_paths
from geo.reference.states import state_name
from geo.style.badges import ChangeStyle
from geo.style.discs import COUNTED_ABOVE
from geo.style.inks import (
    INK,
    MUTED,
    OTHER_TYPE_COLOUR,
    PAPER,
    SWATCH_EDGE,
)
from geo.style.legend_sections import Legend
from geo.style.palette import TypePalette

# Places named on a state's map, the busiest first.
PLACE_LABELS = 6
# Places named in the footer for incidents a picture cannot place (outside the 50 states and DC).
LEFT_OUT_PLACES = 5
# How far (of 255, in any channel) a pixel may move for the PNG to be saved in 256 colours.
PALETTE_TOLERANCE = 24


def _project(incidents: pd.DataFrame, crs: str) -> tuple[np.ndarray, np.ndarray]:
    lon = incidents["lon"].to_numpy(dtype=float)
    lat = incidents["lat"].to_numpy(dtype=float)
    return transformer(crs).transform(lon, lat)


def _labels(ax, placed: Placed, focus_states: gpd.GeoDataFrame, size: float) -> None:
    """A state's map names the state and its busiest places. A light box, not a path effect, keeps
    them readable: path effects would turn the SVG's text into outlines."""
    box = {"boxstyle": "round,pad=0.15", "facecolor": PAPER, "edgecolor": "none", "alpha": 0.75}
    for row in focus_states.itertuples(index=False):
        point = row.geometry.representative_point()
        ax.text(
            point.x,
            point.y,
            state_name(row.state).upper(),
            ha="center",
            va="center",
            fontsize=size * 1.6,
            color=OTHER_TYPE_COLOUR,
            fontweight="bold",
            zorder=9,
            bbox=box,
        )
    named = placed.incidents["city"].fillna("") != ""
    if not named.any():
        return
    frame = placed.incidents.loc[named, ["city"]].assign(_x=placed.x[named.to_numpy()], _y=placed.y[named.to_numpy()])
    busiest = frame.groupby("city").agg(x=("_x", "median"), y=("_y", "median"), n=("_x", "size"))
    per_point = points_per_unit(ax)
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


def _limits(nation: gpd.GeoDataFrame, focused: gpd.GeoDataFrame | None, layout: Layout) -> tuple[float, ...]:
    """The main map's frame (x0, x1, y0, y1): the nation, or the states in focus filling the map's box."""
    if focused is not None:
        fx0, fy0, fx1, fy1 = focused.total_bounds
        box = layout.map_box[2] * layout.size[0] / (layout.map_box[3] * layout.size[1])
        cx, cy, half_w = (fx0 + fx1) / 2, (fy0 + fy1) / 2, max(fx1 - fx0, (fy1 - fy0) * box) * 0.6
        return cx - half_w, cx + half_w, cy - half_w / box, cy + half_w / box
    minx, miny, maxx, maxy = nation.total_bounds
    return minx - 50_000, maxx + 50_000, miny - 350_000, maxy + 50_000


def _frame(main, nation: gpd.GeoDataFrame, focused: gpd.GeoDataFrame | None, layout: Layout) -> None:
    x0, x1, y0, y1 = _limits(nation, focused, layout)
    main.set_xlim(x0, x1)
    main.set_ylim(y0, y1)
    main.set_aspect("equal")


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


def _focused(focus: tuple[str, ...]) -> gpd.GeoDataFrame | None:
    """The chosen states when the map frames them (lower 48 only), else None: the nation."""
    if not focus or set(focus) & (set(INSETS) | NOT_DRAWN):
        return None
    lower48 = conus()
    focused = lower48[lower48["state"].isin(focus)]
    return None if focused.empty else focused


def _drawable(incidents: pd.DataFrame) -> np.ndarray:
    """Incidents a picture can place: in the 50 states and DC."""
    return incidents["state"].isin(set(conus()["state"]) | set(INSETS)).to_numpy()


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
    density = len(drawn) > COUNTED_ABOVE
    if not density:
        # The desktop map's scale in points, as its axes will have it.
        box = tuple(share * side * 72 for share, side in zip(DESKTOP.map_box[2:], DESKTOP.size, strict=True))
        scale = framed_scale(box, _limits(conus(), _focused(focus), DESKTOP))
        in_conus = drawn[~drawn["state"].isin(INSETS)]
        density = crowded(scale, Placed(in_conus, *_project(in_conus, CONUS_CRS)), DESKTOP.mark)
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
    changes: ChangeStyle | None = None,
    drawing: Drawing | None = None,
) -> Drawn:
    """``focus``: states the view is filtered to; the map frames them (lower 48 only) instead of the nation.
    ``changes``: a view of changes, whose marks carry badges. ``drawing`` (``plan``): what to draw, so
    that every size of picture draws the same."""
    drawing = drawing or plan(incidents, choropleth.measure, focus)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=layout.size, dpi=100, facecolor=PAPER)
        FigureCanvasAgg(fig)
        layout = _between(layout, fig, *_head_and_foot(fig, text, layout, drawing))
        sheet = _Sheet(fig, layout, incidents[_drawable(incidents)], choropleth, marks, palette, changes is not None)
        density = drawing.encoding == "hexagons"
        main, placed, frame_width, hexagons = _main_map(sheet, focus, density)
        if text.empty:
            _empty_note(main, text.empty, layout)
        if _focused(focus) is None:
            _insets(sheet, density, hexagons)
        summary = Summary(
            level_counts=incidents["attribution"].value_counts().to_dict(),
            density=sheet.norm if density else None,
            counted=sheet.counted > 0,
            hexagon_km=frame_width / hexagons / 1000,
        )
        draw_legend(fig.add_axes(layout.legend_box), choropleth, marks, summary, layout, changes)
        return Drawn(fig, drawing)


def _head_and_foot(fig: Figure, text: StaticText, layout: Layout, drawing: Drawing) -> tuple[list, object]:
    """The title and subtitle above the map, the credit, as-of line and coverage below it."""
    x, y, size = layout.title
    title = textwrap.wrap(plain(text.title), layout.title_wrap, max_lines=2, placeholder="…")
    head = [fig.text(x, y, "\n".join(title), fontsize=size, fontweight="bold", color=INK, va="top", linespacing=1.15)]
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
    return head, foot


@dataclass
class _Sheet:
    """What the main map and its insets share: the incidents drawn, how, and what they counted."""

    fig: Figure
    layout: Layout
    drawn: pd.DataFrame
    choropleth: Choropleth
    marks: Legend
    palette: TypePalette
    badged: bool
    norm: LogNorm = field(default_factory=lambda: LogNorm(vmin=1, vmax=1))
    counted: int = 0


def _main_map(sheet: _Sheet, focus: tuple[str, ...], density: bool):
    """The lower 48 (or the states in focus): states, then hexagons or marks, then place names."""
    layout, lower48, focused = sheet.layout, conus(), _focused(focus)
    main = sheet.fig.add_axes(layout.map_box)
    _frame(main, lower48, focused, layout)
    in_conus = sheet.drawn[~sheet.drawn["state"].isin(INSETS)]
    placed = Placed(in_conus, *_project(in_conus, CONUS_CRS))
    # Outlines no finer than half a pixel: the same picture, a lighter SVG.
    shapes = outlines(CONUS, half_pixel(main, (*main.get_xlim(), *main.get_ylim())))
    draw_states(main, shapes, None if density else sheet.choropleth)
    _frame(main, lower48, focused, layout)
    frame_width = main.get_xlim()[1] - main.get_xlim()[0]
    hexagons = layout.hexagons if focused is None else max(layout.hexagons // 2, 30)
    if density:
        draw_density(main, placed, sheet.norm, hexagons, (*main.get_xlim(), *main.get_ylim()))
        arrays = [c.get_array() for c in main.collections if c.get_array() is not None and len(c.get_array())]
        sheet.norm.vmax = max([1.0, *[float(np.max(a)) for a in arrays]])
    else:
        sheet.counted += draw_marks(main, placed, sheet.palette, sheet.marks.colour_by, layout.mark, sheet.badged)
    if focused is not None:
        _labels(main, placed, focused, layout.mark)
    return main, placed, frame_width, hexagons


def _insets(sheet: _Sheet, density: bool, hexagons: int) -> None:
    """Alaska and Hawaii in their own boxes and projections; hexagons as wide on the page as the main map's."""
    layout = sheet.layout
    for code, box in (("AK", layout.alaska_box), ("HI", layout.hawaii_box)):
        inset = sheet.fig.add_axes(box)
        bx0, by0, bx1, by1 = region(code).total_bounds
        limits = (bx0, bx1, by0, by1)
        draw_states(inset, outlines(code, half_pixel(inset, limits)), None if density else sheet.choropleth)
        inset.autoscale_view()
        inset.set_aspect("equal")
        there = sheet.drawn[sheet.drawn["state"] == code]
        placed = Placed(there, *_project(there, INSETS[code]))
        if density:
            inset_hexagons = max(int(hexagons * box[2] / layout.map_box[2]), 3)
            draw_density(inset, placed, sheet.norm, inset_hexagons, limits)
        else:
            colour_by = sheet.marks.colour_by
            sheet.counted += draw_marks(inset, placed, sheet.palette, colour_by, layout.mark * 0.8, sheet.badged)


def _empty_note(main, text: str, layout: Layout) -> None:
    main.text(
        0.5,
        0.5,
        "\n".join(textwrap.wrap(plain(text), 48)),
        transform=main.transAxes,
        ha="center",
        va="center",
        fontsize=layout.subtitle_size,
        color=INK,
        zorder=11,
        bbox={"boxstyle": "round,pad=0.6", "facecolor": PAPER, "edgecolor": SWATCH_EDGE},
    )


def _few_colours(picture: Image.Image) -> Image.Image:
    """``picture`` in 256 colours, each the exact colour most of its pixels had: a fill, a mark or
    the paper keeps its ink, and only antialiased edges move."""
    few = picture.quantize(256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    # Entry and colour in one 32-bit key (8 + 24 bits): half the bytes to sort of a 64-bit one.
    pixels = np.asarray(picture, dtype=np.uint32)
    colours = (pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2]).ravel()
    pairs, counts = np.unique(np.asarray(few, dtype=np.uint32).ravel() << 24 | colours, return_counts=True)
    by_count = pairs[np.lexsort((-counts, pairs >> 24))]
    entries, first = np.unique(by_count >> 24, return_index=True)
    palette = np.asarray(few.getpalette()[:768], dtype=np.uint32).reshape(-1, 3)
    commonest = by_count[first] & 0xFFFFFF
    palette[entries] = np.column_stack((commonest >> 16, commonest >> 8 & 255, commonest & 255))
    few.putpalette(palette.ravel().tolist())
    return few


def raster(fig: Figure) -> Image.Image:
    """The figure's pixels, drawn by matplotlib (on the calling thread: it is not thread-safe)."""
    raw = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(raw, format="rgba", dpi=100)
    width, height = (round(side * 100) for side in fig.get_size_inches())
    return Image.frombuffer("RGBA", (width, height), raw.getvalue(), "raw", "RGBA", 0, 1).convert("RGB")


def to_png(picture: Image.Image) -> bytes:
    """In 256 colours when no pixel moves more than ``PALETTE_TOLERANCE`` in any channel (flat
    fills, marks and antialiased text need few: about a third of the bytes), else in full colour.
    Pillow and numpy only, so it can run beside matplotlib on another thread."""
    few = _few_colours(picture)
    moved = np.abs(np.asarray(few.convert("RGB"), dtype=np.int16) - np.asarray(picture, dtype=np.int16)).max()
    buffer = io.BytesIO()
    # zlib level 8: within 3% of the smallest file, in a third of the time of level 9.
    (few if moved <= PALETTE_TOLERANCE else picture).save(buffer, format="PNG", compress_level=8)
    return buffer.getvalue()


def to_svg(fig: Figure, title: str = "", description: str = "") -> bytes:
    """With a <title> and <desc> (the alt text) for screen readers and search."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = compact_paths(buffer.getvalue().decode("utf-8"))
    opening = svg.index(">", svg.index("<svg")) + 1
    labels = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>" if title else ""
    return (svg[:opening] + labels + svg[opening:]).encode("utf-8")
