"""How the map draws a view's incidents, apart from which incidents it holds (``Filters``): a change
of basemap or colouring redraws the map and never rebuilds the view."""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.reference.vocab import FIRMEST_MEASURE
from geo.style.basemaps import DEFAULT_BASEMAP
from geo.style.palette import DEFAULT_COLOUR_BY


@dataclass(frozen=True)
class MapSettings:
    # The state measure shaded: where no link is rated, incident counts (``Dataset.measure_for``).
    measure: str = FIRMEST_MEASURE
    basemap: str = DEFAULT_BASEMAP
    colour: str = DEFAULT_COLOUR_BY  # what the marks' colour says: crime type or attribution level

    def only(self, **changes: object) -> MapSettings:
        return replace(self, **changes)
