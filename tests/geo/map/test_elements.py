import folium

from geo.map.elements import Incidents, MapLegend, ReaderPage, StateOutlines
from geo.style.legend_sections import legend
from geo.style.palette import type_palette


def test_elements_are_added_to_the_map_or_to_the_group_they_sit_in():
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="layers")
    StateOutlines({"fill": "x"}).add_to(fmap)
    marks = MapLegend(legend(type_palette({"theft": 1}), "How")).add_to(fmap)
    Incidents({"n": 0}).add_to(group)
    group.add_to(fmap)
    ReaderPage("legend-below", marks).add_to(fmap)
    script = fmap.get_root().render()
    assert f'new L.Atlas.States(L.Atlas.outlines, {{"fill":"x"}}).addTo({fmap.get_name()});' in script
    assert f'new L.Atlas.Incidents({{"n":0}}).addTo({group.get_name()});' in script
    assert f'new L.Atlas.ReaderPage(document.getElementById("legend-below"), {marks.get_name()})' in script


def test_text_reaches_the_page_as_json_never_as_script():
    fmap = folium.Map(tiles=None)
    Incidents({"title": "</script><script>alert(1)</script>"}).add_to(fmap)
    assert "</script><script>alert(1)" not in fmap.get_root().render()
