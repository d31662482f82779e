"""Every colour the tool paints with, named for what it paints.

Nothing outside this package writes a colour: renderers take them from here, the browser runtime
from ``browser_inks`` (prepended to its script) and its stylesheets from ``css_variables``.
"""

from __future__ import annotations

# Crime types take these colours by rank (largest first): Okabe-Ito and Tol colours chosen so every
# pair, and each against OTHER_TYPE_COLOUR, differs by at least 9.9 in CAM02-UCS with normal vision
# and simulated deuteranopia, protanopia and tritanopia (tests/geo/style/test_inks.py), and none is too
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
# The rim of the firmest marks, and the colour a legend draws a level's sample in when marks are
# coloured by crime type.
SOLID_RIM = "#222222"
LEGEND_SAMPLE = "#555555"

# States: the outline, a selected state's outline, the fill of a state with no value, and the
# choropleth's colours.
STATE_OUTLINE = "#8c8c8c"
SELECTED_OUTLINE = "#111111"
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

# Paper and text: the backdrop every mark sits on, text, secondary text, hairlines and panels.
PAPER = "#ffffff"
INK = "#1f1f1f"
MUTED = "#555555"
FAINT = "#4d4d4d"
HAIRLINE = "#d6d6d6"
SWATCH_EDGE = "#9a9a9a"
PANEL = "#f2f2f2"
FOCUS = "#1a5fb4"
WATER = "#dfe6ea"
# The static map's land under the states' shading, and its state lines over a density layer.
LAND = "#eeeeec"
LAND_OUTLINE = "#6f6f6f"

# Marks placed at a city, county or state centre: a dashed ring in this edge, faintly filled.
HALO_EDGE = "#444444"
# Counted discs: their edge, the ring's dark arc (firm levels) and the rest of it, and the grey of a
# disc in months played back (slices are not counted month by month).
DISC_EDGE = "#3b3b3b"
RING_FIRM = "#1a1a1a"
RING_REST = "#d4d4d4"
PLAYBACK_DISC = "#5b5b5b"
SIZE_KEY_FILL = "#e8e8e8"
# A changed mark's badge: a white disc with the change's arrow in this ink.
CHANGE_INK = "#1f1f1f"
# The app's own widgets: a timeline's brush, and text Streamlit draws too faint.
BRUSH = "#333333"
WIDGET_TEXT = "#31333f"
WIDGET_HINT = "#4d5160"


def browser_inks() -> dict[str, str]:
    """The inks the Leaflet runtime paints canvases and SVG with (``L.Atlas.inks``)."""
    return {
        "paper": PAPER,
        "sample": LEGEND_SAMPLE,
        "swatchEdge": SWATCH_EDGE,
        "selected": SELECTED_OUTLINE,
        "halo": HALO_EDGE,
        "discEdge": DISC_EDGE,
        "ringFirm": RING_FIRM,
        "ringRest": RING_REST,
        "playback": PLAYBACK_DISC,
        "focus": FOCUS,
    }


def css_variables() -> str:
    """The same inks as CSS custom properties, for the runtime's and the reader page's stylesheets."""
    names = {
        "paper": PAPER,
        "ink": INK,
        "muted": MUTED,
        "faint": FAINT,
        "hairline": HAIRLINE,
        "swatch-edge": SWATCH_EDGE,
        "panel": PANEL,
        "focus": FOCUS,
        "water": WATER,
        "halo": HALO_EDGE,
        "disc-edge": DISC_EDGE,
        "ring-firm": RING_FIRM,
        "ring-rest": RING_REST,
        "size-key": SIZE_KEY_FILL,
        "no-value": NO_VALUE_COLOUR,
        "other": OTHER_TYPE_COLOUR,
        "widget-hint": WIDGET_HINT,
    }
    return ":root { " + " ".join(f"--atlas-{name}: {colour};" for name, colour in names.items()) + " }\n"
