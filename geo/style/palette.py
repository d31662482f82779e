"""Crime-type colours: fixed per dataset by its whole ranking, so every view of it agrees."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.reference.vocab import CRIME_TYPES
from geo.style.inks import OTHER_TYPE_COLOUR, TYPE_COLOURS

# A legend can list this many crime types; more are grouped as "Other (N types)" in one colour.
MAX_TYPE_COLOURS = 8
COLOUR_BY = {"type": "Crime type", "attribution": "Attribution level"}
DEFAULT_COLOUR_BY = "type"


@dataclass(frozen=True)
class TypePalette:
    """Colours for a dataset's crime types: the largest ``MAX_TYPE_COLOURS`` by count get their own
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
    """A dataset's palette from its counts: the largest ``MAX_TYPE_COLOURS`` types take
    ``TYPE_COLOURS`` in order; a single type left over keeps its own legend line in the "Other"
    grey, several are grouped."""
    order = {term.key: i for i, term in enumerate(CRIME_TYPES)}
    ranked = sorted(dict(counts), key=lambda key: (-int(counts[key]), order.get(key, len(order)), key))
    cut = len(ranked) if len(ranked) <= MAX_TYPE_COLOURS + 1 else MAX_TYPE_COLOURS
    shown, others = ranked[:cut], ranked[cut:]
    colours = dict(zip(shown, (*TYPE_COLOURS, OTHER_TYPE_COLOUR), strict=False))
    colours.update({key: OTHER_TYPE_COLOUR for key in others})
    return TypePalette(colours, tuple(shown), tuple(others))
