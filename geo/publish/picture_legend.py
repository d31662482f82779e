"""The static map's legend, drawn beside or below the map: the same sections as the interactive
legend (``geo.style.Legend``), with the counts a picture needs."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.colors import LogNorm, to_rgba
from matplotlib.patches import Rectangle, Wedge

from geo.map.choropleth import Choropleth
from geo.publish.picture_layout import Layout, plain
from geo.publish.picture_marks import DENSITY_CMAP
from geo.style.badges import CHANGE_STROKES
from geo.style.inks import ATTRIBUTION_COLOURS, CHANGE_INK, INK, MUTED, NO_VALUE_COLOUR, SWATCH_EDGE
from geo.style.legend import Legend
from geo.style.marks import HALO, MARKS

CONUS_CRS = "EPSG:5070"  # NAD83 / Conus Albers: equal-area, the standard for U.S. national maps
ALASKA_CRS = "EPSG:3338"
HAWAII_CRS = "ESRI:102007"
INSETS = {"AK": ALASKA_CRS, "HI": HAWAII_CRS}
NOT_DRAWN = {"AS", "GU", "MP", "PR", "VI"}


@dataclass(frozen=True)
class Summary:
    """What the legend says about the incidents drawn, beyond the style."""

    level_counts: dict[str, int]
    density: LogNorm | None  # set when hexagons are drawn
    counted: bool  # whether any counted marks are drawn
    hexagon_km: float = 0.0


# Hexagons count a view too large to mark; its changes are then only counted in the legend.
DENSE_CHANGES = "Hexagons count every changed incident; the interactive map marks each one."


def draw_legend(
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
    lines += (len(changes.rows) + 5) * (1.6 if two else 1) if changes else 0
    step = min(0.052 if two else 0.034, (1.6 if two else 0.97) / lines)
    # Hexagons have no crime-type column: beside hexagons and changes, the levels take the second.
    levels_beside = two and summary.density is not None and changes is not None
    if levels_beside:
        step = min(0.052, 0.97 / (16 + len(changes.rows)))
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
                    edgecolor=SWATCH_EDGE,
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
                    edgecolor=SWATCH_EDGE,
                    linewidth=0.6,
                )
            )
            label(0.0, y, text)
            y -= step
        y -= step * 0.4
    x0, top = 0.0, y
    if changes:
        # Above the levels, in the first column: the second (crime types) starts level with it.
        y = heading(0.0, y, changes.title)
        for kind in changes.rows:
            _change_sample(ax, r * 1.15 * aspect, y, r * 1.15, aspect, kind.key)
            label(0.0, y, kind.row, width=44)
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
        _sample(ax, x0 + r * aspect, y, r, aspect, level.key, level.colour)
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
                facecolor=to_rgba(HALO.fill, HALO.opacity),
                edgecolor=HALO.edge,
                linestyle=(0, HALO.dash),
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
