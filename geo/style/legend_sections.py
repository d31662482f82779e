"""The incident legend's sections and wording, as every renderer draws them.

Wording that names what incidents are attributed to comes from the dataset's subject: an imported
year of shootings is never described in the words of the gang story.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.reference.vocab import ATTRIBUTION_LEVELS, crime_type_label
from geo.style.discs import CRIME_TYPE_HEADING
from geo.style.inks import ATTRIBUTION_COLOURS, OTHER_TYPE_COLOUR
from geo.style.inks import LEGEND_SAMPLE as SAMPLE
from geo.style.marks import HALO, MARKS, Mark
from geo.style.palette import DEFAULT_COLOUR_BY, TypePalette

# Said once, in the legend, of data that rates no link: its marks are plain dots, with no levels.
UNRATED_NOTE = "This data does not record who links each incident to a group, or how firmly."


def attribution_heading(subject: str) -> str:
    return f"How the link to {subject} is established" if subject else "How firmly each link is established"


@dataclass(frozen=True)
class LegendLevel:
    key: str
    label: str
    definition: str
    mark: Mark
    colour: str  # the colour its sample is drawn in

    def to_json(self, coloured: bool) -> dict:
        """``coloured``: marks take the level's colour (else their crime type's)."""
        return {
            "key": self.key,
            "label": self.label,
            "definition": self.definition,
            "style": self.mark.to_json(),
            "colour": self.colour if coloured else None,
        }


@dataclass(frozen=True)
class Legend:
    """The incident legend's sections in order. With ``colour_by`` "attribution" the levels carry
    the colours and there is no crime-type section."""

    attribution_heading: str
    levels: tuple[LegendLevel, ...]
    crime_heading: str
    crime_types: tuple[tuple[str, str], ...]  # (label, colour); "Other (N types)" last when grouped
    colour_by: str = DEFAULT_COLOUR_BY
    halo_label: str = HALO.label
    unrated_note: str = ""  # instead of the levels, for data that rates no link

    def to_json(self) -> dict:
        by_level = self.colour_by == "attribution"
        return {
            "attributionTitle": self.attribution_heading,
            "attribution": [level.to_json(by_level) for level in self.levels],
            "unratedNote": self.unrated_note,
            "crimeTitle": self.crime_heading,
            "crimeTypes": [{"label": label, "colour": colour} for label, colour in self.crime_types],
            "haloLabel": self.halo_label,
            "halo": HALO.to_json(),
            "sample": SAMPLE,
        }


def level_marks(colour_by: str = DEFAULT_COLOUR_BY) -> tuple[LegendLevel, ...]:
    """Each level's label, definition, mark and colour, in the vocabulary's order: the browser
    indexes them."""
    by_level = colour_by == "attribution"
    return tuple(
        LegendLevel(lv.key, lv.label, lv.definition, MARKS[lv.key], ATTRIBUTION_COLOURS[lv.key] if by_level else SAMPLE)
        for lv in ATTRIBUTION_LEVELS
    )


def legend(palette: TypePalette, heading: str, colour_by: str = DEFAULT_COLOUR_BY, rated: bool = True) -> Legend:
    """``heading`` names what the marks' attribution is to (see ``attribution_heading``); data that
    rates no link (``rated`` false) gets no levels, only ``UNRATED_NOTE``, and marks coloured by type."""
    types = tuple((crime_type_label(key), palette.colours[key]) for key in palette.shown)
    if palette.others:
        types += ((palette.other_label, OTHER_TYPE_COLOUR),)
    if not rated:
        return Legend("", (), CRIME_TYPE_HEADING, types, DEFAULT_COLOUR_BY, unrated_note=UNRATED_NOTE)
    by_level = colour_by == "attribution"
    return Legend(heading, level_marks(colour_by), CRIME_TYPE_HEADING, () if by_level else types, colour_by)
