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
from geo.publish.picture_marks import DENSITY_CMAP, badge_sample, mark_sample
from geo.style.badges import ChangeStyle
from geo.style.inks import ATTRIBUTION_COLOURS, INK, MUTED, NO_VALUE_COLOUR, SWATCH_EDGE
from geo.style.legend_sections import Legend
from geo.style.marks import HALO


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
    ax,
    choropleth: Choropleth | None,
    marks: Legend,
    summary: Summary,
    layout: Layout,
    changes: ChangeStyle | None = None,
) -> None:
    """Drawn by hand in axes units so each sample looks exactly like the map's: the state shading (or
    hexagons), the changes, the levels, crime types, the halo and counted discs, as the page's legend."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("auto")
    pen = _pen(ax, choropleth, marks, summary, layout, changes)
    if summary.density is not None:
        y = _hexagons(pen, 0.99, summary.density, summary.hexagon_km)
    elif choropleth is not None:
        y = _shading(pen, 0.99, choropleth)
    else:
        y = 0.99
    x0, top = 0.0, y
    if changes:
        y = _changes(pen, y, changes, summary.density is not None)
        if pen.levels_beside:
            x0, y = 0.52, top
    # Beside a second column a level's name and count may take two lines: never cut off.
    beside = pen.two and bool(marks.crime_types) and summary.density is None
    y = _levels(pen, x0, y, marks, summary.level_counts, beside)
    if marks.crime_types and summary.density is None:
        x0, y = (0.52, top) if pen.two else (x0, y - pen.step * 0.4)
        y = _types(pen, x0, y, marks)
    if summary.density is None:
        y = _halo(pen, x0, y - pen.step * 0.8, marks.halo_label)
    if summary.counted:
        _counted(pen, x0, y, bool(marks.levels))


@dataclass(frozen=True)
class _Pen:
    """How this legend writes: its axes, row height, font and columns."""

    ax: object
    step: float
    font: float
    text_x: float
    two: bool
    aspect: float  # circles in axes units need the box's aspect
    levels_beside: bool  # beside hexagons and changes, the levels take the second column
    heading_line: float  # a heading's line in axes units: a packed legend still leaves room for its text

    @property
    def r(self) -> float:
        return self.step * 0.36

    def heading(self, x: float, y: float, text: str) -> float:
        wrapped = textwrap.wrap(plain(text), 26 if self.two else 34, max_lines=3, placeholder="…")
        self.ax.text(
            x, y + self.step * 0.45, "\n".join(wrapped), fontsize=self.font + 1, fontweight="bold", color=INK, va="top"
        )
        return y - max(self.step, self.heading_line) * len(wrapped) - self.step * 0.1

    def note(self, y: float, text: str) -> float:
        """A muted note of up to two lines, starting on its row and running down, not up into the row
        above; returns the next row."""
        rows = len(textwrap.wrap(plain(text), 44, max_lines=2))
        self.label(0.0, y - self.step * (rows - 1) / 2, text, MUTED, self.font - 1, rows, width=44)
        return y - self.step * rows

    def label(self, x, y, text, colour=INK, size=None, lines=1, width=None) -> int:
        wrapped = textwrap.wrap(plain(text), width or (26 if self.two else 38), max_lines=lines, placeholder="…")
        self.ax.text(
            x + self.text_x,
            y,
            "\n".join(wrapped),
            fontsize=size or self.font,
            color=colour,
            va="center",
            linespacing=1.1,
        )
        return len(wrapped)

    def swatch(self, y: float, colour, edge_width: float) -> None:
        self.ax.add_patch(
            Rectangle(
                (0.0, y - self.step * 0.32),
                self.text_x * 0.75,
                self.step * 0.64,
                facecolor=colour,
                edgecolor=SWATCH_EDGE,
                linewidth=edge_width,
            )
        )

    def disc(self, x: float, y: float, **style) -> None:
        self.ax.add_patch(
            matplotlib.patches.Ellipse((x + self.r * self.aspect, y), 2 * self.r * self.aspect, 2 * self.r, **style)
        )


def _pen(ax, choropleth, marks: Legend, summary: Summary, layout: Layout, changes: ChangeStyle | None) -> _Pen:
    """Rows as tall as the legend's box allows for all it lists, within a comfortable maximum."""
    two = layout.legend_columns == 2
    lines = 6 + len(marks.levels) + len(marks.crime_types) + (len(choropleth.legend) + 2 if choropleth else 4)
    # Changes sit in the first column, already the longer one of two.
    lines += (len(changes.rows) + 5) * (1.6 if two else 1) if changes else 0
    step = min(0.052 if two else 0.034, (1.6 if two else 0.97) / lines)
    levels_beside = two and summary.density is not None and changes is not None
    if levels_beside:
        step = min(0.052, 0.97 / (16 + len(changes.rows)))
    font = 9.5 if step > 0.028 or two else 8.5
    heading_line = (font + 1) * 1.2 * ax.figure.dpi / 72 / ax.bbox.height
    return _Pen(
        ax, step, font, 0.045 if two else 0.07, two, ax.bbox.height / ax.bbox.width, levels_beside, heading_line
    )


def _hexagons(pen: _Pen, y: float, density: LogNorm, hexagon_km: float) -> float:
    y = pen.heading(0.0, y, f"Incidents per hexagon (about {hexagon_km:,.0f} km across)")
    low, high = density.vmin, density.vmax
    stops = sorted({int(round(v)) for v in np.geomspace(low, max(high, low), 5)})
    for value in stops:
        pen.swatch(y, DENSITY_CMAP(density(value)), 0.5)
        pen.label(0.0, y, f"{value:,}" if value != stops[-1] else f"{value:,} or more")
        y -= pen.step
    return pen.note(y, "State outlines; no hexagon: no incident shown") - pen.step * 0.4


def _shading(pen: _Pen, y: float, choropleth: Choropleth) -> float:
    y = pen.heading(0.0, y, choropleth.measure)
    entries = [(e.colour, e.label) for e in choropleth.legend] + [(NO_VALUE_COLOUR, choropleth.no_value_label)]
    for colour, text in entries:
        pen.swatch(y, colour, 0.6)
        pen.label(0.0, y, text)
        y -= pen.step
    return y - pen.step * 0.4


def _changes(pen: _Pen, y: float, changes: ChangeStyle, dense: bool) -> float:
    """Above the levels, in the first column: the second (crime types) starts level with it."""
    y = pen.heading(0.0, y, changes.title)
    for kind in changes.rows:
        badge_sample(pen.ax, pen.r * 1.15 * pen.aspect, y, pen.r * 1.15, pen.aspect, kind.key)
        pen.label(0.0, y, kind.row, width=44)
        y -= pen.step
    if dense:
        y = pen.note(y, DENSE_CHANGES)
    return y - pen.step * 0.4


def _levels(pen: _Pen, x0: float, y: float, marks: Legend, counts: dict[str, int], beside: bool) -> float:
    y = pen.note(y, marks.unrated_note) if not marks.levels else pen.heading(x0, y, marks.attribution_heading)
    for level in marks.levels:
        mark_sample(pen.ax, x0 + pen.r * pen.aspect, y, pen.r, pen.aspect, level.key, level.colour)
        text = f"{level.label} ({counts.get(level.key, 0):,})"
        lines = pen.label(x0, y, text, lines=2, width=26 if beside else (46 if pen.two else 38))
        y -= pen.step * (1 + 0.8 * (lines - 1))
    return y


def _types(pen: _Pen, x0: float, y: float, marks: Legend) -> float:
    y = pen.heading(x0, y, marks.crime_heading)
    for text, colour in marks.crime_types:
        pen.disc(x0, y, facecolor=colour, edgecolor=colour)
        pen.label(x0, y, text)
        y -= pen.step
    return y


def _halo(pen: _Pen, x0: float, y: float, text: str) -> float:
    style = {"facecolor": to_rgba(HALO.fill, HALO.opacity), "edgecolor": HALO.edge, "linestyle": (0, HALO.dash)}
    pen.disc(x0, y, linewidth=0.8, **style)
    return y - pen.step * pen.label(x0, y, text, MUTED, pen.font - 1, 3)


def _counted(pen: _Pen, x0: float, y: float, rated: bool) -> None:
    centre = (x0 + pen.r * pen.aspect, y)
    pen.ax.add_patch(Wedge(centre, pen.r, 90, 270, facecolor=ATTRIBUTION_COLOURS["charged"]))
    pen.ax.add_patch(Wedge(centre, pen.r, -90, 90, facecolor=ATTRIBUTION_COLOURS["reported"]))
    split = ", split by level" if rated else ""
    pen.label(x0, y, f"Numbered disc: incidents at one place{split}", MUTED, pen.font - 1, 2)
