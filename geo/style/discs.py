"""Counted discs: views too large to draw incident by incident count their incidents per area.

A disc's slices are the shares by crime type or by attribution level; with crime-type slices of
rated data, a ring around the disc shows, as a dark arc, the share at the firm levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.reference.vocab import ATTRIBUTION_LEVELS, crime_type_label
from geo.style.inks import ATTRIBUTION_COLOURS, OTHER_TYPE_COLOUR
from geo.style.palette import DEFAULT_COLOUR_BY, TypePalette

FIRM_LEVELS = ("convicted", "charged")
CELL_HEADING = "Areas with many incidents"
CRIME_TYPE_HEADING = "Crime type"
# Pixels between cell centres at the zoom each cell size is designed for; discs' radii in pixels
# (``geo.map.cells.disc_radius``: the largest, the smallest, and the margin kept inside a cell), and
# the least gap between two discs, below which they are merged into one.
CELL_SPACING = 45
# Above this many incidents in view, single marks pile up at national and state scale (a city's
# 3,000 look as busy as a town's 300): the page counts them in discs until points start, the
# pictures in hexagons.
COUNTED_ABOVE = 3_000
DISC_SIZES = {"most": 26.0, "least": 5.5, "edge": 1.5}
DISC_GAP = 2.0


@dataclass(frozen=True)
class Slice:
    label: str
    colour: str


@dataclass(frozen=True)
class DiscStyle:
    """How discs are drawn and explained: slice colours by level and by type (the types
    ``geo.map.cells.type_codes`` indexes: shown ones, then the rest as one), the firm levels'
    positions, and the legend's wording."""

    colour_by: str
    rated: bool
    levels: tuple[Slice, ...]
    types: tuple[Slice, ...]
    firm: tuple[int, ...]
    ring_label: str
    title: str = CELL_HEADING
    level_slices: str = (
        "Each disc counts the incidents in its area (its state, at national zoom); its slices are the shares at "
        "each attribution level (colours below)."
    )
    type_slices: str = (
        "Each disc counts the incidents in its area (its state, at national zoom); its slices are the shares of "
        "each crime type (colours below)."
    )
    hint: str = "Hover or tap a disc for its full split; zoom in for single incidents."

    @property
    def slices(self) -> tuple[Slice, ...]:
        """The slices discs are cut into."""
        return self.levels if self.colour_by == "attribution" else self.types

    @property
    def slices_text(self) -> str:
        return self.level_slices if self.colour_by == "attribution" else self.type_slices

    def to_json(self) -> dict:
        return {
            "colourBy": self.colour_by,
            "rated": self.rated,
            "levels": [{"label": s.label, "colour": s.colour} for s in self.levels],
            "types": [{"label": s.label, "colour": s.colour} for s in self.types],
            "firm": list(self.firm),
            "sizes": DISC_SIZES,
            "title": self.title,
            "levelTitle": "Attribution",
            "typeTitle": CRIME_TYPE_HEADING,
            "levelSlices": self.level_slices,
            "typeSlices": self.type_slices,
            "ringLabel": self.ring_label,
            "hint": self.hint,
        }


def disc_style(palette: TypePalette, colour_by: str = DEFAULT_COLOUR_BY, rated: bool = True) -> DiscStyle:
    """Data that rates no link (``rated`` false) gets no ring, and no split by level."""
    types = tuple(Slice(crime_type_label(key), palette.colours[key]) for key in palette.shown)
    types += (Slice(palette.other_label if palette.others else "Other types", OTHER_TYPE_COLOUR),)
    firm_label = " or ".join(reversed([lv.label.lower() for lv in ATTRIBUTION_LEVELS if lv.key in FIRM_LEVELS]))
    return DiscStyle(
        colour_by=colour_by if rated else DEFAULT_COLOUR_BY,
        rated=rated,
        levels=tuple(Slice(lv.label, ATTRIBUTION_COLOURS[lv.key]) for lv in ATTRIBUTION_LEVELS),
        types=types,
        firm=tuple(i for i, lv in enumerate(ATTRIBUTION_LEVELS) if lv.key in FIRM_LEVELS) if rated else (),
        # The ring's dark arc is the share charged or convicted, beside crime-type slices of rated data.
        ring_label=f"Dark arc of the ring: share {firm_label}" if rated and colour_by != "attribution" else "",
    )
