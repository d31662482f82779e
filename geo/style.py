"""How every map looks: marks, colours, basemaps and legend wording, read by the Leaflet map and the
matplotlib renderer alike, so the page, the PNG and the SVG never drift apart.

Wording that names what incidents are attributed to comes from the dataset's subject: an imported
year of shootings is never described in the words of the gang story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.reference.vocab import ATTRIBUTION_LEVELS, CHANGE_KINDS, CRIME_TYPES, crime_type_label


@dataclass(frozen=True)
class Mark:
    """How an incident's mark says how firmly its attribution is established, by shape and fill
    pattern rather than line weight alone: ``fill`` is "solid", "half" (left half) or "none"
    (white); ``ring`` adds an outer ring; ``dash`` is a dash pattern in pixels for the outline;
    ``cross`` strikes it through. ``rim`` is an outline colour used instead of the mark's colour.
    Every mark sits on a thin white backdrop, so it reads over the darkest state fill too."""

    fill: str
    weight: float
    dash: str | None = None
    cross: bool = False
    rim: str | None = None
    ring: bool = False
    scale: float = 1.0  # of the standard mark's size

    def to_json(self) -> dict:
        return {
            "fill": self.fill,
            "weight": self.weight,
            "dash": self.dash,
            "cross": self.cross,
            "stroke": self.rim,
            "ring": self.ring,
            "scale": self.scale,
        }


SOLID_RIM = "#222222"
MARKS: dict[str, Mark] = {
    "convicted": Mark("solid", 1.5, rim=SOLID_RIM, ring=True),
    "charged": Mark("solid", 1.5, rim=SOLID_RIM),
    "law_enforcement": Mark("half", 2.0),
    "reported": Mark("none", 2.0),
    "claimed": Mark("none", 2.0, dash="4 3"),
    "disputed": Mark("none", 2.0, cross=True),
    # Unrated (the default for imported data) is a plain small dot: visible, and claiming nothing.
    "unrated": Mark("solid", 0.0, scale=0.6),
}

# Crime types take these colours by rank (largest first): Okabe-Ito and Tol colours chosen so every
# pair, and each against OTHER_TYPE_COLOUR, differs by at least 9.9 in CAM02-UCS with normal vision
# and simulated deuteranopia, protanopia and tritanopia (tests/geo/test_style.py), and none is too
# light to read as an outline on a pale state.
TYPE_COLOURS = ("#0077BB", "#EE7733", "#009E73", "#CC79A7", "#332288", "#CC3311", "#56B4E9", "#AA4499")
OTHER_TYPE_COLOUR = "#5F5F5F"
# The same colours when marks are coloured by attribution level (their shape says the level too).
ATTRIBUTION_COLOURS: dict[str, str] = {
    "convicted": "#332288",
    "charged": "#0077BB",
    "law_enforcement": "#009E73",
    "reported": "#EE7733",
    "claimed": "#CC79A7",
    "disputed": "#CC3311",
    "unrated": OTHER_TYPE_COLOUR,
}

# States: the outline, the fill of a state with no value, and the choropleth's colours.
STATE_OUTLINE = "#8c8c8c"
NO_VALUE_COLOUR = "#f4f4f2"
# Light, muted colours so the incident marks on top stay the loudest thing on the map.
CATEGORY_COLOURS = ("#b9a8d6", "#a6cee3", "#fdbf6f", "#b2df8a", "#d9d9d9", "#fb9a99")
# A stretch of branca's Purples ramp that skips its near-white start: the lightest class reads as 'some'.
RAMP_NAME = "Purples_09"
RAMP_RANGE = (0.2, 0.75)
# States shaded by the firmest link among their incidents: darker is firmer, one step per level, so
# a state whose one record is a claim is never shaded like a state with a prosecutors' case.
FIRMEST_SHADES: dict[str, str] = {
    "convicted": "#470f84",
    "charged": "#61409b",
    "law_enforcement": "#7d78b7",
    "reported": "#9e9ac8",
    "claimed": "#bdbedd",
    "disputed": "#dadaeb",
    "unrated": "#d9d9d6",
}
# Hexagons shaded by how many incidents fall in each (static maps of many incidents): light to dark.
DENSITY_COLOURS = ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40", "#b7283f", "#7a1338")
# The ring around marks placed at a city, county or state centre rather than the exact spot.
HALO = {"fill": (1, 1, 1, 0.55), "edge": "#444444", "dash": (3, 2)}


@dataclass(frozen=True)
class Basemap:
    label: str
    tiles: str | None  # folium/xyzservices name
    host: str | None  # where the tiles come from, for a page's Content-Security-Policy


BASEMAPS: dict[str, Basemap] = {
    "light": Basemap("Light", "Esri.WorldGrayCanvas", "https://server.arcgisonline.com"),
    "streets": Basemap("Streets", "OpenStreetMap", "https://tile.openstreetmap.org"),
    "none": Basemap("No basemap", None, None),
}
DEFAULT_BASEMAP = "light"


# A legend can list this many crime types; more are grouped as "Other (N types)" in one colour.
MAX_TYPE_COLOURS = 8
COLOUR_BY = {"type": "Crime type", "attribution": "Attribution level"}
DEFAULT_COLOUR_BY = "type"


@dataclass(frozen=True)
class TypePalette:
    """Colours for a view's crime types: the largest ``MAX_TYPE_COLOURS`` by count get their own
    colour and legend line, the rest share one ("Other (N types)")."""

    colours: dict[str, str]
    shown: tuple[str, ...]  # own legend line, largest first
    others: tuple[str, ...]  # grouped

    @property
    def keys(self) -> list[str]:
        """Every type, in the order the browser indexes them."""
        return [*self.shown, *self.others]

    @property
    def other_label(self) -> str:
        return f"Other ({len(self.others)} types)"

    def within(self, counts: dict[str, int] | pd.Series) -> TypePalette:
        """These colours for the types a selection holds: its legend lists only what it shows, and
        every selection of one dataset (each snapshot, the State page) colours a type alike."""
        present = {key for key, count in dict(counts).items() if count}
        shown = tuple(key for key in self.shown if key in present)
        others = tuple(key for key in self.others if key in present) + tuple(sorted(present - set(self.keys)))
        colours = {key: self.colours.get(key, OTHER_TYPE_COLOUR) for key in (*shown, *others)}
        return TypePalette(colours, shown, others)


def type_palette(counts: dict[str, int] | pd.Series) -> TypePalette:
    """The same rule for the app (its dataset's counts) and a snapshot (the counts it shows): the
    largest ``MAX_TYPE_COLOURS`` types take ``TYPE_COLOURS`` in order; a single type left over keeps
    its own legend line in the "Other" grey, several are grouped."""
    order = {term.key: i for i, term in enumerate(CRIME_TYPES)}
    ranked = sorted(dict(counts), key=lambda key: (-int(counts[key]), order.get(key, len(order)), key))
    cut = len(ranked) if len(ranked) <= MAX_TYPE_COLOURS + 1 else MAX_TYPE_COLOURS
    shown, others = ranked[:cut], ranked[cut:]
    colours = dict(zip(shown, (*TYPE_COLOURS, OTHER_TYPE_COLOUR), strict=False))
    colours.update({key: OTHER_TYPE_COLOUR for key in others})
    return TypePalette(colours, tuple(shown), tuple(others))


def attribution_heading(subject: str) -> str:
    return f"How the link to {subject} is established" if subject else "How firmly each link is established"


# Said once, in the legend, of data that rates no link: its marks are plain dots, with no levels.
UNRATED_NOTE = "This data does not record who links each incident to a group, or how firmly."


CRIME_TYPE_HEADING = "Crime type"
HALO_LABEL = "Dashed ring: placed at a city or state centre, not the exact spot"


@dataclass(frozen=True)
class LegendLevel:
    key: str
    label: str
    definition: str
    mark: Mark


@dataclass(frozen=True)
class Legend:
    """The incident legend's sections in order, as both renderers draw them. With ``colour_by``
    "attribution" the levels carry the colours and there is no crime-type section."""

    attribution_heading: str
    levels: tuple[LegendLevel, ...]
    level_colours: dict[str, str]  # the colour each level's sample is drawn in
    crime_heading: str
    crime_types: tuple[tuple[str, str], ...]  # (label, colour); "Other (N types)" last when grouped
    colour_by: str = DEFAULT_COLOUR_BY
    halo_label: str = HALO_LABEL
    unrated_note: str = ""  # instead of the levels, for data that rates no link

    def to_json(self) -> dict:
        return {
            "attributionTitle": self.attribution_heading,
            "attribution": attribution_styles(self.colour_by) if self.levels else [],
            "unratedNote": self.unrated_note,
            "crimeTitle": self.crime_heading,
            "crimeTypes": [{"label": label, "colour": colour} for label, colour in self.crime_types],
            "haloLabel": self.halo_label,
        }


LEGEND_SAMPLE = "#555555"


def attribution_styles(colour_by: str = DEFAULT_COLOUR_BY) -> list[dict]:
    """Each level's label, definition, mark and (when marks are coloured by level) colour, in the
    vocabulary's order: the browser indexes them."""
    return [
        {
            "key": level.key,
            "label": level.label,
            "definition": level.definition,
            "style": MARKS[level.key].to_json(),
            "colour": ATTRIBUTION_COLOURS[level.key] if colour_by == "attribution" else None,
        }
        for level in ATTRIBUTION_LEVELS
    ]


def legend(palette: TypePalette, heading: str, colour_by: str = DEFAULT_COLOUR_BY, rated: bool = True) -> Legend:
    """``heading`` names what the marks' attribution is to (see ``attribution_heading``); data that
    rates no link (``rated`` false) gets no levels, only ``UNRATED_NOTE``, and marks coloured by type."""
    types = tuple((crime_type_label(key), palette.colours[key]) for key in palette.shown)
    if palette.others:
        types += ((palette.other_label, OTHER_TYPE_COLOUR),)
    if not rated:
        return Legend("", (), {}, CRIME_TYPE_HEADING, types, DEFAULT_COLOUR_BY, unrated_note=UNRATED_NOTE)
    by_level = colour_by == "attribution"
    return Legend(
        attribution_heading=heading,
        levels=tuple(LegendLevel(lv.key, lv.label, lv.definition, MARKS[lv.key]) for lv in ATTRIBUTION_LEVELS),
        level_colours={lv.key: ATTRIBUTION_COLOURS[lv.key] if by_level else LEGEND_SAMPLE for lv in ATTRIBUTION_LEVELS},
        crime_heading=CRIME_TYPE_HEADING,
        crime_types=() if by_level else types,
        colour_by=colour_by,
    )


# Counted cells (views too large to draw incident by incident): with marks coloured by crime type,
# a ring around each cell shows, as a dark arc, the share of its incidents at these levels.
FIRM_LEVELS = ("convicted", "charged")
CELL_HEADING = "Areas with many incidents"
# Pixels between cell centres at the zoom each cell size is designed for; discs' radii in pixels
# (``geo.map.cells.disc_radius``: the largest, the smallest, and the margin kept inside a cell), and
# the least gap between two discs, below which they are merged into one.
CELL_SPACING = 45
DISC_SIZES = {"most": 26.0, "least": 5.5, "edge": 1.5}
DISC_GAP = 2.0


def cell_styles(palette: TypePalette, colour_by: str = DEFAULT_COLOUR_BY, rated: bool = True) -> dict:
    """How the browser draws and explains counted cells: slice colours by level and by type (the
    types ``geo.map.cells.type_codes`` indexes: shown ones, then the rest as one), the firm levels'
    positions, and the legend's wording. Data that rates no link (``rated`` false) gets no ring,
    and no split by level."""
    types = [{"label": crime_type_label(key), "colour": palette.colours[key]} for key in palette.shown]
    types.append({"label": palette.other_label if palette.others else "Other types", "colour": OTHER_TYPE_COLOUR})
    firm = [lv.label.lower() for lv in ATTRIBUTION_LEVELS if lv.key in FIRM_LEVELS]
    firm_label = " or ".join(reversed(firm))
    return {
        "colourBy": colour_by if rated else DEFAULT_COLOUR_BY,
        "rated": rated,
        "levels": [{"label": lv.label, "colour": ATTRIBUTION_COLOURS[lv.key]} for lv in ATTRIBUTION_LEVELS],
        "types": types,
        "firm": [i for i, lv in enumerate(ATTRIBUTION_LEVELS) if lv.key in FIRM_LEVELS] if rated else [],
        "sizes": DISC_SIZES,
        "title": CELL_HEADING,
        "levelTitle": "Attribution",
        "typeTitle": CRIME_TYPE_HEADING,
        "levelSlices": "Each disc counts the incidents in its area; its slices are the shares at each attribution "
        "level (colours below).",
        "typeSlices": "Each disc counts the incidents in its area; its slices are the shares of each crime type "
        "(colours below).",
        # The ring's dark arc is the share charged or convicted, beside crime-type slices of rated data.
        "ringLabel": f"Dark arc of the ring: share {firm_label}" if rated and colour_by != "attribution" else "",
        "hint": "Hover or tap a disc for its full split; zoom in for single incidents.",
    }


# A mark whose level changed carries a badge: a white disc with the change's arrow, drawn as strokes
# in a 20-unit box (the browser's canvas and legend, and the static map, all draw these). A newly
# linked incident is a plain mark: in a view of changes, the arrows are what should stand out.
CHANGE_INK = "#1f1f1f"
CHANGE_STROKES = {
    "up": (((10, 15), (10, 5)), ((6, 9), (10, 5), (14, 9))),
    "down": (((10, 5), (10, 15)), ((6, 11), (10, 15), (14, 11))),
    "added": (),
    "changed": (((4, 10), (16, 10)), ((7, 7), (4, 10), (7, 13)), ((13, 7), (16, 10), (13, 13))),
}
ALWAYS_LISTED = ("up", "down")
PLAIN_MARK_LABEL = "Newly linked, no badge"


def change_styles(span: tuple[date, date], change: pd.Series) -> dict:
    """How the browser draws and explains a view of changes: each kind's badge strokes, word and
    count, and the legend's rows (firmer and weaker always; other kinds only when present), which
    every legend (the map's, the phone's, the static images') shows as they are."""
    counts = change.value_counts()
    first, second = span

    def row(key: str, arrow: str, word: str) -> dict:
        text = f"{arrow} {word}" if CHANGE_STROKES[key] else PLAIN_MARK_LABEL
        return {"key": key, "text": f"{text} ({int(counts.get(key, 0)):,})", "strokes": CHANGE_STROKES[key]}

    return {
        "title": f"Change between {first.isoformat()} and {second.isoformat()}",
        "ink": CHANGE_INK,
        "kinds": [
            {"key": key, "arrow": arrow, "label": word, "n": int(counts.get(key, 0)), "strokes": CHANGE_STROKES[key]}
            for key, (arrow, word) in CHANGE_KINDS.items()
        ],
        "rows": [
            row(key, arrow, word)
            for key, (arrow, word) in CHANGE_KINDS.items()
            if key in ALWAYS_LISTED or counts.get(key, 0)
        ],
        "note": "Each mark shows its level on the later date; its badge, how that level changed.",
        "cellsNote": "Discs count the changed incidents in each area: hover or tap one for how many firmed up, "
        "weakened or are new; zoom in for each incident's badge.",
    }


def change_svg(key: str, size: int = 16) -> str:
    """A change's badge as a small standalone SVG (legends outside the map); for a newly linked
    incident, a plain mark."""
    if not CHANGE_STROKES[key]:
        return _svg([f'<circle cx="10" cy="10" r="6" fill="#ffffff" stroke="{CHANGE_INK}" stroke-width="1.6"/>'], size)
    lines = "".join(
        '<polyline points="' + " ".join(f"{x},{y}" for x, y in stroke) + '" fill="none" '
        f'stroke="{CHANGE_INK}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>'
        for stroke in CHANGE_STROKES[key]
    )
    disc = f'<circle cx="10" cy="10" r="8.6" fill="#ffffff" stroke="{CHANGE_INK}" stroke-width="1.4"/>'
    return _svg([disc, lines], size)


def _svg(parts: list[str], size: int) -> str:
    """A 20-unit picture; the namespace lets it stand alone as an image too."""
    attributes = f'width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true"'
    return f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}>' + "".join(parts) + "</svg>"


def cell_svg(cells: dict, size: int = 26) -> str:
    """A counted disc as a small inline SVG for HTML legends outside the map, drawn like the map's:
    three slices and, with crime-type slices, the ring with its dark arc. Our own constants only."""
    by_level = cells["colourBy"] == "attribution"
    colours = [entry["colour"] for entry in (cells["levels"] if by_level else cells["types"])][:3]
    ringed = bool(cells["ringLabel"])
    inner = 6.2 if ringed else 9
    parts = ['<circle cx="10" cy="10" r="9.6" fill="#ffffff" stroke="#3b3b3b" stroke-width="0.6"/>']
    start = -90.0
    for share, colour in zip((0.5, 0.3, 0.2), colours, strict=False):
        end = start + 360 * share
        x1, y1 = 10 + inner * math.cos(math.radians(start)), 10 + inner * math.sin(math.radians(start))
        x2, y2 = 10 + inner * math.cos(math.radians(end)), 10 + inner * math.sin(math.radians(end))
        arc = f"A{inner} {inner} 0 {1 if share > 0.5 else 0} 1 {x2:.2f} {y2:.2f}"
        parts.append(f'<path d="M10 10L{x1:.2f} {y1:.2f}{arc}Z" fill="{colour}"/>')
        start = end
    if ringed:
        parts.append('<circle cx="10" cy="10" r="8" fill="none" stroke="#d4d4d4" stroke-width="2.6"/>')
        parts.append('<path d="M10 2A8 8 0 0 1 17.6 12.5" fill="none" stroke="#1a1a1a" stroke-width="2.6"/>')
    return _svg(parts, size)


def glyph_svg(mark: Mark, colour: str, size: int = 18) -> str:
    """A mark as a small inline SVG for HTML legends outside the map (the app's phone legend).
    Built only from our own constants: no data reaches it."""
    r, edge = 6 * mark.scale, mark.rim or colour
    parts = [f'<circle cx="10" cy="10" r="{r:g}" fill="{colour if mark.fill == "solid" else "#ffffff"}"/>']
    if mark.fill == "half":
        parts.append(f'<path d="M10 {10 - r:g}A{r:g} {r:g} 0 0 0 10 {10 + r:g}Z" fill="{colour}"/>')
    if mark.weight:
        dash = f' stroke-dasharray="{mark.dash}"' if mark.dash else ""
        parts.append(
            f'<circle cx="10" cy="10" r="{r:g}" fill="none" stroke="{edge}" stroke-width="{mark.weight:g}"{dash}/>'
        )
    if mark.cross:
        parts.append(f'<path d="M5.8 5.8L14.2 14.2M14.2 5.8L5.8 14.2" stroke="{edge}" stroke-width="{mark.weight:g}"/>')
    if mark.ring:
        parts.append(f'<circle cx="10" cy="10" r="{r + 3:g}" fill="none" stroke="{edge}" stroke-width="1.2"/>')
    return _svg(parts, size)


# The static map's own inks: text, secondary text and land under the states' shading.
PICTURE_INK = "#1f1f1f"
PICTURE_MUTED = "#555555"
PICTURE_LAND = "#eeeeec"
