"""The runtime's concepts as folium elements: each renders ``new L.Atlas.<Class>(...)`` added to the
map or to the view's group, with its arguments as JSON made by ``geo.support.encode``.

As folium gives each Leaflet concept a class, so here: the Python side names a typed element,
never a function by string. The target is named at render time: streamlit-folium renames the group
when it extracts it, and snapshots renumber every element.
"""

from __future__ import annotations

from typing import ClassVar

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.style.legend_sections import Legend
from geo.support.encode import script_json


class Verbatim(Element):
    """Text that already is what the page needs, put in as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class AsText(MacroElement):
    """A macro element whose rendered parts join the page as the text they are. Branca compiles each
    part as a Jinja template first: on a map's megabytes of JSON most of a render, and on folium's
    own map, tiles and groups a sixth of a small map's build. Listed after folium's class among the
    bases, so that folium's own ``render`` (its scripts, styles and includes) still runs first."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(Verbatim(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            # A plain macro element folium adds by itself (a layer's "add to its parent") is text too.
            if isinstance(child, MacroElement) and type(child).render is MacroElement.render:
                AsText.render(child, **kwargs)
            else:
                child.render(**kwargs)


class Tiles(folium.TileLayer, AsText):
    """folium's tile layer, rendered as text."""


class Group(folium.FeatureGroup, AsText):
    """folium's feature group, rendered as text."""


class AtlasElement(AsText):
    js_class: ClassVar[str]
    on_map: ClassVar[bool]  # added to the map itself, else to the group holding it

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = new L.Atlas.{{ this.js_class }}({{ this.argument_list() }})"
        ".addTo({{ this.target_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, *arguments: str) -> None:
        super().__init__()
        self._name = f"atlas_{self.js_class.lower()}"
        self.arguments = ", ".join(arguments)

    def argument_list(self) -> str:
        return self.arguments

    def target_name(self) -> str:
        node = self._parent
        while self.on_map and not isinstance(node, folium.Map):
            node = node._parent
        return node.get_name()


class StateOutlines(AtlasElement):
    """The states from the runtime's ``outlines.js``; ``base``: outline, no-value fill, home bounds."""

    js_class, on_map = "States", True

    def __init__(self, base: dict) -> None:
        super().__init__("L.Atlas.outlines", script_json(base))


class MapLegend(AtlasElement):
    js_class, on_map = "Legend", True

    def __init__(self, legend: Legend) -> None:
        super().__init__(script_json(legend.to_json()))


class Shading(AtlasElement):
    """A view's choropleth (``geo.map.payload.choropleth_spec``), painted on the states."""

    js_class, on_map = "Shading", False

    def __init__(self, spec: dict) -> None:
        super().__init__(script_json(spec))


class Incidents(AtlasElement):
    """A view's incidents (``geo.map.payload.incident_payload``): discs, marks, playback."""

    js_class, on_map = "Incidents", False

    def __init__(self, payload: dict) -> None:
        super().__init__(script_json(payload))


class PlaceLabels(AtlasElement):
    js_class, on_map = "Labels", False

    def __init__(self, labels: list[dict]) -> None:
        super().__init__(script_json(labels))


class WholeView(AtlasElement):
    """A button back to the view as first shown (the selected states, else the country)."""

    js_class, on_map = "WholeView", True


class Found(AtlasElement):
    """A ring at what a search chose, in the app (told by streamlit-folium) or on a reader's page."""

    js_class, on_map = "Found", True


def _element(element_id: str) -> str:
    return f"document.getElementById({script_json(element_id)})"


class IncidentList(AtlasElement):
    """A reader's page: the table of every incident, in the element of this id."""

    js_class, on_map = "IncidentList", True

    def __init__(self, element_id: str) -> None:
        super().__init__(_element(element_id))


class ReaderSearch(AtlasElement):
    """A reader's page: its search form, of this id."""

    js_class, on_map = "Search", True

    def __init__(self, element_id: str) -> None:
        super().__init__(_element(element_id))


class ReaderPage(AtlasElement):
    """A reader's page: the legend below the map, in the element of this id, on a narrow screen."""

    js_class, on_map = "ReaderPage", True

    def __init__(self, element_id: str, legend: MapLegend) -> None:
        super().__init__(_element(element_id))
        self.legend = legend

    def argument_list(self) -> str:
        return f"{self.arguments}, {self.legend.get_name()}"
