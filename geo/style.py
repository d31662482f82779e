"""How every map looks: marks, colours, basemaps and legend wording, read by the Leaflet map and the
matplotlib renderer alike, so the page, the PNG and the SVG never drift apart.

Wording that names what incidents are attributed to comes from the dataset's subject: an imported
year of shootings is never described in the words of the gang story.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.vocab import ATTRIBUTION_LEVELS, crime_type_label


@dataclass(frozen=True)
class Mark:
    """How an incident's mark says how firmly its attribution is established: fill, outline, dash, cross.

    ``rim`` is an outline colour used instead of the crime-type colour (solid marks get a dark rim so
    their fill still reads on any background); ``dash`` is an SVG/canvas dash pattern in pixels.
    """

    fill_opacity: float
    weight: float
    dash: str | None = None
    cross: bool = False
    rim: str | None = None
    scale: float = 1.0  # of the standard mark's size

    def to_json(self) -> dict:
        return {
            "fillOpacity": self.fill_opacity,
            "weight": self.weight,
            "dash": self.dash,
            "cross": self.cross,
            "stroke": self.rim,
            "scale": self.scale,
        }


SOLID_RIM = "#222222"
MARKS: dict[str, Mark] = {
    "convicted": Mark(1.0, 3.0, rim=SOLID_RIM),
    "charged": Mark(1.0, 1.5, rim=SOLID_RIM),
    "law_enforcement": Mark(0.35, 2.0),
    "reported": Mark(0.0, 2.0),
    "claimed": Mark(0.0, 2.0, dash="4 3"),
    "disputed": Mark(0.0, 2.0, dash="2 3", cross=True),
    # Unrated (the default for imported data) is a plain small dot: visible, and claiming nothing.
    "unrated": Mark(1.0, 0.0, scale=0.6),
}

# Okabe-Ito and Tol colours: distinguishable with the common colour-vision deficiencies.
CRIME_TYPE_COLOURS: dict[str, str] = {
    "homicide": "#D55E00",
    "shooting": "#CC79A7",
    "kidnapping": "#882255",
    "sex_trafficking": "#E69F00",
    "extortion": "#0072B2",
    "theft": "#56B4E9",
    "drugs": "#009E73",
    "weapons": "#44AA99",
    "organized_crime": "#332288",
    "gang_membership": "#777777",
}
# Types a dataset adds get these colours in order of first appearance, then OTHER_TYPE_COLOUR.
EXTRA_TYPE_COLOURS = ("#999933", "#117733", "#AA4499", "#DDCC77", "#6699CC", "#661100")
OTHER_TYPE_COLOUR = "#444444"

# States: the outline, the fill of a state with no value, and the choropleth's colours.
STATE_OUTLINE = "#8c8c8c"
NO_VALUE_COLOUR = "#f4f4f2"
# Light, muted colours so the incident marks on top stay the loudest thing on the map.
CATEGORY_COLOURS = ("#b9a8d6", "#a6cee3", "#fdbf6f", "#b2df8a", "#d9d9d9", "#fb9a99")
# A stretch of branca's Purples ramp that skips its near-white start: the lightest class reads as 'some'.
RAMP_NAME = "Purples_09"
RAMP_RANGE = (0.2, 0.75)
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


def crime_type_colours(keys: list[str]) -> dict[str, str]:
    """Known types keep their colour; new types from data get the extra palette in order."""
    extras = iter(EXTRA_TYPE_COLOURS)
    return {key: CRIME_TYPE_COLOURS.get(key) or next(extras, OTHER_TYPE_COLOUR) for key in keys}


# A legend can list this many crime types; more are grouped as "Other (N types)" in one colour.
MAX_TYPE_COLOURS = 8
# Marks coloured by attribution level instead (the mark's shape says the level too): strongest darkest.
ATTRIBUTION_COLOURS: dict[str, str] = {
    "convicted": "#08306B",
    "charged": "#2171B5",
    "law_enforcement": "#6A51A3",
    "reported": "#D94801",
    "claimed": "#C51B7D",
    "disputed": "#8C510A",
    "unrated": "#737373",
}
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


def type_palette(counts: dict[str, int] | pd.Series) -> TypePalette:
    """The same rule for the app (its dataset's counts) and a snapshot (the counts it shows)."""
    order = {key: i for i, key in enumerate(CRIME_TYPE_COLOURS)}
    ranked = sorted(dict(counts), key=lambda key: (-int(counts[key]), order.get(key, len(order)), key))
    cut = len(ranked) if len(ranked) <= MAX_TYPE_COLOURS + 1 else MAX_TYPE_COLOURS
    shown, others = ranked[:cut], ranked[cut:]
    taken = {CRIME_TYPE_COLOURS[key] for key in shown if key in CRIME_TYPE_COLOURS}
    free = iter([c for c in (*CRIME_TYPE_COLOURS.values(), *EXTRA_TYPE_COLOURS) if c not in taken])
    colours = {key: CRIME_TYPE_COLOURS.get(key) or next(free, OTHER_TYPE_COLOUR) for key in shown}
    colours.update({key: OTHER_TYPE_COLOUR for key in others})
    return TypePalette(colours, tuple(shown), tuple(others))


def attribution_heading(subject: str) -> str:
    return f"How the link to {subject} is established"


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

    def to_json(self) -> dict:
        return {
            "attributionTitle": self.attribution_heading,
            "attribution": attribution_styles(self.colour_by),
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


def legend(palette: TypePalette, heading: str, colour_by: str = DEFAULT_COLOUR_BY) -> Legend:
    """``heading`` names what the marks' attribution is to (see ``attribution_heading``)."""
    by_level = colour_by == "attribution"
    types = tuple((crime_type_label(key), palette.colours[key]) for key in palette.shown)
    if palette.others:
        types += ((palette.other_label, OTHER_TYPE_COLOUR),)
    return Legend(
        attribution_heading=heading,
        levels=tuple(LegendLevel(lv.key, lv.label, lv.definition, MARKS[lv.key]) for lv in ATTRIBUTION_LEVELS),
        level_colours={lv.key: ATTRIBUTION_COLOURS[lv.key] if by_level else LEGEND_SAMPLE for lv in ATTRIBUTION_LEVELS},
        crime_heading=CRIME_TYPE_HEADING,
        crime_types=() if by_level else types,
        colour_by=colour_by,
    )
