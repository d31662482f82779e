"""How every map looks: marks, colours, basemaps and legend wording, read by the Leaflet map and the
matplotlib renderer alike, so the page, the PNG and the SVG never drift apart.

Wording that names what incidents are attributed to comes from the dataset's subject: an imported
year of shootings is never described in the words of the gang story.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def to_json(self) -> dict:
        return {
            "fillOpacity": self.fill_opacity,
            "weight": self.weight,
            "dash": self.dash,
            "cross": self.cross,
            "stroke": self.rim,
        }


SOLID_RIM = "#222222"
MARKS: dict[str, Mark] = {
    "convicted": Mark(1.0, 3.0, rim=SOLID_RIM),
    "charged": Mark(1.0, 1.5, rim=SOLID_RIM),
    "law_enforcement": Mark(0.35, 2.0),
    "reported": Mark(0.0, 2.0),
    "claimed": Mark(0.0, 2.0, dash="4 3"),
    "disputed": Mark(0.0, 2.0, dash="2 3", cross=True),
    "unrated": Mark(0.15, 1.0, dash="1 2"),
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
    """The incident legend's sections in order, as both renderers draw them."""

    attribution_heading: str
    levels: tuple[LegendLevel, ...]
    crime_heading: str
    crime_types: tuple[tuple[str, str, str], ...]  # (key, label, colour)
    halo_label: str = HALO_LABEL

    def to_json(self) -> dict:
        return {
            "attributionTitle": self.attribution_heading,
            "attribution": attribution_styles(),
            "crimeTitle": self.crime_heading,
            "crimeTypes": [{"label": label, "colour": colour} for _, label, colour in self.crime_types],
            "haloLabel": self.halo_label,
        }


def attribution_styles() -> list[dict]:
    """Each level's label, definition and mark, in the vocabulary's order (the browser indexes it)."""
    return [
        {"key": level.key, "label": level.label, "definition": level.definition, "style": MARKS[level.key].to_json()}
        for level in ATTRIBUTION_LEVELS
    ]


def legend(crime_types: list[str], heading: str) -> Legend:
    """``heading`` names what the marks' attribution is to (see ``attribution_heading``)."""
    colours = crime_type_colours(crime_types)
    return Legend(
        attribution_heading=heading,
        levels=tuple(LegendLevel(lv.key, lv.label, lv.definition, MARKS[lv.key]) for lv in ATTRIBUTION_LEVELS),
        crime_heading=CRIME_TYPE_HEADING,
        crime_types=tuple((key, crime_type_label(key), colours[key]) for key in crime_types),
    )
