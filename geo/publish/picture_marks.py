"""The marks of the static map: points by attribution level and crime type, fans and counted marks
where several share a place, change badges, halos for places only a centre stands for, and
hexagons shaded by count above ``COUNTED_ABOVE``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.colors import LogNorm, to_rgba
from matplotlib.patches import Wedge
from matplotlib.path import Path as MarkerPath

from geo.dataset.describe import precision_is_exact
from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style.badges import CHANGE_STROKES
from geo.style.inks import ATTRIBUTION_COLOURS, CHANGE_INK, DENSITY_COLOURS, PAPER
from geo.style.marks import HALO, MARKS
from geo.style.palette import TypePalette

# A place with more incidents than this is one counted mark rather than a fan.
FAN_LIMIT = 8


def points_per_unit(ax) -> float:
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
                px, py, s=backdrop**2, marker="o", facecolors=PAPER, edgecolors="none", alpha=0.9, zorder=z - 0.05
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
                    markerfacecoloralt=PAPER,
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
                    facecolors=[colour if mark.fill == "solid" else PAPER],
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
    per_point = points_per_unit(ax)
    reach = (size * 0.375 + 1.2) / per_point
    badge = size * 0.95
    for key, strokes in CHANGE_STROKES.items():
        chosen = changes == key
        if not strokes or not chosen.any():
            continue
        bx, by = x[chosen] + reach, y[chosen] + reach
        ax.scatter(bx, by, s=badge**2, marker="o", facecolors=PAPER, edgecolors=CHANGE_INK, linewidths=0.7, zorder=8)
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
        facecolors=[to_rgba(HALO.fill, HALO.opacity)],
        edgecolors=[HALO.edge],
        linewidths=0.8,
        linestyles=(0, HALO.dash),
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
                    edgecolor=PAPER,
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
        color=PAPER,
        zorder=7,
    )


def draw_marks(ax, placed: Placed, palette: TypePalette, colour_by: str, size: float, badges: bool = False) -> int:
    """Marks for a few thousand incidents at most, with ``badges`` for their changes; returns how
    many counted marks were drawn."""
    if placed.incidents.empty:
        return 0
    per_point = points_per_unit(ax)
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


def crowded(scale: float, placed: Placed, size: float) -> bool:
    """Marks would mostly be counted discs jostling each other: hexagons read better. ``scale``:
    points per map unit (``points_per_unit``)."""
    if len(placed.incidents) <= FAN_LIMIT:
        return False
    _, sizes = _groups(placed.x, placed.y, 2.2 * size / scale)
    in_counted = sizes[sizes > FAN_LIMIT]
    return in_counted.sum() > 0.5 * len(placed.incidents) and len(in_counted) > 10


def draw_density(ax, placed: Placed, norm: LogNorm, hexagons: int, extent: tuple) -> None:
    if placed.incidents.empty:
        return
    style = {"norm": norm, "cmap": DENSITY_CMAP, "linewidths": 0, "edgecolors": "none", "zorder": 3}
    hexes = ax.hexbin(placed.x, placed.y, gridsize=hexagons, extent=extent, mincnt=1, **style)
    # Neighbours overlap by a tenth of a point instead of each having an outline of its colour: no
    # seam shows between them, and an SVG writes no stroke for each.
    shape = hexes.get_paths()[0].vertices
    shape = shape * (1 + 0.1 / points_per_unit(ax) / np.abs(shape).max())
    hexes.set_verts([shape])
    # Hexagons wholly inside the frame need no clipping, which an SVG writes as a group around each
    # one (a third of its bytes); only those across the frame's edge keep it.
    x0, x1, y0, y1 = extent
    centres, counts = hexes.get_offsets(), hexes.get_array()
    low, high = centres + shape.min(axis=0), centres + shape.max(axis=0)
    inside = (low[:, 0] >= x0) & (high[:, 0] <= x1) & (low[:, 1] >= y0) & (high[:, 1] <= y1)
    if not inside.all():
        edge = PolyCollection([shape], offsets=centres[~inside], offset_transform=hexes.get_offset_transform(), **style)
        edge.set_array(counts[~inside])
        ax.add_collection(edge, autolim=False)
    hexes.set_offsets(centres[inside])
    hexes.set_array(counts[inside])
    hexes.set_clip_on(False)


DENSITY_CMAP = matplotlib.colors.LinearSegmentedColormap.from_list("atlas-density", DENSITY_COLOURS)


def badge_sample(ax, x, y, r, aspect, key: str) -> None:
    """A change's badge as a legend shows it (a plain mark for a newly linked incident), in axes units."""
    ax.add_patch(
        matplotlib.patches.Ellipse((x, y), 2 * r * aspect, 2 * r, facecolor=PAPER, edgecolor=CHANGE_INK, linewidth=0.8)
    )
    for stroke in CHANGE_STROKES[key]:
        ax.plot(
            [x + (px - 10) / 10 * r * 0.8 * aspect for px, _ in stroke],
            [y + (10 - py) / 10 * r * 0.8 for _, py in stroke],
            color=CHANGE_INK,
            linewidth=1.1,
            solid_capstyle="round",
        )


def mark_sample(ax, x, y, r, aspect, level_key: str, colour: str) -> None:
    """One level's mark as a legend shows it, in axes units: the same rules as the map's marks."""
    mark = MARKS[level_key]
    r *= mark.scale
    edge = mark.rim or colour
    dash = (0, tuple(float(v) * 0.8 for v in mark.dash.split())) if mark.dash else "solid"

    def ellipse(radius, **style):
        ax.add_patch(matplotlib.patches.Ellipse((x, y), 2 * radius * aspect, 2 * radius, **style))

    ellipse(r, facecolor=colour if mark.fill == "solid" else PAPER, edgecolor="none")
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
